// Capacity arithmetic, request meters and per-partition usage (see capacity.h).
#include "model/sim/api/capacity.h"

#include <algorithm>

namespace sim {

std::int64_t ReadBlocks(std::int64_t bytes) {
  if (bytes <= 0) return 1;
  return (bytes + kReadUnitBytes - 1) / kReadUnitBytes;
}

std::int64_t WriteBlocks(std::int64_t bytes) {
  if (bytes <= 0) return 1;
  return (bytes + kWriteUnitBytes - 1) / kWriteUnitBytes;
}

double ReadUnits(std::int64_t bytes, ReadMode mode) {
  auto blocks = static_cast<double>(ReadBlocks(bytes));
  switch (mode) {
    case ReadMode::kEventual:
      return blocks * 0.5;
    case ReadMode::kStrong:
      return blocks;
    case ReadMode::kTransactional:
      return blocks * 2;
  }
  return blocks;
}

double WriteUnits(std::int64_t bytes, bool transactional) {
  auto blocks = static_cast<double>(WriteBlocks(bytes));
  return transactional ? blocks * 2 : blocks;
}

void CapacityMeter::Add(Capacity* c, double read, double write) {
  c->read_capacity_units += read;
  c->write_capacity_units += write;
  c->capacity_units += read + write;
}

void CapacityMeter::AddRead(const std::string& index_name, bool global, double units) {
  if (index_name.empty()) {
    Add(&table_, units, 0);
    return;
  }
  Entry& e = indexes_[index_name];
  e.global = global;
  Add(&e.capacity, units, 0);
}

void CapacityMeter::AddWrite(const std::string& index_name, bool global, double units) {
  if (index_name.empty()) {
    Add(&table_, 0, units);
    return;
  }
  Entry& e = indexes_[index_name];
  e.global = global;
  Add(&e.capacity, 0, units);
}

void CapacityMeter::Merge(const CapacityMeter& other) {
  Add(&table_, other.table_.read_capacity_units, other.table_.write_capacity_units);
  for (const auto& [name, entry] : other.indexes_) {
    Entry& e = indexes_[name];
    e.global = entry.global;
    Add(&e.capacity, entry.capacity.read_capacity_units, entry.capacity.write_capacity_units);
  }
}

double CapacityMeter::total() const {
  double sum = table_.capacity_units;
  for (const auto& [name, entry] : indexes_) sum += entry.capacity.capacity_units;
  return sum;
}

std::optional<ConsumedCapacity> CapacityMeter::Render(ReturnConsumedCapacity mode) const {
  if (mode == ReturnConsumedCapacity::kNone) return std::nullopt;
  ConsumedCapacity out;
  out.table_name = table_name_;
  Capacity sum = table_;
  for (const auto& [name, entry] : indexes_) {
    Add(&sum, entry.capacity.read_capacity_units, entry.capacity.write_capacity_units);
  }
  out.capacity_units = sum.capacity_units;
  out.read_capacity_units = sum.read_capacity_units;
  out.write_capacity_units = sum.write_capacity_units;
  if (mode == ReturnConsumedCapacity::kIndexes) {
    out.table = table_;
    for (const auto& [name, entry] : indexes_) {
      (entry.global ? out.global_secondary_indexes : out.local_secondary_indexes)[name] =
          entry.capacity;
    }
  }
  return out;
}

PartitionUsage& UsageStats::Entry(const std::string& index_name, const std::string& key_bytes,
                                  const AttributeValue& key) {
  if (auto found = entries_.find(KeyView(index_name, key_bytes)); found != entries_.end()) {
    return found->second;
  }
  auto it = entries_.try_emplace({index_name, key_bytes}).first;
  it->second.index_name = index_name;
  it->second.partition_key = key;
  return it->second;
}

void UsageStats::AddRead(const std::string& index_name, const std::string& key_bytes,
                         const AttributeValue& key, double units) {
  if (!enabled_) return;
  PartitionUsage& e = Entry(index_name, key_bytes, key);
  e.read_units += units;
  ++e.reads;
}

void UsageStats::AddWrite(const std::string& index_name, const std::string& key_bytes,
                          const AttributeValue& key, double units) {
  if (!enabled_) return;
  PartitionUsage& e = Entry(index_name, key_bytes, key);
  e.write_units += units;
  ++e.writes;
}

void UsageStats::Merge(const UsageStats& other) {
  if (!enabled_) return;
  for (const auto& [id, usage] : other.entries_) {
    PartitionUsage& e = Entry(id.first, id.second, usage.partition_key);
    e.read_units += usage.read_units;
    e.write_units += usage.write_units;
    e.reads += usage.reads;
    e.writes += usage.writes;
  }
}

void UsageStats::Merge(UsageStats&& other) {
  if (!enabled_) return;
  if (entries_.empty()) {
    entries_.swap(other.entries_);
    return;
  }
  Merge(other);
}

std::vector<PartitionUsage> UsageStats::Partitions() const {
  std::vector<const std::pair<const Key, PartitionUsage>*> sorted;
  sorted.reserve(entries_.size());
  for (const auto& entry : entries_) sorted.push_back(&entry);
  std::sort(sorted.begin(), sorted.end(),
            [](const auto* a, const auto* b) { return a->first < b->first; });
  std::vector<PartitionUsage> out;
  out.reserve(sorted.size());
  for (const auto* entry : sorted) out.push_back(entry->second);
  return out;
}

}  // namespace sim
