// Aggregates: regressions a newcomer's trial and a break-it trial found (state of several
// aggregates on one item, an error beside another aggregate, chains, Time to Live and read
// time, the write load with the state a transaction keeps).
#include <algorithm>
#include <catch2/catch.hpp>
#include <string>

#include "model/check/check.h"
#include "model/cost.h"
#include "model_fixture.h"

namespace {

// Two aggregates keeping state on one Room item: a minimum and a latest value.
std::string Room(const std::string& first_extra, const std::string& reads = "") {
  return R"yaml(table: { name: mini, streams: true }
entities:
  Room:
    attributes: { roomId: string, name: string, minScore: "integer?", lastText: "string?", lastAt: "timestamp?" }
  Message:
    identifier: messageId
    attributes: { messageId: string, roomId: string, score: integer, text: string, sentAt: timestamp }
access_patterns:
  - { name: getRoom, returns: Room, by: [roomId] }
)yaml" + reads +
         R"yaml(write_patterns:
  - { name: send, create: Message }
  - { name: edit, update: Message, attributes: [score] }
  - { name: unsend, delete: Message }
aggregates:
  - { name: lowScore, of: Message, into: Room, group: { roomId: roomId }, values: { minScore: { min: score } })yaml" +
         first_extra + R"yaml( }
  - { name: lastMsg, of: Message, into: Room, group: { roomId: roomId }, values: { lastText: { latest: text, by: sentAt }, lastAt: { latest: sentAt, by: sentAt } } }
)yaml";
}

}  // namespace

TEST_CASE("aggregates: a min and a latest on one item keep each other's state",
          "[model][aggregate][trial]") {
  for (const char* pin : {"", ", maintain: transaction"}) {
    auto d = test::Derive(Room(pin));
    INFO(d.diagnostics);
    REQUIRE(d.layout);
    model::check::CheckOptions options;
    options.items = 300;
    auto report = model::check::RunCheck(*d.loaded.model, *d.layout, options);
    REQUIRE(report.ok());
    INFO(test::CheckFailures(*report));
    CHECK(report->passed());
    CHECK(report->aggregates[0].groups_compared > 0);
  }
}

TEST_CASE("aggregates: a failed aggregate leaves the next one planned without a crash",
          "[model][aggregate][trial]") {
  // lowScore pins read time with no collection read (E516); lastMsg is planned after it.
  auto d = test::Derive(Room(", maintain: read"));
  CHECK_FALSE(d.layout);
  CHECK(d.diagnostics.find("[E516]") != std::string::npos);
}

TEST_CASE("aggregates: a chained aggregate is priced with the upstream maintainer's writes",
          "[model][aggregate][trial][cost]") {
  const char* chain = R"yaml(table: { name: chain, streams: true }
entities:
  Building:
    count: 10
    attributes: { buildingId: string, label: string, msgs: "integer?" }
  Room:
    count: 100
    attributes: { roomId: string, buildingId: string, name: string, messages: "integer?" }
  Message:
    count: 5000
    identifier: [roomId, msgId]
    attributes: { roomId: string, msgId: string, sentAt: timestamp }
relationships:
  - { name: rooms, cardinality: "1:N", from: Building, to: Room }
  - { name: msgs, cardinality: "1:N", from: Room, to: Message }
access_patterns:
  - { name: getBuilding, returns: Building, by: [buildingId] }
write_patterns:
  - { name: post, create: Message, rate: 100 }
  - { name: unpost, delete: Message, rate: 5 }
  - { name: newRoom, create: Room, rate: 1 }
aggregates:
  - { name: roomCount, of: Message, into: Room, group: { roomId: roomId }, values: { messages: count } }
  - { name: buildingCount, of: Room, into: Building, group: { buildingId: buildingId }, values: { msgs: { sum: messages } } }
)yaml";
  auto d = test::Derive(chain);
  INFO(d.diagnostics);
  REQUIRE(d.layout);
  // Every post and unpost rewrites one Room: 105 records/s reach buildingCount, beside newRoom's.
  model::ChainedChanges up = model::ChainedChangesOf(*d.loaded.model, 1);
  CHECK(up.records_per_s == Approx(105));
  CHECK(up.aggregates == std::vector<std::string>{"roomCount"});
  CHECK(model::ChainedChangesOf(*d.loaded.model, 0).records_per_s == 0);
  const model::AggregateLayout& b = d.layout->aggregates[1];
  CHECK(b.writes_per_s == Approx(106));
  CHECK(model::EstimateAggregate(*d.loaded.model, *d.layout, b).records_per_s == Approx(106));
  CHECK(b.reasons.size() > 1);
}

