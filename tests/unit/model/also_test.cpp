// Write patterns' `also:` entries: loaded and checked (E445-E448), planned into the pattern's
// TransactWriteItems, sent by exec (a failed entry condition cancels everything), priced, and
// proven by `model check` both ways, with a dropped entry caught.
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

std::string Model() { return test::ReadSource("tests/golden/check-write-also/model.yaml"); }

// kModel's entities and access patterns with `writes` as its write patterns.
std::string WithWrites(const std::string& writes) {
  std::string m = Model();
  return m.substr(0, m.find("write_patterns:")) + "write_patterns:\n" + writes + "\n";
}

// Puts every item of `record` (entity `e`) with plain PutItems.
void Put(sim::DataPlane& db, const model::Model& m, const model::KeyLayout& layout, int e,
         const model::exec::Record& record) {
  for (int t : layout.ItemTypesOf(e)) {
    for (auto& item : model::exec::RenderItems(m, layout, t, record)) {
      sim::PutItemRequest put;
      put.table_name = layout.table_name;
      put.item = item;
      REQUIRE(db.PutItem(put).ok());
    }
  }
}

std::optional<sim::Item> Get(sim::DataPlane& db, const model::Model& m,
                             const model::KeyLayout& layout, int type,
                             const model::exec::Record& record) {
  auto key = model::exec::RenderItemKey(m, layout, type, record, 1);
  REQUIRE(key);
  sim::GetItemRequest get;
  get.table_name = layout.table_name;
  get.key = *key;
  get.consistent_read = true;
  auto got = db.GetItem(get);
  REQUIRE(got.ok());
  return got->item;
}

sim::AttributeValue S(const char* s) { return sim::AttributeValue::S(s); }

}  // namespace

TEST_CASE("an also entry names the other item by name or through a relationship", "[model][also]") {
  auto l = test::Load(Model());
  INFO(l.diagnostics);
  REQUIRE(l.model);
  const auto& comment = l.model->write_patterns[0];
  REQUIRE(comment.also.size() == 1);
  CHECK(comment.also[0].kind == model::AlsoKind::kUpdate);
  CHECK(comment.also[0].attributes == std::vector<std::string>{"state", "updatedAt"});
  CHECK(comment.also[0].key_from == std::vector<std::string>{"ticketId"});
  REQUIRE(comment.also[0].conditions.size() == 1);
  CHECK(comment.also[0].conditions[0].Text() == "state <> CLOSED");
  const auto& join = l.model->write_patterns[1];
  REQUIRE(join.also.size() == 1);
  CHECK(join.also[0].kind == model::AlsoKind::kCheck);
  // Player.game is the link of relationship 'players' to Game.gameId.
  CHECK(join.also[0].key_from == std::vector<std::string>{"game"});
}

TEST_CASE("misused also entries are positioned errors", "[model][also]") {
  struct Case {
    const char* writes;
    const char* expected;
  };
  const Case cases[] = {
      {"  - { name: w, create: Comment, also: [{ update: Ticket, check: Game, attributes: [state] "
       "}] }",
       "has both 'update' and 'check'"},
      {"  - { name: w, create: Comment, also: [{ update: Ticket }] }", "lists no 'attributes'"},
      {"  - { name: w, create: Comment, also: [{ update: Ticket, attributes: [ticketId] }] }",
       "part of the identifier of 'Ticket'"},
      {"  - { name: w, create: Comment, also: [{ check: Ticket, attributes: [state], condition: "
       "{ state: \"= OPEN\" } }] }",
       "only applies to 'update'"},
      {"  - { name: w, create: Comment, also: [{ check: Game, condition: { phase: \"= LOBBY\" } "
       "}] }",
       "'Comment' has no attribute 'gameId' of its type and no relationship"},
      {"  - { name: w, create: Comment, also: [{ check: Ticket, condition: { state: \"= OPEN\" } "
       "}, { update: Ticket, attributes: [state] }] }",
       "names 'Ticket' again"},
      {"  - { name: w, create: Comment, also: [{ check: Ticket, condition: { state: \"= OPNE\" } "
       "}] }",
       "[E429]"},
      {"  - { name: w, create: Comment, condition: { text: not_exists }, also: [{ check: Ticket, "
       "condition: { state: \"= :x\", agentId: \"= :x\" } }] }",
       "uses the parameter ':x' twice"},
      {"  - { name: w, create: Comment, also: [{ check: Tickets, condition: { state: \"= OPEN\" } "
       "}] }",
       "[E421]"},
  };
  for (const Case& c : cases) {
    auto l = test::Load(WithWrites(c.writes));
    INFO(c.writes);
    INFO(l.diagnostics);
    CHECK_FALSE(l.model);
    CHECK(l.diagnostics.find(c.expected) != std::string::npos);
  }
}

