// The model format as data: for each kind of mapping, its keys, the kind of value each takes,
// which are required, the words and bounds of values, and a line describing each key.
//
// One table feeds both readers of the format: the loader (yaml_read*.cpp) takes from here the
// keys a mapping allows (CheckKeys), the words a value may be (ReadWord) and the bounds of
// numbers (ReadInt, ReadCount, ReadItemSize); ModelJsonSchema (json_schema.h) is generated from
// the same tables, so `model schema` accepts what the loader accepts. What the schema cannot say
// (names resolved across the model, identifier rules, ...) is listed in docs/model-format.md.
// Keys appear in the order docs/model-format.md documents them.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace model::load {

// The kinds of mapping in a model file.
enum class FormatSection {
  kModel,            // the top level
  kTable,            // table:
  kTableIndex,       // table: indexes: <index name>: { projection }
  kEntity,           // entities: <Name>:
  kAttribute,        // an attribute's long form: { type: ..., required: ... }
  kPinnedKeys,       // an entity's keys: { pk, sk, <index name>: ... }
  kPinnedIndexKeys,  // an entity's keys on one index: keys: { GSI1: { pk, sk } }
  kRelationship,     // relationships: - ...
  kAccessPattern,    // access_patterns: - ...
  kAggregate,        // aggregate: { sum: attribute }
  kWritePattern,     // write_patterns: - ...
  kAlsoEntry,        // write_patterns: - also: - { update|check: Entity, ... }
  kAggregateDecl,    // aggregates: - ...
  kAggregateValue,   // aggregates: - values: { target: { sum|min|max: attribute } | { count: joined
                     // } }
  kLatestValue,      // aggregates: - values: { target: { latest: attribute, by: attribute } }
  kTimeBucket,       // aggregates: - group: { target: { day|month|quarter|year: attribute } }
  kDocsOutput,       // generate: - kind: docs
  kDiagramOutput,    // generate: - kind: diagram
  kExportOutput,     // generate: - kind: export
  kCodegenOutput,    // generate: - kind: codegen
};

// What a key's value is, as the loader reads it (yaml_values.h).
enum class ValueKind {
  kText,        // any scalar, kept as written (a description): ReadText
  kName,        // a scalar naming something (an entity, a template): ReadName
  kIdentifier,  // a name of min to max characters of [A-Za-z_][A-Za-z0-9_]*: key names
  kNames,       // a name or a list of names, `by: id` or `by: [a, b]`: ReadNameList
  kBool,        // true or false: ReadBool
  kInt,         // a whole number in [min, max]: ReadInt
  kPositive,    // a number greater than 0: ReadPositive
  kCount,       // an item count, 5000 or "10k" (CountUnits): ReadCount
  kItemSize,    // an item size, 300 or "2KB" (ItemSizeUnits): ReadItemSize
  kWord,        // one of `words`: ReadWord
  kNested,      // a value of its own shape (a mapping or list read by its own function)
};

struct KeySpec {
  const char* name;
  ValueKind kind;
  const char* description;
  bool required = false;
  std::vector<std::string> words = {};  // kWord: the allowed words, exact match
  std::int64_t min = 0;                 // kInt: the smallest allowed value; kNames: the fewest
                                        // names a list may hold; kIdentifier: the fewest characters
  std::int64_t max = 0;                 // kInt: the largest allowed value
};

// The keys of `section`, in documentation order.
const std::vector<KeySpec>& SectionKeys(FormatSection section);
// The key `key` of `section`; the key must exist (a bug otherwise, asserted).
const KeySpec& SectionKey(FormatSection section, std::string_view key);
// The key `key` of `section`, or nullptr when the section has no such key.
const KeySpec* FindSectionKey(FormatSection section, std::string_view key);
// The names of SectionKeys(section), for CheckKeys.
std::vector<std::string> SectionKeyNames(FormatSection section);

// The output kinds of `generate:` (the `kind` words), and the section each one's keys are in.
const std::vector<std::pair<std::string, FormatSection>>& OutputKinds();

// The suffixes of item counts (k = 10^3, M = 10^6, B = 10^9; a decimal before them) and of item
// sizes (KB = 1024 bytes, B = 1): suffix -> multiplier, in the order they are tried.
const std::vector<std::pair<std::string, double>>& CountUnits();
const std::vector<std::pair<std::string, double>>& ItemSizeUnits();
// An item count is 1 to kMaxCount once rounded; an item size 1 to kMaxItemSize bytes
// (DynamoDB's 400 KB item limit: https://docs.aws.amazon.com/amazondynamodb/latest/
// developerguide/ServiceQuotas.html#limits-items).
inline constexpr double kMaxCount = 1e15;
inline constexpr double kMaxItemSize = 409600;

// The cardinality words that mean M:N (the others mean 1:1 or 1:N).
const std::vector<std::string>& ManyToManyWords();

// The range operators of `range:` (access patterns), and the sort directions of `sort:`.
const std::vector<std::string>& RangeOperatorWords();
const std::vector<std::string>& SortDirectionWords();
// Who keeps an aggregate (`maintain:`): "stream", "transaction".
const std::vector<std::string>& MaintainerWords();

// DynamoDB's table names: 3 to 255 of [a-zA-Z0-9_.-] (https://docs.aws.amazon.com/amazondynamodb/
// latest/developerguide/HowItWorks.NamingRulesDataTypes.html), as a regular expression.
inline constexpr const char* kTableNamePattern = "^[a-zA-Z0-9_.-]{3,255}$";
// A pinned `index:` names "table" or a GSI: the index prefix and 1 to kMaxGsis.
inline constexpr int kMaxGsis = 20;

// DynamoDB's limits on names (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/
// Constraints.html, "Naming rules" and "Partition keys and sort keys"): key attribute names, the
// names of index keys and of projected attributes hold at most 255 characters, and index names 3
// to 255. An entity's name also starts the values of its keys (at most 2,048 bytes in a partition
// key, 1,024 in a sort key), so entity and attribute names are held to 255 characters too, which
// keeps every generated key value far inside those sizes.
inline constexpr std::size_t kMaxNameLength = 255;
// Index names are the prefix and a number up to 20, index key names add PK or SK: the prefix
// leaves room for both, and for the 3 characters an index name needs at least.
inline constexpr std::size_t kMaxIndexPrefixLength = kMaxNameLength - 4;
inline constexpr std::size_t kMinIndexPrefixLength = 2;
// Entity, attribute and key attribute names (IsIdentifier in yaml_values.h).
inline constexpr const char* kIdentifierPattern = "^[A-Za-z_][A-Za-z0-9_]*$";

}  // namespace model::load
