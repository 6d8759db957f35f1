// Capacity arithmetic and rendering (shared/dynamodb-reference.md 1.10).
#include "model/sim/api/capacity.h"

#include <catch2/catch.hpp>
#include <string>
#include <utility>

using namespace sim;

TEST_CASE("capacity rounds reads per 4 KB and writes per 1 KB", "[sim][capacity]") {
  CHECK(ReadBlocks(0) == 1);
  CHECK(ReadBlocks(1) == 1);
  CHECK(ReadBlocks(4096) == 1);
  CHECK(ReadBlocks(4097) == 2);
  CHECK(WriteBlocks(0) == 1);
  CHECK(WriteBlocks(1024) == 1);
  CHECK(WriteBlocks(1025) == 2);
  CHECK(ReadUnits(4097, ReadMode::kEventual) == 1.0);
  CHECK(ReadUnits(4097, ReadMode::kStrong) == 2.0);
  CHECK(ReadUnits(4097, ReadMode::kTransactional) == 4.0);
  CHECK(ReadUnits(9 * 1024, ReadMode::kEventual) == 1.5);
  CHECK(WriteUnits(1536, false) == 2.0);
  CHECK(WriteUnits(1536, true) == 4.0);
}

TEST_CASE("capacity meter renders TOTAL and INDEXES", "[sim][capacity]") {
  CapacityMeter meter("T");
  meter.AddWrite("", true, 3);
  meter.AddWrite("gsi1", true, 1);
  meter.AddWrite("lsi1", false, 2);
  CHECK_FALSE(meter.Render(ReturnConsumedCapacity::kNone).has_value());
  auto total = meter.Render(ReturnConsumedCapacity::kTotal);
  REQUIRE(total.has_value());
  CHECK(total->table_name == "T");
  CHECK(total->capacity_units == 6);
  CHECK(total->write_capacity_units == 6);
  CHECK(total->read_capacity_units == 0);
  CHECK_FALSE(total->table.has_value());
  CHECK(total->global_secondary_indexes.empty());
  auto indexes = meter.Render(ReturnConsumedCapacity::kIndexes);
  REQUIRE(indexes->table.has_value());
  CHECK(indexes->table->capacity_units == 3);
  CHECK(indexes->global_secondary_indexes.at("gsi1").capacity_units == 1);
  CHECK(indexes->local_secondary_indexes.at("lsi1").write_capacity_units == 2);
}

TEST_CASE("usage stats accumulate per index and partition in key order", "[sim][capacity]") {
  UsageStats stats;
  stats.AddWrite("", "b", AttributeValue::S("b"), 2);
  stats.AddWrite("", "a", AttributeValue::S("a"), 1);
  stats.AddRead("", "a", AttributeValue::S("a"), 0.5);
  stats.AddWrite("gsi", "a", AttributeValue::S("a"), 1);
  auto parts = stats.Partitions();
  REQUIRE(parts.size() == 3);
  CHECK(parts[0].index_name == "");
  CHECK(parts[0].partition_key == AttributeValue::S("a"));
  CHECK(parts[0].read_units == 0.5);
  CHECK(parts[0].write_units == 1);
  CHECK(parts[0].reads == 1);
  CHECK(parts[0].writes == 1);
  CHECK(parts[1].partition_key == AttributeValue::S("b"));
  CHECK(parts[2].index_name == "gsi");
}

TEST_CASE(
    "usage stats list many partitions by index name, then key bytes, whatever the arrival order",
    "[sim][capacity]") {
  UsageStats stats;
  for (int i = 299; i >= 0; --i) {
    std::string key = "k" + std::to_string(i * 7919 % 300);
    stats.AddWrite(i % 2 ? "gsi" : "", key, AttributeValue::S(key), 1);
  }
  auto parts = stats.Partitions();
  REQUIRE(parts.size() == 300);
  for (std::size_t i = 1; i < parts.size(); ++i) {
    auto before = std::make_pair(parts[i - 1].index_name, parts[i - 1].partition_key.scalar());
    auto after = std::make_pair(parts[i].index_name, parts[i].partition_key.scalar());
    CHECK(before < after);
  }
  stats.set_enabled(false);
  stats.AddWrite("", "new", AttributeValue::S("new"), 1);
  CHECK(stats.Partitions().size() == 300);
}
