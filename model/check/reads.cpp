// `model check`: read plans executed (by model/exec) against the simulated table and compared
// with the oracle.
#include "model/exec/reads.h"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <set>
#include <string>
#include <unordered_map>

#include "model/check/internal.h"
#include "model/cost.h"
#include "model/exec/values.h"
#include "model/hot_partitions.h"
#include "model/range_bounds.h"
#include "model/sim/api/number.h"

namespace model::check {

namespace {

using Args = PatternArgs;

// A typed value of `attr` that no synthetic record holds.
sim::AttributeValue Missing(const Attribute& attr) {
  switch (attr.type) {
    case AttrType::kNumber:
    case AttrType::kInteger:
      return sim::AttributeValue::N("987654321");
    case AttrType::kBoolean:
      return sim::AttributeValue::Bool(true);
    case AttrType::kBinary:
      return sim::AttributeValue::B("\xff\xfe-missing");
    case AttrType::kTimestamp:
      return sim::AttributeValue::S("1999-12-31T23:59:59Z");
    case AttrType::kDate:
      return sim::AttributeValue::S("1999-12-31");
    case AttrType::kEnum:
      return sim::AttributeValue::S(attr.enum_values.back());
    default:
      return sim::AttributeValue::S("missing#value");
  }
}

using exec::CompareTyped;

std::string ArgsText(const Args& args) {
  std::vector<std::string> parts;
  for (const auto& [k, v] : args) parts.push_back(fmt::format("{}={}", k, NaturalText(v)));
  return fmt::format("{{{}}}", fmt::join(parts, ", "));
}

// Argument samples: values of real records (hits), one miss, range bounds from the data.
std::vector<Args> SampleArgs(Context& c, const AccessPattern& p) {
  // A read of a relationship's other side reads by attributes of the link's holder.
  // A parent with its polymorphic children reads by the parent's identifier.
  EntityId e = p.other_side ? p.other_side->holder : p.returns[0];
  if (p.follows && !p.other_side) {
    const Relationship& r = c.model.relationships[static_cast<std::size_t>(*p.follows)];
    if (r.Polymorphic()) e = r.from;
  }
  const Entity& en = c.entity(e);
  const auto& records = c.data.records[static_cast<std::size_t>(e)];
  std::vector<std::size_t> live;
  for (std::size_t i = 0; i < records.size(); ++i) {
    if (!c.deleted[static_cast<std::size_t>(e)][i]) live.push_back(i);
  }
  std::vector<Args> out;
  auto range_values = [&](const Args& base) {
    std::vector<const sim::AttributeValue*> values;
    for (std::size_t i : live) {
      const sim::Item& item = records[i].current();
      bool match = std::all_of(p.params.begin(), p.params.end(), [&](const std::string& prm) {
        auto it = item.find(prm);
        auto bt = base.find(prm);
        return it != item.end() && bt != base.end() && it->second == bt->second;
      });
      auto rv = item.find(p.range_condition->attribute);
      if (match && rv != item.end()) values.push_back(&rv->second);
    }
    if (values.empty()) {
      for (std::size_t i : live) {
        auto rv = records[i].current().find(p.range_condition->attribute);
        if (rv != records[i].current().end()) values.push_back(&rv->second);
      }
    }
    return values;
  };
  // Which records the arguments come from: every one the write side touched, once (to catch
  // stale entries: the first few alone would leave the later write patterns' changes unread),
  // the one whose parameter values have the most matches (a big partition, to exercise paging
  // and limits), then random ones.
  std::vector<std::size_t> picks;
  std::set<std::size_t> picked;
  for (std::size_t i : c.touched[static_cast<std::size_t>(e)]) {
    if (!c.deleted[static_cast<std::size_t>(e)][i] && picked.insert(i).second) picks.push_back(i);
  }
  if (!p.params.empty() && !live.empty()) {
    std::unordered_map<std::string, std::pair<int, std::size_t>> groups;  // key -> (count, first)
    std::string key;
    for (std::size_t i : live) {
      key.clear();
      for (const std::string& prm : p.params) {
        key += Natural(records[i].current(), prm);
        key += '\x1f';
      }
      auto& g = groups[key];
      if (g.first++ == 0) g.second = i;
    }
    // The largest group; among equals, the smallest key (so the pick does not depend on the
    // hash table's order).
    const std::pair<const std::string, std::pair<int, std::size_t>>* biggest = nullptr;
    for (const auto& g : groups) {
      if (!biggest || g.second.first > biggest->second.first ||
          (g.second.first == biggest->second.first && g.first < biggest->first)) {
        biggest = &g;
      }
    }
    picks.push_back(biggest->second.second);
  }
  int samples = std::max(1, c.options.samples);
  while (static_cast<int>(picks.size()) < samples && !live.empty())
    picks.push_back(live[c.rng.Below(live.size())]);
  for (std::size_t pick : picks) {
    Args args;
    const sim::Item& item = records[pick].current();
    bool ok = true;
    for (const std::string& prm : p.params) {
      auto it = item.find(prm);
      if (it == item.end()) {
        ok = false;
        break;
      }
      args[prm] = it->second;
    }
    if (!ok) continue;
    if (p.range_condition) {
      auto values = range_values(args);
      if (values.empty()) continue;
      const sim::AttributeValue& a = *values[c.rng.Below(values.size())];
      const sim::AttributeValue& b = *values[c.rng.Below(values.size())];
      const std::vector<std::string> bounds = RangeBoundNames(p);
      switch (p.range_condition->op) {
        case RangeOp::kBetween:
          args[bounds[0]] = CompareTyped(a, b) <= 0 ? a : b;
          args[bounds[1]] = CompareTyped(a, b) <= 0 ? b : a;
          break;
        case RangeOp::kBeginsWith: {
          std::string text = a.scalar();
          args[bounds[0]] =
              sim::AttributeValue::S(text.substr(0, std::max<std::size_t>(1, text.size() / 2)));
          break;
        }
        default:
          args[bounds[0]] = a;
      }
    }
    out.push_back(std::move(args));
  }
  if (!p.params.empty() && !out.empty()) {
    Args miss = out.front();
    for (const std::string& prm : p.params)
      miss[prm] = Missing(en.attributes[static_cast<std::size_t>(en.FindAttribute(prm))]);
    out.push_back(std::move(miss));
  }
  // The caller names a parameter read through a link attribute by the attribute it references
  // (AccessPattern::param_names).
  for (std::size_t i = 0; i < p.params.size(); ++i) {
    if (p.ParamName(i) == p.params[i]) continue;
    for (Args& args : out) {
      auto it = args.find(p.params[i]);
      if (it == args.end()) continue;
      sim::AttributeValue v = std::move(it->second);
      args.erase(it);
      args[p.ParamName(i)] = std::move(v);
    }
  }
  return out;
}

// An entity version's identity as the pattern sees it.
struct Identity {
  EntityId entity = -1;
  std::string key;   // "Order orderId=o-1" (+ " v2" when versions are distinct results)
  sim::Item values;  // the entity's attribute values
  // A sorted read of a relationship's other side: the sort value of the holder item it comes
  // through (OracleRow::order), by which the order is checked; the returned item lacks it.
  std::string link_order;
  bool operator<(const Identity& o) const { return key < o.key; }
};

std::string IdentityKey(const Entity& en, const sim::Item& values, int version) {
  std::string key = en.name;
  for (AttrId id : en.identifier) {
    const std::string& name = en.attributes[static_cast<std::size_t>(id)].name;
    key += fmt::format(" {}={}", name, Natural(values, name));
  }
  if (version > 0) key += fmt::format(" v{}", version);
  return key;
}

// The item type whose label the item carries; null when none does.
const ItemType* TypeOf(const KeyLayout& layout, const sim::Item& item) {
  std::string label = Natural(item, kTypeAttribute);
  const ItemType* type = nullptr;
  for (const ItemType& t : layout.item_types) {
    if (t.label == label) type = &t;
  }
  return type;
}

bool Versions(const Context& c, const AccessPattern& p, EntityId e) {
  return c.entity(e).versioned && !p.current_only;
}

std::string List(const std::vector<Identity>& ids) {
  std::vector<std::string> keys;
  for (std::size_t i = 0; i < ids.size() && i < 6; ++i) keys.push_back(ids[i].key);
  if (ids.size() > 6) keys.push_back(fmt::format("... {} more", ids.size() - 6));
  return fmt::format("[{}]", fmt::join(keys, "; "));
}

// One call of a read plan: through other code (CheckOptions::read_through) or model/exec.
struct ReadCall {
  exec::ReadOutcome got;
  bool through = false;                  // run through read_through
  std::vector<EntityId> entities;        // the entity of each item (read_through only)
  std::optional<std::string> aggregate;  // the aggregate read_through computed
};

ReadCall CallRead(Context& c, int r, const ReadPlan& plan, const Args& args) {
  ReadCall call;
  call.through = static_cast<bool>(c.options.read_through);
  if (call.through) {
    ReadThrough answer = c.options.read_through(r, args);
    call.got.request = answer.request;
    if (answer.error) call.got.status = Status::Internal(*answer.error);
    for (auto& [entity, item] : answer.items) {
      call.entities.push_back(entity);
      call.got.items.push_back(std::move(item));
    }
    call.aggregate = std::move(answer.aggregate);
  } else {
    call.got = exec::ExecuteRead(*c.plane, c.model, c.layout, plan, args);
  }
  return call;
}

// The entity of the call's `i`th item; -1 when its type is unknown.
EntityId EntityOf(const Context& c, const ReadCall& call, std::size_t i) {
  if (call.through) return call.entities[i];
  const ItemType* type = TypeOf(c.layout, call.got.items[i]);
  if (type) return type->entity;
  // An embedded collection's children carry their entity's label, and have no item type.
  std::string label = Natural(call.got.items[i], kTypeAttribute);
  for (const EmbeddedLayout& e : c.layout.embedded) {
    if (e.label == label) return e.child;
  }
  return -1;
}

// Only the pattern's entities may come back: what is wrong with the first other item, or empty.
std::string ForeignItem(const Context& c, const AccessPattern& p, const ReadCall& call) {
  for (std::size_t i = 0; i < call.got.items.size(); ++i) {
    EntityId e = EntityOf(c, call, i);
    if (e < 0 || std::find(p.returns.begin(), p.returns.end(), e) == p.returns.end()) {
      std::string label = Natural(call.got.items[i], kTypeAttribute);
      return fmt::format("returned an item of another type ({} = {})", kTypeAttribute,
                         label.empty() ? "absent" : label);
    }
  }
  return "";
}

// What came back, as entity identities.
std::vector<Identity> ActualIdentities(const Context& c, const AccessPattern& p,
                                       const ReadCall& call) {
  std::vector<Identity> actual;
  for (std::size_t i = 0; i < call.got.items.size(); ++i) {
    const sim::Item& item = call.got.items[i];
    EntityId e = EntityOf(c, call, i);
    int version = 0;
    if (Versions(c, p, e)) {
      std::string v = Natural(item, kVersionAttribute);
      if (v.empty()) v = Natural(item, kLatestAttribute);
      version = v.empty() ? 0 : std::stoi(v);
    }
    actual.push_back(Identity{e, IdentityKey(c.entity(e), item, version), item, std::string()});
  }
  return actual;
}

// What the oracle answered, as entity identities.
std::vector<Identity> ExpectedIdentities(const Context& c, const AccessPattern& p,
                                         const std::vector<OracleRow>& rows) {
  std::vector<Identity> expected;
  for (const OracleRow& row : rows) {
    const Record& rec = c.data.records[static_cast<std::size_t>(row.entity)][row.record];
    const sim::Item& values = rec.versions[static_cast<std::size_t>(row.version - 1)];
    expected.push_back(Identity{
        row.entity,
        IdentityKey(c.entity(row.entity), values, Versions(c, p, row.entity) ? row.version : 0),
        values, row.order});
  }
  // Several entities sorted by one attribute (a timeline of issues and activity entries), or read
  // over a range of one (the sort key they share orders them): the oracle answers entity by
  // entity, each in order, while the read returns them merged by the attribute in DynamoDB's
  // order of values (model/exec/values.h CompareTyped; ties keep the oracle's order, and
  // ListProblem compares only the attribute's values). The parents lacking the attribute stay
  // first (Oracle::Answer).
  if ((p.sort || p.range_condition) && !p.other_side) {
    const std::string& attr = p.sort ? p.sort->attribute : p.range_condition->attribute;
    auto sorted = std::find_if(expected.begin(), expected.end(), [&](const Identity& id) {
      return c.entity(id.entity).FindAttribute(attr) >= 0;
    });
    const bool merged = std::any_of(
        sorted, expected.end(), [&](const Identity& id) { return id.entity != sorted->entity; });
    if (merged) {
      const bool desc = p.sort && p.sort->descending;
      std::stable_sort(sorted, expected.end(), [&](const Identity& a, const Identity& b) {
        auto av = a.values.find(attr), bv = b.values.find(attr);
        if (av == a.values.end() || bv == b.values.end())
          return av != a.values.end() && bv == b.values.end();  // absent values last
        int cmp = exec::CompareTyped(av->second, bv->second);
        return desc ? cmp > 0 : cmp < 0;
      });
    }
  }
  return expected;
}

// An aggregate pattern's value against the oracle's: what differs, or empty.
std::string AggregateProblem(const ReadPlan& plan, const std::vector<Identity>& expected,
                             const ReadCall& call) {
  const ClientStep* step = exec::AggregateStep(plan.client_steps);
  if (!step) return "the plan does not aggregate its items";
  std::vector<sim::Item> expected_items;
  for (const Identity& id : expected) expected_items.push_back(id.values);
  std::string want = exec::Aggregate(*step, expected_items),
              have = call.through ? call.aggregate.value_or("(none)")
                                  : exec::Aggregate(*step, call.got.items);
  if (want == have) return "";
  return step->aggregate == AggregateKind::kCount
             ? fmt::format("count {} expected, got {}", want, have)
             : fmt::format("sum of {} is {} but the plan's items add up to {}", step->attribute,
                           want, have);
}

// Whether two holder items a read of the relationship's other side reads can link to one item:
// unless the parameters and the link cover the holder's identifier (a Follow keyed by follower
// and followee, read by followee) and the holder keeps no versions.
bool OtherSideLinksRepeat(const Context& c, const AccessPattern& p) {
  const Entity& holder = c.entity(p.other_side->holder);
  if (holder.versioned) return true;
  for (AttrId a : holder.identifier) {
    bool param = std::find(p.params.begin(), p.params.end(),
                           holder.attributes[static_cast<std::size_t>(a)].name) != p.params.end();
    bool link = std::find(p.other_side->link.begin(), p.other_side->link.end(), a) !=
                p.other_side->link.end();
    if (!param && !link) return true;
  }
  return false;
}

// How many items the call must return. Parents read with their sorted children (they lack the
// sort attribute) come on top of the limit, which counts the children.
std::size_t WantedCount(const Context& c, const AccessPattern& p,
                        const std::vector<Identity>& expected) {
  std::size_t parents = 0;
  // A read of a relationship's other side sorts by the holder's attribute: no parent there.
  if (p.sort && !p.other_side) {
    for (const Identity& id : expected)
      parents += c.entity(id.entity).FindAttribute(p.sort->attribute) < 0 ? 1 : 0;
  }
  return p.limit
             ? std::min<std::size_t>(expected.size(), static_cast<std::size_t>(*p.limit) + parents)
             : expected.size();
}

// The items returned against the first `want` expected: each one expected, none twice, as many,
// in the order of `order_attr` (when not null). What differs first, or empty.
// With `by_link` (a sorted read of a relationship's other side), the order is that of each
// item's Identity::link_order.
std::string ListProblem(const std::vector<Identity>& expected, const std::vector<Identity>& actual,
                        std::size_t want, const std::string* order_attr, bool by_link) {
  std::set<std::string> expected_keys;
  for (const Identity& id : expected) expected_keys.insert(id.key);
  std::set<std::string> seen;
  for (const Identity& id : actual) {
    if (!expected_keys.count(id.key))
      return fmt::format("returned {}, which does not match", id.key);
    if (!seen.insert(id.key).second) return fmt::format("returned {} twice", id.key);
  }
  if (actual.size() != want) return fmt::format("expected {} items, got {}", want, actual.size());
  if (!order_attr) return "";
  if (by_link) {
    // The returned items come in the order of the holder items they come through: each
    // returned item's sort value is the oracle's (an item returned is an item expected).
    std::map<std::string, const std::string*> order_of;
    for (const Identity& id : expected) order_of[id.key] = &id.link_order;
    for (std::size_t i = 0; i < want; ++i) {
      const std::string& got = *order_of[actual[i].key];
      if (got != expected[i].link_order) {
        return fmt::format(
            "out of order at position {}: expected {} through {} = {}, got {} through {} = {}",
            i + 1, expected[i].key, *order_attr, expected[i].link_order, actual[i].key, *order_attr,
            got);
      }
    }
    return "";
  }
  for (std::size_t i = 0; i < want; ++i) {
    auto ev = expected[i].values.find(*order_attr);
    auto av = actual[i].values.find(*order_attr);
    bool same = (ev == expected[i].values.end()) == (av == actual[i].values.end()) &&
                (ev == expected[i].values.end() || ev->second == av->second);
    if (!same) {
      return fmt::format(
          "out of order at position {}: expected {} = {}, got {} = {}", i + 1, *order_attr,
          ev == expected[i].values.end() ? "absent" : NaturalText(ev->second), *order_attr,
          av == actual[i].values.end() ? "absent" : NaturalText(av->second));
    }
  }
  return "";
}

// The attributes a read projects (its `project` list) on each item it returns must be the
// oracle's: present when the oracle's record holds one, with the same value. A read an index
// serves returns only what the index projects, so a plan that neither finds them there nor
// fetches the items from the table (FollowUp::by_table_key) fails here. Copies and aggregates'
// values are left out: writes keep them in step on their own schedule. What differs first, or
// empty.
std::string ProjectedValueProblem(const Context& c, const AccessPattern& p,
                                  const std::vector<Identity>& expected,
                                  const std::vector<Identity>& actual) {
  if (p.projection.empty() || p.aggregate) return "";
  std::map<std::string, const sim::Item*> want_values;
  for (const Identity& id : expected) want_values[id.key] = &id.values;
  for (const Identity& id : actual) {
    auto want = want_values.find(id.key);
    if (want == want_values.end() || id.entity < 0) continue;
    const Entity& en = c.entity(id.entity);
    for (const std::string& name : p.projection) {
      const AttrId a = en.FindAttribute(name);
      if (a < 0 || !en.attributes[static_cast<std::size_t>(a)].copy.empty()) continue;
      const bool aggregated = std::any_of(
          c.model.aggregates.begin(), c.model.aggregates.end(), [&](const AggregateDecl& g) {
            return g.into == id.entity &&
                   std::any_of(g.values.begin(), g.values.end(),
                               [&](const AggregateValue& v) { return v.target == a; });
          });
      if (aggregated) continue;
      auto x = want->second->find(name);
      if (x == want->second->end()) continue;
      auto y = id.values.find(name);
      if (y == id.values.end())
        return fmt::format("returned {} without '{}', which the pattern projects", id.key, name);
      if (!(x->second == y->second))
        return fmt::format("returned {} with {} = {}, expected {}", id.key, name,
                           NaturalText(y->second), NaturalText(x->second));
    }
  }
  return "";
}

// A pre-computed aggregate's values on the group items returned must be the oracle's (a sharded
// group's added up over its shards). A value `p`'s projection leaves out is not returned to the
// caller, and the plan does not complete it (no other shards read, no read-time Query): it is
// not compared. What differs first, or empty.
std::string StoredAggregateProblem(const Context& c, const AccessPattern& p,
                                   const std::vector<Identity>& expected,
                                   const std::vector<Identity>& actual) {
  std::map<std::string, const sim::Item*> want_values;
  for (const Identity& id : expected) want_values[id.key] = &id.values;
  for (const Identity& id : actual) {
    for (const AggregateDecl& a : c.model.aggregates) {
      if (a.into != id.entity) continue;
      const Entity& into = c.entity(a.into);
      const sim::Item& want_item = *want_values[id.key];
      for (const AggregateValue& v : a.values) {
        const std::string& name = into.attributes[static_cast<std::size_t>(v.target)].name;
        if (!p.projection.empty() &&
            std::find(p.projection.begin(), p.projection.end(), name) == p.projection.end())
          continue;
        auto x = id.values.find(name);
        auto y = want_item.find(name);
        bool x_in = x != id.values.end(), y_in = y != want_item.end();
        bool same = x_in == y_in;
        if (same && x_in) {
          same = x->second.is(sim::ValueType::kN) && y->second.is(sim::ValueType::kN)
                     ? sim::Number::Compare(x->second.scalar(), y->second.scalar()) == 0
                     : x->second == y->second;
        }
        if (!same) {
          return fmt::format("returned {} with {} = {}, but aggregate '{}' gives {}", id.key, name,
                             x_in ? NaturalText(x->second) : "absent", a.name,
                             y_in ? NaturalText(y->second) : "absent");
        }
      }
    }
  }
  return "";
}

}  // namespace

void CheckRead(Context& c, int r, const std::string& round, PatternCheck& result) {
  const ReadPlan& plan = c.layout.reads[static_cast<std::size_t>(r)];
  const AccessPattern& p = c.model.access_patterns[static_cast<std::size_t>(plan.pattern_id)];
  const std::string* order_attr = p.sort              ? &p.sort->attribute
                                  : p.range_condition ? &p.range_condition->attribute
                                                      : nullptr;
  int failures_before = static_cast<int>(result.failures.size());
  for (Args args : SampleArgs(c, p)) {
    // Reads of entities with Time to Live run, and the oracle answers, at the check's clock.
    if (std::any_of(p.returns.begin(), p.returns.end(),
                    [&](EntityId e) { return !c.entity(e).ttl.empty(); }) ||
        (p.other_side && !c.entity(p.other_side->holder).ttl.empty()))
      args[exec::kNowArgument] = sim::AttributeValue::N(std::to_string(kCheckNowSeconds));
    ReadCall call = CallRead(c, r, plan, args);
    exec::ReadOutcome& got = call.got;
    ++result.calls;
    result.requests += got.requests;
    result.pages += got.pages;
    result.items_read += got.scanned;
    result.rcu += got.rcu;
    auto fail = [&](const std::string& what) {
      if (static_cast<int>(result.failures.size()) - failures_before >= 1)
        return;  // one counterexample per round
      result.failures.push_back(fmt::format("{}{} with {}: {}\n    request: {}",
                                            round.empty() ? "" : round + ": ", p.name,
                                            ArgsText(args), what, got.request));
    };
    if (!got.status.ok()) {
      fail(got.status.message());
      continue;
    }
    if (std::string foreign = ForeignItem(c, p, call); !foreign.empty()) {
      fail(foreign);
      continue;
    }
    // Code run through read_through did its client-side steps itself.
    // A plan with a second step sorted its first step's items itself (exec/reads.h).
    if (!call.through && !plan.follow_up) exec::SortClientSide(plan.client_steps, got.items);
    std::vector<Identity> actual = ActualIdentities(c, p, call);
    result.items_returned += static_cast<std::int64_t>(actual.size());
    auto answer = c.oracle->Answer(p, args);
    if (!answer.ok()) {
      fail("the oracle failed: " + answer.error().message);
      continue;
    }
    std::vector<Identity> expected = ExpectedIdentities(c, p, answer.value());
    if (p.aggregate) {
      if (std::string problem = AggregateProblem(plan, expected, call); !problem.empty())
        fail(problem);
      continue;
    }
    std::size_t want = WantedCount(c, p, expected);
    // A read of a relationship's other side: its limit counts the holder's items, and when
    // several of them can link to one item (OtherSideLinksRepeat) a limited read returns at most
    // `want` (one, when any).
    if (p.other_side && p.limit && OtherSideLinksRepeat(c, p) && actual.size() < want &&
        !actual.empty())
      want = actual.size();
    std::string problem = ListProblem(expected, actual, want, order_attr, p.other_side && p.sort);
    // Stored aggregates only when the dataset's groups are current: before the writes, or after
    // them once the aggregates were compared (a full check, a read checked alone).
    if (problem.empty() && (round.empty() || c.aggregates_compared))
      problem = StoredAggregateProblem(c, p, expected, actual);
    if (problem.empty()) problem = ProjectedValueProblem(c, p, expected, actual);
    if (!problem.empty()) {
      std::vector<Identity> shown(expected.begin(),
                                  expected.begin() + static_cast<std::ptrdiff_t>(want));
      fail(fmt::format("{}\n    expected {}\n    actual   {}", problem, List(shown), List(actual)));
    }
  }
}

void MeasureRead(Context& c, int r, PatternCheck& result) {
  const ReadPlan& plan = c.layout.reads[static_cast<std::size_t>(r)];
  const AccessPattern& p = c.model.access_patterns[static_cast<std::size_t>(plan.pattern_id)];
  if (result.calls == 0 && result.failures.empty()) {
    // A read never run proves nothing: it fails rather than pass unchecked.
    result.failures.push_back(
        fmt::format("{} was never run: the synthetic data gave no arguments for it", p.name));
  }
  if (plan.operation == Operation::kScan) {
    result.warnings.push_back(
        fmt::format("{} is served by a Scan, which reads the whole table on every call", p.name));
  }
  // A sharded aggregate's group item is read with its other shards, which the filter does not
  // discard: they count as items the call needs.
  std::int64_t per_item = 1;
  for (int a : plan.aggregate_shards)
    per_item += c.layout.aggregates[static_cast<std::size_t>(a)].shards - 1;
  // A read of a relationship's other side reads a holder item for each item it returns.
  if (plan.follow_up) per_item += 1;
  // A read-time aggregate's group reads are not a filter's discards.
  if (plan.aggregate_reads.empty() && result.items_read > 10 &&
      result.items_read > 2 * per_item * std::max<std::int64_t>(result.items_returned, 1)) {
    result.warnings.push_back(fmt::format(
        "{} reads {} items for the {} it returns: its filter discards most of what it reads",
        p.name, result.items_read, result.items_returned));
  }
  // A pattern that returned nothing in every call proved nothing: its filter value, range or
  // parameters match no synthetic item.
  if (result.calls > 0 && result.items_returned == 0 && result.failures.empty()) {
    result.warnings.push_back(fmt::format(
        "{} returned no item in any of its {} calls: the synthetic data never exercises it (a "
        "filter value or range no item matches?), so the check proves nothing about it",
        p.name, result.calls));
  }
  // Load and cost come from the declarations (model/cost.h), never from the synthetic data's
  // scale: the same figures at any --items and for any --pattern.
  ReadFigures f = EstimateRead(c.model, c.layout, plan);
  // On a key hot patterns read (model/hot_partitions.h), the busiest value's partition takes the
  // reads of every pattern on the key: that sum, when it is more.
  std::string summed;
  for (const HotPartition& h : HotPartitions(c.model, c.layout)) {
    if (h.index != plan.index || h.key != plan.key.partition_key.ToString() ||
        h.rcu_per_shard_s <= f.busiest_rcu_per_s + 1e-9 || h.parts.size() < 2)
      continue;
    f.busiest_rcu_per_s = h.rcu_per_shard_s;
    summed = fmt::format("the busiest value of {} takes {}{}", PartitionName(h),
                         DescribeParts(h, false), h.shards > 1 ? ", on each shard" : "");
  }
  // A constant partition of an inverted index takes every read on it, whichever pattern (the
  // derivation's sum: derive/inverted.cpp).
  for (const HotPartition& h : InvertedConstantPartitions(c.model, c.layout)) {
    if (h.index != plan.index || h.key != plan.key.partition_key.ToString() ||
        h.rcu_per_s <= f.busiest_rcu_per_s + 1e-9)
      continue;
    f.busiest_rcu_per_s = h.rcu_per_s;
    std::vector<std::string> reads;
    for (const HotPartitionPart& part : h.parts) {
      if (!part.write && part.units_per_s > 0)
        reads.push_back(fmt::format("{} {:.0f} RCU/s", part.pattern, part.units_per_s));
    }
    summed = fmt::format("the inverted index partition {} takes every read on it: {}",
                         PartitionName(h), fmt::join(reads, ", "));
  }
  // Any other partition several reads share, or a natural-key index's, takes every read on it:
  // their sum, each read at its even share (the derivation's: derive/shared_partitions.cpp).
  bool shared = false;
  for (const HotPartition& h : SharedPartitions(c.model, c.layout)) {
    if (h.index != plan.index || h.key != plan.key.partition_key.ToString() ||
        h.rcu_per_shard_s <= f.busiest_rcu_per_s + 1e-9)
      continue;
    f.busiest_rcu_per_s = h.rcu_per_shard_s;
    shared = true;
    std::vector<std::string> reads;
    for (const HotPartitionPart& part : h.parts) {
      if (!part.write && part.units_per_s > 0)
        reads.push_back(fmt::format("{} {:.0f} RCU/s", part.pattern, part.units_per_s));
    }
    summed = fmt::format("{} {} takes every read on it: {}{}",
                         ConstantKey(h) ? "the partition" : "the busiest value of",
                         PartitionName(h), fmt::join(reads, ", "),
                         ConstantKey(h) ? "" : ", each an even share of its calls");
    if (h.shards > 1) summed += ", on each shard";
  }
  const bool natural = plan.index > 0 && c.model.table.NaturalIndex(plan.index);
  result.monthly_cost_usd = f.monthly_cost_usd;
  result.hottest_partition_units_per_s = f.busiest_rcu_per_s;
  result.upper_bound = f.upper_bound;
  if (f.busiest_rcu_per_s > kPartitionReadLimit) {
    std::string where =
        !summed.empty() ? summed
        : f.constant_partition
            ? std::string("its partition key has no parameter, so every call reads it")
        : p.hot_share
            ? fmt::format("its busiest value takes {:g}% of the calls ('hot')", *p.hot_share * 100)
            : fmt::format("its {:.0f} partitions each take an even share of the calls",
                          f.partitions);
    std::string text = fmt::format(
        "{} would throttle: at {} requests/s its busiest partition needs about {:.0f} RCU/s, over "
        "DynamoDB's {:.0f} per partition ({}{}); {}",
        p.name, p.rate, f.busiest_rcu_per_s, kPartitionReadLimit, where,
        (f.upper_bound ? "; a range without a limit may read the whole partition" : "") +
            (f.assumption.empty() ? "" : "; " + f.assumption),
        plan.operation == Operation::kFanOutQuery
            ? "every shard takes every call: cache the reads (DAX), read a pre-computed page "
              "item, or lower the rate"
        : p.hot_share ? "write shards do not spread the reads of one value: cache the reads "
                        "(DAX), or copy the busiest value's items under keys readers pick at random"
        : natural
            ? fmt::format("the partition key of the natural-key index {} is the entity's own "
                          "attribute, which cannot be sharded: serve the reads from an index the "
                          "design derives (without the natural-key index, or with a finer key), "
                          "cache the reads (DAX), or lower the rate",
                          c.model.table.GsiName(plan.index))
        : shared ? "serve some of the patterns sharing the partition from another index, cache "
                   "the reads (DAX), or lower their rates"
                 : "shard the partition key or lower the rate");
    // Beyond kOverloadFailFactor times the limit it throttles whatever the margin of the
    // estimate: a failure; within it, or when the figure rests on an assumed cardinality, a
    // warning.
    if (f.assumption.empty() && f.busiest_rcu_per_s > kOverloadFailFactor * kPartitionReadLimit) {
      result.failures.push_back(text);
    } else {
      result.warnings.push_back(text);
    }
  }
}

}  // namespace model::check
