// Per-parent counters (model.h Attribute::counter): `counter: issues.issueCount` on an identifier
// attribute of the `to` entity of a 1:N relationship draws it from the parent's count. Resolved
// after the patterns, aggregates and copies, whose uses of the count it refuses: the relationship
// must be a plain 1:N to the entity (E242), the count an optional integer of the parent nothing
// else holds (E243), the drawn attribute a required integer identifying the item within its
// parent (E244); no write pattern sets the count (E490), and no read keys, orders or filters on
// it, nor an aggregate groups or sums it (E491): every create changes it.
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

// Why attribute `a` of `child` cannot be drawn from a counter through `rel`, or "".
std::string NotDrawable(const Model& model, EntityId child_id, AttrId a, const Relationship& rel) {
  const Entity& child = model.entities[static_cast<std::size_t>(child_id)];
  const Attribute& attr = child.attributes[static_cast<std::size_t>(a)];
  if (attr.type != AttrType::kInteger || attr.time_order != TimeOrder::kNone)
    return fmt::format("it is {}, and a counter draws whole numbers; declare it 'type: integer'",
                       attr.time_order != TimeOrder::kNone
                           ? fmt::format("a {}", TimeOrderName(attr.time_order))
                           : AttrTypeWithArticle(attr.type));
  if (!attr.required)
    return "it is optional, and every item has the number it drew; make it required";
  if (!Has(child.identifier, a))
    return fmt::format(
        "it is not part of the identifier of '{}', and a drawn number names one item of its "
        "parent; add it to 'identifier'",
        child.name);
  std::vector<std::string> missing;
  for (AttrId l : rel.link) {
    if (!Has(child.identifier, l))
      missing.push_back(child.attributes[static_cast<std::size_t>(l)].name);
  }
  if (!missing.empty())
    return fmt::format(
        "the identifier of '{}' leaves out '{}', the link of relationship '{}', and numbers "
        "are unique per parent only: two parents' items would share an identifier; identify "
        "'{}' by the link and the number",
        child.name, fmt::join(missing, "', '"), rel.name, child.name);
  if (const Relationship* r = LinkingRelationship(model, child_id, a))
    return fmt::format("it is a link of relationship '{}', whose parent names it; remove 'counter'",
                       r->name);
  if (!attr.copy.empty()) return "it is a copy of its parent's attribute; remove 'counter'";
  if (attr.present_when)
    return "it has 'present_when', and every item has its number; remove 'present_when'";
  if (child.ttl == attr.name) return "it is the entity's 'ttl'; remove 'counter'";
  for (std::size_t o = 0; o < static_cast<std::size_t>(a); ++o) {
    if (!child.attributes[o].counter.empty())
      return fmt::format(
          "'{}' draws from a counter already, and an entity draws one number; remove 'counter'",
          child.attributes[o].name);
  }
  return "";
}

// Why attribute `s` of `parent_id` cannot hold a count, or "".
std::string NotCountable(const Model& model, EntityId parent_id, AttrId s) {
  const Entity& parent = model.entities[static_cast<std::size_t>(parent_id)];
  const Attribute& source = parent.attributes[static_cast<std::size_t>(s)];
  if (source.type != AttrType::kInteger)
    return fmt::format(
        "it is {}, and the count is a whole number; declare '{}: {{ type: integer, required: "
        "false }}'",
        AttrTypeWithArticle(source.type), source.name);
  if (source.required)
    return fmt::format(
        "it is required, and a new '{}' has no count until its first child is created "
        "(if_not_exists starts it at 0); declare it 'required: false'",
        parent.name);
  if (Has(parent.identifier, s)) return "it is part of the identifier, which never changes";
  if (parent.versioned)
    return fmt::format(
        "'{}' is versioned, and a draw would change its current item without a new version",
        parent.name);
  if (const Relationship* r = LinkingRelationship(model, parent_id, s))
    return fmt::format("it is a link of relationship '{}'", r->name);
  if (!source.copy.empty()) return "it is a copy of another entity's attribute";
  if (!source.counter.empty()) return "it is drawn from a counter itself";
  if (source.unique) return "it is unique, and two parents may hold the same count";
  if (source.present_when) return "it has 'present_when', and a count is present once drawn";
  if (parent.ttl == source.name) return "it is the entity's 'ttl'";
  if (parent.version_attribute == source.name) return "it is the version number";
  for (const TogetherGroup& g : parent.together) {
    if (std::find(g.attributes.begin(), g.attributes.end(), source.name) != g.attributes.end())
      return "it is in a 'together' group, which the draws would break";
  }
  for (const Attribute& o : parent.attributes) {
    if (o.created == source.name) return fmt::format("it is the creation time of '{}'", o.name);
  }
  for (const AggregateDecl& agg : model.aggregates) {
    if (agg.into != parent_id) continue;
    for (const AggregateValue& v : agg.values) {
      if (v.target == s)
        return fmt::format("it is a value of aggregate '{}', which its maintainer writes",
                           agg.name);
    }
  }
  return "";
}

