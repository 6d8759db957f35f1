// The report of `model check`: per pattern, pass or fail, and what was measured.
//
// Types only: RunCheck (model/check/check.h) fills them; codegen/report renders them as text,
// JSON, JUnit and SARIF. Deterministic for a model, layout and check options.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "model/base/source.h"

namespace model {

// Prices used for the monthly estimate: us-east-1, standard table class, as published in
// November 2024 (after that month's on-demand price cut; provisioned prices unchanged by it).
// On demand, per million write / read request units:
// https://aws.amazon.com/dynamodb/pricing/on-demand/
inline constexpr double kWriteRequestUnitPrice = 0.625;
inline constexpr double kReadRequestUnitPrice = 0.125;
// Provisioned, per write / read capacity unit per hour:
// https://aws.amazon.com/dynamodb/pricing/provisioned/
inline constexpr double kWriteCapacityUnitHourPrice = 0.00065;
inline constexpr double kReadCapacityUnitHourPrice = 0.00013;
inline constexpr double kSecondsPerMonth = 30.0 * 24 * 3600;
inline constexpr double kHoursPerMonth = 30.0 * 24;
// Per-partition limits, read and write units per second, tables and indexes alike:
// https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/
// bp-partition-key-design.html#bp-partition-key-throughput-bursting
inline constexpr double kPartitionReadLimit = 3000;
inline constexpr double kPartitionWriteLimit = 1000;
inline constexpr double kOverloadFailFactor = 2.0;

struct PatternCheck {
  std::string name;
  bool write = false;                 // a write pattern
  SourceRange range;                  // the pattern's declaration
  std::vector<std::string> failures;  // each names what broke, with a counterexample
  std::vector<std::string> warnings;
  int calls = 0;  // plan executions
  std::int64_t requests = 0;
  std::int64_t pages = 0;
  std::int64_t items_read = 0;  // before filters (ScannedCount)
  std::int64_t items_returned = 0;
  double rcu = 0;  // consumed read units, all calls
  double wcu = 0;  // consumed write units, all calls
  // From the declarations (model/cost.h), never from the synthetic data's scale:
  double hottest_partition_units_per_s = 0;  // busiest partition, at the declared rate
  double monthly_cost_usd = 0;               // at the declared rate and the table's billing mode
  bool upper_bound = false;                  // a range without a limit: the whole partition counted
  bool passed() const { return failures.empty(); }
};

// One pre-computed aggregate (Model::aggregates) proven against the oracle: after the write
// patterns and after the check's own moves and deletes, the stream drained (every batch also
// delivered again, and across items out of order), every group's `into` item compared with the
// oracle's grouping of `of`.
struct AggregateCheck {
  std::string name;
  std::string maintainer;  // "stream" or "transaction" (MaintainerName)
  SourceRange range;
  std::vector<std::string> failures;  // drift after draining, with the group and both values
  std::vector<std::string> warnings;
  std::int64_t groups_compared = 0;  // group comparisons, all rounds
  // The staleness window: the most stream records of `of` pending (not yet applied) when the
  // groups were read, and how many groups then differed from the oracle (0 for transactions).
  std::int64_t pending_records = 0;
  std::int64_t stale_groups = 0;
  std::int64_t records_applied = 0;  // group updates the maintainer wrote
  std::int64_t duplicates = 0;       // redelivered records it recognised and skipped
  std::int64_t requests = 0;
  double rcu = 0;
  double wcu = 0;
  bool passed() const { return failures.empty(); }
};

struct CheckReport {
  std::string table;
  std::int64_t records = 0;                // synthetic entity records
  std::int64_t items = 0;                  // table items loaded
  std::vector<PatternCheck> patterns;      // read patterns, then write patterns, model order
  std::vector<AggregateCheck> aggregates;  // Model::aggregates order
  double monthly_cost_usd = 0;
  bool provisioned = false;  // the table's billing mode: costs are provisioned capacity's
  bool passed() const;
  bool has_warnings() const;
};

}  // namespace model
