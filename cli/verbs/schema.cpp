#include "cli/verbs/schema.h"

#include "cli/app.h"
#include "cli/io.h"
#include "model/load/json_schema.h"

namespace model::cli {

int Schema(const std::string& output, std::ostream& out, std::ostream& err) {
  std::string error;
  if (!WriteDocument(output, load::ModelJsonSchema(), out, error)) {
    err << "model: error: " << error << "\n";
    return kExitIo;
  }
  return kExitOk;
}

}  // namespace model::cli
