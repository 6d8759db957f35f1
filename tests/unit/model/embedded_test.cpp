// Embedded collections (`embedded: true` on a 1:N with `max`): derived as a map attribute of the
// parent's item, read by a GetItem of the parent and written by one UpdateItem at the child's
// document path (refused as DynamoDB refuses it), proven by `model check`, with a map keyed by
// the wrong attribute caught.
#include <algorithm>
#include <catch2/catch.hpp>
#include <string>

#include "model/check/check.h"
#include "model/cost.h"
#include "model/exec/items.h"
#include "model/exec/reads.h"
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

std::string Model() { return test::ReadSource("tests/golden/check-embedded/model.yaml"); }

const model::WritePlan& WriteOf(const model::KeyLayout& layout, const std::string& name) {
  auto it = std::find_if(layout.writes.begin(), layout.writes.end(),
                         [&](const model::WritePlan& w) { return w.pattern == name; });
  REQUIRE(it != layout.writes.end());
  return *it;
}

const model::ReadPlan& ReadOf(const model::KeyLayout& layout, const std::string& name) {
  auto it = std::find_if(layout.reads.begin(), layout.reads.end(),
                         [&](const model::ReadPlan& r) { return r.pattern == name; });
  REQUIRE(it != layout.reads.end());
  return *it;
}

sim::AttributeValue S(const std::string& s) { return sim::AttributeValue::S(s); }

sim::Item Address(const std::string& customer, const std::string& id, const std::string& city) {
  return sim::Item{{"customerId", S(customer)},
                   {"addressId", S(id)},
                   {"city", S(city)},
                   {"kind", S("HOME")},
                   {"since", S("2024-01-01")}};
}

}  // namespace

TEST_CASE("an embedded collection is its parent's map, with no item type of its own",
          "[model][embedded]") {
  auto d = test::Derive(Model());
  REQUIRE(d.layout);
  const model::Model& m = *d.loaded.model;
  const model::KeyLayout& l = *d.layout;
  const model::EntityId address = m.FindEntity("Address");
  CHECK(l.ItemTypesOf(address).empty());
  REQUIRE(l.embedded.size() == 1);
  const model::EmbeddedLayout& e = l.embedded[0];
  CHECK(e.child == address);
  CHECK(e.parent == m.FindEntity("Customer"));
  CHECK(l.item_types[static_cast<std::size_t>(e.parent_type)].name == "Customer");
  CHECK(e.attribute == "addresses");
  CHECK(e.key == "addressId");
  CHECK(e.label == "ADDRESS");
  CHECK(e.link == std::vector<std::string>{"customerId"});
  CHECK(e.attributes == std::vector<std::string>{"addressId", "city", "kind", "since", "note"});
  CHECK(e.max == 20);
  CHECK(e.bytes == 1000);  // 50k addresses over 10k customers, 200 bytes each
  // The parent's item lists its own attributes only; the map is the collection's.
  const auto& attrs = l.item_types[static_cast<std::size_t>(e.parent_type)].attributes;
  CHECK(std::find(attrs.begin(), attrs.end(), "addresses") == attrs.end());

  const model::ReadPlan& by_customer = ReadOf(l, "customerAddresses");
  CHECK(by_customer.operation == model::Operation::kGetItem);
  REQUIRE(by_customer.embedded);
  CHECK_FALSE(by_customer.embedded->with_parent);
  CHECK(by_customer.projection == std::vector<std::string>{"addresses"});
  const model::ReadPlan& one = ReadOf(l, "address");
  REQUIRE(one.client_steps.size() == 1);
  CHECK(one.client_steps[0].kind == model::ClientStepKind::kMatch);
  CHECK(one.consistent);
  CHECK(ReadOf(l, "firstAddresses").embedded->limit == 2);
  CHECK(ReadOf(l, "customerWithAddresses").embedded->with_parent);

  const model::WritePlan& add = WriteOf(l, "addAddress");
  CHECK(add.embedded == 0);
  REQUIRE(add.writes.size() == 1);
  CHECK(add.writes[0].op == model::WriteOp::kUpdate);
  CHECK(add.writes[0].item_type == e.parent_type);
  CHECK(add.writes[0].condition ==
        "attribute_exists(PK) AND attribute_not_exists(addresses.{addressId}) AND "
        "size(addresses) < 20");
  CHECK(WriteOf(l, "removeAddress").writes[0].condition ==
        "attribute_exists(addresses.{addressId})");
  // Billed on the whole parent item: its 600 bytes and the average 1,000 of children.
  model::WriteFigures f = model::EstimateWrite(m, l, add);
  CHECK(f.wcu_per_s_by_index[0] == 5 * 2);
}

