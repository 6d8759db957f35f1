#include "model/aggregate_rules.h"

#include <algorithm>
#include <string>
#include <tuple>
#include <vector>

namespace model {

bool ApplicationMakesItems(const Model& model, EntityId into) {
  return std::any_of(
      model.write_patterns.begin(), model.write_patterns.end(),
      [&](const WritePattern& w) { return w.entity == into && w.kind != WriteKind::kUpdate; });
}

const Attribute* AttributeAggregatesLeaveOut(const Model& model, EntityId into) {
  const Entity& en = model.entities[static_cast<std::size_t>(into)];
  for (std::size_t i = 0; i < en.attributes.size(); ++i) {
    auto id = static_cast<AttrId>(i);
    if (!en.attributes[i].required) continue;
    bool written = std::find(en.identifier.begin(), en.identifier.end(), id) != en.identifier.end();
    for (const AggregateDecl& a : model.aggregates) {
      if (a.into != into) continue;
      for (const AggregateValue& v : a.values) written = written || v.target == id;
    }
    if (!written) return &en.attributes[i];
  }
  return nullptr;
}

bool WriteChangesAggregate(const Model& model, const WritePattern& w,
                           const AggregateDecl& aggregate) {
  if (w.entity != aggregate.of) return false;
  if (w.kind != WriteKind::kUpdate || w.attributes.empty()) return true;
  const Entity& of = model.entities[static_cast<std::size_t>(aggregate.of)];
  auto listed = [&](AttrId id) {
    if (id < 0) return false;
    const std::string& name = of.attributes[static_cast<std::size_t>(id)].name;
    return std::find(w.attributes.begin(), w.attributes.end(), name) != w.attributes.end();
  };
  for (const GroupPart& g : aggregate.group)
    if (listed(g.source)) return true;
  for (const FixedFilter& f : aggregate.filters)
    if (listed(of.FindAttribute(f.attribute))) return true;
  for (const AggregateValue& v : aggregate.values)
    if (listed(v.source) || listed(v.by)) return true;
  return false;
}

bool AppendOnly(const Model& model, const AggregateDecl& aggregate) {
  if (aggregate.of < 0) return false;
  if (!model.entities[static_cast<std::size_t>(aggregate.of)].ttl.empty()) return false;
  for (const AggregateDecl& other : model.aggregates)
    if (other.into == aggregate.of) return false;
  for (const WritePattern& w : model.write_patterns) {
    if (w.entity != aggregate.of || w.kind == WriteKind::kCreate) continue;
    if (w.kind == WriteKind::kDelete || WriteChangesAggregate(model, w, aggregate)) return false;
  }
  return true;
}

bool KeptByAdd(const Model& model, const KeyLayout& layout, int aggregate) {
  return KeptByAdd(model, layout, layout.aggregates[static_cast<std::size_t>(aggregate)]);
}

bool KeptByAdd(const Model& model, const KeyLayout& layout, const AggregateLayout& al) {
  if (al.maintainer != Maintainer::kTransaction) return false;
  const EntityId into = model.aggregates[static_cast<std::size_t>(al.aggregate_id)].into;
  // Sharded groups: a change ADDs to the one shard its item hashes to, and an ADD to a shard
  // item s > 0 makes that item when missing. Reads go through the `into` item (shard 0), so it
  // must exist: the application makes it. When the maintainer would make it, only a read tells
  // whether to (ADD on shard 0 at every write would put every write back on the hot item).
  const bool app_makes = ApplicationMakesItems(model, into);
  if (al.shards > 1 && !app_makes) return false;
  // Neither the maintainer nor the application makes the group items (a required attribute the
  // aggregates leave out, and no write pattern creates `into`): a group with no item is an
  // orphan the read-and-Put path skips (W005).
  if (!ApplicationMakesItems(model, into) && AttributeAggregatesLeaveOut(model, into)) return false;
  const Entity& en = model.entities[static_cast<std::size_t>(into)];
  std::vector<std::string> added;  // the values the transactions keep on `into`
  for (const AggregateLayout& listed : layout.aggregates) {
    const AggregateLayout& other = listed.aggregate_id == al.aggregate_id ? al : listed;
    const AggregateDecl& a = model.aggregates[static_cast<std::size_t>(other.aggregate_id)];
    if (a.into != into || other.maintainer != Maintainer::kTransaction) continue;
    if (other.shards > 1 && !app_makes) return false;
    for (const AggregateValue& v : a.values) {
      if (v.function != AggregateFunction::kCount && v.function != AggregateFunction::kJoined &&
          v.function != AggregateFunction::kSum)
        return false;
      added.push_back(en.attributes[static_cast<std::size_t>(v.target)].name);
    }
  }
  for (int t : layout.ItemTypesOf(into)) {
    const ItemType& type = layout.item_types[static_cast<std::size_t>(t)];
    if (type.role == ItemRole::kFacet) return false;
    if (t != al.target_type) continue;
    for (const IndexKeys& k : type.index_keys) {
      // A natural-key index is keyed on the attributes themselves: an ADD to one of them changes
      // the item's key there, and DynamoDB moves the entry (a delete and a put, priced as two
      // index writes: cost.cpp) from what the item holds after the update, with nothing written
      // for it
      // (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/GSI.html#GSI.Writes).
      if (model.table.NaturalIndex(k.index)) continue;
      for (const std::string& name : added) {
        if (k.partition_key.Uses(name) || k.sort_key.Uses(name)) return false;
        for (const SparseCondition& c : k.only_when)
          if (c.attribute == name) return false;
      }
    }
  }
  return true;
}

bool SharesGroupItem(const Model& model, const KeyLayout& layout, int a, int b) {
  const AggregateLayout& la = layout.aggregates[static_cast<std::size_t>(a)];
  const AggregateLayout& lb = layout.aggregates[static_cast<std::size_t>(b)];
  if (la.shards != 1 || lb.shards != 1) return false;
  const AggregateDecl& x = model.aggregates[static_cast<std::size_t>(la.aggregate_id)];
  const AggregateDecl& y = model.aggregates[static_cast<std::size_t>(lb.aggregate_id)];
  if (x.into != y.into || x.of != y.of || x.group.size() != y.group.size()) return false;
  auto parts = [](const AggregateDecl& d) {
    std::vector<std::tuple<AttrId, AttrId, TimeBucket>> out;
    for (const GroupPart& g : d.group) out.emplace_back(g.target, g.source, g.bucket);
    std::sort(out.begin(), out.end());
    return out;
  };
  return parts(x) == parts(y);
}

}  // namespace model
