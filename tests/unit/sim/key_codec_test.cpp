// Key codec: memcmp order of encodings equals DynamoDB key order; decoding inverts encoding.
#include "model/sim/engine/key_codec.h"

#include <catch2/catch.hpp>
#include <random>
#include <string>
#include <vector>

#include "model/sim/api/number.h"

using sim::AttributeValue;
using sim::ValueType;

namespace {

int Sign(int x) { return x < 0 ? -1 : (x > 0 ? 1 : 0); }

int CompareBytes(const std::string& a, const std::string& b) { return Sign(a.compare(b)); }

AttributeValue Num(const std::string& text) {
  auto r = sim::Number::Parse(text);
  REQUIRE(r.ok());
  return AttributeValue::N(r.value());
}

// A random valid number: 1..38 digits, exponent of the leading digit within -130..125.
std::string RandomNumberText(std::mt19937& rng) {
  std::uniform_int_distribution<int> len_dist(1, 38);
  std::uniform_int_distribution<int> digit(0, 9);
  std::uniform_int_distribution<int> exp_dist(-130, 125);
  std::uniform_int_distribution<int> coin(0, 9);
  if (coin(rng) == 0) return "0";
  std::string digits;
  // Small exponents and short digit strings often, to create ties and prefixes.
  int len = coin(rng) < 5 ? std::uniform_int_distribution<int>(1, 3)(rng) : len_dist(rng);
  for (int i = 0; i < len; ++i) digits.push_back(static_cast<char>('0' + digit(rng)));
  digits[0] = static_cast<char>('1' + digit(rng) % 9);
  int exp = coin(rng) < 5 ? std::uniform_int_distribution<int>(-2, 2)(rng) : exp_dist(rng);
  std::string text = (coin(rng) < 5 ? "-" : "") + digits.substr(0, 1) + "." + digits.substr(1) +
                     "e" + std::to_string(exp);
  return text;
}

std::string RandomBytes(std::mt19937& rng) {
  std::uniform_int_distribution<int> len_dist(0, 6);
  // A small alphabet with the interesting bytes, so prefixes and ties are common.
  static const unsigned char kAlphabet[] = {0x00, 0x01, 'a', 'b', 0x7f, 0x80, 0xc3, 0xff};
  std::uniform_int_distribution<int> pick(0, 7);
  std::string s;
  int len = len_dist(rng);
  for (int i = 0; i < len; ++i) s.push_back(static_cast<char>(kAlphabet[pick(rng)]));
  return s;
}

}  // namespace

TEST_CASE("Numbers encode to sign, biased exponent and digits") {
  CHECK(sim::EncodeKey(Num("0")) == std::string("\x02"));
  CHECK(sim::EncodeKey(Num("-0")) == sim::EncodeKey(Num("0.000")));
  CHECK(sim::EncodeKey(Num("1")) == std::string("\x03\x82"
                                                "1"));
  CHECK(sim::EncodeKey(Num("12.5")) == std::string("\x03\x83"
                                                   "125"));
  CHECK(sim::EncodeKey(Num("-1")) == std::string("\x01\x7d"
                                                 "8\xff"));
  CHECK(sim::EncodeKey(Num("1e-130")) == std::string("\x03\x00"
                                                     "1",
                                                     3));
  CHECK(sim::EncodeKey(Num("9e125")) == std::string("\x03\xff"
                                                    "9"));
}

TEST_CASE("Strings and binaries encode as their own bytes") {
  CHECK(sim::EncodeKey(AttributeValue::S("a\xC3\xA9")) == "a\xC3\xA9");
  CHECK(sim::EncodeKey(AttributeValue::B(std::string("\x00\xff", 2))) ==
        std::string("\x00\xff", 2));
  CHECK(sim::DecodeKey(ValueType::kS, "abc") == AttributeValue::S("abc"));
  CHECK(sim::DecodeKey(ValueType::kB, std::string("\x00", 1)) ==
        AttributeValue::B(std::string("\x00", 1)));
}

TEST_CASE("Number encodings order numerically and round-trip (property, fixed seed)") {
  std::mt19937 rng(20240611);
  std::vector<AttributeValue> values;
  for (const char* fixed : {"0", "1", "-1", "1.2", "1.23", "-1.2", "-1.23", "10", "9.99", "100",
                            "1e-130", "-1e-130", "9.9999999999999999999999999999999999999e125",
                            "-9.9999999999999999999999999999999999999e125"}) {
    values.push_back(Num(fixed));
  }
  for (int i = 0; i < 2000; ++i) values.push_back(Num(RandomNumberText(rng)));
  std::vector<std::string> encoded;
  for (const AttributeValue& v : values) {
    encoded.push_back(sim::EncodeKey(v));
    REQUIRE(sim::DecodeKey(ValueType::kN, encoded.back()) == v);
  }
  int mismatches = 0;
  for (std::size_t i = 0; i < values.size(); ++i) {
    for (std::size_t j = i; j < values.size(); j += 1 + (i % 7)) {
      if (Sign(sim::CompareScalars(values[i], values[j])) != CompareBytes(encoded[i], encoded[j])) {
        ++mismatches;
      }
    }
  }
  CHECK(mismatches == 0);
}

