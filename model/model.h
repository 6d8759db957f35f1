// The checked model: one DynamoDB table's ERD and access patterns.
//
// A Model is an immutable value produced by the loader (model/loader.h) after semantic checks
// (model/checker.h) found no errors; later phases (derivation, check, generators) may rely on
// every invariant documented here without re-checking. Everything is kept in declaration order,
// and cross references are indices (EntityId, AttrId), never pointers, so a Model can be copied
// and compared freely. Every node carries the SourceRange of its declaration.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "model/base/source.h"

namespace model {

using EntityId = int;  // index into Model::entities
using AttrId = int;    // index into Entity::attributes

enum class AttrType {
  kString,
  kNumber,   // arbitrary decimal (DynamoDB N)
  kInteger,  // whole number (DynamoDB N)
  kBoolean,
  kTimestamp,  // ISO-8601 UTC instant, e.g. 2019-01-18T09:30:00Z (stored as S)
  kDate,       // ISO-8601 calendar date, e.g. 2019-01-18 (stored as S)
  kEnum,       // one of Attribute::enum_values (stored as S)
  kBinary,
  kList,
  kMap,
  kStringSet,
  kNumberSet,
};

// The YAML spelling of a type ("string", "number", ..., "string_set").
const char* AttrTypeName(AttrType type);
// The type's name with its indefinite article, as a message says it: "a string", "an integer",
// "an enum".
std::string AttrTypeWithArticle(AttrType type);
// True for types that can be a key or a range condition's subject (they sort as S, N or B).
bool IsSortable(AttrType type);
// True for types stored as DynamoDB N.
bool IsNumeric(AttrType type);

// The scalar type of a key attribute: DynamoDB keys are strings, numbers or binaries, and nothing
// else ("ScalarAttributeType": S, N, B;
// https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_AttributeDefinition.html).
enum class KeyType { kS, kN, kB };
const char* KeyTypeName(KeyType type);  // "S", "N", "B"
// The key type an attribute of `type` is stored as (timestamps, dates and enums are strings),
// or nullopt for a type no key can be (boolean, list, map, sets).
std::optional<KeyType> KeyTypeOf(AttrType type);

// A time-ordered identifier: a string whose canonical text begins with its creation time, so its
// byte order is creation order (model/keys/time_ordered_id.h). Spelled as the attribute's type in
// the model (`saleId: ulid`); the DynamoDB type is S (AttrType::kString).
enum class TimeOrder { kNone, kUlid, kKsuid, kUuidV7 };
const char* TimeOrderName(TimeOrder order);  // "", "ulid", "ksuid", "uuidv7"

// `present_when: { phase: LOBBY }` on an optional attribute: it is present exactly while another
// attribute of its entity (`attribute`, a required enum or boolean) holds one of `values` (the
// value's natural text: an enum value, "true" or "false"), and absent otherwise: `lobbySince`
// exists while the game is in its lobby. An index keyed on it holds exactly those items.
struct PresenceCondition {
  std::string attribute;
  std::vector<std::string> values;        // non-empty, distinct
  SourceRange range;                      // the condition's attribute name in `present_when`
  std::vector<SourceRange> value_ranges;  // one per value
};

struct Attribute {
  std::string name;
  AttrType type = AttrType::kString;
  TimeOrder time_order = TimeOrder::kNone;  // kString only
  bool required = true;  // `name: string` is required; `name: string?` is optional
  bool unique = false;   // unique across all items of the entity (besides the identifier)
  // With `unique`: the name space the value is unique in when several attributes share one
  // (`unique: handle` on User.login and Organization.login: no user and no organization share a
  // login). Empty for `unique: true` (the attribute's own name space).
  std::string unique_scope;
  std::vector<std::string> enum_values;  // kEnum only; non-empty, distinct
  std::string description;
  // A time-ordered attribute's `created`: the name of the entity's required timestamp attribute
  // holding the time the value encodes (at the identifier's precision), so ordering by this
  // attribute is ordering by that one. Empty when not declared.
  std::string created;
  SourceRange created_range;  // the `created` value, when given
  // `shares: { ESCALATED: 0.01 }` on an enum or boolean: the fraction of the entity's items
  // holding each listed value, in declaration order (the values left out share the rest evenly;
  // ValueShare below). Drives the selectivity of fixed filters (model/cost.h AssumedSelectivity)
  // and the synthetic data. Invariants after checking: each value is one the attribute can hold,
  // listed once; 0 < share <= 1; the shares add up to at most 1 (exactly 1 when every value is
  // listed).
  struct Share {
    std::string value;
    double share = 0;
    SourceRange range;  // the value's key
  };
  std::vector<Share> shares;
  // `distinct: 200`: about how many distinct values the attribute takes over the entity's items
  // (0: not declared). Replaces the √count guess of model/cost.h DistinctKeys (items per value:
  // count / distinct, capped at the count) and a fixed filter's selectivity (1 / distinct), and
  // the synthetic data draws about that share of values. Invariants after checking: >= 1; on a
  // string, number, integer, timestamp, date or binary attribute (also the time-ordered
  // string types) that is neither the entity's single identifier nor unique.
  std::int64_t distinct = 0;
  SourceRange distinct_range;  // the `distinct` value, when given
  // Optional attributes only: the state it is present in (nullopt: independent of others).
  std::optional<PresenceCondition> present_when;
  // `copy: lines.placedAt`: a denormalized copy of attribute `copy_source` of the entity at the
  // `from` end of relationship `copy_relationship` (Model::relationships), whose `to` this
  // attribute's entity is: every item holds its parent's value (absent when the parent has none),
  // so keys, sorts, ranges and filters of the child can use it (order lines by their order's
  // date). A create of the child carries the value; an update of the source on the parent
  // rewrites every child's copy (layout.h CopyFanOut). Invariants after checking: the
  // relationship is 1:1 or 1:N; the source is a non-identifier attribute of `from` of the same
  // type (enum values, time order), no aggregate's value and not a copy itself (an update
  // rewrites one level of children); the copy is optional when the source or a link is; it is
  // no identifier, link, unique, `created`, `present_when` or `version` attribute, its entity is
  // not versioned, and no aggregate reads it. Empty `copy`: not a copy.
  std::string copy;  // as written: "<relationship>.<attribute>"
  SourceRange copy_range;
  int copy_relationship = -1;
  AttrId copy_source = -1;
  // `counter: issues.issueCount`: the attribute is drawn from a per-parent counter, attribute
  // `counter_source` of the entity at the `from` end of 1:N relationship `counter_relationship`
  // (Model::relationships), whose `to` this attribute's entity is. A create first updates the
  // parent's item, `SET issueCount = if_not_exists(issueCount, :zero) + :one` with ReturnValues
  // UPDATED_NEW, and takes the new value as this attribute (layout.h CounterDraw): numbers are
  // unique per parent, a failed create leaves a gap. Invariants after checking: the relationship
  // is a 1:N (not polymorphic, not embedded) from another entity; this attribute is a required
  // integer in its entity's identifier, no link of it, and the entity's only counter; the
  // source is an optional integer of `from` outside its identifier, nothing else (a copy,
  // unique, ttl, present_when, together, version, aggregate value, key, condition, filter, sort,
  // range, write pattern, `also` entry) uses or sets it, and no other counter draws from it.
  // Empty `counter`: not drawn.
  std::string counter;  // as written: "<relationship>.<attribute>"
  SourceRange counter_range;
  int counter_relationship = -1;
  AttrId counter_source = -1;
  SourceRange range;
};

// An entity's `together: [shippedAt, carrier]`: optional attributes that every item has all of or
// none of (a shipment's time and carrier). Invariants after checking: at least two distinct
// optional, non-identifier attributes of the entity, none with `present_when`, none in two groups.
struct TogetherGroup {
  std::vector<std::string> attributes;
  SourceRange range;  // the group's list
};

// A user-pinned key template for an item type, e.g. pk "EMPLOYEE#{employeeId}", sk "A".
// Placeholders name attributes of the entity. The derivation uses it verbatim.
struct PinnedKeys {
  std::string pk;
  std::string sk;  // empty when the table has no sort key template pinned
  SourceRange range;
};

// A user-pinned key template for an entity's main item on one GSI (`keys: { GSI1: { pk: ...,
// sk: ... } }`), e.g. pk "EMAIL#{email}", sk "CUSTOMER". Placeholders name attributes of the
// entity; an optional one makes the index sparse (an item without it has no entry). The
// derivation writes these keys verbatim and routes the reads they serve to them.
struct PinnedIndexKeys {
  int index = 0;  // 1-based GSI number (Table::GsiName)
  std::string pk;
  std::string sk;        // empty: the entity's label, as a pinned table key without `sk`
  SourceRange range;     // the index entry's value
  SourceRange pk_range;  // the `pk` value
};

struct Entity {
  std::string name;
  std::string description;
  std::vector<Attribute> attributes;  // declaration order
  std::vector<AttrId> identifier;     // non-empty; each attribute required and sortable
  std::int64_t count = 1000;          // expected number of items
  std::int64_t item_size = 1024;      // average item size in bytes
  bool versioned = false;             // keeps a version history (v0 = current, v1... history)
  // A versioned entity's `version`: its required integer attribute holding each version's number
  // (1 for the first; the current item holds the newest). The layout writes it, never the
  // application; history items' sort keys are built from it. Empty when not declared.
  std::string version_attribute;
  SourceRange version_range;  // the `version` value, when given
  std::optional<PinnedKeys> pinned_keys;
  std::vector<PinnedIndexKeys> pinned_index_keys;  // by ascending index number
  // Time to Live: the attribute holding when an item expires (a timestamp, or a number or
  // integer of seconds since the Unix epoch); empty when items never expire. Required-ness is
  // the attribute's own: an item without a value never expires. Every item type storing this
  // attribute also carries Table::ttl_attribute, the epoch seconds DynamoDB's TTL reads.
  std::string ttl;
  SourceRange ttl_range;                // the `ttl` value, when given
  std::vector<TogetherGroup> together;  // `together:`, in declaration order
  SourceRange range;