TEST_CASE("exec writes a child at its path and refuses what DynamoDB refuses",
          "[model][embedded]") {
  auto d = test::Derive(Model());
  REQUIRE(d.layout);
  const model::Model& m = *d.loaded.model;
  const model::KeyLayout& l = *d.layout;
  auto opened = sim::Database::Open();
  REQUIRE(opened.ok());
  sim::DataPlane& table = **opened;
  REQUIRE(table.CreateTable(model::exec::CreateTableRequest(l)).ok());
  const model::EntityId customer = m.FindEntity("Customer");
  model::exec::WriteStats stats;
  // A new customer's item carries the empty map.
  sim::Item c1{{"customerId", S("c1")}, {"name", S("Ann")}, {"tier", S("GOLD")}};
  model::exec::Record parent{{c1}};
  REQUIRE(model::exec::ApplyWrite(table, m, l, WriteOf(l, "addCustomer"), nullptr, &parent, stats)
              .ok());
  model::exec::Record a1{{Address("c1", "a1", "Oslo")}};
  model::exec::Record a2{{Address("c1", "a2", "Bergen")}};
  REQUIRE(model::exec::ApplyWrite(table, m, l, WriteOf(l, "addAddress"), nullptr, &a1, stats).ok());
  REQUIRE(model::exec::ApplyWrite(table, m, l, WriteOf(l, "addAddress"), nullptr, &a2, stats).ok());
  // The same child again: attribute_not_exists fails.
  auto again = model::exec::ApplyWrite(table, m, l, WriteOf(l, "addAddress"), nullptr, &a1, stats);
  REQUIRE_FALSE(again.ok());
  CHECK(again.error().name == "ConditionalCheckFailedException");
  // A child of no customer: attribute_exists(PK) fails.
  model::exec::Record orphan{{Address("c9", "a1", "Oslo")}};
  auto none =
      model::exec::ApplyWrite(table, m, l, WriteOf(l, "addAddress"), nullptr, &orphan, stats);
  REQUIRE_FALSE(none.ok());
  CHECK(none.error().name == "ConditionalCheckFailedException");
  // A customer item written without the map (by other code): the create's size(addresses) < 20
  // does not hold on a missing map, and DynamoDB refuses a SET on a path whose map does not exist.
  sim::PutItemRequest bare;
  bare.table_name = l.table_name;
  bare.item = model::exec::RenderItems(
                  m, l, l.ItemTypesOf(customer).front(),
                  model::exec::Record{
                      {sim::Item{{"customerId", S("c2")}, {"name", S("Bo")}, {"tier", S("GOLD")}}}})
                  .front();
  bare.item.erase("addresses");
  REQUIRE(table.PutItem(bare).ok());
  model::exec::Record b1{{Address("c2", "b1", "Oslo")}};
  auto unbounded =
      model::exec::ApplyWrite(table, m, l, WriteOf(l, "addAddress"), nullptr, &b1, stats);
  REQUIRE_FALSE(unbounded.ok());
  CHECK(unbounded.error().name == "ConditionalCheckFailedException");
  sim::UpdateItemRequest set;
  set.table_name = l.table_name;
  set.key["PK"] = bare.item.at("PK");
  set.key["SK"] = bare.item.at("SK");
  set.update_expression = "SET addresses.b1 = :e";
  set.expression_attribute_values[":e"] = sim::AttributeValue::M({{"city", S("Oslo")}});
  auto invalid = table.UpdateItem(set);
  REQUIRE_FALSE(invalid.ok());
  CHECK(invalid.error().name == "ValidationException");
  CHECK(invalid.error().message ==
        "The document path provided in the update expression is invalid for update");

  // Reads: the children out of the customer's item, with the link and the label.
  auto read = model::exec::ExecuteRead(table, m, l, ReadOf(l, "customerAddresses"),
                                       {{"customerId", S("c1")}});
  REQUIRE(read.status.ok());
  REQUIRE(read.items.size() == 2);
  CHECK(model::exec::Natural(read.items[0], "addressId") == "a1");
  CHECK(model::exec::Natural(read.items[0], "customerId") == "c1");
  CHECK(model::exec::Natural(read.items[0], "_type") == "ADDRESS");
  CHECK(read.requests == 1);
  auto one = model::exec::ExecuteRead(table, m, l, ReadOf(l, "address"),
                                      {{"customerId", S("c1")}, {"addressId", S("a2")}});
  REQUIRE(one.items.size() == 1);
  CHECK(model::exec::Natural(one.items[0], "city") == "Bergen");

  // An update sets the listed attributes in the element; a value left out is removed.
  sim::Item moved = Address("c1", "a2", "Tromso");
  moved["note"] = S("back door");
  model::exec::Record after{{moved}};
  REQUIRE(model::exec::ApplyWrite(table, m, l, WriteOf(l, "editAddress"), &a2, &after, stats).ok());
  one = model::exec::ExecuteRead(table, m, l, ReadOf(l, "address"),
                                 {{"customerId", S("c1")}, {"addressId", S("a2")}});
  REQUIRE(one.items.size() == 1);
  CHECK(model::exec::Natural(one.items[0], "city") == "Tromso");
  CHECK(model::exec::Natural(one.items[0], "note") == "back door");
  // A delete removes the element; a second one finds nothing to remove.
  REQUIRE(
      model::exec::ApplyWrite(table, m, l, WriteOf(l, "removeAddress"), &a1, nullptr, stats).ok());
  auto gone =
      model::exec::ApplyWrite(table, m, l, WriteOf(l, "removeAddress"), &a1, nullptr, stats);
  REQUIRE_FALSE(gone.ok());
  CHECK(gone.error().name == "ConditionalCheckFailedException");
  read = model::exec::ExecuteRead(table, m, l, ReadOf(l, "customerWithAddresses"),
                                  {{"customerId", S("c1")}});
  REQUIRE(read.items.size() == 2);
  CHECK(model::exec::Natural(read.items[0], "_type") == "CUSTOMER");
  CHECK(model::exec::Natural(read.items[1], "addressId") == "a2");
}

