#include "model/sim/http/protocol.h"

namespace sim::http {

namespace {

[[noreturn]] void Bad(const std::string& message) {
  throw json::JsonError{Error{"HttpResponseError", message, std::nullopt, {}}};
}

const char* ReturnConsumed(ReturnConsumedCapacity r) {
  switch (r) {
    case ReturnConsumedCapacity::kTotal:
      return "TOTAL";
    case ReturnConsumedCapacity::kIndexes:
      return "INDEXES";
    case ReturnConsumedCapacity::kNone:
      break;
  }
  return "NONE";
}

void Common(Json& j, const std::string& condition, const ExpressionAttributeNames& names,
            const ExpressionAttributeValues& values) {
  if (!condition.empty()) j["ConditionExpression"] = condition;
  if (!names.empty()) j["ExpressionAttributeNames"] = names;
  if (!values.empty()) {
    Json v = Json::object();
    for (const auto& [k, value] : values) v[k] = json::ValueToJson(value);
    j["ExpressionAttributeValues"] = v;
  }
}

void Returns(Json& j, ReturnValues rv, ReturnConsumedCapacity rc,
             ReturnValuesOnConditionCheckFailure f) {
  if (rv != ReturnValues::kNone) j["ReturnValues"] = ReturnValuesName(rv);
  if (rc != ReturnConsumedCapacity::kNone) j["ReturnConsumedCapacity"] = ReturnConsumed(rc);
  if (f == ReturnValuesOnConditionCheckFailure::kAllOld)
    j["ReturnValuesOnConditionCheckFailure"] = "ALL_OLD";
}

void Capacity(Json& j, ReturnConsumedCapacity rc) {
  if (rc != ReturnConsumedCapacity::kNone) j["ReturnConsumedCapacity"] = ReturnConsumed(rc);
}

Json Indexes(const std::vector<SecondaryIndex>& indexes) {
  Json out = Json::array();
  for (const auto& i : indexes) {
    Json projection = {{"ProjectionType", ProjectionTypeName(i.projection.projection_type)}};
    if (!i.projection.non_key_attributes.empty())
      projection["NonKeyAttributes"] = i.projection.non_key_attributes;
    out.push_back({{"IndexName", i.index_name},
                   {"KeySchema", json::KeySchemaToJson(i.key_schema)},
                   {"Projection", projection}});
    if (i.provisioned_throughput) {
      out.back()["ProvisionedThroughput"] = {
          {"ReadCapacityUnits", i.provisioned_throughput->read_capacity_units},
          {"WriteCapacityUnits", i.provisioned_throughput->write_capacity_units}};
    }
  }
  return out;
}

const Json& At(const Json& j, const char* key) {
  if (!j.is_object() || !j.contains(key)) Bad(std::string("the answer lacks ") + key);
  return j.at(key);
}

std::string Str(const Json& j, const char* key) {
  const Json& v = At(j, key);
  if (!v.is_string()) Bad(std::string(key) + " is not a string");
  return v.get<std::string>();
}

std::int64_t Int(const Json& j, const char* key) {
  if (!j.contains(key)) return 0;
  if (!j.at(key).is_number()) Bad(std::string(key) + " is not a number");
  return j.at(key).get<std::int64_t>();
}

std::optional<Item> OptItem(const Json& j, const char* key) {
  if (!j.is_object()) Bad("the answer is not a JSON object");
  if (!j.contains(key)) return std::nullopt;
  return json::ItemFromJson(j.at(key));
}

double Units(const Json& j, const char* key) {
  if (!j.contains(key)) return 0;
  if (!j.at(key).is_number()) Bad(std::string(key) + " is not a number");
  return j.at(key).get<double>();
}

sim::Capacity CapacityOf(const Json& j) {
  return sim::Capacity{Units(j, "CapacityUnits"), Units(j, "ReadCapacityUnits"),
                       Units(j, "WriteCapacityUnits")};
}

ConsumedCapacity ConsumedFromJson(const Json& j) {
  if (!j.is_object()) Bad("ConsumedCapacity is not an object");
  ConsumedCapacity c;
  if (j.contains("TableName")) c.table_name = Str(j, "TableName");
  c.capacity_units = Units(j, "CapacityUnits");
  c.read_capacity_units = Units(j, "ReadCapacityUnits");
  c.write_capacity_units = Units(j, "WriteCapacityUnits");
  if (j.contains("Table")) c.table = CapacityOf(j.at("Table"));
  if (j.contains("GlobalSecondaryIndexes")) {
    for (auto it = j.at("GlobalSecondaryIndexes").begin();
         it != j.at("GlobalSecondaryIndexes").end(); ++it) {
      c.global_secondary_indexes[it.key()] = CapacityOf(it.value());
    }
  }
  if (j.contains("LocalSecondaryIndexes")) {
    for (auto it = j.at("LocalSecondaryIndexes").begin(); it != j.at("LocalSecondaryIndexes").end();
         ++it) {
      c.local_secondary_indexes[it.key()] = CapacityOf(it.value());
    }
  }
  return c;
}

std::optional<ConsumedCapacity> OptConsumed(const Json& j) {
  if (!j.contains("ConsumedCapacity")) return std::nullopt;
  return ConsumedFromJson(j.at("ConsumedCapacity"));
}

std::vector<ConsumedCapacity> ConsumedList(const Json& j) {
  std::vector<ConsumedCapacity> out;
  if (!j.contains("ConsumedCapacity")) return out;
  if (!j.at("ConsumedCapacity").is_array()) Bad("ConsumedCapacity is not a list");
  for (const auto& c : j.at("ConsumedCapacity")) out.push_back(ConsumedFromJson(c));
  return out;
}

std::vector<Item> Items(const Json& j) {
  if (!j.is_array()) Bad("Items is not a list");
  std::vector<Item> out;
  out.reserve(j.size());
  for (const auto& e : j) out.push_back(json::ItemFromJson(e));
  return out;
}

std::vector<KeySchemaElement> KeySchemaFrom(const Json& j) {
  std::vector<KeySchemaElement> out;
  if (!j.is_array()) Bad("KeySchema is not a list");
  for (const auto& e : j)
    out.push_back(
        {Str(e, "AttributeName"), Str(e, "KeyType") == "HASH" ? KeyRole::kHash : KeyRole::kRange});
  return out;
}

std::vector<IndexDescription> IndexesFrom(const Json& j) {
  std::vector<IndexDescription> out;
  if (!j.is_array()) Bad("an index list is not a list");
  for (const auto& e : j) {
    IndexDescription d;
    d.index_name = Str(e, "IndexName");
    d.key_schema = KeySchemaFrom(At(e, "KeySchema"));
    if (e.contains("Projection")) {
      const Json& p = e.at("Projection");
      if (p.contains("ProjectionType")) {
        d.projection.projection_type =
            ProjectionTypeFromName(Str(p, "ProjectionType")).value_or(ProjectionType::kAll);
      }
      if (p.contains("NonKeyAttributes"))
        d.projection.non_key_attributes = p.at("NonKeyAttributes").get<std::vector<std::string>>();
    }
    d.item_count = Int(e, "ItemCount");
    d.index_size_bytes = Int(e, "IndexSizeBytes");
    out.push_back(std::move(d));
  }
  return out;
}

KeysAndAttributes KeysFromJson(const Json& j) {
  KeysAndAttributes k;
  k.keys = Items(At(j, "Keys"));
  if (j.contains("ConsistentRead")) k.consistent_read = j.at("ConsistentRead").get<bool>();
  if (j.contains("ProjectionExpression")) k.projection_expression = Str(j, "ProjectionExpression");
  if (j.contains("ExpressionAttributeNames"))
    k.expression_attribute_names = json::NamesFromJson(j.at("ExpressionAttributeNames"));
  return k;
}

Json ReadCommon(const std::string& table, const std::string& index, const std::string& filter,
                const std::string& projection, const ExpressionAttributeNames& names,
                const ExpressionAttributeValues& values, bool consistent,
                const std::optional<std::int64_t>& limit, const std::optional<Item>& start,
                Select select, ReturnConsumedCapacity rc) {
  Json j = {{"TableName", table}};
  if (!index.empty()) j["IndexName"] = index;
  if (!filter.empty()) j["FilterExpression"] = filter;
  if (!projection.empty()) j["ProjectionExpression"] = projection;
  Common(j, "", names, values);
  if (consistent) j["ConsistentRead"] = true;
  if (limit) j["Limit"] = *limit;
  if (start) j["ExclusiveStartKey"] = json::ItemToJson(*start);
  switch (select) {
    case Select::kAllAttributes:
      j["Select"] = "ALL_ATTRIBUTES";
      break;
    case Select::kAllProjectedAttributes:
      j["Select"] = "ALL_PROJECTED_ATTRIBUTES";
      break;
    case Select::kSpecificAttributes:
      j["Select"] = "SPECIFIC_ATTRIBUTES";
      break;
    case Select::kCount:
      j["Select"] = "COUNT";
      break;
    case Select::kDefault:
      break;
  }
  Capacity(j, rc);
  return j;
}

void OnFailure(Json& j, ReturnValuesOnConditionCheckFailure f) {
  if (f == ReturnValuesOnConditionCheckFailure::kAllOld)
    j["ReturnValuesOnConditionCheckFailure"] = "ALL_OLD";
}

}  // namespace

Json ToJson(const CreateTableRequest& r) {
  Json attrs = Json::array();
  for (const auto& a : r.attribute_definitions) {
    attrs.push_back(
        {{"AttributeName", a.attribute_name}, {"AttributeType", ValueTypeName(a.attribute_type)}});
  }
  Json j = {{"TableName", r.table_name},
            {"AttributeDefinitions", attrs},
            {"KeySchema", json::KeySchemaToJson(r.key_schema)},
            {"BillingMode", BillingModeName(r.billing_mode)}};
  if (r.provisioned_throughput) {
    j["ProvisionedThroughput"] = {
        {"ReadCapacityUnits", r.provisioned_throughput->read_capacity_units},
        {"WriteCapacityUnits", r.provisioned_throughput->write_capacity_units}};
  }
  if (!r.global_secondary_indexes.empty())
    j["GlobalSecondaryIndexes"] = Indexes(r.global_secondary_indexes);
  if (!r.local_secondary_indexes.empty())
    j["LocalSecondaryIndexes"] = Indexes(r.local_secondary_indexes);
  if (r.stream_specification && r.stream_specification->stream_enabled) {
    j["StreamSpecification"] = {
        {"StreamEnabled", true},
        {"StreamViewType", StreamViewTypeName(r.stream_specification->stream_view_type)}};
  }
  return j;
}

Json ToJson(const PutItemRequest& r) {
  Json j = {{"TableName", r.table_name}, {"Item", json::ItemToJson(r.item)}};
  Common(j, r.condition_expression, r.expression_attribute_names, r.expression_attribute_values);
  Returns(j, r.return_values, r.return_consumed_capacity,
          r.return_values_on_condition_check_failure);
  return j;
}

Json ToJson(const GetItemRequest& r) {
  Json j = {{"TableName", r.table_name}, {"Key", json::ItemToJson(r.key)}};
  if (r.consistent_read) j["ConsistentRead"] = true;
  if (!r.projection_expression.empty()) j["ProjectionExpression"] = r.projection_expression;
  Common(j, "", r.expression_attribute_names, {});
  Capacity(j, r.return_consumed_capacity);
  return j;
}

Json ToJson(const UpdateItemRequest& r) {
  Json j = {{"TableName", r.table_name}, {"Key", json::ItemToJson(r.key)}};
  if (!r.update_expression.empty()) j["UpdateExpression"] = r.update_expression;
  Common(j, r.condition_expression, r.expression_attribute_names, r.expression_attribute_values);
  Returns(j, r.return_values, r.return_consumed_capacity,
          r.return_values_on_condition_check_failure);
  return j;
}

Json ToJson(const DeleteItemRequest& r) {
  Json j = {{"TableName", r.table_name}, {"Key", json::ItemToJson(r.key)}};
  Common(j, r.condition_expression, r.expression_attribute_names, r.expression_attribute_values);
  Returns(j, r.return_values, r.return_consumed_capacity,
          r.return_values_on_condition_check_failure);
  return j;
}

Json ToJson(const QueryRequest& r) {
  Json j =
      ReadCommon(r.table_name, r.index_name, r.filter_expression, r.projection_expression,
                 r.expression_attribute_names, r.expression_attribute_values, r.consistent_read,
                 r.limit, r.exclusive_start_key, r.select, r.return_consumed_capacity);
  j["KeyConditionExpression"] = r.key_condition_expression;
  if (!r.scan_index_forward) j["ScanIndexForward"] = false;
  return j;
}

Json ToJson(const ScanRequest& r) {
  Json j =
      ReadCommon(r.table_name, r.index_name, r.filter_expression, r.projection_expression,
                 r.expression_attribute_names, r.expression_attribute_values, r.consistent_read,
                 r.limit, r.exclusive_start_key, r.select, r.return_consumed_capacity);
  if (r.segment) j["Segment"] = *r.segment;
  if (r.total_segments) j["TotalSegments"] = *r.total_segments;
  return j;
}

Json ToJson(const BatchGetItemRequest& r) {
  Json items = Json::object();
  for (const auto& [table, k] : r.request_items) {
    Json keys = Json::array();
    for (const auto& key : k.keys) keys.push_back(json::ItemToJson(key));
    Json e = {{"Keys", keys}};
    if (k.consistent_read) e["ConsistentRead"] = true;
    if (!k.projection_expression.empty()) e["ProjectionExpression"] = k.projection_expression;
    if (!k.expression_attribute_names.empty())
      e["ExpressionAttributeNames"] = k.expression_attribute_names;
    items[table] = e;
  }
  Json j = {{"RequestItems", items}};
  Capacity(j, r.return_consumed_capacity);
  return j;
}

Json ToJson(const BatchWriteItemRequest& r) {
  Json items = Json::object();
  for (const auto& [table, writes] : r.request_items) {
    Json list = Json::array();
    for (const auto& w : writes) {
      if (w.put_request)
        list.push_back({{"PutRequest", {{"Item", json::ItemToJson(*w.put_request)}}}});
      else if (w.delete_request)
        list.push_back({{"DeleteRequest", {{"Key", json::ItemToJson(*w.delete_request)}}}});
    }
    items[table] = list;
  }
  Json j = {{"RequestItems", items}};
  Capacity(j, r.return_consumed_capacity);
  return j;
}

Json ToJson(const TransactWriteItemsRequest& r) {
  Json list = Json::array();
  for (const auto& t : r.transact_items) {
    if (t.condition_check) {
      const auto& c = *t.condition_check;
      Json e = {{"TableName", c.table_name}, {"Key", json::ItemToJson(c.key)}};
      Common(e, c.condition_expression, c.expression_attribute_names,
             c.expression_attribute_values);
      OnFailure(e, c.return_values_on_condition_check_failure);
      list.push_back({{"ConditionCheck", e}});
    } else if (t.put) {
      const auto& p = *t.put;
      Json e = {{"TableName", p.table_name}, {"Item", json::ItemToJson(p.item)}};
      Common(e, p.condition_expression, p.expression_attribute_names,
             p.expression_attribute_values);
      OnFailure(e, p.return_values_on_condition_check_failure);
      list.push_back({{"Put", e}});
    } else if (t.delete_) {
      const auto& d = *t.delete_;
      Json e = {{"TableName", d.table_name}, {"Key", json::ItemToJson(d.key)}};
      Common(e, d.condition_expression, d.expression_attribute_names,
             d.expression_attribute_values);
      OnFailure(e, d.return_values_on_condition_check_failure);
      list.push_back({{"Delete", e}});
    } else if (t.update) {
      const auto& u = *t.update;
      Json e = {{"TableName", u.table_name},
                {"Key", json::ItemToJson(u.key)},
                {"UpdateExpression", u.update_expression}};
      Common(e, u.condition_expression, u.expression_attribute_names,
             u.expression_attribute_values);
      OnFailure(e, u.return_values_on_condition_check_failure);
      list.push_back({{"Update", e}});
    }
  }
  Json j = {{"TransactItems", list}};
  Capacity(j, r.return_consumed_capacity);
  if (!r.client_request_token.empty()) j["ClientRequestToken"] = r.client_request_token;
  return j;
}

Json ToJson(const TransactGetItemsRequest& r) {
  Json list = Json::array();
  for (const auto& g : r.transact_items) {
    Json e = {{"TableName", g.table_name}, {"Key", json::ItemToJson(g.key)}};
    if (!g.projection_expression.empty()) e["ProjectionExpression"] = g.projection_expression;
    if (!g.expression_attribute_names.empty())
      e["ExpressionAttributeNames"] = g.expression_attribute_names;
    list.push_back({{"Get", e}});
  }
  Json j = {{"TransactItems", list}};
  Capacity(j, r.return_consumed_capacity);
  return j;
}

TableDescription DescriptionFromJson(const Json& j) {
  TableDescription d;
  d.table_name = Str(j, "TableName");
  if (j.contains("TableStatus")) d.table_status = Str(j, "TableStatus");
  if (j.contains("AttributeDefinitions")) {
    for (const auto& a : j.at("AttributeDefinitions")) {
      d.attribute_definitions.push_back(
          {Str(a, "AttributeName"),
           ValueTypeFromName(Str(a, "AttributeType")).value_or(ValueType::kS)});
    }
  }
  if (j.contains("KeySchema")) d.key_schema = KeySchemaFrom(j.at("KeySchema"));
  if (j.contains("GlobalSecondaryIndexes"))
    d.global_secondary_indexes = IndexesFrom(j.at("GlobalSecondaryIndexes"));
  if (j.contains("LocalSecondaryIndexes"))
    d.local_secondary_indexes = IndexesFrom(j.at("LocalSecondaryIndexes"));
  if (j.contains("StreamSpecification")) {
    const Json& s = j.at("StreamSpecification");
    StreamSpecification spec;
    spec.stream_enabled = s.value("StreamEnabled", false);
    if (s.contains("StreamViewType")) {
      spec.stream_view_type = StreamViewTypeFromName(Str(s, "StreamViewType"))
                                  .value_or(StreamViewType::kNewAndOldImages);
    }
    d.stream_specification = spec;
  }
  if (j.contains("LatestStreamLabel")) d.latest_stream_label = Str(j, "LatestStreamLabel");
  d.item_count = Int(j, "ItemCount");
  d.table_size_bytes = Int(j, "TableSizeBytes");
  return d;
}

PutItemResponse PutItemFromJson(const Json& j) {
  return {OptItem(j, "Attributes"), OptConsumed(j)};
}
GetItemResponse GetItemFromJson(const Json& j) { return {OptItem(j, "Item"), OptConsumed(j)}; }
UpdateItemResponse UpdateItemFromJson(const Json& j) {
  return {OptItem(j, "Attributes"), OptConsumed(j)};
}
DeleteItemResponse DeleteItemFromJson(const Json& j) {
  return {OptItem(j, "Attributes"), OptConsumed(j)};
}

QueryResponse QueryFromJson(const Json& j) {
  if (!j.is_object()) Bad("the answer is not a JSON object");
  QueryResponse r;
  if (j.contains("Items")) r.items = Items(j.at("Items"));
  r.count = Int(j, "Count");
  r.scanned_count = Int(j, "ScannedCount");
  r.last_evaluated_key = OptItem(j, "LastEvaluatedKey");
  r.consumed_capacity = OptConsumed(j);
  return r;
}

BatchGetItemResponse BatchGetFromJson(const Json& j) {
  if (!j.is_object()) Bad("the answer is not a JSON object");
  BatchGetItemResponse r;
  if (j.contains("Responses")) {
    for (auto it = j.at("Responses").begin(); it != j.at("Responses").end(); ++it)
      r.responses[it.key()] = Items(it.value());
  }
  if (j.contains("UnprocessedKeys")) {
    for (auto it = j.at("UnprocessedKeys").begin(); it != j.at("UnprocessedKeys").end(); ++it) {
      r.unprocessed_keys[it.key()] = KeysFromJson(it.value());
    }
  }
  r.consumed_capacity = ConsumedList(j);
  return r;
}

BatchWriteItemResponse BatchWriteFromJson(const Json& j) {
  if (!j.is_object()) Bad("the answer is not a JSON object");
  BatchWriteItemResponse r;
  if (j.contains("UnprocessedItems")) {
    for (auto it = j.at("UnprocessedItems").begin(); it != j.at("UnprocessedItems").end(); ++it) {
      std::vector<WriteRequest>& list = r.unprocessed_items[it.key()];
      for (const auto& w : it.value()) {
        WriteRequest request;
        if (w.contains("PutRequest"))
          request.put_request = json::ItemFromJson(At(w.at("PutRequest"), "Item"));
        else if (w.contains("DeleteRequest"))
          request.delete_request = json::ItemFromJson(At(w.at("DeleteRequest"), "Key"));
        else
          Bad("an unprocessed write is neither PutRequest nor DeleteRequest");
        list.push_back(std::move(request));
      }
    }
  }
  r.consumed_capacity = ConsumedList(j);
  return r;
}

TransactWriteItemsResponse TransactWriteFromJson(const Json& j) {
  if (!j.is_object()) Bad("the answer is not a JSON object");
  return {ConsumedList(j)};
}

TransactGetItemsResponse TransactGetFromJson(const Json& j) {
  if (!j.is_object()) Bad("the answer is not a JSON object");
  TransactGetItemsResponse r;
  if (j.contains("Responses")) {
    for (const auto& e : j.at("Responses")) r.responses.push_back({OptItem(e, "Item")});
  }
  r.consumed_capacity = ConsumedList(j);
  return r;
}

Error ErrorFromJson(const Json& j) {
  std::string type = Str(j, "__type");
  Error e;
  e.name = type.substr(type.find('#') == std::string::npos ? 0 : type.find('#') + 1);
  if (j.contains("message") && j.at("message").is_string())
    e.message = j.at("message").get<std::string>();
  else if (j.contains("Message") && j.at("Message").is_string())
    e.message = j.at("Message").get<std::string>();
  e.item = OptItem(j, "Item");
  if (j.contains("CancellationReasons") && j.at("CancellationReasons").is_array()) {
    for (const auto& r : j.at("CancellationReasons")) {
      CancellationReason reason;
      reason.code = r.value("Code", std::string("None"));
      reason.message = r.value("Message", std::string());
      reason.item = OptItem(r, "Item");
      e.reasons.push_back(std::move(reason));
    }
  }
  return e;
}

}  // namespace sim::http
