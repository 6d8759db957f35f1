// CheckModel, name resolution, entity checks (identifiers, pinned key templates), warnings.
#include "model/load/analyze.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <map>

#include "model/base/casing.h"
#include "model/base/status.h"
#include "model/entity_keys.h"
#include "model/keys/key_template.h"
#include "model/layout.h"
#include "model/load/format_spec.h"
#include "model/load/literals.h"
#include "model/load/yaml_tree.h"
#include "model/load/yaml_values.h"

namespace model::load {

EntityId ResolveEntity(const Model& model, const Name& name, std::string_view what, ErrorId code,
                       Diagnostics& diags) {
  EntityId id = model.FindEntity(name.text);
  if (id >= 0) return id;
  std::vector<std::string> names;
  for (const Entity& e : model.entities) names.push_back(e.name);
  std::string guess = ClosestMatch(name.text, names);
  diags.Error(code, name.range,
              fmt::format("{} names entity {}, which is not declared; {}", what, Quoted(name.text),
                          guess.empty() ? fmt::format("the entities are {}", JoinComma(names))
                                        : fmt::format("did you mean '{}'?", guess)));
  return -1;
}

AttrId ResolveAttribute(const Entity& entity, const Name& name, std::string_view what, ErrorId code,
                        Diagnostics& diags) {
  AttrId id = entity.FindAttribute(name.text);
  if (id >= 0) return id;
  std::vector<std::string> names;
  for (const Attribute& a : entity.attributes) names.push_back(a.name);
  std::string guess = ClosestMatch(name.text, names);
  auto& d = diags.Error(code, name.range,
                        fmt::format("{} {}, which entity '{}' does not have; {}", what,
                                    Quoted(name.text), entity.name,
                                    guess.empty() ? fmt::format("add it to '{}' or use one of {}",
                                                                entity.name, JoinComma(names))
                                                  : fmt::format("did you mean '{}'?", guess)));
  Diagnostics::Note(d, entity.range, fmt::format("entity '{}' is declared here", entity.name));
  return -1;
}

std::optional<RelationshipReference> ResolveRelationshipReference(
    const ModelDecl& decl, const Model& model, const std::string& text, const SourceRange& range,
    std::string_view what, ErrorId code, std::string_view form,
    const std::function<bool(const Relationship&)>& candidate, std::string_view declare,
    Diagnostics& diags) {
  const std::size_t dot = text.find('.');
  if (dot == std::string::npos || dot == 0 || dot + 1 == text.size() ||
      text.find('.', dot + 1) != std::string::npos) {
    diags.Error(code, range, fmt::format("{} is '{}', but {}", what, text, form));
    return std::nullopt;
  }
  const std::string rel_name = text.substr(0, dot);
  for (std::size_t r = 0; r < model.relationships.size(); ++r) {
    if (model.relationships[r].name == rel_name)
      return RelationshipReference{static_cast<int>(r), text.substr(dot + 1)};
  }
  // A declared relationship already reported broken: one mistake, one diagnostic.
  if (std::any_of(decl.relationships.begin(), decl.relationships.end(),
                  [&](const RelationshipDecl& d) { return d.relationship.name == rel_name; }))
    return std::nullopt;
  std::vector<std::string> names;
  for (const Relationship& rel : model.relationships) {
    if (candidate(rel)) names.push_back(rel.name);
  }
  std::string hint = ClosestMatch(rel_name, names);
  diags.Error(
      code, range,
      fmt::format("{} names relationship '{}', which is not declared{}", what, rel_name,
                  hint.empty() ? std::string(declare) : fmt::format("; did you mean '{}'?", hint)));
  return std::nullopt;
}

const Relationship* LinkingRelationship(const Model& model, EntityId e, AttrId a) {
  auto has = [a](const std::vector<AttrId>& ids) {
    return std::find(ids.begin(), ids.end(), a) != ids.end();
  };
  for (const Relationship& r : model.relationships) {
    if ((r.to == e && has(r.link)) ||
        (r.through && *r.through == e && (has(r.link) || has(r.link_to))))
      return &r;
  }
  return nullptr;
}

namespace {

void CheckIdentifier(const EntityDecl& decl, Entity& entity, Diagnostics& diags) {
  std::string what = fmt::format("entity '{}'", entity.name);
  std::vector<Name> names = decl.identifier;
  if (decl.identifier_range.valid() && names.empty()) return;  // reported as E206 already
  if (names.empty()) {
    for (const std::string& guess : {LowerFirst(entity.name) + "Id", std::string("id")}) {
      AttrId a = entity.FindAttribute(guess);
      if (a >= 0) {
        names.push_back(Name{guess, entity.attributes[a].range});
        break;
      }
    }
    if (names.empty()) {
      diags.Error(DiagId::kNoIdentifier, entity.range,
                  fmt::format("{} has no identifier; add 'identifier: <attribute>' naming the "
                              "attribute(s) that identify one {} (or an attribute '{}Id')",
                              what, entity.name, LowerFirst(entity.name)));
      return;
    }
  }
  for (std::size_t i = 0; i < names.size(); ++i) {
    const Name& n = names[i];
    AttrId a = ResolveAttribute(entity, n, fmt::format("the identifier of {} names", what),
                                DiagId::kUnknownIdentifierAttribute, diags);
    if (a < 0) continue;
    const Attribute& attr = entity.attributes[a];
    if (std::find(entity.identifier.begin(), entity.identifier.end(), a) !=
        entity.identifier.end()) {
      diags.Error(DiagId::kIdentifierRepeats, n.range,
                  fmt::format("the identifier of {} names '{}' twice; list each attribute once",
                              what, n.text));
      continue;
    }
    if (!attr.required) {
      auto& d = diags.Error(DiagId::kIdentifierNotKeyable, n.range,
                            fmt::format("the identifier of {} names '{}', which is optional; "
                                        "every item needs its identifier, so make it required "
                                        "(remove the '?')",
                                        what, n.text));
      Diagnostics::Note(d, attr.range, fmt::format("'{}' is declared here", attr.name));
      continue;
    }
    if (!IsSortable(attr.type)) {
      auto& d = diags.Error(DiagId::kIdentifierNotKeyable, n.range,
                            fmt::format("the identifier of {} names '{}', {}, which cannot be "
                                        "part of a key; use a string, number or date attribute",
                                        what, n.text, AttrTypeWithArticle(attr.type)));
      Diagnostics::Note(d, attr.range, fmt::format("'{}' is declared here", attr.name));
      continue;
    }
    entity.identifier.push_back(a);
  }
}

// A pinned key template split into literal text and placeholders.
struct Template {
  std::string shape;                      // placeholders replaced by "{}"
  std::vector<std::string> placeholders;  // in order
};

// The template of `text`; when malformed, an InvalidArgument Status whose message completes
// "the pinned pk template '...' ".
Result<Template> ParseTemplate(std::string_view text) {
  Template t;
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == '}') return Status::InvalidArgument("has a '}' without a matching '{'");
    if (c != '{') {
      t.shape += c;
      continue;
    }
    std::size_t close = text.find('}', i + 1);
    if (close == std::string_view::npos) {
      return Status::InvalidArgument("has a '{' without a matching '}'");
    }
    std::string_view name = text.substr(i + 1, close - i - 1);
    if (!IsIdentifier(name)) {
      return Status::InvalidArgument(
          fmt::format("has the placeholder {}, which is not an attribute name",
                      Quoted(fmt::format("{{{}}}", name))));
    }
    t.placeholders.emplace_back(name);
    t.shape += "{}";
    i = close;
  }
  return t;
}

