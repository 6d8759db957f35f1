// Rules for partitions several reads share, and for a natural-key index's partitions: their
// summed load against DynamoDB's limits.
//
// DynamoDB serves one partition at most 3,000 read units and 1,000 write units a second, for the
// table and each global secondary index apart, whatever the patterns reading it
// (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/bp-partition-key-design.html).
// The loads are summed per key (model/hot_partitions.h SharedPartitions): on a key without
// parameters every call of every read; on a key with parameters each read's even share of its
// calls. A view of the derivation's own without parameters is read-sharded for the sum
// (indexes.cpp SizeSharedReadShards, W541 when no count fits); the other keys are warned about
// here when over the limit: the table's own keys, keys pinned in the model and keys with
// parameters (W542), and a natural-key index's keys, the entities' own attributes (W543).
#include <fmt/format.h>

#include <cmath>
#include <string>
#include <vector>

#include "model/derive/internal.h"
#include "model/hot_partitions.h"

namespace model::derive {

namespace {

std::string Number(double d) {
  if (std::fabs(d - std::round(d)) < 1e-9) return fmt::format("{:.0f}", d);
  return fmt::format("{:.2f}", d);
}

// "GSI1 partition GSI1PK = USER".
std::string PartitionText(const Context& c, const HotPartition& h) {
  return fmt::format("{} partition {} = {}", h.where, c.layout.IndexPartitionKey(h.index), h.key);
}

// W543: a natural-key index's partition over a limit.
void WarnNatural(Context& c, const Model& model, const HotPartition& h,
                 const std::vector<const AccessPattern*>& reads) {
  const bool reads_over = h.rcu_per_shard_s > kPartitionReadLimit + 1e-9;
  const bool writes_over = h.wcu_per_shard_s > kPartitionWriteLimit + 1e-9;
  if (!reads_over && !writes_over) return;
  const DeclaredIndex* d = model.table.FindIndex(h.index);
  std::vector<std::string> loads;
  if (reads_over)
    loads.push_back(fmt::format("{} RCU/s of reads ({}), over DynamoDB's 3000 RCU/s",
                                Number(h.rcu_per_shard_s), DescribeReadUnits(h)));
  if (writes_over)
    loads.push_back(fmt::format("{} WCU/s of writes ({}), over DynamoDB's 1000 WCU/s",
                                Number(h.wcu_per_shard_s), DescribeParts(h, true)));
  const SourceRange at = reads.empty() || !reads.front()->range.valid()
                             ? (d != nullptr ? d->range : SourceRange{})
                             : reads.front()->range;
  Diagnostic& diag = c.diags.Warning(
      DiagId::kNaturalIndexPartition, at,
      fmt::format("one value of the natural-key index {} ({}: each value an even share of the "
                  "calls and writes) takes {} per partition; the index is keyed on the entities' "
                  "own attribute, so the design cannot shard it",
                  h.where, PartitionText(c, h), fmt::join(loads, " and ")));
  if (d != nullptr && d->range.valid())
    Diagnostics::Note(
        diag, d->range,
        fmt::format("{} is keyed on {}: every item with one value of it is in one partition",
                    h.where, d->partition_key));
  Diagnostics::Note(
      diag, at,
      fmt::format("remedies: key {} on an attribute with more values, leave it out so that the "
                  "design derives a view for these reads, which it can shard, cache the reads "
                  "(DAX), or lower the rates",
                  h.where));
}

}  // namespace

void WarnSharedPartitions(Context& c, const Model& model) {
  for (const HotPartition& h : SharedPartitions(model, c.layout)) {
    std::vector<const AccessPattern*> reads;
    for (const HotPartitionPart& part : h.parts) {
      if (part.write || part.pattern_id < 0 || part.units_per_s <= 0) continue;
      reads.push_back(&model.access_patterns[static_cast<std::size_t>(part.pattern_id)]);
    }
    if (h.index > 0 && model.table.NaturalIndex(h.index)) {
      WarnNatural(c, model, h, reads);
      continue;
    }
    if (reads.size() < 2 || h.rcu_per_shard_s <= kPartitionReadLimit + 1e-9) continue;
    const PatternRoute& r =
        c.routes[static_cast<std::size_t>(&*reads.front() - model.access_patterns.data())];
    const bool derived = r.route == Route::kView && r.view >= 0 &&
                         !c.views[static_cast<std::size_t>(r.view)].user_keys;
    // A view of the derivation's own without parameters was read-sharded for the sum (W541 when
    // no shard count serves it).
    if (derived && ConstantKey(h)) continue;
    std::vector<std::string> names;
    for (const AccessPattern* p : reads) names.push_back(p->name);
    const std::string why =
        r.route == Route::kTable ? "the design does not shard the table's own keys"
        : !derived               ? "the design does not shard keys pinned in the model"
                                 : "the design read-shards only keys without parameters (write "
                                   "shards would not spread the value's reads: each read of it "
                                   "queries all its shards)";
    Diagnostic& d = c.diags.Warning(
        DiagId::kSharedPartitionReads, reads.front()->range,
        fmt::format("{} read the same partition, {}, which takes {} RCU/s from them together{} "
                    "({}), over DynamoDB's 3000 RCU/s per partition; {}",
                    fmt::join(names, ", "), PartitionText(c, h), Number(h.rcu_per_shard_s),
                    ConstantKey(h) ? "" : " on its busiest value (each an even share of its calls)",
                    DescribeReadUnits(h), why));
    Diagnostics::Note(d, reads.front()->range,
                      "remedies: serve some of these patterns from another index, cache the reads "
                      "(DAX), or lower their rates");
  }
}

}  // namespace model::derive