TEST_CASE("model check proves an embedded collection, and a map keyed wrongly fails",
          "[model][embedded][mutation]") {
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
    return mu.kind == model::MutationKind::kEmbeddedWrongKey;
  });
  REQUIRE(it != mutations.end());
  CHECK(it->description == "the addresses map keyed by city instead of addressId");
  auto broken = model::check::RunCheck(*d.loaded.model, it->layout, options);
  REQUIRE(broken.ok());
  CHECK_FALSE(broken->passed());
  INFO(Failures(*broken));
  // An update of an address's city looks for its element under the new city: not there.
  CHECK(Failures(*broken).find("editAddress: ") != std::string::npos);
  // Every other mutation that applies is caught too.
  for (const model::Mutation& mu : mutations) {
    INFO(model::MutationKindName(mu.kind) << ": " << mu.description);
    auto r = model::check::RunCheck(*d.loaded.model, mu.layout, options);
    REQUIRE(r.ok());
    bool caught = false;
    for (const auto& p : r->patterns) {
      if (!p.failures.empty() &&
          std::find(mu.breaks.begin(), mu.breaks.end(), p.name) != mu.breaks.end())
        caught = true;
    }
    CHECK(caught);
  }
}

TEST_CASE("embedding refuses what its parent's item cannot hold or serve", "[model][embedded]") {
  const std::string head = R"(table: { name: shop }
entities:
  Customer:
    attributes: { customerId: string }
  Address:
    identifier: [customerId, addressId]
    attributes: { customerId: string, addressId: string, city: string }
relationships:
)";
  auto load = [&](const std::string& rest) { return test::Load(head + rest); };
  auto unbounded = load(
      "  - { name: addresses, cardinality: \"1:N\", from: Customer, to: Address, embedded: true }\n"
      "access_patterns:\n"
      "  - { name: addresses, returns: Address, by: [customerId] }\n");
  CHECK_FALSE(unbounded.model);
  CHECK(unbounded.diagnostics.find("[E320]") != std::string::npos);
  auto by_id = load(
      "  - { name: addresses, cardinality: \"1:N\", from: Customer, to: Address, max: 5, embedded: "
      "true }\n"
      "access_patterns:\n"
      "  - { name: addressById, returns: Address, by: [addressId] }\n");
  CHECK_FALSE(by_id.model);
  CHECK(by_id.diagnostics.find("access pattern 'addressById' returns 'Address' without naming "
                               "its 'Customer'") != std::string::npos);
  CHECK(by_id.diagnostics.find("[E464]") != std::string::npos);
}

