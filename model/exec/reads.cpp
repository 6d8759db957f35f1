#include "model/exec/reads.h"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <deque>
#include <map>
#include <set>

#include "model/entity_keys.h"
#include "model/exec/aggregates.h"
#include "model/exec/batch_get.h"
#include "model/exec/embedded.h"
#include "model/filter_presence.h"
#include "model/keys/key_match.h"
#include "model/range_bounds.h"
#include "model/sim/api/number.h"

namespace model::exec {

namespace {

// The request's IndexName: "" for the table.
std::string IndexNameOf(const KeyLayout& layout, int index) {
  return index == 0 ? std::string() : layout.indexes[static_cast<std::size_t>(index - 1)].name;
}

struct Cursor {
  sim::QueryRequest request;
  std::string partition;
  std::deque<sim::Item> buffer;
  bool done = false;
  std::optional<std::string> excluded;  // a strict bound's rendered sort key, dropped on read
};

// The caller's arguments keyed by the attributes the plan's key conditions name: a parameter the
// caller names otherwise (AccessPattern::param_names: `by: [handle]` read through the link
// attribute `artist`) is also given under its attribute's name.
Arguments KeyArguments(const Model& model, const ReadPlan& plan, const Arguments& args) {
  Arguments out = args;
  if (plan.pattern_id < 0 ||
      static_cast<std::size_t>(plan.pattern_id) >= model.access_patterns.size()) {
    return out;
  }
  const AccessPattern& p = model.access_patterns[static_cast<std::size_t>(plan.pattern_id)];
  for (std::size_t i = 0; i < p.param_names.size() && i < p.params.size(); ++i) {
    if (p.param_names[i] == p.params[i]) continue;
    auto it = args.find(p.param_names[i]);
    if (it != args.end()) out[p.params[i]] = it->second;
  }
  return out;
}

class Executor {
 public:
  Executor(sim::DataPlane& plane, const Model& model, const KeyLayout& layout, const ReadPlan& plan,
           const Arguments& args, const ReadPageRequest* page)
      : plane_(plane),
        model_(model),
        layout_(layout),
        plan_(plan),
        args_(KeyArguments(model, plan, args)),
        page_(page) {
    if (plan.index == 0) {
      pk_name_ = layout.partition_key;
      sk_name_ = layout.sort_key;
    } else {
      const IndexLayout& index = layout.indexes[static_cast<std::size_t>(plan.index - 1)];
      pk_name_ = index.partition_key;
      sk_name_ = index.sort_key;
    }
  }

  ReadOutcome Run() {
    if (page_ && !PageFits()) return std::move(out_);
    switch (plan_.operation) {
      case Operation::kGetItem:
        GetItem();
        break;
      case Operation::kQuery:
        Query();
        break;
      case Operation::kFanOutQuery:
        FanOut();
        break;
      case Operation::kScan:
        Scan();
        break;
      case Operation::kBatchGetItem:
        out_.status = Status::NotSupported(
            "BatchGetItem plans are not executed by this version of the checker");
        break;
    }
    Unnest();
    Match();
    LimitEmbedded();
    // A second step (ReadPlan::follow_up) reads the items the aggregates' values are completed
    // on: the first step's are the link holders or index entries, which hold no values.
    const bool follows = plan_.follow_up.has_value();
    if (!follows) {
      CombineShards();
      ComputeReadTime();
    }
    ReadValuesFromKeys();
    Follow();
    if (follows) {
      CombineShards();
      ComputeReadTime();
    }
    return std::move(out_);
  }

 private:
  // A page's start must have one position per partition read of the plan, and its limit be 1+.
  bool PageFits() {
    std::size_t reads =
        plan_.operation == Operation::kFanOutQuery ? static_cast<std::size_t>(plan_.shards)
        : plan_.operation == Operation::kQuery || plan_.operation == Operation::kScan ? 1
                                                                                      : 0;
    if (!page_->start.empty() && page_->start.size() != reads) {
      out_.status = Status::InvalidArgument(fmt::format(
          "a page of this read resumes {} partition read(s), not {}", reads, page_->start.size()));
      return false;
    }
    if (page_->limit && *page_->limit < 1) {
      out_.status = Status::InvalidArgument(
          fmt::format("a page limit must be at least 1, not {}", *page_->limit));
      return false;
    }
    return true;
  }

