// The simulated table's data-plane rules, through the JSON adapter (as SDKs see them): limits at
// their byte boundaries, key orders, pagination, the 1 MB page, capacity edges, GSI rules,
// transactions, batches and streams. Expected values come from ../shared/dynamodb-reference.md
// (AWS documentation and observations of DynamoDB Local) and, where noted, from the differential
// test against DynamoDB Local.
#include <unistd.h>

#include <catch2/catch.hpp>
#include <cstdio>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <set>
#include <string>

#include "model/sim/engine/database.h"
#include "model/sim/wire/wire.h"
#include "wire_fixture.h"

using Json = nlohmann::json;

namespace {

using simtest::Wire;

Json KeyDef(const std::string& name, const std::string& type) {
  return {{"AttributeName", name}, {"AttributeType", type}};
}
Json Hash(const std::string& name) { return {{"AttributeName", name}, {"KeyType", "HASH"}}; }
Json Range(const std::string& name) { return {{"AttributeName", name}, {"KeyType", "RANGE"}}; }

// Table `name` keyed pk (S) and sk of `sk_type` ("" for none).
Json Table(const std::string& name, const std::string& sk_type = "S") {
  Json t = {{"TableName", name},
            {"AttributeDefinitions", Json::array({KeyDef("pk", "S")})},
            {"KeySchema", Json::array({Hash("pk")})},
            {"BillingMode", "PAY_PER_REQUEST"}};
  if (!sk_type.empty()) {
    t["AttributeDefinitions"].push_back(KeyDef("sk", sk_type));
    t["KeySchema"].push_back(Range("sk"));
  }
  return t;
}

Json S(const std::string& s) { return {{"S", s}}; }
Json N(const std::string& n) { return {{"N", n}}; }

Json Put(const std::string& table, const Json& item) {
  return {{"TableName", table}, {"Item", item}};
}

Json QueryPk(const std::string& table, const std::string& pk) {
  return {{"TableName", table},
          {"KeyConditionExpression", "pk = :p"},
          {"ExpressionAttributeValues", {{":p", S(pk)}}}};
}

}  // namespace

TEST_CASE("item size: 400 KB exactly is accepted, one byte more is rejected", "[sim][table]") {
  Wire w;
  w.Ok("CreateTable", Table("limits"));
  // pk (2) + "a" (1) + sk (2) + "big" (3) + v (1) + value = 409,600 bytes.
  const std::string value(409600 - 3 - 5 - 1, 'x');
  w.Ok("PutItem", Put("limits", {{"pk", S("a")}, {"sk", S("big")}, {"v", S(value)}}));
  auto [type, message] =
      w.Fail("PutItem", Put("limits", {{"pk", S("a")}, {"sk", S("big")}, {"v", S(value + "x")}}));
  CHECK(type == "ValidationException");
  CHECK(message == "Item size has exceeded the maximum allowed size");
  // An update that grows the item past the limit.
  auto [utype, umessage] = w.Fail("UpdateItem", {{"TableName", "limits"},
                                                 {"Key", {{"pk", S("a")}, {"sk", S("big")}}},
                                                 {"UpdateExpression", "SET w = :w"},
                                                 {"ExpressionAttributeValues", {{":w", S("y")}}}});
  CHECK(utype == "ValidationException");
  CHECK(umessage == "Item size to update has exceeded the maximum allowed size");
}

