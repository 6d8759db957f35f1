#include "model/aggregate_rules.h"

#include <algorithm>

namespace model {

bool ApplicationMakesItems(const Model& model, EntityId into) {
  return std::any_of(
      model.write_patterns.begin(), model.write_patterns.end(),
      [&](const WritePattern& w) { return w.entity == into && w.kind != WriteKind::kUpdate; });
}

const Attribute* AttributeAggregatesLeaveOut(const Model& model, EntityId into) {
  const Entity& en = model.entities[static_cast<std::size_t>(into)];
  for (std::size_t i = 0; i < en.attributes.size(); ++i) {
    auto id = static_cast<AttrId>(i);
    if (!en.attributes[i].required) continue;
    bool written = std::find(en.identifier.begin(), en.identifier.end(), id) != en.identifier.end();
    for (const AggregateDecl& a : model.aggregates) {
      if (a.into != into) continue;
      for (const AggregateValue& v : a.values) written = written || v.target == id;
    }
    if (!written) return &en.attributes[i];
  }
  return nullptr;
}

}  // namespace model
