// Names that would clash in the generated C++ (tests/codegen/clashes/model.yaml), each used by
// the name docs/codegen.md "Names" gives it: this file does not compile when a name breaks the
// rule, and the generated code does not compile (-Wall -Wextra -Werror) when two things share
// one. Every entity is written and read back through its renamed struct, method and fields.
#include <catch2/catch.hpp>
#include <memory>
#include <string>
#include <utility>
#include <variant>

#include "clashes_model.h"
#include "codegen/runtime/sim/sim_backend.h"

namespace cm = clashes_model;

namespace {

struct Fixture {
  std::unique_ptr<sim::DataPlane> backend = std::move(*model::runtime::OpenSimBackend());
  cm::ClashesModel db{*backend};
  Fixture() { REQUIRE(db.CreateTable().ok()); }
};

}  // namespace

TEST_CASE("clashing names: entities, enums and fields", "[codegen][names]") {
  Fixture f;
  // Board.kind is Board_Kind (BoardKind is the entity's struct); Board.kindType and
  // BoardKind.type are Board_KindType and BoardKind_Type; boardId, board_id and BoardID share
  // board_id and each carry their name's hex; class and delete are keywords.
  cm::Board board{.board_id_626f6172644964 = "b1",
                  .kind = cm::Board_Kind::kB,
                  .kind_type = cm::Board_KindType::kY,
                  .board_id_626f6172645f6964 = "snake",
                  .board_id_426f6172644944 = "upper",
                  .class_ = "c",
                  .delete_ = 3};
  // Load and CreateTable are the client's: the patterns load and createTable are Load_ and
  // CreateTable_; toValue is ToValue_.
  REQUIRE(f.db.Load_(board).ok());
  REQUIRE(f.db.CreateTable_(cm::BoardKind{"k1", cm::BoardKind_Type::kX}).ok());
  cm::Board kinded = board;
  kinded.kind = cm::Board_Kind::kA;
  REQUIRE(f.db.ToValue_(board, kinded).ok());
  // getBoard and get_board: both methods, their Params, with their names' hex.
  auto a = f.db.GetBoard_676574426f617264(cm::GetBoard_676574426f617264Params{"b1"});
  auto b = f.db.GetBoard_6765745f626f617264(cm::GetBoard_6765745f626f617264Params{"b1"});
  REQUIRE(a.ok());
  REQUIRE(b.ok());
  REQUIRE(a->items.size() == 1);
  REQUIRE(b->items.size() == 1);
  CHECK(a->items[0].kind == cm::Board_Kind::kA);
  CHECK(a->items[0].board_id_626f6172645f6964 == "snake");
  CHECK(a->items[0].board_id_426f6172644944 == "upper");
  CHECK(a->items[0].class_ == "c");
  CHECK(a->items[0].delete_ == 3);
  CHECK(std::string(cm::ToString(b->items[0].kind_type)) == "Y");
  CHECK(cm::ParseBoard_Kind("B") == cm::Board_Kind::kB);
  CHECK(cm::ParseBoardKind_Type("X") == cm::BoardKind_Type::kX);
  auto kind = f.db.BoardKind({"k1"});  // the method; the struct outside the class
  REQUIRE(kind.ok());
  REQUIRE(kind->items.size() == 1);
  CHECK(kind->items[0].type == cm::BoardKind_Type::kX);

  // Entities Card and card: structs, key functions, methods and Params with their names' hex.
  REQUIRE(f.db.AddCard_61646443617264(cm::Card_43617264{"c1", "ace", "z1"}).ok());
  REQUIRE(f.db.AddCard_6164645f63617264(cm::Card_63617264{"c1", 5}).ok());
  auto upper = f.db.GetCard_67657443617264(cm::GetCard_67657443617264Params{"c1"});
  auto lower = f.db.GetCard_6765745f63617264(cm::GetCard_6765745f63617264Params{"c1"});
  REQUIRE(upper.ok());
  REQUIRE(lower.ok());
  REQUIRE(upper->items.size() == 1);
  REQUIRE(lower->items.size() == 1);
  CHECK(upper->items[0].title == "ace");
  CHECK(lower->items[0].points == 5);
  auto upper_key = cm::Card_43617264Key(upper->items[0]);
  auto lower_key = cm::Card_63617264Key(lower->items[0]);
  REQUIRE(upper_key.has_value());
  REQUIRE(lower_key.has_value());
  CHECK(upper_key->partition_key != lower_key->partition_key);
  CHECK(cm::ParseCard_43617264Key(upper_key->partition_key, upper_key->sort_key).has_value());
}

