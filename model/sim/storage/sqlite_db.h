// The SQLite layer of the simulated table: a connection, cached prepared statements and a
// transaction guard. This is the only code in the project that includes sqlite3.h; everything
// above it sees only these RAII wrappers and SimStatus/SimResult results (SQLite failures become
// Error::Internal, "InternalServerError").
//
// A SqliteDb owns its connection and every Statement it prepared (statements are cached by
// their SQL text and live as long as the connection, so callers may keep Statement pointers).
// In memory when the path is empty; otherwise a file in WAL mode with synchronous=FULL, so a
// killed process never leaves half-applied writes. Not thread-safe: one caller at a time.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>

#include "model/sim/api/error.h"

struct sqlite3;
struct sqlite3_stmt;

namespace sim {

class SqliteDb;

// One prepared statement. Bind parameters are 1-based, columns 0-based (SQLite's convention).
// Blob/text views returned by Column* stay valid until the next Step or Reset.
class Statement {
 public:
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;
  ~Statement();

  // Binds copy nothing: the bytes must outlive the statement's next Reset.
  void BindBlob(int index, std::string_view bytes);
  void BindInt(int index, std::int64_t value);
  void BindText(int index, std::string_view text);
  // true when a row is available, false when done.
  [[nodiscard]] SimResult<bool> Step();
  // Runs a statement that returns no rows to completion, then resets it.
  [[nodiscard]] SimStatus Run();
  void Reset();

  std::string_view ColumnBlob(int column) const;
  std::string_view ColumnText(int column) const;
  std::int64_t ColumnInt(int column) const;
  bool ColumnIsNull(int column) const;

 private:
  friend class SqliteDb;
  Statement(SqliteDb* db, sqlite3_stmt* stmt) : db_(db), stmt_(stmt) {}
  SqliteDb* db_;
  sqlite3_stmt* stmt_;
};

// Resets a statement when the scope ends, so an early return never leaves it mid-step.
class StatementScope {
 public:
  explicit StatementScope(Statement* statement) : statement_(statement) {}
  StatementScope(const StatementScope&) = delete;
  StatementScope& operator=(const StatementScope&) = delete;
  ~StatementScope() { statement_->Reset(); }
  Statement* operator->() const { return statement_; }

 private:
  Statement* statement_;
};

// Rows handed to SqliteDb::InsertRows: `columns()` columns of `size()` rows, each a BLOB or an
// INTEGER. Views must stay valid until InsertRows returns.
class RowSource {
 public:
  struct Value {
    std::string_view blob;
    std::int64_t integer = 0;
    bool is_integer = false;
  };
  virtual ~RowSource() = default;
  virtual std::size_t size() const = 0;
  virtual Value Column(std::size_t row, int column) const = 0;
};

class SqliteDb {
 public:
  // path empty: a private in-memory database.
  [[nodiscard]] static SimResult<std::unique_ptr<SqliteDb>> Open(const std::string& path);
  SqliteDb(const SqliteDb&) = delete;
  SqliteDb& operator=(const SqliteDb&) = delete;
  ~SqliteDb();

  // Runs one or more statements without results (DDL, pragmas).
  [[nodiscard]] SimStatus Exec(const std::string& sql);
  // Prepares (or returns the cached) statement for this SQL text.
  [[nodiscard]] SimResult<Statement*> Prepare(const std::string& sql);
  // Drops cached statements whose SQL mentions `fragment` (used before dropping a table).
  void ForgetStatements(std::string_view fragment);

  // Runs `insert_sql`, an INSERT whose SELECT reads `FROM sim_rows(?1)` (columns c0..c7), over
  // every row of `rows` in order: one statement for all of them, so SQLite keeps its cursor
  // on the target B-tree between rows and appends rows that arrive in key order at its edge
  // without a fresh descent from the root.
  [[nodiscard]] SimStatus InsertRows(const std::string& insert_sql, const RowSource& rows);

  [[nodiscard]] SimStatus Begin();
  [[nodiscard]] SimStatus Commit();
  void Rollback();

  // The last SQLite error message, for Error::Internal.
  std::string LastError() const;

 private:
  explicit SqliteDb(sqlite3* db) : db_(db) {}
  sqlite3* db_;
  bool in_transaction_ = false;
  std::map<std::string, std::unique_ptr<Statement>, std::less<>> statements_;
  Statement* begin_ = nullptr;
  Statement* commit_ = nullptr;
  Statement* rollback_ = nullptr;
};

// Begins a transaction; rolls it back on destruction unless Commit() succeeded.
class Transaction {
 public:
  explicit Transaction(SqliteDb* db) : db_(db) {}
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;
  ~Transaction() {
    if (open_) db_->Rollback();
  }
  [[nodiscard]] SimStatus Begin() {
    SimStatus status = db_->Begin();
    open_ = status.ok();
    return status;
  }
  [[nodiscard]] SimStatus Commit() {
    SimStatus status = db_->Commit();
    if (status.ok()) open_ = false;
    return status;
  }
  void Rollback() {
    if (open_) db_->Rollback();
    open_ = false;
  }

 private:
  SqliteDb* db_;
  bool open_ = false;
};

}  // namespace sim
