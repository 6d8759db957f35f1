#include "model/sim/wire/wire.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <set>
#include <string>
#include <string_view>

#include "model/sim/api/data_plane.h"
#include "model/sim/wire/json.h"
#include "model/sim/wire/legacy.h"
#include "model/sim/wire/params.h"
#include "model/sim/wire/partiql_ops.h"

namespace sim {

namespace {

using wire::Json;

std::string Str(const Json& j, const char* key) { return wire::StringMember(j, key); }

// An expression member (ConditionExpression, UpdateExpression, ...): "" when absent; present
// but empty is a ValidationException, as DynamoDB answers ("Invalid ConditionExpression: The
// expression can not be empty;"), where the request types could not tell it from absent.
std::string Expr(const Json& j, const char* key) {
  std::string text = wire::StringMember(j, key);
  if (text.empty() && j.contains(key)) {
    throw wire::WireError{
        Error::Validation(fmt::format("Invalid {}: The expression can not be empty;", key))};
  }
  return text;
}

ReturnConsumedCapacity CapacityMode(const Json& j) {
  std::string mode = Str(j, "ReturnConsumedCapacity");
  if (mode == "TOTAL") return ReturnConsumedCapacity::kTotal;
  if (mode == "INDEXES") return ReturnConsumedCapacity::kIndexes;
  return ReturnConsumedCapacity::kNone;
}

ReturnValues ReturnValuesOf(const Json& j) {
  std::string name = Str(j, "ReturnValues");
  if (name.empty()) return ReturnValues::kNone;
  auto v = ReturnValuesFromName(name);
  if (!v)
    throw wire::WireError{Error::Validation(fmt::format(
        "1 validation error detected: Value '{}' at 'returnValues' failed to satisfy constraint: "
        "Member must satisfy enum value set: [ALL_NEW, UPDATED_OLD, ALL_OLD, NONE, UPDATED_NEW]",
        name))};
  return *v;
}

ReturnValuesOnConditionCheckFailure OnFailure(const Json& j) {
  return Str(j, "ReturnValuesOnConditionCheckFailure") == "ALL_OLD"
             ? ReturnValuesOnConditionCheckFailure::kAllOld
             : ReturnValuesOnConditionCheckFailure::kNone;
}

ExpressionAttributeNames Names(const Json& j) {
  const Json* names = wire::MapMember(j, "ExpressionAttributeNames");
  return names != nullptr ? wire::NamesFromJson(*names) : ExpressionAttributeNames{};
}
ExpressionAttributeValues Values(const Json& j) {
  const Json* values = wire::MapMember(j, "ExpressionAttributeValues");
  return values != nullptr ? wire::ValuesFromJson(*values) : ExpressionAttributeValues{};
}
// The item or key `key` of `j`: a ValidationException when it is absent.
Item ItemAt(const Json& j, const char* key) {
  return wire::ItemFromJson(wire::RequiredMapMember(j, key));
}

using wire::CapacityToJson;

void AddCapacity(Json& out, const std::optional<ConsumedCapacity>& c) {
  if (c) out["ConsumedCapacity"] = CapacityToJson(*c);
}
void AddCapacities(Json& out, const std::vector<ConsumedCapacity>& cs) {
  if (cs.empty()) return;
  Json list = Json::array();
  for (const auto& c : cs) list.push_back(CapacityToJson(c));
  out["ConsumedCapacity"] = list;
}

// Error messages may quote what a client sent, bytes that are not UTF-8 included: those are
// written as U+FFFD rather than failing the answer.
std::string Dump(const Json& j) { return j.dump(-1, ' ', false, Json::error_handler_t::replace); }

WireResponse ErrorResponse(const Error& e) {
  bool validation = e.name == "ValidationException";
  std::string type = validation ? "com.amazon.coral.validate#ValidationException"
                                : "com.amazonaws.dynamodb.v20120810#" + e.name;
  Json body = {{"__type", type}, {"message", e.message}};
  if (e.item) body["Item"] = wire::ItemToJson(*e.item);
  if (!e.reasons.empty()) {
    Json reasons = Json::array();
    for (const auto& r : e.reasons) {
      Json reason = {{"Code", r.code}};
      if (!r.message.empty()) reason["Message"] = r.message;
      if (r.item) reason["Item"] = wire::ItemToJson(*r.item);
      reasons.push_back(reason);
    }
    body["CancellationReasons"] = reasons;
  }
  return WireResponse{e.name == "InternalServerError" ? 500 : 400, Dump(body)};
}

// The value of a result (by value: the result is a temporary), or the error thrown.
template <typename T>
T Ok(SimResult<T> r) {
  if (!r.ok()) throw wire::WireError{r.error()};
  return std::move(r.value());
}

// A Query or Scan answer as DynamoDB renders it, written directly (the items can be many):
// byte for byte what nlohmann's dump of the same members in this order would give.
std::string ReadResponseText(const QueryResponse& r, bool count_only) {
  std::string out = "{";
  if (!count_only) {
    out += "\"Items\":[";
    for (std::size_t i = 0; i < r.items.size(); ++i) {
      if (i > 0) out += ',';
      wire::AppendItemJson(r.items[i], &out);
    }
    out += "],";
  }
  out += fmt::format("\"Count\":{},\"ScannedCount\":{}", r.count, r.scanned_count);
  if (r.last_evaluated_key) {
    out += ",\"LastEvaluatedKey\":";
    wire::AppendItemJson(*r.last_evaluated_key, &out);
  }
  if (r.consumed_capacity)
    out += ",\"ConsumedCapacity\":" + CapacityToJson(*r.consumed_capacity).dump();
  out += '}';
  return out;
}

Select SelectOf(const Json& j) {
  std::string s = Str(j, "Select");
  if (s.empty()) return Select::kDefault;
  auto v = SelectFromName(s);
  if (!v)
    throw wire::WireError{Error::Validation(
        fmt::format("1 validation error detected: Value '{}' at 'select' failed to satisfy "
                    "constraint: Member must satisfy enum value set: [SPECIFIC_ATTRIBUTES, COUNT, "
                    "ALL_ATTRIBUTES, ALL_PROJECTED_ATTRIBUTES]",
                    s))};
  return *v;
}

using wire::Engine;

// The answer of PutItem, UpdateItem and DeleteItem.
template <typename Response>
Json WriteResponseJson(const Response& res) {
  Json out = Json::object();
  if (res.attributes) out["Attributes"] = wire::ItemToJson(*res.attributes);
  AddCapacity(out, res.consumed_capacity);
  return out;
}

Json CreateTableOp(const Engine& db, const Json& j) {
  CreateTableRequest r = wire::CreateTableFromJson(j);
  return {{"TableDescription",
           wire::DescriptionToJson(Ok(db([&](DataPlane& d) { return d.CreateTable(r); })))}};
}

Json DescribeTableOp(const Engine& db, const Json& j) {
  const std::string name = Str(j, "TableName");
  return {{"Table",
           wire::DescriptionToJson(Ok(db([&](DataPlane& d) { return d.DescribeTable(name); })))}};
}

Json DeleteTableOp(const Engine& db, const Json& j) {
  const std::string name = Str(j, "TableName");
  return {{"TableDescription",
           wire::DescriptionToJson(Ok(db([&](DataPlane& d) { return d.DeleteTable(name); })))}};
}

Json ListTablesOp(const Engine& db, const Json& j) {
  Json names = Json::array();
  std::string start = Str(j, "ExclusiveStartTableName");
  // https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_ListTables.html:
  // "Limit ... Valid Range: Minimum value of 1. Maximum value of 100."
  wire::Constraints constraints;
  const std::int64_t limit = constraints.Integer(j, "Limit", 1, 100).value_or(100);
  constraints.Check();
  Json out = Json::object();
  for (const auto& n : db([&](DataPlane& d) { return d.ListTables(); }).table_names) {
    if (!start.empty() && n <= start) continue;
    if (static_cast<std::int64_t>(names.size()) == limit) {
      out["LastEvaluatedTableName"] = names.back();
      break;
    }
    names.push_back(n);
  }
  out["TableNames"] = names;
  return out;
}

Json PutItemOp(const Engine& db, const Json& j) {
  PutItemRequest r{.table_name = Str(j, "TableName"),
                   .item = ItemAt(j, "Item"),
                   .condition_expression = Expr(j, "ConditionExpression"),
                   .expression_attribute_names = Names(j),
                   .expression_attribute_values = Values(j),
                   .return_values = ReturnValuesOf(j),
                   .return_consumed_capacity = CapacityMode(j),
                   .return_values_on_condition_check_failure = OnFailure(j)};
  return WriteResponseJson(Ok(db([&](DataPlane& d) { return d.PutItem(r); })));
}

Json GetItemOp(const Engine& db, const Json& j) {
  GetItemRequest r{.table_name = Str(j, "TableName"),
                   .key = ItemAt(j, "Key"),
                   .consistent_read = wire::BoolMember(j, "ConsistentRead", false),
                   .projection_expression = Expr(j, "ProjectionExpression"),
                   .expression_attribute_names = Names(j),
                   .return_consumed_capacity = CapacityMode(j)};
  auto res = Ok(db([&](DataPlane& d) { return d.GetItem(r); }));
  Json out = Json::object();
  if (res.item) out["Item"] = wire::ItemToJson(*res.item);
  AddCapacity(out, res.consumed_capacity);
  return out;
}

Json UpdateItemOp(const Engine& db, const Json& j) {
  UpdateItemRequest r{.table_name = Str(j, "TableName"),
                      .key = ItemAt(j, "Key"),
                      .update_expression = Expr(j, "UpdateExpression"),
                      .condition_expression = Expr(j, "ConditionExpression"),
                      .expression_attribute_names = Names(j),
                      .expression_attribute_values = Values(j),
                      .return_values = ReturnValuesOf(j),
                      .return_consumed_capacity = CapacityMode(j),
                      .return_values_on_condition_check_failure = OnFailure(j)};
  return WriteResponseJson(Ok(db([&](DataPlane& d) { return d.UpdateItem(r); })));
}

Json DeleteItemOp(const Engine& db, const Json& j) {
  DeleteItemRequest r{.table_name = Str(j, "TableName"),
                      .key = ItemAt(j, "Key"),
                      .condition_expression = Expr(j, "ConditionExpression"),
                      .expression_attribute_names = Names(j),
                      .expression_attribute_values = Values(j),
                      .return_values = ReturnValuesOf(j),
                      .return_consumed_capacity = CapacityMode(j),
                      .return_values_on_condition_check_failure = OnFailure(j)};
  return WriteResponseJson(Ok(db([&](DataPlane& d) { return d.DeleteItem(r); })));
}

Json BatchWriteItemOp(const Engine& db, const Json& j) {
  BatchWriteItemRequest r;
  r.return_consumed_capacity = CapacityMode(j);
  const Json& items = wire::RequiredMapMember(j, "RequestItems");
  for (auto it = items.begin(); it != items.end(); ++it) {
    wire::CheckShape(it.value(), wire::JsonShape::kList);
    for (const auto& w : it.value()) {
      wire::CheckShape(w, wire::JsonShape::kStructure);
      WriteRequest req;
      if (const Json* put = wire::StructMember(w, "PutRequest"))
        req.put_request = ItemAt(*put, "Item");
      if (const Json* del = wire::StructMember(w, "DeleteRequest"))
        req.delete_request = ItemAt(*del, "Key");
      r.request_items[it.key()].push_back(std::move(req));
    }
  }
  auto res = Ok(db([&](DataPlane& d) { return d.BatchWriteItem(r); }));
  Json unprocessed = Json::object();
  for (const auto& [table, reqs] : res.unprocessed_items) {
    Json list = Json::array();
    for (const auto& w : reqs) {
      if (w.put_request)
        list.push_back({{"PutRequest", {{"Item", wire::ItemToJson(*w.put_request)}}}});
      if (w.delete_request)
        list.push_back({{"DeleteRequest", {{"Key", wire::ItemToJson(*w.delete_request)}}}});
    }
    unprocessed[table] = list;
  }
  Json out = {{"UnprocessedItems", unprocessed}};
  AddCapacities(out, res.consumed_capacity);
  return out;
}

Json BatchGetItemOp(const Engine& db, const Json& j) {
  BatchGetItemRequest r;
  r.return_consumed_capacity = CapacityMode(j);
  const Json& items = wire::RequiredMapMember(j, "RequestItems");
  for (auto it = items.begin(); it != items.end(); ++it) {
    wire::CheckShape(it.value(), wire::JsonShape::kStructure);
    KeysAndAttributes ka;
    for (const auto& k : wire::RequiredListMember(it.value(), "Keys"))
      ka.keys.push_back(wire::ItemFromJson(k));
    ka.consistent_read = wire::BoolMember(it.value(), "ConsistentRead", false);
    ka.projection_expression = Expr(it.value(), "ProjectionExpression");
    ka.expression_attribute_names = Names(it.value());
    r.request_items[it.key()] = std::move(ka);
  }
  auto res = Ok(db([&](DataPlane& d) { return d.BatchGetItem(r); }));
  Json responses = Json::object();
  for (const auto& [table, found] : res.responses) {
    Json list = Json::array();
    for (const auto& i : found) list.push_back(wire::ItemToJson(i));
    responses[table] = list;
  }
  Json out = {{"Responses", responses}, {"UnprocessedKeys", Json::object()}};
  AddCapacities(out, res.consumed_capacity);
  return out;
}

// One member of TransactItems: a Put, Update, Delete or ConditionCheck (or none of them).
TransactWriteItem TransactWriteItemFromJson(const Json& t) {
  wire::CheckShape(t, wire::JsonShape::kStructure);
  for (const char* member : {"Put", "Update", "Delete", "ConditionCheck"})
    wire::StructMember(t, member);
  TransactWriteItem item;
  if (t.contains("Put")) {
    const Json& p = t.at("Put");
    item.put = TransactPut{.table_name = Str(p, "TableName"),
                           .item = ItemAt(p, "Item"),
                           .condition_expression = Expr(p, "ConditionExpression"),
                           .expression_attribute_names = Names(p),
                           .expression_attribute_values = Values(p),
                           .return_values_on_condition_check_failure = OnFailure(p)};
  } else if (t.contains("Update")) {
    const Json& u = t.at("Update");
    item.update = TransactUpdate{.table_name = Str(u, "TableName"),
                                 .key = ItemAt(u, "Key"),
                                 .update_expression = Expr(u, "UpdateExpression"),
                                 .condition_expression = Expr(u, "ConditionExpression"),
                                 .expression_attribute_names = Names(u),
                                 .expression_attribute_values = Values(u),
                                 .return_values_on_condition_check_failure = OnFailure(u)};
  } else if (t.contains("Delete")) {
    const Json& d = t.at("Delete");
    item.delete_ = TransactDelete{.table_name = Str(d, "TableName"),
                                  .key = ItemAt(d, "Key"),
                                  .condition_expression = Expr(d, "ConditionExpression"),
                                  .expression_attribute_names = Names(d),
                                  .expression_attribute_values = Values(d),
                                  .return_values_on_condition_check_failure = OnFailure(d)};
  } else if (t.contains("ConditionCheck")) {
    const Json& c = t.at("ConditionCheck");
    item.condition_check =
        TransactConditionCheck{.table_name = Str(c, "TableName"),
                               .key = ItemAt(c, "Key"),
                               .condition_expression = Expr(c, "ConditionExpression"),
                               .expression_attribute_names = Names(c),
                               .expression_attribute_values = Values(c),
                               .return_values_on_condition_check_failure = OnFailure(c)};
  }
  return item;
}

Json TransactWriteItemsOp(const Engine& db, const Json& j) {
  TransactWriteItemsRequest r;
  r.return_consumed_capacity = CapacityMode(j);
  r.client_request_token = Str(j, "ClientRequestToken");
  for (const auto& t : wire::RequiredListMember(j, "TransactItems"))
    r.transact_items.push_back(TransactWriteItemFromJson(t));
  Json out = Json::object();
  AddCapacities(out,
                Ok(db([&](DataPlane& d) { return d.TransactWriteItems(r); })).consumed_capacity);
  return out;
}

Json TransactGetItemsOp(const Engine& db, const Json& j) {
  TransactGetItemsRequest r;
  r.return_consumed_capacity = CapacityMode(j);
  for (const auto& t : wire::RequiredListMember(j, "TransactItems")) {
    wire::CheckShape(t, wire::JsonShape::kStructure);
    const Json* get = wire::StructMember(t, "Get");
    if (get == nullptr) {
      throw wire::WireError{Error::Validation(
          "1 validation error detected: Value null at 'transactItems.member.get' failed to "
          "satisfy constraint: Member must not be null")};
    }
    const Json& g = *get;
    r.transact_items.push_back(TransactGet{Str(g, "TableName"), ItemAt(g, "Key"),
                                           Expr(g, "ProjectionExpression"), Names(g)});
  }
  auto res = Ok(db([&](DataPlane& d) { return d.TransactGetItems(r); }));
  Json responses = Json::array();
  for (const auto& i : res.responses)
    responses.push_back(i.item ? Json{{"Item", wire::ItemToJson(*i.item)}} : Json::object());
  Json out = {{"Responses", responses}};
  AddCapacities(out, res.consumed_capacity);
  return out;
}

// The members Query and Scan requests share, in DynamoDB's order: each member's JSON type, then
// the constraints (`constraints` may hold the caller's own numbers, and is checked here), then
// the attribute values.
template <typename Request>
void ReadFields(const Json& j, wire::Constraints& constraints, Request* r) {
  r->table_name = Str(j, "TableName");
  r->index_name = Str(j, "IndexName");
  r->filter_expression = Expr(j, "FilterExpression");
  r->projection_expression = Expr(j, "ProjectionExpression");
  r->consistent_read = wire::BoolMember(j, "ConsistentRead", false);
  wire::MapMember(j, "ExpressionAttributeNames");
  wire::MapMember(j, "ExpressionAttributeValues");
  wire::MapMember(j, "ExclusiveStartKey");
  // https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_Query.html (and
  // API_Scan.html): "Limit ... Type: Integer, Valid Range: Minimum value of 1."
  r->limit = constraints.Integer(j, "Limit", 1);
  constraints.Check();
  r->select = SelectOf(j);
  r->return_consumed_capacity = CapacityMode(j);
  r->expression_attribute_names = Names(j);
  r->expression_attribute_values = Values(j);
  if (j.contains("ExclusiveStartKey")) r->exclusive_start_key = ItemAt(j, "ExclusiveStartKey");
}

// Query and Scan, whose answers (many items) are rendered straight to text.
std::string QueryOp(const Engine& db, const Json& j) {
  QueryRequest r;
  r.key_condition_expression = Expr(j, "KeyConditionExpression");
  r.scan_index_forward = wire::BoolMember(j, "ScanIndexForward", true);
  wire::Constraints constraints;
  ReadFields(j, constraints, &r);
  return ReadResponseText(Ok(db([&](DataPlane& d) { return d.Query(r); })),
                          r.select == Select::kCount);
}

std::string ScanOp(const Engine& db, const Json& j) {
  ScanRequest r;
  // https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_Scan.html: "Segment ...
  // Valid Range: Minimum value of 0. Maximum value of 999999"; "TotalSegments ... Valid Range:
  // Minimum value of 1. Maximum value of 1000000".
  wire::Constraints constraints;
  r.segment = constraints.Integer(j, "Segment", 0, 999999);
  r.total_segments = constraints.Integer(j, "TotalSegments", 1, 1000000);
  ReadFields(j, constraints, &r);
  return ReadResponseText(Ok(db([&](DataPlane& d) { return d.Scan(r); })),
                          r.select == Select::kCount);
}

struct Operation {
  std::string_view name;
  wire::Handler handler;
};

// The DynamoDB operations, by the name after "DynamoDB_20120810.".
constexpr std::array kOperations = {
    Operation{"CreateTable", wire::Dumped<CreateTableOp>},
    Operation{"DescribeTable", wire::Dumped<DescribeTableOp>},
    Operation{"DeleteTable", wire::Dumped<DeleteTableOp>},
    Operation{"ListTables", wire::Dumped<ListTablesOp>},
    Operation{"PutItem", wire::Dumped<PutItemOp>},
    Operation{"GetItem", wire::Dumped<GetItemOp>},
    Operation{"UpdateItem", wire::Dumped<UpdateItemOp>},
    Operation{"DeleteItem", wire::Dumped<DeleteItemOp>},
    Operation{"Query", QueryOp},
    Operation{"Scan", ScanOp},
    Operation{"BatchWriteItem", wire::Dumped<BatchWriteItemOp>},
    Operation{"BatchGetItem", wire::Dumped<BatchGetItemOp>},
    Operation{"TransactWriteItems", wire::Dumped<TransactWriteItemsOp>},
    Operation{"TransactGetItems", wire::Dumped<TransactGetItemsOp>},
    Operation{"ExecuteStatement", wire::ExecuteStatementOp},
    Operation{"BatchExecuteStatement", wire::BatchExecuteStatementOp},
    Operation{"ExecuteTransaction", wire::ExecuteTransactionOp},
};

wire::Handler DynamoDbOperation(std::string_view op) {
  for (const Operation& o : kOperations) {
    if (o.name == op) return o.handler;
  }
  return nullptr;
}

// A member whose value is JSON null is treated as absent, as DynamoDB's JSON protocol does
// (SDKs and hand-written clients send `"ExpressionAttributeValues": null`). Never inside an
// attribute value: there, null is not a valid value and the value parser reports it.
void DropNullMembers(Json* j) {
  static const std::set<std::string, std::less<>> kValueMaps = {
      "Item", "Key", "Keys", "ExpressionAttributeValues", "ExclusiveStartKey"};
  if (j->is_object()) {
    for (auto it = j->begin(); it != j->end();) {
      if (it->is_null()) {
        it = j->erase(it);
      } else {
        if (!kValueMaps.contains(it.key())) DropNullMembers(&*it);
        ++it;
      }
    }
  } else if (j->is_array()) {
    for (Json& element : *j) DropNullMembers(&element);
  }
}

// The deepest nesting of arrays and objects in `text`, counting only up to `limit + 1` (brackets
// inside strings do not count). A linear byte scan that needs no stack, run before the JSON is
// parsed, so that no recursion over the parsed tree (dumping it, dropping its nulls, reading its
// attribute values) ever goes deeper than `limit`.
int JsonDepth(std::string_view text, int limit) {
  int depth = 0;
  int deepest = 0;
  bool in_string = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (in_string) {
      if (c == '\\') {
        ++i;
      } else if (c == '"') {
        in_string = false;
      }
    } else if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      deepest = std::max(deepest, ++depth);
      if (deepest > limit) return deepest;
    } else if (c == ']' || c == '}') {
      --depth;
    }
  }
  return deepest;
}

