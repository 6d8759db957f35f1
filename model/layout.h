// KeyLayout: the derived single-table design, complete enough to execute mechanically.
//
// DeriveLayout (model/derive.h) produces one from a checked Model; `model design` renders it and
// `model check` loads synthetic data through it and runs every plan. It is an immutable value:
// item types, indexes and plans refer to each other and to the Model by index (ids), never by
// pointer. Every decision carries Reasons naming the patterns that forced it.
//
// Items: every item written carries the table keys (Table::partition_key / sort_key), the key
// attributes of each index it belongs to (rendered from ItemType::index_keys; an entry whose
// template cannot be rendered, or whose `only_when` conditions fail, is left out: that is a
// sparse index), the type label attribute kTypeAttribute = ItemType::label, and the entity
// attributes listed in ItemType::attributes. Computed attributes: kShardAttribute (when
// ItemType::shards > 1: the shard of the entity's identifier, model/keys/shard.h) and, for version
// items, kVersionAttribute (history number; 0 on the current item) and kLatestAttribute (on the
// current item: the newest history number). Time to Live: an item type of an entity with
// Entity::ttl that stores that attribute also carries KeyLayout::ttl_attribute, the expiry as a
// Number of epoch seconds (exec::ExpirySeconds), when the record has a value.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "model/entity_keys.h"
#include "model/model.h"

