// DynamoDB's legacy ("non-expression") request parameters, which older applications and SDK
// helpers still send and DynamoDB still accepts: KeyConditions (Query), QueryFilter / ScanFilter
// with ConditionalOperator, AttributesToGet (GetItem, BatchGetItem, Query, Scan), Expected with
// ConditionalOperator (PutItem, UpdateItem, DeleteItem) and AttributeUpdates (UpdateItem).
// (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/LegacyConditionalParameters.html)
//
// They are validated here, with DynamoDB's messages (as DynamoDB Local 3.3.0 gives them), and
// rewritten in the request JSON into the equivalent expression parameters with generated
// placeholders (#legacyN, :legacyN; numbers that the request's own ExpressionAttributeNames /
// Values already use are skipped), so the engine evaluates both forms with one evaluator. The
// rule that one request cannot mix the two forms is checked here too, for every operation that
// has legacy parameters, as are "ExpressionAttributeNames / ExpressionAttributeValues can only be
// specified when using expressions".
//
// Where the legacy operators differ from their expression twins the translation says so:
// NOT_CONTAINS is false on a missing attribute (`attribute_exists(a) AND NOT contains(a, v)`),
// while NE is true there (as `<>` is); AttributeUpdates ADD of a list appends (as DynamoDB Local
// does).
#pragma once

#include <string_view>

#include "model/sim/api/error.h"
#include "model/sim/wire/json.h"

namespace sim::wire {

// What a request's translation changed, so that an engine error can be reported in terms of the
// parameter the client sent.
struct LegacyTranslation {
  bool attribute_updates = false;  // AttributeUpdates became UpdateExpression
  bool query_filter = false;       // QueryFilter became FilterExpression
};

// Validates and rewrites `request` (the JSON body of DynamoDB operation `op`, null members
// already dropped) in place. Operations without legacy parameters (and DynamoDB Streams ones)
// pass through unchanged. Throws WireError with a ValidationException for a malformed legacy
// parameter or a forbidden mix of the two forms.
LegacyTranslation TranslateLegacyParameters(std::string_view op, Json* request);

// `error` (from handling the translated request) reworded where DynamoDB words it differently
// for the legacy parameter: "QueryFilter can only contain non-primary key attributes: ..." and
// AttributeUpdates' "Type mismatch for attribute to update". Other errors pass unchanged.
Error LegacyError(const LegacyTranslation& translation, Error error);

}  // namespace sim::wire
