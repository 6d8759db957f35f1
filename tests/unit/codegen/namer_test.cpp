// The namer: safe C++ identifiers (the case conversions are tests/unit/base/casing_test.cpp).
#include "codegen/writer/namer.h"

#include <catch2/catch.hpp>

using namespace model::codegen;

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
  CHECK(CppIdentifier("model") == "model_");
  CHECK(IsCppReservedWord("co_await"));
  CHECK_FALSE(IsCppReservedWord("order"));
}

TEST_CASE("C++ names in the case each kind wants", "[codegen][namer]") {
  CHECK(CppSnakeName("employeeId") == "employee_id");
  CHECK(CppSnakeName("HR-order entry") == "hr_order_entry");
  CHECK(CppSnakeName("class") == "class_");
  CHECK(CppSnakeName("Delete") == "delete_");
  CHECK(CppSnakeName("model") == "model_");
  CHECK(CppSnakeName("2fa code") == "n2fa_code");
  CHECK(CppSnakeName("--") == "unnamed");
  CHECK(CppPascalName("employeeId") == "EmployeeId");
  CHECK(CppPascalName("hr-order-entry") == "HrOrderEntry");
  CHECK(CppPascalName("OPEN") == "Open");
  CHECK(CppPascalName("2fa") == "n2fa");
  CHECK(CppEnumeratorName("OPEN") == "kOpen");
  CHECK(CppEnumeratorName("in-progress") == "kInProgress");
  CHECK(CppEnumeratorName("2fa") == "k2fa");
  CHECK(CppEnumeratorName("?") == "kUnnamed");
}

TEST_CASE("enumerators of one enum are distinct; clashing ones carry their value's bytes",
          "[codegen][namer]") {
  using V = std::vector<std::string>;
  // No clash: the plain names, as before.
  CHECK(CppEnumeratorNames(V{"OPEN", "in-progress", "?"}) == V{"kOpen", "kInProgress", "kUnnamed"});
  CHECK(CppEnumeratorNames(V{"Al", "Al%", "Fe"}) == V{"kAl_416c", "kAl_416c25", "kFe"});
  CHECK(CppEnumeratorNames(V{"a-b", "a_b"}) == V{"kAB_612d62", "kAB_615f62"});
  CHECK(CppEnumeratorNames(V{"\xC3\x89", "\xF4\x8F\xBF\xBF", "x"}) ==
        V{"kUnnamed_c389", "kUnnamed_f48fbfbf", "kX"});
  // The order of the values does not change a value's enumerator.
  CHECK(CppEnumeratorNames(V{"a_b", "x", "a-b"}) == V{"kAB_615f62", "kX", "kAB_612d62"});
  // A suffixed name never equals a plain one: plain names have no '_'.
  CHECK(CppEnumeratorNames(V{"Al", "al", "Al_416c"}) == V{"kAl_416c", "kAl_616c", "kAl416c"});
}
