// Query and Scan request/response shapes, mirroring DynamoDB's API. A Query or Scan reads items
// in key order up to Limit items or 1 MB (kPageBytes) of item data, whichever comes first; the
// FilterExpression is applied to what was read, then the projection. LastEvaluatedKey is set
// whenever the page stopped early (it can be set even when nothing follows).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "model/sim/api/capacity.h"
#include "model/sim/api/item_ops.h"
#include "model/sim/api/value.h"

namespace sim {

// 1 MB: a page includes each item whose read starts below this many bytes already read.
constexpr std::int64_t kPageBytes = 1024 * 1024;

enum class Select {
  kDefault,
  kAllAttributes,
  kAllProjectedAttributes,
  kSpecificAttributes,
  kCount
};
std::optional<Select> SelectFromName(std::string_view name);

struct QueryRequest {
  std::string table_name;
  std::string index_name;  // empty: the table
  std::string key_condition_expression;
  std::string filter_expression;
  std::string projection_expression;
  ExpressionAttributeNames expression_attribute_names;
  ExpressionAttributeValues expression_attribute_values;
  bool consistent_read = false;
  bool scan_index_forward = true;
  std::optional<std::int64_t> limit;
  std::optional<Item> exclusive_start_key;
  Select select = Select::kDefault;
  ReturnConsumedCapacity return_consumed_capacity = ReturnConsumedCapacity::kNone;
};

struct QueryResponse {
  std::vector<Item> items;  // empty for Select COUNT
  std::int64_t count = 0;
  std::int64_t scanned_count = 0;
  std::optional<Item> last_evaluated_key;
  std::optional<ConsumedCapacity> consumed_capacity;
};

struct ScanRequest {
  std::string table_name;
  std::string index_name;
  std::string filter_expression;
  std::string projection_expression;
  ExpressionAttributeNames expression_attribute_names;
  ExpressionAttributeValues expression_attribute_values;
  bool consistent_read = false;
  std::optional<std::int64_t> limit;
  std::optional<Item> exclusive_start_key;
  std::optional<std::int64_t> segment;
  std::optional<std::int64_t> total_segments;
  Select select = Select::kDefault;
  ReturnConsumedCapacity return_consumed_capacity = ReturnConsumedCapacity::kNone;
};

using ScanResponse = QueryResponse;

}  // namespace sim
