// Relationship checks: entities resolved, links resolved or defaulted, M:N through an entity.
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <map>

#include "model/base/casing.h"
#include "model/load/analyze.h"
#include "model/load/yaml_tree.h"
#include "model/load/yaml_values.h"

namespace model::load {

namespace {

// How DynamoDB stores a type: attributes that link must agree on it.
char StorageKind(AttrType t) {
  if (IsNumeric(t)) return 'N';
  if (t == AttrType::kBinary) return 'B';
  return 'S';
}

// Resolves (or defaults) the attributes of `holder` that reference `target`'s identifier.
// `holder_range` is where the relationship names the holder ('to', or 'through' for M:N): a
// default link that does not fit is reported there. Returns nullopt after reporting.
std::optional<std::vector<AttrId>> ResolveLink(const RelationshipDecl& decl, const char* key,
                                               const std::optional<std::vector<Name>>& given,
                                               SourceRange key_range, const Entity& holder,
                                               SourceRange holder_range, const Entity& target,
                                               Diagnostics& diags) {
  const Relationship& r = decl.relationship;
  std::string what = fmt::format("relationship '{}'", r.name);
  std::vector<Name> names;
  if (given) {
    names = *given;
  } else {
    for (AttrId id : target.identifier) {
      const std::string& attr = target.attributes[id].name;
      AttrId a = holder.FindAttribute(attr);
      if (a < 0) {
        auto& d = diags.Error(
            DiagId::kMissingLink, holder_range,
            fmt::format("{} links '{}' to '{}' by '{}', which entity '{}' does not have; add "
                        "attribute '{}' to '{}', or name the attribute that holds it with "
                        "'{}: [...]'",
                        what, holder.name, target.name, attr, holder.name, attr, holder.name, key));
        Diagnostics::Note(d, holder.range,
                          fmt::format("entity '{}' is declared here", holder.name));
        return std::nullopt;
      }
      names.push_back(Name{attr, holder_range});
    }
  }
  if (names.size() != target.identifier.size()) {
    std::vector<std::string> ids;
    for (AttrId id : target.identifier) ids.push_back(target.attributes[id].name);
    diags.Error(DiagId::kLinkArity, key_range,
                fmt::format("'{}' of {} names {} attribute{}, but '{}' is identified by {} ({}); "
                            "name one attribute of '{}' per identifier attribute, in order",
                            key, what, names.size(), names.size() == 1 ? "" : "s", target.name,
                            ids.size(), JoinComma(ids), holder.name));
    return std::nullopt;
  }
  std::vector<AttrId> link;
  bool ok = true;
  for (std::size_t i = 0; i < names.size(); ++i) {
    AttrId a = ResolveAttribute(holder, names[i], fmt::format("'{}' of {} names", key, what),
                                DiagId::kUnknownLinkAttribute, diags);
    if (a < 0) {
      ok = false;
      continue;
    }
    const Attribute& held = holder.attributes[a];
    const Attribute& id = target.attributes[target.identifier[i]];
    if (StorageKind(held.type) != StorageKind(id.type) || !IsSortable(held.type)) {
      auto& d =
          diags.Error(DiagId::kLinkTypeMismatch, names[i].range,
                      fmt::format("{} links '{}.{}' ({}) to '{}.{}' ({}); the "
                                  "attribute holding a reference must have the type of "
                                  "the identifier it holds",
                                  what, holder.name, held.name, AttrTypeWithArticle(held.type),
                                  target.name, id.name, AttrTypeWithArticle(id.type)));
      Diagnostics::Note(d, held.range, fmt::format("'{}' is declared here", held.name));
      ok = false;
      continue;
    }
    link.push_back(a);
  }
  if (!ok) return std::nullopt;
  return link;
}

// A polymorphic association's `kind` and `link` (model.h Relationship::kind): the parents'
// identifiers must agree in arity and storage, so that one link can hold any of them; the link is
// resolved against the first parent and type-checked against every one. Fills r.kind and r.link;
// false after reporting.
bool CheckPolymorphic(const RelationshipDecl& decl, const std::vector<EntityId>& parents,
                      const Model& model, Relationship& r, Diagnostics& diags) {
  std::string what = fmt::format("relationship '{}'", r.name);
  const Entity& to = model.entities[static_cast<std::size_t>(r.to)];
  const Entity& first = model.entities[static_cast<std::size_t>(parents.front())];
  auto describe = [&](const Entity& e) {
    std::vector<std::string> parts;
    for (AttrId a : e.identifier) {
      const Attribute& attr = e.attributes[static_cast<std::size_t>(a)];
      parts.push_back(fmt::format("{} ({})", attr.name, AttrTypeName(attr.type)));
    }
    return JoinComma(parts);
  };
  bool ok = true;
  for (std::size_t i = 1; i < parents.size(); ++i) {
    const Entity& other = model.entities[static_cast<std::size_t>(parents[i])];
    bool same = other.identifier.size() == first.identifier.size();
    for (std::size_t k = 0; same && k < first.identifier.size(); ++k) {
      same = StorageKind(other.attributes[static_cast<std::size_t>(other.identifier[k])].type) ==
             StorageKind(first.attributes[static_cast<std::size_t>(first.identifier[k])].type);
    }
    if (same) continue;
    const Name* at = &decl.from_list.front();
    for (const Name& n : decl.from_list) {
      if (n.text == other.name) at = &n;
    }
    auto& d = diags.Error(
        DiagId::kPolymorphicIdentifiers, at->range,
        fmt::format("{} links '{}' to '{}' and '{}' through one link, but '{}' is identified by "
                    "{} and '{}' by {}; the parents of a polymorphic association need "
                    "identifiers of the same shape (as many attributes, each stored as a "
                    "string, a number or binary alike)",
                    what, to.name, first.name, other.name, first.name, describe(first), other.name,
                    describe(other)));
    Diagnostics::Note(d, first.range, fmt::format("entity '{}' is declared here", first.name));
    Diagnostics::Note(d, other.range, fmt::format("entity '{}' is declared here", other.name));
    ok = false;
  }
  AttrId kind = ResolveAttribute(to, *decl.kind, fmt::format("'kind' of {} names", what),
                                 DiagId::kBadKindAttribute, diags);
  if (kind >= 0) {
    const Attribute& k = to.attributes[static_cast<std::size_t>(kind)];
    std::string wrong =
        k.type != AttrType::kString || k.time_order != TimeOrder::kNone
            ? fmt::format("is {}", k.time_order != TimeOrder::kNone
                                       ? fmt::format("a {}", TimeOrderName(k.time_order))
                                       : AttrTypeWithArticle(k.type))
        : !k.required ? std::string("is optional")
                      : std::string();
    if (!wrong.empty()) {
      auto& d = diags.Error(
          DiagId::kBadKindAttribute, decl.kind->range,
          fmt::format("'kind' of {} names '{}.{}', which {}; the kind holds the parent's entity "
                      "name ('{}'), so it must be a required string: '{}: string'",
                      what, to.name, k.name, wrong, first.name, k.name));
      Diagnostics::Note(d, k.range, fmt::format("'{}' is declared here", k.name));
      ok = false;
      kind = -1;
    }
  } else {
    ok = false;
  }
  if (!ok) return false;
  std::optional<std::vector<AttrId>> link;
  for (EntityId p : parents) {
    link = ResolveLink(decl, "link", decl.link, decl.link_range, to, decl.to.range,
                       model.entities[static_cast<std::size_t>(p)], diags);
    if (!link) return false;
  }
  if (std::find(link->begin(), link->end(), kind) != link->end()) {
    diags.Error(DiagId::kBadKindAttribute, decl.kind->range,
                fmt::format("'kind' of {} names '{}', which 'link' names too; the kind holds the "
                            "parent's entity name, the link its identifier: two attributes",
                            what, decl.kind->text));
    return false;
  }
  r.kind = kind;
  r.link = *link;
  return true;
}

void CheckRelationship(const RelationshipDecl& decl, Model& model,
                       std::map<std::string, const RelationshipDecl*>& names, Diagnostics& diags) {
  Relationship r = decl.relationship;
  std::string what = fmt::format("relationship '{}'", r.name);
  bool ok = true;
  auto [it, inserted] = names.emplace(r.name, &decl);
  if (!inserted) {
    auto& d = diags.Error(DiagId::kDuplicateRelationship, decl.name_range,
                          fmt::format("a relationship named '{}' is already declared; give each "
                                      "relationship its own name",
                                      r.name));
    Diagnostics::Note(d, it->second->name_range, "the first one is declared here");
    ok = false;
  }
  bool polymorphic = decl.from_is_list;
  std::vector<EntityId> parents;  // polymorphic: every entity of `from`, once each
  if (polymorphic) {
    std::map<std::string, SourceRange> seen;
    for (const Name& n : decl.from_list) {
      EntityId p = ResolveEntity(model, n, fmt::format("'from' of {}", what),
                                 DiagId::kUnknownRelationshipEntity, diags);
      auto [at, fresh] = seen.emplace(n.text, n.range);
      if (!fresh) {
        auto& d = diags.Error(DiagId::kPolymorphicParents, n.range,
                              fmt::format("'from' of {} names '{}' twice; list each parent "
                                          "entity once",
                                          what, n.text));
        Diagnostics::Note(d, at->second, "first named here");
        ok = false;
        continue;
      }
      if (p < 0) {
        ok = false;
      } else {
        parents.push_back(p);
      }
    }
    // The kind renders in keys as its value's label (keys::LabelText, the UPPER_SNAKE of the
    // entity name), while each entity's items carry the label derive's PlaceEntities gives it:
    // the UPPER_SNAKE of its name, numbered when an earlier entity took it (PULL_REQUEST2). A
    // parent whose items are not labelled with its plain UPPER_SNAKE would have its kind render
    // the label of the entity that took it: children filed under another entity's partitions.
    if (ok) {
      std::map<std::string, EntityId> taken;  // label -> the entity labelled so
      std::vector<std::string> labels;
      for (std::size_t e = 0; e < model.entities.size(); ++e) {
        std::string plain = UpperSnake(model.entities[e].name);
        std::string unique = plain;
        for (int k = 2; taken.count(unique) > 0; ++k) unique = fmt::format("{}{}", plain, k);
        taken.emplace(unique, static_cast<EntityId>(e));
        labels.push_back(unique);
      }
      for (std::size_t i = 0; i < parents.size(); ++i) {
        const Entity& parent = model.entities[static_cast<std::size_t>(parents[i])];
        const std::string plain = UpperSnake(parent.name);
        if (labels[static_cast<std::size_t>(parents[i])] == plain) continue;
        const Entity& holder = model.entities[static_cast<std::size_t>(taken.at(plain))];
        auto& d = diags.Error(
            DiagId::kPolymorphicLabelShared, decl.from_list[i].range,
            fmt::format("parent '{}' of polymorphic {} would render as '{}' in the child's keys "
                        "(its kind's label), but entity '{}', declared before it, takes that "
                        "label: the children would be filed under '{}' partitions; rename one "
                        "of the two entities",
                        parent.name, what, plain, holder.name, holder.name));
        Diagnostics::Note(d, holder.range,
                          fmt::format("entity '{}' is declared here", holder.name));
        ok = false;
      }
    }
    if (ok && parents.size() < 2) {
      diags.Error(DiagId::kPolymorphicParents, decl.from_range,
                  fmt::format("'from' of {} is a list of one entity; name the parent entity "
                              "without brackets, or list every entity a '{}' can belong to",
                              what, decl.to.text));
      ok = false;
    }
    if (!decl.kind || !decl.link) {
      diags.Error(
          DiagId::kPolymorphicWithoutKind, decl.from_range,
          fmt::format("{} lists several parent entities in 'from' but has no '{}': a polymorphic "
                      "association needs 'kind' naming the attribute of '{}' that holds its "
                      "parent's entity name, and 'link' naming the attribute(s) holding that "
                      "parent's identifier (e.g. 'kind: targetKind, link: [targetId]')",
                      what, !decl.kind ? "kind" : "link", decl.to.text));
      ok = false;
    }
    r.from = parents.empty() ? -1 : parents.front();
  } else {
    r.from = ResolveEntity(model, decl.from, fmt::format("'from' of {}", what),
                           DiagId::kUnknownRelationshipEntity, diags);
  }
  if (decl.kind && !polymorphic) {
    diags.Error(DiagId::kKindNotPolymorphic, decl.kind_range,
                fmt::format("{} has 'kind', but 'from' names one entity; 'kind' belongs to a "
                            "polymorphic association, whose 'from' lists several (e.g. 'from: "
                            "[{}, ...]'): remove 'kind' or list the parents",
                            what, decl.from.text));
    ok = false;
  }
  r.to = ResolveEntity(model, decl.to, fmt::format("'to' of {}", what),
                       DiagId::kUnknownRelationshipEntity, diags);
  if (decl.through) {
    EntityId through = ResolveEntity(model, *decl.through, fmt::format("'through' of {}", what),
                                     DiagId::kUnknownRelationshipEntity, diags);
    if (through < 0) {
      ok = false;
    } else {
      r.through = through;
    }
  }
  if (r.from < 0 || r.to < 0) ok = false;
  bool many = r.cardinality == Cardinality::kManyToMany;
  if (!many && decl.through) {
    diags.Error(DiagId::kRelationshipKeyNotApplicable, decl.through->range,
                fmt::format("{} is {} but has 'through', which only applies to M:N; remove "
                            "'through' or make it 'cardinality: M:N'",
                            what, CardinalityName(r.cardinality)));
    ok = false;
  }
  if (!many && decl.link_to) {
    diags.Error(DiagId::kRelationshipKeyNotApplicable, decl.link_to_range,
                fmt::format("{} is {} but has 'link_to', which only applies to M:N; use 'link'",
                            what, CardinalityName(r.cardinality)));
    ok = false;
  }
  if (many && r.owning) {
    diags.Error(DiagId::kRelationshipKeyNotApplicable, decl.owning_range,
                fmt::format("{} is M:N and cannot be 'owning' (neither side belongs to the "
                            "other); remove 'owning' or model the owner with a 1:N",
                            what));
    ok = false;
  }
  // Bounds count the children of one parent: a 1:1 has one at most by definition.
  if (r.cardinality == Cardinality::kOneToOne && (r.max || r.average)) {
    diags.Error(DiagId::kBoundNotApplicable, r.max ? r.max_range : r.average_range,
                fmt::format("{} is 1:1, so each '{}' has one '{}' at most; 'max' and 'average' "
                            "bound 1:N and M:N relationships: remove them or make it 1:N",
                            what, decl.from.text, decl.to.text));
    ok = false;
  }
  if (r.max && r.average && *r.average > static_cast<double>(*r.max)) {
    auto& d = diags.Error(DiagId::kBoundsConflict, r.average_range,
                          fmt::format("{} says about {} children per parent on average but at "
                                      "most {}; the average cannot pass the maximum",
                                      what, *r.average, *r.max));
    Diagnostics::Note(d, r.max_range, "the maximum");
    ok = false;
  }
  if (many && polymorphic) {
    diags.Error(DiagId::kPolymorphicManyToMany, decl.cardinality_range,
                fmt::format("{} is M:N with several entities in 'from'; a polymorphic "
                            "association is 1:1 or 1:N (each child belongs to one parent): make it "
                            "1:N, or declare one M:N relationship per entity",
                            what));
    ok = false;
  }
  if (many && !decl.through) {
    diags.Error(DiagId::kManyToManyWithoutThrough, decl.cardinality_range,
                fmt::format("{} is M:N without a way to link: add 'through: <Entity>' naming an "
                            "entity that holds both identifiers (e.g. Inventory between Product "
                            "and Warehouse)",
                            what));
    ok = false;
  }
  if (!ok) return;
  const Entity& from = model.entities[r.from];
  const Entity& to = model.entities[r.to];
  if (from.identifier.empty() || to.identifier.empty()) return;  // reported as E206..E209
  for (EntityId p : parents) {
    if (model.entities[static_cast<std::size_t>(p)].identifier.empty()) return;
  }
  if (!many) {
    if (r.from == r.to && !decl.link) {
      diags.Error(DiagId::kSelfRelationshipWithoutLink, r.range,
                  fmt::format("{} relates '{}' to itself, so it needs 'link' naming the "
                              "attribute that holds the other {}'s identifier (e.g. "
                              "'link: [managerId]')",
                              what, from.name, from.name));
      return;
    }
    if (polymorphic) {
      if (!CheckPolymorphic(decl, parents, model, r, diags)) return;
    } else {
      auto link =
          ResolveLink(decl, "link", decl.link, decl.link_range, to, decl.to.range, from, diags);
      if (!link) return;
      r.link = *link;
    }
    // A child lives in its parent's item collection only when its identifier holds the link
    // (docs/key-design.md, "Placement"): say so where 'owning' would otherwise do nothing.
    std::vector<std::string> missing;
    std::vector<AttrId> nesting = r.link;
    if (polymorphic) nesting.insert(nesting.begin(), r.kind);
    for (AttrId a : nesting) {
      if (std::find(to.identifier.begin(), to.identifier.end(), a) == to.identifier.end())
        missing.push_back(to.attributes[static_cast<std::size_t>(a)].name);
    }
    if (r.owning && !missing.empty()) {
      std::vector<std::string> id = missing;
      for (AttrId a : to.identifier) id.push_back(to.attributes[static_cast<std::size_t>(a)].name);
      diags.Warning(
          DiagId::kOwningWithoutNesting, decl.owning_range,
          fmt::format("{} is owning, but '{}''s identifier does not hold the link ({}), "
                      "so its items cannot live in the item collection of {} and "
                      "'owning' changes nothing; make the identifier [{}]",
                      what, to.name, fmt::join(missing, ", "),
                      polymorphic ? std::string("their parents") : fmt::format("'{}'", from.name),
                      fmt::join(id, ", ")));
    }
  } else {
    const Entity& through = model.entities[*r.through];
    if (*r.through == r.from || *r.through == r.to) {
      diags.Error(DiagId::kThroughIsAnEnd, decl.through->range,
                  fmt::format("{} goes through '{}', one of its own ends; 'through' names a "
                              "third entity holding both identifiers",
                              what, through.name));
      return;
    }
    if (through.identifier.empty()) return;
    auto link = ResolveLink(decl, "link", decl.link, decl.link_range, through, decl.through->range,
                            from, diags);
    auto link_to = ResolveLink(decl, "link_to", decl.link_to, decl.link_to_range, through,
                               decl.through->range, to, diags);
    if (!link || !link_to) return;
    r.link = *link;
    r.link_to = *link_to;
  }
  // The declared counts must fit under the bound: at most `max` children for each parent.
  if (r.max) {
    const Entity& holder = model.entities[static_cast<std::size_t>(many ? *r.through : r.to)];
    std::int64_t parent_count = 0;
    for (EntityId p : polymorphic ? parents : std::vector<EntityId>{r.from})
      parent_count += model.entities[static_cast<std::size_t>(p)].count;
    double room = static_cast<double>(*r.max) * static_cast<double>(parent_count);
    if (static_cast<double>(holder.count) > room) {
      auto& d = diags.Error(
          DiagId::kBoundsConflict, r.max_range,
          fmt::format("{} allows at most {} '{}' per '{}', {} in all for {} '{}', but '{}' "
                      "declares a count of {}; raise 'max' or correct the counts",
                      what, *r.max, holder.name, polymorphic ? "parent" : from.name, room,
                      parent_count, polymorphic ? "parents" : from.name, holder.name,
                      holder.count));
      Diagnostics::Note(d, holder.range, fmt::format("'{}' is declared here", holder.name));
      return;
    }
  }
  if (!polymorphic) {
    model.relationships.push_back(std::move(r));
    return;
  }
  // One ordinary relationship per parent (model.h Relationship::parents).
  r.parents = parents;
  for (EntityId p : parents) {
    Relationship one = r;
    one.from = p;
    model.relationships.push_back(std::move(one));
  }
}

}  // namespace

void CheckRelationships(const ModelDecl& decl, Model& model, Diagnostics& diags) {
  std::map<std::string, const RelationshipDecl*> names;
  for (const RelationshipDecl& r : decl.relationships) CheckRelationship(r, model, names, diags);
}

}  // namespace model::load
