// The PartiQL operations of the JSON 1.0 protocol (internal to the wire adapter):
// ExecuteStatement, BatchExecuteStatement and ExecuteTransaction, over sim_partiql.
// https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_ExecuteStatement.html
#pragma once

#include <string>

#include "model/sim/wire/json.h"

namespace sim::wire {

// Each throws WireError for a malformed request or a failed statement.
std::string ExecuteStatementOp(const Engine& db, const Json& request);
std::string BatchExecuteStatementOp(const Engine& db, const Json& request);
std::string ExecuteTransactionOp(const Engine& db, const Json& request);

}  // namespace sim::wire
