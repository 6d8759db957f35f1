// The namer: case conversions and safe C++ identifiers.
#include "codegen/writer/namer.h"

#include <catch2/catch.hpp>

#include "model/keys/key_template.h"

using namespace model::codegen;

TEST_CASE("SplitWords splits at case changes, digits and separators", "[codegen][namer]") {
  using V = std::vector<std::string>;
  CHECK(SplitWords("OrderItem") == V{"Order", "Item"});
  CHECK(SplitWords("placedAt") == V{"placed", "At"});
  CHECK(SplitWords("order_id") == V{"order", "id"});
  CHECK(SplitWords("HTTPServer") == V{"HTTP", "Server"});
  CHECK(SplitWords("v2Item") == V{"v2", "Item"});
  CHECK(SplitWords("  --a  b-- ") == V{"a", "b"});
  CHECK(SplitWords("café au lait") == V{"caf", "au", "lait"});
  CHECK(SplitWords("").empty());
  CHECK(SplitWords("_-!").empty());
}

TEST_CASE("case conversions", "[codegen][namer]") {
  CHECK(UpperCamel("order_id") == "OrderId");
  CHECK(UpperCamel("placedAt") == "PlacedAt");
  CHECK(UpperCamel("HTTPServer") == "HttpServer");
  CHECK(LowerCamel("OrderItem") == "orderItem");
  CHECK(LowerCamel("HTTPServer") == "httpServer");
  CHECK(LowerCamel("order_id") == "orderId");
  CHECK(SnakeCase("OrderItem") == "order_item");
  CHECK(SnakeCase("HTTPServer") == "http_server");
  CHECK(SnakeCase("placedAt") == "placed_at");
  CHECK(UpperSnake("placedAt") == "PLACED_AT");
  CHECK(UpperSnake("HTTPServer") == "HTTP_SERVER");
  CHECK(UpperSnake("order_id") == "ORDER_ID");
  CHECK(KebabCase("OrderItem") == "order-item");
  CHECK(KebabCase("HTTPServer") == "http-server");
  CHECK(LowerCamel("") == "");
  CHECK(UpperCamel("__") == "");
}

TEST_CASE("UpperSnake agrees with the key layout's labels", "[codegen][namer]") {
  for (const char* name :
       {"OrderItem", "placedAt", "order_id", "HTTPServer", "v2Item", "ABC123Def", "a b"}) {
    INFO(name);
    CHECK(UpperSnake(name) == model::keys::UpperSnake(name));
  }
}

TEST_CASE("CppIdentifier avoids keywords and reserved names", "[codegen][namer]") {
  CHECK(CppIdentifier("order_id") == "order_id");
  CHECK(CppIdentifier("OrderItem") == "OrderItem");
  CHECK(CppIdentifier("class") == "class_");
  CHECK(CppIdentifier("delete") == "delete_");
  CHECK(CppIdentifier("errno") == "errno_");
  CHECK(CppIdentifier("and") == "and_");
  CHECK(CppIdentifier("linux") == "linux_");
  CHECK(CppIdentifier("Class") == "Class");
  CHECK(CppIdentifier("_Reserved") == "Reserved");
  CHECK(CppIdentifier("a__b") == "a_b");
  CHECK(CppIdentifier("__x__") == "x_");
  CHECK(CppIdentifier("2fa") == "n2fa");
  CHECK(CppIdentifier("_2fa") == "n2fa");
  CHECK(CppIdentifier("order-id.v2") == "order_id_v2");
  CHECK(CppIdentifier("café") == "caf_u00E9_");
  CHECK(CppIdentifier("名前") == "u540D_u524D_");
  CHECK(CppIdentifier("\xff"
                      "a") == "xFF_a");
  CHECK(CppIdentifier("") == "unnamed");
  CHECK(CppIdentifier("$%") == "unnamed");
  CHECK(CppIdentifier("_class") == "class_");
  CHECK(IsCppReservedWord("co_await"));
  CHECK_FALSE(IsCppReservedWord("order"));
}
