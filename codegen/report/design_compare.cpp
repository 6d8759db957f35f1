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
  int gsis = 0;
  int item_types = 0;
};

Side Price(const ComparedDesign& d) {
  Side s;
  s.cost = EstimateWorkload(*d.model, *d.layout);
  s.gsis = static_cast<int>(d.layout->indexes.size());
  s.item_types = static_cast<int>(d.layout->item_types.size());
  return s;
}

// One row of the comparison: a pattern, a write's group reads or a stream consumer's reads or
// writes (WorkloadCost), with its cost in each layout; null where that layout has no such row
// (an aggregate kept by the stream in one and in the writes' transactions in the other).
struct Row {
  std::string name;
  std::string kind;  // "read", "write", "first read", "group read", "stream read", "stream write"
  const PatternCost* first = nullptr;
  const PatternCost* second = nullptr;
};

// A layout's rows in the cost summary's order: reads, each write followed by its group reads,
// then the stream consumers' rows.
std::vector<std::pair<std::string, const PatternCost*>> Listed(const WorkloadCost& cost) {
  std::vector<std::pair<std::string, const PatternCost*>> out;
  for (const auto& c : cost.reads) out.emplace_back("read", &c);
  for (const auto& c : cost.writes) {
    out.emplace_back("write", &c);
    for (const auto& g : cost.first_reads)
      if (g.name == c.name) out.emplace_back("first read", &g);
    for (const auto& g : cost.group_reads)
      if (g.name == c.name) out.emplace_back("group read", &g);
  }
  for (const auto& c : cost.consumers)
    out.emplace_back(c.write ? "stream write" : "stream read", &c);
  return out;
}

// The first layout's rows with their counterparts in the second, then the rows only the second
// has (group reads or stream consumers the first does not keep that way): a group read under its
// write's row, a consumer's rows at the end.
std::vector<Row> Rows(const Side& a, const Side& b) {
  std::vector<Row> rows;
  auto find = [&](const std::string& kind, const std::string& name) {
    for (std::size_t i = 0; i < rows.size(); ++i)
      if (rows[i].kind == kind && rows[i].name == name) return i;
    return rows.size();
  };
  for (const auto& [kind, c] : Listed(a.cost)) rows.push_back(Row{c->name, kind, c, nullptr});
  for (const auto& [kind, c] : Listed(b.cost)) {
    std::size_t at = find(kind, c->name);
    if (at < rows.size()) {
      rows[at].second = c;
      continue;
    }
    // Under its write, in the cost summary's order: first read, then group read.
    std::size_t at_write =
        kind == "group read" || kind == "first read" ? find("write", c->name) : rows.size();
    std::size_t where = rows.size();
    if (at_write < rows.size()) {
      where = at_write + 1;
      if (kind == "group read" && where < rows.size() && rows[where].kind == "first read" &&
          rows[where].name == c->name)
        ++where;
    }
    rows.insert(rows.begin() + static_cast<std::ptrdiff_t>(where), Row{c->name, kind, nullptr, c});
  }
  return rows;
}

// A side's figures, "-" where that layout has no such row.
std::string Units(const PatternCost* c, double PatternCost::*field) {
  if (!c) return "-";
  return fmt::format("{}{} {}", c->upper_bound ? "<= " : "", CostFigure(c->*field),
                     c->write ? "WCU" : "RCU");
}

std::string Requests(const PatternCost* c) { return c ? CostFigure(c->requests) : "-"; }

std::string Dollars(const PatternCost* c) {
  if (!c) return "-";
  return (c->upper_bound ? "<= " : "") + CostDollars(c->monthly_cost_usd);
}

double Monthly(const PatternCost* c) { return c ? c->monthly_cost_usd : 0; }

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

Json SideJson(const PatternCost* c) {
  if (!c) return Json(nullptr);
  Json j;
  j["requests"] = c->requests;
  j["units_per_call"] = c->units_per_call;
  j["units_per_s"] = c->units_per_s;
  j["monthly_cost_usd"] = c->monthly_cost_usd;
  j["upper_bound"] = c->upper_bound;
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
  bool one_sided = false, aggregate_rows = false;
  for (const Row& r : Rows(sa, sb)) {
    rows.push_back({r.name, r.kind, Requests(r.first), Requests(r.second),
                    Units(r.first, &PatternCost::units_per_call),
                    Units(r.second, &PatternCost::units_per_call),
                    Units(r.first, &PatternCost::units_per_s),
                    Units(r.second, &PatternCost::units_per_s), Dollars(r.first), Dollars(r.second),
                    Difference(Monthly(r.second) - Monthly(r.first))});
    one_sided = one_sided || !r.first || !r.second;
    aggregate_rows = aggregate_rows || (r.kind != "read" && r.kind != "write");
    // A pattern's rate; an aggregate's rows follow from the write patterns' rates.
    if ((r.kind == "read" || r.kind == "write") && r.first && r.second &&
        std::fabs(r.first->rate - r.second->rate) > 1e-9) {
      rates.push_back(fmt::format("{}: {}/s in the first, {}/s in the second", r.name,
                                  CostFigure(r.first->rate), CostFigure(r.second->rate)));
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
  if (aggregate_rows) {
    p.Emit(
        "first read: a write's strongly consistent GetItem of its own item before it writes it; "
        "group read: a write's strongly consistent GetItems of the group items of the aggregates "
        "it keeps in its transaction; stream read / stream write: a stream-kept aggregate's "
        "consumer, per group it updates (model design's cost summary)\n");
  }
  if (one_sided) {
    p.Emit(
        "- : that layout has no such row (it keeps the aggregate another way, or writes without "
        "reading first)\n");
  }
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
  for (const Row& r : Rows(sa, sb)) {
    Json row;
    row["name"] = r.name;
    row["kind"] = r.kind;
    row["rate"] = Json::array({r.first ? Json(r.first->rate) : Json(nullptr),
                               r.second ? Json(r.second->rate) : Json(nullptr)});
    row["first"] = SideJson(r.first);
    row["second"] = SideJson(r.second);
    row["difference_usd"] = Monthly(r.second) - Monthly(r.first);
    patterns.push_back(row);
  }
  j["patterns"] = patterns;
  j["difference_usd"] = sb.cost.monthly_cost_usd - sa.cost.monthly_cost_usd;
  return codegen::DumpJson(j);
}

}  // namespace model
