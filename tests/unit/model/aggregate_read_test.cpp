// Aggregates computed at read time (`maintain: read`, or the derivation's choice when it costs
// less): the choice by the declared rates, its errors, the values each read computes, and
// `model check` proving them (moves, deletes, time buckets) and failing a read that skips them.
#include <algorithm>
#include <catch2/catch.hpp>
#include <string>

#include "model/check/check.h"
#include "model/cost.h"
#include "model/exec/aggregates.h"
#include "model/exec/items.h"
#include "model/exec/reads.h"
#include "model/sim/engine/database.h"
#include "model_fixture.h"
#include "tests/support/mutate.h"

namespace {

// Products whose stock is the sum of their inventories; `extra` goes under the aggregate,
// `reads` replaces the collection read, `rates` the reads' and writes' rates.
std::string Stock(const std::string& extra = "",
                  const std::string& reads =
                      "  - { name: productInventories, returns: Inventory, by: [productId], "
                      "rate: 5 }\n",
                  int product_reads = 5, int adjusts = 400) {
  return R"yaml(table: { name: stock, streams: true }
entities:
  Product:
    count: 1000
    attributes: { productId: string, name: string, totalQuantity: integer, lowest: "integer?" }
  Inventory:
    count: 10000
    identifier: [productId, warehouseId]
    attributes: { productId: string, warehouseId: string, quantity: integer }
relationships:
  - { name: stock, cardinality: "1:N", from: Product, to: Inventory }
access_patterns:
  - { name: getProduct, returns: Product, by: [productId], rate: )yaml" +
         std::to_string(product_reads) + R"yaml( }
)yaml" + reads +
         R"yaml(write_patterns:
  - { name: adjustStock, update: Inventory, attributes: [quantity], rate: )yaml" +
         std::to_string(adjusts) + R"yaml( }
  - { name: stockProduct, create: Inventory, rate: 10 }
  - { name: unstock, delete: Inventory, rate: 1 }
aggregates:
  - name: productStock
    of: Inventory
    into: Product
    group: { productId: productId }
    values: { totalQuantity: { sum: quantity }, lowest: { min: quantity } }
)yaml" + extra;
}

std::string Reasons(const model::AggregateLayout& a) {
  std::string out;
  for (const auto& r : a.reasons) out += r.text + "\n";
  return out;
}

}  // namespace

TEST_CASE("aggregates: computed at read time when the reads cost less than keeping them",
          "[model][aggregate][read-time]") {
  auto d = test::Derive(Stock());
  INFO(d.diagnostics);
  REQUIRE(d.layout);
  const model::AggregateLayout& a = d.layout->aggregates[0];
  INFO(Reasons(a));
  CHECK(a.maintainer == model::Maintainer::kRead);
  CHECK(a.collection_pattern == 1);
  CHECK(a.target_wcu_per_s == 0);
  CHECK(Reasons(a).find("computed at read time, each read of 'Product' (getProduct)") !=
        std::string::npos);
  CHECK(test::Read(*d.layout, "getProduct").aggregate_reads == std::vector<int>{0});
  CHECK(test::Read(*d.layout, "productInventories").aggregate_reads.empty());
  // The items do not store the values, and no write keeps them.
  const model::ItemType* product = test::FindType(*d.layout, "Product");
  REQUIRE(product);
  CHECK(std::count(product->attributes.begin(), product->attributes.end(), "totalQuantity") == 0);
  CHECK(std::count(product->attributes.begin(), product->attributes.end(), "name") == 1);
  for (const auto& w : d.layout->writes) CHECK(w.aggregates.empty());
  // The read pays for the group's Query. (Against one item kept in the writes' transactions: a
  // stream-kept product would carry a mark per inventory stocked or unstocked in 25 hours, about
  // 1,000, which its reads would pay for.)
  auto plain = test::Derive(Stock("    maintain: transaction\n    shards: 1\n"));
  REQUIRE(plain.layout);
  CHECK(plain.layout->aggregates[0].maintainer == model::Maintainer::kTransaction);
  auto with = model::EstimateRead(*d.loaded.model, *d.layout, test::Read(*d.layout, "getProduct"));
  auto without = model::EstimateRead(*plain.loaded.model, *plain.layout,
                                     test::Read(*plain.layout, "getProduct"));
  CHECK(with.requests == Approx(without.requests + 1));
  CHECK(with.rcu_per_call > without.rcu_per_call);
  // The pin says what it costs.
  CHECK(Reasons(plain.layout->aggregates[0]).find("the pin decides") != std::string::npos);
}

