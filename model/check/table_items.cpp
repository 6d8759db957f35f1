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
    IndexPartitions partitions = PartitionsOf(layout, index, items);
    for (const RepresentativePartition& cand :
         RepresentativePartitions(layout, index, partitions)) {
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
