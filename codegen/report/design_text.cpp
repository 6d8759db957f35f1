#include "codegen/report/design_text.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <vector>

#include "codegen/writer/printer.h"
#include "codegen/writer/text_table.h"
#include "model/aggregate_rules.h"
#include "model/check_report.h"
#include "model/cost.h"
#include "model/counter_facets.h"
#include "model/filter_presence.h"
#include "model/hot_partitions.h"
#include "model/sparse_facet.h"

namespace model {

namespace {

using codegen::Join;
using codegen::Printer;
using codegen::RenderTextTable;

// A write's `condition:` clause on an embedded child's attribute, at its element's path in the
// parent's item: "players.{userId}.score < 10".
std::string ElementConditionText(const EmbeddedLayout& e, const WriteCondition& cond) {
  WriteCondition at = cond;
  at.attribute = fmt::format("{}.{}", EmbeddedPathText(e), cond.attribute);
  return at.Text();
}

std::string Condition(const std::string& attribute, const std::string& value) {
  return fmt::format("{} = {}", attribute, value);
}

std::string SparseSuffix(const IndexKeys& k) {
  if (k.only_when.empty()) return "";
  std::vector<std::string> conds;
  for (const auto& w : k.only_when) conds.push_back(Condition(w.attribute, w.value));
  return " (if " + Join(conds, " and ") + ")";
}

// The chart: a title line, then the table.
void Chart(Printer& p, const std::string& title, const std::vector<std::string>& header,
           const std::vector<std::vector<std::string>>& rows) {
  p.Emit({{"title", title}}, "$title$\n");
  p.Emit(RenderTextTable(header, rows));
}

// The entity chart, split into stacked tables no wider than `width` where it can be: column 0
// (the item type) starts every table; the other columns come in pairs (a key's PK and SK) that
// stay together, packed greedily in order.
void EntityChart(Printer& p, const std::vector<std::string>& header,
                 const std::vector<std::vector<std::string>>& rows, std::size_t width) {
  std::vector<std::size_t> widths = codegen::ColumnWidths(header, rows);
  constexpr std::size_t kSeparator = 3;  // " | "
  std::vector<std::vector<std::size_t>> groups;
  std::vector<std::size_t> current;
  std::size_t current_width = widths[0];
  for (std::size_t pair = 1; pair + 1 < widths.size(); pair += 2) {
    std::size_t pair_width = kSeparator + widths[pair] + kSeparator + widths[pair + 1];
    if (!current.empty() && current_width + pair_width > width) {
      groups.push_back(current);
      current.clear();
      current_width = widths[0];
    }
    current.push_back(pair);
    current.push_back(pair + 1);
    current_width += pair_width;
  }
  groups.push_back(current);
  for (std::size_t g = 0; g < groups.size(); ++g) {
    std::vector<std::string> part_header = {header[0]};
    for (std::size_t c : groups[g]) part_header.push_back(header[c]);
    std::vector<std::vector<std::string>> part_rows;
    for (const auto& row : rows) {
      std::vector<std::string> part = {row[0]};
      for (std::size_t c : groups[g]) part.push_back(row[c]);
      part_rows.push_back(std::move(part));
    }
    if (g > 0) p.Emit("\n");
    std::string title = "Entity chart";
    if (groups.size() > 1) title += fmt::format(" ({} of {})", g + 1, groups.size());
    Chart(p, title, part_header, part_rows);
  }
}

// 1234567 -> "1,234,567".
std::string Thousands(std::int64_t n) {
  std::string digits = std::to_string(n < 0 ? -n : n);
  std::string out;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return n < 0 ? "-" + out : out;
}

// The cost chart: every pattern at its rate, then the total and the assumptions.
void CostChart(Printer& p, const Model& model, const KeyLayout& layout) {
  WorkloadCost cost = EstimateWorkload(model, layout);
  bool provisioned = cost.billing == BillingMode::kProvisioned;
  std::vector<std::vector<std::string>> rows;
  auto row = [&](const PatternCost& c, const char* prefix) {
    const char* unit = c.write ? "WCU" : "RCU";
    std::string bound = c.upper_bound ? "<= " : "";
    std::string kind = c.write ? "write" : "read";
    rows.push_back({c.name, prefix + kind,
                    CostFigure(c.rate) + (c.rate_declared ? "" : " (default)"),
                    CostFigure(c.requests), bound + CostFigure(c.items),
                    fmt::format("{}{} {}", bound, CostFigure(c.units_per_call), unit),
                    fmt::format("{}{} {}", bound, CostFigure(c.units_per_s), unit),
                    bound + CostDollars(c.monthly_cost_usd)});
  };
  for (const PatternCost& c : cost.reads) row(c, "");
  // A write keeping aggregates in its transaction: its row, then its GetItems of group items.
  for (const PatternCost& c : cost.writes) {
    row(c, "");
    for (const PatternCost& g : cost.first_reads)
      if (g.name == c.name) row(g, "first ");
    for (const PatternCost& g : cost.group_reads)
      if (g.name == c.name) row(g, "group ");
    for (const PatternCost& g : cost.copy_reads)
      if (g.name == c.name) row(g, "children ");
  }
  for (const PatternCost& c : cost.consumers) row(c, "stream ");
  p.Emit("\n");
  Chart(p, "Cost at the declared rates",
        {"Pattern", "Kind", "Rate (/s)", "Requests per call", "Items per call", "Units per call",
         "Units per second", "Monthly"},
        rows);
  std::string bound = cost.upper_bound ? "at most " : "";
  p.Emit({{"rcu", CostFigure(cost.rcu_per_s)},
          {"wcu", CostFigure(cost.wcu_per_s)},
          {"bound", bound},
          {"monthly", CostDollars(cost.monthly_cost_usd)}},
         "Total: $bound$$rcu$ RCU/s and $wcu$ WCU/s, $bound$$monthly$ per month\n");
  // Prices: https://aws.amazon.com/dynamodb/pricing/on-demand/ and
  // https://aws.amazon.com/dynamodb/pricing/provisioned/ (model/check_report.h).
  if (provisioned) {
    p.Emit(
        {{"read", fmt::format("{}", kReadCapacityUnitHourPrice)},
         {"write", fmt::format("{}", kWriteCapacityUnitHourPrice)}},
        "Prices: provisioned capacity in us-east-1 (standard table class), $$$read$ per RCU-hour "
        "and $$$write$ per WCU-hour, capacity equal to the units per second, 720 hours a month "
        "(https://aws.amazon.com/dynamodb/pricing/provisioned/); storage not included\n");
  } else {
    p.Emit(
        {{"read", fmt::format("{}", kReadRequestUnitPrice)},
         {"write", fmt::format("{}", kWriteRequestUnitPrice)}},
        "Prices: on demand in us-east-1 (standard table class), $$$read$ per million read request "
        "units and $$$write$ per million write request units, 30-day month "
        "(https://aws.amazon.com/dynamodb/pricing/on-demand/); storage not included\n");
  }
  if (!cost.first_reads.empty()) {
    p.Emit(
        "first read: a write that rebuilds keys, or guards values, from attributes it does not "
        "set first reads its item with a strongly consistent GetItem, billed by the whole item's "
        "size, one RCU per 4 KB "
        "(https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/"
        "read-write-operations.html)\n");
  }
  if (!cost.group_reads.empty()) {
    p.Emit(
        "group read: a write that keeps an aggregate in its transaction first reads each group "
        "item it changes with a strongly consistent GetItem, one RCU per 4 KB "
        "(https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/"
        "read-write-operations.html)\n");
  }
  if (!cost.copy_reads.empty()) {
    p.Emit(
        "children read: an update of an attribute children copy first reads the parent's "
        "children (their whole items, to rewrite each copy and the keys built from it); the "
        "write row counts each child's writes\n");
  }
  if (!cost.consumers.empty()) {
    p.Emit(
        "stream read / stream write: a stream-kept aggregate's consumer, per group it updates: a "
        "strongly consistent GetItem of the group item, then its puts; reading the stream from "
        "Lambda is free (https://aws.amazon.com/dynamodb/pricing/on-demand/)\n");
  }
  if (cost.default_rates > 0) {
    p.Emit({{"n", cost.default_rates},
            {"s", cost.default_rates == 1 ? " declares" : "s declare"},
            {"rate", CostFigure(kDefaultRate)}},
           "$n$ pattern$s$ no rate: each is weighted $rate$ request/s (default), marked "
           "(default)\n");
  }
  if (cost.upper_bound) {
    p.Emit("<= : a range without a limit, counted as the whole partition (an upper bound)\n");
  }
  // Figures resting on a cardinality the model does not declare (model/cost.h, "Assumptions").
  for (const PatternCost& c : cost.reads) {
    if (c.assumption.empty()) continue;
    // A sentence saying how to state it itself (model/cost.h kStateItHint) takes no hint.
    const bool hinted = c.assumption.find("(to state it instead") != std::string::npos;
    p.Emit({{"name", c.name},
            {"assumption", c.assumption},
            {"hint", hinted ? std::string() : std::string(" ") + model::kStateItHint}},
           "assumed for $name$: $assumption$$hint$\n");
  }
}

}  // namespace

std::string WriteRequestText(const WritePlan& write) {
  std::string request = write.transaction ? "TransactWriteItems" : "single item";
  // A drawn counter (WritePlan::counter): the parent's UpdateItem is a request of its own first.
  if (write.counter) request = "UpdateItem, then " + request;
  if (std::any_of(write.copies.begin(), write.copies.end(),
                  [](const CopyFanOut& f) { return !f.in_transaction; }))
    request += ", then each child on its own";
  return request;
}

std::string CostFigure(double value) {
  if (!std::isfinite(value)) return "-";
  double v = std::round(value * 100) / 100;
  if (v >= 10000) return Thousands(static_cast<std::int64_t>(std::llround(v)));
  std::string s = fmt::format("{:.2f}", v);
  while (s.back() == '0') s.pop_back();
  if (s.back() == '.') s.pop_back();
  return s;
}

std::string CostDollars(double value) {
  if (!std::isfinite(value)) return "-";
  if (value == 0) return "$0";
  if (value < 0.01) return "< $0.01";
  if (value >= 1000) return "$" + Thousands(static_cast<std::int64_t>(std::llround(value)));
  return fmt::format("${:.2f}", value);
}

std::string FollowUpStepText(const KeyLayout& layout, const FollowUp& f) {
  if (f.by_table_key)
    return fmt::format("{} of the items from the table at {}{}",
                       f.operation == Operation::kGetItem ? "1 GetItem" : "BatchGetItem",
                       FollowUpKeyText(layout, f),
                       f.operation == Operation::kGetItem ? "" : ", 100 keys a request");
  return fmt::format(
      "{} of {} at {}{}", f.operation == Operation::kGetItem ? "1 GetItem" : "BatchGetItem",
      layout.item_types[static_cast<std::size_t>(f.item_type)].name, FollowUpKeyText(layout, f),
      f.operation == Operation::kGetItem ? "" : " per item, 100 keys a request");
}

std::string DescribeFilter(const ReadPlan& plan) {
  std::vector<std::string> terms;
  for (const auto& f : plan.filter) {
    // A presence test is DynamoDB's function (model/filter_presence.h).
    FilterTest test = TestOf(f.value);
    terms.push_back(
        test == FilterTest::kEquals
            ? Condition(f.attribute, f.value)
            : fmt::format("{}({})",
                          test == FilterTest::kExists ? "attribute_exists" : "attribute_not_exists",
                          f.attribute));
  }
  if (!plan.filter_types.empty()) {
    std::string list = Join(plan.filter_types, ", ");
    terms.push_back(plan.filter_types.size() == 1
                        ? Condition(kTypeAttribute, list)
                        : fmt::format("{} IN ({})", kTypeAttribute, list));
  }
  if (!plan.drop_expired.empty()) {
    terms.push_back(plan.operation == Operation::kGetItem
                        ? fmt::format("(client) drop if {} <= now", plan.drop_expired)
                        : fmt::format("({0} absent OR {0} > now)", plan.drop_expired));
  }
  return Join(terms, " AND ");
}

// The partition keys read by patterns declaring a hot partition (`hot: { share }`), each with the
// load on its busiest value summed over every pattern reading or writing that key
// (model/hot_partitions.h), the write shards it has, and whether that keeps each shard within
// DynamoDB's 3000 RCU/s and 1000 WCU/s per partition. Nothing without one.
static void HotPartitionChart(Printer& p, const Model& model, const KeyLayout& layout) {
  std::vector<std::vector<std::string>> rows;
  for (const HotPartition& h : HotPartitions(model, layout)) {
    std::vector<std::string> over;
    if (h.rcu_per_shard_s > kPartitionReadLimit + 1e-9)
      over.push_back(fmt::format("reads over 3000 RCU/s (W533)"));
    if (h.wcu_per_shard_s > kPartitionWriteLimit + 1e-9)
      over.push_back(fmt::format("writes over 1000 WCU/s (W532)"));
    const std::string per_shard = h.shards > 1 ? " per shard" : "";
    std::string reads = DescribeParts(h, false);
    std::string writes = DescribeParts(h, true);
    rows.push_back({PartitionName(h), writes.empty() ? reads : reads + "; " + writes,
                    fmt::format("{} /s, {} RCU/s{}", CostFigure(h.reads_per_s),
                                CostFigure(h.rcu_per_shard_s), per_shard),
                    fmt::format("{} WCU/s{}", CostFigure(h.wcu_per_shard_s), per_shard),
                    std::to_string(h.shards),
                    over.empty() ? std::string("yes") : Join(over, "; ")});
  }
  if (rows.empty()) return;
  p.Emit("\n");
  Chart(p,
        "Hot partitions (the busiest value of each partition key hot patterns read, every "
        "pattern on the key summed; DynamoDB serves 3000 RCU/s and 1000 WCU/s per partition)",
        {"Partition key", "Load on the busiest value", "Reads on it", "Writes on it",
         "Write shards", "Within limits"},
        rows);
}

std::string RenderDesign(const Model& model, const KeyLayout& layout, std::size_t width) {
  Printer p;
  p.Emit({{"table", layout.table_name},
          {"pk", layout.partition_key},
          {"sk", layout.sort_key},
          {"count", layout.indexes.size()},
          {"es", layout.indexes.size() == 1 ? "" : "es"},
          {"billing", layout.billing == BillingMode::kProvisioned
                          ? "provisioned (capacity sized and priced from the declared peak rates)"
                          : "on demand (pay per request)"},
          {"stream", layout.stream ? "new and old images" : "off"}},
         "Table $table$: partition key $pk$, sort key $sk$, $count$ global secondary index$es$\n"
         "Billing: $billing$; stream: $stream$\n");
  if (!layout.ttl_attribute.empty()) {
    std::vector<std::string> sources;
    for (const Entity& e : model.entities) {
      if (!e.ttl.empty()) sources.push_back(e.name + "." + e.ttl);
    }
    // Only entities' items are read back: reads leave those out once expired.
    const std::string reads =
        sources.empty() ? std::string() : std::string("; reads leave out expired items");
    // A stream consumer's mark items expire by it too (layout.h SeenMarks::kItems).
    for (const AggregateLayout& a : layout.aggregates) {
      if (a.maintainer == Maintainer::kStream && a.marks == SeenMarks::kItems)
        sources.push_back("the mark items of " + a.name);
    }
    p.Emit({{"ttl", layout.ttl_attribute}, {"sources", Join(sources, ", ")}, {"reads", reads}},
           "Time to Live: on $ttl$ (epoch seconds) from $sources$$reads$\n");
  }
  p.Emit("\n");
  std::vector<std::string> header = {"Item type", layout.partition_key, layout.sort_key};
  for (const auto& i : layout.indexes) {
    // An index keyed on the table's own key attributes (inverted) names them after the index,
    // so its columns are not taken for the table's.
    // So does one keyed on entity attributes (natural), whose columns would read as theirs.
    bool named =
        i.natural || i.partition_key == layout.partition_key || i.partition_key == layout.sort_key;
    header.push_back(named ? i.name + " " + i.partition_key : i.partition_key);
    header.push_back(i.sort_key.empty() ? i.name + " (no sort key)"
                     : named            ? i.name + " " + i.sort_key
                                        : i.sort_key);
  }
  std::vector<std::vector<std::string>> rows;
  auto is_inverted = [&](const IndexLayout& i) {
    return i.partition_key == layout.sort_key && i.sort_key == layout.partition_key;
  };
  for (const auto& t : layout.item_types) {
    std::vector<std::string> row = {t.name, t.partition_key.ToString(), t.sort_key.ToString()};
    for (const auto& i : layout.indexes) {
      auto it = std::find_if(t.index_keys.begin(), t.index_keys.end(),
                             [&](const IndexKeys& k) { return k.index == i.number; });
      if (it == t.index_keys.end() && is_inverted(i)) {
        // A sparse facet lists only its sparse views' keys (model/sparse_facet.h), but while it
        // exists DynamoDB has it in every inverted index too, under its table keys swapped.
        row.push_back(t.sort_key.ToString() + (IsSparseFacet(t) ? " (while it exists)" : ""));
        row.push_back(t.partition_key.ToString());
        continue;
      }
      row.push_back(it == t.index_keys.end() ? ""
                                             : it->partition_key.ToString() + SparseSuffix(*it));
      row.push_back(it == t.index_keys.end() ? "" : it->sort_key.ToString());
    }
    rows.push_back(row);
  }
  // A sharded aggregate's shard items (model/layout.h AggregateShardItemTypes): in no index of
  // the derivation's own, but in every inverted one under their table keys swapped (DynamoDB
  // indexes every item carrying the index's key attributes).
  for (const AggregateShardItemType& t : AggregateShardItemTypes(model, layout)) {
    std::vector<std::string> row = {t.name, t.partition_key.ToString(), t.sort_key.ToString()};
    for (const auto& i : layout.indexes) {
      row.push_back(is_inverted(i) ? t.sort_key.ToString() : "");
      row.push_back(is_inverted(i) ? t.partition_key.ToString() : "");
    }
    rows.push_back(row);
  }
  // A stream consumer's mark items (layout.h kAggregateMarkLabel) carry no index key attribute of
  // the derivation's, but the table's keys: with an inverted index they are in it, so the chart
  // lists them (`_AGGSEEN#<source key>` / `<aggregate>#<group key>#<shard>`).
  if (std::any_of(layout.indexes.begin(), layout.indexes.end(), is_inverted)) {
    for (const AggregateLayout& a : layout.aggregates) {
      if (a.maintainer != Maintainer::kStream || a.marks != SeenMarks::kItems ||
          a.source_type < 0 || a.target_type < 0)
        continue;
      const ItemType& source = layout.item_types[static_cast<std::size_t>(a.source_type)];
      const ItemType& target = layout.item_types[static_cast<std::size_t>(a.target_type)];
      const std::string pk =
          fmt::format("{}#{}#{}", kAggregateMarkLabel, source.partition_key.ToString(),
                      source.sort_key.ToString());
      const std::string sk =
          fmt::format("{}#{}#{}#{}", a.name, target.partition_key.ToString(),
                      target.sort_key.ToString(), a.shards > 1 ? "{_shard}" : "0");
      std::vector<std::string> row = {a.name + " marks", pk, sk};
      for (const auto& i : layout.indexes) {
        row.push_back(is_inverted(i) ? sk : "");
        row.push_back(is_inverted(i) ? pk : "");
      }
      rows.push_back(row);
    }
  }
  EntityChart(p, header, rows, width);

  if (!layout.embedded.empty()) {
    // Children kept inside their parent's item (model/layout.h EmbeddedLayout).
    rows.clear();
    for (const EmbeddedLayout& e : layout.embedded) {
      rows.push_back({model.entities[static_cast<std::size_t>(e.child)].name,
                      layout.item_types[static_cast<std::size_t>(e.parent_type)].name,
                      EmbeddedPathText(e), Join(e.attributes, ", "), std::to_string(e.max),
                      fmt::format("{:.0f}", e.bytes)});
    }
    p.Emit("\n");
    Chart(p, "Embedded collections",
          {"Entity", "In item", "Path", "Element attributes", "Max", "Average bytes"}, rows);
  }

  if (!layout.indexes.empty()) {
    rows.clear();
    for (const auto& i : layout.indexes) {
      std::string projection = ProjectionName(i.projection);
      if (i.projection == Projection::kInclude)
        projection += " (" + Join(i.projected_attributes, ", ") + ")";
      rows.push_back({i.name, i.partition_key, i.sort_key, projection});
    }
    p.Emit("\n");
    Chart(p, "Indexes", {"Index", "Partition key", "Sort key", "Projection"}, rows);
  }

  rows.clear();
  for (const auto& r : layout.reads) {
    const std::string& pk = layout.IndexPartitionKey(r.index);
    const std::string& sk = layout.IndexSortKey(r.index);
    std::string op = OperationName(r.operation);
    if (r.operation == Operation::kFanOutQuery) op = fmt::format("Query x{} shards", r.shards);
    if (!r.scan_forward) op += ", descending";
    if (r.limit) op += fmt::format(", limit {}", *r.limit);
    std::string requests = std::to_string(r.requests);
    // What completes the aggregates' values on the items returned: after a second step
    // (ReadPlan::follow_up) when there is one, on the items it read.
    std::string completes;
    for (int a : r.aggregate_shards) {
      const AggregateLayout& agg = layout.aggregates[static_cast<std::size_t>(a)];
      if (ShardsInFollowUp(layout, r, a)) {
        // Read in the second step's own BatchGetItem requests.
        completes += fmt::format(
            ", with the other {} shards of each {} in the same requests, added up ({})",
            agg.shards - 1, layout.item_types[static_cast<std::size_t>(agg.target_type)].name,
            agg.name);
        continue;
      }
      completes += fmt::format(
          "; then BatchGetItem of the other {} shards of each {}, added up ({})", agg.shards - 1,
          layout.item_types[static_cast<std::size_t>(agg.target_type)].name, agg.name);
    }
    for (int a : r.aggregate_reads) {
      const AggregateLayout& agg = layout.aggregates[static_cast<std::size_t>(a)];
      completes += fmt::format(
          "; then per {} its group's {} items as {} reads them, added up ({})",
          layout.item_types[static_cast<std::size_t>(agg.target_type)].name,
          layout.item_types[static_cast<std::size_t>(agg.source_type)].name,
          layout.reads[static_cast<std::size_t>(agg.collection_pattern)].pattern, agg.name);
    }
    // The steps in the order the reader runs them (OrderClientSteps): an embedded collection's
    // children taken out of the parent's item (ReadPlan::embedded), the matches (and a sort no
    // key gives, which orders the first step's items before they are followed), the second
    // step, the completion of the aggregates' values, then a sort of the items returned and
    // the aggregate over them.
    const ClientStepOrder steps = OrderClientSteps(r);
    if (r.embedded) requests += "; then " + EmbeddedReadText(model, layout, *r.embedded);
    if (!steps.before.empty()) requests += "; then " + ClientStepsText(steps.before);
    if (r.follow_up) requests += "; then " + FollowUpStepText(layout, *r.follow_up);
    requests += completes;
    if (!steps.after.empty()) requests += "; then " + ClientStepsText(steps.after);
    rows.push_back({r.pattern, op, layout.IndexName(r.index), r.key.ToString(pk, sk),
                    DescribeFilter(r), requests});
  }
  p.Emit("\n");
  Chart(p, "Access patterns",
        {"Pattern", "Operation", "Index", "Key condition", "Filter", "Requests"}, rows);

  if (!layout.writes.empty()) {
    rows.clear();
    // A Condition column only when a write pattern declares one (`condition:`): what must hold on
    // the stored item for the write to apply.
    // An embedded child's `also` entries name its parent's item and fold into its UpdateItem:
    // their clauses are that item's own (WritePattern::also).
    auto folded_clauses = [&](const WritePlan& w) {
      std::vector<std::string> out;
      if (w.embedded < 0) return out;
      const EntityId parent = layout.embedded[static_cast<std::size_t>(w.embedded)].parent;
      for (const AlsoWrite& a : model.write_patterns[static_cast<std::size_t>(w.pattern_id)].also) {
        if (a.entity != parent) continue;  // another item: its own action and clauses
        for (const WriteCondition& c : a.conditions) out.push_back(c.Text());
      }
      return out;
    };
    const bool conditional = std::any_of(layout.writes.begin(), layout.writes.end(), [&](auto& w) {
      return !folded_clauses(w).empty() ||
             std::any_of(w.writes.begin(), w.writes.end(),
                         [](const ItemWrite& iw) { return !iw.conditions.empty(); });
    });
    for (const auto& w : layout.writes) {
      std::vector<std::string> items;
      // A drawn counter: the parent's count first (WritePlan::counter).
      if (w.counter)
        items.push_back(
            fmt::format("Update {} ({} + 1 into {})",
                        layout.item_types[static_cast<std::size_t>(w.counter->item_type)].name,
                        w.counter->source, w.counter->attribute));
      if (w.counter) {
        for (int t : CounterFacets(layout, *w.counter))
          items.push_back(fmt::format("Update {} ({})",
                                      layout.item_types[static_cast<std::size_t>(t)].name,
                                      w.counter->source));
      }
      for (const auto& iw : w.writes) {
        // A check folded into an aggregate's Put is shown with that Put (ItemWrite::folded_into).
        if (iw.folded_into >= 0) continue;
        items.push_back(
            fmt::format("{} {}", WriteOpName(iw.op),
                        layout.item_types[static_cast<std::size_t>(iw.item_type)].name));
        // A write of an embedded child: what the update does at the child's path.
        if (w.embedded >= 0 && iw.also < 0) items.back() += " (" + iw.note + ")";
      }
      // The group items of the aggregates kept in the transaction: one entry per item, naming
      // every aggregate whose values it holds (SharesGroupItem: one action writes them all);
      // counts and sums kept by ADD update it (KeptByAdd), the others put it.
      std::vector<std::vector<int>> group_items;
      for (int a : w.aggregates) {
        auto same = std::find_if(group_items.begin(), group_items.end(), [&](const auto& g) {
          return SharesGroupItem(model, layout, g.front(), a);
        });
        if (same != group_items.end())
          same->push_back(a);
        else
          group_items.push_back({a});
      }
      for (const std::vector<int>& g : group_items) {
        const AggregateLayout& agg = layout.aggregates[static_cast<std::size_t>(g.front())];
        std::vector<std::string> names;
        bool checked = false;
        for (int a : g) {
          names.push_back(layout.aggregates[static_cast<std::size_t>(a)].name);
          checked =
              checked || std::any_of(w.writes.begin(), w.writes.end(),
                                     [&](const ItemWrite& iw) { return iw.folded_into == a; });
        }
        items.push_back(
            fmt::format("{} {} ({}{})", KeptByAdd(model, layout, g.front()) ? "Update" : "Put",
                        layout.item_types[static_cast<std::size_t>(agg.target_type)].name,
                        Join(names, ", "), checked ? ", with the check folded in" : ""));
      }
      // The children's copies (WritePlan::copies): each child found by the read, then written.
      for (const CopyFanOut& f : w.copies) {
        for (const ItemWrite& iw : f.writes) {
          items.push_back(
              fmt::format("{} {} per child read by {}", WriteOpName(iw.op),
                          layout.item_types[static_cast<std::size_t>(iw.item_type)].name,
                          layout.reads[static_cast<std::size_t>(f.read)].pattern));
        }
      }
      rows.push_back({w.pattern, Join(items, ", "), WriteRequestText(w)});
      if (!conditional) continue;
      // With `also` items, each item's clauses after its item type ("Ticket: state <> CLOSED").
      const bool several = std::any_of(w.writes.begin(), w.writes.end(),
                                       [](const ItemWrite& iw) { return iw.also >= 0; });
      std::vector<std::string> clauses;
      for (const auto& iw : w.writes) {
        std::vector<std::string> own;
        for (const WriteCondition& c : iw.conditions) {
          // An embedded child's clauses are tested in its element of the parent's item.
          own.push_back(
              w.embedded >= 0 && iw.also < 0
                  ? ElementConditionText(layout.embedded[static_cast<std::size_t>(w.embedded)], c)
                  : c.Text());
        }
        if (iw.also < 0) {
          for (const std::string& c : folded_clauses(w)) own.push_back(c);
        }
        if (own.empty()) continue;
        clauses.push_back(
            several ? fmt::format("{}: {}",
                                  layout.item_types[static_cast<std::size_t>(iw.item_type)].name,
                                  Join(own, " AND "))
                    : Join(own, " AND "));
      }
      rows.back().push_back(Join(clauses, several ? "; " : " AND "));
    }
    p.Emit("\n");
    std::vector<std::string> head = {"Pattern", "Items", "Request"};
    if (conditional) head.push_back("Condition");
    Chart(p, "Write patterns", head, rows);
  }
  if (!layout.aggregates.empty()) {
    rows.clear();
    for (const auto& a : layout.aggregates) {
      // The group item's size at the declared counts, and how many source items one group
      // item holds before DynamoDB's 400 KB limit (model/cost.h EstimateAggregate).
      AggregateFigures f = EstimateAggregate(model, layout, a);
      // The filter, after the source (model.h AggregateDecl::filters): "Ticket where status =
      // OPEN".
      std::vector<std::string> conditions;
      for (const FixedFilter& c :
           model.aggregates[static_cast<std::size_t>(a.aggregate_id)].filters)
        conditions.push_back(fmt::format("{} = {}", c.attribute, c.value));
      rows.push_back(
          {a.name,
           layout.item_types[static_cast<std::size_t>(a.source_type)].name +
               (conditions.empty() ? std::string() : " where " + Join(conditions, " and ")),
           layout.item_types[static_cast<std::size_t>(a.target_type)].name,
           a.maintainer == Maintainer::kStream
               ? std::string("stream consumer (eventually consistent)") +
                     (a.marks == SeenMarks::kItems ? ", mark items _AGGSEEN#<item key>" : "")
           : a.maintainer == Maintainer::kRead
               ? "read time (" +
                     layout.reads[static_cast<std::size_t>(a.collection_pattern)].pattern +
                     " per group)"
               : "write transactions (" + Join(a.maintained_by, ", ") + ")" +
                     (a.shards > 1 ? fmt::format(", {} shards: {}", a.shards,
                                                 a.shard_partition_key.ToString())
                                   : std::string()),
           CostFigure(f.items_per_group),
           a.shards > 1
               ? fmt::format("{} B, shard items {} B", CostFigure(std::round(f.group_item_bytes)),
                             CostFigure(std::round(f.shard_item_bytes)))
               : fmt::format("{} B", CostFigure(std::round(f.group_item_bytes))),
           f.state_grows ? CostFigure(f.max_items_per_group) : "-"});
    }
    p.Emit("\n");
    Chart(
        p, "Aggregates",
        {"Aggregate", "Of", "Into", "Kept by", "Items per group", "Group item", "400 KB at items"},
        rows);
  }
  HotPartitionChart(p, model, layout);
  CostChart(p, model, layout);
  return p.Release();
}

}  // namespace model
