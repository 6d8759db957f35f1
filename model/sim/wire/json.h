// JSON forms of the simulated table's values and requests (internal to the wire adapter).
//
// Conversions throw WireError (a sim::Error) for malformed input; the adapter turns it into a
// ValidationException response. The value and item codec is sim_json's (model/sim/json), shared
// with the HTTP client.
#pragma once

#include <mutex>
#include <string_view>

#include "model/sim/api/error.h"
#include "model/sim/api/table_schema.h"
#include "model/sim/api/value.h"
#include "model/sim/json/codec.h"

namespace sim {
class Database;
}

namespace sim::wire {

using Json = json::Json;
using WireError = json::JsonError;
using json::AppendItemJson;
using json::ItemFromJson;
using json::ItemToJson;
using json::NamesFromJson;
using json::ValueFromJson;
using json::ValuesFromJson;
using json::ValueToJson;
Json DescriptionToJson(const TableDescription& d);
// The ARN of a table's stream: arn:aws:dynamodb:local:000000000000:table/NAME/stream/LABEL.
std::string StreamArn(const std::string& table_name, const std::string& label);

// Runs one Database call, holding the engine lock when there is one: requests are parsed and
// answers rendered outside it, so concurrent clients overlap everything but the engine itself.
class Engine {
 public:
  Engine(Database* db, std::mutex* lock) : db_(db), lock_(lock) {}
  template <typename F>
  auto operator()(F&& f) const {
    if (lock_ == nullptr) return f(*db_);
    std::lock_guard<std::mutex> guard(*lock_);
    return f(*db_);
  }

 private:
  Database* db_;
  std::mutex* lock_;
};

// One DynamoDB Streams operation (ListStreams, DescribeStream, GetShardIterator, GetRecords).
// Throws WireError.
Json StreamsDispatch(const Engine& db, std::string_view op, const Json& j);
CreateTableRequest CreateTableFromJson(const Json& j);
using json::Base64Decode;
using json::Base64Encode;

}  // namespace sim::wire
