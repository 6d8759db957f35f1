// Inference: item types, attributes and their types, key templates (from the facets' aliases or
// matched against the sample items' values through the model's key encodings: templates.cpp), and
// one read pattern per item type and index, named so that the derivation (model/derive/routes.cpp:
// NameView) labels each index partition as the existing design does. Names become identifiers,
// made unique per entity (attributes) and per model (entities); an index's keys are pinned only
// when the pin holds exactly the items that carry them.
#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <optional>
#include <set>
#include <tuple>

#include "model/base/casing.h"
#include "model/import/internal.h"
#include "model/keys/key_template.h"

namespace model::importer {

namespace {

// The attributes `model` itself writes (codegen/export/nosql_workbench.cpp), never entity
// attributes.
bool Helper(const std::string& name) {
  return name == "_type" || name == "_shard" || name == "_version" || name == "_latest";
}

// What an item type became.
struct Kind {
  enum { kEntity, kUnique, kHistory, kPatternFacet } what = kEntity;
  int entity = -1;     // index into draft entities (for all kinds)
  std::string suffix;  // the attribute / pattern name
};

// Whether a sample value reads as key text, `USER#42` or `$app#user_1`: a key separator '#'
// after a label in upper case (the model's, and most hand-made designs'), or after a label that
// starts with punctuation (ElectroDB's `$service#...`), or with nothing before it. A value such
// as `email#3` or `Bob#1` (a lower-case word before the '#', as the model's own sample data and
// people's values are written) is an attribute's own value.
bool KeyText(const std::string& v) {
  const std::size_t at = v.find(keys::kKeySeparator);
  if (at == std::string::npos) return false;
  if (at == 0 || !std::isalnum(static_cast<unsigned char>(v[0]))) return true;
  return std::none_of(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(at),
                      [](char ch) { return std::islower(static_cast<unsigned char>(ch)); });
}

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
    WarnTypeAttributes();
    for (std::size_t f = 0; f < facets_.size(); ++f)
      if (kinds_[f].what != Kind::kEntity) Apply(f);
    UniqueScopes();
    IncludeLists();
    for (std::size_t f = 0; f < facets_.size(); ++f) Patterns(f);
    PinFetches();
    MergeSameReads();
    WarnIndexRenames();
    DeclareIndexes();
    Collections();
    InvertedCollections();
    // A partition label the derivation told apart from another one of the same shape by the
    // entity's label belongs to a view routed after that one.
    std::stable_partition(d_.patterns.begin(), d_.patterns.end(),
                          [](const DraftPattern& p) { return !p.deduplicated; });
    return !diags_.HasErrors();
  }

 private:
  // An index named <prefix>N keyed <prefix>NPK / <prefix>NSK can be pinned by name (the model
  // names its indexes so: docs/model-format.md, `table`), with the prefix of the first such index
  // (a model has one `index_prefix`). Each other index is left unpinned, with a warning naming
  // it and why (W520): its reads are imported unpinned and the derivation serves them with an
  // index of its own; the indexes that can be pinned are pinned all the same.
  void IndexNaming() {
    pinnable_.assign(t_.indexes.size(), false);
    inverted_.assign(t_.indexes.size(), false);
    natural_.assign(t_.indexes.size(), false);
    auto prefix_of = [](const WbIndex& index) -> std::optional<std::string> {
      std::size_t end = index.name.find_last_not_of("0123456789") + 1;
      std::string prefix = index.name.substr(0, end);
      if (prefix.empty() || end == index.name.size() || index.name[end] == '0') return std::nullopt;
      if (index.pk != index.name + "PK" || index.sk != index.name + "SK") return std::nullopt;
      return prefix;
    };
    std::optional<std::string> prefix;
    for (const WbIndex& index : t_.indexes) {
      if ((prefix = prefix_of(index))) break;
    }
    for (std::size_t i = 0; i < t_.indexes.size(); ++i) {
      const WbIndex& index = t_.indexes[i];
      std::optional<std::string> own = prefix_of(index);
      if (own && own == prefix) {
        pinnable_[i] = true;
        continue;
      }
      std::string why;
      if (index.pk == t_.sk && index.sk == t_.pk) {
        inverted_[i] = true;  // named below, once the pinnable indexes hold their numbers
        continue;
      }
      if (NaturalKeyed(index)) {
        natural_[i] = true;  // named below, as an inverted index is
        continue;
      }
      if (index.sk.empty() || index.pk_type != "S" || index.sk_type != "S") {
        why = fmt::format(
            "it is keyed {}, which the model keeps only as a natural-key index, keyed on "
            "attributes the facets declare whose sample values are strings, numbers or "
            "binaries that are not key text (USER#42)",
            index.sk.empty() ? fmt::format("by {} alone, with no sort key", index.pk)
                             : fmt::format("by {} / {} (not both strings)", index.pk, index.sk));
      } else if (index.pk == t_.pk || index.pk == t_.sk || index.sk == t_.pk || index.sk == t_.sk) {
        why = fmt::format(
            "it is keyed by {} / {}, among them the table's own key attributes, and the model "
            "keys an index on them only swapped ({} / {}: an inverted index); other indexes it "
            "keys in attributes of the index's own ({}1PK / {}1SK, {}2PK / {}2SK...)",
            index.pk, index.sk.empty() ? "no sort key" : index.sk, t_.sk, t_.pk,
            prefix.value_or("GSI"), prefix.value_or("GSI"), prefix.value_or("GSI"),
            prefix.value_or("GSI"));
      } else if (own) {
        why = fmt::format(
            "its prefix '{}' differs from '{}' of index '{}', and a model has one "
            "index prefix",
            *own, *prefix, IndexWithPrefix(*prefix));
      } else {
        why = fmt::format(
            "the model names an index <prefix>N and keys it <prefix>NPK / "
            "<prefix>NSK (e.g. {0}1 keyed {0}1PK / {0}1SK), not '{1}' keyed {2} / {3}",
            prefix.value_or("GSI"), index.name, index.pk,
            index.sk.empty() ? "no sort key" : index.sk);
      }
      diags_.Warning(DiagId::kImportIndexUnpinned, index.range,
                     fmt::format("index '{}' cannot be pinned: {}; the reads of its items are "
                                 "imported unpinned, so the derivation serves them with an index "
                                 "of its own, not this one",
                                 index.name, why));
      d_.notes.push_back(fmt::format(
          "Index {} is not pinned: {}. The patterns reading it below are not pinned to it; the "
          "derivation designs its own index for them.",
          index.name, why));
    }
    if (prefix && *prefix != "GSI") d_.index_prefix = *prefix;
    // Model names: a pinnable index keeps its own; an inverted one takes the first number no
    // pinnable index holds (a model's indexes are <prefix>1, <prefix>2...: docs/model-format.md),
    // with a warning when that renames it (W536).
    std::set<int> taken;
    model_name_.assign(t_.indexes.size(), "");
    for (std::size_t i = 0; i < t_.indexes.size(); ++i) {
      if (!pinnable_[i]) continue;
      model_name_[i] = t_.indexes[i].name;
      taken.insert(std::stoi(t_.indexes[i].name.substr(prefix->size())));
    }
    const std::string model_prefix = prefix.value_or("GSI");
    model_prefix_ = model_prefix;
    for (std::size_t i = 0; i < t_.indexes.size(); ++i) {
      if (!inverted_[i] && !natural_[i]) continue;
      int n = 1;
      while (taken.count(n)) ++n;
      taken.insert(n);
      model_name_[i] = model_prefix + std::to_string(n);
      const WbIndex& index = t_.indexes[i];
      if (model_name_[i] == index.name) continue;
      const std::string keyed =
          natural_[i] ? fmt::format("is keyed on the attribute{} {}{} (a natural-key index)",
                                    index.sk.empty() ? "" : "s", index.pk,
                                    index.sk.empty() ? "" : " and " + index.sk)
                      : fmt::format("is keyed by the table's {} and {} (an inverted index)",
                                    index.pk, index.sk);
      renamed_.emplace_back(i, keyed);  // warned once its reads are known (WarnIndexRenames)
      d_.notes.push_back(fmt::format("Index {} is {} in this model ({}, keyed {}{}).", index.name,
                                     model_name_[i],
                                     natural_[i] ? "a natural-key index" : "an inverted index",
                                     index.pk, index.sk.empty() ? "" : " / " + index.sk));
    }
  }

