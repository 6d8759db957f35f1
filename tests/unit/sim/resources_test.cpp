// Tags, deletion protection, point-in-time recovery settings, DescribeLimits and
// DescribeEndpoints through the JSON protocol; TransactWriteItems' ClientRequestToken at an
// injected clock.
#include <unistd.h>

#include <catch2/catch.hpp>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <utility>

#include "model/sim/api/base64.h"
#include "model/sim/engine/database.h"
#include "model/sim/wire/wire.h"
#include "wire_fixture.h"

namespace {

using Json = nlohmann::json;

constexpr std::int64_t kNowMs = simtest::kServerStartMs;
constexpr std::int64_t kMinuteMs = 60 * 1000;

using simtest::Server;

Json Table(const std::string& name) {
  return {{"TableName", name},
          {"AttributeDefinitions", {{{"AttributeName", "pk"}, {"AttributeType", "S"}}}},
          {"KeySchema", {{{"AttributeName", "pk"}, {"KeyType", "HASH"}}}},
          {"BillingMode", "PAY_PER_REQUEST"}};
}

const std::string kArn = "arn:aws:dynamodb:local:000000000000:table/things";

Json Tags(std::initializer_list<std::pair<std::string, std::string>> tags) {
  Json out = Json::array();
  for (const auto& [k, v] : tags) out.push_back({{"Key", k}, {"Value", v}});
  return out;
}

}  // namespace

TEST_CASE("tags: TagResource adds and replaces, UntagResource removes, sorted by key") {
  Server s;
  Json create = Table("things");
  create["Tags"] = Tags({{"team", "core"}, {"env", "dev"}});
  s.Ok("CreateTable", create);
  CHECK(s.Ok("ListTagsOfResource", {{"ResourceArn", kArn}}) ==
        Json{{"Tags", Tags({{"env", "dev"}, {"team", "core"}})}});
  CHECK(s.Ok("TagResource", {{"ResourceArn", kArn}, {"Tags", Tags({{"env", "prod"}, {"a", ""}})}})
            .empty());
  CHECK(s.Ok("ListTagsOfResource", {{"ResourceArn", kArn}}) ==
        Json{{"Tags", Tags({{"a", ""}, {"env", "prod"}, {"team", "core"}})}});
  CHECK(s.Ok("UntagResource", {{"ResourceArn", kArn}, {"TagKeys", {"team", "absent"}}}).empty());
  CHECK(s.Ok("ListTagsOfResource", {{"ResourceArn", kArn}}) ==
        Json{{"Tags", Tags({{"a", ""}, {"env", "prod"}})}});
}

TEST_CASE("tags: ListTagsOfResource pages by NextToken") {
  Server s;
  s.Ok("CreateTable", Table("things"));
  Json tags = Json::array();
  for (int i = 0; i < 25; ++i) {
    // Two digits, so that the keys' byte order is their numeric order (k00 .. k24).
    const std::string key = (i < 10 ? "k0" : "k") + std::to_string(i);
    tags.push_back({{"Key", key}, {"Value", std::to_string(i)}});
  }
  s.Ok("TagResource", {{"ResourceArn", kArn}, {"Tags", tags}});
  Json page = s.Ok("ListTagsOfResource", {{"ResourceArn", kArn}});
  REQUIRE(page.at("Tags").size() == 10);
  CHECK(page.at("Tags").back().at("Key") == "k09");
  page = s.Ok("ListTagsOfResource", {{"ResourceArn", kArn}, {"NextToken", page.at("NextToken")}});
  CHECK(page.at("Tags").front().at("Key") == "k10");
  CHECK(page.at("Tags").back().at("Key") == "k19");
  page = s.Ok("ListTagsOfResource", {{"ResourceArn", kArn}, {"NextToken", page.at("NextToken")}});
  CHECK(page.at("Tags").size() == 5);
  CHECK_FALSE(page.contains("NextToken"));
}

TEST_CASE("tags: a NextToken ListTagsOfResource did not give is a ValidationException") {
  Server s;
  s.Ok("CreateTable", Table("things"));
  // A tag key, as earlier versions wrote the token; not Base64; empty; another marker.
  for (const std::string& token :
       {std::string("k09"), std::string("!!"), std::string(""),
        sim::Base64Encode("model-serve-tags|"), sim::Base64Encode("something|k09")}) {
    INFO(token);
    CHECK(s.Fail("ListTagsOfResource", {{"ResourceArn", kArn}, {"NextToken", token}}) ==
          "ValidationException: Invalid NextToken: " + token);
  }
  CHECK(s.Fail("ListTagsOfResource", {{"ResourceArn", kArn}, {"NextToken", 7}}) ==
        "SerializationException: NUMBER_VALUE cannot be converted to String");
}

