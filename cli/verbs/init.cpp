#include "cli/verbs/init.h"

#include <fmt/format.h>

#include <filesystem>
#include <system_error>

#include "cli/app.h"
#include "cli/io.h"
#include "model/load/json_schema.h"
#include "model/load/starter.h"

namespace model::cli {

namespace fs = std::filesystem;

int Init(const InitOptions& options, std::ostream& out, std::ostream& err) {
  std::error_code ec;
  if (fs::is_directory(options.file, ec)) {
    err << fmt::format(
        "model: error: '{}' is a directory; give the model file's name, e.g. 'model init {}'\n",
        options.file, (fs::path(options.file) / "model.yaml").string());
    return kExitUsage;
  }
  if (!options.force && fs::exists(options.file, ec)) {
    err << fmt::format("model: error: '{}' already exists; pass --force to overwrite it\n",
                       options.file);
    return kExitUsage;
  }
  // The schema the starter's `$schema` comment names, beside the model; an existing one is kept
  // (it is most likely an earlier `model init`'s) unless --force.
  fs::path schema = fs::path(options.file).parent_path() / kStarterSchemaFile;
  bool write_schema = options.force || !fs::exists(schema, ec);
  std::string error;
  if (!WriteFileAtomically(options.file, load::StarterModel(), error) ||
      (write_schema && !WriteFileAtomically(schema.string(), load::ModelJsonSchema(), error))) {
    err << "model: error: " << error << "\n";
    return kExitIo;
  }
  if (write_schema)
    out << fmt::format("wrote {} and {}; next: model design {}\n", options.file, schema.string(),
                       options.file);
  else
    out << fmt::format("wrote {}; next: model design {}\n", options.file, options.file);
  return kExitOk;
}

}  // namespace model::cli
