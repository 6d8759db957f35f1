// The expression language: conditions, key conditions, updates and projections, with AWS's
// messages.
#include "model/sim/expr/expression.h"

#include <catch2/catch.hpp>

using namespace sim;

namespace {

AttributeValue S(std::string s) { return AttributeValue::S(std::move(s)); }
AttributeValue N(std::string n) { return AttributeValue::N(std::move(n)); }

struct Request {
  AttributeNames names;
  AttributeValues values;
};

bool Holds(const std::string& text, const Item& item, Request r = {}) {
  ExpressionAttributes attrs(&r.names, &r.values);
  auto c = ParseCondition(text, ExpressionKind::kCondition, attrs);
  INFO((c.ok() ? std::string() : c.error().message));
  REQUIRE(c.ok());
  return c->Evaluate(item);
}

std::string ConditionError(const std::string& text, Request r = {}) {
  ExpressionAttributes attrs(&r.names, &r.values);
  auto c = ParseCondition(text, ExpressionKind::kFilter, attrs);
  REQUIRE_FALSE(c.ok());
  return c.error().message;
}

SimResult<KeyCondition> Key(const std::string& text, Request r, ValueType sk = ValueType::kS) {
  ExpressionAttributes attrs(&r.names, &r.values);
  KeyAttributeSpec pk{"pk", ValueType::kS};
  KeyAttributeSpec sort{"sk", sk};
  return ParseKeyCondition(text, pk, &sort, attrs);
}

SimResult<UpdateOutcome> Update(const std::string& text, const Item& item, Request r = {}) {
  ExpressionAttributes attrs(&r.names, &r.values);
  auto u = ParseUpdate(text, attrs);
  if (!u.ok()) return u.error();
  return u->Apply(item);
}

}  // namespace

TEST_CASE("conditions compare, combine and call functions", "[sim][expression]") {
  Item item{{"a", N("5")},
            {"s", S("hello")},
            {"l", AttributeValue::L({S("x"), N("1")})},
            {"ss", AttributeValue::SS({"p", "q"})}};
  Request r;
  r.values = {
      {":five", N("5")}, {":four", N("4")}, {":he", S("he")}, {":x", S("x")}, {":p", S("p")}};
  CHECK(Holds("a = :five", item, r));
  CHECK_FALSE(Holds("a < :five", item, r));
  CHECK(Holds("a BETWEEN :four AND :five", item, r));
  CHECK(Holds("a IN (:four, :five)", item, r));
  CHECK(Holds("begins_with(s, :he) AND NOT attribute_exists(absent)", item, r));
  CHECK(Holds("contains(l, :x) AND contains(ss, :p) AND size(s) = :five", item, r));
  CHECK(Holds("a <> :four OR a = :four", item, r));
  // Comparing different types is false, never an error.
  CHECK_FALSE(Holds("s > :four", item, r));
}

TEST_CASE("condition errors are worded as AWS words them", "[sim][expression]") {
  CHECK(ConditionError("a = = b") ==
        "Invalid FilterExpression: Syntax error; token: \"=\", near: \"= = b\"");
  CHECK(ConditionError("size = :v", Request{{}, {{":v", N("1")}}}) ==
        "Invalid FilterExpression: Attribute name is a reserved keyword; reserved keyword: size");
  CHECK(ConditionError("a = :q") ==
        "Invalid FilterExpression: An expression attribute value used in expression is not "
        "defined; attribute value: :q");
  CHECK(ConditionError("") == "Invalid FilterExpression: The expression can not be empty;");
}

TEST_CASE("unused placeholders are reported after parsing", "[sim][expression]") {
  AttributeNames names{{"#a", "a"}, {"#b", "b"}};
  AttributeValues values{{":v", N("1")}, {":z", N("2")}};
  ExpressionAttributes attrs(&names, &values);
  REQUIRE(ParseCondition("#a = :v", ExpressionKind::kCondition, attrs).ok());
  auto status = attrs.CheckAllUsed();
  REQUIRE_FALSE(status.ok());
  CHECK(status.error().message ==
        "Value provided in ExpressionAttributeNames unused in expressions: keys: {#b}");
}

