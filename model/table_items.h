// Table items: a small, self-consistent set of whole items, typed as DynamoDB stores them.
//
// A value of the IR for the exports that carry data (`model export --to nosql-workbench`'s
// TableData and `--to mcp-json`'s items): model/check (TableItemsFor) fills it from the same
// synthetic data and the same item rendering `model check` uses, choosing a few whole
// partitions of the table and of each index so that the access patterns have something to
// find. Unlike model/sample_items.h (display text for documentation) nothing is shortened:
// every value is the stored value, so the items can be written to a table as they are.
// Deterministic for a model, layout and seed.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace model {

// One DynamoDB attribute value (the ten types of the wire format).
struct ItemValue {
  // Declared here and defaulted in table_items.cpp: `members` holds pairs of ItemValue, which
  // clang++ with libstdc++ cannot instantiate while ItemValue is incomplete otherwise.
  ItemValue();
  ItemValue(const ItemValue&);
  ItemValue(ItemValue&&) noexcept;
  ItemValue& operator=(const ItemValue&);
  ItemValue& operator=(ItemValue&&) noexcept;
  ~ItemValue();

  enum class Type { kS, kN, kB, kBool, kNull, kM, kL, kSS, kNS, kBS };
  Type type = Type::kNull;
  std::string scalar;                                      // S text, N canonical text, B raw bytes
  bool boolean = false;                                    // kBool
  std::vector<std::pair<std::string, ItemValue>> members;  // kM, in ascending name order
  std::vector<ItemValue> elements;                         // kL
  std::vector<std::string> set;                            // kSS, kNS, kBS (B members raw bytes)
};

// "S", "N", "B", "BOOL", "NULL", "M", "L", "SS", "NS", "BS".
const char* ItemValueTypeName(ItemValue::Type type);

struct TableItem {
  int item_type = -1;  // index into KeyLayout::item_types
  // In ascending attribute-name order, as DynamoDB returns them.
  std::vector<std::pair<std::string, ItemValue>> attributes;

  // The attribute, or nullptr.
  const ItemValue* Find(std::string_view name) const;
};

struct TableItems {
  std::vector<TableItem> items;  // in table-key order (partition key, then sort key)
};

}  // namespace model
