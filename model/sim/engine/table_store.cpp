// SQL of one simulated table (see table_store.h).
#include "model/sim/engine/table_store.h"

#include <fmt/format.h>

#include <utility>

#include "model/sim/storage/codec.h"

namespace sim {

TableStore::TableStore(SqliteDb* db, TableSchema schema, std::int64_t id)
    : db_(db), schema_(std::move(schema)), id_(id), prefix_(fmt::format("t{}", id)) {
  index_counters_.resize(schema_.indexes.size());
}

std::string TableStore::IndexTable(std::size_t index) const {
  return fmt::format("{}_ix{}", prefix_, meta_.index_slots[index]);
}

namespace {

std::string IndexDdl(const std::string& table) {
  return fmt::format(
      "CREATE TABLE IF NOT EXISTS {}(ipk BLOB NOT NULL, isk BLOB NOT NULL, pk BLOB NOT NULL, sk "
      "BLOB NOT NULL, size INTEGER NOT NULL, item BLOB NOT NULL, PRIMARY KEY(ipk, isk, pk, sk)) "
      "WITHOUT ROWID;",
      table);
}

std::string StreamDdl(const std::string& prefix) {
  return fmt::format(
      "CREATE TABLE IF NOT EXISTS {}_stream(seq INTEGER PRIMARY KEY, event INTEGER NOT NULL, view "
      "INTEGER NOT NULL, keys BLOB NOT NULL, old BLOB, new BLOB, size INTEGER NOT NULL, created "
      "INTEGER NOT NULL DEFAULT 0);",
      prefix);
}

}  // namespace

SimResult<std::unique_ptr<TableStore>> TableStore::Open(SqliteDb* db, TableSchema schema,
                                                        std::int64_t id, bool create,
                                                        TableMeta meta) {
  std::unique_ptr<TableStore> store(new TableStore(db, std::move(schema), id));
  if (meta.index_slots.size() != store->schema_.indexes.size()) {
    meta.index_slots.clear();
    for (std::size_t i = 0; i < store->schema_.indexes.size(); ++i) {
      meta.index_slots.push_back(static_cast<int>(i));
    }
  }
  store->meta_ = std::move(meta);
  if (create) {
    std::string ddl = fmt::format(
        "CREATE TABLE {0}_items(pk BLOB NOT NULL, sk BLOB NOT NULL, size INTEGER NOT NULL, "
        "item BLOB NOT NULL, PRIMARY KEY(pk, sk)) WITHOUT ROWID;",
        store->prefix_);
    for (std::size_t i = 0; i < store->schema_.indexes.size(); ++i) {
      ddl += IndexDdl(store->IndexTable(i));
    }
    if (store->schema_.stream) ddl += StreamDdl(store->prefix_);
    if (SimStatus status = db->Exec(ddl); !status.ok()) return status.error();
  } else if (store->schema_.stream) {
    if (SimStatus status = store->UpgradeStreamTable(); !status.ok()) return status.error();
  }
  if (SimStatus status = store->Prepare(); !status.ok()) return status.error();
  return store;
}

SimStatus TableStore::CreateIndexSlot(int slot) {
  return db_->Exec(IndexDdl(fmt::format("{}_ix{}", prefix_, slot)));
}

SimStatus TableStore::DropIndexSlot(int slot) {
  return db_->Exec(fmt::format("DROP TABLE IF EXISTS {}_ix{};", prefix_, slot));
}

SimStatus TableStore::EnsureStreamTable() { return UpgradeStreamTable(); }

// The stream table, created when missing. One written before records carried their time lacks
// the `created` column: it is added, and those records read as created with the table
// (ReadStream).
SimStatus TableStore::UpgradeStreamTable() {
  if (SimStatus s = db_->Exec(StreamDdl(prefix_)); !s.ok()) return s;
  SimResult<Statement*> prepared =
      db_->Prepare(fmt::format("SELECT COUNT(*) FROM pragma_table_info('{}_stream') WHERE name = "
                               "'created'",
                               prefix_));
  if (!prepared.ok()) return prepared.error();
  bool present = false;
  {
    StatementScope stmt(*prepared);
    SimResult<bool> row = stmt->Step();
    if (!row.ok()) return row.error();
    present = *row && stmt->ColumnInt(0) > 0;
  }
  if (present) return Ok{};
  db_->ForgetStatements(prefix_ + "_stream");
  return db_->Exec(
      fmt::format("ALTER TABLE {}_stream ADD COLUMN created INTEGER NOT NULL DEFAULT 0;", prefix_));
}

SimStatus TableStore::ClearStream() {
  return db_->Exec(fmt::format("DELETE FROM {}_stream;", prefix_));
}

void TableStore::ForgetStatements() {
  range_statements_.clear();
  db_->ForgetStatements(" " + prefix_ + "_");
}

SimStatus TableStore::Prepare() {
  auto prepare = [&](const std::string& sql, Statement** out) -> SimStatus {
    SimResult<Statement*> stmt = db_->Prepare(sql);
    if (!stmt.ok()) return stmt.error();
    *out = *stmt;
    return Ok{};
  };
  SimStatus s = prepare(
      fmt::format("SELECT item, size FROM {}_items WHERE pk = ?1 AND sk = ?2", prefix_), &get_);
  if (s.ok()) {
    s = prepare(fmt::format("INSERT OR REPLACE INTO {}_items(pk, sk, size, item) "
                            "VALUES(?1, ?2, ?3, ?4)",
                            prefix_),
                &put_);
  }
  if (s.ok()) {
    s = prepare(fmt::format("DELETE FROM {}_items WHERE pk = ?1 AND sk = ?2", prefix_), &delete_);
  }
  index_put_.assign(schema_.indexes.size(), nullptr);
  index_delete_.assign(schema_.indexes.size(), nullptr);
  for (std::size_t i = 0; s.ok() && i < schema_.indexes.size(); ++i) {
    s = prepare(fmt::format("INSERT OR REPLACE INTO {}(ipk, isk, pk, sk, size, item) "
                            "VALUES(?1, ?2, ?3, ?4, ?5, ?6)",
                            IndexTable(i)),
                &index_put_[i]);
    if (s.ok()) {
      s = prepare(fmt::format("DELETE FROM {} WHERE ipk = ?1 AND isk = ?2 AND pk = ?3 AND sk = ?4",
                              IndexTable(i)),
                  &index_delete_[i]);
    }
  }
  return s;
}

SimResult<std::optional<StoredRow>> TableStore::Get(std::string_view pk, std::string_view sk) {
  StatementScope stmt(get_);
  stmt->BindBlob(1, pk);
  stmt->BindBlob(2, sk);
  SimResult<bool> row = stmt->Step();
  if (!row.ok()) return row.error();
  if (!*row) return std::optional<StoredRow>();
  return std::optional<StoredRow>(StoredRow{std::string(stmt->ColumnBlob(0)), stmt->ColumnInt(1)});
}

SimStatus TableStore::Put(std::string_view pk, std::string_view sk, std::string_view item,
                          std::int64_t size) {
  put_->BindBlob(1, pk);
  put_->BindBlob(2, sk);
  put_->BindInt(3, size);
  put_->BindBlob(4, item);
  return put_->Run();
}

SimStatus TableStore::InsertItems(const RowSource& rows) {
  return db_->InsertRows(
      fmt::format(
          "INSERT INTO {}_items(pk, sk, size, item) SELECT c0, c1, c2, c3 FROM sim_rows(?1)",
          prefix_),
      rows);
}

SimStatus TableStore::InsertIndexEntries(std::size_t index, const RowSource& rows) {
  return db_->InsertRows(fmt::format("INSERT INTO {}(ipk, isk, pk, sk, size, item) "
                                     "SELECT c0, c1, c2, c3, c4, c5 FROM sim_rows(?1)",
                                     IndexTable(index)),
                         rows);
}

SimStatus TableStore::Delete(std::string_view pk, std::string_view sk) {
  delete_->BindBlob(1, pk);
  delete_->BindBlob(2, sk);
  return delete_->Run();
}

SimStatus TableStore::PutIndex(std::size_t index, std::string_view ipk, std::string_view isk,
                               std::string_view pk, std::string_view sk, std::string_view item,
                               std::int64_t size) {
  Statement* stmt = index_put_[index];
  stmt->BindBlob(1, ipk);
  stmt->BindBlob(2, isk);
  stmt->BindBlob(3, pk);
  stmt->BindBlob(4, sk);
  stmt->BindInt(5, size);
  stmt->BindBlob(6, item);
  return stmt->Run();
}

SimStatus TableStore::DeleteIndex(std::size_t index, std::string_view ipk, std::string_view isk,
                                  std::string_view pk, std::string_view sk) {
  Statement* stmt = index_delete_[index];
  stmt->BindBlob(1, ipk);
  stmt->BindBlob(2, isk);
  stmt->BindBlob(3, pk);
  stmt->BindBlob(4, sk);
  return stmt->Run();
}

SimResult<std::int64_t> TableStore::CollectionSize(std::string_view pk) {
  std::string sql =
      fmt::format("SELECT COALESCE(SUM(size), 0) FROM {}_items WHERE pk = ?1", prefix_);
  std::vector<std::string> statements{sql};
  for (std::size_t i = 0; i < schema_.indexes.size(); ++i) {
    if (schema_.indexes[i].global) continue;
    statements.push_back(
        fmt::format("SELECT COALESCE(SUM(size), 0) FROM {} WHERE ipk = ?1", IndexTable(i)));
  }
  std::int64_t total = 0;
  for (const std::string& text : statements) {
    SimResult<Statement*> prepared = db_->Prepare(text);
    if (!prepared.ok()) return prepared.error();
    StatementScope stmt(*prepared);
    stmt->BindBlob(1, pk);
    SimResult<bool> row = stmt->Step();
    if (!row.ok()) return row.error();
    total += stmt->ColumnInt(0);
  }
  return total;
}

SimResult<Statement*> TableStore::RangeStatement(const RangeSpec& spec) {
  // The statement depends only on the shape of the range: look it up by that, without
  // building its SQL text again (a Query's fixed cost).
  const std::uint64_t shape =
      (static_cast<std::uint64_t>(spec.index + 1) << 16) | (spec.partition ? 1u : 0u) |
      (spec.lower ? 2u : 0u) | (spec.lower && spec.lower->inclusive ? 4u : 0u) |
      (spec.upper ? 8u : 0u) | (spec.upper && spec.upper->inclusive ? 16u : 0u) |
      (spec.forward ? 32u : 0u) | (static_cast<std::uint64_t>(spec.start_after.size()) << 8);
  if (auto cached = range_statements_.find(shape); cached != range_statements_.end()) {
    return cached->second;
  }
  SimResult<Statement*> built = BuildRangeStatement(spec);
  if (built.ok()) range_statements_.emplace(shape, *built);
  return built;
}

SimResult<Statement*> TableStore::BuildRangeStatement(const RangeSpec& spec) {
  const bool is_index = spec.index >= 0;
  std::string table =
      is_index ? IndexTable(static_cast<std::size_t>(spec.index)) : prefix_ + "_items";
  // The columns RangeRow expects: a Query (one partition) does not read the partition key.
  std::string columns;
  if (spec.partition) {
    columns = is_index ? "isk, pk, sk, size, item" : "sk, size, item";
  } else {
    columns = is_index ? "ipk, isk, pk, sk, size, item" : "pk, sk, size, item";
  }
  std::vector<std::string> order;
  if (!spec.partition) order.push_back(is_index ? "ipk" : "pk");
  if (is_index) {
    order.insert(order.end(), {"isk", "pk", "sk"});
  } else {
    order.push_back("sk");
  }
  const std::string sort_col = is_index ? "isk" : "sk";
  std::vector<std::string> where;
  if (spec.partition) where.push_back(is_index ? "ipk = ?" : "pk = ?");
  if (spec.lower)
    where.push_back(fmt::format("{} {} ?", sort_col, spec.lower->inclusive ? ">=" : ">"));
  if (spec.upper)
    where.push_back(fmt::format("{} {} ?", sort_col, spec.upper->inclusive ? "<=" : "<"));
  if (!spec.start_after.empty()) {
    std::string lhs, rhs;
    for (std::size_t i = 0; i < spec.start_after.size(); ++i) {
      lhs += (i ? ", " : "") + order[i];
      rhs += i ? ", ?" : "?";
    }
    if (spec.start_after.size() == 1) {
      where.push_back(fmt::format("{} {} ?", lhs, spec.forward ? ">" : "<"));
    } else {
      where.push_back(fmt::format("({}) {} ({})", lhs, spec.forward ? ">" : "<", rhs));
    }
  }
  std::string sql = fmt::format("SELECT {} FROM {}", columns, table);
  for (std::size_t i = 0; i < where.size(); ++i) sql += (i ? " AND " : " WHERE ") + where[i];
  for (std::size_t i = 0; i < order.size(); ++i) {
    sql += (i ? ", " : " ORDER BY ") + order[i] + (spec.forward ? " ASC" : " DESC");
  }
  return db_->Prepare(sql);
}

SimStatus TableStore::AppendStream(const StreamRecord& record) {
  SimResult<Statement*> prepared = db_->Prepare(fmt::format(
      "INSERT INTO {}_stream(seq, event, view, keys, old, new, size, created) VALUES(?1, ?2, ?3, "
      "?4, ?5, ?6, ?7, ?8)",
      prefix_));
  if (!prepared.ok()) return prepared.error();
  Statement* stmt = *prepared;
  std::string keys = EncodeItem(record.keys);
  std::string old_bytes = record.old_image ? EncodeItem(*record.old_image) : std::string();
  std::string new_bytes = record.new_image ? EncodeItem(*record.new_image) : std::string();
  stmt->BindInt(1, record.sequence_number);
  // The event column: the StreamEventName, plus 8 for Time to Live deletions.
  stmt->BindInt(2, static_cast<int>(record.event_name) | (record.service_removal ? 8 : 0));
  stmt->BindInt(3, static_cast<int>(record.stream_view_type));
  stmt->BindBlob(4, keys);
  if (record.old_image) stmt->BindBlob(5, old_bytes);
  if (record.new_image) stmt->BindBlob(6, new_bytes);
  stmt->BindInt(7, record.size_bytes);
  stmt->BindInt(8, record.creation_ms);
  return stmt->Run();
}

SimResult<std::vector<StreamRecord>> TableStore::ReadStream(std::int64_t after_sequence,
                                                            std::size_t max_records) {
  SimResult<Statement*> prepared = db_->Prepare(fmt::format(
      "SELECT seq, event, view, keys, old, new, size, created FROM {}_stream WHERE seq > ?1 ORDER "
      "BY seq "
      "LIMIT ?2",
      prefix_));
  if (!prepared.ok()) return prepared.error();
  StatementScope stmt(*prepared);
  stmt->BindInt(1, after_sequence);
  stmt->BindInt(2, static_cast<std::int64_t>(max_records));
  std::vector<StreamRecord> out;
  while (true) {
    SimResult<bool> row = stmt->Step();
    if (!row.ok()) return row.error();
    if (!*row) break;
    StreamRecord record;
    record.sequence_number = stmt->ColumnInt(0);
    record.event_name = static_cast<StreamEventName>(stmt->ColumnInt(1) & 7);
    record.service_removal = (stmt->ColumnInt(1) & 8) != 0;
    record.stream_view_type = static_cast<StreamViewType>(stmt->ColumnInt(2));
    SimResult<Item> keys = DecodeItem(stmt->ColumnBlob(3));
    if (!keys.ok()) return keys.error();
    record.keys = std::move(*keys);
    for (int column : {4, 5}) {
      if (stmt->ColumnIsNull(column)) continue;
      SimResult<Item> image = DecodeItem(stmt->ColumnBlob(column));
      if (!image.ok()) return image.error();
      (column == 4 ? record.old_image : record.new_image) = std::move(*image);
    }
    record.size_bytes = stmt->ColumnInt(6);
    record.creation_ms = stmt->ColumnInt(7);
    if (record.creation_ms == 0) record.creation_ms = meta_.creation_ms;  // see UpgradeStreamTable
    out.push_back(std::move(record));
  }
  return out;
}

SimStatus TableStore::Drop() {
  ForgetStatements();
  std::string ddl = fmt::format("DROP TABLE IF EXISTS {}_items;", prefix_);
  for (std::size_t i = 0; i < schema_.indexes.size(); ++i) {
    ddl += fmt::format("DROP TABLE IF EXISTS {};", IndexTable(i));
  }
  ddl += fmt::format("DROP TABLE IF EXISTS {}_stream;", prefix_);
  return db_->Exec(ddl);
}

SimStatus TableStore::LoadCounters() {
  auto count = [&](const std::string& table, Counters* out) -> SimStatus {
    SimResult<Statement*> prepared =
        db_->Prepare(fmt::format("SELECT COUNT(*), COALESCE(SUM(size), 0) FROM {}", table));
    if (!prepared.ok()) return prepared.error();
    StatementScope stmt(*prepared);
    SimResult<bool> row = stmt->Step();
    if (!row.ok()) return row.error();
    out->item_count = stmt->ColumnInt(0);
    out->size_bytes = stmt->ColumnInt(1);
    return Ok{};
  };
  if (SimStatus s = count(prefix_ + "_items", &table_counters_); !s.ok()) return s;
  for (std::size_t i = 0; i < schema_.indexes.size(); ++i) {
    if (SimStatus s = count(IndexTable(i), &index_counters_[i]); !s.ok()) return s;
  }
  if (schema_.stream) {
    SimResult<Statement*> prepared =
        db_->Prepare(fmt::format("SELECT COALESCE(MAX(seq), 0) FROM {}_stream", prefix_));
    if (!prepared.ok()) return prepared.error();
    StatementScope stmt(*prepared);
    SimResult<bool> row = stmt->Step();
    if (!row.ok()) return row.error();
    next_sequence_ = stmt->ColumnInt(0) + 1;
  }
  return Ok{};
}

}  // namespace sim
