// The DynamoDB JSON 1.0 adapter: requests and responses shaped as DynamoDB shapes them.
#include "model/sim/wire/wire.h"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "model/sim/engine/database.h"
#include "model/sim/wire/json.h"
#include "wire_fixture.h"

using Json = nlohmann::json;

namespace {

using simtest::Wire;

const Json kTable = {{"TableName", "orders"},
                     {"AttributeDefinitions",
                      {{{"AttributeName", "PK"}, {"AttributeType", "S"}},
                       {{"AttributeName", "SK"}, {"AttributeType", "S"}},
                       {{"AttributeName", "GSI1PK"}, {"AttributeType", "S"}}}},
                     {"KeySchema",
                      {{{"AttributeName", "PK"}, {"KeyType", "HASH"}},
                       {{"AttributeName", "SK"}, {"KeyType", "RANGE"}}}},
                     {"GlobalSecondaryIndexes",
                      {{{"IndexName", "GSI1"},
                        {"KeySchema", {{{"AttributeName", "GSI1PK"}, {"KeyType", "HASH"}}}},
                        {"Projection", {{"ProjectionType", "ALL"}}}}}},
                     {"BillingMode", "PAY_PER_REQUEST"}};

}  // namespace

TEST_CASE("create, describe and list tables", "[sim][wire]") {
  Wire w;
  auto [status, created] = w.Call("CreateTable", kTable);
  REQUIRE(status == 200);
  CHECK(created["TableDescription"]["TableName"] == "orders");
  CHECK(created["TableDescription"]["TableStatus"] == "ACTIVE");
  CHECK(created["TableDescription"]["GlobalSecondaryIndexes"][0]["IndexName"] == "GSI1");
  auto [s2, described] = w.Call("DescribeTable", {{"TableName", "orders"}});
  CHECK(s2 == 200);
  CHECK(described["Table"]["KeySchema"][1]["KeyType"] == "RANGE");
  auto [s3, listed] = w.Call("ListTables", Json::object());
  CHECK(listed["TableNames"] == Json::array({"orders"}));
}

TEST_CASE("items round-trip through every attribute type", "[sim][wire]") {
  Wire w;
  REQUIRE(w.Call("CreateTable", kTable).first == 200);
  Json item = {{"PK", {{"S", "C#1"}}},         {"SK", {{"S", "ORDER#1"}}},
               {"n", {{"N", "012.50"}}},       {"b", {{"B", "AAEC"}}},
               {"ok", {{"BOOL", true}}},       {"none", {{"NULL", true}}},
               {"l", {{"L", {{{"S", "x"}}}}}}, {"m", {{"M", {{"k", {{"N", "1"}}}}}}},
               {"ss", {{"SS", {"b", "a"}}}},   {"ns", {{"NS", {"10", "9"}}}}};
  auto [status, put] = w.Call(
      "PutItem", {{"TableName", "orders"}, {"Item", item}, {"ReturnConsumedCapacity", "TOTAL"}});
  REQUIRE(status == 200);
  CHECK(put["ConsumedCapacity"]["TableName"] == "orders");
  CHECK(put["ConsumedCapacity"]["CapacityUnits"] == 1.0);
  auto [s2, got] = w.Call(
      "GetItem",
      {{"TableName", "orders"}, {"Key", {{"PK", {{"S", "C#1"}}}, {"SK", {{"S", "ORDER#1"}}}}}});
  REQUIRE(s2 == 200);
  CHECK(got["Item"]["n"]["N"] == "12.5");  // canonical number form
  CHECK(got["Item"]["b"]["B"] == "AAEC");
  CHECK(got["Item"]["m"]["M"]["k"]["N"] == "1");
  CHECK(got["Item"]["ns"]["NS"] == Json::array({"9", "10"}));
}

TEST_CASE("query pages with Limit and ExclusiveStartKey", "[sim][wire]") {
  Wire w;
  REQUIRE(w.Call("CreateTable", kTable).first == 200);
  for (int i = 0; i < 5; ++i) {
    Json item = {{"PK", {{"S", "C#1"}}}, {"SK", {{"S", "ORDER#" + std::to_string(i)}}}};
    REQUIRE(w.Call("PutItem", {{"TableName", "orders"}, {"Item", item}}).first == 200);
  }
  Json q = {{"TableName", "orders"},
            {"KeyConditionExpression", "PK = :p AND begins_with(SK, :s)"},
            {"ExpressionAttributeValues", {{":p", {{"S", "C#1"}}}, {":s", {{"S", "ORDER#"}}}}},
            {"ScanIndexForward", false},
            {"Limit", 2}};
  std::vector<std::string> seen;
  for (int page = 0; page < 5; ++page) {
    auto [status, r] = w.Call("Query", q);
    REQUIRE(status == 200);
    for (const auto& item : r["Items"]) seen.push_back(item["SK"]["S"]);
    if (!r.contains("LastEvaluatedKey")) break;
    q["ExclusiveStartKey"] = r["LastEvaluatedKey"];
  }
  CHECK(seen == std::vector<std::string>{"ORDER#4", "ORDER#3", "ORDER#2", "ORDER#1", "ORDER#0"});
}

