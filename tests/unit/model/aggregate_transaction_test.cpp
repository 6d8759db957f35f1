// Aggregates kept in the writes' transactions within DynamoDB's 100 actions per
// TransactWriteItems: the actions counted as exec::ApplyWrite sends them, the derivation falling
// back to the stream or read time for the aggregates a write's transaction cannot take, E517 for
// a pin (or a rule) that leaves no other way, and `model check` agreeing with the count.
#include <fmt/format.h>

#include <catch2/catch.hpp>
#include <string>

#include "model/check/check.h"
#include "model/cost.h"
#include "model_fixture.h"

namespace {

// `n` tallies of one Vote, each kept on an entity of its own, grouped by poll. Votes are cast at
// 10/s over 1000 polls (a consumer would carry some 900 marks per tally, so the writes'
// transactions cost less) and moved between polls at 1/s: a move leaves one poll and joins
// another, two group items per tally. `pin` goes into each aggregate, `table` is the table's
// line, `tally_extra` is added to each tally's attributes, `reads` to the access patterns (each
// tally also gets a read of its own at `tally_rate`/s).
std::string Tallies(int n, const std::string& pin = "",
                    const std::string& table = "{ name: polls, streams: true }",
                    const std::string& tally_extra = "", const std::string& reads = "",
                    int tally_rate = 0) {
  std::string text = fmt::format(
      "table: {}\nentities:\n  Vote:\n    count: 100000\n    attributes: {{ voteId: string, "
      "pollId: string, score: integer }}\n",
      table);
  for (int i = 1; i <= n; ++i)
    text += fmt::format(
        "  Tally{:02}: {{ identifier: pollId, attributes: {{ pollId: string, votes: integer{} }} "
        "}}\n",
        i, tally_extra);
  text += "access_patterns:\n  - { name: getVote, returns: Vote, by: [voteId] }\n" + reads;
  for (int i = 1; tally_rate > 0 && i <= n; ++i)
    text +=
        fmt::format("  - {{ name: getTally{:02}, returns: Tally{:02}, by: [pollId], rate: {} }}\n",
                    i, i, tally_rate);
  text +=
      "write_patterns:\n  - { name: castVote, create: Vote, rate: 10 }\n  - { name: moveVote, "
      "update: Vote, attributes: [pollId], rate: 1 }\naggregates:\n";
  for (int i = 1; i <= n; ++i)
    text += fmt::format(
        "  - {{ name: tally{:02}, of: Vote, into: Tally{:02}, group: {{ pollId: pollId }}, values: "
        "{{ votes: count }}{} }}\n",
        i, i, pin);
  return text;
}

const model::WritePlan& Write(const model::KeyLayout& layout, const std::string& name) {
  for (const model::WritePlan& w : layout.writes)
    if (w.pattern == name) return w;
  FAIL("no write plan " << name);
  return layout.writes.front();
}

std::string Reasons(const model::AggregateLayout& a) {
  std::string out;
  for (const auto& r : a.reasons) out += r.text + "\n";
  return out;
}

}  // namespace

TEST_CASE("aggregates: a write's transaction counts its items and each kept group's items",
          "[model][aggregate][transaction]") {
  // 49 tallies fit: a move sends its vote's update and two tally puts each, 99 actions.
  auto fits = test::Derive(Tallies(49));
  INFO(fits.diagnostics);
  REQUIRE(fits.layout);
  for (const auto& a : fits.layout->aggregates)
    CHECK(a.maintainer == model::Maintainer::kTransaction);
  const model::Model& m = *fits.loaded.model;
  CHECK(model::TransactionActions(m, *fits.layout, Write(*fits.layout, "moveVote")) == 1 + 2 * 49);
  CHECK(model::TransactionActions(m, *fits.layout, Write(*fits.layout, "castVote")) == 1 + 49);
  CHECK(model::TransactionActions(m, *fits.layout, Write(*fits.layout, "moveVote")) <=
        model::kMaxTransactionActions);
  // Two aggregates on one item with the same group put it once.
  auto shared = test::Derive(R"yaml(table: { name: polls }
entities:
  Vote: { attributes: { voteId: string, pollId: string, score: integer } }
  Tally: { identifier: pollId, attributes: { pollId: string, votes: integer, points: integer } }
access_patterns:
  - { name: getTally, returns: Tally, by: [pollId] }
write_patterns:
  - { name: castVote, create: Vote }
aggregates:
  - { name: votes, of: Vote, into: Tally, group: { pollId: pollId }, values: { votes: count } }
  - { name: points, of: Vote, into: Tally, group: { pollId: pollId }, values: { points: { sum: score } } }
)yaml");
  INFO(shared.diagnostics);
  REQUIRE(shared.layout);
  REQUIRE(shared.layout->writes[0].aggregates.size() == 2);
  CHECK(model::TransactionActions(*shared.loaded.model, *shared.layout, shared.layout->writes[0]) ==
        2);
}

