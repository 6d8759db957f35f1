// Denormalized copies (`copy:` on an attribute): loaded, planned as a fan-out of the parent's
// update (in its transaction when the relationship's `max` bounds the children, after it
// otherwise), priced, sent by exec, and proven by `model check`, with a dropped fan-out caught.
#include <algorithm>
#include <catch2/catch.hpp>
#include <string>

#include "model/check/check.h"
#include "model/cost.h"
#include "model/exec/items.h"
#include "model/exec/writes.h"
#include "model/sim/engine/database.h"
#include "model_fixture.h"
#include "tests/support/mutate.h"

namespace {

std::string Failures(const model::CheckReport& report) {
  std::string out;
  for (const auto& p : report.patterns) {
    for (const auto& f : p.failures) out += p.name + ": " + f + "\n";
  }
  return out;
}

std::string Model() { return test::ReadSource("tests/golden/check-denormalized-copy/model.yaml"); }

const model::WritePlan& PlanOf(const model::KeyLayout& layout, const std::string& name) {
  auto it = std::find_if(layout.writes.begin(), layout.writes.end(),
                         [&](const model::WritePlan& w) { return w.pattern == name; });
  REQUIRE(it != layout.writes.end());
  return *it;
}

sim::AttributeValue S(const std::string& s) { return sim::AttributeValue::S(s); }

}  // namespace

TEST_CASE("a copy resolves to its relationship and source", "[model][copy]") {
  auto d = test::Derive(Model());
  REQUIRE(d.layout);
  const model::Model& m = *d.loaded.model;
  std::vector<model::CopyRef> copies = model::Copies(m);
  REQUIRE(copies.size() == 2);
  const model::Entity& order = m.entities[static_cast<std::size_t>(copies[0].entity)];
  CHECK(order.name == "Order");
  CHECK(order.attributes[static_cast<std::size_t>(copies[0].attribute)].name == "customerTier");
  CHECK(m.relationships[static_cast<std::size_t>(copies[0].relationship)].name == "orders");
  const model::Entity& line = m.entities[static_cast<std::size_t>(copies[1].entity)];
  CHECK(line.attributes[static_cast<std::size_t>(copies[1].attribute)].name == "placedAt");
  CHECK(m.access_patterns[static_cast<std::size_t>(model::ChildrenPattern(m, 1))].name ==
        "orderLines");
}

TEST_CASE("an update of a copied attribute fans out: in its transaction when bounded",
          "[model][copy]") {
  auto d = test::Derive(Model());
  REQUIRE(d.layout);
  const model::WritePlan& reschedule = PlanOf(*d.layout, "reschedule");
  REQUIRE(reschedule.copies.size() == 1);
  const model::CopyFanOut& lines = reschedule.copies[0];
  CHECK(lines.attributes == std::vector<std::string>{"placedAt"});
  CHECK(lines.sources == std::vector<std::string>{"placedAt"});
  CHECK(lines.link == std::vector<std::string>{"orderId"});
  CHECK(lines.max_children == 50);
  CHECK(lines.in_transaction);
  CHECK(reschedule.transaction);
  REQUIRE_FALSE(lines.writes.empty());
  CHECK(lines.writes[0].op == model::WriteOp::kUpdate);
  // 1 order + 50 lines <= 100 actions.
  CHECK(model::TransactionActions(*d.loaded.model, *d.layout, reschedule) ==
        1 + 50 * static_cast<int>(lines.writes.size()));
  const model::WritePlan& tier = PlanOf(*d.layout, "changeTier");
  REQUIRE(tier.copies.size() == 1);
  CHECK(tier.copies[0].max_children == 0);
  CHECK_FALSE(tier.copies[0].in_transaction);
  CHECK_FALSE(tier.transaction);
  // The creates and the line's move carry their copies: no fan-out.
  CHECK(PlanOf(*d.layout, "addLine").copies.empty());
  CHECK(PlanOf(*d.layout, "moveLine").copies.empty());
  // Priced: the children's read and writes.
  model::WriteFigures f = model::EstimateWrite(*d.loaded.model, *d.layout, reschedule);
  CHECK(f.copy_children == Approx(4.0));
  CHECK(f.copy_read_rcu_per_call > 0);
  CHECK(f.copy_wcu_per_call > 0);
}

