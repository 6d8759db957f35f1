// ProjectionExpression: reducing items to paths, and AWS's parse errors.
#include <catch2/catch.hpp>
#include <string>

#include "model/sim/expr/expression.h"

using namespace sim;

namespace {

AttributeValue S(std::string s) { return AttributeValue::S(std::move(s)); }
AttributeValue N(std::string n) { return AttributeValue::N(std::move(n)); }
AttributeValue L(std::vector<AttributeValue> e) { return AttributeValue::L(std::move(e)); }
AttributeValue M(Item members) { return AttributeValue::M(std::move(members)); }

Item Sample() {
  return Item{{"a", N("1")},
              {"b", S("x")},
              {"m", M({{"k", S("v")}, {"j", S("w")}, {"deep", M({{"x", N("1")}, {"y", N("2")}})}})},
              {"l", L({S("p"), M({{"q", S("r")}, {"s", S("t")}}), S("u"), L({N("7"), N("8")})})}};
}

Item Project(const std::string& text, const Item& item = Sample()) {
  AttributeNames names{{"#m", "m"}, {"#dot", "a.b"}};
  ExpressionAttributes attrs(&names, nullptr);
  auto p = ParseProjection(text, attrs);
  INFO(text << " -> " << (p.ok() ? std::string("ok") : p.error().message));
  REQUIRE(p.ok());
  return p->Apply(item);
}

std::string ErrorOf(const std::string& text) {
  AttributeNames names{{"#m", "m"}};
  AttributeValues values{{":v", S("x")}};
  ExpressionAttributes attrs(&names, &values);
  auto p = ParseProjection(text, attrs);
  INFO(text);
  REQUIRE_FALSE(p.ok());
  return p.error().message;
}

}  // namespace

TEST_CASE("projections keep top-level attributes and nested paths", "[sim][expression]") {
  CHECK(Project("a, b") == Item{{"a", N("1")}, {"b", S("x")}});
  CHECK(Project("absent") == Item{});
  CHECK(Project("#m.deep.y, #m.k") ==
        Item{{"m", M({{"k", S("v")}, {"deep", M({{"y", N("2")}})}})}});
  CHECK(Project("m.nothing") == Item{});
  CHECK(Project("b.k, a[0]") == Item{});  // not a map / not a list
  // List elements keep their relative order and are compacted.
  CHECK(Project("l[3][1], l[1].s, l[0], l[9]") ==
        Item{{"l", L({S("p"), M({{"s", S("t")}}), L({N("8")})})}});
  Item dotted{{"a.b", S("dot")}, {"a", M({{"b", S("nested")}})}};
  CHECK(Project("#dot", dotted) == Item{{"a.b", S("dot")}});
  CHECK(Project("a.b", dotted) == Item{{"a", M({{"b", S("nested")}})}});
  CHECK(Projection().Apply(Sample()).empty());
}

TEST_CASE("projection paths and names", "[sim][expression]") {
  AttributeNames names{{"#m", "m"}};
  ExpressionAttributes attrs(&names, nullptr);
  auto p = ParseProjection("l[1].q, #m.k, a", attrs);
  REQUIRE(p.ok());
  CHECK(p->top_level_names() == std::vector<std::string>{"a", "l", "m"});
  REQUIRE(p->paths().size() == 3);
  CHECK(PathToString(p->paths()[0]) == "l[1].q");
  CHECK(PathToString(p->paths()[1]) == "m.k");
  CHECK(attrs.CheckAllUsed().ok());
  const Item sample = Sample();  // FindPath points into the item: keep it alive
  const AttributeValue* found = FindPath(sample, p->paths()[0]);
  REQUIRE(found != nullptr);
  CHECK(*found == S("r"));
  CHECK(FindPath(sample, DocumentPath{PathElement{"l", -1}, PathElement{"", 9}}) == nullptr);
}

TEST_CASE("projection errors", "[sim][expression]") {
  const std::string prefix = "Invalid ProjectionExpression: ";
  CHECK(ErrorOf("") == prefix + "The expression can not be empty;");
  CHECK(ErrorOf("a,") == prefix + "Syntax error; token: \"<EOF>\", near: \",\"");
  CHECK(ErrorOf("a b") == prefix + "Syntax error; token: \"b\", near: \"a b\"");
  CHECK(ErrorOf("a, :v") == prefix + "Syntax error; token: \":v\", near: \", :v\"");
  CHECK(ErrorOf("a[-1]") == prefix + "Syntax error; token: \"-\", near: \"[-1\"");
  CHECK(ErrorOf("a, name") ==
        prefix + "Attribute name is a reserved keyword; reserved keyword: name");
  CHECK(ErrorOf("#x") ==
        prefix +
            "An expression attribute name used in the document path is not defined; "
            "attribute name: #x");
  CHECK(ErrorOf("a, a.b") ==
        prefix +
            "Two document paths overlap with each other; must remove or rewrite one of these "
            "paths; path one: [a], path two: [a, b]");
  CHECK(ErrorOf("#m.k, m") ==
        prefix +
            "Two document paths overlap with each other; must remove or rewrite one of these "
            "paths; path one: [m, k], path two: [m]");
  CHECK(ErrorOf("l[0], l.x") ==
        prefix +
            "Two document paths conflict with each other; must remove or rewrite one of "
            "these paths; path one: [l, [0]], path two: [l, x]");
  // Reserved words before undefined names before overlaps.
  CHECK(ErrorOf("a, a, #x, size") ==
        prefix + "Attribute name is a reserved keyword; reserved keyword: size");
  CHECK(ErrorOf("a, a, #x") ==
        prefix +
            "An expression attribute name used in the document path is not defined; "
            "attribute name: #x");
}
