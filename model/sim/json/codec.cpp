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

std::string Text(const Json& j, const char* what) {
  if (!j.is_string()) Invalid(fmt::format("{} must be a string", what));
  return j.get<std::string>();
}

std::vector<std::string> Strings(const Json& j, const char* what) {
  if (!j.is_array()) Invalid(fmt::format("{} must be a list", what));
  std::vector<std::string> out;
  for (const auto& e : j) out.push_back(Text(e, what));
  return out;
}

}  // namespace

std::string Base64Encode(std::string_view bytes) { return sim::Base64Encode(bytes); }

std::string Base64Decode(std::string_view text) {
  auto decoded = sim::Base64Decode(text);
  if (!decoded) Invalid("Invalid Base64 value for a binary attribute");
  return *decoded;
}

AttributeValue ValueFromJson(const Json& j) {
  if (!j.is_object() || j.size() != 1) {
    Invalid(
        "Supplied AttributeValue is empty, must contain exactly one of the supported datatypes");
  }
  const std::string& type = j.begin().key();
  const Json& v = j.begin().value();
  if (type == "S") return AttributeValue::S(Text(v, "S"));
  if (type == "N") {
    auto n = Number::Parse(Text(v, "N"));
    if (!n.ok()) throw JsonError{n.error()};
    return AttributeValue::N(n.value());
  }
  if (type == "B") return AttributeValue::B(Base64Decode(Text(v, "B")));
  if (type == "BOOL") {
    if (!v.is_boolean()) Invalid("BOOL must be a boolean");
    return AttributeValue::Bool(v.get<bool>());
  }
  if (type == "NULL") return AttributeValue::Null();
  if (type == "M") return AttributeValue::M(ItemFromJson(v));
  if (type == "L") {
    if (!v.is_array()) Invalid("L must be a list");
    std::vector<AttributeValue> list;
    for (const auto& e : v) list.push_back(ValueFromJson(e));
    return AttributeValue::L(std::move(list));
  }
  if (type == "SS" || type == "NS" || type == "BS") {
    std::vector<std::string> members = Strings(v, type.c_str());
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

Item ItemFromJson(const Json& j) {
  if (!j.is_object()) Invalid("an item must be a map of attribute values");
  Item item;
  for (auto it = j.begin(); it != j.end(); ++it) item[it.key()] = ValueFromJson(it.value());
  return item;
}

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
  const Item values = ItemFromJson(j);
  return {values.begin(), values.end()};
}

std::map<std::string, std::string> NamesFromJson(const Json& j) {
  if (!j.is_object()) Invalid("ExpressionAttributeNames must be a map");
  std::map<std::string, std::string> out;
  for (auto it = j.begin(); it != j.end(); ++it)
    out[it.key()] = Text(it.value(), "ExpressionAttributeNames");
  return out;
}

}  // namespace sim::json