  // The tighter of the plan's limit and the page's.
  std::optional<std::int64_t> Stop() const {
    std::optional<std::int64_t> stop = plan_.limit;
    if (page_ && page_->limit && (!stop || *page_->limit < *stop)) stop = page_->limit;
    return stop;
  }

  // Where partition read `i` of a page starts; null when the read starts at the beginning.
  const ReadPosition* StartOf(std::size_t i) const {
    return page_ && i < page_->start.size() ? &page_->start[i] : nullptr;
  }

  // The ExclusiveStartKey that resumes right after `item`: its table key and, on an index, its
  // index key
  // (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Query.Pagination.html).
  ReadPosition After(const sim::Item& item) const {
    ReadPosition p;
    p.state = ReadPosition::State::kAfter;
    for (const std::string* name :
         {&layout_.partition_key, &layout_.sort_key, &pk_name_, &sk_name_}) {
      auto it = item.find(*name);
      if (it != item.end()) p.key[*name] = it->second;
    }
    return p;
  }

  static ReadPosition Done() {
    ReadPosition p;
    p.state = ReadPosition::State::kDone;
    return p;
  }

  // The value a key condition compares the index's key with, rendered as `text`: a string,
  // except on a natural-key index, whose template is the one attribute itself
  // (Encoding::kNatural): its argument as given, an S, N or B as the index's key is typed.
  sim::AttributeValue KeyValue(const KeyTemplate& t, const std::string& text) const {
    if (t.parts.size() == 1 && t.parts[0].is_attribute &&
        t.parts[0].encoding == Encoding::kNatural) {
      auto it = args_.find(t.parts[0].text);
      if (it != args_.end()) return it->second;
    }
    return sim::AttributeValue::S(text);
  }

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
    out_.sent.push_back(RequestRead{partition, scanned, units, consistent});
  }

