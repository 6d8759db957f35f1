// Condition and filter expressions: evaluation semantics and AWS's parse errors, in AWS's order.
#include <catch2/catch.hpp>
#include <string>

#include "model/sim/expr/expression.h"

using namespace sim;

namespace {

AttributeValue S(std::string s) { return AttributeValue::S(std::move(s)); }
AttributeValue N(std::string n) { return AttributeValue::N(std::move(n)); }

// The values every test here may use.
AttributeValues Values() {
  return {{":s", S("abc")},
          {":a", S("a")},
          {":z", S("z")},
          {":n1", N("1")},
          {":n3", N("3")},
          {":n10", N("10")},
          {":b", AttributeValue::B("\x01\x02")},
          {":b1", AttributeValue::B("\x01")},
          {":t", AttributeValue::Bool(true)},
          {":null", AttributeValue::Null()},
          {":l", AttributeValue::L({S("a"), N("1")})},
          {":m", AttributeValue::M({{"k", S("v")}})},
          {":ss", AttributeValue::SS({"a", "b"})},
          {":typeS", S("S")},
          {":typeN", S("N")},
          {":typeBad", S("STRING")}};
}

Item Sample() {
  return Item{
      {"s", S("abc")},
      {"u", S("\xC3\xA9t\xC3\xA9")},  // "été": 3 characters, 5 UTF-8 bytes
      {"n", N("3")},
      {"b", AttributeValue::B("\x01\x02\x03")},
      {"t", AttributeValue::Bool(true)},
      {"nul", AttributeValue::Null()},
      {"l", AttributeValue::L({S("a"), N("1"), AttributeValue::M({{"k", S("v")}})})},
      {"m", AttributeValue::M({{"k", S("v")}, {"nest", AttributeValue::M({{"x", N("10")}})}})},
      {"ss", AttributeValue::SS({"a", "b", "c"})},
      {"ns", AttributeValue::NS({"1", "3"})},
      {"bs", AttributeValue::BS({"\x01"})}};
}

bool Eval(const std::string& text, const Item& item = Sample()) {
  AttributeValues values = Values();
  AttributeNames names{{"#s", "s"}, {"#dotted", "a.b"}, {"#size", "size"}};
  ExpressionAttributes attrs(&names, &values);
  auto c = ParseCondition(text, ExpressionKind::kCondition, attrs);
  INFO(text << " -> " << (c.ok() ? std::string("ok") : c.error().message));
  REQUIRE(c.ok());
  return c->Evaluate(item);
}

std::string ErrorOf(const std::string& text, ExpressionKind kind = ExpressionKind::kCondition) {
  AttributeValues values = Values();
  AttributeNames names{{"#s", "s"}};
  ExpressionAttributes attrs(&names, &values);
  auto c = ParseCondition(text, kind, attrs);
  INFO(text);
  REQUIRE_FALSE(c.ok());
  CHECK(c.error().name == "ValidationException");
  return c.error().message;
}

}  // namespace

TEST_CASE("comparators order S by bytes, N numerically, B unsigned; mixed types are false",
          "[sim][expression]") {
  CHECK(Eval("s = :s"));
  CHECK(Eval("#s = :s"));
  CHECK_FALSE(Eval("s <> :s"));
  CHECK(Eval("s > :a"));
  CHECK(Eval("s < :z"));
  CHECK(Eval("n >= :n3"));
  CHECK(Eval("n <= :n3"));
  CHECK(Eval("n < :n10"));  // numeric, not textual ("3" > "10" as text)
  CHECK(Eval("b > :b"));
  CHECK(Eval(":b1 < b"));
  // Different types: every ordering comparison is false, <> is true.
  CHECK_FALSE(Eval("n < :s"));
  CHECK_FALSE(Eval("n > :s"));
  CHECK_FALSE(Eval("n = :s"));
  CHECK(Eval("n <> :s"));
  // Missing attributes compare false, and <> true.
  CHECK_FALSE(Eval("absent = :s"));
  CHECK_FALSE(Eval("absent < :s"));
  CHECK(Eval("absent <> :s"));
  // Non-scalar values compare equal deeply but never order.
  CHECK(Eval("l = :l") == false);
  CHECK(Eval("m.k = :a") == false);
  CHECK(Eval("l[2] = :m"));
  CHECK(Eval("t = :t"));
  CHECK(Eval("nul = :null"));
}

