// Denormalized copies under `model check` (model.h Attribute::copy): after an update of a
// parent changes a copied attribute, the dataset's and the oracle's children take the new value
// (the ERD says a copy is its source), and each child's item in the table must hold it.
#include <fmt/format.h>

#include "model/check/internal.h"
#include "model/exec/items.h"

namespace model::check {

namespace {

bool SameValue(const sim::Item& a, const std::string& an, const sim::Item& b,
               const std::string& bn) {
  auto x = a.find(an);
  auto y = b.find(bn);
  if ((x == a.end()) != (y == b.end())) return false;
  return x == a.end() || x->second == y->second;
}

std::string Shown(const sim::Item& item, const std::string& name) {
  return item.count(name) ? Natural(item, name) : std::string("absent");
}

}  // namespace

bool CopiedFrom(const Model& model, EntityId parent) {
  for (const CopyRef& copy : Copies(model)) {
    if (model.relationships[static_cast<std::size_t>(copy.relationship)].from == parent)
      return true;
  }
  return false;
}

void FollowCopies(Context& c, int w, const Record& before, const Record& after,
                  PatternCheck& result) {
  const WritePlan& plan = c.layout.writes[static_cast<std::size_t>(w)];
  const WritePattern& wp = c.model.write_patterns[static_cast<std::size_t>(plan.pattern_id)];
  const Entity& parent = c.entity(wp.entity);
  // What the ERD says, whatever the plan does: every copy of a changed source follows it.
  for (const CopyRef& copy : Copies(c.model)) {
    const Relationship& rel = c.model.relationships[static_cast<std::size_t>(copy.relationship)];
    if (rel.from != wp.entity) continue;
    const std::string& source = parent.attributes[static_cast<std::size_t>(copy.source)].name;
    if (SameValue(before.current(), source, after.current(), source)) continue;
    const Entity& child = c.entity(copy.entity);
    const std::string& target = child.attributes[static_cast<std::size_t>(copy.attribute)].name;
    auto& records = c.data.records[static_cast<std::size_t>(copy.entity)];
    for (std::size_t j = 0; j < records.size(); ++j) {
      if (c.deleted[static_cast<std::size_t>(copy.entity)][j]) continue;
      sim::Item& item = records[j].versions.back();
      bool mine = !rel.link.empty();
      for (std::size_t k = 0; k < rel.link.size() && k < parent.identifier.size(); ++k) {
        const std::string& link = child.attributes[static_cast<std::size_t>(rel.link[k])].name;
        const std::string& id =
            parent.attributes[static_cast<std::size_t>(parent.identifier[k])].name;
        mine = mine && item.count(link) && SameValue(item, link, after.current(), id);
      }
      if (!mine) continue;
      // An expired child is left out of every read, the fan-out's too: DynamoDB may still hold
      // it, with the old copy, until Time to Live deletes it.
      if (!child.ttl.empty()) {
        auto it = item.find(child.ttl);
        if (it != item.end() && exec::IsExpired(it->second, kCheckNowSeconds)) continue;
      }
      auto value = after.current().find(source);
      if (value == after.current().end()) {
        item.erase(target);
      } else {
        item[target] = value->second;
      }
      (void)c.oracle->Store(copy.entity, j, &records[j]);
      // The child's item as the table holds it now (a strongly consistent GetItem, not counted:
      // it inspects the table for the check).
      int main = -1;
      for (int t : c.layout.ItemTypesOf(copy.entity)) {
        if (c.layout.item_types[static_cast<std::size_t>(t)].role == ItemRole::kEntity) main = t;
      }
      if (main < 0) continue;
      auto key = exec::RenderItemKey(c.model, c.layout, main, records[j], 1);
      if (!key) continue;
      sim::GetItemRequest get;
      get.table_name = c.layout.table_name;
      get.key = *key;
      get.consistent_read = true;
      auto got = c.plane->GetItem(get);
      if (!got.ok()) continue;
      std::string identity;
      for (AttrId id : child.identifier) {
        const std::string& n = child.attributes[static_cast<std::size_t>(id)].name;
        identity += (identity.empty() ? "" : "/") + Natural(item, n);
      }
      if (!got->item) {
        result.failures.push_back(fmt::format(
            "{}: {} {} has no item in the table at the key its values make after its {} "
            "changed {}",
            wp.name, child.name, identity, parent.name, source));
        continue;
      }
      if (SameValue(*got->item, target, item, target)) continue;
      result.failures.push_back(fmt::format(
          "{}: {} {} holds {} = {} in the table, but it copies {}.{}, now {}", wp.name, child.name,
          identity, target, Shown(*got->item, target), parent.name, source, Shown(item, target)));
    }
  }
}

}  // namespace model::check
