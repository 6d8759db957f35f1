// Inference: item types, attributes and their types, key templates (from the facets' aliases or
// matched against the sample items' values through the model's key encodings, model/keys), and
// one read pattern per item type and index, named so that the derivation (model/derive/routes.cpp:
// NameView) labels each index partition as the existing design does.
#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <optional>
#include <regex>
#include <set>

#include "model/base/casing.h"
#include "model/import/internal.h"
#include "model/keys/key_template.h"

namespace model::importer {

namespace {

using keys::Encoding;

// The attributes `model` itself writes (codegen/export/nosql_workbench.cpp), never entity
// attributes.
bool Helper(const std::string& name) {
  return name == "_type" || name == "_shard" || name == "_version" || name == "_latest";
}

std::vector<std::string> Split(const std::string& text) {
  std::vector<std::string> out(1);
  for (char c : text) {
    if (c == '#')
      out.emplace_back();
    else
      out.back() += c;
  }
  return out;
}

std::string LowerFirst(std::string s) {
  if (!s.empty()) s[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(s[0])));
  return s;
}
std::string UpperFirst(std::string s) {
  if (!s.empty()) s[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(s[0])));
  return s;
}
// "CUSTOMER_ORDER" / "customer-order" -> "CustomerOrder".
std::string Camel(const std::string& text) {
  std::string out;
  bool up = true;
  for (char c : text) {
    if (!std::isalnum(static_cast<unsigned char>(c))) {
      up = true;
      continue;
    }
    bool all_upper = std::none_of(text.begin(), text.end(), [](char x) {
      return std::islower(static_cast<unsigned char>(x));
    });
    char lc = all_upper ? static_cast<char>(std::tolower(static_cast<unsigned char>(c))) : c;
    out += up ? static_cast<char>(std::toupper(static_cast<unsigned char>(lc))) : lc;
    up = false;
  }
  return out;
}

// A placeholder-bearing template's parts: literal text and {names}.
struct Parsed {
  bool ok = true;
  std::vector<std::pair<bool, std::string>> parts;  // (is_attribute, text)
  std::vector<std::string> Attributes() const {
    std::vector<std::string> out;
    for (const auto& [attr, text] : parts)
      if (attr && std::find(out.begin(), out.end(), text) == out.end()) out.push_back(text);
    return out;
  }
  std::string Text() const {
    std::string out;
    for (const auto& [attr, text] : parts) out += attr ? "{" + text + "}" : text;
    return out;
  }
};

Parsed ParseTemplate(const std::string& text) {
  Parsed p;
  std::string lit;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '{') {
      std::size_t close = text.find('}', i);
      if (close == std::string::npos) return Parsed{false, {}};
      if (!lit.empty()) p.parts.emplace_back(false, lit), lit.clear();
      p.parts.emplace_back(true, Identifier(text.substr(i + 1, close - i - 1)));
      i = close;
    } else {
      lit += text[i];
    }
  }
  if (!lit.empty()) p.parts.emplace_back(false, lit);
  return p;
}

const std::regex kTimestamp(R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d))");
const std::regex kDate(R"(\d{4}-\d\d-\d\d)");

// The model type of an attribute from its sample values (and the table's declared type).
std::string TypeOf(const std::vector<const WbValue*>& values, const std::string& declared) {
  std::string t;
  for (const WbValue* v : values)
    if (v->type != "NULL") t = t.empty() || t == v->type ? v->type : "mixed";
  if (t.empty()) t = declared.empty() ? "S" : declared;
  if (t == "S") {
    bool ts = !values.empty(), date = !values.empty();
    for (const WbValue* v : values) {
      if (v->type != "S") continue;
      ts = ts && std::regex_match(v->text, kTimestamp);
      date = date && std::regex_match(v->text, kDate);
    }
    return ts ? "timestamp" : date ? "date" : "string";
  }
  if (t == "N") {
    bool whole = !values.empty();
    for (const WbValue* v : values)
      whole = whole && v->type == "N" && v->text.find_first_of(".eE") == std::string::npos;
    return whole ? "integer" : "number";
  }
  if (t == "BOOL") return "boolean";
  if (t == "B") return "binary";
  if (t == "L") return "list";
  if (t == "M") return "map";
  if (t == "SS") return "string_set";
  if (t == "NS") return "number_set";
  if (t == "BS") return "list";  // the model has no binary set
  return "string";               // mixed types
}

