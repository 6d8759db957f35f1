// One namer for generated C++ identifiers: case conversion, C++ keywords and reserved names.
//
// Every identifier the generator writes goes through here, so an attribute named `class`,
// `delete` or `errno` becomes a usable field (`class_`, `delete_`, `errno_`) and two spellings
// of one name agree across files. Also C++ string literals.
#pragma once

#include <string>
#include <string_view>

namespace model::codegen {

// "employeeId" -> "employee_id", "HR-order entry" -> "hr_order_entry"; keywords get a '_'.
std::string SnakeName(std::string_view name);
// "employeeId" -> "EmployeeId", "hr-order-entry" -> "HrOrderEntry", "OPEN" -> "Open".
std::string PascalName(std::string_view name);
// An enum value: "kOpen".
std::string EnumeratorName(std::string_view value);
// A C++ string literal with quotes.
std::string Quote(std::string_view text);

}  // namespace model::codegen