  // The attribute with this name, or -1.
  AttrId FindAttribute(std::string_view attr_name) const;
  // The share of items holding `value` in `attr_name` from its `shares` (a listed value's share;
  // an unlisted one's share of the rest, split evenly among the unlisted values), or nullopt
  // when the attribute declares no shares.
  std::optional<double> ValueShare(std::string_view attr_name, std::string_view value) const;
  // True when items in the byte order of `key_attr`'s values are in the order of `order_attr`:
  // the same attribute, or `key_attr` is time-ordered with `created: order_attr`.
  bool OrdersLike(std::string_view key_attr, std::string_view order_attr) const;
};

enum class Cardinality { kOneToOne, kOneToMany, kManyToMany };
const char* CardinalityName(Cardinality c);  // "1:1", "1:N", "M:N"

// A relationship between two entities.
// - 1:1 and 1:N: `to` holds `from`'s identifier in `link` (one AttrId of `to` per identifier
//   attribute of `from`, in order). `owning` means `to` belongs to `from` (its lifecycle and
//   reads go through the parent: an item collection is a good home for it).
// - M:N: `through` is the associative entity (e.g. Inventory between Product and Warehouse); it
//   holds both identifiers: `link` are its attributes referencing `from`, `link_to` those
//   referencing `to`.
struct Relationship {
  std::string name;
  Cardinality cardinality = Cardinality::kOneToMany;
  EntityId from = -1;
  EntityId to = -1;
  std::vector<AttrId> link;     // attributes of `to` (1:1, 1:N) or of `through` (M:N)
  std::vector<AttrId> link_to;  // M:N only: attributes of `through` referencing `to`
  std::optional<EntityId> through;
  bool owning = false;
  SourceRange owning_range;  // the `owning` key, when given
  // Bounds on how many `to` items relate to one `from` item (1:N), or how many `through` items one
  // `from` item has (M:N): `max`, at most this many (a game seats at most 50 players), and
  // `average`, about this many (a customer has ~20 addresses). Invariants after checking:
  // 0 < average <= max, and max * count(from) >= count(to) (or count(through) for M:N).
  std::optional<std::int64_t> max;
  std::optional<double> average;
  SourceRange max_range;      // the `max` value, when given
  SourceRange average_range;  // the `average` value, when given
  // `embedded: true` (1:N only): the `to` items have no item of their own; each lives inside its
  // parent's item, in a map attribute named after the relationship and keyed by the child's one
  // identifier attribute outside the link (EmbeddedKey). Invariants after checking: 1:N between
  // two different entities, with `max`; `max` children of `to`'s item_size fit DynamoDB's 400 KB
  // item limit with the parent's own item_size; `to`'s identifier is its link attributes and
  // exactly one other attribute; `to` is in no other relationship, aggregate, `also` entry or
  // copy, has no unique, `ttl`, pinned keys or versions; `from` is neither versioned nor
  // expiring; every read returning `to` names the link in `by` (docs/model-format.md "Embedded
  // collections").
  bool embedded = false;
  SourceRange embedded_range;  // the `embedded` key, when given

