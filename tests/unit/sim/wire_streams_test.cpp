// The DynamoDB Streams API's details through the JSON protocol: record times, DescribeStream's
// and ListStreams' pages, CreationRequestDateTime, malformed ARNs and iterators; and IndexArn on
// index descriptions. The engine's clock is injected.
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
#include "model/sim/storage/sqlite_db.h"
#include "model/sim/wire/wire.h"
#include "wire_fixture.h"

namespace {

using Json = nlohmann::json;

constexpr std::int64_t kCreatedMs = 1700000000123;  // 2023-11-14T22:13:20.123Z

// The shared fixture, its clock at kCreatedMs, with the stream helpers below.
struct Streams : simtest::Server {
  explicit Streams(const std::string& path = "") : simtest::Server(path, kCreatedMs) {}
  // Creates table `name` (pk S) with a stream, or without one when `stream` is false; returns
  // its stream ARN (or "").
  std::string Create(const std::string& name, bool stream = true) {
    Json table = {{"TableName", name},
                  {"AttributeDefinitions", {{{"AttributeName", "pk"}, {"AttributeType", "S"}}}},
                  {"KeySchema", {{{"AttributeName", "pk"}, {"KeyType", "HASH"}}}},
                  {"BillingMode", "PAY_PER_REQUEST"}};
    if (stream) {
      table["StreamSpecification"] = {{"StreamEnabled", true}, {"StreamViewType", "KEYS_ONLY"}};
    }
    return Ok("CreateTable", table)["TableDescription"].value("LatestStreamArn", "");
  }
  void Put(const std::string& table, const std::string& pk) {
    Ok("PutItem", {{"TableName", table}, {"Item", {{"pk", {{"S", pk}}}}}});
  }
  // Every record of the stream `arn`, from its start.
  Json Records(const std::string& arn) {
    const Json described = Ok("Streams.DescribeStream", {{"StreamArn", arn}});
    const Json it = Ok("Streams.GetShardIterator",
                       {{"StreamArn", arn},
                        {"ShardId", described["StreamDescription"]["Shards"][0]["ShardId"]},
                        {"ShardIteratorType", "TRIM_HORIZON"}});
    return Ok("Streams.GetRecords", {{"ShardIterator", it["ShardIterator"]}})["Records"];
  }
};

std::string LengthError(const std::string& value, const std::string& member,
                        const std::string& bound) {
  return "ValidationException: 1 validation error detected: Value '" + value + "' at '" + member +
         "' failed to satisfy constraint: Member must have length " + bound;
}

}  // namespace

TEST_CASE("stream records carry ApproximateCreationDateTime in whole epoch seconds",
          "[sim][wire][streams]") {
  Streams s;
  const std::string arn = s.Create("times");
  s.Put("times", "a");
  s.now_ms = kCreatedMs + 61999;  // 61.999 s later
  s.Put("times", "b");
  const Json records = s.Records(arn);
  REQUIRE(records.size() == 2);
  // "rounded down to the closest second": a JSON integer, not a fraction.
  CHECK(records[0]["dynamodb"]["ApproximateCreationDateTime"] == Json(1700000000));
  CHECK(records[0]["dynamodb"]["ApproximateCreationDateTime"].is_number_integer());
  CHECK(records[1]["dynamodb"]["ApproximateCreationDateTime"] == Json(1700000062));
  // It comes first in the record's dynamodb member, as DynamoDB writes it.
  CHECK(records[0]["dynamodb"].begin().key() == "ApproximateCreationDateTime");
}

TEST_CASE("a TTL deletion's record has the time of the sweep", "[sim][wire][streams]") {
  Streams s;
  const std::string arn = s.Create("ttl");
  s.Ok("UpdateTimeToLive",
       {{"TableName", "ttl"},
        {"TimeToLiveSpecification", {{"AttributeName", "exp"}, {"Enabled", true}}}});
  s.Ok("PutItem",
       {{"TableName", "ttl"}, {"Item", {{"pk", {{"S", "a"}}}, {"exp", {{"N", "1799999999"}}}}}});
  s.now_ms = 1800000000500;
  REQUIRE(s.db->ExpireItems().ok());
  const Json records = s.Records(arn);
  REQUIRE(records.size() == 2);
  CHECK(records[1]["eventName"] == "REMOVE");
  CHECK(records[1]["dynamodb"]["ApproximateCreationDateTime"] == Json(1800000000));
}

