// Rules: write sharding, packing views onto overloaded GSIs, facets, projections.
//
// Sharding: a view whose partition key is a constant (no parameters) concentrates its reads and
// writes on one partition. Writes: N = ceil(WCU/s / 1000), each write landing on one shard.
// Reads cannot be spread the same way: a fan-out queries every shard on every call, so each
// shard partition still takes the full request rate; only the items per request shrink, and a
// request costs at least half a read unit. The read shard count is the smallest N whose load on
// one shard (model/cost.h FanOutShardLoad: pages of ceil(limit / N) items, the merge's extra
// pages, each request rounded up to 4 KB with its minimum) stays within 3,000 RCU/s; when no N
// does (rate × 0.5 RCU is over the limit, or nearly), the design says so (W505) and names the
// remedies. A pinned shard count below what the rates need is a warning at the pin (W504).
//
// Packing: every GSI uses generic attributes (GSI1PK/GSI1SK), so each item type can put a
// different view on each GSI. An entity that needs K views gets ceil(K / 2) GSIs' worth of slots
// on its main item and, when the GSIs run out, extra "facet" items in its own partition carrying
// the remaining views. The GSI count is the smallest that keeps every entity at two items or
// fewer, capped by max_gsis (more facets instead) and raised to any pinned index.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <tuple>

#include "model/base/casing.h"
#include "model/derive/internal.h"
#include "model/hot_partitions.h"