TEST_CASE("key sizes: 2048-byte partition and 1024-byte sort keys, empty keys", "[sim][table]") {
  Wire w;
  w.Ok("CreateTable", Table("limits"));
  const std::string pk2048(2048, 'p'), sk1024(1024, 's');
  w.Ok("PutItem", Put("limits", {{"pk", S(pk2048)}, {"sk", S(sk1024)}}));
  CHECK(w.Fail("PutItem", Put("limits", {{"pk", S(pk2048 + "p")}, {"sk", S("a")}})).second ==
        "One or more parameter values were invalid: Size of hashkey has exceeded the maximum size "
        "limit of2048 bytes");
  CHECK(w.Fail("PutItem", Put("limits", {{"pk", S("a")}, {"sk", S(sk1024 + "s")}})).second ==
        "One or more parameter values were invalid: Aggregated size of all range keys has "
        "exceeded the size limit of 1024 bytes");
  CHECK(w.Fail("PutItem", Put("limits", {{"pk", S("")}, {"sk", S("a")}})).second ==
        "One or more parameter values are not valid. The AttributeValue for a key attribute "
        "cannot contain an empty string value. Key: pk");
  // Multi-byte characters count in UTF-8 bytes: 1024 two-byte characters make 2048 bytes.
  std::string wide;
  for (int i = 0; i < 1024; ++i) wide += "\xc3\xa9";
  w.Ok("PutItem", Put("limits", {{"pk", S(wide)}, {"sk", S("a")}}));
  CHECK(w.Fail("PutItem", Put("limits", {{"pk", S(wide + "a")}, {"sk", S("a")}})).first ==
        "ValidationException");
}

TEST_CASE("sort orders: UTF-8 bytes for S, numeric for N, unsigned bytes for B", "[sim][table]") {
  Wire w;
  w.Ok("CreateTable", Table("strings"));
  // Inserted out of order; U+FFFF (EF BF BF) sorts before U+1F600 (F0 9F 98 80) in UTF-8 order.
  for (const char* sk : {"\xf0\x9f\x98\x80", "ab", "\xef\xbf\xbf", "B", "\xc3\xa9", "a"}) {
    w.Ok("PutItem", Put("strings", {{"pk", S("p")}, {"sk", S(sk)}}));
  }
  Json got = w.Ok("Query", QueryPk("strings", "p"));
  std::vector<std::string> order;
  for (const Json& item : got["Items"]) order.push_back(item["sk"]["S"]);
  CHECK(order ==
        std::vector<std::string>{"B", "a", "ab", "\xc3\xa9", "\xef\xbf\xbf", "\xf0\x9f\x98\x80"});

  w.Ok("CreateTable", Table("numbers", "N"));
  for (const char* sk : {"10", "-1.5", "1E+2", "0.001", "-10", "2", "-0.001", "0"}) {
    w.Ok("PutItem", Put("numbers", {{"pk", S("p")}, {"sk", N(sk)}}));
  }
  Json query = QueryPk("numbers", "p");
  query["ScanIndexForward"] = false;
  got = w.Ok("Query", query);
  order.clear();
  for (const Json& item : got["Items"]) order.push_back(item["sk"]["N"]);
  // Descending, in canonical form ("1E+2" comes back as "100").
  CHECK(order == std::vector<std::string>{"100", "10", "2", "0.001", "0", "-0.001", "-1.5", "-10"});

  w.Ok("CreateTable", Table("binaries", "B"));
  for (const char* sk :
       {"/w==", "gAA=", "AA==", "fw==", "AQI=", "gA=="}) {  // ff 8000 00 7f 0102 80
    w.Ok("PutItem", Put("binaries", {{"pk", S("p")}, {"sk", {{"B", sk}}}}));
  }
  got = w.Ok("Query", QueryPk("binaries", "p"));
  order.clear();
  for (const Json& item : got["Items"]) order.push_back(item["sk"]["B"]);
  CHECK(order == std::vector<std::string>{"AA==", "AQI=", "fw==", "gA==", "gAA=", "/w=="});
}

TEST_CASE("numbers that are the same key: -0, 0.000 and 0", "[sim][table]") {
  Wire w;
  w.Ok("CreateTable", Table("numbers", "N"));
  w.Ok("PutItem", Put("numbers", {{"pk", S("p")}, {"sk", N("-0")}, {"v", S("first")}}));
  w.Ok("PutItem", Put("numbers", {{"pk", S("p")}, {"sk", N("0.000")}, {"v", S("second")}}));
  Json got = w.Ok("GetItem", {{"TableName", "numbers"}, {"Key", {{"pk", S("p")}, {"sk", N("0")}}}});
  CHECK(got["Item"]["v"] == S("second"));
  CHECK(got["Item"]["sk"] == N("0"));
}

