// One method per read pattern: a typed parameter struct (equality parameters, then the range
// bounds typed by the range attribute), a page request, and a typed result (the entity, a
// variant per item for patterns returning several entities, a decimal for an aggregate). The
// method hands natural values to the runtime, which runs the pattern's ReadPlan.
#include <string>
#include <vector>

#include "codegen/cpp/internal.h"

namespace model::codegen {

namespace {

const Attribute* Find(const Gen& g, const AccessPattern& p, const std::string& name,
                      const Entity** owner) {
  for (EntityId id : p.returns) {
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
           EntityName(g.model.entities[static_cast<std::size_t>(ents[0])]) + ">>";
  }
  return "model::runtime::Result<model::runtime::Page<" + PascalName(p.name) + "Item>>";
}

std::vector<std::string> Bounds(const AccessPattern& p) {
  if (!p.range_condition) return {};
  if (p.range_condition->op == RangeOp::kBetween) return {"from", "to"};
  return {"value"};
}

}  // namespace

void EmitReadTypes(const Gen& g, std::string& h) {
  for (const AccessPattern& p : g.model.access_patterns) {
    std::string name = PascalName(p.name);
    h += "// " + p.name + (p.description.empty() ? "" : ": " + p.description) + "\n";
    h += "struct " + name + "Params {\n";
    for (const std::string& param : p.params) {
      const Entity* en = nullptr;
      const Attribute* a = Find(g, p, param, &en);
      if (a) h += "  " + CppType(g, *en, *a) + " " + SnakeName(param) + "{};\n";
    }
    for (const std::string& bound : Bounds(p)) {
      const Entity* en = nullptr;
      const Attribute* a = Find(g, p, p.range_condition->attribute, &en);
      if (a) {
        h += "  " + CppType(g, *en, *a) + " " + bound + "{};  // " + p.range_condition->attribute +
             " " + RangeOpName(p.range_condition->op) + "\n";
      }
    }
    h += "};\n";
    std::vector<EntityId> ents = Distinct(p);
    if (!p.aggregate && ents.size() > 1) {
      h += "using " + name + "Item = std::variant<";
      for (std::size_t i = 0; i < ents.size(); ++i) {
        h += (i ? ", " : "") + EntityName(g.model.entities[static_cast<std::size_t>(ents[i])]);
      }
      h += ">;\n";
    }
    h += "\n";
  }
}

void EmitReads(const Gen& g, std::string& h, std::string& c) {
  h += "  // Reads: one per access pattern, as the layout's read plan says, a page at a time: at "
       "most\n";
  h += "  // page.limit results after page.cursor (a previous page's next_cursor; \"\" = the "
       "start).\n";
  for (std::size_t i = 0; i < g.model.access_patterns.size(); ++i) {
    const AccessPattern& p = g.model.access_patterns[i];
    const ReadPlan& plan = g.layout.reads[i];
    std::string name = PascalName(p.name);
    std::string result = ResultType(g, p);
    std::string page = p.aggregate ? "" : ", const model::runtime::PageRequest& page = {}";
    std::string page_def = p.aggregate ? "" : ", const model::runtime::PageRequest& page";
    h += "  // " + p.name + ": " + OperationName(plan.operation) + " on " +
         g.layout.IndexName(plan.index) + "\n";
    h += "  " + result + " " + name + "(const " + name + "Params& params" + page + ");\n";

    c += result + " " + g.client + "::" + name + "(const " + name + "Params& params" + page_def +
         ") {\n";
    c += "  model::exec::Arguments args;\n";
    for (const std::string& param : p.params) {
      c += "  args[" + Quote(param) + "] = ToValue(params." + SnakeName(param) + ");\n";
    }
    for (const std::string& bound : Bounds(p))
      c += "  args[" + Quote(bound) + "] = ToValue(params." + bound + ");\n";
    if (p.aggregate) {
      c += "  return table_.Aggregate(" + std::to_string(i) + ", args);\n}\n\n";
      continue;
    }
    c += "  auto items = table_.Read(" + std::to_string(i) + ", args, page);\n";
    c += "  if (!items.ok()) return items.error();\n";
    std::vector<EntityId> ents = Distinct(p);
    if (ents.size() == 1) {
      std::string ent = EntityName(g.model.entities[static_cast<std::size_t>(ents[0])]);
      c += "  model::runtime::Page<" + ent + "> out;\n";
      c += "  out.next_cursor = std::move(items->next_cursor);\n";
      c += "  for (const model::runtime::Item& item : items->items) {\n";
      c += "    auto entity = " + ent + "::FromItem(item);\n";
      c += "    if (!entity.ok()) return entity.error();\n";
      c += "    out.items.push_back(std::move(*entity));\n  }\n";
    } else {
      c += "  model::runtime::Page<" + name + "Item> out;\n";
      c += "  out.next_cursor = std::move(items->next_cursor);\n";
      c += "  for (const model::runtime::Item& item : items->items) {\n";
      c += "    switch (table_.EntityOf(item)) {\n";
      for (EntityId id : ents) {
        std::string ent = EntityName(g.model.entities[static_cast<std::size_t>(id)]);
        c += "      case " + std::to_string(id) + ": {\n";
        c += "        auto entity = " + ent + "::FromItem(item);\n";
        c += "        if (!entity.ok()) return entity.error();\n";
        c += "        out.items.emplace_back(std::move(*entity));\n        break;\n      }\n";
      }
      c += "      default:\n        break;\n    }\n  }\n";
    }
    c += "  return out;\n}\n\n";
  }
}

}  // namespace model::codegen
