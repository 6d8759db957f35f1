// The semantic checks of `aggregates:`: names resolved, the group against `into`'s identifier,
// time buckets on times, value functions on numbers, the latest item's attribute and order,
// distinct value attributes, and no write pattern writing a value or moving a group.
#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <set>

#include "model/filter_presence.h"
#include "model/load/analyze.h"
#include "model/load/yaml_tree.h"
#include "model/load/yaml_values.h"

namespace model::load {

namespace {

std::string Describe(const Attribute& a) {
  return fmt::format("'{}' ({})", a.name, AttrTypeWithArticle(a.type));
}

// Each part of the group: an attribute of `of` (required, a key type; a time bucket of a time)
// into the identifier attribute of `into` it maps to, of the same type. Appends to out.group;
// false (after reporting) when a part does not fit.
bool CheckGroupParts(const AggregateDeclDecl& d, const std::string& what, const Entity& of,
                     const Entity& into, AggregateDecl& out, Diagnostics& diags) {
  bool ok = true;
  for (const GroupPartDecl& g : d.group) {
    GroupPart part;
    part.target = into.FindAttribute(g.target.text);
    part.bucket = g.bucket;
    part.range = g.target.range;
    part.source = ResolveAttribute(of, g.source, fmt::format("'group' of {} takes", what),
                                   DiagId::kAggregateGroupMismatch, diags);
    if (part.source < 0) {
      ok = false;
      continue;
    }
    const Attribute& src = of.attributes[static_cast<std::size_t>(part.source)];
    const Attribute& dst = into.attributes[static_cast<std::size_t>(part.target)];
    if (!src.required || !IsSortable(src.type)) {
      diags.Error(
          DiagId::kAggregateGroupMismatch, g.source.range,
          fmt::format("'group' of {} takes {} of '{}', which is {}; a group comes from a "
                      "required attribute that can be a key",
                      what, Describe(src), of.name, src.required ? "not a key type" : "optional"));
      ok = false;
      continue;
    }
    if (g.bucket != TimeBucket::kNone) {
      if (src.type != AttrType::kTimestamp && src.type != AttrType::kDate) {
        diags.Error(DiagId::kAggregateBucketNotTime, g.source.range,
                    fmt::format("'group' of {} takes the {} of {}, which is not a timestamp or a "
                                "date; bucket a time, or map '{}' to the attribute itself",
                                what, TimeBucketName(g.bucket), Describe(src), dst.name));
        ok = false;
      } else if (dst.type != AttrType::kString || dst.time_order != TimeOrder::kNone) {
        // A bucket's text (model/load/format_spec.cpp TimeBucketKeys) is no time-ordered
        // identifier's canonical text.
        const char* example = g.bucket == TimeBucket::kDay     ? "2019-01-18"
                              : g.bucket == TimeBucket::kMonth ? "2019-01"
                              : g.bucket == TimeBucket::kYear  ? "2019"
                                                               : "2019-Q1";
        diags.Error(
            DiagId::kAggregateGroupMismatch, g.target.range,
            fmt::format("'group' of {} puts a {} bucket (text such as '{}') into {} "
                        "of '{}'{}; declare it a string",
                        what, TimeBucketName(g.bucket), example, Describe(dst), into.name,
                        dst.time_order != TimeOrder::kNone
                            ? fmt::format(", which holds only a {}", TimeOrderName(dst.time_order))
                            : std::string()));
        ok = false;
      }
    } else if (src.type != dst.type) {
      diags.Error(DiagId::kAggregateGroupMismatch, g.source.range,
                  fmt::format("'group' of {} puts {} of '{}' into {} of '{}'; the types must be "
                              "the same",
                              what, Describe(src), of.name, Describe(dst), into.name));
      ok = false;
    }
    out.group.push_back(part);
  }
  return ok;
}

// A `{ latest: attribute, by: attribute }` value whose target is resolved: `latest` names an
// attribute of `of` whose type the target takes (a number target takes an integer), `by` a
// string, number, integer, timestamp or date attribute of `of` (one whose values sort), and the
// target is optional (an empty group has no latest item). Sets value.source and value.by; false
// (after reporting E438 or E439) when something does not fit.
bool CheckLatest(const AggregateValueDecl& v, const std::string& what, const Entity& of,
                 const Entity& into, AggregateValue& value, Diagnostics& diags) {
  const Attribute& dst = into.attributes[static_cast<std::size_t>(value.target)];
  value.source = ResolveAttribute(of, v.source, fmt::format("'latest' in {} names", what),
                                  DiagId::kAggregateLatestMismatch, diags);
  value.by = ResolveAttribute(of, v.by, fmt::format("'by' of '{}' in {} names", dst.name, what),
                              DiagId::kAggregateLatestOrder, diags);
  if (value.source < 0 || value.by < 0) return false;
  bool ok = true;
  const Attribute& order = of.attributes[static_cast<std::size_t>(value.by)];
  static const AttrType kOrdered[] = {AttrType::kString, AttrType::kNumber, AttrType::kInteger,
                                      AttrType::kTimestamp, AttrType::kDate};
  if (std::find(std::begin(kOrdered), std::end(kOrdered), order.type) == std::end(kOrdered)) {
    diags.Error(DiagId::kAggregateLatestOrder, v.by.range,
                fmt::format("'by' of '{}' in {} names {} of '{}', which does not order items; "
                            "order them by a string, number, integer, timestamp or date",
                            dst.name, what, Describe(order), of.name));
    ok = false;
  }
  const Attribute& src = of.attributes[static_cast<std::size_t>(value.source)];
  bool fits =
      dst.type == src.type || (dst.type == AttrType::kNumber && src.type == AttrType::kInteger);
  if (!fits) {
    diags.Error(DiagId::kAggregateLatestMismatch, v.target.range,
                fmt::format("'values' of {} writes the latest {} of '{}' into {} of '{}'; the "
                            "types must be the same",
                            what, Describe(src), of.name, Describe(dst), into.name));
    return false;
  }
  if (dst.required) {
    diags.Error(DiagId::kAggregateLatestMismatch, v.target.range,
                fmt::format("'values' of {} writes the latest '{}' into '{}', which is required; "
                            "a group whose items are all gone has no latest item, so make it "
                            "optional ('{}?')",
                            what, src.name, dst.name, AttrTypeName(dst.type)));
    return false;
  }
  return ok;
}

// The values: distinct non-identifier attributes of `into`, numbers from numbers. Appends to
// out.values; false (after reporting) when a value does not fit.
bool CheckValues(const AggregateDeclDecl& d, const std::string& what, const Entity& of,
                 const Entity& into, AggregateDecl& out, Diagnostics& diags) {
  bool ok = true;
  std::set<AttrId> targets;
  for (const AggregateValueDecl& v : d.values) {
    AggregateValue value;
    value.function = v.function;
    value.range = v.target.range;
    value.target = ResolveAttribute(into, v.target, fmt::format("'values' of {} writes", what),
                                    DiagId::kAggregateValueMismatch, diags);
    if (value.target < 0) {
      ok = false;
      continue;
    }
    const Attribute& dst = into.attributes[static_cast<std::size_t>(value.target)];
    std::string fn = v.function == AggregateFunction::kJoined ? "joined count"
                                                              : AggregateFunctionName(v.function);
    bool is_id = std::find(into.identifier.begin(), into.identifier.end(), value.target) !=
                 into.identifier.end();
    if (is_id || !targets.insert(value.target).second) {
      diags.Error(DiagId::kAggregateValueMismatch, v.target.range,
                  fmt::format("'values' of {} writes '{}' {}; each value goes to its own "
                              "attribute outside the identifier",
                              what, dst.name, is_id ? "of the identifier" : "twice"));
      ok = false;
      continue;
    }
    if (v.function == AggregateFunction::kLatest) {
      if (!CheckLatest(v, what, of, into, value, diags)) {
        ok = false;
        continue;
      }
      out.values.push_back(value);
      continue;
    }
    AttrType produced = AttrType::kInteger;
    const bool extreme =
        v.function == AggregateFunction::kMin || v.function == AggregateFunction::kMax;
    if (v.function != AggregateFunction::kCount && v.function != AggregateFunction::kJoined) {
      value.source = ResolveAttribute(of, v.source, fmt::format("'{}' in {} names", fn, what),
                                      DiagId::kAggregateValueMismatch, diags);
      if (value.source < 0) {
        ok = false;
        continue;
      }
      const Attribute& src = of.attributes[static_cast<std::size_t>(value.source)];
      // A min or max also keeps the earliest or latest time: timestamps and dates have one
      // order (model.h AggregateFunction). Strings, booleans, enums and binary data have none a
      // user would call smallest, so they stay out.
      const bool time = src.type == AttrType::kTimestamp || src.type == AttrType::kDate;
      if (!IsNumeric(src.type) && !(extreme && time)) {
        diags.Error(
            DiagId::kAggregateValueMismatch, v.source.range,
            fmt::format("'{}' in {} names {} of '{}'; {} takes a number{}", fn, what, Describe(src),
                        of.name, fn, extreme ? ", integer, timestamp or date" : " or integer"));
        ok = false;
        continue;
      }
      produced = src.type;
    }
    bool fits = dst.type == produced || (dst.type == AttrType::kNumber && IsNumeric(produced));
    if (!fits && !IsNumeric(produced)) {
      diags.Error(DiagId::kAggregateValueMismatch, v.target.range,
                  fmt::format("'values' of {} writes the {} (a {}) into {} of '{}'; declare it "
                              "a {}",
                              what, fn, AttrTypeName(produced), Describe(dst), into.name,
                              AttrTypeName(produced)));
      ok = false;
      continue;
    }
    if (!fits) {
      diags.Error(DiagId::kAggregateValueMismatch, v.target.range,
                  fmt::format("'values' of {} writes the {} (a {}) into {} of '{}'; declare it "
                              "a number{}",
                              what, fn, produced == AttrType::kInteger ? "whole number" : "number",
                              Describe(dst), into.name,
                              produced == AttrType::kInteger ? " or an integer" : ""));
      ok = false;
      continue;
    }
    if (extreme && dst.required) {
      diags.Error(DiagId::kAggregateValueMismatch, v.target.range,
                  fmt::format("'values' of {} writes the {} into '{}', which is required; a "
                              "group whose items are all gone has no {}, so make it optional "
                              "('{}?')",
                              what, fn, dst.name, fn, AttrTypeName(dst.type)));
      ok = false;
      continue;
    }
    out.values.push_back(value);
  }
  return ok;
}

// The filter: each condition names an attribute of `of` (E404) with a value that fits its type
// (E405, the rules of an access pattern's filter), and no attribute the group takes (E440: its
// value would pick one group and leave every other one empty). Sets out.filters; false (after
// reporting) when a condition does not fit.
bool CheckFilters(const AggregateDecl& d, const std::string& what, const Entity& of,
                  const Entity& into, AggregateDecl& out, Diagnostics& diags) {
  bool ok = true;
  for (const FixedFilter& f : d.filters) {
    AttrId id = ResolveAttribute(of, Name{f.attribute, f.range}, fmt::format("{} filters on", what),
                                 DiagId::kUnknownFilterAttribute, diags);
    if (id < 0) {
      ok = false;
      continue;
    }
    const Attribute& attr = of.attributes[static_cast<std::size_t>(id)];
    std::string problem = FilterValueProblem(attr, f.value);
    if (IsPresenceTest(f.value))
      problem =
          "but an aggregate's filter compares values only; 'exists' and 'not_exists' "
          "are filters of access patterns";
    if (problem.empty() && attr.type == AttrType::kBinary)
      problem =
          "but it is binary data, which an aggregate's filter does not compare; filter on "
          "a string, enum, number, boolean, date or timestamp";
    if (!problem.empty()) {
      auto& diag = diags.Error(
          DiagId::kBadFilterValue, f.range,
          fmt::format("{} filters '{}' on {}, {}", what, f.attribute, Quoted(f.value), problem));
      Diagnostics::Note(diag, attr.range, fmt::format("'{}' is declared here", attr.name));
      ok = false;
      continue;
    }
    for (const GroupPart& g : out.group) {
      if (g.source != id) continue;
      auto& diag = diags.Error(
          DiagId::kAggregateFilterOnGroup, f.range,
          fmt::format("{} filters on '{}', which its 'group' also takes: only the group of {} "
                      "would ever hold items, and every other one would stay empty; drop the "
                      "condition, or group by something else",
                      what, f.attribute, Quoted(f.value)));
      Diagnostics::Note(diag, g.range,
                        fmt::format("the group maps '{}' to it here",
                                    into.attributes[static_cast<std::size_t>(g.target)].name));
      ok = false;
      break;
    }
  }
  out.filters = d.filters;
  return ok;
}

// Resolves and checks one declaration; false (after reporting) when it does not fit.
bool CheckAggregate(const AggregateDeclDecl& d, const Model& model, AggregateDecl& out,
                    Diagnostics& diags) {
  std::string what = fmt::format("aggregate '{}'", d.aggregate.name);
  out = d.aggregate;
  out.into_range = d.into.range;
  out.of = ResolveEntity(model, d.of, fmt::format("'of' of {}", what),
                         DiagId::kUnknownAggregateEntity, diags);
  out.into = ResolveEntity(model, d.into, fmt::format("'into' of {}", what),
                           DiagId::kUnknownAggregateEntity, diags);
  if (out.of < 0 || out.into < 0) return false;
  const Entity& of = model.entities[static_cast<std::size_t>(out.of)];
  const Entity& into = model.entities[static_cast<std::size_t>(out.into)];
  if (out.of == out.into) {
    diags.Error(DiagId::kAggregateEntities, d.into.range,
                fmt::format("{} keeps its values in '{}', the entity it aggregates; name another "
                            "entity in 'into' (one item per group)",
                            what, into.name));
    return false;
  }
  for (const Entity* e : {&of, &into}) {
    if (!e->versioned) continue;
    auto& diag = diags.Error(
        DiagId::kAggregateEntities, e == &of ? d.of.range : d.into.range,
        fmt::format("{} names '{}', which is versioned; an aggregate reads and writes current "
                    "items only, so aggregate an unversioned entity",
                    what, e->name));
    Diagnostics::Note(diag, e->range, fmt::format("entity '{}' is declared here", e->name));
    return false;
  }
  // The group: into's identifier, in order, each from an attribute of `of`.
  std::vector<std::string> wanted;
  for (AttrId id : into.identifier)
    wanted.push_back(into.attributes[static_cast<std::size_t>(id)].name);
  std::vector<std::string> given;
  for (const GroupPartDecl& g : d.group) given.push_back(g.target.text);
  // An entity without an identifier has its own error; nothing to compare the group with.
  if (wanted.empty()) return false;
  if (given != wanted) {
    auto& diag = diags.Error(
        DiagId::kAggregateGroupMismatch, d.group_range,
        fmt::format("'group' of {} maps {}, but the identifier of '{}' is {}: map each of its "
                    "attributes, in that order, to an attribute of '{}' or a time bucket",
                    what, JoinComma(given), into.name, JoinComma(wanted), of.name));
    Diagnostics::Note(diag, into.range, fmt::format("entity '{}' is declared here", into.name));
    return false;
  }
  bool ok = CheckGroupParts(d, what, of, into, out, diags);
  ok = CheckValues(d, what, of, into, out, diags) && ok;
  // The group parts that did not resolve are not in out.group: E440 compares with the rest.
  ok = CheckFilters(d.aggregate, what, of, into, out, diags) && ok;
  // A joined count remembers items that have left the group: a read of the items stored today
  // cannot compute it, so nothing but a maintainer that sees every write can keep it.
  if (out.maintain == Maintainer::kRead) {
    for (const AggregateValue& v : out.values) {
      if (v.function != AggregateFunction::kJoined) continue;
      const std::string& target = into.attributes[static_cast<std::size_t>(v.target)].name;
      auto& diag = diags.Error(
          DiagId::kAggregateJoinedAtReadTime, out.maintain_range,
          fmt::format("{} pins 'maintain: read', but '{}' counts the items that ever joined a "
                      "group, and a read finds only those still in it (nothing remembers the "
                      "ones that left); pin 'maintain: stream' or 'maintain: transaction', or "
                      "remove the pin",
                      what, target));
      Diagnostics::Note(diag, v.range, fmt::format("'{}' is a joined count here", target));
      ok = false;
      break;
    }
  }
  return ok;
}

// A group taken from the link of a polymorphic association (docs/model-format.md "Polymorphic
// associations") names a parent by its identifier alone: without the kind, issue #5's group also
// takes pull request #5's reactions.
void WarnPolymorphicGroup(const Model& model, const AggregateDecl& a, Diagnostics& diags) {
  const Entity& of = model.entities[static_cast<std::size_t>(a.of)];
  const Entity& into = model.entities[static_cast<std::size_t>(a.into)];
  for (const Relationship& r : model.relationships) {
    if (!r.Polymorphic() || r.to != a.of || r.from != a.into) continue;
    bool by_link = std::any_of(a.group.begin(), a.group.end(), [&](const GroupPart& g) {
      return std::find(r.link.begin(), r.link.end(), g.source) != r.link.end();
    });
    if (!by_link) continue;
    const std::string& kind = of.attributes[static_cast<std::size_t>(r.kind)].name;
    bool kind_fixed = std::any_of(a.filters.begin(), a.filters.end(), [&](const FixedFilter& f) {
      return f.attribute == kind && f.value == into.name;
    });
    if (kind_fixed) continue;
    diags.Warning(DiagId::kAggregatePolymorphicGroup, a.range,
                  fmt::format("aggregate '{}' groups '{}' by the link of polymorphic relationship "
                              "'{}' without its kind '{}': a '{}' whose kind is another parent's "
                              "but whose link equals this '{}' identifier counts in its group "
                              "too; add 'filter: {{ {}: {} }}'",
                              a.name, of.name, r.name, kind, of.name, into.name, kind, into.name));
  }
}

}  // namespace

void CheckAggregates(const ModelDecl& decl, Model& model, Diagnostics& diags) {
  std::map<std::string, SourceRange> names;
  for (const AggregateDeclDecl& d : decl.aggregates) {
    auto [it, fresh] = names.emplace(d.aggregate.name, d.name_range);
    if (!fresh) {
      auto& diag = diags.Error(DiagId::kDuplicateAggregate, d.name_range,
                               fmt::format("an aggregate named '{}' is already declared; rename "
                                           "one",
                                           d.aggregate.name));
      Diagnostics::Note(diag, it->second, "the first one is declared here");
      continue;
    }
    // `model explain FILE NAME` and the check's reports name patterns and aggregates alike.
    const SourceRange* pattern = nullptr;
    for (const AccessPattern& p : model.access_patterns)
      if (p.name == d.aggregate.name) pattern = &p.range;
    for (const WritePattern& w : model.write_patterns)
      if (w.name == d.aggregate.name) pattern = &w.range;
    if (pattern != nullptr) {
      auto& diag = diags.Error(DiagId::kDuplicateAggregate, d.name_range,
                               fmt::format("aggregate '{}' has the name of a pattern; explain and "
                                           "the check's reports name both alike, so rename one",
                                           d.aggregate.name));
      Diagnostics::Note(diag, *pattern, "the pattern is declared here");
      continue;
    }
    AggregateDecl a;
    if (!CheckAggregate(d, model, a, diags)) continue;
    WarnPolymorphicGroup(model, a, diags);
    model.aggregates.push_back(std::move(a));
  }
  // Several aggregates may keep values on one `into` entity (a user's follower, following and
  // post counts), each in attributes of its own.
  std::map<std::pair<EntityId, AttrId>, const AggregateDecl*> by_target;
  for (const AggregateDecl& a : model.aggregates) {
    for (const AggregateValue& v : a.values) {
      auto [it, fresh] = by_target.emplace(std::make_pair(a.into, v.target), &a);
      if (fresh) continue;
      const Entity& into = model.entities[static_cast<std::size_t>(a.into)];
      auto& diag = diags.Error(
          DiagId::kDuplicateAggregate, v.range,
          fmt::format("aggregate '{}' writes '{}' of '{}', which aggregate '{}' already writes; "
                      "give each value an attribute of its own",
                      a.name, into.attributes[static_cast<std::size_t>(v.target)].name, into.name,
                      it->second->name));
      Diagnostics::Note(diag, it->second->range, "the first one is declared here");
    }
  }
  // The application may create, update and delete an aggregate's `into` items (a post carrying
  // its like count) but never write the values the maintainer keeps, nor move a group to
  // another identifier: the maintainer reads and writes the group's item by its identifier.
  // Each offending attribute is an error of its own, at its place in the pattern's `attributes:`.
  for (const WritePatternDecl& wd : decl.write_patterns) {
    const WritePattern* found = nullptr;
    for (const WritePattern& w : model.write_patterns)
      if (w.name == wd.pattern.name && w.range == wd.pattern.range) found = &w;
    if (!found || found->kind != WriteKind::kUpdate || found->entity < 0) continue;
    const WritePattern& w = *found;
    const Entity& en = model.entities[static_cast<std::size_t>(w.entity)];
    for (const Name& attribute : wd.attributes) {
      AttrId id = en.FindAttribute(attribute.text);
      if (id < 0) continue;
      for (const AggregateDecl& agg : model.aggregates) {
        if (agg.into != w.entity) continue;
        const std::string& of = model.entities[static_cast<std::size_t>(agg.of)].name;
        std::string problem;
        for (const AggregateValue& v : agg.values) {
          if (v.target == id)
            problem = fmt::format(
                "changes '{}', which aggregate '{}' keeps as '{}' changes; "
                "remove it from 'attributes' and write '{}' instead",
                attribute.text, agg.name, of, of);
        }
        if (problem.empty() &&
            std::find(en.identifier.begin(), en.identifier.end(), id) != en.identifier.end())
          problem = fmt::format(
              "changes '{}', part of the identifier of the groups aggregate "
              "'{}' keeps, which would leave its values behind; create a new "
              "'{}' instead",
              attribute.text, agg.name, en.name);
        if (problem.empty()) continue;
        auto& diag = diags.Error(
            DiagId::kAggregateTargetWritten, attribute.range,
            fmt::format("write pattern '{}' updates '{}', but {}", w.name, en.name, problem));
        Diagnostics::Note(diag, agg.range,
                          fmt::format("aggregate '{}' is declared here", agg.name));
        break;  // one error per attribute
      }
    }
  }
}

}  // namespace model::load
