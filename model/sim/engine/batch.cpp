// BatchGetItem, BatchWriteItem and the bulk LoadItems path (see database.h, batch.h).
// A batch is validated in full before anything is read or written: any invalid request
// rejects the whole batch. Writes of one batch commit in one SQLite transaction.
#include "model/sim/api/batch.h"

#include <fmt/format.h>

#include <set>
#include <utility>

#include "model/sim/engine/database.h"
#include "model/sim/engine/table_common.h"
#include "model/sim/engine/table_keys.h"
#include "model/sim/engine/table_store.h"
#include "model/sim/engine/table_write.h"
#include "model/sim/storage/sqlite_db.h"

namespace sim {
namespace {

Error EmptyRequestItems() {
  return Error::Validation(
      "1 validation error detected: Value '{}' at 'requestItems' failed to satisfy constraint: "
      "Member must have length greater than or equal to 1");
}

Error Duplicates() { return Error::Validation("Provided list of item keys contains duplicates"); }

}  // namespace

SimResult<BatchGetItemResponse> Database::BatchGetItem(const BatchGetItemRequest& request) {
  if (request.request_items.empty()) return EmptyRequestItems();
  std::size_t total = 0;
  for (const auto& [table_name, keys] : request.request_items) {
    if (auto error = TableNameError(table_name)) return *error;
    total += keys.keys.size();
  }
  if (total > kBatchGetMaxKeys) {
    return Error::Validation("Too many items requested for the BatchGetItem call");
  }
  struct TableRead {
    TableStore* store;
    const KeysAndAttributes* keys;
    std::optional<sim::Projection> projection;
    std::vector<KeyBytes> key_bytes;
  };
  // Every table's parameters first, then the tables (AWS's order: ValidationException before
  // ResourceNotFoundException).
  std::vector<std::optional<sim::Projection>> projections;
  for (const auto& [table_name, keys] : request.request_items) {
    if (keys.keys.empty()) {
      return Error::Validation(
          "1 validation error detected: Value '[]' at 'requestItems.keys' failed to satisfy "
          "constraint: Member must have length greater than or equal to 1");
    }
    static const ExpressionAttributeValues kNoValues;
    if (SimStatus s = CheckExpressionMaps(!keys.projection_expression.empty(),
                                          keys.expression_attribute_names, kNoValues);
        !s.ok()) {
      return s.error();
    }
    ExpressionAttributes attributes(&keys.expression_attribute_names, nullptr);
    auto projection = ParseOptionalProjection(keys.projection_expression, attributes);
    if (!projection.ok()) return projection.error();
    if (SimStatus s = attributes.CheckAllUsed(); !s.ok()) return s.error();
    projections.push_back(std::move(*projection));
  }
  std::vector<TableRead> reads;
  std::size_t table_index = 0;
  for (const auto& [table_name, keys] : request.request_items) {
    TableStore* store = Find(table_name);
    if (store == nullptr) return Error::ResourceNotFound();
    TableRead read{store, &keys, std::move(projections[table_index++]), {}};
    std::set<std::pair<std::string, std::string>> seen;
    for (const Item& key : keys.keys) {
      SimResult<KeyBytes> bytes = RequestKey(store->schema(), key);
      if (!bytes.ok()) return bytes.error();
      if (!seen.emplace(bytes->pk, bytes->sk).second) return Duplicates();
      read.key_bytes.push_back(std::move(*bytes));
    }
    reads.push_back(std::move(read));
  }

  BatchGetItemResponse response;
  for (TableRead& read : reads) {
    const TableSchema& schema = read.store->schema();
    const ReadMode mode = read.keys->consistent_read ? ReadMode::kStrong : ReadMode::kEventual;
    CapacityMeter meter(schema.name);
    std::vector<Item>& items = response.responses[schema.name];
    for (std::size_t i = 0; i < read.key_bytes.size(); ++i) {
      auto loaded = LoadItem(read.store, read.key_bytes[i]);
      if (!loaded.ok()) return loaded.error();
      const std::int64_t size = loaded->has_value() ? (*loaded)->size : 0;
      const double units = ReadUnits(size, mode);  // each item rounds up on its own
      meter.AddRead("", true, units);
      read.store->usage().AddRead("", read.key_bytes[i].pk,
                                  read.keys->keys[i].at(schema.partition.name), units);
      if (loaded->has_value()) {
        items.push_back(read.projection ? read.projection->Apply((*loaded)->item)
                                        : std::move((*loaded)->item));
      }
    }
    if (auto rendered = meter.Render(request.return_consumed_capacity)) {
      response.consumed_capacity.push_back(std::move(*rendered));
    }
  }
  return response;
}

SimResult<BatchWriteItemResponse> Database::BatchWriteItem(const BatchWriteItemRequest& request) {
  if (request.request_items.empty()) return EmptyRequestItems();
  std::size_t total = 0;
  for (const auto& [table_name, writes] : request.request_items) {
    if (auto error = TableNameError(table_name)) return *error;
    total += writes.size();
  }
  if (total > kBatchWriteMaxItems) {
    return Error::Validation("Too many items requested for the BatchWriteItem call");
  }
  // Validate everything first: one bad request rejects the batch, and every table's parameters
  // are checked before any table is looked up (AWS's order).
  for (const auto& [table_name, writes] : request.request_items) {
    if (writes.empty()) {
      return Error::Validation(
          "1 validation error detected: Value '[]' at 'requestItems' failed to satisfy "
          "constraint: Map value must satisfy constraint: [Member must have length less than or "
          "equal to 25, Member must have length greater than or equal to 1]");
    }
    for (const WriteRequest& w : writes) {
      if (w.put_request.has_value() == w.delete_request.has_value()) {
        return Error::Validation(
            "Supplied WriteRequest must contain exactly one of PutRequest or DeleteRequest");
      }
      if (w.put_request && NestedTooDeep(*w.put_request)) {
        return Error::Validation(kNestingLimitMessage);
      }
      if (w.put_request && ItemSize(*w.put_request) > kMaxItemBytes) {
        return Error::Validation("Item size has exceeded the maximum allowed size");
      }
    }
  }
  std::vector<WritePlan> plans;
  plans.reserve(total);
  for (const auto& [table_name, writes] : request.request_items) {
    TableStore* store = Find(table_name);
    if (store == nullptr) return Error::ResourceNotFound();
    const TableSchema& schema = store->schema();
    std::set<std::pair<std::string, std::string>> seen;
    for (const WriteRequest& w : writes) {
      WritePlan plan;
      plan.store = store;
      SimResult<KeyBytes> key =
          w.put_request ? ItemKey(schema, *w.put_request) : RequestKey(schema, *w.delete_request);
      if (!key.ok()) return key.error();
      if (w.put_request) {
        if (SimStatus s = CheckIndexKeys(schema, *w.put_request); !s.ok()) return s.error();
        plan.new_item = &*w.put_request;
        plan.new_size = ItemSize(*w.put_request);
      }
      if (!seen.emplace(key->pk, key->sk).second) return Duplicates();
      plan.key = std::move(*key);
      plan.partition_value =
          (w.put_request ? *w.put_request : *w.delete_request).at(schema.partition.name);
      plans.push_back(std::move(plan));
    }
  }

  Transaction txn(db_.get());
  if (SimStatus s = txn.Begin(); !s.ok()) return s.error();
  for (WritePlan& plan : plans) {
    if (SimStatus s = LoadOldItem(&plan); !s.ok()) return s.error();
    if (SimStatus s = PlanAndApplyWrite(&plan, options_.item_collection_limit_bytes, NowMs());
        !s.ok()) {
      return s.error();
    }
  }
  if (SimStatus s = txn.Commit(); !s.ok()) return s.error();

  BatchWriteItemResponse response;
  std::map<std::string, CapacityMeter> meters;
  for (const WritePlan& plan : plans) {
    FinishWrite(plan);
    const std::string& name = plan.store->schema().name;
    MeterWrite(plan, &meters.try_emplace(name, name).first->second);
  }
  for (const auto& [name, meter] : meters) {
    if (auto rendered = meter.Render(request.return_consumed_capacity)) {
      response.consumed_capacity.push_back(std::move(*rendered));
    }
  }
  return response;
}

SimResult<LoadResult> Database::LoadItems(const std::string& table_name,
                                          const std::vector<Item>& items, std::size_t batch_size) {
  if (auto error = TableNameError(table_name)) return *error;
  TableStore* store = Find(table_name);
  if (store == nullptr) return Error::ResourceNotFound();
  const TableSchema& schema = store->schema();
  if (batch_size == 0) batch_size = 1;
  LoadResult result;
  std::vector<WritePlan> plans;
  plans.reserve(std::min(batch_size, items.size()));
  for (std::size_t begin = 0; begin < items.size(); begin += batch_size) {
    const std::size_t end = std::min(items.size(), begin + batch_size);
    plans.clear();
    for (std::size_t i = begin; i < end; ++i) {
      const Item& item = items[i];
      const std::int64_t size = ItemSize(item);
      if (size > kMaxItemBytes) {
        return Error::Validation("Item size has exceeded the maximum allowed size");
      }
      SimResult<KeyBytes> key = ItemKey(schema, item);
      if (!key.ok()) return key.error();
      if (SimStatus s = CheckIndexKeys(schema, item); !s.ok()) return s.error();
      WritePlan& plan = plans.emplace_back();
      plan.store = store;
      plan.key = std::move(*key);
      plan.partition_value = item.find(schema.partition.name)->second;
      plan.new_item = &item;
      plan.new_size = size;
    }
    Transaction txn(db_.get());
    if (SimStatus s = txn.Begin(); !s.ok()) return s.error();
    for (WritePlan& plan : plans) {
      if (SimStatus s = LoadOldItem(&plan); !s.ok()) return s.error();
      if (SimStatus s = PlanAndApplyWrite(&plan, options_.item_collection_limit_bytes, NowMs());
          !s.ok()) {
        return s.error();
      }
    }
    if (SimStatus s = txn.Commit(); !s.ok()) return s.error();
    for (const WritePlan& plan : plans) {
      FinishWrite(plan);
      result.write_units += plan.table_units;
      for (const UsageEvent& e : plan.usage) {
        if (e.index >= 0) result.write_units += e.units;
      }
    }
    result.items_written += static_cast<std::int64_t>(plans.size());
  }
  return result;
}

}  // namespace sim