TEST_CASE("the plan adds the entries' writes to one transaction", "[model][also]") {
  auto d = test::Derive(Model());
  REQUIRE(d.layout);
  const auto& types = d.layout->item_types;
  const model::WritePlan& comment = d.layout->writes[0];
  CHECK(comment.transaction);
  REQUIRE(comment.writes.size() == 2);
  CHECK(comment.writes[0].also == -1);
  CHECK(comment.writes[1].also == 0);
  CHECK(comment.writes[1].op == model::WriteOp::kUpdate);
  CHECK(types[static_cast<std::size_t>(comment.writes[1].item_type)].name == "Ticket");
  // As a standalone update of Ticket's state and updatedAt: its GSI keys move, from agentId read.
  CHECK(comment.writes[1].set_attributes == std::vector<std::string>{"state", "updatedAt"});
  CHECK(comment.writes[1].refresh_keys == std::vector<std::string>{"GSI1PK", "GSI1SK"});
  CHECK(comment.writes[1].condition ==
        "attribute_exists(PK) AND agentId = :agentId AND state <> CLOSED");
  CHECK(comment.also_read_first == std::vector<std::vector<std::string>>{{"agentId"}});
  const model::WritePlan& join = d.layout->writes[1];
  REQUIRE(join.writes.size() == 2);
  CHECK(join.writes[1].op == model::WriteOp::kCheck);
  CHECK(types[static_cast<std::size_t>(join.writes[1].item_type)].name == "Game");
  CHECK(join.writes[1].condition == "attribute_exists(PK) AND phase = LOBBY AND seats > :taken");
  // Two items in a transaction: twice the units of a Player put and of the checked Game item.
  model::WriteFigures f = model::EstimateWrite(*d.loaded.model, *d.layout, join);
  CHECK(f.transaction);
  CHECK(f.items_written == 2);
  CHECK(f.wcu_per_call == Approx(4.0));
}

TEST_CASE("exec cancels the whole transaction when an entry's condition fails", "[model][also]") {
  auto d = test::Derive(Model());
  REQUIRE(d.layout);
  const model::Model& m = *d.loaded.model;
  auto opened = sim::Database::Open();
  REQUIRE(opened.ok());
  std::unique_ptr<sim::Database> owned = std::move(opened.value());
  sim::DataPlane& db = *owned;
  REQUIRE(db.CreateTable(model::exec::CreateTableRequest(*d.layout)).ok());
  model::exec::Record game{{sim::Item{
      {"gameId", S("g1")}, {"phase", S("PLAYING")}, {"seats", sim::AttributeValue::N("4")}}}};
  Put(db, m, *d.layout, 2, game);
  model::exec::Record player{{sim::Item{
      {"game", S("g1")}, {"username", S("ann")}, {"joinedAt", S("2020-01-01T00:00:00Z")}}}};
  const model::WritePlan& join = d.layout->writes[1];
  const int player_type = d.layout->ItemTypesOf(3).front();
  model::exec::WriteStats stats;
  model::exec::Arguments taken{{"taken", sim::AttributeValue::N("2")}};
  auto refused = model::exec::ApplyWrite(db, m, *d.layout, join, nullptr, &player, stats, taken);
  REQUIRE_FALSE(refused.ok());
  CHECK(refused.error().name == "TransactionCanceledException");
  REQUIRE(refused.error().reasons.size() == 2);
  CHECK(refused.error().reasons[0].code == "None");
  CHECK(refused.error().reasons[1].code == "ConditionalCheckFailed");
  CHECK_FALSE(Get(db, m, *d.layout, player_type, player));
  // In the lobby, with a free seat: the player is put, the game unchanged.
  game.versions.back()["phase"] = S("LOBBY");
  Put(db, m, *d.layout, 2, game);
  auto full = model::exec::ApplyWrite(db, m, *d.layout, join, nullptr, &player, stats,
                                      {{"taken", sim::AttributeValue::N("4")}});
  REQUIRE_FALSE(full.ok());
  CHECK(full.error().name == "TransactionCanceledException");
  REQUIRE(model::exec::ApplyWrite(db, m, *d.layout, join, nullptr, &player, stats, taken).ok());
  CHECK(Get(db, m, *d.layout, player_type, player));
}