  // Each INCLUDE index's NonKeyAttributes as the model lists them (include_): the entity
  // attributes they name, under their model names. The model's list names attributes some entity
  // declares, each once, none a key attribute (docs/model-format.md, `indexes`; E238): an entry
  // naming no imported attribute, a key attribute (the table's or an index's) or one listed
  // before is dropped with a warning at it (W550). The attributes the model projects itself on
  // every INCLUDE index (_type, _version, _latest: model/index_projection.h) are dropped quietly.
  void IncludeLists() {
    include_.assign(t_.indexes.size(), {});
    const std::set<std::string> keys = KeyAttributes();
    for (std::size_t i = 0; i < t_.indexes.size(); ++i) {
      const WbIndex& index = t_.indexes[i];
      if (index.projection != "INCLUDE") continue;
      std::vector<std::string>& out = include_[i];
      std::map<std::string, std::size_t> seen;  // an entry's text -> its position in non_key
      for (std::size_t k = 0; k < index.non_key.size(); ++k) {
        const std::string& n = index.non_key[k];
        if (n == "_type" || n == "_version" || n == "_latest") continue;
        std::string why;
        std::string model_name;
        for (const auto& [f, names] : renames_) {
          auto it = names.find(n);
          if (it != names.end() && model_name.empty()) model_name = it->second;
        }
        std::string other;  // the other index whose key attribute (KeyAttributes) it is
        for (std::size_t o = 0; o < t_.indexes.size(); ++o)
          if (other.empty() && o != i && keys.count(n) &&
              (n == t_.indexes[o].pk || n == t_.indexes[o].sk))
            other = t_.indexes[o].name;
        if (auto first = seen.find(n); first != seen.end()) {
          SourcePos at = index.non_key_ranges[first->second].begin;
          why = fmt::format("it is listed already (at {}:{})", at.line, at.column);
        } else if (n == t_.pk || n == t_.sk) {
          why = "it is a key attribute of the table, which every index holds whatever it projects";
        } else if (n == index.pk || n == index.sk) {
          why =
              fmt::format("it is a key attribute of {} itself, which it holds whatever it projects",
                          index.name);
        } else if (!other.empty()) {
          why = fmt::format(
              "it is a key attribute of index '{}', key text for that index alone, which no "
              "read of '{}' returns",
              other, index.name);
        } else if (model_name.empty()) {
          why =
              "no imported entity has an attribute of that name (in a facet's "
              "NonKeyAttributes or a sample item)";
        }
        seen.emplace(n, k);
        if (why.empty()) {
          if (std::find(out.begin(), out.end(), model_name) == out.end()) out.push_back(model_name);
          continue;
        }
        dropped_include_.emplace_back(i, k, why);
      }
      for (const auto& [di, k, why] : dropped_include_) {
        if (di != i) continue;
        std::string rest = out.empty()
                               ? "nothing is left, so the model pins no projection on it "
                                 "and the derivation chooses one"
                               : fmt::format("it projects the others: [{}]", fmt::join(out, ", "));
        diags_.Warning(DiagId::kImportIncludeEntryDropped, index.non_key_ranges[k],
                       fmt::format("index '{}': the INCLUDE entry '{}' is left out of the "
                                   "model's projection list: {}; {}",
                                   index.name, index.non_key[k], why, rest));
      }
    }
  }

  // Whether `index` is keyed on attributes of the items themselves (a natural-key index,
  // docs/model-format.md): neither key is one of the table's, a facet declares them all among its
  // attributes, and every sample value of them is a scalar a key can be (S, N or B:
  // https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_AttributeDefinition.html)
  // that is not key text (KeyText: `USER#42`, what an overloaded index's keys are written in,
  // rather than an attribute's own value).
  bool NaturalKeyed(const WbIndex& index) const {
    if (index.pk.empty() || index.pk == t_.pk || index.pk == t_.sk || index.sk == t_.pk ||
        index.sk == t_.sk)
      return false;
    // (Runs before GroupItems: the facets as the Workbench model has them, and without any, the
    // table's NonKeyAttributes and items.)
    auto all = [&](const std::vector<std::string>& names) {
      auto has = [&](const std::string& a) {
        return std::find(names.begin(), names.end(), a) != names.end();
      };
      return has(index.pk) && (index.sk.empty() || has(index.sk));
    };
    bool declared = false;
    for (const WbFacet& facet : t_.facets) declared = declared || all(facet.non_key);
    if (t_.facets.empty()) {
      std::vector<std::string> names;
      for (const auto& [name, type] : t_.attributes) names.push_back(name);
      declared = all(names);
    }
    auto scalar = [&](const WbItem& item) {
      for (const std::string* key : {&index.pk, &index.sk}) {
        auto it = item.values.find(*key);
        if (key->empty() || it == item.values.end()) continue;
        const WbValue& v = it->second;
        if (v.type != "S" && v.type != "N" && v.type != "B") return false;
        if (v.type == "S" && KeyText(v.text)) return false;
      }
      return true;
    };
    for (const WbFacet& facet : t_.facets) {
      for (const WbItem& item : facet.items)
        if (!scalar(item)) return false;
    }
    for (const WbItem& item : t_.items)
      if (!scalar(item)) return false;
    return declared;
  }

  // `table: indexes:` entries: each index the model names, in number order, with its projection
  // (what it copies:
  // https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_Projection.html) and, for an
  // inverted index, its key attributes. An INCLUDE list is include_'s (IncludeLists).
  // The model name of attribute `raw` an index is keyed on: the entities' name for it where one
  // was renamed (W528: `e-mail` is `e_mail`), so the index and the attributes stay one name.
  std::string KeyAttributeName(const std::string& raw) const {
    if (raw.empty() || Identifier(raw) == raw) return raw;
    for (const auto& [f, names] : renames_) {
      auto it = names.find(raw);
      if (it != names.end()) return it->second;
    }
    return Identifier(raw);
  }

  void DeclareIndexes() {
    std::vector<std::pair<int, DraftIndex>> out;
    const std::size_t prefix_size = d_.index_prefix.empty() ? 3 : d_.index_prefix.size();
    for (std::size_t i = 0; i < t_.indexes.size(); ++i) {
      if (model_name_[i].empty()) continue;
      const WbIndex& index = t_.indexes[i];
      DraftIndex di;
      di.name = model_name_[i];
      if (inverted_[i] || natural_[i]) {
        di.pk = KeyAttributeName(index.pk);
        di.sk = KeyAttributeName(index.sk);
      }
      if (index.projection == "ALL" || index.projection == "KEYS_ONLY") {
        di.projection = index.projection;
      } else if (index.projection == "INCLUDE") {
        di.include = include_[i];
        if (!di.include.empty()) di.projection = "INCLUDE";
      }
      if (di.pk.empty() && di.projection.empty()) continue;
      out.emplace_back(std::stoi(di.name.substr(prefix_size)), di);
    }
    std::sort(out.begin(), out.end(),
              [](const auto& a, const auto& b) { return a.first < b.first; });
    for (auto& [n, di] : out) d_.indexes.push_back(std::move(di));
  }

  // The name of the first index that can be pinned with `prefix`.
  std::string IndexWithPrefix(const std::string& prefix) const {
    for (std::size_t i = 0; i < t_.indexes.size(); ++i)
      if (pinnable_[i] && t_.indexes[i].name.rfind(prefix, 0) == 0) return t_.indexes[i].name;
    return prefix;
  }

  // The attributes whose values may name an item's type, in the order they are looked for.
  static constexpr const char* kTypeAttributes[] = {"_type",      "type",       "Type",
                                                    "entityType", "EntityType", "__typename"};

  // `name` lower-cased with only its letters and digits: "Order_Line" and "ORDER-LINE" match.
  static std::string Folded(const std::string& name) {
    std::string out;
    for (char c : name)
      if (std::isalnum(static_cast<unsigned char>(c)))
        out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
  }

  // The attribute of kTypeAttributes that holds, on every item of facet `f`, the facet's name
  // ("Artist" or "ARTIST" on the items of facet Artist); empty when none does.
  std::string FacetTypeAttribute(const WbFacet& f) const {
    if (f.items.empty()) return "";
    for (const char* attr : kTypeAttributes) {
      bool names = std::all_of(f.items.begin(), f.items.end(), [&](const WbItem& item) {
        auto it = item.values.find(attr);
        return it != item.values.end() && it->second.type == "S" &&
               !Folded(it->second.text).empty() && Folded(it->second.text) == Folded(f.name);
      });
      if (names) return attr;
    }
    return "";
  }

