// CreateTable validation and the compiled schema (see table_schema.h). Messages follow AWS's
// wording as recorded in dynalite's validations and shared/dynamodb-reference.md.
#include "model/sim/api/table_schema.h"

#include <fmt/format.h>

#include <algorithm>
#include <utility>

namespace sim {
namespace {

constexpr std::size_t kMaxGlobalIndexes = 20;
constexpr std::size_t kMaxLocalIndexes = 5;
constexpr std::size_t kMaxNonKeyAttributes = 100;
// A GSI's partition key and sort key: at most four attributes each, eight in all.
// https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/GSI.html#GSI.MultiAttributeKeys
constexpr std::size_t kMaxIndexKeyAttributes = 4;
constexpr const char* kInvalid = "One or more parameter values were invalid: ";

bool IsNameChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
         c == '.' || c == '-';
}

std::optional<std::string> CheckName(const std::string& name, const std::string& field) {
  std::vector<std::string> problems;
  if (!std::all_of(name.begin(), name.end(), IsNameChar) || name.empty()) {
    problems.push_back(fmt::format(
        "Value '{}' at '{}' failed to satisfy constraint: Member must satisfy regular expression "
        "pattern: [a-zA-Z0-9_.-]+",
        name, field));
  }
  if (name.size() < 3) {
    problems.push_back(fmt::format(
        "Value '{}' at '{}' failed to satisfy constraint: Member must have length greater than "
        "or equal to 3",
        name, field));
  }
  if (name.size() > 255) {
    problems.push_back(fmt::format(
        "Value '{}' at '{}' failed to satisfy constraint: Member must have length less than or "
        "equal to 255",
        name, field));
  }
  if (problems.empty()) return std::nullopt;
  std::string joined;
  for (const std::string& p : problems) joined += (joined.empty() ? "" : "; ") + p;
  return fmt::format("{} validation error{} detected: {}", problems.size(),
                     problems.size() == 1 ? "" : "s", joined);
}

std::string JoinNames(const std::vector<std::string>& names) {
  std::string out;
  for (const std::string& n : names) out += (out.empty() ? "" : ", ") + n;
  return out;
}

std::vector<std::string> KeyNames(const std::vector<KeySchemaElement>& schema) {
  std::vector<std::string> names;
  for (const KeySchemaElement& k : schema) names.push_back(k.attribute_name);
  return names;
}

// Shape checks shared by the table's and the indexes' key schemas.
std::optional<std::string> CheckKeySchema(const std::vector<KeySchemaElement>& schema,
                                          const std::vector<std::string>& defined) {
  std::vector<std::string> keys = KeyNames(schema);
  for (const std::string& k : keys) {
    if (std::find(defined.begin(), defined.end(), k) == defined.end()) {
      return fmt::format(
          "{}Some index key attributes are not defined in AttributeDefinitions. Keys: [{}], "
          "AttributeDefinitions: [{}]",
          kInvalid, JoinNames(keys), JoinNames(defined));
    }
  }
  if (schema.size() == 2 && keys[0] == keys[1]) {
    return std::string(
        "Both the Hash Key and the Range Key element in the KeySchema have the same name");
  }
  if (schema[0].key_type != KeyRole::kHash) {
    return std::string("Invalid KeySchema: The first KeySchemaElement is not a HASH key type");
  }
  if (schema.size() == 2 && schema[1].key_type != KeyRole::kRange) {
    return std::string("Invalid KeySchema: The second KeySchemaElement is not a RANGE key type");
  }
  return std::nullopt;
}

// A GSI's key schema: up to four HASH attributes, then up to four RANGE attributes
// (multi-attribute keys: https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/
// GSI.html#GSI.MultiAttributeKeys; tables and LSIs keep one of each). The one- and
// two-attribute forms other than HASH, HASH keep CheckKeySchema's messages; the others are
// worded as DynamoDB Local 3.3.0 words them (recorded with its 2026-01-16 build).
std::optional<std::string> CheckGlobalKeySchema(const std::vector<KeySchemaElement>& schema,
                                                const std::vector<std::string>& defined) {
  const bool two_hash = schema.size() == 2 && schema[0].key_type == KeyRole::kHash &&
                        schema[1].key_type == KeyRole::kHash;
  if (schema.size() <= 2 && !two_hash) return CheckKeySchema(schema, defined);
  std::vector<std::string> keys = KeyNames(schema);
  for (const std::string& k : keys) {
    if (std::find(defined.begin(), defined.end(), k) == defined.end()) {
      return fmt::format(
          "{}Some index key attributes are not defined in AttributeDefinitions. Keys: [{}], "
          "AttributeDefinitions: [{}]",
          kInvalid, JoinNames(keys), JoinNames(defined));
    }
  }
  for (std::size_t i = 0; i < keys.size(); ++i) {
    if (std::find(keys.begin(), keys.begin() + static_cast<std::ptrdiff_t>(i), keys[i]) !=
        keys.begin() + static_cast<std::ptrdiff_t>(i)) {
      return std::string("Two keys can not have the same name");
    }
  }
  std::size_t hashes = 0, ranges = 0;
  for (const KeySchemaElement& e : schema) (e.key_type == KeyRole::kHash ? hashes : ranges)++;
  if (hashes == 0) {
    return std::string(
        "No Hash Key specified in schema.  All Dynamo DB tables must have exactly one hash key");
  }
  for (std::size_t i = 0; i < schema.size(); ++i) {
    if ((i < hashes) != (schema[i].key_type == KeyRole::kHash)) {
      return std::string(
          "Invalid key order. Hash Key must be specified first in key schema, Range Key must be "
          "specifed second");
    }
  }
  if (hashes > kMaxIndexKeyAttributes) {
    return fmt::format("Too many partition keys. GSI can have at most {} partition keys",
                       kMaxIndexKeyAttributes);
  }
  if (ranges > kMaxIndexKeyAttributes) {
    return fmt::format("Too many sort keys. GSI can have at most {} sort keys",
                       kMaxIndexKeyAttributes);
  }
  return std::nullopt;
}

std::optional<std::string> CheckSchemaLength(const std::vector<KeySchemaElement>& schema,
                                             const std::string& field, std::size_t max = 2) {
  if (schema.empty()) {
    return fmt::format(
        "1 validation error detected: Value '[]' at '{}' failed to satisfy constraint: Member "
        "must have length greater than or equal to 1",
        field);
  }
  if (schema.size() > max) {
    return fmt::format(
        "1 validation error detected: Value at '{}' failed to satisfy constraint: Member must "
        "have length less than or equal to {}",
        field, max);
  }
  return std::nullopt;
}

std::optional<std::string> CheckProjection(const SecondaryIndex& index) {
  const IndexProjection& p = index.projection;
  if (!p.non_key_attributes.empty() && p.projection_type != ProjectionType::kInclude) {
    return fmt::format("{}ProjectionType is {}, but NonKeyAttributes is specified", kInvalid,
                       ProjectionTypeName(p.projection_type));
  }
  if (p.projection_type == ProjectionType::kInclude && p.non_key_attributes.empty()) {
    return fmt::format("{}ProjectionType is INCLUDE, but NonKeyAttributes is not specified",
                       kInvalid);
  }
  return std::nullopt;
}

ValueType DefinedType(const std::vector<AttributeDefinition>& defs, const std::string& name) {
  for (const AttributeDefinition& d : defs) {
    if (d.attribute_name == name) return d.attribute_type;
  }
  return ValueType::kS;  // unreachable after CheckKeySchema
}

IndexSchema CompileIndex(const SecondaryIndex& index, bool global,
                         const std::vector<AttributeDefinition>& defs) {
  IndexSchema out;
  out.name = index.index_name;
  out.global = global;
  for (const KeySchemaElement& e : index.key_schema) {
    KeyAttribute attribute{e.attribute_name, DefinedType(defs, e.attribute_name)};
    (e.key_type == KeyRole::kHash ? out.partition : out.sort).push_back(std::move(attribute));
  }
  out.projection = index.projection.projection_type;
  out.included.insert(index.projection.non_key_attributes.begin(),
                      index.projection.non_key_attributes.end());
  return out;
}

}  // namespace