TEST_CASE("document paths reach into maps and lists", "[sim][expression]") {
  CHECK(Eval("m.nest.x = :n10"));
  CHECK(Eval("l[0] = :a"));
  CHECK(Eval("l[2].k = m.k"));
  CHECK_FALSE(Eval("l[3] = :a"));
  CHECK_FALSE(Eval("s[0] = :a"));  // not a list
  CHECK_FALSE(Eval("m[0] = :a"));
  // A name holding a dot is one attribute name, not a path.
  Item dotted{{"a.b", S("a")}};
  CHECK(Eval("#dotted = :a", dotted));
}

TEST_CASE("BETWEEN and IN", "[sim][expression]") {
  CHECK(Eval("n BETWEEN :n1 AND :n3"));
  CHECK(Eval("n BETWEEN :n3 AND :n10"));
  CHECK_FALSE(Eval("n BETWEEN :n1 AND :n1"));
  CHECK(Eval("s BETWEEN :a AND :z"));
  CHECK_FALSE(Eval("s BETWEEN :n1 AND :n10"));  // type differs from the bounds
  CHECK(Eval("n IN (:n1, :n3)"));
  CHECK_FALSE(Eval("n IN (:n1, :n10, :s)"));
  CHECK(Eval("s IN (:n1, :s)"));
  CHECK(Eval("l IN (:l, :m) OR s IN (:s)"));
  CHECK_FALSE(Eval("absent IN (:s)"));
}

TEST_CASE("AND, OR, NOT and parentheses", "[sim][expression]") {
  CHECK(Eval("s = :s AND n = :n3"));
  CHECK_FALSE(Eval("s = :s AND n = :n1"));
  CHECK(Eval("s = :a OR n = :n3"));
  CHECK(Eval("NOT s = :a"));
  CHECK_FALSE(Eval("NOT (s = :s)"));
  CHECK(Eval("NOT (NOT s = :s) AND NOT attribute_exists(absent)"));
  // NOT binds tighter than AND.
  CHECK_FALSE(Eval("NOT s = :a AND n = :n1"));
  // AND binds tighter than OR.
  CHECK(Eval("s = :s OR n = :n1 AND n = :n10"));
  CHECK_FALSE(Eval("(s = :s OR n = :n1) AND n = :n10"));
  // Keywords are case-insensitive.
  CHECK(Eval("s = :s and not n = :n1 Or n = :n1"));
  // A parenthesized operand is not a grouped condition.
  CHECK(Eval("(s) = :s"));
  CHECK(Eval("(size(s)) = :n3 AND (attribute_exists(n))"));
}

TEST_CASE("functions", "[sim][expression]") {
  CHECK(Eval("attribute_exists(s) AND attribute_exists(m.nest.x) AND attribute_exists(l[2])"));
  CHECK_FALSE(Eval("attribute_exists(l[3])"));
  CHECK(Eval("attribute_not_exists(absent) AND attribute_not_exists(m.zz)"));
  CHECK(Eval("attribute_type(s, :typeS) AND attribute_type(n, :typeN)"));
  CHECK_FALSE(Eval("attribute_type(s, :typeN)"));
  CHECK_FALSE(Eval("attribute_type(absent, :typeS)"));
  CHECK(Eval("begins_with(s, :a) AND begins_with(b, :b1)"));
  CHECK_FALSE(Eval("begins_with(s, :z)"));
  CHECK_FALSE(Eval("begins_with(b, :a)"));  // B against S
  CHECK(Eval("contains(s, :a) AND contains(b, :b1)"));
  CHECK(Eval("contains(ss, :a) AND contains(ns, :n3) AND contains(bs, :b1)"));
  CHECK_FALSE(Eval("contains(ns, :a)"));  // the member type must match the set
  CHECK(Eval("contains(l, :a) AND contains(l, :n1) AND contains(l, :m)"));
  CHECK_FALSE(Eval("contains(m, :a)"));
  CHECK_FALSE(Eval("contains(n, :n3)"));
  // size(): S in UTF-8 bytes, B in bytes, collections in elements.
  CHECK(Eval("size(s) = :n3"));
  CHECK_FALSE(Eval("size(u) = :n3"));
  CHECK(Eval("size(u) > :n3"));
  CHECK(Eval("size(b) = :n3 AND size(ss) = :n3 AND size(l) = :n3"));
  CHECK(Eval("size(ns) < :n3 AND size(m) < :n3 AND size(bs) = :n1"));
  CHECK_FALSE(Eval("size(n) >= :n1"));  // numbers have no size
  CHECK_FALSE(Eval("size(absent) >= :n1"));
  CHECK(Eval("size(s) = size(ss)"));
}