namespace model::derive {

namespace {

std::string Join(const std::vector<std::string>& v, const char* sep) {
  std::string out;
  for (const auto& s : v) {
    if (!out.empty()) out += sep;
    out += s;
  }
  return out;
}

std::vector<std::string> PatternNames(const Context& c, const View& v) {
  std::vector<std::string> out;
  for (int p : v.patterns) out.push_back(c.model.access_patterns[static_cast<std::size_t>(p)].name);
  return out;
}

double ReadRate(const Context& c, const View& v) {
  double r = 0;
  for (int p : v.patterns) r += c.model.access_patterns[static_cast<std::size_t>(p)].rate;
  return r;
}

std::string Number(double d) {
  if (std::fabs(d - std::round(d)) < 1e-9) return fmt::format("{:.0f}", d);
  return fmt::format("{:.2f}", d);
}

}  // namespace

namespace {

// The read shards, at least `shards`, that the patterns of view `v` (without parameters, `items`
// items of `item_bytes` bytes, each pattern fitting a partition alone) need together: the
// smallest N whose summed FanOutShardLoad on one shard stays within 3,000 RCU/s. When none does
// (every call reads every shard, at least 0.5 RCU a request), `shards` as it is, and W541 when
// `report`; a reason on `v` either way when the sum decides the count.
int SizeSharedReadShards(Context& c, View& v, double items, double item_bytes, int shards,
                         bool report) {
  auto load = [&](int n) {
    double sum = 0;
    for (int pid : v.patterns) {
      const AccessPattern& p = c.model.access_patterns[static_cast<std::size_t>(pid)];
      sum += FanOutShardLoad(p.rate, p.limit, items, item_bytes, false, n).rcu_per_s;
    }
    return sum;
  };
  int best = shards;
  double best_load = load(shards);
  bool fits = best_load <= kPartitionReadLimit + 1e-9;
  for (int n = shards + 1; !fits && n <= kMaxReadShards; ++n) {
    const double l = load(n);
    if (l < best_load - 1e-9) {
      best = n;
      best_load = l;
    }
    fits = l <= kPartitionReadLimit + 1e-9;
  }
  if (!report || (fits && best == shards)) return fits ? best : shards;
  double rate = 0;
  double floor = 0;
  for (int pid : v.patterns) {
    const AccessPattern& p = c.model.access_patterns[static_cast<std::size_t>(pid)];
    rate += p.rate;
    floor += SizeReadShards(p.rate, p.limit, items, item_bytes, false).floor_rcu_per_s;
  }
  const std::string names = Join(PatternNames(c, v), ", ");
  if (fits) {
    v.reasons.push_back(Reason{
        fmt::format("{} read shards: {} read this partition at {} requests/s together, each call "
                    "reading every shard, {} RCU/s per shard, within 3000; fewer shards would "
                    "exceed it",
                    best, names, Number(rate), Number(best_load)),
        PatternNames(c, v)});
    return best;
  }
  const AccessPattern& first =
      c.model.access_patterns[static_cast<std::size_t>(v.patterns.front())];
  Diagnostic& d = c.diags.Warning(
      DiagId::kSharedReadHotKey, first.range,
      fmt::format("{} read one key without parameters at {} requests/s together: no shard count "
                  "keeps its partitions within DynamoDB's 3000 RCU/s, because a fan-out queries "
                  "every shard on every call and a request costs at least 0.5 RCU ({} RCU/s per "
                  "shard at least; {} at best, with {} shards)",
                  names, Number(rate), Number(floor), Number(best_load), best));
  Diagnostics::Note(
      d, first.range,
      "remedies: a cache such as DAX in front of these reads; a pre-computed page item, "
      "refreshed from the table's stream, that every call reads with one GetItem; or lower "
      "their rates");
  // As for one pattern no count serves (W505): the fan-out would only add requests, so the
  // shards stay those each pattern needs alone.
  v.reasons.push_back(
      Reason{fmt::format("no read shard count serves {} requests/s of {} together (at least {} "
                         "RCU/s on every shard): {} read shards, as each needs alone",
                         Number(rate), names, Number(floor), shards),
             PatternNames(c, v)});
  return shards;
}

// The shards a view without parameters needs for its reads and writes; reasons and W505
// warnings go to `v` and the diagnostics when `report` is set.
int NeededShards(Context& c, View& v, bool report) {
  double size = 0;
  double count = 0;
  for (EntityId e : v.entities) {
    size = std::max(size, static_cast<double>(c.entity(e).item_size));
    double n = static_cast<double>(c.entity(e).count);
    for (const auto& f : v.filters) n *= Selectivity(c, e, f.attribute, f.value);
    count += n;
  }
  size = std::max(size, 1.0);
  int shards = 1;
  bool each_feasible = true;
  for (int pid : v.patterns) {
    const AccessPattern& p = c.model.access_patterns[static_cast<std::size_t>(pid)];
    // Index reads are eventually consistent.
    ReadShardSizing sizing = SizeReadShards(p.rate, p.limit, count, size, false);
    if (!sizing.feasible) {
      each_feasible = false;
      if (report) {
        Diagnostic& d = c.diags.Warning(
            DiagId::kReadHotKey, p.range,
            fmt::format(
                "{} reads a key without parameters at {} requests/s: no shard count keeps its "
                "partitions within DynamoDB's 3000 RCU/s, because a fan-out queries every shard "
                "on every call and a request costs at least 0.5 RCU ({} RCU/s per shard at "
                "least; {} at best, with {} shards)",
                p.name, Number(p.rate), Number(sizing.floor_rcu_per_s),
                Number(sizing.load.rcu_per_s), sizing.shards));
        Diagnostics::Note(
            d, p.range,
            "remedies: a cache such as DAX in front of these reads; a pre-computed page item, "
            "refreshed from the table's stream, that every call reads with one GetItem; or "
            "write sharding with per-shard reads, each caller querying the one shard it is "
            "given (a shard parameter) instead of all of them");
        v.reasons.push_back(Reason{
            fmt::format("no read shard count serves {} requests/s (at least {} RCU/s on every "
                        "shard): reads are not sharded",
                        Number(p.rate), Number(sizing.floor_rcu_per_s)),
            {p.name}});
      }
      continue;
    }
    if (sizing.shards > 1 && report) {
      std::string read =
          p.limit ? fmt::format("pages of {} items of {} B ({} pages per call with the merge)",
                                Number(sizing.load.page_items), Number(size),
                                Number(sizing.load.pages_per_call))
                  : fmt::format("its whole share, {} items of {} B in {} pages (no limit)",
                                Number(std::ceil(count / sizing.shards)), Number(size),
                                Number(sizing.load.pages_per_call));
      v.reasons.push_back(
          Reason{fmt::format("{} read shards: each of the {} requests/s reads every shard, {} = {} "
                             "RCU/s per shard, within 3000; fewer shards would exceed it",
                             sizing.shards, Number(p.rate), read, Number(sizing.load.rcu_per_s)),
                 {p.name}});
    }
    shards = std::max(shards, sizing.shards);
  }
  // The patterns all read the view's one partition (each call every shard of it), and
  // DynamoDB's limit is per partition: their loads add up (model/hot_partitions.h
  // SharedPartitions), so the count is the smallest whose summed load on a shard fits.
  if (each_feasible && v.patterns.size() >= 2)
    shards = SizeSharedReadShards(c, v, count, size, shards, report);
  double wcu = 0;
  std::vector<std::string> writers;
  for (const auto& w : c.model.write_patterns) {
    if (std::find(v.entities.begin(), v.entities.end(), w.entity) == v.entities.end()) continue;
    // A write of an embedded collection alone changes neither the view's keys nor what it
    // projects (BuildProjections leaves the collection out): it writes no index entry
    // (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/GSI.html#GSI.Writes).
    if (WritesOnlyEmbedded(c.model, w)) continue;
    wcu += w.rate * ItemWriteUnits(static_cast<double>(c.entity(w.entity).item_size));
    writers.push_back(w.name);
  }
  double needed = std::ceil(wcu / kPartitionWriteLimit - 1e-9);
  int write_shards = static_cast<int>(std::clamp(needed, 1.0, double{kMaxWriteShards}));
  if (write_shards > 1 && report) {
    v.reasons.push_back(Reason{
        needed > kMaxWriteShards
            ? fmt::format("{} write shards, the most the design gives one key: {} WCU/s ÷ 1000 "
                          "per partition would need {}, so each shard still takes about {} WCU/s "
                          "(check fails the writes that throttle); spread the writes over more "
                          "key values",
                          write_shards, Number(wcu), Number(needed), Number(wcu / write_shards))
            : fmt::format("{} write shards: {} WCU/s ÷ 1000 per partition", write_shards,
                          Number(wcu)),
        writers});
  }
  return std::max(shards, write_shards);
}

// A view without parameters puts every item it indexes under one partition key, and only the
// declared rates size its shards (docs/key-design.md section 3). When none of its patterns
// declares a rate, the design assumes 1 request/s and keeps one partition, whatever the number of
// items: W507 at each pattern, naming the remedies.
void WarnWithoutRate(Context& c, const View& v) {
  for (int pid : v.patterns) {
    if (c.model.access_patterns[static_cast<std::size_t>(pid)].rate_range.valid()) return;
  }
  std::vector<std::string> types;
  double items = 0;
  for (EntityId e : v.entities) {
    types.push_back(c.entity(e).name);
    double n = static_cast<double>(c.entity(e).count);
    for (const auto& f : v.filters) n *= Selectivity(c, e, f.attribute, f.value);
    items += n;
  }
  std::string which = fmt::format("every {} item", Join(types, " and "));
  if (!v.filters.empty()) {
    std::vector<std::string> conds;
    for (const auto& f : v.filters) conds.push_back(fmt::format("{} = {}", f.attribute, f.value));
    which += fmt::format(" with {}", Join(conds, " and "));
  }
  for (int pid : v.patterns) {
    const AccessPattern& p = c.model.access_patterns[static_cast<std::size_t>(pid)];
    Diagnostic& d = c.diags.Warning(
        DiagId::kWholeTypeWithoutRate, p.range,
        fmt::format("access pattern '{}' reads {} from one index partition (about {} items), and "
                    "without a 'rate' the design cannot size shards for it: they all share one "
                    "partition key",
                    p.name, which, Number(std::ceil(items))));
    Diagnostics::Note(
        d, p.range,
        "declare 'rate' (requests per second) so the design shards the partition as the load "
        "needs, pin 'shards', add a parameter to 'by', or read it with a Scan ('index: table' "
        "and 'allow_scan: true')");
  }
}

// A facet's label and name come from the view it was made for, never from a pattern: the
// entity's label, then `_BY_` and the view's partition parameters (its sort attribute when it has
// none: `EMPLOYEE_BY_HIRE_DATE`, `Employee.byHireDate`), then the sparse condition (`_OPEN`,
// `_ESCALATED`; alone when the view has neither: `ORDER_OPEN`, `Order.open`; `_ALL` / `.all` when
// it has nothing). When another facet of the entity has that name, the sort attribute is added,
// then a number.
void NameFacet(const Context& c, const SlotUnit& u, const View& v, SlotItem* facet) {
  std::vector<std::string> parts = v.params;
  if (parts.empty() && !v.order_attribute.empty()) parts.push_back(v.order_attribute);
  std::vector<std::string> longer = parts;
  if (!v.order_attribute.empty() &&
      std::find(longer.begin(), longer.end(), v.order_attribute) == longer.end())
    longer.push_back(v.order_attribute);
  std::string sparse = SparseLabel(c, u.entity, v.filters);
  auto naming = [&](const std::vector<std::string>& by) {
    std::string label =
        c.labels[static_cast<std::size_t>(u.entity)] + (u.history ? "_HISTORY" : "");
    std::string name = c.entity(u.entity).name + (u.history ? ".history." : ".");
    if (by.empty() && !sparse.empty()) {
      name += LowerCamel(sparse);
    } else if (by.empty()) {
      label += "_ALL";
      name += "all";
    } else {
      label += "_BY";
      name += "by";
      for (const auto& part : by) {
        label += "_" + UpperSnake(part);
        name += UpperCamel(part);
      }
      name += UpperCamel(sparse);
    }
    return std::make_pair(label + sparse, name);
  };
  auto taken = [&](const std::string& label) {
    return std::any_of(u.items.begin(), u.items.end(),
                       [&](const SlotItem& item) { return item.facet_label == label; });
  };
  auto [label, name] = naming(parts);
  if (taken(label)) std::tie(label, name) = naming(longer);
  std::string unique_label = label;
  std::string unique_name = name;
  for (int n = 2; taken(unique_label); ++n) {
    unique_label = fmt::format("{}_{}", label, n);
    unique_name = fmt::format("{}{}", name, n);
  }
  facet->facet_label = unique_label;
  facet->facet_name = unique_name;
}

// "30%" or "2.5%".
std::string Percent(double share) { return Number(std::round(share * 1000) / 10) + "%"; }

// A view with parameters spreads its load over their values, except where a pattern it serves
// declares a hot partition (`hot: { share }`): the write shards its busy value's partition needs
// (model/hot_partitions.h, found on a derived layout: Context::hot_shards), the most any of its
// patterns needs.
void SizeHotShards(Context& c, View& v) {
  int shards = 1;
  const HotShards* hottest = nullptr;
  for (int pid : v.patterns) {
    auto it = c.hot_shards.find(pid);
    if (it == c.hot_shards.end() || it->second.shards <= shards) continue;
    shards = it->second.shards;
    hottest = &it->second;
  }
  if (!hottest) return;
  v.shards = shards;
  v.reasons.push_back(Reason{hottest->reason, hottest->patterns});
}

}  // namespace

// Whether the design shards the key hot partition `h` is on: a view it derives (not the table's
// own keys, nor keys pinned in the model) serves the hot patterns reading it.
static bool DerivedView(const Context& c, const HotPartition& h) {
  for (int pid : h.hot_patterns) {
    const PatternRoute& r = c.routes[static_cast<std::size_t>(pid)];
    if (r.route != Route::kView || r.view < 0 ||
        c.views[static_cast<std::size_t>(r.view)].user_keys)
      return false;
  }
  return true;
}

std::map<int, HotShards> NeededHotShards(const Context& c, const Model& model) {
  std::map<int, HotShards> out = c.hot_shards;
  for (const HotPartition& h : HotPartitions(model, c.layout)) {
    const int needed = NeededWriteShards(h.wcu_per_s);
    if (needed <= 1 || !DerivedView(c, h)) continue;
    std::vector<std::string> names;
    for (int pid : h.hot_patterns)
      names.push_back(model.access_patterns[static_cast<std::size_t>(pid)].name);
    for (const HotPartitionPart& part : h.parts) {
      if (part.write) names.push_back(part.pattern);
    }
    const double raw = std::ceil(h.wcu_per_s / kPartitionWriteLimit - 1e-9);
    HotShards want{
        needed,
        raw > kMaxWriteShards
            ? fmt::format("{} write shards, the most the design gives one key: the busiest "
                          "value of {} takes {} WCU/s ({}), which would need {} at 1000 per "
                          "partition",
                          needed, h.key, Number(h.wcu_per_s), DescribeParts(h, true), Number(raw))
            : fmt::format("{} write shards: {} declares a hot partition, its busiest value "
                          "taking {} WCU/s ({}) ÷ 1000 per partition",
                          needed, names.front(), Number(h.wcu_per_s), DescribeParts(h, true)),
        names};
    for (int pid : h.hot_patterns) {
      HotShards& have = out[pid];
      if (have.shards < want.shards) have = want;
    }
  }
  return out;
}

// Hot partitions over DynamoDB's per-partition limits, each load summed over the patterns on its
// key (model/hot_partitions.h), reported at the first pattern declaring `hot` on it: reads (every
// call reads every shard of its value, W533), and writes to a key the derivation does not shard,
// the table's or a pinned one, or past the shards it gives one key (W532).
void WarnHotPartitions(Context& c, const Model& model) {
  for (const HotPartition& h : HotPartitions(model, c.layout)) {
    const AccessPattern& p =
        model.access_patterns[static_cast<std::size_t>(h.hot_patterns.front())];
    auto others = [&](Diagnostic& d) {
      for (std::size_t k = 1; k < h.hot_patterns.size(); ++k) {
        const AccessPattern& o = model.access_patterns[static_cast<std::size_t>(h.hot_patterns[k])];
        Diagnostics::Note(d, o.hot_range,
                          fmt::format("{} declares {} of its calls on the same partition key",
                                      o.name, Percent(*o.hot_share)));
      }
    };
    if (h.rcu_per_shard_s > kPartitionReadLimit + 1e-9) {
      Diagnostic& d = c.diags.Warning(
          DiagId::kHotPartitionReads, p.hot_range,
          fmt::format("{}'s hot partition ({}) takes {} requests/s on one value, {} RCU/s{} ({}), "
                      "over DynamoDB's 3000 RCU/s per partition: write shards do not spread "
                      "reads, since a read of the value queries every shard",
                      p.name, PartitionName(h), Number(h.reads_per_s), Number(h.rcu_per_shard_s),
                      h.shards > 1 ? " on each shard" : "", DescribeParts(h, false)));
      Diagnostics::Note(d, p.hot_range,
                        "remedies: a cache such as DAX in front of these reads, or a copy of the "
                        "busiest value's items under keys of their own that readers pick at "
                        "random");
      others(d);
    }
    if (h.wcu_per_shard_s <= kPartitionWriteLimit + 1e-9) continue;
    // The design's own aggregate placement: shard 0 of a group kept in the writes' transactions
    // is the `into` item, on its key; when the value fits without those puts, they are the
    // pressure, not the read pattern.
    std::string own;
    for (const AggregateLayout& al : c.layout.aggregates) {
      if (al.maintainer != Maintainer::kTransaction) continue;
      const double without =
          PartitionWrites(model, c.layout, h.index, h.key, al.aggregate_id).wcu_per_s;
      if (h.wcu_per_s - without <= 1e-9 || without > kPartitionWriteLimit + 1e-9) continue;
      const AggregateDecl& a = model.aggregates[static_cast<std::size_t>(al.aggregate_id)];
      own = fmt::format(
          "about {} WCU/s of it are the group items of aggregate '{}', kept in the writes' "
          "transactions on '{}' items of this key{}; without them the value takes {} WCU/s, "
          "within the limit: {}",
          Number(h.wcu_per_s - without), al.name,
          model.entities[static_cast<std::size_t>(a.into)].name,
          al.shards > 1 ? fmt::format(" (shard 0 of its {} shards)", al.shards) : std::string(),
          Number(without),
          a.shards > 0 ? fmt::format("pin more 'shards' than {} on '{}', or remove the pin: the "
                                     "design sizes them with this partition's other writes",
                                     a.shards, al.name)
                       : fmt::format("its groups cannot be split over enough shards; keep '{}' "
                                     "with the table's stream or lower the rates",
                                     al.name));
      break;
    }
    const bool sharded = DerivedView(c, h);
    const PatternRoute& r = c.routes[static_cast<std::size_t>(h.hot_patterns.front())];
    Diagnostic& d = c.diags.Warning(
        DiagId::kHotPartitionWritesUnsharded, p.hot_range,
        !own.empty()
            ? fmt::format("{}'s hot partition ({}) takes {} WCU/s on one value ({}), over "
                          "DynamoDB's 1000 WCU/s per partition",
                          p.name, PartitionName(h), Number(h.wcu_per_s), DescribeParts(h, true))
        : sharded
            ? fmt::format("{}'s hot partition ({}) takes {} WCU/s on one value ({}), {} WCU/s "
                          "on each of its {} write shards, over DynamoDB's 1000 WCU/s per "
                          "partition",
                          p.name, PartitionName(h), Number(h.wcu_per_s), DescribeParts(h, true),
                          Number(h.wcu_per_shard_s), h.shards)
            : fmt::format(
                  "{}'s hot partition ({}) takes {} WCU/s on one value ({}), over "
                  "DynamoDB's 1000 WCU/s per partition, but {} is not sharded",
                  p.name, PartitionName(h), Number(h.wcu_per_s), DescribeParts(h, true),
                  r.route == Route::kTable ? "the table's key it reads" : "the key it reads"));
    if (!own.empty()) {
      Diagnostics::Note(d, p.hot_range, own);
      others(d);
      continue;
    }
    Diagnostics::Note(
        d, p.hot_range,
        sharded ? std::string("spread the value's writes over more partition key values (a "
                              "finer key) in the application, or lower the rate")
                : fmt::format("the value's writes need {} partitions: serve the pattern from an "
                              "index the design derives, which it shards (no pinned index or "
                              "keys), or spread the value's writes over several keys in the "
                              "application",
                              NeededWriteShards(h.wcu_per_s)));
    others(d);
  }
}

void SizeShards(Context& c) {
  for (auto& v : c.views) {
    if (v.user_keys) continue;  // the model's own keys, as pinned
    std::optional<int> pinned;
    std::vector<std::string> pinned_by;
    const AccessPattern* pin = nullptr;
    for (int pid : v.patterns) {
      const AccessPattern& p = c.model.access_patterns[static_cast<std::size_t>(pid)];
      if (p.shards) {
        if (!pinned || *p.shards > *pinned) pin = &p;
        pinned = std::max(pinned.value_or(1), *p.shards);
        pinned_by.push_back(p.name);
      }
    }
    if (pinned) {
      v.shards = *pinned;
      v.reasons.push_back(
          Reason{fmt::format("{} write shards, pinned in the model", *pinned), pinned_by});
      if (v.params.empty()) {
        View scratch = v;
        int need = NeededShards(c, scratch, false);
        if (need > *pinned) {
          Diagnostic& d = c.diags.Warning(
              DiagId::kTooFewShards, pin->shards_range,
              fmt::format("{} pins 'shards: {}' but the declared rates need {} shards to keep "
                          "every partition within DynamoDB's 3000 RCU/s and 1000 WCU/s",
                          pin->name, *pinned, need));
          Diagnostics::Note(d, pin->shards_range,
                            fmt::format("raise 'shards' to {}, or remove it and let the design "
                                        "size the shards",
                                        need));
        }
      }
      continue;
    }
    if (!v.params.empty()) {
      SizeHotShards(c, v);
      continue;
    }
    WarnWithoutRate(c, v);
    v.shards = NeededShards(c, v, true);
  }
}

namespace {

// Views per slot unit (entity, history), the most of any unit, that unit, and the highest pin.
struct ViewDemand {
  std::map<std::pair<EntityId, bool>, std::vector<int>> per_unit;
  std::size_t most = 0;
  std::pair<EntityId, bool> busiest{-1, false};
  int max_pinned = 0;
  int max_pinned_view = -1;  // the first view pinned to max_pinned (c.views index)
};

ViewDemand Demand(const Context& c) {
  ViewDemand d;
  for (std::size_t k = 0; k < c.views.size(); ++k) {
    const View& v = c.views[k];
    for (EntityId e : v.entities)
      d.per_unit[{e, v.history && c.entity(e).versioned}].push_back(static_cast<int>(k));
    if (v.pinned_gsi && *v.pinned_gsi > d.max_pinned) {
      d.max_pinned = *v.pinned_gsi;
      d.max_pinned_view = static_cast<int>(k);
    }
  }
  for (const auto& [unit, views] : d.per_unit) {
    if (views.size() > d.most) {
      d.most = views.size();
      d.busiest = unit;
    }
  }
  return d;
}

}  // namespace

int BaselineGsiCount(const Context& c) {
  ViewDemand d = Demand(c);
  int target = static_cast<int>((d.most + kTargetItemsPerEntity - 1) / kTargetItemsPerEntity);
  int cap = c.model.table.max_gsis.value_or(kDynamoMaxGsis);
  return std::max(std::max(1, std::min(target, cap)), d.max_pinned);
}

int MinimumGsiCount(const Context& c) { return std::max(1, Demand(c).max_pinned); }

int FacetFreeGsiCount(const Context& c) {
  ViewDemand d = Demand(c);
  int cap = c.model.table.max_gsis.value_or(kDynamoMaxGsis);
  return std::max(std::max(1, std::min(static_cast<int>(d.most), cap)), d.max_pinned);
}

namespace {

// `g_count` GSIs, raised while a view of the derivation's own finds no index among them: one whose
// reads every index so far leaves short (an inverted or natural-key index, or a projection pinned
// in the model) gets the first index beyond them that holds what they return, within max_gsis;
// without one it stays, and its reads fetch their items from the table after the Query
// (AttachTableFetches), or are E239 when the Query itself needs what the index leaves out.
int RaisedGsiCount(const Context& c, int g_count) {
  const int cap = c.model.table.max_gsis ? *c.model.table.max_gsis : kDynamoMaxGsis;
  for (const View& v : c.views) {
    if (v.user_keys || v.pinned_gsi) continue;
    auto misses = [&](int g) {
      if (c.model.table.KeyedIndex(g)) return true;  // never the derivation's views
      return std::any_of(v.patterns.begin(), v.patterns.end(), [&](int pid) {
        return !ProjectionMisses(c, c.model.access_patterns[static_cast<std::size_t>(pid)], g)
                    .empty();
      });
    };
    bool fits = false;
    for (int g = 1; g <= g_count && !fits; ++g) fits = !misses(g);
    for (int g = g_count + 1; !fits && g <= cap; ++g) {
      if (!misses(g)) {
        g_count = g;
        fits = true;
      }
    }
  }
  return g_count;
}

// Why the highest pinned index raises the GSI count: the keys the model declares on it (a view
// of pinned, natural or inverted keys: View::user_keys), or the access patterns pinned to it.
std::string PinRaises(const Context& c, const ViewDemand& d) {
  const std::string gsi = c.model.table.GsiName(d.max_pinned);
  const View& v = c.views[static_cast<std::size_t>(d.max_pinned_view)];
  if (v.user_keys) return fmt::format("; the model declares the keys of {}, which raises it", gsi);
  std::vector<std::string> names;
  for (int pid : v.patterns)
    names.push_back(
        fmt::format("'{}'", c.model.access_patterns[static_cast<std::size_t>(pid)].name));
  return fmt::format("; access pattern{} {} {} pinned to {}, which raises it",
                     names.size() == 1 ? "" : "s", Join(names, ", "),
                     names.size() == 1 ? "is" : "are", gsi);
}

// Notes why the layout has `g_count` GSIs (`baseline` by the items-per-entity rule), followed by
// the objective's notes.
void NoteGsiCount(Context& c, ViewDemand& demand, int g_count, int baseline) {
  auto& per_unit = demand.per_unit;
  std::size_t most = demand.most;
  std::pair<EntityId, bool> busiest = demand.busiest;
  int max_pinned = demand.max_pinned;
  int target = static_cast<int>((most + kTargetItemsPerEntity - 1) / kTargetItemsPerEntity);
  int cap = c.model.table.max_gsis.value_or(kDynamoMaxGsis);
  std::vector<std::string> names;
  for (int k : per_unit[busiest]) {
    for (const auto& n : PatternNames(c, c.views[static_cast<std::size_t>(k)])) names.push_back(n);
  }
  // The rule's count as the layout would have it: raised past the inverted indexes (and pinned
  // projections) as the chosen count is (RaisedGsiCount).
  const int rule = RaisedGsiCount(c, baseline);
  // The indexes keyed by the model (inverted: the table's keys swapped; natural-key: entity
  // attributes), which hold none of the derivation's own views (Table::KeyedIndex).
  std::vector<std::string> keyed;
  for (int g = 1; g <= g_count; ++g) {
    if (!c.model.table.KeyedIndex(g)) continue;
    keyed.push_back(fmt::format("{} ({})", c.model.table.GsiName(g),
                                c.model.table.InvertedIndex(g)
                                    ? "an inverted index: the table's keys swapped"
                                    : "a natural-key index: keyed on entity attributes"));
  }
  // "; GSI1 (an inverted index: the table's keys swapped) holds none of the derivation's own
  // views, so the table has 2 GSIs": why `raised` exceeds `count`.
  auto raised_text = [&](int count, int raised) -> std::string {
    if (raised <= count) return "";
    if (!keyed.empty()) {
      return fmt::format("; {} hold{} none of the derivation's own views, so the table has {} GSIs",
                         Join(keyed, ", "), keyed.size() == 1 ? "s" : "", raised);
    }
    return fmt::format(
        "; a projection pinned in the model leaves out what a view reads, so the table has {} "
        "GSIs",
        raised);
  };
  std::string text;
  if (g_count == rule) {
    text = fmt::format(
        "{} GSI{}: entity '{}' needs the most index views ({}); with at most {} items per "
        "entity (its own item and one facet) that takes ceil({}/{}) = {}",
        g_count, g_count == 1 ? "" : "s", c.entity(busiest.first).name, most, kTargetItemsPerEntity,
        most, kTargetItemsPerEntity, target);
    if (target > cap)
      text += fmt::format("; max_gsis caps it at {}, so more facets carry the rest", cap);
    if (max_pinned > target) text += PinRaises(c, demand);
    text += raised_text(std::max(std::min(target, cap), max_pinned), g_count);
  } else if (c.model.table.prefer == Preference::kLowestCost) {
    text = fmt::format(
        "{} GSIs: entity '{}' needs the most index views ({}); the rule of at most {} items "
        "per entity would take {}, but {} GSIs cost less at the declared rates (fewer facet "
        "copies to write)",
        g_count, c.entity(busiest.first).name, most, kTargetItemsPerEntity, rule, g_count);
    if (g_count < static_cast<int>(most))
      text += fmt::format("; max_gsis caps it at {}, so facets carry the rest", cap);
  } else {
    bool fewer = c.model.table.prefer == Preference::kFewerIndexes;
    text = fmt::format(
        "{} GSI{}: entity '{}' needs the most index views ({}); the rule of at most {} items "
        "per entity would take {}, but the table prefers {}: {}",
        g_count, g_count == 1 ? "" : "s", c.entity(busiest.first).name, most, kTargetItemsPerEntity,
        rule, PreferenceName(c.model.table.prefer),
        fewer ? "fewer GSIs, more facet items carry the other views"
              : "fewer write units, a GSI more instead of a facet copy");
    if (!fewer && g_count == cap && cap < static_cast<int>(most))
      text += fmt::format("; max_gsis caps it at {}, so facets carry the rest", cap);
  }
  // The entity the packing gave the most items, when that is more than the rule's.
  const SlotUnit* fullest = nullptr;
  for (const SlotUnit& u : c.units) {
    if (!fullest || u.items.size() > fullest->items.size()) fullest = &u;
  }
  if (fullest && fullest->items.size() > static_cast<std::size_t>(kTargetItemsPerEntity)) {
    const std::size_t facets = fullest->items.size() - 1;
    text += fmt::format("; entity '{}'{} has {} items: its own and {} facets",
                        c.entity(fullest->entity).name, fullest->history ? " (its history)" : "",
                        fullest->items.size(), facets);
  }
  c.layout.notes.push_back(Reason{text, names});
  for (const Reason& r : c.objective_notes) c.layout.notes.push_back(r);
}

}  // namespace

std::vector<int> GsiPlacementOrder(const Context& c) {
  std::vector<int> order(c.views.size());
  for (std::size_t k = 0; k < order.size(); ++k) order[k] = static_cast<int>(k);
  std::stable_sort(order.begin(), order.end(), [&](int a, int b) {
    const View& va = c.views[static_cast<std::size_t>(a)];
    const View& vb = c.views[static_cast<std::size_t>(b)];
    if (va.user_keys != vb.user_keys) return va.user_keys;
    if (va.pinned_gsi.has_value() != vb.pinned_gsi.has_value()) return va.pinned_gsi.has_value();
    if (va.entities.size() != vb.entities.size()) return va.entities.size() > vb.entities.size();
    return ReadRate(c, va) > ReadRate(c, vb);
  });
  return order;
}

namespace {

// Puts view `k` on the GSI (of 1..g_count, or its pin) where its entities need the fewest new
// facet items, and records it in a free slot of each entity's items, adding facets as needed.
void PlaceView(Context& c, int k, int g_count) {
  View& v = c.views[static_cast<std::size_t>(k)];
  std::vector<SlotUnit*> units;
  for (EntityId e : v.entities) units.push_back(&c.Unit(e, v.history && c.entity(e).versioned));
  auto free_item = [&](SlotUnit& u, int g) -> int {
    for (std::size_t i = 0; i < u.items.size(); ++i) {
      auto& slots = u.items[i].views_by_gsi;
      if (slots.size() < static_cast<std::size_t>(g) ||
          slots[static_cast<std::size_t>(g - 1)] < 0) {
        return static_cast<int>(i);
      }
    }
    return -1;
  };
  int best = -1;
  int best_cost = 0;
  int lo = v.pinned_gsi ? *v.pinned_gsi : 1;
  int hi = v.pinned_gsi ? *v.pinned_gsi : g_count;
  // An index whose pinned projection leaves out what the view's reads return cannot serve them
  // (BuildProjections reports a read left there): any other index is better.
  const int misses_cost = static_cast<int>(units.size()) + 1;
  for (int g = lo; g <= hi; ++g) {
    // An index keyed on the table's keys holds the items under those keys, never a view of the
    // derivation's own (no GSInPK / GSInSK to write there).
    // Nor on one keyed on entity attributes (a natural-key index): nothing is written for it.
    if (!v.user_keys && c.model.table.KeyedIndex(g)) continue;
    int cost = 0;
    for (SlotUnit* u : units) cost += free_item(*u, g) < 0 ? 1 : 0;
    bool misses = std::any_of(v.patterns.begin(), v.patterns.end(), [&](int pid) {
      return !ProjectionMisses(c, c.model.access_patterns[static_cast<std::size_t>(pid)], g)
                  .empty();
    });
    if (misses) cost += misses_cost;
    if (best < 0 || cost < best_cost) {
      best = g;
      best_cost = cost;
    }
  }
  if (best < 0) {
    // Only inverted or natural-key indexes within reach (PackIndexes raises the count past them
    // up to max_gsis): the view has nowhere to go.
    std::vector<std::string> keyed;
    for (int g = lo; g <= hi; ++g) {
      const DeclaredIndex* d = c.model.table.FindIndex(g);
      if (d == nullptr || !c.model.table.KeyedIndex(g)) continue;
      keyed.push_back(d->Natural()
                          ? fmt::format("{} on the attribute{} {} (a natural-key index)",
                                        c.model.table.GsiName(g), d->sort_key.empty() ? "" : "s",
                                        model::keys::KeyPairText(d->partition_key, d->sort_key))
                          : fmt::format("{} on the table's {} (an inverted index)",
                                        c.model.table.GsiName(g),
                                        model::keys::KeyPairText(d->partition_key, d->sort_key)));
    }
    for (int id : v.patterns) {
      const AccessPattern& p = c.model.access_patterns[static_cast<std::size_t>(id)];
      c.diags.Error(DiagId::kNoIndexBesideInverted, p.range,
                    fmt::format("access pattern '{}' needs an index of the derivation's own, but "
                                "every index the table may have ({} to {}) is declared keyed on "
                                "keys the derivation writes nothing for: {}; raise max_gsis or pin "
                                "keys that serve it",
                                p.name, c.model.table.GsiName(lo), c.model.table.GsiName(hi),
                                fmt::join(keyed, ", ")));
    }
    c.failed = true;
    return;
  }
  v.gsi = best;
  for (SlotUnit* u : units) {
    int i = free_item(*u, best);
    if (i < 0) {
      SlotItem facet;
      NameFacet(c, *u, v, &facet);
      u->items.push_back(facet);
      i = static_cast<int>(u->items.size()) - 1;
    }
    auto& slots = u->items[static_cast<std::size_t>(i)].views_by_gsi;
    if (slots.size() < static_cast<std::size_t>(best))
      slots.resize(static_cast<std::size_t>(best), -1);
    slots[static_cast<std::size_t>(best - 1)] = k;
  }
}

// Reports a pinned index that would leave empty indexes below it; false if there is one.
bool CheckPinsLeaveNoGaps(Context& c, int g_count, int max_pinned) {
  std::vector<bool> used(static_cast<std::size_t>(g_count) + 1, false);
  for (const View& v : c.views) used[static_cast<std::size_t>(v.gsi)] = true;
  int first_free = 0;
  for (int g = 1; g < max_pinned && first_free == 0; ++g) {
    if (!used[static_cast<std::size_t>(g)]) first_free = g;
  }
  if (first_free > 0) {
    int empty = 0;
    for (int g = 1; g <= g_count; ++g) empty += used[static_cast<std::size_t>(g)] ? 0 : 1;
    const Table& t = c.model.table;
    // An inverted index holds every entity's items by the table's own declaration, not by any
    // entity's pin: the gap is the table's `indexes` entries, reported once there. When the
    // empty index is itself declared (its pinned projection serves none of the reads), removing
    // that entry lets the derivation use it; otherwise the inverted index takes its number.
    bool reported_declared = false;
    for (const DeclaredIndex& d : t.indexes) {
      if ((!d.Inverted() && !d.Natural()) || d.index <= first_free) continue;
      const std::string kind =
          d.Inverted() ? "the inverted index" : "the index keyed on '" + d.partition_key + "'";
      const DeclaredIndex* hole = t.FindIndex(first_free);
      if (hole != nullptr) {
        if (reported_declared) continue;
        reported_declared = true;
        c.diags.Error(
            DiagId::kPinnedIndexKeysLeaveGaps, hole->range,
            fmt::format("index '{}' is declared, but no read the derivation places is on it (a "
                        "pinned projection leaves out what they return) while {} '{}' is "
                        "above it: the table would have {} indexes, {} of them empty ({} is the "
                        "first); remove the '{}' entry, or declare {} as {}",
                        t.GsiName(first_free), kind, t.GsiName(d.index), g_count, empty,
                        t.GsiName(first_free), t.GsiName(first_free), kind, t.GsiName(first_free)));
        continue;
      }
      c.diags.Error(
          DiagId::kPinnedIndexKeysLeaveGaps, d.range,
          fmt::format("{} '{}' would make the table have {} indexes, {} of them empty "
                      "({} is the first); declare it as {}, the next free index",
                      d.Inverted() ? "inverted index" : kind.substr(4), t.GsiName(d.index), g_count,
                      empty, t.GsiName(first_free), t.GsiName(first_free)));
    }
    for (const View& v : c.views) {
      if (!v.pinned_gsi || *v.pinned_gsi <= first_free) continue;
      if (v.user_keys && t.KeyedIndex(*v.pinned_gsi)) continue;  // reported above
      if (v.user_keys) {
        const std::string& index = c.model.table.GsiName(*v.pinned_gsi);
        c.diags.Error(
            DiagId::kPinnedIndexKeysLeaveGaps, v.user_range,
            fmt::format("entity '{}' pins keys on index '{}', which would make the "
                        "table have {} indexes, {} of them empty ({} is the first); pin "
                        "them on {}, the next free index",
                        c.entity(v.entities[0]).name, index, g_count, empty,
                        c.model.table.GsiName(first_free), c.model.table.GsiName(first_free)));
        continue;
      }
      for (int id : v.patterns) {
        const AccessPattern& p = c.model.access_patterns[static_cast<std::size_t>(id)];
        c.diags.Error(
            DiagId::kPinnedIndexLeavesGaps, p.range,
            fmt::format("access pattern '{}' pins index '{}', which would make the table "
                        "have {} indexes, {} of them empty ({} is the first); pin {}, the "
                        "next free index, or remove 'index'",
                        p.name, c.model.table.GsiName(*v.pinned_gsi), g_count, empty,
                        c.model.table.GsiName(first_free), c.model.table.GsiName(first_free)));
      }
    }
    c.failed = true;
    return false;
  }
  return true;
}

// Appends the table's GSIs 1..g_count to the layout, each with the views it serves as reasons.
void AddIndexLayouts(Context& c, int g_count) {
  for (int g = 1; g <= g_count; ++g) {
    IndexLayout index;
    index.number = g;
    index.name = c.model.table.GsiName(g);
    index.partition_key = c.model.table.GsiPartitionKey(g);
    index.sort_key = c.model.table.GsiSortKey(g);
    if (const DeclaredIndex* d = c.model.table.FindIndex(g); d != nullptr && d->Inverted()) {
      index.partition_key = d->partition_key;
      index.sort_key = d->sort_key;
    } else if (d != nullptr && d->Natural()) {
      // Keyed on the entities' own attributes, typed as they are (S, N or B).
      index.partition_key = d->partition_key;
      index.sort_key = d->sort_key;
      index.natural = true;
      index.partition_key_type = d->partition_key_type;
      index.sort_key_type = d->sort_key_type;
    }
    for (std::size_t k = 0; k < c.views.size(); ++k) {
      const View& v = c.views[k];
      if (v.gsi != g) continue;
      std::vector<std::string> entities;
      for (EntityId e : v.entities) entities.push_back(c.entity(e).name);
      std::string text = fmt::format("partition {} for {}", ViewPartitionKey(c, v).ToString(),
                                     Join(entities, ", "));
      if (!v.filters.empty()) {
        std::vector<std::string> conds;
        for (const auto& f : v.filters)
          conds.push_back(fmt::format("{} = {}", f.attribute, f.value));
        text += fmt::format(", sparse: only items with {}", Join(conds, " and "));
      }
      if (v.user_keys && c.model.table.NaturalIndex(g)) {
        text = fmt::format(
            "keys {}{} for {}: the attribute values themselves (a natural-key "
            "index)",
            ViewPartitionKey(c, v).ToString(),
            v.user_sk.empty() ? std::string() : " / " + ViewSortKey(c, v, v.entities[0]).ToString(),
            Join(entities, ", "));
      } else if (v.user_keys && c.model.table.InvertedIndex(g)) {
        text = fmt::format("keys {} / {} for {}: its table keys swapped (an inverted index)",
                           ViewPartitionKey(c, v).ToString(),
                           ViewSortKey(c, v, v.entities[0]).ToString(), Join(entities, ", "));
      } else if (v.user_keys) {
        text = fmt::format("keys {} / {} for {}, pinned in the model",
                           ViewPartitionKey(c, v).ToString(),
                           ViewSortKey(c, v, v.entities[0]).ToString(), Join(entities, ", "));
      } else if (v.pinned_gsi) {
        text += ", pinned";
      }
      index.reasons.push_back(Reason{text, PatternNames(c, v)});
    }
    c.layout.indexes.push_back(index);
  }
}

}  // namespace

void PackIndexes(Context& c) {
  if (c.views.empty()) {
    // No index: the objective's notes (a layout variant that made indexes unnecessary) stay.
    for (const Reason& r : c.objective_notes) c.layout.notes.push_back(r);
    return;
  }
  ViewDemand demand = Demand(c);
  int max_pinned = demand.max_pinned;
  int baseline = BaselineGsiCount(c);
  int g_count = RaisedGsiCount(c, c.chosen_gsis > 0 ? c.chosen_gsis : baseline);
  c.gsi_count = g_count;
  std::vector<int> order =
      c.placement_order.size() == c.views.size() ? c.placement_order : GsiPlacementOrder(c);
  // Pinned index keys go on the entity's own item first: the slots they take are the model's.
  std::stable_partition(order.begin(), order.end(),
                        [&](int k) { return c.views[static_cast<std::size_t>(k)].user_keys; });
  for (int k : order) PlaceView(c, k, g_count);
  // After the packing: the note says how many items the entities took.
  NoteGsiCount(c, demand, g_count, baseline);
  if (!CheckPinsLeaveNoGaps(c, g_count, max_pinned)) return;
  LabelViewsApartOnIndexes(c);
  AddIndexLayouts(c, g_count);
}

}  // namespace model::derive
