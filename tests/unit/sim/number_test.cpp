// Number: parsing to canonical text, DynamoDB's messages, comparison, exact arithmetic, size.
#include "model/sim/api/number.h"

#include <catch2/catch.hpp>
#include <string>

namespace {

std::string Canon(const std::string& text) {
  auto r = sim::Number::Parse(text);
  REQUIRE(r.ok());
  return r.value();
}

std::string ParseError(const std::string& text) {
  auto r = sim::Number::Parse(text);
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().name == "ValidationException");
  return r.error().message;
}

std::string Sum(const std::string& a, const std::string& b) {
  auto r = sim::Number::Add(Canon(a), Canon(b));
  REQUIRE(r.ok());
  return r.value();
}

std::string Diff(const std::string& a, const std::string& b) {
  auto r = sim::Number::Subtract(Canon(a), Canon(b));
  REQUIRE(r.ok());
  return r.value();
}

const std::string kOverflow =
    "Number overflow. Attempting to store a number with magnitude larger than supported range";
const std::string kUnderflow =
    "Number underflow. Attempting to store a number with magnitude smaller than supported range";
const std::string kDigits = "Attempting to store more than 38 significant digits in a Number";

}  // namespace

TEST_CASE("Number::Parse accepts DynamoDB's literal forms and canonicalizes them") {
  CHECK(Canon("+3") == "3");
  CHECK(Canon(".123") == "0.123");
  CHECK(Canon("0001.23") == "1.23");
  CHECK(Canon("1e+5") == "100000");
  CHECK(Canon("1E+2") == "100");
  CHECK(Canon("-17.4E37") == "-174000000000000000000000000000000000000");
  CHECK(Canon("0e1000") == "0");
  CHECK(Canon("-0") == "0");
  CHECK(Canon("0.000") == "0");
  CHECK(Canon("-0.000e-999999999999") == "0");
  CHECK(Canon("0.50") == "0.5");
  CHECK(Canon("1.") == "1");
  CHECK(Canon("-12.3400") == "-12.34");
  CHECK(Canon("123e-5") == "0.00123");
  CHECK(Canon("1.5e1") == "15");
  CHECK(Canon("100") == "100");
  CHECK(Canon("-1E-130") == "-0." + std::string(129, '0') + "1");
  CHECK(Canon("0001.000e-130") == "0." + std::string(129, '0') + "1");
}

TEST_CASE("Number::Parse range and precision boundaries") {
  const std::string max38 = std::string(38, '9');
  CHECK(Canon("9." + std::string(37, '9') + "E+125") == max38 + std::string(88, '0'));
  CHECK(Canon("1E125") == "1" + std::string(125, '0'));
  CHECK(ParseError("1E126") == kOverflow);
  CHECK(ParseError("-1e126") == kOverflow);
  CHECK(ParseError("10E125") == kOverflow);
  CHECK(ParseError("1e-131") == kUnderflow);
  CHECK(ParseError("-0.1e-130") == kUnderflow);
  CHECK(Canon(max38) == max38);
  CHECK(Canon(max38 + "000") == max38 + "000");  // trailing zeros are not significant
  CHECK(Canon("0.000" + max38) == "0.000" + max38);
  CHECK(ParseError("123456789012345678901234567890123456789") == kDigits);
  CHECK(ParseError("-1.23456789012345678901234567890123456789") == kDigits);
  CHECK(ParseError("1e99999999999999999999") == kOverflow);
  CHECK(ParseError("1e-99999999999999999999") == kUnderflow);
}

TEST_CASE("Number::Parse rejects non-numbers with AWS's message") {
  CHECK(ParseError("NaN") == "The parameter cannot be converted to a numeric value: NaN");
  CHECK(ParseError("Infinity") == "The parameter cannot be converted to a numeric value: Infinity");
  CHECK(ParseError(" 1") == "The parameter cannot be converted to a numeric value:  1");
  CHECK(ParseError("1 ") == "The parameter cannot be converted to a numeric value: 1 ");
  CHECK(ParseError("dog") == "The parameter cannot be converted to a numeric value: dog");
  CHECK(ParseError("") == "The parameter cannot be converted to a numeric value");
  CHECK(ParseError(".") == "The parameter cannot be converted to a numeric value: .");
  CHECK(ParseError("1e") == "The parameter cannot be converted to a numeric value: 1e");
  CHECK(ParseError("e5") == "The parameter cannot be converted to a numeric value: e5");
  CHECK(ParseError("--1") == "The parameter cannot be converted to a numeric value: --1");
  CHECK(ParseError("1.2.3") == "The parameter cannot be converted to a numeric value: 1.2.3");
  CHECK(ParseError("0x10") == "The parameter cannot be converted to a numeric value: 0x10");
}

