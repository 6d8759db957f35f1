#include "cli/verbs/export.h"

#include <fmt/format.h>

#include "cli/app.h"
#include "cli/driver.h"
#include "cli/io.h"
#include "model/check/table_items.h"

namespace model::cli {

std::vector<std::string> ExportKindNames() {
  std::vector<std::string> out;
  for (const codegen::ExportKindInfo& info : codegen::kExportKinds) out.push_back(info.name);
  return out;
}

std::string ExportText(const Model& model, const KeyLayout& layout, codegen::ExportKind kind,
                       const ExportVerbOptions& options) {
  std::optional<TableItems> items;
  if (codegen::InfoOf(kind).needs_items) {
    check::CheckOptions check_options;
    check_options.items = options.items;
    check_options.seed = options.seed;
    items = check::TableItemsFor(model, layout, check_options);
  }
  codegen::ExportOptions export_options;
  export_options.yaml = options.format == "yaml";
  return codegen::RenderExport(kind, model, layout, items ? &*items : nullptr, export_options);
}

int Export(const ExportVerbOptions& options, std::ostream& out, std::ostream& err) {
  auto kind = codegen::ParseExportKind(options.to);
  if (!kind) {
    err << fmt::format("model: error: unknown export kind '{}'\n", options.to);
    return kExitUsage;
  }
  if (options.format == "yaml" && *kind != codegen::ExportKind::kCloudFormation) {
    err << "model: error: --format yaml applies to --to cloudformation only\n";
    return kExitUsage;
  }
  Compilation compilation(options.file, err);
  const KeyLayout* layout = compilation.Derive();
  if (!layout) return compilation.exit_code();
  std::string text = ExportText(*compilation.Load(), *layout, *kind, options);
  if (!EmitDocument(options.output, text, out, err)) return kExitIo;
  return kExitOk;
}

}  // namespace model::cli
