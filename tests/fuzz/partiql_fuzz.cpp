// libFuzzer target for the PartiQL statement parser (docs/fuzzing.md).
//
// Each input is a statement text, parsed with as many parameters as it has `?` characters
// (taken in turn from expr_fixture.h's values), so that most statements get the count they
// need. A failure must be a ValidationException with a message.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

#include "model/sim/partiql/statement.h"
#include "tests/fuzz/expr_fixture.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  std::vector<sim::AttributeValue> values;
  for (const auto& entry : fuzz::Values()) values.push_back(entry.second);
  std::vector<sim::AttributeValue> parameters;
  const auto count = static_cast<std::size_t>(std::count(text.begin(), text.end(), '?'));
  for (std::size_t i = 0; i < count; ++i) parameters.push_back(values[i % values.size()]);
  auto statement = sim::partiql::ParseStatement(text, parameters);
  if (!statement.ok()) fuzz::CheckError("partiql_fuzz", statement.error());
  return 0;
}
