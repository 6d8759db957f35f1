#include "model/load/json_schema.h"

#include <nlohmann/json.hpp>

namespace model::load {

namespace {

using Json = nlohmann::ordered_json;

Json Described(Json schema, const char* description) {
  schema["description"] = description;
  return schema;
}

Json StringType(const char* description) { return Described({{"type", "string"}}, description); }

Json Enum(std::initializer_list<const char*> values, const char* description) {
  Json list = Json::array();
  for (const char* v : values) list.push_back(v);
  return Described({{"enum", list}}, description);
}

Json OneOf(Json a, Json b) {
  Json options = Json::array();
  options.push_back(std::move(a));
  options.push_back(std::move(b));
  return Json{{"oneOf", std::move(options)}};
}

// A name or a list of names.
Json OneOrMany(const char* description) {
  return Described(
      OneOf(Json{{"type", "string"}},
            Json{{"type", "array"}, {"items", Json{{"type", "string"}}}, {"minItems", 1}}),
      description);
}

Json NameList(const char* description) {
  return Described({{"type", "array"}, {"items", {{"type", "string"}}}}, description);
}

Json Closed(Json properties, std::initializer_list<const char*> required = {}) {
  Json schema = {
      {"type", "object"}, {"properties", std::move(properties)}, {"additionalProperties", false}};
  if (required.size() > 0) {
    Json list = Json::array();
    for (const char* r : required) list.push_back(r);
    schema["required"] = list;
  }
  return schema;
}

const char* const kTypeNames[] = {"string",    "number", "integer",    "boolean",
                                  "timestamp", "date",   "enum",       "binary",
                                  "list",      "map",    "string_set", "number_set"};

Json TypeShorthand() {
  Json names = Json::array();
  for (const char* t : kTypeNames) {
    if (std::string(t) == "enum") continue;  // an enum needs its values: full form only
    names.push_back(t);
    names.push_back(std::string(t) + "?");
  }
  return Described({{"enum", names}},
                   "An attribute type; a trailing '?' makes the attribute optional.");
}

Json AttributeSchema() {
  Json types = Json::array();
  for (const char* t : kTypeNames) types.push_back(t);
  Json full = Closed(
      {{"type", Described({{"enum", types}}, "The attribute's type.")},
       {"required", Described({{"type", "boolean"}}, "Whether every item has it (default true).")},
       {"unique",
        Described({{"type", "boolean"}},
                  "No two items of the entity share a value (kept by uniqueness items).")},
       {"values", Described({{"type", "array"}, {"items", {{"type", "string"}}}, {"minItems", 1}},
                            "The allowed values of an enum.")},
       {"description", StringType("What the attribute means.")}},
      {"type"});
  return OneOf(TypeShorthand(), std::move(full));
}

Json CountSchema(const char* description) {
  return Described(OneOf(Json{{"type", "integer"}, {"minimum", 0}},
                         Json{{"type", "string"}, {"pattern", "^[0-9.]+[kKmMbB]?$"}}),
                   description);
}

Json EntitySchema() {
  return Closed(
      {{"description", StringType("What the entity is.")},
       {"count", CountSchema("Expected number of items, e.g. 5000 or \"10k\", \"2M\".")},
       {"item_size",
        Described(OneOf(Json{{"type", "integer"}, {"minimum", 1}, {"maximum", 409600}},
                        Json{{"type", "string"}, {"pattern", "^[0-9.]+([kK][bB]|[bB])?$"}}),
                  "Average item size: bytes, or \"2KB\", \"1.5KB\" (at most 400KB).")},
       {"identifier", OneOrMany("The attribute (or attributes) that identify one item.")},
       {"versioned", Described({{"type", "boolean"}},
                               "Keep a history of versions (v0 current, v1... history).")},
       {"keys", Described(Closed({{"pk", StringType("Pinned partition-key template, e.g. "
                                                    "\"CUSTOMER#{customerId}\".")},
                                  {"sk", StringType("Pinned sort-key template.")}}),
                          "Pin the table key templates of this entity's items.")},
       {"attributes",
        Described(
            {{"type", "object"}, {"additionalProperties", AttributeSchema()}, {"minProperties", 1}},
            "The entity's attributes: name -> type.")}},
      {"attributes"});
}

Json RelationshipSchema() {
  return Closed(
      {{"name", StringType("A unique name for the relationship.")},
       {"description", StringType("What the relationship means.")},
       {"cardinality", Enum({"1:1", "1:N", "M:N"}, "How many of `to` relate to one `from`.")},
       {"from", StringType("The parent (1 side) entity.")},
       {"to", StringType("The child (N side) entity.")},
       {"link", OneOrMany("Attributes of `to` (or of `through` for M:N) that reference `from`.")},
       {"link_to", OneOrMany("M:N: attributes of `through` that reference `to`.")},
       {"through", StringType("M:N: the associative entity that carries the link.")},
       {"owning", Described({{"type", "boolean"}},
                            "`to` items belong to `from` (they live and die with it).")}},
      {"name", "cardinality", "from", "to"});
}

Json AccessPatternSchema() {
  Json range_ops = {{"enum", Json::array({"=", "<", "<=", ">", ">=", "between", "begins_with"})}};
  return Closed(
      {{"name", StringType("A unique name (also used by generated code).")},
       {"description", StringType("What the application asks.")},
       {"returns", OneOrMany("The entity or entities the pattern returns.")},
       {"by", OneOrMany("Equality parameters: attributes the caller supplies.")},
       {"range",
        Described({{"type", "object"}, {"additionalProperties", range_ops}, {"maxProperties", 1}},
                  "At most one range condition: attribute -> operator.")},
       {"sort", Described({{"type", "object"},
                           {"additionalProperties", {{"enum", Json::array({"asc", "desc"})}}},
                           {"maxProperties", 1}},
                          "Result order: attribute -> asc|desc.")},
       {"limit", Described({{"type", "integer"}, {"minimum", 1}}, "Return at most this many.")},
       {"filter", Described({{"type", "object"},
                             {"additionalProperties",
                              {{"type", Json::array({"string", "number", "integer", "boolean"})}}}},
                            "Fixed filters the index must serve, e.g. {status: OPEN}.")},
       {"project", NameList("Only these attributes are needed.")},
       {"aggregate",
        Described(OneOf(Json{{"const", "count"}},
                        Closed({{"sum", StringType("The attribute to sum.")}}, {"sum"})),
                  "Return an aggregate instead of items: count, or {sum: attribute}.")},
       {"current_only",
        Described({{"type", "boolean"}}, "Only the current version (versioned entities).")},
       {"consistent", Described({{"type", "boolean"}}, "Needs strongly consistent reads.")},
       {"allow_scan", Described({{"type", "boolean"}}, "A Scan is acceptable for this pattern.")},
       {"rate",
        Described({{"type", "number"}, {"exclusiveMinimum", 0}}, "Expected requests per second.")},
       {"index", StringType("Pin the index: \"table\" or an index name like GSI1.")},
       {"shards", Described({{"type", "integer"}, {"minimum", 1}, {"maximum", 1000}},
                            "Pin the number of write shards.")},
       {"shard_reason",
        StringType("Why the pinned shards are right despite equality parameters.")}},
      {"name", "returns"});
}

Json WritePatternSchema() {
  return Closed({{"name", StringType("A unique name.")},
                 {"description", StringType("What the application writes.")},
                 {"create", StringType("The entity this pattern creates.")},
                 {"update", StringType("The entity this pattern updates.")},
                 {"delete", StringType("The entity this pattern deletes.")},
                 {"attributes", NameList("update: the attributes it changes.")},
                 {"rate", Described({{"type", "number"}, {"exclusiveMinimum", 0}},
                                    "Expected writes per second.")}},
                {"name"});
}

Json TableSchema() {
  return Closed(
      {{"name", Described({{"type", "string"}, {"pattern", "^[a-zA-Z0-9_.-]{3,255}$"}},
                          "The DynamoDB table name.")},
       {"partition_key", StringType("Table partition-key attribute name (default PK).")},
       {"sort_key", StringType("Table sort-key attribute name (default SK).")},
       {"index_prefix", StringType("GSI naming: GSI1, GSI1PK/GSI1SK... (default GSI).")},
       {"billing", Enum({"on_demand", "provisioned"}, "Billing mode (default on_demand).")},
       {"max_gsis", Described({{"type", "integer"}, {"minimum", 1}, {"maximum", 20}},
                              "Use at most this many global secondary indexes.")},
       {"streams", Described({{"type", "boolean"}}, "Enable DynamoDB Streams.")}},
      {"name"});
}

// One `generate:` entry: a closed schema per kind, told apart by `kind`.
Json OutputSchema() {
  Json out = Described({{"type", "string"}, {"minLength", 1}},
                       "Where to write, relative to the model file's folder (no '..').");
  auto kind = [](const char* k) { return Json{{"const", k}}; };
  Json options = Json::array();
  options.push_back(
      Closed({{"kind", kind("docs")},
              {"out", out},
              {"check", Described({{"type", "boolean"}}, "Run model check and show its figures.")}},
             {"kind", "out"}));
  options.push_back(
      Closed({{"kind", kind("diagram")},
              {"out", out},
              {"diagram", Enum({"erd", "table", "index", "all"}, "Which diagrams (default all).")},
              {"format", Enum({"dot", "svg", "png"}, "Image format (default svg).")}},
             {"kind", "out"}));
  options.push_back(
      Closed({{"kind", kind("export")},
              {"out", out},
              {"to", Enum({"create-table", "cloudformation", "terraform", "nosql-workbench",
                           "mcp-json", "mermaid"},
                          "The export kind.")},
              {"format", Enum({"json", "yaml"}, "cloudformation: JSON (default) or YAML.")}},
             {"kind", "out", "to"}));
  options.push_back(Closed({{"kind", kind("codegen")},
                            {"out", out},
                            {"namespace", StringType("The C++ namespace of the generated code.")},
                            {"name", StringType("The base name of the generated files.")}},
                           {"kind", "out"}));
  return Described({{"oneOf", options}}, "One output that `model generate` writes.");
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
  Json root = Closed(
      {{"format", Described({{"const", 1}}, "The format version (1).")},
       {"table", TableSchema()},
       {"entities",
        Described(
            {{"type", "object"}, {"additionalProperties", EntitySchema()}, {"minProperties", 1}},
            "Entities by name.")},
       {"relationships", {{"type", "array"}, {"items", RelationshipSchema()}}},
       {"access_patterns", {{"type", "array"}, {"items", AccessPatternSchema()}}},
       {"write_patterns", {{"type", "array"}, {"items", WritePatternSchema()}}},
       {"generate", Described({{"type", "array"}, {"items", OutputSchema()}},
                              "Outputs `model generate` writes and `--check` verifies.")}},
      {"entities"});
  for (auto& [key, value] : root.items()) schema[key] = value;
  return schema.dump(2) + "\n";
}

}  // namespace model::load
