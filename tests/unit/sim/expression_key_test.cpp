// KeyConditionExpression: structure checks without a table, then resolution against a schema.
#include <catch2/catch.hpp>
#include <string>

#include "model/sim/expr/expression.h"

using namespace sim;

namespace {

AttributeValue S(std::string s) { return AttributeValue::S(std::move(s)); }
AttributeValue N(std::string n) { return AttributeValue::N(std::move(n)); }

AttributeValues Values() {
  return {{":p", S("USER#1")}, {":a", S("A")},  {":b", S("B")},
          {":n1", N("1")},     {":n5", N("5")}, {":bin", AttributeValue::B("\x01")},
          {":typeS", S("S")}};
}

// The structural error of a key condition (no schema involved).
std::string StructureError(const std::string& text) {
  AttributeValues values = Values();
  AttributeNames names{{"#pk", "pk"}};
  ExpressionAttributes attrs(&names, &values);
  auto k = ParseKeyConditionExpression(text, attrs);
  INFO(text);
  REQUIRE_FALSE(k.ok());
  return k.error().message;
}

// Parses and resolves against pk (S) and, unless `sort_type` is kNull, sk of `sort_type`.
SimResult<KeyCondition> Resolve(const std::string& text, ValueType sort_type = ValueType::kS) {
  AttributeValues values = Values();
  AttributeNames names{{"#pk", "pk"}};
  ExpressionAttributes attrs(&names, &values);
  KeyAttributeSpec pk{"pk", ValueType::kS};
  KeyAttributeSpec sk{"sk", sort_type};
  return ParseKeyCondition(text, pk, sort_type == ValueType::kNull ? nullptr : &sk, attrs);
}

std::string ResolveError(const std::string& text, ValueType sort_type = ValueType::kS) {
  auto k = Resolve(text, sort_type);
  INFO(text);
  REQUIRE_FALSE(k.ok());
  CHECK(k.error().name == "ValidationException");
  return k.error().message;
}

}  // namespace

TEST_CASE("key conditions resolve to a partition value and one sort condition",
          "[sim][expression]") {
  auto only_pk = Resolve("#pk = :p");
  REQUIRE(only_pk.ok());
  CHECK(only_pk->partition_value == S("USER#1"));
  CHECK_FALSE(only_pk->sort.has_value());

  struct Case {
    const char* text;
    SortKeyOp op;
  };
  for (Case c :
       {Case{"pk = :p AND sk = :a", SortKeyOp::kEq}, Case{"pk = :p AND sk < :a", SortKeyOp::kLt},
        Case{"pk = :p AND sk <= :a", SortKeyOp::kLe}, Case{"pk = :p AND sk > :a", SortKeyOp::kGt},
        Case{"pk = :p AND sk >= :a", SortKeyOp::kGe},
        Case{"pk = :p AND :a > sk", SortKeyOp::kLt},  // value first: the operator flips
        Case{"pk = :p AND :a <= sk", SortKeyOp::kGe},
        Case{"sk BETWEEN :a AND :b AND pk = :p", SortKeyOp::kBetween},
        Case{"pk = :p AND begins_with(sk, :a)", SortKeyOp::kBeginsWith},
        Case{"(pk = :p) AND (sk = :a)", SortKeyOp::kEq}}) {
    INFO(c.text);
    auto k = Resolve(c.text);
    REQUIRE(k.ok());
    REQUIRE(k->sort.has_value());
    CHECK(k->sort->op == c.op);
    CHECK(k->sort->value == S("A"));
  }
  auto between = Resolve("pk = :p AND sk BETWEEN :a AND :b");
  REQUIRE(between.ok());
  CHECK(between->sort->upper == S("B"));

  auto parsed_terms = [] {
    AttributeValues values = Values();
    ExpressionAttributes attrs(nullptr, &values);
    return ParseKeyConditionExpression(":n5 >= sk AND pk = :p", attrs);
  }();
  REQUIRE(parsed_terms.ok());
  REQUIRE(parsed_terms->terms().size() == 2);
  CHECK(parsed_terms->terms()[0].attribute == "sk");
  CHECK(parsed_terms->terms()[0].op == SortKeyOp::kLe);
  CHECK(parsed_terms->terms()[0].values == std::vector<AttributeValue>{N("5")});
  CHECK(parsed_terms->terms()[1].attribute == "pk");
}

