#include "model/exec/writes.h"

#include <fmt/format.h>

#include <algorithm>
#include <cassert>
#include <cctype>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "model/aggregate_rules.h"
#include "model/counter_facets.h"
#include "model/exec/aggregates.h"
#include "model/exec/embedded.h"
#include "model/exec/items.h"
#include "model/exec/reads.h"
#include "model/sim/api/number.h"
#include "model/sparse_facet.h"

namespace model::exec {

namespace {

// One write as a transaction action (the single-item calls take the same fields).
struct Action {
  enum class Kind { kPut, kUpdate, kDelete, kCheck } kind = Kind::kPut;
  sim::Item item;  // put: the item; update/delete/check: the key
  std::string update;
  std::string condition;
  sim::ExpressionAttributeNames names;
  sim::ExpressionAttributeValues values;
  // ReturnValuesOnConditionCheckFailure ALL_OLD: a refusal returns the item as stored (an
  // embedded write's parent, to tell why it was refused: WhyEmbeddedRefused).
  bool all_old = false;
};

// What the planned condition starts with: the version check, or that the item does (not) exist.
// (The pattern's own clauses and the guards follow it; they are built from the plan's fields.)
std::string BaseCondition(const std::string& planned, Action& a, const KeyLayout& layout,
                          const Record* before) {
  auto starts = [&](const std::string& prefix) { return planned.rfind(prefix, 0) == 0; };
  if (starts(kLatestAttribute) && before) {
    a.names["#latest"] = kLatestAttribute;
    a.values[":expected"] = sim::AttributeValue::N(std::to_string(before->versions.size()));
    return "#latest = :expected";
  }
  if (starts(fmt::format("attribute_not_exists({})", layout.partition_key))) {
    a.names["#pk"] = layout.partition_key;
    return "attribute_not_exists(#pk)";
  }
  if (starts(fmt::format("attribute_exists({})", layout.partition_key))) {
    a.names["#pk"] = layout.partition_key;
    return "attribute_exists(#pk)";
  }
  return "";
}

}  // namespace

sim::SimStatus ConditionTerms(const Entity& en, const std::vector<WriteCondition>& conditions,
                              const Arguments& args, const std::string& tag,
                              const std::string& path, sim::ExpressionAttributeNames& names,
                              sim::ExpressionAttributeValues& values,
                              std::vector<std::string>& parts) {
  for (std::size_t i = 0; i < conditions.size(); ++i) {
    const WriteCondition& cond = conditions[i];
    std::string name = fmt::format("#{}{}", tag, i);
    std::string at = path + name;
    std::string value = fmt::format(":{}{}", tag, i);
    names[name] = cond.attribute;
    if (cond.op == ConditionOp::kExists || cond.op == ConditionOp::kNotExists) {
      parts.push_back(fmt::format(
          "{}({})", cond.op == ConditionOp::kExists ? "attribute_exists" : "attribute_not_exists",
          at));
      continue;
    }
    if (!cond.parameter.empty()) {
      auto it = args.find(cond.parameter);
      if (it == args.end()) {
        return sim::Error::Validation(
            fmt::format("the condition {} needs the argument '{}', which the call did not pass",
                        cond.Text(), cond.parameter));
      }
      values[value] = it->second;
    } else {
      AttrId attr = en.FindAttribute(cond.attribute);
      if (attr < 0) {
        return sim::Error::Validation(
            fmt::format("the condition {} names no attribute of {}", cond.Text(), en.name));
      }
      values[value] = ConditionLiteral(en.attributes[static_cast<std::size_t>(attr)], cond.value);
    }
    parts.push_back(fmt::format("{} {} {}", at, ConditionOpName(cond.op), value));
  }
  return sim::Ok{};
}

namespace {

// The pattern's condition clauses (ItemWrite::conditions) as ConditionExpression terms, names
// #c<i>, values :c<i> (ConditionTerms).
sim::SimStatus ConditionClauses(const Model& model, const KeyLayout& layout, const ItemWrite& iw,
                                const Arguments& args, Action& a, std::vector<std::string>& parts) {
  const ItemType& t = layout.item_types[static_cast<std::size_t>(iw.item_type)];
  const Entity& en = model.entities[static_cast<std::size_t>(t.entity)];
  return ConditionTerms(en, iw.conditions, args, "c", "", a.names, a.values, parts);
}

// The planned condition, and each guarded attribute still holding the
// value `before` has (what the writer read first; model/layout.h ItemWrite::guard_attributes).
std::string ConditionFor(const ItemWrite& iw, Action& a, const KeyLayout& layout,
                         const Record* before) {
  std::vector<std::string> parts;
  std::string base = BaseCondition(iw.condition, a, layout, before);
  if (!base.empty()) parts.push_back(base);
  for (std::size_t g = 0; g < iw.guard_attributes.size() && before; ++g) {
    const std::string& attr = iw.guard_attributes[g];
    std::string name = fmt::format("#g{}", g);
    a.names[name] = attr;
    auto it = before->current().find(attr);
    if (it == before->current().end()) {
      parts.push_back(fmt::format("attribute_not_exists({})", name));
    } else {
      std::string value = fmt::format(":g{}", g);
      a.values[value] = it->second;
      parts.push_back(fmt::format("{} = {}", name, value));
    }
  }
  return fmt::format("{}", fmt::join(parts, " AND "));
}

double Units(const std::optional<sim::ConsumedCapacity>& cc) { return cc ? cc->capacity_units : 0; }

// Sends one PutItem, UpdateItem or DeleteItem carrying the action's condition; counts its units.
template <typename Request, typename Send>
sim::SimStatus SendOne(Request& r, const std::string& table, const Action& a, WriteStats& stats,
                       const Send& send) {
  r.table_name = table;
  r.condition_expression = a.condition;
  r.expression_attribute_names = a.names;
  r.expression_attribute_values = a.values;
  if (a.all_old)
    r.return_values_on_condition_check_failure = sim::ReturnValuesOnConditionCheckFailure::kAllOld;
  r.return_consumed_capacity = sim::ReturnConsumedCapacity::kTotal;
  auto done = send(r);
  if (!done.ok()) return done.error();
  stats.wcu += Units(done->consumed_capacity);
  return sim::Ok{};
}

// The Put of item type `t` (one item per rendered item; a history type's newest only), or the
// Delete of a sparse facet the entity leaves.
void AddPutActions(const Model& model, const KeyLayout& layout, const ItemWrite& iw,
                   const ItemType& t, const Record* before, const Record& after,
                   std::vector<Action>& actions) {
  std::vector<sim::Item> items = RenderItems(model, layout, iw.item_type, after);
  if (t.role == ItemRole::kHistory && !items.empty()) items.erase(items.begin(), items.end() - 1);
  // A sparse facet the entity leaves (or is not in): deleted, a no-op when it is absent.
  if (IsSparseFacet(t) && items.empty() && before) {
    if (auto key = RenderItemKey(model, layout, iw.item_type, *before, 1)) {
      Action a;
      a.kind = Action::Kind::kDelete;
      a.item = std::move(*key);
      actions.push_back(std::move(a));
    }
    return;
  }
  // A copy of an existing item holding a counter's count (Attribute::counter) is not replaced
  // whole: a put would write back the count as read, taking back what a concurrent draw set. It
  // is an UpdateItem instead (which creates the item when it is absent), setting every attribute
  // of the new copy but the count and removing those the old copy had and the new one lacks:
  // only the draws change the count
  // (https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_UpdateItem.html).
  std::vector<std::string> counts;
  for (const std::string& attr : t.attributes) {
    if (before && IsCounterSource(model, t.entity, attr)) counts.push_back(attr);
  }
  std::vector<sim::Item> old_items;
  if (!counts.empty()) old_items = RenderItems(model, layout, iw.item_type, *before);
  for (sim::Item& item : items) {
    Action a;
    if (counts.empty()) {
      a.item = std::move(item);
    } else {
      a.kind = Action::Kind::kUpdate;
      std::vector<std::string> sets, removes;
      for (const auto& [attr, value] : item) {
        if (attr == layout.partition_key || attr == layout.sort_key) {
          a.item[attr] = value;
          continue;
        }
        if (std::find(counts.begin(), counts.end(), attr) != counts.end()) continue;
        std::string n = fmt::format("#a{}", a.names.size());
        std::string v = fmt::format(":v{}", a.values.size());
        a.names[n] = attr;
        a.values[v] = value;
        sets.push_back(n + " = " + v);
      }
      for (const sim::Item& old : old_items) {
        auto same = [&](const std::string& k) {
          auto x = old.find(k);
          auto y = a.item.find(k);
          return (x == old.end()) == (y == a.item.end()) &&
                 (x == old.end() || x->second == y->second);
        };
        if (!same(layout.partition_key) || !same(layout.sort_key)) continue;
        for (const auto& [attr, value] : old) {
          if (item.count(attr) || std::find(counts.begin(), counts.end(), attr) != counts.end())
            continue;
          std::string n = fmt::format("#a{}", a.names.size());
          a.names[n] = attr;
          removes.push_back(n);
        }
      }
      a.update = "SET " + fmt::format("{}", fmt::join(sets, ", "));
      if (!removes.empty()) a.update += fmt::format(" REMOVE {}", fmt::join(removes, ", "));
    }
    a.condition = ConditionFor(iw, a, layout, before);
    actions.push_back(std::move(a));
  }
}

// The Delete of every item of type `t` the record had (each version of a history type).
void AddDeleteActions(const Model& model, const KeyLayout& layout, const ItemWrite& iw,
                      const ItemType& t, const Record& before, std::vector<Action>& actions) {
  int versions = t.role == ItemRole::kHistory ? static_cast<int>(before.versions.size()) : 1;
  for (int v = 1; v <= versions; ++v) {
    auto key = RenderItemKey(model, layout, iw.item_type, before, v);
    if (!key) continue;
    Action a;
    a.kind = Action::Kind::kDelete;
    a.item = std::move(*key);
    // The condition the plan shows: an entity's item must exist (attribute_exists(PK): a delete
    // of an item that is not there is refused with ConditionalCheckFailedException rather than
    // succeeding as a no-op,
    // https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_DeleteItem.html), and
    // the values read first still hold (ItemWrite::guard_attributes).
    a.condition = ConditionFor(iw, a, layout, &before);
    actions.push_back(std::move(a));
  }
}

// The attributes an item type's table key is built from.
std::vector<std::string> KeyNeeds(const ItemType& t) {
  std::vector<std::string> out = t.partition_key.Attributes();
  for (const std::string& a : t.sort_key.Attributes()) {
    if (std::find(out.begin(), out.end(), a) == out.end()) out.push_back(a);
  }
  return out;
}

// The attributes `t`'s table key is built from that `values` has no value for (absent, or
// empty text, which no key is built from), in key order; the computed ones (the shard, the
// version number) are always there.
std::vector<std::string> MissingKeyAttributes(const Entity& en, const ItemType& t,
                                              const sim::Item& values) {
  std::vector<std::string> out;
  for (const std::string& a : KeyNeeds(t)) {
    if (a == kShardAttribute || a == kVersionAttribute) continue;
    if (en.versioned && !en.version_attribute.empty() && a == en.version_attribute) continue;
    if (Natural(values, a).empty()) out.push_back(a);
  }
  return out;
}

// The UpdateItem of item type `t`: SET what changed (and the TTL attribute and #latest), REMOVE
// what is gone; nothing when nothing is left to change.
//
// Two items are left alone because they do not exist, so there is nothing to update (an
// UpdateItem would create them, or fail their attribute_exists condition):
// - an item whose table key holds an optional attribute `before` has no value for: the
//   uniqueness item of an optional `unique` attribute (USER_EMAIL#{email}) exists only while the
//   entity has a value, and an update moving the entity's expiry updates it only then;
// - a sparse facet the entity is in none of the views of, before and after (model/sparse_facet.h:
//   an update of what it copies cannot change whether it exists).
// Any other key that cannot be built means `before` lacks a required attribute, the identifier
// or another part of the item's table key: the caller did not name the item, and skipping it
// would report success for an update never sent. That is a ValidationException, as DynamoDB
// answers an UpdateItem whose key lacks a key attribute
// (https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_UpdateItem.html), sent
// before anything is written (as ReadFirst refuses values that cannot name the item).
sim::SimStatus AddUpdateAction(const Model& model, const KeyLayout& layout, const WritePattern& wp,
                               const ItemWrite& iw, const ItemType& t, const Record& before,
                               const Record& after, std::vector<Action>& actions) {
  auto key =
      RenderItemKey(model, layout, iw.item_type, before, static_cast<int>(before.versions.size()));
  std::vector<sim::Item> fresh = RenderItems(model, layout, iw.item_type, after);
  if (!key) {
    const Entity& en = model.entities[static_cast<std::size_t>(t.entity)];
    std::vector<std::string> missing = MissingKeyAttributes(en, t, before.current());
    std::vector<std::string> required;
    for (const std::string& a : missing) {
      AttrId id = en.FindAttribute(a);
      if (id < 0 || en.attributes[static_cast<std::size_t>(id)].required) required.push_back(a);
    }
    if (required.empty() && !missing.empty()) return sim::Ok{};  // an item that does not exist
    return sim::Error::Validation(fmt::format(
        "write pattern '{}' updates the {} item, but the {} record does not name it (its table "
        "key needs {})",
        wp.name, t.name, en.name, fmt::join(required.empty() ? KeyNeeds(t) : required, ", ")));
  }
  // A sparse facet whose views the entity is in neither before nor after: no item to change.
  if (IsSparseFacet(t) && fresh.empty()) return sim::Ok{};
  Action a;
  a.kind = Action::Kind::kUpdate;
  a.item = std::move(*key);
  std::vector<std::string> sets, removes;
  const sim::Item* next = fresh.empty() ? nullptr : &fresh.front();
  auto assign = [&](const std::string& attr, const sim::AttributeValue* value) {
    std::string n = fmt::format("#a{}", a.names.size());
    a.names[n] = attr;
    if (value) {
      std::string v = fmt::format(":v{}", a.values.size());
      a.values[v] = *value;
      sets.push_back(n + " = " + v);
    } else {
      removes.push_back(n);
    }
  };
  for (const std::string& attr : iw.set_attributes) {
    if (std::find(t.attributes.begin(), t.attributes.end(), attr) == t.attributes.end()) continue;
    auto it = next ? next->find(attr) : sim::Item::const_iterator{};
    assign(attr, next && it != next->end() ? &it->second : nullptr);
  }
  // A changed expiry moves the TTL attribute the item carries (model/layout.h).
  const std::string& expiry = model.entities[static_cast<std::size_t>(t.entity)].ttl;
  if (CarriesTtlAttribute(model, layout, t) &&
      std::find(iw.set_attributes.begin(), iw.set_attributes.end(), expiry) !=
          iw.set_attributes.end()) {
    auto it = next ? next->find(layout.ttl_attribute) : sim::Item::const_iterator{};
    assign(layout.ttl_attribute, next && it != next->end() ? &it->second : nullptr);
  }
  for (const std::string& attr : iw.refresh_keys) {
    auto it = next ? next->find(attr) : sim::Item::const_iterator{};
    assign(attr, next && it != next->end() ? &it->second : nullptr);
  }
  if (t.role == ItemRole::kEntity && model.entities[static_cast<std::size_t>(t.entity)].versioned) {
    a.names["#latest"] = kLatestAttribute;
    a.values[":latest"] = sim::AttributeValue::N(std::to_string(after.versions.size()));
    sets.push_back("#latest = :latest");
  }
  if (sets.empty() && removes.empty()) return sim::Ok{};
  if (!sets.empty()) a.update = "SET " + fmt::format("{}", fmt::join(sets, ", "));
  if (!removes.empty())
    a.update += (a.update.empty() ? "" : " ") + fmt::format("REMOVE {}", fmt::join(removes, ", "));
  const bool keeps_aggregates =
      std::any_of(model.aggregates.begin(), model.aggregates.end(),
                  [&](const AggregateDecl& agg) { return agg.into == t.entity; });
  if (keeps_aggregates && t.role == ItemRole::kEntity) {
    // The aggregates' maintainer rewrites this item from what it read, conditioned on the
    // version: bumping it here makes a maintainer that read the item before this update read it
    // again rather than write the old values back. ADD starts a missing number at 0
    // (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Expressions.UpdateExpressions.html#Expressions.UpdateExpressions.ADD).
    a.names["#aggv"] = kAggregateVersionAttribute;
    a.values[":aggone"] = sim::AttributeValue::N("1");
    a.update += " ADD #aggv :aggone";
  }
  a.condition = ConditionFor(iw, a, layout, &before);
  actions.push_back(std::move(a));
  return sim::Ok{};
}

// Aggregates kept in this write's transaction: counts and sums kept by ADD (KeptByAdd) each
// group item's UpdateItem (PlanGroupAdds, nothing read); the others their groups' items, read
// now and written with the write, each conditioned on the version read
// (model/exec/aggregates.h). Two aggregates on
// one `into` (a self-follow's follower and following counts) may change the same item: the
// second builds on the first's change and replaces its item, keeping the condition on the
// version the table holds, so the transaction has one put per item.
sim::SimStatus AddAggregateActions(sim::DataPlane& plane, const Model& model,
                                   const KeyLayout& layout, const WritePlan& plan,
                                   const Record* before, const Record* after, WriteStats& stats,
                                   std::vector<Action>& actions) {
  std::map<std::string, sim::Item> pending;
  std::map<std::string, std::size_t> pending_action;
  AggregateChange change;
  change.before = before ? &before->current() : nullptr;
  change.after = after ? &after->current() : nullptr;
  // Counts and sums kept by ADD (KeptByAdd): one UpdateItem per group item, nothing read.
  for (GroupAdd& g : PlanGroupAdds(model, layout, plan.aggregates, change)) {
    Action a;
    a.kind = Action::Kind::kUpdate;
    a.item = std::move(g.key);
    a.update = std::move(g.update);
    a.condition = std::move(g.condition);
    a.names = std::move(g.names);
    a.values = std::move(g.values);
    actions.push_back(std::move(a));
  }
  for (int agg : plan.aggregates) {
    if (KeptByAdd(model, layout, agg)) continue;
    AggregateStats agg_stats;
    auto planned = PlanGroupWrites(plane, model, layout, agg, change, agg_stats, &pending);
    if (!planned.ok()) return planned.error();
    stats.requests += agg_stats.requests;
    stats.rcu += agg_stats.rcu;  // the GetItems of the group items
    for (std::vector<GroupPut>& group : *planned) {
      for (GroupPut& put : group) {
        std::string key = GroupItemKeyText(layout, put.item);
        pending[key] = put.item;
        if (auto at = pending_action.find(key); at != pending_action.end()) {
          actions[at->second].item = std::move(put.item);
          continue;
        }
        Action a;
        a.item = std::move(put.item);
        a.condition = std::move(put.condition);
        a.names = std::move(put.names);
        a.values = std::move(put.values);
        pending_action[key] = actions.size();
        actions.push_back(std::move(a));
      }
    }
  }
  return sim::Ok{};
}

// The `also` checks folded into an aggregate's Put or Update of the same item
// (ItemWrite::folded_into): each check (its index in `actions`) whose key one of the aggregates'
// Puts or Updates (`actions` from `aggregates_from` on) writes is removed, its condition ANDed
// into that action's, after the version condition (a Put's) or the item's existence (an
// Update's). DynamoDB refuses two actions on one item in a TransactWriteItems
// (https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_TransactWriteItems.html);
// the Put then fails where the ConditionCheck would (the check's attribute_exists(PK) included: a
// group item the maintainer would create fails it). A check whose item no Put writes stays.
void FoldChecks(const KeyLayout& layout, const std::vector<std::size_t>& checks,
                std::size_t aggregates_from, std::vector<Action>& actions) {
  std::vector<std::size_t> folded;
  for (std::size_t ci : checks) {
    const std::string key = GroupItemKeyText(layout, actions[ci].item);
    for (std::size_t pi = aggregates_from; pi < actions.size(); ++pi) {
      Action& put = actions[pi];
      if ((put.kind != Action::Kind::kPut && put.kind != Action::Kind::kUpdate) ||
          GroupItemKeyText(layout, put.item) != key)
        continue;
      const Action& check = actions[ci];
      for (const auto& [name, attr] : check.names) {
        auto [at, fresh] = put.names.emplace(name, attr);
        // The checks' #pk, #c<i>; the Put's #pk, #v; the Update's #pk, #ga<i>, #gs<i>, #aggv.
        assert(fresh || at->second == attr);
        (void)at;
        (void)fresh;
      }
      for (const auto& [name, value] : check.values) {
        auto [at, fresh] = put.values.emplace(name, value);
        assert(fresh);  // the checks' :c<i>; the Put's :v; the Update's :ga<i>, :gs<i>, :aggone
        (void)at;
        (void)fresh;
      }
      // An Update of an item the application makes is conditioned on the item's existence
      // already (PlanGroupAdds), which a check's condition starts with: said once.
      const bool same_start =
          !put.condition.empty() && (check.condition == put.condition ||
                                     check.condition.rfind(put.condition + " AND ", 0) == 0);
      put.condition = put.condition.empty() || same_start
                          ? check.condition
                          : put.condition + " AND " + check.condition;
      folded.push_back(ci);
      break;
    }
  }
  std::sort(folded.rbegin(), folded.rend());
  for (std::size_t ci : folded) actions.erase(actions.begin() + static_cast<std::ptrdiff_t>(ci));
}

// All the actions in one TransactWriteItems.
// All the actions in one TransactWriteItems.
sim::SimStatus SendTransaction(sim::DataPlane& plane, const std::string& table,
                               std::vector<Action>& actions, WriteStats& stats) {
  sim::TransactWriteItemsRequest r;
  r.return_consumed_capacity = sim::ReturnConsumedCapacity::kTotal;
  for (Action& a : actions) {
    sim::TransactWriteItem item;
    switch (a.kind) {
      case Action::Kind::kPut:
        item.put = sim::TransactPut{table, a.item, a.condition, a.names, a.values};
        break;
      case Action::Kind::kUpdate:
        item.update = sim::TransactUpdate{table, a.item, a.update, a.condition, a.names, a.values};
        if (a.all_old) {
          item.update->return_values_on_condition_check_failure =
              sim::ReturnValuesOnConditionCheckFailure::kAllOld;
        }
        break;
      case Action::Kind::kDelete:
        item.delete_ = sim::TransactDelete{table, a.item, a.condition, a.names, a.values};
        break;
      case Action::Kind::kCheck:
        item.condition_check =
            sim::TransactConditionCheck{table, a.item, a.condition, a.names, a.values};
        break;
    }
    r.transact_items.push_back(std::move(item));
  }
  auto done = plane.TransactWriteItems(r);
  if (!done.ok()) return done.error();
  for (const auto& cc : done->consumed_capacity) stats.wcu += cc.capacity_units;
  return sim::Ok{};
}

// Each action on its own PutItem, UpdateItem or DeleteItem, stopping at the first error.
sim::SimStatus SendEach(sim::DataPlane& plane, const std::string& table,
                        std::vector<Action>& actions, WriteStats& stats) {
  for (Action& a : actions) {
    sim::SimStatus sent = sim::Ok{};
    if (a.kind == Action::Kind::kPut) {
      sim::PutItemRequest r;
      r.item = a.item;
      sent = SendOne(r, table, a, stats, [&](const auto& req) { return plane.PutItem(req); });
    } else if (a.kind == Action::Kind::kUpdate) {
      sim::UpdateItemRequest r;
      r.key = a.item;
      r.update_expression = a.update;
      sent = SendOne(r, table, a, stats, [&](const auto& req) { return plane.UpdateItem(req); });
    } else {
      sim::DeleteItemRequest r;
      r.key = a.item;
      sent = SendOne(r, table, a, stats, [&](const auto& req) { return plane.DeleteItem(req); });
    }
    if (!sent.ok()) return sent;
  }
  return sim::Ok{};
}

// The records write `iw` applies to: the pattern's own, or those the caller passed for its
// `also` entry (an update's), checked to be the item the written record names.
sim::SimStatus RecordsFor(const Model& model, const WritePattern& wp, const ItemWrite& iw,
                          const Record* before, const Record* after,
                          const std::vector<AlsoRecord>& also, const Record** b, const Record** a) {
  *b = before;
  *a = after;
  if (iw.also < 0) return sim::Ok{};
  const AlsoWrite& entry = wp.also[static_cast<std::size_t>(iw.also)];
  const Entity& en = model.entities[static_cast<std::size_t>(entry.entity)];
  const std::size_t i = static_cast<std::size_t>(iw.also);
  // A delete entry needs the item as stored only.
  const bool deletes = entry.kind == AlsoKind::kDelete;
  if (i >= also.size() || !also[i].before || (!deletes && !also[i].after)) {
    return sim::Error::Validation(
        deletes ? fmt::format("write pattern '{}' also deletes {}: the call passed no {}", wp.name,
                              en.name, en.name)
                : fmt::format("write pattern '{}' also updates {}: the call passed no {} before "
                              "and after",
                              wp.name, en.name, en.name));
  }
  const Record* written = after ? after : before;
  sim::Item id = AlsoIdentifier(model, wp, iw.also, written->current());
  for (const Record* r : {also[i].before, also[i].after}) {
    if (!r) continue;
    for (const auto& [attr, value] : id) {
      if (Natural(r->current(), attr) == NaturalText(value)) continue;
      return sim::Error::Validation(
          fmt::format("write pattern '{}' also {}s the {} whose {} is {}, but the {} passed has {}",
                      wp.name, AlsoKindName(entry.kind), en.name, attr, NaturalText(value), en.name,
                      Natural(r->current(), attr)));
    }
  }
  *b = also[i].before;
  *a = also[i].after;
  return sim::Ok{};
}

// One child whose copies an update rewrites (WritePlan::copies): its record as the read found it
// and with its copies set to the parent's new values.
struct ChildCopy {
  const CopyFanOut* fan = nullptr;
  Record before;
  Record after;
};

// Whether the parent's update changes a source of `fan` (present or absent, or another value).
bool SourceChanged(const CopyFanOut& fan, const sim::Item& before, const sim::Item& after) {
  for (const std::string& source : fan.sources) {
    auto b = before.find(source);
    auto a = after.find(source);
    if ((b == before.end()) != (a == after.end())) return true;
    if (b != before.end() && !(b->second == a->second)) return true;
  }
  return false;
}

// The children of the updated parent whose copies change: per fan-out whose source changed, its
// read (KeyLayout::reads[fan.read], by the link: the parent's identifier; strongly consistent on
// the table), each child's record from the whole item returned. Counts the read's requests and
// units.
sim::SimStatus ReadChildren(sim::DataPlane& plane, const Model& model, const KeyLayout& layout,
                            const WritePlan& plan, const Record& before, const Record& after,
                            const Arguments& clock, WriteStats& stats,
                            std::vector<ChildCopy>& out) {
  for (const CopyFanOut& fan : plan.copies) {
    if (!SourceChanged(fan, before.current(), after.current())) continue;
    const Entity& parent = model.entities[static_cast<std::size_t>(
        model.write_patterns[static_cast<std::size_t>(plan.pattern_id)].entity)];
    const Entity& child = model.entities[static_cast<std::size_t>(fan.entity)];
    ReadPlan read = layout.reads[static_cast<std::size_t>(fan.read)];
    read.consistent = read.consistent || read.index == 0;
    Arguments args;
    // The read leaves out expired children at the caller's clock, as every read does.
    if (auto now = clock.find(kNowArgument); now != clock.end()) args[kNowArgument] = now->second;
    for (std::size_t k = 0; k < fan.link.size() && k < parent.identifier.size(); ++k) {
      const std::string& id =
          parent.attributes[static_cast<std::size_t>(parent.identifier[k])].name;
      auto it = after.current().find(id);
      if (it == after.current().end()) {
        return sim::Error::Validation(fmt::format(
            "the {} passed has no '{}': its children cannot be found", parent.name, id));
      }
      args[fan.link[k]] = it->second;
    }
    ReadOutcome found = ExecuteRead(plane, model, layout, read, args);
    stats.requests += found.requests;
    stats.rcu += found.rcu;
    if (!found.status.ok()) return sim::Error::Internal(found.status.message());
    for (const sim::Item& item : found.items) {
      ChildCopy cc;
      cc.fan = &fan;
      sim::Item record;
      for (const Attribute& a : child.attributes) {
        auto it = item.find(a.name);
        if (it != item.end()) record[a.name] = it->second;
      }
      cc.before.versions.push_back(record);
      for (std::size_t i = 0; i < fan.attributes.size(); ++i) {
        auto it = after.current().find(fan.sources[i]);
        if (it == after.current().end()) {
          record.erase(fan.attributes[i]);
        } else {
          record[fan.attributes[i]] = it->second;
        }
      }
      cc.after.versions.push_back(std::move(record));
      out.push_back(std::move(cc));
    }
  }
  return sim::Ok{};
}

// The Delete and the Put of an update that moves an item to a new table key, when the new key
// is the old one (the key's attributes were written with the values they had): one Put, since a
// TransactWriteItems may not hold two actions on one item ("Transaction request cannot include
// multiple operations on one item",
// https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_TransactWriteItems.html).
// The Put replaces the item the Delete would have removed, so it carries the Delete's condition
// (the item exists, the values read first still hold) instead of the Put's
// attribute_not_exists(PK), which guards a new key against another item; the pattern's own
// clauses on either stay. The Delete's placeholders are renamed (#d.., :d..) so the two
// conditions' names cannot clash.
void MergeSameKeyMoves(const KeyLayout& layout, std::vector<Action>& actions) {
  auto same_key = [&](const sim::Item& key, const sim::Item& item) {
    for (const std::string* k : {&layout.partition_key, &layout.sort_key}) {
      if (k->empty()) continue;
      auto a = key.find(*k);
      auto b = item.find(*k);
      if ((a == key.end()) != (b == item.end())) return false;
      if (a != key.end() && !(a->second == b->second)) return false;
    }
    return true;
  };
  auto rename = [](const std::string& expression) {
    std::string out;
    for (std::size_t i = 0; i < expression.size(); ++i) {
      out += expression[i];
      const bool placeholder = expression[i] == '#' || expression[i] == ':';
      if (placeholder && i + 1 < expression.size() &&
          (std::isalnum(static_cast<unsigned char>(expression[i + 1])) ||
           expression[i + 1] == '_')) {
        out += 'd';
      }
    }
    return out;
  };
  for (std::size_t d = 0; d < actions.size(); ++d) {
    if (actions[d].kind != Action::Kind::kDelete) continue;
    auto put = std::find_if(actions.begin(), actions.end(), [&](const Action& a) {
      return a.kind == Action::Kind::kPut && same_key(actions[d].item, a.item);
    });
    if (put == actions.end()) continue;
    const std::string not_exists = "attribute_not_exists(#pk)";
    std::string own = put->condition;
    if (own.rfind(not_exists, 0) == 0) {
      own.erase(0, not_exists.size());
      if (own.rfind(" AND ", 0) == 0) own.erase(0, 5);
    }
    std::string merged = rename(actions[d].condition);
    if (!own.empty()) merged = merged.empty() ? own : merged + " AND " + own;
    put->condition = std::move(merged);
    for (const auto& [name, attr] : actions[d].names) put->names["#d" + name.substr(1)] = attr;
    for (const auto& [name, value] : actions[d].values) put->values[":d" + name.substr(1)] = value;
    actions.erase(actions.begin() + static_cast<std::ptrdiff_t>(d));
    --d;
  }
}

// A child's writes (CopyFanOut::writes) as actions.
sim::SimStatus AddChildActions(const Model& model, const KeyLayout& layout, const WritePattern& wp,
                               const ChildCopy& cc, std::vector<Action>& actions) {
  for (const ItemWrite& iw : cc.fan->writes) {
    const ItemType& t = layout.item_types[static_cast<std::size_t>(iw.item_type)];
    if (iw.op == WriteOp::kPut) {
      AddPutActions(model, layout, iw, t, &cc.before, cc.after, actions);
    } else if (iw.op == WriteOp::kDelete) {
      AddDeleteActions(model, layout, iw, t, cc.before, actions);
    } else if (iw.op == WriteOp::kUpdate) {
      sim::SimStatus added =
          AddUpdateAction(model, layout, wp, iw, t, cc.before, cc.after, actions);
      if (!added.ok()) return added;
    }
  }
  return sim::Ok{};
}

}  // namespace

sim::Item AlsoIdentifier(const Model& model, const WritePattern& wp, int entry,
                         const sim::Item& written) {
  const AlsoWrite& a = wp.also[static_cast<std::size_t>(entry)];
  const Entity& en = model.entities[static_cast<std::size_t>(a.entity)];
  sim::Item out;
  for (std::size_t k = 0; k < en.identifier.size() && k < a.key_from.size(); ++k) {
    auto it = written.find(a.key_from[k]);
    if (it == written.end()) continue;
    out[en.attributes[static_cast<std::size_t>(en.identifier[k])].name] = it->second;
  }
  return out;
}

sim::AttributeValue ConditionLiteral(const Attribute& attr, const std::string& text) {
  if (IsNumeric(attr.type)) {
    // Sent canonical ("050" -> "50"), as DynamoDB stores numbers.
    auto canonical = sim::Number::Parse(text);
    return sim::AttributeValue::N(canonical.ok() ? *canonical : std::string("0"));
  }
  if (attr.type == AttrType::kBoolean) return sim::AttributeValue::Bool(text == "true");
  return sim::AttributeValue::S(text);
}

namespace {

// The kind of a polymorphic association (model.h Relationship::kind) holds one parent's entity
// name, exactly as declared: its key renders the parent's label (keys::LabelText), and a name
// that is no parent's ("issue", "Issues") would still render one (ISSUE) or a label no parent
// has, filing the child under another parent or none. A ValidationException, before anything is
// sent, as DynamoDB refuses a request whose values break its rules
// (https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/CommonErrors.html).
sim::SimStatus CheckKinds(const Model& model, const WritePattern& wp, const Record* written) {
  if (!written) return sim::Ok{};
  const sim::Item& item = written->current();
  for (const Relationship& r : model.relationships) {
    if (!r.Polymorphic() || r.to != wp.entity || r.from != r.parents.front()) continue;
    const Entity& child = model.entities[static_cast<std::size_t>(r.to)];
    const std::string& kind = child.attributes[static_cast<std::size_t>(r.kind)].name;
    auto it = item.find(kind);
    if (it == item.end()) continue;  // a missing required attribute is refused with the key
    std::vector<std::string> names;
    bool known = false;
    for (EntityId p : r.parents) {
      const std::string& name = model.entities[static_cast<std::size_t>(p)].name;
      known = known || (it->second.is(sim::ValueType::kS) && NaturalText(it->second) == name);
      names.push_back(fmt::format("'{}'", name));
    }
    if (known) continue;
    return sim::Error::Validation(fmt::format(
        "write pattern '{}' writes a {} whose {} is '{}', which is not a parent of relationship "
        "'{}': the kind holds one of {}, spelled exactly",
        wp.name, child.name, kind, NaturalText(it->second), r.name, fmt::join(names, ", ")));
  }
  return sim::Ok{};
}

}  // namespace

namespace {

// The counter draw of a create (layout.h CounterDraw): the parent's UpdateItem, its new count.
// https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_UpdateItem.html
sim::SimResult<std::string> DrawCounter(sim::DataPlane& plane, const Model& model,
                                        const KeyLayout& layout, const CounterDraw& draw,
                                        const sim::Item& child, WriteStats& stats) {
  sim::Item id;
  for (std::size_t i = 0; i < draw.link.size(); ++i) {
    auto it = child.find(draw.link[i]);
    if (it == child.end())
      return sim::Error::Validation(
          fmt::format("the new '{}' lacks '{}', which names the parent whose count '{}' it draws",
                      model
                          .entities[static_cast<std::size_t>(
                              model.relationships[static_cast<std::size_t>(draw.relationship)].to)]
                          .name,
                      draw.link[i], draw.source));
    id[draw.parent_identifier[i]] = it->second;
  }
  auto key = RenderItemKey(model, layout, draw.item_type, Record{{id}}, 1);
  if (!key)
    return sim::Error::Validation(
        fmt::format("the parent holding the count '{}' cannot be keyed", draw.source));
  sim::UpdateItemRequest r;
  r.table_name = layout.table_name;
  r.key = std::move(*key);
  r.update_expression = "SET #n = if_not_exists(#n, :zero) + :one";
  r.condition_expression = "attribute_exists(#pk)";
  r.expression_attribute_names["#n"] = draw.source;
  r.expression_attribute_names["#pk"] = layout.partition_key;
  r.expression_attribute_values[":zero"] = sim::AttributeValue::N("0");
  r.expression_attribute_values[":one"] = sim::AttributeValue::N("1");
  if (std::any_of(model.aggregates.begin(), model.aggregates.end(),
                  [&](const AggregateDecl& agg) { return agg.into == draw.parent; })) {
    // The parent also holds pre-computed aggregates, whose maintainer puts the whole item back
    // conditioned on the version it read (model/exec/aggregates.h): bumping the version here makes
    // a maintainer that read the item before this draw read it again rather than put the old
    // count back, which would hand the drawn number out twice. ADD starts a missing number at 0
    // (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Expressions.UpdateExpressions.html#Expressions.UpdateExpressions.ADD).
    r.update_expression += " ADD #aggv :one";
    r.expression_attribute_names["#aggv"] = kAggregateVersionAttribute;
  }
  r.return_values = sim::ReturnValues::kUpdatedNew;
  r.return_consumed_capacity = sim::ReturnConsumedCapacity::kTotal;
  ++stats.requests;
  auto done = plane.UpdateItem(r);
  if (!done.ok()) return done.error();
  stats.wcu += Units(done->consumed_capacity);
  if (!done->attributes) return sim::Error::Validation("the count's UpdateItem returned nothing");
  auto it = done->attributes->find(draw.source);
  if (it == done->attributes->end() || !it->second.is(sim::ValueType::kN))
    return sim::Error::Validation("the count's UpdateItem returned no number");
  const sim::AttributeValue drawn = it->second;
  // The parent's facets storing the count take it too (model/counter_facets.h): set only over a
  // smaller count or none, so a late update never takes a count back; a facet that does not
  // exist (sparse) or holds a greater count already refuses the condition, which is no failure.
  for (int t : CounterFacets(layout, draw)) {
    auto facet = RenderItemKey(model, layout, t, Record{{id}}, 1);
    if (!facet) continue;
    sim::UpdateItemRequest f;
    f.table_name = layout.table_name;
    f.key = std::move(*facet);
    f.update_expression = "SET #n = :n";
    f.condition_expression = "attribute_exists(#pk) AND (attribute_not_exists(#n) OR #n < :n)";
    f.expression_attribute_names["#n"] = draw.source;
    f.expression_attribute_names["#pk"] = layout.partition_key;
    f.expression_attribute_values[":n"] = drawn;
    f.return_consumed_capacity = sim::ReturnConsumedCapacity::kTotal;
    ++stats.requests;
    auto set = plane.UpdateItem(f);
    if (!set.ok()) {
      if (set.error().name != "ConditionalCheckFailedException") return set.error();
      continue;
    }
    stats.wcu += Units(set->consumed_capacity);
  }
  return drawn.scalar();
}

}  // namespace

sim::SimStatus ApplyWrite(sim::DataPlane& plane, const Model& model, const KeyLayout& layout,
                          const WritePlan& plan, const Record* before, const Record* after,
                          WriteStats& stats, const Arguments& condition_args,
                          const std::vector<AlsoRecord>& also) {
  {
    const WritePattern& written = model.write_patterns[static_cast<std::size_t>(plan.pattern_id)];
    sim::SimStatus kinds = CheckKinds(model, written, after ? after : before);
    if (!kinds.ok()) return kinds;
  }
  // A child of an embedded collection is an element of its parent's item: one UpdateItem, or an
  // Update action of a TransactWriteItems with its `also` entries' other items (below).
  const bool embedded_alone =
      plan.embedded >= 0 && std::none_of(plan.writes.begin(), plan.writes.end(),
                                         [](const ItemWrite& iw) { return iw.also >= 0; });
  if (embedded_alone)
    return ApplyEmbeddedWrite(plane, model, layout, plan, before, after, stats, condition_args,
                              also);
  const WritePattern& wp = model.write_patterns[static_cast<std::size_t>(plan.pattern_id)];
  const EntityId entity = wp.entity;
  // A create drawing a counter: the parent's count first, the new record numbered with it.
  std::optional<Record> drawn;
  if (plan.counter && after && !before) {
    auto number = DrawCounter(plane, model, layout, *plan.counter, after->current(), stats);
    if (!number.ok()) return number.error();
    drawn = *after;
    for (sim::Item& v : drawn->versions)
      v[plan.counter->attribute] = sim::AttributeValue::N(*number);
    stats.drawn = *number;
    after = &*drawn;
  }
  // A new item of an aggregate's `into` entity starts with an empty group's values, whatever the
  // caller passed: the maintainer counts from there (model/exec/aggregates.h StartGroupValues).
  std::optional<Record> started;
  if (after && !before &&
      std::any_of(model.aggregates.begin(), model.aggregates.end(),
                  [&](const AggregateDecl& a) { return a.into == entity; })) {
    started = *after;
    StartGroupValues(model, entity, started->versions.back());
    after = &*started;
  }
  std::vector<Action> actions;
  std::vector<std::size_t> folded_checks;  // ItemWrite::folded_into: their actions
  if (plan.embedded >= 0) {
    sim::UpdateItemRequest r;
    sim::SimStatus built =
        BuildEmbeddedUpdate(model, layout, plan, before, after, condition_args, also, r);
    if (!built.ok()) return built;
    if (!r.update_expression.empty()) {
      Action a;
      a.kind = Action::Kind::kUpdate;
      a.item = std::move(r.key);
      a.update = std::move(r.update_expression);
      a.condition = std::move(r.condition_expression);
      a.names = std::move(r.expression_attribute_names);
      a.values = std::move(r.expression_attribute_values);
      a.all_old = r.return_values_on_condition_check_failure ==
                  sim::ReturnValuesOnConditionCheckFailure::kAllOld;
      // The transaction's first action: its cancellation reason comes first
      // (WhyEmbeddedRefused); the actions below are appended after it, and FoldChecks and
      // MergeSameKeyMoves only remove ConditionChecks and Deletes.
      assert(actions.empty());
      actions.push_back(std::move(a));
    }
  }
  for (const ItemWrite& iw : plan.writes) {
    if (plan.embedded >= 0 && iw.also < 0) continue;  // the Update action above
    const ItemType& t = layout.item_types[static_cast<std::size_t>(iw.item_type)];
    const std::size_t first = actions.size();
    if (iw.op == WriteOp::kCheck) {
      // A ConditionCheck of the item the written record names by its identifier.
      const Record* written = after ? after : before;
      if (!written) continue;
      sim::Item id = AlsoIdentifier(model, wp, iw.also, written->current());
      auto key = RenderItemKey(model, layout, iw.item_type, Record{{id}}, 1);
      if (!key) {
        return sim::Error::Validation(fmt::format(
            "write pattern '{}' checks a {} item, but the written item does not name it", wp.name,
            model.entities[static_cast<std::size_t>(t.entity)].name));
      }
      Action a;
      a.kind = Action::Kind::kCheck;
      a.item = std::move(*key);
      a.condition = BaseCondition(iw.condition, a, layout, nullptr);  // attribute_exists(#pk)
      if (iw.folded_into >= 0) folded_checks.push_back(actions.size());
      actions.push_back(std::move(a));
    } else {
      const Record* b = nullptr;
      const Record* a = nullptr;
      sim::SimStatus found = RecordsFor(model, wp, iw, before, after, also, &b, &a);
      if (!found.ok()) return found;
      if (iw.op == WriteOp::kPut && a) {
        AddPutActions(model, layout, iw, t, b, *a, actions);
      } else if (iw.op == WriteOp::kDelete && b) {
        AddDeleteActions(model, layout, iw, t, *b, actions);
      } else if (iw.op == WriteOp::kUpdate && b && a) {
        sim::SimStatus added = AddUpdateAction(model, layout, wp, iw, t, *b, *a, actions);
        if (!added.ok()) return added;
      }
    }
    // The pattern's condition clauses, on the entity's main item (ItemWrite::conditions).
    if (iw.conditions.empty() || actions.size() == first) continue;
    Action& a = actions[first];
    std::vector<std::string> clauses;
    sim::SimStatus built = ConditionClauses(model, layout, iw, condition_args, a, clauses);
    if (!built.ok()) return built;
    std::string joined = fmt::format("{}", fmt::join(clauses, " AND "));
    a.condition = a.condition.empty() ? joined : a.condition + " AND " + joined;
  }
  const std::size_t aggregates_from = actions.size();
  sim::SimStatus kept =
      AddAggregateActions(plane, model, layout, plan, before, after, stats, actions);
  if (!kept.ok()) return kept;
  FoldChecks(layout, folded_checks, aggregates_from, actions);
  // The children's copies of what the update changes: in this transaction when the plan bounds
  // them within it (CopyFanOut::in_transaction), else written after it, child by child.
  std::vector<ChildCopy> children;
  if (before && after && !plan.copies.empty()) {
    sim::SimStatus read =
        ReadChildren(plane, model, layout, plan, *before, *after, condition_args, stats, children);
    if (!read.ok()) return read;
  }
  for (const ChildCopy& cc : children) {
    if (!cc.fan->in_transaction) continue;
    sim::SimStatus added = AddChildActions(model, layout, wp, cc, actions);
    if (!added.ok()) return added;
  }
  MergeSameKeyMoves(layout, actions);
  // A facet of the drawing parent that this create's `also` update writes (without the count,
  // AddPutActions) takes the drawn count when it has none: it appears in the same transaction
  // (the parent moves into its views), after the draw found no facet to set.
  if (drawn && plan.counter) {
    const CounterDraw& draw = *plan.counter;
    sim::Item id;
    for (std::size_t i = 0; i < draw.link.size(); ++i) {
      auto it = after->current().find(draw.link[i]);
      if (it != after->current().end()) id[draw.parent_identifier[i]] = it->second;
    }
    for (int t : CounterFacets(layout, draw)) {
      auto facet = RenderItemKey(model, layout, t, Record{{id}}, 1);
      if (!facet) continue;
      for (Action& a : actions) {
        if (a.kind != Action::Kind::kUpdate || a.item != *facet || a.update.rfind("SET ", 0) != 0)
          continue;
        a.names["#dn"] = draw.source;
        a.values[":dn"] = drawn->current().at(draw.attribute);
        std::size_t remove = a.update.find(" REMOVE ");
        a.update.insert(remove == std::string::npos ? a.update.size() : remove,
                        ", #dn = if_not_exists(#dn, :dn)");
      }
    }
  }
  const std::string& table = layout.table_name;
  auto write_children_after = [&]() -> sim::SimStatus {
    for (const ChildCopy& cc : children) {
      if (cc.fan->in_transaction) continue;
      std::vector<Action> own;
      sim::SimStatus added = AddChildActions(model, layout, wp, cc, own);
      if (!added.ok()) return added;
      MergeSameKeyMoves(layout, own);
      if (own.empty()) continue;
      // A child written as several items (a facet) keeps them together.
      const bool together = own.size() > 1;
      stats.requests += together ? 1 : static_cast<std::int64_t>(own.size());
      sim::SimStatus sent =
          together ? SendTransaction(plane, table, own, stats) : SendEach(plane, table, own, stats);
      if (!sent.ok()) return sent;
    }
    return sim::Ok{};
  };
  if (actions.empty()) return write_children_after();
  // One item left to write (sparse facets the entity is in none of): a single conditional call
  // does what a transaction of one would, at half the units
  // (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/transaction-apis.html#transaction-capacity-handling).
  // A ConditionCheck exists only as a transaction's action.
  bool transaction = plan.transaction && actions.size() > 1;
  transaction = transaction || std::any_of(actions.begin(), actions.end(), [](const Action& a) {
                  return a.kind == Action::Kind::kCheck;
                });
  stats.requests += transaction ? 1 : static_cast<std::int64_t>(actions.size());
  sim::SimStatus sent = transaction ? SendTransaction(plane, table, actions, stats)
                                    : SendEach(plane, table, actions, stats);
  if (!sent.ok()) return sent;
  return write_children_after();
}

sim::SimStatus ReadFirst(sim::DataPlane& plane, const Model& model, const KeyLayout& layout,
                         const WritePlan& plan, sim::Item& values, WriteStats& stats) {
  if (plan.read_first.empty()) return sim::Ok{};
  EntityId e = model.write_patterns[static_cast<std::size_t>(plan.pattern_id)].entity;
  std::vector<int> types = layout.ItemTypesOf(e);
  if (types.empty()) return sim::Ok{};
  auto key = RenderItemKey(model, layout, types.front(), Record{{values}}, 1);
  if (!key) {
    // Reading nothing would leave the write to rebuild keys from values it does not have.
    return sim::Error::Validation(fmt::format(
        "write pattern '{}' reads its {} item first, but the call's values do not name it (its "
        "table key needs {})",
        model.write_patterns[static_cast<std::size_t>(plan.pattern_id)].name,
        model.entities[static_cast<std::size_t>(e)].name,
        fmt::join(KeyNeeds(layout.item_types[static_cast<std::size_t>(types.front())]), ", ")));
  }
  sim::GetItemRequest r;
  r.table_name = layout.table_name;
  r.key = std::move(*key);
  r.consistent_read = true;
  std::vector<std::string> names;
  for (std::size_t i = 0; i < plan.read_first.size(); ++i) {
    std::string n = fmt::format("#r{}", i);
    r.expression_attribute_names[n] = plan.read_first[i];
    names.push_back(n);
  }
  r.projection_expression = fmt::format("{}", fmt::join(names, ", "));
  r.return_consumed_capacity = sim::ReturnConsumedCapacity::kTotal;
  auto got = plane.GetItem(r);
  ++stats.requests;
  if (!got.ok()) return got.error();
  stats.rcu += Units(got->consumed_capacity);
  for (const std::string& attr : plan.read_first) values.erase(attr);
  if (got->item) {
    for (const std::string& attr : plan.read_first) {
      auto it = got->item->find(attr);
      if (it != got->item->end()) values[attr] = it->second;
    }
  }
  return sim::Ok{};
}

}  // namespace model::exec
