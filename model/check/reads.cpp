// `model check`: read plans executed against the simulated table and compared with the oracle.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <deque>
#include <set>
#include <unordered_map>

#include "model/check/internal.h"
#include "model/entity_keys.h"
#include "model/sim/api/number.h"

namespace model::check {

namespace {

using Args = PatternArgs;

// A typed value of `attr` that no synthetic record holds.
sim::AttributeValue Missing(const Attribute& attr) {
  switch (attr.type) {
    case AttrType::kNumber:
    case AttrType::kInteger: return sim::AttributeValue::N("987654321");
    case AttrType::kBoolean: return sim::AttributeValue::Bool(true);
    case AttrType::kBinary: return sim::AttributeValue::B("\xff\xfe-missing");
    case AttrType::kTimestamp: return sim::AttributeValue::S("1999-12-31T23:59:59Z");
    case AttrType::kDate: return sim::AttributeValue::S("1999-12-31");
    case AttrType::kEnum: return sim::AttributeValue::S(attr.enum_values.back());
    default: return sim::AttributeValue::S("missing#value");
  }
}

int CompareTyped(const sim::AttributeValue& a, const sim::AttributeValue& b) {
  if (a.type() != b.type()) return static_cast<int>(a.type()) - static_cast<int>(b.type());
  if (a.is(sim::ValueType::kS) || a.is(sim::ValueType::kN) || a.is(sim::ValueType::kB)) return sim::CompareScalars(a, b);
  return 0;
}

std::string ArgsText(const Args& args) {
  std::vector<std::string> parts;
  for (const auto& [k, v] : args) parts.push_back(fmt::format("{}={}", k, NaturalText(v)));
  return fmt::format("{{{}}}", fmt::join(parts, ", "));
}

// Argument samples: values of real records (hits), one miss, range bounds from the data.
std::vector<Args> SampleArgs(Context& c, const AccessPattern& p) {
  EntityId e = p.returns[0];
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
  // Which records the arguments come from: those the write side touched (to catch stale
  // entries), the one whose parameter values have the most matches (a big partition, to
  // exercise paging and limits), then random ones.
  std::vector<std::size_t> picks;
  for (std::size_t i : c.touched[static_cast<std::size_t>(e)]) {
    if (!c.deleted[static_cast<std::size_t>(e)][i] && picks.size() < 4) picks.push_back(i);
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
  while (static_cast<int>(picks.size()) < samples && !live.empty()) picks.push_back(live[c.rng.Below(live.size())]);
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
      switch (p.range_condition->op) {
        case RangeOp::kBetween:
          args["from"] = CompareTyped(a, b) <= 0 ? a : b;
          args["to"] = CompareTyped(a, b) <= 0 ? b : a;
          break;
        case RangeOp::kBeginsWith: {
          std::string text = a.scalar();
          args["value"] = sim::AttributeValue::S(text.substr(0, std::max<std::size_t>(1, text.size() / 2)));
          break;
        }
        default:
          args["value"] = a;
      }
    }
    out.push_back(std::move(args));
  }
  if (!p.params.empty() && !out.empty()) {
    Args miss = out.front();
    for (const std::string& prm : p.params) miss[prm] = Missing(en.attributes[static_cast<std::size_t>(en.FindAttribute(prm))]);
    out.push_back(std::move(miss));
  }
  return out;
}

struct Outcome {
  std::vector<sim::Item> items;
  std::int64_t requests = 0;
  std::int64_t pages = 0;
  std::int64_t scanned = 0;
  double rcu = 0;
  std::map<std::string, double> partition_units;  // modeled from declared item sizes
  std::string request;                             // the first request, for counterexamples
  Status status;  // why the plan could not run to the end (then the answer is incomplete)
};

struct Cursor {
  sim::QueryRequest request;
  std::string partition;
  std::deque<sim::Item> buffer;
  bool done = false;
};

class Executor {
 public:
  Executor(Context& c, const AccessPattern& p, const ReadPlan& plan, const Args& args)
      : c_(c), p_(p), plan_(plan), args_(args) {
    const Entity& en = c.entity(p.returns[0]);
    item_size_ = static_cast<double>(en.item_size);
    if (plan.index == 0) {
      pk_name_ = c.layout.partition_key;
      sk_name_ = c.layout.sort_key;
    } else {
      const IndexLayout& index = c.layout.indexes[static_cast<std::size_t>(plan.index - 1)];
      pk_name_ = index.partition_key;
      sk_name_ = index.sort_key;
    }
  }