  sim::AttributeValue FilterValue(const SparseCondition& f) const {
    const AccessPattern& p = model_.access_patterns[static_cast<std::size_t>(plan_.pattern_id)];
    const Entity& en = model_.entities[static_cast<std::size_t>(p.returns[0])];
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
  std::string Filter(sim::ExpressionAttributeNames& names,
                     sim::ExpressionAttributeValues& values) const {
    std::vector<std::string> terms;
    for (std::size_t i = 0; i < plan_.filter.size(); ++i) {
      names[fmt::format("#f{}", i)] = plan_.filter[i].attribute;
      // A presence test (model/filter_presence.h): DynamoDB's attribute_exists /
      // attribute_not_exists
      // (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Expressions.OperatorsAndFunctions.html).
      if (FilterTest test = TestOf(plan_.filter[i].value); test != FilterTest::kEquals) {
        terms.push_back(fmt::format(
            "{}(#f{})", test == FilterTest::kExists ? "attribute_exists" : "attribute_not_exists",
            i));
        continue;
      }
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
    if (!plan_.drop_expired.empty()) {
      // AWS's filter for items expired but not yet deleted by TTL (ReadPlan::drop_expired).
      names["#ttl"] = plan_.drop_expired;
      values[":now"] = sim::AttributeValue::N(std::to_string(Now()));
      terms.push_back("(attribute_not_exists(#ttl) OR #ttl > :now)");
    }
    return fmt::format("{}", fmt::join(terms, " AND "));
  }

  // The clock of expiry: the kNowArgument argument, else the system clock (epoch seconds).
  std::int64_t Now() const {
    auto it = args_.find(kNowArgument);
    if (it != args_.end()) {
      if (auto seconds = ExpirySeconds(it->second)) return *seconds;
    }
    return std::chrono::duration_cast<std::chrono::seconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
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
    r.table_name = layout_.table_name;
    r.index_name = IndexNameOf(layout_, plan_.index);
    r.expression_attribute_names["#pk"] = pk_name_;
    r.expression_attribute_values[":pk"] = KeyValue(plan_.key.partition_key, *pk);
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
        case SortOp::kEq:
          kce += " AND #sk = :s";
          v[":s"] = KeyValue(k.sort_lower, *lo);
          break;
        case SortOp::kLt:
          kce += " AND #sk < :s";
          v[":s"] = KeyValue(k.sort_lower, *lo);
          break;
        case SortOp::kLe:
          kce += " AND #sk <= :s";
          v[":s"] = KeyValue(k.sort_lower, *lo + (k.upper_after_separator ? after : ""));
          break;
        case SortOp::kGt:
          kce += " AND #sk > :s";
          v[":s"] = KeyValue(k.sort_lower, *lo + (k.upper_after_separator ? after : ""));
          break;
        case SortOp::kGe:
          kce += " AND #sk >= :s";
          v[":s"] = KeyValue(k.sort_lower, *lo);
          break;
        case SortOp::kBetween:
          kce += " AND #sk BETWEEN :lo AND :hi";
          v[":lo"] = KeyValue(k.sort_lower, *lo);
          v[":hi"] = KeyValue(k.sort_upper, *hi + (k.upper_after_separator ? after : ""));
          // BETWEEN includes both ends; a strict bound's own key is dropped on read
          // (layout.h, KeyCondition).
          if (k.lower_exclusive) cur.excluded = *lo;
          if (k.upper_exclusive) cur.excluded = *hi;
          break;
        case SortOp::kBeginsWith:
          kce += " AND begins_with(#sk, :s)";
          v[":s"] = KeyValue(k.sort_lower, *lo);
          break;
        case SortOp::kNone:
          break;
      }
    }
    r.key_condition_expression = kce;
    r.filter_expression = Filter(r.expression_attribute_names, r.expression_attribute_values);
    r.scan_index_forward = plan_.scan_forward;
    r.consistent_read = plan_.consistent && plan_.index == 0;
    r.return_consumed_capacity = sim::ReturnConsumedCapacity::kTotal;
    if (plan_.operation == Operation::kFanOutQuery)
      r.limit = plan_.per_shard_limit;
    else
      r.limit = plan_.limit;
    cur.partition = fmt::format("{}:{}", r.index_name.empty() ? "table" : r.index_name, *pk);
    if (out_.request.empty()) {
      std::string text = kce;
      for (const auto& [n, name] : r.expression_attribute_names) {
        for (std::size_t pos; (pos = text.find(n)) != std::string::npos;)
          text.replace(pos, n.size(), name);
      }
      for (const auto& [n, value] : r.expression_attribute_values) {
        for (std::size_t pos; (pos = text.find(n)) != std::string::npos;)
          text.replace(pos, n.size(), "\"" + NaturalText(value) + "\"");
      }
      out_.request = fmt::format("Query {} {}{}", r.index_name.empty() ? "table" : r.index_name,
                                 text, r.filter_expression.empty() ? "" : " (with a filter)");
    }
    return cur;
  }

  bool Fetch(Cursor& cur) {
    if (cur.done) return false;
    auto page = plane_.Query(cur.request);
    if (!page.ok()) {
      out_.status =
          Status::Internal(fmt::format("{}: {}", page.error().name, page.error().message));
      cur.done = true;
      return false;
    }
    ++out_.pages;
    Account(cur.partition, page->scanned_count,
            page->consumed_capacity ? page->consumed_capacity->capacity_units : 0,
            cur.request.consistent_read);
    for (auto& item : page->items) {
      if (cur.excluded && Natural(item, sk_name_) == *cur.excluded) continue;
      cur.buffer.push_back(std::move(item));
    }
    if (page->last_evaluated_key)
      cur.request.exclusive_start_key = page->last_evaluated_key;
    else
      cur.done = true;
    return true;
  }

