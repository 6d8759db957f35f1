// JSON form of a table definition for the catalogue (see database_meta.h).
#include "model/sim/engine/database_meta.h"

#include <nlohmann/json.hpp>

namespace sim {
namespace {

using nlohmann::json;

json KeySchemaJson(const std::vector<KeySchemaElement>& schema) {
  json out = json::array();
  for (const KeySchemaElement& k : schema) {
    out.push_back({{"AttributeName", k.attribute_name},
                   {"KeyType", k.key_type == KeyRole::kHash ? "HASH" : "RANGE"}});
  }
  return out;
}

json IndexesJson(const std::vector<SecondaryIndex>& indexes) {
  json out = json::array();
  for (const SecondaryIndex& index : indexes) {
    out.push_back({{"IndexName", index.index_name},
                   {"KeySchema", KeySchemaJson(index.key_schema)},
                   {"Projection",
                    {{"ProjectionType", ProjectionTypeName(index.projection.projection_type)},
                     {"NonKeyAttributes", index.projection.non_key_attributes}}}});
  }
  return out;
}

std::vector<KeySchemaElement> ParseKeySchema(const json& j) {
  std::vector<KeySchemaElement> out;
  for (const json& k : j) {
    out.push_back(
        {k.at("AttributeName").get<std::string>(),
         k.at("KeyType").get<std::string>() == "HASH" ? KeyRole::kHash : KeyRole::kRange});
  }
  return out;
}

std::vector<SecondaryIndex> ParseIndexes(const json& j) {
  std::vector<SecondaryIndex> out;
  for (const json& i : j) {
    SecondaryIndex index;
    index.index_name = i.at("IndexName").get<std::string>();
    index.key_schema = ParseKeySchema(i.at("KeySchema"));
    const json& p = i.at("Projection");
    index.projection.projection_type =
        ProjectionTypeFromName(p.at("ProjectionType").get<std::string>())
            .value_or(ProjectionType::kAll);
    index.projection.non_key_attributes = p.at("NonKeyAttributes").get<std::vector<std::string>>();
    out.push_back(std::move(index));
  }
  return out;
}

}  // namespace

std::string SerializeDefinition(const CreateTableRequest& request) {
  json defs = json::array();
  for (const AttributeDefinition& d : request.attribute_definitions) {
    defs.push_back(
        {{"AttributeName", d.attribute_name}, {"AttributeType", ValueTypeName(d.attribute_type)}});
  }
  json out = {{"TableName", request.table_name},
              {"AttributeDefinitions", defs},
              {"KeySchema", KeySchemaJson(request.key_schema)},
              {"GlobalSecondaryIndexes", IndexesJson(request.global_secondary_indexes)},
              {"LocalSecondaryIndexes", IndexesJson(request.local_secondary_indexes)}};
  if (request.stream_specification) {
    out["StreamSpecification"] = {
        {"StreamEnabled", request.stream_specification->stream_enabled},
        {"StreamViewType", StreamViewTypeName(request.stream_specification->stream_view_type)}};
  }
  return out.dump();
}

SimResult<CreateTableRequest> ParseDefinition(std::string_view text) {
  try {
    json j = json::parse(text);
    CreateTableRequest request;
    request.table_name = j.at("TableName").get<std::string>();
    for (const json& d : j.at("AttributeDefinitions")) {
      auto type = ValueTypeFromName(d.at("AttributeType").get<std::string>());
      if (!type) return Error::Internal("corrupt table catalogue: attribute type");
      request.attribute_definitions.push_back({d.at("AttributeName").get<std::string>(), *type});
    }
    request.key_schema = ParseKeySchema(j.at("KeySchema"));
    request.global_secondary_indexes = ParseIndexes(j.at("GlobalSecondaryIndexes"));
    request.local_secondary_indexes = ParseIndexes(j.at("LocalSecondaryIndexes"));
    if (j.contains("StreamSpecification")) {
      const json& s = j.at("StreamSpecification");
      StreamSpecification spec;
      spec.stream_enabled = s.at("StreamEnabled").get<bool>();
      spec.stream_view_type = StreamViewTypeFromName(s.at("StreamViewType").get<std::string>())
                                  .value_or(StreamViewType::kNewAndOldImages);
      request.stream_specification = spec;
    }
    return request;
  } catch (const json::exception& e) {
    return Error::Internal(std::string("corrupt table catalogue: ") + e.what());
  }
}

}  // namespace sim
