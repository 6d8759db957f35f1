// Rule: table keys. Every entity gets a label and a main item; a child whose identifier contains
// its parent's identifier lives in the parent's partition (an item collection) when it is owned,
// when it is the associative entity of an M:N (the adjacency list), or when a pattern reads it by
// its parent; everything else gets a partition of its own. Pinned keys are used verbatim.
#include <fmt/format.h>

#include <algorithm>
#include <set>

#include "model/derive/internal.h"

namespace model::derive {

namespace {

std::vector<std::string> Names(const Entity& e, const std::vector<AttrId>& ids) {
  std::vector<std::string> out;
  for (AttrId id : ids) out.push_back(e.attributes[static_cast<std::size_t>(id)].name);
  return out;
}

bool SameSet(std::vector<std::string> a, std::vector<std::string> b) {
  std::sort(a.begin(), a.end());
  std::sort(b.begin(), b.end());
  return a == b;
}

// "'Issue' or 'PullRequest'", "'A', 'B' or 'C'".
std::string OneOf(const std::vector<std::string>& words) {
  std::string out;
  for (std::size_t i = 0; i < words.size(); ++i) {
    if (i > 0) out += i + 1 == words.size() ? " or " : ", ";
    out += words[i];
  }
  return out;
}

bool Contains(const std::vector<std::string>& v, const std::string& s) {
  return std::find(v.begin(), v.end(), s) != v.end();
}

// Patterns that read `child` by the parent link (optionally with a range), or read the parent and
// the child together by the parent's identifier.
// `returning` lists the ids of the patterns that return `child` (Placer::returning), so that
// placing every entity stays linear in the patterns.
std::vector<std::string> PatternsReadingByParent(const Context& c, EntityId child, EntityId parent,
                                                 const std::vector<std::string>& link,
                                                 const std::vector<int>& returning) {
  std::vector<std::string> out;
  for (int id : returning) {
    const AccessPattern& p = c.model.access_patterns[static_cast<std::size_t>(id)];
    bool returns_child = std::find(p.returns.begin(), p.returns.end(), child) != p.returns.end();
    if (!returns_child) continue;
    bool returns_parent = std::find(p.returns.begin(), p.returns.end(), parent) != p.returns.end();
    if (SameSet(p.params, link) || (returns_parent && p.returns.size() > 1)) out.push_back(p.name);
  }
  return out;
}

struct Placer {
  Context& c;
  std::vector<int> state;  // 0 unvisited, 1 in progress, 2 done
  // Per entity: the relationships whose link it holds (`to`, or `through` of an M:N), in
  // declaration order, and the patterns returning it; built once so that placing N entities
  // does not scan every relationship and pattern N times.
  std::vector<std::vector<int>> held;
  std::vector<std::vector<int>> returning;

  KeyTemplate OwnKey(EntityId e, const std::vector<std::string>& attrs) {
    TemplateBuilder b;
    b.Literal(c.labels[static_cast<std::size_t>(e)]);
    for (const auto& a : attrs) b.Sep().Attr(a, c.EncodingOf(e, a));
    return b.Build();
  }