TEST_CASE("exec updates the entry's item from the records passed for it", "[model][also]") {
  auto d = test::Derive(Model());
  REQUIRE(d.layout);
  const model::Model& m = *d.loaded.model;
  auto opened = sim::Database::Open();
  REQUIRE(opened.ok());
  std::unique_ptr<sim::Database> owned = std::move(opened.value());
  sim::DataPlane& db = *owned;
  REQUIRE(db.CreateTable(model::exec::CreateTableRequest(*d.layout)).ok());
  sim::Item open{{"ticketId", S("t1")},
                 {"state", S("OPEN")},
                 {"agentId", S("a1")},
                 {"updatedAt", S("2020-01-01T00:00:00Z")}};
  model::exec::Record before{{open}};
  Put(db, m, *d.layout, 0, before);
  sim::Item pending = open;
  pending["state"] = S("PENDING");
  pending["updatedAt"] = S("2020-02-01T00:00:00Z");
  model::exec::Record after{{pending}};
  model::exec::Record comment{{sim::Item{{"ticketId", S("t1")},
                                         {"commentId", S("c1")},
                                         {"authorId", S("u1")},
                                         {"text", S("hello")},
                                         {"postedAt", S("2020-02-01T00:00:00Z")}}}};
  const model::WritePlan& add = d.layout->writes[0];
  model::exec::WriteStats stats;
  auto missing = model::exec::ApplyWrite(db, m, *d.layout, add, nullptr, &comment, stats);
  REQUIRE_FALSE(missing.ok());
  CHECK(missing.error().name == "ValidationException");
  model::exec::Record other = before;
  other.versions.back()["ticketId"] = S("t2");
  auto wrong = model::exec::ApplyWrite(db, m, *d.layout, add, nullptr, &comment, stats, {},
                                       {{&other, &other}});
  REQUIRE_FALSE(wrong.ok());
  CHECK(wrong.error().message.find("ticketId is t1") != std::string::npos);
  REQUIRE(model::exec::ApplyWrite(db, m, *d.layout, add, nullptr, &comment, stats, {},
                                  {{&before, &after}})
              .ok());
  const int ticket_type = d.layout->ItemTypesOf(0).front();
  auto stored = Get(db, m, *d.layout, ticket_type, before);
  REQUIRE(stored);
  CHECK(model::exec::Natural(*stored, "state") == "PENDING");
  CHECK(model::exec::Natural(*stored, "GSI1PK") == "TICKET_BY_AGENT_ID_STATE#a1#PENDING");
  // Once closed, another comment is refused and changes nothing.
  sim::Item closed = pending;
  closed["state"] = S("CLOSED");
  model::exec::Record closed_record{{closed}};
  REQUIRE(model::exec::ApplyWrite(db, m, *d.layout, add, nullptr, &comment, stats, {},
                                  {{&after, &closed_record}})
              .ok() == false);
}

TEST_CASE("model check proves also entries both ways, and a dropped entry fails",
          "[model][also][mutation]") {
  auto d = test::Derive(Model());
  REQUIRE(d.layout);
  auto report = model::check::RunCheck(*d.loaded.model, *d.layout, {});
  REQUIRE(report.ok());
  INFO(Failures(*report));
  CHECK(report->passed());
  auto mutations = model::Mutations(*d.loaded.model, *d.layout);
  auto it = std::find_if(mutations.begin(), mutations.end(), [](const model::Mutation& mu) {
    return mu.kind == model::MutationKind::kAlsoDropped;
  });
  REQUIRE(it != mutations.end());
  CHECK(it->breaks == std::vector<std::string>{"addComment"});
  auto broken = model::check::RunCheck(*d.loaded.model, it->layout, {});
  REQUIRE(broken.ok());
  CHECK_FALSE(broken->passed());
  INFO(Failures(*broken));
  CHECK(Failures(*broken).find("addComment applied where state <> CLOSED does not hold") !=
        std::string::npos);
  // Each pattern's entries without their conditions: applied where they fail.
  for (std::size_t w = 0; w < d.layout->writes.size(); ++w) {
    model::KeyLayout l = *d.layout;
    for (auto& iw : l.writes[w].writes) {
      if (iw.also < 0) continue;
      iw.conditions.clear();
      if (iw.op == model::WriteOp::kUpdate) iw.condition = "attribute_exists(PK)";
    }
    const std::string name = l.writes[w].pattern;
    if (name == "addComment") continue;  // its guard stays in `condition`; the clauses go
    auto r = model::check::RunCheck(*d.loaded.model, l, {});
    REQUIRE(r.ok());
    INFO(name << "\n" << Failures(*r));
    CHECK(Failures(*r).find(name + ": " + name + " ") != std::string::npos);
  }
}

