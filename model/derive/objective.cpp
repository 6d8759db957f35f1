// Rule: the cost objective. The packing rule (at most two items per entity) fixes the fewest GSIs
// that avoid a second facet; every facet it leaves is a copy of the item, written (in a
// transaction, at twice the units) on every create and on every update of what it copies. A GSI
// more carries the same view on the entity's own item instead, for one index entry per write.
// DynamoDB charges nothing per index, only the units written and read
// (https://aws.amazon.com/dynamodb/pricing/on-demand/: "you are charged for the read and write
// request units your application consumes", index writes included:
// https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/GSI.html#GSI.ThroughputConsiderations.Writes),
// so the choice is a matter of the workload at its rates. Each candidate GSI count, from the
// rule's up to the count that needs no facet (at most max_gsis, DynamoDB's 20 by default), is
// packed, built and priced with model/cost.h EstimateWorkload; a candidate whose reads need more
// requests than the rule's is out (requests per read are a constraint, not a cost), and the
// cheapest remaining one wins, fewer GSIs on a tie.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <tuple>

#include "model/derive/internal.h"

namespace model::derive {

namespace {

struct Candidate {
  int gsis = 0;
  bool built = false;
  WorkloadCost cost;
  int facets = 0;
  std::vector<int> requests;  // per read pattern
  std::string violation;      // non-empty: breaks the requests-per-read constraint
};

std::string Units(double d) {
  double v = std::round(d * 100) / 100;
  std::string s = fmt::format("{:.2f}", v);
  while (s.back() == '0') s.pop_back();
  if (s.back() == '.') s.pop_back();
  return s;
}

// "$31,946.56": cents, thousands separated.
std::string Money(double usd) {
  if (usd < 0.01 && usd > 0) return "< $0.01";
  std::string digits = fmt::format("{:.0f}", std::floor(usd));
  std::string whole;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) whole += ',';
    whole += digits[i];
  }
  double cents = std::round((usd - std::floor(usd)) * 100);
  if (cents >= 100) return Money(std::floor(usd) + 1);
  return fmt::format("${}.{:02.0f}", whole, cents);
}

// "writes 8460 WCU/s instead of 4458" or "writes the same 4458 WCU/s".
std::string Versus(const char* what, double theirs, double ours, const char* unit) {
  if (std::fabs(theirs - ours) < 0.005)
    return fmt::format("{} the same {} {}", what, Units(ours), unit);
  return fmt::format("{} {} {} instead of {}", what, Units(theirs), unit, Units(ours));
}

// Packs and builds the layout of `gsis` GSIs on a scratch copy of `c` (its diagnostics dropped:
// the chosen layout is built again on `c` itself) and prices it.
Candidate Build(const Context& c, int gsis) {
  Diagnostics scratch(c.diags.file());
  Context t(c.model, scratch);
  t.labels = c.labels;
  t.placements = c.placements;
  t.views = c.views;
  t.routes = c.routes;
  t.units = c.units;
  t.layout = c.layout;
  t.chosen_gsis = gsis;
  Candidate out;
  out.gsis = gsis;
  PackIndexes(t);
  if (t.failed) return out;
  BuildItemTypes(t);
  if (t.failed) return out;
  BuildReadPlans(t);
  BuildWritePlans(t);
  if (t.failed || scratch.HasErrors()) return out;
  out.built = true;
  out.cost = EstimateWorkload(c.model, t.layout);
  for (const ItemType& it : t.layout.item_types) out.facets += it.role == ItemRole::kFacet ? 1 : 0;
  for (const ReadPlan& r : t.layout.reads) out.requests.push_back(r.requests);
  return out;
}

std::string Describe(const Candidate& k) {
  return fmt::format("{} GSI{} and {} facet item type{}", k.gsis, k.gsis == 1 ? "" : "s", k.facets,
                     k.facets == 1 ? "" : "s");
}

// The layout of `sides` (Context::adjacency_side) derived in full on a scratch context (its
// diagnostics dropped) and priced: placement, routing, shards, the GSI count by cost, packing,
// items, plans and aggregates, as DeriveLayout runs them.
struct SideCandidate {
  bool built = false;
  WorkloadCost cost;
  int gsis = 0;
  std::vector<int> requests;  // per read pattern
};

