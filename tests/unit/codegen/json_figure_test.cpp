// codegen/writer/json.h RoundedFigure: how every JSON output writes a figure computed in floating
// point, so `model design --compare --format json` and the layout JSON print the same text on
// every machine.
#include <catch2/catch.hpp>

#include "codegen/writer/json.h"

using model::codegen::DumpJson;
using model::codegen::Json;
using model::codegen::RoundedFigure;

TEST_CASE("JSON figures: rounded to 4 decimals, no floating-point noise, no negative zero",
          "[codegen][json]") {
  CHECK(DumpJson(Json(RoundedFigure(77.92199999999866))) == "77.922\n");
  CHECK(DumpJson(Json(RoundedFigure(97.20000000000073))) == "97.2\n");
  CHECK(DumpJson(Json(RoundedFigure(0.1 + 0.2))) == "0.3\n");
  CHECK(DumpJson(Json(RoundedFigure(1942.3799999999999))) == "1942.38\n");
  CHECK(DumpJson(Json(RoundedFigure(0.33333333))) == "0.3333\n");
  CHECK(DumpJson(Json(RoundedFigure(-0.00001))) == "0.0\n");
  CHECK(DumpJson(Json(RoundedFigure(-12.5))) == "-12.5\n");
  CHECK(DumpJson(Json(RoundedFigure(48.0))) == "48.0\n");
}