  // A polymorphic association (`from: [Issue, PullRequest]`, `kind: targetKind`): each `to` item
  // belongs to one item of one of several parent entities, named by `kind`, an attribute of `to`
  // holding the parent's entity name ("Issue"), and `link`, holding that parent's identifier. The
  // loader expands the declaration into one 1:1 or 1:N Relationship per parent, in `from`'s
  // order, all with the declaration's name, `kind` and `parents`: each is an ordinary
  // relationship whose children are those whose `kind` holds its `from`'s name. Invariants after
  // checking: `kind` is a required string attribute of `to`, not in `link`; `parents` has two or
  // more distinct entities, whose identifiers have as many attributes as `link`, each stored as
  // the link attribute at its position is; never M:N. Not polymorphic: kind == -1, parents empty.
  AttrId kind = -1;
  std::vector<EntityId> parents;
  bool Polymorphic() const { return kind >= 0; }
  SourceRange range;
};

enum class RangeOp { kEq, kLt, kLe, kGt, kGe, kBetween, kBeginsWith };
const char* RangeOpName(RangeOp op);  // "=", "<", "<=", ">", ">=", "between", "begins_with"

struct RangeCondition {
  std::string attribute;
  RangeOp op = RangeOp::kEq;
  SourceRange range;
};

struct SortOrder {
  std::string attribute;
  bool descending = false;
  SourceRange range;
};

// A fixed filter the index must serve, e.g. status = OPEN (the value is part of the pattern, not
// a parameter); the value `exists` / `not_exists` tests presence (model/filter_presence.h).
struct FixedFilter {
  std::string attribute;
  std::string value;  // as written; typed by the attribute, or a presence word
  SourceRange range;
};

// True when every item of `e` matching all of `filters` has attribute `attr`: it is required, a
// filter on it is `exists` or a value to equal, or its `present_when` holds under a filter on its
// condition's attribute.
bool PresentUnder(const Entity& e, std::string_view attr, const std::vector<FixedFilter>& filters);

enum class AggregateKind { kCount, kSum };

struct Aggregate {
  AggregateKind kind = AggregateKind::kCount;
  std::string attribute;  // kSum only
  SourceRange range;
};

// The weight of a read or write pattern that declares no `rate`: 1 request per second, so the
// capacity, cost and load figures (model/cost.h) and the derivation's cost objective count it
// once per second (docs/model-format.md, docs/key-design.md).
inline constexpr double kDefaultRate = 1;

// A read access pattern. Invariants after checking: `returns` is non-empty; every attribute
// named in params, range, sort, filters and projection exists on every returned entity (the
// same name means the same thing across the returned entities: that is how one query returns
// a parent and its children), except that the sort attribute may be missing on entities that
// are the 1:1 or 1:N parent of every returned entity having it (a parent read with its sorted
// children: the parents come first, `limit` counts the children); the range attribute is
// sortable and not also a parameter.
struct AccessPattern {
  std::string name;
  std::string description;
  std::vector<EntityId> returns;
  // Equality parameters, in order: attributes of the returned entities (with `follows`, a `by`
  // name of the relationship's other side becomes the link attribute that references it).
  std::vector<std::string> params;
  // The caller's name of each parameter, as `by` wrote it (same order as params), when one
  // differs from its attribute: `by: [handle]` with `follows: songs` reads Songs whose `artist`
  // holds the handle (params {"artist"}, param_names {"handle"}). Empty when every name is its
  // attribute's. Callers (exec arguments, generated accessors, check output) use these names;
  // the layout's key conditions use params (ParamName below maps one to the other).
  std::vector<std::string> param_names;
  // `follows: <relationship>`: the index into Model::relationships of the relationship the read
  // follows (nullopt: none). A parent read with its polymorphic children (`returns: [Issue,
  // Comment]`, `by` the parent's identifier, `follows` given or not) sets it to the association's
  // expansion from that parent: params stay the parent's identifier attributes, standing on the
  // children for the link attributes, and the children are those whose kind holds the parent's
  // name (no range, sort, filter, aggregate, limit, current_only, index or shards). Otherwise,
  // invariants after checking: the pattern returns one entity, which
  // holds the relationship's link (`to` of a 1:1 or 1:N, `through` of an M:N), or else is the
  // relationship's other side (other_side below); every `by` name
  // is an attribute of it or an identifier attribute of an entity the link references, which
  // then stands for its link attribute (one attribute per name: never two different ones).
  std::optional<int> follows;
  // A read that returns the OTHER side of the relationship it follows: `returns` is the entity
  // the link references (`from` of a 1:1 or 1:N: the Visit of a SubVisit; `from` or `to` of an
  // M:N: the followers of a user), `by` names attributes of the link's holder (`to`, or
  // `through`). It runs in two steps: read the holder's items by `params` (holder attributes),
  // then read the returned entity's item each holder item's `link` attributes reference (in the
  // order of `returns`' identifier). Invariants after checking: follows is set, returns has one
  // entity, params are attributes of `holder`, none of them in `link`; no range, aggregate or
  // current_only; `sort` and `filter` name attributes of `holder` and, with `limit`, `index`
  // and `shards`, apply to the first step (the second step keeps its order), `project` and
  // `consistent` to both (model/derive routes the first step as a read of holder).
  struct OtherSide {
    EntityId holder = -1;      // the entity the first step reads (SubVisit, Follow)
    std::vector<AttrId> link;  // the holder's attributes referencing returns[0]'s identifier
  };
  std::optional<OtherSide> other_side;
  std::optional<RangeCondition> range_condition;
  std::optional<SortOrder> sort;  // default: by the range attribute, ascending
  std::optional<std::int64_t> limit;
  std::vector<FixedFilter> filters;
  std::vector<std::string> projection;  // attributes the caller needs; empty = all
  std::optional<Aggregate> aggregate;
  bool current_only = false;                // only the current version of a versioned entity
  bool consistent = false;                  // needs strongly consistent reads
  bool allow_scan = false;                  // the user accepts a Scan for this pattern
  double rate = kDefaultRate;               // expected requests per second
  bool rate_declared = false;               // `rate` was given (else kDefaultRate is assumed)
  std::optional<std::string> pinned_index;  // "table" or an index name, e.g. "GSI1"
  std::optional<int> shards;                // pinned write-shard count
  // `hot: { share: 0.3 }`: a hot partition (a skewed key, such as one large tenant): the busiest
  // value of the `by` parameters takes this share, in (0, 1], of the pattern's requests and of
  // the writes to the entities it returns, instead of an even spread over the values; the load
  // is summed over every pattern on the partition key it reads (model/hot_partitions.h). Only
  // with `by` parameters, and at least 1/N when its parameters take N declared values (E241).
  // Sizes write shards (model/derive/indexes.cpp).
  std::optional<double> hot_share;
  SourceRange hot_range;  // the 'hot' key, when declared
  SourceRange range;
  SourceRange consistent_range;  // the 'consistent' key, when given
  SourceRange index_range;       // the 'index' value, when pinned
  SourceRange shards_range;      // the 'shards' key, when pinned
  SourceRange rate_range;        // the 'rate' key, when declared (invalid: the default 1)
  SourceRange follows_range;     // the 'follows' value, when given

