// The one namer for generated code: C++ identifiers that never collide with the language or
// the runtime, in the case each kind of name wants. The case conversions themselves
// (SplitWords, UpperCamel, SnakeCase, ...) are model/base/casing.h, shared with the derivation's
// labels and facet names; they are re-exported here so a generator needs one include.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "model/base/casing.h"

namespace model::codegen {

using model::KebabCase;
using model::LowerCamel;
using model::SnakeCase;
using model::SplitWords;
using model::UpperCamel;
using model::UpperSnake;

// A valid, non-reserved C++ identifier for `name`, kept as close to it as possible:
// - ASCII letters, digits and '_' are kept; other ASCII bytes become '_'; each non-ASCII code
//   point becomes "_uXXXX_" (hex of the code point, at least 4 digits) and each byte that is
//   not valid UTF-8 "_xHH_";
// - runs of '_' shrink to one and leading '_' are dropped (no "__", no "_X", no global "_x");
// - a leading digit gets an "n" prefix; an empty result is "unnamed";
// - a C++ keyword, alternative token, contextual keyword (override, final, import, module),
//   standard macro / reserved library name (errno, assert, NULL, EOF, stdin, linux, ...) or the
//   generated code's own namespace (`model`) gets a trailing '_' ("class" -> "class_").
// Distinct names may give the same identifier ("a-b", "a_b"); callers that need distinct
// identifiers must deduplicate.
std::string CppIdentifier(std::string_view name);

// Whether `word` is one of the names CppIdentifier suffixes with '_'.
bool IsCppReservedWord(std::string_view word);

// A field, variable or function name: CppIdentifier(SnakeCase(name)).
// "employeeId" -> "employee_id", "HR-order entry" -> "hr_order_entry", "class" -> "class_".
std::string CppSnakeName(std::string_view name);
// A type or method name: CppIdentifier(UpperCamel(name)).
// "employeeId" -> "EmployeeId", "hr-order-entry" -> "HrOrderEntry", "OPEN" -> "Open".
std::string CppPascalName(std::string_view name);
// An enumerator: "k" + UpperCamel(value) ("OPEN" -> "kOpen", "in-progress" -> "kInProgress");
// "kUnnamed" when the value has no words. Never contains '_'.
std::string CppEnumeratorName(std::string_view value);

// The enumerators of one enum's distinct `values`, in their order, all distinct: each value's
// CppEnumeratorName when no other value has the same one; otherwise, for every value of the
// clash, that name + '_' + the value's bytes in lower-case hex ("Al" -> "kAl_416c",
// "Al%" -> "kAl_416c25", "a-b" -> "kAB_612d62", "a_b" -> "kAB_615f62"). Distinct values have
// distinct hex, and a plain CppEnumeratorName has no '_', so no two results are equal; a value's
// enumerator depends only on the values of its clash, not on the order of the list.
std::vector<std::string> CppEnumeratorNames(const std::vector<std::string>& values);

}  // namespace model::codegen
