// Rules for inverted indexes (DeclaredIndex::Inverted: keyed on the table's sort key, sorted by
// its partition key): the load on their constant partitions, and what they hold.
//
// Every item of the table has the table's key attributes, so an inverted index holds every item
// (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/GSI.html#GSI.Writes), keyed
// by its table sort key. Items whose sort key is a constant (`PROFILE`, a uniqueness item's
// `USER_EMAIL`) all share one partition of the index, which serves at most 3,000 read units and
// 1,000 write units a second
// (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/bp-partition-key-design.html),
// and which the derivation cannot shard: the index's keys are the table's own attributes. Loads
// are summed per key as for hot partitions (model/hot_partitions.h InvertedConstantPartitions).
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <string>
#include <vector>

#include "model/base/casing.h"
#include "model/derive/internal.h"
#include "model/hot_partitions.h"
#include "model/sparse_facet.h"

namespace model::derive {

namespace {

std::string Number(double d) {
  if (std::fabs(d - std::round(d)) < 1e-9) return fmt::format("{:.0f}", d);
  return fmt::format("{:.2f}", d);
}

bool PinnedTo(const Model& model, const AccessPattern& p, int index) {
  return p.pinned_index && *p.pinned_index == model.table.GsiName(index);
}

// "GSI1 partition SK = PROFILE".
std::string PartitionText(const Context& c, const HotPartition& h) {
  return fmt::format("{} partition {} = {}", h.where, c.layout.IndexPartitionKey(h.index), h.key);
}

// The names of the uniqueness items' attributes of type `t` ("username", or "login, name" for a
// name space several attributes share), and the first of them.
std::vector<const Attribute*> UniqueAttributes(const Model& model, const ItemType& t) {
  std::vector<const Attribute*> out;
  for (const Entity& e : model.entities) {
    for (const Attribute& a : e.attributes) {
      if (!a.unique) continue;
      const bool same =
          t.unique_scope.empty()
              ? &e == &model.entities[static_cast<std::size_t>(t.entity)] &&
                    t.name == e.name + "." + a.name
              : !a.unique_scope.empty() && UpperSnake(a.unique_scope) == t.unique_scope;
      if (same) out.push_back(&a);
    }
  }
  return out;
}

}  // namespace

std::map<int, std::string> NeededOffInverted(const Context& c, const Model& model) {
  std::map<int, std::string> out = c.off_inverted;
  for (const HotPartition& h : InvertedConstantPartitions(model, c.layout)) {
    if (h.rcu_per_s <= kPartitionReadLimit + 1e-9) continue;
    // The reads the derivation routed there, the heaviest first.
    std::vector<const HotPartitionPart*> movable;
    for (const HotPartitionPart& part : h.parts) {
      if (part.write || part.pattern_id < 0 || part.units_per_s <= 0) continue;
      const AccessPattern& p = model.access_patterns[static_cast<std::size_t>(part.pattern_id)];
      if (!PinnedTo(model, p, h.index)) movable.push_back(&part);
    }
    std::stable_sort(movable.begin(), movable.end(),
                     [](const HotPartitionPart* a, const HotPartitionPart* b) {
                       return a->units_per_s > b->units_per_s;
                     });
    double left = h.rcu_per_s;
    for (const HotPartitionPart* part : movable) {
      if (left <= kPartitionReadLimit + 1e-9) break;
      left -= part->units_per_s;
      out.emplace(part->pattern_id,
                  fmt::format("not the inverted index {}: its partition {} = {} (a constant) "
                              "would take {} RCU/s of reads ({}), over DynamoDB's 3000 RCU/s per "
                              "partition, and an index keyed on the table's own attributes cannot "
                              "be sharded",
                              h.where, c.layout.IndexPartitionKey(h.index), h.key,
                              Number(h.rcu_per_s), DescribeReadUnits(h)));
    }
  }
  return out;
}

void WarnInvertedConstantPartitionReads(Context& c, const Model& model) {
  for (const HotPartition& h : InvertedConstantPartitions(model, c.layout)) {
    if (h.rcu_per_s <= kPartitionReadLimit + 1e-9) continue;
    // Why each read is still there: pinned to the index, or no other index took it (the
    // derivation with it elsewhere failed: NeededOffInverted's move was undone).
    std::vector<std::string> pinned;
    std::vector<std::string> stuck;
    const AccessPattern* first = nullptr;
    for (const HotPartitionPart& part : h.parts) {
      if (part.write || part.pattern_id < 0 || part.units_per_s <= 0) continue;
      const AccessPattern& p = model.access_patterns[static_cast<std::size_t>(part.pattern_id)];
      if (first == nullptr) first = &p;
      (PinnedTo(model, p, h.index) ? pinned : stuck).push_back(p.name);
    }
    if (first == nullptr) continue;
    std::vector<std::string> why;
    if (!pinned.empty())
      why.push_back(fmt::format("{} {} pinned to it (index: {})", fmt::join(pinned, ", "),
                                pinned.size() == 1 ? "is" : "are", h.where));
    if (!stuck.empty())
      why.push_back(fmt::format("no other index can take {}{}", fmt::join(stuck, ", "),
                                model.table.max_gsis
                                    ? fmt::format(" (max_gsis: {})", *model.table.max_gsis)
                                    : std::string()));
    const SourceRange at = PinnedTo(model, *first, h.index) && first->index_range.valid()
                               ? first->index_range
                               : first->range;
    Diagnostic& d = c.diags.Warning(
        DiagId::kInvertedConstantPartitionReads, at,
        fmt::format("the reads on the inverted index {} (a constant: every item whose table sort "
                    "key is {} is in it) take {} RCU/s ({}), over DynamoDB's 3000 RCU/s per "
                    "partition, and an index keyed on the table's own attributes cannot be "
                    "sharded; {}",
                    PartitionText(c, h), h.key, Number(h.rcu_per_s), DescribeReadUnits(h),
                    fmt::join(why, "; ")));
    std::vector<std::string> remedies;
    if (!pinned.empty())
      remedies.push_back(fmt::format(
          "leave {} unpinned so that the design serves {} from an index of its own, read-sharded",
          fmt::join(pinned, ", "), pinned.size() == 1 ? "it" : "them"));
    if (!stuck.empty())
      remedies.push_back(
          "allow the table another index (max_gsis) so that the design serves the reads from an "
          "index of its own, read-sharded");
    remedies.push_back("put a per-item part in the table sort key");
    remedies.push_back("cache the reads (DAX)");
    Diagnostics::Note(
        d, at, fmt::format("remedies: {}; or lower the reads' rate", fmt::join(remedies, "; ")));
  }
}

// W537: the writes on each constant partition key of an inverted index, summed over the declared
// write patterns (WriteFigures::partition_units), with what lands there.
void WarnInvertedConstantPartitions(Context& c, const Model& model) {
  for (const DeclaredIndex& d : model.table.indexes) {
    if (!d.Inverted()) continue;
    struct Load {
      double wcu_per_s = 0;
      std::vector<std::string> writes;
      std::vector<EntityId> entities;
      std::vector<int> item_types;  // KeyLayout::item_types ids, first written first
    };
    std::map<std::string, Load> loads;
    for (const WritePlan& w : c.layout.writes) {
      if (w.pattern_id < 0) continue;
      const double rate = model.write_patterns[static_cast<std::size_t>(w.pattern_id)].rate;
      for (const WriteFigures::PartitionUnits& u :
           EstimateWrite(model, c.layout, w).partition_units) {
        if (u.index != d.index || u.key.find('{') != std::string::npos) continue;
        Load& l = loads[u.key];
        l.wcu_per_s += rate * u.units_per_call;
        if (std::find(l.writes.begin(), l.writes.end(), w.pattern) == l.writes.end())
          l.writes.push_back(w.pattern);
        if (u.entity >= 0 &&
            std::find(l.entities.begin(), l.entities.end(), u.entity) == l.entities.end())
          l.entities.push_back(u.entity);
        if (std::find(l.item_types.begin(), l.item_types.end(), u.item_type) == l.item_types.end())
          l.item_types.push_back(u.item_type);
      }
    }
    for (const auto& [key, l] : loads) {
      if (l.wcu_per_s <= kPartitionWriteLimit + 1e-9) continue;
      // Only uniqueness items there (their sort key is their name space's label, a constant):
      // the warning names them and the writes that put and delete them, at the unique attribute.
      const bool uniqueness =
          !l.item_types.empty() &&
          std::all_of(l.item_types.begin(), l.item_types.end(), [&](int t) {
            return t >= 0 &&
                   c.layout.item_types[static_cast<std::size_t>(t)].role == ItemRole::kUniqueness;
          });
      if (uniqueness) {
        const ItemType& t = c.layout.item_types[static_cast<std::size_t>(l.item_types.front())];
        std::vector<const Attribute*> attrs = UniqueAttributes(model, t);
        std::vector<std::string> items;
        for (int id : l.item_types)
          items.push_back(c.layout.item_types[static_cast<std::size_t>(id)].name);
        c.diags.Warning(
            DiagId::kInvertedConstantPartitionWrites,
            attrs.empty() ? d.range : attrs.front()->range,
            fmt::format(
                "every uniqueness item of {} ({} / {}) is in one partition of the "
                "inverted index '{}' ({} = {}, a constant), where the writes that put "
                "and delete them ({}) take {} WCU/s, over DynamoDB's 1000 WCU/s per "
                "partition; an inverted index is keyed on the table's own attributes, so "
                "it cannot be write-sharded, and a uniqueness item's keys are the "
                "derivation's: lower the rate of those writes, or, in place of the inverted "
                "index, pin each entity's keys on {} (keys: {{ {}: ... }}), which "
                "uniqueness items do not carry",
                fmt::join(items, ", "), t.partition_key.ToString(), t.sort_key.ToString(),
                model.table.GsiName(d.index), d.partition_key, key, fmt::join(l.writes, ", "),
                Number(l.wcu_per_s), model.table.GsiName(d.index), model.table.GsiName(d.index)));
        continue;
      }
      // At the table keys of the entity whose constant sort key it is, else the index entry.
      SourceRange at = d.range;
      std::string example;
      const Entity* owner = nullptr;
      for (EntityId e : l.entities) {
        const Entity& en = model.entities[static_cast<std::size_t>(e)];
        if (owner == nullptr) owner = &en;
        if (en.pinned_keys && en.pinned_keys->sk == key) {
          owner = &en;
          at = en.pinned_keys->range;
          break;
        }
      }
      if (at != d.range) {
        std::vector<std::string> ids;
        for (AttrId id : owner->identifier)
          ids.push_back("{" + owner->attributes[static_cast<std::size_t>(id)].name + "}");
        example = fmt::format(" (sk: \"{}#{}\")", key, fmt::join(ids, "#"));
      }
      c.diags.Warning(
          DiagId::kInvertedConstantPartitionWrites, at,
          fmt::format("every {} item is in one partition of the inverted index '{}' ({} = {}, a "
                      "constant), where the writes alone take {} WCU/s ({}), over DynamoDB's "
                      "1000 WCU/s per partition; an inverted index is keyed on the table's own "
                      "attributes, so it cannot be write-sharded: put a per-item part in the "
                      "table sort key{}",
                      owner != nullptr ? owner->name : std::string("such"),
                      model.table.GsiName(d.index), d.partition_key, key, Number(l.wcu_per_s),
                      fmt::join(l.writes, ", "), example));
    }
  }
}

void DescribeInvertedIndexItems(Context& c) {
  const Model& m = c.model;
  for (IndexLayout& index : c.layout.indexes) {
    const DeclaredIndex* d = m.table.FindIndex(index.number);
    if (d == nullptr || !d->Inverted()) continue;
    // After the entities' own items, before what the projection says (BuildProjections).
    std::vector<Reason> held;
    auto add = [&](const std::string& what, const std::string& pk, const std::string& sk) {
      held.push_back(
          Reason{fmt::format("keys {} / {} for {}: its table keys swapped (an inverted index holds "
                             "every item)",
                             sk, pk, what),
                 {}});
    };
    // The entities' own items have their view's reason already (AddIndexLayouts).
    for (const ItemType& t : c.layout.item_types) {
      if (t.role == ItemRole::kEntity) continue;
      std::string what;
      switch (t.role) {
        case ItemRole::kFacet:
          what = IsSparseFacet(t) ? fmt::format("{}, a sparse facet (while it exists)", t.name)
                                  : fmt::format("{}, a facet", t.name);
          break;
        case ItemRole::kHistory:
          what = fmt::format("{}, the version history", t.name);
          break;
        case ItemRole::kUniqueness:
          what = fmt::format("{}, the uniqueness items", t.name);
          break;
        case ItemRole::kEntity:
          break;
      }
      add(what, t.partition_key.ToString(), t.sort_key.ToString());
    }
    for (const AggregateShardItemType& t : AggregateShardItemTypes(m, c.layout)) {
      add(fmt::format("{}, the shard items of aggregate {}", t.name,
                      c.layout.aggregates[static_cast<std::size_t>(t.aggregate)].name),
          t.partition_key.ToString(), t.sort_key.ToString());
    }
    // A stream consumer's mark items (layout.h kAggregateMarkLabel): PK `_AGGSEEN#<source pk>#
    // <source sk>`, SK `<aggregate>#<group pk>#<group sk>#<shard>`.
    for (const AggregateLayout& a : c.layout.aggregates) {
      if (a.maintainer != Maintainer::kStream || a.marks != SeenMarks::kItems) continue;
      if (a.source_type < 0 || a.target_type < 0) continue;
      const ItemType& source = c.layout.item_types[static_cast<std::size_t>(a.source_type)];
      const ItemType& target = c.layout.item_types[static_cast<std::size_t>(a.target_type)];
      const std::string sep(1, keys::kKeySeparator);
      add(fmt::format("the mark items of aggregate {}", a.name),
          fmt::format("{}{}{}{}{}", kAggregateMarkLabel, sep, source.partition_key.ToString(), sep,
                      source.sort_key.ToString()),
          fmt::format("{}{}{}{}{}{}{}", a.name, sep, target.partition_key.ToString(), sep,
                      target.sort_key.ToString(), sep,
                      a.shards > 1 ? std::string("{") + kShardAttribute + "}" : "0"));
    }
    auto at = std::find_if(index.reasons.begin(), index.reasons.end(),
                           [](const Reason& r) { return r.text.rfind("projects ", 0) == 0; });
    index.reasons.insert(at, held.begin(), held.end());
  }
}

}  // namespace model::derive
