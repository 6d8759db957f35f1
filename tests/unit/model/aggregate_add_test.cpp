// Counts and sums kept in the writes' transactions by UpdateItem ADD (aggregate_rules.h
// KeptByAdd, model/exec/aggregates.h PlanGroupAdds): no read of the group item, one Update per
// group item however many aggregates keep values on it, the item made whole on its first write,
// a move between groups taking from one and adding to the other, an `also` check folded into the
// Update's condition, the cost with no group read, and a sharded group's shard items.
#include <algorithm>
#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "forwarding_plane.h"
#include "model/aggregate_rules.h"
#include "model/cost.h"
#include "model/exec/aggregates.h"
#include "model/exec/items.h"
#include "model/exec/writes.h"
#include "model/layout.h"
#include "model/sim/engine/database.h"
#include "model_fixture.h"

using model::exec::Record;

namespace {

constexpr const char* kPolls = R"(
table: { name: polls }
entities:
  Vote:
    identifier: voteId
    count: 10000
    attributes: { voteId: string, pollId: string, score: integer }
  PollTally:
    identifier: pollId
    count: 100
    attributes: { pollId: string, votes: integer, points: integer }
access_patterns:
  - { name: getTally, returns: PollTally, by: [pollId], consistent: true }
  - { name: getVote, returns: Vote, by: [voteId] }
write_patterns:
  - { name: castVote, create: Vote, rate: 10 }
  - name: castCappedVote
    create: Vote
    also: [{ check: PollTally, condition: { votes: "< 2" } }]
  - { name: moveVote, update: Vote, attributes: [pollId] }
  - { name: rescore, update: Vote, attributes: [score] }
  - { name: retractVote, delete: Vote }
aggregates:
  - { name: pollVotes, of: Vote, into: PollTally, group: { pollId: pollId }, values: { votes: count }, maintain: transaction }
  - { name: pollPoints, of: Vote, into: PollTally, group: { pollId: pollId }, values: { points: { sum: score } }, maintain: transaction }
)";

// Forwards to a table and records what the writes sent: the GetItems, and each
// TransactWriteItems' actions.
class Recording : public test::ForwardingPlane {
 public:
  using ForwardingPlane::ForwardingPlane;
  int gets = 0;
  std::vector<sim::TransactWriteItemsRequest> transactions;
  sim::SimResult<sim::GetItemResponse> GetItem(const sim::GetItemRequest& r) override {
    ++gets;
    return base_.GetItem(r);
  }
  sim::SimResult<sim::TransactWriteItemsResponse> TransactWriteItems(
      const sim::TransactWriteItemsRequest& r) override {
    transactions.push_back(r);
    return base_.TransactWriteItems(r);
  }
};

Record Vote(const std::string& id, const std::string& poll, const std::string& score) {
  Record r;
  r.versions.push_back(sim::Item{{"voteId", sim::AttributeValue::S(id)},
                                 {"pollId", sim::AttributeValue::S(poll)},
                                 {"score", sim::AttributeValue::N(score)}});
  return r;
}

const model::WritePlan& Plan(const model::KeyLayout& layout, const std::string& name) {
  for (const model::WritePlan& w : layout.writes)
    if (w.pattern == name) return w;
  FAIL("no write plan " << name);
  return layout.writes.front();
}

// The stored PollTally item of `poll`, or an empty item when there is none.
sim::Item Tally(sim::Database& db, const model::Model& m, const model::KeyLayout& layout,
                const std::string& poll) {
  int type = layout.ItemTypesOf(1).front();
  auto key = model::exec::RenderItemKey(
      m, layout, type, Record{{sim::Item{{"pollId", sim::AttributeValue::S(poll)}}}}, 1);
  REQUIRE(key);
  sim::GetItemRequest get;
  get.table_name = layout.table_name;
  get.key = *key;
  get.consistent_read = true;
  auto got = db.GetItem(get);
  REQUIRE(got.ok());
  return got->item.value_or(sim::Item{});
}

std::string N(const sim::Item& item, const std::string& name) {
  auto it = item.find(name);
  return it == item.end() ? "absent" : it->second.scalar();
}

}  // namespace

