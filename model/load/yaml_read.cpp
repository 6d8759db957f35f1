// The structure phase for the top level, `table` and `entities`.
#include "model/load/yaml_read.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>

#include "model/format_names.h"
#include "model/load/format_spec.h"
#include "model/load/yaml_values.h"

namespace model::load {

const std::vector<std::string>& AttributeTypeWords() {
  static const std::vector<std::string> kWords = [] {
    std::vector<std::string> words = NamesOf(kAttrTypeNames);
    for (const std::string& w : TimeOrderedTypeWords()) words.push_back(w);
    return words;
  }();
  return kWords;
}

const std::vector<std::string>& TimeOrderedTypeWords() {
  static const std::vector<std::string> kWords = NamesOf(kTimeOrderNames);
  return kWords;
}

namespace {

bool IsTableName(std::string_view name) {
  if (name.size() < 3 || name.size() > 255) return false;
  for (char c : name) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '_' || c == '.' || c == '-';
    if (!ok) return false;
  }
  return true;
}

// Name lengths: kMaxNameLength and the index prefix's bounds in format_spec.h.

// Reads an identifier-valued name (entity, attribute, key attribute); E201 when malformed, E119
// when longer than DynamoDB allows.
std::optional<std::string> ReadIdentifier(const YamlNode& node, std::string_view what,
                                          Diagnostics& diags) {
  auto text = ReadText(node, what, diags);
  if (!text) return std::nullopt;
  if (text->size() > kMaxNameLength && IsIdentifier(*text)) {
    diags.Error(DiagId::kBeyondDynamoLimit, node.range,
                fmt::format("{} is {} characters long, but DynamoDB holds names of at most {} "
                            "characters; shorten it",
                            what, text->size(), kMaxNameLength));
    return std::nullopt;
  }
  if (!IsIdentifier(*text)) {
    diags.Error(DiagId::kBadName, node.range,
                fmt::format("{} {} is not a valid name; use letters, digits and '_', starting "
                            "with a letter or '_' (e.g. orderId)",
                            what, Quoted(*text)));
    return std::nullopt;
  }
  return text;
}

// True when `name` is one of the table's key attribute names (PK, SK, GSI<n>PK, GSI<n>SK).
bool IsKeyAttributeName(const Table& table, std::string_view name) {
  if (name == table.partition_key || name == table.sort_key) return true;
  std::string_view prefix = table.index_prefix;
  if (name.size() <= prefix.size() + 2 || name.substr(0, prefix.size()) != prefix) return false;
  std::string_view rest = name.substr(prefix.size());
  std::string_view suffix = rest.substr(rest.size() - 2);
  if (suffix != "PK" && suffix != "SK") return false;
  std::string_view digits = rest.substr(0, rest.size() - 2);
  return !digits.empty() &&
         std::all_of(digits.begin(), digits.end(), [](char c) { return c >= '0' && c <= '9'; });
}

void ReadAttributeType(const YamlNode& node, std::string_view what, Attribute& attr,
                       Diagnostics& diags, bool& ok) {
  std::string word = node.text;
  bool optional = !word.empty() && word.back() == '?';
  if (optional) word.pop_back();
  std::optional<AttrType> type = ValueNamed(kAttrTypeNames, word);
  // ulid, ksuid and uuidv7 are strings whose text sorts like their creation time.
  if (auto order = ValueNamed(kTimeOrderNames, word)) {
    type = AttrType::kString;
    attr.time_order = *order;
  }
  if (!type) {
    std::string guess = ClosestMatch(word, AttributeTypeWords());
    diags.Error(
        DiagId::kUnknownType, node.range,
        fmt::format("{} has the unknown type {}; {}", what, Quoted(node.text),
                    guess.empty() ? fmt::format("the types are {}", JoinOr(AttributeTypeWords()))
                                  : fmt::format("did you mean '{}'?", guess)));
    ok = false;
    return;
  }
  attr.type = *type;
  if (optional) attr.required = false;
}

// An attribute's `shares` against its values: an enum's values or true and false, each listed
// once, adding up to at most 1, and to exactly 1 when every value is listed (E227).
void CheckShares(const YamlNode& node, const std::string& what, const Attribute& attr,
                 Diagnostics& diags, bool& ok) {
  std::vector<std::string> values = attr.type == AttrType::kBoolean
                                        ? std::vector<std::string>{"true", "false"}
                                        : attr.enum_values;
  if (attr.type != AttrType::kEnum && attr.type != AttrType::kBoolean) {
    diags.Error(DiagId::kBadValueShares, node.range,
                fmt::format("{} has 'shares' but is {}; shares split the items among the values "
                            "of an enum or a boolean",
                            what, AttrTypeWithArticle(attr.type)));
    ok = false;
    return;
  }
  double total = 0;
  for (std::size_t i = 0; i < attr.shares.size(); ++i) {
    const Attribute::Share& s = attr.shares[i];
    total += s.share;
    if (std::find(values.begin(), values.end(), s.value) == values.end()) {
      std::string guess = ClosestMatch(s.value, values);
      diags.Error(
          DiagId::kBadValueShares, s.range,
          fmt::format("'shares' of {} names {}, which is not one of {}{}", what, Quoted(s.value),
                      JoinOr(values),
                      guess.empty() ? std::string() : fmt::format("; did you mean '{}'?", guess)));
      ok = false;
    }
    for (std::size_t j = 0; j < i; ++j) {
      if (attr.shares[j].value != s.value) continue;
      diags.Error(
          DiagId::kBadValueShares, s.range,
          fmt::format("'shares' of {} gives {} a share twice; keep one", what, Quoted(s.value)));
      ok = false;
    }
  }
  if (!ok) return;
  // A little slack for decimals that do not add up exactly in binary (0.1 + 0.2).
  bool all = attr.shares.size() == values.size();
  if (total > 1 + 1e-9 || (all && total < 1 - 1e-9)) {
    diags.Error(DiagId::kBadValueShares, node.range,
                fmt::format("the 'shares' of {} add up to {:g}, but {}; the shares of all the "
                            "items add up to 1",
                            what, total,
                            all ? std::string("every value is listed")
                                : std::string("they are fractions of one set of items")));
    ok = false;
  }
}

// The short form `name: string` (or `string?`): the type alone; an enum needs the long form.
std::optional<Attribute> ReadShortAttribute(const YamlNode& value, const std::string& what,
                                            Attribute attr, Diagnostics& diags) {
  bool ok = true;
  ReadAttributeType(value, what, attr, diags, ok);
  if (ok && attr.type == AttrType::kEnum) {
    diags.Error(DiagId::kBadEnumValues, value.range,
                fmt::format("{} is an enum but lists no values; write "
                            "'{{ type: enum, values: [A, B] }}'",
                            what));
    return std::nullopt;
  }
  return ok ? std::optional<Attribute>(attr) : std::nullopt;
}

// `required: <bool>` into attr.required; E116 when the type already said '?'.
void ReadRequired(const YamlNode& n, const std::string& what, Attribute& attr, Diagnostics& diags,
                  bool& ok) {
  bool question_mark = !attr.required;
  auto v = ReadBool(n, fmt::format("'required' of {}", what), diags);
  if (!v) {
    ok = false;
  } else if (*v && question_mark) {
    diags.Error(DiagId::kOptionalAndRequired, n.range,
                fmt::format("{} is marked optional by '?' in its type but 'required: true'; "
                            "keep one of the two",
                            what));
    ok = false;
  } else {
    attr.required = *v;
  }
}

// `unique: true`, or the name of a name space shared with other entities' attributes, into
// attr.unique and attr.unique_scope; a unique attribute's type must be keyable.
void ReadUnique(const YamlNode& n, const std::string& what, Attribute& attr, Diagnostics& diags,
                bool& ok) {
  std::optional<bool> v;
  bool spelled_bool = n.IsScalar() && !n.quoted &&
                      (n.text == "true" || n.text == "True" || n.text == "TRUE" ||
                       n.text == "false" || n.text == "False" || n.text == "FALSE");
  if (n.IsScalar() && !spelled_bool && IsIdentifier(n.text) && n.text.size() <= 64) {
    v = true;
    attr.unique_scope = n.text;
  } else if (n.IsScalar() && !spelled_bool) {
    diags.Error(DiagId::kWrongValueKind, n.range,
                fmt::format("'unique' of {} must be true, false or the name of a name space "
                            "shared with other attributes (a letter or '_', then letters, "
                            "digits and '_', e.g. 'handle'), not {}",
                            what, DescribeNode(n)));
  } else {
    v = ReadBool(n, fmt::format("'unique' of {}", what), diags);
  }
  if (!v) ok = false;
  if (v && *v && ok && !IsSortable(attr.type)) {
    diags.Error(DiagId::kUniqueNotKeyable, n.range,
                fmt::format("{} is {}, which cannot be unique (a uniqueness item is keyed by "
                            "the value); remove 'unique' or use a string",
                            what, AttrTypeWithArticle(attr.type)));
    ok = false;
  }
  if (v) attr.unique = *v;
}

// `created: <name>` into attr.created; only a time-ordered type (ulid, ksuid, uuidv7) has one.
void ReadCreated(const YamlNode& n, const std::string& what, Attribute& attr, Diagnostics& diags,
                 bool& ok) {
  auto v = ReadName(n, fmt::format("'created' of {}", what), diags);
  if (!v) {
    ok = false;
  } else if (attr.time_order == TimeOrder::kNone && ok) {
    diags.Error(DiagId::kCreatedNotTimeOrdered, n.range,
                fmt::format("{} has 'created' but its type is {}, which does not encode a time; "
                            "use 'type: ulid', 'ksuid' or 'uuidv7', or remove 'created'",
                            what, AttrTypeName(attr.type)));
    ok = false;
  } else {
    attr.created = v->text;
    attr.created_range = v->range;
  }
}

// `shares: { ESCALATED: 0.01 }` into attr.shares: fractions of the items holding each value, each
// at most 1 (checked against 'values' later, by CheckShares).
void ReadShares(const YamlNode& n, const std::string& what, Attribute& attr, Diagnostics& diags,
                bool& ok) {
  if (!n.IsMapping() || n.entries.empty()) {
    diags.Error(DiagId::kWrongValueKind, n.range,
                fmt::format("'shares' of {} must map values to fractions of the items, e.g. "
                            "'{{ ESCALATED: 0.01 }}', not {}",
                            what, DescribeNode(n)));
    ok = false;
    return;
  }
  for (const auto& e : n.entries) {
    auto share = ReadPositive(
        *e.value, fmt::format("the share of {} in {}", Quoted(e.key->text), what), diags);
    if (!share) {
      ok = false;
      continue;
    }
    attr.shares.push_back(Attribute::Share{e.key->text, *share, e.key->range});
    if (*share > 1) {
      diags.Error(DiagId::kBadValueShares, e.value->range,
                  fmt::format("the share of {} in {} is {}, but a share is a fraction of the "
                              "items, at most 1 (write 0.01 for 1%)",
                              Quoted(e.key->text), what, e.value->text));
      ok = false;
    }
  }
}

// `distinct: 200` into attr.distinct: a count (ReadCount: at least 1), on a type whose values
// can repeat in any number (not an enum, whose values are listed, nor a boolean, a document or a
// set), and not unique (one value per item already).
void ReadDistinct(const YamlNode& n, const std::string& what, Attribute& attr, Diagnostics& diags,
                  bool& ok) {
  // A count of values is whole: "2.5" is refused rather than rounded ("1.5k" is 1,500).
  if (n.IsScalar() && !n.text.empty() && std::isdigit(static_cast<unsigned char>(n.text.back())) &&
      n.text.find('.') != std::string::npos) {
    diags.Error(DiagId::kBadDistinctCount, n.range,
                fmt::format("'distinct' of {} is {}, but a number of values is whole; write "
                            "how many values it takes, like 200 or '40k'",
                            what, n.text));
    ok = false;
    return;
  }
  auto v = ReadCount(n, fmt::format("'distinct' of {}", what), diags);
  if (!v) {
    ok = false;
    return;
  }
  attr.distinct = *v;
  attr.distinct_range = n.range;
  const bool typed = attr.type == AttrType::kString || attr.type == AttrType::kNumber ||
                     attr.type == AttrType::kInteger || attr.type == AttrType::kTimestamp ||
                     attr.type == AttrType::kDate || attr.type == AttrType::kBinary;
  std::string wrong, hint = "remove it";
  if (!typed) {
    if (attr.type == AttrType::kEnum) {
      wrong = "an enum takes the values it lists";
      hint = "remove it, and say how its items spread over the values with 'shares'";
    } else if (attr.type == AttrType::kBoolean) {
      wrong = "a boolean takes two values";
      hint = "remove it, and say how its items spread over them with 'shares'";
    } else {
      wrong = fmt::format("{} is never a key or filter value", AttrTypeWithArticle(attr.type));
    }
  } else if (attr.unique) {
    wrong = "a unique attribute takes one value per item already";
  }
  if (wrong.empty()) return;
  diags.Error(DiagId::kBadDistinctCount, n.range,
              fmt::format("'distinct' of {} is {}, but {}; {}", what, n.text, wrong, hint));
  ok = false;
}

// `present_when: { phase: LOBBY }` or `{ phase: [LOBBY, STARTING] }` (one condition, at least one
// value) into attr.present_when.
void ReadPresentWhen(const YamlNode& n, const std::string& what, Attribute& attr,
                     Diagnostics& diags, bool& ok) {
  std::string pw = fmt::format("'present_when' of {}", what);
  if (!n.IsMapping() || n.entries.size() != 1 || !n.entries[0].key->IsScalar()) {
    diags.Error(DiagId::kWrongValueKind, n.range,
                fmt::format("{} must be one 'attribute: value' pair (or 'attribute: [values]'), "
                            "e.g. '{{ phase: LOBBY }}', not {}",
                            pw, DescribeNode(n)));
    ok = false;
    return;
  }
  auto list = ReadNameList(*n.entries[0].value, pw, diags);
  if (!list) {
    ok = false;
    return;
  }
  PresenceCondition when;
  when.attribute = n.entries[0].key->text;
  when.range = n.entries[0].key->range;
  for (const Name& v : *list) {
    when.values.push_back(v.text);
    when.value_ranges.push_back(v.range);
  }
  if (when.values.empty()) {
    diags.Error(DiagId::kWrongValueKind, n.entries[0].value->range,
                fmt::format("{} lists no value; name the value(s) of '{}' in which the "
                            "attribute is present",
                            pw, when.attribute));
    ok = false;
  } else {
    attr.present_when = std::move(when);
  }
}

// An enum's `values` (`values`, null when absent) into attr.enum_values: required for an enum,
// refused for any other type, non-empty, each once. False when the attribute is rejected
// outright (no further checks); a repeated value only clears `ok`.
bool ReadEnumValues(const YamlNode& value, const YamlNode* values, const std::string& what,
                    Attribute& attr, Diagnostics& diags, bool& ok) {
  if (ok && attr.type == AttrType::kEnum && values == nullptr) {
    diags.Error(DiagId::kBadEnumValues, value.range,
                fmt::format("{} is an enum but lists no values; add 'values: [A, B]'", what));
    return false;
  }
  if (values != nullptr && ok && attr.type != AttrType::kEnum) {
    diags.Error(DiagId::kBadEnumValues, values->range,
                fmt::format("{} has 'values' but its type is {}; use 'type: enum' or remove "
                            "'values'",
                            what, AttrTypeName(attr.type)));
    return false;
  }
  if (values == nullptr) return true;
  auto list = ReadNameList(*values, fmt::format("'values' of {}", what), diags);
  if (!list) return false;
  if (list->empty()) {
    diags.Error(DiagId::kBadEnumValues, values->range,
                fmt::format("{} is an enum with an empty 'values' list; list its values", what));
    return false;
  }
  for (std::size_t i = 0; i < list->size(); ++i) {
    for (std::size_t j = 0; j < i; ++j) {
      if ((*list)[j].text == (*list)[i].text) {
        diags.Error(
            DiagId::kBadEnumValues, (*list)[i].range,
            fmt::format("{} lists the value {} twice; remove one", what, Quoted((*list)[i].text)));
        ok = false;
        break;
      }
    }
    attr.enum_values.push_back((*list)[i].text);
  }
  return true;
}

std::optional<Attribute> ReadAttribute(const YamlNode::Entry& entry, const std::string& entity,
                                       Diagnostics& diags) {
  auto name = ReadIdentifier(*entry.key, fmt::format("attribute of entity '{}'", entity), diags);
  if (!name) return std::nullopt;
  Attribute attr;
  attr.name = *name;
  attr.range = entry.key->range;
  std::string what = fmt::format("attribute '{}' of entity '{}'", attr.name, entity);
  const YamlNode& value = *entry.value;
  if (value.IsScalar()) return ReadShortAttribute(value, what, std::move(attr), diags);
  if (!value.IsMapping()) {
    diags.Error(DiagId::kWrongValueKind, value.range,
                fmt::format("{} needs a type like 'string' or '{{ type: string, required: false "
                            "}}', not {}",
                            what, DescribeNode(value)));
    return std::nullopt;
  }
  CheckKeys(value, what, SectionKeyNames(FormatSection::kAttribute), diags);
  const YamlNode* type =
      RequireKey(value, "type", what, "add 'type: string' (or another type)", diags);
  if (!type) return std::nullopt;
  if (!type->IsScalar()) {
    diags.Error(DiagId::kWrongValueKind, type->range,
                fmt::format("the type of {} must be a word like 'string', not {}", what,
                            DescribeNode(*type)));
    return std::nullopt;
  }
  bool ok = true;
  ReadAttributeType(*type, what, attr, diags, ok);
  if (const YamlNode* n = FindValue(value, "required")) ReadRequired(*n, what, attr, diags, ok);
  if (const YamlNode* n = FindValue(value, "unique")) ReadUnique(*n, what, attr, diags, ok);
  if (const YamlNode* n = FindValue(value, "description")) {
    if (auto v = ReadText(*n, fmt::format("'description' of {}", what), diags)) {
      attr.description = *v;
    } else {
      ok = false;
    }
  }
  if (const YamlNode* n = FindValue(value, "created")) ReadCreated(*n, what, attr, diags, ok);
  // Read before 'values', which they are checked against below.
  if (const YamlNode* n = FindValue(value, "shares")) ReadShares(*n, what, attr, diags, ok);
  if (const YamlNode* n = FindValue(value, "present_when"))
    ReadPresentWhen(*n, what, attr, diags, ok);
  if (const YamlNode* n = FindValue(value, "distinct")) ReadDistinct(*n, what, attr, diags, ok);
  // `copy: <relationship>.<attribute>`: resolved against the relationships by CheckCopies.
  if (const YamlNode* n = FindValue(value, "copy")) {
    if (auto v = ReadName(*n, fmt::format("'copy' of {}", what), diags)) {
      attr.copy = v->text;
      attr.copy_range = v->range;
    } else {
      ok = false;
    }
  }
  // `counter: <relationship>.<attribute>`: resolved against the relationships by CheckCounters.
  if (const YamlNode* n = FindValue(value, "counter")) {
    if (auto v = ReadName(*n, fmt::format("'counter' of {}", what), diags)) {
      attr.counter = v->text;
      attr.counter_range = v->range;
    } else {
      ok = false;
    }
  }
  if (!ReadEnumValues(value, FindValue(value, "values"), what, attr, diags, ok))
    return std::nullopt;
  if (ok && !attr.shares.empty()) CheckShares(*FindValue(value, "shares"), what, attr, diags, ok);
  return ok ? std::optional<Attribute>(attr) : std::nullopt;
}

// The GSI number `name` names in `table` (Table::GsiName: the index prefix and 1 to kMaxGsis),
// or 0.
int IndexNumber(const Table& table, const std::string& name) {
  for (int n = 1; n <= kMaxGsis; ++n) {
    if (table.GsiName(n) == name) return n;
  }
  return 0;
}

// One `<index name>: { pk, sk }` entry of an entity's keys; nullopt (with diagnostics) if wrong.
std::optional<PinnedIndexKeysDecl> ReadPinnedIndexKeys(const YamlNode::Entry& entry,
                                                       const std::string& what, const Table& table,
                                                       Diagnostics& diags) {
  const std::string& name = entry.key->text;
  int number = IndexNumber(table, name);
  if (number == 0 || (table.max_gsis && number > *table.max_gsis)) {
    std::string names =
        table.max_gsis
            ? (*table.max_gsis == 0 ? std::string("none: max_gsis is 0")
                                    : fmt::format("{} to {} (max_gsis)", table.GsiName(1),
                                                  table.GsiName(*table.max_gsis)))
            : fmt::format("{} to {}", table.GsiName(1), table.GsiName(kMaxGsis));
    diags.Error(DiagId::kUnknownPinnedIndex, entry.key->range,
                fmt::format("'keys' of {} has '{}', which is neither 'pk', 'sk' nor an index the "
                            "table can have; its indexes are {}",
                            what, name, names));
    return std::nullopt;
  }
  std::string index_what = fmt::format("'keys' of {} on index '{}'", what, name);
  const YamlNode& node = *entry.value;
  if (!ExpectMapping(node, index_what, diags)) return std::nullopt;
  CheckKeys(node, index_what, SectionKeyNames(FormatSection::kPinnedIndexKeys), diags);
  const YamlNode* pk =
      RequireKey(node, "pk", index_what,
                 "add an index partition key template like 'pk: \"EMAIL#{email}\"'", diags);
  if (!pk) return std::nullopt;
  PinnedIndexKeysDecl out;
  out.index = number;
  out.name = Name{name, entry.key->range};
  out.range = node.range;
  auto pk_name = ReadName(*pk, fmt::format("'pk' of {}", index_what), diags);
  if (!pk_name) return std::nullopt;
  out.pk = *pk_name;
  if (const YamlNode* sk = FindValue(node, "sk")) {
    auto sk_name = ReadName(*sk, fmt::format("'sk' of {}", index_what), diags);
    if (!sk_name) return std::nullopt;
    out.sk = *sk_name;
  }
  return out;
}

void ReadPinnedKeys(const YamlNode& node, const std::string& what, const Table& table,
                    EntityDecl& decl, Diagnostics& diags) {
  std::string keys_what = fmt::format("'keys' of {}", what);
  if (!ExpectMapping(node, keys_what, diags)) return;
  PinnedKeysDecl keys;
  keys.range = node.range;
  bool ok = true;
  for (const auto& e : node.entries) {
    const std::string& key = e.key->text;
    if (key == "pk" || key == "sk") continue;
    // A misspelt pk or sk (`pl`), not an index name: say what it likely meant.
    std::vector<std::string> absent;
    for (const char* k : {"pk", "sk"}) {
      if (!node.Find(k)) absent.push_back(k);
    }
    std::string guess = ClosestMatch(key, absent);
    if (IndexNumber(table, key) == 0 && !guess.empty()) {
      diags.Error(
          DiagId::kUnknownKey, e.key->range,
          fmt::format("unknown key {} in {}; did you mean '{}'?", Quoted(key), keys_what, guess));
      ok = false;
      continue;
    }
    if (auto index = ReadPinnedIndexKeys(e, what, table, diags)) {
      keys.indexes.push_back(*index);
    } else {
      ok = false;
    }
  }
  // The table keys: pk required with sk, and when no index keys are pinned.
  const YamlNode* pk = FindValue(node, "pk");
  const YamlNode* sk = FindValue(node, "sk");
  if (pk == nullptr && (sk != nullptr || keys.indexes.empty())) {
    if (ok) {
      diags.Error(DiagId::kMissingKey, node.range,
                  fmt::format("{} needs 'pk'; add a partition key template like "
                              "'pk: \"ORDER#{{orderId}}\"'{}",
                              keys_what, sk != nullptr ? " (a pinned sk needs its pk)" : ""));
    }
    return;
  }
  if (pk != nullptr) {
    auto pk_name = ReadName(*pk, fmt::format("'pk' of {}", what), diags);
    if (!pk_name) return;
    keys.pk = *pk_name;
  }
  if (sk != nullptr) {
    auto sk_name = ReadName(*sk, fmt::format("'sk' of {}", what), diags);
    if (!sk_name) return;
    keys.sk = *sk_name;
  }
  if (ok) decl.keys = keys;
}

void ReadEntity(const YamlNode::Entry& entry, const Table& table, ModelDecl& decl,
                Diagnostics& diags) {
  auto name = ReadIdentifier(*entry.key, "entity name", diags);
  if (!name) return;
  std::string what = fmt::format("entity '{}'", *name);
  const YamlNode& node = *entry.value;
  if (!ExpectMapping(node, what, diags)) return;
  CheckKeys(node, what, SectionKeyNames(FormatSection::kEntity), diags);
  EntityDecl e;
  e.entity.name = *name;
  e.entity.range = entry.key->range;
  if (const YamlNode* n = FindValue(node, "description")) {
    if (auto v = ReadText(*n, fmt::format("'description' of {}", what), diags)) {
      e.entity.description = *v;
    }
  }
  if (const YamlNode* n = FindValue(node, "count")) {
    if (auto v = ReadCount(*n, fmt::format("'count' of {}", what), diags)) e.entity.count = *v;
  }
  if (const YamlNode* n = FindValue(node, "item_size")) {
    if (auto v = ReadItemSize(*n, fmt::format("'item_size' of {}", what), diags)) {
      e.entity.item_size = *v;
    }
  }
  if (const YamlNode* n = FindValue(node, "versioned")) {
    if (auto v = ReadBool(*n, fmt::format("'versioned' of {}", what), diags)) {
      e.entity.versioned = *v;
    }
  }
  if (const YamlNode::Entry* id = node.Find("identifier")) {
    e.identifier_range = id->key->range;
    if (auto v = ReadNameList(*id->value, fmt::format("'identifier' of {}", what), diags)) {
      e.identifier = *v;
      if (v->empty()) {
        diags.Error(DiagId::kNoIdentifier, id->value->range,
                    fmt::format("the identifier of {} is an empty list; name the attribute(s) "
                                "that identify one item",
                                what));
      }
    }
  }
  if (const YamlNode* n = FindValue(node, "ttl")) {
    if (auto v = ReadName(*n, fmt::format("'ttl' of {}", what), diags)) e.ttl = *v;
  }
  if (const YamlNode* n = FindValue(node, "version")) {
    if (auto v = ReadName(*n, fmt::format("'version' of {}", what), diags)) e.version = *v;
  }
  if (const YamlNode* n = FindValue(node, "together")) {
    // `together: [a, b]` (one group) or `together: [[a, b], [c, d]]` (several).
    std::string tw = fmt::format("'together' of {}", what);
    bool nested = n->IsSequence() && !n->items.empty() &&
                  std::all_of(n->items.begin(), n->items.end(),
                              [](const YamlNode* i) { return i->IsSequence(); });
    if (nested) {
      for (const YamlNode* group : n->items) {
        if (auto v = ReadNameList(*group, tw, diags))
          e.together.push_back(TogetherDecl{*v, group->range});
      }
    } else if (n->IsSequence() && std::any_of(n->items.begin(), n->items.end(),
                                              [](const YamlNode* i) { return !i->IsScalar(); })) {
      diags.Error(DiagId::kWrongValueKind, n->range,
                  fmt::format("{} must be a list of attributes ('[shippedAt, carrier]') or a list "
                              "of such lists, not a mix",
                              tw));
    } else if (auto v = ReadNameList(*n, tw, diags)) {
      e.together.push_back(TogetherDecl{*v, n->range});
    }
  }
  if (const YamlNode* n = FindValue(node, "keys")) ReadPinnedKeys(*n, what, table, e, diags);
  const YamlNode* attrs =
      RequireKey(node, "attributes", what,
                 "add 'attributes:' with one 'name: type' line per attribute", diags);
  if (attrs != nullptr && ExpectMapping(*attrs, fmt::format("'attributes' of {}", what), diags)) {
    if (attrs->entries.empty()) {
      diags.Error(DiagId::kNoAttributes, attrs->range,
                  fmt::format("{} has no attributes; add at least its identifier, e.g. "
                              "'{}Id: string'",
                              what, LowerFirst(*name)));
    }
    for (const auto& a : attrs->entries) {
      auto attr = ReadAttribute(a, *name, diags);
      if (!attr) continue;
      if (IsKeyAttributeName(table, attr->name)) {
        diags.Error(DiagId::kKeyAttributeName, attr->range,
                    fmt::format("attribute '{}' of {} has the name of one of the table's key "
                                "attributes, which the key design fills in; rename it",
                                attr->name, what));
        continue;
      }
      e.entity.attributes.push_back(*attr);
    }
  }
  decl.entities.push_back(std::move(e));
}

}  // namespace

