// One method per write pattern: a create takes the new entity, an update the entity before and
// after, a delete the entity before; a versioned entity's also take how many versions it had.
// The runtime applies the pattern's WritePlan: every item and index key the layout needs, in
// one TransactWriteItems when the plan says so, with the plan's conditions.
#include <fmt/format.h>

#include <algorithm>
#include <string>
#include <utility>
#include <vector>

#include "codegen/cpp/internal.h"
#include "model/condition_text.h"

namespace model::codegen {

namespace {

// The parameter clauses of a write pattern's condition (`authorId: "= :caller"`) and of its
// `also` entries' conditions, with the entity each is on.
std::vector<std::pair<const WriteCondition*, EntityId>> ParameterClauses(const WritePattern& w) {
  std::vector<std::pair<const WriteCondition*, EntityId>> out;
  for (const WriteCondition& cond : w.conditions) {
    if (!cond.parameter.empty()) out.emplace_back(&cond, w.entity);
  }
  for (const AlsoWrite& a : w.also) {
    for (const WriteCondition& cond : a.conditions) {
      if (!cond.parameter.empty()) out.emplace_back(&cond, a.entity);
    }
  }
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

// A create drawing a counter, in its method's comment: what it draws from where, first.
std::string CounterText(const Gen& g, const WritePattern& w, const CounterDraw& draw) {
  const Entity& en = g.model.entities[static_cast<std::size_t>(w.entity)];
  const Entity& parent = g.model.entities[static_cast<std::size_t>(draw.parent)];
  return fmt::format(
      "\n// Takes the {0} without {1}: an UpdateItem adds 1 to the {2}'s {3} first,\n// then the "
      "{0} is written with that count as its {1}, which is returned (a failed\n// write leaves a "
      "gap in the numbers).",
      en.name, draw.attribute, parent.name, draw.source);
}

bool Conditional(const WritePattern& w) {
  return !w.conditions.empty() || std::any_of(w.also.begin(), w.also.end(), [](const AlsoWrite& a) {
    return !a.conditions.empty();
  });
}

}  // namespace

void EmitWriteTypes(const Gen& g, Printer& h) {
  for (std::size_t i = 0; i < g.model.write_patterns.size(); ++i) {
    const WritePattern& w = g.model.write_patterns[i];
    if (g.names.condition[i].empty()) continue;
    // One field per parameter (a pattern names each once, E427), typed as its attribute.
    auto fields = [&] {
      for (const auto& [cond, entity] : ParameterClauses(w)) {
        const Entity& en = g.model.entities[static_cast<std::size_t>(entity)];
        AttrId a = en.FindAttribute(cond->attribute);
        if (a < 0) continue;
        h.Emit({{"type", CppType(g, en, en.attributes[static_cast<std::size_t>(a)])},
                {"field", g.names.condition_field[i].at(cond->parameter)},
                {"clause", ConditionSourceText(*cond)}},
               "$type$ $field${};  // $clause$\n");
      }
    };
    h.Emit({{"pattern", w.name}, {"name", g.names.condition[i]}, {"fields", fields}}, R"tmpl(
      // $pattern$: the parameters of its condition, checked on the item as stored.
      struct $name$ {
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
    // A create drawing a counter takes the entity without the drawn attribute and returns it.
    const bool counted = w.kind == WriteKind::kCreate && plan.counter.has_value() &&
                         !g.names.draft[static_cast<std::size_t>(w.entity)].empty();
    std::vector<Sub> subs{
        {"name", g.names.write_method[i]},
        {"pattern", w.name},
        {"kind", WriteKindName(w.kind)},
        {"entity", en.name},
        {"ent", MemberTypeName(g, en)},
        {"i", i},
        {"writes", plan.writes.size()},
        {"groups", AggregateGroupsText(g.model, g.layout, plan)},
        {"transaction", plan.transaction ? " in one transaction" : ""},
        {"versions", versions},
        {"passed", passed},
        {"result", counted ? "model::runtime::Result<std::int64_t>" : "model::runtime::Status"}};
    const char* args = "";
    const char* body = "";
    switch (w.kind) {
      case WriteKind::kCreate:
        if (counted) {
          subs.emplace_back("draft",
                            MemberType(g, g.names.draft[static_cast<std::size_t>(w.entity)]));
          args = "const $draft$& entity";
          body = R"tmpl(
            model::runtime::Item after = entity.ToItem();
            $fill$return table_.CreateCounted($i$, after$condition_args$);
          )tmpl";
          break;
        }
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
    // `also` update entries: the other entity's item before and after, after the written one;
    // delete entries: the item as stored.
    std::string also_params;
    std::vector<std::size_t> updates;
    for (std::size_t a = 0; a < w.also.size(); ++a) {
      if (w.also[a].kind == AlsoKind::kCheck) continue;
      const Entity& other = g.model.entities[static_cast<std::size_t>(w.also[a].entity)];
      also_params += ", const " + MemberTypeName(g, other) + "& " + g.names.also_before[i][a];
      if (w.also[a].kind == AlsoKind::kUpdate)
        also_params += ", const " + MemberTypeName(g, other) + "& " + g.names.also_after[i][a];
      updates.push_back(a);
    }
    // A condition with parameters: its struct, as the last argument, passed by name.
    std::vector<const WriteCondition*> params;
    for (const auto& [cond, entity] : ParameterClauses(w)) params.push_back(cond);
    std::string condition_arg =
        params.empty() ? "" : ", const " + MemberType(g, g.names.condition[i]) + "& condition";
    subs.emplace_back("condition_arg", also_params + condition_arg);
    subs.emplace_back("condition_args",
                      std::string(params.empty() && updates.empty() ? "" : ", condition_args") +
                          (updates.empty() ? "" : ", also"));
    subs.emplace_back("fill", [&] {
      if (!params.empty() || !updates.empty()) c.Emit("model::exec::Arguments condition_args;\n");
      for (const WriteCondition* cond : params) {
        c.Emit({{"arg", CppStringLiteral(cond->parameter)},
                {"field", g.names.condition_field[i].at(cond->parameter)}},
               "condition_args[$arg$] = ToValue(condition.$field$);\n");
      }
      if (updates.empty()) return;
      c.Emit({{"n", w.also.size()}}, "std::vector<model::runtime::AlsoItems> also($n$);\n");
      for (std::size_t a : updates) {
        std::vector<Sub> names{
            {"before", g.names.also_before[i][a]}, {"after", g.names.also_after[i][a]}, {"a", a}};
        if (w.also[a].kind == AlsoKind::kDelete) {
          c.Emit(names, R"tmpl(
            model::runtime::Item also$a$_before = $before$.ToItem();
            also[$a$] = {&also$a$_before, nullptr};
          )tmpl");
          continue;
        }
        c.Emit(names, R"tmpl(
          model::runtime::Item also$a$_before = $before$.ToItem();
          model::runtime::Item also$a$_after = $after$.ToItem();
          also[$a$] = {&also$a$_before, &also$a$_after};
        )tmpl");
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
         {"name", g.names.write_method[i]},
         {"result", counted ? "model::runtime::Result<std::int64_t>" : "model::runtime::Status"},
         {"condition", !Conditional(w) ? std::string() : [&] {
            int groups = 0;
            std::string text = WriteConditionsText(g.model, w, &groups);
            return fmt::format(
                "\n// Only if {} {} on the stored item{}, else the {}'s code is "
                "\"ConditionFailed\" and nothing is written.",
                text, groups > 1 ? "hold" : "holds", w.also.empty() ? "" : "s",
                counted ? "Result" : "Status");
          }()},
         {"counter", !counted ? std::string() : CounterText(g, w, *plan.counter)},
         {"args",
          [&] {
            h.Emit(subs, args);
            h.Emit(subs, "$condition_arg$");
          }}},
        R"tmpl(
      // $pattern$: $kind$ $entity$, $writes$ item write(s)$groups$$transaction$$counter$$condition$
      $result$ $name$($args$);
    )tmpl");
    c.Emit(subs, R"tmpl(
      $result$ $client$::$name$($args$) {
        $body$
      }

    )tmpl");
  }
  h.Outdent();
}

}  // namespace model::codegen
