// Capacity, partition load and cost of a plan, computed from the declarations alone.
//
// This is the one place that applies DynamoDB's capacity rules. `model design` sizes read and
// write shards with it, `model check` reports its figures (load and cost never depend on the
// synthetic data's scale: `--items` proves correctness, the declarations give the numbers),
// `model docs` and the exports show them.
//
// The rules, from the DynamoDB Developer Guide:
// - Read units (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/
//   read-write-operations.html#read-operation-consumption): one read unit is one strongly
//   consistent read of up to 4 KB; an eventually consistent read costs half; a transactional
//   read costs two. GetItem rounds the item up to the next 4 KB; BatchGetItem rounds each item
//   on its own; Query and Scan add up the sizes of all items read (before any filter) and round
//   the sum up to the next 4 KB, per request (page). A request costs at least one 4 KB block,
//   even when it reads nothing: 0.5 unit eventually consistent, 1 strongly consistent (the
//   same page's Query and Scan entries; measured on DynamoDB: an empty Query still costs 0.5 /
//   1, shared/dynamodb-reference.md 1.9). A page stops after 1 MB read
//   (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Query.Pagination.html).
// - Write units (same page, #write-operation-consumption, and
//   https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/
//   CapacityUnitCalculations.html "item sizes and capacity"): one write unit per 1 KB of the item
//   written, rounded up, at least one; each global secondary index entry the write puts, changes
//   or removes costs its own units, rounded up on the entry's size
//   (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/
//   GSI.html#GSI.ThroughputConsiderations.Writes); an update that changes an index key writes
//   two index entries (the old one deleted, the new one put).
// - Transactions (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/
//   transaction-apis.html#transaction-capacity-handling): every read or write in a transaction
//   costs twice the units.
// - Per-partition limits (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/
//   bp-partition-key-design.html#bp-partition-key-throughput-bursting and
//   ServiceQuotas.html#default-limits-throughput): 3,000 read units and 1,000 write units per
//   second per partition, for tables and global secondary indexes alike.
// - Prices (on demand and provisioned): model/check_report.h.
//
// Assumptions, stated where a figure rests on one (ReadFigures::assumption):
// - Requests spread evenly over the values of a key's parameters: the busiest partition of a
//   key with parameters takes rate ÷ (distinct values) of the calls. A key without parameters
//   takes every call; each shard of a fan-out takes every call too.
// - Distinct values of a key attribute: the entity's count for its identifier or a unique
//   attribute, the parent's count for a link, the values of an enum, two for a boolean, its
//   `distinct` when declared (Attribute::distinct); any other attribute (the model declares no
//   cardinality for it) is assumed to take √count values, the geometric mean of one value per
//   item and one for all. A filter on such an attribute is assumed to keep 1 in 10 items
//   (AssumedSelectivity); with `distinct`, 1 in distinct; on a polymorphic kind, the parent's
//   share of the parents' counts (FilterSelectivity, the derivation's filter selectivity too).
// - An optional key attribute of a natural-key index puts only the items having it in the index:
//   with `present_when`, the share of items in its states; otherwise 1 in 10 is assumed.
// - A range condition without a limit may select the whole partition: the figure is then an
//   upper bound (ReadFigures::upper_bound).
// - A sharded fan-out with a limit L over N shards reads pages of ceil(L / N) items; the hash
//   puts each of the L items returned on a shard independently, so a shard's share is
//   Binomial(L, 1/N), and the lazy merge reads 1 + floor(share / page) pages from it.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "model/check_report.h"
#include "model/layout.h"
#include "model/model.h"