TEST_CASE("pagination: Limit, LastEvaluatedKey and where the range ends", "[sim][table]") {
  Wire w;
  w.Ok("CreateTable", Table("pages"));
  for (const char* sk : {"a", "b", "c", "d"}) {
    w.Ok("PutItem", Put("pages", {{"pk", S("p")}, {"sk", S(sk)}}));
  }
  Json query = QueryPk("pages", "p");
  query["Limit"] = 3;
  Json first = w.Ok("Query", query);
  CHECK(first["Count"] == 3);
  REQUIRE(first.contains("LastEvaluatedKey"));
  CHECK(first["LastEvaluatedKey"] == Json({{"pk", S("p")}, {"sk", S("c")}}));
  query["ExclusiveStartKey"] = first["LastEvaluatedKey"];
  Json second = w.Ok("Query", query);
  CHECK(second["Count"] == 1);
  CHECK_FALSE(second.contains("LastEvaluatedKey"));

  // A page that stops exactly at the end of the partition still carries the key...
  Json all = QueryPk("pages", "p");
  all["Limit"] = 4;
  CHECK(w.Ok("Query", all).contains("LastEvaluatedKey"));
  // ...but not when it stops on the inclusive end of the sort-key range (nothing can follow).
  Json bounded = all;
  bounded["KeyConditionExpression"] = "pk = :p AND sk <= :e";
  bounded["ExpressionAttributeValues"][":e"] = S("b");
  bounded["Limit"] = 2;
  CHECK_FALSE(w.Ok("Query", bounded).contains("LastEvaluatedKey"));
  // `sk = :v` keeps it (DynamoDB Local does).
  Json equal = all;
  equal["KeyConditionExpression"] = "pk = :p AND sk = :e";
  equal["ExpressionAttributeValues"][":e"] = S("b");
  equal["Limit"] = 1;
  CHECK(w.Ok("Query", equal).contains("LastEvaluatedKey"));

  // A table without a sort key holds one item per partition: no key after it.
  w.Ok("CreateTable", Table("single", ""));
  w.Ok("PutItem", Put("single", {{"pk", S("p")}}));
  Json one = QueryPk("single", "p");
  one["Limit"] = 1;
  CHECK_FALSE(w.Ok("Query", one).contains("LastEvaluatedKey"));
}

TEST_CASE("the 1 MB page limit applies before the filter", "[sim][table]") {
  Wire w;
  w.Ok("CreateTable", Table("big"));
  const std::string payload(10 * 1024, 'x');
  for (int i = 0; i < 150; ++i) {
    char sk[16];
    std::snprintf(sk, sizeof sk, "%04d", i);
    w.Ok("PutItem", Put("big", {{"pk", S("p")}, {"sk", S(sk)}, {"v", S(payload)}}));
  }
  Json query = QueryPk("big", "p");
  query["FilterExpression"] = "attribute_not_exists(v)";  // drops everything read
  Json page = w.Ok("Query", query);
  CHECK(page["Count"] == 0);
  // ~10 KB items: the page stops near 1 MB (about 100 items), not at the end, and says where.
  CHECK(page["ScannedCount"].get<int>() > 90);
  CHECK(page["ScannedCount"].get<int>() < 110);
  CHECK(page.contains("LastEvaluatedKey"));
  // Select COUNT counts without returning items.
  Json count = QueryPk("big", "p");
  count["Select"] = "COUNT";
  count["Limit"] = 7;
  Json counted = w.Ok("Query", count);
  CHECK(counted["Count"] == 7);
  CHECK_FALSE(counted.contains("Items"));
}