SideCandidate BuildSides(const Context& c, const std::vector<int>& sides) {
  Diagnostics scratch(c.diags.file());
  Context t(c.model, scratch);
  t.layout = c.layout;
  t.adjacency_side = sides;
  SideCandidate out;
  PlaceEntities(t);
  RoutePatterns(t);
  if (t.failed) return out;
  SizeShards(t);
  ChooseGsiCount(t);
  PackIndexes(t);
  if (t.failed) return out;
  BuildItemTypes(t);
  if (t.failed) return out;
  BuildReadPlans(t);
  BuildWritePlans(t);
  PlanAggregates(t);
  if (t.failed || scratch.HasErrors()) return out;
  out.built = true;
  out.cost = EstimateWorkload(c.model, t.layout);
  out.gsis = static_cast<int>(t.layout.indexes.size());
  for (const ReadPlan& r : t.layout.reads) out.requests.push_back(r.requests);
  return out;
}

// True when `a` needs more requests than `b` on some read and fewer on none.
bool MoreRequests(const SideCandidate& a, const SideCandidate& b) {
  bool more = false;
  for (std::size_t r = 0; r < a.requests.size() && r < b.requests.size(); ++r) {
    if (a.requests[r] < b.requests[r]) return false;
    more = more || a.requests[r] > b.requests[r];
  }
  return more;
}

// The layout with `filters` (Context::table_filter) routed, packed, built and priced on a
// scratch context from c's placement.
SideCandidate BuildFilters(const Context& c, const std::vector<bool>& filters) {
  Diagnostics scratch(c.diags.file());
  Context t(c.model, scratch);
  t.layout = c.layout;
  t.labels = c.labels;
  t.placements = c.placements;
  t.table_filter = filters;
  SideCandidate out;
  RoutePatterns(t);
  if (t.failed) return out;
  SizeShards(t);
  ChooseGsiCount(t);
  PackIndexes(t);
  if (t.failed) return out;
  BuildItemTypes(t);
  if (t.failed) return out;
  BuildReadPlans(t);
  BuildWritePlans(t);
  PlanAggregates(t);
  if (t.failed || scratch.HasErrors()) return out;
  out.built = true;
  out.cost = EstimateWorkload(c.model, t.layout);
  out.gsis = static_cast<int>(t.layout.indexes.size());
  for (const ReadPlan& r : t.layout.reads) out.requests.push_back(r.requests);
  return out;
}

}  // namespace

void ChooseTableFilters(Context& c) {
  const Model& m = c.model;
  std::size_t n = m.access_patterns.size();
  c.table_filter.assign(n, false);
  // The candidates: patterns the table serves once any filter is accepted, and an index
  // otherwise.
  std::vector<std::size_t> candidates;
  {
    Diagnostics scratch(c.diags.file());
    Context plain(c.model, scratch);
    plain.labels = c.labels;
    plain.placements = c.placements;
    RoutePatterns(plain);
    Context lenient(c.model, scratch);
    lenient.labels = c.labels;
    lenient.placements = c.placements;
    lenient.table_filter.assign(n, true);
    RoutePatterns(lenient);
    if (plain.failed || lenient.failed) return;
    for (std::size_t i = 0; i < n; ++i) {
      if (plain.routes[i].route == Route::kView && !m.access_patterns[i].pinned_index &&
          lenient.routes[i].route == Route::kTable && !m.access_patterns[i].filters.empty())
        candidates.push_back(i);
    }
  }
  if (candidates.empty()) return;
  // Busiest first; then by what the pattern reads, never by its name or position, so the same
  // patterns in any order decide alike.
  auto what = [&](std::size_t i) {
    const AccessPattern& p = m.access_patterns[i];
    std::vector<std::string> params = p.params;
    std::sort(params.begin(), params.end());
    std::vector<std::pair<std::string, std::string>> filters;
    for (const auto& f : p.filters) filters.emplace_back(f.attribute, f.value);
    std::sort(filters.begin(), filters.end());
    return std::make_tuple(-p.rate, p.returns, params, filters, p.limit.value_or(0));
  };
  std::stable_sort(candidates.begin(), candidates.end(),
                   [&](std::size_t a, std::size_t b) { return what(a) < what(b); });
  SideCandidate current = BuildFilters(c, c.table_filter);
  if (!current.built) return;
  for (std::size_t i : candidates) {
    std::vector<bool> filters = c.table_filter;
    filters[i] = true;
    SideCandidate k = BuildFilters(c, filters);
    if (!k.built) continue;
    bool more = false;
    for (std::size_t r = 0; r < k.requests.size() && r < current.requests.size(); ++r)
      more = more || k.requests[r] > current.requests[r];
    bool cheaper = k.cost.monthly_cost_usd < current.cost.monthly_cost_usd * (1 - 1e-9) - 1e-12;
    if (more || !cheaper) continue;
    c.table_filter[i] = true;
    c.objective_notes.push_back(Reason{
        fmt::format("cost objective: {} reads the table with its filter rather than an index "
                    "view: {} per month against {} ({}, {})",
                    m.access_patterns[i].name, Money(k.cost.monthly_cost_usd),
                    Money(current.cost.monthly_cost_usd),
                    Versus("writes", k.cost.wcu_per_s, current.cost.wcu_per_s, "WCU/s"),
                    Versus("reads", k.cost.rcu_per_s, current.cost.rcu_per_s, "RCU/s")),
        {m.access_patterns[i].name}});
    current = k;
  }
}

