#include "model/load/literals.h"

#include <fmt/format.h>

#include <algorithm>
#include <cstdint>

#include "model/base/civil_time.h"
#include "model/load/yaml_values.h"

namespace model::load {

namespace {

bool Digits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

int Number(std::string_view s) {
  int n = 0;
  for (char c : s) n = n * 10 + (c - '0');
  return n;
}

// The attribute `name` of the first of `entities` that has it, or null.
const Attribute* FindIn(const Model& model, const std::vector<EntityId>& entities,
                        const std::string& name) {
  for (EntityId e : entities) {
    const Entity& en = model.entities[static_cast<std::size_t>(e)];
    AttrId a = en.FindAttribute(name);
    if (a >= 0) return &en.attributes[static_cast<std::size_t>(a)];
  }
  return nullptr;
}

// A plain decimal (IsDecimal: optional sign, digits, optional fraction) in the form DynamoDB
// stores a number in, which is the text reads and writes compare: no '+', no leading zeros, no
// trailing fraction zeros, no "-0" ("+05" -> "5", "1.50" -> "1.5", "-0.0" -> "0"). DynamoDB
// drops leading and trailing zeros:
// https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/HowItWorks.NamingRulesDataTypes.html#HowItWorks.DataTypes.Number
std::string CanonicalDecimal(std::string_view text) {
  bool negative = false;
  if (!text.empty() && (text[0] == '-' || text[0] == '+')) {
    negative = text[0] == '-';
    text.remove_prefix(1);
  }
  std::string_view whole = text.substr(0, text.find('.'));
  std::string_view fraction =
      text.find('.') == std::string_view::npos ? std::string_view() : text.substr(whole.size() + 1);
  while (whole.size() > 1 && whole[0] == '0') whole.remove_prefix(1);
  while (!fraction.empty() && fraction.back() == '0') fraction.remove_suffix(1);
  std::string out(whole.empty() ? std::string_view("0") : whole);
  if (!fraction.empty()) out += "." + std::string(fraction);
  if (negative && out != "0") out.insert(out.begin(), '-');
  return out;
}

void Canonicalize(const Attribute* attr, std::string& value) {
  if (attr && attr->type == AttrType::kTimestamp && IsTimestamp(value)) value = UtcTimestamp(value);
  if (attr && (attr->type == AttrType::kNumber || attr->type == AttrType::kInteger) &&
      IsDecimal(value))
    value = CanonicalDecimal(value);
}

void CanonicalizeConditions(const Model& model, EntityId e, std::vector<WriteCondition>& cs) {
  for (WriteCondition& c : cs) {
    if (c.value.empty() || !c.parameter.empty()) continue;
    Canonicalize(FindIn(model, {e}, c.attribute), c.value);
  }
}

}  // namespace

namespace {

// The forms IsDate and IsTimestamp accept; with `calendar`, also the ranges of their fields.
bool DateForm(std::string_view s, bool calendar) {
  if (!(s.size() == 10 && Digits(s.substr(0, 4)) && s[4] == '-' && Digits(s.substr(5, 2)) &&
        s[7] == '-' && Digits(s.substr(8, 2)))) {
    return false;
  }
  const int y = Number(s.substr(0, 4));
  const int m = Number(s.substr(5, 2));
  const int d = Number(s.substr(8, 2));
  return !calendar || (m >= 1 && m <= 12 && d >= 1 && d <= DaysInMonth(y, m));
}

bool TimestampForm(std::string_view s, bool calendar) {
  if (s.size() < 20 || !DateForm(s.substr(0, 10), calendar) || s[10] != 'T') return false;
  std::string_view t = s.substr(11);
  if (!(Digits(t.substr(0, 2)) && t[2] == ':' && Digits(t.substr(3, 2)) && t[5] == ':' &&
        Digits(t.substr(6, 2)))) {
    return false;
  }
  if (calendar &&
      (Number(t.substr(0, 2)) > 23 || Number(t.substr(3, 2)) > 59 || Number(t.substr(6, 2)) > 59))
    return false;
  std::string_view rest = t.substr(8);
  if (!rest.empty() && rest[0] == '.') {
    std::size_t n = 1;
    while (n < rest.size() && rest[n] >= '0' && rest[n] <= '9') ++n;
    if (n == 1) return false;
    rest.remove_prefix(n);
  }
  if (rest == "Z") return true;
  return rest.size() == 6 && (rest[0] == '+' || rest[0] == '-') && Digits(rest.substr(1, 2)) &&
         rest[3] == ':' && Digits(rest.substr(4, 2)) &&
         (!calendar || (Number(rest.substr(1, 2)) <= 23 && Number(rest.substr(4, 2)) <= 59));
}

}  // namespace

bool IsDate(std::string_view s) { return DateForm(s, true); }
bool HasDateForm(std::string_view s) { return DateForm(s, false); }
bool IsTimestamp(std::string_view s) {
  if (!TimestampForm(s, true)) return false;
  // In UTC it must still be a four-digit year: an offset may not carry 9999-12-31T23:30:00-01:00
  // into year 10000 (or 0000-01-01T00:00:00+01:00 before year 0), a text that no longer sorts
  // with the others.
  const std::string utc = UtcTimestamp(s);
  return utc.size() == 24 && utc[0] != '-';
}
bool HasTimestampForm(std::string_view s) { return TimestampForm(s, false); }

std::string UtcTimestamp(std::string_view s) {
  std::size_t zone = s.find_first_of("Z+-", 19);
  std::string_view fraction = s.substr(19, zone - 19);  // "" or ".250"
  std::string_view offset = s.substr(zone);
  // Exactly three fractional digits, as the runtime writes a timestamp and a key encodes it
  // (docs/key-design.md "Value encodings inside keys"): DynamoDB compares S values byte by byte
  // (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Expressions.OperatorsAndFunctions.html#Expressions.OperatorsAndFunctions.Comparators),
  // so "04:30:00Z" never equals a stored "04:30:00.000Z", and "." sorts before "Z".
  std::string millis = fraction.empty() ? std::string("000") : std::string(fraction.substr(1));
  millis.resize(3, '0');
  std::int64_t shift = 0;
  if (offset != "Z") {
    const std::int64_t sign = offset[0] == '-' ? -1 : 1;
    shift = sign * (Number(offset.substr(1, 2)) * 3600 + Number(offset.substr(4, 2)) * 60);
  }
  // The local time minus the offset is UTC: 09:30 at +05:00 is 04:30Z.
  const std::int64_t local =
      SecondsFromCivil({Number(s.substr(0, 4)), Number(s.substr(5, 2)), Number(s.substr(8, 2))},
                       Number(s.substr(11, 2)), Number(s.substr(14, 2)), Number(s.substr(17, 2)));
  const CivilTime utc = CivilFromSeconds(local - shift);
  return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{}Z", utc.date.year, utc.date.month,
                     utc.date.day, utc.hour, utc.minute, utc.second, millis);
}

void CanonicalizeLiterals(Model& model) {
  for (AccessPattern& p : model.access_patterns) {
    for (FixedFilter& f : p.filters) Canonicalize(FindIn(model, p.returns, f.attribute), f.value);
  }
  for (WritePattern& w : model.write_patterns) {
    CanonicalizeConditions(model, w.entity, w.conditions);
    for (AlsoWrite& a : w.also) CanonicalizeConditions(model, a.entity, a.conditions);
  }
  for (AggregateDecl& a : model.aggregates) {
    for (FixedFilter& f : a.filters) Canonicalize(FindIn(model, {a.of}, f.attribute), f.value);
  }
}

}  // namespace model::load
