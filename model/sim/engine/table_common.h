// Internal to model/sim: request checks shared by the item operations (single-item, batch and
// transaction): expression placeholder maps, optional condition parsing, the conditional-check
// failure error, and the shared empty Item.
#pragma once

#include <optional>
#include <string>

#include "model/sim/api/error.h"
#include "model/sim/api/item_ops.h"
#include "model/sim/api/value.h"
#include "model/sim/expr/expression.h"

namespace sim {

// The empty item a condition sees when no item exists.
const Item& EmptyItem();

// "ExpressionAttributeNames can only be specified when using expressions" (and Values) when
// placeholder maps come without any expression.
[[nodiscard]] SimStatus CheckExpressionMaps(bool has_expression,
                                            const ExpressionAttributeNames& names,
                                            const ExpressionAttributeValues& values);

// Parses a ConditionExpression when present.
[[nodiscard]] SimResult<std::optional<Condition>> ParseOptionalCondition(
    const std::string& text, ExpressionAttributes& attributes);

// Parses a ProjectionExpression when present.
[[nodiscard]] SimResult<std::optional<sim::Projection>> ParseOptionalProjection(
    const std::string& text, ExpressionAttributes& attributes);

// ConditionalCheckFailedException, carrying the old item when ALL_OLD was asked for.
Error ConditionFailed(ReturnValuesOnConditionCheckFailure mode, const std::optional<Item>& old);

// The ValidationException for a table name that breaks the naming constraints, if any.
std::optional<Error> TableNameError(const std::string& table_name);

}  // namespace sim
