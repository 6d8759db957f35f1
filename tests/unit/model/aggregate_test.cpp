// Pre-computed aggregates: the format and its errors, who keeps them and why, the consumer's
// arithmetic under replays and reordering, and `model check` failing a consumer that ignores
// REMOVE records; write sharding of groups kept in transactions (sized, pinned, misused, spread,
// added up, and a reader of shard 0 alone failing the check).
#include <fmt/format.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <optional>
#include <set>
#include <string>

#include "model/check/check.h"
#include "model/cost.h"
#include "model/exec/aggregates.h"
#include "model/exec/items.h"
#include "model/exec/writes.h"
#include "model/sim/engine/database.h"
#include "model_fixture.h"
#include "tests/support/mutate.h"

namespace {

// A shop: orders aggregated into per-customer, per-month totals, and line counts per order.
std::string Shop(const std::string& table_extra, const std::string& aggregate_extra,
                 const std::string& reads = "") {
  return R"yaml(table:
  name: shop
)yaml" + table_extra +
         R"yaml(entities:
  Customer:
    attributes: { customerId: string, name: string }
  Order:
    count: 5000
    attributes: { orderId: string, customerId: string, placedAt: timestamp, total: number }
  MonthTotal:
    identifier: [customerId, month]
    attributes:
      customerId: string
      month: string
      revenue: number
      orders: integer
      smallest: number?
      largest: number?
relationships:
  - { name: orders, cardinality: "1:N", from: Customer, to: Order }
  - { name: months, cardinality: "1:N", from: Customer, to: MonthTotal }
access_patterns:
  - { name: getOrder, returns: Order, by: [orderId] }
  - { name: monthTotals, returns: MonthTotal, by: [customerId], rate: 20 )yaml" +
         reads + R"yaml( }
write_patterns:
  - { name: placeOrder, create: Order, rate: 50 }
  - { name: moveOrder, update: Order, attributes: [customerId, total], rate: 5 }
  - { name: cancelOrder, delete: Order, rate: 2 }
aggregates:
  - name: monthly
    of: Order
    into: MonthTotal
    group: { customerId: customerId, month: { month: placedAt } }
    values:
      revenue: { sum: total }
      orders: count
      smallest: { min: total }
      largest: { max: total }
)yaml" + aggregate_extra;
}

std::string Replaced(std::string text, const std::string& from, const std::string& to) {
  auto at = text.find(from);
  REQUIRE(at != std::string::npos);
  text.replace(at, from.size(), to);
  return text;
}

// The shop with its stream pinned, for the tests of the consumer itself. At the shop's rates (52
// orders/s placed or cancelled over 1000 month totals) each group item would carry a mark per
// order created or deleted in the last 25 hours, about 4,700, so unpinned the writes'
// transactions cost less and the derivation chooses them.
std::string StreamShop(const std::string& aggregate_extra = "") {
  return Shop("  streams: true\n", "    maintain: stream\n" + aggregate_extra);
}

}  // namespace

TEST_CASE("aggregates: the format reads groups, buckets and values", "[model][aggregate]") {
  auto l = test::Load(Shop("  streams: true\n", ""));
  INFO(l.diagnostics);
  REQUIRE(l.model);
  REQUIRE(l.model->aggregates.size() == 1);
  const model::AggregateDecl& a = l.model->aggregates[0];
  CHECK(a.name == "monthly");
  CHECK(a.group.size() == 2);
  CHECK(a.group[1].bucket == model::TimeBucket::kMonth);
  REQUIRE(a.values.size() == 4);
  CHECK(a.values[0].function == model::AggregateFunction::kSum);
  CHECK(a.values[1].function == model::AggregateFunction::kCount);
  CHECK(a.values[2].function == model::AggregateFunction::kMin);
  CHECK(a.values[3].function == model::AggregateFunction::kMax);
  CHECK_FALSE(a.maintain);
}

TEST_CASE("aggregates: misuse is a positioned error", "[model][aggregate]") {
  auto bad = [](std::string from, std::string to) {
    std::string text = Shop("  streams: true\n", "");
    auto at = text.find(from);
    REQUIRE(at != std::string::npos);
    text.replace(at, from.size(), to);
    return test::Load(text).diagnostics;
  };
  CHECK(bad("into: MonthTotal", "into: MonthTotals")
            .find("'into' of aggregate 'monthly' names entity 'MonthTotals', which is not "
                  "declared; did "
                  "you mean 'MonthTotal'? [E431]") != std::string::npos);
  CHECK(bad("group: { customerId: customerId, month: { month: placedAt } }",
            "group: { customerId: customerId }")
            .find("'group' of aggregate 'monthly' maps customerId, but the identifier of "
                  "'MonthTotal' is customerId, month") != std::string::npos);
  CHECK(bad("{ month: placedAt }", "{ month: total }")
            .find("error: 'group' of aggregate 'monthly' takes the month of "
                  "'total' (a number), which is not a timestamp or a date") != std::string::npos);
  CHECK(bad("{ month: placedAt }", "{ week: placedAt }").find("[E104]") != std::string::npos);
  CHECK(bad("revenue: { sum: total }", "revenue: { sum: orderId }")
            .find("'sum' in aggregate 'monthly' names 'orderId' (a string) of 'Order'; sum takes "
                  "a number or integer [E434]") != std::string::npos);
  CHECK(bad("smallest: number?", "smallest: number")
            .find("writes the min into 'smallest', which is required") != std::string::npos);
  CHECK(bad("orders: count", "orders: { sum: total }")
            .find("writes the sum (a number) into 'orders' (an integer) of 'MonthTotal'; declare "
                  "it a number [E434]") != std::string::npos);
  CHECK(bad("  - { name: cancelOrder, delete: Order, rate: 2 }",
            "  - { name: cancelOrder, delete: Order, rate: 2 }\n"
            "  - { name: fixTotal, update: MonthTotal, attributes: [revenue] }")
            .find("write pattern 'fixTotal' updates 'MonthTotal', but changes 'revenue', which "
                  "aggregate 'monthly' keeps as 'Order' changes") != std::string::npos);
}

TEST_CASE("aggregates: the derivation chooses who keeps them, and says why", "[model][aggregate]") {
  SECTION("a stream when reads can lag") {
    // A million month totals: each takes a few orders' marks a day, so the consumer's group item
    // stays small and costs less than the writes' transactions.
    auto d = test::Derive(Replaced(Shop("  streams: true\n", ""), "  MonthTotal:\n",
                                   "  MonthTotal:\n    count: 1M\n"));
    INFO(d.diagnostics);
    REQUIRE(d.layout);
    REQUIRE(d.layout->aggregates.size() == 1);
    const model::AggregateLayout& a = d.layout->aggregates[0];
    CHECK(a.maintainer == model::Maintainer::kStream);
    CHECK(a.writes_per_s == 57);  // placeOrder, moveOrder (it moves customerId), cancelOrder
    CHECK(a.reasons[0].text.find("kept by a consumer of the table's stream") == 0);
    CHECK(d.layout->writes[0].aggregates.empty());
  }
  SECTION("the writes' transactions when the consumer's marks cost more") {
    // 1000 month totals: 52 orders/s placed or cancelled leave about 4,700 marks on each group
    // item in 25 hours (some 470 KB), which the consumer would read and rewrite per record.
    auto d = test::Derive(Shop("  streams: true\n", ""));
    INFO(d.diagnostics);
    REQUIRE(d.layout);
    const model::AggregateLayout& a = d.layout->aggregates[0];
    CHECK(a.maintainer == model::Maintainer::kTransaction);
    CHECK(a.reasons[0].text.find("kept in the writes' transactions") == 0);
    CHECK(a.maintained_by == std::vector<std::string>{"placeOrder", "moveOrder", "cancelOrder"});
    CHECK(d.diagnostics.find("E518") == std::string::npos);
  }
  SECTION("the writes' transactions when a read must be strongly consistent") {
    auto d = test::Derive(Shop("  streams: true\n", "", ", consistent: true"));
    INFO(d.diagnostics);
    REQUIRE(d.layout);
    const model::AggregateLayout& a = d.layout->aggregates[0];
    CHECK(a.maintainer == model::Maintainer::kTransaction);
    CHECK(a.reasons[0].text.find("monthTotals reads 'MonthTotal' with strong consistency") !=
          std::string::npos);
    CHECK(a.maintained_by == std::vector<std::string>{"placeOrder", "moveOrder", "cancelOrder"});
    for (const auto& w : d.layout->writes) {
      CHECK(w.transaction);
      CHECK(w.aggregates == std::vector<int>{0});
    }
    // The group items' puts with the state their min and max keep, doubled in a transaction,
    // for every group written: moveOrder writes two, as the cost summary counts them.
    model::AggregateFigures f = model::EstimateAggregate(*d.loaded.model, *d.layout, a);
    CHECK(f.groups_per_s > 57);
    CHECK(a.target_wcu_per_s == Approx(f.groups_per_s * f.wcu_per_group * 2));
    CHECK(f.wcu_per_group > 1);
  }
  SECTION("the writes' transactions when the table has no stream") {
    auto d = test::Derive(Shop("", ""));
    REQUIRE(d.layout);
    CHECK(d.layout->aggregates[0].maintainer == model::Maintainer::kTransaction);
  }
  SECTION("a pinned stream needs the table's stream") {
    auto l = test::Load(Shop("", "    maintain: stream\n"));
    REQUIRE(l.model);
    model::Diagnostics diags(l.file.get());
    CHECK_FALSE(model::derive::DeriveLayout(*l.model, diags));
    CHECK(diags.Render().find("aggregate 'monthly' pins 'maintain: stream', but table 'shop' has "
                              "no stream; add 'streams: true'") != std::string::npos);
  }
}

