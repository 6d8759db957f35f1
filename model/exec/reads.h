// A ReadPlan executed against a table through sim::DataPlane, and its client-side steps.
//
// ExecuteRead renders the plan's key condition from the arguments and runs it mechanically:
// GetItem; Query, paging until the end or until the plan's limit is reached (a filtered last
// page may bring more: the first `limit` are kept); a sharded fan-out, one Query per shard
// merged lazily on the index sort key in the plan's direction (a shard's next page is read
// only when its buffered items run out) up to the merged limit; Scan to the end. BatchGetItem
// plans are not executed yet (an error says so). The plan's filter becomes a FilterExpression
// with typed values (a boolean or number attribute's value as BOOL or N).
// ApplyClientSteps then does what the plan leaves to the client (ReadPlan::client_steps).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "model/base/status.h"
#include "model/exec/values.h"
#include "model/layout.h"
#include "model/model.h"
#include "model/sim/api/data_plane.h"

namespace model::exec {

// One request sent, for whoever models partition load.
struct RequestRead {
  std::string partition;      // "table:<pk>", "<index>:<pk>", or "scan"
  std::int64_t scanned = 0;   // items the request read
  double capacity_units = 0;  // as DynamoDB reported them
  bool consistent = false;
};

struct ReadOutcome {
  std::vector<sim::Item> items;  // what the reads returned, in the order they returned it
  std::int64_t requests = 0;
  std::int64_t pages = 0;
  std::int64_t scanned = 0;
  double rcu = 0;
  std::vector<RequestRead> sent;  // every request, in order
  std::string request;            // the first request in words, for counterexamples
  Status status;  // why the plan could not run to the end (then `items` is incomplete)
};

// Runs `plan` (a plan of `layout`, whose pattern is model.access_patterns[plan.pattern_id]) with
// `args` against the layout's table.
ReadOutcome ExecuteRead(sim::DataPlane& plane, const Model& model, const KeyLayout& layout,
                        const ReadPlan& plan, const Arguments& args);

// Applies the plan's sort steps to `items` in place: a stable typed sort on the step's attribute
// (an item lacking the attribute compares equal to every other), then the step's limit.
void SortClientSide(const std::vector<ClientStep>& steps, std::vector<sim::Item>& items);

// The plan's aggregate step, or null when it has none.
const ClientStep* AggregateStep(const std::vector<ClientStep>& steps);

// An aggregate step's result over `items`: the count as decimal text, or the sum of the step's
// attribute over the items where it is a number (as DynamoDB number text; "0" for none).
std::string Aggregate(const ClientStep& step, const std::vector<sim::Item>& items);

}  // namespace model::exec
