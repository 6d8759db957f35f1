#include "model/sim/wire/params.h"

#include <fmt/format.h>

#include <cctype>
#include <cmath>

namespace sim::wire {

namespace {

const Json* Present(const Json& j, const char* key) {
  auto it = j.find(key);
  return it == j.end() ? nullptr : &*it;
}

const Json* Shaped(const Json& j, const char* key, json::JsonShape shape) {
  const Json* v = Present(j, key);
  if (v != nullptr) json::CheckShape(*v, shape);
  return v;
}

std::string LowerFirst(const char* key) {
  std::string name = key;
  if (!name.empty()) name[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(name[0])));
  return name;
}

const Json& Required(const Json& j, const char* key, json::JsonShape shape) {
  const Json* v = Shaped(j, key, shape);
  if (v == nullptr) {
    throw WireError{Error::Validation(
        fmt::format("1 validation error detected: Value null at '{}' failed to satisfy "
                    "constraint: Member must not be null",
                    LowerFirst(key)))};
  }
  return *v;
}

// A JSON number as DynamoDB quotes it: integers as sent, other numbers floored to an integer
// (written without an exponent below 1e21, as Java's BigDecimal would), non-finite never (the
// JSON parser admits none).
std::string Quoted(const Json& v) {
  if (v.is_number_integer()) return v.dump();
  const double d = std::floor(v.get<double>());
  if (std::fabs(d) < 1e21) return fmt::format("{:.0f}", d);
  return fmt::format("{}", d);
}

}  // namespace

std::string StringMember(const Json& j, const char* key) {
  const Json* v = Shaped(j, key, json::JsonShape::kString);
  return v == nullptr ? std::string() : v->get<std::string>();
}

bool BoolMember(const Json& j, const char* key, bool fallback) {
  const Json* v = Shaped(j, key, json::JsonShape::kBoolean);
  return v == nullptr ? fallback : v->get<bool>();
}

const Json* MapMember(const Json& j, const char* key) {
  return Shaped(j, key, json::JsonShape::kMap);
}
const Json* StructMember(const Json& j, const char* key) {
  return Shaped(j, key, json::JsonShape::kStructure);
}
const Json& RequiredListMember(const Json& j, const char* key) {
  return Required(j, key, json::JsonShape::kList);
}
const Json& RequiredMapMember(const Json& j, const char* key) {
  return Required(j, key, json::JsonShape::kMap);
}

std::optional<std::int64_t> Constraints::Integer(const Json& j, const char* key, std::int64_t min,
                                                 std::int64_t max) {
  const Json* v = Shaped(j, key, json::JsonShape::kInteger);
  if (v == nullptr) return std::nullopt;
  // Compared as doubles: every bound is far inside the range where doubles are exact integers,
  // and a double compares without overflow whatever was sent (1e300, 2^64, -2^63).
  const double value = v->is_number_unsigned()  ? static_cast<double>(v->get<std::uint64_t>())
                       : v->is_number_integer() ? static_cast<double>(v->get<std::int64_t>())
                                                : std::floor(v->get<double>());
  if (value < static_cast<double>(min)) {
    Fail(Quoted(*v), LowerFirst(key),
         fmt::format("Member must have value greater than or equal to {}", min));
    return std::nullopt;
  }
  if (value > static_cast<double>(max)) {
    Fail(Quoted(*v), LowerFirst(key),
         fmt::format("Member must have value less than or equal to {}", max));
    return std::nullopt;
  }
  return static_cast<std::int64_t>(value);
}

void Constraints::Fail(const std::string& value, const std::string& name,
                       const std::string& constraint) {
  failures_.push_back(
      fmt::format("Value '{}' at '{}' failed to satisfy constraint: {}", value, name, constraint));
}

void Constraints::Check() const {
  if (failures_.empty()) return;
  std::string joined;
  for (const std::string& f : failures_) joined += (joined.empty() ? "" : "; ") + f;
  throw WireError{
      Error::Validation(fmt::format("{} validation error{} detected: {}", failures_.size(),
                                    failures_.size() == 1 ? "" : "s", joined))};
}

}  // namespace sim::wire
