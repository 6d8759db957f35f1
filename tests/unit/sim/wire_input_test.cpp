// The JSON adapter on hostile or malformed requests: every answer is a DynamoDB error of the
// right kind (SerializationException for a member of the wrong JSON type, ValidationException
// for a constraint, in that order, before any table is looked up), never a crash or a 5xx.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <string>

#include "model/sim/wire/wire.h"
#include "wire_fixture.h"

using Json = nlohmann::json;

namespace {

using simtest::Wire;

const Json kTable = {
    {"TableName", "tbl"},
    {"BillingMode", "PAY_PER_REQUEST"},
    {"AttributeDefinitions",
     {{{"AttributeName", "PK"}, {"AttributeType", "S"}},
      {{"AttributeName", "SK"}, {"AttributeType", "S"}},
      {{"AttributeName", "G"}, {"AttributeType", "S"}}}},
    {"KeySchema",
     {{{"AttributeName", "PK"}, {"KeyType", "HASH"}},
      {{"AttributeName", "SK"}, {"KeyType", "RANGE"}}}},
    {"GlobalSecondaryIndexes",
     {{{"IndexName", "keys"},
       {"KeySchema", {{{"AttributeName", "G"}, {"KeyType", "HASH"}}}},
       {"Projection", {{"ProjectionType", "KEYS_ONLY"}}}},
      {{"IndexName", "some"},
       {"KeySchema", {{{"AttributeName", "G"}, {"KeyType", "HASH"}}}},
       {"Projection", {{"ProjectionType", "INCLUDE"}, {"NonKeyAttributes", {"a"}}}}}}},
    {"LocalSecondaryIndexes",
     {{{"IndexName", "local"},
       {"KeySchema",
        {{{"AttributeName", "PK"}, {"KeyType", "HASH"}},
         {{"AttributeName", "G"}, {"KeyType", "RANGE"}}}},
       {"Projection", {{"ProjectionType", "KEYS_ONLY"}}}}}}};

using Failure = std::pair<std::string, std::string>;

Failure Validation(const std::string& message) { return {"ValidationException", message}; }
Failure Serialization(const std::string& message) { return {"SerializationException", message}; }

std::string LimitError(const std::string& value, const std::string& constraint) {
  return "1 validation error detected: Value '" + value +
         "' at 'limit' failed to satisfy constraint: Member must have value " + constraint;
}

// {"L": [{"L": [... {"S": "x"} ...]}]} with `levels` lists around the string, as text.
std::string NestedLists(int levels) {
  std::string text;
  for (int i = 0; i < levels; ++i) text += "{\"L\":[";
  text += "{\"S\":\"x\"}";
  for (int i = 0; i < levels; ++i) text += "]}";
  return text;
}

// The same as JSON, built by wrapping (for the levels an SDK could send).
Json NestedMaps(int levels) {
  Json v = {{"S", "x"}};
  for (int i = 0; i < levels; ++i) v = {{"M", {{"n", v}}}};
  return v;
}

const char* const kNesting =
    "Nesting Levels have exceeded supported limits: Attributes in the item have nested levels "
    "beyond supported limit";

}  // namespace

