#include "codegen/report/explain.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <set>

#include "codegen/report/design_text.h"
#include "codegen/writer/printer.h"
#include "codegen/writer/text_table.h"
#include "model/aggregate_rules.h"
#include "model/cost.h"
#include "model/counter_facets.h"

namespace model {

namespace {

using codegen::Join;
using codegen::Printer;

// One "- reason [patterns]" line per reason, at the printer's indentation.
void Bullets(Printer& p, const std::vector<Reason>& reasons) {
  for (const auto& r : reasons) {
    p.Emit({{"text", r.text}}, "- $text$");
    if (!r.patterns.empty()) p.Emit({{"names", Join(r.patterns, ", ")}}, " [$names$]");
    p.Emit("\n");
  }
}

// "why:" and the reasons under it, one level in.
void Why(Printer& p, const std::vector<Reason>& reasons) {
  p.Emit("why:\n");
  p.Indent();
  Bullets(p, reasons);
  p.Outdent();
}

void ExplainRead(Printer& p, const Model& model, const KeyLayout& layout, const ReadPlan& r) {
  const std::string& pk = layout.IndexPartitionKey(r.index);
  const std::string& sk = layout.IndexSortKey(r.index);
  p.Emit({{"pattern", r.pattern},
          {"operation", OperationName(r.operation)},
          {"index", layout.IndexName(r.index)}},
         "access pattern $pattern$: $operation$ on $index$\n");
  p.Indent();
  p.Emit({{"key", r.key.ToString(pk, sk)}}, "key condition: $key$\n");
  if (r.operation == Operation::kFanOutQuery)
    p.Emit({{"shards", r.shards}}, "shards: $shards$ (one request each)\n");
  std::string filter = DescribeFilter(r);
  if (!filter.empty()) {
    p.Emit({{"filter", filter}, {"ratio", fmt::format("{:.1f}", r.read_amplification)}},
           "filter: $filter$ (reads $ratio$ items per item returned)\n");
  }
  // The steps in the order the reader runs them (OrderClientSteps): an embedded collection's
  // children taken out of the parent's item, the matches (and a sort no key gives, which orders
  // the first step's items before they are followed), the second step, then a sort of the items
  // returned and the aggregate over them.
  const ClientStepOrder steps = OrderClientSteps(r);
  if (r.embedded)
    p.Emit({{"then", EmbeddedReadText(model, layout, *r.embedded)}}, "then: $then$\n");
  if (!steps.before.empty()) p.Emit({{"then", ClientStepsText(steps.before)}}, "then: $then$\n");
  if (r.follow_up) {
    // The second step of a read of a relationship's other side (ReadPlan::follow_up).
    const FollowUp& f = *r.follow_up;
    p.Emit(
        {{"op", OperationName(f.operation)},
         // A fetch of what the index leaves out reads the items of the entries found.
         {"item", f.by_table_key ? std::string("the items")
                                 : layout.item_types[static_cast<std::size_t>(f.item_type)].name},
         {"key", FollowUpKeyText(layout, f)},
         {"each", f.by_table_key
                      ? (f.operation == Operation::kGetItem ? "from the table"
                                                            : "from the table, 100 keys a request")
                  : f.operation == Operation::kGetItem
                      ? "for the item found"
                      : "for each item found, 100 keys a request"}},
        "then: $op$ $item$ at $key$, $each$\n");
  }
  if (!steps.after.empty()) p.Emit({{"then", ClientStepsText(steps.after)}}, "then: $then$\n");
  Why(p, r.reasons);
  p.Outdent();
}

void ExplainWrite(Printer& p, const Model& model, const KeyLayout& layout, const WritePlan& w) {
  std::string kind = w.transaction ? "TransactWriteItems" : "one item";
  if (w.counter) kind = "UpdateItem of the count, then " + kind;
  p.Emit({{"pattern", w.pattern}, {"kind", kind}}, "write pattern $pattern$: $kind$\n");
  p.Indent();
  if (!w.read_first.empty())
    p.Emit({{"list", Join(w.read_first, ", ")}},
           "GetItem (strongly consistent) first, reading $list$\n");
  for (std::size_t i = 0; i < w.also_read_first.size(); ++i) {
    if (w.also_read_first[i].empty()) continue;
    // The `also` entry's item, as the caller read it before the call.
    for (const auto& iw : w.writes) {
      if (iw.also != static_cast<int>(i)) continue;
      p.Emit({{"list", Join(w.also_read_first[i], ", ")},
              {"item", layout.item_types[static_cast<std::size_t>(iw.item_type)].name}},
             "the caller's $item$ as stored carries $list$ (a strongly consistent GetItem)\n");
      break;
    }
  }
  // A drawn counter (WritePlan::counter): its own request before the create's writes.
  if (w.counter) {
    p.Emit({{"item", layout.item_types[static_cast<std::size_t>(w.counter->item_type)].name},
            {"source", w.counter->source},
            {"condition", w.counter->condition},
            {"attribute", w.counter->attribute},
            // The aggregates' version, when the parent holds aggregates (model/exec/writes.cpp
            // DrawCounter): their maintainer's whole-item put then cannot put an old count back.
            {"aggv",
             std::any_of(model.aggregates.begin(), model.aggregates.end(),
                         [&](const AggregateDecl& agg) { return agg.into == w.counter->parent; })
                 ? std::string(" ADD ") + kAggregateVersionAttribute + " :one"
                 : std::string()}},
           "UpdateItem $item$ SET $source$ = if_not_exists($source$, :zero) + :one$aggv$ if "
           "$condition$, ReturnValues UPDATED_NEW: the new $source$ is $attribute$\n");
    for (int t : CounterFacets(layout, *w.counter))
      p.Emit({{"item", layout.item_types[static_cast<std::size_t>(t)].name},
              {"source", w.counter->source}},
             "UpdateItem $item$ SET $source$ = :drawn if attribute_exists(PK) AND "
             "(attribute_not_exists($source$) OR $source$ < :drawn)\n");
  }
  for (const auto& iw : w.writes) {
    p.Emit({{"op", WriteOpName(iw.op)},
            {"item", layout.item_types[static_cast<std::size_t>(iw.item_type)].name}},
           "$op$ $item$");
    if (!iw.set_attributes.empty())
      p.Emit({{"list", Join(iw.set_attributes, ", ")}}, " SET $list$");
    if (!iw.refresh_keys.empty())
      p.Emit({{"list", Join(iw.refresh_keys, ", ")}}, " recomputing $list$");
    if (!iw.condition.empty()) p.Emit({{"condition", iw.condition}}, " if $condition$");
    if (!iw.note.empty()) p.Emit({{"note", iw.note}}, " ($note$)");
    p.Emit("\n");
  }
  // The children's copies (WritePlan::copies): the read that finds them, then each one's writes.
  for (const CopyFanOut& f : w.copies) {
    p.Emit(
        {{"pattern", layout.reads[static_cast<std::size_t>(f.read)].pattern},
         {"sources", Join(f.sources, ", ")},
         {"where", f.in_transaction ? "in the same transaction" : "on its own, after the write"}},
        "$pattern$ reads the children copying $sources$, then per child ($where$):\n");
    p.Indent();
    for (const auto& iw : f.writes) {
      p.Emit({{"op", WriteOpName(iw.op)},
              {"item", layout.item_types[static_cast<std::size_t>(iw.item_type)].name}},
             "$op$ $item$");
      if (!iw.set_attributes.empty())
        p.Emit({{"list", Join(iw.set_attributes, ", ")}}, " SET $list$");
      if (!iw.refresh_keys.empty())
        p.Emit({{"list", Join(iw.refresh_keys, ", ")}}, " recomputing $list$");
      if (!iw.condition.empty()) p.Emit({{"condition", iw.condition}}, " if $condition$");
      if (!iw.note.empty()) p.Emit({{"note", iw.note}}, " ($note$)");
      p.Emit("\n");
    }
    p.Outdent();
  }
  if (!w.reasons.empty()) Why(p, w.reasons);
  p.Outdent();
}

void ExplainAggregate(Printer& p, const Model& model, const KeyLayout& layout,
                      const AggregateLayout& a) {
  const AggregateDecl& decl = model.aggregates[static_cast<std::size_t>(a.aggregate_id)];
  p.Emit({{"name", a.name},
          {"of", layout.item_types[static_cast<std::size_t>(a.source_type)].name},
          {"into", layout.item_types[static_cast<std::size_t>(a.target_type)].name},
          {"maintainer", a.maintainer == Maintainer::kStream ? "kept by the table's stream"
                         : a.maintainer == Maintainer::kTransaction
                             ? "kept by the writes' transactions"
                             : "computed at read time"}},
         "aggregate $name$: $of$ into $into$, $maintainer$\n");
  p.Indent();
  const Entity& into = model.entities[static_cast<std::size_t>(decl.into)];
  const Entity& of = model.entities[static_cast<std::size_t>(decl.of)];
  for (const AggregateValue& v : decl.values) {
    p.Emit(
        {{"target", into.attributes[static_cast<std::size_t>(v.target)].name},
         {"fn", AggregateFunctionName(v.function)},
         {"source", (v.source < 0 ? std::string()
                                  : " " + of.attributes[static_cast<std::size_t>(v.source)].name) +
                        (v.by < 0 ? std::string()
                                  : " by " + of.attributes[static_cast<std::size_t>(v.by)].name)}},
        "$target$ = $fn$$source$\n");
  }
  std::vector<std::string> conditions, filtered;
  for (const FixedFilter& c : decl.filters) {
    conditions.push_back(fmt::format("{} = {}", c.attribute, c.value));
    filtered.push_back(c.attribute);
  }
  if (!conditions.empty())
    p.Emit({{"conditions", Join(conditions, " and ")},
            {"of", of.name},
            {"attributes", Join(filtered, " or ")}},
           "counts only the $of$ items where $conditions$ (an update of $attributes$ moves an "
           "item into or out of its group)\n");
  if (!a.maintained_by.empty())
    p.Emit({{"list", Join(a.maintained_by, ", ")}}, "written by: $list$\n");
  // Items and costs (model/cost.h EstimateAggregate).
  AggregateFigures f = EstimateAggregate(model, layout, a);
  // The 400 KB bound: at how many items one group reaches it, or that it never does.
  std::string limit = f.state_grows ? fmt::format("; 400 KB at about {} items per group",
                                                  CostFigure(f.max_items_per_group))
                                    : std::string("; its size does not grow with the group");
  p.Emit({{"of", layout.item_types[static_cast<std::size_t>(a.source_type)].name},
          {"into", layout.item_types[static_cast<std::size_t>(a.target_type)].name},
          {"per_group", CostFigure(f.items_per_group)},
          {"bytes", CostFigure(std::round(f.group_item_bytes))},
          {"shards", std::to_string(a.shards)},
          {"others", std::to_string(a.shards - 1)},
          {"shard_bytes", CostFigure(std::round(f.shard_item_bytes))},
          {"limit", limit},
          // What feeds the group items: the stream's records of `of`, or, kept in the writes'
          // transactions (nothing streams), the writes of `of`.
          {"source",
           a.maintainer == Maintainer::kStream ? "the records of" : "the write patterns of"}},
         a.maintainer == Maintainer::kRead
             ? "items: each $into$ item's values come from its group's $of$ items, $per_group$ "
               "per group; the $into$ item stores none of them (about $bytes$ bytes)\n"
         : a.shards > 1
             ? "items: $source$ $of$ feed $shards$ items per group (the $into$ item and "
               "$others$ shard items), $per_group$ per group (about $bytes$ bytes the $into$ item, "
               "$shard_bytes$ bytes each shard item)$limit$\n"
             : "items: $source$ $of$ feed one $into$ item per group, $per_group$ per group "
               "(about $bytes$ bytes each)$limit$\n");
  if (a.maintainer == Maintainer::kStream) {
    p.Emit({{"groups", CostFigure(f.groups_per_s)},
            {"records", CostFigure(f.records_per_s)},
            {"rcu", CostFigure(f.rcu_per_group)},
            {"wcu", CostFigure(f.wcu_per_group)},
            {"rcu_s", CostFigure(f.rcu_per_s)},
            {"wcu_s", CostFigure(f.wcu_per_s)},
            {"monthly", CostDollars(f.monthly_cost_usd)}},
           "cost: $records$ records/s update $groups$ groups/s, each a GetItem ($rcu$ RCU) and "
           "its puts ($wcu$ WCU): $rcu_s$ RCU/s and $wcu_s$ WCU/s, $monthly$ per month; the "
           "stream's reads from Lambda are free\n");
    // Where the consumer keeps its marks (layout.h SeenMarks), with the other way's figure; the
    // reasons below say why.
    AggregateLayout other = a;
    other.marks = a.marks == SeenMarks::kItems ? SeenMarks::kInline : SeenMarks::kItems;
    AggregateFigures g = EstimateAggregate(model, layout, other);
    const AggregateFigures& in = a.marks == SeenMarks::kItems ? g : f;
    const AggregateFigures& items = a.marks == SeenMarks::kItems ? f : g;
    p.Emit({{"how", a.marks == SeenMarks::kItems
                        ? "mark items (_AGGSEEN#<item key>, about " +
                              CostFigure(std::round(items.mark_item_bytes)) +
                              " bytes each, in the group's TransactWriteItems)"
                        : std::string("inline (_aggseen on the group item)")},
            {"in_wcu", CostFigure(in.wcu_per_group)},
            {"in_bytes", CostFigure(std::round(in.group_item_bytes))},
            {"items_wcu", CostFigure(items.wcu_per_group)}},
           "marks: $how$; per group update $in_wcu$ WCU inline (a group item of about $in_bytes$ "
           "bytes), $items_wcu$ WCU with mark items\n");
  } else if (a.maintainer == Maintainer::kRead) {
    // The group read, as the reads of `into` pay it for each item they return (EstimateRead).
    const ReadPlan& collection = layout.reads[static_cast<std::size_t>(a.collection_pattern)];
    ReadFigures g = EstimateRead(model, layout, collection);
    std::vector<std::string> readers;
    for (const ReadPlan& r : layout.reads) {
      if (std::find(r.aggregate_reads.begin(), r.aggregate_reads.end(),
                    &a - layout.aggregates.data()) != r.aggregate_reads.end())
        readers.push_back(r.pattern);
    }
    p.Emit({{"collection", collection.pattern},
            {"items", CostFigure(g.items_read)},
            {"requests", CostFigure(g.requests)},
            {"request_word", g.requests == 1 ? "request" : "requests"},
            {"rcu", CostFigure(g.rcu_per_call)},
            {"into", into.name},
            {"readers", readers.empty() ? std::string("none") : Join(readers, ", ")}},
           "cost: each $into$ item a read returns adds $collection$'s read of its group "
           "($requests$ $request_word$, about $items$ items, $rcu$ RCU at its consistency), "
           "priced with those reads ($readers$); no writes\n");
  } else if (KeptByAdd(model, layout, a)) {
    // Counts and sums kept by ADD: each write's transaction updates the group items it changes
    // (model/exec/aggregates.h PlanGroupAdds), with no read first.
    p.Emit({{"groups", CostFigure(f.groups_per_s)},
            {"records", CostFigure(f.records_per_s)},
            {"wcu_s", CostFigure(a.target_wcu_per_s)},
            {"item", a.shards > 1 ? "item's shard that the changed item hashes to" : "item"}},
           "cost: $records$ writes/s change $groups$ groups/s, each an UpdateItem that ADDs the "
           "change to the group $item$ inside the write's transaction (no read first): $wcu_s$ "
           "WCU/s of group items (priced with the write patterns: their write rows)\n");
  } else {
    // Before its TransactWriteItems, each write reads the group items it changes (strongly
    // consistent GetItem, one RCU per 4 KB:
    // https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/read-write-operations.html).
    p.Emit({{"groups", CostFigure(f.groups_per_s)},
            {"records", CostFigure(f.records_per_s)},
            {"rcu", CostFigure(f.rcu_per_group)},
            {"rcu_s", CostFigure(f.rcu_per_s)},
            {"wcu_s", CostFigure(a.target_wcu_per_s)}},
           "cost: $records$ writes/s change $groups$ groups/s, each first read with a strongly "
           "consistent GetItem ($rcu$ RCU): $rcu_s$ RCU/s, then $wcu_s$ WCU/s of group items "
           "inside the write patterns' transactions (priced with those patterns: their write and "
           "group read rows)\n");
  }
  if (a.shards > 1)
    p.Emit({{"n", std::to_string(a.shards)},
            {"key", a.shard_partition_key.ToString()},
            {"label", a.shard_label},
            {"into", into.name}},
           "shards: $n$ per group (shard 0 the $into$ item, the others $key$, labelled $label$)\n");
  Why(p, a.reasons);
  p.Outdent();
}

void ExplainItem(Printer& p, const KeyLayout& layout, int id) {
  const ItemType& t = layout.item_types[static_cast<std::size_t>(id)];
  p.Emit({{"name", t.name},
          {"role", ItemRoleName(t.role)},
          {"pk", layout.partition_key},
          {"pk_template", t.partition_key.ToString()},
          {"sk", layout.sort_key},
          {"sk_template", t.sort_key.ToString()}},
         "item type $name$ ($role$): $pk$ = $pk_template$, $sk$ = $sk_template$\n");
  p.Indent();
  Bullets(p, t.reasons);
  p.Outdent();
}

// A sharded aggregate's shard items (model/layout.h AggregateShardItemTypes), as ExplainItem.
void ExplainShardItem(Printer& p, const KeyLayout& layout, const AggregateShardItemType& t) {
  const AggregateLayout& a = layout.aggregates[static_cast<std::size_t>(t.aggregate)];
  p.Emit({{"name", t.name},
          {"pk", layout.partition_key},
          {"pk_template", t.partition_key.ToString()},
          {"sk", layout.sort_key},
          {"sk_template", t.sort_key.ToString()}},
         "item type $name$ (aggregate shard): $pk$ = $pk_template$, $sk$ = $sk_template$\n");
  p.Indent();
  Bullets(p, {{fmt::format("shards 1 to {} of each group of aggregate '{}' (shard 0 is the {} "
                           "item), labelled {}, holding {} and {}",
                           t.shards, a.name,
                           layout.item_types[static_cast<std::size_t>(t.target_type)].name, t.label,
                           Join(t.attributes, ", "), Join(t.state, ", ")),
               a.maintained_by}});
  p.Outdent();
}

void ExplainIndex(Printer& p, const IndexLayout& i) {
  p.Emit({{"name", i.name},
          {"keys", model::keys::KeyPairText(i.partition_key, i.sort_key)},
          {"projection", ProjectionName(i.projection)}},
         "index $name$: $keys$, projection $projection$\n");
  p.Indent();
  Bullets(p, i.reasons);
  p.Outdent();
}

}  // namespace

std::string RenderExplanation(const Model& model, const KeyLayout& layout,
                              const std::string* pattern) {
  Printer p;
  if (!pattern) {
    p.Emit("Design decisions\n");
    Bullets(p, layout.notes);
    for (const auto& i : layout.indexes) {
      p.Emit("\n");
      ExplainIndex(p, i);
    }
    for (std::size_t t = 0; t < layout.item_types.size(); ++t) {
      p.Emit("\n");
      ExplainItem(p, layout, static_cast<int>(t));
    }
    for (const AggregateShardItemType& t : AggregateShardItemTypes(model, layout)) {
      p.Emit("\n");
      ExplainShardItem(p, layout, t);
    }
    for (const auto& r : layout.reads) {
      p.Emit("\n");
      ExplainRead(p, model, layout, r);
    }
    for (const auto& w : layout.writes) {
      p.Emit("\n");
      ExplainWrite(p, model, layout, w);
    }
    for (const auto& a : layout.aggregates) {
      p.Emit("\n");
      ExplainAggregate(p, model, layout, a);
    }
    return p.Release();
  }
  std::set<int> items;
  std::set<int> indexes;
  for (const auto& r : layout.reads) {
    if (r.pattern != *pattern) continue;
    ExplainRead(p, model, layout, r);
    items.insert(r.item_types.begin(), r.item_types.end());
    if (r.index > 0) indexes.insert(r.index);
  }
  for (const auto& a : layout.aggregates) {
    if (a.name != *pattern) continue;
    ExplainAggregate(p, model, layout, a);
    items.insert(a.source_type);
    items.insert(a.target_type);
  }
  for (const auto& w : layout.writes) {
    if (w.pattern != *pattern) continue;
    ExplainWrite(p, model, layout, w);
    for (const auto& iw : w.writes) items.insert(iw.item_type);
  }
  for (int i : indexes) {
    for (const auto& index : layout.indexes) {
      if (index.number != i) continue;
      p.Emit("\n");
      ExplainIndex(p, index);
    }
  }
  for (int t : items) {
    p.Emit("\n");
    ExplainItem(p, layout, t);
  }
  for (const AggregateShardItemType& t : AggregateShardItemTypes(model, layout)) {
    if (layout.aggregates[static_cast<std::size_t>(t.aggregate)].name != *pattern) continue;
    p.Emit("\n");
    ExplainShardItem(p, layout, t);
  }
  return p.Release();
}

}  // namespace model
