#include "codegen/report/layout_json.h"

#include <fmt/format.h>

#include <cmath>
#include <map>

#include "codegen/writer/json.h"
#include "model/check_report.h"
#include "model/cost.h"
#include "model/counter_facets.h"
#include "model/sparse_facet.h"

namespace model {

namespace {

using codegen::Json;
using codegen::RoundedFigure;

std::string EncodingText(const TemplatePart& p) {
  if (p.encoding == Encoding::kShard || p.encoding == Encoding::kVersion) {
    return fmt::format("{}({})", EncodingName(p.encoding), p.width);
  }
  return EncodingName(p.encoding);
}

void CollectEncodings(const KeyTemplate& t, std::map<std::string, std::string>* out) {
  for (const auto& p : t.parts) {
    if (p.is_attribute) (*out)[p.text] = EncodingText(p);
  }
}

Json Encodings(const std::map<std::string, std::string>& m) {
  Json j = Json::object();
  for (const auto& [k, v] : m) j[k] = v;
  return j;
}

Json Reasons(const std::vector<Reason>& reasons) {
  Json arr = Json::array();
  for (const auto& r : reasons) arr.push_back(Json{{"text", r.text}, {"patterns", r.patterns}});
  return arr;
}

Json Conditions(const std::vector<SparseCondition>& conds) {
  Json arr = Json::array();
  for (const auto& c : conds) arr.push_back(Json{{"attribute", c.attribute}, {"value", c.value}});
  return arr;
}

Json CostJson(const Model& model, const KeyLayout& layout) {
  WorkloadCost cost = EstimateWorkload(model, layout);
  bool provisioned = cost.billing == BillingMode::kProvisioned;
  auto rows = [](const std::vector<PatternCost>& list) {
    Json arr = Json::array();
    for (const PatternCost& c : list) {
      const char* unit = c.write ? "wcu" : "rcu";
      Json j;
      j["name"] = c.name;
      j["rate"] = RoundedFigure(c.rate);
      j["rate_declared"] = c.rate_declared;
      j["requests_per_call"] = RoundedFigure(c.requests);
      j["items_per_call"] = RoundedFigure(c.items);
      j[fmt::format("{}_per_call", unit)] = RoundedFigure(c.units_per_call);
      j[fmt::format("{}_per_s", unit)] = RoundedFigure(c.units_per_s);
      j["monthly_usd"] = RoundedFigure(c.monthly_cost_usd);
      if (!c.write) j["upper_bound"] = c.upper_bound;
      if (!c.assumption.empty()) j["assumption"] = c.assumption;
      arr.push_back(j);
    }
    return arr;
  };
  Json prices;
  prices["region"] = "us-east-1";
  prices["table_class"] = "STANDARD";
  if (provisioned) {
    prices["read_capacity_unit_hour_usd"] = kReadCapacityUnitHourPrice;
    prices["write_capacity_unit_hour_usd"] = kWriteCapacityUnitHourPrice;
    prices["hours_per_month"] = kHoursPerMonth;
    prices["source"] = "https://aws.amazon.com/dynamodb/pricing/provisioned/";
  } else {
    prices["read_request_units_per_million_usd"] = kReadRequestUnitPrice;
    prices["write_request_units_per_million_usd"] = kWriteRequestUnitPrice;
    prices["seconds_per_month"] = kSecondsPerMonth;
    prices["source"] = "https://aws.amazon.com/dynamodb/pricing/on-demand/";
  }
  Json j;
  j["billing"] = provisioned ? "provisioned" : "on_demand";
  j["prices"] = prices;
  j["default_rate"] = kDefaultRate;
  j["reads"] = rows(cost.reads);
  j["writes"] = rows(cost.writes);
  // A stream-kept aggregate's consumer: its GetItems and puts of group items (model/cost.h).
  Json consumers = Json::array();
  for (std::size_t i = 0; i + 1 < cost.consumers.size(); i += 2) {
    const PatternCost& r = cost.consumers[i];
    const PatternCost& w = cost.consumers[i + 1];
    consumers.push_back(
        Json{{"aggregate", r.name},
             {"groups_per_s", RoundedFigure(r.rate)},
             {"rcu_per_group", RoundedFigure(r.units_per_call)},
             {"wcu_per_group", RoundedFigure(w.units_per_call)},
             {"rcu_per_s", RoundedFigure(r.units_per_s)},
             {"wcu_per_s", RoundedFigure(w.units_per_s)},
             {"monthly_usd", RoundedFigure(r.monthly_cost_usd + w.monthly_cost_usd)},
             {"stream_reads_usd", 0}});
  }
  if (!consumers.empty()) j["stream_consumers"] = consumers;
  // A write keeping aggregates in its transaction: its GetItems of group items (model/cost.h).
  if (!cost.group_reads.empty()) j["group_reads"] = rows(cost.group_reads);
  // A write that reads its item first (WritePlan::read_first): that GetItem (model/cost.h).
  if (!cost.first_reads.empty()) j["first_reads"] = rows(cost.first_reads);
  // An update rewriting children's copies: its reads of the children (model/cost.h).
  if (!cost.copy_reads.empty()) j["copy_reads"] = rows(cost.copy_reads);
  j["total"] = Json{{"rcu_per_s", RoundedFigure(cost.rcu_per_s)},
                    {"wcu_per_s", RoundedFigure(cost.wcu_per_s)},
                    {"monthly_usd", RoundedFigure(cost.monthly_cost_usd)},
                    {"upper_bound", cost.upper_bound},
                    {"default_rate_patterns", cost.default_rates}};
  return j;
}

Json OptionalInt(const std::optional<std::int64_t>& v) { return v ? Json(*v) : Json(nullptr); }

// One GSI: its keys, projection and reasons.
Json IndexJson(const IndexLayout& i) {
  Json j;
  j["name"] = i.name;
  j["partition_key"] = i.partition_key;
  j["sort_key"] = i.sort_key;
  if (i.natural) {
    // Keyed on entity attributes of these DynamoDB types (a natural-key index).
    j["natural"] = true;
    j["partition_key_type"] = KeyTypeName(i.partition_key_type);
    if (!i.sort_key.empty()) j["sort_key_type"] = KeyTypeName(i.sort_key_type);
  }
  j["projection"] = ProjectionName(i.projection);
  j["projected_attributes"] = i.projected_attributes;
  j["reasons"] = Reasons(i.reasons);
  return j;
}

// One item type: keys (with their encodings), index keys, attributes, reasons.
Json ItemTypeJson(const Model& model, const KeyLayout& layout, const ItemType& t) {
  Json j;
  std::map<std::string, std::string> enc;
  CollectEncodings(t.partition_key, &enc);
  CollectEncodings(t.sort_key, &enc);
  j["name"] = t.name;
  j["label"] = t.label;
  j["role"] = ItemRoleName(t.role);
  j["entity"] = model.entities[static_cast<std::size_t>(t.entity)].name;
  j["partition_key"] = t.partition_key.ToString();
  j["sort_key"] = t.sort_key.ToString();
  Json keys = Json::array();
  for (const auto& k : t.index_keys) {
    CollectEncodings(k.partition_key, &enc);
    CollectEncodings(k.sort_key, &enc);
    keys.push_back(Json{{"index", layout.IndexName(k.index)},
                        {"partition_key", k.partition_key.ToString()},
                        {"sort_key", k.sort_key.ToString()},
                        {"only_when", Conditions(k.only_when)}});
  }
  j["index_keys"] = keys;
  j["encodings"] = Encodings(enc);
  j["attributes"] = t.attributes;
  j["shards"] = t.shards;
  j["count"] = t.count;
  // Only on a facet that exists while the entity is in one of its (sparse) views.
  if (IsSparseFacet(t)) j["sparse"] = true;
  j["reasons"] = Reasons(t.reasons);
  if (!t.unique_scope.empty()) j["unique_scope"] = t.unique_scope;
  return j;
}

// One access pattern's read plan.
Json ReadPlanJson(const Model& model, const KeyLayout& layout, const ReadPlan& r) {
  const std::string& pk = layout.IndexPartitionKey(r.index);
  const std::string& sk = layout.IndexSortKey(r.index);
  std::map<std::string, std::string> enc;
  CollectEncodings(r.key.partition_key, &enc);
  CollectEncodings(r.key.sort_lower, &enc);
  CollectEncodings(r.key.sort_upper, &enc);
  Json j;
  j["name"] = r.pattern;
  j["operation"] = OperationName(r.operation);
  j["index"] = layout.IndexName(r.index);
  j["key_condition"] = r.key.ToString(pk, sk);
  Json key;
  key["partition_key"] = r.key.partition_key.ToString();
  key["sort_op"] = SortOpName(r.key.sort_op);
  key["sort_lower"] = r.key.sort_lower.ToString();
  key["sort_upper"] = r.key.sort_upper.ToString();
  key["upper_after_separator"] = r.key.upper_after_separator;
  if (r.key.lower_exclusive) key["lower_exclusive"] = true;
  if (r.key.upper_exclusive) key["upper_exclusive"] = true;
  key["encodings"] = Encodings(enc);
  j["key"] = key;
  if (r.pattern_id >= 0 && static_cast<std::size_t>(r.pattern_id) < model.access_patterns.size()) {
    // A read through a followed relationship's link (AccessPattern::param_names): the caller's
    // name of each parameter and the attribute the key's placeholder names.
    const AccessPattern& p = model.access_patterns[static_cast<std::size_t>(r.pattern_id)];
    if (!p.param_names.empty()) {
      Json params = Json::array();
      for (std::size_t i = 0; i < p.params.size(); ++i)
        params.push_back(Json{{"name", p.ParamName(i)}, {"attribute", p.params[i]}});
      j["parameters"] = params;
    }
  }
  j["scan_forward"] = r.scan_forward;
  j["limit"] = OptionalInt(r.limit);
  j["per_shard_limit"] = OptionalInt(r.per_shard_limit);
  j["shards"] = r.shards;
  j["filter"] = Conditions(r.filter);
  j["filter_types"] = r.filter_types;
  j["read_amplification"] = std::round(r.read_amplification * 100) / 100;
  j["projection"] = r.projection;
  Json types = Json::array();
  for (int t : r.item_types) types.push_back(layout.item_types[static_cast<std::size_t>(t)].name);
  j["item_types"] = types;
  j["consistent"] = r.consistent;
  j["requests"] = r.requests;
  j["client_side"] = ClientStepsText(r.client_steps);
  if (!r.drop_expired.empty()) j["drop_expired"] = r.drop_expired;
  // Identifiers the index leaves out, taken back from each entry's table key.
  if (!r.values_from_keys.empty()) j["values_from_keys"] = r.values_from_keys;
  if (r.follow_up) {
    // A read of a relationship's other side: the second step, keyed by the link attributes of
    // each item the first step returns.
    const FollowUp& f = *r.follow_up;
    Json link = Json::array();
    for (std::size_t i = 0; i < f.identifier.size() && i < f.link.size(); ++i)
      link.push_back(Json{{"attribute", f.link[i]}, {"identifier", f.identifier[i]}});
    j["follow_up"] =
        Json{{"operation", OperationName(f.operation)},
             {"item_type", layout.item_types[static_cast<std::size_t>(f.item_type)].name},
             {"key", FollowUpKeyText(layout, f)},
             {"link", link},
             {"projection", f.projection}};
    // A fetch of what the index leaves out: the items of the entries found, by their table keys.
    if (f.by_table_key) j["follow_up"]["fetch"] = true;
  }
  if (!r.aggregate_shards.empty()) {
    // The sharded aggregates whose group items this read combines from their shards.
    Json shards = Json::array();
    for (int a : r.aggregate_shards) {
      const AggregateLayout& agg = layout.aggregates[static_cast<std::size_t>(a)];
      shards.push_back(Json{{"aggregate", agg.name}, {"shards", agg.shards}});
    }
    j["aggregate_shards"] = shards;
  }
  if (!r.aggregate_reads.empty()) {
    // The read-time aggregates whose values this read computes on the `into` items it returns,
    // and the access pattern whose plan reads each group's items.
    Json reads = Json::array();
    for (int a : r.aggregate_reads) {
      const AggregateLayout& agg = layout.aggregates[static_cast<std::size_t>(a)];
      reads.push_back(
          Json{{"aggregate", agg.name},
               {"collection_pattern",
                layout.reads[static_cast<std::size_t>(agg.collection_pattern)].pattern}});
    }
    j["aggregate_reads"] = reads;
  }
  if (r.embedded) {
    // A read of an embedded collection: the parent's item becomes its children.
    const EmbeddedRead& e = *r.embedded;
    Json read{{"collection", layout.embedded[static_cast<std::size_t>(e.collection)].attribute},
              {"with_parent", e.with_parent},
              {"filter", Conditions(e.filter)},
              {"limit", OptionalInt(e.limit)}};
    if (e.range)
      read["range"] = Json{{"attribute", e.range->attribute}, {"op", RangeOpName(e.range->op)}};
    j["embedded"] = read;
  }
  j["reasons"] = Reasons(r.reasons);
  return j;
}

// One write pattern's plan: its item writes and the aggregates it keeps.
Json WritePlanJson(const KeyLayout& layout, const WritePlan& w) {
  Json j;
  j["name"] = w.pattern;
  j["transaction"] = w.transaction;
  j["read_first"] = w.read_first;
  // Only with `also` entries: per entry, what its update reads first.
  if (!w.also_read_first.empty()) j["also_read_first"] = w.also_read_first;
  if (!w.aggregates.empty()) {
    Json kept = Json::array();
    for (int a : w.aggregates) kept.push_back(layout.aggregates[static_cast<std::size_t>(a)].name);
    j["aggregates"] = kept;
  }
  auto item_write = [&](const ItemWrite& iw) {
    Json one{{"op", WriteOpName(iw.op)},
             {"item_type", layout.item_types[static_cast<std::size_t>(iw.item_type)].name},
             {"condition", iw.condition},
             {"set_attributes", iw.set_attributes},
             {"refresh_keys", iw.refresh_keys},
             {"guard_attributes", iw.guard_attributes},
             {"note", iw.note}};
    // Only on the write carrying the pattern's `condition:` clauses.
    if (!iw.conditions.empty()) {
      Json clauses = Json::array();
      for (const WriteCondition& c : iw.conditions) {
        Json one_clause{{"attribute", c.attribute}, {"op", ConditionOpName(c.op)}};
        if (!c.parameter.empty()) one_clause["parameter"] = c.parameter;
        if (!c.value.empty()) one_clause["value"] = c.value;
        clauses.push_back(one_clause);
      }
      one["conditions"] = clauses;
    }
    // Only on a write of an `also` entry's item: the entry's index in the pattern's `also`.
    if (iw.also >= 0) one["also"] = iw.also;
    // Only on a check folded into an aggregate's Put of its item: that aggregate's name.
    if (iw.folded_into >= 0)
      one["folded_into"] = layout.aggregates[static_cast<std::size_t>(iw.folded_into)].name;
    // Only on a write of a sparse facet: done only while the entity is in its views.
    if (IsSparseFacet(layout.item_types[static_cast<std::size_t>(iw.item_type)]))
      one["sparse"] = true;
    return one;
  };
  Json list = Json::array();
  for (const auto& iw : w.writes) list.push_back(item_write(iw));
  j["writes"] = list;
  // Only on an update of attributes children copy: per fan-out, the read finding the children
  // and each child's writes (layout.h CopyFanOut).
  if (!w.copies.empty()) {
    Json copies = Json::array();
    for (const CopyFanOut& f : w.copies) {
      Json writes = Json::array();
      for (const ItemWrite& iw : f.writes) writes.push_back(item_write(iw));
      copies.push_back(
          Json{{"attributes", f.attributes},
               {"sources", f.sources},
               {"read_pattern", layout.reads[static_cast<std::size_t>(f.read)].pattern},
               {"link", f.link},
               {"max_children", f.max_children},
               {"in_transaction", f.in_transaction},
               {"writes", writes}});
    }
    j["copies"] = copies;
  }
  // Only on a create drawing a counter: the parent's UpdateItem before the writes (layout.h
  // CounterDraw).
  if (w.counter) {
    const CounterDraw& c = *w.counter;
    j["counter"] =
        Json{{"item_type", layout.item_types[static_cast<std::size_t>(c.item_type)].name},
             {"source", c.source},
             {"attribute", c.attribute},
             {"link", c.link},
             {"condition", c.condition}};
    Json facets = Json::array();
    for (int t : CounterFacets(layout, c))
      facets.push_back(layout.item_types[static_cast<std::size_t>(t)].name);
    j["counter"]["facets"] = facets;
  }
  // Only on a write of an embedded child: the collection whose element it writes.
  if (w.embedded >= 0) {
    const EmbeddedLayout& e = layout.embedded[static_cast<std::size_t>(w.embedded)];
    j["embedded"] = Json{{"collection", e.attribute}, {"path", EmbeddedPathText(e)}};
  }
  j["reasons"] = Reasons(w.reasons);
  return j;
}

// One aggregate: maintainer, item types, rates and sizes.
Json AggregateJson(const Model& model, const KeyLayout& layout, const AggregateLayout& a) {
  Json j;
  j["name"] = a.name;
  j["maintainer"] = MaintainerName(a.maintainer);
  j["source_item_type"] = layout.item_types[static_cast<std::size_t>(a.source_type)].name;
  j["target_item_type"] = layout.item_types[static_cast<std::size_t>(a.target_type)].name;
  j["writes_per_s"] = RoundedFigure(a.writes_per_s);
  j["target_wcu_per_s"] = std::round(a.target_wcu_per_s * 100) / 100;
  AggregateFigures f = EstimateAggregate(model, layout, a);
  j["items_per_group"] = RoundedFigure(f.items_per_group);
  j["group_item_bytes"] = std::round(f.group_item_bytes);  // with shards, shard 0's
  // null: the state does not grow with the group, so no count of items reaches 400 KB; 0: not
  // one item fits.
  j["max_items_per_group"] =
      f.state_grows ? Json(RoundedFigure(f.max_items_per_group)) : Json(nullptr);
  j["maintained_by"] = a.maintained_by;
  if (a.maintainer == Maintainer::kStream) {
    // Where the consumer keeps its marks (layout.h SeenMarks): "inline" (_aggseen on the group
    // item) or "items" (mark items, with their size).
    j["marks"] = SeenMarksName(a.marks);
    if (a.marks == SeenMarks::kItems) j["mark_item_bytes"] = std::round(f.mark_item_bytes);
  }
  // The filter (model.h AggregateDecl::filters): only the `of` items meeting every condition
  // count; absent when every item does.
  const AggregateDecl& decl = model.aggregates[static_cast<std::size_t>(a.aggregate_id)];
  if (!decl.filters.empty()) {
    Json filter = Json::array();
    for (const FixedFilter& c : decl.filters)
      filter.push_back(Json{{"attribute", c.attribute}, {"value", c.value}});
    j["filter"] = filter;
  }
  if (a.maintainer == Maintainer::kTransaction) {
    // Items per group (write sharding); with more than one, the shard items' key and label.
    j["shards"] = a.shards;
    if (a.shards > 1) {
      j["shard_item_bytes"] = std::round(f.shard_item_bytes);
      j["shard_partition_key"] = a.shard_partition_key.ToString();
      j["shard_type"] = a.shard_label;
    }
  }
  if (a.maintainer == Maintainer::kRead)
    j["collection_pattern"] = layout.reads[static_cast<std::size_t>(a.collection_pattern)].pattern;
  j["reasons"] = Reasons(a.reasons);
  return j;
}

}  // namespace

std::string RenderLayoutJson(const Model& model, const KeyLayout& layout) {
  Json root;
  root["format"] = "model-key-layout/1";
  root["table"] =
      Json{{"name", layout.table_name},
           {"partition_key", layout.partition_key},
           {"sort_key", layout.sort_key},
           {"type_attribute", kTypeAttribute},
           {"shard_attribute", kShardAttribute},
           {"version_attribute", kVersionAttribute},
           {"latest_attribute", kLatestAttribute},
           {"billing", layout.billing == BillingMode::kProvisioned ? "provisioned" : "on_demand"},
           {"stream", layout.stream ? Json("NEW_AND_OLD_IMAGES") : Json(nullptr)}};
  if (!layout.ttl_attribute.empty()) {
    Json sources = Json::object();
    for (const Entity& e : model.entities) {
      if (!e.ttl.empty()) sources[e.name] = e.ttl;
    }
    root["table"]["ttl"] = Json{{"attribute", layout.ttl_attribute}, {"from", sources}};
    // The stream-kept aggregates whose mark items expire by it (layout.h SeenMarks::kItems).
    Json marks = Json::array();
    for (const AggregateLayout& a : layout.aggregates) {
      if (a.maintainer == Maintainer::kStream && a.marks == SeenMarks::kItems)
        marks.push_back(a.name);
    }
    if (!marks.empty()) root["table"]["ttl"]["mark_items_of"] = marks;
  }
  Json indexes = Json::array();
  for (const auto& i : layout.indexes) indexes.push_back(IndexJson(i));
  root["indexes"] = indexes;
  Json items = Json::array();
  for (const auto& t : layout.item_types) items.push_back(ItemTypeJson(model, layout, t));
  // A sharded aggregate's shard items, role "aggregate_shard" (model/layout.h).
  for (const AggregateShardItemType& t : AggregateShardItemTypes(model, layout)) {
    std::map<std::string, std::string> enc;
    CollectEncodings(t.partition_key, &enc);
    CollectEncodings(t.sort_key, &enc);
    const AggregateLayout& a = layout.aggregates[static_cast<std::size_t>(t.aggregate)];
    Json j;
    j["name"] = t.name;
    j["label"] = t.label;
    j["role"] = "aggregate_shard";
    j["entity"] = model.entities[static_cast<std::size_t>(t.entity)].name;
    j["partition_key"] = t.partition_key.ToString();
    j["sort_key"] = t.sort_key.ToString();
    j["index_keys"] = Json::array();
    j["encodings"] = Encodings(enc);
    j["attributes"] = t.attributes;
    j["state_attributes"] = t.state;
    j["shards"] = t.shards;
    j["count"] = t.count;
    j["aggregate"] = a.name;
    j["reasons"] = Json::array({Json{
        {"text",
         fmt::format("shards 1 to {} of each group of aggregate '{}' (shard 0 is the {} "
                     "item): its writes spread over {} items per group, and a read adds "
                     "them up",
                     t.shards, a.name,
                     layout.item_types[static_cast<std::size_t>(t.target_type)].name, a.shards)},
        {"patterns", a.maintained_by}}});
    items.push_back(j);
  }
  root["item_types"] = items;
  Json reads = Json::array();
  for (const auto& r : layout.reads) reads.push_back(ReadPlanJson(model, layout, r));
  root["access_patterns"] = reads;
  Json writes = Json::array();
  for (const auto& w : layout.writes) writes.push_back(WritePlanJson(layout, w));
  root["write_patterns"] = writes;
  Json aggregates = Json::array();
  for (const auto& a : layout.aggregates) aggregates.push_back(AggregateJson(model, layout, a));
  if (!aggregates.empty()) root["aggregates"] = aggregates;
  // Only with embedded collections: each child kept inside its parent's item.
  if (!layout.embedded.empty()) {
    Json embedded = Json::array();
    for (const EmbeddedLayout& e : layout.embedded) {
      embedded.push_back(
          Json{{"relationship", model.relationships[static_cast<std::size_t>(e.relationship)].name},
               {"parent", model.entities[static_cast<std::size_t>(e.parent)].name},
               {"child", model.entities[static_cast<std::size_t>(e.child)].name},
               {"item_type", layout.item_types[static_cast<std::size_t>(e.parent_type)].name},
               {"attribute", e.attribute},
               {"key", e.key},
               {"path", EmbeddedPathText(e)},
               {"label", e.label},
               {"link", e.link},
               {"attributes", e.attributes},
               {"max", e.max},
               {"average_bytes", RoundedFigure(e.bytes)},
               {"reasons", Reasons(e.reasons)}});
    }
    root["embedded"] = embedded;
  }
  root["notes"] = Reasons(layout.notes);
  root["cost"] = CostJson(model, layout);
  return codegen::DumpJson(root);
}

}  // namespace model
