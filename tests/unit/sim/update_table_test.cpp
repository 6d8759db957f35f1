// UpdateTable on the simulated table, through the JSON protocol: GSIs added (backfilled from the
// items already there) and removed, billing mode and throughput, the stream turned on and off,
// AWS's validation errors, and durability across a reopen of the database file.
#include <unistd.h>

#include <catch2/catch.hpp>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <utility>

#include "model/sim/engine/database.h"
#include "model/sim/wire/wire.h"
#include "wire_fixture.h"

namespace {

using Json = nlohmann::json;

using simtest::Server;

const Json kTable = {{"TableName", "items"},
                     {"AttributeDefinitions",
                      {{{"AttributeName", "pk"}, {"AttributeType", "S"}},
                       {{"AttributeName", "sk"}, {"AttributeType", "S"}}}},
                     {"KeySchema",
                      {{{"AttributeName", "pk"}, {"KeyType", "HASH"}},
                       {{"AttributeName", "sk"}, {"KeyType", "RANGE"}}}},
                     {"BillingMode", "PAY_PER_REQUEST"}};

Json Item(const std::string& pk, const std::string& sk, const Json& more = Json::object()) {
  Json item = {{"pk", {{"S", pk}}}, {"sk", {{"S", sk}}}};
  for (auto it = more.begin(); it != more.end(); ++it) item[it.key()] = it.value();
  return item;
}

Json CreateGsi(const std::string& name, const std::string& pk,
               const Json& projection = {{"ProjectionType", "ALL"}}) {
  return {{"Create",
           {{"IndexName", name},
            {"KeySchema", {{{"AttributeName", pk}, {"KeyType", "HASH"}}}},
            {"Projection", projection}}}};
}

Json AddIndex(const std::string& name, const std::string& pk, const std::string& type = "S",
              const Json& projection = {{"ProjectionType", "ALL"}}) {
  return {{"TableName", "items"},
          {"AttributeDefinitions", {{{"AttributeName", pk}, {"AttributeType", type}}}},
          {"GlobalSecondaryIndexUpdates", {CreateGsi(name, pk, projection)}}};
}

Json QueryIndex(const std::string& index, const std::string& attribute, const Json& value) {
  return {{"TableName", "items"},
          {"IndexName", index},
          {"KeyConditionExpression", "#k = :v"},
          {"ExpressionAttributeNames", {{"#k", attribute}}},
          {"ExpressionAttributeValues", {{":v", value}}}};
}

const Json* FindIndex(const Json& table, const std::string& name) {
  if (!table.contains("GlobalSecondaryIndexes")) return nullptr;
  for (const Json& i : table["GlobalSecondaryIndexes"]) {
    if (i["IndexName"] == name) return &i;
  }
  return nullptr;
}

std::string TempPath(const std::string& name) {
  const auto path = std::filesystem::temp_directory_path() /
                    ("model-update-table-" + std::to_string(::getpid()) + "-" + name + ".db");
  std::filesystem::remove(path);
  return path.string();
}

}  // namespace