  // The keys of `e`, the child of polymorphic relationship `rel`, in the one item collection its
  // parents share when they are nested themselves (issues and pull requests in their
  // repository's partition, `REPO#{repoId}`): each parent's partition key must render, through
  // the link, the same template from its identifier attributes, and each parent's sort key must
  // be its label followed by the rest of its identifier (`ISSUE#{issueNumber}`). The child's
  // partition key is then that template over its link attributes, and its sort key the kind (as
  // the parent's label), the link attributes the parent's sort key holds, the child's label and
  // the rest of its identifier: `ISSUE#{issueNumber}#REACTION#{reactionId}` sorts right after
  // its parent's item, so one Query reads a parent's children (`begins_with`) and the parent
  // with them. `link` is the kind, then the link attributes; `rest` the child's identifier
  // outside them. nullopt when the parents' keys have no such common shape.
  std::optional<std::pair<KeyTemplate, KeyTemplate>> SharedCollection(
      EntityId e, const Relationship& rel, const std::vector<std::string>& link,
      const std::vector<std::string>& rest) {
    std::optional<std::string> pk_text;
    std::optional<std::vector<std::string>> sk_links;
    KeyTemplate pk_template;
    for (EntityId parent : rel.parents) {
      const Placement& pp = c.placements[static_cast<std::size_t>(parent)];
      const Entity& pe = c.entity(parent);
      std::vector<std::string> parent_id = Names(pe, pe.identifier);
      if (parent_id.size() + 1 != link.size()) return std::nullopt;
      // The child's link attribute standing for `attr` of the parent's identifier, when its
      // key encoding is the parent's (an integer and a number are stored alike, keyed apart).
      auto mine = [&](const TemplatePart& part) -> std::optional<std::string> {
        auto it = std::find(parent_id.begin(), parent_id.end(), part.text);
        if (it == parent_id.end()) return std::nullopt;
        const std::string& a = link[static_cast<std::size_t>(it - parent_id.begin()) + 1];
        if (c.EncodingOf(e, a) != part.encoding) return std::nullopt;
        return a;
      };
      TemplateBuilder pk;
      std::vector<std::string> covered;
      for (const TemplatePart& part : pp.partition_key.parts) {
        if (!part.is_attribute) {
          pk.Literal(part.text);
          continue;
        }
        std::optional<std::string> a = mine(part);
        if (!a) return std::nullopt;
        pk.Attr(*a, part.encoding);
        covered.push_back(*a);
      }
      // The sort key: the parent's label, then `#{attr}` per remaining identifier attribute.
      std::vector<std::string> parent_sk = pp.sort_key.Attributes();
      if (pp.sort_key.ToString() != OwnKey(parent, parent_sk).ToString()) return std::nullopt;
      std::vector<std::string> in_sk;
      for (const TemplatePart& part : pp.sort_key.parts) {
        if (!part.is_attribute) continue;
        std::optional<std::string> a = mine(part);
        if (!a) return std::nullopt;
        in_sk.push_back(*a);
        covered.push_back(*a);
      }
      // Every identifier attribute once: the partition and sort keys name exactly one parent.
      std::vector<std::string> all(link.begin() + 1, link.end());
      if (!SameSet(covered, all)) return std::nullopt;
      KeyTemplate built = pk.Build();
      if (pk_text && (*pk_text != built.ToString() || *sk_links != in_sk)) return std::nullopt;
      pk_text = built.ToString();
      pk_template = built;
      sk_links = in_sk;
    }
    TemplateBuilder sk;
    sk.Attr(link.front(), Encoding::kLabel);
    for (const std::string& a : *sk_links) sk.Sep().Attr(a, c.EncodingOf(e, a));
    sk.Sep().Literal(c.labels[static_cast<std::size_t>(e)]);
    for (const std::string& a : rest) sk.Sep().Attr(a, c.EncodingOf(e, a));
    return std::make_pair(pk_template, sk.Build());
  }

