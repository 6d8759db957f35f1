#include "model/range_bounds.h"

#include <algorithm>

namespace model {

std::vector<std::string> RangeBoundNames(const AccessPattern& p) {
  if (!p.range_condition) return {};
  std::vector<std::string> out = p.range_condition->op == RangeOp::kBetween
                                     ? std::vector<std::string>{"from", "to"}
                                     : std::vector<std::string>{"value"};
  auto taken = [&](const std::string& name) {
    return std::find(p.params.begin(), p.params.end(), name) != p.params.end() ||
           std::find(p.param_names.begin(), p.param_names.end(), name) != p.param_names.end();
  };
  for (std::string& bound : out) {
    while (taken(bound)) bound += '_';
  }
  return out;
}

}  // namespace model
