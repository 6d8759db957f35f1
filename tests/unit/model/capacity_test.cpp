// Capacity, partition load and cost (issue #16 items 1-7): DynamoDB's rounding rules, figures
// from the declarations that no --items or --pattern changes, read-hot keys that fan-out cannot
// fix, pinned shards below the need, billing modes, patterns the data never exercises, and the
// busiest partition of keys with parameters.
#include <catch2/catch.hpp>

#include "model/check/check.h"
#include "model/cost.h"
#include "tests/unit/model/model_fixture.h"

namespace {

constexpr double kMonth = 30.0 * 24 * 3600;

const model::PatternCheck* Find(const model::CheckReport& r, const std::string& name) {
  for (const auto& p : r.patterns) {
    if (p.name == name) return &p;
  }
  return nullptr;
}

std::string Joined(const std::vector<std::string>& v) {
  std::string out;
  for (const auto& s : v) out += s + "\n";
  return out;
}

const char* kCatalog = R"(
table: { name: catalog }
entities:
  Product:
    count: 100k
    item_size: 600
    identifier: productId
    attributes: { productId: string, name: string, tier: string }
  Review:
    count: 1M
    item_size: 1500
    identifier: [productId, reviewId]
    attributes: { productId: string, reviewId: string, stars: integer }
relationships:
  - { name: reviews, cardinality: 1:N, from: Product, to: Review, owning: true }
access_patterns:
  - { name: getProduct, returns: Product, by: [productId], rate: 200 }
  - { name: getProductConsistent, returns: Product, by: [productId], consistent: true, rate: 200 }
  - { name: productReviews, returns: Review, by: [productId], rate: 100 }
  - name: goldProducts
    returns: Product
    filter: { tier: gold }
    rate: 1
write_patterns:
  - { name: addReview, create: Review, rate: 10 }
)";

}  // namespace

TEST_CASE("a GetItem of a 600-byte item costs a whole half unit, not a fraction of 4 KB",
          "[model][cost][capacity]") {
  auto d = test::Derive(kCatalog);
  REQUIRE(d.layout);
  const auto& m = *d.loaded.model;
  auto get = model::EstimateRead(m, *d.layout, test::Read(*d.layout, "getProduct"));
  CHECK(get.rcu_per_call == Approx(0.5));
  // 200 requests/s × 0.5 RCU × 30 days at $0.125 per million: $32.40 (not $4.75).
  CHECK(get.monthly_cost_usd == Approx(32.40));
  auto strong = model::EstimateRead(m, *d.layout, test::Read(*d.layout, "getProductConsistent"));
  CHECK(strong.rcu_per_call == Approx(1));
  CHECK(strong.monthly_cost_usd == Approx(64.80));
}

TEST_CASE("request rounding: Query sums then rounds, at least one block; writes round per 1 KB",
          "[model][cost][capacity]") {
  CHECK(model::RequestReadUnits(0, false) == Approx(0.5));
  CHECK(model::RequestReadUnits(0, true) == Approx(1));
  CHECK(model::RequestReadUnits(4096, true) == Approx(1));
  CHECK(model::RequestReadUnits(4097, true) == Approx(2));
  CHECK(model::RequestReadUnits(10 * 1500, false) == Approx(2));  // 15,000 B -> 4 blocks, halved
  // Pages of 1 MB are rounded on their own.
  CHECK(model::PagedReadUnits(1024 * 1024 + 1, true) == Approx(256 + 1));
  CHECK(model::PagesFor(1024 * 1024 + 1) == Approx(2));
  CHECK(model::ItemWriteUnits(1024) == Approx(1));
  CHECK(model::ItemWriteUnits(1025) == Approx(2));
  CHECK(model::ItemWriteUnits(10) == Approx(1));
  auto d = test::Derive(kCatalog);
  REQUIRE(d.layout);
  // 1M reviews over 100k products: 10 reviews of 1,500 B = 15,000 B -> 4 blocks -> 2 RCU.
  auto reviews =
      model::EstimateRead(*d.loaded.model, *d.layout, test::Read(*d.layout, "productReviews"));
  CHECK(reviews.items_returned == Approx(10));
  CHECK(reviews.rcu_per_call == Approx(2));
  CHECK(reviews.monthly_cost_usd == Approx(100 * 2 * kMonth * 0.125 / 1e6));
}