TEST_CASE("ListTables range-checks Limit instead of crashing", "[sim][wire]") {
  Wire w;
  REQUIRE(w.Call("CreateTable", kTable).first == 200);
  CHECK(w.Fail("ListTables", {{"Limit", 0}}) ==
        Validation(LimitError("0", "greater than or equal to 1")));
  CHECK(w.Fail("ListTables", {{"Limit", 101}}) ==
        Validation(LimitError("101", "less than or equal to 100")));
  CHECK(w.Fail("ListTables", {{"Limit", 1e20}}) ==
        Validation(LimitError("100000000000000000000", "less than or equal to 100")));
  // 2^64 (past every integer type), and -2^63 - 1 (parsed as a double).
  auto [s1, past] =
      w.adapter.Handle("DynamoDB_20120810.ListTables", "{\"Limit\": 18446744073709551616}");
  CHECK(s1 == 400);
  CHECK(Json::parse(past.empty() ? "{}" : past)["message"] ==
        LimitError("18446744073709551616", "less than or equal to 100"));
  CHECK(w.Fail("ListTables", {{"Limit", -9223372036854775807LL - 1}}) ==
        Validation(LimitError("-9223372036854775808", "greater than or equal to 1")));
  // A fraction is floored, as DynamoDB reads an Integer.
  CHECK(w.Fail("ListTables", {{"Limit", 0.5}}) ==
        Validation(LimitError("0", "greater than or equal to 1")));
  CHECK(w.Ok("ListTables", {{"Limit", 1}})["TableNames"] == Json::array({"tbl"}));
}

TEST_CASE("Query, Scan and GetRecords range-check their numbers", "[sim][wire]") {
  Wire w;
  REQUIRE(w.Call("CreateTable", kTable).first == 200);
  const Json query = {{"TableName", "tbl"},
                      {"KeyConditionExpression", "PK = :p"},
                      {"ExpressionAttributeValues", {{":p", {{"S", "a"}}}}}};
  Json q = query;
  q["Limit"] = 1e20;
  CHECK(w.Fail("Query", q) ==
        Validation(LimitError("100000000000000000000", "less than or equal to 2147483647")));
  q["Limit"] = 0;
  CHECK(w.Fail("Query", q) == Validation(LimitError("0", "greater than or equal to 1")));
  q["Limit"] = -1.5;
  CHECK(w.Fail("Query", q) == Validation(LimitError("-2", "greater than or equal to 1")));
  q["Limit"] = 2147483647;
  CHECK(w.Ok("Query", q)["Count"] == 0);
  // The constraint is checked before the table: a missing table still answers it.
  q["TableName"] = "missing";
  q["Limit"] = 0;
  CHECK(w.Fail("Query", q) == Validation(LimitError("0", "greater than or equal to 1")));

  CHECK(w.Fail("Scan", {{"TableName", "tbl"}, {"Limit", 1e300}}) ==
        Validation(LimitError("1e+300", "less than or equal to 2147483647")));
  CHECK(w.Fail("Scan", {{"TableName", "tbl"}, {"Segment", 1e20}, {"TotalSegments", 0}}) ==
        Validation("2 validation errors detected: Value '100000000000000000000' at 'segment' "
                   "failed to satisfy constraint: Member must have value less than or equal to "
                   "999999; Value '0' at 'totalSegments' failed to satisfy constraint: Member "
                   "must have value greater than or equal to 1"));
  CHECK(w.Fail("Scan", {{"TableName", "tbl"}, {"Segment", -1}, {"TotalSegments", 1000001}}) ==
        Validation("2 validation errors detected: Value '-1' at 'segment' failed to satisfy "
                   "constraint: Member must have value greater than or equal to 0; Value "
                   "'1000001' at 'totalSegments' failed to satisfy constraint: Member must have "
                   "value less than or equal to 1000000"));
  CHECK(w.Ok("Scan", {{"TableName", "tbl"}, {"Segment", 999999}, {"TotalSegments", 1000000}})
            .contains("Items"));

  auto records = [&](const Json& body) {
    sim::WireResponse r = w.adapter.Handle("DynamoDBStreams_20120810.GetRecords", body.dump());
    return std::pair<int, Json>{r.status, Json::parse(r.body)};
  };
  auto [s1, big] = records({{"ShardIterator", "x"}, {"Limit", 1e20}});
  CHECK(s1 == 400);
  CHECK(big["message"] == LimitError("100000000000000000000", "less than or equal to 1000"));
  auto [s2, zero] = records({{"ShardIterator", "x"}, {"Limit", 0}});
  CHECK(s2 == 400);
  CHECK(zero["message"] == LimitError("0", "greater than or equal to 1"));
}