TEST_CASE("UpdateTable adds a GSI that serves the items already in the table", "[sim][update]") {
  Server s;
  s.Ok("CreateTable", kTable);
  s.Ok("PutItem", {{"TableName", "items"}, {"Item", Item("a", "1", {{"g", {{"S", "red"}}}})}});
  s.Ok("PutItem", {{"TableName", "items"}, {"Item", Item("b", "1", {{"g", {{"S", "red"}}}})}});
  s.Ok("PutItem", {{"TableName", "items"}, {"Item", Item("c", "1", {{"g", {{"S", "blue"}}}})}});
  s.Ok("PutItem", {{"TableName", "items"}, {"Item", Item("d", "1")}});  // sparse: no g
  // An index key violation: g is a number where the index wants a string.
  s.Ok("PutItem", {{"TableName", "items"}, {"Item", Item("e", "1", {{"g", {{"N", "7"}}}})}});

  const Json updated = s.Ok("UpdateTable", AddIndex("byG", "g"))["TableDescription"];
  CHECK(updated["TableStatus"] == "UPDATING");
  REQUIRE(FindIndex(updated, "byG") != nullptr);
  CHECK((*FindIndex(updated, "byG"))["IndexStatus"] == "CREATING");
  CHECK(updated["AttributeDefinitions"].size() == 3);

  const Json described = s.Ok("DescribeTable", {{"TableName", "items"}})["Table"];
  CHECK(described["TableStatus"] == "ACTIVE");
  const Json& index = *FindIndex(described, "byG");
  CHECK(index["IndexStatus"] == "ACTIVE");
  CHECK(index["ItemCount"] == 3);
  CHECK(index["IndexArn"] == "arn:aws:dynamodb:local:000000000000:table/items/index/byG");

  const Json red = s.Ok("Query", QueryIndex("byG", "g", {{"S", "red"}}));
  CHECK(red["Count"] == 2);
  CHECK(s.Ok("Query", QueryIndex("byG", "g", {{"S", "blue"}}))["Count"] == 1);

  // Later writes keep the index up to date, and now reject a wrong-typed g.
  s.Ok("PutItem", {{"TableName", "items"}, {"Item", Item("d", "1", {{"g", {{"S", "blue"}}}})}});
  CHECK(s.Ok("Query", QueryIndex("byG", "g", {{"S", "blue"}}))["Count"] == 2);
  CHECK(s.Fail("PutItem",
               {{"TableName", "items"}, {"Item", Item("f", "1", {{"g", {{"N", "1"}}}})}}) ==
        "ValidationException: One or more parameter values were invalid: Type mismatch for Index "
        "Key g Expected: S Actual: N IndexName: byG");
}

TEST_CASE("a GSI added with a KEYS_ONLY projection stores projected entries", "[sim][update]") {
  Server s;
  s.Ok("CreateTable", kTable);
  s.Ok("PutItem", {{"TableName", "items"},
                   {"Item", Item("a", "1", {{"n", {{"N", "5"}}}, {"big", {{"S", "xyz"}}}})}});
  s.Ok("UpdateTable", AddIndex("byN", "n", "N", {{"ProjectionType", "KEYS_ONLY"}}));
  const Json found = s.Ok("Query", QueryIndex("byN", "n", {{"N", "5"}}));
  REQUIRE(found["Count"] == 1);
  CHECK(found["Items"][0] == Item("a", "1", {{"n", {{"N", "5"}}}}));
}

TEST_CASE("UpdateTable deletes a GSI and prunes its attribute definitions", "[sim][update]") {
  Server s;
  Json table = kTable;
  table["AttributeDefinitions"].push_back({{"AttributeName", "g"}, {"AttributeType", "S"}});
  table["GlobalSecondaryIndexes"] = {CreateGsi("byG", "g")["Create"]};
  s.Ok("CreateTable", table);
  s.Ok("PutItem", {{"TableName", "items"}, {"Item", Item("a", "1", {{"g", {{"S", "red"}}}})}});

  const Json updated =
      s.Ok("UpdateTable", {{"TableName", "items"},
                           {"GlobalSecondaryIndexUpdates",
                            {{{"Delete", {{"IndexName", "byG"}}}}}}})["TableDescription"];
  CHECK(updated["TableStatus"] == "UPDATING");
  REQUIRE(FindIndex(updated, "byG") != nullptr);
  CHECK((*FindIndex(updated, "byG"))["IndexStatus"] == "DELETING");

  const Json described = s.Ok("DescribeTable", {{"TableName", "items"}})["Table"];
  CHECK_FALSE(described.contains("GlobalSecondaryIndexes"));
  CHECK(described["AttributeDefinitions"].size() == 2);
  CHECK(s.Fail("Query", QueryIndex("byG", "g", {{"S", "red"}})).rfind("ValidationException", 0) ==
        0);
  // The same name can be created again, and is backfilled afresh.
  s.Ok("UpdateTable", AddIndex("byG", "g"));
  CHECK(s.Ok("Query", QueryIndex("byG", "g", {{"S", "red"}}))["Count"] == 1);
}

