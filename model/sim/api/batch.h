// BatchGetItem and BatchWriteItem shapes, mirroring DynamoDB's API. In process every request is
// processed in full, so UnprocessedKeys/UnprocessedItems always come back empty; the fields are
// kept so callers written against DynamoDB's contract keep working.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "model/sim/api/capacity.h"
#include "model/sim/api/item_ops.h"
#include "model/sim/api/value.h"

namespace sim {

constexpr std::size_t kBatchGetMaxKeys = 100;
constexpr std::size_t kBatchWriteMaxItems = 25;

struct KeysAndAttributes {
  std::vector<Item> keys;
  bool consistent_read = false;
  std::string projection_expression;
  ExpressionAttributeNames expression_attribute_names;
};

struct BatchGetItemRequest {
  std::map<std::string, KeysAndAttributes> request_items;  // by table name
  ReturnConsumedCapacity return_consumed_capacity = ReturnConsumedCapacity::kNone;
};

struct BatchGetItemResponse {
  std::map<std::string, std::vector<Item>> responses;  // items found, in request key order
  std::map<std::string, KeysAndAttributes> unprocessed_keys;
  std::vector<ConsumedCapacity> consumed_capacity;  // one per table, by table name
};

// Exactly one of put_request / delete_request.
struct WriteRequest {
  std::optional<Item> put_request;     // PutRequest.Item
  std::optional<Item> delete_request;  // DeleteRequest.Key
};

struct BatchWriteItemRequest {
  std::map<std::string, std::vector<WriteRequest>> request_items;
  ReturnConsumedCapacity return_consumed_capacity = ReturnConsumedCapacity::kNone;
};

struct BatchWriteItemResponse {
  std::map<std::string, std::vector<WriteRequest>> unprocessed_items;
  std::vector<ConsumedCapacity> consumed_capacity;
};

// The bulk-load result: items written and the write units they consumed.
struct LoadResult {
  std::int64_t items_written = 0;
  double write_units = 0;
};

}  // namespace sim
