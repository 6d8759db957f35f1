// Aggregates computed at read time (Maintainer::kRead): a group's values from its `of` items,
// read with the aggregate's collection plan, and set on the `into` items a read returned.
#include <fmt/format.h>

#include <algorithm>

#include "model/exec/aggregates.h"
#include "model/exec/reads.h"

namespace model::exec {

namespace {

const std::string& NameOf(const Entity& e, AttrId id) {
  return e.attributes[static_cast<std::size_t>(id)].name;
}

// Whether `record`'s group (natural values of `of`) is the group `identity` names.
bool InGroup(const Model& model, const AggregateDecl& a, const sim::Item& record,
             const sim::Item& identity) {
  auto group = GroupOf(model, a, record);
  if (!group) return false;
  for (const auto& [name, value] : identity) {
    auto it = group->find(name);
    if (it == group->end() || CompareTyped(it->second, value) != 0) return false;
  }
  return true;
}

void AddUp(const ReadOutcome& from, ReadOutcome& into) {
  into.requests += from.requests;
  into.pages += from.pages;
  into.scanned += from.scanned;
  into.rcu += from.rcu;
  into.sent.insert(into.sent.end(), from.sent.begin(), from.sent.end());
}

}  // namespace

ReadOutcome ReadGroupValues(sim::DataPlane& plane, const Model& model, const KeyLayout& layout,
                            int aggregate, const sim::Item& identity, bool consistent,
                            const Arguments& clock, sim::Item& values) {
  const AggregateLayout& al = layout.aggregates[static_cast<std::size_t>(aggregate)];
  const AggregateDecl& a = model.aggregates[static_cast<std::size_t>(al.aggregate_id)];
  const Entity& of = model.entities[static_cast<std::size_t>(a.of)];
  const Entity& into = model.entities[static_cast<std::size_t>(a.into)];
  ReadOutcome out;
  if (al.maintainer != Maintainer::kRead || al.collection_pattern < 0 ||
      static_cast<std::size_t>(al.collection_pattern) >= layout.reads.size()) {
    out.status = Status::InvalidArgument(
        fmt::format("aggregate '{}' is not computed at read time", al.name));
    return out;
  }
  ReadPlan plan = layout.reads[static_cast<std::size_t>(al.collection_pattern)];
  // The collection read takes the consistency of the read it completes; the derivation only
  // picks a table plan when a consistent read of `into` needs it (GSIs are eventually
  // consistent: https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/GSI.html).
  plan.consistent = consistent || plan.consistent;
  const AccessPattern& p = model.access_patterns[static_cast<std::size_t>(plan.pattern_id)];
  Arguments args;
  if (auto now = clock.find(kNowArgument); now != clock.end()) args[kNowArgument] = now->second;
  for (const GroupPart& g : a.group) {
    if (g.bucket != TimeBucket::kNone) continue;
    const std::string& source = NameOf(of, g.source);
    if (std::find(p.params.begin(), p.params.end(), source) == p.params.end()) continue;
    auto it = identity.find(NameOf(into, g.target));
    if (it == identity.end()) {
      out.status = Status::InvalidArgument(
          fmt::format("a '{}' item without '{}': aggregate '{}' cannot name its group", into.name,
                      NameOf(into, g.target), al.name));
      return out;
    }
    args[source] = it->second;
  }
  ReadOutcome read = ExecuteRead(plane, model, layout, plan, args);
  AddUp(read, out);
  if (!read.status.ok()) {
    out.status = read.status;
    return out;
  }
  // The items of the group: the collection's Query selects by some group attributes, the
  // others and any time bucket are matched here.
  std::vector<sim::Item> records;
  records.reserve(read.items.size());
  for (const sim::Item& item : read.items) {
    sim::Item record = EntityValues(of, item);
    if (InGroup(model, a, record, identity)) records.push_back(std::move(record));
  }
  std::vector<const sim::Item*> members;
  members.reserve(records.size());
  for (const sim::Item& r : records) members.push_back(&r);
  values = AggregateValues(model, a, members);
  return out;
}

Status ComputeReadTimeValues(sim::DataPlane& plane, const Model& model, const KeyLayout& layout,
                             int aggregate, bool consistent, const Arguments& clock,
                             std::vector<sim::Item>& items, ReadOutcome& totals) {
  const AggregateLayout& al = layout.aggregates[static_cast<std::size_t>(aggregate)];
  const AggregateDecl& a = model.aggregates[static_cast<std::size_t>(al.aggregate_id)];
  const Entity& into = model.entities[static_cast<std::size_t>(a.into)];
  std::vector<std::string> labels;
  for (int t : layout.ItemTypesOf(a.into)) {
    const ItemType& type = layout.item_types[static_cast<std::size_t>(t)];
    if (type.role == ItemRole::kEntity || type.role == ItemRole::kFacet)
      labels.push_back(type.label);
  }
  for (sim::Item& item : items) {
    auto label = item.find(kTypeAttribute);
    if (label == item.end() || !label->second.is(sim::ValueType::kS) ||
        std::find(labels.begin(), labels.end(), label->second.scalar()) == labels.end())
      continue;
    sim::Item identity;
    for (const GroupPart& g : a.group) {
      const std::string& name = NameOf(into, g.target);
      auto it = item.find(name);
      if (it == item.end())
        return Status::InvalidArgument(
            fmt::format("a '{}' item without '{}': aggregate '{}' cannot name its group", into.name,
                        name, al.name));
      identity[name] = it->second;
    }
    sim::Item values;
    ReadOutcome read =
        ReadGroupValues(plane, model, layout, aggregate, identity, consistent, clock, values);
    AddUp(read, totals);
    if (!read.status.ok()) return read.status;
    for (const AggregateValue& v : a.values) {
      const std::string& name = NameOf(into, v.target);
      auto it = values.find(name);
      if (it == values.end())
        item.erase(name);
      else
        item[name] = it->second;
    }
  }
  return Status::Ok();
}

}  // namespace model::exec
