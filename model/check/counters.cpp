// Per-parent counters (model.h Attribute::counter) in the check: every create of a counting
// entity, made or refused, is followed by a read of its parent's count in the table, which must
// have advanced by exactly one for a create that wrote (by at most one for a refused one: a draw
// whose put was refused leaves a gap); the dataset's parent, and the oracle with it, take the
// count the table holds, so reads of the parent expect it.
#include <fmt/format.h>

#include <string>

#include "model/check/internal.h"
#include "model/counter_facets.h"
#include "model/exec/items.h"
#include "model/sparse_facet.h"

namespace model::check {

namespace {

// The natural texts of `attrs` of `item`, joined: the parent a child's link names, or a parent's
// identifier in the link's order.
std::string Named(const Entity& en, const std::vector<AttrId>& attrs, const sim::Item& item) {
  std::string out;
  for (AttrId a : attrs) {
    out += Natural(item, en.attributes[static_cast<std::size_t>(a)].name);
    out += '\x1f';
  }
  return out;
}

// The count `source` holds in `item` (0 when absent, as if_not_exists starts it).
std::optional<std::int64_t> CountIn(const sim::Item& item, const std::string& source) {
  auto it = item.find(source);
  if (it == item.end()) return 0;
  if (!it->second.is(sim::ValueType::kN)) return std::nullopt;
  try {
    return std::stoll(it->second.scalar());
  } catch (const std::exception&) {
    return std::nullopt;
  }
}

}  // namespace

std::optional<std::int64_t> FollowCount(Context& c, int w, const Record& after, bool written,
                                        PatternCheck& result) {
  const WritePlan& plan = c.layout.writes[static_cast<std::size_t>(w)];
  if (!plan.counter) return std::nullopt;
  const CounterDraw& draw = *plan.counter;
  const Relationship& rel = c.model.relationships[static_cast<std::size_t>(draw.relationship)];
  const Entity& child = c.entity(rel.to);
  const Entity& parent = c.entity(rel.from);
  const std::vector<AttrId> ids(
      parent.identifier.begin(),
      parent.identifier.begin() + static_cast<std::ptrdiff_t>(rel.link.size()));
  const std::string named = Named(child, rel.link, after.current());
  auto& parents = c.data.records[static_cast<std::size_t>(rel.from)];
  const auto& deleted = c.deleted[static_cast<std::size_t>(rel.from)];
  std::size_t p = parents.size();
  for (std::size_t i = 0; i < parents.size(); ++i) {
    if (!deleted[i] && Named(parent, ids, parents[i].current()) == named) p = i;
  }
  if (p == parents.size()) {
    if (written)
      result.failures.push_back(fmt::format(
          "{} created {} {}, whose {} does not exist: the draw of '{}' must fail without one",
          plan.pattern, child.name, IdentityText(child, after.current()), parent.name,
          draw.source));
    return std::nullopt;
  }
  const std::int64_t before = CountIn(parents[p].current(), draw.source).value_or(0);
  // The parent's item as the table holds it: a strongly consistent GetItem, not counted (it
  // inspects the table for the check; it is not the plan's request).
  auto key = exec::RenderItemKey(c.model, c.layout, draw.item_type, parents[p], 1);
  std::optional<std::int64_t> now;
  if (key) {
    sim::GetItemRequest get;
    get.table_name = c.layout.table_name;
    get.key = *key;
    get.consistent_read = true;
    auto got = c.plane->GetItem(get);
    if (got.ok() && got->item) now = CountIn(*got->item, draw.source);
  }
  const std::string whose = fmt::format("the count '{}' of {} {}", draw.source, parent.name,
                                        IdentityText(parent, parents[p].current()));
  if (!now) {
    result.failures.push_back(
        fmt::format("{}: {} cannot be read back as a number", plan.pattern, whose));
    return std::nullopt;
  }
  if (written ? *now != before + 1 : (*now != before && *now != before + 1)) {
    result.failures.push_back(fmt::format(
        "{}: {} went from {} to {} with a create that {}; each create draws exactly one number",
        plan.pattern, whose, before, *now, written ? "wrote" : "was refused"));
  }
  // The parent's facets storing the count hold the drawn one after a create that wrote (a sparse
  // facet only when it exists).
  for (int t : written ? CounterFacets(c.layout, draw) : std::vector<int>{}) {
    const ItemType& facet = c.layout.item_types[static_cast<std::size_t>(t)];
    auto fkey = exec::RenderItemKey(c.model, c.layout, t, parents[p], 1);
    if (!fkey) continue;
    sim::GetItemRequest get;
    get.table_name = c.layout.table_name;
    get.key = *fkey;
    get.consistent_read = true;
    auto got = c.plane->GetItem(get);
    if (!got.ok() || (!got->item && IsSparseFacet(facet))) continue;
    std::optional<std::int64_t> held =
        got->item ? CountIn(*got->item, draw.source) : std::optional<std::int64_t>();
    if (held != now)
      result.failures.push_back(fmt::format(
          "{}: the {} item of {} {} holds {} for '{}', not the drawn count {}", plan.pattern,
          facet.name, parent.name, IdentityText(parent, parents[p].current()),
          held ? std::to_string(*held) : std::string("nothing"), draw.source, *now));
  }
  if (*now != before) {
    for (sim::Item& v : parents[p].versions)
      v[draw.source] = sim::AttributeValue::N(std::to_string(*now));
    c.touched[static_cast<std::size_t>(rel.from)].push_back(p);
    (void)c.oracle->Store(rel.from, p, &parents[p]);
  }
  return *now;
}

}  // namespace model::check