TEST_CASE("aggregates: counts and sums kept by ADD update the group item without reading it",
          "[aggregate][add]") {
  test::Derived d = test::Derive(kPolls);
  INFO(d.diagnostics);
  REQUIRE(d.layout);
  const model::Model& m = *d.loaded.model;
  const model::KeyLayout& layout = *d.layout;
  REQUIRE(layout.aggregates.size() == 2);
  REQUIRE(model::KeptByAdd(m, layout, 0));
  REQUIRE(model::KeptByAdd(m, layout, 1));
  auto opened = sim::Database::Open();
  REQUIRE(opened.ok());
  sim::Database& db = *opened.value();
  REQUIRE(db.CreateTable(model::exec::CreateTableRequest(layout)).ok());
  Recording plane(db);
  model::exec::WriteStats stats;

  // The first vote of poll p1: the Vote's Put and ONE Update of the tally (both aggregates'
  // ADDs merged), nothing read; the Update makes the item whole.
  Record v1 = Vote("v1", "p1", "5");
  REQUIRE(model::exec::ApplyWrite(plane, m, layout, Plan(layout, "castVote"), nullptr, &v1, stats)
              .ok());
  CHECK(plane.gets == 0);
  CHECK(stats.rcu == 0);
  REQUIRE(plane.transactions.size() == 1);
  const auto& actions = plane.transactions[0].transact_items;
  REQUIRE(actions.size() == 2);
  REQUIRE(actions[1].update);
  CHECK(actions[1].update->update_expression ==
        "SET #gs0 = if_not_exists(#gs0, :gs0), #gs1 = if_not_exists(#gs1, :gs1) "
        "ADD #ga0 :ga0, #ga1 :ga1, #aggv :aggone");
  CHECK(actions[1].update->condition_expression.empty());
  CHECK(actions[1].update->expression_attribute_names.at("#ga0") == "votes");
  CHECK(actions[1].update->expression_attribute_names.at("#ga1") == "points");
  CHECK(actions[1].update->expression_attribute_values.at(":ga1").scalar() == "5");
  // The item as an empty group's Put would have made it, then the vote added.
  sim::Item t = Tally(db, m, layout, "p1");
  CHECK(N(t, "votes") == "1");
  CHECK(N(t, "points") == "5");
  CHECK(t.at("pollId").scalar() == "p1");
  CHECK(t.at(model::kTypeAttribute).scalar() == "POLL_TALLY");
  CHECK(N(t, model::kAggregateVersionAttribute) == "1");
  // A transaction: the Vote (1 KB) and the tally (1 KB), twice each.
  CHECK(stats.wcu == 4);

  Record v2 = Vote("v2", "p1", "2");
  REQUIRE(model::exec::ApplyWrite(plane, m, layout, Plan(layout, "castVote"), nullptr, &v2, stats)
              .ok());
  t = Tally(db, m, layout, "p1");
  CHECK(N(t, "votes") == "2");
  CHECK(N(t, "points") == "7");
  CHECK(N(t, model::kAggregateVersionAttribute) == "2");

  // A move: the group left takes the vote away, the one joined (new: made whole) gains it.
  Record moved = Vote("v2", "p2", "2");
  REQUIRE(
      model::exec::ApplyWrite(plane, m, layout, Plan(layout, "moveVote"), &v2, &moved, stats).ok());
  CHECK(plane.transactions.back().transact_items.size() == 3);
  t = Tally(db, m, layout, "p1");
  CHECK(N(t, "votes") == "1");
  CHECK(N(t, "points") == "5");
  sim::Item t2 = Tally(db, m, layout, "p2");
  CHECK(N(t2, "votes") == "1");
  CHECK(N(t2, "points") == "2");
  CHECK(t2.at(model::kTypeAttribute).scalar() == "POLL_TALLY");

  // A new score within the group: the difference, the count unchanged.
  Record rescored = Vote("v1", "p1", "9");
  REQUIRE(model::exec::ApplyWrite(plane, m, layout, Plan(layout, "rescore"), &v1, &rescored, stats)
              .ok());
  t = Tally(db, m, layout, "p1");
  CHECK(N(t, "votes") == "1");
  CHECK(N(t, "points") == "9");

  // The `also` check of the tally folded into its Update: one action on the item, holding at
  // votes 1 (now 2), failing at 2 (the transaction cancelled, nothing changed).
  Record v3 = Vote("v3", "p1", "1");
  REQUIRE(
      model::exec::ApplyWrite(plane, m, layout, Plan(layout, "castCappedVote"), nullptr, &v3, stats)
          .ok());
  const auto& capped = plane.transactions.back().transact_items;
  REQUIRE(capped.size() == 2);
  REQUIRE(capped[1].update);
  CHECK(capped[1].update->condition_expression == "attribute_exists(#pk) AND #c0 < :c0");
  t = Tally(db, m, layout, "p1");
  CHECK(N(t, "votes") == "2");
  CHECK(N(t, "points") == "10");
  Record v4 = Vote("v4", "p1", "1");
  auto refused = model::exec::ApplyWrite(plane, m, layout, Plan(layout, "castCappedVote"), nullptr,
                                         &v4, stats);
  REQUIRE_FALSE(refused.ok());
  CHECK(refused.error().name == "TransactionCanceledException");
  t = Tally(db, m, layout, "p1");
  CHECK(N(t, "votes") == "2");
  CHECK(N(t, "points") == "10");

  // A delete takes the vote away; the group keeps its item at 0.
  REQUIRE(
      model::exec::ApplyWrite(plane, m, layout, Plan(layout, "retractVote"), &moved, nullptr, stats)
          .ok());
  t2 = Tally(db, m, layout, "p2");
  CHECK(N(t2, "votes") == "0");
  CHECK(N(t2, "points") == "0");
  CHECK(plane.gets == 0);
}

