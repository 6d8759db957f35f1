// libFuzzer target for the request handler (docs/fuzzing.md): sim::WireAdapter, the dispatch of
// an operation name and a JSON body, over a fresh in-memory sim::Database per input.
//
// Each input is up to 16 requests, one a line: an operation name, a space and the JSON body
// (`PutItem {"TableName": "tbl", ...}`). A name with a '.' is sent as the whole X-Amz-Target
// (`DynamoDBStreams_20120810.GetRecords`), any other is prefixed with `DynamoDB_20120810.`. The
// database starts with table `tbl` (pk S, sk N; GSI `gsi` (a S, n N), LSI `lsi` (pk, a S), a stream
// with both images) holding two items, and table `hsh` (pk N, no sort key) holding one; its clock
// is fixed, so every input replays the same. Every answer must be 200 or 400 (never 5xx: bad input
// is a client error) with a JSON object body; a 400 carries a `__type` and a `message`.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <utility>

#include "model/sim/engine/database.h"
#include "model/sim/wire/wire.h"

namespace {

constexpr int kMaxRequests = 16;
constexpr std::int64_t kNowMillis = 1764460800000;  // 2025-11-30T00:00:00Z

[[noreturn]] void Broken(const std::string& what) {
  std::fprintf(stderr, "wire_fuzz: %s\n", what.c_str());
  std::abort();
}

sim::WireResponse Call(sim::WireAdapter& adapter, std::string_view op, std::string_view body) {
  std::string target(op);
  if (op.find('.') == std::string_view::npos) target = "DynamoDB_20120810." + target;
  sim::WireResponse r = adapter.Handle(target, body);
  if (r.status != 200 && r.status != 400) {
    Broken("status " + std::to_string(r.status) + " for " + target + " " + std::string(body) +
           ": " + r.body);
  }
  nlohmann::json answer = nlohmann::json::parse(r.body, nullptr, false);
  if (!answer.is_object()) Broken("an answer that is not a JSON object: " + r.body);
  if (r.status == 400 && (!answer.contains("__type") || !answer["__type"].is_string() ||
                          !answer.contains("message") || !answer["message"].is_string())) {
    Broken("an error without __type and message: " + r.body);
  }
  return r;
}

void SetUp(sim::WireAdapter& adapter) {
  const char* const kSetUp[][2] = {
      {"CreateTable",
       R"json({"TableName":"tbl","BillingMode":"PAY_PER_REQUEST",
       "AttributeDefinitions":[{"AttributeName":"pk","AttributeType":"S"},
         {"AttributeName":"sk","AttributeType":"N"},{"AttributeName":"a","AttributeType":"S"},
         {"AttributeName":"n","AttributeType":"N"}],
       "KeySchema":[{"AttributeName":"pk","KeyType":"HASH"},{"AttributeName":"sk","KeyType":"RANGE"}],
       "GlobalSecondaryIndexes":[{"IndexName":"gsi","KeySchema":[{"AttributeName":"a","KeyType":"HASH"},
         {"AttributeName":"n","KeyType":"RANGE"}],"Projection":{"ProjectionType":"ALL"}}],
       "LocalSecondaryIndexes":[{"IndexName":"lsi","KeySchema":[{"AttributeName":"pk","KeyType":"HASH"},
         {"AttributeName":"a","KeyType":"RANGE"}],"Projection":{"ProjectionType":"KEYS_ONLY"}}],
       "StreamSpecification":{"StreamEnabled":true,"StreamViewType":"NEW_AND_OLD_IMAGES"}})json"},
      {"CreateTable",
       R"json({"TableName":"hsh","BillingMode":"PAY_PER_REQUEST",
       "AttributeDefinitions":[{"AttributeName":"pk","AttributeType":"N"}],
       "KeySchema":[{"AttributeName":"pk","KeyType":"HASH"}]})json"},
      {"PutItem",
       R"json({"TableName":"tbl","Item":{"pk":{"S":"p"},"sk":{"N":"1"},"a":{"S":"x"},"n":{"N":"2"},
       "m":{"M":{"k":{"L":[{"S":"v"},{"N":"3"}]}}},"ss":{"SS":["a","b"]}}})json"},
      {"PutItem",
       R"json({"TableName":"tbl","Item":{"pk":{"S":"p"},"sk":{"N":"2"},"b":{"B":"AAE="}}})json"},
      {"PutItem", R"json({"TableName":"hsh","Item":{"pk":{"N":"7"},"a":{"BOOL":true}}})json"},
  };
  for (const auto& request : kSetUp) {
    const sim::WireResponse r = Call(adapter, request[0], request[1]);
    if (r.status != 200) Broken(std::string("the set-up failed: ") + request[0] + ": " + r.body);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);
  sim::DatabaseOptions options;
  options.clock = [] { return kNowMillis; };
  auto opened = sim::Database::Open(options);
  if (!opened.ok()) Broken("cannot open the database: " + opened.error().message);
  std::unique_ptr<sim::Database> db = std::move(opened.value());
  sim::WireAdapter adapter(*db);
  SetUp(adapter);
  for (int n = 0; n < kMaxRequests && !input.empty(); ++n) {
    std::size_t end = input.find('\n');
    std::string_view line = input.substr(0, end);
    input = end == std::string_view::npos ? std::string_view() : input.substr(end + 1);
    std::size_t space = line.find(' ');
    std::string_view op = line.substr(0, space);
    std::string_view body =
        space == std::string_view::npos ? std::string_view() : line.substr(space + 1);
    Call(adapter, op, body);
  }
  return 0;
}
