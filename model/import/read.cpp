// Reading a NoSQL Workbench model: the JSON parsed twice, first by nlohmann's SAX parser for a
// positioned syntax error (its parse_error gives a byte offset, turned into line:column here),
// then into a document; a scanner of the (then valid) text records where each value starts, by
// JSON pointer, so a value of the wrong kind is reported at its own line and column.
#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "model/import/internal.h"

namespace model::importer {

namespace {

using Json = nlohmann::json;

// Nesting deeper than this is refused before the document is built (a Workbench model nests
// about eight levels; items may hold lists and maps).
constexpr int kMaxDepth = 64;

// Counts nothing, keeps the first error's byte offset and message.
struct ErrorSax : nlohmann::json_sax<Json> {
  std::size_t position = 0;
  std::string message;
  bool null() override { return true; }
  bool boolean(bool) override { return true; }
  bool number_integer(number_integer_t) override { return true; }
  bool number_unsigned(number_unsigned_t) override { return true; }
  bool number_float(number_float_t, const string_t&) override { return true; }
  bool string(string_t&) override { return true; }
  bool binary(binary_t&) override { return true; }
  bool start_object(std::size_t) override { return ++depth <= kMaxDepth || Deep(); }
  bool key(string_t&) override { return true; }
  bool end_object() override { return --depth, true; }
  bool start_array(std::size_t) override { return ++depth <= kMaxDepth || Deep(); }
  bool end_array() override { return --depth, true; }
  bool parse_error(std::size_t pos, const std::string&,
                   const nlohmann::detail::exception& ex) override {
    position = pos;
    message = ex.what();
    return false;
  }
  bool Deep() {
    too_deep = true;
    return false;
  }
  int depth = 0;
  bool too_deep = false;
};

// A key as a JSON pointer token (RFC 6901: '~' as "~0", '/' as "~1").
std::string Escape(const std::string& key) {
  std::string out;
  for (char c : key) out += c == '~' ? "~0" : c == '/' ? "~1" : std::string(1, c);
  return out;
}

// Where each value starts, by JSON pointer ("" the document, "/DataModel/0/TableName").
class PositionScanner {
 public:
  explicit PositionScanner(const std::string& text) : t_(text) {}
  std::map<std::string, std::size_t> Scan() {
    Value("");
    return std::move(at_);
  }

 private:
  void Ws() {
    while (i_ < t_.size() && (t_[i_] == ' ' || t_[i_] == '\n' || t_[i_] == '\r' || t_[i_] == '\t'))
      ++i_;
  }
  std::string StringToken() {  // at '"'; returns the decoded text
    std::size_t start = i_++;
    while (i_ < t_.size() && t_[i_] != '"') i_ += t_[i_] == '\\' ? 2 : 1;
    ++i_;
    return Json::parse(t_.substr(start, i_ - start)).get<std::string>();
  }
  void Value(const std::string& pointer) {
    Ws();
    at_[pointer] = i_;
    if (i_ >= t_.size()) return;
    char c = t_[i_];
    if (c == '{') {
      ++i_;
      for (Ws(); i_ < t_.size() && t_[i_] != '}';) {
        std::string key = StringToken();
        Ws();
        ++i_;  // ':'
        Value(pointer + "/" + Escape(key));
        Ws();
        if (i_ < t_.size() && t_[i_] == ',') ++i_, Ws();
      }
      ++i_;
    } else if (c == '[') {
      ++i_;
      std::size_t n = 0;
      for (Ws(); i_ < t_.size() && t_[i_] != ']'; ++n) {
        Value(pointer + "/" + std::to_string(n));
        Ws();
        if (i_ < t_.size() && t_[i_] == ',') ++i_, Ws();
      }
      ++i_;
    } else if (c == '"') {
      StringToken();
    } else {
      while (i_ < t_.size() && std::string_view(",]} \n\r\t").find(t_[i_]) == std::string::npos)
        ++i_;
    }
  }
  const std::string& t_;
  std::size_t i_ = 0;
  std::map<std::string, std::size_t> at_;
};

const char* KindOf(const Json& j) {
  switch (j.type()) {
    case Json::value_t::object:
      return "an object";
    case Json::value_t::array:
      return "an array";
    case Json::value_t::string:
      return "a string";
    case Json::value_t::boolean:
      return "a boolean";
    case Json::value_t::null:
      return "null";
    default:
      return "a number";
  }
}

class Reader {
 public:
  Reader(const SourceFile& file, Diagnostics& diags, std::map<std::string, std::size_t> at)
      : file_(file), diags_(diags), at_(std::move(at)) {}

