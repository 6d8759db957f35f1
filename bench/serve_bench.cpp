// serve_bench: `model serve` against DynamoDB Local over HTTP, with the same client.
//
// Starts both endpoints (DynamoDB Local through scripts/peers; skipped when it cannot start),
// creates the same table on each (pk S, sk S), loads N items of about 60 bytes in N/10
// partitions with BatchWriteItem, then measures on each:
//   - PutItem requests/s, sequential, on one connection;
//   - Query requests/s, sequential (each query reads one whole 10-item partition);
//   - Query requests/s with C client threads, each on its own keep-alive connection.
// Queries are prepared in advance and sent on raw keep-alive sockets (peer::RawConnection), so
// the client's own work is small and the same for both servers.
// Prints one JSON line with both sides' numbers and the ratios.
//
//   serve_bench --model BIN --peers SCRIPT [--items N] [--queries Q] [--clients C]
//   (defaults: 10,000 items, 5,000 queries, 8 clients)
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>
#include <vector>

#include "bench/peer.h"

namespace {

using Json = nlohmann::json;

struct Options {
  std::string model, peers;
  int items = 10000;
  int queries = 5000;
  int clients = 8;
};

struct Numbers {
  double put_per_s = 0, query_per_s = 0, concurrent_query_per_s = 0;
};

std::string Pk(int partition) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "USER#%06d", partition);
  return buf;
}

Json ItemJson(int i) {
  char sk[32];
  std::snprintf(sk, sizeof sk, "ORDER#%04d", i % 10);
  return {{"pk", {{"S", Pk(i / 10)}}},
          {"sk", {{"S", sk}}},
          {"status", {{"S", i % 2 ? "OPEN" : "SHIPPED"}}},
          {"total", {{"N", std::to_string(100 + i % 900)}}}};
}

std::string QueryBody(int partition) {
  return Json{{"TableName", "bench"},
              {"KeyConditionExpression", "pk = :p"},
              {"ExpressionAttributeValues", {{":p", {{"S", Pk(partition)}}}}}}
      .dump();
}

[[noreturn]] void Die(const std::string& what) {
  std::fprintf(stderr, "serve_bench: %s\n", what.c_str());
  std::exit(1);
}

void Expect(const peer::Reply& reply, const char* what) {
  if (reply.status != 200) Die(std::string(what) + " failed: " + reply.body);
}

double Seconds(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

Numbers Measure(peer::Endpoint& endpoint, const Options& o) {
  const Json table = {{"TableName", "bench"},
                      {"AttributeDefinitions",
                       {{{"AttributeName", "pk"}, {"AttributeType", "S"}},
                        {{"AttributeName", "sk"}, {"AttributeType", "S"}}}},
                      {"KeySchema",
                       {{{"AttributeName", "pk"}, {"KeyType", "HASH"}},
                        {{"AttributeName", "sk"}, {"KeyType", "RANGE"}}}},
                      {"BillingMode", "PAY_PER_REQUEST"}};
  Expect(endpoint.Call("CreateTable", table.dump()), "CreateTable");
  for (int i = 0; i < o.items; i += 25) {
    Json writes = Json::array();
    for (int j = i; j < std::min(o.items, i + 25); ++j) {
      writes.push_back({{"PutRequest", {{"Item", ItemJson(j)}}}});
    }
    const peer::Reply reply =
        endpoint.Call("BatchWriteItem", Json{{"RequestItems", {{"bench", writes}}}}.dump());
    Expect(reply, "BatchWriteItem");
    if (!Json::parse(reply.body).value("UnprocessedItems", Json::object()).empty()) {
      Die("BatchWriteItem left items unprocessed");
    }
  }
  const int partitions = std::max(1, o.items / 10);
  Numbers n;

  // Sequential PutItem: overwrite items in place (the table size stays N).
  const int puts = std::min(o.queries, o.items);
  auto start = std::chrono::steady_clock::now();
  for (int i = 0; i < puts; ++i) {
    Expect(endpoint.Call("PutItem", Json{{"TableName", "bench"}, {"Item", ItemJson(i)}}.dump()),
           "PutItem");
  }
  n.put_per_s = puts / Seconds(start);

  // Sequential queries over the partitions in a fixed stride order, with requests prepared in
  // advance and sent on a raw keep-alive socket, so the client costs little next to the server.
  std::vector<std::string> prepared;
  prepared.reserve(static_cast<std::size_t>(o.queries));
  for (int q = 0; q < o.queries; ++q) {
    prepared.push_back(
        peer::RawConnection::Request(endpoint.port(), "Query", QueryBody((q * 7919) % partitions)));
  }
  peer::RawConnection raw(endpoint.port());
  if (!raw.connected()) Die("cannot connect");
  start = std::chrono::steady_clock::now();
  for (int q = 0; q < o.queries; ++q) {
    const peer::Reply reply = raw.Send(prepared[static_cast<std::size_t>(q)]);
    Expect(reply, "Query");
    if (q == 0 && Json::parse(reply.body).value("Count", 0) != 10)
      Die("a query did not return 10 items");
  }
  n.query_per_s = o.queries / Seconds(start);

  // Concurrent queries: C threads, each with its own connection, Q queries in all.
  std::atomic<int> next{0};
  std::atomic<bool> failed{false};
  start = std::chrono::steady_clock::now();
  std::vector<std::thread> threads;
  for (int c = 0; c < o.clients; ++c) {
    threads.emplace_back([&] {
      peer::RawConnection connection(endpoint.port());
      for (int q = next++; q < o.queries; q = next++) {
        if (connection.Send(prepared[static_cast<std::size_t>(q)]).status != 200) failed = true;
      }
    });
  }
  for (std::thread& t : threads) t.join();
  if (failed) Die("a concurrent query failed");
  n.concurrent_query_per_s = o.queries / Seconds(start);
  return n;
}

}  // namespace