namespace {

// `projection:` of an index declared at table level: ALL, KEYS_ONLY, or a list (INCLUDE), with
// DynamoDB's ProjectionType meaning
// (https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_Projection.html).
void ReadProjection(const YamlNode& node, const std::string& what, DeclaredIndex& index,
                    Diagnostics& diags) {
  index.projection_range = node.range;
  if (node.kind == YamlNode::Kind::kSequence) {
    auto names = ReadNameList(node, what, diags);
    if (!names) return;
    if (names->empty()) {
      diags.Error(DiagId::kBadProjectedAttribute, node.range,
                  fmt::format("{} lists no attribute; write ALL or KEYS_ONLY, or list the "
                              "non-key attributes the index copies",
                              what));
      return;
    }
    for (const Name& name : *names) {
      index.include.push_back(name.text);
      index.include_ranges.push_back(name.range);
    }
    index.projection = PinnedProjection::kInclude;
    return;
  }
  if (auto word = ReadWord(node, what, {"ALL", "KEYS_ONLY"}, diags)) {
    index.projection = *word == "ALL" ? PinnedProjection::kAll : PinnedProjection::kKeysOnly;
  }
}

// `table: indexes:`: each index the table can have (its name: the index prefix and 1 to
// max_gsis), at most once, with what the model pins about it.
void ReadTableIndexes(const YamlNode& node, Table& t, Diagnostics& diags) {
  if (!ExpectMapping(node, "the table's 'indexes'", diags)) return;
  for (const auto& entry : node.entries) {
    const std::string& name = entry.key->text;
    int number = IndexNumber(t, name);
    if (number == 0 || (t.max_gsis && number > *t.max_gsis)) {
      std::string names =
          t.max_gsis ? fmt::format("{} to {} (max_gsis)", t.GsiName(1), t.GsiName(*t.max_gsis))
                     : fmt::format("{} to {}", t.GsiName(1), t.GsiName(kMaxGsis));
      diags.Error(DiagId::kUnknownDeclaredIndex, entry.key->range,
                  fmt::format("the table's 'indexes' has '{}', which is not an index the table "
                              "can have; its indexes are {}",
                              name, names));
      continue;
    }
    std::string what = fmt::format("index '{}' of the table", name);
    if (!ExpectMapping(*entry.value, what, diags)) continue;
    CheckKeys(*entry.value, what, SectionKeyNames(FormatSection::kTableIndex), diags);
    // An entry with nothing in it pins nothing: the index is what the derivation makes it
    // without the entry, which is most likely not what was meant.
    if (entry.value->entries.empty()) {
      diags.Warning(DiagId::kEmptyDeclaredIndex, entry.key->range,
                    fmt::format("{} is declared with nothing in it, so it pins nothing: the "
                                "derivation chooses the index as it would without the entry; "
                                "give it a 'projection', or remove it",
                                what));
    }
    DeclaredIndex index;
    index.index = number;
    index.range = entry.key->range;
    if (const YamlNode* p = FindValue(*entry.value, "projection"))
      ReadProjection(*p, fmt::format("the projection of {}", what), index, diags);
    // The attributes the index is keyed on (checked against the table's keys and the entities'
    // attributes by CheckDeclaredIndexes).
    if (const YamlNode* k = FindValue(*entry.value, "partition_key")) {
      index.partition_key_range = k->range;
      if (auto v = ReadIdentifier(*k, fmt::format("the partition_key of {}", what), diags))
        index.partition_key = *v;
    }
    if (const YamlNode* k = FindValue(*entry.value, "sort_key")) {
      index.sort_key_range = k->range;
      if (auto v = ReadIdentifier(*k, fmt::format("the sort_key of {}", what), diags))
        index.sort_key = *v;
    }
    t.indexes.push_back(std::move(index));
  }
  std::stable_sort(
      t.indexes.begin(), t.indexes.end(),
      [](const DeclaredIndex& a, const DeclaredIndex& b) { return a.index < b.index; });
}

}  // namespace