  // The caller's name of parameter `i` (param_names[i], or params[i] when there are none).
  const std::string& ParamName(std::size_t i) const {
    return i < param_names.size() ? param_names[i] : params[i];
  }
};

enum class WriteKind { kCreate, kUpdate, kDelete };
const char* WriteKindName(WriteKind kind);  // "create", "update", "delete"

// A write pattern's `condition:` clause: a comparison on an attribute of the written item as it
// is stored BEFORE the write (DynamoDB's ConditionExpression semantics:
// https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Expressions.ConditionExpressions.html).
// A comparison with an attribute the item lacks is false, except `<>`, which holds; kExists and
// kNotExists take
// no operand. The operand is a literal (`value`, the natural text of a value of the attribute's
// type) or a parameter the caller supplies (`parameter`, without its ':'). Invariants after
// checking: `attribute` is a non-identifier attribute of the entity; =, <> on a string, number,
// integer, timestamp, date, enum or boolean; <, <=, >, >= on a string, number, integer,
// timestamp or date; exists and not_exists on an optional attribute; a literal fits the type;
// a create's clauses are not_exists only (docs/model-format.md `write_patterns`).
enum class ConditionOp { kEq, kNe, kLt, kLe, kGt, kGe, kExists, kNotExists };
// "=", "<>", "<", "<=", ">", ">=", "exists", "not_exists"
const char* ConditionOpName(ConditionOp op);

struct WriteCondition {
  std::string attribute;
  ConditionOp op = ConditionOp::kEq;
  std::string value;      // a literal operand, as written; empty with a parameter or no operand
  std::string parameter;  // a parameter operand's name (":caller" -> "caller"); else empty
  SourceRange range;      // the clause's attribute name
  // The clause as the plans show it: "booked < 50", "authorId = :caller", "attribute_exists(x)".
  std::string Text() const;
};

// Another entity's item written in the same TransactWriteItems as a write pattern's own (the
// pattern's `also:`): kUpdate sets `attributes` on it (values from the caller, its index keys and
// facets kept as a standalone update of that entity keeps them), kCheck only tests `conditions`
// on it (a ConditionCheck action). The item is named by its identifier, each of whose attributes
// takes the value of an attribute of the written entity (`key_from`): one of the same name and
// type, or the link attribute of a relationship from `entity` to the written entity. Any
// condition that fails cancels the whole transaction and nothing changes
// (https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_TransactWriteItems.html).
// kDelete deletes the item (and its facets and uniqueness items, as a standalone delete of that
// entity would). Invariants after checking: `entity` is not the written entity; no two entries
// name the same entity; `conditions` follow WritePattern::conditions' rules for an update of
// `entity` (a kCheck has at least one); `attributes` (kUpdate only, non-empty) are
// non-identifier attributes an update of `entity` may change; an updated `entity` is not
// versioned; `entity` is no aggregate's `of` (kUpdate, kDelete) and no aggregate value is among
// `attributes`.
enum class AlsoKind { kUpdate, kCheck, kDelete };
const char* AlsoKindName(AlsoKind kind);  // "update", "check", "delete"

struct AlsoWrite {
  AlsoKind kind = AlsoKind::kUpdate;
  EntityId entity = -1;
  std::vector<std::string> attributes;     // kUpdate: the attributes it changes
  std::vector<WriteCondition> conditions;  // all must hold on the stored item
  // Per identifier attribute of `entity`, in order: the written entity's attribute giving its
  // value.
  std::vector<std::string> key_from;
  SourceRange range;
};

struct WritePattern {
  std::string name;
  std::string description;
  WriteKind kind = WriteKind::kCreate;
  EntityId entity = -1;
  std::vector<std::string> attributes;     // kUpdate: the attributes it changes; empty = any
  std::vector<WriteCondition> conditions;  // `condition:`, in declaration order; all must hold
  std::vector<AlsoWrite> also;             // `also:`: other items in the same transaction
  double rate = kDefaultRate;              // expected requests per second
  bool rate_declared = false;              // `rate` was given (else kDefaultRate is assumed)
  SourceRange range;
};

// A pre-computed aggregate (the model's `aggregates:`): the count, sum, min or max of the items
// of one entity (`of`), per group, kept in the attributes of another entity (`into`): one `into`
// item per group, identified by the group. Each of `into`'s identifier attributes takes, in
// order, an attribute of `of` (the same value) or a time bucket of a timestamp or date attribute
// of `of` (its calendar day "2019-01-18", month "2019-01", quarter "2019-Q1" or year "2019",
// as UTC text). The derivation decides who keeps the values up to date (layout.h
// AggregateLayout). Invariants after checking: `of` != `into`; neither is versioned; `group`
// has one entry per identifier attribute of `into`, in order, each source attribute is a
// required sortable attribute of `of` (a bucket: a timestamp or date) whose type fits the
// target's (a bucket: a string target); every value targets a distinct non-identifier attribute
// of `into`, `sum` names a numeric attribute of `of` and writes a number (integer only when the
// source is one: a count or joined count writes an integer or number), `min`/`max` name a
// number, integer, timestamp or date attribute of `of` and write its type (a number may take an
// integer); a joined count's aggregate is not pinned to `maintain: read`; a `latest` names any
// attribute of `of` and writes it into a target of its type (a number target may take an integer),
// and its `by` is a string, number, integer, timestamp or date attribute of `of`; a min, max or
// latest target is optional (an empty group has none); no write pattern writes `into`.
enum class TimeBucket { kNone, kDay, kMonth, kQuarter, kYear };
const char* TimeBucketName(TimeBucket bucket);  // "", "day", "month", "quarter", "year"

struct GroupPart {
  AttrId target = -1;  // identifier attribute of `into`
  AttrId source = -1;  // attribute of `of`
  TimeBucket bucket = TimeBucket::kNone;
  SourceRange range;
};

// kLatest: `source` of the group's item with the greatest `by` (AggregateValue::by); among items
// with equal `by` values, the one whose identifier is greatest (its attributes' natural text, in
// identifier order, joined by newlines and compared as bytes). Items without a `by` value are
// left out; when the latest item has no `source` value, the target is absent.
// kMin, kMax of a timestamp or date: the earliest or latest time the values denote (a timestamp
// compared as the UTC instant it names, to the millisecond, a date as its YYYY-MM-DD text);
// among values naming the same time, the least text.
// kJoined (`{ count: joined }`): how many times an `of` item joined the group (created in it,
// or moved or filtered into it by an update); an item leaving it (deleted, moved out, expired,
// no longer meeting the filter) takes nothing away. A backfill starts it at the group's items.
enum class AggregateFunction { kCount, kSum, kMin, kMax, kLatest, kJoined };
// "count", "sum", "min", "max", "latest", "count joined"
const char* AggregateFunctionName(AggregateFunction f);

struct AggregateValue {
  AttrId target = -1;  // attribute of `into` holding the value
  AggregateFunction function = AggregateFunction::kCount;
  AttrId source = -1;  // attribute of `of` (-1 for a count)
  SourceRange range;
  AttrId by = -1;  // kLatest: the attribute of `of` ordering the items (-1 otherwise)
};

// Who keeps an aggregate: a pin in the model (`maintain:`), or the derivation's choice. kRead:
// nobody stores the values; every read of `into` computes them from the group's `of` items.
enum class Maintainer { kStream, kTransaction, kRead };
const char* MaintainerName(Maintainer m);  // "stream", "transaction", "read"

struct AggregateDecl {
  std::string name;
  std::string description;
  EntityId of = -1;
  EntityId into = -1;
  std::vector<GroupPart> group;  // one per identifier attribute of `into`, in order
  std::vector<AggregateValue> values;
  // `filter:` fixed conditions on attributes of `of` (the form and value rules of an access
  // pattern's FixedFilter): an `of` item counts in its group only while every one holds (an
  // absent attribute holds none). Matching is part of the group membership: an update that makes
  // an item match joins its group, one that makes it stop matching leaves it, as an update of a
  // group attribute moves it. Invariants after checking: each names a distinct scalar attribute
  // of `of` that is no group source, with a value fitting its type. Empty: every item counts.
  std::vector<FixedFilter> filters;
  std::optional<Maintainer> maintain;  // pinned
  // `shards:` pinned (1..1000): how many items each group's values are split over when the
  // writes' transactions keep them (layout.h AggregateLayout::shards); 0 = the derivation's
  // choice.
  int shards = 0;
  SourceRange range;
  SourceRange into_range;  // the value of `into`
  SourceRange maintain_range;
  SourceRange shards_range;  // the `shards` key
  SourceRange filter_range;  // the `filter` value, when given
};

// The bucket text of a timestamp or date's natural text ("2019-01-18T09:30:00Z" or
// "2019-01-18"): "2019-01-18", "2019-01", "2019-Q1" or "2019"; the text itself for kNone;
// nullopt when it does not start with a YYYY-MM-DD date.
std::optional<std::string> BucketText(TimeBucket bucket, const std::string& natural);

enum class BillingMode { kOnDemand, kProvisioned };

// What the derivation's cost objective puts first when it chooses the GSI count (`table: prefer`):
// the lowest monthly cost at the declared rates (default), the fewest GSIs (more facet items, so
// dearer writes), or the fewest write units (a GSI more rather than a facet).
enum class Preference { kLowestCost, kFewerIndexes, kCheaperWrites };
const char* PreferenceName(Preference p);  // "lowest_cost", "fewer_indexes", "cheaper_writes"

// A GSI's projection pinned in the model (`table: indexes: { GSI1: { projection: ... } }`), with
// DynamoDB's ProjectionType meaning: ALL copies every attribute into the index, KEYS_ONLY only the
// table's and the index's key attributes, INCLUDE those and the listed non-key attributes
// (https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_Projection.html).
enum class PinnedProjection { kAll, kKeysOnly, kInclude };

// An index declared at table level (`table: indexes: GSI1: ...`): what the model pins about the
// index itself rather than about one entity's keys on it. Invariants after loading: `index` is a
// GSI the table can have (1 to max_gsis), no index is declared twice, `include` is non-empty
// exactly for kInclude and names attributes some entity declares, none of them a key attribute.
// `partition_key` / `sort_key`, when given, are the attributes the index is keyed on instead of
// the generic {prefix}{n}PK / {prefix}{n}SK. After loading, one of:
// - both empty: a generic index (the derivation writes GSInPK / GSInSK);
// - the table's own sort key and partition key (an inverted index: every item of the table is in
//   it, keyed by its table keys swapped;
//   https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/bp-adjacency-graphs.html);
// - `natural`: entity attributes (`partition_key: email`, an optional `sort_key: createdAt`), each
//   declared by some entity, of one key type (KeyType) wherever declared, in no versioned entity:
//   a natural-key index. An item is in it exactly when it has the attributes (DynamoDB indexes an
//   item only when it carries the index's key attributes:
//   https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/GSI.html#GSI.Writes), keyed
//   by their raw values; nothing is written for the index beyond the entity's own attributes.
struct DeclaredIndex {
  int index = 0;                               // 1-based GSI number (Table::GsiName)
  std::optional<PinnedProjection> projection;  // absent: the derivation chooses it
  std::vector<std::string> include;            // kInclude: the non-key attributes, as written
  std::vector<SourceRange> include_ranges;     // each name in `include`
  std::string partition_key;                   // empty: the generic {prefix}{n}PK
  std::string sort_key;                        // empty: the generic {prefix}{n}SK
  SourceRange range;                           // the index name in `indexes`
  SourceRange projection_range;                // the `projection` value, when given
  SourceRange partition_key_range;             // the `partition_key` value, when given
  SourceRange sort_key_range;                  // the `sort_key` value, when given
  bool natural = false;                        // keyed on entity attributes (see above)
  KeyType partition_key_type = KeyType::kS;    // natural: the partition key's type
  KeyType sort_key_type = KeyType::kS;         // natural with a sort_key: its type

