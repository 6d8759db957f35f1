#include "codegen/export/export.h"

#include <stdexcept>

namespace model::codegen {

std::optional<ExportKind> ParseExportKind(std::string_view name) {
  for (const ExportKindInfo& info : kExportKinds) {
    if (name == info.name) return info.kind;
  }
  return std::nullopt;
}

const ExportKindInfo& InfoOf(ExportKind kind) {
  for (const ExportKindInfo& info : kExportKinds) {
    if (info.kind == kind) return info;
  }
  throw std::logic_error("unknown export kind");
}

std::string RenderExport(ExportKind kind, const Model& model, const KeyLayout& layout,
                         const TableItems* items, const ExportOptions& options) {
  if (InfoOf(kind).needs_items && !items)
    throw std::logic_error("this export needs the table items");
  switch (kind) {
    case ExportKind::kCreateTable:
      return RenderCreateTable(model, layout);
    case ExportKind::kCloudFormation:
      return RenderCloudFormation(model, layout, options.yaml);
    case ExportKind::kTerraform:
      return RenderTerraform(model, layout);
    case ExportKind::kNoSqlWorkbench:
      return RenderNoSqlWorkbench(model, layout, *items);
    case ExportKind::kMcpJson:
      return RenderMcpJson(model, layout, *items);
    case ExportKind::kMermaid:
      return RenderMermaid(model);
  }
  throw std::logic_error("unknown export kind");
}

}  // namespace model::codegen