TEST_CASE("UpdateTable rejects what DynamoDB rejects", "[sim][update]") {
  Server s;
  s.Ok("CreateTable", kTable);
  CHECK(s.Fail("UpdateTable", {{"TableName", "items"}}) ==
        "ValidationException: At least one of ProvisionedThroughput, BillingMode, "
        "UpdateStreamEnabled, GlobalSecondaryIndexUpdates, SSESpecification, ReplicaUpdates, "
        "MultiAccountReplicaReady, ReplicaTransitRoleArn, MultiRegionConsistency, "
        "DeletionProtectionEnabled, OnDemandThroughput, WarmThroughput or TableClass is required");
  Json missing = AddIndex("byG", "g");
  missing["TableName"] = "nope";
  CHECK(s.Fail("UpdateTable", missing) ==
        "ResourceNotFoundException: Requested resource not found: Table: nope not found");

  Json two = AddIndex("byG", "g");
  two["GlobalSecondaryIndexUpdates"].push_back(CreateGsi("byH", "g"));
  CHECK(s.Fail("UpdateTable", two) ==
        "LimitExceededException: Subscriber limit exceeded: Only 1 online index can be created "
        "or deleted simultaneously per table");

  Json twice = AddIndex("byG", "g");
  twice["GlobalSecondaryIndexUpdates"].push_back({{"Delete", {{"IndexName", "byG"}}}});
  CHECK(s.Fail("UpdateTable", twice) ==
        "ValidationException: One or more parameter values were invalid: Only one global "
        "secondary index update per index is allowed simultaneously. Index: byG");

  Json undefined = AddIndex("byG", "g");
  undefined.erase("AttributeDefinitions");
  CHECK(s.Fail("UpdateTable", undefined) ==
        "ValidationException: One or more parameter values were invalid: AttributeDefinitions "
        "is not specified for index: byG");

  Json wrong_attribute = AddIndex("byG", "g");
  wrong_attribute["AttributeDefinitions"][0]["AttributeName"] = "h";
  CHECK(s.Fail("UpdateTable", wrong_attribute) ==
        "ValidationException: One or more parameter values were invalid: Some index key "
        "attributes are not defined in AttributeDefinitions. Keys: [g], AttributeDefinitions: "
        "[pk, sk]");

  CHECK(s.Fail("UpdateTable",
               {{"TableName", "items"},
                {"GlobalSecondaryIndexUpdates", {{{"Delete", {{"IndexName", "ghost"}}}}}}}) ==
        "ResourceNotFoundException: Requested resource not found: Index: ghost for table: items");
  CHECK(s.Fail("UpdateTable", {{"TableName", "items"}, {"GlobalSecondaryIndexUpdates", {{}}}}) ==
        "ValidationException: One or more parameter values were invalid: One of "
        "GlobalSecondaryIndexUpdate.Update, GlobalSecondaryIndexUpdate.Create, "
        "GlobalSecondaryIndexUpdate.Delete must not be null");

  s.Ok("UpdateTable", AddIndex("byG", "g"));
  CHECK(s.Fail("UpdateTable", AddIndex("byG", "g")) ==
        "ValidationException: Attempting to create an index which already exists");

  Json with_stream = AddIndex("byH", "h");
  with_stream["StreamSpecification"] = {{"StreamEnabled", true}, {"StreamViewType", "NEW_IMAGE"}};
  CHECK(s.Fail("UpdateTable", with_stream) ==
        "ValidationException: One or more parameter values were invalid: You cannot create or "
        "delete index while changing stream status");
  // A rejected update changed nothing.
  const Json described = s.Ok("DescribeTable", {{"TableName", "items"}})["Table"];
  CHECK(described["GlobalSecondaryIndexes"].size() == 1);
  CHECK_FALSE(described.contains("StreamSpecification"));
}

