// Sample items for `model docs`: a few partitions of the table and of each index, holding the
// very items `model check` loads (the same synthesis, seed and item rendering).
//
// Per index (the table first, then each GSI by number): the items that carry the index's keys,
// with the index's projection applied, grouped by partition key. One partition is shown per
// partition-key shape (the key template of the partition's first item), preferring partitions
// that hold the most item types (item collections); at most kSamplePartitions partitions and
// kSampleItems items each, in sort-key order. Deterministic for a model, layout and options.
#pragma once

#include "model/check/check.h"
#include "model/layout.h"
#include "model/model.h"
#include "model/sample_items.h"

namespace model::check {

inline constexpr int kSamplePartitions = 6;
inline constexpr int kSampleItems = 5;
inline constexpr std::size_t kSampleValueChars = 40;  // longer values are shortened

// Uses options.items and options.seed only.
SampleItems SampleItemsFor(const Model& model, const KeyLayout& layout,
                           const CheckOptions& options);

}  // namespace model::check
