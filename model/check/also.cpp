#include "model/check/also.h"

#include <algorithm>
#include <set>
#include <string>

#include "model/check/conditions.h"
#include "model/check/synth.h"

namespace model::check {

namespace {

// The live record of `e` whose identifier is `id`'s values, or nullopt.
std::optional<std::size_t> LiveRecord(const Context& c, EntityId e, const sim::Item& id) {
  const Entity& en = c.entity(e);
  const auto& records = c.data.records[static_cast<std::size_t>(e)];
  const auto& deleted = c.deleted[static_cast<std::size_t>(e)];
  if (id.size() != en.identifier.size()) return std::nullopt;
  for (std::size_t i = 0; i < records.size(); ++i) {
    if (deleted[i]) continue;
    bool same = std::all_of(id.begin(), id.end(), [&](const auto& kv) {
      return Natural(records[i].current(), kv.first) == exec::NaturalText(kv.second);
    });
    if (same) return i;
  }
  return std::nullopt;
}

// `before` with new values for the update entry's attributes: an enum moves to another value,
// a boolean to the other; the presence rules kept.
Record Updated(Context& c, const AlsoWrite& a, const Record& before, std::int64_t serial) {
  const Entity& en = c.entity(a.entity);
  sim::Item next = before.current();
  for (const std::string& name : a.attributes) {
    AttrId id = en.FindAttribute(name);
    if (id < 0) continue;
    const Attribute& attr = en.attributes[static_cast<std::size_t>(id)];
    sim::AttributeValue v = SynthValue(attr, c.rng, serial, attr.name == en.ttl);
    if (attr.type == AttrType::kEnum && attr.enum_values.size() > 1) {
      std::vector<std::string> others;
      for (const std::string& value : attr.enum_values) {
        if (value != Natural(next, name)) others.push_back(value);
      }
      v = sim::AttributeValue::S(others[c.rng.Below(others.size())]);
    } else if (attr.type == AttrType::kBoolean) {
      v = sim::AttributeValue::Bool(Natural(next, name) != "true");
    }
    next[name] = v;
  }
  HonourPresence(en, next, &c.rng, serial);
  Record after = before;
  after.versions.back() = next;
  Canonicalize(c, a.entity, after);
  return after;
}

}  // namespace

bool PrepareAlso(Context& c, const WritePattern& wp, const sim::Item& written, int fail_entry,
                 int fail_clause, std::int64_t serial, AlsoRun& run) {
  run = AlsoRun{};
  const auto n = wp.also.size();
  run.target.resize(n);
  run.before.resize(n);
  run.after.resize(n);
  run.records.resize(n);
  for (std::size_t i = 0; i < n; ++i) {
    const AlsoWrite& a = wp.also[i];
    auto target =
        LiveRecord(c, a.entity, exec::AlsoIdentifier(c.model, wp, static_cast<int>(i), written));
    if (!target) return false;
    run.target[i] = *target;
    run.before[i] = c.data.records[static_cast<std::size_t>(a.entity)][*target];
    auto args = ConditionArguments(c.entity(a.entity), a.conditions, run.before[i].current(),
                                   static_cast<int>(i) == fail_entry ? fail_clause : -1);
    if (!args) return false;
    run.args.insert(args->begin(), args->end());
    if (a.kind == AlsoKind::kUpdate)
      run.after[i] = Updated(c, a, run.before[i], serial + static_cast<std::int64_t>(i));
  }
  for (std::size_t i = 0; i < n; ++i) {
    if (wp.also[i].kind == AlsoKind::kUpdate) run.records[i] = {&run.before[i], &run.after[i]};
    if (wp.also[i].kind == AlsoKind::kDelete) run.records[i] = {&run.before[i], nullptr};
  }
  return true;
}

namespace {

// AimAlso from entry `i` on: a live item of its entity on which its condition can give the
// outcome asked, consistent with the key attributes earlier entries set (`fixed`), tried from a
// random start; backtracks over the earlier entries' choices.
bool AimFrom(Context& c, const WritePattern& wp, sim::Item& written, int fail_entry,
             int fail_clause, std::size_t i, std::set<std::string>& fixed) {
  // A create's identifier may hold the attributes the entries name their items by (Entry's
  // [tournamentId, teamId] names its Tournament): pointing them at another item must not give it
  // an identity a record already has, or the create's attribute_not_exists refuses it.
  if (i == wp.also.size())
    return wp.kind != WriteKind::kCreate ||
           (!TakenIdentities(c, wp.entity).count(IdentityOf(c.entity(wp.entity), written)) &&
            !JoinsFullParent(c, wp.entity, written));
  const AlsoWrite& a = wp.also[i];
  const Entity& en = c.entity(a.entity);
  const auto& records = c.data.records[static_cast<std::size_t>(a.entity)];
  const auto& deleted = c.deleted[static_cast<std::size_t>(a.entity)];
  const int failing = static_cast<int>(i) == fail_entry ? fail_clause : -1;
  if (records.empty()) return false;
  const std::size_t start = c.rng.Below(records.size());
  for (std::size_t k = 0; k < records.size(); ++k) {
    const std::size_t r = (start + k) % records.size();
    if (deleted[r] || !ConditionArguments(en, a.conditions, records[r].current(), failing))
      continue;
    // The identifier values it gives, unless an earlier entry fixed one otherwise.
    sim::Item values;
    bool consistent = true;
    for (std::size_t id = 0; id < en.identifier.size() && id < a.key_from.size(); ++id) {
      const std::string& name = en.attributes[static_cast<std::size_t>(en.identifier[id])].name;
      auto v = records[r].current().find(name);
      if (v == records[r].current().end()) {
        consistent = false;
        break;
      }
      if (fixed.count(a.key_from[id]) &&
          Natural(written, a.key_from[id]) != exec::NaturalText(v->second)) {
        consistent = false;
        break;
      }
      values[a.key_from[id]] = v->second;
    }
    if (!consistent) continue;
    sim::Item saved = written;
    std::set<std::string> fixed_before = fixed;
    for (const auto& [name, v] : values) {
      written[name] = v;
      fixed.insert(name);
    }
    if (AimFrom(c, wp, written, fail_entry, fail_clause, i + 1, fixed)) return true;
    written = std::move(saved);
    fixed = std::move(fixed_before);
  }
  return false;
}

}  // namespace

bool AimAlso(Context& c, const WritePattern& wp, sim::Item& written, int fail_entry,
             int fail_clause, std::int64_t serial) {
  if (wp.also.empty()) return true;
  std::set<std::string> fixed;
  if (!AimFrom(c, wp, written, fail_entry, fail_clause, 0, fixed)) return false;
  AlsoRun probe;
  return PrepareAlso(c, wp, written, fail_entry, fail_clause, serial, probe);
}

void CommitAlso(Context& c, const WritePattern& wp, AlsoRun& run) {
  for (std::size_t i = 0; i < wp.also.size() && i < run.target.size(); ++i) {
    const EntityId e = wp.also[i].entity;
    if (wp.also[i].kind == AlsoKind::kDelete) {
      c.deleted[static_cast<std::size_t>(e)][run.target[i]] = true;
      (void)c.oracle->Store(e, run.target[i], nullptr);
      DeleteEmbeddedChildren(c, e, c.data.records[static_cast<std::size_t>(e)][run.target[i]]);
      continue;
    }
    if (wp.also[i].kind != AlsoKind::kUpdate) continue;
    auto& records = c.data.records[static_cast<std::size_t>(e)];
    records[run.target[i]] = run.after[i];
    c.touched[static_cast<std::size_t>(e)].push_back(run.target[i]);
    (void)c.oracle->Store(e, run.target[i], &records[run.target[i]]);
  }
}

}  // namespace model::check
