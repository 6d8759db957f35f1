// `model serve MODEL.yaml [--load [N]]` as a process: the model's table is there when the
// endpoint answers (keys, indexes, stream), loaded with the very items `model check` starts
// from; a table already in the --db file is served as it is; a model with errors is not served.
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include "bench/peer.h"

using Json = nlohmann::json;

namespace {

const std::string kRoot = MODEL_SOURCE_ROOT;

std::unique_ptr<peer::Endpoint> Start(const std::vector<std::string>& args) {
  std::string error;
  auto endpoint = peer::Endpoint::StartModelServe(MODEL_BINARY, &error, args);
  INFO(error);
  REQUIRE(endpoint != nullptr);
  return endpoint;
}

Json Ok(peer::Endpoint& e, const std::string& op, const Json& body) {
  const peer::Reply reply = e.Call(op, body.dump());
  INFO(op << " -> " << reply.status << " " << reply.body);
  REQUIRE(reply.status == 200);
  return Json::parse(reply.body);
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// "N" of "... loaded as N items" on the first line of a sample's checked-in check.txt.
long CheckedItems(const std::string& sample) {
  std::smatch match;
  const std::string text = ReadFile(kRoot + "/samples/" + sample + "/check.txt");
  REQUIRE(std::regex_search(text, match, std::regex("loaded as ([0-9]+) items")));
  return std::stol(match[1]);
}

// Runs `model serve ARGS` to its end (it ends at once when it does not serve); stdout+stderr.
std::pair<int, std::string> RunServe(const std::string& args) {
  const std::string command = std::string(MODEL_BINARY) + " serve --port 0 " + args + " 2>&1";
  FILE* pipe = popen(command.c_str(), "r");
  REQUIRE(pipe != nullptr);
  std::string output;
  char buffer[256];
  while (std::fgets(buffer, sizeof(buffer), pipe) != nullptr) output += buffer;
  const int status = pclose(pipe);
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, output};
}

std::string TempPath(const std::string& name) {
  return (std::filesystem::temp_directory_path() /
          ("model-serve-model-" + std::to_string(getpid()) + "-" + name))
      .string();
}

}  // namespace

TEST_CASE("serve MODEL --load starts with the model's table and model check's data", "[serve]") {
  auto serve = Start({kRoot + "/samples/hr/model.yaml", "--load"});
  CHECK(Ok(*serve, "ListTables", Json::object())["TableNames"] == Json::array({"hr-order-entry"}));
  const Json table = Ok(*serve, "DescribeTable", {{"TableName", "hr-order-entry"}})["Table"];
  CHECK(table["KeySchema"] == Json::parse(R"([{"AttributeName":"PK","KeyType":"HASH"},
                                              {"AttributeName":"SK","KeyType":"RANGE"}])"));
  REQUIRE(table["GlobalSecondaryIndexes"].size() == 3);
  CHECK(table["GlobalSecondaryIndexes"][0]["IndexName"] == "GSI1");
  CHECK(table["GlobalSecondaryIndexes"][1]["IndexName"] == "GSI2");
  CHECK(table["GlobalSecondaryIndexes"][2]["IndexName"] == "GSI3");
  CHECK(table["StreamSpecification"] ==
        Json({{"StreamEnabled", true}, {"StreamViewType", "NEW_AND_OLD_IMAGES"}}));
  // --load with no number loads model check's default 2000 entities: its very items.
  CHECK(table["ItemCount"] == CheckedItems("hr"));
  // And the items answer the model's queries: one employee partition has items.
  const Json scanned = Ok(*serve, "Scan", {{"TableName", "hr-order-entry"}, {"Limit", 1}});
  REQUIRE(scanned["Items"].size() == 1);
  const Json pk = scanned["Items"][0]["PK"];
  const Json queried = Ok(*serve, "Query",
                          {{"TableName", "hr-order-entry"},
                           {"KeyConditionExpression", "PK = :p"},
                           {"ExpressionAttributeValues", {{":p", pk}}}});
  CHECK(queried["Count"].get<int>() >= 1);
}

TEST_CASE("serve MODEL --load writes a write-sharded aggregate's shard items as check does",
          "[serve]") {
  // Each poll's tally is split over shards; `model check --items 600` loads the polls, votes
  // and tallies and then the tallies' other shards: the served table holds the same items.
  const std::string dir = kRoot + "/tests/golden/check-aggregate-shards";
  std::smatch match;
  const std::string text = ReadFile(dir + "/expected/stdout");
  REQUIRE(std::regex_search(text, match, std::regex("loaded as ([0-9]+) items")));
  auto serve = Start({dir + "/model.yaml", "--load", "600"});
  const Json table = Ok(*serve, "DescribeTable", {{"TableName", "polls"}})["Table"];
  CHECK(table["ItemCount"] == std::stol(match[1]));
  // The shard items themselves (POLL_TALLY#{pollId}#_AGGSHARD#{_shard}), which readers add up.
  const Json shards = Ok(*serve, "Scan",
                         {{"TableName", "polls"},
                          {"FilterExpression", "contains(PK, :s)"},
                          {"ExpressionAttributeValues", {{":s", {{"S", "#_AGGSHARD#"}}}}}});
  CHECK(shards["Count"].get<int>() > 0);
}

