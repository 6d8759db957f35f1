// Shared state of one RunCheck (internal to model_check): the model, layout, data, oracle and
// simulated table, and the pieces split across items.cpp (the table, the initial load, write
// plans) and reads.cpp (sampling arguments, comparing read plans' answers with the oracle).
// Rendering items and executing plans is model/exec's, against the table as a sim::DataPlane.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "model/base/channel.h"
#include "model/base/status.h"
#include "model/check/check.h"
#include "model/check/oracle.h"
#include "model/check/synth.h"
#include "model/exec/writes.h"
#include "model/sim/engine/database.h"

namespace model::check {

// A parent item that its synthetic children took past DynamoDB's 400 KB item limit: the table
// refuses it (ValidationException), so the load left the last children (by map key) out, and
// the check reports it on the collection's patterns (ReportEmbeddedOverflows).
struct EmbeddedOverflow {
  int collection = 0;                // KeyLayout::embedded index
  std::string parent;                // the parent's identifier, as text: "boardId = b-1"
  std::string parent_key;            // the parent's identifier values, as the children's link
  std::int64_t children = 0;         // elements the parent's map would hold
  std::int64_t bytes = 0;            // the item's size with all of them
  std::int64_t element_bytes = 0;    // the elements' bytes, map entry overhead included
  std::vector<std::string> dropped;  // map keys of the children left out
};

struct Context {
  const Model& model;
  const KeyLayout& layout;
  CheckOptions options;
  Dataset data;
  std::unique_ptr<Oracle> oracle;
  std::unique_ptr<sim::Database> db;  // the embedded table, when options.plane is null
  sim::DataPlane* plane = nullptr;    // what plans run against: db or options.plane
  Rng rng{1};
  std::vector<std::vector<bool>> deleted;         // by entity, by record
  std::vector<std::vector<std::size_t>> touched;  // by entity: records the write side changed
  std::int64_t items_loaded = 0;
  // By entity: identities of records[0..identities_seen) (NewRecord's taken identifiers).
  std::vector<std::unordered_set<std::string>> identities;
  std::vector<std::size_t> identities_seen;
  // The stream consumer's shard iterator: the sequence number it has read up to.
  std::int64_t stream_position = 0;
  // The number the last create drawing a counter drew (FollowCount), nullopt after a refusal.
  std::optional<std::int64_t> last_drawn;
  // Parents the load could not store whole (EmbeddedFill::Fill), in load order.
  std::vector<EmbeddedOverflow> overflows;
  // Whether the aggregates' rounds ran (CheckAggregates): the dataset's groups are current again,
  // so reads after the write patterns compare the aggregates they return.
  bool aggregates_compared = false;