TEST_CASE("aggregates: a write keeping counts by ADD is priced with no group read",
          "[aggregate][add][cost]") {
  test::Derived d = test::Derive(kPolls);
  REQUIRE(d.layout);
  const model::Model& m = *d.loaded.model;
  model::WriteFigures f = model::EstimateWrite(m, *d.layout, Plan(*d.layout, "castVote"));
  CHECK(f.group_reads == 0);
  CHECK(f.rcu_per_call == 0);
  // The Vote and ONE tally item for both aggregates (SharesGroupItem), in a transaction.
  CHECK(f.items_written == 2);
  model::AggregateFigures g = model::EstimateAggregate(m, *d.layout, d.layout->aggregates[0]);
  CHECK(g.rcu_per_group == 0);
  // A move writes both groups: one more tally item, at twice its units.
  model::WriteFigures moved = model::EstimateWrite(m, *d.layout, Plan(*d.layout, "moveVote"));
  CHECK(moved.group_reads == 0);
  CHECK(moved.items_written == 3);
  CHECK(moved.wcu_per_call - f.wcu_per_call == 2 * g.wcu_per_group);
}

TEST_CASE("aggregates: a min beside a count on one item keeps the read and the Put",
          "[aggregate][add]") {
  std::string text = kPolls;
  text.replace(text.find("points: integer"), 15,
               "points: integer, lowest: { type: integer, required: false }");
  text.replace(text.find("values: { points: { sum: score } }"), 34,
               "values: { points: { sum: score }, lowest: { min: score } }");
  test::Derived d = test::Derive(text);
  INFO(d.diagnostics);
  REQUIRE(d.layout);
  const model::Model& m = *d.loaded.model;
  CHECK_FALSE(model::KeptByAdd(m, *d.layout, 0));
  CHECK_FALSE(model::KeptByAdd(m, *d.layout, 1));
  model::WriteFigures f = model::EstimateWrite(m, *d.layout, Plan(*d.layout, "castVote"));
  CHECK(f.group_reads == 1);
}

