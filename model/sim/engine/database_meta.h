// Internal to model/sim: how a table's definition is persisted in the database file
// (the sim_tables catalogue row holds the CreateTable request as JSON, with the table's
// metadata under "Meta": what UpdateTable and UpdateTimeToLive changed that a CreateTable
// request cannot say). Rows written before "Meta" existed read as TableMeta's defaults.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "model/sim/api/error.h"
#include "model/sim/api/table_schema.h"

namespace sim {

struct TableMeta {
  // The number of each index's SQL table (<prefix>_ix<slot>), parallel to TableSchema::indexes.
  // Empty: the positions (0, 1, ...), as tables created before UpdateTable existed have them.
  std::vector<int> index_slots;
  std::int64_t creation_ms = 0;  // CreationDateTime, ms since the epoch; 0 unknown
  std::string stream_label;      // the current stream's label; empty: derived from the table id
  std::optional<std::string> ttl_attribute;  // TTL enabled on this attribute
  std::vector<Tag> tags;                     // sorted by key
  bool deletion_protection = false;
  // Point-in-time recovery: enabled at pitr_enabled_ms with this recovery period (days).
  bool pitr_enabled = false;
  std::int64_t pitr_enabled_ms = 0;
  std::int64_t pitr_period_days = 0;
};

struct CatalogueEntry {
  CreateTableRequest definition;
  TableMeta meta;
};

// A stream label for a stream enabled at `ms` (ms since the epoch): the UTC time as DynamoDB
// writes its labels, "2015-05-11T21:21:33.291".
// https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_TableDescription.html
// ("LatestStreamLabel: A timestamp, in ISO 8601 format, for this stream.")
std::string StreamLabelAt(std::int64_t ms);

// Tag rules (resources.cpp): the length and reserved-prefix checks of each tag in a request;
// `current` with `added` applied (same key: new value), sorted by key; the per-table count limit.
std::optional<Error> CheckTags(const std::vector<Tag>& tags);
std::vector<Tag> MergeTags(std::vector<Tag> current, const std::vector<Tag>& added);
std::optional<Error> CheckTagCount(std::size_t count);

std::string SerializeDefinition(const CreateTableRequest& request, const TableMeta& meta);
[[nodiscard]] SimResult<CatalogueEntry> ParseDefinition(std::string_view json);

}  // namespace sim
