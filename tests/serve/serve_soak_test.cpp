// A short soak of `model serve --db`: 64 concurrent clients (idle and busy) for two seconds, the
// server killed with SIGKILL while they write, then restarted on the same file: every write it
// acknowledged is there, and no transaction is half-applied.
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <catch2/catch.hpp>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "bench/peer.h"
#include "tests/serve/raw_http.h"

using Json = nlohmann::json;
using serve_test::RawClient;
using serve_test::Request;

namespace {

std::string PutBody(const std::string& pk) {
  return Json{{"TableName", "soak"}, {"Item", {{"PK", {{"S", pk}}}, {"n", {{"N", "1"}}}}}}.dump();
}

std::string TransactBody(const std::string& a, const std::string& b) {
  auto put = [](const std::string& pk) {
    return Json{{"Put", {{"TableName", "soak"}, {"Item", {{"PK", {{"S", pk}}}}}}}};
  };
  return Json{{"TransactItems", Json::array({put(a), put(b)})}}.dump();
}

// Every partition key in the table, through Scan's pages.
std::set<std::string> AllKeys(peer::Endpoint& serve) {
  std::set<std::string> keys;
  Json request = {{"TableName", "soak"}, {"ConsistentRead", true}};
  while (true) {
    const peer::Reply reply = serve.Call("Scan", request.dump());
    REQUIRE(reply.status == 200);
    const Json page = Json::parse(reply.body);
    for (const Json& item : page["Items"]) keys.insert(item["PK"]["S"].get<std::string>());
    if (!page.contains("LastEvaluatedKey")) break;
    request["ExclusiveStartKey"] = page["LastEvaluatedKey"];
  }
  return keys;
}

}  // namespace

TEST_CASE("serve --db keeps every acknowledged write across SIGKILL under load", "[serve]") {
  const std::string path = (std::filesystem::temp_directory_path() /
                            ("model-serve-soak-" + std::to_string(getpid()) + ".sqlite"))
                               .string();
  constexpr int kClients = 64, kIdle = 16;
  std::vector<std::vector<std::string>> acked_puts(kClients);
  std::vector<std::vector<int>> tried_transactions(kClients), acked_transactions(kClients);
  {
    std::string error;
    auto serve = peer::Endpoint::StartModelServe(MODEL_BINARY, &error, {"--db", path});
    INFO(error);
    REQUIRE(serve != nullptr);
    const Json create = {
        {"TableName", "soak"},
        {"AttributeDefinitions", {{{"AttributeName", "PK"}, {"AttributeType", "S"}}}},
        {"KeySchema", {{{"AttributeName", "PK"}, {"KeyType", "HASH"}}}},
        {"BillingMode", "PAY_PER_REQUEST"}};
    REQUIRE(serve->Call("CreateTable", create.dump()).status == 200);
    const int port = serve->port();
    std::atomic<bool> stop{false};
    std::vector<std::thread> clients;
    for (int t = 0; t < kClients; ++t) {
      clients.emplace_back([&, t] {
        RawClient client(port);
        if (t < kIdle) {  // idle: one request, then an open connection doing nothing
          client.Send(Request("ListTables", "{}"));
          client.Read();
          while (!stop.load()) std::this_thread::sleep_for(std::chrono::milliseconds(20));
          return;
        }
        for (int i = 0; !stop.load(); ++i) {
          const std::string key = "p-" + std::to_string(t) + "-" + std::to_string(i);
          if (i % 2 == 0) {
            if (!client.Send(Request("PutItem", PutBody(key)))) return;
            if (client.Read().status != 200) return;  // the server is gone
            acked_puts[static_cast<std::size_t>(t)].push_back(key);
          } else {
            tried_transactions[static_cast<std::size_t>(t)].push_back(i);
            if (!client.Send(Request("TransactWriteItems", TransactBody(key + "a", key + "b"))))
              return;
            if (client.Read().status != 200) return;
            acked_transactions[static_cast<std::size_t>(t)].push_back(i);
          }
        }
      });
    }
    std::this_thread::sleep_for(std::chrono::seconds(2));
    const int status = serve->Kill();  // mid-run, with writes in flight
    CHECK(WIFSIGNALED(status));
    stop.store(true);
    for (std::thread& c : clients) c.join();
  }
  std::size_t puts = 0, transactions = 0;
  for (int t = 0; t < kClients; ++t) {
    puts += acked_puts[static_cast<std::size_t>(t)].size();
    transactions += acked_transactions[static_cast<std::size_t>(t)].size();
  }
  INFO(puts << " puts and " << transactions << " transactions acknowledged");
  CHECK(puts > 100);
  CHECK(transactions > 100);
  {
    std::string error;
    auto serve = peer::Endpoint::StartModelServe(MODEL_BINARY, &error, {"--db", path});
    INFO(error);
    REQUIRE(serve != nullptr);
    const std::set<std::string> keys = AllKeys(*serve);
    int missing = 0, half = 0, lost = 0;
    for (int t = 0; t < kClients; ++t) {
      for (const std::string& key : acked_puts[static_cast<std::size_t>(t)])
        missing += keys.count(key) == 0 ? 1 : 0;
      const std::vector<int>& acked = acked_transactions[static_cast<std::size_t>(t)];
      for (int i : tried_transactions[static_cast<std::size_t>(t)]) {
        const std::string key = "p-" + std::to_string(t) + "-" + std::to_string(i);
        const bool a = keys.count(key + "a") == 1, b = keys.count(key + "b") == 1;
        half += a != b ? 1 : 0;
        if (std::find(acked.begin(), acked.end(), i) != acked.end() && !(a && b)) ++lost;
      }
    }
    CHECK(missing == 0);
    CHECK(half == 0);
    CHECK(lost == 0);
  }
  for (const char* suffix : {"", "-wal", "-shm"}) std::remove((path + suffix).c_str());
}
