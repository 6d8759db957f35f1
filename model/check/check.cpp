#include "model/check/check.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <set>
#include <thread>

#include "model/aggregate_rules.h"
#include "model/check/also.h"
#include "model/check/conditions.h"
#include "model/check/internal.h"
#include "model/cost.h"
#include "model/entity_keys.h"
#include "model/exec/aggregates.h"
#include "model/exec/items.h"
#include "model/exec/values.h"
#include "model/hot_partitions.h"
#include "model/sim/api/number.h"
#include "model/sparse_facet.h"

namespace model::check {

std::string IdentityOf(const Entity& en, const sim::Item& item) {
  std::string key;
  for (AttrId id : en.identifier)
    key += Natural(item, en.attributes[static_cast<std::size_t>(id)].name) + "\x1f";
  return key;
}

std::string IdentityText(const Entity& en, const sim::Item& item) {
  std::string text;
  for (AttrId id : en.identifier) {
    const std::string& name = en.attributes[static_cast<std::size_t>(id)].name;
    text += fmt::format("{}{} = {}", text.empty() ? "" : ", ", name, Natural(item, name));
  }
  return text;
}

// Identities of every record of `e` ever made, so that a new identifier is never one an item had:
// records are only added, and an update that changes an identifier (W002) adds its new identity.
std::unordered_set<std::string>& TakenIdentities(Context& c, EntityId e) {
  const Entity& en = c.entity(e);
  const auto& records = c.data.records[static_cast<std::size_t>(e)];
  auto& taken = c.identities[static_cast<std::size_t>(e)];
  for (std::size_t& seen = c.identities_seen[static_cast<std::size_t>(e)]; seen < records.size();
       ++seen) {
    taken.insert(IdentityOf(en, records[seen].current()));
  }
  return taken;
}

namespace {

bool IsId(const Entity& e, AttrId a) {
  return std::find(e.identifier.begin(), e.identifier.end(), a) != e.identifier.end();
}

// Attributes of `e` that hold a link to another entity.
std::set<std::string> LinkAttributes(const Model& m, EntityId e) {
  std::set<std::string> out;
  const Entity& en = m.entities[static_cast<std::size_t>(e)];
  for (const auto& r : m.relationships) {
    bool many = r.cardinality == Cardinality::kManyToMany;
    EntityId holder = many ? r.through.value_or(-1) : r.to;
    if (holder != e) continue;
    for (AttrId a : r.link) out.insert(en.attributes[static_cast<std::size_t>(a)].name);
    for (AttrId a : r.link_to) out.insert(en.attributes[static_cast<std::size_t>(a)].name);
    if (r.Polymorphic()) out.insert(en.attributes[static_cast<std::size_t>(r.kind)].name);
  }
  return out;
}

// A new record's parent through each polymorphic association of `e` whose kind or link is part
// of its identifier (so varying it varies the identity): a live-or-not record of any parent
// entity, its entity's name in the kind and its identifier in the link, so the two always agree.
// Returns the attributes set.
std::set<std::string> PickPolymorphicParents(Context& c, EntityId e, sim::Item& item) {
  std::set<std::string> set;
  const Entity& en = c.entity(e);
  for (const Relationship& r : c.model.relationships) {
    if (!r.Polymorphic() || r.to != e || r.from != r.parents.front()) continue;
    bool identifying = IsId(en, r.kind) || std::any_of(r.link.begin(), r.link.end(),
                                                       [&](AttrId a) { return IsId(en, a); });
    if (!identifying) continue;
    std::vector<std::pair<EntityId, std::size_t>> candidates;
    for (EntityId p : r.parents) {
      const auto& records = c.data.records[static_cast<std::size_t>(p)];
      for (std::size_t i = 0; i < records.size(); ++i) candidates.emplace_back(p, i);
    }
    if (candidates.empty()) continue;
    auto [p, i] = candidates[c.rng.Below(candidates.size())];
    const Entity& parent = c.entity(p);
    const sim::Item& chosen = c.data.records[static_cast<std::size_t>(p)][i].current();
    const std::string& kind = en.attributes[static_cast<std::size_t>(r.kind)].name;
    item[kind] = sim::AttributeValue::S(parent.name);
    set.insert(kind);
    for (std::size_t k = 0; k < r.link.size() && k < parent.identifier.size(); ++k) {
      auto it = chosen.find(parent.attributes[static_cast<std::size_t>(parent.identifier[k])].name);
      if (it == chosen.end()) continue;
      const std::string& name = en.attributes[static_cast<std::size_t>(r.link[k])].name;
      item[name] = it->second;
      set.insert(name);
    }
  }
  return set;
}

std::vector<std::size_t> Live(const Context& c, EntityId e) {
  std::vector<std::size_t> out;
  const auto& del = c.deleted[static_cast<std::size_t>(e)];
  for (std::size_t i = 0; i < del.size(); ++i) {
    if (!del[i]) out.push_back(i);
  }
  return out;
}

// The entity holding `r`'s links: `to`, or `through` for an M:N.
EntityId HolderOf(const Relationship& r) {
  return r.cardinality == Cardinality::kManyToMany ? r.through.value_or(-1) : r.to;
}

// The parent a record of `e` names in `r`: its link values' natural texts, joined (for a parent
// record, its identifier values in the link's order).
std::string ParentKey(const Entity& en, const std::vector<AttrId>& attrs, const sim::Item& item) {
  std::string key;
  for (AttrId a : attrs)
    key += Natural(item, en.attributes[static_cast<std::size_t>(a)].name) + "\x1f";
  return key;
}

// The parent a record of `e` names in `r`: ParentKey of its link, after the kind's value (the
// parent's entity name) for a polymorphic association, whose parent the two name together.
std::string LinkKey(const Entity& en, const Relationship& r, const sim::Item& item) {
  std::string key;
  if (r.Polymorphic())
    key = Natural(item, en.attributes[static_cast<std::size_t>(r.kind)].name) + "\x1f";
  return key + ParentKey(en, r.link, item);
}

// True when `item` links to a parent that already has `r`'s bound of children (ChildBound: one
// for a 1:1, `max`) among the live records `live` of `e`, `r`'s holder.
bool ParentFull(const Context& c, EntityId e, const Relationship& r, const sim::Item& item,
                const std::vector<std::size_t>& live) {
  const std::int64_t bound = ChildBound(r);
  if (bound == 0) return false;
  const Entity& en = c.entity(e);
  const auto& records = c.data.records[static_cast<std::size_t>(e)];
  // A polymorphic association's relationship for one parent entity holds only the children
  // whose kind names that entity.
  if (r.Polymorphic() &&
      Natural(item, en.attributes[static_cast<std::size_t>(r.kind)].name) != c.entity(r.from).name)
    return false;
  const std::string parent = LinkKey(en, r, item);
  std::int64_t n = 0;
  for (std::size_t i : live) n += LinkKey(en, r, records[i].current()) == parent ? 1 : 0;
  return n >= bound;
}

// True when `item` links to a parent that is full in any bounded relationship holding `e`.
bool FullParent(const Context& c, EntityId e, const sim::Item& item,
                const std::vector<std::size_t>& live) {
  return std::any_of(
      c.model.relationships.begin(), c.model.relationships.end(),
      [&](const Relationship& r) { return HolderOf(r) == e && ParentFull(c, e, r, item, live); });
}

// The live records of `r`'s `from` with fewer than its bound of children among the live records
// `live` of `e`, `r`'s holder.
std::vector<std::size_t> ParentsWithRoom(const Context& c, EntityId e, const Relationship& r,
                                         const std::vector<std::size_t>& live) {
  const Entity& en = c.entity(e);
  const Entity& parent = c.entity(r.from);
  const auto& records = c.data.records[static_cast<std::size_t>(e)];
  std::map<std::string, std::int64_t> children;
  for (std::size_t i : live) ++children[LinkKey(en, r, records[i].current())];
  std::vector<AttrId> ids(
      parent.identifier.begin(),
      parent.identifier.begin() +
          static_cast<std::ptrdiff_t>(std::min(r.link.size(), parent.identifier.size())));
  std::vector<std::size_t> out;
  for (std::size_t p : Live(c, r.from)) {
    auto it = children.find(
        (r.Polymorphic() ? parent.name + "\x1f" : std::string()) +
        ParentKey(parent, ids, c.data.records[static_cast<std::size_t>(r.from)][p].current()));
    if (it == children.end() || it->second < ChildBound(r)) out.push_back(p);
  }
  return out;
}

// Points `item`'s links of `r` (a record of `r`'s holder `en`) at `parent`'s identifier values
// (and its kind at `from`, for a polymorphic association).
void LinkTo(const Entity& en, const Entity& from, const Relationship& r, const sim::Item& parent,
            sim::Item& item) {
  for (std::size_t k = 0; k < r.link.size() && k < from.identifier.size(); ++k) {
    auto it = parent.find(from.attributes[static_cast<std::size_t>(from.identifier[k])].name);
    if (it != parent.end())
      item[en.attributes[static_cast<std::size_t>(r.link[k])].name] = it->second;
  }
  // A polymorphic association's kind names the parent's entity with the link.
  if (r.Polymorphic())
    item[en.attributes[static_cast<std::size_t>(r.kind)].name] = sim::AttributeValue::S(from.name);
}

// Points `item`, a new or updated record of `e` (an update: only groups whose attributes are all in
// `may_set`, the pattern's, when given and not empty), at a live `into` item of each aggregate over
// `e` kept by UpdateItem ADD on items the application makes (KeptByAdd, ApplicationMakesItems): its
// update is conditioned on the item's existence, so a create naming a deleted or never-made group
// item is refused (CheckMissingGroupItems runs that on purpose). A group naming none takes the
// identifier of a live `into` record; a group with a time bucket is left as drawn.
// Returns whether every such group was live already; with `test_only`, changes nothing.
bool AimAtLiveGroups(Context& c, EntityId e, sim::Item& item,
                     const std::vector<std::string>* may_set = nullptr, bool test_only = false) {
  bool all_live = true;
  const Entity& of = c.entity(e);
  for (std::size_t i = 0; i < c.layout.aggregates.size(); ++i) {
    const AggregateDecl& a =
        c.model.aggregates[static_cast<std::size_t>(c.layout.aggregates[i].aggregate_id)];
    if (a.of != e || !KeptByAdd(c.model, c.layout, static_cast<int>(i)) ||
        !ApplicationMakesItems(c.model, a.into))
      continue;
    // The `into` identifier the item's group attributes name, filter or not (a ticket that is
    // not open names its agent all the same); none when one is absent.
    const Entity& into = c.entity(a.into);
    sim::Item named;
    bool settable = true;
    for (const GroupPart& g : a.group) {
      const std::string& source = of.attributes[static_cast<std::size_t>(g.source)].name;
      auto it = item.find(source);
      if (g.bucket != TimeBucket::kNone || it == item.end()) settable = false;
      if (it != item.end())
        named[into.attributes[static_cast<std::size_t>(g.target)].name] = it->second;
      if (may_set && !may_set->empty() &&
          std::find(may_set->begin(), may_set->end(), source) == may_set->end())
        settable = false;
    }
    if (!settable) continue;
    const auto& records = c.data.records[static_cast<std::size_t>(a.into)];
    std::vector<std::size_t> live = Live(c, a.into);
    if (live.empty()) continue;
    const std::string key = GroupKey(into, named);
    if (std::any_of(live.begin(), live.end(),
                    [&](std::size_t r) { return GroupKey(into, records[r].current()) == key; }))
      continue;
    all_live = false;
    if (test_only) continue;
    const sim::Item& chosen = records[live[c.rng.Below(live.size())]].current();
    for (const GroupPart& g : a.group) {
      auto it = chosen.find(into.attributes[static_cast<std::size_t>(g.target)].name);
      if (it != chosen.end())
        item[of.attributes[static_cast<std::size_t>(g.source)].name] = it->second;
    }
  }
  return all_live;
}

// Whether `item`, a record of `e`, names a live `into` item in every group AimAtLiveGroups aims
// at: an update or delete of it can go through (its group items' updates require them).
bool InLiveGroups(Context& c, EntityId e, const sim::Item& item) {
  sim::Item copy = item;
  return AimAtLiveGroups(c, e, copy, nullptr, true);
}

// A new record of `e`: links and shared values copied from existing records, fresh identifier.
std::optional<Record> NewRecord(Context& c, EntityId e, std::int64_t serial) {
  const Entity& en = c.entity(e);
  const auto& records = c.data.records[static_cast<std::size_t>(e)];
  std::vector<std::size_t> live = Live(c, e);
  if (live.empty()) return std::nullopt;
  std::set<std::string> links = LinkAttributes(c.model, e);
  auto& taken = TakenIdentities(c, e);
  for (int attempt = 0; attempt < 20; ++attempt) {
    sim::Item item = records[live[c.rng.Below(live.size())]].current();
    std::vector<bool> kept(en.attributes.size(), true);  // not drawn anew below
    const std::set<std::string> picked = PickPolymorphicParents(c, e, item);
    for (std::size_t a = 0; a < en.attributes.size(); ++a) {
      const Attribute& attr = en.attributes[a];
      if (picked.count(attr.name)) continue;
      if (links.count(attr.name)) {
        // Link identifiers: take another existing record's link, to vary the combination.
        if (IsId(en, static_cast<AttrId>(a))) {
          // From the entity this attribute identifies (its parent), to vary the combination.
          // The relationship names the attribute it references (`link: [fromHandle]` on
          // Member.handle); a same-named identifier of another entity otherwise.
          std::vector<std::pair<std::size_t, std::string>> targets;
          for (const Relationship& rel : c.model.relationships) {
            bool many = rel.cardinality == Cardinality::kManyToMany;
            if ((many ? rel.through.value_or(-1) : rel.to) != e) continue;
            std::vector<std::pair<const std::vector<AttrId>*, EntityId>> sides = {
                {&rel.link, rel.from}};
            if (many) sides.push_back({&rel.link_to, rel.to});
            for (const auto& [link, target] : sides) {
              const Entity& t = c.entity(target);
              for (std::size_t k = 0; k < link->size() && k < t.identifier.size(); ++k) {
                if ((*link)[k] != static_cast<AttrId>(a)) continue;
                targets.emplace_back(static_cast<std::size_t>(target),
                                     t.attributes[static_cast<std::size_t>(t.identifier[k])].name);
              }
            }
          }
          if (targets.empty()) {
            for (std::size_t o = 0; o < c.model.entities.size(); ++o) {
              const Entity& other = c.model.entities[o];
              AttrId oa = other.FindAttribute(attr.name);
              if (static_cast<EntityId>(o) != e && oa >= 0 && IsId(other, oa))
                targets.emplace_back(o, attr.name);
            }
          }
          std::vector<const sim::AttributeValue*> candidates;
          for (const auto& [o, name] : targets) {
            for (const Record& r : c.data.records[o]) {
              auto it = r.current().find(name);
              if (it != r.current().end()) candidates.push_back(&it->second);
            }
          }
          if (!candidates.empty()) item[attr.name] = *candidates[c.rng.Below(candidates.size())];
        }
        continue;
      }
      if (IsId(en, static_cast<AttrId>(a)) || attr.unique) {
        item[attr.name] = SynthValue(attr, c.rng, 1000000 + serial * 20 + attempt);
        kept[a] = false;
        if (attr.type == AttrType::kString && attr.time_order == TimeOrder::kNone)
          item[attr.name] = sim::AttributeValue::S(
              attr.unique_scope.empty()
                  ? fmt::format("new-{}-{}-{}", attr.name, serial, attempt)
                  : fmt::format("new-{}-{}-{}-{}", en.name, attr.name, serial, attempt));
      }
    }
    // An embedded child's link names one live parent: the link attributes drawn one by one above
    // may come from different parents (a composite identifier) or from a deleted one, and the
    // write of an embedded child updates its parent's item, which must exist. Other
    // relationships' links may name what is not a record of their `from` (a Repository's owner
    // is an Organization or a User): they stay as drawn.
    for (const Relationship& r : c.model.relationships) {
      if (!r.embedded || r.Polymorphic()) continue;
      std::vector<std::pair<const std::vector<AttrId>*, EntityId>> sides;
      if (r.cardinality == Cardinality::kManyToMany) {
        if (r.through.value_or(-1) != e) continue;
        sides = {{&r.link, r.from}, {&r.link_to, r.to}};
      } else {
        if (r.to != e) continue;
        sides = {{&r.link, r.from}};
      }
      for (const auto& [link, target] : sides) {
        const Entity& parent = c.entity(target);
        if (link->empty() || link->size() > parent.identifier.size()) continue;
        std::vector<AttrId> ids(
            parent.identifier.begin(),
            parent.identifier.begin() + static_cast<std::ptrdiff_t>(link->size()));
        const auto& parents = c.data.records[static_cast<std::size_t>(target)];
        std::vector<std::size_t> live_parents = Live(c, target);
        if (live_parents.empty()) continue;
        const std::string named = ParentKey(en, *link, item);
        bool found = std::any_of(live_parents.begin(), live_parents.end(), [&](std::size_t i) {
          return ParentKey(parent, ids, parents[i].current()) == named;
        });
        if (found) continue;
        const sim::Item& chosen = parents[live_parents[c.rng.Below(live_parents.size())]].current();
        for (std::size_t k = 0; k < link->size(); ++k) {
          auto it = chosen.find(parent.attributes[static_cast<std::size_t>(ids[k])].name);
          if (it != chosen.end())
            item[en.attributes[static_cast<std::size_t>((*link)[k])].name] = it->second;
        }
      }
    }
    // The parent it is linked to must have room for another child (a 1:1's one, a `max`): else
    // it takes a parent that has (the synthetic data leaves some, ParentsKeptFree).
    for (const Relationship& r : c.model.relationships) {
      if (HolderOf(r) != e || !ParentFull(c, e, r, item, live)) continue;
      std::vector<std::size_t> room = ParentsWithRoom(c, e, r, live);
      if (room.empty()) return std::nullopt;
      const auto& parents = c.data.records[static_cast<std::size_t>(r.from)];
      LinkTo(en, c.entity(r.from), r, parents[room[c.rng.Below(room.size())]].current(), item);
    }
    AimAtLiveGroups(c, e, item);
    // A number drawn from a counter (model.h Attribute::counter) needs its parent's item: a live
    // parent (with room, under a bound). The number the caller passes is a placeholder; the draw
    // replaces it.
    if (AttrId k = CounterOf(c.model, e); k >= 0) {
      const Relationship& r = c.model.relationships[static_cast<std::size_t>(
          en.attributes[static_cast<std::size_t>(k)].counter_relationship)];
      std::vector<std::size_t> room =
          ChildBound(r) > 0 ? ParentsWithRoom(c, e, r, live) : Live(c, r.from);
      if (room.empty()) return std::nullopt;
      const auto& parents = c.data.records[static_cast<std::size_t>(r.from)];
      LinkTo(en, c.entity(r.from), r, parents[room[c.rng.Below(room.size())]].current(), item);
    }
    // A parent's count is the draws' alone: a new parent starts without one.
    for (const Attribute& attr : en.attributes) {
      if (IsCounterSource(c.model, e, attr.name)) item.erase(attr.name);
    }
    HonourPresence(en, item, &c.rng, 1000000 + serial * 20 + attempt);
    // A new time-ordered identifier encodes the new record's creation time.
    SetTimeOrdered(en, item, c.rng, &kept);
    // Its copies hold its parent's values, as the caller passes them.
    SetCopies(c.model, e, c.data, item);
    if (taken.count(IdentityOf(en, item))) continue;
    Record r;
    r.versions.push_back(std::move(item));
    NumberVersions(en, r);
    return r;
  }
  return std::nullopt;
}

void Fail(PatternCheck& result, const std::string& text) { result.failures.push_back(text); }

// After an update: each entity and facet item of the record is at the table key its new values
// render, and none is left at a key only the old values render (a table key built from a changed
// attribute, such as GADGET#{kind}#{gadgetId}: the plan must delete the old item and put the new
// one). Strongly consistent GetItems on the plane, not counted: they inspect the table for the
// check, they are not the plan's requests.
void CheckItemsMoved(Context& c, const WritePattern& wp, const Record& before, const Record& after,
                     PatternCheck& result) {
  const Entity& en = c.model.entities[static_cast<std::size_t>(wp.entity)];
  auto show = [&](const sim::Item& key) {
    return fmt::format("{} / {}", Natural(key, c.layout.partition_key),
                       Natural(key, c.layout.sort_key));
  };
  auto exists = [&](const sim::Item& key) -> std::optional<bool> {
    sim::GetItemRequest get;
    get.table_name = c.layout.table_name;
    get.key = key;
    get.consistent_read = true;
    auto got = c.plane->GetItem(get);
    if (!got.ok()) return std::nullopt;
    return got->item.has_value();
  };
  for (int ti : c.layout.ItemTypesOf(wp.entity)) {
    const ItemType& t = c.layout.item_types[static_cast<std::size_t>(ti)];
    // Sparse facets exist only while the entity matches: CheckSparseFacets reads them back.
    if ((t.role != ItemRole::kEntity && t.role != ItemRole::kFacet) || IsSparseFacet(t)) continue;
    auto now =
        exec::RenderItemKey(c.model, c.layout, ti, after, static_cast<int>(after.versions.size()));
    auto old = exec::RenderItemKey(c.model, c.layout, ti, before,
                                   static_cast<int>(before.versions.size()));
    if (!now) continue;
    if (exists(*now) == std::optional<bool>(false)) {
      Fail(result,
           fmt::format("{} left no {} item for {} {} at {}, the key its new values make", wp.name,
                       t.name, en.name, IdentityText(en, after.current()), show(*now)));
    }
    if (old && *old != *now && exists(*old) == std::optional<bool>(true)) {
      Fail(result,
           fmt::format("{} left the {} item of {} {} at {}, the key of its old values: a "
                       "write changing a table key must delete the item and put it under "
                       "the new key",
                       wp.name, t.name, en.name, IdentityText(en, after.current()), show(*old)));
    }
  }
}

// After a write of `e` (`before` and `after` null for a create and a delete): every sparse facet
// (model/sparse_facet.h) exists exactly when the entity's new values put it in one of its views,
// read back with a strongly consistent GetItem. A plan that writes one for an entity in none of
// its views, or leaves one behind when the entity moves out, fails the write pattern.
void CheckSparseFacets(Context& c, const WritePattern& wp, const Record* before,
                       const Record* after, PatternCheck& result) {
  const Record* any = after ? after : before;
  if (!any) return;
  const Entity& en = c.entity(wp.entity);
  for (int ti : c.layout.ItemTypesOf(wp.entity)) {
    const ItemType& t = c.layout.item_types[static_cast<std::size_t>(ti)];
    if (!IsSparseFacet(t)) continue;
    bool want = after && !exec::RenderItems(c.model, c.layout, ti, *after).empty();
    auto key = exec::RenderItemKey(c.model, c.layout, ti, *any, 1);
    if (!key) continue;
    sim::GetItemRequest get;
    get.table_name = c.layout.table_name;
    get.key = *key;
    get.consistent_read = true;
    auto got = c.plane->GetItem(get);
    if (!got.ok()) {
      Fail(result, fmt::format("{}: reading {} failed: {}: {}", wp.name, t.name, got.error().name,
                               got.error().message));
      return;
    }
    bool have = got->item.has_value();
    if (have == want) continue;
    Fail(result,
         fmt::format(
             "{} {} sparse facet {} for {} {} ({} {})", wp.name, have ? "left" : "did not write",
             t.name, en.name, IdentityText(en, any->current()),
             want ? "it is in one of its views:" : "it is in none of its views:", [&] {
               std::string conds;
               for (const IndexKeys& ik : t.index_keys) {
                 for (const SparseCondition& s : ik.only_when) {
                   conds +=
                       (conds.empty() ? "" : ", ") +
                       fmt::format("{} = {}", s.attribute, Natural(any->current(), s.attribute));
                 }
               }
               return conds;
             }()));
    return;
  }
}

std::string ErrorText(const sim::Error& err) {
  return fmt::format("{}: {}", err.name, err.message);
}

// A create drawing a counter: the number it drew (Context::last_drawn) becomes the record's, and
// must be new among the parent's items, and the create's item must hold it (a strongly
// consistent GetItem, not counted). False when the draw is unknown or one of these fails.
bool TakeDrawnNumber(Context& c, const WritePattern& wp, Record& rec, PatternCheck& result) {
  const AttrId k = CounterOf(c.model, wp.entity);
  if (k < 0) return true;
  const Entity& en = c.entity(wp.entity);
  const std::string& name = en.attributes[static_cast<std::size_t>(k)].name;
  if (!c.last_drawn) {
    Fail(result, fmt::format("{} created {} {}, but no number was drawn for '{}'", wp.name, en.name,
                             IdentityText(en, rec.current()), name));
    return false;
  }
  for (sim::Item& v : rec.versions) v[name] = sim::AttributeValue::N(std::to_string(*c.last_drawn));
  if (TakenIdentities(c, wp.entity).count(IdentityOf(en, rec.current()))) {
    Fail(result, fmt::format("{} drew {} {} again: numbers drawn from a counter are unique per "
                             "parent",
                             wp.name, en.name, IdentityText(en, rec.current())));
    return false;
  }
  for (int t : c.layout.ItemTypesOf(wp.entity)) {
    if (c.layout.item_types[static_cast<std::size_t>(t)].role != ItemRole::kEntity) continue;
    auto key =
        exec::RenderItemKey(c.model, c.layout, t, rec, static_cast<int>(rec.versions.size()));
    if (!key) continue;
    sim::GetItemRequest get;
    get.table_name = c.layout.table_name;
    get.key = *key;
    get.consistent_read = true;
    auto got = c.plane->GetItem(get);
    if (!got.ok() || !got->item || Natural(*got->item, name) != std::to_string(*c.last_drawn)) {
      Fail(result, fmt::format("{} wrote no {} item numbered {} = {}, the number it drew", wp.name,
                               en.name, name, *c.last_drawn));
      return false;
    }
  }
  return true;
}

// A create pattern's run: two new entities. False when one failed (reported in `result`).
bool CheckCreates(Context& c, int w, PatternCheck& result) {
  const WritePattern& wp = c.model.write_patterns[static_cast<std::size_t>(
      c.layout.writes[static_cast<std::size_t>(w)].pattern_id)];
  EntityId e = wp.entity;
  const Entity& en = c.entity(e);
  auto& records = c.data.records[static_cast<std::size_t>(e)];
  for (int k = 0; k < 2; ++k) {
    auto rec = NewRecord(c, e, static_cast<std::int64_t>(w) * 10 + k);
    if (!rec) break;
    // A new item of an aggregate's `into` starts empty, as the write makes it.
    exec::StartGroupValues(c.model, e, rec->versions.back());
    Canonicalize(c, e, *rec);
    // Aimed at `also` items on which every entry's condition holds.
    AlsoRun run;
    const std::int64_t serial = 5000000 + static_cast<std::int64_t>(w) * 10 + k;
    if (!wp.also.empty() && (!AimAlso(c, wp, rec->versions.back(), -1, -1, serial) ||
                             !PrepareAlso(c, wp, rec->current(), -1, -1, serial, run))) {
      Fail(result, fmt::format("{}: no item in the synthetic data on which the conditions of "
                               "its 'also' entries hold, so it was not run",
                               wp.name));
      return false;
    }
    ++result.calls;
    sim::SimStatus s = ApplyWrite(c, w, nullptr, &*rec, result, run.args, run.records);
    if (!s.ok()) {
      Fail(result, fmt::format("{} failed to create {} {}: {}", wp.name, en.name,
                               IdentityText(en, rec->current()), ErrorText(s.error())));
      return false;
    }
    // The number the create drew (FollowCount), one no item of the parent has had, on the item
    // the create wrote.
    if (!TakeDrawnNumber(c, wp, *rec, result)) return false;
    CommitAlso(c, wp, run);
    CheckSparseFacets(c, wp, nullptr, &*rec, result);
    records.push_back(std::move(*rec));
    c.deleted[static_cast<std::size_t>(e)].push_back(false);
    c.touched[static_cast<std::size_t>(e)].push_back(records.size() - 1);
    (void)c.oracle->Store(e, records.size() - 1, &records.back());
    FollowTransactionGroups(c, e);
  }
  return true;
}

// An embedded child's create beside a sibling equal to it but for its key in the map (its
// identifier outside the link): both are kept, as the map is keyed by that attribute alone
// (docs/model-format.md, embedded collections). A map keyed by another attribute, whose value
// siblings may share (two assignees assigned in the same second), refuses the create or
// overwrites the sibling; the reads after the writes see the second. Failures go to `result`.
void CheckEmbeddedSibling(Context& c, int w, PatternCheck& result) {
  const WritePlan& plan = c.layout.writes[static_cast<std::size_t>(w)];
  const WritePattern& wp = c.model.write_patterns[static_cast<std::size_t>(plan.pattern_id)];
  const EmbeddedLayout& e = c.layout.embedded[static_cast<std::size_t>(plan.embedded)];
  const EntityId ent = wp.entity;
  const Entity& en = c.entity(ent);
  auto& records = c.data.records[static_cast<std::size_t>(ent)];
  std::set<std::string> created;  // time-ordered identifiers' times, made with them
  for (AttrId id : en.identifier)
    created.insert(en.attributes[static_cast<std::size_t>(id)].created);
  std::string key;  // the identifier attribute outside the link
  for (AttrId id : en.identifier) {
    const std::string& name = en.attributes[static_cast<std::size_t>(id)].name;
    if (std::find(e.link.begin(), e.link.end(), name) == e.link.end()) key = name;
  }
  for (std::int64_t attempt = 0; attempt < 8; ++attempt) {
    const std::int64_t serial = 8000000 + static_cast<std::int64_t>(w) * 100 + attempt;
    auto rec = NewRecord(c, ent, serial);
    if (!rec) return;
    if (!wp.also.empty() && !AimAlso(c, wp, rec->versions.back(), -1, -1, serial)) continue;
    const sim::Item* sibling = nullptr;
    for (std::size_t i : Live(c, ent)) {
      const sim::Item& other = records[i].current();
      if (std::all_of(e.link.begin(), e.link.end(), [&](const std::string& a) {
            return Natural(other, a) == Natural(rec->current(), a);
          })) {
        sibling = &other;
        break;
      }
    }
    if (!sibling) continue;
    sim::Item& item = rec->versions.back();
    for (std::size_t a = 0; a < en.attributes.size(); ++a) {
      const std::string& name = en.attributes[a].name;
      if (IsId(en, static_cast<AttrId>(a)) || created.count(name)) continue;
      auto it = sibling->find(name);
      if (it != sibling->end())
        item[name] = it->second;
      else
        item.erase(name);
    }
    NumberVersions(en, *rec);
    Canonicalize(c, ent, *rec);
    AlsoRun run;
    if (!wp.also.empty() && !PrepareAlso(c, wp, rec->current(), -1, -1, serial, run)) continue;
    ++result.calls;
    sim::SimStatus s = ApplyWrite(c, w, nullptr, &*rec, result, run.args, run.records);
    if (!s.ok()) {
      // Refused for its condition: the element's place was taken. Anything else (an item past
      // 400 KB) is no word on the map's key.
      Fail(result,
           RefusedForCondition(s.error())
               ? fmt::format("{} refused {} {}, equal to a sibling in '{}' but for its {}: {}; "
                             "the map must be keyed by '{}'",
                             wp.name, en.name, IdentityText(en, rec->current()), e.attribute, key,
                             ErrorText(s.error()), key)
               : fmt::format("{} failed to create {} {}: {}", wp.name, en.name,
                             IdentityText(en, rec->current()), ErrorText(s.error())));
      return;
    }
    CommitAlso(c, wp, run);
    records.push_back(std::move(*rec));
    c.deleted[static_cast<std::size_t>(ent)].push_back(false);
    c.touched[static_cast<std::size_t>(ent)].push_back(records.size() - 1);
    (void)c.oracle->Store(ent, records.size() - 1, &records.back());
    return;
  }
}

// Unique attributes stay unique: a create of a second entity with a taken value must be refused,
// and in a shared name space (`unique: handle`) also one with another entity's value.
void CheckUniqueValues(Context& c, int w, PatternCheck& result) {
  const WritePattern& wp = c.model.write_patterns[static_cast<std::size_t>(
      c.layout.writes[static_cast<std::size_t>(w)].pattern_id)];
  EntityId e = wp.entity;
  const Entity& en = c.entity(e);
  auto& records = c.data.records[static_cast<std::size_t>(e)];
  for (const Attribute& attr : en.attributes) {
    if (!attr.unique) continue;
    std::vector<std::pair<EntityId, const Attribute*>> holders = {{e, &attr}};
    for (std::size_t o = 0; o < c.model.entities.size() && !attr.unique_scope.empty(); ++o) {
      for (const Attribute& other : c.model.entities[o].attributes) {
        if (static_cast<EntityId>(o) != e && other.unique && !other.unique_scope.empty() &&
            UpperSnake(other.unique_scope) == UpperSnake(attr.unique_scope))
          holders.emplace_back(static_cast<EntityId>(o), &other);
      }
    }
    for (const auto& [holder_entity, holder_attr] : holders) {
      std::vector<std::size_t> live = Live(c, e);
      std::vector<std::size_t> holder_live = Live(c, holder_entity);
      auto rec = NewRecord(c, e, static_cast<std::int64_t>(w) * 10 + 7);
      if (!rec || live.empty() || holder_live.empty()) continue;
      const sim::Item& holder =
          c.data.records[static_cast<std::size_t>(holder_entity)][holder_live.front()].current();
      auto taken = holder.find(holder_attr->name);
      if (taken == holder.end()) continue;
      rec->versions.back()[attr.name] = taken->second;
      Canonicalize(c, e, *rec);
      // Its `also` conditions hold, so only the taken value can refuse it.
      AlsoRun run;
      const std::int64_t serial = 5000000 + static_cast<std::int64_t>(w) * 10 + 7;
      if (!wp.also.empty() && (!AimAlso(c, wp, rec->versions.back(), -1, -1, serial) ||
                               !PrepareAlso(c, wp, rec->current(), -1, -1, serial, run)))
        continue;
      PatternCheck scratch;
      if (ApplyWrite(c, w, nullptr, &*rec, scratch, run.args, run.records).ok()) {
        CommitAlso(c, wp, run);
        Fail(result,
             holder_entity == e
                 ? fmt::format("{} created a second {} with {} = {}: unique attribute '{}' is "
                               "not kept unique",
                               wp.name, en.name, attr.name, NaturalText(taken->second), attr.name)
                 : fmt::format("{} created a {} with {} = {}, the {} of a {}: name space '{}' "
                               "is not kept unique",
                               wp.name, en.name, attr.name, NaturalText(taken->second),
                               holder_attr->name, c.entity(holder_entity).name, attr.unique_scope));
        // Keep the oracle in step with the table so later checks stay meaningful.
        records.push_back(std::move(*rec));
        c.deleted[static_cast<std::size_t>(e)].push_back(false);
        (void)c.oracle->Store(e, records.size() - 1, &records.back());
        FollowTransactionGroups(c, e);
      }
    }
  }
}

// A delete pattern's run: one live entity, picked at random, deleted.
void CheckDelete(Context& c, int w, const std::vector<std::size_t>& live, PatternCheck& result) {
  const WritePattern& wp = c.model.write_patterns[static_cast<std::size_t>(
      c.layout.writes[static_cast<std::size_t>(w)].pattern_id)];
  EntityId e = wp.entity;
  const Entity& en = c.entity(e);
  auto& records = c.data.records[static_cast<std::size_t>(e)];
  if (live.empty()) return;
  std::size_t i = live[c.rng.Below(live.size())];
  // `live` holds records the condition holds on (CheckWrite): arguments that make it hold.
  exec::Arguments args =
      ConditionArguments(en, wp, records[i].current(), -1).value_or(exec::Arguments{});
  AlsoRun run;
  if (!wp.also.empty() && !PrepareAlso(c, wp, records[i].current(), -1, -1,
                                       5100000 + static_cast<std::int64_t>(w), run))
    return;
  args.insert(run.args.begin(), run.args.end());
  ++result.calls;
  sim::SimStatus s = ApplyWrite(c, w, &records[i], nullptr, result, args, run.records);
  if (!s.ok()) {
    Fail(result, fmt::format("{} failed to delete {} {}: {}", wp.name, en.name,
                             IdentityText(en, records[i].current()), ErrorText(s.error())));
    return;
  }
  CommitAlso(c, wp, run);
  CheckSparseFacets(c, wp, &records[i], nullptr, result);
  c.deleted[static_cast<std::size_t>(e)][i] = true;
  (void)c.oracle->Store(e, i, nullptr);
  DeleteEmbeddedChildren(c, e, records[i]);
  FollowTransactionGroups(c, e);
}

// Per attribute, the values that put an item of `e` into a sparse index: updates move items in
// and out of them.
std::map<std::string, std::set<std::string>> SparseBoundaries(const Context& c, EntityId e) {
  std::map<std::string, std::set<std::string>> sparse;
  for (const ItemType& t : c.layout.item_types) {
    if (t.entity != e) continue;
    for (const IndexKeys& ik : t.index_keys) {
      for (const SparseCondition& s : ik.only_when) sparse[s.attribute].insert(s.value);
    }
  }
  // A state an attribute is present in (`present_when`) is a boundary too: an index keyed on the
  // attribute holds the items in that state.
  for (const Attribute& a : c.entity(e).attributes) {
    if (a.present_when)
      sparse[a.present_when->attribute].insert(a.present_when->values.begin(),
                                               a.present_when->values.end());
  }
  // An aggregate's filter is one too: updates move items into and out of its groups.
  for (const AggregateDecl& a : c.model.aggregates) {
    if (a.of != e) continue;
    for (const FixedFilter& f : a.filters) sparse[f.attribute].insert(f.value);
  }
  return sparse;
}

// The value of an aggregate's filter (AggregateDecl::filters) on attribute `name` of `e`, or
// nullptr: the value that puts an item into the aggregate's groups.
const std::string* AggregateFilterValue(const Context& c, EntityId e, const std::string& name) {
  for (const AggregateDecl& a : c.model.aggregates) {
    if (a.of != e) continue;
    for (const FixedFilter& f : a.filters)
      if (f.attribute == name) return &f.value;
  }
  return nullptr;
}

// New values, in `next`, for the update pattern's attributes other than the identifier: an enum
// moves to another state and a boolean to the other value across a sparse boundary.
void UpdatedValues(Context& c, const WritePattern& wp, int k,
                   const std::map<std::string, std::set<std::string>>& sparse, sim::Item& next) {
  const Entity& en = c.entity(wp.entity);
  static const std::set<std::string> kNone;
  auto boundary = [&](const std::string& attr) -> const std::set<std::string>& {
    auto it = sparse.find(attr);
    return it == sparse.end() ? kNone : it->second;
  };
  for (const std::string& name : wp.attributes) {
    AttrId a = en.FindAttribute(name);
    if (a < 0) continue;
    const Attribute& attr = en.attributes[static_cast<std::size_t>(a)];
    if (IsId(en, a)) continue;  // drawn by MoveIdentity, unique across every item ever made
    sim::AttributeValue v = SynthValue(attr, c.rng, 2000000 + k, attr.name == en.ttl);
    if (attr.type == AttrType::kEnum && attr.enum_values.size() > 1) {
      // Move to another state; across a sparse index's boundary when there is one.
      std::string old = Natural(next, attr.name);
      const std::set<std::string>& in = boundary(attr.name);
      std::vector<std::string> choices;
      for (const auto& value : attr.enum_values) {
        if (value != old && (in.empty() || in.count(value) != in.count(old)))
          choices.push_back(value);
      }
      if (choices.empty()) {
        for (const auto& value : attr.enum_values) {
          if (value != old) choices.push_back(value);
        }
      }
      v = sim::AttributeValue::S(choices[c.rng.Below(choices.size())]);
    } else if (attr.type == AttrType::kBoolean && !boundary(attr.name).empty()) {
      // Across a sparse index's boundary: the other value.
      v = sim::AttributeValue::Bool(Natural(next, attr.name) != "true");
    } else if (const std::string* in = AggregateFilterValue(c, wp.entity, attr.name)) {
      // Across an aggregate's filter: into it from outside (a fresh string or number would
      // almost never match it), out of it from inside.
      if (Natural(next, attr.name) != *in) {
        v = FilterValueFor(attr, *in);
      } else if (auto out = ValueOutsideFilter(attr, *in, c.rng, 2000000 + k)) {
        v = *out;
      }
    }
    next[attr.name] = v;
  }
  // The kind of a polymorphic association holds a parent's entity name (model.h
  // Relationship::kind): an update of it moves the item to another kind of parent, and with its
  // link to one such parent's record.
  for (const Relationship& r : c.model.relationships) {
    if (!r.Polymorphic() || r.to != wp.entity || r.from != r.parents.front()) continue;
    const std::string& kind = en.attributes[static_cast<std::size_t>(r.kind)].name;
    if (std::find(wp.attributes.begin(), wp.attributes.end(), kind) == wp.attributes.end())
      continue;
    std::vector<EntityId> others;
    for (EntityId p : r.parents) {
      if (c.entity(p).name != Natural(next, kind)) others.push_back(p);
    }
    if (others.empty()) others = r.parents;
    EntityId p = others[c.rng.Below(others.size())];
    const Entity& parent = c.entity(p);
    next[kind] = sim::AttributeValue::S(parent.name);
    const auto& records = c.data.records[static_cast<std::size_t>(p)];
    bool link_updated = std::any_of(r.link.begin(), r.link.end(), [&](AttrId l) {
      const std::string& name = en.attributes[static_cast<std::size_t>(l)].name;
      return std::find(wp.attributes.begin(), wp.attributes.end(), name) != wp.attributes.end();
    });
    if (!link_updated || records.empty()) continue;
    const sim::Item& chosen = records[c.rng.Below(records.size())].current();
    for (std::size_t i = 0; i < r.link.size() && i < parent.identifier.size(); ++i) {
      auto it = chosen.find(parent.attributes[static_cast<std::size_t>(parent.identifier[i])].name);
      if (it != chosen.end())
        next[en.attributes[static_cast<std::size_t>(r.link[i])].name] = it->second;
    }
  }
}

// An update of the link of a relationship the entity copies through (E456 makes it list the
// copies too) moves the item to another live parent, whose values its copies then take, as the
// caller passes them. Copies of unchanged links stay their parent's.
void MoveToParent(Context& c, const WritePattern& wp, sim::Item& next) {
  const Entity& en = c.entity(wp.entity);
  bool copies = false;
  for (const Attribute& attr : en.attributes) {
    if (attr.copy_relationship < 0) continue;
    copies = true;
    const Relationship& rel =
        c.model.relationships[static_cast<std::size_t>(attr.copy_relationship)];
    bool moves = false;
    for (AttrId l : rel.link) {
      const std::string& name = en.attributes[static_cast<std::size_t>(l)].name;
      moves = moves ||
              std::find(wp.attributes.begin(), wp.attributes.end(), name) != wp.attributes.end();
    }
    std::vector<std::size_t> parents = Live(c, rel.from);
    if (!moves || parents.empty()) continue;
    const Entity& parent = c.entity(rel.from);
    const std::vector<std::size_t> siblings = Live(c, wp.entity);
    // A parent with room for another child (a 1:1's one, the relationship's `max`), within a few
    // draws; else one of those with room (most parents of a 1:1 have their one child).
    bool placed = false;
    for (int attempt = 0; attempt < 10 && !placed; ++attempt) {
      const sim::Item& chosen =
          c.data.records[static_cast<std::size_t>(rel.from)][parents[c.rng.Below(parents.size())]]
              .current();
      sim::Item moved = next;
      for (std::size_t k = 0; k < rel.link.size() && k < parent.identifier.size(); ++k) {
        auto it =
            chosen.find(parent.attributes[static_cast<std::size_t>(parent.identifier[k])].name);
        if (it != chosen.end())
          moved[en.attributes[static_cast<std::size_t>(rel.link[k])].name] = it->second;
      }
      if (FullParent(c, wp.entity, moved, siblings)) continue;
      next = std::move(moved);
      placed = true;
    }
    if (placed || ChildBound(rel) == 0) continue;
    std::vector<std::size_t> room = ParentsWithRoom(c, wp.entity, rel, siblings);
    if (!room.empty()) {
      const auto& records = c.data.records[static_cast<std::size_t>(rel.from)];
      LinkTo(en, parent, rel, records[room[c.rng.Below(room.size())]].current(), next);
    }
  }
  if (copies) SetCopies(c.model, wp.entity, c.data, next);
}

// An update of an identifier attribute (W002) moves the item: the plan deletes the old key and
// puts the new one, so the new identity in `next` must be one no item has had. False when no
// unused identity was found.
bool MoveIdentity(Context& c, const WritePattern& wp, int k, sim::Item& next) {
  EntityId e = wp.entity;
  const Entity& en = c.entity(e);
  bool moves = false;
  for (const std::string& name : wp.attributes) {
    AttrId a = en.FindAttribute(name);
    moves = moves || (a >= 0 && IsId(en, a));
  }
  if (!moves) return true;
  auto& taken = TakenIdentities(c, e);
  for (int attempt = 0; attempt < 20 && taken.count(IdentityOf(en, next)); ++attempt) {
    for (const std::string& name : wp.attributes) {
      AttrId a = en.FindAttribute(name);
      if (a < 0 || !IsId(en, a)) continue;
      const Attribute& attr = en.attributes[static_cast<std::size_t>(a)];
      next[attr.name] =
          attr.type == AttrType::kString
              ? sim::AttributeValue::S(fmt::format("moved-{}-{}-{}", attr.name, k, attempt))
              : SynthValue(attr, c.rng, 3000000 + k * 20 + attempt);
    }
  }
  if (taken.count(IdentityOf(en, next))) return false;
  taken.insert(IdentityOf(en, next));
  return true;
}

// The `k`th update of an update pattern's run: new values for the pattern's attributes on a live
// entity; for k 0 one in a sparse index, for k 1 one out of it, when the entity has one. False
// when the write failed (reported in `result`).
bool CheckUpdate(Context& c, int w, int k, const std::vector<std::size_t>& live,
                 const std::map<std::string, std::set<std::string>>& sparse, PatternCheck& result) {
  const WritePattern& wp = c.model.write_patterns[static_cast<std::size_t>(
      c.layout.writes[static_cast<std::size_t>(w)].pattern_id)];
  EntityId e = wp.entity;
  const Entity& en = c.entity(e);
  auto& records = c.data.records[static_cast<std::size_t>(e)];
  auto in_sparse = [&](const sim::Item& item) {
    for (const auto& [attr, values] : sparse) {
      if (values.count(Natural(item, attr))) return true;
    }
    return false;
  };
  std::size_t i = live[c.rng.Below(live.size())];
  if (k < 2 && !sparse.empty()) {
    for (std::size_t j : live) {
      if (in_sparse(records[j].current()) == (k == 0)) {
        i = j;
        break;
      }
    }
  }
  Record before = records[i];
  Record after = before;
  sim::Item next = before.current();
  UpdatedValues(c, wp, k, sparse, next);
  // The attributes a state or a group decides: set or removed with the update (E425 makes the
  // pattern list them).
  HonourPresence(en, next, &c.rng, 2000000 + k);
  MoveToParent(c, wp, next);
  AimAtLiveGroups(c, e, next, &wp.attributes);
  if (!MoveIdentity(c, wp, k, next)) return true;  // no unused identity: leave this item
  if (en.versioned)
    after.versions.push_back(next);
  else
    after.versions.back() = next;
  NumberVersions(en, after);
  Canonicalize(c, e, after);
  exec::Arguments args =
      ConditionArguments(en, wp, before.current(), -1).value_or(exec::Arguments{});
  AlsoRun run;
  if (!wp.also.empty() && !PrepareAlso(c, wp, after.current(), -1, -1,
                                       5200000 + static_cast<std::int64_t>(w) * 10 + k, run))
    return true;  // its `also` items do not allow it: leave this item
  args.insert(run.args.begin(), run.args.end());
  ++result.calls;
  sim::SimStatus s = ApplyWrite(c, w, &before, &after, result, args, run.records);
  if (!s.ok()) {
    Fail(result, fmt::format("{} failed to update {} {}: {}", wp.name, en.name,
                             IdentityText(en, before.current()), ErrorText(s.error())));
    return false;
  }
  CommitAlso(c, wp, run);
  CheckItemsMoved(c, wp, before, after, result);
  CheckSparseFacets(c, wp, &before, &after, result);
  records[i] = std::move(after);
  c.touched[static_cast<std::size_t>(e)].push_back(i);
  (void)c.oracle->Store(e, i, &records[i]);
  FollowTransactionGroups(c, e);
  return true;
}

// A create whose counts and sums are kept by UpdateItem ADD on `into` items the application
// makes (KeptByAdd, ApplicationMakesItems) names, for each such aggregate, a group no live
// `into` record has (a like of a post never made, or deleted): the group item's UpdateItem is
// conditioned on attribute_exists(PK) (exec::PlanGroupAdds), so the write must be refused and
// the table unchanged (the `of` item not written, no `into` item made). Failures go to `result`.
// Creates with `also` entries, a counter or an embedded parent are left out: their items are
// aimed at what those need.
void CheckMissingGroupItems(Context& c, int w, PatternCheck& result) {
  const WritePlan& plan = c.layout.writes[static_cast<std::size_t>(w)];
  const WritePattern& wp = c.model.write_patterns[static_cast<std::size_t>(plan.pattern_id)];
  if (wp.kind != WriteKind::kCreate || !wp.also.empty() || plan.counter || plan.embedded >= 0)
    return;
  const EntityId e = wp.entity;
  const Entity& en = c.entity(e);
  for (int agg : plan.aggregates) {
    const AggregateDecl& a = c.model.aggregates[static_cast<std::size_t>(
        c.layout.aggregates[static_cast<std::size_t>(agg)].aggregate_id)];
    if (!KeptByAdd(c.model, c.layout, agg) || !ApplicationMakesItems(c.model, a.into)) continue;
    const Entity& into = c.entity(a.into);
    std::set<std::string> existing;  // the live `into` records' group keys
    for (std::size_t r : Live(c, a.into))
      existing.insert(
          GroupKey(into, c.data.records[static_cast<std::size_t>(a.into)][r].current()));
    // A new record with fresh values of the attributes the group is taken from, until its group
    // is none of the live ones and its identity is not taken.
    // A sharded group refuses the write only on shard 0 (its `into` item): the record drawn
    // must hash there (exec::GroupShardOf); an ADD to another shard makes that shard's item,
    // which no read reaches without the `into` item.
    const int shards = std::max(1, c.layout.aggregates[static_cast<std::size_t>(agg)].shards);
    std::optional<Record> rec;
    std::optional<sim::Item> group;
    // Each record is drawn `shards` times with the same serial (the serial may feed both the
    // identifier and the group, and move their hash together), its group's string values
    // suffixed with each variant in turn, so that the variants' hashes cover the shards.
    for (int attempt = 0; attempt < 20 * shards && !group; ++attempt) {
      const std::int64_t serial = 7000000 + static_cast<std::int64_t>(w) * 100 + attempt / shards;
      const std::string variant = shards > 1 ? fmt::format("-{}", attempt % shards) : "";
      rec = NewRecord(c, e, serial);
      if (!rec) break;
      for (const GroupPart& g : a.group) {
        const Attribute& attr = en.attributes[static_cast<std::size_t>(g.source)];
        rec->versions.back()[attr.name] =
            attr.type == AttrType::kString && attr.time_order == TimeOrder::kNone
                ? sim::AttributeValue::S(fmt::format("missing-{}-{}{}", attr.name, serial, variant))
                : SynthValue(attr, c.rng, serial);
      }
      // It meets the aggregate's filter, so its create changes the group.
      for (const FixedFilter& f : a.filters) {
        const AttrId id = en.FindAttribute(f.attribute);
        if (id < 0) continue;
        rec->versions.back()[f.attribute] =
            FilterValueFor(en.attributes[static_cast<std::size_t>(id)], f.value);
      }
      exec::StartGroupValues(c.model, e, rec->versions.back());
      Canonicalize(c, e, *rec);
      auto named = exec::GroupOf(c.model, a, rec->current());
      if (!named || existing.count(GroupKey(into, *named)) ||
          TakenIdentities(c, e).count(IdentityOf(en, rec->current())) ||
          exec::GroupShardOf(c.model, c.layout, agg, rec->current()) != 0)
        continue;
      group = std::move(named);
    }
    if (!group) {
      Fail(result, fmt::format("{}: no new {} naming a {} that does not exist could be made, so "
                               "the refusal of a write whose group item is missing was not run",
                               wp.name, en.name, into.name));
      continue;
    }
    const Record missing{{*group}};
    auto snapshot = [&] {
      auto out = Snapshot(c, e, *rec, nullptr);
      auto more = Snapshot(c, a.into, missing, nullptr);
      out.insert(more.begin(), more.end());
      return out;
    };
    auto was = snapshot();
    ++result.calls;
    sim::SimStatus s = ApplyWrite(c, w, nullptr, &*rec, result);
    const std::string named = IdentityText(into, *group);
    if (s.ok()) {
      Fail(result, fmt::format("{} created {} {} though its {} ({}) does not exist: aggregate "
                               "'{}' keeps its values by ADD on items the application makes, and "
                               "the update must be conditioned on the item's existence",
                               wp.name, en.name, IdentityText(en, rec->current()), into.name, named,
                               a.name));
    } else if (!RefusedForCondition(s.error())) {
      Fail(result,
           fmt::format("{} of a {} whose {} ({}) does not exist: expected "
                       "TransactionCanceledException (ConditionalCheckFailed), got {}: {}",
                       wp.name, en.name, into.name, named, s.error().name, s.error().message));
    }
    if (snapshot() != was)
      Fail(result, fmt::format("{} of a {} whose {} ({}) does not exist changed the table: a "
                               "cancelled transaction must change nothing",
                               wp.name, en.name, into.name, named));
    if (s.ok()) {
      // Keep the dataset and the oracle in step with the table it changed.
      auto& records = c.data.records[static_cast<std::size_t>(e)];
      records.push_back(std::move(*rec));
      c.deleted[static_cast<std::size_t>(e)].push_back(false);
      (void)c.oracle->Store(e, records.size() - 1, &records.back());
      return;
    }
  }
}

// A delete of an aggregate's `into` item while items of its group remain (W544), followed by a
// create of the same identifier when a write pattern creates `into`: what an application that
// deletes a post and makes it again under its old identifier does. The aggregate's values on
// the new item must be the oracle's for the items the group holds, as they are for every other
// group. A design whose delete is refused while the group holds items (a condition stating the
// group empty) passes here with the table unchanged; one that lets it through fails, and the
// comparison after the write patterns (CheckAggregates) reports the values too. Run after every
// write pattern (so that the creates of `of` have put items in live groups), once per delete
// pattern, on the first group, in the oracle's order, holding items that count and a live
// `into` item (none: nothing is run); kept in the writes' transactions on one item, the new
// item's values are compared at once, otherwise (the stream, shards) by CheckAggregates.
void CheckRecreatedGroup(Context& c, int w, PatternCheck& result) {
  const WritePattern& wp = c.model.write_patterns[static_cast<std::size_t>(
      c.layout.writes[static_cast<std::size_t>(w)].pattern_id)];
  if (wp.kind != WriteKind::kDelete) return;
  const EntityId e = wp.entity;
  const Entity& en = c.entity(e);
  int create = -1;
  for (std::size_t k = 0; k < c.layout.writes.size() && create < 0; ++k) {
    const WritePattern& other =
        c.model.write_patterns[static_cast<std::size_t>(c.layout.writes[k].pattern_id)];
    if (other.kind == WriteKind::kCreate && other.entity == e && other.also.empty())
      create = static_cast<int>(k);
  }
  auto& records = c.data.records[static_cast<std::size_t>(e)];
  for (const AggregateLayout& al : c.layout.aggregates) {
    const AggregateDecl& a = c.model.aggregates[static_cast<std::size_t>(al.aggregate_id)];
    if (a.into != e || al.maintainer == Maintainer::kRead ||
        std::all_of(a.values.begin(), a.values.end(), [](const AggregateValue& v) {
          return v.function == AggregateFunction::kJoined;
        }))
      continue;
    auto groups = c.oracle->AggregateGroups(a);
    if (!groups.ok()) {
      Fail(result, fmt::format("{}: the oracle's groups of '{}' could not be read: {}", wp.name,
                               a.name, groups.error().message));
      return;
    }
    const auto& of_records = c.data.records[static_cast<std::size_t>(a.of)];
    std::map<std::string, std::size_t> live_into;  // identity -> record
    for (std::size_t i : Live(c, e)) live_into[IdentityOf(en, records[i].current())] = i;
    for (const std::vector<std::size_t>& members : *groups) {
      if (members.empty()) continue;
      auto identity = exec::GroupOf(c.model, a, of_records[members.front()].current());
      if (!identity) continue;
      auto at = live_into.find(IdentityOf(en, *identity));
      if (at == live_into.end()) continue;
      const std::size_t i = at->second;
      // The caller's arguments (`authorId = :caller`: the author's) hold; the literal clauses
      // (`likes = 0`) are the table's to decide.
      std::vector<WriteCondition> parameters;
      std::copy_if(wp.conditions.begin(), wp.conditions.end(), std::back_inserter(parameters),
                   [](const WriteCondition& cl) { return !cl.parameter.empty(); });
      exec::Arguments args =
          ConditionArguments(en, parameters, records[i].current(), -1).value_or(exec::Arguments{});
      AlsoRun run;
      if (!wp.also.empty() && !PrepareAlso(c, wp, records[i].current(), -1, -1,
                                           5200000 + static_cast<std::int64_t>(w), run))
        continue;
      args.insert(run.args.begin(), run.args.end());
      const std::string named = IdentityText(en, records[i].current());
      const auto was = Snapshot(c, e, records[i], nullptr);
      ++result.calls;
      sim::SimStatus s = ApplyWrite(c, w, &records[i], nullptr, result, args, run.records);
      if (!s.ok()) {
        // Refused while the group holds items: the group item outlives them, as it must.
        if (!RefusedForCondition(s.error()))
          Fail(result, fmt::format("{} failed to delete {} {}: {}", wp.name, en.name, named,
                                   ErrorText(s.error())));
        else if (Snapshot(c, e, records[i], nullptr) != was)
          Fail(result, fmt::format("{} of {} {} was refused but changed the table", wp.name,
                                   en.name, named));
        return;
      }
      CommitAlso(c, wp, run);
      c.deleted[static_cast<std::size_t>(e)][i] = true;
      (void)c.oracle->Store(e, i, nullptr);
      DeleteEmbeddedChildren(c, e, records[i]);
      FollowTransactionGroups(c, e);
      if (create < 0) return;  // nothing makes the item again
      const WritePattern& cp = c.model.write_patterns[static_cast<std::size_t>(
          c.layout.writes[static_cast<std::size_t>(create)].pattern_id)];
      // The same item made again (its identifier and attributes), as an application restoring
      // it would; its create starts the values at an empty group's.
      Record rec{{records[i].current()}};
      exec::StartGroupValues(c.model, e, rec.versions.back());
      Canonicalize(c, e, rec);
      ++result.calls;
      s = ApplyWrite(c, create, nullptr, &rec, result);
      if (!s.ok()) {
        Fail(result, fmt::format("{} failed to make {} {} again after {} deleted it: {}", cp.name,
                                 en.name, named, wp.name, ErrorText(s.error())));
        return;
      }
      records.push_back(std::move(rec));
      c.deleted[static_cast<std::size_t>(e)].push_back(false);
      c.touched[static_cast<std::size_t>(e)].push_back(records.size() - 1);
      (void)c.oracle->Store(e, records.size() - 1, &records.back());
      FollowTransactionGroups(c, e);
      // Kept in the writes' transactions on one item: the values are the table's now (a sharded
      // group's shares, and a stream's values, are compared by CheckAggregates).
      if (al.maintainer != Maintainer::kTransaction || al.shards > 1) return;
      std::vector<const sim::Item*> items;
      for (std::size_t r : members) items.push_back(&of_records[r].current());
      const sim::Item want = exec::AggregateValues(c.model, a, items);
      auto key = exec::RenderItemKey(c.model, c.layout, al.target_type, Record{{*identity}}, 1);
      if (!key) return;
      sim::GetItemRequest get;
      get.table_name = c.layout.table_name;
      get.key = *key;
      get.consistent_read = true;
      auto got = c.plane->GetItem(get);
      if (!got.ok() || !got->item) {
        Fail(result, fmt::format("{} made {} {} again, but it could not be read back", cp.name,
                                 en.name, named));
        return;
      }
      for (const AggregateValue& v : a.values) {
        if (v.function == AggregateFunction::kJoined) continue;
        const std::string& name = en.attributes[static_cast<std::size_t>(v.target)].name;
        auto have = got->item->find(name);
        auto expect = want.find(name);
        const std::string have_text =
            have == got->item->end() ? "absent" : exec::NaturalText(have->second);
        const std::string want_text =
            expect == want.end() ? "absent" : exec::NaturalText(expect->second);
        const bool same =
            have != got->item->end() && expect != want.end() &&
                    have->second.is(sim::ValueType::kN) && expect->second.is(sim::ValueType::kN)
                ? sim::Number::Compare(have->second.scalar(), expect->second.scalar()) == 0
                : have_text == want_text;
        if (same) continue;
        Fail(result,
             fmt::format("{} deleted {} {} while {} of its {} items remained in '{}', and {} "
                         "made it again: its {} is {}, the {} items give {} (W544: condition "
                         "the delete on the group being empty)",
                         wp.name, en.name, named, members.size(), c.entity(a.of).name, a.name,
                         cp.name, name, have_text, c.entity(a.of).name, want_text));
      }
      return;
    }
  }
}

void CheckWrite(Context& c, int w, PatternCheck& result) {
  const WritePlan& plan = c.layout.writes[static_cast<std::size_t>(w)];
  const WritePattern& wp = c.model.write_patterns[static_cast<std::size_t>(plan.pattern_id)];
  // Where an `also` entry's condition fails: refused, nothing changed.
  CheckAlsoFailures(c, w, result);
  if (wp.kind == WriteKind::kCreate) {
    // A create naming a group whose item the application never made: refused.
    CheckMissingGroupItems(c, w, result);
    if (CheckCreates(c, w, result)) CheckUniqueValues(c, w, result);
    // An embedded child's create is refused by a parent holding `max` children already.
    if (plan.embedded >= 0) {
      if (auto rec = NewRecord(c, wp.entity, static_cast<std::int64_t>(w) * 10 + 8)) {
        Canonicalize(c, wp.entity, *rec);
        CheckEmbeddedFull(c, w, *rec, result);
      }
      CheckEmbeddedSibling(c, w, result);
    }
    return;
  }
  // A conditional write runs first where its condition fails, clause by clause (refused, nothing
  // changed), then as below on live records where it holds (each run changes what holds).
  const Entity& en = c.entity(wp.entity);
  const auto& records = c.data.records[static_cast<std::size_t>(wp.entity)];
  auto holding = [&] {
    std::vector<std::size_t> live = Live(c, wp.entity);
    live.erase(
        std::remove_if(live.begin(), live.end(),
                       [&](std::size_t i) {
                         AlsoRun probe;
                         return !ConditionArguments(en, wp, records[i].current(), -1) ||
                                !InLiveGroups(c, wp.entity, records[i].current()) ||
                                (!wp.also.empty() &&
                                 !PrepareAlso(c, wp, records[i].current(), -1, -1,
                                              5300000 + static_cast<std::int64_t>(i), probe));
                       }),
        live.end());
    return live;
  };
  if (!wp.conditions.empty() || !wp.also.empty()) {
    CheckConditionFailures(c, w, result);
    if (holding().empty()) {
      Fail(result,
           fmt::format(
               "{}: no {} in the synthetic data on which its condition{} hold{}, "
               "so it was not run (more data may hold one: a larger --items, another --seed)",
               wp.name, en.name, wp.also.empty() ? "" : "s and its 'also' entries'",
               wp.also.empty() ? "s" : ""));
      return;
    }
  }
  if (wp.kind == WriteKind::kDelete) {
    CheckDelete(c, w, holding(), result);
    return;
  }
  std::map<std::string, std::set<std::string>> sparse = SparseBoundaries(c, wp.entity);
  for (int k = 0; k < 3; ++k) {
    std::vector<std::size_t> live = holding();
    if (live.empty()) break;
    if (!CheckUpdate(c, w, k, live, sparse, result)) return;
  }
  CheckConcurrentUpdate(c, w, result);
}

// Partition load and cost of a write pattern at its declared rate, from the declarations
// (model/cost.h): every key, with or without parameters.
void MeasureWrite(Context& c, int w, PatternCheck& result) {
  const WritePlan& plan = c.layout.writes[static_cast<std::size_t>(w)];
  const WritePattern& wp = c.model.write_patterns[static_cast<std::size_t>(plan.pattern_id)];
  if (result.calls == 0 && result.failures.empty()) {
    // A write never run proves nothing: it fails rather than pass unchecked.
    result.failures.push_back(fmt::format(
        "{} was never run: the check found no {} to {} with it", wp.name, c.entity(wp.entity).name,
        wp.kind == WriteKind::kCreate ? "create (no fresh identifier)" : "change"));
  }
  WriteFigures f = EstimateWrite(c.model, c.layout, plan);
  // The busiest value's partition takes the writes of every pattern on it: on a key hot patterns
  // read, and on a partition several patterns share or a natural-key index's (the derivation's
  // sums: model/hot_partitions.h HotPartitions, SharedPartitions, W541-W543). That sum, per
  // shard, when it is more.
  std::vector<HotPartition> partitions = HotPartitions(c.model, c.layout);
  for (HotPartition& h : SharedPartitions(c.model, c.layout)) partitions.push_back(std::move(h));
  bool natural = false;
  for (const HotPartition& h : partitions) {
    bool on = std::any_of(h.parts.begin(), h.parts.end(), [&](const HotPartitionPart& part) {
      return part.write && part.pattern == wp.name;
    });
    if (!on || h.wcu_per_shard_s <= f.busiest_wcu_per_s + 1e-9) continue;
    f.busiest_wcu_per_s = h.wcu_per_shard_s;
    f.busiest_key = fmt::format("{}, whose busiest value takes {}{}", PartitionName(h),
                                DescribeParts(h, true), h.shards > 1 ? ", on each shard" : "");
    f.busiest_constant = false;
    f.assumption.clear();
    natural = h.index > 0 && c.model.table.NaturalIndex(h.index);
  }
  result.monthly_cost_usd = f.monthly_cost_usd;
  result.hottest_partition_units_per_s = f.busiest_wcu_per_s;
  if (f.busiest_wcu_per_s > kPartitionWriteLimit) {
    auto& sink = f.busiest_wcu_per_s > kOverloadFailFactor * kPartitionWriteLimit ? result.failures
                                                                                  : result.warnings;
    sink.push_back(fmt::format(
        "{} would throttle: at {} writes/s its busiest partition ({}) takes about {:.0f} WCU/s, "
        "over DynamoDB's {:.0f} per partition{}; {}",
        wp.name, wp.rate, f.busiest_key, f.busiest_wcu_per_s, kPartitionWriteLimit,
        f.assumption.empty() ? "" : " (" + f.assumption + ")",
        natural ? "the partition key of a natural-key index is the entity's own attribute, "
                  "which cannot be sharded: key the index on an attribute with more values, "
                  "leave it out so that the design derives a view it can shard, or lower the "
                  "rates"
        : f.busiest_constant ? "shard it"
                             : "spread the key over more values or lower the rate"));
  }
}

}  // namespace

bool LinksToFullParent(const Context& c, EntityId e, const sim::Item& item) {
  return FullParent(c, e, item, Live(c, e));
}

void BuildOracle(const Model& model, Channel<FinishedEntity>& finished,
                 std::unique_ptr<Oracle>* oracle, std::optional<sim::Error>* error) {
  auto opened = Oracle::Open(model);
  if (!opened.ok()) {
    *error = opened.error();
    return;
  }
  while (auto next = finished.Pop()) {
    if (auto s = (*opened)->AddRecords(next->first, *next->second); !s.ok()) {
      *error = s.error();
      return;
    }
  }
  *oracle = std::move(opened.value());
}

namespace {

// The sampling stream of one pattern's run in one round (`round` "": the first): a pattern's
// picks (the records it reads with or writes, the values it ranges over) come from the seed and
// its own name, not from what the patterns before it drew, so its row is the same whether it is
// checked alone (--pattern) or with every other pattern. FNV-1a of the name: stable across
// platforms and standard libraries, unlike std::hash.
Rng PatternRng(std::uint64_t seed, const std::string& pattern, const std::string& round) {
  std::uint64_t h = 0xcbf29ce484222325ULL;
  auto mix = [&](const std::string& text) {
    for (unsigned char ch : text) {
      h ^= ch;
      h *= 0x100000001b3ULL;
    }
    h ^= 0xff;  // a separator no name holds
    h *= 0x100000001b3ULL;
  };
  mix(pattern);
  mix(round);
  return Rng(seed ^ 0x5eedULL ^ h);
}

// The report before anything ran: the table, the data loaded, and one empty row per read
// pattern then per write pattern, in the layout's order.
CheckReport EmptyReport(const Context& c) {
  CheckReport report;
  report.table = c.layout.table_name;
  report.provisioned = c.model.table.billing == BillingMode::kProvisioned;
  report.records = c.data.total_records();
  report.items = c.items_loaded;
  for (const ReadPlan& plan : c.layout.reads) {
    const AccessPattern& p = c.model.access_patterns[static_cast<std::size_t>(plan.pattern_id)];
    report.patterns.push_back(PatternCheck{
        .name = p.name, .write = false, .range = p.range, .failures = {}, .warnings = {}});
  }
  for (const WritePlan& plan : c.layout.writes) {
    const WritePattern& w = c.model.write_patterns[static_cast<std::size_t>(plan.pattern_id)];
    report.patterns.push_back(PatternCheck{
        .name = w.name, .write = true, .range = w.range, .failures = {}, .warnings = {}});
  }
  return report;
}

}  // namespace

sim::SimResult<CheckReport> RunCheck(const Model& model, const KeyLayout& layout,
                                     const CheckOptions& options) {
  check::Context c{model, layout, options, {}, {}, {}, nullptr, Rng(options.seed ^ 0x5eedULL),
                   {},    {},     0,       {}, {}, 0,  {},      {},
                   false};
  if (options.stage) options.stage("synthesizing data");
  // The oracle (its own SQLite database) is built on a second thread, entity by entity as
  // synthesis finishes each; it reads only records that no longer change.
  Channel<check::FinishedEntity> finished(model.entities.size() + 1);
  std::optional<sim::Error> oracle_error;
  std::jthread building([&] { check::BuildOracle(model, finished, &c.oracle, &oracle_error); });
  CloseOnExit close_finished(finished);
  c.data = Synthesize(model, SynthOptions{options.items, options.seed},
                      [&](EntityId e, const std::vector<Record>& records) {
                        if (!options.canonical) finished.Push({e, &records});
                      });
  if (options.canonical) {
    // The oracle takes the records in their final form, once they all are.
    for (std::size_t e = 0; e < c.data.records.size(); ++e) {
      for (Record& r : c.data.records[e]) Canonicalize(c, static_cast<EntityId>(e), r);
      finished.Push({static_cast<EntityId>(e), &c.data.records[e]});
    }
  }
  finished.Close();
  if (options.stage) options.stage("loading items");
  for (const auto& records : c.data.records) c.deleted.emplace_back(records.size(), false);
  c.touched.resize(c.data.records.size());
  c.identities.resize(c.data.records.size());
  c.identities_seen.resize(c.data.records.size());
  if (options.plane != nullptr) {
    c.plane = options.plane;
  } else {
    sim::DatabaseOptions db_options;
    db_options.partition_usage = false;  // partition load is modeled from the declared rates
    // The table's clock is the check's (kCheckNowSeconds): Time to Live's deletions
    // (ExpireItems) and the stream records' creation times follow it, as the reads' expiry does.
    db_options.clock = [] { return kCheckNowSeconds * 1000; };
    auto db = sim::Database::Open(db_options);
    if (!db.ok()) return db.error();
    c.db = std::move(db.value());
    c.plane = c.db.get();
  }
  if (auto s = check::CreateTable(c); !s.ok()) return s.error();
  if (auto s = check::LoadAll(c); !s.ok()) return s.error();
  if (auto s = check::StartAggregates(c); !s.ok()) return s.error();
  building.join();
  if (oracle_error) return *oracle_error;
  // Joined counts start at the backfilled items; every write from here on is counted.
  if (auto s = c.oracle->StartJoinedCounts(c.data); !s.ok()) return s.error();

  CheckReport report = EmptyReport(c);
  if (auto s = check::ReportEmbeddedOverflows(c, report); !s.ok()) return s.error();
  std::size_t reads = layout.reads.size();
  std::size_t writes = layout.writes.size();
  // --pattern naming an aggregate (no pattern has an aggregate's name: E437): only it, through
  // the write patterns that can change it, and its comparison with the oracle.
  int only_aggregate = -1;
  for (std::size_t i = 0; i < layout.aggregates.size() && !options.pattern.empty(); ++i)
    if (layout.aggregates[i].name == options.pattern) only_aggregate = static_cast<int>(i);
  std::vector<bool> chosen(report.patterns.size());
  for (std::size_t i = 0; i < report.patterns.size(); ++i) {
    if (only_aggregate >= 0) {
      const AggregateLayout& al = layout.aggregates[static_cast<std::size_t>(only_aggregate)];
      chosen[i] =
          i >= reads &&
          WriteChangesAggregate(
              model,
              model.write_patterns[static_cast<std::size_t>(layout.writes[i - reads].pattern_id)],
              model.aggregates[static_cast<std::size_t>(al.aggregate_id)]);
    } else {
      chosen[i] = options.pattern.empty() || report.patterns[i].name == options.pattern;
    }
  }
  auto selected = [&](std::size_t i) { return static_cast<bool>(chosen[i]); };
  // One pattern checked alone shows the row it shows in a full check: the check runs what the
  // full check runs before that row is complete, into scratch rows. A write pattern's run
  // changes the data the next ones pick from, so the write patterns declared before it run
  // first; a read's row takes its run after every write pattern and the aggregates' rounds, and
  // an aggregate's compares the groups every write pattern left, so those run first. Each
  // pattern samples from a stream of its own (PatternRng).
  const bool alone = !options.pattern.empty() && only_aggregate < 0;
  const auto named = std::find_if(report.patterns.begin(), report.patterns.end(),
                                  [&](const PatternCheck& p) { return p.name == options.pattern; });
  const std::size_t alone_index = static_cast<std::size_t>(named - report.patterns.begin());
  const bool alone_read = alone && alone_index < reads;
  // Write patterns the run applies: every one in a full check, for a read checked alone and for
  // an aggregate checked alone (the others create and delete groups it compares too); those up
  // to a write pattern checked alone.
  auto runs_write = [&](std::size_t w) { return !alone || alone_read || reads + w <= alone_index; };
  int total = static_cast<int>(reads * 2 + writes);
  int done = 0;
  auto tick = [&] {
    ++done;
    if (options.progress) options.progress(done, total);
  };
  for (std::size_t r = 0; r < reads; ++r, tick()) {
    if (!selected(r)) continue;
    c.rng = PatternRng(options.seed, report.patterns[r].name, "");
    check::CheckRead(c, static_cast<int>(r), "", report.patterns[r]);
  }
  for (std::size_t w = 0; w < writes; ++w, tick()) {
    if (!runs_write(w)) continue;
    PatternCheck scratch;
    c.rng = PatternRng(options.seed, report.patterns[reads + w].name, "");
    check::CheckWrite(c, static_cast<int>(w),
                      selected(reads + w) ? report.patterns[reads + w] : scratch);
  }
  // Once every write pattern that runs ran (a like made by likePost is in its post's group): a
  // group item deleted while items of its group remain, then made again (W544).
  for (std::size_t w = 0; w < writes; ++w) {
    if (!runs_write(w)) continue;
    PatternCheck scratch;
    c.rng = PatternRng(options.seed, report.patterns[reads + w].name, "recreate");
    check::CheckRecreatedGroup(c, static_cast<int>(w),
                               selected(reads + w) ? report.patterns[reads + w] : scratch);
  }
  if (!alone || alone_read) {
    c.rng = PatternRng(options.seed, "", "aggregates");
    CheckReport scratch;
    if (auto s = check::CheckAggregates(c, alone_read ? scratch : report); !s.ok())
      return s.error();
    c.aggregates_compared = true;
  }
  std::string round =
      !alone || alone_read ? "after the write patterns" : "after " + options.pattern;
  // After every write pattern each read's own row takes this round's calls and failures (a read
  // checked alone: its own). After one write pattern, checked alone, its row takes only the
  // failures (what it, or the write patterns before it, left stale): the reads' requests and
  // items are not the write's, whose figures stay the ones it shows in a full check.
  for (std::size_t r = 0; r < reads && only_aggregate < 0; ++r, tick()) {
    if (alone_read && r != alone_index) continue;
    c.rng = PatternRng(options.seed, report.patterns[r].name, "again");
    if (!alone || alone_read) {
      check::CheckRead(c, static_cast<int>(r), round, report.patterns[r]);
      continue;
    }
    PatternCheck reread;
    check::CheckRead(c, static_cast<int>(r), round, reread);
    for (std::string& f : reread.failures) named->failures.push_back(std::move(f));
  }
  for (std::size_t r = 0; r < reads; ++r) {
    if (selected(r)) check::MeasureRead(c, static_cast<int>(r), report.patterns[r]);
  }
  for (std::size_t w = 0; w < writes; ++w) {
    if (selected(reads + w))
      check::MeasureWrite(c, static_cast<int>(w), report.patterns[reads + w]);
  }
  if (!options.pattern.empty()) {
    std::vector<PatternCheck> kept;
    for (std::size_t i = 0; i < report.patterns.size(); ++i)
      if (chosen[i]) kept.push_back(std::move(report.patterns[i]));
    report.patterns = std::move(kept);
  }
  if (only_aggregate >= 0) {
    std::erase_if(report.aggregates,
                  [&](const AggregateCheck& a) { return a.name != options.pattern; });
  }
  for (const PatternCheck& p : report.patterns) report.monthly_cost_usd += p.monthly_cost_usd;
  // The stream consumers' reads and writes, as `model design`'s cost summary counts them, so the
  // total is what the table is billed (model/cost.h EstimateAggregate).
  for (std::size_t i = 0; i < layout.aggregates.size(); ++i) {
    const AggregateLayout& al = layout.aggregates[i];
    bool counted = options.pattern.empty() || static_cast<int>(i) == only_aggregate;
    if (counted && al.maintainer == Maintainer::kStream)
      report.monthly_cost_usd += EstimateAggregate(model, layout, al).monthly_cost_usd;
  }
  return report;
}

void CheckAlsoFailures(Context& c, int w, PatternCheck& result) {
  const WritePlan& plan = c.layout.writes[static_cast<std::size_t>(w)];
  const WritePattern& wp = c.model.write_patterns[static_cast<std::size_t>(plan.pattern_id)];
  const EntityId e = wp.entity;
  const Entity& en = c.entity(e);
  auto& records = c.data.records[static_cast<std::size_t>(e)];
  for (std::size_t i = 0; i < wp.also.size(); ++i) {
    const AlsoWrite& a = wp.also[i];
    const Entity& other = c.entity(a.entity);
    for (std::size_t k = 0; k < a.conditions.size(); ++k) {
      const WriteCondition& cond = a.conditions[k];
      const auto entry = static_cast<int>(i);
      const auto clause = static_cast<int>(k);
      const std::int64_t serial = 6000000 + static_cast<std::int64_t>(w) * 1000 +
                                  static_cast<std::int64_t>(i) * 50 + clause;
      std::optional<Record> before, after;
      exec::Arguments args;
      AlsoRun run;
      if (wp.kind == WriteKind::kCreate) {
        if (auto rec = NewRecord(c, e, serial)) {
          exec::StartGroupValues(c.model, e, rec->versions.back());
          Canonicalize(c, e, *rec);
          if (AimAlso(c, wp, rec->versions.back(), entry, clause, serial) &&
              PrepareAlso(c, wp, rec->current(), entry, clause, serial, run))
            after = std::move(rec);
        }
      } else {
        for (std::size_t r : Live(c, e)) {
          auto own = ConditionArguments(en, wp, records[r].current(), -1);
          if (!own) continue;
          std::optional<Record> next;
          if (wp.kind == WriteKind::kUpdate)
            next = RefusedUpdate(c, wp, records[r], static_cast<int>(serial % 1000000));
          if (!PrepareAlso(c, wp, (next ? *next : records[r]).current(), entry, clause, serial,
                           run))
            continue;
          before = records[r];
          after = std::move(next);
          args = std::move(*own);
          break;
        }
      }
      if (!before && !after) {
        // A coverage gap, not a wrong answer: a warning (CheckConditionFailures).
        result.warnings.push_back(
            fmt::format("{}: no {} in the synthetic data on which {} fails and the rest of the "
                        "conditions hold: the synthetic data never exercises its failure path, so "
                        "the refused write was not run",
                        wp.name, other.name, cond.Text()));
        continue;
      }
      args.insert(run.args.begin(), run.args.end());
      const Record& subject = before ? *before : *after;
      // Every item the write and its entries could touch.
      // A create drawing a counter draws before its transaction, and a cancelled transaction
      // keeps the draw: the parent's count (and its facets') is left out here; ApplyWrite's
      // FollowCount checks it advanced by one at most (the gap the docs describe).
      const bool draws = plan.counter && after && !before;
      auto snapshot = [&] {
        auto out = Snapshot(c, e, subject, before && after ? &*after : nullptr);
        for (std::size_t j = 0; j < wp.also.size(); ++j) {
          auto more = Snapshot(c, wp.also[j].entity, run.before[j],
                               wp.also[j].kind == AlsoKind::kUpdate ? &run.after[j] : nullptr);
          if (draws && wp.also[j].entity == plan.counter->parent) {
            for (auto& [key, item] : more) {
              if (item) item->erase(plan.counter->source);
            }
          }
          out.insert(more.begin(), more.end());
        }
        return out;
      };
      auto was = snapshot();
      ++result.calls;
      sim::SimStatus s = ApplyWrite(c, w, before ? &*before : nullptr, after ? &*after : nullptr,
                                    result, args, run.records);
      const std::string identity = IdentityText(other, run.before[i].current());
      if (s.ok()) {
        Fail(result, fmt::format("{} applied where {} does not hold on its {} ({}): the "
                                 "condition was not sent",
                                 wp.name, cond.Text(), other.name, identity));
      } else if (!RefusedForCondition(s.error())) {
        Fail(result,
             fmt::format("{} where {} does not hold on its {} ({}): expected "
                         "TransactionCanceledException (ConditionalCheckFailed), got {}: {}",
                         wp.name, cond.Text(), other.name, identity, s.error().name,
                         s.error().message));
      }
      if (snapshot() != was) {
        Fail(result, fmt::format("{} where {} does not hold on its {} ({}) changed the table: a "
                                 "cancelled transaction must change nothing{}",
                                 wp.name, cond.Text(), other.name, identity,
                                 draws ? " but the draw's count" : ""));
      }
      if (s.ok()) {
        // Keep the dataset and the oracle in step with the table it changed.
        if (after && !before) {
          records.push_back(std::move(*after));
          c.deleted[static_cast<std::size_t>(e)].push_back(false);
          (void)c.oracle->Store(e, records.size() - 1, &records.back());
          FollowTransactionGroups(c, e);
        }
        return;
      }
    }
  }
}

}  // namespace model::check
