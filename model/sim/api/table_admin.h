// TableAdmin: the DynamoDB control-plane operations beyond DataPlane's CreateTable, DeleteTable,
// DescribeTable and ListTables: UpdateTable, UpdateTimeToLive and DescribeTimeToLive; tags
// (TagResource, UntagResource, ListTagsOfResource); point-in-time recovery settings
// (DescribeContinuousBackups, UpdateContinuousBackups).
//
// A separate interface so that DataPlane stays the seam every backend (the simulated table, the
// HTTP client of a real endpoint, generated code's backends) implements: only the simulated
// table (sim::Database) implements TableAdmin, and the wire adapter serves these operations
// when the DataPlane it is given also is a TableAdmin. Errors are AWS's exception names and
// messages (error.h), as for DataPlane.
//
// https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_UpdateTable.html
// https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_UpdateTimeToLive.html
// https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_DescribeTimeToLive.html
// https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_TagResource.html
// https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_UntagResource.html
// https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_ListTagsOfResource.html
// https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_DescribeContinuousBackups.html
// https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_UpdateContinuousBackups.html
//
// Tags and continuous-backup operations take a table name: the wire resolves the ARN the
// request names (wire/resources.cpp).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "model/sim/api/error.h"
#include "model/sim/api/table_schema.h"

namespace sim {

// One member of UpdateTable's GlobalSecondaryIndexUpdates: exactly one of the three actions
// (the wire rejects a member with none; with several, Create wins, then Update, then Delete).
struct GlobalSecondaryIndexUpdate {
  std::optional<SecondaryIndex> create;  // with ProvisionedThroughput on PROVISIONED tables
  struct Update {
    std::string index_name;
    ProvisionedThroughput provisioned_throughput;
  };
  std::optional<Update> update;
  std::optional<std::string> delete_index;  // the index name
};

struct UpdateTableRequest {
  std::string table_name;
  // Definitions of the key attributes of a GSI being created (others are ignored, as AWS does).
  std::vector<AttributeDefinition> attribute_definitions;
  std::optional<BillingMode> billing_mode;
  std::optional<ProvisionedThroughput> provisioned_throughput;
  std::vector<GlobalSecondaryIndexUpdate> global_secondary_index_updates;
  // Present: enable (with a view type) or disable (stream_enabled false) the stream. A request
  // that enables must name a view type: `stream_view_type_given` says whether it did.
  std::optional<StreamSpecification> stream_specification;
  bool stream_view_type_given = false;
  std::optional<bool> deletion_protection_enabled;
};

struct TimeToLiveSpecification {
  std::string attribute_name;
  bool enabled = false;
};

struct TimeToLiveDescription {
  std::string time_to_live_status = "DISABLED";  // ENABLED or DISABLED
  std::string attribute_name;                    // empty when DISABLED
};

// DescribeContinuousBackups' answer. Continuous backups are always ENABLED; point-in-time
// recovery is ENABLED or DISABLED (UpdateContinuousBackups); when enabled, the restorable
// window runs from when it was enabled (no earlier than recovery_period_days before now) to
// now. No restore is simulated: the window is only reported.
// https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_PointInTimeRecoveryDescription.html
struct ContinuousBackupsDescription {
  std::string continuous_backups_status = "ENABLED";
  std::string point_in_time_recovery_status = "DISABLED";  // ENABLED or DISABLED
  std::int64_t recovery_period_in_days = 0;                // 1-35 when ENABLED
  std::int64_t earliest_restorable_ms = 0;                 // ms since the epoch, when ENABLED
  std::int64_t latest_restorable_ms = 0;
};

// UpdateContinuousBackups' PointInTimeRecoverySpecification.
struct PointInTimeRecoverySpecification {
  bool enabled = false;
  std::optional<std::int64_t> recovery_period_in_days;  // 1-35; default 35
};

class TableAdmin {
 public:
  virtual ~TableAdmin() = default;
  // The table as it is after the update (TableStatus UPDATING and the new index CREATING, or
  // the removed index DELETING, when indexes change; ACTIVE otherwise).
  [[nodiscard]] virtual SimResult<TableDescription> UpdateTable(
      const UpdateTableRequest& request) = 0;
  // Returns the specification as applied.
  [[nodiscard]] virtual SimResult<TimeToLiveSpecification> UpdateTimeToLive(
      const std::string& table_name, const TimeToLiveSpecification& specification) = 0;
  [[nodiscard]] virtual SimResult<TimeToLiveDescription> DescribeTimeToLive(
      const std::string& table_name) = 0;

  // Adds or replaces tags (a key already present takes the new value). ValidationException for
  // a key of 0 or over 128 characters, a value over 256, a key starting with "aws:", or more
  // than 50 tags on the table afterwards; ResourceNotFoundException for an unknown table.
  [[nodiscard]] virtual SimStatus TagResource(const std::string& table_name,
                                              const std::vector<Tag>& tags) = 0;
  // Removes the tags with these keys (absent keys are ignored).
  [[nodiscard]] virtual SimStatus UntagResource(const std::string& table_name,
                                                const std::vector<std::string>& keys) = 0;
  // The table's tags, sorted by key.
  [[nodiscard]] virtual SimResult<std::vector<Tag>> ListTagsOfResource(
      const std::string& table_name) = 0;
  [[nodiscard]] virtual SimResult<ContinuousBackupsDescription> DescribeContinuousBackups(
      const std::string& table_name) = 0;
  // ValidationException for a recovery period outside 1-35 days, or one given while disabling.
  [[nodiscard]] virtual SimResult<ContinuousBackupsDescription> UpdateContinuousBackups(
      const std::string& table_name, const PointInTimeRecoverySpecification& specification) = 0;
};

}  // namespace sim