std::optional<std::string> CheckCapacityUnits(const ProvisionedThroughput& t,
                                              const std::string& field) {
  for (auto [units, name] : {std::pair{t.read_capacity_units, "readCapacityUnits"},
                             std::pair{t.write_capacity_units, "writeCapacityUnits"}}) {
    if (units < 1) {
      return fmt::format(
          "1 validation error detected: Value '{}' at '{}.{}' failed to satisfy constraint: "
          "Member must have value greater than or equal to 1",
          units, field, name);
    }
  }
  return std::nullopt;
}

namespace {

// BillingMode against the throughput given for the table and its GSIs. Messages as AWS words
// them (https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_CreateTable.html:
// "If you set BillingMode as PROVISIONED, you must specify this property [ProvisionedThroughput].
// If you set BillingMode as PAY_PER_REQUEST, you cannot specify this property.").
std::optional<std::string> CheckBilling(const CreateTableRequest& request) {
  if (request.billing_mode == BillingMode::kProvisioned) {
    if (!request.provisioned_throughput) {
      return fmt::format(
          "{}ReadCapacityUnits and WriteCapacityUnits must both be specified when BillingMode is "
          "PROVISIONED",
          kInvalid);
    }
    for (const SecondaryIndex& index : request.global_secondary_indexes) {
      if (!index.provisioned_throughput) {
        return fmt::format("{}ProvisionedThroughput is not specified for index: {}", kInvalid,
                           index.index_name);
      }
    }
    return std::nullopt;
  }
  if (request.provisioned_throughput) {
    return fmt::format(
        "{}Neither ReadCapacityUnits nor WriteCapacityUnits can be specified when BillingMode is "
        "PAY_PER_REQUEST",
        kInvalid);
  }
  for (const SecondaryIndex& index : request.global_secondary_indexes) {
    if (index.provisioned_throughput) {
      return fmt::format(
          "{}ProvisionedThroughput should not be specified for index: {} when BillingMode is "
          "PAY_PER_REQUEST",
          kInvalid, index.index_name);
    }
  }
  return std::nullopt;
}

}  // namespace

