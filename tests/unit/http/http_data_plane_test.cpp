// HttpDataPlane against local test servers: SigV4 accepted by a verifying server, errors mapped
// to DynamoDB's names, retries of throttling, 5xx and transaction conflicts (and not of client
// errors), timeouts, closed connections, refused connections and bad JSON: each a clear error,
// no crash, no hang.
#include "model/sim/http/http_data_plane.h"

#include <catch2/catch.hpp>
#include <chrono>
#include <nlohmann/json.hpp>
#include <set>
#include <vector>

#include "tests/unit/http/test_server.h"

namespace {

using Json = nlohmann::json;
using namespace std::chrono_literals;

struct Plane {
  std::vector<std::chrono::milliseconds> sleeps;
  std::unique_ptr<sim::HttpDataPlane> plane;
};

std::unique_ptr<Plane> Connect(const std::string& url, std::chrono::milliseconds timeout = 5000ms,
                               const std::string& token = "") {
  auto p = std::make_unique<Plane>();
  sim::HttpOptions options;
  options.config.endpoint = url;
  options.config.region = "eu-west-3";
  options.config.credentials = {"AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", token};
  options.request_timeout = timeout;
  options.connect_timeout = timeout;
  Plane* raw = p.get();
  options.sleep = [raw](std::chrono::milliseconds d) { raw->sleeps.push_back(d); };
  p->plane = std::make_unique<sim::HttpDataPlane>(options);
  return p;
}

sim::GetItemRequest Get() {
  sim::GetItemRequest r;
  r.table_name = "t";
  r.key["PK"] = sim::AttributeValue::S("a");
  return r;
}

void Answer(httplib::Response& res, int status, const Json& body) {
  res.status = status;
  res.set_content(body.dump(), "application/x-amz-json-1.0");
}

Json Exception(const std::string& name, const std::string& message) {
  return {{"__type", "com.amazonaws.dynamodb.v20120810#" + name}, {"message", message}};
}

}  // namespace

TEST_CASE("HttpDataPlane: SigV4 signature accepted by a verifying server, with the session token") {
  std::vector<std::string> problems;
  std::set<std::string> targets;
  http_test::Server server([&](const httplib::Request& req, httplib::Response& res) {
    std::string problem = http_test::VerifySigV4(req, "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY");
    if (req.get_header_value("X-Amz-Security-Token") != "TOKEN") problem += " no session token";
    if (req.get_header_value("Authorization").find("/eu-west-3/dynamodb/aws4_request") ==
        std::string::npos) {
      problem += " wrong scope";
    }
    targets.insert(req.get_header_value("X-Amz-Target"));
    if (!problem.empty()) {
      problems.push_back(problem);
      return Answer(res, 400, Exception("InvalidSignatureException", problem));
    }
    Answer(res, 200, {{"Item", {{"PK", {{"S", "a"}}}, {"n", {{"N", "42"}}}}}});
  });
  auto p = Connect(server.url(), 5000ms, "TOKEN");
  auto got = p->plane->GetItem(Get());
  INFO((problems.empty() ? std::string() : problems.front()));
  REQUIRE(got.ok());
  REQUIRE(got->item);
  CHECK(got->item->at("n") == sim::AttributeValue::N("42"));
  CHECK(targets == std::set<std::string>{"DynamoDB_20120810.GetItem"});
}

TEST_CASE("HttpDataPlane: a wrong secret fails the verifying server's check") {
  http_test::Server server([&](const httplib::Request& req, httplib::Response& res) {
    std::string problem = http_test::VerifySigV4(req, "another secret");
    if (!problem.empty()) return Answer(res, 400, Exception("InvalidSignatureException", problem));
    Answer(res, 200, Json::object());
  });
  auto p = Connect(server.url());
  auto got = p->plane->GetItem(Get());
  REQUIRE_FALSE(got.ok());
  CHECK(got.error().name == "InvalidSignatureException");
  CHECK(server.requests() == 1);  // not retried
}

