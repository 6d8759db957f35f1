// `model check`: prove a key layout against the simulated table.
//
// RunCheck synthesizes data from the model (synth.h), stores it in the oracle (oracle.h) and,
// through the layout, in a simulated DynamoDB table (model/sim): every item type's items with
// their table and index keys. It then runs every access pattern's plan mechanically — GetItem,
// Query with pagination to the end or to the limit, sharded fan-outs merged lazily, Scan — for
// many sampled arguments (hits, misses, range bounds taken from the data) and compares each
// answer with the oracle's: the same entities, in the same order where the pattern is ordered.
// Then the write side: every write pattern is applied through its write plan (updates that
// change index-key attributes, deletes, creates, uniqueness), and every read pattern is checked
// again, so stale index entries, orphaned items and duplicated unique values show up.
// Pre-computed aggregates (Model::aggregates) are proven between the two: the synthetic `into`
// records are their backfill; after the write patterns, and again after the check's own moves
// of items between groups and deletes, the table's stream is drained through the consumer (as a
// Lambda: batches from a shard iterator, items out of order, every batch delivered twice) and
// every group compared with the oracle's grouping (report.aggregates: the staleness window, and
// a failure per value that drifts after draining).
//
// Per pattern it measures requests, items read and returned, pages and consumed capacity, and
// at the declared rates the busiest partition's load: a partition over DynamoDB's 3,000 RCU/s or
// 1,000 WCU/s per-partition limit is a warning, and a failure beyond twice the limit (the load
// is an estimate from synthetic data; at twice the limit it throttles whatever the margin); a
// Scan or a filter that discards most of what it reads is a warning. Deterministic for a model,
// layout and options.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "model/check_report.h"
#include "model/exec/aggregates.h"
#include "model/exec/values.h"
#include "model/exec/writes.h"
#include "model/layout.h"
#include "model/model.h"
#include "model/sim/api/data_plane.h"
#include "model/sim/api/error.h"

namespace model::check {

// What a read run through other code than model/exec answered (CheckOptions::read_through).
struct ReadThrough {
  std::optional<std::string> error;  // why the read failed; then nothing else counts
  // The results in the order returned: the entity (Model::entities index; -1 if unknown) and
  // its attribute values (kVersionAttribute holding the version for a versioned entity's item).
  std::vector<std::pair<EntityId, sim::Item>> items;
  std::optional<std::string> aggregate;  // an aggregate pattern's value, as decimal text
  std::string request;                   // what was called, for counterexamples
};

struct CheckOptions {
  std::int64_t items = 2000;  // synthetic records across all entities
  std::uint64_t seed = 1;
  // Only this read or write pattern ("" = all), or, when it names an aggregate, the write
  // patterns that can change it (model/aggregate_rules.h WriteChangesAggregate) and its
  // comparison with the oracle (CheckReport::aggregates holds it alone).
  std::string pattern;
  int samples = 8;  // argument samples per read pattern and round
  // Called as the set-up starts each step ("synthesizing data", "loading items", "writing the
  // table"), e.g. to show what a long run is doing; then `progress` follows the patterns.
  std::function<void(const std::string&)> stage;
  // Called after each pattern with (done, total), e.g. for a progress bar.
  std::function<void(int, int)> progress;
  // The table to check against. Null: an embedded simulated table (sim::Database), bulk-loaded.
  // Otherwise (e.g. an HttpDataPlane to a real endpoint) the layout's table, which must not
  // exist yet, is created through it and loaded with BatchWriteItem (25 items a request,
  // UnprocessedItems sent again); the caller deletes it afterwards.
  sim::DataPlane* plane = nullptr;
  // Other code to run the patterns through, such as generated accessors
  // (tests/codegen/driver.cpp): the check's data, sampled arguments, oracle and comparison stay
  // the same, only who executes the plan changes. `read_through(read, args)` answers read
  // pattern `read` (a KeyLayout::reads index) for `args`, client-side steps (sort, limit,
  // aggregate) done; `write_through(write, before, after, args, also)` applies write pattern
  // `write` as ApplyWrite would (before null for a create, after null for a delete; a record's
  // versions are its history; `args` the condition's parameters by name; `also` the records of its
  // `also` update entries, exec::ApplyWrite's) and returns the error the table answered. Null:
  // model/exec, as `model check` runs.
  std::function<ReadThrough(int read, const exec::Arguments& args)> read_through;
  std::function<sim::SimStatus(int write, const exec::Record* before, const exec::Record* after,
                               const exec::Arguments& args,
                               const std::vector<exec::AlsoRecord>& also)>
      write_through;
  // The form of the data: every synthetic record's versions, and each record the write side
  // creates or changes, are replaced by `canonical(entity, values)` before they are stored or
  // compared (e.g. through an entity's typed fields and back, which writes timestamps with
  // milliseconds). Null: as synthesized.
  std::function<sim::Item(EntityId entity, const sim::Item& values)> canonical;
  // The stream consumer of stream-kept aggregate `aggregate` (a KeyLayout::aggregates index),
  // handed each batch of its records as its own Lambda function is; what it applies goes to
  // `stats`, that aggregate's figures. Null: model/exec's (exec::ApplyAggregateStream). Lets a
  // test prove that the check fails a consumer that gets something wrong.
  std::function<sim::SimStatus(sim::DataPlane&, int aggregate,
                               const std::vector<sim::StreamRecord>&, exec::AggregateStats&)>
      stream_consumer;
};

// Fails (the error) only when the simulated table itself cannot be set up.
[[nodiscard]] sim::SimResult<CheckReport> RunCheck(const Model& model, const KeyLayout& layout,
                                                   const CheckOptions& options);

// Writes the synthetic data RunCheck starts from (options.items records from options.seed, every
// item type's items, rendered through the layout) into the layout's table through `plane`, which
// must exist already, with BatchWriteItem as RunCheck does for options.plane, then the
// aggregates' starting state (min/max state on group items, and the items of write-sharded
// groups' other shards). No pattern runs. Returns the number of items written, or the first
// error the table answered.
[[nodiscard]] sim::SimResult<std::int64_t> LoadSyntheticItems(const Model& model,
                                                              const KeyLayout& layout,
                                                              const CheckOptions& options,
                                                              sim::DataPlane& plane);

}  // namespace model::check
