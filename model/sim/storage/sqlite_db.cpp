// The SQLite wrappers (see storage.h). The only translation unit that includes sqlite3.h.
#include "model/sim/storage/sqlite_db.h"

#include <fmt/format.h>
#include <sqlite3.h>

#include <cassert>
#include <new>

namespace sim {

Statement::~Statement() { sqlite3_finalize(stmt_); }

void Statement::BindBlob(int index, std::string_view bytes) {
  // A zero-length blob must still be a blob (not NULL): pass a non-null pointer.
  static const char kEmpty = 0;
  int rc = sqlite3_bind_blob(stmt_, index, bytes.empty() ? &kEmpty : bytes.data(),
                             static_cast<int>(bytes.size()), SQLITE_STATIC);
  assert(rc == SQLITE_OK);
  (void)rc;
}

void Statement::BindInt(int index, std::int64_t value) {
  int rc = sqlite3_bind_int64(stmt_, index, value);
  assert(rc == SQLITE_OK);
  (void)rc;
}

void Statement::BindText(int index, std::string_view text) {
  int rc =
      sqlite3_bind_text(stmt_, index, text.data(), static_cast<int>(text.size()), SQLITE_STATIC);
  assert(rc == SQLITE_OK);
  (void)rc;
}

SimResult<bool> Statement::Step() {
  int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  return Error::Internal(fmt::format("SQLite step failed: {}", db_->LastError()));
}

SimStatus Statement::Run() {
  SimResult<bool> row = Step();
  Reset();
  if (!row.ok()) return row.error();
  return Ok{};
}

void Statement::Reset() {
  sqlite3_reset(stmt_);
  sqlite3_clear_bindings(stmt_);
}

std::string_view Statement::ColumnBlob(int column) const {
  const void* data = sqlite3_column_blob(stmt_, column);
  int size = sqlite3_column_bytes(stmt_, column);
  if (data == nullptr) return {};
  return std::string_view(static_cast<const char*>(data), static_cast<std::size_t>(size));
}

std::string_view Statement::ColumnText(int column) const {
  const unsigned char* data = sqlite3_column_text(stmt_, column);
  int size = sqlite3_column_bytes(stmt_, column);
  if (data == nullptr) return {};
  return std::string_view(reinterpret_cast<const char*>(data), static_cast<std::size_t>(size));
}

std::int64_t Statement::ColumnInt(int column) const { return sqlite3_column_int64(stmt_, column); }

bool Statement::ColumnIsNull(int column) const {
  return sqlite3_column_type(stmt_, column) == SQLITE_NULL;
}

namespace {

// sim_rows(source): an eponymous table-valued function over a RowSource passed with
// sqlite3_bind_pointer, for SqliteDb::InsertRows.
constexpr const char* kRowSourceType = "sim::RowSource";
constexpr int kRowColumns = 8;

struct RowsCursor {
  sqlite3_vtab_cursor base;
  const RowSource* source = nullptr;
  std::size_t row = 0;
};

int RowsConnect(sqlite3* db, void*, int, const char* const*, sqlite3_vtab** out, char**) {
  int rc =
      sqlite3_declare_vtab(db, "CREATE TABLE x(c0, c1, c2, c3, c4, c5, c6, c7, source HIDDEN)");
  if (rc != SQLITE_OK) return rc;
  auto* table = static_cast<sqlite3_vtab*>(sqlite3_malloc(sizeof(sqlite3_vtab)));
  if (table == nullptr) return SQLITE_NOMEM;
  *table = sqlite3_vtab{};
  *out = table;
  return SQLITE_OK;
}

int RowsDisconnect(sqlite3_vtab* table) {
  sqlite3_free(table);
  return SQLITE_OK;
}

int RowsBestIndex(sqlite3_vtab*, sqlite3_index_info* info) {
  // Only usable with source = ?: the rows come from the bound pointer.
  for (int i = 0; i < info->nConstraint; ++i) {
    const auto& c = info->aConstraint[i];
    if (c.iColumn == kRowColumns && c.op == SQLITE_INDEX_CONSTRAINT_EQ && c.usable) {
      info->aConstraintUsage[i].argvIndex = 1;
      info->aConstraintUsage[i].omit = 1;
      info->estimatedCost = 1;
      return SQLITE_OK;
    }
  }
  return SQLITE_CONSTRAINT;
}

int RowsOpen(sqlite3_vtab*, sqlite3_vtab_cursor** out) {
  auto* cursor = new (std::nothrow) RowsCursor();
  if (cursor == nullptr) return SQLITE_NOMEM;
  *out = &cursor->base;
  return SQLITE_OK;
}

int RowsClose(sqlite3_vtab_cursor* base) {
  delete reinterpret_cast<RowsCursor*>(base);
  return SQLITE_OK;
}

int RowsFilter(sqlite3_vtab_cursor* base, int, const char*, int argc, sqlite3_value** argv) {
  auto* cursor = reinterpret_cast<RowsCursor*>(base);
  cursor->source =
      argc > 0 ? static_cast<const RowSource*>(sqlite3_value_pointer(argv[0], kRowSourceType))
               : nullptr;
  cursor->row = 0;
  return SQLITE_OK;
}

int RowsNext(sqlite3_vtab_cursor* base) {
  ++reinterpret_cast<RowsCursor*>(base)->row;
  return SQLITE_OK;
}

int RowsEof(sqlite3_vtab_cursor* base) {
  auto* cursor = reinterpret_cast<RowsCursor*>(base);
  return cursor->source == nullptr || cursor->row >= cursor->source->size();
}

int RowsColumn(sqlite3_vtab_cursor* base, sqlite3_context* context, int column) {
  auto* cursor = reinterpret_cast<RowsCursor*>(base);
  if (column >= kRowColumns) {
    sqlite3_result_null(context);
    return SQLITE_OK;
  }
  RowSource::Value value = cursor->source->Column(cursor->row, column);
  if (value.is_integer) {
    sqlite3_result_int64(context, value.integer);
  } else {
    static const char kEmpty = 0;  // a zero-length blob, not NULL
    sqlite3_result_blob(context, value.blob.empty() ? &kEmpty : value.blob.data(),
                        static_cast<int>(value.blob.size()), SQLITE_STATIC);
  }
  return SQLITE_OK;
}

int RowsRowid(sqlite3_vtab_cursor* base, sqlite3_int64* rowid) {
  *rowid = static_cast<sqlite3_int64>(reinterpret_cast<RowsCursor*>(base)->row);
  return SQLITE_OK;
}

sqlite3_module MakeRowsModule() {
  sqlite3_module m{};
  m.iVersion = 0;
  m.xCreate = nullptr;  // eponymous only
  m.xConnect = RowsConnect;
  m.xBestIndex = RowsBestIndex;
  m.xDisconnect = RowsDisconnect;
  m.xDestroy = RowsDisconnect;
  m.xOpen = RowsOpen;
  m.xClose = RowsClose;
  m.xFilter = RowsFilter;
  m.xNext = RowsNext;
  m.xEof = RowsEof;
  m.xColumn = RowsColumn;
  m.xRowid = RowsRowid;
  return m;
}

const sqlite3_module kRowsModule = MakeRowsModule();

}  // namespace

SimStatus SqliteDb::InsertRows(const std::string& insert_sql, const RowSource& rows) {
  SimResult<Statement*> prepared = Prepare(insert_sql);
  if (!prepared.ok()) return prepared.error();
  sqlite3_stmt* stmt = (*prepared)->stmt_;
  int rc = sqlite3_bind_pointer(stmt, 1, const_cast<RowSource*>(&rows), kRowSourceType, nullptr);
  if (rc != SQLITE_OK) return Error::Internal(fmt::format("SQLite bind failed: {}", LastError()));
  return (*prepared)->Run();
}

SimResult<std::unique_ptr<SqliteDb>> SqliteDb::Open(const std::string& path) {
  // Memory statistics take a process-wide mutex on every SQLite allocation, which serializes
  // connections used on different threads (the checker builds its oracle beside the table).
  // Settable only before SQLite initializes; later calls are refused harmlessly.
  static const bool configured = [] {
    sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
    return true;
  }();
  (void)configured;
  sqlite3* raw = nullptr;
  const bool in_memory = path.empty();
  int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX;
  int rc = sqlite3_open_v2(in_memory ? ":memory:" : path.c_str(), &raw, flags, nullptr);
  if (rc != SQLITE_OK) {
    std::string message = raw ? sqlite3_errmsg(raw) : sqlite3_errstr(rc);
    sqlite3_close(raw);
    return Error::Internal(fmt::format("cannot open database '{}': {}", path, message));
  }
  std::unique_ptr<SqliteDb> db(new SqliteDb(raw));
  if (sqlite3_create_module_v2(raw, "sim_rows", &kRowsModule, nullptr, nullptr) != SQLITE_OK) {
    return Error::Internal(fmt::format("SQLite module registration failed: {}", db->LastError()));
  }
  // Durable files: WAL + synchronous=FULL means a commit survives a killed process and an
  // interrupted transaction is never visible. In memory, durability settings do not apply.
  std::string pragmas = in_memory ? "PRAGMA journal_mode=MEMORY; PRAGMA temp_store=MEMORY;"
                                  : "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;";
  pragmas += "PRAGMA cache_size=-65536;";
  if (SimStatus status = db->Exec(pragmas); !status.ok()) return status.error();
  SimResult<Statement*> begin = db->Prepare("BEGIN");
  SimResult<Statement*> commit = db->Prepare("COMMIT");
  SimResult<Statement*> rollback = db->Prepare("ROLLBACK");
  if (!begin.ok()) return begin.error();
  if (!commit.ok()) return commit.error();
  if (!rollback.ok()) return rollback.error();
  db->begin_ = *begin;
  db->commit_ = *commit;
  db->rollback_ = *rollback;
  return db;
}

SqliteDb::~SqliteDb() {
  if (in_transaction_) Rollback();
  statements_.clear();  // finalize before closing
  sqlite3_close(db_);
}

SimStatus SqliteDb::Exec(const std::string& sql) {
  char* message = nullptr;
  int rc = sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &message);
  if (rc != SQLITE_OK) {
    std::string text = message ? message : sqlite3_errstr(rc);
    sqlite3_free(message);
    return Error::Internal(fmt::format("SQLite error: {}", text));
  }
  return Ok{};
}