TEST_CASE("check's load and cost come from the declarations: no --items or --pattern changes them",
          "[model][check][capacity]") {
  auto d = test::Derive(test::ReadSource("samples/hr/model.yaml"));
  REQUIRE(d.layout);
  const auto& m = *d.loaded.model;
  model::check::CheckOptions small;
  small.items = 1000;
  model::check::CheckOptions large;
  large.items = 6000;
  auto a = model::check::RunCheck(m, *d.layout, small);
  auto b = model::check::RunCheck(m, *d.layout, large);
  REQUIRE(a.ok());
  REQUIRE(b.ok());
  REQUIRE(a->patterns.size() == b->patterns.size());
  CHECK(a->monthly_cost_usd == Approx(b->monthly_cost_usd));
  for (std::size_t i = 0; i < a->patterns.size(); ++i) {
    INFO(a->patterns[i].name);
    CHECK(a->patterns[i].monthly_cost_usd == Approx(b->patterns[i].monthly_cost_usd));
    CHECK(a->patterns[i].hottest_partition_units_per_s ==
          Approx(b->patterns[i].hottest_partition_units_per_s));
  }
  // The same figures as `model docs` shows (model/cost.h), and alone with --pattern.
  const auto* open = Find(*a, "openOrdersByDate");
  REQUIRE(open);
  auto figures = model::EstimateRead(m, *d.layout, test::Read(*d.layout, "openOrdersByDate"));
  CHECK(open->monthly_cost_usd == Approx(figures.monthly_cost_usd));
  CHECK(open->hottest_partition_units_per_s == Approx(figures.busiest_rcu_per_s));
  model::check::CheckOptions only = small;
  only.pattern = "openOrdersByDate";
  auto c = model::check::RunCheck(m, *d.layout, only);
  REQUIRE(c.ok());
  REQUIRE(c->patterns.size() == 1);
  CHECK(c->patterns[0].monthly_cost_usd == Approx(open->monthly_cost_usd));
  CHECK(c->patterns[0].hottest_partition_units_per_s ==
        Approx(open->hottest_partition_units_per_s));
}

TEST_CASE("fan-out: every shard takes every request; read shards are sized with the floor",
          "[model][derive][capacity]") {
  // 3,000 requests/s for 50 open orders of 2 KB. 13 shards (the old sizing, items ÷ shards) give
  // pages of 4 items = 8 KB = 1 RCU per shard request, at the full rate, plus the merge's extra
  // pages: over 3,000 RCU/s on every shard.
  auto thirteen = model::FanOutShardLoad(3000, 50, 400000, 2048, false, 13);
  CHECK(thirteen.page_items == Approx(4));
  CHECK(thirteen.rcu_per_page == Approx(1));
  CHECK(thirteen.pages_per_call > 1.3);
  CHECK(thirteen.rcu_per_s > 3000);
  auto sizing = model::SizeReadShards(3000, 50, 400000, 2048, false);
  REQUIRE(sizing.feasible);
  CHECK(sizing.floor_rcu_per_s == Approx(1500));
  CHECK(sizing.load.rcu_per_s <= 3000);
  CHECK(model::FanOutShardLoad(3000, 50, 400000, 2048, false, sizing.shards - 1).rcu_per_s > 3000);
  // More shards never take a shard below rate × 0.5 RCU: at 7,000 requests/s none suffices.
  auto hot = model::SizeReadShards(7000, 50, 400000, 2048, false);
  CHECK_FALSE(hot.feasible);
  CHECK(hot.floor_rcu_per_s == Approx(3500));
  CHECK(hot.load.rcu_per_s > 3000);

  auto hr = test::Derive(test::ReadSource("samples/hr/model.yaml"));
  REQUIRE(hr.layout);
  const auto& open = test::Read(*hr.layout, "openOrdersByDate");
  CHECK(open.shards > 13);
  auto f = model::EstimateRead(*hr.loaded.model, *hr.layout, open);
  CHECK(f.busiest_rcu_per_s <= 3000);
}

namespace {

std::string Orders(const std::string& rate, const std::string& shards) {
  return R"(
table: { name: orders }
entities:
  Order:
    count: 2M
    item_size: 2KB
    identifier: orderId
    attributes:
      orderId: string
      placedAt: timestamp
      status: { type: enum, values: [OPEN, SHIPPED, CLOSED, CANCELLED, RETURNED] }
access_patterns:
  - name: openOrders
    returns: Order
    filter: { status: OPEN }
    range: { placedAt: between }
    limit: 50
    rate: )" +
         rate + shards + "\n";
}

}  // namespace

TEST_CASE("design warns when no shard count can serve a read-hot key, naming the remedies",
          "[model][derive][capacity]") {
  auto ok = test::Derive(Orders("3000", ""));
  REQUIRE(ok.layout);
  CHECK(ok.diagnostics.find("W505") == std::string::npos);
  auto hot = test::Derive(Orders("7000", ""));
  REQUIRE(hot.layout);
  INFO(hot.diagnostics);
  CHECK(hot.diagnostics.find("m.yaml:13:5: warning: openOrders reads a key without parameters at "
                             "7000 requests/s: no shard count keeps its partitions within") !=
        std::string::npos);
  CHECK(hot.diagnostics.find("[W505]") != std::string::npos);
  CHECK(hot.diagnostics.find("DAX") != std::string::npos);
  CHECK(hot.diagnostics.find("pre-computed page item") != std::string::npos);
  CHECK(hot.diagnostics.find("write sharding with per-shard reads") != std::string::npos);
}