TEST_CASE("sort key conditions match by the key's type order", "[sim][expression]") {
  SortKeyCondition between;
  between.op = SortKeyOp::kBetween;
  between.value = N("1");
  between.upper = N("5");
  CHECK(between.Matches(N("1")));
  CHECK(between.Matches(N("5")));
  CHECK(between.Matches(N("2.5")));
  CHECK_FALSE(between.Matches(N("10")));  // numeric, not textual
  CHECK_FALSE(between.Matches(N("0.99")));
  CHECK_FALSE(between.Matches(S("3")));

  SortKeyCondition prefix;
  prefix.op = SortKeyOp::kBeginsWith;
  prefix.value = S("ORDER#");
  CHECK(prefix.Matches(S("ORDER#")));
  CHECK(prefix.Matches(S("ORDER#2024")));
  CHECK_FALSE(prefix.Matches(S("ORDER")));
  CHECK_FALSE(prefix.Matches(S("order#1")));

  SortKeyCondition less;
  less.op = SortKeyOp::kLt;
  less.value = AttributeValue::B("\x80");
  CHECK(less.Matches(AttributeValue::B("\x7f\xff")));  // unsigned bytes
  CHECK_FALSE(less.Matches(AttributeValue::B("\x80")));
  less.op = SortKeyOp::kGe;
  CHECK(less.Matches(AttributeValue::B("\x80")));
  CHECK(less.Matches(AttributeValue::B("\x81")));
}

