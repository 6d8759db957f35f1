// JSON forms of the simulated table's values and requests (internal to the wire adapter).
//
// Conversions throw WireError (a sim::Error) for malformed input; the adapter turns it into a
// ValidationException response.
#pragma once

#include <nlohmann/json.hpp>

#include "model/sim/error.h"
#include "model/sim/table_schema.h"
#include "model/sim/value.h"

namespace sim::wire {

using Json = nlohmann::ordered_json;

struct WireError {
  Error error;
};

AttributeValue ValueFromJson(const Json& j);
Json ValueToJson(const AttributeValue& v);
Item ItemFromJson(const Json& j);
Json ItemToJson(const Item& item);
// Appends ItemToJson(item).dump() to `out`, without building the JSON tree.
void AppendItemJson(const Item& item, std::string* out);
std::map<std::string, AttributeValue> ValuesFromJson(const Json& j);  // ExpressionAttributeValues
std::map<std::string, std::string> NamesFromJson(const Json& j);      // ExpressionAttributeNames
Json DescriptionToJson(const TableDescription& d);
CreateTableRequest CreateTableFromJson(const Json& j);
std::string Base64Encode(std::string_view bytes);
std::string Base64Decode(std::string_view text);

}  // namespace sim::wire
