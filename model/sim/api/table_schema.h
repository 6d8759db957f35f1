// Table and index definitions of the simulated DynamoDB: the CreateTable request and the
// DescribeTable answer in DynamoDB's shapes, their validation (AWS's order and messages), and
// the compiled TableSchema the engine works with (key attribute names and types per index,
// projections).
//
// ValidateCreateTable checks everything that does not depend on other tables; the Database
// adds the "Table already exists" check. Knows nothing of storage.
#pragma once

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "model/sim/api/error.h"
#include "model/sim/api/value.h"

namespace sim {

enum class KeyRole { kHash, kRange };  // DynamoDB KeyType HASH / RANGE
enum class ProjectionType { kAll, kKeysOnly, kInclude };
enum class StreamViewType { kKeysOnly, kNewImage, kOldImage, kNewAndOldImages };

const char* ProjectionTypeName(ProjectionType type);  // "ALL", "KEYS_ONLY", "INCLUDE"
const char* StreamViewTypeName(StreamViewType type);  // "KEYS_ONLY", "NEW_IMAGE", ...
std::optional<ProjectionType> ProjectionTypeFromName(std::string_view name);
std::optional<StreamViewType> StreamViewTypeFromName(std::string_view name);

struct AttributeDefinition {
  std::string attribute_name;
  ValueType attribute_type = ValueType::kS;  // must be S, N or B
};

struct KeySchemaElement {
  std::string attribute_name;
  KeyRole key_type = KeyRole::kHash;
};

struct IndexProjection {
  ProjectionType projection_type = ProjectionType::kAll;
  std::vector<std::string> non_key_attributes;  // INCLUDE only
};

struct SecondaryIndex {  // GlobalSecondaryIndex / LocalSecondaryIndex
  std::string index_name;
  std::vector<KeySchemaElement> key_schema;
  IndexProjection projection;
};

struct StreamSpecification {
  bool stream_enabled = false;
  StreamViewType stream_view_type = StreamViewType::kNewAndOldImages;
};

struct CreateTableRequest {
  std::string table_name;
  std::vector<AttributeDefinition> attribute_definitions;
  std::vector<KeySchemaElement> key_schema;
  std::vector<SecondaryIndex> global_secondary_indexes;
  std::vector<SecondaryIndex> local_secondary_indexes;
  std::optional<StreamSpecification> stream_specification;
};

struct IndexDescription {
  std::string index_name;
  std::vector<KeySchemaElement> key_schema;
  IndexProjection projection;
  std::int64_t item_count = 0;
  std::int64_t index_size_bytes = 0;
};

struct TableDescription {
  std::string table_name;
  std::string table_status = "ACTIVE";
  std::vector<AttributeDefinition> attribute_definitions;
  std::vector<KeySchemaElement> key_schema;
  std::vector<IndexDescription> global_secondary_indexes;
  std::vector<IndexDescription> local_secondary_indexes;
  std::optional<StreamSpecification> stream_specification;
  // When the stream is enabled: its label (DynamoDB's LatestStreamLabel), fixed per table.
  std::string latest_stream_label;
  std::int64_t item_count = 0;
  std::int64_t table_size_bytes = 0;  // sum of item sizes (DynamoDB's formula, no overhead)
};

// A key attribute of the table or an index.
struct KeyAttribute {
  std::string name;
  ValueType type = ValueType::kS;
};

struct IndexSchema {
  std::string name;
  bool global = true;
  KeyAttribute partition;
  std::optional<KeyAttribute> sort;
  ProjectionType projection = ProjectionType::kAll;
  std::set<std::string, std::less<>> included;  // INCLUDE's non-key attributes
};

struct TableSchema {
  std::string name;
  KeyAttribute partition;
  std::optional<KeyAttribute> sort;
  std::vector<IndexSchema> indexes;  // GSIs in request order, then LSIs in request order
  std::optional<StreamSpecification> stream;
  CreateTableRequest definition;  // as created, for DescribeTable and persistence

  bool has_lsi() const;
  // True when `name` is a key attribute of the table or of `index` (if given).
  bool IsTableKey(std::string_view name) const;
};

// "Value 'x' at 'tableName' failed to satisfy constraint: ..." checks for a table name, as
// every operation applies them. Returns the full "1 validation error detected: ..." message.
std::optional<std::string> CheckTableName(const std::string& table_name);

// Validates a CreateTable request in AWS's order and compiles it.
[[nodiscard]] SimResult<TableSchema> ValidateCreateTable(const CreateTableRequest& request);

// The item as stored in `index`: index keys, table keys and the projected attributes.
// The caller has checked that the item carries the index partition (and sort) key.
Item ProjectItem(const Item& item, const TableSchema& table, const IndexSchema& index);

}  // namespace sim
