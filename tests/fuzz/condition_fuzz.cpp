// libFuzzer target for ConditionExpression and FilterExpression (docs/fuzzing.md).
//
// Each input is an expression text. It is parsed (as a ConditionExpression, or as a
// FilterExpression when its length is odd) against the fixed placeholders of expr_fixture.h;
// when it parses it is evaluated on the sample items and the unused-placeholder check runs. A
// failure must be a ValidationException with a message; evaluation never fails.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "model/sim/expr/expression.h"
#include "tests/fuzz/expr_fixture.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  sim::ExpressionAttributes attributes(&fuzz::Names(), &fuzz::Values());
  auto kind = size % 2 == 0 ? sim::ExpressionKind::kCondition : sim::ExpressionKind::kFilter;
  auto condition = sim::ParseCondition(text, kind, attributes);
  if (!condition.ok()) {
    fuzz::CheckError("condition_fuzz", condition.error());
    return 0;
  }
  for (const sim::Item& item : fuzz::Items()) (void)condition.value().Evaluate(item);
  auto unused = attributes.CheckAllUsed();
  if (!unused.ok()) fuzz::CheckError("condition_fuzz", unused.error());
  return 0;
}