TEST_CASE("capacity: 1 KB write and 4 KB read boundaries, consistency", "[sim][table]") {
  Wire w;
  w.Ok("CreateTable", Table("units"));
  // pk (2) + "a" (1) + sk (2) + "b" (1) + v (1) = 7 bytes of overhead.
  auto put = [&](const std::string& sk, std::size_t size) {
    Json body = Put("units", {{"pk", S("a")}, {"sk", S(sk)}, {"v", S(std::string(size - 7, 'x'))}});
    body["ReturnConsumedCapacity"] = "TOTAL";
    return w.Ok("PutItem", body)["ConsumedCapacity"]["CapacityUnits"].get<double>();
  };
  CHECK(put("b", 1024) == 1.0);
  CHECK(put("c", 1025) == 2.0);
  CHECK(put("d", 4096) == 4.0);
  CHECK(put("e", 4097) == 5.0);
  auto get = [&](const std::string& sk, bool strong) {
    Json body = {{"TableName", "units"},
                 {"Key", {{"pk", S("a")}, {"sk", S(sk)}}},
                 {"ConsistentRead", strong},
                 {"ReturnConsumedCapacity", "TOTAL"}};
    return w.Ok("GetItem", body)["ConsumedCapacity"]["CapacityUnits"].get<double>();
  };
  CHECK(get("d", false) == 0.5);  // 4,096 bytes: one 4 KB unit
  CHECK(get("d", true) == 1.0);
  CHECK(get("e", false) == 1.0);  // 4,097 bytes: two units
  CHECK(get("e", true) == 2.0);
  CHECK(get("missing", false) == 0.5);  // a missing item still costs the minimum
  CHECK(get("missing", true) == 1.0);
  // Overwriting charges the larger of the old and new sizes.
  CHECK(put("e", 100) == 5.0);
}

TEST_CASE("GSIs: sparse, wrong-typed keys rejected, filters on unprojected attributes",
          "[sim][table]") {
  Wire w;
  Json table = Table("gsi");
  table["AttributeDefinitions"].push_back(KeyDef("g", "S"));
  table["AttributeDefinitions"].push_back(KeyDef("n", "N"));
  table["GlobalSecondaryIndexes"] = {{{"IndexName", "by_g"},
                                      {"KeySchema", {Hash("g"), Range("n")}},
                                      {"Projection", {{"ProjectionType", "KEYS_ONLY"}}}}};
  w.Ok("CreateTable", table);
  w.Ok("PutItem",
       Put("gsi",
           {{"pk", S("1")}, {"sk", S("a")}, {"g", S("G")}, {"n", N("2")}, {"x", S("hidden")}}));
  w.Ok("PutItem",
       Put("gsi", {{"pk", S("2")}, {"sk", S("a")}, {"g", S("G")}}));  // no n: not indexed
  auto [type, message] =
      w.Fail("PutItem", Put("gsi", {{"pk", S("3")}, {"sk", S("a")}, {"g", N("1")}, {"n", N("1")}}));
  CHECK(type == "ValidationException");
  CHECK(message.rfind("One or more parameter values were invalid: Type mismatch for Index Key",
                      0) == 0);
  CHECK_FALSE(w.Ok("GetItem", {{"TableName", "gsi"}, {"Key", {{"pk", S("3")}, {"sk", S("a")}}}})
                  .contains("Item"));

  Json query = {{"TableName", "gsi"},
                {"IndexName", "by_g"},
                {"KeyConditionExpression", "g = :g"},
                {"ExpressionAttributeValues", {{":g", S("G")}}}};
  Json got = w.Ok("Query", query);
  REQUIRE(got["Count"] == 1);
  CHECK(got["Items"][0] == Json({{"pk", S("1")}, {"sk", S("a")}, {"g", S("G")}, {"n", N("2")}}));
  query["ConsistentRead"] = true;
  CHECK(w.Fail("Query", query).second ==
        "Consistent reads are not supported on global secondary indexes");
  query.erase("ConsistentRead");
  query["FilterExpression"] = "attribute_exists(x)";
  CHECK(w.Fail("Query", query).second ==
        "One or more parameter values were invalid: Secondary index by_g does not project one or "
        "more filter attributes: [x]");
}

