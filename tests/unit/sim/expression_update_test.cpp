// UpdateExpression: applying SET / REMOVE / ADD / DELETE, and AWS's errors in AWS's order.
#include <catch2/catch.hpp>
#include <string>

#include "model/sim/expr/expression.h"

using namespace sim;

namespace {

AttributeValue S(std::string s) { return AttributeValue::S(std::move(s)); }
AttributeValue N(std::string n) { return AttributeValue::N(std::move(n)); }
AttributeValue L(std::vector<AttributeValue> e) { return AttributeValue::L(std::move(e)); }

AttributeValues Values() {
  return {{":s", S("x")},
          {":n1", N("1")},
          {":n2", N("2.5")},
          {":neg", N("-10")},
          {":big", N("99999999999999999999999999999999999999")},  // 38 nines
          {":b", AttributeValue::B("\x01")},
          {":t", AttributeValue::Bool(true)},
          {":null", AttributeValue::Null()},
          {":l", L({N("9")})},
          {":empty_list", L({})},
          {":m", AttributeValue::M({{"k", S("v")}})},
          {":ss", AttributeValue::SS({"b", "c"})},
          {":ss_a", AttributeValue::SS({"a"})},
          {":ns", AttributeValue::NS({"1", "3"})},
          {":bs", AttributeValue::BS({"\x02"})}};
}

Item Sample() {
  return Item{{"pk", S("k")},
              {"n", N("10")},
              {"s", S("text")},
              {"l", L({S("a"), S("b"), S("c")})},
              {"m", AttributeValue::M({{"k", S("v")}, {"lst", L({N("1")})}})},
              {"tags", AttributeValue::SS({"a", "b"})},
              {"nums", AttributeValue::NS({"1", "2"})}};
}

SimResult<UpdateOutcome> Apply(const std::string& text, const Item& item = Sample()) {
  AttributeValues values = Values();
  AttributeNames names{{"#n", "n"}, {"#d", "[3]"}, {"#c", "c"}};
  ExpressionAttributes attrs(&names, &values);
  auto program = ParseUpdate(text, attrs);
  INFO(text << " -> " << (program.ok() ? std::string("ok") : program.error().message));
  REQUIRE(program.ok());
  return program->Apply(item);
}

std::string ParseError(const std::string& text) {
  AttributeValues values = Values();
  AttributeNames names{{"#n", "n"}, {"#d", "[3]"}, {"#c", "c"}};
  ExpressionAttributes attrs(&names, &values);
  auto program = ParseUpdate(text, attrs);
  INFO(text);
  REQUIRE_FALSE(program.ok());
  CHECK(program.error().name == "ValidationException");
  return program.error().message;
}

std::string ApplyError(const std::string& text, const Item& item = Sample()) {
  auto outcome = Apply(text, item);
  INFO(text);
  REQUIRE_FALSE(outcome.ok());
  return outcome.error().message;
}

}  // namespace

TEST_CASE("SET assigns values, arithmetic and functions", "[sim][expression]") {
  auto set = Apply("SET a = :s, n = n - :n2, m.k = :n1, l[1] = :t, l[7] = :null, new_map = :m");
  REQUIRE(set.ok());
  const Item& item = set->item;
  CHECK(item.at("a") == S("x"));
  CHECK(item.at("n") == N("7.5"));
  CHECK(item.at("m") == AttributeValue::M({{"k", N("1")}, {"lst", L({N("1")})}}));
  // An index past the end appends.
  CHECK(item.at("l") == L({S("a"), AttributeValue::Bool(true), S("c"), AttributeValue::Null()}));
  CHECK(item.at("new_map") == AttributeValue::M({{"k", S("v")}}));
  CHECK(set->changed == std::vector<std::string>{"a", "l", "m", "n", "new_map"});

  auto arithmetic = Apply("SET a = :n1 + :n2, b = :neg - n, c = (n + :n1), d = m.lst[0] + :n1");
  REQUIRE(arithmetic.ok());
  CHECK(arithmetic->item.at("a") == N("3.5"));
  CHECK(arithmetic->item.at("b") == N("-20"));
  CHECK(arithmetic->item.at("c") == N("11"));
  CHECK(arithmetic->item.at("d") == N("2"));

  auto functions = Apply(
      "SET a = if_not_exists(a, :n1), n = if_not_exists(n, :n1), l = list_append(:l, l), "
      "e = list_append(:empty_list, :l)");
  REQUIRE(functions.ok());
  CHECK(functions->item.at("a") == N("1"));
  CHECK(functions->item.at("n") == N("10"));
  CHECK(functions->item.at("l") == L({N("9"), S("a"), S("b"), S("c")}));
  CHECK(functions->item.at("e") == L({N("9")}));
  CHECK(functions->changed == std::vector<std::string>{"a", "e", "l"});
}

