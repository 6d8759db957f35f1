// Loading a model file for a verb: read, parse, check, and report diagnostics.
#pragma once

#include <memory>
#include <optional>
#include <ostream>
#include <string>

#include "model/model.h"
#include "model/base/source.h"

namespace model::cli {

struct LoadedModel {
  std::unique_ptr<SourceFile> file;
  std::optional<Model> model;  // set only when loading found no errors
  int exit_code = 0;           // 0, 1 (model errors) or 3 (could not read)
};

// Reads and checks `path`. Diagnostics (errors and warnings) are rendered to `err`.
LoadedModel LoadModelFile(const std::string& path, std::ostream& err);

}  // namespace model::cli