void ReadTable(const YamlNode& node, ModelDecl& decl, Diagnostics& diags) {
  if (!ExpectMapping(node, "'table'", diags)) return;
  CheckKeys(node, "'table'", SectionKeyNames(FormatSection::kTable), diags);
  Table& t = decl.table;
  t.range = node.range;
  if (const YamlNode* n = RequireKey(
          node, "name", "'table'", "add the DynamoDB table name, e.g. 'name: app-table'", diags)) {
    if (auto v = ReadText(*n, "the table name", diags)) {
      if (IsTableName(*v)) {
        t.name = *v;
      } else {
        diags.Error(DiagId::kBadTableName, n->range,
                    fmt::format("the table name {} is not a valid DynamoDB table name; use 3 to "
                                "255 letters, digits, '_', '-' or '.'",
                                Quoted(*v)));
      }
    }
  }
  auto key_name = [&](const char* key, std::string& out) {
    if (const YamlNode* n = FindValue(node, key)) {
      if (auto v = ReadIdentifier(*n, fmt::format("the table's {}", key), diags)) out = *v;
    }
  };
  key_name("partition_key", t.partition_key);
  key_name("sort_key", t.sort_key);
  key_name("index_prefix", t.index_prefix);
  if (const YamlNode* n = FindValue(node, "ttl_attribute")) {
    if (auto v = ReadIdentifier(*n, "the table's ttl_attribute", diags)) {
      t.ttl_attribute = *v;
      t.ttl_attribute_range = n->range;
    }
  }
  if (const YamlNode* n = FindValue(node, "index_prefix");
      n && (t.index_prefix.size() > kMaxIndexPrefixLength ||
            t.index_prefix.size() < kMinIndexPrefixLength)) {
    diags.Error(DiagId::kBeyondDynamoLimit, n->range,
                fmt::format("the table's index_prefix is {} characters long; DynamoDB index "
                            "names (the prefix and 1 to 20) hold 3 to {} characters and index key "
                            "names (the prefix, the number and PK or SK) at most {}, so use {} to "
                            "{} characters",
                            t.index_prefix.size(), kMaxNameLength, kMaxNameLength,
                            kMinIndexPrefixLength, kMaxIndexPrefixLength));
    t.index_prefix = "GSI";
  }
  for (const char* key : {"partition_key", "sort_key"}) {
    const YamlNode* n = FindValue(node, key);
    const std::string& name =
        std::string_view(key) == "partition_key" ? t.partition_key : t.sort_key;
    Table others = t;
    others.partition_key.clear();
    others.sort_key.clear();
    if (n != nullptr && IsKeyAttributeName(others, name)) {
      diags.Error(DiagId::kTableKeyLikeIndexKey, n->range,
                  fmt::format("the table's {} '{}' is named like the key of an index, which the "
                              "key layout names {}<n>PK and {}<n>SK; name it otherwise or change "
                              "'index_prefix'",
                              key, name, t.index_prefix, t.index_prefix));
    }
  }
  if (t.partition_key == t.sort_key) {
    const YamlNode* n = FindValue(node, "sort_key");
    diags.Error(DiagId::kSameTableKeyNames, n ? n->range : node.range,
                fmt::format("the table's partition_key and sort_key are both '{}'; give the sort "
                            "key its own name, e.g. 'SK'",
                            t.partition_key));
  }
  if (const YamlNode* n = FindValue(node, "billing")) {
    if (auto v = ReadWord(*n, "the table's billing",
                          SectionKey(FormatSection::kTable, "billing").words, diags)) {
      t.billing = *v == "provisioned" ? BillingMode::kProvisioned : BillingMode::kOnDemand;
    }
  }
  if (const YamlNode* n = FindValue(node, "max_gsis")) {
    decl.max_gsis_range = n->range;
    const KeySpec& spec = SectionKey(FormatSection::kTable, "max_gsis");
    if (auto v = ReadInt(*n, "the table's max_gsis", spec.min, spec.max, diags))
      t.max_gsis = static_cast<int>(*v);
  }
  if (const YamlNode* n = FindValue(node, "prefer")) {
    if (auto v = ReadWord(*n, "the table's prefer",
                          SectionKey(FormatSection::kTable, "prefer").words, diags)) {
      t.prefer = *v == "fewer_indexes"    ? Preference::kFewerIndexes
                 : *v == "cheaper_writes" ? Preference::kCheaperWrites
                                          : Preference::kLowestCost;
      t.prefer_declared = true;
    }
  }
  if (const YamlNode* n = FindValue(node, "streams")) {
    if (auto v = ReadBool(*n, "the table's streams", diags)) t.streams = *v;
  }
  if (const YamlNode* n = FindValue(node, "indexes")) ReadTableIndexes(*n, t, diags);
}

