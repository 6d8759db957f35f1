// Access- and write-pattern checks, including pinned index and shard decisions.
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <cctype>
#include <map>

#include "model/filter_presence.h"
#include "model/load/analyze.h"
#include "model/load/format_spec.h"
#include "model/load/literals.h"
#include "model/load/yaml_tree.h"
#include "model/load/yaml_values.h"

namespace model::load {

namespace {

// Pattern names are unique across reads and writes.
using PatternNames = std::map<std::string, SourceRange>;

bool CheckUniqueName(const std::string& name, SourceRange range, PatternNames& names,
                     Diagnostics& diags) {
  auto [it, inserted] = names.emplace(name, range);
  if (inserted) return true;
  auto& d = diags.Error(DiagId::kDuplicatePattern, range,
                        fmt::format("a pattern named '{}' is already declared; access and write "
                                    "patterns share one namespace, so rename one",
                                    name));
  Diagnostics::Note(d, it->second, "the first one is declared here");
  return false;
}

bool Digits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

bool IsStringLike(AttrType t) {
  return t == AttrType::kString || t == AttrType::kEnum || t == AttrType::kDate ||
         t == AttrType::kTimestamp || t == AttrType::kBinary;
}

class PatternChecker {
 public:
  PatternChecker(const AccessPatternDecl& decl, const Model& model, SourceRange max_gsis_range,
                 const std::vector<RelationshipDecl>& relationships, Diagnostics& diags)
      : max_gsis_range_(max_gsis_range),
        relationship_decls_(relationships),
        decl_(decl),
        p_(decl.pattern),
        model_(model),
        diags_(diags),
        what_(fmt::format("access pattern '{}'", decl.pattern.name)) {}

  std::optional<AccessPattern> Check() {
    AccessPattern out = p_;
    for (const Name& n : decl_.returns) {
      EntityId id = ResolveEntity(model_, n, fmt::format("'returns' of {}", what_),
                                  DiagId::kUnknownReturnsEntity, diags_);
      if (id < 0) {
        ok_ = false;
        continue;
      }
      if (std::find(out.returns.begin(), out.returns.end(), id) != out.returns.end()) {
        diags_.Error(
            DiagId::kUnknownReturnsEntity, n.range,
            fmt::format("'returns' of {} names '{}' twice; list each entity once", what_, n.text));
        ok_ = false;
        continue;
      }
      out.returns.push_back(id);
    }
    if (!ok_) return std::nullopt;
    returns_ = out.returns;
    params_ = decl_.params;
    if (decl_.follows || !ResolveFamily(out, nullptr)) ResolveFollows(out);
    if (!ok_) return std::nullopt;
    other_side_ = out.other_side.has_value();
    CheckAttributes();
    CheckRange();
    CheckSort();
    CheckFilters();
    CheckAggregate();
    CheckPinned();
    if (ok_) CheckHotShare(out);
    if (!ok_) return std::nullopt;
    return out;
  }

 private:
  // The attribute on every returned entity, or nullptr after reporting `code`. The returned
  // attribute is the first entity's (used for type checks).
  const Attribute* Require(const Name& name, std::string_view verb, ErrorId code) {
    return RequireOn(returns_, name, verb, code);
  }

  // The entities a `sort` and `filter` name attributes of: the returned ones, or the link's
  // holder for a read of a relationship's other side (its first step sorts and filters).
  std::vector<EntityId> OrderScope() const {
    return other_side_ ? std::vector<EntityId>{holder_} : returns_;
  }

  const Attribute* RequireOn(const std::vector<EntityId>& entities, const Name& name,
                             std::string_view verb, ErrorId code) {
    const Attribute* first = nullptr;
    for (EntityId id : entities) {
      const Entity& e = model_.entities[id];
      AttrId a = ResolveAttribute(e, name, fmt::format("{} {}", what_, verb), code, diags_);
      if (a < 0) {
        ok_ = false;
        return nullptr;
      }
      if (!first) first = &e.attributes[a];
    }
    return first;
  }

