#include "model/check_report.h"

#include <algorithm>

namespace model {

bool CheckReport::passed() const {
  return std::all_of(patterns.begin(), patterns.end(),
                     [](const PatternCheck& p) { return p.passed(); }) &&
         std::all_of(aggregates.begin(), aggregates.end(),
                     [](const AggregateCheck& a) { return a.passed(); });
}

bool CheckReport::has_warnings() const {
  return std::any_of(patterns.begin(), patterns.end(),
                     [](const PatternCheck& p) { return !p.warnings.empty(); }) ||
         std::any_of(aggregates.begin(), aggregates.end(),
                     [](const AggregateCheck& a) { return !a.warnings.empty(); });
}

}  // namespace model