TEST_CASE("UpdateItem: the condition is checked before the key-attribute rule", "[sim][table]") {
  Wire w;
  w.Ok("CreateTable", Table("upd"));
  w.Ok("PutItem", Put("upd", {{"pk", S("p")}, {"sk", S("a")}, {"l", {{"L", {N("1")}}}}}));
  Json update = {{"TableName", "upd"},
                 {"Key", {{"pk", S("p")}, {"sk", S("a")}}},
                 {"UpdateExpression", "SET pk = :v"},
                 {"ExpressionAttributeValues", {{":v", S("q")}}}};
  CHECK(w.Fail("UpdateItem", update).second ==
        "One or more parameter values were invalid: Cannot update attribute pk. This attribute is "
        "part of the key");
  update["ConditionExpression"] = "attribute_not_exists(pk)";
  CHECK(w.Fail("UpdateItem", update).first == "ConditionalCheckFailedException");

  // UPDATED_NEW leaves out a list the update emptied from inside (as DynamoDB Local does).
  Json remove = {{"TableName", "upd"},
                 {"Key", {{"pk", S("p")}, {"sk", S("a")}}},
                 {"UpdateExpression", "SET a = :a REMOVE l[0]"},
                 {"ExpressionAttributeValues", {{":a", N("1")}}},
                 {"ReturnValues", "UPDATED_NEW"}};
  CHECK(w.Ok("UpdateItem", remove)["Attributes"] == Json({{"a", N("1")}}));
  CHECK(w.Ok("GetItem",
             {{"TableName", "upd"}, {"Key", {{"pk", S("p")}, {"sk", S("a")}}}})["Item"]["l"] ==
        Json({{"L", Json::array()}}));
}

TEST_CASE("TransactWriteItems: reasons, key updates, updates that cannot apply", "[sim][table]") {
  Wire w;
  w.Ok("CreateTable", Table("txn"));
  w.Ok("PutItem", Put("txn", {{"pk", S("a")}, {"sk", S("1")}}));
  Json key_a = {{"pk", S("a")}, {"sk", S("1")}};
  Json key_b = {{"pk", S("b")}, {"sk", S("1")}};
  Json failing_check = {{"ConditionCheck",
                         {{"TableName", "txn"},
                          {"Key", key_a},
                          {"ConditionExpression", "attribute_not_exists(pk)"}}}};
  Json key_update = {{"Update",
                      {{"TableName", "txn"},
                       {"Key", key_b},
                       {"UpdateExpression", "SET sk = :v"},
                       {"ExpressionAttributeValues", {{":v", S("2")}}}}}};
  auto [status, answer] =
      w.Call("TransactWriteItems", {{"TransactItems", {failing_check, key_update}}});
  CHECK(status == 400);
  CHECK(answer["__type"] == "com.amazonaws.dynamodb.v20120810#TransactionCanceledException");
  REQUIRE(answer["CancellationReasons"].size() == 2);
  CHECK(answer["CancellationReasons"][0]["Code"] == "None");
  CHECK(answer["CancellationReasons"][1]["Code"] == "ValidationError");

  Json bad_path = {{"Update",
                    {{"TableName", "txn"},
                     {"Key", key_a},
                     {"UpdateExpression", "SET m.x = :v"},
                     {"ExpressionAttributeValues", {{":v", N("1")}}}}}};
  auto [type, message] = w.Fail("TransactWriteItems", {{"TransactItems", {bad_path}}});
  CHECK(type == "ValidationException");
  CHECK(message == "The document path provided in the update expression is invalid for update");

  Json twice = {
      {"TransactItems",
       {{{"Put", Put("txn", key_b)}}, {{"Delete", {{"TableName", "txn"}, {"Key", key_b}}}}}}};
  CHECK(w.Fail("TransactWriteItems", twice).second ==
        "Transaction request cannot include multiple operations on one item");
}

TEST_CASE("BatchWriteItem rejects duplicate keys and applies the rest together", "[sim][table]") {
  Wire w;
  w.Ok("CreateTable", Table("batch"));
  Json item = {{"pk", S("a")}, {"sk", S("1")}};
  Json dup = {
      {"RequestItems",
       {{"batch", {{{"PutRequest", {{"Item", item}}}}, {{"DeleteRequest", {{"Key", item}}}}}}}}};
  CHECK(w.Fail("BatchWriteItem", dup).second == "Provided list of item keys contains duplicates");
  Json ok = {{"RequestItems",
              {{"batch",
                {{{"PutRequest", {{"Item", item}}}},
                 {{"PutRequest", {{"Item", {{"pk", S("a")}, {"sk", S("2")}}}}}}}}}}};
  CHECK(w.Ok("BatchWriteItem", ok)["UnprocessedItems"] == Json::object());
  Json get = {{"RequestItems", {{"batch", {{"Keys", {item, {{"pk", S("zz")}, {"sk", S("1")}}}}}}}}};
  CHECK(w.Ok("BatchGetItem", get)["Responses"]["batch"].size() == 1);
}