  SourceRange RangeOf(const std::string& pointer) const {
    auto it = at_.find(pointer);
    SourcePos pos = file_.PosOf(it == at_.end() ? 0 : it->second);
    return SourceRange(pos, pos);
  }
  // The member `key` of the object at `pointer` when it has `want` kind; reports otherwise.
  const Json* Member(const Json& object, const std::string& pointer, const std::string& key,
                     Json::value_t want, bool required) {
    auto it = object.find(key);
    if (it == object.end()) {
      if (required)
        diags_.Error(ErrorId(DiagId::kNotAWorkbenchModel), RangeOf(pointer),
                     fmt::format("missing '{}' {}", key, Where(pointer)));
      return nullptr;
    }
    return Expect(*it, pointer + "/" + Escape(key), key, want) ? &*it : nullptr;
  }
  bool Expect(const Json& value, const std::string& pointer, const std::string& what,
              Json::value_t want) {
    if (value.type() == want) return true;
    const char* want_name = want == Json::value_t::object  ? "an object"
                            : want == Json::value_t::array ? "an array"
                                                           : "a string";
    diags_.Error(ErrorId(DiagId::kNotAWorkbenchModel), RangeOf(pointer),
                 fmt::format("'{}' should be {}, not {}", what, want_name, KindOf(value)));
    return false;
  }
  std::string String(const Json& object, const std::string& pointer, const std::string& key,
                     bool required) {
    const Json* v = Member(object, pointer, key, Json::value_t::string, required);
    return v ? v->get<std::string>() : std::string();
  }
  static std::string Where(const std::string& pointer) {
    return pointer.empty() ? "in the model" : fmt::format("in '{}'", pointer.substr(1));
  }
  void Cannot(const std::string& pointer, std::string message) {
    diags_.Error(ErrorId(DiagId::kCannotImport), RangeOf(pointer), std::move(message));
  }

  // DynamoDB's number rules: up to 38 significant digits, magnitude from 1E-130 to below 1E+126
  // (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/HowItWorks.NamingRulesDataTypes.html#HowItWorks.DataTypes.Number).
  static bool ValidNumber(const std::string& text) {
    std::size_t i = 0;
    if (i < text.size() && (text[i] == '-' || text[i] == '+')) ++i;
    std::string digits;
    long exponent = 0;
    bool dot = false, any = false;
    for (; i < text.size() && (std::isdigit(static_cast<unsigned char>(text[i])) || text[i] == '.');
         ++i) {
      if (text[i] == '.') {
        if (dot) return false;
        dot = true;
        continue;
      }
      any = true;
      if (digits.empty() && text[i] == '0') {
        if (dot) --exponent;
        continue;
      }
      digits += text[i];
      if (!dot) ++exponent;
    }
    if (!any) return false;
    if (i < text.size() && (text[i] == 'e' || text[i] == 'E')) {
      ++i;
      bool neg = i < text.size() && text[i] == '-';
      if (i < text.size() && (text[i] == '-' || text[i] == '+')) ++i;
      if (i >= text.size() || text.size() - i > 6) return false;
      long e = 0;
      for (; i < text.size(); ++i) {
        if (!std::isdigit(static_cast<unsigned char>(text[i]))) return false;
        e = e * 10 + (text[i] - '0');
      }
      exponent += neg ? -e : e;
    }
    if (i != text.size()) return false;
    while (!digits.empty() && digits.back() == '0') digits.pop_back();
    if (digits.empty()) return true;  // zero
    return digits.size() <= 38 && exponent <= 126 && exponent >= -129;
  }

