// The simulated DynamoDB: an in-process engine with DynamoDB's data-plane semantics on SQLite.
//
// A Database owns one SQLite connection (in memory, or a file that survives a restart: tables,
// items, indexes and stream records are all persisted) and the tables in it. Each operation
// mirrors the DynamoDB API call of the same name: it takes the request struct and returns
// SimResult<response>, with AWS's exception names and exact messages (error.h), validation in
// AWS's order, and ConsumedCapacity computed as AWS documents (capacity.h). Every operation is
// one SQLite transaction: it applies in full or not at all.
//
// Beyond DynamoDB's API, the model checker gets: LoadItems (validating every item like PutItem
// but committing per batch), StartBulkLoad/FinishBulkLoad (all items of an initial load written
// in key order in one transaction, bulk_load.h), per-partition usage (read/write units per
// partition key of the table and each index), and ReadStream (change records).
//
// Also the control plane beyond it (TableAdmin, model/sim/api/table_admin.h): UpdateTable (GSIs
// added with a synchronous backfill or removed, billing mode and throughput, the stream turned
// on or off) and Time to Live, whose expired items ExpireItems deletes (`model serve` calls it
// periodically; DynamoDB's own sweep runs in the background within days).
//
// Time comes from DatabaseOptions::clock (tests inject a fixed one): table creation times,
// stream labels and TTL expiry.
//
// Implements DataPlane (model/sim/api/data_plane.h). Not thread-safe: callers serialize access
// (the wire adapter holds a mutex).
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "model/sim/api/batch.h"
#include "model/sim/api/capacity.h"
#include "model/sim/api/data_plane.h"
#include "model/sim/api/error.h"
#include "model/sim/api/item_ops.h"
#include "model/sim/api/query.h"
#include "model/sim/api/stream.h"
#include "model/sim/api/table_admin.h"
#include "model/sim/api/table_schema.h"
#include "model/sim/api/transact.h"
#include "model/sim/api/value.h"
#include "model/sim/engine/bulk_load.h"

namespace sim {

class SqliteDb;
class TableStore;
struct TableMeta;
struct WritePlan;

struct DatabaseOptions {
  std::string path;  // empty: in memory
  // The LSI item collection cap (DynamoDB: 10 GB); tests lower it to exercise the limit.
  std::int64_t item_collection_limit_bytes = std::int64_t{10} * 1024 * 1024 * 1024;
  // Keep per-partition usage (PartitionUsages). Off, every partition's counters are skipped:
  // for callers that never ask, it saves a map entry per partition written or read.
  bool partition_usage = true;
  // The current time in milliseconds since the Unix epoch; empty: the system clock.
  std::function<std::int64_t()> clock;
};

class Database final : public DataPlane, public TableAdmin {
 public:
  [[nodiscard]] static SimResult<std::unique_ptr<Database>> Open(DatabaseOptions options = {});
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;
  ~Database() override;

  // Control plane. Tables are ACTIVE at once.
  [[nodiscard]] SimResult<TableDescription> CreateTable(const CreateTableRequest& request) override;
  [[nodiscard]] SimResult<TableDescription> DeleteTable(const std::string& table_name) override;
  [[nodiscard]] SimResult<TableDescription> DescribeTable(const std::string& table_name) override;
  ListTablesResponse ListTables() const override;

  // UpdateTable and Time to Live (table_admin.h; update_table.cpp, ttl.cpp).
  [[nodiscard]] SimResult<TableDescription> UpdateTable(const UpdateTableRequest& request) override;
  [[nodiscard]] SimResult<TimeToLiveSpecification> UpdateTimeToLive(
      const std::string& table_name, const TimeToLiveSpecification& specification) override;
  [[nodiscard]] SimResult<TimeToLiveDescription> DescribeTimeToLive(
      const std::string& table_name) override;
  // Tags, deletion protection and point-in-time recovery settings (resources.cpp).
  [[nodiscard]] SimStatus TagResource(const std::string& table_name,
                                      const std::vector<Tag>& tags) override;
  [[nodiscard]] SimStatus UntagResource(const std::string& table_name,
                                        const std::vector<std::string>& keys) override;
  [[nodiscard]] SimResult<std::vector<Tag>> ListTagsOfResource(
      const std::string& table_name) override;
  [[nodiscard]] SimResult<ContinuousBackupsDescription> DescribeContinuousBackups(
      const std::string& table_name) override;
  [[nodiscard]] SimResult<ContinuousBackupsDescription> UpdateContinuousBackups(
      const std::string& table_name,
      const PointInTimeRecoverySpecification& specification) override;
  // Deletes the items whose TTL attribute has passed (by the clock) in every table with TTL
  // enabled, as DynamoDB's TTL process does: no capacity consumed, and a REMOVE stream record
  // whose user identity is the DynamoDB service. Returns the number of items deleted.
  [[nodiscard]] SimResult<std::int64_t> ExpireItems();

