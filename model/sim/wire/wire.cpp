#include "model/sim/wire/wire.h"

#include <fmt/format.h>

#include <array>
#include <set>
#include <string>
#include <string_view>

#include "model/sim/api/data_plane.h"
#include "model/sim/wire/json.h"
#include "model/sim/wire/legacy.h"

namespace sim {

namespace {

using wire::Json;

std::string Str(const Json& j, const char* key) {
  if (!j.contains(key)) return {};
  if (!j.at(key).is_string())
    throw wire::WireError{Error::Validation(fmt::format("{} must be a string", key))};
  return j.at(key).get<std::string>();
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
  return j.contains("ExpressionAttributeNames")
             ? wire::NamesFromJson(j.at("ExpressionAttributeNames"))
             : ExpressionAttributeNames{};
}
ExpressionAttributeValues Values(const Json& j) {
  return j.contains("ExpressionAttributeValues")
             ? wire::ValuesFromJson(j.at("ExpressionAttributeValues"))
             : ExpressionAttributeValues{};
}
Item ItemAt(const Json& j, const char* key) {
  if (!j.contains(key))
    throw wire::WireError{
        Error::Validation(fmt::format("1 validation error detected: Value null at '{}' failed to "
                                      "satisfy constraint: Member must not be null",
                                      key))};
  return wire::ItemFromJson(j.at(key));
}

Json CapacityToJson(const ConsumedCapacity& c) {
  Json out = {{"TableName", c.table_name}, {"CapacityUnits", c.capacity_units}};
  if (c.table) out["Table"] = {{"CapacityUnits", c.table->capacity_units}};
  if (!c.global_secondary_indexes.empty()) {
    Json g = Json::object();
    for (const auto& [name, cap] : c.global_secondary_indexes)
      g[name] = {{"CapacityUnits", cap.capacity_units}};
    out["GlobalSecondaryIndexes"] = g;
  }
  if (!c.local_secondary_indexes.empty()) {
    Json l = Json::object();
    for (const auto& [name, cap] : c.local_secondary_indexes)
      l[name] = {{"CapacityUnits", cap.capacity_units}};
    out["LocalSecondaryIndexes"] = l;
  }
  return out;
}

void AddCapacity(Json& out, const std::optional<ConsumedCapacity>& c) {
  if (c) out["ConsumedCapacity"] = CapacityToJson(*c);
}
void AddCapacities(Json& out, const std::vector<ConsumedCapacity>& cs) {
  if (cs.empty()) return;
  Json list = Json::array();
  for (const auto& c : cs) list.push_back(CapacityToJson(c));
  out["ConsumedCapacity"] = list;
}

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
  return WireResponse{e.name == "InternalServerError" ? 500 : 400, body.dump()};
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
  std::int64_t limit = j.value("Limit", 100);
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
  PutItemRequest r{Str(j, "TableName"),
                   ItemAt(j, "Item"),
                   Str(j, "ConditionExpression"),
                   Names(j),
                   Values(j),
                   ReturnValuesOf(j),
                   CapacityMode(j),
                   OnFailure(j)};
  return WriteResponseJson(Ok(db([&](DataPlane& d) { return d.PutItem(r); })));
}

Json GetItemOp(const Engine& db, const Json& j) {
  GetItemRequest r{Str(j, "TableName"),
                   ItemAt(j, "Key"),
                   j.value("ConsistentRead", false),
                   Str(j, "ProjectionExpression"),
                   Names(j),
                   CapacityMode(j)};
  auto res = Ok(db([&](DataPlane& d) { return d.GetItem(r); }));
  Json out = Json::object();
  if (res.item) out["Item"] = wire::ItemToJson(*res.item);
  AddCapacity(out, res.consumed_capacity);
  return out;
}

Json UpdateItemOp(const Engine& db, const Json& j) {
  UpdateItemRequest r{Str(j, "TableName"),
                      ItemAt(j, "Key"),
                      Str(j, "UpdateExpression"),
                      Str(j, "ConditionExpression"),
                      Names(j),
                      Values(j),
                      ReturnValuesOf(j),
                      CapacityMode(j),
                      OnFailure(j)};
  return WriteResponseJson(Ok(db([&](DataPlane& d) { return d.UpdateItem(r); })));
}

Json DeleteItemOp(const Engine& db, const Json& j) {
  DeleteItemRequest r{Str(j, "TableName"),
                      ItemAt(j, "Key"),
                      Str(j, "ConditionExpression"),
                      Names(j),
                      Values(j),
                      ReturnValuesOf(j),
                      CapacityMode(j),
                      OnFailure(j)};
  return WriteResponseJson(Ok(db([&](DataPlane& d) { return d.DeleteItem(r); })));
}

Json BatchWriteItemOp(const Engine& db, const Json& j) {
  BatchWriteItemRequest r;
  r.return_consumed_capacity = CapacityMode(j);
  const Json& items = j.at("RequestItems");
  for (auto it = items.begin(); it != items.end(); ++it) {
    for (const auto& w : it.value()) {
      WriteRequest req;
      if (w.contains("PutRequest")) req.put_request = ItemAt(w.at("PutRequest"), "Item");
      if (w.contains("DeleteRequest")) req.delete_request = ItemAt(w.at("DeleteRequest"), "Key");
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
  const Json& items = j.at("RequestItems");
  for (auto it = items.begin(); it != items.end(); ++it) {
    KeysAndAttributes ka;
    for (const auto& k : it.value().at("Keys")) ka.keys.push_back(wire::ItemFromJson(k));
    ka.consistent_read = it.value().value("ConsistentRead", false);
    ka.projection_expression = Str(it.value(), "ProjectionExpression");
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
  TransactWriteItem item;
  if (t.contains("Put")) {
    const Json& p = t.at("Put");
    item.put =
        TransactPut{Str(p, "TableName"), ItemAt(p, "Item"), Str(p, "ConditionExpression"), Names(p),
                    Values(p),           OnFailure(p)};
  } else if (t.contains("Update")) {
    const Json& u = t.at("Update");
    item.update = TransactUpdate{Str(u, "TableName"),
                                 ItemAt(u, "Key"),
                                 Str(u, "UpdateExpression"),
                                 Str(u, "ConditionExpression"),
                                 Names(u),
                                 Values(u),
                                 OnFailure(u)};
  } else if (t.contains("Delete")) {
    const Json& d = t.at("Delete");
    item.delete_ = TransactDelete{
        Str(d, "TableName"), ItemAt(d, "Key"), Str(d, "ConditionExpression"), Names(d),
        Values(d),           OnFailure(d)};
  } else if (t.contains("ConditionCheck")) {
    const Json& c = t.at("ConditionCheck");
    item.condition_check = TransactConditionCheck{
        Str(c, "TableName"), ItemAt(c, "Key"), Str(c, "ConditionExpression"), Names(c),
        Values(c),           OnFailure(c)};
  }
  return item;
}

Json TransactWriteItemsOp(const Engine& db, const Json& j) {
  TransactWriteItemsRequest r;
  r.return_consumed_capacity = CapacityMode(j);
  r.client_request_token = Str(j, "ClientRequestToken");
  for (const auto& t : j.at("TransactItems"))
    r.transact_items.push_back(TransactWriteItemFromJson(t));
  Json out = Json::object();
  AddCapacities(out,
                Ok(db([&](DataPlane& d) { return d.TransactWriteItems(r); })).consumed_capacity);
  return out;
}

Json TransactGetItemsOp(const Engine& db, const Json& j) {
  TransactGetItemsRequest r;
  r.return_consumed_capacity = CapacityMode(j);
  for (const auto& t : j.at("TransactItems")) {
    const Json& g = t.at("Get");
    r.transact_items.push_back(TransactGet{Str(g, "TableName"), ItemAt(g, "Key"),
                                           Str(g, "ProjectionExpression"), Names(g)});
  }
  auto res = Ok(db([&](DataPlane& d) { return d.TransactGetItems(r); }));
  Json responses = Json::array();
  for (const auto& i : res.responses)
    responses.push_back(i.item ? Json{{"Item", wire::ItemToJson(*i.item)}} : Json::object());
  Json out = {{"Responses", responses}};
  AddCapacities(out, res.consumed_capacity);
  return out;
}

// The members Query and Scan requests share.
template <typename Request>
void ReadFields(const Json& j, Request* r) {
  r->table_name = Str(j, "TableName");
  r->index_name = Str(j, "IndexName");
  r->filter_expression = Str(j, "FilterExpression");
  r->projection_expression = Str(j, "ProjectionExpression");
  r->expression_attribute_names = Names(j);
  r->expression_attribute_values = Values(j);
  r->consistent_read = j.value("ConsistentRead", false);
  if (j.contains("Limit")) r->limit = j.at("Limit").get<std::int64_t>();
  if (j.contains("ExclusiveStartKey")) r->exclusive_start_key = ItemAt(j, "ExclusiveStartKey");
  r->select = SelectOf(j);
  r->return_consumed_capacity = CapacityMode(j);
}

// Query and Scan, whose answers (many items) are rendered straight to text.
std::string QueryOp(const Engine& db, const Json& j) {
  QueryRequest r;
  ReadFields(j, &r);
  r.key_condition_expression = Str(j, "KeyConditionExpression");
  r.scan_index_forward = j.value("ScanIndexForward", true);
  return ReadResponseText(Ok(db([&](DataPlane& d) { return d.Query(r); })),
                          r.select == Select::kCount);
}

std::string ScanOp(const Engine& db, const Json& j) {
  ScanRequest r;
  ReadFields(j, &r);
  if (j.contains("Segment")) r.segment = j.at("Segment").get<std::int64_t>();
  if (j.contains("TotalSegments")) r.total_segments = j.at("TotalSegments").get<std::int64_t>();
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

}  // namespace

WireAdapter::WireAdapter(DataPlane& plane, std::mutex* engine_lock)
    : plane_(&plane), lock_(engine_lock), admin_(dynamic_cast<TableAdmin*>(&plane)) {}

WireResponse WireAdapter::Handle(std::string_view target, std::string_view body) {
  constexpr std::string_view kPrefix = "DynamoDB_20120810.";
  constexpr std::string_view kStreamsPrefix = "DynamoDBStreams_20120810.";
  const bool streams = target.substr(0, kStreamsPrefix.size()) == kStreamsPrefix;
  if (!streams && target.substr(0, kPrefix.size()) != kPrefix) {
    return ErrorResponse(Error{"UnknownOperationException", "", std::nullopt, {}});
  }
  const std::string_view op = target.substr(streams ? kStreamsPrefix.size() : kPrefix.size());
  wire::LegacyTranslation legacy;
  try {
    Json j = Json::parse(body.empty() ? std::string_view("{}") : body);
    if (!j.is_object())
      throw wire::WireError{Error{"SerializationException",
                                  "Start of structure or map found where not expected",
                                  std::nullopt,
                                  {}}};
    DropNullMembers(&j);
    if (!streams) legacy = wire::TranslateLegacyParameters(op, &j);
    wire::Handler handler = streams ? wire::StreamsOperation(op) : DynamoDbOperation(op);
    if (handler == nullptr && !streams && admin_ != nullptr)
      handler = wire::TableAdminOperation(op);
    if (handler == nullptr)
      throw wire::WireError{Error{"UnknownOperationException", "", std::nullopt, {}}};
    return WireResponse{200, handler(wire::Engine(plane_, lock_, admin_), j)};
  } catch (const wire::WireError& e) {
    return ErrorResponse(wire::LegacyError(legacy, e.error));
  } catch (const Json::exception& e) {
    return ErrorResponse(Error{"SerializationException", e.what(), std::nullopt, {}});
  }
}

}  // namespace sim
