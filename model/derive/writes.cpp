// Rule: write plans. A write pattern touches every item that copies what it changes: the entity's
// item (recomputing each index key built from a changed attribute, so no key goes stale, and
// removing it when a sparse condition stops holding), facets holding a changed attribute or a key
// built from one, the version history (v0 is updated under an optimistic check on _latest and a
// numbered copy is put beside it) and uniqueness items (old value deleted, new value put with
// attribute_not_exists). More than one item means one TransactWriteItems.
#include <fmt/format.h>

#include <algorithm>
#include <set>
#include <utility>

#include "model/aggregate_rules.h"
#include "model/cost.h"
#include "model/counter_facets.h"
#include "model/derive/internal.h"
#include "model/sparse_facet.h"

namespace model::derive {

namespace {

bool Contains(const std::vector<std::string>& v, const std::string& s) {
  return std::find(v.begin(), v.end(), s) != v.end();
}

bool KeysUse(const IndexKeys& k, const std::vector<std::string>& changed) {
  for (const auto& a : changed) {
    if (k.partition_key.Uses(a) || k.sort_key.Uses(a)) return true;
    for (const auto& w : k.only_when) {
      if (w.attribute == a) return true;
    }
  }
  return false;
}

std::vector<std::string> Refreshed(const Context& c, const ItemType& t,
                                   const std::vector<std::string>& changed) {
  std::vector<std::string> out;
  for (const auto& k : t.index_keys) {
    // An inverted index's keys are the table's: an item whose table key changes moves instead.
    // A natural-key index's keys are the attributes themselves, which the update sets.
    if (!KeysUse(k, changed) || c.model.table.KeyedIndex(k.index)) continue;
    out.push_back(c.model.table.GsiPartitionKey(k.index));
    out.push_back(c.model.table.GsiSortKey(k.index));
  }
  return out;
}

std::vector<std::string> Intersect(const std::vector<std::string>& a,
                                   const std::vector<std::string>& b) {
  std::vector<std::string> out;
  for (const auto& s : a) {
    if (Contains(b, s)) out.push_back(s);
  }
  return out;
}

std::string SparseNote(const ItemType& t, const std::vector<std::string>& changed,
                       const Table& table) {
  std::vector<std::string> notes;
  for (const auto& k : t.index_keys) {
    if (k.only_when.empty() || !KeysUse(k, changed)) continue;
    std::string cond;
    for (const auto& w : k.only_when)
      cond += (cond.empty() ? "" : " and ") + fmt::format("{} = {}", w.attribute, w.value);
    notes.push_back(fmt::format("REMOVE {} and {} unless {}", table.GsiPartitionKey(k.index),
                                table.GsiSortKey(k.index), cond));
  }
  std::string out;
  for (const auto& n : notes) out += (out.empty() ? "" : "; ") + n;
  return out;
}

// The attributes an update must read before writing: those the index keys it recomputes (on
// the entity's item and its facets) are built from, or made sparse by, that it does not set.
// The identifier is the call's key, and the shard and version are computed. Declaration order.
// Empty when an entity key changes (the plan deletes and puts the whole item).
std::vector<std::string> ReadFirst(const Context& c, const WritePattern& w,
                                   const std::vector<std::string>& changed,
                                   const std::vector<int>& types) {
  const Entity& en = c.entity(w.entity);
  std::vector<std::string> id;
  for (AttrId a : en.identifier) id.push_back(en.attributes[static_cast<std::size_t>(a)].name);
  std::vector<std::string> used;
  for (int ti : types) {
    const ItemType& t = c.layout.item_types[static_cast<std::size_t>(ti)];
    if (t.role != ItemRole::kEntity && t.role != ItemRole::kFacet) continue;
    for (const auto& a : changed) {
      if (t.partition_key.Uses(a) || t.sort_key.Uses(a)) return {};
    }
    for (const auto& k : t.index_keys) {
      // A natural-key index's keys are the attributes themselves: DynamoDB keeps its entry from
      // what the item holds, so the update writes nothing for it and reads nothing first.
      if (!KeysUse(k, changed) || c.model.table.NaturalIndex(k.index)) continue;
      for (const auto& a : k.partition_key.Attributes()) used.push_back(a);
      for (const auto& a : k.sort_key.Attributes()) used.push_back(a);
      for (const auto& f : k.only_when) used.push_back(f.attribute);
    }
  }
  std::vector<std::string> out;
  for (const auto& a : en.attributes) {
    if (Contains(used, a.name) && !Contains(changed, a.name) && !Contains(id, a.name))
      out.push_back(a.name);
  }
  return out;
}

// The attributes a sparse facet's views are made sparse by.
std::vector<std::string> SparseAttributes(const ItemType& t) {
  std::vector<std::string> out;
  for (const auto& k : t.index_keys) {
    for (const auto& w : k.only_when) {
      if (!Contains(out, w.attribute)) out.push_back(w.attribute);
    }
  }
  return out;
}

// "active = true or escalated = true": when a sparse facet exists.
std::string SparseWhen(const ItemType& t) {
  std::vector<std::string> views;
  for (const auto& k : t.index_keys) {
    std::vector<std::string> conds;
    for (const auto& w : k.only_when) conds.push_back(fmt::format("{} = {}", w.attribute, w.value));
    views.push_back(fmt::format("{}", fmt::join(conds, " and ")));
  }
  return fmt::format("{}", fmt::join(views, " or "));
}

// What an update must read first to write the sparse facets it touches: to know whether a facet
// exists, the attributes its views are made sparse by; to put one the entity moves into, every
// attribute the facet holds or builds a key from. Those the update sets and the identifier are
// known already.
std::vector<std::string> SparseReadFirst(const Context& c, const WritePattern& w,
                                         const std::vector<std::string>& changed,
                                         const std::vector<int>& types) {
  std::vector<std::string> used;
  for (int ti : types) {
    const ItemType& t = c.layout.item_types[static_cast<std::size_t>(ti)];
    if (!IsSparseFacet(t)) continue;
    std::vector<std::string> when = SparseAttributes(t);
    bool moves = !Intersect(changed, when).empty();
    bool touched =
        moves || !Intersect(changed, t.attributes).empty() || !Refreshed(c, t, changed).empty();
    if (!touched) continue;
    for (const auto& a : when) used.push_back(a);
    if (!moves) continue;
    for (const auto& a : t.attributes) used.push_back(a);
    for (const auto& k : t.index_keys) {
      for (const auto& a : k.partition_key.Attributes()) used.push_back(a);
      for (const auto& a : k.sort_key.Attributes()) used.push_back(a);
    }
  }
  const Entity& en = c.entity(w.entity);
  std::vector<std::string> id;
  for (AttrId a : en.identifier) id.push_back(en.attributes[static_cast<std::size_t>(a)].name);
  std::vector<std::string> out;
  for (const auto& a : en.attributes) {
    if (Contains(used, a.name) && !Contains(changed, a.name) && !Contains(id, a.name))
      out.push_back(a.name);
  }
  return out;
}

// The attributes a write pattern changes: those it names (all of the entity's when it names
// none), and, for an update of a versioned entity, its version number.
std::vector<std::string> ChangedAttributes(const Entity& en, const WritePattern& w) {
  std::vector<std::string> all;
  for (const auto& a : en.attributes) all.push_back(a.name);
  std::vector<std::string> changed = w.attributes.empty() ? all : w.attributes;
  // Every change of a versioned entity moves its version number to the next one.
  if (w.kind == WriteKind::kUpdate && en.versioned && !en.version_attribute.empty() &&
      std::find(changed.begin(), changed.end(), en.version_attribute) == changed.end()) {
    changed.push_back(en.version_attribute);
  }
  return changed;
}

// What an update reads before it writes (ReadFirst and SparseReadFirst, in declaration order),
// with the reason why added to the plan. Empty for a create, a delete and an update that changes
// a table key (the plan deletes and puts the whole item).
std::vector<std::string> PlanReadFirst(const Context& c, const WritePattern& w,
                                       const std::vector<std::string>& changed,
                                       const std::vector<int>& types, WritePlan& plan) {
  const Entity& en = c.entity(w.entity);
  std::vector<std::string> read_first;
  std::vector<std::string> sparse_first;
  std::vector<std::string> key_first;
  bool table_key_change = false;
  for (int ti : types) {
    const ItemType& t = c.layout.item_types[static_cast<std::size_t>(ti)];
    if (t.role != ItemRole::kEntity && t.role != ItemRole::kFacet) continue;
    for (const auto& a : changed)
      table_key_change = table_key_change || t.partition_key.Uses(a) || t.sort_key.Uses(a);
  }
  if (w.kind == WriteKind::kUpdate && !table_key_change) {
    key_first = ReadFirst(c, w, changed, types);
    read_first = key_first;
    sparse_first = SparseReadFirst(c, w, changed, types);
    std::vector<std::string> merged;
    for (const auto& a : en.attributes) {
      if (Contains(read_first, a.name) || Contains(sparse_first, a.name)) merged.push_back(a.name);
    }
    read_first = merged;
  }
  // A counter's count (Attribute::counter) is never read first, guarded or put back: only the
  // draws of the children's creates change it, with an atomic UpdateItem, so a guard on it would
  // fail at every concurrent create (and always when the create itself drew from it), and a
  // whole-item write of a copy holding it would put back an old count. A facet put afresh
  // carries every attribute but the count (exec::ApplyWrite sends it as an UpdateItem).
  read_first.erase(
      std::remove_if(read_first.begin(), read_first.end(),
                     [&](const std::string& a) { return IsCounterSource(c.model, w.entity, a); }),
      read_first.end());
  if (!key_first.empty()) {
    plan.reasons.push_back(Reason{
        fmt::format("reads {} first: index keys it recomputes are built from {} too, and the "
                    "write is guarded by the values read, so a concurrent change cannot leave "
                    "a key built from the old value",
                    fmt::join(read_first, ", "), read_first.size() == 1 ? "it" : "them"),
        {w.name}});
  } else if (!read_first.empty()) {
    plan.reasons.push_back(Reason{
        fmt::format("reads {} first: whether a sparse facet exists, or what it holds when the "
                    "entity moves into its views, depends on {}; the write is guarded by the "
                    "values read",
                    fmt::join(read_first, ", "), read_first.size() == 1 ? "it" : "them"),
        {w.name}});
  }
  return read_first;
}

// A create's write of item type `t`: a put that no item holds the key yet.
void PlanCreate(const Context& c, const WritePattern& w, const ItemType& t, ItemWrite iw,
                WritePlan& plan) {
  const Entity& en = c.entity(w.entity);
  iw.op = WriteOp::kPut;
  iw.condition = fmt::format("attribute_not_exists({})", c.model.table.partition_key);
  if (t.role == ItemRole::kHistory) {
    iw.note = "the first history copy, v1";
  } else if (t.role == ItemRole::kEntity && en.versioned) {
    iw.note = fmt::format("{} = 1", kLatestAttribute);
  }
  if (t.role == ItemRole::kUniqueness) {
    plan.reasons.push_back(Reason{fmt::format("'{}' claims its unique value", t.name), {w.name}});
  }
  if (IsSparseFacet(t)) {
    iw.note = fmt::format("only when {}", SparseWhen(t));
    plan.reasons.push_back(Reason{
        fmt::format("sparse facet '{}' is put only when {}", t.name, SparseWhen(t)), {w.name}});
  }
  plan.writes.push_back(iw);
}

// A delete's write of item type `t`; the version history stays.
void PlanDelete(const Context& c, const WritePattern& w, const ItemType& t, ItemWrite iw,
                WritePlan& plan) {
  if (t.role == ItemRole::kHistory) {
    plan.reasons.push_back(Reason{"version history is kept after a delete", {w.name}});
    return;
  }
  iw.op = WriteOp::kDelete;
  if (t.role == ItemRole::kEntity) {
    iw.condition = fmt::format("attribute_exists({})", c.model.table.partition_key);
  }
  if (t.role == ItemRole::kUniqueness) iw.note = "key from the value read before the delete";
  plan.writes.push_back(iw);
}

// An item whose table key is built from a changed attribute moves: delete, then put.
void PlanMove(ItemWrite put, WritePlan& plan) {
  ItemWrite del = put;
  del.op = WriteOp::kDelete;
  del.note = "its table key is built from a changed attribute: delete, then put under the new key";
  plan.writes.push_back(del);
  put.op = WriteOp::kPut;
  plan.writes.push_back(put);
}

// An update's write of the entity's own item: the changed attributes and the index keys built
// from them, guarded by the values read first (and the version, when versioned).
void PlanUpdateEntity(const Context& c, const WritePattern& w, const ItemType& t,
                      const std::vector<std::string>& changed,
                      const std::vector<std::string>& read_first, ItemWrite iw, WritePlan& plan) {
  const Entity& en = c.entity(w.entity);
  iw.op = WriteOp::kUpdate;
  iw.set_attributes = Intersect(changed, t.attributes);
  iw.refresh_keys = Refreshed(c, t, changed);
  iw.condition = en.versioned ? fmt::format("{} = :expected", kLatestAttribute)
                              : fmt::format("attribute_exists({})", c.model.table.partition_key);
  iw.note = SparseNote(t, changed, c.model.table);
  iw.guard_attributes = read_first;
  for (const auto& g : read_first) iw.condition += fmt::format(" AND {0} = :{0}", g);
  if (en.versioned) {
    iw.note += (iw.note.empty() ? "" : "; ") + fmt::format("SET {0} = {0} + 1", kLatestAttribute);
  }
  if (!iw.refresh_keys.empty()) {
    plan.reasons.push_back(Reason{
        fmt::format("index keys of '{}' are built from changed attributes", t.name), {w.name}});
  }
  plan.writes.push_back(iw);
}

// An update's write of a facet whose table key stays: put or delete a sparse facet the entity
// may move into or out of, else update the attributes and index keys it copies (if any).
void PlanUpdateFacet(const Context& c, const WritePattern& w, const ItemType& t,
                     const std::vector<std::string>& changed, ItemWrite iw, WritePlan& plan) {
  std::vector<std::string> set = Intersect(changed, t.attributes);
  std::vector<std::string> refresh = Refreshed(c, t, changed);
  if (IsSparseFacet(t) && !Intersect(changed, SparseAttributes(t)).empty()) {
    // The entity may move into or out of the facet's views: the facet appears (a put of the
    // whole copy, from the values set and read first) or disappears (a delete).
    iw.op = WriteOp::kPut;
    iw.note = fmt::format("put when {}, deleted otherwise", SparseWhen(t));
    for (const std::string& a : t.attributes) {
      if (!IsCounterSource(c.model, w.entity, a)) continue;
      // Only the draws change a count: the copy is written with an UpdateItem setting the rest.
      iw.note += fmt::format("; an UpdateItem of all but {}, which only the draws change", a);
    }
    plan.reasons.push_back(Reason{
        fmt::format("sparse facet '{}' exists only when {}: put or deleted", t.name, SparseWhen(t)),
        {w.name}});
    plan.writes.push_back(iw);
    return;
  }
  if (set.empty() && refresh.empty()) return;
  if (IsSparseFacet(t)) {
    // The condition does not change: the facet is there (and updated) only when it holds.
    iw.note = fmt::format("only when {} (otherwise there is no facet)", SparseWhen(t));
  }
  iw.op = WriteOp::kUpdate;
  iw.set_attributes = set;
  iw.refresh_keys = refresh;
  iw.condition = fmt::format("attribute_exists({})", c.model.table.partition_key);
  if (!IsSparseFacet(t)) iw.note = SparseNote(t, changed, c.model.table);
  plan.reasons.push_back(
      Reason{fmt::format("facet '{}' copies a changed attribute", t.name), {w.name}});
  plan.writes.push_back(iw);
}

// An update's write of a uniqueness item: it moves to the new value when its key changes, and
// its expiry follows the entity's otherwise.
void PlanUpdateUniqueness(const Context& c, const WritePattern& w, const ItemType& t,
                          const std::vector<std::string>& changed, bool key_change, ItemWrite iw,
                          WritePlan& plan) {
  const Entity& en = c.entity(w.entity);
  const std::string& pk = c.model.table.partition_key;
  if (!key_change) {
    // A new expiry moves the uniqueness item's TTL attribute with the entity's.
    std::vector<std::string> set = Intersect(changed, t.attributes);
    if (en.ttl.empty() || std::find(set.begin(), set.end(), en.ttl) == set.end()) return;
    iw.op = WriteOp::kUpdate;
    iw.set_attributes = {en.ttl};
    iw.condition = fmt::format("attribute_exists({})", pk);
    plan.reasons.push_back(Reason{
        fmt::format("'{}' expires with its entity: its {} changes too", t.name, en.ttl), {w.name}});
    plan.writes.push_back(iw);
    return;
  }
  ItemWrite del = iw;
  del.op = WriteOp::kDelete;
  del.note = "the old value, read before the update";
  plan.writes.push_back(del);
  iw.op = WriteOp::kPut;
  iw.condition = fmt::format("attribute_not_exists({})", pk);
  plan.writes.push_back(iw);
  plan.reasons.push_back(
      Reason{fmt::format("'{}' moves to the new unique value", t.name), {w.name}});
}

// An update's writes of item type `t`.
void PlanUpdate(const Context& c, const WritePattern& w, const ItemType& t,
                const std::vector<std::string>& changed, const std::vector<std::string>& read_first,
                ItemWrite iw, WritePlan& plan) {
  bool key_change = false;
  for (const auto& a : changed)
    key_change = key_change || t.partition_key.Uses(a) || t.sort_key.Uses(a);
  switch (t.role) {
    case ItemRole::kEntity:
      if (key_change) {
        PlanMove(iw, plan);
      } else {
        PlanUpdateEntity(c, w, t, changed, read_first, iw, plan);
      }
      break;
    case ItemRole::kHistory:
      iw.op = WriteOp::kPut;
      iw.condition = fmt::format("attribute_not_exists({})", c.model.table.partition_key);
      iw.note = "a full copy of the new state as version :expected + 1";
      plan.reasons.push_back(
          Reason{"versioned: every change is kept as a numbered copy", {w.name}});
      plan.writes.push_back(iw);
      break;
    case ItemRole::kFacet:
      if (key_change) {
        PlanMove(iw, plan);  // its sort key follows the entity's (FacetSortKey): it moves with it
      } else {
        PlanUpdateFacet(c, w, t, changed, iw, plan);
      }
      break;
    case ItemRole::kUniqueness:
      PlanUpdateUniqueness(c, w, t, changed, key_change, iw, plan);
      break;
  }
}

// The pattern's `condition:` goes on the entity's main item, its first write in the plan (the
// delete when the item moves), ANDed with what the write already requires: DynamoDB checks it on
// the item as stored before the write, and in a TransactWriteItems a failed condition cancels
// every action
// (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/transaction-apis.html).
void AttachConditions(const WritePattern& w, const KeyLayout& layout, bool transaction,
                      WritePlan& plan) {
  if (w.conditions.empty()) return;
  for (ItemWrite& iw : plan.writes) {
    if (layout.item_types[static_cast<std::size_t>(iw.item_type)].role != ItemRole::kEntity)
      continue;
    iw.conditions = w.conditions;
    for (const WriteCondition& cond : w.conditions)
      iw.condition += (iw.condition.empty() ? "" : " AND ") + cond.Text();
    std::vector<std::string> clauses;
    for (const WriteCondition& cond : w.conditions) clauses.push_back(cond.Text());
    plan.reasons.push_back(Reason{
        fmt::format("conditional: {} must hold on the stored item, or the write {} and nothing "
                    "changes",
                    fmt::join(clauses, " AND "),
                    transaction ? "cancels its whole transaction" : "is refused"),
        {w.name}});
    return;
  }
}

// The main item type of entity `e` (its kEntity item), or -1.
int MainItemType(const Context& c, EntityId e) {
  for (int t : c.layout.ItemTypesOf(e)) {
    if (c.layout.item_types[static_cast<std::size_t>(t)].role == ItemRole::kEntity) return t;
  }
  return -1;
}

// The pattern's `also:` entries (model.h AlsoWrite), appended to its plan with ItemWrite::also
// set: an update planned exactly as a standalone update of that entity with those attributes and
// conditions would be (its items, index keys, facets, what it reads first), a check as one
// ConditionCheck action on the entity's main item carrying the entry's condition. The whole is
// one TransactWriteItems: a failed condition of any action cancels every action
// (https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_TransactWriteItems.html).
}  // namespace

void PlanAlso(const Context& c, const WritePattern& w, WritePlan& plan) {
  for (std::size_t i = 0; i < w.also.size(); ++i) {
    const AlsoWrite& a = w.also[i];
    const Entity& en = c.entity(a.entity);
    std::vector<std::string> clauses;
    for (const WriteCondition& cond : a.conditions) clauses.push_back(cond.Text());
    if (a.kind == AlsoKind::kCheck) {
      ItemWrite iw;
      iw.op = WriteOp::kCheck;
      iw.item_type = MainItemType(c, a.entity);
      iw.also = static_cast<int>(i);
      iw.conditions = a.conditions;
      // The item must exist: `<>` and attribute_not_exists hold on a missing item, and a
      // ConditionCheck of a missing item otherwise passes
      // (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Expressions.ConditionExpressions.html).
      clauses.insert(clauses.begin(), fmt::format("attribute_exists({})", c.layout.partition_key));
      iw.condition = fmt::format("{}", fmt::join(clauses, " AND "));
      plan.writes.push_back(iw);
      plan.also_read_first.emplace_back();
      plan.reasons.push_back(Reason{
          fmt::format("also checks {} on the {} item its {} names (a ConditionCheck): when it "
                      "fails, the whole transaction is cancelled and nothing changes",
                      fmt::join(clauses, " AND "), en.name, fmt::join(a.key_from, ", ")),
          {w.name}});
      continue;
    }
    const bool deletes = a.kind == AlsoKind::kDelete;
    WritePattern sub;
    sub.name = w.name;
    sub.kind = deletes ? WriteKind::kDelete : WriteKind::kUpdate;
    sub.entity = a.entity;
    sub.attributes = a.attributes;
    sub.conditions = a.conditions;
    sub.rate = w.rate;
    WritePlan part;
    part.pattern = w.name;
    part.pattern_id = plan.pattern_id;
    std::vector<std::string> changed = ChangedAttributes(en, sub);
    std::vector<int> types = c.layout.ItemTypesOf(a.entity);
    std::vector<std::string> read_first = PlanReadFirst(c, sub, changed, types, part);
    for (int ti : types) {
      ItemWrite iw;
      iw.item_type = ti;
      const ItemType& t = c.layout.item_types[static_cast<std::size_t>(ti)];
      if (deletes) {
        PlanDelete(c, sub, t, iw, part);
      } else {
        PlanUpdate(c, sub, t, changed, read_first, iw, part);
      }
    }
    AttachConditions(sub, c.layout, true, part);
    plan.reasons.push_back(Reason{
        deletes ? fmt::format("also deletes the {} item its {} names, in the same transaction, as "
                              "a standalone delete of {} would ({} item write{})",
                              en.name, fmt::join(a.key_from, ", "), en.name, part.writes.size(),
                              part.writes.size() == 1 ? "" : "s")
                : fmt::format("also updates {} of the {} item its {} names, in the same "
                              "transaction, as a standalone update of {} would ({} item write{})",
                              fmt::join(a.attributes, ", "), en.name, fmt::join(a.key_from, ", "),
                              en.name, part.writes.size(), part.writes.size() == 1 ? "" : "s"),
        {w.name}});
    for (ItemWrite& iw : part.writes) {
      iw.also = static_cast<int>(i);
      plan.writes.push_back(std::move(iw));
    }
    for (Reason& r : part.reasons) plan.reasons.push_back(std::move(r));
    plan.also_read_first.push_back(read_first);
  }
}

namespace {

// An update of a parent that changes attributes its children copy (model.h Attribute::copy):
// per relationship from the parent and child entity, the children's writes (layout.h
// CopyFanOut), each planned as a standalone update of the child setting its copies. In the
// parent's TransactWriteItems when the relationship bounds the children (`max`, 1 for a 1:1)
// so that every action fits DynamoDB's 100
// (https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_TransactWriteItems.html);
// otherwise each child is written after the parent, on its own.
void PlanCopies(const Context& c, const WritePattern& w, WritePlan& plan) {
  if (w.kind != WriteKind::kUpdate) return;
  const Model& m = c.model;
  const Entity& parent = c.entity(w.entity);
  std::vector<std::string> changed = ChangedAttributes(parent, w);
  int actions = TransactionActions(m, c.layout, plan);
  for (std::size_t r = 0; r < m.relationships.size(); ++r) {
    const Relationship& rel = m.relationships[r];
    if (rel.from != w.entity || rel.cardinality == Cardinality::kManyToMany) continue;
    const Entity& child = c.entity(rel.to);
    CopyFanOut f;
    f.relationship = static_cast<int>(r);
    f.entity = rel.to;
    for (const Attribute& a : child.attributes) {
      if (a.copy_relationship != static_cast<int>(r)) continue;
      const std::string& source = parent.attributes[static_cast<std::size_t>(a.copy_source)].name;
      if (!Contains(changed, source)) continue;
      f.attributes.push_back(a.name);
      f.sources.push_back(source);
    }
    if (f.attributes.empty()) continue;
    f.read = ChildrenPattern(m, static_cast<int>(r));
    if (f.read < 0) continue;  // never after checking (E458)
    for (AttrId l : rel.link) f.link.push_back(child.attributes[static_cast<std::size_t>(l)].name);
    WritePattern sub;
    sub.name = w.name;
    sub.kind = WriteKind::kUpdate;
    sub.entity = rel.to;
    sub.attributes = f.attributes;
    sub.rate = w.rate;
    WritePlan part;
    part.pattern = w.name;
    part.pattern_id = plan.pattern_id;
    std::vector<std::string> child_changed = ChangedAttributes(child, sub);
    std::vector<int> types = c.layout.ItemTypesOf(rel.to);
    std::vector<std::string> read_first = PlanReadFirst(c, sub, child_changed, types, part);
    for (int ti : types) {
      ItemWrite iw;
      iw.item_type = ti;
      PlanUpdate(c, sub, c.layout.item_types[static_cast<std::size_t>(ti)], child_changed,
                 read_first, iw, part);
    }
    f.writes = part.writes;
    f.max_children =
        rel.cardinality == Cardinality::kOneToOne ? 1 : rel.max.value_or(std::int64_t{0});
    const std::int64_t child_actions = f.max_children * static_cast<std::int64_t>(f.writes.size());
    f.in_transaction = f.max_children > 0 && actions + child_actions <= kMaxTransactionActions;
    if (f.in_transaction) actions += static_cast<int>(child_actions);
    const std::string& pattern = m.access_patterns[static_cast<std::size_t>(f.read)].name;
    const ReadPlan& read = c.layout.reads[static_cast<std::size_t>(f.read)];
    std::vector<std::string> copies;
    for (std::size_t i = 0; i < f.attributes.size(); ++i)
      copies.push_back(
          fmt::format("{}.{} (copy of {})", child.name, f.attributes[i], f.sources[i]));
    std::string how =
        f.in_transaction
            ? fmt::format(
                  "in the same TransactWriteItems: '{}' {}, so the call sends {} "
                  "actions at most, within DynamoDB's {}, and the copies change with "
                  "the source or not at all",
                  rel.name,
                  rel.cardinality == Cardinality::kOneToOne
                      ? std::string("is 1:1")
                      : fmt::format("has at most {} children (max)", f.max_children),
                  actions, kMaxTransactionActions)
            : fmt::format(
                  "on its own, after this write ({}): the copies lag the source "
                  "briefly, and a failure part-way leaves some children to the next "
                  "update",
                  f.max_children > 0
                      ? fmt::format("{} children of {} item write{} would pass "
                                    "DynamoDB's {} actions in one transaction",
                                    f.max_children, f.writes.size(),
                                    f.writes.size() == 1 ? "" : "s", kMaxTransactionActions)
                      : fmt::format("'{}' declares no max to bound them within one "
                                    "transaction's {} actions",
                                    rel.name, kMaxTransactionActions));
    plan.reasons.push_back(
        Reason{fmt::format("keeps {} in step: reads the {} items of the {} with '{}' ({} on {}{}), "
                           "then updates each child ({} item write{}) {}",
                           fmt::join(copies, ", "), child.name, parent.name, pattern,
                           OperationName(read.operation), c.layout.IndexName(read.index),
                           read.index == 0 ? ", strongly consistent"
                                           : ", eventually consistent: a child written just before "
                                             "may be missed",
                           f.writes.size(), f.writes.size() == 1 ? "" : "s", how),
               {w.name}});
    plan.copies.push_back(std::move(f));
  }
}

}  // namespace

namespace {

// Whether `also` entry `a` of `w` names the very group item aggregate `agg` puts for the written
// item: `w` writes the aggregate's `of`, and each identifier attribute of `into` is taken from
// the attribute of `of` the group takes it from (no time bucket).
bool NamesGroupItem(const Context& c, const WritePattern& w, const AlsoWrite& a,
                    const AggregateDecl& agg) {
  if (w.entity != agg.of || a.entity != agg.into) return false;
  const Entity& into = c.entity(agg.into);
  const Entity& of = c.entity(agg.of);
  if (agg.group.size() != into.identifier.size() || a.key_from.size() != into.identifier.size())
    return false;
  for (const GroupPart& g : agg.group) {
    if (g.bucket != TimeBucket::kNone) return false;
    auto at = std::find(into.identifier.begin(), into.identifier.end(), g.target);
    if (at == into.identifier.end()) return false;
    const std::size_t k = static_cast<std::size_t>(at - into.identifier.begin());
    if (a.key_from[k] != of.attributes[static_cast<std::size_t>(g.source)].name) return false;
  }
  return true;
}

}  // namespace

// A condition (the pattern's own, or an `also` entry's) on a value an aggregate keeps where no
// condition can see it whole. E497: split over write shards, the condition is evaluated on the
// one item it names, the group item, which is shard 0 and holds only its share (the other shards
// hold the rest, added up by every read:
// https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/bp-partition-key-sharding.html),
// so `likes = 0` would hold while other shards count likes; shards pinned or derived alike.
// E498: computed at read time, the value is never stored, and a comparison with a missing
// attribute is false
// (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Expressions.OperatorsAndFunctions.html),
// so the write would always be refused.
void CheckConditionsOnAggregateValues(Context& c) {
  for (const AggregateLayout& al : c.layout.aggregates) {
    const bool read_time = al.maintainer == Maintainer::kRead;
    if (al.shards <= 1 && !read_time) continue;
    const AggregateDecl& agg = c.model.aggregates[static_cast<std::size_t>(al.aggregate_id)];
    const Entity& into = c.entity(agg.into);
    auto check = [&](const WritePattern& w, const std::vector<WriteCondition>& conditions) {
      for (const WriteCondition& cl : conditions) {
        const bool value =
            std::any_of(agg.values.begin(), agg.values.end(), [&](const AggregateValue& v) {
              return into.attributes[static_cast<std::size_t>(v.target)].name == cl.attribute;
            });
        if (!value) continue;
        if (read_time) {
          // Absent, `<>` and attribute_not_exists hold; every other test fails.
          const bool holds = cl.op == ConditionOp::kNe || cl.op == ConditionOp::kNotExists;
          c.diags.Error(
              DiagId::kConditionOnReadTimeValue, cl.range,
              fmt::format("write pattern '{}' conditions on '{}', which aggregate '{}' computes "
                          "at read time: the '{}' item never stores it, so DynamoDB tests a "
                          "missing attribute and the clause {}; keep the value stored "
                          "('maintain: transaction' or 'maintain: stream') or drop the clause",
                          w.name, cl.attribute, agg.name, into.name,
                          holds ? "always holds (the guard does nothing)"
                                : "never holds (the write would always be refused)"));
          continue;
        }
        c.diags.Error(
            DiagId::kConditionOnShardedValue, cl.range,
            fmt::format("write pattern '{}' conditions on '{}', which aggregate '{}' keeps "
                        "split over {} write shard items{}: the condition is evaluated on the "
                        "'{}' item alone, shard 0, which holds only its share of the value; pin "
                        "'shards: 1' on '{}' (a hot group then takes all its writes on one "
                        "item), keep it by the stream ('maintain: stream': one item, updated "
                        "after the writes), or drop the clause",
                        w.name, cl.attribute, agg.name, al.shards,
                        agg.shards > 1 ? "" : " (derived for its writes' load)", into.name,
                        agg.name));
      }
    };
    for (const WritePattern& w : c.model.write_patterns) {
      if (w.entity == agg.into && w.kind != WriteKind::kCreate) check(w, w.conditions);
      for (const AlsoWrite& a : w.also) {
        if (a.entity == agg.into) check(w, a.conditions);
      }
    }
  }
}

void CheckWriteTransactions(Context& c) {
  CheckConditionsOnAggregateValues(c);
  for (WritePlan& plan : c.layout.writes) {
    const WritePattern& w = c.model.write_patterns[static_cast<std::size_t>(plan.pattern_id)];
    // DynamoDB's 100 actions (https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/
    // API_TransactWriteItems.html): the item types, uniqueness items and 'also' entries of one
    // write; the aggregates' share is E517's.
    WritePlan own = plan;
    own.aggregates.clear();
    int actions = TransactionActions(c.model, c.layout, own);
    if (actions > kMaxTransactionActions) {
      c.diags.Error(DiagId::kTransactionTooLarge, w.range,
                    fmt::format("write pattern '{}' would send {} actions in one "
                                "TransactWriteItems (the items it writes, uniqueness items "
                                "included{}), over DynamoDB's {}",
                                w.name, actions, w.also.empty() ? "" : ", and its 'also' entries",
                                kMaxTransactionActions));
    }
    if (w.also.empty()) continue;
    // The item named by an entry must not be one the transaction writes already: a group item
    // of an aggregate kept in it (the same entity: its group may be that very item). A check of
    // exactly the group item is folded into the aggregate's Put of it (ItemWrite::folded_into)
    // when one item holds the group's values.
    for (int id : plan.aggregates) {
      const AggregateLayout& al = c.layout.aggregates[static_cast<std::size_t>(id)];
      const AggregateDecl& agg = c.model.aggregates[static_cast<std::size_t>(al.aggregate_id)];
      for (std::size_t i = 0; i < w.also.size(); ++i) {
        const AlsoWrite& a = w.also[i];
        if (agg.into != a.entity) continue;
        const bool group_item = NamesGroupItem(c, w, a, agg);
        if (a.kind == AlsoKind::kCheck && group_item && al.shards == 1) {
          const bool adds = KeptByAdd(c.model, c.layout, al);
          for (ItemWrite& iw : plan.writes) {
            if (iw.also != static_cast<int>(i) || iw.op != WriteOp::kCheck) continue;
            iw.folded_into = id;
            iw.note = fmt::format("folded into the {} of aggregate {}", adds ? "Update" : "Put",
                                  agg.name);
          }
          // The Update can no longer make a missing group item: the check requires it.
          if (adds) {
            const std::string plain = TransactionReason(c.model, c.layout, agg, AddUpkeep::kAdds);
            for (Reason& r : plan.reasons)
              if (r.text == plain)
                r.text = TransactionReason(c.model, c.layout, agg, AddUpkeep::kCheckFolded);
          }
          // Counts and sums kept by ADD (KeptByAdd): the group item's UpdateItem takes the
          // check's clauses as its ConditionExpression, evaluated on the item as stored when the
          // transaction runs, before the ADDs.
          plan.reasons.push_back(Reason{
              adds ? fmt::format(
                         "the check of the {} item is folded into the Update aggregate '{}' "
                         "sends for the same item (its group item): DynamoDB refuses two actions "
                         "on one item in a transaction, so the UpdateItem that ADDs the change is "
                         "conditioned on the check's condition, tested on the item as stored "
                         "when the transaction runs; when it fails, the whole transaction is "
                         "cancelled and nothing changes",
                         c.entity(a.entity).name, agg.name)
                   : fmt::format(
                         "the check of the {} item is folded into the Put aggregate '{}' sends "
                         "for the same item (its group item): DynamoDB refuses two actions on "
                         "one item in a transaction, so the Put is conditioned on the version "
                         "read AND the check's condition; when it fails, the whole transaction "
                         "is cancelled and nothing changes, and a concurrent write of the item "
                         "changes the version, so the condition and the new values cannot race",
                         c.entity(a.entity).name, agg.name),
              {w.name, agg.name}});
          continue;
        }
        std::string why;
        if (a.kind == AlsoKind::kCheck && group_item) {
          why = fmt::format(
              "the check cannot be folded into the aggregate's {0}: its values are split over "
              "{1} shard items, the write {2} the one its {3} falls on, and the condition would "
              "see one shard's share of them; pin 'shards: 1', 'maintain: stream' or 'maintain: "
              "read' on '{4}', or drop the entry",
              KeptByAdd(c.model, c.layout, al) ? "Update" : "Put", al.shards,
              KeptByAdd(c.model, c.layout, al) ? "updates" : "puts", c.entity(agg.of).name,
              agg.name);
        } else if (a.kind == AlsoKind::kCheck) {
          why = fmt::format(
              "the check names its item by other attributes than the group's, so it may be the "
              "group item or another and cannot be folded into the aggregate's Put; pin "
              "'maintain: stream' or 'maintain: read' on '{}', or drop the entry",
              agg.name);
        } else {
          why = fmt::format(
              "so pin 'maintain: stream' or 'maintain: read' on '{}', or drop the "
              "entry",
              agg.name);
        }
        auto& d = c.diags.Error(
            DiagId::kAlsoSameItem, a.range,
            fmt::format("write pattern '{}' also {}s '{}', whose item aggregate '{}' writes in "
                        "the same transaction (it is kept there); DynamoDB refuses two actions "
                        "on one item in a transaction, {}",
                        w.name, AlsoKindName(a.kind), c.entity(a.entity).name, agg.name, why));
        Diagnostics::Note(d, agg.range, fmt::format("aggregate '{}' is declared here", agg.name));
      }
    }
    // Each entry names its item by its identifier alone: the item's table key must be built from
    // nothing else.
    for (const AlsoWrite& a : w.also) {
      int t = MainItemType(c, a.entity);
      if (t < 0) continue;
      const ItemType& type = c.layout.item_types[static_cast<std::size_t>(t)];
      const Entity& en = c.entity(a.entity);
      for (const KeyTemplate* key : {&type.partition_key, &type.sort_key}) {
        for (const std::string& attr : key->Attributes()) {
          AttrId id = en.FindAttribute(attr);
          if (id < 0 ||
              std::find(en.identifier.begin(), en.identifier.end(), id) != en.identifier.end())
            continue;
          c.diags.Error(DiagId::kAlsoItemUnnamed, a.range,
                        fmt::format("write pattern '{}' names the '{}' item by its identifier, "
                                    "but its table key {} is also built from '{}', which the "
                                    "written item does not give",
                                    w.name, en.name, key->ToString(), attr));
          break;
        }
      }
    }
  }
}

void WarnUniqueIdentifier(Context& c) {
  for (std::size_t e = 0; e < c.model.entities.size(); ++e) {
    const Entity& en = c.model.entities[e];
    if (en.identifier.size() != 1 || en.versioned) continue;
    const Attribute& id = en.attributes[static_cast<std::size_t>(en.identifier.front())];
    if (!id.unique || !id.unique_scope.empty()) continue;
    int t = MainItemType(c, static_cast<EntityId>(e));
    if (t < 0) continue;
    const ItemType& type = c.layout.item_types[static_cast<std::size_t>(t)];
    bool own_key = true;
    for (const KeyTemplate* key : {&type.partition_key, &type.sort_key}) {
      for (const std::string& attr : key->Attributes()) own_key = own_key && attr == id.name;
    }
    if (!own_key) continue;
    c.diags.Warning(
        DiagId::kUniqueIdentifier, id.range,
        fmt::format("'{}.{}' is the identifier, and the item's table key ({} / {}) is built from "
                    "it alone, so a create already refuses a second '{}' with the same value "
                    "(attribute_not_exists); 'unique: true' adds a uniqueness item and a "
                    "transaction that double the create's write units: remove it",
                    en.name, id.name, type.partition_key.ToString(), type.sort_key.ToString(),
                    en.name));
  }
}

// A create of an entity with a counter attribute (model.h Attribute::counter) draws it first:
// one UpdateItem of the parent's main item adding 1 to the count (absent: 0 first), returning the
// new value, which the create's items then carry
// (https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_UpdateItem.html).
void PlanCounter(const Context& c, const WritePattern& w, WritePlan& plan) {
  if (w.kind != WriteKind::kCreate) return;
  const AttrId a = CounterOf(c.model, w.entity);
  if (a < 0) return;
  const Entity& en = c.entity(w.entity);
  const Attribute& attr = en.attributes[static_cast<std::size_t>(a)];
  const Relationship& rel =
      c.model.relationships[static_cast<std::size_t>(attr.counter_relationship)];
  const Entity& parent = c.entity(rel.from);
  CounterDraw draw;
  draw.relationship = attr.counter_relationship;
  draw.parent = rel.from;
  draw.item_type = MainItemType(c, rel.from);
  draw.attribute = attr.name;
  draw.source = parent.attributes[static_cast<std::size_t>(attr.counter_source)].name;
  for (std::size_t i = 0; i < rel.link.size(); ++i) {
    draw.link.push_back(en.attributes[static_cast<std::size_t>(rel.link[i])].name);
    draw.parent_identifier.push_back(
        parent.attributes[static_cast<std::size_t>(parent.identifier[i])].name);
  }
  draw.condition = fmt::format("attribute_exists({})", c.model.table.partition_key);
  plan.reasons.push_back(Reason{
      fmt::format("'{}' is drawn from the count '{}.{}': an UpdateItem of the '{}' adds 1 and "
                  "returns the new value (UPDATED_NEW), then the create writes; numbers are "
                  "unique per '{}', a failed create leaves a gap",
                  attr.name, parent.name, draw.source, parent.name, parent.name),
      {w.name}});
  // Facets of the parent copy its attributes, the count among them: each is set to the drawn
  // count after the draw (model/counter_facets.h).
  std::vector<std::string> facets;
  for (int t : CounterFacets(c.layout, draw))
    facets.push_back(c.layout.item_types[static_cast<std::size_t>(t)].name);
  if (!facets.empty())
    plan.reasons.push_back(
        Reason{fmt::format("{} {} {} '{}' too: set to the drawn count after the draw, unless "
                           "holding a greater one",
                           facets.size() == 1 ? "facet" : "facets", fmt::join(facets, ", "),
                           facets.size() == 1 ? "stores" : "store", draw.source),
               {w.name}});
  plan.counter = std::move(draw);
}

void BuildWritePlans(Context& c) {
  const Model& m = c.model;
  for (std::size_t wi = 0; wi < m.write_patterns.size(); ++wi) {
    const WritePattern& w = m.write_patterns[wi];
    const Entity& en = c.entity(w.entity);
    WritePlan plan;
    plan.pattern = w.name;
    plan.pattern_id = static_cast<int>(wi);
    std::vector<std::string> changed = ChangedAttributes(en, w);
    std::vector<int> types = c.layout.ItemTypesOf(w.entity);
    std::vector<std::string> read_first = PlanReadFirst(c, w, changed, types, plan);
    plan.read_first = read_first;
    for (int ti : types) {
      const ItemType& t = c.layout.item_types[static_cast<std::size_t>(ti)];
      ItemWrite iw;
      iw.item_type = ti;
      switch (w.kind) {
        case WriteKind::kCreate:
          PlanCreate(c, w, t, iw, plan);
          break;
        case WriteKind::kDelete:
          PlanDelete(c, w, t, iw, plan);
          break;
        case WriteKind::kUpdate:
          PlanUpdate(c, w, t, changed, read_first, iw, plan);
          break;
      }
    }
    AttachConditions(w, c.layout, plan.writes.size() > 1 || !w.also.empty(), plan);
    PlanAlso(c, w, plan);
    PlanCopies(c, w, plan);
    PlanCounter(c, w, plan);
    plan.transaction =
        plan.writes.size() > 1 || std::any_of(plan.copies.begin(), plan.copies.end(),
                                              [](const CopyFanOut& f) { return f.in_transaction; });
    if (plan.transaction && plan.writes.size() > 1) {
      plan.reasons.push_back(
          Reason{fmt::format("{} items change together: TransactWriteItems", plan.writes.size()),
                 {w.name}});
    } else if (plan.transaction) {
      plan.reasons.push_back(Reason{
          "the item and its children's copies change together: TransactWriteItems", {w.name}});
    }
    c.layout.writes.push_back(plan);
  }
}

void WarnCopies(Context& c) {
  std::set<std::pair<EntityId, std::string>> eventual, unbounded;  // warned copies
  for (const WritePlan& plan : c.layout.writes) {
    for (const CopyFanOut& f : plan.copies) {
      const Relationship& rel = c.model.relationships[static_cast<std::size_t>(f.relationship)];
      const Entity& parent = c.entity(rel.from);
      const Entity& child = c.entity(f.entity);
      const AccessPattern& read = c.model.access_patterns[static_cast<std::size_t>(f.read)];
      const ReadPlan& read_plan = c.layout.reads[static_cast<std::size_t>(f.read)];
      for (std::size_t i = 0; i < f.attributes.size(); ++i) {
        const Attribute& copy =
            child.attributes[static_cast<std::size_t>(child.FindAttribute(f.attributes[i]))];
        // GSIs support eventually consistent reads only
        // (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/GSI.html): a child
        // written just before may not be in the index yet, and keeps the old value.
        if (read_plan.index != 0 && eventual.insert({f.entity, copy.name}).second) {
          Diagnostic& d = c.diags.Warning(
              DiagId::kCopyChildrenReadEventual, copy.copy_range,
              fmt::format("'{}.{}' copies '{}.{}', and write pattern '{}' rewrites it on the "
                          "'{}' items it finds with '{}', served by {}: a GSI read is eventually "
                          "consistent, so a child written just before the update may be missed "
                          "and keep the old value; declare 'consistent: true' on '{}' so that "
                          "the table serves it, strongly consistent",
                          child.name, copy.name, parent.name, f.sources[i], plan.pattern,
                          child.name, read.name, c.layout.IndexName(read_plan.index), read.name));
          Diagnostics::Note(d, read.range,
                            fmt::format("access pattern '{}' is declared here", read.name));
        }
        // Without `max` nothing bounds how many children one update rewrites.
        if (f.max_children == 0 && unbounded.insert({f.entity, copy.name}).second) {
          Diagnostic& d = c.diags.Warning(
              DiagId::kCopyFanOutUnbounded, copy.copy_range,
              fmt::format("'{}.{}' copies '{}.{}', which write pattern '{}' updates: each update "
                          "rewrites every '{}' of the '{}', and relationship '{}' declares no "
                          "max, so the write cost of one update is unbounded (and the children "
                          "are written outside its transaction); declare 'max:' on '{}' to bound "
                          "it{}",
                          child.name, copy.name, parent.name, f.sources[i], plan.pattern,
                          child.name, parent.name, rel.name, rel.name,
                          rel.average ? std::string()
                                      : ", or 'average:' to price the usual number of children"));
          Diagnostics::Note(d, rel.range,
                            fmt::format("relationship '{}' is declared here", rel.name));
        }
      }
    }
  }
}

}  // namespace model::derive
