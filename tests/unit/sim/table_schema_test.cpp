// CreateTable validation with AWS's messages, and DescribeTable/ListTables/DeleteTable.
#include <catch2/catch.hpp>

#include "table_fixture.h"

using namespace simtest;
using sim::CreateTableRequest;
using sim::KeyRole;
using sim::ValueType;

namespace {

std::string CreateError(const CreateTableRequest& r) {
  auto db = OpenMemory();
  return ErrorOf(db->CreateTable(r));
}

}  // namespace

TEST_CASE("table names must be 3-255 characters of [a-zA-Z0-9_.-]", "[sim][table]") {
  CHECK(CreateError(TableRequest("ab")) ==
        "1 validation error detected: Value 'ab' at 'tableName' failed to satisfy constraint: "
        "Member must have length greater than or equal to 3");
  CHECK(CreateError(TableRequest("a b")) ==
        "1 validation error detected: Value 'a b' at 'tableName' failed to satisfy constraint: "
        "Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+");
  CHECK(CreateError(TableRequest("a!")) ==
        "2 validation errors detected: Value 'a!' at 'tableName' failed to satisfy constraint: "
        "Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+; Value 'a!' at "
        "'tableName' failed to satisfy constraint: Member must have length greater than or "
        "equal to 3");
  auto db = OpenMemory();
  Create(*db, TableRequest(std::string(255, 'x')));
  Create(*db, TableRequest("a-b.c_D9"));
  auto long_name = db->CreateTable(TableRequest(std::string(256, 'x')));
  CHECK(ErrorOf(long_name).find("Member must have length less than or equal to 255") !=
        std::string::npos);
}

TEST_CASE("key schema and attribute definitions must agree", "[sim][table]") {
  CreateTableRequest r = TableRequest("Tbl");
  r.attribute_definitions.pop_back();
  CHECK(CreateError(r) == "Invalid KeySchema: Some index key attribute have no definition");

  r = TableRequest("Tbl");
  r.attribute_definitions[1].attribute_name = "other";
  CHECK(CreateError(r) ==
        "One or more parameter values were invalid: Some index key attributes are not defined "
        "in AttributeDefinitions. Keys: [pk, sk], AttributeDefinitions: [pk, other]");

  r = TableRequest("Tbl");
  r.attribute_definitions.push_back({"extra", ValueType::kS});
  CHECK(CreateError(r) ==
        "One or more parameter values were invalid: Number of attributes in KeySchema does not "
        "exactly match number of attributes defined in AttributeDefinitions");

  r = TableRequest("Tbl");
  r.key_schema[0].key_type = KeyRole::kRange;
  CHECK(CreateError(r) == "Invalid KeySchema: The first KeySchemaElement is not a HASH key type");

  r = TableRequest("Tbl");
  r.attribute_definitions[1].attribute_type = ValueType::kBool;
  CHECK(CreateError(r) ==
        "1 validation error detected: Value 'BOOL' at "
        "'attributeDefinitions.member.attributeType' failed to satisfy constraint: Member must "
        "satisfy enum value set: [B, N, S]");

  r = TableRequest("Tbl");
  r.key_schema[1].attribute_name = "pk";
  CHECK(CreateError(r) ==
        "Both the Hash Key and the Range Key element in the KeySchema have the same name");
}

