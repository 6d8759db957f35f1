#include "model/exec/values.h"

#include <cmath>
#include <exception>
#include <string>

#include "model/base/civil_time.h"
#include "model/sim/api/number.h"

namespace model::exec {

namespace {

std::string Hex(const std::string& bytes) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  for (unsigned char c : bytes) {
    out += kDigits[c >> 4];
    out += kDigits[c & 15];
  }
  return out;
}

bool Digits(const std::string& s, std::size_t at, std::size_t n, std::int64_t* out) {
  if (at + n > s.size()) return false;
  std::int64_t v = 0;
  for (std::size_t i = at; i < at + n; ++i) {
    if (s[i] < '0' || s[i] > '9') return false;
    v = v * 10 + (s[i] - '0');
  }
  *out = v;
  return true;
}

}  // namespace

std::optional<std::int64_t> ExpirySeconds(const sim::AttributeValue& value) {
  if (value.is(sim::ValueType::kN)) {
    const std::string& text = value.scalar();
    std::size_t used = 0;
    long double v = 0;
    try {
      v = std::stold(text, &used);
    } catch (const std::exception&) {
      return std::nullopt;
    }
    if (used != text.size() || !(v > -9e15L && v < 9e15L)) return std::nullopt;
    return static_cast<std::int64_t>(std::floor(v));
  }
  if (!value.is(sim::ValueType::kS)) return std::nullopt;
  const std::string& s = value.scalar();
  std::int64_t y, mo, d, h, mi, se;
  if (!Digits(s, 0, 4, &y) || s.size() < 20 || s[4] != '-' || !Digits(s, 5, 2, &mo) ||
      s[7] != '-' || !Digits(s, 8, 2, &d) || s[10] != 'T' || !Digits(s, 11, 2, &h) ||
      s[13] != ':' || !Digits(s, 14, 2, &mi) || s[16] != ':' || !Digits(s, 17, 2, &se))
    return std::nullopt;
  std::size_t at = 19;
  if (s[at] == '.') {
    ++at;
    std::size_t digits = at;
    while (at < s.size() && s[at] >= '0' && s[at] <= '9') ++at;
    if (at == digits) return std::nullopt;
  }
  if (at + 1 != s.size() || s[at] != 'Z') return std::nullopt;
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || se > 60) return std::nullopt;
  return SecondsFromCivil({y, mo, d}, h, mi, se);
}

bool IsExpired(const sim::AttributeValue& value, std::int64_t now_seconds) {
  // A number compares exactly, as the filter `ttl > :now` does.
  if (value.is(sim::ValueType::kN) && ExpirySeconds(value))
    return sim::Number::Compare(value.scalar(), std::to_string(now_seconds)) <= 0;
  std::optional<std::int64_t> at = ExpirySeconds(value);
  return at && *at <= now_seconds;
}

std::string NaturalText(const sim::AttributeValue& v) {
  switch (v.type()) {
    case sim::ValueType::kS:
    case sim::ValueType::kN:
      return v.scalar();
    case sim::ValueType::kB:
      return Hex(v.scalar());
    case sim::ValueType::kBool:
      return v.boolean() ? "true" : "false";
    default:
      return {};
  }
}

std::string Natural(const sim::Item& item, const std::string& name) {
  auto it = item.find(name);
  return it == item.end() ? std::string() : NaturalText(it->second);
}

int CompareTyped(const sim::AttributeValue& a, const sim::AttributeValue& b) {
  if (a.type() != b.type()) return static_cast<int>(a.type()) - static_cast<int>(b.type());
  if (a.is(sim::ValueType::kS) || a.is(sim::ValueType::kN) || a.is(sim::ValueType::kB))
    return sim::CompareScalars(a, b);
  return 0;
}

}  // namespace model::exec
