// One method per write pattern: a create takes the new entity, an update the entity before and
// after, a delete the entity before; a versioned entity's also take how many versions it had.
// The runtime applies the pattern's WritePlan: every item and index key the layout needs, in
// one TransactWriteItems when the plan says so, with the plan's conditions.
#include <fmt/format.h>

#include <string>

#include "codegen/cpp/internal.h"

namespace model::codegen {

namespace {

// The parameter clauses of a write pattern's condition (`authorId: "= :caller"`).
std::vector<const WriteCondition*> ParameterClauses(const WritePattern& w) {
  std::vector<const WriteCondition*> out;
  for (const WriteCondition& cond : w.conditions) {
    if (!cond.parameter.empty()) out.push_back(&cond);
  }
  return out;
}

std::string ConditionText(const WritePattern& w) {
  std::string out;
  for (const WriteCondition& cond : w.conditions) out += (out.empty() ? "" : " AND ") + cond.Text();
  return out;
}

// The groups of aggregates the write keeps in its own transaction (WritePlan::aggregates), as
// the design's Items column names them: ", the groups of aggregate 'x'", "" for none.
std::string AggregateGroupsText(const Model& model, const KeyLayout& layout,
                                const WritePlan& plan) {
  std::vector<std::string> names;
  for (int id : plan.aggregates) {
    const AggregateLayout& al = layout.aggregates[static_cast<std::size_t>(id)];
    names.push_back("'" + model.aggregates[static_cast<std::size_t>(al.aggregate_id)].name + "'");
  }
  if (names.empty()) return "";
  std::string list;
  for (std::size_t i = 0; i < names.size(); ++i)
    list += (i == 0 ? "" : i + 1 == names.size() ? " and " : ", ") + names[i];
  return fmt::format(" and the group items of aggregate{} {}", names.size() == 1 ? "" : "s", list);
}

}  // namespace

void EmitWriteTypes(const Gen& g, Printer& h) {
  for (const WritePattern& w : g.model.write_patterns) {
    std::vector<const WriteCondition*> params = ParameterClauses(w);
    if (params.empty()) continue;
    const Entity& en = g.model.entities[static_cast<std::size_t>(w.entity)];
    auto fields = [&] {
      for (const WriteCondition* cond : params) {
        AttrId a = en.FindAttribute(cond->attribute);
        if (a < 0) continue;
        h.Emit({{"type", CppType(g, en, en.attributes[static_cast<std::size_t>(a)])},
                {"field", CppSnakeName(cond->parameter)},
                {"clause", cond->Text()}},
               "$type$ $field${};  // $clause$\n");
      }
    };
    h.Emit({{"pattern", w.name}, {"name", CppPascalName(w.name)}, {"fields", fields}}, R"tmpl(
      // $pattern$: the parameters of its condition, checked on the item as stored.
      struct $name$Condition {
        $fields$
      };

    )tmpl");
  }
}

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
                          {"groups", AggregateGroupsText(g.model, g.layout, plan)},
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
          $fill$return table_.Write($i$, nullptr, &after, 1$condition_args$);
        )tmpl";
        break;
      case WriteKind::kUpdate:
        args = "const $ent$& before, const $ent$& after_entity$versions$";
        body = R"tmpl(
          model::runtime::Item before_item = before.ToItem();
          model::runtime::Item after = after_entity.ToItem();
          $fill$return table_.Write($i$, &before_item, &after, $passed$$condition_args$);
        )tmpl";
        break;
      case WriteKind::kDelete:
        args = "const $ent$& before$versions$";
        body = R"tmpl(
          model::runtime::Item before_item = before.ToItem();
          $fill$return table_.Write($i$, &before_item, nullptr, $passed$$condition_args$);
        )tmpl";
        break;
    }
    // A condition with parameters: its struct, as the last argument, passed by name.
    std::vector<const WriteCondition*> params = ParameterClauses(w);
    std::string condition_arg =
        params.empty() ? "" : ", const " + CppPascalName(w.name) + "Condition& condition";
    subs.emplace_back("condition_arg", condition_arg);
    subs.emplace_back("condition_args", params.empty() ? "" : ", condition_args");
    subs.emplace_back("fill", [&] {
      if (params.empty()) return;
      c.Emit("model::exec::Arguments condition_args;\n");
      for (const WriteCondition* cond : params) {
        c.Emit(
            {{"arg", CppStringLiteral(cond->parameter)}, {"field", CppSnakeName(cond->parameter)}},
            "condition_args[$arg$] = ToValue(condition.$field$);\n");
      }
    });
    subs.emplace_back("args", [&] {
      c.Emit(subs, args);
      c.Emit(subs, "$condition_arg$");
    });
    subs.emplace_back("body", [&] { c.Emit(subs, body); });
    h.Emit(
        {{"pattern", w.name},
         {"kind", WriteKindName(w.kind)},
         {"entity", en.name},
         {"writes", plan.writes.size()},
         {"groups", AggregateGroupsText(g.model, g.layout, plan)},
         {"transaction", plan.transaction ? " in one transaction" : ""},
         {"name", CppPascalName(w.name)},
         {"condition", w.conditions.empty() ? std::string()
                                            : "\n// Only if " + ConditionText(w) +
                                                  " on the stored item, else the Status's code is "
                                                  "\"ConditionFailed\" and nothing is written."},
         {"args",
          [&] {
            h.Emit(subs, args);
            h.Emit(subs, "$condition_arg$");
          }}},
        R"tmpl(
      // $pattern$: $kind$ $entity$, $writes$ item write(s)$groups$$transaction$$condition$
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