TEST_CASE("an unknown operation is named in the error", "[sim][wire]") {
  Wire w;
  auto r = w.adapter.Handle("DynamoDB_20120810.Frobnicate", "{}");
  CHECK(r.status == 400);
  CHECK(Json::parse(r.body)["__type"] ==
        "com.amazonaws.dynamodb.v20120810#UnknownOperationException");
  CHECK(Json::parse(r.body)["message"] ==
        "An unknown operation was requested: DynamoDB_20120810.Frobnicate");
  auto other = w.adapter.Handle("Nonsense", "not even json");
  CHECK(Json::parse(other.body)["message"] == "An unknown operation was requested: Nonsense");
}

TEST_CASE("a member of the wrong JSON type is a SerializationException", "[sim][wire]") {
  Wire w;
  CHECK(w.Fail("DescribeTable", {{"TableName", 5}}) ==
        Serialization("NUMBER_VALUE cannot be converted to String"));
  CHECK(w.Fail("DescribeTable", {{"TableName", 5.5}}) ==
        Serialization("DECIMAL_VALUE cannot be converted to String"));
  CHECK(w.Fail("DescribeTable", {{"TableName", true}}) ==
        Serialization("TRUE_VALUE cannot be converted to String"));
  CHECK(w.Fail("DescribeTable", {{"TableName", Json::array({"tbl"})}}) ==
        Serialization("Unrecognized collection type class java.lang.String"));
  CHECK(w.Fail("DescribeTable", {{"TableName", {{"a", 1}}}}) ==
        Serialization("Start of structure or map found where not expected"));
  CHECK(w.Fail("ListTables", {{"Limit", "x"}}) ==
        Serialization("STRING_VALUE cannot be converted to Integer"));
  CHECK(w.Fail("PutItem", {{"TableName", "tbl"}, {"Item", Json::array()}}) ==
        Serialization("Start of list found where not expected"));
  CHECK(
      w.Fail("GetItem",
             {{"TableName", "tbl"}, {"Key", {{"PK", {{"S", "a"}}}}}, {"ConsistentRead", "yes"}}) ==
      Serialization("Unexpected token received from parser"));
  CHECK(w.Fail("PutItem", {{"TableName", "tbl"}, {"Item", {{"PK", {{"S", 5}}}}}}) ==
        Serialization("NUMBER_VALUE cannot be converted to String"));
  CHECK(w.Fail("PutItem", {{"TableName", "tbl"}, {"Item", {{"PK", {{"L", {{"S", "a"}}}}}}}}) ==
        Serialization("Start of structure or map found where not expected"));
  // Serialization before validation: a bad type wins over a bad Limit, on a missing table.
  CHECK(w.Fail("Query", {{"TableName", "missing"}, {"Limit", 0}, {"IndexName", 7}}) ==
        Serialization("NUMBER_VALUE cannot be converted to String"));
}

