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
  friend bool operator==(const TransactConditionCheck&, const TransactConditionCheck&) = default;
};

struct TransactPut {
  std::string table_name;
  Item item;
  std::string condition_expression;
  ExpressionAttributeNames expression_attribute_names;
  ExpressionAttributeValues expression_attribute_values;
  ReturnValuesOnConditionCheckFailure return_values_on_condition_check_failure =
      ReturnValuesOnConditionCheckFailure::kNone;
  friend bool operator==(const TransactPut&, const TransactPut&) = default;
};

struct TransactDelete {
  std::string table_name;
  Item key;
  std::string condition_expression;
  ExpressionAttributeNames expression_attribute_names;
  ExpressionAttributeValues expression_attribute_values;
  ReturnValuesOnConditionCheckFailure return_values_on_condition_check_failure =
      ReturnValuesOnConditionCheckFailure::kNone;
  friend bool operator==(const TransactDelete&, const TransactDelete&) = default;
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
  friend bool operator==(const TransactUpdate&, const TransactUpdate&) = default;
};

// Exactly one member is set.
struct TransactWriteItem {
  std::optional<TransactConditionCheck> condition_check;
  std::optional<TransactPut> put;
  std::optional<TransactDelete> delete_;
  std::optional<TransactUpdate> update;
  friend bool operator==(const TransactWriteItem&, const TransactWriteItem&) = default;
};

struct TransactWriteItemsRequest {
  std::vector<TransactWriteItem> transact_items;
  ReturnConsumedCapacity return_consumed_capacity = ReturnConsumedCapacity::kNone;
  // Idempotency: empty, none. Up to 36 characters. Within 10 minutes of the success of a
  // request with this token, the same transact_items again apply nothing and succeed, with the
  // read capacity of reading the items (transactionally) when capacity is asked for; other
  // transact_items are IdempotentParameterMismatchException. ReturnConsumedCapacity may differ.
  // https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_TransactWriteItems.html
  std::string client_request_token;
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
