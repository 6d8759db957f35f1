// Loading many items into an empty table at once: the model checker's initial load.
//
// Database::StartBulkLoad(table) returns a BulkLoad. Add validates each item exactly as an
// unconditional PutItem does (AWS's errors and messages) and plans its write against the items
// added before it, so a repeated key replaces the earlier item with PutItem's capacity, index
// changes and stream record. An item that fails is not added; the load stays usable. Nothing is
// stored until Database::FinishBulkLoad, which writes the table and then each index in key
// order, all in one SQLite transaction (every item or none), and only then counts the items,
// their capacity and per-partition usage into the table.
//
// Why: SQLite fills a B-tree several times faster when rows arrive in key order (each insert
// lands at the right edge of the tree) than in arrival order, where every insert is a fresh
// descent to a random leaf and a page split somewhere in the middle.
#pragma once

#include <cstdint>
#include <memory>

#include "model/sim/api/error.h"
#include "model/sim/api/value.h"

namespace sim {

class BulkLoad {
 public:
  BulkLoad(BulkLoad&&) noexcept;
  BulkLoad& operator=(BulkLoad&&) noexcept;
  ~BulkLoad();

  // Validates `item` as PutItem would and adds it to the load (it is copied).
  [[nodiscard]] SimStatus Add(const Item& item);
  // Items added so far (a repeated key counts each time, as each PutItem does).
  std::int64_t items() const;

 private:
  friend class Database;
  struct State;
  explicit BulkLoad(std::unique_ptr<State> state);
  std::unique_ptr<State> state_;
};

}  // namespace sim
