// Rule: item types. Each entity's main item (v0 when versioned) with the views packed on it; its
// facets (partial copies in the same partition carrying more views); version history items;
// uniqueness items (one per unique attribute value, kept by transactions). Then each GSI's
// projection from what its patterns read, and a check that no two item types' table keys can
// collide.
#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <set>

#include "model/derive/internal.h"
#include "model/index_projection.h"
#include "model/keys/key_match.h"
#include "model/sparse_facet.h"

namespace model::derive {

namespace {

std::vector<std::string> InDeclarationOrder(const Entity& e, const std::set<std::string>& names) {
  std::vector<std::string> out;
  for (const auto& a : e.attributes) {
    if (names.count(a.name)) out.push_back(a.name);
  }
  return out;
}

std::vector<std::string> AllAttributes(const Entity& e) {
  std::vector<std::string> out;
  for (const auto& a : e.attributes) out.push_back(a.name);
  return out;
}

// Attributes the patterns of a view read (nullopt: whole items). With `entity` >= 0, only the
// patterns returning that entity count: what a facet of it must copy.
// The attributes of `p`'s filter that a Query of view `v` applies as a FilterExpression (those
// the view is not sparse on): a global secondary index must project them, or DynamoDB refuses
// the Query ("does not project one or more filter attributes").
std::vector<std::string> FilterAttributes(const AccessPattern& p, const View& v) {
  std::vector<std::string> out;
  for (const FixedFilter& f : p.filters) {
    bool sparse = std::any_of(v.filters.begin(), v.filters.end(), [&](const SparseCondition& sc) {
      return sc.attribute == f.attribute;
    });
    if (!sparse) out.push_back(f.attribute);
  }
  return out;
}

std::optional<std::set<std::string>> NeededAttributes(const Context& c, const View& v,
                                                      EntityId entity = -1) {
  std::set<std::string> out;
  for (int pid : v.patterns) {
    const AccessPattern& p = c.model.access_patterns[static_cast<std::size_t>(pid)];
    auto needs = PatternNeeds(c, p, entity);
    if (!needs) return std::nullopt;
    out.insert(needs->begin(), needs->end());
    for (const std::string& a : FilterAttributes(p, v)) out.insert(a);
  }
  return out;
}

void AddIndexKeys(const Context& c, const SlotItem& slots, EntityId e, ItemType* t) {
  for (std::size_t g = 0; g < slots.views_by_gsi.size(); ++g) {
    int k = slots.views_by_gsi[g];
    if (k < 0) continue;
    const View& v = c.views[static_cast<std::size_t>(k)];
    IndexKeys keys;
    keys.index = static_cast<int>(g) + 1;
    keys.partition_key = ViewPartitionKey(c, v);
    keys.sort_key = ViewSortKey(c, v, e);
    keys.only_when = v.filters;
    t->index_keys.push_back(keys);
    t->shards = std::max(t->shards, v.shards);
    std::vector<std::string> names;
    for (int p : v.patterns)
      names.push_back(c.model.access_patterns[static_cast<std::size_t>(p)].name);
    std::string why = fmt::format("carries {} keys {}", c.model.table.GsiName(keys.index),
                                  model::keys::KeyPairText(keys.partition_key, keys.sort_key));
    if (!v.filters.empty()) why += " only while the filter holds (sparse)";
    t->reasons.push_back(Reason{why, names});
    for (const auto& r : v.reasons) t->reasons.push_back(r);
  }
}

KeyTemplate FacetSortKey(const std::string& label, const KeyTemplate& main_sk) {
  TemplateBuilder b;
  b.Literal(label);
  for (const auto& part : main_sk.parts) {
    if (part.is_attribute) b.Sep().Attr(part.text, part.encoding, part.width);
  }
  return b.Build();
}

void AddFacets(Context& c, const SlotUnit& unit, const ItemType& base) {
  const Entity& en = c.entity(unit.entity);
  for (std::size_t i = 1; i < unit.items.size(); ++i) {
    const SlotItem& slots = unit.items[i];
    ItemType t;
    t.name = slots.facet_name;
    t.label = slots.facet_label;
    t.role = ItemRole::kFacet;
    t.entity = unit.entity;
    t.partition_key = base.partition_key;
    t.sort_key = FacetSortKey(slots.facet_label, base.sort_key);
    t.count = base.count;
    // Narrow: only what the patterns it serves return (their projections, the sum an aggregate
    // adds up, the identifier, the expiry), whole items only when one of them returns them.
    std::set<std::string> attrs;
    for (AttrId id : en.identifier) attrs.insert(en.attributes[static_cast<std::size_t>(id)].name);
    bool all = false;
    // Sparse: every view on it indexes only the items meeting a condition.
    bool sparse = true;
    for (int k : slots.views_by_gsi) {
      if (k < 0) continue;
      const View& v = c.views[static_cast<std::size_t>(k)];
      sparse = sparse && !v.filters.empty();
      auto needed = NeededAttributes(c, v, unit.entity);
      if (!needed)
        all = true;
      else
        attrs.insert(needed->begin(), needed->end());
    }
    t.attributes = all ? AllAttributes(en) : InDeclarationOrder(en, attrs);
    t.reasons.push_back(
        Reason{fmt::format("a facet of '{}' in its partition: the entity needs more index "
                           "views than there are GSIs, so this copy carries the rest",
                           en.name),
               {}});
    if (!all) {
      t.reasons.push_back(Reason{
          fmt::format("copies only what its patterns return: {}", fmt::join(t.attributes, ", ")),
          {}});
    }
    if (sparse) {
      t.reasons.push_back(
          Reason{"sparse: every view on it is, so it exists only while the entity is in one of "
                 "them (written then, deleted when it leaves)",
                 {}});
    }
    AddIndexKeys(c, slots, unit.entity, &t);
    c.layout.item_types.push_back(t);
  }
}

void CheckCollisions(Context& c) {
  const auto& types = c.layout.item_types;
  std::map<std::string, std::vector<std::size_t>> by_head;  // first literal segment ("" = wildcard)
  for (std::size_t i = 0; i < types.size(); ++i) {
    const auto& pk = types[i].partition_key;
    std::string head;
    if (!pk.parts.empty() && !pk.parts[0].is_attribute) {
      head = pk.parts[0].text.substr(0, pk.parts[0].text.find(kKeySeparator));
      if (head == pk.parts[0].text && pk.parts.size() > 1)
        head.clear();  // literal runs into a placeholder
    }
    by_head[head].push_back(i);
  }
  auto check = [&](std::size_t a, std::size_t b) {
    // Uniqueness items of one shared name space collide on purpose: that is the claim.
    if (types[a].role == ItemRole::kUniqueness && types[b].role == ItemRole::kUniqueness &&
        !types[a].unique_scope.empty() && types[a].unique_scope == types[b].unique_scope) {
      return;
    }
    if (!MayCollide(types[a].partition_key, types[b].partition_key) ||
        !MayCollide(types[a].sort_key, types[b].sort_key)) {
      return;
    }
    const Entity& ea = c.entity(types[a].entity);
    const Entity& eb = c.entity(types[b].entity);
    const Entity& pinned = ea.pinned_keys ? ea : eb;
    Diagnostic& d = c.diags.Error(
        DiagId::kKeyTemplateConflict, pinned.pinned_keys ? pinned.pinned_keys->range : ea.range,
        fmt::format("the keys of item type '{}' ({} / {}) can collide with those of '{}' ({} / {})",
                    types[a].name, types[a].partition_key.ToString(), types[a].sort_key.ToString(),
                    types[b].name, types[b].partition_key.ToString(),
                    types[b].sort_key.ToString()));
    // The note names the entity the error does not point at.
    const Entity& at = pinned.pinned_keys ? pinned : ea;
    const Entity& other = &at == &ea ? eb : ea;
    if (&other != &at) Diagnostics::Note(d, other.range, "the other entity is declared here");
    c.failed = true;
  };
  const auto& wild = by_head[""];
  for (const auto& [head, ids] : by_head) {
    for (std::size_t x = 0; x < ids.size(); ++x) {
      for (std::size_t y = x + 1; y < ids.size(); ++y) check(ids[x], ids[y]);
      if (!head.empty()) {
        for (std::size_t w : wild) check(ids[x], w);
      }
    }
  }
}

// Whether some entity a view on GSI `gsi` returns expires (its items carry the TTL attribute).
bool IndexExpires(const Context& c, int gsi) {
  for (const auto& v : c.views) {
    if (v.gsi != gsi) continue;
    for (EntityId e : v.entities) {
      if (!c.entity(e).ttl.empty()) return true;
    }
  }
  return false;
}

// An INCLUDE projection of `attrs` plus _type (reads filter on it) and, when the index's items
// expire, the TTL attribute (reads leave out expired items by it), with the reason saying what
// `attrs` are.
void SetInclude(Context& c, IndexLayout& index, std::set<std::string> attrs, bool expires,
                const std::string& what) {
  attrs.insert(kTypeAttribute);
  if (expires) attrs.insert(c.layout.ttl_attribute);
  index.projection = Projection::kInclude;
  index.projected_attributes.assign(attrs.begin(), attrs.end());
  index.reasons.push_back(
      Reason{expires ? fmt::format("projects {}, plus _type and {} (reads leave out expired items)",
                                   what, c.layout.ttl_attribute)
                     : fmt::format("projects {}, plus _type", what),
             {}});
}

// GSI `index` with the projection the model pins on it (DeclaredIndex): as written, an INCLUDE
// adding _type (reads filter on it) and the TTL attribute when its items expire. DynamoDB fetches
// nothing from the table for a global secondary index: a Query of it returns only what it
// projects, and the application reads the rest from the table
// (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/GSI.html#GSI.Projections).
// So a read routed to it needing what it leaves out is recorded (Context::table_fetches) for a
// second step fetching its items by their table keys (AttachTableFetches). It is an error (E239)
// when the Query's FilterExpression names what the index leaves out (DynamoDB refuses it), or
// when the read already follows a relationship's other side (its first step's items are links,
// not the items returned).
void ApplyPinnedProjection(Context& c, IndexLayout& index, const DeclaredIndex& d) {
  const std::string name = c.model.table.GsiName(index.number);
  switch (*d.projection) {
    case PinnedProjection::kAll:
      index.projection = Projection::kAll;
      index.reasons.push_back(Reason{"projects ALL, pinned in the model", {}});
      break;
    case PinnedProjection::kKeysOnly:
      index.projection = Projection::kKeysOnly;
      index.reasons.push_back(Reason{"projects KEYS_ONLY, pinned in the model", {}});
      break;
    case PinnedProjection::kInclude:
      SetInclude(c, index, std::set<std::string>(d.include.begin(), d.include.end()),
                 IndexExpires(c, index.number), "the attributes pinned in the model");
      break;
  }
  std::set<int> reported;
  for (const auto& v : c.views) {
    if (v.gsi != index.number) continue;
    for (int pid : v.patterns) {
      if (!reported.insert(pid).second) continue;
      const AccessPattern& p = c.model.access_patterns[static_cast<std::size_t>(pid)];
      std::string misses = ProjectionMisses(c, p, index.number);
      bool filtered = false;
      if (*d.projection != PinnedProjection::kAll) {
        for (const std::string& a : FilterAttributes(p, v)) {
          if (*d.projection == PinnedProjection::kInclude &&
              std::find(d.include.begin(), d.include.end(), a) != d.include.end())
            continue;
          std::string quoted = fmt::format("'{}'", a);
          if (misses.find(quoted) != std::string::npos) continue;
          misses += (misses.empty() ? "" : ", ") + quoted + " (filtered on)";
          filtered = true;
        }
      }
      if (misses.empty()) continue;
      if (!filtered && !p.other_side) {
        c.table_fetches[pid] = Context::TableFetch{index.number, misses, d.projection_range};
        continue;
      }
      Diagnostic& e = c.diags.Error(
          DiagId::kProjectionMissesRead, p.index_range.valid() ? p.index_range : p.range,
          fmt::format("access pattern '{}' is served by index '{}', whose pinned projection ({}) "
                      "leaves out {}, which the pattern needs, and a global secondary index reads "
                      "nothing from the table; project them, or give the pattern a 'project' "
                      "list the index holds",
                      p.name, name, ProjectionName(index.projection), misses));
      Diagnostics::Note(e, d.projection_range, "the projection is pinned here");
      c.failed = true;
    }
  }
}

// DynamoDB takes at most this many projected non-key attributes summed over a table's indexes,
// an attribute projected into two indexes counting twice ("Projected Secondary Index Attributes
// Per Table": https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/ServiceQuotas.html;
// only INCLUDE projections count).
constexpr std::size_t kMaxProjectedAttributes = 100;

// E248: the pinned INCLUDE projections (with the _type and TTL attribute ApplyPinnedProjection
// adds to each, and _version/_latest: model/index_projection.h) past kMaxProjectedAttributes,
// reported at the listed attribute that passes it. Returns the non-key attributes the pinned
// projections take.
std::size_t CheckPinnedProjectionQuota(Context& c) {
  std::vector<std::pair<const IndexLayout*, const DeclaredIndex*>> pinned;
  std::size_t total = 0;
  bool expires = false;
  for (const IndexLayout& index : c.layout.indexes) {
    const DeclaredIndex* d = c.model.table.FindIndex(index.number);
    if (!d || !d->projection || *d->projection != PinnedProjection::kInclude) continue;
    pinned.push_back({&index, d});
    total += IncludeNonKeyAttributes(c.layout, index).size();
    expires = expires || IndexExpires(c, index.number);
  }
  if (total <= kMaxProjectedAttributes) return total;
  // The listed attribute at which the count passes the limit (each index's added _type and TTL
  // attribute counted first).
  std::size_t count = 0;
  SourceRange where = pinned.back().second->projection_range;
  const DeclaredIndex* crossed = pinned.back().second;
  for (const auto& [index, d] : pinned) {
    const std::size_t listed = d->include.size();
    count += std::max(IncludeNonKeyAttributes(c.layout, *index).size(), listed) - listed;
    std::size_t i = 0;
    while (i < d->include.size() && count <= kMaxProjectedAttributes) {
      ++count;
      ++i;
    }
    if (count > kMaxProjectedAttributes) {
      where = i > 0 ? d->include_ranges[i - 1] : d->projection_range;
      crossed = d;
      break;
    }
  }
  Diagnostic& e = c.diags.Error(
      DiagId::kTooManyProjectedAttributes, where,
      fmt::format("the pinned projections project {} non-key attributes over the table's indexes "
                  "(each INCLUDE also holds _type{}{}), past DynamoDB's {} per table, an attribute "
                  "in two indexes counting twice; list fewer, or project ALL on an index that "
                  "needs most of them (ALL does not count)",
                  total, expires ? ", the TTL attribute" : "",
                  HasVersionedItems(c.layout) ? ", _version and _latest" : "",
                  kMaxProjectedAttributes));
  if (crossed != pinned.front().second)
    Diagnostics::Note(e, pinned.front().second->projection_range,
                      "the first pinned INCLUDE projection is here");
  c.failed = true;
  return total;
}

void BuildProjections(Context& c) {
  for (auto& index : c.layout.indexes) {
    if (const DeclaredIndex* d = c.model.table.FindIndex(index.number); d && d->projection)
      ApplyPinnedProjection(c, index, *d);
  }
  // What the pinned projections leave of the quota is the derived INCLUDE projections' budget.
  const std::size_t pinned = CheckPinnedProjectionQuota(c);
  std::size_t derived = 0;
  for (auto& index : c.layout.indexes) {
    if (const DeclaredIndex* d = c.model.table.FindIndex(index.number); d && d->projection)
      continue;
    bool all = false;
    bool expires = false;
    std::set<std::string> attrs;
    for (const auto& v : c.views) {
      if (v.gsi != index.number) continue;
      for (EntityId e : v.entities) expires = expires || !c.entity(e).ttl.empty();
      auto needed = NeededAttributes(c, v);
      if (!needed)
        all = true;
      else
        attrs.insert(needed->begin(), needed->end());
    }
    // Whole items of a parent holding an embedded collection need all its attributes but the
    // collection, which no read of the parent returns: leaving it out of the projection keeps a
    // child's write (an update of the map alone) from writing the index, since DynamoDB writes
    // an index entry only when its keys or projected attributes change
    // (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/GSI.html#GSI.Writes).
    std::set<std::string> maps;
    std::set<std::string> whole;
    if (all) {
      for (const auto& v : c.views) {
        if (v.gsi != index.number) continue;
        for (EntityId e : v.entities) {
          for (const std::string& m : EmbeddedMaps(c.model, e)) maps.insert(m);
          for (const std::string& a : AllAttributes(c.entity(e))) whole.insert(a);
        }
      }
      for (const std::string& m : maps) whole.erase(m);
    }
    // A natural-key index's key attributes are entity attributes, in every projection of it
    // already: no NonKeyAttributes entry.
    if (index.natural) {
      for (const std::string* k : {&index.partition_key, &index.sort_key}) {
        attrs.erase(*k);
        whole.erase(*k);
      }
    }
    // DynamoDB takes at most 100 projected non-key attributes across a table's indexes
    // (kMaxProjectedAttributes): what the pinned projections and the derived ones before this
    // index take is spent.
    const std::size_t projected = pinned + derived;
    if (all && !maps.empty() && projected + whole.size() + 2 <= kMaxProjectedAttributes) {
      whole.insert(kTypeAttribute);
      if (expires) whole.insert(c.layout.ttl_attribute);
      index.projection = Projection::kInclude;
      index.projected_attributes.assign(whole.begin(), whole.end());
      index.reasons.push_back(Reason{
          fmt::format("projects every attribute of its items but the embedded {} ({}): a pattern "
                      "on it reads whole items, which do not hold their children, and a child's "
                      "write then writes no index entry",
                      maps.size() == 1 ? "collection" : "collections", fmt::join(maps, ", ")),
          {}});
    } else if (all) {
      index.projection = Projection::kAll;
      index.reasons.push_back(Reason{"projects ALL: a pattern on it reads whole items", {}});
    } else if (projected + attrs.size() + (expires ? 2 : 1) > kMaxProjectedAttributes) {
      // An INCLUDE of these would pass the quota; ALL holds them too and does not count.
      index.projection = Projection::kAll;
      index.reasons.push_back(Reason{
          fmt::format("projects ALL: an INCLUDE of the {} attributes its patterns read would pass "
                      "DynamoDB's {} projected attributes per table, {} of them taken already",
                      attrs.size() + (expires ? 2 : 1), kMaxProjectedAttributes, projected),
          {}});
    } else {
      SetInclude(c, index, std::move(attrs), expires, "only what its patterns read");
    }
    derived += index.projected_attributes.size();
  }
}

// Whether attribute `name` keys a natural-key index (its partition or sort key): an item carrying
// it may be in that index.
bool KeysNaturalIndex(const Table& table, const std::string& name) {
  return std::any_of(table.indexes.begin(), table.indexes.end(), [&](const DeclaredIndex& d) {
    return d.Natural() && (name == d.partition_key || name == d.sort_key);
  });
}

}  // namespace

std::optional<std::set<std::string>> PatternNeeds(const Context& c, const AccessPattern& p,
                                                  EntityId entity) {
  std::set<std::string> out;
  if (entity >= 0 && std::find(p.returns.begin(), p.returns.end(), entity) == p.returns.end())
    return out;
  // An aggregate returns no items: a count needs none of their attributes, a sum the one it adds
  // up (below).
  if (p.projection.empty() && !p.aggregate) return std::nullopt;
  for (const auto& a : p.projection) out.insert(a);
  // The attribute a sorted read orders by comes with its results (the index sort key is a
  // rendering of it, not the attribute), as in the items the table itself returns.
  if (p.sort) {
    for (EntityId e : p.returns) {
      if (c.entity(e).FindAttribute(p.sort->attribute) >= 0) out.insert(p.sort->attribute);
    }
  }
  if (p.aggregate && p.aggregate->kind == AggregateKind::kSum) out.insert(p.aggregate->attribute);
  for (EntityId e : p.returns) {
    const Entity& en = c.entity(e);
    for (AttrId id : en.identifier) out.insert(en.attributes[static_cast<std::size_t>(id)].name);
    // An item that copies the expiry carries the TTL attribute, so it expires with the entity.
    if (!en.ttl.empty()) out.insert(en.ttl);
  }
  return out;
}

bool KeysHoldIdentifier(const Context& c, const AccessPattern& p, const std::string& attribute) {
  bool held = false;
  for (EntityId e : p.returns) {
    const Entity& en = c.entity(e);
    const AttrId id = en.FindAttribute(attribute);
    if (id < 0) continue;
    if (std::find(en.identifier.begin(), en.identifier.end(), id) == en.identifier.end())
      return false;
    const Placement& pl = c.placements[static_cast<std::size_t>(e)];
    bool readable = false;
    for (const KeyTemplate* k : {&pl.partition_key, &pl.sort_key}) {
      for (const TemplatePart& part : k->parts) {
        if (part.is_attribute && part.text == attribute && keys::KeyValueReadable(part.encoding))
          readable = true;
      }
    }
    if (!readable) return false;
    held = true;
  }
  return held;
}

std::string ProjectionMisses(const Context& c, const AccessPattern& p, int gsi) {
  const DeclaredIndex* d = c.model.table.FindIndex(gsi);
  if (d == nullptr || !d->projection || *d->projection == PinnedProjection::kAll) return "";
  auto needs = PatternNeeds(c, p);
  if (!needs) return "part of the whole items";
  std::vector<std::string> missing;
  for (const auto& a : *needs) {
    if (*d->projection == PinnedProjection::kInclude &&
        std::find(d->include.begin(), d->include.end(), a) != d->include.end())
      continue;
    // A natural-key index's own key attributes are in every projection of it.
    if (d->Natural() && (a == d->partition_key || a == d->sort_key)) continue;
    // An identifier the table key holds as text comes with every entry (ReadPlan::
    // values_from_keys).
    if (KeysHoldIdentifier(c, p, a)) continue;
    missing.push_back(fmt::format("'{}'", a));
  }
  return fmt::format("{}", fmt::join(missing, ", "));
}

// Every item type's keys on each index keyed on the table's keys swapped (DeclaredIndex::
// Inverted): its table sort key as the index partition key and its table partition key as the
// index sort key. DynamoDB puts every item carrying an index's key attributes in the index
// (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/GSI.html#GSI.Writes), and
// every item carries the table's: facets, history and uniqueness items are in it as well as the
// entities' own (whose keys the views of AddInvertedIndexViews already gave).
void AddInvertedIndexKeys(Context& c) {
  for (const DeclaredIndex& d : c.model.table.indexes) {
    if (!d.Inverted()) continue;
    for (ItemType& t : c.layout.item_types) {
      // A sparse facet's entries are its sparse views' alone (model/sparse_facet.h): while it
      // exists DynamoDB has it in this index too, but the layout lists it under those only.
      if (IsSparseFacet(t)) continue;
      auto at = std::find_if(t.index_keys.begin(), t.index_keys.end(),
                             [&](const IndexKeys& k) { return k.index >= d.index; });
      if (at != t.index_keys.end() && at->index == d.index) continue;
      IndexKeys keys;
      keys.index = d.index;
      keys.partition_key = t.sort_key;
      keys.sort_key = t.partition_key;
      t.index_keys.insert(at, keys);
      t.reasons.push_back(
          Reason{fmt::format("in {} as every item is: keyed on the table's {} and {}, so {} / {}",
                             c.model.table.GsiName(d.index), d.partition_key, d.sort_key,
                             keys.partition_key.ToString(), keys.sort_key.ToString()),
                 {}});
    }
  }
}

// Every item type storing a natural-key index's attributes (DeclaredIndex::Natural) is in that
// index under their values: DynamoDB indexes each item that carries the key attributes
// (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/GSI.html#GSI.Writes), so a
// facet holding them (a read it serves returns them) is there beside the entity's own item (whose
// keys the views of AddNaturalIndexViews already gave). Reads there filter on `_type`. The
// derivation copies them onto no other item of its own: a uniqueness item holds only its keys
// (BuildItemTypes), and an embedded child has no item.
void AddNaturalIndexKeys(Context& c) {
  for (const DeclaredIndex& d : c.model.table.indexes) {
    if (!d.Natural()) continue;
    for (ItemType& t : c.layout.item_types) {
      // An embedded child's attributes live inside its parent's item, under the collection's map
      // (EmbeddedModel): not top-level attributes, so never an index key. Its item types are the
      // derivation's scaffolding, dropped by FinishEmbedded.
      if (EmbeddingOf(c.model, t.entity) >= 0) continue;
      auto stores = [&](const std::string& a) {
        return std::find(t.attributes.begin(), t.attributes.end(), a) != t.attributes.end();
      };
      if (!stores(d.partition_key) || (!d.sort_key.empty() && !stores(d.sort_key))) continue;
      auto at = std::find_if(t.index_keys.begin(), t.index_keys.end(),
                             [&](const IndexKeys& k) { return k.index >= d.index; });
      if (at != t.index_keys.end() && at->index == d.index) continue;
      IndexKeys keys;
      keys.index = d.index;
      keys.partition_key = TemplateBuilder().Attr(d.partition_key, Encoding::kNatural).Build();
      if (!d.sort_key.empty())
        keys.sort_key = TemplateBuilder().Attr(d.sort_key, Encoding::kNatural).Build();
      // A sparse facet that copies the attributes (a read it serves returns them) is in the
      // index while it exists (model/sparse_facet.h): its entry there holds under its first
      // view's conditions, so it stays a sparse facet, and reads there tell it apart by `_type`.
      const bool sparse = IsSparseFacet(t);
      if (sparse) keys.only_when = t.index_keys.front().only_when;
      t.index_keys.insert(at, keys);
      t.reasons.push_back(Reason{
          fmt::format("in {} as every item storing {} is{}: keyed on the attribute values",
                      c.model.table.GsiName(d.index),
                      d.sort_key.empty() ? d.partition_key : d.partition_key + " and " + d.sort_key,
                      sparse ? " (while it exists)" : ""),
          {}});
    }
  }
}

void BuildItemTypes(Context& c) {
  const Model& m = c.model;
  c.main_item.assign(m.entities.size(), -1);
  c.history_item.assign(m.entities.size(), -1);
  for (std::size_t ei = 0; ei < m.entities.size(); ++ei) {
    EntityId e = static_cast<EntityId>(ei);
    const Entity& en = m.entities[ei];
    const Placement& pl = c.placements[ei];
    ItemType main;
    main.name = en.name;
    main.label = c.labels[ei];
    main.role = ItemRole::kEntity;
    main.entity = e;
    main.partition_key = pl.partition_key;
    main.sort_key = en.versioned ? VersionSortKey(c, e, false, kVersionAttribute) : pl.sort_key;
    main.attributes = AllAttributes(en);
    main.count = en.count;
    main.reasons = pl.reasons;
    if (en.versioned)
      main.reasons.push_back(Reason{
          en.pinned_keys && !en.pinned_keys->sk.empty()
              ? "versioned: this is the current version, at its pinned sort key verbatim; history "
                "is v1, v2, ..."
              : "versioned: this is the current version v0; history is v1, v2, ...",
          {}});
    SlotUnit& unit = c.Unit(e, false);
    AddIndexKeys(c, unit.items[0], e, &main);
    c.main_item[ei] = static_cast<int>(c.layout.item_types.size());
    c.layout.item_types.push_back(main);
    AddFacets(c, unit, main);
    if (en.versioned) {
      ItemType h;
      h.name = en.name + ".history";
      h.label = c.labels[ei] + "_HISTORY";
      h.role = ItemRole::kHistory;
      h.entity = e;
      h.partition_key = pl.partition_key;
      h.sort_key = VersionSortKey(c, e, true, kVersionAttribute);
      h.attributes = AllAttributes(en);
      h.count = en.count;
      h.reasons.push_back(
          Reason{"version history: every write also stores a numbered copy beside v0", {}});
      SlotUnit& hunit = c.Unit(e, true);
      AddIndexKeys(c, hunit.items[0], e, &h);
      c.history_item[ei] = static_cast<int>(c.layout.item_types.size());
      c.layout.item_types.push_back(h);
      AddFacets(c, hunit, h);
    }
    for (const auto& a : en.attributes) {
      if (!a.unique) continue;
      ItemType u;
      u.name = en.name + "." + a.name;
      u.label = c.labels[ei] + "_" + UpperSnake(a.name);
      u.role = ItemRole::kUniqueness;
      u.entity = e;
      // A shared name space keys every attribute's value alike, so one value is claimed once
      // across the entities; `_type` still tells the entities' items apart.
      if (!a.unique_scope.empty()) u.unique_scope = UpperSnake(a.unique_scope);
      const std::string& key_label = u.unique_scope.empty() ? u.label : u.unique_scope;
      u.partition_key =
          TemplateBuilder().Literal(key_label).Sep().Attr(a.name, EncodingFor(a.type)).Build();
      u.sort_key = TemplateBuilder().Literal(key_label).Build();
      // The value and the owner's identifier, except an attribute keying a natural-key index:
      // DynamoDB indexes every item carrying the index's key attributes
      // (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/GSI.html#GSI.Writes),
      // so the claim would be there beside the entity, an index write per claim and an item
      // every read there reads past. The claim needs only its keys, which hold the value.
      std::set<std::string> attrs;
      auto copy = [&](const std::string& name) {
        if (!KeysNaturalIndex(m.table, name)) attrs.insert(name);
      };
      copy(a.name);
      for (AttrId id : en.identifier) copy(en.attributes[static_cast<std::size_t>(id)].name);
      // The value is released when Time to Live deletes the entity: the item expires with it
      // (and, when that attribute keys a natural-key index, is in it: AddNaturalIndexKeys).
      if (!en.ttl.empty()) attrs.insert(en.ttl);
      u.attributes = InDeclarationOrder(en, attrs);
      u.count = en.count;
      u.reasons.push_back(
          Reason{a.unique_scope.empty()
                     ? fmt::format("'{}' is unique: one item per value, written in the same "
                                   "transaction as the entity with attribute_not_exists",
                                   a.name)
                     : fmt::format("'{}' is unique in name space '{}': one item per value for "
                                   "every attribute in it, written in the same transaction as the "
                                   "entity with attribute_not_exists",
                                   a.name, a.unique_scope),
                 {}});
      c.layout.item_types.push_back(u);
    }
  }
  AddInvertedIndexKeys(c);
  AddNaturalIndexKeys(c);
  CheckCollisions(c);
  BuildProjections(c);
}

}  // namespace model::derive
