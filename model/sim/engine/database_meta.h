// Internal to model/sim: how a table's definition is persisted in the database file
// (the sim_tables catalogue row holds the CreateTable request as JSON).
#pragma once

#include <string>
#include <string_view>

#include "model/sim/api/error.h"
#include "model/sim/api/table_schema.h"

namespace sim {

std::string SerializeDefinition(const CreateTableRequest& request);
[[nodiscard]] SimResult<CreateTableRequest> ParseDefinition(std::string_view json);

}  // namespace sim
