// JSON form of a table definition for the catalogue (see database_meta.h).
#include "model/sim/engine/database_meta.h"

#include <fmt/format.h>

#include <ctime>
#include <nlohmann/json.hpp>

#include "model/sim/json/codec.h"

namespace sim {
namespace {

// The catalogue is nlohmann::json (keys sorted); the key schemas in it are DynamoDB's own shape,
// written by sim_json.
using Json = nlohmann::json;

Json ThroughputJson(const ProvisionedThroughput& t) {
  return {{"ReadCapacityUnits", t.read_capacity_units},
          {"WriteCapacityUnits", t.write_capacity_units}};
}

ProvisionedThroughput ParseThroughput(const Json& j) {
  return {j.at("ReadCapacityUnits").get<std::int64_t>(),
          j.at("WriteCapacityUnits").get<std::int64_t>()};
}

Json IndexesJson(const std::vector<SecondaryIndex>& indexes) {
  Json out = Json::array();
  for (const SecondaryIndex& index : indexes) {
    out.push_back({{"IndexName", index.index_name},
                   {"KeySchema", Json(json::KeySchemaToJson(index.key_schema))},
                   {"Projection",
                    {{"ProjectionType", ProjectionTypeName(index.projection.projection_type)},
                     {"NonKeyAttributes", index.projection.non_key_attributes}}}});
    if (index.provisioned_throughput)
      out.back()["ProvisionedThroughput"] = ThroughputJson(*index.provisioned_throughput);
  }
  return out;
}

std::vector<KeySchemaElement> ParseKeySchema(const Json& j) {
  std::vector<KeySchemaElement> out;
  for (const Json& k : j) {
    out.push_back(
        {k.at("AttributeName").get<std::string>(),
         k.at("KeyType").get<std::string>() == "HASH" ? KeyRole::kHash : KeyRole::kRange});
  }
  return out;
}

std::vector<SecondaryIndex> ParseIndexes(const Json& j) {
  std::vector<SecondaryIndex> out;
  for (const Json& i : j) {
    SecondaryIndex index;
    index.index_name = i.at("IndexName").get<std::string>();
    index.key_schema = ParseKeySchema(i.at("KeySchema"));
    const Json& p = i.at("Projection");
    index.projection.projection_type =
        ProjectionTypeFromName(p.at("ProjectionType").get<std::string>())
            .value_or(ProjectionType::kAll);
    index.projection.non_key_attributes = p.at("NonKeyAttributes").get<std::vector<std::string>>();
    if (i.contains("ProvisionedThroughput"))
      index.provisioned_throughput = ParseThroughput(i.at("ProvisionedThroughput"));
    out.push_back(std::move(index));
  }
  return out;
}

}  // namespace

std::string StreamLabelAt(std::int64_t ms) {
  const std::time_t seconds = static_cast<std::time_t>(ms / 1000);
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:03}", utc.tm_year + 1900,
                     utc.tm_mon + 1, utc.tm_mday, utc.tm_hour, utc.tm_min, utc.tm_sec, ms % 1000);
}