TEST_CASE("exec sends an embedded write's bound, clauses and also entries in its UpdateItem",
          "[model][embedded]") {
  auto d = test::Derive(test::ReadSource("tests/golden/check-embedded-conditions/model.yaml"));
  REQUIRE(d.layout);
  const model::Model& m = *d.loaded.model;
  const model::KeyLayout& l = *d.layout;
  auto opened = sim::Database::Open();
  REQUIRE(opened.ok());
  sim::DataPlane& table = **opened;
  REQUIRE(table.CreateTable(model::exec::CreateTableRequest(l)).ok());
  model::exec::WriteStats stats;
  auto put = [&](const std::string& entity, const sim::Item& values,
                 std::size_t players = 0) -> sim::Item {
    sim::PutItemRequest r;
    r.table_name = l.table_name;
    r.item = model::exec::RenderItems(m, l, l.ItemTypesOf(m.FindEntity(entity)).front(),
                                      model::exec::Record{{values}})
                 .front();
    for (std::size_t i = 0; i < players; ++i) {
      r.item["players"].mutable_map()["u" + std::to_string(i)] =
          sim::AttributeValue::M({{"userId", S("u" + std::to_string(i))}});
    }
    REQUIRE(table.PutItem(r).ok());
    sim::Item key;
    key["PK"] = r.item.at("PK");
    key["SK"] = r.item.at("SK");
    return key;
  };
  auto get = [&](const sim::Item& key) {
    sim::GetItemRequest r;
    r.table_name = l.table_name;
    r.key = key;
    r.consistent_read = true;
    auto got = table.GetItem(r);
    REQUIRE(got.ok());
    REQUIRE(got->item);
    return *got->item;
  };
  auto game = [&](const std::string& id, const std::string& phase, int count) {
    return sim::Item{{"gameId", S(id)},
                     {"phase", S(phase)},
                     {"title", S("t")},
                     {"playerCount", sim::AttributeValue::N(std::to_string(count))}};
  };
  auto player = [&](const std::string& g, const std::string& u, int score) {
    return sim::Item{{"gameId", S(g)},
                     {"userId", S(u)},
                     {"role", S("GUEST")},
                     {"score", sim::AttributeValue::N(std::to_string(score))}};
  };
  auto refused = [](const sim::SimStatus& s, const std::string& name) {
    REQUIRE_FALSE(s.ok());
    CHECK(s.error().name == name);
  };
  const auto& join = WriteOf(l, "joinGame");
  // joinGame: the player's element and the game's count in one UpdateItem, while in the lobby.
  sim::Item g1 = put("Game", game("g1", "LOBBY", 0));
  model::exec::Record g1_before{{game("g1", "LOBBY", 0)}}, g1_after{{game("g1", "LOBBY", 1)}};
  model::exec::Record p1{{player("g1", "p1", 5)}};
  REQUIRE(
      model::exec::ApplyWrite(table, m, l, join, nullptr, &p1, stats, {}, {{&g1_before, &g1_after}})
          .ok());
  sim::Item stored = get(g1);
  CHECK(model::exec::Natural(stored, "playerCount") == "1");
  CHECK(stored.at("players").map().count("p1") == 1);
  // Not in the lobby: phase = LOBBY fails, nothing changes.
  sim::Item g2 = put("Game", game("g2", "PLAYING", 0));
  model::exec::Record g2_before{{game("g2", "PLAYING", 0)}}, g2_after{{game("g2", "PLAYING", 1)}};
  model::exec::Record p2{{player("g2", "p2", 5)}};
  refused(model::exec::ApplyWrite(table, m, l, join, nullptr, &p2, stats, {},
                                  {{&g2_before, &g2_after}}),
          "ConditionalCheckFailedException");
  CHECK(model::exec::Natural(get(g2), "playerCount") == "0");
  // A full game (its 50 players, the relationship's max): size(players) < 50 fails.
  sim::Item g3 = put("Game", game("g3", "LOBBY", 50), 50);
  model::exec::Record g3_before{{game("g3", "LOBBY", 50)}}, g3_after{{game("g3", "LOBBY", 51)}};
  model::exec::Record p3{{player("g3", "p3", 5)}};
  refused(model::exec::ApplyWrite(table, m, l, join, nullptr, &p3, stats, {},
                                  {{&g3_before, &g3_after}}),
          "ConditionalCheckFailedException");
  CHECK(get(g3).at("players").map().size() == 50);
  // scorePlayer: score < :cap tested in the element, as stored before the write.
  model::exec::Record p1_after{{player("g1", "p1", 9)}};
  const auto& score = WriteOf(l, "scorePlayer");
  refused(model::exec::ApplyWrite(table, m, l, score, &p1, &p1_after, stats,
                                  {{"cap", sim::AttributeValue::N("5")}}),
          "ConditionalCheckFailedException");
  REQUIRE(model::exec::ApplyWrite(table, m, l, score, &p1, &p1_after, stats,
                                  {{"cap", sim::AttributeValue::N("6")}})
              .ok());
  CHECK(model::exec::Natural(get(g1).at("players").map().at("p1").map(), "score") == "9");
  // awardPlayer: a TransactWriteItems of the game's UpdateItem (phase = PLAYING folded in) and
  // the user's update (banned = false); either failing cancels both.
  sim::Item g4 = put("Game", game("g4", "PLAYING", 0));
  model::exec::Record g4_before{{game("g4", "PLAYING", 0)}};
  model::exec::Record p4{{player("g4", "p4", 1)}};
  {
    sim::UpdateItemRequest r;
    r.table_name = l.table_name;
    r.key = g4;
    r.update_expression = "SET players.p4 = :e";
    r.expression_attribute_values[":e"] = sim::AttributeValue::M(
        {{"userId", S("p4")}, {"role", S("GUEST")}, {"score", sim::AttributeValue::N("1")}});
    REQUIRE(table.UpdateItem(r).ok());
  }
  model::exec::Record p4_after{{player("g4", "p4", 2)}};
  auto user = [&](bool banned, int points) {
    return sim::Item{{"userId", S("p4")},
                     {"banned", sim::AttributeValue::Bool(banned)},
                     {"points", sim::AttributeValue::N(std::to_string(points))}};
  };
  sim::Item u = put("User", user(true, 0));
  model::exec::Record u_before{{user(true, 0)}}, u_after{{user(true, 1)}};
  const auto& award = WriteOf(l, "awardPlayer");
  CHECK(award.transaction);
  refused(model::exec::ApplyWrite(table, m, l, award, &p4, &p4_after, stats, {},
                                  {{&u_before, &u_after}, {}}),
          "TransactionCanceledException");
  CHECK(model::exec::Natural(get(g4).at("players").map().at("p4").map(), "score") == "1");
  put("User", user(false, 0));
  model::exec::Record ok_before{{user(false, 0)}}, ok_after{{user(false, 1)}};
  REQUIRE(model::exec::ApplyWrite(table, m, l, award, &p4, &p4_after, stats, {},
                                  {{&ok_before, &ok_after}, {}})
              .ok());
  CHECK(model::exec::Natural(get(g4).at("players").map().at("p4").map(), "score") == "2");
  CHECK(model::exec::Natural(get(u), "points") == "1");
}

