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

TEST_CASE("a scope's names: plain, then '_', then the model text's hex, then a number",
          "[codegen][namer]") {
  using V = std::vector<std::string>;
  CHECK(HexBytes("Al%") == "416c25");
  CHECK(JoinUnderscore("board", "id") == "board_id");
  CHECK(JoinUnderscore("class_", "id") == "class_id");
  CHECK((NameForms{"", "Board", "Kind", "Board.kind", ""}.Forms()) ==
        V{"BoardKind", "Board_Kind", "Board_426f6172642e6b696e64Kind"});
  CHECK((NameForms{"Parse", "Api", "Key", "Api", ""}.Forms()) ==
        V{"ParseApiKey", "ParseApi_Key", "ParseApi_417069Key"});
  // A stem ending in '_' skips the form that would give "__".
  CHECK((NameForms{"", "class_", "", "class", ""}.Forms()) == V{"class_", "class_636c617373"});
  // `plain` replaces the first form only.
  CHECK((NameForms{"", "Board_", "Kind", "b.k", "BoardKind"}.Forms()) ==
        V{"BoardKind", "Board_622e6bKind"});

  auto single = [](int rank, const std::string& stem, const std::string& source) {
    NameRequest r{rank, {}};
    for (const std::string& f : NameForms{"", stem, "", source, ""}.Forms()) r.forms.push_back({f});
    return r;
  };
  auto firsts = [](const std::vector<std::vector<std::string>>& got) {
    V out;
    for (const auto& names : got) out.push_back(names.front());
    return out;
  };
  // No clash: plain names.
  CHECK(firsts(AssignNames({}, {single(1, "Board", "Board"), single(1, "Card", "Card")})) ==
        V{"Board", "Card"});
  // A reserved name and a name of an earlier rank push a name on; the earlier rank keeps it.
  CHECK(firsts(AssignNames({"ModelIr"}, {single(1, "ModelIr", "ModelIr")})) == V{"ModelIr_"});
  CHECK(firsts(AssignNames({}, {single(2, "Board", "b"), single(1, "Board", "B")})) ==
        V{"Board_", "Board"});
  // A clash within a rank moves every side, past the '_' form they would share too, so the
  // declaration order changes nothing.
  CHECK(firsts(AssignNames({}, {single(1, "Card", "Card"), single(1, "Card", "card")})) ==
        V{"Card_43617264", "Card_63617264"});
  CHECK(firsts(AssignNames({}, {single(1, "Card", "card"), single(1, "Card", "Card")})) ==
        V{"Card_63617264", "Card_43617264"});
  // Names needed together move together: a type and its parser.
  NameRequest a{1, {{"BoardKind", "ParseBoardKind"}, {"Board_Kind", "ParseBoard_Kind"}}};
  NameRequest b{1, {{"ApiKey", "ParseBoardKind"}, {"Api_Key", "ParseApi_Key"}}};
  CHECK(AssignNames({}, {a, b}) ==
        std::vector<V>{{"Board_Kind", "ParseBoard_Kind"}, {"Api_Key", "ParseApi_Key"}});
  // Past the last form: a number, in request order.
  CHECK(firsts(AssignNames({"X", "X_", "X_58"}, {single(1, "X", "X")})) == V{"X_58_2"});
  CHECK(firsts(AssignNames({}, {NameRequest{1, {{"Y"}}}, NameRequest{1, {{"Y"}}}})) ==
        V{"Y_2", "Y_3"});
}
