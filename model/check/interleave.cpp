// The concurrent-update check: an update whose recomputed index keys are built from attributes it
// does not set (`moveRoom` sets room; BOX_BY_ROOM_RACK#{room}#{rack} needs rack too) runs as a
// client would, knowing only the call's address (its identifier and the other attributes of the
// item's table key, and the unique values its uniqueness items are keyed by, which the plans take
// from the caller's record) and the values it sets, plus whatever its plan reads first
// (WritePlan::read_first). Between its read and its write, another update pattern
// changes one of those other attributes (`moveRack`). A refused write (the plan's guard) is read
// again and retried once, as a client would. Then every item of the record must hold the keys
// its final values render: a plan that neither reads nor guards leaves a key built from a stale
// or missing value, and fails here. Only unversioned entities whose table keys and unique
// attributes the update leaves alone (those plans put whole items, from the whole record).
#include <fmt/format.h>

#include <algorithm>
#include <set>

#include "model/check/conditions.h"
#include "model/check/internal.h"
#include "model/exec/items.h"
#include "model/exec/writes.h"

namespace model::check {

namespace {

bool Has(const std::vector<std::string>& v, const std::string& s) {
  return std::find(v.begin(), v.end(), s) != v.end();
}

std::vector<std::string> IdentifierNames(const Entity& en) {
  std::vector<std::string> out;
  for (AttrId a : en.identifier) out.push_back(en.attributes[static_cast<std::size_t>(a)].name);
  return out;
}

// What a caller of an update of `e` knows: the identifier and the other attributes its main
// item's table key is built from (pinned keys: Order at CUSTOMER#{customerId} / ORDER#{orderId}
// is addressed with customerId too; no GetItem or UpdateItem can name the item without them).
std::vector<std::string> AddressNames(const Context& c, EntityId e) {
  std::vector<std::string> out = IdentifierNames(c.entity(e));
  for (int ti : c.layout.ItemTypesOf(e)) {
    const ItemType& t = c.layout.item_types[static_cast<std::size_t>(ti)];
    if (t.role != ItemRole::kEntity) continue;
    std::vector<std::string> attrs = t.partition_key.Attributes();
    for (const auto& a : t.sort_key.Attributes()) attrs.push_back(a);
    for (const auto& a : attrs) {
      if (std::find(out.begin(), out.end(), a) == out.end()) out.push_back(a);
    }
  }
  return out;
}

// The attributes the index keys `w` recomputes are built from (or made sparse by) that `w` does
// not set, found from the layout whatever the plan says; empty when `w` changes a table key or a
// unique attribute, or sets every attribute (no list).
std::vector<std::string> KeyPartners(const Context& c, const WritePattern& w) {
  const Entity& en = c.entity(w.entity);
  if (w.attributes.empty() || en.versioned) return {};
  std::vector<std::string> id = AddressNames(c, w.entity);
  std::set<std::string> used;
  for (int ti : c.layout.ItemTypesOf(w.entity)) {
    const ItemType& t = c.layout.item_types[static_cast<std::size_t>(ti)];
    if (t.role != ItemRole::kEntity && t.role != ItemRole::kFacet) continue;
    for (const auto& a : w.attributes) {
      if (t.partition_key.Uses(a) || t.sort_key.Uses(a)) return {};
    }
    for (const IndexKeys& k : t.index_keys) {
      std::vector<std::string> attrs = k.partition_key.Attributes();
      for (const auto& a : k.sort_key.Attributes()) attrs.push_back(a);
      for (const auto& f : k.only_when) attrs.push_back(f.attribute);
      bool recomputed = std::any_of(w.attributes.begin(), w.attributes.end(),
                                    [&](const std::string& a) { return Has(attrs, a); });
      if (recomputed) used.insert(attrs.begin(), attrs.end());
    }
  }
  std::vector<std::string> out;
  for (const Attribute& a : en.attributes) {
    if (a.unique && Has(w.attributes, a.name)) return {};
    if (used.count(a.name) && !Has(w.attributes, a.name) && !Has(id, a.name)) out.push_back(a.name);
  }
  return out;
}

// New values for the attributes `w` sets, each different from the one in `current`; `removed`
// gets the attributes the change removes instead (presence rules: a state left, model.h
// PresenceCondition).
sim::Item Change(Context& c, const WritePattern& w, const sim::Item& current, std::int64_t serial,
                 std::vector<std::string>& removed) {
  const Entity& en = c.entity(w.entity);
  std::vector<std::string> id = IdentifierNames(en);
  sim::Item out;
  for (const std::string& name : w.attributes) {
    AttrId a = en.FindAttribute(name);
    if (a < 0 || Has(id, name)) continue;
    const Attribute& attr = en.attributes[static_cast<std::size_t>(a)];
    std::string old = Natural(current, name);
    sim::AttributeValue v = SynthValue(attr, c.rng, serial, name == en.ttl);
    for (int k = 1; k < 8 && NaturalText(v) == old; ++k)
      v = SynthValue(attr, c.rng, serial + k, name == en.ttl);
    if (attr.type == AttrType::kEnum) {
      for (const auto& value : attr.enum_values) {
        if (value != old) {
          v = sim::AttributeValue::S(value);
          if (c.rng.Below(2) == 0) break;
        }
      }
    }
    out[name] = v;
  }
  sim::Item merged = current;
  for (const auto& [name, value] : out) merged[name] = value;
  HonourPresence(en, merged, nullptr, serial);
  for (auto it = out.begin(); it != out.end();) {
    if (merged.count(it->first)) {
      ++it;
      continue;
    }
    removed.push_back(it->first);
    it = out.erase(it);
  }
  if (c.options.canonical) {
    // The values as the caller's typed structs hold them (a timestamp with milliseconds), like
    // every other value the check writes (internal.h Canonicalize).
    sim::Item canon = c.options.canonical(w.entity, merged);
    for (auto& [name, value] : out) {
      auto it = canon.find(name);
      if (it != canon.end()) value = it->second;
    }
  }
  return out;
}

sim::Item Merged(sim::Item base, const sim::Item& change, const std::vector<std::string>& removed) {
  for (const auto& [name, value] : change) base[name] = value;
  for (const std::string& name : removed) base.erase(name);
  return base;
}

bool Refused(const sim::Error& e) {
  return e.name == "ConditionalCheckFailedException" || e.name == "TransactionCanceledException";
}

}  // namespace

void CheckConcurrentUpdate(Context& c, int w, PatternCheck& result) {
  const WritePlan& plan = c.layout.writes[static_cast<std::size_t>(w)];
  const WritePattern& wp = c.model.write_patterns[static_cast<std::size_t>(plan.pattern_id)];
  // (A write with `also` entries is checked without the interleaving: its entries' items are
  // the caller's records, not read here.)
  if (wp.kind != WriteKind::kUpdate || !wp.also.empty()) return;
  std::vector<std::string> partners = KeyPartners(c, wp);
  if (partners.empty()) return;
  EntityId e = wp.entity;
  const Entity& en = c.entity(e);
  // The concurrent writer: the first other update of the entity that sets one of the partners
  // and leaves its own keys to plain updates.
  int other = -1;
  for (std::size_t o = 0; o < c.layout.writes.size() && other < 0; ++o) {
    const WritePattern& ow =
        c.model.write_patterns[static_cast<std::size_t>(c.layout.writes[o].pattern_id)];
    if (static_cast<int>(o) == w || ow.kind != WriteKind::kUpdate || ow.entity != e ||
        !ow.also.empty())
      continue;
    bool sets_partner = std::any_of(ow.attributes.begin(), ow.attributes.end(),
                                    [&](const std::string& a) { return Has(partners, a); });
    if (sets_partner && !KeyPartners(c, ow).empty()) other = static_cast<int>(o);
  }
  // A live record on which both patterns' conditions (`condition:`) hold.
  auto& records = c.data.records[static_cast<std::size_t>(e)];
  const WritePattern* ow_pattern =
      other < 0 ? nullptr
                : &c.model.write_patterns[static_cast<std::size_t>(
                      c.layout.writes[static_cast<std::size_t>(other)].pattern_id)];
  std::vector<std::size_t> live;
  const auto& del = c.deleted[static_cast<std::size_t>(e)];
  for (std::size_t i = 0; i < del.size(); ++i) {
    if (del[i] || !ConditionArguments(en, wp, records[i].current(), -1)) continue;
    if (ow_pattern && !ConditionArguments(en, *ow_pattern, records[i].current(), -1)) continue;
    live.push_back(i);
  }
  if (live.empty()) return;
  std::size_t i = live[c.rng.Below(live.size())];
  sim::Item truth = records[i].current();
  const exec::Arguments args = WithCheckClock(*ConditionArguments(en, wp, truth, -1));
  const exec::Arguments oargs = WithCheckClock(
      ow_pattern ? *ConditionArguments(en, *ow_pattern, truth, -1) : exec::Arguments{});
  // The call's address: its identifier and the other table key attributes (AddressNames).
  sim::Item ids;
  for (const std::string& name : AddressNames(c, e)) {
    auto it = truth.find(name);
    if (it != truth.end()) ids[name] = it->second;
  }
  std::string identity;
  for (const auto& [name, value] : ids)
    identity += (identity.empty() ? "" : ", ") + fmt::format("{} = {}", name, NaturalText(value));
  auto error_text = [](const sim::Error& err) {
    return fmt::format("{}: {}", err.name, err.message);
  };
  // What the writers also hold: the values the entity's uniqueness items are keyed by. An update
  // moving an expiring entity's expiry updates those items too (model/derive/writes.cpp
  // PlanUpdateUniqueness), and the plans take their keys from the caller's record, as they take
  // the old value of a unique attribute an update changes (an update this check leaves out).
  sim::Item address = ids;
  for (int ti : c.layout.ItemTypesOf(e)) {
    const ItemType& t = c.layout.item_types[static_cast<std::size_t>(ti)];
    if (t.role != ItemRole::kUniqueness) continue;
    std::vector<std::string> keyed = t.partition_key.Attributes();
    for (const std::string& a : t.sort_key.Attributes()) keyed.push_back(a);
    for (const std::string& name : keyed) {
      auto it = truth.find(name);
      if (it != truth.end()) address[name] = it->second;
    }
  }
  exec::WriteStats stats;
  ++result.calls;
  // 1. The writer reads what its plan reads first, and nothing else.
  sim::Item known = address;
  if (auto s = exec::ReadFirst(*c.plane, c.model, c.layout, plan, known, stats); !s.ok()) {
    result.failures.push_back(fmt::format("{} failed to read {} ({}) before updating it: {}",
                                          wp.name, en.name, identity, error_text(s.error())));
    return;
  }
  std::vector<std::string> removed;
  sim::Item change = Change(c, wp, truth, 3000000 + w, removed);
  // 2. Meanwhile another pattern changes one of the attributes the keys are also built from.
  std::string story;
  if (other >= 0) {
    const WritePlan& oplan = c.layout.writes[static_cast<std::size_t>(other)];
    const WritePattern& ow = c.model.write_patterns[static_cast<std::size_t>(oplan.pattern_id)];
    sim::Item oknown = address;
    std::vector<std::string> oremoved;
    sim::Item ochange = Change(c, ow, truth, 3100000 + w, oremoved);
    exec::WriteStats ostats;
    sim::SimStatus s = exec::ReadFirst(*c.plane, c.model, c.layout, oplan, oknown, ostats);
    if (s.ok()) {
      exec::Record obefore{{oknown}};
      exec::Record oafter{{Merged(oknown, ochange, oremoved)}};
      s = exec::ApplyWrite(*c.plane, c.model, c.layout, oplan, &obefore, &oafter, ostats, oargs);
    }
    if (!s.ok()) {
      result.failures.push_back(
          fmt::format("{} failed to update {} ({}) while {} was under way: {}", ow.name, en.name,
                      identity, wp.name, error_text(s.error())));
      return;
    }
    // Its children's copies follow it (WritePlan::copies), in the dataset and the table.
    if (CopiedFrom(c.model, e)) {
      exec::Record was{{truth}};
      exec::Record now{{Merged(truth, ochange, oremoved)}};
      FollowCopies(c, other, was, now, result);
    }
    truth = Merged(truth, ochange, oremoved);
    std::vector<std::string> moved;
    for (const auto& [name, value] : ochange) moved.push_back(name);
    story = fmt::format(" (a concurrent {} changed {} between its read and its write)", ow.name,
                        fmt::join(moved, ", "));
  }
  // 3. The write, from what the writer knows; refused by its guard: read again and retry once.
  for (int attempt = 0;; ++attempt) {
    exec::Record before{{known}};
    exec::Record after{{Merged(known, change, removed)}};
    sim::SimStatus s =
        exec::ApplyWrite(*c.plane, c.model, c.layout, plan, &before, &after, stats, args);
    if (s.ok()) break;
    if (attempt > 0 || !Refused(s.error())) {
      result.failures.push_back(fmt::format("{} failed to update {} ({}){}: {}", wp.name, en.name,
                                            identity, story, error_text(s.error())));
      return;
    }
    known = address;
    if (auto r = exec::ReadFirst(*c.plane, c.model, c.layout, plan, known, stats); !r.ok()) {
      result.failures.push_back(fmt::format("{} failed to read {} ({}) again: {}", wp.name, en.name,
                                            identity, error_text(r.error())));
      return;
    }
  }
  result.requests += stats.requests;
  result.wcu += stats.wcu;
  result.rcu += stats.rcu;
  if (CopiedFrom(c.model, e)) {
    exec::Record was{{truth}};
    exec::Record now{{Merged(truth, change, removed)}};
    FollowCopies(c, w, was, now, result);
  }
  truth = Merged(truth, change, removed);
  // 4. Every item of the record holds the index keys its final values render.
  exec::Record final_record{{truth}};
  std::vector<std::string> key_attributes;
  for (const IndexLayout& index : c.layout.indexes) {
    key_attributes.push_back(index.partition_key);
    if (!index.sort_key.empty()) key_attributes.push_back(index.sort_key);
  }
  for (int ti : c.layout.ItemTypesOf(e)) {
    const ItemType& t = c.layout.item_types[static_cast<std::size_t>(ti)];
    if (t.role != ItemRole::kEntity && t.role != ItemRole::kFacet) continue;
    std::vector<sim::Item> expected = exec::RenderItems(c.model, c.layout, ti, final_record);
    auto key = exec::RenderItemKey(c.model, c.layout, ti, final_record, 1);
    if (expected.empty() || !key) continue;
    sim::GetItemRequest get;
    get.table_name = c.layout.table_name;
    get.key = *key;
    get.consistent_read = true;
    auto got = c.plane->GetItem(get);
    if (!got.ok() || !got->item) {
      result.failures.push_back(fmt::format("{}{} left no {} item for {} ({})", wp.name, story,
                                            t.name, en.name, identity));
      return;
    }
    for (const std::string& attr : key_attributes) {
      std::string want = Natural(expected.front(), attr);
      std::string have = Natural(*got->item, attr);
      if (want == have) continue;
      result.failures.push_back(fmt::format(
          "{}{} left {} ({}) with {} = '{}', but its values make it '{}': the plan recomputes "
          "that key from {} too, which it neither sets nor reads first under a condition on "
          "the value read",
          wp.name, story, t.name, identity, attr, have, want, fmt::join(partners, ", ")));
      return;
    }
  }
  records[i].versions.back() = truth;
  c.touched[static_cast<std::size_t>(e)].push_back(i);
  (void)c.oracle->Store(e, i, &records[i]);
  FollowTransactionGroups(c, e);
}

}  // namespace model::check