TEST_CASE("aggregates: the consumer's reads and writes are in the cost summary",
          "[model][aggregate][cost]") {
  auto d = test::Derive(StreamShop());
  INFO(d.diagnostics);
  REQUIRE(d.layout);
  const model::Model& m = *d.loaded.model;
  // At these rates the marks inline would be megabytes: the consumer keeps them as mark items.
  REQUIRE(d.layout->aggregates[0].marks == model::SeenMarks::kItems);
  model::AggregateFigures f = model::EstimateAggregate(m, *d.layout, d.layout->aggregates[0]);
  model::AggregateLayout inline_marks = d.layout->aggregates[0];
  inline_marks.marks = model::SeenMarks::kInline;
  model::AggregateFigures in = model::EstimateAggregate(m, *d.layout, inline_marks);
  CHECK(f.stream);
  CHECK(f.records_per_s == 57);
  // moveOrder (5/s) changes customerId, a group attribute: it leaves one group and joins another.
  CHECK(f.groups_per_s == 50 + 2 * 5 + 2);
  CHECK(f.items_per_group == 5);  // 5000 orders over 1000 MonthTotal groups
  // The group item: MonthTotal's 1 KB, its state, an _aggseen entry per order changed in the
  // window and an _aggvals entry per order for each of the min and the max.
  CHECK(in.seen_entry_bytes > 22);  // at least a 40-digit sequence number and the key text
  // moveOrder's 10 group changes/s over 1000 groups in 25 hours touch every order of a group (5),
  // and each order placed or cancelled (52/s) leaves a mark of its own.
  CHECK(in.seen_entries == Approx(5 + 52.0 / 1000 * model::kAggregateSeenRetentionSeconds));
  CHECK(in.group_item_bytes > 1024 + in.seen_entries * in.seen_entry_bytes);
  // A strongly consistent GetItem of the whole item: 1 RCU per 4 KB, marks included.
  CHECK(in.rcu_per_group == model::RequestReadUnits(in.group_item_bytes, true));
  CHECK(in.rcu_per_group > 1);
  CHECK(in.wcu_per_group == model::ItemWriteUnits(in.group_item_bytes));
  // As mark items: the group item without them and one mark item, in a transaction (twice).
  CHECK(f.seen_entry_bytes == 0);
  CHECK(f.group_item_bytes < in.group_item_bytes);
  CHECK(f.rcu_per_group == model::RequestReadUnits(f.group_item_bytes, true));
  CHECK(f.wcu_per_group == model::kTransactionFactor * (model::ItemWriteUnits(f.group_item_bytes) +
                                                        model::ItemWriteUnits(f.mark_item_bytes)));
  CHECK(f.wcu_per_group < in.wcu_per_group);
  CHECK(f.rcu_per_s == f.groups_per_s * f.rcu_per_group);
  CHECK(f.wcu_per_s == f.groups_per_s * f.wcu_per_group);

  // explain's figure for the consumer's writes is the cost summary's.
  CHECK(d.layout->aggregates[0].target_wcu_per_s == f.wcu_per_s);
  bool said = false;
  for (const auto& r : d.layout->aggregates[0].reasons)
    said = said || r.text.find(fmt::format("about {:.0f} WCU/s on 'MonthTotal' items",
                                           f.wcu_per_s)) != std::string::npos;
  CHECK(said);

  model::WorkloadCost cost = model::EstimateWorkload(m, *d.layout);
  REQUIRE(cost.consumers.size() == 2);
  CHECK(cost.consumers[0].name == "monthly");
  CHECK_FALSE(cost.consumers[0].write);
  CHECK(cost.consumers[0].units_per_s == f.rcu_per_s);
  CHECK(cost.consumers[1].write);
  CHECK(cost.consumers[1].units_per_s == f.wcu_per_s);
  double reads = 0, writes = 0;
  for (const auto& c : cost.reads) reads += c.units_per_s;
  for (const auto& c : cost.writes) writes += c.units_per_s;
  CHECK(cost.rcu_per_s == Approx(reads + f.rcu_per_s));
  CHECK(cost.wcu_per_s == Approx(writes + f.wcu_per_s));

  // Kept in the writes' transactions, the group writes are in the write patterns' rows.
  auto t = test::Derive(Shop("", ""));
  REQUIRE(t.layout);
  CHECK(model::EstimateWorkload(*t.loaded.model, *t.layout).consumers.empty());
  // Its min and max keep a count per value on the item, which grows with the group.
  CHECK(model::EstimateAggregate(*t.loaded.model, *t.layout, t.layout->aggregates[0]).state_grows);
}

TEST_CASE("aggregates: a transaction-kept aggregate's group reads are priced with its writes",
          "[model][aggregate][cost]") {
  // No stream: the writes keep `monthly` in their transactions, and each first reads the group
  // item it changes with a strongly consistent GetItem (model/exec/aggregates.h PlanGroupWrites).
  auto d = test::Derive(Shop("", ""));
  INFO(d.diagnostics);
  REQUIRE(d.layout);
  const model::Model& m = *d.loaded.model;
  REQUIRE(d.layout->aggregates[0].maintainer == model::Maintainer::kTransaction);
  model::AggregateFigures a = model::EstimateAggregate(m, *d.layout, d.layout->aggregates[0]);
  CHECK(a.rcu_per_group == 1);  // the MonthTotal item, under 4 KB, strongly consistent
  CHECK(a.groups_per_s == 50 + 2 * 5 + 2);
  CHECK(a.rcu_per_s == a.groups_per_s);
  CHECK(a.monthly_cost_usd == 0);  // priced with the write patterns
  auto plan_of = [&](const std::string& name) -> const model::WritePlan& {
    std::size_t w = 0;
    while (m.write_patterns[w].name != name) ++w;
    return d.layout->writes[w];
  };
  auto write = [&](const std::string& name) {
    return model::EstimateWrite(m, *d.layout, plan_of(name));
  };
  model::WriteFigures place = write("placeOrder");
  CHECK(place.group_reads == 1);
  CHECK(place.rcu_per_call == 1);
  CHECK(place.rcu_per_s == 50);
  CHECK(place.monthly_cost_usd ==
        Approx(model::MonthlyCost(place.wcu_per_s, true, m.table.billing) +
               model::MonthlyCost(50, false, m.table.billing)));
  // moveOrder changes customerId: it reads the group it leaves and the one it joins.
  CHECK(write("moveOrder").group_reads == 2);
  CHECK(write("moveOrder").rcu_per_call == 2);
  CHECK(write("cancelOrder").group_reads == 1);

  model::WorkloadCost cost = model::EstimateWorkload(m, *d.layout);
  CHECK(cost.consumers.empty());
  REQUIRE(cost.group_reads.size() == 3);
  CHECK(cost.group_reads[0].name == "placeOrder");
  CHECK_FALSE(cost.group_reads[0].write);
  CHECK(cost.group_reads[0].requests == 1);
  CHECK(cost.group_reads[0].units_per_s == 50);
  CHECK(cost.group_reads[1].name == "moveOrder");
  CHECK(cost.group_reads[1].units_per_call == 2);
  CHECK(cost.group_reads[2].name == "cancelOrder");
  double reads = 0, monthly = 0;
  for (const auto& c : cost.reads) reads += c.units_per_s;
  for (const auto& c : cost.reads) monthly += c.monthly_cost_usd;
  for (const auto& c : cost.writes) monthly += c.monthly_cost_usd;
  // moveOrder and cancelOrder also read their order first (the group and value attributes they
  // guard): one GetItem each, 1 RCU.
  REQUIRE(cost.first_reads.size() == 2);
  CHECK(cost.first_reads[0].name == "moveOrder");
  CHECK(cost.first_reads[1].name == "cancelOrder");
  CHECK(cost.first_reads[0].units_per_s + cost.first_reads[1].units_per_s == 5 + 2);
  CHECK(cost.rcu_per_s == Approx(reads + 50 + 2 * 5 + 2 + 5 + 2));
  CHECK(cost.monthly_cost_usd == Approx(monthly + model::MonthlyCost(62, false, m.table.billing) +
                                        model::MonthlyCost(7, false, m.table.billing)));
  // The write rows hold the write units alone; the check's per-pattern cost holds both.
  CHECK(cost.writes[0].monthly_cost_usd ==
        Approx(model::MonthlyCost(place.wcu_per_s, true, m.table.billing)));

  // The write plans say why they read first.
  const model::WritePlan& plan = plan_of("placeOrder");
  bool said = false;
  for (const auto& r : plan.reasons)
    said = said ||
           r.text.find("each read first with a strongly consistent GetItem") != std::string::npos;
  CHECK(said);

  // What the write sends matches: one strongly consistent GetItem of the group item (1 RCU).
  auto opened = sim::Database::Open({});
  REQUIRE(opened.ok());
  auto db = std::move(opened.value());
  REQUIRE(db->CreateTable(model::exec::CreateTableRequest(*d.layout)).ok());
  model::exec::Record after{{{{"orderId", sim::AttributeValue::S("o1")},
                              {"customerId", sim::AttributeValue::S("c1")},
                              {"placedAt", sim::AttributeValue::S("2024-05-01T10:00:00Z")},
                              {"total", sim::AttributeValue::N("12.5")}}}};
  model::exec::WriteStats ws;
  REQUIRE(model::exec::ApplyWrite(*db, m, *d.layout, plan, nullptr, &after, ws).ok());
  CHECK(ws.rcu == place.rcu_per_call);
}