namespace model {

inline constexpr const char* kTypeAttribute = "_type";
inline constexpr const char* kShardAttribute = "_shard";
inline constexpr const char* kVersionAttribute = "_version";
inline constexpr const char* kLatestAttribute = "_latest";
// The state a pre-computed aggregate keeps on its `into` item beside the values (AggregateLayout):
// a version for optimistic writes (which the application's updates of the item bump too, so a
// maintainer that read the item before one rewrites it afresh), the stream sequence number last
// applied per source item and when its record was written (so a redelivered record changes
// nothing; pruned after kAggregateSeenRetentionSeconds), and for min and max the count of each
// value in the group (so removing the current extreme finds the next one without reading the
// group).
inline constexpr const char* kAggregateVersionAttribute = "_aggv";
inline constexpr const char* kAggregateSeenAttribute = "_aggseen";
inline constexpr const char* kAggregateValuesAttribute = "_aggvals";
// How long the consumer remembers a source item in kAggregateSeenAttribute, measured on the
// stream records' ApproximateCreationDateTime: a stream keeps a record 24 hours, after which it is
// subject to removal and no longer delivered
// (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Streams.html: "the stream
// records within a shard are removed automatically after 24 hours"), so an entry older than that
// can never see its record again; one hour more covers the trimming's lag and the timestamps'
// rounding down to the second.
inline constexpr std::int64_t kAggregateSeenRetentionSeconds = 25 * 3600;
// A stream consumer's mark items (AggregateLayout::marks == SeenMarks::kItems): instead of
// kAggregateSeenAttribute on the group item, one small item per (aggregate, group shard, source
// item), written in the same TransactWriteItems as the group's puts, as an idempotency record
// (one record per event, expiring by Time to Live, as AWS Lambda Powertools' idempotency utility
// keeps: https://docs.powertools.aws.dev/lambda/python/latest/utilities/idempotency/). Its keys:
// PK `_AGGSEEN#<source pk>#<source sk>` (one partition per source item: the marks spread as the
// source items do, and no pattern's key ever names such a partition), SK
// `<aggregate name>#<group pk>#<group sk>#<shard>` (the group's `into` item's table key, the
// shard its record updates); kTypeAttribute kAggregateMarkLabel (no entity's label: those are
// UPPER_SNAKE names starting with a letter, so a Scan's `_type` filter leaves marks out), the
// highest sequence number applied (kAggregateMarkSequenceAttribute) and, on
// KeyLayout::ttl_attribute, its record's ApproximateCreationDateTime plus
// kAggregateSeenRetentionSeconds. No GSIxPK / GSIxSK: only an inverted index (SK / PK) holds them.
inline constexpr const char* kAggregateMarkLabel = "_AGGSEEN";
inline constexpr const char* kAggregateMarkSequenceAttribute = "_aggseq";

// A sharded aggregate's extra group items (AggregateLayout::shards > 1): the literal in their
// partition key (`PRODUCT#{productId}#_AGGSHARD#{_shard}`) and the suffix of their type label.
// A label is UPPER_SNAKE of a name that starts with a letter, so `_AGGSHARD` never collides.
inline constexpr const char* kAggregateShardLiteral = "_AGGSHARD";

// Why a decision was made, and which access/write patterns forced it (by name).
struct Reason {
  std::string text;
  std::vector<std::string> patterns;
};

enum class Projection { kAll, kKeysOnly, kInclude };
const char* ProjectionName(Projection p);  // "ALL", "KEYS_ONLY", "INCLUDE"

// A global secondary index: with overloaded generic key attributes (GSI1PK / GSI1SK, strings the
// layout writes), keyed on the table's keys swapped (inverted: SK / PK), or keyed on entity
// attributes (`natural`: `email`, `status` / `createdAt`, typed as the attributes are, nothing
// written for the index; the sort key may be absent, `sort_key` empty).
struct IndexLayout {
  std::string name;           // "GSI1"
  int number = 0;             // 1-based
  std::string partition_key;  // "GSI1PK"
  std::string sort_key;       // "GSI1SK"; empty for a natural-key index without a sort key
  bool natural = false;       // keyed on entity attributes (DeclaredIndex::Natural)
  KeyType partition_key_type = KeyType::kS;  // S unless natural
  KeyType sort_key_type = KeyType::kS;       // S unless natural
  Projection projection = Projection::kAll;
  std::vector<std::string> projected_attributes;  // kInclude: non-key attributes, sorted
  std::vector<Reason> reasons;
};

enum class ItemRole {
  kEntity,      // the entity's main item (for a versioned entity: the current version, v0)
  kFacet,       // a partial copy in the entity's partition carrying another index slot
  kHistory,     // a version-history item (v1, v2, ...) of a versioned entity
  kUniqueness,  // holds one unique attribute value, kept by transactions
};
const char* ItemRoleName(ItemRole role);  // "entity", "facet", "history", "uniqueness"

// A fixed condition under which an item carries an index entry: attribute == value.
struct SparseCondition {
  std::string attribute;
  std::string value;
};

// The keys one item type writes for one index.
struct IndexKeys {
  int index = 0;  // IndexLayout::number
  KeyTemplate partition_key;
  KeyTemplate sort_key;
  std::vector<SparseCondition> only_when;  // all must hold, else no entry
};

struct ItemType {
  std::string name;   // "Employee", "Employee.byHireDate", "Employee.email", "EmployeeJob.history"
  std::string label;  // the kTypeAttribute value, e.g. "EMPLOYEE"
  ItemRole role = ItemRole::kEntity;
  EntityId entity = -1;
  KeyTemplate partition_key;
  KeyTemplate sort_key;
  std::vector<IndexKeys> index_keys;    // by ascending index number
  std::vector<std::string> attributes;  // entity attributes stored on the item, declaration order
  int shards = 1;                       // > 1: write kShardAttribute
  std::int64_t count = 0;               // expected number of items
  std::vector<Reason> reasons;
  // kUniqueness in a name space shared by several attributes (`unique: handle`): the name
  // space's label, which keys the item ("HANDLE#{login}" / "HANDLE") so that the uniqueness items
  // of every attribute in it claim one value once. Empty for an attribute's own name space.
  std::string unique_scope;
};

enum class Operation { kGetItem, kQuery, kBatchGetItem, kScan, kFanOutQuery };
const char* OperationName(
    Operation op);  // "GetItem", "Query", "BatchGetItem", "Scan", "FanOutQuery"

enum class SortOp { kNone, kEq, kLt, kLe, kGt, kGe, kBetween, kBeginsWith };
const char* SortOpName(SortOp op);  // "", "=", "<", "<=", ">", ">=", "between", "begins_with"

// A key condition over the pattern's parameters: placeholders name pattern parameters (and the
// range bounds `{from}` / `{to}` for a between, `{value}` for any other range operator; the
// placeholder's encoding is the range attribute's). kShardAttribute stands for the shard number
// in a fan-out. The sort condition compares the index's sort key with the rendered bounds; when
// `upper_after_separator` is set, kAfterSeparator is appended to the rendered upper bound (for
// `<=`, `>` and a between's upper end) so keys with more components after the bound still fall
// on the right side.
//
// An open-ended range (<, <=, >, >=) after a literal prefix (the item type's label,
// `FEEDING#{value}`) is bounded at its other end by the prefix, so the Query never reads the
// partition's other item types: `>= v` is `between FEEDING#{value} and FEEDING$`. A strict bound
// with nothing after it in the key cannot be written inclusively, so `lower_exclusive` /
// `upper_exclusive` say that the reader drops the items whose sort key equals that rendered end
// (DynamoDB's BETWEEN includes both ends and a key condition holds one sort-key comparison:
// https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Query.KeyConditionExpressions.html).
struct KeyCondition {
  KeyTemplate partition_key;
  SortOp sort_op = SortOp::kNone;
  KeyTemplate sort_lower;  // kEq, kLt, kLe, kGt, kGe, kBeginsWith, and a between's lower end
  KeyTemplate sort_upper;  // kBetween only
  bool upper_after_separator = false;
  bool lower_exclusive = false;  // kBetween: drop items whose sort key equals the lower end
  bool upper_exclusive = false;  // kBetween: drop items whose sort key equals the upper end
  // "PK = EMPLOYEE#{employeeId} AND SK begins_with EMPLOYEE_JOB#v0"
  std::string ToString(const std::string& pk_name, const std::string& sk_name) const;
};

// Work the client does after the read, in order. kSort: order the items by `attribute` (typed:
// strings and binaries as bytes, numbers numerically; stable), then keep the first `limit`.
// kAggregate: reduce the items to their count or the sum of `attribute`. kMatch: keep only the
// items whose `attribute` equals the pattern parameter of that name (typed comparison): a
// parameter the key does not hold, checked on the one item a GetItem returns (GetItem takes no
// FilterExpression:
// https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_GetItem.html). The executor
// (model/exec/reads.h) applies kMatch, since it holds the arguments.
enum class ClientStepKind { kSort, kAggregate, kMatch };

struct ClientStep {
  ClientStepKind kind = ClientStepKind::kSort;
  std::string attribute;    // kSort: the sort attribute; kAggregate kSum: the summed one; kMatch
  bool descending = false;  // kSort
  std::optional<std::int64_t> limit;  // kSort: the pattern's limit, applied after sorting
  AggregateKind aggregate = AggregateKind::kCount;  // kAggregate
  friend bool operator==(const ClientStep&, const ClientStep&) = default;
};
// "sort by updatedAt descending", "count the items", "sum total", "keep it only if ownerId
// matches".
std::string ClientStepText(const ClientStep& step);
// The steps' texts joined by "; " ("" when there are none).
std::string ClientStepsText(const std::vector<ClientStep>& steps);

// The second step of a read that returns the other side of the relationship it follows
// (AccessPattern::other_side): for each item the first step returned, in its order, the
// returned entity's main item whose identifier the item's `link` attributes hold, read by its
// table key (item type `item_type`'s key templates over `identifier`, with the link's values).
// kGetItem when the first step finds at most one item (its parameters cover the holder's
// identifier), else kBatchGetItem: at most 100 keys a request, each distinct key once (a
// repeated key is a ValidationException), UnprocessedKeys sent again
// (https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_BatchGetItem.html).
// A link whose item is missing (a dangling link) is skipped; a returned item appears once, at
// its first link. Same consistency as the first step.
struct FollowUp {
  Operation operation = Operation::kGetItem;  // kGetItem or kBatchGetItem
  int item_type = -1;                         // the returned entity's main item type
  std::vector<std::string> identifier;        // the returned entity's identifier attributes
  std::vector<std::string> link;              // the first step's attributes holding them
  std::vector<std::string> projection;        // ProjectionExpression; empty = whole items
  // KeyLayout::ttl_attribute when the returned entity has Time to Live: an item it reads whose
  // expiry is at or before now is dropped (as ReadPlan::drop_expired does after a GetItem).
  std::string drop_expired;
  // A fetch of what an index leaves out: the first step (a Query of a global secondary index
  // whose projection is KEYS_ONLY or an INCLUDE short of what the read returns) finds the
  // entries, and this step reads the very items they are of from the table, by the table key
  // each entry holds (every GSI projects the table's key attributes). `item_type` is then the
  // plan's first item type (ReadPlan::item_types, which this step returns whole), `identifier`
  // and `link` are empty. A global secondary index returns only what it projects: the table is
  // where the rest is
  // (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/GSI.html#GSI.Projections).
  bool by_table_key = false;
};

// A read of an embedded collection (EmbeddedLayout): the plan's GetItem reads the parent's item
// (by the relationship's link, which the pattern's parameters hold); the reader then returns the
// parent's item when `with_parent` (first), followed by the collection's elements, in the map's
// key order, each as an item of the child: the element's attributes, the link attributes from
// the arguments of those names, and kTypeAttribute the child's label. The pattern's other
// parameters are kMatch client steps; `filter` (each `attribute = value`, typed) and `range`
// (the pattern's range condition over the arguments `from` / `to` / `value`, typed; begins_with
// on the value's text) keep only the elements that hold; then, when the plan has no sort step,
// the first `limit`. Client-side, because `max` bounds the elements one item holds.
struct EmbeddedRead {
  int collection = -1;  // KeyLayout::embedded index
  bool with_parent = false;
  std::vector<SparseCondition> filter;
  std::optional<RangeCondition> range;
  std::optional<std::int64_t> limit;
};

struct ReadPlan {
  std::string pattern;  // AccessPattern::name
  int pattern_id = -1;  // index into Model::access_patterns
  Operation operation = Operation::kQuery;
  int index = 0;  // 0 = the table, n = IndexLayout::number
  KeyCondition key;
  bool scan_forward = true;
  std::optional<std::int64_t> limit;            // for a fan-out: the merged limit
  std::optional<std::int64_t> per_shard_limit;  // fan-out page size per shard
  std::vector<SparseCondition> filter;          // FilterExpression: every condition must hold
  std::vector<std::string> filter_types;        // FilterExpression on kTypeAttribute (IN list)
  double read_amplification = 1.0;              // items read per item returned
  std::vector<std::string> projection;          // ProjectionExpression; empty = whole items
  int shards = 0;                               // kFanOutQuery: query shard 0..shards-1, merge
  std::vector<int> item_types;                  // what comes back (ItemType ids)
  bool consistent = false;
  int requests = 1;                      // requests per call (a fan-out: one per shard)
  std::vector<ClientStep> client_steps;  // work done after the read (sort, aggregate)
  // AggregateLayout ids with shards > 1 whose group items (the `into` entity's items) the plan
  // returns: after the read, each returned group item's other shards (1..N-1) are read with
  // BatchGetItem (same consistency) and their values combined into it (count and sum added, min
  // and max the least and greatest), before the client steps. A plan with a second step
  // (follow_up) does this on the items the second step read (ReturnedItemTypes), after it.
  std::vector<int> aggregate_shards;
  // AggregateLayout ids kept at read time (Maintainer::kRead) whose `into` items the plan
  // returns: after the read, each returned `into` item's values are computed from its group's
  // `of` items, read with the aggregate's collection plan (AggregateLayout::collection_pattern),
  // before the client steps. The items themselves do not store the values. A plan with a second
  // step (follow_up) computes them on the items the second step read, after it.
  std::vector<int> aggregate_reads;
  // Non-empty (KeyLayout::ttl_attribute) when the plan returns an entity with Time to Live:
  // expired items, which DynamoDB may keep for days before its TTL deletes them, are left out.
  // Query and Scan add the FilterExpression `attribute_not_exists(ttl) OR ttl > :now` (:now the
  // current epoch seconds); GetItem, which takes no filter, drops an expired item after reading.
  std::string drop_expired;
  // A second step reading the items the first step's items link to (FollowUp); the plan's other
  // fields describe the first step (its item_types the link holder's, its projection the link).
  std::optional<FollowUp> follow_up;
  // A read returning an embedded entity: its elements taken out of the parent's item (above).
  std::optional<EmbeddedRead> embedded;
  // Identifier attributes the entries of the index read lack (its pinned projection leaves them
  // out) that the items' table keys hold as text (`USER#{userId}`): every index projects the
  // table's key attributes, so the reader takes each value back from the key
  // (keys::ReadKeyValues) of an item returned without it, and, when the entry lacks
  // kTypeAttribute too, labels it with the item type (of item_types) whose table keys it matches.
  std::vector<std::string> values_from_keys;
  std::vector<Reason> reasons;
};

// kCheck: a ConditionCheck action of a TransactWriteItems, which tests its condition on the item
// and writes nothing (a write pattern's `also: - check:` entry).
enum class WriteOp { kPut, kUpdate, kDelete, kCheck };
const char* WriteOpName(WriteOp op);  // "Put", "Update", "Delete", "ConditionCheck"

struct ItemWrite {
  WriteOp op = WriteOp::kPut;
  int item_type = -1;
  std::string condition;                    // ConditionExpression, empty = none
  std::vector<std::string> set_attributes;  // kUpdate: entity attributes set
  std::vector<std::string> refresh_keys;    // key attributes recomputed (e.g. "GSI1PK")
  // Entity attributes the write holds only while they keep the values WritePlan::read_first
  // read: `rack = :rack` each (`attribute_not_exists(rack)` when the read found none), part of
  // `condition`. A concurrent change of one of them then fails the write
  // (ConditionalCheckFailedException, or TransactionCanceledException in a transaction) instead
  // of letting it write a key built from the old value; the writer reads again and retries.
  // Condition expressions:
  // https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Expressions.ConditionExpressions.html
  std::vector<std::string> guard_attributes;
  // The write pattern's `condition:` clauses (WritePattern::conditions), on the entity's main item
  // only (its first write of the plan: the delete when the item moves): ANDed into `condition`,
  // so a clause that fails refuses the write (ConditionalCheckFailedException) or cancels its
  // whole TransactWriteItems (TransactionCanceledException, reason ConditionalCheckFailed) and
  // nothing changes. Literals are sent as typed values and parameters as the caller's arguments
  // (exec::ApplyWrite).
  std::vector<WriteCondition> conditions;
  // -1: an item of the write pattern's own entity. Otherwise the index of the WritePattern::also
  // entry this write belongs to: an item of that entry's entity, keyed and valued from the record
  // the caller passes for it (exec::ApplyWrite), planned as a standalone update of that entity
  // would be (kUpdate entries), or one kCheck of its main item (kCheck entries).
  int also = -1;
  // kCheck of an `also` entry naming the group item of an aggregate kept in this write's
  // transaction (an AggregateLayout id; -1: none). DynamoDB refuses two actions on one item in a
  // TransactWriteItems
  // (https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_TransactWriteItems.html),
  // so when the aggregate puts that item the check's condition is ANDed into the Put's (the
  // version read, then this check's `condition`) and no ConditionCheck is sent: the Put fails,
  // and the transaction is cancelled, when the check would. When the aggregate writes no item
  // there (the group item is missing, or the write leaves the group unchanged) the ConditionCheck
  // is sent as planned (exec::ApplyWrite).
  int folded_into = -1;
  std::string note;
};

// The denormalized copies (model.h Attribute::copy) an update of their source on the parent
// rewrites: the write reads the parent's children with access pattern `read` (its plan,
// KeyLayout::reads[read], by the relationship's link: the parent's identifier), then applies
// `writes` to each child, a standalone update of the child setting `attributes` to the parent's
// new values of `sources` (its index keys and facets follow). `in_transaction`: the children's
// writes go in the parent's own TransactWriteItems (the relationship's `max`, 1 for a 1:1,
// bounds them within DynamoDB's 100 actions:
// https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_TransactWriteItems.html),
// so the copies change with their source or not at all; otherwise each child is written after
// the parent's write, on its own, and the copies lag the source briefly.
struct CopyFanOut {
  int relationship = -1;                // Model::relationships
  EntityId entity = -1;                 // the child (the relationship's `to`)
  std::vector<std::string> attributes;  // the child's copies this write changes
  std::vector<std::string> sources;     // the parent's attributes they copy, same order
  // The child's link attributes, one per identifier attribute of the parent (the write
  // pattern's entity), in order: the read's arguments.
  std::vector<std::string> link;
  int read = -1;                  // Model::access_patterns index (and KeyLayout::reads)
  std::vector<ItemWrite> writes;  // per child (ItemWrite::also is -1)
  std::int64_t max_children = 0;  // the relationship's bound (1 for 1:1); 0: none
  bool in_transaction = false;
};

// A create whose entity draws an identifier attribute from a per-parent counter (model.h
// Attribute::counter): before its own writes, one UpdateItem of the parent's main item
// (`item_type`, keyed by the parent's identifier, which the child's `link` attributes hold) with
// `SET <source> = if_not_exists(<source>, :zero) + :one`, ConditionExpression `condition` (the
// parent exists) and ReturnValues UPDATED_NEW; the returned value is the child's `attribute`
// (https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_UpdateItem.html). Two
// requests, not a transaction: a create that fails after the draw leaves a gap in the numbers,
// never a repeat.
struct CounterDraw {
  int relationship = -1;          // Model::relationships
  EntityId parent = -1;           // the relationship's `from`
  int item_type = -1;             // the parent's main item type
  std::string attribute;          // the child's drawn attribute (issueNumber)
  std::string source;             // the parent's counter (issueCount)
  std::vector<std::string> link;  // the child's link attributes, in the parent's identifier order
  std::vector<std::string> parent_identifier;  // the parent's identifier attributes, same order
  std::string condition;                       // "attribute_exists(PK)"
};

struct WritePlan {
  std::string pattern;  // WritePattern::name
  int pattern_id = -1;
  // Entity attributes read before writing, with one strongly consistent GetItem of the entity's
  // item (ProjectionExpression: these): index keys the plan recomputes are built from them and
  // the write does not set them (`moveRoom` sets room; BOX_BY_ROOM_RACK#{room}#{rack} also
  // needs rack). The writes guarding them (ItemWrite::guard_attributes) use the values read.
  // Empty when the write sets every attribute its recomputed keys use.
  std::vector<std::string> read_first;
  // One per WritePattern::also entry: what a standalone update of that entity would read first
  // (the caller's record of it carries those values; empty for a check).
  std::vector<std::vector<std::string>> also_read_first;
  std::vector<ItemWrite> writes;
  // TransactWriteItems: more than one item must change together (always with `also` entries).
  bool transaction = false;
  // AggregateLayout ids kept in this write's transaction (Maintainer::kTransaction): the groups'
  // items the write changes are written in the same TransactWriteItems.
  std::vector<int> aggregates;
  // Update of a parent: the children's copies of the attributes it changes, one per copying
  // relationship and child entity (CopyFanOut).
  std::vector<CopyFanOut> copies;
  // A write of an embedded entity (KeyLayout::embedded index; -1: none): `writes` holds one
  // kUpdate of the parent's item setting (create, update) or removing (delete) the element at
  // `<attribute>.<key value>` (and `also` parent attributes), conditioned on the parent and not
  // the element, size < max (create) or the element (update, delete), and the clauses.
  int embedded = -1;
  // A create drawing its entity's counter attribute first (CounterDraw); nullopt otherwise.
  std::optional<CounterDraw> counter;
  std::vector<Reason> reasons;
};

// Where a stream consumer keeps the marks that make it idempotent (AggregateLayout::marks).
// kInline: kAggregateSeenAttribute on the group item (one conditional PutItem per group update,
// the item growing with the changes of the last kAggregateSeenRetentionSeconds); kItems: one
// mark item per group side and source item (kAggregateMarkLabel), written with the group's puts
// in one TransactWriteItems conditioned `attribute_not_exists(PK) OR _aggseq < :seq`, so a
// redelivered record cancels the transaction (CancellationReasons: ConditionalCheckFailed on the
// mark's action) and changes nothing.
enum class SeenMarks { kInline, kItems };
const char* SeenMarksName(SeenMarks marks);  // "inline", "items"

// How a declared aggregate (Model::aggregates, same order) is kept. kStream: a consumer of the
// table's stream (a Lambda) applies each record of `of`'s main item to the groups its old and new
// images name: eventually consistent, the writes themselves unchanged. kTransaction: every write
// pattern of `of` that can change a value also writes the group items in its TransactWriteItems:
// strongly consistent, at twice the write units. Both read the group's item, compute the new
// values and write its items (the main item and any facet, index keys recomputed) conditioned on
// kAggregateVersionAttribute. kRead: nobody writes the values; `into`'s items (which the
// application makes) do not store them, and every read returning one computes them from the
// group's `of` items (ReadPlan::aggregate_reads): exact at the read's own consistency, at the
// price of reading the group's items on every read.
struct AggregateLayout {
  std::string name;  // AggregateDecl::name
  int aggregate_id = -1;
  Maintainer maintainer = Maintainer::kStream;
  int source_type = -1;         // ItemType of `of`'s main item: the records that change it
  int target_type = -1;         // ItemType of `into`'s main item: one per group
  double writes_per_s = 0;      // declared writes of `of` that can change a value
  double target_wcu_per_s = 0;  // write units per second the maintainer spends on group items
  // kTransaction: how many items hold each group's values (write sharding), so that no group's
  // write rate exceeds one partition's 1,000 WCU/s. Shard 0 is the `into` item itself; shard
  // s in 1..N-1 is an item of its own at `shard_partition_key` (the target's partition key, then
  // `#_AGGSHARD#{_shard}`) and the target's sort key, carrying the group's identifier, its share
  // of the values and its own version and min/max state. A change of an `of` item updates the
  // shard keys::ShardOf(the item's identifier, N) of each group it leaves or joins, so the same
  // item always lands on the same shard (its min/max value counts then leave where they came);
  // a read combines all N (ReadPlan::aggregate_shards). 1: the `into` item alone.
  int shards = 1;
  KeyTemplate shard_partition_key;  // shards > 1
  std::string shard_label;          // shards > 1: kTypeAttribute of shards 1..N-1
  // shards > 1: the literal after the target's partition key: kAggregateShardLiteral, followed by
  // "_" and the aggregate's name in upper snake case when several aggregates keep values on
  // `into` (each aggregate's shards are items of their own).
  std::string shard_literal;
  // kStream: where the consumer keeps its marks (SeenMarks): the fewer write units per record
  // at the declared rates, never inline when the group item would then pass 400 KB. kInline for
  // the other maintainers (they keep no marks).
  SeenMarks marks = SeenMarks::kInline;
  std::vector<std::string> maintained_by;  // kTransaction: the write patterns that keep it
  // kRead: the access pattern (Model::access_patterns index) whose plan reads the `of` items of
  // one group: it returns `of` alone, by some of the group's plain attributes (the others, and
  // any time bucket, are matched on the client), with no range, filter, limit or aggregate.
  int collection_pattern = -1;
  std::vector<Reason> reasons;
};

// An embedded collection (model.h Relationship::embedded): the `to` entity (`child`) has no item
// type; each child is one element of a map attribute (`attribute`, the relationship's name) of
// its parent's main item (`parent_type`), at the key given by the natural text of its `key`
// attribute, the element a map of the child's `attributes` (all but the link, which the parent's
// identifier holds). Every parent item carries the attribute (empty when it has no child), so a
// write can set an element's document path: DynamoDB refuses a path whose map does not exist
// (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Expressions.UpdateExpressions.html).
struct EmbeddedLayout {
  int relationship = -1;  // Model::relationships
  EntityId parent = -1;
  EntityId child = -1;
  int parent_type = -1;
  std::string attribute;
  std::string key;
  std::string label;                    // the child's label (its elements read as items)
  std::vector<std::string> link;        // the child's link attributes, in identifier order
  std::vector<std::string> identifier;  // the parent's identifier attributes they hold
  std::vector<std::string> attributes;  // stored in each element, declaration order
  std::int64_t max = 0;
  double bytes = 0;  // the average collection's bytes on the parent's item
  std::vector<Reason> reasons;
};

struct KeyLayout {
  std::string table_name;
  std::string partition_key;  // "PK"
  std::string sort_key;       // "SK"
  std::vector<IndexLayout> indexes;
  std::vector<ItemType> item_types;
  std::vector<ReadPlan> reads;              // one per Model::access_patterns, same order
  std::vector<WritePlan> writes;            // one per Model::write_patterns, same order
  std::vector<AggregateLayout> aggregates;  // one per Model::aggregates, same order
  std::vector<EmbeddedLayout> embedded;     // one per embedded relationship, declaration order
  std::vector<Reason> notes;                // design-wide trade-offs
  // The table's billing mode and stream, as declared (model.table): what CreateTable gets and
  // how `model check` prices the capacity (model/cost.h MonthlyCost).
  BillingMode billing = BillingMode::kOnDemand;
  bool stream = false;  // a stream of new and old images (StreamSpecification)
  // The attribute Time to Live is enabled on (Table::ttl_attribute), or empty when no entity
  // expires and no stream consumer keeps mark items (SeenMarks::kItems, which expire by it):
  // what the exports' TimeToLiveSpecification and `model check`'s table enable.
  std::string ttl_attribute;

