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
  // The chart fits the terminal it is shown on; written to a file or a pipe, it has the fixed
  // default width, so the same model always gives the same bytes there.
  bool to_out = options.output.empty() || options.output == "-";
  std::size_t width = to_out ? TerminalColumns(out, kDesignWidth) : kDesignWidth;
  std::string text =
      options.format == "json" ? RenderLayoutJson(m, *layout) : RenderDesign(m, *layout, width);
  if (!EmitDocument(options.output, text, out, err)) return kExitIo;
  return kExitOk;
}

}  // namespace model::cli