std::string UpperCase(std::string_view text) {
  std::string up(text);
  for (char& c : up) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  }
  return up;
}

// Whether a key holding `a`'s encoded value followed by more text can be read back: the value's
// end is known without what follows. Integers are 19 digits, or '-' and 19; timestamps 24
// characters, dates 10; `false` and `true` are not prefixes of each other; an enum's values when
// none is a prefix of another (docs/key-design.md, value encodings). Text, numbers (a variable
// number of digits) and binary (hex of any length) are not.
bool EndsOnItsOwn(const Attribute& a) {
  switch (a.type) {
    case AttrType::kInteger:
    case AttrType::kTimestamp:
    case AttrType::kDate:
    case AttrType::kBoolean:
      return true;
    case AttrType::kEnum:
      for (const std::string& x : a.enum_values) {
        for (const std::string& y : a.enum_values) {
          if (&x != &y && y.compare(0, x.size(), x) == 0) return false;
        }
      }
      return true;
    default:
      return false;
  }
}

// Refuses a template with two placeholders the key cannot tell apart (E471): the text between
// them holds no '#', which no encoded value contains (text escapes it as %23), and the first
// value's end is not fixed by its encoding (EndsOnItsOwn), so "REPO#{owner}{repoName}" renders
// owner "ab" with repo "c" and owner "a" with repo "bc" as the same key. Returns false on error.
bool CheckPlaceholdersApart(const Name& tpl, const std::string& what, const Entity& entity,
                            Diagnostics& diags) {
  std::string_view text = tpl.text;
  std::optional<std::string> previous;  // the placeholder before, while no '#' follows it
  std::size_t previous_end = 0;         // the offset just past its '}'
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '{') {
      if (text[i] == '#') previous.reset();
      continue;
    }
    std::size_t close = text.find('}', i + 1);
    if (close == std::string_view::npos) return true;  // malformed: reported by ParseTemplate
    std::string name(text.substr(i + 1, close - i - 1));
    AttrId id = previous ? entity.FindAttribute(*previous) : -1;
    if (id >= 0 && !EndsOnItsOwn(entity.attributes[static_cast<std::size_t>(id)])) {
      const Attribute& first = entity.attributes[static_cast<std::size_t>(id)];
      std::string between(text.substr(previous_end, i - previous_end));
      std::string fixed =
          fmt::format("{}#{}", text.substr(0, previous_end), text.substr(previous_end));
      std::string where = between.empty()
                              ? fmt::format("'{{{}}}' right before '{{{}}}'", first.name, name)
                              : fmt::format("'{{{}}}' and '{{{}}}' with only {} between them",
                                            first.name, name, Quoted(between));
      std::string why =
          first.type == AttrType::kEnum
              ? fmt::format("'{}' is an enum with a value that begins another", first.name)
              : fmt::format("'{}' is {}, whose key text has no fixed length", first.name,
                            AttrTypeWithArticle(first.type));
      std::string example;
      if (EncodingFor(first.type) == keys::Encoding::kText) {
        example = fmt::format(" ({} {} with {} {}, and {} {} with {} {})", first.name,
                              Quoted("a" + between + "b"), name, Quoted("c"), first.name,
                              Quoted("a"), name, Quoted("b" + between + "c"));
      }
      auto& d = diags.Error(
          DiagId::kKeyPlaceholdersRun, tpl.range,
          fmt::format("{} puts {}: {}, so items with different values can get the same key{}; "
                      "separate them with '#', e.g. {}",
                      what, where, why, example, fmt::format("\"{}\"", fixed)));
      Diagnostics::Note(d, first.range, fmt::format("'{}' is declared here", first.name));
      return false;
    }
    previous = name;
    previous_end = close + 1;
    i = close;
  }
  return true;
}

// Checks one template of an entity's pinned keys; returns its shape, or nullopt on error.
std::optional<Template> CheckTemplate(const Name& tpl, const char* which, const Entity& entity,
                                      Diagnostics& diags) {
  std::string what =
      fmt::format("the pinned {} template {} of entity '{}'", which, Quoted(tpl.text), entity.name);
  Result<Template> t = ParseTemplate(tpl.text);
  if (!t.ok()) {
    diags.Error(
        DiagId::kMalformedKeyTemplate, tpl.range,
        fmt::format("{} {}; write placeholders as {{attribute}}, e.g. \"ORDER#{{orderId}}\"", what,
                    t.status().message()));
    return std::nullopt;
  }
  bool ok = true;
  for (const std::string& p : t->placeholders) {
    AttrId a = ResolveAttribute(entity, Name{p, tpl.range}, fmt::format("{} uses", what),
                                DiagId::kKeyTemplateConflict, diags);
    if (a < 0) {
      ok = false;
      continue;
    }
    const Attribute& attr = entity.attributes[a];
    if (!attr.required || !IsSortable(attr.type)) {
      auto& d = diags.Error(
          DiagId::kMalformedKeyTemplate, tpl.range,
          fmt::format("{} uses '{}', which is {}; a key can only hold required "
                      "string, number, date or binary attributes",
                      what, p,
                      attr.required ? AttrTypeWithArticle(attr.type) : std::string("optional")));
      Diagnostics::Note(d, attr.range, fmt::format("'{}' is declared here", attr.name));
      ok = false;
    }
  }
  if (!ok || !CheckPlaceholdersApart(tpl, what, entity, diags)) return std::nullopt;
  return std::move(t).value();
}