TEST_CASE("parameters are validated before any table is looked up", "[sim][wire]") {
  Wire w;
  REQUIRE(w.Call("CreateTable", kTable).first == 200);
  const Json key = {{"PK", {{"S", "a"}}}, {"SK", {{"S", "b"}}}};
  const Json bad_condition = {{"TableName", "tbl"}, {"Key", key}, {"ConditionExpression", "a >"}};
  const std::string syntax =
      "Invalid ConditionExpression: Syntax error; token: \"<EOF>\", near: \">\"";
  CHECK(w.Fail("TransactWriteItems", {{"TransactItems",
                                       {{{"Delete", {{"TableName", "missing"}, {"Key", key}}}},
                                        {{"Delete", bad_condition}}}}}) == Validation(syntax));
  CHECK(
      w.Fail("TransactGetItems",
             {{"TransactItems",
               {{{"Get", {{"TableName", "missing"}, {"Key", key}}}},
                {{"Get", {{"TableName", "tbl"}, {"Key", key}, {"ProjectionExpression", "a,"}}}}}}})
          .first == "ValidationException");
  // RequestItems is a map, iterated in name order: "missing" before "tbl".
  CHECK(
      w.Fail(
          "BatchWriteItem",
          {{"RequestItems",
            {{"missing", {{{"DeleteRequest", {{"Key", key}}}}}},
             {"tbl", {{{"DeleteRequest", {{"Key", key}}}, {"PutRequest", {{"Item", key}}}}}}}}}) ==
      Validation("Supplied WriteRequest must contain exactly one of PutRequest or DeleteRequest"));
  CHECK(w.Fail("BatchGetItem", {{"RequestItems",
                                 {{"missing", {{"Keys", {key}}}},
                                  {"tbl", {{"Keys", {key}}, {"ProjectionExpression", "a,"}}}}}})
            .first == "ValidationException");
  // With valid parameters, the missing table is what is wrong.
  CHECK(w.Fail("BatchGetItem", {{"RequestItems", {{"missing", {{"Keys", {key}}}}}}}).first ==
        "ResourceNotFoundException");
}

TEST_CASE("expression members that are present but empty are rejected", "[sim][wire]") {
  Wire w;
  REQUIRE(w.Call("CreateTable", kTable).first == 200);
  const Json item = {{"PK", {{"S", "a"}}}, {"SK", {{"S", "b"}}}};
  CHECK(w.Fail("PutItem", {{"TableName", "tbl"}, {"Item", item}, {"ConditionExpression", ""}}) ==
        Validation("Invalid ConditionExpression: The expression can not be empty;"));
  CHECK(w.Fail("UpdateItem", {{"TableName", "tbl"}, {"Key", item}, {"UpdateExpression", ""}}) ==
        Validation("Invalid UpdateExpression: The expression can not be empty;"));
  CHECK(w.Fail("GetItem", {{"TableName", "tbl"}, {"Key", item}, {"ProjectionExpression", ""}}) ==
        Validation("Invalid ProjectionExpression: The expression can not be empty;"));
  CHECK(w.Fail("Scan", {{"TableName", "tbl"}, {"FilterExpression", ""}}) ==
        Validation("Invalid FilterExpression: The expression can not be empty;"));
  // A null member is still an absent one.
  CHECK(w.Call("PutItem", {{"TableName", "tbl"}, {"Item", item}, {"ConditionExpression", nullptr}})
            .first == 200);
}

TEST_CASE("conditions type-check their operands through the adapter", "[sim][wire]") {
  Wire w;
  REQUIRE(w.Call("CreateTable", kTable).first == 200);
  const Json item = {{"PK", {{"S", "a"}}}, {"SK", {{"S", "b"}}}, {"a", {{"S", "x"}}}};
  REQUIRE(w.Call("PutItem", {{"TableName", "tbl"}, {"Item", item}}).first == 200);
  Json put = {{"TableName", "tbl"},
              {"Item", item},
              {"ConditionExpression", "a > :v"},
              {"ExpressionAttributeValues", {{":v", {{"L", Json::array()}}}}}};
  CHECK(w.Fail("PutItem", put) ==
        Validation("Invalid ConditionExpression: Incorrect operand type for operator or function; "
                   "operator or function: >, operand type: L"));
  put["ConditionExpression"] = "size(size(a)) = :v";
  put["ExpressionAttributeValues"] = {{":v", {{"N", "1"}}}};
  CHECK(w.Fail("PutItem", put) ==
        Validation("Invalid ConditionExpression: Incorrect operand type for operator or function; "
                   "operator or function: size, operand type: N"));
  put["ConditionExpression"] = "NOT NOT a = :v";
  put["ExpressionAttributeValues"] = {{":v", {{"S", "x"}}}};
  CHECK(w.Call("PutItem", put).first == 200);
}