TEST_CASE("wire: null members are absent; ConsumedCapacity has DynamoDB's fields", "[sim][wire]") {
  Wire w;
  w.Ok("CreateTable", Table("wire"));
  Json put = Put("wire", {{"pk", S("a")}, {"sk", S("1")}});
  put["ExpressionAttributeValues"] = nullptr;
  put["ConditionExpression"] = nullptr;
  put["ReturnConsumedCapacity"] = "TOTAL";
  Json answer = w.Ok("PutItem", put);
  CHECK(answer["ConsumedCapacity"] == Json({{"TableName", "wire"}, {"CapacityUnits", 1.0}}));
}

TEST_CASE("streams record INSERT, MODIFY and REMOVE in order, none for failed writes",
          "[sim][table]") {
  auto db = sim::Database::Open();
  REQUIRE(db.ok());
  sim::CreateTableRequest create;
  create.table_name = "streamed";
  create.attribute_definitions = {{"pk", sim::ValueType::kS}};
  create.key_schema = {{"pk", sim::KeyRole::kHash}};
  create.stream_specification =
      sim::StreamSpecification{true, sim::StreamViewType::kNewAndOldImages};
  REQUIRE((*db)->CreateTable(create).ok());
  auto item = [](const char* v) {
    return sim::Item{{"pk", sim::AttributeValue::S("k")}, {"v", sim::AttributeValue::S(v)}};
  };
  sim::PutItemRequest put{"streamed",
                          item("1"),
                          "",
                          {},
                          {},
                          sim::ReturnValues::kNone,
                          sim::ReturnConsumedCapacity::kNone,
                          sim::ReturnValuesOnConditionCheckFailure::kNone};
  REQUIRE((*db)->PutItem(put).ok());
  put.item = item("2");
  REQUIRE((*db)->PutItem(put).ok());
  put.condition_expression = "attribute_not_exists(pk)";  // fails: no record
  REQUIRE_FALSE((*db)->PutItem(put).ok());
  sim::DeleteItemRequest del;
  del.table_name = "streamed";
  del.key = {{"pk", sim::AttributeValue::S("k")}};
  REQUIRE((*db)->DeleteItem(del).ok());
  auto read = (*db)->ReadStream("streamed", 0, 100);
  REQUIRE(read.ok());
  REQUIRE(read->records.size() == 3);
  CHECK(read->records[0].event_name == sim::StreamEventName::kInsert);
  CHECK(read->records[1].event_name == sim::StreamEventName::kModify);
  CHECK(read->records[1].old_image->at("v").scalar() == "1");
  CHECK(read->records[1].new_image->at("v").scalar() == "2");
  CHECK(read->records[2].event_name == sim::StreamEventName::kRemove);
  CHECK_FALSE(read->records[2].new_image.has_value());
  CHECK(read->records[0].sequence_number < read->records[1].sequence_number);
}

TEST_CASE("parallel Scan segments are disjoint and together complete", "[sim][table]") {
  Wire w;
  w.Ok("CreateTable", Table("segments"));
  for (int i = 0; i < 60; ++i) {
    w.Ok("PutItem",
         Put("segments", {{"pk", S("p" + std::to_string(i % 20))}, {"sk", S(std::to_string(i))}}));
  }
  std::multiset<std::string> seen;
  for (int segment = 0; segment < 4; ++segment) {
    Json scan = {
        {"TableName", "segments"}, {"Segment", segment}, {"TotalSegments", 4}, {"Limit", 7}};
    for (int page = 0; page < 100; ++page) {
      Json got = w.Ok("Scan", scan);
      for (const Json& item : got["Items"]) seen.insert(item.dump());
      if (!got.contains("LastEvaluatedKey")) break;
      scan["ExclusiveStartKey"] = got["LastEvaluatedKey"];
    }
  }
  CHECK(seen.size() == 60);
  std::set<std::string> distinct(seen.begin(), seen.end());
  CHECK(distinct.size() == 60);  // no item in two segments
  CHECK(w.Fail("Scan", {{"TableName", "segments"}, {"Segment", 1}}).second ==
        "The TotalSegments parameter is required but was not present in the request when "
        "Segment parameter is present");
}