TEST_CASE("record times survive a restart and an older database file", "[sim][wire][streams]") {
  const std::string path = (std::filesystem::temp_directory_path() /
                            ("model-streams-" + std::to_string(::getpid()) + ".db"))
                               .string();
  std::filesystem::remove(path);
  std::string arn;
  {
    Streams s(path);
    arn = s.Create("kept");
    s.now_ms = kCreatedMs + 5000;
    s.Put("kept", "a");
  }
  {
    Streams s(path);
    s.now_ms = kCreatedMs + 9000;
    s.Put("kept", "b");
    const Json records = s.Records(arn);
    REQUIRE(records.size() == 2);
    CHECK(records[0]["dynamodb"]["ApproximateCreationDateTime"] == Json(1700000005));
    CHECK(records[1]["dynamodb"]["ApproximateCreationDateTime"] == Json(1700000009));
  }
  // A file written before records had times: its stream table lacks the column. Reopened, the
  // column is added; the old records read as created with the table, new ones have their time.
  {
    auto raw = sim::SqliteDb::Open(path);
    REQUIRE(raw.ok());
    auto names = (*raw)->Prepare(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE '%\\_stream' ESCAPE "
        "'\\'");
    REQUIRE(names.ok());
    std::string stream_table;
    {
      sim::StatementScope stmt(*names);
      auto row = stmt->Step();
      REQUIRE(row.ok());
      REQUIRE(*row);
      stream_table = std::string(stmt->ColumnText(0));
    }
    REQUIRE((*raw)->Exec("ALTER TABLE " + stream_table + " DROP COLUMN created;").ok());
  }
  {
    Streams s(path);
    s.now_ms = kCreatedMs + 20000;
    s.Put("kept", "c");
    const Json records = s.Records(arn);
    REQUIRE(records.size() == 3);
    CHECK(records[0]["dynamodb"]["ApproximateCreationDateTime"] == Json(1700000000));
    CHECK(records[1]["dynamodb"]["ApproximateCreationDateTime"] == Json(1700000000));
    CHECK(records[2]["dynamodb"]["ApproximateCreationDateTime"] == Json(1700000020));
  }
  std::filesystem::remove(path);
}

TEST_CASE("DescribeStream has CreationRequestDateTime and pages its shards",
          "[sim][wire][streams]") {
  Streams s;
  const std::string arn = s.Create("described");
  const Json all = s.Ok("Streams.DescribeStream", {{"StreamArn", arn}})["StreamDescription"];
  CHECK(all["CreationRequestDateTime"] == Json(1700000000.123));
  REQUIRE(all["Shards"].size() == 1);
  CHECK_FALSE(all.contains("LastEvaluatedShardId"));
  const std::string shard = all["Shards"][0]["ShardId"];

  const Json one =
      s.Ok("Streams.DescribeStream", {{"StreamArn", arn}, {"Limit", 1}})["StreamDescription"];
  CHECK(one["Shards"] == all["Shards"]);
  CHECK_FALSE(one.contains("LastEvaluatedShardId"));
  // After the last shard: none left. An id ordered before it: the shard follows.
  CHECK(s.Ok("Streams.DescribeStream",
             {{"StreamArn", arn}, {"ExclusiveStartShardId", shard}})["StreamDescription"]["Shards"]
            .empty());
  CHECK(s.Ok("Streams.DescribeStream",
             {{"StreamArn", arn},
              {"ExclusiveStartShardId",
               "shardId-00000000000000000000-0"}})["StreamDescription"]["Shards"] == all["Shards"]);

  CHECK(s.Fail("Streams.DescribeStream", {{"StreamArn", arn}, {"Limit", 0}}) ==
        "ValidationException: 1 validation error detected: Value '0' at 'limit' failed to "
        "satisfy constraint: Member must have value greater than or equal to 1");
  CHECK(s.Fail("Streams.DescribeStream", {{"StreamArn", arn}, {"Limit", 101}}) ==
        "ValidationException: One or more parameter values were invalid: Limit cannot be greater "
        "than the maximum: 100");
  CHECK(s.Fail("Streams.DescribeStream", {{"StreamArn", arn}, {"ExclusiveStartShardId", "x"}}) ==
        LengthError("x", "exclusiveStartShardId", "greater than or equal to 28"));
  CHECK(s.Fail("Streams.DescribeStream", {{"StreamArn", arn}, {"Limit", "1"}}) ==
        "SerializationException: STRING_VALUE cannot be converted to Integer");

  // A stream enabled later: CreationRequestDateTime is when UpdateTable enabled it.
  s.Create("later", false);
  s.now_ms = kCreatedMs + 86400000;
  const Json updated =
      s.Ok("UpdateTable",
           {{"TableName", "later"},
            {"StreamSpecification", {{"StreamEnabled", true}, {"StreamViewType", "NEW_IMAGE"}}}});
  const std::string later_arn = updated["TableDescription"]["LatestStreamArn"];
  CHECK(s.Ok("Streams.DescribeStream",
             {{"StreamArn", later_arn}})["StreamDescription"]["CreationRequestDateTime"] ==
        Json(1700086400.123));
}

