// Bulk loading (Database::StartBulkLoad / FinishBulkLoad): the table it leaves is the one the
// same items put one by one with PutItem leave — items, index entries, counts and sizes, stream
// records, per-partition usage, write units — including repeated keys, sparse indexes, INCLUDE
// and KEYS_ONLY projections, an LSI and a hash-only table; its errors are PutItem's.
#include "model/sim/engine/bulk_load.h"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "model/sim/engine/database.h"
#include "model/sim/wire/wire.h"
#include "table_fixture.h"

using Json = nlohmann::json;
using simtest::B;
using simtest::N;
using simtest::S;

namespace {

// splitmix64, so the items are the same on every machine.
struct Rng {
  std::uint64_t state;
  std::uint64_t Next() {
    std::uint64_t z = (state += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  }
  int Below(int n) { return static_cast<int>(Next() % static_cast<std::uint64_t>(n)); }
};

// pk/sk table with a GSI (ALL), a sparse hash-only GSI (INCLUDE x), an LSI (KEYS_ONLY) and a
// stream with both images.
sim::CreateTableRequest RichTable(const std::string& name) {
  sim::CreateTableRequest r = simtest::TableRequest(name);
  r.attribute_definitions.push_back({"g", sim::ValueType::kS});
  r.attribute_definitions.push_back({"gs", sim::ValueType::kN});
  r.attribute_definitions.push_back({"h", sim::ValueType::kB});
  r.attribute_definitions.push_back({"n", sim::ValueType::kN});
  r.global_secondary_indexes.push_back(simtest::Index("by_g", "g", "gs"));
  r.global_secondary_indexes.push_back(
      simtest::Index("by_h", "h", "", sim::ProjectionType::kInclude, {"x"}));
  r.local_secondary_indexes.push_back(
      simtest::Index("by_n", "pk", "n", sim::ProjectionType::kKeysOnly));
  r.stream_specification = sim::StreamSpecification{true, sim::StreamViewType::kNewAndOldImages};
  return r;
}

// `count` items over a few partitions; about a quarter repeat an earlier key with new values
// (moving, keeping or dropping their index keys).
std::vector<sim::Item> Items(int count, bool sort_key) {
  Rng rng{20261129};
  std::vector<sim::Item> items;
  for (int i = 0; i < count; ++i) {
    sim::Item item;
    int key = rng.Below(4) == 0 && i > 0 ? rng.Below(i) : i;
    item["pk"] = S("p" + std::to_string(key % 13));
    if (sort_key) item["sk"] = S("s" + std::to_string(key));
    if (rng.Below(4) != 0) {
      item["g"] = S("g" + std::to_string(rng.Below(5)));
      item["gs"] = N(std::to_string(rng.Below(1000) - 500));
    }
    if (rng.Below(3) == 0) item["h"] = B(std::string(1, static_cast<char>(rng.Below(3))));
    if (sort_key && rng.Below(2) == 0) item["n"] = N(std::to_string(rng.Below(100)));
    item["x"] = S(std::string(static_cast<std::size_t>(rng.Below(1500)), 'x'));
    item["y"] = N(std::to_string(i));
    items.push_back(std::move(item));
  }
  return items;
}

Json Call(sim::Database& db, const std::string& op, const Json& body) {
  sim::WireAdapter adapter(db);
  sim::WireResponse r = adapter.Handle("DynamoDB_20120810." + op, body.dump());
  INFO(op << " " << body.dump() << " -> " << r.body);
  REQUIRE(r.status == 200);
  return Json::parse(r.body);
}

// Every item of the table or one index, in scan order, all pages followed.
Json ScanAll(sim::Database& db, const std::string& table, const std::string& index) {
  Json items = Json::array();
  Json request = {{"TableName", table}, {"Limit", 37}};
  if (!index.empty()) request["IndexName"] = index;
  while (true) {
    Json page = Call(db, "Scan", request);
    for (const Json& item : page["Items"]) items.push_back(item);
    if (!page.contains("LastEvaluatedKey")) break;
    request["ExclusiveStartKey"] = page["LastEvaluatedKey"];
  }
  return items;
}

// What a table looks like from outside: description (counts and sizes), every item of the table
// and each index, the stream, per-partition usage.
struct Snapshot {
  Json description, table, indexes, stream, usage;
};

Snapshot Take(sim::Database& db, const sim::CreateTableRequest& request) {
  Snapshot s;
  s.description = Call(db, "DescribeTable", {{"TableName", request.table_name}})["Table"];
  // Times of the clock: when the table was created and its stream enabled.
  s.description.erase("CreationDateTime");
  s.description.erase("LatestStreamLabel");
  s.description.erase("LatestStreamArn");
  s.table = ScanAll(db, request.table_name, "");
  s.indexes = Json::array();
  for (const auto& list : {request.global_secondary_indexes, request.local_secondary_indexes}) {
    for (const sim::SecondaryIndex& index : list)
      s.indexes.push_back(ScanAll(db, request.table_name, index.index_name));
  }
  s.stream = Json::array();
  if (request.stream_specification) {
    auto stream = db.ReadStream(request.table_name, 0, 100000);
    REQUIRE(stream.ok());
    for (const sim::StreamRecord& r : stream->records) {
      s.stream.push_back({r.sequence_number, static_cast<int>(r.event_name), sim::ItemSize(r.keys),
                          r.old_image ? sim::ItemSize(*r.old_image) : -1,
                          r.new_image ? sim::ItemSize(*r.new_image) : -1, r.size_bytes});
    }
  }
  s.usage = Json::array();
  auto usage = db.PartitionUsages(request.table_name);
  REQUIRE(usage.ok());
  for (const sim::PartitionUsage& u : *usage) {
    s.usage.push_back(
        {u.index_name, u.partition_key.scalar(), u.write_units, u.writes, u.read_units});
  }
  return s;
}

// Loads `items` into a fresh table both ways and requires the same outcome.
void RequireSameAsPuts(const sim::CreateTableRequest& request,
                       const std::vector<sim::Item>& items) {
  auto bulk_db = simtest::OpenMemory();
  auto put_db = simtest::OpenMemory();
  simtest::Create(*bulk_db, request);
  simtest::Create(*put_db, request);

  auto load = bulk_db->StartBulkLoad(request.table_name);
  REQUIRE(load.ok());
  double put_units = 0;
  for (const sim::Item& item : items) {
    REQUIRE(load->Add(item).ok());
    sim::PutItemRequest put;
    put.table_name = request.table_name;
    put.item = item;
    put.return_consumed_capacity = sim::ReturnConsumedCapacity::kTotal;
    auto answer = put_db->PutItem(put);
    REQUIRE(answer.ok());
    put_units += answer->consumed_capacity->capacity_units;
  }
  CHECK(load->items() == static_cast<std::int64_t>(items.size()));
  auto loaded = bulk_db->FinishBulkLoad(std::move(*load));
  REQUIRE(loaded.ok());
  CHECK(loaded->items_written == static_cast<std::int64_t>(items.size()));
  CHECK(loaded->write_units == Approx(put_units));

  Snapshot bulk = Take(*bulk_db, request);
  Snapshot put = Take(*put_db, request);
  CHECK(bulk.description == put.description);
  CHECK(bulk.table == put.table);
  CHECK(bulk.indexes == put.indexes);
  CHECK(bulk.stream == put.stream);
  CHECK(bulk.usage == put.usage);
  CHECK(bulk.table.size() > 0);
}

std::pair<std::string, std::string> PutError(sim::Database& db, const std::string& table,
                                             const sim::Item& item) {
  sim::PutItemRequest put;
  put.table_name = table;
  put.item = item;
  auto answer = db.PutItem(put);
  REQUIRE_FALSE(answer.ok());
  return {answer.error().name, answer.error().message};
}

}  // namespace

TEST_CASE("bulk load leaves the table PutItem leaves: indexes, LSI, stream, usage, repeated keys",
          "[sim][bulk]") {
  RequireSameAsPuts(RichTable("rich"), Items(600, true));
}

TEST_CASE("bulk load into a hash-only table (empty sort key bytes) matches PutItem",
          "[sim][bulk]") {
  sim::CreateTableRequest r = simtest::TableRequest("flat", sim::ValueType::kNull);
  r.attribute_definitions.push_back({"g", sim::ValueType::kS});
  r.attribute_definitions.push_back({"gs", sim::ValueType::kN});
  r.global_secondary_indexes.push_back(
      simtest::Index("by_g", "g", "gs", sim::ProjectionType::kKeysOnly));
  RequireSameAsPuts(r, Items(200, false));
}

TEST_CASE("bulk load refuses what PutItem refuses, with PutItem's errors, and keeps going",
          "[sim][bulk]") {
  auto db = simtest::OpenMemory();
  sim::CreateTableRequest request = RichTable("strict");
  simtest::Create(*db, request);
  auto probe = simtest::OpenMemory();
  simtest::Create(*probe, request);
  auto load = db->StartBulkLoad("strict");
  REQUIRE(load.ok());

  std::vector<sim::Item> bad;
  bad.push_back({{"pk", S("a")}});                  // no sort key
  bad.push_back({{"pk", N("1")}, {"sk", S("a")}});  // key of the wrong type
  bad.push_back({{"pk", S("a")}, {"sk", S("b")}, {"g", N("1")}, {"gs", N("1")}});  // index key type
  bad.push_back({{"pk", S("a")}, {"sk", S("b")}, {"x", S(std::string(409600, 'x'))}});  // too large
  for (const sim::Item& item : bad) {
    auto status = load->Add(item);
    REQUIRE_FALSE(status.ok());
    auto [name, message] = PutError(*probe, "strict", item);
    CHECK(status.error().name == name);
    CHECK(status.error().message == message);
  }
  REQUIRE(load->Add({{"pk", S("a")}, {"sk", S("b")}}).ok());
  CHECK(load->items() == 1);
  auto loaded = db->FinishBulkLoad(std::move(*load));
  REQUIRE(loaded.ok());
  CHECK(loaded->items_written == 1);
  CHECK(ScanAll(*db, "strict", "").size() == 1);
}

TEST_CASE("bulk load stops an item collection at the LSI cap as PutItem does", "[sim][bulk]") {
  sim::DatabaseOptions options;
  options.item_collection_limit_bytes = 3000;
  auto db = std::move(sim::Database::Open(options).value());
  auto probe = std::move(sim::Database::Open(options).value());
  sim::CreateTableRequest request = RichTable("capped");
  simtest::Create(*db, request);
  simtest::Create(*probe, request);
  auto load = db->StartBulkLoad("capped");
  REQUIRE(load.ok());
  for (int i = 0;; ++i) {
    sim::Item item = {{"pk", S("p")},
                      {"sk", S("s" + std::to_string(i))},
                      {"n", N("1")},
                      {"x", S(std::string(500, 'x'))}};
    sim::PutItemRequest put;
    put.table_name = "capped";
    put.item = item;
    auto put_answer = probe->PutItem(put);
    auto added = load->Add(item);
    REQUIRE(put_answer.ok() == added.ok());
    if (!added.ok()) {
      CHECK(added.error().name == "ItemCollectionSizeLimitExceededException");
      CHECK(added.error().message == put_answer.error().message);
      CHECK(i > 2);
      break;
    }
  }
  // Another partition still has room; replacing an item with a smaller one is never refused.
  CHECK(load->Add({{"pk", S("q")}, {"sk", S("s")}, {"n", N("1")}}).ok());
  CHECK(load->Add({{"pk", S("p")}, {"sk", S("s0")}}).ok());
  REQUIRE(db->FinishBulkLoad(std::move(*load)).ok());
}

TEST_CASE("bulk load needs an empty table that still exists when it finishes", "[sim][bulk]") {
  auto db = simtest::OpenMemory();
  simtest::Create(*db, simtest::TableRequest("ttt"));

  auto missing = db->StartBulkLoad("nope");
  REQUIRE_FALSE(missing.ok());
  CHECK(missing.error().name == "ResourceNotFoundException");

  // Items put after the load started: the table is no longer empty when it finishes.
  auto late = db->StartBulkLoad("ttt");
  REQUIRE(late.ok());
  REQUIRE(late->Add({{"pk", S("a")}, {"sk", S("1")}}).ok());
  simtest::Put(*db, "ttt", {{"pk", S("b")}, {"sk", S("1")}});
  auto refused = db->FinishBulkLoad(std::move(*late));
  REQUIRE_FALSE(refused.ok());
  CHECK(refused.error().name == "ValidationException");
  CHECK(ScanAll(*db, "ttt", "").size() == 1);  // nothing of the load was written

  auto occupied = db->StartBulkLoad("ttt");
  REQUIRE_FALSE(occupied.ok());
  CHECK(occupied.error().name == "ValidationException");

  // The table was deleted (and re-created under the same name) while the load was open.
  simtest::Create(*db, simtest::TableRequest("uuu"));
  auto load = db->StartBulkLoad("uuu");
  REQUIRE(load.ok());
  REQUIRE(load->Add({{"pk", S("a")}, {"sk", S("1")}}).ok());
  REQUIRE(db->DeleteTable("uuu").ok());
  simtest::Create(*db, simtest::TableRequest("uuu"));
  auto gone = db->FinishBulkLoad(std::move(*load));
  REQUIRE_FALSE(gone.ok());
  CHECK(gone.error().name == "ResourceNotFoundException");
}

TEST_CASE("partition usage can be switched off", "[sim][bulk]") {
  sim::DatabaseOptions options;
  options.partition_usage = false;
  auto db = std::move(sim::Database::Open(options).value());
  simtest::Create(*db, simtest::TableRequest("ttt"));
  simtest::Put(*db, "ttt", {{"pk", S("a")}, {"sk", S("1")}});
  simtest::Create(*db, simtest::TableRequest("uuu"));
  auto load = db->StartBulkLoad("uuu");
  REQUIRE(load.ok());
  REQUIRE(load->Add({{"pk", S("a")}, {"sk", S("1")}}).ok());
  REQUIRE(db->FinishBulkLoad(std::move(*load)).ok());
  for (const char* table : {"ttt", "uuu"}) {
    auto usage = db->PartitionUsages(table);
    REQUIRE(usage.ok());
    CHECK(usage->empty());
  }
}