  // Tries to nest `e`, the child of polymorphic relationship `r`, in the item collections of
  // all of its parents at once: its partition key `{kind}#{link}` (the kind as a label) renders
  // each parent's own partition, `ISSUE#{issueId}` for a kind "Issue", when every parent has a
  // partition of its own keyed by its label and identifier. `link` is the kind, then the link
  // attributes. The sort key is the child's label and the rest of its identifier.
  bool TryNestPolymorphic(EntityId e, int r, const std::vector<std::string>& link,
                          const std::string& why) {
    const Relationship& rel = c.model.relationships[static_cast<std::size_t>(r)];
    const Entity& en = c.entity(e);
    std::vector<std::string> id = Names(en, en.identifier);
    for (const auto& l : link) {
      if (!Contains(id, l)) return false;
    }
    std::vector<std::string> parent_names;
    bool own_partitions = true;
    for (EntityId parent : rel.parents) {
      if (parent == e || state[static_cast<std::size_t>(parent)] == 1) return false;
      Place(parent);
      const Placement& pp = c.placements[static_cast<std::size_t>(parent)];
      const Entity& pe = c.entity(parent);
      if (pp.pinned || c.labels[static_cast<std::size_t>(parent)] != keys::LabelText(pe.name))
        return false;
      if (pp.partition_key.ToString() != OwnKey(parent, Names(pe, pe.identifier)).ToString())
        own_partitions = false;
      parent_names.push_back(fmt::format("'{}'", pe.name));
    }
    std::vector<std::string> rest;
    for (const auto& a : id) {
      if (!Contains(link, a)) rest.push_back(a);
    }
    KeyTemplate partition_key;
    KeyTemplate sort_key;
    if (own_partitions) {
      TemplateBuilder pk;
      pk.Attr(link.front(), Encoding::kLabel);
      for (std::size_t i = 1; i < link.size(); ++i)
        pk.Sep().Attr(link[i], c.EncodingOf(e, link[i]));
      partition_key = pk.Build();
      sort_key = OwnKey(e, rest);
    } else if (auto shared = SharedCollection(e, rel, link, rest)) {
      partition_key = shared->first;
      sort_key = shared->second;
    } else {
      return false;
    }
    Placement& p = c.placements[static_cast<std::size_t>(e)];
    p.partition_key = partition_key;
    p.sort_key = sort_key;
    p.parent_relationship = r;
    std::vector<std::string> readers;
    for (EntityId parent : rel.parents) {
      for (const std::string& name :
           PatternsReadingByParent(c, e, parent, link, returning[static_cast<std::size_t>(e)])) {
        if (!Contains(readers, name)) readers.push_back(name);
      }
    }
    p.reasons.push_back(Reason{
        fmt::format("stored in the item collection of its parent, {} as '{}' says ({}, "
                    "polymorphic relationship '{}'): {}",
                    OneOf(parent_names), link.front(), why, rel.name,
                    own_partitions ? "the partition key renders the parent's, the kind as its label"
                                   : "the parents share the partition, and the sort key begins "
                                     "with the parent's, the kind as its label, so the children "
                                     "sort right after their parent's item"),
        readers});
    return true;
  }

  // `e`, owned through polymorphic relationship `rel`, could not join its parents' item
  // collections (TryNestPolymorphic): when its identifier holds the kind and the link (else
  // W004 said so), the parents' keys have no common shape one child key could follow (a parent
  // with pinned keys, parents in partitions keyed apart, a sort key that is not the parent's
  // label and identifier). Say so at `owning`, with each parent's keys.
  void WarnParentsApart(EntityId e, const Relationship& rel, const std::vector<std::string>& link) {
    const Entity& en = c.entity(e);
    std::vector<std::string> id = Names(en, en.identifier);
    for (const auto& l : link) {
      if (!Contains(id, l)) return;
    }
    std::vector<std::string> keyed;
    for (EntityId parent : rel.parents) {
      const Placement& pp = c.placements[static_cast<std::size_t>(parent)];
      keyed.push_back(fmt::format("'{}' at {} / {}{}", c.entity(parent).name,
                                  pp.partition_key.ToString(), pp.sort_key.ToString(),
                                  pp.pinned ? " (pinned)" : ""));
    }
    c.diags.Warning(
        DiagId::kOwningParentsApart, rel.owning_range.valid() ? rel.owning_range : rel.range,
        fmt::format("relationship '{}' is owning, but its parents are not keyed alike ({}): no "
                    "one key of '{}' renders the item collection of whichever parent '{}' names, "
                    "so its items get partitions of their own and are read from an index; key "
                    "the parents alike (each in a partition of its own, or all nested in the same "
                    "partition with their label and identifier as the sort key)",
                    rel.name, fmt::join(keyed, "; "), en.name, link.front()));
  }