TEST_CASE("aggregates: a stream-kept group item that would pass 400 KB is a positioned error",
          "[model][aggregate]") {
  std::string text = Shop("  streams: true\n", "");
  // 50 million orders over 1000 groups: 50,000 _aggvals entries for each of the min and the max
  // per group item; _aggseen holds only the orders changed in the last 25 hours.
  text.replace(text.find("count: 5000"), 11, "count: 50M");
  // Unpinned, the writes' transactions keep it: their group item (split over shards) fits.
  auto unpinned = test::Derive(text);
  REQUIRE(unpinned.layout);
  CHECK(unpinned.layout->aggregates[0].maintainer == model::Maintainer::kTransaction);
  CHECK(unpinned.diagnostics.find("E518") == std::string::npos);
  auto d = test::Derive(text + "    maintain: stream\n");
  CHECK_FALSE(d.layout);  // refused: the maintainer's writes would fail past 400 KB
  INFO(d.diagnostics);
  CHECK(d.diagnostics.find("error: aggregate 'monthly' is kept by a consumer of the table's "
                           "stream, and its group item would hold about ") != std::string::npos);
  CHECK(d.diagnostics.find("[E518]") != std::string::npos);
  CHECK(d.diagnostics.find("'maintain: stream' pins it") != std::string::npos);
  CHECK(d.diagnostics.find("note: the maintainer is pinned here") != std::string::npos);
  CHECK(d.diagnostics.find("note: 'Order' declares count 50000000") != std::string::npos);
  // The figures of that layout: the min's and max's counts per value pass 400 KB, whichever way
  // the consumer keeps its marks.
  auto load = test::Load(text + "    maintain: stream\n");
  REQUIRE(load.model);
  model::KeyLayout layout = *unpinned.layout;
  model::AggregateLayout streamed = layout.aggregates[0];
  streamed.maintainer = model::Maintainer::kStream;
  streamed.shards = 1;
  streamed.marks = model::SeenMarks::kInline;
  model::AggregateFigures f = model::EstimateAggregate(*load.model, layout, streamed);
  CHECK(f.group_item_bytes > model::kMaxItemBytes);
  // 62 group updates/s over 1000 groups for 25 hours: fewer than the group's 50,000 orders.
  CHECK(f.seen_entries == Approx(62.0 / 1000 * model::kAggregateSeenRetentionSeconds));
  // The bound: fewer items per group than the declared 50,000 fit in 400 KB (none at all once
  // the marks of the creates alone pass it).
  CHECK(f.max_items_per_group < f.items_per_group);
  streamed.marks = model::SeenMarks::kItems;
  CHECK(model::EstimateAggregate(*load.model, layout, streamed).group_item_bytes >
        model::kMaxItemBytes);

  auto small = test::Derive(Shop("  streams: true\n", ""));
  CHECK(small.diagnostics.find("E518") == std::string::npos);
  // Kept in transactions on one shard, the group item still holds the min's and max's counts per
  // value: the same error, at the pins.
  auto pinned = test::Derive(text + "    maintain: transaction\n    shards: 1\n");
  CHECK_FALSE(pinned.layout);
  CHECK(pinned.diagnostics.find("error: aggregate 'monthly' is kept in the writes' "
                                "transactions, and its group item would hold about ") !=
        std::string::npos);
  CHECK(pinned.diagnostics.find("'maintain: transaction' pins it") != std::string::npos);
}

TEST_CASE(
    "aggregates: each item created or deleted leaves a mark of its own on a stream-kept group",
    "[model][aggregate][cost]") {
  // Ten posts of ten likes each, liked at 10/s: in 25 hours 900,000 likes are created, 90,000 per
  // post, and the consumer keeps a mark for each of them however few likes a post holds at once.
  std::string text = R"yaml(table: { name: likes, streams: true }
entities:
  Post:
    count: 10
    attributes: { postId: string, title: string, likeCount: "integer?" }
  Like:
    count: 100
    identifier: [postId, userId]
    attributes: { postId: string, userId: string }
access_patterns:
  - { name: getPost, returns: Post, by: [postId], rate: 1 }
write_patterns:
  - { name: publishPost, create: Post, rate: 1 }
  - { name: like, create: Like, rate: 10 }
aggregates:
  - name: postLikes
    of: Like
    into: Post
    group: { postId: postId }
    values: { likeCount: count }
)yaml";
  auto pinned = test::Derive(text + "    maintain: stream\n");
  INFO(pinned.diagnostics);
  REQUIRE(pinned.layout);
  // Inline, those marks would pass 400 KB: the consumer keeps them as mark items instead.
  model::AggregateLayout inline_marks = pinned.layout->aggregates[0];
  CHECK(inline_marks.marks == model::SeenMarks::kItems);
  inline_marks.marks = model::SeenMarks::kInline;
  model::AggregateFigures f =
      model::EstimateAggregate(*pinned.loaded.model, *pinned.layout, inline_marks);
  CHECK(f.items_per_group == 10);
  CHECK(f.seen_entries == Approx(10.0 / 10 * model::kAggregateSeenRetentionSeconds));
  CHECK(f.group_item_bytes > f.seen_entries * f.seen_entry_bytes);
  CHECK(f.group_item_bytes > model::kMaxItemBytes);
  model::AggregateFigures items =
      model::EstimateAggregate(*pinned.loaded.model, *pinned.layout, pinned.layout->aggregates[0]);
  CHECK(items.group_item_bytes < 2048);
  CHECK(pinned.diagnostics.find("E518") == std::string::npos);
  // Unpinned, the derivation prices the consumer with those marks: the writes' transactions, which
  // keep none, cost less, and nothing passes 400 KB.
  auto d = test::Derive(text);
  INFO(d.diagnostics);
  REQUIRE(d.layout);
  // Unpinned, the writes' transactions (each like's item and the post, doubled) cost less than a
  // consumer's read and transaction with a mark item per like.
  const model::AggregateLayout& a = d.layout->aggregates[0];
  CHECK(a.maintainer == model::Maintainer::kTransaction);
  CHECK(a.reasons[0].text.find("kept in the writes' transactions") == 0);
  CHECK(d.diagnostics.find("E518") == std::string::npos);
  CHECK(d.layout->writes[1].pattern == "like");
  CHECK(d.layout->writes[1].aggregates == std::vector<int>{0});
}

TEST_CASE("aggregates: several aggregates on one item add up toward 400 KB, and reads pay for it",
          "[model][aggregate][cost]") {
  // 9,000 orders per month total (9M over 1000): one min and max pair keeps 9,000 _aggvals
  // entries each, about 300 KB; two pairs on the same item pass 400 KB.
  std::string text = R"yaml(table: { name: shop, streams: true }
entities:
  Customer:
    attributes: { customerId: string, name: string }
  Order:
    count: 9M
    attributes: { orderId: string, customerId: string, placedAt: timestamp, total: number }
  MonthTotal:
    identifier: [customerId, month]
    attributes:
      customerId: string
      month: string
      smallest: number?
      largest: number?
      lowest: number?
      highest: number?
relationships:
  - { name: orders, cardinality: "1:N", from: Customer, to: Order }
  - { name: months, cardinality: "1:N", from: Customer, to: MonthTotal }
access_patterns:
  - { name: getOrder, returns: Order, by: [orderId] }
  - { name: getMonth, returns: MonthTotal, by: [customerId, month], rate: 20 }
write_patterns:
  - { name: placeOrder, create: Order, rate: 1 }
  - { name: cancelOrder, delete: Order, rate: 0.001 }
aggregates:
  - name: extremes
    of: Order
    into: MonthTotal
    group: { customerId: customerId, month: { month: placedAt } }
    values: { smallest: { min: total }, largest: { max: total } }
)yaml";
  std::string second = R"yaml(  - name: extremesAgain
    of: Order
    into: MonthTotal
    group: { customerId: customerId, month: { month: placedAt } }
    values: { lowest: { min: total }, highest: { max: total } }
)yaml";
  auto one = test::Derive(text);
  INFO(one.diagnostics);
  REQUIRE(one.layout);
  CHECK(one.diagnostics.find("E518") == std::string::npos);
  model::AggregateFigures alone =
      model::EstimateAggregate(*one.loaded.model, *one.layout, one.layout->aggregates[0]);
  CHECK(alone.items_per_group == 9000);
  CHECK(alone.group_item_bytes < model::kMaxItemBytes);
  CHECK(alone.group_item_bytes > 9000 * 2 * 17);  // two _aggvals entries per order

  auto two = test::Derive(text + second);
  INFO(two.diagnostics);
  REQUIRE(two.layout);
  const model::Model& m = *two.loaded.model;
  model::AggregateFigures a = model::EstimateAggregate(m, *two.layout, two.layout->aggregates[0]);
  model::AggregateFigures b = model::EstimateAggregate(m, *two.layout, two.layout->aggregates[1]);
  // One item holds both aggregates' state: whole, it would pass 400 KB, so the derivation splits
  // the first over shards; the `into` item (its shard 0) then holds that one's share and the
  // second's whole state, which fits (E518 otherwise).
  CHECK(two.diagnostics.find("E518") == std::string::npos);
  CHECK(two.layout->aggregates[0].shards > 1);
  CHECK(a.group_item_bytes <= model::kMaxItemBytes);
  CHECK(b.group_item_bytes <= model::kMaxItemBytes);
  // Shard 0 holds both aggregates' shares: more than one aggregate's alone at the same shards.
  model::AggregateLayout single = one.layout->aggregates[0];
  single.shards = two.layout->aggregates[0].shards;
  CHECK(a.group_item_bytes >
        model::EstimateAggregate(*one.loaded.model, *one.layout, single).group_item_bytes);
  bool split_for_size = false;
  for (const model::Reason& r : two.layout->aggregates[0].reasons)
    split_for_size =
        split_for_size || r.text.find("over DynamoDB's 400 KB item limit") != std::string::npos;
  CHECK(split_for_size);

  // A read of the group item reads the maintainers' state too (a GetItem is sized on the whole
  // item): eventually consistent, half a unit per 4 KB.
  const model::ReadPlan& get = test::Read(*one.layout, "getMonth");
  model::ReadFigures r = model::EstimateRead(*one.loaded.model, *one.layout, get);
  CHECK(r.rcu_per_call == model::RequestReadUnits(alone.group_item_bytes, false));
  CHECK(r.rcu_per_call > 30);
}

TEST_CASE("aggregates: time buckets", "[model][aggregate]") {
  using model::BucketText;
  using model::TimeBucket;
  CHECK(BucketText(TimeBucket::kDay, "2019-01-18T09:30:00Z") == "2019-01-18");
  CHECK(BucketText(TimeBucket::kMonth, "2019-01-18") == "2019-01");
  CHECK(BucketText(TimeBucket::kQuarter, "2019-11-18T09:30:00Z") == "2019-Q4");
  CHECK(BucketText(TimeBucket::kQuarter, "2019-03-31") == "2019-Q1");
  CHECK(BucketText(TimeBucket::kYear, "2019-03-31") == "2019");
  // Timestamps are UTC: "+00:00" is read like "Z", another offset is not a timestamp.
  CHECK(BucketText(TimeBucket::kQuarter, "2019-12-31T23:30:00+00:00") == "2019-Q4");
  CHECK_FALSE(BucketText(TimeBucket::kDay, "2019-01-18T23:30:00-02:00"));
  CHECK_FALSE(BucketText(TimeBucket::kMonth, "yesterday"));
}