  const Entity& entity(EntityId e) const { return model.entities[static_cast<std::size_t>(e)]; }
  std::string IndexName(int index) const {
    return index == 0 ? std::string() : layout.indexes[static_cast<std::size_t>(index - 1)].name;
  }
};

// The identifier values of `item`, a record of entity `en`, as one text (a set's key): each
// value followed by the unit separator 0x1F. Never shown to the user: see IdentityText.
std::string IdentityOf(const Entity& en, const sim::Item& item);

// The identifier of `item`, a record of entity `en`, as failure messages show it:
// "orderId = O1, lineNo = 2".
std::string IdentityText(const Entity& en, const sim::Item& item);

// The identities of every record of `e` ever made (Context::identities brought up to date): a
// new record's identifier must be none of them, or its create would meet an item already there.
std::unordered_set<std::string>& TakenIdentities(Context& c, EntityId e);

// True when `item`, a new record of `e`, links to a parent that already holds its bound of
// children (a 1:1's one, a relationship's `max`) among `e`'s live records: created there, it
// would break the bound, and an embedded collection's create is refused (size(map) < max).
bool LinksToFullParent(const Context& c, EntityId e, const sim::Item& item);

// Applies options.canonical (when set) to every version of `record`, an entity `e` record.
inline void Canonicalize(const Context& c, EntityId e, Record& record) {
  if (!c.options.canonical) return;
  for (sim::Item& v : record.versions) v = c.options.canonical(e, v);
}

// `args` with the check's clock, kNowArgument at kCheckNowSeconds: a write's own reads (an
// update's read of the children whose copies it rewrites) leave out expired items as the
// check's reads do. Write conditions take only their parameters' names.
inline exec::Arguments WithCheckClock(exec::Arguments args) {
  args[exec::kNowArgument] = sim::AttributeValue::N(std::to_string(kCheckNowSeconds));
  return args;
}

// A sim::Error met outside the simulated table, as a Status: "ValidationException: <message>".
inline Status FromSim(const sim::Error& error) {
  return Status::Internal(error.name + ": " + error.message);
}

// An entity whose records are all synthesized.
using FinishedEntity = std::pair<EntityId, const std::vector<Record>*>;
// Builds the oracle from the entities arriving on `finished` until it is closed, on a thread of
// its own; the outcome goes to the out-parameters.
void BuildOracle(const Model& model, Channel<FinishedEntity>& finished,
                 std::unique_ptr<Oracle>* oracle, std::optional<sim::Error>* error);

// --- items (items.cpp) ---

// The table with the layout's key attributes and indexes.
[[nodiscard]] sim::SimStatus CreateTable(Context& c);
// Every record's items, bulk-loaded (the embedded table) or batch-written (options.plane).
[[nodiscard]] sim::SimStatus LoadAll(Context& c);
// Applies write pattern `w` to `record` (`before` null for a create, `after` null for a delete)
// through its write plan, with `args` for its condition's parameters. Returns the error DynamoDB
// answered, if any.
[[nodiscard]] sim::SimStatus ApplyWrite(Context& c, int w, const Record* before,
                                        const Record* after, PatternCheck& result,
                                        const exec::Arguments& args = {},
                                        const std::vector<exec::AlsoRecord>& also = {});

// --- per-parent counters (counters.cpp) ---

// After create pattern `w` tried `after` (`written`: it succeeded) with a plan drawing a counter
// (WritePlan::counter): reads the parent's count back from the table; it must have advanced by
// one over the dataset's (a refused create: by at most one, the gap of a draw whose put was
// refused), else fails the pattern in `result`. The dataset's parent and the oracle take the
// table's count. Returns that count (the number a written create drew), or nullopt without a
// counter, a live parent or a readable count.
std::optional<std::int64_t> FollowCount(Context& c, int w, const Record& after, bool written,
                                        PatternCheck& result);

// --- denormalized copies (copies.cpp) ---

// Whether some attribute of another entity copies one of `parent`'s (model.h Attribute::copy).
bool CopiedFrom(const Model& model, EntityId parent);
// After update pattern `w` applied `before` -> `after` of a parent: for every copy of an
// attribute it changed (the model's copies, whatever the plan does), every live, unexpired child
// of the parent in the dataset takes the new value (and the oracle with it), and its item in the
// table must hold it (a strongly consistent GetItem); a child holding another value fails the
// pattern in `result`.
void FollowCopies(Context& c, int w, const Record& before, const Record& after,
                  PatternCheck& result);

// --- embedded collections (embedded.cpp) ---

// The maps a dataset's parents hold (model/layout.h EmbeddedLayout): each child's element under
// its parent's identity.
class EmbeddedFill {
 public:
  EmbeddedFill(const Model& model, const KeyLayout& layout, const Dataset& data);
  // Sets, on `item` (of item type `type`, rendered from `parent`), each collection's map of
  // `parent`'s children (none: the empty map RenderItems wrote). When they take the item past
  // 400 KB, the last children (by key) stay out until it fits, and `overflows` gets what was
  // left out.
  void Fill(int type, const Record& parent, sim::Item& item,
            std::vector<EmbeddedOverflow>& overflows) const;