bool KeyType(const std::string& type) {
  return type == "string" || type == "number" || type == "integer" || type == "timestamp" ||
         type == "date" || type == "binary";
}

// Whether `segment` is `value` in one of the encodings a key of that type may use; sets the
// type the encoding implies.
bool Matches(const WbValue& value, const std::string& segment, std::string* implied) {
  if (value.type == "S") {
    if (keys::EncodeKeyValue(Encoding::kText, value.text) == segment) return true;
    if (std::regex_match(value.text, kTimestamp) &&
        keys::EncodeKeyValue(Encoding::kTimestamp, value.text) == segment) {
      *implied = "timestamp";
      return true;
    }
    return false;
  }
  if (value.type == "N") {
    if (keys::EncodeKeyValue(Encoding::kInteger, value.text) == segment) {
      *implied = "integer";
      return true;
    }
    if (keys::EncodeKeyValue(Encoding::kNumber, value.text) == segment) {
      *implied = "number";
      return true;
    }
    return value.text == segment;
  }
  return false;
}

struct Inferred {
  Parsed key;
  std::map<std::string, std::string> implied_types;
  std::vector<std::string> new_attributes;  // placeholders no item attribute matched
  int max_shard = -1;
  bool ok = true;
};

// The template behind a key attribute's values across `items` (each holding `key`), matching
// the segments between '#' to the items' attributes. `name_hint` names a placeholder nothing
// matches (else the literal before it + "Id"); `allow_new` permits such placeholders.
Inferred InferTemplate(const std::vector<const WbItem*>& items, const std::string& key,
                       const std::string& name_hint, bool allow_new,
                       const std::set<std::string>& excluded) {
  Inferred r;
  std::vector<std::vector<std::string>> segs;
  for (const WbItem* item : items) segs.push_back(Split(item->values.at(key).text));
  std::size_t n = segs.front().size();
  for (const auto& s : segs)
    if (s.size() != n) return Inferred{{}, {}, {}, -1, false};
  for (std::size_t i = 0; i < n; ++i) {
    if (i > 0) r.key.parts.emplace_back(false, "#");
    bool constant = std::all_of(segs.begin(), segs.end(),
                                [&](const auto& s) { return s[i] == segs.front()[i]; });
    // Candidate attributes, in the first item's (sorted) order.
    std::string found;
    for (const auto& [name, value] : items.front()->values) {
      if (name == key || excluded.count(name) || name == "_type" || name == "_latest") continue;
      std::string implied;
      bool all = true;
      for (std::size_t k = 0; all && k < items.size(); ++k) {
        auto it = items[k]->values.find(name);
        std::string imp;
        if (it == items[k]->values.end()) {
          all = false;
        } else if (name == "_shard" || name == "_version") {
          auto enc = keys::EncodeKeyValue(name == "_shard" ? Encoding::kShard : Encoding::kVersion,
                                          it->second.text, static_cast<int>(segs[k][i].size()));
          bool v =
              name == "_version" && segs[k][i].size() > 1 && segs[k][i][0] == 'v' &&
              keys::EncodeKeyValue(Encoding::kVersion, it->second.text,
                                   static_cast<int>(segs[k][i].size() - 1)) == segs[k][i].substr(1);
          all = enc == segs[k][i] || v;
        } else {
          all = Matches(it->second, segs[k][i], &imp);
          if (!imp.empty()) implied = imp;
        }
      }
      if (all) {
        found = name;
        if (!implied.empty()) r.implied_types[name] = implied;
        break;
      }
    }
    if (found == "_version" && segs.front()[i].size() > 1 && segs.front()[i][0] == 'v' &&
        keys::EncodeKeyValue(Encoding::kVersion, items.front()->values.at("_version").text,
                             static_cast<int>(segs.front()[i].size())) != segs.front()[i])
      r.key.parts.emplace_back(false, "v");
    if (found.empty() && constant) {
      r.key.parts.emplace_back(false, segs.front()[i]);
      continue;
    }
    if (found.empty()) {
      if (!allow_new) return Inferred{{}, {}, {}, -1, false};
      std::string before = i > 0 ? segs.front()[i - 1] : "";
      found = !name_hint.empty() && n <= 2 ? Identifier(LowerFirst(Camel(name_hint)))
              : !before.empty()            ? Identifier(LowerFirst(Camel(before)) + "Id")
                                           : fmt::format("{}Part{}", Identifier(key), i + 1);
      r.new_attributes.push_back(found);
    }
    if (found == "_shard")
      for (const WbItem* item : items)
        r.max_shard = std::max(r.max_shard, std::atoi(item->values.at("_shard").text.c_str()));
    r.key.parts.emplace_back(true, found);
  }
  // Merge adjacent literals ("ORDER" "#" "ORDER" -> "ORDER#ORDER").
  Parsed merged;
  for (const auto& part : r.key.parts) {
    if (!part.first && !merged.parts.empty() && !merged.parts.back().first)
      merged.parts.back().second += part.second;
    else
      merged.parts.push_back(part);
  }
  r.key = merged;
  return r;
}

