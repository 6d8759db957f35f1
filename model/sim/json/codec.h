// DynamoDB's JSON forms of attribute values and items ({"S": "x"}, {"N": "1"}, {"M": {...}},
// ...), both ways, for whoever speaks the JSON 1.0 protocol: the wire server (model/sim/wire)
// and the HTTP client (model/sim/http). Knows nothing of tables, requests or the engine.
//
// Conversions from JSON throw JsonError (a sim::Error, a ValidationException with DynamoDB's
// message) for malformed input; conversions to JSON never fail.
#pragma once

#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "model/sim/api/error.h"
#include "model/sim/api/value.h"

namespace sim::json {

using Json = nlohmann::ordered_json;

struct JsonError {
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
std::string Base64Encode(std::string_view bytes);
std::string Base64Decode(std::string_view text);  // throws JsonError on bad Base64

}  // namespace sim::json