  // ReadPlan::values_from_keys: each item lacking one of them takes it back from its table key,
  // read through the templates of the first item type (of the plan's) whose keys it matches,
  // the one its kTypeAttribute names when it has one; an entry without kTypeAttribute is
  // labelled with that item type's.
  void ReadValuesFromKeys() {
    if (plan_.values_from_keys.empty() || !out_.status.ok()) return;
    for (sim::Item& item : out_.items) {
      const bool lacks = std::any_of(plan_.values_from_keys.begin(), plan_.values_from_keys.end(),
                                     [&](const std::string& a) { return !item.count(a); });
      if (!lacks) continue;
      const std::string pk = Natural(item, layout_.partition_key);
      const std::string sk = Natural(item, layout_.sort_key);
      const std::string label = Natural(item, kTypeAttribute);
      for (int id : plan_.item_types) {
        const ItemType& t = layout_.item_types[static_cast<std::size_t>(id)];
        if (!label.empty() && t.label != label) continue;
        auto from_pk = keys::ReadKeyValues(t.partition_key, pk);
        auto from_sk = keys::ReadKeyValues(t.sort_key, sk);
        if (!from_pk || !from_sk) continue;
        from_pk->insert(from_sk->begin(), from_sk->end());
        for (const std::string& a : plan_.values_from_keys) {
          auto v = from_pk->find(a);
          if (v != from_pk->end() && !item.count(a)) item[a] = sim::AttributeValue::S(v->second);
        }
        if (label.empty()) item[kTypeAttribute] = sim::AttributeValue::S(t.label);
        break;
      }
    }
  }

  // ReadPlan::follow_up: the first step's items become the items their links name (a fetch,
  // FollowUp::by_table_key: the items the index entries are of), read by table key, in the
  // first step's order, each once; a link naming no item is skipped.
  void Follow() {
    if (!plan_.follow_up || !out_.status.ok()) return;
    const FollowUp& f = *plan_.follow_up;
    // A sort the first step's key does not give (ReadPlan::client_steps) orders its items
    // here, before they are followed: the items followed lack the attribute.
    SortClientSide(plan_.client_steps, out_.items);
    const ItemType& t = layout_.item_types[static_cast<std::size_t>(f.item_type)];
    std::vector<std::string> order;        // key text of each distinct key, first-step order
    std::set<std::string> seen;            // the same key texts
    std::vector<sim::Item> keys;           // the same keys
    std::map<std::string, sim::Item> got;  // key text -> item found
    auto text = [&](const sim::Item& key) {
      return Natural(key, layout_.partition_key) + "\n" + Natural(key, layout_.sort_key);
    };
    for (const sim::Item& item : out_.items) {
      if (f.by_table_key) {
        // A fetch: the entry's own table key, which every global secondary index projects.
        auto pk = item.find(layout_.partition_key);
        auto sk = item.find(layout_.sort_key);
        if (pk == item.end() || sk == item.end()) continue;
        sim::Item key{{layout_.partition_key, pk->second}, {layout_.sort_key, sk->second}};
        std::string k = text(key);
        if (!seen.insert(k).second) continue;
        order.push_back(k);
        keys.push_back(std::move(key));
        continue;
      }
      ValueLookup lookup = [&](const std::string& name) -> std::optional<std::string> {
        for (std::size_t k = 0; k < f.identifier.size() && k < f.link.size(); ++k) {
          if (f.identifier[k] != name) continue;
          auto it = item.find(f.link[k]);
          if (it == item.end()) return std::nullopt;
          return NaturalText(it->second);
        }
        return std::nullopt;
      };
      auto pk = model::RenderKey(t.partition_key, lookup);
      auto sk = model::RenderKey(t.sort_key, lookup);
      if (!pk || !sk) continue;  // an absent (optional) link names no item
      sim::Item key{{layout_.partition_key, sim::AttributeValue::S(*pk)},
                    {layout_.sort_key, sim::AttributeValue::S(*sk)}};
      std::string k = text(key);
      if (!seen.insert(k).second) continue;
      order.push_back(k);
      keys.push_back(std::move(key));
    }
    // The other shards of each item a BatchGetItem reads, for the sharded aggregates kept on it
    // (ShardsInFollowUp): asked for in the same requests, each key once, combined by
    // CombineShards after this step.
    if (f.operation == Operation::kBatchGetItem) {
      const std::size_t followed = keys.size();
      for (int agg : plan_.aggregate_shards) {
        if (!ShardsInFollowUp(layout_, plan_, agg)) continue;
        for (std::size_t i = 0; i < followed; ++i) {
          for (sim::Item& key : OtherShardKeys(layout_, agg, keys[i])) {
            if (!prefetch_.asked.insert(text(key)).second) continue;
            keys.push_back(std::move(key));
          }
        }
      }
    }
    if (f.operation == Operation::kGetItem) {
      for (const sim::Item& key : keys) {
        sim::GetItemRequest r;
        r.table_name = layout_.table_name;
        r.key = key;
        r.consistent_read = plan_.consistent;
        r.return_consumed_capacity = sim::ReturnConsumedCapacity::kTotal;
        auto one = plane_.GetItem(r);
        if (!one.ok()) {
          out_.status =
              Status::Internal(fmt::format("{}: {}", one.error().name, one.error().message));
          return;
        }
        ++out_.pages;
        Account("table:" + Natural(key, layout_.partition_key), one->item ? 1 : 0,
                one->consumed_capacity ? one->consumed_capacity->capacity_units : 0,
                plan_.consistent);
        if (one->item) got[text(key)] = std::move(*one->item);
      }
    } else {
      sim::KeysAndAttributes request;
      request.consistent_read = plan_.consistent;
      auto done = BatchGetKeys(
          plane_, layout_.table_name, keys, request, [&] { ++out_.pages; },
          [&](const sim::BatchGetItemResponse& response) {
            double units = 0;
            for (const auto& cc : response.consumed_capacity) units += cc.capacity_units;
            auto items = response.responses.find(layout_.table_name);
            std::int64_t n = 0;
            if (items != response.responses.end()) {
              for (const sim::Item& item : items->second) {
                std::string k = text(item);
                if (prefetch_.asked.count(k))
                  prefetch_.found[k] = item;
                else
                  got[k] = item;
                ++n;
              }
            }
            Account("batch", n, units, plan_.consistent);
          });
      if (!done.ok()) {
        out_.status =
            Status::Internal(fmt::format("{}: {}", done.error().name, done.error().message));
        return;
      }
    }
    std::vector<sim::Item> items;
    for (const std::string& k : order) {
      auto it = got.find(k);
      if (it == got.end()) continue;
      // An expired item TTL has not deleted yet (FollowUp::drop_expired) is dropped here.
      if (!f.drop_expired.empty()) {
        auto ttl = it->second.find(f.drop_expired);
        if (ttl != it->second.end() && IsExpired(ttl->second, Now())) continue;
      }
      items.push_back(std::move(it->second));
    }
    out_.items = std::move(items);
  }

