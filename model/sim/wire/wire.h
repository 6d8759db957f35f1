// DynamoDB's JSON 1.0 protocol over any DataPlane (model/sim/api/data_plane.h): the simulated
// table (sim::Database), which whoever builds the adapter passes in; this layer links no engine
// and no SQLite.
//
// A request is the operation name (from `X-Amz-Target: DynamoDB_20120810.<Op>`) and its JSON
// body; the answer is an HTTP status and a JSON body exactly as DynamoDB shapes them: items in
// the typed attribute-value form ({"S": "x"}, {"N": "1"}, {"B": "<base64>"}, ...), errors as
// {"__type": "com.amazonaws.dynamodb.v20120810#ResourceNotFoundException", "message": ...}
// (validation errors use "com.amazon.coral.validate#ValidationException"), status 400 for
// client errors and 500 for internal ones. Operations: CreateTable, DeleteTable, DescribeTable,
// ListTables, PutItem, GetItem, UpdateItem, DeleteItem, Query, Scan, BatchGetItem,
// BatchWriteItem, TransactWriteItems, TransactGetItems, the PartiQL operations ExecuteStatement,
// BatchExecuteStatement and ExecuteTransaction (partiql_ops.h); UpdateTable, UpdateTimeToLive,
// DescribeTimeToLive, TagResource, UntagResource, ListTagsOfResource, DescribeContinuousBackups,
// UpdateContinuousBackups, DescribeLimits and DescribeEndpoints when the DataPlane also
// implements TableAdmin (model/sim/api/table_admin.h,
// as sim::Database does; otherwise they are UnknownOperationException); and the DynamoDB Streams
// API
// (`X-Amz-Target: DynamoDBStreams_20120810.<Op>`: ListStreams, DescribeStream,
// GetShardIterator, GetRecords). The legacy parameters (Expected, AttributeUpdates,
// KeyConditions, QueryFilter, ScanFilter, ConditionalOperator, AttributesToGet) are translated
// into expressions first (legacy.h). A DataPlane promises no thread safety: give the adapter a
// mutex and Handle may be called from many threads (it holds the mutex only around the DataPlane
// call, not while parsing or rendering JSON); without one, callers serialize Handle.
#pragma once

#include <mutex>
#include <string>
#include <string_view>

namespace sim {

class DataPlane;
class TableAdmin;

struct WireResponse {
  int status = 200;
  std::string body;
};

class WireAdapter {
 public:
  // `plane` (and `engine_lock`, when given) must outlive the adapter.
  // The TableAdmin operations are served when `plane` also is a TableAdmin.
  explicit WireAdapter(DataPlane& plane, std::mutex* engine_lock = nullptr);
  // `target` is the X-Amz-Target header value; `body` the request's JSON. Never throws, and
  // answers any malformed input (not JSON, not UTF-8, nested past any valid request, members of
  // the wrong type or out of range) with a 400 in DynamoDB's error shape (see params.h).
  WireResponse Handle(std::string_view target, std::string_view body);

 private:
  DataPlane* plane_;
  std::mutex* lock_;
  TableAdmin* admin_;
};

}  // namespace sim
