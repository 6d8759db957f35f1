// `model schema`: print the JSON Schema of the model format (load/json_schema.h).
#pragma once

#include <ostream>

namespace model::cli {

// Always exits 0.
int Schema(std::ostream& out);

}  // namespace model::cli