// Resolves one counter: `attr.counter` is "<relationship>.<attribute>".
void ResolveCounter(const ModelDecl& decl, Model& model, EntityId child_id, AttrId a,
                    Diagnostics& diags) {
  Entity& child = model.entities[static_cast<std::size_t>(child_id)];
  Attribute& attr = child.attributes[static_cast<std::size_t>(a)];
  const std::string what = fmt::format("the counter '{}' of entity '{}'", attr.name, child.name);
  auto ref = ResolveRelationshipReference(
      decl, model, attr.counter, attr.counter_range, what, DiagId::kCounterRelationship,
      fmt::format("a counter is written <relationship>.<attribute>, the 1:N relationship from "
                  "the parent to '{}' and the parent's attribute holding the count, e.g. "
                  "'issues.issueCount'",
                  child.name),
      [&](const Relationship& rel) {
        return rel.to == child_id && rel.cardinality == Cardinality::kOneToMany;
      },
      fmt::format("; declare a 1:N relationship to '{}' from the parent", child.name), diags);
  if (!ref) return;
  const int r = ref->relationship;
  const std::string& source_name = ref->attribute;
  const Relationship& rel = model.relationships[static_cast<std::size_t>(r)];
  std::string why;
  if (rel.cardinality != Cardinality::kOneToMany) {
    why = fmt::format("it is {}", CardinalityName(rel.cardinality));
  } else if (rel.to != child_id) {
    why = fmt::format("its child is '{}', not '{}'",
                      model.entities[static_cast<std::size_t>(rel.to)].name, child.name);
  } else if (rel.from == child_id) {
    why = fmt::format("its parent is '{}' itself", child.name);
  } else if (rel.Polymorphic()) {
    why = "it is a polymorphic association, with no one parent entity to hold the count";
  } else if (rel.embedded) {
    why = "it is embedded, and an embedded child is written inside its parent's item";
  } else if (EmbeddingOf(model, rel.from) >= 0) {
    why = fmt::format("its parent '{}' is embedded in another item, so it has no item to count in",
                      model.entities[static_cast<std::size_t>(rel.from)].name);
  }
  if (!why.empty()) {
    auto& d = diags.Error(
        DiagId::kCounterRelationship, attr.counter_range,
        fmt::format("{} draws through relationship '{}', but {}; a counter is drawn from the one "
                    "parent item of a 1:N relationship to '{}'",
                    what, rel.name, why, child.name));
    Diagnostics::Note(d, rel.range, fmt::format("relationship '{}' is declared here", rel.name));
    return;
  }
  const Entity& parent = model.entities[static_cast<std::size_t>(rel.from)];
  AttrId s = ResolveAttribute(parent, Name{source_name, attr.counter_range},
                              fmt::format("{} counts in", what), DiagId::kCounterSource, diags);
  if (s < 0) return;
  const Attribute& source = parent.attributes[static_cast<std::size_t>(s)];
  if (std::string no = NotCountable(model, rel.from, s); !no.empty()) {
    auto& d = diags.Error(
        DiagId::kCounterSource, attr.counter_range,
        fmt::format("{} counts in '{}.{}', but {}", what, parent.name, source.name, no));
    Diagnostics::Note(d, source.range, fmt::format("'{}' is declared here", source.name));
    return;
  }
  if (std::string no = NotDrawable(model, child_id, a, rel); !no.empty()) {
    diags.Error(DiagId::kCounterNotAllowed, attr.counter_range,
                fmt::format("attribute '{}' of entity '{}' cannot be drawn from a counter: {}",
                            attr.name, child.name, no));
    return;
  }
  // Two counters in one parent attribute would hand out each number twice over.
  for (const Entity& other : model.entities) {
    for (const Attribute& o : other.attributes) {
      if (o.counter_relationship < 0) continue;
      const Relationship& orel =
          model.relationships[static_cast<std::size_t>(o.counter_relationship)];
      if (orel.from != rel.from || o.counter_source != s) continue;
      auto& d = diags.Error(
          DiagId::kCounterSource, attr.counter_range,
          fmt::format("{} counts in '{}.{}', but it is the count of counter '{}.{}' already; "
                      "give each counter an attribute of its own",
                      what, parent.name, source.name, other.name, o.name));
      Diagnostics::Note(d, o.counter_range, fmt::format("'{}' counts in it here", o.name));
      return;
    }
  }
  attr.counter_relationship = r;
  attr.counter_source = s;
}