int main(int argc, char** argv) {
  Options o;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    const bool has_value = i + 1 < argc;
    if (arg == "--model" && has_value)
      o.model = argv[++i];
    else if (arg == "--peers" && has_value)
      o.peers = argv[++i];
    else if (arg == "--items" && has_value)
      o.items = std::atoi(argv[++i]);
    else if (arg == "--queries" && has_value)
      o.queries = std::atoi(argv[++i]);
    else if (arg == "--clients" && has_value)
      o.clients = std::atoi(argv[++i]);
    else {
      std::fprintf(stderr,
                   "usage: serve_bench --model BIN --peers SCRIPT [--items N] [--queries Q] "
                   "[--clients C]\n");
      return 2;
    }
  }
  if (o.model.empty() || o.peers.empty() || o.items < 10 || o.queries < 1 || o.clients < 1) {
    std::fprintf(stderr, "serve_bench: --model and --peers are required; --items >= 10\n");
    return 2;
  }
  std::string error;
  Numbers ours, theirs;
  {
    auto serve = peer::Endpoint::StartModelServe(o.model, &error);
    if (!serve) Die(error);
    ours = Measure(*serve, o);
  }
  bool have_peer = false;
  {
    auto local = peer::Endpoint::StartDynamoDbLocal(o.peers, &error);
    if (local) {
      theirs = Measure(*local, o);
      have_peer = true;
    } else {
      std::fprintf(stderr,
                   "serve_bench: DynamoDB Local unavailable (%s); measuring model serve only\n",
                   error.c_str());
    }
  }
  Json out = {
      {"items", o.items},
      {"queries", o.queries},
      {"clients", o.clients},
      {"model_serve_put_per_s", static_cast<long long>(ours.put_per_s)},
      {"model_serve_query_per_s", static_cast<long long>(ours.query_per_s)},
      {"model_serve_concurrent_query_per_s", static_cast<long long>(ours.concurrent_query_per_s)}};
  if (have_peer) {
    out["dynamodb_local_put_per_s"] = static_cast<long long>(theirs.put_per_s);
    out["dynamodb_local_query_per_s"] = static_cast<long long>(theirs.query_per_s);
    out["dynamodb_local_concurrent_query_per_s"] =
        static_cast<long long>(theirs.concurrent_query_per_s);
    out["query_ratio"] = std::round(ours.query_per_s / theirs.query_per_s * 100) / 100;
    out["concurrent_query_ratio"] =
        std::round(ours.concurrent_query_per_s / theirs.concurrent_query_per_s * 100) / 100;
  }
  std::printf("%s\n", out.dump().c_str());
  return 0;
}
