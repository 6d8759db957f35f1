// DynamoDB numbers as exact decimals.
//
// DynamoDB keeps numbers as text with up to 38 significant digits and a magnitude between
// 1E-130 and 9.9999999999999999999999999999999999999E+125 (negatives mirror it). Number::Parse
// validates a literal the way DynamoDB does and returns its canonical text: plain notation, no
// exponent, no leading or trailing zeros, "-0" and "0.000" become "0" ("1E+2" -> "100",
// "0.50" -> "0.5"). Two numbers are equal exactly when their canonical texts are equal, so
// everything else in the simulator (AttributeValue::N, sets, keys) stores canonical text only.
//
// Compare/Add/Subtract/Size take canonical texts (asserted in debug builds). Arithmetic is exact;
// a result that needs more than 38 significant digits or leaves the range is an Error with AWS's
// overflow/underflow message. Pure functions, no state.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "model/sim/api/error.h"

namespace sim {

struct Number {
  // A canonical number taken apart: value = (negative ? -1 : 1) * d1.d2d3... * 10^exponent, with
  // `digits` the significant digits (first and last non-zero); zero has empty digits.
  struct Parts {
    bool negative = false;
    std::string_view digits;  // views the `scratch` string given to Split
    int exponent = 0;
  };

  // Validates `text` and returns its canonical form, or a ValidationException with one of:
  //   "The parameter cannot be converted to a numeric value: <text>"
  //   "Number overflow. Attempting to store a number with magnitude larger than supported range"
  //   "Number underflow. Attempting to store a number with magnitude smaller than supported range"
  //   "Attempting to store more than 38 significant digits in a Number"
  // Accepted syntax: [+-] digits [. digits] [(e|E) [+-] digits], with digits on at least one
  // side of the point ("+3", ".123", "1.", "0001.23", "1e+5", "-17.4E37", "0e1000").
  static SimResult<std::string> Parse(std::string_view text);

  // True when `text` is exactly what Parse would return for some valid input.
  static bool IsCanonical(std::string_view text);

  // Numeric comparison of two canonical numbers: <0, 0, >0.
  static int Compare(std::string_view a, std::string_view b);

  // Exact a + b and a - b of canonical numbers, canonical result, or the overflow/underflow
  // ValidationException when the result cannot be stored (more than 38 significant digits is
  // reported with the overflow message, as AWS does).
  static SimResult<std::string> Add(std::string_view a, std::string_view b);
  static SimResult<std::string> Subtract(std::string_view a, std::string_view b);

  // Splits a canonical number. `scratch` receives the significant digits, `digits` views it.
  static Parts Split(std::string_view canonical, std::string& scratch);

  // Stored size in bytes of a canonical number (DynamoDB's base-100 representation):
  // 1 + ceil(digits / 2) + (even digit count and even decimal exponent ? 1 : 0) + (negative ? 1 :
  // 0), where digits are the significant digits and the exponent is that of the leading digit
  // (value = d1.d2d3... x 10^exponent); zero is 1 byte.
  static std::int64_t Size(std::string_view canonical);
};

}  // namespace sim