TEST_CASE("key conditions: partition equality and one sort-key condition", "[sim][expression]") {
  Request r;
  r.values = {{":p", S("CUSTOMER#1")},
              {":lo", S("ORDER#2020")},
              {":hi", S("ORDER#2021")},
              {":pre", S("ORDER#")},
              {":n", N("3")}};
  auto k = Key("pk = :p AND sk BETWEEN :lo AND :hi", r);
  REQUIRE(k.ok());
  CHECK(k->partition_value == S("CUSTOMER#1"));
  REQUIRE(k->sort);
  CHECK(k->sort->Matches(S("ORDER#2020-06")));
  CHECK(k->sort->Matches(S("ORDER#2021")));
  CHECK_FALSE(k->sort->Matches(S("ORDER#2021-01")));

  auto b = Key("begins_with(sk, :pre) AND pk = :p", r);
  REQUIRE(b.ok());
  CHECK(b->sort->op == SortKeyOp::kBeginsWith);
  CHECK(b->sort->Matches(S("ORDER#1")));
  CHECK_FALSE(b->sort->Matches(S("ORDE")));

  auto flipped = Key("pk = :p AND :lo < sk", r);
  REQUIRE(flipped.ok());
  CHECK(flipped->sort->op == SortKeyOp::kGt);
}

TEST_CASE("key condition errors", "[sim][expression]") {
  Request r;
  r.values = {{":p", S("x")}, {":q", S("y")}, {":n", N("1")}};
  CHECK(Key("sk = :p", r).error().message == "Query condition missed key schema element: pk");
  CHECK(Key("pk = :p OR sk = :q", r).error().message ==
        "Invalid operator used in KeyConditionExpression: OR");
  CHECK(Key("pk <> :p", r).error().message ==
        "Invalid operator used in KeyConditionExpression: <>");
  CHECK(Key("begins_with(pk, :p)", r).error().message == "Query key condition not supported");
  CHECK(Key("pk = :n", r).error().message ==
        "One or more parameter values were invalid: Condition parameter type does not match "
        "schema type");
  CHECK(Key("pk = :p AND sk BETWEEN :q AND :p", r).error().message ==
        "Invalid KeyConditionExpression: The BETWEEN operator requires upper bound to be greater "
        "than or equal to lower bound; lower bound operand: AttributeValue: {S:y}, upper bound "
        "operand: AttributeValue: {S:x}");
}

TEST_CASE("updates: SET with arithmetic, if_not_exists and list_append", "[sim][expression]") {
  Item item{{"pk", S("k")}, {"n", N("10")}, {"l", AttributeValue::L({N("1")})}};
  Request r;
  r.values = {{":one", N("1")}, {":zero", N("0")}, {":more", AttributeValue::L({N("2")})}};
  auto u =
      Update("SET n = n + :one, c = if_not_exists(c, :zero), l = list_append(l, :more)", item, r);
  REQUIRE(u.ok());
  CHECK(u->item.at("n") == N("11"));
  CHECK(u->item.at("c") == N("0"));
  CHECK(u->item.at("l") == AttributeValue::L({N("1"), N("2")}));
  CHECK(u->changed == std::vector<std::string>{"c", "l", "n"});
}

TEST_CASE("updates read operands from the item before the update", "[sim][expression]") {
  Item item{{"a", N("1")}, {"b", N("2")}};
  auto u = Update("SET a = b, b = a", item);
  REQUIRE(u.ok());
  CHECK(u->item.at("a") == N("2"));
  CHECK(u->item.at("b") == N("1"));
}

