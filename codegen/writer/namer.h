// The one namer: identifiers in the case a generated language wants, and C++ identifiers that
// never collide with the language.
//
// Words: ASCII letters and digits; every other byte (punctuation, spaces, non-ASCII) separates
// words. A new word starts at an uppercase letter after a lowercase letter or a digit, and at
// the last uppercase letter of a run followed by a lowercase one, so "HTTPServer" is "HTTP",
// "Server" and "v2Item" is "v2", "Item" (the same split as model/keys' UpperSnake). All
// functions are pure and deterministic; an input with no words gives "".
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace model::codegen {

// "placedAt" -> {"placed", "At"}; "order_id" -> {"order", "id"}; "HTTPServer" -> {"HTTP",
// "Server"}.
std::vector<std::string> SplitWords(std::string_view name);

// "order_id" -> "OrderId", "HTTPServer" -> "HttpServer".
std::string UpperCamel(std::string_view name);
// "OrderItem" -> "orderItem", "HTTPServer" -> "httpServer".
std::string LowerCamel(std::string_view name);
// "OrderItem" -> "order_item", "HTTPServer" -> "http_server".
std::string SnakeCase(std::string_view name);
// "placedAt" -> "PLACED_AT", "HTTPServer" -> "HTTP_SERVER".
std::string UpperSnake(std::string_view name);
// "OrderItem" -> "order-item".
std::string KebabCase(std::string_view name);

// A valid, non-reserved C++ identifier for `name`, kept as close to it as possible:
// - ASCII letters, digits and '_' are kept; other ASCII bytes become '_'; each non-ASCII code
//   point becomes "_uXXXX_" (hex of the code point, at least 4 digits) and each byte that is
//   not valid UTF-8 "_xHH_";
// - runs of '_' shrink to one and leading '_' are dropped (no "__", no "_X", no global "_x");
// - a leading digit gets an "n" prefix; an empty result is "unnamed";
// - a C++ keyword, alternative token, contextual keyword (override, final, import, module) or
//   standard macro / reserved library name (errno, assert, NULL, EOF, stdin, linux, ...) gets a
//   trailing '_' ("class" -> "class_").
// Distinct names may give the same identifier ("a-b", "a_b"); callers that need distinct
// identifiers must deduplicate.
std::string CppIdentifier(std::string_view name);

// Whether `word` is one of the names CppIdentifier suffixes with '_'.
bool IsCppReservedWord(std::string_view word);

}  // namespace model::codegen
