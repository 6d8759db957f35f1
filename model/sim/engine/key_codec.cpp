// Order-preserving key encodings (see key_codec.h).
//
// Number layout:  zero      -> 02
//                 positive  -> 03, exponent + 130, digit bytes '0'..'9'
//                 negative  -> 01, 255 - (exponent + 130), complemented digits '9'-d, FF
// The exponent is that of the leading digit (-130..125, so exponent + 130 fits one byte). For
// positives a shorter digit string that is a prefix of a longer one is the smaller magnitude, which
// memcmp gets right; for negatives the FF terminator makes the shorter one sort last (the larger
// value), since every complemented digit byte is below FF.
#include "model/sim/engine/key_codec.h"

#include <fmt/format.h>

#include <cassert>

#include "model/sim/api/number.h"

namespace sim {
namespace {

constexpr char kNegative = 0x01;
constexpr char kZero = 0x02;
constexpr char kPositive = 0x03;
constexpr int kExponentBias = 130;
constexpr unsigned char kNegativeTerminator = 0xFF;

std::string EncodeNumber(const std::string& canonical) {
  std::string scratch;
  Number::Parts parts = Number::Split(canonical, scratch);
  std::string out;
  if (parts.digits.empty()) {
    out.push_back(kZero);
    return out;
  }
  const int biased = parts.exponent + kExponentBias;
  assert(biased >= 0 && biased <= 255);
  out.reserve(parts.digits.size() + 3);
  if (!parts.negative) {
    out.push_back(kPositive);
    out.push_back(static_cast<char>(static_cast<unsigned char>(biased)));
    out.append(parts.digits);
  } else {
    out.push_back(kNegative);
    out.push_back(static_cast<char>(static_cast<unsigned char>(255 - biased)));
    for (char d : parts.digits) out.push_back(static_cast<char>('9' - d + '0'));
    out.push_back(static_cast<char>(kNegativeTerminator));
  }
  return out;
}

std::string DecodeNumber(std::string_view bytes) {
  assert(!bytes.empty());
  if (bytes[0] == kZero) return "0";
  assert(bytes.size() >= 3);
  const bool negative = bytes[0] == kNegative;
  int biased = static_cast<unsigned char>(bytes[1]);
  std::string digits;
  if (negative) {
    biased = 255 - biased;
    assert(static_cast<unsigned char>(bytes.back()) == kNegativeTerminator);
    for (char c : bytes.substr(2, bytes.size() - 3))
      digits.push_back(static_cast<char>('9' - c + '0'));
  } else {
    digits.assign(bytes.substr(2));
  }
  // d1.d2d3...e<exponent>, canonicalized by the parser.
  std::string text = fmt::format("{}{}.{}e{}", negative ? "-" : "", digits[0],
                                 std::string_view(digits).substr(1), biased - kExponentBias);
  auto parsed = Number::Parse(text);
  assert(parsed.ok());
  return std::move(parsed.value());
}

}  // namespace

std::string EncodeKey(const AttributeValue& value) {
  switch (value.type()) {
    case ValueType::kS:
    case ValueType::kB:
      return value.scalar();
    case ValueType::kN:
      return EncodeNumber(value.scalar());
    default:
      assert(false && "EncodeKey on a non-key type");
      return std::string();
  }
}

std::string EncodeKeyComponentPrefix(const AttributeValue& prefix) {
  assert(prefix.type() == ValueType::kS || prefix.type() == ValueType::kB);
  std::string out;
  out.reserve(prefix.scalar().size() + 2);
  for (char c : prefix.scalar()) {
    out.push_back(c);
    if (c == '\0') out.push_back(static_cast<char>(0xFF));
  }
  return out;
}

std::string EncodeKeyComponent(const AttributeValue& value) {
  if (value.type() == ValueType::kN) {
    std::string out = EncodeNumber(value.scalar());
    if (out[0] == kPositive) out.push_back('\0');
    return out;
  }
  std::string out = EncodeKeyComponentPrefix(value);
  out.append(2, '\0');
  return out;
}

std::string EncodeKeyParts(const std::vector<const AttributeValue*>& values, bool multi_attribute) {
  if (!multi_attribute) {
    assert(values.size() == 1);
    return EncodeKey(*values[0]);
  }
  std::string out;
  for (const AttributeValue* v : values) out += EncodeKeyComponent(*v);
  return out;
}

AttributeValue DecodeKey(ValueType type, std::string_view bytes) {
  switch (type) {
    case ValueType::kS:
      return AttributeValue::S(std::string(bytes));
    case ValueType::kB:
      return AttributeValue::B(std::string(bytes));
    case ValueType::kN:
      return AttributeValue::N(DecodeNumber(bytes));
    default:
      assert(false && "DecodeKey on a non-key type");
      return AttributeValue();
  }
}

}  // namespace sim
