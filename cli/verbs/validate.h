// `model validate FILE`: load the model, report every problem, and summarise it when it is valid.
#pragma once

#include <ostream>
#include <string>

namespace model::cli {

struct ValidateOptions {
  std::string file;
};

// Exit 0 when the model loads (warnings allowed), 1 when it has errors, 3 when unreadable.
int Validate(const ValidateOptions& options, std::ostream& out, std::ostream& err);

}  // namespace model::cli
