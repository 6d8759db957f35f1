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
//
// Per pattern it measures requests, items read and returned, pages and consumed capacity, and
// at the declared rates the busiest partition's load: a partition over DynamoDB's 3,000 RCU/s or
// 1,000 WCU/s per-partition limit is a warning, and a failure beyond twice the limit (the load
// is an estimate from synthetic data; at twice the limit it throttles whatever the margin); a
// Scan or a filter that discards most of what it reads is a warning. Deterministic for a model, layout and options.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "model/layout.h"
#include "model/model.h"
#include "model/sim/error.h"

namespace model {

// On-demand prices used for the monthly estimate (us-east-1, standard table class), from
// https://aws.amazon.com/dynamodb/pricing/on-demand/ : per million write / read request units.
inline constexpr double kWriteRequestUnitPrice = 0.625;
inline constexpr double kReadRequestUnitPrice = 0.125;
inline constexpr double kSecondsPerMonth = 30.0 * 24 * 3600;
inline constexpr double kPartitionReadLimit = 3000;
inline constexpr double kPartitionWriteLimit = 1000;
inline constexpr double kOverloadFailFactor = 2.0;

struct CheckOptions {
  std::int64_t items = 2000;  // synthetic records across all entities
  std::uint64_t seed = 1;
  std::string pattern;        // only this read or write pattern ("" = all)
  int samples = 8;            // argument samples per read pattern and round
  // Called as the set-up starts each step ("synthesizing data", "loading items", "writing the
  // table"), e.g. to show what a long run is doing; then `progress` follows the patterns.
  std::function<void(const std::string&)> stage;
  // Called after each pattern with (done, total), e.g. for a progress bar.
  std::function<void(int, int)> progress;
};

struct PatternCheck {
  std::string name;
  bool write = false;               // a write pattern
  SourceRange range;                // the pattern's declaration
  std::vector<std::string> failures;  // each names what broke, with a counterexample
  std::vector<std::string> warnings;
  int calls = 0;                    // plan executions
  std::int64_t requests = 0;
  std::int64_t pages = 0;
  std::int64_t items_read = 0;      // before filters (ScannedCount)
  std::int64_t items_returned = 0;
  double rcu = 0;                   // consumed read units, all calls
  double wcu = 0;                   // consumed write units, all calls
  double hottest_partition_units_per_s = 0;  // at the declared rate
  double monthly_cost_usd = 0;      // on demand, at the declared rate
  bool passed() const { return failures.empty(); }
};

struct CheckReport {
  std::string table;
  std::int64_t records = 0;     // synthetic entity records
  std::int64_t items = 0;       // table items loaded
  std::vector<PatternCheck> patterns;  // read patterns, then write patterns, model order
  double monthly_cost_usd = 0;
  bool passed() const;
  bool has_warnings() const;
};

// Fails (the error) only when the simulated table itself cannot be set up.
[[nodiscard]] sim::SimResult<CheckReport> RunCheck(const Model& model, const KeyLayout& layout,
                                                   const CheckOptions& options);

}  // namespace model