  // Tries to nest `e` under `parent`, a side of relationship `r` (`from`, or `to` for an M:N's
  // associative entity); link = e's attributes holding the parent's identifier, in the parent's
  // identifier order.
  bool TryNest(EntityId e, int r, const std::vector<std::string>& link, const std::string& why,
               EntityId parent) {
    const Relationship& rel = c.model.relationships[static_cast<std::size_t>(r)];
    const Entity& en = c.entity(e);
    std::vector<std::string> id = Names(en, en.identifier);
    for (const auto& l : link) {
      if (!Contains(id, l)) return false;
    }
    if (state[static_cast<std::size_t>(parent)] == 1) return false;
    Place(parent);
    const Placement& pp = c.placements[static_cast<std::size_t>(parent)];
    const Entity& pe = c.entity(parent);
    std::vector<std::string> parent_id = Names(pe, pe.identifier);
    if (link.size() != parent_id.size()) return false;
    TemplateBuilder pk;
    std::vector<std::string> in_pk;
    for (const auto& part : pp.partition_key.parts) {
      if (!part.is_attribute) {
        pk.Literal(part.text);
        continue;
      }
      auto it = std::find(parent_id.begin(), parent_id.end(), part.text);
      if (it == parent_id.end()) return false;
      const std::string& mine = link[static_cast<std::size_t>(it - parent_id.begin())];
      pk.Attr(mine, c.EncodingOf(e, mine));
      in_pk.push_back(mine);
    }
    // The sort key holds every identifier attribute the partition key does not: when the parent
    // is itself nested (Repository under its owner), the parent's sort-key part (repoName) stays
    // in the child's key, or children of two parents sharing a partition would collide.
    std::vector<std::string> rest;
    for (const auto& a : id) {
      if (!Contains(in_pk, a)) rest.push_back(a);
    }
    Placement& p = c.placements[static_cast<std::size_t>(e)];
    p.partition_key = pk.Build();
    p.sort_key = OwnKey(e, rest);
    p.parent_relationship = r;
    p.reasons.push_back(Reason{
        fmt::format("stored in the item collection of '{}' ({}, relationship "
                    "'{}')",
                    pe.name, why, rel.name),
        PatternsReadingByParent(c, e, parent, link, returning[static_cast<std::size_t>(e)])});
    if (rel.cardinality == Cardinality::kManyToMany &&
        static_cast<std::size_t>(r) < c.adjacency_reason.size() &&
        !c.adjacency_reason[static_cast<std::size_t>(r)].empty()) {
      p.reasons.push_back(Reason{c.adjacency_reason[static_cast<std::size_t>(r)], {}});
    }
    return true;
  }