// Checks the templates of an entity's pinned index keys into entity.pinned_index_keys. An index
// key may hold an optional attribute (the index is then sparse: DynamoDB leaves an item out of a
// GSI when it lacks one of the index's key attributes,
// https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/GSI.html#GSI.Writes), and
// need not hold the identifier (index keys need not be unique).
void CheckPinnedIndexKeys(const EntityDecl& decl, Entity& entity, Diagnostics& diags) {
  std::vector<PinnedIndexKeysDecl> indexes = decl.keys->indexes;
  std::sort(
      indexes.begin(), indexes.end(),
      [](const PinnedIndexKeysDecl& a, const PinnedIndexKeysDecl& b) { return a.index < b.index; });
  for (const PinnedIndexKeysDecl& k : indexes) {
    bool ok = true;
    std::vector<const Name*> templates = {&k.pk};
    if (k.sk) templates.push_back(&*k.sk);
    for (const Name* tpl : templates) {
      const char* which = tpl == &k.pk ? "pk" : "sk";
      std::string what = fmt::format("the pinned {} {} template {} of entity '{}'", k.name.text,
                                     which, Quoted(tpl->text), entity.name);
      Result<Template> t = ParseTemplate(tpl->text);
      if (!t.ok()) {
        diags.Error(DiagId::kMalformedKeyTemplate, tpl->range,
                    fmt::format("{} {}; write placeholders as {{attribute}}, e.g. "
                                "\"EMAIL#{{email}}\"",
                                what, t.status().message()));
        ok = false;
        continue;
      }
      bool resolved = true;
      for (const std::string& p : t->placeholders) {
        AttrId a = ResolveAttribute(entity, Name{p, tpl->range}, fmt::format("{} uses", what),
                                    DiagId::kPinnedIndexKeyAttribute, diags);
        if (a < 0) {
          ok = resolved = false;
          continue;
        }
        const Attribute& attr = entity.attributes[static_cast<std::size_t>(a)];
        if (!IsSortable(attr.type)) {
          auto& d = diags.Error(
              DiagId::kPinnedIndexKeyAttribute, tpl->range,
              fmt::format("{} uses '{}', which is {}; an index key can only hold string, number, "
                          "date or binary attributes",
                          what, p, AttrTypeWithArticle(attr.type)));
          Diagnostics::Note(d, attr.range, fmt::format("'{}' is declared here", attr.name));
          ok = resolved = false;
        }
      }
      if (resolved && !CheckPlaceholdersApart(*tpl, what, entity, diags)) ok = false;
    }
    if (!ok) continue;
    PinnedIndexKeys pinned;
    pinned.index = k.index;
    pinned.pk = k.pk.text;
    pinned.sk = k.sk ? k.sk->text : std::string();
    pinned.range = k.range;
    pinned.pk_range = k.pk.range;
    entity.pinned_index_keys.push_back(pinned);
  }
}

void CheckPinnedKeys(const EntityDecl& decl, Entity& entity,
                     std::map<std::string, const EntityDecl*>& shapes, Diagnostics& diags) {
  const PinnedKeysDecl& keys = *decl.keys;
  CheckPinnedIndexKeys(decl, entity, diags);
  if (!keys.pk) return;  // only index keys pinned: the table keys are derived
  auto pk = CheckTemplate(*keys.pk, "pk", entity, diags);
  std::optional<Template> sk;
  if (keys.sk) sk = CheckTemplate(*keys.sk, "sk", entity, diags);
  if (!pk || (keys.sk && !sk)) return;
  std::vector<std::string> used = pk->placeholders;
  if (sk) used.insert(used.end(), sk->placeholders.begin(), sk->placeholders.end());
  bool ok = true;
  for (AttrId id : entity.identifier) {
    const std::string& attr = entity.attributes[id].name;
    if (std::find(used.begin(), used.end(), attr) == used.end()) {
      diags.Error(DiagId::kKeysWithoutIdentifier, keys.pk->range,
                  fmt::format("the pinned keys of entity '{}' do not use its identifier "
                              "attribute '{}', so two {}s would get the same key; add "
                              "'{{{}}}' to pk or sk",
                              entity.name, attr, entity.name, attr));
      ok = false;
    }
  }
  if (!ok) return;
  std::string shape = pk->shape + "\n" + (sk ? sk->shape : std::string());
  auto [it, inserted] = shapes.emplace(shape, &decl);
  if (!inserted) {
    const EntityDecl& first = *it->second;
    const PinnedKeysDecl& theirs = *first.keys;
    // What collides: the templates as written, and the placeholders that line up.
    auto text = [](const PinnedKeysDecl& k) {
      return k.sk ? fmt::format("pk \"{}\", sk \"{}\"", k.pk->text, k.sk->text)
                  : fmt::format("pk \"{}\"", k.pk->text);
    };
    std::vector<std::string> theirs_used;
    for (const auto& tpl : {theirs.pk, theirs.sk}) {
      if (!tpl) continue;
      Result<Template> t = ParseTemplate(tpl->text);
      if (t.ok())
        theirs_used.insert(theirs_used.end(), t->placeholders.begin(), t->placeholders.end());
    }
    std::vector<std::string> pairs;
    for (std::size_t i = 0; i < used.size() && i < theirs_used.size(); ++i)
      pairs.push_back(
          fmt::format("{}.{} = {}.{}", entity.name, used[i], first.entity.name, theirs_used[i]));
    const bool same_text = keys.pk->text == theirs.pk->text &&
                           (keys.sk ? keys.sk->text : "") == (theirs.sk ? theirs.sk->text : "");
    std::string what =
        same_text ? fmt::format("entity '{}' pins the same key templates as entity '{}' ({})",
                                entity.name, first.entity.name, text(keys))
                  : fmt::format(
                        "entity '{}' pins keys ({}) that differ from those of entity "
                        "'{}' ({}) only in their placeholders' names",
                        entity.name, text(keys), first.entity.name, text(theirs));
    std::string example = keys.sk
                              ? fmt::format("sk \"{}#{}\"", UpperCase(entity.name), keys.sk->text)
                              : fmt::format("pk \"{}#{}\"", UpperCase(entity.name), keys.pk->text);
    auto& d = diags.Error(
        DiagId::kSameKeyTemplates, keys.pk->range,
        fmt::format("{}: one '{}' and one '{}' with equal values ({}) get the same key, so their "
                    "items would overwrite each other; give one a literal prefix the other "
                    "lacks, e.g. {}",
                    what, entity.name, first.entity.name, fmt::join(pairs, ", "), example));
    Diagnostics::Note(d, first.keys->pk->range,
                      fmt::format("entity '{}' pins them here", first.entity.name));
    return;
  }
  PinnedKeys pinned;
  pinned.pk = keys.pk->text;
  pinned.sk = keys.sk ? keys.sk->text : std::string();
  pinned.range = keys.range;
  entity.pinned_keys = pinned;
}

// An entity's `ttl`: an attribute holding a time (a timestamp, or epoch seconds as a number),
// since DynamoDB's Time to Live reads a Number of epoch seconds
// (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/time-to-live-ttl-before-you-start.html).
void CheckTtl(const EntityDecl& decl, Entity& entity, Diagnostics& diags) {
  if (!decl.ttl) return;
  AttrId a =
      ResolveAttribute(entity, *decl.ttl, fmt::format("the ttl of entity '{}' names", entity.name),
                       DiagId::kUnknownTtlAttribute, diags);
  if (a < 0) return;
  const Attribute& attr = entity.attributes[a];
  if (attr.type != AttrType::kTimestamp && !IsNumeric(attr.type)) {
    auto& d = diags.Error(
        DiagId::kTtlAttributeType, decl.ttl->range,
        fmt::format("the ttl of entity '{}' names '{}', a {}; Time to Live needs a time: a "
                    "timestamp, or a number or integer of seconds since the Unix epoch",
                    entity.name, attr.name, AttrTypeName(attr.type)));
    Diagnostics::Note(d, attr.range, fmt::format("'{}' is declared here", attr.name));
    return;
  }
  entity.ttl = attr.name;
  entity.ttl_range = decl.ttl->range;
}

