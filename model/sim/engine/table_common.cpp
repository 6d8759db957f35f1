// Shared request checks (see table_common.h).
#include "model/sim/engine/table_common.h"

#include <fmt/format.h>

#include "model/sim/api/table_schema.h"

namespace sim {

const Item& EmptyItem() {
  static const Item kEmpty;
  return kEmpty;
}

SimStatus CheckExpressionMaps(bool has_expression, const ExpressionAttributeNames& names,
                              const ExpressionAttributeValues& values) {
  // An empty name is refused before anything else, as DynamoDB does when it reads the request:
  // "ExpressionAttributeNames contains invalid value: Empty attribute name for key #a" (the
  // wire codec's message, model/sim/json/codec.cpp NamesFromJson, captured against DynamoDB).
  for (const auto& [key, name] : names) {
    if (name.empty()) {
      return Error::Validation(fmt::format(
          "ExpressionAttributeNames contains invalid value: Empty attribute name for key {}", key));
    }
  }
  if (has_expression) return Ok{};
  if (!names.empty()) {
    return Error::Validation(
        "ExpressionAttributeNames can only be specified when using expressions");
  }
  if (!values.empty()) {
    return Error::Validation(
        "ExpressionAttributeValues can only be specified when using expressions");
  }
  return Ok{};
}

SimResult<std::optional<Condition>> ParseOptionalCondition(const std::string& text,
                                                           ExpressionAttributes& attributes) {
  if (text.empty()) return std::optional<Condition>();
  SimResult<Condition> parsed = ParseCondition(text, ExpressionKind::kCondition, attributes);
  if (!parsed.ok()) return parsed.error();
  return std::optional<Condition>(std::move(*parsed));
}

SimResult<std::optional<sim::Projection>> ParseOptionalProjection(
    const std::string& text, ExpressionAttributes& attributes) {
  if (text.empty()) return std::optional<sim::Projection>();
  SimResult<sim::Projection> parsed = ParseProjection(text, attributes);
  if (!parsed.ok()) return parsed.error();
  return std::optional<sim::Projection>(std::move(*parsed));
}

Error ConditionFailed(ReturnValuesOnConditionCheckFailure mode, const std::optional<Item>& old) {
  Error error = Error::ConditionalCheckFailed();
  if (mode == ReturnValuesOnConditionCheckFailure::kAllOld && old) error.item = *old;
  return error;
}

std::optional<Error> TableNameError(const std::string& table_name) {
  if (auto message = CheckTableName(table_name)) return Error::Validation(*message);
  return std::nullopt;
}

}  // namespace sim