TEST_CASE("model check aims an embedded create's also entries at a parent with room",
          "[model][embedded][check]") {
  // Most issues hold their 2 assignees already. The check of `assign` picks the Issue its `also`
  // entry checks (status = OPEN) and links the new Assignee to it: a full one would refuse the
  // create (size(assignees) < 2), so it must pick one with room, as a create without `also` does.
  // Before, every seed below failed: "assign failed to create Assignee ...:
  // ConditionalCheckFailedException".
  auto d = test::Derive(R"(
table: { name: tracker }
entities:
  Issue:
    count: 10
    identifier: issueId
    attributes:
      issueId: string
      status: { type: enum, values: [OPEN, CLOSED] }
  Assignee:
    count: 18
    item_size: 60
    identifier: [issueId, username]
    attributes: { issueId: string, username: string }
relationships:
  - { name: assignees, cardinality: "1:N", from: Issue, to: Assignee, max: 2, embedded: true }
access_patterns:
  - { name: issueAssignees, returns: Assignee, by: [issueId] }
write_patterns:
  - { name: assign, create: Assignee, also: [{ check: Issue, condition: { status: "= OPEN" } }] }
)");
  REQUIRE(d.layout);
  for (std::uint64_t seed = 1; seed <= 4; ++seed) {
    model::check::CheckOptions options;
    options.seed = seed;
    auto report = model::check::RunCheck(*d.loaded.model, *d.layout, options);
    REQUIRE(report.ok());
    INFO("seed " << seed << "\n" << Failures(*report));
    CHECK(report->passed());
  }
}

