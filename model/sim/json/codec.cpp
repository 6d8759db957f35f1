#include "model/sim/json/codec.h"

#include <fmt/format.h>

#include <algorithm>
#include <vector>

#include "model/sim/api/base64.h"
#include "model/sim/api/number.h"

namespace sim::json {

namespace {

[[noreturn]] void Invalid(std::string message) {
  throw JsonError{Error::Validation(std::move(message))};
}

std::string Text(const Json& j) {
  CheckShape(j, JsonShape::kString);
  return j.get<std::string>();
}

std::vector<std::string> Strings(const Json& j) {
  CheckShape(j, JsonShape::kList);
  std::vector<std::string> out;
  for (const auto& e : j) out.push_back(Text(e));
  return out;
}

const char* ShapeClass(JsonShape shape) {
  switch (shape) {
    case JsonShape::kString:
      return "String";
    case JsonShape::kBoolean:
      return "Boolean";
    case JsonShape::kInteger:
      return "Integer";
    default:
      return "";
  }
}

Item ItemAtDepth(const Json& j, int depth);

AttributeValue ValueAtDepth(const Json& j, int depth);

}  // namespace

void ThrowSerialization(std::string message) {
  throw JsonError{Error{"SerializationException", std::move(message), std::nullopt, {}}};
}

void CheckShape(const Json& value, JsonShape shape) {
  const bool scalar =
      shape == JsonShape::kString || shape == JsonShape::kBoolean || shape == JsonShape::kInteger;
  if (scalar) {
    const std::string target = ShapeClass(shape);
    if (value.is_object()) ThrowSerialization("Start of structure or map found where not expected");
    if (value.is_array())
      ThrowSerialization("Unrecognized collection type class java.lang." + target);
    if (shape == JsonShape::kString && value.is_string()) return;
    if (shape == JsonShape::kBoolean && value.is_boolean()) return;
    if (shape == JsonShape::kInteger && value.is_number()) return;
    if (shape == JsonShape::kBoolean && value.is_string())
      ThrowSerialization("Unexpected token received from parser");
    const char* sent = value.is_string()         ? "STRING_VALUE"
                       : value.is_number_float() ? "DECIMAL_VALUE"
                       : value.is_number()       ? "NUMBER_VALUE"
                       : value.get<bool>()       ? "TRUE_VALUE"
                                                 : "FALSE_VALUE";
    ThrowSerialization(fmt::format("{} cannot be converted to {}", sent, target));
  }
  if (shape == JsonShape::kList) {
    if (value.is_array()) return;
    if (value.is_object()) ThrowSerialization("Start of structure or map found where not expected");
    ThrowSerialization("Unexpected field type");
  }
  if (value.is_object()) return;
  if (value.is_array()) ThrowSerialization("Start of list found where not expected");
  ThrowSerialization("Unexpected field type");
}

Json KeySchemaToJson(const std::vector<KeySchemaElement>& schema) {
  Json out = Json::array();
  for (const auto& k : schema)
    out.push_back({{"AttributeName", k.attribute_name},
                   {"KeyType", k.key_type == KeyRole::kHash ? "HASH" : "RANGE"}});
  return out;
}

std::string Base64Encode(std::string_view bytes) { return sim::Base64Encode(bytes); }

std::string Base64Decode(std::string_view text) {
  auto decoded = sim::Base64Decode(text);
  if (!decoded) Invalid("Invalid Base64 value for a binary attribute");
  return *decoded;
}

AttributeValue ValueFromJson(const Json& j) { return ValueAtDepth(j, 0); }

namespace {

// `depth` is the number of L or M values around `j` (0 for an item's attribute).
AttributeValue ValueAtDepth(const Json& j, int depth) {
  if (depth >= kMaxNestingLevels) Invalid(kNestingLimitMessage);
  CheckShape(j, JsonShape::kStructure);
  if (j.size() != 1) {
    Invalid(
        "Supplied AttributeValue is empty, must contain exactly one of the supported datatypes");
  }
  const std::string& type = j.begin().key();
  const Json& v = j.begin().value();
  if (type == "S") return AttributeValue::S(Text(v));
  if (type == "N") {
    auto n = Number::Parse(Text(v));
    if (!n.ok()) throw JsonError{n.error()};
    return AttributeValue::N(n.value());
  }
  if (type == "B") return AttributeValue::B(Base64Decode(Text(v)));
  if (type == "BOOL") {
    CheckShape(v, JsonShape::kBoolean);
    return AttributeValue::Bool(v.get<bool>());
  }
  if (type == "NULL") {
    CheckShape(v, JsonShape::kBoolean);
    return AttributeValue::Null();
  }
  if (type == "M") {
    CheckShape(v, JsonShape::kMap);
    return AttributeValue::M(ItemAtDepth(v, depth + 1));
  }
  if (type == "L") {
    CheckShape(v, JsonShape::kList);
    std::vector<AttributeValue> list;
    for (const auto& e : v) list.push_back(ValueAtDepth(e, depth + 1));
    return AttributeValue::L(std::move(list));
  }
  if (type == "SS" || type == "NS" || type == "BS") {
    std::vector<std::string> members = Strings(v);
    if (members.empty())
      Invalid("One or more parameter values were invalid: An string set  may not be empty");
    for (auto& m : members) {
      if (type == "NS") {
        auto n = Number::Parse(m);
        if (!n.ok()) throw JsonError{n.error()};
        m = n.value();
      } else if (type == "BS") {
        m = Base64Decode(m);
      }
    }
    std::vector<std::string> sorted = members;
    std::sort(sorted.begin(), sorted.end());
    if (std::adjacent_find(sorted.begin(), sorted.end()) != sorted.end()) {
      Invalid(fmt::format(
          "One or more parameter values were invalid: Input collection {} contains duplicates.",
          v.dump()));
    }
    if (type == "SS") return AttributeValue::SS(std::move(members));
    if (type == "NS") return AttributeValue::NS(std::move(members));
    return AttributeValue::BS(std::move(members));
  }
  Invalid(fmt::format("Supplied AttributeValue has an unknown datatype: {}", type));
}

// An item's attribute names and a map's keys are never empty: DynamoDB answers "Empty attribute
// name" (ValidationException; DynamoDB Local, Amazon's own code, words it so for an item's
// attribute, a key's and a nested map's alike), "Attribute names must be at least one character
// long"
// (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/HowItWorks.NamingRulesDataTypes.html).
Item ItemAtDepth(const Json& j, int depth) {
  CheckShape(j, JsonShape::kMap);
  Item item;
  for (auto it = j.begin(); it != j.end(); ++it) {
    if (it.key().empty()) Invalid("Empty attribute name");
    item[it.key()] = ValueAtDepth(it.value(), depth);
  }
  return item;
}

}  // namespace

Json ValueToJson(const AttributeValue& v) {
  switch (v.type()) {
    case ValueType::kS:
      return {{"S", v.scalar()}};
    case ValueType::kN:
      return {{"N", v.scalar()}};
    case ValueType::kB:
      return {{"B", Base64Encode(v.scalar())}};
    case ValueType::kBool:
      return {{"BOOL", v.boolean()}};
    case ValueType::kNull:
      return {{"NULL", true}};
    case ValueType::kM:
      return {{"M", ItemToJson(v.map())}};
    case ValueType::kL: {
      Json list = Json::array();
      for (const auto& e : v.list()) list.push_back(ValueToJson(e));
      return {{"L", list}};
    }
    case ValueType::kSS:
      return {{"SS", v.set()}};
    case ValueType::kNS:
      return {{"NS", v.set()}};
    case ValueType::kBS: {
      Json list = Json::array();
      for (const auto& m : v.set()) list.push_back(Base64Encode(m));
      return {{"BS", list}};
    }
  }
  return {{"NULL", true}};
}

Item ItemFromJson(const Json& j) { return ItemAtDepth(j, 0); }

Json ItemToJson(const Item& item) {
  Json out = Json::object();
  for (const auto& [name, value] : item) out[name] = ValueToJson(value);
  return out;
}

namespace {

// A JSON string as nlohmann's dump writes it (UTF-8 kept; ", \\ and control characters escaped).
void AppendString(std::string_view s, std::string* out) {
  out->push_back('"');
  for (const char ch : s) {
    const auto c = static_cast<unsigned char>(ch);
    switch (c) {
      case '"':
        *out += "\\\"";
        break;
      case '\\':
        *out += "\\\\";
        break;
      case '\b':
        *out += "\\b";
        break;
      case '\f':
        *out += "\\f";
        break;
      case '\n':
        *out += "\\n";
        break;
      case '\r':
        *out += "\\r";
        break;
      case '\t':
        *out += "\\t";
        break;
      default:
        if (c < 0x20) {
          *out += fmt::format("\\u{:04x}", c);
        } else {
          out->push_back(ch);
        }
    }
  }
  out->push_back('"');
}

void AppendStrings(const std::vector<std::string>& members, bool base64, std::string* out) {
  out->push_back('[');
  for (std::size_t i = 0; i < members.size(); ++i) {
    if (i > 0) out->push_back(',');
    AppendString(base64 ? Base64Encode(members[i]) : members[i], out);
  }
  out->push_back(']');
}

void AppendValueJson(const AttributeValue& v, std::string* out) {
  switch (v.type()) {
    case ValueType::kS:
      *out += "{\"S\":";
      AppendString(v.scalar(), out);
      break;
    case ValueType::kN:
      *out += "{\"N\":";
      AppendString(v.scalar(), out);
      break;
    case ValueType::kB:
      *out += "{\"B\":";
      AppendString(Base64Encode(v.scalar()), out);
      break;
    case ValueType::kBool:
      *out += v.boolean() ? "{\"BOOL\":true" : "{\"BOOL\":false";
      break;
    case ValueType::kNull:
      *out += "{\"NULL\":true";
      break;
    case ValueType::kM:
      *out += "{\"M\":";
      AppendItemJson(v.map(), out);
      break;
    case ValueType::kL:
      *out += "{\"L\":[";
      for (std::size_t i = 0; i < v.list().size(); ++i) {
        if (i > 0) out->push_back(',');
        AppendValueJson(v.list()[i], out);
      }
      out->push_back(']');
      break;
    case ValueType::kSS:
      *out += "{\"SS\":";
      AppendStrings(v.set(), false, out);
      break;
    case ValueType::kNS:
      *out += "{\"NS\":";
      AppendStrings(v.set(), false, out);
      break;
    case ValueType::kBS:
      *out += "{\"BS\":";
      AppendStrings(v.set(), true, out);
      break;
  }
  out->push_back('}');
}

}  // namespace

void AppendItemJson(const Item& item, std::string* out) {
  out->push_back('{');
  bool first = true;
  for (const auto& [name, value] : item) {
    if (!first) out->push_back(',');
    first = false;
    AppendString(name, out);
    out->push_back(':');
    AppendValueJson(value, out);
  }
  out->push_back('}');
}

std::map<std::string, AttributeValue> ValuesFromJson(const Json& j) {
  // The keys are placeholders (":v"), not attribute names: read member by member.
  CheckShape(j, JsonShape::kMap);
  std::map<std::string, AttributeValue> out;
  for (auto it = j.begin(); it != j.end(); ++it) out[it.key()] = ValueAtDepth(it.value(), 0);
  return out;
}

std::map<std::string, std::string> NamesFromJson(const Json& j) {
  CheckShape(j, JsonShape::kMap);
  std::map<std::string, std::string> out;
  for (auto it = j.begin(); it != j.end(); ++it) out[it.key()] = Text(it.value());
  // Every value's type first (a SerializationException), then the empty names, as DynamoDB
  // answers them: "ExpressionAttributeNames contains invalid value: Empty attribute name for
  // key #a" (captured against DynamoDB by nubo-db/dynoxide; DynamoDB Local says the same).
  for (const auto& [key, name] : out) {
    if (name.empty()) {
      Invalid(fmt::format(
          "ExpressionAttributeNames contains invalid value: Empty attribute name for key {}", key));
    }
  }
  return out;
}

}  // namespace sim::json
