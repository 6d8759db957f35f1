// The ERD: one HTML-like table per entity, one crow's-foot edge per relationship.
#include <set>
#include <string>
#include <vector>

#include "codegen/diagram/diagram.h"
#include "codegen/diagram/dot_text.h"
#include "codegen/writer/escape.h"
#include "codegen/writer/printer.h"

namespace model::codegen {

using namespace diagram;

namespace {

// Attributes of each entity that hold another entity's identifier.
std::vector<std::set<AttrId>> ForeignKeys(const Model& model) {
  std::vector<std::set<AttrId>> fks(model.entities.size());
  for (const auto& r : model.relationships) {
    EntityId holder = r.cardinality == Cardinality::kManyToMany && r.through ? *r.through : r.to;
    if (holder < 0 || holder >= static_cast<EntityId>(fks.size())) continue;
    for (AttrId a : r.link) fks[holder].insert(a);
    for (AttrId a : r.link_to) fks[holder].insert(a);
  }
  return fks;
}

std::string SizeText(std::int64_t bytes) {
  if (bytes >= 1024 && bytes % 1024 == 0) return Thousands(bytes / 1024) + " KB";
  return Thousands(bytes) + " B";
}

std::string TypeText(const Attribute& a) {
  std::string type = AttrTypeName(a.type);
  if (a.time_order != TimeOrder::kNone) type = TimeOrderName(a.time_order);
  if (a.type == AttrType::kEnum) {
    std::string values;
    for (const auto& v : a.enum_values) values += (values.empty() ? "" : " | ") + v;
    type += " (" + values + ")";
  }
  return type + (a.required ? "" : "?");
}

void EmitEntity(Printer& p, const Entity& e, const std::set<AttrId>& fks) {
  std::set<AttrId> ids(e.identifier.begin(), e.identifier.end());
  p.Emit({{"id", DotString(e.name)}, {"name", Html(e.name)}, {"header", kHeader}, {"rule", kRule}},
         R"dot(
           $id$ [label=<
             <table border="1" cellborder="0" cellspacing="0" cellpadding="3" color="$rule$" bgcolor="#ffffff">
               <tr><td colspan="3" bgcolor="$header$" cellpadding="5"><font color="#ffffff"><b>$name$</b></font></td></tr>
         )dot");
  p.Indent();
  p.Indent();
  if (!e.description.empty()) {
    p.Emit({{"text", Lines(Wrap(e.description, 36, 3))}, {"muted", kMuted}},
           "<tr><td colspan=\"3\" align=\"left\" balign=\"left\"><font point-size=\"9\" "
           "color=\"$muted$\"><i>$text$</i></font></td></tr>\n");
  }
  for (AttrId i = 0; i < static_cast<AttrId>(e.attributes.size()); ++i) {
    const Attribute& a = e.attributes[i];
    std::string tag;
    if (ids.count(i)) tag = "PK";
    if (fks.count(i)) tag += tag.empty() ? "FK" : " FK";
    if (a.unique) tag += tag.empty() ? "UQ" : " UQ";
    std::string name = ids.count(i) ? "<b>" + Html(a.name) + "</b>" : Html(a.name);
    if (!tag.empty()) {
      tag = "<font point-size=\"9\" color=\"" + std::string(kKey) + "\"><b>" + tag + "</b></font>";
    }
    p.Emit({{"tag", tag}, {"name", name}, {"type", Html(TypeText(a), 32)}, {"muted", kMuted}},
           "<tr><td align=\"left\">$tag$</td>"
           "<td align=\"left\">$name$</td>"
           "<td align=\"left\"><font color=\"$muted$\">$type$</font></td></tr>\n");
  }
  std::string footer = Thousands(e.count) + " items \xC2\xB7 " + SizeText(e.item_size) + " each";
  if (e.versioned) footer += " \xC2\xB7 versioned";
  p.Emit({{"footer", DotHtmlText(footer)}, {"muted", kMuted}, {"band", kBandA}},
         "<tr><td colspan=\"3\" align=\"right\" bgcolor=\"$band$\"><font point-size=\"8\" "
         "color=\"$muted$\">$footer$</font></td></tr>\n");
  p.Outdent();
  p.Emit("</table>\n");
  p.Outdent();
  p.Emit(">];\n");
}

// The marker at the "one" end: exactly one when every link attribute is required, else zero
// or one.
const char* OneEnd(const Model& model, EntityId holder, const std::vector<AttrId>& link) {
  if (holder < 0 || holder >= static_cast<EntityId>(model.entities.size())) return "teeodot";
  const Entity& e = model.entities[holder];
  for (AttrId a : link) {
    if (a < 0 || a >= static_cast<AttrId>(e.attributes.size()) || !e.attributes[a].required) {
      return "teeodot";
    }
  }
  return "teetee";
}

void EmitEdge(Printer& p, const std::string& from, const std::string& to, const char* tail,
              const char* head, const std::string& label, bool owning) {
  p.Emit(
      {{"from", DotString(from)},
       {"to", DotString(to)},
       {"tail", tail},
       {"head", head},
       {"label", label},
       {"style", owning ? ", penwidth=1.8" : ""}},
      "$from$ -> $to$ [dir=both, arrowtail=$tail$, arrowhead=$head$, label=<$label$>$style$];\n");
}

}  // namespace

std::string ErdDot(const Model& model) {
  Printer p;
  std::string title = "<b>" + Html(model.table.name, 64) + "</b>: entities and relationships";
  OpenGraph(p, model.path, "erd", "TB", title);
  auto fks = ForeignKeys(model);
  for (EntityId i = 0; i < static_cast<EntityId>(model.entities.size()); ++i) {
    EmitEntity(p, model.entities[i], fks[i]);
  }
  if (!model.relationships.empty()) p.Emit("\n");
  auto name_of = [&](EntityId id) -> std::string {
    return id >= 0 && id < static_cast<EntityId>(model.entities.size()) ? model.entities[id].name
                                                                        : "?";
  };
  for (const auto& r : model.relationships) {
    std::string label = Html(r.name) + " <font point-size=\"8\">" + CardinalityName(r.cardinality) +
                        (r.owning ? ", owning" : "") + "</font>";
    if (r.cardinality == Cardinality::kManyToMany) {
      if (r.through) {
        // from ||--o< through >o--|| to: the associative entity sits between its two sides.
        EmitEdge(p, name_of(r.from), name_of(*r.through), OneEnd(model, *r.through, r.link),
                 "crowodot", label, r.owning);
        EmitEdge(p, name_of(*r.through), name_of(r.to), "crowodot",
                 OneEnd(model, *r.through, r.link_to), label, r.owning);
      } else {
        EmitEdge(p, name_of(r.from), name_of(r.to), "crowodot", "crowodot", label, r.owning);
      }
      continue;
    }
    const char* many = r.cardinality == Cardinality::kOneToOne ? "teeodot" : "crowodot";
    EmitEdge(p, name_of(r.from), name_of(r.to), OneEnd(model, r.to, r.link), many, label, r.owning);
  }
  CloseGraph(p);
  return p.Release();
}

}  // namespace model::codegen
