// Pre-computed aggregates kept on their `into` items (model.h AggregateDecl, layout.h
// AggregateLayout): the group a record of `of` belongs to, and a change of one `of` item applied
// to the groups it leaves and joins, through sim::DataPlane.
//
// A group's `into` item carries its values (count and sum as Numbers, min and max absent when
// the group is empty) and the state that keeps them exact under at-least-once delivery:
// kAggregateVersionAttribute (a Number bumped by every write, the condition of the next one),
// kAggregateSeenAttribute (a map from a source item's key, prefixed with the aggregate's name when
// several aggregates keep values on `into`, to a list of the highest stream sequence number
// applied from it and that record's ApproximateCreationDateTime in seconds: DynamoDB Streams
// delivers one item's records in order, so a record at or below it is a duplicate; an entry
// whose record is older than kAggregateSeenRetentionSeconds before the record being applied is
// dropped, since its record has left the stream and cannot come again; with SeenMarks::kItems,
// layout.h, the consumer keeps these marks as items of their own instead, AggregateMarkKey, and
// the group item carries none of the aggregate's), and
// kAggregateValuesAttribute (for each min or max value, a map from each value in the group to how
// many items hold it; for each latest value, a map from each item's identifier text, model.h
// AggregateFunction::kLatest, to a list of its `by` value and its value, the value left out when
// the item has none; an item without a `by` value has no entry). Min, max and latest keep that
// per-group state rather than re-reading the collection when its extreme or latest item leaves:
// nothing guarantees a key path from a group to its items, and the state makes the removal exact
// in one read of the group item.
//
// Records of one item arrive in order, but records of different items in any order
// (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Streams.html#Streams.Processing:
// "the stream records ... appear in the same sequence as the actual modifications to the item").
// Each record carries both images, so applying it is "take out what the old image contributed,
// add what the new one does": changes of different items commute, and the result is the same in
// any interleaving. A joined count (model.h AggregateFunction::kJoined) adds 1 to the group a
// record's new image is in when its old image is absent or in another group (or outside the
// filter), and takes nothing from the group the old image leaves; the seen marks keep a
// redelivered record from adding twice. Min and max of timestamps and dates key their value
// counts by the values' text and order them by the time they name.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "model/base/status.h"
#include "model/exec/reads.h"
#include "model/exec/values.h"
#include "model/layout.h"
#include "model/model.h"
#include "model/sim/api/data_plane.h"

