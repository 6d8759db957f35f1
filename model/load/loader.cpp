#include "model/load/loader.h"

#include "model/load/analyze.h"
#include "model/load/yaml_read.h"
#include "model/load/yaml_tree.h"

namespace model::load {

std::optional<Model> LoadModel(const SourceFile& file, Diagnostics& diags) {
  int errors_before = diags.ErrorCount();
  std::optional<YamlTree> tree = ParseYaml(file, diags);
  if (!tree || diags.ErrorCount() > errors_before) return std::nullopt;
  ModelDecl decl = ReadModelDecl(*tree, diags);
  if (diags.ErrorCount() > errors_before) return std::nullopt;
  return CheckModel(decl, file.path(), diags);
}

}  // namespace model::load
