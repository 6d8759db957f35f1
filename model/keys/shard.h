// Write sharding: which shard an item goes to.
//
// An item type written with N > 1 shards carries the shard number in its keys (a zero-padded
// `{_shard}` placeholder) and in the kShardAttribute attribute. The shard is a pure function of
// the entity's identifier, so every writer (the check, generated code, a user's own code) puts
// the same record on the same shard, and a reader that knows the identifier can go straight
// to it:
//
//   shard = FNV-1a-64(v1 US v2 US ... vk US) mod N
//
// where v1..vk are the natural texts of the identifier attributes in declaration order (a
// number as the decimal text it was written with, a timestamp as ISO-8601, ...), US is the
// unit separator byte 0x1F after every value, and FNV-1a-64 is FNV-1a with the 64-bit prime
// 1099511628211 (http://www.isthe.com/chongo/tech/comp/fnv/) and the offset basis
// kShardHashBasis = 1469598103934665603. That basis is not FNV's published 64-bit basis
// (14695981039346656037, one digit longer): it is what every layout written so far was sharded
// with, so it is pinned here and by tests/unit/keys.
// No ERD, no SQLite: the runtime links this file too.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace model::keys {

inline constexpr std::uint64_t kShardHashBasis = 1469598103934665603ULL;

// FNV-1a, 64 bits, from kShardHashBasis, over the bytes of `text`.
std::uint64_t ShardHash(std::string_view text);

// The shard (0 .. shards-1) of a record whose identifier attributes have these natural texts, in
// declaration order. `shards` must be >= 1; 1 always gives 0.
int ShardOf(const std::vector<std::string>& identifier_values, int shards);

}  // namespace model::keys
