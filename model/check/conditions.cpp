#include "model/check/conditions.h"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <optional>
#include <string>

#include "model/check/also.h"
#include "model/check/internal.h"
#include "model/exec/embedded.h"
#include "model/exec/items.h"
#include "model/exec/writes.h"
#include "model/sim/api/number.h"

namespace model::check {

namespace {

const Attribute* AttributeOf(const Entity& en, const std::string& name) {
  AttrId a = en.FindAttribute(name);
  return a < 0 ? nullptr : &en.attributes[static_cast<std::size_t>(a)];
}

bool Compare(ConditionOp op, const sim::AttributeValue* stored,
             const sim::AttributeValue& operand) {
  if (!stored) return op == ConditionOp::kNe;  // a missing attribute: only <> holds
  // Equality is exact (type and value); order only between values of one sortable type.
  if (op == ConditionOp::kEq) return *stored == operand;
  if (op == ConditionOp::kNe) return !(*stored == operand);
  if (stored->type() != operand.type()) return false;
  int order = exec::CompareTyped(*stored, operand);
  switch (op) {
    case ConditionOp::kEq:
    case ConditionOp::kNe:
      break;
    case ConditionOp::kLt:
      return order < 0;
    case ConditionOp::kLe:
      return order <= 0;
    case ConditionOp::kGt:
      return order > 0;
    case ConditionOp::kGe:
      return order >= 0;
    case ConditionOp::kExists:
    case ConditionOp::kNotExists:
      break;
  }
  return false;
}

// A value of `stored`'s type that sorts just above (`up`) or just below it, or nullopt when
// there is none that the attribute can be compared with (a string with nothing below it).
std::optional<sim::AttributeValue> Beside(const Attribute& attr, const sim::AttributeValue& stored,
                                          bool up) {
  if (attr.type == AttrType::kTimestamp || attr.type == AttrType::kDate) {
    // A second (a day) away, still a valid timestamp (date), as generated code parses them.
    const bool date = attr.type == AttrType::kDate;
    auto secs =
        exec::ExpirySeconds(date ? sim::AttributeValue::S(stored.scalar() + "T00:00:00Z") : stored);
    if (!secs) return std::nullopt;
    const std::int64_t step = date ? 86400 : 1;
    std::string text = TimestampAt(*secs + (up ? step : -step));
    return sim::AttributeValue::S(date ? text.substr(0, 10) : text);
  }
  if (stored.is(sim::ValueType::kN)) {
    // One unit away (exact decimal arithmetic): integers stay integers.
    auto next =
        up ? sim::Number::Add(stored.scalar(), "1") : sim::Number::Subtract(stored.scalar(), "1");
    if (!next.ok()) return std::nullopt;
    return sim::AttributeValue::N(*next);
  }
  if (stored.is(sim::ValueType::kS)) {
    const std::string& s = stored.scalar();
    if (up) return sim::AttributeValue::S(s + "~");
    if (s.size() > 1) return sim::AttributeValue::S(s.substr(0, s.size() - 1));
    return std::nullopt;
  }
  if (stored.is(sim::ValueType::kBool)) return sim::AttributeValue::Bool(!stored.boolean());
  return std::nullopt;
}

// A value for parameter clause `cond` on a record holding `stored` (null: absent) under which the
// clause holds (`hold`) or fails; nullopt when none does.
std::optional<sim::AttributeValue> ParameterValue(const Attribute& attr, const WriteCondition& cond,
                                                  const sim::AttributeValue* stored, bool hold) {
  if (!stored) {
    // Absent: only <> holds, whatever the value; the others fail whatever it is.
    if ((cond.op == ConditionOp::kNe) != hold) return std::nullopt;
    if (attr.type == AttrType::kEnum && !attr.enum_values.empty())
      return sim::AttributeValue::S(attr.enum_values.front());
    if (IsNumeric(attr.type)) return sim::AttributeValue::N("1");
    if (attr.type == AttrType::kBoolean) return sim::AttributeValue::Bool(true);
    if (attr.type == AttrType::kTimestamp) return sim::AttributeValue::S("2020-01-01T00:00:00Z");
    if (attr.type == AttrType::kDate) return sim::AttributeValue::S("2020-01-01");
    return sim::AttributeValue::S("absent");
  }
  // Another value of an enum: the first one that differs.
  auto other = [&]() -> std::optional<sim::AttributeValue> {
    if (attr.type == AttrType::kEnum) {
      for (const std::string& v : attr.enum_values) {
        if (v != exec::NaturalText(*stored)) return sim::AttributeValue::S(v);
      }
      return std::nullopt;
    }
    return Beside(attr, *stored, true);
  };
  switch (cond.op) {
    case ConditionOp::kEq:
      return hold ? std::optional(*stored) : other();
    case ConditionOp::kNe:
      return hold ? other() : std::optional(*stored);
    case ConditionOp::kLt:  // stored < v
      return hold ? Beside(attr, *stored, true) : std::optional(*stored);
    case ConditionOp::kLe:  // stored <= v
      return hold ? std::optional(*stored) : Beside(attr, *stored, false);
    case ConditionOp::kGt:  // stored > v
      return hold ? Beside(attr, *stored, false) : std::optional(*stored);
    case ConditionOp::kGe:  // stored >= v
      return hold ? std::optional(*stored) : Beside(attr, *stored, true);
    case ConditionOp::kExists:
    case ConditionOp::kNotExists:
      break;
  }
  return std::nullopt;
}

// Attributes whose values other synthesis rules decide: left as drawn. A state attribute (one
// another attribute's `present_when` names) is steered, and SteerConditions then re-applies the
// presence rules to the attributes that depend on it (a game steered to PLAYING loses its
// LOBBY-only attributes and gains its PLAYING ones).
bool Steerable(const Entity& en, const Attribute& attr, AttrId a, const std::vector<bool>& linked) {
  if (linked[static_cast<std::size_t>(a)] || attr.name == en.ttl ||
      attr.time_order != TimeOrder::kNone || attr.present_when)
    return false;
  if (std::find(en.identifier.begin(), en.identifier.end(), a) != en.identifier.end()) return false;
  for (const TogetherGroup& g : en.together) {
    if (std::find(g.attributes.begin(), g.attributes.end(), attr.name) != g.attributes.end())
      return false;
  }
  for (const Attribute& other : en.attributes) {
    if (other.created == attr.name) return false;
  }
  return true;
}

bool IsStateAttribute(const Entity& en, const std::string& name) {
  return std::any_of(en.attributes.begin(), en.attributes.end(), [&](const Attribute& other) {
    return other.present_when && other.present_when->attribute == name;
  });
}

// A value of `attr`'s type that sorts just after (`above`) or before the literal `text`: a number
// one more or less, a timestamp or date in the next or previous year (their text order is their
// time order), a string with a character added or its last one dropped. nullopt when there is
// none (the empty string has nothing before it, year 0000 or 9999).
std::optional<sim::AttributeValue> Beyond(const Attribute& attr, const std::string& text,
                                          bool above) {
  if (IsNumeric(attr.type)) {
    auto canonical = sim::Number::Parse(text);
    if (!canonical.ok()) return std::nullopt;
    auto moved = above ? sim::Number::Add(*canonical, "1") : sim::Number::Subtract(*canonical, "1");
    if (!moved.ok()) return std::nullopt;
    return sim::AttributeValue::N(*moved);
  }
  if (attr.type == AttrType::kTimestamp || attr.type == AttrType::kDate) {
    if (text.size() < 4 || !std::all_of(text.begin(), text.begin() + 4,
                                        [](char ch) { return ch >= '0' && ch <= '9'; }))
      return std::nullopt;
    int year = std::stoi(text.substr(0, 4)) + (above ? 1 : -1);
    if (year < 1 || year > 9999) return std::nullopt;
    // 29 February moves to the 28th: every year has that day.
    std::string out = fmt::format("{:04d}{}", year, text.substr(4));
    if (out.compare(4, 6, "-02-29") == 0) out[9] = '8';
    return sim::AttributeValue::S(out);
  }
  if (attr.type == AttrType::kString) {
    if (above) return sim::AttributeValue::S(text + "a");
    if (text.empty()) return std::nullopt;
    return sim::AttributeValue::S(text.substr(0, text.size() - 1));
  }
  return std::nullopt;
}

// Gives `item` a value of the clause's attribute under which literal clause `cond` holds or fails.
void Steer(const Entity& en, const Attribute& attr, const WriteCondition& cond, bool hold,
           std::int64_t serial, sim::Item& item, Rng& rng) {
  if (ConditionHolds(en, cond, item, {}) == hold) return;
  if (cond.op == ConditionOp::kExists || cond.op == ConditionOp::kNotExists) {
    if ((cond.op == ConditionOp::kExists) == hold) {
      item[attr.name] = SynthValue(attr, rng, serial);
    } else {
      item.erase(attr.name);
    }
    return;
  }
  for (int k = 0; k < 64; ++k) {
    item[attr.name] = SynthValue(attr, rng, serial * 64 + k);
    if (ConditionHolds(en, cond, item, {}) == hold) return;
  }
  // The literal itself: it satisfies =, <= and >= and fails <>, < and >.
  item[attr.name] = exec::ConditionLiteral(attr, cond.value);
  if (ConditionHolds(en, cond, item, {}) == hold) return;
  // A value just past the literal, on either side: `booked > 100000` or `departsAt >
  // 2030-01-01T00:00:00Z` lie outside the drawn ranges.
  for (bool above : {true, false}) {
    if (auto beyond = Beyond(attr, cond.value, above)) {
      item[attr.name] = *beyond;
      if (ConditionHolds(en, cond, item, {}) == hold) return;
    }
  }
  if (!attr.required && !hold && cond.op != ConditionOp::kNe) item.erase(attr.name);
}

}  // namespace

// Every item the write of record `before` -> `after` could touch, read strongly consistent, by
// its table key's text: each item type's items of both records.
std::map<std::string, std::optional<sim::Item>> Snapshot(Context& c, EntityId e,
                                                         const Record& before,
                                                         const Record* after) {
  std::map<std::string, std::optional<sim::Item>> out;
  auto read = [&](const sim::Item& rendered) {
    sim::GetItemRequest r;
    r.table_name = c.layout.table_name;
    r.key[c.layout.partition_key] = rendered.at(c.layout.partition_key);
    if (auto sk = rendered.find(c.layout.sort_key); sk != rendered.end())
      r.key[c.layout.sort_key] = sk->second;
    r.consistent_read = true;
    std::string text = fmt::format("{} / {}", exec::Natural(rendered, c.layout.partition_key),
                                   exec::Natural(rendered, c.layout.sort_key));
    auto got = c.plane->GetItem(r);
    out[text] = got.ok() ? got->item : std::nullopt;
  };
  // An embedded child has no item of its own: its write changes its parent's item.
  if (const EmbeddedLayout* emb = c.layout.EmbeddedChild(e)) {
    for (const Record* rec : {&before, after}) {
      if (!rec) continue;
      auto key =
          exec::RenderItemKey(c.model, c.layout, emb->parent_type,
                              Record{{exec::EmbeddedParentIdentifier(*emb, rec->current())}}, 1);
      if (key) read(*key);
    }
  }
  for (int t : c.layout.ItemTypesOf(e)) {
    for (const Record* rec : {&before, after}) {
      if (!rec) continue;
      for (const sim::Item& item : exec::RenderItems(c.model, c.layout, t, *rec)) read(item);
    }
  }
  return out;
}

// The record after a refused update: the pattern's attributes (those that are not identifier
// attributes) given fresh values, the presence rules kept.
Record RefusedUpdate(Context& c, const WritePattern& wp, const Record& before, int k) {
  const Entity& en = c.entity(wp.entity);
  sim::Item next = before.current();
  for (const std::string& name : wp.attributes) {
    AttrId a = en.FindAttribute(name);
    if (a < 0 || std::find(en.identifier.begin(), en.identifier.end(), a) != en.identifier.end())
      continue;
    const Attribute& attr = en.attributes[static_cast<std::size_t>(a)];
    next[name] = SynthValue(attr, c.rng, 4000000 + k, attr.name == en.ttl);
  }
  HonourPresence(en, next, &c.rng, 4000000 + k);
  Record after = before;
  if (en.versioned) {
    after.versions.push_back(next);
  } else {
    after.versions.back() = next;
  }
  NumberVersions(en, after);
  Canonicalize(c, wp.entity, after);
  return after;
}

// DynamoDB's answers to a failed condition, or generated code's (codegen/runtime/runtime.h
// Table::Write: "ConditionFailed") when the check runs through it.
bool RefusedForCondition(const sim::Error& error) {
  if (error.name == "ConditionalCheckFailedException" || error.name == "ConditionFailed")
    return true;
  if (error.name != "TransactionCanceledException") return false;
  return std::any_of(
      error.reasons.begin(), error.reasons.end(),
      [](const sim::CancellationReason& r) { return r.code == "ConditionalCheckFailed"; });
}

bool ConditionHolds(const Entity& en, const WriteCondition& cond, const sim::Item& stored,
                    const exec::Arguments& args) {
  auto it = stored.find(cond.attribute);
  const sim::AttributeValue* value = it == stored.end() ? nullptr : &it->second;
  if (cond.op == ConditionOp::kExists) return value != nullptr;
  if (cond.op == ConditionOp::kNotExists) return value == nullptr;
  if (!cond.parameter.empty()) {
    auto arg = args.find(cond.parameter);
    return arg != args.end() && Compare(cond.op, value, arg->second);
  }
  const Attribute* attr = AttributeOf(en, cond.attribute);
  return attr && Compare(cond.op, value, exec::ConditionLiteral(*attr, cond.value));
}

std::optional<exec::Arguments> ConditionArguments(const Entity& en, const WritePattern& wp,
                                                  const sim::Item& stored, int failing) {
  return ConditionArguments(en, wp.conditions, stored, failing);
}

std::optional<exec::Arguments> ConditionArguments(const Entity& en,
                                                  const std::vector<WriteCondition>& conditions,
                                                  const sim::Item& stored, int failing) {
  exec::Arguments args;
  for (std::size_t i = 0; i < conditions.size(); ++i) {
    const WriteCondition& cond = conditions[i];
    const bool hold = static_cast<int>(i) != failing;
    if (cond.parameter.empty()) {
      if (ConditionHolds(en, cond, stored, {}) != hold) return std::nullopt;
      continue;
    }
    const Attribute* attr = AttributeOf(en, cond.attribute);
    if (!attr) return std::nullopt;
    auto it = stored.find(cond.attribute);
    auto value = ParameterValue(*attr, cond, it == stored.end() ? nullptr : &it->second, hold);
    if (!value) return std::nullopt;
    args[cond.parameter] = *value;
  }
  return args;
}

void SteerConditions(const Model& m, EntityId e, std::int64_t serial,
                     const std::vector<bool>& linked, sim::Item& item, Rng& rng) {
  const Entity& en = m.entities[static_cast<std::size_t>(e)];
  // One role per slot: a pattern's condition holding, or one of its literal clauses failing.
  // (An `also` entry's condition on `e` is one too: its failure runs need such records.)
  struct Role {
    const std::vector<WriteCondition>* conditions;
    int failing;  // -1: every clause holds
  };
  std::vector<Role> roles;
  auto add_roles = [&](const std::vector<WriteCondition>& conditions) {
    bool literal = false;
    for (std::size_t i = 0; i < conditions.size(); ++i) {
      if (!conditions[i].parameter.empty()) continue;
      if (!literal) roles.push_back({&conditions, -1});
      literal = true;
      roles.push_back({&conditions, static_cast<int>(i)});
    }
  };
  for (const WritePattern& wp : m.write_patterns) {
    if (wp.entity == e && wp.kind != WriteKind::kCreate) add_roles(wp.conditions);
    for (const AlsoWrite& a : wp.also) {
      if (a.entity == e) add_roles(a.conditions);
    }
  }
  if (roles.empty()) return;
  // Half the records keep the values drawn for them.
  std::size_t slot = static_cast<std::size_t>(serial) % (2 * roles.size());
  if (slot >= roles.size()) return;
  const Role& role = roles[slot];
  bool state_steered = false;
  for (std::size_t i = 0; i < role.conditions->size(); ++i) {
    const WriteCondition& cond = (*role.conditions)[i];
    AttrId a = en.FindAttribute(cond.attribute);
    if (!cond.parameter.empty() || a < 0) continue;
    const Attribute& attr = en.attributes[static_cast<std::size_t>(a)];
    if (!Steerable(en, attr, a, linked)) continue;
    const bool hold = static_cast<int>(i) != role.failing;
    if (IsStateAttribute(en, attr.name)) {
      // A state's value decides which other attributes exist and its declared shares decide how
      // many items are in it (a sparse index's size): only the first two cycles of records are
      // steered, enough for each role's runs, so the data keeps its declared shares.
      if (serial >= 4 * static_cast<std::int64_t>(roles.size())) continue;
      if (ConditionHolds(en, cond, item, {}) != hold) state_steered = true;
    }
    if (attr.unique) {
      // A unique value is never drawn again (it could be another record's): the literal goes on
      // one record only, the first of the first cycle whose role needs it (a clause holding by
      // =, <=, >=, or failing by <>, <, >); the values drawn for the others differ from it.
      auto takes_literal = [&](const WriteCondition& c, bool h) {
        const bool equalish =
            c.op == ConditionOp::kEq || c.op == ConditionOp::kLe || c.op == ConditionOp::kGe;
        const bool strict =
            c.op == ConditionOp::kNe || c.op == ConditionOp::kLt || c.op == ConditionOp::kGt;
        return c.parameter.empty() && c.attribute == cond.attribute && c.value == cond.value &&
               ((h && equalish) || (!h && strict));
      };
      std::size_t first = roles.size();
      for (std::size_t j = 0; j < roles.size() && first == roles.size(); ++j) {
        const auto& clauses = *roles[j].conditions;
        for (std::size_t k = 0; k < clauses.size(); ++k) {
          if (takes_literal(clauses[k], static_cast<int>(k) != roles[j].failing)) {
            first = j;
            break;
          }
        }
      }
      if (serial < static_cast<std::int64_t>(roles.size()) && first == slot &&
          takes_literal(cond, hold))
        item[attr.name] = exec::ConditionLiteral(attr, cond.value);
      continue;
    }
    Steer(en, attr, cond, hold, serial, item, rng);
  }
  if (state_steered) HonourPresence(en, item, &rng, serial);
}

void CheckConditionFailures(Context& c, int w, PatternCheck& result) {
  const WritePlan& plan = c.layout.writes[static_cast<std::size_t>(w)];
  const WritePattern& wp = c.model.write_patterns[static_cast<std::size_t>(plan.pattern_id)];
  if (wp.conditions.empty() || wp.kind == WriteKind::kCreate) return;
  const EntityId e = wp.entity;
  const Entity& en = c.entity(e);
  auto& records = c.data.records[static_cast<std::size_t>(e)];
  const auto& deleted = c.deleted[static_cast<std::size_t>(e)];
  for (std::size_t clause = 0; clause < wp.conditions.size(); ++clause) {
    const WriteCondition& cond = wp.conditions[clause];
    std::optional<std::size_t> pick;
    exec::Arguments args;
    AlsoRun run;  // the `also` entries' items, on which their conditions hold
    for (std::size_t i = 0; i < records.size() && !pick; ++i) {
      if (deleted[i]) continue;
      if (auto a = ConditionArguments(en, wp, records[i].current(), static_cast<int>(clause))) {
        if (!wp.also.empty() && !PrepareAlso(c, wp, records[i].current(), -1, -1, 4500000 + w, run))
          continue;
        pick = i;
        args = std::move(*a);
        args.insert(run.args.begin(), run.args.end());
      }
    }
    if (!pick) {
      // A coverage gap, as a read that returns nothing is: the check proved nothing about the
      // refused path, and nothing it ran was wrong (an aggregate's count that only exists
      // above 0 never fails `votes > 0`). A warning, failing under --strict.
      result.warnings.push_back(fmt::format(
          "{}: no {} in the synthetic data on which {} fails and the rest of the condition "
          "holds: the synthetic data never exercises its failure path, so the refused write "
          "was not run",
          wp.name, en.name, cond.Text()));
      continue;
    }
    const Record& before = records[*pick];
    std::optional<Record> after;
    if (wp.kind == WriteKind::kUpdate)
      after = RefusedUpdate(c, wp, before, static_cast<int>(clause));
    auto was = Snapshot(c, e, before, after ? &*after : nullptr);
    ++result.calls;
    sim::SimStatus s =
        ApplyWrite(c, w, &before, after ? &*after : nullptr, result, args, run.records);
    const std::string identity = IdentityText(en, before.current());
    if (s.ok()) {
      result.failures.push_back(
          fmt::format("{} applied to {} ({}) where {} does not hold: the condition was not sent",
                      wp.name, en.name, identity, cond.Text()));
    } else if (!RefusedForCondition(s.error())) {
      result.failures.push_back(fmt::format(
          "{} on {} ({}) where {} does not hold: expected ConditionalCheckFailedException or "
          "TransactionCanceledException (ConditionalCheckFailed), got {}: {}",
          wp.name, en.name, identity, cond.Text(), s.error().name, s.error().message));
    }
    auto now = Snapshot(c, e, before, after ? &*after : nullptr);
    if (now != was) {
      result.failures.push_back(fmt::format(
          "{} on {} ({}) where {} does not hold changed the table: a refused write must change "
          "nothing",
          wp.name, en.name, identity, cond.Text()));
    }
  }
}

}  // namespace model::check
