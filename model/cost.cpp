#include "model/cost.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <tuple>
#include <vector>

#include "model/aggregate_rules.h"
#include "model/counter_facets.h"
#include "model/filter_presence.h"
#include "model/range_bounds.h"
#include "model/sparse_facet.h"

namespace model {

namespace {

const Entity& EntityOf(const Model& m, const ItemType& t) {
  return m.entities[static_cast<std::size_t>(t.entity)];
}

// Bytes of one item of type `t`: the entity's declared item_size. A uniqueness item holds one
// value and its keys (well under 1 KB); a facet copying only some attributes is counted at that
// share of the size (the model gives no size per attribute), at least 100 bytes of keys. An index
// entry under a KEYS_ONLY or INCLUDE projection is sized by what it projects (EntryBytes).
double ItemBytes(const Model& m, const ItemType& t) {
  const Entity& en = EntityOf(m, t);
  double declared = static_cast<double>(en.item_size);
  if (t.role == ItemRole::kUniqueness) return std::min(declared, 100.0);
  if (t.role == ItemRole::kFacet && !en.attributes.empty() &&
      t.attributes.size() < en.attributes.size()) {
    double share =
        static_cast<double>(t.attributes.size()) / static_cast<double>(en.attributes.size());
    return std::min(declared, std::max(100.0, declared * share));
  }
  return declared;
}

// The bytes of item type `t` (one of layout.item_types) as the table stores it: ItemBytes, and
// for the main item of an aggregate's `into` entity the maintainers' state too
// (AggregateFigures::group_item_bytes), which reads of the item and writes that replace or
// remove it pay for (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/
// read-write-operations.html: a read is sized on the whole item, an update or delete on the
// larger of the item before and after). `projection`: the index the item is read through
// projects the state only when it projects ALL attributes (the table always holds them).
double StoredItemBytes(const Model& m, const KeyLayout& layout, const ItemType& t,
                       bool projected = true) {
  double bytes = ItemBytes(m, t);
  if (!projected) return bytes;
  // A parent's item holds its embedded collections: on average, their children's bytes.
  for (const EmbeddedLayout& e : layout.embedded) {
    if (&layout.item_types[static_cast<std::size_t>(e.parent_type)] == &t) bytes += e.bytes;
  }
  for (const AggregateLayout& al : layout.aggregates) {
    if (al.target_type < 0 || &layout.item_types[static_cast<std::size_t>(al.target_type)] != &t)
      continue;
    return std::max(bytes, EstimateAggregate(m, layout, al).group_item_bytes);
  }
  return bytes;
}

// The share of `en`'s items holding `value` in the kind of a polymorphic association, the
// parent entity's name: that parent's items over all the parents' (children spread over the
// parents alike, as the counts' ratio says; docs/model-format.md "Polymorphic associations").
// Nothing when `attribute` is no kind of `en`'s.
std::optional<double> KindShare(const Model& m, const Entity& en, const std::string& attribute,
                                const std::string& value) {
  for (const Relationship& r : m.relationships) {
    if (!r.Polymorphic() || &m.entities[static_cast<std::size_t>(r.to)] != &en ||
        en.attributes[static_cast<std::size_t>(r.kind)].name != attribute)
      continue;
    double all = 0, one = 0;
    for (EntityId p : r.parents) {
      const Entity& parent = m.entities[static_cast<std::size_t>(p)];
      all += static_cast<double>(std::max<std::int64_t>(parent.count, 1));
      if (parent.name == value) one = static_cast<double>(std::max<std::int64_t>(parent.count, 1));
    }
    return one / all;
  }
  return std::nullopt;
}

// The share of an entity's items a sparse facet exists for: those meeting
// one of its views' conditions (model/sparse_facet.h), each condition's share from
// AssumedSelectivity, taken as independent. 1 for every other item type.
double ExistingShare(const Model& m, const ItemType& t) {
  if (!IsSparseFacet(t)) return 1;
  const Entity& en = EntityOf(m, t);
  double none = 1;
  for (const IndexKeys& k : t.index_keys) {
    double in = 1;
    for (const SparseCondition& s : k.only_when)
      in *= FilterSelectivity(m, en, s.attribute, s.value);
    none *= 1 - in;
  }
  return 1 - none;
}

// The partition key template `t` writes for index `index` (0 = the table), or null.
const IndexKeys* IndexKeysOf(const ItemType& t, int index) {
  for (const IndexKeys& k : t.index_keys) {
    if (k.index == index) return &k;
  }
  return nullptr;
}
const KeyTemplate* PartitionKeyOf(const ItemType& t, int index) {
  if (index == 0) return &t.partition_key;
  const IndexKeys* k = IndexKeysOf(t, index);
  return k ? &k->partition_key : nullptr;
}

double KeyChars(const KeyTemplate& key);
double NumberBytes(double digits);
double LatestValueBytes(const Entity& e, const Attribute& attr, bool key);

// Whether attribute `attr` of entity `e` (of `m`) holds an identifier: one of `e`'s own, or a
// link holding another entity's (a relationship's `link` or `link_to` on `e`). Its values are
// ids, sized as LatestValueBytes sizes a key value (26 bytes, a ULID, for a text one).
bool HoldsIdentifier(const Model& m, EntityId e, AttrId attr) {
  const Entity& en = m.entities[static_cast<std::size_t>(e)];
  if (std::find(en.identifier.begin(), en.identifier.end(), attr) != en.identifier.end())
    return true;
  for (const Relationship& r : m.relationships) {
    const EntityId holder = r.through ? *r.through : r.to;
    if (holder != e) continue;
    if (std::find(r.link.begin(), r.link.end(), attr) != r.link.end() ||
        std::find(r.link_to.begin(), r.link_to.end(), attr) != r.link_to.end())
      return true;
  }
  return false;
}

// Whether an update gives the item a new key on `index`, so its entry moves (a delete and a put:
// AWS, "Provisioned throughput considerations for Global Secondary Indexes",
// https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/GSI.html#GSI.ThroughputConsiderations.Writes):
// a key attribute it recomputes, or, on a natural-key index, a key attribute it sets.
bool Rekeys(const IndexLayout& index, const ItemWrite& iw) {
  auto key = [&](const std::string& a) { return a == index.partition_key || a == index.sort_key; };
  if (std::any_of(iw.refresh_keys.begin(), iw.refresh_keys.end(), key)) return true;
  return index.natural && std::any_of(iw.set_attributes.begin(), iw.set_attributes.end(), key);
}

// The bytes of item type `t`'s entry in `index` (0: the table), which is what a Query or Scan of
// the index reads and what a write of the entry is billed on
// (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/GSI.html#GSI.ThroughputConsiderations:
// a Query of a global secondary index is billed on the sizes of the projected attributes of the
// index entries it reads, not of the table's items, and an index write, one write unit per 1 KB,
// on the size of the entry). On the table and under an ALL projection, the whole item
// (`created`: as a create writes it, without the maintainers' state, ItemBytes; else as stored,
// StoredItemBytes). Under KEYS_ONLY, the table's and the index's key attributes: each name's
// bytes and its key template rendered (KeyChars).
// Under INCLUDE, those keys, the _type label, the TTL attribute when the entity expires and the
// index projects it, and each projected attribute `t` stores: its name and a value sized by its
// type as LatestValueBytes sizes one (a timestamp 24 bytes, a date 10, a number 10 digits, a
// boolean 1, an identifier or a link holding one 26, other text an even share of the declared
// item_size, at least 26). At most ItemBytes (no projection but ALL holds the aggregate
// maintainers' state).
double EntryBytes(const Model& m, const KeyLayout& layout, const ItemType& t, int index,
                  bool created = false) {
  auto whole = [&] { return created ? ItemBytes(m, t) : StoredItemBytes(m, layout, t, true); };
  if (index <= 0 || static_cast<std::size_t>(index) > layout.indexes.size()) return whole();
  const IndexLayout& ix = layout.indexes[static_cast<std::size_t>(index - 1)];
  if (ix.projection == Projection::kAll) return whole();
  // What a projection that is not ALL holds is at most the item without the maintainers' state
  // (which no projection lists).
  const double most = ItemBytes(m, t);
  double keys = static_cast<double>(m.table.partition_key.size()) + KeyChars(t.partition_key);
  if (!t.sort_key.parts.empty())
    keys += static_cast<double>(m.table.sort_key.size()) + KeyChars(t.sort_key);
  for (const IndexKeys& k : t.index_keys) {
    if (k.index != index) continue;
    keys += static_cast<double>(ix.partition_key.size()) + KeyChars(k.partition_key);
    if (!k.sort_key.parts.empty())
      keys += static_cast<double>(ix.sort_key.size()) + KeyChars(k.sort_key);
  }
  if (ix.projection == Projection::kKeysOnly) return std::min(most, keys);
  auto projects = [&](const std::string& a) {
    return std::find(ix.projected_attributes.begin(), ix.projected_attributes.end(), a) !=
           ix.projected_attributes.end();
  };
  const Entity& en = EntityOf(m, t);
  double bytes = keys;
  if (projects(kTypeAttribute))
    bytes += static_cast<double>(std::string(kTypeAttribute).size() + t.label.size());
  if (!en.ttl.empty() && projects(layout.ttl_attribute))
    bytes += static_cast<double>(layout.ttl_attribute.size()) + NumberBytes(10);
  for (const std::string& a : t.attributes) {
    if (!projects(a)) continue;
    const AttrId id = en.FindAttribute(a);
    if (id < 0) continue;
    bytes += static_cast<double>(a.size()) +
             LatestValueBytes(en, en.attributes[static_cast<std::size_t>(id)],
                              HoldsIdentifier(m, t.entity, id));
  }
  return std::min(most, bytes);
}

// The share of `t`'s items that carry every key attribute of the natural-key index `index`
// (DeclaredIndex::Natural; 1 for any other index): DynamoDB indexes an item only when it holds the
// index's key attributes (a sparse index by presence:
// https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/bp-indexes-general-sparse-indexes.html).
// A required attribute or an identifier is on every item; an optional one with `present_when` on
// the share of items in its states; any other optional one on 1 in 10, as for a sparse condition
// (AssumedSelectivity), said in `assumption`. Attributes of one `together` group count once.
double NaturalKeyShare(const Model& m, const ItemType& t, int index, std::string* assumption) {
  const DeclaredIndex* d = m.table.FindIndex(index);
  if (d == nullptr || !d->Natural()) return 1;
  const Entity& en = EntityOf(m, t);
  double share = 1;
  std::vector<std::string> counted;
  for (const std::string& name : {d->partition_key, d->sort_key}) {
    AttrId id = en.FindAttribute(name);
    if (name.empty() || id < 0) continue;
    const Attribute& a = en.attributes[static_cast<std::size_t>(id)];
    if (a.required ||
        std::find(en.identifier.begin(), en.identifier.end(), id) != en.identifier.end())
      continue;
    bool grouped = false;
    for (const TogetherGroup& g : en.together) {
      auto in = [&](const std::string& x) {
        return std::find(g.attributes.begin(), g.attributes.end(), x) != g.attributes.end();
      };
      grouped = grouped || (in(name) && std::any_of(counted.begin(), counted.end(), in));
    }
    counted.push_back(name);
    if (grouped) continue;
    if (a.present_when) {
      double in = 0;
      for (const std::string& v : a.present_when->values)
        in += FilterSelectivity(m, en, a.present_when->attribute, v);
      share *= std::min(in, 1.0);
      continue;
    }
    share *= 0.1;
    if (assumption) {
      // Said beside an assumption already made (how many values the key takes): both shape it.
      const std::string text = fmt::format(
          "the model does not say how many {} items have {}, an optional key attribute of {}: 1 "
          "in 10 assumed (to state it instead: 'present_when' on the attribute)",
          en.name, name, m.table.GsiName(index));
      if (assumption->find(text) != std::string::npos) continue;
      // An assumption before it (how many values the key takes) keeps its own hint.
      if (!assumption->empty() && assumption->find("(to state it instead") == std::string::npos)
        *assumption += fmt::format(" {}", kStateItHint);
      *assumption += (assumption->empty() ? "" : "; ") + text;
    }
  }
  return share;
}

// The share of `t`'s items that carry an entry in the index `k` writes for: those meeting all of
// its conditions (a sparse index: DynamoDB writes an entry only for an item holding the index's
// key attributes,
// https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/GSI.html#GSI.Writes), each
// condition's share from FilterSelectivity, taken as independent. For a sparse facet, whose
// conditions are its views', this is also the share of the entity's items it exists for in that
// view.
double EntryShare(const Model& m, const ItemType& t, const IndexKeys& k) {
  const Entity& en = EntityOf(m, t);
  double in = NaturalKeyShare(m, t, k.index, nullptr);
  for (const SparseCondition& s : k.only_when) in *= FilterSelectivity(m, en, s.attribute, s.value);
  return in;
}

// Whether an update setting `set` (entity attributes, or paths into an embedded map) on an item
// rewrites its entry in `index` when the entry's keys stay: under ALL, always; under KEYS_ONLY,
// never; under INCLUDE, when it sets a projected attribute (a path's top-level attribute), or the
// entity's expiry while the index projects the TTL attribute. DynamoDB writes an entry when an
// update changes the index key (two writes), or changes only projected attributes (one write);
// an update changing neither writes nothing to the index
// (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/GSI.html#GSI.ThroughputConsiderations.Writes).
bool RewritesEntry(const Model& m, const KeyLayout& layout, const ItemType& t,
                   const IndexLayout& index, const std::vector<std::string>& set) {
  if (index.projection == Projection::kAll) return true;
  if (index.projection == Projection::kKeysOnly) return false;
  auto projects = [&](const std::string& a) {
    return std::find(index.projected_attributes.begin(), index.projected_attributes.end(), a) !=
           index.projected_attributes.end();
  };
  const std::string& ttl = EntityOf(m, t).ttl;
  return std::any_of(set.begin(), set.end(), [&](const std::string& a) {
    const std::string top = a.substr(0, a.find_first_of(".["));
    return projects(top) || (!ttl.empty() && top == ttl && projects(layout.ttl_attribute));
  });
}

// Items of `t` that carry an entry in `index`: all of them on the table, the share matching a
// sparse index's conditions otherwise. `assumption` gets a sentence when a condition's share is
// the assumed 1 in 10.
double EntriesOf(const Model& m, const ItemType& t, int index, std::string* assumption = nullptr) {
  double n = static_cast<double>(std::max<std::int64_t>(t.count, 1));
  if (index == 0) return n;
  const IndexKeys* k = IndexKeysOf(t, index);
  if (!k) return 0;
  const Entity& en = EntityOf(m, t);
  n *= NaturalKeyShare(m, t, index, assumption);
  for (const SparseCondition& s : k->only_when) {
    AttrId id = en.FindAttribute(s.attribute);
    const Attribute* a = id >= 0 ? &en.attributes[static_cast<std::size_t>(id)] : nullptr;
    bool declared =
        a && (a->type == AttrType::kEnum || a->type == AttrType::kBoolean || a->unique ||
              !a->shares.empty() || a->distinct > 0 || KindShare(m, en, s.attribute, s.value));
    if (!declared && assumption && assumption->empty()) {
      *assumption =
          fmt::format("the model does not say how many {} items have {} = {}: 1 in 10 assumed",
                      en.name, s.attribute, s.value);
    }
    n *= FilterSelectivity(m, en, s.attribute, s.value);
  }
  return n;
}

// How many distinct values the partition key `pk` of `t`'s items takes, shards not counted.
// `assumption` gets a sentence when the figure rests on AssumedSelectivity.
double DistinctKeys(const Model& m, const ItemType& t, const KeyTemplate& pk,
                    std::string* assumption) {
  const Entity& en = EntityOf(m, t);
  std::set<std::string> attrs;
  for (const std::string& a : pk.Attributes()) {
    if (a != kShardAttribute) attrs.insert(a);
  }
  if (attrs.empty()) return 1;
  double count = static_cast<double>(std::max<std::int64_t>(en.count, 1));
  auto names = [&](const Entity& e, const std::vector<AttrId>& ids) {
    std::set<std::string> out;
    for (AttrId id : ids) out.insert(e.attributes[static_cast<std::size_t>(id)].name);
    return out;
  };
  if (names(en, en.identifier) == attrs) return count;
  for (const Relationship& r : m.relationships) {
    EntityId holder = r.cardinality == Cardinality::kManyToMany ? r.through.value_or(-1) : r.to;
    if (holder != t.entity) continue;
    const Entity& from = m.entities[static_cast<std::size_t>(r.from)];
    if (r.Polymorphic()) {
      // The kind and the link name one parent among all the parents' items.
      std::vector<AttrId> key = r.link;
      key.push_back(r.kind);
      if (names(en, key) != attrs) continue;
      double parents = 0;
      for (EntityId p : r.parents)
        parents += static_cast<double>(m.entities[static_cast<std::size_t>(p)].count);
      if (r.average)
        return std::max(1.0, std::min({count, parents, count / m.ChildrenPerParent(r)}));
      return std::max(1.0, std::min(count, parents));
    }
    if (names(en, r.link) == attrs) {
      // A declared average (`average: 20`) gives the children per parent directly.
      if (r.average) {
        return std::max(1.0, std::min({count, static_cast<double>(from.count),
                                       count / m.ChildrenPerParent(r)}));
      }
      return std::min(count, static_cast<double>(from.count));
    }
    if (r.cardinality == Cardinality::kManyToMany && r.to >= 0 && names(en, r.link_to) == attrs) {
      return std::min(count, static_cast<double>(m.entities[static_cast<std::size_t>(r.to)].count));
    }
  }
  // An aggregate's group names `into`'s items by `of`'s attributes: with no time bucket, the
  // group attributes of `of` take as many values as `into` has items (one per group).
  for (const AggregateDecl& agg : m.aggregates) {
    if (agg.of != t.entity || agg.into < 0) continue;
    std::set<std::string> sources;
    bool bucketed = false;
    for (const GroupPart& g : agg.group) {
      bucketed = bucketed || g.bucket != TimeBucket::kNone;
      if (g.source >= 0) sources.insert(en.attributes[static_cast<std::size_t>(g.source)].name);
    }
    if (!bucketed && sources == attrs) {
      return std::max(
          1.0, std::min(count, static_cast<double>(std::max<std::int64_t>(
                                   m.entities[static_cast<std::size_t>(agg.into)].count, 1))));
    }
  }
  // Otherwise each attribute's values, combined, as many as the items at most. A polymorphic
  // relationship's kind and link, all among them, name one item of all its parents' items; its
  // link without the kind takes at least as many values as the parent with the most items (one
  // identifier may name a parent of each kind, issue #5 and pull request #5), taken as the count.
  double distinct = 1;
  for (const Relationship& r : m.relationships) {
    if (!r.Polymorphic() || r.to != t.entity) continue;
    std::vector<AttrId> key = r.link;
    key.push_back(r.kind);
    const std::set<std::string> with_kind = names(en, key);
    const std::set<std::string> link = names(en, r.link);
    auto among = [&](const std::set<std::string>& part) {
      return std::includes(attrs.begin(), attrs.end(), part.begin(), part.end());
    };
    double sum = 0, most = 0;
    for (EntityId p : r.parents) {
      double n = static_cast<double>(m.entities[static_cast<std::size_t>(p)].count);
      sum += n;
      most = std::max(most, n);
    }
    if (among(with_kind)) {
      distinct *= std::max(sum, 1.0);
      for (const std::string& a : with_kind) attrs.erase(a);
    } else if (among(link)) {
      distinct *= std::max(most, 1.0);
      for (const std::string& a : link) attrs.erase(a);
    }
  }
  for (const std::string& a : attrs) {
    double values = 0;
    for (const Relationship& r : m.relationships) {
      EntityId holder = r.cardinality == Cardinality::kManyToMany ? r.through.value_or(-1) : r.to;
      if (holder != t.entity) continue;
      if (r.Polymorphic()) {
        // The kind holds one parent entity's name: as many values as there are parents.
        if (en.attributes[static_cast<std::size_t>(r.kind)].name == a)
          values = static_cast<double>(r.parents.size());
        continue;
      }
      if (names(en, r.link) == std::set<std::string>{a})
        values = static_cast<double>(m.entities[static_cast<std::size_t>(r.from)].count);
      if (r.cardinality == Cardinality::kManyToMany && r.to >= 0 &&
          names(en, r.link_to) == std::set<std::string>{a})
        values = static_cast<double>(m.entities[static_cast<std::size_t>(r.to)].count);
    }
    if (values == 0) {
      AttrId id = en.FindAttribute(a);
      const Attribute* attr = id >= 0 ? &en.attributes[static_cast<std::size_t>(id)] : nullptr;
      bool declared = attr && (attr->unique || attr->type == AttrType::kEnum ||
                               attr->type == AttrType::kBoolean || attr->distinct > 0 ||
                               (en.identifier.size() == 1 && en.identifier[0] == id));
      if (declared) {
        values = 1.0 / AssumedSelectivity(en, a);
      } else {
        // Neither one value per item nor one for all: the geometric mean of the two, √count.
        values = std::max(1.0, std::floor(std::sqrt(count)));
        if (assumption && assumption->empty()) {
          *assumption = fmt::format(
              "the model does not say how many values {}.{} takes: √count = {:.0f} values are "
              "assumed, {:.0f} {} items each",
              en.name, a, values, std::ceil(count / values), en.name);
        }
      }
    }
    distinct *= std::max(values, 1.0);
  }
  return std::max(1.0, std::min(count, distinct));
}

double ReadFactor(bool consistent) { return consistent ? 1.0 : 0.5; }

// The placeholders a read plan's range bounds are named by (RangeBoundNames, model/range_bounds.h,
// used by model/derive RangeKeyCondition).
bool IsRangePlaceholder(const AccessPattern& p, const std::string& name) {
  const std::vector<std::string> bounds = RangeBoundNames(p);
  return std::find(bounds.begin(), bounds.end(), name) != bounds.end();
}

// Parameters a Query's sort key condition binds by equality: the attributes of its lower bound
// (and upper, for between) that are neither range bounds nor in the partition key.
std::vector<std::string> BoundSortAttributes(const AccessPattern& p, const KeyCondition& key,
                                             const KeyTemplate& pk) {
  std::vector<std::string> out;
  if (key.sort_op == SortOp::kNone || key.sort_op == SortOp::kEq) return out;
  for (const std::string& a : key.sort_lower.Attributes()) {
    if (IsRangePlaceholder(p, a) || pk.Uses(a) || a == kShardAttribute) continue;
    if (std::find(out.begin(), out.end(), a) == out.end()) out.push_back(a);
  }
  return out;
}

// log of n choose k, for the binomial shares of a fan-out.
double LogChoose(double n, double k) {
  return std::lgamma(n + 1) - std::lgamma(k + 1) - std::lgamma(n - k + 1);
}

}  // namespace

double RequestReadUnits(double bytes, bool consistent) {
  return std::max(1.0, std::ceil(bytes / kReadUnitBytes - 1e-9)) * ReadFactor(consistent);
}

double PagesFor(double bytes) { return std::max(1.0, std::ceil(bytes / kPageBytes - 1e-9)); }

double PagedReadUnits(double bytes, bool consistent) {
  double full = std::floor(bytes / kPageBytes);
  double rest = bytes - full * kPageBytes;
  double units = full * RequestReadUnits(kPageBytes, consistent);
  if (rest > 1e-9 || full == 0) units += RequestReadUnits(rest, consistent);
  return units;
}

double ItemWriteUnits(double bytes) {
  return std::max(1.0, std::ceil(bytes / kWriteUnitBytes - 1e-9));
}

double AssumedSelectivity(const Entity& e, const std::string& attribute) {
  AttrId id = e.FindAttribute(attribute);
  double count = static_cast<double>(std::max<std::int64_t>(e.count, 1));
  if (id < 0) return 0.1;
  const Attribute& a = e.attributes[static_cast<std::size_t>(id)];
  bool identifier = e.identifier.size() == 1 && e.identifier[0] == id;
  if (a.unique || identifier) return 1.0 / count;
  if (a.type == AttrType::kEnum && !a.enum_values.empty())
    return 1.0 / static_cast<double>(a.enum_values.size());
  if (a.type == AttrType::kBoolean) return 0.5;
  // A declared `distinct` (model.h Attribute::distinct): one value's share, at most all of them.
  if (a.distinct > 0) return 1.0 / std::min(static_cast<double>(a.distinct), count);
  return 0.1;
}

double ValueSelectivity(const Entity& e, const std::string& attribute, const std::string& value) {
  if (auto share = e.ValueShare(attribute, value)) {
    return std::max(*share, 1.0 / static_cast<double>(std::max<std::int64_t>(e.count, 1)));
  }
  return AssumedSelectivity(e, attribute);
}

double FilterSelectivity(const Model& m, const Entity& e, const std::string& attribute,
                         const std::string& value) {
  // A presence test (model/filter_presence.h) keeps the share of items that have the attribute:
  // its `present_when` states' shares, else 1 in 10 as for an optional index key (NaturalKeyShare).
  if (FilterTest test = TestOf(value); test != FilterTest::kEquals) {
    AttrId id = e.FindAttribute(attribute);
    double has = 1;
    if (id >= 0 && !e.attributes[static_cast<std::size_t>(id)].required) {
      const Attribute& a = e.attributes[static_cast<std::size_t>(id)];
      if (a.present_when) {
        has = 0;
        for (const std::string& v : a.present_when->values)
          has += FilterSelectivity(m, e, a.present_when->attribute, v);
        has = std::min(has, 1.0);
      } else {
        has = 0.1;
      }
    }
    return test == FilterTest::kExists ? has : 1 - has;
  }
  if (!e.ValueShare(attribute, value)) {
    if (auto kind = KindShare(m, e, attribute, value)) return *kind;
  }
  return ValueSelectivity(e, attribute, value);
}

double DistinctValues(const Model& m, const ItemType& t, const std::vector<std::string>& attributes,
                      std::string* assumption) {
  TemplateBuilder key;
  for (const std::string& a : attributes) key.Sep().Attr(a, Encoding::kText);
  return DistinctKeys(m, t, key.Build(), assumption);
}

double MonthlyCost(double units_per_s, bool write, BillingMode billing) {
  if (billing == BillingMode::kProvisioned) {
    return units_per_s * kHoursPerMonth *
           (write ? kWriteCapacityUnitHourPrice : kReadCapacityUnitHourPrice);
  }
  return units_per_s * kSecondsPerMonth * (write ? kWriteRequestUnitPrice : kReadRequestUnitPrice) /
         1e6;
}

ShardLoad FanOutShardLoad(double rate, std::optional<std::int64_t> limit, double items,
                          double item_bytes, bool consistent, int shards) {
  ShardLoad out;
  out.shards = std::max(1, shards);
  double n = static_cast<double>(out.shards);
  items = std::max(items, 0.0);
  if (!limit) {
    // Every shard reads all of its items, in 1 MB pages.
    double bytes = items / n * item_bytes;
    out.page_items = std::min(items / n, std::floor(kPageBytes / std::max(item_bytes, 1.0)));
    out.pages_per_call = PagesFor(bytes);
    double units = PagedReadUnits(bytes, consistent);
    out.rcu_per_page = units / out.pages_per_call;
    out.rcu_per_s = rate * units;
    return out;
  }
  double l = static_cast<double>(*limit);
  double page = std::ceil(l / n);  // the derivation's per-shard limit
  out.page_items = std::min(page, std::max(items / n, 0.0));
  out.rcu_per_page = RequestReadUnits(out.page_items * item_bytes, consistent);
  // The merge returns m items; a shard's share is Binomial(m, 1/N); it reads one page, and
  // one more each time its share uses up a whole page.
  double m = std::min(l, items);
  double extra = 0;
  if (out.shards > 1 && m >= page) {
    double q = 1.0 / n;
    for (double k = page; k <= m; ++k) {
      double pk = std::exp(LogChoose(m, k) + k * std::log(q) + (m - k) * std::log1p(-q));
      extra += pk * std::floor(k / page);
    }
  }
  out.pages_per_call = 1 + extra;
  out.rcu_per_s = rate * out.pages_per_call * out.rcu_per_page;
  return out;
}

ReadShardSizing SizeReadShards(double rate, std::optional<std::int64_t> limit, double items,
                               double item_bytes, bool consistent) {
  ReadShardSizing out;
  out.floor_rcu_per_s = rate * RequestReadUnits(0, consistent);
  ShardLoad best;
  bool have_best = false;
  for (int n = 1; n <= kMaxReadShards; ++n) {
    ShardLoad load = FanOutShardLoad(rate, limit, items, item_bytes, consistent, n);
    if (load.rcu_per_s <= kPartitionReadLimit + 1e-9) {
      out.shards = n;
      out.load = load;
      return out;
    }
    if (!have_best || load.rcu_per_s < best.rcu_per_s - 1e-9) {
      best = load;
      have_best = true;
    }
  }
  out.feasible = false;
  out.shards = best.shards;
  out.load = best;
  return out;
}

namespace {

// Figures for a GetItem or BatchGetItem: each item rounded up to 4 KB on its own.
void EstimateGetItems(const Model& model, const AccessPattern& p, const ReadPlan& plan,
                      const ItemType& main, double item_bytes, ReadFigures& f) {
  f.items_returned = plan.requests;
  f.items_read = f.items_returned;
  f.requests = plan.requests;
  f.rcu_per_call = plan.requests * RequestReadUnits(item_bytes, plan.consistent);
  f.partitions = DistinctKeys(model, main, main.partition_key, &f.assumption);
  // A call's requests go to distinct items; the busiest partition takes its even share.
  f.busiest_rcu_per_s = p.rate * f.rcu_per_call / f.partitions;
}

// Figures for a Scan: every item of the table (or index), page by page.
void EstimateScan(const Model& model, const KeyLayout& layout, const AccessPattern& p,
                  const ReadPlan& plan, ReadFigures& f) {
  // A Scan reads every item of the table (or index), page by page; DynamoDB spreads the
  // table over partitions of at most 10 GB, each read once per call.
  double read = 0;
  double bytes = 0;
  for (const ItemType& t : layout.item_types) {
    if (plan.index != 0 && PartitionKeyOf(t, plan.index) == nullptr) continue;
    double n = EntriesOf(model, t, plan.index);
    read += n;
    bytes += n * EntryBytes(model, layout, t, plan.index);
  }
  double returned = 0;
  for (int id : plan.item_types)
    returned += EntriesOf(model, layout.item_types[static_cast<std::size_t>(id)], plan.index);
  if (plan.limit) returned = std::min(returned, static_cast<double>(*plan.limit));
  f.items_read = read;
  f.items_returned = returned;
  f.read_amplification = returned > 0 ? read / returned : f.read_amplification;
  f.requests = PagesFor(bytes);
  f.rcu_per_call = PagedReadUnits(bytes, plan.consistent && plan.index == 0);
  f.partitions = std::max(1.0, std::ceil(bytes / kPartitionBytes));
  f.busiest_rcu_per_s = p.rate * f.rcu_per_call / f.partitions;
}

// Figures for a Query (one request, or one per shard in a fan-out) from the items its key
// condition selects in one logical partition.
void EstimateQuery(const Model& model, const KeyLayout& layout, const AccessPattern& p,
                   const ReadPlan& plan, double item_bytes, ReadFigures& f) {
  // Query (one request, or one per shard in a fan-out): the items the key condition selects
  // in one logical partition (all its shards), from counts and cardinalities.
  double selected = 0;
  double partitions = 1;
  for (int id : plan.item_types) {
    const ItemType& t = layout.item_types[static_cast<std::size_t>(id)];
    const KeyTemplate* pk = PartitionKeyOf(t, plan.index);
    if (!pk) continue;
    double distinct = DistinctKeys(model, t, *pk, &f.assumption);
    if (id == plan.item_types[0]) partitions = distinct;
    // Parameters bound in the sort key condition (a composite sort key's leading parts,
    // `begins_with {state}#`) select the items of one value of them: the partition's items
    // over the values they take in it.
    double selecting = distinct;
    std::vector<std::string> bound = BoundSortAttributes(p, plan.key, *pk);
    // Equality on an index's whole sort key: an index key is not unique (DynamoDB keeps every
    // item carrying it: https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/GSI.html),
    // so the items of one value of the partition and sort key attributes together, as any
    // equality on attributes selects (`status = SHIPPED AND total = 20`).
    if (plan.key.sort_op == SortOp::kEq && plan.index > 0) {
      if (const IndexKeys* k = IndexKeysOf(t, plan.index)) {
        for (const std::string& a : k->sort_key.Attributes()) {
          if (a != kShardAttribute && !pk->Uses(a) &&
              std::find(bound.begin(), bound.end(), a) == bound.end())
            bound.push_back(a);
        }
      }
    }
    if (!bound.empty()) {
      TemplateBuilder both;
      both.Append(*pk);
      for (const std::string& a : bound) both.Sep().Attr(a, Encoding::kText);
      selecting = std::max(distinct, DistinctKeys(model, t, both.Build(), &f.assumption));
    }
    selected += EntriesOf(model, t, plan.index, &f.assumption) / selecting;
  }
  // begins_with over bound parameters only selects whole values: not a range.
  bool ranged = plan.key.sort_op != SortOp::kNone && plan.key.sort_op != SortOp::kEq &&
                !(plan.key.sort_op == SortOp::kBeginsWith &&
                  std::all_of(plan.key.sort_lower.parts.begin(), plan.key.sort_lower.parts.end(),
                              [&](const TemplatePart& part) {
                                return !part.is_attribute || !IsRangePlaceholder(p, part.text);
                              }));
  // On the table the whole key names one item.
  if (plan.key.sort_op == SortOp::kEq && plan.index == 0) selected = std::min(selected, 1.0);
  // A range selects an unknown part of the partition: at most all of it.
  f.upper_bound = ranged && (!plan.limit || selected < static_cast<double>(*plan.limit));
  bool consistent = plan.consistent && plan.index == 0;
  f.partitions = partitions;
  if (plan.operation == Operation::kFanOutQuery && plan.shards > 0) {
    // Items before the filter: what the key selects (the filter drops some of them).
    ShardLoad load = FanOutShardLoad(p.rate, plan.limit, selected * plan.read_amplification,
                                     item_bytes, consistent, plan.shards);
    f.items_returned = plan.limit ? std::min(static_cast<double>(*plan.limit), selected) : selected;
    f.items_read = load.page_items * load.pages_per_call * plan.shards;
    if (!plan.limit) f.items_read = selected * plan.read_amplification;
    f.requests = load.pages_per_call * plan.shards;
    f.rcu_per_call = load.pages_per_call * load.rcu_per_page * plan.shards;
    // Every shard takes every call; a key with parameters as well spreads over its values.
    f.busiest_rcu_per_s = load.rcu_per_s / partitions;
  } else {
    double returned = plan.limit ? std::min(selected, static_cast<double>(*plan.limit)) : selected;
    double read = returned * plan.read_amplification;
    double bytes = read * item_bytes;
    f.items_returned = returned;
    f.items_read = read;
    f.requests = PagesFor(bytes) * plan.requests;
    f.rcu_per_call = PagedReadUnits(bytes, consistent) * plan.requests;
    // The plan's limit is each request's Limit (model/exec/reads.cpp), and DynamoDB applies
    // Limit before the FilterExpression: a page evaluates at most `limit` items and returns
    // those the filter keeps. A filter discarding some of what it reads then takes a page per
    // `limit` items read until `limit` are kept, each page's read units rounded on its own
    // (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Query.FilterExpression.html,
    // https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_Query.html#DDB-Query-request-Limit).
    if (plan.limit && read > static_cast<double>(*plan.limit) + 1e-9) {
      const double l = static_cast<double>(*plan.limit);
      const double full = std::floor(read / l + 1e-9);
      const double rest = read - full * l;
      double pages = full * PagesFor(l * item_bytes);
      double units = full * PagedReadUnits(l * item_bytes, consistent);
      if (rest > 1e-9) {
        pages += PagesFor(rest * item_bytes);
        units += PagedReadUnits(rest * item_bytes, consistent);
      }
      f.requests = pages * plan.requests;
      f.rcu_per_call = units * plan.requests;
    }
    f.busiest_rcu_per_s = p.rate * f.rcu_per_call / partitions;
  }
}

// The share of the returned items (ReturnedItemTypes: a second step's when the plan has one)
// that are of the aggregate target's entity, by the types' counts.
double TargetShare(const KeyLayout& layout, const ReadPlan& plan, const ItemType& target) {
  double count_sum = 0;
  double groups = 0;
  for (int id : ReturnedItemTypes(plan)) {
    const ItemType& t = layout.item_types[static_cast<std::size_t>(id)];
    const double n = static_cast<double>(std::max<std::int64_t>(t.count, 1));
    count_sum += n;
    if (t.entity == target.entity) groups += n;
  }
  return count_sum > 0 ? groups / count_sum : 0;
}

// Adds the BatchGetItem of the other shards each sharded aggregate group item returned brings.
void AddAggregateShardReads(const Model& model, const KeyLayout& layout, const ReadPlan& plan,
                            ReadFigures& f) {
  // A sharded aggregate's group items: each one returned brings a BatchGetItem of its other
  // shards (up to 100 keys a request), every shard item rounded up to 4 KB on its own
  // (https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_BatchGetItem.html).
  // The keys of the second step's BatchGetItem requests (AddFollowUpReads: one per item
  // returned), when the shard keys join them.
  double follow_keys = f.items_returned;
  for (int agg : plan.aggregate_shards) {
    const AggregateLayout& al = layout.aggregates[static_cast<std::size_t>(agg)];
    const ItemType& target = layout.item_types[static_cast<std::size_t>(al.target_type)];
    double groups = TargetShare(layout, plan, target);
    double extra = f.items_returned * groups * (al.shards - 1);
    f.items_read += extra;
    if (ShardsInFollowUp(layout, plan, agg)) {
      // In the second step's BatchGetItem requests (ShardsInFollowUp): they take the shard keys
      // beside the keys already in them, 100 a request.
      const double before = follow_keys;
      follow_keys += extra;
      f.requests +=
          std::max(1.0, std::ceil(follow_keys / 100)) - std::max(1.0, std::ceil(before / 100));
    } else {
      f.requests += std::ceil(extra / 100);
    }
    // Each shard item at its stored size: its share of the group's state (EstimateAggregate).
    f.rcu_per_call +=
        extra *
        RequestReadUnits(EstimateAggregate(model, layout, al).shard_item_bytes, plan.consistent);
  }
}

// Adds the collection read each read-time aggregate's `into` item returned brings.
void AddAggregateGroupReads(const Model& model, const KeyLayout& layout, const ReadPlan& plan,
                            ReadFigures& f) {
  // A read-time aggregate: each `into` item returned brings a read of its group's `of` items
  // with the collection plan, at this read's consistency (model/exec/aggregates.h
  // ReadGroupValues), priced as that plan is.
  for (int agg : plan.aggregate_reads) {
    const AggregateLayout& al = layout.aggregates[static_cast<std::size_t>(agg)];
    if (al.collection_pattern < 0) continue;
    const ItemType& target = layout.item_types[static_cast<std::size_t>(al.target_type)];
    double groups = TargetShare(layout, plan, target);
    ReadPlan collection = layout.reads[static_cast<std::size_t>(al.collection_pattern)];
    collection.consistent = collection.consistent || plan.consistent;
    ReadFigures g = EstimateRead(model, layout, collection);
    double reads = f.items_returned * groups;
    f.items_read += reads * g.items_read;
    f.requests += reads * g.requests;
    f.rcu_per_call += reads * g.rcu_per_call;
  }
}

// Adds the second step of a read of a relationship's other side (ReadPlan::follow_up): one item
// of the returned entity per item the first step returns, each rounded up to 4 KB on its own and
// halved when eventually consistent
// (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/read-write-operations.html);
// one GetItem, or BatchGetItem requests of up to 100 keys
// (https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_BatchGetItem.html).
// The items read per item returned then count both steps: the first step's items (its own
// amplification over the holder items) and the second step's, over the items it returns.
// A fetch of what an index leaves out (FollowUp::by_table_key) reads one table item per index
// entry the first step returns, the first step billed on the entries' projected sizes
// (EntryBytes) and this one on the whole items'.
void AddFollowUpReads(const Model& model, const KeyLayout& layout, const ReadPlan& plan,
                      ReadFigures& f) {
  if (!plan.follow_up) return;
  const FollowUp& up = *plan.follow_up;
  const ItemType& t = layout.item_types[static_cast<std::size_t>(up.item_type)];
  double items =
      up.operation == Operation::kGetItem ? std::min(f.items_returned, 1.0) : f.items_returned;
  f.items_read += items;
  f.requests += up.operation == Operation::kGetItem ? 1 : std::max(1.0, std::ceil(items / 100));
  double units = RequestReadUnits(StoredItemBytes(model, layout, t, true), plan.consistent);
  if (up.by_table_key) {
    // A fetch reads the very items the index entries are of, whole from the table (each item's
    // units on its own size): their average over the plan's item types, weighted by count.
    double n_sum = 0;
    double units_sum = 0;
    for (int id : plan.item_types) {
      const ItemType& it = layout.item_types[static_cast<std::size_t>(id)];
      const double n = static_cast<double>(std::max<std::int64_t>(it.count, 1));
      n_sum += n;
      units_sum += n * RequestReadUnits(StoredItemBytes(model, layout, it, true), plan.consistent);
    }
    if (n_sum > 0) units = units_sum / n_sum;
  }
  f.rcu_per_call += items * units;
  f.items_returned = items;
  if (items > 0) f.read_amplification = f.items_read / items;
}

}  // namespace

ReadFigures EstimateRead(const Model& model, const KeyLayout& layout, const ReadPlan& plan) {
  ReadFigures f;
  f.read_amplification = plan.read_amplification;
  const AccessPattern& p = model.access_patterns[static_cast<std::size_t>(plan.pattern_id)];
  std::vector<std::string> key_attrs = plan.key.partition_key.Attributes();
  f.constant_partition = std::all_of(key_attrs.begin(), key_attrs.end(),
                                     [](const std::string& a) { return a == kShardAttribute; });
  if (plan.item_types.empty()) return f;
  // Average bytes of the items that come back, weighted by their counts.
  double count_sum = 0;
  double bytes_sum = 0;
  for (int id : plan.item_types) {
    const ItemType& t = layout.item_types[static_cast<std::size_t>(id)];
    double n = static_cast<double>(std::max<std::int64_t>(t.count, 1));
    count_sum += n;
    bytes_sum += n * EntryBytes(model, layout, t, plan.index);
  }
  double item_bytes = bytes_sum / count_sum;
  const ItemType& main = layout.item_types[static_cast<std::size_t>(plan.item_types[0])];
  const Table& table = model.table;

  if (plan.operation == Operation::kGetItem || plan.operation == Operation::kBatchGetItem) {
    EstimateGetItems(model, p, plan, main, item_bytes, f);
  } else if (plan.operation == Operation::kScan) {
    EstimateScan(model, layout, p, plan, f);
  } else {
    EstimateQuery(model, layout, p, plan, item_bytes, f);
  }
  // A hot partition (AccessPattern::hot_share, model/hot_partitions.h): the busiest value of `by`
  // takes that share of the calls, whatever the even spread over its values would give it.
  // A fan-out Query reads every shard on each call: each shard takes its share of the units.
  if (p.hot_share && !f.constant_partition) {
    double spread = plan.operation == Operation::kFanOutQuery && plan.shards > 0
                        ? static_cast<double>(plan.shards)
                        : 1.0;
    f.busiest_rcu_per_s =
        std::max(f.busiest_rcu_per_s, *p.hot_share * p.rate * f.rcu_per_call / spread);
  }
  // A read of an embedded collection returns the children of the one item it reads (and that
  // item with them).
  if (plan.embedded) {
    const EmbeddedLayout& e = layout.embedded[static_cast<std::size_t>(plan.embedded->collection)];
    double children =
        model.ChildrenPerParent(model.relationships[static_cast<std::size_t>(e.relationship)]);
    f.items_returned = (plan.embedded->with_parent ? 1 : 0) + children;
  }
  f.key_rcu_per_call = f.rcu_per_call;
  // A second step (ReadPlan::follow_up) reads the items the aggregates' values are completed on:
  // their reads are per item it returns.
  AddFollowUpReads(model, layout, plan, f);
  AddAggregateShardReads(model, layout, plan, f);
  AddAggregateGroupReads(model, layout, plan, f);
  if (plan.follow_up && f.items_returned > 0)
    f.read_amplification = f.items_read / f.items_returned;
  f.rcu_per_s = p.rate * f.rcu_per_call;
  f.monthly_cost_usd = MonthlyCost(f.rcu_per_s, false, table.billing);
  return f;
}

namespace {
// The group items a write keeps in its own transaction (WritePlan::aggregates): each group it
// changes (two when it moves an item between groups). Before its TransactWriteItems the write
// reads each of them with a strongly consistent GetItem (model/exec/aggregates.h
// PlanGroupWrites), one read unit per 4 KB of the item
// (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/read-write-operations.html),
// then puts them with their index entries; counts and sums kept by ADD (KeptByAdd) are an
// UpdateItem of the item and no read: billed as the larger of the item before and after the
// update, 1 WCU per KB, which is the item at its size with the values
// (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/read-write-operations.html#write-operation-consumption).
struct GroupWork {
  int items = 0;   // group items written per call
  int reads = 0;   // of those, the ones read first (none for aggregates kept by ADD: KeptByAdd)
  double wcu = 0;  // their puts, before the transaction's factor
  double rcu = 0;  // their GetItems
  // The puts by partition key, per call, before the transaction's factor: a change lands on one
  // shard of each group it changes (keys::ShardOf the item), shard 0 (the `into` items' keys)
  // for 1/N of the calls, the shard items' key (shards 1..N-1) for the rest.
  struct Key {
    int index = 0;
    int item_type = -1;
    KeyTemplate key;
    double units = 0;
    int shards = 1;  // the write shards the key spreads over
  };
  std::vector<Key> keys;
};
GroupWork TransactionAggregateWork(const Model& model, const KeyLayout& layout,
                                   const WritePlan& plan);
}  // namespace

namespace {

// The children's copies an update rewrites (WritePlan::copies, WriteFigures::copy_*): the read
// of each parent's children and every child's writes (exec::ApplyWrite).
void AddCopyWork(const Model& model, const KeyLayout& layout, const WritePlan& plan,
                 WriteFigures& f) {
  const WritePattern& w = model.write_patterns[static_cast<std::size_t>(plan.pattern_id)];
  for (const CopyFanOut& fan : plan.copies) {
    const Relationship& rel = model.relationships[static_cast<std::size_t>(fan.relationship)];
    ReadPlan read = layout.reads[static_cast<std::size_t>(fan.read)];
    read.consistent = read.consistent || read.index == 0;
    ReadFigures rf = EstimateRead(model, layout, read);
    f.copy_read_requests += rf.requests;
    f.copy_read_rcu_per_call += rf.rcu_per_call;
    f.copy_read_rcu_per_s_by_index.resize(layout.indexes.size() + 1, 0.0);
    if (read.index >= 0 && static_cast<std::size_t>(read.index) < layout.indexes.size() + 1)
      f.copy_read_rcu_per_s_by_index[static_cast<std::size_t>(read.index)] +=
          w.rate * rf.rcu_per_call;
    const double children = model.ChildrenPerParent(rel);
    f.copy_children += children;
    const double child_factor =
        fan.in_transaction || fan.writes.size() > 1 ? kTransactionFactor : 1.0;
    for (const ItemWrite& iw : fan.writes) {
      const ItemType& t = layout.item_types[static_cast<std::size_t>(iw.item_type)];
      const double weight = IsSparseFacet(t) ? ExistingShare(model, t) : 1;
      const double item_units = ItemWriteUnits(StoredItemBytes(model, layout, t));
      double units = item_units * weight;
      f.wcu_per_s_by_index[0] += w.rate * children * units * child_factor;
      for (const IndexKeys& k : t.index_keys) {
        const IndexLayout& index = layout.indexes[static_cast<std::size_t>(k.index - 1)];
        const double entry_units = ItemWriteUnits(EntryBytes(model, layout, t, k.index));
        bool rekeyed = Rekeys(index, iw);
        double entries = iw.op != WriteOp::kUpdate || rekeyed
                             ? 2
                             : (RewritesEntry(model, layout, t, index, iw.set_attributes) ? 1 : 0);
        entries *= EntryShare(model, t, k);
        f.index_entries += children * entries;
        units += entries * entry_units;
        if (static_cast<std::size_t>(k.index) < f.wcu_per_s_by_index.size())
          f.wcu_per_s_by_index[static_cast<std::size_t>(k.index)] +=
              w.rate * children * entries * entry_units * child_factor;
      }
      f.copy_wcu_per_call += children * units * child_factor;
    }
    f.items_written += static_cast<int>(std::ceil(children)) * static_cast<int>(fan.writes.size());
  }
  f.copy_read_rcu_per_s = w.rate * f.copy_read_rcu_per_call;
}

}  // namespace

WriteFigures EstimateWrite(const Model& model, const KeyLayout& layout, const WritePlan& plan) {
  WriteFigures f;
  const WritePattern& w = model.write_patterns[static_cast<std::size_t>(plan.pattern_id)];
  f.items_written = static_cast<int>(std::count_if(
      plan.writes.begin(), plan.writes.end(),
      [](const ItemWrite& iw) { return iw.folded_into < 0; }));  // a folded check: no item
  f.transaction = plan.transaction;
  double factor = plan.transaction ? kTransactionFactor : 1.0;
  double units = 0;
  f.wcu_per_s_by_index.assign(layout.indexes.size() + 1, 0.0);
  // Units per call on each partition key (table and index), then the busiest at the rate.
  // `call_factor`: the request's (the transaction's factor, or 1 for a request of its own);
  // `key_shards`: the write shards of the key when not the item type's (an aggregate's shard
  // items), 0 for the item type's.
  auto load = [&](const ItemType& t, int index, const KeyTemplate& pk, const std::string& where,
                  double entry_units, double call_factor, int key_shards) {
    std::string assumed;
    double distinct = DistinctKeys(model, t, pk, &assumed);
    std::vector<std::string> attrs = pk.Attributes();
    bool sharded = std::find(attrs.begin(), attrs.end(), kShardAttribute) != attrs.end();
    const int shards = key_shards > 0 ? key_shards : std::max(1, t.shards);
    if (key_shards > 0) distinct = DistinctKeys(model, t, t.partition_key, &assumed);
    double partitions = distinct * (sharded ? shards : 1);
    // Whether `t` is one of the layout's item types (std::less: a total order on pointers).
    const std::less<const ItemType*> before;
    const bool listed = !layout.item_types.empty() && !before(&t, layout.item_types.data()) &&
                        before(&t, layout.item_types.data() + layout.item_types.size());
    f.partition_units.push_back({index, pk.ToString(), t.entity, entry_units * call_factor,
                                 distinct, sharded ? shards : 1,
                                 listed ? static_cast<int>(&t - layout.item_types.data()) : -1});
    double per_s = w.rate * entry_units * call_factor / partitions;
    // A hot partition (AccessPattern::hot_share) of a read returning the written entity whose
    // `by` values decide this key (every attribute of the key is one of them): the key of its
    // busiest value takes at least that share of the writes (spread over the write shards, if
    // any).
    for (const AccessPattern& p : model.access_patterns) {
      if (!p.hot_share || attrs.empty() ||
          std::find(p.returns.begin(), p.returns.end(), w.entity) == p.returns.end())
        continue;
      bool keyed = std::all_of(attrs.begin(), attrs.end(), [&](const std::string& a) {
        return a == kShardAttribute ||
               std::find(p.params.begin(), p.params.end(), a) != p.params.end();
      });
      if (!keyed) continue;
      per_s = std::max(per_s,
                       *p.hot_share * w.rate * entry_units * call_factor / (sharded ? shards : 1));
    }
    if (per_s > f.busiest_wcu_per_s) {
      f.busiest_wcu_per_s = per_s;
      f.busiest_key = fmt::format("{}: {}", where, pk.ToString());
      f.busiest_constant = distinct <= 1;
      f.assumption = assumed;
    }
  };
  // A sparse facet is written only for the share of items in its views (a put-or-delete of one
  // deletes it for the rest, 1 WCU); when the plan's other items are one, the call is a
  // transaction only when a sparse facet is written with it (exec::ApplyWrite): the expected
  // units are the single item's at the plain rate when none is, at the transaction's otherwise.
  // Group items of aggregates kept in this write's transaction are always written with it.
  GroupWork group = TransactionAggregateWork(model, layout, plan);
  int group_items = group.items;
  double group_units = group.wcu;
  f.items_written += group_items;
  f.group_reads = group.reads;
  f.rcu_per_call = group.rcu;
  f.rcu_per_s = w.rate * f.rcu_per_call;
  units += group_units;
  f.wcu_per_s_by_index[0] += w.rate * group_units * factor;
  // The group items' puts on their partition keys, in the write's TransactWriteItems: twice
  // their units
  // (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/transaction-apis.html#transaction-capacity-handling).
  for (const GroupWork::Key& k : group.keys) {
    const ItemType& t = layout.item_types[static_cast<std::size_t>(k.item_type)];
    const std::string where = k.index == 0
                                  ? std::string("table")
                                  : layout.indexes[static_cast<std::size_t>(k.index - 1)].name;
    load(t, k.index, k.key, where, k.units, factor,
         k.shards > 1 || k.key.Uses(kShardAttribute) ? k.shards : 0);
  }
  // The GetItem of read_first (exec::ReadFirst): the whole stored item is billed.
  if (!plan.read_first.empty()) {
    std::vector<int> own = layout.ItemTypesOf(w.entity);
    if (!own.empty()) {
      const ItemType& t = layout.item_types[static_cast<std::size_t>(own.front())];
      f.first_read_rcu_per_call = RequestReadUnits(StoredItemBytes(model, layout, t), true);
      f.first_read_rcu_per_s = w.rate * f.first_read_rcu_per_call;
    }
  }
  // An `also` update's item as stored, read first the same way (exec::AlsoRecord::before).
  for (std::size_t i = 0; i < plan.also_read_first.size(); ++i) {
    if (plan.also_read_first[i].empty()) continue;
    std::vector<int> own = layout.ItemTypesOf(w.also[i].entity);
    if (own.empty()) continue;
    const ItemType& t = layout.item_types[static_cast<std::size_t>(own.front())];
    f.first_read_rcu_per_call += RequestReadUnits(StoredItemBytes(model, layout, t), true);
    f.first_read_rcu_per_s = w.rate * f.first_read_rcu_per_call;
  }
  int fixed = group_items;
  double none_written = 1;
  // An `also` entry's items are an update's (or a check's) of an existing item.
  // A write of an embedded child updates its parent's item, billed on the whole stored item.
  auto kind_of = [&](const ItemWrite& iw) {
    return iw.also >= 0 || plan.embedded >= 0 ? WriteKind::kUpdate : w.kind;
  };
  // A check folded into an aggregate's Put of its item (layout.h ItemWrite::folded_into) is no
  // action of its own: the group item's Put, counted with the aggregate, carries its condition.
  for (const ItemWrite& iw : plan.writes) {
    if (iw.folded_into >= 0) continue;
    const ItemType& t = layout.item_types[static_cast<std::size_t>(iw.item_type)];
    bool sparse = IsSparseFacet(t);
    bool optional = sparse && !(iw.op == WriteOp::kPut && kind_of(iw) == WriteKind::kUpdate);
    if (optional)
      none_written *= 1 - ExistingShare(model, t);
    else
      ++fixed;
  }
  double single_share = plan.transaction && fixed == 1 ? none_written : 0;
  double plain = 1 - single_share * (1 - 1 / kTransactionFactor);
  for (const ItemWrite& iw : plan.writes) {
    if (iw.folded_into >= 0) continue;
    const ItemType& t = layout.item_types[static_cast<std::size_t>(iw.item_type)];
    bool sparse = IsSparseFacet(t);
    bool optional = sparse && !(iw.op == WriteOp::kPut && kind_of(iw) == WriteKind::kUpdate);
    // Units of the fixed items scale by `plain` (a single call for single_share of the calls).
    double weight = sparse ? ExistingShare(model, t) : 1;
    double scale = optional ? 1 : (fixed == 1 && plan.transaction ? plain : 1);
    // A create writes an item without the maintainers' state yet; an update or delete is sized
    // on the whole stored item.
    // A ConditionCheck writes nothing but is billed as a transactional write of the item it
    // checks: DynamoDB prepares and commits every item of the transaction
    // (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/transaction-apis.html#transaction-capacity-handling),
    // at its stored size; it touches no index.
    double item_units =
        ItemWriteUnits(kind_of(iw) == WriteKind::kCreate ? ItemBytes(model, t)
                                                         : StoredItemBytes(model, layout, t));
    double deleted = sparse && !optional ? (1 - weight) * 1.0 : 0;
    units += (item_units * weight + deleted) * scale;
    f.wcu_per_s_by_index[0] += w.rate * (item_units * weight + deleted) * scale * factor;
    load(t, 0, t.partition_key, "table", item_units, factor, 0);
    if (iw.op == WriteOp::kCheck) continue;
    for (const IndexKeys& k : t.index_keys) {
      const IndexLayout& index = layout.indexes[static_cast<std::size_t>(k.index - 1)];
      // Each entry is billed on what the index projects of the item (EntryBytes).
      const double entry_units =
          ItemWriteUnits(EntryBytes(model, layout, t, k.index, kind_of(iw) == WriteKind::kCreate));
      double entries = 1;
      if (iw.op == WriteOp::kUpdate) {
        bool rekeyed = Rekeys(index, iw);
        // A new key moves the entry (delete + put); otherwise the entry is rewritten in place
        // only when the update changes what the index projects (RewritesEntry): never under
        // KEYS_ONLY, under INCLUDE when it sets a listed attribute (a write of an embedded child
        // changes only the parent's map, which a derived INCLUDE leaves out: no index write).
        entries = rekeyed ? 2 : (RewritesEntry(model, layout, t, index, iw.set_attributes) ? 1 : 0);
      }
      // Only the items holding the index's keys have an entry (a sparse index, EntryShare).
      entries *= EntryShare(model, t, k) * scale;
      f.index_entries += entries;
      units += entries * entry_units;
      if (static_cast<std::size_t>(k.index) < f.wcu_per_s_by_index.size())
        f.wcu_per_s_by_index[static_cast<std::size_t>(k.index)] +=
            w.rate * entries * entry_units * factor;
      if (entries > 0)
        load(t, k.index, k.partition_key, index.name, entries * entry_units, factor, 0);
    }
  }
  f.wcu_per_call = units * factor;
  // A drawn counter (WritePlan::counter): the UpdateItem of the parent's main item, a request of
  // its own outside any transaction, billed on the whole stored item; an index entry of the
  // parent is rewritten when the index projects the count (ALL, or INCLUDE listing it), and not
  // at all when it projects keys only, which the count never is
  // (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/GSI.html#GSI.Writes).
  if (plan.counter) {
    const ItemType& t = layout.item_types[static_cast<std::size_t>(plan.counter->item_type)];
    const double item_units = ItemWriteUnits(StoredItemBytes(model, layout, t));
    double counter_units = item_units;
    f.wcu_per_s_by_index[0] += w.rate * item_units;
    // On the parent's partition keys (a request of its own: no transaction's factor).
    load(t, 0, t.partition_key, "table", item_units, 1.0, 0);
    for (const IndexKeys& k : t.index_keys) {
      const IndexLayout& index = layout.indexes[static_cast<std::size_t>(k.index - 1)];
      const bool projected =
          index.projection == Projection::kAll ||
          (index.projection == Projection::kInclude &&
           std::find(index.projected_attributes.begin(), index.projected_attributes.end(),
                     plan.counter->source) != index.projected_attributes.end());
      if (!projected) continue;
      const double share = EntryShare(model, t, k);
      const double entry_units = ItemWriteUnits(EntryBytes(model, layout, t, k.index));
      f.index_entries += share;
      counter_units += share * entry_units;
      if (static_cast<std::size_t>(k.index) < f.wcu_per_s_by_index.size())
        f.wcu_per_s_by_index[static_cast<std::size_t>(k.index)] += w.rate * share * entry_units;
      if (share > 0) load(t, k.index, k.partition_key, index.name, share * entry_units, 1.0, 0);
    }
    f.items_written += 1;
    // Each facet storing the count is set to the drawn value: a request of its own, billed on
    // the facet's stored size (a sparse facet only when it exists), its index entries as above.
    for (int ft : CounterFacets(layout, *plan.counter)) {
      const ItemType& facet = layout.item_types[static_cast<std::size_t>(ft)];
      const double weight = IsSparseFacet(facet) ? ExistingShare(model, facet) : 1;
      const double facet_units = ItemWriteUnits(StoredItemBytes(model, layout, facet));
      counter_units += weight * facet_units;
      f.wcu_per_s_by_index[0] += w.rate * weight * facet_units;
      load(facet, 0, facet.partition_key, "table", weight * facet_units, 1.0, 0);
      for (const IndexKeys& k : facet.index_keys) {
        const IndexLayout& index = layout.indexes[static_cast<std::size_t>(k.index - 1)];
        const bool projected =
            index.projection == Projection::kAll ||
            (index.projection == Projection::kInclude &&
             std::find(index.projected_attributes.begin(), index.projected_attributes.end(),
                       plan.counter->source) != index.projected_attributes.end());
        if (!projected) continue;
        const double share = EntryShare(model, facet, k);
        const double entry_units = ItemWriteUnits(EntryBytes(model, layout, facet, k.index));
        f.index_entries += share;
        counter_units += share * entry_units;
        if (static_cast<std::size_t>(k.index) < f.wcu_per_s_by_index.size())
          f.wcu_per_s_by_index[static_cast<std::size_t>(k.index)] += w.rate * share * entry_units;
        if (share > 0)
          load(facet, k.index, k.partition_key, index.name, share * entry_units, 1.0, 0);
      }
      f.items_written += 1;
    }
    f.wcu_per_call += counter_units;
  }
  AddCopyWork(model, layout, plan, f);
  f.wcu_per_call += f.copy_wcu_per_call;
  f.wcu_per_s = w.rate * f.wcu_per_call;
  f.monthly_cost_usd = MonthlyCost(f.wcu_per_s, true, model.table.billing) +
                       MonthlyCost(f.rcu_per_s, false, model.table.billing) +
                       MonthlyCost(f.first_read_rcu_per_s, false, model.table.billing) +
                       MonthlyCost(f.copy_read_rcu_per_s, false, model.table.billing);
  return f;
}

namespace {

// Characters a key template renders to: its literal text, and per placeholder its encoding's
// width (a timestamp 24, a date 10, an integer 19, a boolean 5, a shard or version its digits),
// 26 (a ULID) for one of no fixed width.
double KeyChars(const KeyTemplate& key) {
  double n = 0;
  for (const TemplatePart& part : key.parts) {
    if (!part.is_attribute) {
      n += static_cast<double>(part.text.size());
      continue;
    }
    switch (part.encoding) {
      case Encoding::kTimestamp:
        n += 24;
        break;
      case Encoding::kDate:
        n += 10;
        break;
      case Encoding::kInteger:
        n += 19;
        break;
      case Encoding::kBoolean:
        n += 5;
        break;
      case Encoding::kShard:
      case Encoding::kVersion:
        n += part.width;
        break;
      default:
        n += 26;
        break;
    }
  }
  return n;
}

// Bytes of a Number of `digits` digits (CapacityUnitCalculations.html: about one byte per two
// significant digits, plus one).
double NumberBytes(double digits) { return std::ceil(digits / 2) + 1; }

// Whether write `w` can change a value of `a` (derive's rule: a create or delete of `of`, an
// update listing a group or value source or nothing), and whether it can move an item between
// groups (an update listing a group source, or nothing).
struct Touch {
  bool changes = false;
  bool moves = false;
};
Touch Touches(const WritePattern& w, const AggregateDecl& a, const Entity& of) {
  Touch t;
  if (w.entity != a.of) return t;
  auto listed = [&](AttrId id) {
    if (id < 0) return false;
    if (w.attributes.empty()) return true;
    const std::string& name = of.attributes[static_cast<std::size_t>(id)].name;
    return std::find(w.attributes.begin(), w.attributes.end(), name) != w.attributes.end();
  };
  if (w.kind != WriteKind::kUpdate) {
    t.changes = true;
    return t;
  }
  for (const GroupPart& g : a.group) t.moves = t.moves || listed(g.source);
  // A filtered attribute moves the item into or out of its group (model.h
  // AggregateDecl::filters): one group item written, like a create or a delete.
  bool filtered = false;
  for (const FixedFilter& f : a.filters)
    filtered = filtered || listed(of.FindAttribute(f.attribute));
  t.changes = t.moves || filtered;
  for (const AggregateValue& v : a.values)
    t.changes = t.changes || listed(v.source) || listed(v.by);
  return t;
}

// ChainedChangesOf, at chain depth `depth` (a chain longer than the aggregates cannot be a path:
// it stops there).
ChainedChanges ChainedChangesAt(const Model& model, int aggregate_id, std::size_t depth) {
  ChainedChanges out;
  if (depth >= model.aggregates.size()) return out;
  const AggregateDecl& a = model.aggregates[static_cast<std::size_t>(aggregate_id)];
  for (std::size_t u = 0; u < model.aggregates.size(); ++u) {
    const AggregateDecl& up = model.aggregates[u];
    if (static_cast<int>(u) == aggregate_id || up.into != a.of) continue;
    auto kept = [&](AttrId id) {
      return id >= 0 && std::any_of(up.values.begin(), up.values.end(),
                                    [&](const AggregateValue& v) { return v.target == id; });
    };
    bool moves = std::any_of(a.group.begin(), a.group.end(),
                             [&](const GroupPart& g) { return kept(g.source); });
    const Entity& a_of = model.entities[static_cast<std::size_t>(a.of)];
    bool filtered = std::any_of(a.filters.begin(), a.filters.end(), [&](const FixedFilter& f) {
      return kept(a_of.FindAttribute(f.attribute));
    });
    bool changes = moves || filtered ||
                   std::any_of(a.values.begin(), a.values.end(), [&](const AggregateValue& v) {
                     return kept(v.source) || kept(v.by);
                   });
    if (!changes) continue;
    // The upstream maintainer's writes of its group items: one per group its changes touch.
    const Entity& up_of = model.entities[static_cast<std::size_t>(up.of)];
    double writes = 0;
    for (const WritePattern& w : model.write_patterns) {
      Touch t = Touches(w, up, up_of);
      if (t.changes) writes += w.rate * (t.moves ? 2 : 1);
    }
    writes += ChainedChangesAt(model, static_cast<int>(u), depth + 1).groups_per_s;
    out.records_per_s += writes;
    out.groups_per_s += writes * (moves ? 2 : 1);
    out.aggregates.push_back(up.name);
  }
  return out;
}

}  // namespace

ChainedChanges ChainedChangesOf(const Model& model, int aggregate_id) {
  return ChainedChangesAt(model, aggregate_id, 0);
}

namespace {

// Bytes assumed for one value of attribute `attr` of `e` in kLatest's state: a timestamp 24, a
// date 10, a number or integer 10 digits, a boolean 1, anything else (text, binary, a
// collection) 26 (a ULID) in an identifier (`key`), else the entity's declared size shared
// evenly over its attributes, at least 26.
double LatestValueBytes(const Entity& e, const Attribute& attr, bool key = false) {
  switch (attr.type) {
    case AttrType::kTimestamp:
      return 24;
    case AttrType::kDate:
      return 10;
    case AttrType::kNumber:
    case AttrType::kInteger:
      return NumberBytes(10);
    case AttrType::kBoolean:
      return 1;
    default:
      if (key) return 26;
      return std::max(26.0, static_cast<double>(e.item_size) /
                                static_cast<double>(std::max<std::size_t>(e.attributes.size(), 1)));
  }
}

}  // namespace

namespace {

// What one aggregate's maintainer keeps on its group item, beyond `into`'s attributes (the state
// model/exec/aggregates.h describes): bytes that do not grow with the group and bytes per
// source item in the group, at the declared counts and rates.
struct AggregateState {
  double items_per_group = 1;  // `of` items per group: of.count / into.count, at least 1
  double records_per_s = 0;
  double groups_per_s = 0;
  double seen_entry_bytes = 0;  // stream-kept: one _aggseen entry
  double seen_entries = 0;
  double fixed = 0;     // bytes of its own state that do not grow with the group (not _aggv's)
  double per_item = 0;  // bytes per source item in the group
  double value_per_item = 0;  // of per_item: the min, max and latest values' _aggvals entries
  bool seen = false;          // writes _aggseen
};

AggregateState StateOf(const Model& model, const KeyLayout& layout, int aggregate_id,
                       Maintainer maintainer, SeenMarks marks, bool shared_into) {
  AggregateState st;
  const AggregateDecl& a = model.aggregates[static_cast<std::size_t>(aggregate_id)];
  const Entity& of = model.entities[static_cast<std::size_t>(a.of)];
  const Entity& into = model.entities[static_cast<std::size_t>(a.into)];
  // With a filter, only the items meeting it are in a group: their share of `of` (each value's
  // declared share, else AssumedSelectivity's guess).
  double meeting = 1;
  for (const FixedFilter& f : a.filters) meeting *= ValueSelectivity(of, f.attribute, f.value);
  st.items_per_group =
      std::max(1.0, static_cast<double>(of.count) * meeting /
                        static_cast<double>(std::max<std::int64_t>(into.count, 1)));
  double fresh_groups_per_s = 0;  // group changes by creates and deletes: one per record
  for (const WritePattern& w : model.write_patterns) {
    Touch t = Touches(w, a, of);
    if (!t.changes) continue;
    st.records_per_s += w.rate;
    st.groups_per_s += w.rate * (t.moves ? 2 : 1);
    if (w.kind != WriteKind::kUpdate) fresh_groups_per_s += w.rate;
  }
  // Another aggregate's maintainer rewriting `of` items (a chain) feeds this one too.
  ChainedChanges chained = ChainedChangesAt(model, aggregate_id, 0);
  st.records_per_s += chained.records_per_s;
  st.groups_per_s += chained.groups_per_s;
  // Computed at read time: nothing is stored, neither the values nor any state.
  if (maintainer == Maintainer::kRead) return st;
  if (maintainer == Maintainer::kStream) {
    // _aggseen: per source item changed within kAggregateSeenRetentionSeconds, the source's
    // "PK\nSK" text (prefixed with the aggregate's name and a newline when several aggregates
    // keep values on `into`) and a list (3 bytes, 1 per element) of a sequence number of up to
    // 40 digits and a time in seconds (10 digits); older entries are pruned. The group's share
    // of the changes in that window (the declared rates spread evenly over the `into` items):
    // updates change items the group holds, so at most its items; each create or delete is an
    // item of its own (a like made, a like taken back), whose mark stays until pruned however
    // few items the group holds at once.
    const ItemType& source = layout.item_types[static_cast<std::size_t>(
        layout.ItemTypesOf(a.of).front())];  // `of`'s main item (AggregateLayout::source_type)
    st.seen = true;
    st.seen_entry_bytes = KeyChars(source.partition_key) + 1 + KeyChars(source.sort_key) + 3 + 2 +
                          static_cast<double>(40) + NumberBytes(10) +
                          (shared_into ? static_cast<double>(a.name.size()) + 1 : 0);
    const double window = static_cast<double>(kAggregateSeenRetentionSeconds) /
                          static_cast<double>(std::max<std::int64_t>(into.count, 1));
    double changed = (st.groups_per_s - fresh_groups_per_s) * window;
    double fresh = fresh_groups_per_s * window;
    st.seen_entries = std::min(st.items_per_group, changed) + fresh;
    // With mark items (SeenMarks::kItems) the marks are items of their own, as many, and the
    // group item holds none.
    if (marks == SeenMarks::kItems) {
      st.seen = false;
      st.seen_entry_bytes = 0;
    } else {
      st.fixed += st.seen_entry_bytes * fresh;
      if (changed < st.items_per_group)
        st.fixed += st.seen_entry_bytes * changed;
      else
        st.per_item += st.seen_entry_bytes;
    }
  }
  // A group that only gains items keeps one entry per latest, min or max value, not one per
  // item (AppendOnly, model/exec/aggregates.cpp Contribute).
  const bool append_only = AppendOnly(model, a);
  double& grows = append_only ? st.fixed : st.per_item;
  for (const AggregateValue& v : a.values) {
    if (v.function == AggregateFunction::kLatest) {
      // _aggvals: per item of the group with a `by` value, its identifier text (each attribute
      // as LatestValueBytes, newline-separated) and a list (3 bytes, 1 per element) of its `by`
      // value and its value.
      double id = 0;
      for (AttrId i : of.identifier)
        id += LatestValueBytes(of, of.attributes[static_cast<std::size_t>(i)], true) + 1;
      const double entry = id + 3 + 2 +
                           LatestValueBytes(of, of.attributes[static_cast<std::size_t>(v.by)]) +
                           LatestValueBytes(of, of.attributes[static_cast<std::size_t>(v.source)]);
      grows += entry;
      if (!append_only) st.value_per_item += entry;
      st.fixed +=
          static_cast<double>(std::string(kAggregateValuesAttribute).size()) + 3 + 3 +
          static_cast<double>(into.attributes[static_cast<std::size_t>(v.target)].name.size());
      continue;
    }
    if (v.function != AggregateFunction::kMin && v.function != AggregateFunction::kMax) continue;
    // _aggvals: per distinct value, its text (a number's 10 digits assumed, a timestamp's or
    // date's at its type's size) and a count.
    const Attribute& src = of.attributes[static_cast<std::size_t>(v.source)];
    const double key = IsNumeric(src.type) ? 10 : LatestValueBytes(of, src);
    grows += key + NumberBytes(10) + 1;
    if (!append_only) st.value_per_item += key + NumberBytes(10) + 1;
    st.fixed +=
        static_cast<double>(std::string(kAggregateValuesAttribute).size()) + 3 + 3 +
        static_cast<double>(into.attributes[static_cast<std::size_t>(v.target)].name.size());
  }
  return st;
}

// Who keeps aggregate `id`: its AggregateLayout's maintainer, or, while the derivation has not
// placed it yet (it sizes the aggregates in declaration order), the derivation's rule: the pin,
// else the writes' transactions when a read of `into` is strongly consistent or the table has
// no stream, else the stream (model/derive PlanAggregates).
Maintainer MaintainerOf(const Model& model, const KeyLayout& layout, int id) {
  for (const AggregateLayout& al : layout.aggregates)
    if (al.aggregate_id == id) return al.maintainer;
  const AggregateDecl& a = model.aggregates[static_cast<std::size_t>(id)];
  if (a.maintain) return *a.maintain;
  bool consistent = std::any_of(
      model.access_patterns.begin(), model.access_patterns.end(), [&](const AccessPattern& p) {
        return p.consistent &&
               std::find(p.returns.begin(), p.returns.end(), a.into) != p.returns.end();
      });
  return consistent || !model.table.streams ? Maintainer::kTransaction : Maintainer::kStream;
}

// Where aggregate `id`'s consumer keeps its marks: its AggregateLayout's, or, while the
// derivation has not placed it, in mark items: it keeps them inline only while that is the
// cheaper (never when they grow the item past what mark items cost), so inline marks at their
// full growth would size an earlier aggregate's item (and its shards) for a state the layout
// never holds. The 400 KB bound is checked again once every aggregate is placed
// (model/derive FinishGroupItem).
SeenMarks MarksOf(const KeyLayout& layout, int id) {
  for (const AggregateLayout& al : layout.aggregates)
    if (al.aggregate_id == id) return al.marks;
  return SeenMarks::kItems;
}

// How many items aggregate `id`'s groups are split over: its AggregateLayout's, or 1 while the
// derivation has not placed it.
int ShardsOf(const KeyLayout& layout, int id) {
  for (const AggregateLayout& al : layout.aggregates)
    if (al.aggregate_id == id) return std::max(1, al.shards);
  return 1;
}

}  // namespace

AggregateFigures EstimateAggregate(const Model& model, const KeyLayout& layout,
                                   const AggregateLayout& al) {
  AggregateFigures f;
  const AggregateDecl& a = model.aggregates[static_cast<std::size_t>(al.aggregate_id)];
  const Entity& into = model.entities[static_cast<std::size_t>(a.into)];
  f.name = a.name;
  f.stream = al.maintainer == Maintainer::kStream;
  // Every aggregate keeping values on `into` keeps its state on the same item: the group item
  // holds them all (model/exec/aggregates.h), so its size, and the 400 KB bound, count them all.
  bool shared_into = std::count_if(model.aggregates.begin(), model.aggregates.end(),
                                   [&](const AggregateDecl& o) { return o.into == a.into; }) > 1;
  const bool mark_items = al.maintainer == Maintainer::kStream && al.marks == SeenMarks::kItems;
  f.marks = mark_items ? SeenMarks::kItems : SeenMarks::kInline;
  AggregateState own = StateOf(model, layout, al.aggregate_id, al.maintainer, f.marks, shared_into);
  f.items_per_group = own.items_per_group;
  f.records_per_s = own.records_per_s;
  f.groups_per_s = own.groups_per_s;
  f.seen_entry_bytes = own.seen_entry_bytes;
  f.seen_entries = own.seen_entries;
  if (mark_items) {
    // A mark item (layout.h kAggregateMarkLabel): PK `_AGGSEEN#<source pk>#<source sk>`, SK
    // `<aggregate>#<group pk>#<group sk>#<shard>`, its type label, the sequence number (up to 40
    // digits) and its expiry (10 digits) on the TTL attribute; attribute names and values count
    // (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/CapacityUnitCalculations.html).
    const ItemType& source =
        layout.item_types[static_cast<std::size_t>(layout.ItemTypesOf(a.of).front())];
    const ItemType& target = layout.item_types[static_cast<std::size_t>(al.target_type)];
    const std::string ttl =
        layout.ttl_attribute.empty() ? model.table.ttl_attribute : layout.ttl_attribute;
    f.mark_item_bytes = static_cast<double>(layout.partition_key.size() +
                                            std::string(kAggregateMarkLabel).size() + 1) +
                        KeyChars(source.partition_key) + 1 + KeyChars(source.sort_key) +
                        static_cast<double>(layout.sort_key.size() + a.name.size() + 1) +
                        KeyChars(target.partition_key) + 1 + KeyChars(target.sort_key) + 1 +
                        static_cast<double>(std::to_string(std::max(0, al.shards - 1)).size()) +
                        static_cast<double>(std::string(kTypeAttribute).size() +
                                            std::string(kAggregateMarkLabel).size()) +
                        static_cast<double>(std::string(kAggregateMarkSequenceAttribute).size()) +
                        static_cast<double>(40) + static_cast<double>(ttl.size()) + NumberBytes(10);
  }
  // _aggv: a name and a Number of a few digits, on the item when any aggregate stores values
  // there (a read-time one stores nothing); _aggseen: a name and a map (3 bytes), once on the
  // item whichever stream-kept aggregates write it.
  bool versioned = al.maintainer != Maintainer::kRead;
  bool seen = own.seen;
  double others = 0;  // the other aggregates' state on the item, at their own items per group
  for (std::size_t i = 0; i < model.aggregates.size(); ++i) {
    int id = static_cast<int>(i);
    if (id == al.aggregate_id || model.aggregates[i].into != a.into) continue;
    Maintainer kept_by = MaintainerOf(model, layout, id);
    versioned = versioned || kept_by != Maintainer::kRead;
    AggregateState st = StateOf(model, layout, id, kept_by, MarksOf(layout, id), shared_into);
    seen = seen || st.seen;
    // A sharded aggregate's `into` item (its shard 0) holds its share of the group's items.
    others += st.fixed + st.per_item * st.items_per_group / ShardsOf(layout, id);
  }
  double state = versioned ? static_cast<double>(std::string(kAggregateVersionAttribute).size()) +
                                 NumberBytes(10)
                           : 0;
  if (seen) state += static_cast<double>(std::string(kAggregateSeenAttribute).size()) + 3;
  double per_item = own.per_item;  // bytes the state grows by per source item in the group
  double base = static_cast<double>(into.item_size) + state + own.fixed + others;
  // Write sharding (AggregateLayout::shards): each shard item holds the state of its share of
  // the group's items.
  const double shards = static_cast<double>(std::max(1, al.shards));
  f.group_item_bytes = base + per_item * f.items_per_group / shards;
  f.value_entry_bytes = own.value_per_item;
  if (al.shards > 1) {
    // A shard item (AggregateLayout::shard_partition_key): PK (the target's partition key, the
    // shard literal and number), SK (the target's sort key), the type label, the group's
    // identifier, the values (a latest value at its source's size, else a number), _aggv and
    // its share of this aggregate's state. Item size: the attribute names and values
    // (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/CapacityUnitCalculations.html).
    const ItemType& target = layout.item_types[static_cast<std::size_t>(al.target_type)];
    const Entity& of = model.entities[static_cast<std::size_t>(a.of)];
    double bytes = 2 + KeyChars(target.partition_key) + 2 +
                   static_cast<double>(std::string(kAggregateShardLiteral).size() +
                                       std::to_string(al.shards - 1).size()) +
                   2 + KeyChars(target.sort_key) +
                   static_cast<double>(std::string(kTypeAttribute).size() + target.label.size() +
                                       std::string(kAggregateShardLiteral).size());
    for (AttrId id : into.identifier) {
      const Attribute& attr = into.attributes[static_cast<std::size_t>(id)];
      bytes += static_cast<double>(attr.name.size()) + LatestValueBytes(into, attr, true);
    }
    for (const AggregateValue& v : a.values) {
      bytes += static_cast<double>(into.attributes[static_cast<std::size_t>(v.target)].name.size());
      // A latest value, or a min or max of a timestamp or date, at its type's size.
      const bool typed =
          v.function == AggregateFunction::kLatest ||
          ((v.function == AggregateFunction::kMin || v.function == AggregateFunction::kMax) &&
           !IsNumeric(of.attributes[static_cast<std::size_t>(v.source)].type));
      bytes += typed ? LatestValueBytes(of, of.attributes[static_cast<std::size_t>(v.source)])
                     : NumberBytes(10);
    }
    bytes += static_cast<double>(std::string(kAggregateVersionAttribute).size()) + NumberBytes(10) +
             (own.seen ? static_cast<double>(std::string(kAggregateSeenAttribute).size()) + 3 : 0);
    f.shard_item_bytes = bytes + own.fixed + per_item * f.items_per_group / shards;
  }
  if (al.maintainer != Maintainer::kRead && per_item > 0) {
    f.state_grows = true;
    f.max_items_per_group = std::max(0.0, std::floor((kMaxItemBytes - base) / per_item)) * shards;
  }
  // Kept by ADD (KeptByAdd): the write's UpdateItem needs no read of the group item.
  f.rcu_per_group = KeptByAdd(model, layout, al) ? 0 : RequestReadUnits(f.group_item_bytes, true);
  // The puts of the group's items: the main item (with the state) and each facet, each with its
  // index entries (a key holding a value moves: two entries; else rewritten: one, none under
  // KEYS_ONLY), twice in a transaction when there are several items.
  double units = 0;
  std::vector<double> by_index(layout.indexes.size() + 1, 0.0);  // [0] the table, [i] GSIi
  int items = 0;
  for (int id : layout.ItemTypesOf(a.into)) {
    const ItemType& t = layout.item_types[static_cast<std::size_t>(id)];
    if (t.role != ItemRole::kEntity && t.role != ItemRole::kFacet) continue;
    ++items;
    double bytes = id == al.target_type ? f.group_item_bytes : ItemBytes(model, t);
    double item_units = ItemWriteUnits(bytes);
    units += item_units;
    by_index[0] += item_units;
    f.group_key_units.push_back({0, id, t.partition_key, item_units});
    for (const IndexKeys& k : t.index_keys) {
      const IndexLayout& index = layout.indexes[static_cast<std::size_t>(k.index - 1)];
      bool rekeyed = false;
      for (const AggregateValue& v : a.values) {
        const std::string& name = into.attributes[static_cast<std::size_t>(v.target)].name;
        rekeyed = rekeyed || k.partition_key.Uses(name) || k.sort_key.Uses(name);
      }
      // The entry at what the index projects (EntryBytes; the group item's state only under
      // ALL), rewritten in place only when the index projects a value the put changes.
      std::vector<std::string> values;
      for (const AggregateValue& v : a.values)
        values.push_back(into.attributes[static_cast<std::size_t>(v.target)].name);
      double entry_units =
          index.projection == Projection::kAll
              ? item_units
              : ItemWriteUnits(std::min(bytes, EntryBytes(model, layout, t, k.index, true)));
      double entries = rekeyed ? 2 : (RewritesEntry(model, layout, t, index, values) ? 1 : 0);
      entries *= EntryShare(model, t, k);
      units += entries * entry_units;
      if (static_cast<std::size_t>(k.index) < by_index.size())
        by_index[static_cast<std::size_t>(k.index)] += entries * entry_units;
      if (entries > 0)
        f.group_key_units.push_back({k.index, id, k.partition_key, entries * entry_units});
    }
  }
  if (al.shards > 1) f.shard_item_units = ItemWriteUnits(f.shard_item_bytes);
  // With mark items, every group update is a transaction: the group's puts and the mark's.
  if (mark_items) {
    double mark_units = ItemWriteUnits(f.mark_item_bytes);
    units += mark_units;
    by_index[0] += mark_units;
  }
  const double factor = f.stream && (items > 1 || mark_items) ? kTransactionFactor : 1.0;
  f.wcu_per_group = units * factor;
  f.rcu_per_s = f.groups_per_s * f.rcu_per_group;
  // A transaction-kept aggregate's reads and writes are priced with the write patterns
  // (EstimateWrite: rcu_per_s for the GetItems, wcu_per_s for the puts).
  if (!f.stream) return f;
  f.wcu_per_s = f.groups_per_s * f.wcu_per_group;
  f.wcu_per_s_by_index.clear();
  for (double u : by_index) f.wcu_per_s_by_index.push_back(f.groups_per_s * u * factor);
  f.monthly_cost_usd = MonthlyCost(f.rcu_per_s, false, model.table.billing) +
                       MonthlyCost(f.wcu_per_s, true, model.table.billing);
  return f;
}

namespace {

GroupWork TransactionAggregateWork(const Model& model, const KeyLayout& layout,
                                   const WritePlan& plan) {
  const WritePattern& w = model.write_patterns[static_cast<std::size_t>(plan.pattern_id)];
  GroupWork out;
  std::vector<std::pair<int, int>> counted;  // aggregates counted so far, and their groups
  for (int id : plan.aggregates) {
    const AggregateLayout& al = layout.aggregates[static_cast<std::size_t>(id)];
    const AggregateDecl& a = model.aggregates[static_cast<std::size_t>(al.aggregate_id)];
    Touch t = Touches(w, a, model.entities[static_cast<std::size_t>(a.of)]);
    if (!t.changes) continue;
    int groups = t.moves ? 2 : 1;
    // An aggregate on the item another one counted here already writes (SharesGroupItem): the
    // write changes that item once for both (one Put or one Update of it), so only the groups
    // the other did not count are added.
    int shared = 0;
    for (const auto& [other, other_groups] : counted)
      if (SharesGroupItem(model, layout, other, id)) shared = std::max(shared, other_groups);
    counted.emplace_back(id, groups);
    groups -= std::min(groups, shared);
    if (groups == 0) continue;
    AggregateFigures f = EstimateAggregate(model, layout, al);
    out.wcu += groups * f.wcu_per_group;
    out.rcu += groups * f.rcu_per_group;
    out.items += groups;
    if (f.rcu_per_group > 0) out.reads += groups;
    const int shards = std::max(1, al.shards);
    for (const AggregateFigures::GroupKeyUnits& k : f.group_key_units)
      out.keys.push_back({k.index, k.item_type, k.key, groups * k.units / shards, 1});
    if (shards > 1)
      out.keys.push_back({0, al.target_type, al.shard_partition_key,
                          groups * f.shard_item_units * (shards - 1) / shards, shards - 1});
  }
  return out;
}

}  // namespace

int TransactionActions(const Model& model, const KeyLayout& layout, const WritePlan& plan) {
  const WritePattern& w = model.write_patterns[static_cast<std::size_t>(plan.pattern_id)];
  // A check folded into an aggregate's Put (ItemWrite::folded_into) sends no action of its own.
  int actions =
      static_cast<int>(std::count_if(plan.writes.begin(), plan.writes.end(),
                                     [](const ItemWrite& iw) { return iw.folded_into < 0; }));
  // The children's copies written in the transaction: at most `max` children each.
  for (const CopyFanOut& f : plan.copies) {
    if (f.in_transaction)
      actions += static_cast<int>(f.max_children) * static_cast<int>(f.writes.size());
  }
  // Per `into` and group mapping of the unsharded aggregates counted so far: the groups they put.
  std::map<std::pair<EntityId, std::vector<std::tuple<AttrId, AttrId, TimeBucket>>>, int> shared;
  for (int id : plan.aggregates) {
    const AggregateLayout& al = layout.aggregates[static_cast<std::size_t>(id)];
    const AggregateDecl& a = model.aggregates[static_cast<std::size_t>(al.aggregate_id)];
    Touch t = Touches(w, a, model.entities[static_cast<std::size_t>(a.of)]);
    if (!t.changes) continue;
    const int groups = t.moves ? 2 : 1;
    int items = 0;
    for (int type : layout.ItemTypesOf(a.into)) {
      ItemRole role = layout.item_types[static_cast<std::size_t>(type)].role;
      if (role == ItemRole::kEntity || role == ItemRole::kFacet) ++items;
    }
    if (al.shards > 1) {
      actions += groups * std::max(items, 2);
      continue;
    }
    std::vector<std::tuple<AttrId, AttrId, TimeBucket>> group;
    for (const GroupPart& g : a.group) group.emplace_back(g.target, g.source, g.bucket);
    std::sort(group.begin(), group.end());
    int& counted = shared[{a.into, group}];
    if (groups > counted) {
      actions += (groups - counted) * items;
      counted = groups;
    }
  }
  return actions;
}

WorkloadCost EstimateWorkload(const Model& model, const KeyLayout& layout) {
  WorkloadCost out;
  out.billing = model.table.billing;
  for (const ReadPlan& plan : layout.reads) {
    const AccessPattern& p = model.access_patterns[static_cast<std::size_t>(plan.pattern_id)];
    ReadFigures f = EstimateRead(model, layout, plan);
    PatternCost c;
    c.name = p.name;
    c.rate = p.rate;
    c.rate_declared = p.rate_declared;
    c.requests = f.requests;
    // A read in two steps (ReadPlan::follow_up) counts each item it returns once: its first
    // step's items (before filters), each naming an item the second step fetches
    // (AddFollowUpReads counts those in items_read too, and makes them items_returned). Its
    // requests and units are both steps'.
    c.items = plan.follow_up ? f.items_read - f.items_returned : f.items_read;
    c.units_per_call = f.rcu_per_call;
    c.units_per_s = f.rcu_per_s;
    c.monthly_cost_usd = f.monthly_cost_usd;
    c.upper_bound = f.upper_bound;
    c.assumption = f.assumption;
    out.rcu_per_s += c.units_per_s;
    out.monthly_cost_usd += c.monthly_cost_usd;
    out.upper_bound = out.upper_bound || c.upper_bound;
    if (!c.rate_declared) ++out.default_rates;
    out.reads.push_back(c);
  }
  for (const WritePlan& plan : layout.writes) {
    const WritePattern& w = model.write_patterns[static_cast<std::size_t>(plan.pattern_id)];
    WriteFigures f = EstimateWrite(model, layout, plan);
    PatternCost c;
    c.name = w.name;
    c.write = true;
    c.rate = w.rate;
    c.rate_declared = w.rate_declared;
    // One TransactWriteItems, else one request per item written.
    c.requests =
        plan.transaction ? 1 : static_cast<double>(std::max<std::size_t>(plan.writes.size(), 1));
    // A drawn counter's UpdateItem of the parent comes first, a request of its own.
    if (plan.counter)
      c.requests += 1 + static_cast<double>(CounterFacets(layout, *plan.counter).size());
    // Children written after the parent: one call each (a transaction for several items).
    for (const CopyFanOut& fan : plan.copies) {
      if (fan.in_transaction) continue;
      const double children =
          model.ChildrenPerParent(model.relationships[static_cast<std::size_t>(fan.relationship)]);
      c.requests +=
          children * (fan.writes.size() > 1 ? 1.0 : static_cast<double>(fan.writes.size()));
    }
    c.items = f.items_written;
    c.units_per_call = f.wcu_per_call;
    c.units_per_s = f.wcu_per_s;
    c.monthly_cost_usd = MonthlyCost(f.wcu_per_s, true, model.table.billing);
    out.wcu_per_s += c.units_per_s;
    out.monthly_cost_usd += c.monthly_cost_usd;
    if (!c.rate_declared) ++out.default_rates;
    out.writes.push_back(c);
    if (f.group_reads > 0) {
      PatternCost r = c;
      r.write = false;
      r.requests = f.group_reads;
      r.items = f.group_reads;
      r.units_per_call = f.rcu_per_call;
      r.units_per_s = f.rcu_per_s;
      r.monthly_cost_usd = MonthlyCost(f.rcu_per_s, false, model.table.billing);
      out.rcu_per_s += r.units_per_s;
      out.monthly_cost_usd += r.monthly_cost_usd;
      out.group_reads.push_back(r);
    }
    if (f.first_read_rcu_per_call > 0) {
      PatternCost r = c;
      r.write = false;
      r.requests = 1;
      r.items = 1;
      r.units_per_call = f.first_read_rcu_per_call;
      r.units_per_s = f.first_read_rcu_per_s;
      r.monthly_cost_usd = MonthlyCost(f.first_read_rcu_per_s, false, model.table.billing);
      out.rcu_per_s += r.units_per_s;
      out.monthly_cost_usd += r.monthly_cost_usd;
      out.first_reads.push_back(r);
    }
    if (f.copy_read_rcu_per_call > 0) {
      PatternCost r = c;
      r.write = false;
      r.requests = f.copy_read_requests;
      r.items = f.copy_children;
      r.units_per_call = f.copy_read_rcu_per_call;
      r.units_per_s = f.copy_read_rcu_per_s;
      r.monthly_cost_usd = MonthlyCost(f.copy_read_rcu_per_s, false, model.table.billing);
      out.rcu_per_s += r.units_per_s;
      out.monthly_cost_usd += r.monthly_cost_usd;
      out.copy_reads.push_back(r);
    }
  }
  for (const AggregateLayout& al : layout.aggregates) {
    AggregateFigures f = EstimateAggregate(model, layout, al);
    if (!f.stream) continue;
    for (bool write : {false, true}) {
      PatternCost c;
      c.name = f.name;
      c.write = write;
      c.rate = f.groups_per_s;
      c.rate_declared = true;  // follows from the write patterns' rates
      c.requests = 1;
      c.items = write && f.marks == SeenMarks::kItems ? 2 : 1;  // and the mark item
      c.units_per_call = write ? f.wcu_per_group : f.rcu_per_group;
      c.units_per_s = write ? f.wcu_per_s : f.rcu_per_s;
      c.monthly_cost_usd = MonthlyCost(c.units_per_s, write, model.table.billing);
      (write ? out.wcu_per_s : out.rcu_per_s) += c.units_per_s;
      out.monthly_cost_usd += c.monthly_cost_usd;
      out.consumers.push_back(c);
    }
  }
  return out;
}

}  // namespace model