  Outcome Run() {
    switch (plan_.operation) {
      case Operation::kGetItem: GetItem(); break;
      case Operation::kQuery: Query(); break;
      case Operation::kFanOutQuery: FanOut(); break;
      case Operation::kScan: Scan(); break;
      case Operation::kBatchGetItem:
        out_.status = Status::NotSupported(
            "BatchGetItem plans are not executed by this version of the checker");
        break;
    }
    return std::move(out_);
  }

 private:
  std::optional<std::string> Render(const KeyTemplate& t, int shard) const {
    ValueLookup lookup = [&](const std::string& name) -> std::optional<std::string> {
      if (name == kShardAttribute) return std::to_string(shard);
      auto it = args_.find(name);
      if (it == args_.end()) return std::nullopt;
      return NaturalText(it->second);
    };
    return model::RenderKey(t, lookup);
  }

  void Account(const std::string& partition, std::int64_t scanned, double units, bool consistent) {
    ++out_.requests;
    out_.scanned += scanned;
    out_.rcu += units;
    // Read units from the bytes read at the declared item size (per-request rounding, which
    // depends on how the client pages, is left out): what the partition serves per call.
    double factor = consistent ? 1.0 : 0.5;
    double modeled = std::max(static_cast<double>(scanned), 1.0) * item_size_ / 4096.0 * factor;
    out_.partition_units[partition] += modeled;
  }

  sim::AttributeValue FilterValue(const SparseCondition& f) const {
    const Entity& en = c_.entity(p_.returns[0]);
    AttrId a = en.FindAttribute(f.attribute);
    AttrType t = a < 0 ? AttrType::kString : en.attributes[static_cast<std::size_t>(a)].type;
    if (t == AttrType::kBoolean) return sim::AttributeValue::Bool(f.value == "true");
    if (t == AttrType::kNumber || t == AttrType::kInteger) {
      auto n = sim::Number::Parse(f.value);
      return sim::AttributeValue::N(n.ok() ? n.value() : f.value);
    }
    return sim::AttributeValue::S(f.value);
  }

  // FilterExpression from the plan, into the request's placeholder maps.
  std::string Filter(sim::ExpressionAttributeNames& names, sim::ExpressionAttributeValues& values) const {
    std::vector<std::string> terms;
    for (std::size_t i = 0; i < plan_.filter.size(); ++i) {
      names[fmt::format("#f{}", i)] = plan_.filter[i].attribute;
      values[fmt::format(":f{}", i)] = FilterValue(plan_.filter[i]);
      terms.push_back(fmt::format("#f{0} = :f{0}", i));
    }
    if (!plan_.filter_types.empty()) {
      names["#ty"] = kTypeAttribute;
      std::vector<std::string> labels;
      for (std::size_t i = 0; i < plan_.filter_types.size(); ++i) {
        values[fmt::format(":t{}", i)] = sim::AttributeValue::S(plan_.filter_types[i]);
        labels.push_back(fmt::format(":t{}", i));
      }
      terms.push_back(fmt::format("#ty IN ({})", fmt::join(labels, ", ")));
    }
    return fmt::format("{}", fmt::join(terms, " AND "));
  }

