// One method per read pattern: a typed parameter struct (equality parameters, then the range
// bounds typed by the range attribute), a page request, and a typed result (the entity, a
// variant per item for patterns returning several entities, a decimal for an aggregate). The
// method hands natural values to the runtime, which runs the pattern's ReadPlan.
#include <fmt/format.h>

#include <string>
#include <vector>

#include "codegen/cpp/internal.h"
#include "model/range_bounds.h"

namespace model::codegen {

const Attribute* Find(const Gen& g, const AccessPattern& p, const std::string& name,
                      const Entity** owner) {
  // A read of a relationship's other side reads by attributes of the link's holder.
  std::vector<EntityId> readers = p.returns;
  if (p.other_side) readers = {p.other_side->holder};
  for (EntityId id : readers) {
    const Entity& en = g.model.entities[static_cast<std::size_t>(id)];
    AttrId a = en.FindAttribute(name);
    if (a >= 0) {
      *owner = &en;
      return &en.attributes[static_cast<std::size_t>(a)];
    }
  }
  return nullptr;
}

std::vector<EntityId> Distinct(const AccessPattern& p) {
  std::vector<EntityId> out;
  for (EntityId id : p.returns) {
    bool seen = false;
    for (EntityId o : out) seen = seen || o == id;
    if (!seen) out.push_back(id);
  }
  return out;
}

std::string ResultType(const Gen& g, const AccessPattern& p) {
  if (p.aggregate) return "model::runtime::Result<model::runtime::Decimal>";
  std::vector<EntityId> ents = Distinct(p);
  if (ents.size() == 1) {
    return "model::runtime::Result<model::runtime::Page<" +
           MemberTypeName(g, g.model.entities[static_cast<std::size_t>(ents[0])]) + ">>";
  }
  const auto i = static_cast<std::size_t>(&p - g.model.access_patterns.data());
  return "model::runtime::Result<model::runtime::Page<" + MemberType(g, g.names.variant[i]) + ">>";
}

std::vector<std::string> Bounds(const AccessPattern& p) { return RangeBoundNames(p); }

void EmitReadTypes(const Gen& g, Printer& h) {
  for (std::size_t i = 0; i < g.model.access_patterns.size(); ++i) {
    const AccessPattern& p = g.model.access_patterns[i];
    auto fields = [&] {
      for (std::size_t k = 0; k < p.params.size(); ++k) {
        const Entity* en = nullptr;
        const Attribute* a = Find(g, p, p.params[k], &en);
        // A parameter read through a link attribute (`by: [handle]`, `follows:`) keeps the
        // caller's name and takes the link attribute's type.
        if (a)
          h.Emit({{"type", CppType(g, *en, *a)}, {"field", g.names.param_field[i][k]}},
                 "$type$ $field${};\n");
      }
      for (const std::string& bound : Bounds(p)) {
        const Entity* en = nullptr;
        const Attribute* a = Find(g, p, p.range_condition->attribute, &en);
        if (a) {
          // begins_with takes a prefix of the value's text (of a timestamp's or date's ISO-8601
          // rendering, "2019-01"), whatever the attribute's type.
          bool prefix = p.range_condition->op == RangeOp::kBeginsWith;
          h.Emit({{"type", prefix ? "std::string" : CppType(g, *en, *a)},
                  {"field", bound},
                  {"attribute", p.range_condition->attribute},
                  {"op", RangeOpName(p.range_condition->op)}},
                 "$type$ $field${};  // $attribute$ $op$\n");
        }
      }
    };
    auto variant = [&] {
      std::vector<EntityId> ents = Distinct(p);
      if (p.aggregate || ents.size() < 2) return;
      std::string alternatives;
      for (std::size_t e = 0; e < ents.size(); ++e) {
        alternatives +=
            (e ? ", " : "") + EntityName(g, g.model.entities[static_cast<std::size_t>(ents[e])]);
      }
      h.Emit({{"name", g.names.variant[i]}, {"alternatives", alternatives}},
             "using $name$ = std::variant<$alternatives$>;\n");
    };
    h.Emit({{"pattern", p.name},
            {"description", p.description.empty() ? "" : ": " + p.description},
            {"name", g.names.params[i]},
            {"fields", fields},
            {"variant", variant}},
           R"tmpl(
      // $pattern$$description$
      struct $name$ {
        $fields$
      };
      $variant$

    )tmpl");
  }
}

void EmitReads(const Gen& g, Printer& h, Printer& c) {
  h.Indent();  // inside the client class
  Tmpl(h, R"tmpl(
    // Reads: one per access pattern, as the layout's read plan says, a page at a time: at most
    // page.limit results after page.cursor (a previous page's next_cursor; "" = the start).
  )tmpl");
  for (std::size_t i = 0; i < g.model.access_patterns.size(); ++i) {
    const AccessPattern& p = g.model.access_patterns[i];
    const ReadPlan& plan = g.layout.reads[i];
    const std::string& name = g.names.read_method[i];
    auto args = [&] {
      for (std::size_t k = 0; k < p.params.size(); ++k)
        c.Emit({{"arg", CppStringLiteral(p.ParamName(k))}, {"field", g.names.param_field[i][k]}},
               "args[$arg$] = ToValue(params.$field$);\n");
      for (const std::string& bound : Bounds(p))
        c.Emit({{"arg", CppStringLiteral(bound)}, {"field", bound}},
               "args[$arg$] = ToValue(params.$field$);\n");
    };
    std::vector<Sub> subs{
        {"pattern", p.name},
        {"operation", OperationName(plan.operation)},
        // A read of a relationship's other side names its second step too.
        {"index",
         g.layout.IndexName(plan.index) +
             (plan.follow_up
                  ? fmt::format(
                        ", then {} {}", OperationName(plan.follow_up->operation),
                        g.layout.item_types[static_cast<std::size_t>(plan.follow_up->item_type)]
                            .name)
                  : std::string())},
        {"result", ResultType(g, p)},
        {"name", name},
        {"params_type", MemberType(g, g.names.params[i])},
        {"i", i},
        {"page", p.aggregate ? "" : ", const model::runtime::PageRequest& page = {}"},
        {"page_def", p.aggregate ? "" : ", const model::runtime::PageRequest& page"},
        // A pattern without parameters (a Scan, a sparse index read whole) leaves it unnamed.
        {"params", p.params.empty() && Bounds(p).empty() ? "" : " params"},
        {"args", args}};
    h.Emit(subs, R"tmpl(
      // $pattern$: $operation$ on $index$
      $result$ $name$(const $params_type$& params$page$);
    )tmpl");
    if (p.aggregate) {
      c.Emit(subs, R"tmpl(
        $result$ $client$::$name$(const $params_type$&$params$$page_def$) {
          model::exec::Arguments args;
          $args$
          return table_.Aggregate($i$, args);
        }

      )tmpl");
      continue;
    }
    std::vector<EntityId> ents = Distinct(p);
    auto convert = [&] {
      if (ents.size() == 1) {
        c.Emit({{"entity", EntityName(g, g.model.entities[static_cast<std::size_t>(ents[0])])}},
               R"tmpl(
          for (const model::runtime::Item& item : items->items) {
            auto entity = $entity$::FromItem(item);
            if (!entity.ok()) return entity.error();
            out.items.push_back(std::move(*entity));
          }
        )tmpl");
        return;
      }
      auto cases = [&] {
        for (EntityId id : ents) {
          c.Emit({{"id", id},
                  {"entity", EntityName(g, g.model.entities[static_cast<std::size_t>(id)])}},
                 R"tmpl(
            case $id$: {
              auto entity = $entity$::FromItem(item);
              if (!entity.ok()) return entity.error();
              out.items.emplace_back(std::move(*entity));
              break;
            }
          )tmpl");
        }
      };
      c.Emit({{"cases", cases}}, R"tmpl(
        for (const model::runtime::Item& item : items->items) {
          switch (table_.EntityOf(item)) {
            $cases$
            default:
              break;
          }
        }
      )tmpl");
    };
    subs.emplace_back("element",
                      ents.size() == 1
                          ? MemberTypeName(g, g.model.entities[static_cast<std::size_t>(ents[0])])
                          : MemberType(g, g.names.variant[i]));
    subs.emplace_back("convert", convert);
    c.Emit(subs, R"tmpl(
      $result$ $client$::$name$(const $params_type$&$params$$page_def$) {
        model::exec::Arguments args;
        $args$
        auto items = table_.Read($i$, args, page);
        if (!items.ok()) return items.error();
        model::runtime::Page<$element$> out;
        out.next_cursor = std::move(items->next_cursor);
        $convert$
        return out;
      }

    )tmpl");
  }
  h.Outdent();
}

}  // namespace model::codegen