TEST_CASE("aggregates: ADD on items the application makes requires the item and sets nothing else",
          "[aggregate][add]") {
  // openPoll makes PollTally: the application's items, so each ADD is conditioned on the item.
  std::string text = kPolls;
  text.replace(text.find("write_patterns:\n"), 16,
               "write_patterns:\n  - { name: openPoll, create: PollTally }\n");
  test::Derived d = test::Derive(text);
  INFO(d.diagnostics);
  REQUIRE(d.layout);
  const model::Model& m = *d.loaded.model;
  const model::KeyLayout& layout = *d.layout;
  REQUIRE(model::KeptByAdd(m, layout, 0));
  REQUIRE(model::KeptByAdd(m, layout, 1));
  auto opened = sim::Database::Open();
  REQUIRE(opened.ok());
  sim::Database& db = *opened.value();
  REQUIRE(db.CreateTable(model::exec::CreateTableRequest(layout)).ok());
  Recording plane(db);
  model::exec::WriteStats stats;

  // A vote in poll p1, which the application never opened: refused, nothing written.
  Record v1 = Vote("v1", "p1", "5");
  auto refused =
      model::exec::ApplyWrite(plane, m, layout, Plan(layout, "castVote"), nullptr, &v1, stats);
  REQUIRE_FALSE(refused.ok());
  CHECK(refused.error().name == "TransactionCanceledException");
  REQUIRE(plane.transactions.size() == 1);
  const auto& actions = plane.transactions[0].transact_items;
  REQUIRE(actions.size() == 2);
  REQUIRE(actions[1].update);
  CHECK(actions[1].update->update_expression == "ADD #ga0 :ga0, #ga1 :ga1, #aggv :aggone");
  CHECK(actions[1].update->condition_expression == "attribute_exists(#pk)");
  CHECK(actions[1].update->expression_attribute_names.at("#pk") == layout.partition_key);
  CHECK(Tally(db, m, layout, "p1").empty());
  CHECK(plane.gets == 0);

  // Opened, the poll takes the vote: its other attributes are the application's.
  Record poll;
  poll.versions.push_back(sim::Item{{"pollId", sim::AttributeValue::S("p1")}});
  REQUIRE(model::exec::ApplyWrite(plane, m, layout, Plan(layout, "openPoll"), nullptr, &poll, stats)
              .ok());
  REQUIRE(model::exec::ApplyWrite(plane, m, layout, Plan(layout, "castVote"), nullptr, &v1, stats)
              .ok());
  sim::Item t = Tally(db, m, layout, "p1");
  CHECK(N(t, "votes") == "1");
  CHECK(N(t, "points") == "5");

  // The capped vote's check folds into the same Update: the existence is said once.
  Record v2 = Vote("v2", "p1", "1");
  REQUIRE(
      model::exec::ApplyWrite(plane, m, layout, Plan(layout, "castCappedVote"), nullptr, &v2, stats)
          .ok());
  const auto& capped = plane.transactions.back().transact_items;
  REQUIRE(capped.size() == 2);
  REQUIRE(capped[1].update);
  CHECK(capped[1].update->condition_expression.rfind("attribute_exists(#pk) AND ", 0) == 0);
  CHECK(capped[1].update->condition_expression.find("attribute_exists(#pk)", 1) ==
        std::string::npos);
  CHECK(N(Tally(db, m, layout, "p1"), "votes") == "2");
}

