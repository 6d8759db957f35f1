// One method per write pattern: a create takes the new entity, an update the entity before and
// after, a delete the entity before; a versioned entity's also take how many versions it had.
// The runtime applies the pattern's WritePlan: every item and index key the layout needs, in
// one TransactWriteItems when the plan says so, with the plan's conditions.
#include <string>

#include "codegen/cpp/internal.h"

namespace model::codegen {

void EmitWrites(const Gen& g, std::string& h, std::string& c) {
  h += "  // Writes: one per write pattern, as the layout's write plan says.\n";
  for (std::size_t i = 0; i < g.model.write_patterns.size(); ++i) {
    const WritePattern& w = g.model.write_patterns[i];
    const WritePlan& plan = g.layout.writes[i];
    const Entity& en = g.model.entities[static_cast<std::size_t>(w.entity)];
    std::string ent = EntityName(en);
    std::string name = PascalName(w.name);
    std::string args, call;
    std::string versions = en.versioned ? ", std::int64_t versions" : "";
    std::string passed = en.versioned ? "versions" : "1";
    switch (w.kind) {
      case WriteKind::kCreate:
        args = "const " + ent + "& entity";
        call = "table_.Write(" + std::to_string(i) + ", nullptr, &after, 1)";
        break;
      case WriteKind::kUpdate:
        args = "const " + ent + "& before, const " + ent + "& after_entity" + versions;
        call = "table_.Write(" + std::to_string(i) + ", &before_item, &after, " + passed + ")";
        break;
      case WriteKind::kDelete:
        args = "const " + ent + "& before" + versions;
        call = "table_.Write(" + std::to_string(i) + ", &before_item, nullptr, " + passed + ")";
        break;
    }
    h += "  // " + w.name + ": " + WriteKindName(w.kind) + " " + en.name + ", " +
         std::to_string(plan.writes.size()) + " item write(s)" +
         (plan.transaction ? " in one transaction" : "") + "\n";
    h += "  model::runtime::Status " + name + "(" + args + ");\n";
    c += "model::runtime::Status " + g.client + "::" + name + "(" + args + ") {\n";
    if (w.kind == WriteKind::kCreate) c += "  model::runtime::Item after = entity.ToItem();\n";
    if (w.kind != WriteKind::kCreate)
      c += "  model::runtime::Item before_item = before.ToItem();\n";
    if (w.kind == WriteKind::kUpdate)
      c += "  model::runtime::Item after = after_entity.ToItem();\n";
    c += "  return " + call + ";\n}\n\n";
  }
}

}  // namespace model::codegen
