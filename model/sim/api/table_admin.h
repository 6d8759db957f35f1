// TableAdmin: the DynamoDB control-plane operations beyond DataPlane's CreateTable, DeleteTable,
// DescribeTable and ListTables: UpdateTable, UpdateTimeToLive and DescribeTimeToLive.
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
#pragma once

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
};

struct TimeToLiveSpecification {
  std::string attribute_name;
  bool enabled = false;
};

struct TimeToLiveDescription {
  std::string time_to_live_status = "DISABLED";  // ENABLED or DISABLED
  std::string attribute_name;                    // empty when DISABLED
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
};

}  // namespace sim