TEST_CASE("a absent item satisfies only negative conditions", "[sim][expression]") {
  Item empty;
  CHECK(Eval("attribute_not_exists(s)", empty));
  CHECK_FALSE(Eval("attribute_exists(s)", empty));
  CHECK_FALSE(Eval("s = :s", empty));
  CHECK(Eval("NOT s = :s", empty));
}

TEST_CASE("syntax errors name the token and its neighbours", "[sim][expression]") {
  CHECK(ErrorOf("a = = b") ==
        "Invalid ConditionExpression: Syntax error; token: \"=\", near: \"= = b\"");
  CHECK(ErrorOf("a =") ==
        "Invalid ConditionExpression: Syntax error; token: \"<EOF>\", near: \"=\"");
  CHECK(ErrorOf("a") == "Invalid ConditionExpression: Syntax error; token: \"<EOF>\", near: \"a\"");
  CHECK(ErrorOf("a = :s b") ==
        "Invalid ConditionExpression: Syntax error; token: \"b\", near: \":s b\"");
  CHECK(ErrorOf("a = :s AND __typename = :s") ==
        "Invalid ConditionExpression: Syntax error; token: \"_\", near: \"AND __\"");
  CHECK(ErrorOf("a = \"x\"") ==
        "Invalid ConditionExpression: Syntax error; token: \"\"\", near: \"= \"x\"");
  CHECK(ErrorOf("(a = :s") ==
        "Invalid ConditionExpression: Syntax error; token: \"<EOF>\", near: \":s\"");
  CHECK(ErrorOf("a IN ()") ==
        "Invalid ConditionExpression: Syntax error; token: \")\", near: \"()\"");
  CHECK(ErrorOf("a BETWEEN :n1 OR :n3") ==
        "Invalid ConditionExpression: Syntax error; token: \"OR\", near: \":n1 OR :n3\"");
  CHECK(ErrorOf("l[x] = :s") ==
        "Invalid ConditionExpression: Syntax error; token: \"x\", near: \"[x]\"");
  // A syntax error wins over every other error, wherever it is.
  CHECK(ErrorOf("size = :undefined =") ==
        "Invalid ConditionExpression: Syntax error; token: \"=\", near: \":undefined =\"");
}

TEST_CASE("empty and oversized expressions", "[sim][expression]") {
  CHECK(ErrorOf("") == "Invalid ConditionExpression: The expression can not be empty;");
  CHECK(ErrorOf("", ExpressionKind::kFilter) ==
        "Invalid FilterExpression: The expression can not be empty;");
  // Only the empty string is "empty"; blanks are a syntax error at the end.
  CHECK(ErrorOf("  ") == "Invalid ConditionExpression: Syntax error; token: \"<EOF>\", near: \"\"");
  std::string big = std::string(4092, 'a') + " = :s";
  CHECK(ErrorOf(big) ==
        "Invalid ConditionExpression: Expression size has exceeded the maximum allowed size; "
        "expression size: " +
            std::to_string(big.size()));
  // 4096 bytes exactly is allowed.
  std::string fits = std::string(4091, 'a') + " = :s";
  REQUIRE(fits.size() == 4096);
  AttributeValues values = Values();
  ExpressionAttributes attrs(nullptr, &values);
  CHECK(ParseCondition(fits, ExpressionKind::kCondition, attrs).ok());
}

TEST_CASE("at most 300 operators", "[sim][expression]") {
  // n comparisons joined by n - 1 ORs: 2n - 1 operators.
  auto chain = [](int comparisons) {
    std::string text = "a = :s";
    for (int i = 1; i < comparisons; ++i) text += " OR a = :s";
    return text;
  };
  AttributeValues values = Values();
  ExpressionAttributes attrs(nullptr, &values);
  CHECK(ParseCondition(chain(150), ExpressionKind::kCondition, attrs).ok());  // 299
  CHECK(ErrorOf(chain(151)) ==
        "Invalid ConditionExpression: The expression contains too many operators; operator "
        "count: 301");
}