TEST_CASE("setting a value equal to the current one changes nothing", "[sim][expression]") {
  auto same = Apply("SET s = s, n = if_not_exists(n, :n1)");
  REQUIRE(same.ok());
  CHECK(same->changed.empty());
  CHECK(same->item == Sample());
}

TEST_CASE("REMOVE drops attributes, map keys and list elements", "[sim][expression]") {
  auto r = Apply("REMOVE s, m.k, l[0], l[2], absent, m.absent, l[9]");
  REQUIRE(r.ok());
  CHECK(r->item.count("s") == 0);
  CHECK(r->item.at("m") == AttributeValue::M({{"lst", L({N("1")})}}));
  // Indexes name elements of the list as it was: [0] and [2] go, [1] stays.
  CHECK(r->item.at("l") == L({S("b")}));
  CHECK(r->changed == std::vector<std::string>{"l", "m", "s"});

  Item nested{{"l", L({AttributeValue::M({{"a", N("1")}, {"b", N("2")}}), S("x"),
                       AttributeValue::M({{"a", N("3")}})})},
              {"z", S("z")}};
  auto mixed = Apply("REMOVE l[0].a, z, l[1], l[2].a", nested);
  REQUIRE(mixed.ok());
  CHECK(mixed->item == Item{{"l", L({AttributeValue::M({{"b", N("2")}}), AttributeValue::M({})})}});
}

TEST_CASE("ADD adds numbers and unions sets; DELETE subtracts sets", "[sim][expression]") {
  auto add = Apply("ADD n :neg, fresh :n1, tags :ss, nums :ns, new_set :ss_a");
  REQUIRE(add.ok());
  CHECK(add->item.at("n") == N("0"));
  CHECK(add->item.at("fresh") == N("1"));
  CHECK(add->item.at("tags") == AttributeValue::SS({"a", "b", "c"}));
  CHECK(add->item.at("nums") == AttributeValue::NS({"1", "2", "3"}));
  CHECK(add->item.at("new_set") == AttributeValue::SS({"a"}));

  auto del = Apply("DELETE tags :ss, absent :ss, nums :ns");
  REQUIRE(del.ok());
  CHECK(del->item.at("tags") == AttributeValue::SS({"a"}));
  CHECK(del->item.at("nums") == AttributeValue::NS({"2"}));
  CHECK(del->changed == std::vector<std::string>{"nums", "tags"});
  // Deleting every member removes the attribute.
  auto emptied = Apply("DELETE tags :ss_a", Item{{"tags", AttributeValue::SS({"a"})}});
  REQUIRE(emptied.ok());
  CHECK(emptied->item.empty());
  CHECK(emptied->changed == std::vector<std::string>{"tags"});
}

TEST_CASE("all four clauses in one expression, any order, case-insensitive", "[sim][expression]") {
  auto u = Apply("remove s add n :n1 delete tags :ss_a set a = :s");
  REQUIRE(u.ok());
  CHECK(u->item.count("s") == 0);
  CHECK(u->item.at("n") == N("11"));
  CHECK(u->item.at("tags") == AttributeValue::SS({"b"}));
  CHECK(u->item.at("a") == S("x"));
  CHECK(u->changed == std::vector<std::string>{"a", "n", "s", "tags"});
}