namespace {

// One order on a fresh stream-kept table, changed through PutItem/DeleteItem, with the records
// handed to the consumer in the order and number the test says.
struct StreamFixture {
  test::Derived d = test::Derive(StreamShop());
  std::unique_ptr<sim::Database> db;
  std::int64_t position = 0;

  StreamFixture() {
    REQUIRE(d.layout);
    auto opened = sim::Database::Open({});
    REQUIRE(opened.ok());
    db = std::move(opened.value());
    REQUIRE(db->CreateTable(model::exec::CreateTableRequest(*d.layout)).ok());
  }
  const model::Model& m() const { return *d.loaded.model; }
  void Put(const sim::Item& order) {
    model::exec::Record r{{order}};
    for (int t : d.layout->ItemTypesOf(m().FindEntity("Order"))) {
      for (auto& item : model::exec::RenderItems(m(), *d.layout, t, r)) {
        sim::PutItemRequest put;
        put.table_name = "shop";
        put.item = item;
        REQUIRE(db->PutItem(put).ok());
      }
    }
  }
  void Delete(const sim::Item& order) {
    model::exec::Record r{{order}};
    for (int t : d.layout->ItemTypesOf(m().FindEntity("Order"))) {
      auto key = model::exec::RenderItemKey(m(), *d.layout, t, r, 1);
      REQUIRE(key);
      sim::DeleteItemRequest del;
      del.table_name = "shop";
      del.key = *key;
      REQUIRE(db->DeleteItem(del).ok());
    }
  }
  std::vector<sim::StreamRecord> Records() {
    auto read = db->ReadStream("shop", position, 1000);
    REQUIRE(read.ok());
    position = read->next_after_sequence;
    return read->records;
  }
  sim::Item Group(const std::string& customer, const std::string& month) {
    model::exec::Record r{{{{"customerId", sim::AttributeValue::S(customer)},
                            {"month", sim::AttributeValue::S(month)}}}};
    int type = d.layout->aggregates[0].target_type;
    auto key = model::exec::RenderItemKey(m(), *d.layout, type, r, 1);
    REQUIRE(key);
    sim::GetItemRequest get;
    get.table_name = "shop";
    get.key = *key;
    auto got = db->GetItem(get);
    REQUIRE(got.ok());
    return got->item ? model::exec::EntityValues(m().entities[2], *got->item) : sim::Item{};
  }
};

sim::Item Order(const std::string& id, const std::string& customer, const std::string& at,
                const std::string& total) {
  return {{"orderId", sim::AttributeValue::S(id)},
          {"customerId", sim::AttributeValue::S(customer)},
          {"placedAt", sim::AttributeValue::S(at)},
          {"total", sim::AttributeValue::N(total)}};
}

std::string Text(const sim::Item& item, const std::string& name) {
  return model::exec::Natural(item, name);
}

}  // namespace

TEST_CASE("aggregates: the stream consumer is exact under replays, reordering and moves",
          "[model][aggregate]") {
  StreamFixture f;
  f.Put(Order("o1", "c1", "2019-01-05T10:00:00Z", "10.5"));
  f.Put(Order("o2", "c1", "2019-01-20T10:00:00Z", "4"));
  f.Put(Order("o3", "c1", "2019-02-01T10:00:00Z", "7"));
  f.Put(Order("o2", "c1", "2019-01-20T10:00:00Z", "6"));        // a MODIFY within the group
  f.Put(Order("o3", "c2", "2019-02-01T10:00:00Z", "7"));        // a MODIFY moving between groups
  f.Delete(Order("o1", "c1", "2019-01-05T10:00:00Z", "10.5"));  // the January minimum goes
  std::vector<sim::StreamRecord> batch = f.Records();
  REQUIRE(batch.size() == 6);
  // Items out of order (each item's own records in order), then the whole batch again.
  std::vector<sim::StreamRecord> reordered = {batch[2], batch[4], batch[1],
                                              batch[3], batch[0], batch[5]};
  model::exec::AggregateStats stats;
  REQUIRE(model::exec::ApplyStreamBatch(*f.db, f.m(), *f.d.layout, reordered, stats).ok());
  REQUIRE(model::exec::ApplyStreamBatch(*f.db, f.m(), *f.d.layout, batch, stats).ok());
  CHECK(stats.duplicates == 7);  // every group update of the replayed batch (o3's move: two)
  sim::Item jan = f.Group("c1", "2019-01");
  CHECK(Text(jan, "revenue") == "6");
  CHECK(Text(jan, "orders") == "1");
  CHECK(Text(jan, "smallest") == "6");
  CHECK(Text(jan, "largest") == "6");
  sim::Item feb1 = f.Group("c1", "2019-02");
  CHECK(Text(feb1, "revenue") == "0");
  CHECK(Text(feb1, "orders") == "0");
  CHECK(feb1.find("smallest") == feb1.end());  // an empty group has no min or max
  sim::Item feb2 = f.Group("c2", "2019-02");
  CHECK(Text(feb2, "revenue") == "7");
  CHECK(Text(feb2, "largest") == "7");
}

TEST_CASE("aggregates: a record applied twice, across two batches, changes nothing",
          "[model][aggregate]") {
  StreamFixture f;
  f.Put(Order("o1", "c1", "2019-01-05T10:00:00Z", "3"));
  auto first = f.Records();
  f.Put(Order("o2", "c1", "2019-01-06T10:00:00Z", "4"));
  auto second = f.Records();
  model::exec::AggregateStats stats;
  // The second batch before the first (two shards' batches), then the first again.
  REQUIRE(model::exec::ApplyStreamBatch(*f.db, f.m(), *f.d.layout, second, stats).ok());
  REQUIRE(model::exec::ApplyStreamBatch(*f.db, f.m(), *f.d.layout, first, stats).ok());
  REQUIRE(model::exec::ApplyStreamBatch(*f.db, f.m(), *f.d.layout, first, stats).ok());
  CHECK(stats.duplicates == 1);
  CHECK(Text(f.Group("c1", "2019-01"), "revenue") == "7");
  CHECK(Text(f.Group("c1", "2019-01"), "orders") == "2");
}

TEST_CASE(
    "aggregates: model check proves each way of keeping them, and fails a consumer that "
    "ignores REMOVE records",
    "[model][aggregate][check]") {
  model::check::CheckOptions options;
  options.items = 400;
  SECTION("kept by the stream") {
    auto d = test::Derive(StreamShop());
    REQUIRE(d.layout);
    auto report = model::check::RunCheck(*d.loaded.model, *d.layout, options);
    REQUIRE(report.ok());
    INFO(test::CheckFailures(*report));
    CHECK(report->passed());
    REQUIRE(report->aggregates.size() == 1);
    const model::AggregateCheck& a = report->aggregates[0];
    CHECK(a.maintainer == "stream");
    CHECK(a.pending_records > 0);  // the staleness window: records waiting when read
    CHECK(a.stale_groups > 0);
    CHECK(a.duplicates > 0);  // every batch is delivered twice
    CHECK(a.groups_compared > 0);

    // A consumer that drops REMOVE records leaves deleted orders counted.
    options.stream_consumer = [&](sim::DataPlane& plane, int aggregate,
                                  const std::vector<sim::StreamRecord>& batch,
                                  model::exec::AggregateStats& stats) {
      std::vector<sim::StreamRecord> kept;
      for (const auto& r : batch) {
        if (r.event_name != sim::StreamEventName::kRemove) kept.push_back(r);
      }
      return model::exec::ApplyAggregateStream(plane, *d.loaded.model, *d.layout, aggregate, kept,
                                               stats);
    };
    auto broken = model::check::RunCheck(*d.loaded.model, *d.layout, options);
    REQUIRE(broken.ok());
    CHECK_FALSE(broken->passed());
    CHECK(broken->aggregates[0].failures.size() > 0);
    CHECK(test::CheckFailures(*broken).find("after draining the stream") != std::string::npos);
  }
  SECTION("kept in the writes' transactions") {
    auto d = test::Derive(Shop("", ""));
    REQUIRE(d.layout);
    REQUIRE(d.layout->aggregates[0].maintainer == model::Maintainer::kTransaction);
    auto report = model::check::RunCheck(*d.loaded.model, *d.layout, options);
    REQUIRE(report.ok());
    INFO(test::CheckFailures(*report));
    CHECK(report->passed());
    CHECK(report->aggregates[0].stale_groups == 0);
    // Without the group items in the transaction, the values drift at once.
    model::KeyLayout broken = *d.layout;
    for (auto& w : broken.writes) w.aggregates.clear();
    auto damaged = model::check::RunCheck(*d.loaded.model, broken, options);
    REQUIRE(damaged.ok());
    CHECK_FALSE(damaged->passed());
    CHECK(test::CheckFailures(*damaged).find("monthly of MonthTotal") != std::string::npos);
    // No stream keeps these groups: the failures say so, and none waits for a drain.
    CHECK(test::CheckFailures(*damaged).find(
              "kept in the writes' transactions: no stream to wait for") != std::string::npos);
    CHECK(test::CheckFailures(*damaged).find("after draining the stream") == std::string::npos);
  }
}

namespace {

// The shop at a rate that one group item cannot take in transactions (no stream): 1,507
// writes/s of orders change a month's totals, all of them one customer's (monthTotals declares
// a hot partition taking every write, `share`), 2 WCU each (a 1 KB item, doubled in a
// transaction): 3,014 WCU/s, over one partition's 1,000.
std::string HotShop(const std::string& aggregate_extra = "", const std::string& reads = "",
                    const std::string& share = "1") {
  std::string text = Shop("", aggregate_extra, ", hot: { share: " + share + " }" + reads);
  std::string from = "{ name: placeOrder, create: Order, rate: 50 }";
  auto at = text.find(from);
  REQUIRE(at != std::string::npos);
  text.replace(at, from.size(), "{ name: placeOrder, create: Order, rate: 1500 }");
  return text;
}

}  // namespace

