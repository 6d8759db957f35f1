// `model init [FILE] [--force]`: write a small commented starter model (load/starter.h).
#pragma once

#include <ostream>
#include <string>

namespace model::cli {

struct InitOptions {
  std::string file = "model.yaml";
  bool force = false;  // overwrite an existing file
};

// Exit 0 when written, 2 when the file exists and --force was not given, 3 when it cannot be
// written.
int Init(const InitOptions& options, std::ostream& out, std::ostream& err);

}  // namespace model::cli