TEST_CASE("aggregates: ADD on a sharded group updates the shard the item hashes to, unread",
          "[aggregate][add][shards]") {
  // openPoll makes PollTally (the application's items); each tally's values are split over 4
  // write shards. A vote ADDs to the one shard it hashes to: shard 0 is the tally item,
  // conditioned on its existence; shards 1..3 are items their first ADD makes.
  std::string text = kPolls;
  text.replace(text.find("write_patterns:\n"), 16,
               "write_patterns:\n  - { name: openPoll, create: PollTally }\n");
  const std::string capped =
      "  - name: castCappedVote\n    create: Vote\n    also: [{ check: PollTally, condition: { "
      "votes: \"< 2\" } }]\n";
  REQUIRE(text.find(capped) != std::string::npos);
  text.erase(text.find(capped), capped.size());
  for (std::size_t at = text.find("maintain: transaction }"); at != std::string::npos;
       at = text.find("maintain: transaction }", at + 1))
    text.replace(at, 23, "maintain: transaction, shards: 4 }");
  test::Derived d = test::Derive(text);
  INFO(d.diagnostics);
  REQUIRE(d.layout);
  const model::Model& m = *d.loaded.model;
  const model::KeyLayout& layout = *d.layout;
  REQUIRE(layout.aggregates[0].shards == 4);
  REQUIRE(model::KeptByAdd(m, layout, 0));
  REQUIRE(model::KeptByAdd(m, layout, 1));
  model::WriteFigures f = model::EstimateWrite(m, layout, Plan(layout, "castVote"));
  CHECK(f.group_reads == 0);
  auto opened = sim::Database::Open();
  REQUIRE(opened.ok());
  sim::Database& db = *opened.value();
  REQUIRE(db.CreateTable(model::exec::CreateTableRequest(layout)).ok());
  Recording plane(db);
  model::exec::WriteStats stats;
  Record poll;
  poll.versions.push_back(sim::Item{{"pollId", sim::AttributeValue::S("p1")}});
  REQUIRE(model::exec::ApplyWrite(plane, m, layout, Plan(layout, "openPoll"), nullptr, &poll, stats)
              .ok());

  std::vector<int> landed(4, 0);
  for (int i = 0; i < 24; ++i) {
    Record v = Vote("v" + std::to_string(i), "p1", "2");
    const int shard = model::exec::GroupShardOf(m, layout, 0, v.current());
    REQUIRE(model::exec::ApplyWrite(plane, m, layout, Plan(layout, "castVote"), nullptr, &v, stats)
                .ok());
    ++landed[static_cast<std::size_t>(shard)];
    // Shard 0 (the tally item) holds both aggregates' values: ONE Update for both. Shards
    // 1..3 are each aggregate's own items (their own shard keys): one Update each.
    const auto& actions = plane.transactions.back().transact_items;
    REQUIRE(actions.size() == (shard == 0 ? 2u : 3u));
    const sim::Item group{{"pollId", sim::AttributeValue::S("p1")}};
    for (std::size_t a = 1; a < actions.size(); ++a) {
      REQUIRE(actions[a].update);
      const auto& u = *actions[a].update;
      auto key = model::exec::GroupShardKey(m, layout, static_cast<int>(a - 1), group, shard);
      REQUIRE(key);
      CHECK(u.key == *key);
      if (shard == 0) {
        CHECK(u.update_expression == "ADD #ga0 :ga0, #ga1 :ga1, #aggv :aggone");
        CHECK(u.condition_expression == "attribute_exists(#pk)");
      } else {
        CHECK(u.condition_expression.empty());
        CHECK(u.update_expression.rfind("SET ", 0) == 0);
        CHECK(u.update_expression.find("if_not_exists") != std::string::npos);
        CHECK(u.update_expression.find(" ADD #ga0 :ga0, #aggv :aggone") != std::string::npos);
      }
    }
  }
  CHECK(plane.gets == 0);
  CHECK(stats.rcu == 0);
  // The shards' items hold what landed on them, and add up to the group's values: votes on
  // pollVotes' shards, points on pollPoints' (shard 0, the tally item, holds both).
  int votes = 0, points = 0;
  for (int s = 0; s < 4; ++s) {
    const int n = landed[static_cast<std::size_t>(s)];
    for (int agg = 0; agg < 2; ++agg) {
      auto key = model::exec::GroupShardKey(m, layout, agg,
                                            sim::Item{{"pollId", sim::AttributeValue::S("p1")}}, s);
      REQUIRE(key);
      sim::GetItemRequest get;
      get.table_name = layout.table_name;
      get.key = *key;
      auto got = db.GetItem(get);
      REQUIRE(got.ok());
      if (n == 0) {
        if (s > 0) CHECK_FALSE(got->item);
        continue;
      }
      REQUIRE(got->item);
      if (agg == 0) {
        CHECK(N(*got->item, "votes") == std::to_string(n));
        votes += n;
      } else {
        CHECK(N(*got->item, "points") == std::to_string(2 * n));
        points += 2 * n;
      }
      if (s > 0) {
        CHECK(N(*got->item, model::kTypeAttribute) ==
              layout.aggregates[static_cast<std::size_t>(agg)].shard_label);
        CHECK(N(*got->item, model::kShardAttribute) == std::to_string(s));
        CHECK(N(*got->item, "pollId") == "p1");
      }
    }
  }
  CHECK(votes == 24);
  CHECK(points == 48);
  CHECK(landed[0] > 0);
  CHECK(landed[0] < 24);

  // Poll p2 was never opened: a vote landing on shard 0 is refused with its transaction; one
  // landing on another shard goes into that shard's items, which no read reaches without p2's
  // tally item.
  bool refused = false, taken = false;
  for (int i = 0; i < 24 && !(refused && taken); ++i) {
    Record v = Vote("w" + std::to_string(i), "p2", "1");
    const int shard = model::exec::GroupShardOf(m, layout, 0, v.current());
    auto done =
        model::exec::ApplyWrite(plane, m, layout, Plan(layout, "castVote"), nullptr, &v, stats);
    if (shard == 0) {
      REQUIRE_FALSE(done.ok());
      CHECK(done.error().name == "TransactionCanceledException");
      refused = true;
    } else {
      CHECK(done.ok());
      taken = true;
    }
  }
  CHECK(refused);
  CHECK(taken);
  CHECK(Tally(db, m, layout, "p2").empty());
  CHECK(plane.gets == 0);
}
