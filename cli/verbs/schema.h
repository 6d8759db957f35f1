// `model schema`: print the JSON Schema of the model format (load/json_schema.h).
#pragma once

#include <ostream>
#include <string>

namespace model::cli {

// Prints the schema, or writes it to `output` when given (not "-"). Exit 0, or 3 when the file
// cannot be written.
int Schema(const std::string& output, std::ostream& out, std::ostream& err);

}  // namespace model::cli