  std::optional<Cursor> MakeCursor(int shard) {
    auto pk = Render(plan_.key.partition_key, shard);
    if (!pk) {
      out_.status = Status::InvalidArgument(
          fmt::format("cannot render the partition key {} from the arguments",
                      plan_.key.partition_key.ToString()));
      return std::nullopt;
    }
    Cursor cur;
    sim::QueryRequest& r = cur.request;
    r.table_name = c_.layout.table_name;
    r.index_name = c_.IndexName(plan_.index);
    r.expression_attribute_names["#pk"] = pk_name_;
    r.expression_attribute_values[":pk"] = sim::AttributeValue::S(*pk);
    std::string kce = "#pk = :pk";
    const KeyCondition& k = plan_.key;
    if (k.sort_op != SortOp::kNone) {
      auto lo = Render(k.sort_lower, shard);
      std::optional<std::string> hi;
      if (k.sort_op == SortOp::kBetween) hi = Render(k.sort_upper, shard);
      if (!lo || (k.sort_op == SortOp::kBetween && !hi)) {
        out_.status =
            Status::InvalidArgument("cannot render the sort-key condition from the arguments");
        return std::nullopt;
      }
      std::string after(1, kAfterSeparator);
      r.expression_attribute_names["#sk"] = sk_name_;
      auto& v = r.expression_attribute_values;
      switch (k.sort_op) {
        case SortOp::kEq: kce += " AND #sk = :s"; v[":s"] = sim::AttributeValue::S(*lo); break;
        case SortOp::kLt: kce += " AND #sk < :s"; v[":s"] = sim::AttributeValue::S(*lo); break;
        case SortOp::kLe: kce += " AND #sk <= :s"; v[":s"] = sim::AttributeValue::S(*lo + (k.upper_after_separator ? after : "")); break;
        case SortOp::kGt: kce += " AND #sk > :s"; v[":s"] = sim::AttributeValue::S(*lo + (k.upper_after_separator ? after : "")); break;
        case SortOp::kGe: kce += " AND #sk >= :s"; v[":s"] = sim::AttributeValue::S(*lo); break;
        case SortOp::kBetween:
          kce += " AND #sk BETWEEN :lo AND :hi";
          v[":lo"] = sim::AttributeValue::S(*lo);
          v[":hi"] = sim::AttributeValue::S(*hi + (k.upper_after_separator ? after : ""));
          break;
        case SortOp::kBeginsWith: kce += " AND begins_with(#sk, :s)"; v[":s"] = sim::AttributeValue::S(*lo); break;
        case SortOp::kNone: break;
      }
    }
    r.key_condition_expression = kce;
    r.filter_expression = Filter(r.expression_attribute_names, r.expression_attribute_values);
    r.scan_index_forward = plan_.scan_forward;
    r.consistent_read = plan_.consistent && plan_.index == 0;
    r.return_consumed_capacity = sim::ReturnConsumedCapacity::kTotal;
    if (plan_.operation == Operation::kFanOutQuery) r.limit = plan_.per_shard_limit;
    else r.limit = plan_.limit;
    cur.partition = fmt::format("{}:{}", r.index_name.empty() ? "table" : r.index_name, *pk);
    if (out_.request.empty()) {
      std::string text = kce;
      for (const auto& [n, name] : r.expression_attribute_names) {
        for (std::size_t pos; (pos = text.find(n)) != std::string::npos;) text.replace(pos, n.size(), name);
      }
      for (const auto& [n, value] : r.expression_attribute_values) {
        for (std::size_t pos; (pos = text.find(n)) != std::string::npos;) text.replace(pos, n.size(), "\"" + NaturalText(value) + "\"");
      }
      out_.request = fmt::format("Query {} {}{}", r.index_name.empty() ? "table" : r.index_name, text,
                                 r.filter_expression.empty() ? "" : " (with a filter)");
    }
    return cur;
  }

  bool Fetch(Cursor& cur) {
    if (cur.done) return false;
    auto page = c_.db->Query(cur.request);
    if (!page.ok()) {
      out_.status = FromSim(page.error());
      cur.done = true;
      return false;
    }
    ++out_.pages;
    Account(cur.partition, page->scanned_count, page->consumed_capacity ? page->consumed_capacity->capacity_units : 0,
            cur.request.consistent_read);
    for (auto& item : page->items) cur.buffer.push_back(std::move(item));
    if (page->last_evaluated_key) cur.request.exclusive_start_key = page->last_evaluated_key;
    else cur.done = true;
    return true;
  }

  void GetItem() {
    auto pk = Render(plan_.key.partition_key, 0);
    auto sk = Render(plan_.key.sort_lower, 0);
    if (!pk || !sk) {
      out_.status = Status::InvalidArgument("cannot render the key from the arguments");
      return;
    }
    sim::GetItemRequest r;
    r.table_name = c_.layout.table_name;
    r.key = {{c_.layout.partition_key, sim::AttributeValue::S(*pk)}, {c_.layout.sort_key, sim::AttributeValue::S(*sk)}};
    r.consistent_read = plan_.consistent;
    r.return_consumed_capacity = sim::ReturnConsumedCapacity::kTotal;
    out_.request = fmt::format("GetItem {}={} {}={}", c_.layout.partition_key, *pk, c_.layout.sort_key, *sk);
    auto got = c_.db->GetItem(r);
    if (!got.ok()) {
      out_.status = FromSim(got.error());
      return;
    }
    ++out_.pages;
    Account("table:" + *pk, got->item ? 1 : 0, got->consumed_capacity ? got->consumed_capacity->capacity_units : 0,
            plan_.consistent);
    if (got->item) out_.items.push_back(std::move(*got->item));
  }