// What an item type became.
struct Kind {
  enum { kEntity, kUnique, kHistory, kPatternFacet } what = kEntity;
  int entity = -1;     // index into draft entities (for all kinds)
  std::string suffix;  // the attribute / pattern name
};

class Inferrer {
 public:
  Inferrer(const WbTable& t, Diagnostics& diags, Draft& d) : t_(t), diags_(diags), d_(d) {}

  bool Run() {
    d_.model_name = t_.model_name;
    d_.table = t_.name;
    d_.pk = t_.pk;
    d_.sk = t_.sk;
    d_.billing = t_.billing == "PROVISIONED" ? "provisioned" : "on_demand";
    for (const auto& [name, type] : t_.attributes) declared_[name] = type;
    IndexNaming();
    GroupItems();
    if (facets_.empty()) {
      diags_.Error(ErrorId(DiagId::kCannotImport), t_.range,
                   "the table has neither facets nor sample items: nothing tells its item types");
      return false;
    }
    Classify();
    for (std::size_t f = 0; f < facets_.size(); ++f)
      if (kinds_[f].what == Kind::kEntity && !EntityOf(f)) return false;
    for (std::size_t f = 0; f < facets_.size(); ++f)
      if (kinds_[f].what != Kind::kEntity) Apply(f);
    for (std::size_t f = 0; f < facets_.size(); ++f) Patterns(f);
    // A partition label the derivation told apart from another one of the same shape by the
    // entity's label belongs to a view routed after that one.
    std::stable_partition(d_.patterns.begin(), d_.patterns.end(),
                          [](const DraftPattern& p) { return !p.deduplicated; });
    return !diags_.HasErrors();
  }

 private:
  // Indexes named <prefix>1.. with keys <prefix>NPK / <prefix>NSK can be pinned by name.
  void IndexNaming() {
    if (t_.indexes.empty()) return;
    std::string first = t_.indexes.front().name;
    std::string prefix = first.substr(0, first.find_last_not_of("0123456789") + 1);
    bool ok = !prefix.empty();
    for (std::size_t i = 0; ok && i < t_.indexes.size(); ++i) {
      std::string name = prefix + std::to_string(i + 1);
      ok = t_.indexes[i].name == name && t_.indexes[i].pk == name + "PK" &&
           t_.indexes[i].sk == name + "SK";
    }
    if (ok) {
      pin_indexes_ = true;
      if (prefix != "GSI") d_.index_prefix = prefix;
    } else {
      d_.notes.push_back(
          "The indexes do not follow the model's naming (<prefix>1, <prefix>2... keyed by "
          "<prefix>NPK and <prefix>NSK), so the patterns below are not pinned to them and the "
          "derivation designs its own indexes.");
    }
  }