  void Place(EntityId e) {
    std::size_t ei = static_cast<std::size_t>(e);
    if (state[ei] != 0) return;
    state[ei] = 1;
    const Entity& en = c.entity(e);
    Placement& p = c.placements[ei];
    if (en.pinned_keys) {
      Result<KeyTemplate> pk = ParseKeyTemplate(en.pinned_keys->pk, en);
      std::optional<Result<KeyTemplate>> sk;
      if (pk.ok() && !en.pinned_keys->sk.empty()) sk = ParseKeyTemplate(en.pinned_keys->sk, en);
      if (!pk.ok() || (sk && !sk->ok())) {
        const Status& error = pk.ok() ? sk->status() : pk.status();
        c.diags.Error(DiagId::kKeyTemplateConflict, en.pinned_keys->range,
                      fmt::format("pinned keys of '{}': {}", en.name, error.message()));
        c.failed = true;
        state[ei] = 2;
        return;
      }
      p.partition_key = *pk;
      p.sort_key = sk ? **sk : TemplateBuilder().Literal(c.labels[ei]).Build();
      p.pinned = true;
      p.reasons.push_back(Reason{"keys pinned in the model", {}});
      state[ei] = 2;
      return;
    }
    // Owning relationships first, then M:N adjacency lists, then parents read together.
    for (int pass = 0; pass < 3; ++pass) {
      for (int held_r : held[ei]) {
        std::size_t r = static_cast<std::size_t>(held_r);
        const Relationship& rel = c.model.relationships[r];
        if (rel.from == e) continue;
        bool many = rel.cardinality == Cardinality::kManyToMany;
        // `link` names attributes of the holder: `to` (1:1, 1:N) or `through` (M:N).
        bool holds_link = many ? rel.through == e : rel.to == e;
        if (!holds_link) continue;
        std::vector<std::string> link = Names(en, rel.link);
        bool nested = false;
        if (rel.Polymorphic()) {
          // One try per association, not per parent (its expansions follow each other).
          if (rel.from != rel.parents.front() || rel.to != e) continue;
          link.insert(link.begin(), en.attributes[static_cast<std::size_t>(rel.kind)].name);
          bool read = false;
          for (EntityId parent : rel.parents)
            read = read || !PatternsReadingByParent(c, e, parent, link, returning[ei]).empty();
          if (pass == 0 && rel.owning) {
            nested = TryNestPolymorphic(e, static_cast<int>(r), link, "owned");
            if (!nested) WarnParentsApart(e, rel, link);
          } else if (pass == 2 && !rel.owning && read) {
            nested = TryNestPolymorphic(e, static_cast<int>(r), link, "read by its parent");
          }
        } else if (pass == 0 && !many && rel.to == e && rel.owning) {
          nested = TryNest(e, static_cast<int>(r), link, "owned", rel.from);
        } else if (pass == 1 && many && rel.through == e) {
          // The side the cost objective chose (ChooseAdjacencySides), the other one if the
          // chosen side cannot hold it.
          bool to_side = r < c.adjacency_side.size() && c.adjacency_side[r] == 1;
          std::vector<std::string> link_to = Names(en, rel.link_to);
          for (int side = 0; side < 2 && !nested; ++side) {
            bool under_to = (side == 0) == to_side;
            nested = TryNest(e, static_cast<int>(r), under_to ? link_to : link,
                             "the M:N adjacency list", under_to ? rel.to : rel.from);
          }
        } else if (pass == 2 && !many && rel.to == e && !rel.owning &&
                   !PatternsReadingByParent(c, e, rel.from, link, returning[ei]).empty()) {
          nested = TryNest(e, static_cast<int>(r), link, "read by its parent", rel.from);
        }
        if (nested) {
          state[ei] = 2;
          return;
        }
      }
    }
    if (TryConsistentCollection(e)) {
      state[ei] = 2;
      return;
    }
    p.partition_key = OwnKey(e, Names(en, en.identifier));
    p.sort_key = TemplateBuilder().Literal(c.labels[ei]).Build();
    p.reasons.push_back(Reason{"a partition of its own, keyed by its identifier", {}});
    state[ei] = 2;
  }

