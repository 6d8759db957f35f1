// Denormalized copies (model.h Attribute::copy): `copy: lines.placedAt` on an attribute of the
// `to` entity of a 1:1 or 1:N relationship holds the parent's value of an attribute. Resolved
// after the patterns and aggregates, whose writes and reads it constrains: the copy changes with
// its link only (E456), an `also` entry cannot rewrite the children (E457), and an update of the
// source needs an access pattern reading one parent's children (E458), with which the write
// finds the copies to rewrite.
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>

#include "model/base/casing.h"
#include "model/load/analyze.h"

namespace model::load {

namespace {

bool Has(const std::vector<AttrId>& ids, AttrId a) {
  return std::find(ids.begin(), ids.end(), a) != ids.end();
}

bool Lists(const std::vector<std::string>& names, const std::string& name) {
  return std::find(names.begin(), names.end(), name) != names.end();
}

// Why the types of a copy and its source differ, or "".
std::string TypeMismatch(const Attribute& copy, const Attribute& source) {
  auto type = [](const Attribute& a) {
    return a.time_order != TimeOrder::kNone ? fmt::format("a {}", TimeOrderName(a.time_order))
                                            : AttrTypeWithArticle(a.type);
  };
  if (copy.type != source.type || copy.time_order != source.time_order) {
    return fmt::format("it is {} and the source {}; declare it with the source's type", type(copy),
                       type(source));
  }
  if (copy.enum_values != source.enum_values)
    return "their enums list different values; list the source's values, in its order";
  if (copy.required && !source.required)
    return fmt::format(
        "the source is optional, so a parent may have no value to copy; make "
        "'{}' optional ('{}?')",
        copy.name, AttrTypeName(copy.type));
  return "";
}

// Why `attr` (of `child`) cannot be a copy at all, or "".
std::string NotCopyable(const Model& model, EntityId child_id, AttrId a) {
  const Entity& child = model.entities[static_cast<std::size_t>(child_id)];
  const Attribute& attr = child.attributes[static_cast<std::size_t>(a)];
  if (child.versioned)
    return "its entity is versioned, and rewriting every child's copy would add a version to "
           "each";
  if (Has(child.identifier, a)) return "it is part of the identifier, which never changes";
  for (const Relationship& r : model.relationships) {
    if (r.to == child_id && r.kind == a)
      return fmt::format("it is the kind of polymorphic relationship '{}'", r.name);
  }
  if (const Relationship* r = LinkingRelationship(model, child_id, a))
    return fmt::format("it is a link of relationship '{}'", r->name);
  if (attr.unique) return "it is unique, and children of one parent share their copy";
  if (attr.present_when) return "it has 'present_when', and a copy is present as its source is";
  if (child.version_attribute == attr.name) return "it is the version number";
  for (const Attribute& o : child.attributes) {
    if (o.created == attr.name) return fmt::format("it is the creation time of '{}'", o.name);
  }
  for (const AggregateDecl& agg : model.aggregates) {
    if (agg.of != child_id) continue;
    bool read = false;
    for (const GroupPart& g : agg.group) read = read || g.source == a;
    for (const AggregateValue& v : agg.values) read = read || v.source == a || v.by == a;
    for (AttrId f : FilterSources(model, agg)) read = read || f == a;
    if (read)
      return fmt::format(
          "aggregate '{}' reads it, and the copies' rewrites would change its "
          "groups behind its maintainer",
          agg.name);
  }
  return "";
}

// Resolves one copy: `text` is "<relationship>.<attribute>".
void ResolveCopy(const ModelDecl& decl, Model& model, EntityId child_id, AttrId a,
                 Diagnostics& diags) {
  Entity& child = model.entities[static_cast<std::size_t>(child_id)];
  Attribute& attr = child.attributes[static_cast<std::size_t>(a)];
  const std::string what = fmt::format("the copy '{}' of entity '{}'", attr.name, child.name);
  auto ref = ResolveRelationshipReference(
      decl, model, attr.copy, attr.copy_range, what, DiagId::kCopyRelationship,
      fmt::format("a copy is written <relationship>.<attribute>, the relationship to '{}' and "
                  "the parent's attribute, e.g. 'lines.placedAt'",
                  child.name),
      [&](const Relationship& rel) {
        return rel.to == child_id && rel.cardinality != Cardinality::kManyToMany;
      },
      fmt::format("; declare a 1:1 or 1:N relationship to '{}'", child.name), diags);
  if (!ref) return;
  const int r = ref->relationship;
  const std::string& source_name = ref->attribute;
  const Relationship& rel = model.relationships[static_cast<std::size_t>(r)];
  // A `through` item of an M:N has one item of each end, but the rewrite of its copies needs a
  // relationship whose children it is: name the 1:N that would carry the copy.
  if (rel.cardinality == Cardinality::kManyToMany && rel.through && *rel.through == child_id) {
    const bool from_end =
        model.entities[static_cast<std::size_t>(rel.from)].FindAttribute(source_name) >= 0 ||
        model.entities[static_cast<std::size_t>(rel.to)].FindAttribute(source_name) < 0;
    const Entity& end = model.entities[static_cast<std::size_t>(from_end ? rel.from : rel.to)];
    std::vector<std::string> links;
    for (AttrId l : from_end ? rel.link : rel.link_to)
      links.push_back(child.attributes[static_cast<std::size_t>(l)].name);
    const std::string name = LowerCamel(end.name) + child.name + "s";
    auto& d = diags.Error(
        DiagId::kCopyRelationship, attr.copy_range,
        fmt::format("{} copies through M:N relationship '{}', whose item '{}' has one '{}', but a "
                    "copy's rewrites find the items to change through a 1:1 or 1:N relationship "
                    "to '{}'; declare one and copy through it: "
                    "{{ name: {}, cardinality: \"1:N\", from: {}, to: {}, link: [{}] }} and "
                    "'copy: {}.{}'",
                    what, rel.name, child.name, end.name, child.name, name, end.name, child.name,
                    fmt::join(links, ", "), name, source_name));
    Diagnostics::Note(d, rel.range, fmt::format("relationship '{}' is declared here", rel.name));
    return;
  }
  if (rel.cardinality == Cardinality::kManyToMany || rel.to != child_id) {
    auto& d = diags.Error(
        DiagId::kCopyRelationship, attr.copy_range,
        fmt::format(
            "{} copies through relationship '{}', but {}; a copy lives on the child of a "
            "1:1 or 1:N relationship, which has one parent to copy from",
            what, rel.name,
            rel.cardinality == Cardinality::kManyToMany
                ? std::string("it is M:N, so an item has many parents")
                : fmt::format("its child is '{}', not '{}'",
                              model.entities[static_cast<std::size_t>(rel.to)].name, child.name)));
    Diagnostics::Note(d, rel.range, fmt::format("relationship '{}' is declared here", rel.name));
    return;
  }
  if (rel.Polymorphic()) {
    auto& d = diags.Error(
        DiagId::kCopyThroughPolymorphic, attr.copy_range,
        fmt::format("{} copies through relationship '{}', a polymorphic association: a '{}' "
                    "belongs to a parent of one of several entities ('{}' says which), so "
                    "there is no one attribute to copy; keep the value on the parents, or "
                    "declare a relationship with a single 'from'",
                    what, rel.name, child.name,
                    child.attributes[static_cast<std::size_t>(rel.kind)].name));
    Diagnostics::Note(d, rel.range, fmt::format("relationship '{}' is declared here", rel.name));
    return;
  }
  const Entity& parent = model.entities[static_cast<std::size_t>(rel.from)];
  AttrId s = ResolveAttribute(parent, Name{source_name, attr.copy_range},
                              fmt::format("{} copies", what), DiagId::kUnknownCopySource, diags);
  if (s < 0) return;
  const Attribute& source = parent.attributes[static_cast<std::size_t>(s)];
  if (std::string why = TypeMismatch(attr, source); !why.empty()) {
    auto& d =
        diags.Error(DiagId::kCopyTypeMismatch, attr.copy_range,
                    fmt::format("{} copies '{}.{}', but {}", what, parent.name, source.name, why));
    Diagnostics::Note(d, source.range, fmt::format("'{}' is declared here", source.name));
    return;
  }
  for (AttrId l : rel.link) {
    const Attribute& link = child.attributes[static_cast<std::size_t>(l)];
    if (!attr.required || link.required) continue;
    auto& d = diags.Error(
        DiagId::kCopyTypeMismatch, attr.copy_range,
        fmt::format("{} is required, but its link '{}' is optional: an item without a parent has "
                    "nothing to copy; make '{}' optional ('{}?')",
                    what, link.name, attr.name, AttrTypeName(attr.type)));
    Diagnostics::Note(d, link.range, fmt::format("'{}' is declared here", link.name));
    return;
  }
  std::string why = NotCopyable(model, child_id, a);
  if (why.empty() && Has(parent.identifier, s))
    why = fmt::format("'{}' is the parent's identifier, which the link '{}' holds already",
                      source.name, rel.name);
  // An update rewrites its children's copies, not their children's: a copy of a copy would
  // go stale.
  if (why.empty() && !source.copy.empty())
    why = fmt::format(
        "'{}.{}' is a copy itself, and an update of its source rewrites one level "
        "of children; copy the original through a relationship of its own",
        parent.name, source.name);
  for (const AggregateDecl& agg : model.aggregates) {
    if (!why.empty()) break;
    if (agg.into != rel.from) continue;
    for (const AggregateValue& v : agg.values) {
      if (v.target == s)
        why = fmt::format(
            "'{}' is a value of aggregate '{}', which its maintainer writes, not a "
            "write pattern",
            source.name, agg.name);
    }
  }
  if (!why.empty()) {
    diags.Error(DiagId::kCopyNotAllowed, attr.copy_range,
                fmt::format("attribute '{}' of entity '{}' cannot be a copy: {}; remove 'copy'",
                            attr.name, child.name, why));
    return;
  }
  attr.copy_relationship = r;
  attr.copy_source = s;
}

// The attributes write pattern `w` changes on its entity (all when it lists none).
bool Changes(const WritePattern& w, const Attribute& attr) {
  return w.kind == WriteKind::kUpdate && (w.attributes.empty() || Lists(w.attributes, attr.name));
}

}  // namespace

void CheckCopies(const ModelDecl& decl, Model& model, Diagnostics& diags) {
  for (std::size_t e = 0; e < model.entities.size(); ++e) {
    for (std::size_t a = 0; a < model.entities[e].attributes.size(); ++a) {
      if (model.entities[e].attributes[a].copy.empty()) continue;
      ResolveCopy(decl, model, static_cast<EntityId>(e), static_cast<AttrId>(a), diags);
    }
  }
  for (const CopyRef& c : Copies(model)) {
    const Relationship& rel = model.relationships[static_cast<std::size_t>(c.relationship)];
    const Entity& child = model.entities[static_cast<std::size_t>(c.entity)];
    const Entity& parent = model.entities[static_cast<std::size_t>(rel.from)];
    const Attribute& copy = child.attributes[static_cast<std::size_t>(c.attribute)];
    const Attribute& source = parent.attributes[static_cast<std::size_t>(c.source)];
    bool needs_children = false;
    for (std::size_t wi = 0; wi < model.write_patterns.size(); ++wi) {
      const WritePattern& w = model.write_patterns[wi];
      auto found =
          std::find_if(decl.write_patterns.begin(), decl.write_patterns.end(),
                       [&](const WritePatternDecl& d) { return d.pattern.name == w.name; });
      if (found == decl.write_patterns.end()) continue;
      const WritePatternDecl& wd = *found;
      // The child's own update: the copy and the link move together (a line moved to another
      // order takes that order's date, which the caller passes).
      if (w.entity == c.entity && w.kind == WriteKind::kUpdate && !w.attributes.empty()) {
        bool sets_copy = Lists(w.attributes, copy.name);
        bool sets_link = false;
        std::string link_name;
        for (AttrId l : rel.link) {
          const std::string& n = child.attributes[static_cast<std::size_t>(l)].name;
          if (link_name.empty()) link_name = n;
          sets_link = sets_link || Lists(w.attributes, n);
        }
        if (sets_copy != sets_link) {
          SourceRange at = wd.attributes_range;
          for (const Name& n : wd.attributes) {
            if (n.text == (sets_copy ? copy.name : link_name)) at = n.range;
          }
          auto& d = diags.Error(
              DiagId::kUpdateSplitsCopy, at,
              sets_copy
                  ? fmt::format("write pattern '{}' updates '{}', a copy of '{}.{}', without its "
                                "link '{}': a copy changes only with its source (the parent's "
                                "updates rewrite it) or with the link to another parent; remove "
                                "'{}' or list '{}' too",
                                w.name, copy.name, parent.name, source.name, link_name, copy.name,
                                link_name)
                  : fmt::format("write pattern '{}' updates '{}', the link to '{}', without '{}', "
                                "which copies '{}.{}': an item moved to another parent takes "
                                "that parent's value; list '{}' too",
                                w.name, link_name, parent.name, copy.name, parent.name, source.name,
                                copy.name));
          Diagnostics::Note(d, copy.copy_range, fmt::format("'{}' is a copy", copy.name));
        }
      }
      // An `also` entry updating the source would leave the children's copies behind.
      for (std::size_t ai = 0; ai < w.also.size() && w.also.size() == wd.also.size(); ++ai) {
        const AlsoWrite& also = w.also[ai];
        if (also.kind != AlsoKind::kUpdate) continue;
        if (also.entity == rel.from && Lists(also.attributes, source.name)) {
          auto& d = diags.Error(
              DiagId::kAlsoUpdatesCopied, wd.also[ai].entity.range,
              fmt::format("write pattern '{}' also updates '{}.{}', which '{}.{}' copies; an "
                          "'also' entry writes one item, so the children's copies would keep "
                          "the old value: update '{}' with a write pattern of its own",
                          w.name, parent.name, source.name, child.name, copy.name, parent.name));
          Diagnostics::Note(d, copy.copy_range, fmt::format("'{}' is a copy", copy.name));
        }
        bool moves = false;
        for (AttrId l : rel.link)
          moves =
              moves || Lists(also.attributes, child.attributes[static_cast<std::size_t>(l)].name);
        if (also.entity == c.entity && (Lists(also.attributes, copy.name) || moves)) {
          auto& d = diags.Error(
              DiagId::kAlsoUpdatesCopied, wd.also[ai].entity.range,
              moves ? fmt::format("write pattern '{}' also moves '{}' to another '{}', but its "
                                  "'{}' would keep the old one's '{}'; move it with an update of "
                                  "'{}' of its own, listing the link and '{}'",
                                  w.name, child.name, parent.name, copy.name, source.name,
                                  child.name, copy.name)
                    : fmt::format("write pattern '{}' also updates '{}.{}', a copy of '{}.{}'; a "
                                  "copy changes with its source, or with its link in an update "
                                  "of '{}' of its own; remove it from the entry",
                                  w.name, child.name, copy.name, parent.name, source.name,
                                  child.name));
          Diagnostics::Note(d, copy.copy_range, fmt::format("'{}' is a copy", copy.name));
        }
      }
      if (w.entity == rel.from && Changes(w, source)) needs_children = true;
    }
    if (needs_children && ChildrenPattern(model, c.relationship) < 0) {
      std::vector<std::string> link;
      for (AttrId l : rel.link) link.push_back(child.attributes[static_cast<std::size_t>(l)].name);
      auto& d = diags.Error(
          DiagId::kCopyChildrenUnread, copy.copy_range,
          fmt::format("'{}.{}' copies '{}.{}', which write patterns update, but no access pattern "
                      "reads the '{}' items of one '{}': an update rewrites every child's copy, "
                      "and finds them with that read; add one, e.g. '{{ returns: {}, by: [{}] }}' "
                      "({})",
                      child.name, copy.name, parent.name, source.name, child.name, parent.name,
                      child.name, fmt::join(link, ", "),
                      rel.max ? fmt::format("no range, filter or project, and no limit below the "
                                            "relationship's max of {}",
                                            *rel.max)
                              : std::string("no range, filter, limit or project")));
      Diagnostics::Note(d, rel.range, fmt::format("relationship '{}' is declared here", rel.name));
    }
  }
}

}  // namespace model::load
