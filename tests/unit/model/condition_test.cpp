// Write patterns' `condition:`: loaded and checked (E426-E430), carried by the plan on the
// entity's main item, sent by exec, and proven by `model check` both ways.
#include <algorithm>
#include <catch2/catch.hpp>
#include <string>

#include "model/check/check.h"
#include "model/check/synth.h"
#include "model/condition_text.h"
#include "model/exec/items.h"
#include "model/exec/writes.h"
#include "model/range_bounds.h"
#include "model/sim/engine/database.h"
#include "model_fixture.h"
#include "tests/support/mutate.h"

namespace {

const char* const kModel = R"yaml(
entities:
  Flight:
    identifier: flightId
    attributes: { flightId: string, origin: string, booked: integer, "closedAt": "timestamp?" }
  Ticket:
    identifier: ticketId
    attributes:
      ticketId: string
      state: { type: enum, values: [OPEN, CLOSED] }
      authorId: string
access_patterns:
  - { name: flightsFrom, returns: Flight, by: [origin] }
  - { name: ticketsByAuthor, returns: Ticket, by: [authorId] }
write_patterns:
  - { name: bookSeat, update: Flight, attributes: [booked], condition: { booked: "< 50", closedAt: not_exists } }
  - { name: closeTicket, update: Ticket, attributes: [state], condition: { state: "= OPEN" } }
  - { name: deleteTicket, delete: Ticket, condition: { authorId: "= :caller" } }
)yaml";

// kModel with its write patterns replaced by `writes`.
std::string WithWrites(const std::string& writes) {
  std::string m = kModel;
  return m.substr(0, m.find("write_patterns:")) + "write_patterns:\n" + writes + "\n";
}

std::string Failures(const model::CheckReport& report) {
  std::string out;
  for (const auto& p : report.patterns) {
    for (const auto& f : p.failures) out += p.name + ": " + f + "\n";
  }
  return out;
}

}  // namespace

TEST_CASE("a condition is read into its clauses", "[model][condition]") {
  auto l = test::Load(kModel);
  INFO(l.diagnostics);
  REQUIRE(l.model);
  const auto& book = l.model->write_patterns[0];
  REQUIRE(book.conditions.size() == 2);
  CHECK(book.conditions[0].attribute == "booked");
  CHECK(book.conditions[0].op == model::ConditionOp::kLt);
  CHECK(book.conditions[0].value == "50");
  CHECK(book.conditions[0].Text() == "booked < 50");
  CHECK(book.conditions[1].op == model::ConditionOp::kNotExists);
  CHECK(book.conditions[1].Text() == "attribute_not_exists(closedAt)");
  const auto& del = l.model->write_patterns[2];
  REQUIRE(del.conditions.size() == 1);
  CHECK(del.conditions[0].parameter == "caller");
  CHECK(del.conditions[0].value.empty());
  CHECK(del.conditions[0].Text() == "authorId = :caller");
  // As the model writes them (model/condition_text.h), for comments and the generated errors.
  CHECK(model::ConditionSourceText(book.conditions[0]) == "booked: \"< 50\"");
  CHECK(model::ConditionSourceText(book.conditions[1]) == "closedAt: not_exists");
  CHECK(model::ConditionSourceText(del.conditions[0]) == "authorId: \"= :caller\"");
  CHECK(model::WriteConditionsText(*l.model, book) ==
        "condition { booked: \"< 50\", closedAt: not_exists }");
}

TEST_CASE("a condition's literal is written as a YAML double-quoted scalar", "[model][condition]") {
  model::WriteCondition c;
  c.attribute = "label";
  c.op = model::ConditionOp::kNe;
  c.value = "say \"hi\"\\\n\x01";
  CHECK(model::ConditionSourceText(c) == "label: \"<> say \\\"hi\\\"\\\\\\n\\x01\"");
}

TEST_CASE("range bounds take '_' after a parameter's name", "[model][range]") {
  model::AccessPattern p;
  CHECK(model::RangeBoundNames(p).empty());
  p.range_condition = model::RangeCondition{"readAt", model::RangeOp::kGe, {}};
  CHECK(model::RangeBoundNames(p) == std::vector<std::string>{"value"});
  p.params = {"meterId", "value", "value_"};
  CHECK(model::RangeBoundNames(p) == std::vector<std::string>{"value__"});
  p.range_condition->op = model::RangeOp::kBetween;
  p.params = {"artist"};
  p.param_names = {"from"};  // the caller's name of a link attribute counts too
  CHECK(model::RangeBoundNames(p) == std::vector<std::string>{"from_", "to"});
}

