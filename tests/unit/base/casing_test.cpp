// Identifier casing (model/base/casing.h): word splits and every case conversion, with the
// key layout's labels (UpperSnake) and facet names (UpperCamel, LowerCamel) among them.
#include "model/base/casing.h"

#include <catch2/catch.hpp>

using namespace model;

TEST_CASE("SplitWords splits at case changes, digits and separators", "[base][casing]") {
  using V = std::vector<std::string>;
  CHECK(SplitWords("OrderItem") == V{"Order", "Item"});
  CHECK(SplitWords("placedAt") == V{"placed", "At"});
  CHECK(SplitWords("order_id") == V{"order", "id"});
  CHECK(SplitWords("HTTPServer") == V{"HTTP", "Server"});
  CHECK(SplitWords("v2Item") == V{"v2", "Item"});
  CHECK(SplitWords("ABC123Def") == V{"ABC123", "Def"});
  CHECK(SplitWords("  --a  b-- ") == V{"a", "b"});
  CHECK(SplitWords("café au lait") == V{"caf", "au", "lait"});
  CHECK(SplitWords("").empty());
  CHECK(SplitWords("_-!").empty());
}

TEST_CASE("case conversions", "[base][casing]") {
  CHECK(UpperCamel("order_id") == "OrderId");
  CHECK(UpperCamel("placedAt") == "PlacedAt");
  CHECK(UpperCamel("hire_date") == "HireDate");
  CHECK(UpperCamel("IN_PROGRESS") == "InProgress");
  CHECK(UpperCamel("_OPEN") == "Open");
  CHECK(UpperCamel("HTTPServer") == "HttpServer");
  CHECK(LowerCamel("OrderItem") == "orderItem");
  CHECK(LowerCamel("HTTPServer") == "httpServer");
  CHECK(LowerCamel("order_id") == "orderId");
  CHECK(LowerCamel("_ESCALATED") == "escalated");
  CHECK(SnakeCase("OrderItem") == "order_item");
  CHECK(SnakeCase("HTTPServer") == "http_server");
  CHECK(SnakeCase("placedAt") == "placed_at");
  CHECK(KebabCase("OrderItem") == "order-item");
  CHECK(KebabCase("HTTPServer") == "http-server");
  CHECK(LowerCamel("") == "");
  CHECK(UpperCamel("__") == "");
}

TEST_CASE("UpperSnake gives the key layout's labels", "[base][casing]") {
  CHECK(UpperSnake("OrderItem") == "ORDER_ITEM");
  CHECK(UpperSnake("placedAt") == "PLACED_AT");
  CHECK(UpperSnake("HTTPServer") == "HTTP_SERVER");
  CHECK(UpperSnake("v2Name") == "V2_NAME");
  CHECK(UpperSnake("order-item") == "ORDER_ITEM");
  CHECK(UpperSnake("order_id") == "ORDER_ID");
  CHECK(UpperSnake("ORDER") == "ORDER");
  CHECK(UpperSnake("in progress!") == "IN_PROGRESS");
  CHECK(UpperSnake("") == "");
}
