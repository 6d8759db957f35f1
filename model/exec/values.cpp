#include "model/exec/values.h"

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

}  // namespace

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
