// JSON forms of the simulated table's values and requests (internal to the wire adapter), and
// the operation handlers' shape.
//
// Conversions throw WireError (a sim::Error) for malformed input; the adapter turns it into a
// ValidationException response. The value and item codec is sim_json's (model/sim/json), shared
// with the HTTP client.
#pragma once

#include <map>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "model/sim/api/capacity.h"
#include "model/sim/api/data_plane.h"
#include "model/sim/api/error.h"
#include "model/sim/api/table_admin.h"
#include "model/sim/api/table_schema.h"
#include "model/sim/api/value.h"
#include "model/sim/json/codec.h"

namespace sim::wire {

using Json = json::Json;
using WireError = json::JsonError;
using json::AppendItemJson;
using json::CheckShape;
using json::ItemFromJson;
using json::ItemToJson;
using json::JsonShape;
using json::KeySchemaToJson;
using json::NamesFromJson;
using json::ValueFromJson;
using json::ValuesFromJson;
using json::ValueToJson;
Json DescriptionToJson(const TableDescription& d);
// The ARN of a table's stream: arn:aws:dynamodb:local:000000000000:table/NAME/stream/LABEL.
std::string StreamArn(const std::string& table_name, const std::string& label);

CreateTableRequest CreateTableFromJson(const Json& j);
// Parts of CreateTable's shapes that UpdateTable shares.
std::vector<AttributeDefinition> AttributeDefinitionsFromJson(const Json& j);
SecondaryIndex GlobalIndexFromJson(const Json& j);
// A ProvisionedThroughput member; `field` names it in messages ("provisionedThroughput").
ProvisionedThroughput ThroughputFromJson(const Json& j, const std::string& field);
// The ARN of a table: arn:aws:dynamodb:local:000000000000:table/NAME.
std::string TableArn(const std::string& table_name);
// A Tags list ([{"Key": .., "Value": ..}]) of CreateTable or TagResource.
std::vector<Tag> TagsFromJson(const Json& j);
// A boolean member that is present; SerializationException when it is not a boolean.
bool BoolMember(const Json& j, const char* key);

// Runs one DataPlane call, holding the engine lock when there is one: requests are parsed and
// answers rendered outside it, so concurrent clients overlap everything but the engine itself.
// Admin runs a TableAdmin call the same way; the adapter dispatches TableAdmin operations only
// when it has one (HasAdmin).
class Engine {
 public:
  Engine(DataPlane* plane, std::mutex* lock, TableAdmin* admin = nullptr)
      : plane_(plane), lock_(lock), admin_(admin) {}
  template <typename F>
  auto operator()(F&& f) const {
    if (lock_ == nullptr) return f(*plane_);
    std::lock_guard<std::mutex> guard(*lock_);
    return f(*plane_);
  }
  bool HasAdmin() const { return admin_ != nullptr; }
  template <typename F>
  auto Admin(F&& f) const {
    if (lock_ == nullptr) return f(*admin_);
    std::lock_guard<std::mutex> guard(*lock_);
    return f(*admin_);
  }

 private:
  DataPlane* plane_;
  std::mutex* lock_;
  TableAdmin* admin_;
};

// One operation: the request's JSON (null members dropped) to the response body's text.
// Throws WireError.
using Handler = std::string (*)(const Engine& db, const Json& request);

// A handler from a function that answers a JSON tree.
// Dumped with bytes that are not UTF-8 (which a parsed request cannot hold) written as U+FFFD,
// so that rendering never throws.
template <Json (*F)(const Engine&, const Json&)>
std::string Dumped(const Engine& db, const Json& request) {
  return F(db, request).dump(-1, ' ', false, Json::error_handler_t::replace);
}

// The handler of a TableAdmin operation (UpdateTable, UpdateTimeToLive, DescribeTimeToLive;
// table_admin.cpp; and the ResourceOperation ones); null for any other name.
Handler TableAdminOperation(std::string_view op);

// The handler of a resource operation (TagResource, UntagResource, ListTagsOfResource,
// DescribeContinuousBackups, UpdateContinuousBackups, DescribeLimits, DescribeEndpoints;
// resources.cpp); null for any other name. TableAdminOperation includes them.
Handler ResourceOperation(std::string_view op);

// ConsumedCapacity as DynamoDB writes it: TableName, CapacityUnits, and with INDEXES the Table,
// GlobalSecondaryIndexes and LocalSecondaryIndexes members (ReturnConsumedCapacity:
// https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_ConsumedCapacity.html).
Json CapacityToJson(const ConsumedCapacity& c);

// The handler of a DynamoDB Streams operation (ListStreams, DescribeStream, GetShardIterator,
// GetRecords); null for any other name.
Handler StreamsOperation(std::string_view op);

}  // namespace sim::wire
