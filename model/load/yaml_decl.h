// The model as declared: what the YAML says, structurally valid, names not yet resolved.
//
// ReadModelDecl (model/yaml_read.h) fills a ModelDecl from a YamlTree, checking shapes, value
// types and local rules (E1xx, E2xx for attribute types). Every name that refers to something
// else is kept as a Name with its position, so the checker (model/checker.h) can resolve it
// against the whole model, report unknown references with "did you mean", and build the
// id-based Model. Fields that need no resolution are stored directly in the Model types.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "model/base/source.h"
#include "model/model.h"

namespace model::load {

struct Name {
  std::string text;
  SourceRange range;
};

struct PinnedIndexKeysDecl {
  int index = 0;  // 1-based GSI number
  Name name;      // the index name as written (`GSI1`)
  Name pk;
  std::optional<Name> sk;
  SourceRange range;
};

struct PinnedKeysDecl {
  std::optional<Name> pk;  // absent when only index keys are pinned
  std::optional<Name> sk;
  std::vector<PinnedIndexKeysDecl> indexes;  // in the order written
  SourceRange range;
};

// One `together:` group as written: attribute names not yet resolved.
struct TogetherDecl {
  std::vector<Name> attributes;
  SourceRange range;
};

struct EntityDecl {
  Entity entity;                 // everything but `identifier` and `pinned_keys`
  std::vector<Name> identifier;  // empty when not given
  SourceRange identifier_range;  // the `identifier` key, when given
  std::optional<PinnedKeysDecl> keys;
  std::optional<Name> ttl;      // `ttl: <attribute>`, resolved by the checker into Entity::ttl
  std::optional<Name> version;  // `version: <attribute>`: Entity::version_attribute
  std::vector<TogetherDecl> together;  // `together:` groups, resolved into Entity::together
};

struct RelationshipDecl {
  Relationship relationship;  // name, cardinality, owning, range; no ids yet
  SourceRange name_range;
  Name from;  // the first entity of a list `from`
  // `from: [Issue, PullRequest]` (a polymorphic association): every entity, as written; `from`
  // as a single name leaves it empty.
  std::vector<Name> from_list;
  bool from_is_list = false;
  SourceRange from_range;    // the `from` value
  std::optional<Name> kind;  // `kind: <attribute of to>`
  SourceRange kind_range;    // the `kind` key, when given
  Name to;
  std::optional<Name> through;
  std::optional<std::vector<Name>> link;     // absent: the default link
  std::optional<std::vector<Name>> link_to;  // absent: the default link
  SourceRange link_range;
  SourceRange link_to_range;
  SourceRange cardinality_range;
  SourceRange owning_range;
};

struct AccessPatternDecl {
  AccessPattern pattern;  // all but `returns` filled; strings as written
  SourceRange name_range;
  std::vector<Name> returns;
  SourceRange returns_range;
  std::vector<Name> params;      // same order as pattern.params
  std::vector<Name> projection;  // same order as pattern.projection
  std::optional<Name> follows;   // `follows: <relationship>`, resolved into pattern.follows
  SourceRange index_range;
  SourceRange shards_range;
  SourceRange current_only_range;
  SourceRange limit_range;        // the `limit` key, when given
  bool has_shard_reason = false;  // `shard_reason:` explains shards on a keyed pattern
};

// One entry of a write pattern's `also:` list.
struct AlsoDecl {
  AlsoWrite write;  // kind, attributes and conditions; no entity or key_from yet
  Name entity;
  std::vector<Name> attributes;                     // same order as write.attributes
  std::vector<SourceRange> condition_value_ranges;  // one per write.conditions entry
  SourceRange condition_range;                      // the `condition` key, when given
};

struct WritePatternDecl {
  WritePattern pattern;  // all but `entity` and `also` filled
  SourceRange name_range;
  Name entity;
  std::vector<Name> attributes;  // same order as pattern.attributes
  SourceRange attributes_range;
  std::vector<SourceRange> condition_value_ranges;  // one per pattern.conditions entry
  std::vector<AlsoDecl> also;
};

struct GroupPartDecl {
  Name target;  // identifier attribute of `into`
  Name source;  // attribute of `of`
  TimeBucket bucket = TimeBucket::kNone;
};

struct AggregateValueDecl {
  Name target;  // attribute of `into`
  AggregateFunction function = AggregateFunction::kCount;
  Name source;  // attribute of `of`; empty text for a count
  Name by;      // latest: the attribute of `of` ordering the items
};

struct AggregateDeclDecl {
  AggregateDecl aggregate;  // name, description, maintain and ranges; no ids yet
  SourceRange name_range;
  Name of;
  Name into;
  std::vector<GroupPartDecl> group;
  SourceRange group_range;
  std::vector<AggregateValueDecl> values;
  SourceRange values_range;
};

struct ModelDecl {
  Table table;
  SourceRange max_gsis_range;
  std::vector<EntityDecl> entities;
  std::vector<RelationshipDecl> relationships;
  std::vector<AccessPatternDecl> access_patterns;
  std::vector<WritePatternDecl> write_patterns;
  std::vector<AggregateDeclDecl> aggregates;
  std::vector<OutputSpec> outputs;
};

}  // namespace model::load