TEST_CASE("updates: REMOVE, ADD and DELETE", "[sim][expression]") {
  Item item{{"n", N("1")},
            {"tags", AttributeValue::SS({"a", "b"})},
            {"l", AttributeValue::L({S("x"), S("y"), S("z")})},
            {"gone", S("bye")}};
  Request r;
  r.values = {
      {":two", N("2")}, {":c", AttributeValue::SS({"c"})}, {":ab", AttributeValue::SS({"a", "b"})}};
  auto u = Update("REMOVE gone, l[0], l[2] ADD n :two, fresh :c", item, r);
  REQUIRE(u.ok());
  CHECK(u->item.count("gone") == 0);
  CHECK(u->item.at("l") == AttributeValue::L({S("y")}));
  CHECK(u->item.at("n") == N("3"));
  CHECK(u->item.at("fresh") == AttributeValue::SS({"c"}));
  auto d = Update("DELETE tags :ab", item, r);
  REQUIRE(d.ok());
  CHECK(d->item.count("tags") == 0);  // an emptied set is removed
}

TEST_CASE("update errors", "[sim][expression]") {
  Item item{{"s", S("x")}, {"m", AttributeValue::M({})}};
  Request r;
  r.values = {{":one", N("1")}, {":s", S("t")}};
  CHECK(Update("SET a = :one, a = :one", item, r).error().message ==
        "Invalid UpdateExpression: Two document paths overlap with each other; must remove or "
        "rewrite one of these paths; path one: [a], path two: [a]");
  CHECK(Update("SET a = :one SET b = :one", item, r).error().message ==
        "Invalid UpdateExpression: The \"SET\" section can only be used once in an update "
        "expression;");
  CHECK(Update("SET a = absent", item, r).error().message ==
        "The provided expression refers to an attribute that does not exist in the item");
  CHECK(Update("SET s = s + :one", item, r).error().message ==
        "An operand in the update expression has an incorrect data type");
  CHECK(Update("SET x.y = :one", item, r).error().message ==
        "The document path provided in the update expression is invalid for update");
  CHECK(Update("ADD a :s", item, r).error().message ==
        "Invalid UpdateExpression: Incorrect operand type for operator or function; operator: "
        "ADD, operand type: STRING");
  auto nested = Update("SET m.k = :s", item, r);
  REQUIRE(nested.ok());
  CHECK(nested->item.at("m") == AttributeValue::M({{"k", S("t")}}));
}

TEST_CASE("key attributes cannot be updated", "[sim][expression]") {
  AttributeValues values{{":v", S("x")}};
  ExpressionAttributes attrs(nullptr, &values);
  auto u = ParseUpdate("SET col = :v, sk = :v", attrs);
  REQUIRE(u.ok());
  CHECK(u->CheckKeyNotUpdated({"pk", "sk"}).error().message ==
        "One or more parameter values were invalid: Cannot update attribute sk. This attribute "
        "is part of the key");
  CHECK(u->target_top_level_names() == std::vector<std::string>{"col", "sk"});
}

TEST_CASE("projections keep the named paths and compact lists", "[sim][expression]") {
  Item item{{"a", N("1")},
            {"b", S("x")},
            {"m", AttributeValue::M({{"k", S("v")}, {"j", S("w")}})},
            {"l", AttributeValue::L({S("p"), S("q"), S("r")})}};
  AttributeNames names{{"#m", "m"}};
  ExpressionAttributes attrs(&names, nullptr);
  auto p = ParseProjection("a, #m.k, l[2], nothing", attrs);
  REQUIRE(p.ok());
  Item out = p->Apply(item);
  CHECK(out.size() == 3);
  CHECK(out.at("m") == AttributeValue::M({{"k", S("v")}}));
  CHECK(out.at("l") == AttributeValue::L({S("r")}));
  CHECK(p->top_level_names() == std::vector<std::string>{"a", "l", "m", "nothing"});

  ExpressionAttributes attrs2(nullptr, nullptr);
  CHECK(ParseProjection("a, a.b", attrs2).error().message ==
        "Invalid ProjectionExpression: Two document paths overlap with each other; must remove "
        "or rewrite one of these paths; path one: [a], path two: [a, b]");
}
