// Internal to model/sim: the SQLite tables behind one simulated DynamoDB table.
//
// Layout, all WITHOUT ROWID and keyed by order-preserving key bytes (key_codec), so SQLite's
// memcmp BLOB order is DynamoDB's order:
//   <prefix>_items(pk, sk, size, item)               primary key (pk, sk)
//   <prefix>_ix<n>(ipk, isk, pk, sk, size, item)     primary key (ipk, isk, pk, sk), one per index;
//                                                    n is the index's slot (TableMeta::index_slots)
//   <prefix>_stream(seq INTEGER PRIMARY KEY, event, keys, old, new)   when streams are enabled
// A missing sort key is stored as the empty blob. `size` is the DynamoDB item size (of the
// projected entry for index rows); `item` is storage_codec's encoding.
//
// TableStore runs single statements; the caller owns the surrounding SQLite transaction.
// It also carries the table's in-memory counters (item count and bytes per table and index,
// per-partition usage, the next stream sequence number), which callers update only after a
// successful commit.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "model/sim/api/capacity.h"
#include "model/sim/api/error.h"
#include "model/sim/api/stream.h"
#include "model/sim/api/table_schema.h"
#include "model/sim/engine/database_meta.h"
#include "model/sim/storage/sqlite_db.h"

namespace sim {

struct StoredRow {
  std::string item_bytes;
  std::int64_t size = 0;
};

// One row read by a range scan. Columns are read from SQLite only when asked for; the views
// point into SQLite's row buffer and are valid only during the visit call that receives the row.
// A Query's rows leave out the partition key column (it is the one queried: `partition`).
class RangeRow {
 public:
  RangeRow(const Statement* stmt, bool is_index, const std::string* partition)
      : stmt_(stmt), partition_(partition) {
    int c = 0;
    if (is_index) {
      ipk_ = partition ? -1 : c++;
      isk_ = c++;
      pk_ = c++;
    } else {
      pk_ = partition ? -1 : c++;
    }
    sk_ = c++;
    size_ = c++;
    item_ = c++;
  }
  std::string_view ipk() const { return Column(ipk_); }
  std::string_view isk() const { return isk_ < 0 ? std::string_view() : Column(isk_); }
  std::string_view pk() const { return Column(pk_); }
  std::string_view sk() const { return Column(sk_); }
  std::int64_t size() const { return stmt_->ColumnInt(size_); }
  std::string_view item_bytes() const { return Column(item_); }

 private:
  std::string_view Column(int c) const {
    if (c >= 0) return stmt_->ColumnBlob(c);
    return partition_ ? std::string_view(*partition_) : std::string_view();
  }
  const Statement* stmt_;
  const std::string* partition_;
  int ipk_ = -1, isk_ = -1, pk_ = -1, sk_ = -1, size_ = -1, item_ = -1;
};

// Bounds of a range read within one partition (or over the whole table for scans).
struct RangeBound {
  std::string bytes;
  bool inclusive = true;
};

struct RangeSpec {
  int index = -1;  // -1: the table; otherwise the position in TableSchema::indexes
  std::optional<std::string> partition;    // Query: the partition's key bytes; Scan: nullopt
  std::optional<RangeBound> lower, upper;  // on the sort key (isk for indexes, sk for the table)
  // Exclusive start, as the full ordering tuple after the partition: (sk) for the table,
  // (isk, pk, sk) for an index; for scans the tuple also leads with the partition key.
  std::vector<std::string> start_after;
  bool forward = true;
  bool sort_equality = false;  // the key condition is `sk = :v`
};

struct Counters {
  std::int64_t item_count = 0;
  std::int64_t size_bytes = 0;
};

class TableStore {
 public:
  // Creates the SQL tables (when `create`) and prepares the statements. `meta.index_slots`
  // (filled with the positions when empty) names each index's SQL table.
  [[nodiscard]] static SimResult<std::unique_ptr<TableStore>> Open(SqliteDb* db, TableSchema schema,
                                                                   std::int64_t id, bool create,
                                                                   TableMeta meta = {});
  const TableSchema& schema() const { return schema_; }
  std::int64_t id() const { return id_; }
  const TableMeta& meta() const { return meta_; }
  TableMeta& mutable_meta() { return meta_; }

  // UpdateTable's storage steps (the caller owns the transaction): an index's SQL table created
  // empty or dropped, by slot; the stream table created when missing, or emptied (a re-enabled
  // stream starts empty).
  [[nodiscard]] SimStatus CreateIndexSlot(int slot);
  [[nodiscard]] SimStatus DropIndexSlot(int slot);
  [[nodiscard]] SimStatus EnsureStreamTable();
  [[nodiscard]] SimStatus ClearStream();
  // Forgets every prepared statement of this table (before it is replaced or dropped).
  void ForgetStatements();

