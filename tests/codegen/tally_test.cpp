// Counts and sums kept by UpdateItem ADD through the generated accessors
// (tests/codegen/tally/model.yaml): a poll's first vote makes its tally, later votes, moves,
// new scores, voids and retractions ADD their change, and a capped vote's check of the tally,
// folded into the tally's Update, refuses the vote once the cap is reached. The application
// opens the polls: a vote's ADD to its poll's ballots requires the poll, so a vote in a poll never
// opened is refused and writes nothing.
#include <catch2/catch.hpp>
#include <string>
#include <utility>

#include "codegen/runtime/sim/sim_backend.h"
#include "tally_model.h"

namespace tl = tally_model;

namespace {

tl::Vote Vote(const std::string& id, const std::string& poll, std::int64_t score,
              tl::VoteStatus status = tl::VoteStatus::kValid) {
  return tl::Vote{.vote_id = id, .poll_id = poll, .score = score, .status = status};
}

tl::PollTally Tally(tl::TallyModel& db, const std::string& poll) {
  auto got = db.GetTally({poll});
  REQUIRE(got.ok());
  REQUIRE(got->items.size() == 1);
  return got->items[0];
}

}  // namespace

TEST_CASE("counts and sums kept by ADD through the generated accessors", "[codegen][tally]") {
  auto backend = std::move(*model::runtime::OpenSimBackend());
  tl::TallyModel db{*backend};
  REQUIRE(db.CreateTable().ok());

  // The application opens the polls the votes go to.
  REQUIRE(db.OpenPoll(tl::Poll{.poll_id = "p1", .question = "tabs?", .ballots = 0}).ok());
  REQUIRE(db.OpenPoll(tl::Poll{.poll_id = "p2", .question = "spaces?", .ballots = 0}).ok());

  // No tally before the first vote; the first vote makes it.
  auto none = db.GetTally({"p1"});
  REQUIRE(none.ok());
  CHECK(none->items.empty());
  tl::Vote v1 = Vote("v1", "p1", 5);
  tl::Vote v2 = Vote("v2", "p1", 2);
  REQUIRE(db.CastVote(v1).ok());
  REQUIRE(db.CastVote(v2).ok());
  tl::PollTally t = Tally(db, "p1");
  CHECK(t.votes == 2);
  CHECK(t.points == 7);
  CHECK(t.votes_ever == 2);
  CHECK(t.valid_votes == 2);

  // A move: out of p1, into p2 (made by the move).
  tl::Vote moved = Vote("v2", "p2", 2);
  REQUIRE(db.MoveVote(v2, moved).ok());
  t = Tally(db, "p1");
  CHECK(t.votes == 1);
  CHECK(t.points == 5);
  CHECK(t.votes_ever == 2);  // a joined count keeps what it counted
  tl::PollTally t2 = Tally(db, "p2");
  CHECK(t2.votes == 1);
  CHECK(t2.points == 2);
  CHECK(t2.votes_ever == 1);

  // A new score adds the difference; a void leaves the filtered count.
  tl::Vote rescored = Vote("v1", "p1", 9);
  REQUIRE(db.Rescore(v1, rescored).ok());
  tl::Vote voided = Vote("v1", "p1", 9, tl::VoteStatus::kVoid);
  REQUIRE(db.VoidVote(rescored, voided).ok());
  t = Tally(db, "p1");
  CHECK(t.votes == 1);
  CHECK(t.points == 9);
  CHECK(t.valid_votes == 0);

  // The capped vote: its check of the tally holds at 1 vote (cap 2), then fails at 2.
  REQUIRE(db.CastCappedVote(Vote("v3", "p1", 1), {2}).ok());
  auto refused = db.CastCappedVote(Vote("v4", "p1", 1), {2});
  REQUIRE_FALSE(refused.ok());
  CHECK(refused.error().code == "ConditionFailed");
  t = Tally(db, "p1");
  CHECK(t.votes == 2);
  CHECK(t.points == 10);
  auto v4 = db.GetVote({"v4"});
  REQUIRE(v4.ok());
  CHECK(v4->items.empty());

  // Ballots on the polls the application made: p1 holds v1 and v3, p2 the moved v2.
  auto ballots = [&](const std::string& poll) {
    auto got = db.GetPoll({poll});
    REQUIRE(got.ok());
    REQUIRE(got->items.size() == 1);
    return got->items[0].ballots;
  };
  CHECK(ballots("p1") == 2);
  CHECK(ballots("p2") == 1);

  // A vote in a poll never opened: its ADD to the poll is conditioned on attribute_exists(PK),
  // so the transaction is cancelled; no vote, no poll, no tally.
  auto orphan = db.CastVote(Vote("v9", "p9", 1));
  REQUIRE_FALSE(orphan.ok());
  CHECK(orphan.error().code == "ConditionFailed");
  auto v9 = db.GetVote({"v9"});
  REQUIRE(v9.ok());
  CHECK(v9->items.empty());
  auto p9 = db.GetPoll({"p9"});
  REQUIRE(p9.ok());
  CHECK(p9->items.empty());
  auto t9 = db.GetTally({"p9"});
  REQUIRE(t9.ok());
  CHECK(t9->items.empty());

  // A retraction takes the vote away; the tally stays, at 0.
  REQUIRE(db.RetractVote(moved).ok());
  t2 = Tally(db, "p2");
  CHECK(t2.votes == 0);
  CHECK(t2.points == 0);
  CHECK(t2.votes_ever == 1);
  CHECK(ballots("p2") == 0);
}