TEST_CASE("ListStreams pages in ARN order with LastEvaluatedStreamArn", "[sim][wire][streams]") {
  Streams s;
  // Table names whose order differs from their ARNs' ("t-x" sorts before "t/" in an ARN).
  const std::string t = s.Create("t12");
  const std::string tx = s.Create("t12-x");
  s.Create("t12a", false);
  const std::string tb = s.Create("t12b");
  const Json all = s.Ok("Streams.ListStreams", Json::object());
  REQUIRE(all["Streams"].size() == 3);
  CHECK(all["Streams"][0]["StreamArn"] == tx);
  CHECK(all["Streams"][1]["StreamArn"] == t);
  CHECK(all["Streams"][2]["StreamArn"] == tb);
  CHECK_FALSE(all.contains("LastEvaluatedStreamArn"));

  const Json first = s.Ok("Streams.ListStreams", {{"Limit", 2}});
  REQUIRE(first["Streams"].size() == 2);
  CHECK(first["Streams"][1]["StreamArn"] == t);
  CHECK(first["LastEvaluatedStreamArn"] == t);
  const Json second =
      s.Ok("Streams.ListStreams",
           {{"Limit", 2}, {"ExclusiveStartStreamArn", first["LastEvaluatedStreamArn"]}});
  REQUIRE(second["Streams"].size() == 1);
  CHECK(second["Streams"][0]["StreamArn"] == tb);
  CHECK(second["Streams"][0]["TableName"] == "t12b");
  CHECK_FALSE(second.contains("LastEvaluatedStreamArn"));
  // Exactly filled: nothing follows, so no LastEvaluatedStreamArn.
  CHECK_FALSE(s.Ok("Streams.ListStreams", {{"Limit", 3}}).contains("LastEvaluatedStreamArn"));
  // With TableName, and from an ARN past every stream.
  CHECK(s.Ok("Streams.ListStreams", {{"TableName", "t12"}, {"Limit", 1}})["Streams"].size() == 1);
  CHECK(s.Ok("Streams.ListStreams",
             {{"ExclusiveStartStreamArn",
               "arn:aws:dynamodb:local:000000000000:table/zzz/stream/x"}})["Streams"]
            .empty());

  CHECK(s.Fail("Streams.ListStreams", {{"Limit", 101}}) ==
        "ValidationException: 1 validation error detected: Value '101' at 'limit' failed to "
        "satisfy constraint: Member must have value less than or equal to 100");
  CHECK(s.Fail("Streams.ListStreams", {{"ExclusiveStartStreamArn", "arn:short"}}) ==
        LengthError("arn:short", "exclusiveStartStreamArn", "greater than or equal to 37"));
}

