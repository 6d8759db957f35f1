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
// DynamoDB BillingMode: on-demand (PAY_PER_REQUEST) or PROVISIONED capacity.
// https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_CreateTable.html
enum class BillingMode { kPayPerRequest, kProvisioned };

const char* ProjectionTypeName(ProjectionType type);  // "ALL", "KEYS_ONLY", "INCLUDE"
const char* StreamViewTypeName(StreamViewType type);  // "KEYS_ONLY", "NEW_IMAGE", ...
std::optional<ProjectionType> ProjectionTypeFromName(std::string_view name);
std::optional<StreamViewType> StreamViewTypeFromName(std::string_view name);
const char* BillingModeName(BillingMode mode);  // "PAY_PER_REQUEST", "PROVISIONED"
std::optional<BillingMode> BillingModeFromName(std::string_view name);

// Read and write capacity units of a PROVISIONED table or of one of its GSIs (each >= 1).
struct ProvisionedThroughput {
  std::int64_t read_capacity_units = 0;
  std::int64_t write_capacity_units = 0;
  friend bool operator==(const ProvisionedThroughput&, const ProvisionedThroughput&) = default;
};

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
  // GSIs of PROVISIONED tables only (required there, rejected on PAY_PER_REQUEST tables).
  std::optional<ProvisionedThroughput> provisioned_throughput;
};

struct StreamSpecification {
  bool stream_enabled = false;
  StreamViewType stream_view_type = StreamViewType::kNewAndOldImages;
};

// A resource tag (TagResource, CreateTable's Tags): key 1-128 characters, value 0-256, at most
// 50 per table, keys starting with "aws:" reserved.
// https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_Tag.html
// https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/TaggingRestrictions.html
struct Tag {
  std::string key;
  std::string value;
  friend bool operator==(const Tag&, const Tag&) = default;
};

struct CreateTableRequest {
  std::string table_name;
  std::vector<AttributeDefinition> attribute_definitions;
  std::vector<KeySchemaElement> key_schema;
  std::vector<SecondaryIndex> global_secondary_indexes;
  std::vector<SecondaryIndex> local_secondary_indexes;
  std::optional<StreamSpecification> stream_specification;
  // The wire's default when BillingMode is absent is PROVISIONED (as DynamoDB's); the struct's
  // is PAY_PER_REQUEST, what the model's layouts create.
  BillingMode billing_mode = BillingMode::kPayPerRequest;
  std::optional<ProvisionedThroughput> provisioned_throughput;  // PROVISIONED only
  // Tags applied to the new table (validated like TagResource's; kept in the table's metadata,
  // not in this definition once created).
  std::vector<Tag> tags;
  // DeleteTable is refused while true; UpdateTable changes it.
  // https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_CreateTable.html
  bool deletion_protection_enabled = false;
};

struct IndexDescription {
  std::string index_name;
  std::vector<KeySchemaElement> key_schema;
  IndexProjection projection;
  std::int64_t item_count = 0;
  std::int64_t index_size_bytes = 0;
  // GSIs: ACTIVE, or CREATING / DELETING in the answer of the UpdateTable that adds or removes
  // the index (the simulated backfill is synchronous: the next DescribeTable says ACTIVE).
  std::string index_status = "ACTIVE";
  std::optional<ProvisionedThroughput> provisioned_throughput;  // PROVISIONED tables' GSIs
};

struct TableDescription {
  std::string table_name;
  std::string table_status = "ACTIVE";
  std::vector<AttributeDefinition> attribute_definitions;
  std::vector<KeySchemaElement> key_schema;
  std::vector<IndexDescription> global_secondary_indexes;
  std::vector<IndexDescription> local_secondary_indexes;
  std::optional<StreamSpecification> stream_specification;
  // The label of the table's newest stream (DynamoDB's LatestStreamLabel): a timestamp of when
  // the stream was enabled; each re-enabling starts a new stream with a new label.
  std::string latest_stream_label;
  std::int64_t item_count = 0;
  std::int64_t table_size_bytes = 0;  // sum of item sizes (DynamoDB's formula, no overhead)
  BillingMode billing_mode = BillingMode::kPayPerRequest;
  std::optional<ProvisionedThroughput> provisioned_throughput;  // PROVISIONED only
  // When the table was created, in milliseconds since the Unix epoch (the engine's clock);
  // 0 when unknown (tables persisted before the catalogue recorded it).
  std::int64_t creation_date_time_ms = 0;
  bool deletion_protection_enabled = false;
};

// A key attribute of the table or an index.
struct KeyAttribute {
  std::string name;
  ValueType type = ValueType::kS;
};

// A secondary index. Its partition key and its sort key are each a list of attributes in
// key-schema order: one partition attribute and at most one sort attribute for LSIs and
// ordinary GSIs; a GSI may have up to four of each (multi-attribute keys, since November 2025:
// https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/GSI.html#GSI.MultiAttributeKeys).
// An item is in the index only when it carries every one of them (sparse).
struct IndexSchema {
  std::string name;
  bool global = true;
  std::vector<KeyAttribute> partition;  // 1..4 attributes
  std::vector<KeyAttribute> sort;       // 0..4 attributes
  ProjectionType projection = ProjectionType::kAll;
  std::set<std::string, std::less<>> included;  // INCLUDE's non-key attributes

  // True when `attribute` is one of the index's key attributes (partition or sort).
  bool IsIndexKey(std::string_view attribute) const;
  // More than one partition or sort attribute: queries follow the multi-attribute rules.
  bool multi_attribute() const { return partition.size() > 1 || sort.size() > 1; }
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

// "1 validation error detected: Value '0' at '<field>.readCapacityUnits' failed to satisfy
// constraint: Member must have value greater than or equal to 1" when a unit count is below 1.
std::optional<std::string> CheckCapacityUnits(const ProvisionedThroughput& throughput,
                                              const std::string& field);

// Validates a CreateTable request in AWS's order and compiles it.
[[nodiscard]] SimResult<TableSchema> ValidateCreateTable(const CreateTableRequest& request);

// The item as stored in `index`: index keys, table keys and the projected attributes.
// The caller has checked that the item carries the index partition (and sort) key.
Item ProjectItem(const Item& item, const TableSchema& table, const IndexSchema& index);

}  // namespace sim
