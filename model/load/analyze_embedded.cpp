// Embedded collections (Relationship::embedded): the relationship's shape and bound (E319-E322),
// what the embedded entity and its parent may declare (E323, E324), and the reads and writes of
// the embedded entity that its parent's item can serve (E464-E466).
#include <fmt/format.h>

#include <algorithm>
#include <string>
#include <vector>

#include "model/cost.h"
#include "model/layout.h"
#include "model/load/analyze.h"
#include "model/load/format_spec.h"

namespace model::load {

namespace {

std::string AttrName(const Entity& e, AttrId a) {
  return e.attributes[static_cast<std::size_t>(a)].name;
}

std::vector<std::string> LinkNames(const Model& model, const Relationship& r) {
  std::vector<std::string> out;
  for (AttrId a : r.link)
    out.push_back(AttrName(model.entities[static_cast<std::size_t>(r.to)], a));
  return out;
}

// The relationship's own shape: 1:N between two entities, bounded so that a full parent fits
// one item. False when a later check would be meaningless.
bool CheckShape(const Model& model, const Relationship& r, Diagnostics& diags) {
  const Entity& parent = model.entities[static_cast<std::size_t>(r.from)];
  const Entity& child = model.entities[static_cast<std::size_t>(r.to)];
  std::string what = fmt::format("relationship '{}'", r.name);
  if (r.cardinality != Cardinality::kOneToMany || r.from == r.to) {
    diags.Error(DiagId::kEmbeddedNotOneToMany, r.embedded_range,
                r.from == r.to
                    ? fmt::format("{} relates '{}' to itself, so its items cannot live inside "
                                  "one another's item; remove 'embedded'",
                                  what, parent.name)
                    : fmt::format("{} is {}; only a 1:N relationship can keep its children inside "
                                  "the parent's item: remove 'embedded' or make it 1:N",
                                  what, CardinalityName(r.cardinality)));
    return false;
  }
  if (!r.max) {
    diags.Error(DiagId::kEmbeddedWithoutMax, r.embedded_range,
                fmt::format("{} is embedded without 'max': every '{}' of a '{}' lives in that "
                            "one item, which DynamoDB caps at 400 KB, so the number of children "
                            "must be bounded; add 'max: <n>'",
                            what, child.name, parent.name));
    return false;
  }
  double bytes = static_cast<double>(parent.item_size) +
                 static_cast<double>(*r.max) * static_cast<double>(child.item_size);
  if (bytes > kMaxItemBytes) {
    auto& d = diags.Error(
        DiagId::kEmbeddedTooLarge, r.max_range,
        fmt::format("{} embeds up to {} '{}' of {} bytes each in a '{}' item of {} bytes: {:.0f} "
                    "bytes in all, over DynamoDB's 400 KB (409,600 bytes) item limit; lower "
                    "'max', shrink the items, or keep '{}' in items of its own",
                    what, *r.max, child.name, child.item_size, parent.name, parent.item_size, bytes,
                    child.name));
    Diagnostics::Note(d, child.range, fmt::format("'{}' is declared here", child.name));
    return false;
  }
  AttrId key = EmbeddedKey(model, r);
  if (key < 0) {
    std::vector<std::string> others;
    for (AttrId a : child.identifier) {
      if (std::find(r.link.begin(), r.link.end(), a) == r.link.end())
        others.push_back(AttrName(child, a));
    }
    auto& d = diags.Error(
        DiagId::kEmbeddedKeyless, r.embedded_range,
        others.empty()
            ? fmt::format("{} embeds '{}', whose identifier is only its link to '{}', so a "
                          "parent could hold one child at most and the map would have no key; "
                          "give '{}' an identifier attribute of its own",
                          what, child.name, parent.name, child.name)
            : fmt::format("{} embeds '{}', whose identifier has {} attributes besides the link "
                          "({}); the children are kept in a map keyed by one of them: make the "
                          "identifier the link and one attribute",
                          what, child.name, others.size(), fmt::join(others, ", ")));
    Diagnostics::Note(d, child.range, fmt::format("'{}' is declared here", child.name));
    return false;
  }
  const Attribute& k = child.attributes[static_cast<std::size_t>(key)];
  if (!IsSortable(k.type) || k.type == AttrType::kBinary) {
    auto& d = diags.Error(
        DiagId::kEmbeddedKeyless, r.embedded_range,
        fmt::format("{} keys the map of '{}' by '{}', which is {}; a map key is text: make it a "
                    "string, number, integer, timestamp, date or enum",
                    what, child.name, k.name, AttrTypeWithArticle(k.type)));
    Diagnostics::Note(d, k.range, fmt::format("'{}' is declared here", k.name));
    return false;
  }
  return true;
}

// What the embedded entity and its parent may declare: nothing that needs the child's own items
// (E323), no versions or expiry of the parent, which would copy or drop the collection (E324).
void CheckEmbeddedEntities(const Model& model, int ri, Diagnostics& diags) {
  const Relationship& r = model.relationships[static_cast<std::size_t>(ri)];
  const Entity& parent = model.entities[static_cast<std::size_t>(r.from)];
  const Entity& child = model.entities[static_cast<std::size_t>(r.to)];
  auto child_error = [&](const SourceRange& at, const std::string& why) {
    auto& d = diags.Error(DiagId::kEmbeddedChildNeedsItem, at,
                          fmt::format("'{}' is embedded in '{}' (relationship '{}'), so it has no "
                                      "item of its own, but {}",
                                      child.name, parent.name, r.name, why));
    Diagnostics::Note(d, r.embedded_range, "embedded here");
  };
  if (child.versioned) child_error(child.range, "it keeps versions, which are items of their own");
  if (!child.ttl.empty())
    child_error(child.ttl_range, "it expires by Time to Live, which deletes whole items");
  if (child.pinned_keys) child_error(child.pinned_keys->range, "it pins table keys");
  if (!child.pinned_index_keys.empty())
    child_error(child.pinned_index_keys.front().range, "it pins index keys");
  for (const Attribute& a : child.attributes) {
    if (a.unique)
      child_error(a.range, fmt::format("its attribute '{}' is unique, which takes uniqueness "
                                       "items beside the entity's own",
                                       a.name));
    if (!a.copy.empty())
      child_error(a.copy_range, fmt::format("its attribute '{}' is a copy; it can read its "
                                            "parent's values from the item it lives in",
                                            a.name));
  }
  for (std::size_t i = 0; i < model.relationships.size(); ++i) {
    const Relationship& o = model.relationships[i];
    if (static_cast<int>(i) == ri) continue;
    if (o.from == r.to || o.to == r.to || o.through == r.to)
      child_error(o.range, fmt::format("relationship '{}' relates it to other items", o.name));
  }
  for (const AggregateDecl& a : model.aggregates) {
    if (a.of == r.to || a.into == r.to)
      child_error(a.range, fmt::format("aggregate '{}' {} it", a.name,
                                       a.of == r.to ? "counts its items in" : "keeps values on"));
  }
  for (const WritePattern& w : model.write_patterns) {
    for (const AlsoWrite& a : w.also) {
      if (a.entity == r.to)
        child_error(a.range,
                    fmt::format("write pattern '{}' writes it in an 'also' entry", w.name));
    }
  }
  for (const Entity& e : model.entities) {
    for (const Attribute& a : e.attributes) {
      if (a.copy_relationship == ri)
        child_error(a.copy_range,
                    fmt::format("'{}.{}' copies its parent's values", e.name, a.name));
    }
  }
  auto parent_error = [&](const SourceRange& at, const std::string& why) {
    auto& d = diags.Error(DiagId::kEmbeddedParentUnfit, at,
                          fmt::format("'{}' holds the embedded '{}' (relationship '{}') in its "
                                      "item, but {}",
                                      parent.name, child.name, r.name, why));
    Diagnostics::Note(d, r.embedded_range, "embedded here");
  };
  if (parent.versioned)
    parent_error(parent.range,
                 "it keeps versions: each history item would copy the whole collection");
  if (!parent.ttl.empty())
    parent_error(parent.ttl_range,
                 "it expires by Time to Live, which would delete the children with no write of "
                 "theirs; give the children their own items");
  for (const AggregateDecl& a : model.aggregates) {
    if (a.of == r.from || a.into == r.from)
      parent_error(a.range, fmt::format("aggregate '{}' {} it, and its upkeep puts whole items "
                                        "that would drop the children",
                                        a.name, a.of == r.from ? "counts" : "keeps values on"));
  }
  if (EmbeddingOf(model, r.from) >= 0)
    parent_error(parent.range, "it is embedded itself; embed one level only");
}

// Reads returning the embedded entity: one GetItem of the parent, by its identifier (E464);
// with the parent, only the whole collection; no index, shards or follows (E465).
void CheckReads(const ModelDecl& decl, const Model& model, int ri, Diagnostics& diags) {
  const Relationship& r = model.relationships[static_cast<std::size_t>(ri)];
  const Entity& parent = model.entities[static_cast<std::size_t>(r.from)];
  const Entity& child = model.entities[static_cast<std::size_t>(r.to)];
  std::vector<std::string> link = LinkNames(model, r);
  for (const AccessPattern& p : model.access_patterns) {
    if (std::find(p.returns.begin(), p.returns.end(), r.to) == p.returns.end()) continue;
    const AccessPatternDecl* pd = nullptr;
    for (const AccessPatternDecl& d : decl.access_patterns) {
      if (d.pattern.name == p.name) pd = &d;
    }
    SourceRange at = pd ? pd->returns_range : p.range;
    auto unsupported = [&](const SourceRange& where, const std::string& why) {
      auto& d = diags.Error(DiagId::kEmbeddedReadUnsupported, where,
                            fmt::format("access pattern '{}' returns '{}', which lives inside "
                                        "its '{}' item (relationship '{}'), but {}",
                                        p.name, child.name, parent.name, r.name, why));
      Diagnostics::Note(d, r.embedded_range, "embedded here");
    };
    std::vector<std::string> missing;
    for (const std::string& l : link) {
      if (std::find(p.params.begin(), p.params.end(), l) == p.params.end()) missing.push_back(l);
    }
    if (!missing.empty()) {
      auto& d = diags.Error(
          DiagId::kEmbeddedReadWithoutParent, at,
          fmt::format("access pattern '{}' returns '{}' without naming its '{}': the children "
                      "live inside their parent's item (relationship '{}'), which only its "
                      "identifier finds; add {} to 'by', or keep '{}' in items of its own",
                      p.name, child.name, parent.name, r.name, fmt::join(missing, ", "),
                      child.name));
      Diagnostics::Note(d, r.embedded_range, "embedded here");
      continue;
    }
    for (EntityId e : p.returns) {
      if (e != r.to && e != r.from)
        unsupported(at, fmt::format("it also returns '{}', which is not in that item",
                                    model.entities[static_cast<std::size_t>(e)].name));
    }
    if (p.follows) unsupported(p.follows_range, "it follows a relationship");
    if (p.pinned_index && *p.pinned_index != "table")
      unsupported(p.index_range, "it pins an index: the parent's item is read from the table");
    if (p.shards) unsupported(p.shards_range, "it pins shards");
    bool with_parent = std::find(p.returns.begin(), p.returns.end(), r.from) != p.returns.end();
    if (with_parent) {
      std::vector<std::string> keys;
      if (p.params.size() > link.size()) keys.push_back("a 'by' beyond the parent's identifier");
      if (p.range_condition) keys.push_back("'range'");
      if (p.sort) keys.push_back("'sort'");
      if (p.limit) keys.push_back("'limit'");
      if (!p.filters.empty()) keys.push_back("'filter'");
      if (p.aggregate) keys.push_back("'aggregate'");
      if (!keys.empty())
        unsupported(at, fmt::format("with its parent it is read whole: {} would apply to the "
                                    "children alone; read the children in a pattern of their own",
                                    fmt::join(keys, ", ")));
    }
  }
}

// Writes of the embedded entity: an UpdateItem of the parent's item at the child's path; the
// child stays with its parent and keeps its key (E466).
void CheckWrites(const ModelDecl& decl, const Model& model, int ri, Diagnostics& diags) {
  const Relationship& r = model.relationships[static_cast<std::size_t>(ri)];
  const Entity& parent = model.entities[static_cast<std::size_t>(r.from)];
  const Entity& child = model.entities[static_cast<std::size_t>(r.to)];
  for (const WritePattern& w : model.write_patterns) {
    if (w.entity != r.to) continue;
    const WritePatternDecl* wd = nullptr;
    for (const WritePatternDecl& d : decl.write_patterns) {
      if (d.pattern.name == w.name) wd = &d;
    }
    auto unsupported = [&](const SourceRange& where, const std::string& why) {
      auto& d = diags.Error(DiagId::kEmbeddedWriteUnsupported, where,
                            fmt::format("write pattern '{}' writes '{}', which lives inside its "
                                        "'{}' item (relationship '{}'), but {}",
                                        w.name, child.name, parent.name, r.name, why));
      Diagnostics::Note(d, r.embedded_range, "embedded here");
    };
    // Its `condition` clauses name the child's own attributes, tested at the element's path in
    // the parent's item (model/exec/embedded.cpp). Its `also` entries naming the parent fold into
    // that UpdateItem, so they may only check or update the parent's item itself: DynamoDB
    // refuses two actions on one item in a TransactWriteItems
    // (https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_TransactWriteItems.html).
    // Entries naming other items are the other actions of such a transaction.
    std::vector<std::string> link = LinkNames(model, r);
    for (const AlsoWrite& a : w.also) {
      if (a.entity != r.from) continue;  // another item: an action of a transaction
      if (a.key_from != link) {
        unsupported(a.range,
                    fmt::format("its 'also' entry names a '{}' by {}, not by the link ({}): only "
                                "the parent's own item, which the write updates, can fold into "
                                "its UpdateItem",
                                parent.name, fmt::join(a.key_from, ", "), fmt::join(link, ", ")));
        continue;
      }
      if (a.kind == AlsoKind::kDelete) {
        unsupported(a.range,
                    fmt::format("its 'also' entry deletes the '{}' item, the item the child is "
                                "written into: one UpdateItem cannot write and delete it; delete "
                                "the '{}' in a pattern of its own (its children go with it)",
                                parent.name, parent.name));
        continue;
      }
      for (const std::string& name : a.attributes) {
        AttrId at = parent.FindAttribute(name);
        if (at < 0) continue;
        const Attribute& attr = parent.attributes[static_cast<std::size_t>(at)];
        bool copied = false;
        for (const Entity& en : model.entities) {
          for (const Attribute& x : en.attributes) {
            if (x.copy_relationship >= 0 && x.copy_source == at &&
                model.relationships[static_cast<std::size_t>(x.copy_relationship)].from == r.from)
              copied = true;
          }
        }
        if (attr.unique || copied)
          unsupported(a.range,
                      fmt::format("its 'also' entry updates '{}.{}', which {}: that takes writes "
                                  "of other items, but the entry folds into the one UpdateItem of "
                                  "the '{}' item; update it in a pattern of its own",
                                  parent.name, name,
                                  attr.unique ? "is unique (a uniqueness item of its own)"
                                              : "other items copy",
                                  parent.name));
      }
    }
    if (w.kind == WriteKind::kUpdate) {
      for (std::size_t i = 0; i < w.attributes.size(); ++i) {
        AttrId a = child.FindAttribute(w.attributes[i]);
        SourceRange where = wd && i < wd->attributes.size() ? wd->attributes[i].range : w.range;
        if (a >= 0 && a == EmbeddedKey(model, r)) {
          unsupported(where, fmt::format("it changes '{}', the key of the child's entry in the "
                                         "parent's '{}' map: an update writes the entry at its "
                                         "key and cannot rename it; delete the child and create "
                                         "it under the new key",
                                         w.attributes[i], r.name));
          continue;
        }
        if (std::find(r.link.begin(), r.link.end(), a) == r.link.end()) continue;
        unsupported(where, fmt::format("it changes '{}', the link: a child cannot move to "
                                       "another parent's item in one write; delete it and "
                                       "create it under the other parent",
                                       w.attributes[i]));
      }
    }
  }
}

}  // namespace

// The collection is a map attribute of the parent's item named after the relationship: the name
// must be no other attribute the item carries (the parent's own, the table's ttl_attribute, the
// key attributes and the names the layout writes), or the map would overwrite it.
bool CheckCollectionName(const Model& model, const Relationship& r, Diagnostics& diags) {
  const Entity& parent = model.entities[static_cast<std::size_t>(r.from)];
  const Table& t = model.table;
  auto report = [&](const std::string& what, const SourceRange& at) {
    auto& d = diags.Error(
        DiagId::kEmbeddedNameTaken, r.embedded_range,
        fmt::format("relationship '{}' keeps its '{}' children in a map attribute '{}' of the "
                    "'{}' item, but '{}' is already {}: the map would overwrite it; rename the "
                    "relationship",
                    r.name, model.entities[static_cast<std::size_t>(r.to)].name, r.name,
                    parent.name, r.name, what));
    if (at.valid()) Diagnostics::Note(d, at, "it is declared here");
    return false;
  };
  AttrId a = parent.FindAttribute(r.name);
  if (a >= 0)
    return report(fmt::format("an attribute of '{}'", parent.name),
                  parent.attributes[static_cast<std::size_t>(a)].range);
  std::vector<std::string> reserved = {t.partition_key, t.sort_key,        kTypeAttribute,
                                       kShardAttribute, kVersionAttribute, kLatestAttribute};
  for (int n = 1; n <= kMaxGsis; ++n) {
    reserved.push_back(t.GsiPartitionKey(n));
    reserved.push_back(t.GsiSortKey(n));
  }
  if (std::find(reserved.begin(), reserved.end(), r.name) != reserved.end())
    return report(
        "a name the key layout writes itself (the table and index keys, _type, _shard, "
        "_version, _latest)",
        {});
  const bool expires = std::any_of(model.entities.begin(), model.entities.end(),
                                   [](const Entity& e) { return !e.ttl.empty(); });
  if (expires && r.name == t.ttl_attribute)
    return report("the table's ttl_attribute, which Time to Live reads", t.ttl_attribute_range);
  return true;
}

void CheckEmbedded(const ModelDecl& decl, const Model& model, Diagnostics& diags) {
  for (std::size_t i = 0; i < model.relationships.size(); ++i) {
    const Relationship& r = model.relationships[i];
    if (!r.embedded) continue;
    if (r.Polymorphic()) {
      // The loader expanded the declaration into one relationship per parent: report it once,
      // at its first expansion. Each child would live in the item of whichever parent its kind
      // names, so no one entity's item holds the collection.
      bool reported = false;
      for (std::size_t j = 0; j < i; ++j) {
        const Relationship& o = model.relationships[j];
        if (o.Polymorphic() && o.name == r.name) reported = true;
      }
      if (reported) continue;
      std::vector<std::string> parents;
      for (EntityId p : r.parents)
        parents.push_back(model.entities[static_cast<std::size_t>(p)].name);
      const Entity& child = model.entities[static_cast<std::size_t>(r.to)];
      auto& d = diags.Error(
          DiagId::kEmbeddedChildNeedsItem, r.embedded_range,
          fmt::format("relationship '{}' is polymorphic (its '{}' belong to {}), so it cannot be "
                      "embedded: an embedded collection is a map in one parent entity's item; "
                      "remove 'embedded', or declare one relationship per parent entity",
                      r.name, child.name, fmt::join(parents, " or ")));
      Diagnostics::Note(d, child.range, fmt::format("'{}' is declared here", child.name));
      continue;
    }
    if (!CheckShape(model, r, diags)) continue;
    if (!CheckCollectionName(model, r, diags)) continue;
    CheckEmbeddedEntities(model, static_cast<int>(i), diags);
    CheckReads(decl, model, static_cast<int>(i), diags);
    CheckWrites(decl, model, static_cast<int>(i), diags);
  }
}

}  // namespace model::load