  // Facets, then the table's items no facet lists, grouped by a type attribute or key prefixes.
  void GroupItems() {
    std::set<std::pair<std::string, std::string>> seen;
    auto key_of = [&](const WbItem& item) {
      auto pk = item.values.find(t_.pk), sk = item.values.find(t_.sk);
      return std::make_pair(pk == item.values.end() ? "" : pk->second.text,
                            sk == item.values.end() ? "" : sk->second.text);
    };
    for (const WbFacet& f : t_.facets) {
      facets_.push_back(f);
      for (const WbItem& item : f.items) seen.insert(key_of(item));
    }
    std::map<std::string, std::size_t> groups;
    for (const WbItem& item : t_.items) {
      if (seen.count(key_of(item))) continue;
      std::string name;
      for (const char* attr : {"_type", "type", "Type", "entityType", "EntityType", "__typename"}) {
        auto it = item.values.find(attr);
        if (it != item.values.end() && it->second.type == "S" && !it->second.text.empty()) {
          name = Camel(it->second.text);
          break;
        }
      }
      if (name.empty()) {
        auto [pk, sk] = key_of(item);
        name = Camel(Split(pk).front()) +
               (Split(sk).front() == Split(pk).front() ? "" : Camel(Split(sk).front()));
      }
      name = Identifier(name.empty() ? "Item" : name);
      auto [it, added] = groups.emplace(name, facets_.size());
      if (added) {
        WbFacet g;
        g.name = name;
        g.grouped = true;
        g.range = item.range;
        facets_.push_back(g);
      }
      facets_[it->second].items.push_back(item);
    }
  }

  void Classify() {
    kinds_.assign(facets_.size(), Kind{});
    for (std::size_t f = 0; f < facets_.size(); ++f) {
      const std::string& name = facets_[f].name;
      auto dot = name.find('.');
      if (dot == std::string::npos) continue;
      std::string base = name.substr(0, dot), suffix = name.substr(dot + 1);
      for (std::size_t b = 0; b < facets_.size(); ++b) {
        if (facets_[b].name != base) continue;
        Parsed pk = ParseTemplate(facets_[f].pk_alias);
        Parsed sk = ParseTemplate(facets_[f].sk_alias);
        if (suffix == "history" && facets_[f].sk_alias.find("{_version}") != std::string::npos)
          kinds_[f] = Kind{Kind::kHistory, static_cast<int>(b), suffix};
        else if (pk.ok && pk.Attributes() == std::vector<std::string>{suffix})
          kinds_[f] = Kind{Kind::kUnique, static_cast<int>(b), suffix};
        else
          kinds_[f] = Kind{Kind::kPatternFacet, static_cast<int>(b), suffix};
      }
    }
  }

  std::vector<const WbItem*> ItemsWith(std::size_t f, const std::string& key) const {
    std::vector<const WbItem*> out;
    for (const WbItem& item : facets_[f].items) {
      auto it = item.values.find(key);
      if (it != item.values.end() && it->second.type == "S") out.push_back(&item);
    }
    return out;
  }

  std::set<std::string> KeyAttributes() const {
    std::set<std::string> out = {t_.pk, t_.sk};
    for (const WbIndex& i : t_.indexes) out.insert(i.pk), out.insert(i.sk);
    return out;
  }

  // The table key template of facet `f` from its alias or items; nullopt reported.
  std::optional<Inferred> TableKey(std::size_t f, bool sort) {
    const WbFacet& facet = facets_[f];
    const std::string& alias = sort ? facet.sk_alias : facet.pk_alias;
    const std::string& key = sort ? t_.sk : t_.pk;
    // Template aliases (as `model export` writes them) come in pairs: a literal sort key alias
    // beside a template partition key alias ("CUSTOMER#{customerId}" / "CUSTOMER") is a template.
    bool templates = facet.pk_alias.find('{') != std::string::npos ||
                     facet.sk_alias.find('{') != std::string::npos;
    if (templates && !alias.empty()) {
      Inferred r;
      r.key = ParseTemplate(alias);
      if (!r.key.ok) {
        diags_.Error(ErrorId(DiagId::kCannotImport), facet.range,
                     fmt::format("facet '{}': the key alias '{}' has a '{{' without its '}}'",
                                 facet.name, alias));
        return std::nullopt;
      }
      // A versioned entity's `...#v0` stays: a pinned sort key is the current item's verbatim,
      // and history items put `#v{n}` in place of its `#v0` (docs/key-design.md).
      return r;
    }
    std::vector<const WbItem*> items = ItemsWith(f, key);
    if (items.empty()) {
      diags_.Error(
          ErrorId(DiagId::kCannotImport), facet.range,
          fmt::format("facet '{}' has no sample item with its {} and its key alias '{}' is no "
                      "template: write the alias as a template like CUSTOMER#{{customerId}}, or "
                      "add sample items",
                      facet.name, key, alias));
      return std::nullopt;
    }
    std::set<std::string> excluded = KeyAttributes();
    Inferred r = InferTemplate(items, key, alias == key ? "" : alias, true, excluded);
    if (!r.ok) {
      // Values of different shapes: the whole value is one attribute.
      r = Inferred{};
      r.key.parts.emplace_back(true, Identifier(LowerFirst(Camel(alias.empty() ? key : alias))));
      r.new_attributes.push_back(r.key.parts.back().second);
    }
    return r;
  }

