// Capacity accounting of the simulated table, exactly as AWS documents it
// (shared/dynamodb-reference.md 1.9-1.10): read units per 4 KB (strongly consistent 1,
// eventually consistent 0.5, transactional 2), write units per 1 KB (transactional 2), each
// item rounded up separately except Query/Scan, which sum the bytes read and round once.
//
// ConsumedCapacity mirrors DynamoDB's response shape. CapacityMeter accumulates the units of
// one request per table and index and renders the ConsumedCapacity for TOTAL or INDEXES.
// UsageStats keeps per-partition totals (table and each index) for the model checker.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "model/sim/api/value.h"

namespace sim {

enum class ReturnConsumedCapacity { kNone, kTotal, kIndexes };
enum class ReadMode { kEventual, kStrong, kTransactional };

constexpr std::int64_t kReadUnitBytes = 4096;
constexpr std::int64_t kWriteUnitBytes = 1024;

// Units of `bytes` rounded up to whole 4 KB / 1 KB blocks; 0 bytes still costs one block.
std::int64_t ReadBlocks(std::int64_t bytes);
std::int64_t WriteBlocks(std::int64_t bytes);
// Read capacity units for `bytes` read as one unit of rounding (a Get, or a whole Query page).
double ReadUnits(std::int64_t bytes, ReadMode mode);
// Write capacity units for one item write of `bytes`; transactional writes cost double.
double WriteUnits(std::int64_t bytes, bool transactional);

struct Capacity {
  double capacity_units = 0;
  double read_capacity_units = 0;
  double write_capacity_units = 0;
  friend bool operator==(const Capacity&, const Capacity&) = default;
};

struct ConsumedCapacity {
  std::string table_name;
  double capacity_units = 0;
  double read_capacity_units = 0;
  double write_capacity_units = 0;
  std::optional<Capacity> table;                             // INDEXES only
  std::map<std::string, Capacity> global_secondary_indexes;  // INDEXES only
  std::map<std::string, Capacity> local_secondary_indexes;   // INDEXES only
};

// Units of one request against one table, split by table and index.
class CapacityMeter {
 public:
  explicit CapacityMeter(std::string table_name) : table_name_(std::move(table_name)) {}
  // index_name empty: the table itself.
  void AddRead(const std::string& index_name, bool global, double units);
  void AddWrite(const std::string& index_name, bool global, double units);
  void Merge(const CapacityMeter& other);

  double total() const;
  const std::string& table_name() const { return table_name_; }
  // nullopt for kNone.
  std::optional<ConsumedCapacity> Render(ReturnConsumedCapacity mode) const;

 private:
  struct Entry {
    bool global = false;
    Capacity capacity;
  };
  static void Add(Capacity* c, double read, double write);
  std::string table_name_;
  Capacity table_;
  std::map<std::string, Entry> indexes_;
};

// Accumulated read and write units of one partition of the table or of an index.
struct PartitionUsage {
  std::string index_name;        // empty: the table
  AttributeValue partition_key;  // the partition's key value
  double read_units = 0;
  double write_units = 0;
  std::int64_t reads = 0;   // requests that read this partition
  std::int64_t writes = 0;  // item writes that touched it
};

// Per-partition usage of one table, keyed by (index name, encoded partition key), listed in
// that order.
class UsageStats {
 public:
  void AddRead(const std::string& index_name, const std::string& key_bytes,
               const AttributeValue& key, double units);
  void AddWrite(const std::string& index_name, const std::string& key_bytes,
                const AttributeValue& key, double units);
  void Merge(const UsageStats& other);
  void Merge(UsageStats&& other);
  // Disabled, Add* and Merge record nothing.
  void set_enabled(bool enabled) { enabled_ = enabled; }
  bool enabled() const { return enabled_; }
  // Every partition with usage, ordered by index name (table first) then key bytes.
  std::vector<PartitionUsage> Partitions() const;
  bool empty() const { return entries_.empty(); }

 private:
  PartitionUsage& Entry(const std::string& index_name, const std::string& key_bytes,
                        const AttributeValue& key);
  // Keyed by (index name, key bytes), hashed (a load touches millions of partitions); looked up
  // without building a key (views compare). Partitions() sorts.
  using Key = std::pair<std::string, std::string>;
  using KeyView = std::pair<std::string_view, std::string_view>;
  struct KeyHash {
    using is_transparent = void;
    std::size_t operator()(const KeyView& k) const {
      std::size_t h = std::hash<std::string_view>{}(k.first);
      return h ^ (std::hash<std::string_view>{}(k.second) + 0x9e3779b97f4a7c15ULL + (h << 6) +
                  (h >> 2));
    }
    std::size_t operator()(const Key& k) const { return (*this)(KeyView(k.first, k.second)); }
  };
  struct KeyEq {
    using is_transparent = void;
    template <typename A, typename B>
    bool operator()(const A& a, const B& b) const {
      return KeyView(a.first, a.second) == KeyView(b.first, b.second);
    }
  };
  std::unordered_map<Key, PartitionUsage, KeyHash, KeyEq> entries_;
  bool enabled_ = true;
};

}  // namespace sim
