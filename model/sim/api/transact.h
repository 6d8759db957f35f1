// TransactWriteItems and TransactGetItems shapes, mirroring DynamoDB's API. A transaction is
// all-or-nothing: every condition is checked against the state before any action applies; any
// failure cancels all of them with TransactionCanceledException and one CancellationReason per
// action in request order (error.h).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "model/sim/api/capacity.h"
#include "model/sim/api/item_ops.h"
#include "model/sim/api/value.h"

namespace sim {

constexpr std::size_t kTransactMaxItems = 100;

struct TransactConditionCheck {
  std::string table_name;
  Item key;
  std::string condition_expression;
  ExpressionAttributeNames expression_attribute_names;
  ExpressionAttributeValues expression_attribute_values;
  ReturnValuesOnConditionCheckFailure return_values_on_condition_check_failure =
      ReturnValuesOnConditionCheckFailure::kNone;
};

struct TransactPut {
  std::string table_name;
  Item item;
  std::string condition_expression;
  ExpressionAttributeNames expression_attribute_names;
  ExpressionAttributeValues expression_attribute_values;
  ReturnValuesOnConditionCheckFailure return_values_on_condition_check_failure =
      ReturnValuesOnConditionCheckFailure::kNone;
};

struct TransactDelete {
  std::string table_name;
  Item key;
  std::string condition_expression;
  ExpressionAttributeNames expression_attribute_names;
  ExpressionAttributeValues expression_attribute_values;
  ReturnValuesOnConditionCheckFailure return_values_on_condition_check_failure =
      ReturnValuesOnConditionCheckFailure::kNone;
};

struct TransactUpdate {
  std::string table_name;
  Item key;
  std::string update_expression;
  std::string condition_expression;
  ExpressionAttributeNames expression_attribute_names;
  ExpressionAttributeValues expression_attribute_values;
  ReturnValuesOnConditionCheckFailure return_values_on_condition_check_failure =
      ReturnValuesOnConditionCheckFailure::kNone;
};

// Exactly one member is set.
struct TransactWriteItem {
  std::optional<TransactConditionCheck> condition_check;
  std::optional<TransactPut> put;
  std::optional<TransactDelete> delete_;
  std::optional<TransactUpdate> update;
};

struct TransactWriteItemsRequest {
  std::vector<TransactWriteItem> transact_items;
  ReturnConsumedCapacity return_consumed_capacity = ReturnConsumedCapacity::kNone;
};

struct TransactWriteItemsResponse {
  std::vector<ConsumedCapacity> consumed_capacity;  // one per table, by table name
};

struct TransactGet {
  std::string table_name;
  Item key;
  std::string projection_expression;
  ExpressionAttributeNames expression_attribute_names;
};

struct TransactGetItemsRequest {
  std::vector<TransactGet> transact_items;
  ReturnConsumedCapacity return_consumed_capacity = ReturnConsumedCapacity::kNone;
};

struct ItemResponse {
  std::optional<Item> item;
};

struct TransactGetItemsResponse {
  std::vector<ItemResponse> responses;  // in request order
  std::vector<ConsumedCapacity> consumed_capacity;
};

}  // namespace sim
