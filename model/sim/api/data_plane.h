// DataPlane: the DynamoDB operations, as one abstract interface.
//
// The seam between whoever issues DynamoDB requests (`model check`'s plan executor, the wire
// server, generated accessors) and whoever answers them: the embedded simulated table
// (sim::Database, model/sim/engine) today, an HTTP client of a real endpoint tomorrow. Each
// operation takes the request shape of the DynamoDB API call of the same name (item_ops.h,
// query.h, batch.h, transact.h, table_schema.h) and returns SimResult<response>, with AWS's
// exception names and messages (error.h). Implementations document their own threading rules;
// the interface promises none.
//
// https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_Operations_Amazon_DynamoDB.html
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "model/sim/api/batch.h"
#include "model/sim/api/error.h"
#include "model/sim/api/item_ops.h"
#include "model/sim/api/query.h"
#include "model/sim/api/stream.h"
#include "model/sim/api/table_schema.h"
#include "model/sim/api/transact.h"

namespace sim {

struct ListTablesResponse {
  std::vector<std::string> table_names;  // sorted by name bytes
};

class DataPlane {
 public:
  virtual ~DataPlane() = default;

  // Control plane.
  [[nodiscard]] virtual SimResult<TableDescription> CreateTable(
      const CreateTableRequest& request) = 0;
  [[nodiscard]] virtual SimResult<TableDescription> DeleteTable(const std::string& table_name) = 0;
  [[nodiscard]] virtual SimResult<TableDescription> DescribeTable(
      const std::string& table_name) = 0;
  virtual ListTablesResponse ListTables() const = 0;

  // Single-item operations.
  [[nodiscard]] virtual SimResult<PutItemResponse> PutItem(const PutItemRequest& request) = 0;
  [[nodiscard]] virtual SimResult<GetItemResponse> GetItem(const GetItemRequest& request) = 0;
  [[nodiscard]] virtual SimResult<UpdateItemResponse> UpdateItem(
      const UpdateItemRequest& request) = 0;
  [[nodiscard]] virtual SimResult<DeleteItemResponse> DeleteItem(
      const DeleteItemRequest& request) = 0;

  // Reads of many items.
  [[nodiscard]] virtual SimResult<QueryResponse> Query(const QueryRequest& request) = 0;
  [[nodiscard]] virtual SimResult<ScanResponse> Scan(const ScanRequest& request) = 0;

  // Batches and transactions.
  [[nodiscard]] virtual SimResult<BatchGetItemResponse> BatchGetItem(
      const BatchGetItemRequest& request) = 0;
  [[nodiscard]] virtual SimResult<BatchWriteItemResponse> BatchWriteItem(
      const BatchWriteItemRequest& request) = 0;
  [[nodiscard]] virtual SimResult<TransactWriteItemsResponse> TransactWriteItems(
      const TransactWriteItemsRequest& request) = 0;
  [[nodiscard]] virtual SimResult<TransactGetItemsResponse> TransactGetItems(
      const TransactGetItemsRequest& request) = 0;

  // The table's change records with sequence numbers > after_sequence, at most max_records of
  // them (what a DynamoDB Streams reader gets from GetRecords). ValidationException when the
  // table has no stream enabled.
  [[nodiscard]] virtual SimResult<ReadStreamResult> ReadStream(const std::string& table_name,
                                                               std::int64_t after_sequence,
                                                               std::size_t max_records) = 0;
};

}  // namespace sim
