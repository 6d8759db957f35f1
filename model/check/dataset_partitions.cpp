// The partitions of a rendered dataset, per index, that the docs' sample items (sample.cpp) and
// the exports' table items (table_items.cpp) are drawn from.
#include <set>

#include "model/check/internal.h"

namespace model::check {

namespace {

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

IndexPartitions PartitionsOf(const KeyLayout& layout, int index,
                             const std::vector<RenderedItem>& items) {
  const std::string& pk_name =
      index == 0 ? layout.partition_key
                 : layout.indexes[static_cast<std::size_t>(index - 1)].partition_key;
  const std::string& sk_name =
      index == 0 ? layout.sort_key : layout.indexes[static_cast<std::size_t>(index - 1)].sort_key;
  IndexPartitions partitions;
  for (const RenderedItem& r : items) {
    std::string pk = Natural(r.item, pk_name);
    // A natural-key index without a sort key: the partition's items in no order of their own
    // (kept in the table's key order here, for a deterministic sample).
    std::string sk = sk_name.empty() ? Natural(r.item, layout.partition_key) + "\n" +
                                           Natural(r.item, layout.sort_key)
                                     : Natural(r.item, sk_name);
    if (pk.empty() || sk.empty()) continue;
    partitions[pk].emplace(sk, &r);
  }
  return partitions;
}

std::vector<RepresentativePartition> RepresentativePartitions(const KeyLayout& layout, int index,
                                                              const IndexPartitions& partitions) {
  std::map<std::string, RepresentativePartition> by_shape;
  for (const auto& [pk, rows] : partitions) {
    std::string shape =
        Shape(layout.item_types[static_cast<std::size_t>(rows.begin()->second->type)], index);
    std::set<int> types;
    for (const auto& [sk, r] : rows) types.insert(r->type);
    RepresentativePartition& best = by_shape[shape];
    if (best.key.empty() || types.size() > best.types)
      best = RepresentativePartition{types.size(), pk};
  }
  std::vector<RepresentativePartition> out;
  for (auto& [shape, chosen] : by_shape) out.push_back(std::move(chosen));
  return out;
}

}  // namespace model::check
