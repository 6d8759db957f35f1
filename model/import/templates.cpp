// Key templates inferred from sample items: the parts between '#' that every item shares are
// literal text; each other part is the attribute whose value, encoded the way the model encodes
// a key part of the attribute's type (model/keys/key_template.h), equals it in every item. A
// part that holds an attribute's value in another form (ORDER#42 for the integer 42, which the
// model writes 0000000000000000042) is recorded as unencodable, so the caller can say so.
#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <regex>

#include "model/import/internal.h"

namespace model::importer {

using keys::Encoding;

std::vector<std::string> SplitKey(const std::string& text) {
  std::vector<std::string> out(1);
  for (char c : text) {
    if (c == keys::kKeySeparator)
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

std::string Camel(const std::string& text) {
  std::string out;
  bool up = true;
  bool all_upper = std::none_of(text.begin(), text.end(),
                                [](char x) { return std::islower(static_cast<unsigned char>(x)); });
  for (char c : text) {
    if (!std::isalnum(static_cast<unsigned char>(c))) {
      up = true;
      continue;
    }
    char lc = all_upper ? static_cast<char>(std::tolower(static_cast<unsigned char>(c))) : c;
    out += up ? static_cast<char>(std::toupper(static_cast<unsigned char>(lc))) : lc;
    up = false;
  }
  return out;
}

std::vector<std::string> Parsed::Attributes() const {
  std::vector<std::string> out;
  for (const auto& [attr, text] : parts)
    if (attr && std::find(out.begin(), out.end(), text) == out.end()) out.push_back(text);
  return out;
}

std::string Parsed::Text() const {
  std::string out;
  for (const auto& [attr, text] : parts) out += attr ? "{" + text + "}" : text;
  return out;
}

Parsed Parsed::Merged() const {
  Parsed merged;
  for (const auto& part : parts) {
    if (!part.first && !merged.parts.empty() && !merged.parts.back().first)
      merged.parts.back().second += part.second;
    else
      merged.parts.push_back(part);
  }
  return merged;
}

Parsed Parsed::Renamed(const std::map<std::string, std::string>& names) const {
  Parsed out = *this;
  for (auto& [attr, text] : out.parts) {
    if (!attr) continue;
    auto it = names.find(text);
    if (it != names.end()) text = it->second;
  }
  return out;
}

Parsed ParseTemplate(const std::string& text) {
  Parsed p;
  std::string lit;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '{') {
      std::size_t close = text.find('}', i);
      if (close == std::string::npos) return Parsed{false, {}};
      if (!lit.empty()) p.parts.emplace_back(false, lit), lit.clear();
      p.parts.emplace_back(true, text.substr(i + 1, close - i - 1));
      i = close;
    } else {
      lit += text[i];
    }
  }
  if (!lit.empty()) p.parts.emplace_back(false, lit);
  return p;
}

namespace {

const std::regex kTimestamp(R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d))");
const std::regex kDate(R"(\d{4}-\d\d-\d\d)");

// Whether `value` is of the DynamoDB type a model attribute of `type` stores.
bool Fits(const WbValue& value, const std::string& type) {
  if (type == "string" || type == "timestamp" || type == "date") return value.type == "S";
  if (type == "integer" || type == "number") return value.type == "N";
  return false;
}

// The key text the model writes for `value` as an attribute of `type`, or nullopt.
std::optional<std::string> Encoded(const WbValue& value, const std::string& type) {
  std::optional<Encoding> encoding = KeyEncoding(type);
  if (!encoding || !Fits(value, type)) return std::nullopt;
  return keys::EncodeKeyValue(*encoding, value.text);
}

// Whether `segment` is `value` in some form: its text, for a number the same number written
// otherwise ("001" for 1), for a time the same instant ("...10:00:00.000Z" for "...10:00:00Z").
bool SameValue(const WbValue& value, const std::string& segment) {
  if (value.text == segment) return true;
  Encoding form = value.type == "N" ? Encoding::kNumber : Encoding::kTimestamp;
  if (value.type != "N" && value.type != "S") return false;
  auto a = keys::EncodeKeyValue(form, value.text);
  auto b = keys::EncodeKeyValue(form, segment);
  return a && b && *a == *b;
}

}  // namespace

