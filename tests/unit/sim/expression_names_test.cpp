// ExpressionAttributeNames values checked by the engine itself (the direct API the check uses),
// as DynamoDB checks them when it reads a request, before the table or the expressions.
#include <catch2/catch.hpp>

#include "table_fixture.h"

using namespace simtest;

TEST_CASE("an empty ExpressionAttributeNames value is refused on every write", "[sim][table]") {
  auto db = OpenMemory();
  Create(*db, TableRequest("games", sim::ValueType::kNull));
  Put(*db, "games", {{"pk", S("g-1")}, {"players", sim::AttributeValue::M({})}});
  const std::string expected =
      "ExpressionAttributeNames contains invalid value: Empty attribute name for key #k";

  // An embedded child's element named by an empty map key: SET #c.#k = :v.
  sim::UpdateItemRequest update;
  update.table_name = "games";
  update.key = {{"pk", S("g-1")}};
  update.update_expression = "SET #c.#k = :v";
  update.expression_attribute_names = {{"#c", "players"}, {"#k", ""}};
  update.expression_attribute_values = {{":v", S("x")}};
  auto updated = db->UpdateItem(update);
  REQUIRE_FALSE(updated.ok());
  CHECK(updated.error().name == "ValidationException");
  CHECK(updated.error().message == expected);

  sim::PutItemRequest put;
  put.table_name = "games";
  put.item = {{"pk", S("g-2")}};
  put.condition_expression = "attribute_not_exists(#k)";
  put.expression_attribute_names = {{"#k", ""}};
  auto written = db->PutItem(put);
  REQUIRE_FALSE(written.ok());
  CHECK(written.error().message == expected);
}
