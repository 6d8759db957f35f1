#include "model/import/workbench.h"

#include "model/import/internal.h"

namespace model::importer {

std::optional<std::string> ImportWorkbench(const SourceFile& file,
                                           const WorkbenchImportOptions& options,
                                           Diagnostics& diags) {
  WbTable table;
  if (!ReadWorkbench(file, options.table, diags, table)) return std::nullopt;
  Draft draft;
  draft.source = file.path();
  if (!InferDraft(table, diags, draft)) return std::nullopt;
  return WriteYaml(draft);
}

}  // namespace model::importer
