#include "codegen/runtime/sim/sim_backend.h"

#include "model/sim/engine/database.h"

namespace model::runtime {

Result<std::unique_ptr<Backend>> OpenSimBackend(const std::string& path) {
  sim::DatabaseOptions options;
  options.path = path;
  options.partition_usage = false;
  auto db = sim::Database::Open(options);
  if (!db.ok()) return Error{db.error().name, db.error().message};
  return std::unique_ptr<Backend>(std::move(db.value()));
}

}  // namespace model::runtime
