// DynamoDB's JSON forms of attribute values and items ({"S": "x"}, {"N": "1"}, {"M": {...}},
// ...), both ways, for whoever speaks the JSON 1.0 protocol: the wire server (model/sim/wire)
// and the HTTP client (model/sim/http). Knows nothing of tables, requests or the engine.
//
// Conversions from JSON throw JsonError (a sim::Error with DynamoDB's name and message) for
// malformed input: a SerializationException when a member has the wrong JSON type (CheckShape),
// a ValidationException otherwise; conversions to JSON never fail.
#pragma once

#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "model/sim/api/error.h"
#include "model/sim/api/table_schema.h"
#include "model/sim/api/value.h"

namespace sim::json {

using Json = nlohmann::ordered_json;

struct JsonError {
  Error error;
};

// The JSON shapes of DynamoDB's request members, as its API reference types them.
enum class JsonShape { kString, kBoolean, kInteger, kList, kMap, kStructure };

// Throws JsonError with a SerializationException when `value` does not have `shape`, worded as
// DynamoDB words it ("NUMBER_VALUE cannot be converted to String", "Start of structure or map
// found where not expected", ...); the words were captured against DynamoDB by
// https://github.com/nubo-db/dynoxide (src/serde_errors.rs) and dynalite (validations/index.js).
// A JSON number is an Integer whether or not it has a fraction (its range is checked later).
void CheckShape(const Json& value, JsonShape shape);
[[noreturn]] void ThrowSerialization(std::string message);

// Values and items from JSON are rejected past sim::kMaxNestingLevels (value.h) with
// sim::kNestingLimitMessage, before any recursion goes deeper.

AttributeValue ValueFromJson(const Json& j);
Json ValueToJson(const AttributeValue& v);
Item ItemFromJson(const Json& j);
Json ItemToJson(const Item& item);
// Appends ItemToJson(item).dump() to `out`, without building the JSON tree.
void AppendItemJson(const Item& item, std::string* out);
std::map<std::string, AttributeValue> ValuesFromJson(const Json& j);  // ExpressionAttributeValues
std::map<std::string, std::string> NamesFromJson(const Json& j);      // ExpressionAttributeNames
// A key schema as DynamoDB writes it, in schema order: [{"AttributeName": "pk", "KeyType":
// "HASH"}, {"AttributeName": "sk", "KeyType": "RANGE"}]
// (https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_KeySchemaElement.html).
// The one writer of this shape: the wire server's table descriptions, the HTTP client's
// CreateTable and UpdateTable requests and the engine's table catalogue all use it.
Json KeySchemaToJson(const std::vector<KeySchemaElement>& schema);
std::string Base64Encode(std::string_view bytes);
std::string Base64Decode(std::string_view text);  // throws JsonError on bad Base64

}  // namespace sim::json