TEST_CASE("tags: ARN, member and limit errors") {
  Server s;
  s.Ok("CreateTable", Table("things"));
  CHECK(s.Fail("ListTagsOfResource", Json::object()) == "ValidationException: Invalid TableArn");
  CHECK(s.Fail("ListTagsOfResource", {{"ResourceArn", "things"}}) ==
        "ValidationException: Invalid TableArn: Invalid ResourceArn provided as input things");
  CHECK(s.Fail("ListTagsOfResource",
               {{"ResourceArn", "arn:aws:dynamodb:local:000000000000:table/things/stream/x"}}) ==
        "ValidationException: Invalid TableArn: Invalid ResourceArn provided as input "
        "arn:aws:dynamodb:local:000000000000:table/things/stream/x");
  CHECK(s.Fail("ListTagsOfResource",
               {{"ResourceArn", "arn:aws:dynamodb:local:000000000000:table/nope"}}) ==
        "ResourceNotFoundException: Requested resource not found: ResourcArn: "
        "arn:aws:dynamodb:local:000000000000:table/nope not found");
  CHECK(s.Fail("TagResource", {{"ResourceArn", kArn}}) ==
        "ValidationException: 1 validation error detected: Value null at 'tags' failed to satisfy "
        "constraint: Member must not be null");
  CHECK(s.Fail("TagResource", {{"ResourceArn", kArn}, {"Tags", Json::array()}}) ==
        "ValidationException: Atleast one Tag needs to be provided as Input.");
  CHECK(s.Fail("UntagResource", {{"ResourceArn", kArn}, {"TagKeys", Json::array()}}) ==
        "ValidationException: Atleast one Tag Key needs to be provided as Input.");
  CHECK(s.Fail("TagResource", {{"ResourceArn", kArn},
                               {"Tags", Tags({{"ok", "1"}, {std::string(129, 'k'), ""}})}}) ==
        "ValidationException: 1 validation error detected: Value '" + std::string(129, 'k') +
            "' at 'tags.2.member.key' failed to satisfy constraint: Member must have length less "
            "than or equal to 128");
  // 128 characters of two bytes each are 128 characters.
  std::string wide;
  for (int i = 0; i < 128; ++i) wide += "\xc3\xa9";
  s.Ok("TagResource", {{"ResourceArn", kArn}, {"Tags", Tags({{wide, std::string(256, 'v')}})}});
  CHECK(
      s.Fail("TagResource", {{"ResourceArn", kArn}, {"Tags", Tags({{"k", std::string(257, 'v')}})}})
          .find("at 'tags.1.member.value' failed to satisfy constraint: Member must have length "
                "less than or equal to 256") != std::string::npos);
  CHECK(s.Fail("TagResource", {{"ResourceArn", kArn}, {"Tags", Tags({{"aws:owner", "x"}})}}) ==
        "ValidationException: Tag key 'aws:owner' is not allowed: keys starting with 'aws:' are "
        "reserved for AWS");
  Json many = Json::array();
  for (int i = 0; i < 50; ++i) many.push_back({{"Key", "t" + std::to_string(i)}, {"Value", ""}});
  CHECK(s.Fail("TagResource", {{"ResourceArn", kArn}, {"Tags", many}}) ==
        "ValidationException: The number of tags on the resource would be 51, over the limit of 50 "
        "tags per resource");
  many.erase(many.end() - 1);
  s.Ok("TagResource", {{"ResourceArn", kArn}, {"Tags", many}});
  CHECK(s.Ok("ListTagsOfResource",
             {{"ResourceArn", kArn}, {"NextToken", sim::Base64Encode("model-serve-tags|" + wide)}})
            .at("Tags") == Json::array());
  Json create = Table("other");
  create["Tags"] = Tags({{"aws:x", ""}});
  CHECK(s.Fail("CreateTable", create).rfind("ValidationException: Tag key 'aws:x'", 0) == 0);
  CHECK(s.Fail("DescribeTable", {{"TableName", "other"}}) ==
        "ResourceNotFoundException: Requested resource not found");
}

