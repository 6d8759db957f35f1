#include "cli/verbs/design.h"

#include "cli/app.h"
#include "cli/driver.h"
#include "cli/io.h"
#include "codegen/report/design_text.h"
#include "codegen/report/layout_json.h"

namespace model::cli {

int Design(const DesignOptions& options, std::ostream& out, std::ostream& err) {
  Compilation compilation(options.file, err);
  const KeyLayout* layout = compilation.Derive();
  if (!layout) return compilation.exit_code();
  const Model& m = *compilation.Load();
  std::string text =
      options.format == "json" ? RenderLayoutJson(m, *layout) : RenderDesign(m, *layout);
  if (!EmitDocument(options.output, text, out, err)) return kExitIo;
  return kExitOk;
}

}  // namespace model::cli