  void GetItem() {
    auto pk = Render(plan_.key.partition_key, 0);
    auto sk = Render(plan_.key.sort_lower, 0);
    if (!pk || !sk) {
      out_.status = Status::InvalidArgument("cannot render the key from the arguments");
      return;
    }
    sim::GetItemRequest r;
    r.table_name = layout_.table_name;
    r.key = {{layout_.partition_key, sim::AttributeValue::S(*pk)},
             {layout_.sort_key, sim::AttributeValue::S(*sk)}};
    r.consistent_read = plan_.consistent;
    r.return_consumed_capacity = sim::ReturnConsumedCapacity::kTotal;
    out_.request =
        fmt::format("GetItem {}={} {}={}", layout_.partition_key, *pk, layout_.sort_key, *sk);
    auto got = plane_.GetItem(r);
    if (!got.ok()) {
      out_.status = Status::Internal(fmt::format("{}: {}", got.error().name, got.error().message));
      return;
    }
    ++out_.pages;
    Account("table:" + *pk, got->item ? 1 : 0,
            got->consumed_capacity ? got->consumed_capacity->capacity_units : 0, plan_.consistent);
    if (!got->item) return;
    // GetItem takes no FilterExpression: an expired item is dropped here.
    if (!plan_.drop_expired.empty()) {
      auto ttl = got->item->find(plan_.drop_expired);
      if (ttl != got->item->end() && IsExpired(ttl->second, Now())) return;
    }
    out_.items.push_back(std::move(*got->item));
  }

