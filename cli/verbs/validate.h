// `model validate FILE`: load the model and derive its layout (as `design` does), report every
// problem of both phases, and summarise the model when it is valid.
#pragma once

#include <ostream>
#include <string>

namespace model::cli {

struct ValidateOptions {
  std::string file;
};

// Exit 0 when the model loads and derives (warnings allowed), 1 when it has errors, 3 when
// unreadable.
int Validate(const ValidateOptions& options, std::ostream& out, std::ostream& err);

}  // namespace model::cli