// A time-ordered attribute's `created`: a required timestamp of the same entity, the time its
// value encodes (ULID, KSUID and UUIDv7 put the creation time first: model/keys/time_ordered_id.h).
void CheckCreated(Entity& entity, Diagnostics& diags) {
  for (Attribute& attr : entity.attributes) {
    if (attr.created.empty()) continue;
    AttrId a = ResolveAttribute(
        entity, Name{attr.created, attr.created_range},
        fmt::format("the 'created' of {} '{}' names", TimeOrderName(attr.time_order), attr.name),
        DiagId::kUnknownCreatedAttribute, diags);
    if (a < 0) continue;
    const Attribute& time = entity.attributes[static_cast<std::size_t>(a)];
    if (time.type != AttrType::kTimestamp || !time.required) {
      auto& d = diags.Error(
          DiagId::kCreatedAttributeType, attr.created_range,
          fmt::format("the 'created' of {} '{}' names '{}', {}; it must be a required timestamp: "
                      "the creation time every '{}' encodes",
                      TimeOrderName(attr.time_order), attr.name, time.name,
                      time.type != AttrType::kTimestamp ? AttrTypeWithArticle(time.type)
                                                        : std::string("an optional timestamp"),
                      attr.name));
      Diagnostics::Note(d, time.range, fmt::format("'{}' is declared here", time.name));
    }
  }
}

// A versioned entity's `version`: a required integer attribute the layout fills with each
// version's number, so that patterns can order, bound and look up versions by it.
void CheckVersionAttribute(const EntityDecl& decl, Entity& entity, Diagnostics& diags) {
  if (!decl.version) return;
  if (!entity.versioned) {
    diags.Error(DiagId::kVersionUnversioned, decl.version->range,
                fmt::format("entity '{}' names a version attribute but is not versioned, so it "
                            "has no version numbers; add 'versioned: true' or remove 'version'",
                            entity.name));
    return;
  }
  AttrId a = ResolveAttribute(entity, *decl.version,
                              fmt::format("the version of entity '{}' names", entity.name),
                              DiagId::kUnknownVersionAttribute, diags);
  if (a < 0) return;
  const Attribute& attr = entity.attributes[static_cast<std::size_t>(a)];
  if (attr.type != AttrType::kInteger || !attr.required) {
    auto& d = diags.Error(
        DiagId::kVersionAttributeType, decl.version->range,
        fmt::format("the version of entity '{}' names '{}', {}; a version number is a required "
                    "integer (1 for the first version)",
                    entity.name, attr.name,
                    attr.type != AttrType::kInteger ? AttrTypeWithArticle(attr.type)
                                                    : std::string("an optional integer")));
    Diagnostics::Note(d, attr.range, fmt::format("'{}' is declared here", attr.name));
    return;
  }
  entity.version_attribute = attr.name;
  entity.version_range = decl.version->range;
}

// An optional attribute's `present_when`: its condition is a required enum or boolean of the same
// entity, so every item is in exactly one state and the attribute's presence follows.
void CheckPresentWhen(Entity& entity, Diagnostics& diags) {
  for (Attribute& attr : entity.attributes) {
    if (!attr.present_when) continue;
    const PresenceCondition when = *attr.present_when;
    attr.present_when.reset();  // set again below when the condition is sound
    std::string what =
        fmt::format("'present_when' of attribute '{}' of entity '{}'", attr.name, entity.name);
    if (attr.required) {
      auto& d = diags.Error(
          DiagId::kPresenceOnRequired, when.range,
          fmt::format("{}: '{}' is required, so every item has it whatever the state; make it "
                      "optional ('required: false') or remove 'present_when'",
                      what, attr.name));
      Diagnostics::Note(d, attr.range, fmt::format("'{}' is declared here", attr.name));
      continue;
    }
    AttrId c =
        ResolveAttribute(entity, Name{when.attribute, when.range}, fmt::format("{} names", what),
                         DiagId::kUnknownPresenceAttribute, diags);
    if (c < 0) continue;
    const Attribute& cond = entity.attributes[static_cast<std::size_t>(c)];
    if (cond.name == attr.name || !cond.required ||
        (cond.type != AttrType::kEnum && cond.type != AttrType::kBoolean)) {
      std::string is = cond.name == attr.name ? std::string("the attribute itself")
                       : !cond.required ? fmt::format("an optional {}", AttrTypeName(cond.type))
                                        : AttrTypeWithArticle(cond.type);
      auto& d = diags.Error(
          DiagId::kBadPresenceCondition, when.range,
          fmt::format("{} names '{}', {}; the state deciding presence must be another required "
                      "enum or boolean attribute of '{}' (every item is in exactly one state)",
                      what, cond.name, is, entity.name));
      Diagnostics::Note(d, cond.range, fmt::format("'{}' is declared here", cond.name));
      continue;
    }
    bool ok = true;
    for (std::size_t i = 0; i < when.values.size(); ++i) {
      const std::string& v = when.values[i];
      bool fits = cond.type == AttrType::kBoolean
                      ? v == "true" || v == "false"
                      : std::find(cond.enum_values.begin(), cond.enum_values.end(), v) !=
                            cond.enum_values.end();
      bool repeated = std::find(when.values.begin(), when.values.begin() + static_cast<long>(i),
                                v) != when.values.begin() + static_cast<long>(i);
      if (fits && !repeated) continue;
      std::string guess = cond.type == AttrType::kEnum ? ClosestMatch(v, cond.enum_values) : "";
      std::string problem =
          repeated ? std::string("twice; list each value once")
          : cond.type == AttrType::kBoolean
              ? std::string("but it is a boolean: write true or false")
              : fmt::format(
                    "which is not one of {}{}", JoinOr(cond.enum_values),
                    guess.empty() ? std::string() : fmt::format("; did you mean '{}'?", guess));
      auto& d = diags.Error(
          DiagId::kBadPresenceCondition, when.value_ranges[i],
          fmt::format("{} gives '{}' the value {}, {}", what, cond.name, Quoted(v), problem));
      Diagnostics::Note(d, cond.range, fmt::format("'{}' is declared here", cond.name));
      ok = false;
    }
    if (ok) attr.present_when = when;
  }
}