  // `follows: <relationship>`: the relationship (out.follows) and, per `by` name, the attribute
  // of the returned entity it stands for (params_, out.params, out.param_names): its own
  // attribute of that name, or the link attribute referencing an identifier attribute of that
  // name on the entity the link references.
  void ResolveFollows(AccessPattern& out) {
    if (!decl_.follows) return;
    const Name& f = *decl_.follows;
    int rel = -1;
    std::vector<std::string> names;
    for (std::size_t i = 0; i < model_.relationships.size(); ++i) {
      // A polymorphic relationship's expansions share its name: list it once.
      if (std::find(names.begin(), names.end(), model_.relationships[i].name) == names.end())
        names.push_back(model_.relationships[i].name);
      if (model_.relationships[i].name == f.text) rel = static_cast<int>(i);
    }
    if (rel < 0) {
      ok_ = false;
      // A declared relationship with errors of its own was reported already.
      for (const RelationshipDecl& d : relationship_decls_) {
        if (d.relationship.name == f.text) return;
      }
      std::string guess = ClosestMatch(f.text, names);
      diags_.Error(
          DiagId::kUnknownFollows, f.range,
          fmt::format("{} follows relationship {}, which is not declared; {}", what_,
                      Quoted(f.text),
                      !guess.empty()  ? fmt::format("did you mean '{}'?", guess)
                      : names.empty() ? std::string("declare it under 'relationships'")
                                      : fmt::format("the relationships are {}", JoinComma(names))));
      return;
    }
    const Relationship& r = model_.relationships[static_cast<std::size_t>(rel)];
    SourceRange declared = r.range;  // the relationship's name, for the notes
    for (const RelationshipDecl& d : relationship_decls_) {
      if (d.relationship.name == r.name) declared = d.name_range;
    }
    if (r.Polymorphic() && ResolveFamily(out, &r.name)) return;
    if (r.Polymorphic()) {
      // A `by` name standing for the link would not say which parent entity it identifies:
      // the kind is part of the reference. Reading by both is an ordinary read.
      const Entity& child = model_.entities[static_cast<std::size_t>(r.to)];
      std::vector<std::string> key{child.attributes[static_cast<std::size_t>(r.kind)].name};
      for (AttrId a : r.link) key.push_back(child.attributes[static_cast<std::size_t>(a)].name);
      auto& d = diags_.Error(
          DiagId::kFollowsPolymorphic, f.range,
          fmt::format("{} follows relationship '{}', a polymorphic association: its link holds "
                      "the identifier of whichever parent '{}' names, so a read cannot follow "
                      "it to one parent entity; remove 'follows' and read '{}' by [{}]",
                      what_, r.name, key.front(), child.name, fmt::join(key, ", ")));
      Diagnostics::Note(d, declared, fmt::format("relationship '{}' is declared here", r.name));
      ok_ = false;
      return;
    }
    auto entity_name = [&](EntityId id) -> const std::string& {
      return model_.entities[static_cast<std::size_t>(id)].name;
    };
    EntityId holder = r.through.value_or(r.to);
    // The other side: the entity a link references, read through the holder's items.
    bool other_side = returns_.size() == 1 && returns_[0] != holder &&
                      (returns_[0] == r.from || (r.through && returns_[0] == r.to));
    if (!other_side && (returns_.size() != 1 || returns_[0] != holder)) {
      std::string why =
          returns_.size() != 1
              ? fmt::format("returns {} entities; a read that follows a relationship returns one",
                            returns_.size())
              : fmt::format("returns '{}', which does not hold the link of '{}'",
                            entity_name(returns_[0]), r.name);
      auto& d = diags_.Error(
          DiagId::kFollowsUnrelated, f.range,
          fmt::format("{} follows relationship '{}' but {}; return '{}', whose "
                      "link attributes reference '{}'",
                      what_, r.name, why, entity_name(holder),
                      r.through ? fmt::format("{}' and '{}", entity_name(r.from), entity_name(r.to))
                                : entity_name(r.from)));
      Diagnostics::Note(d, declared, fmt::format("relationship '{}' is declared here", r.name));
      ok_ = false;
      return;
    }
    out.follows = rel;
    const Entity& held = model_.entities[static_cast<std::size_t>(holder)];
    // The link groups: the entity referenced and the holder's attributes referencing it.
    std::vector<std::pair<EntityId, const std::vector<AttrId>*>> links{{r.from, &r.link}};
    if (r.through) links.push_back({r.to, &r.link_to});
    bool renamed = false;
    std::vector<std::string> attributes;
    for (const Name& n : decl_.params) {
      // Every attribute of the holder `n` can stand for, with how it got there.
      std::vector<std::pair<std::string, std::string>> meanings;  // attribute, how
      auto add = [&](const std::string& attribute, std::string how) {
        for (const auto& m : meanings) {
          if (m.first == attribute) return;
        }
        meanings.emplace_back(attribute, std::move(how));
      };
      if (held.FindAttribute(n.text) >= 0) add(n.text, fmt::format("'{}.{}'", held.name, n.text));
      std::vector<std::string> referenced;   // "'Person' by handle" for the message
      std::vector<std::string> identifiers;  // every referenced identifier attribute
      std::string other_has;                 // a referenced entity having `n` otherwise
      for (const auto& [target, link] : links) {
        const Entity& te = model_.entities[static_cast<std::size_t>(target)];
        std::vector<std::string> ids;
        for (std::size_t k = 0; k < te.identifier.size() && k < link->size(); ++k) {
          const std::string& id_name =
              te.attributes[static_cast<std::size_t>(te.identifier[k])].name;
          ids.push_back(id_name);
          identifiers.push_back(fmt::format("'{}'", id_name));
          if (id_name != n.text) continue;
          const std::string& via = held.attributes[static_cast<std::size_t>((*link)[k])].name;
          add(via, fmt::format("'{}.{}' (referencing '{}.{}')", held.name, via, te.name, id_name));
        }
        referenced.push_back(fmt::format("'{}' by {}", te.name, JoinComma(ids)));
        if (other_has.empty() && te.FindAttribute(n.text) >= 0) other_has = te.name;
      }
      if (meanings.empty()) {
        std::string why = other_has.empty()
                              ? fmt::format(
                                    "which neither entity '{}' nor an entity the link of '{}' "
                                    "references has (it references {})",
                                    held.name, r.name, JoinComma(referenced))
                              : fmt::format(
                                    "which entity '{}' does not have; '{}' has it, but the link of "
                                    "'{}' references {} only",
                                    held.name, other_has, r.name, JoinComma(referenced));
        auto& d = diags_.Error(DiagId::kFollowsUnknownParameter, n.range,
                               fmt::format("{} reads by '{}', {}; name an attribute of '{}' or {}",
                                           what_, n.text, why, held.name, JoinOr(identifiers)));
        Diagnostics::Note(d, declared, fmt::format("relationship '{}' is declared here", r.name));
        ok_ = false;
        continue;
      }
      if (meanings.size() > 1) {
        std::vector<std::string> hows, links_named;
        for (const auto& m : meanings) {
          hows.push_back(m.second);
          links_named.push_back(fmt::format("'{}'", m.first));
        }
        auto& d = diags_.Error(
            DiagId::kFollowsAmbiguousParameter, n.range,
            fmt::format("{} reads by '{}', which through '{}' could mean {}; name the attribute "
                        "of '{}' itself: {}",
                        what_, n.text, r.name, JoinOr(hows), held.name, JoinOr(links_named)));
        Diagnostics::Note(d, declared, fmt::format("relationship '{}' is declared here", r.name));
        ok_ = false;
        continue;
      }
      attributes.push_back(meanings[0].first);
      if (meanings[0].first != n.text) renamed = true;
    }
    if (!ok_) return;
    for (std::size_t i = 0; i < attributes.size(); ++i) {
      params_[i].text = attributes[i];
      out.params[i] = attributes[i];
    }
    if (renamed) {
      out.param_names.clear();
      for (const Name& n : decl_.params) out.param_names.push_back(n.text);
    }
    if (other_side) ResolveOtherSide(out, r, held, declared);
  }