const char* BillingModeName(BillingMode mode) {
  return mode == BillingMode::kProvisioned ? "PROVISIONED" : "PAY_PER_REQUEST";
}

std::optional<BillingMode> BillingModeFromName(std::string_view name) {
  if (name == "PROVISIONED") return BillingMode::kProvisioned;
  if (name == "PAY_PER_REQUEST") return BillingMode::kPayPerRequest;
  return std::nullopt;
}

const char* ProjectionTypeName(ProjectionType type) {
  switch (type) {
    case ProjectionType::kAll:
      return "ALL";
    case ProjectionType::kKeysOnly:
      return "KEYS_ONLY";
    case ProjectionType::kInclude:
      return "INCLUDE";
  }
  return "ALL";
}

const char* StreamViewTypeName(StreamViewType type) {
  switch (type) {
    case StreamViewType::kKeysOnly:
      return "KEYS_ONLY";
    case StreamViewType::kNewImage:
      return "NEW_IMAGE";
    case StreamViewType::kOldImage:
      return "OLD_IMAGE";
    case StreamViewType::kNewAndOldImages:
      return "NEW_AND_OLD_IMAGES";
  }
  return "KEYS_ONLY";
}

std::optional<ProjectionType> ProjectionTypeFromName(std::string_view name) {
  for (ProjectionType t :
       {ProjectionType::kAll, ProjectionType::kKeysOnly, ProjectionType::kInclude}) {
    if (name == ProjectionTypeName(t)) return t;
  }
  return std::nullopt;
}

std::optional<StreamViewType> StreamViewTypeFromName(std::string_view name) {
  for (StreamViewType t : {StreamViewType::kKeysOnly, StreamViewType::kNewImage,
                           StreamViewType::kOldImage, StreamViewType::kNewAndOldImages}) {
    if (name == StreamViewTypeName(t)) return t;
  }
  return std::nullopt;
}

bool TableSchema::has_lsi() const {
  return std::any_of(indexes.begin(), indexes.end(),
                     [](const IndexSchema& i) { return !i.global; });
}

bool IndexSchema::IsIndexKey(std::string_view attribute) const {
  for (const auto* list : {&partition, &sort}) {
    for (const KeyAttribute& k : *list) {
      if (k.name == attribute) return true;
    }
  }
  return false;
}

bool TableSchema::IsTableKey(std::string_view attribute) const {
  return attribute == partition.name || (sort && attribute == sort->name);
}