TEST_CASE(
    "aggregates: kept, not computed at read time, when reads of into are frequent and "
    "writes rare",
    "[model][aggregate][read-time]") {
  auto d = test::Derive(Stock("",
                              "  - { name: productInventories, returns: Inventory, by: "
                              "[productId], rate: 5 }\n",
                              20000, 1));
  REQUIRE(d.layout);
  const model::AggregateLayout& a = d.layout->aggregates[0];
  INFO(Reasons(a));
  // In the writes' transactions: 11 inventories/s stocked or unstocked over 1000 products would
  // leave about 1,000 marks on each product item for a stream consumer to rewrite.
  CHECK(a.maintainer == model::Maintainer::kTransaction);
  CHECK(Reasons(a).find("rather than computed at read time") != std::string::npos);
  CHECK(test::Read(*d.layout, "getProduct").aggregate_reads.empty());
}

TEST_CASE("aggregates: read time needs a collection read, else a reason or E516",
          "[model][aggregate][read-time]") {
  // No pattern reads one product's inventories: a maintainer keeps it, and explain says why.
  auto d = test::Derive(Stock("", ""));
  REQUIRE(d.layout);
  INFO(Reasons(d.layout->aggregates[0]));
  CHECK(d.layout->aggregates[0].maintainer != model::Maintainer::kRead);
  CHECK(Reasons(d.layout->aggregates[0])
            .find("not computed at read time: no access pattern reads the 'Inventory' items of "
                  "one group") != std::string::npos);
  // Pinned: an error at the pin.
  auto pinned = test::Derive(Stock("    maintain: read\n", ""));
  INFO(pinned.diagnostics);
  CHECK_FALSE(pinned.layout);
  CHECK(pinned.diagnostics.find("m.yaml:24:15: error: aggregate 'productStock' pins 'maintain: "
                                "read', but no access pattern reads") != std::string::npos);
  CHECK(pinned.diagnostics.find("[E516]") != std::string::npos);
  // A collection read with a limit does not read the whole group.
  auto limited = test::Derive(
      Stock("    maintain: read\n",
            "  - { name: productInventories, returns: Inventory, by: [productId], limit: 5 }\n"));
  CHECK_FALSE(limited.layout);
  CHECK(limited.diagnostics.find("E516") != std::string::npos);
  // Shards are for transactions.
  auto sharded = test::Derive(Stock("    maintain: read\n    shards: 2\n"));
  CHECK_FALSE(sharded.layout);
  CHECK(sharded.diagnostics.find("its reads compute it and nothing stores it") !=
        std::string::npos);
  // Only the aggregate would make the `into` items: an access pattern's `aggregate:` is that.
  std::string tally = R"yaml(table: { name: polls }
entities:
  Vote:
    attributes: { voteId: string, pollId: string }
  PollTally:
    identifier: pollId
    attributes: { pollId: string, votes: integer }
access_patterns:
  - { name: getTally, returns: PollTally, by: [pollId] }
  - { name: pollVotes, returns: Vote, by: [pollId] }
write_patterns:
  - { name: vote, create: Vote }
aggregates:
  - { name: pollTally, of: Vote, into: PollTally, group: { pollId: pollId }, values: { votes: count }, maintain: read }
)yaml";
  auto only = test::Derive(tally);
  CHECK_FALSE(only.layout);
  CHECK(only.diagnostics.find("nothing but the aggregate makes 'PollTally' items") !=
        std::string::npos);
}