// An entity's `together` groups: two or more optional attributes, each in one group at most,
// none with a `present_when` of its own (give the group's state to neither or use one group).
void CheckTogether(const EntityDecl& decl, Entity& entity, Diagnostics& diags) {
  std::map<std::string, SourceRange> grouped;
  for (const TogetherDecl& g : decl.together) {
    std::string what = fmt::format("'together' of entity '{}'", entity.name);
    TogetherGroup group;
    group.range = g.range;
    bool ok = true;
    for (const Name& n : g.attributes) {
      AttrId a = ResolveAttribute(entity, n, fmt::format("{} names", what),
                                  DiagId::kBadTogetherGroup, diags);
      if (a < 0) {
        ok = false;
        continue;
      }
      const Attribute& attr = entity.attributes[static_cast<std::size_t>(a)];
      if (attr.required) {
        auto& d = diags.Error(
            DiagId::kPresenceOnRequired, n.range,
            fmt::format("{} names '{}', which is required, so every item has it anyway; list "
                        "optional attributes ('{}?') only",
                        what, n.text, AttrTypeName(attr.type)));
        Diagnostics::Note(d, attr.range, fmt::format("'{}' is declared here", attr.name));
        ok = false;
        continue;
      }
      if (attr.present_when) {
        auto& d = diags.Error(
            DiagId::kBadTogetherGroup, n.range,
            fmt::format("{} names '{}', whose presence 'present_when' already decides; give the "
                        "condition to one attribute, or leave '{}' out of the group",
                        what, n.text, n.text));
        Diagnostics::Note(d, attr.present_when->range, "its condition");
        ok = false;
        continue;
      }
      auto [it, inserted] = grouped.emplace(n.text, n.range);
      if (!inserted) {
        auto& d = diags.Error(DiagId::kBadTogetherGroup, n.range,
                              fmt::format("{} names '{}' twice; an attribute belongs to one group "
                                          "at most (merge the groups)",
                                          what, n.text));
        Diagnostics::Note(d, it->second, "named first here");
        ok = false;
        continue;
      }
      group.attributes.push_back(n.text);
    }
    if (ok && group.attributes.size() < 2) {
      diags.Error(DiagId::kBadTogetherGroup, g.range,
                  fmt::format("{} lists {} attribute; a group names two or more attributes that "
                              "are present together",
                              what, group.attributes.size()));
      ok = false;
    }
    if (ok) entity.together.push_back(std::move(group));
  }
}

// The table's ttl_attribute is one item attribute for every expiring entity: it must not be a
// key attribute, a name the layout writes itself, or another attribute of any entity (an
// entity's own numeric ttl attribute may carry the name: then it is written once).
void CheckTtlAttribute(const Model& model, Diagnostics& diags) {
  const Table& t = model.table;
  bool expires = std::any_of(model.entities.begin(), model.entities.end(),
                             [](const Entity& e) { return !e.ttl.empty(); });
  if (!expires) {
    if (t.ttl_attribute_range.valid()) {
      diags.Warning(DiagId::kUnusedTtlAttribute, t.ttl_attribute_range,
                    fmt::format("the table's ttl_attribute '{}' is set but no entity has 'ttl', "
                                "so nothing expires; add 'ttl: <attribute>' to the entities whose "
                                "items expire, or remove it",
                                t.ttl_attribute));
    }
    return;
  }
  SourceRange where = t.ttl_attribute_range.valid() ? t.ttl_attribute_range : SourceRange{};
  auto report = [&](const std::string& what, SourceRange at) {
    auto& d = diags.Error(DiagId::kTtlAttributeNameTaken, where.valid() ? where : at,
                          fmt::format("the table's ttl_attribute '{}' is also {}; Time to Live "
                                      "would read, and the items would overwrite, the same "
                                      "attribute: choose another ttl_attribute",
                                      t.ttl_attribute, what));
    if (where.valid() && at.valid()) Diagnostics::Note(d, at, "it is declared here");
  };
  std::vector<std::string> reserved = {t.partition_key, t.sort_key,        kTypeAttribute,
                                       kShardAttribute, kVersionAttribute, kLatestAttribute};
  for (int n = 1; n <= kMaxGsis; ++n) {
    reserved.push_back(t.GsiPartitionKey(n));
    reserved.push_back(t.GsiSortKey(n));
  }
  if (std::find(reserved.begin(), reserved.end(), t.ttl_attribute) != reserved.end()) {
    report(
        "a name the key layout writes itself (the table and index keys, _type, _shard, "
        "_version, _latest)",
        t.range);
    return;
  }
  for (std::size_t i = 0; i < model.entities.size(); ++i) {
    const Entity& e = model.entities[i];
    AttrId a = e.FindAttribute(t.ttl_attribute);
    if (a < 0) continue;
    const Attribute& attr = e.attributes[a];
    if (e.ttl == attr.name && IsNumeric(attr.type)) continue;
    report(fmt::format("attribute '{}' of entity '{}', which is not its ttl number of epoch "
                       "seconds",
                       attr.name, e.name),
           attr.range);
    return;
  }
}

// Why `name` cannot key index `index` in the role `role` ("partition_key", the table's sort key
// `want`, or "sort_key", the table's partition key): it differs from the table's key only by case,
// it is the table's other key, an entity attribute, or nothing the model declares.
std::string WhyNotTableKey(const Model& model, const DeclaredIndex& index, const std::string& name,
                           const char* role, const std::string& want) {
  const Table& t = model.table;
  const std::string gsi = t.GsiName(index.index);
  auto lower = [](std::string s) {
    for (char& ch : s) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    return s;
  };
  if (lower(name) == lower(t.partition_key) || lower(name) == lower(t.sort_key)) {
    const std::string& like = lower(name) == lower(t.partition_key) ? t.partition_key : t.sort_key;
    if (name != like) {
      return fmt::format(
          "the {} of index '{}' is '{}', which is not the table's key attribute "
          "'{}' (attribute names are case-sensitive); an index keyed on the "
          "table's keys takes {} '{}'",
          role, gsi, name, like, role, want);
    }
    return fmt::format(
        "the {} of index '{}' is '{}', the table's {}; an index keyed on the "
        "table's keys is inverted: {} '{}'",
        role, gsi, name, name == t.partition_key ? "partition key" : "sort key", role, want);
  }
  bool declared = std::any_of(model.entities.begin(), model.entities.end(),
                              [&](const Entity& e) { return e.FindAttribute(name) >= 0; });
  if (declared) {
    return fmt::format(
        "the {} of index '{}' is '{}', an entity attribute, beside the table's key; an index "
        "keyed on the table's keys takes {} '{}', and one keyed on entity attributes names no "
        "table key",
        role, gsi, name, role, want);
  }
  return fmt::format(
      "the {} of index '{}' is '{}', neither a key attribute of the table nor an "
      "attribute any entity declares; an index keyed on the table's keys takes {} "
      "'{}'",
      role, gsi, name, role, want);
}