// The count's name as the messages say it: "the count 'issueCount' of 'Repo', which the creates
// of 'Issue' keep".
std::string CountName(const Model& model, const Attribute& counter, EntityId child) {
  const Relationship& rel =
      model.relationships[static_cast<std::size_t>(counter.counter_relationship)];
  const Entity& parent = model.entities[static_cast<std::size_t>(rel.from)];
  return fmt::format("'{}.{}', the count the creates of '{}' keep", parent.name,
                     parent.attributes[static_cast<std::size_t>(counter.counter_source)].name,
                     model.entities[static_cast<std::size_t>(child)].name);
}

// Writes setting the count: an update of the parent listing it, and an `also` update of it
// (E490). An update lists its attributes (E107).
void CheckCountWrites(const ModelDecl& decl, const Model& model, EntityId parent,
                      const std::string& source, const std::string& count, Diagnostics& diags) {
  for (const WritePatternDecl& wd : decl.write_patterns) {
    const WritePattern& w = wd.pattern;
    if (wd.entity.text == model.entities[static_cast<std::size_t>(parent)].name &&
        w.kind == WriteKind::kUpdate) {
      for (const Name& n : wd.attributes) {
        if (n.text != source) continue;
        diags.Error(DiagId::kCounterWritten, n.range,
                    fmt::format("write pattern '{}' updates {}; only they change it: remove it "
                                "from 'attributes'",
                                w.name, count));
      }
    }
    for (const AlsoDecl& ad : wd.also) {
      if (ad.entity.text != model.entities[static_cast<std::size_t>(parent)].name) continue;
      for (const Name& n : ad.attributes) {
        if (n.text != source) continue;
        diags.Error(DiagId::kCounterWritten, n.range,
                    fmt::format("write pattern '{}' updates {} in its 'also' entry; only they "
                                "change it: remove it",
                                w.name, count));
      }
    }
  }
}

