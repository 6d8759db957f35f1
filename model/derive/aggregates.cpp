// Who keeps each declared aggregate (KeyLayout::aggregates): the table's stream or the writes'
// own transactions, from the declared consistency, the stream and the write rates.
#include <fmt/format.h>

#include <algorithm>

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
    double stream_units = out.writes_per_s * group_units;
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
    out.target_wcu_per_s = out.maintainer == Maintainer::kStream ? stream_units : transaction_units;
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
      // The consumer's state grows with the group: one _aggseen entry per source item (and one
      // _aggvals entry per distinct min or max value), toward DynamoDB's 400 KB item limit
      // (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/ServiceQuotas.html).
      AggregateFigures f = EstimateAggregate(m, c.layout, out);
      out.reasons.push_back(
          {fmt::format("the group item holds about {:.0f} bytes at {:.0f} '{}' items per group "
                       "({} {} / {} {}): its _aggseen grows {:.0f} bytes per item, so one group "
                       "reaches DynamoDB's 400 KB item limit at about {:.0f} items",
                       f.group_item_bytes, f.items_per_group, of.name, of.count, of.name,
                       into.count, into.name, f.seen_entry_bytes, f.max_items_per_group),
           {}});
      if (f.group_item_bytes > kMaxItemBytes) {
        auto& d = c.diags.Warning(
            DiagId::kAggregateGroupTooLarge, a.range,
            fmt::format("aggregate '{}' is kept by the stream, and its group item would hold "
                        "about {:.0f} KB at {:.0f} '{}' items per group, over DynamoDB's 400 KB "
                        "item limit (about {:.0f} items fit): the consumer remembers every source "
                        "item it applied; group by something finer, or pin 'maintain: "
                        "transaction'",
                        a.name, std::ceil(f.group_item_bytes / 1024), f.items_per_group, of.name,
                        f.max_items_per_group));
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
            {fmt::format("one transaction with the '{}' items of aggregate '{}' it changes",
                         into.name, a.name),
             {plan.pattern}});
        out.maintained_by.push_back(plan.pattern);
      }
    }
    c.layout.aggregates.push_back(std::move(out));
  }
}

}  // namespace model::derive
