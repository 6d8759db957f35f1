// Shared state of one DeriveLayout run, split by rule across derive_*.cpp.
//
// The phases run in order over one Context: PlaceEntities (table keys, nesting, versions,
// uniqueness), ChooseLayout (the cost objective's layout variants), RoutePatterns (each read
// pattern to the table, a view on an index, or a Scan; views merged when ChooseLayout says so),
// SizeShards (write sharding of views), ChooseGsiCount, ChooseViewPlacement (which views keep
// their entity's own item, priced), PackIndexes (views onto the fewest GSIs, facets when an item
// runs out of slots), BuildItemTypes, BuildReadPlans, BuildWritePlans. A
// "view" is one way of indexing items (partition parameters, sparse filter, ordering attribute);
// several patterns can share a view, several views share one overloaded GSI. Internal to
// model_core.
#pragma once

#include <algorithm>
#include <deque>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "model/base/diagnostics.h"
#include "model/cost.h"
#include "model/layout.h"
#include "model/model.h"

namespace model::derive {

// Capacity units, page size and per-partition limits: model/cost.h and model/check_report.h.
// A filter may discard at most this share: read amplification up to 2 is accepted on the table.
inline constexpr double kMaxFilterAmplification = 2.0;
// Items per entity the packer aims for (the main item and at most one facet) before adding GSIs.
inline constexpr int kTargetItemsPerEntity = 2;
inline constexpr int kDynamoMaxGsis = 20;
inline constexpr int kVersionWidth = 10;

struct Placement {
  KeyTemplate partition_key;  // the main item's (v0's for a versioned entity)
  KeyTemplate sort_key;       // without the version suffix
  int parent_relationship = -1;
  bool pinned = false;
  std::vector<Reason> reasons;
};

// The embedded collections entity `e` holds (Relationship::embedded from `e`): the names of its
// map attributes in the derivation's model (EmbeddedModel), in declaration order.
inline std::vector<std::string> EmbeddedMaps(const Model& model, EntityId e) {
  std::vector<std::string> out;
  for (const Relationship& r : model.relationships) {
    if (r.embedded && r.from == e) out.push_back(r.name);
  }
  return out;
}

// Whether write pattern `w` (of the derivation's model) only writes embedded collections: a
// child's create, update or delete, an update of its parent's map alone (EmbeddedModel).
inline bool WritesOnlyEmbedded(const Model& model, const WritePattern& w) {
  if (w.kind != WriteKind::kUpdate || w.attributes.empty()) return false;
  std::vector<std::string> maps = EmbeddedMaps(model, w.entity);
  for (const std::string& a : w.attributes) {
    if (std::find(maps.begin(), maps.end(), a) == maps.end()) return false;
  }
  return true;
}

struct View {
  std::vector<std::string> params;       // partition parameters, canonical order
  std::vector<SparseCondition> filters;  // sparse: only matching items carry the keys
  // Filters the key serves by presence alone (`present_when`: an order attribute present exactly
  // while the condition holds): not written as conditions, named in the label.
  std::vector<SparseCondition> presence;
  // Equality parts of the sort key before order_attribute (a composite sort key such as
  // {state}#{date}): a merged view (MergeViews) serves reads by params plus a leading part of
  // these, with begins_with or a range on the next part. Empty for a view of one pattern shape.
  std::vector<std::string> sort_prefix;
  std::string order_attribute;     // sort key attribute; empty = none
  bool history = false;            // indexes history items of versioned entities
  std::vector<EntityId> entities;  // declaration order
  std::vector<int> patterns;       // access pattern ids
  std::string label;
  int shards = 1;
  std::optional<int> pinned_gsi;
  int gsi = 0;
  std::vector<Reason> reasons;
  // Keys the model pins for entities[0] on index *pinned_gsi (Entity::pinned_index_keys): the
  // view's partition and sort key templates verbatim, on the entity's own item. The patterns
  // routed to it carry their key condition in PatternRoute::table (as the table's do), built
  // against these templates; it is never merged, sharded or moved.
  bool user_keys = false;
  KeyTemplate user_pk;
  KeyTemplate user_sk;
  SourceRange user_range;  // the pinned index entry in the model
};

enum class Route { kNone, kTable, kView, kScan };

struct TableRoute {
  Operation operation = Operation::kQuery;
  KeyCondition key;
  std::vector<std::pair<EntityId, bool>> items;  // (entity, history?)
  std::vector<std::string> filter_types;         // labels when the partition holds other types
  double amplification = 1;
  std::vector<SparseCondition> filter;
  std::string order_attribute;     // the sort key part the pattern orders by
  std::string time_ordered;        // a time-ordered key part standing for order_attribute
  std::vector<std::string> match;  // parameters outside the whole bound key: checked client-side
  int parents = 0;  // parent items read before the sorted children (they add to the limit)
  // Set when the key part the pattern ranges over or sorts by does not keep its values' order
  // (a pinned key like `{name}|{id}`): why, for the error (E475) routing reports.
  std::string disorder;
};

struct PatternRoute {
  Route route = Route::kNone;
  TableRoute table;  // kTable, and kView on a view with user_keys (its key condition)
  int view = -1;     // kView
  std::vector<Reason> reasons;
};

// One unit of index slots: the items of one entity (current or history). Each item holds at most
// one view per GSI; item 0 is the entity's own item, the rest are facets.
struct SlotItem {
  std::vector<int> views_by_gsi;  // index g-1 -> view id or -1
  std::string facet_label;        // facets only
  std::string facet_name;
};

struct SlotUnit {
  EntityId entity = -1;
  bool history = false;
  std::vector<SlotItem> items;
};

// The write shards one hot partition key needs, and why (a view's reason).
struct HotShards {
  int shards = 1;
  std::string reason;
  std::vector<std::string> patterns;
  bool operator==(const HotShards& o) const { return shards == o.shards; }
};

struct Context {
  const Model& model;
  Diagnostics& diags;
  std::vector<std::string> labels;    // per entity
  std::vector<Placement> placements;  // per entity
  // Per relationship: for an M:N, 1 when its associative entity lives in the item collection of
  // `to` rather than `from` (ChooseAdjacencySides' choice; missing or 0: `from`). A reason per
  // relationship saying why, added to the entity's placement.
  std::vector<int> adjacency_side;
  std::vector<std::string> adjacency_reason;
  // Per access pattern: the cost objective serves it from the table with a filter that discards
  // more than kMaxFilterAmplification allows (ChooseTableFilters), instead of an index view.
  std::vector<bool> table_filter;
  std::vector<View> views;
  std::vector<PatternRoute> routes;  // per access pattern
  std::deque<SlotUnit> units;        // stable references
  int gsi_count = 0;
  // RoutePatterns merges views one view can serve (MergeViews) when set: ChooseLayout's choice.
  bool merge_views = false;
  // Requests per read (by pattern) no candidate may exceed: the packing rule's layout without
  // ChooseLayout's variants. Empty: ChooseGsiCount takes its own rule count's.
  std::vector<int> request_limit;
  // > 0: the GSI count PackIndexes uses (ChooseGsiCount's choice); 0: BaselineGsiCount.
  int chosen_gsis = 0;
  // The order PackIndexes places views in (ChooseViewPlacement's choice, a permutation of the
  // view ids); empty: GsiPlacementOrder.
  std::vector<int> placement_order;
  // Set when ChooseGsiCount priced each count with its placement and kept the chosen count's:
  // ChooseViewPlacement then leaves placement_order as it is.
  bool placement_chosen = false;
  // Notes of the cost objective (the candidates priced, why the others lost), appended to the
  // layout's notes after PackIndexes' own.
  std::vector<Reason> objective_notes;
  // The write shards hot partitions need (model/hot_partitions.h), by access pattern id: found on
  // a derived layout and given to the next derivation (DeriveLayout), which shards the view
  // serving the pattern so (SizeShards). Empty on the first derivation.
  std::map<int, HotShards> hot_shards;
  // Read patterns kept off the constant partitions of inverted indexes, by access pattern id,
  // with why (NeededOffInverted, found on a derived layout and given to the next derivation):
  // RoutePatterns does not route them to an inverted index unless pinned there. Empty on the
  // first derivation.
  std::map<int, std::string> off_inverted;
  // Reads served by a GSI whose pinned projection (KEYS_ONLY or INCLUDE) leaves out what they
  // return, by access pattern id (BuildItemTypes finds them): the index, what it leaves out
  // (ProjectionMisses) and where the projection is pinned. AttachTableFetches gives each plan a
  // second step fetching the items from the table (FollowUp::by_table_key), or reports why the
  // Query of the index cannot find them (E239).
  struct TableFetch {
    int gsi = 0;
    std::string misses;
    SourceRange projection_range;
  };
  std::map<int, TableFetch> table_fetches;
  KeyLayout layout;
  std::vector<int> main_item;     // entity -> item type id
  std::vector<int> history_item;  // entity -> item type id or -1
  bool failed = false;

