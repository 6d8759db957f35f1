#include "model/hot_partitions.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <cmath>
#include <tuple>

#include "model/check_report.h"
#include "model/cost.h"

namespace model {

namespace {

bool Returns(const AccessPattern& p, EntityId e) {
  return std::find(p.returns.begin(), p.returns.end(), e) != p.returns.end();
}

const ReadPlan* PlanOf(const KeyLayout& layout, int pattern) {
  for (const ReadPlan& r : layout.reads) {
    if (r.pattern_id == pattern) return &r;
  }
  return nullptr;
}

// "30%", "2.5%", "0.01%".
std::string Share(double share) {
  const double pct = share * 100;
  if (pct < 0.1) return fmt::format("{:.2g}%", pct);
  const double tenths = std::round(pct * 10) / 10;
  if (std::fabs(tenths - std::round(tenths)) < 1e-9) return fmt::format("{:.0f}%", tenths);
  return fmt::format("{:.1f}%", tenths);
}

}  // namespace

int NeededWriteShards(double wcu_per_s) {
  return static_cast<int>(
      std::clamp(std::ceil(wcu_per_s / kPartitionWriteLimit - 1e-9), 1.0, double{kMaxWriteShards}));
}

std::string PartitionName(const HotPartition& h) { return fmt::format("{}: {}", h.where, h.key); }

std::string DescribeParts(const HotPartition& h, bool writes) {
  std::string out;
  for (const HotPartitionPart& part : h.parts) {
    if (part.write != writes || part.units_per_s <= 0) continue;
    if (!out.empty()) out += ", ";
    out += fmt::format("{} {} of {}", part.pattern, Share(part.share), writes ? "writes" : "calls");
  }
  return out;
}

std::string DescribeReadUnits(const HotPartition& h) {
  std::vector<std::string> out;
  for (const HotPartitionPart& part : h.parts) {
    if (part.write || part.units_per_s <= 0) continue;
    const double u = part.units_per_s;
    out.push_back(std::fabs(u - std::round(u)) < 1e-9
                      ? fmt::format("{} {:.0f} RCU/s", part.pattern, u)
                      : fmt::format("{} {:.2f} RCU/s", part.pattern, u));
  }
  return fmt::format("{}", fmt::join(out, ", "));
}

// Sums every read and write on `h`'s key into `h` (its hot patterns already found); the writes
// leave out the group items of aggregate `skip_aggregate` (-1 none) and of aggregates not yet in
// `layout.aggregates` (a derivation placing them), and count the write patterns in
// `transactions` as transactions.
void SumLoad(const Model& m, const KeyLayout& layout, HotPartition& h, int skip_aggregate = -1,
             const std::vector<int>& transactions = {}) {
  // Reads: every pattern whose plan reads the key.
  for (const ReadPlan& plan : layout.reads) {
    if (plan.index != h.index || plan.key.partition_key.ToString() != h.key) continue;
    const AccessPattern& p = m.access_patterns[static_cast<std::size_t>(plan.pattern_id)];
    ReadFigures f = EstimateRead(m, layout, plan);
    HotPartitionPart part;
    part.pattern = p.name;
    part.pattern_id = plan.pattern_id;
    part.declared = p.hot_share.has_value();
    part.share = p.hot_share ? *p.hot_share : 1.0 / std::max(1.0, f.partitions);
    part.per_s = part.share * p.rate;
    part.units_per_s = part.per_s * f.key_rcu_per_call;
    h.reads_per_s += part.per_s;
    h.rcu_per_s += part.units_per_s;
    // A fan-out reads every shard on each call: each shard takes its part of the units.
    double spread = plan.operation == Operation::kFanOutQuery && plan.shards > 0
                        ? static_cast<double>(plan.shards)
                        : 1.0;
    h.rcu_per_shard_s += part.units_per_s / spread;
    h.shards = std::max(h.shards, plan.shards);
    h.parts.push_back(part);
  }
  // Writes: every write pattern's units on the key.
  for (const WritePlan& plan : layout.writes) {
    if (plan.pattern_id < 0) continue;
    const WritePattern& w = m.write_patterns[static_cast<std::size_t>(plan.pattern_id)];
    WritePlan kept = plan;
    kept.aggregates.erase(std::remove_if(kept.aggregates.begin(), kept.aggregates.end(),
                                         [&](int id) {
                                           return id == skip_aggregate ||
                                                  static_cast<std::size_t>(id) >=
                                                      layout.aggregates.size();
                                         }),
                          kept.aggregates.end());
    if (std::find(transactions.begin(), transactions.end(), plan.pattern_id) != transactions.end())
      kept.transaction = true;
    WriteFigures f = EstimateWrite(m, layout, kept);
    HotPartitionPart part;
    part.pattern = w.name;
    part.pattern_id = plan.pattern_id;
    part.write = true;
    for (const WriteFigures::PartitionUnits& u : f.partition_units) {
      if (u.index != h.index || u.key != h.key) continue;
      double share = 1.0 / std::max(1.0, u.distinct);
      bool declared = false;
      for (int pid : h.hot_patterns) {
        const AccessPattern& p = m.access_patterns[static_cast<std::size_t>(pid)];
        if (!Returns(p, w.entity) && !Returns(p, u.entity)) continue;
        if (!declared || *p.hot_share > share) share = *p.hot_share;
        declared = true;
      }
      part.declared = part.declared || declared;
      part.share = std::max(part.share, share);
      part.units_per_s += share * w.rate * u.units_per_call;
      h.shards = std::max(h.shards, u.shards);
    }
    if (part.units_per_s <= 0) continue;
    part.per_s = part.share * w.rate;
    h.wcu_per_s += part.units_per_s;
    h.parts.push_back(part);
  }
  h.wcu_per_shard_s = h.wcu_per_s / std::max(1, h.shards);
}

HotPartition PartitionWrites(const Model& m, const KeyLayout& layout, int index,
                             const std::string& key, int skip_aggregate,
                             const std::vector<int>& transactions) {
  HotPartition h;
  h.index = index;
  h.where = index == 0 || static_cast<std::size_t>(index) > layout.indexes.size()
                ? std::string("table")
                : layout.indexes[static_cast<std::size_t>(index - 1)].name;
  h.key = key;
  for (std::size_t i = 0; i < m.access_patterns.size(); ++i) {
    const AccessPattern& p = m.access_patterns[i];
    if (!p.hot_share) continue;
    const ReadPlan* plan = PlanOf(layout, static_cast<int>(i));
    if (!plan || plan->index != index || plan->key.partition_key.ToString() != key) continue;
    h.hot_patterns.push_back(static_cast<int>(i));
    h.share = std::max(h.share, *p.hot_share);
  }
  SumLoad(m, layout, h, skip_aggregate, transactions);
  // The writes alone: the reads summed with them are dropped.
  h.parts.erase(std::remove_if(h.parts.begin(), h.parts.end(),
                               [](const HotPartitionPart& part) { return !part.write; }),
                h.parts.end());
  h.reads_per_s = h.rcu_per_s = h.rcu_per_shard_s = 0;
  return h;
}

std::vector<HotPartition> HotPartitions(const Model& m, const KeyLayout& layout) {
  std::vector<HotPartition> out;
  // The keys, from the hot patterns' plans.
  for (std::size_t i = 0; i < m.access_patterns.size(); ++i) {
    const AccessPattern& p = m.access_patterns[i];
    if (!p.hot_share) continue;
    const ReadPlan* plan = PlanOf(layout, static_cast<int>(i));
    if (!plan) continue;
    std::string key = plan->key.partition_key.ToString();
    auto it = std::find_if(out.begin(), out.end(), [&](const HotPartition& h) {
      return h.index == plan->index && h.key == key;
    });
    if (it == out.end()) {
      HotPartition h;
      h.index = plan->index;
      h.where = plan->index == 0 || static_cast<std::size_t>(plan->index) > layout.indexes.size()
                    ? std::string("table")
                    : layout.indexes[static_cast<std::size_t>(plan->index - 1)].name;
      h.key = key;
      out.push_back(h);
      it = out.end() - 1;
    }
    it->hot_patterns.push_back(static_cast<int>(i));
    it->share = std::max(it->share, *p.hot_share);
  }
  for (HotPartition& h : out) SumLoad(m, layout, h);
  return out;
}

std::vector<HotPartition> SharedPartitions(const Model& m, const KeyLayout& layout) {
  std::vector<HotPartition> hot = HotPartitions(m, layout);
  std::vector<HotPartition> inverted = InvertedConstantPartitions(m, layout);
  auto in = [](const std::vector<HotPartition>& v, int index, const std::string& key) {
    return std::any_of(v.begin(), v.end(),
                       [&](const HotPartition& h) { return h.index == index && h.key == key; });
  };
  std::vector<HotPartition> out;
  std::vector<int> plans;  // read plans per key, as `out`
  for (const ReadPlan& plan : layout.reads) {
    std::string key = plan.key.partition_key.ToString();
    if (key.empty() || plan.operation == Operation::kScan || in(hot, plan.index, key) ||
        in(inverted, plan.index, key))
      continue;
    auto it = std::find_if(out.begin(), out.end(), [&](const HotPartition& h) {
      return h.index == plan.index && h.key == key;
    });
    if (it != out.end()) {
      ++plans[static_cast<std::size_t>(it - out.begin())];
      continue;
    }
    HotPartition h;
    h.index = plan.index;
    h.where = plan.index == 0 || static_cast<std::size_t>(plan.index) > layout.indexes.size()
                  ? std::string("table")
                  : layout.indexes[static_cast<std::size_t>(plan.index - 1)].name;
    h.key = key;
    out.push_back(h);
    plans.push_back(1);
  }
  std::vector<HotPartition> kept;
  for (std::size_t k = 0; k < out.size(); ++k) {
    if (plans[k] < 2 && !(out[k].index > 0 && m.table.NaturalIndex(out[k].index))) continue;
    SumLoad(m, layout, out[k]);
    kept.push_back(std::move(out[k]));
  }
  return kept;
}

bool ConstantKey(const HotPartition& h) {
  std::string rest = h.key;
  const std::string shard = std::string("{") + kShardAttribute + "}";
  for (std::size_t at = rest.find(shard); at != std::string::npos; at = rest.find(shard))
    rest.erase(at, shard.size());
  return rest.find('{') == std::string::npos;
}

std::vector<HotPartition> InvertedConstantPartitions(const Model& m, const KeyLayout& layout) {
  std::vector<HotPartition> out;
  for (const ReadPlan& plan : layout.reads) {
    if (plan.index <= 0 || !m.table.InvertedIndex(plan.index) ||
        static_cast<std::size_t>(plan.index) > layout.indexes.size())
      continue;
    std::string key = plan.key.partition_key.ToString();
    if (key.empty() || key.find('{') != std::string::npos) continue;
    auto it = std::find_if(out.begin(), out.end(), [&](const HotPartition& h) {
      return h.index == plan.index && h.key == key;
    });
    if (it != out.end()) continue;
    HotPartition h;
    h.index = plan.index;
    h.where = layout.indexes[static_cast<std::size_t>(plan.index - 1)].name;
    h.key = key;
    out.push_back(h);
  }
  std::sort(out.begin(), out.end(), [](const HotPartition& a, const HotPartition& b) {
    return std::tie(a.index, a.key) < std::tie(b.index, b.key);
  });
  for (HotPartition& h : out) SumLoad(m, layout, h);
  return out;
}

}  // namespace model