  // A parent read with its children through a polymorphic association (`returns: [Issue,
  // Comment]`, `by: [repoId, issueNumber]`): the pattern returns a parent of the association and
  // its `to`, `by` names the parent's identifier, which on the children stands for the link, and
  // the children are those whose kind holds the parent's name. Sets out.follows to the
  // association's expansion from the parent (AccessPattern::follows). `named`: the association
  // `follows` names, or nullptr to look among all. False when the pattern is no such read (the
  // caller goes on as before); true when it is, errors reported.
  bool ResolveFamily(AccessPattern& out, const std::string* named) {
    if (returns_.size() != 2) return false;
    std::vector<int> found;
    std::vector<std::string> names;
    for (std::size_t i = 0; i < model_.relationships.size(); ++i) {
      const Relationship& r = model_.relationships[i];
      if (!r.Polymorphic() || (named && r.name != *named)) continue;
      bool pair = (r.from == returns_[0] && r.to == returns_[1]) ||
                  (r.from == returns_[1] && r.to == returns_[0]);
      if (!pair) continue;
      found.push_back(static_cast<int>(i));
      if (std::find(names.begin(), names.end(), r.name) == names.end()) names.push_back(r.name);
    }
    if (found.empty()) return false;
    // Without `follows`, a `by` every returned entity has is the ordinary read (both entities'
    // items by those attributes); one only the parent has names the parent.
    bool common = std::all_of(decl_.params.begin(), decl_.params.end(), [&](const Name& n) {
      return std::all_of(returns_.begin(), returns_.end(), [&](EntityId e) {
        return model_.entities[static_cast<std::size_t>(e)].FindAttribute(n.text) >= 0;
      });
    });
    if (!named && common) return false;
    family_ = true;
    const Relationship& r = model_.relationships[static_cast<std::size_t>(found[0])];
    const Entity& parent = model_.entities[static_cast<std::size_t>(r.from)];
    const Entity& child = model_.entities[static_cast<std::size_t>(r.to)];
    if (names.size() > 1) {
      std::vector<std::string> quoted = Quote(names);
      diags_.Error(
          DiagId::kFamilyByParent, decl_.returns_range,
          fmt::format("{} returns '{}' with its '{}' children, which polymorphic relationships {} "
                      "all lead to; name the one it reads with 'follows'",
                      what_, parent.name, child.name, JoinComma(quoted)));
      ok_ = false;
      return true;
    }
    SourceRange declared = r.range;
    for (const RelationshipDecl& d : relationship_decls_) {
      if (d.relationship.name == r.name) declared = d.name_range;
    }
    std::vector<std::string> id;
    for (AttrId a : parent.identifier)
      id.push_back(parent.attributes[static_cast<std::size_t>(a)].name);
    std::vector<std::string> reference{child.attributes[static_cast<std::size_t>(r.kind)].name};
    for (AttrId a : r.link) reference.push_back(child.attributes[static_cast<std::size_t>(a)].name);
    std::string what_it_is = fmt::format(
        "{} returns '{}' with its '{}' children (polymorphic relationship '{}'), so it reads by "
        "the identifier of '{}' ([{}]), which the children's [{}] reference",
        what_, parent.name, child.name, r.name, parent.name, fmt::join(id, ", "),
        fmt::join(reference, ", "));
    std::vector<std::string> named_ids;
    for (const Name& n : decl_.params) {
      if (std::find(id.begin(), id.end(), n.text) != id.end()) {
        named_ids.push_back(n.text);
        continue;
      }
      auto& d = diags_.Error(DiagId::kFamilyByParent, n.range,
                             fmt::format("{}; '{}' is not part of it", what_it_is, n.text));
      Diagnostics::Note(d, declared, fmt::format("relationship '{}' is declared here", r.name));
      ok_ = false;
    }
    if (ok_ && !SameNames(named_ids, id)) {
      std::vector<std::string> missing;
      for (const std::string& a : id) {
        if (std::find(named_ids.begin(), named_ids.end(), a) == named_ids.end())
          missing.push_back(a);
      }
      auto& d =
          diags_.Error(DiagId::kFamilyByParent,
                       decl_.params.empty() ? decl_.returns_range : decl_.params.back().range,
                       fmt::format("{}; add {} to 'by'", what_it_is, JoinComma(Quote(missing))));
      Diagnostics::Note(d, declared, fmt::format("relationship '{}' is declared here", r.name));
      ok_ = false;
    }
    // One Query on the parent's item collection reads the parent and all its children: what
    // would select or order among them is not derived for such a read.
    auto refuse = [&](SourceRange at, std::string_view key) {
      diags_.Error(DiagId::kFamilyUnsupported, at,
                   fmt::format("{} reads '{}' with all its '{}' children through polymorphic "
                               "relationship '{}' (one Query on the parent's item collection), "
                               "which takes no '{}'; remove it, or read the '{}' children alone "
                               "by [{}]",
                               what_, parent.name, child.name, r.name, key, child.name,
                               fmt::join(reference, ", ")));
      ok_ = false;
    };
    if (p_.range_condition) refuse(p_.range_condition->range, "range");
    if (p_.sort) refuse(p_.sort->range, "sort");
    if (!p_.filters.empty()) refuse(p_.filters[0].range, "filter");
    if (p_.aggregate) refuse(p_.aggregate->range, "aggregate");
    if (p_.limit) refuse(decl_.limit_range, "limit");
    if (p_.current_only) refuse(decl_.current_only_range, "current_only");
    if (p_.pinned_index) refuse(decl_.index_range, "index");
    if (p_.shards) refuse(decl_.shards_range, "shards");
    out.follows = found[0];
    return true;
  }

  static bool SameNames(std::vector<std::string> a, std::vector<std::string> b) {
    std::sort(a.begin(), a.end());
    std::sort(b.begin(), b.end());
    a.erase(std::unique(a.begin(), a.end()), a.end());
    return a == b;
  }

  // A read returning the relationship's other side (AccessPattern::other_side): which link of
  // the holder `held` leads to the returned entity (the side whose link `by` does not name; in
  // a User-User M:N the parameters decide), and nothing the two steps cannot do.
  void ResolveOtherSide(AccessPattern& out, const Relationship& r, const Entity& held,
                        SourceRange declared) {
    auto names_of = [&](const std::vector<AttrId>& link) {
      std::vector<std::string> v;
      for (AttrId a : link) v.push_back(held.attributes[static_cast<std::size_t>(a)].name);
      return v;
    };
    auto in_by = [&](const std::vector<AttrId>& link) {
      std::vector<std::string> named;
      for (const std::string& a : names_of(link)) {
        if (std::find(out.params.begin(), out.params.end(), a) != out.params.end())
          named.push_back(a);
      }
      return named;
    };
    const std::string& target = model_.entities[static_cast<std::size_t>(returns_[0])].name;
    std::vector<const std::vector<AttrId>*> sides;  // the links leading to the returned entity
    if (r.from == returns_[0]) sides.push_back(&r.link);
    if (r.through && r.to == returns_[0]) sides.push_back(&r.link_to);
    std::vector<const std::vector<AttrId>*> open;  // those `by` does not name
    std::vector<std::string> named;
    for (const auto* link : sides) {
      std::vector<std::string> n = in_by(*link);
      if (n.empty()) {
        open.push_back(link);
      } else {
        named.insert(named.end(), n.begin(), n.end());
      }
    }
    if (open.empty()) {
      auto& d = diags_.Error(
          DiagId::kFollowsOtherSideByLink, decl_.follows->range,
          fmt::format("{} returns '{}' through '{}' but reads by {}, the link to '{}' itself; "
                      "read '{}' by its identifier, or read by the attributes of '{}' that "
                      "lead to it",
                      what_, target, r.name, JoinComma(Quote(named)), target, target, held.name));
      Diagnostics::Note(d, declared, fmt::format("relationship '{}' is declared here", r.name));
      ok_ = false;
      return;
    }
    if (open.size() > 1) {
      auto& d = diags_.Error(
          DiagId::kFollowsOtherSideAmbiguous, decl_.follows->range,
          fmt::format("{} returns '{}' through '{}', which links '{}' twice ({} and {}); put "
                      "the attributes of one link in 'by', and the read returns the '{}' the "
                      "other links to",
                      what_, target, r.name, held.name, JoinComma(Quote(names_of(r.link))),
                      JoinComma(Quote(names_of(r.link_to))), target));
      Diagnostics::Note(d, declared, fmt::format("relationship '{}' is declared here", r.name));
      ok_ = false;
      return;
    }
    // What a first step of holder items by equality, then one item per link, cannot honour.
    auto refuse = [&](SourceRange at, std::string_view key) {
      diags_.Error(
          DiagId::kFollowsOtherSideUnsupported, at,
          fmt::format("{} returns '{}', the other side of '{}', which takes no '{}': it reads "
                      "the '{}' items by 'by', then the '{}' each links to; remove '{}', or "
                      "return '{}'",
                      what_, target, r.name, key, held.name, target, key, held.name));
      ok_ = false;
    };
    if (p_.range_condition) refuse(p_.range_condition->range, "range");
    if (p_.aggregate) refuse(p_.aggregate->range, "aggregate");
    if (p_.current_only) refuse(decl_.current_only_range, "current_only");
    // `sort` and `filter` apply to the first step: the holder's items, sorted in their key (or
    // in the client) and filtered before the second step reads what they link to. So they name
    // attributes of the holder, a copy (`copy:`) included; one only the returned entity has
    // would need the second step's items, which BatchGetItem returns in no order.
    auto on_holder = [&](const std::string& attribute, SourceRange at, std::string_view verb,
                         std::string_view imperative) {
      if (held.FindAttribute(attribute) >= 0) return;
      bool target_has =
          model_.entities[static_cast<std::size_t>(returns_[0])].FindAttribute(attribute) >= 0;
      diags_.Error(
          DiagId::kFollowsOtherSideUnsupported, at,
          fmt::format("{} returns '{}', the other side of '{}', and {} '{}', which '{}' {}: the "
                      "read sorts and filters the '{}' items it reads first, before it reads "
                      "the '{}' each links to (BatchGetItem returns them in no order); {} an "
                      "attribute of '{}', or declare '{}' on '{}' as a copy ('copy:') that "
                      "writes keep in step",
                      what_, target, r.name, verb, attribute, held.name,
                      target_has ? fmt::format("does not have ('{}' does)", target)
                                 : std::string("does not have"),
                      held.name, target, imperative, held.name, attribute, held.name));
      ok_ = false;
    };
    if (p_.sort) on_holder(p_.sort->attribute, p_.sort->range, "sorts by", "sort by");
    for (const FixedFilter& f : p_.filters)
      on_holder(f.attribute, f.range, "filters on", "filter on");
    if (!ok_) return;
    out.other_side = AccessPattern::OtherSide{r.through.value_or(r.to), *open[0]};
    holder_ = r.through.value_or(r.to);
  }

