// Issue 14: when the GSIs cannot hold every view of an entity on its own item, which views keep
// the item and which go to facets is the cost objective's choice (ChooseViewPlacement), not the
// packing rule's order (the most read first). Each layout is proven by `model check`, and the
// rule alone (no cost objective) keeps the costlier placement.
#include <algorithm>
#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "model/check/check.h"
#include "model/cost.h"
#include "tests/unit/model/model_fixture.h"

namespace {

// customerOrders is read most but returns little; storeOrders is read rarely, whole items; the
// hot editNotes changes an attribute only whole copies hold.
const char* kOrders = R"(
table: { name: shop, max_gsis: 1 }
entities:
  Order:
    count: 1M
    item_size: 4KB
    identifier: orderId
    attributes:
      orderId: string
      customerId: string
      storeId: string
      placedAt: timestamp
      total: number
      notes: string
access_patterns:
  - { name: getOrder, returns: Order, by: [orderId], rate: 100 }
  - { name: customerOrders, returns: Order, by: [customerId], sort: { placedAt: desc }, project: [total], limit: 20, rate: 200 }
  - { name: storeOrders, returns: Order, by: [storeId], sort: { placedAt: desc }, limit: 20, rate: 1 }
write_patterns:
  - { name: placeOrder, create: Order, rate: 50 }
  - { name: editNotes, update: Order, attributes: [notes], rate: 300 }
)";

// flaggedTasks (sparse) is read most; ownerTasks rarely. A facet of the sparse view exists only
// for flagged tasks.
const char* kTasks = R"(
table: { name: tasks, max_gsis: 1 }
entities:
  Task:
    count: 1M
    item_size: 4KB
    identifier: taskId
    attributes: { taskId: string, ownerId: string, title: string, body: string, flagged: boolean }
access_patterns:
  - { name: getTask, returns: Task, by: [taskId], rate: 50 }
  - { name: ownerTasks, returns: Task, by: [ownerId], rate: 1 }
  - { name: flaggedTasks, returns: Task, filter: { flagged: true }, limit: 20, rate: 50 }
write_patterns:
  - { name: createTask, create: Task, rate: 100 }
  - { name: editBody, update: Task, attributes: [body], rate: 100 }
)";

std::optional<model::KeyLayout> RuleOnly(const test::Derived& d) {
  model::Diagnostics diags(d.loaded.file.get());
  model::derive::DeriveOptions rule_only;
  rule_only.choose_by_cost = false;
  return model::derive::DeriveLayout(*d.loaded.model, diags, rule_only);
}

double Monthly(const test::Derived& d, const model::KeyLayout& layout) {
  return model::EstimateWorkload(*d.loaded.model, layout).monthly_cost_usd;
}

void CheckPasses(const test::Derived& d) {
  auto report = model::check::RunCheck(*d.loaded.model, *d.layout, {});
  REQUIRE(report.ok());
  INFO(test::CheckFailures(*report));
  CHECK(report->passed());
}

const model::WritePlan& Write(const model::KeyLayout& layout, const std::string& name) {
  for (const auto& w : layout.writes) {
    if (w.pattern == name) return w;
  }
  FAIL("no write plan " << name);
  return layout.writes.front();
}

std::vector<std::string> Facets(const model::KeyLayout& layout) {
  std::vector<std::string> out;
  for (const auto& t : layout.item_types) {
    if (t.role == model::ItemRole::kFacet) out.push_back(t.name);
  }
  return out;
}

// Every item type as "name PK SK [index keys]", in order.
std::string Shape(const model::KeyLayout& layout) {
  std::string out;
  for (const auto& t : layout.item_types) {
    out += t.name + " " + t.partition_key.ToString() + " " + t.sort_key.ToString();
    for (const auto& k : t.index_keys)
      out += " " + std::to_string(k.index) + ":" + k.partition_key.ToString();
    out += "\n";
  }
  return out;
}