// Reads keying, ordering or filtering on the count, pinned keys built from it and aggregates
// reading it (E491): every create of a child changes it, behind their keys and maintainers.
void CheckCountReads(const ModelDecl& decl, const Model& model, EntityId parent,
                     const std::string& source, const std::string& count, Diagnostics& diags) {
  const Entity& p = model.entities[static_cast<std::size_t>(parent)];
  const std::string tail = fmt::format(
      "every create of a child changes it, and the draw rewrites no key built from it; read the "
      "count with the '{}' item instead",
      p.name);
  for (const AccessPatternDecl& ad : decl.access_patterns) {
    bool returns_parent = std::any_of(ad.returns.begin(), ad.returns.end(),
                                      [&](const Name& n) { return n.text == p.name; });
    if (!returns_parent) continue;
    const AccessPattern& ap = ad.pattern;
    auto report = [&](const SourceRange& at, const char* does) {
      diags.Error(DiagId::kCounterRead, at,
                  fmt::format("access pattern '{}' {} {}; {}", ap.name, does, count, tail));
    };
    for (const Name& n : ad.params) {
      if (n.text == source) report(n.range, "reads by");
    }
    if (ap.range_condition && ap.range_condition->attribute == source)
      report(ap.range_condition->range, "takes a range of");
    if (ap.sort && ap.sort->attribute == source) report(ap.sort->range, "sorts by");
    for (const FixedFilter& f : ap.filters) {
      if (f.attribute == source) report(f.range, "filters on");
    }
  }
  const std::string placeholder = "{" + source + "}";
  auto uses = [&](const std::string& key) { return key.find(placeholder) != std::string::npos; };
  if (p.pinned_keys && (uses(p.pinned_keys->pk) || uses(p.pinned_keys->sk)))
    diags.Error(DiagId::kCounterRead, p.pinned_keys->range,
                fmt::format("the pinned keys of '{}' are built from {}; {}", p.name, count, tail));
  for (const PinnedIndexKeys& k : p.pinned_index_keys) {
    if (uses(k.pk) || uses(k.sk))
      diags.Error(DiagId::kCounterRead, k.range,
                  fmt::format("the pinned {} keys of '{}' are built from {}; {}",
                              model.table.GsiName(k.index), p.name, count, tail));
  }
  const AttrId s = p.FindAttribute(source);
  for (const AggregateDecl& agg : model.aggregates) {
    if (agg.of != parent) continue;
    bool read = false;
    for (const GroupPart& g : agg.group) read = read || g.source == s;
    for (const AggregateValue& v : agg.values) read = read || v.source == s || v.by == s;
    for (AttrId f : FilterSources(model, agg)) read = read || f == s;
    if (read)
      diags.Error(DiagId::kCounterRead, agg.range,
                  fmt::format("aggregate '{}' reads {}; its maintainer sees the writes of '{}' "
                              "patterns, not the draws: aggregate the children instead",
                              agg.name, count, p.name));
  }
  for (const Entity& e : model.entities) {
    for (const Attribute& a : e.attributes) {
      if (a.copy_relationship < 0) continue;
      const Relationship& r = model.relationships[static_cast<std::size_t>(a.copy_relationship)];
      if (r.from == parent && a.copy_source == s)
        diags.Error(DiagId::kCounterRead, a.copy_range,
                    fmt::format("the copy '{}' of entity '{}' copies {}; the draws do not "
                                "rewrite copies: read the count with the parent's item",
                                a.name, e.name, count));
    }
  }
}

// A create drawing the count whose `also` entries cannot be sent as written: one conditioned on
// the count itself (E492): the draw changes it in a request of its own before the create's
// transaction, so the condition would see the drawn count and a refusal keeps the draw; and one
// naming its item by the drawn number (E494): the caller passes that item's record before the
// number is drawn.
void CheckDrawingCreates(const ModelDecl& decl, const Model& model, EntityId child,
                         const std::string& drawn, EntityId parent, const std::string& source,
                         const std::string& count, Diagnostics& diags) {
  const std::string& parent_name = model.entities[static_cast<std::size_t>(parent)].name;
  for (std::size_t w = 0; w < decl.write_patterns.size(); ++w) {
    const WritePatternDecl& wd = decl.write_patterns[w];
    if (wd.pattern.kind != WriteKind::kCreate ||
        wd.entity.text != model.entities[static_cast<std::size_t>(child)].name)
      continue;
    const WritePattern* resolved =
        w < model.write_patterns.size() && model.write_patterns[w].name == wd.pattern.name
            ? &model.write_patterns[w]
            : nullptr;
    for (std::size_t i = 0; i < wd.also.size(); ++i) {
      const AlsoDecl& ad = wd.also[i];
      if (ad.entity.text == parent_name) {
        for (const WriteCondition& cond : ad.write.conditions) {
          if (cond.attribute != source) continue;
          diags.Error(DiagId::kCounterConditioned, cond.range,
                      fmt::format("write pattern '{}' conditions its 'also' entry on {}: the "
                                  "create draws from it in a request of its own before its "
                                  "transaction, so the condition would see the drawn count, and "
                                  "a refused create keeps the draw; condition the entry on "
                                  "another attribute of '{}'",
                                  wd.pattern.name, count, parent_name));
        }
      }
      if (!resolved || i >= resolved->also.size()) continue;
      const auto& from = resolved->also[i].key_from;
      if (std::find(from.begin(), from.end(), drawn) == from.end()) continue;
      diags.Error(DiagId::kAlsoNamedByDrawn, ad.entity.range,
                  fmt::format("write pattern '{}' names its '{}' by '{}', the number the create "
                              "draws from {}: the caller passes that item before the number is "
                              "drawn, so it cannot name it; name the '{}' by other attributes",
                              wd.pattern.name, ad.entity.text, drawn, count, ad.entity.text));
    }
  }
}