TEST_CASE("aggregates: a group kept in transactions over one partition's writes is sharded",
          "[model][aggregate][shards]") {
  SECTION("sized from the declared write rates") {
    auto d = test::Derive(HotShop());
    INFO(d.diagnostics);
    REQUIRE(d.layout);
    const model::AggregateLayout& a = d.layout->aggregates[0];
    CHECK(a.maintainer == model::Maintainer::kTransaction);
    // 1,507 writes/s, each putting one shard item (with its share of the min and max state) in
    // a transaction: twice its write units; one partition takes 1,000 WCU/s. The fewest shards
    // whose items, each holding its share, take at most that if every write lands on one group.
    model::AggregateFigures f = model::EstimateAggregate(*d.loaded.model, *d.layout, a);
    CHECK(a.target_wcu_per_s == Approx(f.groups_per_s * f.wcu_per_group * 2));
    auto per_shard = [&](int n) {
      model::AggregateLayout k = a;
      k.shards = n;
      return 1507 * model::EstimateAggregate(*d.loaded.model, *d.layout, k).wcu_per_group * 2 / n;
    };
    CHECK(per_shard(a.shards) <= 1000);
    CHECK(per_shard(a.shards - 1) > 1000);
    CHECK(a.shards >= 4);
    CHECK(a.shard_partition_key.ToString() ==
          d.layout->item_types[static_cast<std::size_t>(a.target_type)].partition_key.ToString() +
              "#_AGGSHARD#{_shard}");
    CHECK(a.shard_label == "MONTH_TOTAL_AGGSHARD");
    CHECK(a.reasons.back().text.find(fmt::format(
              "each group's values split over {} items (write sharding)", a.shards)) == 0);
    // The read of MonthTotal combines the shards, and pays for them.
    const model::ReadPlan& r = test::Read(*d.layout, "monthTotals");
    CHECK(r.aggregate_shards == std::vector<int>{0});
    auto plain = test::Derive(Shop("", ""));
    REQUIRE(plain.layout);
    CHECK(plain.layout->aggregates[0].shards == 1);
    CHECK(test::Read(*plain.layout, "monthTotals").aggregate_shards.empty());
    auto sharded = model::EstimateRead(*d.loaded.model, *d.layout, r);
    auto single = model::EstimateRead(*plain.loaded.model, *plain.layout,
                                      test::Read(*plain.layout, "monthTotals"));
    // Each MonthTotal returned brings N-1 more item reads of 0.5 RCU (eventually consistent).
    const double others = a.shards - 1;
    CHECK(sharded.items_read == Approx(single.items_read + others * single.items_returned));
    CHECK(sharded.rcu_per_call ==
          Approx(single.rcu_per_call + others * 0.5 * single.items_returned));
    CHECK(sharded.requests > single.requests);
  }
  SECTION("sized for the busiest group, not for every write on one") {
    // The same rates spread over the customers (no hot partition): 1,507 writes/s over 1,000
    // customers' current months put about 1.5 writes/s on one, far within a partition.
    auto spread = test::Derive(Replaced(HotShop(), ", hot: { share: 1 }", ""));
    INFO(spread.diagnostics);
    REQUIRE(spread.layout);
    const model::AggregateLayout& s = spread.layout->aggregates[0];
    CHECK(s.maintainer == model::Maintainer::kTransaction);
    CHECK(s.shards == 1);
    std::string load;
    for (const model::Reason& r : s.reasons) load += r.text + "\n";
    CHECK(load.find("the busiest group takes about 1.51 writes/s (the writes spread evenly over "
                    "about 1000 groups, the values 'customerId' of 'Order' takes; the month of "
                    "'placedAt' takes no part, every write landing in the current one; no "
                    "declared hot partition") != std::string::npos);
    CHECK(load.find("within one partition's 1000") != std::string::npos);
    // A busiest customer taking half the orders needs fewer shards than one taking them all.
    auto half = test::Derive(HotShop("", "", "0.5"));
    auto all = test::Derive(HotShop());
    REQUIRE(half.layout);
    REQUIRE(all.layout);
    CHECK(half.layout->aggregates[0].shards > 1);
    CHECK(half.layout->aggregates[0].shards < all.layout->aggregates[0].shards);
    CHECK(half.layout->aggregates[0].reasons.back().text.find(
              "the busiest group takes about 754 of the 1507 writes/s ('monthTotals' declares a "
              "hot partition, 'hot: { share: 0.5 }': its busiest customerId takes 50% of the "
              "writes)") != std::string::npos);
  }
  SECTION("with a stream, when the consumer's marks inline would pass 400 KB") {
    // 1,552 orders/s placed or cancelled over 1000 month totals: some 140,000 marks per group
    // item, which no consumer's write could store inline; as mark items they fit, and the
    // derivation prices both maintainers that way.
    auto d = test::Derive(Replaced(HotShop(), "  name: shop\n", "  name: shop\n  streams: true\n"));
    INFO(d.diagnostics);
    REQUIRE(d.layout);
    const model::AggregateLayout& a = d.layout->aggregates[0];
    CHECK(a.maintainer == model::Maintainer::kTransaction);
    CHECK(a.shards > 1);
    CHECK(d.diagnostics.find("E518") == std::string::npos);
    // Pinned to the stream, the consumer keeps its marks as items: the group item fits.
    auto pinned = test::Derive(Replaced(HotShop("    maintain: stream\n"), "  name: shop\n",
                                        "  name: shop\n  streams: true\n"));
    INFO(pinned.diagnostics);
    REQUIRE(pinned.layout);
    CHECK(pinned.layout->aggregates[0].marks == model::SeenMarks::kItems);
    CHECK(pinned.diagnostics.find("E518") == std::string::npos);
  }
  SECTION("a pin sets the count, and warns when the rates need more") {
    auto d = test::Derive(HotShop("    shards: 2\n"));
    REQUIRE(d.layout);
    CHECK(d.layout->aggregates[0].shards == 2);
    const model::AggregateLayout& a = d.layout->aggregates[0];
    auto unpinned = test::Derive(HotShop());
    REQUIRE(unpinned.layout);
    const int needed = unpinned.layout->aggregates[0].shards;
    auto per_shard = [&](int n) {
      model::AggregateLayout k = a;
      k.shards = n;
      return 1507 * model::EstimateAggregate(*d.loaded.model, *d.layout, k).wcu_per_group * 2 / n;
    };
    // The figures per shard item, so that the arithmetic reads right.
    CHECK(d.diagnostics.find(fmt::format(
              "m.yaml:38:5: warning: aggregate 'monthly' pins 'shards: 2', but its writes could "
              "put about {:.0f} WCU/s on each of its busiest group's 2 shard items, over one "
              "partition's 1000 WCU/s; {} shards keep each within it (about {:.0f} WCU/s each",
              per_shard(2), needed, per_shard(needed))) != std::string::npos);
    CHECK(d.diagnostics.find("[W504]") != std::string::npos);
    auto one = test::Derive(HotShop("    shards: 1\n"));
    REQUIRE(one.layout);
    CHECK(one.layout->aggregates[0].shards == 1);
    CHECK(test::Read(*one.layout, "monthTotals").aggregate_shards.empty());
  }
  SECTION("misuse is a positioned error") {
    auto derive_errors = [](const std::string& text) {
      auto l = test::Load(text);
      INFO(l.diagnostics);
      REQUIRE(l.model);
      model::Diagnostics diags(l.file.get());
      CHECK_FALSE(model::derive::DeriveLayout(*l.model, diags));
      return diags.Render();
    };
    CHECK(derive_errors(StreamShop("    shards: 3\n"))
              .find("m.yaml:40:5: error: aggregate 'monthly' pins 'shards: 3', but a consumer of "
                    "the table's stream keeps it") != std::string::npos);
    // An index sorted by a value cannot see a value split over shards.
    std::string ranked = Replaced(
        HotShop("    shards: 4\n"), "write_patterns:",
        "  - { name: topMonths, returns: MonthTotal, by: [month], sort: { revenue: desc }, "
        "limit: 10 }\nwrite_patterns:");
    CHECK(derive_errors(ranked).find("sorts 'MonthTotal' items by 'revenue', and each shard holds "
                                     "only part of the value; remove 'shards'") !=
          std::string::npos);
    auto unpinned = test::Derive(Replaced(
        HotShop(), "write_patterns:",
        "  - { name: topMonths, returns: MonthTotal, by: [month], sort: { revenue: desc }, "
        "limit: 10 }\nwrite_patterns:"));
    REQUIRE(unpinned.layout);
    CHECK(unpinned.layout->aggregates[0].shards == 1);
    CHECK(unpinned.diagnostics.find("the group cannot be split over shards: GSI") !=
          std::string::npos);
    CHECK(unpinned.diagnostics.find("[W509]") != std::string::npos);
    CHECK(test::Load(HotShop("    shards: 0\n"))
              .diagnostics.find("'shards' of aggregate "
                                "'monthly'") != std::string::npos);
  }
}