TEST_CASE("exec rewrites every child's copy with the parent's update", "[model][copy]") {
  auto d = test::Derive(Model());
  REQUIRE(d.layout);
  const model::Model& m = *d.loaded.model;
  auto opened = sim::Database::Open();
  REQUIRE(opened.ok());
  sim::DataPlane& table = **opened;
  REQUIRE(table.CreateTable(model::exec::CreateTableRequest(*d.layout)).ok());
  const model::EntityId order_id = m.FindEntity("Order");
  const model::EntityId line_id = m.FindEntity("OrderLine");
  auto put = [&](model::EntityId e, const sim::Item& values) {
    model::exec::Record r{{values}};
    for (int t : d.layout->ItemTypesOf(e)) {
      for (auto& item : model::exec::RenderItems(m, *d.layout, t, r)) {
        sim::PutItemRequest p;
        p.table_name = d.layout->table_name;
        p.item = std::move(item);
        REQUIRE(table.PutItem(p).ok());
      }
    }
  };
  sim::Item order{{"orderId", S("o1")},
                  {"customerId", S("c1")},
                  {"placedAt", S("2024-01-01T00:00:00Z")},
                  {"customerTier", S("GOLD")}};
  put(order_id, order);
  for (const char* line : {"l1", "l2", "l3"}) {
    put(line_id, sim::Item{{"lineId", S(line)},
                           {"orderId", S("o1")},
                           {"productId", S("p1")},
                           {"quantity", sim::AttributeValue::N("1")},
                           {"placedAt", S("2024-01-01T00:00:00Z")}});
  }
  sim::Item moved = order;
  moved["placedAt"] = S("2024-02-02T00:00:00Z");
  model::exec::Record before{{order}};
  model::exec::Record after{{moved}};
  model::exec::WriteStats stats;
  REQUIRE(model::exec::ApplyWrite(table, m, *d.layout, PlanOf(*d.layout, "reschedule"), &before,
                                  &after, stats)
              .ok());
  // The children's Query, then one TransactWriteItems.
  CHECK(stats.requests == 2);
  for (const char* line : {"l1", "l2", "l3"}) {
    model::exec::Record key{{sim::Item{{"lineId", S(line)}, {"orderId", S("o1")}}}};
    int main = d.layout->ItemTypesOf(line_id).front();
    auto k = model::exec::RenderItemKey(m, *d.layout, main, key, 1);
    REQUIRE(k);
    sim::GetItemRequest get;
    get.table_name = d.layout->table_name;
    get.key = *k;
    auto got = table.GetItem(get);
    REQUIRE(got.ok());
    REQUIRE(got->item);
    CHECK(model::exec::Natural(*got->item, "placedAt") == "2024-02-02T00:00:00Z");
  }
}

TEST_CASE("model check proves copies, and a dropped fan-out fails", "[model][copy][mutation]") {
  auto d = test::Derive(Model());
  REQUIRE(d.layout);
  model::check::CheckOptions options;
  options.items = 600;
  auto report = model::check::RunCheck(*d.loaded.model, *d.layout, options);
  REQUIRE(report.ok());
  INFO(Failures(*report));
  CHECK(report->passed());
  auto mutations = model::Mutations(*d.loaded.model, *d.layout);
  auto it = std::find_if(mutations.begin(), mutations.end(), [](const model::Mutation& mu) {
    return mu.kind == model::MutationKind::kCopyDropped;
  });
  REQUIRE(it != mutations.end());
  CHECK(it->breaks == std::vector<std::string>{"reschedule"});
  auto broken = model::check::RunCheck(*d.loaded.model, it->layout, options);
  REQUIRE(broken.ok());
  CHECK_FALSE(broken->passed());
  INFO(Failures(*broken));
  CHECK(Failures(*broken).find("reschedule: reschedule: OrderLine ") != std::string::npos);
  CHECK(Failures(*broken).find("but it copies Order.placedAt, now") != std::string::npos);
}

TEST_CASE("copies refuse what would leave them behind", "[model][copy]") {
  const std::string head = R"(table: { name: shop }
entities:
  Customer:
    attributes: { customerId: string, tier: string }
  Order:
    attributes: { orderId: string, customerId: string, tier: ORDER_TIER }
  OrderLine:
    identifier: lineId
    attributes:
      lineId: string
      orderId: string
      tier: { type: string, copy: lines.tier }
  Note:
    attributes: { noteId: string, lineId: string }
relationships:
  - { name: orders, cardinality: "1:N", from: Customer, to: Order }
  - { name: lines, cardinality: "1:N", from: Order, to: OrderLine }
access_patterns:
  - { name: orderLines, returns: OrderLine, by: [orderId] }
  - { name: note, returns: Note, by: [noteId] }
)";
  auto with = [&](const std::string& order_tier, const std::string& writes) {
    std::string text = head;
    text.replace(text.find("ORDER_TIER"), 10, order_tier);
    return test::Load(text + writes);
  };
  // A copy of a copy: the update of Customer.tier rewrites the orders, not their lines.
  auto chain = with("{ type: string, copy: orders.tier }", "");
  CHECK_FALSE(chain.model);
  CHECK(chain.diagnostics.find("'Order.tier' is a copy itself") != std::string::npos);
  CHECK(chain.diagnostics.find("[E236]") != std::string::npos);
  // An `also` entry moving a line to another order would leave its copy behind.
  auto moved = with("string", R"(write_patterns:
  - { name: addNote, create: Note, also: [{ update: OrderLine, attributes: [orderId] }] }
)");
  CHECK_FALSE(moved.model);
  CHECK(moved.diagnostics.find("also moves 'OrderLine' to another 'Order'") != std::string::npos);
  CHECK(moved.diagnostics.find("[E457]") != std::string::npos);
  // A required copy of an optional source, or through an optional link.
  auto optional = with("\"string?\"", "");
  CHECK_FALSE(optional.model);
  CHECK(optional.diagnostics.find("the source is optional") != std::string::npos);
  // The line's own move lists the link and the copy: accepted, and no fan-out for it.
  auto own = with("string", R"(write_patterns:
  - { name: moveLine, update: OrderLine, attributes: [orderId, tier] }
)");
  INFO(own.diagnostics);
  CHECK(own.model);
}