TEST_CASE("UpdateTable switches billing mode and throughput", "[sim][update]") {
  Server s;
  Json table = kTable;
  table["AttributeDefinitions"].push_back({{"AttributeName", "g"}, {"AttributeType", "S"}});
  table["GlobalSecondaryIndexes"] = {CreateGsi("byG", "g")["Create"]};
  s.Ok("CreateTable", table);
  const Json units = {{"ReadCapacityUnits", 5}, {"WriteCapacityUnits", 2}};

  CHECK(s.Fail("UpdateTable", {{"TableName", "items"}, {"ProvisionedThroughput", units}}) ==
        "ValidationException: One or more parameter values were invalid: Neither "
        "ReadCapacityUnits nor WriteCapacityUnits can be specified when BillingMode is "
        "PAY_PER_REQUEST");
  CHECK(s.Fail("UpdateTable", {{"TableName", "items"}, {"BillingMode", "PROVISIONED"}}) ==
        "ValidationException: One or more parameter values were invalid: ProvisionedThroughput "
        "must be specified when BillingMode is PROVISIONED");
  CHECK(s.Fail("UpdateTable", {{"TableName", "items"},
                               {"BillingMode", "PROVISIONED"},
                               {"ProvisionedThroughput", units}}) ==
        "ValidationException: One or more parameter values were invalid: ProvisionedThroughput "
        "must be specified for index: byG");
  CHECK(s.Fail("UpdateTable", {{"TableName", "items"},
                               {"BillingMode", "PROVISIONED"},
                               {"ProvisionedThroughput",
                                {{"ReadCapacityUnits", 0}, {"WriteCapacityUnits", 2}}}}) ==
        "ValidationException: 1 validation error detected: Value '0' at "
        "'provisionedThroughput.readCapacityUnits' failed to satisfy constraint: Member must "
        "have value greater than or equal to 1");

  const Json switched = s.Ok(
      "UpdateTable", {{"TableName", "items"},
                      {"BillingMode", "PROVISIONED"},
                      {"ProvisionedThroughput", units},
                      {"GlobalSecondaryIndexUpdates",
                       {{{"Update", {{"IndexName", "byG"}, {"ProvisionedThroughput", units}}}}}}});
  CHECK(switched["TableDescription"]["BillingModeSummary"]["BillingMode"] == "PROVISIONED");
  const Json described = s.Ok("DescribeTable", {{"TableName", "items"}})["Table"];
  CHECK(described["ProvisionedThroughput"]["ReadCapacityUnits"] == 5);
  CHECK(described["ProvisionedThroughput"]["WriteCapacityUnits"] == 2);
  CHECK(described["GlobalSecondaryIndexes"][0]["ProvisionedThroughput"]["ReadCapacityUnits"] == 5);

  CHECK(s.Fail("UpdateTable", {{"TableName", "items"}, {"ProvisionedThroughput", units}}) ==
        "ValidationException: The provisioned throughput for the table will not change. The "
        "requested value equals the current value. Current ReadCapacityUnits provisioned for the "
        "table: 5. Requested ReadCapacityUnits: 5. Current WriteCapacityUnits provisioned for the "
        "table: 2. Requested WriteCapacityUnits: 2. Refer to the Amazon DynamoDB Developer Guide "
        "for current limits and how to request higher limits.");
  s.Ok("UpdateTable",
       {{"TableName", "items"},
        {"ProvisionedThroughput", {{"ReadCapacityUnits", 10}, {"WriteCapacityUnits", 2}}}});
  CHECK(s.Ok("DescribeTable",
             {{"TableName", "items"}})["Table"]["ProvisionedThroughput"]["ReadCapacityUnits"] ==
        10);

  // A GSI created on a PROVISIONED table needs its own throughput.
  CHECK(s.Fail("UpdateTable", AddIndex("byH", "h")) ==
        "ValidationException: One or more parameter values were invalid: ProvisionedThroughput "
        "must be specified for index: byH");

  s.Ok("UpdateTable", {{"TableName", "items"}, {"BillingMode", "PAY_PER_REQUEST"}});
  const Json back = s.Ok("DescribeTable", {{"TableName", "items"}})["Table"];
  CHECK(back["BillingModeSummary"]["BillingMode"] == "PAY_PER_REQUEST");
  CHECK(back["ProvisionedThroughput"]["ReadCapacityUnits"] == 0);
}