TEST_CASE("secondary index limits and rules", "[sim][table]") {
  CreateTableRequest r = TableRequest("Tbl");
  r.attribute_definitions.push_back({"g", ValueType::kS});
  for (int i = 0; i < 21; ++i)
    r.global_secondary_indexes.push_back(Index("gsi" + std::to_string(i), "g", ""));
  CHECK(CreateError(r) ==
        "One or more parameter values were invalid: GlobalSecondaryIndex count exceeds the "
        "per-table limit of 20");
  r.global_secondary_indexes.resize(20);
  auto db = OpenMemory();
  Create(*db, r);

  r = TableRequest("Tbl");
  r.attribute_definitions.push_back({"l", ValueType::kN});
  for (int i = 0; i < 6; ++i)
    r.local_secondary_indexes.push_back(Index("lsi" + std::to_string(i), "pk", "l"));
  CHECK(CreateError(r) ==
        "One or more parameter values were invalid: Number of LocalSecondaryIndexes exceeds "
        "per-table limit of 5");

  r = TableRequest("Tbl", ValueType::kNull);
  r.attribute_definitions.push_back({"l", ValueType::kN});
  r.local_secondary_indexes.push_back(Index("lsi1", "pk", "l"));
  CHECK(CreateError(r) ==
        "One or more parameter values were invalid: Table KeySchema does not have a range key, "
        "which is required when specifying a LocalSecondaryIndex");

  r = TableRequest("Tbl");
  r.attribute_definitions.push_back({"l", ValueType::kN});
  r.local_secondary_indexes.push_back(Index("lsi1", "l", "sk"));
  CHECK(CreateError(r) ==
        "One or more parameter values were invalid: Index KeySchema does not have the same "
        "leading hash key as table KeySchema for index: lsi1. index hash key: l, table hash "
        "key: pk");

  r = TableRequest("Tbl");
  r.attribute_definitions.push_back({"g", ValueType::kS});
  r.global_secondary_indexes.push_back(Index("dup", "g", ""));
  r.global_secondary_indexes.push_back(Index("dup", "g", "sk"));
  CHECK(CreateError(r) == "One or more parameter values were invalid: Duplicate index name: dup");

  r = TableRequest("Tbl");
  r.attribute_definitions.push_back({"g", ValueType::kS});
  r.global_secondary_indexes.push_back(Index("gsi", "g", "", sim::ProjectionType::kAll, {"x"}));
  CHECK(CreateError(r) ==
        "One or more parameter values were invalid: ProjectionType is ALL, but NonKeyAttributes "
        "is specified");

  r = TableRequest("Tbl");
  r.attribute_definitions.push_back({"g", ValueType::kS});
  r.attribute_definitions.push_back({"unused", ValueType::kS});
  r.global_secondary_indexes.push_back(Index("gsi", "g", ""));
  CHECK(CreateError(r) ==
        "One or more parameter values were invalid: Some AttributeDefinitions are not used. "
        "AttributeDefinitions: [g, pk, sk, unused], keys used: [g, pk, sk]");
}

TEST_CASE("create, describe, list and delete tables", "[sim][table]") {
  auto db = OpenMemory();
  CreateTableRequest r = TableRequest("Orders");
  r.attribute_definitions.push_back({"g", ValueType::kN});
  r.global_secondary_indexes.push_back(Index("byG", "g", "", sim::ProjectionType::kKeysOnly));
  auto created = db->CreateTable(r);
  REQUIRE(created.ok());
  CHECK(created->table_status == "ACTIVE");
  CHECK(created->item_count == 0);
  REQUIRE(created->global_secondary_indexes.size() == 1);
  CHECK(created->global_secondary_indexes[0].index_name == "byG");

  auto again = db->CreateTable(r);
  REQUIRE_FALSE(again.ok());
  CHECK(again.error().name == "ResourceInUseException");
  CHECK(again.error().message == "Table already exists: Orders");

  Create(*db, TableRequest("Accounts"));
  CHECK(db->ListTables().table_names == std::vector<std::string>{"Accounts", "Orders"});

  Put(*db, "Orders", {{"pk", S("a")}, {"sk", S("1")}, {"g", N("5")}, {"x", S("hello")}});
  Put(*db, "Orders", {{"pk", S("a")}, {"sk", S("2")}});
  auto described = db->DescribeTable("Orders");
  REQUIRE(described.ok());
  CHECK(described->item_count == 2);
  // (2+1 + 2+1 + 1+2 + 1+5) + (2+1 + 2+1) = 15 + 6
  CHECK(described->table_size_bytes == 21);
  CHECK(described->global_secondary_indexes[0].item_count == 1);
  CHECK(described->global_secondary_indexes[0].index_size_bytes == 9);  // keys only

  auto deleted = db->DeleteTable("Orders");
  REQUIRE(deleted.ok());
  CHECK(deleted->table_status == "DELETING");
  CHECK(db->ListTables().table_names == std::vector<std::string>{"Accounts"});
  auto missing = db->DescribeTable("Orders");
  REQUIRE_FALSE(missing.ok());
  CHECK(missing.error().name == "ResourceNotFoundException");
  CHECK(missing.error().message == "Requested resource not found");
  // The name can be reused, and the new table starts empty.
  Create(*db, TableRequest("Orders"));
  CHECK(db->DescribeTable("Orders")->item_count == 0);
  CHECK_FALSE(Get(*db, "Orders", {{"pk", S("a")}, {"sk", S("2")}}).has_value());
}