TEST_CASE("a malformed stream ARN or shard iterator is a ValidationException",
          "[sim][wire][streams]") {
  Streams s;
  const std::string arn = s.Create("arns");
  const std::string shard = s.Ok("Streams.DescribeStream",
                                 {{"StreamArn", arn}})["StreamDescription"]["Shards"][0]["ShardId"];
  CHECK(s.Fail("Streams.DescribeStream", {{"StreamArn", "nonsense"}}) ==
        LengthError("nonsense", "streamArn", "greater than or equal to 37"));
  CHECK(s.Fail("Streams.DescribeStream", {{"StreamArn", std::string(1025, 'a')}}) ==
        LengthError(std::string(1025, 'a'), "streamArn", "less than or equal to 1024"));
  for (const std::string bad :
       {"nonsense-but-long-enough-to-pass-the-length-check",
        "arn:aws:s3:local:000000000000:table/arns/stream/2023-11-14T22:13:20.123",
        "arn:aws:dynamodb:local:000000000000:table/arns/2023-11-14T22:13:20.123xxxxxx",
        "arn:aws:dynamodb:local:000000000000:table//stream/2023-11-14T22:13:20.123",
        "arn:aws:dynamodb:local:000000000000:table/arns/stream/",
        "arn:aws:dynamodb::000000000000:table/arns/stream/2023-11-14T22:13:20.123",
        "arn:aws:dynamodb:local:000000000000:table/a/b/stream/2023-11-14T22:13:20.123"}) {
    INFO(bad);
    CHECK(s.Fail("Streams.DescribeStream", {{"StreamArn", bad}}) ==
          "ValidationException: Invalid StreamArn");
    CHECK(s.Fail("Streams.GetShardIterator",
                 {{"StreamArn", bad}, {"ShardId", shard}, {"ShardIteratorType", "LATEST"}}) ==
          "ValidationException: Invalid StreamArn");
  }
  // Well formed, but no such stream: ResourceNotFoundException.
  const std::string other =
      "arn:aws:dynamodb:local:000000000000:table/nope/stream/2023-11-14T22:13:20.123";
  CHECK(s.Fail("Streams.DescribeStream", {{"StreamArn", other}}) ==
        "ResourceNotFoundException: Requested resource not found: Stream: " + other + " not found");
  CHECK(s.Fail("Streams.GetShardIterator",
               {{"StreamArn", arn}, {"ShardId", "x"}, {"ShardIteratorType", "LATEST"}}) ==
        LengthError("x", "shardId", "greater than or equal to 28"));

  // Iterators: not Base64, not ours, altered, empty, too long.
  for (const std::string& bad :
       {std::string("not-an-iterator"), sim::Base64Encode("something else"),
        sim::Base64Encode("model-serve-iterator|x1|" + arn),
        sim::Base64Encode("model-serve-iterator||" + arn),
        sim::Base64Encode("model-serve-iterator|-1|" + arn)}) {
    INFO(bad);
    CHECK(s.Fail("Streams.GetRecords", {{"ShardIterator", bad}}) ==
          "ValidationException: Invalid ShardIterator");
  }
  CHECK(s.Fail("Streams.GetRecords", {{"ShardIterator", ""}}) ==
        LengthError("", "shardIterator", "greater than or equal to 1"));
  CHECK(s.Fail("Streams.GetRecords", {{"ShardIterator", std::string(2049, 'i')}}) ==
        LengthError(std::string(2049, 'i'), "shardIterator", "less than or equal to 2048"));
  // AT_SEQUENCE_NUMBER 0 reads from the start.
  s.Put("arns", "a");
  const Json at = s.Ok("Streams.GetShardIterator", {{"StreamArn", arn},
                                                    {"ShardId", shard},
                                                    {"ShardIteratorType", "AT_SEQUENCE_NUMBER"},
                                                    {"SequenceNumber", "0"}});
  CHECK(s.Ok("Streams.GetRecords", {{"ShardIterator", at["ShardIterator"]}})["Records"].size() ==
        1);
}

