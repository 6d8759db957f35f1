// A simulated database behind the JSON adapter, for tests that talk to it as SDKs do.
#pragma once

#include <catch2/catch.hpp>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <utility>

#include "model/sim/engine/database.h"
#include "model/sim/wire/wire.h"

namespace simtest {

using Json = nlohmann::json;

struct Wire {
  std::unique_ptr<sim::Database> db = std::move(sim::Database::Open().value());
  sim::WireAdapter adapter{*db};

  // The HTTP status and the parsed body of one operation.
  std::pair<int, Json> Call(const std::string& op, const Json& body) {
    sim::WireResponse r = adapter.Handle("DynamoDB_20120810." + op, body.dump());
    return {r.status, Json::parse(r.body)};
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

}  // namespace simtest
