#include "cli/verbs/export.h"

#include <fmt/format.h>

#include "cli/app.h"
#include "cli/io.h"
#include "cli/load.h"
#include "codegen/export/export.h"
#include "model/base/diagnostics.h"
#include "model/check/table_items.h"
#include "model/derive/derive.h"

namespace model::cli {

std::vector<std::string> ExportKindNames() {
  std::vector<std::string> out;
  for (const codegen::ExportKindInfo& info : codegen::kExportKinds) out.push_back(info.name);
  return out;
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
  LoadedModel loaded = LoadModelFile(options.file, err);
  if (!loaded.model) return loaded.exit_code;
  Diagnostics diags(loaded.file.get());
  std::optional<KeyLayout> layout = derive::DeriveLayout(*loaded.model, diags);
  err << diags.Render();
  if (diags.HasErrors() || !layout) return kExitModelError;

  std::optional<TableItems> items;
  if (codegen::InfoOf(*kind).needs_items) {
    check::CheckOptions check_options;
    check_options.items = options.items;
    check_options.seed = options.seed;
    items = check::TableItemsFor(*loaded.model, *layout, check_options);
  }
  codegen::ExportOptions export_options;
  export_options.yaml = options.format == "yaml";
  std::string text = codegen::RenderExport(*kind, *loaded.model, *layout, items ? &*items : nullptr, export_options);
  if (options.output.empty()) {
    out << text;
    return kExitOk;
  }
  std::string error;
  if (!WriteFileAtomically(options.output, text, error)) {
    err << "model: error: " << error << "\n";
    return kExitIo;
  }
  return kExitOk;
}

}  // namespace model::cli
