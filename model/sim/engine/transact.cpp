// TransactWriteItems and TransactGetItems (see database.h, transact.h).
//
// Phase 1 validates every action without touching data (a static error is a plain
// ValidationException). Phase 2, inside one SQLite transaction, loads each item, evaluates its
// condition and computes its new state; any failure cancels all actions with
// TransactionCanceledException and one reason per action. Phase 3 applies and commits.
#include "model/sim/api/transact.h"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <set>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "model/sim/engine/database.h"
#include "model/sim/engine/table_common.h"
#include "model/sim/engine/table_keys.h"
#include "model/sim/engine/table_store.h"
#include "model/sim/engine/table_write.h"
#include "model/sim/storage/sqlite_db.h"

namespace sim {
namespace {

enum class ActionKind { kConditionCheck, kPut, kDelete, kUpdate };

// One validated action.
struct Action {
  ActionKind kind = ActionKind::kPut;
  const std::string* table_name = nullptr;
  TableStore* store = nullptr;
  const Item* item = nullptr;  // Put: the item; others: the key
  std::optional<Condition> condition;
  std::optional<UpdateProgram> update;
  ReturnValuesOnConditionCheckFailure on_failure = ReturnValuesOnConditionCheckFailure::kNone;
  WritePlan plan;
};

// The (table, partition key bytes, sort key bytes) of every action so far: no two may match.
using SeenKeys = std::set<std::tuple<std::string, std::string, std::string>>;

// A phase 2 verdict that cancels the transaction.
struct Cancellation {
  CancellationReason reason;
  // The only reason the cancellation gives (every other action's is "None"), and no further
  // action is planned.
  bool sole = false;
};

Error CountError(std::size_t count) {
  if (count == 0) {
    return Error::Validation(
        "1 validation error detected: Value '[]' at 'transactItems' failed to satisfy "
        "constraint: Member must have length greater than or equal to 1");
  }
  return Error::Validation(fmt::format(
      "1 validation error detected: Value '[{} items]' at 'transactItems' failed to satisfy "
      "constraint: Member must have length less than or equal to {}",
      count, kTransactMaxItems));
}

Error MultipleOperations() {
  return Error::Validation("Transaction request cannot include multiple operations on one item");
}

// The members every kind of action shares, and what the expressions refer to.
struct ActionMembers {
  const std::string* condition_expression = nullptr;
  const ExpressionAttributeNames* names = nullptr;
  const ExpressionAttributeValues* values = nullptr;
};

template <typename Member>
ActionMembers Members(ActionKind kind, const Member& member, const Item& item, Action* a) {
  a->kind = kind;
  a->table_name = &member.table_name;
  a->item = &item;
  a->on_failure = member.return_values_on_condition_check_failure;
  return ActionMembers{&member.condition_expression, &member.expression_attribute_names,
                       &member.expression_attribute_values};
}

// Phase 1 for one action, before its table is looked up: exactly one member, a valid table
// name, its expressions parsed with every placeholder used, a Put's item within the size limit.
[[nodiscard]] SimStatus ParseAction(const TransactWriteItem& t, Action* a) {
  const int members = t.condition_check.has_value() + t.put.has_value() + t.delete_.has_value() +
                      t.update.has_value();
  if (members != 1) {
    return Error::Validation("TransactItems can only contain one of Check, Put, Update or Delete");
  }
  ActionMembers m;
  if (t.condition_check) {
    m = Members(ActionKind::kConditionCheck, *t.condition_check, t.condition_check->key, a);
    if (m.condition_expression->empty()) {
      return Error::Validation(
          "The ConditionExpression parameter is required for a ConditionCheck");
    }
  } else if (t.put) {
    m = Members(ActionKind::kPut, *t.put, t.put->item, a);
  } else if (t.delete_) {
    m = Members(ActionKind::kDelete, *t.delete_, t.delete_->key, a);
  } else {
    m = Members(ActionKind::kUpdate, *t.update, t.update->key, a);
  }
  if (auto error = TableNameError(*a->table_name)) return *error;
  const bool has_update = t.update && !t.update->update_expression.empty();
  const bool has_expression = !m.condition_expression->empty() || has_update;
  if (SimStatus s = CheckExpressionMaps(has_expression, *m.names, *m.values); !s.ok()) {
    return s.error();
  }
  ExpressionAttributes attributes(m.names, m.values);
  if (has_update) {
    SimResult<UpdateProgram> parsed = ParseUpdate(t.update->update_expression, attributes);
    if (!parsed.ok()) return parsed.error();
    a->update = std::move(*parsed);
  }
  auto condition = ParseOptionalCondition(*m.condition_expression, attributes);
  if (!condition.ok()) return condition.error();
  a->condition = std::move(*condition);
  if (SimStatus s = attributes.CheckAllUsed(); !s.ok()) return s.error();
  if (a->kind == ActionKind::kPut && NestedTooDeep(*a->item)) {
    return Error::Validation(kNestingLimitMessage);
  }
  if (a->kind == ActionKind::kPut && ItemSize(*a->item) > kMaxItemBytes) {
    return Error::Validation("Item size has exceeded the maximum allowed size");
  }
  return Ok{};
}

// Phase 1's rest, once `a->store` is found: the action's key (and a Put's index keys), which no
// earlier action may name; the write plan's identity.
[[nodiscard]] SimStatus KeyAction(SeenKeys* seen, Action* a) {
  const TableSchema& schema = a->store->schema();
  SimResult<KeyBytes> key =
      a->kind == ActionKind::kPut ? ItemKey(schema, *a->item) : RequestKey(schema, *a->item);
  if (!key.ok()) return key.error();
  if (a->kind == ActionKind::kPut) {
    if (SimStatus s = CheckIndexKeys(schema, *a->item); !s.ok()) return s.error();
  }
  if (!seen->emplace(schema.name, key->pk, key->sk).second) return MultipleOperations();
  a->plan.store = a->store;
  a->plan.transactional = true;
  a->plan.key = std::move(*key);
  a->plan.partition_value = a->item->at(schema.partition.name);
  return Ok{};
}

// An Update action's new item (from the old one, or from the key when there is none) into
// `a->plan.owned_new`, or why it cancels the transaction.
[[nodiscard]] SimResult<std::optional<Cancellation>> PlanUpdatedItem(Action* a) {
  WritePlan& plan = a->plan;
  const Item& base = plan.old_item ? *plan.old_item : *a->item;
  if (a->update) {
    // An update of a key attribute (whose condition held) cancels the transaction with that
    // action's ValidationError as the only reason, whatever conditions failed before it
    // (DynamoDB Local's behaviour).
    const TableSchema& schema = a->store->schema();
    std::vector<std::string> key_names{schema.partition.name};
    if (schema.sort) key_names.push_back(schema.sort->name);
    if (SimStatus s = a->update->CheckKeyNotUpdated(key_names); !s.ok()) {
      return std::optional<Cancellation>(Cancellation{
          CancellationReason{"ValidationError", s.error().message, std::nullopt}, true});
    }
    SimResult<UpdateOutcome> outcome = a->update->Apply(base);
    if (!outcome.ok()) {
      // An update that cannot apply to its item (a path that does not fit it, an operand of
      // the wrong type, a missing attribute in arithmetic) fails the whole request with a
      // ValidationException, whatever the other actions' conditions said; only an update of a
      // key attribute is a cancellation reason (DynamoDB Local's behaviour).
      return outcome.error();
    }
    plan.owned_new = std::move(outcome->item);
    if (NestedTooDeep(plan.owned_new)) return Error::Validation(kNestingLimitMessage);
  } else {
    plan.owned_new = base;
  }
  plan.new_item = &plan.owned_new;
  plan.new_size = ItemSize(plan.owned_new);
  if (plan.new_size > kMaxItemBytes) {
    return std::optional<Cancellation>(Cancellation{CancellationReason{
        "ValidationError", "Item size to update has exceeded the maximum allowed size",
        std::nullopt}});
  }
  if (SimStatus s = CheckIndexKeys(a->store->schema(), plan.owned_new); !s.ok()) {
    return std::optional<Cancellation>(
        Cancellation{CancellationReason{"ValidationError", s.error().message, std::nullopt}});
  }
  return std::optional<Cancellation>();
}

// Phase 2 for one action, inside the transaction: loads its item, evaluates its condition
// against it and plans its write; nullopt when the action can go ahead.
[[nodiscard]] SimResult<std::optional<Cancellation>> PlanAction(Action* a,
                                                                std::int64_t collection_limit) {
  WritePlan& plan = a->plan;
  if (SimStatus s = LoadOldItem(&plan); !s.ok()) return s.error();
  if (a->condition && !a->condition->Evaluate(plan.old_item ? *plan.old_item : EmptyItem())) {
    Error failed = ConditionFailed(a->on_failure, plan.old_item);
    return std::optional<Cancellation>(
        Cancellation{CancellationReason{"ConditionalCheckFailed", failed.message, failed.item}});
  }
  if (a->kind == ActionKind::kPut) {
    plan.new_item = a->item;
    plan.new_size = ItemSize(*a->item);
  } else if (a->kind == ActionKind::kUpdate) {
    SimResult<std::optional<Cancellation>> updated = PlanUpdatedItem(a);
    if (!updated.ok() || updated->has_value()) return updated;
  }
  if (a->kind == ActionKind::kConditionCheck) return std::optional<Cancellation>();
  if (SimStatus s = PlanWrite(&plan, collection_limit); !s.ok()) {
    if (s.error().name != "ItemCollectionSizeLimitExceededException") return s.error();
    return std::optional<Cancellation>(Cancellation{
        CancellationReason{"ItemCollectionSizeLimitExceeded", s.error().message, std::nullopt}});
  }
  return std::optional<Cancellation>();
}

// The TransactionCanceledException for `reasons`, after charging every action the
// (transactional) write capacity a cancelled transaction still consumes.
Error Cancel(std::vector<Action>& actions, std::vector<CancellationReason> reasons) {
  std::string codes;
  for (const CancellationReason& r : reasons) codes += (codes.empty() ? "" : ", ") + r.code;
  for (Action& a : actions) {
    ChargeFailedWrite(a.store, a.plan.key, a.plan.partition_value, a.plan.old_size,
                      a.kind == ActionKind::kPut ? ItemSize(*a.item) : 0, true);
  }
  return Error{"TransactionCanceledException",
               fmt::format("Transaction cancelled, please refer cancellation reasons for "
                           "specific reasons [{}]",
                           codes),
               std::nullopt, std::move(reasons)};
}

// After the commit: every write counted, every action metered (a ConditionCheck as a
// transactional write-side check of the item it names), the capacity rendered per table.
TransactWriteItemsResponse FinishActions(std::vector<Action>& actions,
                                         ReturnConsumedCapacity mode) {
  std::map<std::string, CapacityMeter> meters;
  for (Action& a : actions) {
    const std::string& name = a.store->schema().name;
    CapacityMeter& meter = meters.try_emplace(name, name).first->second;
    if (a.kind == ActionKind::kConditionCheck) {
      meter.AddWrite(
          "", true,
          ChargeFailedWrite(a.store, a.plan.key, a.plan.partition_value, a.plan.old_size, 0, true));
      continue;
    }
    FinishWrite(a.plan);
    MeterWrite(a.plan, &meter);
  }
  TransactWriteItemsResponse response;
  for (const auto& [name, meter] : meters) {
    if (auto rendered = meter.Render(mode))
      response.consumed_capacity.push_back(std::move(*rendered));
  }
  return response;
}

}  // namespace

SimResult<TransactWriteItemsResponse> Database::TransactWriteItems(
    const TransactWriteItemsRequest& request) {
  const std::size_t n = request.transact_items.size();
  if (n == 0 || n > kTransactMaxItems) return CountError(n);
  if (auto replay = ReplayTransaction(request)) return std::move(*replay);

  // Phase 1: static validation of every action, then (AWS's order: a bad parameter anywhere is
  // a ValidationException before any missing table is a ResourceNotFoundException) the tables.
  std::vector<Action> actions(n);
  SeenKeys seen;
  for (std::size_t i = 0; i < n; ++i) {
    if (SimStatus s = ParseAction(request.transact_items[i], &actions[i]); !s.ok()) {
      return s.error();
    }
  }
  for (std::size_t i = 0; i < n; ++i) {
    Action& a = actions[i];
    a.store = Find(*a.table_name);
    if (a.store == nullptr) return Error::ResourceNotFound();
    if (SimStatus s = KeyAction(&seen, &a); !s.ok()) return s.error();
  }

  // Phase 2: conditions and new states against the state before the transaction.
  Transaction txn(db_.get());
  if (SimStatus s = txn.Begin(); !s.ok()) return s.error();
  std::vector<CancellationReason> reasons(n, CancellationReason{"None", "", std::nullopt});
  bool cancelled = false;
  for (std::size_t i = 0; i < n; ++i) {
    SimResult<std::optional<Cancellation>> verdict =
        PlanAction(&actions[i], options_.item_collection_limit_bytes);
    if (!verdict.ok()) return verdict.error();
    if (!verdict->has_value()) continue;
    cancelled = true;
    if ((*verdict)->sole) {
      std::fill(reasons.begin(), reasons.end(), CancellationReason{"None", "", std::nullopt});
      reasons[i] = std::move((*verdict)->reason);
      break;
    }
    reasons[i] = std::move((*verdict)->reason);
  }
  if (cancelled) {
    txn.Rollback();
    return Cancel(actions, std::move(reasons));
  }

  // Phase 3: apply and commit.
  for (Action& a : actions) {
    if (a.kind == ActionKind::kConditionCheck) continue;
    if (SimStatus s = ApplyWrite(&a.plan, NowMs()); !s.ok()) return s.error();
  }
  if (SimStatus s = txn.Commit(); !s.ok()) return s.error();
  RecordTransaction(request);
  return FinishActions(actions, request.return_consumed_capacity);
}

SimResult<TransactGetItemsResponse> Database::TransactGetItems(
    const TransactGetItemsRequest& request) {
  const std::size_t n = request.transact_items.size();
  if (n == 0 || n > kTransactMaxItems) return CountError(n);
  struct Get {
    TableStore* store;
    KeyBytes key;
    std::optional<sim::Projection> projection;
  };
  std::vector<Get> gets;
  std::vector<std::optional<sim::Projection>> projections;
  for (const TransactGet& t : request.transact_items) {
    if (auto error = TableNameError(t.table_name)) return *error;
    static const ExpressionAttributeValues kNoValues;
    if (SimStatus s = CheckExpressionMaps(!t.projection_expression.empty(),
                                          t.expression_attribute_names, kNoValues);
        !s.ok()) {
      return s.error();
    }
    ExpressionAttributes attributes(&t.expression_attribute_names, nullptr);
    auto projection = ParseOptionalProjection(t.projection_expression, attributes);
    if (!projection.ok()) return projection.error();
    if (SimStatus s = attributes.CheckAllUsed(); !s.ok()) return s.error();
    projections.push_back(std::move(*projection));
  }
  // Every Get's parameters before any table (AWS's order).
  std::set<std::tuple<std::string, std::string, std::string>> seen;
  for (std::size_t i = 0; i < n; ++i) {
    const TransactGet& t = request.transact_items[i];
    TableStore* store = Find(t.table_name);
    if (store == nullptr) return Error::ResourceNotFound();
    SimResult<KeyBytes> key = RequestKey(store->schema(), t.key);
    if (!key.ok()) return key.error();
    if (!seen.emplace(t.table_name, key->pk, key->sk).second) return MultipleOperations();
    gets.push_back(Get{store, std::move(*key), std::move(projections[i])});
  }
  // One SQLite transaction gives every read the same snapshot.
  Transaction txn(db_.get());
  if (SimStatus s = txn.Begin(); !s.ok()) return s.error();
  TransactGetItemsResponse response;
  std::map<std::string, CapacityMeter> meters;
  for (std::size_t i = 0; i < n; ++i) {
    Get& g = gets[i];
    auto loaded = LoadItem(g.store, g.key);
    if (!loaded.ok()) return loaded.error();
    const std::int64_t size = loaded->has_value() ? (*loaded)->size : 0;
    const double units = ReadUnits(size, ReadMode::kTransactional);
    const TableSchema& schema = g.store->schema();
    meters.try_emplace(schema.name, schema.name).first->second.AddRead("", true, units);
    g.store->usage().AddRead("", g.key.pk, request.transact_items[i].key.at(schema.partition.name),
                             units);
    ItemResponse item;
    if (loaded->has_value()) {
      item.item = g.projection ? g.projection->Apply((*loaded)->item) : std::move((*loaded)->item);
    }
    response.responses.push_back(std::move(item));
  }
  if (SimStatus s = txn.Commit(); !s.ok()) return s.error();
  for (const auto& [name, meter] : meters) {
    if (auto rendered = meter.Render(request.return_consumed_capacity)) {
      response.consumed_capacity.push_back(std::move(*rendered));
    }
  }
  return response;
}

}  // namespace sim