TEST_CASE("the oracle follows an entry's update: a plan that skips an attribute fails a read",
          "[model][also]") {
  // The entry's update keeps its condition (so the failure runs are refused) but no longer sets
  // `state` nor moves the index keys built from it: the oracle's tickets move to their new
  // state, the table's stay under the old one, and the read by agent and state disagrees.
  auto d = test::Derive(Model());
  REQUIRE(d.layout);
  model::KeyLayout l = *d.layout;
  for (auto& iw : l.writes[0].writes) {
    if (iw.also < 0) continue;
    iw.set_attributes = {"updatedAt"};
    iw.refresh_keys.clear();
  }
  auto r = model::check::RunCheck(*d.loaded.model, l, {});
  REQUIRE(r.ok());
  CHECK_FALSE(r->passed());
  INFO(Failures(*r));
  CHECK(Failures(*r).find("ticketsByAgentAndState: ") != std::string::npos);
  CHECK(Failures(*r).find("addComment applied where") == std::string::npos);
}

TEST_CASE("a write whose entries pass 100 actions is refused (E519)", "[model][also]") {
  // 101 entities checked by one create: 102 actions in one TransactWriteItems.
  std::string m = "entities:\n  W: { identifier: id, attributes: { id: string } }\n";
  std::string also;
  for (int i = 0; i < 101; ++i) {
    m += "  E" + std::to_string(i) +
         ": { identifier: id, attributes: { id: string, on: boolean } }\n";
    also += std::string(also.empty() ? "" : ", ") + "{ check: E" + std::to_string(i) +
            ", condition: { on: \"= true\" } }";
  }
  m += "access_patterns:\n  - { name: getW, returns: W, by: [id] }\n";
  m += "write_patterns:\n  - { name: w, create: W, also: [" + also + "] }\n";
  auto d = test::Derive(m);
  INFO(d.diagnostics);
  CHECK_FALSE(d.layout);
  CHECK(d.diagnostics.find("would send 102 actions in one TransactWriteItems (the items it "
                           "writes, uniqueness items included, and its 'also' entries), over "
                           "DynamoDB's 100 [E519]") != std::string::npos);
}

TEST_CASE("a delete entry deletes the other item, or nothing when a condition fails",
          "[model][also]") {
  auto d = test::Derive(Model());
  REQUIRE(d.layout);
  const model::Model& m = *d.loaded.model;
  const model::WritePlan& accept = d.layout->writes[3];
  REQUIRE(accept.pattern == "acceptInvite");
  REQUIRE(accept.writes.size() == 3);
  CHECK(accept.writes[1].op == model::WriteOp::kDelete);
  CHECK(accept.writes[1].also == 0);
  CHECK(accept.writes[2].op == model::WriteOp::kCheck);
  CHECK(accept.writes[2].also == 1);
  auto opened = sim::Database::Open();
  REQUIRE(opened.ok());
  std::unique_ptr<sim::Database> owned = std::move(opened.value());
  sim::DataPlane& db = *owned;
  REQUIRE(db.CreateTable(model::exec::CreateTableRequest(*d.layout)).ok());
  model::exec::Record game{{sim::Item{
      {"gameId", S("g1")}, {"phase", S("PLAYING")}, {"seats", sim::AttributeValue::N("4")}}}};
  Put(db, m, *d.layout, 2, game);
  model::exec::Record invite{{sim::Item{
      {"game", S("g1")}, {"username", S("ann")}, {"sentAt", S("2020-01-01T00:00:00Z")}}}};
  Put(db, m, *d.layout, 4, invite);
  model::exec::Record player{{sim::Item{
      {"game", S("g1")}, {"username", S("ann")}, {"joinedAt", S("2020-01-02T00:00:00Z")}}}};
  const int invite_type = d.layout->ItemTypesOf(4).front();
  model::exec::WriteStats stats;
  model::exec::Arguments since{{"since", S("2019-12-01T00:00:00Z")}};
  std::vector<model::exec::AlsoRecord> also{{&invite, nullptr}, {}};
  // The game has started: nothing is written, the invitation stays.
  auto refused =
      model::exec::ApplyWrite(db, m, *d.layout, accept, nullptr, &player, stats, since, also);
  REQUIRE_FALSE(refused.ok());
  CHECK(refused.error().name == "TransactionCanceledException");
  CHECK(Get(db, m, *d.layout, invite_type, invite));
  game.versions.back()["phase"] = S("LOBBY");
  Put(db, m, *d.layout, 2, game);
  REQUIRE(
      model::exec::ApplyWrite(db, m, *d.layout, accept, nullptr, &player, stats, since, also).ok());
  CHECK_FALSE(Get(db, m, *d.layout, invite_type, invite));
}