void ChooseAdjacencySides(Context& c) {
  const Model& m = c.model;
  c.adjacency_side.assign(m.relationships.size(), 0);
  c.adjacency_reason.assign(m.relationships.size(), "");
  for (std::size_t r = 0; r < m.relationships.size(); ++r) {
    const Relationship& rel = m.relationships[r];
    if (rel.cardinality != Cardinality::kManyToMany || !rel.through || rel.from == rel.to) continue;
    const Entity& through = c.entity(*rel.through);
    if (through.pinned_keys) continue;
    // Both links must be in the associative entity's identifier for either side to hold it.
    auto in_identifier = [&](const std::vector<AttrId>& link) {
      return !link.empty() && std::all_of(link.begin(), link.end(), [&](AttrId a) {
        return std::find(through.identifier.begin(), through.identifier.end(), a) !=
               through.identifier.end();
      });
    };
    if (!in_identifier(rel.link) || !in_identifier(rel.link_to)) continue;
    std::vector<int> sides = c.adjacency_side;
    SideCandidate k[2];
    for (int side = 0; side < 2; ++side) {
      sides[r] = side;
      k[side] = BuildSides(c, sides);
    }
    EntityId parent[2] = {rel.from, rel.to};
    // The rate of reads of the associative entity by each side's identifier: the table serves
    // those from the side holding the list.
    double rate[2] = {0, 0};
    for (const AccessPattern& p : m.access_patterns) {
      if (std::find(p.returns.begin(), p.returns.end(), *rel.through) == p.returns.end()) continue;
      const std::vector<AttrId>* links[2] = {&rel.link, &rel.link_to};
      for (int side = 0; side < 2; ++side) {
        bool binds = std::all_of(links[side]->begin(), links[side]->end(), [&](AttrId a) {
          const std::string& name = through.attributes[static_cast<std::size_t>(a)].name;
          return std::find(p.params.begin(), p.params.end(), name) != p.params.end();
        });
        if (binds) rate[side] += p.rate;
      }
    }
    int best = 0;
    std::string why;
    const SideCandidate& a = k[0];
    const SideCandidate& b = k[1];
    auto cheaper = [](const SideCandidate& x, const SideCandidate& y) {
      return x.cost.monthly_cost_usd < y.cost.monthly_cost_usd * (1 - 1e-9) - 1e-12;
    };
    if (a.built != b.built) {
      best = a.built ? 0 : 1;
      why = fmt::format("in the collection of '{}' the layout could not be built",
                        c.entity(parent[1 - best]).name);
    } else if (!a.built) {
      continue;  // neither builds: the rule's placement reports the errors
    } else if (MoreRequests(a, b) != MoreRequests(b, a)) {
      best = MoreRequests(a, b) ? 1 : 0;
      why = fmt::format("in the collection of '{}' some reads would need more requests",
                        c.entity(parent[1 - best]).name);
    } else if (cheaper(a, b) || cheaper(b, a)) {
      best = cheaper(a, b) ? 0 : 1;
      why = fmt::format("{} per month against {} in the collection of '{}'",
                        Money(k[best].cost.monthly_cost_usd),
                        Money(k[1 - best].cost.monthly_cost_usd), c.entity(parent[1 - best]).name);
    } else if (a.gsis != b.gsis) {
      best = a.gsis < b.gsis ? 0 : 1;
      why = fmt::format("the same cost, {} GSI{} against {} in the collection of '{}'",
                        k[best].gsis, k[best].gsis == 1 ? "" : "s", k[1 - best].gsis,
                        c.entity(parent[1 - best]).name);
    } else if (std::fabs(rate[0] - rate[1]) > 1e-9) {
      best = rate[0] > rate[1] ? 0 : 1;
      why = fmt::format(
          "the same cost either way; the table serves its reads by '{}' ({} requests/s) rather "
          "than those by '{}' ({} requests/s)",
          c.entity(parent[best]).name, Units(rate[best]), c.entity(parent[1 - best]).name,
          Units(rate[1 - best]));
    } else {
      best = parent[0] <= parent[1] ? 0 : 1;
      why = fmt::format("the same cost and reads either way; '{}' is declared first",
                        c.entity(parent[best]).name);
    }
    c.adjacency_side[r] = best;
    c.adjacency_reason[r] = fmt::format(
        "cost objective: the adjacency list of '{}' in the collection of '{}', not of '{}': {}",
        rel.name, c.entity(parent[best]).name, c.entity(parent[1 - best]).name, why);
  }
}