  void Query() {
    auto cur = MakeCursor(0);
    if (!cur) return;
    const ReadPosition* at = StartOf(0);
    if (at && at->state == ReadPosition::State::kDone) {
      out_.next = {Done()};
      return;
    }
    if (at && at->state == ReadPosition::State::kAfter) cur->request.exclusive_start_key = at->key;
    const std::optional<std::int64_t> stop = Stop();
    while (!stop || static_cast<std::int64_t>(cur->buffer.size()) < *stop) {
      if (!Fetch(*cur)) break;
    }
    // With a filter, the last page can bring more matches than the limit: keep the first ones.
    bool cut = stop && static_cast<std::int64_t>(cur->buffer.size()) > *stop;
    if (cut) cur->buffer.resize(static_cast<std::size_t>(*stop));
    if (page_) {
      if (!cut && cur->done)
        out_.next = {Done()};
      else if (!cur->buffer.empty())
        out_.next = {After(cur->buffer.back())};
      else
        out_.next = {at ? *at : ReadPosition{}};
    }
    for (auto& item : cur->buffer) out_.items.push_back(std::move(item));
  }

  void FanOut() {
    std::vector<Cursor> cursors;
    for (int s = 0; s < plan_.shards; ++s) {
      auto cur = MakeCursor(s);
      if (!cur) return;
      const ReadPosition* at = StartOf(static_cast<std::size_t>(s));
      if (at && at->state == ReadPosition::State::kDone) cur->done = true;
      if (at && at->state == ReadPosition::State::kAfter)
        cur->request.exclusive_start_key = at->key;
      cursors.push_back(std::move(*cur));
    }
    // Per shard, the last item this page took from it.
    std::vector<std::optional<ReadPosition>> last(cursors.size());
    // Lazy k-way merge on the index sort key: a shard's next page is read only when its
    // buffered items run out.
    const std::optional<std::int64_t> stop = Stop();
    while (!stop || static_cast<std::int64_t>(out_.items.size()) < *stop) {
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
      if (page_)
        last[static_cast<std::size_t>(best - cursors.data())] = After(best->buffer.front());
      out_.items.push_back(std::move(best->buffer.front()));
      best->buffer.pop_front();
    }
    if (!page_) return;
    for (std::size_t s = 0; s < cursors.size(); ++s) {
      const ReadPosition* at = StartOf(s);
      if (cursors[s].buffer.empty() && cursors[s].done)
        out_.next.push_back(Done());
      else if (last[s])
        out_.next.push_back(std::move(*last[s]));
      else
        out_.next.push_back(at ? *at : ReadPosition{});
    }
  }

  void Scan() {
    sim::ScanRequest r;
    r.table_name = layout_.table_name;
    r.index_name = IndexNameOf(layout_, plan_.index);
    r.filter_expression = Filter(r.expression_attribute_names, r.expression_attribute_values);
    r.return_consumed_capacity = sim::ReturnConsumedCapacity::kTotal;
    r.consistent_read = plan_.consistent && plan_.index == 0;
    r.limit = plan_.limit;  // as a Query sends it ("Scan, limit N" in the plan)
    out_.request = fmt::format("Scan {}", r.index_name.empty() ? "table" : r.index_name);
    const ReadPosition* at = StartOf(0);
    if (at && at->state == ReadPosition::State::kDone) {
      out_.next = {Done()};
      return;
    }
    if (at && at->state == ReadPosition::State::kAfter) r.exclusive_start_key = at->key;
    // The read stops at the tighter of the plan's limit and a page's (Stop): Scan's Limit caps
    // the items evaluated per request, before the filter
    // (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Scan.html#Scan.Limit),
    // so the reader pages on until it holds that many matches, then keeps the first ones.
    const std::optional<std::int64_t> stop = Stop();
    bool done = false;
    while (!stop || static_cast<std::int64_t>(out_.items.size()) < *stop) {
      auto page = plane_.Scan(r);
      if (!page.ok()) {
        out_.status =
            Status::Internal(fmt::format("{}: {}", page.error().name, page.error().message));
        return;
      }
      ++out_.pages;
      Account("scan", page->scanned_count,
              page->consumed_capacity ? page->consumed_capacity->capacity_units : 0,
              r.consistent_read);
      for (auto& item : page->items) out_.items.push_back(std::move(item));
      if (!page->last_evaluated_key) {
        done = true;
        break;
      }
      r.exclusive_start_key = page->last_evaluated_key;
    }
    bool cut = stop && static_cast<std::int64_t>(out_.items.size()) > *stop;
    if (cut) out_.items.resize(static_cast<std::size_t>(*stop));
    if (page_) {
      if (!cut && done)
        out_.next = {Done()};
      else if (!out_.items.empty())
        out_.next = {After(out_.items.back())};
      else
        out_.next = {at ? *at : ReadPosition{}};
    }
  }