TEST_CASE("an LSI caps the item collection (the 10 GB limit, lowered for the test)",
          "[sim][table]") {
  sim::DatabaseOptions options;
  options.item_collection_limit_bytes = 1000;
  auto opened = sim::Database::Open(options);
  REQUIRE(opened.ok());
  sim::Database& db = **opened;
  sim::CreateTableRequest create;
  create.table_name = "collections";
  create.attribute_definitions = {
      {"pk", sim::ValueType::kS}, {"sk", sim::ValueType::kS}, {"l", sim::ValueType::kS}};
  create.key_schema = {{"pk", sim::KeyRole::kHash}, {"sk", sim::KeyRole::kRange}};
  sim::SecondaryIndex lsi;
  lsi.index_name = "by_l";
  lsi.key_schema = {{"pk", sim::KeyRole::kHash}, {"l", sim::KeyRole::kRange}};
  create.local_secondary_indexes.push_back(lsi);
  REQUIRE(db.CreateTable(create).ok());
  auto put = [&](const std::string& pk, const std::string& sk) {
    sim::PutItemRequest r;
    r.table_name = "collections";
    r.item = {{"pk", sim::AttributeValue::S(pk)},
              {"sk", sim::AttributeValue::S(sk)},
              {"l", sim::AttributeValue::S("x")},
              {"v", sim::AttributeValue::S(std::string(200, 'v'))}};
    return db.PutItem(r);
  };
  int stored = 0;
  sim::SimResult<sim::PutItemResponse> last = put("p", "0");
  while (last.ok() && stored < 100) {
    ++stored;
    last = put("p", std::to_string(stored));
  }
  REQUIRE_FALSE(last.ok());
  CHECK(last.error().name == "ItemCollectionSizeLimitExceededException");
  CHECK(last.error().message.find("The total size of an item collection has exceeded the "
                                  "maximum limit of 10 gigabytes") != std::string::npos);
  CHECK(stored >= 1);
  CHECK(stored < 5);          // 1,000 bytes hold only a few ~220-byte items plus their LSI entries
  CHECK(put("q", "0").ok());  // another partition key is another collection
}

TEST_CASE("a database file keeps every committed write across a reopen", "[sim][table]") {
  const std::string path = (std::filesystem::temp_directory_path() /
                            ("model-sim-test-" + std::to_string(getpid()) + ".sqlite"))
                               .string();
  {
    sim::DatabaseOptions options;
    options.path = path;
    auto opened = sim::Database::Open(options);
    REQUIRE(opened.ok());
    sim::WireAdapter adapter(**opened);
    auto call = [&](const std::string& op, const Json& body) {
      return adapter.Handle("DynamoDB_20120810." + op, body.dump()).status;
    };
    REQUIRE(call("CreateTable", Table("kept")) == 200);
    REQUIRE(call("PutItem", Put("kept", {{"pk", S("a")}, {"sk", S("1")}, {"v", N("1")}})) == 200);
    REQUIRE(call("UpdateItem", {{"TableName", "kept"},
                                {"Key", {{"pk", S("a")}, {"sk", S("1")}}},
                                {"UpdateExpression", "ADD v :one"},
                                {"ExpressionAttributeValues", {{":one", N("1")}}}}) == 200);
  }
  {
    sim::DatabaseOptions options;
    options.path = path;
    auto opened = sim::Database::Open(options);
    REQUIRE(opened.ok());
    sim::WireAdapter adapter(**opened);
    sim::WireResponse got = adapter.Handle(
        "DynamoDB_20120810.GetItem",
        Json({{"TableName", "kept"}, {"Key", {{"pk", S("a")}, {"sk", S("1")}}}}).dump());
    REQUIRE(got.status == 200);
    CHECK(Json::parse(got.body)["Item"]["v"] == N("2"));
    sim::WireResponse described =
        adapter.Handle("DynamoDB_20120810.DescribeTable", Json({{"TableName", "kept"}}).dump());
    CHECK(Json::parse(described.body)["Table"]["ItemCount"] == 1);
  }
  for (const char* suffix : {"", "-wal", "-shm"}) std::remove((path + suffix).c_str());
}