  // The attribute keying the entries of `map` (an M's value) when they are an embedded
  // collection's elements: every entry an M holding, under one name, an S or N equal to its key.
  static std::string CollectionKey(const Json& map) {
    if (!map.is_object() || map.empty()) return "";
    std::set<std::string> common;
    bool first = true;
    for (auto entry = map.begin(); entry != map.end(); ++entry) {
      const Json& typed = entry.value();
      if (!typed.is_object() || typed.size() != 1 || typed.begin().key() != "M" ||
          !typed.begin().value().is_object())
        return "";
      std::set<std::string> keyed;
      const Json& element = typed.begin().value();
      for (auto a = element.begin(); a != element.end(); ++a) {
        const Json& av = a.value();
        if (!av.is_object() || av.size() != 1) continue;
        const std::string& t = av.begin().key();
        if ((t == "S" || t == "N") && av.begin().value().is_string() &&
            av.begin().value().get<std::string>() == entry.key())
          keyed.insert(a.key());
      }
      if (first) {
        common = keyed;
        first = false;
      } else {
        std::set<std::string> both;
        for (const auto& k : keyed)
          if (common.count(k)) both.insert(k);
        common = both;
      }
      if (common.empty()) return "";
    }
    return *common.begin();
  }

  bool Item(const Json& j, const std::string& pointer, WbItem& item) {
    if (!Expect(j, pointer, "item", Json::value_t::object)) return false;
    item.range = RangeOf(pointer);
    bool ok = true;
    for (auto it = j.begin(); it != j.end(); ++it) {
      std::string p = pointer + "/" + Escape(it.key());
      if (!Expect(*it, p, it.key(), Json::value_t::object)) {
        ok = false;
        continue;
      }
      if (it->size() != 1) {
        diags_.Error(ErrorId(DiagId::kNotAWorkbenchModel), RangeOf(p),
                     fmt::format("attribute '{}' should be one typed value like {{\"S\": \"...\"}}",
                                 it.key()));
        ok = false;
        continue;
      }
      WbValue v;
      v.type = it->begin().key();
      if (!KeyTypeMatches(it.key(), v.type, p)) {
        ok = false;
        continue;
      }
      const Json& inner = it->begin().value();
      std::string ip = p + "/" + Escape(v.type);
      static const std::vector<std::string> kTypes = {"S", "N", "B",  "BOOL", "NULL",
                                                      "L", "M", "SS", "NS",   "BS"};
      if (std::find(kTypes.begin(), kTypes.end(), v.type) == kTypes.end()) {
        diags_.Error(ErrorId(DiagId::kNotAWorkbenchModel), RangeOf(p),
                     fmt::format("attribute '{}' has the unknown type '{}' (DynamoDB's are S, N, "
                                 "B, BOOL, NULL, L, M, SS, NS and BS)",
                                 it.key(), v.type));
        ok = false;
        continue;
      }
      if (v.type == "S" || v.type == "N" || v.type == "B") {
        if (!Expect(inner, ip, it.key(), Json::value_t::string)) {
          ok = false;
          continue;
        }
        v.text = inner.get<std::string>();
        if (v.type == "N" && !ValidNumber(v.text)) {
          diags_.Error(ErrorId(DiagId::kNotAWorkbenchModel), RangeOf(ip),
                       fmt::format("attribute '{}' is not a DynamoDB number (at most 38 "
                                   "significant digits, magnitude 1E-130 to 9.9E+125)",
                                   it.key()));
          ok = false;
          continue;
        }
      } else if (v.type == "M") {
        v.collection_key = CollectionKey(inner);
      } else if (v.type == "BOOL") {
        if (!inner.is_boolean()) {
          diags_.Error(
              ErrorId(DiagId::kNotAWorkbenchModel), RangeOf(ip),
              fmt::format("'{}' should be true or false, not {}", it.key(), KindOf(inner)));
          ok = false;
          continue;
        }
        v.text = inner.get<bool>() ? "true" : "false";
      }
      item.values[it.key()] = v;
    }
    return ok;
  }