TEST_CASE("errors carry AWS's type and message", "[sim][wire]") {
  Wire w;
  auto [s1, missing] = w.Call("GetItem", {{"TableName", "nope"}, {"Key", {{"PK", {{"S", "a"}}}}}});
  CHECK(s1 == 400);
  CHECK(missing["__type"] == "com.amazonaws.dynamodb.v20120810#ResourceNotFoundException");
  CHECK(missing["message"] == "Requested resource not found");
  REQUIRE(w.Call("CreateTable", kTable).first == 200);
  auto [s2, bad] = w.Call(
      "PutItem", {{"TableName", "orders"}, {"Item", {{"PK", {{"N", "1"}}}, {"SK", {{"S", "x"}}}}}});
  CHECK(s2 == 400);
  CHECK(bad["__type"] == "com.amazon.coral.validate#ValidationException");
  CHECK(
      bad["message"] ==
      "One or more parameter values were invalid: Type mismatch for key PK expected: S actual: N");
  Json item = {{"PK", {{"S", "a"}}}, {"SK", {{"S", "b"}}}};
  REQUIRE(w.Call("PutItem", {{"TableName", "orders"}, {"Item", item}}).first == 200);
  auto [s3, failed] = w.Call("PutItem", {{"TableName", "orders"},
                                         {"Item", item},
                                         {"ConditionExpression", "attribute_not_exists(PK)"}});
  CHECK(s3 == 400);
  CHECK(failed["__type"] == "com.amazonaws.dynamodb.v20120810#ConditionalCheckFailedException");
  auto unknown = w.adapter.Handle("DynamoDB_20120810.Frobnicate", "{}");
  CHECK(unknown.status == 400);
  CHECK(Json::parse(unknown.body)["__type"] ==
        "com.amazonaws.dynamodb.v20120810#UnknownOperationException");
  auto garbage = w.adapter.Handle("DynamoDB_20120810.GetItem", "{not json");
  CHECK(garbage.status == 400);
  CHECK(Json::parse(garbage.body)["__type"] ==
        "com.amazonaws.dynamodb.v20120810#SerializationException");
}

TEST_CASE("transactions report cancellation reasons in request order", "[sim][wire]") {
  Wire w;
  REQUIRE(w.Call("CreateTable", kTable).first == 200);
  Json a = {{"PK", {{"S", "a"}}}, {"SK", {{"S", "1"}}}};
  REQUIRE(w.Call("PutItem", {{"TableName", "orders"}, {"Item", a}}).first == 200);
  Json b = {{"PK", {{"S", "b"}}}, {"SK", {{"S", "1"}}}};
  Json t = {{"TransactItems",
             {{{"Put", {{"TableName", "orders"}, {"Item", b}}}},
              {{"Put",
                {{"TableName", "orders"},
                 {"Item", a},
                 {"ConditionExpression", "attribute_not_exists(PK)"}}}}}}};
  auto [status, r] = w.Call("TransactWriteItems", t);
  CHECK(status == 400);
  CHECK(r["__type"] == "com.amazonaws.dynamodb.v20120810#TransactionCanceledException");
  REQUIRE(r["CancellationReasons"].size() == 2);
  CHECK(r["CancellationReasons"][0]["Code"] == "None");
  CHECK(r["CancellationReasons"][1]["Code"] == "ConditionalCheckFailed");
  auto [s2, got] = w.Call("GetItem", {{"TableName", "orders"}, {"Key", b}});
  CHECK_FALSE(got.contains("Item"));  // all or nothing
}

TEST_CASE("items are rendered as nlohmann would dump them, byte for byte", "[sim][wire]") {
  using sim::AttributeValue;
  sim::Item nested{{"q\"uote", AttributeValue::S("back\\slash")},
                   {"ctl", AttributeValue::S(std::string("a\x01\x1f\b\f\n\r\t\x7f", 10))}};
  sim::Item item{
      {"s", AttributeValue::S("\xc3\xa9\xf0\x9f\x98\x80 plain")},
      {"n", AttributeValue::N("-12.5")},
      {"b", AttributeValue::B(std::string("\x00\xff\x10", 3))},
      {"t", AttributeValue::Bool(true)},
      {"f", AttributeValue::Bool(false)},
      {"z", AttributeValue::Null()},
      {"m", AttributeValue::M(nested)},
      {"l",
       AttributeValue::L({AttributeValue::N("1"), AttributeValue::M({}), AttributeValue::L({})})},
      {"ss", AttributeValue::SS({"b", "a"})},
      {"ns", AttributeValue::NS({"10", "9"})},
      {"bs", AttributeValue::BS({std::string("\x01", 1), "xy"})},
  };
  std::string fast;
  sim::wire::AppendItemJson(item, &fast);
  CHECK(fast == sim::wire::ItemToJson(item).dump());
  std::string empty;
  sim::wire::AppendItemJson({}, &empty);
  CHECK(empty == "{}");
}

