#include "cli/verbs/schema.h"

#include "cli/app.h"
#include "model/load/json_schema.h"

namespace model::cli {

int Schema(std::ostream& out) {
  out << load::ModelJsonSchema();
  return kExitOk;
}

}  // namespace model::cli
