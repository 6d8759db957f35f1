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
// cheapest remaining one wins, fewer GSIs on a tie. `table: prefer` changes what comes first:
// `fewer_indexes` the GSI count (also below the rule's, more facets carrying the rest), then the
// cost; `cheaper_writes` the write units per second, then the cost, then the GSI count.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <tuple>

#include "model/derive/internal.h"

namespace model::derive {

namespace {

struct Candidate {
  int requested = 0;  // the GSI count it was packed with (Context::chosen_gsis)
  // The GSIs its layout has: `requested`, or more when the views need an index past the
  // inverted ones (or past a projection that leaves out what they read; PackIndexes).
  int gsis = 0;
  std::vector<std::string> inverted;  // the inverted indexes among them, by name
  bool built = false;
  WorkloadCost cost;
  int facets = 0;
  std::vector<int> requests;  // per read pattern
  std::string violation;      // non-empty: breaks the requests-per-read constraint
  // ChooseViewPlacement's choice at this count (Context::placement_order) and its notes.
  std::vector<int> placement_order;
  std::vector<Reason> placement_notes;
};

std::string Units(double d) {
  double v = std::round(d * 100) / 100;
  std::string s = fmt::format("{:.2f}", v);
  while (s.back() == '0') s.pop_back();
  if (s.back() == '.') s.pop_back();
  return s;
}

}  // namespace

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

namespace {

// "writes 8460 WCU/s instead of 4458" or "writes the same 4458 WCU/s".
std::string Versus(const char* what, double theirs, double ours, const char* unit) {
  if (std::fabs(theirs - ours) < 0.005)
    return fmt::format("{} the same {} {}", what, Units(ours), unit);
  return fmt::format("{} {} {} instead of {}", what, Units(theirs), unit, Units(ours));
}

}  // namespace

Context RoutedCopy(const Context& c, Diagnostics& scratch) {
  Context t(c.model, scratch);
  t.hot_shards = c.hot_shards;
  t.off_inverted = c.off_inverted;
  t.labels = c.labels;
  t.placements = c.placements;
  t.views = c.views;
  t.routes = c.routes;
  t.units = c.units;
  t.layout = c.layout;
  t.chosen_gsis = c.chosen_gsis;
  return t;
}

namespace {

// Packs and builds the layout of `gsis` GSIs on a scratch copy of `c` (its diagnostics dropped:
// the chosen layout is built again on `c` itself) and prices it; with `place`, packed with
// ChooseViewPlacement's choice at that count.
Candidate Build(const Context& c, int gsis, bool place) {
  Diagnostics scratch(c.diags.file());
  Context t = RoutedCopy(c, scratch);
  t.chosen_gsis = gsis;
  Candidate out;
  out.requested = gsis;
  out.gsis = gsis;
  if (place) {
    // Each count with its own priced choice of the views that keep their entity's item.
    ChooseViewPlacement(t);
    out.placement_order = t.placement_order;
    out.placement_notes = t.objective_notes;
  }
  PackIndexes(t);
  if (t.failed) return out;
  out.gsis = t.gsi_count;
  for (int g = 1; g <= t.gsi_count; ++g) {
    if (c.model.table.InvertedIndex(g)) out.inverted.push_back(c.model.table.GsiName(g));
  }
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

// "2 GSIs and 1 facet item type"; "2 GSIs (GSI1 inverted) and ..." when the table declares
// inverted indexes among them.
std::string Describe(const Candidate& k) {
  std::string inverted;
  if (!k.inverted.empty()) inverted = fmt::format(" ({} inverted)", fmt::join(k.inverted, ", "));
  return fmt::format("{} GSI{}{} and {} facet item type{}", k.gsis, k.gsis == 1 ? "" : "s",
                     inverted, k.facets, k.facets == 1 ? "" : "s");
}

// True when `a` and `b` are the same layout priced twice: two requested counts that the
// inverted indexes (or pinned projections) raise to the same GSIs, with the same facets and
// cost.
bool SameLayout(const Candidate& a, const Candidate& b) {
  return a.built && b.built && a.gsis == b.gsis && a.facets == b.facets &&
         a.requests == b.requests &&
         std::fabs(a.cost.monthly_cost_usd - b.cost.monthly_cost_usd) < 1e-9 &&
         std::fabs(a.cost.rcu_per_s - b.cost.rcu_per_s) < 1e-9 &&
         std::fabs(a.cost.wcu_per_s - b.cost.wcu_per_s) < 1e-9;
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

// Routes, sizes, packs, builds and prices the layout `t` holds from its placement on (its
// diagnostics in `scratch`, dropped), as DeriveLayout runs those phases.
SideCandidate DeriveAndPrice(Context& t, const Diagnostics& scratch) {
  SideCandidate out;
  RoutePatterns(t);
  if (t.failed) return out;
  SizeShards(t);
  ChooseGsiCount(t);
  ChooseViewPlacement(t);
  PackIndexes(t);
  if (t.failed) return out;
  BuildItemTypes(t);
  if (t.failed) return out;
  BuildReadPlans(t);
  BuildWritePlans(t);
  PlanAggregates(t);
  if (t.failed || scratch.HasErrors()) return out;
  out.built = true;
  out.cost = EstimateWorkload(t.model, t.layout);
  out.gsis = static_cast<int>(t.layout.indexes.size());
  for (const ReadPlan& r : t.layout.reads) out.requests.push_back(r.requests);
  return out;
}

SideCandidate BuildSides(const Context& c, const std::vector<int>& sides) {
  Diagnostics scratch(c.diags.file());
  Context t(c.model, scratch);
  t.hot_shards = c.hot_shards;
  t.off_inverted = c.off_inverted;
  t.layout = c.layout;
  t.adjacency_side = sides;
  PlaceEntities(t);
  return DeriveAndPrice(t, scratch);
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
  t.hot_shards = c.hot_shards;
  t.off_inverted = c.off_inverted;
  t.layout = c.layout;
  t.labels = c.labels;
  t.placements = c.placements;
  t.merge_views = c.merge_views;
  t.request_limit = c.request_limit;
  t.table_filter = filters;
  return DeriveAndPrice(t, scratch);
}

// Strictly less beyond rounding.
bool Less(double a, double b) { return a < b * (1 - 1e-9) - 1e-12; }

// `a` is better than `b` under `prefer`, compared lexicographically (internal.h ChooseGsiCount).
bool Better(const Candidate& a, const Candidate& b, Preference prefer) {
  const double ca = a.cost.monthly_cost_usd;
  const double cb = b.cost.monthly_cost_usd;
  switch (prefer) {
    case Preference::kLowestCost:
      if (Less(ca, cb) || Less(cb, ca)) return Less(ca, cb);
      return a.gsis < b.gsis;
    case Preference::kFewerIndexes:
      if (a.gsis != b.gsis) return a.gsis < b.gsis;
      return Less(ca, cb);
    case Preference::kCheaperWrites:
      if (Less(a.cost.wcu_per_s, b.cost.wcu_per_s) || Less(b.cost.wcu_per_s, a.cost.wcu_per_s))
        return Less(a.cost.wcu_per_s, b.cost.wcu_per_s);
      if (Less(ca, cb) || Less(cb, ca)) return Less(ca, cb);
      return a.gsis < b.gsis;
  }
  return false;
}

// The best built candidate without a violation under `prefer`, starting from `start` (the
// packing rule's, always valid).
std::size_t Best(const std::vector<Candidate>& candidates, std::size_t start, Preference prefer) {
  std::size_t best = start;
  for (std::size_t i = 0; i < candidates.size(); ++i) {
    const Candidate& k = candidates[i];
    if (i == best || !k.built || !k.violation.empty()) continue;
    if (Better(k, candidates[best], prefer)) best = i;
  }
  return best;
}

// What each preference puts first, for the notes.
const char* Criteria(Preference prefer) {
  switch (prefer) {
    case Preference::kLowestCost:
      return "the lowest monthly cost, then fewer GSIs";
    case Preference::kFewerIndexes:
      return "the fewest GSIs, then the lowest monthly cost";
    case Preference::kCheaperWrites:
      return "the fewest write units per second, then the lowest monthly cost, then fewer GSIs";
  }
  return "";
}

// Each candidate's violation of the requests-per-read limit (the text naming the first read over
// it), and the index of the cheapest candidate within it (ties: the fewer GSIs, found first); -1
// when none is built within it.
int Cheapest(const Context& c, std::vector<Candidate>& candidates, const std::vector<int>& limit) {
  int best = -1;
  for (std::size_t i = 0; i < candidates.size(); ++i) {
    Candidate& k = candidates[i];
    if (!k.built) continue;
    for (std::size_t r = 0; r < k.requests.size() && r < limit.size(); ++r) {
      if (k.requests[r] > limit[r]) {
        k.violation = fmt::format("{} would need {} requests instead of {}",
                                  c.model.access_patterns[r].name, k.requests[r], limit[r]);
        break;
      }
    }
    if (!k.violation.empty()) continue;
    // Strictly cheaper (beyond rounding) wins; on a tie the fewer GSIs, found first, stay.
    if (best < 0 ||
        k.cost.monthly_cost_usd <
            candidates[static_cast<std::size_t>(best)].cost.monthly_cost_usd * (1 - 1e-9) - 1e-12)
      best = static_cast<int>(i);
  }
  return best;
}

// Every GSI count from the packing rule's to the facet-free one, built and priced on `c`.
std::vector<Candidate> PriceCounts(const Context& c) {
  std::vector<Candidate> out;
  if (c.views.empty()) {
    out.push_back(Build(c, 0, false));
    return out;
  }
  int lo = BaselineGsiCount(c);
  int hi = std::max(lo, FacetFreeGsiCount(c));
  for (int g = lo; g <= hi; ++g) out.push_back(Build(c, g, false));
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
    plain.off_inverted = c.off_inverted;
    plain.labels = c.labels;
    plain.placements = c.placements;
    plain.merge_views = c.merge_views;
    RoutePatterns(plain);
    Context lenient(c.model, scratch);
    lenient.off_inverted = c.off_inverted;
    lenient.labels = c.labels;
    lenient.placements = c.placements;
    lenient.merge_views = c.merge_views;
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
    if (rel.cardinality != Cardinality::kManyToMany || !rel.through) continue;
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
    // Each side as the reasons name it: the entity, and on a self-referencing relationship
    // (followers and followees, both User) the link attributes that key its collection.
    const bool self = rel.from == rel.to;
    std::string side_name[2];
    for (int side = 0; side < 2; ++side) {
      side_name[side] = fmt::format("'{}'", c.entity(parent[side]).name);
      if (!self) continue;
      std::vector<std::string> names;
      for (AttrId a : side == 0 ? rel.link : rel.link_to)
        names.push_back(through.attributes[static_cast<std::size_t>(a)].name);
      side_name[side] += fmt::format(" by '{}'", fmt::join(names, "', '"));
    }
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
      why =
          fmt::format("in the collection of {} the layout could not be built", side_name[1 - best]);
    } else if (!a.built) {
      continue;  // neither builds: the rule's placement reports the errors
    } else if (MoreRequests(a, b) != MoreRequests(b, a)) {
      best = MoreRequests(a, b) ? 1 : 0;
      why = fmt::format("in the collection of {} some reads would need more requests",
                        side_name[1 - best]);
    } else if (cheaper(a, b) || cheaper(b, a)) {
      best = cheaper(a, b) ? 0 : 1;
      why = fmt::format("{} per month against {} in the collection of {}",
                        Money(k[best].cost.monthly_cost_usd),
                        Money(k[1 - best].cost.monthly_cost_usd), side_name[1 - best]);
    } else if (a.gsis != b.gsis) {
      best = a.gsis < b.gsis ? 0 : 1;
      why = fmt::format("the same cost, {} GSI{} against {} in the collection of {}", k[best].gsis,
                        k[best].gsis == 1 ? "" : "s", k[1 - best].gsis, side_name[1 - best]);
    } else if (std::fabs(rate[0] - rate[1]) > 1e-9) {
      best = rate[0] > rate[1] ? 0 : 1;
      why = fmt::format(
          "the same cost either way; the table serves its reads by {} ({} requests/s) rather "
          "than those by {} ({} requests/s)",
          side_name[best], Units(rate[best]), side_name[1 - best], Units(rate[1 - best]));
    } else {
      best = parent[0] <= parent[1] ? 0 : 1;
      why = self ? fmt::format(
                       "the same cost and reads either way; {} is the relationship's "
                       "`link`",
                       side_name[best])
                 : fmt::format("the same cost and reads either way; {} is declared first",
                               side_name[best]);
    }
    c.adjacency_side[r] = best;
    c.adjacency_reason[r] = fmt::format(
        "cost objective: the adjacency list of '{}' in the collection of {}, not of {}: {}",
        rel.name, side_name[best], side_name[1 - best], why);
  }
}

void ChooseGsiCount(Context& c) {
  if (c.views.empty()) return;
  const Preference prefer = c.model.table.prefer;
  int lo = BaselineGsiCount(c);
  int hi = std::max(lo, FacetFreeGsiCount(c));
  // Fewer GSIs than the packing rule's means more facets: only `fewer_indexes` looks there.
  int floor = prefer == Preference::kFewerIndexes ? std::min(lo, MinimumGsiCount(c)) : lo;
  if (hi == floor) {
    if (c.model.table.prefer_declared) {
      c.objective_notes.push_back(
          Reason{fmt::format("preference {} (table prefer): nothing to choose, {} GSI{} is the "
                             "only count the layout can use",
                             PreferenceName(prefer), lo, lo == 1 ? "" : "s"),
                 {}});
    }
    return;
  }
  std::vector<Candidate> candidates;
  std::size_t rule = 0;
  for (int g = floor; g <= hi; ++g) {
    Candidate k = Build(c, g, true);
    // A count raised to a layout already priced is that layout: priced once, at its lowest
    // requested count (which wins the tie anyway).
    auto same = std::find_if(candidates.begin(), candidates.end(),
                             [&](const Candidate& o) { return SameLayout(o, k); });
    if (g == lo) rule = static_cast<std::size_t>(same - candidates.begin());
    if (same == candidates.end()) candidates.push_back(std::move(k));
  }
  const Candidate& baseline = candidates[rule];
  if (!baseline.built) return;  // the rule's own layout fails: let PackIndexes report it
  // Requests per read may not exceed the layout variant's limit (ChooseLayout), else the rule's.
  const std::vector<int>& limit = c.request_limit.empty() ? baseline.requests : c.request_limit;
  for (Candidate& k : candidates) {
    if (!k.built) continue;
    for (std::size_t r = 0; r < k.requests.size() && r < limit.size(); ++r) {
      if (k.requests[r] > limit[r]) {
        k.violation = fmt::format("{} would need {} requests instead of {}",
                                  c.model.access_patterns[r].name, k.requests[r], limit[r]);
        break;
      }
    }
  }
  const std::size_t best = Best(candidates, rule, prefer);
  const Candidate& chosen = candidates[best];
  c.chosen_gsis = chosen.requested;
  // The placement priced with the chosen count is the layout's (ChooseViewPlacement keeps it).
  c.placement_order = chosen.placement_order;
  c.placement_chosen = true;
  c.objective_notes.push_back(Reason{
      fmt::format("cost objective: {} candidate layout{} priced at the declared rates "
                  "(requests per read may not exceed the packing rule's); chosen: {}, {} per "
                  "month ({} RCU/s, {} WCU/s){}",
                  candidates.size(), candidates.size() == 1 ? "" : "s", Describe(chosen),
                  Money(chosen.cost.monthly_cost_usd), Units(chosen.cost.rcu_per_s),
                  Units(chosen.cost.wcu_per_s),
                  // Aggregates are planned on the chosen layout (derive.cpp PlanAggregates): who
                  // keeps them is priced there, and the design's total includes it.
                  c.model.aggregates.empty()
                      ? ""
                      : ", before keeping the pre-computed aggregates (priced per aggregate "
                        "once the layout is chosen; the design's cost summary includes them)"),
      {}});
  // Each rejected candidate within twice the chosen cost is "close": say what it costs and
  // where the difference is; the rest are counted.
  int far = 0;
  for (std::size_t i = 0; i < candidates.size(); ++i) {
    if (i == best) continue;
    const Candidate& k = candidates[i];
    if (!k.built) {
      c.objective_notes.push_back(
          Reason{fmt::format("rejected: {} GSIs: the layout could not be built", k.requested), {}});
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
    // Cheaper than the chosen one only when a preference other than the cost decided.
    const char* more = extra < 0 ? "less" : "more";
    std::string share =
        chosen_usd > 0 ? fmt::format(" ({:.0f}% {})", 100 * std::fabs(extra) / chosen_usd, more)
                       : "";
    c.objective_notes.push_back(
        Reason{fmt::format("rejected: {}, {} per month, {} {}{}: {}, {}", Describe(k),
                           Money(k.cost.monthly_cost_usd), Money(std::fabs(extra)), more, share,
                           Versus("writes", k.cost.wcu_per_s, chosen.cost.wcu_per_s, "WCU/s"),
                           Versus("reads", k.cost.rcu_per_s, chosen.cost.rcu_per_s, "RCU/s")),
               {}});
  }
  if (far > 0) {
    c.objective_notes.push_back(Reason{
        fmt::format("{} more candidate{} cost over twice as much", far, far == 1 ? "" : "s"), {}});
  }
  if (c.model.table.prefer_declared) {
    // Which preference decided, and what the default would have chosen among the same
    // candidates (below the packing rule's count only fewer_indexes looks).
    std::vector<Candidate> usual(candidates.begin() + static_cast<std::ptrdiff_t>(rule),
                                 candidates.end());
    const Candidate& cheapest = usual[Best(usual, 0, Preference::kLowestCost)];
    std::string versus =
        cheapest.requested == chosen.requested
            ? std::string("lowest_cost chooses the same layout")
            : fmt::format("lowest_cost would choose {}, {} per month ({} RCU/s, {} WCU/s)",
                          Describe(cheapest), Money(cheapest.cost.monthly_cost_usd),
                          Units(cheapest.cost.rcu_per_s), Units(cheapest.cost.wcu_per_s));
    c.objective_notes.push_back(
        Reason{fmt::format("preference {} (table prefer) decided: {}; {}", PreferenceName(prefer),
                           Criteria(prefer), versus),
               {}});
  }
  for (const Reason& r : chosen.placement_notes) c.objective_notes.push_back(r);
}

namespace {

// One layout variant ChooseLayout prices: the table placement and whether views are merged.
struct Variant {
  std::vector<Placement> placements;
  bool merge = false;
};

struct PricedVariant {
  bool ok = false;
  std::string why;  // !ok: why it was not priced
  Candidate best;   // its cheapest GSI count within the requests limit
  std::size_t views = 0;
  std::vector<int> rule_requests;  // per read, at the packing rule's GSI count
  std::vector<PatternRoute> routes;
};

// Routes, sizes, packs and prices `v` at every GSI count on a scratch copy of `c` (diagnostics
// dropped: the chosen variant is derived again on `c`).
PricedVariant PriceVariant(const Context& c, const Variant& v, const std::vector<int>* limit) {
  PricedVariant out;
  Diagnostics scratch(c.diags.file());
  Context t(c.model, scratch);
  t.hot_shards = c.hot_shards;
  t.off_inverted = c.off_inverted;
  t.labels = c.labels;
  t.placements = v.placements;
  t.layout = c.layout;
  t.merge_views = v.merge;
  RoutePatterns(t);
  if (t.failed || scratch.HasErrors()) {
    out.why = "a read could not be routed";
    return out;
  }
  SizeShards(t);
  std::vector<Candidate> candidates = PriceCounts(t);
  if (!candidates.front().built) {
    out.why = "the layout could not be built";
    return out;
  }
  out.rule_requests = candidates.front().requests;
  int best = Cheapest(c, candidates, limit ? *limit : out.rule_requests);
  if (best < 0) {
    out.why = candidates.front().violation;
    return out;
  }
  out.ok = true;
  out.best = candidates[static_cast<std::size_t>(best)];
  out.views = t.views.size();
  out.routes = t.routes;
  return out;
}

// Strictly cheaper (beyond rounding) wins; on a tie the fewer GSIs, then the fewer views.
bool Better(const PricedVariant& a, const PricedVariant& b) {
  if (!a.ok) return false;
  if (!b.ok) return true;
  double ca = a.best.cost.monthly_cost_usd;
  double cb = b.best.cost.monthly_cost_usd;
  if (ca < cb * (1 - 1e-9) - 1e-12) return true;
  if (cb < ca * (1 - 1e-9) - 1e-12) return false;
  if (a.best.gsis != b.best.gsis) return a.best.gsis < b.best.gsis;
  return a.views < b.views;
}

KeyTemplate OwnSortKey(const Context& c, EntityId e, const std::vector<TemplatePart>& attrs) {
  TemplateBuilder b;
  b.Literal(c.labels[static_cast<std::size_t>(e)]);
  for (const TemplatePart& part : attrs) b.Sep().Attr(part.text, part.encoding, part.width);
  return b.Build();
}

std::vector<TemplatePart> AttributeParts(const KeyTemplate& t) {
  std::vector<TemplatePart> out;
  for (const TemplatePart& part : t.parts) {
    if (part.is_attribute) out.push_back(part);
  }
  return out;
}

bool Has(const std::vector<std::string>& v, const std::string& s) {
  return std::find(v.begin(), v.end(), s) != v.end();
}

struct SortKeyCandidate {
  EntityId entity = -1;
  std::string attribute;
  std::vector<std::string> patterns;
};

// Whether a read of a relationship's other side reads `e`'s items by their identifier in its
// second step (ReadPlan::follow_up): the entity its link references.
bool ReadThroughLink(const Model& m, EntityId e) {
  for (const AccessPattern& p : m.access_patterns) {
    if (!p.other_side || !p.follows) continue;
    const Relationship& r = m.relationships[static_cast<std::size_t>(*p.follows)];
    if ((p.other_side->link == r.link ? r.from : r.to) == e) return true;
  }
  return false;
}

// Entities kept in a collection (LABEL#{...} sort keys) that a read served by an index reads by
// the partition's attributes and one more, not in the identifier: putting it first in the sort
// key (LABEL#{attr}#{...}) lets the table serve that read with begins_with, and every read of
// the whole collection still. Pinned and versioned entities, aggregate targets and entities a
// read of a relationship's other side returns (read by their identifier) are left alone; the
// attribute must be required (every item has its key) and sortable.
std::vector<SortKeyCandidate> SortKeyCandidates(const Context& c,
                                                const std::vector<Placement>& placements,
                                                const std::vector<PatternRoute>& routes) {
  std::vector<SortKeyCandidate> out;
  for (std::size_t i = 0; i < routes.size(); ++i) {
    const AccessPattern& p = c.model.access_patterns[i];
    if (routes[i].route != Route::kView || p.returns.size() != 1 || p.pinned_index ||
        p.range_condition)
      continue;
    EntityId e = p.returns[0];
    const Entity& en = c.entity(e);
    if (en.pinned_keys || en.versioned || c.model.AggregateInto(e) >= 0 ||
        ReadThroughLink(c.model, e))
      continue;
    const Placement& pl = placements[static_cast<std::size_t>(e)];
    std::vector<TemplatePart> sk = AttributeParts(pl.sort_key);
    if (sk.empty() || OwnSortKey(c, e, sk).ToString() != pl.sort_key.ToString()) continue;
    std::vector<std::string> pk = pl.partition_key.Attributes();
    if (pk.empty() ||
        !std::all_of(pk.begin(), pk.end(), [&](const std::string& a) { return Has(p.params, a); }))
      continue;
    std::vector<std::string> extra;
    for (const auto& a : p.params) {
      if (!Has(pk, a)) extra.push_back(a);
    }
    if (extra.size() != 1) continue;
    const std::string& attr = extra[0];
    const Attribute* a = c.FindAttr(e, attr);
    bool in_id = std::any_of(en.identifier.begin(), en.identifier.end(), [&](AttrId id) {
      return en.attributes[static_cast<std::size_t>(id)].name == attr;
    });
    if (a == nullptr || !a->required || !IsSortable(a->type) || in_id || pl.sort_key.Uses(attr))
      continue;
    auto same = std::find_if(out.begin(), out.end(), [&](const SortKeyCandidate& k) {
      return k.entity == e && k.attribute == attr;
    });
    if (same != out.end()) {
      same->patterns.push_back(p.name);
    } else {
      out.push_back(SortKeyCandidate{e, attr, {p.name}});
    }
  }
  std::sort(out.begin(), out.end(), [](const SortKeyCandidate& a, const SortKeyCandidate& b) {
    return std::tie(a.entity, a.attribute) < std::tie(b.entity, b.attribute);
  });
  return out;
}

std::string Priced(const PricedVariant& v) {
  return fmt::format("{} per month with {}", Money(v.best.cost.monthly_cost_usd), Describe(v.best));
}

}  // namespace

void ChooseLayout(Context& c) {
  Variant best{c.placements, false};
  PricedVariant priced = PriceVariant(c, best, nullptr);
  if (!priced.ok) return;  // the derivation as it stands fails: let the phases report it
  const std::vector<int> limit = priced.rule_requests;
  c.request_limit = limit;
  std::vector<Reason> notes;
  auto consider = [&](const Variant& v, const std::string& what, std::vector<std::string> why) {
    PricedVariant next = PriceVariant(c, v, &limit);
    if (Better(next, priced)) {
      notes.push_back(Reason{fmt::format("layout variant kept: {}: {}, instead of {}", what,
                                         Priced(next), Priced(priced)),
                             why});
      best = v;
      priced = std::move(next);
    } else if (!next.ok) {
      notes.push_back(Reason{fmt::format("layout variant rejected: {}: {}", what, next.why), why});
    } else {
      notes.push_back(Reason{fmt::format("layout variant rejected: {}: {}, against {}", what,
                                         Priced(next), Priced(priced)),
                             why});
    }
  };
  {
    Variant merged = best;
    merged.merge = true;
    PricedVariant probe = PriceVariant(c, merged, &limit);
    // Only when a view serves another's reads (fewer views): otherwise there is nothing to say.
    if (!probe.ok || probe.views < priced.views) {
      consider(merged,
               "one index view for reads that the same items serve (an unsorted read "
               "in a sorted view of its partition, a read by a leading part of a "
               "composite key)",
               {});
    }
  }
  for (const SortKeyCandidate& k : SortKeyCandidates(c, best.placements, priced.routes)) {
    Variant v = best;
    Placement& pl = v.placements[static_cast<std::size_t>(k.entity)];
    std::vector<TemplatePart> parts = AttributeParts(pl.sort_key);
    TemplatePart first;
    first.is_attribute = true;
    first.text = k.attribute;
    first.encoding = c.EncodingOf(k.entity, k.attribute);
    parts.insert(parts.begin(), first);
    KeyTemplate sk = OwnSortKey(c, k.entity, parts);
    std::string what = fmt::format("{}'s table sort key {} instead of {}", c.entity(k.entity).name,
                                   sk.ToString(), pl.sort_key.ToString());
    pl.sort_key = sk;
    pl.reasons.push_back(Reason{
        fmt::format("sort key {}: a read by {} and {} is a Query with begins_with on the table "
                    "instead of an index view (the cost objective's choice; a write changing "
                    "{} deletes the item and puts it under the new key)",
                    sk.ToString(), fmt::join(pl.partition_key.Attributes(), ", "), k.attribute,
                    k.attribute),
        k.patterns});
    consider(v, what, k.patterns);
  }
  c.placements = best.placements;
  c.merge_views = best.merge;
  for (Reason& r : notes) c.objective_notes.push_back(std::move(r));
}

}  // namespace model::derive