namespace model::exec {

// The canonical Number text (sim::Number) of attribute `name` of a stored item or stream record,
// or nullopt when it has none or it is not a number (N). Shared by the Put and the ADD upkeep.
std::optional<std::string> NumberOf(const sim::Item& record, const std::string& name);

// Whether a record of `of` (natural values) meets every condition of the aggregate's filter
// (model.h AggregateDecl::filters; true without one): the attribute is present and equal to the
// condition's value: a Number by value, any other scalar by its natural text (a boolean "true"
// or "false", binary data as lowercase hex).
bool MatchesFilter(const AggregateDecl& aggregate, const sim::Item& of_record);

// The `into` identifier values (natural, keyed by `into`'s attribute names) of the group a record
// of `of` (natural values) belongs to; nullopt when the record does not match the aggregate's
// filter (MatchesFilter), a group attribute is missing or a bucket cannot be made of its value.
std::optional<sim::Item> GroupOf(const Model& model, const AggregateDecl& aggregate,
                                 const sim::Item& of_record);

// The values of `aggregate` over `records` (natural values of `of`, all in one group), as `into`
// attributes: count and sum always (0 for none), a joined count as the count (what a backfill
// starts it at: every item there joined once), min and max only when there is an item with a
// value, latest only when there is an item with a `by` value and the latest one has the value
// (found directly over the records, not through the maintainer's state). What the consumer must
// have written; exact decimal arithmetic.
sim::Item AggregateValues(const Model& model, const AggregateDecl& aggregate,
                          const std::vector<const sim::Item*>& records);

// The hidden state (kAggregateValuesAttribute) of a group holding `records`, so that a group item
// written in bulk (a backfill) can be maintained afterwards; absent when nothing is a min, max or
// latest (or the group has no entry).
std::optional<sim::AttributeValue> AggregateValueState(
    const Model& model, const AggregateDecl& aggregate,
    const std::vector<const sim::Item*>& records);

// One change of an `of` item: its natural values before and after (null: absent), the item's
// identity (its table key as text), the stream sequence number that carried it (0 when it is
// applied in the write's own transaction, where nothing is redelivered) and that record's
// ApproximateCreationDateTime in seconds since the Unix epoch (with a sequence number only).
struct AggregateChange {
  const sim::Item* before = nullptr;
  const sim::Item* after = nullptr;
  std::string source;
  std::int64_t sequence = 0;
  // The sequence number as text (sim::StreamRecord::sequence_number_text: up to 40 digits), which
  // takes precedence over `sequence` when set. Marks keep it as a String of 40 digits, zero-
  // padded, so that text order is number order: a DynamoDB Number holds only 38 significant
  // digits
  // (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/HowItWorks.NamingRulesDataTypes.html).
  std::string sequence_text;
  std::int64_t created_s = 0;
};

struct AggregateStats {
  std::int64_t requests = 0;
  double rcu = 0;
  double wcu = 0;
  std::int64_t applied = 0;     // group updates written
  std::int64_t duplicates = 0;  // group updates skipped: the record was already applied
  std::int64_t orphans = 0;     // groups with no `into` item that cannot be created (see below)
  std::int64_t retries = 0;     // writes refused by a concurrent change and redone
};

// One write of a group's items, as a transaction action or a conditional PutItem.
struct GroupPut {
  sim::Item item;
  std::string condition;
  sim::ExpressionAttributeNames names;
  sim::ExpressionAttributeValues values;
  bool mark = false;  // a mark item (layout.h kAggregateMarkLabel), always a group's last put
};

// The writes that apply `change` to the groups of aggregate `aggregate` (an index into
// layout.aggregates), one list per group:
// for each group the change leaves or joins, a strongly consistent GetItem of
// its `into` item, then Puts of that group's items (main item and facets, index keys rendered
// from the new values) conditioned on the version read, and, for a stream-kept aggregate with
// mark items (AggregateLayout::marks, a change with a sequence), last the put of the mark item
// (GroupPut::mark, AggregateMarkKey) conditioned on no later record of the source item having
// been applied there. A group already holding this record (sequence > 0 and, with inline
// marks, not above the seen mark) gets none, and so does a change that leaves the item
// in its group with the same values. A group with no `into` item is created
// when MaintainerCreatesGroups, else it is an orphan and skipped (the derivation warns when the
// maintainer should create it but cannot: W005). `pending` (GroupItemKeyText ->
// item), when given, holds items one write already changes for other aggregates on the same
// `into`: such an item is taken from there instead of read, so one TransactWriteItems carries a
// single put per item (DynamoDB refuses two operations on one item in a transaction:
// https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_TransactWriteItems.html).
// Errors: what the table answered to the GetItem.
[[nodiscard]] sim::SimResult<std::vector<std::vector<GroupPut>>> PlanGroupWrites(
    sim::DataPlane& plane, const Model& model, const KeyLayout& layout, int aggregate,
    const AggregateChange& change, AggregateStats& stats,
    const std::map<std::string, sim::Item>* pending = nullptr);

// One UpdateItem of a group item of aggregates kept by ADD (aggregate_rules.h KeptByAdd), as
// a transaction action: its key, update and condition expressions and their placeholders.
struct GroupAdd {
  sim::Item key;
  std::string update;
  std::string condition;
  sim::ExpressionAttributeNames names;
  sim::ExpressionAttributeValues values;
};

// The UpdateItems that apply `change` (no sequence: a write's own) to the groups of those of
// `aggregates` (indexes into layout.aggregates) kept by ADD, one per group item, in the order
// first met: every aggregate's values on that item merged into one update, since a
// TransactWriteItems takes one action per item
// (https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_TransactWriteItems.html).
// Nothing is read. A sharded group's item is the shard the changed item hashes to (GroupShardOf;
// shard 0 the `into` item); a shard item s > 0 is made by its first ADD (its type, shard and
// identifier SET with if_not_exists, no condition). The group the item leaves takes a count of 1
// and its summed values away, the
// one it joins takes them (and a joined count's 1); an update within the group adds the
// difference (no write when it is 0 everywhere). `ADD #v :amount` for each value and `ADD
// _aggv :one` (kAggregateVersionAttribute: a whole-item Put of the item by another maintainer is
// conditioned on it), and SETs, with if_not_exists, every attribute other than the table key and
// the added ones that an empty group's item carries (its type, identifier, index keys and the
// other aggregates' values at 0) when the maintainer makes these groups' items
// (MaintainerCreatesGroups): an UpdateItem that makes the item makes it whole, and has no
// condition. When the application makes them (ApplicationMakesItems) nothing is SET and the
// condition is `attribute_exists(#pk)`: a group whose item is missing refuses the write. The
// caller folds its checks into the condition.
std::vector<GroupAdd> PlanGroupAdds(const Model& model, const KeyLayout& layout,
                                    const std::vector<int>& aggregates,
                                    const AggregateChange& change);

// The text of an item's table key ("<pk>\n<sk>"): PlanGroupWrites' `pending` key.
std::string GroupItemKeyText(const KeyLayout& layout, const sim::Item& item);

// The table key of the mark item (layout.h kAggregateMarkLabel) of aggregate `aggregate` (an
// index into layout.aggregates) for source item `source` (its table key as AggregateChange
// holds it, "<pk>\n<sk>") on shard `shard` of the group whose `into` item's table key is
// `group_key`: PK `_AGGSEEN#<pk>#<sk>`, SK `<aggregate name>#<group pk>#<group sk>#<shard>`.
sim::Item AggregateMarkKey(const KeyLayout& layout, int aggregate, const std::string& source,
                           const sim::Item& group_key, int shard);

// Applies `change` as a stream consumer does: PlanGroupWrites, then each group's puts in one
// TransactWriteItems (one PutItem for a single item); a transaction cancelled because its mark
// item's condition failed (CancellationReasons: ConditionalCheckFailed on the last action) is a
// duplicate (counted in stats.duplicates, not in stats.applied); a write refused because the
// group changed since it was read (another consumer) is planned again, up to 10 times. Errors:
// what the table answered otherwise.
[[nodiscard]] sim::SimStatus ApplyAggregateChange(sim::DataPlane& plane, const Model& model,
                                                  const KeyLayout& layout, int aggregate,
                                                  const AggregateChange& change,
                                                  AggregateStats& stats);

// A Lambda's handler over a batch of the table's stream records (ascending sequence numbers of
// one shard, as a DynamoDB Streams trigger delivers them): every record of a main item of the
// `of` entity of a stream-kept aggregate (told apart by kTypeAttribute in its images) is applied
// with ApplyAggregateChange, its source the item's table key and its sequence number the
// record's; other records are skipped. Safe to call again with the same or an overlapping batch.
// Errors: the first the table answered (the poller then delivers the batch again).
[[nodiscard]] sim::SimStatus ApplyStreamBatch(sim::DataPlane& plane, const Model& model,
                                              const KeyLayout& layout,
                                              const std::vector<sim::StreamRecord>& batch,
                                              AggregateStats& stats);

// The handler of one stream-kept aggregate's own function (a Lambda whose event filter keeps
// the records of its `of` main item): like ApplyStreamBatch, but only aggregate `aggregate`
// (an index into layout.aggregates) is applied and counted in `stats`, so that aggregates over
// the same `of` each get their own figures. Does nothing for an aggregate kept in transactions.
[[nodiscard]] sim::SimStatus ApplyAggregateStream(sim::DataPlane& plane, const Model& model,
                                                  const KeyLayout& layout, int aggregate,
                                                  const std::vector<sim::StreamRecord>& batch,
                                                  AggregateStats& stats);

// Whether a stream record is about the main item of aggregate `aggregate`'s `of` entity.
bool RecordFeeds(const KeyLayout& layout, int aggregate, const sim::StreamRecord& record);

// Whether the maintainer creates the `into` item of a group it first writes: not when a write
// pattern creates or deletes `into` (the application makes a post, whose like count the
// aggregate keeps; a like of a post that is gone then changes nothing), nor when `into` has a
// required attribute that neither the identifier nor any aggregate's values write (a product's
// name). Such a group is an orphan and skipped until its item exists.
bool MaintainerCreatesGroups(const Model& model, const AggregateDecl& aggregate);

// Sets, on `record` (natural values of entity `into`), the values of an empty group of every
// aggregate kept on `into`: count and sum 0, min and max absent. What the maintainer writes on a
// group's new item, and what a create of `into` by the application starts with (a new post has
// no likes: the aggregate's maintainer counts them from there).
void StartGroupValues(const Model& model, EntityId into, sim::Item& record);

// The natural values of entity `e` held by an item (its attributes that are `e`'s).
sim::Item EntityValues(const Entity& e, const sim::Item& item);

// Sharded groups (layout.h AggregateLayout::shards > 1; every function below also takes 1).

// The shard (0 .. shards-1) of aggregate `aggregate` that a record of `of` (natural values)
// updates in any group: keys::ShardOf over the record's identifier values, so an item always
// updates the same shard (and its min/max value counts leave the shard they joined).
int GroupShardOf(const Model& model, const KeyLayout& layout, int aggregate,
                 const sim::Item& of_record);

// The table key of shard `shard` of the group with `into` identifier values `identity`: shard 0
// is the `into` item's key, shard s > 0 AggregateLayout::shard_partition_key and the target's
// sort key. nullopt when an identifier value is missing.
std::optional<sim::Item> GroupShardKey(const Model& model, const KeyLayout& layout, int aggregate,
                                       const sim::Item& identity, int shard);

// The item of shard s > 0 of a group: its key, kTypeAttribute (shard_label), kShardAttribute,
// the group's identifier values and `values` (the shard's share: count, sum, min, max). The
// caller adds the version and min/max state.
sim::Item GroupShardItem(const Model& model, const KeyLayout& layout, int aggregate,
                         const sim::Item& identity, int shard, const sim::Item& values);

// The values of shards held in `shards` (each an `into` item or shard item) combined: count and
// sum added (an absent one 0), min the least and max the greatest of those present (absent when
// none is), latest the latest of all the shards' kAggregateValuesAttribute entries (an item feeds
// one shard; absent when there is none). As `into` attributes.
sim::Item CombineShardValues(const Model& model, const AggregateDecl& aggregate,
                             const std::vector<const sim::Item*>& shards);

// The table keys of shards 1..N-1 of the group whose `into` main item (AggregateLayout::
// target_type) has the table key `main_key`: AggregateLayout::shard_partition_key over that key,
// the same sort key. Empty when the aggregate is not sharded or `main_key` lacks a string
// partition key.
std::vector<sim::Item> OtherShardKeys(const KeyLayout& layout, int aggregate,
                                      const sim::Item& main_key);

// Shard items an earlier BatchGetItem already asked for (ReadPlan::follow_up, ShardsInFollowUp):
// the key texts asked ("<PK>\n<SK>", natural values) and the items found among them.
// CombineGroupShards does not ask for those keys again.
struct ShardPrefetch {
  std::set<std::string> asked;
  std::map<std::string, sim::Item> found;
};

struct ShardReads {
  std::int64_t requests = 0;  // BatchGetItem requests sent
  std::int64_t items = 0;     // shard items read
  double rcu = 0;
  std::vector<std::string> partitions;  // "table:<pk>" of each shard item read
};

// Reads shards 1..N-1 of every group item in `items` (the `into` entity's items, as a read
// returned them: they carry the identifier) with BatchGetItem (up to 100 keys a request,
// unprocessed keys sent again; `consistent` as the read was) and replaces each one's values
// with the combination of all its shards (CombineShardValues). Items of other types are left
// alone. A main item's shard keys come from its table key (any projection carries it), a facet's
// from its identifier. For an aggregate with a latest value, an item read without the state
// (kAggregateValuesAttribute: a projection or a facet) has its `into` item (shard 0) read in the
// same BatchGetItem requests, one item more per group. A shard key `prefetched` asked for is not
// sent again: its item, when found, is combined as read (and not counted in `stats`). Errors:
// what the table answered; a ValidationException when a facet item lacks its identifier.
[[nodiscard]] sim::SimStatus CombineGroupShards(sim::DataPlane& plane, const Model& model,
                                                const KeyLayout& layout, int aggregate,
                                                bool consistent, std::vector<sim::Item>& items,
                                                ShardReads& stats,
                                                const ShardPrefetch* prefetched = nullptr);

// Aggregates computed at read time (layout.h AggregateLayout::maintainer == Maintainer::kRead):
// nothing stores their values, every read of `into` computes them.

// The values of aggregate `aggregate` for the group whose `into` identifier values (natural,
// keyed by `into`'s attribute names) are `identity`, set in `values` as AggregateValues gives
// them: the collection plan (AggregateLayout::collection_pattern) run to its end with the group's
// plain attributes it takes as arguments, strongly consistent when `consistent` (or when the
// plan is), Time to Live's clock taken from `clock`'s kNowArgument when present; the items of
// other groups it returns (group attributes it does not take, time buckets) left out. Returns
// the requests, items and units the read spent; its status says why it failed (an
// InvalidArgument when the aggregate is not read-time or `identity` lacks a plain group
// attribute the plan takes), and `values` is then untouched.
ReadOutcome ReadGroupValues(sim::DataPlane& plane, const Model& model, const KeyLayout& layout,
                            int aggregate, const sim::Item& identity, bool consistent,
                            const Arguments& clock, sim::Item& values);

// Sets the values of read-time aggregate `aggregate` on every `into` item (main item or facet,
// told apart by kTypeAttribute) in `items`, each group read with ReadGroupValues (the same
// `consistent` and `clock`), and adds what those reads spent to `totals` (requests, pages,
// scanned, rcu, sent). Items of other types are left alone. Errors: an InvalidArgument when an
// `into` item lacks an identifier attribute, else what a group's read answered.
Status ComputeReadTimeValues(sim::DataPlane& plane, const Model& model, const KeyLayout& layout,
                             int aggregate, bool consistent, const Arguments& clock,
                             std::vector<sim::Item>& items, ReadOutcome& totals);

}  // namespace model::exec
