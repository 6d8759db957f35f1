// `model docs`' Aggregates section: how each aggregate is kept, its sizes and costs, and the
// reads a write makes before its transaction.
#include <fmt/format.h>

#include <catch2/catch.hpp>
#include <cmath>
#include <string>

#include "../model/model_fixture.h"
#include "codegen/docs/content.h"
#include "codegen/docs/docs.h"
#include "model/cost.h"

namespace {

// Games whose `plays` counts their scores; `extra` adds access patterns.
std::string Games(const std::string& extra = "", const std::string& scores = "800") {
  return R"yaml(table: { name: games, streams: true }
entities:
  Game: { count: 1000, identifier: gameId, attributes: { gameId: string, title: string, plays: "integer?", best: "integer?" } }
  Score: { count: 1M, item_size: 100, identifier: [gameId, playerId], attributes: { gameId: string, playerId: string, points: integer } }
relationships:
  - { name: gameScores, cardinality: "1:N", from: Game, to: Score, link: [gameId], owning: true }
access_patterns:
  - { name: getGame, returns: Game, by: [gameId], rate: 200 }
  - { name: gameScores, returns: Score, by: [gameId], rate: 1 }
)yaml" + extra +
         R"yaml(write_patterns:
  - { name: addGame, create: Game, rate: 1 }
  - { name: submitScore, create: Score, rate: )yaml" +
         scores + R"yaml( }
  - { name: rescore, update: Score, attributes: [points], rate: 1 }
aggregates:
  - { name: gameStats, of: Score, into: Game, group: { gameId: gameId }, values: { plays: count, best: { max: points } } }
)yaml";
}

std::string Readme(const test::Derived& d) {
  model::SampleItems samples;
  model::codegen::DocsInput in{*d.loaded.model, *d.layout, samples, nullptr, ""};
  return model::codegen::RenderDocs(in).At("README.md");
}

std::string Section(const std::string& readme) {
  std::size_t at = readme.find("## Aggregates");
  REQUIRE(at != std::string::npos);
  return readme.substr(at, readme.find("\n## ", at + 1) - at);
}

}  // namespace

TEST_CASE("docs: a read-time aggregate is said to be computed by each read",
          "[codegen][docs][aggregate]") {
  std::string text = Games();
  text.replace(text.find("best: { max: points } "), 22, "");
  text.replace(text.find("values: { plays: count, }"), 25, "values: { plays: count }");
  auto d = test::Derive(text);
  INFO(d.diagnostics);
  REQUIRE(d.layout);
  REQUIRE(d.layout->aggregates[0].maintainer == model::Maintainer::kRead);
  std::string s = Section(Readme(d));
  INFO(s);
  CHECK(s.find("Values derived from the items they aggregate: computed by each read from the "
               "group's items, one Query more per item returned.") != std::string::npos);
  CHECK(s.find("| Group item | 400 KB at items | Maintenance cost |") != std::string::npos);
  CHECK(s.find("| <sub>nothing stored</sub> | — | in the access patterns' rows: getGame |") !=
        std::string::npos);
}

TEST_CASE("docs: a stream-kept aggregate gives its group item and the consumer's cost",
          "[codegen][docs][aggregate]") {
  // A pattern filtering on the count keeps it off read time; the stream keeps it (pinned: at
  // these rates the writes' transactions would cost about as much).
  std::string text =
      Games("  - { name: unplayed, returns: Game, filter: { plays: 0 }, rate: 1 }\n", "20");
  text.replace(text.find("best: { max: points } } }"), 25,
               "best: { max: points } }, maintain: stream }");
  auto d = test::Derive(text);
  INFO(d.diagnostics);
  REQUIRE(d.layout);
  const model::AggregateLayout& a = d.layout->aggregates[0];
  REQUIRE(a.maintainer == model::Maintainer::kStream);
  model::AggregateFigures f = model::EstimateAggregate(*d.loaded.model, *d.layout, a);
  std::string readme = Readme(d);
  std::string s = Section(readme);
  INFO(s);
  CHECK(s.find("Values derived from the items they aggregate: kept by a consumer of the table's "
               "stream (eventually consistent), read with the item.") != std::string::npos);
  REQUIRE(f.state_grows);
  CHECK(s.find(fmt::format(
            "| {} B | {} |", model::codegen::docs::Figure(std::round(f.group_item_bytes)),
            model::codegen::docs::Figure(f.max_items_per_group))) != std::string::npos);
  CHECK(s.find(fmt::format("{} WCU/s, {} a month", model::codegen::docs::Figure(f.wcu_per_s),
                           model::codegen::docs::Dollars(f.monthly_cost_usd))) !=
        std::string::npos);
}

TEST_CASE("docs: a write's units show the reads it makes first", "[codegen][docs][aggregate]") {
  auto d = test::Derive(test::ReadSource("samples/hr/model.yaml"));
  REQUIRE(d.layout);
  std::string readme = Readme(d);
  int shown = 0;
  for (const model::WritePlan& w : d.layout->writes) {
    model::WriteFigures f = model::EstimateWrite(*d.loaded.model, *d.layout, w);
    if (f.first_read_rcu_per_call <= 0) continue;
    INFO(w.pattern);
    std::size_t row = readme.find("**" + w.pattern + "**");
    REQUIRE(row != std::string::npos);
    std::string line = readme.substr(row, readme.find('\n', row) - row);
    CHECK(line.find(fmt::format("RCU first read)")) != std::string::npos);
    CHECK(line.find(fmt::format("+ {} RCU first read",
                                model::codegen::docs::Figure(f.first_read_rcu_per_call))) !=
          std::string::npos);
    ++shown;
  }
  CHECK(shown > 0);
}