TEST_CASE("aggregates: a sharded group's writes spread over its shards and reads add them up",
          "[model][aggregate][shards]") {
  auto d = test::Derive(HotShop("    shards: 4\n"));
  REQUIRE(d.layout);
  const model::Model& m = *d.loaded.model;
  const model::KeyLayout& layout = *d.layout;
  REQUIRE(layout.aggregates[0].shards == 4);
  auto opened = sim::Database::Open({});
  REQUIRE(opened.ok());
  auto db = std::move(opened.value());
  REQUIRE(db->CreateTable(model::exec::CreateTableRequest(layout)).ok());
  // Orders in one group until every shard holds some; each order keeps its shard.
  std::vector<sim::Item> orders;
  std::set<int> shards;
  for (int i = 0; shards.size() < 4 && i < 200; ++i) {
    sim::Item o =
        Order("o" + std::to_string(i), "c1", "2019-01-05T10:00:00Z", std::to_string(10 + i));
    int s = model::exec::GroupShardOf(m, layout, 0, o);
    CHECK(s == model::exec::GroupShardOf(m, layout, 0, o));
    shards.insert(s);
    orders.push_back(o);
    model::exec::AggregateChange change;
    change.after = &orders.back();
    model::exec::AggregateStats stats;
    REQUIRE(model::exec::ApplyAggregateChange(*db, m, layout, 0, change, stats).ok());
  }
  REQUIRE(shards.size() == 4);
  // The smallest order leaves: its shard's min/max counts take it out where it went in.
  model::exec::AggregateChange gone;
  gone.before = &orders.front();
  model::exec::AggregateStats stats;
  REQUIRE(model::exec::ApplyAggregateChange(*db, m, layout, 0, gone, stats).ok());
  sim::Item identity = {{"customerId", sim::AttributeValue::S("c1")},
                        {"month", sim::AttributeValue::S("2019-01")}};
  auto main_key = model::exec::GroupShardKey(m, layout, 0, identity, 0);
  REQUIRE(main_key);
  sim::GetItemRequest get;
  get.table_name = "shop";
  get.key = *main_key;
  get.consistent_read = true;
  auto got = db->GetItem(get);
  REQUIRE(got.ok());
  REQUIRE(got->item);
  std::size_t n = orders.size();
  // Shard 0 alone holds part of the group.
  CHECK(std::stoll(Text(*got->item, "orders")) < static_cast<long long>(n - 1));
  std::vector<sim::Item> items = {*got->item};
  model::exec::ShardReads reads;
  REQUIRE(model::exec::CombineGroupShards(*db, m, layout, 0, true, items, reads).ok());
  CHECK(reads.requests == 1);
  CHECK(reads.items == 3);
  CHECK(Text(items[0], "orders") == std::to_string(n - 1));
  long long revenue = 0;
  for (std::size_t i = 1; i < n; ++i) revenue += 10 + static_cast<long long>(i);
  CHECK(Text(items[0], "revenue") == std::to_string(revenue));
  CHECK(Text(items[0], "smallest") == "11");
  CHECK(Text(items[0], "largest") == std::to_string(10 + n - 1));
  // A shard item is an item of its own partition, labelled apart from MonthTotal.
  auto shard_key = model::exec::GroupShardKey(m, layout, 0, identity, 3);
  REQUIRE(shard_key);
  CHECK(model::exec::Natural(*shard_key, "PK").find("#_AGGSHARD#3") != std::string::npos);
}

TEST_CASE("aggregates: model check sums sharded groups, and fails a reader of shard 0 alone",
          "[model][aggregate][shards][check]") {
  auto d = test::Derive(HotShop("    shards: 4\n"));
  REQUIRE(d.layout);
  REQUIRE(d.layout->aggregates[0].shards == 4);
  model::check::CheckOptions options;
  options.items = 400;
  auto report = model::check::RunCheck(*d.loaded.model, *d.layout, options);
  REQUIRE(report.ok());
  INFO(test::CheckFailures(*report));
  CHECK(report->passed());
  CHECK(report->aggregates[0].maintainer == "transaction");
  CHECK(report->aggregates[0].groups_compared > 0);
  // The mutation suite's reader of shard 0 alone: the read pattern sees part of the values.
  auto mutations = model::Mutations(*d.loaded.model, *d.layout);
  auto it = std::find_if(mutations.begin(), mutations.end(), [](const model::Mutation& mu) {
    return mu.kind == model::MutationKind::kAggregateShardsIgnored;
  });
  REQUIRE(it != mutations.end());
  CHECK(it->breaks == std::vector<std::string>{"monthTotals"});
  auto damaged = model::check::RunCheck(*d.loaded.model, it->layout, options);
  REQUIRE(damaged.ok());
  CHECK_FALSE(damaged->passed());
  CHECK(test::CheckFailures(*damaged).find("monthTotals") != std::string::npos);
}

namespace {

// Three aggregates over the same `of` (Vote): two pinned to the stream (votes cast and dropped
// at 12/s over 1000 polls would leave about 1,100 marks on each tally, and the writes'
// transactions would cost less), one pinned to the writes' transactions.
std::string SharedOf() {
  return R"yaml(table: { name: polls, streams: true }
entities:
  Poll:
    attributes: { pollId: string, title: string }
  Vote:
    attributes: { voteId: string, pollId: string, score: integer }
  PollTally:
    identifier: pollId
    attributes: { pollId: string, votes: integer, total: integer }
  PollBest:
    identifier: pollId
    attributes: { pollId: string, best: "integer?" }
  PollCount:
    identifier: pollId
    attributes: { pollId: string, n: integer }
access_patterns:
  - { name: getPoll, returns: Poll, by: [pollId] }
  - { name: tally, returns: PollTally, by: [pollId] }
  - { name: bestOf, returns: PollBest, by: [pollId] }
  - { name: countOf, returns: PollCount, by: [pollId] }
write_patterns:
  - { name: castVote, create: Vote, rate: 10 }
  - { name: moveVote, update: Vote, attributes: [pollId, score], rate: 5 }
  - { name: dropVote, delete: Vote, rate: 2 }
aggregates:
  - name: pollTally
    of: Vote
    into: PollTally
    group: { pollId: pollId }
    values: { votes: count, total: { sum: score } }
    maintain: stream
  - name: pollBest
    of: Vote
    into: PollBest
    group: { pollId: pollId }
    values: { best: { max: score } }
    maintain: stream
  - name: pollCount
    of: Vote
    into: PollCount
    group: { pollId: pollId }
    values: { n: count }
    maintain: transaction
)yaml";
}

}  // namespace

TEST_CASE(
    "aggregates: model check keeps a transaction-kept aggregate exact beside stream-kept ones "
    "over the same 'of', and credits each stream-kept one with its own records",
    "[model][aggregate][check]") {
  auto d = test::Derive(SharedOf());
  INFO(d.diagnostics);
  REQUIRE(d.layout);
  REQUIRE(d.layout->aggregates.size() == 3);
  CHECK(d.layout->aggregates[0].maintainer == model::Maintainer::kStream);
  CHECK(d.layout->aggregates[1].maintainer == model::Maintainer::kStream);
  CHECK(d.layout->aggregates[2].maintainer == model::Maintainer::kTransaction);
  model::check::CheckOptions options;
  options.items = 400;
  auto report = model::check::RunCheck(*d.loaded.model, *d.layout, options);
  REQUIRE(report.ok());
  INFO(test::CheckFailures(*report));
  // The check's own moves and deletes of votes keep pollCount in their transaction.
  CHECK(report->passed());
  REQUIRE(report->aggregates.size() == 3);
  // Each stream-kept aggregate's function applies its own records: both see every batch twice.
  for (int i : {0, 1}) {
    CAPTURE(i);
    CHECK(report->aggregates[static_cast<std::size_t>(i)].records_applied > 0);
    CHECK(report->aggregates[static_cast<std::size_t>(i)].duplicates ==
          report->aggregates[static_cast<std::size_t>(i)].records_applied);
  }
  CHECK(report->aggregates[2].records_applied == 0);
}

TEST_CASE(
    "aggregates: sequence numbers of DynamoDB Streams' length (up to 40 digits) order the marks",
    "[model][aggregate]") {
  for (model::SeenMarks marks : {model::SeenMarks::kInline, model::SeenMarks::kItems}) {
    CAPTURE(static_cast<int>(marks));
    StreamFixture f;
    f.d.layout->aggregates[0].marks = marks;
    if (marks == model::SeenMarks::kItems) f.d.layout->ttl_attribute = "ttl";
    const model::KeyLayout& layout = *f.d.layout;
    sim::Item o1 = Order("o1", "c1", "2019-01-05T10:00:00Z", "3");
    sim::Item o1b = Order("o1", "c1", "2019-01-05T10:00:00Z", "7");
    auto apply = [&](const sim::Item* before, const sim::Item& after, const std::string& sequence,
                     model::exec::AggregateStats& stats) {
      model::exec::AggregateChange change;
      change.before = before;
      change.after = &after;
      change.source = "o1";
      change.sequence_text = sequence;
      change.created_s = 1600000000;
      REQUIRE(model::exec::ApplyAggregateChange(*f.db, f.m(), layout, 0, change, stats).ok());
    };
    // 39 and 40 digits: past an int64 and past a DynamoDB Number's 38 significant digits.
    const std::string first = "999999999999999999999999999999999999999";    // 39 digits
    const std::string second = "1000000000000000000000000000000000000000";  // 40 digits
    model::exec::AggregateStats stats;
    apply(nullptr, o1, first, stats);
    apply(&o1, o1b, second, stats);
    CHECK(Text(f.Group("c1", "2019-01"), "revenue") == "7");
    // Both delivered again: the shorter one sorts before the longer, so both are duplicates.
    apply(nullptr, o1, first, stats);
    apply(&o1, o1b, second, stats);
    CHECK(stats.duplicates == 2);
    CHECK(Text(f.Group("c1", "2019-01"), "revenue") == "7");
    CHECK(Text(f.Group("c1", "2019-01"), "orders") == "1");
  }
}