  Context(const Model& m, Diagnostics& d) : model(m), diags(d) {}
  const Entity& entity(EntityId id) const { return model.entities[static_cast<std::size_t>(id)]; }
  const Attribute* FindAttr(EntityId e, const std::string& name) const;
  Encoding EncodingOf(EntityId e, const std::string& name) const;
  // The unit holding the (entity, history) slots, created on first use.
  SlotUnit& Unit(EntityId e, bool history);
};

// The sort key of a versioned entity's current item (`history` false) or its history items
// (numbered by the attribute `number`): the placement's sort key followed by `#v0`, or by
// `#v{number}` (zero-padded). A sort key pinned in the model (`keys: { sk: ... }`) is the current
// item's verbatim; its history items append `#v{number}`, or, when it ends in `#v0` (the form
// `model export` writes for a derived layout), put `#v{number}` in its place.
KeyTemplate VersionSortKey(const Context& c, EntityId e, bool history, const std::string& number);

// A pattern returning a parent and its children sorted by an attribute only the children have
// (the loader's rule, analyze_patterns.cpp): (parent, child) when there is exactly one of each.
std::optional<std::pair<EntityId, EntityId>> SortedChildren(const Context& c,
                                                            const AccessPattern& p);
// The smallest string above every key that starts with `prefix` ("SALE#" -> "SALE$"); `prefix`
// must end in a character below 0x7f.
std::string PrefixSuccessor(std::string prefix);

// Share of an entity's items matching `attribute == value`: model/cost.h FilterSelectivity, the
// estimate the cost figures use (declared `shares`, a polymorphic kind's parent share, else
// AssumedSelectivity).
double Selectivity(const Context& c, EntityId e, const std::string& attribute,
                   const std::string& value);

// Dollars with cents, thousands separated: "$31,946.56"; "< $0.01" for a positive amount below
// a cent.
std::string Money(double usd);

// What a read of `p` needs from the items it returns (nullopt: whole items): its projection, the
// attribute it sorts by, the one it sums, each returned entity's identifier and expiry. With
// `entity` >= 0, nullopt-or-empty unless `p` returns that entity.
std::optional<std::set<std::string>> PatternNeeds(const Context& c, const AccessPattern& p,
                                                  EntityId entity = -1);
// What `p` needs (PatternNeeds) that the projection the model pins on GSI `gsi`
// (Table::FindIndex) leaves out, quoted and joined for a message ("'email', 'name'", or "whole
// items"); empty when the index pins no projection or it holds all of it. A pinned INCLUDE also
// holds _type and, when some entity expires, the table's ttl_attribute (BuildProjections).
std::string ProjectionMisses(const Context& c, const AccessPattern& p, int gsi);
// Whether `attribute` is an identifier of every entity `p` returns that has it, and their table
// keys (Placement) hold it as a readable placeholder (keys::KeyValueReadable): a read takes it
// back from the table key every index projects (ReadPlan::values_from_keys).
bool KeysHoldIdentifier(const Context& c, const AccessPattern& p, const std::string& attribute);

void CheckReservedNames(Context& c);
// The cost objective for M:N adjacency lists: for each M:N relationship (declaration order) whose
// associative entity can live in either side's item collection, derives and prices (model/cost.h
// EstimateWorkload) the whole layout with it in `from`'s and in `to`'s, the other relationships
// as chosen so far, on scratch contexts. The side whose reads need no more requests wins, then
// the cheaper, then the fewer GSIs, then the side read at the higher rate by its identifier,
// then the side declared first: never `from` or `to` as such, so swapping them gives the same
// layout. Sets c.adjacency_side and c.adjacency_reason; runs before PlaceEntities.
void ChooseAdjacencySides(Context& c);
void PlaceEntities(Context& c);
// The cost objective for filters: each read pattern the table could serve but for a filter
// discarding too much (read amplification over kMaxFilterAmplification) gets a view; when the
// whole layout with that read on the table instead (routing to plans, on scratch contexts, the
// GSI count chosen by cost) needs no more requests on any read and costs less at the declared
// rates (fewer facets or index entries to write, against the items the filter reads and drops),
// it is served by the table (c.table_filter, with a reason). Patterns in declaration order, each
// decided with the earlier ones as chosen. Runs after PlaceEntities.
void ChooseTableFilters(Context& c);
// Routes every read pattern; with c.merge_views, then merges views (MergeViews).
void RoutePatterns(Context& c);
// Merges a view into another that serves all its patterns from the same items: an unsorted read
// by P into a sorted view partitioned by P, and a read by P into a view by P + S, whose sort key
// becomes S's values then the ordering attribute (View::sort_prefix). Views must index the same
// entities, with the same sparse condition, history and pin, and have parameters (unsharded).
void MergeViews(Context& c);
// Whether view `v` serves pattern `p`: its partition parameters are among p's, p's other
// parameters are a leading part of v.sort_prefix, and p's range or sort falls on the next part.
bool ViewServes(const View& v, const AccessPattern& p);
void SizeShards(Context& c);
// Hot partitions (model/hot_partitions.h) of the derived layout over DynamoDB's per-partition
// limits: W533 (reads), W532 (writes on a key the design does not shard, or past its shards).
void WarnHotPartitions(Context& c, const Model& model);
// W537: an inverted index partition whose key is constant (an entity's table sort key `PROFILE`
// puts all its items there) where the declared writes alone pass DynamoDB's 1,000 WCU/s per
// partition: an inverted index is keyed on the table's attributes, so its partition cannot be
// write-sharded; the fix is a per-item part in the table sort key
// (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/bp-partition-key-design.html).
void WarnInvertedConstantPartitions(Context& c, const Model& model);
// The read patterns the derivation moves off a constant partition of an inverted index
// (model/hot_partitions.h InvertedConstantPartitions) whose summed reads pass DynamoDB's 3,000
// RCU/s per partition (an inverted index cannot be sharded), with why: on each such partition,
// the reads not pinned to the index, the heaviest first (declaration order on ties), until what
// is left fits; at least those of c.off_inverted. A read moved off gets a view of its own
// (read-sharded as its load needs) on another index.
// https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/bp-partition-key-design.html
std::map<int, std::string> NeededOffInverted(const Context& c, const Model& model);
// W540: a constant partition of an inverted index whose reads still pass 3,000 RCU/s: reads pinned
// there (`index:`), or that no other index could take.
void WarnInvertedConstantPartitionReads(Context& c, const Model& model);
// Partitions several reads share, or a natural-key index's (model/hot_partitions.h
// SharedPartitions), over DynamoDB's per-partition limits on a key the design does not shard:
// W542 (reads on the table's keys, pinned keys or a key with parameters) and W543 (a natural-key
// index's partition, reads or writes). Keys without parameters of the derivation's own views are
// read-sharded for the sum already (W541 when no count serves it).
void WarnSharedPartitions(Context& c, const Model& model);
// The write shards the hot partitions of `c`'s derived layout need, by access pattern id, at
// least those of c.hot_shards.
std::map<int, HotShards> NeededHotShards(const Context& c, const Model& model);
// The GSI count of the packing rule alone: the smallest that keeps every entity at
// kTargetItemsPerEntity items, capped by max_gsis, raised to any pinned index.
int BaselineGsiCount(const Context& c);
// The fewest GSIs any packing can use: one, raised to any pinned index (facets carry the rest).
int MinimumGsiCount(const Context& c);
// The GSI count at which every entity's views fit on its own item (no facet), capped by max_gsis
// and raised to any pinned index; never below BaselineGsiCount's operands.
int FacetFreeGsiCount(const Context& c);
// The cost objective: packs, builds and prices (model/cost.h EstimateWorkload, at the declared
// rates) the layout of every GSI count from BaselineGsiCount (MinimumGsiCount with `prefer:
// fewer_indexes`) to the count at which no entity needs a facet (at most max_gsis), on scratch
// copies of `c`; among those whose reads need no more requests than the baseline's it keeps, in
// c.chosen_gsis, the best by the table's preference, compared lexicographically:
//   lowest_cost    (monthly cost, GSIs)
//   fewer_indexes  (GSIs, monthly cost)
//   cheaper_writes (WCU/s, monthly cost, GSIs)
// with notes naming each close rejected candidate and its cost, and, when `prefer` is written,
// which preference decided and what lowest_cost would have chosen. Runs after SizeShards.
void ChooseGsiCount(Context& c);
// The cost objective over layout variants, before routing: the placement as derived, then with
// views merged (MergeViews), then each entity's table sort key with a non-identifier attribute a
// read names after the partition (`GADGET#{kind}#{gadgetId}`, so reads by ownerId and by
// ownerId + kind both come from the table); each variant is routed, sized, packed and priced at
// every GSI count on scratch copies, a variant is kept when it is cheaper (ties: fewer GSIs, then
// fewer views) and no read needs more requests than in the first (variants are compared with
// the packer's placement of views, not ChooseViewPlacement's). Sets c.placements,
// c.merge_views and c.request_limit; notes go to c.objective_notes.
void ChooseLayout(Context& c);
// The order the packing rule places views in: pinned ones first, then those spanning more
// entities, then the most read (declaration order on ties). Each view takes a free slot of its
// entities' own items when one is left on some GSI, else a facet.
std::vector<int> GsiPlacementOrder(const Context& c);
// The cost objective over which views keep a slot on their entity's own item when the GSIs
// (c.chosen_gsis, else BaselineGsiCount) cannot hold every view there: for each entity whose
// single-entity, unpinned views outnumber the own item's free slots and differ in what a facet of
// them costs (some view is sparse or projected, or the entity is written), every choice of the
// views that take those slots (the rest go to facets) is a candidate. Up to
// kExhaustivePlacements combinations over all such entities, each whole layout is packed, built
// and priced (model/cost.h EstimateWorkload); beyond that, greedily by marginal cost: every
// entity's choice is priced by its own patterns (its writes, the reads of its views) with the
// other entities at the rule's choice, the cheapest kept per entity, and the whole combined
// layout kept only when it costs less than the rule's. Compared by the monthly cost (with
// `prefer: cheaper_writes`, the write units per second first). Requests per read may not exceed
// the rule's; ties keep the rule's order. Sets c.placement_order when a choice differs from the
// rule's, with a note per view that lost its slot on the own item (what keeping it costs). Runs
// after ChooseGsiCount.
inline constexpr double kExhaustivePlacements = 256;
void ChooseViewPlacement(Context& c);

// A scratch copy of `c` once its patterns are routed and its shards sized, for packing and
// pricing a candidate layout without touching `c`: its labels, placements, views, routes, slot
// units, layout and chosen GSI count; diagnostics go to `scratch`.
Context RoutedCopy(const Context& c, Diagnostics& scratch);
void PackIndexes(Context& c);
// After PackIndexes: a derived view whose partition key can render the partition key of another
// view on its GSI (keys::MayCollide: a pinned template, a polymorphic `{targetKind}#{targetId}`)
// takes its entities' labels in front (an unlabelled view), or its label followed by them (then
// `_2`, `_3`...), so that its partitions hold its own items. When no label escapes (a bare
// placeholder pinned there renders any one-part key) the label stays and the read plans tell the
// items apart by sort key or a _type filter (derive/reads.cpp).
void LabelViewsApartOnIndexes(Context& c);
void BuildItemTypes(Context& c);
void BuildReadPlans(Context& c);
// Reads of a relationship's other side (AccessPattern::other_side) run in two steps. The
// derivation routes the first: FirstStepModel is `model` with each such pattern returning the
// link's holder and projecting the link attributes (the plan's first step reads exactly that);
// AttachFollowUps then gives each such plan its second step (ReadPlan::follow_up) from the
// pattern as declared in `model`, or reports why the returned entity cannot be read by key.
Model FirstStepModel(const Model& model);
void AttachFollowUps(Context& c, const Model& model);
// A read served by a GSI whose pinned projection leaves out what it returns (Context::
// table_fetches) runs in two steps: the plan's Query of the index finds the entries, and a second
// step (ReadPlan::follow_up, FollowUp::by_table_key) reads their items from the table by the
// table key each entry holds, with GetItem (at most one item) or BatchGetItem. An error (E239)
// when the Query itself needs what the index leaves out: the _type it filters on, an attribute
// it sorts by on the client before a limit, the TTL attribute before a limit. Runs after
// AttachFollowUps; a read of a relationship's other side was refused by BuildItemTypes.
void AttachTableFetches(Context& c);
void BuildWritePlans(Context& c);
// Appends to `plan` the items of write pattern `w`'s `also` entries, with ItemWrite::also set
// (each entry planned as a standalone update, delete or ConditionCheck of its entity would be),
// one also_read_first per entry, and their reasons.
void PlanAlso(const Context& c, const WritePattern& w, WritePlan& plan);
// After the write plans: a copy (model.h Attribute::copy) whose rewrites find the children
// with a GSI read, eventually consistent (W517), or whose relationship declares no `max`, so
// one update rewrites any number of children (W518); each copy warned once.
void WarnCopies(Context& c);
// Embedded collections (derive/embedded.cpp). EmbeddedModel is `model` as the other phases
// derive it: each parent with one more optional map attribute named after the relationship
// (its item_size grown by the average collection), each read returning the child a read of the
// parent by its identifier, each write of the child an update of that attribute. FinishEmbedded
// then drops the child's item types, removes the attribute from items and plans, and gives the
// child's reads and writes their plans (layout.h EmbeddedLayout, EmbeddedRead,
// WritePlan::embedded) from `model` as declared; a parent item not read by its identifier alone,
// or an update that puts it anew, is an error (E467).
Model EmbeddedModel(const Model& model);
void FinishEmbedded(Context& c, const Model& model);
// After the aggregates are planned: each write pattern with `also:` entries names items its
// transaction does not write already (E447: a group item of an aggregate kept in it), by their
// identifier alone (E446), within DynamoDB's 100 actions (E519).
void CheckWriteTransactions(Context& c);
// W535: `unique: true` on an entity's single identifier when its main item's table key is built
// from that identifier alone: the key already refuses a second item, so the uniqueness item only
// doubles the create's cost.
void WarnUniqueIdentifier(Context& c);
void PlanAggregates(Context& c);
// How a write's transaction keeps a transaction-kept aggregate's group items: read first and
// Put (kNone), or by UpdateItem ADD (aggregate_rules.h KeptByAdd) with nothing folded in
// (kAdds) or with the write's `also` check of the group item folded into its condition
// (kCheckFolded).
enum class AddUpkeep { kNone, kAdds, kCheckFolded };
// The reason a write plan gives for keeping aggregate `a` in its transaction, worded from what
// the transaction does (a group item read and Put, or updated by ADD; and then, when the group's
// item is missing, made, or the write refused: attribute_exists on an item the application
// makes, or a folded check requiring it).
std::string TransactionReason(const Model& m, const KeyLayout& layout, const AggregateDecl& a,
                              AddUpkeep adds);
// A sharded aggregate's shard items (model/layout.h AggregateShardItemTypes) carry the table's
// keys, so DynamoDB has them in every inverted index too, keyed by those keys swapped
// (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/GSI.html#GSI.Writes): a
// Query there whose key condition can match them filters on _type and reads them too (its
// read_amplification). Runs once PlanAggregates has chosen the shards.
void FilterShardItemsOnInvertedIndexes(Context& c);
// Each inverted index's reasons (IndexLayout::reasons) name, after the entities' own items, every
// other item the index holds under its table keys swapped: facets (a sparse one while it
// exists), history and uniqueness items, a sharded aggregate's shard items and a stream
// consumer's mark items. Runs once PlanAggregates has chosen shards and marks.
void DescribeInvertedIndexItems(Context& c);

// The sort condition for the pattern's range after `prefix` (the bound placeholders are named
// from / to / value). `next` is the literal text right after the range attribute in the key
// (nullopt when the key ends there): an equality reads the keys beginning with the value and
// its first character, an inclusive upper bound (or an exclusive lower one) is the value and the
// character after that first one (`#` -> `$`, `|` -> `}`), so keys with more parts after the
// value still fall on the right side. The caller checks that the order holds
// (keys::OrderKeptBefore) and that `next` begins with a character that has a successor
// (CharacterAfter). `width` is the bound placeholders' fixed width (a version number's), 0 for
// none.
void RangeKeyCondition(const AccessPattern& p, const KeyTemplate& prefix, Encoding enc,
                       const std::optional<std::string>& next, KeyCondition* key, int width = 0);

// The first character (UTF-8 code point) of `text` and the one after it, or nullopt when `text`
// is empty, does not begin with valid UTF-8 or begins with U+10FFFF.
std::optional<std::pair<std::string, std::string>> CharacterAfter(std::string_view text);

// The label suffix of a sparse view or facet: `_OPEN` for `status: OPEN`, `_ESCALATED` /
// `_NOT_ESCALATED` for a boolean attribute `escalated: true` / `false` (entity `e`'s types).
std::string SparseLabel(const Context& c, EntityId e, const std::vector<SparseCondition>& filters);

// The partition template of a view (label, parameters, shard).
KeyTemplate ViewPartitionKey(const Context& c, const View& v);
// The sort key template an entity's items carry in a view.
KeyTemplate ViewSortKey(const Context& c, const View& v, EntityId e);

}  // namespace model::derive