  // A strongly consistent read can only come from the table (GSIs are eventually consistent:
  // https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/GSI.html#GSI.Reads). When
  // one reads `e` by attributes other than its identifier, the entity's items go into the
  // partition those attributes name, the parent's label when they are a relationship's link
  // (`TEAM#{team}` / `USER#{userId}`), else their own; the sort key is the entity's label, the
  // pattern's range or sort attribute, then the rest of the identifier. Lookups by the identifier
  // alone then go to an index. Among several such reads, the one first by parameters and range
  // attribute (never by name or position) decides. Parameters must be required and sortable.
  bool TryConsistentCollection(EntityId e) {
    const Entity& en = c.entity(e);
    std::vector<std::string> id = Names(en, en.identifier);
    const AccessPattern* chosen = nullptr;
    auto rank = [](const AccessPattern& p) {
      std::vector<std::string> params = p.params;
      std::sort(params.begin(), params.end());
      return std::make_pair(params, p.range_condition ? p.range_condition->attribute
                                                      : (p.sort ? p.sort->attribute : ""));
    };
    for (const auto& p : c.model.access_patterns) {
      if (!p.consistent || p.returns.size() != 1 || p.returns[0] != e || p.params.empty()) continue;
      if (p.pinned_index && *p.pinned_index != "table") continue;
      bool by_identifier = std::all_of(id.begin(), id.end(),
                                       [&](const std::string& a) { return Contains(p.params, a); });
      if (by_identifier) continue;  // the entity's own key serves it
      bool keyable = std::all_of(p.params.begin(), p.params.end(), [&](const std::string& a) {
        const Attribute* attr = c.FindAttr(e, a);
        return attr != nullptr && attr->required && IsSortable(attr->type);
      });
      if (!keyable) continue;
      if (chosen == nullptr || rank(p) < rank(*chosen)) chosen = &p;
    }
    if (chosen == nullptr) return false;
    const AccessPattern& p = *chosen;
    std::string label;
    std::vector<std::string> pk_attrs = p.params;
    for (const auto& rel : c.model.relationships) {
      if (rel.cardinality == Cardinality::kManyToMany || rel.to != e || rel.from == e ||
          rel.Polymorphic())
        continue;
      std::vector<std::string> link = Names(en, rel.link);
      if (!label.empty() || !SameSet(link, p.params)) continue;
      label = c.labels[static_cast<std::size_t>(rel.from)];
      pk_attrs = link;
    }
    if (label.empty()) {
      for (const auto& a : p.params) label += (label.empty() ? "" : "_") + UpperSnake(a);
    }
    TemplateBuilder pk;
    pk.Literal(label);
    for (const auto& a : pk_attrs) pk.Sep().Attr(a, c.EncodingOf(e, a));
    std::vector<std::string> sk_attrs;
    std::string order =
        p.range_condition ? p.range_condition->attribute : (p.sort ? p.sort->attribute : "");
    const Attribute* order_attr = order.empty() ? nullptr : c.FindAttr(e, order);
    if (order_attr != nullptr && order_attr->required && !Contains(id, order))
      sk_attrs.push_back(order);
    for (const auto& a : id) {
      if (!Contains(pk_attrs, a)) sk_attrs.push_back(a);
    }
    Placement& pl = c.placements[static_cast<std::size_t>(e)];
    pl.partition_key = pk.Build();
    pl.sort_key = OwnKey(e, sk_attrs);
    pl.reasons.push_back(Reason{
        fmt::format("stored in the partition {} so that a strongly consistent read by {} comes "
                    "from the table (indexes are eventually consistent)",
                    pl.partition_key.ToString(), fmt::join(p.params, ", ")),
        {p.name}});
    return true;
  }
};

}  // namespace

void PlaceEntities(Context& c) {
  std::size_t n = c.model.entities.size();
  c.placements.assign(n, Placement{});
  c.labels.clear();
  std::set<std::string> used;
  for (std::size_t e = 0; e < n; ++e) {
    std::string label = UpperSnake(c.model.entities[e].name);
    std::string unique = label;
    for (int k = 2; used.count(unique) > 0; ++k) unique = fmt::format("{}{}", label, k);
    used.insert(unique);
    c.labels.push_back(unique);
  }
  Placer placer{c, std::vector<int>(n, 0), std::vector<std::vector<int>>(n),
                std::vector<std::vector<int>>(n)};
  for (std::size_t r = 0; r < c.model.relationships.size(); ++r) {
    const Relationship& rel = c.model.relationships[r];
    EntityId holder =
        rel.cardinality == Cardinality::kManyToMany ? rel.through.value_or(-1) : rel.to;
    if (holder >= 0 && static_cast<std::size_t>(holder) < n)
      placer.held[static_cast<std::size_t>(holder)].push_back(static_cast<int>(r));
  }
  for (std::size_t i = 0; i < c.model.access_patterns.size(); ++i) {
    std::vector<EntityId> returns = c.model.access_patterns[i].returns;
    std::sort(returns.begin(), returns.end());
    returns.erase(std::unique(returns.begin(), returns.end()), returns.end());
    for (EntityId e : returns)
      placer.returning[static_cast<std::size_t>(e)].push_back(static_cast<int>(i));
  }
  for (std::size_t e = 0; e < n; ++e) placer.Place(static_cast<EntityId>(e));
  // A parent read with its children newest (or oldest) first: its item must sort at the end of
  // its collection the Query starts from. Its own label may sort on the wrong side of the
  // children's ("CUSTOMER" before "ORDER#..." for a descending read): then its sort key gets a
  // leading '#' (below every label: first in ascending order) or '~' (above every label and
  // escaped value: first in descending order), the well-known trick of placing the parent item.
  std::vector<bool> moved(n, false);
  for (const AccessPattern& p : c.model.access_patterns) {
    auto family = SortedChildren(c, p);
    if (!family) continue;
    auto [parent, child] = *family;
    Placement& pp = c.placements[static_cast<std::size_t>(parent)];
    const Placement& cp = c.placements[static_cast<std::size_t>(child)];
    if (moved[static_cast<std::size_t>(parent)] || pp.pinned || cp.parent_relationship < 0 ||
        pp.partition_key.ToString() != cp.partition_key.ToString() ||
        !pp.sort_key.Attributes().empty() || c.entity(parent).versioned ||
        c.entity(child).versioned) {
      continue;
    }
    std::string lower = cp.sort_key.LiteralPrefix();
    std::vector<std::string> child_attrs = cp.sort_key.Attributes();
    if (lower.empty() || child_attrs.empty() ||
        !c.entity(child).OrdersLike(child_attrs[0], p.sort->attribute) ||
        static_cast<unsigned char>(lower.back()) >= 0x7f) {
      continue;
    }
    std::string sk = pp.sort_key.ToString();
    bool at_start = p.sort->descending ? sk > PrefixSuccessor(lower) : sk < lower;
    if (at_start) continue;
    std::string moved_sk = (p.sort->descending ? "~" : "#") + sk;
    pp.sort_key = TemplateBuilder().Literal(moved_sk).Build();
    moved[static_cast<std::size_t>(parent)] = true;
    pp.reasons.push_back(Reason{
        fmt::format("sort key {} sorts {} its {} items, so one {} Query reads it first and then "
                    "the {} in {} order",
                    moved_sk, p.sort->descending ? "after" : "before", c.entity(child).name,
                    p.sort->descending ? "descending" : "ascending", c.entity(child).name,
                    p.sort->attribute),
        {p.name}});
  }
  // Identity lookups by the identifier are served by the main item's key.
  for (std::size_t e = 0; e < n; ++e) {
    const Entity& en = c.model.entities[e];
    std::vector<std::string> by_id;
    std::vector<std::string> id;
    for (AttrId a : en.identifier) id.push_back(en.attributes[static_cast<std::size_t>(a)].name);
    for (int pid : placer.returning[e]) {
      const AccessPattern& p = c.model.access_patterns[static_cast<std::size_t>(pid)];
      if (p.returns.size() == 1 && SameSet(p.params, id)) by_id.push_back(p.name);
    }
    std::vector<std::string> pk = c.placements[e].partition_key.Attributes();
    bool keyed_by_id = std::all_of(pk.begin(), pk.end(), [&](const std::string& a) {
      return Contains(id, a) || a == kShardAttribute;
    });
    if (!by_id.empty() && keyed_by_id) {
      c.placements[e].reasons.push_back(
          Reason{"its table key serves lookups by identifier", by_id});
    }
  }
}

}  // namespace model::derive