  // A sample item's value of a key attribute (the table's or an index's) of another type than
  // the one declared: DynamoDB refuses the write ("Type mismatch for Index Key"), so no such
  // item exists in the table the model describes
  // (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/GSI.html#GSI.Writes).
  bool KeyTypeMatches(const std::string& attribute, const std::string& type,
                      const std::string& pointer) {
    for (const KeyType& k : key_types_) {
      if (k.attribute != attribute || k.type == type) continue;
      Diagnostic& d = diags_.Error(
          ErrorId(DiagId::kImportKeyValueType), RangeOf(pointer),
          fmt::format("'{}' holds a value of type {}, but {} declares it a key attribute of type "
                      "{}: DynamoDB refuses to write such an item",
                      attribute, type, k.owner, k.type));
      Diagnostics::Note(d, k.range, fmt::format("'{}' declared {} here", attribute, k.type));
      return false;
    }
    return true;
  }

  bool Items(const Json& parent, const std::string& pointer, std::vector<WbItem>& out) {
    const Json* data = Member(parent, pointer, "TableData", Json::value_t::array, false);
    if (!data) return !parent.contains("TableData");
    bool ok = true;
    for (std::size_t i = 0; i < data->size(); ++i) {
      WbItem item;
      if (Item((*data)[i], pointer + "/TableData/" + std::to_string(i), item))
        out.push_back(std::move(item));
      else
        ok = false;
    }
    return ok;
  }

