#include "cli/verbs/validate.h"

#include <fmt/format.h>

#include "cli/app.h"
#include "cli/driver.h"

namespace model::cli {

int Validate(const ValidateOptions& options, std::ostream& out, std::ostream& err) {
  Compilation compilation(options.file, err);
  // A model is valid when `design` can derive its layout: the derivation's errors (a consistent
  // read only an index could serve, a pin the table cannot honour) are the model's errors too.
  const Model* m = compilation.Load();
  if (!m || !compilation.Derive()) return compilation.exit_code();
  // Relationships as declared: a polymorphic one is expanded into one per parent (model.h).
  std::size_t relationships = 0;
  for (const Relationship& r : m->relationships)
    relationships += !r.Polymorphic() || r.from == r.parents.front() ? 1 : 0;
  out << fmt::format(
      "{}: ok: {} entities, {} relationships, {} access patterns, {} write patterns\n",
      compilation.name(), m->entities.size(), relationships, m->access_patterns.size(),
      m->write_patterns.size());
  return kExitOk;
}

}  // namespace model::cli
