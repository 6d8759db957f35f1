// SimBackend: the embedded simulated DynamoDB table (sim::Database) as a runtime Backend.
//
// In memory (an empty path) or in a SQLite file that persists between runs. Generated code
// takes any Backend&; this is the one to use in tests and local development. Links
// ModelRuntime::sim (the engine and SQLite); ModelRuntime::core does not.
#pragma once

#include <memory>
#include <string>

#include "codegen/runtime/runtime.h"

namespace model::runtime {

// Opens the simulated table store at `path` ("" = in memory).
Result<std::unique_ptr<Backend>> OpenSimBackend(const std::string& path = "");

}  // namespace model::runtime
