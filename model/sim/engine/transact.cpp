// TransactWriteItems and TransactGetItems (see database.h, transact.h).
//
// Phase 1 validates every action without touching data (a static error is a plain
// ValidationException). Phase 2, inside one SQLite transaction, loads each item, evaluates its
// condition and computes its new state; any failure cancels all actions with
// TransactionCanceledException and one reason per action. Phase 3 applies and commits.
#include "model/sim/api/transact.h"

#include <set>
#include <utility>

#include <fmt/format.h>

#include "model/sim/engine/database.h"
#include "model/sim/storage/sqlite_db.h"
#include "model/sim/engine/table_common.h"
#include "model/sim/engine/table_keys.h"
#include "model/sim/engine/table_store.h"
#include "model/sim/engine/table_write.h"

namespace sim {
namespace {

enum class ActionKind { kConditionCheck, kPut, kDelete, kUpdate };

// One validated action.
struct Action {
  ActionKind kind = ActionKind::kPut;
  TableStore* store = nullptr;
  const Item* item = nullptr;  // Put: the item; others: the key
  std::optional<Condition> condition;
  std::optional<UpdateProgram> update;
  ReturnValuesOnConditionCheckFailure on_failure = ReturnValuesOnConditionCheckFailure::kNone;
  WritePlan plan;
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

}  // namespace

SimResult<TransactWriteItemsResponse> Database::TransactWriteItems(
    const TransactWriteItemsRequest& request) {
  const std::size_t n = request.transact_items.size();
  if (n == 0 || n > kTransactMaxItems) return CountError(n);

  // Phase 1: static validation.
  std::vector<Action> actions(n);
  std::set<std::tuple<std::string, std::string, std::string>> seen;
  for (std::size_t i = 0; i < n; ++i) {
    const TransactWriteItem& t = request.transact_items[i];
    const int members = t.condition_check.has_value() + t.put.has_value() +
                        t.delete_.has_value() + t.update.has_value();
    if (members != 1) {
      return Error::Validation(
          "TransactItems can only contain one of Check, Put, Update or Delete");
    }
    Action& a = actions[i];
    const std::string* table_name = nullptr;
    const std::string* condition_text = nullptr;
    const ExpressionAttributeNames* names = nullptr;
    const ExpressionAttributeValues* values = nullptr;
    if (t.condition_check) {
      a.kind = ActionKind::kConditionCheck;
      table_name = &t.condition_check->table_name;
      a.item = &t.condition_check->key;
      condition_text = &t.condition_check->condition_expression;
      names = &t.condition_check->expression_attribute_names;
      values = &t.condition_check->expression_attribute_values;
      a.on_failure = t.condition_check->return_values_on_condition_check_failure;
      if (condition_text->empty()) {
        return Error::Validation(
            "The ConditionExpression parameter is required for a ConditionCheck");
      }
    } else if (t.put) {
      a.kind = ActionKind::kPut;
      table_name = &t.put->table_name;
      a.item = &t.put->item;
      condition_text = &t.put->condition_expression;
      names = &t.put->expression_attribute_names;
      values = &t.put->expression_attribute_values;
      a.on_failure = t.put->return_values_on_condition_check_failure;
    } else if (t.delete_) {
      a.kind = ActionKind::kDelete;
      table_name = &t.delete_->table_name;
      a.item = &t.delete_->key;
      condition_text = &t.delete_->condition_expression;
      names = &t.delete_->expression_attribute_names;
      values = &t.delete_->expression_attribute_values;
      a.on_failure = t.delete_->return_values_on_condition_check_failure;
    } else {
      a.kind = ActionKind::kUpdate;
      table_name = &t.update->table_name;
      a.item = &t.update->key;
      condition_text = &t.update->condition_expression;
      names = &t.update->expression_attribute_names;
      values = &t.update->expression_attribute_values;
      a.on_failure = t.update->return_values_on_condition_check_failure;
    }
    if (auto error = TableNameError(*table_name)) return *error;
    const bool has_expression =
        !condition_text->empty() || (t.update && !t.update->update_expression.empty());
    if (SimStatus s = CheckExpressionMaps(has_expression, *names, *values); !s.ok()) {
      return s.error();
    }
    ExpressionAttributes attributes(names, values);
    if (t.update && !t.update->update_expression.empty()) {
      SimResult<UpdateProgram> parsed = ParseUpdate(t.update->update_expression, attributes);
      if (!parsed.ok()) return parsed.error();
      a.update = std::move(*parsed);
    }
    auto condition = ParseOptionalCondition(*condition_text, attributes);
    if (!condition.ok()) return condition.error();
    a.condition = std::move(*condition);
    if (SimStatus s = attributes.CheckAllUsed(); !s.ok()) return s.error();
    if (a.kind == ActionKind::kPut && ItemSize(*a.item) > kMaxItemBytes) {
      return Error::Validation("Item size has exceeded the maximum allowed size");
    }
    a.store = Find(*table_name);
    if (a.store == nullptr) return Error::ResourceNotFound();
    const TableSchema& schema = a.store->schema();
    SimResult<KeyBytes> key =
        a.kind == ActionKind::kPut ? ItemKey(schema, *a.item) : RequestKey(schema, *a.item);
    if (!key.ok()) return key.error();
    if (a.kind == ActionKind::kPut) {
      if (SimStatus s = CheckIndexKeys(schema, *a.item); !s.ok()) return s.error();
    }
    if (!seen.emplace(schema.name, key->pk, key->sk).second) return MultipleOperations();
    a.plan.store = a.store;
    a.plan.transactional = true;
    a.plan.key = std::move(*key);
    a.plan.partition_value = a.item->at(schema.partition.name);
  }

  // Phase 2: conditions and new states against the state before the transaction.
  Transaction txn(db_.get());
  if (SimStatus s = txn.Begin(); !s.ok()) return s.error();
  std::vector<CancellationReason> reasons(n, CancellationReason{"None", "", std::nullopt});
  bool cancelled = false;
  for (std::size_t i = 0; i < n; ++i) {
    Action& a = actions[i];
    WritePlan& plan = a.plan;
    auto old = LoadItem(a.store, plan.key);
    if (!old.ok()) return old.error();
    if (old->has_value()) {
      plan.old_size = (*old)->size;
      plan.old_item = std::move((*old)->item);
    }
    if (a.condition && !a.condition->Evaluate(plan.old_item ? *plan.old_item : EmptyItem())) {
      Error failed = ConditionFailed(a.on_failure, plan.old_item);
      reasons[i] = CancellationReason{"ConditionalCheckFailed", failed.message, failed.item};
      cancelled = true;
      continue;
    }
    if (a.kind == ActionKind::kPut) {
      plan.new_item = a.item;
      plan.new_size = ItemSize(*a.item);
    } else if (a.kind == ActionKind::kUpdate) {
      const Item& base = plan.old_item ? *plan.old_item : *a.item;
      if (a.update) {
        // An update of a key attribute (whose condition held) cancels the transaction with
        // that action's ValidationError as the only reason, whatever conditions failed before
        // it (DynamoDB Local's behaviour).
        const TableSchema& schema = a.store->schema();
        std::vector<std::string> key_names{schema.partition.name};
        if (schema.sort) key_names.push_back(schema.sort->name);
        if (SimStatus s = a.update->CheckKeyNotUpdated(key_names); !s.ok()) {
          std::fill(reasons.begin(), reasons.end(), CancellationReason{"None", "", std::nullopt});
          reasons[i] = CancellationReason{"ValidationError", s.error().message, std::nullopt};
          cancelled = true;
          break;
        }
        SimResult<UpdateOutcome> outcome = a.update->Apply(base);
        if (!outcome.ok()) {
          // An update that cannot apply to its item (a path that does not fit it, an operand
          // of the wrong type, a missing attribute in arithmetic) fails the whole request with
          // a ValidationException, whatever the other actions' conditions said; only an update
          // of a key attribute is a cancellation reason (DynamoDB Local's behaviour).
          return outcome.error();
        }
        plan.owned_new = std::move(outcome->item);
      } else {
        plan.owned_new = base;
      }
      plan.new_item = &plan.owned_new;
      plan.new_size = ItemSize(plan.owned_new);
      if (plan.new_size > kMaxItemBytes) {
        reasons[i] = CancellationReason{
            "ValidationError", "Item size to update has exceeded the maximum allowed size",
            std::nullopt};
        cancelled = true;
        continue;
      }
      if (SimStatus s = CheckIndexKeys(a.store->schema(), plan.owned_new); !s.ok()) {
        reasons[i] = CancellationReason{"ValidationError", s.error().message, std::nullopt};
        cancelled = true;
        continue;
      }
    }
    if (a.kind == ActionKind::kConditionCheck) continue;
    if (SimStatus s = PlanWrite(&plan, options_.item_collection_limit_bytes); !s.ok()) {
      if (s.error().name != "ItemCollectionSizeLimitExceededException") return s.error();
      reasons[i] = CancellationReason{"ItemCollectionSizeLimitExceeded", s.error().message,
                                      std::nullopt};
      cancelled = true;
    }
  }
  if (cancelled) {
    txn.Rollback();
    std::string codes;
    for (const CancellationReason& r : reasons) codes += (codes.empty() ? "" : ", ") + r.code;
    // Cancelled transactions still consume (transactional) write capacity.
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

  // Phase 3: apply and commit.
  for (Action& a : actions) {
    if (a.kind == ActionKind::kConditionCheck) continue;
    if (SimStatus s = ApplyWrite(&a.plan); !s.ok()) return s.error();
  }
  if (SimStatus s = txn.Commit(); !s.ok()) return s.error();
  std::map<std::string, CapacityMeter> meters;
  for (Action& a : actions) {
    const std::string& name = a.store->schema().name;
    CapacityMeter& meter = meters.try_emplace(name, name).first->second;
    if (a.kind == ActionKind::kConditionCheck) {
      // A ConditionCheck is a transactional write-side check of the item it names.
      meter.AddWrite("", true,
                     ChargeFailedWrite(a.store, a.plan.key, a.plan.partition_value,
                                       a.plan.old_size, 0, true));
      continue;
    }
    FinishWrite(a.plan);
    MeterWrite(a.plan, &meter);
  }
  TransactWriteItemsResponse response;
  for (const auto& [name, meter] : meters) {
    if (auto rendered = meter.Render(request.return_consumed_capacity)) {
      response.consumed_capacity.push_back(std::move(*rendered));
    }
  }
  return response;
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
  std::set<std::tuple<std::string, std::string, std::string>> seen;
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
    TableStore* store = Find(t.table_name);
    if (store == nullptr) return Error::ResourceNotFound();
    SimResult<KeyBytes> key = RequestKey(store->schema(), t.key);
    if (!key.ok()) return key.error();
    if (!seen.emplace(t.table_name, key->pk, key->sk).second) return MultipleOperations();
    gets.push_back(Get{store, std::move(*key), std::move(*projection)});
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
    g.store->usage().AddRead("", g.key.pk,
                             request.transact_items[i].key.at(schema.partition.name), units);
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
