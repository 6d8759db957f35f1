#include "codegen/cpp/names.h"

#include <cstddef>
#include <string>
#include <vector>

#include "codegen/writer/namer.h"
#include "model/range_bounds.h"

namespace model::codegen {

namespace {

// What the generated namespace always declares: the embedded IR's accessors, the enums'
// conversions (overloaded per enum) and, in the source, the IR's helpers P, T and A.
const std::set<std::string> kNamespaceReserved = {"ModelIr",   "LayoutIr", "ToString", "ToValue",
                                                  "FromValue", "P",        "T",        "A"};
// The client's fixed members, and the namespace's functions its members call unqualified
// (ModelIr and LayoutIr in the constructor, ToValue in the methods).
const std::set<std::string> kClassReserved = {
    "SetClock", "CreateTable", "Load", "ApplyStreamRecords", "ModelIr", "LayoutIr", "ToValue"};
// A write method's fixed parameters and locals (codegen/cpp/writes.cpp).
const std::set<std::string> kWriteReserved = {"entity",      "before",         "after_entity",
                                              "versions",    "condition",      "after",
                                              "before_item", "condition_args", "also"};

// The alternatives of an element needing several names built alike (a key function and its
// parser): alternative k holds each form's k-th spelling.
std::vector<std::vector<std::string>> Together(const std::vector<NameForms>& parts) {
  std::vector<std::vector<std::string>> out;
  for (const NameForms& part : parts) {
    std::vector<std::string> forms = part.Forms();
    if (out.empty()) out.resize(forms.size());
    for (std::size_t k = 0; k < forms.size() && k < out.size(); ++k) out[k].push_back(forms[k]);
  }
  return out;
}

NameRequest Single(int rank, const NameForms& forms) {
  NameRequest r{rank, {}};
  for (const std::string& f : forms.Forms()) r.forms.push_back({f});
  return r;
}

// The fields of one struct: per name (its snake case), forms as NameForms says; `reserved` are
// names the struct has already.
std::vector<std::string> Fields(const std::vector<std::string>& names,
                                const std::set<std::string>& reserved) {
  std::vector<NameRequest> requests;
  for (const std::string& n : names)
    requests.push_back(Single(1, {"", CppSnakeName(n), "", n, ""}));
  std::vector<std::string> out;
  for (auto& got : AssignNames(reserved, requests)) out.push_back(got.front());
  return out;
}

}  // namespace

CppNames AssignCppNames(const Model& model, const KeyLayout& layout, const std::string& client) {
  CppNames n;
  const std::size_t entities = model.entities.size();

  // The namespace, by rank: 1 entity structs, 2 NewX structs, 3 key functions, 4 enums,
  // 5 pattern types.
  std::vector<NameRequest> requests;
  for (const Entity& e : model.entities)
    requests.push_back(Single(1, {"", CppPascalName(e.name), "", e.name, ""}));
  std::vector<std::vector<std::string>> names = AssignNames(kNamespaceReserved, requests);
  std::set<std::string> taken = kNamespaceReserved;
  for (const auto& got : names) {
    n.entity.push_back(got.front());
    taken.insert(got.front());
  }
  // The rest claim after the entities (enums and NewX spell their other forms from the structs).
  requests.clear();
  struct Slot {
    enum Kind { kDraft, kKey, kEnum, kParams, kCondition } kind;
    std::size_t a = 0, b = 0;
  };
  std::vector<Slot> slots;
  n.draft.assign(entities, "");
  for (std::size_t e = 0; e < entities; ++e) {
    if (CounterOf(model, static_cast<EntityId>(e)) < 0) continue;
    requests.push_back(Single(2, {"New", n.entity[e], "", model.entities[e].name, ""}));
    slots.push_back({Slot::kDraft, e, 0});
  }
  n.index_key.resize(layout.item_types.size());
  for (std::size_t t = 0; t < layout.item_types.size(); ++t) {
    const ItemType& type = layout.item_types[t];
    const std::string stem = CppPascalName(type.name);
    std::vector<NameForms> parts{{"", stem, "Key", type.name, ""},
                                 {"Parse", stem, "Key", type.name, ""}};
    for (const IndexKeys& ik : type.index_keys)
      parts.push_back({"", stem, CppPascalName(layout.IndexName(ik.index)) + "Key", type.name, ""});
    requests.push_back({3, Together(parts)});
    slots.push_back({Slot::kKey, t, 0});
  }
  n.enum_type.resize(entities);
  n.enum_parser.resize(entities);
  for (std::size_t e = 0; e < entities; ++e) {
    const Entity& en = model.entities[e];
    n.enum_type[e].assign(en.attributes.size(), "");
    n.enum_parser[e].assign(en.attributes.size(), "");
    for (std::size_t a = 0; a < en.attributes.size(); ++a) {
      const Attribute& attr = en.attributes[a];
      if (attr.type != AttrType::kEnum) continue;
      const std::string attr_part = CppPascalName(attr.name);
      const std::string plain = CppPascalName(en.name) + attr_part;
      const std::string source = en.name + "." + attr.name;
      requests.push_back(
          {4, Together({{"", n.entity[e], attr_part, source, plain},
                        {"Parse", n.entity[e], attr_part, source, "Parse" + plain}})});
      slots.push_back({Slot::kEnum, e, a});
    }
  }
  n.params.assign(model.access_patterns.size(), "");
  n.variant.assign(model.access_patterns.size(), "");
  for (std::size_t p = 0; p < model.access_patterns.size(); ++p) {
    const AccessPattern& ap = model.access_patterns[p];
    const std::string stem = CppPascalName(ap.name);
    std::vector<NameForms> parts{{"", stem, "Params", ap.name, ""}};
    std::set<EntityId> returned(ap.returns.begin(), ap.returns.end());
    if (!ap.aggregate && returned.size() > 1) parts.push_back({"", stem, "Item", ap.name, ""});
    requests.push_back({5, Together(parts)});
    slots.push_back({Slot::kParams, p, 0});
  }
  n.condition.assign(model.write_patterns.size(), "");
  n.condition_field.resize(model.write_patterns.size());
  for (std::size_t w = 0; w < model.write_patterns.size(); ++w) {
    const WritePattern& wp = model.write_patterns[w];
    // The parameters of its condition and of its `also` entries' conditions (each once, E427).
    std::vector<std::string> parameters;
    auto add = [&](const std::vector<WriteCondition>& conditions) {
      for (const WriteCondition& c : conditions)
        if (!c.parameter.empty()) parameters.push_back(c.parameter);
    };
    add(wp.conditions);
    for (const AlsoWrite& a : wp.also) add(a.conditions);
    if (parameters.empty()) continue;
    std::vector<std::string> fields = Fields(parameters, {});
    for (std::size_t i = 0; i < parameters.size(); ++i)
      n.condition_field[w][parameters[i]] = fields[i];
    requests.push_back(Single(5, {"", CppPascalName(wp.name), "Condition", wp.name, ""}));
    slots.push_back({Slot::kCondition, w, 0});
  }
  names = AssignNames(taken, requests);
  n.item_key.assign(layout.item_types.size(), "");
  n.item_key_parser.assign(layout.item_types.size(), "");
  for (std::size_t i = 0; i < slots.size(); ++i) {
    const std::vector<std::string>& got = names[i];
    taken.insert(got.begin(), got.end());
    const Slot& s = slots[i];
    switch (s.kind) {
      case Slot::kDraft:
        n.draft[s.a] = got[0];
        break;
      case Slot::kKey:
        n.item_key[s.a] = got[0];
        n.item_key_parser[s.a] = got[1];
        n.index_key[s.a].assign(got.begin() + 2, got.end());
        break;
      case Slot::kEnum:
        n.enum_type[s.a][s.b] = got[0];
        n.enum_parser[s.a][s.b] = got[1];
        break;
      case Slot::kParams:
        n.params[s.a] = got[0];
        if (got.size() > 1) n.variant[s.a] = got[1];
        break;
      case Slot::kCondition:
        n.condition[s.a] = got[0];
        break;
    }
  }
  // The client class, last: "Table" appended while the namespace has its name.
  n.client = client;
  while (taken.count(n.client)) n.client += "Table";

  // The class: its fixed members and constructor, then one method per pattern.
  std::set<std::string> fixed = kClassReserved;
  fixed.insert(n.client);
  requests.clear();
  for (const AccessPattern& p : model.access_patterns)
    requests.push_back(Single(1, {"", CppPascalName(p.name), "", p.name, ""}));
  for (const WritePattern& w : model.write_patterns)
    requests.push_back(Single(1, {"", CppPascalName(w.name), "", w.name, ""}));
  names = AssignNames(fixed, requests);
  n.members = fixed;
  for (std::size_t i = 0; i < names.size(); ++i) {
    (i < model.access_patterns.size() ? n.read_method : n.write_method).push_back(names[i][0]);
    n.members.insert(names[i][0]);
  }

  // Entity structs' fields: the struct's own name, its members and the enum types it names are
  // taken; the version field (item_version) after the attributes, '_' appended while taken.
  n.field.resize(entities);
  n.version_field.assign(entities, "");
  for (std::size_t e = 0; e < entities; ++e) {
    const Entity& en = model.entities[e];
    std::set<std::string> reserved{n.entity[e], "ToItem", "FromItem"};
    for (const std::string& t : n.enum_type[e])
      if (!t.empty()) reserved.insert(t);
    std::vector<std::string> attrs;
    for (const Attribute& a : en.attributes) attrs.push_back(a.name);
    n.field[e] = Fields(attrs, reserved);
    if (!en.versioned) continue;
    std::set<std::string> used(n.field[e].begin(), n.field[e].end());
    used.insert(reserved.begin(), reserved.end());
    std::string version = "item_version";
    while (used.count(version)) version += '_';
    n.version_field[e] = version;
  }
  // Read parameters: the range bounds keep their argument names (RangeBoundNames,
  // model/range_bounds.h: "from"/"to" or "value", '_' appended when a `by` name has it).
  n.param_field.resize(model.access_patterns.size());
  n.bound_field.resize(model.access_patterns.size());
  for (std::size_t p = 0; p < model.access_patterns.size(); ++p) {
    const AccessPattern& ap = model.access_patterns[p];
    n.bound_field[p] = RangeBoundNames(ap);
    std::vector<std::string> by;
    for (std::size_t k = 0; k < ap.params.size(); ++k) by.push_back(ap.ParamName(k));
    n.param_field[p] =
        Fields(by, std::set<std::string>(n.bound_field[p].begin(), n.bound_field[p].end()));
  }
  // Write methods' parameters for `also` entries: <entity>_before, <entity>_after.
  n.also_before.resize(model.write_patterns.size());
  n.also_after.resize(model.write_patterns.size());
  for (std::size_t w = 0; w < model.write_patterns.size(); ++w) {
    const WritePattern& wp = model.write_patterns[w];
    std::set<std::string> reserved = kWriteReserved;
    requests.clear();
    for (std::size_t a = 0; a < wp.also.size(); ++a) {
      reserved.insert("also" + std::to_string(a) + "_before");
      reserved.insert("also" + std::to_string(a) + "_after");
      if (wp.also[a].kind == AlsoKind::kCheck) continue;
      const std::string& other = model.entities[static_cast<std::size_t>(wp.also[a].entity)].name;
      const std::string stem = CppSnakeName(other);
      const bool update = wp.also[a].kind == AlsoKind::kUpdate;
      NameRequest r{1, {}};
      for (const std::string& at : {stem, JoinUnderscore(stem, HexBytes(other))}) {
        std::vector<std::string> form{JoinUnderscore(at, "before")};
        if (update) form.push_back(JoinUnderscore(at, "after"));
        r.forms.push_back(form);
      }
      requests.push_back(r);
    }
    names = AssignNames(reserved, requests);
    n.also_before[w].assign(wp.also.size(), "");
    n.also_after[w].assign(wp.also.size(), "");
    std::size_t next = 0;
    for (std::size_t a = 0; a < wp.also.size(); ++a) {
      if (wp.also[a].kind == AlsoKind::kCheck) continue;
      const std::vector<std::string>& got = names[next++];
      n.also_before[w][a] = got[0];
      if (got.size() > 1) n.also_after[w][a] = got[1];
    }
  }
  return n;
}

}  // namespace model::codegen
