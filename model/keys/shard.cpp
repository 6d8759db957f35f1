#include "model/keys/shard.h"

namespace model::keys {

std::uint64_t ShardHash(std::string_view text) {
  std::uint64_t h = kShardHashBasis;
  for (unsigned char ch : text) {
    h ^= ch;
    h *= 1099511628211ULL;
  }
  return h;
}

int ShardOf(const std::vector<std::string>& identifier_values, int shards) {
  if (shards <= 1) return 0;
  std::string identity;
  for (const std::string& v : identifier_values) {
    identity += v;
    identity += '\x1f';
  }
  return static_cast<int>(ShardHash(identity) % static_cast<std::uint64_t>(shards));
}

}  // namespace model::keys
