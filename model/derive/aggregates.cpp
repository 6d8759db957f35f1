// Who keeps each declared aggregate (KeyLayout::aggregates): the table's stream or the writes'
// own transactions, from the declared consistency, the stream and the write rates; and, for the
// transactions, over how many items (shards) each group's values are split.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "model/base/casing.h"
#include "model/check_report.h"
#include "model/cost.h"
#include "model/derive/internal.h"

namespace model::derive {

namespace {

// Whether write pattern `w` can change a value of aggregate `a`: a create or delete of `of`, or
// an update listing a group or value source (or listing nothing: any attribute).
bool Changes(const WritePattern& w, const AggregateDecl& a, const Entity& of) {
  if (w.entity != a.of) return false;
  if (w.kind != WriteKind::kUpdate || w.attributes.empty()) return true;
  auto listed = [&](AttrId id) {
    if (id < 0) return false;
    const std::string& name = of.attributes[static_cast<std::size_t>(id)].name;
    return std::find(w.attributes.begin(), w.attributes.end(), name) != w.attributes.end();
  };
  for (const GroupPart& g : a.group) {
    if (listed(g.source)) return true;
  }
  for (const AggregateValue& v : a.values) {
    if (listed(v.source)) return true;
  }
  return false;
}

// Why the values of `a` cannot be split over shards, or "" when they can: a shard holds part of
// the values, so nothing may select or order `into`'s items by a value on the server (an index
// key, a filter); the reader combines the shards only after reading.
std::string ShardBlocker(const Context& c, const AggregateDecl& a, const Entity& into) {
  std::vector<std::string> values;
  for (const AggregateValue& v : a.values)
    values.push_back(into.attributes[static_cast<std::size_t>(v.target)].name);
  auto is_value = [&](const std::string& name) {
    return std::find(values.begin(), values.end(), name) != values.end();
  };
  for (int t : c.layout.ItemTypesOf(a.into)) {
    const ItemType& type = c.layout.item_types[static_cast<std::size_t>(t)];
    if (type.role == ItemRole::kFacet) {
      // A facet's copy of a value would be one shard's part (the maintainer writes the facets
      // with shard 0), which no reader could tell from the whole.
      for (const std::string& attr : type.attributes) {
        if (is_value(attr))
          return fmt::format("'{}' copies '{}' onto another item of the group", type.name, attr);
      }
    }
    for (const IndexKeys& k : type.index_keys) {
      for (const std::string& attr : k.partition_key.Attributes()) {
        if (is_value(attr))
          return fmt::format("GSI{} keys '{}' items by '{}', which each shard holds only part of",
                             k.index, into.name, attr);
      }
      for (const std::string& attr : k.sort_key.Attributes()) {
        if (is_value(attr))
          return fmt::format("GSI{} sorts '{}' items by '{}', which each shard holds only part of",
                             k.index, into.name, attr);
      }
    }
  }
  for (const ReadPlan& plan : c.layout.reads) {
    bool reads_into = std::any_of(plan.item_types.begin(), plan.item_types.end(), [&](int t) {
      return c.layout.item_types[static_cast<std::size_t>(t)].entity == a.into;
    });
    if (!reads_into) continue;
    for (const SparseCondition& f : plan.filter) {
      if (is_value(f.attribute))
        return fmt::format(
            "access pattern '{}' filters on '{}', which each shard holds only "
            "part of",
            plan.pattern, f.attribute);
    }
  }
  return "";
}

// Splits each group of `out` (kept in transactions) over shards when its write units exceed one
// partition's, or as pinned; records the shard keys and tells the read plans of `into`.
void SizeGroupShards(Context& c, const AggregateDecl& a, const Entity& into, int id,
                     AggregateLayout& out) {
  // One partition takes at most 1,000 WCU/s
  // (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/bp-partition-key-design.html);
  // every shard is a partition key of its own, and a write lands on one shard.
  int needed =
      std::max(1, static_cast<int>(std::ceil(out.target_wcu_per_s / kPartitionWriteLimit)));
  std::string blocker = ShardBlocker(c, a, into);
  if (a.shards > 0) {
    if (out.maintainer == Maintainer::kStream && a.shards > 1) {
      c.diags.Error(DiagId::kAggregateShardsUnusable, a.shards_range,
                    fmt::format("aggregate '{}' pins 'shards: {}', but a consumer of the table's "
                                "stream keeps it and writes each group once per batch; shards are "
                                "for groups kept in the writes' transactions: pin 'maintain: "
                                "transaction' or remove 'shards'",
                                a.name, a.shards));
      c.failed = true;
      return;
    }
    if (!blocker.empty() && a.shards > 1) {
      c.diags.Error(DiagId::kAggregateShardsUnusable, a.shards_range,
                    fmt::format("aggregate '{}' pins 'shards: {}', but {}; remove 'shards' or "
                                "the index or filter on the value",
                                a.name, a.shards, blocker));
      c.failed = true;
      return;
    }
    if (a.shards < needed) {
      c.diags.Warning(
          DiagId::kTooFewShards, a.shards_range,
          fmt::format("aggregate '{}' pins 'shards: {}', but about {:.0f} WCU/s on "
                      "one group need {} shards to stay within one partition's "
                      "{:.0f} WCU/s",
                      a.name, a.shards, out.target_wcu_per_s, needed, kPartitionWriteLimit));
    }
    out.shards = a.shards;
    if (out.shards > 1)
      out.reasons.push_back(
          {fmt::format("each group's values split over {} items because the model pins "
                       "'shards: {}'",
                       out.shards, out.shards),
           {}});
  } else if (out.maintainer == Maintainer::kTransaction && needed > 1) {
    if (!blocker.empty()) {
      c.diags.Warning(DiagId::kAggregateGroupTooHot, a.range,
                      fmt::format("aggregate '{}': about {:.0f} WCU/s may land on one group's "
                                  "item, over one partition's {:.0f} WCU/s, and the group cannot "
                                  "be split over shards: {}; keep it with the table's stream "
                                  "('streams: true'), or drop the index or filter on the value",
                                  a.name, out.target_wcu_per_s, kPartitionWriteLimit, blocker));
    } else {
      out.shards = needed;
      out.reasons.push_back(
          {fmt::format("each group's values split over {} items (write sharding): about {:.0f} "
                       "WCU/s on one group would exceed one partition's {:.0f} WCU/s "
                       "(https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/"
                       "bp-partition-key-design.html); a write updates the shard its '{}' item's "
                       "identifier hashes to, a read of '{}' reads all {} and adds them up",
                       needed, out.target_wcu_per_s, kPartitionWriteLimit, c.entity(a.of).name,
                       into.name, needed),
           out.maintained_by});
    }
  }
  if (out.shards <= 1) return;
  const ItemType& target = c.layout.item_types[static_cast<std::size_t>(out.target_type)];
  int width = static_cast<int>(std::to_string(out.shards - 1).size());
  bool shared_into = std::count_if(c.model.aggregates.begin(), c.model.aggregates.end(),
                                   [&](const AggregateDecl& o) { return o.into == a.into; }) > 1;
  out.shard_literal = std::string(kAggregateShardLiteral) +
                      (shared_into ? "_" + UpperSnake(a.name) : std::string());
  out.shard_partition_key = TemplateBuilder()
                                .Append(target.partition_key)
                                .Sep()
                                .Literal(out.shard_literal)
                                .Sep()
                                .Attr(kShardAttribute, Encoding::kShard, width)
                                .Build();
  out.shard_label = target.label + out.shard_literal;
  std::vector<int> types = c.layout.ItemTypesOf(a.into);
  for (ReadPlan& plan : c.layout.reads) {
    bool reads_group = std::any_of(plan.item_types.begin(), plan.item_types.end(), [&](int t) {
      const ItemType& type = c.layout.item_types[static_cast<std::size_t>(t)];
      return type.entity == a.into &&
             (type.role == ItemRole::kEntity || type.role == ItemRole::kFacet);
    });
    if (!reads_group) continue;
    plan.aggregate_shards.push_back(id);
    plan.reasons.push_back(
        {fmt::format("then reads the other {} shards of each '{}' item of aggregate '{}' "
                     "(BatchGetItem) and combines their values",
                     out.shards - 1, into.name, a.name),
         {plan.pattern}});
  }
}

}  // namespace

void PlanAggregates(Context& c) {
  const Model& m = c.model;
  for (std::size_t i = 0; i < m.aggregates.size(); ++i) {
    const AggregateDecl& a = m.aggregates[i];
    const Entity& of = c.entity(a.of);
    const Entity& into = c.entity(a.into);
    AggregateLayout out;
    out.name = a.name;
    out.aggregate_id = static_cast<int>(i);
    out.source_type = c.layout.ItemTypesOf(a.of).front();
    out.target_type = c.layout.ItemTypesOf(a.into).front();
    std::vector<std::string> writers;
    for (const WritePattern& w : m.write_patterns) {
      if (!Changes(w, a, of)) continue;
      out.writes_per_s += w.rate;
      writers.push_back(w.name);
    }
    std::vector<std::string> consistent_reads;
    for (const AccessPattern& p : m.access_patterns) {
      if (p.consistent && std::find(p.returns.begin(), p.returns.end(), a.into) != p.returns.end())
        consistent_reads.push_back(p.name);
    }
    // Every group item the maintainer writes: `into`'s items (main item and facets), each
    // rounded up to 1 KB (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/
    // read-write-operations.html#write-operation-consumption).
    double group_units = 0;
    for (int t : c.layout.ItemTypesOf(a.into)) {
      const ItemType& type = c.layout.item_types[static_cast<std::size_t>(t)];
      if (type.role == ItemRole::kEntity || type.role == ItemRole::kFacet)
        group_units += ItemWriteUnits(static_cast<double>(into.item_size));
    }
    // A write touches at most two groups (an update moving an item from one to another); the
    // declared rate is the worst case of every write landing on one group.
    double transaction_units = out.writes_per_s * group_units * kTransactionFactor;
    std::string rates =
        writers.empty()
            ? fmt::format("no write pattern changes '{}' in a way that moves a value", of.name)
            : fmt::format("{} write{}/s of '{}' ({}) change it", out.writes_per_s,
                          out.writes_per_s == 1 ? "" : "s", of.name, fmt::join(writers, ", "));
    if (a.maintain == Maintainer::kStream && !m.table.streams) {
      auto& d = c.diags.Error(
          DiagId::kAggregateStreamMissing, a.maintain_range,
          fmt::format("aggregate '{}' pins 'maintain: stream', but table '{}' has no stream; add "
                      "'streams: true' to 'table:' or pin 'maintain: transaction'",
                      a.name, m.table.name));
      Diagnostics::Note(d, m.table.range, "the table is declared here");
      c.failed = true;
      continue;
    }
    if (a.maintain) {
      out.maintainer = *a.maintain;
      out.reasons.push_back(
          {fmt::format(
               "kept by the {} because the model pins 'maintain: {}'",
               *a.maintain == Maintainer::kStream ? "table's stream" : "writes' transactions",
               MaintainerName(*a.maintain)),
           {}});
    } else if (!consistent_reads.empty()) {
      out.maintainer = Maintainer::kTransaction;
      out.reasons.push_back(
          {fmt::format("kept in the writes' transactions: {} read{} '{}' with strong consistency, "
                       "which a stream consumer (seconds behind) cannot give",
                       fmt::join(consistent_reads, ", "), consistent_reads.size() == 1 ? "s" : "",
                       into.name),
           consistent_reads});
    } else if (!m.table.streams) {
      out.maintainer = Maintainer::kTransaction;
      out.reasons.push_back(
          {"kept in the writes' transactions: the table has no stream ('streams: true' would let "
           "a consumer keep it without making every write a transaction)",
           {}});
    } else {
      out.maintainer = Maintainer::kStream;
      out.reasons.push_back(
          {fmt::format("kept by a consumer of the table's stream: no read of '{}' needs strong "
                       "consistency, so the writes stay as they are; in their transactions every "
                       "change would cost {} write units instead of {} "
                       "(https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/"
                       "transaction-apis.html#transaction-capacity-handling), and a consumer "
                       "reading the stream from Lambda pays no read requests "
                       "(https://aws.amazon.com/dynamodb/pricing/on-demand/)",
                       into.name, group_units * kTransactionFactor, group_units),
           writers});
    }
    if (out.maintainer == Maintainer::kTransaction) {
      // A chain (a user's total likes summed from the posts' like counts): the other aggregate's
      // maintainer changes the source without a write pattern, which only the stream would see.
      std::string chained;
      for (const AggregateDecl& other : m.aggregates) {
        if (&other == &a || other.into != a.of) continue;
        auto kept = [&](AttrId id) {
          return std::any_of(other.values.begin(), other.values.end(),
                             [&](const AggregateValue& v) { return v.target == id; });
        };
        for (const GroupPart& g : a.group)
          if (chained.empty() && kept(g.source))
            chained = fmt::format("'{}' of '{}', which aggregate '{}' keeps",
                                  of.attributes[static_cast<std::size_t>(g.source)].name, of.name,
                                  other.name);
        for (const AggregateValue& v : a.values)
          if (chained.empty() && v.source >= 0 && kept(v.source))
            chained = fmt::format("'{}' of '{}', which aggregate '{}' keeps",
                                  of.attributes[static_cast<std::size_t>(v.source)].name, of.name,
                                  other.name);
      }
      if (!chained.empty()) {
        c.diags.Error(DiagId::kAggregateChainInTransaction, a.range,
                      fmt::format("aggregate '{}' is kept in the writes' transactions but reads "
                                  "{}: that maintainer changes it without a write pattern, so "
                                  "'{}' would drift; keep '{}' with the table's stream "
                                  "('streams: true', no 'maintain: transaction', eventually "
                                  "consistent reads)",
                                  a.name, chained, a.name, a.name));
        c.failed = true;
        continue;
      }
    }
    // A stream consumer's units are the cost summary's (EstimateAggregate: moves touch two
    // groups, and the group item carries the consumer's state), so explain and the design's
    // cost section say one figure.
    out.target_wcu_per_s = out.maintainer == Maintainer::kStream
                               ? EstimateAggregate(m, c.layout, out).wcu_per_s
                               : transaction_units;
    out.reasons.push_back(
        {fmt::format("{}: about {:.0f} WCU/s on '{}' items{}", rates, out.target_wcu_per_s,
                     into.name,
                     out.target_wcu_per_s > kPartitionWriteLimit
                         ? fmt::format(", over one partition's {:.0f} if they all land on one "
                                       "group{}",
                                       kPartitionWriteLimit,
                                       out.maintainer == Maintainer::kStream
                                           ? " (the consumer writes a group once per batch of "
                                             "records, which absorbs a hot group)"
                                           : "")
                         : ""),
         writers});
    if (out.maintainer == Maintainer::kStream) {
      // The consumer's state: one _aggseen entry per source item changed within the stream's
      // retention (older ones pruned), and one _aggvals entry per distinct min or max value,
      // toward DynamoDB's 400 KB item limit
      // (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/ServiceQuotas.html).
      AggregateFigures f = EstimateAggregate(m, c.layout, out);
      out.reasons.push_back(
          {fmt::format("the group item holds about {:.0f} bytes at {:.0f} '{}' items per group "
                       "({} {} / {} {}): its _aggseen keeps {:.0f} bytes per '{}' item changed in "
                       "the last {} hours (about {:.0f} at the declared rates; the stream keeps a "
                       "record 24 hours, so older entries are pruned), {}",
                       f.group_item_bytes, f.items_per_group, of.name, of.count, of.name,
                       into.count, into.name, f.seen_entry_bytes, of.name,
                       kAggregateSeenRetentionSeconds / 3600, f.seen_entries,
                       f.max_items_per_group > 0
                           ? fmt::format("so one group reaches DynamoDB's 400 KB item limit at "
                                         "about {:.0f} items",
                                         f.max_items_per_group)
                           : std::string("and it does not grow with the group")),
           {}});
      if (f.group_item_bytes > kMaxItemBytes) {
        auto& d = c.diags.Warning(
            DiagId::kAggregateGroupTooLarge, a.range,
            fmt::format("aggregate '{}' is kept by the stream, and its group item would hold "
                        "about {:.0f} KB at {:.0f} '{}' items per group, over DynamoDB's 400 KB "
                        "item limit (about {:.0f} items fit): the consumer remembers each source "
                        "item it applied in the last {} hours and, for a min or max, how many "
                        "items hold each value; group by something finer, or pin 'maintain: "
                        "transaction'",
                        a.name, std::ceil(f.group_item_bytes / 1024), f.items_per_group, of.name,
                        f.max_items_per_group, kAggregateSeenRetentionSeconds / 3600));
        Diagnostics::Note(d, of.range, fmt::format("'{}' declares count {}", of.name, of.count));
        Diagnostics::Note(d, into.range,
                          fmt::format("'{}' declares count {}", into.name, into.count));
      }
    }
    if (out.maintainer == Maintainer::kTransaction) {
      for (std::size_t w = 0; w < m.write_patterns.size(); ++w) {
        if (!Changes(m.write_patterns[w], a, of)) continue;
        WritePlan& plan = c.layout.writes[w];
        plan.aggregates.push_back(static_cast<int>(i));
        plan.transaction = true;
        plan.reasons.push_back(
            {fmt::format("one transaction with the '{}' items of aggregate '{}' it changes, each "
                         "read first with a strongly consistent GetItem (the values and version "
                         "the put starts from; https://docs.aws.amazon.com/amazondynamodb/latest/"
                         "developerguide/read-write-operations.html)",
                         into.name, a.name),
             {plan.pattern}});
        out.maintained_by.push_back(plan.pattern);
      }
    }
    std::vector<std::string> app_writes;
    bool app_creates = false, app_deletes = false;
    for (const WritePattern& w : m.write_patterns) {
      if (w.entity != a.into) continue;
      app_writes.push_back(w.name);
      app_creates = app_creates || w.kind == WriteKind::kCreate;
      app_deletes = app_deletes || w.kind == WriteKind::kDelete;
    }
    if (!app_writes.empty()) {
      std::vector<std::string> what;
      if (app_creates)
        what.push_back("its creates start the values at an empty group's (count and sum 0)");
      if (app_writes.size() > static_cast<std::size_t>(app_creates + app_deletes) ||
          std::any_of(m.write_patterns.begin(), m.write_patterns.end(), [&](const WritePattern& w) {
            return w.entity == a.into && w.kind == WriteKind::kUpdate;
          }))
        what.push_back(
            "its updates leave them alone and bump the item's version, so the "
            "maintainer never writes a stale copy back");
      if (app_creates || app_deletes)
        what.push_back(
            fmt::format("the maintainer updates only '{}' items that exist and never "
                        "creates one",
                        into.name));
      else
        what.push_back(
            fmt::format("the maintainer creates a group's '{}' item when the group "
                        "gets its first item",
                        into.name));
      out.reasons.push_back({fmt::format("the application writes '{}' too ({}): {}", into.name,
                                         fmt::join(app_writes, ", "), fmt::join(what, "; ")),
                             app_writes});
    }
    if (out.maintainer == Maintainer::kTransaction && !of.ttl.empty()) {
      // Time to Live deletes expired items itself, outside any write pattern; only the stream
      // sees those deletions (REMOVE records from the DynamoDB service:
      // https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/time-to-live-ttl-streams.html).
      auto& d = c.diags.Warning(
          DiagId::kAggregateMissesTtlDeletes, a.range,
          fmt::format("aggregate '{}' is kept in the writes' transactions, but Time to Live "
                      "deletes expired '{}' items without a write pattern, so its groups keep "
                      "counting them; keep it with the table's stream ('streams: true', and no "
                      "'maintain: transaction' or strongly consistent read of '{}')",
                      a.name, of.name, into.name));
      Diagnostics::Note(d, of.range, fmt::format("'{}' expires by 'ttl: {}'", of.name, of.ttl));
    }
    SizeGroupShards(c, a, into, static_cast<int>(i), out);
    c.layout.aggregates.push_back(std::move(out));
  }
}

}  // namespace model::derive