  // kMatch steps: drop the items whose attribute differs from the argument of that name.
  // A sharded aggregate's group items: their other shards read and combined
  // (ReadPlan::aggregate_shards).
  void CombineShards() {
    if (!out_.status.ok()) return;
    for (int agg : plan_.aggregate_shards) {
      ShardReads reads;
      auto done = CombineGroupShards(plane_, model_, layout_, agg, plan_.consistent, out_.items,
                                     reads, &prefetch_);
      out_.requests += reads.requests;
      out_.scanned += reads.items;
      out_.rcu += reads.rcu;
      for (const std::string& partition : reads.partitions) {
        out_.sent.push_back(RequestRead{
            partition, 1, reads.items > 0 ? reads.rcu / static_cast<double>(reads.items) : 0,
            plan_.consistent});
      }
      if (!done.ok()) {
        out_.status =
            Status::Internal(fmt::format("{}: {}", done.error().name, done.error().message));
        return;
      }
    }
  }

  // Read-time aggregates' values, computed on the `into` items returned
  // (ReadPlan::aggregate_reads).
  void ComputeReadTime() {
    if (!out_.status.ok()) return;
    for (int agg : plan_.aggregate_reads) {
      ReadOutcome spent;
      Status done = ComputeReadTimeValues(plane_, model_, layout_, agg, plan_.consistent, args_,
                                          out_.items, spent);
      out_.requests += spent.requests;
      out_.pages += spent.pages;
      out_.scanned += spent.scanned;
      out_.rcu += spent.rcu;
      out_.sent.insert(out_.sent.end(), spent.sent.begin(), spent.sent.end());
      if (!done.ok()) {
        out_.status = done;
        return;
      }
    }
  }

  // A read of an embedded collection (ReadPlan::embedded): the parent's item read becomes its
  // children (after the parent itself when the pattern returns it), those the filter and the
  // range keep.
  void Unnest() {
    if (!out_.status.ok() || !plan_.embedded) return;
    const EmbeddedRead& read = *plan_.embedded;
    const EmbeddedLayout& e = layout_.embedded[static_cast<std::size_t>(read.collection)];
    sim::Item link_values;
    for (const std::string& l : e.link) {
      auto it = args_.find(l);
      if (it != args_.end()) link_values[l] = it->second;
    }
    std::vector<sim::Item> items;
    for (const sim::Item& parent : out_.items) {
      if (read.with_parent) items.push_back(parent);
      for (sim::Item& child : EmbeddedItems(e, parent, link_values)) {
        if (!EmbeddedHolds(read, child)) continue;
        items.push_back(std::move(child));
      }
    }
    out_.items = std::move(items);
  }

  bool EmbeddedHolds(const EmbeddedRead& read, const sim::Item& child) {
    for (const SparseCondition& f : read.filter) {
      if (FilterTest test = TestOf(f.value); test != FilterTest::kEquals) {
        if ((child.count(f.attribute) > 0) != (test == FilterTest::kExists)) return false;
        continue;
      }
      if (Natural(child, f.attribute) != f.value) return false;
    }
    if (!read.range) return true;
    auto v = child.find(read.range->attribute);
    if (v == child.end()) return false;
    const std::vector<std::string> names =
        RangeBoundNames(model_.access_patterns[static_cast<std::size_t>(plan_.pattern_id)]);
    auto bound = [&](std::size_t i) -> const sim::AttributeValue* {
      if (i >= names.size()) return nullptr;
      auto it = args_.find(names[i]);
      return it == args_.end() ? nullptr : &it->second;
    };
    const bool between = read.range->op == RangeOp::kBetween;
    const sim::AttributeValue* from = between ? bound(0) : nullptr;
    const sim::AttributeValue* to = between ? bound(1) : nullptr;
    const sim::AttributeValue* value = between ? nullptr : bound(0);
    switch (read.range->op) {
      case RangeOp::kBetween:
        return from && to && CompareTyped(v->second, *from) >= 0 &&
               CompareTyped(v->second, *to) <= 0;
      case RangeOp::kBeginsWith:
        return value && v->second.scalar().rfind(value->scalar(), 0) == 0;
      case RangeOp::kEq:
        return value && CompareTyped(v->second, *value) == 0;
      case RangeOp::kLt:
        return value && CompareTyped(v->second, *value) < 0;
      case RangeOp::kLe:
        return value && CompareTyped(v->second, *value) <= 0;
      case RangeOp::kGt:
        return value && CompareTyped(v->second, *value) > 0;
      case RangeOp::kGe:
        return value && CompareTyped(v->second, *value) >= 0;
    }
    return false;
  }