// A request nests deeper than any valid one: 32 levels of attribute values take 64 JSON levels
// (each L or M is an object holding an array or object), and the deepest request members
// (TransactItems[].Update.ExpressionAttributeValues) add 5. Deeper input is an attribute value
// past DynamoDB's limit (kNestingLimitMessage) or nonsense; either way it is rejected before
// parsing.
constexpr int kMaxRequestDepth = 2 * kMaxNestingLevels + 8;

// Runs `handler` on `body`: the request parsed (bounded in depth), its null members dropped, the
// legacy parameters of a DynamoDB operation `op` translated into expressions (legacy.h), and
// every error turned into DynamoDB's error shape.
WireResponse HandleOperation(wire::Handler handler, const wire::Engine& engine, std::string_view op,
                             bool streams, std::string_view body) {
  wire::LegacyTranslation legacy;
  try {
    if (JsonDepth(body, kMaxRequestDepth) > kMaxRequestDepth)
      throw wire::WireError{Error::Validation(kNestingLimitMessage)};
    Json j = Json::parse(body.empty() ? std::string_view("{}") : body);
    if (!j.is_object())
      throw wire::WireError{Error{"SerializationException",
                                  "Start of structure or map found where not expected",
                                  std::nullopt,
                                  {}}};
    DropNullMembers(&j);
    if (!streams) legacy = wire::TranslateLegacyParameters(op, &j);
    return WireResponse{200, handler(engine, j)};
  } catch (const wire::WireError& e) {
    return ErrorResponse(wire::LegacyError(legacy, e.error));
  } catch (const Json::exception& e) {
    // Malformed JSON (bytes that are not UTF-8 included: the message may quote them).
    return ErrorResponse(Error{"SerializationException", e.what(), std::nullopt, {}});
  } catch (const std::exception& e) {
    // A bug: still a JSON answer, never an exception through the HTTP layer.
    return ErrorResponse(Error::Internal(e.what()));
  }
}

}  // namespace

