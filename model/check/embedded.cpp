// `model check`: embedded collections (model/layout.h EmbeddedLayout). A child has no item of
// its own: the initial load writes it into its parent's item, and a delete of the parent takes
// its children with it, in the dataset and the oracle as in the table.
#include "model/exec/embedded.h"

#include <fmt/format.h>

#include <algorithm>
#include <iterator>

#include "model/check/also.h"
#include "model/check/conditions.h"
#include "model/check/internal.h"
#include "model/cost.h"
#include "model/exec/items.h"
#include "model/sim/api/value.h"

namespace model::check {

namespace {

// The parent identity a child's link names (or a parent's identifier holds), as one text.
std::string ParentKey(const std::vector<std::string>& attributes, const sim::Item& values) {
  std::string key;
  for (const std::string& a : attributes) {
    key += Natural(values, a);
    key += '\x1f';
  }
  return key;
}

}  // namespace

EmbeddedFill::EmbeddedFill(const Model& model, const KeyLayout& layout, const Dataset& data)
    : model_(model), layout_(layout) {
  for (const EmbeddedLayout& e : layout.embedded) {
    auto& by_parent = maps_.emplace_back();
    for (const Record& child : data.records[static_cast<std::size_t>(e.child)]) {
      const sim::Item& values = child.current();
      auto at = by_parent.try_emplace(ParentKey(e.link, values), sim::AttributeValue::M({}));
      at.first->second.mutable_map()[exec::EmbeddedKeyText(e, values)] =
          exec::EmbeddedElement(e, values);
    }
  }
}

void EmbeddedFill::Fill(int type, const Record& parent, sim::Item& item,
                        std::vector<EmbeddedOverflow>& overflows) const {
  for (std::size_t i = 0; i < layout_.embedded.size(); ++i) {
    const EmbeddedLayout& e = layout_.embedded[i];
    if (e.parent_type != type) continue;
    std::string parent_key = ParentKey(e.identifier, parent.current());
    auto it = maps_[i].find(parent_key);
    if (it == maps_[i].end()) continue;
    item[e.attribute] = it->second;
    // DynamoDB refuses an item over 400 KB, its map elements counted with their keys
    // (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/CapacityUnitCalculations.html):
    // the last elements stay out until the item fits.
    std::int64_t size = sim::ItemSize(item);
    if (size <= static_cast<std::int64_t>(kMaxItemBytes)) continue;
    const sim::Item& full = it->second.map();
    EmbeddedOverflow o;
    o.collection = static_cast<int>(i);
    o.parent_key = parent_key;
    std::vector<std::string> names;
    for (const std::string& a : e.identifier)
      names.push_back(fmt::format("{} = {}", a, Natural(parent.current(), a)));
    o.parent = fmt::format("{}", fmt::join(names, ", "));
    o.children = static_cast<std::int64_t>(full.size());
    o.bytes = size;
    for (const auto& [key, element] : full)
      o.element_bytes += static_cast<std::int64_t>(key.size()) + 1 + sim::ValueSize(element);
    sim::Item& kept = item[e.attribute].mutable_map();
    while (size > static_cast<std::int64_t>(kMaxItemBytes) && kept.size() > 0) {
      auto last = std::prev(kept.end());
      size -= static_cast<std::int64_t>(last->first.size()) + 1 + sim::ValueSize(last->second);
      o.dropped.push_back(last->first);
      kept.erase(last);
    }
    overflows.push_back(std::move(o));
  }
}

sim::SimStatus ReportEmbeddedOverflows(Context& c, CheckReport& report) {
  for (const EmbeddedOverflow& o : c.overflows) {
    const EmbeddedLayout& e = c.layout.embedded[static_cast<std::size_t>(o.collection)];
    const Entity& child = c.entity(e.child);
    const Entity& parent = c.entity(e.parent);
    // The children left out are no longer in the table: the dataset and the oracle lose them.
    auto& records = c.data.records[static_cast<std::size_t>(e.child)];
    auto& deleted = c.deleted[static_cast<std::size_t>(e.child)];
    for (std::size_t i = 0; i < records.size(); ++i) {
      const sim::Item& values = records[i].current();
      if (deleted[i] || ParentKey(e.link, values) != o.parent_key) continue;
      if (std::find(o.dropped.begin(), o.dropped.end(), exec::EmbeddedKeyText(e, values)) ==
          o.dropped.end())
        continue;
      deleted[i] = true;
      if (auto s = c.oracle->Store(e.child, i, nullptr); !s.ok()) return s;
    }
    std::int64_t average = o.element_bytes / std::max<std::int64_t>(o.children, 1);
    std::string why = fmt::format(
        "the '{}' item with {} holds {} '{}' elements in its '{}' map, {} bytes in all: over "
        "DynamoDB's 400 KB (409,600 bytes) item limit, so the simulated table refuses it "
        "(ValidationException: Item size has exceeded the maximum allowed size) and the check "
        "loaded it without its last {}. '{}' declares item_size {}, but its elements take about "
        "{} bytes each, so 'max: {}' of them cannot fit; declare the size its elements take "
        "(E321 then weighs 'max' against it), lower 'max', or keep '{}' in items of its own",
        parent.name, o.parent, o.children, child.name, e.attribute, o.bytes, o.dropped.size(),
        child.name, child.item_size, average, e.max, child.name);
    std::size_t reads = c.layout.reads.size();
    bool failed = false;
    for (std::size_t i = 0; i < report.patterns.size(); ++i) {
      bool touches = false;
      if (i < reads) {
        const AccessPattern& p =
            c.model.access_patterns[static_cast<std::size_t>(c.layout.reads[i].pattern_id)];
        touches = std::find(p.returns.begin(), p.returns.end(), e.child) != p.returns.end();
      } else {
        const WritePattern& w =
            c.model.write_patterns[static_cast<std::size_t>(c.layout.writes[i - reads].pattern_id)];
        touches = w.entity == e.child;
      }
      if (touches) report.patterns[i].failures.push_back(why);
      failed = failed || touches;
    }
    // No pattern reads or writes the children: the parent's patterns carry it.
    for (std::size_t i = 0; i < report.patterns.size() && !failed; ++i) {
      EntityId of =
          i < reads
              ? -1
              : c.model
                    .write_patterns[static_cast<std::size_t>(c.layout.writes[i - reads].pattern_id)]
                    .entity;
      if (i < reads) {
        const AccessPattern& p =
            c.model.access_patterns[static_cast<std::size_t>(c.layout.reads[i].pattern_id)];
        if (std::find(p.returns.begin(), p.returns.end(), e.parent) != p.returns.end())
          of = e.parent;
      }
      if (of == e.parent) report.patterns[i].failures.push_back(why);
    }
  }
  return sim::Ok{};
}

void DeleteEmbeddedChildren(Context& c, EntityId parent, const Record& record) {
  for (const EmbeddedLayout& e : c.layout.embedded) {
    if (e.parent != parent) continue;
    std::string key = ParentKey(e.identifier, record.current());
    auto& children = c.data.records[static_cast<std::size_t>(e.child)];
    auto& deleted = c.deleted[static_cast<std::size_t>(e.child)];
    for (std::size_t i = 0; i < children.size(); ++i) {
      if (deleted[i] || ParentKey(e.link, children[i].current()) != key) continue;
      deleted[i] = true;
      (void)c.oracle->Store(e.child, i, nullptr);
    }
  }
}

void CheckEmbeddedFull(Context& c, int w, Record child, PatternCheck& result) {
  const WritePlan& plan = c.layout.writes[static_cast<std::size_t>(w)];
  const WritePattern& wp = c.model.write_patterns[static_cast<std::size_t>(plan.pattern_id)];
  const EmbeddedLayout& e = c.layout.embedded[static_cast<std::size_t>(plan.embedded)];
  const Entity& parent = c.entity(e.parent);
  const Entity& en = c.entity(e.child);
  // A parent on which the `also` entries' conditions hold: only the size bound may refuse.
  AlsoRun run;
  const std::int64_t serial = 5400000 + static_cast<std::int64_t>(w);
  if (!wp.also.empty() && (!AimAlso(c, wp, child.versions.back(), -1, -1, serial) ||
                           !PrepareAlso(c, wp, child.current(), -1, -1, serial, run))) {
    result.failures.push_back(fmt::format(
        "{}: no '{}' in the synthetic data on which the conditions of its 'also' entries hold, "
        "so a create on a full parent was not run",
        wp.name, parent.name));
    return;
  }
  auto key = exec::RenderItemKey(c.model, c.layout, e.parent_type,
                                 Record{{exec::EmbeddedParentIdentifier(e, child.current())}}, 1);
  if (!key) return;
  auto get = [&]() -> std::optional<sim::Item> {
    sim::GetItemRequest r;
    r.table_name = c.layout.table_name;
    r.key = *key;
    r.consistent_read = true;
    auto got = c.plane->GetItem(r);
    return got.ok() ? got->item : std::nullopt;
  };
  auto put = [&](const sim::Item& item) {
    sim::PutItemRequest r;
    r.table_name = c.layout.table_name;
    r.item = item;
    return c.plane->PutItem(r);
  };
  std::optional<sim::Item> saved = get();
  if (!saved) return;  // no parent item: the create's own run reports it
  const std::string identity = IdentityText(en, child.current());
  // The parent's own children, and fillers (copies of the new child's element under other keys)
  // up to `max`.
  sim::Item full = *saved;
  auto map = full.find(e.attribute);
  if (map == full.end() || !map->second.is(sim::ValueType::kM))
    full[e.attribute] = sim::AttributeValue::M({});
  sim::Item& elements = full[e.attribute].mutable_map();
  const std::string own = exec::EmbeddedKeyText(e, child.current());
  for (std::int64_t i = 0; static_cast<std::int64_t>(elements.size()) < e.max; ++i) {
    std::string filler = fmt::format("{}~full{}", own, i);
    if (elements.find(filler) == elements.end())
      elements[filler] = exec::EmbeddedElement(e, child.current());
  }
  if (auto stored = put(full); !stored.ok()) {
    result.failures.push_back(fmt::format(
        "{}: the '{}' item could not be stored holding {} '{}' elements ({}: {}), so a create "
        "on a full parent was not run",
        wp.name, parent.name, e.max, en.name, stored.error().name, stored.error().message));
    return;
  }
  ++result.calls;
  sim::SimStatus s = ApplyWrite(c, w, nullptr, &child, result, run.args, run.records);
  if (s.ok()) {
    result.failures.push_back(fmt::format(
        "{} added {} ({}) to a '{}' item already holding {} (its 'max'): the size bound was not "
        "sent",
        wp.name, en.name, identity, parent.name, e.max));
  } else if (!RefusedForCondition(s.error())) {
    result.failures.push_back(
        fmt::format("{} on a '{}' item already holding {} '{}' (its 'max'): expected "
                    "ConditionalCheckFailedException, got {}: {}",
                    wp.name, parent.name, e.max, en.name, s.error().name, s.error().message));
  }
  if (get() != std::optional<sim::Item>(full)) {
    result.failures.push_back(fmt::format(
        "{} on a '{}' item already holding {} '{}' (its 'max') changed the item: a refused write "
        "must change nothing",
        wp.name, parent.name, e.max, en.name));
  }
  if (auto restored = put(*saved); !restored.ok()) {
    result.failures.push_back(fmt::format("{}: the '{}' item could not be put back ({}: {})",
                                          wp.name, parent.name, restored.error().name,
                                          restored.error().message));
  }
}

}  // namespace model::check