  bool EntityOf(std::size_t f) {
    const WbFacet& facet = facets_[f];
    bool versioned = false;
    for (std::size_t g = 0; g < facets_.size(); ++g)
      versioned = versioned ||
                  (kinds_[g].what == Kind::kHistory && kinds_[g].entity == static_cast<int>(f));
    auto pk = TableKey(f, false);
    auto sk = TableKey(f, true);
    if (!pk || !sk) return false;
    DraftEntity e;
    e.name = Identifier(facet.name);
    e.from = facet.grouped ? "the table's sample items that no facet lists"
                           : fmt::format("facet {}", facet.name);
    e.versioned = versioned;
    e.samples = facet.items.size();
    e.pk = pk->key.Text();
    e.sk = sk->key.Text();
    for (const auto& a : pk->key.Attributes()) e.identifier.push_back(a);
    for (const auto& a : sk->key.Attributes())
      if (std::find(e.identifier.begin(), e.identifier.end(), a) == e.identifier.end())
        e.identifier.push_back(a);
    e.identifier.erase(std::remove_if(e.identifier.begin(), e.identifier.end(), Helper),
                       e.identifier.end());
    if (e.identifier.empty()) {
      diags_.Error(ErrorId(DiagId::kCannotImport), facet.range,
                   fmt::format("facet '{}' keys its items {} / {}, with no attribute in them: a "
                               "model entity needs an identifier in its keys",
                               facet.name, e.pk, e.sk));
      return false;
    }
    // Attributes: the facet's list, then what the items hold, then the key placeholders.
    std::vector<std::string> names;
    std::set<std::string> excluded = KeyAttributes();
    auto add = [&](const std::string& n) {
      if (excluded.count(n) || Helper(n)) return;
      if (std::find(names.begin(), names.end(), n) == names.end()) names.push_back(n);
    };
    for (const auto& n : facet.non_key) add(n);
    for (const WbItem& item : facet.items)
      for (const auto& [n, v] : item.values) add(n);
    for (const auto& n : e.identifier) add(n);
    std::map<std::string, std::string> implied = pk->implied_types;
    implied.insert(sk->implied_types.begin(), sk->implied_types.end());
    for (const auto& n : names) {
      std::vector<const WbValue*> values;
      std::size_t present = 0;
      for (const WbItem& item : facet.items) {
        auto it = item.values.find(n);
        if (it != item.values.end() && it->second.type != "NULL") values.push_back(&it->second);
        present += it != item.values.end() && it->second.type != "NULL";
      }
      DraftAttr a;
      a.name = Identifier(n);
      auto dec = declared_.find(n);
      a.type = TypeOf(values, dec == declared_.end() ? "" : dec->second);
      if (implied.count(n)) a.type = implied[n];
      bool key = std::find(e.identifier.begin(), e.identifier.end(), n) != e.identifier.end();
      if (key && !KeyType(a.type)) a.type = "string";
      a.required = key || (!facet.items.empty() && present == facet.items.size());
      e.attributes.push_back(a);
    }
    entity_of_facet_[f] = static_cast<int>(d_.entities.size());
    kinds_[f].entity = static_cast<int>(f);
    d_.entities.push_back(std::move(e));
    return true;
  }

  DraftEntity* EntityFor(std::size_t f) {
    auto it = entity_of_facet_.find(static_cast<std::size_t>(kinds_[f].entity));
    return it == entity_of_facet_.end() ? nullptr
                                        : &d_.entities[static_cast<std::size_t>(it->second)];
  }

