#include "model/load/format_spec.h"

#include <algorithm>
#include <cassert>

#include "model/format_names.h"
#include "model/load/yaml_read.h"

namespace model::load {

namespace {

using K = ValueKind;

std::vector<KeySpec> ModelKeys() {
  return {
      {"format", K::kInt, "The format version (1).", false, {}, 1, 1},
      {"table", K::kNested, "The DynamoDB table: name, key names, billing, index limits."},
      {"entities", K::kNested, "Entities by name.", true},
      {"relationships", K::kNested, "How entities relate: 1:1, 1:N, M:N."},
      {"access_patterns", K::kNested, "How the application reads."},
      {"write_patterns", K::kNested, "How the application writes."},
      {"aggregates", K::kNested,
       "Pre-computed aggregates: count, sum, min, max of an entity per group, kept in another."},
      {"generate", K::kNested, "Outputs `model generate` writes and `--check` verifies."},
  };
}

std::vector<KeySpec> TableKeys() {
  return {
      {"name", K::kText, "The DynamoDB table name.", true},
      {"partition_key",
       K::kIdentifier,
       "Table partition-key attribute name (default PK).",
       false,
       {},
       1,
       kMaxNameLength},
      {"sort_key",
       K::kIdentifier,
       "Table sort-key attribute name (default SK).",
       false,
       {},
       1,
       kMaxNameLength},
      {"index_prefix",
       K::kIdentifier,
       "GSI naming: GSI1, GSI1PK/GSI1SK... (default GSI).",
       false,
       {},
       kMinIndexPrefixLength,
       kMaxIndexPrefixLength},
      {"billing",
       K::kWord,
       "Billing mode (default on_demand).",
       false,
       {"on_demand", "provisioned"}},
      // https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/ServiceQuotas.html
      // #gsi-limits: 20 global secondary indexes per table by default.
      {"max_gsis",
       K::kInt,
       "Use at most this many global secondary indexes.",
       false,
       {},
       1,
       kMaxGsis},
      {"prefer",
       K::kWord,
       "What the GSI count is chosen by: lowest_cost at the declared rates (default), "
       "fewer_indexes or cheaper_writes.",
       false,
       {"lowest_cost", "fewer_indexes", "cheaper_writes"}},
      {"streams", K::kBool, "Enable DynamoDB Streams."},
      // https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/TTL.html: Time to Live
      // is enabled on one attribute name per table.
      {"ttl_attribute",
       K::kIdentifier,
       "The item attribute Time to Live reads: epoch seconds of entities with `ttl` (default "
       "ttl).",
       false,
       {},
       1,
       kMaxNameLength},
      {"indexes", K::kNested,
       "Indexes declared at table level, by name (GSI1...): what the model pins about each one "
       "(its projection, and the attributes it is keyed on)."},
  };
}

// https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_Projection.html: ALL,
// KEYS_ONLY, or INCLUDE with NonKeyAttributes (the list form).
std::vector<KeySpec> TableIndexKeys() {
  return {
      {"projection", K::kNested,
       "What the index copies: ALL, KEYS_ONLY, or a list of non-key attributes (INCLUDE)."},
      {"partition_key",
       K::kIdentifier,
       "The attribute the index is keyed on: the table's sort key (an inverted index), or an "
       "entity attribute (a natural-key index).",
       false,
       {},
       1,
       kMaxNameLength},
      {"sort_key",
       K::kIdentifier,
       "The index's sort key attribute: the table's partition key (an inverted index), or an "
       "entity attribute (a natural-key index; optional there).",
       false,
       {},
       1,
       kMaxNameLength},
  };
}

std::vector<KeySpec> EntityKeys() {
  return {
      {"description", K::kText, "What the entity is."},
      {"count", K::kCount, "Expected number of items, e.g. 5000 or \"10k\", \"2M\"."},
      {"item_size", K::kItemSize,
       "Average item size: bytes, or \"2KB\", \"1.5KB\" (at most 400KB)."},
      {"identifier",
       K::kNames,
       "The attribute (or attributes) that identify one item.",
       false,
       {},
       1},
      {"versioned", K::kBool, "Keep a history of versions (v0 current, v1... history)."},
      {"version", K::kName,
       "versioned: the integer attribute holding each version's number (1, 2, ...), written by "
       "the layout; history items are keyed by it."},
      {"ttl", K::kName,
       "Time to Live: the timestamp or epoch-seconds attribute after which an item expires."},
      {"together", K::kNested,
       "Optional attributes every item has all of or none of: [a, b], or a list of such lists."},
      {"keys", K::kNested,
       "Pin the table key templates of this entity's items, and its keys on indexes."},
      {"attributes", K::kNested, "The entity's attributes: name -> type.", true},
  };
}

std::vector<KeySpec> AttributeKeys() {
  return {
      {"type", K::kWord, "The attribute's type.", true, AttributeTypeWords()},
      {"required", K::kBool, "Whether every item has it (default true)."},
      {"unique", K::kNested,
       "true: no two items of the entity share a value (kept by uniqueness items); a name: no two "
       "items of any attribute unique in that name space share one."},
      {"values", K::kNested, "The allowed values of an enum."},
      {"created", K::kName,
       "ulid, ksuid, uuidv7: the required timestamp attribute holding the time the value "
       "encodes."},
      {"shares", K::kNested,
       "enum, boolean: the fraction of items holding a value, e.g. { ESCALATED: 0.01 } (the "
       "values left out share the rest)."},
      {"distinct", K::kCount,
       "About how many distinct values the attribute takes over the entity's items, e.g. 200 or "
       "\"40k\" (string, number, integer, timestamp, date, binary): replaces the derivation's "
       "guess of the square root of the count."},
      {"present_when", K::kNested,
       "Optional attributes: present exactly while a required enum or boolean attribute holds a "
       "value, e.g. { phase: LOBBY } or { phase: [LOBBY, STARTING] }."},
      {"copy", K::kName,
       "A denormalized copy of the parent's attribute through a 1:1 or 1:N relationship to this "
       "entity, written <relationship>.<attribute>, e.g. lines.placedAt: creates carry it, an "
       "update of the source rewrites every child's copy."},
      {"counter", K::kName,
       "An integer identifier attribute drawn from a per-parent counter, written "
       "<relationship>.<attribute>, e.g. issues.issueCount: a create first adds 1 to the "
       "parent's count (UpdateItem, ReturnValues UPDATED_NEW) and takes the new value."},
      {"description", K::kText, "What the attribute means."},
  };
}

std::vector<KeySpec> PinnedKeysKeys() {
  return {
      {"pk", K::kName,
       "Pinned partition-key template, e.g. \"CUSTOMER#{customerId}\" (required with 'sk', or "
       "when no index keys are pinned)."},
      {"sk", K::kName, "Pinned sort-key template."},
  };
}

std::vector<KeySpec> PinnedIndexKeysKeys() {
  return {
      {"pk", K::kName, "Pinned index partition-key template, e.g. \"EMAIL#{email}\".", true},
      {"sk", K::kName,
       "Pinned index sort-key template; without it, the entity's label (\"CUSTOMER\")."},
  };
}

std::vector<KeySpec> RelationshipKeys() {
  return {
      {"name", K::kName, "A unique name for the relationship.", true},
      {"description", K::kText, "What the relationship means."},
      {"cardinality",
       K::kWord,
       "How many of `to` relate to one `from` (1:N, 1:1 or M:N).",
       true,
       {"1:1", "1:N", "M:N", "1:n", "m:n", "N:M", "n:m"}},
      {"from",
       K::kNames,
       "The parent (1 side) entity; a list of several with `kind` for a polymorphic association.",
       true,
       {},
       1},
      {"to", K::kName, "The child (N side) entity.", true},
      {"kind", K::kName,
       "Polymorphic (`from` a list): the attribute of `to` holding its parent's entity name."},
      {"link",
       K::kNames,
       "Attributes of `to` (or of `through` for M:N) that reference `from`.",
       false,
       {},
       1},
      {"link_to", K::kNames, "M:N: attributes of `through` that reference `to`.", false, {}, 1},
      {"through", K::kName, "M:N: the associative entity that carries the link."},
      {"owning", K::kBool, "`to` items belong to `from` (they live and die with it)."},
      {"max",
       K::kInt,
       "1:N, M:N: at most this many `to` (M:N: `through`) items per `from` item.",
       false,
       {},
       1,
       1000000000},
      {"average", K::kPositive,
       "1:N, M:N: about this many `to` (M:N: `through`) items per `from` item (default: the "
       "counts' ratio)."},
      {"embedded", K::kBool,
       "1:N with `max`: the `to` items live inside their `from` item, in a map attribute named "
       "after the relationship, instead of items of their own."},
  };
}

std::vector<KeySpec> AccessPatternKeys() {
  return {
      {"name", K::kName, "A unique name (also used by generated code).", true},
      {"description", K::kText, "What the application asks."},
      {"returns", K::kNames, "The entity or entities the pattern returns.", true, {}, 1},
      {"by", K::kNames, "Equality parameters: attributes the caller supplies."},
      {"follows", K::kName,
       "The relationship the read follows: `by` may then name an identifier attribute of the "
       "entity its link references, read through the link attribute."},
      {"range", K::kNested, "At most one range condition: attribute -> operator."},
      {"sort", K::kNested, "Result order: an attribute, or attribute -> asc|desc."},
      {"limit", K::kInt, "Return at most this many.", false, {}, 1, 1000000},
      {"filter", K::kNested,
       "Fixed filters the index must serve, e.g. {status: OPEN}; exists / not_exists test an "
       "optional attribute's presence, e.g. {score: exists}."},
      {"project", K::kNames, "Only these attributes are needed."},
      {"aggregate", K::kNested,
       "Return an aggregate instead of items: count, or {sum: attribute}."},
      {"current_only", K::kBool, "Only the current version (versioned entities)."},
      {"consistent", K::kBool, "Needs strongly consistent reads."},
      {"allow_scan", K::kBool, "A Scan is acceptable for this pattern."},
      {"rate", K::kPositive, "Expected requests per second."},
      {"index", K::kName, "Pin the index: \"table\" or an index name like GSI1."},
      {"shards", K::kInt, "Pin the number of write shards.", false, {}, 1, 1000},
      {"shard_reason", K::kText, "Why the pinned shards are right despite equality parameters."},
      {"hot", K::kNested,
       "A hot partition: { share: 0.3 } when the busiest value of `by` takes 30% of the "
       "pattern's requests and of the writes to what it returns (sizes write shards)."},
  };
}

std::vector<KeySpec> AggregateKeys() { return {{"sum", K::kName, "The attribute to sum.", true}}; }

std::vector<KeySpec> WritePatternKeys() {
  return {
      {"name", K::kName, "A unique name.", true},
      {"description", K::kText, "What the application writes."},
      {"create", K::kName, "The entity this pattern creates."},
      {"update", K::kName, "The entity this pattern updates."},
      {"delete", K::kName, "The entity this pattern deletes."},
      {"attributes", K::kNames, "update: the attributes it changes (an update needs them)."},
      {"condition", K::kNested,
       "What must hold on the item as stored before the write: attribute -> comparison, e.g. "
       "{booked: \"< 50\"}, {authorId: \"= :caller\"}, {closedAt: not_exists}."},
      {"also", K::kNested,
       "Other entities' items written in the same transaction: a list of {update: Entity, "
       "attributes: [...], condition: {...}}, {check: Entity, condition: {...}} and {delete: "
       "Entity, condition: {...}}."},
      {"rate", K::kPositive, "Expected writes per second."},
  };
}

std::vector<KeySpec> AlsoEntryKeys() {
  return {
      {"update", K::kName, "The entity whose item this write also updates."},
      {"check", K::kName, "The entity whose item's condition this write also checks."},
      {"delete", K::kName, "The entity whose item this write also deletes."},
      {"attributes", K::kNames, "update: the attributes it changes."},
      {"condition", K::kNested,
       "What must hold on that item as stored, in the form of the pattern's own condition "
       "(required with check)."},
  };
}

std::vector<KeySpec> AggregateDeclKeys() {
  return {
      {"name", K::kName, "A unique name.", true},
      {"description", K::kText, "What the aggregate means."},
      {"of", K::kName, "The entity aggregated: its writes change the aggregate.", true},
      {"into", K::kName, "The entity holding the values: one item per group.", true},
      {"group", K::kNested,
       "into's identifier attribute -> of's attribute, or a time bucket {month: placedAt}.", true},
      {"values", K::kNested,
       "into's attribute -> count, {sum|min|max: attribute of `of`}, or {latest: attribute, by: "
       "attribute}.",
       true},
      {"filter", K::kNested,
       "Count only the items of `of` where each attribute has its value, e.g. {status: OPEN}."},
      {"maintain", K::kWord,
       "Pin who keeps it: the table's stream, the write's transaction, or each read.", false,
       MaintainerWords()},
      {"shards",
       K::kInt,
       "Pin how many items each group's values are split over (transaction-kept only).",
       false,
       {},
       1,
       1000},
  };
}

std::vector<KeySpec> AggregateValueKeys() {
  return {{"sum", K::kName, "The attribute to sum."},
          {"min", K::kName,
           "The attribute (number, integer, timestamp or date) whose smallest value to keep."},
          {"max", K::kName,
           "The attribute (number, integer, timestamp or date) whose largest value to keep."},
          {"count",
           K::kWord,
           "joined: how many times an item joined the group; leaving it takes none away.",
           false,
           {"joined"}}};
}

std::vector<KeySpec> LatestValueKeys() {
  return {{"latest", K::kName, "The attribute of the group's latest item to keep.", true},
          {"by", K::kName,
           "The attribute that orders the items (string, number, integer, timestamp or date): "
           "the latest has the greatest value.",
           true}};
}

std::vector<KeySpec> TimeBucketKeys() {
  return {{"day", K::kName, "The calendar day (UTC) of a timestamp or date: 2019-01-18."},
          {"month", K::kName, "Its month: 2019-01."},
          {"quarter", K::kName, "Its quarter: 2019-Q1."},
          {"year", K::kName, "Its year: 2019."}};
}

KeySpec OutputKindKey(const char* kind) {
  return {"kind", K::kWord, "What the output is.", true, {kind}};
}

KeySpec OutKey() {
  return {"out", K::kText, "Where to write, relative to the model file's folder (no '..').", true};
}

std::vector<KeySpec> DocsOutputKeys() {
  return {OutputKindKey("docs"),
          OutKey(),
          {"check", K::kBool, "Run model check and show its figures."}};
}

std::vector<KeySpec> DiagramOutputKeys() {
  return {OutputKindKey("diagram"),
          OutKey(),
          {"diagram",
           K::kWord,
           "Which diagrams (default all).",
           false,
           {"erd", "table", "index", "all"}},
          {"format", K::kWord, "Image format (default svg).", false, {"dot", "svg", "png"}}};
}

std::vector<KeySpec> ExportOutputKeys() {
  return {
      OutputKindKey("export"),
      OutKey(),
      {"to",
       K::kWord,
       "The export kind (docs/outputs.md).",
       true,
       {"create-table", "cloudformation", "terraform", "nosql-workbench", "mcp-json", "mermaid"}},
      {"format", K::kWord, "cloudformation: JSON (default) or YAML.", false, {"json", "yaml"}}};
}

std::vector<KeySpec> CodegenOutputKeys() {
  return {OutputKindKey("codegen"),
          OutKey(),
          {"namespace", K::kText, "The C++ namespace of the generated code."},
          {"name", K::kText, "The base name of the generated files."}};
}

}  // namespace

const std::vector<KeySpec>& SectionKeys(FormatSection section) {
  static const std::vector<KeySpec> kModel = ModelKeys();
  static const std::vector<KeySpec> kTable = TableKeys();
  static const std::vector<KeySpec> kTableIndex = TableIndexKeys();
  static const std::vector<KeySpec> kEntity = EntityKeys();
  static const std::vector<KeySpec> kAttribute = AttributeKeys();
  static const std::vector<KeySpec> kPinnedKeys = PinnedKeysKeys();
  static const std::vector<KeySpec> kPinnedIndexKeys = PinnedIndexKeysKeys();
  static const std::vector<KeySpec> kRelationship = RelationshipKeys();
  static const std::vector<KeySpec> kAccessPattern = AccessPatternKeys();
  static const std::vector<KeySpec> kAggregate = AggregateKeys();
  static const std::vector<KeySpec> kWritePattern = WritePatternKeys();
  static const std::vector<KeySpec> kAlsoEntry = AlsoEntryKeys();
  static const std::vector<KeySpec> kAggregateDecl = AggregateDeclKeys();
  static const std::vector<KeySpec> kAggregateValue = AggregateValueKeys();
  static const std::vector<KeySpec> kLatestValue = LatestValueKeys();
  static const std::vector<KeySpec> kTimeBucket = TimeBucketKeys();
  static const std::vector<KeySpec> kDocsOutput = DocsOutputKeys();
  static const std::vector<KeySpec> kDiagramOutput = DiagramOutputKeys();
  static const std::vector<KeySpec> kExportOutput = ExportOutputKeys();
  static const std::vector<KeySpec> kCodegenOutput = CodegenOutputKeys();
  switch (section) {
    case FormatSection::kModel:
      return kModel;
    case FormatSection::kTable:
      return kTable;
    case FormatSection::kTableIndex:
      return kTableIndex;
    case FormatSection::kEntity:
      return kEntity;
    case FormatSection::kAttribute:
      return kAttribute;
    case FormatSection::kPinnedKeys:
      return kPinnedKeys;
    case FormatSection::kPinnedIndexKeys:
      return kPinnedIndexKeys;
    case FormatSection::kRelationship:
      return kRelationship;
    case FormatSection::kAccessPattern:
      return kAccessPattern;
    case FormatSection::kAggregate:
      return kAggregate;
    case FormatSection::kWritePattern:
      return kWritePattern;
    case FormatSection::kAlsoEntry:
      return kAlsoEntry;
    case FormatSection::kAggregateDecl:
      return kAggregateDecl;
    case FormatSection::kAggregateValue:
      return kAggregateValue;
    case FormatSection::kLatestValue:
      return kLatestValue;
    case FormatSection::kTimeBucket:
      return kTimeBucket;
    case FormatSection::kDocsOutput:
      return kDocsOutput;
    case FormatSection::kDiagramOutput:
      return kDiagramOutput;
    case FormatSection::kExportOutput:
      return kExportOutput;
    case FormatSection::kCodegenOutput:
      return kCodegenOutput;
  }
  return kModel;
}

const KeySpec* FindSectionKey(FormatSection section, std::string_view key) {
  const auto& keys = SectionKeys(section);
  auto it = std::find_if(keys.begin(), keys.end(),
                         [&](const KeySpec& k) { return std::string_view(k.name) == key; });
  return it == keys.end() ? nullptr : &*it;
}

const KeySpec& SectionKey(FormatSection section, std::string_view key) {
  const KeySpec* spec = FindSectionKey(section, key);
  assert(spec != nullptr && "SectionKey: the key is not in the format's table");
  return *spec;
}

std::vector<std::string> SectionKeyNames(FormatSection section) {
  std::vector<std::string> names;
  for (const KeySpec& k : SectionKeys(section)) names.emplace_back(k.name);
  return names;
}

const std::vector<std::pair<std::string, FormatSection>>& OutputKinds() {
  static const std::vector<std::pair<std::string, FormatSection>> kKinds = {
      {"docs", FormatSection::kDocsOutput},
      {"diagram", FormatSection::kDiagramOutput},
      {"export", FormatSection::kExportOutput},
      {"codegen", FormatSection::kCodegenOutput}};
  return kKinds;
}

const std::vector<std::pair<std::string, double>>& CountUnits() {
  static const std::vector<std::pair<std::string, double>> kUnits = {
      {"k", 1e3}, {"K", 1e3}, {"M", 1e6}, {"B", 1e9}};
  return kUnits;
}

const std::vector<std::pair<std::string, double>>& ItemSizeUnits() {
  static const std::vector<std::pair<std::string, double>> kUnits = {{"KB", 1024}, {"B", 1}};
  return kUnits;
}

const std::vector<std::string>& ManyToManyWords() {
  static const std::vector<std::string> kWords = {"M:N", "m:n", "N:M", "n:m"};
  return kWords;
}

const std::vector<std::string>& RangeOperatorWords() {
  static const std::vector<std::string> kWords = NamesOf(kRangeOpNames);
  return kWords;
}

const std::vector<std::string>& SortDirectionWords() {
  static const std::vector<std::string> kWords = {"asc", "desc"};
  return kWords;
}

const std::vector<std::string>& MaintainerWords() {
  static const std::vector<std::string> kWords = NamesOf(kMaintainerNames);
  return kWords;
}

}  // namespace model::load
