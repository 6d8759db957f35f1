#include "cli/verbs/validate.h"

#include <fmt/format.h>

#include "cli/app.h"
#include "cli/driver.h"

namespace model::cli {

int Validate(const ValidateOptions& options, std::ostream& out, std::ostream& err) {
  Compilation compilation(options.file, err);
  const Model* m = compilation.Load();
  if (!m) return compilation.exit_code();
  out << fmt::format("{}: ok: {} entities, {} relationships, {} access patterns, {} write patterns\n",
                     compilation.name(), m->entities.size(), m->relationships.size(), m->access_patterns.size(),
                     m->write_patterns.size());
  return kExitOk;
}

}  // namespace model::cli
