// Sparse facets: a facet (ItemRole::kFacet) whose every index view is sparse exists only while
// the entity's values meet the `only_when` of one of its index keys. An entity in none of its
// views has no such item, so no write of one either (docs/key-design.md, section 4):
// - a create puts it only when the new values meet a condition;
// - an update that sets an attribute a condition tests plans a kPut of it: the executor puts it
//   when the new values meet a condition and deletes it otherwise;
// - an update of what it copies plans a kUpdate: done only when the values meet a condition (the
//   condition cannot change, so otherwise the item is absent);
// - a delete deletes it, which is a no-op when it is absent.
// Pure functions of the ItemType, so every phase (derive, exec, cost, check, reports) reads the
// same rule from the layout; no field of its own.
#pragma once

#include <algorithm>

#include "model/layout.h"

namespace model {

inline bool IsSparseFacet(const ItemType& t) {
  return t.role == ItemRole::kFacet && !t.index_keys.empty() &&
         std::all_of(t.index_keys.begin(), t.index_keys.end(),
                     [](const IndexKeys& k) { return !k.only_when.empty(); });
}

}  // namespace model
