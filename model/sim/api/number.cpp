// Exact decimal numbers as DynamoDB stores them (see number.h).
//
// Internally a number is a sign, a string of significant decimal digits and the exponent of its
// leading digit. Arithmetic aligns both operands on a common last-digit exponent and adds or
// subtracts digit strings; operands are at most 38 digits wide and exponents lie in -130..125,
// so aligned strings stay under 300 digits.
#include "model/sim/api/number.h"

#include <fmt/format.h>

#include <algorithm>
#include <cassert>
#include <cstdlib>

namespace sim {
namespace {

constexpr int kMaxDigits = 38;
constexpr int kMaxExponent = 125;
constexpr int kMinExponent = -130;

constexpr const char* kOverflow =
    "Number overflow. Attempting to store a number with magnitude larger than supported range";
constexpr const char* kUnderflow =
    "Number underflow. Attempting to store a number with magnitude smaller than supported range";
constexpr const char* kTooManyDigits =
    "Attempting to store more than 38 significant digits in a Number";

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// An owned decimal: value = sign * 0.(digits) shifted so that digits[0] has `exponent`.
struct Decimal {
  bool negative = false;
  std::string digits;  // significant digits, no leading/trailing zeros; empty for zero
  int exponent = 0;    // exponent of digits[0]
};

// Removes leading and trailing zeros from `digits`, whose last digit has exponent `last_exp`,
// and returns the normalized decimal.
Decimal Normalize(bool negative, std::string digits, long long last_exp) {
  std::size_t first = digits.find_first_not_of('0');
  if (first == std::string::npos) return Decimal{};
  std::size_t last = digits.find_last_not_of('0');
  last_exp += static_cast<long long>(digits.size() - 1 - last);
  Decimal d;
  d.negative = negative;
  d.digits = digits.substr(first, last - first + 1);
  long long exponent = last_exp + static_cast<long long>(d.digits.size()) - 1;
  // Clamp far outside the supported range; callers reject such values.
  exponent = std::clamp<long long>(exponent, -1000000, 1000000);
  d.exponent = static_cast<int>(exponent);
  return d;
}

std::string ToText(const Decimal& d) {
  if (d.digits.empty()) return "0";
  std::string out;
  if (d.negative) out.push_back('-');
  const int n = static_cast<int>(d.digits.size());
  if (d.exponent >= 0) {
    const int int_len = d.exponent + 1;
    if (n <= int_len) {
      out += d.digits;
      out.append(static_cast<std::size_t>(int_len - n), '0');
    } else {
      out.append(d.digits, 0, static_cast<std::size_t>(int_len));
      out.push_back('.');
      out.append(d.digits, static_cast<std::size_t>(int_len), std::string::npos);
    }
  } else {
    out += "0.";
    out.append(static_cast<std::size_t>(-d.exponent - 1), '0');
    out += d.digits;
  }
  return out;
}

// Parses syntax only; nullopt-like failure is signalled by returning false.
bool ParseSyntax(std::string_view text, Decimal& out) {
  std::size_t i = 0;
  bool negative = false;
  if (i < text.size() && (text[i] == '+' || text[i] == '-')) {
    negative = text[i] == '-';
    ++i;
  }
  std::string digits;
  std::size_t int_digits = 0;
  while (i < text.size() && IsDigit(text[i])) {
    digits.push_back(text[i++]);
    ++int_digits;
  }
  std::size_t frac_digits = 0;
  if (i < text.size() && text[i] == '.') {
    ++i;
    while (i < text.size() && IsDigit(text[i])) {
      digits.push_back(text[i++]);
      ++frac_digits;
    }
  }
  if (int_digits + frac_digits == 0) return false;
  long long exp = 0;
  if (i < text.size() && (text[i] == 'e' || text[i] == 'E')) {
    ++i;
    bool exp_negative = false;
    if (i < text.size() && (text[i] == '+' || text[i] == '-')) {
      exp_negative = text[i] == '-';
      ++i;
    }
    if (i == text.size() || !IsDigit(text[i])) return false;
    while (i < text.size() && IsDigit(text[i])) {
      // Saturate: anything this large is out of range (or zero) anyway.
      if (exp < 100000000) exp = exp * 10 + (text[i] - '0');
      ++i;
    }
    if (exp_negative) exp = -exp;
  }
  if (i != text.size()) return false;
  out = Normalize(negative, std::move(digits), exp - static_cast<long long>(frac_digits));
  return true;
}

// Range and precision check of a normalized decimal; `digits_message` is the message used when
// there are too many digits (Parse and arithmetic word it differently).
std::optional<Error> CheckRange(const Decimal& d, const char* digits_message) {
  if (d.digits.empty()) return std::nullopt;
  if (static_cast<int>(d.digits.size()) > kMaxDigits) return Error::Validation(digits_message);
  if (d.exponent > kMaxExponent) return Error::Validation(kOverflow);
  if (d.exponent < kMinExponent) return Error::Validation(kUnderflow);
  return std::nullopt;
}

Decimal FromCanonical(std::string_view canonical) {
  assert(Number::IsCanonical(canonical));
  Decimal d;
  bool ok = ParseSyntax(canonical, d);
  assert(ok);
  (void)ok;
  return d;
}

// Compares magnitudes |a| and |b|.
int CompareMagnitude(const Decimal& a, const Decimal& b) {
  if (a.digits.empty() || b.digits.empty()) {
    return static_cast<int>(!a.digits.empty()) - static_cast<int>(!b.digits.empty());
  }
  if (a.exponent != b.exponent) return a.exponent < b.exponent ? -1 : 1;
  int c = a.digits.compare(b.digits);
  return c < 0 ? -1 : (c > 0 ? 1 : 0);
}

int CompareDecimals(const Decimal& a, const Decimal& b) {
  auto sign = [](const Decimal& d) { return d.digits.empty() ? 0 : (d.negative ? -1 : 1); };
  int sa = sign(a);
  int sb = sign(b);
  if (sa != sb) return sa < sb ? -1 : 1;
  if (sa == 0) return 0;
  int m = CompareMagnitude(a, b);
  return sa > 0 ? m : -m;
}

// Digits of `d` extended with zeros so that its last digit has exponent `last_exp`, right-aligned
// to `width` characters with leading zeros.
std::string Aligned(const Decimal& d, int last_exp, std::size_t width) {
  std::string s = d.digits;
  int own_last = d.exponent - static_cast<int>(d.digits.size()) + 1;
  s.append(static_cast<std::size_t>(own_last - last_exp), '0');
  s.insert(0, width - s.size(), '0');
  return s;
}

SimResult<std::string> AddDecimals(const Decimal& a, const Decimal& b) {
  if (a.digits.empty() && b.digits.empty()) return std::string("0");
  auto last_exp = [](const Decimal& d) {
    return d.digits.empty() ? 1000000 : d.exponent - static_cast<int>(d.digits.size()) + 1;
  };
  auto first_exp = [](const Decimal& d) { return d.digits.empty() ? -1000000 : d.exponent; };
  const int low = std::min(last_exp(a), last_exp(b));
  const int high = std::max(first_exp(a), first_exp(b));
  const std::size_t width = static_cast<std::size_t>(high - low + 2);  // room for a carry
  std::string x = a.digits.empty() ? std::string(width, '0') : Aligned(a, low, width);
  std::string y = b.digits.empty() ? std::string(width, '0') : Aligned(b, low, width);
  std::string sum(width, '0');
  bool negative;
  if (a.negative == b.negative || a.digits.empty() || b.digits.empty()) {
    negative = a.digits.empty() ? b.negative : a.negative;
    int carry = 0;
    for (std::size_t i = width; i-- > 0;) {
      int v = (x[i] - '0') + (y[i] - '0') + carry;
      sum[i] = static_cast<char>('0' + v % 10);
      carry = v / 10;
    }
  } else {
    // Opposite signs: subtract the smaller magnitude from the larger one.
    int m = CompareMagnitude(a, b);
    if (m == 0) return std::string("0");
    if (m < 0) std::swap(x, y);
    negative = m > 0 ? a.negative : b.negative;
    int borrow = 0;
    for (std::size_t i = width; i-- > 0;) {
      int v = (x[i] - '0') - (y[i] - '0') - borrow;
      borrow = v < 0 ? 1 : 0;
      if (v < 0) v += 10;
      sum[i] = static_cast<char>('0' + v);
    }
  }
  Decimal result = Normalize(negative, std::move(sum), low);
  // AWS reports a result needing more than 38 digits with the overflow message.
  if (auto error = CheckRange(result, kOverflow)) return *error;
  return ToText(result);
}

}  // namespace

SimResult<std::string> Number::Parse(std::string_view text) {
  Decimal d;
  if (!ParseSyntax(text, d)) {
    if (text.empty()) {
      return Error::Validation("The parameter cannot be converted to a numeric value");
    }
    return Error::Validation(
        fmt::format("The parameter cannot be converted to a numeric value: {}", text));
  }
  if (auto error = CheckRange(d, kTooManyDigits)) return *error;
  return ToText(d);
}

bool Number::IsCanonical(std::string_view text) {
  Decimal d;
  if (!ParseSyntax(text, d) || CheckRange(d, kTooManyDigits)) return false;
  return ToText(d) == text;
}

int Number::Compare(std::string_view a, std::string_view b) {
  return CompareDecimals(FromCanonical(a), FromCanonical(b));
}

SimResult<std::string> Number::Add(std::string_view a, std::string_view b) {
  return AddDecimals(FromCanonical(a), FromCanonical(b));
}

SimResult<std::string> Number::Subtract(std::string_view a, std::string_view b) {
  Decimal nb = FromCanonical(b);
  nb.negative = !nb.negative;
  return AddDecimals(FromCanonical(a), nb);
}

Number::Parts Number::Split(std::string_view canonical, std::string& scratch) {
  Decimal d = FromCanonical(canonical);
  scratch = std::move(d.digits);
  Parts parts;
  parts.negative = d.negative && !scratch.empty();
  parts.digits = scratch;
  parts.exponent = d.exponent;
  return parts;
}

std::int64_t Number::Size(std::string_view canonical) {
  std::string scratch;
  Parts p = Split(canonical, scratch);
  if (p.digits.empty()) return 1;
  const auto n = static_cast<std::int64_t>(p.digits.size());
  // In base 100 the leading digit sits alone in its pair when its exponent is even; an even
  // count of digits then spills one digit into an extra pair.
  const bool extra = n % 2 == 0 && p.exponent % 2 == 0;
  return 1 + (n + 1) / 2 + (extra ? 1 : 0) + (p.negative ? 1 : 0);
}

}  // namespace sim
