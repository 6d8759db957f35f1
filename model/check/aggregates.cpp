// `model check` for pre-computed aggregates: the backfill of the synthetic data, the stream
// consumer run as a Lambda would run it, and every group compared with the oracle.
#include "model/exec/aggregates.h"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <set>

#include "model/aggregate_rules.h"
#include "model/check/internal.h"
#include "model/check/oracle.h"
#include "model/exec/items.h"
#include "model/sim/api/number.h"

namespace model::check {

std::string GroupKey(const Entity& e, const sim::Item& values) {
  std::string key;
  for (AttrId id : e.identifier) {
    key += exec::Natural(values, e.attributes[static_cast<std::size_t>(id)].name);
    key += '\x1f';
  }
  return key;
}

namespace {

const Entity& EntityOf(const Model& m, EntityId e) {
  return m.entities[static_cast<std::size_t>(e)];
}

// The `of` records of each group, by group key, from the records marked live.
std::map<std::string, std::pair<sim::Item, std::vector<const sim::Item*>>> Groups(
    const Model& m, const AggregateDecl& a, const std::vector<Record>& records,
    const std::vector<bool>* deleted) {
  std::map<std::string, std::pair<sim::Item, std::vector<const sim::Item*>>> out;
  for (std::size_t i = 0; i < records.size(); ++i) {
    if (deleted && (*deleted)[i]) continue;
    auto group = exec::GroupOf(m, a, records[i].current());
    if (!group) continue;
    auto& slot = out[GroupKey(EntityOf(m, a.into), *group)];
    slot.first = *group;
    slot.second.push_back(&records[i].current());
  }
  return out;
}

// `record` with the aggregate's values replaced by `values`.
void SetValues(const Model& m, const AggregateDecl& a, const sim::Item& values, sim::Item& record) {
  const Entity& into = EntityOf(m, a.into);
  for (const AggregateValue& v : a.values) {
    const std::string& name = into.attributes[static_cast<std::size_t>(v.target)].name;
    auto it = values.find(name);
    if (it == values.end()) {
      record.erase(name);
    } else {
      record[name] = it->second;
    }
  }
}

std::string ValueText(const sim::Item& item, const std::string& name) {
  auto it = item.find(name);
  return it == item.end() ? std::string("absent") : exec::NaturalText(it->second);
}

bool SameValue(const sim::Item& a, const sim::Item& b, const std::string& name) {
  auto x = a.find(name);
  auto y = b.find(name);
  if (x == a.end() || y == b.end()) return (x == a.end()) == (y == b.end());
  if (x->second.is(sim::ValueType::kN) && y->second.is(sim::ValueType::kN))
    return sim::Number::Compare(x->second.scalar(), y->second.scalar()) == 0;
  return x->second == y->second;
}

std::string Describe(const Entity& into, const sim::Item& identity) {
  std::vector<std::string> parts;
  for (AttrId id : into.identifier) {
    const std::string& name = into.attributes[static_cast<std::size_t>(id)].name;
    parts.push_back(fmt::format("{} = {}", name, exec::Natural(identity, name)));
  }
  return fmt::format("{}", fmt::join(parts, ", "));
}

// The records pending on the stream after `after` that feed aggregate `agg`.
sim::SimResult<std::int64_t> Pending(Context& c, int agg) {
  std::int64_t pending = 0;
  std::int64_t after = c.stream_position;
  while (true) {
    auto read = c.plane->ReadStream(c.layout.table_name, after, 1000);
    if (!read.ok()) return read.error();
    if (read->records.empty()) break;
    for (const sim::StreamRecord& r : read->records) pending += exec::RecordFeeds(c.layout, agg, r);
    after = read->next_after_sequence;
  }
  return pending;
}

// The consumer of aggregate `agg` the check proves: options.stream_consumer, or model/exec's.
// Each aggregate's function applies (and counts) only its own aggregate, even when another
// aggregate is over the same `of`.
sim::SimStatus Consume(Context& c, int agg, const std::vector<sim::StreamRecord>& batch,
                       exec::AggregateStats& stats) {
  if (c.options.stream_consumer) return c.options.stream_consumer(*c.plane, agg, batch, stats);
  return exec::ApplyAggregateStream(*c.plane, c.model, c.layout, agg, batch, stats);
}

// Drains the stream as a Lambda's pollers do: a shard iterator (the sequence number read up to),
// batches of up to kBatchSize records, and per stream-kept aggregate the records of its `of`
// main item (one function per aggregate, with an event filter on the item type). Each batch is
// delivered with its items in reverse order (each item's own records still in order: what a
// stream with several shards may hand over), then delivered again as it came, as a retried
// invocation is (at-least-once delivery); only then does the iterator move past it.
// Lambda's default batch size for a DynamoDB stream is 100 records
// (https://docs.aws.amazon.com/lambda/latest/dg/with-ddb.html).
constexpr std::size_t kBatchSize = 100;

sim::SimStatus Drain(Context& c, std::vector<exec::AggregateStats>& stats) {
  while (true) {
    auto read = c.plane->ReadStream(c.layout.table_name, c.stream_position, kBatchSize);
    if (!read.ok()) return read.error();
    if (read->records.empty()) return sim::Ok{};
    auto item_key = [&](const sim::StreamRecord& r) {
      return exec::Natural(r.keys, c.layout.partition_key) + "\n" +
             exec::Natural(r.keys, c.layout.sort_key);
    };
    for (std::size_t i = 0; i < c.layout.aggregates.size(); ++i) {
      if (c.layout.aggregates[i].maintainer != Maintainer::kStream) continue;
      std::vector<sim::StreamRecord> mine;
      for (const sim::StreamRecord& r : read->records) {
        if (exec::RecordFeeds(c.layout, static_cast<int>(i), r)) mine.push_back(r);
      }
      if (mine.empty()) continue;
      std::vector<sim::StreamRecord> reordered = mine;
      std::stable_sort(reordered.begin(), reordered.end(),
                       [&](const sim::StreamRecord& x, const sim::StreamRecord& y) {
                         return item_key(x) > item_key(y);
                       });
      if (auto s = Consume(c, static_cast<int>(i), reordered, stats[i]); !s.ok()) return s;
      if (auto s = Consume(c, static_cast<int>(i), mine, stats[i]); !s.ok()) return s;
    }
    c.stream_position = read->next_after_sequence;
  }
}

// What every known group of an aggregate holds by the oracle: by group key, its identity and
// values (`expected`), and the dataset's `into` record of each group that has one (`into_index`).
struct ExpectedGroups {
  std::map<std::string, std::pair<sim::Item, sim::Item>> expected;  // key -> identity, values
  std::map<std::string, std::size_t> into_index;
};

// The oracle's groups of aggregate `agg`, and every `into` record (empty groups).
sim::SimResult<ExpectedGroups> Expect(Context& c, int agg) {
  const AggregateLayout& al = c.layout.aggregates[static_cast<std::size_t>(agg)];
  const AggregateDecl& a = c.model.aggregates[static_cast<std::size_t>(al.aggregate_id)];
  const Entity& into = EntityOf(c.model, a.into);
  const auto& of_records = c.data.records[static_cast<std::size_t>(a.of)];
  auto groups = c.oracle->AggregateGroups(a);
  if (!groups.ok()) return groups.error();
  ExpectedGroups out;
  auto& expected = out.expected;
  auto& into_index = out.into_index;
  const auto& into_records = c.data.records[static_cast<std::size_t>(a.into)];
  const std::vector<bool>& into_deleted = c.deleted[static_cast<std::size_t>(a.into)];
  for (std::size_t i = 0; i < into_records.size(); ++i) {
    // An `into` item the application deleted (a deleted post) is no group any more.
    if (i < into_deleted.size() && into_deleted[i]) continue;
    into_index[GroupKey(into, into_records[i].current())] = i;
    sim::Item identity;
    for (AttrId id : into.identifier) {
      const std::string& name = into.attributes[static_cast<std::size_t>(id)].name;
      identity[name] = into_records[i].current().at(name);
    }
    expected[GroupKey(into, identity)] = {identity, exec::AggregateValues(c.model, a, {})};
  }
  for (const std::vector<std::size_t>& members : *groups) {
    std::vector<const sim::Item*> items;
    for (std::size_t r : members) items.push_back(&of_records[r].current());
    auto identity = exec::GroupOf(c.model, a, *items.front());
    if (!identity) continue;
    std::string key = GroupKey(into, *identity);
    if (!into_index.count(key) && !exec::MaintainerCreatesGroups(c.model, a)) continue;
    expected[key] = {*identity, exec::AggregateValues(c.model, a, items)};
  }
  // Joined counts: the oracle's own count of the joins (Oracle::JoinedCounts), not the items a
  // group holds now; a group whose items all left still has its joins.
  const Oracle::JoinedGroups& joins = c.oracle->JoinedCounts(al.aggregate_id);
  if (!joins.empty()) {
    std::map<std::string, std::pair<sim::Item, std::int64_t>> counted;  // key -> identity, joins
    for (const auto& [values, group] : joins) {
      auto identity = exec::GroupOf(c.model, a, group.member);
      if (!identity) continue;
      counted[GroupKey(into, *identity)] = {*identity, group.joins};
    }
    for (const auto& [key, group] : counted) {
      if (expected.count(key)) continue;
      if (!into_index.count(key) && !exec::MaintainerCreatesGroups(c.model, a)) continue;
      expected[key] = {group.first, exec::AggregateValues(c.model, a, {})};
    }
    for (auto& [key, want] : expected) {
      auto at = counted.find(key);
      for (const AggregateValue& v : a.values) {
        if (v.function != AggregateFunction::kJoined) continue;
        want.second[into.attributes[static_cast<std::size_t>(v.target)].name] =
            sim::AttributeValue::N(std::to_string(at == counted.end() ? 0 : at->second.second));
      }
    }
  }
  return out;
}

// Brings the dataset's and the oracle's `into` record of group `key` in step with `want` (its
// identity and values), making the record when the group has none yet.
void Follow(Context& c, const AggregateDecl& a, ExpectedGroups& g, const std::string& key,
            const std::pair<sim::Item, sim::Item>& want) {
  auto& into_records = c.data.records[static_cast<std::size_t>(a.into)];
  auto at = g.into_index.find(key);
  if (at != g.into_index.end()) {
    sim::Item next = into_records[at->second].current();
    SetValues(c.model, a, want.second, next);
    if (next == into_records[at->second].current()) return;  // in step already
  }
  if (at == g.into_index.end()) {
    Record fresh{{want.first}};
    SetValues(c.model, a, want.second, fresh.versions.back());
    into_records.push_back(std::move(fresh));
    c.deleted[static_cast<std::size_t>(a.into)].push_back(false);
    g.into_index[key] = into_records.size() - 1;
    (void)c.oracle->Store(a.into, into_records.size() - 1, &into_records.back());
  } else {
    SetValues(c.model, a, want.second, into_records[at->second].versions.back());
    (void)c.oracle->Store(a.into, at->second, &into_records[at->second]);
  }
}

// Compares every known group of aggregate `agg` with the oracle; returns the differences, and
// (when `update`) brings the dataset's and the oracle's `into` records in step with the groups.
sim::SimResult<std::vector<std::string>> Compare(Context& c, int agg, AggregateCheck& result,
                                                 bool update) {
  const AggregateLayout& al = c.layout.aggregates[static_cast<std::size_t>(agg)];
  const AggregateDecl& a = c.model.aggregates[static_cast<std::size_t>(al.aggregate_id)];
  const Entity& into = EntityOf(c.model, a.into);
  auto groups = Expect(c, agg);
  if (!groups.ok()) return groups.error();
  std::vector<std::string> diffs;
  for (auto& [key, want] : groups->expected) {
    ++result.groups_compared;
    Record identity_record{{want.first}};
    auto item_key = exec::RenderItemKey(c.model, c.layout, al.target_type, identity_record, 1);
    if (!item_key) continue;
    sim::GetItemRequest get;
    get.table_name = c.layout.table_name;
    get.key = *item_key;
    get.consistent_read = true;
    auto got = c.plane->GetItem(get);
    if (!got.ok()) return got.error();
    sim::Item have = got->item ? *got->item : sim::Item{};
    if (got->item && al.shards > 1) {
      // A sharded group: its other shards read and added up, as a reader of it does.
      std::vector<sim::Item> group = {have};
      exec::ShardReads reads;
      if (auto s = exec::CombineGroupShards(*c.plane, c.model, c.layout, agg, true, group, reads);
          !s.ok())
        return s.error();
      have = group.front();
    }
    if (got->item && al.maintainer == Maintainer::kRead) {
      // Computed at read time: the values a reader of the item computes, at the check's clock.
      exec::Arguments clock{
          {exec::kNowArgument, sim::AttributeValue::N(std::to_string(kCheckNowSeconds))}};
      sim::Item values;
      exec::ReadOutcome read =
          exec::ReadGroupValues(*c.plane, c.model, c.layout, agg, want.first, true, clock, values);
      result.requests += read.requests;
      result.rcu += read.rcu;
      if (!read.status.ok()) {
        diffs.push_back(fmt::format("{} of {} {}: its values could not be computed: {}", a.name,
                                    into.name, Describe(into, want.first), read.status.message()));
        continue;
      }
      for (const auto& [name, value] : values) have[name] = value;
      for (const AggregateValue& v : a.values) {
        const std::string& name = into.attributes[static_cast<std::size_t>(v.target)].name;
        if (!values.count(name)) have.erase(name);
      }
    }
    for (const AggregateValue& v : a.values) {
      const std::string& name = into.attributes[static_cast<std::size_t>(v.target)].name;
      if (!got->item && want.second.find(name) != want.second.end() &&
          want.second.at(name) == sim::AttributeValue::N("0"))
        continue;  // an empty group never written: count and sum 0, as no item says
      if (SameValue(have, want.second, name)) continue;
      diffs.push_back(fmt::format("{} of {} {}: {} is {}, the oracle's {} items give {}", a.name,
                                  into.name, Describe(into, want.first), name,
                                  got->item ? ValueText(have, name) : "missing (no item)",
                                  EntityOf(c.model, a.of).name, ValueText(want.second, name)));
    }
    if (update) Follow(c, a, *groups, key, want);
  }
  return diffs;
}

// Copies onto `item` (about to be put whole) the values and state that the aggregates kept on
// entity `e` hold in the stored item at its key: their value attributes (a sharded group's
// shard 0 holds only its share), kAggregateVersionAttribute, kAggregateSeenAttribute and
// kAggregateValuesAttribute. Nothing when `e` keeps no stored aggregate or no item is stored.
sim::SimStatus KeepStoredValues(Context& c, EntityId e, sim::Item& item) {
  std::vector<std::string> kept = {kAggregateVersionAttribute, kAggregateSeenAttribute,
                                   kAggregateValuesAttribute};
  const Entity& en = c.entity(e);
  bool stored = false;
  for (const AggregateLayout& al : c.layout.aggregates) {
    const AggregateDecl& d = c.model.aggregates[static_cast<std::size_t>(al.aggregate_id)];
    if (d.into != e || al.maintainer == Maintainer::kRead) continue;
    stored = true;
    for (const AggregateValue& v : d.values)
      kept.push_back(en.attributes[static_cast<std::size_t>(v.target)].name);
  }
  if (!stored) return sim::Ok{};
  sim::GetItemRequest get;
  get.table_name = c.layout.table_name;
  get.key[c.layout.partition_key] = item.at(c.layout.partition_key);
  get.key[c.layout.sort_key] = item.at(c.layout.sort_key);
  get.consistent_read = true;
  auto got = c.plane->GetItem(get);
  if (!got.ok()) return got.error();
  if (!got->item) return sim::Ok{};
  for (const std::string& name : kept) {
    auto it = got->item->find(name);
    if (it == got->item->end())
      item.erase(name);
    else
      item[name] = it->second;
  }
  return sim::Ok{};
}

// Moves one `of` record to another record's group and deletes another, straight through the
// table (the items re-rendered: a Put of the moved items, or a delete and a put when the group
// is part of the identity), keeping the dataset and the oracle in step.
sim::SimStatus MoveAndDelete(Context& c, const AggregateDecl& a, std::vector<std::string>& done) {
  const Entity& of = EntityOf(c.model, a.of);
  auto& records = c.data.records[static_cast<std::size_t>(a.of)];
  auto& deleted = c.deleted[static_cast<std::size_t>(a.of)];
  std::vector<std::size_t> live;
  for (std::size_t i = 0; i < records.size(); ++i) {
    if (!deleted[i]) live.push_back(i);
  }
  if (live.size() < 3) return sim::Ok{};
  auto group_of = [&](std::size_t i) {
    auto g = exec::GroupOf(c.model, a, records[i].current());
    return g ? GroupKey(EntityOf(c.model, a.into), *g) : std::string();
  };
  std::size_t from = live[c.rng.Below(live.size())];
  std::optional<std::size_t> donor;
  for (std::size_t j : live) {
    if (group_of(j) != group_of(from)) {
      donor = j;
      break;
    }
  }
  // The aggregates kept in the writes' transactions over the same `of` (another aggregate of
  // it): a writer of `of` items keeps them in the same transaction, as a write pattern's plan
  // does (exec::ApplyWrite), or their groups drift from the items. A stream-kept aggregate needs
  // nothing: the stream sees every write.
  std::vector<int> in_transaction;
  for (std::size_t i = 0; i < c.layout.aggregates.size(); ++i) {
    const AggregateLayout& al = c.layout.aggregates[i];
    if (al.maintainer == Maintainer::kTransaction &&
        c.model.aggregates[static_cast<std::size_t>(al.aggregate_id)].of == a.of)
      in_transaction.push_back(static_cast<int>(i));
  }
  // Writes `after`'s items (a put each) or deletes `before`'s (after null), with the group items
  // of `in_transaction` in one TransactWriteItems when there are any.
  auto change_items = [&](const Record* before, const Record* after) -> sim::SimStatus {
    std::vector<sim::TransactWriteItem> actions;
    const std::string& table = c.layout.table_name;
    for (int t : c.layout.ItemTypesOf(a.of)) {
      if (after) {
        for (sim::Item& item : exec::RenderItems(c.model, c.layout, t, *after)) {
          // `of` may itself hold another aggregate's values (a chain): a writer of the item
          // leaves them and their state alone, as the application's writes do.
          if (auto s = KeepStoredValues(c, a.of, item); !s.ok()) return s;
          sim::TransactWriteItem action;
          action.put = sim::TransactPut{table, std::move(item), "", {}, {}};
          actions.push_back(std::move(action));
        }
      } else if (auto key = exec::RenderItemKey(c.model, c.layout, t, *before, 1)) {
        sim::TransactWriteItem action;
        action.delete_ = sim::TransactDelete{table, std::move(*key), "", {}, {}};
        actions.push_back(std::move(action));
      }
    }
    if (in_transaction.empty()) {
      for (sim::TransactWriteItem& action : actions) {
        if (action.put) {
          sim::PutItemRequest put;
          put.table_name = table;
          put.item = std::move(action.put->item);
          if (auto s = c.plane->PutItem(put); !s.ok()) return s.error();
        } else {
          sim::DeleteItemRequest del;
          del.table_name = table;
          del.key = std::move(action.delete_->key);
          if (auto s = c.plane->DeleteItem(del); !s.ok()) return s.error();
        }
      }
      return sim::Ok{};
    }
    exec::AggregateChange change;
    change.before = before ? &before->current() : nullptr;
    change.after = after ? &after->current() : nullptr;
    // Two aggregates on one `into` change the same item: the second builds on the first's
    // change and replaces its put, so the transaction has one operation per item, as
    // exec::ApplyWrite sends it (DynamoDB refuses two:
    // https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_TransactWriteItems.html).
    std::map<std::string, sim::Item> pending;
    std::map<std::string, std::size_t> pending_action;
    // Counts and sums kept by ADD (KeptByAdd): an UpdateItem per group item, nothing read.
    for (exec::GroupAdd& g : exec::PlanGroupAdds(c.model, c.layout, in_transaction, change)) {
      sim::TransactWriteItem action;
      action.update = sim::TransactUpdate{table,
                                          std::move(g.key),
                                          std::move(g.update),
                                          std::move(g.condition),
                                          std::move(g.names),
                                          std::move(g.values)};
      actions.push_back(std::move(action));
    }
    for (int agg : in_transaction) {
      if (KeptByAdd(c.model, c.layout, agg)) continue;
      exec::AggregateStats stats;
      auto planned =
          exec::PlanGroupWrites(*c.plane, c.model, c.layout, agg, change, stats, &pending);
      if (!planned.ok()) return planned.error();
      for (std::vector<exec::GroupPut>& group : *planned) {
        for (exec::GroupPut& p : group) {
          std::string key = exec::GroupItemKeyText(c.layout, p.item);
          pending[key] = p.item;
          if (auto at = pending_action.find(key); at != pending_action.end()) {
            actions[at->second].put->item = std::move(p.item);
            continue;
          }
          pending_action[key] = actions.size();
          sim::TransactWriteItem action;
          action.put = sim::TransactPut{table, std::move(p.item), std::move(p.condition),
                                        std::move(p.names), std::move(p.values)};
          actions.push_back(std::move(action));
        }
      }
    }
    sim::TransactWriteItemsRequest r;
    r.transact_items = std::move(actions);
    if (auto s = c.plane->TransactWriteItems(r); !s.ok()) return s.error();
    return sim::Ok{};
  };
  auto write_items = [&](const Record* before, const Record& r) {
    return change_items(before, &r);
  };
  auto delete_items = [&](const Record& r) { return change_items(&r, nullptr); };
  if (donor) {
    Record moved = records[from];
    bool identity = false;
    for (const GroupPart& g : a.group) {
      const std::string& name = of.attributes[static_cast<std::size_t>(g.source)].name;
      moved.versions.back()[name] = records[*donor].current().at(name);
      identity = identity || std::find(of.identifier.begin(), of.identifier.end(), g.source) !=
                                 of.identifier.end();
    }
    std::string new_key = GroupKey(of, moved.current());
    bool taken = false;
    for (std::size_t j : live) taken = taken || GroupKey(of, records[j].current()) == new_key;
    if (identity && !taken) {
      // The group is part of the identity: the item goes, another comes (REMOVE, INSERT).
      if (auto s = delete_items(records[from]); !s.ok()) return s;
      if (auto s = write_items(nullptr, moved); !s.ok()) return s;
      deleted[from] = true;
      (void)c.oracle->Store(a.of, from, nullptr);
      records.push_back(std::move(moved));
      deleted.push_back(false);
      (void)c.oracle->Store(a.of, records.size() - 1, &records.back());
      done.push_back("moved one item to another group (a delete and a create)");
    } else if (!identity) {
      // Same item, new group: one MODIFY whose old and new images name different groups.
      if (auto s = write_items(&records[from], moved); !s.ok()) return s;
      records[from] = std::move(moved);
      (void)c.oracle->Store(a.of, from, &records[from]);
      done.push_back("moved one item to another group (an update)");
    }
  }
  // The filter (AggregateDecl::filters): an item that counts stops matching it, and one that
  // does not count starts to, each in one MODIFY: a maintainer that ignores the filter, or takes
  // an item out of a group it never joined, gets the group's values wrong.
  for (bool join : {false, true}) {
    if (a.filters.empty()) break;
    live.clear();
    for (std::size_t i = 0; i < records.size(); ++i) {
      if (!deleted[i]) live.push_back(i);
    }
    std::size_t start = c.rng.Below(live.size());
    std::optional<std::size_t> pick;
    for (std::size_t n = 0; n < live.size() && !pick; ++n) {
      std::size_t j = live[(start + n) % live.size()];
      if (exec::MatchesFilter(a, records[j].current()) != join) pick = j;
    }
    if (!pick) continue;
    Record flipped = records[*pick];
    sim::Item& values = flipped.versions.back();
    bool changed = false;
    for (const FixedFilter& f : a.filters) {
      AttrId id = of.FindAttribute(f.attribute);
      const Attribute& attr = of.attributes[static_cast<std::size_t>(id)];
      // An identifier or unique value is the item's own: changing it is no update.
      bool identifier =
          std::find(of.identifier.begin(), of.identifier.end(), id) != of.identifier.end();
      if (identifier || attr.unique) continue;
      if (join) {
        values[attr.name] = FilterValueFor(attr, f.value);
        changed = true;
      } else if (auto other = ValueOutsideFilter(attr, f.value, c.rng, 4000000)) {
        values[attr.name] = *other;
        changed = true;
        break;  // one condition failing is enough
      }
    }
    HonourPresence(of, values, &c.rng, 4000000);
    if (!changed || exec::MatchesFilter(a, values) != join) continue;
    if (auto s = write_items(&records[*pick], flipped); !s.ok()) return s;
    records[*pick] = std::move(flipped);
    (void)c.oracle->Store(a.of, *pick, &records[*pick]);
    done.push_back(join ? "made one item match the filter (an update)"
                        : "made one item stop matching the filter (an update)");
  }
  live.clear();
  for (std::size_t i = 0; i < records.size(); ++i) {
    if (!deleted[i]) live.push_back(i);
  }
  std::size_t gone = live[c.rng.Below(live.size())];
  if (auto s = delete_items(records[gone]); !s.ok()) return s;
  deleted[gone] = true;
  (void)c.oracle->Store(a.of, gone, nullptr);
  done.push_back("deleted one item");
  return sim::Ok{};
}

// Time to Live's deletions at the check's clock (kCheckNowSeconds), when an aggregate's `of`
// expires: DynamoDB deletes an expired item itself, typically within a few days of its expiry,
// and the deletion reaches the stream as a REMOVE record whose userIdentity is the DynamoDB
// service
// (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/time-to-live-ttl-streams.html);
// until then the item is still stored and every aggregate still counts it (reads leave it out by
// its expiry; ReadPlan::drop_expired). The embedded table's TTL process deletes the items
// expired at the clock (sim::Database::ExpireItems: not those more than five years past), and
// the dataset and the oracle lose the same records, so the comparison after draining proves that
// the consumer takes service deletes out as it does any delete. Only the embedded table has this
// process; a table behind options.plane keeps its items.
// Returns whether the process ran.
sim::SimResult<bool> ExpireByTtl(Context& c) {
  if (!c.db || c.layout.ttl_attribute.empty()) return false;
  bool expiring = std::any_of(c.model.aggregates.begin(), c.model.aggregates.end(),
                              [&](const AggregateDecl& a) { return !c.entity(a.of).ttl.empty(); });
  if (!expiring) return false;
  auto expired = c.db->ExpireItems();
  if (!expired.ok()) return expired.error();
  // sim/engine/ttl.cpp's rule: before the clock, and not more than five years before it.
  constexpr std::int64_t kMaxPastSeconds = std::int64_t{5} * 365 * 24 * 3600;
  for (std::size_t e = 0; e < c.data.records.size(); ++e) {
    const Entity& en = c.entity(static_cast<EntityId>(e));
    if (en.ttl.empty()) continue;
    auto& records = c.data.records[e];
    for (std::size_t i = 0; i < records.size(); ++i) {
      if (c.deleted[e][i]) continue;
      auto it = records[i].current().find(en.ttl);
      if (it == records[i].current().end()) continue;
      auto at = exec::ExpirySeconds(it->second);
      if (!at || *at >= kCheckNowSeconds || *at < kCheckNowSeconds - kMaxPastSeconds) continue;
      c.deleted[e][i] = true;
      (void)c.oracle->Store(static_cast<EntityId>(e), i, nullptr);
    }
  }
  return true;
}

// One round: the staleness window, the drain, the comparison.
sim::SimStatus Round(Context& c, CheckReport& report, const std::string& round) {
  std::vector<std::int64_t> pending(c.layout.aggregates.size(), 0);
  std::vector<std::int64_t> stale(c.layout.aggregates.size(), 0);
  for (std::size_t i = 0; i < c.layout.aggregates.size(); ++i) {
    AggregateCheck& result = report.aggregates[i];
    if (c.layout.aggregates[i].maintainer == Maintainer::kStream) {
      auto p = Pending(c, static_cast<int>(i));
      if (!p.ok()) return p.error();
      pending[i] = *p;
    }
    auto diffs = Compare(c, static_cast<int>(i), result, false);
    if (!diffs.ok()) return diffs.error();
    stale[i] = static_cast<std::int64_t>(diffs->size());
    if (c.layout.aggregates[i].maintainer != Maintainer::kStream) {
      // Kept in the writes' transactions or computed at read time: exact at once, nothing may
      // lag.
      for (const std::string& d : *diffs)
        result.failures.push_back(fmt::format("{} ({}, {}: no stream to wait for)", d, round,
                                              c.layout.aggregates[i].maintainer == Maintainer::kRead
                                                  ? "computed at read time"
                                                  : "kept in the writes' transactions"));
    }
  }
  if (c.layout.stream) {
    std::vector<exec::AggregateStats> stats(c.layout.aggregates.size());
    if (auto s = Drain(c, stats); !s.ok()) return s;
    for (std::size_t i = 0; i < c.layout.aggregates.size(); ++i) {
      AggregateCheck& result = report.aggregates[i];
      result.records_applied += stats[i].applied;
      result.duplicates += stats[i].duplicates;
      result.requests += stats[i].requests;
      result.rcu += stats[i].rcu;
      result.wcu += stats[i].wcu;
    }
  }
  for (std::size_t i = 0; i < c.layout.aggregates.size(); ++i) {
    AggregateCheck& result = report.aggregates[i];
    result.pending_records = std::max(result.pending_records, pending[i]);
    result.stale_groups = std::max(result.stale_groups, stale[i]);
    auto diffs = Compare(c, static_cast<int>(i), result, true);
    if (!diffs.ok()) return diffs.error();
    // A group kept in the writes' transactions waits for no stream: its differences were
    // reported above, as they were before the drain.
    if (c.layout.aggregates[i].maintainer != Maintainer::kStream) continue;
    for (const std::string& d : *diffs)
      result.failures.push_back(fmt::format("{} ({}, after draining the stream)", d, round));
  }
  return sim::Ok{};
}

// Adds `state` (a map from value targets to their min/max/latest state, AggregateValueState) to
// the kAggregateValuesAttribute map of the item at `key`, keeping the entries other aggregates on
// the same item wrote: the map is created when missing, then each target's entry set on its own
// path (one expression may not set a map and a path inside it: "Two document paths overlap",
// https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Expressions.UpdateExpressions.html).
// An item that does not exist is left alone.
sim::SimStatus MergeValueState(Context& c, const sim::Item& key, const sim::AttributeValue& state) {
  sim::UpdateItemRequest make;
  make.table_name = c.layout.table_name;
  make.key = key;
  make.update_expression = "SET #s = if_not_exists(#s, :empty)";
  make.condition_expression = "attribute_exists(#pk)";
  make.expression_attribute_names = {{"#s", kAggregateValuesAttribute},
                                     {"#pk", c.layout.partition_key}};
  make.expression_attribute_values = {{":empty", sim::AttributeValue::M({})}};
  auto made = c.plane->UpdateItem(make);
  if (!made.ok()) {
    if (made.error().name == "ConditionalCheckFailedException") return sim::Ok{};
    return made.error();
  }
  sim::UpdateItemRequest set;
  set.table_name = c.layout.table_name;
  set.key = key;
  set.expression_attribute_names["#s"] = kAggregateValuesAttribute;
  std::vector<std::string> parts;
  for (const auto& [target, entry] : state.map()) {
    std::string n = fmt::format("#t{}", parts.size());
    std::string v = fmt::format(":t{}", parts.size());
    set.expression_attribute_names[n] = target;
    set.expression_attribute_values[v] = entry;
    parts.push_back(fmt::format("#s.{} = {}", n, v));
  }
  if (parts.empty()) return sim::Ok{};
  set.update_expression = fmt::format("SET {}", fmt::join(parts, ", "));
  if (auto done = c.plane->UpdateItem(set); !done.ok()) return done.error();
  return sim::Ok{};
}

// The backfill of a sharded aggregate (AggregateLayout::shards > 1): each group's `of` records
// split by the shard their writes would update (exec::GroupShardOf); shard 0's share replaces the
// values the `into` item was loaded with (and gets its min/max state), shards 1..N-1 are written
// as items of their own. The dataset and the oracle keep the whole group's values. A group with
// no `into` item (one the maintainer cannot create) gets no shards either.
sim::SimStatus SpreadOverShards(
    Context& c, int agg,
    const std::map<std::string, std::pair<sim::Item, std::vector<const sim::Item*>>>& groups) {
  const AggregateLayout& al = c.layout.aggregates[static_cast<std::size_t>(agg)];
  const AggregateDecl& a = c.model.aggregates[static_cast<std::size_t>(al.aggregate_id)];
  const Entity& into = EntityOf(c.model, a.into);
  for (const auto& [key, group] : groups) {
    std::vector<std::vector<const sim::Item*>> shares(static_cast<std::size_t>(al.shards));
    for (const sim::Item* r : group.second)
      shares[static_cast<std::size_t>(exec::GroupShardOf(c.model, c.layout, agg, *r))].push_back(r);
    auto main_key = exec::GroupShardKey(c.model, c.layout, agg, group.first, 0);
    if (!main_key) continue;
    sim::Item zero = exec::AggregateValues(c.model, a, shares[0]);
    sim::UpdateItemRequest u;
    u.table_name = c.layout.table_name;
    u.key = *main_key;
    u.condition_expression = "attribute_exists(#pk)";
    u.expression_attribute_names["#pk"] = c.layout.partition_key;
    std::vector<std::string> sets, removes;
    for (const AggregateValue& v : a.values) {
      const std::string& name = into.attributes[static_cast<std::size_t>(v.target)].name;
      std::string n = fmt::format("#a{}", sets.size() + removes.size());
      u.expression_attribute_names[n] = name;
      auto it = zero.find(name);
      if (it == zero.end()) {
        removes.push_back(n);
      } else {
        std::string value = fmt::format(":v{}", sets.size());
        u.expression_attribute_values[value] = it->second;
        sets.push_back(n + " = " + value);
      }
    }
    if (!sets.empty()) u.update_expression = fmt::format("SET {}", fmt::join(sets, ", "));
    if (!removes.empty())
      u.update_expression +=
          fmt::format("{}REMOVE {}", sets.empty() ? "" : " ", fmt::join(removes, ", "));
    auto done = c.plane->UpdateItem(u);
    if (!done.ok()) {
      if (done.error().name == "ConditionalCheckFailedException") continue;  // no `into` item
      return done.error();
    }
    if (auto state = exec::AggregateValueState(c.model, a, shares[0])) {
      if (auto merged = MergeValueState(c, *main_key, *state); !merged.ok()) return merged;
    }
    for (int s = 1; s < al.shards; ++s) {
      const auto& share = shares[static_cast<std::size_t>(s)];
      if (share.empty()) continue;
      sim::PutItemRequest put;
      put.table_name = c.layout.table_name;
      put.item = exec::GroupShardItem(c.model, c.layout, agg, group.first, s,
                                      exec::AggregateValues(c.model, a, share));
      if (auto state = exec::AggregateValueState(c.model, a, share))
        put.item[kAggregateValuesAttribute] = *state;
      if (auto sent = c.plane->PutItem(put); !sent.ok()) return sent.error();
      ++c.items_loaded;  // an item the table holds from the start
    }
  }
  return sim::Ok{};
}

}  // namespace

namespace {

// Whether some entity's items point at `into`'s (a relationship with `into` as the parent, or an
// M:N through another entity): its identifier values are then referenced elsewhere.
bool Referenced(const Model& m, EntityId into) {
  return std::any_of(m.relationships.begin(), m.relationships.end(), [&](const Relationship& r) {
    return r.from == into || (r.cardinality == Cardinality::kManyToMany && r.to == into);
  });
}

// An `into` entity the application makes, grouped by a time bucket ("2019-01"): its synthetic
// identifiers are drawn like any text and would name no group of `of` records, so every group
// would be empty. Half of its records (every other one, at most one per group) take the
// identifier of an existing group instead, so the check compares groups that hold items; the
// rest stay empty groups. Records whose identifier another entity references keep it.
void AlignBucketGroups(const Model& m, const AggregateDecl& a, Dataset& data) {
  bool bucketed = std::any_of(a.group.begin(), a.group.end(),
                              [](const GroupPart& g) { return g.bucket != TimeBucket::kNone; });
  if (!bucketed || exec::MaintainerCreatesGroups(m, a) || Referenced(m, a.into)) return;
  const Entity& into = EntityOf(m, a.into);
  auto groups = Groups(m, a, data.records[static_cast<std::size_t>(a.of)], nullptr);
  auto& records = data.records[static_cast<std::size_t>(a.into)];
  std::set<std::string> taken;
  for (const Record& r : records) taken.insert(GroupKey(into, r.current()));
  auto next = groups.begin();
  for (std::size_t i = 0; i < records.size() && next != groups.end(); i += 2) {
    while (next != groups.end() && taken.count(next->first)) ++next;
    if (next == groups.end()) break;
    taken.erase(GroupKey(into, records[i].current()));
    for (sim::Item& v : records[i].versions) {
      for (const auto& [name, value] : next->second.first) v[name] = value;
    }
    taken.insert(next->first);
    ++next;
  }
}

}  // namespace

void BackfillAggregates(const Model& m, Dataset& data) {
  for (const AggregateDecl& a : m.aggregates) AlignBucketGroups(m, a, data);
  for (const AggregateDecl& a : m.aggregates) {
    const Entity& into = EntityOf(m, a.into);
    auto groups = Groups(m, a, data.records[static_cast<std::size_t>(a.of)], nullptr);
    auto& records = data.records[static_cast<std::size_t>(a.into)];
    std::set<std::string> have;
    sim::Item empty = exec::AggregateValues(m, a, {});
    for (Record& r : records) {
      std::string key = GroupKey(into, r.current());
      have.insert(key);
      auto g = groups.find(key);
      SetValues(m, a, g == groups.end() ? empty : exec::AggregateValues(m, a, g->second.second),
                r.versions.back());
    }
    if (!exec::MaintainerCreatesGroups(m, a)) continue;
    for (const auto& [key, group] : groups) {
      if (have.count(key)) continue;
      Record fresh{{group.first}};
      SetValues(m, a, exec::AggregateValues(m, a, group.second), fresh.versions.back());
      records.push_back(std::move(fresh));
    }
  }
}

sim::SimStatus StartAggregates(Context& c) {
  // The per-group state of min and max, written beside the backfilled values.
  for (std::size_t i = 0; i < c.layout.aggregates.size(); ++i) {
    const AggregateLayout& al = c.layout.aggregates[i];
    const AggregateDecl& a = c.model.aggregates[static_cast<std::size_t>(al.aggregate_id)];
    auto groups = Groups(c.model, a, c.data.records[static_cast<std::size_t>(a.of)], nullptr);
    if (al.maintainer == Maintainer::kRead) continue;  // nothing stores its values
    if (al.shards > 1) {
      if (auto s = SpreadOverShards(c, static_cast<int>(i), groups); !s.ok()) return s;
      continue;
    }
    for (const auto& [key, group] : groups) {
      auto state = exec::AggregateValueState(c.model, a, group.second);
      if (!state) continue;  // no min or max in this aggregate, or no value in the group
      Record identity{{group.first}};
      auto item_key = exec::RenderItemKey(c.model, c.layout, al.target_type, identity, 1);
      if (!item_key) continue;
      // Several aggregates may keep state on one item: each adds its own targets' entries.
      if (auto merged = MergeValueState(c, *item_key, *state); !merged.ok()) return merged;
    }
  }
  // The consumer starts at the stream's end (LATEST): the backfill is not replayed to it.
  if (!c.layout.stream) return sim::Ok{};
  while (true) {
    auto read = c.plane->ReadStream(c.layout.table_name, c.stream_position, 1000);
    if (!read.ok()) return read.error();
    if (read->records.empty()) return sim::Ok{};
    c.stream_position = read->next_after_sequence;
  }
}

void FollowTransactionGroups(Context& c, EntityId of) {
  for (std::size_t i = 0; i < c.layout.aggregates.size(); ++i) {
    const AggregateLayout& al = c.layout.aggregates[i];
    const AggregateDecl& a = c.model.aggregates[static_cast<std::size_t>(al.aggregate_id)];
    if (al.maintainer != Maintainer::kTransaction || a.of != of) continue;
    auto groups = Expect(c, static_cast<int>(i));
    if (!groups.ok()) continue;  // the oracle failed: the comparison after the writes says so
    for (const auto& [key, want] : groups->expected) Follow(c, a, *groups, key, want);
  }
}

sim::SimStatus CheckAggregates(Context& c, CheckReport& report) {
  for (std::size_t i = 0; i < c.layout.aggregates.size(); ++i) {
    const AggregateLayout& al = c.layout.aggregates[i];
    const AggregateDecl& a = c.model.aggregates[static_cast<std::size_t>(al.aggregate_id)];
    report.aggregates.push_back(AggregateCheck{});
    report.aggregates.back().name = al.name;
    report.aggregates.back().maintainer = MaintainerName(al.maintainer);
    report.aggregates.back().range = a.range;
  }
  if (c.layout.aggregates.empty()) return sim::Ok{};
  auto expired = ExpireByTtl(c);
  if (!expired.ok()) return expired.error();
  if (auto s = Round(c, report,
                     *expired ? "after the write patterns and Time to Live's deletions"
                              : "after the write patterns");
      !s.ok())
    return s;
  // The check's own changes go straight to the table, as any writer's would: a stream sees them
  // all, and a read computing an aggregate reads whatever the table holds; an aggregate kept in
  // the writes' transactions over the same `of` is written in the same transaction
  // (MoveAndDelete). An aggregate kept in transactions alone changes only through the write
  // patterns (their moves and deletes were the first round's).
  for (std::size_t i = 0; i < c.layout.aggregates.size(); ++i) {
    if (c.layout.aggregates[i].maintainer == Maintainer::kTransaction) continue;
    const AggregateDecl& a =
        c.model.aggregates[static_cast<std::size_t>(c.layout.aggregates[i].aggregate_id)];
    // No write moves or deletes the `of` items of an append-only aggregate (AppendOnly): its
    // maintainer keeps only the latest or extreme entry, so the check makes no such change
    // either, to it or to another aggregate over the same items.
    if (std::any_of(c.model.aggregates.begin(), c.model.aggregates.end(),
                    [&](const AggregateDecl& o) { return o.of == a.of && AppendOnly(c.model, o); }))
      continue;
    std::vector<std::string> done;
    if (auto s = MoveAndDelete(c, a, done); !s.ok()) return s;
  }
  return Round(c, report, "after moves between groups and deletes");
}

}  // namespace model::check