TEST_CASE("update errors found when applying", "[sim][expression]") {
  const std::string absent =
      "The provided expression refers to an attribute that does not exist in the item";
  const std::string type = "An operand in the update expression has an incorrect data type";
  const std::string path =
      "The document path provided in the update expression is invalid for update";
  CHECK(ApplyError("SET a = absent") == absent);
  CHECK(ApplyError("SET a = absent + :n1") == absent);
  CHECK(ApplyError("SET a = list_append(absent, :l)") == absent);
  CHECK(ApplyError("SET a = s + :n1") == type);
  CHECK(ApplyError("SET a = list_append(s, :l)") == type);
  CHECK(ApplyError("SET a = list_append(tags, if_not_exists(f, :l))") == type);
  CHECK(ApplyError("ADD s :n1") == type);
  CHECK(ApplyError("ADD tags :ns") == type);
  CHECK(ApplyError("ADD n :ss") == type);
  CHECK(ApplyError("DELETE n :ns") == type);
  CHECK(ApplyError("DELETE tags :ns") == type);
  CHECK(ApplyError("SET s.a = :s") == path);
  CHECK(ApplyError("SET absent.a = :s") == path);
  CHECK(ApplyError("SET absent[0] = :s") == path);
  CHECK(ApplyError("SET m[0] = :s") == path);
  CHECK(ApplyError("SET l.a = :s") == path);
  CHECK(ApplyError("REMOVE s.a") == path);
  CHECK(ApplyError("REMOVE absent.a") == path);
  CHECK(ApplyError("REMOVE m[1]") == path);
  CHECK(ApplyError("ADD absent.a :n1") == path);
  CHECK(ApplyError("DELETE l.x :ss") == path);
  CHECK(ApplyError("SET n = n + :big") ==
        "Number overflow. Attempting to store a number with magnitude larger than supported range");
}