bool HasNote(const model::KeyLayout& layout, const std::string& part) {
  return std::any_of(layout.notes.begin(), layout.notes.end(), [&](const model::Reason& r) {
    return r.text.find(part) != std::string::npos;
  });
}

}  // namespace

TEST_CASE("the facet carries the view cheaper to copy, not the less read one", "[model][derive]") {
  auto d = test::Derive(kOrders);
  INFO(d.diagnostics);
  REQUIRE(d.layout);
  CHECK(d.layout->indexes.size() == 1);
  CHECK(Facets(*d.layout) == std::vector<std::string>{"Order.byCustomerId"});
  const auto* order = test::FindType(*d.layout, "Order");
  REQUIRE(order);
  REQUIRE(order->index_keys.size() == 1);
  CHECK(order->index_keys[0].partition_key.ToString() == "ORDER_BY_STORE_ID#{storeId}");
  // The narrow facet copies what customerOrders returns and orders by, not the notes: editing
  // them is one UpdateItem.
  const auto* facet = test::FindType(*d.layout, "Order.byCustomerId");
  REQUIRE(facet);
  CHECK(facet->attributes == std::vector<std::string>{"orderId", "placedAt", "total"});
  const auto& edit = Write(*d.layout, "editNotes");
  REQUIRE(edit.writes.size() == 1);
  CHECK_FALSE(edit.transaction);
  // The view that lost the own item is named in the notes, with what keeping it costs.
  CHECK(HasNote(*d.layout,
                "rejected: view ORDER_BY_CUSTOMER_ID#{customerId} (customerOrders) on "
                "the own item of 'Order'"));
  CHECK(HasNote(*d.layout, "keeping it on the item costs $18,811.44 per month"));
  CheckPasses(d);
  // Before: the packing rule's order gives the item to the most-read view and copies whole
  // orders into the facet, at about three times the cost.
  auto rule = RuleOnly(d);
  REQUIRE(rule);
  CHECK(Facets(*rule) == std::vector<std::string>{"Order.byStoreId"});
  CHECK(Monthly(d, *d.layout) < Monthly(d, *rule) / 2);
}

TEST_CASE("a sparse view goes to the facet when that spares copies of every item",
          "[model][derive]") {
  auto d = test::Derive(kTasks);
  INFO(d.diagnostics);
  REQUIRE(d.layout);
  CHECK(Facets(*d.layout) == std::vector<std::string>{"Task.flagged"});
  const auto* task = test::FindType(*d.layout, "Task");
  REQUIRE(task);
  REQUIRE(task->index_keys.size() == 1);
  CHECK(task->index_keys[0].only_when.empty());
  CheckPasses(d);
  auto rule = RuleOnly(d);
  REQUIRE(rule);
  CHECK(Facets(*rule) == std::vector<std::string>{"Task.byOwnerId"});
  CHECK(Monthly(d, *d.layout) < Monthly(d, *rule));
}

TEST_CASE("the placement does not depend on the order patterns are declared in",
          "[model][derive]") {
  std::string text = kOrders;
  std::string customer = text.substr(text.find("  - { name: customerOrders"));
  customer = customer.substr(0, customer.find('\n') + 1);
  std::string store = text.substr(text.find("  - { name: storeOrders"));
  store = store.substr(0, store.find('\n') + 1);
  std::string swapped = text;
  swapped.replace(swapped.find(customer), customer.size(), "@@");
  swapped.replace(swapped.find(store), store.size(), customer);
  swapped.replace(swapped.find("@@"), 2, store);
  REQUIRE(swapped != text);
  auto a = test::Derive(text);
  auto b = test::Derive(swapped);
  REQUIRE(a.layout);
  REQUIRE(b.layout);
  CHECK(Shape(*a.layout) == Shape(*b.layout));
}