TEST_CASE("global and local secondary indexes have an IndexArn", "[sim][wire]") {
  Streams s;
  const Json table = {{"TableName", "indexed"},
                      {"AttributeDefinitions",
                       {{{"AttributeName", "pk"}, {"AttributeType", "S"}},
                        {{"AttributeName", "sk"}, {"AttributeType", "S"}},
                        {{"AttributeName", "g"}, {"AttributeType", "S"}}}},
                      {"KeySchema",
                       {{{"AttributeName", "pk"}, {"KeyType", "HASH"}},
                        {{"AttributeName", "sk"}, {"KeyType", "RANGE"}}}},
                      {"GlobalSecondaryIndexes",
                       {{{"IndexName", "byG"},
                         {"KeySchema", {{{"AttributeName", "g"}, {"KeyType", "HASH"}}}},
                         {"Projection", {{"ProjectionType", "ALL"}}}}}},
                      {"LocalSecondaryIndexes",
                       {{{"IndexName", "byPkG"},
                         {"KeySchema",
                          {{{"AttributeName", "pk"}, {"KeyType", "HASH"}},
                           {{"AttributeName", "g"}, {"KeyType", "RANGE"}}}},
                         {"Projection", {{"ProjectionType", "KEYS_ONLY"}}}}}},
                      {"BillingMode", "PAY_PER_REQUEST"}};
  for (const Json& d : {s.Ok("CreateTable", table)["TableDescription"],
                        s.Ok("DescribeTable", {{"TableName", "indexed"}})["Table"]}) {
    CHECK(d["GlobalSecondaryIndexes"][0]["IndexArn"] ==
          "arn:aws:dynamodb:local:000000000000:table/indexed/index/byG");
    CHECK(d["LocalSecondaryIndexes"][0]["IndexArn"] ==
          "arn:aws:dynamodb:local:000000000000:table/indexed/index/byPkG");
    CHECK(d["CreationDateTime"] == Json(1700000000.123));
  }
}

TEST_CASE("GetRecords stops at 1 MB of records", "[sim][wire][streams]") {
  // "GetRecords can retrieve a maximum of 1 MB of data or 1000 stream records, whichever comes
  // first"
  // (https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_streams_GetRecords.html).
  Streams s;
  Json table = {
      {"TableName", "big"},
      {"AttributeDefinitions", {{{"AttributeName", "pk"}, {"AttributeType", "S"}}}},
      {"KeySchema", {{{"AttributeName", "pk"}, {"KeyType", "HASH"}}}},
      {"BillingMode", "PAY_PER_REQUEST"},
      {"StreamSpecification", {{"StreamEnabled", true}, {"StreamViewType", "NEW_IMAGE"}}}};
  const std::string arn = s.Ok("CreateTable", table)["TableDescription"]["LatestStreamArn"];
  const std::string blob(350000, 'x');
  for (int i = 0; i < 6; ++i) {
    s.Ok("PutItem", {{"TableName", "big"},
                     {"Item", {{"pk", {{"S", "k" + std::to_string(i)}}}, {"b", {{"S", blob}}}}}});
  }
  const Json described = s.Ok("Streams.DescribeStream", {{"StreamArn", arn}});
  Json it = s.Ok("Streams.GetShardIterator",
                 {{"StreamArn", arn},
                  {"ShardId", described["StreamDescription"]["Shards"][0]["ShardId"]},
                  {"ShardIteratorType", "TRIM_HORIZON"}})["ShardIterator"];
  std::vector<std::size_t> pages;
  for (int guard = 0; guard < 10; ++guard) {
    const Json page = s.Ok("Streams.GetRecords", {{"ShardIterator", it}});
    if (page["Records"].empty()) break;
    std::int64_t bytes = 0;
    for (const Json& r : page["Records"]) bytes += r["dynamodb"]["SizeBytes"].get<std::int64_t>();
    CHECK(bytes <= 1024 * 1024);
    pages.push_back(page["Records"].size());
    it = page["NextShardIterator"];
  }
  CHECK(pages == std::vector<std::size_t>{2, 2, 2});
}
