// Finding an access or write pattern by the name a user typed (`explain PATTERN`,
// `check --pattern`), with "did you mean" when the name is unknown.
//
// FindPattern looks the name up exactly among the model's access patterns, then its write
// patterns (names are unique across both; the loader reports duplicates). When neither has it,
// `closest` holds the nearest name by ClosestMatch (model/base/diagnostics.h), or is empty.
// UnknownPatternError is the one wording of the usage error every verb prints for it:
//
//   model: error: model.yaml has no access pattern or write pattern named 'userpost'; did you mean
//   'userPosts'?
#pragma once

#include <string>
#include <string_view>

#include "model/model.h"

namespace model::cli {

struct PatternMatch {
  const AccessPattern* access = nullptr;  // set when the name is an access pattern
  const WritePattern* write = nullptr;    // set when the name is a write pattern
  std::string closest;                    // otherwise: the closest pattern name, or empty
  bool found() const { return access != nullptr || write != nullptr; }
};

PatternMatch FindPattern(const Model& model, std::string_view name);

// The line (ending in a newline) reporting that `file` has no pattern `name`.
std::string UnknownPatternError(std::string_view file, std::string_view name,
                                std::string_view closest);

}  // namespace model::cli