TEST_CASE("aggregates: read time is not used over an entity that expires",
          "[model][aggregate][trial][read-time]") {
  std::string ttl = R"yaml(table: { name: ttl, streams: true }
entities:
  Room: { count: 100, attributes: { roomId: string, name: string, messages: "integer?" } }
  Message:
    count: 2000
    identifier: [roomId, msgId]
    ttl: expiresAt
    attributes: { roomId: string, msgId: string, sentAt: timestamp, expiresAt: timestamp }
relationships: [ { name: msgs, cardinality: "1:N", from: Room, to: Message } ]
access_patterns:
  - { name: getRoom, returns: Room, by: [roomId], rate: 10 }
  - { name: roomMessages, returns: Message, by: [roomId], rate: 1 }
write_patterns: [ { name: post, create: Message, rate: 100 }, { name: newRoom, create: Room } ]
aggregates: [ { name: roomActivity, of: Message, into: Room, group: { roomId: roomId }, values: { messages: count }MAINTAIN } ]
)yaml";
  auto with = [&](const std::string& maintain) {
    std::string text = ttl;
    text.replace(text.find("MAINTAIN"), 8, maintain);
    return text;
  };
  auto d = test::Derive(with(""));
  REQUIRE(d.layout);
  CHECK(d.layout->aggregates[0].maintainer == model::Maintainer::kStream);
  model::check::CheckOptions options;
  options.items = 300;
  auto report = model::check::RunCheck(*d.loaded.model, *d.layout, options);
  REQUIRE(report.ok());
  INFO(test::CheckFailures(*report));
  CHECK(report->passed());
  auto pinned = test::Derive(with(", maintain: read"));
  CHECK_FALSE(pinned.layout);
  CHECK(pinned.diagnostics.find("'Message' expires by Time to Live") != std::string::npos);
}

TEST_CASE("aggregates: a transaction-kept group move reads and guards the item's group first",
          "[model][aggregate][trial][check]") {
  // reassign moves a ticket between agents while another writer may move it too (the check's
  // concurrent update: agentTickets' index key is built from agentId and openedAt).
  const char* tickets = R"yaml(entities:
  Agent:
    attributes: { agentId: string, openTickets: "integer?" }
  Ticket:
    attributes:
      ticketId: { type: ulid, created: openedAt }
      agentId: string
      openedAt: timestamp
access_patterns:
  - { name: agentTickets, returns: Ticket, by: [agentId], sort: { openedAt: desc }, limit: 25, rate: 100 }
write_patterns:
  - { name: reassign, update: Ticket, attributes: [agentId], rate: 2 }
aggregates:
  - { name: openPerAgent, of: Ticket, into: Agent, group: { agentId: agentId }, values: { openTickets: count } }
)yaml";
  auto d = test::Derive(tickets);
  INFO(d.diagnostics);
  REQUIRE(d.layout);
  REQUIRE(d.layout->aggregates[0].maintainer == model::Maintainer::kTransaction);
  const model::WritePlan& plan = d.layout->writes[0];
  CHECK(std::find(plan.read_first.begin(), plan.read_first.end(), "agentId") !=
        plan.read_first.end());
  bool guarded = false;
  for (const auto& iw : plan.writes) {
    guarded = guarded || std::find(iw.guard_attributes.begin(), iw.guard_attributes.end(),
                                   "agentId") != iw.guard_attributes.end();
  }
  CHECK(guarded);
  model::check::CheckOptions options;
  options.items = 300;
  auto report = model::check::RunCheck(*d.loaded.model, *d.layout, options);
  REQUIRE(report.ok());
  INFO(test::CheckFailures(*report));
  CHECK(report->passed());
}

TEST_CASE("aggregates: the check's own writes of an item keep the values other aggregates hold",
          "[model][aggregate][trial][check]") {
  // userRecipes (stream-kept) moves a Recipe between users; recipeRatings keeps its values on
  // Recipe, split over 2 shards: rewriting the Recipe must keep shard 0's share.
  const char* recipes = R"yaml(table: { name: recipes, streams: true }
entities:
  User:
    count: 100k
    attributes: { userId: string, name: string, recipeCount: "integer?" }
  Recipe:
    count: 1M
    attributes: { recipeId: string, authorId: string, title: string, ratingCount: "integer?", starSum: "integer?" }
  Rating:
    count: 20M
    identifier: [recipeId, userId]
    attributes: { recipeId: string, userId: string, stars: integer }
relationships:
  - { name: authored, cardinality: "1:N", from: User, to: Recipe, link: [authorId] }
  - { name: ratings, cardinality: "M:N", from: Recipe, to: User, through: Rating }
access_patterns:
  - { name: getRecipe, returns: Recipe, by: [recipeId], rate: 50 }
  - { name: getUser, returns: User, by: [userId] }
write_patterns:
  - { name: rate, create: Rating, rate: 50 }
  - { name: changeRating, update: Rating, attributes: [stars], rate: 10 }
  - { name: unrate, delete: Rating, rate: 2 }
  - { name: postRecipe, create: Recipe }
aggregates:
  - { name: recipeRatings, of: Rating, into: Recipe, group: { recipeId: recipeId }, values: { ratingCount: count, starSum: { sum: stars } }, maintain: transaction, shards: 2 }
  - { name: userRecipes, of: Recipe, into: User, group: { userId: authorId }, values: { recipeCount: count }, maintain: stream }
)yaml";
  auto d = test::Derive(recipes);
  INFO(d.diagnostics);
  REQUIRE(d.layout);
  REQUIRE(d.layout->aggregates[0].shards == 2);
  model::check::CheckOptions options;
  options.items = 300;
  auto report = model::check::RunCheck(*d.loaded.model, *d.layout, options);
  REQUIRE(report.ok());
  INFO(test::CheckFailures(*report));
  CHECK(report->passed());
}