  void Query() {
    auto cur = MakeCursor(0);
    if (!cur) return;
    while (!plan_.limit || static_cast<std::int64_t>(cur->buffer.size()) < *plan_.limit) {
      if (!Fetch(*cur)) break;
    }
    // With a filter, the last page can bring more matches than the limit: keep the first ones.
    if (plan_.limit && static_cast<std::int64_t>(cur->buffer.size()) > *plan_.limit) {
      cur->buffer.resize(static_cast<std::size_t>(*plan_.limit));
    }
    for (auto& item : cur->buffer) out_.items.push_back(std::move(item));
  }

  void FanOut() {
    std::vector<Cursor> cursors;
    for (int s = 0; s < plan_.shards; ++s) {
      auto cur = MakeCursor(s);
      if (!cur) return;
      cursors.push_back(std::move(*cur));
    }
    // Lazy k-way merge on the index sort key: a shard's next page is read only when its
    // buffered items run out.
    while (!plan_.limit || static_cast<std::int64_t>(out_.items.size()) < *plan_.limit) {
      Cursor* best = nullptr;
      for (Cursor& cur : cursors) {
        if (cur.buffer.empty() && !cur.done) Fetch(cur);
        if (!out_.status.ok()) return;
        if (cur.buffer.empty()) continue;
        if (!best) {
          best = &cur;
          continue;
        }
        const std::string a = Natural(cur.buffer.front(), sk_name_);
        const std::string b = Natural(best->buffer.front(), sk_name_);
        if (plan_.scan_forward ? a < b : a > b) best = &cur;
      }
      if (!best) break;
      out_.items.push_back(std::move(best->buffer.front()));
      best->buffer.pop_front();
    }
  }

  void Scan() {
    sim::ScanRequest r;
    r.table_name = c_.layout.table_name;
    r.index_name = c_.IndexName(plan_.index);
    r.filter_expression = Filter(r.expression_attribute_names, r.expression_attribute_values);
    r.return_consumed_capacity = sim::ReturnConsumedCapacity::kTotal;
    r.consistent_read = plan_.consistent && plan_.index == 0;
    out_.request = fmt::format("Scan {}", r.index_name.empty() ? "table" : r.index_name);
    while (true) {
      auto page = c_.db->Scan(r);
      if (!page.ok()) {
        out_.status = FromSim(page.error());
        return;
      }
      ++out_.pages;
      Account("scan", page->scanned_count, page->consumed_capacity ? page->consumed_capacity->capacity_units : 0, r.consistent_read);
      for (auto& item : page->items) out_.items.push_back(std::move(item));
      if (!page->last_evaluated_key) break;
      r.exclusive_start_key = page->last_evaluated_key;
    }
  }

