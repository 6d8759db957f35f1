// AttributeValue: type names, equality, scalar ordering and DynamoDB's size accounting.
#include "model/sim/api/value.h"

#include <catch2/catch.hpp>
#include <string>

using sim::AttributeValue;
using sim::ValueType;

TEST_CASE("Value type names round-trip") {
  for (ValueType t :
       {ValueType::kS, ValueType::kN, ValueType::kB, ValueType::kBool, ValueType::kNull,
        ValueType::kM, ValueType::kL, ValueType::kSS, ValueType::kNS, ValueType::kBS}) {
    auto back = sim::ValueTypeFromName(sim::ValueTypeName(t));
    REQUIRE(back.has_value());
    CHECK(*back == t);
  }
  CHECK(std::string(sim::ValueTypeName(ValueType::kBool)) == "BOOL");
  CHECK(std::string(sim::ValueTypeName(ValueType::kNS)) == "NS");
  CHECK_FALSE(sim::ValueTypeFromName("bool").has_value());
  CHECK_FALSE(sim::ValueTypeFromName("").has_value());
}

TEST_CASE("Equality is typed and deep; sets compare as sets") {
  CHECK(AttributeValue::S("1") == AttributeValue::S("1"));
  CHECK_FALSE(AttributeValue::S("1") == AttributeValue::N("1"));
  CHECK_FALSE(AttributeValue::S("1") == AttributeValue::B("1"));
  CHECK(AttributeValue::Null() == AttributeValue());
  CHECK_FALSE(AttributeValue::Bool(true) == AttributeValue::Bool(false));
  CHECK_FALSE(AttributeValue::Bool(true) == AttributeValue::Null());
  CHECK(AttributeValue::SS({"b", "a"}) == AttributeValue::SS({"a", "b"}));
  CHECK(AttributeValue::NS({"10", "9", "-1"}) == AttributeValue::NS({"-1", "10", "9"}));
  CHECK(AttributeValue::NS({"10", "9", "-1"}).set() == std::vector<std::string>{"-1", "9", "10"});
  CHECK_FALSE(AttributeValue::SS({"a"}) == AttributeValue::BS({"a"}));
  auto m1 = AttributeValue::M({{"x", AttributeValue::L({AttributeValue::N("1")})}});
  auto m2 = AttributeValue::M({{"x", AttributeValue::L({AttributeValue::N("1")})}});
  auto m3 = AttributeValue::M({{"x", AttributeValue::L({AttributeValue::N("2")})}});
  CHECK(m1 == m2);
  CHECK_FALSE(m1 == m3);
  CHECK_FALSE(AttributeValue::L({}) == AttributeValue::M({}));
}

TEST_CASE("CompareScalars orders as DynamoDB sorts keys") {
  auto s = [](const char* x) { return AttributeValue::S(x); };
  CHECK(sim::CompareScalars(s("B"), s("a")) < 0);
  CHECK(sim::CompareScalars(s("a"), s(std::string("a\0", 2).c_str())) == 0);  // c_str stops at NUL
  CHECK(sim::CompareScalars(AttributeValue::S("a"), AttributeValue::S(std::string("a\0", 2))) < 0);
  CHECK(sim::CompareScalars(s("ab"), s("\xC3\xA9")) < 0);
  // UTF-8 byte order, not UTF-16: U+FFFF < U+1F600.
  CHECK(sim::CompareScalars(s("\xEF\xBF\xBF"), s("\xF0\x9F\x98\x80")) < 0);
  auto b = [](std::string x) { return AttributeValue::B(std::move(x)); };
  CHECK(sim::CompareScalars(b(std::string(1, '\0')), b("\x01\x02")) < 0);
  CHECK(sim::CompareScalars(b("\x7f"), b("\x80")) < 0);
  CHECK(sim::CompareScalars(b("\x80"), b(std::string("\x80\x00", 2))) < 0);
  CHECK(sim::CompareScalars(b(std::string("\x80\x00", 2)), b("\xff")) < 0);
  CHECK(sim::CompareScalars(AttributeValue::N("9"), AttributeValue::N("10")) < 0);
  CHECK(sim::CompareScalars(AttributeValue::N("-9"), AttributeValue::N("-10")) > 0);
  CHECK(sim::CompareScalars(AttributeValue::N("5"), AttributeValue::N("5")) == 0);
}