TEST_CASE("attribute values nest at most 32 levels", "[sim][wire]") {
  Wire w;
  REQUIRE(w.Call("CreateTable", kTable).first == 200);
  Json item = {{"PK", {{"S", "a"}}}, {"SK", {{"S", "b"}}}};
  item["d"] = NestedMaps(31);
  CHECK(w.Call("PutItem", {{"TableName", "tbl"}, {"Item", item}}).first == 200);
  item["d"] = NestedMaps(32);
  CHECK(w.Fail("PutItem", {{"TableName", "tbl"}, {"Item", item}}) == Validation(kNesting));
  // An update may not nest a value deeper either (d.n is level 2; :v adds 32 levels).
  CHECK(w.Fail("UpdateItem", {{"TableName", "tbl"},
                              {"Key", {{"PK", {{"S", "a"}}}, {"SK", {{"S", "b"}}}}},
                              {"UpdateExpression", "SET d.n = :v"},
                              {"ExpressionAttributeValues", {{":v", NestedMaps(31)}}}}) ==
        Validation(kNesting));
  CHECK(w.Call("UpdateItem", {{"TableName", "tbl"},
                              {"Key", {{"PK", {{"S", "a"}}}, {"SK", {{"S", "b"}}}}},
                              {"UpdateExpression", "SET d.n = :v"},
                              {"ExpressionAttributeValues", {{":v", NestedMaps(30)}}}})
            .first == 200);
  CHECK(w.Fail("PutItem", {{"TableName", "tbl"},
                           {"Item", {{"PK", {{"S", "a"}}}, {"SK", {{"S", "b"}}}}},
                           {"ConditionExpression", "d = :deep"},
                           {"ExpressionAttributeValues", {{":deep", NestedMaps(40)}}}}) ==
        Validation(kNesting));
}

TEST_CASE("input nested 100,000 deep is an error, not a stack overflow", "[sim][wire]") {
  Wire w;
  REQUIRE(w.Call("CreateTable", kTable).first == 200);
  auto answer = [&](const std::string& op, const std::string& body) {
    sim::WireResponse r = w.adapter.Handle("DynamoDB_20120810." + op, body);
    INFO(r.body.substr(0, 300));
    REQUIRE(r.status == 400);
    return Json::parse(r.body);
  };
  const std::string deep = NestedLists(100000);  // about 1 MB
  CHECK(answer("PutItem",
               "{\"TableName\":\"tbl\",\"Item\":{\"PK\":{\"S\":\"a\"},\"SK\":{\"S\":"
               "\"b\"},\"d\":" +
                   deep + "}}")["message"] == kNesting);
  CHECK(answer("PutItem",
               "{\"TableName\":\"tbl\",\"Item\":{\"PK\":{\"S\":\"a\"},\"SK\":{\"S\":"
               "\"b\"}},\"ConditionExpression\":\"d = :v\","
               "\"ExpressionAttributeValues\":{\":v\":" +
                   deep + "}}")["message"] == kNesting);
  const std::string arrays = std::string(30000, '[') + std::string(30000, ']');
  CHECK(answer("ListTables", "{\"Unknown\":" + arrays + "}")["__type"] ==
        "com.amazon.coral.validate#ValidationException");
  // Brackets inside strings do not count.
  const std::string name = std::string(1000, '[');
  CHECK(w.Call("ListTables", {{"ExclusiveStartTableName", name}}).first == 200);
}

TEST_CASE("bytes that are not UTF-8 get a JSON SerializationException", "[sim][wire]") {
  Wire w;
  sim::WireResponse r =
      w.adapter.Handle("DynamoDB_20120810.DescribeTable", "{\"TableName\":\"t\xff\xfe\"}");
  CHECK(r.status == 400);
  const Json body = Json::parse(r.body);  // valid JSON, valid UTF-8
  CHECK(body["__type"] == "com.amazonaws.dynamodb.v20120810#SerializationException");
  sim::WireResponse op = w.adapter.Handle("DynamoDB_20120810.\xff", "{}");
  CHECK(op.status == 400);
  CHECK(Json::parse(op.body)["message"] ==
        "An unknown operation was requested: DynamoDB_20120810.\xef\xbf\xbd");
}