 private:
  const Model& model_;
  const KeyLayout& layout_;
  std::vector<std::unordered_map<std::string, sim::AttributeValue>> maps_;  // per collection
};

// After a delete of `record`, a record of `parent`: its embedded children went with its item, so
// they are deleted from the dataset and the oracle too.
void DeleteEmbeddedChildren(Context& c, EntityId parent, const Record& record);

// Create pattern `w` of an embedded child (WritePlan::embedded), run on `child`, a new record
// of it, once its parent holds the collection's `max` elements: the parent's item is stored
// full (filler elements beside its own), the create must be refused for its size bound
// (ConditionalCheckFailedException, the item unchanged), and the parent's item is then put back
// as it was. With `also` entries, `child` is first pointed at a parent on which their
// conditions hold. Failures go to `result`.
void CheckEmbeddedFull(Context& c, int w, Record child, PatternCheck& result);

// After the load and the oracle's build: each of c.overflows' children left out of the table is
// deleted from the dataset and the oracle, and every pattern reading or writing the collection's
// entity fails, naming the parent, its size and the declaration to change.
sim::SimStatus ReportEmbeddedOverflows(Context& c, CheckReport& report);

// --- concurrent updates (interleave.cpp) ---

// When update pattern `w` recomputes index keys from attributes it does not set: runs it as a
// client knowing only its own values and what its plan reads first, with another update of one
// of those attributes between its read and its write, and checks every item's index keys
// against the final values; failures go to `result`. Does nothing for other patterns.
void CheckConcurrentUpdate(Context& c, int w, PatternCheck& result);

// One item of a synthetic dataset rendered through the layout, with its item type.
struct RenderedItem {
  int type = -1;
  sim::Item item;
};
// Every item of a fresh synthetic dataset (options.items records from options.seed) rendered
// through the layout, item type by item type, records in order: what the docs' sample items and
// the exports' table items are drawn from. When some item type has no item in the table or in
// an index it writes keys for (a sparse index of a rare state), the dataset is drawn again from
// the same seed with twice the records, up to kCoverageGrowth times options.items, and the one
// that leaves the fewest such gaps is kept (the first of equals).
inline constexpr std::int64_t kCoverageGrowth = 16;
std::vector<RenderedItem> RenderDataset(const Model& model, const KeyLayout& layout,
                                        const CheckOptions& options);

// --- partitions of a rendered dataset (dataset_partitions.cpp) ---

// The items carrying the keys of `index` (0 = the table, else a GSI's number), by partition key
// and then sort key (natural text), as the index orders them; pointers into `items`.
using IndexPartitions = std::map<std::string, std::multimap<std::string, const RenderedItem*>>;
IndexPartitions PartitionsOf(const KeyLayout& layout, int index,
                             const std::vector<RenderedItem>& items);
// A partition that stands for its shape: its key and how many item types it holds.
struct RepresentativePartition {
  std::size_t types = 0;
  std::string key;
};
// One partition per partition-key shape (the key template, in `index`, of the partition's first
// item), the one holding the most item types (ties go to the smaller key), in shape order: what
// the docs' sample items and the exports' table items show of each index.
std::vector<RepresentativePartition> RepresentativePartitions(const KeyLayout& layout, int index,
                                                              const IndexPartitions& partitions);

// --- aggregates (aggregates.cpp) ---

// After the load: the min/max state of every group (a backfill's), and the stream consumer's
// iterator at the stream's end.
[[nodiscard]] sim::SimStatus StartAggregates(Context& c);
// The aggregates' rounds (after the write patterns; after the check's own moves between groups
// and deletes): staleness, drain, comparison with the oracle; fills report.aggregates. Keeps the
// dataset and the oracle's `into` records in step with the groups.
[[nodiscard]] sim::SimStatus CheckAggregates(Context& c, CheckReport& report);
// After a write pattern changed records of `of` in the dataset and the oracle: the `into` records
// of every aggregate over `of` kept in the writes' transactions take the values the oracle's
// groups give, as the transaction wrote them to the table, so later writes guard (and choose
// arguments for) the values the table holds. A stream-kept aggregate's items change only when
// its stream is drained (CheckAggregates); one computed at read time stores nothing.
void FollowTransactionGroups(Context& c, EntityId of);

// --- reads (reads.cpp) ---

// Runs read pattern `r` for sampled arguments and compares with the oracle; appends to result.
void CheckRead(Context& c, int r, const std::string& round, PatternCheck& result);
// Warnings from what the calls read, and the partition load and cost at the declared rates
// (model/cost.h, from the declarations): fills hottest_partition_units_per_s and cost.
void MeasureRead(Context& c, int r, PatternCheck& result);

// Natural text of an item attribute, "" when absent.
using exec::Natural;

}  // namespace model::check