TEST_CASE("a condition's misuse is a positioned error", "[model][condition]") {
  struct Case {
    const char* writes;
    const char* expected;
  };
  const Case cases[] = {
      {"  - { name: w, update: Flight, attributes: [booked], condition: { bookd: \"< 50\" } }",
       "m.yaml:16:67: error: write pattern 'w' has a condition on 'bookd', which entity 'Flight' "
       "does not have; did you mean 'booked'? [E426]"},
      {"  - { name: w, update: Flight, attributes: [booked], condition: { booked: \"50\" } }",
       "m.yaml:16:75: error: the condition on 'booked' in write pattern 'w' is '50', which does "
       "not start with an operator; write an operator (=, <>, <, <=, >, >=) and a value or a "
       ":parameter, e.g. \"< 50\" or \"= :caller\", or exists or not_exists [E427]"},
      {"  - { name: w, update: Ticket, attributes: [state], condition: { state: \"< OPEN\" } }",
       "m.yaml:16:73: error: write pattern 'w' compares 'state' with '<', but it is an enum, which "
       "has no order: use = or <> [E428]"},
      {"  - { name: w, update: Flight, attributes: [booked], condition: { origin: exists } }",
       "m.yaml:16:75: error: write pattern 'w' has 'exists' on 'origin', a required attribute "
       "that every item has, so it always holds; use it on an optional attribute [E428]"},
      {"  - { name: w, update: Flight, attributes: [booked], condition: { booked: \"< lots\" } }",
       "m.yaml:16:75: error: write pattern 'w' compares 'booked' with 'lots', but it is an "
       "integer: write a whole number [E429]"},
      {"  - { name: w, create: Ticket, condition: { state: \"= OPEN\" } }",
       "m.yaml:16:52: error: write pattern 'w' creates 'Ticket', whose item does not exist "
       "before the write, so 'state = OPEN' could never hold; a create's condition can only be "
       "not_exists (the create already fails when the item exists) [E430]"},
  };
  for (const Case& c : cases) {
    auto l = test::Load(WithWrites(c.writes));
    INFO(c.writes);
    INFO(l.diagnostics);
    CHECK_FALSE(l.model);
    CHECK(l.diagnostics.find(c.expected) != std::string::npos);
  }
}

TEST_CASE("the plan carries the condition on the entity's main item", "[model][condition]") {
  auto d = test::Derive(kModel);
  REQUIRE(d.layout);
  const model::WritePlan& book = d.layout->writes[0];
  REQUIRE(book.writes.size() == 1);
  CHECK(book.writes[0].condition ==
        "attribute_exists(PK) AND booked < 50 AND attribute_not_exists(closedAt)");
  CHECK(book.writes[0].conditions.size() == 2);
  const model::WritePlan& del = d.layout->writes[2];
  CHECK(del.writes[0].condition == "attribute_exists(PK) AND authorId = :caller");
}

TEST_CASE("exec sends the condition: a failing one is refused and changes nothing",
          "[model][condition]") {
  auto d = test::Derive(kModel);
  REQUIRE(d.layout);
  const model::Model& m = *d.loaded.model;
  auto opened = sim::Database::Open();
  REQUIRE(opened.ok());
  std::unique_ptr<sim::Database> owned = std::move(opened.value());
  sim::DataPlane& db = *owned;
  REQUIRE(db.CreateTable(model::exec::CreateTableRequest(*d.layout)).ok());
  model::exec::Record ticket{{sim::Item{{"ticketId", sim::AttributeValue::S("t1")},
                                        {"state", sim::AttributeValue::S("OPEN")},
                                        {"authorId", sim::AttributeValue::S("ann")}}}};
  const model::WritePlan& del = d.layout->writes[2];
  model::exec::WriteStats stats;
  // Created through a plain put of its items.
  for (int t : d.layout->ItemTypesOf(1)) {
    for (auto& item : model::exec::RenderItems(m, *d.layout, t, ticket)) {
      sim::PutItemRequest put;
      put.table_name = d.layout->table_name;
      put.item = item;
      REQUIRE(db.PutItem(put).ok());
    }
  }
  auto refused = model::exec::ApplyWrite(db, m, *d.layout, del, &ticket, nullptr, stats,
                                         {{"caller", sim::AttributeValue::S("bob")}});
  REQUIRE_FALSE(refused.ok());
  CHECK(refused.error().name == "ConditionalCheckFailedException");
  auto missing = model::exec::ApplyWrite(db, m, *d.layout, del, &ticket, nullptr, stats);
  REQUIRE_FALSE(missing.ok());
  CHECK(missing.error().name == "ValidationException");
  auto done = model::exec::ApplyWrite(db, m, *d.layout, del, &ticket, nullptr, stats,
                                      {{"caller", sim::AttributeValue::S("ann")}});
  CHECK(done.ok());
}