void ChooseGsiCount(Context& c) {
  if (c.views.empty()) return;
  int lo = BaselineGsiCount(c);
  int hi = std::max(lo, FacetFreeGsiCount(c));
  if (hi == lo) return;
  std::vector<Candidate> candidates;
  for (int g = lo; g <= hi; ++g) candidates.push_back(Build(c, g));
  const Candidate& baseline = candidates.front();
  if (!baseline.built) return;  // the rule's own layout fails: let PackIndexes report it
  for (Candidate& k : candidates) {
    if (!k.built) continue;
    for (std::size_t r = 0; r < k.requests.size() && r < baseline.requests.size(); ++r) {
      if (k.requests[r] > baseline.requests[r]) {
        k.violation =
            fmt::format("{} would need {} requests instead of {}", c.model.access_patterns[r].name,
                        k.requests[r], baseline.requests[r]);
        break;
      }
    }
  }
  std::size_t best = 0;
  for (std::size_t i = 1; i < candidates.size(); ++i) {
    const Candidate& k = candidates[i];
    if (!k.built || !k.violation.empty()) continue;
    // Strictly cheaper (beyond rounding) wins; on a tie the fewer GSIs, found first, stay.
    if (k.cost.monthly_cost_usd < candidates[best].cost.monthly_cost_usd * (1 - 1e-9) - 1e-12)
      best = i;
  }
  const Candidate& chosen = candidates[best];
  c.chosen_gsis = chosen.gsis;
  c.objective_notes.push_back(Reason{
      fmt::format("cost objective: {} candidate layouts priced at the declared rates "
                  "(requests per read may not exceed the packing rule's); chosen: {}, {} per "
                  "month ({} RCU/s, {} WCU/s)",
                  candidates.size(), Describe(chosen), Money(chosen.cost.monthly_cost_usd),
                  Units(chosen.cost.rcu_per_s), Units(chosen.cost.wcu_per_s)),
      {}});
  // Each rejected candidate within twice the chosen cost is "close": say what it costs and
  // where the difference is; the rest are counted.
  int far = 0;
  for (std::size_t i = 0; i < candidates.size(); ++i) {
    if (i == best) continue;
    const Candidate& k = candidates[i];
    if (!k.built) {
      c.objective_notes.push_back(
          Reason{fmt::format("rejected: {} GSIs: the layout could not be built", k.gsis), {}});
      continue;
    }
    if (!k.violation.empty()) {
      c.objective_notes.push_back(
          Reason{fmt::format("rejected: {}: {}", Describe(k), k.violation), {}});
      continue;
    }
    double chosen_usd = chosen.cost.monthly_cost_usd;
    double extra = k.cost.monthly_cost_usd - chosen_usd;
    if (chosen_usd > 0 && k.cost.monthly_cost_usd > 2 * chosen_usd) {
      ++far;
      continue;
    }
    std::string share =
        chosen_usd > 0 ? fmt::format(" ({:.0f}% more)", 100 * extra / chosen_usd) : "";
    c.objective_notes.push_back(
        Reason{fmt::format("rejected: {}, {} per month, {} more{}: {}, {}", Describe(k),
                           Money(k.cost.monthly_cost_usd), Money(extra), share,
                           Versus("writes", k.cost.wcu_per_s, chosen.cost.wcu_per_s, "WCU/s"),
                           Versus("reads", k.cost.rcu_per_s, chosen.cost.rcu_per_s, "RCU/s")),
               {}});
  }
  if (far > 0) {
    c.objective_notes.push_back(Reason{
        fmt::format("{} more candidate{} cost over twice as much", far, far == 1 ? "" : "s"), {}});
  }
}

}  // namespace model::derive