  // Keyed on the table's own key attributes swapped (partition_key is Table::sort_key).
  bool Inverted() const { return !partition_key.empty() && !natural; }
  // Keyed on entity attributes (a natural-key index).
  bool Natural() const { return natural && !partition_key.empty(); }
};

struct Table {
  std::string name;
  std::string partition_key = "PK";
  std::string sort_key = "SK";
  std::string index_prefix = "GSI";  // index n has keys {prefix}{n}PK / {prefix}{n}SK
  BillingMode billing = BillingMode::kOnDemand;
  std::optional<int> max_gsis;  // a cap the derivation must respect (DynamoDB allows 20)
  Preference prefer = Preference::kLowestCost;
  bool prefer_declared = false;  // `prefer` was written (explain then names it)
  bool streams = false;          // DynamoDB Streams available for pre-computed aggregates
  // The item attribute DynamoDB's Time to Live reads (one per table): a Number of epoch seconds
  // written on the items of every entity with `ttl`. Used only when an entity has `ttl`.
  std::string ttl_attribute = "ttl";
  SourceRange ttl_attribute_range;     // the `ttl_attribute` value, when given
  std::vector<DeclaredIndex> indexes;  // `indexes:`, by ascending index number
  SourceRange range;

  const DeclaredIndex* FindIndex(int n) const;  // the declaration of GSI n, or nullptr
  // Whether GSI n is declared keyed on the table's key attributes swapped
  // (DeclaredIndex::Inverted).
  bool InvertedIndex(int n) const;
  // Whether GSI n is declared keyed on entity attributes (DeclaredIndex::Natural).
  bool NaturalIndex(int n) const;
  // Whether GSI n is declared keyed on attributes of its own choosing (inverted or natural): the
  // derivation places no view of its own there.
  bool KeyedIndex(int n) const { return InvertedIndex(n) || NaturalIndex(n); }

