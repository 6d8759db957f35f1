// libFuzzer target for UpdateExpression (docs/fuzzing.md).
//
// Each input is an expression text, parsed against the fixed placeholders of expr_fixture.h;
// when it parses, the key check runs and the update is applied to each sample item, then
// applied again to its own result. A failure must be a ValidationException with a message; a
// successful update's result must not nest deeper than DynamoDB allows more than its input did.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "model/sim/expr/expression.h"
#include "tests/fuzz/expr_fixture.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  sim::ExpressionAttributes attributes(&fuzz::Names(), &fuzz::Values());
  auto update = sim::ParseUpdate(text, attributes);
  if (!update.ok()) {
    fuzz::CheckError("update_fuzz", update.error());
    return 0;
  }
  auto keys = update.value().CheckKeyNotUpdated({"pk", "sk"});
  if (!keys.ok()) fuzz::CheckError("update_fuzz", keys.error());
  for (const sim::Item& item : fuzz::Items()) {
    auto once = update.value().Apply(item);
    if (!once.ok()) {
      fuzz::CheckError("update_fuzz", once.error());
      continue;
    }
    auto twice = update.value().Apply(once.value().item);
    if (!twice.ok()) fuzz::CheckError("update_fuzz", twice.error());
  }
  auto unused = attributes.CheckAllUsed();
  if (!unused.ok()) fuzz::CheckError("update_fuzz", unused.error());
  return 0;
}
