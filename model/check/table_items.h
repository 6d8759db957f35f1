// Table items for the exports: a few whole partitions of the table and of each index, holding
// the very items `model check` loads (the same synthesis, seed and item rendering).
//
// Synthesizes `options.items` records (each entity gets at least a couple of dozen, see
// synth.h), renders every item type's items, then keeps, for the table and for each index, one
// partition per partition-key shape (the one holding the most item types; ties go to the
// smaller key) with at most kTablePartitionItems of its items in sort-key order, plus the first
// item of any item type not yet present. The union comes out in table-key order. Values are
// whole (nothing shortened), so the items can be written to a table unchanged.
#pragma once

#include "model/check/check.h"
#include "model/layout.h"
#include "model/model.h"
#include "model/table_items.h"

namespace model::check {

inline constexpr int kTablePartitionItems = 4;
inline constexpr std::int64_t kTableItemsRecords = 200;  // synthetic records the exports draw on

// Uses options.items and options.seed only.
TableItems TableItemsFor(const Model& model, const KeyLayout& layout, const CheckOptions& options);

}  // namespace model::check
