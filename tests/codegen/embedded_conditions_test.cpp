// Conditional writes of an embedded collection through the generated accessors
// (tests/codegen/embedded_conditions/model.yaml): players live in their game's item; a write's
// `condition` is tested in the player's element, an `also` entry naming the game is folded into
// the same UpdateItem, one naming a user makes it a transaction. A failed condition is
// "ConditionFailed" and changes nothing.
#include <catch2/catch.hpp>
#include <memory>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "codegen/runtime/sim/sim_backend.h"
#include "embedded_conditions_model.h"

namespace em = embedded_conditions_model;

namespace {

// The status's error code, "ok" when it is none.
std::string Code(const model::runtime::Status& s) { return s.ok() ? "ok" : s.error().code; }

struct Fixture {
  std::unique_ptr<sim::DataPlane> backend = std::move(*model::runtime::OpenSimBackend());
  em::EmbeddedConditionsModel db{*backend};

  em::Game GameNow(const std::string& id) {
    auto got = db.Game({id});
    REQUIRE(got.ok());
    REQUIRE(got->items.size() == 1);
    return got->items[0];
  }
  std::vector<em::Player> Players(const std::string& game) {
    auto got = db.GamePlayers({game});
    REQUIRE(got.ok());
    return got->items;
  }
  em::User UserNow(const std::string& id) {
    auto got = db.User({id});
    REQUIRE(got.ok());
    REQUIRE(got->items.size() == 1);
    return got->items[0];
  }
  // Joins `user` to `game` with the game's playerCount one up, as the caller keeps it.
  model::runtime::Status Join(const std::string& game, const std::string& user,
                              em::PlayerRole role) {
    em::Game before = GameNow(game);
    em::Game after = before;
    ++after.player_count;
    return db.JoinGame(em::Player{game, user, role, 0, std::nullopt}, before, after);
  }
};

}  // namespace

TEST_CASE("embedded writes with conditions and also entries", "[codegen][embedded]") {
  Fixture f;
  auto& db = f.db;
  REQUIRE(db.CreateTable().ok());
  REQUIRE(db.CreateGame(em::Game{"g1", em::GamePhase::kLobby, "chess", 0}).ok());
  REQUIRE(db.CreateUser(em::User{"u1", 0, false}).ok());
  REQUIRE(db.CreateUser(em::User{"u2", 0, true}).ok());

  // Joins in the lobby: the element and the game's count in one UpdateItem.
  REQUIRE(f.Join("g1", "u1", em::PlayerRole::kHost).ok());
  REQUIRE(f.Join("g1", "u2", em::PlayerRole::kGuest).ok());
  CHECK(f.GameNow("g1").player_count == 2);
  auto page = db.GameWithPlayers({"g1"});
  REQUIRE(page.ok());
  REQUIRE(page->items.size() == 3);
  REQUIRE(std::holds_alternative<em::Game>(page->items[0]));
  CHECK(std::get<em::Player>(page->items[1]).user_id == "u1");
  CHECK(std::get<em::Player>(page->items[2]).role == em::PlayerRole::kGuest);
  // The same player again: refused, nothing changed.
  CHECK(Code(f.Join("g1", "u2", em::PlayerRole::kGuest)) != "ok");
  CHECK(f.GameNow("g1").player_count == 2);

  // score < :cap and role = GUEST, tested in the player's element.
  std::vector<em::Player> players = f.Players("g1");
  REQUIRE(players.size() == 2);
  em::Player host = players[0], guest = players[1];
  em::Player scored = guest;
  scored.score = 5;
  CHECK(Code(db.ScorePlayer(guest, scored, em::ScorePlayerCondition{.cap = 0})) ==
        "ConditionFailed");
  CHECK(f.Players("g1")[1].score == 0);
  REQUIRE(db.ScorePlayer(guest, scored, em::ScorePlayerCondition{.cap = 10}).ok());
  CHECK(f.Players("g1")[1].score == 5);
  em::Player host_scored = host;
  host_scored.score = 1;
  CHECK(Code(db.ScorePlayer(host, host_scored, {.cap = 10})) == "ConditionFailed");

  // mutedAt not_exists: once.
  em::Player muted = f.Players("g1")[1];
  muted.muted_at = model::runtime::ParseTimestamp("2026-01-02T03:04:05.000Z");
  REQUIRE(muted.muted_at.has_value());
  REQUIRE(db.MutePlayer(f.Players("g1")[1], muted).ok());
  CHECK(f.Players("g1")[1].muted_at == muted.muted_at);
  CHECK(Code(db.MutePlayer(muted, muted)) == "ConditionFailed");

  // Out of the lobby, joining is refused (the `also` entry's phase = LOBBY) and nothing changes.
  em::Game lobby = f.GameNow("g1");
  em::Game playing = lobby;
  playing.phase = em::GamePhase::kPlaying;
  REQUIRE(db.StartGame(lobby, playing).ok());
  REQUIRE(db.CreateUser(em::User{"u3", 0, false}).ok());
  CHECK(Code(f.Join("g1", "u3", em::PlayerRole::kGuest)) == "ConditionFailed");
  CHECK(f.Players("g1").size() == 2);
  CHECK(f.GameNow("g1").player_count == 2);

  // awardPlayer: the player's score and the user's points in one transaction, while the user is
  // not banned and the game is playing.
  em::Player winner = f.Players("g1")[0];
  em::Player won = winner;
  won.score = 100;
  em::User u1 = f.UserNow("u1");
  em::User u1_after = u1;
  u1_after.points = 100;
  REQUIRE(db.AwardPlayer(winner, won, u1, u1_after).ok());
  CHECK(f.Players("g1")[0].score == 100);
  CHECK(f.UserNow("u1").points == 100);
  em::Player banned = f.Players("g1")[1];
  em::Player banned_won = banned;
  banned_won.score = 100;
  em::User u2 = f.UserNow("u2");
  em::User u2_after = u2;
  u2_after.points = 100;
  CHECK(Code(db.AwardPlayer(banned, banned_won, u2, u2_after)) == "ConditionFailed");
  CHECK(f.Players("g1")[1].score == 5);
  CHECK(f.UserNow("u2").points == 0);

  // kickPlayer: not the host, and not in a finished game.
  CHECK(Code(db.KickPlayer(f.Players("g1")[0])) == "ConditionFailed");
  REQUIRE(db.KickPlayer(f.Players("g1")[1]).ok());
  REQUIRE(f.Players("g1").size() == 1);
  CHECK(f.Players("g1")[0].user_id == "u1");
}