// Whether `name` names one of the table's key attributes, ignoring case (an index keyed on one
// of them is inverted, or a misspelt inverted one).
bool LikeTableKey(const Table& t, const std::string& name) {
  auto lower = [](std::string s) {
    for (char& ch : s) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    return s;
  };
  return !name.empty() &&
         (lower(name) == lower(t.partition_key) || lower(name) == lower(t.sort_key));
}

// One key attribute of a natural-key index (`role` "partition_key" or "sort_key", written at
// `where`): declared by some entity, of a type a key can have (S, N or B:
// https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_AttributeDefinition.html)
// and of one key type wherever it is declared, since DynamoDB rejects the write of an item whose
// index key attribute has another type than the index's, whether or not the item would be in the
// index ("Type mismatch for Index Key";
// https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/GSI.html#GSI.Writes). Sets
// `type`; false after reporting.
bool CheckNaturalKeyAttribute(const Model& model, const std::string& gsi, const std::string& name,
                              const char* role, SourceRange where, KeyType* type,
                              Diagnostics& diags) {
  const Entity* first = nullptr;
  const Attribute* first_attr = nullptr;
  int embedded = -1;  // an embedded child declaring it (an index into model.entities)
  for (std::size_t ei = 0; ei < model.entities.size(); ++ei) {
    const Entity& e = model.entities[ei];
    AttrId id = e.FindAttribute(name);
    if (id < 0) continue;
    // An embedded child has no item of its own: its attributes are inside its parent's item,
    // under the collection's map, never a top-level attribute DynamoDB could index.
    if (EmbeddingOf(model, static_cast<EntityId>(ei)) >= 0) {
      if (embedded < 0) embedded = static_cast<int>(ei);
      continue;
    }
    const Attribute& a = e.attributes[static_cast<std::size_t>(id)];
    std::optional<KeyType> kt = KeyTypeOf(a.type);
    if (!kt) {
      Diagnostic& d = diags.Error(
          DiagId::kIndexKeyNotKeyable, where,
          fmt::format("the {} of index '{}' is '{}', {} in '{}': a key attribute is a string, "
                      "number or binary (DynamoDB's S, N or B)",
                      role, gsi, name, AttrTypeWithArticle(a.type), e.name));
      Diagnostics::Note(d, a.range, fmt::format("'{}.{}' is declared here", e.name, name));
      return false;
    }
    if (first == nullptr) {
      first = &e;
      first_attr = &a;
      *type = *kt;
      continue;
    }
    if (*kt != *type) {
      Diagnostic& d = diags.Error(
          DiagId::kIndexKeyTypesDiffer, where,
          fmt::format("the {} of index '{}' is '{}', {} ({}) in '{}' but {} ({}) in '{}': the "
                      "index's key has one type, and DynamoDB rejects the write of an item "
                      "whose '{}' has another; give the attributes one type, or rename one",
                      role, gsi, name, AttrTypeWithArticle(first_attr->type), KeyTypeName(*type),
                      first->name, AttrTypeWithArticle(a.type), KeyTypeName(*kt), e.name, name));
      Diagnostics::Note(d, first_attr->range,
                        fmt::format("'{}.{}' is declared here", first->name, name));
      Diagnostics::Note(d, a.range, fmt::format("'{}.{}' is declared here", e.name, name));
      return false;
    }
  }
  if (first == nullptr && embedded >= 0) {
    const Entity& child = model.entities[static_cast<std::size_t>(embedded)];
    const Relationship& r = model.relationships[static_cast<std::size_t>(
        EmbeddingOf(model, static_cast<EntityId>(embedded)))];
    Diagnostic& d = diags.Error(
        DiagId::kIndexKeyUnknownAttribute, where,
        fmt::format("the {} of index '{}' is '{}', which only the embedded entity '{}' declares: "
                    "its elements live inside the '{}' items' map '{}', not as items of their "
                    "own, so no item would carry it; key the index on an attribute of an entity "
                    "with items of its own",
                    role, gsi, name, child.name,
                    model.entities[static_cast<std::size_t>(r.from)].name, r.name));
    Diagnostics::Note(d, r.embedded_range.valid() ? r.embedded_range : r.range,
                      fmt::format("'{}' is embedded here", child.name));
    return false;
  }
  if (first == nullptr) {
    std::vector<std::string> names;
    for (const Entity& e : model.entities) {
      for (const Attribute& a : e.attributes) names.push_back(a.name);
    }
    std::string guess = ClosestMatch(name, names);
    diags.Error(
        DiagId::kIndexKeyUnknownAttribute, where,
        fmt::format("the {} of index '{}' is '{}', an attribute no entity declares{}", role, gsi,
                    name, guess.empty() ? "" : fmt::format("; did you mean '{}'?", guess)));
    return false;
  }
  return true;
}

// An index keyed on entity attributes (a natural-key index, DeclaredIndex::Natural): a partition
// key, an optional sort key other than it, each a keyable attribute of one type
// (CheckNaturalKeyAttribute), at least one entity declaring them all (its items are the index's),
// none of those versioned (its history items would be in the index beside the current one), and no
// entity pinning keys of its own there. Sets the key types; false after reporting.
bool CheckNaturalIndex(Model& model, DeclaredIndex& index, Diagnostics& diags) {
  const Table& t = model.table;
  const std::string gsi = t.GsiName(index.index);
  if (index.partition_key.empty()) {
    if (index.partition_key_range.valid()) return false;  // did not read: reported
    diags.Error(DiagId::kIndexKeyIncomplete, index.sort_key_range,
                fmt::format("index '{}' declares a sort_key but no partition_key: every index has "
                            "a partition key; add partition_key: <attribute>",
                            gsi));
    return false;
  }
  if (index.sort_key.empty() && index.sort_key_range.valid()) return false;
  if (index.partition_key == index.sort_key) {
    diags.Error(DiagId::kIndexKeySameAttribute, index.sort_key_range,
                fmt::format("index '{}' is keyed on '{}' twice: a GSI's partition key and sort "
                            "key are two attributes; remove the sort_key or name another one",
                            gsi, index.sort_key));
    return false;
  }
  bool ok = CheckNaturalKeyAttribute(model, gsi, index.partition_key, "partition_key",
                                     index.partition_key_range, &index.partition_key_type, diags);
  if (!index.sort_key.empty()) {
    ok = CheckNaturalKeyAttribute(model, gsi, index.sort_key, "sort_key", index.sort_key_range,
                                  &index.sort_key_type, diags) &&
         ok;
  }
  if (!ok) return false;
  const std::string keys = index.sort_key.empty()
                               ? fmt::format("'{}'", index.partition_key)
                               : fmt::format("'{}' and '{}'", index.partition_key, index.sort_key);
  bool held = false;
  for (std::size_t ei = 0; ei < model.entities.size(); ++ei) {
    const Entity& e = model.entities[ei];
    // An embedded child has no item of its own (CheckNaturalKeyAttribute).
    if (EmbeddingOf(model, static_cast<EntityId>(ei)) >= 0) continue;
    if (e.FindAttribute(index.partition_key) < 0) continue;
    if (!index.sort_key.empty() && e.FindAttribute(index.sort_key) < 0) continue;
    held = true;
    if (e.versioned) {
      Diagnostic& d = diags.Error(
          DiagId::kIndexKeyVersionedEntity, index.partition_key_range,
          fmt::format("index '{}' is keyed on {}, which the versioned entity '{}' declares: its "
                      "history items are whole copies of each version, holding {} too, and a GSI "
                      "holds every item that has its key attributes, so the index would hold each "
                      "old version beside the current item; key the index on attributes '{}' "
                      "does not have, or pin keys for '{}' on another index (`keys: {{ GSI2: {{ "
                      "pk: ... }} }}`), which only its current item carries",
                      gsi, keys, e.name, index.sort_key.empty() ? "it" : "them", e.name, e.name));
      Diagnostics::Note(d, e.range, fmt::format("'{}' is versioned", e.name));
      ok = false;
    }
    for (const PinnedIndexKeys& k : e.pinned_index_keys) {
      if (k.index != index.index) continue;
      Diagnostic& d = diags.Error(
          DiagId::kIndexKeysPinnedOnKeyedIndex, k.range,
          fmt::format("entity '{}' pins keys on index '{}', which is keyed on its attribute{} {}: "
                      "its items are in it under their own values; pin the keys on another index",
                      e.name, gsi, index.sort_key.empty() ? "" : "s", keys));
      Diagnostics::Note(d, index.partition_key_range,
                        fmt::format("index '{}' is keyed on {} here", gsi, keys));
      ok = false;
    }
  }
  if (!held) {
    diags.Error(DiagId::kIndexKeyHoldsNothing, index.partition_key_range,
                fmt::format("index '{}' is keyed on {}, but no entity declares both: no item "
                            "would be in it; key it on attributes one entity has",
                            gsi, keys));
    return false;
  }
  return ok;
}