  void Apply(std::size_t f) {
    DraftEntity* e = EntityFor(f);
    if (!e) return;
    if (kinds_[f].what == Kind::kUnique) {
      for (DraftAttr& a : e->attributes)
        if (a.name == kinds_[f].suffix) a.unique = true;
    }
  }

  std::string Label(const DraftEntity& e) const { return UpperSnake(e.name); }

  // One pattern per index the facet's items are in (and, for entities, one on the table).
  void Patterns(std::size_t f) {
    DraftEntity* e = EntityFor(f);
    if (!e || kinds_[f].what == Kind::kUnique || kinds_[f].what == Kind::kHistory) return;
    bool main = kinds_[f].what == Kind::kEntity;
    if (main) {
      DraftPattern p;
      p.name = Unique("get" + UpperFirst(e->name));
      p.description = fmt::format("One {} by its table key.", e->name);
      p.returns = e->name;
      p.by = e->identifier;
      p.current_only = e->versioned;
      d_.patterns.push_back(p);
    }
    std::set<std::string> excluded = KeyAttributes();
    excluded.erase("_shard");
    for (std::size_t i = 0; i < t_.indexes.size(); ++i) {
      const WbIndex& index = t_.indexes[i];
      std::vector<const WbItem*> items;
      for (const WbItem* item : ItemsWith(f, index.pk))
        if (item->values.count(index.sk)) items.push_back(item);
      if (items.empty()) continue;
      Inferred pk = InferTemplate(items, index.pk, "", false, excluded);
      Inferred sk = InferTemplate(items, index.sk, "", false, excluded);
      if (!pk.ok || !sk.ok) {
        d_.notes.push_back(fmt::format(
            "{}'s {} keys could not be matched to its attributes; no pattern reads it there.",
            facets_[f].name, index.name));
        continue;
      }
      DraftPattern p;
      p.returns = e->name;
      for (const auto& a : pk.key.Attributes())
        if (a != "_shard") p.by.push_back(a);
      std::vector<std::string> sk_attrs = sk.key.Attributes();
      if (sk.key.parts.size() == 1 && sk.key.parts[0].first) {
        const std::string& a = sk_attrs[0];
        bool required = true;
        for (const DraftAttr& attr : e->attributes)
          if (attr.name == a) required = attr.required;
        if (p.by.empty() || !required) {
          p.range_attr = a;
          p.range_op = "between";
        } else {
          p.sort_attr = a;
        }
      }
      if (pin_indexes_) p.index = index.name;
      if (pk.max_shard >= 0) p.shards = std::max(2, pk.max_shard + 1);
      // The partition label NameView gives, and what the existing literal adds to it.
      std::string literal =
          pk.key.parts.empty() || pk.key.parts[0].first ? "" : pk.key.parts[0].second;
      literal = literal.substr(0, literal.find('#'));
      Filters(f, *e, items, literal, p);
      // The entity's own item's keys on the index, pinned as they stand (docs/model-format.md
      // "Pinned keys"): the pattern reads them. Not a sharded partition (the shard is no
      // attribute of the entity) nor one made sparse by a value (a pin cannot say when an item
      // has keys): those stay the derivation's.
      if (main && pin_indexes_ && pk.max_shard < 0 && p.filter_attr.empty()) {
        e->index_keys.push_back({index.name, pk.key.Text(), sk.key.Text()});
        p.note.clear();
      }
      p.current_only = e->versioned;
      p.name = main
                   ? Unique(LowerFirst(e->name) + "By" + (p.by.empty() ? index.name : ByName(p.by)))
                   : Unique(Identifier(kinds_[f].suffix));
      p.description = fmt::format("{} items by {} = {}{}.", e->name, index.pk, pk.key.Text(),
                                  sk.key.Text().empty() ? "" : ", sorted by " + index.sk);
      d_.patterns.push_back(p);
    }
  }

  static std::string ByName(const std::vector<std::string>& by) {
    std::string out;
    for (const auto& b : by) out += UpperFirst(b);
    return out;
  }