TEST_CASE(
    "aggregates: the derivation keeps in a write's transaction only what fits in 100 "
    "actions, the rest by the stream",
    "[model][aggregate][transaction]") {
  auto d = test::Derive(Tallies(55));
  INFO(d.diagnostics);
  REQUIRE(d.layout);
  CHECK(d.diagnostics.find("E517") == std::string::npos);
  for (int i = 0; i < 55; ++i) {
    CAPTURE(i);
    CHECK(d.layout->aggregates[static_cast<std::size_t>(i)].maintainer ==
          (i < 49 ? model::Maintainer::kTransaction : model::Maintainer::kStream));
  }
  const model::Model& m = *d.loaded.model;
  CHECK(model::TransactionActions(m, *d.layout, Write(*d.layout, "moveVote")) == 99);
  CHECK(Reasons(d.layout->aggregates[49])
            .find("not kept in the writes' transactions, though they would cost about ") !=
        std::string::npos);
  CHECK(Reasons(d.layout->aggregates[49])
            .find("write pattern 'moveVote' would send 101 actions in one TransactWriteItems (its "
                  "items and the group items of the 50 aggregates it would keep), over "
                  "DynamoDB's 100") != std::string::npos);
  // `model check` sends what was counted: the derived layout passes, and one more tally in
  // moveVote's transaction is refused by the table.
  model::check::CheckOptions options;
  options.items = 200;
  auto report = model::check::RunCheck(m, *d.layout, options);
  REQUIRE(report.ok());
  INFO(test::CheckFailures(*report));
  CHECK(report->passed());
  model::KeyLayout overfull = *d.layout;
  overfull.aggregates[49].maintainer = model::Maintainer::kTransaction;
  for (auto& w : overfull.writes) {
    w.aggregates.push_back(49);
    w.transaction = true;
  }
  CHECK(model::TransactionActions(m, overfull, Write(overfull, "moveVote")) == 101);
  auto refused = model::check::RunCheck(m, overfull, options);
  REQUIRE_FALSE(refused.ok());
  CHECK(refused.error().message ==
        "1 validation error detected: Value '[101 items]' at 'transactItems' failed to satisfy "
        "constraint: Member must have length less than or equal to 100");
}

TEST_CASE("aggregates: a transaction pin that a write's 100 actions cannot take is E517",
          "[model][aggregate][transaction]") {
  auto d = test::Derive(Tallies(50, ", maintain: transaction"));
  CHECK_FALSE(d.layout);
  CHECK(d.diagnostics.find(
            "m.yaml:111:110: error: aggregate 'tally50' pins 'maintain: transaction', but write "
            "pattern 'moveVote' would send 101 actions in one TransactWriteItems (its items and "
            "the group items of the 50 aggregates it would keep), over DynamoDB's 100; pin "
            "'maintain: stream' or 'maintain: read', or keep fewer aggregates in that write's "
            "transactions [E517]") != std::string::npos);
  CHECK(d.diagnostics.find("'tally49' pins") == std::string::npos);
  CHECK(d.diagnostics.find("1 error generated") != std::string::npos);
}

TEST_CASE(
    "aggregates: without a stream, what a write's transaction cannot take is computed at "
    "read time, else E517",
    "[model][aggregate][transaction]") {
  // Each tally carries a title the application writes, so reads can complete an existing one.
  const std::string no_stream = "{ name: polls }";
  const std::string titled = ", title: string";
  const std::string collection = "  - { name: pollVotes, returns: Vote, by: [pollId] }\n";
  auto d = test::Derive(Tallies(50, "", no_stream, titled, collection, 2000));
  INFO(d.diagnostics);
  REQUIRE(d.layout);
  for (int i = 0; i < 49; ++i)
    CHECK(d.layout->aggregates[static_cast<std::size_t>(i)].maintainer ==
          model::Maintainer::kTransaction);
  const model::AggregateLayout& last = d.layout->aggregates[49];
  INFO(Reasons(last));
  CHECK(last.maintainer == model::Maintainer::kRead);
  CHECK(Reasons(last).find("kept in the writes' transactions, where write pattern 'moveVote' "
                           "would send 101 actions") != std::string::npos);
  CHECK(Reasons(last).find("without that limit it would be kept in the writes' transactions: "
                           "the table has no stream") != std::string::npos);
  // No read of one poll's votes: nothing else can keep it.
  auto none = test::Derive(Tallies(50, "", no_stream, titled, "", 2000));
  CHECK_FALSE(none.layout);
  CHECK(none.diagnostics.find(
            "error: aggregate 'tally50' can only be kept in the writes' transactions (the table "
            "has no stream), but write pattern 'moveVote' would send 101 actions") !=
        std::string::npos);
  CHECK(none.diagnostics.find("and it cannot be computed at read time: no access pattern reads "
                              "the 'Vote' items of one group") != std::string::npos);
  CHECK(none.diagnostics.find("add 'streams: true' to 'table:'") != std::string::npos);
  CHECK(none.diagnostics.find("[E517]") != std::string::npos);
}