// The key attributes of indexes declared at table level (DeclaredIndex::partition_key /
// sort_key): entity attributes (a natural-key index, CheckNaturalIndex), or both given, the
// table's sort key then its partition key (an inverted index:
// https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/bp-adjacency-graphs.html),
// not one attribute twice, and no entity pinning its own keys on that index (the index's keys are
// its items' table keys). A wrong declaration is cleared, so later phases see a generic index.
void CheckIndexKeyAttributes(Model& model, Diagnostics& diags) {
  Table& t = model.table;
  for (DeclaredIndex& index : t.indexes) {
    if (index.partition_key.empty() && index.sort_key.empty()) {
      // A name that did not read (E201) leaves a range behind: nothing more to say.
      continue;
    }
    const std::string gsi = t.GsiName(index.index);
    if (!LikeTableKey(t, index.partition_key) && !LikeTableKey(t, index.sort_key)) {
      index.natural = true;
      if (!CheckNaturalIndex(model, index, diags)) {
        index.natural = false;
        index.partition_key.clear();
        index.sort_key.clear();
      }
      continue;
    }
    bool ok = true;
    if (!index.partition_key.empty() && index.partition_key == index.sort_key) {
      diags.Error(DiagId::kIndexKeySameAttribute, index.sort_key_range,
                  fmt::format("index '{}' is keyed on '{}' twice: a GSI's partition key and sort "
                              "key are two attributes; write sort_key: {}",
                              gsi, index.sort_key, t.partition_key));
      ok = false;
    } else {
      if (!index.partition_key.empty() && index.partition_key != t.sort_key) {
        diags.Error(DiagId::kIndexKeyAttribute, index.partition_key_range,
                    WhyNotTableKey(model, index, index.partition_key, "partition_key", t.sort_key));
        ok = false;
      }
      if (!index.sort_key.empty() && index.sort_key != t.partition_key) {
        diags.Error(DiagId::kIndexKeyAttribute, index.sort_key_range,
                    WhyNotTableKey(model, index, index.sort_key, "sort_key", t.partition_key));
        ok = false;
      }
    }
    if (ok && index.partition_key.empty() && index.partition_key_range.valid()) ok = false;
    if (ok && index.sort_key.empty() && index.sort_key_range.valid()) ok = false;
    if (ok && index.partition_key.empty()) {
      diags.Error(DiagId::kIndexKeyIncomplete, index.sort_key_range,
                  fmt::format("index '{}' declares a sort_key but no partition_key; an index "
                              "keyed on the table's keys is {{ partition_key: {}, sort_key: {} }}",
                              gsi, t.sort_key, t.partition_key));
      ok = false;
    } else if (ok && index.sort_key.empty()) {
      diags.Error(DiagId::kIndexKeyIncomplete, index.partition_key_range,
                  fmt::format("index '{}' is keyed on '{}' but declares no sort_key; an inverted "
                              "index keeps the table's partition key as its sort key: add "
                              "sort_key: {}",
                              gsi, index.partition_key, t.partition_key));
      ok = false;
    }
    if (ok) {
      for (const Entity& e : model.entities) {
        for (const PinnedIndexKeys& k : e.pinned_index_keys) {
          if (k.index != index.index) continue;
          Diagnostic& d = diags.Error(
              DiagId::kIndexKeysPinnedOnKeyedIndex, k.range,
              fmt::format("entity '{}' pins keys on index '{}', which is keyed on the table's "
                          "{} and {}: its items' keys there are their table keys swapped; pin "
                          "them on another index, or pin the table keys (`pk`, `sk`)",
                          e.name, gsi, t.sort_key, t.partition_key));
          Diagnostics::Note(d, index.partition_key_range,
                            fmt::format("index '{}' is keyed on the table's keys here", gsi));
          ok = false;
        }
      }
    }
    if (!ok) {
      index.partition_key.clear();
      index.sort_key.clear();
    }
  }
}