  // "table" or the index name.
  std::string IndexName(int index) const;
  // The partition / sort key attribute of `index` (0 = the table's): GSI1PK / GSI1SK, or the
  // attributes an index declared keyed on them is (an inverted index: SK / PK).
  const std::string& IndexPartitionKey(int index) const;
  const std::string& IndexSortKey(int index) const;
  // The key attributes the table's AttributeDefinitions declare, each once, with its type: the
  // table's keys, then each index's (GSI1PK / GSI1SK; an inverted index's are the table's; a
  // natural-key index's are entity attributes, typed S, N or B, and may have no sort key).
  struct KeyAttribute {
    std::string name;
    KeyType type = KeyType::kS;
  };
  std::vector<KeyAttribute> KeyAttributeDefinitions() const;
  // Item types of one entity, in order; the entity's main item first.
  std::vector<int> ItemTypesOf(EntityId entity) const;
  // The embedded collection whose child is `entity`, or null.
  const EmbeddedLayout* EmbeddedChild(EntityId entity) const;
};

// The document path of one element of an embedded collection, as a plan shows it:
// "addresses.{addressId}".
std::string EmbeddedPathText(const EmbeddedLayout& e);
// What a read of an embedded collection does with the item it reads, in words: "the Address
// elements of addresses where kind = WORK and since >= {value}, the first 2" ("the item and the
// Address elements of addresses" when it returns the parent too).
std::string EmbeddedReadText(const Model& model, const KeyLayout& layout, const EmbeddedRead& read);

// The table key a FollowUp reads, in words over the first step's attributes:
// "PK = USER#{followerId} AND SK = USER" (the returned entity's key, its identifier written as
// the link attributes holding it). A fetch (FollowUp::by_table_key): "PK = {PK} AND SK = {SK}
// of each entry found", the entry's own table key.
std::string FollowUpKeyText(const KeyLayout& layout, const FollowUp& f);

// The item types whose items a read returns: for a read of a relationship's other side
// (ReadPlan::follow_up, not a fetch) the followed entity's main item type, which the second step
// reads; otherwise ReadPlan::item_types (a fetch, FollowUp::by_table_key, returns its entries'
// items whole). What a sharded or read-time aggregate's values are completed on
// (ReadPlan::aggregate_shards, ReadPlan::aggregate_reads).
std::vector<int> ReturnedItemTypes(const ReadPlan& plan);

// `plan`'s client steps split around the completion of the items it returns (the other shards
// of a sharded aggregate's group items, a read-time aggregate's values: ReadPlan::aggregate_shards,
// ReadPlan::aggregate_reads), in the order the reader runs them (model/exec/reads.cpp):
// `before` holds the kMatch steps, which keep the first step's items, and, when the plan has a
// second step (ReadPlan::follow_up), its sort steps, which order the first step's items before
// they are followed; `after` the rest: a sort of the items returned (no second step), then the
// aggregate over them. The matches first, then each kind in ReadPlan::client_steps order.
struct ClientStepOrder {
  std::vector<ClientStep> before;
  std::vector<ClientStep> after;
};
ClientStepOrder OrderClientSteps(const ReadPlan& plan);

// Whether the other shards of aggregate `aggregate`'s group items (ReadPlan::aggregate_shards)
// are read in the very BatchGetItem requests of `plan`'s second step: a read of a relationship's
// other side whose second step is a BatchGetItem of the aggregate's `into` main items
// (AggregateLayout::target_type), whose keys give their shards' keys. Each request then holds up
// to 100 keys of either kind
// (https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_BatchGetItem.html).
bool ShardsInFollowUp(const KeyLayout& layout, const ReadPlan& plan, int aggregate);

// Whether items of `type` carry KeyLayout::ttl_attribute as a computed attribute: the entity has
// `ttl`, the type stores that attribute, and it is not itself the TTL attribute (a number named
// like it is written once, as the entity attribute it is).
bool CarriesTtlAttribute(const Model& model, const KeyLayout& layout, const ItemType& type);

// The shard items of a write-sharded aggregate (AggregateLayout::shards > 1) as a reader of the
// layout expects them in a list of what the table stores (the layout JSON's item_types[], the
// design's entity chart, `model docs`, NoSQL Workbench's facets): not a KeyLayout::item_types
// entry (exec writes them through the aggregate, model/exec/aggregates.h), but an item type all
// the same. Shards 1..N-1 of every group, at shard_partition_key and the `into` item's sort key,
// labelled shard_label (kTypeAttribute), carrying kShardAttribute, the group's identifier, the
// aggregate's values and the maintainer's state (kAggregateVersionAttribute, and
// kAggregateValuesAttribute for a min or max).
struct AggregateShardItemType {
  std::string name;      // the `into` item type's name and "." and shard_literal
  std::string label;     // AggregateLayout::shard_label
  int aggregate = -1;    // index into KeyLayout::aggregates
  int target_type = -1;  // the `into` item type it splits (shard 0)
  EntityId entity = -1;  // `into`
  KeyTemplate partition_key;
  KeyTemplate sort_key;
  std::vector<std::string> attributes;  // `into`'s identifier, then the values, declared order
  std::vector<std::string> state;       // kShardAttribute, kAggregateVersionAttribute, ...
  int shards = 0;                       // items per group: AggregateLayout::shards - 1
  std::int64_t count = 0;               // `into`'s count times shards
};
// One per sharded aggregate, in declaration order.
std::vector<AggregateShardItemType> AggregateShardItemTypes(const Model& model,
                                                            const KeyLayout& layout);

}  // namespace model