void ReadEntities(const YamlNode& node, ModelDecl& decl, Diagnostics& diags) {
  if (!node.IsNull() && !ExpectMapping(node, "'entities'", diags)) return;
  if (node.entries.empty()) {
    diags.Error(DiagId::kNoEntities, node.range,
                "'entities' declares no entity; a model needs at least one, e.g. 'Customer:' "
                "with its attributes");
    return;
  }
  for (const auto& entry : node.entries) ReadEntity(entry, decl.table, decl, diags);
}

ModelDecl ReadModelDecl(const YamlTree& tree, Diagnostics& diags) {
  ModelDecl decl;
  decl.table.name = "app-table";
  const YamlNode& root = *tree.root();
  if (!root.IsMapping()) {
    diags.Error(DiagId::kNotAMapping, root.range,
                fmt::format("a model file must be a mapping with 'entities:' (and optionally "
                            "'table:', 'relationships:', 'access_patterns:', 'write_patterns:'), "
                            "not {}",
                            DescribeNode(root)));
    return decl;
  }
  CheckKeys(root, "the model", SectionKeyNames(FormatSection::kModel), diags);
  if (const YamlNode* n = FindValue(root, "format")) {
    if (!n->IsScalar() || n->text != "1") {
      diags.Error(DiagId::kUnsupportedFormat, n->range,
                  fmt::format("'format' is {}, but this version of model reads format 1; write "
                              "'format: 1' or remove the line",
                              DescribeNode(*n)));
    }
  }
  if (const YamlNode* n = FindValue(root, "table")) ReadTable(*n, decl, diags);
  if (const YamlNode* n = RequireKey(root, "entities", "a model",
                                     "add 'entities:' with at least one entity", diags)) {
    ReadEntities(*n, decl, diags);
  }
  if (const YamlNode* n = FindValue(root, "relationships")) ReadRelationships(*n, decl, diags);
  if (const YamlNode* n = FindValue(root, "access_patterns")) ReadAccessPatterns(*n, decl, diags);
  if (const YamlNode* n = FindValue(root, "write_patterns")) ReadWritePatterns(*n, decl, diags);
  if (const YamlNode* n = FindValue(root, "aggregates")) ReadAggregates(*n, decl, diags);
  if (const YamlNode* n = FindValue(root, "generate")) ReadGenerate(*n, decl, diags);
  return decl;
}

}  // namespace model::load