  [[nodiscard]] SimResult<std::optional<StoredRow>> Get(std::string_view pk, std::string_view sk);
  [[nodiscard]] SimStatus Put(std::string_view pk, std::string_view sk, std::string_view item,
                              std::int64_t size);
  [[nodiscard]] SimStatus Delete(std::string_view pk, std::string_view sk);
  [[nodiscard]] SimStatus PutIndex(std::size_t index, std::string_view ipk, std::string_view isk,
                                   std::string_view pk, std::string_view sk, std::string_view item,
                                   std::int64_t size);
  [[nodiscard]] SimStatus DeleteIndex(std::size_t index, std::string_view ipk, std::string_view isk,
                                      std::string_view pk, std::string_view sk);
  // Bulk writes (BulkLoad) of rows in key order, through SqliteDb::InsertRows: the table's
  // rows are (pk, sk, size, item), an index's (ipk, isk, pk, sk, size, item).
  [[nodiscard]] SimStatus InsertItems(const RowSource& rows);
  [[nodiscard]] SimStatus InsertIndexEntries(std::size_t index, const RowSource& rows);
  // Bytes of the item collection of one partition key: table items plus LSI entries.
  [[nodiscard]] SimResult<std::int64_t> CollectionSize(std::string_view pk);

  // Reads rows in order; `visit` returns false to stop. Rows are decoded lazily by the caller.
  template <typename Visit>
  [[nodiscard]] SimStatus Range(const RangeSpec& spec, Visit&& visit);

  [[nodiscard]] SimStatus AppendStream(const StreamRecord& record);
  [[nodiscard]] SimResult<std::vector<StreamRecord>> ReadStream(std::int64_t after_sequence,
                                                                std::size_t max_records);
  // Drops the SQL tables and forgets their statements.
  [[nodiscard]] SimStatus Drop();
  // Recomputes the counters and the next stream sequence number from the stored rows.
  [[nodiscard]] SimStatus LoadCounters();

  Counters& table_counters() { return table_counters_; }
  std::vector<Counters>& index_counters() { return index_counters_; }
  UsageStats& usage() { return usage_; }
  std::int64_t next_sequence() const { return next_sequence_; }
  void set_next_sequence(std::int64_t seq) { next_sequence_ = seq; }

 private:
  TableStore(SqliteDb* db, TableSchema schema, std::int64_t id);
  [[nodiscard]] SimStatus Prepare();
  // The stream table, created when missing, with the `created` column added when an earlier
  // version wrote it without.
  [[nodiscard]] SimStatus UpgradeStreamTable();
  [[nodiscard]] SimResult<Statement*> RangeStatement(const RangeSpec& spec);
  [[nodiscard]] SimResult<Statement*> BuildRangeStatement(const RangeSpec& spec);
  std::string IndexTable(std::size_t index) const;

  SqliteDb* db_;
  TableSchema schema_;
  std::int64_t id_;
  TableMeta meta_;
  std::string prefix_;
  Statement* get_ = nullptr;
  Statement* put_ = nullptr;
  Statement* delete_ = nullptr;
  std::vector<Statement*> index_put_;
  std::vector<Statement*> index_delete_;
  std::unordered_map<std::uint64_t, Statement*> range_statements_;  // by range shape
  Counters table_counters_;
  std::vector<Counters> index_counters_;
  UsageStats usage_;
  std::int64_t next_sequence_ = 1;
};

template <typename Visit>
SimStatus TableStore::Range(const RangeSpec& spec, Visit&& visit) {
  SimResult<Statement*> prepared = RangeStatement(spec);
  if (!prepared.ok()) return prepared.error();
  StatementScope stmt(*prepared);
  int arg = 1;
  if (spec.partition) stmt->BindBlob(arg++, *spec.partition);
  if (spec.lower) stmt->BindBlob(arg++, spec.lower->bytes);
  if (spec.upper) stmt->BindBlob(arg++, spec.upper->bytes);
  for (const std::string& part : spec.start_after) stmt->BindBlob(arg++, part);
  const RangeRow row(*prepared, spec.index >= 0, spec.partition ? &*spec.partition : nullptr);
  while (true) {
    SimResult<bool> step = stmt->Step();
    if (!step.ok()) return step.error();
    if (!*step) break;
    if (!visit(row)) break;
  }
  return Ok{};
}

}  // namespace sim