TEST_CASE("a projection on a GSI may name only projected attributes", "[sim][wire]") {
  Wire w;
  REQUIRE(w.Call("CreateTable", kTable).first == 200);
  const Json item = {{"PK", {{"S", "a"}}},
                     {"SK", {{"S", "b"}}},
                     {"G", {{"S", "g"}}},
                     {"a", {{"S", "x"}}},
                     {"z", {{"S", "y"}}}};
  REQUIRE(w.Call("PutItem", {{"TableName", "tbl"}, {"Item", item}}).first == 200);
  Json q = {{"TableName", "tbl"},
            {"IndexName", "keys"},
            {"KeyConditionExpression", "G = :g"},
            {"ProjectionExpression", "z, a, PK"},
            {"ExpressionAttributeValues", {{":g", {{"S", "g"}}}}}};
  CHECK(w.Fail("Query", q) ==
        Validation("One or more parameter values were invalid: Global secondary index keys does "
                   "not project [a, z]"));
  q["IndexName"] = "some";
  CHECK(w.Fail("Query", q) ==
        Validation("One or more parameter values were invalid: Global secondary index some does "
                   "not project [z]"));
  q["ProjectionExpression"] = "a, PK, G";
  CHECK(w.Ok("Query", q)["Items"][0].size() == 3);
  CHECK(w.Fail("Scan",
               {{"TableName", "tbl"}, {"IndexName", "keys"}, {"ProjectionExpression", "a"}}) ==
        Validation("One or more parameter values were invalid: Global secondary index keys does "
                   "not project [a]"));
  // An LSI fetches what it does not project from the table.
  q["IndexName"] = "local";
  q["KeyConditionExpression"] = "PK = :p";
  q["ExpressionAttributeValues"] = {{":p", {{"S", "a"}}}};
  q["ProjectionExpression"] = "z";
  CHECK(w.Ok("Query", q)["Items"][0]["z"]["S"] == "y");
}

TEST_CASE("empty attribute names are rejected as DynamoDB rejects them", "[sim][wire]") {
  Wire w;
  w.Ok("CreateTable", kTable);
  const Json key = {{"PK", {{"S", "p"}}}, {"SK", {{"S", "s"}}}};
  Json item = key;
  item[""] = {{"S", "x"}};
  CHECK(w.Fail("PutItem", {{"TableName", "tbl"}, {"Item", item}}) ==
        Validation("Empty attribute name"));
  Json nested = key;
  nested["m"] = {{"M", {{"", {{"S", "x"}}}}}};
  CHECK(w.Fail("PutItem", {{"TableName", "tbl"}, {"Item", nested}}) ==
        Validation("Empty attribute name"));
  Json key_with_empty = key;
  key_with_empty[""] = {{"S", "x"}};
  CHECK(w.Fail("GetItem", {{"TableName", "tbl"}, {"Key", key_with_empty}}) ==
        Validation("Empty attribute name"));
  CHECK(w.Fail("UpdateItem", {{"TableName", "tbl"},
                              {"Key", key},
                              {"UpdateExpression", "SET #a = :v"},
                              {"ExpressionAttributeNames", {{"#a", ""}}},
                              {"ExpressionAttributeValues", {{":v", {{"S", "x"}}}}}}) ==
        Validation("ExpressionAttributeNames contains invalid value: Empty attribute name for key "
                   "#a"));
  // A name of the wrong type is a SerializationException first.
  CHECK(w.Fail("GetItem", {{"TableName", "tbl"},
                           {"Key", key},
                           {"ProjectionExpression", "#a, #b"},
                           {"ExpressionAttributeNames", {{"#a", ""}, {"#b", 5}}}}) ==
        Serialization("NUMBER_VALUE cannot be converted to String"));
  // The legacy parameters name attributes too.
  CHECK(w.Fail("UpdateItem",
               {{"TableName", "tbl"},
                {"Key", key},
                {"AttributeUpdates", {{"", {{"Action", "PUT"}, {"Value", {{"S", "x"}}}}}}}}) ==
        Validation("Empty attribute name"));
  CHECK(w.Fail("PutItem",
               {{"TableName", "tbl"}, {"Item", key}, {"Expected", {{"", {{"Exists", false}}}}}}) ==
        Validation("Empty attribute name"));
  // Nothing was written; an empty string value (not a name) is fine.
  CHECK_FALSE(w.Ok("GetItem", {{"TableName", "tbl"}, {"Key", key}}).contains("Item"));
  Json fine = key;
  fine["s"] = {{"S", ""}};
  w.Ok("PutItem", {{"TableName", "tbl"}, {"Item", fine}});
}

