#include "codegen/report/design_compare.h"

#include <fmt/format.h>

#include <cmath>
#include <map>

#include "codegen/report/design_text.h"
#include "codegen/writer/json.h"
#include "codegen/writer/printer.h"
#include "codegen/writer/text_table.h"
#include "model/cost.h"

namespace model {

namespace {

using codegen::Json;
using codegen::Printer;
using codegen::RenderTextTable;

// Names only in `first` (in its order), as "entity 'X'" phrases.
void OnlyIn(const std::vector<std::string>& first, const std::vector<std::string>& second,
            const std::string& what, const std::string& first_name, const std::string& second_name,
            std::vector<std::string>* out) {
  for (const auto& n : first) {
    bool found = false;
    for (const auto& m : second) found = found || m == n;
    if (!found) {
      out->push_back(
          fmt::format("{} '{}' is declared in {} but not in {}", what, n, first_name, second_name));
    }
  }
}

std::vector<std::string> EntityNames(const Model& m) {
  std::vector<std::string> out;
  for (const auto& e : m.entities) out.push_back(e.name);
  return out;
}
std::vector<std::string> ReadNames(const Model& m) {
  std::vector<std::string> out;
  for (const auto& p : m.access_patterns) out.push_back(p.name);
  return out;
}
std::vector<std::string> WriteNames(const Model& m) {
  std::vector<std::string> out;
  for (const auto& p : m.write_patterns) out.push_back(p.name);
  return out;
}

struct Side {
  WorkloadCost cost;
  std::map<std::string, const PatternCost*> by_name;
  int gsis = 0;
  int item_types = 0;
};

Side Price(const ComparedDesign& d) {
  Side s;
  s.cost = EstimateWorkload(*d.model, *d.layout);
  for (const auto& c : s.cost.reads) s.by_name[c.name] = &c;
  for (const auto& c : s.cost.writes) s.by_name[c.name] = &c;
  s.gsis = static_cast<int>(d.layout->indexes.size());
  s.item_types = static_cast<int>(d.layout->item_types.size());
  return s;
}

// Each PatternCost of `a` (reads, then writes) with its counterpart in `b`.
std::vector<std::pair<const PatternCost*, const PatternCost*>> Rows(const Side& a, const Side& b) {
  std::vector<std::pair<const PatternCost*, const PatternCost*>> rows;
  auto add = [&](const std::vector<PatternCost>& list) {
    for (const auto& c : list) rows.emplace_back(&c, b.by_name.at(c.name));
  };
  add(a.cost.reads);
  add(a.cost.writes);
  return rows;
}

std::string Units(const PatternCost& c, double value) {
  return fmt::format("{}{} {}", c.upper_bound ? "<= " : "", CostFigure(value),
                     c.write ? "WCU" : "RCU");
}

std::string Dollars(const PatternCost& c) {
  return (c.upper_bound ? "<= " : "") + CostDollars(c.monthly_cost_usd);
}

// "+$12.50", "-$3", "$0".
std::string Difference(double usd) {
  if (std::fabs(usd) < 0.005) return "$0";
  return (usd > 0 ? "+" : "-") + CostDollars(std::fabs(usd));
}

std::string Summary(const ComparedDesign& d, const Side& s) {
  return fmt::format("{}: {} GSI{}, {} item type{}", d.name, s.gsis, s.gsis == 1 ? "" : "s",
                     s.item_types, s.item_types == 1 ? "" : "s");
}

const char* BillingName(BillingMode b) {
  return b == BillingMode::kProvisioned ? "provisioned" : "on_demand";
}

Json SideJson(const PatternCost& c) {
  Json j;
  j["requests"] = c.requests;
  j["units_per_call"] = c.units_per_call;
  j["units_per_s"] = c.units_per_s;
  j["monthly_cost_usd"] = c.monthly_cost_usd;
  j["upper_bound"] = c.upper_bound;
  return j;
}

Json TotalJson(const ComparedDesign& d, const Side& s) {
  Json j;
  j["file"] = d.name;
  j["gsis"] = s.gsis;
  j["item_types"] = s.item_types;
  j["rcu_per_s"] = s.cost.rcu_per_s;
  j["wcu_per_s"] = s.cost.wcu_per_s;
  j["monthly_cost_usd"] = s.cost.monthly_cost_usd;
  j["upper_bound"] = s.cost.upper_bound;
  return j;
}

}  // namespace

std::vector<std::string> CompareMismatches(const ComparedDesign& a, const ComparedDesign& b) {
  std::vector<std::string> out;
  const Model& ma = *a.model;
  const Model& mb = *b.model;
  OnlyIn(EntityNames(ma), EntityNames(mb), "entity", a.name, b.name, &out);
  OnlyIn(EntityNames(mb), EntityNames(ma), "entity", b.name, a.name, &out);
  std::vector<std::string> reads_a = ReadNames(ma);
  std::vector<std::string> reads_b = ReadNames(mb);
  std::vector<std::string> writes_a = WriteNames(ma);
  std::vector<std::string> writes_b = WriteNames(mb);
  auto kind_swapped = [&](const std::string& name, const std::vector<std::string>& other) {
    for (const auto& n : other) {
      if (n == name) return true;
    }
    return false;
  };
  for (const auto& n : reads_a) {
    if (kind_swapped(n, writes_b)) {
      out.push_back(fmt::format("'{}' is an access pattern in {} but a write pattern in {}", n,
                                a.name, b.name));
    }
  }
  for (const auto& n : writes_a) {
    if (kind_swapped(n, reads_b)) {
      out.push_back(fmt::format("'{}' is a write pattern in {} but an access pattern in {}", n,
                                a.name, b.name));
    }
  }
  auto only = [&](const std::vector<std::string>& mine, const std::vector<std::string>& theirs,
                  const std::vector<std::string>& theirs_other_kind, const char* what,
                  const std::string& mine_name, const std::string& theirs_name) {
    for (const auto& n : mine) {
      if (kind_swapped(n, theirs) || kind_swapped(n, theirs_other_kind)) continue;
      out.push_back(
          fmt::format("{} '{}' is declared in {} but not in {}", what, n, mine_name, theirs_name));
    }
  };
  only(reads_a, reads_b, writes_b, "access pattern", a.name, b.name);
  only(reads_b, reads_a, writes_a, "access pattern", b.name, a.name);
  only(writes_a, writes_b, reads_b, "write pattern", a.name, b.name);
  only(writes_b, writes_a, reads_a, "write pattern", b.name, a.name);
  return out;
}

std::string RenderDesignComparison(const ComparedDesign& a, const ComparedDesign& b) {
  Side sa = Price(a);
  Side sb = Price(b);
  Printer p;
  p.Emit({{"a", Summary(a, sa)}, {"b", Summary(b, sb)}},
         "Comparing two layouts of the same workload\n"
         "  first:  $a$\n"
         "  second: $b$\n\n");
  std::vector<std::vector<std::string>> rows;
  std::vector<std::string> rates;
  for (const auto& [ca, cb] : Rows(sa, sb)) {
    rows.push_back({ca->name, ca->write ? "write" : "read", CostFigure(ca->requests),
                    CostFigure(cb->requests), Units(*ca, ca->units_per_call),
                    Units(*cb, cb->units_per_call), Units(*ca, ca->units_per_s),
                    Units(*cb, cb->units_per_s), Dollars(*ca), Dollars(*cb),
                    Difference(cb->monthly_cost_usd - ca->monthly_cost_usd)});
    if (std::fabs(ca->rate - cb->rate) > 1e-9) {
      rates.push_back(fmt::format("{}: {}/s in the first, {}/s in the second", ca->name,
                                  CostFigure(ca->rate), CostFigure(cb->rate)));
    }
  }
  p.Emit("Cost per pattern at each model's declared rates (first | second)\n");
  p.Emit(RenderTextTable(
      {"Pattern", "Kind", "Requests 1st", "Requests 2nd", "Units/call 1st", "Units/call 2nd",
       "Units/s 1st", "Units/s 2nd", "Monthly 1st", "Monthly 2nd", "Difference"},
      rows));
  auto total = [](const Side& s) {
    std::string bound = s.cost.upper_bound ? "at most " : "";
    return fmt::format("{}{} RCU/s and {} WCU/s, {}{} per month", bound,
                       CostFigure(s.cost.rcu_per_s), CostFigure(s.cost.wcu_per_s), bound,
                       CostDollars(s.cost.monthly_cost_usd));
  };
  p.Emit({{"a", total(sa)},
          {"b", total(sb)},
          {"d", Difference(sb.cost.monthly_cost_usd - sa.cost.monthly_cost_usd)}},
         "Total, first:  $a$\n"
         "Total, second: $b$\n"
         "Difference (second - first): $d$ per month\n");
  if (sa.cost.billing != sb.cost.billing) {
    p.Emit({{"a", BillingName(sa.cost.billing)}, {"b", BillingName(sb.cost.billing)}},
           "Billing differs: the first is priced $a$, the second $b$\n");
  }
  for (const auto& r : rates) p.Emit({{"r", r}}, "Rates differ: $r$\n");
  if (sa.cost.upper_bound || sb.cost.upper_bound) {
    p.Emit("<= : a range without a limit, counted as the whole partition (an upper bound)\n");
  }
  return p.Release();
}

std::string RenderDesignComparisonJson(const ComparedDesign& a, const ComparedDesign& b) {
  Side sa = Price(a);
  Side sb = Price(b);
  Json j;
  j["first"] = TotalJson(a, sa);
  j["second"] = TotalJson(b, sb);
  j["billing"] = Json::array({BillingName(sa.cost.billing), BillingName(sb.cost.billing)});
  Json patterns = Json::array();
  for (const auto& [ca, cb] : Rows(sa, sb)) {
    Json row;
    row["name"] = ca->name;
    row["kind"] = ca->write ? "write" : "read";
    row["rate"] = Json::array({ca->rate, cb->rate});
    row["first"] = SideJson(*ca);
    row["second"] = SideJson(*cb);
    row["difference_usd"] = cb->monthly_cost_usd - ca->monthly_cost_usd;
    patterns.push_back(row);
  }
  j["patterns"] = patterns;
  j["difference_usd"] = sb.cost.monthly_cost_usd - sa.cost.monthly_cost_usd;
  return codegen::DumpJson(j);
}

}  // namespace model
