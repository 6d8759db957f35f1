// Rule: read plans. Each access pattern's route becomes an executable ReadPlan: the operation,
// the index, the key condition as templates over the pattern's parameters, direction, limit, a
// filter when the queried key range holds other item types (with its read amplification), the
// fan-out over shards, what comes back, and the client-side work left (aggregates, re-sorting).
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <optional>
#include <utility>

#include "model/derive/internal.h"
#include "model/filter_presence.h"

namespace model::derive {

namespace {

bool StartsWith(const std::string& a, const std::string& b) {
  return a.compare(0, b.size(), b) == 0;
}

// Item types of `entity` carrying the view on GSI `g`.
std::vector<int> CarriersOf(const Context& c, const std::vector<std::vector<int>>& types_of,
                            EntityId entity, const View& v) {
  std::vector<int> out;
  std::string pk = ViewPartitionKey(c, v).ToString();
  for (int i : types_of[static_cast<std::size_t>(entity)]) {
    const ItemType& t = c.layout.item_types[static_cast<std::size_t>(i)];
    for (const auto& k : t.index_keys) {
      if (k.index == v.gsi && k.partition_key.ToString() == pk) out.push_back(i);
    }
  }
  return out;
}

// The sort key item type `t` writes on GSI `gsi` (empty when it has no keys there).
KeyTemplate IndexSortKey(const Context& c, int t, int gsi) {
  for (const auto& k : c.layout.item_types[static_cast<std::size_t>(t)].index_keys) {
    if (k.index == gsi) return k.sort_key;
  }
  return {};
}

// Item types other than `own` with keys on GSI `gsi` whose partition key may render `pk`.
std::vector<int> ForeignMembers(const Context& c, const KeyTemplate& pk, int gsi,
                                const std::vector<int>& own) {
  std::vector<int> out;
  for (std::size_t i = 0; i < c.layout.item_types.size(); ++i) {
    if (std::find(own.begin(), own.end(), static_cast<int>(i)) != own.end()) continue;
    for (const auto& k : c.layout.item_types[i].index_keys) {
      if (k.index == gsi && MayCollide(k.partition_key, pk)) out.push_back(static_cast<int>(i));
    }
  }
  return out;
}

// Adds a _type filter when the key range can hold item types the plan does not want.
void FilterOtherTypes(const Context& c, const std::vector<int>& members, ReadPlan* plan) {
  double all = 0;
  double wanted = 0;
  bool extra = false;
  for (int m : members) {
    const ItemType& t = c.layout.item_types[static_cast<std::size_t>(m)];
    double n = static_cast<double>(std::max<std::int64_t>(t.count, 1));
    // On an index, only the items meeting the conditions of their entry there are in it (a
    // sparse facet, in a natural-key index only while it exists).
    for (const IndexKeys& k : t.index_keys) {
      if (k.index != plan->index || plan->index == 0) continue;
      for (const SparseCondition& s : k.only_when)
        n *= Selectivity(c, t.entity, s.attribute, s.value);
    }
    all += n;
    if (std::find(plan->item_types.begin(), plan->item_types.end(), m) != plan->item_types.end()) {
      wanted += n;
    } else {
      extra = true;
    }
  }
  if (!extra) return;
  for (int t : plan->item_types)
    plan->filter_types.push_back(c.layout.item_types[static_cast<std::size_t>(t)].label);
  plan->read_amplification *= wanted > 0 ? all / wanted : 1;
}

// A key template cut at its separators: each segment literal text or one placeholder (an encoded
// value never holds the separator: text escapes it, the other encodings never write it).
// nullopt when a segment mixes text and placeholders.
std::optional<std::vector<TemplatePart>> Segments(const KeyTemplate& t) {
  std::vector<TemplatePart> out(1);
  bool filled = false;
  for (const TemplatePart& part : t.parts) {
    if (part.is_attribute) {
      if (filled || !out.back().text.empty()) return std::nullopt;
      out.back() = part;
      filled = true;
      continue;
    }
    for (char ch : part.text) {
      if (ch == keys::kKeySeparator) {
        out.emplace_back();
        filled = false;
      } else if (filled) {
        return std::nullopt;
      } else {
        out.back().text += ch;
      }
    }
  }
  return out;
}

// Whether an item whose sort key is `item` can satisfy `op` with the condition's `cond`, when
// `cond` begins with a polymorphic kind (kLabel, `{targetKind}#{targetNumber}#REACTION#`, a
// polymorphic child sharing its parents' collection): compared segment by segment, a kind
// renders one of the entities' labels, a placeholder may render anything else. Conservative:
// true when unsure.
bool MayMatchKindPrefix(const Context& c, const KeyTemplate& item, const KeyTemplate& cond,
                        SortOp op) {
  auto a = Segments(item);
  auto b = Segments(cond);
  if (!a || !b) return true;
  if (a->size() < b->size() || (op == SortOp::kEq && a->size() != b->size())) return false;
  for (std::size_t i = 0; i < b->size(); ++i) {
    const TemplatePart& x = (*a)[i];
    const TemplatePart& y = (*b)[i];
    bool last_prefix = op == SortOp::kBeginsWith && i + 1 == b->size();
    if (!x.is_attribute && !y.is_attribute) {
      bool same = last_prefix ? StartsWith(x.text, y.text) : x.text == y.text;
      if (!same) return false;
    } else if (x.is_attribute != y.is_attribute) {
      const TemplatePart& placeholder = x.is_attribute ? x : y;
      const TemplatePart& text = x.is_attribute ? y : x;
      if (placeholder.encoding == Encoding::kLabel && !last_prefix &&
          std::find(c.labels.begin(), c.labels.end(), text.text) == c.labels.end())
        return false;
    }
  }
  return true;
}

// Whether an item keyed `t_pk` / `t_sk` (on the table or the queried index) can be in the
// queried partition with a sort key that satisfies the condition.
bool KeysMayMatch(const Context& c, const KeyCondition& key, const KeyTemplate* t_pk,
                  const KeyTemplate* t_sk) {
  std::string pk = key.partition_key.ToString();
  std::string prefix = key.sort_lower.LiteralPrefix();
  {
    // Another type's key may render the queried partition without being the same template: a
    // polymorphic child's `{targetKind}#{targetId}` renders its parent's `ISSUE#5`, a pinned
    // `{email}` renders `ORDER`.
    bool kind_partition = !t_pk->parts.empty() && t_pk->parts[0].is_attribute &&
                          t_pk->parts[0].encoding == Encoding::kLabel &&
                          MayMatchKindPrefix(c, *t_pk, key.partition_key, SortOp::kEq);
    if (t_pk->ToString() != pk && !kind_partition && !MayCollide(*t_pk, key.partition_key))
      return false;
    if ((key.sort_op == SortOp::kBeginsWith || key.sort_op == SortOp::kEq) &&
        !key.sort_lower.parts.empty() && key.sort_lower.parts[0].is_attribute &&
        key.sort_lower.parts[0].encoding == Encoding::kLabel) {
      return MayMatchKindPrefix(c, *t_sk, key.sort_lower, key.sort_op);
    }
    std::string sk = t_sk->LiteralPrefix();
    bool whole_literal = t_sk->Attributes().empty();
    bool may_match = key.sort_op == SortOp::kNone || StartsWith(sk, prefix) ||
                     (!whole_literal && StartsWith(prefix, sk));
    if (key.sort_op == SortOp::kBeginsWith || key.sort_op == SortOp::kEq) {
      may_match = (StartsWith(sk, prefix) || (!whole_literal && StartsWith(prefix, sk))) &&
                  MayBeginWith(*t_sk, prefix);
    }
    return may_match;
  }
}

// Item types in the queried partition whose sort key can satisfy the condition: on the table
// (`gsi` 0), or those with keys on GSI `gsi`.
std::vector<int> TableMembers(const Context& c, const KeyCondition& key, int gsi = 0) {
  std::vector<int> out;
  for (std::size_t i = 0; i < c.layout.item_types.size(); ++i) {
    const ItemType& t = c.layout.item_types[i];
    const KeyTemplate* t_pk = &t.partition_key;
    const KeyTemplate* t_sk = &t.sort_key;
    if (gsi > 0) {
      t_pk = t_sk = nullptr;
      for (const auto& k : t.index_keys) {
        if (k.index != gsi) continue;
        t_pk = &k.partition_key;
        t_sk = &k.sort_key;
      }
      if (t_pk == nullptr) continue;
    }
    if (KeysMayMatch(c, key, t_pk, t_sk)) out.push_back(static_cast<int>(i));
  }
  return out;
}

// Table item types in the queried partition whose sort keys can fall between the condition's
// literal ends (a parent read with its sorted children: model/derive/routes.cpp).
std::vector<int> TableMembersBetween(const Context& c, const KeyCondition& key) {
  std::vector<int> out;
  std::string pk = key.partition_key.ToString();
  std::string lower = key.sort_lower.LiteralPrefix();
  std::string upper = key.sort_upper.LiteralPrefix();
  for (std::size_t i = 0; i < c.layout.item_types.size(); ++i) {
    const ItemType& t = c.layout.item_types[i];
    if (t.partition_key.ToString() != pk && !MayCollide(t.partition_key, key.partition_key))
      continue;
    std::string sk = t.sort_key.LiteralPrefix();
    bool whole_literal = t.sort_key.Attributes().empty();
    bool may_match = whole_literal ? lower <= sk && sk <= upper
                                   : sk <= upper && sk + std::string(1, '\x7f') >= lower;
    if (may_match) out.push_back(static_cast<int>(i));
  }
  return out;
}

// The smallest text above every text that begins with `prefix` (its last byte below 0xFF
// raised by one, the rest dropped); nullopt when there is none (empty, or all 0xFF).
std::optional<std::string> PrefixSuccessor(std::string prefix) {
  while (!prefix.empty() && static_cast<unsigned char>(prefix.back()) == 0xFF) prefix.pop_back();
  if (prefix.empty()) return std::nullopt;
  prefix.back() = static_cast<char>(static_cast<unsigned char>(prefix.back()) + 1);
  return prefix;
}

// A parent read with its children through a polymorphic association, on the parent's own
// partition (RouteFamily: no sort key condition), where other children live too (the issue's
// reactions beside its comments): the sort keys the wanted item types can have, [lower, upper]
// (a whole-literal sort key is one text; one that begins with literal text P and holds values is
// within [P, successor of P), bytes compared as DynamoDB compares them), when no other item type
// in the partition can have a sort key in between. nullopt when a sort key begins with a value
// (no literal text bounds it) or another type's keys may fall in the range: then the whole
// partition is read and the others are filtered out.
// https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_Query.html#DDB-Query-request-KeyConditionExpression
std::optional<std::pair<std::string, std::string>> FamilySortRange(const Context& c,
                                                                   const ReadPlan& plan) {
  struct Span {
    std::string lower, upper;  // upper: the highest key for a literal, else the successor
    bool literal;
  };
  auto span = [&](int t) -> std::optional<Span> {
    const KeyTemplate& sk = c.layout.item_types[static_cast<std::size_t>(t)].sort_key;
    std::string prefix = sk.LiteralPrefix();
    if (sk.Attributes().empty()) return Span{prefix, prefix, true};
    auto next = PrefixSuccessor(prefix);
    if (!next) return std::nullopt;
    return Span{prefix, *next, false};
  };
  std::optional<std::string> lower, upper;
  for (int t : plan.item_types) {
    auto s = span(t);
    if (!s) return std::nullopt;
    if (!lower || s->lower < *lower) lower = s->lower;
    if (!upper || s->upper > *upper) upper = s->upper;
  }
  if (!lower) return std::nullopt;
  bool others = false;
  for (int t : TableMembers(c, plan.key)) {
    if (std::find(plan.item_types.begin(), plan.item_types.end(), t) != plan.item_types.end())
      continue;
    others = true;
    auto s = span(t);
    if (!s) return std::nullopt;
    // BETWEEN is inclusive at both ends; a type with values has keys in [lower, successor).
    bool overlaps = s->literal ? *lower <= s->lower && s->lower <= *upper
                               : s->lower <= *upper && *lower < s->upper;
    if (overlaps) return std::nullopt;
  }
  if (!others) return std::nullopt;  // nothing to leave out: the partition is the read
  return std::make_pair(*lower, *upper);
}

std::vector<ClientStep> ClientSteps(const Context& c, const AccessPattern& p, bool key_orders) {
  std::vector<ClientStep> steps;
  if (p.sort && !key_orders) {
    ClientStep sort;
    sort.kind = ClientStepKind::kSort;
    sort.attribute = p.sort->attribute;
    sort.descending = p.sort->descending;
    sort.limit = p.limit;
    // A parent read with its children: the parent's item (without the attribute) comes first
    // and the limit counts the children.
    if (sort.limit && SortedChildren(c, p)) *sort.limit += 1;
    steps.push_back(std::move(sort));
  }
  if (p.aggregate) {
    ClientStep aggregate;
    aggregate.kind = ClientStepKind::kAggregate;
    aggregate.aggregate = p.aggregate->kind;
    if (p.aggregate->kind == AggregateKind::kSum) aggregate.attribute = p.aggregate->attribute;
    steps.push_back(std::move(aggregate));
  }
  return steps;
}

// Fills the plan of a pattern the table's key serves; returns the attribute the key orders by.
std::string PlanTableRead(Context& c, const AccessPattern& p, const TableRoute& t, ReadPlan& plan) {
  std::string key_order;
  plan.operation = t.operation;
  plan.index = 0;
  plan.key = t.key;
  plan.filter = t.filter;
  plan.read_amplification = t.amplification;
  plan.consistent = p.consistent;
  for (const auto& [e, history] : t.items) {
    plan.item_types.push_back(history ? c.history_item[static_cast<std::size_t>(e)]
                                      : c.main_item[static_cast<std::size_t>(e)]);
  }
  if (t.parents > 0) {
    // The parent items come first; the limit counts the children.
    if (plan.limit) *plan.limit += t.parents;
    FilterOtherTypes(c, TableMembersBetween(c, plan.key), &plan);
  } else if (plan.operation != Operation::kGetItem) {
    std::optional<std::pair<std::string, std::string>> range;
    if (plan.operation == Operation::kQuery && plan.key.sort_op == SortOp::kNone && p.follows &&
        p.returns.size() == 2 &&
        c.model.relationships[static_cast<std::size_t>(*p.follows)].Polymorphic())
      range = FamilySortRange(c, plan);
    if (range) {
      plan.key.sort_op = SortOp::kBetween;
      plan.key.sort_lower = TemplateBuilder().Literal(range->first).Build();
      plan.key.sort_upper = TemplateBuilder().Literal(range->second).Build();
      plan.reasons.push_back(Reason{
          fmt::format("the sort key between {} and {} holds the {} and {} items and no other item "
                      "type of the partition, so the Query reads no item it would filter out",
                      range->first, range->second, c.entity(p.returns[0]).name,
                      c.entity(p.returns[1]).name),
          {p.name}});
      FilterOtherTypes(c, TableMembersBetween(c, plan.key), &plan);
    } else {
      FilterOtherTypes(c, TableMembers(c, plan.key), &plan);
    }
  }
  key_order = t.order_attribute;
  for (const auto& a : t.match) {
    ClientStep match;
    match.kind = ClientStepKind::kMatch;
    match.attribute = a;
    plan.client_steps.push_back(std::move(match));
  }
  if (!t.match.empty()) {
    plan.reasons.push_back(Reason{
        fmt::format("the key finds the one item; {} is not in the key, so the client keeps the "
                    "item only if it matches (GetItem takes no filter)",
                    fmt::join(t.match, ", ")),
        {p.name}});
  }
  return key_order;
}

// Fills the plan of a pattern served by the keys pinned on view `v`'s index (View::user_keys), on
// the route `t` built against them; returns the attribute the key orders by.
std::string PlanUserKeysRead(Context& c, const View& v, const TableRoute& t, ReadPlan& plan) {
  plan.operation = Operation::kQuery;
  plan.index = v.gsi;
  plan.key = t.key;
  plan.filter = t.filter;
  plan.read_amplification = t.amplification;
  for (const auto& [e, history] : t.items)
    plan.item_types.push_back(c.main_item[static_cast<std::size_t>(e)]);
  FilterOtherTypes(c, TableMembers(c, plan.key, v.gsi), &plan);
  return t.order_attribute;
}

// Fills the plan of a pattern served by view `v` (a GSI); returns the attribute the key orders by.
std::string PlanViewRead(Context& c, const std::vector<std::vector<int>>& types_of,
                         const AccessPattern& p, const View& v, ReadPlan& plan) {
  std::string key_order;
  plan.index = v.gsi;
  plan.key.partition_key = ViewPartitionKey(c, v);
  // A presence test the view does not serve (PatternView serves `exists` on its order attribute)
  // is a FilterExpression, attribute_exists / attribute_not_exists, read amplification as any
  // filter's
  // (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Query.FilterExpression.html).
  double selectivity = 1;
  for (const FixedFilter& f : p.filters) {
    FilterTest test = TestOf(f.value);
    if (test == FilterTest::kEquals ||
        (test == FilterTest::kExists && f.attribute == v.order_attribute))
      continue;
    plan.filter.push_back(SparseCondition{f.attribute, f.value});
    selectivity *= Selectivity(c, p.returns[0], f.attribute, f.value);
  }
  if (selectivity > 0 && selectivity < 1) plan.read_amplification = 1 / selectivity;
  std::vector<int> members;
  for (EntityId e : v.entities) {
    for (int t : CarriersOf(c, types_of, e, v)) {
      members.push_back(t);
      if (std::find(p.returns.begin(), p.returns.end(), e) != p.returns.end())
        plan.item_types.push_back(t);
    }
  }
  // Item types of other views whose keys on this index may render the same partition (a key
  // pinned in the model as written, `{email}`, when no label escapes it: LabelViewsApartOnIndexes):
  // their items are read too unless the sort key condition leaves them out.
  std::vector<int> foreign = ForeignMembers(c, plan.key.partition_key, v.gsi, members);
  // The parameters beyond the view's partition bind a leading part of its sort key
  // (View::sort_prefix: a merged view); the range, if any, falls on the next part.
  std::size_t bound = 0;
  for (const auto& a : p.params) {
    if (std::find(v.params.begin(), v.params.end(), a) == v.params.end()) ++bound;
  }
  EntityId first = v.entities[0];
  auto next_part = [&]() {
    return bound < v.sort_prefix.size() ? v.sort_prefix[bound] : v.order_attribute;
  };
  if (!v.order_attribute.empty() && (p.range_condition || bound > 0)) {
    TemplateBuilder prefix;
    for (std::size_t k = 0; k < bound; ++k)
      prefix.Attr(v.sort_prefix[k], c.EncodingOf(first, v.sort_prefix[k])).Sep();
    if (p.range_condition) {
      // A view's sort key parts are separated by '#'.
      RangeKeyCondition(p, prefix.Build(), c.EncodingOf(p.returns[0], next_part()),
                        bound < v.sort_prefix.size()
                            ? std::optional<std::string>(std::string(1, kKeySeparator))
                            : std::nullopt,
                        &plan.key);
    } else {
      plan.key.sort_op = SortOp::kBeginsWith;
      plan.key.sort_lower = prefix.Build();
    }
    key_order = next_part();
  } else if (!v.order_attribute.empty()) {
    key_order = next_part();
  } else if (bound > 0) {
    // LABEL#{prefix...}#{identifier}: the bound parts after the entity's label.
    TemplateBuilder prefix;
    prefix.Literal(c.labels[static_cast<std::size_t>(p.returns[0])]);
    for (std::size_t k = 0; k < bound; ++k)
      prefix.Sep().Attr(v.sort_prefix[k], c.EncodingOf(first, v.sort_prefix[k]));
    // Key parts after the bound ones: begins_with up to the separator; none: the whole key.
    bool more = ViewSortKey(c, v, p.returns[0]).Attributes().size() > bound;
    if (more) prefix.Sep();
    plan.key.sort_op = more ? SortOp::kBeginsWith : SortOp::kEq;
    plan.key.sort_lower = prefix.Build();
    members = plan.item_types;
  } else if (p.returns.size() == 1 && v.entities.size() > 1) {
    KeyTemplate sk = ViewSortKey(c, v, p.returns[0]);
    std::string label = c.labels[static_cast<std::size_t>(p.returns[0])];
    plan.key.sort_op = sk.Attributes().empty() ? SortOp::kEq : SortOp::kBeginsWith;
    plan.key.sort_lower =
        TemplateBuilder().Literal(sk.Attributes().empty() ? label : label + kKeySeparator).Build();
    members = plan.item_types;
  }
  if (!foreign.empty() && plan.key.sort_op == SortOp::kNone && plan.item_types.size() == 1 &&
      v.entities.size() == 1) {
    // The entity's own sort key prefix (`ORDER#`), when no other item type there can begin with
    // it: a begins_with reads its items alone, at no cost.
    const std::string own = ViewSortKey(c, v, v.entities[0]).LiteralPrefix();
    if (!own.empty() && std::none_of(foreign.begin(), foreign.end(), [&](int t) {
          return MayBeginWith(IndexSortKey(c, t, v.gsi), own);
        })) {
      plan.key.sort_op = SortOp::kBeginsWith;
      plan.key.sort_lower = TemplateBuilder().Literal(own).Build();
      plan.reasons.push_back(Reason{
          fmt::format("other item types' keys on this index can render the same partition: the "
                      "sort key begins_with {} reads only the {} items",
                      own, c.entity(v.entities[0]).name),
          {p.name}});
    }
  }
  const std::string lower = plan.key.sort_lower.LiteralPrefix();
  for (int t : foreign) {
    bool may_match = plan.key.sort_op == SortOp::kNone ||
                     MayBeginWith(IndexSortKey(c, t, v.gsi), lower) ||
                     (plan.key.sort_op != SortOp::kBeginsWith && plan.key.sort_op != SortOp::kEq);
    if (may_match && std::find(members.begin(), members.end(), t) == members.end())
      members.push_back(t);
  }
  FilterOtherTypes(c, members, &plan);
  // A parent read with its children sorted by the view's order: the parent's item sorts at the
  // end the Query starts from (its index sort key above or below every value), so it comes first
  // and takes one place of the Query's limit, which counts the children.
  if (auto family = SortedChildren(c, p); family && p.limit && key_order == p.sort->attribute) {
    auto [parent, child] = *family;
    *plan.limit += 1;
    plan.reasons.push_back(
        Reason{fmt::format("the {} item sorts {} its {} items on this index, so it comes first: "
                           "the Query's limit is one more than the pattern's",
                           c.entity(parent).name, p.sort->descending ? "after" : "before",
                           c.entity(child).name),
               {p.name}});
  }
  if (v.shards > 1) {
    plan.operation = Operation::kFanOutQuery;
    plan.shards = v.shards;
    plan.requests = v.shards;
    if (p.limit) plan.per_shard_limit = (*p.limit + v.shards - 1) / v.shards;
    plan.reasons.push_back(
        Reason{fmt::format("{} shards queried in parallel, each page {}, merged by {} {}; a "
                           "shard's next page "
                           "is read only when the merge runs out of its items",
                           v.shards,
                           plan.per_shard_limit ? std::to_string(*plan.per_shard_limit) + " items"
                                                : std::string("up to 1 MB"),
                           v.order_attribute.empty() ? std::string("sort key") : v.order_attribute,
                           plan.scan_forward ? "ascending" : "descending"),
               {p.name}});
  } else {
    plan.operation = Operation::kQuery;
  }
  return key_order;
}

// Fills the plan of a pattern served by a Scan, filtered to the item types it returns.
void PlanScan(Context& c, const AccessPattern& p, ReadPlan& plan) {
  plan.operation = Operation::kScan;
  for (const auto& f : p.filters) plan.filter.push_back(SparseCondition{f.attribute, f.value});
  double all = 0;
  double wanted = 0;
  for (const auto& t : c.layout.item_types)
    all += static_cast<double>(std::max<std::int64_t>(t.count, 1));
  for (EntityId e : p.returns) {
    int t = c.main_item[static_cast<std::size_t>(e)];
    plan.item_types.push_back(t);
    plan.filter_types.push_back(c.layout.item_types[static_cast<std::size_t>(t)].label);
    wanted += static_cast<double>(std::max<std::int64_t>(c.entity(e).count, 1));
  }
  plan.read_amplification = wanted > 0 ? all / wanted : 1;
  plan.consistent = p.consistent;
}

// Drops expired items from the plan's results when a returned entity has a TTL attribute.
void PlanDropExpired(Context& c, const AccessPattern& p, ReadPlan& plan) {
  // Time to Live deletes an expired item only within a few days, and until then reads return
  // it ("Items that have expired and not been deleted will still show up in reads, queries,
  // and scans": https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/
  // API_UpdateTimeToLive.html). AWS's advice: a filter expression leaving out "items where the
  // TTL time is equal to or less than the current time"
  // (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/ttl-expired-items.html).
  // GetItem takes no FilterExpression: the client drops an expired item.
  if (std::any_of(p.returns.begin(), p.returns.end(),
                  [&](EntityId e) { return !c.entity(e).ttl.empty(); })) {
    plan.drop_expired = c.layout.ttl_attribute;
    plan.reasons.push_back(Reason{
        plan.operation == Operation::kGetItem
            ? fmt::format("expired items stay readable until TTL deletes them (within days): "
                          "an item whose {0} is at or before now is dropped after the GetItem",
                          c.layout.ttl_attribute)
            : fmt::format("expired items stay readable until TTL deletes them (within days): "
                          "filter attribute_not_exists({0}) OR {0} > :now",
                          c.layout.ttl_attribute),
        {p.name}});
  }
}

// Adds the work left to the client after the read (sort, aggregate) and warns about its cost.
void PlanClientWork(Context& c, const AccessPattern& p, const std::string& key_order,
                    ReadPlan& plan) {
  if (p.aggregate && p.aggregate->kind == AggregateKind::kCount && plan.projection.empty()) {
    plan.reasons.push_back(Reason{"Select COUNT: only the count is returned", {p.name}});
  }
  bool key_orders = p.sort ? key_order == p.sort->attribute : true;
  for (ClientStep& step : ClientSteps(c, p, key_orders)) plan.client_steps.push_back(step);
  if (!key_orders && p.limit) {
    Diagnostic& d = c.diags.Warning(DiagId::kLimitBeforeSort, p.sort->range,
                                    fmt::format("access pattern '{}' is sorted by '{}' after the "
                                                "read, so its limit of {} applies before "
                                                "sorting",
                                                p.name, p.sort->attribute, *p.limit));
    Diagnostics::Note(d, p.range, "sort by the range attribute, or drop the limit");
  }
  // The children of one parent, bounded by a relationship's `max` that fits one Query page:
  // reading them all and sorting in the client costs one request, whatever the sort.
  const Relationship* bound = nullptr;
  if (!key_orders && p.returns.size() == 1) {
    for (const Relationship& r : c.model.relationships) {
      EntityId holder = r.cardinality == Cardinality::kManyToMany ? r.through.value_or(-1) : r.to;
      if (!r.max || holder != p.returns[0]) continue;
      const Entity& h = c.entity(holder);
      // A polymorphic association's children of one parent: by its kind and link together.
      std::vector<AttrId> key = r.link;
      if (r.Polymorphic()) key.push_back(r.kind);
      bool by_parent = std::all_of(key.begin(), key.end(), [&](AttrId a) {
        const std::string& name = h.attributes[static_cast<std::size_t>(a)].name;
        return std::find(p.params.begin(), p.params.end(), name) != p.params.end();
      });
      // https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Query.Pagination.html:
      // a Query returns at most 1 MB per page.
      double bytes = static_cast<double>(*r.max) * static_cast<double>(h.item_size);
      if (by_parent && bytes <= 1024.0 * 1024.0) bound = &r;
    }
  }
  if (bound != nullptr) {
    plan.reasons.push_back(Reason{
        fmt::format("sorted by '{}' in the client: relationship '{}' bounds the items read to "
                    "{} (max), one page",
                    p.sort->attribute, bound->name, *bound->max),
        {p.name}});
  }
  if (!key_orders && !p.limit && !p.aggregate && bound == nullptr) {
    Diagnostic& d = c.diags.Warning(
        DiagId::kSortReadsWholeCollection, p.sort->range,
        fmt::format("access pattern '{}' is sorted by '{}' after the read: every call reads all "
                    "the items that match and sorts them in the client",
                    p.name, p.sort->attribute));
    Diagnostics::Note(d, p.range, "sort by the range attribute, so that the key orders them");
  }
}

// Warns when the plan reads many items per item returned, unless a filter was chosen on purpose.
void WarnWastefulRead(Context& c, std::size_t i, const PatternRoute& route, const ReadPlan& plan) {
  const AccessPattern& p = c.model.access_patterns[i];
  bool chosen_filter = i < c.table_filter.size() && c.table_filter[i];
  if (plan.read_amplification > kMaxFilterAmplification && !chosen_filter) {
    Diagnostic& d = c.diags.Warning(
        DiagId::kWastefulRead, p.range,
        fmt::format("access pattern '{}' reads about {:.1f} items for every item it returns",
                    p.name, plan.read_amplification));
    Diagnostics::Note(d, p.range,
                      route.route == Route::kScan
                          ? "it is served by a Scan"
                          : "its filter discards most of what the key condition reads");
  }
}

}  // namespace

void BuildReadPlans(Context& c) {
  const Model& m = c.model;
  // Each entity's item types, in layout order: what a view's partition may hold.
  std::vector<std::vector<int>> types_of(m.entities.size());
  for (std::size_t t = 0; t < c.layout.item_types.size(); ++t) {
    EntityId e = c.layout.item_types[t].entity;
    if (e >= 0 && static_cast<std::size_t>(e) < types_of.size())
      types_of[static_cast<std::size_t>(e)].push_back(static_cast<int>(t));
  }
  for (std::size_t i = 0; i < m.access_patterns.size(); ++i) {
    const AccessPattern& p = m.access_patterns[i];
    const PatternRoute& route = c.routes[i];
    ReadPlan plan;
    plan.pattern = p.name;
    plan.pattern_id = static_cast<int>(i);
    plan.limit = p.limit;
    plan.projection = p.projection;
    // A parameter read through a followed relationship's link attribute (`by: [handle]`,
    // `follows: songs`): the key holds the link attribute, the caller passes the other name.
    for (std::size_t k = 0; k < p.param_names.size(); ++k) {
      if (!p.follows || p.param_names[k] == p.params[k]) continue;
      plan.reasons.push_back(Reason{
          fmt::format("the caller's '{}' is read as '{}', the link of relationship '{}' that "
                      "references it",
                      p.param_names[k], p.params[k],
                      m.relationships[static_cast<std::size_t>(*p.follows)].name),
          {p.name}});
    }
    plan.reasons.insert(plan.reasons.end(), route.reasons.begin(), route.reasons.end());
    plan.scan_forward = !(p.sort && p.sort->descending);
    std::string key_order;
    if (route.route == Route::kTable) {
      key_order = PlanTableRead(c, p, route.table, plan);
    } else if (route.route == Route::kView &&
               c.views[static_cast<std::size_t>(route.view)].user_keys) {
      key_order =
          PlanUserKeysRead(c, c.views[static_cast<std::size_t>(route.view)], route.table, plan);
    } else if (route.route == Route::kView) {
      key_order = PlanViewRead(c, types_of, p, c.views[static_cast<std::size_t>(route.view)], plan);
    } else {
      PlanScan(c, p, plan);
    }
    PlanDropExpired(c, p, plan);
    PlanClientWork(c, p, key_order, plan);
    WarnWastefulRead(c, i, route, plan);
    c.layout.reads.push_back(plan);
  }
}

Model FirstStepModel(const Model& model) {
  Model out = model;
  for (AccessPattern& p : out.access_patterns) {
    if (!p.other_side) continue;
    const Entity& holder = model.entities[static_cast<std::size_t>(p.other_side->holder)];
    p.returns = {p.other_side->holder};
    p.projection.clear();
    for (AttrId a : p.other_side->link)
      p.projection.push_back(holder.attributes[static_cast<std::size_t>(a)].name);
    // The first step sorts and filters (the loader resolved both on the holder): an index
    // serving it projects what it orders and filters on too, and a sort left to the client
    // needs the values.
    auto add = [&](const std::string& name) {
      if (std::find(p.projection.begin(), p.projection.end(), name) == p.projection.end())
        p.projection.push_back(name);
    };
    if (p.sort) add(p.sort->attribute);
    for (const FixedFilter& f : p.filters) add(f.attribute);
  }
  return out;
}

void AttachFollowUps(Context& c, const Model& model) {
  for (ReadPlan& plan : c.layout.reads) {
    const AccessPattern& p = model.access_patterns[static_cast<std::size_t>(plan.pattern_id)];
    if (!p.other_side) continue;
    const Entity& holder = model.entities[static_cast<std::size_t>(p.other_side->holder)];
    const Entity& target = model.entities[static_cast<std::size_t>(p.returns[0])];
    const Relationship& r = model.relationships[static_cast<std::size_t>(*p.follows)];
    FollowUp f;
    f.item_type = c.main_item[static_cast<std::size_t>(p.returns[0])];
    for (AttrId a : target.identifier)
      f.identifier.push_back(target.attributes[static_cast<std::size_t>(a)].name);
    for (AttrId a : p.other_side->link)
      f.link.push_back(holder.attributes[static_cast<std::size_t>(a)].name);
    f.projection = p.projection;
    if (!target.ttl.empty()) f.drop_expired = c.layout.ttl_attribute;
    // The returned entity's item is read by its table key, which the link's values must render.
    const ItemType& t = c.layout.item_types[static_cast<std::size_t>(f.item_type)];
    std::vector<std::string> missing;
    for (const KeyTemplate* k : {&t.partition_key, &t.sort_key}) {
      for (const std::string& a : k->Attributes()) {
        if (std::find(f.identifier.begin(), f.identifier.end(), a) == f.identifier.end() &&
            std::find(missing.begin(), missing.end(), a) == missing.end())
          missing.push_back(a);
      }
    }
    if (!missing.empty()) {
      Diagnostic& d = c.diags.Error(
          DiagId::kFollowsOtherSideUnsupported, p.follows_range,
          fmt::format("access pattern '{}' returns '{}' through '{}', but the table key of a "
                      "'{}' item ({} / {}) needs {}, which the link of '{}' does not hold; "
                      "return '{}' instead, or key '{}' by its identifier",
                      p.name, target.name, r.name, target.name, t.partition_key.ToString(),
                      t.sort_key.ToString(), fmt::join(missing, ", "), holder.name, holder.name,
                      target.name));
      Diagnostics::Note(d, target.range, fmt::format("entity '{}' is declared here", target.name));
      c.failed = true;
      continue;
    }
    // One holder item at most when the parameters cover its identifier (or the step is a
    // GetItem): one GetItem follows; otherwise one key per holder item, 100 a BatchGetItem.
    bool one = plan.operation == Operation::kGetItem ||
               std::all_of(holder.identifier.begin(), holder.identifier.end(), [&](AttrId a) {
                 const std::string& n = holder.attributes[static_cast<std::size_t>(a)].name;
                 return std::find(p.params.begin(), p.params.end(), n) != p.params.end();
               });
    f.operation = one ? Operation::kGetItem : Operation::kBatchGetItem;
    std::string first = OperationName(plan.operation);
    std::vector<std::string> quoted;
    for (const std::string& l : f.link) quoted.push_back(fmt::format("'{}'", l));
    // First among the reasons: it says why the plan has two steps.
    plan.reasons.insert(
        plan.reasons.begin(),
        Reason{one ? fmt::format("returns the other side of '{}': {} the '{}' item, then GetItem "
                                 "the '{}' its {} references, by that item's own key, so the "
                                 "'{}' carries no copy of it",
                                 r.name, first, holder.name, target.name, fmt::join(quoted, ", "),
                                 holder.name)
                   : fmt::format("returns the other side of '{}': {} the '{}' items, then "
                                 "BatchGetItem the '{}' items their {} references (up to 100 "
                                 "keys a request), read as they are, so a change to a '{}' "
                                 "rewrites no '{}' item",
                                 r.name, first, holder.name, target.name, fmt::join(quoted, ", "),
                                 target.name, holder.name),
               {p.name}});
    plan.follow_up = std::move(f);
  }
}

void AttachTableFetches(Context& c) {
  // Identifiers a pinned projection leaves out that the table keys hold: read back from them.
  for (ReadPlan& plan : c.layout.reads) {
    if (plan.index <= 0 || plan.pattern_id < 0 || c.table_fetches.count(plan.pattern_id))
      continue;  // a fetch reads whole items from the table
    const DeclaredIndex* d = c.model.table.FindIndex(plan.index);
    if (d == nullptr || !d->projection || *d->projection == PinnedProjection::kAll) continue;
    const IndexLayout& ix = c.layout.indexes[static_cast<std::size_t>(plan.index - 1)];
    const AccessPattern& p = c.model.access_patterns[static_cast<std::size_t>(plan.pattern_id)];
    std::vector<std::string> taken;
    for (EntityId e : p.returns) {
      const Entity& en = c.entity(e);
      for (AttrId id : en.identifier) {
        const std::string& a = en.attributes[static_cast<std::size_t>(id)].name;
        if (std::find(ix.projected_attributes.begin(), ix.projected_attributes.end(), a) !=
                ix.projected_attributes.end() ||
            std::find(taken.begin(), taken.end(), a) != taken.end() || !KeysHoldIdentifier(c, p, a))
          continue;
        taken.push_back(a);
      }
    }
    if (taken.empty()) continue;
    std::vector<std::string> quoted;
    for (const std::string& a : taken) quoted.push_back(fmt::format("'{}'", a));
    plan.values_from_keys = taken;
    plan.reasons.push_back(
        Reason{fmt::format("takes {} back from the table key ({} / {}) of each entry: {} leaves "
                           "{} out, but every index projects the table's keys",
                           fmt::join(quoted, ", "), c.layout.partition_key, c.layout.sort_key,
                           ix.name, taken.size() == 1 ? "it" : "them"),
               {p.name}});
  }
  for (ReadPlan& plan : c.layout.reads) {
    auto found = c.table_fetches.find(plan.pattern_id);
    if (found == c.table_fetches.end()) continue;
    const Context::TableFetch& fetch = found->second;
    const AccessPattern& p = c.model.access_patterns[static_cast<std::size_t>(plan.pattern_id)];
    if (plan.index != fetch.gsi || plan.follow_up || plan.item_types.empty()) continue;
    const IndexLayout& ix = c.layout.indexes[static_cast<std::size_t>(fetch.gsi - 1)];
    const std::string name = ix.name;
    // What every entry holds: the table's and the index's key attributes, and what it projects.
    auto projects = [&](const std::string& a) {
      if (ix.projection == Projection::kAll || a == c.layout.partition_key ||
          a == c.layout.sort_key || a == ix.partition_key || a == ix.sort_key)
        return true;
      return ix.projection == Projection::kInclude &&
             std::find(ix.projected_attributes.begin(), ix.projected_attributes.end(), a) !=
                 ix.projected_attributes.end();
    };
    // What the Query of the index needs before the items are fetched: the attributes its
    // FilterExpression names, and those a client-side sort orders the entries by before the
    // limit keeps the first ones.
    std::vector<std::string> needs;
    auto need = [&](const std::string& a, const std::string& why) {
      if (projects(a)) return;
      std::string text = fmt::format("'{}' ({})", a, why);
      if (std::find(needs.begin(), needs.end(), text) == needs.end()) needs.push_back(text);
    };
    if (!plan.filter_types.empty())
      need(kTypeAttribute, "the Query tells the item types apart by it");
    for (const SparseCondition& f : plan.filter) need(f.attribute, "filtered on");
    for (const ClientStep& step : plan.client_steps) {
      if (step.kind == ClientStepKind::kSort) need(step.attribute, "sorted by on the client");
    }
    // Expired items are left out by the Query's filter when the index holds the TTL attribute;
    // otherwise after the fetch, which keeps the read's answer only without a limit.
    bool expire_after = !plan.drop_expired.empty() && !projects(plan.drop_expired);
    if (expire_after && plan.limit)
      need(plan.drop_expired, "expired entries are left out before the limit");
    if (!needs.empty()) {
      Diagnostic& e = c.diags.Error(
          DiagId::kProjectionMissesRead, p.index_range.valid() ? p.index_range : p.range,
          fmt::format("access pattern '{}' is served by index '{}', whose pinned projection ({}) "
                      "leaves out {}, which the pattern needs, and the Query of the index needs "
                      "{} before the items it finds can be fetched from the table; project them, "
                      "or pin the pattern elsewhere",
                      p.name, name, ProjectionName(ix.projection), fetch.misses,
                      fmt::join(needs, ", ")));
      Diagnostics::Note(e, fetch.projection_range, "the projection is pinned here");
      c.failed = true;
      continue;
    }
    FollowUp f;
    f.by_table_key = true;
    f.item_type = plan.item_types.front();
    f.projection = p.projection;
    if (expire_after) {
      f.drop_expired = plan.drop_expired;
      plan.drop_expired.clear();
      // PlanDropExpired's reason said the Query filters them: the fetch drops them instead.
      std::erase_if(plan.reasons, [](const Reason& r) {
        return r.text.rfind("expired items stay readable", 0) == 0;
      });
    }
    // At most one entry when the parameters cover each returned entity's identifier or the
    // limit is 1: one GetItem; otherwise BatchGetItem, 100 keys a request.
    bool one = plan.limit && *plan.limit == 1;
    one = one || std::all_of(p.returns.begin(), p.returns.end(), [&](EntityId e) {
            const Entity& en = c.entity(e);
            return std::all_of(en.identifier.begin(), en.identifier.end(), [&](AttrId a) {
              const std::string& n = en.attributes[static_cast<std::size_t>(a)].name;
              return std::find(p.params.begin(), p.params.end(), n) != p.params.end();
            });
          });
    f.operation = one ? Operation::kGetItem : Operation::kBatchGetItem;
    // The Query returns the entries as the index holds them: a ProjectionExpression naming
    // what it leaves out would be refused.
    plan.projection.clear();
    plan.reasons.insert(
        plan.reasons.begin(),
        Reason{fmt::format(
                   "fetches from the table what {0} leaves out: its pinned projection ({1}) "
                   "leaves out {2}, and a global secondary index returns only what it projects, "
                   "so Query {0} for the entries, then {3} the items from the table by the table "
                   "key ({4}, {5}) each entry holds (every index projects it){6}{7}",
                   name, ProjectionName(ix.projection), fetch.misses,
                   one ? "GetItem" : "BatchGetItem", c.layout.partition_key, c.layout.sort_key,
                   one ? "" : ", up to 100 keys a request, unprocessed keys sent again",
                   expire_after ? fmt::format("; expired items are dropped after the fetch ({} "
                                              "is not in the index)",
                                              f.drop_expired)
                                : std::string()),
               {p.name}});
    plan.follow_up = std::move(f);
  }
}

void FilterShardItemsOnInvertedIndexes(Context& c) {
  const std::vector<AggregateShardItemType> shards = AggregateShardItemTypes(c.model, c.layout);
  if (shards.empty()) return;
  for (ReadPlan& plan : c.layout.reads) {
    if (plan.index <= 0 || !c.model.table.InvertedIndex(plan.index)) continue;
    if (plan.operation != Operation::kQuery) continue;
    // On the inverted index a shard item is keyed by its table keys swapped: its table sort key
    // (the `into` item's) as partition key, its table partition key as sort key.
    double foreign = 0;
    for (const AggregateShardItemType& s : shards) {
      if (KeysMayMatch(c, plan.key, &s.sort_key, &s.partition_key))
        foreign += static_cast<double>(std::max<std::int64_t>(s.count, 1));
    }
    if (foreign == 0) continue;
    // The item types of the layout in the range: the shares FilterOtherTypes counted.
    double all = 0;
    double wanted = 0;
    for (int m : TableMembers(c, plan.key, plan.index)) {
      double n = static_cast<double>(
          std::max<std::int64_t>(c.layout.item_types[static_cast<std::size_t>(m)].count, 1));
      all += n;
      if (std::find(plan.item_types.begin(), plan.item_types.end(), m) != plan.item_types.end())
        wanted += n;
    }
    if (wanted <= 0) continue;
    const double before = plan.filter_types.empty() ? 1 : all / wanted;
    if (plan.filter_types.empty()) {
      for (int t : plan.item_types)
        plan.filter_types.push_back(c.layout.item_types[static_cast<std::size_t>(t)].label);
    }
    plan.read_amplification *= ((all + foreign) / wanted) / before;
  }
}

}  // namespace model::derive