TEST_CASE("serve MODEL --load deletes the synthetic items already expired and says so", "[serve]") {
  // social's TimelineEntry items carry a Time to Live around model check's clock: on the real clock
  // some are past. The first line (standard error, before "listening on") counts them.
  const std::string command = "timeout 60 " + std::string(MODEL_BINARY) + " serve --port 0 " +
                              kRoot + "/samples/social/model.yaml --load 2>&1 | head -n 1";
  FILE* pipe = popen(command.c_str(), "r");
  REQUIRE(pipe != nullptr);
  std::string line;
  char buffer[512];
  while (std::fgets(buffer, sizeof(buffer), pipe) != nullptr) line += buffer;
  pclose(pipe);
  INFO(line);
  std::smatch m;
  REQUIRE(std::regex_search(
      line, m,
      std::regex("([0-9]+) items loaded, ([0-9]+) of them already expired by Time to Live and "
                 "deleted, ([0-9]+) left")));
  CHECK(std::stol(m[2]) > 0);
  CHECK(std::stol(m[1]) - std::stol(m[2]) == std::stol(m[3]));
}

TEST_CASE("serve MODEL without --load creates the empty table", "[serve]") {
  auto serve = Start({kRoot + "/samples/shop/model.yaml"});
  const Json table = Ok(*serve, "DescribeTable", {{"TableName", "shop"}})["Table"];
  CHECK(table["ItemCount"] == 0);
  CHECK_FALSE(table.contains("StreamSpecification"));
}

TEST_CASE("serve MODEL --db reuses the table a previous run left", "[serve]") {
  const std::string db = TempPath("reuse.sqlite");
  const std::string model = kRoot + "/samples/shop/model.yaml";
  {
    auto serve = Start({model, "--load", "100", "--db", db});
    const Json table = Ok(*serve, "DescribeTable", {{"TableName", "shop"}})["Table"];
    CHECK(table["ItemCount"].get<int>() > 100);
    Ok(*serve, "PutItem",
       {{"TableName", "shop"}, {"Item", {{"PK", {{"S", "mine"}}}, {"SK", {{"S", "x"}}}}}});
    CHECK(serve->Stop() == 0);
  }
  const Json before = [&] {
    auto serve = Start({model, "--db", db});
    const Json got =
        Ok(*serve, "GetItem",
           {{"TableName", "shop"}, {"Key", {{"PK", {{"S", "mine"}}}, {"SK", {{"S", "x"}}}}}});
    CHECK(got.contains("Item"));  // served as it was, not created again
    return Ok(*serve, "DescribeTable", {{"TableName", "shop"}})["Table"];
  }();
  CHECK(before["ItemCount"].get<int>() > 100);
  const auto [code, output] = RunServe(model + " --load 100 --db " + db);
  CHECK(code == 2);
  CHECK(output.find("already holds table 'shop'") != std::string::npos);
  CHECK(output.find("listening") == std::string::npos);
  // Another model's different table of the same name is refused.
  const std::string other = TempPath("other.yaml");
  std::string text = ReadFile(kRoot + "/samples/hr/model.yaml");
  text = std::regex_replace(text, std::regex("name: hr-order-entry"), "name: shop");
  std::ofstream(other) << text;
  const auto [other_code, other_output] = RunServe(other + " --db " + db);
  CHECK(other_code == 1);
  CHECK(other_output.find("keys or indexes differ") != std::string::npos);
  for (const std::string& path : {db, db + "-wal", db + "-shm", other}) std::remove(path.c_str());
}

TEST_CASE("serve MODEL with errors prints them and does not serve", "[serve]") {
  const std::string bad = TempPath("bad.yaml");
  std::ofstream(bad) << "table: {name: t}\nentities:\n  A:\n    attributes: {id: nope}\n";
  const auto [code, output] = RunServe(bad);
  CHECK(code == 1);
  CHECK(output.find("error:") != std::string::npos);
  CHECK(output.find("listening") == std::string::npos);
  std::remove(bad.c_str());
  const auto [usage, usage_output] = RunServe("--load 50");
  CHECK(usage == 2);
  CHECK(usage_output == "model: error: serve --load needs a MODEL file to load\n");
}
