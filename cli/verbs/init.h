// `model init [FILE] [--force]`: write a small commented starter model (load/starter.h) and,
// beside it, the JSON Schema its `$schema` comment names (kStarterSchemaFile), so editors
// complete the model from the start.
#pragma once

#include <ostream>
#include <string>

namespace model::cli {

// The schema file written beside the model; the starter's comment names it.
inline constexpr const char* kStarterSchemaFile = "model.schema.json";

struct InitOptions {
  std::string file = "model.yaml";
  bool force = false;  // overwrite an existing file
};

// Exit 0 when written, 2 when FILE is a directory or exists and --force was not given, 3 when
// it cannot be written. An existing schema file is kept unless --force.
int Init(const InitOptions& options, std::ostream& out, std::ostream& err);

}  // namespace model::cli