  // KeyAttributes {PartitionKey, SortKey}: names; both must be S (model's keys are strings).
  // The key attributes of the table, or of an index (`index`): a GSI may have no sort key and be
  // keyed on numbers or binaries (AttributeType S, N or B:
  // https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_AttributeDefinition.html),
  // which the model keeps as a natural-key index (infer.cpp); the table's keys are strings
  // holding templates, both given.
  bool Keys(const Json& parent, const std::string& pointer, std::string& pk, std::string& sk,
            WbIndex* index = nullptr) {
    const Json* keys = Member(parent, pointer, "KeyAttributes", Json::value_t::object, true);
    if (!keys) return false;
    std::string kp = pointer + "/KeyAttributes";
    bool ok = true;
    for (const char* which : {"PartitionKey", "SortKey"}) {
      const Json* k = Member(*keys, kp, which, Json::value_t::object, false);
      std::string p = kp + "/" + which;
      if (!k && index != nullptr && std::string(which) == "SortKey" && !keys->contains(which))
        continue;
      if (!k) {
        if (!keys->contains(which)) {
          Cannot(kp, index != nullptr
                         ? fmt::format("no {} {}: an index has a partition key", which, Where(kp))
                         : fmt::format("no {} {}: a model's table has a partition and a sort key",
                                       which, Where(kp)));
        }
        ok = false;
        continue;
      }
      std::string name = String(*k, p, "AttributeName", true);
      std::string type = String(*k, p, "AttributeType", false);
      if (name.empty()) {
        ok = false;
        continue;
      }
      if (index != nullptr && (type == "N" || type == "B")) {
        (std::string(which) == "PartitionKey" ? index->pk_type : index->sk_type) = type;
      } else if (!type.empty() && type != "S") {
        Cannot(p + "/AttributeType",
               index != nullptr
                   ? fmt::format("key attribute '{}' is of type {}; an index key is a string, a "
                                 "number or a binary (S, N or B)",
                                 name, type)
                   : fmt::format("key attribute '{}' is of type {}; a model's table keys are "
                                 "strings (S) holding templates like CUSTOMER#{{customerId}} (an "
                                 "index may be keyed on numbers or binaries: a natural-key index)",
                                 name, type));
        ok = false;
      }
      (std::string(which) == "PartitionKey" ? pk : sk) = name;
      if (!type.empty()) {
        const std::string owner =
            index != nullptr ? fmt::format("index '{}'", index->name) : std::string("the table");
        // A table defines each key attribute once, with one type, for the table and every
        // index (CreateTable's AttributeDefinitions:
        // https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_CreateTable.html).
        const auto other = std::find_if(
            key_types_.begin(), key_types_.end(),
            [&](const KeyType& seen) { return seen.attribute == name && seen.type != type; });
        if (other != key_types_.end()) {
          Diagnostic& d = diags_.Error(
              ErrorId(DiagId::kImportKeyAttributeTypes), RangeOf(p + "/AttributeType"),
              fmt::format("{} keys on '{}' as {}, but {} keys on it as {}: a table defines each "
                          "key attribute once, with one type, for the table and all its indexes",
                          owner, name, type, other->owner, other->type));
          Diagnostics::Note(d, other->range, "the other type");
          ok = false;
          continue;
        }
        key_types_.push_back({name, type, owner, RangeOf(p + "/AttributeType")});
      }
    }
    // A key schema naming one attribute as both keys is refused by CreateTable (a
    // ValidationException): a key is a partition key and a sort key, two attributes
    // (https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_KeySchemaElement.html).
    if (ok && !pk.empty() && pk == sk) {
      diags_.Error(
          ErrorId(DiagId::kImportKeyAttributeTwice), RangeOf(kp + "/SortKey/AttributeName"),
          fmt::format("{} is keyed on '{}' twice: DynamoDB refuses a key schema whose "
                      "partition key and sort key are one attribute",
                      index != nullptr ? fmt::format("index '{}'", index->name)
                                       : fmt::format("table '{}'", parent.value("TableName", "")),
                      pk));
      ok = false;
    }
    return ok;
  }

