#include "model/sim/wire/json.h"

#include <fmt/format.h>

#include <algorithm>
#include <cstring>

namespace sim::wire {

namespace {

[[noreturn]] void Invalid(std::string message) {
  throw WireError{Error::Validation(std::move(message))};
}

const Json& Member(const Json& j, const char* key) {
  CheckShape(j, JsonShape::kStructure);
  if (!j.contains(key))
    Invalid(
        fmt::format("1 validation error detected: Value null at '{}' failed to satisfy constraint: "
                    "Member must not be null",
                    key));
  return j.at(key);
}

// `what` names the member for the reader; DynamoDB's SerializationException does not.
std::string Text(const Json& j, const char* /*what*/) {
  CheckShape(j, JsonShape::kString);
  return j.get<std::string>();
}

std::vector<std::string> Strings(const Json& j, const char* what) {
  CheckShape(j, JsonShape::kList);
  std::vector<std::string> out;
  for (const auto& e : j) out.push_back(Text(e, what));
  return out;
}

ValueType KeyTypeFromName(const std::string& name) {
  auto t = ValueTypeFromName(name);
  if (!t)
    Invalid(fmt::format(
        "1 validation error detected: Value '{}' at 'attributeDefinitions.member.attributeType' "
        "failed to satisfy constraint: Member must satisfy enum value set: [B, N, S]",
        name));
  return *t;
}

// A key attribute's name: "AttributeName ... Length Constraints: Minimum length of 1. Maximum
// length of 255."
// (https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_KeySchemaElement.html,
// https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_AttributeDefinition.html).
static std::string KeyAttributeName(const Json& e, const char* field) {
  std::string name = Text(Member(e, "AttributeName"), "AttributeName");
  if (name.empty())
    Invalid(fmt::format(
        "1 validation error detected: Value '' at '{}' failed to satisfy constraint: Member must "
        "have length greater than or equal to 1",
        field));
  if (name.size() > 255)
    Invalid(fmt::format(
        "1 validation error detected: Value '{}' at '{}' failed to satisfy constraint: Member "
        "must have length less than or equal to 255",
        name, field));
  return name;
}

std::vector<KeySchemaElement> KeySchemaFromJson(const Json& j) {
  std::vector<KeySchemaElement> out;
  CheckShape(j, JsonShape::kList);
  for (const auto& e : j) {
    std::string type = Text(Member(e, "KeyType"), "KeyType");
    if (type != "HASH" && type != "RANGE")
      Invalid(fmt::format(
          "1 validation error detected: Value '{}' at 'keySchema.member.keyType' failed to satisfy "
          "constraint: Member must satisfy enum value set: [HASH, RANGE]",
          type));
    out.push_back({KeyAttributeName(e, "keySchema.member.attributeName"),
                   type == "HASH" ? KeyRole::kHash : KeyRole::kRange});
  }
  return out;
}

SecondaryIndex IndexFromJson(const Json& e) {
  {
    SecondaryIndex index;
    index.index_name = Text(Member(e, "IndexName"), "IndexName");
    index.key_schema = KeySchemaFromJson(Member(e, "KeySchema"));
    const Json& p = Member(e, "Projection");
    std::string type =
        p.contains("ProjectionType") ? Text(p.at("ProjectionType"), "ProjectionType") : "ALL";
    if (type == "ALL")
      index.projection.projection_type = ProjectionType::kAll;
    else if (type == "KEYS_ONLY")
      index.projection.projection_type = ProjectionType::kKeysOnly;
    else if (type == "INCLUDE")
      index.projection.projection_type = ProjectionType::kInclude;
    else
      Invalid(fmt::format(
          "1 validation error detected: Value '{}' at 'projection.projectionType' failed to "
          "satisfy constraint: Member must satisfy enum value set: [ALL, INCLUDE, KEYS_ONLY]",
          type));
    if (p.contains("NonKeyAttributes"))
      index.projection.non_key_attributes = Strings(p.at("NonKeyAttributes"), "NonKeyAttributes");
    if (e.contains("ProvisionedThroughput")) {
      index.provisioned_throughput =
          ThroughputFromJson(e.at("ProvisionedThroughput"), "provisionedThroughput");
    }
    return index;
  }
}

std::vector<SecondaryIndex> IndexesFromJson(const Json& j) {
  std::vector<SecondaryIndex> out;
  CheckShape(j, JsonShape::kList);
  for (const auto& e : j) out.push_back(IndexFromJson(e));
  return out;
}

Json ThroughputToJson(const std::optional<ProvisionedThroughput>& t) {
  return {{"NumberOfDecreasesToday", 0},
          {"ReadCapacityUnits", t ? t->read_capacity_units : 0},
          {"WriteCapacityUnits", t ? t->write_capacity_units : 0}};
}

Json IndexesToJson(const std::vector<IndexDescription>& indexes, bool global,
                   const std::string& table_name) {
  Json out = Json::array();
  for (const auto& i : indexes) {
    Json projection = {{"ProjectionType", ProjectionTypeName(i.projection.projection_type)}};
    if (!i.projection.non_key_attributes.empty())
      projection["NonKeyAttributes"] = i.projection.non_key_attributes;
    Json e = {{"IndexName", i.index_name},
              {"KeySchema", KeySchemaToJson(i.key_schema)},
              {"Projection", projection}};
    if (global) {
      e["IndexStatus"] = i.index_status;
      e["ProvisionedThroughput"] = ThroughputToJson(i.provisioned_throughput);
    }
    e["IndexSizeBytes"] = i.index_size_bytes;
    e["ItemCount"] = i.item_count;
    e["IndexArn"] = TableArn(table_name) + "/index/" + i.index_name;
    out.push_back(std::move(e));
  }
  return out;
}

}  // namespace

std::vector<AttributeDefinition> AttributeDefinitionsFromJson(const Json& j) {
  std::vector<AttributeDefinition> out;
  CheckShape(j, JsonShape::kList);
  for (const auto& d : j) {
    out.push_back({KeyAttributeName(d, "attributeDefinitions.member.attributeName"),
                   KeyTypeFromName(Text(Member(d, "AttributeType"), "AttributeType"))});
  }
  return out;
}

SecondaryIndex GlobalIndexFromJson(const Json& j) { return IndexFromJson(j); }

ProvisionedThroughput ThroughputFromJson(const Json& j, const std::string& field) {
  ProvisionedThroughput t;
  for (auto [key, out] : {std::pair{"ReadCapacityUnits", &t.read_capacity_units},
                          std::pair{"WriteCapacityUnits", &t.write_capacity_units}}) {
    if (!j.is_object() || !j.contains(key)) {
      Invalid(fmt::format(
          "1 validation error detected: Value null at '{}.{}' failed to satisfy constraint: "
          "Member must not be null",
          field, std::string(1, static_cast<char>(key[0] + 32)) + (key + 1)));
    }
    *out = j.at(key).get<std::int64_t>();
  }
  return t;
}

std::string TableArn(const std::string& table_name) {
  return fmt::format("arn:aws:dynamodb:local:000000000000:table/{}", table_name);
}

CreateTableRequest CreateTableFromJson(const Json& j) {
  CreateTableRequest r;
  r.table_name = Text(Member(j, "TableName"), "TableName");
  r.attribute_definitions = AttributeDefinitionsFromJson(Member(j, "AttributeDefinitions"));
  r.key_schema = KeySchemaFromJson(Member(j, "KeySchema"));
  if (j.contains("GlobalSecondaryIndexes"))
    r.global_secondary_indexes = IndexesFromJson(j.at("GlobalSecondaryIndexes"));
  if (j.contains("LocalSecondaryIndexes"))
    r.local_secondary_indexes = IndexesFromJson(j.at("LocalSecondaryIndexes"));
  if (j.contains("StreamSpecification")) {
    const Json& s = j.at("StreamSpecification");
    StreamSpecification spec;
    spec.stream_enabled = s.value("StreamEnabled", false);
    std::string view = s.value("StreamViewType", std::string("NEW_AND_OLD_IMAGES"));
    spec.stream_view_type = view == "KEYS_ONLY"   ? StreamViewType::kKeysOnly
                            : view == "NEW_IMAGE" ? StreamViewType::kNewImage
                            : view == "OLD_IMAGE" ? StreamViewType::kOldImage
                                                  : StreamViewType::kNewAndOldImages;
    if (spec.stream_enabled) r.stream_specification = spec;
  }
  // BillingMode defaults to PROVISIONED, as in DynamoDB
  // (https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_CreateTable.html).
  const std::string billing = j.value("BillingMode", std::string("PROVISIONED"));
  auto mode = BillingModeFromName(billing);
  if (!mode) {
    Invalid(fmt::format(
        "1 validation error detected: Value '{}' at 'billingMode' failed to satisfy constraint: "
        "Member must satisfy enum value set: [PROVISIONED, PAY_PER_REQUEST]",
        billing));
  }
  r.billing_mode = *mode;
  if (j.contains("ProvisionedThroughput"))
    r.provisioned_throughput =
        ThroughputFromJson(j.at("ProvisionedThroughput"), "provisionedThroughput");
  if (j.contains("Tags")) r.tags = TagsFromJson(j.at("Tags"));
  if (j.contains("DeletionProtectionEnabled"))
    r.deletion_protection_enabled = BoolMember(j, "DeletionProtectionEnabled");
  return r;
}

std::vector<Tag> TagsFromJson(const Json& j) {
  if (!j.is_array()) Invalid("Tags must be a list");
  std::vector<Tag> out;
  for (std::size_t i = 0; i < j.size(); ++i) {
    const Json& t = j.at(i);
    for (const char* key : {"Key", "Value"}) {
      if (!t.is_object() || !t.contains(key)) {
        Invalid(fmt::format(
            "1 validation error detected: Value null at 'tags.{}.member.{}' failed to satisfy "
            "constraint: Member must not be null",
            i + 1, key[0] == 'K' ? "key" : "value"));
      }
    }
    out.push_back({Text(t.at("Key"), "Key"), Text(t.at("Value"), "Value")});
  }
  return out;
}

bool BoolMember(const Json& j, const char* key) {
  if (!j.at(key).is_boolean()) {
    throw WireError{Error{
        "SerializationException", fmt::format("{} must be a boolean", key), std::nullopt, {}}};
  }
  return j.at(key).get<bool>();
}

std::string StreamArn(const std::string& table_name, const std::string& label) {
  return fmt::format("arn:aws:dynamodb:local:000000000000:table/{}/stream/{}", table_name, label);
}

Json DescriptionToJson(const TableDescription& d) {
  Json attrs = Json::array();
  for (const auto& a : d.attribute_definitions)
    attrs.push_back(
        {{"AttributeName", a.attribute_name}, {"AttributeType", ValueTypeName(a.attribute_type)}});
  Json out = {{"AttributeDefinitions", attrs},
              {"TableName", d.table_name},
              {"KeySchema", KeySchemaToJson(d.key_schema)},
              {"TableStatus", d.table_status},
              // Epoch seconds with a fraction, as DynamoDB's JSON protocol sends timestamps.
              {"CreationDateTime", static_cast<double>(d.creation_date_time_ms) / 1000.0},
              {"ProvisionedThroughput", ThroughputToJson(d.provisioned_throughput)},
              {"TableSizeBytes", d.table_size_bytes},
              {"ItemCount", d.item_count},
              {"TableArn", TableArn(d.table_name)},
              {"BillingModeSummary", {{"BillingMode", BillingModeName(d.billing_mode)}}},
              {"DeletionProtectionEnabled", d.deletion_protection_enabled}};
  if (!d.global_secondary_indexes.empty())
    out["GlobalSecondaryIndexes"] = IndexesToJson(d.global_secondary_indexes, true, d.table_name);
  if (!d.local_secondary_indexes.empty())
    out["LocalSecondaryIndexes"] = IndexesToJson(d.local_secondary_indexes, false, d.table_name);
  if (d.stream_specification && d.stream_specification->stream_enabled) {
    out["StreamSpecification"] = {
        {"StreamEnabled", true},
        {"StreamViewType", StreamViewTypeName(d.stream_specification->stream_view_type)}};
  }
  // The latest stream's label and ARN linger after the stream is disabled, as on DynamoDB.
  if (!d.latest_stream_label.empty()) {
    out["LatestStreamLabel"] = d.latest_stream_label;
    out["LatestStreamArn"] = StreamArn(d.table_name, d.latest_stream_label);
  }
  return out;
}

Json CapacityToJson(const ConsumedCapacity& c) {
  Json out = {{"TableName", c.table_name}, {"CapacityUnits", c.capacity_units}};
  if (c.table) out["Table"] = {{"CapacityUnits", c.table->capacity_units}};
  if (!c.global_secondary_indexes.empty()) {
    Json g = Json::object();
    for (const auto& [name, cap] : c.global_secondary_indexes)
      g[name] = {{"CapacityUnits", cap.capacity_units}};
    out["GlobalSecondaryIndexes"] = g;
  }
  if (!c.local_secondary_indexes.empty()) {
    Json l = Json::object();
    for (const auto& [name, cap] : c.local_secondary_indexes)
      l[name] = {{"CapacityUnits", cap.capacity_units}};
    out["LocalSecondaryIndexes"] = l;
  }
  return out;
}

}  // namespace sim::wire