TEST_CASE("String and binary encodings order by unsigned bytes (property, fixed seed)") {
  std::mt19937 rng(7);
  for (ValueType type : {ValueType::kS, ValueType::kB}) {
    std::vector<AttributeValue> values;
    for (int i = 0; i < 1500; ++i) {
      std::string bytes = RandomBytes(rng);
      values.push_back(type == ValueType::kS ? AttributeValue::S(bytes) : AttributeValue::B(bytes));
    }
    int mismatches = 0;
    for (std::size_t i = 0; i < values.size(); ++i) {
      std::string a = sim::EncodeKey(values[i]);
      REQUIRE(sim::DecodeKey(type, a) == values[i]);
      for (std::size_t j = i % 13; j < values.size(); j += 13) {
        if (Sign(sim::CompareScalars(values[i], values[j])) !=
            CompareBytes(a, sim::EncodeKey(values[j]))) {
          ++mismatches;
        }
      }
    }
    CHECK(mismatches == 0);
  }
}

TEST_CASE("Multi-attribute keys: concatenated components order attribute by attribute") {
  // Every pair of (N, S, B) tuples: memcmp of the concatenated components must order like the
  // tuples compared attribute by attribute, each by its own type; and the components of a left
  // prefix of a tuple are a byte prefix of the whole.
  const std::vector<AttributeValue> numbers = {Num("-10"), Num("-1.5"), Num("-1"), Num("0"),
                                               Num("1"),   Num("1.5"),  Num("10"), Num("100")};
  const std::vector<AttributeValue> strings = {AttributeValue::S(""),
                                               AttributeValue::S(std::string("\0", 1)),
                                               AttributeValue::S("a"),
                                               AttributeValue::S(std::string("a\0", 2)),
                                               AttributeValue::S(std::string("a\0b", 3)),
                                               AttributeValue::S("ab"),
                                               AttributeValue::S("a\xff"),
                                               AttributeValue::S("b")};
  const std::vector<AttributeValue> binaries = {
      AttributeValue::B(""), AttributeValue::B(std::string("\0", 1)), AttributeValue::B("\x01"),
      AttributeValue::B("\xff")};
  struct Tuple {
    std::size_t n, s, b;  // positions in the lists above, which are in ascending order
    std::string bytes;
  };
  std::vector<Tuple> tuples;
  for (std::size_t n = 0; n < numbers.size(); ++n) {
    for (std::size_t s = 0; s < strings.size(); ++s) {
      for (std::size_t b = 0; b < binaries.size(); ++b) {
        std::string bytes =
            sim::EncodeKeyParts({&numbers[n], &strings[s], &binaries[b]}, /*multi_attribute=*/true);
        const std::string prefix =
            sim::EncodeKeyComponent(numbers[n]) + sim::EncodeKeyComponent(strings[s]);
        CHECK(bytes.compare(0, prefix.size(), prefix) == 0);
        tuples.push_back({n, s, b, std::move(bytes)});
      }
    }
  }
  for (const Tuple& x : tuples) {
    for (const Tuple& y : tuples) {
      const int expected = x.n != y.n   ? Sign(static_cast<int>(x.n) - static_cast<int>(y.n))
                           : x.s != y.s ? Sign(static_cast<int>(x.s) - static_cast<int>(y.s))
                                        : Sign(static_cast<int>(x.b) - static_cast<int>(y.b));
      CHECK(CompareBytes(x.bytes, y.bytes) == expected);
    }
  }
  // begins_with: the escaped prefix of "a" starts the components of "a", "a\0b" and "ab" only.
  const std::string a = sim::EncodeKeyComponentPrefix(AttributeValue::S("a"));
  std::vector<std::string> starting;
  for (const AttributeValue& s : strings) {
    if (sim::EncodeKeyComponent(s).compare(0, a.size(), a) == 0) starting.push_back(s.scalar());
  }
  CHECK(starting == std::vector<std::string>{"a", std::string("a\0", 2), std::string("a\0b", 3),
                                             "ab", "a\xff"});
  // One attribute keeps EncodeKey's bytes.
  CHECK(sim::EncodeKeyParts({&strings[2]}, false) == sim::EncodeKey(strings[2]));
}
