#include "cli/load.h"

#include "cli/app.h"
#include "cli/io.h"
#include "model/base/diagnostics.h"
#include "model/load/loader.h"

namespace model::cli {

LoadedModel LoadModelFile(const std::string& path, std::ostream& err) {
  LoadedModel loaded;
  std::string error;
  auto text = ReadTextFile(path, error);
  if (!text) {
    err << "model: error: " << error << "\n";
    loaded.exit_code = kExitIo;
    return loaded;
  }
  loaded.file = std::make_unique<SourceFile>(path, std::move(*text));
  Diagnostics diags(loaded.file.get());
  loaded.model = load::LoadModel(*loaded.file, diags);
  err << diags.Render();
  if (diags.HasErrors() || !loaded.model) {
    loaded.model.reset();
    loaded.exit_code = kExitModelError;
  }
  return loaded;
}

}  // namespace model::cli