  std::string GsiName(int n) const;          // "GSI1"
  std::string GsiPartitionKey(int n) const;  // "GSI1PK"
  std::string GsiSortKey(int n) const;       // "GSI1SK"
};

// One output that `model generate` writes (the model's `generate:` section). Paths are relative
// to the model file's folder, as written (forward slashes, no `.`/`..` segments, not absolute).
enum class OutputKind { kDocs, kDiagram, kExport, kCodegen };
const char* OutputKindName(OutputKind kind);  // "docs", "diagram", "export", "codegen"

struct OutputSpec {
  OutputKind kind = OutputKind::kDocs;
  std::string out;              // a folder (docs, codegen, diagram "all") or a file
  bool check = false;           // docs: run `model check` and show its figures
  std::string diagram = "all";  // diagram: erd | table | index | all
  std::string format;           // diagram: dot | svg | png (default svg); export: json | yaml
  std::string to;               // export: the export kind (create-table, cloudformation, ...)
  std::string cpp_namespace;    // codegen: the C++ namespace ("" = the default)
  std::string name;             // codegen: the base name of the files ("" = from the table)
  SourceRange range;
};

struct Model {
  std::string path;  // the model file's path as the user gave it
  Table table;
  std::vector<Entity> entities;
  std::vector<Relationship> relationships;
  std::vector<AccessPattern> access_patterns;
  std::vector<WritePattern> write_patterns;
  std::vector<AggregateDecl> aggregates;  // `aggregates:`, in declaration order
  std::vector<OutputSpec> outputs;        // `generate:`, in declaration order

