#include "model/check/table_items.h"

#include <map>
#include <set>

#include "model/check/internal.h"

namespace model::check {

namespace {

ItemValue Convert(const sim::AttributeValue& v) {
  ItemValue out;
  switch (v.type()) {
    case sim::ValueType::kS:
      out.type = ItemValue::Type::kS;
      out.scalar = v.scalar();
      break;
    case sim::ValueType::kN:
      out.type = ItemValue::Type::kN;
      out.scalar = v.scalar();
      break;
    case sim::ValueType::kB:
      out.type = ItemValue::Type::kB;
      out.scalar = v.scalar();
      break;
    case sim::ValueType::kBool:
      out.type = ItemValue::Type::kBool;
      out.boolean = v.boolean();
      break;
    case sim::ValueType::kNull:
      out.type = ItemValue::Type::kNull;
      break;
    case sim::ValueType::kM:
      out.type = ItemValue::Type::kM;
      for (const auto& [k, e] : v.map()) out.members.emplace_back(k, Convert(e));
      break;
    case sim::ValueType::kL:
      out.type = ItemValue::Type::kL;
      for (const auto& e : v.list()) out.elements.push_back(Convert(e));
      break;
    case sim::ValueType::kSS:
      out.type = ItemValue::Type::kSS;
      out.set = v.set();
      break;
    case sim::ValueType::kNS:
      out.type = ItemValue::Type::kNS;
      out.set = v.set();
      break;
    case sim::ValueType::kBS:
      out.type = ItemValue::Type::kBS;
      out.set = v.set();
      break;
  }
  return out;
}

// The partition-key template text of item type `t` in `index` (0 = the table), "" when the
// type has no entry there.
std::string Shape(const ItemType& t, int index) {
  if (index == 0) return t.partition_key.ToString();
  for (const IndexKeys& k : t.index_keys) {
    if (k.index == index) return k.partition_key.ToString();
  }
  return "";
}

}  // namespace

TableItems TableItemsFor(const Model& model, const KeyLayout& layout, const CheckOptions& options) {
  std::vector<RenderedItem> items = RenderDataset(model, layout, options);
  // Chosen items by table key (partition key, sort key).
  std::map<std::pair<std::string, std::string>, const RenderedItem*> chosen;
  auto choose = [&](const RenderedItem& r) {
    chosen.emplace(
        std::make_pair(Natural(r.item, layout.partition_key), Natural(r.item, layout.sort_key)),
        &r);
  };
  for (int index = 0; index <= static_cast<int>(layout.indexes.size()); ++index) {
    std::string pk_name = index == 0
                              ? layout.partition_key
                              : layout.indexes[static_cast<std::size_t>(index - 1)].partition_key;
    std::string sk_name =
        index == 0 ? layout.sort_key : layout.indexes[static_cast<std::size_t>(index - 1)].sort_key;
    std::map<std::string, std::multimap<std::string, const RenderedItem*>> partitions;
    for (const RenderedItem& r : items) {
      std::string pk = Natural(r.item, pk_name);
      std::string sk = Natural(r.item, sk_name);
      if (pk.empty() || sk.empty()) continue;
      partitions[pk].emplace(sk, &r);
    }
    struct Candidate {
      std::size_t types = 0;
      std::string key;
    };
    std::map<std::string, Candidate> by_shape;
    for (const auto& [pk, rows] : partitions) {
      std::string shape =
          Shape(layout.item_types[static_cast<std::size_t>(rows.begin()->second->type)], index);
      std::set<int> types;
      for (const auto& [sk, r] : rows) types.insert(r->type);
      Candidate& best = by_shape[shape];
      if (best.key.empty() || types.size() > best.types) best = Candidate{types.size(), pk};
    }
    for (const auto& [shape, cand] : by_shape) {
      int taken = 0;
      for (const auto& [sk, r] : partitions[cand.key]) {
        if (taken++ == kTablePartitionItems) break;
        choose(*r);
      }
    }
  }
  std::set<int> present;
  for (const auto& [key, r] : chosen) present.insert(r->type);
  for (const RenderedItem& r : items) {
    if (present.insert(r.type).second) choose(r);
  }
  TableItems out;
  for (const auto& [key, r] : chosen) {
    TableItem item;
    item.item_type = r->type;
    for (const auto& [name, value] : r->item) item.attributes.emplace_back(name, Convert(value));
    out.items.push_back(std::move(item));
  }
  return out;
}

}  // namespace model::check