  bool Table(const Json& t, const std::string& pointer, WbTable& out) {
    out.range = RangeOf(pointer);
    out.name = String(t, pointer, "TableName", true);
    bool ok = !out.name.empty() && Keys(t, pointer, out.pk, out.sk);
    if (const Json* attrs = Member(t, pointer, "NonKeyAttributes", Json::value_t::array, false)) {
      for (std::size_t i = 0; i < attrs->size(); ++i) {
        std::string p = pointer + "/NonKeyAttributes/" + std::to_string(i);
        if (!Expect((*attrs)[i], p, "NonKeyAttributes entry", Json::value_t::object)) {
          ok = false;
          continue;
        }
        std::string name = String((*attrs)[i], p, "AttributeName", true);
        std::string type = String((*attrs)[i], p, "AttributeType", false);
        if (!name.empty()) out.attributes.emplace_back(name, type);
      }
    }
    if (const Json* gsis =
            Member(t, pointer, "GlobalSecondaryIndexes", Json::value_t::array, false)) {
      std::map<std::string, std::string> index_names;  // name -> where its IndexName is
      for (std::size_t i = 0; i < gsis->size(); ++i) {
        std::string p = pointer + "/GlobalSecondaryIndexes/" + std::to_string(i);
        if (!Expect((*gsis)[i], p, "GlobalSecondaryIndexes entry", Json::value_t::object)) {
          ok = false;
          continue;
        }
        WbIndex index;
        index.range = RangeOf(p);
        index.name = String((*gsis)[i], p, "IndexName", true);
        if (index.name.empty() || !Keys((*gsis)[i], p, index.pk, index.sk, &index)) {
          ok = false;
          continue;
        }
        // "The name must be unique among all other indexes on this table"
        // (https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_GlobalSecondaryIndex.html).
        if (auto [first, fresh] = index_names.emplace(index.name, p + "/IndexName"); !fresh) {
          Diagnostic& d =
              diags_.Error(ErrorId(DiagId::kImportIndexNameTwice), RangeOf(p + "/IndexName"),
                           fmt::format("a second index named '{}': DynamoDB refuses indexes "
                                       "sharing a name on one table",
                                       index.name));
          Diagnostics::Note(d, RangeOf(first->second), "the first one");
          ok = false;
          continue;
        }
        if (const Json* pr = Member((*gsis)[i], p, "Projection", Json::value_t::object, false)) {
          index.projection = String(*pr, p + "/Projection", "ProjectionType", false);
          if (const Json* names =
                  Member(*pr, p + "/Projection", "NonKeyAttributes", Json::value_t::array, false)) {
            for (std::size_t n = 0; n < names->size(); ++n) {
              std::string np = p + "/Projection/NonKeyAttributes/" + std::to_string(n);
              if (Expect((*names)[n], np, "a projection's NonKeyAttributes entry",
                         Json::value_t::string)) {
                index.non_key.push_back((*names)[n].get<std::string>());
                index.non_key_ranges.push_back(RangeOf(np));
              }
            }
          }
        }
        out.indexes.push_back(index);
      }
    }
    if (const Json* facets = Member(t, pointer, "TableFacets", Json::value_t::array, false)) {
      for (std::size_t i = 0; i < facets->size(); ++i) {
        std::string p = pointer + "/TableFacets/" + std::to_string(i);
        const Json& f = (*facets)[i];
        if (!Expect(f, p, "TableFacets entry", Json::value_t::object)) {
          ok = false;
          continue;
        }
        WbFacet facet;
        facet.range = RangeOf(p);
        facet.name = String(f, p, "FacetName", true);
        if (facet.name.empty()) {
          if (f.contains("FacetName"))
            diags_.Error(ErrorId(DiagId::kNotAWorkbenchModel), RangeOf(p + "/FacetName"),
                         "a facet's name is empty");
          ok = false;
          continue;
        }
        if (const Json* alias = Member(f, p, "KeyAttributeAlias", Json::value_t::object, false)) {
          facet.pk_alias = String(*alias, p + "/KeyAttributeAlias", "PartitionKeyAlias", false);
          facet.sk_alias = String(*alias, p + "/KeyAttributeAlias", "SortKeyAlias", false);
        }
        if (const Json* names = Member(f, p, "NonKeyAttributes", Json::value_t::array, false)) {
          for (std::size_t n = 0; n < names->size(); ++n) {
            std::string np = p + "/NonKeyAttributes/" + std::to_string(n);
            if (Expect((*names)[n], np, "a facet's NonKeyAttributes entry", Json::value_t::string))
              facet.non_key.push_back((*names)[n].get<std::string>());
            else
              ok = false;
          }
        }
        ok = Items(f, p, facet.items) && ok;
        out.facets.push_back(std::move(facet));
      }
    }
    ok = Items(t, pointer, out.items) && ok;
    out.billing = String(t, pointer, "BillingMode", false);
    if (!out.billing.empty() && out.billing != "PAY_PER_REQUEST" && out.billing != "PROVISIONED")
      Cannot(
          pointer + "/BillingMode",
          fmt::format("BillingMode '{}' is neither PAY_PER_REQUEST nor PROVISIONED", out.billing));
    return ok && !diags_.HasErrors();
  }