TEST_CASE("IN takes at most 100 operands", "[sim][expression]") {
  auto in_list = [](int n) {
    std::string text = "a IN (";
    for (int i = 0; i < n; ++i) text += i == 0 ? ":s" : ", :s";
    return text + ")";
  };
  AttributeValues values = Values();
  ExpressionAttributes attrs(nullptr, &values);
  CHECK(ParseCondition(in_list(100), ExpressionKind::kCondition, attrs).ok());
  CHECK(ErrorOf(in_list(101)) ==
        "Invalid ConditionExpression: Too many operands for operator or function; operator or "
        "function: IN, number of operands: 101");
}

TEST_CASE("reserved words and undefined placeholders", "[sim][expression]") {
  CHECK(ErrorOf("size = :s", ExpressionKind::kFilter) ==
        "Invalid FilterExpression: Attribute name is a reserved keyword; reserved keyword: size");
  CHECK(ErrorOf("a.Status = :s") ==
        "Invalid ConditionExpression: Attribute name is a reserved keyword; reserved keyword: "
        "Status");
  CHECK(ErrorOf("#undefined = :s") ==
        "Invalid ConditionExpression: An expression attribute name used in the document path is "
        "not defined; attribute name: #undefined");
  CHECK(ErrorOf("a = :undefined") ==
        "Invalid ConditionExpression: An expression attribute value used in expression is not "
        "defined; attribute value: :undefined");
  // Names and values share one slot: the first undefined one in text order is reported.
  CHECK(ErrorOf("a = :undefined AND #undefined = :s") ==
        "Invalid ConditionExpression: An expression attribute value used in expression is not "
        "defined; attribute value: :undefined");
  // A reserved word is reported before an undefined placeholder.
  CHECK(
      ErrorOf("a = :undefined AND name = :s") ==
      "Invalid ConditionExpression: Attribute name is a reserved keyword; reserved keyword: name");
  // Placeholders and non-reserved names are fine.
  CHECK(Eval("#size = :s OR pk = :s") == false);
}