TEST_CASE("the DynamoDB Streams API serves a table's change records", "[sim][wire]") {
  Wire w;
  Json table = kTable;
  table["StreamSpecification"] = {{"StreamEnabled", true},
                                  {"StreamViewType", "NEW_AND_OLD_IMAGES"}};
  auto [created_status, created] = w.Call("CreateTable", table);
  REQUIRE(created_status == 200);
  const std::string arn = created["TableDescription"]["LatestStreamArn"];
  CHECK(created["TableDescription"]["StreamSpecification"]["StreamViewType"] ==
        "NEW_AND_OLD_IMAGES");
  auto streams = [&](const std::string& op, const Json& body) {
    sim::WireResponse r = w.adapter.Handle("DynamoDBStreams_20120810." + op, body.dump());
    return std::pair<int, Json>{r.status, Json::parse(r.body)};
  };
  Json key = {{"PK", {{"S", "a"}}}, {"SK", {{"S", "1"}}}};
  Json item = key;
  item["v"] = {{"N", "1"}};
  REQUIRE(w.Call("PutItem", {{"TableName", "orders"}, {"Item", item}}).first == 200);
  REQUIRE(w.Call("UpdateItem", {{"TableName", "orders"},
                                {"Key", key},
                                {"UpdateExpression", "SET v = :v"},
                                {"ExpressionAttributeValues", {{":v", {{"N", "2"}}}}}})
              .first == 200);
  REQUIRE(w.Call("DeleteItem", {{"TableName", "orders"}, {"Key", key}}).first == 200);

  auto [ls, listed] = streams("ListStreams", {{"TableName", "orders"}});
  REQUIRE(ls == 200);
  REQUIRE(listed["Streams"].size() == 1);
  CHECK(listed["Streams"][0]["StreamArn"] == arn);
  auto [ds, described] = streams("DescribeStream", {{"StreamArn", arn}});
  REQUIRE(ds == 200);
  const std::string shard = described["StreamDescription"]["Shards"][0]["ShardId"];
  CHECK(described["StreamDescription"]["StreamStatus"] == "ENABLED");

  auto [is, it] =
      streams("GetShardIterator",
              {{"StreamArn", arn}, {"ShardId", shard}, {"ShardIteratorType", "TRIM_HORIZON"}});
  REQUIRE(is == 200);
  auto [gs, got] = streams("GetRecords", {{"ShardIterator", it["ShardIterator"]}, {"Limit", 2}});
  REQUIRE(gs == 200);
  REQUIRE(got["Records"].size() == 2);
  CHECK(got["Records"][0]["eventName"] == "INSERT");
  CHECK(got["Records"][0]["dynamodb"]["NewImage"]["v"] == Json({{"N", "1"}}));
  CHECK(got["Records"][1]["eventName"] == "MODIFY");
  CHECK(got["Records"][1]["dynamodb"]["OldImage"]["v"] == Json({{"N", "1"}}));
  // Keys (PK, SK: 6 bytes) + NewImage (9) + OldImage (9), as DynamoDB Local counts.
  CHECK(got["Records"][1]["dynamodb"]["SizeBytes"] == 24);
  auto [ns, next] = streams("GetRecords", {{"ShardIterator", got["NextShardIterator"]}});
  REQUIRE(ns == 200);
  REQUIRE(next["Records"].size() == 1);
  CHECK(next["Records"][0]["eventName"] == "REMOVE");
  CHECK_FALSE(next["Records"][0]["dynamodb"].contains("NewImage"));

  // LATEST starts after the last record; AFTER_SEQUENCE_NUMBER after the one given.
  auto [ll, latest] =
      streams("GetShardIterator",
              {{"StreamArn", arn}, {"ShardId", shard}, {"ShardIteratorType", "LATEST"}});
  REQUIRE(ll == 200);
  CHECK(streams("GetRecords", {{"ShardIterator", latest["ShardIterator"]}})
            .second["Records"]
            .empty());
  const std::string first = got["Records"][0]["dynamodb"]["SequenceNumber"];
  auto [as, after] = streams("GetShardIterator", {{"StreamArn", arn},
                                                  {"ShardId", shard},
                                                  {"ShardIteratorType", "AFTER_SEQUENCE_NUMBER"},
                                                  {"SequenceNumber", first}});
  REQUIRE(as == 200);
  CHECK(
      streams("GetRecords", {{"ShardIterator", after["ShardIterator"]}}).second["Records"].size() ==
      2);

  auto [bad, error] = streams("GetRecords", {{"ShardIterator", "not-an-iterator"}});
  CHECK(bad == 400);
  CHECK(error["__type"] == "com.amazon.coral.validate#ValidationException");
  auto [missing, none] = streams("DescribeStream", {{"StreamArn", arn + "x"}});
  CHECK(missing == 400);
  CHECK(none["__type"] == "com.amazonaws.dynamodb.v20120810#ResourceNotFoundException");
}
