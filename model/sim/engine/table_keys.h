// Internal to model/sim: validation and encoding of table and index keys, with AWS's messages
// (shared/dynamodb-reference.md 1.1, 1.9, 1.12).
//
// ItemKey checks the key attributes inside a whole item (PutItem, BatchWrite puts,
// TransactWrite puts); RequestKey checks a Key parameter (GetItem, DeleteItem, UpdateItem, ...),
// which must hold exactly the key attributes. IndexKeyOf derives an item's entry key in a
// secondary index: nothing when the item lacks an index key attribute (sparse index), an error
// when the attribute has the wrong type, is empty or is too long.
#pragma once

#include <optional>
#include <string>

#include "model/sim/api/error.h"
#include "model/sim/api/table_schema.h"
#include "model/sim/api/value.h"

namespace sim {

constexpr std::int64_t kMaxPartitionKeyBytes = 2048;
constexpr std::int64_t kMaxSortKeyBytes = 1024;
constexpr std::int64_t kMaxItemBytes = 400 * 1024;

struct KeyBytes {
  std::string pk;
  std::string sk;  // empty when the table has no sort key
  friend bool operator==(const KeyBytes&, const KeyBytes&) = default;
};

[[nodiscard]] SimResult<KeyBytes> ItemKey(const TableSchema& schema, const Item& item);
[[nodiscard]] SimResult<KeyBytes> RequestKey(const TableSchema& schema, const Item& key);

// The key attributes of `item` (which must carry them).
Item KeyOf(const TableSchema& schema, const Item& item);

// Validates the index key attributes of a whole item (types, emptiness, sizes) for every index.
[[nodiscard]] SimStatus CheckIndexKeys(const TableSchema& schema, const Item& item);

// The entry key of `item` in `index`, or nullopt when the item is not in the index (sparse).
// The item must already have passed CheckIndexKeys.
std::optional<KeyBytes> IndexKeyOf(const IndexSchema& index, const Item& item);

}  // namespace sim
