// One method per write pattern: a create takes the new entity, an update the entity before and
// after, a delete the entity before; a versioned entity's also take how many versions it had.
// The runtime applies the pattern's WritePlan: every item and index key the layout needs, in
// one TransactWriteItems when the plan says so, with the plan's conditions.
#include <string>

#include "codegen/cpp/internal.h"

namespace model::codegen {

void EmitWrites(const Gen& g, Printer& h, Printer& c) {
  h.Indent();  // inside the client class
  h.Emit("// Writes: one per write pattern, as the layout's write plan says.\n");
  for (std::size_t i = 0; i < g.model.write_patterns.size(); ++i) {
    const WritePattern& w = g.model.write_patterns[i];
    const WritePlan& plan = g.layout.writes[i];
    const Entity& en = g.model.entities[static_cast<std::size_t>(w.entity)];
    std::string versions = en.versioned ? ", std::int64_t versions" : "";
    std::string passed = en.versioned ? "versions" : "1";
    std::vector<Sub> subs{{"name", CppPascalName(w.name)},
                          {"pattern", w.name},
                          {"kind", WriteKindName(w.kind)},
                          {"entity", en.name},
                          {"ent", MemberTypeName(g, en)},
                          {"i", i},
                          {"writes", plan.writes.size()},
                          {"transaction", plan.transaction ? " in one transaction" : ""},
                          {"versions", versions},
                          {"passed", passed}};
    const char* args = "";
    const char* body = "";
    switch (w.kind) {
      case WriteKind::kCreate:
        args = "const $ent$& entity";
        body = R"tmpl(
          model::runtime::Item after = entity.ToItem();
          return table_.Write($i$, nullptr, &after, 1);
        )tmpl";
        break;
      case WriteKind::kUpdate:
        args = "const $ent$& before, const $ent$& after_entity$versions$";
        body = R"tmpl(
          model::runtime::Item before_item = before.ToItem();
          model::runtime::Item after = after_entity.ToItem();
          return table_.Write($i$, &before_item, &after, $passed$);
        )tmpl";
        break;
      case WriteKind::kDelete:
        args = "const $ent$& before$versions$";
        body = R"tmpl(
          model::runtime::Item before_item = before.ToItem();
          return table_.Write($i$, &before_item, nullptr, $passed$);
        )tmpl";
        break;
    }
    subs.emplace_back("args", [&] { c.Emit(subs, args); });
    subs.emplace_back("body", [&] { c.Emit(subs, body); });
    h.Emit({{"pattern", w.name},
            {"kind", WriteKindName(w.kind)},
            {"entity", en.name},
            {"writes", plan.writes.size()},
            {"transaction", plan.transaction ? " in one transaction" : ""},
            {"name", CppPascalName(w.name)},
            {"args", [&] { h.Emit(subs, args); }}},
           R"tmpl(
      // $pattern$: $kind$ $entity$, $writes$ item write(s)$transaction$
      model::runtime::Status $name$($args$);
    )tmpl");
    c.Emit(subs, R"tmpl(
      model::runtime::Status $client$::$name$($args$) {
        $body$
      }

    )tmpl");
  }
  h.Outdent();
}

}  // namespace model::codegen
