// Rule: the cost objective over which views keep a slot on their entity's own item.
//
// When an entity needs more index views than there are GSIs (max_gsis binds, or the GSI count
// the objective chose is below the views'), the packing rule gives the own item's slots to the
// views it places first (pinned, then spanning more entities, then the most read: indexes.cpp
// GsiPlacementOrder) and puts the rest on facets, copies of the item in its partition. What a
// facet costs depends on which views it carries: a facet of a sparse view is written only for
// the items in it, a facet of projected reads copies only what they return (and an update of
// anything else leaves it alone), and a read of a narrow facet's index entries reads fewer bytes.
// Every write of a facet is a transaction item, at twice the units
// (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/transaction-apis.html#transaction-capacity-handling),
// and each index entry costs its own write units
// (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/GSI.html#GSI.ThroughputConsiderations.Writes),
// so which views go to facets is priced as whole layouts (model/cost.h EstimateWorkload), not
// decided by read rate. See internal.h ChooseViewPlacement.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>

#include "model/derive/internal.h"

namespace model::derive {

namespace {

// The most subsets tried per unit (lexicographic, the rule's first) and per entity.
constexpr std::size_t kMaxChoicesPerEntity = 64;

// One slot unit (an entity's current or history items) whose free views outnumber its own
// item's free slots.
struct OpenUnit {
  std::vector<int> views;                 // its single-entity unpinned views, in the rule's order
  std::vector<std::vector<int>> choices;  // subsets of views taking the own item's slots
};

// One entity's open units; a choice picks one subset per unit (mixed radix, unit 0 fastest).
struct Group {
  EntityId entity = -1;
  std::vector<OpenUnit> units;
  std::size_t count = 1;  // choices, at most kMaxChoicesPerEntity
  std::vector<int> Subsets(std::size_t choice) const {
    std::vector<int> out;
    for (const OpenUnit& u : units) {
      out.push_back(static_cast<int>(choice % u.choices.size()));
      choice /= u.choices.size();
    }
    return out;
  }
  // Whether view `k` keeps a slot on the own item in `choice`.
  bool OnItem(std::size_t choice, int k) const {
    std::vector<int> s = Subsets(choice);
    for (std::size_t i = 0; i < units.size(); ++i) {
      const auto& chosen = units[i].choices[static_cast<std::size_t>(s[i])];
      if (std::find(chosen.begin(), chosen.end(), k) != chosen.end()) return true;
    }
    return false;
  }
};

struct Priced {
  bool built = false;
  WorkloadCost cost;
  std::vector<int> requests;  // per read pattern
};

// Packs c's views in `order` on a scratch copy of `c` (diagnostics dropped), its slot units to
// `units_out` when given; with `price`, builds the items and plans and prices the layout.
Priced PackAndPrice(const Context& c, const std::vector<int>& order, bool price = true,
                    std::deque<SlotUnit>* units_out = nullptr) {
  Diagnostics scratch(c.diags.file());
  Context t = RoutedCopy(c, scratch);
  t.placement_order = order;
  Priced out;
  PackIndexes(t);
  if (t.failed) return out;
  if (units_out != nullptr) *units_out = t.units;
  if (!price) return out;
  BuildItemTypes(t);
  if (t.failed) return out;
  BuildReadPlans(t);
  BuildWritePlans(t);
  if (t.failed || scratch.HasErrors()) return out;
  out.built = true;
  out.cost = EstimateWorkload(c.model, t.layout);
  for (const ReadPlan& r : t.layout.reads) out.requests.push_back(r.requests);
  return out;
}

bool Within(const Priced& k, const std::vector<int>& limit) {
  for (std::size_t r = 0; r < k.requests.size() && r < limit.size(); ++r) {
    if (k.requests[r] > limit[r]) return false;
  }
  return true;
}

// Strictly less beyond rounding.
bool Less(double a, double b) { return a < b * (1 - 1e-9) - 1e-12; }

// What the placements are compared by: the monthly cost, after the write units per second when
// the table prefers cheaper writes (the GSI count is fixed here, so fewer_indexes compares the
// cost alone).
struct Score {
  bool valid = false;  // false: not priced, or over the requests limit
  double wcu = 0;
  double usd = 0;
};

Score Whole(const WorkloadCost& cost) { return Score{true, cost.wcu_per_s, cost.monthly_cost_usd}; }

bool Better(const Score& a, const Score& b, Preference prefer) {
  if (prefer == Preference::kCheaperWrites && (Less(a.wcu, b.wcu) || Less(b.wcu, a.wcu)))
    return Less(a.wcu, b.wcu);
  return Less(a.usd, b.usd);
}

// The subsets of `m` of `n` positions in lexicographic order ({0..m-1} first), at most `cap`.
std::vector<std::vector<int>> Combinations(int n, int m, std::size_t cap) {
  std::vector<std::vector<int>> out;
  std::vector<int> idx(static_cast<std::size_t>(m));
  for (int i = 0; i < m; ++i) idx[static_cast<std::size_t>(i)] = i;
  while (out.size() < cap) {
    out.push_back(idx);
    int i = m - 1;
    while (i >= 0 && idx[static_cast<std::size_t>(i)] == n - m + i) --i;
    if (i < 0) break;
    ++idx[static_cast<std::size_t>(i)];
    for (int j = i + 1; j < m; ++j)
      idx[static_cast<std::size_t>(j)] = idx[static_cast<std::size_t>(j - 1)] + 1;
  }
  return out;
}

// Whether a facet of view `v` can cost other than a facet of another view of entity `e`: `e` is
// written (what a facet copies and when it exists decide its writes), or a read of the view
// returns less than whole items (a narrow facet's index entries are smaller).
bool PlacementMatters(const Context& c, EntityId e, const std::vector<int>& views) {
  for (const WritePattern& w : c.model.write_patterns) {
    if (w.entity == e) return true;
  }
  for (int k : views) {
    for (int pid : c.views[static_cast<std::size_t>(k)].patterns) {
      const AccessPattern& p = c.model.access_patterns[static_cast<std::size_t>(pid)];
      if (!p.projection.empty() || p.aggregate) return true;
    }
  }
  return false;
}

// The placement order of `choices` (one per group): each open unit's views keep their positions
// in `rule`, the chosen subset first, then the rest, each in the rule's order.
std::vector<int> OrderOf(const std::vector<Group>& groups, const std::vector<std::size_t>& choices,
                         const std::vector<int>& rule) {
  std::vector<int> order = rule;
  std::vector<int> position(rule.size());
  for (std::size_t i = 0; i < rule.size(); ++i)
    position[static_cast<std::size_t>(rule[i])] = static_cast<int>(i);
  for (std::size_t g = 0; g < groups.size(); ++g) {
    std::vector<int> subsets = groups[g].Subsets(choices[g]);
    for (std::size_t u = 0; u < groups[g].units.size(); ++u) {
      const OpenUnit& unit = groups[g].units[u];
      const auto& first = unit.choices[static_cast<std::size_t>(subsets[u])];
      std::vector<int> sequence = first;
      for (int k : unit.views) {
        if (std::find(first.begin(), first.end(), k) == first.end()) sequence.push_back(k);
      }
      std::vector<int> slots;
      for (int k : unit.views) slots.push_back(position[static_cast<std::size_t>(k)]);
      std::sort(slots.begin(), slots.end());
      for (std::size_t i = 0; i < slots.size(); ++i)
        order[static_cast<std::size_t>(slots[i])] = sequence[i];
    }
  }
  return order;
}

// The monthly cost of the patterns each group's choice can change: the entity's writes (with
// the reads of the item some of them make first) and the reads of its open views. One pass over
// the patterns for all groups.
std::vector<Score> GroupCosts(const Context& c, const std::vector<Group>& groups,
                              const WorkloadCost& cost) {
  std::map<EntityId, std::size_t> group_of;
  for (std::size_t g = 0; g < groups.size(); ++g) group_of.emplace(groups[g].entity, g);
  std::vector<Score> usd(groups.size(), Score{true, 0, 0});
  std::map<std::string, std::size_t> writer;  // write pattern name -> group
  for (std::size_t w = 0; w < c.model.write_patterns.size() && w < cost.writes.size(); ++w) {
    const WritePattern& wp = c.model.write_patterns[w];
    auto it = group_of.find(wp.entity);
    if (it == group_of.end()) continue;
    usd[it->second].usd += cost.writes[w].monthly_cost_usd;
    usd[it->second].wcu += cost.writes[w].units_per_s;
    writer.emplace(wp.name, it->second);
  }
  for (const auto* rows : {&cost.first_reads, &cost.group_reads, &cost.copy_reads}) {
    for (const PatternCost& row : *rows) {
      auto it = writer.find(row.name);
      if (it != writer.end()) usd[it->second].usd += row.monthly_cost_usd;
    }
  }
  for (std::size_t g = 0; g < groups.size(); ++g) {
    for (const OpenUnit& u : groups[g].units) {
      for (int k : u.views) {
        for (int pid : c.views[static_cast<std::size_t>(k)].patterns) {
          if (static_cast<std::size_t>(pid) < cost.reads.size())
            usd[g].usd += cost.reads[static_cast<std::size_t>(pid)].monthly_cost_usd;
        }
      }
    }
  }
  return usd;
}

std::string Units(double d) {
  std::string s = fmt::format("{:.2f}", std::round(d * 100) / 100);
  while (s.back() == '0') s.pop_back();
  if (s.back() == '.') s.pop_back();
  return s;
}

std::string ViewName(const Context& c, const View& v) {
  std::vector<std::string> names;
  for (int p : v.patterns)
    names.push_back(c.model.access_patterns[static_cast<std::size_t>(p)].name);
  return fmt::format("view {} ({})", ViewPartitionKey(c, v).ToString(), fmt::join(names, ", "));
}

}  // namespace

void ChooseViewPlacement(Context& c) {
  if (c.placement_chosen) return;  // ChooseGsiCount priced it with the count
  c.placement_order.clear();
  if (c.views.empty()) return;
  // Only entities whose placement can change the cost are open; none: nothing to pack.
  std::vector<std::vector<int>> single(c.model.entities.size());
  for (std::size_t k = 0; k < c.views.size(); ++k) {
    const View& v = c.views[k];
    if (!v.pinned_gsi && v.entities.size() == 1)
      single[static_cast<std::size_t>(v.entities[0])].push_back(static_cast<int>(k));
  }
  std::vector<bool> matters(c.model.entities.size(), false);
  bool any = false;
  for (std::size_t e = 0; e < single.size(); ++e) {
    matters[e] = single[e].size() > 1 && PlacementMatters(c, static_cast<EntityId>(e), single[e]);
    any = any || matters[e];
  }
  if (!any) return;
  const std::vector<int> rule = GsiPlacementOrder(c);
  // The rule's packing: which free views its own items hold.
  std::deque<SlotUnit> packed;
  PackAndPrice(c, rule, false, &packed);
  std::vector<Group> groups;
  std::map<EntityId, std::size_t> group_of;
  // Each unit's single-entity unpinned views, in the rule's order.
  std::map<std::pair<EntityId, bool>, std::vector<int>> free_views;
  for (int k : rule) {
    const View& v = c.views[static_cast<std::size_t>(k)];
    if (v.pinned_gsi || v.entities.size() != 1) continue;
    EntityId e = v.entities[0];
    free_views[{e, v.history && c.entity(e).versioned}].push_back(k);
  }
  for (const SlotUnit& u : packed) {
    if (!matters[static_cast<std::size_t>(u.entity)]) continue;
    OpenUnit open;
    auto found = free_views.find({u.entity, u.history});
    if (found != free_views.end()) open.views = found->second;
    int on_item = 0;
    for (int k : u.items.front().views_by_gsi) {
      on_item += std::find(open.views.begin(), open.views.end(), k) != open.views.end() ? 1 : 0;
    }
    if (on_item == 0 || on_item == static_cast<int>(open.views.size())) continue;
    for (const auto& positions :
         Combinations(static_cast<int>(open.views.size()), on_item, kMaxChoicesPerEntity)) {
      std::vector<int> subset;
      for (int i : positions) subset.push_back(open.views[static_cast<std::size_t>(i)]);
      open.choices.push_back(subset);
    }
    auto [it, added] = group_of.emplace(u.entity, groups.size());
    if (added) groups.push_back(Group{u.entity, {}, 1});
    Group& g = groups[it->second];
    // An entity's choices are its units' combined, capped: the rule's unit choices come first.
    std::size_t room = std::max<std::size_t>(1, kMaxChoicesPerEntity / g.count);
    if (open.choices.size() > room) open.choices.resize(room);
    if (open.choices.size() < 2) continue;
    g.count *= open.choices.size();
    g.units.push_back(std::move(open));
  }
  groups.erase(
      std::remove_if(groups.begin(), groups.end(), [](const Group& g) { return g.units.empty(); }),
      groups.end());
  if (groups.empty()) return;
  Priced base = PackAndPrice(c, rule);
  if (!base.built) return;  // the rule's own layout fails: let PackIndexes report it
  const std::vector<int>& limit = base.requests;
  const Preference prefer = c.model.table.prefer;
  double combinations = 1;
  for (const Group& g : groups) combinations *= static_cast<double>(g.count);
  std::vector<std::size_t> chosen(groups.size(), 0);
  Priced best = base;
  std::size_t priced = 1;
  // Per group and view: the cheapest whole layout keeping it on the own item.
  std::vector<std::map<int, double>> keep_cost(groups.size());
  const bool exhaustive = combinations <= kExhaustivePlacements;
  if (exhaustive) {
    for (std::size_t g = 0; g < groups.size(); ++g) {
      for (const OpenUnit& u : groups[g].units) {
        for (int v : u.views) {
          if (groups[g].OnItem(0, v)) keep_cost[g][v] = base.cost.monthly_cost_usd;
        }
      }
    }
    // Every combination, mixed radix over the groups (group 0 fastest); 0 is the rule's.
    for (std::size_t n = 1; n < static_cast<std::size_t>(combinations); ++n) {
      std::vector<std::size_t> choice(groups.size());
      std::size_t rest = n;
      for (std::size_t g = 0; g < groups.size(); ++g) {
        choice[g] = rest % groups[g].count;
        rest /= groups[g].count;
      }
      Priced k = PackAndPrice(c, OrderOf(groups, choice, rule));
      ++priced;
      if (!k.built || !Within(k, limit)) continue;
      for (std::size_t g = 0; g < groups.size(); ++g) {
        for (const OpenUnit& u : groups[g].units) {
          for (int v : u.views) {
            if (!groups[g].OnItem(choice[g], v)) continue;
            auto [it, added] = keep_cost[g].emplace(v, k.cost.monthly_cost_usd);
            if (!added) it->second = std::min(it->second, k.cost.monthly_cost_usd);
          }
        }
      }
      if (Better(Whole(k.cost), Whole(best.cost), prefer)) {
        best = std::move(k);
        chosen = choice;
      }
    }
  } else {
    // Greedy by marginal cost: round r puts every group at its choice r (the rule's when it has
    // fewer), so one whole layout prices one choice of every group; each group's own patterns
    // (GroupCosts) decide, as no other group's choice changes them. What they leave out (a read
    // of a whole item collection also reads the facets in it) is in the combined layout's whole
    // price, which must beat the rule's.
    std::size_t rounds = 0;
    for (const Group& g : groups) rounds = std::max(rounds, g.count);
    std::vector<std::vector<Score>> own(groups.size());
    for (std::size_t g = 0; g < groups.size(); ++g) own[g].assign(groups[g].count, Score{});
    std::vector<Score> at_rule = GroupCosts(c, groups, base.cost);
    for (std::size_t g = 0; g < groups.size(); ++g) own[g][0] = at_rule[g];
    for (std::size_t r = 1; r < rounds; ++r) {
      std::vector<std::size_t> choice(groups.size());
      for (std::size_t g = 0; g < groups.size(); ++g) choice[g] = r < groups[g].count ? r : 0;
      Priced k = PackAndPrice(c, OrderOf(groups, choice, rule));
      ++priced;
      if (!k.built || !Within(k, limit)) continue;
      std::vector<Score> at_r = GroupCosts(c, groups, k.cost);
      for (std::size_t g = 0; g < groups.size(); ++g) {
        if (choice[g] == r) own[g][r] = at_r[g];
      }
    }
    std::vector<std::size_t> pick(groups.size(), 0);
    for (std::size_t g = 0; g < groups.size(); ++g) {
      for (std::size_t r = 1; r < groups[g].count; ++r) {
        if (own[g][r].valid && Better(own[g][r], own[g][pick[g]], prefer)) pick[g] = r;
      }
    }
    if (std::any_of(pick.begin(), pick.end(), [](std::size_t p) { return p != 0; })) {
      Priced k = PackAndPrice(c, OrderOf(groups, pick, rule));
      ++priced;
      if (k.built && Within(k, limit) && Better(Whole(k.cost), Whole(base.cost), prefer)) {
        best = std::move(k);
        chosen = pick;
        // Keeping a view on its own item: the whole layout with its group's cheapest such
        // choice instead (the other groups' costs unchanged).
        for (std::size_t g = 0; g < groups.size(); ++g) {
          for (std::size_t r = 0; r < groups[g].count; ++r) {
            if (!own[g][r].valid) continue;
            double total = best.cost.monthly_cost_usd - own[g][pick[g]].usd + own[g][r].usd;
            for (const OpenUnit& u : groups[g].units) {
              for (int v : u.views) {
                if (!groups[g].OnItem(r, v)) continue;
                auto [it, added] = keep_cost[g].emplace(v, total);
                if (!added) it->second = std::min(it->second, total);
              }
            }
          }
        }
      }
    }
  }
  if (std::all_of(chosen.begin(), chosen.end(), [](std::size_t p) { return p == 0; })) return;
  c.placement_order = OrderOf(groups, chosen, rule);
  c.objective_notes.push_back(Reason{
      fmt::format("cost objective: which views keep a slot on their entity's own item, the rest "
                  "going to facets: {} placement{} priced ({}); chosen: {} per month ({} RCU/s, "
                  "{} WCU/s) against {} in the packing rule's order (pinned, spanning more "
                  "entities, then the most read)",
                  priced, priced == 1 ? "" : "s",
                  exhaustive ? "every combination" : "greedily by each entity's marginal cost",
                  Money(best.cost.monthly_cost_usd), Units(best.cost.rcu_per_s),
                  Units(best.cost.wcu_per_s), Money(base.cost.monthly_cost_usd)),
      {}});
  for (std::size_t g = 0; g < groups.size(); ++g) {
    if (chosen[g] == 0) continue;
    for (const OpenUnit& u : groups[g].units) {
      for (int v : u.views) {
        if (!groups[g].OnItem(0, v) || groups[g].OnItem(chosen[g], v)) continue;
        const View& view = c.views[static_cast<std::size_t>(v)];
        auto it = keep_cost[g].find(v);
        std::string alt =
            it == keep_cost[g].end()
                ? std::string("no layout keeping it there stays within the requests per read")
            : it->second >= best.cost.monthly_cost_usd
                ? fmt::format("keeping it on the item costs {} per month, {} more",
                              Money(it->second), Money(it->second - best.cost.monthly_cost_usd))
                : fmt::format(
                      "keeping it on the item costs {} per month, {} less, but writes "
                      "more units per second (table prefer: cheaper_writes)",
                      Money(it->second), Money(best.cost.monthly_cost_usd - it->second));
        std::vector<std::string> names;
        for (int p : view.patterns)
          names.push_back(c.model.access_patterns[static_cast<std::size_t>(p)].name);
        c.objective_notes.push_back(
            Reason{fmt::format("rejected: {} on the own item of '{}' (the packing rule's "
                               "choice): it goes to a facet instead; {}",
                               ViewName(c, view), c.entity(groups[g].entity).name, alt),
                   names});
      }
    }
  }
}

}  // namespace model::derive
