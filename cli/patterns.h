// Finding an access or write pattern (or, for `explain`, an aggregate) by the name a user typed
// (`explain NAME`, `check --pattern`), with "did you mean" when the name is unknown.
//
// FindPattern looks the name up exactly among the model's access patterns, then its write
// patterns, then (when `aggregates` is true) its aggregates. When none has it, `closest` holds the
// nearest name among those searched by ClosestMatch (model/base/diagnostics.h), or is empty.
// UnknownPatternError is the one wording of the usage error every verb prints for it:
//
//   model: error: model.yaml has no access pattern or write pattern named 'userpost'; did you mean
//   'userPosts'?
//
// and, when aggregates were searched too, "has no access pattern, write pattern or aggregate
// named ...".
#pragma once

#include <string>
#include <string_view>

#include "model/model.h"

namespace model::cli {

struct PatternMatch {
  const AccessPattern* access = nullptr;     // set when the name is an access pattern
  const WritePattern* write = nullptr;       // set when the name is a write pattern
  const AggregateDecl* aggregate = nullptr;  // set when the name is an aggregate (if searched)
  std::string closest;                       // otherwise: the closest name searched, or empty
  bool found() const { return access != nullptr || write != nullptr || aggregate != nullptr; }
};

PatternMatch FindPattern(const Model& model, std::string_view name, bool aggregates = false);

// The line (ending in a newline) reporting that `file` has no pattern (or, with `aggregates`,
// no aggregate either) named `name`.
std::string UnknownPatternError(std::string_view file, std::string_view name,
                                std::string_view closest, bool aggregates = false);

}  // namespace model::cli