namespace model {

inline constexpr double kReadUnitBytes = 4096;
inline constexpr double kWriteUnitBytes = 1024;
inline constexpr double kMaxItemBytes = 400 * 1024;
inline constexpr double kPageBytes = 1024 * 1024;  // a Query or Scan page reads at most 1 MB
inline constexpr double kTransactionFactor = 2;
// A partition holds at most 10 GB before DynamoDB splits it
// (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/HowItWorks.Partitions.html).
inline constexpr double kPartitionBytes = 10.0 * 1024 * 1024 * 1024;
// The most shards the derivation tries when sizing a read-hot key.
inline constexpr int kMaxReadShards = 100;
// The most items one aggregate group's values may be split over (`shards:`, 1..1000).
inline constexpr int kMaxAggregateShards = 1000;
// The most write shards the derivation gives one key (the range of a `shards:` pin): a load
// that needs more is past what sharding one key sensibly serves (every read of the key queries
// every shard), and the design says so rather than plan a Query of millions of shards.
inline constexpr int kMaxWriteShards = 1000;

// Read units of one request (a GetItem of one item, one Query or Scan page) that reads `bytes`
// bytes: the bytes rounded up to whole 4 KB blocks, at least one block, halved when eventually
// consistent. `bytes` >= 0.
double RequestReadUnits(double bytes, bool consistent);
// Read units of a Query or Scan that reads `bytes` bytes in as many 1 MB pages as it takes,
// each page rounded on its own (RequestReadUnits). At least one request.
double PagedReadUnits(double bytes, bool consistent);
// Pages (requests) a Query or Scan reading `bytes` bytes takes: ceil(bytes / 1 MB), at least 1.
double PagesFor(double bytes);
// Write units of writing one item (or index entry) of `bytes` bytes: ceil(bytes / 1 KB), at
// least 1 (not doubled for a transaction; the caller multiplies by kTransactionFactor).
double ItemWriteUnits(double bytes);
// Share of `e`'s items with `attribute` equal to one value: 1 / values for an enum, 1/2 for a
// boolean, 1 / count for the identifier or a unique attribute, 1 / distinct for an attribute
// declaring it (at most 1 / count), otherwise the assumed 1/10.
double AssumedSelectivity(const Entity& e, const std::string& attribute);
// The share of `e`'s items with `attribute == value`: the attribute's declared `shares`
// (Entity::ValueShare, at least one item in `count`), else AssumedSelectivity(e, attribute).
double ValueSelectivity(const Entity& e, const std::string& attribute, const std::string& value);
// The share of `e`'s items with `attribute == value` as every estimate takes it, the derivation's
// filter selectivity and the cost figures alike: the declared `shares` (ValueSelectivity); else,
// for the kind of a polymorphic association of `m` (docs/model-format.md "Polymorphic
// associations"), that parent's count over all the parents' counts, 1 / (number of parents) when
// they are alike (no 1 in 10 assumed); else ValueSelectivity. `e` is one of `m`'s entities.
double FilterSelectivity(const Model& m, const Entity& e, const std::string& attribute,
                         const std::string& value);
// How many distinct values `attributes` of item type `t`'s items take together, as the cost
// figures count a partition key's values: a relationship's parent count, a declared `distinct`,
// an enum's values, an aggregate's groups (`into`'s count), else √count, which `assumption` (when
// given and empty) then says. At least 1, at most the entity's count.
double DistinctValues(const Model& m, const ItemType& t, const std::vector<std::string>& attributes,
                      std::string* assumption);
// Monthly price of `units_per_s` units sustained for a month at `billing`: on demand, units ×
// seconds × price per million request units; provisioned, capacity units × hours × price per
// unit-hour. `write` picks the write prices.
double MonthlyCost(double units_per_s, bool write, BillingMode billing);

// The load on each shard partition of a fan-out: every call queries every shard.
struct ShardLoad {
  int shards = 1;
  double page_items = 0;      // items one shard request reads
  double pages_per_call = 1;  // requests one call sends to one shard (expected)
  double rcu_per_page = 0;
  double rcu_per_s = 0;  // on one shard partition at the rate
};
// The load of `rate` calls/s, each returning up to `limit` items (none: all `items`) of
// `item_bytes` bytes merged from `shards` shards, `items` the items the key condition selects
// across all shards. `shards` >= 1.
ShardLoad FanOutShardLoad(double rate, std::optional<std::int64_t> limit, double items,
                          double item_bytes, bool consistent, int shards);

// The read shards a key without parameters needs: the smallest N in 1..kMaxReadShards whose
// FanOutShardLoad stays within the partition read limit, or, when none does, the N with the
// least load and `feasible` false. `floor_rcu_per_s` is the least load any shard count reaches
// (every shard sees every call, and a request costs at least one block).
struct ReadShardSizing {
  int shards = 1;
  bool feasible = true;
  double floor_rcu_per_s = 0;
  ShardLoad load;
};
ReadShardSizing SizeReadShards(double rate, std::optional<std::int64_t> limit, double items,
                               double item_bytes, bool consistent);

struct ReadFigures {
  double items_returned = 0;  // per call
  // Items read per item returned: the ReadPlan's (what its filter discards); a Scan's, every
  // item over those it returns; a two-step read's (ReadPlan::follow_up), both steps' items over
  // the items the second returns.
  double read_amplification = 1;
  double items_read = 0;  // per call, before filters
  double requests = 1;    // requests (pages) per call
  double rcu_per_call = 0;
  // Of rcu_per_call, what the request on the plan's own partition key reads: not the BatchGetItem
  // of an aggregate's other shards, its group items or a follow-up's items, which are on keys of
  // their own (model/hot_partitions.h sums each key's load).
  double key_rcu_per_call = 0;
  double rcu_per_s = 0;             // at the declared rate
  double monthly_cost_usd = 0;      // at the declared rate and the table's billing mode
  double partitions = 1;            // partitions the calls spread over (shards count separately)
  double busiest_rcu_per_s = 0;     // on the busiest partition, at the declared rate
  bool constant_partition = false;  // every call reads the same partition(s) (no parameter)
  bool upper_bound = false;         // a range without a limit: the whole partition counted
  // The cardinality the figures assume beyond the declarations ("" = none): a sentence.
  std::string assumption;
};

struct WriteFigures {
  int items_written = 0;
  bool transaction = false;
  double index_entries =
      0;  // index entries written per call (an upper bound: sparse entries counted)
  double wcu_per_call = 0;
  double wcu_per_s = 0;  // at the declared rate
  // The group items of aggregates kept in this write's transaction (WritePlan::aggregates) it
  // reads first, one strongly consistent GetItem each (its groups: two when the write can move
  // an item between groups; none for counts and sums kept by ADD, aggregate_rules.h KeptByAdd,
  // and one item for the aggregates sharing it, SharesGroupItem), and their read units
  // (AggregateFigures::rcu_per_group each, on the table):
  // https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/read-write-operations.html
  int group_reads = 0;
  double rcu_per_call = 0;
  double rcu_per_s = 0;  // at the declared rate
  // The strongly consistent GetItem of the written item an update or delete makes first when it
  // rebuilds keys, or guards values, from attributes it does not set (WritePlan::read_first):
  // one request, billed by the whole stored item's size however few attributes it projects, one
  // RCU per 4 KB. 0 without read_first.
  // https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/read-write-operations.html
  double first_read_rcu_per_call = 0;
  double first_read_rcu_per_s = 0;  // at the declared rate
  // An update of attributes children copy (WritePlan::copies): the read of the parent's children
  // (each fan-out's plan, EstimateRead, strongly consistent on the table), and their writes:
  // Model::ChildrenPerParent children, each child's item writes at its stored size (index
  // entries as for the parent's own), at the transaction's factor inside the parent's
  // TransactWriteItems or in a child's own when it writes several items. The units are part of
  // wcu_per_call and wcu_per_s_by_index.
  double copy_children = 0;  // children rewritten per call
  double copy_read_requests = 0;
  double copy_read_rcu_per_call = 0;
  double copy_read_rcu_per_s = 0;  // at the declared rate
  // copy_read_rcu_per_s split by where the reads run: [0] the table, [i] index GSIi (empty
  // without copies).
  std::vector<double> copy_read_rcu_per_s_by_index;
  double copy_wcu_per_call = 0;
  // wcu_per_s split by where the units are consumed: [0] the table, [i] index GSIi (an index
  // write consumes the index's own write capacity, not the table's:
  // https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/GSI.html#GSI.ThroughputConsiderations.Writes)
  std::vector<double> wcu_per_s_by_index;
  // At the declared rate and the table's billing mode: the write units, the group reads and the
  // first read.
  double monthly_cost_usd = 0;
  // The units one call puts on each partition key it writes, at the transaction's factor: each
  // item's write on the table and each index entry it writes (an embedded child's write
  // rewrites its parent's item, at the parent's stored size, and the parent's index entries
  // that project the collection), the group items of aggregates kept in its transaction
  // (AggregateFigures::group_key_units), and a drawn counter's UpdateItems of the parent's item
  // and its counter facets, with their index entries, at factor 1. A busy
  // key value's partition sums these over every write pattern (model/hot_partitions.h).
  struct PartitionUnits {
    int index = 0;         // 0 the table, i GSIi
    std::string key;       // the partition key template, "ORG#{orgId}#{_shard}"
    EntityId entity = -1;  // the entity of the item written
    double units_per_call = 0;
    double distinct = 1;  // values the key takes, shards not counted (the even spread)
    int shards = 1;       // write shards of the key (1 without {_shard})
    // The KeyLayout::item_types id of the item written (for an aggregate's shard items, the
    // `into` item type they split), -1 when unknown.
    int item_type = -1;
  };
  std::vector<PartitionUnits> partition_units;
  double busiest_wcu_per_s = 0;   // on the busiest partition (table or index), at the rate
  std::string busiest_key;        // that partition's key template, "GSI1: ORDER_OPEN#{_shard}"
  bool busiest_constant = false;  // that key has no parameter (every write lands there)
  std::string assumption;         // the cardinality assumed for that key ("" = none)
};

ReadFigures EstimateRead(const Model& model, const KeyLayout& layout, const ReadPlan& plan);
WriteFigures EstimateWrite(const Model& model, const KeyLayout& layout, const WritePlan& plan);

// A pre-computed aggregate's group item and the units its maintainer spends (layout.h
// AggregateLayout). The group item (`into`'s main item) carries, beside `into`'s attributes,
// the maintainer's state (model/exec/aggregates.h): kAggregateVersionAttribute, and for a stream
// consumer with inline marks (SeenMarks::kInline; with kItems the marks are items of their own,
// mark_item_bytes each) kAggregateSeenAttribute, one map entry per source item changed within
// kAggregateSeenRetentionSeconds (older ones are pruned; its table key as text, a stream sequence
// number of up to 40 digits and a time in seconds:
// https://docs.aws.amazon.com/amazondynamodbstreams/latest/APIReference/API_StreamRecord.html):
// the group's share of the declared change rate over that window, the updates' part at most the
// group's items, plus one entry per item created or deleted in it however few the group holds;
// and for each min or max value kAggregateValuesAttribute, one entry per distinct value, for
// each latest value one entry per item of the group (its identifier, `by` value and value). Map
// entries are sized as DynamoDB sizes them: the name's UTF-8 bytes, the value's bytes (a Number
// about one byte per two digits, plus one) and one byte each, plus 3 bytes per map
// (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/CapacityUnitCalculations.html).
// A key placeholder without a fixed width (text, number, binary) is assumed 26 characters (a
// ULID); a min or max value 10 digits; a latest entry's identifier, `by` value and value by
// type: a timestamp 24 bytes, a date 10, a number 10 digits, a boolean 1, other types 26 in the
// identifier and else the `of` item's declared size over its attribute count (at least 26).
//
// A stream consumer, per record of `of` that changes a value, reads each group it touches with a
// strongly consistent GetItem and writes its items (main item and facets, in one
// TransactWriteItems when there are several) with PutItem; an update that can change a group
// attribute touches two groups (the one it leaves and the one it joins). Reading the stream
// itself costs nothing when a Lambda function reads it ("GetRecords API calls invoked by ...
// AWS Lambda triggers are free": https://aws.amazon.com/dynamodb/pricing/on-demand/), so these
// reads and writes are what the consumer adds to the table's bill. A transaction-kept
// aggregate's writes read and put the same group items inside its write patterns' plans
// (a strongly consistent GetItem of each group item before the TransactWriteItems; counts and
// sums kept by ADD, KeptByAdd, update the item with no read, billed as the larger of the item
// before and after, the same units as the put), and are priced there
// (WriteFigures::group_reads, rcu_per_s, wcu_per_s).
struct AggregateFigures {
  std::string name;          // AggregateDecl::name
  bool stream = false;       // kept by a stream consumer (else in the writes' transactions)
  double records_per_s = 0;  // writes (records) of `of` that change a value, at the declared rates
  double groups_per_s = 0;   // group reads (and writes) per second: moves count two
  double items_per_group = 0;  // `of` items per group: of.count / into.count, at least 1
  // Where the consumer keeps its marks (AggregateLayout::marks; kInline unless stream-kept).
  SeenMarks marks = SeenMarks::kInline;
  double seen_entry_bytes = 0;  // bytes of one kAggregateSeenAttribute entry (0 with mark items)
  // With mark items: one mark item's bytes (layout.h kAggregateMarkLabel: its keys, type label,
  // sequence number and expiry); 0 inline.
  double mark_item_bytes = 0;
  // Marks held per group (entries inline, else mark items): min(items_per_group, updates in the
  // window) + creates and deletes in it.
  double seen_entries = 0;
  // The group item at items_per_group: `into` plus the state (with write sharding, one shard
  // item's: its share of the group's items).
  double group_item_bytes = 0;
  // With write sharding (AggregateLayout::shards > 1), one of the shard items 1..N-1: its keys
  // and type label, the group's identifier, its share of the values and its own _aggv and share
  // of the state (not `into`'s other attributes, nor other aggregates' state); 0 unsharded.
  double shard_item_bytes = 0;
  // Bytes the min, max and latest values' state (_aggvals) holds per source item in the group
  // (what, besides a stream consumer's _aggseen, makes the group item grow).
  double value_entry_bytes = 0;
  double rcu_per_group = 0;  // the GetItem of the group item (0 when kept by ADD: KeptByAdd)
  // The puts of the group's items and their index entries: for a stream-kept aggregate as the
  // consumer sends them (a transaction when `into` has several items or the marks are items: then
  // the mark item's put too, all doubled:
  // https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/transaction-apis.html#transaction-capacity-handling);
  // for a transaction-kept one before the write's transaction doubles them (EstimateWrite counts
  // them per write).
  double wcu_per_group = 0;
  // wcu_per_group by the partition key it lands on, before any transaction's factor: each item
  // of `into` (item_type) on its table key (index 0) and each of its index entries on the
  // index's key, as the unsharded group puts them. With write sharding these are shard 0's
  // (the `into` items); shard_item_units is the put of one shard item 1..N-1 on
  // AggregateLayout::shard_partition_key.
  struct GroupKeyUnits {
    int index = 0;  // 0 the table, i GSIi
    int item_type = -1;
    KeyTemplate key;
    double units = 0;
  };
  std::vector<GroupKeyUnits> group_key_units;
  double shard_item_units = 0;
  double rcu_per_s = 0;  // groups_per_s GetItems (for a transaction-kept one, the writes')
  double wcu_per_s = 0;  // stream-kept only (a transaction-kept one's are in EstimateWrite)
  // Stream-kept only: wcu_per_s split by where the units are consumed, [0] the table and [i]
  // index GSIi (its entries of the group items), as WriteFigures::wcu_per_s_by_index; empty
  // otherwise.
  std::vector<double> wcu_per_s_by_index;
  double monthly_cost_usd = 0;  // stream-kept: reads and writes, at the table's billing mode
  // The most source items one group item holds before it passes DynamoDB's 400 KB item limit
  // (kMaxItemBytes), or 0 when the state does not grow with the group (kept in transactions, or
  // _aggseen bounded by the window and no min or max).
  double max_items_per_group = 0;
  // Whether the state grows with the group (a stream consumer's _aggseen beyond the window, a
  // min, max or latest value's entries): max_items_per_group is then meaningful, 0 included.
  bool state_grows = false;
};
AggregateFigures EstimateAggregate(const Model& model, const KeyLayout& layout,
                                   const AggregateLayout& aggregate);

// The changes other aggregates' maintainers make to aggregate `aggregate_id`'s `of` items that
// can change its values (a chain: a building's message total summed from its rooms' message
// counts, which another aggregate keeps): each upstream aggregate's group writes per second at
// the declared rates (its own chain included), which reach this aggregate as stream records.
// `groups_per_s` counts a change that can move an `of` item between groups twice.
struct ChainedChanges {
  double records_per_s = 0;
  double groups_per_s = 0;
  std::vector<std::string> aggregates;  // the upstream aggregates, declaration order
};
ChainedChanges ChainedChangesOf(const Model& model, int aggregate_id);

// DynamoDB's most actions (Put, Update, Delete, ConditionCheck) in one TransactWriteItems: it
// "groups up to 100 action requests"
// (https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_TransactWriteItems.html,
// https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/transaction-apis.html); more
// are refused with a ValidationException (sim::kTransactMaxItems).
inline constexpr int kMaxTransactionActions = 100;

// The most actions one call of write plan `plan` sends in its TransactWriteItems, as
// exec::ApplyWrite builds it: one per item the plan writes (plan.writes: the `of` entity is not
// versioned, so one item per item type), and for each aggregate kept in it (plan.aggregates)
// the puts of every group the write can leave or join (two groups for an update that can move an
// item between them, as EstimateWrite counts them): each entity and facet item of `into`
// (exec::PlanGroupWrites on shard 0), or, for a group split over shards (AggregateLayout::shards
// above 1), on another shard its shard item and, for a group new there, the `into` item. Two
// unsharded aggregates keeping values on the same `into` with the same `group` put the same
// items, once (exec::ApplyWrite merges them). An upper bound: a sparse facet the item is in
// no view of, or a group left with the same values, sends fewer.
int TransactionActions(const Model& model, const KeyLayout& layout, const WritePlan& plan);

// The cost of one pattern at its rate: what `model design`'s cost summary shows per row.
struct PatternCost {
  std::string name;
  bool write = false;
  double rate = kDefaultRate;  // calls per second: the declared rate, or kDefaultRate
  bool rate_declared = false;  // false: the default weight was assumed
  double requests = 1;         // requests per call (a transaction counts as one request)
  double items = 0;            // items per call: read (before filters) or written
  double units_per_call = 0;   // RCU (reads) or WCU (writes) per call
  double units_per_s = 0;      // at the rate
  double monthly_cost_usd = 0;
  bool upper_bound = false;  // a read whose range has no limit: the whole partition counted
  // A read whose items per call rest on a cardinality the model does not declare: the sentence
  // saying what was assumed (ReadFigures::assumption); "" otherwise. A sentence that does not say
  // how to state the figure instead is followed by kStateItHint in the reports.
  std::string assumption;
};

// How to state a cardinality the model leaves to an assumption, after an assumption sentence that
// does not say it itself.
inline constexpr char kStateItHint[] =
    "(to state it instead: 'distinct' on the attribute, or a relationship whose link it is)";

// The workload's cost: every read and write pattern at its rate, in declaration order, and the
// totals. Monthly figures use the table's billing mode (MonthlyCost: on demand, request units at
// kReadRequestUnitPrice / kWriteRequestUnitPrice per million; provisioned, capacity units equal
// to the units per second, at kReadCapacityUnitHourPrice / kWriteCapacityUnitHourPrice per hour;
// us-east-1 prices, model/check_report.h) over a 30-day month; a stream-kept aggregate's consumer
// is priced too (EstimateAggregate). Storage is not priced. This is
// the objective the derivation minimises (model/derive) and the `cost` section of `model design`.
struct WorkloadCost {
  BillingMode billing = BillingMode::kOnDemand;
  std::vector<PatternCost> reads;   // one per Model::access_patterns
  std::vector<PatternCost> writes;  // one per Model::write_patterns
  // Per stream-kept aggregate, in declaration order, two rows named after it: the consumer's
  // GetItems (write = false) then its puts (write = true), rate the group reads per second
  // (AggregateFigures::groups_per_s). Counted in the totals.
  std::vector<PatternCost> consumers;
  // Per write pattern that keeps aggregates in its transaction (WriteFigures::group_reads > 0),
  // in declaration order, one row named after it (write = false): the strongly consistent
  // GetItems of the group items it reads before its TransactWriteItems, requests and items the
  // group reads per call. Counted in the totals (the `writes` row holds only its write units).
  std::vector<PatternCost> group_reads;
  // Per write pattern that reads its item first (WriteFigures::first_read_rcu_per_call > 0), in
  // declaration order, one row named after it (write = false): that GetItem, one request and one
  // item per call. Counted in the totals.
  std::vector<PatternCost> first_reads;
  // Per update that rewrites children's copies (WriteFigures::copy_read_rcu_per_call > 0), in
  // declaration order, one row named after it (write = false): the reads of the parent's
  // children, their requests and the children per call. Counted in the totals (the `writes`
  // row holds the children's write units and requests).
  std::vector<PatternCost> copy_reads;
  double rcu_per_s = 0;
  double wcu_per_s = 0;
  double monthly_cost_usd = 0;
  bool upper_bound = false;  // some read is an upper bound
  int default_rates = 0;     // patterns weighted with kDefaultRate (no declared rate)
};
WorkloadCost EstimateWorkload(const Model& model, const KeyLayout& layout);

}  // namespace model