std::optional<std::string> CheckTableName(const std::string& table_name) {
  return CheckName(table_name, "tableName");
}

namespace {

// CreateTable's parameter constraints ("1 validation error detected: ..."), which AWS checks
// before anything else.
std::optional<Error> CheckParameters(const CreateTableRequest& request) {
  if (auto message = CheckTableName(request.table_name)) return Error::Validation(*message);
  if (auto message = CheckSchemaLength(request.key_schema, "keySchema")) {
    return Error::Validation(*message);
  }
  for (const AttributeDefinition& d : request.attribute_definitions) {
    if (d.attribute_type != ValueType::kS && d.attribute_type != ValueType::kN &&
        d.attribute_type != ValueType::kB) {
      return Error::Validation(fmt::format(
          "1 validation error detected: Value '{}' at 'attributeDefinitions.member.attributeType' "
          "failed to satisfy constraint: Member must satisfy enum value set: [B, N, S]",
          ValueTypeName(d.attribute_type)));
    }
  }
  auto all_indexes = {&request.global_secondary_indexes, &request.local_secondary_indexes};
  for (const auto* list : all_indexes) {
    const bool global = list == &request.global_secondary_indexes;
    for (const SecondaryIndex& index : *list) {
      if (auto message = CheckName(index.index_name, "indexName")) {
        return Error::Validation(*message);
      }
      if (auto message = CheckSchemaLength(index.key_schema, "keySchema",
                                           global ? 2 * kMaxIndexKeyAttributes : 2)) {
        return Error::Validation(*message);
      }
    }
  }
  if (request.provisioned_throughput) {
    if (auto message = CheckCapacityUnits(*request.provisioned_throughput, "provisionedThroughput"))
      return Error::Validation(*message);
  }
  for (const SecondaryIndex& index : request.global_secondary_indexes) {
    if (!index.provisioned_throughput) continue;
    if (auto message = CheckCapacityUnits(*index.provisioned_throughput,
                                          "globalSecondaryIndexes.member.provisionedThroughput"))
      return Error::Validation(*message);
  }
  return std::nullopt;
}

// The schema of a request that passed every check.
TableSchema Compile(const CreateTableRequest& request) {
  const std::string& table_hash = request.key_schema[0].attribute_name;
  TableSchema schema;
  schema.name = request.table_name;
  schema.partition = {table_hash, DefinedType(request.attribute_definitions, table_hash)};
  if (request.key_schema.size() == 2) {
    const std::string& range = request.key_schema[1].attribute_name;
    schema.sort = KeyAttribute{range, DefinedType(request.attribute_definitions, range)};
  }
  for (const SecondaryIndex& index : request.global_secondary_indexes) {
    schema.indexes.push_back(CompileIndex(index, true, request.attribute_definitions));
  }
  for (const SecondaryIndex& index : request.local_secondary_indexes) {
    schema.indexes.push_back(CompileIndex(index, false, request.attribute_definitions));
  }
  if (request.stream_specification && request.stream_specification->stream_enabled) {
    schema.stream = request.stream_specification;
  }
  schema.definition = request;
  return schema;
}

}  // namespace