TEST_CASE("model check catches a map keyed by an attribute no write changes",
          "[model][embedded][mutation]") {
  // Nothing updates assignedAt and every child is written whole, so a map keyed by it serves
  // every pattern as long as no two assignees of one issue share a time. The check's create of a
  // sibling equal but for its username (both must be kept) finds the place taken.
  auto d = test::Derive(R"(
table: { name: tracker }
entities:
  Issue: { count: 50, identifier: issueId, attributes: { issueId: string, title: string } }
  Assignee:
    count: 120
    item_size: 60
    identifier: [issueId, username]
    attributes: { issueId: string, username: string, assignedAt: timestamp }
relationships:
  - { name: assignees, cardinality: "1:N", from: Issue, to: Assignee, max: 10, embedded: true }
access_patterns:
  - { name: issueAssignees, returns: Assignee, by: [issueId] }
write_patterns:
  - { name: assign, create: Assignee }
  - { name: unassign, delete: Assignee }
)");
  REQUIRE(d.layout);
  auto report = model::check::RunCheck(*d.loaded.model, *d.layout, {});
  REQUIRE(report.ok());
  INFO(Failures(*report));
  CHECK(report->passed());
  auto mutations = model::Mutations(*d.loaded.model, *d.layout);
  auto it = std::find_if(mutations.begin(), mutations.end(), [](const model::Mutation& mu) {
    return mu.kind == model::MutationKind::kEmbeddedWrongKey;
  });
  REQUIRE(it != mutations.end());
  CHECK(it->description == "the assignees map keyed by assignedAt instead of username");
  auto broken = model::check::RunCheck(*d.loaded.model, it->layout, {});
  REQUIRE(broken.ok());
  CHECK_FALSE(broken->passed());
  INFO(Failures(*broken));
  CHECK(Failures(*broken).find("assign: assign refused Assignee") != std::string::npos);
  CHECK(Failures(*broken).find("the map must be keyed by 'username'") != std::string::npos);
}