std::string TypeOf(const std::vector<const WbValue*>& values, const std::string& declared,
                   ValueUse use) {
  std::string t;
  for (const WbValue* v : values)
    if (v->type != "NULL") t = t.empty() || t == v->type ? v->type : "mixed";
  if (t.empty()) t = declared.empty() ? "S" : declared;
  if (t == "S") {
    bool ts = !values.empty(), date = !values.empty();
    for (const WbValue* v : values) {
      if (v->type != "S") continue;
      ts = ts && std::regex_match(v->text, kTimestamp) &&
           (use == ValueUse::kValue ||
            keys::EncodeKeyValue(Encoding::kTimestamp, v->text) == v->text);
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

std::optional<Encoding> KeyEncoding(const std::string& type) {
  if (type == "string") return Encoding::kText;
  if (type == "integer") return Encoding::kInteger;
  if (type == "number") return Encoding::kNumber;
  if (type == "timestamp") return Encoding::kTimestamp;
  if (type == "date") return Encoding::kDate;
  return std::nullopt;
}

Inferred InferTemplate(const std::vector<const WbItem*>& items, const std::string& key,
                       const std::string& name_hint, bool allow_new,
                       const std::set<std::string>& excluded, const CandidateTypes& types,
                       const std::set<std::string>& taken) {
  Inferred r;
  std::vector<std::vector<std::string>> segs;
  for (const WbItem* item : items) segs.push_back(SplitKey(item->values.at(key).text));
  std::size_t n = segs.front().size();
  for (const auto& s : segs)
    if (s.size() != n) {
      r.ok = false;
      return r;
    }
  for (std::size_t i = 0; i < n; ++i) {
    if (i > 0) r.key.parts.emplace_back(false, std::string(1, keys::kKeySeparator));
    bool constant = std::all_of(segs.begin(), segs.end(),
                                [&](const auto& s) { return s[i] == segs.front()[i]; });
    // Candidate attributes, in the first item's (sorted) order: the first whose values all
    // encode to this part, as the model encodes a key part of one of the types it may take.
    std::string found;
    std::optional<Unencodable> near;  // an attribute this part holds in another form
    for (const auto& [name, value] : items.front()->values) {
      if (name == key || excluded.count(name) || name == "_type" || name == "_latest") continue;
      auto value_of = [&](std::size_t k) -> const WbValue* {
        auto it = items[k]->values.find(name);
        return it == items[k]->values.end() ? nullptr : &it->second;
      };
      if (name == "_shard" || name == "_version") {
        bool all = true;
        for (std::size_t k = 0; all && k < items.size(); ++k) {
          const WbValue* v = value_of(k);
          if (!v) {
            all = false;
            continue;
          }
          auto enc = keys::EncodeKeyValue(name == "_shard" ? Encoding::kShard : Encoding::kVersion,
                                          v->text, static_cast<int>(segs[k][i].size()));
          bool prefixed =
              name == "_version" && segs[k][i].size() > 1 && segs[k][i][0] == 'v' &&
              keys::EncodeKeyValue(Encoding::kVersion, v->text,
                                   static_cast<int>(segs[k][i].size() - 1)) == segs[k][i].substr(1);
          all = enc == segs[k][i] || prefixed;
        }
        if (all) {
          found = name;
          break;
        }
        continue;
      }
      std::vector<std::string> candidates = types(name);
      for (const std::string& type : candidates) {
        bool all = true;
        for (std::size_t k = 0; all && k < items.size(); ++k) {
          const WbValue* v = value_of(k);
          all = v && Encoded(*v, type) == segs[k][i];
        }
        if (all) {
          found = name;
          r.implied_types[name] = type;
          break;
        }
      }
      if (!found.empty()) break;
      // The part holds this attribute's value in every item, but not as the model writes it.
      bool same = !constant && !candidates.empty();
      for (std::size_t k = 0; same && k < items.size(); ++k) {
        const WbValue* v = value_of(k);
        same = v && SameValue(*v, segs[k][i]);
      }
      if (same && !near) {
        for (std::size_t k = 0; k < items.size(); ++k) {
          const WbValue* v = value_of(k);
          std::optional<std::string> enc = Encoded(*v, candidates.front());
          if (enc == segs[k][i]) continue;
          near = Unencodable{
              name, candidates.front(), v->text, segs[k][i], items[k]->values.at(key).text,
              enc,  items[k],           ""};
          break;
        }
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
      if (near) r.unencodable.push_back(*near);
      if (!allow_new) {
        r.ok = false;
        return r;
      }
      std::string before = i > 0 ? segs.front()[i - 1] : "";
      found = !name_hint.empty() && n <= 2 ? Identifier(LowerFirst(Camel(name_hint)))
              : !before.empty()            ? Identifier(LowerFirst(Camel(before)) + "Id")
                                           : fmt::format("{}Part{}", Identifier(key), i + 1);
      // Never an attribute the items hold (that one's values are not this part's).
      while (taken.count(found) || std::find(r.new_attributes.begin(), r.new_attributes.end(),
                                             found) != r.new_attributes.end())
        found += "Key";
      r.new_attributes.push_back(found);
      for (std::size_t k = 0; k < items.size(); ++k)
        r.new_values.push_back({items[k], found, segs[k][i]});
      if (near) r.unencodable.back().new_attribute = found;
    }
    if (found == "_shard")
      for (const WbItem* item : items)
        r.max_shard = std::max(r.max_shard, std::atoi(item->values.at("_shard").text.c_str()));
    r.key.parts.emplace_back(true, found);
  }
  r.key = r.key.Merged();  // "ORDER" "#" "ORDER" -> "ORDER#ORDER"
  return r;
}

std::string DescribeUnencodable(const std::string& key, const Unencodable& u) {
  std::string how = u.segment == u.value ? "as it is" : fmt::format("as '{}'", u.segment);
  std::string model =
      u.encoded ? fmt::format("writes it '{}'", *u.encoded) : std::string("cannot write it at all");
  return fmt::format(
      "{} '{}' holds the value of '{}' ({}) {}, which the model cannot reproduce: it encodes a "
      "key part of type {} (docs/key-design.md, \"Value encodings inside keys\") and {}",
      key, u.key_value, u.attribute, u.value, how, u.type, model);
}

}  // namespace model::importer