  Context& c_;
  const AccessPattern& p_;
  const ReadPlan& plan_;
  const Args& args_;
  std::string pk_name_;
  std::string sk_name_;
  double item_size_ = 1024;
  Outcome out_;
};

// An entity version's identity as the pattern sees it.
struct Identity {
  EntityId entity = -1;
  std::string key;         // "Order orderId=o-1" (+ " v2" when versions are distinct results)
  sim::Item values;        // the entity's attribute values
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

bool Versions(const Context& c, const AccessPattern& p, EntityId e) { return c.entity(e).versioned && !p.current_only; }

std::string List(const std::vector<Identity>& ids) {
  std::vector<std::string> keys;
  for (std::size_t i = 0; i < ids.size() && i < 6; ++i) keys.push_back(ids[i].key);
  if (ids.size() > 6) keys.push_back(fmt::format("... {} more", ids.size() - 6));
  return fmt::format("[{}]", fmt::join(keys, "; "));
}

}  // namespace

void CheckRead(Context& c, int r, const std::string& round, PatternCheck& result) {
  const ReadPlan& plan = c.layout.reads[static_cast<std::size_t>(r)];
  const AccessPattern& p = c.model.access_patterns[static_cast<std::size_t>(plan.pattern_id)];
  const std::string* order_attr = p.sort ? &p.sort->attribute : p.range_condition ? &p.range_condition->attribute : nullptr;
  bool desc = p.sort && p.sort->descending;
  int failures_before = static_cast<int>(result.failures.size());
  for (const Args& args : SampleArgs(c, p)) {
    Outcome got = Executor(c, p, plan, args).Run();
    ++result.calls;
    result.requests += got.requests;
    result.pages += got.pages;
    result.items_read += got.scanned;
    result.rcu += got.rcu;
    for (const auto& [part, units] : got.partition_units) c.partition_units[r][part] += units;
    auto fail = [&](const std::string& what) {
      if (static_cast<int>(result.failures.size()) - failures_before >= 1) return;  // one counterexample per round
      result.failures.push_back(fmt::format("{}{} with {}: {}\n    request: {}", round.empty() ? "" : round + ": ",
                                            p.name, ArgsText(args), what, got.request));
    };
    if (!got.status.ok()) {
      fail(got.status.message());
      continue;
    }
    // What came back, as entity identities.
    std::vector<Identity> actual;
    bool foreign = false;
    for (const sim::Item& item : got.items) {
      std::string label = Natural(item, kTypeAttribute);
      const ItemType* type = nullptr;
      for (const ItemType& t : c.layout.item_types) {
        if (t.label == label) type = &t;
      }
      if (!type || std::find(p.returns.begin(), p.returns.end(), type->entity) == p.returns.end()) {
        fail(fmt::format("returned an item of another type ({} = {})", kTypeAttribute, label.empty() ? "absent" : label));
        foreign = true;
        break;
      }
      int version = 0;
      if (Versions(c, p, type->entity)) {
        std::string v = Natural(item, kVersionAttribute);
        if (v.empty()) v = Natural(item, kLatestAttribute);
        version = v.empty() ? 0 : std::stoi(v);
      }
      actual.push_back(Identity{type->entity, IdentityKey(c.entity(type->entity), item, version), item});
    }
    if (foreign) continue;
    if (plan.client_side.find("sort by") != std::string::npos && p.sort) {
      std::stable_sort(actual.begin(), actual.end(), [&](const Identity& a, const Identity& b) {
        auto av = a.values.find(p.sort->attribute);
        auto bv = b.values.find(p.sort->attribute);
        if (av == a.values.end() || bv == b.values.end()) return false;
        int cmp = CompareTyped(av->second, bv->second);
        return desc ? cmp > 0 : cmp < 0;
      });
      if (p.limit && static_cast<std::int64_t>(actual.size()) > *p.limit) actual.resize(static_cast<std::size_t>(*p.limit));
    }
    result.items_returned += static_cast<std::int64_t>(actual.size());
    auto answer = c.oracle->Answer(p, args);
    if (!answer.ok()) {
      fail("the oracle failed: " + answer.error().message);
      continue;
    }
    std::vector<Identity> expected;
    for (const OracleRow& row : answer.value()) {
      const Record& rec = c.data.records[static_cast<std::size_t>(row.entity)][row.record];
      const sim::Item& values = rec.versions[static_cast<std::size_t>(row.version - 1)];
      expected.push_back(Identity{row.entity, IdentityKey(c.entity(row.entity), values, Versions(c, p, row.entity) ? row.version : 0), values});
    }
    if (p.aggregate) {
      if (p.aggregate->kind == AggregateKind::kCount) {
        if (actual.size() != expected.size()) fail(fmt::format("count {} expected, got {}", expected.size(), actual.size()));
        continue;
      }
      auto sum = [&](const std::vector<Identity>& ids) {
        std::string total = "0";
        for (const Identity& id : ids) {
          auto v = id.values.find(p.aggregate->attribute);
          if (v == id.values.end() || !v->second.is(sim::ValueType::kN)) continue;
          auto next = sim::Number::Add(total, v->second.scalar());
          if (next.ok()) total = next.value();
        }
        return total;
      };
      std::string want = sum(expected), have = sum(actual);
      if (want != have) fail(fmt::format("sum of {} is {} but the plan's items add up to {}", p.aggregate->attribute, want, have));
      continue;
    }
    std::size_t want = p.limit ? std::min<std::size_t>(expected.size(), static_cast<std::size_t>(*p.limit)) : expected.size();
    std::set<std::string> expected_keys;
    for (const Identity& id : expected) expected_keys.insert(id.key);
    std::set<std::string> seen;
    std::string problem;
    for (const Identity& id : actual) {
      if (!expected_keys.count(id.key)) {
        problem = fmt::format("returned {}, which does not match", id.key);
        break;
      }
      if (!seen.insert(id.key).second) {
        problem = fmt::format("returned {} twice", id.key);
        break;
      }
    }
    if (problem.empty() && actual.size() != want) {
      problem = fmt::format("expected {} items, got {}", want, actual.size());
    }
    if (problem.empty() && order_attr) {
      for (std::size_t i = 0; i < want; ++i) {
        auto ev = expected[i].values.find(*order_attr);
        auto av = actual[i].values.find(*order_attr);
        bool same = (ev == expected[i].values.end()) == (av == actual[i].values.end()) &&
                    (ev == expected[i].values.end() || ev->second == av->second);
        if (!same) {
          problem = fmt::format("out of order at position {}: expected {} = {}, got {} = {}", i + 1, *order_attr,
                                ev == expected[i].values.end() ? "absent" : NaturalText(ev->second), *order_attr,
                                av == actual[i].values.end() ? "absent" : NaturalText(av->second));
          break;
        }
      }
    }
    if (!problem.empty()) {
      std::vector<Identity> shown(expected.begin(), expected.begin() + static_cast<std::ptrdiff_t>(want));
      fail(fmt::format("{}\n    expected {}\n    actual   {}", problem, List(shown), List(actual)));
    }
  }
}

void MeasureRead(Context& c, int r, PatternCheck& result) {
  const ReadPlan& plan = c.layout.reads[static_cast<std::size_t>(r)];
  const AccessPattern& p = c.model.access_patterns[static_cast<std::size_t>(plan.pattern_id)];
  if (plan.operation == Operation::kScan) {
    result.warnings.push_back(fmt::format("{} is served by a Scan, which reads the whole table on every call", p.name));
  }
  if (result.items_read > 10 && result.items_read > 2 * std::max<std::int64_t>(result.items_returned, 1)) {
    result.warnings.push_back(fmt::format("{} reads {} items for the {} it returns: its filter discards most of what it reads",
                                          p.name, result.items_read, result.items_returned));
  }
  const auto& parts = c.partition_units[r];
  if (result.calls == 0 || parts.empty()) return;
  double total = 0;
  for (const auto& [part, units] : parts) total += units;
  double calls = static_cast<double>(result.calls);
  result.monthly_cost_usd = p.rate * (total / calls) * kSecondsPerMonth * kReadRequestUnitPrice / 1e6;
  // A partition key without parameters takes every call's traffic; with parameters the load
  // spreads over as many partitions as there are argument values.
  std::vector<std::string> attrs = plan.key.partition_key.Attributes();
  bool constant = std::all_of(attrs.begin(), attrs.end(), [](const std::string& a) { return a == kShardAttribute; });
  // Shards of one key are chosen by a hash, so in production each takes an equal share; a
  // small sample's imbalance says nothing about that. Other keys spread over their arguments.
  double share = 1.0 / static_cast<double>(parts.size());
  result.hottest_partition_units_per_s = p.rate * (total / calls) * share;
  if (constant && result.hottest_partition_units_per_s > kPartitionReadLimit) {
    std::string text = fmt::format(
        "{} would throttle: at {} requests/s its busiest partition needs about {:.0f} RCU/s, over DynamoDB's {:.0f} "
        "per partition; shard the partition key or lower the rate",
        p.name, p.rate, result.hottest_partition_units_per_s, kPartitionReadLimit);
    // The load is estimated from synthetic data: within kOverloadFailFactor of the limit it is
    // a warning, beyond it a failure.
    if (result.hottest_partition_units_per_s > kOverloadFailFactor * kPartitionReadLimit) {
      result.failures.push_back(text);
    } else {
      result.warnings.push_back(text);
    }
  }
}

}  // namespace model::check
