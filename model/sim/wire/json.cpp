#include "model/sim/wire/json.h"

#include <fmt/format.h>

#include <algorithm>
#include <cstring>

#include "model/sim/api/base64.h"
#include "model/sim/api/number.h"

namespace sim::wire {

namespace {

[[noreturn]] void Invalid(std::string message) { throw WireError{Error::Validation(std::move(message))}; }

const Json& Member(const Json& j, const char* key) {
  if (!j.is_object() || !j.contains(key)) Invalid(fmt::format("1 validation error detected: Value null at '{}' failed to satisfy constraint: Member must not be null", key));
  return j.at(key);
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

ValueType KeyTypeFromName(const std::string& name) {
  auto t = ValueTypeFromName(name);
  if (!t) Invalid(fmt::format("1 validation error detected: Value '{}' at 'attributeDefinitions.member.attributeType' failed to satisfy constraint: Member must satisfy enum value set: [B, N, S]", name));
  return *t;
}

std::vector<KeySchemaElement> KeySchemaFromJson(const Json& j) {
  std::vector<KeySchemaElement> out;
  if (!j.is_array()) Invalid("KeySchema must be a list");
  for (const auto& e : j) {
    std::string type = Text(Member(e, "KeyType"), "KeyType");
    if (type != "HASH" && type != "RANGE") Invalid(fmt::format("1 validation error detected: Value '{}' at 'keySchema.member.keyType' failed to satisfy constraint: Member must satisfy enum value set: [HASH, RANGE]", type));
    out.push_back({Text(Member(e, "AttributeName"), "AttributeName"), type == "HASH" ? KeyRole::kHash : KeyRole::kRange});
  }
  return out;
}

std::vector<SecondaryIndex> IndexesFromJson(const Json& j) {
  std::vector<SecondaryIndex> out;
  if (!j.is_array()) Invalid("secondary indexes must be a list");
  for (const auto& e : j) {
    SecondaryIndex index;
    index.index_name = Text(Member(e, "IndexName"), "IndexName");
    index.key_schema = KeySchemaFromJson(Member(e, "KeySchema"));
    const Json& p = Member(e, "Projection");
    std::string type = p.contains("ProjectionType") ? Text(p.at("ProjectionType"), "ProjectionType") : "ALL";
    if (type == "ALL") index.projection.projection_type = ProjectionType::kAll;
    else if (type == "KEYS_ONLY") index.projection.projection_type = ProjectionType::kKeysOnly;
    else if (type == "INCLUDE") index.projection.projection_type = ProjectionType::kInclude;
    else Invalid(fmt::format("1 validation error detected: Value '{}' at 'projection.projectionType' failed to satisfy constraint: Member must satisfy enum value set: [ALL, INCLUDE, KEYS_ONLY]", type));
    if (p.contains("NonKeyAttributes")) index.projection.non_key_attributes = Strings(p.at("NonKeyAttributes"), "NonKeyAttributes");
    out.push_back(std::move(index));
  }
  return out;
}

Json IndexesToJson(const std::vector<IndexDescription>& indexes, bool global) {
  Json out = Json::array();
  for (const auto& i : indexes) {
    Json projection = {{"ProjectionType", ProjectionTypeName(i.projection.projection_type)}};
    if (!i.projection.non_key_attributes.empty()) projection["NonKeyAttributes"] = i.projection.non_key_attributes;
    Json e = {{"IndexName", i.index_name}, {"KeySchema", KeySchemaToJson(i.key_schema)}, {"Projection", projection}};
    if (global) e["IndexStatus"] = "ACTIVE";
    e["IndexSizeBytes"] = i.index_size_bytes;
    e["ItemCount"] = i.item_count;
    out.push_back(std::move(e));
  }
  return out;
}

// The bytes of a binary attribute's base64 text.
std::string DecodeBinary(std::string_view text) {
  auto decoded = Base64Decode(text);
  if (!decoded) Invalid("Invalid Base64 value for a binary attribute");
  return *decoded;
}

}  // namespace

Json KeySchemaToJson(const std::vector<KeySchemaElement>& schema) {
  Json out = Json::array();
  for (const auto& k : schema) out.push_back({{"AttributeName", k.attribute_name}, {"KeyType", k.key_type == KeyRole::kHash ? "HASH" : "RANGE"}});
  return out;
}

AttributeValue ValueFromJson(const Json& j) {
  if (!j.is_object() || j.size() != 1) {
    Invalid("Supplied AttributeValue is empty, must contain exactly one of the supported datatypes");
  }
  const std::string& type = j.begin().key();
  const Json& v = j.begin().value();
  if (type == "S") return AttributeValue::S(Text(v, "S"));
  if (type == "N") {
    auto n = Number::Parse(Text(v, "N"));
    if (!n.ok()) throw WireError{n.error()};
    return AttributeValue::N(n.value());
  }
  if (type == "B") return AttributeValue::B(DecodeBinary(Text(v, "B")));
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
    if (members.empty()) Invalid("One or more parameter values were invalid: An string set  may not be empty");
    for (auto& m : members) {
      if (type == "NS") {
        auto n = Number::Parse(m);
        if (!n.ok()) throw WireError{n.error()};
        m = n.value();
      } else if (type == "BS") {
        m = DecodeBinary(m);
      }
    }
    std::vector<std::string> sorted = members;
    std::sort(sorted.begin(), sorted.end());
    if (std::adjacent_find(sorted.begin(), sorted.end()) != sorted.end()) {
      Invalid(fmt::format("One or more parameter values were invalid: Input collection {} contains duplicates.", v.dump()));
    }
    if (type == "SS") return AttributeValue::SS(std::move(members));
    if (type == "NS") return AttributeValue::NS(std::move(members));
    return AttributeValue::BS(std::move(members));
  }
  Invalid(fmt::format("Supplied AttributeValue has an unknown datatype: {}", type));
}

Json ValueToJson(const AttributeValue& v) {
  switch (v.type()) {
    case ValueType::kS: return {{"S", v.scalar()}};
    case ValueType::kN: return {{"N", v.scalar()}};
    case ValueType::kB: return {{"B", Base64Encode(v.scalar())}};
    case ValueType::kBool: return {{"BOOL", v.boolean()}};
    case ValueType::kNull: return {{"NULL", true}};
    case ValueType::kM: return {{"M", ItemToJson(v.map())}};
    case ValueType::kL: {
      Json list = Json::array();
      for (const auto& e : v.list()) list.push_back(ValueToJson(e));
      return {{"L", list}};
    }
    case ValueType::kSS: return {{"SS", v.set()}};
    case ValueType::kNS: return {{"NS", v.set()}};
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
      case '"': *out += "\\\""; break;
      case '\\': *out += "\\\\"; break;
      case '\b': *out += "\\b"; break;
      case '\f': *out += "\\f"; break;
      case '\n': *out += "\\n"; break;
      case '\r': *out += "\\r"; break;
      case '\t': *out += "\\t"; break;
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
    case ValueType::kS: *out += "{\"S\":"; AppendString(v.scalar(), out); break;
    case ValueType::kN: *out += "{\"N\":"; AppendString(v.scalar(), out); break;
    case ValueType::kB: *out += "{\"B\":"; AppendString(Base64Encode(v.scalar()), out); break;
    case ValueType::kBool: *out += v.boolean() ? "{\"BOOL\":true" : "{\"BOOL\":false"; break;
    case ValueType::kNull: *out += "{\"NULL\":true"; break;
    case ValueType::kM: *out += "{\"M\":"; AppendItemJson(v.map(), out); break;
    case ValueType::kL:
      *out += "{\"L\":[";
      for (std::size_t i = 0; i < v.list().size(); ++i) {
        if (i > 0) out->push_back(',');
        AppendValueJson(v.list()[i], out);
      }
      out->push_back(']');
      break;
    case ValueType::kSS: *out += "{\"SS\":"; AppendStrings(v.set(), false, out); break;
    case ValueType::kNS: *out += "{\"NS\":"; AppendStrings(v.set(), false, out); break;
    case ValueType::kBS: *out += "{\"BS\":"; AppendStrings(v.set(), true, out); break;
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
  for (auto it = j.begin(); it != j.end(); ++it) out[it.key()] = Text(it.value(), "ExpressionAttributeNames");
  return out;
}

CreateTableRequest CreateTableFromJson(const Json& j) {
  CreateTableRequest r;
  r.table_name = Text(Member(j, "TableName"), "TableName");
  for (const auto& d : Member(j, "AttributeDefinitions")) {
    r.attribute_definitions.push_back({Text(Member(d, "AttributeName"), "AttributeName"),
                                       KeyTypeFromName(Text(Member(d, "AttributeType"), "AttributeType"))});
  }
  r.key_schema = KeySchemaFromJson(Member(j, "KeySchema"));
  if (j.contains("GlobalSecondaryIndexes")) r.global_secondary_indexes = IndexesFromJson(j.at("GlobalSecondaryIndexes"));
  if (j.contains("LocalSecondaryIndexes")) r.local_secondary_indexes = IndexesFromJson(j.at("LocalSecondaryIndexes"));
  if (j.contains("StreamSpecification")) {
    const Json& s = j.at("StreamSpecification");
    StreamSpecification spec;
    spec.stream_enabled = s.value("StreamEnabled", false);
    std::string view = s.value("StreamViewType", std::string("NEW_AND_OLD_IMAGES"));
    spec.stream_view_type = view == "KEYS_ONLY" ? StreamViewType::kKeysOnly
                            : view == "NEW_IMAGE" ? StreamViewType::kNewImage
                            : view == "OLD_IMAGE" ? StreamViewType::kOldImage
                                                  : StreamViewType::kNewAndOldImages;
    if (spec.stream_enabled) r.stream_specification = spec;
  }
  return r;
}

std::string StreamArn(const std::string& table_name, const std::string& label) {
  return fmt::format("arn:aws:dynamodb:local:000000000000:table/{}/stream/{}", table_name, label);
}

Json DescriptionToJson(const TableDescription& d) {
  Json attrs = Json::array();
  for (const auto& a : d.attribute_definitions) attrs.push_back({{"AttributeName", a.attribute_name}, {"AttributeType", ValueTypeName(a.attribute_type)}});
  Json out = {{"AttributeDefinitions", attrs},
              {"TableName", d.table_name},
              {"KeySchema", KeySchemaToJson(d.key_schema)},
              {"TableStatus", d.table_status},
              {"CreationDateTime", 0},
              {"ProvisionedThroughput", {{"NumberOfDecreasesToday", 0}, {"ReadCapacityUnits", 0}, {"WriteCapacityUnits", 0}}},
              {"TableSizeBytes", d.table_size_bytes},
              {"ItemCount", d.item_count},
              {"TableArn", fmt::format("arn:aws:dynamodb:local:000000000000:table/{}", d.table_name)},
              {"BillingModeSummary", {{"BillingMode", "PAY_PER_REQUEST"}}}};
  if (!d.global_secondary_indexes.empty()) out["GlobalSecondaryIndexes"] = IndexesToJson(d.global_secondary_indexes, true);
  if (!d.local_secondary_indexes.empty()) out["LocalSecondaryIndexes"] = IndexesToJson(d.local_secondary_indexes, false);
  if (d.stream_specification && d.stream_specification->stream_enabled) {
    out["StreamSpecification"] = {
        {"StreamEnabled", true},
        {"StreamViewType", StreamViewTypeName(d.stream_specification->stream_view_type)}};
    out["LatestStreamLabel"] = d.latest_stream_label;
    out["LatestStreamArn"] = StreamArn(d.table_name, d.latest_stream_label);
  }
  return out;
}

}  // namespace sim::wire