TEST_CASE("a check of a transaction-kept aggregate's group item is folded into its Put",
          "[model][also]") {
  auto d = test::Derive(test::ReadSource("tests/golden/design-also-aggregate-check/model.yaml"));
  REQUIRE(d.layout);
  const model::Model& m = *d.loaded.model;
  const model::WritePlan& join = d.layout->writes[1];
  REQUIRE(join.pattern == "joinGame");
  REQUIRE(join.aggregates.size() == 1);
  auto check = std::find_if(join.writes.begin(), join.writes.end(),
                            [](const auto& iw) { return iw.op == model::WriteOp::kCheck; });
  REQUIRE(check != join.writes.end());
  CHECK(check->folded_into == join.aggregates.front());
  // Priced as the Put of the group item alone: Player and Game, no ConditionCheck of its own.
  CHECK(model::EstimateWrite(m, *d.layout, join).items_written == 2);
  auto opened = sim::Database::Open();
  REQUIRE(opened.ok());
  std::unique_ptr<sim::Database> owned = std::move(opened.value());
  sim::DataPlane& db = *owned;
  REQUIRE(db.CreateTable(model::exec::CreateTableRequest(*d.layout)).ok());
  model::exec::Record game{{sim::Item{
      {"gameId", S("g1")}, {"phase", S("PLAYING")}, {"playerCount", sim::AttributeValue::N("0")}}}};
  Put(db, m, *d.layout, 0, game);
  const int game_type = d.layout->ItemTypesOf(0).front();
  const int player_type = d.layout->ItemTypesOf(1).front();
  auto count = [&] {
    auto got = Get(db, m, *d.layout, game_type, game);
    REQUIRE(got);
    auto it = got->find("playerCount");
    REQUIRE(it != got->end());
    return it->second.scalar();
  };
  model::exec::Record ann{{sim::Item{
      {"gameId", S("g1")}, {"username", S("ann")}, {"joinedAt", S("2020-01-01T00:00:00Z")}}}};
  model::exec::WriteStats stats;
  // Not in the lobby: one action on the Game item (the Put), whose condition fails.
  auto refused = model::exec::ApplyWrite(db, m, *d.layout, join, nullptr, &ann, stats);
  REQUIRE_FALSE(refused.ok());
  CHECK(refused.error().name == "TransactionCanceledException");
  REQUIRE(refused.error().reasons.size() == 2);
  CHECK(refused.error().reasons[0].code == "None");
  CHECK(refused.error().reasons[1].code == "ConditionalCheckFailed");
  CHECK_FALSE(Get(db, m, *d.layout, player_type, ann));
  CHECK(count() == "0");
  // In the lobby: the player is put and counted, in one transaction.
  game.versions.back()["phase"] = S("LOBBY");
  Put(db, m, *d.layout, 0, game);
  REQUIRE(model::exec::ApplyWrite(db, m, *d.layout, join, nullptr, &ann, stats).ok());
  CHECK(Get(db, m, *d.layout, player_type, ann));
  CHECK(count() == "1");
  // 50 players: the count's clause fails on the Put, and nothing changes.
  game.versions.back()["playerCount"] = sim::AttributeValue::N("50");
  Put(db, m, *d.layout, 0, game);
  model::exec::Record bob{{sim::Item{
      {"gameId", S("g1")}, {"username", S("bob")}, {"joinedAt", S("2020-01-01T00:00:00Z")}}}};
  auto full = model::exec::ApplyWrite(db, m, *d.layout, join, nullptr, &bob, stats);
  REQUIRE_FALSE(full.ok());
  CHECK(full.error().name == "TransactionCanceledException");
  CHECK_FALSE(Get(db, m, *d.layout, player_type, bob));
  CHECK(count() == "50");
}