TEST_CASE("design warns at a pinned shard count below what the rates need",
          "[model][derive][capacity]") {
  auto pinned = test::Derive(Orders("3000", "\n    shards: 4"));
  REQUIRE(pinned.layout);
  INFO(pinned.diagnostics);
  CHECK(pinned.diagnostics.find("m.yaml:19:5: warning: openOrders pins 'shards: 4' but the "
                                "declared rates need") != std::string::npos);
  CHECK(pinned.diagnostics.find("[W504]") != std::string::npos);
  CHECK(test::Read(*pinned.layout, "openOrders").shards == 4);
  auto enough = test::Derive(Orders("10", "\n    shards: 4"));
  REQUIRE(enough.layout);
  CHECK(enough.diagnostics.find("W504") == std::string::npos);
}

TEST_CASE("provisioned billing is carried into the layout and priced per capacity-unit hour",
          "[model][cost][capacity]") {
  std::string text = kCatalog;
  text.replace(text.find("table: { name: catalog }"), 24,
               "table: { name: catalog, billing: provisioned, streams: true }");
  auto d = test::Derive(text);
  REQUIRE(d.layout);
  CHECK(d.layout->billing == model::BillingMode::kProvisioned);
  CHECK(d.layout->stream);
  auto get = model::EstimateRead(*d.loaded.model, *d.layout, test::Read(*d.layout, "getProduct"));
  // 200 × 0.5 = 100 RCU provisioned for 720 hours at $0.00013 per RCU-hour.
  CHECK(get.monthly_cost_usd == Approx(100 * 720 * 0.00013));
  const auto& w = d.layout->writes.front();
  auto add = model::EstimateWrite(*d.loaded.model, *d.layout, w);
  CHECK(add.monthly_cost_usd == Approx(add.wcu_per_s * 720 * 0.00065));
  auto report = model::check::RunCheck(*d.loaded.model, *d.layout, {});
  REQUIRE(report.ok());
  CHECK(report->provisioned);
  CHECK(Find(*report, "getProduct")->monthly_cost_usd == Approx(100 * 720 * 0.00013));
}

TEST_CASE("a pattern the synthetic data never exercises warns", "[model][check][capacity]") {
  auto d = test::Derive(kCatalog);
  REQUIRE(d.layout);
  auto report = model::check::RunCheck(*d.loaded.model, *d.layout, {});
  REQUIRE(report.ok());
  const auto* gold = Find(*report, "goldProducts");
  REQUIRE(gold);
  CHECK(gold->items_returned == 0);
  INFO(Joined(gold->warnings));
  CHECK(Joined(gold->warnings).find("goldProducts returned no item in any of its") !=
        std::string::npos);
  CHECK(report->has_warnings());
  const auto* get = Find(*report, "getProduct");
  REQUIRE(get);
  CHECK(Joined(get->warnings).find("returned no item") == std::string::npos);
}

TEST_CASE("the busiest partition of a key with parameters is checked too",
          "[model][check][capacity]") {
  const char* text = R"(
table: { name: tickets }
entities:
  Ticket:
    count: 100k
    item_size: 1KB
    identifier: ticketId
    attributes:
      ticketId: string
      state: { type: enum, values: [NEW, DONE] }
      openedAt: timestamp
access_patterns:
  - { name: getTicket, returns: Ticket, by: [ticketId], rate: 10 }
  - name: ticketsByState
    returns: Ticket
    by: [state]
    sort: { openedAt: desc }
    limit: 100
    rate: 600
)";
  auto d = test::Derive(text);
  REQUIRE(d.layout);
  // 100 tickets of 1 KB = 25 blocks = 12.5 RCU per call; 600 calls/s over 2 states.
  auto f = model::EstimateRead(*d.loaded.model, *d.layout, test::Read(*d.layout, "ticketsByState"));
  CHECK_FALSE(f.constant_partition);
  CHECK(f.partitions == Approx(2));
  CHECK(f.busiest_rcu_per_s == Approx(600 * 12.5 / 2));
  auto report = model::check::RunCheck(*d.loaded.model, *d.layout, {});
  REQUIRE(report.ok());
  const auto* p = Find(*report, "ticketsByState");
  REQUIRE(p);
  CHECK(p->hottest_partition_units_per_s == Approx(3750));
  INFO(Joined(p->warnings));
  CHECK(Joined(p->warnings)
            .find("ticketsByState would throttle: at 600 requests/s its busiest "
                  "partition needs about 3750 RCU/s") != std::string::npos);
}
