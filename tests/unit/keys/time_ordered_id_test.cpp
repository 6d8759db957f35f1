// Time-ordered identifiers (model/keys/time_ordered_id.h): the published examples, the bounds,
// and text order following time order.
#include "model/keys/time_ordered_id.h"

#include <array>
#include <catch2/catch.hpp>
#include <string>

using model::keys::MakeKsuid;
using model::keys::MakeUlid;
using model::keys::MakeUuidV7;
using model::keys::TimeOfId;
using model::keys::TimeOrderedKind;

TEST_CASE("ULID: Crockford base32 of time and randomness", "[keys]") {
  CHECK(MakeUlid(0, 0, 0) == "00000000000000000000000000");
  // The spec's largest ULID: 2^48 - 1 ms and every random bit set.
  CHECK(MakeUlid((std::uint64_t{1} << 48) - 1, 0xffff, ~std::uint64_t{0}) ==
        "7ZZZZZZZZZZZZZZZZZZZZZZZZZ");
  CHECK(MakeUlid(1, 0, 0) == "00000000010000000000000000");
  CHECK(MakeUlid(1, 0, 0).substr(0, 10) == "0000000001");
  CHECK(MakeUlid(1, 0, 1) == "00000000010000000000000001");
  CHECK(TimeOfId(TimeOrderedKind::kUlid, MakeUlid(1469918176385, 0x1234, 99)) == 1469918176385);
  CHECK(TimeOfId(TimeOrderedKind::kUlid, "01ARZ3NDEKTSV4RRFFQ69G5FAV") == 1469922850259);
  CHECK_FALSE(TimeOfId(TimeOrderedKind::kUlid, "01arz3ndektsv4rrffq69g5fav"));  // not canonical
  CHECK_FALSE(TimeOfId(TimeOrderedKind::kUlid, "81ARZ3NDEKTSV4RRFFQ69G5FAV"));  // beyond 2^128
  CHECK_FALSE(TimeOfId(TimeOrderedKind::kUlid, "01ARZ3NDEK"));
}

TEST_CASE("KSUID: base 62 of the epoch offset and payload", "[keys]") {
  std::array<std::uint8_t, 16> payload = {0xB5, 0xA1, 0xCD, 0x34, 0xB5, 0xF9, 0x9D, 0x11,
                                          0x54, 0xFB, 0x68, 0x53, 0x34, 0x5C, 0x97, 0x35};
  CHECK(MakeKsuid(1507608047, payload) == "0ujtsYcgvSTl8PAuAdqWYSMnLOv");
  CHECK(TimeOfId(TimeOrderedKind::kKsuid, "0ujtsYcgvSTl8PAuAdqWYSMnLOv") == 1507608047000);
  CHECK(MakeKsuid(model::keys::kKsuidEpoch, {}) == "000000000000000000000000000");
  CHECK_FALSE(TimeOfId(TimeOrderedKind::kKsuid, "zzzzzzzzzzzzzzzzzzzzzzzzzzz"));  // beyond 2^160
  CHECK_FALSE(TimeOfId(TimeOrderedKind::kKsuid, "0ujtsYcgvSTl8PAuAdqWYSMnLO-"));
}

TEST_CASE("UUIDv7: RFC 9562's example", "[keys]") {
  CHECK(MakeUuidV7(0x017F22E279B0, 0xCC3, 0x18C4DC0C0C07398F) ==
        "017f22e2-79b0-7cc3-98c4-dc0c0c07398f");
  CHECK(TimeOfId(TimeOrderedKind::kUuidV7, "017f22e2-79b0-7cc3-98c4-dc0c0c07398f") ==
        0x017F22E279B0);
  CHECK_FALSE(TimeOfId(TimeOrderedKind::kUuidV7, "017F22E2-79B0-7CC3-98C4-DC0C0C07398F"));
  CHECK_FALSE(TimeOfId(TimeOrderedKind::kUuidV7, "017f22e2-79b0-4cc3-98c4-dc0c0c07398f"));
  CHECK_FALSE(TimeOfId(TimeOrderedKind::kUuidV7, "017f22e2-79b0-7cc3-c8c4-dc0c0c07398f"));
}

TEST_CASE("time-ordered identifiers sort like their times", "[keys]") {
  // Later times give greater texts whatever the random bits; equal times fall back to them.
  std::uint64_t times[] = {
      0, 999, 1000, 1577836800000, 1577836800001, 1601510400000, 1672531199000};
  for (std::size_t i = 1; i < std::size(times); ++i) {
    CAPTURE(times[i - 1], times[i]);
    CHECK(MakeUlid(times[i - 1], 0xffff, ~std::uint64_t{0}) < MakeUlid(times[i], 0, 0));
    CHECK(MakeUuidV7(times[i - 1], 0xfff, ~std::uint64_t{0}) < MakeUuidV7(times[i], 0, 0));
    std::int64_t a = model::keys::kKsuidEpoch + static_cast<std::int64_t>(times[i - 1] / 1000);
    std::int64_t b = model::keys::kKsuidEpoch + static_cast<std::int64_t>(times[i] / 1000);
    std::array<std::uint8_t, 16> full;
    full.fill(0xff);
    if (a < b) CHECK(MakeKsuid(a, full) < MakeKsuid(b, {}));
  }
}