TEST_CASE("Number::IsCanonical") {
  CHECK(sim::Number::IsCanonical("0"));
  CHECK(sim::Number::IsCanonical("-0.5"));
  CHECK(sim::Number::IsCanonical("100"));
  CHECK_FALSE(sim::Number::IsCanonical("-0"));
  CHECK_FALSE(sim::Number::IsCanonical("0.50"));
  CHECK_FALSE(sim::Number::IsCanonical("1e2"));
  CHECK_FALSE(sim::Number::IsCanonical("+1"));
  CHECK_FALSE(sim::Number::IsCanonical("01"));
  CHECK_FALSE(sim::Number::IsCanonical(".5"));
  CHECK_FALSE(sim::Number::IsCanonical("1."));
  CHECK_FALSE(sim::Number::IsCanonical(""));
}

TEST_CASE("Number::Compare is numeric") {
  using sim::Number;
  CHECK(Number::Compare("2", "10") < 0);
  CHECK(Number::Compare("10", "2") > 0);
  CHECK(Number::Compare("-10", "-2") < 0);
  CHECK(Number::Compare("-2", "0") < 0);
  CHECK(Number::Compare("0", "0.001") < 0);
  CHECK(Number::Compare("1.5", "1.25") > 0);
  CHECK(Number::Compare("1.2", "1.23") < 0);
  CHECK(Number::Compare("-1.2", "-1.23") > 0);
  CHECK(Number::Compare("7", "7") == 0);
  CHECK(Number::Compare("0", "0") == 0);
  CHECK(Number::Compare("99", "100") < 0);
}

TEST_CASE("Number::Add and Subtract are exact") {
  CHECK(Sum("1", "2") == "3");
  CHECK(Sum("0.1", "0.2") == "0.3");
  CHECK(Sum("99", "1") == "100");
  CHECK(Sum("-5", "3") == "-2");
  CHECK(Sum("5", "-5") == "0");
  CHECK(Sum("0", "-7.5") == "-7.5");
  CHECK(Sum("-7.5", "0") == "-7.5");
  CHECK(Sum("1e20", "1e-10") == "100000000000000000000.0000000001");
  CHECK(Sum("-0.001", "-0.009") == "-0.01");
  CHECK(Diff("10", "0.5") == "9.5");
  CHECK(Diff("0.5", "10") == "-9.5");
  CHECK(Diff("-3", "-3") == "0");
  CHECK(Diff("1000", "1") == "999");
  CHECK(Sum(std::string(37, '9'), "1") == "1" + std::string(37, '0'));
}

TEST_CASE("Number arithmetic overflow is reported as AWS does") {
  auto big = sim::Number::Add("1" + std::string(50, '0'), "1");
  REQUIRE_FALSE(big.ok());
  CHECK(big.error().message == kOverflow);
  const std::string max = std::string(38, '9') + std::string(88, '0');
  auto over = sim::Number::Add(max, "1" + std::string(88, '0'));
  REQUIRE_FALSE(over.ok());
  CHECK(over.error().message == kOverflow);
  auto neg = sim::Number::Subtract("-" + max, "1" + std::string(88, '0'));
  REQUIRE_FALSE(neg.ok());
  CHECK(neg.error().message == kOverflow);
  auto fine = sim::Number::Add(max, "-1" + std::string(88, '0'));
  REQUIRE(fine.ok());
  CHECK(fine.value() == std::string(37, '9') + "8" + std::string(88, '0'));
}

TEST_CASE("Number::Size follows the base-100 rule") {
  using sim::Number;
  CHECK(Number::Size("0") == 1);
  CHECK(Number::Size("1") == 2);  // 1 digit, exponent 0
  CHECK(Number::Size("-1") == 3);
  CHECK(Number::Size("12") == 2);    // exponent 1: one pair [12]
  CHECK(Number::Size("1.2") == 3);   // exponent 0: [01][20]
  CHECK(Number::Size("123") == 3);   // 3 digits, exp 2 -> [01][23]
  CHECK(Number::Size("1234") == 3);  // exp 3 -> [12][34]
  CHECK(Number::Size("12345") == 4);
  CHECK(Number::Size("0.12") == 2);   // exponent -1: [12]
  CHECK(Number::Size("0.012") == 3);  // exp -2, 2 digits -> [01][20]
  CHECK(Number::Size("100") == 2);
  CHECK(Number::Size("-12.5") == 4);
  CHECK(Number::Size(std::string(38, '9')) == 20);
  CHECK(Number::Size("9." + std::string(37, '9')) == 21);
}
