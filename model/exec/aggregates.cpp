#include "model/exec/aggregates.h"

#include <fmt/format.h>

#include <algorithm>

#include "model/aggregate_rules.h"
#include "model/exec/batch_get.h"
#include "model/exec/items.h"
#include "model/keys/key_template.h"
#include "model/keys/shard.h"
#include "model/sim/api/number.h"

namespace model::exec {

// Declared in aggregates.h.
std::optional<std::string> NumberOf(const sim::Item& record, const std::string& name) {
  auto it = record.find(name);
  if (it == record.end() || !it->second.is(sim::ValueType::kN)) return std::nullopt;
  auto parsed = sim::Number::Parse(it->second.scalar());
  if (!parsed.ok()) return std::nullopt;
  return parsed.value();
}

namespace {

const std::string& AttrName(const Entity& e, AttrId id) {
  return e.attributes[static_cast<std::size_t>(id)].name;
}

std::string AddNumbers(const std::string& a, const std::string& b, int sign) {
  auto r = sign > 0 ? sim::Number::Add(a, b) : sim::Number::Subtract(a, b);
  return r.ok() ? r.value() : a;
}

// The identifier of an `of` record as kLatest's state keys it and breaks ties: its identifier
// attributes' natural text, in identifier order, joined by newlines.
std::string IdentifierText(const Entity& of, const sim::Item& record) {
  std::string out;
  for (std::size_t i = 0; i < of.identifier.size(); ++i) {
    if (i > 0) out += '\n';
    out += Natural(record, AttrName(of, of.identifier[i]));
  }
  return out;
}

// The order of two `by` values of type `type` (<0, 0, >0): numbers by value, timestamps as
// instants (their key encoding: UTC, milliseconds), strings and dates by their UTF-8 bytes, as
// DynamoDB orders sort keys
// (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/HowItWorks.NamingRulesDataTypes.html).
int CompareOrder(AttrType type, const sim::AttributeValue& a, const sim::AttributeValue& b) {
  if ((type == AttrType::kNumber || type == AttrType::kInteger) && a.is(sim::ValueType::kN) &&
      b.is(sim::ValueType::kN))
    return sim::Number::Compare(a.scalar(), b.scalar());
  std::string x = NaturalText(a), y = NaturalText(b);
  if (type == AttrType::kTimestamp) {
    auto ex = keys::EncodeKeyValue(Encoding::kTimestamp, x, 0);
    auto ey = keys::EncodeKeyValue(Encoding::kTimestamp, y, 0);
    if (ex && ey) {
      x = *ex;
      y = *ey;
    }
  }
  return x.compare(y) < 0 ? -1 : x.compare(y) > 0 ? 1 : 0;
}

// Whether min and max of `type` keep times (text values) rather than numbers.
bool IsTime(AttrType type) { return type == AttrType::kTimestamp || type == AttrType::kDate; }

// The value a min or max of a `type` source takes from `name` of a record, as its state keys it:
// a number's canonical text, a timestamp's or date's text as stored; nullopt when it has none.
std::optional<std::string> ExtremeValueOf(AttrType type, const sim::Item& record,
                                          const std::string& name) {
  if (!IsTime(type)) return NumberOf(record, name);
  auto it = record.find(name);
  if (it == record.end() || !it->second.is(sim::ValueType::kS)) return std::nullopt;
  return it->second.scalar();
}

// The order of two min/max values of a `type` source (<0, 0, >0): numbers by value; timestamps
// by the instant they name (CompareOrder), then, naming the same instant in different text
// ("...Z" and "...+00:00"), by their text, so that the extreme is one value whatever the order
// the items came in; dates by their text (YYYY-MM-DD: text order is time order).
int CompareExtreme(AttrType type, const std::string& x, const std::string& y) {
  if (!IsTime(type)) return sim::Number::Compare(x, y);
  int order = CompareOrder(type, sim::AttributeValue::S(x), sim::AttributeValue::S(y));
  if (order != 0) return order;
  return x.compare(y) < 0 ? -1 : x.compare(y) > 0 ? 1 : 0;
}

// A min/max value of a `type` source as the target holds it: a Number, or a timestamp's or
// date's text as a String.
sim::AttributeValue ExtremeValue(AttrType type, const std::string& value) {
  return IsTime(type) ? sim::AttributeValue::S(value) : sim::AttributeValue::N(value);
}

// Whether a latest candidate (its `by` value and identifier text) comes after the best so far.
bool LaterThan(AttrType type, const sim::AttributeValue& by, const std::string& id,
               const sim::AttributeValue& best_by, const std::string& best_id) {
  int order = CompareOrder(type, by, best_by);
  return order > 0 || (order == 0 && id > best_id);
}

// The latest of kLatest state entries (identifier text -> [by] or [by, value]): the entry, or
// nullptr when there is none.
const sim::AttributeValue* LatestEntry(AttrType type, const sim::Item& entries) {
  const sim::AttributeValue* best = nullptr;
  const std::string* best_id = nullptr;
  for (const auto& [id, entry] : entries) {
    if (!entry.is(sim::ValueType::kL) || entry.list().empty()) continue;
    if (!best || LaterThan(type, entry.list()[0], id, best->list()[0], *best_id)) {
      best = &entry;
      best_id = &id;
    }
  }
  return best;
}

// The group state of one `into` item, as read.
struct Group {
  sim::Item record;  // `into`'s natural values
  bool exists = false;
  std::int64_t version = 0;
  sim::Item seen;  // source -> N sequence
  // min/max target -> M { number -> N count }; latest target -> M { identifier text -> L [by] or
  // [by, value] }
  sim::Item values;
};

// Takes `record`'s contribution out of (sign -1) or into (+1) the group.
// `only`, when given, limits it to that value. A joined count (kJoined) counts only an item that
// joins the group (sign +1 and `joins`: false when the item was in the group before the change,
// as an update within the group that changes a value is taken out and put back); leaving the
// group never takes one away.
void Contribute(const Model& model, const AggregateDecl& a, const sim::Item& record, int sign,
                Group& g, const AggregateValue* only = nullptr, bool joins = true) {
  const Entity& of = model.entities[static_cast<std::size_t>(a.of)];
  const Entity& into = model.entities[static_cast<std::size_t>(a.into)];
  // A group that only gains items (AppendOnly) keeps only the entry its value comes from: no item
  // ever leaves, so no next latest or next extreme is ever needed.
  const bool append_only = AppendOnly(model, a);
  for (const AggregateValue& v : a.values) {
    if (only && &v != only) continue;
    const std::string& target = AttrName(into, v.target);
    auto current = NumberOf(g.record, target);
    if (v.function == AggregateFunction::kCount) {
      g.record[target] = sim::AttributeValue::N(AddNumbers(current.value_or("0"), "1", sign));
      continue;
    }
    if (v.function == AggregateFunction::kJoined) {
      if (sign > 0 && joins)
        g.record[target] = sim::AttributeValue::N(AddNumbers(current.value_or("0"), "1", +1));
      else if (!current)
        g.record[target] = sim::AttributeValue::N("0");
      continue;
    }
    if (v.function == AggregateFunction::kLatest) {
      // The entry of each item with a `by` value; the target is the latest entry's value.
      auto slot = g.values.find(target);
      sim::Item entries = slot != g.values.end() ? slot->second.map() : sim::Item{};
      std::string id = IdentifierText(of, record);
      entries.erase(id);
      auto by = record.find(AttrName(of, v.by));
      if (sign > 0 && by != record.end()) {
        std::vector<sim::AttributeValue> entry = {by->second};
        if (auto it = record.find(AttrName(of, v.source)); it != record.end())
          entry.push_back(it->second);
        entries[id] = sim::AttributeValue::L(std::move(entry));
      }
      if (entries.empty()) {
        g.values.erase(target);
      } else {
        g.values[target] = sim::AttributeValue::M(entries);
      }
      const sim::AttributeValue* latest =
          LatestEntry(of.attributes[static_cast<std::size_t>(v.by)].type, entries);
      if (latest && latest->list().size() > 1) {
        g.record[target] = latest->list()[1];
      } else {
        g.record.erase(target);
      }
      if (append_only && latest) {
        sim::Item kept;
        for (const auto& [key, entry] : entries)
          if (&entry == latest) kept.emplace(key, entry);
        g.values[target] = sim::AttributeValue::M(std::move(kept));
      }
      continue;
    }
    const AttrType type = of.attributes[static_cast<std::size_t>(v.source)].type;
    auto value = ExtremeValueOf(type, record, AttrName(of, v.source));
    if (v.function == AggregateFunction::kSum) {
      std::string total = current.value_or("0");
      if (value) total = AddNumbers(total, *value, sign);
      g.record[target] = sim::AttributeValue::N(total);
      continue;
    }
    // min / max: the count of each value in the group (keyed by its text: a number's canonical
    // text, a timestamp's or date's as stored), then the extreme of those left.
    auto slot = g.values.find(target);
    sim::Item counts = slot != g.values.end() ? slot->second.map() : sim::Item{};
    if (value) {
      auto it = counts.find(*value);
      std::string n = AddNumbers(it == counts.end() ? "0" : it->second.scalar(), "1", sign);
      if (sim::Number::Compare(n, "0") <= 0) {
        counts.erase(*value);
      } else {
        counts[*value] = sim::AttributeValue::N(n);
      }
    }
    if (counts.empty()) {
      g.values.erase(target);
    } else {
      g.values[target] = sim::AttributeValue::M(counts);
    }
    std::optional<std::string> extreme;
    for (const auto& [number, count] : counts) {
      if (sim::Number::Compare(count.scalar(), "0") <= 0) continue;
      if (!extreme ||
          (v.function == AggregateFunction::kMin ? CompareExtreme(type, number, *extreme) < 0
                                                 : CompareExtreme(type, number, *extreme) > 0)) {
        extreme = number;
      }
    }
    if (extreme) {
      g.record[target] = ExtremeValue(type, *extreme);
    } else {
      g.record.erase(target);
    }
    if (append_only && extreme) {
      sim::Item kept;
      kept.emplace(*extreme, counts.at(*extreme));
      g.values[target] = sim::AttributeValue::M(std::move(kept));
    }
  }
}

// Digits of a stream sequence number for marks: 40 characters, zero-padded, so that text order is
// number order (StreamRecord SequenceNumber: 21 to 40 digits); "" for a change with none.
constexpr std::size_t kSequenceDigits = 40;

std::string PaddedSequence(const AggregateChange& change) {
  std::string digits = !change.sequence_text.empty() ? change.sequence_text
                       : change.sequence > 0         ? std::to_string(change.sequence)
                                                     : std::string();
  digits.erase(0, std::min(digits.find_first_not_of('0'), digits.size()));
  if (digits.empty() || digits.size() > kSequenceDigits ||
      digits.find_first_not_of("0123456789") != std::string::npos)
    return "";
  return std::string(kSequenceDigits - digits.size(), '0') + digits;
}

// One kAggregateSeenAttribute entry: [S sequence (PaddedSequence), N creation seconds]; also read
// as written before: a Number sequence, alone or first in the list.
struct SeenEntry {
  std::string sequence;  // padded
  std::optional<std::int64_t> created_s;
};

SeenEntry SeenMark(const sim::AttributeValue& v) {
  SeenEntry e;
  auto padded = [](const sim::AttributeValue& x) {
    std::string digits = x.scalar();
    return digits.size() < kSequenceDigits
               ? std::string(kSequenceDigits - digits.size(), '0') + digits
               : digits;
  };
  if (v.is(sim::ValueType::kN) || v.is(sim::ValueType::kS)) {
    e.sequence = padded(v);
  } else if (v.is(sim::ValueType::kL) && v.list().size() == 2) {
    e.sequence = padded(v.list()[0]);
    e.created_s = std::stoll(v.list()[1].scalar());
  }
  return e;
}

}  // namespace

bool MaintainerCreatesGroups(const Model& model, const AggregateDecl& a) {
  return !ApplicationMakesItems(model, a.into) && !AttributeAggregatesLeaveOut(model, a.into);
}

void StartGroupValues(const Model& model, EntityId into, sim::Item& record) {
  const Entity& en = model.entities[static_cast<std::size_t>(into)];
  for (const AggregateDecl& a : model.aggregates) {
    if (a.into != into) continue;
    for (const AggregateValue& v : a.values) {
      const std::string& name = AttrName(en, v.target);
      if (v.function == AggregateFunction::kCount || v.function == AggregateFunction::kSum ||
          v.function == AggregateFunction::kJoined)
        record[name] = sim::AttributeValue::N("0");
      else
        record.erase(name);
    }
  }
}

sim::Item EntityValues(const Entity& e, const sim::Item& item) {
  sim::Item out;
  for (const Attribute& attr : e.attributes) {
    auto it = item.find(attr.name);
    if (it != item.end()) out[attr.name] = it->second;
  }
  return out;
}

bool MatchesFilter(const AggregateDecl& aggregate, const sim::Item& of_record) {
  for (const FixedFilter& f : aggregate.filters) {
    auto it = of_record.find(f.attribute);
    if (it == of_record.end()) return false;
    if (it->second.is(sim::ValueType::kN)) {
      // Numbers by value ("12.50" is 12.5), as DynamoDB compares them.
      auto want = sim::Number::Parse(f.value);
      auto have = sim::Number::Parse(it->second.scalar());
      if (!want.ok() || !have.ok() || sim::Number::Compare(have.value(), want.value()) != 0)
        return false;
      continue;
    }
    if (NaturalText(it->second) != f.value) return false;
  }
  return true;
}

std::optional<sim::Item> GroupOf(const Model& model, const AggregateDecl& aggregate,
                                 const sim::Item& of_record) {
  const Entity& of = model.entities[static_cast<std::size_t>(aggregate.of)];
  const Entity& into = model.entities[static_cast<std::size_t>(aggregate.into)];
  // An item outside the filter belongs to no group (model.h AggregateDecl::filters).
  if (!MatchesFilter(aggregate, of_record)) return std::nullopt;
  sim::Item group;
  for (const GroupPart& g : aggregate.group) {
    auto it = of_record.find(AttrName(of, g.source));
    if (it == of_record.end()) return std::nullopt;
    if (g.bucket == TimeBucket::kNone) {
      group[AttrName(into, g.target)] = it->second;
      continue;
    }
    auto bucket = BucketText(g.bucket, NaturalText(it->second));
    if (!bucket) return std::nullopt;
    group[AttrName(into, g.target)] = sim::AttributeValue::S(*bucket);
  }
  return group;
}

sim::Item AggregateValues(const Model& model, const AggregateDecl& aggregate,
                          const std::vector<const sim::Item*>& records) {
  Group g;
  for (const AggregateValue& v : aggregate.values) {
    if (v.function == AggregateFunction::kCount || v.function == AggregateFunction::kSum ||
        v.function == AggregateFunction::kJoined)
      g.record[AttrName(model.entities[static_cast<std::size_t>(aggregate.into)], v.target)] =
          sim::AttributeValue::N("0");
  }
  const Entity& of = model.entities[static_cast<std::size_t>(aggregate.of)];
  const Entity& into = model.entities[static_cast<std::size_t>(aggregate.into)];
  for (const AggregateValue& v : aggregate.values) {
    if (v.function == AggregateFunction::kLatest) continue;
    for (const sim::Item* r : records) Contribute(model, aggregate, *r, +1, g, &v);
  }
  // The latest item, found directly (not through the state the maintainer keeps): the greatest
  // `by`, then the greatest identifier.
  for (const AggregateValue& v : aggregate.values) {
    if (v.function != AggregateFunction::kLatest) continue;
    const std::string& by = AttrName(of, v.by);
    const sim::Item* best = nullptr;
    for (const sim::Item* r : records) {
      auto at = r->find(by);
      if (at == r->end()) continue;
      if (!best || LaterThan(of.attributes[static_cast<std::size_t>(v.by)].type, at->second,
                             IdentifierText(of, *r), best->at(by), IdentifierText(of, *best)))
        best = r;
    }
    auto value = best ? best->find(AttrName(of, v.source)) : sim::Item::const_iterator{};
    if (best && value != best->end()) g.record[AttrName(into, v.target)] = value->second;
  }
  return g.record;
}

std::optional<sim::AttributeValue> AggregateValueState(
    const Model& model, const AggregateDecl& aggregate,
    const std::vector<const sim::Item*>& records) {
  Group g;
  for (const sim::Item* r : records) Contribute(model, aggregate, *r, +1, g);
  if (g.values.empty()) return std::nullopt;
  return sim::AttributeValue::M(g.values);
}

namespace {

// What one PlanGroupWrites call shares with its steps: the aggregate (its layout, declaration and
// `into` entity), the change, the counters the steps add to and the writes already pending.
struct GroupWrite {
  sim::DataPlane& plane;
  const Model& model;
  const KeyLayout& layout;
  int aggregate;
  const AggregateLayout& al;
  const AggregateDecl& a;
  const Entity& into;
  const AggregateChange& change;
  AggregateStats& stats;
  const std::map<std::string, sim::Item>* pending;
  std::string seen_key;
  // The change is marked with mark items (SeenMarks::kItems, a change with a sequence): each
  // group's puts end with its mark's, and the group item keeps no mark of it.
  bool mark_items = false;
};

// Each side of the change in its group's shard its item hashes to (shard 0 unsharded): an
// update that changes the identifier leaves the old item's shard and joins the new one's, even
// within one group.
struct Side {
  sim::Item identity;
  int shard = 0;
  bool leaves = false;
  bool joins = false;
};

// The seen mark's key: the source item, and the aggregate's name when several aggregates keep
// values on `into` (one record may feed two of them on one item: a user following themself).
std::string SeenKey(const Model& model, const AggregateDecl& a, const AggregateChange& change) {
  bool shared_into = std::count_if(model.aggregates.begin(), model.aggregates.end(),
                                   [&](const AggregateDecl& o) { return o.into == a.into; }) > 1;
  return shared_into ? a.name + "\n" + change.source : change.source;
}

// True when every attribute `a`'s values read is the same (present or absent, equal value)
// before and after `change` (both non-null).
bool ReadsUnchanged(const Model& model, const AggregateDecl& a, const AggregateChange& change) {
  const Entity& of = model.entities[static_cast<std::size_t>(a.of)];
  bool same = true;
  // What the values read: their sources, a latest value's order and the identifier its state
  // is keyed by.
  std::vector<AttrId> read;
  for (const AggregateValue& v : a.values) {
    read.push_back(v.source);
    read.push_back(v.by);
    if (v.function == AggregateFunction::kLatest)
      read.insert(read.end(), of.identifier.begin(), of.identifier.end());
  }
  for (AttrId id : read) {
    if (id < 0) continue;
    const std::string& name = AttrName(of, id);
    auto x = change.before->find(name);
    auto y = change.after->find(name);
    bool x_in = x != change.before->end(), y_in = y != change.after->end();
    same = same && x_in == y_in && (!x_in || x->second == y->second);
  }
  return same;
}

// The sides of the change: the group it leaves (`left`) and the one it joins (`joined`), one
// side doing both when the group and shard are the same.
std::vector<Side> SidesOf(const GroupWrite& w, const std::optional<sim::Item>& left,
                          const std::optional<sim::Item>& joined) {
  std::vector<Side> sides;
  if (left)
    sides.push_back(
        Side{*left, GroupShardOf(w.model, w.layout, w.aggregate, *w.change.before), true});
  if (joined) {
    int shard = GroupShardOf(w.model, w.layout, w.aggregate, *w.change.after);
    if (!sides.empty() && sides[0].identity == *joined && sides[0].shard == shard)
      sides[0].joins = true;
    else
      sides.push_back(Side{*joined, shard, false, true});
  }
  return sides;
}

// A new group's `into` values: its identity, count and sum at 0; min and max are absent.
sim::Item EmptyGroup(const GroupWrite& w, const sim::Item& identity) {
  sim::Item record = identity;
  StartGroupValues(w.model, w.a.into, record);
  return record;
}

// A strongly consistent GetItem of one of the group's items (or the pending write to it, which
// the change builds on), counted in `w.stats`.
sim::SimResult<sim::GetItemResponse> ReadGroupItem(GroupWrite& w, const sim::Item& key) {
  if (w.pending) {
    // An item this write already changes for another aggregate: build on that change.
    auto it = w.pending->find(GroupItemKeyText(w.layout, key));
    if (it != w.pending->end()) {
      sim::GetItemResponse r;
      r.item = it->second;
      return r;
    }
  }
  sim::GetItemRequest get;
  get.table_name = w.layout.table_name;
  get.key = key;
  get.consistent_read = true;
  get.return_consumed_capacity = sim::ReturnConsumedCapacity::kTotal;
  auto got = w.plane.GetItem(get);
  ++w.stats.requests;
  if (got.ok() && got->consumed_capacity) w.stats.rcu += got->consumed_capacity->capacity_units;
  return got;
}

// The group of `side` read at `key` (values, version, seen marks and value state), or a new empty
// one when the item is absent; nullopt (an orphan, counted) when `into`'s item is absent and the
// maintainer may not create it.
sim::SimResult<std::optional<Group>> ReadGroup(GroupWrite& w, const Side& side,
                                               const sim::Item& key) {
  auto got = ReadGroupItem(w, key);
  if (!got.ok()) return got.error();
  Group g;
  if (got->item) {
    const sim::Item& item = *got->item;
    g.exists = true;
    g.record = EntityValues(w.into, item);
    if (auto v = item.find(kAggregateVersionAttribute); v != item.end())
      g.version = std::stoll(v->second.scalar());
    if (auto s = item.find(kAggregateSeenAttribute); s != item.end()) g.seen = s->second.map();
    if (auto s = item.find(kAggregateValuesAttribute); s != item.end()) g.values = s->second.map();
  } else {
    if (side.shard == 0 && !MaintainerCreatesGroups(w.model, w.a)) {
      ++w.stats.orphans;
      return std::optional<Group>{};
    }
    g.record = EmptyGroup(w, side.identity);
  }
  return std::optional<Group>(std::move(g));
}

// For a change with a sequence: false (a duplicate, counted) when `g` already saw it; else marks
// it seen in `g` and drops marks past retention. True for a change without one, and for one kept
// in mark items (the mark's own condition tells a duplicate: MarkPut).
bool MarkSeen(GroupWrite& w, Group& g) {
  const AggregateChange& change = w.change;
  const std::string sequence = PaddedSequence(change);
  if (sequence.empty() || w.mark_items) return true;
  auto mark = g.seen.find(w.seen_key);
  if (mark != g.seen.end() && SeenMark(mark->second).sequence >= sequence) {
    ++w.stats.duplicates;
    return false;
  }
  // Entries whose records have left the stream (model/layout.h
  // kAggregateSeenRetentionSeconds) can never be redelivered: dropped, so the group item
  // holds the items changed in the window rather than every item that ever fed it.
  std::vector<std::string> gone;
  for (const auto& [source, seen] : g.seen) {
    SeenEntry e = SeenMark(seen);
    if (e.created_s && *e.created_s < change.created_s - kAggregateSeenRetentionSeconds)
      gone.push_back(source);
  }
  for (const std::string& source : gone) g.seen.erase(source);
  g.seen[w.seen_key] = sim::AttributeValue::L(
      {sim::AttributeValue::S(sequence), sim::AttributeValue::N(std::to_string(change.created_s))});
  return true;
}

// Writes the group item's state (next version, seen marks, value state) into `item` and sets
// `put`'s condition on the version read (or on the item's absence for a new group).
void KeepState(const GroupWrite& w, const Group& g, sim::Item& item, GroupPut& put) {
  item[kAggregateVersionAttribute] = sim::AttributeValue::N(std::to_string(g.version + 1));
  if (!g.seen.empty()) item[kAggregateSeenAttribute] = sim::AttributeValue::M(g.seen);
  if (!g.values.empty()) item[kAggregateValuesAttribute] = sim::AttributeValue::M(g.values);
  if (g.exists) {
    // A group item written in bulk (a backfill) has no version yet.
    put.names["#v"] = kAggregateVersionAttribute;
    if (g.version > 0) {
      put.values[":v"] = sim::AttributeValue::N(std::to_string(g.version));
      put.condition = "#v = :v";
    } else {
      // Still there (the application may delete it meanwhile) and still unversioned.
      put.names["#pk"] = w.layout.partition_key;
      put.condition = "attribute_exists(#pk) AND attribute_not_exists(#v)";
    }
  } else {
    put.names["#pk"] = w.layout.partition_key;
    put.condition = "attribute_not_exists(#pk)";
  }
}

// The mark item of `change` on one group side (layout.h kAggregateMarkLabel), put with the
// condition that makes a redelivered record a duplicate: no mark yet, or one of an earlier record
// (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Expressions.ConditionExpressions.html).
// Its expiry is the record's time plus kAggregateSeenRetentionSeconds, on the table's Time to
// Live attribute (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/TTL.html).
GroupPut MarkPut(const GroupWrite& w, const sim::Item& group_key, int shard) {
  GroupPut put;
  put.mark = true;
  put.item = AggregateMarkKey(w.layout, w.aggregate, w.change.source, group_key, shard);
  put.item[kTypeAttribute] = sim::AttributeValue::S(kAggregateMarkLabel);
  const std::string sequence = PaddedSequence(w.change);
  put.item[kAggregateMarkSequenceAttribute] = sim::AttributeValue::S(sequence);
  if (!w.layout.ttl_attribute.empty())
    put.item[w.layout.ttl_attribute] =
        sim::AttributeValue::N(std::to_string(w.change.created_s + kAggregateSeenRetentionSeconds));
  put.names["#pk"] = w.layout.partition_key;
  put.names["#seq"] = kAggregateMarkSequenceAttribute;
  put.values[":seq"] = sim::AttributeValue::S(sequence);
  put.condition = "attribute_not_exists(#pk) OR #seq < :seq";
  return put;
}

// The puts of a group on shard s > 0: its shard item with the state, preceded, when the group is
// new on the shard and its `into` item (shard 0, which reads go through) is absent, by that item
// empty; nullopt (an orphan, counted) when that item is absent and the maintainer may not make it.
sim::SimResult<std::optional<std::vector<GroupPut>>> ShardPuts(GroupWrite& w, const Side& side,
                                                               const Group& g) {
  std::vector<GroupPut> puts;
  if (!g.exists) {
    auto base_key = GroupShardKey(w.model, w.layout, w.aggregate, side.identity, 0);
    std::optional<bool> base_exists;
    if (base_key) {
      auto base = ReadGroupItem(w, *base_key);
      if (!base.ok()) return base.error();
      base_exists = base->item.has_value();
    }
    if (base_exists == std::optional<bool>(false) && !MaintainerCreatesGroups(w.model, w.a)) {
      ++w.stats.orphans;  // no `into` item to read the group through, and none can be made
      return std::optional<std::vector<GroupPut>>{};
    }
    if (base_exists == std::optional<bool>(false)) {
      Record empty{{EmptyGroup(w, side.identity)}};
      for (sim::Item& item : RenderItems(w.model, w.layout, w.al.target_type, empty)) {
        GroupPut put;
        item[kAggregateVersionAttribute] = sim::AttributeValue::N("1");
        put.names["#pk"] = w.layout.partition_key;
        put.condition = "attribute_not_exists(#pk)";
        put.item = std::move(item);
        puts.push_back(std::move(put));
      }
    }
  }
  GroupPut put;
  sim::Item item =
      GroupShardItem(w.model, w.layout, w.aggregate, side.identity, side.shard, g.record);
  KeepState(w, g, item, put);
  put.item = std::move(item);
  puts.push_back(std::move(put));
  return std::optional<std::vector<GroupPut>>(std::move(puts));
}

// The puts of a group on shard 0: every entity and facet item of `into` with the group's values,
// the aggregate's target item also with the state and version condition.
std::vector<GroupPut> IntoPuts(const GroupWrite& w, const Group& g) {
  Record next{{g.record}};
  std::vector<GroupPut> puts;
  for (int t : w.layout.ItemTypesOf(w.a.into)) {
    const ItemType& type = w.layout.item_types[static_cast<std::size_t>(t)];
    if (type.role != ItemRole::kEntity && type.role != ItemRole::kFacet) continue;
    for (sim::Item& item : RenderItems(w.model, w.layout, t, next)) {
      GroupPut put;
      if (t == w.al.target_type) KeepState(w, g, item, put);
      put.item = std::move(item);
      puts.push_back(std::move(put));
    }
  }
  return puts;
}

}  // namespace

sim::SimResult<std::vector<std::vector<GroupPut>>> PlanGroupWrites(
    sim::DataPlane& plane, const Model& model, const KeyLayout& layout, int aggregate,
    const AggregateChange& change, AggregateStats& stats,
    const std::map<std::string, sim::Item>* pending) {
  const AggregateLayout& al = layout.aggregates[static_cast<std::size_t>(aggregate)];
  const AggregateDecl& a = model.aggregates[static_cast<std::size_t>(al.aggregate_id)];
  const Entity& into = model.entities[static_cast<std::size_t>(a.into)];
  std::optional<sim::Item> left = change.before ? GroupOf(model, a, *change.before) : std::nullopt;
  std::optional<sim::Item> joined = change.after ? GroupOf(model, a, *change.after) : std::nullopt;
  std::vector<std::vector<GroupPut>> out;
  // A change that keeps the item in its group with the same values (an order's status) changes
  // no value: nothing to write, and nothing to redo when it is delivered again.
  if (left && joined && *left == *joined && ReadsUnchanged(model, a, change)) return out;
  GroupWrite w{plane,
               model,
               layout,
               aggregate,
               al,
               a,
               into,
               change,
               stats,
               pending,
               SeenKey(model, a, change),
               al.maintainer == Maintainer::kStream && al.marks == SeenMarks::kItems &&
                   !PaddedSequence(change).empty()};
  for (const Side& side : SidesOf(w, left, joined)) {
    auto key = GroupShardKey(model, layout, aggregate, side.identity, side.shard);
    if (!key) continue;
    auto group = ReadGroup(w, side, *key);
    if (!group.ok()) return group.error();
    if (!*group) continue;
    Group& g = **group;
    if (!MarkSeen(w, g)) continue;
    if (side.leaves) Contribute(model, a, *change.before, -1, g);
    // The item joins this group unless it was in it before (an update within the group, even
    // one moving it between the group's shards).
    if (side.joins)
      Contribute(model, a, *change.after, +1, g, nullptr, !(left && *left == side.identity));
    std::vector<GroupPut> puts;
    if (side.shard > 0) {
      auto shard_puts = ShardPuts(w, side, g);
      if (!shard_puts.ok()) return shard_puts.error();
      if (!*shard_puts) continue;
      puts = std::move(**shard_puts);
    } else {
      puts = IntoPuts(w, g);
    }
    if (w.mark_items) {
      auto group_key = GroupShardKey(model, layout, aggregate, side.identity, 0);
      if (group_key) puts.push_back(MarkPut(w, *group_key, side.shard));
    }
    ++stats.applied;
    out.push_back(std::move(puts));
  }
  return out;
}

std::string GroupItemKeyText(const KeyLayout& layout, const sim::Item& item) {
  return Natural(item, layout.partition_key) + "\n" + Natural(item, layout.sort_key);
}

sim::Item AggregateMarkKey(const KeyLayout& layout, int aggregate, const std::string& source,
                           const sim::Item& group_key, int shard) {
  const AggregateLayout& al = layout.aggregates[static_cast<std::size_t>(aggregate)];
  std::string source_text = source;
  std::replace(source_text.begin(), source_text.end(), '\n', keys::kKeySeparator);
  return sim::Item{
      {layout.partition_key, sim::AttributeValue::S(fmt::format("{}{}{}", kAggregateMarkLabel,
                                                                keys::kKeySeparator, source_text))},
      {layout.sort_key,
       sim::AttributeValue::S(fmt::format("{1}{0}{2}{0}{3}{0}{4}", keys::kKeySeparator, al.name,
                                          Natural(group_key, layout.partition_key),
                                          Natural(group_key, layout.sort_key), shard))}};
}

sim::SimStatus ApplyAggregateChange(sim::DataPlane& plane, const Model& model,
                                    const KeyLayout& layout, int aggregate,
                                    const AggregateChange& change, AggregateStats& stats) {
  for (int attempt = 0;; ++attempt) {
    auto planned = PlanGroupWrites(plane, model, layout, aggregate, change, stats);
    if (!planned.ok()) return planned.error();
    bool refused = false;
    for (const std::vector<GroupPut>& puts : *planned) {
      sim::SimStatus sent = sim::Ok{};
      // The mark item's action, when the puts end with one (SeenMarks::kItems).
      const bool marked = !puts.empty() && puts.back().mark;
      ++stats.requests;
      if (puts.size() == 1) {
        sim::PutItemRequest r;
        r.table_name = layout.table_name;
        r.item = puts[0].item;
        r.condition_expression = puts[0].condition;
        r.expression_attribute_names = puts[0].names;
        r.expression_attribute_values = puts[0].values;
        r.return_consumed_capacity = sim::ReturnConsumedCapacity::kTotal;
        auto done = plane.PutItem(r);
        if (done.ok() && done->consumed_capacity)
          stats.wcu += done->consumed_capacity->capacity_units;
        if (!done.ok()) sent = done.error();
      } else {
        sim::TransactWriteItemsRequest r;
        r.return_consumed_capacity = sim::ReturnConsumedCapacity::kTotal;
        for (const GroupPut& p : puts) {
          sim::TransactWriteItem item;
          item.put = sim::TransactPut{layout.table_name, p.item, p.condition, p.names, p.values};
          r.transact_items.push_back(std::move(item));
        }
        auto done = plane.TransactWriteItems(r);
        if (done.ok()) {
          for (const auto& cc : done->consumed_capacity) stats.wcu += cc.capacity_units;
        } else {
          sent = done.error();
        }
      }
      if (sent.ok()) continue;
      const std::string& name = sent.error().name;
      // The mark's condition failed: this record (or a later one of the source item) was already
      // applied to this group, so it is a duplicate and the group is left as it is. The
      // transaction says which action failed, one CancellationReason per action in order
      // (https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_TransactWriteItems.html).
      const auto& reasons = sent.error().reasons;
      if (marked && name == "TransactionCanceledException" && reasons.size() == puts.size() &&
          reasons.back().code == "ConditionalCheckFailed") {
        --stats.applied;
        ++stats.duplicates;
        continue;
      }
      if (attempt < 10 &&
          (name == "ConditionalCheckFailedException" || name == "TransactionCanceledException")) {
        refused = true;
        break;
      }
      return sent;
    }
    if (!refused) return sim::Ok{};
    ++stats.retries;
  }
}

bool RecordFeeds(const KeyLayout& layout, int aggregate, const sim::StreamRecord& record) {
  const AggregateLayout& al = layout.aggregates[static_cast<std::size_t>(aggregate)];
  const std::string& label = layout.item_types[static_cast<std::size_t>(al.source_type)].label;
  for (const auto* image : {&record.old_image, &record.new_image}) {
    if (!*image) continue;
    auto t = (*image)->find(kTypeAttribute);
    if (t != (*image)->end() && t->second.is(sim::ValueType::kS) && t->second.scalar() == label)
      return true;
  }
  return false;
}

namespace {

// Applies one stream record of aggregate `aggregate`'s `of` main item (RecordFeeds).
sim::SimStatus ApplyRecord(sim::DataPlane& plane, const Model& model, const KeyLayout& layout,
                           int aggregate, const sim::StreamRecord& record, AggregateStats& stats) {
  const AggregateLayout& al = layout.aggregates[static_cast<std::size_t>(aggregate)];
  const Entity& of = model.entities[static_cast<std::size_t>(
      model.aggregates[static_cast<std::size_t>(al.aggregate_id)].of)];
  std::optional<sim::Item> before, after;
  if (record.old_image) before = EntityValues(of, *record.old_image);
  if (record.new_image) after = EntityValues(of, *record.new_image);
  AggregateChange change;
  change.before = before ? &*before : nullptr;
  change.after = after ? &*after : nullptr;
  change.source =
      Natural(record.keys, layout.partition_key) + "\n" + Natural(record.keys, layout.sort_key);
  change.sequence = record.sequence_number;
  change.sequence_text = record.sequence_number_text;
  // ApproximateCreationDateTime, in whole seconds (rounded down).
  change.created_s = record.creation_ms / 1000;
  return ApplyAggregateChange(plane, model, layout, aggregate, change, stats);
}

}  // namespace

sim::SimStatus ApplyStreamBatch(sim::DataPlane& plane, const Model& model, const KeyLayout& layout,
                                const std::vector<sim::StreamRecord>& batch,
                                AggregateStats& stats) {
  for (const sim::StreamRecord& record : batch) {
    for (std::size_t i = 0; i < layout.aggregates.size(); ++i) {
      if (layout.aggregates[i].maintainer != Maintainer::kStream) continue;
      if (!RecordFeeds(layout, static_cast<int>(i), record)) continue;
      if (auto s = ApplyRecord(plane, model, layout, static_cast<int>(i), record, stats); !s.ok())
        return s;
    }
  }
  return sim::Ok{};
}

sim::SimStatus ApplyAggregateStream(sim::DataPlane& plane, const Model& model,
                                    const KeyLayout& layout, int aggregate,
                                    const std::vector<sim::StreamRecord>& batch,
                                    AggregateStats& stats) {
  if (layout.aggregates[static_cast<std::size_t>(aggregate)].maintainer != Maintainer::kStream)
    return sim::Ok{};
  for (const sim::StreamRecord& record : batch) {
    if (!RecordFeeds(layout, aggregate, record)) continue;
    if (auto s = ApplyRecord(plane, model, layout, aggregate, record, stats); !s.ok()) return s;
  }
  return sim::Ok{};
}

int GroupShardOf(const Model& model, const KeyLayout& layout, int aggregate,
                 const sim::Item& of_record) {
  const AggregateLayout& al = layout.aggregates[static_cast<std::size_t>(aggregate)];
  if (al.shards <= 1) return 0;
  const AggregateDecl& a = model.aggregates[static_cast<std::size_t>(al.aggregate_id)];
  const Entity& of = model.entities[static_cast<std::size_t>(a.of)];
  std::vector<std::string> identifier;
  for (AttrId id : of.identifier) identifier.push_back(Natural(of_record, AttrName(of, id)));
  return keys::ShardOf(identifier, al.shards);
}

std::optional<sim::Item> GroupShardKey(const Model& model, const KeyLayout& layout, int aggregate,
                                       const sim::Item& identity, int shard) {
  const AggregateLayout& al = layout.aggregates[static_cast<std::size_t>(aggregate)];
  if (shard == 0) return RenderItemKey(model, layout, al.target_type, Record{{identity}}, 1);
  const ItemType& target = layout.item_types[static_cast<std::size_t>(al.target_type)];
  ValueLookup lookup = [&](const std::string& name) -> std::optional<std::string> {
    if (name == kShardAttribute) return std::to_string(shard);
    auto it = identity.find(name);
    if (it == identity.end()) return std::nullopt;
    return NaturalText(it->second);
  };
  auto pk = model::RenderKey(al.shard_partition_key, lookup);
  auto sk = model::RenderKey(target.sort_key, lookup);
  if (!pk || !sk) return std::nullopt;
  return sim::Item{{layout.partition_key, sim::AttributeValue::S(*pk)},
                   {layout.sort_key, sim::AttributeValue::S(*sk)}};
}

sim::Item GroupShardItem(const Model& model, const KeyLayout& layout, int aggregate,
                         const sim::Item& identity, int shard, const sim::Item& values) {
  const AggregateLayout& al = layout.aggregates[static_cast<std::size_t>(aggregate)];
  const AggregateDecl& a = model.aggregates[static_cast<std::size_t>(al.aggregate_id)];
  const Entity& into = model.entities[static_cast<std::size_t>(a.into)];
  sim::Item item = GroupShardKey(model, layout, aggregate, identity, shard).value_or(sim::Item{});
  item[kTypeAttribute] = sim::AttributeValue::S(al.shard_label);
  item[kShardAttribute] = sim::AttributeValue::N(std::to_string(shard));
  for (AttrId id : into.identifier) {
    auto it = identity.find(AttrName(into, id));
    if (it != identity.end()) item[it->first] = it->second;
  }
  for (const AggregateValue& v : a.values) {
    auto it = values.find(AttrName(into, v.target));
    if (it != values.end()) item[it->first] = it->second;
  }
  return item;
}

sim::Item CombineShardValues(const Model& model, const AggregateDecl& aggregate,
                             const std::vector<const sim::Item*>& shards) {
  const Entity& into = model.entities[static_cast<std::size_t>(aggregate.into)];
  const Entity& of = model.entities[static_cast<std::size_t>(aggregate.of)];
  sim::Item out;
  for (const AggregateValue& v : aggregate.values) {
    const std::string& name = AttrName(into, v.target);
    if (v.function == AggregateFunction::kLatest) {
      // The latest over every shard's entries (an item feeds one shard: its keys are distinct).
      sim::Item entries;
      for (const sim::Item* shard : shards) {
        auto state = shard->find(kAggregateValuesAttribute);
        if (state == shard->end() || !state->second.is(sim::ValueType::kM)) continue;
        auto mine = state->second.map().find(name);
        if (mine == state->second.map().end() || !mine->second.is(sim::ValueType::kM)) continue;
        for (const auto& [id, entry] : mine->second.map()) entries[id] = entry;
      }
      const sim::AttributeValue* latest =
          LatestEntry(of.attributes[static_cast<std::size_t>(v.by)].type, entries);
      if (latest && latest->list().size() > 1) out[name] = latest->list()[1];
      continue;
    }
    std::optional<std::string> combined;
    const bool added = v.function == AggregateFunction::kCount ||
                       v.function == AggregateFunction::kSum ||
                       v.function == AggregateFunction::kJoined;
    const AttrType type =
        added ? AttrType::kNumber : of.attributes[static_cast<std::size_t>(v.source)].type;
    for (const sim::Item* shard : shards) {
      auto value = ExtremeValueOf(type, *shard, name);
      if (added) {
        combined = AddNumbers(combined.value_or("0"), value.value_or("0"), +1);
        continue;
      }
      if (!value) continue;
      int order = combined ? CompareExtreme(type, *value, *combined) : 0;
      if (!combined || (v.function == AggregateFunction::kMin ? order < 0 : order > 0))
        combined = value;
    }
    if (combined) out[name] = ExtremeValue(type, *combined);
  }
  return out;
}

std::vector<sim::Item> OtherShardKeys(const KeyLayout& layout, int aggregate,
                                      const sim::Item& main_key) {
  const AggregateLayout& al = layout.aggregates[static_cast<std::size_t>(aggregate)];
  std::vector<sim::Item> out;
  auto pk = main_key.find(layout.partition_key);
  auto sk = main_key.find(layout.sort_key);
  if (al.shards <= 1 || al.shard_partition_key.parts.empty() || pk == main_key.end() ||
      sk == main_key.end() || !pk->second.is(sim::ValueType::kS))
    return out;
  const TemplatePart& shard_part = al.shard_partition_key.parts.back();
  for (int s = 1; s < al.shards; ++s) {
    auto shard = EncodeKeyValue(Encoding::kShard, std::to_string(s), shard_part.width);
    if (!shard) continue;
    out.push_back(sim::Item{
        {layout.partition_key,
         sim::AttributeValue::S(fmt::format("{}{}{}{}{}", pk->second.scalar(), keys::kKeySeparator,
                                            al.shard_literal, keys::kKeySeparator, *shard))},
        {layout.sort_key, sk->second}});
  }
  return out;
}

sim::SimStatus CombineGroupShards(sim::DataPlane& plane, const Model& model,
                                  const KeyLayout& layout, int aggregate, bool consistent,
                                  std::vector<sim::Item>& items, ShardReads& stats,
                                  const ShardPrefetch* prefetched) {
  const AggregateLayout& al = layout.aggregates[static_cast<std::size_t>(aggregate)];
  if (al.shards <= 1) return sim::Ok{};
  const AggregateDecl& a = model.aggregates[static_cast<std::size_t>(al.aggregate_id)];
  const Entity& into = model.entities[static_cast<std::size_t>(a.into)];
  // The group item types, by label, with the attributes each carries (a facet may not carry
  // the values: it then gets none).
  std::map<std::string, const std::vector<std::string>*> labels;
  for (int t : layout.ItemTypesOf(a.into)) {
    const ItemType& type = layout.item_types[static_cast<std::size_t>(t)];
    if (type.role == ItemRole::kEntity || type.role == ItemRole::kFacet)
      labels[type.label] = &type.attributes;
  }
  std::vector<const std::vector<std::string>*> carried(items.size(), nullptr);
  // A latest value combines the shards' state (kAggregateValuesAttribute): an item read without
  // it (through an index that does not project it, or a facet) has its `into` item (shard 0)
  // read with the other shards.
  const bool latest = std::any_of(a.values.begin(), a.values.end(), [](const AggregateValue& v) {
    return v.function == AggregateFunction::kLatest;
  });
  std::map<std::string, std::size_t> base_wanted;  // key text -> item index
  std::map<std::size_t, sim::Item> base_found;     // item index -> its `into` item
  auto key_text = [&](const sim::Item& key) {
    return Natural(key, layout.partition_key) + "\n" + Natural(key, layout.sort_key);
  };
  // The shard keys of every group item returned, and which item each belongs to.
  std::vector<std::size_t> groups;                                  // indexes into items
  std::map<std::string, std::pair<std::size_t, sim::Item>> wanted;  // key text -> item, key
  std::vector<sim::Item> keys;
  std::map<std::size_t, std::vector<sim::Item>> found;  // item index -> its shard items
  for (std::size_t i = 0; i < items.size(); ++i) {
    auto type = items[i].find(kTypeAttribute);
    if (type == items[i].end() || !type->second.is(sim::ValueType::kS)) continue;
    auto label = labels.find(type->second.scalar());
    if (label == labels.end()) continue;
    carried[i] = label->second;
    sim::Item identity;
    for (AttrId id : into.identifier) {
      auto it = items[i].find(AttrName(into, id));
      if (it != items[i].end()) identity[it->first] = it->second;
    }
    // The main item's own table key gives its shards' keys whatever the read projected (an
    // index entry always carries the table key); a facet's come from the identifier it carries.
    const std::string& target_label =
        layout.item_types[static_cast<std::size_t>(al.target_type)].label;
    auto pk = items[i].find(layout.partition_key);
    auto sk = items[i].find(layout.sort_key);
    bool main = type->second.scalar() == target_label && pk != items[i].end() &&
                sk != items[i].end() && pk->second.is(sim::ValueType::kS);
    const TemplatePart& shard_part = al.shard_partition_key.parts.back();
    groups.push_back(i);
    if (latest && items[i].find(kAggregateValuesAttribute) == items[i].end()) {
      std::optional<sim::Item> key;
      if (main)
        key = sim::Item{{layout.partition_key, pk->second}, {layout.sort_key, sk->second}};
      else
        key = GroupShardKey(model, layout, aggregate, identity, 0);
      if (key) {
        base_wanted[key_text(*key)] = i;
        keys.push_back(std::move(*key));
      }
    }
    for (int s = 1; s < al.shards; ++s) {
      std::optional<sim::Item> key;
      if (main) {
        auto shard = EncodeKeyValue(Encoding::kShard, std::to_string(s), shard_part.width);
        if (shard)
          key = sim::Item{
              {layout.partition_key, sim::AttributeValue::S(fmt::format(
                                         "{}{}{}{}{}", pk->second.scalar(), keys::kKeySeparator,
                                         al.shard_literal, keys::kKeySeparator, *shard))},
              {layout.sort_key, sk->second}};
      } else {
        key = GroupShardKey(model, layout, aggregate, identity, s);
      }
      if (!key) {
        return sim::Error::Validation(
            fmt::format("cannot name shard {} of a '{}' item of aggregate '{}': "
                        "its identifier is not in what the read returned",
                        s, into.name, a.name));
      }
      const std::string text = key_text(*key);
      if (prefetched && prefetched->asked.count(text)) {
        // Asked for already (ShardPrefetch): combined as read, not sent again.
        auto got = prefetched->found.find(text);
        if (got != prefetched->found.end()) found[i].push_back(got->second);
        continue;
      }
      wanted[text] = {i, *key};
      keys.push_back(std::move(*key));
    }
  }
  // BatchGetItem, 100 keys a request, unprocessed keys sent again (exec/batch_get.h).
  sim::KeysAndAttributes request;
  request.consistent_read = consistent;
  auto got = BatchGetKeys(
      plane, layout.table_name, keys, request, [&] { ++stats.requests; },
      [&](const sim::BatchGetItemResponse& response) {
        for (const auto& cc : response.consumed_capacity) stats.rcu += cc.capacity_units;
        auto responses = response.responses.find(layout.table_name);
        if (responses == response.responses.end()) return;
        for (const sim::Item& item : responses->second) {
          if (auto base = base_wanted.find(key_text(item)); base != base_wanted.end()) {
            ++stats.items;
            stats.partitions.push_back("table:" + Natural(item, layout.partition_key));
            base_found[base->second] = item;
            continue;
          }
          auto at = wanted.find(key_text(item));
          if (at == wanted.end()) continue;
          ++stats.items;
          stats.partitions.push_back("table:" + Natural(item, layout.partition_key));
          found[at->second.first].push_back(item);
        }
      });
  if (!got.ok()) return got.error();
  for (std::size_t i : groups) {
    auto base = base_found.find(i);
    std::vector<const sim::Item*> shards = {base != base_found.end() ? &base->second : &items[i]};
    for (const sim::Item& shard : found[i]) shards.push_back(&shard);
    sim::Item combined = CombineShardValues(model, a, shards);
    for (const AggregateValue& v : a.values) {
      const std::string& name = AttrName(into, v.target);
      if (std::find(carried[i]->begin(), carried[i]->end(), name) == carried[i]->end()) continue;
      auto it = combined.find(name);
      if (it == combined.end()) {
        items[i].erase(name);
      } else {
        items[i][name] = it->second;
      }
    }
  }
  return sim::Ok{};
}

}  // namespace model::exec
