// Identifier casing: the one set of case conversions every phase uses (key labels in derive and
// load, facet names, the identifiers codegen writes). codegen/writer/namer.h builds C++
// identifiers on top of these; nothing else splits or recases names.
//
// Words: ASCII letters and digits; every other byte (punctuation, spaces, non-ASCII) separates
// words. A new word starts at an uppercase letter after a lowercase letter or a digit, and at
// the last uppercase letter of a run followed by a lowercase one, so "HTTPServer" is "HTTP",
// "Server" and "v2Item" is "v2", "Item". All functions are pure and deterministic and do not
// depend on the locale; an input with no words gives "".
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace model {

// "placedAt" -> {"placed", "At"}; "order_id" -> {"order", "id"}; "HTTPServer" -> {"HTTP",
// "Server"}.
std::vector<std::string> SplitWords(std::string_view name);

// "order_id" -> "OrderId", "HTTPServer" -> "HttpServer", "IN_PROGRESS" -> "InProgress".
std::string UpperCamel(std::string_view name);
// "OrderItem" -> "orderItem", "HTTPServer" -> "httpServer".
std::string LowerCamel(std::string_view name);
// "OrderItem" -> "order_item", "HTTPServer" -> "http_server".
std::string SnakeCase(std::string_view name);
// "placedAt" -> "PLACED_AT", "HTTPServer" -> "HTTP_SERVER": the key layout's labels
// (`ORDER_ITEM`, `EMPLOYEE_BY_HIRE_DATE`).
std::string UpperSnake(std::string_view name);
// "OrderItem" -> "order-item".
std::string KebabCase(std::string_view name);

}  // namespace model