  // Facets, then the table's items no facet lists, grouped by a type attribute's value or key
  // prefixes. Type values that make the same entity name ("Order", "order", "ORDER") stay apart:
  // a later one's entity gets 2, 3... (as a facet's or another group's name taken does) and a
  // warning says which type became which entity (W548).
  void GroupItems() {
    std::set<std::pair<std::string, std::string>> seen;
    auto key_of = [&](const WbItem& item) {
      auto pk = item.values.find(t_.pk), sk = item.values.find(t_.sk);
      return std::make_pair(pk == item.values.end() ? "" : pk->second.text,
                            sk == item.values.end() ? "" : sk->second.text);
    };
    std::map<std::string, std::string> names;  // entity name so far -> whose it is
    for (const WbFacet& f : t_.facets) {
      facets_.push_back(f);
      facets_.back().type_attribute = FacetTypeAttribute(f);
      names.emplace(Identifier(f.name), fmt::format("facet {}'s", f.name));
      for (const WbItem& item : f.items) seen.insert(key_of(item));
    }
    // By type attribute and value ("type\nOrder"), or by the key prefixes' name ("\nOrderLine").
    std::map<std::string, std::size_t> groups;
    for (const WbItem& item : t_.items) {
      if (seen.count(key_of(item))) continue;
      std::string name, attribute, value;
      for (const char* attr : kTypeAttributes) {
        auto it = item.values.find(attr);
        if (it != item.values.end() && it->second.type == "S" && !it->second.text.empty()) {
          name = Camel(it->second.text);
          attribute = attr;
          value = it->second.text;
          break;
        }
      }
      if (name.empty()) {
        auto [pk, sk] = key_of(item);
        name = Camel(SplitKey(pk).front()) +
               (SplitKey(sk).front() == SplitKey(pk).front() ? "" : Camel(SplitKey(sk).front()));
      }
      name = Identifier(name.empty() ? "Item" : name);
      auto [it, added] =
          groups.emplace(attribute + "\n" + (attribute.empty() ? name : value), facets_.size());
      if (added) {
        WbFacet g;
        g.name = name;
        for (int n = 2; names.count(g.name); ++n) g.name = name + std::to_string(n);
        names.emplace(g.name, attribute.empty()
                                  ? fmt::format("the name of the items keyed {} / {}",
                                                key_of(item).first, key_of(item).second)
                                  : fmt::format("the items of type '{}'", value));
        g.grouped = true;
        g.range = item.range;
        g.type_attribute = attribute;
        if (!attribute.empty() && g.name != name) {
          diags_.Warning(
              DiagId::kImportTypesApart, item.range,
              fmt::format("items of type '{}' ({} = \"{}\") are imported as entity '{}': entity "
                          "name '{}' is {}, and items of different types are kept apart, not "
                          "merged; rename the entity, or give the items one type "
                          "value if they are one type",
                          value, attribute, value, g.name, name, names.at(name)));
        }
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

  // The key attributes, never an entity's: the table's, those of the indexes the model names
  // (GSInPK / GSInSK, or the table's own on an inverted index), and those of an index it cannot
  // pin (W520) that are named as the model names its key attributes (E211) or hold key text (a
  // value with '#' in it, as `CUST#c1`). The other key attributes of such an index are the items'
  // own values (`email` keying an index of its own is the customer's email), imported as any
  // other attribute.
  std::set<std::string> KeyAttributes() const {
    std::set<std::string> out = {t_.pk, t_.sk};
    const std::string prefix = d_.index_prefix.empty() ? "GSI" : d_.index_prefix;
    auto model_named = [&](const std::string& name) {
      if (name.size() <= prefix.size() + 2 || name.compare(0, prefix.size(), prefix) != 0)
        return false;
      std::string rest = name.substr(prefix.size());
      std::string suffix = rest.substr(rest.size() - 2);
      std::string digits = rest.substr(0, rest.size() - 2);
      return (suffix == "PK" || suffix == "SK") && !digits.empty() &&
             std::all_of(digits.begin(), digits.end(),
                         [](char c) { return std::isdigit(static_cast<unsigned char>(c)); });
    };
    auto key_text = [&](const std::string& name) {
      auto holds = [&](const WbItem& item) {
        auto it = item.values.find(name);
        return it != item.values.end() && KeyText(it->second.text);
      };
      for (const WbFacet& f : t_.facets)
        if (std::any_of(f.items.begin(), f.items.end(), holds)) return true;
      return std::any_of(t_.items.begin(), t_.items.end(), holds);
    };
    for (std::size_t i = 0; i < t_.indexes.size(); ++i) {
      if (i < natural_.size() && natural_[i]) continue;  // the entities' own attributes
      for (const std::string* k : {&t_.indexes[i].pk, &t_.indexes[i].sk}) {
        if (k->empty()) continue;
        if (pinnable_[i] || inverted_[i] || model_named(*k) || key_text(*k)) out.insert(*k);
      }
    }
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
    std::set<std::string> taken(facet.non_key.begin(), facet.non_key.end());
    for (const WbItem& item : facet.items)
      for (const auto& [n, v] : item.values) taken.insert(n);
    Inferred r = InferTemplate(
        items, key, alias == key ? "" : alias, true, excluded,
        [&](const std::string& name) { return Candidates(f, f, name); }, taken);
    if (!r.ok) {
      // Values of different shapes: the whole value is one attribute.
      r = Inferred{};
      r.key.parts.emplace_back(true, Identifier(LowerFirst(Camel(alias.empty() ? key : alias))));
      r.new_attributes.push_back(r.key.parts.back().second);
      for (const WbItem* item : items)
        r.new_values.push_back({item, r.new_attributes.back(), item->values.at(key).text});
    }
    return r;
  }

  bool EntityOf(std::size_t f) {
    const WbFacet& facet = facets_[f];
    bool versioned = false;
    for (std::size_t g = 0; g < facets_.size(); ++g)
      versioned = versioned ||
                  (kinds_[g].what == Kind::kHistory && kinds_[g].entity == static_cast<int>(f));
    // Each key fixes the types its attributes were matched as, for the keys after it.
    auto lock = [&](const Inferred& key) {
      for (const auto& [name, type] : key.implied_types) locked_[f][name] = type;
      for (const auto& name : key.new_attributes) locked_[f][name] = "string";
    };
    auto pk = TableKey(f, false);
    if (pk) lock(*pk);
    auto sk = TableKey(f, true);
    if (!pk || !sk) return false;
    lock(*sk);
    DraftEntity e;
    // Facet names made identifiers can meet ("Order Line", "Order-Line"): later ones get a number.
    std::string name = Identifier(facet.name);
    e.name = name;
    for (int n = 2; entity_names_.count(e.name); ++n) e.name = name + std::to_string(n);
    entity_names_.insert(e.name);
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
    // The type attribute: the model writes each item's type itself, in `_type`, unless the
    // keys hold it.
    const std::string& type_attr = facet.type_attribute;
    if (!type_attr.empty() && !Helper(type_attr) &&
        std::find(e.identifier.begin(), e.identifier.end(), type_attr) == e.identifier.end()) {
      excluded.insert(type_attr);
      dropped_types_[type_attr].push_back(f);
    }
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
    std::map<std::string, std::string>& rename = renames_[f] = ModelNames(names);
    for (const auto& n : names) {
      std::vector<const WbValue*> values;
      std::size_t present = 0;
      for (const WbItem& item : facet.items) {
        auto it = item.values.find(n);
        if (it != item.values.end() && it->second.type != "NULL") values.push_back(&it->second);
        present += it != item.values.end() && it->second.type != "NULL";
      }
      DraftAttr a;
      a.name = ModelName(f, n);
      auto dec = declared_.find(n);
      a.type = TypeOf(values, dec == declared_.end() ? "" : dec->second, UseOf(n));
      if (implied.count(n)) a.type = implied[n];
      bool key = std::find(e.identifier.begin(), e.identifier.end(), n) != e.identifier.end();
      if (key && !KeyType(a.type)) a.type = "string";
      a.required = key || (!facet.items.empty() && present == facet.items.size());
      e.attributes.push_back(a);
    }
    for (auto& n : e.identifier) n = ModelName(f, n);
    e.pk = pk->key.Renamed(rename).Text();
    e.sk = sk->key.Renamed(rename).Text();
    WarnRenamed(f, e, names);
    WarnEmbedded(f, e, names);
    // A part that holds an attribute's value in a form the model cannot write became a new
    // attribute holding the part as it is: the pinned keys address the existing items, but
    // only while the application writes that attribute.
    for (const auto& [key, inferred] : {std::pair{t_.pk, &*pk}, std::pair{t_.sk, &*sk}}) {
      for (const Unencodable& u : inferred->unencodable) {
        diags_.Warning(
            DiagId::kImportKeyPartUnencodable, u.item->range,
            fmt::format("entity '{}': {}; so its key is pinned as '{}' with a new string attribute "
                        "'{}' that holds the part as it is and that your application must write "
                        "beside '{}'; to key the items by '{}' instead, rewrite their {} values in "
                        "the model's form",
                        e.name, DescribeUnencodable(key, u), key == t_.pk ? e.pk : e.sk,
                        ModelName(f, u.new_attribute), ModelName(f, u.attribute),
                        ModelName(f, u.attribute), key));
      }
    }
    // The items hold the new attributes from now on, so index keys can match them too
    // (LINE#001 on an index is {lineId} as on the table).
    for (const Inferred* key : {&*pk, &*sk}) {
      for (const Inferred::NewValue& v : key->new_values) {
        for (WbItem& item : facets_[f].items)
          if (&item == v.item) item.values.emplace(v.attribute, WbValue{"S", v.value, ""});
      }
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
        if (a.name == ModelName(static_cast<std::size_t>(kinds_[f].entity), kinds_[f].suffix))
          a.unique = true;
    }
  }

  std::string Label(const DraftEntity& e) const { return UpperSnake(e.name); }

  // The name space of each unique attribute (kUnique facets, read by Apply). The model keys a
  // uniqueness item `<ENTITY>_<ATTRIBUTE>#{value}` / `<ENTITY>_<ATTRIBUTE>` for `unique: true`,
  // and `<SPACE>#{value}` / `<SPACE>` for `unique: <space>`, every attribute of that name space
  // alike (model/derive/items.cpp; docs/model-format.md, `entities`). So facets keyed
  // `L#{attr}` / `L` whose label L is shared by several of them, or is not the attribute's own
  // label, are in the name space whose upper snake case is L (`ACCOUNT` -> `account`), when
  // their attributes have one type (E222) and such a name reproduces L.
  void UniqueScopes() {
    std::map<std::string, std::vector<DraftAttr*>> by_label;  // in facet order
    std::map<std::string, std::size_t> own;  // label -> how many facets take it as their own
    for (std::size_t f = 0; f < facets_.size(); ++f) {
      if (kinds_[f].what != Kind::kUnique) continue;
      DraftEntity* e = EntityFor(f);
      if (!e) continue;
      Parsed pk = ParseTemplate(facets_[f].pk_alias);
      if (pk.parts.size() != 2 || pk.parts[0].first || !pk.parts[1].first) continue;
      const std::string& prefix = pk.parts[0].second;
      if (prefix.size() < 2 || prefix.back() != '#') continue;
      std::string label = prefix.substr(0, prefix.size() - 1);
      if (facets_[f].sk_alias != label) continue;
      std::string name = ModelName(static_cast<std::size_t>(kinds_[f].entity), kinds_[f].suffix);
      for (DraftAttr& a : e->attributes) {
        if (a.name != name || !a.unique) continue;
        by_label[label].push_back(&a);
        if (label == Label(*e) + "_" + UpperSnake(a.name)) ++own[label];
      }
    }
    for (auto& [label, attrs] : by_label) {
      if (attrs.size() == 1 && own[label] == 1) continue;  // `unique: true`
      std::string space = LowerFirst(Camel(label));
      bool one_type = std::all_of(attrs.begin(), attrs.end(),
                                  [&](const DraftAttr* a) { return a->type == attrs[0]->type; });
      if (!one_type || space.empty() || Identifier(space) != space || space.size() > 64 ||
          UpperSnake(space) != label) {
        d_.notes.push_back(fmt::format(
            "Uniqueness items keyed {}#{{...}} / {} are not a name space the model can write "
            "({}): each attribute is unique on its own, under a key of its own.",
            label, label,
            one_type ? "no name space name gives that label" : "their attributes differ in type"));
        continue;
      }
      for (DraftAttr* a : attrs) a->unique_scope = space;
    }
  }

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
      if (natural_[i]) {
        NaturalPattern(f, i, *e, main);
        continue;
      }
      // An item is in the index when it has the index's key attributes (a partition key only
      // when the index has no sort key).
      std::vector<const WbItem*> items;
      for (const WbItem* item : ItemsWith(f, index.pk))
        if (index.sk.empty() || item->values.count(index.sk)) items.push_back(item);
      if (items.empty()) continue;
      std::size_t ef = static_cast<std::size_t>(kinds_[f].entity);
      CandidateTypes types = [&](const std::string& name) { return Candidates(f, ef, name); };
      // A key attribute that is the items' own (KeyAttributes) holds its value as it is: the
      // template is that attribute alone.
      auto infer = [&](const std::string& key) {
        if (excluded.count(key)) return InferTemplate(items, key, "", false, excluded, types, {});
        Inferred r;
        r.key.parts.emplace_back(true, key);
        std::vector<std::string> candidates = types(key);
        if (candidates.empty())
          r.ok = false;
        else
          r.implied_types[key] = candidates.front();
        return r;
      };
      Inferred pk = infer(index.pk);
      Inferred sk = index.sk.empty() ? Inferred{} : infer(index.sk);
      for (const auto& [key, inferred] : {std::pair{index.pk, &pk}, std::pair{index.sk, &sk}}) {
        for (const Unencodable& u : inferred->unencodable) {
          diags_.Warning(
              DiagId::kImportKeyPartUnencodable, u.item->range,
              fmt::format("entity '{}': {}; so its {} keys are not pinned and no pattern reads "
                          "{} for it: to pin them, rewrite the items' {} values in the model's "
                          "form; or declare the read yourself, and the derivation designs its "
                          "keys",
                          e->name, DescribeUnencodable(key, u), index.name, index.name, key));
        }
      }
      if (!pk.ok || !sk.ok) {
        d_.notes.push_back(fmt::format(
            "{}'s {} keys could not be matched to its attributes; no pattern reads it there.",
            facets_[f].name, index.name));
        continue;
      }
      DraftPattern p;
      p.returns = e->name;
      // Whether the pins reproduce which items the index holds (DynamoDB writes an item to a GSI
      // only when it has the index's key attributes: AWS, "Take advantage of sparse indexes",
      // https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/bp-indexes-general-sparse-indexes.html).
      const WbItem* outside = nullptr;
      Sparseness sparse = Sparse(f, items, pk, sk, p, &outside);
      pk.key = pk.key.Renamed(renames_[ef]);
      sk.key = sk.key.Renamed(renames_[ef]);
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
      // Pinned to the existing index when it holds what the read returns: a GSI returns only what
      // it projects, and DynamoDB fetches nothing from the table for it
      // (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/GSI.html#GSI.Projections).
      // The read returns the entity's items: whole items (ALL), or under INCLUDE every attribute
      // the entity declares, said by a `project` list (a read without one needs whole items,
      // which the model's E239 refuses on an INCLUDE index).
      // A map holding an embedded collection (W514) is the children's, not the entity's: a read
      // of a parent returns its own attributes, never its embedded children
      // (docs/model-format.md, "Embedded collections"), so it is not asked of the index.
      std::vector<std::string> unprojected, children;
      const std::set<std::string>& embedded = embedded_[ef];
      if (index.projection == "INCLUDE") {
        for (const DraftAttr& a : e->attributes) {
          if (embedded.count(a.name))
            children.push_back(a.name);
          else if (std::find(include_[i].begin(), include_[i].end(), a.name) == include_[i].end())
            unprojected.push_back(a.name);
        }
      }
      const bool whole = index.projection.empty() || index.projection == "ALL";
      const bool included = index.projection == "INCLUDE" && unprojected.empty();
      p.reads = model_name_[i];
      p.source = index.name;
      if (!model_name_[i].empty() && (whole || included)) p.index = model_name_[i];
      if (!model_name_[i].empty() && included) {
        for (const DraftAttr& a : e->attributes)
          if (!embedded.count(a.name)) p.project.push_back(a.name);
      }
      if (pk.max_shard >= 0) p.shards = std::max(2, pk.max_shard + 1);
      // The partition label NameView gives, and what the existing literal adds to it.
      std::string literal =
          pk.key.parts.empty() || pk.key.parts[0].first ? "" : pk.key.parts[0].second;
      literal = literal.substr(0, literal.find('#'));
      if (sparse == Sparseness::kByValue)
        p.note = fmt::format(
            "only the items with {} = {} carry {}'s keys ({} = {}): the filter makes the "
            "derivation's index sparse the same way, under key text of its own",
            p.filter_attr, p.filter_value, index.name, index.pk, pk.key.Text());
      else
        Filters(f, *e, items, literal, p);
      // The entity's own item's keys on the index, pinned as they stand (docs/model-format.md
      // "Pinned keys"): the pattern reads them. Not a sharded partition (the shard is no
      // attribute of the entity) nor one made sparse by a value (a pin cannot say when an item
      // has keys): those stay the derivation's.
      if (sparse == Sparseness::kUnexplained && p.filter_attr.empty()) {
        // Nor does the partition's label (Filters): the index holds items a pin cannot tell.
        std::vector<std::string> attrs = pk.key.Attributes();
        for (const auto& a : sk.key.Attributes())
          if (std::find(attrs.begin(), attrs.end(), a) == attrs.end()) attrs.push_back(a);
        std::string held;
        for (const auto& a : attrs) held += (held.empty() ? "'" : ", '") + a + "'";
        diags_.Warning(
            DiagId::kImportIndexSparseUnexplained, outside->range,
            fmt::format("entity '{}': only some of its items carry {}'s keys ({} = {}, {} = {}), "
                        "and no attribute tells which: this item lacks them though it holds {}, "
                        "so a pinned key would put it in the index; {}'s keys are not pinned, and "
                        "the pattern reading {} returns the items without them too: to pin them, "
                        "give only the indexed items an attribute and make it part of the key (an "
                        "optional placeholder makes a pinned index sparse, docs/model-format.md "
                        "\"Pinned keys\")",
                        e->name, index.name, index.pk, pk.key.Text(), index.sk, sk.key.Text(), held,
                        index.name, index.name));
        p.note = fmt::format(
            "{}'s keys are on some {} items only, and no attribute says which: not pinned",
            index.name, e->name);
      } else if (main && pinnable_[i] && pk.max_shard < 0 && p.filter_attr.empty()) {
        e->index_keys.push_back({index.name, pk.key.Text(), sk.key.Text()});
        p.note.clear();
        // The pins fix the types the keys were matched as (a timestamp written as it is, with
        // its offset, is a string to the model).
        for (const Inferred* key : {&pk, &sk}) {
          for (const auto& [name, type] : key->implied_types) {
            locked_[ef][name] = type;
            for (DraftAttr& a : e->attributes)
              if (a.name == ModelName(ef, name)) a.type = type;
          }
        }
      }
      if (!model_name_[i].empty() && included && !children.empty()) {
        std::string why = fmt::format(
            "{} projects INCLUDE without {}, which holds an embedded collection (W514): the read "
            "is pinned there and returns the rest",
            model_name_[i], fmt::join(children, ", "));
        p.note = p.note.empty() ? why : p.note + "; " + why;
      }
      if (!model_name_[i].empty() && !whole && !included)
        fetches_.push_back(
            {d_.patterns.size(), i, ef, fmt::format("{}", fmt::join(unprojected, ", "))});
      p.current_only = e->versioned;
      p.name = main
                   ? Unique(LowerFirst(e->name) + "By" + (p.by.empty() ? index.name : ByName(p.by)))
                   : Unique(Identifier(kinds_[f].suffix));
      p.description = fmt::format("{} items by {} = {}{}.", e->name, index.pk, pk.key.Text(),
                                  sk.key.Text().empty() ? "" : ", sorted by " + index.sk);
      d_.patterns.push_back(p);
    }
  }

  // The read of entity `e`'s items (facet `f`) on the natural-key index `i`: by the partition key
  // attribute, sorted by the sort key attribute when the index has one and the entity always
  // holds it (else ranged over it, as a read of the other indexes is), pinned to the index when
  // it holds whole items. Only the entity's own items (`main`) are read there: its attributes
  // put them in the index.
  void NaturalPattern(std::size_t f, std::size_t i, DraftEntity& e, bool main) {
    const WbIndex& index = t_.indexes[i];
    if (!main) return;
    std::size_t ef = static_cast<std::size_t>(kinds_[f].entity);
    const std::string pk = ModelName(ef, index.pk);
    const std::string sk = index.sk.empty() ? "" : ModelName(ef, index.sk);
    const DraftAttr* pk_attr = nullptr;
    const DraftAttr* sk_attr = nullptr;
    for (const DraftAttr& a : e.attributes) {
      if (a.name == pk) pk_attr = &a;
      if (!sk.empty() && a.name == sk) sk_attr = &a;
    }
    if (pk_attr == nullptr || (!sk.empty() && sk_attr == nullptr)) return;
    DraftPattern p;
    p.returns = e.name;
    p.by.push_back(pk);
    if (sk_attr != nullptr) {
      if (sk_attr->required) {
        p.sort_attr = sk;
      } else {
        p.range_attr = sk;
        p.range_op = "between";
      }
    }
    // As Patterns: pinned when the index holds whole items or every attribute of the entity
    // (under INCLUDE, said by a `project` list), else when the items can be fetched (PinFetches).
    std::vector<std::string> unprojected;
    if (index.projection == "INCLUDE") {
      for (const DraftAttr& a : e.attributes)
        if (!embedded_[ef].count(a.name) && a.name != pk && a.name != sk &&
            std::find(include_[i].begin(), include_[i].end(), a.name) == include_[i].end())
          unprojected.push_back(a.name);
    }
    const bool whole = index.projection.empty() || index.projection == "ALL";
    const bool included = index.projection == "INCLUDE" && unprojected.empty();
    p.reads = model_name_[i];
    p.source = index.name;
    if (whole || included) p.index = model_name_[i];
    if (included) {
      for (const DraftAttr& a : e.attributes)
        if (!embedded_[ef].count(a.name)) p.project.push_back(a.name);
    }
    if (!whole && !included)
      fetches_.push_back(
          {d_.patterns.size(), i, ef, fmt::format("{}", fmt::join(unprojected, ", "))});
    p.current_only = e.versioned;
    p.name = Unique(LowerFirst(e.name) + "By" + ByName(p.by));
    p.description = fmt::format("{} items by {}{}.", e.name, index.pk,
                                index.sk.empty() ? "" : ", sorted by " + index.sk);
    d_.patterns.push_back(p);
  }

  // The reads of an index that holds less than they return (PinFetches): the pattern (in
  // d_.patterns), the index (in t_.indexes), the entity (by its facet) and the attributes an
  // INCLUDE list lacks.
  struct Fetch {
    std::size_t pattern, index, entity;
    std::string unprojected;
  };

  // The reads of an index projecting KEYS_ONLY, or INCLUDE without an attribute they return
  // (fetches_): a GSI returns only what it projects, and DynamoDB fetches nothing from the table
  // for it
  // (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/GSI.html#GSI.Projections),
  // but every entry holds the table's keys, so the model serves such a read pinned to the index
  // by a Query of it, then GetItem or BatchGetItem of the items by those keys
  // (docs/model-format.md,
  // "`indexes`: pinned projections"). That works unless the Query itself needs what the index
  // leaves out (E239): an attribute its filter names, or `_type` when other entities' items may
  // share the partition it reads (KEYS_ONLY; the model projects `_type` on every INCLUDE index).
  // The imported reads have no limit, client sort or TTL, E239's other cases. Each such read is
  // pinned with a comment saying it fetches, or left to the derivation with one saying why.
  void PinFetches() {
    for (const Fetch& fetch : fetches_) {
      DraftPattern& p = d_.patterns[fetch.pattern];
      const WbIndex& index = t_.indexes[fetch.index];
      const std::string& name = model_name_[fetch.index];
      const std::string leaves_out =
          index.projection == "INCLUDE"
              ? fmt::format("INCLUDE without {}", fetch.unprojected)
              : fmt::format("{}", index.projection.empty() ? "KEYS_ONLY" : index.projection);
      auto projected = [&](const std::string& a) {
        if (a == ModelName(fetch.entity, index.pk) || a == ModelName(fetch.entity, index.sk))
          return true;
        return index.projection == "INCLUDE" &&
               std::find(include_[fetch.index].begin(), include_[fetch.index].end(), a) !=
                   include_[fetch.index].end();
      };
      std::vector<std::string> needs;
      if (!p.filter_attr.empty() && !projected(p.filter_attr))
        needs.push_back(fmt::format("{} (filtered on)", p.filter_attr));
      if (index.projection != "INCLUDE") {
        if (std::string other = Sharing(fetch); !other.empty())
          needs.push_back(
              fmt::format("_type (the partition it reads may hold {} items too)", other));
      }
      std::string why =
          needs.empty()
              ? fmt::format(
                    "pinned to {}, which projects {}: the read Queries it, then reads the "
                    "items from the table by the table keys each entry holds",
                    name, leaves_out)
              : fmt::format(
                    "not pinned to {}: it projects {}, and the Query needs {} before the "
                    "items can be read from the table by the keys it finds",
                    name, leaves_out, fmt::join(needs, ", "));
      if (needs.empty()) p.index = name;
      p.note = p.note.empty() ? why : p.note + "; " + why;
    }
  }

  // Another entity whose items may be in the index partition the fetch's read reads, among its
  // entries: on a natural-key index, one holding its partition key attribute; on another index,
  // one whose partition key there may render the same text as the read's entity's
  // (keys::MayCollide), unless the read's entity's sort key there begins with text theirs cannot
  // (the Query's `begins_with` on it keeps their entries out, as the model plans it), or any other
  // entity with keys there when the read's entity's are not pinned. Empty if none.
  std::string Sharing(const Fetch& fetch) const {
    const WbIndex& index = t_.indexes[fetch.index];
    auto entity = [&](std::size_t ef) -> const DraftEntity& {
      return d_.entities[static_cast<std::size_t>(entity_of_facet_.at(ef))];
    };
    auto parse = [](const std::string& text) {
      keys::KeyTemplate t;
      for (const auto& [is_attribute, part] : ParseTemplate(text).parts)
        t.parts.push_back(keys::TemplatePart{is_attribute, part});
      return t;
    };
    // An entity's keys on the index: the table's, swapped, on an inverted index; else its pinned
    // index keys, if any.
    auto keys_on = [&](const DraftEntity& x)
        -> std::optional<std::pair<keys::KeyTemplate, keys::KeyTemplate>> {
      if (inverted_[fetch.index]) return std::pair{parse(x.sk), parse(x.pk)};
      for (const auto& k : x.index_keys)
        if (k.index == index.name) return std::pair{parse(k.pk), parse(k.sk)};
      return std::nullopt;
    };
    auto own = keys_on(entity(fetch.entity));
    for (std::size_t f = 0; f < facets_.size(); ++f) {
      if (kinds_[f].what != Kind::kEntity || kinds_[f].entity < 0 ||
          static_cast<std::size_t>(kinds_[f].entity) == fetch.entity ||
          !entity_of_facet_.count(static_cast<std::size_t>(kinds_[f].entity)) ||
          ItemsWith(f, index.pk).empty())
        continue;
      const DraftEntity& other = entity(static_cast<std::size_t>(kinds_[f].entity));
      if (natural_[fetch.index]) return other.name;
      auto theirs = keys_on(other);
      if (!own || !theirs) return other.name;
      if (!keys::MayCollide(own->first, theirs->first)) continue;
      const std::string prefix = own->second.LiteralPrefix();
      if (own->second.parts.empty() || !own->second.parts[0].is_attribute) {
        if (!prefix.empty() && !keys::MayBeginWith(theirs->second, prefix)) continue;
      }
      return other.name;
    }
    return "";
  }

  // Two indexes of the Workbench model that serve one read (the same entity, by the same
  // attributes, sorted, ranged and filtered alike: `GSI2` keyed EMAIL#{email} beside `ByEmail`
  // keyed on email) give one access pattern, not two that differ only in name: the first one's
  // name, pinned to the index the other is pinned to when it is not pinned itself; a note at the
  // top of the model says so. Reads pinned to two different indexes stay two patterns (each
  // proves its index), and a table read (getX) is never merged into an index read.
  void MergeSameReads() {
    std::vector<DraftPattern> out;
    for (DraftPattern& p : d_.patterns) {
      auto same = std::find_if(out.begin(), out.end(), [&](const DraftPattern& q) {
        return !q.source.empty() && !p.source.empty() && q.returns == p.returns &&
               q.returns_also == p.returns_also && q.by == p.by && q.range_attr == p.range_attr &&
               q.range_op == p.range_op && q.sort_attr == p.sort_attr &&
               q.filter_attr == p.filter_attr && q.filter_value == p.filter_value &&
               q.shards == p.shards && q.current_only == p.current_only &&
               (q.index.empty() || p.index.empty() || q.index == p.index);
      });
      if (same == out.end()) {
        out.push_back(std::move(p));
        continue;
      }
      const std::string first = same->source, second = p.source;
      if (same->index.empty() && !p.index.empty()) {
        std::string name = same->name;
        *same = std::move(p);
        same->name = name;
      }
      d_.notes.push_back(fmt::format(
          "Index {} and index {} serve the same read of {} (by {}): it is one pattern, {}{}.",
          first, second, same->returns, fmt::join(same->by, ", "), same->name,
          same->index.empty() ? "" : fmt::format(", pinned to {}", same->index)));
    }
    d_.patterns = std::move(out);
  }

  // W536 for each index the model renames (renamed_), saying what the patterns reading it are
  // pinned to, as the comments above them do.
  void WarnIndexRenames() {
    for (const auto& [i, keyed] : renamed_) {
      const WbIndex& index = t_.indexes[i];
      std::vector<std::string> pinned, not_pinned;
      for (const DraftPattern& p : d_.patterns) {
        if (p.reads != model_name_[i]) continue;
        (p.index == model_name_[i] ? pinned : not_pinned).push_back(p.name);
      }
      std::string reads;
      if (pinned.empty() && not_pinned.empty())
        reads = "no imported pattern reads it";
      else if (not_pinned.empty())
        reads = fmt::format("the patterns reading it say `index: {}`", model_name_[i]);
      else if (pinned.empty())
        reads = fmt::format(
            "no pattern is pinned to it, as the comment above each of {} says, so the derivation "
            "serves them",
            fmt::join(not_pinned, ", "));
      else
        reads = fmt::format(
            "{} say `index: {}`, while {} are not pinned to it, as the comment above each says",
            fmt::join(pinned, ", "), model_name_[i], fmt::join(not_pinned, ", "));
      diags_.Warning(DiagId::kImportIndexRenamed, index.range,
                     fmt::format("index '{}' {} and becomes '{}' in the model, which names its "
                                 "indexes {}1, {}2...: {}; the exports create it as '{}', so "
                                 "rename it there or map the names in your application",
                                 index.name, keyed, model_name_[i], model_prefix_, model_prefix_,
                                 reads, model_name_[i]));
    }
  }

  // Item collections: entities whose table partition key template is the same keep their items
  // in one partition per value of its attributes, sorted by the sort key (AWS: "Using sort keys
  // to organize data",
  // https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/bp-sort-keys.html). An entity
  // identified by that partition key's attributes alone, its sort key a constant
  // (`METADATA`) or the partition key again (PK = SK: the item heads its own collection), is the
  // parent of every other entity there whose identifier adds sort key attributes: a 1:N
  // relationship, owning (the children live and are read with their parent), linked by the
  // partition key's attributes; and one pattern reads the parent with its children, one Query of
  // the partition. Guesses are warned: a collection several entities could head (W530), and
  // children whose partition holds no parent item among the sample items (W531).
  void Collections() {
    std::map<int, std::size_t> facet_of;  // draft entity -> its facet
    for (const auto& [f, e] : entity_of_facet_) facet_of[e] = f;
    std::vector<std::string> order;  // partition key templates, in declaration order
    std::map<std::string, std::vector<std::size_t>> members;
    for (std::size_t i = 0; i < d_.entities.size(); ++i) {
      const std::string& pk = d_.entities[i].pk;
      if (!members.count(pk)) order.push_back(pk);
      members[pk].push_back(i);
    }
    for (const std::string& pk : order) {
      const std::vector<std::size_t>& in = members[pk];
      std::vector<std::string> link = ParseTemplate(pk).Attributes();
      link.erase(std::remove_if(link.begin(), link.end(), Helper), link.end());
      if (in.size() < 2 || link.empty()) continue;
      const std::set<std::string> link_set(link.begin(), link.end());
      std::vector<std::size_t> heads, children;
      for (std::size_t i : in) {
        const DraftEntity& e = d_.entities[i];
        std::set<std::string> id(e.identifier.begin(), e.identifier.end());
        if (id == link_set)
          heads.push_back(i);
        else if (std::includes(id.begin(), id.end(), link_set.begin(), link_set.end()))
          children.push_back(i);
      }
      if (heads.empty() || children.empty()) continue;
      // The head: the item whose sort key repeats its partition key (PK = SK), else the first.
      std::size_t head = heads.front();
      for (std::size_t i : heads)
        if (d_.entities[i].sk == pk) {
          head = i;
          break;
        }
      const DraftEntity& parent = d_.entities[head];
      const WbFacet& parent_facet = facets_[facet_of.at(static_cast<int>(head))];
      if (heads.size() > 1) {
        std::string others;
        for (std::size_t i : heads)
          if (i != head) others += (others.empty() ? "'" : ", '") + d_.entities[i].name + "'";
        diags_.Warning(
            DiagId::kImportCollectionHeadGuessed, parent_facet.range,
            fmt::format("entities '{}' and {} share the partition key {} = {} and are each "
                        "identified by its attributes alone: '{}' is taken as the parent of the "
                        "item collection ({}), so the relationships to the other entities there "
                        "start from it, and {} is related to none",
                        parent.name, others, t_.pk, pk, parent.name,
                        parent.sk == pk ? fmt::format("its sort key repeats the partition key")
                                        : fmt::format("declared first"),
                        others));
      }
      std::set<std::string> parent_keys;  // the partitions the parent's sample items are in
      for (const WbItem& item : parent_facet.items) {
        auto it = item.values.find(t_.pk);
        if (it != item.values.end()) parent_keys.insert(it->second.text);
      }
      DraftPattern read;
      read.returns = parent.name;
      read.by = link;
      for (std::size_t c : children) {
        const DraftEntity& child = d_.entities[c];
        // The link's attributes must be alike on both sides for the model to relate them.
        bool alike = true;
        for (const std::string& a : link) alike = alike && TypeIn(parent, a) == TypeIn(child, a);
        if (!alike) {
          d_.notes.push_back(fmt::format(
              "{} items share {}'s partition key {}, but the attributes in it differ in type "
              "between the two: no relationship is written.",
              child.name, parent.name, pk));
          continue;
        }
        DraftRelationship r;
        r.from = parent.name;
        r.to = child.name;
        r.link = link;
        r.owning = true;
        r.why = fmt::format("{} items live in {}'s item collection, {} = {}", child.name,
                            parent.name, t_.pk, pk);
        DraftRelationship* same = nullptr;
        for (auto& o : d_.relationships)
          if (o.from == r.from && o.to == r.to && o.link == r.link) same = &o;
        if (same) {
          same->owning = true;
          same->why += "; " + r.why;
        } else {
          std::string base = LowerFirst(parent.name) + UpperFirst(child.name);
          r.name = base;
          for (int n = 2; std::any_of(d_.relationships.begin(), d_.relationships.end(),
                                      [&](const DraftRelationship& o) { return o.name == r.name; });
               ++n)
            r.name = base + std::to_string(n);
          d_.relationships.push_back(r);
        }
        // The model's own export is no guess: the model keeps a child in its parent's partition
        // for an owning relationship, and its sample items, picked per item type, need not hold
        // each child's parent (tests/golden/import-own-export).
        const WbFacet& child_facet = facets_[facet_of.at(static_cast<int>(c))];
        for (const WbItem& item : child_facet.items) {
          auto it = item.values.find(t_.pk);
          if (t_.model_export || it == item.values.end() || parent_keys.count(it->second.text))
            continue;
          diags_.Warning(
              DiagId::kImportCollectionParentMissing, item.range,
              fmt::format("entity '{}': this item is in the partition {} = '{}', which holds no "
                          "'{}' item among the sample items: the relationship from '{}' (1:N, "
                          "owning) rests on their shared partition key {} alone; if '{}' items "
                          "do not own these, remove the relationship",
                          child.name, t_.pk, it->second.text, parent.name, parent.name, pk,
                          parent.name));
          break;
        }
        if (parent.versioned || child.versioned) continue;  // history items share the partition
        read.returns_also.push_back(child.name);
      }
      if (read.returns_also.empty()) continue;
      std::string suffix, names;
      for (std::size_t i = 0; i < read.returns_also.size(); ++i) {
        const char* sep = i == 0 ? "" : i + 1 == read.returns_also.size() ? " and " : ", ";
        names += sep + read.returns_also[i];
        suffix += UpperFirst(read.returns_also[i]);
      }
      read.name = Unique(LowerFirst(parent.name) + "With" + suffix);
      read.description =
          fmt::format("One {} with its {} items: one Query of its item collection, {} = {}.",
                      parent.name, names, t_.pk, pk);
      d_.patterns.push_back(read);
    }
  }

  // The other side of an adjacency list: on an inverted index (keyed SK, then PK) the items that
  // share a table sort key template are one partition of the index, read by one Query of it
  // (AWS, "Best practices for managing many-to-many relationships",
  // https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/bp-adjacency-graphs.html).
  // An entity identified by that template's attributes alone whose table keys repeat each other
  // (USER#{userId} / USER#{userId}: it heads its own partition of the index) is the parent of
  // every other entity there whose identifier adds attributes (the Membership items of
  // GROUP#{groupId} / USER#{userId}): a 1:N relationship, not owning (the children live in
  // another entity's item collection on the table), linked by the template's attributes, and,
  // when the index holds whole items, one pattern reading the parent with its children there.
  void InvertedCollections() {
    for (std::size_t x = 0; x < t_.indexes.size(); ++x) {
      if (!inverted_[x] || model_name_[x].empty()) continue;
      const WbIndex& index = t_.indexes[x];
      for (std::size_t h = 0; h < d_.entities.size(); ++h) {
        const DraftEntity& parent = d_.entities[h];
        const std::string& key = parent.sk;
        if (key.empty() || parent.pk != key) continue;
        std::vector<std::string> link = ParseTemplate(key).Attributes();
        link.erase(std::remove_if(link.begin(), link.end(), Helper), link.end());
        const std::set<std::string> link_set(link.begin(), link.end());
        if (link.empty() ||
            std::set<std::string>(parent.identifier.begin(), parent.identifier.end()) != link_set)
          continue;
        DraftPattern read;
        read.returns = parent.name;
        read.by = link;
        for (const DraftEntity& child : d_.entities) {
          if (&child == &parent || child.sk != key) continue;
          std::set<std::string> id(child.identifier.begin(), child.identifier.end());
          if (id == link_set ||
              !std::includes(id.begin(), id.end(), link_set.begin(), link_set.end()))
            continue;
          bool alike = true;
          for (const std::string& a : link) alike = alike && TypeIn(parent, a) == TypeIn(child, a);
          if (!alike) continue;
          if (std::none_of(d_.relationships.begin(), d_.relationships.end(),
                           [&](const DraftRelationship& o) {
                             return o.from == parent.name && o.to == child.name && o.link == link;
                           })) {
            DraftRelationship r;
            r.from = parent.name;
            r.to = child.name;
            r.link = link;
            r.why =
                fmt::format("{} items share {}'s partition of {} ({} = {}), read together there",
                            child.name, parent.name, model_name_[x], t_.sk, key);
            std::string base = LowerFirst(parent.name) + UpperFirst(child.name);
            r.name = base;
            for (int n = 2;
                 std::any_of(d_.relationships.begin(), d_.relationships.end(),
                             [&](const DraftRelationship& o) { return o.name == r.name; });
                 ++n)
              r.name = base + std::to_string(n);
            d_.relationships.push_back(r);
          }
          if (!parent.versioned && !child.versioned) read.returns_also.push_back(child.name);
        }
        if (read.returns_also.empty() || !(index.projection.empty() || index.projection == "ALL"))
          continue;
        std::string suffix, names;
        for (std::size_t i = 0; i < read.returns_also.size(); ++i) {
          const char* sep = i == 0 ? "" : i + 1 == read.returns_also.size() ? " and " : ", ";
          names += sep + read.returns_also[i];
          suffix += UpperFirst(read.returns_also[i]);
        }
        read.name = Unique(LowerFirst(parent.name) + "With" + suffix);
        read.index = model_name_[x];
        read.description = fmt::format("One {} with its {} items: one Query of {}, {} = {}.",
                                       parent.name, names, model_name_[x], t_.sk, key);
        d_.patterns.push_back(read);
      }
    }
  }

  // The type of attribute `name` of `e` (empty when it has none).
  static std::string TypeIn(const DraftEntity& e, const std::string& name) {
    for (const DraftAttr& a : e.attributes)
      if (a.name == name) return a.type;
    return "";
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
    // A partition key that starts with an attribute's value (`{email}`) has no label to match.
    if (literal.empty()) return;
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
      // The partition key's leading label, not the key: "CUSTOMER" of CUSTOMER#{customerId}.
      r.why = fmt::format("each {}'s index partition, labelled {}, holds its {} items", from->name,
                          literal, e.name);
      bool dup = false;
      for (const auto& o : d_.relationships)
        dup = dup || (o.from == r.from && o.to == r.to && o.link == r.link);
      if (!dup) {
        for (const auto& o : d_.relationships)
          if (o.name == r.name) r.name += std::to_string(d_.relationships.size() + 1);
        d_.relationships.push_back(r);
      }
    }
    // A literal that does not start with the label (an inverted index's partition is the item's
    // sort key, `PROFILE` beside the label CUSTOMER) adds nothing to infer from.
    if (base.empty() || literal == base || literal.rfind(base, 0) != 0) return;
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
        p.filter_attr = ModelName(static_cast<std::size_t>(kinds_[f].entity), name);
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

  // How attribute `name`'s values are used: kKey when it is the table's or an index's key
  // attribute itself (a natural-key index keyed on `createdAt`, or one W520 leaves unpinned), so
  // that its values are the key's bytes; else kValue.
  ValueUse UseOf(const std::string& name) const {
    bool key = name == t_.pk || name == t_.sk;
    for (const WbIndex& index : t_.indexes) key = key || name == index.pk || name == index.sk;
    return key ? ValueUse::kKey : ValueUse::kValue;
  }

  // The types attribute `name` may take in a key of facet `fv`'s items: the one a pinned key
  // already gave it in the entity of facet `ef`; else the type its values have, and also string
  // for text that looks like a time (a key may hold it as written, with its offset), number for
  // whole numbers. A key attribute itself holding a time in another form than the model's is a
  // string alone (UseOf), so a template holding that time in the model's form does not match it.
  std::vector<std::string> Candidates(std::size_t fv, std::size_t ef, const std::string& name) {
    auto lock = locked_[ef].find(name);
    if (lock != locked_[ef].end()) return {lock->second};
    std::vector<const WbValue*> values;
    for (const WbItem& item : facets_[fv].items) {
      auto it = item.values.find(name);
      if (it != item.values.end() && it->second.type != "NULL") values.push_back(&it->second);
    }
    auto dec = declared_.find(name);
    std::string type = TypeOf(values, dec == declared_.end() ? "" : dec->second, UseOf(name));
    if (type == "timestamp" || type == "date") return {type, "string"};
    if (type == "integer") return {"integer", "number"};
    if (type == "string" || type == "number") return {type};
    return {};
  }

  // One warning (W549) and one note per type attribute left out of the entities: where it came
  // from, which entities, and what the model writes instead.
  void WarnTypeAttributes() {
    for (const auto& [attr, facets] : dropped_types_) {
      std::vector<std::string> entities;
      for (std::size_t f : facets)
        entities.push_back(d_.entities[static_cast<std::size_t>(entity_of_facet_.at(f))].name);
      std::string list = fmt::format("{}", fmt::join(entities, ", "));
      diags_.Warning(
          DiagId::kImportTypeAttributeDropped, facets_[facets.front()].range,
          fmt::format("attribute '{}' names each item's type, so it is not imported as an "
                      "attribute of {} {}: the model writes each item's type itself, in '_type', "
                      "so items written through the model carry '_type', not '{}'; keep writing "
                      "'{}' in your application if something else reads it",
                      attr, entities.size() == 1 ? "entity" : "entities", list, attr, attr));
      d_.notes.push_back(fmt::format(
          "Attribute {} names each item's type; it is left out of {} (the model writes '_type').",
          attr, list));
    }
  }

  // The model names of an entity's attributes: a name that is an identifier stays; another one
  // becomes one (Identifier), with 2, 3... added when that is taken, in the order of `names`.
  static std::map<std::string, std::string> ModelNames(const std::vector<std::string>& names) {
    std::map<std::string, std::string> out;
    std::set<std::string> used;
    for (const auto& n : names)
      if (Identifier(n) == n) out[n] = n, used.insert(n);
    for (const auto& n : names) {
      if (out.count(n)) continue;
      std::string base = Identifier(n), name = base;
      for (int k = 2; used.count(name); ++k) name = base + std::to_string(k);
      out[n] = name;
      used.insert(name);
    }
    return out;
  }

  // The model name of attribute `raw` of the entity of facet `ef` (`raw` when it has none).
  std::string ModelName(std::size_t ef, const std::string& raw) const {
    auto names = renames_.find(ef);
    if (names == renames_.end()) return raw;
    auto it = names->second.find(raw);
    return it == names->second.end() ? raw : it->second;
  }

  // The model format has no stored name apart from the attribute's name, so a renamed
  // attribute is stored under its new name by whatever writes through the model.
  void WarnRenamed(std::size_t f, const DraftEntity& e, const std::vector<std::string>& names) {
    std::string renamed;
    int count = 0;
    for (const auto& n : names) {
      std::string m = ModelName(f, n);
      if (m == n) continue;
      renamed += fmt::format("{}'{}' as '{}'", count++ ? ", " : "", n, m);
    }
    if (count == 0) return;
    diags_.Warning(
        DiagId::kImportAttributeRenamed, facets_[f].range,
        fmt::format("entity '{}': {} renamed for the model ({}): a model attribute name is "
                    "letters, digits and '_', one per attribute, and the model has no stored "
                    "name apart from it, so items written through the model store {} under the "
                    "new name{}: rename {} in the table, or translate the names where your "
                    "application reads and writes the items",
                    e.name, count == 1 ? "an attribute is" : "attributes are", renamed,
                    count == 1 ? "it" : "them", count == 1 ? "" : "s", count == 1 ? "it" : "them"));
  }

  // A Workbench model has no relationships: a map attribute holding an embedded collection
  // (each entry a map keyed by its child's identifier attribute, as `model export` writes an
  // `embedded: true` relationship's children) comes back as a `map` attribute of the parent, and
  // the child entity, its relationship and their patterns are lost. Warns once per such
  // attribute, naming what to declare by hand.
  void WarnEmbedded(std::size_t f, const DraftEntity& e, const std::vector<std::string>& names) {
    for (const auto& n : names) {
      std::string key;
      bool maps = true;
      for (const WbItem& item : facets_[f].items) {
        auto it = item.values.find(n);
        if (it == item.values.end() || it->second.type == "NULL") continue;
        if (it->second.type != "M") maps = false;
        if (key.empty()) key = it->second.collection_key;
      }
      if (!maps || key.empty()) continue;
      embedded_[f].insert(ModelName(f, n));
      diags_.Warning(
          DiagId::kImportEmbeddedCollection, facets_[f].range,
          fmt::format("entity '{}': attribute '{}' holds maps keyed by their '{}', as an "
                      "embedded collection does, but a Workbench model has no relationships, so "
                      "it is imported as a map attribute: the child entity, its `embedded: true` "
                      "relationship and the patterns reading or writing it are not in the "
                      "model; declare them by hand (docs/import.md)",
                      e.name, ModelName(f, n), key));
    }
  }

  enum class Sparseness { kPinnable, kByValue, kUnexplained };

  // Whether the leading literal of index partition key `pk` ends with `_<VALUE>` for a string
  // value, not in a key, that every one of `items` holds in one attribute and none of `extra`
  // holds there (the label Filters turns into `filter: { attribute: VALUE }`).
  bool LabelNamesValue(const std::vector<const WbItem*>& items,
                       const std::vector<const WbItem*>& extra, const Inferred& pk) const {
    if (pk.key.parts.empty() || pk.key.parts[0].first) return false;
    std::string literal = pk.key.parts[0].second;
    literal = literal.substr(0, literal.find('#'));
    std::set<std::string> keyed;
    for (const auto& a : pk.key.Attributes()) keyed.insert(a);
    std::set<std::string> keys = KeyAttributes();
    for (const auto& [name, value] : items.front()->values) {
      if (value.type != "S" || value.text.empty() || keyed.count(name) || keys.count(name) ||
          Helper(name))
        continue;
      std::string suffix = "_" + UpperSnake(value.text);
      if (literal.size() <= suffix.size() ||
          literal.compare(literal.size() - suffix.size(), suffix.size(), suffix) != 0)
        continue;
      auto holds = [&](const WbItem* item) {
        auto it = item->values.find(name);
        return it != item->values.end() && it->second.type == "S" && it->second.text == value.text;
      };
      if (std::all_of(items.begin(), items.end(), holds) &&
          std::none_of(extra.begin(), extra.end(), holds))
        return true;
    }
    return false;
  }

  // Whether pinning `pk` / `sk` (inferred from `items`, facet f's items that carry index's keys)
  // would put the facet's other items in the index too: a pinned key gives an item index keys
  // whenever it has their attributes. kByValue: a placeholder holds one value in `items` that
  // none of the others that would be indexed holds (OPEN#{customerId} on the open orders only):
  // it becomes literal text and `p` filters on that value, which makes the derivation's index
  // sparse the same way. kUnexplained: nothing here tells the items apart; `example` is one of
  // the others.
  Sparseness Sparse(std::size_t f, const std::vector<const WbItem*>& items, Inferred& pk,
                    Inferred& sk, DraftPattern& p, const WbItem** example) {
    auto has = [](const WbItem& item, const std::string& name) {
      auto it = item.values.find(name);
      return it != item.values.end() && it->second.type != "NULL";
    };
    std::vector<std::string> attrs = pk.key.Attributes();
    for (const auto& a : sk.key.Attributes())
      if (std::find(attrs.begin(), attrs.end(), a) == attrs.end()) attrs.push_back(a);
    std::vector<const WbItem*> extra;
    for (const WbItem& item : facets_[f].items) {
      if (std::find(items.begin(), items.end(), &item) != items.end()) continue;
      if (std::all_of(attrs.begin(), attrs.end(), [&](const auto& a) { return has(item, a); }))
        extra.push_back(&item);
    }
    // A sharded partition is not pinned (the shard is no attribute of the entity).
    if (extra.empty() || pk.max_shard >= 0) return Sparseness::kPinnable;
    // A partition label that names a value only the indexed items hold (REPOSITORY_OPEN#... on
    // the issues with status = OPEN) says which items are in the index better than a key part
    // whose one value the indexed sample items may share by chance (the same owner): Filters
    // reads that label as the pattern's filter, and the keys stay unpinned.
    if (LabelNamesValue(items, extra, pk)) {
      *example = extra.front();
      return Sparseness::kUnexplained;
    }
    std::size_t ef = static_cast<std::size_t>(kinds_[f].entity);
    for (Inferred* key : {&pk, &sk}) {
      for (std::size_t i = 0; i < key->key.parts.size(); ++i) {
        const auto& [is_attr, name] = key->key.parts[i];
        if (!is_attr || Helper(name) || !key->implied_types.count(name)) continue;
        const WbValue& v = items.front()->values.at(name);
        auto same = [&](const WbItem* item) {
          auto it = item->values.find(name);
          return it != item->values.end() && it->second.type == v.type && it->second.text == v.text;
        };
        std::optional<keys::Encoding> encoding = KeyEncoding(key->implied_types.at(name));
        std::optional<std::string> text =
            encoding ? keys::EncodeKeyValue(*encoding, v.text) : std::nullopt;
        if (!text || !std::all_of(items.begin(), items.end(), same) ||
            std::any_of(extra.begin(), extra.end(), same))
          continue;
        p.filter_attr = ModelName(ef, name);
        p.filter_value = v.text;
        key->key.parts[i] = {false, *text};
        key->key = key->key.Merged();
        return Sparseness::kByValue;
      }
    }
    *example = extra.front();
    return Sparseness::kUnexplained;
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
  std::set<std::string> entity_names_;
  // Per entity (by its facet): the type a pinned key gave an attribute (by its name in the
  // items), and each attribute's model name.
  std::map<std::size_t, std::map<std::string, std::string>> locked_;
  std::map<std::size_t, std::map<std::string, std::string>> renames_;
  std::vector<bool> pinnable_;  // per t_.indexes: named and keyed as the model names them
  std::vector<bool> inverted_;  // per t_.indexes: keyed by the table's sort key, partition key
  std::vector<bool> natural_;   // per t_.indexes: keyed on the items' own attributes
  std::vector<std::string> model_name_;  // per t_.indexes: its name in the model, or empty
  // Per t_.indexes projecting INCLUDE: the entity attributes it lists, by model name.
  std::vector<std::vector<std::string>> include_;
  // Per entity (by its facet): the map attributes holding an embedded collection (W514).
  std::map<std::size_t, std::set<std::string>> embedded_;
  std::vector<Fetch> fetches_;  // in pattern order
  // Indexes the model names otherwise (W536): the index, and how it is keyed.
  std::vector<std::pair<std::size_t, std::string>> renamed_;
  std::string model_prefix_;
  // INCLUDE entries dropped: index, entry, why.
  std::vector<std::tuple<std::size_t, std::size_t, std::string>> dropped_include_;
  // Per type attribute not imported (WbFacet::type_attribute): the facets whose entities it left.
  std::map<std::string, std::vector<std::size_t>> dropped_types_;
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
