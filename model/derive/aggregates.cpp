// Who keeps each declared aggregate (KeyLayout::aggregates): the table's stream or the writes'
// own transactions, from the declared consistency, the stream and the write rates; and, for the
// transactions, over how many items (shards) each group's values are split.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <optional>
#include <set>

#include "model/aggregate_rules.h"
#include "model/base/casing.h"
#include "model/check_report.h"
#include "model/cost.h"
#include "model/derive/internal.h"
#include "model/hot_partitions.h"

namespace model::derive {

namespace {

// Whether write pattern `w` can change a value of aggregate `a`: a create or delete of `of`, or
// an update listing a group or value source (or listing nothing: any attribute).
bool Changes(const WritePattern& w, const AggregateDecl& a, const Entity& of) {
  if (w.entity != a.of) return false;
  if (w.kind != WriteKind::kUpdate || w.attributes.empty()) return true;
  auto listed = [&](AttrId id) {
    if (id < 0) return false;
    const std::string& name = of.attributes[static_cast<std::size_t>(id)].name;
    return std::find(w.attributes.begin(), w.attributes.end(), name) != w.attributes.end();
  };
  for (const GroupPart& g : a.group) {
    if (listed(g.source)) return true;
  }
  // A filtered attribute moves the item into or out of its group, as a group attribute does.
  for (const FixedFilter& f : a.filters) {
    if (listed(of.FindAttribute(f.attribute))) return true;
  }
  for (const AggregateValue& v : a.values) {
    if (listed(v.source) || listed(v.by)) return true;
  }
  return false;
}

// What on the server selects or orders `into`'s items by a value of `a`, in words ("GSI1 keys
// 'Game' items by 'plays'", "access pattern 'unplayed' filters 'Game' items on 'plays'"), or ""
// when nothing does: an index key or sparse-index condition on the value, a facet copying it, or
// an access pattern's filter on it (a FilterExpression, or the condition of the sparse index
// serving it). Such a use needs the whole value stored on the item: neither a shard's part nor
// a value computed only after reading will do.
std::string ValueUse(const Context& c, const AggregateDecl& a, const Entity& into) {
  std::vector<std::string> values;
  for (const AggregateValue& v : a.values)
    values.push_back(into.attributes[static_cast<std::size_t>(v.target)].name);
  auto is_value = [&](const std::string& name) {
    return std::find(values.begin(), values.end(), name) != values.end();
  };
  for (int t : c.layout.ItemTypesOf(a.into)) {
    const ItemType& type = c.layout.item_types[static_cast<std::size_t>(t)];
    if (type.role == ItemRole::kFacet) {
      // A facet's copy of a value would be one shard's part (the maintainer writes the facets
      // with shard 0), which no reader could tell from the whole.
      for (const std::string& attr : type.attributes) {
        if (is_value(attr))
          return fmt::format("'{}' copies '{}' onto another item of the group", type.name, attr);
      }
    }
    for (const IndexKeys& k : type.index_keys) {
      for (const std::string& attr : k.partition_key.Attributes()) {
        if (is_value(attr))
          return fmt::format("GSI{} keys '{}' items by '{}'", k.index, into.name, attr);
      }
      for (const std::string& attr : k.sort_key.Attributes()) {
        if (is_value(attr))
          return fmt::format("GSI{} sorts '{}' items by '{}'", k.index, into.name, attr);
      }
    }
  }
  for (const AccessPattern& p : c.model.access_patterns) {
    if (std::find(p.returns.begin(), p.returns.end(), a.into) == p.returns.end()) continue;
    for (const FixedFilter& f : p.filters) {
      if (is_value(f.attribute))
        return fmt::format("access pattern '{}' filters '{}' items on '{}'", p.name, into.name,
                           f.attribute);
    }
  }
  for (int t : c.layout.ItemTypesOf(a.into)) {
    const ItemType& type = c.layout.item_types[static_cast<std::size_t>(t)];
    for (const IndexKeys& k : type.index_keys) {
      for (const SparseCondition& cond : k.only_when) {
        if (is_value(cond.attribute))
          return fmt::format("GSI{} holds only the '{}' items whose '{}' is {}", k.index, into.name,
                             cond.attribute, cond.value);
      }
    }
  }
  for (const ReadPlan& plan : c.layout.reads) {
    bool reads_into = std::any_of(plan.item_types.begin(), plan.item_types.end(), [&](int t) {
      return c.layout.item_types[static_cast<std::size_t>(t)].entity == a.into;
    });
    if (!reads_into) continue;
    for (const SparseCondition& f : plan.filter) {
      if (is_value(f.attribute))
        return fmt::format("access pattern '{}' filters '{}' items on '{}'", plan.pattern,
                           into.name, f.attribute);
    }
  }
  return "";
}

// Why the values of `a` cannot be split over shards, or "" when they can: a shard holds part of
// the values, so nothing may select or order `into`'s items by a value on the server
// (ValueUse); the reader combines the shards only after reading.
std::string ShardBlocker(const Context& c, const AggregateDecl& a, const Entity& into) {
  std::string use = ValueUse(c, a, into);
  return use.empty() ? use : use + ", and each shard holds only part of the value";
}

// A rate or unit figure for the reasons: whole from 100 up, else three significant digits
// ("2520", "630", "0.021").
std::string Figure(double d) {
  return d >= 100 ? fmt::format("{:.0f}", d) : fmt::format("{:.3g}", d);
}

// The busiest group of an aggregate: the share of the writes changing it (AggregateLayout::
// writes_per_s) that land on one group, which its write shards are sized by, as the design sizes
// a hot partition's write shards (model/hot_partitions.h) rather than for every write on
// one group. A pattern declaring a hot partition (`hot: { share }`) keyed by the group (it
// returns `of` by some of the group's plain source attributes, or `into` by some of its
// identifier attributes: the busiest value takes `share` of the writes to the items it returns)
// gives the share; the largest of several wins. Otherwise the writes spread evenly over the
// groups taking them at once: the values the plain group source attributes take (model/cost.h
// DistinctValues: a relationship's parent count, `distinct`, an enum, `into`'s count, else
// √count), while a time bucket takes none (every write lands in the current day, month, quarter
// or year), so a group made of buckets alone takes every write.
struct BusiestGroup {
  double share = 1;
  std::string why;                    // in words, for the reasons
  std::vector<std::string> patterns;  // the hot pattern that declared it
};

BusiestGroup BusiestGroupOf(const Context& c, const AggregateDecl& a) {
  const Entity& of = c.entity(a.of);
  const Entity& into = c.entity(a.into);
  std::vector<std::string> plain_sources, targets;
  std::vector<std::string> buckets;
  for (const GroupPart& g : a.group) {
    const std::string& source = of.attributes[static_cast<std::size_t>(g.source)].name;
    targets.push_back(into.attributes[static_cast<std::size_t>(g.target)].name);
    if (g.bucket == TimeBucket::kNone)
      plain_sources.push_back(source);
    else
      buckets.push_back(fmt::format("{} of '{}'", TimeBucketName(g.bucket), source));
  }
  auto among = [](const std::vector<std::string>& params, const std::vector<std::string>& set) {
    return !params.empty() && std::all_of(params.begin(), params.end(), [&](const std::string& p) {
      return std::find(set.begin(), set.end(), p) != set.end();
    });
  };
  BusiestGroup out;
  const AccessPattern* hottest = nullptr;
  for (const AccessPattern& p : c.model.access_patterns) {
    if (!p.hot_share) continue;
    auto returns = [&](EntityId e) {
      return std::find(p.returns.begin(), p.returns.end(), e) != p.returns.end();
    };
    bool keyed = (returns(a.of) && among(p.params, plain_sources)) ||
                 (returns(a.into) && among(p.params, targets));
    if (keyed && (!hottest || *p.hot_share > *hottest->hot_share)) hottest = &p;
  }
  if (hottest) {
    out.share = *hottest->hot_share;
    out.why = fmt::format(
        "'{}' declares a hot partition, 'hot: {{ share: {:g} }}': its busiest {} takes {:g}% of "
        "the writes",
        hottest->name, out.share, fmt::join(hottest->params, ", "), out.share * 100);
    out.patterns = {hottest->name};
    return out;
  }
  const std::string bucket_text =
      buckets.empty()
          ? std::string()
          : fmt::format("; the {} takes no part, every write landing in the current one",
                        fmt::join(buckets, " and "));
  if (plain_sources.empty()) {
    out.why = fmt::format(
        "every write lands on the current group: its only group attribute is "
        "the {} (no declared hot partition)",
        fmt::join(buckets, " and "));
    return out;
  }
  std::string assumption;
  const double groups = DistinctValues(
      c.model, c.layout.item_types[static_cast<std::size_t>(c.layout.ItemTypesOf(a.of).front())],
      plain_sources, &assumption);
  out.share = 1 / groups;
  out.why = fmt::format(
      "the writes spread evenly over about {:.0f} groups, the values '{}' of '{}' take{}{}{}; no "
      "declared hot partition ('hot: {{ share }}' on a pattern reading '{}' or '{}' by them says "
      "one group takes more)",
      groups, fmt::join(plain_sources, "', '"), of.name, plain_sources.size() == 1 ? "s" : "",
      bucket_text, assumption.empty() ? std::string() : "; " + assumption, of.name, into.name);
  return out;
}

// Writes per second that can land on the busiest group of `a` (BusiestGroupOf).
double BusiestGroupWrites(const Context& c, const AggregateDecl& a, const AggregateLayout& out) {
  return out.writes_per_s * BusiestGroupOf(c, a).share;
}

// The other writes on a partition shard 0 of a group of `out` lives on: shard 0 is the `into`
// item itself (keys::ShardOf: the shards 1..N-1 have keys of their own), so its puts land on the
// `into` item's table key and index keys (AggregateFigures::group_key_units) beside every other
// write there, at the busy value's share (model/hot_partitions.h PartitionWrites, as the hot
// partition warnings W532 and W537 sum them). DynamoDB's 1,000 WCU/s is per partition, not per
// item
// (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/bp-partition-key-design.html).
struct Neighbours {
  int index = 0;
  std::string key;       // the partition key template, "ROOM#{roomId}"
  std::string name;      // "table: ROOM#{roomId}"
  double wcu_per_s = 0;  // the other writes' units on the busy value
  std::string parts;     // "sendMessage 20% of writes, deleteMessage 20% of writes"
};

std::vector<Neighbours> NeighboursOf(const Context& c, const AggregateLayout& out) {
  AggregateLayout k = out;
  k.maintainer = Maintainer::kTransaction;
  k.shards = 1;
  // The writes changing it become transactions (KeepInTransactions), whether or not it is yet.
  const AggregateDecl& a = c.model.aggregates[static_cast<std::size_t>(out.aggregate_id)];
  std::vector<int> writers;
  for (std::size_t w = 0; w < c.model.write_patterns.size(); ++w)
    if (Changes(c.model.write_patterns[w], a, c.entity(a.of)))
      writers.push_back(static_cast<int>(w));
  std::vector<Neighbours> all;
  for (const AggregateFigures::GroupKeyUnits& g :
       EstimateAggregate(c.model, c.layout, k).group_key_units) {
    HotPartition h =
        PartitionWrites(c.model, c.layout, g.index, g.key.ToString(), out.aggregate_id, writers);
    if (h.wcu_per_s <= 0) continue;
    all.push_back({g.index, h.key, PartitionName(h), h.wcu_per_s, DescribeParts(h, true)});
  }
  return all;
}

// The units shard 0 of `out`'s busiest group takes per second with its groups split over `n`
// (`writes` on the busiest group, each putting the item's key units at the transaction's factor,
// on shard 0 for 1/n of them) and the other writes on the busiest of its partitions (`worst`);
// 0 when no other write shares them.
double ShardZeroUnits(const Context& c, const AggregateLayout& out,
                      const std::vector<Neighbours>& neighbours, double writes, int n,
                      const Neighbours** worst = nullptr) {
  if (neighbours.empty()) return 0;
  AggregateLayout k = out;
  k.maintainer = Maintainer::kTransaction;
  k.shards = n;
  double most = 0;
  for (const AggregateFigures::GroupKeyUnits& g :
       EstimateAggregate(c.model, c.layout, k).group_key_units) {
    for (const Neighbours& nb : neighbours) {
      if (nb.index != g.index || nb.key != g.key.ToString()) continue;
      const double units = writes * g.units * kTransactionFactor / n + nb.wcu_per_s;
      if (units > most) {
        most = units;
        if (worst) *worst = &nb;
      }
    }
  }
  return most;
}

// The fewest shards whose per-shard write units, were the writes' transactions to keep `out`,
// fit one partition's 1,000 WCU/s
// (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/bp-partition-key-design.html)
// at the busiest group's writes (BusiestGroupOf): every shard is a partition key of its own, a
// write lands on one shard, and each shard item holds its share of the group's state
// (EstimateAggregate), so its puts shrink as the shards grow; shard 0, the `into` item, with the
// other writes on its partitions too (NeighboursOf: unless those alone pass the limit, which no
// number of shards mends and the hot partition warnings report); and so that each shard item,
// holding its share of the group's growing state, stays within DynamoDB's 400 KB item limit
// (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/ServiceQuotas.html). At most
// kMaxAggregateShards.
int ShardsNeeded(const Context& c, const AggregateLayout& out) {
  AggregateLayout k = out;
  k.maintainer = Maintainer::kTransaction;
  const double writes =
      BusiestGroupWrites(c, c.model.aggregates[static_cast<std::size_t>(out.aggregate_id)], out);
  std::vector<Neighbours> neighbours = NeighboursOf(c, out);
  neighbours.erase(
      std::remove_if(neighbours.begin(), neighbours.end(),
                     [](const Neighbours& nb) { return nb.wcu_per_s >= kPartitionWriteLimit; }),
      neighbours.end());
  auto over = [&](int n) {
    k.shards = n;
    AggregateFigures f = EstimateAggregate(c.model, c.layout, k);
    return writes * f.wcu_per_group * kTransactionFactor / n > kPartitionWriteLimit ||
           ShardZeroUnits(c, out, neighbours, writes, n) > kPartitionWriteLimit ||
           (f.state_grows && f.group_item_bytes > kMaxItemBytes);
  };
  int needed = 1;
  while (needed < kMaxAggregateShards && over(needed)) ++needed;
  return needed;
}

// ", shard 0 about 987 with the other writes on its partition", or "" (ShardZeroText).
std::string ShardZeroShort(const Context& c, const AggregateDecl& a, const AggregateLayout& out,
                           int n) {
  const Neighbours* worst = nullptr;
  const double units =
      ShardZeroUnits(c, out, NeighboursOf(c, out), BusiestGroupWrites(c, a, out), n, &worst);
  if (!worst) return "";
  return fmt::format(", shard 0 about {:.0f} with the other writes on its partition", units);
}

// "; shard 0 is the 'Room' item itself, in table: ROOM#{roomId}, where other writes put about
// 160 WCU/s on the busiest value (sendMessage 20% of writes), so it takes about 860 WCU/s", or ""
// when no other write lands where shard 0 lives.
std::string ShardZeroText(const Context& c, const AggregateDecl& a, const AggregateLayout& out,
                          int n) {
  const std::vector<Neighbours> neighbours = NeighboursOf(c, out);
  const Neighbours* worst = nullptr;
  const double units = ShardZeroUnits(c, out, neighbours, BusiestGroupWrites(c, a, out), n, &worst);
  if (!worst) return "";
  return fmt::format(
      "; {} '{}' item itself, in partition {}, where other writes put about {:.0f} WCU/s on the "
      "busiest value ({}), so it takes about {:.0f} WCU/s",
      n > 1 ? "shard 0 is the" : "it is the", c.entity(a.into).name, worst->name, worst->wcu_per_s,
      worst->parts, units);
}

// The shards the writes' transactions would split each group of `a` over: the pin, else
// ShardsNeeded; 1 when a value may not be split (ShardBlocker).
int TransactionShards(const Context& c, const AggregateDecl& a, const AggregateLayout& out) {
  if (!ShardBlocker(c, a, c.entity(a.into)).empty()) return 1;
  if (a.shards > 0) return a.shards;
  return ShardsNeeded(c, out);
}

// The access pattern whose plan reads the `of` items of one group of `a` when its values are
// computed at read time (AggregateLayout::collection_pattern), or -1 with `why` saying what is
// missing. It returns `of` alone, takes only plain (unbucketed) group attributes, has no range,
// filter, limit or aggregate, is not a Scan, and every item type it returns carries the group's
// and the values' source attributes (an index projecting fewer would lose them); with
// `consistent`, it reads the table with a Query or GetItem (a GSI read is eventually consistent:
// https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/GSI.html). The one taking the
// most group attributes wins, then the first declared.
int CollectionPattern(const Context& c, const AggregateDecl& a, bool consistent, std::string& why) {
  const Entity& of = c.entity(a.of);
  std::vector<std::string> plain, needed;
  for (const GroupPart& g : a.group) {
    const std::string& name = of.attributes[static_cast<std::size_t>(g.source)].name;
    if (g.bucket == TimeBucket::kNone) plain.push_back(name);
    needed.push_back(name);
  }
  // The filter is applied to the items read (exec/read_time.cpp): they must carry its attributes.
  for (const FixedFilter& f : a.filters) needed.push_back(f.attribute);
  for (const AggregateValue& v : a.values) {
    if (v.source >= 0) needed.push_back(of.attributes[static_cast<std::size_t>(v.source)].name);
    if (v.by >= 0) needed.push_back(of.attributes[static_cast<std::size_t>(v.by)].name);
    // A latest item's tie is broken by the identifier (exec/aggregates.h).
    if (v.function == AggregateFunction::kLatest) {
      for (AttrId id : of.identifier)
        needed.push_back(of.attributes[static_cast<std::size_t>(id)].name);
    }
  }
  auto has = [](const std::vector<std::string>& list, const std::string& name) {
    return std::find(list.begin(), list.end(), name) != list.end();
  };
  int best = -1;
  std::size_t best_params = 0;
  std::string rejected;
  for (std::size_t i = 0; i < c.model.access_patterns.size(); ++i) {
    const AccessPattern& p = c.model.access_patterns[i];
    if (p.returns != std::vector<EntityId>{a.of} || p.range_condition || !p.filters.empty() ||
        p.limit || p.aggregate)
      continue;
    if (!std::all_of(p.params.begin(), p.params.end(),
                     [&](const std::string& prm) { return has(plain, prm); }))
      continue;
    const ReadPlan& plan = c.layout.reads[i];
    std::string problem;
    if (plan.operation == Operation::kScan || plan.operation == Operation::kBatchGetItem) {
      problem = fmt::format("'{}' is a {}", p.name, OperationName(plan.operation));
    } else if (consistent && (plan.index != 0 || plan.operation == Operation::kFanOutQuery)) {
      problem = fmt::format("'{}' reads {}, which cannot be strongly consistent", p.name,
                            plan.index != 0 ? c.layout.IndexName(plan.index) : "several shards");
    }
    for (int t : plan.item_types) {
      if (!problem.empty()) break;
      const ItemType& type = c.layout.item_types[static_cast<std::size_t>(t)];
      const IndexLayout* index =
          plan.index > 0 ? &c.layout.indexes[static_cast<std::size_t>(plan.index - 1)] : nullptr;
      for (const std::string& name : needed) {
        bool projected =
            !index || index->projection == Projection::kAll ||
            (index->projection == Projection::kInclude && has(index->projected_attributes, name));
        if (!has(type.attributes, name) || !projected) {
          problem = fmt::format("'{}' returns '{}' items without '{}'", p.name, type.name, name);
          break;
        }
      }
    }
    if (!problem.empty()) {
      if (rejected.empty()) rejected = problem;
      continue;
    }
    if (best < 0 || p.params.size() > best_params) {
      best = static_cast<int>(i);
      best_params = p.params.size();
    }
  }
  if (best < 0) {
    why = rejected.empty()
              ? fmt::format(
                    "no access pattern reads the '{}' items of one group (returns: {}, "
                    "by: [{}], no range, filter or limit)",
                    of.name, of.name, fmt::join(plain, ", "))
              : rejected;
  }
  return best;
}

// Why the values of `a` cannot be computed at read time, or "" when they can (then
// `*collection` is the collection pattern). Reads compute them on the `into` items they return,
// so those items must exist without the aggregate (the application makes them, or they hold
// attributes no aggregate writes), nothing may select or order them by a value on the server,
// and the read of a group must not itself depend on a computed value (no chains).
std::string ReadTimeBlocker(const Context& c, const AggregateDecl& a, const Entity& into,
                            bool consistent, int* collection) {
  // A joined count remembers the items that left the group; a read finds only those in it (a
  // pin of read time is the loader's E441).
  for (const AggregateValue& v : a.values) {
    if (v.function == AggregateFunction::kJoined)
      return fmt::format(
          "'{}' counts the items that ever joined a group, and a read finds only "
          "those still in it",
          into.attributes[static_cast<std::size_t>(v.target)].name);
  }
  if (!ApplicationMakesItems(c.model, a.into) && !AttributeAggregatesLeaveOut(c.model, a.into))
    return fmt::format(
        "nothing but the aggregate makes '{}' items, so a read would find none to complete "
        "(computing it at read time is an access pattern's 'aggregate:')",
        into.name);
  for (const AggregateDecl& other : c.model.aggregates) {
    if (&other == &a) continue;
    if (other.into == a.of)
      return fmt::format("'{}' is where aggregate '{}' keeps its values", c.entity(a.of).name,
                         other.name);
    if (other.of == a.into)
      return fmt::format("aggregate '{}' aggregates '{}' items", other.name, into.name);
  }
  if (!c.entity(a.of).ttl.empty())
    // Reads leave out expired items at once, while DynamoDB keeps them (and a kept aggregate
    // counts them) until its TTL process deletes them, typically within a few days
    // (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/howitworks-ttl.html):
    // the two answers would differ for days.
    return fmt::format(
        "'{}' expires by Time to Live, and a read leaves out expired items "
        "that DynamoDB still holds and counts until it deletes them",
        c.entity(a.of).name);
  // The server selects or orders items by what they store; a value computed at read time is
  // never stored.
  if (std::string use = ValueUse(c, a, into); !use.empty())
    return use +
           ", which needs the value stored on the item, and a value computed at read time "
           "is not stored";
  std::string why;
  *collection = CollectionPattern(c, a, consistent, why);
  return why;
}

// Whether the caller of `plan` gets one of `a`'s values from the `into` items it returns: the
// items whole (no projection), a projection naming a value, or a client-side sort by one or sum
// of one. A read that counts its items or sums another attribute, or projects none of the
// values, needs none of them: its ProjectionExpression leaves them out (DynamoDB returns only
// the attributes it names:
// https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Expressions.ProjectionExpressions.html).
bool NeedsValues(const Context& c, const ReadPlan& plan, const AggregateDecl& a) {
  const Entity& into = c.entity(a.into);
  auto is_value = [&](const std::string& name) {
    return std::any_of(a.values.begin(), a.values.end(), [&](const AggregateValue& v) {
      return into.attributes[static_cast<std::size_t>(v.target)].name == name;
    });
  };
  bool aggregates = false;
  for (const ClientStep& s : plan.client_steps) {
    if (s.kind == ClientStepKind::kSort && is_value(s.attribute)) return true;
    if (s.kind != ClientStepKind::kAggregate) continue;
    aggregates = true;
    if (s.aggregate == AggregateKind::kSum && is_value(s.attribute)) return true;
  }
  if (aggregates) return false;  // a count, or a sum of another attribute: no item returned
  // The projection of the items returned: a second step's own (a follows read's first step
  // projects the link), else the read's.
  const std::vector<std::string>& projection =
      plan.follow_up ? plan.follow_up->projection : plan.projection;
  return projection.empty() || std::any_of(projection.begin(), projection.end(), is_value);
}

// The read plans returning `into`'s items (main item or facet) of aggregate `a` whose caller
// gets one of its values (NeedsValues).
std::vector<int> ReadsOfInto(const Context& c, const AggregateDecl& a) {
  std::vector<int> out;
  for (std::size_t r = 0; r < c.layout.reads.size(); ++r) {
    // A read returning `into` by a second step (a follows read, a fetch) counts too.
    const std::vector<int> types = ReturnedItemTypes(c.layout.reads[r]);
    if (std::any_of(types.begin(), types.end(),
                    [&](int t) {
                      const ItemType& type = c.layout.item_types[static_cast<std::size_t>(t)];
                      return type.entity == a.into &&
                             (type.role == ItemRole::kEntity || type.role == ItemRole::kFacet);
                    }) &&
        NeedsValues(c, c.layout.reads[r], a))
      out.push_back(static_cast<int>(r));
  }
  return out;
}

// A write pattern whose TransactWriteItems would pass DynamoDB's 100 actions
// (kMaxTransactionActions) if it kept aggregate `a` too.
struct Overfull {
  std::string pattern;
  int actions = 0;     // what one call would send (TransactionActions)
  int aggregates = 0;  // the aggregates it would keep, `a` included
};

// The write pattern changing `a` whose transaction would send the most actions with `a` kept in
// it, beside the aggregates already kept there (declaration order: earlier aggregates are
// planned first), with the shards SizeGroupShards would give `a` (the pin, else what the rates
// need when the groups can be split); nullopt when every one stays within 100 actions.
std::optional<Overfull> OverfullTransaction(Context& c, const AggregateDecl& a,
                                            const AggregateLayout& out) {
  AggregateLayout kept = out;
  kept.maintainer = Maintainer::kTransaction;
  kept.shards = a.shards > 0                                   ? a.shards
                : ShardBlocker(c, a, c.entity(a.into)).empty() ? ShardsNeeded(c, kept)
                                                               : 1;
  const int id = static_cast<int>(c.layout.aggregates.size());
  c.layout.aggregates.push_back(kept);
  std::optional<Overfull> worst;
  const Entity& of = c.entity(a.of);
  for (std::size_t w = 0; w < c.model.write_patterns.size(); ++w) {
    if (!Changes(c.model.write_patterns[w], a, of)) continue;
    WritePlan plan = c.layout.writes[w];
    plan.aggregates.push_back(id);
    plan.transaction = true;
    int actions = TransactionActions(c.model, c.layout, plan);
    if (actions > kMaxTransactionActions && (!worst || actions > worst->actions))
      worst = Overfull{plan.pattern, actions, static_cast<int>(plan.aggregates.size())};
  }
  c.layout.aggregates.pop_back();
  return worst;
}

// "write pattern 'moveVote' would send 111 actions in one TransactWriteItems (its items and the
// group items of the 55 aggregates it would keep), over DynamoDB's 100"; with `cite`, the AWS
// page of the limit after it.
std::string OverfullText(const Overfull& o, bool cite = false) {
  return fmt::format(
      "write pattern '{}' would send {} actions in one TransactWriteItems (its items and the "
      "group items of the {} aggregate{} it would keep), over DynamoDB's {}{}",
      o.pattern, o.actions, o.aggregates, o.aggregates == 1 ? "" : "s", kMaxTransactionActions,
      cite ? " (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/"
             "transaction-apis.html)"
           : "");
}

// The two ways a stream consumer can keep its marks (layout.h SeenMarks), priced for `candidate`
// (a stream-kept aggregate not yet in the layout): the write units of one group update and the
// group item's bytes with each, and the cheaper one: inline unless mark items cost fewer write
// units per record at the declared rates or the marks would take the group item past DynamoDB's
// 400 KB item limit
// (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/ServiceQuotas.html). Mark
// items expire by Time to Live, so they are not offered when the table's TTL attribute would be
// enabled for them alone and an entity attribute already has its name (TTL would then delete
// that entity's items).
struct MarksChoice {
  SeenMarks marks = SeenMarks::kInline;
  double inline_wcu = 0, items_wcu = 0;      // per group update (AggregateFigures::wcu_per_group)
  double inline_bytes = 0, items_bytes = 0;  // the group item (AggregateFigures::group_item_bytes)
  double mark_item_bytes = 0;
  double seen_entries = 0;    // marks held per group
  std::string items_blocked;  // why mark items cannot be used, or ""
};

// Write units as the reasons state them: "4", "2.5".
std::string Units(double wcu) { return fmt::format("{:g}", std::round(wcu * 100) / 100); }

MarksChoice ChooseMarksFor(const Context& c, AggregateLayout candidate) {
  MarksChoice out;
  candidate.maintainer = Maintainer::kStream;
  candidate.marks = SeenMarks::kInline;
  AggregateFigures in = EstimateAggregate(c.model, c.layout, candidate);
  candidate.marks = SeenMarks::kItems;
  AggregateFigures items = EstimateAggregate(c.model, c.layout, candidate);
  out.inline_wcu = in.wcu_per_group;
  out.items_wcu = items.wcu_per_group;
  out.inline_bytes = in.group_item_bytes;
  out.items_bytes = items.group_item_bytes;
  out.mark_item_bytes = items.mark_item_bytes;
  out.seen_entries = in.seen_entries;
  if (c.layout.ttl_attribute.empty()) {
    for (const Entity& e : c.model.entities) {
      if (e.FindAttribute(c.model.table.ttl_attribute) >= 0) {
        out.items_blocked = fmt::format(
            "mark items expire by Time to Live on '{}', which is also an attribute of '{}' "
            "that declares no expiry",
            c.model.table.ttl_attribute, e.name);
        break;
      }
    }
  }
  const bool inline_fits = out.inline_bytes <= kMaxItemBytes;
  if (out.items_blocked.empty() && (!inline_fits || out.items_wcu < out.inline_wcu))
    out.marks = SeenMarks::kItems;
  return out;
}

// Monthly cost, at the declared rates, of keeping aggregate `id` as `candidate` says, beside
// what the workload costs without it: for a stream consumer its reads and writes
// (EstimateAggregate); in the writes' transactions, what those writes cost more (EstimateWrite);
// at read time, what the reads of `into` cost more (EstimateRead with the group reads).
double MaintenanceCost(Context& c, const AggregateDecl& a, const AggregateLayout& priced) {
  AggregateLayout candidate = priced;
  // A consumer keeps its marks the cheaper way (ChooseMarksFor).
  if (candidate.maintainer == Maintainer::kStream)
    candidate.marks = ChooseMarksFor(c, candidate).marks;
  // Priced in the layout at the next index, where plans can name it.
  const int id = static_cast<int>(c.layout.aggregates.size());
  c.layout.aggregates.push_back(candidate);
  double usd = 0;
  if (candidate.maintainer == Maintainer::kStream) {
    usd = EstimateAggregate(c.model, c.layout, candidate).monthly_cost_usd;
  } else if (candidate.maintainer == Maintainer::kTransaction) {
    // Split over shards as the derivation would (SizeGroupShards): each shard's smaller puts,
    // and each read of `into` reading the other shards.
    const int shards = TransactionShards(c, a, candidate);
    c.layout.aggregates.back().shards = shards;
    const Entity& of = c.entity(a.of);
    for (std::size_t w = 0; w < c.model.write_patterns.size(); ++w) {
      if (!Changes(c.model.write_patterns[w], a, of)) continue;
      WritePlan kept = c.layout.writes[w];
      kept.aggregates.push_back(id);
      kept.transaction = true;
      usd += EstimateWrite(c.model, c.layout, kept).monthly_cost_usd -
             EstimateWrite(c.model, c.layout, c.layout.writes[w]).monthly_cost_usd;
    }
    for (int r : shards > 1 ? ReadsOfInto(c, a) : std::vector<int>{}) {
      ReadPlan combined = c.layout.reads[static_cast<std::size_t>(r)];
      combined.aggregate_shards.push_back(id);
      usd += EstimateRead(c.model, c.layout, combined).monthly_cost_usd -
             EstimateRead(c.model, c.layout, c.layout.reads[static_cast<std::size_t>(r)])
                 .monthly_cost_usd;
    }
  } else {
    for (int r : ReadsOfInto(c, a)) {
      ReadPlan computed = c.layout.reads[static_cast<std::size_t>(r)];
      computed.aggregate_reads.push_back(id);
      usd += EstimateRead(c.model, c.layout, computed).monthly_cost_usd -
             EstimateRead(c.model, c.layout, c.layout.reads[static_cast<std::size_t>(r)])
                 .monthly_cost_usd;
    }
  }
  c.layout.aggregates.pop_back();
  return usd;
}

// Who keeps the values, in words.
const char* KeptBy(Maintainer m) {
  switch (m) {
    case Maintainer::kStream:
      return "kept by a consumer of the table's stream";
    case Maintainer::kTransaction:
      return "kept in the writes' transactions";
    case Maintainer::kRead:
      return "computed at read time";
  }
  return "";
}

// Whether the values of `a` are computed at read time: pinned (`maintain: read`, an error E516
// when ReadTimeBlocker says they cannot be), or, unpinned, when they can be and that costs less
// at the declared rates than `out`'s maintainer (MaintenanceCost), or `out` keeps them in the
// writes' transactions and `overfull` says a write's transaction could not take them. Sets
// out.maintainer and out.collection_pattern and adds the reason either way; false after an
// error.
bool ChooseReadTime(Context& c, const AggregateDecl& a, const Entity& into, bool consistent,
                    const std::optional<Overfull>& overfull, AggregateLayout& out) {
  int collection = -1;
  std::string blocker = ReadTimeBlocker(c, a, into, consistent, &collection);
  if (a.maintain == Maintainer::kRead) {
    if (!blocker.empty()) {
      // A consumer of the stream lags (W511): not for a strongly consistent read of `into`.
      c.diags.Error(DiagId::kAggregateReadTimeUnusable, a.maintain_range,
                    fmt::format("aggregate '{}' pins 'maintain: read', but {}; remove the pin "
                                "or pin {}",
                                a.name, blocker,
                                consistent ? "'maintain: transaction' (a read of '" + into.name +
                                                 "' is strongly consistent, which a consumer of "
                                                 "the stream cannot give)"
                                           : std::string("'maintain: stream' or 'maintain: "
                                                         "transaction'")));
      c.failed = true;
      return false;
    }
    out.collection_pattern = collection;
    out.reasons.push_back(
        {fmt::format("a read of '{}' reads each group's '{}' items with '{}'", into.name,
                     c.entity(a.of).name,
                     c.model.access_patterns[static_cast<std::size_t>(collection)].name),
         {}});
    // What the pin costs against keeping the values.
    std::vector<std::string> others;
    AggregateLayout kept = out;
    kept.maintainer = Maintainer::kTransaction;
    others.push_back(
        fmt::format("in the writes' transactions about {}", Money(MaintenanceCost(c, a, kept))));
    if (c.model.table.streams) {
      kept.maintainer = Maintainer::kStream;
      others.push_back(fmt::format("by a consumer of the table's stream about {}",
                                   Money(MaintenanceCost(c, a, kept))));
    }
    out.reasons.push_back(
        {fmt::format("at the declared rates computing it at read time costs about {} a month, "
                     "keeping it {}; the pin decides",
                     Money(MaintenanceCost(c, a, out)), fmt::join(others, ", ")),
         {}});
    return true;
  }
  if (!blocker.empty()) {
    if (!a.maintain)
      out.reasons.push_back({fmt::format("not computed at read time: {}", blocker), {}});
    return true;
  }
  AggregateLayout computed = out;
  computed.maintainer = Maintainer::kRead;
  computed.collection_pattern = collection;
  const double kept_usd = MaintenanceCost(c, a, out);
  const double read_usd = MaintenanceCost(c, a, computed);
  const std::string& collection_name =
      c.model.access_patterns[static_cast<std::size_t>(collection)].name;
  std::vector<std::string> reads;
  for (int r : ReadsOfInto(c, a))
    reads.push_back(c.layout.reads[static_cast<std::size_t>(r)].pattern);
  std::string how = fmt::format(
      "each read of '{}' ({}) reading its group's '{}' items with '{}', one Query more per "
      "'{}' item returned",
      into.name,
      reads.empty() ? std::string("none declared") : fmt::format("{}", fmt::join(reads, ", ")),
      c.entity(a.of).name, collection_name, into.name);
  // A stored group item past DynamoDB's 400 KB item limit cannot be kept at all
  // (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/ServiceQuotas.html).
  AggregateLayout sized = out;
  if (sized.maintainer == Maintainer::kStream) sized.marks = ChooseMarksFor(c, sized).marks;
  if (sized.maintainer == Maintainer::kTransaction) sized.shards = TransactionShards(c, a, sized);
  const double kept_bytes = EstimateAggregate(c.model, c.layout, sized).group_item_bytes;
  const bool too_large = kept_bytes > kMaxItemBytes;
  const bool cannot_keep = (out.maintainer == Maintainer::kTransaction && overfull) || too_large;
  if (!a.maintain && (read_usd < kept_usd || cannot_keep)) {
    Maintainer was = out.maintainer;
    out.maintainer = Maintainer::kRead;
    out.collection_pattern = collection;
    std::vector<Reason> why = std::move(out.reasons);
    out.reasons.clear();
    if (read_usd < kept_usd) {
      out.reasons.push_back(
          {fmt::format("computed at read time, {}: about {} a month at the declared rates, "
                       "against {} {}",
                       how, Money(read_usd), Money(kept_usd), KeptBy(was)),
           reads});
      return true;
    }
    // The writes' transactions were the rule's choice (a strongly consistent read, no stream),
    // but a write's transaction cannot take the group items, or the group item would pass 400 KB:
    // read time, exact at the read's own consistency, is what is left.
    if (too_large)
      out.reasons.push_back(
          {fmt::format("computed at read time, {}: {} {} would keep a group item of about {:.0f} "
                       "bytes, over DynamoDB's 400 KB item limit "
                       "(https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/"
                       "ServiceQuotas.html); about {} a month at the declared rates, against {}",
                       how, "the values", KeptBy(was), kept_bytes, Money(read_usd),
                       Money(kept_usd)),
           reads});
    else
      out.reasons.push_back(
          {fmt::format("computed at read time, {}: about {} a month at the declared rates, "
                       "against {} kept in the writes' transactions, where {}",
                       how, Money(read_usd), Money(kept_usd), OverfullText(*overfull, true)),
           reads});
    for (Reason& r : why) {
      r.text = "without that limit it would be " + r.text;
      out.reasons.push_back(std::move(r));
    }
    return true;
  }
  out.reasons.push_back(
      {fmt::format("{} rather than computed at read time ({}), which would cost about {} a month "
                   "at the declared rates against {}{}",
                   KeptBy(out.maintainer), how, Money(read_usd), Money(kept_usd),
                   a.maintain && read_usd < kept_usd ? "; the pin decides"
                   // Read time wins only when it costs less: on an exact tie the values stay
                   // stored, so a read of `into` remains one request.
                   : !a.maintain && read_usd == kept_usd
                       ? "; on a tie the values stay stored, so each read of the group item "
                         "stays one request"
                       : ""),
       reads});
  return true;
}

// "'totalQuantity'" or "'orders', 'orderTotal'": the attributes of `into` holding a's values.
std::string ValueNames(const AggregateDecl& a, const Entity& into) {
  std::vector<std::string> names;
  for (const AggregateValue& v : a.values)
    names.push_back("'" + into.attributes[static_cast<std::size_t>(v.target)].name + "'");
  return fmt::format("{}", fmt::join(names, ", "));
}

// A read-time aggregate (out.maintainer == Maintainer::kRead): the reads of `into` compute its
// values (ReadPlan::aggregate_reads), and `into`'s items stop storing them.
void PlanReadTime(Context& c, const AggregateDecl& a, int id, const AggregateLayout& out) {
  const Entity& into = c.entity(a.into);
  const std::string& collection =
      c.model.access_patterns[static_cast<std::size_t>(out.collection_pattern)].name;
  for (int r : ReadsOfInto(c, a)) {
    ReadPlan& plan = c.layout.reads[static_cast<std::size_t>(r)];
    plan.aggregate_reads.push_back(id);
    plan.reasons.push_back(
        {fmt::format("then computes {} of each '{}' item returned (aggregate '{}'): a Query of "
                     "its group's '{}' items as '{}' reads them, added up on the client",
                     ValueNames(a, into), into.name, a.name, c.entity(a.of).name, collection),
         {plan.pattern}});
  }
  for (int t : c.layout.ItemTypesOf(a.into)) {
    ItemType& type = c.layout.item_types[static_cast<std::size_t>(t)];
    std::erase_if(type.attributes, [&](const std::string& name) {
      return std::any_of(a.values.begin(), a.values.end(), [&](const AggregateValue& v) {
        return into.attributes[static_cast<std::size_t>(v.target)].name == name;
      });
    });
  }
}

// The attribute of `of` that another aggregate keeps and `a` groups or aggregates by, in words
// ("'likeCount' of 'Post', which aggregate 'likeCounts' keeps"), or "" when there is none: a
// chain (a user's total likes summed from the posts' like counts), whose source the other
// aggregate's maintainer changes without a write pattern, which only the stream would see.
std::string ChainedSource(const Context& c, const AggregateDecl& a) {
  const Entity& of = c.entity(a.of);
  std::string chained;
  for (const AggregateDecl& other : c.model.aggregates) {
    if (&other == &a || other.into != a.of) continue;
    auto kept = [&](AttrId id) {
      return std::any_of(other.values.begin(), other.values.end(),
                         [&](const AggregateValue& v) { return v.target == id; });
    };
    for (const GroupPart& g : a.group)
      if (chained.empty() && kept(g.source))
        chained = fmt::format("'{}' of '{}', which aggregate '{}' keeps",
                              of.attributes[static_cast<std::size_t>(g.source)].name, of.name,
                              other.name);
    for (const FixedFilter& f : a.filters)
      if (chained.empty() && kept(of.FindAttribute(f.attribute)))
        chained = fmt::format("'{}' of '{}', which aggregate '{}' keeps", f.attribute, of.name,
                              other.name);
    for (const AggregateValue& v : a.values)
      for (AttrId read : {v.source, v.by})
        if (chained.empty() && read >= 0 && kept(read))
          chained =
              fmt::format("'{}' of '{}', which aggregate '{}' keeps",
                          of.attributes[static_cast<std::size_t>(read)].name, of.name, other.name);
  }
  return chained;
}

// Between a consumer of the table's stream (`out`, as the rules chose it) and the writes' own
// transactions, both possible: never one whose group item would pass DynamoDB's 400 KB item
// limit when the other's fits
// (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/ServiceQuotas.html), else
// the transactions when they cost less at the declared rates (MaintenanceCost, with each group
// split over the shards the derivation would give it) and a group's writes fit one partition's
// 1,000 WCU/s with those shards (a consumer applies records one at a time, so a hot group makes
// its values lag behind the writes instead of refusing them); never
// the transactions when `of` expires by Time to Live (only the stream sees those deletions) or
// reads another aggregate's values (a chain, E515), nor when they would push a write's
// transaction past 100 actions (`overfull`, E517). Adds the figures to the reasons either way.
void ChooseStreamOrTransaction(Context& c, const AggregateDecl& a,
                               const std::optional<Overfull>& overfull, AggregateLayout& out) {
  const Entity& of = c.entity(a.of);
  if (!of.ttl.empty() || !ChainedSource(c, a).empty()) return;
  AggregateLayout kept = out;
  kept.maintainer = Maintainer::kTransaction;
  kept.shards = TransactionShards(c, a, kept);
  AggregateLayout streamed = out;
  streamed.maintainer = Maintainer::kStream;
  streamed.shards = 1;
  streamed.marks = ChooseMarksFor(c, streamed).marks;
  const double stream_usd = MaintenanceCost(c, a, streamed);
  const double transaction_usd = MaintenanceCost(c, a, kept);
  const double stream_bytes = EstimateAggregate(c.model, c.layout, streamed).group_item_bytes;
  const double transaction_bytes = EstimateAggregate(c.model, c.layout, kept).group_item_bytes;
  const bool hot = ShardsNeeded(c, kept) > kept.shards;
  const std::string transactions =
      kept.shards > 1
          ? fmt::format("the writes' transactions (each group split over {} shards)", kept.shards)
          : std::string("the writes' transactions");
  auto item = [&](double bytes) {
    return fmt::format("about {:.0f} bytes{}", bytes,
                       bytes > kMaxItemBytes ? " (over DynamoDB's 400 KB item limit)" : "");
  };
  const std::string sizes =
      fmt::format("the group item holds {}{} in the transactions and {} with the consumer",
                  item(transaction_bytes), kept.shards > 1 ? " per shard" : "", item(stream_bytes));
  if (a.maintain) {
    // Pinned: the figures of both, and the pin decides.
    out.reasons.push_back(
        {fmt::format("at the declared rates {} would cost about {} a month and a consumer of "
                     "the table's stream about {} ({}); the pin decides",
                     transactions, Money(transaction_usd), Money(stream_usd), sizes),
         {}});
    return;
  }
  const bool stream_fits = stream_bytes <= kMaxItemBytes;
  const bool transaction_fits = transaction_bytes <= kMaxItemBytes;
  const bool too_large = !stream_fits && transaction_fits;
  if (overfull && (!stream_fits || transaction_usd < stream_usd)) {
    out.reasons.push_back(
        {fmt::format("not kept in {}, though they would cost about {} a month at the declared "
                     "rates against {} for the consumer: {}",
                     transactions, Money(transaction_usd), Money(stream_usd),
                     OverfullText(*overfull, true)),
         {overfull->pattern}});
    return;
  }
  if (too_large || (transaction_usd < stream_usd && !hot && (transaction_fits || !stream_fits))) {
    out.maintainer = Maintainer::kTransaction;
    out.reasons.clear();
    out.reasons.push_back(
        {too_large
             ? fmt::format("kept in {}: a consumer of the table's stream would keep a group item "
                           "of about {:.0f} bytes with the marks that make it idempotent, over "
                           "DynamoDB's 400 KB item limit, against about {:.0f} bytes{} in the "
                           "transactions; at the declared rates about {} a month, against {} for "
                           "the consumer",
                           transactions, stream_bytes, transaction_bytes,
                           kept.shards > 1 ? " per shard" : "", Money(transaction_usd),
                           Money(stream_usd))
             : fmt::format("kept in {}: about {} a month at the declared rates, against {} for a "
                           "consumer of the table's stream (which reads and rewrites the group "
                           "item, with the marks that make it idempotent, for every record; "
                           "https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/"
                           "transaction-apis.html#transaction-capacity-handling)",
                           transactions, Money(transaction_usd), Money(stream_usd)),
         {}});
    return;
  }
  std::string but;
  if (!transaction_fits && stream_fits)
    but = fmt::format(
        ", but its group item would hold about {:.0f} bytes{} there, over "
        "DynamoDB's 400 KB item limit",
        transaction_bytes, kept.shards > 1 ? " per shard" : "");
  else if (hot && transaction_usd < stream_usd)
    but =
        ", but a group's writes would pass one partition's 1,000 WCU/s and could not be split "
        "over enough shards, where a hot group makes the consumer's values lag behind the writes "
        "instead of refusing them";
  else if (transaction_usd == stream_usd)
    // The transactions win only when they cost less: on an exact tie the rule's choice stands.
    but =
        ", the same: on a tie the consumer is kept, as it leaves the application's writes as "
        "they are (no group reads and no larger transactions on their path)";
  out.reasons.push_back(
      {fmt::format("in {} it would cost about {} a month at the declared rates, against {} for "
                   "the consumer{}",
                   transactions, Money(transaction_usd), Money(stream_usd), but),
       {}});
}

// Splits each group of `out` (kept in transactions) over shards when its write units exceed one
// partition's, or as pinned; records the shard keys and tells the read plans of `into`.
void SizeGroupShards(Context& c, const AggregateDecl& a, const Entity& into, int id,
                     AggregateLayout& out) {
  // What the writes could put on the busiest group's items (BusiestGroupOf), per shard item
  // when split over n: each write touches a group once, twice its item's units in a transaction.
  const BusiestGroup busiest = BusiestGroupOf(c, a);
  const double busiest_writes = out.writes_per_s * busiest.share;
  auto per_shard_at = [&](int n) {
    AggregateLayout k = out;
    k.shards = n;
    return busiest_writes * EstimateAggregate(c.model, c.layout, k).wcu_per_group *
           kTransactionFactor / n;
  };
  // Whether one item holding the whole group's state would pass DynamoDB's 400 KB.
  auto too_large_at_one = [&] {
    AggregateLayout one = out;
    one.shards = 1;
    const AggregateFigures f = EstimateAggregate(c.model, c.layout, one);
    return f.state_grows && f.group_item_bytes > kMaxItemBytes;
  };
  std::vector<std::string> sized_by = out.maintained_by;
  sized_by.insert(sized_by.end(), busiest.patterns.begin(), busiest.patterns.end());
  const int needed = out.maintainer == Maintainer::kTransaction ? ShardsNeeded(c, out) : 1;
  std::string blocker = ShardBlocker(c, a, into);
  if (a.shards > 0) {
    if (out.maintainer != Maintainer::kTransaction && a.shards > 1) {
      c.diags.Error(DiagId::kAggregateShardsUnusable, a.shards_range,
                    fmt::format("aggregate '{}' pins 'shards: {}', but {}; shards are "
                                "for groups kept in the writes' transactions: pin 'maintain: "
                                "transaction' or remove 'shards'",
                                a.name, a.shards,
                                out.maintainer == Maintainer::kStream
                                    ? "a consumer of the table's stream keeps it (a hot "
                                      "group makes its values lag, never refuses a write)"
                                    : "its reads compute it and nothing stores it"));
      c.failed = true;
      return;
    }
    if (!blocker.empty() && a.shards > 1) {
      c.diags.Error(DiagId::kAggregateShardsUnusable, a.shards_range,
                    fmt::format("aggregate '{}' pins 'shards: {}', but {}; remove 'shards' or "
                                "the index or filter on the value",
                                a.name, a.shards, blocker));
      c.failed = true;
      return;
    }
    if (a.shards < needed) {
      c.diags.Warning(
          DiagId::kTooFewShards, a.shards_range,
          fmt::format("aggregate '{}' pins 'shards: {}', but its writes could put about {:.0f} "
                      "WCU/s on each of its busiest group's {} shard items{}, over one "
                      "partition's {:.0f} WCU/s; {} shards keep each within it (about {:.0f} "
                      "WCU/s each{}: a shard item holding a smaller share of the group's state "
                      "takes fewer units per write)",
                      a.name, a.shards, per_shard_at(a.shards), a.shards,
                      ShardZeroText(c, a, out, a.shards), kPartitionWriteLimit, needed,
                      per_shard_at(needed), ShardZeroShort(c, a, out, needed)));
    }
    out.shards = a.shards;
    if (out.shards > 1)
      out.reasons.push_back(
          {fmt::format("each group's values split over {} items because the model pins "
                       "'shards: {}'",
                       out.shards, out.shards),
           {}});
  } else if (out.maintainer == Maintainer::kTransaction && needed > 1) {
    if (!blocker.empty()) {
      // Why the transactions keep it, and so what would let the stream keep it instead.
      std::vector<std::string> consistent;
      for (const AccessPattern& p : c.model.access_patterns)
        if (p.consistent &&
            std::find(p.returns.begin(), p.returns.end(), a.into) != p.returns.end())
          consistent.push_back(p.name);
      std::string instead;
      if (!c.model.table.streams)
        instead = "keep it with the table's stream ('streams: true')";
      else if (a.maintain == Maintainer::kTransaction)
        instead = "let the table's stream keep it (remove 'maintain: transaction')";
      else if (!consistent.empty())
        instead = fmt::format(
            "let the table's stream keep it ({} read{} '{}' with strong consistency, which the "
            "stream's consumer cannot give: read it eventually consistent)",
            fmt::join(consistent, ", "), consistent.size() == 1 ? "s" : "", into.name);
      else
        instead = "let the table's stream keep it";
      c.diags.Warning(DiagId::kAggregateGroupTooHot, a.range,
                      fmt::format("aggregate '{}': about {:.0f} WCU/s may land on its busiest "
                                  "group's item ({}), over one partition's {:.0f} WCU/s, and the "
                                  "group cannot be split over shards: {}; {}, or drop the index "
                                  "or filter on the value",
                                  a.name, per_shard_at(1), busiest.why, kPartitionWriteLimit,
                                  blocker, instead));
    } else if (per_shard_at(1) <= kPartitionWriteLimit && !too_large_at_one()) {
      // Split for the other writes on the `into` item's partition: the aggregate's own puts fit
      // one partition and the item fits 400 KB, but not beside the writes that share it.
      out.shards = needed;
      out.reasons.push_back(
          {fmt::format("each group's values split over {} items: the busiest group takes about {} "
                       "of the {:.4g} writes/s ({}), about {:.0f} WCU/s on its single item{}, "
                       "over one partition's {:.0f} WCU/s "
                       "(https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/"
                       "bp-partition-key-design.html); with {} shard items{}; a write updates "
                       "the shard its '{}' item's identifier hashes to, a read of '{}' reads all "
                       "{} and adds them up",
                       needed, Figure(busiest_writes), out.writes_per_s, busiest.why,
                       per_shard_at(1), ShardZeroText(c, a, out, 1), kPartitionWriteLimit, needed,
                       ShardZeroText(c, a, out, needed), c.entity(a.of).name, into.name, needed),
           sized_by});
    } else if (per_shard_at(1) <= kPartitionWriteLimit) {
      // Split for the size alone: one item would pass 400 KB with the group's state.
      AggregateLayout one = out;
      one.shards = 1;
      out.shards = needed;
      out.reasons.push_back(
          {fmt::format("each group's values split over {} items: one item would hold about "
                       "{:.0f} bytes with the group's state, over DynamoDB's 400 KB item limit "
                       "(https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/"
                       "ServiceQuotas.html), and each of {} shard items holds its share; a write "
                       "updates the shard its '{}' item's identifier hashes to, a read of '{}' "
                       "reads all {} and adds them up",
                       needed, EstimateAggregate(c.model, c.layout, one).group_item_bytes, needed,
                       c.entity(a.of).name, into.name, needed),
           out.maintained_by});
    } else {
      out.shards = needed;
      out.reasons.push_back(
          {fmt::format("each group's values split over {} items (write sharding): the busiest "
                       "group takes about {} of the {:.4g} writes/s ({}), which could put "
                       "about {:.0f} WCU/s on its single item, which holds the whole group's "
                       "state, over one partition's {:.0f} WCU/s "
                       "(https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/"
                       "bp-partition-key-design.html); each of {} shard items, holding its "
                       "share, takes at most about {:.0f} WCU/s{}; a write updates the shard "
                       "its '{}' item's identifier hashes to, a read of '{}' reads all {} and "
                       "adds them up",
                       needed, Figure(busiest_writes), out.writes_per_s, busiest.why,
                       per_shard_at(1), kPartitionWriteLimit, needed, per_shard_at(needed),
                       ShardZeroText(c, a, out, needed), c.entity(a.of).name, into.name, needed),
           sized_by});
    }
  }
  if (out.shards <= 1) return;
  const ItemType& target = c.layout.item_types[static_cast<std::size_t>(out.target_type)];
  int width = static_cast<int>(std::to_string(out.shards - 1).size());
  bool shared_into = std::count_if(c.model.aggregates.begin(), c.model.aggregates.end(),
                                   [&](const AggregateDecl& o) { return o.into == a.into; }) > 1;
  out.shard_literal = std::string(kAggregateShardLiteral) +
                      (shared_into ? "_" + UpperSnake(a.name) : std::string());
  out.shard_partition_key = TemplateBuilder()
                                .Append(target.partition_key)
                                .Sep()
                                .Literal(out.shard_literal)
                                .Sep()
                                .Attr(kShardAttribute, Encoding::kShard, width)
                                .Build();
  out.shard_label = target.label + out.shard_literal;
  // The plans returning the group items whose caller gets a value, a second step's included.
  for (int r : ReadsOfInto(c, a)) {
    ReadPlan& plan = c.layout.reads[static_cast<std::size_t>(r)];
    plan.aggregate_shards.push_back(id);
    // A second step's BatchGetItem of the main items takes their shards' keys too
    // (ShardsInFollowUp).
    const bool in_follow_up = plan.follow_up && !plan.follow_up->by_table_key &&
                              plan.follow_up->operation == Operation::kBatchGetItem &&
                              plan.follow_up->item_type == out.target_type;
    plan.reasons.push_back(
        {fmt::format(
             "then reads the other {} shards of each '{}' item of aggregate '{}' "
             "({}) and combines their values",
             out.shards - 1, into.name, a.name,
             in_follow_up ? "in the BatchGetItem requests that read the items" : "BatchGetItem"),
         {plan.pattern}});
  }
}

}  // namespace

namespace {

// What one aggregate's planning starts from: the write patterns that change it, the strongly
// consistent reads of `into`, and the write units of its group items.
struct AggregateInputs {
  std::vector<std::string> writers;           // write patterns that can change a value
  std::vector<std::string> consistent_reads;  // access patterns reading `into` consistently
  std::string rates;                          // "400 writes/s of 'Inventory' (adjustStock) ..."
  // Write units per second on one group if the writes' transactions kept it: the declared
  // writes (each touching at most two groups; the worst case of all on one group) times the
  // group items' puts with the state they carry (EstimateAggregate), doubled by the transaction.
  double transaction_units = 0;
};

AggregateInputs InputsOf(Context& c, const AggregateDecl& a, AggregateLayout& out) {
  const Model& m = c.model;
  const Entity& of = c.entity(a.of);
  AggregateInputs in;
  for (const WritePattern& w : m.write_patterns) {
    if (!Changes(w, a, of)) continue;
    out.writes_per_s += w.rate;
    in.writers.push_back(w.name);
  }
  // A chain: another aggregate's maintainer rewrites `of` items, each write a stream record.
  ChainedChanges chained = ChainedChangesOf(m, out.aggregate_id);
  out.writes_per_s += chained.records_per_s;
  for (const AccessPattern& p : m.access_patterns) {
    if (p.consistent && std::find(p.returns.begin(), p.returns.end(), a.into) != p.returns.end())
      in.consistent_reads.push_back(p.name);
  }
  // Every group item the maintainer writes: `into`'s items (main item and facets), each
  // rounded up to 1 KB (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/
  // read-write-operations.html#write-operation-consumption), the main item with the state the
  // writes' transactions keep on it (a min, max or latest value's entries).
  AggregateLayout kept = out;
  kept.maintainer = Maintainer::kTransaction;
  in.transaction_units =
      out.writes_per_s * EstimateAggregate(m, c.layout, kept).wcu_per_group * kTransactionFactor;
  std::vector<std::string> sources = in.writers;
  for (const std::string& up : chained.aggregates)
    sources.push_back(fmt::format("aggregate '{}''s maintainer", up));
  in.rates = sources.empty()
                 ? fmt::format("no write pattern changes '{}' in a way that moves a value", of.name)
                 : fmt::format("{} write{}/s of '{}' ({}) change it", out.writes_per_s,
                               out.writes_per_s == 1 ? "" : "s", of.name, fmt::join(sources, ", "));
  return in;
}

// Who keeps `a` (out.maintainer), with the reasons: a pin, else the writes' transactions when a
// read of `into` is strongly consistent or the table has no stream, else the cheaper of the
// stream and the transactions (ChooseStreamOrTransaction); then read time when it is pinned or
// cheaper (ChooseReadTime). False after an error (a pinned stream the table lacks, a pinned read
// time the reads cannot serve, a transaction-kept chain).
bool ChooseMaintainer(Context& c, const AggregateDecl& a, const AggregateInputs& in,
                      AggregateLayout& out) {
  const Model& m = c.model;
  const Entity& into = c.entity(a.into);
  if (a.maintain == Maintainer::kStream && !m.table.streams) {
    auto& d = c.diags.Error(
        DiagId::kAggregateStreamMissing, a.maintain_range,
        fmt::format("aggregate '{}' pins 'maintain: stream', but table '{}' has no stream; add "
                    "'streams: true' to 'table:' or pin 'maintain: transaction'",
                    a.name, m.table.name));
    Diagnostics::Note(d, m.table.range, "the table is declared here");
    return false;
  }
  // Whether the writes' transactions could take the group items (DynamoDB's 100 actions).
  std::optional<Overfull> overfull;
  if (!a.maintain || a.maintain == Maintainer::kTransaction)
    overfull = OverfullTransaction(c, a, out);
  if (a.maintain == Maintainer::kTransaction && overfull) {
    c.diags.Error(DiagId::kAggregateTransactionTooLarge, a.maintain_range,
                  fmt::format("aggregate '{}' pins 'maintain: transaction', but {}; pin "
                              "'maintain: stream' or 'maintain: read', or keep fewer aggregates "
                              "in that write's transactions",
                              a.name, OverfullText(*overfull)));
    return false;
  }
  if (a.maintain == Maintainer::kRead) {
    out.maintainer = Maintainer::kRead;
    out.reasons.push_back({"computed at read time because the model pins 'maintain: read'", {}});
  } else if (a.maintain) {
    out.maintainer = *a.maintain;
    out.reasons.push_back(
        {fmt::format("kept by the {} because the model pins 'maintain: {}'",
                     *a.maintain == Maintainer::kStream ? "table's stream" : "writes' transactions",
                     MaintainerName(*a.maintain)),
         {}});
    if (m.table.streams && in.consistent_reads.empty())
      ChooseStreamOrTransaction(c, a, overfull, out);
    if (*a.maintain == Maintainer::kStream && !in.consistent_reads.empty()) {
      // Suggest read time only where the reads could compute it (ReadTimeBlocker).
      int collection = -1;
      const std::string read_time = ReadTimeBlocker(c, a, into, true, &collection);
      c.diags.Warning(
          DiagId::kAggregateStaleForConsistentRead, a.maintain_range,
          fmt::format("aggregate '{}' pins 'maintain: stream', but {} read{} '{}' with strong "
                      "consistency: a consumer of the stream applies each change seconds "
                      "later, so those reads may return values that lag; remove the pin or pin "
                      "'maintain: transaction'{}",
                      a.name, fmt::join(in.consistent_reads, ", "),
                      in.consistent_reads.size() == 1 ? "s" : "", into.name,
                      read_time.empty() ? " or 'maintain: read'" : ""));
    }
  } else if (!in.consistent_reads.empty()) {
    out.maintainer = Maintainer::kTransaction;
    out.reasons.push_back(
        {fmt::format("kept in the writes' transactions: {} read{} '{}' with strong consistency, "
                     "which a stream consumer (seconds behind) cannot give",
                     fmt::join(in.consistent_reads, ", "),
                     in.consistent_reads.size() == 1 ? "s" : "", into.name),
         in.consistent_reads});
  } else if (!m.table.streams) {
    out.maintainer = Maintainer::kTransaction;
    out.reasons.push_back(
        {"kept in the writes' transactions: the table has no stream ('streams: true' would let "
         "a consumer keep it without making every write a transaction)",
         {}});
  } else {
    out.maintainer = Maintainer::kStream;
    out.reasons.push_back(
        {fmt::format("kept by a consumer of the table's stream: no read of '{}' needs strong "
                     "consistency, so the writes stay as they are, and a consumer reading the "
                     "stream from Lambda pays no read requests "
                     "(https://aws.amazon.com/dynamodb/pricing/on-demand/)",
                     into.name),
         in.writers});
    ChooseStreamOrTransaction(c, a, overfull, out);
  }
  if (!ChooseReadTime(c, a, into, !in.consistent_reads.empty(), overfull, out)) return false;
  if (out.maintainer != Maintainer::kTransaction) return true;
  if (overfull) {
    // The rules left only the writes' transactions (a strongly consistent read, no stream), a
    // write's transaction cannot take the group items, and reads cannot compute them.
    int collection = -1;
    const bool consistent = !in.consistent_reads.empty();
    c.diags.Error(
        DiagId::kAggregateTransactionTooLarge, a.range,
        fmt::format("aggregate '{}' can only be kept in the writes' transactions ({}), but {}, "
                    "and it cannot be computed at read time: {}; {}, or keep fewer aggregates "
                    "in that write's transactions",
                    a.name,
                    consistent ? fmt::format("{} read{} '{}' with strong consistency",
                                             fmt::join(in.consistent_reads, ", "),
                                             in.consistent_reads.size() == 1 ? "s" : "", into.name)
                               : std::string("the table has no stream"),
                    OverfullText(*overfull), ReadTimeBlocker(c, a, into, consistent, &collection),
                    consistent ? "make those reads eventually consistent so that a consumer of "
                                 "the table's stream can keep it"
                               : "add 'streams: true' to 'table:' so that a consumer of the "
                                 "stream can keep it"));
    return false;
  }
  std::string chained = ChainedSource(c, a);
  if (chained.empty()) return true;
  c.diags.Error(DiagId::kAggregateChainInTransaction, a.range,
                fmt::format("aggregate '{}' is kept in the writes' transactions but reads "
                            "{}: that maintainer changes it without a write pattern, so "
                            "'{}' would drift; keep '{}' with the table's stream "
                            "('streams: true', no 'maintain: transaction', eventually "
                            "consistent reads)",
                            a.name, chained, a.name, a.name));
  return false;
}

// The write load on `into`'s items (out.target_wcu_per_s) and its reasons; for a read-time
// aggregate, the read plans that compute it (PlanReadTime).
void ExplainWriteLoad(Context& c, const AggregateDecl& a, int id, const AggregateInputs& in,
                      AggregateLayout& out) {
  const Entity& into = c.entity(a.into);
  // A stream consumer's units are the cost summary's (EstimateAggregate: moves touch two
  // groups, and the group item carries the consumer's state), so explain and the design's
  // cost section say one figure.
  // All groups' write units per second, as the cost summary counts them (EstimateAggregate:
  // a move writes two groups, and the group item carries the maintainer's state; with write
  // sharding, the shard items' smaller puts), so explain and the design's cost section say one
  // figure.
  AggregateFigures f = EstimateAggregate(c.model, c.layout, out);
  out.target_wcu_per_s = out.maintainer == Maintainer::kStream ? f.wcu_per_s
                         : out.maintainer == Maintainer::kTransaction
                             ? f.groups_per_s * f.wcu_per_group * kTransactionFactor
                             : 0;
  if (out.maintainer == Maintainer::kRead) {
    out.reasons.push_back(
        {fmt::format("{}, but nothing stores it: '{}' items do not hold {}, so no write "
                     "costs more",
                     in.rates, into.name, ValueNames(a, into)),
         in.writers});
    PlanReadTime(c, a, id, out);
    return;
  }
  const std::string moves = f.groups_per_s > out.writes_per_s + 1e-9
                                ? std::string(" (a write moving an item writes two groups)")
                                : std::string();
  std::string hot;
  if (out.maintainer == Maintainer::kStream) {
    if (out.target_wcu_per_s > kPartitionWriteLimit)
      hot = fmt::format(
          ", over one partition's {:.0f} if they all land on one group: the consumer updates a "
          "group once per record, so a group that hot throttles it and the values lag behind "
          "the writes until it catches up (the poller retries the batch; no record is lost)",
          kPartitionWriteLimit);
  } else {
    // Each write touches one group once: the busiest group's item (or each of its shards)
    // takes its share of them (BusiestGroupOf).
    const BusiestGroup busiest = BusiestGroupOf(c, a);
    const double one_group =
        out.writes_per_s * busiest.share * f.wcu_per_group * kTransactionFactor;
    hot = fmt::format("; the busiest group takes about {} writes/s ({}): about {} WCU/s",
                      Figure(out.writes_per_s * busiest.share), busiest.why, Figure(one_group));
    if (out.shards > 1)
      hot += fmt::format(", at most about {} on each of its {} shard items",
                         Figure(one_group / out.shards), out.shards);
    else if (one_group > kPartitionWriteLimit)
      hot += fmt::format(" on its item, over one partition's {:.0f}", kPartitionWriteLimit);
    else
      hot += fmt::format(" on its item, within one partition's {:.0f}", kPartitionWriteLimit);
    std::vector<std::string> by = in.writers;
    by.insert(by.end(), busiest.patterns.begin(), busiest.patterns.end());
    out.reasons.push_back({fmt::format("{}: about {:.0f} WCU/s on '{}' items{}{}", in.rates,
                                       out.target_wcu_per_s, into.name, moves, hot),
                           by});
    return;
  }
  out.reasons.push_back({fmt::format("{}: about {:.0f} WCU/s on '{}' items{}{}", in.rates,
                                     out.target_wcu_per_s, into.name, moves, hot),
                         in.writers});
}

// The group item's size with the maintainer's state (per shard item when sharded), in words:
// what grows with the group (a stream consumer's _aggseen, the min, max and latest values'
// entries) and when it reaches 400 KB; "" when there is nothing to say (read time, or a
// transaction-kept state that does not grow).
std::string GroupItemText(const Context& c, const AggregateDecl& a, const AggregateLayout& out) {
  if (out.maintainer == Maintainer::kRead) return "";  // nothing stored
  const Entity& of = c.entity(a.of);
  const Entity& into = c.entity(a.into);
  AggregateFigures f = EstimateAggregate(c.model, c.layout, out);
  if (out.maintainer != Maintainer::kStream && !f.state_grows) return "";
  const bool sharded = out.shards > 1;
  std::string growth =
      f.state_grows
          ? fmt::format("so one group{} reaches DynamoDB's 400 KB item limit at about {:.0f} items",
                        sharded ? fmt::format(" (over its {} shards)", out.shards) : "",
                        f.max_items_per_group)
          : std::string("and it does not grow with the group");
  const std::string holds =
      sharded ? fmt::format(
                    "each of a group's {} shard items holds at most about {:.0f} bytes "
                    "(shard 0, the '{}' item) at {:.0f} '{}' items per group ({} {} / {} "
                    "{}, about {:.0f} per shard)",
                    out.shards, f.group_item_bytes, into.name, f.items_per_group, of.name, of.count,
                    of.name, into.count, into.name, f.items_per_group / out.shards)
              : fmt::format(
                    "the group item holds about {:.0f} bytes at {:.0f} '{}' items per "
                    "group ({} {} / {} {})",
                    f.group_item_bytes, f.items_per_group, of.name, of.count, of.name, into.count,
                    into.name);
  std::vector<std::string> state;
  if (out.maintainer == Maintainer::kStream && out.marks == SeenMarks::kItems)
    state.push_back(fmt::format(
        "its consumer's marks are items of their own (about {:.0f} bytes each, one per '{}' item "
        "changed in the last {} hours and group, about {:.0f} per group at the declared rates, "
        "expiring by Time to Live), not on the group item",
        f.mark_item_bytes, of.name, kAggregateSeenRetentionSeconds / 3600, f.seen_entries));
  else if (out.maintainer == Maintainer::kStream)
    state.push_back(fmt::format(
        "its _aggseen keeps {:.0f} bytes per '{}' item changed in the last {} hours (about {:.0f} "
        "at the declared rates; the stream keeps a record 24 hours, so older entries are pruned)",
        f.seen_entry_bytes, of.name, kAggregateSeenRetentionSeconds / 3600, f.seen_entries));
  if (f.value_entry_bytes > 0)
    state.push_back(fmt::format("its min, max or latest values keep {:.0f} bytes per '{}' item",
                                f.value_entry_bytes, of.name));
  return fmt::format("{}: {}, {}", holds, fmt::join(state, "; "), growth);
}

// The group item's size in the reasons (GroupItemText); returns the reason's index, or -1.
// PlanAggregates rewrites it once every aggregate is placed (FinishGroupItem): the size counts
// the state of the aggregates sharing the item, which those declared later only then have.
int ExplainGroupItem(Context& c, const AggregateDecl& a, AggregateLayout& out) {
  std::string text = GroupItemText(c, a, out);
  if (text.empty()) return -1;
  out.reasons.push_back({std::move(text), {}});
  return static_cast<int>(out.reasons.size()) - 1;
}

// The values of `a` whose state grows with the group (a min, max or latest value keeps an entry
// per item, so that a removed item falls back to the one before): "'lastText' (latest),
// 'lastSentAt' (latest)".
std::string GrowingValues(const Context& c, const AggregateDecl& a) {
  std::vector<std::string> names;
  for (const AggregateValue& v : a.values) {
    if (v.function != AggregateFunction::kMin && v.function != AggregateFunction::kMax &&
        v.function != AggregateFunction::kLatest)
      continue;
    names.push_back(fmt::format(
        "'{}' ({})", c.entity(a.into).attributes[static_cast<std::size_t>(v.target)].name,
        AggregateFunctionName(v.function)));
  }
  return fmt::format("{}", fmt::join(names, ", "));
}

// E518 with no pin: why the maintainers other than `out`'s were ruled out, and the ways out the
// derivation can take. A consumer of the stream keeps one item per group (shards are for groups
// kept in the writes' transactions, E514); the writes' transactions cannot see Time to Live's
// deletes (only the table's stream gets them:
// https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/time-to-live-ttl-streams.html)
// nor another aggregate's maintainer's writes (a chain); reads compute it only as
// ReadTimeBlocker allows.
std::string UnpinnedWaysOut(const Context& c, const AggregateDecl& a, const AggregateLayout& out) {
  const Entity& of = c.entity(a.of);
  const Entity& into = c.entity(a.into);
  std::vector<std::string> why;
  std::vector<std::string> ways;
  if (out.maintainer == Maintainer::kStream) {
    why.push_back(
        "a consumer of the table's stream keeps one item per group: it cannot split a group "
        "over shards, which only the writes' transactions can");
    const std::string chained = ChainedSource(c, a);
    if (!of.ttl.empty())
      why.push_back(fmt::format(
          "the writes' transactions, which could split it, were ruled out: Time to Live "
          "deletes expired '{}' items ('ttl: {}') without a write pattern, and only the "
          "table's stream sees those deletes",
          of.name, of.ttl));
    else if (!chained.empty())
      why.push_back(fmt::format(
          "the writes' transactions, which could split it, were ruled out: it reads {}, whose "
          "maintainer changes it without a write pattern",
          chained));
    if (!of.ttl.empty())
      ways.push_back(fmt::format(
          "delete expired '{}' items with a write pattern in place of Time to Live (remove "
          "'ttl: {}'), so that the writes' transactions see every delete and can split each "
          "group over shards ('maintain: transaction')",
          of.name, of.ttl));
  } else if (out.maintainer == Maintainer::kTransaction) {
    const std::string blocker = ShardBlocker(c, a, into);
    why.push_back(
        blocker.empty()
            ? fmt::format("the writes' transactions split it over at most {} shards",
                          kMaxAggregateShards)
            : fmt::format("the writes' transactions cannot split it over shards: {}", blocker));
  }
  int collection = -1;
  const std::string read_time = ReadTimeBlocker(c, a, into, false, &collection);
  if (!read_time.empty()) why.push_back(fmt::format("reads cannot compute it: {}", read_time));
  const std::string growing = GrowingValues(c, a);
  if (!growing.empty())
    ways.push_back(fmt::format(
        "drop {}, whose state keeps an entry per '{}' item so that a delete falls back to the "
        "one before (a count or sum keeps none)",
        growing, of.name));
  ways.push_back("group by something finer (another attribute or a time bucket in 'group')");
  ways.push_back("correct the counts or rates if they overstate the items per group");
  return fmt::format("{}; {}", fmt::join(why, "; "), fmt::join(ways, ", or "));
}

// Once every aggregate is placed: the group item's reason (index `reason`, or -1) with the final
// sizes, and E518 when the item would pass DynamoDB's 400 KB item limit
// (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/ServiceQuotas.html): such a
// layout is not derived. Unpinned, the choices before took a maintainer whose item fits where
// there was one (mark items, the writes' transactions with shards, read time); the error says a
// pin forces the item, or that nothing else can keep it. False after the error.
bool FinishGroupItem(Context& c, const AggregateDecl& a, AggregateLayout& out, int reason) {
  if (out.maintainer == Maintainer::kRead) return true;  // nothing stored
  if (reason >= 0) out.reasons[static_cast<std::size_t>(reason)].text = GroupItemText(c, a, out);
  const Entity& of = c.entity(a.of);
  const Entity& into = c.entity(a.into);
  AggregateFigures f = EstimateAggregate(c.model, c.layout, out);
  const bool sharded = out.shards > 1;
  if (f.group_item_bytes <= kMaxItemBytes) return true;
  // An item that passes the limit by another aggregate's growing state on it, not its own: that
  // aggregate's error says so once.
  if (!f.state_grows) {
    for (const AggregateLayout& other : c.layout.aggregates) {
      if (&other == &out ||
          c.model.aggregates[static_cast<std::size_t>(other.aggregate_id)].into != a.into)
        continue;
      AggregateFigures g = EstimateAggregate(c.model, c.layout, other);
      if (g.state_grows && g.group_item_bytes > kMaxItemBytes) return false;
    }
  }
  std::vector<std::string> kept;
  if (out.maintainer == Maintainer::kStream && out.marks == SeenMarks::kInline) {
    // Inline although they do not fit: mark items were not offered (ChooseMarksFor).
    const std::string blocked = ChooseMarksFor(c, out).items_blocked;
    kept.push_back(fmt::format(
        "the consumer remembers on it each source item it applied in the last "
        "{} hours, about {:.0f} at the declared rates (every item created or deleted "
        "leaves a mark of its own, however few the group holds){}",
        kAggregateSeenRetentionSeconds / 3600, f.seen_entries,
        blocked.empty() ? std::string()
                        : fmt::format(", and it cannot keep them as items: {}", blocked)));
  }
  if (f.value_entry_bytes > 0)
    kept.push_back(
        "for a min or max, how many items hold each value (for a latest value, every item's "
        "order and value)");
  // Another aggregate's state on the same item.
  std::vector<std::string> sharing;
  for (const AggregateDecl& other : c.model.aggregates)
    if (&other != &a && other.into == a.into) sharing.push_back("'" + other.name + "'");
  if (!sharing.empty())
    kept.push_back(fmt::format("the state of {} on the same item", fmt::join(sharing, ", ")));
  // How many fit: none when the rest of the item alone passes the limit.
  std::string fit = !f.state_grows ? std::string("no number of items fits at the declared rates")
                    : f.max_items_per_group < 1
                        ? std::string("not one item fits: the rest of the item alone passes it")
                        : fmt::format("about {:.0f} items fit", f.max_items_per_group);
  std::string pin;
  SourceRange at = a.range;
  if (a.maintain) {
    pin = fmt::format("'maintain: {}' pins it", MaintainerName(*a.maintain));
  } else if (a.shards > 0) {
    pin = fmt::format("'shards: {}' pins it", a.shards);
  }
  std::string fix =
      pin.empty() ? UnpinnedWaysOut(c, a, out)
                  : fmt::format(
                        "{}; remove the pin so the derivation can take a maintainer whose item "
                        "fits, group by something finer, or correct the counts or rates",
                        pin);
  auto& d = c.diags.Error(
      DiagId::kAggregateGroupTooLarge, at,
      fmt::format("aggregate '{}' is {}, and its group item{} would hold about {:.0f} KB at "
                  "{:.0f} '{}' items per group, over DynamoDB's 400 KB item limit ({}): {}; {}",
                  a.name, KeptBy(out.maintainer),
                  sharded ? fmt::format(" (each of {} shards)", out.shards) : "",
                  std::ceil(f.group_item_bytes / 1024), f.items_per_group, of.name, fit,
                  kept.empty() ? std::string("its values and version")
                               : fmt::format("{}", fmt::join(kept, "; and ")),
                  fix));
  if (a.maintain)
    Diagnostics::Note(d, a.maintain_range, "the maintainer is pinned here");
  else if (a.shards > 0)
    Diagnostics::Note(d, a.shards_range, "the shards are pinned here");
  Diagnostics::Note(d, of.range, fmt::format("'{}' declares count {}", of.name, of.count));
  Diagnostics::Note(d, into.range, fmt::format("'{}' declares count {}", into.name, into.count));
  return false;
}

// A stream-kept aggregate's marks (layout.h SeenMarks, ChooseMarksFor): inline on the group item
// or mark items in the group's transaction, with both figures in the reasons; mark items enable
// Time to Live on the table's `ttl_attribute` when no entity has.
void ChooseMarks(Context& c, const AggregateDecl& a, AggregateLayout& out) {
  if (out.maintainer != Maintainer::kStream) return;
  const Entity& of = c.entity(a.of);
  MarksChoice m = ChooseMarksFor(c, out);
  out.marks = m.marks;
  const std::string figures = fmt::format(
      "inline on the group item a group update puts about {:.0f} bytes for {} WCU; as mark items "
      "it puts the item without them (about {:.0f} bytes) and one mark item (about {:.0f} bytes) "
      "in a TransactWriteItems, which costs twice the units "
      "(https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/"
      "transaction-apis.html#transaction-capacity-handling), {} WCU",
      m.inline_bytes, Units(m.inline_wcu), m.items_bytes, m.mark_item_bytes, Units(m.items_wcu));
  if (m.marks == SeenMarks::kItems) {
    const bool too_large = m.inline_bytes > kMaxItemBytes;
    out.reasons.push_back(
        {fmt::format("the consumer keeps its marks (the last stream record applied per '{}' item "
                     "and group, which make it idempotent) as items of their own, "
                     "_AGGSEEN#<item key>, expiring by Time to Live {} hours after their record: "
                     "{}{}",
                     of.name, kAggregateSeenRetentionSeconds / 3600, figures,
                     too_large ? "; inline they would pass DynamoDB's 400 KB item limit "
                                 "(https://docs.aws.amazon.com/amazondynamodb/latest/"
                                 "developerguide/ServiceQuotas.html)"
                               : ""),
         {}});
    if (c.layout.ttl_attribute.empty()) {
      c.layout.ttl_attribute = c.model.table.ttl_attribute;
      out.reasons.push_back(
          {fmt::format(
               "Time to Live is enabled on '{}' for the mark items to expire "
               "(https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/TTL.html)",
               c.layout.ttl_attribute),
           {}});
    }
    return;
  }
  out.reasons.push_back(
      {fmt::format("the consumer keeps its marks (the last stream record applied per '{}' item, "
                   "which make it idempotent) in _aggseen on the group item: {}{}",
                   of.name, figures,
                   m.items_blocked.empty() ? std::string()
                                           : fmt::format("; not as items: {}", m.items_blocked)),
       {}});
}

// A transaction-kept aggregate: every write pattern that can change it writes its groups in
// its own TransactWriteItems (WritePlan::aggregates).
//
// An update or delete must know the item's groups and values as they are, not as the caller
// last saw them: the plan reads the attributes the aggregate takes from the item first
// (WritePlan::read_first, strongly consistent) and guards the item's own update or delete with
// them (ItemWrite::guard_attributes), so a concurrent change of the item (another reassignment)
// cancels the transaction and the writer reads again, rather than take the item out of a group
// it has already left. Condition expressions:
// https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Expressions.ConditionExpressions.html
void GuardAggregateSources(const Context& c, const AggregateDecl& a, const WritePattern& w,
                           WritePlan& plan) {
  if (w.kind == WriteKind::kCreate) return;
  const Entity& of = c.entity(a.of);
  std::vector<AttrId> ids;
  for (const GroupPart& g : a.group) ids.push_back(g.source);
  // Whether the item matches the filter is part of its group (model.h AggregateDecl::filters).
  for (const FixedFilter& f : a.filters) ids.push_back(of.FindAttribute(f.attribute));
  for (const AggregateValue& v : a.values) {
    ids.push_back(v.source);
    ids.push_back(v.by);
  }
  std::vector<std::string> sources;
  for (std::size_t i = 0; i < of.attributes.size(); ++i) {
    const std::string& name = of.attributes[i].name;
    // The identifier's values name the item: the caller passes them and an update cannot change
    // them (its condition requires the item), so neither a read nor a guard tells anything about
    // them. A delete keeps them: its read and guard are what prove the item was there to count.
    bool identifier =
        w.kind == WriteKind::kUpdate && std::find(of.identifier.begin(), of.identifier.end(),
                                                  static_cast<AttrId>(i)) != of.identifier.end();
    bool needed =
        !identifier && std::find(ids.begin(), ids.end(), static_cast<AttrId>(i)) != ids.end();
    bool listed =
        std::find(plan.read_first.begin(), plan.read_first.end(), name) != plan.read_first.end();
    if (needed || listed) sources.push_back(name);
  }
  if (sources == plan.read_first) return;
  plan.read_first = sources;  // declaration order, as PlanReadFirst lists them
  const int main_type = c.layout.ItemTypesOf(a.of).front();
  for (ItemWrite& iw : plan.writes) {
    if (iw.item_type != main_type || (iw.op != WriteOp::kUpdate && iw.op != WriteOp::kDelete))
      continue;
    for (const std::string& name : sources) {
      if (std::find(iw.guard_attributes.begin(), iw.guard_attributes.end(), name) !=
          iw.guard_attributes.end())
        continue;
      iw.guard_attributes.push_back(name);
      iw.condition += fmt::format(" AND {0} = :{0}", name);
    }
  }
  plan.reasons.push_back(
      {fmt::format("reads {} first and guards the '{}' item's write with the values read: "
                   "aggregate '{}' takes its groups and values from them, and a concurrent "
                   "change must cancel the transaction rather than be counted twice",
                   fmt::join(sources, ", "), of.name, a.name),
       {plan.pattern}});
}

// Why write plan `plan` keeps aggregate `a` in its transaction, and how: each group item read
// first and put, or, kept by ADD (KeptByAdd), updated with no read.
}  // namespace

std::string TransactionReason(const Model& m, const KeyLayout& layout, const AggregateDecl& a,
                              AddUpkeep adds) {
  const Entity& into = m.entities[static_cast<std::size_t>(a.into)];
  if (adds == AddUpkeep::kNone)
    return fmt::format(
        "one transaction with the '{}' items of aggregate '{}' it changes, each "
        "read first with a strongly consistent GetItem (the values and version "
        "the put starts from; https://docs.aws.amazon.com/amazondynamodb/latest/"
        "developerguide/read-write-operations.html)",
        into.name, a.name);
  // What the UpdateItem does when the group's item is missing: the application makes the items
  // (the update is conditioned on attribute_exists(PK), exec::PlanGroupAdds), a check folded into
  // the update requires the item, or the update makes it.
  std::string missing;
  if (ApplicationMakesItems(m, a.into))
    missing = fmt::format(
        "conditioned on attribute_exists({}) since the application makes the '{}' items: a "
        "write whose group has no item is refused with its whole transaction",
        layout.partition_key, into.name);
  else if (adds == AddUpkeep::kCheckFolded)
    missing =
        "conditioned on the check folded into it, which requires the item to exist: a write "
        "whose group has no item yet is refused rather than make it";
  else
    missing = "making a group's item when the group gets its first item";
  // Natural-key indexes keyed on a value the ADD changes (KeptByAdd lets them be): DynamoDB moves
  // the item's entry there.
  std::vector<std::string> moved;
  const auto at = static_cast<std::size_t>(&a - m.aggregates.data());
  const int target = at < layout.aggregates.size() ? layout.aggregates[at].target_type : -1;
  if (target >= 0) {
    for (const IndexKeys& k : layout.item_types[static_cast<std::size_t>(target)].index_keys) {
      if (!m.table.NaturalIndex(k.index)) continue;
      for (const AggregateValue& v : a.values) {
        const std::string& name = into.attributes[static_cast<std::size_t>(v.target)].name;
        if (k.partition_key.Uses(name) || k.sort_key.Uses(name)) {
          moved.push_back(m.table.GsiName(k.index));
          break;
        }
      }
    }
  }
  // A sharded group (KeptByAdd: its `into` items are the application's) takes each change on
  // the shard its item hashes to; the `into` item is shard 0 and keeps the condition above.
  const int shards = at < layout.aggregates.size() ? layout.aggregates[at].shards : 1;
  if (shards > 1)
    missing = fmt::format(
        "on the one of the group's {} shards the changed item hashes to: shard 0 is the '{}' "
        "item, {}; an UpdateItem of another shard's item makes that item when missing (no read, "
        "no condition: reads reach it only through the '{}' item; "
        "https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/"
        "bp-partition-key-sharding.html)",
        shards, into.name, missing, into.name);
  if (!moved.empty())
    missing += fmt::format(
        "; {} {} keyed on a value it changes, so DynamoDB moves the item's entry there (a delete "
        "and a put, two index writes)",
        fmt::join(moved, ", "), moved.size() > 1 ? "are" : "is");
  return fmt::format(
      "one transaction with the '{}' items of aggregate '{}' it changes, each an UpdateItem "
      "that ADDs the change to the counts and sums, with no read first (an atomic counter: "
      "https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/"
      "WorkingWithItems.html#WorkingWithItems.AtomicCounters), {}",
      into.name, a.name, missing);
}

namespace {

void KeepInTransactions(Context& c, const AggregateDecl& a, int id, AggregateLayout& out) {
  if (out.maintainer != Maintainer::kTransaction) return;
  const Entity& of = c.entity(a.of);
  for (std::size_t w = 0; w < c.model.write_patterns.size(); ++w) {
    if (!Changes(c.model.write_patterns[w], a, of)) continue;
    WritePlan& plan = c.layout.writes[w];
    GuardAggregateSources(c, a, c.model.write_patterns[w], plan);
    plan.aggregates.push_back(id);
    plan.transaction = true;
    // Whether ADD keeps it depends on the aggregates planned after it too: PlanAggregates
    // rewrites the reason when they are all planned.
    plan.reasons.push_back(
        {TransactionReason(c.model, c.layout, a, AddUpkeep::kNone), {plan.pattern}});
    out.maintained_by.push_back(plan.pattern);
  }
}

// What the maintainer does with a group whose `into` item the application makes: the phrase
// ExplainApplicationWrites says for the read and Put, which PlanAggregates rewrites for an
// aggregate kept by ADD (KeptByAdd).
std::string UpdatesOnlyExisting(const Entity& into) {
  return fmt::format("the maintainer updates only '{}' items that exist and never creates one",
                     into.name);
}

// What the application's own writes of `into` mean for the values.
void ExplainApplicationWrites(const Context& c, const AggregateDecl& a, AggregateLayout& out) {
  const Model& m = c.model;
  const Entity& into = c.entity(a.into);
  std::vector<std::string> app_writes;
  bool app_creates = false, app_deletes = false, app_updates = false;
  for (const WritePattern& w : m.write_patterns) {
    if (w.entity != a.into) continue;
    app_writes.push_back(w.name);
    app_creates = app_creates || w.kind == WriteKind::kCreate;
    app_deletes = app_deletes || w.kind == WriteKind::kDelete;
    app_updates = app_updates || w.kind == WriteKind::kUpdate;
  }
  if (app_writes.empty()) return;
  if (out.maintainer == Maintainer::kRead) {
    out.reasons.push_back(
        {fmt::format("the application writes '{}' ({}): its items hold no value, so no write "
                     "of them can leave one stale",
                     into.name, fmt::join(app_writes, ", ")),
         app_writes});
    return;
  }
  std::vector<std::string> what;
  if (app_creates)
    what.push_back("its creates start the values at an empty group's (count and sum 0)");
  if (app_updates)
    what.push_back(
        "its updates leave them alone and bump the item's version, so the "
        "maintainer never writes a stale copy back");
  if (app_creates || app_deletes)
    what.push_back(UpdatesOnlyExisting(into));
  else
    what.push_back(
        fmt::format("the maintainer creates a group's '{}' item when the group gets its first item",
                    into.name));
  out.reasons.push_back({fmt::format("the application writes '{}' too ({}): {}", into.name,
                                     fmt::join(app_writes, ", "), fmt::join(what, "; ")),
                         app_writes});
}

// W510: Time to Live deletes expired `of` items itself, outside any write pattern; only the
// stream sees those deletions (REMOVE records from the DynamoDB service:
// https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/time-to-live-ttl-streams.html).
void WarnTtlOutsideTransactions(Context& c, const AggregateDecl& a, const AggregateLayout& out) {
  const Entity& of = c.entity(a.of);
  if (out.maintainer != Maintainer::kTransaction || of.ttl.empty()) return;
  // Joined counts never take an item out (model.h AggregateFunction::kJoined): an expiry
  // changes none of them.
  if (std::all_of(a.values.begin(), a.values.end(),
                  [](const AggregateValue& v) { return v.function == AggregateFunction::kJoined; }))
    return;
  // The stream's consumer, the one maintainer that sees those deletes, keeps one item per group
  // (no shards): offered only when that item fits DynamoDB's 400 KB, else E518 would refuse it.
  AggregateLayout streamed = out;
  streamed.maintainer = Maintainer::kStream;
  streamed.shards = 1;
  streamed.marks = ChooseMarksFor(c, streamed).marks;
  const double stream_bytes = EstimateAggregate(c.model, c.layout, streamed).group_item_bytes;
  const std::string growing = GrowingValues(c, a);
  const std::string fix =
      stream_bytes <= kMaxItemBytes
          ? fmt::format(
                "keep it with the table's stream ('streams: true', and no 'maintain: "
                "transaction' or strongly consistent read of '{}')",
                c.entity(a.into).name)
          : fmt::format(
                "the table's stream, which sees those deletes, cannot keep it: its consumer "
                "keeps one item per group, never shards, and that item would hold about "
                "{:.0f} KB, over DynamoDB's 400 KB (E518); delete expired '{}' items with a "
                "write pattern in place of Time to Live (remove 'ttl: {}'){}, or group by "
                "something finer",
                std::ceil(stream_bytes / 1024), of.name, of.ttl,
                growing.empty() ? std::string()
                                : fmt::format(", drop {} so that the stream's item fits", growing));
  auto& d = c.diags.Warning(
      DiagId::kAggregateMissesTtlDeletes, a.range,
      fmt::format("aggregate '{}' is kept in the writes' transactions, but Time to Live "
                  "deletes expired '{}' items without a write pattern, so its groups keep "
                  "counting them; {}",
                  a.name, of.name, fix));
  Diagnostics::Note(d, of.range, fmt::format("'{}' expires by 'ttl: {}'", of.name, of.ttl));
}

// W005: when no write pattern creates or deletes `into`, the maintainer (the stream consumer or
// the writes' transactions) creates the `into` item of a group that has none
// (model/exec/aggregates.h PlanGroupWrites, MaintainerCreatesGroups), from the group's
// identifier and the values of every aggregate kept on `into`. When `into` requires an attribute
// neither gives (a quota's target), such a group is skipped and its values are lost: a warning
// at `into`, unless the group is the `of` item's link to `into` in a relationship (the `into`
// item is then the parent that exists before any `of` item names it, as an Inventory's
// Product), or nothing stores the values (computed at read time, pinned or chosen: reads
// complete the items that exist and create none).
void WarnUncreatableGroups(Context& c, const AggregateDecl& a, const AggregateLayout& out) {
  if (out.maintainer == Maintainer::kRead) return;
  const Model& model = c.model;
  const Entity& of = c.entity(a.of);
  const Entity& into = c.entity(a.into);
  // The application makes and removes the `into` items: the maintainer only updates them.
  if (ApplicationMakesItems(model, a.into)) return;
  const Attribute* missing = AttributeAggregatesLeaveOut(model, a.into);
  if (!missing) return;
  std::vector<AttrId> sources;
  bool bucketed = false;
  for (const GroupPart& g : a.group) {
    bucketed = bucketed || g.bucket != TimeBucket::kNone;
    sources.push_back(g.source);
  }
  if (!bucketed) {
    for (const Relationship& r : model.relationships) {
      bool parent = r.cardinality == Cardinality::kManyToMany
                        ? r.through == a.of && ((r.from == a.into && r.link == sources) ||
                                                (r.to == a.into && r.link_to == sources))
                        : r.from == a.into && r.to == a.of && r.link == sources;
      if (parent) return;
    }
  }
  auto& diag = c.diags.Warning(
      DiagId::kAggregateGroupUncreatable, a.into_range,
      fmt::format("aggregate '{}' creates the '{}' item of each new group, but '{}' requires "
                  "'{}', which the aggregate does not write; a group with no '{}' item is "
                  "skipped and its '{}' items are not counted: make '{}' optional, or group by "
                  "a relationship's link from '{}' to '{}'",
                  a.name, into.name, into.name, missing->name, into.name, of.name, missing->name,
                  of.name, into.name));
  Diagnostics::Note(diag, missing->range, fmt::format("'{}' is declared here", missing->name));
}

// Whether aggregates `a` and `b` count the same items in the same groups, as far as `a`'s values
// go: one `of`, one group, and `b` counting every item (no filter) or `a`'s alone (its filter).
bool CountsGroupOf(const AggregateDecl& a, const AggregateDecl& b) {
  if (a.of != b.of || a.into != b.into || a.group.size() != b.group.size()) return false;
  for (std::size_t k = 0; k < a.group.size(); ++k) {
    if (a.group[k].target != b.group[k].target || a.group[k].source != b.group[k].source ||
        a.group[k].bucket != b.group[k].bucket)
      return false;
  }
  if (b.filters.empty()) return true;
  auto pairs = [](const AggregateDecl& d) {
    std::set<std::pair<std::string, std::string>> out;
    for (const FixedFilter& f : d.filters) out.insert({f.attribute, f.value});
    return out;
  };
  return pairs(a) == pairs(b);
}

// Whether clause `cl` of a delete of `into` holds only while aggregate `a`'s group is empty:
// `T = 0`, `T <= 0` or `T < 1` on the target T of a count (not a joined count) of an aggregate
// counting `a`'s items (CountsGroupOf), with a literal number.
bool StatesEmptyGroup(const Model& m, const AggregateDecl& a, const WriteCondition& cl) {
  if (!cl.parameter.empty() || cl.value.empty()) return false;
  char* end = nullptr;
  const double v = std::strtod(cl.value.c_str(), &end);
  if (end != cl.value.c_str() + cl.value.size()) return false;
  // A count is a whole number, never below 0: `= 0`, `<= 0` and `< 1` say the same.
  const bool empty = (cl.op == ConditionOp::kEq && v == 0) ||
                     (cl.op == ConditionOp::kLe && v >= 0 && v < 1) ||
                     (cl.op == ConditionOp::kLt && v > 0 && v <= 1);
  if (!empty) return false;
  const Entity& into = m.entities[static_cast<std::size_t>(a.into)];
  for (const AggregateDecl& b : m.aggregates) {
    if (!CountsGroupOf(a, b)) continue;
    for (const AggregateValue& v2 : b.values) {
      if (v2.function == AggregateFunction::kCount &&
          into.attributes[static_cast<std::size_t>(v2.target)].name == cl.attribute)
        return true;
    }
  }
  return false;
}

// W544: a write pattern deletes an `into` item whose values an aggregate stores (kept by the
// stream or the writes' transactions, not computed at read time) while the `of` items it
// aggregates may remain: nothing in the format deletes a whole group with its item (an `also`
// entry names one item), so they outlive it. A create of the same identifier then starts the
// values at an empty group's (model/exec/aggregates.h StartGroupValues), and the leftover items'
// later deletes and moves take from, or add to, values that never counted them (a count of -1
// after an unlike); kept by ADD, a leftover item's delete is refused outright (its group item is
// gone). No warning when the delete's condition states the group empty (StatesEmptyGroup), or
// when the aggregate's values are all joined counts (they never take an item out). One warning
// per delete pattern, naming every aggregate concerned.
void WarnOutlivedGroupItems(Context& c) {
  const Model& m = c.model;
  for (const WritePattern& wp : m.write_patterns) {
    if (wp.kind != WriteKind::kDelete) continue;
    std::vector<std::string> names;
    std::vector<const AggregateDecl*> concerned;
    std::string count_target;  // a count on the entity, to name in the remedy
    for (std::size_t i = 0; i < m.aggregates.size(); ++i) {
      const AggregateDecl& a = m.aggregates[i];
      if (a.into != wp.entity || c.layout.aggregates[i].maintainer == Maintainer::kRead) continue;
      if (std::all_of(a.values.begin(), a.values.end(), [](const AggregateValue& v) {
            return v.function == AggregateFunction::kJoined;
          }))
        continue;
      if (std::any_of(wp.conditions.begin(), wp.conditions.end(),
                      [&](const WriteCondition& cl) { return StatesEmptyGroup(m, a, cl); }))
        continue;
      names.push_back(fmt::format("'{}' over '{}'", a.name, c.entity(a.of).name));
      concerned.push_back(&a);
      // A count split over write shards is no condition's (E497): shard 0 holds its share.
      if (c.layout.aggregates[i].shards > 1) continue;
      for (const AggregateValue& v : a.values) {
        if (v.function == AggregateFunction::kCount && count_target.empty())
          count_target = c.entity(a.into).attributes[static_cast<std::size_t>(v.target)].name;
      }
    }
    if (concerned.empty()) continue;
    const Entity& into = c.entity(wp.entity);
    const bool recreated = std::any_of(
        m.write_patterns.begin(), m.write_patterns.end(), [&](const WritePattern& other) {
          return other.kind == WriteKind::kCreate && other.entity == wp.entity;
        });
    const bool sharded = std::any_of(concerned.begin(), concerned.end(), [&](const auto* a) {
      return c.layout.aggregates[static_cast<std::size_t>(a - m.aggregates.data())].shards > 1;
    });
    const std::string condition =
        !count_target.empty()
            ? fmt::format(
                  "condition the delete on the group being empty ('condition: {{ {}: "
                  "\"= 0\" }}': DynamoDB then refuses it while items remain)",
                  count_target)
        : sharded ? std::string(
                        "pin 'shards: 1' and condition the delete on a count being 0 "
                        "(a condition sees only shard 0's share of a sharded one)")
                  : std::string(
                        "add a count to the aggregate and condition the delete on it "
                        "being 0");
    auto& d = c.diags.Warning(
        DiagId::kGroupItemOutlived, wp.range,
        fmt::format(
            "'{}' may delete a '{}' item whose group still holds items (aggregate{} {}): they "
            "outlive it, {}; {}, delete the items first with their own write pattern, or "
            "compute the values at read time ('maintain: read')",
            wp.name, into.name, concerned.size() == 1 ? "" : "s", fmt::join(names, ", "),
            recreated
                ? "and a create of the same identifier starts the values at an empty group's, "
                  "so the leftover items' deletes and moves take from values that never counted "
                  "them (a count of -1)"
                : "and their later deletes and moves find no item to take them from (kept by ADD, "
                  "they are refused)",
            condition));
    for (const AggregateDecl* a : concerned)
      Diagnostics::Note(d, a->range,
                        fmt::format("'{}' keeps its values on '{}'", a->name, into.name));
  }
}

}  // namespace

void PlanAggregates(Context& c) {
  const Model& m = c.model;
  std::vector<int> group_item_reasons(m.aggregates.size(), -1);
  for (std::size_t i = 0; i < m.aggregates.size(); ++i) {
    const AggregateDecl& a = m.aggregates[i];
    const int id = static_cast<int>(i);
    AggregateLayout out;
    out.name = a.name;
    out.aggregate_id = id;
    out.source_type = c.layout.ItemTypesOf(a.of).front();
    out.target_type = c.layout.ItemTypesOf(a.into).front();
    AggregateInputs in = InputsOf(c, a, out);
    if (ChooseMaintainer(c, a, in, out)) {
      ChooseMarks(c, a, out);
      // The shards SizeGroupShards gives it, so that the group item's size is one shard's.
      if (out.maintainer == Maintainer::kTransaction) out.shards = TransactionShards(c, a, out);
      ExplainWriteLoad(c, a, id, in, out);
      group_item_reasons[i] = ExplainGroupItem(c, a, out);
      KeepInTransactions(c, a, id, out);
      ExplainApplicationWrites(c, a, out);
      WarnUncreatableGroups(c, a, out);
      WarnTtlOutsideTransactions(c, a, out);
      SizeGroupShards(c, a, c.entity(a.into), id, out);
    } else {
      c.failed = true;
    }
    // Pushed even after an error, so that AggregateLayout ids stay the declaration's indexes
    // for the aggregates planned after it (the layout is dropped when c.failed).
    c.layout.aggregates.push_back(std::move(out));
  }
  if (c.failed) return;
  for (std::size_t i = 0; i < m.aggregates.size(); ++i) {
    if (!FinishGroupItem(c, m.aggregates[i], c.layout.aggregates[i], group_item_reasons[i]))
      c.failed = true;
  }
  WarnOutlivedGroupItems(c);
  // The writes keeping counts and sums by ADD (KeptByAdd, now that every aggregate on their
  // `into` is planned) say so in place of the read and put.
  for (std::size_t i = 0; i < m.aggregates.size(); ++i) {
    if (!KeptByAdd(m, c.layout, static_cast<int>(i))) continue;
    const AggregateDecl& a = m.aggregates[i];
    const std::string put = TransactionReason(m, c.layout, a, AddUpkeep::kNone);
    for (WritePlan& plan : c.layout.writes) {
      for (Reason& r : plan.reasons)
        if (r.text == put) r.text = TransactionReason(m, c.layout, a, AddUpkeep::kAdds);
    }
    // The updates of items the application makes are conditioned on their existence
    // (exec::PlanGroupAdds): a write whose group has none is refused, not applied to no group.
    const std::string only = UpdatesOnlyExisting(c.entity(a.into));
    for (Reason& r : c.layout.aggregates[i].reasons) {
      const std::size_t at = r.text.find(only);
      if (at == std::string::npos) continue;
      // Sharded, only the changes landing on shard 0 (the `into` item) update it; the others
      // ADD to their shard's item (exec::PlanGroupAdds).
      const int shards = c.layout.aggregates[i].shards;
      r.text.replace(
          at, only.size(),
          fmt::format("the maintainer's UpdateItem {}requires the '{}' item to exist "
                      "(attribute_exists({})) and never creates one: a write whose group has no "
                      "item is refused{}",
                      shards > 1 ? "of shard 0 " : "", c.entity(a.into).name,
                      c.layout.partition_key,
                      shards > 1 ? " when it lands on shard 0 (on another shard it goes into "
                                   "that shard's item, which no read reaches without the "
                                   "group's item)"
                                 : ""));
    }
  }
}

}  // namespace model::derive
