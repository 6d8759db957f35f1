// Writing the draft as model YAML: every text that is not an identifier double-quoted the JSON
// way (YAML's double-quoted scalars take JSON's escapes), suggestions as comments.
#include <fmt/format.h>

#include <cctype>
#include <nlohmann/json.hpp>

#include "model/import/internal.h"

namespace model::importer {

namespace {

std::string Quote(const std::string& text) {
  return nlohmann::json(text).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

// One comment line: control characters become '?'.
std::string Comment(const std::string& text) {
  std::string out;
  for (char c : text) out += static_cast<unsigned char>(c) < 0x20 || c == 0x7f ? '?' : c;
  return out;
}

// A name as a YAML scalar: as it is when it is a plain identifier, else double-quoted, so an
// attribute named `#` or `a: b` from the Workbench file stays one scalar (the loader then says
// what is wrong with the name, positioned) instead of breaking the YAML.
std::string Name(const std::string& text) {
  bool plain =
      !text.empty() && (std::isalpha(static_cast<unsigned char>(text[0])) || text[0] == '_');
  for (char c : text) plain = plain && (std::isalnum(static_cast<unsigned char>(c)) || c == '_');
  // YAML reads a plain null, Null or NULL as nothing, not as the name.
  if (text == "null" || text == "Null" || text == "NULL") plain = false;
  return plain ? text : Quote(text);
}

std::string List(const std::vector<std::string>& names) {
  std::string out = "[";
  for (std::size_t i = 0; i < names.size(); ++i) out += (i ? ", " : "") + Name(names[i]);
  return out + "]";
}

std::vector<std::string> ReturnsList(const DraftPattern& p) {
  std::vector<std::string> out = {p.returns};
  out.insert(out.end(), p.returns_also.begin(), p.returns_also.end());
  return out;
}

}  // namespace

std::string WriteYaml(const Draft& d) {
  std::string y;
  y += Comment(fmt::format("# Imported by `model import` from {} (NoSQL Workbench model {}, table "
                           "{}).",
                           d.source, Quote(d.model_name), d.table)) +
       "\n";
  y += "# The keys are the existing design's, pinned; the attributes and types come from the\n"
       "# sample items. A Workbench model holds no counts, item sizes, rates or relationships:\n"
       "# review the commented suggestions, then run `model check` on the result.\n";
  for (const auto& n : d.notes) y += "# Note: " + Comment(n) + "\n";
  y += "\ntable:\n";
  y += "  name: " + Quote(d.table) + "\n";
  y += "  partition_key: " + Quote(d.pk) + "\n";
  y += "  sort_key: " + Quote(d.sk) + "\n";
  if (!d.index_prefix.empty()) y += "  index_prefix: " + Quote(d.index_prefix) + "\n";
  y += "  billing: " + d.billing + "\n";
  if (!d.indexes.empty()) {
    y += "  indexes:\n";
    for (const DraftIndex& i : d.indexes) {
      std::vector<std::string> parts;
      if (!i.pk.empty()) parts.push_back("partition_key: " + Quote(i.pk));
      if (!i.sk.empty()) parts.push_back("sort_key: " + Quote(i.sk));
      if (i.projection == "INCLUDE")
        parts.push_back("projection: " + List(i.include));
      else if (!i.projection.empty())
        parts.push_back("projection: " + i.projection);
      std::string body;
      for (const auto& part : parts) body += (body.empty() ? "" : ", ") + part;
      y += "    " + Name(i.name) + ": { " + body + " }\n";
    }
  }
  y += "\nentities:\n";
  for (const DraftEntity& e : d.entities) {
    y += "  " + Name(e.name) + ":\n";
    y += Comment(fmt::format("    # From {}; {} sample item(s).", e.from, e.samples)) + "\n";
    y += "    # count: 1000      # how many items there are (not in the Workbench model)\n";
    y += "    # item_size: 1KB   # their average size\n";
    y += "    identifier: " +
         (e.identifier.size() == 1 ? Name(e.identifier[0]) : List(e.identifier)) + "\n";
    if (e.versioned) y += "    versioned: true\n";
    if (e.index_keys.empty()) {
      y += "    keys: { pk: " + Quote(e.pk) + ", sk: " + Quote(e.sk) + " }\n";
    } else {
      y += "    keys:\n";
      y += "      pk: " + Quote(e.pk) + "\n";
      y += "      sk: " + Quote(e.sk) + "\n";
      for (const auto& k : e.index_keys)
        y += "      " + Name(k.index) + ": { pk: " + Quote(k.pk) + ", sk: " + Quote(k.sk) + " }\n";
    }
    y += "    attributes:\n";
    for (const DraftAttr& a : e.attributes) {
      if (a.unique)
        y += fmt::format("      {}: {{ type: {}, unique: {}{} }}\n", Name(a.name), a.type,
                         a.unique_scope.empty() ? "true" : Name(a.unique_scope),
                         a.required ? "" : ", required: false");
      else
        y += fmt::format("      {}: {}{}\n", Name(a.name), a.type, a.required ? "" : "?");
    }
  }
  if (!d.relationships.empty()) {
    y += "\nrelationships:\n";
    for (const DraftRelationship& r : d.relationships)
      y += fmt::format(
          "  - {{ name: {}, cardinality: \"1:N\", from: {}, to: {}, link: {}{} }}  # {}\n",
          Name(r.name), Name(r.from), Name(r.to), List(r.link), r.owning ? ", owning: true" : "",
          Comment(r.why));
  }
  y += "\n# Relationships say how the entities connect (1:1, 1:N, M:N, owning); the Workbench\n"
       "# model does not. For example:\n"
       "# relationships:\n"
       "#   - { name: orders, cardinality: \"1:N\", from: Customer, to: Order, owning: false }\n";
  y += "\naccess_patterns:\n";
  for (const DraftPattern& p : d.patterns) {
    if (!p.note.empty()) y += "  # " + Comment(p.note) + "\n";
    y += "  - name: " + Name(p.name) + "\n";
    y += "    description: " + Quote(p.description) + "\n";
    y += "    returns: " + (p.returns_also.empty() ? Name(p.returns) : List(ReturnsList(p))) + "\n";
    if (!p.by.empty()) y += "    by: " + List(p.by) + "\n";
    if (!p.range_attr.empty())
      y += fmt::format("    range: {{ {}: {} }}\n", Name(p.range_attr), p.range_op);
    if (!p.sort_attr.empty()) y += fmt::format("    sort: {{ {}: asc }}\n", Name(p.sort_attr));
    if (!p.filter_attr.empty())
      y += fmt::format("    filter: {{ {}: {} }}\n", Name(p.filter_attr), Quote(p.filter_value));
    if (!p.project.empty()) y += "    project: " + List(p.project) + "\n";
    if (p.current_only) y += "    current_only: true\n";
    if (!p.index.empty()) y += "    index: " + Name(p.index) + "\n";
    if (p.shards > 0) {
      y += fmt::format(
          "    shards: {}   # at least this many: the sample items use shards 0 to {}\n", p.shards,
          p.shards - 1);
      if (!p.by.empty())
        y += "    shard_reason: \"the existing design shards this index partition\"\n";
    }
    y += "    # rate: 10   # requests per second (not in the Workbench model)\n";
  }
  return y;
}

}  // namespace model::importer