SimResult<Statement*> SqliteDb::Prepare(const std::string& sql) {
  auto it = statements_.find(sql);
  if (it != statements_.end()) return it->second.get();
  sqlite3_stmt* stmt = nullptr;
  int rc = sqlite3_prepare_v3(db_, sql.c_str(), static_cast<int>(sql.size()),
                              SQLITE_PREPARE_PERSISTENT, &stmt, nullptr);
  if (rc != SQLITE_OK) {
    return Error::Internal(fmt::format("SQLite prepare failed: {} ({})", LastError(), sql));
  }
  auto statement = std::unique_ptr<Statement>(new Statement(this, stmt));
  Statement* raw = statement.get();
  statements_.emplace(sql, std::move(statement));
  return raw;
}

void SqliteDb::ForgetStatements(std::string_view fragment) {
  for (auto it = statements_.begin(); it != statements_.end();) {
    if (it->first.find(fragment) != std::string::npos) {
      it = statements_.erase(it);
    } else {
      ++it;
    }
  }
}

SimStatus SqliteDb::Begin() {
  assert(!in_transaction_);
  if (SimStatus status = begin_->Run(); !status.ok()) return status;
  in_transaction_ = true;
  return Ok{};
}

SimStatus SqliteDb::Commit() {
  assert(in_transaction_);
  if (SimStatus status = commit_->Run(); !status.ok()) return status;
  in_transaction_ = false;
  return Ok{};
}

void SqliteDb::Rollback() {
  if (!in_transaction_) return;
  (void)rollback_->Run();
  in_transaction_ = false;
}

std::string SqliteDb::LastError() const { return sqlite3_errmsg(db_); }

}  // namespace sim