TEST_CASE("update parse errors, as AWS words and orders them", "[sim][expression]") {
  const std::string prefix = "Invalid UpdateExpression: ";
  CHECK(ParseError("") == prefix + "The expression can not be empty;");
  CHECK(ParseError("whatever") == prefix + "Syntax error; token: \"whatever\", near: \"whatever\"");
  CHECK(ParseError("set a") == prefix + "Syntax error; token: \"<EOF>\", near: \"a\"");
  CHECK(ParseError("set a = b + c + d") == prefix + "Syntax error; token: \"+\", near: \"c + d\"");
  CHECK(ParseError("SET a = if_not_exists(a, 100)") ==
        prefix + "Syntax error; token: \"100\", near: \", 100)\"");
  CHECK(ParseError("remove a = b") == prefix + "Syntax error; token: \"=\", near: \"a = b\"");
  // The furthest point any reading reached: "(b" as a parenthesized operand stops at "+".
  CHECK(ParseError("set a = ((b + c))") == prefix + "Syntax error; token: \"+\", near: \"b + c\"");
  CHECK(ParseError("set #n = :s set abOrt = :s") ==
        prefix + "Attribute name is a reserved keyword; reserved keyword: abOrt");
  CHECK(ParseError("set #n = if_not_exist(:c) set c = d") ==
        prefix + "Invalid function name; function: if_not_exist");
  CHECK(ParseError("set a = size(b)") ==
        prefix + "The function is not allowed in an update expression; function: size");
  CHECK(ParseError("remove #x set a = b remove e") ==
        prefix + "The \"REMOVE\" section can only be used once in an update expression;");
  CHECK(ParseError("SET #x = if_not_exists(:c)") ==
        prefix +
            "An expression attribute name used in the document path is not defined; "
            "attribute name: #x");
  CHECK(ParseError("SET a = :c, #x = :s") ==
        prefix +
            "An expression attribute name used in the document path is not defined; "
            "attribute name: #x");
  CHECK(ParseError("SET #n = if_not_exists(:c)") ==
        prefix +
            "An expression attribute value used in expression is not defined; attribute "
            "value: :c");
  CHECK(ParseError("set d[1] = a, d.b = a, #c[1].a = a, #c = if_not_exists(a)") ==
        prefix +
            "Two document paths overlap with each other; must remove or rewrite one of these "
            "paths; path one: [c, [1], a], path two: [c]");
  CHECK(ParseError("set #c[3].#d = a, #c[3] = a") ==
        prefix +
            "Two document paths overlap with each other; must remove or rewrite one of these "
            "paths; path one: [c, [3], [3]], path two: [c, [3]]");
  CHECK(ParseError("set #c[3].#d = a, #c.#d[3] = if_not_exists(a)") ==
        prefix +
            "Two document paths conflict with each other; must remove or rewrite one of "
            "these paths; path one: [c, [3], [3]], path two: [c, [3], [3]]");
  CHECK(ParseError("remove a.#c set a[1] = :s") ==
        prefix +
            "Two document paths conflict with each other; must remove or rewrite one of "
            "these paths; path one: [a, c], path two: [a, [1]]");
  CHECK(ParseError("set b = list_append(:s, a), c = if_not_exists(a) add a.b :s") ==
        prefix +
            "Incorrect operand type for operator or function; operator: ADD, operand type: "
            "STRING");
  struct TypeCase {
    const char* text;
    const char* message;
  };
  for (TypeCase c : {TypeCase{"delete a :s", "operator: DELETE, operand type: STRING"},
                     TypeCase{"add a :null", "operator: ADD, operand type: NULL"},
                     TypeCase{"delete a :t", "operator: DELETE, operand type: BOOLEAN"},
                     TypeCase{"add a :b", "operator: ADD, operand type: BINARY"},
                     TypeCase{"delete a :m", "operator: DELETE, operand type: MAP"},
                     TypeCase{"add a :l", "operator: ADD, operand type: LIST"},
                     TypeCase{"delete a :n1", "operator: DELETE, operand type: NUMBER"},
                     TypeCase{"set a = list_append(:s, a)",
                              "operator or function: list_append, operand type: S"},
                     TypeCase{"set a = list_append(a, :ns)",
                              "operator or function: list_append, operand type: NS"},
                     TypeCase{"set a = a + :s", "operator or function: +, operand type: S"},
                     TypeCase{"set a = :b - a", "operator or function: -, operand type: B"},
                     TypeCase{"set a = a - :m", "operator or function: -, operand type: M"}}) {
    CHECK(ParseError(c.text) ==
          prefix + "Incorrect operand type for operator or function; " + c.message);
  }
  CHECK(ParseError("set a = if_not_exists(c)") ==
        prefix +
            "Incorrect number of operands for operator or function; operator or function: "
            "if_not_exists, number of operands: 1");
  CHECK(ParseError("set a = list_append(c, d, e)") ==
        prefix +
            "Incorrect number of operands for operator or function; operator or function: "
            "list_append, number of operands: 3");
  CHECK(ParseError("set a = if_not_exists(:s, c)") ==
        prefix +
            "Operator or function requires a document path; operator or function: "
            "if_not_exists");
  CHECK(ParseError("set a = if_not_exists(if_not_exists(a, b), c)") ==
        prefix +
            "Operator or function requires a document path; operator or function: "
            "if_not_exists");
  // The innermost function error is the one reported.
  CHECK(ParseError("set a = list_append(if_not_exists(:s, b), :s)") ==
        prefix +
            "Operator or function requires a document path; operator or function: "
            "if_not_exists");
}

TEST_CASE("key attributes and written names", "[sim][expression]") {
  AttributeValues values = Values();
  ExpressionAttributes attrs(nullptr, &values);
  const std::string key_error =
      "One or more parameter values were invalid: Cannot update attribute ";
  auto nested = ParseUpdate("add pk.b :n1", attrs);
  REQUIRE(nested.ok());
  CHECK(nested->CheckKeyNotUpdated({"pk"}).error().message ==
        key_error + "pk. This attribute is part of the key");
  auto order = ParseUpdate("remove d set b = :s, pk = :s", attrs);
  REQUIRE(order.ok());
  CHECK(order->CheckKeyNotUpdated({"pk", "b"}).error().message ==
        key_error + "b. This attribute is part of the key");
  CHECK(order->CheckKeyNotUpdated({"x"}).ok());
  CHECK(order->target_top_level_names() == std::vector<std::string>{"b", "d", "pk"});
  // Reading a key attribute is fine.
  auto reads = ParseUpdate("set a = pk", attrs);
  REQUIRE(reads.ok());
  CHECK(reads->CheckKeyNotUpdated({"pk"}).ok());
}