  static std::vector<std::string> Quote(const std::vector<std::string>& v) {
    std::vector<std::string> out;
    for (const std::string& s : v) out.push_back(fmt::format("'{}'", s));
    return out;
  }

  void CheckAttributes() {
    for (std::size_t i = 0; i < params_.size(); ++i) {
      const Name& n = params_[i];
      for (std::size_t j = 0; j < i; ++j) {
        if (params_[j].text == n.text) {
          const std::string& first = decl_.params[j].text;
          diags_.Error(DiagId::kParameterRepeats, n.range,
                       first == decl_.params[i].text
                           ? fmt::format("{} names '{}' twice in 'by'; list each parameter once",
                                         what_, n.text)
                           : fmt::format("{} names '{}' in 'by' twice: as '{}' and as '{}'; list "
                                         "each parameter once",
                                         what_, n.text, first, decl_.params[i].text));
          ok_ = false;
        }
      }
      // A read of the other side reads by the holder's attributes (ResolveFollows checked them),
      // a parent with its polymorphic children by the parent's identifier (ResolveFamily).
      if (!other_side_ && !family_) Require(n, "reads by", DiagId::kUnknownParameter);
    }
    for (const Name& n : decl_.projection) Require(n, "projects", DiagId::kUnknownParameter);
  }

  // The polymorphic relationship whose kind is `attribute` of a returned entity, or nullptr.
  const Relationship* PolymorphicKind(const std::string& attribute) const {
    for (const Relationship& r : model_.relationships) {
      if (!r.Polymorphic() || std::find(returns_.begin(), returns_.end(), r.to) == returns_.end())
        continue;
      const Entity& child = model_.entities[static_cast<std::size_t>(r.to)];
      if (child.attributes[static_cast<std::size_t>(r.kind)].name == attribute) return &r;
    }
    return nullptr;
  }

  // A range or sort on a polymorphic kind: its keys hold each parent's label (keys::LabelText,
  // BZ for "BZ", BA for "Ba"), whose order is not the order of the entity names it holds (BZ
  // before Ba, byte by byte), so neither the database nor the oracle could give one answer.
  bool RefuseKindOrder(const std::string& attribute, SourceRange range, const char* verb) {
    const Relationship* r = PolymorphicKind(attribute);
    if (!r) return false;
    std::vector<std::string> names;
    for (EntityId p : r->parents) {
      names.push_back(model_.entities[static_cast<std::size_t>(p)].name);
    }
    auto& d = diags_.Error(
        DiagId::kKindOrder, range,
        fmt::format("{} {} '{}', the kind of polymorphic relationship '{}': keys hold it as the "
                    "parent's label (the UPPER_SNAKE of {}), which does not sort as the entity "
                    "names do; read by '{}' with 'by', or {} another attribute",
                    what_, verb, attribute, r->name, fmt::join(names, ", "), attribute,
                    std::string(verb) == "sorts by" ? "sort by" : "put the range on"));
    Diagnostics::Note(d, r->range, fmt::format("relationship '{}' is declared here", r->name));
    ok_ = false;
    return true;
  }

  void CheckRange() {
    if (!p_.range_condition) return;
    const RangeCondition& rc = *p_.range_condition;
    Name name{rc.attribute, rc.range};
    const Attribute* attr = Require(name, "has a range on", DiagId::kUnknownParameter);
    if (!attr) return;
    if (RefuseKindOrder(rc.attribute, rc.range, "has a range on")) return;
    if (!IsSortable(attr->type)) {
      diags_.Error(DiagId::kRangeNotComparable, rc.range,
                   fmt::format("{} has a range on '{}', {}, which DynamoDB cannot compare in a "
                               "key condition; use a string, number, date or timestamp attribute",
                               what_, rc.attribute, AttrTypeWithArticle(attr->type)));
      ok_ = false;
      return;
    }
    if (std::any_of(params_.begin(), params_.end(),
                    [&](const Name& n) { return n.text == rc.attribute; })) {
      diags_.Error(DiagId::kRangeAlsoParameter, rc.range,
                   fmt::format("{} has '{}' both in 'by' and in 'range'; an attribute is either "
                               "an equality parameter or a range, so remove one",
                               what_, rc.attribute));
      ok_ = false;
      return;
    }
    if (rc.op == RangeOp::kBeginsWith && attr->type == AttrType::kBinary) {
      // DynamoDB takes begins_with on a binary key (Query KeyConditionExpression,
      // https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Query.KeyConditionExpressions.html),
      // but the model's key conditions and parameters render a bound as text.
      diags_.Error(DiagId::kBeginsWithNotString, rc.range,
                   fmt::format("{} uses begins_with on '{}', a binary attribute; the model "
                               "renders begins_with bounds as text, so use between, <, <=, > or "
                               ">=, or a string attribute",
                               what_, rc.attribute));
      ok_ = false;
    } else if (rc.op == RangeOp::kBeginsWith && !IsStringLike(attr->type)) {
      diags_.Error(DiagId::kBeginsWithNotString, rc.range,
                   fmt::format("{} uses begins_with on '{}', {}; begins_with only works on "
                               "strings, so use between, <, <=, > or >=",
                               what_, rc.attribute, AttrTypeWithArticle(attr->type)));
      ok_ = false;
    }
  }