TEST_CASE("deletion protection: DeleteTable refused until UpdateTable turns it off") {
  Server s;
  Json create = Table("things");
  create["DeletionProtectionEnabled"] = true;
  CHECK(s.Ok("CreateTable", create).at("TableDescription").at("DeletionProtectionEnabled") == true);
  CHECK(s.Fail("DeleteTable", {{"TableName", "things"}}) ==
        "ValidationException: Resource cannot be deleted as it is currently protected against "
        "deletion. Disable deletion protection first.");
  const Json updated =
      s.Ok("UpdateTable", {{"TableName", "things"}, {"DeletionProtectionEnabled", false}});
  CHECK(updated.at("TableDescription").at("DeletionProtectionEnabled") == false);
  CHECK(s.Ok("DeleteTable", {{"TableName", "things"}}).at("TableDescription").at("TableStatus") ==
        "DELETING");
  s.Ok("CreateTable", Table("plain"));
  CHECK(
      s.Ok("DescribeTable", {{"TableName", "plain"}}).at("Table").at("DeletionProtectionEnabled") ==
      false);
}

TEST_CASE("continuous backups: point-in-time recovery off, on with a period, off") {
  Server s;
  s.Ok("CreateTable", Table("things"));
  const Json off = {
      {"ContinuousBackupsDescription",
       {{"ContinuousBackupsStatus", "ENABLED"},
        {"PointInTimeRecoveryDescription", {{"PointInTimeRecoveryStatus", "DISABLED"}}}}}};
  CHECK(s.Ok("DescribeContinuousBackups", {{"TableName", "things"}}) == off);
  CHECK(s.Ok("DescribeContinuousBackups", {{"TableName", kArn}}) == off);
  CHECK(s.Fail("DescribeContinuousBackups", {{"TableName", "nope"}}) ==
        "TableNotFoundException: Table not found: nope");
  CHECK(s.Fail("UpdateContinuousBackups", {{"TableName", "things"}}) ==
        "ValidationException: 1 validation error detected: Value null at "
        "'pointInTimeRecoverySpecification' failed to satisfy constraint: Member must not be null");
  CHECK(s.Fail("UpdateContinuousBackups",
               {{"TableName", "things"},
                {"PointInTimeRecoverySpecification",
                 {{"PointInTimeRecoveryEnabled", true}, {"RecoveryPeriodInDays", 36}}}}) ==
        "ValidationException: 1 validation error detected: Value '36' at "
        "'pointInTimeRecoverySpecification.recoveryPeriodInDays' failed to satisfy constraint: "
        "Member must have value less than or equal to 35");
  Json on = s.Ok("UpdateContinuousBackups",
                 {{"TableName", "things"},
                  {"PointInTimeRecoverySpecification", {{"PointInTimeRecoveryEnabled", true}}}});
  const Json& pitr = on.at("ContinuousBackupsDescription").at("PointInTimeRecoveryDescription");
  CHECK(pitr.at("PointInTimeRecoveryStatus") == "ENABLED");
  CHECK(pitr.at("RecoveryPeriodInDays") == 35);
  CHECK(pitr.at("EarliestRestorableDateTime") == 1700000000.0);
  s.now_ms += 60 * kMinuteMs;
  Json later = s.Ok("DescribeContinuousBackups", {{"TableName", "things"}});
  const Json& window =
      later.at("ContinuousBackupsDescription").at("PointInTimeRecoveryDescription");
  CHECK(window.at("EarliestRestorableDateTime") == 1700000000.0);
  CHECK(window.at("LatestRestorableDateTime") == 1700003600.0);
  s.Ok("UpdateContinuousBackups",
       {{"TableName", "things"},
        {"PointInTimeRecoverySpecification",
         {{"PointInTimeRecoveryEnabled", true}, {"RecoveryPeriodInDays", 7}}}});
  CHECK(s.Ok("DescribeContinuousBackups", {{"TableName", "things"}})
            .at("ContinuousBackupsDescription")
            .at("PointInTimeRecoveryDescription")
            .at("RecoveryPeriodInDays") == 7);
  CHECK(s.Ok("UpdateContinuousBackups", {{"TableName", "things"},
                                         {"PointInTimeRecoverySpecification",
                                          {{"PointInTimeRecoveryEnabled", false}}}}) == off);
}

TEST_CASE("tags, deletion protection and recovery settings survive a restart with a file") {
  const std::filesystem::path path = std::filesystem::temp_directory_path() /
                                     ("model-resources-" + std::to_string(::getpid()) + ".db");
  std::filesystem::remove(path);
  {
    Server s(path.string());
    Json create = Table("things");
    create["Tags"] = Tags({{"env", "dev"}});
    create["DeletionProtectionEnabled"] = true;
    s.Ok("CreateTable", create);
    s.Ok("UpdateContinuousBackups",
         {{"TableName", "things"},
          {"PointInTimeRecoverySpecification",
           {{"PointInTimeRecoveryEnabled", true}, {"RecoveryPeriodInDays", 3}}}});
  }
  {
    Server s(path.string());
    CHECK(s.Ok("ListTagsOfResource", {{"ResourceArn", kArn}}) ==
          Json{{"Tags", Tags({{"env", "dev"}})}});
    CHECK(s.Fail("DeleteTable", {{"TableName", "things"}}).rfind("ValidationException", 0) == 0);
    CHECK(s.Ok("DescribeContinuousBackups", {{"TableName", "things"}})
              .at("ContinuousBackupsDescription")
              .at("PointInTimeRecoveryDescription")
              .at("RecoveryPeriodInDays") == 3);
  }
  std::filesystem::remove(path);
}