TEST_CASE("key attribute names are 1 to 255 characters in CreateTable", "[sim][wire]") {
  Wire w;
  const Json empty = {{"TableName", "emptykey"},
                      {"BillingMode", "PAY_PER_REQUEST"},
                      {"AttributeDefinitions", {{{"AttributeName", ""}, {"AttributeType", "S"}}}},
                      {"KeySchema", {{{"AttributeName", ""}, {"KeyType", "HASH"}}}}};
  CHECK(w.Fail("CreateTable", empty) ==
        Validation("1 validation error detected: Value '' at "
                   "'attributeDefinitions.member.attributeName' failed to satisfy constraint: "
                   "Member must have length greater than or equal to 1"));
  const std::string long_name(256, 'k');
  const Json too_long = {
      {"TableName", "longkey"},
      {"BillingMode", "PAY_PER_REQUEST"},
      {"AttributeDefinitions", {{{"AttributeName", long_name}, {"AttributeType", "S"}}}},
      {"KeySchema", {{{"AttributeName", long_name}, {"KeyType", "HASH"}}}}};
  CHECK(w.Fail("CreateTable", too_long) ==
        Validation("1 validation error detected: Value '" + long_name +
                   "' at 'attributeDefinitions.member.attributeName' failed to satisfy "
                   "constraint: Member must have length less than or equal to 255"));
  const std::string longest(255, 'k');
  w.Ok("CreateTable",
       {{"TableName", "longest"},
        {"BillingMode", "PAY_PER_REQUEST"},
        {"AttributeDefinitions", {{{"AttributeName", longest}, {"AttributeType", "S"}}}},
        {"KeySchema", {{{"AttributeName", longest}, {"KeyType", "HASH"}}}}});
}

TEST_CASE("an unused expression name or value keyed by the empty string is refused",
          "[sim][wire]") {
  Wire w;
  w.Ok("CreateTable", kTable);
  const Json key = {{"PK", {{"S", "p"}}}, {"SK", {{"S", "s"}}}};
  CHECK(w.Fail("UpdateItem", {{"TableName", "tbl"},
                              {"Key", key},
                              {"UpdateExpression", "SET #a = :v"},
                              {"ExpressionAttributeNames", {{"#a", "a"}, {"", "b"}}},
                              {"ExpressionAttributeValues", {{":v", {{"S", "1"}}}}}}) ==
        Validation("Value provided in ExpressionAttributeNames unused in expressions: keys: {}"));
  CHECK(w.Fail("UpdateItem",
               {{"TableName", "tbl"},
                {"Key", key},
                {"UpdateExpression", "SET #a = :v"},
                {"ExpressionAttributeNames", {{"#a", "a"}}},
                {"ExpressionAttributeValues", {{":v", {{"S", "1"}}}, {"", {{"S", "x"}}}}}}) ==
        Validation("Value provided in ExpressionAttributeValues unused in expressions: keys: {}"));
}
