// The plain-text table of the design chart.
#include "codegen/writer/text_table.h"

#include <catch2/catch.hpp>

using model::codegen::DisplayWidth;
using model::codegen::Join;
using model::codegen::RenderTextTable;

TEST_CASE("RenderTextTable pads columns and trims trailing spaces", "[codegen][table]") {
  CHECK(RenderTextTable({"Name", "PK", "SK"},
                        {{"Order", "ORDER#{id}", ""}, {"Customer", "C", "x"}}) ==
        "Name     | PK         | SK\n"
        "---------+------------+---\n"
        "Order    | ORDER#{id} |\n"
        "Customer | C          | x\n");
}

TEST_CASE("RenderTextTable counts UTF-8 characters and pads short rows", "[codegen][table]") {
  CHECK(RenderTextTable({"a", "b"}, {{"é"}, {"xy", "z"}}) ==
        "a  | b\n"
        "---+--\n"
        "é  |\n"
        "xy | z\n");
  CHECK(RenderTextTable({"h"}, {}) == "h\n-\n");
  CHECK(DisplayWidth("é€𝄞a") == 4);
  CHECK(DisplayWidth("") == 0);
}

TEST_CASE("Join separates items", "[codegen][table]") {
  CHECK(Join({}, ", ") == "");
  CHECK(Join({"a"}, ", ") == "a");
  CHECK(Join({"a", "", "b"}, " AND ") == "a AND  AND b");
}
