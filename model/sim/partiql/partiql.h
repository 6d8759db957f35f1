// PartiQL for DynamoDB over any DataPlane: ExecuteStatement, BatchExecuteStatement and
// ExecuteTransaction, each statement translated into the DataPlane operations DynamoDB runs for
// it (statement.h has the grammar; docs/serve.md the supported subset).
//
// SELECT is a Query per partition key value when the WHERE clause pins the partition key with
// `=` or IN (or an OR of `=`), otherwise a Scan ("Using the SELECT statement can result in a
// full table scan if an equality or IN condition with a partition key is not provided",
// https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/ql-reference.select.html);
// the whole WHERE clause then filters the items read, and the projection applies last. Limit
// counts items read, as Query's Limit does. INSERT is a PutItem that fails with
// DuplicateItemException ("Duplicate primary key exists in table") when the key exists
// (ql-reference.insert.html). UPDATE and DELETE need `=` on every key attribute; the rest of
// the WHERE clause is their condition; UPDATE of a missing item fails its condition
// (ql-reference.update.html, ql-reference.delete.html).
//
// Errors are sim::Error values (never exceptions): ValidationException "Statement wasn't well
// formed, can't be processed: ..." for syntax, the underlying operations' errors otherwise.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "model/sim/api/capacity.h"
#include "model/sim/api/data_plane.h"
#include "model/sim/api/error.h"
#include "model/sim/api/item_ops.h"
#include "model/sim/api/value.h"

namespace sim::partiql {

// https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_BatchExecuteStatement.html
constexpr std::size_t kBatchMaxStatements = 25;
// https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_ExecuteTransaction.html
constexpr std::size_t kTransactionMaxStatements = 100;

// Where a paged SELECT resumes: the index of the partition key value (0 for a Scan) and the
// last key read there (absent: that partition from its start). The wire layer carries it in
// NextToken.
struct ResumePoint {
  std::size_t partition = 0;
  std::optional<Item> key;
};

struct ExecuteStatementRequest {
  std::string statement;
  std::vector<AttributeValue> parameters;
  bool consistent_read = false;
  std::optional<std::int64_t> limit;
  std::optional<ResumePoint> resume;  // from NextToken
  ReturnConsumedCapacity return_consumed_capacity = ReturnConsumedCapacity::kNone;
  ReturnValuesOnConditionCheckFailure return_values_on_condition_check_failure =
      ReturnValuesOnConditionCheckFailure::kNone;
};

struct ExecuteStatementResponse {
  std::vector<Item> items;          // selected items, or the RETURNING item of a write
  std::optional<ResumePoint> next;  // more to read: the caller's NextToken
  std::optional<ConsumedCapacity> consumed_capacity;
};

// The exception names DuplicateItemException and the usual DataPlane ones.
SimResult<ExecuteStatementResponse> ExecuteStatement(DataPlane& plane,
                                                     const ExecuteStatementRequest& request);

struct BatchStatementRequest {
  std::string statement;
  std::vector<AttributeValue> parameters;
  bool consistent_read = false;
  ReturnValuesOnConditionCheckFailure return_values_on_condition_check_failure =
      ReturnValuesOnConditionCheckFailure::kNone;
};

struct BatchStatementError {
  std::string code;  // "ValidationError", "ConditionalCheckFailed", "DuplicateItem", ...
  std::string message;
  std::optional<Item> item;  // ConditionalCheckFailed with ALL_OLD
};

struct BatchStatementResponse {
  std::optional<BatchStatementError> error;
  std::string table_name;  // empty when the table was not found
  std::optional<Item> item;
};

struct BatchExecuteStatementResponse {
  std::vector<BatchStatementResponse> responses;  // one per statement, in order
  std::vector<ConsumedCapacity> consumed_capacity;
};

// Statements run one by one, each with its own result; all reads (single-item SELECTs: every
// key attribute with `=`) or all writes. Request errors: 1 to kBatchMaxStatements statements,
// "Read and write requests together in the same batch is not supported."
// https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/ql-reference.multiplestatements.batching.html
SimResult<BatchExecuteStatementResponse> BatchExecuteStatement(
    DataPlane& plane, const std::vector<BatchStatementRequest>& statements,
    ReturnConsumedCapacity return_consumed_capacity);

struct ParameterizedStatement {
  std::string statement;
  std::vector<AttributeValue> parameters;
  ReturnValuesOnConditionCheckFailure return_values_on_condition_check_failure =
      ReturnValuesOnConditionCheckFailure::kNone;
};

struct ExecuteTransactionResponse {
  std::vector<std::optional<Item>> responses;  // reads: one per statement; writes: none
  std::vector<ConsumedCapacity> consumed_capacity;
};

// All single-item SELECTs (a TransactGetItems) or all writes (a TransactWriteItems): all or
// nothing, TransactionCanceledException with one CancellationReason per statement (an INSERT
// of an existing key: ValidationError "Duplicate primary key exists in table").
// A write transaction passes `client_request_token` (empty: none) to its TransactWriteItems, so
// a replay within 10 minutes is idempotent as TransactWriteItems' is.
// https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/ql-reference.multiplestatements.transactions.html
SimResult<ExecuteTransactionResponse> ExecuteTransaction(
    DataPlane& plane, const std::vector<ParameterizedStatement>& statements,
    ReturnConsumedCapacity return_consumed_capacity, const std::string& client_request_token = {});

}  // namespace sim::partiql
