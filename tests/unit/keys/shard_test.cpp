// The shard hash contract of model/keys/shard.h, pinned with values computed independently
// (FNV-1a over bytes, 64-bit prime 1099511628211, basis 1469598103934665603): every layout
// written so far was sharded with it, and generated code must agree with the check.
#include "model/keys/shard.h"

#include <catch2/catch.hpp>
#include <string>
#include <vector>

using model::keys::ShardHash;
using model::keys::ShardOf;

TEST_CASE("ShardHash is FNV-1a-64 from the pinned basis", "[keys]") {
  CHECK(model::keys::kShardHashBasis == 1469598103934665603ULL);
  CHECK(ShardHash("") == 1469598103934665603ULL);
  CHECK(ShardHash("") != 14695981039346656037ULL);  // not FNV's published basis
  CHECK(ShardHash("a") == 4953267810257967366ULL);
  CHECK(ShardHash("hello") == 25347132070217633ULL);
  CHECK(ShardHash("o-1\x1f") == 1110658530748352195ULL);
  CHECK(ShardHash(std::string("c-42\x1f"
                              "2024-01-01T00:00:00Z\x1f")) == 12613220458897685541ULL);
}

TEST_CASE("ShardOf hashes the identifier's natural texts, each followed by 0x1F", "[keys]") {
  CHECK(ShardOf({"o-1"}, 4) == 3);
  CHECK(ShardOf({"o-1"}, 10) == 5);
  CHECK(ShardOf({"c-42", "2024-01-01T00:00:00Z"}, 16) == 5);
  CHECK(ShardOf({}, 4) == 3);  // the basis itself
  const int expected[] = {0, 1, 6, 7, 4, 5};
  for (int i = 0; i < 6; ++i) CHECK(ShardOf({"u-" + std::to_string(i)}, 8) == expected[i]);
  // The separator keeps ("ab", "c") and ("a", "bc") apart.
  CHECK(ShardHash("ab\x1f"
                  "c\x1f") != ShardHash("a\x1f"
                                        "bc\x1f"));
  // One shard (or fewer) is always shard 0.
  CHECK(ShardOf({"o-1"}, 1) == 0);
  CHECK(ShardOf({"o-1"}, 0) == 0);
}