WireAdapter::WireAdapter(DataPlane& plane, std::mutex* engine_lock)
    : plane_(&plane), lock_(engine_lock), admin_(dynamic_cast<TableAdmin*>(&plane)) {}

WireResponse WireAdapter::Handle(std::string_view target, std::string_view body) {
  constexpr std::string_view kPrefix = "DynamoDB_20120810.";
  constexpr std::string_view kStreamsPrefix = "DynamoDBStreams_20120810.";
  const bool streams = target.substr(0, kStreamsPrefix.size()) == kStreamsPrefix;
  wire::Handler handler = nullptr;
  std::string_view op;
  if (streams) {
    op = target.substr(kStreamsPrefix.size());
    handler = wire::StreamsOperation(op);
  } else if (target.substr(0, kPrefix.size()) == kPrefix) {
    op = target.substr(kPrefix.size());
    handler = DynamoDbOperation(op);
    // The TableAdmin operations, when the plane is also a TableAdmin (sim::Database).
    if (handler == nullptr && admin_ != nullptr) handler = wire::TableAdminOperation(op);
  }
  if (handler == nullptr) {
    return ErrorResponse(Error{"UnknownOperationException",
                               fmt::format("An unknown operation was requested: {}", target),
                               std::nullopt,
                               {}});
  }
  return HandleOperation(handler, wire::Engine(plane_, lock_, admin_), op, streams, body);
}

}  // namespace sim
