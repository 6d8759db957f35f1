// Key builders and parsers: per item type, its table key from an entity (a history item: of a
// version) and the key read back into its placeholders; per index entry, its index key. They
// render the layout's templates with its encodings through the runtime (model/keys).
#include <string>

#include "codegen/cpp/internal.h"

namespace model::codegen {

void EmitKeys(const Gen& g, std::string& h, std::string& c) {
  h +=
      "// Keys: every item type's table key and index keys, rendered as the layout says; nullopt\n";
  h += "// when a placeholder's attribute is absent (a sparse index entry). Parsers read a key "
       "back.\n";
  for (std::size_t i = 0; i < g.layout.item_types.size(); ++i) {
    const ItemType& t = g.layout.item_types[i];
    const Entity& en = g.model.entities[static_cast<std::size_t>(t.entity)];
    std::string fn = PascalName(t.name);
    std::string ent = EntityName(en);
    bool history = t.role == ItemRole::kHistory;
    h += "// " + t.name + ": " + t.partition_key.ToString() + " / " + t.sort_key.ToString() + "\n";
    h += "std::optional<model::runtime::ItemKey> " + fn + "Key(const " + ent + "& entity" +
         (history ? ", int version" : "") + ");\n";
    h += "std::optional<model::runtime::KeyParts> Parse" + fn +
         "Key(std::string_view partition_key, std::string_view sort_key);\n";
    c += "std::optional<model::runtime::ItemKey> " + fn + "Key(const " + ent + "& entity" +
         (history ? ", int version" : "") + ") {\n";
    c += "  return model::runtime::ItemKeyOf(ModelIr(), LayoutIr(), " + std::to_string(i) +
         ", entity.ToItem()" + (history ? ", version" : "") + ");\n}\n\n";
    c += "std::optional<model::runtime::KeyParts> Parse" + fn +
         "Key(std::string_view partition_key, std::string_view sort_key) {\n";
    c += "  const model::ItemType& type = LayoutIr().item_types[" + std::to_string(i) + "];\n";
    c += "  auto pk = model::runtime::ParseKey(type.partition_key, partition_key);\n";
    c += "  auto sk = model::runtime::ParseKey(type.sort_key, sort_key);\n";
    c += "  if (!pk || !sk) return std::nullopt;\n";
    c += "  pk->insert(sk->begin(), sk->end());\n  return pk;\n}\n\n";
    for (const IndexKeys& ik : t.index_keys) {
      std::string index = g.layout.IndexName(ik.index);
      h += "//   " + index + ": " + ik.partition_key.ToString() + " / " + ik.sort_key.ToString() +
           "\n";
      h += "std::optional<model::runtime::ItemKey> " + fn + PascalName(index) + "Key(const " + ent +
           "& entity);\n";
      c += "std::optional<model::runtime::ItemKey> " + fn + PascalName(index) + "Key(const " + ent +
           "& entity) {\n";
      c += "  return model::runtime::IndexKeyOf(ModelIr(), LayoutIr(), " + std::to_string(i) +
           ", " + std::to_string(ik.index) + ", entity.ToItem());\n}\n\n";
    }
  }
  h += "\n";
}

}  // namespace model::codegen