TEST_CASE("model check proves conditional writes both ways, and a dropped condition fails",
          "[model][condition][mutation]") {
  auto d = test::Derive(kModel);
  REQUIRE(d.layout);
  auto report = model::check::RunCheck(*d.loaded.model, *d.layout, {});
  REQUIRE(report.ok());
  INFO(Failures(*report));
  CHECK(report->passed());
  auto mutations = model::Mutations(*d.loaded.model, *d.layout);
  auto it = std::find_if(mutations.begin(), mutations.end(), [](const model::Mutation& mu) {
    return mu.kind == model::MutationKind::kConditionDropped;
  });
  REQUIRE(it != mutations.end());
  CHECK(it->breaks == std::vector<std::string>{"bookSeat"});
  auto broken = model::check::RunCheck(*d.loaded.model, it->layout, {});
  REQUIRE(broken.ok());
  CHECK_FALSE(broken->passed());
  std::string failures = Failures(*broken);
  INFO(failures);
  CHECK(failures.find("bookSeat applied to Flight") != std::string::npos);
  CHECK(failures.find("the condition was not sent") != std::string::npos);
}

TEST_CASE("each conditional update and delete without its condition fails the check",
          "[model][condition][mutation]") {
  // The golden case's model: literals of each kind, parameters, and a condition inside a
  // TransactWriteItems (changeEmail moves a uniqueness item).
  auto d = test::Derive(test::ReadSource("tests/golden/check-write-conditions/model.yaml"));
  REQUIRE(d.layout);
  auto report = model::check::RunCheck(*d.loaded.model, *d.layout, {});
  REQUIRE(report.ok());
  INFO(Failures(*report));
  CHECK(report->passed());
  int dropped = 0;
  for (std::size_t w = 0; w < d.layout->writes.size(); ++w) {
    const auto& wp = d.loaded.model->write_patterns[w];
    if (wp.conditions.empty() || wp.kind == model::WriteKind::kCreate) continue;
    model::KeyLayout l = *d.layout;
    for (auto& iw : l.writes[w].writes) iw.conditions.clear();
    auto r = model::check::RunCheck(*d.loaded.model, l, {});
    REQUIRE(r.ok());
    INFO(wp.name << "\n" << Failures(*r));
    CHECK(Failures(*r).find(wp.name + ": " + wp.name + " applied to") != std::string::npos);
    ++dropped;
  }
  CHECK(dropped == 5);
}

TEST_CASE("a condition on a unique attribute's literal finds its one record both ways",
          "[model][condition]") {
  auto d = test::Derive(R"yaml(
entities:
  User:
    identifier: userId
    attributes: { userId: string, email: { type: string, unique: true }, karma: integer }
access_patterns:
  - { name: byEmail, returns: User, by: [email] }
write_patterns:
  - { name: promoteAdmin, update: User, attributes: [karma], condition: { email: "= admin@example.com" } }
  - { name: dropUser, delete: User, condition: { email: "<> admin@example.com" } }
)yaml");
  REQUIRE(d.layout);
  auto report = model::check::RunCheck(*d.loaded.model, *d.layout, {});
  REQUIRE(report.ok());
  INFO(Failures(*report));
  CHECK(report->passed());
  // Exactly one synthetic user holds the literal: the value stays unique.
  auto data = model::check::Synthesize(*d.loaded.model, {});
  int admins = 0;
  for (const auto& r : data.records[0]) {
    admins += model::exec::Natural(r.current(), "email") == "admin@example.com" ? 1 : 0;
  }
  CHECK(admins == 1);
}
