// libFuzzer target for ProjectionExpression (docs/fuzzing.md).
//
// Each input is an expression text, parsed against the fixed names of expr_fixture.h; when it
// parses it is applied to each sample item, whose projection must keep only attributes the
// expression names at its top level. A failure must be a ValidationException with a message.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "model/sim/expr/expression.h"
#include "tests/fuzz/expr_fixture.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  sim::ExpressionAttributes attributes(&fuzz::Names(), &fuzz::Values());
  auto projection = sim::ParseProjection(text, attributes);
  if (!projection.ok()) {
    fuzz::CheckError("projection_fuzz", projection.error());
    return 0;
  }
  const auto& names = projection.value().top_level_names();
  for (const sim::Item& item : fuzz::Items()) {
    sim::Item projected = projection.value().Apply(item);
    for (const auto& member : projected) {
      if (!std::binary_search(names.begin(), names.end(), member.first)) {
        fuzz::Broken("projection_fuzz", "projected an attribute it does not name: " + member.first);
      }
    }
  }
  auto unused = attributes.CheckAllUsed();
  if (!unused.ok()) fuzz::CheckError("projection_fuzz", unused.error());
  return 0;
}
