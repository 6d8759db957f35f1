// PutItem, GetItem, UpdateItem and DeleteItem (see database.h, table_ops.h). Validation runs in
// AWS's order: parameter constraints, checks that need no table (expressions, item size), table
// existence, then the schema-dependent key checks.
#include "model/sim/api/item_ops.h"

#include <algorithm>
#include <utility>

#include "model/sim/engine/database.h"
#include "model/sim/engine/table_common.h"
#include "model/sim/engine/table_keys.h"
#include "model/sim/engine/table_store.h"
#include "model/sim/engine/table_write.h"
#include "model/sim/storage/sqlite_db.h"

namespace sim {
namespace {

constexpr const char* kOldOrNone = "ReturnValues can only be ALL_OLD or NONE";

// The attributes of `item` named in `names` (UPDATED_OLD / UPDATED_NEW), or nullopt if none.
// An attribute the update reached only inside (`REMOVE l[0]`, `SET m.x`) is left out when it
// is an empty list or map, as DynamoDB Local answers.
std::optional<Item> Pick(const Item& item, const std::vector<std::string>& names,
                         const std::vector<std::string>& nested_only) {
  Item out;
  for (const std::string& name : names) {
    auto it = item.find(name);
    if (it == item.end()) continue;
    const AttributeValue& v = it->second;
    const bool empty_container =
        (v.is(ValueType::kL) && v.list().empty()) || (v.is(ValueType::kM) && v.map().empty());
    if (empty_container && std::binary_search(nested_only.begin(), nested_only.end(), name)) {
      continue;
    }
    out.insert(*it);
  }
  if (out.empty()) return std::nullopt;
  return out;
}

// PutItem's and DeleteItem's checks before the table is looked up, in AWS's order: the table
// name, ReturnValues (NONE or ALL_OLD only), the placeholder maps, the ConditionExpression and
// that every placeholder is used. Returns the parsed condition (nullopt when there is none).
SimResult<std::optional<Condition>> CheckPutOrDelete(const std::string& table_name,
                                                     ReturnValues return_values,
                                                     const std::string& condition_expression,
                                                     const ExpressionAttributeNames& names,
                                                     const ExpressionAttributeValues& values) {
  if (auto error = TableNameError(table_name)) return *error;
  if (return_values != ReturnValues::kNone && return_values != ReturnValues::kAllOld) {
    return Error::Validation(kOldOrNone);
  }
  if (SimStatus s = CheckExpressionMaps(!condition_expression.empty(), names, values); !s.ok()) {
    return s.error();
  }
  ExpressionAttributes attributes(&names, &values);
  auto condition = ParseOptionalCondition(condition_expression, attributes);
  if (!condition.ok()) return condition.error();
  if (SimStatus s = attributes.CheckAllUsed(); !s.ok()) return s.error();
  return condition;
}

// A plan for the write of the item under `key` in `store`, with the item stored there now (if
// any) as its old item; inside the caller's transaction.
SimResult<WritePlan> StartWrite(TableStore* store, KeyBytes key, AttributeValue partition_value) {
  WritePlan plan;
  plan.store = store;
  plan.key = std::move(key);
  plan.partition_value = std::move(partition_value);
  if (SimStatus s = LoadOldItem(&plan); !s.ok()) return s.error();
  return plan;
}

// ConditionalCheckFailedException when `condition` is false on the plan's old item, after
// charging the write units a failed write still consumes (`new_size`: the item it would have
// written); nullopt when there is no condition or it holds.
std::optional<Error> FailedCondition(const std::optional<Condition>& condition,
                                     const WritePlan& plan, std::int64_t new_size,
                                     ReturnValuesOnConditionCheckFailure on_failure) {
  if (!condition || condition->Evaluate(plan.old_item ? *plan.old_item : EmptyItem())) {
    return std::nullopt;
  }
  ChargeFailedWrite(plan.store, plan.key, plan.partition_value, plan.old_size, new_size, false);
  return ConditionFailed(on_failure, plan.old_item);
}

}  // namespace

SimResult<PutItemResponse> Database::PutItem(const PutItemRequest& request) {
  auto condition =
      CheckPutOrDelete(request.table_name, request.return_values, request.condition_expression,
                       request.expression_attribute_names, request.expression_attribute_values);
  if (!condition.ok()) return condition.error();
  if (NestedTooDeep(request.item)) return Error::Validation(kNestingLimitMessage);
  const std::int64_t size = ItemSize(request.item);
  if (size > kMaxItemBytes) {
    return Error::Validation("Item size has exceeded the maximum allowed size");
  }
  TableStore* store = Find(request.table_name);
  if (store == nullptr) return Error::ResourceNotFound();
  const TableSchema& schema = store->schema();
  SimResult<KeyBytes> key = ItemKey(schema, request.item);
  if (!key.ok()) return key.error();
  if (SimStatus s = CheckIndexKeys(schema, request.item); !s.ok()) return s.error();

  Transaction txn(db_.get());
  if (SimStatus s = txn.Begin(); !s.ok()) return s.error();
  SimResult<WritePlan> started =
      StartWrite(store, std::move(*key), request.item.at(schema.partition.name));
  if (!started.ok()) return started.error();
  WritePlan& plan = *started;
  if (auto failed = FailedCondition(*condition, plan, size,
                                    request.return_values_on_condition_check_failure)) {
    return *failed;
  }
  plan.new_item = &request.item;
  plan.new_size = size;
  if (SimStatus s = PlanAndApplyWrite(&plan, options_.item_collection_limit_bytes, NowMs());
      !s.ok()) {
    return s.error();
  }
  if (SimStatus s = txn.Commit(); !s.ok()) return s.error();
  FinishWrite(plan);

  PutItemResponse response;
  if (request.return_values == ReturnValues::kAllOld)
    response.attributes = std::move(plan.old_item);
  CapacityMeter meter(schema.name);
  MeterWrite(plan, &meter);
  response.consumed_capacity = meter.Render(request.return_consumed_capacity);
  return response;
}

SimResult<GetItemResponse> Database::GetItem(const GetItemRequest& request) {
  if (auto error = TableNameError(request.table_name)) return *error;
  static const ExpressionAttributeValues kNoValues;
  if (SimStatus s = CheckExpressionMaps(!request.projection_expression.empty(),
                                        request.expression_attribute_names, kNoValues);
      !s.ok()) {
    return s.error();
  }
  ExpressionAttributes attributes(&request.expression_attribute_names, nullptr);
  auto projection = ParseOptionalProjection(request.projection_expression, attributes);
  if (!projection.ok()) return projection.error();
  if (SimStatus s = attributes.CheckAllUsed(); !s.ok()) return s.error();
  TableStore* store = Find(request.table_name);
  if (store == nullptr) return Error::ResourceNotFound();
  const TableSchema& schema = store->schema();
  SimResult<KeyBytes> key = RequestKey(schema, request.key);
  if (!key.ok()) return key.error();
  auto loaded = LoadItem(store, *key);
  if (!loaded.ok()) return loaded.error();

  const std::int64_t size = loaded->has_value() ? (*loaded)->size : 0;
  const double units =
      ReadUnits(size, request.consistent_read ? ReadMode::kStrong : ReadMode::kEventual);
  store->usage().AddRead("", key->pk, request.key.at(schema.partition.name), units);
  GetItemResponse response;
  if (loaded->has_value()) {
    response.item =
        *projection ? (*projection)->Apply((*loaded)->item) : std::move((*loaded)->item);
  }
  CapacityMeter meter(schema.name);
  meter.AddRead("", true, units);
  response.consumed_capacity = meter.Render(request.return_consumed_capacity);
  return response;
}

SimResult<UpdateItemResponse> Database::UpdateItem(const UpdateItemRequest& request) {
  if (auto error = TableNameError(request.table_name)) return *error;
  if (SimStatus s = CheckExpressionMaps(
          !request.condition_expression.empty() || !request.update_expression.empty(),
          request.expression_attribute_names, request.expression_attribute_values);
      !s.ok()) {
    return s.error();
  }
  ExpressionAttributes attributes(&request.expression_attribute_names,
                                  &request.expression_attribute_values);
  std::optional<UpdateProgram> update;
  if (!request.update_expression.empty()) {
    SimResult<UpdateProgram> parsed = ParseUpdate(request.update_expression, attributes);
    if (!parsed.ok()) return parsed.error();
    update = std::move(*parsed);
  }
  auto condition = ParseOptionalCondition(request.condition_expression, attributes);
  if (!condition.ok()) return condition.error();
  if (SimStatus s = attributes.CheckAllUsed(); !s.ok()) return s.error();
  TableStore* store = Find(request.table_name);
  if (store == nullptr) return Error::ResourceNotFound();
  const TableSchema& schema = store->schema();
  SimResult<KeyBytes> key = RequestKey(schema, request.key);
  if (!key.ok()) return key.error();
  std::vector<std::string> key_names{schema.partition.name};
  if (schema.sort) key_names.push_back(schema.sort->name);

  Transaction txn(db_.get());
  if (SimStatus s = txn.Begin(); !s.ok()) return s.error();
  SimResult<WritePlan> started =
      StartWrite(store, std::move(*key), request.key.at(schema.partition.name));
  if (!started.ok()) return started.error();
  WritePlan& plan = *started;
  if (auto failed =
          FailedCondition(*condition, plan, 0, request.return_values_on_condition_check_failure)) {
    return *failed;
  }
  const Item& base = plan.old_item ? *plan.old_item : request.key;
  std::vector<std::string> changed, nested_only;
  // The condition comes first: an update of a key attribute whose condition fails is a
  // ConditionalCheckFailedException (DynamoDB Local's order).
  if (update) {
    if (SimStatus s = update->CheckKeyNotUpdated(key_names); !s.ok()) return s.error();
  }
  if (update) {
    SimResult<UpdateOutcome> outcome = update->Apply(base);
    if (!outcome.ok()) return outcome.error();
    plan.owned_new = std::move(outcome->item);
    // SET a.b = :v can nest a value deeper than any value sent.
    if (NestedTooDeep(plan.owned_new)) return Error::Validation(kNestingLimitMessage);
    changed = update->target_top_level_names();
    nested_only = update->nested_only_names();
  } else {
    plan.owned_new = base;
  }
  plan.new_item = &plan.owned_new;
  plan.new_size = ItemSize(plan.owned_new);
  if (plan.new_size > kMaxItemBytes) {
    return Error::Validation("Item size to update has exceeded the maximum allowed size");
  }
  if (SimStatus s = CheckIndexKeys(schema, plan.owned_new); !s.ok()) return s.error();
  if (SimStatus s = PlanAndApplyWrite(&plan, options_.item_collection_limit_bytes, NowMs());
      !s.ok()) {
    return s.error();
  }
  if (SimStatus s = txn.Commit(); !s.ok()) return s.error();
  FinishWrite(plan);

  UpdateItemResponse response;
  switch (request.return_values) {
    case ReturnValues::kNone:
      break;
    case ReturnValues::kAllOld:
      response.attributes = plan.old_item;
      break;
    case ReturnValues::kAllNew:
      response.attributes = plan.owned_new;
      break;
    case ReturnValues::kUpdatedOld:
      if (plan.old_item) response.attributes = Pick(*plan.old_item, changed, nested_only);
      break;
    case ReturnValues::kUpdatedNew:
      response.attributes = Pick(plan.owned_new, changed, nested_only);
      break;
  }
  CapacityMeter meter(schema.name);
  MeterWrite(plan, &meter);
  response.consumed_capacity = meter.Render(request.return_consumed_capacity);
  return response;
}

SimResult<DeleteItemResponse> Database::DeleteItem(const DeleteItemRequest& request) {
  auto condition =
      CheckPutOrDelete(request.table_name, request.return_values, request.condition_expression,
                       request.expression_attribute_names, request.expression_attribute_values);
  if (!condition.ok()) return condition.error();
  TableStore* store = Find(request.table_name);
  if (store == nullptr) return Error::ResourceNotFound();
  const TableSchema& schema = store->schema();
  SimResult<KeyBytes> key = RequestKey(schema, request.key);
  if (!key.ok()) return key.error();

  Transaction txn(db_.get());
  if (SimStatus s = txn.Begin(); !s.ok()) return s.error();
  SimResult<WritePlan> started =
      StartWrite(store, std::move(*key), request.key.at(schema.partition.name));
  if (!started.ok()) return started.error();
  WritePlan& plan = *started;
  if (auto failed =
          FailedCondition(*condition, plan, 0, request.return_values_on_condition_check_failure)) {
    return *failed;
  }
  if (SimStatus s = PlanAndApplyWrite(&plan, options_.item_collection_limit_bytes, NowMs());
      !s.ok()) {
    return s.error();
  }
  if (SimStatus s = txn.Commit(); !s.ok()) return s.error();
  FinishWrite(plan);

  DeleteItemResponse response;
  if (request.return_values == ReturnValues::kAllOld)
    response.attributes = std::move(plan.old_item);
  CapacityMeter meter(schema.name);
  MeterWrite(plan, &meter);
  response.consumed_capacity = meter.Render(request.return_consumed_capacity);
  return response;
}

}  // namespace sim
