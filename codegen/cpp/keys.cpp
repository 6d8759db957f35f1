// Key builders and parsers: per item type, its table key from an entity (a history item: of a
// version) and the key read back into its placeholders; per index entry, its index key. They
// render the layout's templates with its encodings through the runtime (model/keys).
#include <string>

#include "codegen/cpp/internal.h"

namespace model::codegen {

namespace {

// A sparse entry's conditions as the design shows them: " (if status = ON_SALE)", "" for none.
std::string OnlyWhenText(const IndexKeys& k) {
  std::string out;
  for (const SparseCondition& w : k.only_when)
    out += (out.empty() ? " (if " : " and ") + w.attribute + " = " + w.value;
  return out.empty() ? out : out + ")";
}

}  // namespace

void EmitKeys(const Gen& g, Printer& h, Printer& c) {
  Tmpl(h, R"tmpl(
    // Keys: every item type's table key and index keys, rendered as the layout says; nullopt
    // when a placeholder's attribute is absent (a sparse index entry). Parsers read a key back.
  )tmpl");
  for (std::size_t i = 0; i < g.layout.item_types.size(); ++i) {
    const ItemType& t = g.layout.item_types[i];
    const Entity& en = g.model.entities[static_cast<std::size_t>(t.entity)];
    bool history = t.role == ItemRole::kHistory;
    std::vector<Sub> subs{{"fn", g.names.item_key[i]},
                          {"parser", g.names.item_key_parser[i]},
                          {"entity", EntityName(g, en)},
                          {"type", t.name},
                          {"i", i},
                          {"pk", t.partition_key.ToString()},
                          {"sk", t.sort_key.ToString()},
                          {"version_param", history ? ", int version" : ""},
                          {"version_arg", history ? ", version" : ""}};
    h.Emit(subs, R"tmpl(
      // $type$: $pk$ / $sk$
      std::optional<model::runtime::ItemKey> $fn$(const $entity$& entity$version_param$);
      std::optional<model::runtime::KeyParts> $parser$(std::string_view partition_key, std::string_view sort_key);
    )tmpl");
    c.Emit(subs, R"tmpl(
      std::optional<model::runtime::ItemKey> $fn$(const $entity$& entity$version_param$) {
        return model::runtime::ItemKeyOf(ModelIr(), LayoutIr(), $i$, entity.ToItem()$version_arg$);
      }

      std::optional<model::runtime::KeyParts> $parser$(std::string_view partition_key, std::string_view sort_key) {
        const model::ItemType& type = LayoutIr().item_types[$i$];
        auto pk = model::runtime::ParseKey(type.partition_key, partition_key);
        auto sk = model::runtime::ParseKey(type.sort_key, sort_key);
        if (!pk || !sk) return std::nullopt;
        pk->insert(sk->begin(), sk->end());
        return pk;
      }

    )tmpl");
    for (std::size_t k = 0; k < t.index_keys.size(); ++k) {
      const IndexKeys& ik = t.index_keys[k];
      std::string index = g.layout.IndexName(ik.index);
      std::vector<Sub> index_subs{{"fn", g.names.index_key[i][k]},
                                  {"entity", EntityName(g, en)},
                                  {"index_name", index},
                                  {"i", i},
                                  {"index", ik.index},
                                  {"keys", model::keys::KeyPairText(ik.partition_key, ik.sort_key)},
                                  {"only_when", OnlyWhenText(ik)}};
      h.Emit(index_subs, R"tmpl(
        //   $index_name$: $keys$$only_when$
        std::optional<model::runtime::ItemKey> $fn$(const $entity$& entity);
      )tmpl");
      c.Emit(index_subs, R"tmpl(
        std::optional<model::runtime::ItemKey> $fn$(const $entity$& entity) {
          return model::runtime::IndexKeyOf(ModelIr(), LayoutIr(), $i$, $index$, entity.ToItem());
        }

      )tmpl");
    }
  }
  h.Emit("\n");
}

}  // namespace model::codegen
