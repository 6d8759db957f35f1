// A ReadPlan executed against a table through sim::DataPlane, and its client-side steps.
//
// ExecuteRead renders the plan's key condition from the arguments and runs it mechanically:
// GetItem; Query, paging until the end or until the plan's limit is reached (a filtered last
// page may bring more: the first `limit` are kept); a sharded fan-out, one Query per shard
// merged lazily on the index sort key in the plan's direction (a shard's next page is read
// only when its buffered items run out) up to the merged limit; Scan to the end. BatchGetItem
// plans are not executed yet (an error says so). The plan's filter becomes a FilterExpression
// with typed values (a boolean or number attribute's value as BOOL or N). A plan that drops
// expired items (ReadPlan::drop_expired) adds `(attribute_not_exists(ttl) OR ttl > :now)` to a
// Query's or Scan's filter and drops an expired GetItem answer, with :now from the
// kNowArgument argument (values.h) or else the system clock.
// A plan with a second step (ReadPlan::follow_up: a read of a relationship's other side) then
// reads the items the first step's items link to (a fetch, FollowUp::by_table_key: the items
// the index entries found are of, by their table keys), with GetItem or BatchGetItem (100 keys a
// request, unprocessed keys sent again), and returns those instead, in the first step's order,
// each once, a dangling link skipped; the plan's limit (and a page's) counts first-step items.
// Its client-side sort, if any, orders the first step's items before they are followed, so
// SortClientSide is not applied to such a plan's outcome.
// ApplyClientSteps then does what the plan leaves to the client (ReadPlan::client_steps).
// ExecuteReadPage runs the same requests one page at a time: it resumes each partition read (the
// Query, each shard's Query, the Scan) after a position and stops after a number of items,
// handing back where each would resume; generated accessors' page cursors carry those positions.
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
  std::string partition;      // "table:<pk>", "<index>:<pk>", "scan", or "batch" (BatchGetItem)
  std::int64_t scanned = 0;   // items the request read
  double capacity_units = 0;  // as DynamoDB reported them
  bool consistent = false;
};

// Where one partition read (a Query, one shard's Query of a fan-out, a Scan) resumes: from its
// beginning, right after `key` (sent as ExclusiveStartKey: the table key and, on an index, the
// index key of the last item returned), or nowhere (it has no more items).
struct ReadPosition {
  enum class State { kStart, kAfter, kDone };
  State state = State::kStart;
  sim::Item key;  // kAfter: the key attributes of the last item returned
};

// One page of a read: where each partition read resumes (empty: all from the start; else one
// per shard of a fan-out, one otherwise) and at most how many items to return (on top of the
// plan's own limit).
struct ReadPageRequest {
  std::vector<ReadPosition> start;
  std::optional<std::int64_t> limit;
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
  // ExecuteReadPage only: where each partition read resumes after this page (kDone for all
  // when the read is complete). GetItem and BatchGetItem plans always complete.
  std::vector<ReadPosition> next;
};

// Runs `plan` (a plan of `layout`, whose pattern is model.access_patterns[plan.pattern_id]) with
// `args` against the layout's table. `args` name the pattern's parameters as the caller does
// (AccessPattern::ParamName: `handle` for a read through a link attribute `artist`); a value
// given under the attribute's own name is used when the caller's name is absent.
ReadOutcome ExecuteRead(sim::DataPlane& plane, const Model& model, const KeyLayout& layout,
                        const ReadPlan& plan, const Arguments& args);

// Runs one page of `plan`: each partition read resumes at `page.start` and the merged result
// stops after `page.limit` items (and the plan's limit); `next` says where to resume. Paging
// through a read with any limit returns the items ExecuteRead returns, in the same order, once
// each (with no concurrent writes). An InvalidArgument status when `page.start` does not fit the
// plan (a Query or Scan takes one position, a fan-out one per shard) or the limit is below 1.
ReadOutcome ExecuteReadPage(sim::DataPlane& plane, const Model& model, const KeyLayout& layout,
                            const ReadPlan& plan, const Arguments& args,
                            const ReadPageRequest& page);

// Applies the plan's sort steps to `items` in place: a stable typed sort on the step's attribute
// (an item lacking the attribute compares equal to every other), then the step's limit.
void SortClientSide(const std::vector<ClientStep>& steps, std::vector<sim::Item>& items);

// The plan's aggregate step, or null when it has none.
const ClientStep* AggregateStep(const std::vector<ClientStep>& steps);

// An aggregate step's result over `items`: the count as decimal text, or the sum of the step's
// attribute over the items where it is a number (as DynamoDB number text; "0" for none).
std::string Aggregate(const ClientStep& step, const std::vector<sim::Item>& items);

}  // namespace model::exec
