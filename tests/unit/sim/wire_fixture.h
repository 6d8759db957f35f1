// A simulated database behind the JSON adapter, for tests that talk to it as SDKs do: `Wire` (in
// memory, the real clock) and `Server` (in memory or a file, a clock the test sets).
#pragma once

#include <catch2/catch.hpp>
#include <cstdint>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <utility>

#include "model/sim/engine/database.h"
#include "model/sim/wire/wire.h"

namespace simtest {

using Json = nlohmann::json;

// The HTTP status and the parsed body of operation `op` through `adapter`: "Streams.<Op>" is a
// DynamoDB Streams operation, any other name a DynamoDB one.
inline std::pair<int, Json> CallWire(sim::WireAdapter& adapter, const std::string& op,
                                     const Json& body) {
  const std::string target =
      (op.rfind("Streams.", 0) == 0 ? "DynamoDBStreams_20120810." + op.substr(8)
                                    : "DynamoDB_20120810." + op);
  sim::WireResponse r = adapter.Handle(target, body.dump());
  return {r.status, Json::parse(r.body)};
}

struct Wire {
  std::unique_ptr<sim::Database> db = std::move(sim::Database::Open().value());
  sim::WireAdapter adapter{*db};

  // The HTTP status and the parsed body of one operation.
  std::pair<int, Json> Call(const std::string& op, const Json& body) {
    return CallWire(adapter, op, body);
  }
  // The body of an operation that must succeed.
  Json Ok(const std::string& op, const Json& body) {
    auto [status, answer] = Call(op, body);
    INFO(op << " " << body.dump() << " -> " << answer.dump());
    REQUIRE(status == 200);
    return answer;
  }
  // The exception name (after '#') and message of an operation that must fail.
  std::pair<std::string, std::string> Fail(const std::string& op, const Json& body) {
    auto [status, answer] = Call(op, body);
    INFO(op << " " << body.dump() << " -> " << answer.dump());
    REQUIRE(status == 400);
    std::string type = answer.value("__type", "");
    return {type.substr(type.rfind('#') + 1), answer.value("message", "")};
  }
};

// 2023-11-14T22:13:20Z in epoch milliseconds: the time a `Server`'s clock starts at.
constexpr std::int64_t kServerStartMs = 1700000000000;

// A database (in memory, or the file `path`) behind the wire adapter, whose clock reads `now_ms`
// (epoch milliseconds; the test moves it). Not copyable or movable: the clock refers to `this`.
struct Server {
  explicit Server(const std::string& path = "", std::int64_t start_ms = kServerStartMs)
      : now_ms(start_ms) {
    sim::DatabaseOptions options;
    options.path = path;
    options.clock = [this] { return now_ms; };
    auto opened = sim::Database::Open(options);
    REQUIRE(opened.ok());
    db = std::move(*opened);
    adapter = std::make_unique<sim::WireAdapter>(*db);
  }
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // The HTTP status and the parsed body of one operation (see CallWire).
  std::pair<int, Json> Call(const std::string& op, const Json& body) {
    return CallWire(*adapter, op, body);
  }
  // The body of an operation that must succeed.
  Json Ok(const std::string& op, const Json& body) {
    auto [status, answer] = Call(op, body);
    INFO(op << " " << body.dump() << " -> " << answer.dump());
    REQUIRE(status == 200);
    return answer;
  }
  // "<exception name>: <message>" of an operation that must fail.
  std::string Fail(const std::string& op, const Json& body) {
    auto [status, answer] = Call(op, body);
    INFO(op << " " << body.dump() << " -> " << answer.dump());
    REQUIRE(status == 400);
    const std::string type = answer.value("__type", "");
    return type.substr(type.rfind('#') + 1) + ": " + answer.value("message", "");
  }

  std::int64_t now_ms;
  std::unique_ptr<sim::Database> db;
  std::unique_ptr<sim::WireAdapter> adapter;
};

}  // namespace simtest
