// Internal to model/sim: the write pipeline shared by PutItem, UpdateItem, DeleteItem,
// BatchWriteItem, TransactWriteItems and LoadItems.
//
// A write is planned before anything is applied: PlanWrite takes the item as it was (loaded
// with LoadItem) and as it will be, derives every index entry change, the capacity (table
// max(old, new) per 1 KB; per index: 1 write for a new entry, 2 for a key change, 1 for a
// removal, 1 when only projected attributes change, 0 otherwise; transactional writes double),
// the per-partition usage, the stream record, and checks the LSI item collection limit.
// ApplyWrite runs the SQL inside the caller's SQLite transaction; FinishWrite updates the
// in-memory counters once that transaction has committed.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "model/sim/api/capacity.h"
#include "model/sim/api/error.h"
#include "model/sim/api/stream.h"
#include "model/sim/api/value.h"
#include "model/sim/engine/table_keys.h"
#include "model/sim/engine/table_store.h"

namespace sim {

struct LoadedItem {
  Item item;
  std::int64_t size = 0;
};

// Reads and decodes the item stored under `key`, if any.
[[nodiscard]] SimResult<std::optional<LoadedItem>> LoadItem(TableStore* store, const KeyBytes& key);

struct UsageEvent {
  int index = -1;  // -1: the table
  std::string key_bytes;
  AttributeValue key;
  double units = 0;
};

struct IndexChange {
  std::optional<KeyBytes> old_key;
  std::optional<KeyBytes> new_key;
  std::string new_bytes;  // the projected entry; empty for ALL projections (the item's bytes)
  std::int64_t old_size = 0;
  std::int64_t new_size = 0;
  bool rewrite = false;  // new entry must be written (new, moved, or projected values changed)
};

struct WritePlan {
  TableStore* store = nullptr;
  bool transactional = false;
  KeyBytes key;
  AttributeValue partition_value;  // the table partition key's value (for usage)
  std::optional<Item> old_item;
  std::int64_t old_size = 0;
  const Item* new_item = nullptr;  // null: delete; points at the request or at owned_new
  Item owned_new;                  // the new item when the plan computed it (UpdateItem)
  std::int64_t new_size = 0;
  std::string new_bytes;
  std::vector<IndexChange> indexes;
  std::int64_t collection_delta = 0;  // growth of the item collection (tables with LSIs)
  double table_units = 0;
  std::vector<UsageEvent> usage;
  std::optional<StreamRecord> stream;
};

// Loads the item stored under `plan->key` in `plan->store` into `plan->old_item` and
// `plan->old_size` (left unset when there is none). Errors: the storage's.
[[nodiscard]] SimStatus LoadOldItem(WritePlan* plan);

// Fills in everything derived from (old, new). `plan.store`, `key`, `old_*`, `new_item` and
// `new_size` must be set; the new item must have passed key and index key validation.
// Errors: ItemCollectionSizeLimitExceededException on tables with LSIs.
[[nodiscard]] SimStatus PlanWrite(WritePlan* plan, std::int64_t collection_limit);
// PlanWrite's work for a table `schema` without the collection limit check (which needs the
// stored collection size), which the caller makes when GrowsCappedCollection.
void PlanChanges(WritePlan* plan, const TableSchema& schema);
// Whether the write grows an item collection that has a cap (tables with LSIs).
bool GrowsCappedCollection(const WritePlan& plan, const TableSchema& schema);
Error CollectionLimitError();
// Writes the plan; its stream record, if any, is stamped with `now_ms` (ms since the epoch).
[[nodiscard]] SimStatus ApplyWrite(WritePlan* plan, std::int64_t now_ms);
// PlanWrite, then ApplyWrite when it succeeds: a write whose old item is loaded and new one set.
[[nodiscard]] SimStatus PlanAndApplyWrite(WritePlan* plan, std::int64_t collection_limit,
                                          std::int64_t now_ms);
void FinishWrite(const WritePlan& plan);
// FinishWrite's counting into the given counters and usage instead of the store's.
void CountWrite(const WritePlan& plan, const TableSchema& schema, Counters* table_counters,
                std::vector<Counters>* index_counters, UsageStats* usage);
// Adds the plan's capacity to a meter (table and indexes).
void MeterWrite(const WritePlan& plan, CapacityMeter* meter);

// The write units a write that failed its condition still consumes, charged to the table's
// usage: max(old, new) rounded per 1 KB (1 when both are absent).
double ChargeFailedWrite(TableStore* store, const KeyBytes& key, const AttributeValue& key_value,
                         std::int64_t old_size, std::int64_t new_size, bool transactional);

}  // namespace sim