TEST_CASE("aggregates: a read computes the values from the group's items as they are now",
          "[model][aggregate][read-time][exec]") {
  auto d = test::Derive(Stock("    maintain: read\n"));
  REQUIRE(d.layout);
  const model::Model& m = *d.loaded.model;
  const model::KeyLayout& layout = *d.layout;
  auto opened = sim::Database::Open({});
  REQUIRE(opened.ok());
  auto db = std::move(opened.value());
  REQUIRE(db->CreateTable(model::exec::CreateTableRequest(layout)).ok());
  auto put = [&](const std::string& type, sim::Item values) {
    model::exec::Record r{{std::move(values)}};
    int t = -1;
    for (std::size_t i = 0; i < layout.item_types.size(); ++i)
      if (layout.item_types[i].name == type) t = static_cast<int>(i);
    REQUIRE(t >= 0);
    for (auto& item : model::exec::RenderItems(m, layout, t, r)) {
      sim::PutItemRequest p;
      p.table_name = layout.table_name;
      p.item = std::move(item);
      REQUIRE(db->PutItem(p).ok());
    }
  };
  using V = sim::AttributeValue;
  put("Product",
      {{"productId", V::S("p1")}, {"name", V::S("lamp")}, {"totalQuantity", V::N("99")}});
  put("Inventory",
      {{"productId", V::S("p1")}, {"warehouseId", V::S("w1")}, {"quantity", V::N("4")}});
  put("Inventory",
      {{"productId", V::S("p1")}, {"warehouseId", V::S("w2")}, {"quantity", V::N("7")}});
  put("Inventory",
      {{"productId", V::S("p2")}, {"warehouseId", V::S("w1")}, {"quantity", V::N("1")}});
  // The stored item holds no value: the rendering leaves what nothing keeps out.
  sim::GetItemRequest get;
  get.table_name = layout.table_name;
  get.key = {{"PK", V::S("PRODUCT#p1")}, {"SK", V::S("PRODUCT")}};
  auto stored = db->GetItem(get);
  REQUIRE(stored.ok());
  REQUIRE(stored->item);
  CHECK(stored->item->count("totalQuantity") == 0);
  auto read = model::exec::ExecuteRead(*db, m, layout, test::Read(layout, "getProduct"),
                                       {{"productId", V::S("p1")}});
  REQUIRE(read.status.ok());
  REQUIRE(read.items.size() == 1);
  CHECK(model::exec::Natural(read.items[0], "totalQuantity") == "11");
  CHECK(model::exec::Natural(read.items[0], "lowest") == "4");
  CHECK(read.requests == 2);  // the GetItem and the group's Query
  // A product with no inventory: a sum of 0 and no minimum.
  put("Product", {{"productId", V::S("p3")}, {"name", V::S("desk")}});
  read = model::exec::ExecuteRead(*db, m, layout, test::Read(layout, "getProduct"),
                                  {{"productId", V::S("p3")}});
  REQUIRE(read.status.ok());
  REQUIRE(read.items.size() == 1);
  CHECK(model::exec::Natural(read.items[0], "totalQuantity") == "0");
  CHECK(read.items[0].count("lowest") == 0);
}

TEST_CASE("aggregates: model check proves read-time values and fails a read that skips them",
          "[model][aggregate][read-time][check]") {
  auto d = test::Derive(Stock("    maintain: read\n"));
  REQUIRE(d.layout);
  model::check::CheckOptions options;
  options.items = 400;
  auto report = model::check::RunCheck(*d.loaded.model, *d.layout, options);
  REQUIRE(report.ok());
  INFO(test::CheckFailures(*report));
  CHECK(report->passed());
  REQUIRE(report->aggregates.size() == 1);
  CHECK(report->aggregates[0].maintainer == "read");
  CHECK(report->aggregates[0].groups_compared > 0);
  CHECK(report->aggregates[0].requests > 0);
  auto mutations = model::Mutations(*d.loaded.model, *d.layout);
  auto it = std::find_if(mutations.begin(), mutations.end(), [](const model::Mutation& mu) {
    return mu.kind == model::MutationKind::kAggregateReadsIgnored;
  });
  REQUIRE(it != mutations.end());
  CHECK(it->breaks == std::vector<std::string>{"getProduct"});
  auto damaged = model::check::RunCheck(*d.loaded.model, it->layout, options);
  REQUIRE(damaged.ok());
  CHECK_FALSE(damaged->passed());
  CHECK(test::CheckFailures(*damaged).find("getProduct") != std::string::npos);
}

