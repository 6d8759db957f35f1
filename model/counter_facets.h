// The facets a counter's draw keeps in step (layout.h CounterDraw): the parent's facet item types
// (ItemRole::kFacet) that store the count, a copy of the main item each for another index slot.
// The draw's UpdateItem changes the main item only; each of these is then set to the drawn count,
// a request of its own conditioned on holding a smaller count (or none), so a late one never
// takes a count back. A pure function of the layout, so derive's reports, cost and exec agree.
#pragma once

#include <algorithm>
#include <vector>

#include "model/layout.h"

namespace model {

// The item types (KeyLayout::item_types ids, in order) of `draw.parent`'s facets storing
// `draw.source`.
inline std::vector<int> CounterFacets(const KeyLayout& layout, const CounterDraw& draw) {
  std::vector<int> out;
  for (std::size_t t = 0; t < layout.item_types.size(); ++t) {
    const ItemType& it = layout.item_types[t];
    if (it.entity != draw.parent || it.role != ItemRole::kFacet) continue;
    if (std::find(it.attributes.begin(), it.attributes.end(), draw.source) != it.attributes.end())
      out.push_back(static_cast<int>(t));
  }
  return out;
}

}  // namespace model