// The attributes an index's pinned INCLUDE projection lists (DeclaredIndex::include): each an
// attribute some entity declares, and not a key attribute, which every projection holds already
// (https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_Projection.html). A wrong
// one leaves the projection out (the derivation chooses it).
void CheckDeclaredIndexes(Model& model, Diagnostics& diags) {
  Table& t = model.table;
  CheckIndexKeyAttributes(model, diags);
  for (DeclaredIndex& index : t.indexes) {
    if (!index.projection || *index.projection != PinnedProjection::kInclude) continue;
    bool ok = true;
    for (std::size_t i = 0; i < index.include.size(); ++i) {
      const std::string& name = index.include[i];
      if (std::find(index.include.begin(), index.include.begin() + static_cast<std::ptrdiff_t>(i),
                    name) != index.include.begin() + static_cast<std::ptrdiff_t>(i)) {
        diags.Error(DiagId::kBadProjectedAttribute, index.include_ranges[i],
                    fmt::format("the projection of index '{}' lists '{}' twice",
                                t.GsiName(index.index), name));
        ok = false;
        continue;
      }
      // Which key `name` is: the table's or this index's (every entry of the index holds them),
      // or another index's (the layout writes it for that index; no read returns it).
      std::string key;
      if (name == t.partition_key) key = "the table's partition key, which every projection holds";
      if (name == t.sort_key) key = "the table's sort key, which every projection holds";
      if (index.Natural() && (name == index.partition_key || name == index.sort_key))
        key = fmt::format("its own {} key, which every entry of the index holds",
                          name == index.partition_key ? "partition" : "sort");
      for (int n = 1; n <= kMaxGsis && key.empty(); ++n) {
        const bool own = n == index.index;
        const char* part = name == t.GsiPartitionKey(n) ? "partition"
                           : name == t.GsiSortKey(n)    ? "sort"
                                                        : nullptr;
        if (!part) continue;
        key = own ? fmt::format("its own {} key, which every entry of the index holds", part)
                  : fmt::format(
                        "the {} key of index '{}', which the layout writes for that "
                        "index and no read returns",
                        part, t.GsiName(n));
      }
      if (!key.empty()) {
        diags.Error(DiagId::kBadProjectedAttribute, index.include_ranges[i],
                    fmt::format("the projection of index '{}' lists '{}', {}; list only the "
                                "entities' non-key attributes",
                                t.GsiName(index.index), name, key));
        ok = false;
        continue;
      }
      bool declared = std::any_of(model.entities.begin(), model.entities.end(),
                                  [&](const Entity& e) { return e.FindAttribute(name) >= 0; });
      if (!declared) {
        std::vector<std::string> names;
        for (const Entity& e : model.entities) {
          for (const Attribute& a : e.attributes) names.push_back(a.name);
        }
        std::string guess = ClosestMatch(name, names);
        diags.Error(DiagId::kBadProjectedAttribute, index.include_ranges[i],
                    fmt::format("the projection of index '{}' lists '{}', an attribute no entity "
                                "declares{}",
                                t.GsiName(index.index), name,
                                guess.empty() ? "" : fmt::format("; did you mean '{}'?", guess)));
        ok = false;
      }
    }
    if (!ok) index.projection.reset();
  }
}

// Attributes unique in one name space (`unique: handle`) share one uniqueness item per value, keyed
// by the value's encoding: they must hold values of one type, or equal values would not meet.
void CheckUniqueScopes(const Model& model, Diagnostics& diags) {
  std::map<std::string, std::pair<const Entity*, const Attribute*>> first;
  for (const Entity& e : model.entities) {
    for (const Attribute& a : e.attributes) {
      if (!a.unique || a.unique_scope.empty()) continue;
      // Keyed by the label the uniqueness items carry: `Handle` and `handle` are one name space.
      auto [it, inserted] = first.emplace(UpperSnake(a.unique_scope), std::make_pair(&e, &a));
      if (inserted || it->second.second->type == a.type) continue;
      auto& d = diags.Error(
          DiagId::kUniqueScopeTypes, a.range,
          fmt::format("attribute '{}' of entity '{}' is {} but unique in name space '{}', which "
                      "attribute '{}' of entity '{}' fills with {}; the attributes of one name "
                      "space must have one type",
                      a.name, e.name, AttrTypeWithArticle(a.type), a.unique_scope,
                      it->second.second->name, it->second.first->name,
                      AttrTypeWithArticle(it->second.second->type)));
      Diagnostics::Note(d, it->second.second->range, "the name space's first attribute");
    }
  }
}

// `distinct` on the entity's single identifier: it takes one value per item already.
void CheckDistinct(Entity& entity, Diagnostics& diags) {
  if (entity.identifier.size() != 1) return;
  Attribute& attr = entity.attributes[static_cast<std::size_t>(entity.identifier[0])];
  if (attr.distinct == 0) return;
  diags.Error(DiagId::kBadDistinctCount, attr.distinct_range,
              fmt::format("'distinct' of attribute '{}' of entity '{}' is {}, but the identifier "
                          "takes one value per item already; remove it",
                          attr.name, entity.name, attr.distinct));
  attr.distinct = 0;
}

}  // namespace

void CheckEntities(const ModelDecl& decl, Model& model, Diagnostics& diags) {
  std::map<std::string, const EntityDecl*> shapes;
  for (const EntityDecl& e : decl.entities) {
    model.entities.push_back(e.entity);
    Entity& entity = model.entities.back();
    CheckIdentifier(e, entity, diags);
    CheckDistinct(entity, diags);
    CheckTtl(e, entity, diags);
    CheckCreated(entity, diags);
    CheckVersionAttribute(e, entity, diags);
    CheckPresentWhen(entity, diags);
    CheckTogether(e, entity, diags);
    if (e.keys && !entity.identifier.empty()) CheckPinnedKeys(e, entity, shapes, diags);
  }
  CheckUniqueScopes(model, diags);
}

void CheckUsage(const Model& model, Diagnostics& diags) {
  std::vector<bool> used(model.entities.size(), false);
  for (const AccessPattern& p : model.access_patterns) {
    for (EntityId id : p.returns) used[id] = true;
  }
  for (const AggregateDecl& a : model.aggregates) used[a.of] = used[a.into] = true;
  for (const Relationship& r : model.relationships) {
    used[r.from] = used[r.to] = true;
    if (r.through) used[*r.through] = true;
  }
  for (std::size_t i = 0; i < model.entities.size(); ++i) {
    if (used[i]) continue;
    const Entity& e = model.entities[i];
    diags.Warning(DiagId::kUnusedEntity, e.range,
                  fmt::format("entity '{}' is not read by any access pattern and not related to "
                              "any other entity; add an access pattern that returns it, or "
                              "remove it",
                              e.name));
  }
}

std::optional<Model> CheckModel(const ModelDecl& decl, std::string path, Diagnostics& diags) {
  Model model;
  model.path = std::move(path);
  model.table = decl.table;
  model.outputs = decl.outputs;
  int errors_before = diags.ErrorCount();
  CheckEntities(decl, model, diags);
  CheckTtlAttribute(model, diags);
  CheckRelationships(decl, model, diags);
  // After the relationships: an embedded child's attributes key no index.
  CheckDeclaredIndexes(model, diags);
  CheckAccessPatterns(decl, model, diags);
  CheckWritePatterns(decl, model, diags);
  CheckAggregates(decl, model, diags);
  CheckAlsoAggregates(decl, model, diags);
  CheckCopies(decl, model, diags);
  CheckCounters(decl, model, diags);
  CheckEmbedded(decl, model, diags);
  if (diags.ErrorCount() > errors_before) return std::nullopt;
  CanonicalizeLiterals(model);
  CheckUsage(model, diags);
  return model;
}

}  // namespace model::load
