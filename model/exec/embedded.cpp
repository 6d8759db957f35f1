#include "model/exec/embedded.h"

#include <fmt/format.h>

#include <algorithm>

#include "model/exec/items.h"
#include "model/exec/writes.h"

namespace model::exec {

std::string EmbeddedKeyText(const EmbeddedLayout& e, const sim::Item& child) {
  return Natural(child, e.key);
}

sim::AttributeValue EmbeddedElement(const EmbeddedLayout& e, const sim::Item& child) {
  sim::Item members;
  for (const std::string& a : e.attributes) {
    auto it = child.find(a);
    if (it != child.end()) members[a] = it->second;
  }
  return sim::AttributeValue::M(std::move(members));
}

sim::Item EmbeddedParentIdentifier(const EmbeddedLayout& e, const sim::Item& child) {
  sim::Item id;
  for (std::size_t i = 0; i < e.link.size() && i < e.identifier.size(); ++i) {
    auto it = child.find(e.link[i]);
    if (it != child.end()) id[e.identifier[i]] = it->second;
  }
  return id;
}

std::vector<sim::Item> EmbeddedItems(const EmbeddedLayout& e, const sim::Item& parent_item,
                                     const sim::Item& link_values) {
  std::vector<sim::Item> out;
  auto map = parent_item.find(e.attribute);
  if (map == parent_item.end() || !map->second.is(sim::ValueType::kM)) return out;
  for (const auto& [key, element] : map->second.map()) {
    (void)key;
    sim::Item item = element.map();
    for (const std::string& l : e.link) {
      auto v = link_values.find(l);
      if (v != link_values.end()) item[l] = v->second;
    }
    item[kTypeAttribute] = sim::AttributeValue::S(e.label);
    out.push_back(std::move(item));
  }
  return out;
}

sim::SimStatus BuildEmbeddedUpdate(const Model& model, const KeyLayout& layout,
                                   const WritePlan& plan, const Record* before, const Record* after,
                                   const Arguments& condition_args,
                                   const std::vector<AlsoRecord>& also, sim::UpdateItemRequest& r) {
  const EmbeddedLayout& e = layout.embedded[static_cast<std::size_t>(plan.embedded)];
  const WritePattern& wp = model.write_patterns[static_cast<std::size_t>(plan.pattern_id)];
  const Record* any = after ? after : before;
  if (!any) return sim::Ok{};
  const sim::Item& child = any->current();
  auto key =
      RenderItemKey(model, layout, e.parent_type, Record{{EmbeddedParentIdentifier(e, child)}}, 1);
  if (!key) {
    return sim::Error::Validation(
        fmt::format("write pattern '{}' writes a {} whose link does not name its parent's item",
                    wp.name, model.entities[static_cast<std::size_t>(e.child)].name));
  }
  r.table_name = layout.table_name;
  r.key = std::move(*key);
  r.return_consumed_capacity = sim::ReturnConsumedCapacity::kTotal;
  // A refusal returns the parent's item as stored, so the caller can tell a missing parent, a
  // full collection and a failed clause apart (WhyEmbeddedRefused); it costs no read units
  // (https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_UpdateItem.html#DDB-UpdateItem-request-ReturnValuesOnConditionCheckFailure).
  r.return_values_on_condition_check_failure = sim::ReturnValuesOnConditionCheckFailure::kAllOld;
  // Document paths name the map and the element through placeholders: the key is data, and
  // may hold any character
  // (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Expressions.ExpressionAttributeNames.html).
  r.expression_attribute_names["#c"] = e.attribute;
  r.expression_attribute_names["#k"] = EmbeddedKeyText(e, child);
  std::vector<std::string> sets, removes, conditions;
  if (!before) {
    r.expression_attribute_names["#pk"] = layout.partition_key;
    r.expression_attribute_values[":e"] = EmbeddedElement(e, child);
    sets.push_back("#c.#k = :e");
    // `max` bounds the collection: the map's size() is its number of elements
    // (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Expressions.OperatorsAndFunctions.html),
    // so a full parent refuses the create.
    r.expression_attribute_values[":max"] = sim::AttributeValue::N(std::to_string(e.max));
    conditions.push_back(
        "attribute_exists(#pk) AND attribute_not_exists(#c.#k) AND size(#c) < :max");
  } else if (!after) {
    removes.push_back("#c.#k");
    conditions.push_back("attribute_exists(#c.#k)");
  } else {
    std::vector<std::string> changed = wp.attributes;
    if (changed.empty()) {
      for (const std::string& a : e.attributes) {
        if (a != e.key) changed.push_back(a);
      }
    }
    for (std::size_t i = 0; i < changed.size(); ++i) {
      std::string name = fmt::format("#a{}", i);
      r.expression_attribute_names[name] = changed[i];
      auto it = after->current().find(changed[i]);
      if (it == after->current().end()) {
        removes.push_back(fmt::format("#c.#k.{}", name));
      } else {
        std::string value = fmt::format(":v{}", i);
        r.expression_attribute_values[value] = it->second;
        sets.push_back(fmt::format("#c.#k.{} = {}", name, value));
      }
    }
    conditions.push_back("attribute_exists(#c.#k)");
  }
  // The pattern's `condition:` clauses, on the child's attributes, at the element's document
  // path `#c.#k.#w<i>`, values :w<i> (ConditionTerms).
  sim::SimStatus built = ConditionTerms(
      model.entities[static_cast<std::size_t>(e.child)], wp.conditions, condition_args, "w",
      "#c.#k.", r.expression_attribute_names, r.expression_attribute_values, conditions);
  if (!built.ok()) return built;
  // The `also` entries name the parent's item itself (model/load/analyze_embedded.cpp): their
  // clauses test its own attributes and an update's attributes are SET (REMOVEd when the
  // caller's record lacks them) in this same UpdateItem.
  const Entity& parent = model.entities[static_cast<std::size_t>(e.parent)];
  for (std::size_t j = 0; j < wp.also.size(); ++j) {
    const AlsoWrite& a = wp.also[j];
    if (a.entity != e.parent) continue;  // another item: an action of the transaction
    for (std::size_t i = 0; i < a.conditions.size(); ++i) {
      const WriteCondition& cond = a.conditions[i];
      std::string name = fmt::format("#p{}c{}", j, i);
      std::string value = fmt::format(":p{}c{}", j, i);
      r.expression_attribute_names[name] = cond.attribute;
      if (cond.op == ConditionOp::kExists || cond.op == ConditionOp::kNotExists) {
        conditions.push_back(fmt::format(
            "{}({})", cond.op == ConditionOp::kExists ? "attribute_exists" : "attribute_not_exists",
            name));
        continue;
      }
      if (!cond.parameter.empty()) {
        auto it = condition_args.find(cond.parameter);
        if (it == condition_args.end()) {
          return sim::Error::Validation(
              fmt::format("the condition {} needs the argument '{}', which the call did not pass",
                          cond.Text(), cond.parameter));
        }
        r.expression_attribute_values[value] = it->second;
      } else {
        AttrId at = parent.FindAttribute(cond.attribute);
        if (at < 0) {
          return sim::Error::Validation(
              fmt::format("the condition {} names no attribute of {}", cond.Text(), parent.name));
        }
        r.expression_attribute_values[value] =
            ConditionLiteral(parent.attributes[static_cast<std::size_t>(at)], cond.value);
      }
      conditions.push_back(fmt::format("{} {} {}", name, ConditionOpName(cond.op), value));
    }
    if (a.kind != AlsoKind::kUpdate) continue;
    const Record* updated = j < also.size() ? also[j].after : nullptr;
    if (!updated) {
      return sim::Error::Validation(fmt::format(
          "write pattern '{}' updates the {} item in an 'also' entry, but the call passed no {}",
          wp.name, parent.name, parent.name));
    }
    for (std::size_t i = 0; i < a.attributes.size(); ++i) {
      std::string name = fmt::format("#p{}u{}", j, i);
      r.expression_attribute_names[name] = a.attributes[i];
      auto it = updated->current().find(a.attributes[i]);
      if (it == updated->current().end()) {
        removes.push_back(name);
      } else {
        std::string value = fmt::format(":p{}u{}", j, i);
        r.expression_attribute_values[value] = it->second;
        sets.push_back(fmt::format("{} = {}", name, value));
      }
    }
  }
  if (!sets.empty()) r.update_expression = fmt::format("SET {}", fmt::join(sets, ", "));
  if (!removes.empty()) {
    r.update_expression += (r.update_expression.empty() ? "" : " ") +
                           fmt::format("REMOVE {}", fmt::join(removes, ", "));
  }
  if (!r.update_expression.empty())
    r.condition_expression = fmt::format("{}", fmt::join(conditions, " AND "));
  return sim::Ok{};
}

sim::SimStatus ApplyEmbeddedWrite(sim::DataPlane& plane, const Model& model,
                                  const KeyLayout& layout, const WritePlan& plan,
                                  const Record* before, const Record* after, WriteStats& stats,
                                  const Arguments& condition_args,
                                  const std::vector<AlsoRecord>& also) {
  sim::UpdateItemRequest r;
  sim::SimStatus built =
      BuildEmbeddedUpdate(model, layout, plan, before, after, condition_args, also, r);
  if (!built.ok()) return built;
  if (r.update_expression.empty()) return sim::Ok{};
  ++stats.requests;
  auto done = plane.UpdateItem(r);
  if (!done.ok()) return done.error();
  if (done->consumed_capacity) stats.wcu += done->consumed_capacity->capacity_units;
  return sim::Ok{};
}

std::optional<EmbeddedRefusal> WhyEmbeddedRefused(const KeyLayout& layout, const WritePlan& plan,
                                                  const Record* before, const Record* after,
                                                  const sim::Error& error) {
  if (plan.embedded < 0) return std::nullopt;
  const Record* any = after ? after : before;
  if (!any) return std::nullopt;
  // The parent's item as stored: the error's Item for a single UpdateItem, the first
  // cancellation reason's for a transaction (the parent's Update is its first action,
  // ApplyWrite); absent when there was no item
  // (https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_CancellationReason.html).
  const std::optional<sim::Item>* parent = nullptr;
  if (error.name == "ConditionalCheckFailedException") {
    parent = &error.item;
  } else if (error.name == "TransactionCanceledException") {
    if (error.reasons.empty() || error.reasons.front().code != "ConditionalCheckFailed")
      return std::nullopt;  // another action's refusal
    parent = &error.reasons.front().item;
  } else {
    return std::nullopt;
  }
  if (!*parent) return EmbeddedRefusal::kParentMissing;
  const EmbeddedLayout& e = layout.embedded[static_cast<std::size_t>(plan.embedded)];
  auto map = (*parent)->find(e.attribute);
  if (map == (*parent)->end() || !map->second.is(sim::ValueType::kM))
    return EmbeddedRefusal::kNoCollection;
  const bool there = map->second.map().count(EmbeddedKeyText(e, any->current())) > 0;
  if (!before) {
    if (there) return EmbeddedRefusal::kChildExists;
    if (static_cast<std::int64_t>(map->second.map().size()) >= e.max)
      return EmbeddedRefusal::kCollectionFull;
  } else if (!there) {
    return EmbeddedRefusal::kChildMissing;
  }
  return EmbeddedRefusal::kCondition;
}

std::string EmbeddedRefusalText(const Model& model, const EmbeddedLayout& e, EmbeddedRefusal why) {
  const std::string& parent = model.entities[static_cast<std::size_t>(e.parent)].name;
  const std::string& child = model.entities[static_cast<std::size_t>(e.child)].name;
  switch (why) {
    case EmbeddedRefusal::kParentMissing:
      return fmt::format("the {} item does not exist", parent);
    case EmbeddedRefusal::kNoCollection:
      return fmt::format("the {} item has no '{}' map", parent, e.attribute);
    case EmbeddedRefusal::kChildExists:
      return fmt::format("the {} is in the {}'s '{}' already", child, parent, e.attribute);
    case EmbeddedRefusal::kCollectionFull:
      return fmt::format("the {}'s '{}' is full: it holds {} elements, the relationship's max",
                         parent, e.attribute, e.max);
    case EmbeddedRefusal::kChildMissing:
      return fmt::format("the {} is not in the {}'s '{}'", child, parent, e.attribute);
    case EmbeddedRefusal::kCondition:
      return "the condition does not hold";
  }
  return "the condition does not hold";
}

}  // namespace model::exec
