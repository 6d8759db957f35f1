// libFuzzer target for KeyConditionExpression (docs/fuzzing.md).
//
// Each input is an expression text, parsed against the fixed placeholders of expr_fixture.h;
// when it parses it is resolved against three key schemas (pk S with sk N, pk S alone, pk N with
// sk B) and each resolved sort-key condition is matched against sort key values of its type. A
// failure must be a ValidationException with a message.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "model/sim/expr/expression.h"
#include "tests/fuzz/expr_fixture.h"

namespace {

void Resolve(const sim::KeyConditionExpression& expression, const sim::KeyAttributeSpec& pk,
             const sim::KeyAttributeSpec* sk, const sim::AttributeValue& sample) {
  auto resolved = expression.Resolve(pk, sk);
  if (!resolved.ok()) {
    fuzz::CheckError("key_condition_fuzz", resolved.error());
    return;
  }
  if (resolved.value().partition_value.type() != pk.type) {
    fuzz::Broken("key_condition_fuzz", "a resolved partition value of another type");
  }
  if (resolved.value().sort) {
    if (sk == nullptr) fuzz::Broken("key_condition_fuzz", "a sort condition without a sort key");
    (void)resolved.value().sort->Matches(sample);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  sim::ExpressionAttributes attributes(&fuzz::Names(), &fuzz::Values());
  auto parsed = sim::ParseKeyConditionExpression(text, attributes);
  if (!parsed.ok()) {
    fuzz::CheckError("key_condition_fuzz", parsed.error());
    return 0;
  }
  const sim::KeyAttributeSpec pk_s{"pk", sim::ValueType::kS};
  const sim::KeyAttributeSpec pk_a{"a", sim::ValueType::kS};
  const sim::KeyAttributeSpec pk_n{"pk", sim::ValueType::kN};
  const sim::KeyAttributeSpec sk_n{"sk", sim::ValueType::kN};
  const sim::KeyAttributeSpec sk_b{"b", sim::ValueType::kB};
  Resolve(parsed.value(), pk_s, &sk_n, sim::AttributeValue::N("3"));
  Resolve(parsed.value(), pk_a, nullptr, sim::AttributeValue::N("3"));
  Resolve(parsed.value(), pk_n, &sk_b, sim::AttributeValue::B("b"));
  auto unused = attributes.CheckAllUsed();
  if (!unused.ok()) fuzz::CheckError("key_condition_fuzz", unused.error());
  return 0;
}