  // A parent read with its children sorted by an attribute only the children have: every
  // returned entity without `attribute` is the 1:1 or 1:N parent of every one with it (there
  // is at least one). The parent comes first, then its children in order (a Query of the item
  // collection with the parent's item at the end the sort starts from).
  const Attribute* ChildrenSortAttribute(const std::string& attribute) const {
    const Attribute* first = nullptr;
    std::vector<EntityId> parents, children;
    for (EntityId id : returns_) {
      const Entity& e = model_.entities[id];
      AttrId a = e.FindAttribute(attribute);
      if (a < 0) {
        parents.push_back(id);
      } else {
        children.push_back(id);
        if (!first) first = &e.attributes[static_cast<std::size_t>(a)];
      }
    }
    if (parents.empty() || children.empty()) return nullptr;
    for (EntityId parent : parents) {
      for (EntityId child : children) {
        bool related = std::any_of(
            model_.relationships.begin(), model_.relationships.end(), [&](const Relationship& r) {
              return r.cardinality != Cardinality::kManyToMany && r.from == parent && r.to == child;
            });
        if (!related) return nullptr;
      }
    }
    return first;
  }

  void CheckSort() {
    if (!p_.sort) return;
    const SortOrder& s = *p_.sort;
    const Attribute* attr = ChildrenSortAttribute(s.attribute);
    if (!attr && returns_.size() > 1) {
      // Some returned entities have the attribute: the others would have to be their parent.
      const Entity* lacking = nullptr;
      bool some_have = false;
      for (EntityId id : returns_) {
        const Entity& e = model_.entities[id];
        if (e.FindAttribute(s.attribute) >= 0) {
          some_have = true;
        } else if (!lacking) {
          lacking = &e;
        }
      }
      if (some_have && lacking) {
        auto& d = diags_.Error(
            DiagId::kUnknownParameter, s.range,
            fmt::format("{} sorts by '{}', which entity '{}' does not have, and '{}' is not the "
                        "1:1 or 1:N parent of every returned entity that has it; relate them "
                        "(a relationship from '{}') or sort by an attribute they all have",
                        what_, s.attribute, lacking->name, lacking->name, lacking->name));
        Diagnostics::Note(d, lacking->range,
                          fmt::format("entity '{}' is declared here", lacking->name));
        ok_ = false;
        return;
      }
    }
    if (!attr)
      attr = RequireOn(OrderScope(), Name{s.attribute, s.range}, "sorts by",
                       DiagId::kUnknownParameter);
    if (!attr) return;
    if (RefuseKindOrder(s.attribute, s.range, "sorts by")) return;
    if (!IsSortable(attr->type)) {
      diags_.Error(DiagId::kSortNotSortable, s.range,
                   fmt::format("{} sorts by '{}', {}, which cannot be a sort key; sort by a "
                               "string, number, date or timestamp attribute",
                               what_, s.attribute, AttrTypeWithArticle(attr->type)));
      ok_ = false;
      return;
    }
    if (p_.range_condition && p_.range_condition->attribute != s.attribute) {
      diags_.Error(DiagId::kSortNotRange, s.range,
                   fmt::format("{} sorts by '{}' but has its range on '{}'; a query returns "
                               "items in the order of the attribute it ranges on, so sort by "
                               "'{}' or drop one",
                               what_, s.attribute, p_.range_condition->attribute,
                               p_.range_condition->attribute));
      ok_ = false;
      return;
    }
    if (std::any_of(params_.begin(), params_.end(),
                    [&](const Name& n) { return n.text == s.attribute; })) {
      diags_.Error(DiagId::kSortNotRange, s.range,
                   fmt::format("{} sorts by '{}', which is also in 'by', so every result has "
                               "the same '{}'; sort by another attribute or drop 'sort'",
                               what_, s.attribute, s.attribute));
      ok_ = false;
    }
  }

  void CheckFilters() {
    for (const FixedFilter& f : p_.filters) {
      const Attribute* attr = RequireOn(OrderScope(), Name{f.attribute, f.range}, "filters on",
                                        DiagId::kUnknownFilterAttribute);
      if (!attr) continue;
      // `exists` / `not_exists` test presence (model/filter_presence.h): an optional attribute
      // only, since a required one is on every item (the test would always or never hold).
      if (IsPresenceTest(f.value)) {
        if (attr->required) {
          auto& d = diags_.Error(
              DiagId::kBadFilterValue, f.range,
              fmt::format("{} filters '{}' on '{}', but it is required, so every item has it and "
                          "the filter would {}; presence filters apply to optional attributes",
                          what_, f.attribute, f.value,
                          TestOf(f.value) == FilterTest::kExists ? "keep them all" : "keep none"));
          Diagnostics::Note(d, attr->range, fmt::format("'{}' is declared here", attr->name));
          ok_ = false;
        }
        continue;
      }
      std::string problem = FilterValueProblem(*attr, f.value);
      if (const Relationship* r = PolymorphicKind(f.attribute); r && problem.empty()) {
        problem = KindValueProblem(model_, *r, f.value);
      }
      if (problem.empty()) continue;
      auto& d = diags_.Error(
          DiagId::kBadFilterValue, f.range,
          fmt::format("{} filters '{}' on {}, {}", what_, f.attribute, Quoted(f.value), problem));
      Diagnostics::Note(d, attr->range, fmt::format("'{}' is declared here", attr->name));
      ok_ = false;
    }
  }

  void CheckAggregate() {
    if (!p_.aggregate || p_.aggregate->kind != AggregateKind::kSum) return;
    const Aggregate& a = *p_.aggregate;
    const Attribute* attr = Require(Name{a.attribute, a.range}, "sums", DiagId::kUnknownParameter);
    if (!attr || IsNumeric(attr->type)) return;
    diags_.Error(DiagId::kSumNotNumeric, a.range,
                 fmt::format("{} sums '{}', {}; only number and integer attributes can be "
                             "summed",
                             what_, a.attribute, AttrTypeWithArticle(attr->type)));
    ok_ = false;
  }