TEST_CASE("CreateTable follows BillingMode's rules", "[sim][update]") {
  Server s;
  Json provisioned = kTable;
  provisioned.erase("BillingMode");  // DynamoDB's default is PROVISIONED
  CHECK(s.Fail("CreateTable", provisioned) ==
        "ValidationException: One or more parameter values were invalid: ReadCapacityUnits and "
        "WriteCapacityUnits must both be specified when BillingMode is PROVISIONED");
  provisioned["ProvisionedThroughput"] = {{"ReadCapacityUnits", 1}, {"WriteCapacityUnits", 1}};
  const Json created = s.Ok("CreateTable", provisioned)["TableDescription"];
  CHECK(created["BillingModeSummary"]["BillingMode"] == "PROVISIONED");
  CHECK(created["ProvisionedThroughput"]["WriteCapacityUnits"] == 1);
}

TEST_CASE("UpdateTable turns the stream on and off", "[sim][update]") {
  Server s;
  s.Ok("CreateTable", kTable);
  const Json created = s.Ok("DescribeTable", {{"TableName", "items"}})["Table"];
  CHECK(created["CreationDateTime"] == 1700000000.0);
  CHECK_FALSE(created.contains("LatestStreamArn"));

  CHECK(s.Fail("UpdateTable",
               {{"TableName", "items"}, {"StreamSpecification", {{"StreamEnabled", true}}}}) ==
        "ValidationException: One or more parameter values were invalid: If stream is being "
        "enabled then UpdateViewType is required");
  CHECK(s.Fail("UpdateTable",
               {{"TableName", "items"}, {"StreamSpecification", {{"StreamEnabled", false}}}}) ==
        "ValidationException: Table has no stream to disable: TableName: items");

  s.now_ms += 1234;
  const Json enable = {
      {"TableName", "items"},
      {"StreamSpecification", {{"StreamEnabled", true}, {"StreamViewType", "KEYS_ONLY"}}}};
  const Json on = s.Ok("UpdateTable", enable)["TableDescription"];
  CHECK(on["StreamSpecification"]["StreamViewType"] == "KEYS_ONLY");
  CHECK(on["LatestStreamLabel"] == "2023-11-14T22:13:21.234");
  CHECK(s.Fail("UpdateTable", enable) ==
        "ValidationException: Table already has an enabled stream: TableName: items");

  s.Ok("PutItem", {{"TableName", "items"}, {"Item", Item("a", "1")}});
  auto records = s.db->ReadStream("items", 0, 10);
  REQUIRE(records.ok());
  REQUIRE(records->records.size() == 1);
  CHECK_FALSE(records->records[0].new_image.has_value());  // KEYS_ONLY

  s.Ok("UpdateTable",
       {{"TableName", "items"}, {"StreamSpecification", {{"StreamEnabled", false}}}});
  const Json off = s.Ok("DescribeTable", {{"TableName", "items"}})["Table"];
  CHECK_FALSE(off.contains("StreamSpecification"));
  CHECK(off["LatestStreamLabel"] == "2023-11-14T22:13:21.234");  // lingers, as on AWS
  s.Ok("PutItem", {{"TableName", "items"}, {"Item", Item("b", "1")}});

  // A new stream: a new label, and none of the old stream's records.
  s.now_ms += 1000;
  const Json again = s.Ok("UpdateTable", enable)["TableDescription"];
  CHECK(again["LatestStreamLabel"] == "2023-11-14T22:13:22.234");
  auto fresh = s.db->ReadStream("items", 0, 10);
  REQUIRE(fresh.ok());
  CHECK(fresh->records.empty());
}

