// mermaid: the ERD as a Mermaid entity-relationship diagram, which GitHub renders in a
// ```mermaid block (syntax: https://mermaid.js.org/syntax/entityRelationshipDiagram.html).
// Entities with their attributes (type, PK for the identifier, FK for a link to another
// entity, UK for a unique attribute, the description as the comment), then one line per
// relationship: `||--o{` for 1:N, `||--o|` for 1:1, `}o--o{` for M:N (naming its associative
// entity); an owning relationship is drawn solid (identifying), the others dashed.
//
// Mermaid has no escapes inside names or comments, so names keep only letters, digits, `_`
// and `-` (others become `_`), and a comment's double quotes become single quotes and its line
// breaks and other control characters spaces.
#include <set>

#include "codegen/export/export.h"
#include "codegen/export/table_spec.h"
#include "codegen/writer/printer.h"

namespace model::codegen {

namespace {

std::string MermaidName(std::string_view name) {
  std::string out;
  for (char c : name) {
    bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
              c == '_' || c == '-';
    out += ok ? c : '_';
  }
  if (out.empty() ||
      !((out[0] >= 'A' && out[0] <= 'Z') || (out[0] >= 'a' && out[0] <= 'z') || out[0] == '_')) {
    out = "_" + out;
  }
  return out;
}

std::string MermaidComment(std::string_view text) {
  std::string out;
  for (unsigned char c : text) {
    if (c == '"')
      out += '\'';
    else if (c < 0x20 || c == 0x7f)
      out += ' ';
    else
      out += static_cast<char>(c);
  }
  return "\"" + out + "\"";
}

}  // namespace

std::string RenderMermaid(const Model& model) {
  // Attributes that hold another entity's identifier, by entity.
  std::vector<std::set<AttrId>> foreign(model.entities.size());
  for (const Relationship& r : model.relationships) {
    EntityId holder = r.through ? *r.through : r.to;
    if (holder < 0 || static_cast<std::size_t>(holder) >= model.entities.size()) continue;
    for (AttrId a : r.link) foreign[static_cast<std::size_t>(holder)].insert(a);
    for (AttrId a : r.link_to) foreign[static_cast<std::size_t>(holder)].insert(a);
  }
  Printer p;
  std::string table = MermaidComment(model.table.name);
  std::string generated = MermaidComment(GeneratedByLine(model.path));
  p.Emit({{"table", table.substr(1, table.size() - 2)},
          {"generated", generated.substr(1, generated.size() - 2)}},
         "%% $generated$\n%% The entities of table $table$\nerDiagram\n");
  p.Indent();
  for (std::size_t e = 0; e < model.entities.size(); ++e) {
    const Entity& en = model.entities[e];
    p.Emit({{"name", MermaidName(en.name)}}, "$name$ {\n");
    p.Indent();
    for (std::size_t a = 0; a < en.attributes.size(); ++a) {
      const Attribute& attr = en.attributes[a];
      std::vector<std::string> keys;
      bool identifier = false;
      for (AttrId id : en.identifier) identifier = identifier || id == static_cast<AttrId>(a);
      if (identifier) keys.push_back("PK");
      if (foreign[e].count(static_cast<AttrId>(a))) keys.push_back("FK");
      if (attr.unique) keys.push_back("UK");
      std::string line = std::string(AttrTypeName(attr.type)) + " " + MermaidName(attr.name);
      for (std::size_t k = 0; k < keys.size(); ++k) line += (k ? ", " : " ") + keys[k];
      if (!attr.description.empty()) line += " " + MermaidComment(attr.description);
      p.Emit(line);
      p.Emit("\n");
    }
    p.Outdent();
    p.Emit("}\n");
  }
  for (const Relationship& r : model.relationships) {
    auto name = [&](EntityId id) {
      return id >= 0 && static_cast<std::size_t>(id) < model.entities.size()
                 ? MermaidName(model.entities[static_cast<std::size_t>(id)].name)
                 : std::string("_");
    };
    std::string line = r.owning ? "--" : "..";
    std::string label = r.name;
    switch (r.cardinality) {
      case Cardinality::kOneToOne:
        line = "||" + line + "o|";
        break;
      case Cardinality::kOneToMany:
        line = "||" + line + "o{";
        break;
      case Cardinality::kManyToMany:
        line = "}o" + line + "o{";
        if (r.through)
          label += " (through " + model.entities[static_cast<std::size_t>(*r.through)].name + ")";
        break;
    }
    p.Emit({{"from", name(r.from)},
            {"line", line},
            {"to", name(r.to)},
            {"label", MermaidComment(label)}},
           "$from$ $line$ $to$ : $label$\n");
  }
  p.Outdent();
  p.EndWithOneNewline();
  return p.Release();
}

}  // namespace model::codegen
