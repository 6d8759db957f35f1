// Time-ordered identifiers: ULID, KSUID and UUIDv7, whose text sorts like the time they encode.
//
// An attribute declared `ulid`, `ksuid` or `uuidv7` (docs/model-format.md) is a DynamoDB string
// whose canonical text begins with its creation time, so byte order of the text (DynamoDB's sort
// key order for S: https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/
// HowItWorks.NamingRulesDataTypes.html#HowItWorks.DataTypes) is creation order. These functions
// build the canonical text from a time and random bits, and read the time back; `model check`
// makes its synthetic identifiers with them. Pure functions; no ERD.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace model::keys {

enum class TimeOrderedKind { kUlid, kKsuid, kUuidV7 };

// ULID (https://github.com/ulid/spec): 48 bits of Unix time in milliseconds, then 80 random bits,
// as 26 characters of Crockford's base32 (0-9 A-Z without I L O U), upper case. `unix_ms` must be
// in [0, 2^48); the random bits are the low 80 bits of (random_hi:random_lo), random_hi's low 16
// bits first. Example: 0 ms and no randomness give "00000000000000000000000000".
std::string MakeUlid(std::uint64_t unix_ms, std::uint64_t random_hi, std::uint64_t random_lo);

// KSUID (https://github.com/segmentio/ksuid): a 32-bit count of seconds since the KSUID epoch
// 1400000000 (2014-05-13T16:53:20Z), then a 16-byte random payload, the 20 bytes as a big-endian
// number in base 62 (0-9 A-Z a-z), left-padded with '0' to 27 characters. `unix_seconds` must be
// in [1400000000, 1400000000 + 2^32). Example: 1507608047 s and the payload
// B5A1CD34B5F99D1154FB6853345C9735 give "0ujtsYcgvSTl8PAuAdqWYSMnLOv" (segmentio/ksuid README).
std::string MakeKsuid(std::int64_t unix_seconds, const std::array<std::uint8_t, 16>& payload);
inline constexpr std::int64_t kKsuidEpoch = 1400000000;

// UUID version 7 (RFC 9562 section 5.7, https://www.rfc-editor.org/rfc/rfc9562#section-5.7):
// 48 bits of Unix time in milliseconds, version 7, 12 bits rand_a, variant 0b10, 62 bits rand_b,
// as 8-4-4-4-12 lower-case hex. `unix_ms` must be in [0, 2^48). Example (RFC 9562 appendix A.6):
// 0x017F22E279B0 ms, rand_a 0xCC3, rand_b 0x18C4DC0C0C07398F give
// "017f22e2-79b0-7cc3-98c4-dc0c0c07398f".
std::string MakeUuidV7(std::uint64_t unix_ms, std::uint16_t rand_a, std::uint64_t rand_b);

// The creation time a canonical identifier of `kind` encodes, in Unix milliseconds (a KSUID's
// whole seconds times 1000); nullopt when `text` is not one in canonical form (length, alphabet,
// case; a UUID's version and variant; a KSUID beyond 2^160).
std::optional<std::int64_t> TimeOfId(TimeOrderedKind kind, std::string_view text);

}  // namespace model::keys