  // An embedded read's limit without a sort (EmbeddedRead::limit): the first children kept.
  void LimitEmbedded() {
    if (!out_.status.ok() || !plan_.embedded || !plan_.embedded->limit) return;
    auto limit = static_cast<std::size_t>(*plan_.embedded->limit);
    if (out_.items.size() > limit) out_.items.resize(limit);
  }

  void Match() {
    for (const ClientStep& step : plan_.client_steps) {
      if (step.kind != ClientStepKind::kMatch) continue;
      auto want = args_.find(step.attribute);
      if (want == args_.end()) {
        out_.status =
            Status::InvalidArgument(fmt::format("the argument '{}' is missing", step.attribute));
        out_.items.clear();
        return;
      }
      out_.items.erase(std::remove_if(out_.items.begin(), out_.items.end(),
                                      [&](const sim::Item& item) {
                                        auto got = item.find(step.attribute);
                                        return got == item.end() ||
                                               CompareTyped(got->second, want->second) != 0;
                                      }),
                       out_.items.end());
    }
  }

  sim::DataPlane& plane_;
  const Model& model_;
  const KeyLayout& layout_;
  const ReadPlan& plan_;
  const Arguments args_;         // keyed by the pattern's parameters (AccessPattern::params)
  const ReadPageRequest* page_;  // null: the whole read (ExecuteRead)
  std::string pk_name_;
  std::string sk_name_;
  ReadOutcome out_;
  ShardPrefetch prefetch_;  // shard items the second step's BatchGetItem read (Follow)
};

}  // namespace

ReadOutcome ExecuteRead(sim::DataPlane& plane, const Model& model, const KeyLayout& layout,
                        const ReadPlan& plan, const Arguments& args) {
  return Executor(plane, model, layout, plan, args, nullptr).Run();
}

ReadOutcome ExecuteReadPage(sim::DataPlane& plane, const Model& model, const KeyLayout& layout,
                            const ReadPlan& plan, const Arguments& args,
                            const ReadPageRequest& page) {
  return Executor(plane, model, layout, plan, args, &page).Run();
}

void SortClientSide(const std::vector<ClientStep>& steps, std::vector<sim::Item>& items) {
  for (const ClientStep& step : steps) {
    if (step.kind != ClientStepKind::kSort) continue;
    std::stable_sort(items.begin(), items.end(), [&](const sim::Item& a, const sim::Item& b) {
      auto av = a.find(step.attribute);
      auto bv = b.find(step.attribute);
      // An item without the attribute (a parent read with its sorted children) comes first.
      if (av == a.end() || bv == b.end()) return av == a.end() && bv != b.end();
      int cmp = CompareTyped(av->second, bv->second);
      return step.descending ? cmp > 0 : cmp < 0;
    });
    if (step.limit && static_cast<std::int64_t>(items.size()) > *step.limit) {
      items.resize(static_cast<std::size_t>(*step.limit));
    }
  }
}

const ClientStep* AggregateStep(const std::vector<ClientStep>& steps) {
  for (const ClientStep& step : steps) {
    if (step.kind == ClientStepKind::kAggregate) return &step;
  }
  return nullptr;
}

std::string Aggregate(const ClientStep& step, const std::vector<sim::Item>& items) {
  if (step.aggregate == AggregateKind::kCount) return std::to_string(items.size());
  std::string total = "0";
  for (const sim::Item& item : items) {
    auto v = item.find(step.attribute);
    if (v == item.end() || !v->second.is(sim::ValueType::kN)) continue;
    auto next = sim::Number::Add(total, v->second.scalar());
    if (next.ok()) total = next.value();
  }
  return total;
}

}  // namespace model::exec