 private:
  // A key attribute's declared AttributeType, whose key it is ("the table", "index 'GSI1'"), and
  // where the type is written.
  struct KeyType {
    std::string attribute, type, owner;
    SourceRange range;
  };
  const SourceFile& file_;
  Diagnostics& diags_;
  std::map<std::string, std::size_t> at_;
  std::vector<KeyType> key_types_;
};

}  // namespace

bool ReadWorkbench(const SourceFile& file, const std::string& table_choice, Diagnostics& diags,
                   WbTable& out) {
  const std::string& text = file.text();
  if (std::size_t bad = FirstInvalidUtf8(text); bad != std::string::npos) {
    SourcePos pos = file.PosOf(bad);
    diags.Error(ErrorId(DiagId::kNotText), SourceRange(pos, pos),
                "the file is not UTF-8 text (JSON is UTF-8; RFC 8259, section 8.1)");
    return false;
  }
  ErrorSax sax;
  if (!Json::sax_parse(text, &sax)) {
    // parse_error's position is the count of bytes read, the offending one included.
    std::size_t offset = sax.position > 0 ? sax.position - 1 : 0;
    if (offset > text.size()) offset = text.size();
    SourcePos pos = file.PosOf(offset);
    std::string message =
        sax.too_deep ? fmt::format("JSON nested deeper than {} levels", kMaxDepth) : sax.message;
    // "[json.exception.parse_error.101] parse error at line 1, column 2: syntax error ..." ->
    // the part after the position, which the diagnostic already gives.
    if (auto colon = message.find(": "); !sax.too_deep && colon != std::string::npos)
      message = message.substr(colon + 2);
    if (auto tag = message.find("] ");
        !sax.too_deep && tag != std::string::npos && message.rfind("[json.exception", 0) == 0)
      message = message.substr(tag + 2);
    diags.Error(ErrorId(DiagId::kInvalidJson), SourceRange(pos, pos),
                fmt::format("invalid JSON: {}", message));
    return false;
  }
  Json doc = Json::parse(text);
  Reader r(file, diags, PositionScanner(text).Scan());
  if (!r.Expect(doc, "", "the model", Json::value_t::object)) return false;
  out.model_name = r.String(doc, "", "ModelName", false);
  if (const Json* meta = r.Member(doc, "", "ModelMetadata", Json::value_t::object, false)) {
    // What codegen/export/nosql_workbench.cpp writes.
    out.model_export = r.String(*meta, "/ModelMetadata", "Author", false) == "model" &&
                       r.String(*meta, "/ModelMetadata", "Description", false)
                               .rfind("The single-table design `model` derived for ", 0) == 0;
    std::string version = r.String(*meta, "/ModelMetadata", "Version", false);
    if (!version.empty() && version != "3.0")
      r.Cannot(
          "/ModelMetadata/Version",
          fmt::format("model version '{}': only NoSQL Workbench's version 3.0 is read", version));
  }
  const Json* tables = r.Member(doc, "", "DataModel", Json::value_t::array, true);
  if (!tables || diags.HasErrors()) return false;
  if (tables->empty()) {
    r.Cannot("/DataModel", "'DataModel' holds no table");
    return false;
  }
  std::size_t chosen = tables->size();
  std::vector<std::string> names;
  for (std::size_t i = 0; i < tables->size(); ++i) {
    const Json& t = (*tables)[i];
    std::string name = t.is_object() && t.contains("TableName") && t["TableName"].is_string()
                           ? t["TableName"].get<std::string>()
                           : "";
    names.push_back(name);
    if (!table_choice.empty() && name == table_choice) chosen = i;
  }
  if (table_choice.empty() && tables->size() == 1) chosen = 0;
  if (chosen == tables->size()) {
    std::string list;
    for (const auto& n : names) list += (list.empty() ? "'" : ", '") + n + "'";
    r.Cannot(
        "/DataModel",
        table_choice.empty()
            ? fmt::format("'DataModel' holds {} tables ({}); a model describes one table: "
                          "choose one with --table NAME",
                          tables->size(), list)
            : fmt::format("'DataModel' holds no table named '{}' (it has {})", table_choice, list));
    return false;
  }
  return r.Table((*tables)[chosen], "/DataModel/" + std::to_string(chosen), out);
}

}  // namespace model::importer