std::string SerializeDefinition(const CreateTableRequest& request, const TableMeta& meta) {
  Json defs = Json::array();
  for (const AttributeDefinition& d : request.attribute_definitions) {
    defs.push_back(
        {{"AttributeName", d.attribute_name}, {"AttributeType", ValueTypeName(d.attribute_type)}});
  }
  Json out = {{"TableName", request.table_name},
              {"AttributeDefinitions", defs},
              {"KeySchema", Json(json::KeySchemaToJson(request.key_schema))},
              {"GlobalSecondaryIndexes", IndexesJson(request.global_secondary_indexes)},
              {"LocalSecondaryIndexes", IndexesJson(request.local_secondary_indexes)}};
  if (request.stream_specification) {
    out["StreamSpecification"] = {
        {"StreamEnabled", request.stream_specification->stream_enabled},
        {"StreamViewType", StreamViewTypeName(request.stream_specification->stream_view_type)}};
  }
  out["BillingMode"] = BillingModeName(request.billing_mode);
  if (request.provisioned_throughput)
    out["ProvisionedThroughput"] = ThroughputJson(*request.provisioned_throughput);
  Json m = {{"IndexSlots", meta.index_slots},
            {"CreationMs", meta.creation_ms},
            {"StreamLabel", meta.stream_label}};
  if (meta.ttl_attribute) m["TtlAttribute"] = *meta.ttl_attribute;
  if (!meta.tags.empty()) {
    Json tags = Json::array();
    for (const Tag& t : meta.tags) tags.push_back({{"Key", t.key}, {"Value", t.value}});
    m["Tags"] = tags;
  }
  if (meta.deletion_protection) m["DeletionProtection"] = true;
  if (meta.pitr_enabled) {
    m["Pitr"] = {{"EnabledMs", meta.pitr_enabled_ms}, {"PeriodDays", meta.pitr_period_days}};
  }
  out["Meta"] = m;
  return out.dump();
}

SimResult<CatalogueEntry> ParseDefinition(std::string_view text) {
  try {
    Json j = Json::parse(text);
    CreateTableRequest request;
    request.table_name = j.at("TableName").get<std::string>();
    for (const Json& d : j.at("AttributeDefinitions")) {
      auto type = ValueTypeFromName(d.at("AttributeType").get<std::string>());
      if (!type) return Error::Internal("corrupt table catalogue: attribute type");
      request.attribute_definitions.push_back({d.at("AttributeName").get<std::string>(), *type});
    }
    request.key_schema = ParseKeySchema(j.at("KeySchema"));
    request.global_secondary_indexes = ParseIndexes(j.at("GlobalSecondaryIndexes"));
    request.local_secondary_indexes = ParseIndexes(j.at("LocalSecondaryIndexes"));
    if (j.contains("StreamSpecification")) {
      const Json& s = j.at("StreamSpecification");
      StreamSpecification spec;
      spec.stream_enabled = s.at("StreamEnabled").get<bool>();
      spec.stream_view_type = StreamViewTypeFromName(s.at("StreamViewType").get<std::string>())
                                  .value_or(StreamViewType::kNewAndOldImages);
      request.stream_specification = spec;
    }
    if (j.contains("BillingMode")) {
      auto mode = BillingModeFromName(j.at("BillingMode").get<std::string>());
      if (!mode) return Error::Internal("corrupt table catalogue: billing mode");
      request.billing_mode = *mode;
    }
    if (j.contains("ProvisionedThroughput"))
      request.provisioned_throughput = ParseThroughput(j.at("ProvisionedThroughput"));
    TableMeta meta;
    if (j.contains("Meta")) {
      const Json& m = j.at("Meta");
      meta.index_slots = m.at("IndexSlots").get<std::vector<int>>();
      meta.creation_ms = m.at("CreationMs").get<std::int64_t>();
      meta.stream_label = m.at("StreamLabel").get<std::string>();
      if (m.contains("TtlAttribute")) meta.ttl_attribute = m.at("TtlAttribute").get<std::string>();
      if (m.contains("Tags")) {
        for (const Json& t : m.at("Tags"))
          meta.tags.push_back({t.at("Key").get<std::string>(), t.at("Value").get<std::string>()});
      }
      meta.deletion_protection = m.value("DeletionProtection", false);
      if (m.contains("Pitr")) {
        meta.pitr_enabled = true;
        meta.pitr_enabled_ms = m.at("Pitr").at("EnabledMs").get<std::int64_t>();
        meta.pitr_period_days = m.at("Pitr").at("PeriodDays").get<std::int64_t>();
      }
    }
    return CatalogueEntry{std::move(request), std::move(meta)};
  } catch (const Json::exception& e) {
    return Error::Internal(std::string("corrupt table catalogue: ") + e.what());
  }
}

}  // namespace sim
