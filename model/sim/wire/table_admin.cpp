// The TableAdmin operations over JSON (see json.h, model/sim/api/table_admin.h): UpdateTable,
// UpdateTimeToLive and DescribeTimeToLive, shaped as DynamoDB shapes them:
//  https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_UpdateTable.html
//  https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_UpdateTimeToLive.html
//  https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_DescribeTimeToLive.html
#include "model/sim/api/table_admin.h"

#include <fmt/format.h>

#include <array>
#include <string>
#include <string_view>

#include "model/sim/wire/json.h"
#include "model/sim/wire/params.h"

namespace sim::wire {
namespace {

[[noreturn]] void Invalid(const std::string& message) {
  throw WireError{Error::Validation(message)};
}

// A required string member; `field` is its name in AWS's constraint messages.
std::string RequiredString(const Json& j, const char* key, const char* field) {
  if (!j.is_object() || !j.contains(key)) {
    Invalid(fmt::format(
        "1 validation error detected: Value null at '{}' failed to satisfy constraint: Member "
        "must not be null",
        field));
  }
  return StringMember(j, key);  // SerializationException when not a string
}

template <typename T>
T Value(SimResult<T> r) {
  if (!r.ok()) throw WireError{r.error()};
  return std::move(r.value());
}

UpdateTableRequest UpdateTableFromJson(const Json& j) {
  UpdateTableRequest r;
  r.table_name = RequiredString(j, "TableName", "tableName");
  if (j.contains("AttributeDefinitions"))
    r.attribute_definitions = AttributeDefinitionsFromJson(j.at("AttributeDefinitions"));
  if (j.contains("BillingMode")) {
    const std::string name = RequiredString(j, "BillingMode", "billingMode");
    auto mode = BillingModeFromName(name);
    if (!mode) {
      Invalid(fmt::format(
          "1 validation error detected: Value '{}' at 'billingMode' failed to satisfy "
          "constraint: Member must satisfy enum value set: [PROVISIONED, PAY_PER_REQUEST]",
          name));
    }
    r.billing_mode = *mode;
  }
  if (j.contains("ProvisionedThroughput")) {
    r.provisioned_throughput =
        ThroughputFromJson(j.at("ProvisionedThroughput"), "provisionedThroughput");
  }
  if (j.contains("GlobalSecondaryIndexUpdates")) {
    const Json& updates = j.at("GlobalSecondaryIndexUpdates");
    CheckShape(updates, JsonShape::kList);
    for (const Json& u : updates) {
      GlobalSecondaryIndexUpdate update;
      if (u.contains("Create")) update.create = GlobalIndexFromJson(u.at("Create"));
      if (u.contains("Update")) {
        const Json& given = u.at("Update");
        update.update = GlobalSecondaryIndexUpdate::Update{
            RequiredString(given, "IndexName",
                           "globalSecondaryIndexUpdates.member.update.indexName"),
            ThroughputFromJson(given.contains("ProvisionedThroughput")
                                   ? given.at("ProvisionedThroughput")
                                   : Json(),
                               "globalSecondaryIndexUpdates.member.update.provisionedThroughput")};
      }
      if (u.contains("Delete")) {
        update.delete_index = RequiredString(u.at("Delete"), "IndexName",
                                             "globalSecondaryIndexUpdates.member.delete.indexName");
      }
      r.global_secondary_index_updates.push_back(std::move(update));
    }
  }
  if (const Json* spec_json = StructMember(j, "StreamSpecification")) {
    const Json& s = *spec_json;
    BoolMember(s, "StreamEnabled", false);  // SerializationException when not a boolean
    if (!s.contains("StreamEnabled")) {
      Invalid(
          "1 validation error detected: Value null at 'streamSpecification.streamEnabled' failed "
          "to satisfy constraint: Member must not be null");
    }
    StreamSpecification spec;
    spec.stream_enabled = s.at("StreamEnabled").get<bool>();
    if (s.contains("StreamViewType")) {
      const std::string view = RequiredString(s, "StreamViewType", "streamViewType");
      auto type = StreamViewTypeFromName(view);
      if (!type) {
        Invalid(fmt::format(
            "1 validation error detected: Value '{}' at 'streamSpecification.streamViewType' "
            "failed to satisfy constraint: Member must satisfy enum value set: [NEW_IMAGE, "
            "OLD_IMAGE, NEW_AND_OLD_IMAGES, KEYS_ONLY]",
            view));
      }
      spec.stream_view_type = *type;
      r.stream_view_type_given = true;
    }
    r.stream_specification = spec;
  }
  if (j.contains("DeletionProtectionEnabled"))
    r.deletion_protection_enabled = BoolMember(j, "DeletionProtectionEnabled");
  return r;
}

Json UpdateTableOp(const Engine& db, const Json& j) {
  const UpdateTableRequest r = UpdateTableFromJson(j);
  return {{"TableDescription",
           DescriptionToJson(Value(db.Admin([&](TableAdmin& a) { return a.UpdateTable(r); })))}};
}

Json UpdateTimeToLiveOp(const Engine& db, const Json& j) {
  // Every member's JSON type first (a wrong one is a SerializationException: `"Enabled": "true"`
  // gives "Unexpected token received from parser"), then the missing ones (params.h).
  StringMember(j, "TableName");
  const Json* spec_json = StructMember(j, "TimeToLiveSpecification");
  if (spec_json != nullptr) {
    StringMember(*spec_json, "AttributeName");
    BoolMember(*spec_json, "Enabled", false);
  }
  const std::string table = RequiredString(j, "TableName", "tableName");
  if (spec_json == nullptr) {
    Invalid(
        "1 validation error detected: Value null at 'timeToLiveSpecification' failed to satisfy "
        "constraint: Member must not be null");
  }
  const Json& s = *spec_json;
  TimeToLiveSpecification spec;
  spec.attribute_name = RequiredString(s, "AttributeName", "timeToLiveSpecification.attributeName");
  if (!s.contains("Enabled")) {
    Invalid(
        "1 validation error detected: Value null at 'timeToLiveSpecification.enabled' failed to "
        "satisfy constraint: Member must not be null");
  }
  spec.enabled = s.at("Enabled").get<bool>();
  const TimeToLiveSpecification applied =
      Value(db.Admin([&](TableAdmin& a) { return a.UpdateTimeToLive(table, spec); }));
  return {{"TimeToLiveSpecification",
           {{"AttributeName", applied.attribute_name}, {"Enabled", applied.enabled}}}};
}

Json DescribeTimeToLiveOp(const Engine& db, const Json& j) {
  const std::string table = RequiredString(j, "TableName", "tableName");
  const TimeToLiveDescription d =
      Value(db.Admin([&](TableAdmin& a) { return a.DescribeTimeToLive(table); }));
  Json out = {{"TimeToLiveStatus", d.time_to_live_status}};
  if (!d.attribute_name.empty()) out["AttributeName"] = d.attribute_name;
  return {{"TimeToLiveDescription", out}};
}

struct Operation {
  std::string_view name;
  Handler handler;
};

constexpr std::array kOperations = {
    Operation{"UpdateTable", Dumped<UpdateTableOp>},
    Operation{"UpdateTimeToLive", Dumped<UpdateTimeToLiveOp>},
    Operation{"DescribeTimeToLive", Dumped<DescribeTimeToLiveOp>},
};

}  // namespace

Handler TableAdminOperation(std::string_view op) {
  for (const Operation& o : kOperations) {
    if (o.name == op) return o.handler;
  }
  return ResourceOperation(op);
}

}  // namespace sim::wire