  EntityId FindEntity(std::string_view name) const;  // or -1
  // The children one `from` item of `r` has on average: its `average`, else the holder's count
  // (`to`'s, or `through`'s for M:N) over `from`'s (a polymorphic one's: over all its parents'
  // counts together, since each child has one of them), capped by its `max`; at least 1.
  double ChildrenPerParent(const Relationship& r) const;
  // The first aggregate keeping values on entity `into` (several may), or -1.
  int AggregateInto(EntityId into) const;
};

// One denormalized copy (Attribute::copy): attribute `attribute` of `entity` holds `source` of
// the `from` entity of relationship `relationship`.
struct CopyRef {
  EntityId entity = -1;
  AttrId attribute = -1;
  int relationship = -1;
  AttrId source = -1;
};
// Every copy attribute of the model, in entity then attribute declaration order.
std::vector<CopyRef> Copies(const Model& model);
// The counter attribute (Attribute::counter) of entity `e`, or -1.
AttrId CounterOf(const Model& model, EntityId e);
// True when attribute `attr` of entity `e` is the source of some counter (Attribute::counter):
// the creates of the children keep it, nothing else writes it.
bool IsCounterSource(const Model& model, EntityId e, std::string_view attr);
// The relationship (Model::relationships index) that embeds entity `e` in its parent's item
// (Relationship::embedded), or -1.
int EmbeddingOf(const Model& model, EntityId e);
// The identifier attribute of an embedded relationship's `to` that keys its map (the one not in
// the link); -1 when there is not exactly one (never after checking).
AttrId EmbeddedKey(const Model& model, const Relationship& r);

// The access pattern (Model::access_patterns index) that reads the `to` items of one `from` item
// of 1:1 or 1:N `relationship`: it returns `to` alone, by exactly the link, with no range,
// filter, projection or aggregate, and no limit below the relationship's `max` (whole items,
// every child); the first in declaration order, or -1. An update of a copied attribute finds the
// children with it.
int ChildrenPattern(const Model& model, int relationship);

// The attributes of `of` an aggregate's filter names (AggregateDecl::filters), in filter order;
// -1 for a name `of` lacks (never after checking).
std::vector<AttrId> FilterSources(const Model& model, const AggregateDecl& aggregate);

}  // namespace model
