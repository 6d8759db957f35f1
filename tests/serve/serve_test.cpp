// `model serve` as a process, over HTTP: durability across SIGTERM with --db, concurrent
// clients, the request size bound. Starts the real executable (MODEL_BINARY).
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <cstdio>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

#include "bench/peer.h"

using Json = nlohmann::json;

namespace {

std::unique_ptr<peer::Endpoint> Start(const std::vector<std::string>& args = {}) {
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

const Json kTable = {
    {"TableName", "counters"},
    {"AttributeDefinitions", {{{"AttributeName", "PK"}, {"AttributeType", "S"}}}},
    {"KeySchema", {{{"AttributeName", "PK"}, {"KeyType", "HASH"}}}},
    {"BillingMode", "PAY_PER_REQUEST"}};

Json Key(const std::string& pk) { return {{"PK", {{"S", pk}}}}; }

}  // namespace

TEST_CASE("serve --db keeps every acknowledged write across SIGTERM", "[serve]") {
  const std::string path = (std::filesystem::temp_directory_path() /
                            ("model-serve-test-" + std::to_string(getpid()) + ".sqlite"))
                               .string();
  {
    auto serve = Start({"--db", path});
    Ok(*serve, "CreateTable", kTable);
    for (int i = 0; i < 100; ++i) {
      Ok(*serve, "PutItem", {{"TableName", "counters"}, {"Item", {{"PK", {{"S", std::to_string(i)}}}, {"n", {{"N", std::to_string(i)}}}}}});
    }
    const int status = serve->Stop();
    CHECK(WIFEXITED(status));
    CHECK(WEXITSTATUS(status) == 0);  // a clean shutdown, not a kill
  }
  {
    auto serve = Start({"--db", path});
    Json got = Ok(*serve, "GetItem", {{"TableName", "counters"}, {"Key", Key("99")}});
    CHECK(got["Item"]["n"] == Json({{"N", "99"}}));
    CHECK(Ok(*serve, "DescribeTable", {{"TableName", "counters"}})["Table"]["ItemCount"] == 100);
  }
  for (const char* suffix : {"", "-wal", "-shm"}) std::remove((path + suffix).c_str());
}

TEST_CASE("serve applies concurrent clients' updates atomically", "[serve]") {
  auto serve = Start();
  Ok(*serve, "CreateTable", kTable);
  constexpr int kThreads = 8, kEach = 100;
  std::vector<std::thread> threads;
  std::vector<int> failures(kThreads, 0);
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      auto connection = serve->Connect();
      const std::string body = Json{{"TableName", "counters"},
                                    {"Key", Key("hits")},
                                    {"UpdateExpression", "ADD n :one"},
                                    {"ExpressionAttributeValues", {{":one", {{"N", "1"}}}}}}
                                   .dump();
      for (int i = 0; i < kEach; ++i) {
        if (connection->Call("UpdateItem", body).status != 200) ++failures[static_cast<std::size_t>(t)];
      }
    });
  }
  for (std::thread& t : threads) t.join();
  for (int f : failures) CHECK(f == 0);
  Json got = Ok(*serve, "GetItem", {{"TableName", "counters"}, {"Key", Key("hits")}, {"ConsistentRead", true}});
  CHECK(got["Item"]["n"] == Json({{"N", std::to_string(kThreads * kEach)}}));
}

TEST_CASE("serve refuses requests over its size bound and keeps serving", "[serve]") {
  auto serve = Start();
  Ok(*serve, "CreateTable", kTable);
  const std::string huge = Json{{"TableName", "counters"},
                                {"Item", {{"PK", {{"S", "big"}}}, {"v", {{"S", std::string(18 * 1024 * 1024, 'x')}}}}}}
                               .dump();
  const peer::Reply reply = serve->Call("PutItem", huge);
  CHECK(reply.status == 413);
  CHECK(Ok(*serve, "ListTables", Json::object())["TableNames"] == Json::array({"counters"}));
}