TEST_CASE("HttpDataPlane: DynamoDB's errors keep their name, message and old item") {
  http_test::Server server([&](const httplib::Request&, httplib::Response& res) {
    Json body = Exception("ConditionalCheckFailedException", "The conditional request failed");
    body["Item"] = {{"PK", {{"S", "a"}}}};
    Answer(res, 400, body);
  });
  auto p = Connect(server.url());
  sim::PutItemRequest put;
  put.table_name = "t";
  put.item["PK"] = sim::AttributeValue::S("a");
  put.condition_expression = "attribute_not_exists(PK)";
  auto got = p->plane->PutItem(put);
  REQUIRE_FALSE(got.ok());
  CHECK(got.error().name == "ConditionalCheckFailedException");
  CHECK(got.error().message == "The conditional request failed");
  REQUIRE(got.error().item);
  CHECK(server.requests() == 1);
}

TEST_CASE("HttpDataPlane: throttling, 5xx and transaction conflicts are retried with backoff") {
  for (const std::string kind :
       {"500", "ThrottlingException", "ProvisionedThroughputExceededException",
        "TransactionConflictException"}) {
    int failures = 2;
    http_test::Server server([&](const httplib::Request&, httplib::Response& res) {
      if (failures-- > 0) {
        if (kind == "500") return Answer(res, 500, Exception("InternalServerError", "boom"));
        return Answer(res, 400, Exception(kind, "slow down"));
      }
      Answer(res, 200, Json::object());
    });
    auto p = Connect(server.url());
    auto got = p->plane->GetItem(Get());
    INFO(kind);
    REQUIRE(got.ok());
    CHECK_FALSE(got->item);
    CHECK(server.requests() == 3);
    REQUIRE(p->sleeps.size() == 2);
    CHECK(p->sleeps[0] < 200ms);  // full jitter under base * 2
    CHECK(p->sleeps[1] < 400ms);
  }
}

TEST_CASE("HttpDataPlane: at most 3 attempts, then the last error") {
  http_test::Server server([&](const httplib::Request&, httplib::Response& res) {
    Answer(res, 400,
           Exception("ThrottlingException", "Rate of requests exceeds the allowed throughput."));
  });
  auto p = Connect(server.url());
  auto got = p->plane->GetItem(Get());
  REQUIRE_FALSE(got.ok());
  CHECK(got.error().name == "ThrottlingException");
  CHECK(got.error().message.find("after 3 attempts") != std::string::npos);
  CHECK(server.requests() == 3);
  CHECK(p->plane->attempts() == 3);
}

TEST_CASE("HttpDataPlane: client errors are not retried") {
  http_test::Server server([&](const httplib::Request&, httplib::Response& res) {
    Answer(res, 400, Exception("ValidationException", "One or more parameter values were invalid"));
  });
  auto p = Connect(server.url());
  auto got = p->plane->GetItem(Get());
  REQUIRE_FALSE(got.ok());
  CHECK(got.error().name == "ValidationException");
  CHECK(server.requests() == 1);
  CHECK(p->sleeps.empty());
}

TEST_CASE(
    "HttpDataPlane: a server slower than the timeout is a transport error, retried, no hang") {
  http_test::Server server([&](const httplib::Request&, httplib::Response& res) {
    std::this_thread::sleep_for(600ms);
    Answer(res, 200, Json::object());
  });
  auto p = Connect(server.url(), 100ms);
  const auto start = std::chrono::steady_clock::now();
  auto got = p->plane->GetItem(Get());
  const auto elapsed = std::chrono::steady_clock::now() - start;
  REQUIRE_FALSE(got.ok());
  INFO(got.error().message);
  CHECK(got.error().name == "HttpTransportError");
  CHECK(got.error().message.find("timed out") != std::string::npos);
  CHECK(p->plane->attempts() == 3);
  CHECK(elapsed < 3s);
}

TEST_CASE("HttpDataPlane: a server that closes the connection is a transport error") {
  http_test::ClosingServer server;
  auto p = Connect(server.url(), 2000ms);
  auto got = p->plane->GetItem(Get());
  REQUIRE_FALSE(got.ok());
  CHECK(got.error().name == "HttpTransportError");
  CHECK(p->plane->attempts() == 3);
}

TEST_CASE("HttpDataPlane: a refused connection is a transport error") {
  int port = 0;
  {
    http_test::Server gone([](const httplib::Request&, httplib::Response&) {});
    port = gone.port();
  }
  auto p = Connect("http://127.0.0.1:" + std::to_string(port), 2000ms);
  auto got = p->plane->GetItem(Get());
  REQUIRE_FALSE(got.ok());
  CHECK(got.error().name == "HttpTransportError");
}

