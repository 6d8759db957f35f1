// Shared state of one RunCheck (internal to model_core): the model, layout, data, oracle and
// simulated table, and the pieces split across check_items.cpp (items through the layout,
// writes) and check_reads.cpp (executing read plans, comparing with the oracle).
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <unordered_set>
#include <vector>

#include "model/base/channel.h"
#include "model/base/status.h"
#include "model/check/check.h"
#include "model/check/oracle.h"
#include "model/sim/engine/database.h"
#include "model/check/synth.h"

namespace model::check {

struct Context {
  const Model& model;
  const KeyLayout& layout;
  CheckOptions options;
  Dataset data;
  std::unique_ptr<Oracle> oracle;
  std::unique_ptr<sim::Database> db;
  Rng rng{1};
  std::vector<std::vector<bool>> deleted;    // by entity, by record
  std::vector<std::vector<std::size_t>> touched;  // by entity: records the write side changed
  std::int64_t items_loaded = 0;
  // Read units per partition ("GSI1:ORDER_OPEN#03"), modeled from declared item sizes, by read
  // plan, over all calls.
  std::map<int, std::map<std::string, double>> partition_units;
  // By entity: identities of records[0..identities_seen) (NewRecord's taken identifiers).
  std::vector<std::unordered_set<std::string>> identities;
  std::vector<std::size_t> identities_seen;

  const Entity& entity(EntityId e) const { return model.entities[static_cast<std::size_t>(e)]; }
  std::string IndexName(int index) const {
    return index == 0 ? std::string() : layout.indexes[static_cast<std::size_t>(index - 1)].name;
  }
};

// A sim::Error met outside the simulated table, as a Status: "ValidationException: <message>".
inline Status FromSim(const sim::Error& error) { return Status::Internal(error.name + ": " + error.message); }

// An entity whose records are all synthesized.
using FinishedEntity = std::pair<EntityId, const std::vector<Record>*>;
// Builds the oracle from the entities arriving on `finished` until it is closed, on a thread of
// its own; the outcome goes to the out-parameters.
void BuildOracle(const Model& model, Channel<FinishedEntity>& finished, std::unique_ptr<Oracle>* oracle,
                 std::optional<sim::Error>* error);

// --- items (check_items.cpp) ---

// The table with the layout's key attributes and indexes.
[[nodiscard]] sim::SimStatus CreateTable(Context& c);
// Every item of one record for one item type (history: one per version; uniqueness: one per
// present unique value). Empty when the type carries nothing for this record.
std::vector<sim::Item> RenderItems(const Context& c, int type, const Record& record);
// The table key of the item type's item for `record` (version: for history items).
std::optional<sim::Item> RenderKey(const Context& c, int type, const Record& record, int version);
[[nodiscard]] sim::SimStatus LoadAll(Context& c);
// Applies write pattern `w` to `record` (`before` null for a create, `after` null for a delete)
// through its write plan. Returns the error DynamoDB answered, if any.
[[nodiscard]] sim::SimStatus ApplyWrite(Context& c, int w, const Record* before, const Record* after,
                                        PatternCheck& result);

// --- reads (check_reads.cpp) ---

// Runs read pattern `r` for sampled arguments and compares with the oracle; appends to result.
void CheckRead(Context& c, int r, const std::string& round, PatternCheck& result);
// Partition load at the declared rates: fills hottest_partition_units_per_s and cost.
void MeasureRead(Context& c, int r, PatternCheck& result);

// Natural text of an item attribute, "" when absent.
std::string Natural(const sim::Item& item, const std::string& name);

}  // namespace model::check