TEST_CASE("function errors in AWS's order", "[sim][expression]") {
  CHECK(ErrorOf("unknown_fn(a)") ==
        "Invalid ConditionExpression: Invalid function name; function: unknown_fn");
  CHECK(ErrorOf("if_not_exists(a, :s) = :s") ==
        "Invalid ConditionExpression: The function is not allowed in a condition expression; "
        "function: if_not_exists");
  CHECK(ErrorOf("size(a)") ==
        "Invalid ConditionExpression: The function is not allowed to be used this way in an "
        "expression; function: size");
  CHECK(ErrorOf("a = :s AND size(a)") ==
        "Invalid ConditionExpression: The function is not allowed to be used this way in an "
        "expression; function: size");
  CHECK(ErrorOf("attribute_exists(a) = :t") ==
        "Invalid ConditionExpression: The function is not allowed to be used this way in an "
        "expression; function: attribute_exists");
  CHECK(ErrorOf("begins_with(a)") ==
        "Invalid ConditionExpression: Incorrect number of operands for operator or function; "
        "operator or function: begins_with, number of operands: 1");
  CHECK(ErrorOf("attribute_exists(:s)") ==
        "Invalid ConditionExpression: Operator or function requires a document path; operator "
        "or function: attribute_exists");
  CHECK(ErrorOf("begins_with(a, :n1)") ==
        "Invalid ConditionExpression: Incorrect operand type for operator or function; operator "
        "or function: begins_with, operand type: N");
  CHECK(ErrorOf("attribute_type(a, :n1)") ==
        "Invalid ConditionExpression: Incorrect operand type for operator or function; operator "
        "or function: attribute_type, operand type: N");
  CHECK(ErrorOf("attribute_type(a, b)") ==
        "Invalid ConditionExpression: Incorrect operand type for operator or function; operator "
        "or function: attribute_type, operand type: {NS,SS,L,BS,N,M,B,BOOL,NULL,S}");
  CHECK(ErrorOf("attribute_type(a, :typeBad)") ==
        "Invalid ConditionExpression: Invalid attribute type name found; type: STRING, valid "
        "types: {B,NULL,SS,BOOL,L,BS,N,NS,S,M}");
  CHECK(ErrorOf("size(:n1) > :n1") ==
        "Invalid ConditionExpression: Incorrect operand type for operator or function; operator "
        "or function: size, operand type: N");
  CHECK(ErrorOf("a = a") ==
        "Invalid ConditionExpression: The first operand must be distinct from the remaining "
        "operands for this operator or function; operator: =, first operand: [a]");
  CHECK(ErrorOf("contains(m.k[1], m.k[1])") ==
        "Invalid ConditionExpression: The first operand must be distinct from the remaining "
        "operands for this operator or function; operator: contains, first operand: [m, k, [1]]");
  CHECK(ErrorOf("a BETWEEN :z AND :a") ==
        "Invalid ConditionExpression: The BETWEEN operator requires upper bound to be greater "
        "than or equal to lower bound; lower bound operand: AttributeValue: {S:z}, upper bound "
        "operand: AttributeValue: {S:a}");
  CHECK(ErrorOf("a BETWEEN :n1 AND :a") ==
        "Invalid ConditionExpression: The BETWEEN operator requires same data type for lower and "
        "upper bounds; lower bound operand: AttributeValue: {N:1}, upper bound operand: "
        "AttributeValue: {S:a}");
  CHECK(ErrorOf("((a = :s))") ==
        "Invalid ConditionExpression: The expression has redundant parentheses;");
  CHECK(ErrorOf("((a)) = :s") ==
        "Invalid ConditionExpression: The expression has redundant parentheses;");
  // Priorities: redundant parentheses, unknown function, misused function, reserved word,
  // undefined placeholder, operand count, distinct operands, function operand types.
  CHECK(ErrorOf("unknown_fn(a) AND ((b = :s))") ==
        "Invalid ConditionExpression: The expression has redundant parentheses;");
  CHECK(ErrorOf("size(a) AND unknown_fn(a)") ==
        "Invalid ConditionExpression: Invalid function name; function: unknown_fn");
  CHECK(ErrorOf("name = :s AND size(a)") ==
        "Invalid ConditionExpression: The function is not allowed to be used this way in an "
        "expression; function: size");
  // Within one simple condition: undefined placeholder, operand count, distinct operands,
  // function operand types; across conditions, the first condition with an error wins.
  CHECK(ErrorOf("size(:n1) = :undefined") ==
        "Invalid ConditionExpression: An expression attribute value used in expression is not "
        "defined; attribute value: :undefined");
  CHECK(ErrorOf("contains(a, a, :s)") ==
        "Invalid ConditionExpression: Incorrect number of operands for operator or function; "
        "operator or function: contains, number of operands: 3");
  CHECK(ErrorOf("begins_with(a, :n1) AND b = :undefined") ==
        "Invalid ConditionExpression: Incorrect operand type for operator or function; operator "
        "or function: begins_with, operand type: N");
  CHECK(ErrorOf("a = a AND begins_with(b)") ==
        "Invalid ConditionExpression: The first operand must be distinct from the remaining "
        "operands for this operator or function; operator: =, first operand: [a]");
}

TEST_CASE("top-level names read by a condition", "[sim][expression]") {
  AttributeValues values = Values();
  AttributeNames names{{"#s", "s"}};
  ExpressionAttributes attrs(&names, &values);
  auto c = ParseCondition("#s = :s AND size(m.k) > :n1 OR contains(l[0], :a) AND #s <> :a",
                          ExpressionKind::kFilter, attrs);
  REQUIRE(c.ok());
  CHECK(c->top_level_names() == std::vector<std::string>{"l", "m", "s"});
}

TEST_CASE("unused placeholders across the expressions of one request", "[sim][expression]") {
  AttributeNames names{{"#a", "a"}, {"#b", "b"}, {"#c", "c"}};
  AttributeValues values{{":v", N("1")}, {":w", N("2")}, {":x", N("3")}};
  ExpressionAttributes attrs(&names, &values);
  REQUIRE(ParseCondition("#a = :v", ExpressionKind::kCondition, attrs).ok());
  REQUIRE(ParseUpdate("SET #b = :w", attrs).ok());
  auto status = attrs.CheckAllUsed();
  REQUIRE_FALSE(status.ok());
  CHECK(status.error().message ==
        "Value provided in ExpressionAttributeNames unused in expressions: keys: {#c}");

  ExpressionAttributes only_values(nullptr, &values);
  REQUIRE(ParseCondition("a = :w", ExpressionKind::kCondition, only_values).ok());
  CHECK(only_values.CheckAllUsed().error().message ==
        "Value provided in ExpressionAttributeValues unused in expressions: keys: {:v, :x}");

  ExpressionAttributes all_used(&names, &values);
  REQUIRE(
      ParseCondition("#a = :v AND #b = :w AND #c = :x", ExpressionKind::kCondition, all_used).ok());
  CHECK(all_used.CheckAllUsed().ok());
  ExpressionAttributes none(nullptr, nullptr);
  CHECK(none.CheckAllUsed().ok());
}

