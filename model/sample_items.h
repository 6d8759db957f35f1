// Sample items: what a few partitions of the table and of each index hold, for documentation.
//
// A value of the IR: model/check (SampleItemsFor) fills it from the same synthetic data and the
// same item rendering `model check` uses; codegen/docs shows it the way NoSQL Workbench's
// aggregate view does (rows are items, grouped by partition; the key attributes first, then the
// others). Values are display text already: scalars as stored, documents and sets in a compact
// JSON-like form, long values shortened with "...". Deterministic for a model, layout and seed.
#pragma once

#include <string>
#include <utility>
#include <vector>

namespace model {

struct SampleItem {
  // Attribute name -> display text; the index's partition and sort key first, then the table's
  // keys (in an index), then the type label and the other attributes in the item's order.
  std::vector<std::pair<std::string, std::string>> attributes;
  std::string item_type;  // ItemType::name
};

struct SamplePartition {
  std::string key;                // the partition key value
  std::vector<SampleItem> items;  // in sort-key order
  bool more = false;              // the partition holds more items than are shown
};

struct SampleIndex {
  int index = 0;              // 0 = the table, n = IndexLayout::number
  std::string name;           // "table" or "GSI1"
  std::string partition_key;  // "PK", "GSI1PK"
  std::string sort_key;       // "SK", "GSI1SK"
  std::vector<SamplePartition> partitions;
};

struct SampleItems {
  std::vector<SampleIndex> indexes;  // the table first, then each index by number
};

}  // namespace model