SimResult<TableSchema> ValidateCreateTable(const CreateTableRequest& request) {
  // 1. Parameter constraints.
  if (auto error = CheckParameters(request)) return *error;

  // 2. Semantic checks, in dynalite's (AWS-recorded) order.
  std::vector<std::string> defined;
  for (const AttributeDefinition& d : request.attribute_definitions) {
    if (std::find(defined.begin(), defined.end(), d.attribute_name) != defined.end()) {
      return Error::Validation(fmt::format("{}Duplicate AttributeName in AttributeDefinitions: {}",
                                           kInvalid, d.attribute_name));
    }
    defined.push_back(d.attribute_name);
  }
  if (request.key_schema.size() > defined.size()) {
    return Error::Validation("Invalid KeySchema: Some index key attribute have no definition");
  }
  if (auto message = CheckKeySchema(request.key_schema, defined)) {
    return Error::Validation(*message);
  }

  std::set<std::string> used;
  for (const std::string& k : KeyNames(request.key_schema)) used.insert(k);
  std::set<std::string> index_names;
  const std::string& table_hash = request.key_schema[0].attribute_name;
  std::size_t non_key_total = 0;
  // What every index, local or global, is checked for once its key schema passed: its
  // projection, a name no other index has; its keys count as used, its non-key attributes
  // toward the table's limit.
  auto check_index = [&](const SecondaryIndex& index) -> std::optional<Error> {
    if (auto message = CheckProjection(index)) return Error::Validation(*message);
    if (!index_names.insert(index.index_name).second) {
      return Error::Validation(
          fmt::format("{}Duplicate index name: {}", kInvalid, index.index_name));
    }
    for (const std::string& k : KeyNames(index.key_schema)) used.insert(k);
    non_key_total += index.projection.non_key_attributes.size();
    return std::nullopt;
  };

  if (!request.local_secondary_indexes.empty() && request.key_schema.size() != 2) {
    return Error::Validation(fmt::format(
        "{}Table KeySchema does not have a range key, which is required when specifying a "
        "LocalSecondaryIndex",
        kInvalid));
  }
  for (const SecondaryIndex& index : request.local_secondary_indexes) {
    if (auto message = CheckKeySchema(index.key_schema, defined)) {
      return Error::Validation(*message);
    }
    if (index.key_schema.size() != 2) {
      return Error::Validation(fmt::format(
          "{}Index KeySchema does not have a range key for index: {}", kInvalid, index.index_name));
    }
    const std::string& index_hash = index.key_schema[0].attribute_name;
    if (index_hash != table_hash) {
      return Error::Validation(fmt::format(
          "{}Index KeySchema does not have the same leading hash key as table KeySchema for "
          "index: {}. index hash key: {}, table hash key: {}",
          kInvalid, index.index_name, index_hash, table_hash));
    }
    if (auto error = check_index(index)) return *error;
  }
  if (request.local_secondary_indexes.size() > kMaxLocalIndexes) {
    return Error::Validation(
        fmt::format("{}Number of LocalSecondaryIndexes exceeds per-table limit of {}", kInvalid,
                    kMaxLocalIndexes));
  }
  for (const SecondaryIndex& index : request.global_secondary_indexes) {
    if (auto message = CheckGlobalKeySchema(index.key_schema, defined)) {
      return Error::Validation(*message);
    }
    if (auto error = check_index(index)) return *error;
  }
  if (request.global_secondary_indexes.size() > kMaxGlobalIndexes) {
    return Error::Validation(
        fmt::format("{}GlobalSecondaryIndex count exceeds the per-table limit of {}", kInvalid,
                    kMaxGlobalIndexes));
  }
  if (non_key_total > kMaxNonKeyAttributes) {
    return Error::Validation(fmt::format(
        "{}The number of projected attributes in all indexes exceeds the limit of {}, provided: {}",
        kInvalid, kMaxNonKeyAttributes, non_key_total));
  }
  if (used.size() != defined.size()) {
    if (request.local_secondary_indexes.empty() && request.global_secondary_indexes.empty()) {
      return Error::Validation(fmt::format(
          "{}Number of attributes in KeySchema does not exactly match number of attributes "
          "defined in AttributeDefinitions",
          kInvalid));
    }
    std::vector<std::string> sorted_defined = defined;
    std::sort(sorted_defined.begin(), sorted_defined.end());
    return Error::Validation(fmt::format(
        "{}Some AttributeDefinitions are not used. AttributeDefinitions: [{}], keys used: [{}]",
        kInvalid, JoinNames(sorted_defined),
        JoinNames(std::vector<std::string>(used.begin(), used.end()))));
  }

  if (auto message = CheckBilling(request)) return Error::Validation(*message);

  // 3. Compile.
  return Compile(request);
}

Item ProjectItem(const Item& item, const TableSchema& table, const IndexSchema& index) {
  if (index.projection == ProjectionType::kAll) return item;
  Item out;
  auto copy = [&](const std::string& name) {
    auto it = item.find(name);
    if (it != item.end()) out.insert(*it);
  };
  copy(table.partition.name);
  if (table.sort) copy(table.sort->name);
  for (const auto* list : {&index.partition, &index.sort}) {
    for (const KeyAttribute& k : *list) copy(k.name);
  }
  for (const std::string& name : index.included) copy(name);
  return out;
}

}  // namespace sim
