// Aggregates under a break-it trial: a value an access pattern filters on, the stream against a
// sharded transaction layout, the price of a sharded group's other shards, and the sizes each
// output states.
#include <catch2/catch.hpp>
#include <cmath>
#include <string>

#include "model/check/check.h"
#include "model/cost.h"
#include "model_fixture.h"

namespace {

// Games whose `plays` counts their scores, one game taking every score (getGame's hot
// partition); `unplayed` finds the games nobody played (a filter on the counted value); `pins`
// goes into the aggregate's mapping.
std::string Games(const std::string& pins = "") {
  return R"yaml(table: { name: games, streams: true }
entities:
  Game: { count: 1000, identifier: gameId, attributes: { gameId: string, title: string, plays: "integer?" } }
  Score: { count: 1M, item_size: 100, identifier: [gameId, playerId], attributes: { gameId: string, playerId: string, points: integer } }
relationships:
  - { name: gameScores, cardinality: "1:N", from: Game, to: Score, link: [gameId], owning: true }
access_patterns:
  - { name: getGame, returns: Game, by: [gameId], rate: 200, hot: { share: 1 } }
  - { name: gameScores, returns: Score, by: [gameId], rate: 1 }
  - { name: unplayed, returns: Game, filter: { plays: 0 }, rate: 1 }
write_patterns:
  - { name: addGame, create: Game, rate: 1 }
  - { name: submitScore, create: Score, rate: 800 }
aggregates:
  - { name: gameStats, of: Score, into: Game, group: { gameId: gameId }, values: { plays: count })yaml" +
         pins + " }\n";
}

// Chat rooms keeping their latest message and a count: 500 sends/s, all in one busy room
// (getRoom's hot partition), 1000 messages per room.
// The stream's consumer would keep each room's latest-value state and its marks on one item of
// over 400 KB; the writes' transactions, split over shards, keep about 20 KB per shard item.
std::string Chat(const std::string& pins = "") {
  return R"yaml(table:
  name: chat
  streams: true
entities:
  Room:
    count: 10k
    item_size: 400
    identifier: roomId
    attributes:
      roomId: string
      title: string
      lastText: string?
      lastSentAt: timestamp?
      lastSender: string?
      messages: integer?
  Message:
    count: 10M
    item_size: 300
    identifier: [roomId, messageId]
    attributes:
      roomId: string
      messageId: { type: ulid, created: sentAt }
      senderId: string
      sentAt: timestamp
      text: string?
relationships:
  - { name: roomMessages, cardinality: "1:N", from: Room, to: Message, link: [roomId], owning: true }
access_patterns:
  - { name: getRoom, returns: Room, by: [roomId], rate: 300, hot: { share: 1 } }
  - { name: roomMessages, returns: Message, by: [roomId], sort: { sentAt: desc }, limit: 50, rate: 100 }
write_patterns:
  - { name: createRoom, create: Room, rate: 1 }
  - { name: renameRoom, update: Room, attributes: [title], rate: 1 }
  - { name: deleteRoom, delete: Room, rate: 1 }
  - { name: send, create: Message, rate: 500 }
  - { name: editMessage, update: Message, attributes: [text], rate: 20 }
  - { name: deleteMessage, delete: Message, rate: 5 }
aggregates:
  - name: roomActivity
    of: Message
    into: Room
    group: { roomId: roomId }
    values:
      lastText: { latest: text, by: sentAt }
      lastSentAt: { latest: sentAt, by: sentAt }
      lastSender: { latest: senderId, by: messageId }
      messages: count
)yaml" + pins;
}

// The first "$..." amount after `after` in `text`.
std::string AmountAfter(const std::string& text, const std::string& after) {
  std::size_t at = text.find(after);
  if (at == std::string::npos) return "";
  std::size_t dollar = text.find('$', at + after.size());
  std::size_t end = text.find(' ', dollar);
  return text.substr(dollar, end - dollar);
}

std::string Reasons(const model::AggregateLayout& a) {
  std::string out;
  for (const auto& r : a.reasons) out += r.text + "\n";
  return out;
}

}  // namespace