TEST_CASE("clashing names: what the generated code always declares", "[codegen][names]") {
  Fixture f;
  // The entities ModelIr and T, and the enum To.string (ToString); the method of the pattern
  // modelIr is ModelIr_ too, since the client calls ModelIr().
  REQUIRE(f.db.AddModelIr(cm::ModelIr_{"m1"}).ok());
  REQUIRE(f.db.AddT(cm::T_{"t1"}).ok());
  REQUIRE(f.db.AddTo(cm::To{"o1", cm::To_String::kS}).ok());
  auto m = f.db.ModelIr_({"m1"});
  auto t = f.db.T({"t1"});
  auto to = f.db.To({"o1"});
  REQUIRE(m.ok());
  REQUIRE(t.ok());
  REQUIRE(to.ok());
  CHECK(m->items.size() == 1);
  CHECK(t->items.size() == 1);
  REQUIRE(to->items.size() == 1);
  CHECK(std::string(cm::ToString(to->items[0].string)) == "S");
  CHECK(cm::ModelIr().entities.size() == 16);  // the embedded model is still ModelIr()

  // Api's key function (ApiKey is the entity's struct) and the enum Api.key (Api_Key is the key
  // function's).
  REQUIRE(f.db.AddApi(cm::Api{"a1", cm::Api_4170692e6b6579Key::kK2}).ok());
  REQUIRE(f.db.AddApiKey(cm::ApiKey{"k1"}).ok());
  auto api = f.db.Api({"a1"});
  REQUIRE(api.ok());
  REQUIRE(api->items.size() == 1);
  CHECK(api->items[0].key == cm::Api_4170692e6b6579Key::kK2);
  auto key = cm::Api_Key(api->items[0]);
  REQUIRE(key.has_value());
  CHECK(cm::ParseApi_Key(key->partition_key, key->sort_key).has_value());
  CHECK(cm::ApiKeyKey(cm::ApiKey{"k1"}).has_value());
}

TEST_CASE("clashing names: pattern types, counters, versions and also entries",
          "[codegen][names]") {
  Fixture f;
  // order returns [Order, OrderItem]: its variant is Order_Item (and so its Params Order_Params).
  REQUIRE(f.db.AddOrder(cm::Order{"o1"}).ok());
  REQUIRE(f.db.AddItem(cm::OrderItem{"o1", 1}).ok());
  auto order = f.db.Order(cm::Order_Params{"o1"});
  REQUIRE(order.ok());
  REQUIRE(order->items.size() == 2);
  int items = 0;
  for (const cm::Order_Item& item : order->items)
    items += std::holds_alternative<cm::OrderItem>(item) ? 1 : 0;
  CHECK(items == 1);

  // The method ReadingParams (pattern readingParams) beside the struct ReadingParams.
  auto at = model::runtime::ParseTimestamp("2026-01-02T03:04:05.000Z");
  REQUIRE(at.has_value());
  REQUIRE(f.db.AddReading(cm::Reading{"s1", "42", *at}).ok());
  auto one = f.db.Reading(cm::ReadingParams{"s1", *at});
  auto since = f.db.ReadingParams(cm::ReadingParamsParams{"s1", *at});
  REQUIRE(one.ok());
  REQUIRE(since.ok());
  CHECK(one->items.size() == 1);
  CHECK(since->items.size() == 1);

  // A counter's create takes NewTicket_ (NewTicket is an entity) and returns the number drawn.
  REQUIRE(f.db.AddQueue(cm::Queue{"q1", std::nullopt}).ok());
  auto first = f.db.OpenTicket(cm::NewTicket_{"q1", "printer"});
  REQUIRE(first.ok());
  CHECK(*first == 1);
  auto tickets = f.db.QueueTickets({"q1"});
  REQUIRE(tickets.ok());
  REQUIRE(tickets->items.size() == 1);
  CHECK(tickets->items[0].number == 1);

  // A versioned entity with an attribute itemVersion: its version field is item_version_.
  REQUIRE(f.db.AddNewTicket(cm::NewTicket{"n1", 7, "ann"}).ok());
  auto ticket = f.db.NewTicket({"n1"});
  REQUIRE(ticket.ok());
  REQUIRE(ticket->items.size() == 1);
  CHECK(ticket->items[0].item_version == 7);
  CHECK(ticket->items[0].item_version_ == 1);

  // score: its also entries' items (card_before, and Also0's past the method's also0_before),
  // and its condition's parameters :caller_max and :callerMax.
  REQUIRE(f.db.AddCard_61646443617264(cm::Card_43617264{"c1", "ace", "z1"}).ok());
  REQUIRE(f.db.AddCard_6164645f63617264(cm::Card_63617264{"c1", 5}).ok());
  REQUIRE(f.db.AddAlso0(cm::Also0{"z1", 0}).ok());
  cm::ScoreCondition condition{
      .caller = "king", .caller_max_63616c6c65725f6d6178 = 10, .caller_max_63616c6c65724d6178 = 1};
  auto scored =
      f.db.Score(cm::Card_43617264{"c1", "ace", "z1"}, cm::Card_43617264{"c1", "queen", "z1"},
                 cm::Card_63617264{"c1", 5}, cm::Card_63617264{"c1", 6}, cm::Also0{"z1", 0},
                 cm::Also0{"z1", 1}, condition);
  REQUIRE(scored.ok());
  auto card = f.db.GetCard_6765745f63617264({"c1"});
  REQUIRE(card.ok());
  REQUIRE(card->items.size() == 1);
  CHECK(card->items[0].points == 6);
  auto also0 = f.db.Also0({"z1"});
  REQUIRE(also0.ok());
  REQUIRE(also0->items.size() == 1);
  CHECK(also0->items[0].hits == 1);
  // hits < :callerMax no longer holds: refused, nothing changed.
  auto refused =
      f.db.Score(cm::Card_43617264{"c1", "queen", "z1"}, cm::Card_43617264{"c1", "jack", "z1"},
                 cm::Card_63617264{"c1", 6}, cm::Card_63617264{"c1", 7}, cm::Also0{"z1", 1},
                 cm::Also0{"z1", 2}, condition);
  REQUIRE_FALSE(refused.ok());
  CHECK(refused.error().code == "ConditionFailed");
}
