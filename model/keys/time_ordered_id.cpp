#include "model/keys/time_ordered_id.h"

#include <fmt/format.h>

namespace model::keys {

namespace {

// Crockford's base32 (https://www.crockford.com/base32.html), as the ULID spec uses it.
constexpr std::string_view kCrockford = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
// KSUID's base 62: digits, upper case, lower case, which is also their byte order.
constexpr std::string_view kBase62 =
    "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
constexpr std::uint64_t kMax48 = (std::uint64_t{1} << 48) - 1;

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;
}

}  // namespace

std::string MakeUlid(std::uint64_t unix_ms, std::uint64_t random_hi, std::uint64_t random_lo) {
  // 128 bits: time (48) | random (80); written as 26 five-bit groups after two zero bits.
  std::uint64_t hi = ((unix_ms & kMax48) << 16) | (random_hi & 0xffff);
  std::uint64_t lo = random_lo;
  std::string out(26, '0');
  for (int i = 25; i >= 0; --i) {
    out[static_cast<std::size_t>(i)] = kCrockford[lo & 31];
    lo = (lo >> 5) | ((hi & 31) << 59);
    hi >>= 5;
  }
  return out;
}

std::string MakeKsuid(std::int64_t unix_seconds, const std::array<std::uint8_t, 16>& payload) {
  std::array<std::uint8_t, 20> bytes{};
  auto t = static_cast<std::uint32_t>(unix_seconds - kKsuidEpoch);
  for (int i = 0; i < 4; ++i)
    bytes[static_cast<std::size_t>(i)] = static_cast<std::uint8_t>(t >> (24 - 8 * i));
  for (std::size_t i = 0; i < 16; ++i) bytes[4 + i] = payload[i];
  // Long division of the big-endian number by 62, least significant digit first.
  std::string out(27, '0');
  for (int pos = 26; pos >= 0; --pos) {
    unsigned remainder = 0;
    for (auto& b : bytes) {
      unsigned acc = (remainder << 8) | b;
      b = static_cast<std::uint8_t>(acc / 62);
      remainder = acc % 62;
    }
    out[static_cast<std::size_t>(pos)] = kBase62[remainder];
  }
  return out;
}

std::string MakeUuidV7(std::uint64_t unix_ms, std::uint16_t rand_a, std::uint64_t rand_b) {
  unix_ms &= kMax48;
  std::uint64_t hi = (unix_ms << 16) | 0x7000 | (rand_a & 0x0fff);
  std::uint64_t lo = (std::uint64_t{0b10} << 62) | (rand_b & ((std::uint64_t{1} << 62) - 1));
  return fmt::format("{:08x}-{:04x}-{:04x}-{:04x}-{:012x}", hi >> 32, (hi >> 16) & 0xffff,
                     hi & 0xffff, lo >> 48, lo & 0xffffffffffffULL);
}

std::optional<std::int64_t> TimeOfId(TimeOrderedKind kind, std::string_view text) {
  switch (kind) {
    case TimeOrderedKind::kUlid: {
      if (text.size() != 26) return std::nullopt;
      std::uint64_t ms = 0;
      for (std::size_t i = 0; i < text.size(); ++i) {
        std::size_t v = kCrockford.find(text[i]);
        if (v == std::string_view::npos) return std::nullopt;
        if (i == 0 && v > 7) return std::nullopt;  // beyond 2^128
        if (i < 10) ms = (ms << 5) | v;
      }
      return static_cast<std::int64_t>(ms);
    }
    case TimeOrderedKind::kKsuid: {
      if (text.size() != 27) return std::nullopt;
      std::array<std::uint8_t, 20> bytes{};
      for (char c : text) {
        std::size_t v = kBase62.find(c);
        if (v == std::string_view::npos) return std::nullopt;
        unsigned carry = static_cast<unsigned>(v);
        for (std::size_t i = bytes.size(); i-- > 0;) {
          unsigned acc = bytes[i] * 62u + carry;
          bytes[i] = static_cast<std::uint8_t>(acc & 0xff);
          carry = acc >> 8;
        }
        if (carry != 0) return std::nullopt;  // beyond 2^160
      }
      std::int64_t t = 0;
      for (std::size_t i = 0; i < 4; ++i) t = (t << 8) | bytes[i];
      return (t + kKsuidEpoch) * 1000;
    }
    case TimeOrderedKind::kUuidV7: {
      if (text.size() != 36) return std::nullopt;
      std::uint64_t ms = 0;
      int digits = 0;
      for (std::size_t i = 0; i < text.size(); ++i) {
        bool dash = i == 8 || i == 13 || i == 18 || i == 23;
        if (dash) {
          if (text[i] != '-') return std::nullopt;
          continue;
        }
        int v = HexValue(text[i]);
        if (v < 0) return std::nullopt;
        if (i == 14 && v != 7) return std::nullopt;            // version 7
        if (i == 19 && (v & 0xc) != 0x8) return std::nullopt;  // variant 0b10
        if (digits < 12) ms = (ms << 4) | static_cast<std::uint64_t>(v);
        ++digits;
      }
      return static_cast<std::int64_t>(ms);
    }
  }
  return std::nullopt;
}

}  // namespace model::keys