TEST_CASE("aggregates: the check's moves write one put per item for transaction-kept neighbours",
          "[model][aggregate][trial][check]") {
  // a1 and a2 are kept in transactions (a consistent read), a4 by the stream: the check's own
  // move of a Message changes the Room of a1 and a2 in one TransactWriteItems.
  const char* rooms = R"yaml(table: { name: rooms, streams: true }
entities:
  Room: { count: 10, identifier: roomId, attributes: { roomId: string, name: string, n: "integer?", hi: "number?", lastAt: "timestamp?" } }
  Message: { count: 100, identifier: [roomId, msgId], attributes: { roomId: string, msgId: string, sentAt: timestamp, score: number } }
access_patterns: [ { name: getRoom, returns: Room, by: [roomId], consistent: true, rate: 10 } ]
write_patterns: [ { name: newRoom, create: Room, rate: 1 }, { name: post, create: Message, rate: 10 } ]
aggregates:
  - { name: a1, of: Message, into: Room, group: { roomId: roomId }, values: { n: count } }
  - { name: a2, of: Message, into: Room, group: { roomId: roomId }, values: { lastAt: { latest: sentAt, by: sentAt } } }
  - { name: a4, of: Message, into: Room, group: { roomId: roomId }, values: { hi: { max: score } }, maintain: stream }
)yaml";
  auto d = test::Derive(rooms);
  REQUIRE(d.layout);
  // The stream pin beside a strongly consistent read of Room: the values may lag.
  CHECK(d.diagnostics.find("aggregate 'a4' pins 'maintain: stream', but getRoom reads 'Room' "
                           "with strong consistency") != std::string::npos);
  CHECK(d.diagnostics.find("[W511]") != std::string::npos);
  model::check::CheckOptions options;
  options.items = 300;
  auto report = model::check::RunCheck(*d.loaded.model, *d.layout, options);
  REQUIRE(report.ok());
  INFO(test::CheckFailures(*report));
  CHECK(report->passed());
}

TEST_CASE("aggregates: the writes' transactions when they cost less than the stream's consumer",
          "[model][aggregate][trial][cost]") {
  // 100 orders per rep-quarter, each changed often: the consumer rewrites a quota item carrying
  // a mark per order changed in 25 hours (several KB), where a transaction writes the small
  // item twice. The derivation prices both and says so; a pin keeps the stream.
  std::string quotas = R"yaml(table: { name: sales, streams: true }
entities:
  Rep: { count: 200, attributes: { repId: string, name: string } }
  Order:
    count: 2M
    attributes: { orderId: string, repId: string, placedAt: timestamp, total: number, status: string }
  Quota:
    count: 20000
    identifier: [repId, period]
    attributes: { repId: string, period: string, orderTotal: "number?" }
access_patterns:
  - { name: getQuota, returns: Quota, by: [repId, period], rate: 5 }
write_patterns:
  - { name: placeOrder, create: Order, rate: 100 }
aggregates:
  - { name: repTotals, of: Order, into: Quota, group: { repId: repId, period: { quarter: placedAt } }, values: { orderTotal: { sum: total } }PIN }
)yaml";
  auto with = [&](const std::string& pin) {
    std::string text = quotas;
    text.replace(text.find("PIN"), 3, pin);
    return text;
  };
  auto d = test::Derive(with(""));
  INFO(d.diagnostics);
  REQUIRE(d.layout);
  const model::AggregateLayout& a = d.layout->aggregates[0];
  std::string reasons;
  for (const auto& r : a.reasons) reasons += r.text + "\n";
  INFO(reasons);
  CHECK(a.maintainer == model::Maintainer::kTransaction);
  CHECK(reasons.find("kept in the writes' transactions: about $") == 0);
  CHECK(reasons.find("for a consumer of the table's stream") != std::string::npos);
  CHECK(d.layout->writes[0].transaction);
  auto pinned = test::Derive(with(", maintain: stream"));
  REQUIRE(pinned.layout);
  CHECK(pinned.layout->aggregates[0].maintainer == model::Maintainer::kStream);
  std::string pinned_reasons;
  for (const auto& r : pinned.layout->aggregates[0].reasons) pinned_reasons += r.text + "\n";
  CHECK(pinned_reasons.find("the pin decides") != std::string::npos);
}