TEST_CASE("aggregates: read-time groups by a time bucket and a group attribute the read matches",
          "[model][aggregate][read-time][check]") {
  std::string months = R"yaml(table: { name: shop, streams: true }
entities:
  Customer:
    attributes: { customerId: string, name: string }
  Order:
    count: 3000
    attributes: { orderId: string, customerId: string, placedAt: timestamp, total: number }
  MonthTotal:
    identifier: [customerId, month]
    attributes: { customerId: string, month: string, note: string, revenue: number, orders: integer }
relationships:
  - { name: orders, cardinality: "1:N", from: Customer, to: Order }
  - { name: months, cardinality: "1:N", from: Customer, to: MonthTotal }
access_patterns:
  - { name: monthTotals, returns: MonthTotal, by: [customerId] }
  - { name: customerOrders, returns: Order, by: [customerId] }
write_patterns:
  - { name: placeOrder, create: Order }
  - { name: moveOrder, update: Order, attributes: [customerId, total] }
  - { name: cancelOrder, delete: Order }
  - { name: openMonth, create: MonthTotal }
aggregates:
  - name: monthly
    of: Order
    into: MonthTotal
    group: { customerId: customerId, month: { month: placedAt } }
    values: { revenue: { sum: total }, orders: count }
    maintain: read
)yaml";
  auto d = test::Derive(months);
  INFO(d.diagnostics);
  REQUIRE(d.layout);
  CHECK(d.layout->aggregates[0].maintainer == model::Maintainer::kRead);
  CHECK(test::Read(*d.layout, "monthTotals").aggregate_reads == std::vector<int>{0});
  model::check::CheckOptions options;
  options.items = 300;
  auto report = model::check::RunCheck(*d.loaded.model, *d.layout, options);
  REQUIRE(report.ok());
  INFO(test::CheckFailures(*report));
  CHECK(report->passed());
  CHECK(report->aggregates[0].groups_compared > 0);
}

TEST_CASE("aggregates: the latest item computed at read time", "[model][aggregate][read-time]") {
  std::string chat = R"yaml(table: { name: chat }
entities:
  Room:
    attributes: { roomId: string, title: string, lastText: "string?", lastAt: "timestamp?" }
  Message:
    count: 2000
    identifier: [roomId, messageId]
    attributes: { roomId: string, messageId: ulid, sentAt: timestamp, text: string }
relationships:
  - { name: messages, cardinality: "1:N", from: Room, to: Message }
access_patterns:
  - { name: getRoom, returns: Room, by: [roomId] }
  - { name: roomMessages, returns: Message, by: [roomId] }
write_patterns:
  - { name: openRoom, create: Room }
  - { name: send, create: Message }
  - { name: edit, update: Message, attributes: [text] }
  - { name: unsend, delete: Message }
aggregates:
  - name: lastMessage
    of: Message
    into: Room
    group: { roomId: roomId }
    values: { lastText: { latest: text, by: sentAt }, lastAt: { latest: sentAt, by: sentAt } }
    maintain: read
)yaml";
  auto d = test::Derive(chat);
  INFO(d.diagnostics);
  REQUIRE(d.layout);
  CHECK(d.layout->aggregates[0].maintainer == model::Maintainer::kRead);
  model::check::CheckOptions options;
  options.items = 300;
  auto report = model::check::RunCheck(*d.loaded.model, *d.layout, options);
  REQUIRE(report.ok());
  INFO(test::CheckFailures(*report));
  CHECK(report->passed());
  CHECK(report->aggregates[0].groups_compared > 0);
}

