// Request and response shapes of the single-item operations (PutItem, GetItem, UpdateItem,
// DeleteItem), mirroring DynamoDB's API field by field in C++ (snake_case names). A JSON wire
// adapter maps these one to one. Optional expression strings are empty when absent.
#pragma once

#include <map>
#include <optional>
#include <string>

#include "model/sim/api/capacity.h"
#include "model/sim/api/value.h"

namespace sim {

enum class ReturnValues { kNone, kAllOld, kUpdatedOld, kAllNew, kUpdatedNew };
enum class ReturnValuesOnConditionCheckFailure { kNone, kAllOld };

const char* ReturnValuesName(ReturnValues v);  // "NONE", "ALL_OLD", ...
std::optional<ReturnValues> ReturnValuesFromName(std::string_view name);

using ExpressionAttributeNames = std::map<std::string, std::string>;
using ExpressionAttributeValues = std::map<std::string, AttributeValue>;

struct PutItemRequest {
  std::string table_name;
  Item item;
  std::string condition_expression;
  ExpressionAttributeNames expression_attribute_names;
  ExpressionAttributeValues expression_attribute_values;
  ReturnValues return_values = ReturnValues::kNone;  // NONE or ALL_OLD
  ReturnConsumedCapacity return_consumed_capacity = ReturnConsumedCapacity::kNone;
  ReturnValuesOnConditionCheckFailure return_values_on_condition_check_failure =
      ReturnValuesOnConditionCheckFailure::kNone;
};

struct PutItemResponse {
  std::optional<Item> attributes;
  std::optional<ConsumedCapacity> consumed_capacity;
};

struct GetItemRequest {
  std::string table_name;
  Item key;
  bool consistent_read = false;
  std::string projection_expression;
  ExpressionAttributeNames expression_attribute_names;
  ReturnConsumedCapacity return_consumed_capacity = ReturnConsumedCapacity::kNone;
};

struct GetItemResponse {
  std::optional<Item> item;  // absent when no item has the key
  std::optional<ConsumedCapacity> consumed_capacity;
};

struct UpdateItemRequest {
  std::string table_name;
  Item key;
  std::string update_expression;
  std::string condition_expression;
  ExpressionAttributeNames expression_attribute_names;
  ExpressionAttributeValues expression_attribute_values;
  ReturnValues return_values = ReturnValues::kNone;
  ReturnConsumedCapacity return_consumed_capacity = ReturnConsumedCapacity::kNone;
  ReturnValuesOnConditionCheckFailure return_values_on_condition_check_failure =
      ReturnValuesOnConditionCheckFailure::kNone;
};

struct UpdateItemResponse {
  std::optional<Item> attributes;
  std::optional<ConsumedCapacity> consumed_capacity;
};

struct DeleteItemRequest {
  std::string table_name;
  Item key;
  std::string condition_expression;
  ExpressionAttributeNames expression_attribute_names;
  ExpressionAttributeValues expression_attribute_values;
  ReturnValues return_values = ReturnValues::kNone;  // NONE or ALL_OLD
  ReturnConsumedCapacity return_consumed_capacity = ReturnConsumedCapacity::kNone;
  ReturnValuesOnConditionCheckFailure return_values_on_condition_check_failure =
      ReturnValuesOnConditionCheckFailure::kNone;
};

struct DeleteItemResponse {
  std::optional<Item> attributes;
  std::optional<ConsumedCapacity> consumed_capacity;
};

}  // namespace sim
