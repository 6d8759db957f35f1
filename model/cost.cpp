#include "model/cost.h"

#include <algorithm>
#include <cmath>
#include <set>
#include <string>
#include <vector>

#include "model/check_report.h"

namespace model {

namespace {

const Entity& EntityOf(const Model& m, const ItemType& t) {
  return m.entities[static_cast<std::size_t>(t.entity)];
}

// Bytes of one item of type `t`: the entity's declared item_size. A uniqueness item holds one
// value and its keys (well under 1 KB); a facet is a partial copy, counted at the full size (an
// upper bound), as are index entries under a KEYS_ONLY or INCLUDE projection.
double ItemBytes(const Model& m, const ItemType& t) {
  double declared = static_cast<double>(EntityOf(m, t).item_size);
  return t.role == ItemRole::kUniqueness ? std::min(declared, 100.0) : declared;
}

// The partition key template `t` writes for index `index` (0 = the table), or null.
const KeyTemplate* PartitionKeyOf(const ItemType& t, int index) {
  if (index == 0) return &t.partition_key;
  for (const IndexKeys& k : t.index_keys) {
    if (k.index == index) return &k.partition_key;
  }
  return nullptr;
}

// How many distinct partitions the items of `t` spread over under `pk`, when the declarations
// say: no attribute (one, or one per shard), the entity's identifier, a parent's identifier
// through a relationship, an enum or a unique attribute.
std::optional<double> Partitions(const Model& m, const ItemType& t, const KeyTemplate& pk) {
  const Entity& en = EntityOf(m, t);
  std::set<std::string> attrs;
  bool sharded = false;
  for (const std::string& a : pk.Attributes()) {
    if (a == kShardAttribute)
      sharded = true;
    else
      attrs.insert(a);
  }
  double shards = sharded ? std::max(1, t.shards) : 1;
  if (attrs.empty()) return shards;
  auto names = [&](const Entity& e, const std::vector<AttrId>& ids) {
    std::set<std::string> out;
    for (AttrId id : ids) out.insert(e.attributes[static_cast<std::size_t>(id)].name);
    return out;
  };
  if (names(en, en.identifier) == attrs) return static_cast<double>(en.count) * shards;
  for (const Relationship& r : m.relationships) {
    EntityId holder = r.cardinality == Cardinality::kManyToMany ? r.through.value_or(-1) : r.to;
    if (holder != t.entity) continue;
    const Entity& from = m.entities[static_cast<std::size_t>(r.from)];
    if (names(en, r.link) == attrs) return static_cast<double>(from.count) * shards;
    if (r.cardinality == Cardinality::kManyToMany && r.to >= 0 && names(en, r.link_to) == attrs) {
      return static_cast<double>(m.entities[static_cast<std::size_t>(r.to)].count) * shards;
    }
  }
  if (attrs.size() == 1) {
    AttrId id = en.FindAttribute(*attrs.begin());
    if (id >= 0) {
      const Attribute& a = en.attributes[static_cast<std::size_t>(id)];
      if (a.unique) return static_cast<double>(en.count) * shards;
      if (a.type == AttrType::kEnum && !a.enum_values.empty())
        return static_cast<double>(a.enum_values.size()) * shards;
    }
  }
  return std::nullopt;
}

double ReadFactor(bool consistent) { return consistent ? 1.0 : 0.5; }

double MonthlyCost(double rate, double units, double price) {
  return rate * units * kSecondsPerMonth * price / 1e6;
}

}  // namespace

ReadFigures EstimateRead(const Model& model, const KeyLayout& layout, const ReadPlan& plan) {
  ReadFigures f;
  f.read_amplification = plan.read_amplification;
  const AccessPattern& p = model.access_patterns[static_cast<std::size_t>(plan.pattern_id)];
  double factor = ReadFactor(plan.consistent);
  std::vector<std::string> key_attrs = plan.key.partition_key.Attributes();
  f.constant_partition = std::all_of(key_attrs.begin(), key_attrs.end(),
                                     [](const std::string& a) { return a == kShardAttribute; });
  if (plan.item_types.empty()) return f;
  // Average bytes of the items that come back, weighted by their counts.
  double count_sum = 0;
  double bytes_sum = 0;
  for (int id : plan.item_types) {
    const ItemType& t = layout.item_types[static_cast<std::size_t>(id)];
    count_sum += static_cast<double>(std::max<std::int64_t>(t.count, 1));
    bytes_sum += static_cast<double>(std::max<std::int64_t>(t.count, 1)) * ItemBytes(model, t);
  }
  double item_bytes = bytes_sum / count_sum;

  if (plan.operation == Operation::kGetItem || plan.operation == Operation::kBatchGetItem) {
    // GetItem: each item rounded up to 4 KB on its own (BatchGetItem likewise, per item).
    f.items_returned = static_cast<double>(plan.requests);
    f.items_read = *f.items_returned;
    f.rcu_per_call = plan.requests * std::ceil(item_bytes / kReadUnitBytes) * factor;
  } else if (plan.operation == Operation::kScan) {
    // A Scan reads every item of the table (or index) and rounds the summed size up.
    double read = 0;
    double bytes = 0;
    for (const ItemType& t : layout.item_types) {
      if (plan.index != 0 && PartitionKeyOf(t, plan.index) == nullptr) continue;
      read += static_cast<double>(t.count);
      bytes += static_cast<double>(t.count) * ItemBytes(model, t);
    }
    double returned = 0;
    for (int id : plan.item_types)
      returned += static_cast<double>(layout.item_types[static_cast<std::size_t>(id)].count);
    if (plan.limit) returned = std::min(returned, static_cast<double>(*plan.limit));
    f.items_read = read;
    f.items_returned = returned;
    f.read_amplification = returned > 0 ? read / returned : f.read_amplification;
    f.rcu_per_call = std::ceil(bytes / kReadUnitBytes) * factor;
  } else {
    // Query (one request, or one per shard in a fan-out): the items the key condition selects
    // in one partition, as far as the declarations tell.
    bool known = true;  // the declarations say how many items the key condition selects
    double per_partition = 0;
    for (int id : plan.item_types) {
      const ItemType& t = layout.item_types[static_cast<std::size_t>(id)];
      const KeyTemplate* pk = PartitionKeyOf(t, plan.index);
      std::optional<double> parts = pk ? Partitions(model, t, *pk) : std::nullopt;
      if (!parts) {
        known = false;
        break;
      }
      // A fan-out reads every shard: per call, all shards of one logical partition.
      double shard_parts = plan.shards > 0 ? *parts / plan.shards : *parts;
      per_partition +=
          static_cast<double>(t.count) / std::max(shard_parts, 1.0) / std::max(1, plan.requests);
    }
    bool ranged =
        plan.key.sort_op != SortOp::kNone && plan.key.sort_op != SortOp::kEq &&
        !(plan.key.sort_op == SortOp::kBeginsWith && plan.key.sort_lower.Attributes().empty());
    if (plan.key.sort_op == SortOp::kEq) per_partition = std::min(per_partition, 1.0);
    if (ranged) known = false;  // how much of the partition a range selects is unknown
    // Per request: what the key condition selects, capped by the page size (limit).
    std::optional<std::int64_t> page = plan.per_shard_limit ? plan.per_shard_limit : plan.limit;
    if (known || page) {
      double returned_per_request = known ? per_partition : static_cast<double>(*page);
      if (known && page) returned_per_request = std::min(per_partition, static_cast<double>(*page));
      double read_per_request = returned_per_request * plan.read_amplification;
      double returned = returned_per_request * plan.requests;
      if (plan.limit) returned = std::min(returned, static_cast<double>(*plan.limit));
      f.items_returned = returned;
      f.items_read = read_per_request * plan.requests;
      // Each request sums the bytes it reads and rounds up to 4 KB (at least one unit's share).
      f.rcu_per_call = plan.requests *
                       std::max(1.0, std::ceil(read_per_request * item_bytes / kReadUnitBytes)) *
                       factor;
    }
  }
  if (f.rcu_per_call)
    f.monthly_cost_usd = MonthlyCost(p.rate, *f.rcu_per_call, kReadRequestUnitPrice);
  return f;
}

WriteFigures EstimateWrite(const Model& model, const KeyLayout& layout, const WritePlan& plan) {
  WriteFigures f;
  const WritePattern& w = model.write_patterns[static_cast<std::size_t>(plan.pattern_id)];
  f.items_written = static_cast<int>(plan.writes.size());
  f.transaction = plan.transaction;
  double units = 0;
  for (const ItemWrite& iw : plan.writes) {
    const ItemType& t = layout.item_types[static_cast<std::size_t>(iw.item_type)];
    double item_units = std::ceil(ItemBytes(model, t) / kWriteUnitBytes);
    units += item_units;
    for (const IndexKeys& k : t.index_keys) {
      const IndexLayout& index = layout.indexes[static_cast<std::size_t>(k.index - 1)];
      double entry_units = index.projection == Projection::kKeysOnly ? 1.0 : item_units;
      double entries = 1;
      if (iw.op == WriteOp::kUpdate) {
        bool rekeyed = std::any_of(
            iw.refresh_keys.begin(), iw.refresh_keys.end(),
            [&](const std::string& a) { return a == index.partition_key || a == index.sort_key; });
        // A new key moves the entry (delete + put); otherwise the entry is rewritten in place,
        // unless it projects keys only and so holds nothing the update changes.
        entries = rekeyed ? 2 : (index.projection == Projection::kKeysOnly ? 0 : 1);
      }
      f.index_entries += entries;
      units += entries * entry_units;
    }
  }
  f.wcu_per_call = units * (plan.transaction ? 2 : 1);
  f.monthly_cost_usd = MonthlyCost(w.rate, f.wcu_per_call, kWriteRequestUnitPrice);
  return f;
}

}  // namespace model
