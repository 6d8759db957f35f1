// Time to Live on the simulated table: UpdateTimeToLive / DescribeTimeToLive through the JSON
// protocol, and the sweep (Database::ExpireItems) at an injected clock.
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

constexpr std::int64_t kNow = simtest::kServerStartMs / 1000;  // seconds, the clock's start

// The shared fixture, and the TTL sweep at its clock.
struct Server : simtest::Server {
  using simtest::Server::Server;
  std::int64_t Sweep() {
    auto swept = db->ExpireItems();
    REQUIRE(swept.ok());
    return *swept;
  }
};

const Json kTable = {
    {"TableName", "sessions"},
    {"AttributeDefinitions",
     {{{"AttributeName", "pk"}, {"AttributeType", "S"}},
      {{"AttributeName", "g"}, {"AttributeType", "S"}}}},
    {"KeySchema", {{{"AttributeName", "pk"}, {"KeyType", "HASH"}}}},
    {"GlobalSecondaryIndexes",
     {{{"IndexName", "byG"},
       {"KeySchema", {{{"AttributeName", "g"}, {"KeyType", "HASH"}}}},
       {"Projection", {{"ProjectionType", "ALL"}}}}}},
    {"StreamSpecification", {{"StreamEnabled", true}, {"StreamViewType", "NEW_AND_OLD_IMAGES"}}},
    {"BillingMode", "PAY_PER_REQUEST"}};

const Json kEnable = {
    {"TableName", "sessions"},
    {"TimeToLiveSpecification", {{"AttributeName", "expires"}, {"Enabled", true}}}};

Json Put(const std::string& pk, const Json& expires) {
  Json item = {{"pk", {{"S", pk}}}, {"g", {{"S", "all"}}}};
  if (!expires.is_null()) item["expires"] = expires;
  return {{"TableName", "sessions"}, {"Item", item}};
}

Json Key(const std::string& pk) {
  return {{"TableName", "sessions"}, {"Key", {{"pk", {{"S", pk}}}}}};
}

std::string Num(std::int64_t n) { return std::to_string(n); }

}  // namespace

TEST_CASE("UpdateTimeToLive and DescribeTimeToLive", "[sim][ttl]") {
  Server s;
  s.Ok("CreateTable", kTable);
  CHECK(s.Ok("DescribeTimeToLive", {{"TableName", "sessions"}}) ==
        Json{{"TimeToLiveDescription", {{"TimeToLiveStatus", "DISABLED"}}}});
  CHECK(s.Ok("UpdateTimeToLive", kEnable) ==
        Json{{"TimeToLiveSpecification", {{"AttributeName", "expires"}, {"Enabled", true}}}});
  CHECK(s.Ok("DescribeTimeToLive", {{"TableName", "sessions"}}) ==
        Json{{"TimeToLiveDescription",
              {{"TimeToLiveStatus", "ENABLED"}, {"AttributeName", "expires"}}}});

  CHECK(s.Fail("UpdateTimeToLive", kEnable) ==
        "ValidationException: TimeToLive is already enabled");
  Json other = kEnable;
  other["TimeToLiveSpecification"]["AttributeName"] = "ttl";
  CHECK(s.Fail("UpdateTimeToLive", other) ==
        "ValidationException: TimeToLive is active on a different AttributeName: current "
        "AttributeName is expires");
  Json disable = kEnable;
  disable["TimeToLiveSpecification"]["Enabled"] = false;
  s.Ok("UpdateTimeToLive", disable);
  CHECK(s.Fail("UpdateTimeToLive", disable) ==
        "ValidationException: TimeToLive is already disabled");

  Json empty = kEnable;
  empty["TimeToLiveSpecification"]["AttributeName"] = "";
  CHECK(s.Fail("UpdateTimeToLive", empty) ==
        "ValidationException: 1 validation error detected: Value '' at "
        "'timeToLiveSpecification.attributeName' failed to satisfy constraint: Member must have "
        "length greater than or equal to 1");
  CHECK(s.Fail("UpdateTimeToLive", {{"TableName", "sessions"}}) ==
        "ValidationException: 1 validation error detected: Value null at "
        "'timeToLiveSpecification' failed to satisfy constraint: Member must not be null");
  Json missing = kEnable;
  missing["TableName"] = "nope";
  CHECK(s.Fail("UpdateTimeToLive", missing) ==
        "ResourceNotFoundException: Requested resource not found");
  CHECK(s.Fail("DescribeTimeToLive", {{"TableName", "nope"}}) ==
        "ResourceNotFoundException: Requested resource not found");
}

