// Design-time cost figures of a plan, computed from the declarations alone.
//
// EstimateRead and EstimateWrite apply DynamoDB's capacity rules to the declared item sizes,
// counts, limits, rates and relationship cardinalities; `model docs` shows them beside each
// pattern (and, with --check, beside what the check measured). A figure that cannot be derived
// from the declarations (how many items a range condition matches without a limit, how many
// items share a partition keyed by a non-identifier attribute) is absent, never guessed.
//
// The rules, from the DynamoDB Developer Guide:
// - Read units (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/
//   read-write-operations.html#read-operation-consumption): one read unit is one strongly
//   consistent read of up to 4 KB, or two eventually consistent reads (half a unit each).
//   GetItem rounds the item up to the next 4 KB; BatchGetItem rounds each item on its own;
//   Query and Scan add up the sizes of all items read (before any filter) and round the sum up
//   to the next 4 KB, per request.
// - Write units (same page, #write-operation-consumption): one write unit per 1 KB of the item
//   written, rounded up; each global secondary index entry the write puts, changes or removes
//   costs its own units (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/
//   GSI.html#GSI.ThroughputConsiderations.Writes); an update that changes an index key writes
//   two index entries (the old one deleted, the new one put).
// - Transactions (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/
//   transaction-apis.html#transaction-capacity-handling): every read or write in a transaction
//   costs twice the units.
// - On-demand prices per million request units: model/check_report.h.
#pragma once

#include <optional>

#include "model/layout.h"
#include "model/model.h"

namespace model {

inline constexpr double kReadUnitBytes = 4096;
inline constexpr double kWriteUnitBytes = 1024;
inline constexpr double kMaxItemBytes = 400 * 1024;

struct ReadFigures {
  std::optional<double> items_returned;  // per call
  double read_amplification = 1;         // items read per item returned (ReadPlan's)
  std::optional<double> items_read;      // per call, before filters
  std::optional<double> rcu_per_call;
  std::optional<double> monthly_cost_usd;  // on demand, at the declared rate
  bool constant_partition =
      false;  // every call reads the same partition(s) (no parameter in the key)
};

struct WriteFigures {
  int items_written = 0;
  bool transaction = false;
  double index_entries =
      0;  // index entries written per call (an upper bound: sparse entries counted)
  double wcu_per_call = 0;
  double monthly_cost_usd = 0;  // on demand, at the declared rate
};

ReadFigures EstimateRead(const Model& model, const KeyLayout& layout, const ReadPlan& plan);
WriteFigures EstimateWrite(const Model& model, const KeyLayout& layout, const WritePlan& plan);

}  // namespace model
