#include "cli/verbs/explain.h"

#include "cli/app.h"
#include "cli/driver.h"
#include "cli/io.h"
#include "codegen/report/explain.h"

namespace model::cli {

int Explain(const ExplainOptions& options, std::ostream& out, std::ostream& err) {
  Compilation compilation(options.file, err);
  // The layout's diagnostics come before an unknown pattern's error. An aggregate's name works
  // too: its maintainer, reasons, items and costs.
  const KeyLayout* layout = compilation.Derive();
  if (!layout) return compilation.exit_code();
  if (!options.pattern.empty() && !compilation.RequirePattern(options.pattern, /*aggregates=*/true))
    return compilation.exit_code();
  std::string text = RenderExplanation(*compilation.Load(), *layout,
                                       options.pattern.empty() ? nullptr : &options.pattern);
  if (!EmitDocument(options.output, text, out, err)) return kExitIo;
  return kExitOk;
}

}  // namespace model::cli