TEST_CASE("HttpDataPlane: bad JSON in an answer is a response error") {
  std::string body;
  int status = 200;
  http_test::Server server([&](const httplib::Request&, httplib::Response& res) {
    res.status = status;
    res.set_content(body, "application/x-amz-json-1.0");
  });
  auto p = Connect(server.url());
  for (auto [s, b] :
       std::vector<std::pair<int, std::string>>{{200, "{\"Item\": {"},
                                                {200, "[1, 2]"},
                                                {200, "{\"Item\": {\"PK\": {\"Q\": 1}}}"},
                                                {200, "{\"Item\": 7}"},
                                                {400, "<html>bad gateway</html>"},
                                                {400, "{\"message\": \"no type\"}"}}) {
    status = s;
    body = b;
    auto got = p->plane->GetItem(Get());
    INFO(b);
    REQUIRE_FALSE(got.ok());
    CHECK(got.error().name == "HttpResponseError");
    CHECK_FALSE(got.error().message.empty());
  }
  // A Query and a CreateTable answer of the wrong shape too.
  body = "{\"Items\": {\"not\": \"a list\"}}";
  sim::QueryRequest q;
  q.table_name = "t";
  q.key_condition_expression = "PK = :a";
  auto query = p->plane->Query(q);
  REQUIRE_FALSE(query.ok());
  CHECK(query.error().name == "HttpResponseError");
  body = "{}";
  auto created = p->plane->CreateTable(sim::CreateTableRequest{});
  REQUIRE_FALSE(created.ok());
  CHECK(created.error().name == "HttpResponseError");
}

TEST_CASE("HttpDataPlane: one connection serves every call") {
  std::set<int> client_ports;
  http_test::Server server([&](const httplib::Request& req, httplib::Response& res) {
    client_ports.insert(req.remote_port);
    Answer(res, 200, Json::object());
  });
  auto p = Connect(server.url());
  for (int i = 0; i < 5; ++i) REQUIRE(p->plane->GetItem(Get()).ok());
  CHECK(client_ports.size() == 1);
}

TEST_CASE("HttpDataPlane: requests and answers in DynamoDB's JSON shape") {
  Json seen;
  http_test::Server server([&](const httplib::Request& req, httplib::Response& res) {
    seen = Json::parse(req.body);
    Answer(res, 200,
           {{"Items", {{{"PK", {{"S", "a"}}}, {"SK", {{"N", "1"}}}}}},
            {"Count", 1},
            {"ScannedCount", 3},
            {"LastEvaluatedKey", {{"PK", {{"S", "a"}}}, {"SK", {{"N", "1"}}}}},
            {"ConsumedCapacity", {{"TableName", "t"}, {"CapacityUnits", 0.5}}}});
  });
  auto p = Connect(server.url());
  sim::QueryRequest q;
  q.table_name = "t";
  q.index_name = "GSI1";
  q.key_condition_expression = "#p = :a";
  q.expression_attribute_names["#p"] = "PK";
  q.expression_attribute_values[":a"] = sim::AttributeValue::S("a");
  q.limit = 10;
  q.scan_index_forward = false;
  q.return_consumed_capacity = sim::ReturnConsumedCapacity::kTotal;
  auto got = p->plane->Query(q);
  REQUIRE(got.ok());
  CHECK(seen == Json{{"TableName", "t"},
                     {"IndexName", "GSI1"},
                     {"ExpressionAttributeNames", {{"#p", "PK"}}},
                     {"ExpressionAttributeValues", {{":a", {{"S", "a"}}}}},
                     {"Limit", 10},
                     {"ReturnConsumedCapacity", "TOTAL"},
                     {"KeyConditionExpression", "#p = :a"},
                     {"ScanIndexForward", false}});
  CHECK(got->items.size() == 1);
  CHECK(got->count == 1);
  CHECK(got->scanned_count == 3);
  REQUIRE(got->last_evaluated_key);
  REQUIRE(got->consumed_capacity);
  CHECK(got->consumed_capacity->capacity_units == 0.5);
}