TEST_CASE("UpdateTable's changes survive a reopen of the database file", "[sim][update]") {
  const std::string path = TempPath("reopen");
  {
    Server s(path);
    Json table = kTable;
    table["AttributeDefinitions"].push_back({{"AttributeName", "a"}, {"AttributeType", "S"}});
    table["GlobalSecondaryIndexes"] = {CreateGsi("byA", "a")["Create"]};
    s.Ok("CreateTable", table);
    s.Ok("PutItem", {{"TableName", "items"},
                     {"Item", Item("x", "1", {{"a", {{"S", "1"}}}, {"b", {{"S", "2"}}}})}});
    s.Ok("UpdateTable", AddIndex("byB", "b"));
  }
  {
    Server s(path);
    CHECK(s.Ok("Query", QueryIndex("byB", "b", {{"S", "2"}}))["Count"] == 1);
    CHECK(s.Ok("Query", QueryIndex("byA", "a", {{"S", "1"}}))["Count"] == 1);
    // Removing the first index leaves the second in its own storage.
    s.Ok("UpdateTable", {{"TableName", "items"},
                         {"GlobalSecondaryIndexUpdates", {{{"Delete", {{"IndexName", "byA"}}}}}}});
    s.Ok("UpdateTable",
         {{"TableName", "items"},
          {"StreamSpecification", {{"StreamEnabled", true}, {"StreamViewType", "NEW_IMAGE"}}}});
    s.Ok("PutItem", {{"TableName", "items"}, {"Item", Item("y", "1", {{"b", {{"S", "2"}}}})}});
  }
  {
    Server s(path);
    const Json d = s.Ok("DescribeTable", {{"TableName", "items"}})["Table"];
    REQUIRE(d["GlobalSecondaryIndexes"].size() == 1);
    CHECK(d["GlobalSecondaryIndexes"][0]["IndexName"] == "byB");
    CHECK(d["GlobalSecondaryIndexes"][0]["ItemCount"] == 2);
    CHECK(d["StreamSpecification"]["StreamViewType"] == "NEW_IMAGE");
    CHECK(s.Ok("Query", QueryIndex("byB", "b", {{"S", "2"}}))["Count"] == 2);
    auto records = s.db->ReadStream("items", 0, 10);
    REQUIRE(records.ok());
    CHECK(records->records.size() == 1);
  }
  std::filesystem::remove(path);
}

TEST_CASE("UpdateTable refuses duplicate or retyped attribute definitions for a new GSI",
          "[sim][update]") {
  Server s;
  s.Ok("CreateTable", kTable);
  // pk is the table's S key: an index cannot redeclare it as N.
  CHECK(s.Fail("UpdateTable", AddIndex("byPk", "pk", "N")) ==
        "ValidationException: One or more parameter values were invalid: Cannot change the type "
        "of attribute pk from S to N: the table's keys already define it");
  Json twice = AddIndex("byG", "g", "S");
  twice["AttributeDefinitions"].push_back({{"AttributeName", "g"}, {"AttributeType", "N"}});
  CHECK(s.Fail("UpdateTable", twice) ==
        "ValidationException: One or more parameter values were invalid: Duplicate AttributeName "
        "in AttributeDefinitions: g");
  // Nothing was created: a later index on g as N is accepted.
  s.Ok("UpdateTable", AddIndex("byG", "g", "N"));
  CHECK(s.Fail("UpdateTable", AddIndex("byG2", "g", "S")).find("Cannot change the type") !=
        std::string::npos);
}