TEST_CASE(
    "aggregates: the consumer forgets a source item once its record has left the stream, and "
    "stays idempotent within the window",
    "[model][aggregate]") {
  StreamFixture f;
  // The marks inline on the group item (_aggseen), as the consumer keeps them when they cost
  // less than mark items (tests/unit/model/aggregate_marks_test.cpp).
  f.d.layout->aggregates[0].marks = model::SeenMarks::kInline;
  const model::KeyLayout& layout = *f.d.layout;
  sim::Item o1 = Order("o1", "c1", "2019-01-05T10:00:00Z", "3");
  sim::Item o2 = Order("o2", "c1", "2019-01-06T10:00:00Z", "4");
  sim::Item o3 = Order("o3", "c1", "2019-01-07T10:00:00Z", "5");
  auto apply = [&](const sim::Item& order, const std::string& source, std::int64_t sequence,
                   std::int64_t created_s, model::exec::AggregateStats& stats) {
    model::exec::AggregateChange change;
    change.after = &order;
    change.source = source;
    change.sequence = sequence;
    change.created_s = created_s;
    REQUIRE(model::exec::ApplyAggregateChange(*f.db, f.m(), layout, 0, change, stats).ok());
  };
  auto seen = [&]() {
    model::exec::Record r{{{{"customerId", sim::AttributeValue::S("c1")},
                            {"month", sim::AttributeValue::S("2019-01")}}}};
    auto key = model::exec::RenderItemKey(f.m(), layout, layout.aggregates[0].target_type, r, 1);
    REQUIRE(key);
    sim::GetItemRequest get;
    get.table_name = "shop";
    get.key = *key;
    auto got = f.db->GetItem(get);
    REQUIRE(got.ok());
    REQUIRE(got->item);
    std::set<std::string> sources;
    for (const auto& [source, mark] : got->item->at(model::kAggregateSeenAttribute).map())
      sources.insert(source);
    return sources;
  };
  const std::int64_t t0 = 1600000000;
  const std::int64_t window = model::kAggregateSeenRetentionSeconds;
  model::exec::AggregateStats stats;
  apply(o1, "o1", 1, t0, stats);
  // Within the window: o1 is remembered, and its record delivered again changes nothing.
  apply(o2, "o2", 2, t0 + window, stats);
  apply(o1, "o1", 1, t0, stats);
  CHECK(stats.duplicates == 1);
  CHECK(seen() == std::set<std::string>{"o1", "o2"});
  CHECK(Text(f.Group("c1", "2019-01"), "orders") == "2");
  // A record written more than the window after o1's: o1's record has left the stream, so its
  // entry goes; o2's (exactly the window before) stays.
  apply(o3, "o3", 3, t0 + window + 1, stats);
  CHECK(seen() == std::set<std::string>{"o2", "o3"});
  CHECK(Text(f.Group("c1", "2019-01"), "orders") == "3");
  CHECK(Text(f.Group("c1", "2019-01"), "revenue") == "12");
  // o2 and o3 are still protected against redelivery.
  apply(o2, "o2", 2, t0 + window, stats);
  apply(o3, "o3", 3, t0 + window + 1, stats);
  CHECK(stats.duplicates == 3);
  CHECK(Text(f.Group("c1", "2019-01"), "orders") == "3");
}

TEST_CASE(
    "aggregates: model check runs Time to Live's deletions, and fails a consumer that ignores "
    "the service's REMOVE records",
    "[model][aggregate][check]") {
  std::string text = R"yaml(table: { name: polls, streams: true }
entities:
  Poll:
    attributes: { pollId: string, title: string }
  Vote:
    attributes: { voteId: string, pollId: string, score: integer, exp: "timestamp?" }
    ttl: exp
  PollTally:
    identifier: pollId
    attributes: { pollId: string, votes: integer, total: integer }
access_patterns:
  - { name: getPoll, returns: Poll, by: [pollId] }
  - { name: tally, returns: PollTally, by: [pollId] }
write_patterns:
  - { name: castVote, create: Vote, rate: 10 }
aggregates:
  - name: pollTally
    of: Vote
    into: PollTally
    group: { pollId: pollId }
    values: { votes: count, total: { sum: score } }
)yaml";
  auto d = test::Derive(text);
  INFO(d.diagnostics);
  REQUIRE(d.layout);
  REQUIRE(d.layout->aggregates[0].maintainer == model::Maintainer::kStream);
  model::check::CheckOptions options;
  options.items = 400;
  auto report = model::check::RunCheck(*d.loaded.model, *d.layout, options);
  REQUIRE(report.ok());
  INFO(test::CheckFailures(*report));
  CHECK(report->passed());
  CHECK(report->aggregates[0].pending_records > 0);
  // A consumer that skips TTL's deletions keeps counting expired votes.
  int skipped = 0;
  options.stream_consumer = [&](sim::DataPlane& plane, int aggregate,
                                const std::vector<sim::StreamRecord>& batch,
                                model::exec::AggregateStats& stats) {
    std::vector<sim::StreamRecord> kept;
    for (const auto& r : batch) {
      if (r.service_removal)
        ++skipped;
      else
        kept.push_back(r);
    }
    return model::exec::ApplyAggregateStream(plane, *d.loaded.model, *d.layout, aggregate, kept,
                                             stats);
  };
  auto broken = model::check::RunCheck(*d.loaded.model, *d.layout, options);
  REQUIRE(broken.ok());
  CHECK(skipped > 0);
  CHECK_FALSE(broken->passed());
  CHECK(test::CheckFailures(*broken).find(
            "after the write patterns and Time to Live's deletions, after "
            "draining the stream") != std::string::npos);

  // Kept in the writes' transactions, the groups cannot see TTL's deletions: a warning.
  auto pinned = test::Derive(text + "    maintain: transaction\n    shards: 1\n");
  REQUIRE(pinned.layout);
  CHECK(pinned.diagnostics.find("warning: aggregate 'pollTally' is kept in the writes' "
                                "transactions, but Time to Live deletes expired 'Vote' items "
                                "without a write pattern") != std::string::npos);
  CHECK(pinned.diagnostics.find("[W510]") != std::string::npos);
  CHECK(d.diagnostics.find("W510") == std::string::npos);
}

namespace {

// A blog whose posts carry their like count, and users their follower and following counts: the
// application creates, edits and deletes the posts and users the aggregates keep values on.
const char* kBlog = R"yaml(table: { name: blog, streams: true }
entities:
  User:
    attributes: { userId: string, name: string, followerCount: "integer?", followingCount: "integer?" }
  Follow:
    identifier: [followerId, followeeId]
    attributes: { followerId: string, followeeId: string }
  Post:
    attributes: { postId: string, title: string, likeCount: "integer?" }
  Like:
    identifier: [postId, userId]
    attributes: { postId: string, userId: string }
relationships:
  - { name: follows, cardinality: "M:N", from: User, to: User, through: Follow, link: [followerId], link_to: [followeeId] }
  - { name: likes, cardinality: "M:N", from: Post, to: User, through: Like }
access_patterns:
  - { name: getUser, returns: User, by: [userId], rate: 5000 }
  - { name: getPost, returns: Post, by: [postId], rate: 5000 }
  - { name: postLikes, returns: Like, by: [postId] }
  - { name: following, returns: Follow, by: [followerId] }
write_patterns:
  - { name: signUp, create: User }
  - { name: publishPost, create: Post }
  - { name: retitlePost, update: Post, attributes: [title] }
  - { name: deletePost, delete: Post }
  - { name: like, create: Like }
  - { name: unlike, delete: Like }
  - { name: follow, create: Follow }
  - { name: unfollow, delete: Follow }
aggregates:
  - { name: likeCounts, of: Like, into: Post, group: { postId: postId }, values: { likeCount: count } }
  - { name: followers, of: Follow, into: User, group: { userId: followeeId }, values: { followerCount: count } }
  - { name: followings, of: Follow, into: User, group: { userId: followerId }, values: { followingCount: count } }
)yaml";

// The blog with its three counts pinned to the stream, for the tests of the consumer: at one
// like, unlike, follow or unfollow a second over 1000 items each would carry about 180 marks, and
// the many reads of posts and users would pay for them, so unpinned the writes' transactions
// keep them.
std::string StreamBlog() {
  std::string text = kBlog;
  for (const char* values :
       {"{ likeCount: count } }", "{ followerCount: count } }", "{ followingCount: count } }"}) {
    std::string from = values;
    auto at = text.find(from);
    REQUIRE(at != std::string::npos);
    text.replace(at, from.size(), from.substr(0, from.size() - 2) + ", maintain: stream }");
  }
  return text;
}

// `text` (the blog) with deletePost refused while the post has likes: a post deleted with its
// likes left behind and made again would not count them (W544), which model check proves.
std::string GuardedDelete(std::string text) {
  const std::string from = "{ name: deletePost, delete: Post }";
  auto at = text.find(from);
  REQUIRE(at != std::string::npos);
  text.replace(at, from.size(),
               R"({ name: deletePost, delete: Post, condition: { likeCount: "= 0" } })");
  return text;
}

struct Blog {
  test::Derived d = test::Derive(StreamBlog());
  std::unique_ptr<sim::Database> db;
  std::int64_t position = 0;
  model::exec::AggregateStats stats;

  Blog() {
    INFO(d.loaded.diagnostics);
    REQUIRE(d.layout);
    auto opened = sim::Database::Open({});
    REQUIRE(opened.ok());
    db = std::move(opened.value());
    REQUIRE(db->CreateTable(model::exec::CreateTableRequest(*d.layout)).ok());
  }
  const model::Model& m() const { return *d.loaded.model; }
  int Write(const std::string& pattern) const {
    for (std::size_t w = 0; w < m().write_patterns.size(); ++w)
      if (m().write_patterns[w].name == pattern) return static_cast<int>(w);
    FAIL("no write pattern " << pattern);
    return -1;
  }
  sim::SimStatus Apply(const std::string& pattern, const sim::Item* before,
                       const sim::Item* after) {
    std::optional<model::exec::Record> b, a;
    if (before) b = model::exec::Record{{*before}};
    if (after) a = model::exec::Record{{*after}};
    model::exec::WriteStats ws;
    return model::exec::ApplyWrite(*db, m(), *d.layout,
                                   d.layout->writes[static_cast<std::size_t>(Write(pattern))],
                                   b ? &*b : nullptr, a ? &*a : nullptr, ws);
  }
  void Drain() {
    auto read = db->ReadStream("blog", position, 1000);
    REQUIRE(read.ok());
    position = read->next_after_sequence;
    REQUIRE(model::exec::ApplyStreamBatch(*db, m(), *d.layout, read->records, stats).ok());
    // Delivered twice, as Lambda may: nothing changes.
    REQUIRE(model::exec::ApplyStreamBatch(*db, m(), *d.layout, read->records, stats).ok());
  }
  std::optional<sim::Item> Get(const std::string& entity, const sim::Item& identity) {
    model::EntityId e = m().FindEntity(entity);
    auto key = model::exec::RenderItemKey(m(), *d.layout, d.layout->ItemTypesOf(e).front(),
                                          model::exec::Record{{identity}}, 1);
    REQUIRE(key);
    sim::GetItemRequest get;
    get.table_name = "blog";
    get.key = *key;
    auto got = db->GetItem(get);
    REQUIRE(got.ok());
    return got->item;
  }
};

