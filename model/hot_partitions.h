// Hot partitions: the load on one busy partition key value, summed over every pattern that reads
// it and every write that lands on it, from the declarations and the derived layout.
//
// A read pattern declaring `hot: { share }` (AccessPattern::hot_share) says one value of its `by`
// parameters takes that share of its calls and of the writes to the entities it returns
// (docs/model-format.md "Hot partitions: one busy value"). DynamoDB's limits are per partition,
// not per pattern: one partition serves at most 3,000 read units and 1,000 write units a second,
// for the table and each global secondary index apart
// (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/bp-partition-key-design.html).
// Adaptive capacity isolates a busy item collection on a partition of its own but does not lift
// those limits, and burst capacity banks at most 300 seconds of unused throughput for short
// spikes, not for a sustained load
// (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/burst-adaptive-capacity.html).
// So everything on the same physical partition key (an index, the table or GSIi, and its key
// template: "table: REPO#{repoId}") counts on the busy value:
// - a read pattern declaring `hot` with that key: its share of its calls, at the read units one
//   call costs (model/cost.h EstimateRead); another read of that key: the even share, its calls
//   ÷ the partitions they spread over (ReadFigures::partitions);
// - a write landing on that key (WriteFigures::partition_units: the item, or the index entry,
//   at the transaction's factor; an embedded child's write as the rewrite of its parent's item;
//   the group items of aggregates kept in its transaction; a drawn counter's UpdateItems):
//   the largest share a hot pattern on the key declares for the written entity (the entity it
//   returns, or the child of an embedded collection of the parent it returns), else the even
//   share, 1 ÷ the values the key takes.
// The busy values of several hot patterns on one key are taken to be one value (a large tenant
// is large in every pattern): the sum is what that tenant puts on its partition.
// Write shards (a {_shard} suffix 0..N-1 on the key) spread the value's writes, ÷ N on each
// shard partition; a read of the value queries every shard, so each shard takes the read's units
// ÷ N, never less than one request (0.5 RCU) per call.
#pragma once

#include <string>
#include <vector>

#include "model/layout.h"
#include "model/model.h"

namespace model {

// One pattern's part of a hot partition's load.
struct HotPartitionPart {
  std::string pattern;  // the access or write pattern's name
  int pattern_id = -1;  // its Model::access_patterns (reads) or write_patterns (writes) index
  bool write = false;
  bool declared = false;   // the share is a `hot` declaration's (else the even share)
  double share = 0;        // of the pattern's calls (reads) or writes
  double per_s = 0;        // calls (reads) or writes per second on the value
  double units_per_s = 0;  // RCU (reads) or WCU (writes) per second on the value, all shards
};

struct HotPartition {
  int index = 0;                  // 0 the table, i GSIi
  std::string where;              // "table" or the index's name
  std::string key;                // the partition key template, "ORG#{orgId}#{_shard}"
  std::vector<int> hot_patterns;  // access pattern ids declaring `hot` on it, declaration order
  double share = 0;               // the largest share they declare
  int shards = 1;                 // write shards of the key
  double reads_per_s = 0;         // calls on the value, all patterns
  double rcu_per_s = 0;           // on the value, all shards
  double rcu_per_shard_s = 0;     // on each of its shard partitions
  double wcu_per_s = 0;           // on the value, all shards
  double wcu_per_shard_s = 0;     // on each of its shard partitions
  std::vector<HotPartitionPart> parts;  // reads then writes, declaration order
};

// The partition keys read by patterns declaring `hot`, in the order of the first such pattern,
// with their summed loads. `layout` was derived from `m`.
std::vector<HotPartition> HotPartitions(const Model& m, const KeyLayout& layout);

// The writes on one value of partition key `key` of index `index` (0 the table), summed as
// HotPartitions sums a key's (the largest share a pattern declaring `hot` and reading that key
// gives the written entity, else the even share), leaving out the group items of aggregate
// `skip_aggregate` (-1 none) and of aggregates not yet in `layout.aggregates`, and counting the
// write patterns in `transactions` (Model::write_patterns ids) as TransactWriteItems, twice the
// units: what the other writes put on the partition an aggregate's group item shares with them
// once they keep it in their transactions (the derivation sizes the aggregate's shards by it,
// model/derive/aggregates.cpp). No reads are summed.
HotPartition PartitionWrites(const Model& m, const KeyLayout& layout, int index,
                             const std::string& key, int skip_aggregate,
                             const std::vector<int>& transactions = {});

// The constant partition keys (no placeholder: `PROFILE`) of every inverted index
// (DeclaredIndex::Inverted) some read plan queries, by index then key, with their loads summed as
// HotPartitions sums a key's (share 1: every call of a read, every write landing there, is on the
// one value). An entity whose table sort key is a constant has every item in that one partition
// of the index, and an inverted index is keyed on the table's own attributes, so the derivation
// cannot shard it (docs/model-format.md, "an inverted index").
std::vector<HotPartition> InvertedConstantPartitions(const Model& m, const KeyLayout& layout);

// The other partition keys whose reads add up on one partition, with their loads summed as
// HotPartitions sums a key's (each read at the even share, its calls ÷ the values the key takes,
// so every call on a constant key): each key (an index and its key template) that two or more
// read plans query, and each key of a natural-key index (DeclaredIndex::Natural: keyed on an
// entity attribute, such as `status` with three values) a read plan queries. Keys HotPartitions
// or InvertedConstantPartitions sum (read by a pattern declaring `hot`, an inverted index's
// constant key) are left to them. In the order of the first plan reading each key.
// DynamoDB's limits are per partition, not per pattern
// (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/bp-partition-key-design.html):
// three list reads of `GSI1PK = USER` at 2,500, 1,875 and 1,875 RCU/s fit one partition apiece
// and take 6,250 RCU/s of it together.
std::vector<HotPartition> SharedPartitions(const Model& m, const KeyLayout& layout);

// Whether `h`'s key takes no parameter but the write shard (`USER`, `USER#{_shard}`): every call
// of every read on it reads that one partition (all its shards).
bool ConstantKey(const HotPartition& h);

// The write shards `wcu_per_s` on one value needs: ceil(wcu_per_s ÷ 1000), 1..kMaxWriteShards.
int NeededWriteShards(double wcu_per_s);

// "GSI1: ORG#{orgId}#{_shard}".
std::string PartitionName(const HotPartition& h);

// "orgEvents 30% of calls, logEvent 30% of writes": the parts with a load, declaration order.
std::string DescribeParts(const HotPartition& h, bool writes);

// "allUsers 2500 RCU/s, userNames 1875 RCU/s": the reads with a load on `h`, declaration order.
std::string DescribeReadUnits(const HotPartition& h);

}  // namespace model
