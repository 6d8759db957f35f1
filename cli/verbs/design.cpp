#include "cli/verbs/design.h"

#include <fmt/format.h>

#include <string>
#include <vector>

#include "cli/app.h"
#include "cli/driver.h"
#include "cli/io.h"
#include "codegen/report/design_compare.h"
#include "codegen/report/design_text.h"
#include "codegen/report/layout_json.h"
#include "model/base/diagnostics.h"

namespace model::cli {

namespace {

// E604: `second` declares no pattern `first` does (by name and kind), so there is nothing to
// compare. The error points at the second model's first pattern, a note at the first model's.
void ReportNothingInCommon(Compilation& first, Compilation& second, std::ostream& err) {
  const Model& ma = *first.Load();
  const Model& mb = *second.Load();
  auto first_pattern = [](const Model& m) {
    if (!m.access_patterns.empty()) return m.access_patterns.front().range;
    if (!m.write_patterns.empty()) return m.write_patterns.front().range;
    return SourceRange{};
  };
  Diagnostics diags(second.file());
  FileId first_file = diags.sources().Add(first.file());
  Diagnostic& d = diags.Error(
      DiagId::kNothingToCompare, first_pattern(mb),
      fmt::format("{} declares none of the access and write patterns of {} (compared by name and "
                  "kind), so --compare has no pattern to compare",
                  second.name(), first.name()));
  SourceRange there = first_pattern(ma);
  there.file = first_file;
  Diagnostics::Note(d, there, fmt::format("{}'s patterns start here", first.name()));
  err << diags.Render(RenderOptions{ColorDiagnostics(err)});
}

int Compare(const DesignOptions& options, Compilation& first, std::ostream& out,
            std::ostream& err) {
  Compilation second(options.compare, err);
  const KeyLayout* other = second.Derive();
  if (!other) return second.exit_code();
  ComparedDesign a{first.Load(), first.Derive(), first.name()};
  ComparedDesign b{second.Load(), other, second.name()};
  if (CompareScopeOf(a, b).common == 0) {
    ReportNothingInCommon(first, second, err);
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