TEST_CASE("DescribeLimits and DescribeEndpoints") {
  Server s;
  CHECK(s.Ok("DescribeLimits", Json::object()) == Json{{"AccountMaxReadCapacityUnits", 80000},
                                                       {"AccountMaxWriteCapacityUnits", 80000},
                                                       {"TableMaxReadCapacityUnits", 40000},
                                                       {"TableMaxWriteCapacityUnits", 40000}});
  CHECK(s.Ok("DescribeEndpoints", Json::object()) ==
        Json{{"Endpoints",
              {{{"Address", "dynamodb.local.amazonaws.com"}, {"CachePeriodInMinutes", 1440}}}}});
}

namespace {

Json Transaction(const std::string& token, const std::string& value) {
  return {{"ClientRequestToken", token},
          {"ReturnConsumedCapacity", "TOTAL"},
          {"TransactItems",
           {{{"Put",
              {{"TableName", "things"}, {"Item", {{"pk", {{"S", "a"}}}, {"v", {{"S", value}}}}}}}},
            {{"Update",
              {{"TableName", "things"},
               {"Key", {{"pk", {{"S", "b"}}}}},
               {"UpdateExpression", "ADD c :one"},
               {"ExpressionAttributeValues", {{":one", {{"N", "1"}}}}}}}}}}};
}

std::string Counter(Server& s) {
  return s.Ok("GetItem", {{"TableName", "things"}, {"Key", {{"pk", {{"S", "b"}}}}}})
      .at("Item")
      .at("c")
      .at("N");
}

}  // namespace

TEST_CASE("ClientRequestToken: a replay within 10 minutes applies nothing") {
  Server s;
  s.Ok("CreateTable", Table("things"));
  const Json first = s.Ok("TransactWriteItems", Transaction("tok-1", "x"));
  // Two items written transactionally: 2 write units each.
  CHECK(first.at("ConsumedCapacity") ==
        Json::array({{{"TableName", "things"}, {"CapacityUnits", 4.0}}}));
  CHECK(Counter(s) == "1");

  s.now_ms += 9 * kMinuteMs;
  const Json replay = s.Ok("TransactWriteItems", Transaction("tok-1", "x"));
  // The replay reports reading the two (small) items transactionally: 2 read units each.
  CHECK(replay.at("ConsumedCapacity") ==
        Json::array({{{"TableName", "things"}, {"CapacityUnits", 4.0}}}));
  CHECK(Counter(s) == "1");
  Json quiet = Transaction("tok-1", "x");
  quiet.erase("ReturnConsumedCapacity");
  CHECK(s.Ok("TransactWriteItems", quiet) == Json::object());
  CHECK(Counter(s) == "1");

  CHECK(s.Fail("TransactWriteItems", Transaction("tok-1", "y")) ==
        "IdempotentParameterMismatchException: ");

  // Ten minutes after the first completed, the token is new again.
  s.now_ms += 1 * kMinuteMs;
  s.Ok("TransactWriteItems", Transaction("tok-1", "y"));
  CHECK(Counter(s) == "2");

  // No token, or an empty one: every call applies.
  s.Ok("TransactWriteItems", Transaction("", "z"));
  s.Ok("TransactWriteItems", Transaction("", "z"));
  CHECK(Counter(s) == "4");
  CHECK(s.Fail("TransactWriteItems", Transaction(std::string(37, 't'), "z")) ==
        "ValidationException: 1 validation error detected: Value '" + std::string(37, 't') +
            "' at 'clientRequestToken' failed to satisfy constraint: Member must have length less "
            "than or equal to 36");
}

TEST_CASE("ClientRequestToken: a cancelled transaction does not hold its token") {
  Server s;
  s.Ok("CreateTable", Table("things"));
  Json guarded = Transaction("tok-2", "x");
  guarded["TransactItems"][0]["Put"]["ConditionExpression"] = "attribute_exists(pk)";
  CHECK(s.Fail("TransactWriteItems", guarded).rfind("TransactionCanceledException", 0) == 0);
  s.Ok("TransactWriteItems", Transaction("tok-2", "x"));
  CHECK(Counter(s) == "1");
}
