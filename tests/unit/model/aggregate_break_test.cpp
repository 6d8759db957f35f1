// Aggregates under a break-it trial: a value an access pattern filters on, the stream against a
// sharded transaction layout, the price of a sharded group's other shards, and the sizes each
// output states.
#include <catch2/catch.hpp>
#include <string>

#include "model/check/check.h"
#include "model/cost.h"
#include "model_fixture.h"

namespace {

// Games whose `plays` counts their scores; `unplayed` finds the games nobody played (a filter
// on the counted value); `pins` goes into the aggregate's mapping.
std::string Games(const std::string& pins = "") {
  return R"yaml(table: { name: games, streams: true }
entities:
  Game: { count: 1000, identifier: gameId, attributes: { gameId: string, title: string, plays: "integer?" } }
  Score: { count: 1M, item_size: 100, identifier: [gameId, playerId], attributes: { gameId: string, playerId: string, points: integer } }
relationships:
  - { name: gameScores, cardinality: "1:N", from: Game, to: Score, link: [gameId], owning: true }
access_patterns:
  - { name: getGame, returns: Game, by: [gameId], rate: 200 }
  - { name: gameScores, returns: Score, by: [gameId], rate: 1 }
  - { name: unplayed, returns: Game, filter: { plays: 0 }, rate: 1 }
write_patterns:
  - { name: addGame, create: Game, rate: 1 }
  - { name: submitScore, create: Score, rate: 800 }
aggregates:
  - { name: gameStats, of: Score, into: Game, group: { gameId: gameId }, values: { plays: count })yaml" +
         pins + " }\n";
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
