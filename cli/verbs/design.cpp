#include "cli/verbs/design.h"

#include <string>
#include <vector>

#include "cli/app.h"
#include "cli/driver.h"
#include "cli/io.h"
#include "codegen/report/design_compare.h"
#include "codegen/report/design_text.h"
#include "codegen/report/layout_json.h"

namespace model::cli {

namespace {

int Compare(const DesignOptions& options, Compilation& first, std::ostream& out,
            std::ostream& err) {
  Compilation second(options.compare, err);
  const KeyLayout* other = second.Derive();
  if (!other) return second.exit_code();
  ComparedDesign a{first.Load(), first.Derive(), first.name()};
  ComparedDesign b{second.Load(), other, second.name()};
  std::vector<std::string> mismatches = CompareMismatches(a, b);
  if (!mismatches.empty()) {
    for (const auto& m : mismatches) err << "model: error: cannot compare: " << m << "\n";
    err << "model: error: --compare needs two models of the same entities, access patterns and "
           "write patterns (the keys, indexes and rates may differ)\n";
    return kExitModelError;
  }
  std::string text =
      options.format == "json" ? RenderDesignComparisonJson(a, b) : RenderDesignComparison(a, b);
  if (!EmitDocument(options.output, text, out, err)) return kExitIo;
  return kExitOk;
}

}  // namespace

int Design(const DesignOptions& options, std::ostream& out, std::ostream& err) {
  Compilation compilation(options.file, err);
  const KeyLayout* layout = compilation.Derive();
  if (!layout) return compilation.exit_code();
  if (!options.compare.empty()) return Compare(options, compilation, out, err);
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