TEST_CASE("placements that cost the same keep the packing rule's order", "[model][derive]") {
  // Both views read whole items and neither is sparse: a facet of either copies the same.
  std::string text = kOrders;
  text.replace(text.find(", project: [total]"), 18, "");
  auto d = test::Derive(text);
  INFO(d.diagnostics);
  REQUIRE(d.layout);
  auto rule = RuleOnly(d);
  REQUIRE(rule);
  CHECK(Shape(*d.layout) == Shape(*rule));
  CHECK(Facets(*d.layout) == std::vector<std::string>{"Order.byStoreId"});
  CHECK_FALSE(HasNote(*d.layout, "which views keep a slot"));
}

TEST_CASE("many entities are placed greedily by marginal cost", "[model][derive]") {
  // Six entities of three views on two GSIs each: 3^6 = 729 combinations, over the exhaustive
  // limit; each entity's choice is priced by its own patterns.
  std::string entities;
  std::string reads;
  std::string writes;
  for (int i = 0; i < 6; ++i) {
    std::string e = "Order" + std::to_string(i);
    std::string n = std::to_string(i);
    entities += "  " + e +
                ":\n    count: 1M\n    item_size: 4KB\n    identifier: orderId\n    attributes: "
                "{ orderId: string, customerId: string, storeId: string, regionId: string, "
                "placedAt: timestamp, total: number, notes: string }\n";
    reads += "  - { name: get" + n + ", returns: " + e + ", by: [orderId], rate: 100 }\n";
    reads += "  - { name: customer" + n + ", returns: " + e +
             ", by: [customerId], sort: { placedAt: desc }, project: [total], limit: 20, rate: "
             "200 }\n";
    reads += "  - { name: store" + n + ", returns: " + e +
             ", by: [storeId], sort: { placedAt: desc }, limit: 20, rate: 2 }\n";
    reads += "  - { name: region" + n + ", returns: " + e +
             ", by: [regionId], sort: { placedAt: desc }, limit: 20, rate: 1 }\n";
    writes += "  - { name: place" + n + ", create: " + e + ", rate: 50 }\n";
    writes += "  - { name: edit" + n + ", update: " + e + ", attributes: [notes], rate: 300 }\n";
  }
  std::string text = "table: { name: shop, max_gsis: 2 }\nentities:\n" + entities +
                     "access_patterns:\n" + reads + "write_patterns:\n" + writes;
  auto d = test::Derive(text);
  INFO(d.diagnostics);
  REQUIRE(d.layout);
  CHECK(d.layout->indexes.size() == 2);
  std::vector<std::string> want;
  for (int i = 0; i < 6; ++i) want.push_back("Order" + std::to_string(i) + ".byCustomerId");
  CHECK(Facets(*d.layout) == want);
  CHECK(HasNote(*d.layout, "greedily by each entity's marginal cost"));
  for (int i = 0; i < 6; ++i) CHECK_FALSE(Write(*d.layout, "edit" + std::to_string(i)).transaction);
  CheckPasses(d);
  auto rule = RuleOnly(d);
  REQUIRE(rule);
  CHECK(Monthly(d, *d.layout) < Monthly(d, *rule));
}

TEST_CASE("the GSI count is chosen with each count's priced placement", "[model][derive]") {
  // No max_gsis: two GSIs put both views on the order item; customerOrders' GSI projects only
  // what it reads (INCLUDE), so editNotes, the busiest write, changes nothing it holds and writes
  // no entry there, and its entries are small
  // (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/GSI.html#GSI.ThroughputConsiderations):
  // that costs less than one GSI with a narrow facet for customerOrders, which every create
  // writes in a transaction.
  std::string text = kOrders;
  const std::string capped = "table: { name: shop, max_gsis: 1 }";
  text.replace(text.find(capped), capped.size(), "table: { name: shop }");
  auto d = test::Derive(text);
  INFO(d.diagnostics);
  REQUIRE(d.layout);
  CHECK(d.layout->indexes.size() == 2);
  CHECK(Facets(*d.layout).empty());
  CHECK(HasNote(*d.layout, "rejected: 1 GSI and 1 facet item type, $6,175.44 per month"));
  CheckPasses(d);
}
