#include "cli/patterns.h"

#include <fmt/format.h>

#include <vector>

#include "model/base/diagnostics.h"

namespace model::cli {

PatternMatch FindPattern(const Model& model, std::string_view name, bool aggregates) {
  PatternMatch match;
  std::vector<std::string> names;
  for (const auto& p : model.access_patterns) {
    if (p.name == name) {
      match.access = &p;
      return match;
    }
    names.push_back(p.name);
  }
  for (const auto& w : model.write_patterns) {
    if (w.name == name) {
      match.write = &w;
      return match;
    }
    names.push_back(w.name);
  }
  if (aggregates) {
    for (const auto& a : model.aggregates) {
      if (a.name == name) {
        match.aggregate = &a;
        return match;
      }
      names.push_back(a.name);
    }
  }
  match.closest = ClosestMatch(name, names);
  return match;
}

std::string UnknownPatternError(std::string_view file, std::string_view name,
                                std::string_view closest, bool aggregates) {
  return fmt::format(
      "model: error: {} has no access pattern{} named '{}'{}\n", file,
      aggregates ? ", write pattern or aggregate" : " or write pattern", name,
      closest.empty() ? std::string() : fmt::format("; did you mean '{}'?", closest));
}

}  // namespace model::cli