TEST_CASE("an embedded write refused for its parent's state says which", "[codegen][embedded]") {
  // The parent's UpdateItem asks for the parent's item back on a refusal (ALL_OLD): a missing
  // game, a full one and a player already there are told apart from the `condition:` clauses.
  Fixture f;
  auto& db = f.db;
  REQUIRE(db.CreateTable().ok());
  REQUIRE(db.CreateGame(em::Game{"g1", em::GamePhase::kLobby, "chess", 0}).ok());
  REQUIRE(db.CreateGame(em::Game{"g2", em::GamePhase::kPlaying, "go", 0}).ok());
  REQUIRE(db.CreateUser(em::User{"u1", 0, false}).ok());
  const std::string refused = " (ConditionalCheckFailedException: The conditional request failed)";

  // No game g9: the parent is missing, whatever its lobby condition would say.
  em::Game ghost{"g9", em::GamePhase::kLobby, "none", 0};
  em::Game ghost_after = ghost;
  ++ghost_after.player_count;
  auto missing = db.JoinGame(em::Player{"g9", "u1", em::PlayerRole::kGuest, 0, std::nullopt}, ghost,
                             ghost_after);
  REQUIRE_FALSE(missing.ok());
  CHECK(missing.error().code == "ConditionalCheckFailedException");
  CHECK(missing.error().message == "joinGame: the Game item does not exist" + refused);

  // 50 players, the relationship's max: the 51st is refused for the full map.
  for (int i = 0; i < 50; ++i)
    REQUIRE(f.Join("g1", "p" + std::to_string(i), em::PlayerRole::kGuest).ok());
  auto full = f.Join("g1", "late", em::PlayerRole::kGuest);
  REQUIRE_FALSE(full.ok());
  CHECK(full.error().code == "ConditionalCheckFailedException");
  CHECK(full.error().message ==
        "joinGame: the Game's 'players' is full: it holds 50 elements, the relationship's max" +
            refused);
  CHECK(f.Players("g1").size() == 50);
  CHECK(f.GameNow("g1").player_count == 50);

  // A player already in the game.
  auto again = f.Join("g1", "p0", em::PlayerRole::kGuest);
  REQUIRE_FALSE(again.ok());
  CHECK(again.error().message ==
        "joinGame: the Player is in the Game's 'players' already" + refused);

  // A game with room but out of its lobby: the `also` entry's condition, as the model writes it.
  auto playing = f.Join("g2", "u1", em::PlayerRole::kGuest);
  REQUIRE_FALSE(playing.ok());
  CHECK(playing.error().code == "ConditionFailed");
  CHECK(playing.error().message ==
        "joinGame: Game's condition { phase: \"= LOBBY\" } does not hold on the stored items" +
            refused);

  // A player no longer in the game: an update (its clauses folded into the game's UpdateItem)
  // and one in a transaction with the user's item (the first cancellation reason is the game's).
  em::Player gone{"g1", "nobody", em::PlayerRole::kGuest, 0, std::nullopt};
  em::Player gone_scored = gone;
  gone_scored.score = 1;
  auto score = db.ScorePlayer(gone, gone_scored, em::ScorePlayerCondition{.cap = 10});
  REQUIRE_FALSE(score.ok());
  CHECK(score.error().code == "ConditionalCheckFailedException");
  CHECK(score.error().message ==
        "scorePlayer: the Player is not in the Game's 'players'" + refused);
  REQUIRE(db.CreateUser(em::User{"nobody", 0, false}).ok());
  em::User nobody = f.UserNow("nobody");
  em::User nobody_after = nobody;
  nobody_after.points = 5;
  auto award = db.AwardPlayer(gone, gone_scored, nobody, nobody_after);
  REQUIRE_FALSE(award.ok());
  INFO(award.error().message);
  CHECK(award.error().code == "TransactionCanceledException");
  CHECK(award.error().message.rfind("awardPlayer: the Player is not in the Game's 'players' (",
                                    0) == 0);
  CHECK(f.UserNow("nobody").points == 0);
}