TEST_CASE("the TTL sweep deletes expired items only", "[sim][ttl]") {
  Server s;
  s.Ok("CreateTable", kTable);
  s.Ok("PutItem", Put("past", {{"N", Num(kNow - 10)}}));
  s.Ok("PutItem", Put("fraction", {{"N", Num(kNow - 1) + ".5"}}));
  s.Ok("PutItem", Put("now", {{"N", Num(kNow)}}));  // not less than the current time
  s.Ok("PutItem", Put("future", {{"N", Num(kNow + 3600)}}));
  s.Ok("PutItem", Put("text", {{"S", Num(kNow - 10)}}));  // not a Number: never expires
  s.Ok("PutItem", Put("ancient", {{"N", Num(kNow - 6 * 365 * 24 * 3600)}}));  // > 5 years ago
  s.Ok("PutItem", Put("none", Json()));

  // Before TTL is enabled nothing expires.
  CHECK(s.Sweep() == 0);
  s.Ok("UpdateTimeToLive", kEnable);
  // Expired items are still read until the sweep deletes them.
  CHECK(s.Ok("GetItem", Key("past")).contains("Item"));

  CHECK(s.Sweep() == 2);
  CHECK_FALSE(s.Ok("GetItem", Key("past")).contains("Item"));
  CHECK_FALSE(s.Ok("GetItem", Key("fraction")).contains("Item"));
  for (const char* kept : {"now", "future", "text", "ancient", "none"}) {
    INFO(kept);
    CHECK(s.Ok("GetItem", Key(kept)).contains("Item"));
  }
  const Json table = s.Ok("DescribeTable", {{"TableName", "sessions"}})["Table"];
  CHECK(table["ItemCount"] == 5);
  CHECK(table["GlobalSecondaryIndexes"][0]["ItemCount"] == 5);
  const Json byg = s.Ok("Query", {{"TableName", "sessions"},
                                  {"IndexName", "byG"},
                                  {"KeyConditionExpression", "g = :g"},
                                  {"ExpressionAttributeValues", {{":g", {{"S", "all"}}}}}});
  CHECK(byg["Count"] == 5);

  // An hour later the "future" item goes too.
  s.now_ms += 3601 * 1000;
  CHECK(s.Sweep() == 2);  // "now" and "future"
  CHECK(s.Sweep() == 0);
}

TEST_CASE("TTL deletions are service REMOVE records in the stream", "[sim][ttl]") {
  Server s;
  s.Ok("CreateTable", kTable);
  s.Ok("UpdateTimeToLive", kEnable);
  s.Ok("PutItem", Put("gone", {{"N", Num(kNow - 1)}}));
  s.Ok("DeleteItem", Key("gone"));  // a user's delete
  s.Ok("PutItem", Put("gone", {{"N", Num(kNow - 1)}}));
  CHECK(s.Sweep() == 1);

  const std::string arn =
      s.Ok("DescribeTable", {{"TableName", "sessions"}})["Table"]["LatestStreamArn"];
  const Json iterator =
      s.Ok("Streams.GetShardIterator", {{"StreamArn", arn},
                                        {"ShardId", "shardId-00000000000000000001-00000001"},
                                        {"ShardIteratorType", "TRIM_HORIZON"}});
  const Json records =
      s.Ok("Streams.GetRecords", {{"ShardIterator", iterator["ShardIterator"]}})["Records"];
  REQUIRE(records.size() == 4);
  CHECK(records[1]["eventName"] == "REMOVE");
  CHECK_FALSE(records[1].contains("userIdentity"));
  CHECK(records[3]["eventName"] == "REMOVE");
  CHECK(records[3]["userIdentity"] ==
        Json{{"type", "Service"}, {"principalId", "dynamodb.amazonaws.com"}});
  CHECK(records[3]["dynamodb"]["OldImage"]["pk"] == Json{{"S", "gone"}});
}

TEST_CASE("the TTL setting survives a reopen", "[sim][ttl]") {
  const auto path =
      std::filesystem::temp_directory_path() / ("model-ttl-" + std::to_string(::getpid()) + ".db");
  std::filesystem::remove(path);
  {
    Server s(path.string());
    s.Ok("CreateTable", kTable);
    s.Ok("UpdateTimeToLive", kEnable);
    s.Ok("PutItem", Put("old", {{"N", Num(kNow - 5)}}));
  }
  {
    Server s(path.string());
    CHECK(s.Ok("DescribeTimeToLive",
               {{"TableName", "sessions"}})["TimeToLiveDescription"]["AttributeName"] == "expires");
    CHECK(s.Sweep() == 1);
  }
  std::filesystem::remove(path);
}

TEST_CASE("UpdateTimeToLive members of the wrong JSON type are SerializationExceptions",
          "[sim][ttl]") {
  Server s;
  s.Ok("CreateTable", kTable);
  Json typed = kEnable;
  typed["TimeToLiveSpecification"]["Enabled"] = "true";
  CHECK(s.Fail("UpdateTimeToLive", typed) ==
        "SerializationException: Unexpected token received from parser");
  typed["TimeToLiveSpecification"]["Enabled"] = 1;
  CHECK(s.Fail("UpdateTimeToLive", typed) ==
        "SerializationException: NUMBER_VALUE cannot be converted to Boolean");
  // Before the missing table name is reported (serialization comes before validation).
  typed.erase("TableName");
  CHECK(s.Fail("UpdateTimeToLive", typed) ==
        "SerializationException: NUMBER_VALUE cannot be converted to Boolean");
  Json named = kEnable;
  named["TimeToLiveSpecification"]["AttributeName"] = 5;
  CHECK(s.Fail("UpdateTimeToLive", named) ==
        "SerializationException: NUMBER_VALUE cannot be converted to String");
  CHECK(s.Fail("UpdateTimeToLive", {{"TableName", "sessions"}, {"TimeToLiveSpecification", "x"}}) ==
        "SerializationException: Unexpected field type");
  CHECK(
      s.Fail("UpdateTimeToLive",
             {{"TableName", 7}, {"TimeToLiveSpecification", kEnable["TimeToLiveSpecification"]}}) ==
      "SerializationException: NUMBER_VALUE cannot be converted to String");
  // A missing Enabled is still a validation error, and nothing was changed.
  Json absent = kEnable;
  absent["TimeToLiveSpecification"].erase("Enabled");
  CHECK(s.Fail("UpdateTimeToLive", absent) ==
        "ValidationException: 1 validation error detected: Value null at "
        "'timeToLiveSpecification.enabled' failed to satisfy constraint: Member must not be null");
  CHECK(s.Ok("DescribeTimeToLive", {{"TableName", "sessions"}}) ==
        Json{{"TimeToLiveDescription", {{"TimeToLiveStatus", "DISABLED"}}}});
}
