// The Database: opening, the table catalogue, control-plane operations, streams and statistics
// (see database.h). Item operations live in table_ops.cpp, query.cpp, scan.cpp, batch.cpp and
// transact.cpp.
#include "model/sim/engine/database.h"

#include <fmt/format.h>

#include <chrono>
#include <utility>

#include "model/sim/engine/database_meta.h"
#include "model/sim/engine/key_codec.h"
#include "model/sim/engine/table_store.h"
#include "model/sim/storage/sqlite_db.h"

namespace sim {

Database::Database(DatabaseOptions options, std::unique_ptr<SqliteDb> db)
    : options_(std::move(options)), db_(std::move(db)) {}

Database::~Database() = default;

SimResult<std::unique_ptr<Database>> Database::Open(DatabaseOptions options) {
  SimResult<std::unique_ptr<SqliteDb>> db = SqliteDb::Open(options.path);
  if (!db.ok()) return db.error();
  std::unique_ptr<Database> database(new Database(std::move(options), std::move(*db)));
  if (SimStatus s = database->LoadTables(); !s.ok()) return s.error();
  return database;
}

SimStatus Database::LoadTables() {
  if (SimStatus s = db_->Exec(
          "CREATE TABLE IF NOT EXISTS sim_tables(name TEXT PRIMARY KEY, id INTEGER NOT NULL, "
          "definition TEXT NOT NULL) WITHOUT ROWID");
      !s.ok()) {
    return s;
  }
  SimResult<Statement*> prepared = db_->Prepare("SELECT name, id, definition FROM sim_tables");
  if (!prepared.ok()) return prepared.error();
  std::vector<std::pair<std::int64_t, std::string>> rows;
  {
    StatementScope stmt(*prepared);
    while (true) {
      SimResult<bool> row = stmt->Step();
      if (!row.ok()) return row.error();
      if (!*row) break;
      rows.emplace_back(stmt->ColumnInt(1), std::string(stmt->ColumnText(2)));
    }
  }
  for (auto& [id, text] : rows) {
    SimResult<CatalogueEntry> entry = ParseDefinition(text);
    if (!entry.ok()) return entry.error();
    SimResult<TableSchema> schema = ValidateCreateTable(entry->definition);
    if (!schema.ok()) return Error::Internal("corrupt table catalogue: " + schema.error().message);
    SimResult<std::unique_ptr<TableStore>> store = TableStore::Open(
        db_.get(), std::move(*schema), id, /*create=*/false, std::move(entry->meta));
    if (!store.ok()) return store.error();
    (*store)->usage().set_enabled(options_.partition_usage);
    if (SimStatus s = (*store)->LoadCounters(); !s.ok()) return s;
    next_table_id_ = std::max(next_table_id_, id + 1);
    std::string name = (*store)->schema().name;
    tables_.emplace(std::move(name), std::move(*store));
  }
  return Ok{};
}

TableStore* Database::Find(const std::string& table_name) const {
  auto it = tables_.find(table_name);
  return it == tables_.end() ? nullptr : it->second.get();
}

std::int64_t Database::NowMs() const {
  if (options_.clock) return options_.clock();
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

TableDescription Database::Describe(TableStore* store) const {
  const TableSchema& schema = store->schema();
  const CreateTableRequest& def = schema.definition;
  TableDescription d;
  d.table_name = schema.name;
  d.attribute_definitions = def.attribute_definitions;
  d.key_schema = def.key_schema;
  d.stream_specification = def.stream_specification;
  d.billing_mode = def.billing_mode;
  d.provisioned_throughput = def.provisioned_throughput;
  d.creation_date_time_ms = store->meta().creation_ms;
  d.latest_stream_label = store->meta().stream_label;
  d.deletion_protection_enabled = store->meta().deletion_protection;
  if (d.latest_stream_label.empty() && schema.stream) {
    // Tables persisted before labels were recorded: a timestamp-shaped label derived from the
    // table's id, the same on every run.
    const std::int64_t id = store->id();
    d.latest_stream_label = fmt::format("2026-01-01T{:02}:{:02}:{:02}.{:03}", (id / 3600000) % 24,
                                        (id / 60000) % 60, (id / 1000) % 60, id % 1000);
  }
  d.item_count = store->table_counters().item_count;
  d.table_size_bytes = store->table_counters().size_bytes;
  for (std::size_t i = 0; i < schema.indexes.size(); ++i) {
    const IndexSchema& index = schema.indexes[i];
    const std::vector<SecondaryIndex>& source =
        index.global ? def.global_secondary_indexes : def.local_secondary_indexes;
    for (const SecondaryIndex& s : source) {
      if (s.index_name != index.name) continue;
      IndexDescription out{s.index_name,
                           s.key_schema,
                           s.projection,
                           store->index_counters()[i].item_count,
                           store->index_counters()[i].size_bytes,
                           "ACTIVE",
                           s.provisioned_throughput};
      (index.global ? d.global_secondary_indexes : d.local_secondary_indexes).push_back(out);
    }
  }
  return d;
}

SimResult<TableDescription> Database::CreateTable(const CreateTableRequest& request) {
  SimResult<TableSchema> schema = ValidateCreateTable(request);
  if (!schema.ok()) return schema.error();
  if (Find(request.table_name) != nullptr) {
    return Error{"ResourceInUseException",
                 fmt::format("Table already exists: {}", request.table_name),
                 std::nullopt,
                 {}};
  }
  if (std::optional<Error> e = CheckTags(request.tags)) return *e;
  const std::int64_t id = next_table_id_;
  TableMeta meta;
  meta.tags = MergeTags({}, request.tags);
  if (std::optional<Error> e = CheckTagCount(meta.tags.size())) return *e;
  meta.deletion_protection = request.deletion_protection_enabled;
  meta.creation_ms = NowMs();
  if (schema->stream) meta.stream_label = StreamLabelAt(meta.creation_ms);
  Transaction txn(db_.get());
  if (SimStatus s = txn.Begin(); !s.ok()) return s.error();
  {
    SimResult<Statement*> insert =
        db_->Prepare("INSERT INTO sim_tables(name, id, definition) VALUES(?1, ?2, ?3)");
    if (!insert.ok()) return insert.error();
    std::string definition = SerializeDefinition(request, meta);
    (*insert)->BindText(1, request.table_name);
    (*insert)->BindInt(2, id);
    (*insert)->BindText(3, definition);
    if (SimStatus s = (*insert)->Run(); !s.ok()) return s.error();
  }
  SimResult<std::unique_ptr<TableStore>> store =
      TableStore::Open(db_.get(), std::move(*schema), id, /*create=*/true, std::move(meta));
  if (!store.ok()) return store.error();
  (*store)->usage().set_enabled(options_.partition_usage);
  if (SimStatus s = txn.Commit(); !s.ok()) {
    db_->ForgetStatements(fmt::format(" t{}_", id));
    return s.error();
  }
  next_table_id_ = id + 1;
  TableStore* raw = store->get();
  tables_.emplace(request.table_name, std::move(*store));
  return Describe(raw);
}

SimStatus Database::SaveCatalogue(const std::string& table_name,
                                  const CreateTableRequest& definition, const TableMeta& meta) {
  SimResult<Statement*> update =
      db_->Prepare("UPDATE sim_tables SET definition = ?2 WHERE name = ?1");
  if (!update.ok()) return update.error();
  std::string text = SerializeDefinition(definition, meta);
  (*update)->BindText(1, table_name);
  (*update)->BindText(2, text);
  return (*update)->Run();
}

SimResult<TableDescription> Database::DeleteTable(const std::string& table_name) {
  if (auto message = CheckTableName(table_name)) return Error::Validation(*message);
  TableStore* store = Find(table_name);
  if (store == nullptr) return Error::ResourceNotFound();
  // https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/WorkingWithTables.Basics.html#WorkingWithTables.Basics.DeletionProtection
  if (store->meta().deletion_protection) {
    return Error::Validation(
        "Resource cannot be deleted as it is currently protected against deletion. Disable "
        "deletion protection first.");
  }
  TableDescription description = Describe(store);
  description.table_status = "DELETING";
  Transaction txn(db_.get());
  if (SimStatus s = txn.Begin(); !s.ok()) return s.error();
  {
    SimResult<Statement*> remove = db_->Prepare("DELETE FROM sim_tables WHERE name = ?1");
    if (!remove.ok()) return remove.error();
    (*remove)->BindText(1, table_name);
    if (SimStatus s = (*remove)->Run(); !s.ok()) return s.error();
  }
  if (SimStatus s = store->Drop(); !s.ok()) return s.error();
  if (SimStatus s = txn.Commit(); !s.ok()) return s.error();
  tables_.erase(table_name);
  return description;
}

SimResult<TableDescription> Database::DescribeTable(const std::string& table_name) {
  if (auto message = CheckTableName(table_name)) return Error::Validation(*message);
  TableStore* store = Find(table_name);
  if (store == nullptr) return Error::ResourceNotFound();
  return Describe(store);
}

ListTablesResponse Database::ListTables() const {
  ListTablesResponse out;
  for (const auto& [name, store] : tables_) out.table_names.push_back(name);
  return out;
}

SimResult<ReadStreamResult> Database::ReadStream(const std::string& table_name,
                                                 std::int64_t after_sequence,
                                                 std::size_t max_records) {
  TableStore* store = Find(table_name);
  if (store == nullptr) return Error::ResourceNotFound();
  if (!store->schema().stream) {
    return Error::Validation(fmt::format("Table {} has no stream enabled", table_name));
  }
  SimResult<std::vector<StreamRecord>> records = store->ReadStream(after_sequence, max_records);
  if (!records.ok()) return records.error();
  ReadStreamResult out;
  out.records = std::move(*records);
  out.next_after_sequence =
      out.records.empty() ? after_sequence : out.records.back().sequence_number;
  return out;
}

SimResult<std::vector<PartitionUsage>> Database::PartitionUsages(
    const std::string& table_name) const {
  TableStore* store = Find(table_name);
  if (store == nullptr) return Error::ResourceNotFound();
  return store->usage().Partitions();
}

}  // namespace sim
