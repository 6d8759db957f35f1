// Aggregates kept by UpdateItem ADD in the writes' transactions (aggregate_rules.h KeptByAdd):
// the group items' updates, with no read first (model/exec/aggregates.h PlanGroupAdds).
#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "model/aggregate_rules.h"
#include "model/exec/aggregates.h"
#include "model/exec/items.h"
#include "model/sim/api/number.h"

namespace model::exec {

namespace {

// One group item's update being built: its key, the `into` identity of its group, the amount
// each target attribute takes (Number text, in the order first met) and the aggregates' ids.
struct PendingAdd {
  sim::Item key;
  sim::Item identity;
  std::vector<std::pair<std::string, std::string>> amounts;
  EntityId into = -1;
  int target_type = -1;  // `into`'s main item type (AggregateLayout::target_type)
  bool joined = false;   // an item joins the group: its item is written even when no value moves
  int aggregate = -1;    // the first aggregate met on the item (an index into layout.aggregates)
  int shard = 0;         // the group's shard the item is (0: the `into` item)
};

// Adds `amount` (a Number's text) to target `name` of `p`.
void Add(PendingAdd& p, const std::string& name, const std::string& amount) {
  for (auto& [target, total] : p.amounts) {
    if (target != name) continue;
    auto sum = sim::Number::Add(total, amount);
    if (sum.ok()) total = sum.value();
    return;
  }
  p.amounts.emplace_back(name, amount);
}

// What `record` (natural values of `of`) contributes to `a`'s values in its group, taken out
// (sign -1) or put in (+1): count 1, sum its value (none without one), a joined count 1 for an
// item joining the group (sign +1 and `joins`) and nothing for one leaving it.
void Contribution(const Model& model, const AggregateDecl& a, const sim::Item& record, int sign,
                  bool joins, PendingAdd& p) {
  const Entity& of = model.entities[static_cast<std::size_t>(a.of)];
  const Entity& into = model.entities[static_cast<std::size_t>(a.into)];
  for (const AggregateValue& v : a.values) {
    const std::string& target = into.attributes[static_cast<std::size_t>(v.target)].name;
    std::string amount = "0";
    if (v.function == AggregateFunction::kCount) {
      amount = sign > 0 ? "1" : "-1";
    } else if (v.function == AggregateFunction::kJoined) {
      amount = sign > 0 && joins ? "1" : "0";
    } else if (v.function == AggregateFunction::kSum) {
      auto value =
          NumberOf(record, of.attributes[static_cast<std::size_t>(v.source)].name).value_or("0");
      if (sign < 0) {
        auto negated = sim::Number::Subtract("0", value);
        value = negated.ok() ? negated.value() : "0";
      }
      amount = value;
    }
    Add(p, target, amount);
  }
}

}  // namespace

std::vector<GroupAdd> PlanGroupAdds(const Model& model, const KeyLayout& layout,
                                    const std::vector<int>& aggregates,
                                    const AggregateChange& change) {
  std::vector<PendingAdd> pending;
  // The item of shard `shard` of the group `identity` (shard 0, the `into` item, unsharded).
  auto item_of = [&](int aggregate, const sim::Item& identity, int shard) -> PendingAdd* {
    auto key = GroupShardKey(model, layout, aggregate, identity, shard);
    if (!key) return nullptr;
    const std::string text = GroupItemKeyText(layout, *key);
    for (PendingAdd& p : pending)
      if (GroupItemKeyText(layout, p.key) == text) return &p;
    const AggregateLayout& al = layout.aggregates[static_cast<std::size_t>(aggregate)];
    const AggregateDecl& a = model.aggregates[static_cast<std::size_t>(al.aggregate_id)];
    pending.push_back(
        PendingAdd{std::move(*key), identity, {}, a.into, al.target_type, false, aggregate, shard});
    return &pending.back();
  };
  for (int aggregate : aggregates) {
    if (!KeptByAdd(model, layout, aggregate)) continue;
    const AggregateDecl& a = model.aggregates[static_cast<std::size_t>(
        layout.aggregates[static_cast<std::size_t>(aggregate)].aggregate_id)];
    std::optional<sim::Item> left =
        change.before ? GroupOf(model, a, *change.before) : std::nullopt;
    std::optional<sim::Item> joined =
        change.after ? GroupOf(model, a, *change.after) : std::nullopt;
    // A sharded group takes each change on the shard the item hashes to (GroupShardOf: the same
    // shard for every change of one item, so what it put in is taken out there).
    const int left_shard = left ? GroupShardOf(model, layout, aggregate, *change.before) : 0;
    const int joined_shard = joined ? GroupShardOf(model, layout, aggregate, *change.after) : 0;
    const bool same_group = left && joined && *left == *joined;
    if (left) {
      // An update within the group: what the item held taken out, what it holds put in (the
      // item does not join it again).
      if (PendingAdd* p = item_of(aggregate, *left, left_shard)) {
        Contribution(model, a, *change.before, -1, false, *p);
        if (same_group && joined_shard == left_shard)
          Contribution(model, a, *change.after, +1, false, *p);
      }
    }
    if (joined && !(same_group && joined_shard == left_shard)) {
      if (PendingAdd* p = item_of(aggregate, *joined, joined_shard)) {
        // Moving between the group's shards, the item stays in the group: no join.
        Contribution(model, a, *change.after, +1, !same_group, *p);
        p->joined = p->joined || !same_group;
      }
    }
  }
  std::vector<GroupAdd> out;
  for (PendingAdd& p : pending) {
    // Nothing changes (an update within the group that leaves every value as it was, an item
    // without a summed value leaving): no write. A group an item joins is written even so: a new
    // group's item is made with its values.
    if (!p.joined && std::all_of(p.amounts.begin(), p.amounts.end(), [](const auto& t) {
          return sim::Number::Compare(t.second, "0") == 0;
        }))
      continue;
    GroupAdd g;
    g.key = std::move(p.key);
    std::vector<std::string> adds, sets;
    for (const auto& [target, amount] : p.amounts) {
      std::string n = fmt::format("#ga{}", adds.size());
      std::string v = fmt::format(":ga{}", adds.size());
      g.names[n] = target;
      g.values[v] = sim::AttributeValue::N(amount);
      adds.push_back(n + " " + v);
    }
    // Every write bumps the version a whole-item Put of the item (a stream-kept aggregate's
    // consumer, a counter draw's reader) is conditioned on, so that one which read the item
    // before this update reads it again rather than put the old values back.
    g.names["#aggv"] = kAggregateVersionAttribute;
    g.values[":aggone"] = sim::AttributeValue::N("1");
    adds.push_back("#aggv :aggone");
    // The attributes of `item` an ADD leaves alone (not its keys, not an amount, not `skip`),
    // each set only when absent: what a new item holds, never changed after.
    auto set_if_absent = [&](const sim::Item& item, std::string_view skip) {
      for (const auto& [name, value] : item) {
        if (name == layout.partition_key || name == layout.sort_key || name == skip) continue;
        if (std::any_of(p.amounts.begin(), p.amounts.end(),
                        [&](const auto& t) { return t.first == name; }))
          continue;
        std::string n = fmt::format("#gs{}", sets.size());
        std::string v = fmt::format(":gs{}", sets.size());
        g.names[n] = name;
        g.values[v] = value;
        sets.push_back(fmt::format("{0} = if_not_exists({0}, {1})", n, v));
      }
    };
    if (p.shard > 0) {
      // A shard item s > 0 (AggregateLayout::shards): the first ADD to it makes it, with its
      // type, shard number and the group's identifier set only when absent (they never change),
      // and no condition: reads reach it through the `into` item, which the application makes
      // (KeptByAdd), so a shard item of a group with no `into` item is never read. Checking that
      // item here (a ConditionCheck) would be billed as a write of it on every call
      // (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/transaction-apis.html#transaction-capacity-handling),
      // which is what the shards spread away from
      // (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/bp-partition-key-sharding.html).
      set_if_absent(GroupShardItem(model, layout, p.aggregate, p.identity, p.shard, sim::Item{}),
                    "");
      g.update = fmt::format("SET {} ADD {}", fmt::join(sets, ", "), fmt::join(adds, ", "));
      out.push_back(std::move(g));
      continue;
    }
    if (ApplicationMakesItems(model, p.into)) {
      // The application makes and deletes the group items (a post carrying its like count): the
      // item must exist. An UpdateItem on a missing item would make one
      // (https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_UpdateItem.html),
      // a post with only its likes, so the update is conditioned on the key attribute's
      // existence and a write naming a post never made, or deleted, is refused with its
      // transaction. ADD on a missing number (an item made before the aggregate) starts it at 0
      // (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Expressions.UpdateExpressions.html#Expressions.UpdateExpressions.ADD).
      g.names["#pk"] = layout.partition_key;
      g.condition = "attribute_exists(#pk)";
      g.update = fmt::format("ADD {}", fmt::join(adds, ", "));
      out.push_back(std::move(g));
      continue;
    }
    // ADD on a missing item creates it with the request's key
    // (https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_UpdateItem.html:
    // "Edits an existing item's attributes, or adds a new item to the table if it does not
    // already exist"), and ADD on a missing number starts it at 0. The new item's other
    // attributes (its type, the group's identifier, index keys, the other aggregates' values
    // at 0) are what the item of an empty group holds: set only when absent, as they are the
    // group's own and never change.
    sim::Item empty = p.identity;
    StartGroupValues(model, p.into, empty);
    std::vector<sim::Item> items = RenderItems(model, layout, p.target_type, Record{{empty}});
    if (!items.empty()) set_if_absent(items.front(), kAggregateVersionAttribute);
    if (!sets.empty()) g.update = fmt::format("SET {} ", fmt::join(sets, ", "));
    g.update += fmt::format("ADD {}", fmt::join(adds, ", "));
    out.push_back(std::move(g));
  }
  return out;
}

}  // namespace model::exec
