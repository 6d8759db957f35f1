#include "codegen/report/design_compare.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <optional>

#include "codegen/report/design_text.h"
#include "codegen/writer/json.h"
#include "codegen/writer/printer.h"
#include "codegen/writer/text_table.h"
#include "model/cost.h"

namespace model {

namespace {

using codegen::Join;
using codegen::Json;
using codegen::Printer;
using codegen::RenderTextTable;
using codegen::RoundedFigure;

bool Contains(const std::vector<std::string>& names, const std::string& name) {
  return std::find(names.begin(), names.end(), name) != names.end();
}

// The names of `first` that `second` lacks, in `first`'s order.
std::vector<std::string> Missing(const std::vector<std::string>& first,
                                 const std::vector<std::string>& second) {
  std::vector<std::string> out;
  for (const auto& n : first)
    if (!Contains(second, n)) out.push_back(n);
  return out;
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
std::vector<std::string> AggregateNames(const Model& m) {
  std::vector<std::string> out;
  for (const auto& a : m.aggregates) out.push_back(a.name);
  return out;
}

// One layout priced: model/cost.h's workload cost, and the layout's size.
struct Side {
  const ComparedDesign* design = nullptr;
  WorkloadCost cost;
  int gsis = 0;
  int item_types = 0;
};

Side Price(const ComparedDesign& d) {
  Side s;
  s.design = &d;
  s.cost = EstimateWorkload(*d.model, *d.layout);
  s.gsis = static_cast<int>(d.layout->indexes.size());
  s.item_types = static_cast<int>(d.layout->item_types.size());
  return s;
}

// One row of the comparison: a pattern, a write's first read, group reads or children read, or a
// stream consumer's reads or writes (WorkloadCost), with its cost in each layout; null where that
// layout has no such row (a pattern only the other model declares, an aggregate kept by the stream
// in one and in the writes' transactions in the other, a write that reads its item first in one
// only).
struct Row {
  std::string name;
  // "read", "write", "first read", "group read", "children read", "stream read", "stream write"
  std::string kind;
  const PatternCost* first = nullptr;
  const PatternCost* second = nullptr;
  // "first" or "second" when only that model declares the pattern (for a first, group or children
  // read, its write pattern; for a stream row, the aggregate); "" when both do.
  std::string only;
};

const PatternCost* Find(const std::vector<PatternCost>& costs, const std::string& name) {
  for (const auto& c : costs)
    if (c.name == name) return &c;
  return nullptr;
}

const PatternCost* FindConsumer(const WorkloadCost& cost, const std::string& name, bool write) {
  for (const auto& c : cost.consumers)
    if (c.name == name && c.write == write) return &c;
  return nullptr;
}

// "first" when `name` is in `in_first` but not `in_second`, "second" the other way, else "".
std::string OnlyIn(const std::string& name, const std::vector<std::string>& in_first,
                   const std::vector<std::string>& in_second) {
  bool a = Contains(in_first, name), b = Contains(in_second, name);
  if (a && !b) return "first";
  if (b && !a) return "second";
  return "";
}

// The rows in the cost summary's order: reads, each write followed by its first read, group read
// and children read rows, then the stream consumers' rows; in each part the first model's rows,
// then the ones only the second has.
std::vector<Row> Rows(const Side& a, const Side& b) {
  const Model& ma = *a.design->model;
  const Model& mb = *b.design->model;
  std::vector<Row> rows;
  std::vector<std::string> reads_a = ReadNames(ma), reads_b = ReadNames(mb);
  for (const auto& c : a.cost.reads)
    rows.push_back(Row{c.name, "read", &c, Find(b.cost.reads, c.name), ""});
  for (const auto& c : b.cost.reads)
    if (!Find(a.cost.reads, c.name)) rows.push_back(Row{c.name, "read", nullptr, &c, ""});
  for (Row& r : rows) r.only = OnlyIn(r.name, reads_a, reads_b);

  std::vector<std::string> writes_a = WriteNames(ma), writes_b = WriteNames(mb);
  std::vector<std::string> writes = writes_a;
  for (const auto& n : Missing(writes_b, writes_a)) writes.push_back(n);
  for (const auto& name : writes) {
    std::string only = OnlyIn(name, writes_a, writes_b);
    rows.push_back(Row{name, "write", Find(a.cost.writes, name), Find(b.cost.writes, name), only});
    const PatternCost* fa = Find(a.cost.first_reads, name);
    const PatternCost* fb = Find(b.cost.first_reads, name);
    if (fa || fb) rows.push_back(Row{name, "first read", fa, fb, only});
    const PatternCost* ga = Find(a.cost.group_reads, name);
    const PatternCost* gb = Find(b.cost.group_reads, name);
    if (ga || gb) rows.push_back(Row{name, "group read", ga, gb, only});
    const PatternCost* ca = Find(a.cost.copy_reads, name);
    const PatternCost* cb = Find(b.cost.copy_reads, name);
    if (ca || cb) rows.push_back(Row{name, "children read", ca, cb, only});
  }

  std::vector<std::string> aggregates_a = AggregateNames(ma), aggregates_b = AggregateNames(mb);
  auto consumer = [&](const PatternCost& c, const PatternCost* first, const PatternCost* second) {
    rows.push_back(Row{c.name, c.write ? "stream write" : "stream read", first, second,
                       OnlyIn(c.name, aggregates_a, aggregates_b)});
  };
  for (const auto& c : a.cost.consumers) consumer(c, &c, FindConsumer(b.cost, c.name, c.write));
  for (const auto& c : b.cost.consumers)
    if (!FindConsumer(a.cost, c.name, c.write)) consumer(c, nullptr, &c);
  return rows;
}

// A pattern's plan in one layout: the request and where it reads, or where its units land.
struct Plan {
  std::string operation;  // "GetItem", "Query", "FanOutQuery", "PutItem", "TransactWriteItems"...
  int shards = 1;         // a FanOutQuery's shards
  std::vector<std::string> indexes;  // "table", "GSI1"...
  // A write: the request as design's write-pattern chart words it (WriteRequestText).
  std::string request;
  // A children read: the access patterns whose plans read the children (CopyFanOut::read).
  std::vector<std::string> reads;
};

// A read's plan: its operation on its index (design's access-pattern chart).
std::optional<Plan> ReadPlanOf(const KeyLayout& layout, const std::string& name) {
  for (const ReadPlan& r : layout.reads) {
    if (r.pattern != name) continue;
    Plan p;
    p.operation = OperationName(r.operation);
    if (r.operation == Operation::kFanOutQuery) p.shards = r.shards;
    // A read of a relationship's other side: its second step too ("Query + BatchGetItem").
    if (r.follow_up) p.operation += std::string(" + ") + OperationName(r.follow_up->operation);
    p.indexes.push_back(layout.IndexName(r.index));
    return p;
  }
  return std::nullopt;
}

// A write's plan: TransactWriteItems, or the one item's request; the table and the GSIs its
// write units land in (model/cost.h WriteFigures::wcu_per_s_by_index).
std::optional<Plan> WritePlanOf(const Model& model, const KeyLayout& layout,
                                const std::string& name) {
  for (const WritePlan& w : layout.writes) {
    if (w.pattern != name) continue;
    Plan p;
    p.request = WriteRequestText(w);
    if (w.transaction) {
      p.operation = "TransactWriteItems";
    } else {
      std::vector<std::string> ops;
      for (const ItemWrite& iw : w.writes)
        ops.push_back(iw.op == WriteOp::kCheck ? std::string(WriteOpName(iw.op))
                                               : std::string(WriteOpName(iw.op)) + "Item");
      p.operation = Join(ops, " + ");
    }
    // A drawn counter's UpdateItem of the parent (WritePlan::counter) is a request before these.
    if (w.counter) p.operation = "UpdateItem, then " + p.operation;
    WriteFigures f = EstimateWrite(model, layout, w);
    for (std::size_t i = 0; i < f.wcu_per_s_by_index.size(); ++i) {
      if (f.wcu_per_s_by_index[i] > 0) p.indexes.push_back(layout.IndexName(static_cast<int>(i)));
    }
    return p;
  }
  return std::nullopt;
}

// A children read's plan: the plans of the reads that find the children whose copies the write
// rewrites (WritePlan::copies), their operations joined by " + ", their indexes in order.
std::optional<Plan> ChildrenReadPlanOf(const KeyLayout& layout, const std::string& name) {
  for (const WritePlan& w : layout.writes) {
    if (w.pattern != name || w.copies.empty()) continue;
    Plan p;
    std::vector<std::string> ops;
    for (const CopyFanOut& f : w.copies) {
      const std::string& read = layout.reads[static_cast<std::size_t>(f.read)].pattern;
      std::optional<Plan> r = ReadPlanOf(layout, read);
      if (!r) continue;
      ops.push_back(r->operation);
      p.shards = std::max(p.shards, r->shards);
      for (const auto& i : r->indexes)
        if (!Contains(p.indexes, i)) p.indexes.push_back(i);
      p.reads.push_back(read);
    }
    p.operation = Join(ops, " + ");
    return p;
  }
  return std::nullopt;
}

std::optional<Plan> PlanOf(const ComparedDesign& d, const Row& r, const PatternCost* c) {
  if (!c) return std::nullopt;
  if (r.kind == "read") return ReadPlanOf(*d.layout, r.name);
  if (r.kind == "write") return WritePlanOf(*d.model, *d.layout, r.name);
  if (r.kind == "children read") return ChildrenReadPlanOf(*d.layout, r.name);
  return std::nullopt;
}

// "Query on GSI1", "Query x4 shards on GSI2" (a FanOutQuery, as design's access-pattern chart
// writes it), "Query + BatchGetItem on table" (a read of a relationship's other side),
// "TransactWriteItems on table, GSI1", "UpdateItem, then each child on its own on table, GSI1"
// (design's write-pattern chart: the children's copies rewritten after the item); a children
// read as its reads, named: "Query on table (orderLines)"; "-".
std::string PlanText(const std::optional<Plan>& p) {
  if (!p) return "-";
  std::string op =
      p->operation.rfind(OperationName(Operation::kFanOutQuery), 0) == 0
          ? fmt::format("Query x{} shards", p->shards) +
                p->operation.substr(std::string(OperationName(Operation::kFanOutQuery)).size())
          : p->operation;
  // A write that rewrites children's copies on their own after its request says so as design's
  // chart does ("single item, then each child on its own").
  const std::string then = ", then each child on its own";
  if (p->request.ends_with(then)) op += then;
  std::string text = p->indexes.empty() ? op : op + " on " + Join(p->indexes, ", ");
  if (!p->reads.empty()) text += " (" + Join(p->reads, ", ") + ")";
  return text;
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

std::string Gsis(int n) { return fmt::format("{} GSI{}", n, std::abs(n) == 1 ? "" : "s"); }

// "+1 GSI", "-2 GSIs", "0 GSIs".
std::string GsiDifference(int d) { return (d > 0 ? "+" : "") + Gsis(d); }

std::string Summary(const Side& s) {
  return fmt::format("{}: {}, {} item type{}", s.design->name, Gsis(s.gsis), s.item_types,
                     s.item_types == 1 ? "" : "s");
}

const char* BillingName(BillingMode b) {
  return b == BillingMode::kProvisioned ? "provisioned" : "on_demand";
}

// The monthly difference (second minus first) of the rows both models declare.
double CommonDifference(const std::vector<Row>& rows) {
  double usd = 0;
  for (const Row& r : rows)
    if (r.only.empty()) usd += Monthly(r.second) - Monthly(r.first);
  return usd;
}

// "access pattern 'a', write pattern 'b', entity 'C'".
std::string OnlyText(const CompareScope::Only& only) {
  std::vector<std::string> parts;
  for (const auto& n : only.access_patterns) parts.push_back(fmt::format("access pattern '{}'", n));
  for (const auto& n : only.write_patterns) parts.push_back(fmt::format("write pattern '{}'", n));
  for (const auto& n : only.entities) parts.push_back(fmt::format("entity '{}'", n));
  return Join(parts, ", ");
}

Json PlanJson(const std::optional<Plan>& p) {
  if (!p) return Json(nullptr);
  Json j;
  j["operation"] = p->operation;
  j["shards"] = p->shards;
  j["indexes"] = p->indexes;
  if (!p->request.empty()) j["request"] = p->request;
  if (!p->reads.empty()) j["reads"] = p->reads;
  return j;
}

Json SideJson(const ComparedDesign& d, const Row& r, const PatternCost* c) {
  if (!c) return Json(nullptr);
  Json j;
  j["plan"] = PlanJson(PlanOf(d, r, c));
  j["requests"] = RoundedFigure(c->requests);
  j["units_per_call"] = RoundedFigure(c->units_per_call);
  j["units_per_s"] = RoundedFigure(c->units_per_s);
  j["monthly_cost_usd"] = RoundedFigure(c->monthly_cost_usd);
  j["upper_bound"] = c->upper_bound;
  return j;
}

Json TotalJson(const Side& s) {
  Json j;
  j["file"] = s.design->name;
  j["gsis"] = s.gsis;
  j["item_types"] = s.item_types;
  j["rcu_per_s"] = RoundedFigure(s.cost.rcu_per_s);
  j["wcu_per_s"] = RoundedFigure(s.cost.wcu_per_s);
  j["monthly_cost_usd"] = RoundedFigure(s.cost.monthly_cost_usd);
  j["upper_bound"] = s.cost.upper_bound;
  return j;
}

Json OnlyJson(const CompareScope::Only& only) {
  Json j;
  j["entities"] = only.entities;
  j["access_patterns"] = only.access_patterns;
  j["write_patterns"] = only.write_patterns;
  return j;
}

}  // namespace

CompareScope CompareScopeOf(const ComparedDesign& a, const ComparedDesign& b) {
  const Model& ma = *a.model;
  const Model& mb = *b.model;
  CompareScope s;
  s.first.entities = Missing(EntityNames(ma), EntityNames(mb));
  s.second.entities = Missing(EntityNames(mb), EntityNames(ma));
  s.first.access_patterns = Missing(ReadNames(ma), ReadNames(mb));
  s.second.access_patterns = Missing(ReadNames(mb), ReadNames(ma));
  s.first.write_patterns = Missing(WriteNames(ma), WriteNames(mb));
  s.second.write_patterns = Missing(WriteNames(mb), WriteNames(ma));
  s.common = static_cast<int>(ma.access_patterns.size() - s.first.access_patterns.size() +
                              ma.write_patterns.size() - s.first.write_patterns.size());
  return s;
}

std::string RenderDesignComparison(const ComparedDesign& a, const ComparedDesign& b) {
  Side sa = Price(a);
  Side sb = Price(b);
  CompareScope scope = CompareScopeOf(a, b);
  std::vector<Row> all = Rows(sa, sb);
  Printer p;
  p.Emit({{"a", Summary(sa)}, {"b", Summary(sb)}},
         "Comparing two layouts\n"
         "  first:  $a$\n"
         "  second: $b$\n\n");

  std::vector<std::vector<std::string>> rows;
  for (const Row& r : all) {
    if (r.kind != "read" && r.kind != "write" && r.kind != "children read") continue;
    rows.push_back(
        {r.name, r.kind, PlanText(PlanOf(a, r, r.first)), PlanText(PlanOf(b, r, r.second))});
  }
  p.Emit("Plan per pattern (first | second)\n");
  p.Emit(RenderTextTable({"Pattern", "Kind", "Plan 1st", "Plan 2nd"}, rows));

  rows.clear();
  std::vector<std::string> rates;
  bool one_sided = false, aggregate_rows = false, children_rows = false;
  for (const Row& r : all) {
    rows.push_back({r.name, r.kind, Requests(r.first), Requests(r.second),
                    Units(r.first, &PatternCost::units_per_call),
                    Units(r.second, &PatternCost::units_per_call),
                    Units(r.first, &PatternCost::units_per_s),
                    Units(r.second, &PatternCost::units_per_s), Dollars(r.first), Dollars(r.second),
                    r.only.empty() ? Difference(Monthly(r.second) - Monthly(r.first)) : "-"});
    one_sided = one_sided || !r.first || !r.second;
    aggregate_rows =
        aggregate_rows || (r.kind != "read" && r.kind != "write" && r.kind != "children read");
    children_rows = children_rows || r.kind == "children read";
    // A pattern's rate; an aggregate's rows follow from the write patterns' rates.
    if ((r.kind == "read" || r.kind == "write") && r.first && r.second &&
        std::fabs(r.first->rate - r.second->rate) > 1e-9) {
      rates.push_back(fmt::format("{}: {}/s in the first, {}/s in the second", r.name,
                                  CostFigure(r.first->rate), CostFigure(r.second->rate)));
    }
  }
  p.Emit("\nCost per pattern at each model's declared rates (first | second)\n");
  p.Emit(RenderTextTable(
      {"Pattern", "Kind", "Requests 1st", "Requests 2nd", "Units/call 1st", "Units/call 2nd",
       "Units/s 1st", "Units/s 2nd", "Monthly 1st", "Monthly 2nd", "Difference"},
      rows));
  auto total = [](const Side& s) {
    std::string bound = s.cost.upper_bound ? "at most " : "";
    return fmt::format("{}, {}{} RCU/s and {} WCU/s, {}{} per month", Gsis(s.gsis), bound,
                       CostFigure(s.cost.rcu_per_s), CostFigure(s.cost.wcu_per_s), bound,
                       CostDollars(s.cost.monthly_cost_usd));
  };
  p.Emit({{"a", total(sa)},
          {"b", total(sb)},
          {"d", Difference(sb.cost.monthly_cost_usd - sa.cost.monthly_cost_usd)},
          {"g", GsiDifference(sb.gsis - sa.gsis)}},
         "Total, first:  $a$\n"
         "Total, second: $b$\n"
         "Difference (second - first): $d$ per month, $g$\n");
  if (!scope.first.empty() || !scope.second.empty()) {
    p.Emit({{"d", Difference(CommonDifference(all))}},
           "Difference on what both models declare (second - first): $d$ per month\n");
  }
  p.Emit("Storage is not priced (model design's cost summary leaves it out too)\n");
  if (!scope.first.empty()) {
    p.Emit({{"name", a.name}, {"what", OnlyText(scope.first)}}, "Only in $name$: $what$\n");
  }
  if (!scope.second.empty()) {
    p.Emit({{"name", b.name}, {"what", OnlyText(scope.second)}}, "Only in $name$: $what$\n");
  }
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
  if (children_rows) {
    p.Emit(
        "children read: an update of an attribute children copy first reads the parent's "
        "children, with the read named in the plan; the write row counts each child's writes "
        "(model design's cost summary)\n");
  }
  if (one_sided) {
    p.Emit(
        "- : that model does not declare the pattern, or its layout has no such row (it keeps "
        "the aggregate another way, or writes without reading first)\n");
  }
  if (sa.cost.upper_bound || sb.cost.upper_bound) {
    p.Emit("<= : a range without a limit, counted as the whole partition (an upper bound)\n");
  }
  return p.Release();
}

std::string RenderDesignComparisonJson(const ComparedDesign& a, const ComparedDesign& b) {
  Side sa = Price(a);
  Side sb = Price(b);
  CompareScope scope = CompareScopeOf(a, b);
  std::vector<Row> all = Rows(sa, sb);
  Json j;
  j["first"] = TotalJson(sa);
  j["second"] = TotalJson(sb);
  j["billing"] = Json::array({BillingName(sa.cost.billing), BillingName(sb.cost.billing)});
  j["only_in_first"] = OnlyJson(scope.first);
  j["only_in_second"] = OnlyJson(scope.second);
  Json patterns = Json::array();
  for (const Row& r : all) {
    Json row;
    row["name"] = r.name;
    row["kind"] = r.kind;
    row["in"] = r.only.empty() ? "both" : r.only;
    row["rate"] = Json::array({r.first ? Json(RoundedFigure(r.first->rate)) : Json(nullptr),
                               r.second ? Json(RoundedFigure(r.second->rate)) : Json(nullptr)});
    row["first"] = SideJson(a, r, r.first);
    row["second"] = SideJson(b, r, r.second);
    row["difference_usd"] =
        r.only.empty() ? Json(RoundedFigure(Monthly(r.second) - Monthly(r.first))) : Json(nullptr);
    patterns.push_back(row);
  }
  j["patterns"] = patterns;
  j["difference_usd"] = RoundedFigure(sb.cost.monthly_cost_usd - sa.cost.monthly_cost_usd);
  j["common_difference_usd"] = RoundedFigure(CommonDifference(all));
  j["difference_gsis"] = sb.gsis - sa.gsis;
  return codegen::DumpJson(j);
}

}  // namespace model
