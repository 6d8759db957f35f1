// model/exec: a delete sends the condition its plan shows (model/derive/writes.cpp PlanDelete:
// attribute_exists(PK) on the entity's main item), so deleting an item that is not there is
// refused, as the plan says, instead of succeeding as a no-op.
#include <catch2/catch.hpp>
#include <string>

#include "model/exec/items.h"
#include "model/exec/writes.h"
#include "model/sim/engine/database.h"
#include "model_fixture.h"

using model::exec::Record;

namespace {

constexpr const char* kTickets = R"(
entities:
  Ticket: { attributes: { ticketId: string, title: string } }
access_patterns:
  - { name: getTicket, returns: Ticket, by: [ticketId] }
write_patterns:
  - { name: openTicket, create: Ticket }
  - { name: dropTicket, delete: Ticket }
)";

Record Ticket(const std::string& id) {
  Record r;
  sim::Item item;
  item["ticketId"] = sim::AttributeValue::S(id);
  item["title"] = sim::AttributeValue::S("printer on fire");
  r.versions.push_back(std::move(item));
  return r;
}

const model::WritePlan& Write(const model::KeyLayout& layout, const std::string& name) {
  for (const auto& w : layout.writes)
    if (w.pattern == name) return w;
  FAIL("no write plan " << name);
  return layout.writes.front();
}

}  // namespace

TEST_CASE("a delete sends the attribute_exists condition its plan shows", "[model][exec]") {
  auto d = test::Derive(kTickets);
  INFO(d.diagnostics);
  REQUIRE(d.layout);
  const model::Model& m = *d.loaded.model;
  const model::KeyLayout& layout = *d.layout;
  const model::WritePlan& drop = Write(layout, "dropTicket");
  REQUIRE(drop.writes.size() == 1);
  CHECK(drop.writes[0].op == model::WriteOp::kDelete);
  CHECK(drop.writes[0].condition == "attribute_exists(PK)");

  auto opened = sim::Database::Open();
  REQUIRE(opened.ok());
  std::unique_ptr<sim::Database> db = std::move(opened.value());
  sim::DataPlane& plane = *db;
  REQUIRE(plane.CreateTable(model::exec::CreateTableRequest(layout)).ok());

  // Deleting a ticket that was never written: the condition fails, as the plan says it must.
  Record missing = Ticket("t-0");
  model::exec::WriteStats refused_stats;
  auto refused = model::exec::ApplyWrite(plane, m, layout, drop, &missing, nullptr, refused_stats);
  REQUIRE_FALSE(refused.ok());
  CHECK(refused.error().name == "ConditionalCheckFailedException");

  // A ticket that is there is deleted; deleting it again is refused.
  Record t1 = Ticket("t-1");
  model::exec::WriteStats stats;
  REQUIRE(
      model::exec::ApplyWrite(plane, m, layout, Write(layout, "openTicket"), nullptr, &t1, stats)
          .ok());
  REQUIRE(model::exec::ApplyWrite(plane, m, layout, drop, &t1, nullptr, stats).ok());
  auto again = model::exec::ApplyWrite(plane, m, layout, drop, &t1, nullptr, stats);
  REQUIRE_FALSE(again.ok());
  CHECK(again.error().name == "ConditionalCheckFailedException");
}