  // Works out the label: an entity's (the partition of the entity the parameters identify, or
  // of a relationship's `from`), or <ENTITY>_BY_<PARAMS>, then a filter value or the returned
  // entity's label that tells two partitions of one shape apart.
  void Filters(std::size_t f, const DraftEntity& e, const std::vector<const WbItem*>& items,
               const std::string& literal, DraftPattern& p) {
    std::string by_label = Label(e);
    if (!p.by.empty()) {
      by_label += "_BY";
      for (const auto& b : p.by) by_label += "_" + UpperSnake(b);
    }
    const DraftEntity* identified = nullptr;
    for (const DraftEntity& o : d_.entities) {
      std::vector<std::string> a = o.identifier, b = p.by;
      std::sort(a.begin(), a.end());
      std::sort(b.begin(), b.end());
      if (!b.empty() && a == b) identified = &o;
    }
    std::string base;
    const DraftEntity* from = nullptr;
    if (identified && literal.rfind(Label(*identified), 0) == 0) {
      base = Label(*identified);
    } else if (literal.rfind(by_label, 0) == 0) {
      base = by_label;
    } else {
      for (const DraftEntity& o : d_.entities) {
        std::string l = Label(o);
        if (!p.by.empty() && o.identifier.size() == p.by.size() && literal.rfind(l, 0) == 0 &&
            (literal.size() == l.size() || literal[l.size()] == '_') && l.size() > base.size()) {
          base = l;
          from = &o;
        }
      }
    }
    if (base.empty() && p.by.empty()) base = Label(e);
    if (base.empty()) {
      p.note = fmt::format(
          "the existing index partition key starts {}; the derivation labels it "
          "{}",
          literal, identified ? Label(*identified) : by_label);
      return;
    }
    if (from && from != &e) {
      DraftRelationship r;
      r.from = from->name;
      r.to = e.name;
      r.link = p.by;
      r.name = LowerFirst(from->name) + UpperFirst(e.name) + (p.by.size() == 1 ? "" : "s");
      r.why = fmt::format("{}'s index partition {} holds it", from->name, literal);
      bool dup = false;
      for (const auto& o : d_.relationships)
        dup = dup || (o.from == r.from && o.to == r.to && o.link == r.link);
      if (!dup) {
        for (const auto& o : d_.relationships)
          if (o.name == r.name) r.name += std::to_string(d_.relationships.size() + 1);
        d_.relationships.push_back(r);
      }
    }
    if (base.empty() || literal == base) return;
    std::string rest = literal.substr(base.size());
    if (rest == "_" + Label(e)) {  // the derivation's tie-breaker: a later view of one shape
      p.deduplicated = true;
      return;
    }
    // A fixed filter: an attribute with one value across the items, named after the base.
    for (const auto& [name, value] : items.front()->values) {
      if (value.type != "S") continue;
      bool constant = std::all_of(items.begin(), items.end(), [&](const WbItem* item) {
        auto it = item->values.find(name);
        return it != item->values.end() && it->second.text == value.text;
      });
      if (constant && "_" + UpperSnake(value.text) == rest) {
        p.filter_attr = name;
        p.filter_value = value.text;
        return;
      }
    }
    p.note = fmt::format(
        "the existing partition key {} is labelled '{}': the derivation may "
        "label it differently",
        literal, literal);
    (void)f;
  }

  std::string Unique(std::string name) {
    std::string out = name;
    for (int n = 2; used_names_.count(out); ++n) out = name + std::to_string(n);
    used_names_.insert(out);
    return out;
  }

  const WbTable& t_;
  Diagnostics& diags_;
  Draft& d_;
  std::map<std::string, std::string> declared_;
  std::vector<WbFacet> facets_;
  std::vector<Kind> kinds_;
  std::map<std::size_t, int> entity_of_facet_;
  std::set<std::string> used_names_;
  bool pin_indexes_ = false;
};

}  // namespace

std::string Identifier(const std::string& name) {
  std::string out;
  for (char c : name) out += std::isalnum(static_cast<unsigned char>(c)) || c == '_' ? c : '_';
  if (out.empty() || std::isdigit(static_cast<unsigned char>(out[0]))) out = "_" + out;
  return out;
}

bool InferDraft(const WbTable& table, Diagnostics& diags, Draft& out) {
  return Inferrer(table, diags, out).Run();
}

}  // namespace model::importer