sim::Item S(std::initializer_list<std::pair<const std::string, std::string>> values) {
  sim::Item out;
  for (const auto& [k, v] : values) out[k] = sim::AttributeValue::S(v);
  return out;
}

}  // namespace

TEST_CASE("aggregates: values on an entity the application creates, edits and deletes",
          "[model][aggregate]") {
  Blog b;
  REQUIRE_FALSE(model::exec::MaintainerCreatesGroups(b.m(), b.m().aggregates[0]));
  // A create starts the like count at 0, whatever the caller passes.
  sim::Item post = S({{"postId", "p1"}, {"title", "Hello"}});
  post["likeCount"] = sim::AttributeValue::N("99");
  REQUIRE(b.Apply("publishPost", nullptr, &post).ok());
  REQUIRE(Text(*b.Get("Post", S({{"postId", "p1"}})), "likeCount") == "0");
  // Likes of p1 and of p9, a post never made: p1 counts one, p9 gets no item.
  sim::Item like1 = S({{"postId", "p1"}, {"userId", "u1"}});
  sim::Item like9 = S({{"postId", "p9"}, {"userId", "u1"}});
  REQUIRE(b.Apply("like", nullptr, &like1).ok());
  REQUIRE(b.Apply("like", nullptr, &like9).ok());
  b.Drain();
  CHECK(Text(*b.Get("Post", S({{"postId", "p1"}})), "likeCount") == "1");
  CHECK_FALSE(b.Get("Post", S({{"postId", "p9"}})));
  CHECK(b.stats.orphans > 0);

  // A maintainer that read the post before the application retitled it must not write the old
  // title back: the update bumped the version, so the planned write is refused.
  sim::Item like2 = S({{"postId", "p1"}, {"userId", "u2"}});
  REQUIRE(b.Apply("like", nullptr, &like2).ok());
  model::exec::AggregateChange change;
  change.after = &like2;
  change.source = "stale";
  model::exec::AggregateStats stats;
  auto planned = model::exec::PlanGroupWrites(*b.db, b.m(), *b.d.layout, 0, change, stats);
  REQUIRE(planned.ok());
  REQUIRE(planned->size() == 1);
  sim::Item retitled = S({{"postId", "p1"}, {"title", "Hello again"}});
  sim::Item current = *b.Get("Post", S({{"postId", "p1"}}));
  sim::Item before = model::exec::EntityValues(b.m().entities[2], current);
  REQUIRE(b.Apply("retitlePost", &before, &retitled).ok());
  const model::exec::GroupPut& stale = planned->front().front();
  sim::PutItemRequest put;
  put.table_name = "blog";
  put.item = stale.item;
  put.condition_expression = stale.condition;
  put.expression_attribute_names = stale.names;
  put.expression_attribute_values = stale.values;
  auto refused = b.db->PutItem(put);
  REQUIRE_FALSE(refused.ok());
  CHECK(refused.error().name == "ConditionalCheckFailedException");
  b.Drain();  // the consumer reads again and keeps the new title
  sim::Item now = *b.Get("Post", S({{"postId", "p1"}}));
  CHECK(Text(now, "title") == "Hello again");
  CHECK(Text(now, "likeCount") == "2");

  // A deleted post stays deleted: a later unlike changes no group.
  sim::Item gone = model::exec::EntityValues(b.m().entities[2], now);
  REQUIRE(b.Apply("deletePost", &gone, nullptr).ok());
  REQUIRE(b.Apply("unlike", &like1, nullptr).ok());
  b.Drain();
  CHECK_FALSE(b.Get("Post", S({{"postId", "p1"}})));
}

TEST_CASE("aggregates: several aggregates keep values on one entity, from one source",
          "[model][aggregate]") {
  Blog b;
  sim::Item u1 = S({{"userId", "u1"}, {"name", "Ann"}});
  sim::Item u2 = S({{"userId", "u2"}, {"name", "Bob"}});
  REQUIRE(b.Apply("signUp", nullptr, &u1).ok());
  REQUIRE(b.Apply("signUp", nullptr, &u2).ok());
  // u1 follows u2 and themself: the self-follow's one record feeds both aggregates on one item.
  sim::Item f12 = S({{"followerId", "u1"}, {"followeeId", "u2"}});
  sim::Item f11 = S({{"followerId", "u1"}, {"followeeId", "u1"}});
  REQUIRE(b.Apply("follow", nullptr, &f12).ok());
  REQUIRE(b.Apply("follow", nullptr, &f11).ok());
  b.Drain();
  sim::Item ann = *b.Get("User", S({{"userId", "u1"}}));
  sim::Item bob = *b.Get("User", S({{"userId", "u2"}}));
  CHECK(Text(ann, "followingCount") == "2");
  CHECK(Text(ann, "followerCount") == "1");
  CHECK(Text(bob, "followerCount") == "1");
  CHECK(Text(bob, "followingCount") == "0");
  CHECK(Text(ann, "name") == "Ann");

  // And model check proves all three, with the application's writes of posts and users (a post
  // deleted only while it has no likes).
  test::Derived guarded = test::Derive(GuardedDelete(StreamBlog()));
  INFO(guarded.loaded.diagnostics);
  REQUIRE(guarded.layout);
  model::check::CheckOptions options;
  options.items = 300;
  auto report = model::check::RunCheck(*guarded.loaded.model, *guarded.layout, options);
  REQUIRE(report.ok());
  INFO(test::CheckFailures(*report));
  CHECK(report->passed());
  CHECK(report->aggregates.size() == 3);
}

TEST_CASE("aggregates: the application may not write an aggregate's values", "[model][aggregate]") {
  auto diags = [](const std::string& from, const std::string& to) {
    std::string text = kBlog;
    auto at = text.find(from);
    REQUIRE(at != std::string::npos);
    text.replace(at, from.size(), to);
    return test::Load(text).diagnostics;
  };
  CHECK(diags("attributes: [title]", "attributes: [title, likeCount]")
            .find("write pattern 'retitlePost' updates 'Post', but changes 'likeCount', which "
                  "aggregate 'likeCounts' keeps as 'Like' changes; remove it from 'attributes' "
                  "and write 'Like' instead [E435]") != std::string::npos);
  CHECK(diags("attributes: [title]", "attributes: [postId]")
            .find("changes 'postId', part of the identifier of the groups aggregate "
                  "'likeCounts' keeps") != std::string::npos);
  CHECK(diags("values: { followingCount: count }", "values: { followerCount: count }")
            .find("aggregate 'followings' writes 'followerCount' of 'User', which aggregate "
                  "'followers' already writes; give each value an attribute of its own [E437]") !=
        std::string::npos);
}

TEST_CASE("aggregates: transaction-kept aggregates sharing an item write it once per transaction",
          "[model][aggregate]") {
  // Without a stream both counts are kept in the follow's transaction; a self-follow changes one
  // User item for both, which DynamoDB refuses twice in one TransactWriteItems.
  std::string text = GuardedDelete(kBlog);
  text.replace(text.find("streams: true"), 13, "streams: false");
  auto d = test::Derive(text);
  INFO(d.loaded.diagnostics);
  REQUIRE(d.layout);
  REQUIRE(d.layout->aggregates[1].maintainer == model::Maintainer::kTransaction);
  auto opened = sim::Database::Open({});
  REQUIRE(opened.ok());
  auto db = std::move(opened.value());
  REQUIRE(db->CreateTable(model::exec::CreateTableRequest(*d.layout)).ok());
  const model::Model& m = *d.loaded.model;
  auto apply = [&](const std::string& name, const sim::Item& after) {
    std::size_t w = 0;
    while (m.write_patterns[w].name != name) ++w;
    model::exec::Record a{{after}};
    model::exec::WriteStats ws;
    return model::exec::ApplyWrite(*db, m, *d.layout, d.layout->writes[w], nullptr, &a, ws);
  };
  REQUIRE(apply("signUp", S({{"userId", "u1"}, {"name", "Ann"}})).ok());
  auto self = apply("follow", S({{"followerId", "u1"}, {"followeeId", "u1"}}));
  INFO((self.ok() ? std::string() : self.error().message));
  REQUIRE(self.ok());
  model::exec::Record u{{S({{"userId", "u1"}})}};
  auto key = model::exec::RenderItemKey(m, *d.layout, d.layout->ItemTypesOf(0).front(), u, 1);
  REQUIRE(key);
  sim::GetItemRequest get;
  get.table_name = "blog";
  get.key = *key;
  auto got = db->GetItem(get);
  REQUIRE(got.ok());
  REQUIRE(got->item);
  CHECK(Text(*got->item, "followerCount") == "1");
  CHECK(Text(*got->item, "followingCount") == "1");
  model::check::CheckOptions options;
  options.items = 300;
  auto report = model::check::RunCheck(m, *d.layout, options);
  REQUIRE(report.ok());
  INFO(test::CheckFailures(*report));
  CHECK(report->passed());
}

TEST_CASE("aggregates: an aggregate over another's values is not kept in transactions",
          "[model][aggregate]") {
  std::string text = kBlog;
  text.replace(text.find("streams: true"), 13, "streams: false");
  text +=
      "  - { name: likeTotal, of: Post, into: Total, group: { totalId: title }, values: { "
      "likes: { sum: likeCount } } }\n";
  text.replace(text.find("  Like:\n"), 0,
               "  Total:\n    identifier: totalId\n    attributes: { totalId: string, likes: "
               "integer }\n");
  auto d = test::Derive(text);
  CHECK_FALSE(d.layout);
  CHECK(d.diagnostics.find("aggregate 'likeTotal' is kept in the writes' transactions but "
                           "reads 'likeCount' of 'Post', which aggregate 'likeCounts' "
                           "keeps") != std::string::npos);
}