TEST_CASE("ValueSize per DynamoDB's capacity rules") {
  CHECK(sim::ValueSize(AttributeValue::S("")) == 0);
  CHECK(sim::ValueSize(AttributeValue::S("abc")) == 3);
  CHECK(sim::ValueSize(AttributeValue::S("\xC3\xA9")) == 2);
  CHECK(sim::ValueSize(AttributeValue::B(std::string(5, '\0'))) == 5);
  CHECK(sim::ValueSize(AttributeValue::N("0")) == 1);
  CHECK(sim::ValueSize(AttributeValue::N("123")) == 3);
  CHECK(sim::ValueSize(AttributeValue::N("-1.2")) == 4);
  CHECK(sim::ValueSize(AttributeValue::Bool(false)) == 1);
  CHECK(sim::ValueSize(AttributeValue::Null()) == 1);
  CHECK(sim::ValueSize(AttributeValue::L({})) == 3);
  CHECK(sim::ValueSize(AttributeValue::M({})) == 3);
  // 3 + (1 + 2) + (1 + 1)
  CHECK(sim::ValueSize(AttributeValue::L({AttributeValue::S("ab"), AttributeValue::Null()})) == 8);
  // 3 + (1 + "name" 4 + "x" 1) + (1 + "n" 1 + N "10" 2)
  CHECK(sim::ValueSize(AttributeValue::M(
            {{"name", AttributeValue::S("x")}, {"n", AttributeValue::N("10")}})) == 13);
  // nested: 3 + 1 + (3 + 1 + 1) = 9
  CHECK(sim::ValueSize(AttributeValue::L({AttributeValue::L({AttributeValue::Bool(true)})})) == 9);
  CHECK(sim::ValueSize(AttributeValue::SS({"a", "bcd"})) == 4);
  CHECK(sim::ValueSize(AttributeValue::BS({"\x01", "\x02\x03"})) == 3);
  CHECK(sim::ValueSize(AttributeValue::NS({"1", "-1", "1.2"})) == 2 + 3 + 3);
}

TEST_CASE("ItemSize adds name bytes with no per-item overhead") {
  sim::Item item;
  CHECK(sim::ItemSize(item) == 0);
  item["pk"] = AttributeValue::S("a");
  item["sk"] = AttributeValue::S("big");
  item["v"] = AttributeValue::S(std::string(409600 - 3 - 5 - 1, 'x'));
  CHECK(sim::ItemSize(item) == 409600);
  item["\xC3\xA9"] = AttributeValue::N("1");
  CHECK(sim::ItemSize(item) == 409600 + 2 + 2);
}

TEST_CASE("NestedTooDeep counts 32 levels of lists and maps") {
  // `levels` values: a scalar inside levels - 1 lists or maps.
  auto nested = [](int levels, bool maps) {
    AttributeValue v = AttributeValue::S("x");
    for (int i = 1; i < levels; ++i) {
      v = maps ? AttributeValue::M({{"n", v}}) : AttributeValue::L({v});
    }
    return v;
  };
  CHECK_FALSE(sim::NestedTooDeep({{"a", nested(32, true)}}));
  CHECK(sim::NestedTooDeep({{"a", nested(33, true)}}));
  CHECK_FALSE(sim::NestedTooDeep({{"a", AttributeValue::S("x")}, {"b", nested(32, false)}}));
  CHECK(sim::NestedTooDeep({{"a", AttributeValue::S("x")}, {"b", nested(33, false)}}));
  CHECK_FALSE(sim::NestedTooDeep({}));
  // Deep items are walked without recursion.
  CHECK(sim::NestedTooDeep({{"a", nested(5000, false)}}));
}
