// DynamoDB's JSON 1.0 request bodies and response shapes, client side (internal to sim_http):
// each request struct to its JSON body, each JSON answer to its response struct, an error
// answer to a sim::Error. Parsing throws json::JsonError for an answer of the wrong shape.
#pragma once

#include <string>

#include "model/sim/api/batch.h"
#include "model/sim/api/error.h"
#include "model/sim/api/item_ops.h"
#include "model/sim/api/query.h"
#include "model/sim/api/table_schema.h"
#include "model/sim/api/transact.h"
#include "model/sim/json/codec.h"

namespace sim::http {

using json::Json;

Json ToJson(const CreateTableRequest& r);
Json ToJson(const PutItemRequest& r);
Json ToJson(const GetItemRequest& r);
Json ToJson(const UpdateItemRequest& r);
Json ToJson(const DeleteItemRequest& r);
Json ToJson(const QueryRequest& r);
Json ToJson(const ScanRequest& r);
Json ToJson(const BatchGetItemRequest& r);
Json ToJson(const BatchWriteItemRequest& r);
Json ToJson(const TransactWriteItemsRequest& r);
Json ToJson(const TransactGetItemsRequest& r);

TableDescription DescriptionFromJson(const Json& j);
PutItemResponse PutItemFromJson(const Json& j);
GetItemResponse GetItemFromJson(const Json& j);
UpdateItemResponse UpdateItemFromJson(const Json& j);
DeleteItemResponse DeleteItemFromJson(const Json& j);
QueryResponse QueryFromJson(const Json& j);
BatchGetItemResponse BatchGetFromJson(const Json& j);
BatchWriteItemResponse BatchWriteFromJson(const Json& j);
TransactWriteItemsResponse TransactWriteFromJson(const Json& j);
TransactGetItemsResponse TransactGetFromJson(const Json& j);

// The error an answer with `__type` carries (name after '#', message, Item, reasons).
Error ErrorFromJson(const Json& j);

}  // namespace sim::http
