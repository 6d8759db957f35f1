// `model design FILE --compare OTHER`: two layouts of one workload, pattern by pattern.
//
// Patterns are matched by name and kind (an access pattern with the access pattern of the same
// name, a write pattern with the write pattern); entities by name. What only one model declares
// is shown as such: a row with that model's figures and "-" for the other, and listed after the
// chart (CompareScope). Comparing needs at least one pattern both declare (CompareScope::common);
// the CLI reports E604 otherwise. Nothing depends on how a layout was made (derived, or keys and
// indexes pinned by hand).
//
// The figures are model/cost.h EstimateWorkload's for each model's own layout at that model's
// declared rates and billing mode, the rows of `model design`'s cost summary: per pattern its
// plan (the operation and the index it reads, or the request and the table and indexes its units
// land in), the requests per call, the read (RCU) or write (WCU) units per call and per second,
// and the monthly cost, for both and the difference (second minus first); then each layout's
// totals (GSIs, units per second, monthly cost) and their difference. Storage is not priced, as
// in the cost summary. A pattern whose rate differs between the two models is listed after the
// chart (its figures are not comparable unit for unit). Rows: reads (the first model's
// declaration order, then those only the second declares), then writes likewise, each followed
// by its first read and group read rows, then stream consumers' rows. Deterministic, ASCII apart
// from user text, one trailing newline.
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

// What the two models declare alike and apart, names in declaration order. A name that is an
// access pattern in one model and a write pattern in the other is in both "only" lists.
struct CompareScope {
  struct Only {
    std::vector<std::string> entities;
    std::vector<std::string> access_patterns;
    std::vector<std::string> write_patterns;
    bool empty() const {
      return entities.empty() && access_patterns.empty() && write_patterns.empty();
    }
  };
  Only first;      // declared in the first model only
  Only second;     // declared in the second model only
  int common = 0;  // access and write patterns both declare (same name, same kind)
};
CompareScope CompareScopeOf(const ComparedDesign& a, const ComparedDesign& b);

// The side-by-side charts (text) and the same figures as JSON; docs/outputs.md documents the
// JSON keys. Both require CompareScopeOf(a, b).common > 0.
std::string RenderDesignComparison(const ComparedDesign& a, const ComparedDesign& b);
std::string RenderDesignComparisonJson(const ComparedDesign& a, const ComparedDesign& b);

}  // namespace model