TEST_CASE("aggregates: a group read without a relationship counts the group's items",
          "[model][aggregate][read-time]") {
  // No relationship says how many Inventory items share a productId, but the aggregate's group
  // does: one Product per group, so 10,000 / 1,000 = 10 items per productId (not √10,000 = 100,
  // the guess for an attribute nothing describes), for the collection read and for each group
  // read a getProduct pays.
  std::string text = Stock("    maintain: read\n");
  const std::string relationship =
      "relationships:\n  - { name: stock, cardinality: \"1:N\", from: Product, to: Inventory }\n";
  REQUIRE(text.find(relationship) != std::string::npos);
  text.erase(text.find(relationship), relationship.size());
  auto d = test::Derive(text);
  INFO(d.diagnostics);
  REQUIRE(d.layout);
  REQUIRE(d.layout->aggregates[0].maintainer == model::Maintainer::kRead);
  const model::Model& m = *d.loaded.model;
  model::ReadFigures collection =
      model::EstimateRead(m, *d.layout, test::Read(*d.layout, "productInventories"));
  CHECK(collection.items_returned == Approx(10));
  model::ReadFigures get = model::EstimateRead(m, *d.layout, test::Read(*d.layout, "getProduct"));
  CHECK(get.items_read == Approx(1 + 10));
  CHECK(get.requests == Approx(2));
}

TEST_CASE("aggregates: W005 only when a maintainer would have to create the group's item",
          "[model][aggregate][read-time]") {
  // Quotas require a target no aggregate writes: a maintainer could not create a new quarter's
  // quota, and would skip its orders (W005). Computed at read time, nothing creates one: reads
  // complete the quotas that exist, and the warning would be false.
  auto quotas = [](const std::string& reads, const std::string& pin) {
    return R"yaml(table: { name: sales, streams: true }
entities:
  Order:
    attributes: { orderId: string, repId: string, placedAt: timestamp, total: number }
  Quota:
    identifier: [repId, period]
    attributes: { repId: string, period: string, target: number, orderTotal: number }
access_patterns:
  - { name: getOrder, returns: Order, by: [orderId] }
  - { name: repPeriods, returns: Quota, by: [repId] }
)yaml" + reads +
           R"yaml(write_patterns:
  - { name: place, create: Order, rate: 50 }
aggregates:
  - name: repOrderTotals
    of: Order
    into: Quota
    group: { repId: repId, period: { quarter: placedAt } }
    values: { orderTotal: { sum: total } }
)yaml" + pin;
  };
  const std::string collection = "  - { name: repOrders, returns: Order, by: [repId] }\n";
  // The loader alone does not know who will keep the values: it says nothing.
  auto loaded = test::Load(quotas(collection, ""));
  REQUIRE(loaded.model);
  CHECK(loaded.diagnostics.find("W005") == std::string::npos);
  // The derivation computes them at read time (cheaper than keeping them): no warning.
  auto read = test::Derive(quotas(collection, ""));
  INFO(read.diagnostics);
  REQUIRE(read.layout);
  REQUIRE(read.layout->aggregates[0].maintainer == model::Maintainer::kRead);
  CHECK(read.diagnostics.find("W005") == std::string::npos);
  // Kept by the stream (pinned, or when no read can compute them): the warning, at `into`.
  for (const std::string& text : {quotas(collection, "    maintain: stream\n"), quotas("", "")}) {
    auto kept = test::Derive(text);
    INFO(kept.diagnostics);
    REQUIRE(kept.layout);
    CHECK(kept.layout->aggregates[0].maintainer != model::Maintainer::kRead);
    CHECK(kept.diagnostics.find("warning: aggregate 'repOrderTotals' creates the 'Quota' item of "
                                "each new group, but 'Quota' requires 'target', which the "
                                "aggregate does not write") != std::string::npos);
    CHECK(kept.diagnostics.find("[W005]") != std::string::npos);
  }
}
