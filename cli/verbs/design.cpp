#include "cli/verbs/design.h"

#include "cli/app.h"
#include "cli/driver.h"
#include "codegen/report/design_text.h"
#include "codegen/report/layout_json.h"

namespace model::cli {

int Design(const DesignOptions& options, std::ostream& out, std::ostream& err) {
  Compilation compilation(options.file, err);
  const KeyLayout* layout = compilation.Derive();
  if (!layout) return compilation.exit_code();
  const Model& m = *compilation.Load();
  if (options.format == "json") {
    out << RenderLayoutJson(m, *layout);
  } else {
    out << RenderDesign(m, *layout);
  }
  return kExitOk;
}

}  // namespace model::cli
