#include "model/load/json_schema.h"

#include <fmt/format.h>

#include <nlohmann/json.hpp>
#include <string>

#include "model/base/relative_path.h"
#include "model/load/format_spec.h"
#include "model/load/yaml_read.h"
#include "model/model.h"

namespace model::load {

namespace {

using Json = nlohmann::ordered_json;

// A YAML scalar read as text by the loader: as JSON (YAML 1.2 core schema) it may be a string,
// a number or a boolean (`values: [1, 2]`, `filter: {active: true}`).
Json AnyScalar() { return Json{{"type", Json::array({"string", "number", "boolean"})}}; }

// Names of entities and attributes: identifiers of at most 255 characters (yaml_read.cpp).
Json IdentifierName() {
  return Json{{"pattern", kIdentifierPattern}, {"maxLength", kMaxNameLength}};
}

std::string Alternatives(const std::vector<std::string>& words) {
  std::string out;
  for (const auto& w : words) {
    if (!out.empty()) out += "|";
    for (char c : w) {
      if (std::string_view("\\^$.|?*+()[]{}").find(c) != std::string_view::npos) out += '\\';
      out += c;
    }
  }
  return out;
}

// A count or size as the loader reads it (ParseScaled in yaml_values.cpp): a plain decimal with
// an optional unit suffix. The number must round to [1, max].
Json ScaledNumber(const std::vector<std::pair<std::string, double>>& units, double max) {
  std::vector<std::string> suffixes;
  for (const auto& u : units) suffixes.push_back(u.first);
  Json number = {{"type", "number"}, {"minimum", 0.5}, {"exclusiveMaximum", max + 0.5}};
  Json text = {{"type", "string"},
               {"pattern", fmt::format("^\\+?[0-9]+(\\.[0-9]+)?({})?$", Alternatives(suffixes))}};
  return Json{{"oneOf", Json::array({number, text})}};
}

// A name that refers to a declaration (an entity, an attribute): never empty.
Json ReferenceName() { return Json{{"type", "string"}, {"minLength", 1}}; }

Json NameList(std::int64_t min_items) {
  Json list = {{"type", "array"}, {"items", ReferenceName()}};
  if (min_items > 0) list["minItems"] = min_items;
  return Json{{"oneOf", Json::array({ReferenceName(), list})}};
}

Json Closed(FormatSection section);

// The schema of a key whose value is of its own shape (ValueKind::kNested).
Json Nested(FormatSection section, const KeySpec& key) {
  std::string_view name = key.name;
  auto list_of = [](Json items) {
    return Json{{"type", Json::array({"array", "null"})}, {"items", std::move(items)}};
  };
  switch (section) {
    case FormatSection::kModel:
      if (name == "table") return Closed(FormatSection::kTable);
      if (name == "entities") {
        return {{"type", "object"},
                {"propertyNames", IdentifierName()},
                {"additionalProperties", Closed(FormatSection::kEntity)},
                {"minProperties", 1}};
      }
      if (name == "relationships") return list_of(Closed(FormatSection::kRelationship));
      if (name == "access_patterns") return list_of(Closed(FormatSection::kAccessPattern));
      if (name == "write_patterns") return list_of(Closed(FormatSection::kWritePattern));
      if (name == "aggregates") return list_of(Closed(FormatSection::kAggregateDecl));
      if (name == "generate") {
        Json kinds = Json::array();
        for (const auto& k : OutputKinds()) kinds.push_back(Closed(k.second));
        return list_of(Json{{"oneOf", kinds}});
      }
      break;
    case FormatSection::kTable:
      if (name == "indexes") {
        // Index names (GSI1...: any text ending in 1 to kMaxGsis, as under an entity's keys).
        std::vector<std::string> numbers;
        for (int n = 1; n <= kMaxGsis; ++n) numbers.push_back(std::to_string(n));
        return {
            {"type", "object"},
            {"propertyNames", {{"pattern", fmt::format("^.*[^0-9]({})$", Alternatives(numbers))}}},
            {"additionalProperties", Closed(FormatSection::kTableIndex)}};
      }
      break;
    case FormatSection::kTableIndex:
      if (name == "projection") {
        // ALL, KEYS_ONLY, or the INCLUDE list of non-key attributes (E237 for a repeated one).
        Json include = {{"type", "array"},
                        {"items", {{"type", "string"}, {"pattern", kIdentifierPattern}}},
                        {"minItems", 1},
                        {"uniqueItems", true}};
        return {
            {"oneOf", Json::array({Json{{"enum", Json::array({"ALL", "KEYS_ONLY"})}}, include})}};
      }
      break;
    case FormatSection::kEntity:
      if (name == "keys") {
        // pk, sk, and index names (GSI1...: any text ending in 1 to kMaxGsis, since the schema
        // cannot read the table's index_prefix) each pinning that index's { pk, sk }.
        std::vector<std::string> numbers;
        for (int n = 1; n <= kMaxGsis; ++n) numbers.push_back(std::to_string(n));
        Json keys = Closed(FormatSection::kPinnedKeys);
        keys["propertyNames"] = {
            {"pattern", fmt::format("^(pk|sk|.*[^0-9]({}))$", Alternatives(numbers))}};
        keys["additionalProperties"] = Closed(FormatSection::kPinnedIndexKeys);
        keys["dependentRequired"] = {{"sk", Json::array({"pk"})}};
        keys["minProperties"] = 1;
        return keys;
      }
      if (name == "together") {
        // One group [a, b], or several [[a, b], [c, d]]; a group names two attributes at least.
        Json group = {{"type", "array"}, {"items", ReferenceName()}, {"minItems", 2}};
        Json groups = {{"type", "array"}, {"items", group}, {"minItems", 1}};
        return {{"oneOf", Json::array({group, groups})}};
      }
      if (name == "attributes") {
        Json types = Json::array();
        for (const auto& t : AttributeTypeWords()) {
          if (t == "enum") continue;  // an enum needs its values: the long form only
          types.push_back(t);
          types.push_back(t + "?");
        }
        Json shorthand = {{"enum", types},
                          {"description", "An attribute type; a trailing '?' makes it optional."}};
        return {{"type", "object"},
                {"propertyNames", IdentifierName()},
                {"additionalProperties",
                 Json{{"oneOf", Json::array({shorthand, Closed(FormatSection::kAttribute)})}}},
                {"minProperties", 1}};
      }
      break;
    case FormatSection::kAttribute:
      if (name == "unique") {
        return {
            {"oneOf", Json::array({Json{{"type", "boolean"}},
                                   Json{{"type", "string"}, {"pattern", kIdentifierPattern}}})}};
      }
      if (name == "values") {
        return {{"type", "array"}, {"items", AnyScalar()}, {"minItems", 1}, {"uniqueItems", true}};
      }
      if (name == "shares") {
        Json share = {{"type", "number"}, {"exclusiveMinimum", 0}, {"maximum", 1}};
        return {{"type", "object"}, {"additionalProperties", share}, {"minProperties", 1}};
      }
      if (name == "present_when") {
        Json values = {{"type", "array"}, {"items", AnyScalar()}, {"minItems", 1}};
        return {{"type", "object"},
                {"additionalProperties", {{"oneOf", Json::array({AnyScalar(), values})}}},
                {"minProperties", 1},
                {"maxProperties", 1}};
      }
      break;
    case FormatSection::kAccessPattern:
      if (name == "range") {
        return {{"type", "object"},
                {"additionalProperties", {{"enum", RangeOperatorWords()}}},
                {"minProperties", 1},
                {"maxProperties", 1}};
      }
      if (name == "sort") {
        Json pair = {{"type", "object"},
                     {"additionalProperties", {{"enum", SortDirectionWords()}}},
                     {"minProperties", 1},
                     {"maxProperties", 1}};
        return {{"oneOf", Json::array({Json{{"type", "string"}, {"minLength", 1}}, pair})}};
      }
      if (name == "filter") {
        return {{"type", "object"}, {"additionalProperties", AnyScalar()}, {"minProperties", 1}};
      }
      if (name == "aggregate") {
        return {
            {"oneOf", Json::array({Json{{"const", "count"}}, Closed(FormatSection::kAggregate)})}};
      }
      if (name == "hot") {
        Json share = {{"type", "number"},
                      {"exclusiveMinimum", 0},
                      {"maximum", 1},
                      {"description",
                       "The busiest partition value's share of the requests and writes, in (0, "
                       "1]."}};
        return {{"type", "object"},
                {"properties", {{"share", share}}},
                {"required", Json::array({"share"})},
                {"additionalProperties", false}};
      }
      break;
    case FormatSection::kWritePattern:
    case FormatSection::kAlsoEntry:
      if (name == "condition") {
        // "exists", "not_exists", or an operator and a literal or a :parameter (E427).
        Json comparison = {{"type", "string"},
                           {"pattern",
                            "^\\s*(exists|not_exists|(<>|<=|>=|=|<|>)\\s*(:[A-Za-z_][A-Za-z0-9_]*|["
                            "^:\\s].*))\\s*$"}};
        return {{"type", "object"},
                {"propertyNames", IdentifierName()},
                {"additionalProperties", comparison},
                {"minProperties", 1}};
      }
      if (name == "also") {
        return {{"type", "array"}, {"items", Closed(FormatSection::kAlsoEntry)}, {"minItems", 1}};
      }
      break;
    case FormatSection::kAggregateDecl: {
      // Each entry names one thing: one attribute or one bucket, one function.
      auto one_of = [](FormatSection inner) {
        Json closed = Closed(inner);
        closed["minProperties"] = 1;
        closed["maxProperties"] = 1;
        return closed;
      };
      if (name == "group") {
        return {
            {"type", "object"},
            {"propertyNames", IdentifierName()},
            {"additionalProperties",
             Json{{"oneOf", Json::array({ReferenceName(), one_of(FormatSection::kTimeBucket)})}}},
            {"minProperties", 1}};
      }
      if (name == "filter") {
        // Values only: exists / not_exists are access patterns' presence filters (E405).
        Json words = Json{{"enum", Json::array({"exists", "not_exists"})}};
        Json value = {{"allOf", Json::array({AnyScalar(), Json{{"not", words}}})}};
        return {{"type", "object"}, {"additionalProperties", value}, {"minProperties", 1}};
      }
      if (name == "values") {
        return {{"type", "object"},
                {"propertyNames", IdentifierName()},
                {"additionalProperties",
                 Json{{"oneOf", Json::array({Json{{"const", "count"}},
                                             one_of(FormatSection::kAggregateValue),
                                             Closed(FormatSection::kLatestValue)})}}},
                {"minProperties", 1}};
      }
      break;
    }
    default:
      break;
  }
  return Json::object();
}

Json Value(FormatSection section, const KeySpec& key) {
  Json schema;
  switch (key.kind) {
    case ValueKind::kText:
      schema = AnyScalar();
      break;
    case ValueKind::kName:
      schema = ReferenceName();
      break;
    case ValueKind::kIdentifier:
      schema = {{"type", "string"},
                {"pattern", kIdentifierPattern},
                {"minLength", key.min},
                {"maxLength", key.max}};
      break;
    case ValueKind::kNames:
      schema = NameList(key.min);
      break;
    case ValueKind::kBool:
      schema = {{"type", "boolean"}};
      break;
    case ValueKind::kInt:
      schema = key.min == key.max
                   ? Json{{"const", key.min}}
                   : Json{{"type", "integer"}, {"minimum", key.min}, {"maximum", key.max}};
      break;
    case ValueKind::kPositive:
      schema = {{"type", "number"}, {"exclusiveMinimum", 0}};
      break;
    case ValueKind::kCount:
      schema = ScaledNumber(CountUnits(), kMaxCount);
      break;
    case ValueKind::kItemSize:
      schema = ScaledNumber(ItemSizeUnits(), kMaxItemSize);
      break;
    case ValueKind::kWord:
      schema = key.words.size() == 1 ? Json{{"const", key.words[0]}} : Json{{"enum", key.words}};
      break;
    case ValueKind::kNested:
      schema = Nested(section, key);
      break;
  }
  schema["description"] = key.description;
  return schema;
}

// The rules between keys of one mapping that the loader reports (E104, E105, E113...).
void AddConditions(FormatSection section, Json& schema) {
  switch (section) {
    case FormatSection::kEntity: {
      // A version number belongs to a versioned entity (E221).
      Json has_version = {{"required", Json::array({"version"})}};
      Json versioned = {{"properties", {{"versioned", {{"const", true}}}}},
                        {"required", Json::array({"versioned"})}};
      schema["if"] = has_version;
      schema["then"] = versioned;
      break;
    }
    case FormatSection::kTable:
      schema["properties"]["name"]["type"] = "string";
      schema["properties"]["name"]["pattern"] = kTableNamePattern;
      break;
    case FormatSection::kAttribute: {
      // The long form's type may carry '?' too; an enum lists its values, nothing else does.
      Json types = Json::array();
      for (const auto& t : AttributeTypeWords()) {
        types.push_back(t);
        types.push_back(t + "?");
      }
      schema["properties"]["type"]["enum"] = types;
      Json is_enum = {{"properties", {{"type", {{"enum", Json::array({"enum", "enum?"})}}}}}};
      Json has_values = {{"required", Json::array({"values"})}};
      // A '?' (optional) type with `required: true` says two things (E116).
      Json question_mark = {{"properties", {{"type", {{"pattern", "\\?$"}}}}}};
      Json required_true = {{"properties", {{"required", {{"const", true}}}}},
                            {"required", Json::array({"required"})}};
      // `created` only on a time-ordered type (E216).
      Json time_ordered = Json::array();
      for (const auto& t : TimeOrderedTypeWords()) {
        time_ordered.push_back(t);
        time_ordered.push_back(t + "?");
      }
      Json has_created = {{"required", Json::array({"created"})}};
      Json is_time_ordered = {{"properties", {{"type", {{"enum", time_ordered}}}}}};
      schema["allOf"] =
          Json::array({Json{{"if", is_enum}, {"then", has_values}, {"else", {{"not", has_values}}}},
                       Json{{"if", question_mark}, {"then", {{"not", required_true}}}},
                       Json{{"if", has_created}, {"then", is_time_ordered}}});
      break;
    }
    case FormatSection::kWritePattern: {
      // Exactly one of create, update and delete; `attributes` only with update.
      Json one = Json::array();
      for (const char* k : {"create", "update", "delete"}) {
        one.push_back({{"required", Json::array({k})}});
      }
      schema["oneOf"] = one;
      // An update names the attributes it changes; only an update does.
      Json has_update = {{"required", Json::array({"update"})}};
      Json has_attributes = {{"required", Json::array({"attributes"})}};
      // A create's condition can only be not_exists (E430).
      Json has_create = {{"required", Json::array({"create"})}};
      Json not_exists = {{"type", "string"}, {"pattern", "^\\s*not_exists\\s*$"}};
      Json condition = {{"additionalProperties", not_exists}};
      Json only_not_exists = {{"properties", {{"condition", condition}}}};
      schema["allOf"] = Json::array({Json{{"if", has_attributes}, {"then", has_update}},
                                     Json{{"if", has_update}, {"then", has_attributes}},
                                     Json{{"if", has_create}, {"then", only_not_exists}}});
      break;
    }
    case FormatSection::kAlsoEntry: {
      // Exactly one of update, check and delete (E445); `attributes` with an update, which
      // needs them; a check without a condition checks that the item exists.
      Json one = Json::array();
      for (const char* k : {"update", "check", "delete"})
        one.push_back({{"required", Json::array({k})}});
      schema["oneOf"] = one;
      Json has_update = {{"required", Json::array({"update"})}};
      Json has_attributes = {{"required", Json::array({"attributes"})}};
      schema["allOf"] = Json::array({Json{{"if", has_attributes}, {"then", has_update}},
                                     Json{{"if", has_update}, {"then", has_attributes}}});
      break;
    }
    case FormatSection::kRelationship: {
      // M:N needs `through` and cannot be owning (E306, E307); `through` and `link_to` apply
      // to M:N only (E307).
      Json many = {{"properties", {{"cardinality", {{"enum", ManyToManyWords()}}}}}};
      Json owning_true = {{"properties", {{"owning", {{"const", true}}}}},
                          {"required", Json::array({"owning"})}};
      Json m_n = {{"required", Json::array({"through"})}, {"not", owning_true}};
      Json not_m_n = {{"not",
                       {{"anyOf", Json::array({Json{{"required", Json::array({"through"})}},
                                               Json{{"required", Json::array({"link_to"})}}})}}}};
      schema["if"] = many;
      schema["then"] = m_n;
      schema["else"] = not_m_n;
      // An embedded collection is a 1:N with `max` (E319, E320).
      Json embedded_true = {{"properties", {{"embedded", {{"const", true}}}}},
                            {"required", Json::array({"embedded"})}};
      Json one_to_many = {
          {"properties", {{"cardinality", {{"enum", Json::array({"1:N", "1:n"})}}}}},
          {"required", Json::array({"max"})}};
      schema["allOf"] = Json::array({Json{{"if", embedded_true}, {"then", one_to_many}}});
      break;
    }
    case FormatSection::kDocsOutput:
    case FormatSection::kDiagramOutput:
    case FormatSection::kExportOutput:
    case FormatSection::kCodegenOutput: {
      schema["properties"]["out"]["type"] = "string";
      schema["properties"]["out"]["pattern"] = kRelativePathPattern;
      break;
    }
    default:
      break;
  }
}

Json Closed(FormatSection section) {
  Json properties = Json::object();
  Json required = Json::array();
  for (const KeySpec& key : SectionKeys(section)) {
    properties[key.name] = Value(section, key);
    if (key.required) required.push_back(key.name);
  }
  Json schema = {
      {"type", "object"}, {"properties", std::move(properties)}, {"additionalProperties", false}};
  if (!required.empty()) schema["required"] = std::move(required);
  AddConditions(section, schema);
  return schema;
}

// A pinned `index:` is "table" or the index prefix and 1 to kMaxGsis: with the default prefix
// exactly GSI1..GSI20; with a prefix of the model's own, any text ending in such a number (the
// schema cannot read the prefix into a pattern).
Json IndexPinRule() {
  std::vector<std::string> numbers;
  for (int n = 1; n <= kMaxGsis; ++n) numbers.push_back(std::to_string(n));
  std::string range = Alternatives(numbers);
  auto pin = [](const std::string& pattern) {
    return Json{{"properties",
                 {{"access_patterns",
                   {{"items", {{"properties", {{"index", {{"pattern", pattern}}}}}}}}}}}};
  };
  return {{"if",
           {{"required", Json::array({"table"})},
            {"properties", {{"table", {{"required", Json::array({"index_prefix"})}}}}}}},
          {"then", pin(fmt::format("^(table|.*[^0-9]({}))$", range))},
          {"else", pin(fmt::format("^(table|{}({}))$", Table{}.index_prefix, range))}};
}

}  // namespace

std::string ModelJsonSchema() {
  Json schema = {
      {"$schema", "https://json-schema.org/draft/2020-12/schema"},
      {"$id", "https://github.com/model-dynamodb/model/docs/model.schema.json"},
      {"title", "model: DynamoDB single-table model"},
      {"description",
       "One table's ERD and access patterns. See docs/model-format.md for every construct."},
  };
  Json root = Closed(FormatSection::kModel);
  root["allOf"] = Json::array({IndexPinRule()});
  for (auto& [key, value] : root.items()) schema[key] = value;
  return schema.dump(2) + "\n";
}

}  // namespace model::load
