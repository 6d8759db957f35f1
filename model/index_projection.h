// The non-key attributes an INCLUDE index holds, as the simulated table (model/exec/items.cpp
// CreateTableRequest) and every export (codegen/export) declare it: the layout's list
// (IndexLayout::projected_attributes: what the reads need, with _type and the TTL attribute),
// then _type when missing, and _version / _latest only when the table holds a versioned entity's
// items (history items, ItemRole::kHistory), which carry them. DynamoDB counts each against its
// 100 projected attributes per table
// (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/ServiceQuotas.html), as E248
// does (model/derive/items.cpp).
#pragma once

#include <algorithm>
#include <string>
#include <vector>

#include "model/layout.h"

namespace model {

// True when the layout has a versioned entity's history items (so items carry _version/_latest).
inline bool HasVersionedItems(const KeyLayout& layout) {
  return std::any_of(layout.item_types.begin(), layout.item_types.end(),
                     [](const ItemType& t) { return t.role == ItemRole::kHistory; });
}

// `index`'s INCLUDE NonKeyAttributes, in the order above (no duplicates).
inline std::vector<std::string> IncludeNonKeyAttributes(const KeyLayout& layout,
                                                        const IndexLayout& index) {
  std::vector<std::string> out = index.projected_attributes;
  std::vector<const char*> computed = {kTypeAttribute};
  if (HasVersionedItems(layout)) {
    computed.push_back(kVersionAttribute);
    computed.push_back(kLatestAttribute);
  }
  for (const char* a : computed)
    if (std::find(out.begin(), out.end(), a) == out.end()) out.push_back(a);
  return out;
}

}  // namespace model
