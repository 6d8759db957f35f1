// `model serve` as a process, over HTTP: durability across SIGTERM with --db, concurrent
// clients, the request size bound, the exit status when the port is taken. Starts the real
// executable (MODEL_BINARY).
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <nlohmann/json.hpp>
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

const Json kTable = {{"TableName", "counters"},
                     {"AttributeDefinitions", {{{"AttributeName", "PK"}, {"AttributeType", "S"}}}},
                     {"KeySchema", {{{"AttributeName", "PK"}, {"KeyType", "HASH"}}}},
                     {"BillingMode", "PAY_PER_REQUEST"}};

Json Key(const std::string& pk) { return {{"PK", {{"S", pk}}}}; }

struct Finished {
  int status = -1;     // as waitpid reports it
  std::string output;  // stdout and stderr
};

// Runs `model serve --port PORT` to its end (it ends at once when it cannot listen).
Finished RunServe(int port) {
  const std::string command =
      std::string(MODEL_BINARY) + " serve --port " + std::to_string(port) + " 2>&1";
  Finished finished;
  FILE* pipe = popen(command.c_str(), "r");
  REQUIRE(pipe != nullptr);
  char buffer[256];
  while (std::fgets(buffer, sizeof(buffer), pipe) != nullptr) finished.output += buffer;
  finished.status = pclose(pipe);
  return finished;
}

// A plain listening socket on 127.0.0.1 (no SO_REUSEPORT), on a free port; closed on scope exit.
class Listener {
 public:
  Listener() : fd_(socket(AF_INET, SOCK_STREAM, 0)) {
    REQUIRE(fd_ >= 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    address.sin_port = 0;
    REQUIRE(bind(fd_, reinterpret_cast<sockaddr*>(&address), sizeof(address)) == 0);
    REQUIRE(listen(fd_, 1) == 0);
    socklen_t size = sizeof(address);
    REQUIRE(getsockname(fd_, reinterpret_cast<sockaddr*>(&address), &size) == 0);
    port_ = ntohs(address.sin_port);
  }
  Listener(const Listener&) = delete;
  Listener& operator=(const Listener&) = delete;
  ~Listener() { close(fd_); }
  int port() const { return port_; }

 private:
  int fd_;
  int port_ = 0;
};

void CheckCannotListen(int port) {
  const Finished finished = RunServe(port);
  INFO(finished.output);
  CHECK(WIFEXITED(finished.status));
  CHECK(WEXITSTATUS(finished.status) == 3);
  CHECK(finished.output == "model serve: cannot listen on 127.0.0.1:" + std::to_string(port) +
                               ": Address already in use\n");
}

}  // namespace

TEST_CASE("serve --db keeps every acknowledged write across SIGTERM", "[serve]") {
  const std::string path = (std::filesystem::temp_directory_path() /
                            ("model-serve-test-" + std::to_string(getpid()) + ".sqlite"))
                               .string();
  {
    auto serve = Start({"--db", path});
    Ok(*serve, "CreateTable", kTable);
    for (int i = 0; i < 100; ++i) {
      Ok(*serve, "PutItem",
         {{"TableName", "counters"},
          {"Item", {{"PK", {{"S", std::to_string(i)}}}, {"n", {{"N", std::to_string(i)}}}}}});
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
        if (connection->Call("UpdateItem", body).status != 200)
          ++failures[static_cast<std::size_t>(t)];
      }
    });
  }
  for (std::thread& t : threads) t.join();
  for (int f : failures) CHECK(f == 0);
  Json got = Ok(*serve, "GetItem",
                {{"TableName", "counters"}, {"Key", Key("hits")}, {"ConsistentRead", true}});
  CHECK(got["Item"]["n"] == Json({{"N", std::to_string(kThreads * kEach)}}));
}

TEST_CASE("serve refuses requests over its size bound and keeps serving", "[serve]") {
  auto serve = Start();
  Ok(*serve, "CreateTable", kTable);
  const std::string huge =
      Json{{"TableName", "counters"},
           {"Item", {{"PK", {{"S", "big"}}}, {"v", {{"S", std::string(18 * 1024 * 1024, 'x')}}}}}}
          .dump();
  const peer::Reply reply = serve->Call("PutItem", huge);
  CHECK(reply.status == 413);
  CHECK(Ok(*serve, "ListTables", Json::object())["TableNames"] == Json::array({"counters"}));
}

TEST_CASE("serve exits 3 when its port is already in use", "[serve]") {
  SECTION("by another program's listener") {
    const Listener listener;
    CheckCannotListen(listener.port());
  }
  SECTION("by another model serve") {
    auto first = Start();
    CheckCannotListen(first->port());
    CHECK(Ok(*first, "ListTables", Json::object())["TableNames"] == Json::array());  // unharmed
  }
}

TEST_CASE("serve deletes expired Time to Live items in the background", "[serve]") {
  auto serve = Start();
  Ok(*serve, "CreateTable", kTable);
  Ok(*serve, "UpdateTimeToLive",
     {{"TableName", "counters"},
      {"TimeToLiveSpecification", {{"AttributeName", "expires"}, {"Enabled", true}}}});
  const long long now = static_cast<long long>(std::time(nullptr));
  Ok(*serve, "PutItem",
     {{"TableName", "counters"},
      {"Item", {{"PK", {{"S", "old"}}}, {"expires", {{"N", std::to_string(now - 60)}}}}}});
  Ok(*serve, "PutItem",
     {{"TableName", "counters"},
      {"Item", {{"PK", {{"S", "new"}}}, {"expires", {{"N", std::to_string(now + 3600)}}}}}});
  // The sweep runs every second: the expired item goes within a few.
  bool gone = false;
  for (int i = 0; i < 100 && !gone; ++i) {
    gone =
        !Ok(*serve, "GetItem", {{"TableName", "counters"}, {"Key", Key("old")}}).contains("Item");
    if (!gone) std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  CHECK(gone);
  CHECK(Ok(*serve, "GetItem", {{"TableName", "counters"}, {"Key", Key("new")}}).contains("Item"));
}