TEST_CASE("NOT applies to any condition, another NOT included", "[sim][expression]") {
  // https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Expressions.OperatorsAndFunctions.html#Expressions.OperatorsAndFunctions.Syntax
  CHECK(Eval("NOT NOT s = :s"));
  CHECK_FALSE(Eval("NOT NOT NOT s = :s"));
  CHECK(Eval("NOT (NOT s = :s)"));
  CHECK_FALSE(Eval("NOT NOT s = :a"));
}

TEST_CASE("ordering a document or a set is an operand type error", "[sim][expression]") {
  CHECK(ErrorOf("s > :l") ==
        "Invalid ConditionExpression: Incorrect operand type for operator or function; operator "
        "or function: >, operand type: L");
  CHECK(ErrorOf(":m <= s") ==
        "Invalid ConditionExpression: Incorrect operand type for operator or function; operator "
        "or function: <=, operand type: M");
  CHECK(ErrorOf("s BETWEEN :ss AND :ss") ==
        "Invalid ConditionExpression: Incorrect operand type for operator or function; operator "
        "or function: BETWEEN, operand type: SS");
  CHECK(ErrorOf("s BETWEEN :a AND :l") ==
        "Invalid ConditionExpression: Incorrect operand type for operator or function; operator "
        "or function: BETWEEN, operand type: L");
  CHECK(ErrorOf("t < :t") ==
        "Invalid ConditionExpression: Incorrect operand type for operator or function; operator "
        "or function: <, operand type: BOOL");
  CHECK(ErrorOf("s >= :null") ==
        "Invalid ConditionExpression: Incorrect operand type for operator or function; operator "
        "or function: >=, operand type: NULL");
  // Equality compares any types; a path of another type orders as false.
  CHECK_FALSE(Eval("s = :l"));
  CHECK(Eval("s <> :l"));
  CHECK_FALSE(Eval("t < :s"));
  CHECK_FALSE(Eval("l > :n1"));
}

TEST_CASE("size() of size() is a size of a number", "[sim][expression]") {
  CHECK(ErrorOf("size(size(s)) = :n1") ==
        "Invalid ConditionExpression: Incorrect operand type for operator or function; operator "
        "or function: size, operand type: N");
  CHECK(ErrorOf("begins_with(size(s), :a)") ==
        "Invalid ConditionExpression: Incorrect operand type for operator or function; operator "
        "or function: begins_with, operand type: N");
}

TEST_CASE("deeply nested expressions fail without exhausting the stack", "[sim][expression]") {
  // Within DynamoDB's 4 KB: 2,000 parentheses, 1,000 NOTs, 600 nested calls.
  const std::string parens = std::string(2000, '(') + "s = :s" + std::string(2000, ')');
  CHECK(ErrorOf(parens).rfind("Invalid ConditionExpression: Syntax error;", 0) == 0);
  std::string nots;
  for (int i = 0; i < 1000; ++i) nots += "NOT ";
  CHECK(ErrorOf(nots + "s = :s").rfind("Invalid ConditionExpression:", 0) == 0);
  std::string calls;
  for (int i = 0; i < 600; ++i) calls += "size(";
  calls += "s" + std::string(600, ')') + " = :n1";
  CHECK(ErrorOf(calls).rfind("Invalid ConditionExpression: Syntax error;", 0) == 0);
  // Moderate nesting still parses.
  CHECK(Eval("((s = :s) AND (NOT (NOT (s = :s))))"));
  // Past the text limit, the size error comes first.
  const std::string huge = std::string(100000, '(') + "s = :s" + std::string(100000, ')');
  CHECK(ErrorOf(huge) ==
        "Invalid ConditionExpression: Expression size has exceeded the maximum allowed size; "
        "expression size: 200006");
}
