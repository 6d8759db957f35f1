#include "codegen/docs/content.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <map>

#include "codegen/report/design_text.h"
#include "model/aggregate_rules.h"
#include "model/cost.h"
#include "model/counter_facets.h"

namespace model::codegen::docs {

namespace {

constexpr const char* kNone = "\u2014";  // an em dash: no figure

Cell C(Line line, bool numeric = false) { return Cell{{std::move(line)}, numeric}; }
Cell C(std::string text) { return C(Line{Text(std::move(text))}); }
Cell Num(std::string text) { return C(Line{Text(std::move(text))}, true); }

std::string Plural(std::int64_t n, const char* one, const char* many) {
  return fmt::format("{} {}", n, n == 1 ? one : many);
}

std::string Thousands(std::int64_t n) {
  std::string digits = std::to_string(n < 0 ? -n : n);
  std::string out;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return (n < 0 ? "-" : "") + out;
}

std::string Bytes(std::int64_t n) {
  if (n >= 1024 && n % 1024 == 0) return fmt::format("{} KB", n / 1024);
  return fmt::format("{} bytes", Thousands(n));
}

// The key attribute names of index `index` (0 = the table).
std::pair<std::string, std::string> KeyNames(const KeyLayout& layout, int index) {
  if (index == 0) return {layout.partition_key, layout.sort_key};
  const IndexLayout& ix = layout.indexes[static_cast<std::size_t>(index - 1)];
  return {ix.partition_key, ix.sort_key};
}

std::string ProjectionText(const IndexLayout& ix) {
  std::string text = ProjectionName(ix.projection);
  if (ix.projection == Projection::kInclude) {
    std::string attrs;
    for (const auto& a : ix.projected_attributes) attrs += (attrs.empty() ? "" : ", ") + a;
    text += " (" + attrs + ")";
  }
  return text;
}

Section TableSection(const DocsInput& in) {
  const Model& m = in.model;
  const KeyLayout& l = in.layout;
  Section s{"table", "Table", 2, {}};
  Facts facts;
  facts.items.push_back({"Name", {Code(l.table_name)}});
  facts.items.push_back({"Partition key", {Code(l.partition_key), Muted(" (string)")}});
  facts.items.push_back({"Sort key", {Code(l.sort_key), Muted(" (string)")}});
  facts.items.push_back(
      {"Billing mode",
       {Text(m.table.billing == BillingMode::kOnDemand ? "on demand (PAY_PER_REQUEST)"
                                                       : "provisioned")}});
  facts.items.push_back(
      {"Stream", {Text(m.table.streams ? "enabled (NEW_AND_OLD_IMAGES)" : "none")}});
  if (!l.ttl_attribute.empty()) {
    std::vector<std::string> sources;
    for (const Entity& e : m.entities) {
      if (!e.ttl.empty()) sources.push_back(e.name + "." + e.ttl);
    }
    // Only entities' items are read back: reads leave those out once expired.
    const std::string reads =
        sources.empty() ? std::string() : std::string("; reads leave out expired items");
    // A stream consumer's mark items expire by it too (layout.h SeenMarks::kItems).
    for (const AggregateLayout& a : l.aggregates) {
      if (a.maintainer == Maintainer::kStream && a.marks == SeenMarks::kItems)
        sources.push_back("the mark items of " + a.name);
    }
    facts.items.push_back(
        {"Time to Live",
         {Code(l.ttl_attribute),
          Muted(fmt::format(" (epoch seconds, from {}{})", fmt::join(sources, ", "), reads))}});
  }
  facts.items.push_back({"Item types",
                         {Text(fmt::format("{} for {}", l.item_types.size(),
                                           Plural(static_cast<std::int64_t>(m.entities.size()),
                                                  "entity", "entities")))}});
  facts.items.push_back({"Access patterns",
                         {Text(fmt::format("{} reads, {} writes", m.access_patterns.size(),
                                           m.write_patterns.size()))}});
  s.blocks.push_back(std::move(facts));
  if (l.indexes.empty()) {
    s.blocks.push_back(Line{Muted("No global secondary indexes.")});
    return s;
  }
  Table t;
  t.header = {"Index", "Partition key", "Sort key", "Projection", "Serves"};
  t.numeric = {false, false, false, false, false};
  t.rows.push_back({C(Line{Strong("table")}), C(Line{Code(l.partition_key)}),
                    C(Line{Code(l.sort_key)}), C("ALL"), C("")});
  std::map<int, std::vector<std::string>> serves;
  for (const ReadPlan& r : l.reads) serves[r.index].push_back(r.pattern);
  auto served = [&](int index) {
    Line line;
    for (const std::string& p : serves[index]) {
      if (!line.empty()) line.push_back(Text(", "));
      line.push_back(Link(p, "#" + Anchor("pattern", p)));
    }
    if (line.empty()) line.push_back(Muted(kNone));
    return C(line);
  };
  t.rows[0][4] = served(0);
  for (const IndexLayout& ix : l.indexes) {
    // A natural-key index may have no sort key.
    t.rows.push_back({C(Line{Strong(ix.name)}), C(Line{Code(ix.partition_key)}),
                      C(ix.sort_key.empty() ? Line{Muted(kNone)} : Line{Code(ix.sort_key)}),
                      C(ProjectionText(ix)), served(ix.number)});
  }
  s.blocks.push_back(std::move(t));
  return s;
}

Section ErdSection(const DocsInput& in) {
  const Model& m = in.model;
  Section s{"erd", "Entity-relationship diagram", 2, {}};
  if (!in.erd_svg.empty()) {
    s.blocks.push_back(
        Diagram{"erd.svg", in.erd_svg,
                fmt::format("Entity-relationship diagram of {}", in.layout.table_name)});
  }
  if (m.relationships.empty()) {
    s.blocks.push_back(Line{Muted("No relationships.")});
    return s;
  }
  Table t;
  t.header = {"Relationship", "From", "Cardinality", "To", "Through", "Link"};
  t.numeric = std::vector<bool>(6, false);
  for (const Relationship& r : m.relationships) {
    const Entity& from = m.entities[static_cast<std::size_t>(r.from)];
    const Entity& to = m.entities[static_cast<std::size_t>(r.to)];
    const Entity& holder = r.through ? m.entities[static_cast<std::size_t>(*r.through)] : to;
    Line link;
    // A polymorphic association's row per parent: the kind's value that names this parent.
    if (r.Polymorphic())
      link.push_back(Code(
          fmt::format("{} = {}", to.attributes[static_cast<std::size_t>(r.kind)].name, from.name)));
    for (AttrId a : r.link) {
      if (!link.empty()) link.push_back(Text(", "));
      link.push_back(Code(holder.attributes[static_cast<std::size_t>(a)].name));
    }
    for (AttrId a : r.link_to) {
      link.push_back(Text(", "));
      link.push_back(Code(holder.attributes[static_cast<std::size_t>(a)].name));
    }
    Line through;
    if (r.through)
      through.push_back(Link(holder.name, "#" + Anchor("entity", holder.name)));
    else
      through.push_back(Muted(kNone));
    Line card{Text(CardinalityName(r.cardinality))};
    if (r.owning) card.push_back(Muted(" owning"));
    // An embedded collection: the children live in the parent's item, in a map attribute.
    if (r.embedded) {
      for (const EmbeddedLayout& emb : in.layout.embedded) {
        if (&m.relationships[static_cast<std::size_t>(emb.relationship)] != &r) continue;
        card.push_back(Text(" embedded in "));
        card.push_back(Code(EmbeddedPathText(emb)));
      }
    }
    t.rows.push_back(
        {C(Line{Code(r.name)}), C(Line{Link(from.name, "#" + Anchor("entity", from.name))}),
         C(card), C(Line{Link(to.name, "#" + Anchor("entity", to.name))}), C(through), C(link)});
  }
  s.blocks.push_back(std::move(t));
  return s;
}

Section EntityChart(const DocsInput& in) {
  const KeyLayout& l = in.layout;
  Section s{"entity-chart", "Entity chart", 2, {}};
  s.blocks.push_back(Line{Text("Each item type and the keys it writes, per index. "),
                          Muted("{placeholders}"),
                          Text(" are the item's attribute values; an empty cell means the item "
                               "type is not in that index.")});
  Table t;
  t.header = {"Item type", l.partition_key, l.sort_key};
  for (const IndexLayout& ix : l.indexes) {
    t.header.push_back(ix.partition_key);
    t.header.push_back(ix.sort_key.empty() ? ix.name + " (no sort key)" : ix.sort_key);
  }
  t.numeric = std::vector<bool>(t.header.size(), false);
  for (const ItemType& it : l.item_types) {
    const Entity& en = in.model.entities[static_cast<std::size_t>(it.entity)];
    Line name{Link(it.name, "#" + Anchor("entity", en.name))};
    std::vector<Cell> row{
        Cell{{name, Line{Muted(std::string(ItemRoleName(it.role)) +
                               (it.shards > 1 ? fmt::format(", {} shards", it.shards) : ""))}},
             false},
        C(Line{Key(it.partition_key.ToString())}), C(Line{Key(it.sort_key.ToString())})};
    for (const IndexLayout& ix : l.indexes) {
      auto k = std::find_if(it.index_keys.begin(), it.index_keys.end(),
                            [&](const IndexKeys& x) { return x.index == ix.number; });
      if (k == it.index_keys.end()) {
        row.push_back(C(""));
        row.push_back(C(""));
        continue;
      }
      Cell pk = C(Line{Key(k->partition_key.ToString())});
      if (!k->only_when.empty()) {
        std::string cond;
        for (const auto& w : k->only_when)
          cond += (cond.empty() ? "" : " and ") + fmt::format("{} = {}", w.attribute, w.value);
        pk.lines.push_back(Line{Muted("sparse: if " + cond)});
      }
      row.push_back(std::move(pk));
      row.push_back(C(Line{Key(k->sort_key.ToString())}));
    }
    t.rows.push_back(std::move(row));
  }
  // A sharded aggregate's shard items: in no index (model/layout.h AggregateShardItemTypes).
  for (const AggregateShardItemType& st : AggregateShardItemTypes(in.model, l)) {
    const Entity& en = in.model.entities[static_cast<std::size_t>(st.entity)];
    const AggregateLayout& a = l.aggregates[static_cast<std::size_t>(st.aggregate)];
    Line name{Link(st.name, "#" + Anchor("entity", en.name))};
    std::vector<Cell> row{
        Cell{{name,
              Line{Muted(fmt::format("aggregate shard of {}, {} per group", a.name, st.shards))}},
             false},
        C(Line{Key(st.partition_key.ToString())}), C(Line{Key(st.sort_key.ToString())})};
    for (std::size_t ix = 0; ix < l.indexes.size(); ++ix) {
      row.push_back(C(""));
      row.push_back(C(""));
    }
    t.rows.push_back(std::move(row));
  }
  s.blocks.push_back(std::move(t));
  return s;
}

std::vector<Section> SampleSections(const DocsInput& in) {
  std::vector<Section> out;
  Section s{"sample-items", "Sample items", 2, {}};
  s.blocks.push_back(
      Line{Text("Items from the synthetic data "), Code("model check"),
           Text(" loads, grouped by partition as NoSQL Workbench's aggregate view shows them: "
                "a few partitions per index, at most five items each, key attributes first.")});
  out.push_back(std::move(s));
  for (const SampleIndex& si : in.samples.indexes) {
    Section sub{
        "samples-" + Anchor("", si.name).substr(1), si.index == 0 ? "Table" : si.name, 3, {}};
    if (si.partitions.empty())
      sub.blocks.push_back(Line{Muted("No item carries this index's keys in the sample.")});
    else
      sub.blocks.push_back(SampleView{si});
    out.push_back(std::move(sub));
  }
  return out;
}

const PatternCheck* CheckOf(const DocsInput& in, const std::string& name, bool write) {
  if (!in.check) return nullptr;
  for (const PatternCheck& p : in.check->patterns) {
    if (p.name == name && p.write == write) return &p;
  }
  return nullptr;
}

Cell ResultCell(const PatternCheck* pc) {
  if (!pc) return C(Line{Muted(kNone)});
  Cell c;
  c.lines.push_back(
      Line{pc->passed() ? Span{SpanKind::kPass, "pass", {}} : Span{SpanKind::kFail, "FAIL", {}}});
  if (!pc->warnings.empty())
    c.lines.push_back(
        Line{Muted(Plural(static_cast<std::int64_t>(pc->warnings.size()), "warning", "warnings"))});
  return c;
}

Cell NameCell(const std::string& name, const std::string& description) {
  Cell c;
  c.lines.push_back(Line{Strong(name)});
  if (!description.empty()) c.lines.push_back(Line{Muted(description)});
  return c;
}

Section ReadSection(const DocsInput& in) {
  const Model& m = in.model;
  const KeyLayout& l = in.layout;
  Section s{"access-patterns", "Access patterns", 2, {}};
  s.blocks.push_back(Line{Text(fmt::format(
      "Estimates from the declared item sizes, counts, limits and rates (DynamoDB's capacity "
      "rules: each request's bytes rounded up to 4 KB per read unit, at least one, half for "
      "eventually consistent reads); monthly cost {} at the declared rate. A range without a "
      "limit is counted as the whole partition (an upper bound, marked ≤).",
      m.table.billing == BillingMode::kProvisioned ? "for provisioned capacity" : "on demand"))});
  Table t;
  t.header = {"Pattern",  "Operation",         "Index",        "Key condition", "Filter",
              "Requests", "Read per returned", "RCU per call", "Rate (/s)",     "Monthly cost"};
  if (in.check) {
    for (const char* h : {"Check", "Measured RCU per call", "Measured read per returned"})
      t.header.push_back(h);
  }
  t.numeric = std::vector<bool>(t.header.size(), false);
  for (std::size_t i = 5; i < t.header.size(); ++i) t.numeric[i] = t.header[i] != "Check";
  for (const ReadPlan& r : l.reads) {
    const AccessPattern& p = m.access_patterns[static_cast<std::size_t>(r.pattern_id)];
    auto [pk, sk] = KeyNames(l, r.index);
    std::string op = OperationName(r.operation);
    if (r.operation == Operation::kFanOutQuery)
      op = fmt::format("Query \u00d7 {} shards", r.shards);
    Cell opc = C(Line{Code(op)});
    std::string details;
    if (!r.scan_forward) details += "descending";
    if (r.limit) details += (details.empty() ? "" : ", ") + fmt::format("limit {}", *r.limit);
    if (r.consistent) details += (details.empty() ? "" : ", ") + std::string("consistent");
    if (!details.empty()) opc.lines.push_back(Line{Muted(details)});
    std::string filter = DescribeFilter(r);
    Cell requests = Num(std::to_string(r.requests));
    // The steps in the order the reader runs them (OrderClientSteps): the matches (and a sort
    // no key gives, which orders the first step's items before the second step,
    // ReadPlan::follow_up, follows them), the second step, then a sort of the items returned
    // and the aggregate over them.
    const ClientStepOrder steps = OrderClientSteps(r);
    if (!steps.before.empty())
      requests.lines.push_back(Line{Muted("then " + ClientStepsText(steps.before))});
    if (r.follow_up)
      requests.lines.push_back(Line{Muted("then " + FollowUpStepText(l, *r.follow_up))});
    if (!steps.after.empty())
      requests.lines.push_back(Line{Muted("then " + ClientStepsText(steps.after))});
    ReadFigures f = EstimateRead(m, l, r);
    std::vector<Cell> row{NameCell(p.name, p.description),
                          opc,
                          C(Line{Code(l.IndexName(r.index))}),
                          C(Line{Key(r.key.ToString(pk, sk))}),
                          filter.empty() ? C(Line{Muted(kNone)}) : C(Line{Key(filter)}),
                          requests,
                          Num(Figure(f.read_amplification)),
                          Num((f.upper_bound ? "≤ " : "") + Figure(f.rcu_per_call)),
                          Num(Figure(p.rate)),
                          Num((f.upper_bound ? "≤ " : "") + Dollars(f.monthly_cost_usd))};
    if (in.check) {
      const PatternCheck* pc = CheckOf(in, p.name, false);
      row.push_back(ResultCell(pc));
      bool measured = pc && pc->calls > 0;
      row.push_back(
          Num(Figure(measured ? std::optional<double>(pc->rcu / pc->calls) : std::nullopt)));
      row.push_back(Num(Figure(measured && pc->items_returned > 0
                                   ? std::optional<double>(static_cast<double>(pc->items_read) /
                                                           static_cast<double>(pc->items_returned))
                                   : std::nullopt)));
    }
    t.rows.push_back(std::move(row));
    t.row_ids.push_back(Anchor("pattern", p.name));
  }
  s.blocks.push_back(std::move(t));
  return s;
}

// "4", or "4 (+ 3 RCU of group reads, + 1 RCU first read)": a write's units per call with the
// reads it makes before its transaction (model/cost.h WriteFigures).
std::string WriteUnitsText(const WriteFigures& f) {
  std::vector<std::string> reads;
  if (f.group_reads > 0)
    reads.push_back(fmt::format("+ {} RCU of group reads", Figure(f.rcu_per_call)));
  if (f.first_read_rcu_per_call > 0)
    reads.push_back(fmt::format("+ {} RCU first read", Figure(f.first_read_rcu_per_call)));
  if (f.copy_read_rcu_per_call > 0)
    reads.push_back(fmt::format("+ {} RCU children read", Figure(f.copy_read_rcu_per_call)));
  if (reads.empty()) return Figure(f.wcu_per_call);
  return fmt::format("{} ({})", Figure(f.wcu_per_call), fmt::join(reads, ", "));
}

Section WriteSection(const DocsInput& in) {
  const Model& m = in.model;
  const KeyLayout& l = in.layout;
  Section s{"write-patterns", "Write patterns", 2, {}};
  if (l.writes.empty()) {
    s.blocks.push_back(Line{Muted("No write patterns declared.")});
    return s;
  }
  s.blocks.push_back(
      Line{Text("Estimates: 1 KB per write unit per item, plus each index entry written; "
                "transactions cost twice.")});
  Table t;
  t.header = {"Pattern",       "Kind",         "Items written", "Request",
              "Index entries", "WCU per call", "Rate (/s)",     "Monthly cost"};
  if (in.check) {
    for (const char* h : {"Check", "Measured WCU per call"}) t.header.push_back(h);
  }
  t.numeric = std::vector<bool>(t.header.size(), false);
  for (std::size_t i = 4; i < t.header.size(); ++i) t.numeric[i] = t.header[i] != "Check";
  for (const WritePlan& w : l.writes) {
    const WritePattern& p = m.write_patterns[static_cast<std::size_t>(w.pattern_id)];
    const Entity& en = m.entities[static_cast<std::size_t>(p.entity)];
    Cell items;
    // A drawn counter (WritePlan::counter): the parent's count first, as `model design` lists it.
    if (w.counter) {
      items.lines.push_back(
          Line{Code("Update"),
               Text(" " + l.item_types[static_cast<std::size_t>(w.counter->item_type)].name),
               Muted(fmt::format(" ({} + 1 into {})", w.counter->source, w.counter->attribute))});
      for (int ft : CounterFacets(l, *w.counter))
        items.lines.push_back(Line{Code("Update"),
                                   Text(" " + l.item_types[static_cast<std::size_t>(ft)].name),
                                   Muted(" (" + w.counter->source + ")")});
    }
    for (const ItemWrite& iw : w.writes) {
      const ItemType& it = l.item_types[static_cast<std::size_t>(iw.item_type)];
      Line line{Code(WriteOpName(iw.op)), Text(" " + it.name)};
      if (!iw.condition.empty()) line.push_back(Muted(" if " + iw.condition));
      items.lines.push_back(std::move(line));
    }
    // The children whose copies an update rewrites (WritePlan::copies), as `model design` lists
    // them.
    for (const CopyFanOut& f : w.copies) {
      for (const ItemWrite& iw : f.writes) {
        const ItemType& it = l.item_types[static_cast<std::size_t>(iw.item_type)];
        items.lines.push_back(
            Line{Code(WriteOpName(iw.op)), Text(" " + it.name),
                 Muted(fmt::format(" per child read by {}{}",
                                   l.reads[static_cast<std::size_t>(f.read)].pattern,
                                   f.in_transaction ? "" : ", after the write"))});
      }
    }
    // The group items of the aggregates this write keeps in its transaction, as `model design`
    // lists them: one per item, naming every aggregate it holds (SharesGroupItem); updated by ADD
    // (KeptByAdd), else put.
    std::vector<std::vector<int>> group_items;
    for (int a : w.aggregates) {
      auto same = std::find_if(group_items.begin(), group_items.end(),
                               [&](const auto& g) { return SharesGroupItem(m, l, g.front(), a); });
      if (same != group_items.end())
        same->push_back(a);
      else
        group_items.push_back({a});
    }
    for (const std::vector<int>& g : group_items) {
      const AggregateLayout& agg = l.aggregates[static_cast<std::size_t>(g.front())];
      std::vector<std::string> names;
      for (int a : g) names.push_back(l.aggregates[static_cast<std::size_t>(a)].name);
      items.lines.push_back(
          Line{Code(KeptByAdd(m, l, g.front()) ? "Update" : "Put"),
               Text(" " + l.item_types[static_cast<std::size_t>(agg.target_type)].name),
               Muted(" (" + fmt::format("{}", fmt::join(names, ", ")) + ")")});
    }
    Line request{Code(w.transaction ? "TransactWriteItems"
                      : w.writes.size() == 1 && w.writes[0].op == WriteOp::kPut    ? "PutItem"
                      : w.writes.size() == 1 && w.writes[0].op == WriteOp::kDelete ? "DeleteItem"
                      : w.writes.size() == 1                                       ? "UpdateItem"
                                             : "separate requests")};
    // A drawn counter: the parent's UpdateItem is a request of its own first.
    if (w.counter) request.insert(request.begin(), Muted("UpdateItem, then "));
    // Children whose copies are rewritten after the write: one request each.
    if (std::any_of(w.copies.begin(), w.copies.end(),
                    [](const CopyFanOut& c) { return !c.in_transaction; }))
      request.push_back(Muted(", then one per child"));
    WriteFigures f = EstimateWrite(m, l, w);
    std::vector<Cell> row{NameCell(p.name, p.description),
                          C(Line{Text(std::string(WriteKindName(p.kind)) + " "),
                                 Link(en.name, "#" + Anchor("entity", en.name))}),
                          items, C(request), Num(Figure(f.index_entries)),
                          // A write keeping an aggregate in its transaction first reads the group
                          // items (model/cost.h WriteFigures::group_reads), and an update or delete
                          // its own item (first_read_rcu_per_call); the monthly cost includes both.
                          Num(WriteUnitsText(f)), Num(Figure(p.rate)),
                          Num(Dollars(f.monthly_cost_usd))};
    if (in.check) {
      const PatternCheck* pc = CheckOf(in, p.name, true);
      row.push_back(ResultCell(pc));
      bool measured = pc && pc->calls > 0;
      std::string cell =
          Figure(measured ? std::optional<double>(pc->wcu / pc->calls) : std::nullopt);
      // What the write read before writing (its own item, the group items), as the estimate
      // beside it shows it.
      if (measured && pc->rcu > 0)
        cell += fmt::format(" (+ {} RCU of reads first)", Figure(pc->rcu / pc->calls));
      row.push_back(Num(cell));
    }
    t.rows.push_back(std::move(row));
    t.row_ids.push_back(Anchor("pattern", p.name));
  }
  s.blocks.push_back(std::move(t));
  return s;
}

// Pre-computed aggregates: what each keeps, where, and who keeps it (layout.h AggregateLayout).
Section AggregateSection(const DocsInput& in) {
  const Model& m = in.model;
  const KeyLayout& l = in.layout;
  Section s{"aggregates", "Aggregates", 2, {}};
  // Only the ways this layout keeps its aggregates.
  bool stream = false, transaction = false, sharded = false, read = false;
  for (const AggregateLayout& a : l.aggregates) {
    stream = stream || a.maintainer == Maintainer::kStream;
    transaction = transaction || (a.maintainer == Maintainer::kTransaction && a.shards <= 1);
    sharded = sharded || (a.maintainer == Maintainer::kTransaction && a.shards > 1);
    read = read || a.maintainer == Maintainer::kRead;
  }
  std::vector<std::string> ways;
  if (stream)
    ways.push_back(
        "kept by a consumer of the table's stream (eventually consistent), read with the item");
  if (transaction)
    ways.push_back(
        "kept in the writes' own transactions (strongly consistent), read with the item");
  if (sharded)
    ways.push_back(
        "kept in the writes' own transactions split over shard items, read with the item and a "
        "BatchGetItem of its other shards");
  if (read)
    ways.push_back(
        "computed by each read from the group's items, one Query more per item returned");
  s.blocks.push_back(Line{Text(
      fmt::format("Values derived from the items they aggregate: {}.", fmt::join(ways, "; ")))});
  Table t;
  t.header = {
      "Aggregate",        "Of", "Into", "Values", "Kept by", "Group item", "400 KB at items",
      "Maintenance cost", "Why"};
  t.numeric = std::vector<bool>(t.header.size(), false);
  for (const AggregateLayout& a : l.aggregates) {
    const AggregateDecl& d = m.aggregates[static_cast<std::size_t>(a.aggregate_id)];
    const Entity& of = m.entities[static_cast<std::size_t>(d.of)];
    const Entity& into = m.entities[static_cast<std::size_t>(d.into)];
    Cell values;
    for (const AggregateValue& v : d.values) {
      std::string fn = AggregateFunctionName(v.function);
      if (v.source >= 0) fn += " " + of.attributes[static_cast<std::size_t>(v.source)].name;
      if (v.by >= 0) fn += " by " + of.attributes[static_cast<std::size_t>(v.by)].name;
      values.lines.push_back(
          Line{Code(into.attributes[static_cast<std::size_t>(v.target)].name), Text(" = " + fn)});
    }
    Cell why;
    for (const Reason& r : a.reasons) why.lines.push_back(Line{Text(r.text)});
    // Sizes and costs (model/cost.h EstimateAggregate), as `model design` and explain state
    // them: with shards, the `into` item's and each other shard item's.
    AggregateFigures f = EstimateAggregate(m, l, a);
    Cell size = a.maintainer == Maintainer::kRead ? C(Line{Muted("nothing stored")})
                : a.shards > 1
                    ? Cell{{Line{Text(fmt::format("{} B", Figure(std::round(f.group_item_bytes))))},
                            Line{Muted(fmt::format("shard items {} B",
                                                   Figure(std::round(f.shard_item_bytes))))}}}
                    : C(Line{Text(fmt::format("{} B", Figure(std::round(f.group_item_bytes))))});
    std::string limit = a.maintainer == Maintainer::kRead ? "—"
                        : f.state_grows                   ? Figure(f.max_items_per_group)
                                                          : "never";
    Cell cost;
    if (a.maintainer == Maintainer::kStream) {
      cost.lines.push_back(
          Line{Text(fmt::format("{} RCU/s and {} WCU/s, {} a month", Figure(f.rcu_per_s),
                                Figure(f.wcu_per_s), Dollars(f.monthly_cost_usd)))});
      cost.lines.push_back(Line{Muted("the consumer's rows in the cost summary")});
    } else if (a.maintainer == Maintainer::kTransaction) {
      cost.lines.push_back(Line{
          Text(fmt::format("in the write patterns' rows: {}", fmt::join(a.maintained_by, ", ")))});
    } else {
      std::vector<std::string> readers;
      for (const ReadPlan& r : l.reads) {
        if (std::find(r.aggregate_reads.begin(), r.aggregate_reads.end(), a.aggregate_id) !=
            r.aggregate_reads.end())
          readers.push_back(r.pattern);
      }
      cost.lines.push_back(Line{Text(
          "in the access patterns' rows: " +
          (readers.empty() ? std::string("none") : fmt::format("{}", fmt::join(readers, ", "))))});
    }
    // The filter under the source (model.h AggregateDecl::filters): "where status = OPEN".
    Cell source = C(Line{Link(of.name, "#" + Anchor("entity", of.name))});
    std::vector<std::string> conditions;
    for (const FixedFilter& cond : d.filters)
      conditions.push_back(fmt::format("{} = {}", cond.attribute, cond.value));
    if (!conditions.empty())
      source.lines.push_back(Line{Muted(fmt::format("where {}", fmt::join(conditions, " and ")))});
    t.rows.push_back(
        {NameCell(d.name, d.description), source,
         C(Line{Link(into.name, "#" + Anchor("entity", into.name))}), values,
         C(Line{Text(
             a.maintainer == Maintainer::kStream
                 ? std::string("the table's stream") +
                       (a.marks == SeenMarks::kItems ? " (mark items)" : "")
             : a.maintainer == Maintainer::kRead
                 ? "each read, from " +
                       in.layout.reads[static_cast<std::size_t>(a.collection_pattern)].pattern
             : a.shards > 1 ? "the writes' transactions, " + std::to_string(a.shards) + " shards"
                            : std::string("the writes' transactions"))}),
         size, Num(limit), cost, why});
    t.row_ids.push_back(Anchor("aggregate", d.name));
  }
  s.blocks.push_back(std::move(t));
  return s;
}

std::vector<Section> EntitySections(const DocsInput& in) {
  const Model& m = in.model;
  std::vector<Section> out;
  out.push_back(Section{"entities", "Entities", 2, {}});
  for (std::size_t e = 0; e < m.entities.size(); ++e) {
    const Entity& en = m.entities[e];
    Section s{Anchor("entity", en.name), en.name, 3, {}};
    if (!en.description.empty()) s.blocks.push_back(Line{Text(en.description)});
    Facts facts;
    Line id;
    for (AttrId a : en.identifier) {
      if (!id.empty()) id.push_back(Text(", "));
      id.push_back(Code(en.attributes[static_cast<std::size_t>(a)].name));
    }
    facts.items.push_back({"Identifier", id});
    facts.items.push_back({"Expected items", {Text(Thousands(en.count))}});
    facts.items.push_back({"Average item size", {Text(Bytes(en.item_size))}});
    if (en.versioned)
      facts.items.push_back(
          {"Versioned", {Text("yes: v0 is current, v1, v2, ... keep the history")}});
    Line types;
    for (int id_t : in.layout.ItemTypesOf(static_cast<EntityId>(e))) {
      if (!types.empty()) types.push_back(Text(", "));
      types.push_back(Code(in.layout.item_types[static_cast<std::size_t>(id_t)].name));
    }
    // An embedded entity has no item of its own: each lives in its parent's item, an element
    // of a map attribute keyed by its identifier outside the link.
    if (const EmbeddedLayout* emb = in.layout.EmbeddedChild(static_cast<EntityId>(e));
        emb != nullptr && types.empty()) {
      types.push_back(Text("none: each lives inside its parent's "));
      types.push_back(Code(in.layout.item_types[static_cast<std::size_t>(emb->parent_type)].name));
      types.push_back(Text(" item, at "));
      types.push_back(Code(EmbeddedPathText(*emb)));
      types.push_back(
          Text(fmt::format(" (the map attribute {}, keyed by {})", emb->attribute, emb->key)));
    }
    facts.items.push_back({"Item types", types});
    s.blocks.push_back(std::move(facts));
    Table t;
    t.header = {"Attribute", "Type", "Required", "Unique", "Description"};
    t.numeric = std::vector<bool>(5, false);
    for (const Attribute& a : en.attributes) {
      std::string type = AttrTypeName(a.type);
      if (a.time_order != TimeOrder::kNone) {
        type = TimeOrderName(a.time_order);
        if (!a.created.empty()) type += " (created at " + a.created + ")";
      }
      if (a.type == AttrType::kEnum) {
        std::string values;
        for (const auto& v : a.enum_values) values += (values.empty() ? "" : " | ") + v;
        type += " (" + values + ")";
      }
      bool is_id = std::find(en.identifier.begin(), en.identifier.end(),
                             en.FindAttribute(a.name)) != en.identifier.end();
      Cell name = C(Line{Code(a.name)});
      if (is_id) name.lines.push_back(Line{Muted("identifier")});
      t.rows.push_back({name, C(type), C(a.required ? "yes" : "no"),
                        C(a.unique || (is_id && en.identifier.size() == 1) ? "yes" : "no"),
                        a.description.empty() ? C(Line{Muted(kNone)}) : C(a.description)});
    }
    s.blocks.push_back(std::move(t));
    Bullets rel;
    for (const Relationship& r : m.relationships) {
      bool from = r.from == static_cast<EntityId>(e);
      bool to = r.to == static_cast<EntityId>(e);
      bool through = r.through && *r.through == static_cast<EntityId>(e);
      if (!from && !to && !through) continue;
      const Entity& f = m.entities[static_cast<std::size_t>(r.from)];
      const Entity& t2 = m.entities[static_cast<std::size_t>(r.to)];
      Line line{Code(r.name), Text(": "), Link(f.name, "#" + Anchor("entity", f.name)),
                Text(fmt::format(" {} ", CardinalityName(r.cardinality))),
                Link(t2.name, "#" + Anchor("entity", t2.name))};
      if (r.through) {
        const Entity& th = m.entities[static_cast<std::size_t>(*r.through)];
        line.push_back(Text(" through "));
        line.push_back(Link(th.name, "#" + Anchor("entity", th.name)));
      }
      if (r.owning) line.push_back(Muted(" (owning)"));
      if (r.embedded) {
        for (const EmbeddedLayout& emb : in.layout.embedded) {
          if (&m.relationships[static_cast<std::size_t>(emb.relationship)] != &r) continue;
          line.push_back(Text(" (embedded in "));
          line.push_back(Code(EmbeddedPathText(emb)));
          line.push_back(Text(")"));
        }
      }
      rel.items.push_back(std::move(line));
    }
    if (!rel.items.empty()) {
      s.blocks.push_back(Line{Strong("Relationships")});
      s.blocks.push_back(std::move(rel));
    }
    out.push_back(std::move(s));
  }
  return out;
}

// Warnings computed from the declarations alone (without a check report).
std::vector<Line> DesignWarnings(const DocsInput& in) {
  const Model& m = in.model;
  const KeyLayout& l = in.layout;
  std::vector<Line> out;
  for (const ReadPlan& r : l.reads) {
    const AccessPattern& p = m.access_patterns[static_cast<std::size_t>(r.pattern_id)];
    Span name = Link(p.name, "#" + Anchor("pattern", p.name));
    ReadFigures f = EstimateRead(m, l, r);
    if (r.operation == Operation::kScan) {
      out.push_back(
          {name, Text(" is served by a Scan, which reads every item of the table on every call.")});
    } else if (r.read_amplification > 1.0) {
      // The filter's own ratio (ReadPlan's): a two-step read's second step discards nothing.
      out.push_back(
          {name,
           Text(fmt::format(
               " reads about {} items for each item it returns: its filter discards the rest.",
               Figure(r.read_amplification)))});
    }
    if (f.busiest_rcu_per_s > kPartitionReadLimit) {
      out.push_back({name, Text(fmt::format(" would make a partition hot: about {} RCU/s on its "
                                            "busiest partition at {} requests/s, over DynamoDB's "
                                            "{} per partition.",
                                            Figure(f.busiest_rcu_per_s), Figure(p.rate),
                                            Figure(kPartitionReadLimit)))});
    }
  }
  for (const WritePlan& w : l.writes) {
    const WritePattern& p = m.write_patterns[static_cast<std::size_t>(w.pattern_id)];
    WriteFigures f = EstimateWrite(m, l, w);
    if (f.busiest_wcu_per_s > kPartitionWriteLimit) {
      out.push_back({Link(p.name, "#" + Anchor("pattern", p.name)), Text(" would make partition "),
                     Key(f.busiest_key),
                     Text(fmt::format(" hot: about {} WCU/s, over DynamoDB's {} per partition.",
                                      Figure(f.busiest_wcu_per_s), Figure(kPartitionWriteLimit)))});
    }
  }
  for (const Entity& en : m.entities) {
    if (static_cast<double>(en.item_size) >= 0.75 * kMaxItemBytes) {
      out.push_back({Link(en.name, "#" + Anchor("entity", en.name)),
                     Text(fmt::format(" items average {}, near DynamoDB's 400 KB item limit.",
                                      Bytes(en.item_size)))});
    }
  }
  return out;
}

Section WarningSection(const DocsInput& in) {
  Section s{"warnings", "Warnings", 2, {}};
  Bullets list;
  if (in.check) {
    s.blocks.push_back(Line{
        Text("From "), Code("model check"),
        Text(fmt::format(" on {} synthetic records ({} items): {}.", Thousands(in.check->records),
                         Thousands(in.check->items),
                         in.check->passed() ? "every pattern passed" : "some patterns FAILED"))});
    for (const PatternCheck& p : in.check->patterns) {
      for (const std::string& f : p.failures)
        list.items.push_back({Span{SpanKind::kFail, "FAIL", {}}, Text(" "),
                              Link(p.name, "#" + Anchor("pattern", p.name)), Text(": " + f)});
      for (const std::string& w : p.warnings)
        list.items.push_back({Link(p.name, "#" + Anchor("pattern", p.name)), Text(": " + w)});
    }
  } else {
    s.blocks.push_back(Line{Text("From the declarations alone; run "), Code("model docs --check"),
                            Text(" to add what the check measures.")});
    list.items = DesignWarnings(in);
  }
  if (list.items.empty())
    s.blocks.push_back(Line{Muted("None.")});
  else
    s.blocks.push_back(std::move(list));
  return s;
}

}  // namespace

std::string Anchor(const std::string& prefix, const std::string& name) {
  std::string out = prefix + "-";
  for (unsigned char ch : name)
    out += (std::isalnum(ch) && ch < 0x80) || ch == '_' || ch == '-' ? static_cast<char>(ch) : '-';
  return out;
}

std::string Figure(const std::optional<double>& value) {
  if (!value || !std::isfinite(*value)) return kNone;
  double v = std::round(*value * 100) / 100;
  if (v >= 10000) return Thousands(static_cast<std::int64_t>(std::llround(v)));
  std::string s = fmt::format("{:.2f}", v);
  while (s.back() == '0') s.pop_back();
  if (s.back() == '.') s.pop_back();
  return s;
}

std::string Dollars(const std::optional<double>& value) {
  if (!value || !std::isfinite(*value)) return kNone;
  if (*value == 0) return "$0";
  if (*value < 0.01) return "< $0.01";
  if (*value >= 1000) return "$" + Thousands(static_cast<std::int64_t>(std::llround(*value)));
  return fmt::format("${:.2f}", *value);
}

Page BuildPage(const DocsInput& in) {
  Page page;
  page.title = in.layout.table_name;
  page.source = in.model.path;
  page.sections.push_back(TableSection(in));
  page.sections.push_back(ErdSection(in));
  page.sections.push_back(EntityChart(in));
  for (Section& s : SampleSections(in)) page.sections.push_back(std::move(s));
  page.sections.push_back(ReadSection(in));
  page.sections.push_back(WriteSection(in));
  if (!in.layout.aggregates.empty()) page.sections.push_back(AggregateSection(in));
  for (Section& s : EntitySections(in)) page.sections.push_back(std::move(s));
  page.sections.push_back(WarningSection(in));
  return page;
}

}  // namespace model::codegen::docs