  void CheckPinned() {
    if (p_.current_only) {
      for (EntityId id : returns_) {
        const Entity& e = model_.entities[id];
        if (e.versioned) continue;
        auto& d = diags_.Error(DiagId::kCurrentOnlyUnversioned, decl_.current_only_range,
                               fmt::format("{} asks for current_only, but entity '{}' is not "
                                           "versioned; add 'versioned: true' to '{}' or remove "
                                           "'current_only'",
                                           what_, e.name, e.name));
        Diagnostics::Note(d, e.range, fmt::format("entity '{}' is declared here", e.name));
        ok_ = false;
      }
    }
    if (p_.pinned_index && *p_.pinned_index != "table") CheckIndexName(*p_.pinned_index);
    if (p_.shards && !p_.params.empty() && !decl_.has_shard_reason) {
      diags_.Error(DiagId::kNeedlessShards, decl_.shards_range,
                   fmt::format("{} pins 'shards: {}' but reads by {}, which already spreads the "
                               "load over many keys; remove 'shards', or explain the hot key "
                               "with 'shard_reason: ...'",
                               what_, *p_.shards, JoinComma(p_.params)));
      ok_ = false;
    }
    if (p_.hot_share && p_.params.empty()) {
      diags_.Error(DiagId::kBadHotPartition, p_.hot_range,
                   fmt::format("{} declares a hot partition, but it reads by no parameter: its "
                               "key is one partition, which takes every request already; remove "
                               "'hot' (the design sizes the shards of such a key from the rates)",
                               what_));
      ok_ = false;
    }
  }

  // Values attribute `name` of `e` takes, when the model says (docs/model-format.md "Distinct
  // values"): the entity's count for its identifier or a unique attribute, the parent's count for
  // a relationship's link, an enum's values, two for a boolean, a declared `distinct` (at most
  // the count); nullopt for any other attribute.
  std::optional<double> DeclaredDistinct(EntityId id, const std::string& name) const {
    const Entity& e = model_.entities[static_cast<std::size_t>(id)];
    const double count = static_cast<double>(std::max<std::int64_t>(e.count, 1));
    AttrId a = e.FindAttribute(name);
    if (a < 0) return std::nullopt;
    const Attribute& attr = e.attributes[static_cast<std::size_t>(a)];
    if (attr.unique || (e.identifier.size() == 1 && e.identifier[0] == a)) return count;
    if (attr.type == AttrType::kEnum && !attr.enum_values.empty())
      return static_cast<double>(attr.enum_values.size());
    if (attr.type == AttrType::kBoolean) return 2.0;
    if (attr.distinct > 0) return std::min(static_cast<double>(attr.distinct), count);
    for (const Relationship& r : model_.relationships) {
      EntityId holder = r.cardinality == Cardinality::kManyToMany ? r.through.value_or(-1) : r.to;
      if (holder != id || r.Polymorphic() || r.from < 0) continue;
      if (r.link.size() == 1 && r.link[0] == a)
        return std::min(count, static_cast<double>(std::max<std::int64_t>(
                                   model_.entities[static_cast<std::size_t>(r.from)].count, 1)));
    }
    return std::nullopt;
  }

  // A hot partition's share is the busiest value's, which takes at least the even share 1/N of
  // N values: a share below it says the value is less busy than average (E241). Only when the
  // model says how many values every parameter takes (DeclaredDistinct); N is their product, at
  // most the entity's count.
  void CheckHotShare(const AccessPattern& out) {
    if (!out.hot_share || out.params.empty()) return;
    std::vector<EntityId> scope = OrderScope();
    if (scope.empty()) return;
    const Entity& e = model_.entities[static_cast<std::size_t>(scope[0])];
    double values = 1;
    for (const std::string& param : out.params) {
      std::optional<double> n = DeclaredDistinct(scope[0], param);
      if (!n) return;
      values *= *n;
    }
    values = std::min(values, static_cast<double>(std::max<std::int64_t>(e.count, 1)));
    if (*out.hot_share >= 1.0 / values - 1e-12) return;
    std::vector<std::string> by;
    for (std::size_t i = 0; i < out.params.size(); ++i) by.push_back(out.ParamName(i));
    Diagnostic& d = diags_.Error(
        DiagId::kBadHotPartition, out.hot_range,
        fmt::format("{} declares its busiest {} takes {:g} of the calls, less than the {:g} "
                    "(1/{:.0f}) each of its {:.0f} values takes when the calls spread evenly: the "
                    "busiest value takes at least that",
                    what_, JoinComma(by), *out.hot_share, 1.0 / values, values, values));
    Diagnostics::Note(d, out.hot_range,
                      fmt::format("write the busiest value's real share (at least {:g}), or "
                                  "remove 'hot': without it the design assumes the even spread",
                                  1.0 / values));
    ok_ = false;
  }

  void CheckIndexName(const std::string& index) {
    const Table& t = model_.table;
    std::string_view prefix = t.index_prefix;
    std::string_view rest = index;
    bool named = rest.size() > prefix.size() && rest.substr(0, prefix.size()) == prefix &&
                 Digits(rest.substr(prefix.size())) && rest[prefix.size()] != '0' &&
                 rest.size() - prefix.size() <= 2;
    int n = named ? std::stoi(std::string(rest.substr(prefix.size()))) : 0;
    if (!named || n > kMaxGsis) {
      diags_.Error(DiagId::kBadIndexPin, decl_.index_range,
                   fmt::format("{} pins the index {}, which is not an index name; write 'table' "
                               "or {}1 to {}{}",
                               what_, Quoted(index), t.index_prefix, t.index_prefix, kMaxGsis));
      ok_ = false;
      return;
    }
    if (t.max_gsis && n > *t.max_gsis) {
      auto& d =
          diags_.Error(DiagId::kPinnedIndexUnavailable, decl_.index_range,
                       fmt::format("{} pins index '{}', but the table allows at most {} "
                                   "GSI{}; pin {} or raise 'max_gsis'",
                                   what_, index, *t.max_gsis, *t.max_gsis == 1 ? "" : "s",
                                   *t.max_gsis == 1 ? fmt::format("{}1", t.index_prefix)
                                                    : fmt::format("{}1 to {}{}", t.index_prefix,
                                                                  t.index_prefix, *t.max_gsis)));
      Diagnostics::Note(d, max_gsis_range_, "max_gsis is set here");
      ok_ = false;
    }
  }

