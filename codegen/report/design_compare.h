// `model design FILE --compare OTHER`: two layouts of the same workload, pattern by pattern.
//
// Both models must describe the same entities (by name) and the same access and write patterns
// (by name, each one a read in both or a write in both); CompareMismatches lists what differs, in
// a fixed order (entities, then reads, then writes; first model's declaration order, then the
// other's), as sentences, and is empty when the two can be compared. The figures are model/cost.h
// EstimateWorkload's for each model's own layout at that model's declared rates and billing
// mode: per pattern the requests per call, the read (RCU) or write (WCU) units per call and per
// second, and the monthly cost, for both and the difference (other minus first); then the totals.
// A pattern whose rate differs between the two models is listed after the chart (its figures
// are not comparable unit for unit). Rows follow the first model's declaration order, reads then
// writes. Deterministic, ASCII apart from user text, one trailing newline.
#pragma once

#include <string>
#include <vector>

#include "model/layout.h"
#include "model/model.h"

namespace model {

// One side of the comparison: a model, its layout, and the name to show (the file as given).
struct ComparedDesign {
  const Model* model = nullptr;
  const KeyLayout* layout = nullptr;
  std::string name;
};

// What keeps `a` and `b` from being compared: entities or patterns only one of them declares, a
// pattern that is a read in one and a write in the other. Empty: comparable.
std::vector<std::string> CompareMismatches(const ComparedDesign& a, const ComparedDesign& b);

// The side-by-side chart (text) and the same figures as JSON:
// {"first": {"file", "gsis", "item_types", "rcu_per_s", "wcu_per_s", "monthly_cost_usd"},
//  "second": {...}, "billing": [first, second],
//  "patterns": [{"name", "kind": "read"|"write", "rate": [a, b],
//                "first": {"requests", "units_per_call", "units_per_s", "monthly_cost_usd",
//                          "upper_bound"},
//                "second": {...}, "difference_usd"}],
//  "difference_usd"}. Both require CompareMismatches(a, b) to be empty.
std::string RenderDesignComparison(const ComparedDesign& a, const ComparedDesign& b);
std::string RenderDesignComparisonJson(const ComparedDesign& a, const ComparedDesign& b);

}  // namespace model
