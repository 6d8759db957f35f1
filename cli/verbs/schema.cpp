#include "cli/verbs/schema.h"

#include "cli/app.h"
#include "cli/io.h"
#include "model/load/json_schema.h"

namespace model::cli {

int Schema(const std::string& output, std::ostream& out, std::ostream& err) {
  if (!EmitDocument(output, load::ModelJsonSchema(), out, err)) return kExitIo;
  return kExitOk;
}

}  // namespace model::cli