 private:
  SourceRange max_gsis_range_;
  const std::vector<RelationshipDecl>& relationship_decls_;
  const AccessPatternDecl& decl_;
  const AccessPattern& p_;
  const Model& model_;
  Diagnostics& diags_;
  std::string what_;
  std::vector<EntityId> returns_;
  // `by`: the names as written, each turned into the attribute it stands for by ResolveFollows.
  std::vector<Name> params_;
  bool other_side_ = false;  // AccessPattern::other_side
  EntityId holder_ = -1;     // its holder, when other_side_
  bool family_ = false;      // a parent with its polymorphic children (ResolveFamily)
  bool ok_ = true;
};

// A write pattern's `condition:` clauses (model.h WriteCondition): each on a non-identifier
// attribute of the entity (E426, E428), with an operator its type can compare (E428) and a
// literal that fits it (E429); a create's clauses only not_exists (E430), since a create's item
// does not exist before the write. False when one is wrong (each reported).
}  // namespace

bool CheckConditions(const Model& model, const std::vector<WriteCondition>& conditions,
                     const std::vector<SourceRange>& value_ranges, WriteKind kind, const Entity& e,
                     const std::string& what, std::vector<std::string>& parameters,
                     Diagnostics& diags) {
  bool ok = true;
  for (std::size_t i = 0; i < conditions.size(); ++i) {
    const WriteCondition& c = conditions[i];
    const SourceRange& value_range = value_ranges[i];
    AttrId a =
        ResolveAttribute(e, Name{c.attribute, c.range}, fmt::format("{} has a condition on", what),
                         DiagId::kUnknownConditionAttribute, diags);
    if (a < 0) {
      ok = false;
      continue;
    }
    const Attribute& attr = e.attributes[static_cast<std::size_t>(a)];
    const bool presence = c.op == ConditionOp::kExists || c.op == ConditionOp::kNotExists;
    if (kind == WriteKind::kCreate && c.op != ConditionOp::kNotExists) {
      diags.Error(DiagId::kConditionOnCreate, value_range,
                  fmt::format("{} creates '{}', whose item does not exist before the write, so "
                              "'{}' could never hold; a create's condition can only be "
                              "not_exists (the create already fails when the item exists)",
                              what, e.name, c.Text()));
      ok = false;
      continue;
    }
    if (std::find(e.identifier.begin(), e.identifier.end(), a) != e.identifier.end()) {
      diags.Error(DiagId::kConditionOperatorMismatch, c.range,
                  fmt::format("{} has a condition on '{}', part of the identifier of '{}': the "
                              "write names the item by it, so it always holds; remove it",
                              what, c.attribute, e.name));
      ok = false;
      continue;
    }
    if (presence) {
      // (On a create the stored item is absent, so not_exists holds whatever the attribute.)
      if (attr.required && kind != WriteKind::kCreate) {
        diags.Error(DiagId::kConditionOperatorMismatch, value_range,
                    fmt::format("{} has '{}' on '{}', a required attribute that every item has, "
                                "so it {}; use it on an optional attribute",
                                what, ConditionOpName(c.op), c.attribute,
                                c.op == ConditionOp::kExists ? "always holds" : "never holds"));
        ok = false;
      }
      continue;
    }
    const bool equality = c.op == ConditionOp::kEq || c.op == ConditionOp::kNe;
    bool comparable = false;
    switch (attr.type) {
      case AttrType::kString:
      case AttrType::kNumber:
      case AttrType::kInteger:
      case AttrType::kTimestamp:
      case AttrType::kDate:
        comparable = true;
        break;
      case AttrType::kEnum:
      case AttrType::kBoolean:
        comparable = equality;
        break;
      default:
        comparable = false;
        break;
    }
    if (!comparable) {
      diags.Error(DiagId::kConditionOperatorMismatch, value_range,
                  fmt::format("{} compares '{}' with '{}', but it is {}, which {}", what,
                              c.attribute, ConditionOpName(c.op), AttrTypeWithArticle(attr.type),
                              attr.type == AttrType::kEnum || attr.type == AttrType::kBoolean
                                  ? "has no order: use = or <>"
                                  : "a condition can only test with exists or not_exists"));
      ok = false;
      continue;
    }
    if (!c.parameter.empty()) {
      if (std::find(parameters.begin(), parameters.end(), c.parameter) != parameters.end()) {
        diags.Error(DiagId::kMalformedCondition, value_range,
                    fmt::format("{} uses the parameter ':{}' twice; give each comparison a "
                                "parameter of its own",
                                what, c.parameter));
        ok = false;
      }
      parameters.push_back(c.parameter);
      continue;
    }
    std::string problem = FilterValueProblem(attr, c.value);
    // The kind of a polymorphic association holds one parent's entity name.
    for (const Relationship& r : model.relationships) {
      if (!problem.empty()) break;
      if (r.Polymorphic() && &model.entities[static_cast<std::size_t>(r.to)] == &e && r.kind == a)
        problem = KindValueProblem(model, r, c.value);
    }
    if (!problem.empty()) {
      diags.Error(
          DiagId::kConditionValueMismatch, value_range,
          fmt::format("{} compares '{}' with '{}', {}", what, c.attribute, c.value, problem));
      ok = false;
    }
  }
  return ok;
}

bool CheckUpdateAttributes(const Entity& e, const std::vector<Name>& attributes,
                           const std::string& what, Diagnostics& diags) {
  bool ok = true;
  for (const Name& n : attributes) {
    AttrId a = ResolveAttribute(e, n, fmt::format("{} updates", what),
                                DiagId::kUnknownUpdateAttribute, diags);
    if (a < 0) {
      ok = false;
      continue;
    }
    if (std::find(e.identifier.begin(), e.identifier.end(), a) != e.identifier.end()) {
      diags.Warning(DiagId::kUpdateChangesIdentifier, n.range,
                    fmt::format("{} updates '{}', part of the identifier of '{}'; changing an "
                                "identifier makes a different item, so model it as a delete "
                                "and a create",
                                what, n.text, e.name));
    }
    if (n.text == e.version_attribute) {
      auto& d = diags.Error(
          DiagId::kUpdateSetsVersion, n.range,
          fmt::format("{} updates '{}', the version number of '{}', which the layout writes "
                      "itself (the next number on every change); remove it from 'attributes'",
                      what, n.text, e.name));
      Diagnostics::Note(d, e.version_range,
                        fmt::format("'{}' is the version number of '{}'", n.text, e.name));
      ok = false;
    }
    // A time-ordered value encodes its creation time: changing that time would leave the value
    // sorting where the old time did, so the order the key serves would be wrong.
    for (const Attribute& t : e.attributes) {
      if (t.created.empty() || (t.created != n.text && t.name != n.text)) continue;
      if (t.name == n.text) {
        auto& d = diags.Error(
            DiagId::kUpdateChangesCreated, n.range,
            fmt::format("{} updates '{}', a {} that encodes its creation time '{}'; a new value "
                        "would not match that time: a time-ordered value is made once, when "
                        "the item is created",
                        what, n.text, TimeOrderName(t.time_order), t.created));
        Diagnostics::Note(d, t.created_range,
                          fmt::format("'{}' is the creation time of '{}'", t.created, t.name));
        ok = false;
        continue;
      }
      auto& d = diags.Error(
          DiagId::kUpdateChangesCreated, n.range,
          fmt::format("{} updates '{}', the creation time that {} '{}' of '{}' encodes; the {} "
                      "would then sort by the old time: keep '{}' unchanged (it is when the "
                      "item was created)",
                      what, n.text, TimeOrderName(t.time_order), t.name, e.name,
                      TimeOrderName(t.time_order), n.text));
      Diagnostics::Note(d, t.created_range,
                        fmt::format("'{}' is the creation time of '{}'", n.text, t.name));
      ok = false;
    }
  }
  // Presence: an update changing a state changes whether the attributes present in it exist,
  // and an update changing one attribute of a `together` group changes them all; listing them
  // makes the update set or remove them with it (the layout writes only what it lists).
  auto listed = [&](const std::string& name) {
    return std::any_of(attributes.begin(), attributes.end(),
                       [&](const Name& n) { return n.text == name; });
  };
  for (const Name& n : attributes) {
    if (!ok) break;
    for (const Attribute& dep : e.attributes) {
      if (!dep.present_when || dep.present_when->attribute != n.text || listed(dep.name)) continue;
      auto& d = diags.Error(
          DiagId::kUpdateSplitsPresence, n.range,
          fmt::format("{} updates '{}', which decides whether '{}' is present; list '{}' too, "
                      "so the update sets or removes it with the state",
                      what, n.text, dep.name, dep.name));
      Diagnostics::Note(d, dep.present_when->range,
                        fmt::format("'{}' is present only while this holds", dep.name));
      ok = false;
    }
    for (const TogetherGroup& g : e.together) {
      if (std::find(g.attributes.begin(), g.attributes.end(), n.text) == g.attributes.end())
        continue;
      for (const std::string& other : g.attributes) {
        if (listed(other)) continue;
        auto& d = diags.Error(
            DiagId::kUpdateSplitsPresence, n.range,
            fmt::format("{} updates '{}' but not '{}', which is present together with it; list "
                        "every attribute of the group, so they stay all present or all absent",
                        what, n.text, other));
        Diagnostics::Note(d, g.range, "the group");
        ok = false;
        break;
      }
    }
  }
  return ok;
}

void CheckAccessPatterns(const ModelDecl& decl, Model& model, Diagnostics& diags) {
  PatternNames names;
  for (const AccessPatternDecl& a : decl.access_patterns) {
    bool unique = CheckUniqueName(a.pattern.name, a.name_range, names, diags);
    PatternChecker checker(a, model, decl.max_gsis_range, decl.relationships, diags);
    auto p = checker.Check();
    if (p && unique) model.access_patterns.push_back(std::move(*p));
  }
}

void CheckWritePatterns(const ModelDecl& decl, Model& model, Diagnostics& diags) {
  PatternNames names;
  for (const AccessPatternDecl& a : decl.access_patterns)
    names.emplace(a.pattern.name, a.name_range);
  for (const WritePatternDecl& w : decl.write_patterns) {
    bool ok = CheckUniqueName(w.pattern.name, w.name_range, names, diags);
    std::string what = fmt::format("write pattern '{}'", w.pattern.name);
    EntityId id = ResolveEntity(model, w.entity,
                                fmt::format("'{}' of {}", WriteKindName(w.pattern.kind), what),
                                DiagId::kUnknownWriteEntity, diags);
    if (id < 0) continue;
    const Entity& e = model.entities[id];
    if (w.pattern.kind == WriteKind::kUpdate && w.attributes.empty()) {
      // Without the list an update would rewrite every attribute, the identifier included.
      std::string example;
      for (AttrId a = 0; a < static_cast<AttrId>(e.attributes.size()) && example.empty(); ++a) {
        if (std::find(e.identifier.begin(), e.identifier.end(), a) == e.identifier.end()) {
          example = e.attributes[static_cast<std::size_t>(a)].name;
        }
      }
      diags.Error(DiagId::kMissingKey, w.entity.range,
                  fmt::format("{} updates '{}' but lists no 'attributes'; name the attributes it "
                              "changes, e.g. 'attributes: [{}]' (to replace the whole item, model "
                              "a delete and a create)",
                              what, e.name, example.empty() ? "..." : example));
      continue;
    }
    if (!CheckUpdateAttributes(e, w.attributes, what, diags)) ok = false;
    std::vector<std::string> parameters;
    if (!CheckConditions(model, w.pattern.conditions, w.condition_value_ranges, w.pattern.kind, e,
                         what, parameters, diags))
      ok = false;
    std::vector<AlsoWrite> also = CheckAlso(w, model, id, parameters, diags);
    if (also.size() != w.also.size()) ok = false;
    if (!ok) continue;
    WritePattern p = w.pattern;
    p.entity = id;
    p.also = std::move(also);
    model.write_patterns.push_back(std::move(p));
  }
}

std::string KindValueProblem(const Model& model, const Relationship& r, const std::string& value) {
  std::vector<std::string> names;
  for (EntityId p : r.parents) {
    const std::string& name = model.entities[static_cast<std::size_t>(p)].name;
    if (name == value) return "";
    names.push_back(fmt::format("'{}'", name));
  }
  return fmt::format(
      "which is not the kind of any parent of polymorphic relationship '{}': the "
      "kind holds a parent's entity name, spelled exactly ({})",
      r.name, fmt::join(names, ", "));
}

std::string FilterValueProblem(const Attribute& attr, const std::string& value) {
  switch (attr.type) {
    case AttrType::kString:
    case AttrType::kBinary:
      return {};
    case AttrType::kEnum: {
      if (std::find(attr.enum_values.begin(), attr.enum_values.end(), value) !=
          attr.enum_values.end()) {
        return {};
      }
      std::string guess = ClosestMatch(value, attr.enum_values);
      return fmt::format(
          "which is not one of {}{}", JoinOr(attr.enum_values),
          guess.empty() ? std::string() : fmt::format("; did you mean '{}'?", guess));
    }
    case AttrType::kBoolean:
      return value == "true" || value == "false"
                 ? std::string()
                 : std::string("but it is a boolean: write true or false");
    case AttrType::kInteger: {
      if (IsWholeNumber(value)) return {};
      // Digits that ParseInt refuses: a whole number outside the 64-bit range integers hold.
      std::string_view digits = value;
      if (!digits.empty() && (digits[0] == '-' || digits[0] == '+')) digits.remove_prefix(1);
      const bool whole = !digits.empty() && std::all_of(digits.begin(), digits.end(), [](char ch) {
        return ch >= '0' && ch <= '9';
      });
      return whole ? std::string(
                         "but it is an integer, from -9223372036854775808 to "
                         "9223372036854775807: the value is out of range")
                   : std::string("but it is an integer: write a whole number");
    }
    case AttrType::kNumber:
      return IsDecimal(value) ? std::string() : std::string("but it is a number: write e.g. 12.5");
    case AttrType::kDate:
      if (IsDate(value)) return {};
      return HasDateForm(value) ? "but there is no such day: write a day of the calendar, e.g. "
                                  "2019-01-18"
                                : "but it is a date: write e.g. 2019-01-18";
    case AttrType::kTimestamp:
      if (IsTimestamp(value)) return {};
      return HasTimestampForm(value)
                 ? "but there is no such time: write a day of the calendar and a time from "
                   "00:00:00 to 23:59:59, e.g. 2019-01-18T09:30:00Z"
                 : "but it is a timestamp: write e.g. 2019-01-18T09:30:00Z";
    case AttrType::kList:
    case AttrType::kMap:
    case AttrType::kStringSet:
    case AttrType::kNumberSet:
      return fmt::format(
          "but it is {}, which a fixed filter cannot compare; filter on a "
          "scalar attribute",
          AttrTypeWithArticle(attr.type));
  }
  return {};
}

}  // namespace model::load
