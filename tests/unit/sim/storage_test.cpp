// The SQLite wrappers and the binary item codec.
#include <catch2/catch.hpp>

#include "model/sim/storage/codec.h"
#include "model/sim/storage/sqlite_db.h"
#include "table_fixture.h"

using namespace simtest;
using sim::AttributeValue;
using sim::Item;

TEST_CASE("storage codec round-trips every value type", "[sim][storage]") {
  Item nested{{"x", N("-1.5")}, {"y", AttributeValue::L({S("a"), AttributeValue::Null()})}};
  Item item{{"s", S("héllo")},
            {"n", N("12345678901234567890.5")},
            {"b", B(std::string("\0\xff\x01", 3))},
            {"t", AttributeValue::Bool(true)},
            {"f", AttributeValue::Bool(false)},
            {"z", AttributeValue::Null()},
            {"m", AttributeValue::M(nested)},
            {"l", AttributeValue::L({N("1"), AttributeValue::M({})})},
            {"ss", AttributeValue::SS({"a", "b"})},
            {"ns", AttributeValue::NS({"-1", "2"})},
            {"bs", AttributeValue::BS({std::string("\0", 1), "\x7f"})},
            {"", S("")}};
  std::string bytes = sim::EncodeItem(item);
  auto decoded = sim::DecodeItem(bytes);
  REQUIRE(decoded.ok());
  CHECK(*decoded == item);
}

TEST_CASE("storage codec rejects truncated and trailing bytes", "[sim][storage]") {
  std::string bytes = sim::EncodeItem(Item{{"a", S("hello")}});
  auto truncated = sim::DecodeItem(std::string_view(bytes).substr(0, bytes.size() - 1));
  REQUIRE_FALSE(truncated.ok());
  CHECK(truncated.error().name == "InternalServerError");
  CHECK(truncated.error().message == "corrupt item bytes in storage");
  CHECK_FALSE(sim::DecodeItem(bytes + "x").ok());
  CHECK_FALSE(sim::DecodeItem(std::string("\x01\x01"
                                          "a"
                                          "\x63",
                                          4))
                  .ok());  // unknown tag
  auto empty = sim::DecodeItem(std::string(1, '\0'));
  REQUIRE(empty.ok());
  CHECK(empty->empty());
}

TEST_CASE("storage statements bind blobs with embedded zeros and roll back", "[sim][storage]") {
  auto db = sim::SqliteDb::Open("");
  REQUIRE(db.ok());
  REQUIRE((*db)->Exec("CREATE TABLE t(k BLOB PRIMARY KEY, v INTEGER) WITHOUT ROWID").ok());
  auto insert = (*db)->Prepare("INSERT INTO t VALUES(?1, ?2)");
  REQUIRE(insert.ok());
  {
    sim::Transaction txn(db->get());
    REQUIRE(txn.Begin().ok());
    const std::string key("a\0b", 3);  // binds copy nothing: the bytes must outlive the run
    (*insert)->BindBlob(1, key);
    (*insert)->BindInt(2, 7);
    REQUIRE((*insert)->Run().ok());
    (*insert)->BindBlob(1, "");
    (*insert)->BindInt(2, 8);
    REQUIRE((*insert)->Run().ok());
    REQUIRE(txn.Commit().ok());
  }
  {
    sim::Transaction txn(db->get());
    REQUIRE(txn.Begin().ok());
    (*insert)->BindBlob(1, "rolled back");
    (*insert)->BindInt(2, 9);
    REQUIRE((*insert)->Run().ok());
  }  // destructor rolls back
  auto select = (*db)->Prepare("SELECT k, v FROM t ORDER BY k");
  REQUIRE(select.ok());
  sim::StatementScope stmt(*select);
  std::vector<std::pair<std::string, std::int64_t>> rows;
  while (true) {
    auto row = stmt->Step();
    REQUIRE(row.ok());
    if (!*row) break;
    rows.emplace_back(std::string(stmt->ColumnBlob(0)), stmt->ColumnInt(1));
  }
  REQUIRE(rows.size() == 2);
  CHECK(rows[0] == std::make_pair(std::string(), std::int64_t{8}));
  CHECK(rows[1] == std::make_pair(std::string("a\0b", 3), std::int64_t{7}));
  // A duplicate key is an internal error, not a crash.
  (*insert)->BindBlob(1, "");
  (*insert)->BindInt(2, 1);
  auto dup = (*insert)->Run();
  REQUIRE_FALSE(dup.ok());
  CHECK(dup.error().name == "InternalServerError");
}

TEST_CASE("storage reports unopenable files", "[sim][storage]") {
  auto db = sim::SqliteDb::Open("/nonexistent-dir/x/y.db");
  REQUIRE_FALSE(db.ok());
  CHECK(db.error().name == "InternalServerError");
}
