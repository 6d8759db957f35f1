#include "model/exec/aggregates.h"

#include <fmt/format.h>

#include <algorithm>

#include "model/exec/items.h"
#include "model/sim/api/number.h"

namespace model::exec {

namespace {

const std::string& AttrName(const Entity& e, AttrId id) {
  return e.attributes[static_cast<std::size_t>(id)].name;
}

// The canonical Number text of attribute `name` of a record, or nullopt when it has none.
std::optional<std::string> NumberOf(const sim::Item& record, const std::string& name) {
  auto it = record.find(name);
  if (it == record.end() || !it->second.is(sim::ValueType::kN)) return std::nullopt;
  auto parsed = sim::Number::Parse(it->second.scalar());
  if (!parsed.ok()) return std::nullopt;
  return parsed.value();
}

std::string AddNumbers(const std::string& a, const std::string& b, int sign) {
  auto r = sign > 0 ? sim::Number::Add(a, b) : sim::Number::Subtract(a, b);
  return r.ok() ? r.value() : a;
}

// The group state of one `into` item, as read.
struct Group {
  sim::Item record;  // `into`'s natural values
  bool exists = false;
  std::int64_t version = 0;
  sim::Item seen;    // source -> N sequence
  sim::Item values;  // min/max target -> M { number -> N count }
};

// Takes `record`'s contribution out of (sign -1) or into (+1) the group.
void Contribute(const Model& model, const AggregateDecl& a, const sim::Item& record, int sign,
                Group& g) {
  const Entity& of = model.entities[static_cast<std::size_t>(a.of)];
  const Entity& into = model.entities[static_cast<std::size_t>(a.into)];
  for (const AggregateValue& v : a.values) {
    const std::string& target = AttrName(into, v.target);
    auto current = NumberOf(g.record, target);
    if (v.function == AggregateFunction::kCount) {
      g.record[target] = sim::AttributeValue::N(AddNumbers(current.value_or("0"), "1", sign));
      continue;
    }
    auto value = NumberOf(record, AttrName(of, v.source));
    if (v.function == AggregateFunction::kSum) {
      std::string total = current.value_or("0");
      if (value) total = AddNumbers(total, *value, sign);
      g.record[target] = sim::AttributeValue::N(total);
      continue;
    }
    // min / max: the count of each value in the group, then the extreme of those left.
    auto slot = g.values.find(target);
    sim::Item counts = slot != g.values.end() ? slot->second.map() : sim::Item{};
    if (value) {
      auto it = counts.find(*value);
      std::string n = AddNumbers(it == counts.end() ? "0" : it->second.scalar(), "1", sign);
      if (sim::Number::Compare(n, "0") <= 0) {
        counts.erase(*value);
      } else {
        counts[*value] = sim::AttributeValue::N(n);
      }
    }
    if (counts.empty()) {
      g.values.erase(target);
    } else {
      g.values[target] = sim::AttributeValue::M(counts);
    }
    std::optional<std::string> extreme;
    for (const auto& [number, count] : counts) {
      if (sim::Number::Compare(count.scalar(), "0") <= 0) continue;
      if (!extreme ||
          (v.function == AggregateFunction::kMin ? sim::Number::Compare(number, *extreme) < 0
                                                 : sim::Number::Compare(number, *extreme) > 0)) {
        extreme = number;
      }
    }
    if (extreme) {
      g.record[target] = sim::AttributeValue::N(*extreme);
    } else {
      g.record.erase(target);
    }
  }
}

}  // namespace

bool GroupItemNeedsOtherValues(const Model& model, const AggregateDecl& a) {
  const Entity& into = model.entities[static_cast<std::size_t>(a.into)];
  for (std::size_t i = 0; i < into.attributes.size(); ++i) {
    auto id = static_cast<AttrId>(i);
    if (!into.attributes[i].required) continue;
    bool written =
        std::find(into.identifier.begin(), into.identifier.end(), id) != into.identifier.end();
    for (const AggregateValue& v : a.values) written = written || v.target == id;
    if (!written) return true;
  }
  return false;
}

sim::Item EntityValues(const Entity& e, const sim::Item& item) {
  sim::Item out;
  for (const Attribute& attr : e.attributes) {
    auto it = item.find(attr.name);
    if (it != item.end()) out[attr.name] = it->second;
  }
  return out;
}

std::optional<sim::Item> GroupOf(const Model& model, const AggregateDecl& aggregate,
                                 const sim::Item& of_record) {
  const Entity& of = model.entities[static_cast<std::size_t>(aggregate.of)];
  const Entity& into = model.entities[static_cast<std::size_t>(aggregate.into)];
  sim::Item group;
  for (const GroupPart& g : aggregate.group) {
    auto it = of_record.find(AttrName(of, g.source));
    if (it == of_record.end()) return std::nullopt;
    if (g.bucket == TimeBucket::kNone) {
      group[AttrName(into, g.target)] = it->second;
      continue;
    }
    auto bucket = BucketText(g.bucket, NaturalText(it->second));
    if (!bucket) return std::nullopt;
    group[AttrName(into, g.target)] = sim::AttributeValue::S(*bucket);
  }
  return group;
}

sim::Item AggregateValues(const Model& model, const AggregateDecl& aggregate,
                          const std::vector<const sim::Item*>& records) {
  Group g;
  for (const AggregateValue& v : aggregate.values) {
    if (v.function == AggregateFunction::kCount || v.function == AggregateFunction::kSum)
      g.record[AttrName(model.entities[static_cast<std::size_t>(aggregate.into)], v.target)] =
          sim::AttributeValue::N("0");
  }
  for (const sim::Item* r : records) Contribute(model, aggregate, *r, +1, g);
  return g.record;
}

std::optional<sim::AttributeValue> AggregateValueState(
    const Model& model, const AggregateDecl& aggregate,
    const std::vector<const sim::Item*>& records) {
  Group g;
  for (const sim::Item* r : records) Contribute(model, aggregate, *r, +1, g);
  if (g.values.empty()) return std::nullopt;
  return sim::AttributeValue::M(g.values);
}

sim::SimResult<std::vector<std::vector<GroupPut>>> PlanGroupWrites(
    sim::DataPlane& plane, const Model& model, const KeyLayout& layout, int aggregate,
    const AggregateChange& change, AggregateStats& stats) {
  const AggregateLayout& al = layout.aggregates[static_cast<std::size_t>(aggregate)];
  const AggregateDecl& a = model.aggregates[static_cast<std::size_t>(al.aggregate_id)];
  const Entity& into = model.entities[static_cast<std::size_t>(a.into)];
  std::optional<sim::Item> left = change.before ? GroupOf(model, a, *change.before) : std::nullopt;
  std::optional<sim::Item> joined = change.after ? GroupOf(model, a, *change.after) : std::nullopt;
  std::vector<std::vector<GroupPut>> out;
  // A change that keeps the item in its group with the same values (an order's status) changes
  // no value: nothing to write, and nothing to redo when it is delivered again.
  if (left && joined && *left == *joined) {
    const Entity& of = model.entities[static_cast<std::size_t>(a.of)];
    bool same = true;
    for (const AggregateValue& v : a.values) {
      if (v.source < 0) continue;
      const std::string& name = AttrName(of, v.source);
      auto x = change.before->find(name);
      auto y = change.after->find(name);
      bool x_in = x != change.before->end(), y_in = y != change.after->end();
      same = same && x_in == y_in && (!x_in || x->second == y->second);
    }
    if (same) return out;
  }
  std::vector<sim::Item> groups;
  if (left) groups.push_back(*left);
  if (joined && !(left && *left == *joined)) groups.push_back(*joined);
  for (const sim::Item& identity : groups) {
    Record key_record{{identity}};
    auto key = RenderItemKey(model, layout, al.target_type, key_record, 1);
    if (!key) continue;
    sim::GetItemRequest get;
    get.table_name = layout.table_name;
    get.key = *key;
    get.consistent_read = true;
    get.return_consumed_capacity = sim::ReturnConsumedCapacity::kTotal;
    auto got = plane.GetItem(get);
    ++stats.requests;
    if (!got.ok()) return got.error();
    if (got->consumed_capacity) stats.rcu += got->consumed_capacity->capacity_units;
    Group g;
    if (got->item) {
      const sim::Item& item = *got->item;
      g.exists = true;
      g.record = EntityValues(into, item);
      if (auto v = item.find(kAggregateVersionAttribute); v != item.end())
        g.version = std::stoll(v->second.scalar());
      if (auto s = item.find(kAggregateSeenAttribute); s != item.end()) g.seen = s->second.map();
      if (auto s = item.find(kAggregateValuesAttribute); s != item.end())
        g.values = s->second.map();
    } else {
      if (GroupItemNeedsOtherValues(model, a)) {
        ++stats.orphans;
        continue;
      }
      g.record = identity;
      for (const AggregateValue& v : a.values) {
        if (v.function == AggregateFunction::kCount || v.function == AggregateFunction::kSum)
          g.record[AttrName(into, v.target)] = sim::AttributeValue::N("0");
      }
    }
    if (change.sequence > 0) {
      auto mark = g.seen.find(change.source);
      if (mark != g.seen.end() && std::stoll(mark->second.scalar()) >= change.sequence) {
        ++stats.duplicates;
        continue;
      }
      g.seen[change.source] = sim::AttributeValue::N(std::to_string(change.sequence));
    }
    if (left && *left == identity) Contribute(model, a, *change.before, -1, g);
    if (joined && *joined == identity) Contribute(model, a, *change.after, +1, g);
    Record next{{g.record}};
    std::vector<GroupPut> puts;
    for (int t : layout.ItemTypesOf(a.into)) {
      const ItemType& type = layout.item_types[static_cast<std::size_t>(t)];
      if (type.role != ItemRole::kEntity && type.role != ItemRole::kFacet) continue;
      for (sim::Item& item : RenderItems(model, layout, t, next)) {
        GroupPut put;
        if (t == al.target_type) {
          item[kAggregateVersionAttribute] = sim::AttributeValue::N(std::to_string(g.version + 1));
          if (!g.seen.empty()) item[kAggregateSeenAttribute] = sim::AttributeValue::M(g.seen);
          if (!g.values.empty()) item[kAggregateValuesAttribute] = sim::AttributeValue::M(g.values);
          if (g.exists) {
            // A group item written in bulk (a backfill) has no version yet.
            put.names["#v"] = kAggregateVersionAttribute;
            if (g.version > 0) {
              put.values[":v"] = sim::AttributeValue::N(std::to_string(g.version));
              put.condition = "#v = :v";
            } else {
              put.condition = "attribute_not_exists(#v)";
            }
          } else {
            put.names["#pk"] = layout.partition_key;
            put.condition = "attribute_not_exists(#pk)";
          }
        }
        put.item = std::move(item);
        puts.push_back(std::move(put));
      }
    }
    ++stats.applied;
    out.push_back(std::move(puts));
  }
  return out;
}

sim::SimStatus ApplyAggregateChange(sim::DataPlane& plane, const Model& model,
                                    const KeyLayout& layout, int aggregate,
                                    const AggregateChange& change, AggregateStats& stats) {
  for (int attempt = 0;; ++attempt) {
    auto planned = PlanGroupWrites(plane, model, layout, aggregate, change, stats);
    if (!planned.ok()) return planned.error();
    bool refused = false;
    for (const std::vector<GroupPut>& puts : *planned) {
      sim::SimStatus sent = sim::Ok{};
      ++stats.requests;
      if (puts.size() == 1) {
        sim::PutItemRequest r;
        r.table_name = layout.table_name;
        r.item = puts[0].item;
        r.condition_expression = puts[0].condition;
        r.expression_attribute_names = puts[0].names;
        r.expression_attribute_values = puts[0].values;
        r.return_consumed_capacity = sim::ReturnConsumedCapacity::kTotal;
        auto done = plane.PutItem(r);
        if (done.ok() && done->consumed_capacity)
          stats.wcu += done->consumed_capacity->capacity_units;
        if (!done.ok()) sent = done.error();
      } else {
        sim::TransactWriteItemsRequest r;
        r.return_consumed_capacity = sim::ReturnConsumedCapacity::kTotal;
        for (const GroupPut& p : puts) {
          sim::TransactWriteItem item;
          item.put = sim::TransactPut{layout.table_name, p.item, p.condition, p.names, p.values};
          r.transact_items.push_back(std::move(item));
        }
        auto done = plane.TransactWriteItems(r);
        if (done.ok()) {
          for (const auto& cc : done->consumed_capacity) stats.wcu += cc.capacity_units;
        } else {
          sent = done.error();
        }
      }
      if (sent.ok()) continue;
      const std::string& name = sent.error().name;
      if (attempt < 10 &&
          (name == "ConditionalCheckFailedException" || name == "TransactionCanceledException")) {
        refused = true;
        break;
      }
      return sent;
    }
    if (!refused) return sim::Ok{};
    ++stats.retries;
  }
}

bool RecordFeeds(const KeyLayout& layout, int aggregate, const sim::StreamRecord& record) {
  const AggregateLayout& al = layout.aggregates[static_cast<std::size_t>(aggregate)];
  const std::string& label = layout.item_types[static_cast<std::size_t>(al.source_type)].label;
  for (const auto* image : {&record.old_image, &record.new_image}) {
    if (!*image) continue;
    auto t = (*image)->find(kTypeAttribute);
    if (t != (*image)->end() && t->second.is(sim::ValueType::kS) && t->second.scalar() == label)
      return true;
  }
  return false;
}

sim::SimStatus ApplyStreamBatch(sim::DataPlane& plane, const Model& model, const KeyLayout& layout,
                                const std::vector<sim::StreamRecord>& batch,
                                AggregateStats& stats) {
  for (const sim::StreamRecord& record : batch) {
    for (std::size_t i = 0; i < layout.aggregates.size(); ++i) {
      const AggregateLayout& al = layout.aggregates[i];
      if (al.maintainer != Maintainer::kStream) continue;
      if (!RecordFeeds(layout, static_cast<int>(i), record)) continue;
      const Entity& of = model.entities[static_cast<std::size_t>(
          model.aggregates[static_cast<std::size_t>(al.aggregate_id)].of)];
      std::optional<sim::Item> before, after;
      if (record.old_image) before = EntityValues(of, *record.old_image);
      if (record.new_image) after = EntityValues(of, *record.new_image);
      AggregateChange change;
      change.before = before ? &*before : nullptr;
      change.after = after ? &*after : nullptr;
      change.source =
          Natural(record.keys, layout.partition_key) + "\n" + Natural(record.keys, layout.sort_key);
      change.sequence = record.sequence_number;
      if (auto s = ApplyAggregateChange(plane, model, layout, static_cast<int>(i), change, stats);
          !s.ok())
        return s;
    }
  }
  return sim::Ok{};
}

}  // namespace model::exec