TEST_CASE("aggregates: an access pattern's filter on a value needs the value stored whole",
          "[model][aggregate][break]") {
  // Unpinned: not computed at read time (the sparse index on plays = 0 would never be written),
  // and model check proves the kept values and the index.
  auto d = test::Derive(Games());
  INFO(d.diagnostics);
  REQUIRE(d.layout);
  const model::AggregateLayout& a = d.layout->aggregates[0];
  INFO(Reasons(a));
  CHECK(a.maintainer != model::Maintainer::kRead);
  CHECK(a.shards == 1);
  CHECK(Reasons(a).find("not computed at read time: access pattern 'unplayed' filters 'Game' "
                        "items on 'plays', which needs the value stored on the item") !=
        std::string::npos);
  model::check::CheckOptions options;
  options.items = 400;
  auto report = model::check::RunCheck(*d.loaded.model, *d.layout, options);
  REQUIRE(report.ok());
  INFO(test::CheckFailures(*report));
  CHECK(report->passed());
  // Pinned read time: E516 at the pin.
  auto read = test::Derive(Games(", maintain: read"));
  CHECK_FALSE(read.layout);
  CHECK(read.diagnostics.find("error: aggregate 'gameStats' pins 'maintain: read', but access "
                              "pattern 'unplayed' filters 'Game' items on 'plays'") !=
        std::string::npos);
  CHECK(read.diagnostics.find("[E516]") != std::string::npos);
  // Pinned shards: E514, a shard would hold only part of the count the filter tests.
  auto sharded = test::Derive(Games(", maintain: transaction, shards: 4"));
  CHECK_FALSE(sharded.layout);
  CHECK(sharded.diagnostics.find("error: aggregate 'gameStats' pins 'shards: 4', but access "
                                 "pattern 'unplayed' filters 'Game' items on 'plays', and each "
                                 "shard holds only part of the value") != std::string::npos);
  CHECK(sharded.diagnostics.find("[E514]") != std::string::npos);
}

TEST_CASE("aggregates: the stream is weighed against the sharded transactions, within 400 KB",
          "[model][aggregate][break]") {
  auto d = test::Derive(Chat());
  INFO(d.diagnostics);
  REQUIRE(d.layout);
  const model::AggregateLayout& a = d.layout->aggregates[0];
  INFO(Reasons(a));
  // The consumer's group item would pass 400 KB; the transactions' shard items fit.
  model::AggregateLayout streamed = a;
  streamed.maintainer = model::Maintainer::kStream;
  streamed.shards = 1;
  CHECK(model::EstimateAggregate(*d.loaded.model, *d.layout, streamed).group_item_bytes >
        model::kMaxItemBytes);
  CHECK(a.maintainer == model::Maintainer::kTransaction);
  CHECK(a.shards == 22);
  CHECK(model::EstimateAggregate(*d.loaded.model, *d.layout, a).group_item_bytes <=
        model::kMaxItemBytes);
  CHECK(d.diagnostics.find("E518") == std::string::npos);
  CHECK(Reasons(a).find("kept in the writes' transactions (each group split over 22 shards): a "
                        "consumer of the table's stream would keep a group item of about") == 0);
  // The figures the choice used are the pin's.
  auto pinned = test::Derive(Chat("    maintain: transaction\n"));
  REQUIRE(pinned.layout);
  const model::AggregateLayout& p = pinned.layout->aggregates[0];
  CHECK(p.shards == 22);
  const std::string chosen = AmountAfter(Reasons(a), "in the transactions; at the declared rates");
  const std::string priced = AmountAfter(Reasons(p), "would cost about");
  CHECK_FALSE(chosen.empty());
  CHECK(chosen == priced);
  CHECK(AmountAfter(Reasons(a), "a month, against") ==
        AmountAfter(Reasons(p), "and a consumer of the table's stream about"));
}

TEST_CASE("aggregates: a read of a sharded group pays for each shard item at its stored size",
          "[model][aggregate][break]") {
  auto d = test::Derive(Chat());
  REQUIRE(d.layout);
  const model::AggregateLayout& a = d.layout->aggregates[0];
  REQUIRE(a.shards == 22);
  model::AggregateFigures f = model::EstimateAggregate(*d.loaded.model, *d.layout, a);
  // Each shard item holds its share of the latest values' state: well over one 4 KB read unit.
  CHECK(f.shard_item_bytes > 4096);
  CHECK(f.shard_item_bytes < f.group_item_bytes);
  const model::ReadPlan& get = test::Read(*d.layout, "getRoom");
  REQUIRE(get.aggregate_shards == std::vector<int>{0});
  model::ReadPlan alone = get;
  alone.aggregate_shards.clear();
  auto with = model::EstimateRead(*d.loaded.model, *d.layout, get);
  auto without = model::EstimateRead(*d.loaded.model, *d.layout, alone);
  // 21 other shards, eventually consistent: half a unit per started 4 KB of each.
  CHECK(with.rcu_per_call - without.rcu_per_call ==
        Approx(21 * std::ceil(f.shard_item_bytes / 4096) * 0.5));
  CHECK(with.items_read - without.items_read == Approx(21));
}

