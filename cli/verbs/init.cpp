#include "cli/verbs/init.h"

#include <fmt/format.h>

#include <filesystem>
#include <system_error>

#include "cli/app.h"
#include "cli/io.h"
#include "model/load/starter.h"

namespace model::cli {

int Init(const InitOptions& options, std::ostream& out, std::ostream& err) {
  std::error_code ec;
  if (!options.force && std::filesystem::exists(options.file, ec)) {
    err << fmt::format("model: error: '{}' already exists; pass --force to overwrite it\n", options.file);
    return kExitUsage;
  }
  std::string error;
  if (!WriteFileAtomically(options.file, load::StarterModel(), error)) {
    err << "model: error: " << error << "\n";
    return kExitIo;
  }
  out << fmt::format("wrote {}; next: model design {}\n", options.file, options.file);
  return kExitOk;
}

}  // namespace model::cli