// The placeholders of a key template ("OWNER#{owner}" -> owner).
std::vector<std::string> Placeholders(const std::string& key) {
  std::vector<std::string> out;
  for (std::size_t open = key.find('{'); open != std::string::npos; open = key.find('{', open)) {
    std::size_t close = key.find('}', open);
    if (close == std::string::npos) break;
    out.push_back(key.substr(open + 1, close - open - 1));
    open = close;
  }
  return out;
}

// The draw keys the parent's item by the child's link alone (its values are the parent's
// identifier): pinned keys of the parent built from other attributes cannot be rendered (E495).
void CheckParentKeyed(const Model& model, const Attribute& counter, EntityId parent,
                      Diagnostics& diags) {
  const Entity& p = model.entities[static_cast<std::size_t>(parent)];
  if (!p.pinned_keys) return;
  std::vector<std::string> others;
  for (const std::string* key : {&p.pinned_keys->pk, &p.pinned_keys->sk}) {
    for (const std::string& a : Placeholders(*key)) {
      AttrId id = p.FindAttribute(a);
      if (id >= 0 && Has(p.identifier, id)) continue;
      if (std::find(others.begin(), others.end(), a) == others.end()) others.push_back(a);
    }
  }
  if (others.empty()) return;
  Diagnostic& d = diags.Error(
      DiagId::kCounterParentUnkeyed, counter.counter_range,
      fmt::format("'{}' draws from '{}', the count of '{}', whose pinned table key also holds "
                  "{}: the draw finds the parent by the link alone, so it could not build the "
                  "item's key; pin the keys of '{}' from its identifier",
                  counter.name, counter.counter, p.name, fmt::join(others, ", "), p.name));
  Diagnostics::Note(d, p.pinned_keys->range, "the pinned keys");
}

}  // namespace

void CheckCounters(const ModelDecl& decl, Model& model, Diagnostics& diags) {
  for (std::size_t e = 0; e < model.entities.size(); ++e) {
    for (std::size_t a = 0; a < model.entities[e].attributes.size(); ++a) {
      if (model.entities[e].attributes[a].counter.empty()) continue;
      ResolveCounter(decl, model, static_cast<EntityId>(e), static_cast<AttrId>(a), diags);
    }
  }
  for (std::size_t e = 0; e < model.entities.size(); ++e) {
    AttrId c = CounterOf(model, static_cast<EntityId>(e));
    if (c < 0) continue;
    const Attribute& counter = model.entities[e].attributes[static_cast<std::size_t>(c)];
    const Relationship& rel =
        model.relationships[static_cast<std::size_t>(counter.counter_relationship)];
    const Entity& parent = model.entities[static_cast<std::size_t>(rel.from)];
    const std::string& source =
        parent.attributes[static_cast<std::size_t>(counter.counter_source)].name;
    const std::string count = CountName(model, counter, static_cast<EntityId>(e));
    CheckCountWrites(decl, model, rel.from, source, count, diags);
    CheckCountReads(decl, model, rel.from, source, count, diags);
    CheckDrawingCreates(decl, model, static_cast<EntityId>(e), counter.name, rel.from, source,
                        count, diags);
    CheckParentKeyed(model, counter, rel.from, diags);
  }
}

}  // namespace model::load