TEST_CASE("key condition structure errors, as AWS words and orders them", "[sim][expression]") {
  const std::string op = "Invalid operator used in KeyConditionExpression: ";
  CHECK(StructureError("pk = :p OR sk = :a") == op + "OR");
  CHECK(StructureError("a > b and size(b) > c or a > c") == op + "OR");
  CHECK(StructureError("a in (b, size(c), d)") == op + "IN");
  CHECK(StructureError("NOT pk = :p") == op + "NOT");
  CHECK(StructureError("pk <> :p") == op + "<>");
  CHECK(StructureError("attribute_exists(a)") == op + "attribute_exists");
  CHECK(StructureError("attribute_not_exists(a)") == op + "attribute_not_exists");
  CHECK(StructureError("attribute_type(a, :typeS)") == op + "attribute_type");
  CHECK(StructureError("contains(a.d, b)") == op + "contains");

  const std::string cond = "Invalid condition in KeyConditionExpression: ";
  CHECK(StructureError(":a between size(b) and size(a) and b > :b") ==
        cond + "BETWEEN operator must have the key attribute as its first operand");
  CHECK(StructureError("begins_with(:a, b) and a > :b") ==
        cond + "begins_with operator must have the key attribute as its first operand");
  CHECK(StructureError("size(b) > a AND a.b > b AND b > c") ==
        "KeyConditionExpressions cannot contain nested operations");
  CHECK(StructureError("a > size(b.d)") ==
        "KeyConditionExpressions cannot contain nested operations");
  CHECK(StructureError("a between size(b) and size(a)") ==
        "KeyConditionExpressions cannot contain nested operations");
  CHECK(StructureError("b > a.b") == cond + "Multiple attribute names used in one condition");
  CHECK(StructureError("b between c[1] and d") ==
        cond + "Multiple attribute names used in one condition");
  CHECK(StructureError("a between b and size(a)") ==
        cond + "Multiple attribute names used in one condition");
  CHECK(StructureError("begins_with(a, b)") ==
        cond + "Multiple attribute names used in one condition");
  CHECK(StructureError("b.d > a AND c.d > e.f") ==
        "KeyConditionExpressions cannot have conditions on nested attributes");
  CHECK(StructureError("b[0] > a") ==
        "KeyConditionExpressions cannot have conditions on nested attributes");
  CHECK(StructureError(":b > :a AND a < :b") == cond + "No key attribute specified");
  CHECK(StructureError("b > :a AND b < :a and c = :a and d = :a") ==
        "KeyConditionExpressions must only contain one condition per key");
  CHECK(StructureError("(a > :a and b > :a) and (b > :a and c > :a)") ==
        "KeyConditionExpressions must only contain one condition per key");
  // Grammar errors come first, prefixed with the expression kind.
  CHECK(StructureError("") == "Invalid KeyConditionExpression: The expression can not be empty;");
  CHECK(StructureError("a > 4") ==
        "Invalid KeyConditionExpression: Syntax error; token: \"4\", near: \"> 4\"");
  CHECK(StructureError("pk = :q") ==
        "Invalid KeyConditionExpression: An expression attribute value used in expression is not "
        "defined; attribute value: :q");
  CHECK(StructureError("pk = :p AND sk BETWEEN :b AND :a") ==
        "Invalid KeyConditionExpression: The BETWEEN operator requires upper bound to be greater "
        "than or equal to lower bound; lower bound operand: AttributeValue: {S:B}, upper bound "
        "operand: AttributeValue: {S:A}");
  CHECK(StructureError("a between :n1 and :a") ==
        "Invalid KeyConditionExpression: The BETWEEN operator requires same data type for lower "
        "and upper bounds; lower bound operand: AttributeValue: {N:1}, upper bound operand: "
        "AttributeValue: {S:A}");
  CHECK(StructureError("attribute_type(a, b)") ==
        "Invalid KeyConditionExpression: Incorrect operand type for operator or function; operator "
        "or function: attribute_type, operand type: {NS,SS,L,BS,N,M,B,BOOL,NULL,S}");
  CHECK(StructureError("pk = :p AND begins_with(sk, :n1)") ==
        "Invalid KeyConditionExpression: Incorrect operand type for operator or function; operator "
        "or function: begins_with, operand type: N");
}

TEST_CASE("key condition schema errors", "[sim][expression]") {
  CHECK(ResolveError("sk = :a") == "Query condition missed key schema element: pk");
  CHECK(ResolveError("extra = :a AND sk = :a") == "Query condition missed key schema element: pk");
  CHECK(ResolveError("pk = :p AND extra = :a") == "Query condition missed key schema element: sk");
  CHECK(ResolveError("pk = :p AND sk = :a", ValueType::kNull) ==
        "Query key condition not supported");
  CHECK(ResolveError("pk = :p AND sk = :a AND extra = :b") ==
        "Conditions can be of length 1 or 2 only");
  CHECK(ResolveError("pk > :p") == "Query key condition not supported");
  CHECK(ResolveError("begins_with(pk, :p)") == "Query key condition not supported");
  CHECK(ResolveError("pk BETWEEN :a AND :b AND sk = :a") == "Query key condition not supported");
  const std::string mismatch =
      "One or more parameter values were invalid: Condition parameter type does not match schema "
      "type";
  CHECK(ResolveError("pk = :n1") == mismatch);
  CHECK(ResolveError("pk = :p AND sk = :n1") == mismatch);
  CHECK(ResolveError("pk = :p AND sk BETWEEN :n1 AND :n5") == mismatch);
  CHECK(ResolveError("pk = :p AND sk = :a", ValueType::kN) == mismatch);
  CHECK(ResolveError("pk = :p AND begins_with(sk, :bin)") == mismatch);
  // A B sort key accepts begins_with with a B prefix; an N key compares numbers.
  CHECK(Resolve("pk = :p AND begins_with(sk, :bin)", ValueType::kB).ok());
  CHECK(Resolve("pk = :p AND sk BETWEEN :n1 AND :n5", ValueType::kN).ok());
}