  // Single-item operations.
  [[nodiscard]] SimResult<PutItemResponse> PutItem(const PutItemRequest& request) override;
  [[nodiscard]] SimResult<GetItemResponse> GetItem(const GetItemRequest& request) override;
  [[nodiscard]] SimResult<UpdateItemResponse> UpdateItem(const UpdateItemRequest& request) override;
  [[nodiscard]] SimResult<DeleteItemResponse> DeleteItem(const DeleteItemRequest& request) override;

  // Reads of many items.
  [[nodiscard]] SimResult<QueryResponse> Query(const QueryRequest& request) override;
  [[nodiscard]] SimResult<ScanResponse> Scan(const ScanRequest& request) override;

  // Batches and transactions.
  [[nodiscard]] SimResult<BatchGetItemResponse> BatchGetItem(
      const BatchGetItemRequest& request) override;
  [[nodiscard]] SimResult<BatchWriteItemResponse> BatchWriteItem(
      const BatchWriteItemRequest& request) override;
  [[nodiscard]] SimResult<TransactWriteItemsResponse> TransactWriteItems(
      const TransactWriteItemsRequest& request) override;
  [[nodiscard]] SimResult<TransactGetItemsResponse> TransactGetItems(
      const TransactGetItemsRequest& request) override;

  // Bulk load: every item is validated and written exactly as an unconditional PutItem
  // (capacity and usage included); `batch_size` items are committed per SQLite transaction.
  // Stops at the first invalid item; the batches before it stay committed.
  [[nodiscard]] SimResult<LoadResult> LoadItems(const std::string& table_name,
                                                const std::vector<Item>& items,
                                                std::size_t batch_size = 1000);
  // A bulk load into `table_name` (bulk_load.h), which must exist (ResourceNotFoundException)
  // and hold no items (ValidationException).
  [[nodiscard]] SimResult<BulkLoad> StartBulkLoad(const std::string& table_name);
  // Writes every item added to `load` in one transaction: all of them, or none on an error.
  // The table must still be the one the load started on, and still empty.
  [[nodiscard]] SimResult<LoadResult> FinishBulkLoad(BulkLoad load);

  // Change records with sequence numbers > after_sequence, at most max_records of them.
  // ValidationException when the table has no stream enabled.
  [[nodiscard]] SimResult<ReadStreamResult> ReadStream(const std::string& table_name,
                                                       std::int64_t after_sequence,
                                                       std::size_t max_records) override;

  // Units consumed per partition since the table was created, for the table
  // (index_name empty) and each index; includes failed conditional writes. Ordered by index
  // name, then partition key bytes. Empty when DatabaseOptions::partition_usage is off.
  [[nodiscard]] SimResult<std::vector<PartitionUsage>> PartitionUsages(
      const std::string& table_name) const;

 private:
  Database(DatabaseOptions options, std::unique_ptr<SqliteDb> db);
  [[nodiscard]] SimStatus LoadTables();
  TableStore* Find(const std::string& table_name) const;
  TableDescription Describe(TableStore* store) const;
  std::int64_t NowMs() const;
  // The TTL deletions of one table at `now_seconds` (ttl.cpp).
  [[nodiscard]] SimResult<std::int64_t> ExpireTable(TableStore* store, std::int64_t now_seconds);
  // Rewrites the catalogue row of `store` with `meta` and adopts it (in its own transaction).
  [[nodiscard]] SimStatus SaveMeta(TableStore* store, TableMeta meta);
  // Rewrites the catalogue row of `store` (inside the caller's transaction).
  [[nodiscard]] SimStatus SaveCatalogue(const std::string& table_name,
                                        const CreateTableRequest& definition,
                                        const TableMeta& meta);

  // TransactWriteItems' ClientRequestToken (idempotency.cpp): the check before a transaction
  // runs (a replay's answer, or nothing to run it), and the record after it succeeded.
  [[nodiscard]] std::optional<SimResult<TransactWriteItemsResponse>> ReplayTransaction(
      const TransactWriteItemsRequest& request);
  void RecordTransaction(const TransactWriteItemsRequest& request);

  struct TokenUse {
    std::vector<TransactWriteItem> transact_items;
    std::int64_t completed_ms = 0;
  };

  DatabaseOptions options_;
  std::unique_ptr<SqliteDb> db_;
  // Tokens of the transactions of the last 10 minutes, in memory only (a restarted server
  // forgets them, as a request older than its window would be).
  std::map<std::string, TokenUse> transaction_tokens_;
  std::map<std::string, std::unique_ptr<TableStore>> tables_;
  std::int64_t next_table_id_ = 1;

  friend class WriteEngine;
};

}  // namespace sim