TEST_CASE("aggregates: the advice fits the model it is given for", "[model][aggregate][break]") {
  // A strongly consistent read keeps it in the transactions; the filter on plays keeps the hot
  // group from being split: W509 says the consistent read is what to change (the table already
  // has a stream), and the read-time reason does not speak of shards.
  std::string consistent = Games();
  const std::string get = "{ name: getGame, returns: Game, by: [gameId], rate: 200, ";
  consistent.replace(consistent.find(get), get.size(),
                     "{ name: getGame, returns: Game, by: [gameId], rate: 200, consistent: true, ");
  auto d = test::Derive(consistent);
  INFO(d.diagnostics);
  REQUIRE(d.layout);
  CHECK(d.layout->aggregates[0].maintainer == model::Maintainer::kTransaction);
  CHECK(d.diagnostics.find("[W509]") != std::string::npos);
  CHECK(d.diagnostics.find("let the table's stream keep it (getGame reads 'Game' with strong "
                           "consistency, which the stream's consumer cannot give: read it "
                           "eventually consistent)") != std::string::npos);
  CHECK(d.diagnostics.find("'streams: true'") == std::string::npos);
  CHECK(Reasons(d.layout->aggregates[0]).find("shard") == std::string::npos);
  // Pinned read time: the error suggests the transactions only (a stream would lag, W511).
  auto read = test::Derive(consistent.substr(0, consistent.size() - 3) + ", maintain: read }\n");
  CHECK_FALSE(read.layout);
  CHECK(read.diagnostics.find("remove the pin or pin 'maintain: transaction' (a read of 'Game' is "
                              "strongly consistent") != std::string::npos);
  CHECK(read.diagnostics.find("'maintain: stream'") == std::string::npos);
  // A pinned stream: W511 does not suggest read time, which the filter rules out.
  auto stream =
      test::Derive(consistent.substr(0, consistent.size() - 3) + ", maintain: stream }\n");
  REQUIRE(stream.layout);
  CHECK(stream.diagnostics.find("[W511]") != std::string::npos);
  CHECK(stream.diagnostics.find("or pin 'maintain: transaction' [W511]") != std::string::npos);
  CHECK(stream.diagnostics.find("'maintain: read'") == std::string::npos);
}

TEST_CASE("aggregates: the loader's messages name what a value and a bucket may be",
          "[model][aggregate][break]") {
  auto with = [](const std::string& group, const std::string& values,
                 const std::string& identifier = "period: string") {
    return test::Load(R"yaml(table: { name: tally }
entities:
  Period: { identifier: period, attributes: { )yaml" +
                      identifier + R"yaml(, n: "integer?" } }
  Sale: { attributes: { saleId: string, at: timestamp, amount: integer } }
aggregates:
  - { name: sales, of: Sale, into: Period, group: { period: )yaml" +
                      group + " }, values: " + values + " }\n")
        .diagnostics;
  };
  CHECK(with("{ year: at }", "{ n: count }").empty());
  // An unknown function lists `count` (of joins) and `latest` too.
  CHECK(with("{ year: at }", "{ n: { avg: amount } }")
            .find("unknown key 'avg' in 'n' in 'values' of aggregate 'sales'; the keys are: sum, "
                  "min, max, count, latest [E104]") != std::string::npos);
  // No values: an empty mapping, not "not a mapping".
  CHECK(with("{ year: at }", "{}").find("', not an empty mapping [E105]") != std::string::npos);
  // A bucket's example is the bucket's own text.
  CHECK(with("{ day: at }", "{ n: count }", "period: integer")
            .find("puts a day bucket (text such as '2019-01-18') into 'period' (an integer)") !=
        std::string::npos);
  CHECK(with("{ year: at }", "{ n: count }", "period: integer")
            .find("puts a year bucket (text such as '2019') into") != std::string::npos);
  // A ulid cannot hold "2019-Q1".
  CHECK(with("{ quarter: at }", "{ n: count }", "period: ulid")
            .find("puts a quarter bucket (text such as '2019-Q1') into 'period' (a string) of "
                  "'Period', which holds only a ulid; declare it a string [E432]") !=
        std::string::npos);
}
