// DynamoDB's expression language: key conditions, conditions/filters, updates and projections.
//
// Each expression text is parsed once (Parse* below) into an immutable, cheaply copyable object
// whose #name and :value placeholders are already resolved against the request's
// ExpressionAttributeNames/Values; it is then evaluated or applied to items any number of times.
// Parse errors are ValidationExceptions worded as AWS words them, prefixed with the expression
// kind, e.g. "Invalid ConditionExpression: Syntax error; token: \"=\", near: \"= = b\"" (for
// "a = = b": the offending token with its neighbours),
// "Invalid FilterExpression: Attribute name is a reserved keyword; reserved keyword: size",
// "Invalid UpdateExpression: An expression attribute value used in expression is not defined;
// attribute value: :q".
//
// One request may carry several expressions sharing one pair of placeholder maps (UpdateItem:
// UpdateExpression + ConditionExpression; Query: KeyCondition + Filter + Projection). The caller
// makes one ExpressionAttributes for the request, parses every expression with it, then calls
// CheckAllUsed() to report unused placeholders. The maps must outlive the ExpressionAttributes
// object (not the parsed expressions, which copy what they need). AWS parses a request's
// expressions in this order, all before it looks the table up: UpdateExpression,
// ConditionExpression, KeyConditionExpression (ParseKeyConditionExpression; Resolve it against
// the key schema after the lookup), FilterExpression, ProjectionExpression, then the unused check.
//
// Evaluation never fails for a condition: comparing different types is false. Applying an update
// can fail (missing operand attribute, wrong operand type, invalid document path) with AWS's
// messages. Item size limits and key validation of the result are the caller's job.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "model/sim/api/error.h"
#include "model/sim/api/value.h"

namespace sim {

enum class ExpressionKind { kKeyCondition, kCondition, kFilter, kUpdate, kProjection };
// "KeyConditionExpression", "ConditionExpression", "FilterExpression", "UpdateExpression",
// "ProjectionExpression".
const char* ExpressionKindName(ExpressionKind kind);

using AttributeNames = std::map<std::string, std::string>;      // "#n" -> "name"
using AttributeValues = std::map<std::string, AttributeValue>;  // ":v" -> value

// The placeholder maps of one request, and which entries its expressions used.
class ExpressionAttributes {
 public:
  // Either map may be null (absent from the request).
  ExpressionAttributes(const AttributeNames* names, const AttributeValues* values)
      : names_(names), values_(values) {}

  // After parsing all expressions of the request: an error for the first unused placeholders,
  // names before values, all unused keys listed in sorted order:
  //   "Value provided in ExpressionAttributeNames unused in expressions: keys: {#a, #b}"
  //   "Value provided in ExpressionAttributeValues unused in expressions: keys: {:z}"
  SimStatus CheckAllUsed() const;

  // Used by the parsers: the resolved name/value, or nullptr when undefined; marks it used.
  const std::string* UseName(std::string_view placeholder);
  const AttributeValue* UseValue(std::string_view placeholder);

 private:
  const AttributeNames* names_;
  const AttributeValues* values_;
  std::set<std::string, std::less<>> used_names_;
  std::set<std::string, std::less<>> used_values_;
};

// One step of a document path: a map key / attribute name, or a list index.
struct PathElement {
  std::string name;         // when index < 0
  std::int32_t index = -1;  // list index when >= 0

  bool is_index() const { return index >= 0; }
  friend bool operator==(const PathElement& a, const PathElement& b) {
    return a.index == b.index && a.name == b.name;
  }
};
// A resolved document path; the first element is always a top-level attribute name.
using DocumentPath = std::vector<PathElement>;

// "a.b[2].c" (names verbatim, unescaped).
std::string PathToString(const DocumentPath& path);
// The value at `path` in `item`, or nullptr when any step is missing or of the wrong type.
const AttributeValue* FindPath(const Item& item, const DocumentPath& path);

namespace detail {
struct ConditionNode;
struct UpdateAction;
struct ProjectionNode;
}  // namespace detail

// A parsed ConditionExpression or FilterExpression.
class Condition {
 public:
  // True when `item` satisfies the condition (a missing item is an empty Item).
  bool Evaluate(const Item& item) const;
  // Distinct top-level attribute names the expression reads, sorted (for "Filter Expression can
  // only contain non-primary key attributes: Primary key attribute: sk").
  const std::vector<std::string>& top_level_names() const { return top_level_names_; }

 private:
  friend SimResult<Condition> ParseCondition(std::string_view, ExpressionKind,
                                             ExpressionAttributes&);
  std::shared_ptr<const detail::ConditionNode> root_;
  std::vector<std::string> top_level_names_;
};

// `kind` is kCondition or kFilter (it only changes the error prefix).
SimResult<Condition> ParseCondition(std::string_view text, ExpressionKind kind,
                                    ExpressionAttributes& attributes);

// A key attribute of the table or index being queried.
struct KeyAttributeSpec {
  std::string name;
  ValueType type;  // kS, kN or kB
};

enum class SortKeyOp { kEq, kLt, kLe, kGt, kGe, kBetween, kBeginsWith };

struct SortKeyCondition {
  SortKeyOp op = SortKeyOp::kEq;
  AttributeValue value;  // the operand; the lower bound for kBetween
  AttributeValue upper;  // kBetween only

  // Whether a sort key value of the schema's type satisfies the condition.
  bool Matches(const AttributeValue& sort_value) const;
};

// A validated KeyConditionExpression.
struct KeyCondition {
  AttributeValue partition_value;  // of the (first) partition key attribute
  std::optional<SortKeyCondition> sort;
  // Multi-attribute keys (ResolveMultiAttribute): the value of every partition key attribute in
  // key-schema order, and the equality values of the sort key attributes before the one `sort`
  // applies to, which is sort attribute number sort_prefix.size(). Empty otherwise.
  std::vector<AttributeValue> partition_values;
  std::vector<AttributeValue> sort_prefix;
};

// A KeyConditionExpression parsed and checked on its own, as AWS does before it looks the table
// up: only AND joins conditions; each condition is `=`, `<`, `<=`, `>`, `>=`, BETWEEN or
// begins_with on one top-level attribute and values, with at most one condition per attribute.
// Messages, in AWS's order: "Invalid operator used in KeyConditionExpression: OR" (also NOT, IN,
// <>, attribute_exists, attribute_not_exists, attribute_type, contains), "Invalid condition in
// KeyConditionExpression: BETWEEN operator must have the key attribute as its first operand"
// (also begins_with), "KeyConditionExpressions cannot contain nested operations" (size()),
// "Invalid condition in KeyConditionExpression: Multiple attribute names used in one condition",
// "KeyConditionExpressions cannot have conditions on nested attributes", "Invalid condition in
// KeyConditionExpression: No key attribute specified", "KeyConditionExpressions must only
// contain one condition per key"; before them every condition-grammar error prefixed "Invalid
// KeyConditionExpression: ", e.g. the BETWEEN bounds message "Invalid KeyConditionExpression: The
// BETWEEN operator requires upper bound to be greater than or equal to lower bound; lower bound
// operand: AttributeValue: {S:b}, upper bound operand: AttributeValue: {S:a}".
class KeyConditionExpression {
 public:
  // Validates against the key schema of the table or index queried (`sort_key` null when there
  // is none): "Query condition missed key schema element: pk", "Query key condition not
  // supported" (partition key not compared with `=`, or a second condition on a table without
  // sort key), "Conditions can be of length 1 or 2 only", "One or more parameter values were
  // invalid: Condition parameter type does not match schema type".
  SimResult<KeyCondition> Resolve(const KeyAttributeSpec& partition_key,
                                  const KeyAttributeSpec* sort_key) const;

  // Validates against a GSI key of several partition and/or sort attributes (key-schema order),
  // as DynamoDB answers (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/
  // GSI.html#GSI.MultiAttributeKeys: equality on every partition attribute; sort attributes
  // left to right without gaps, each `=` but the last, which may also be `<`, `<=`, `>`, `>=`,
  // BETWEEN or begins_with; in any order in the text). Checks and messages in DynamoDB Local
  // 3.3.0's order (recorded with its 2026-01-16 build): more conditions than key attributes:
  // "Query key condition not supported"; "HASH key attributes a, b must have equality
  // conditions specified in the query" (each partition attribute without an `=`); partition
  // value types ("One or more parameter values were invalid: Condition parameter type does not
  // match schema type"); "RANGE key attributes r1, r2 must have equality conditions specified
  // in the query because a condition is present on key attribute r3" (the sort attributes
  // before the last one named that lack an `=`); sort value types (same message); a condition
  // on any other attribute: "Query condition missed key schema element".
  SimResult<KeyCondition> ResolveMultiAttribute(
      const std::vector<KeyAttributeSpec>& partition_keys,
      const std::vector<KeyAttributeSpec>& sort_keys) const;

  // One condition: attribute, operation and its one or two values (attribute first: `:v < a`
  // is kept as `a > :v`).
  struct Term {
    std::string attribute;
    SortKeyOp op = SortKeyOp::kEq;
    std::vector<AttributeValue> values;
  };
  const std::vector<Term>& terms() const { return terms_; }

 private:
  friend SimResult<KeyConditionExpression> ParseKeyConditionExpression(std::string_view,
                                                                       ExpressionAttributes&);
  std::vector<Term> terms_;
};

SimResult<KeyConditionExpression> ParseKeyConditionExpression(std::string_view text,
                                                              ExpressionAttributes& attributes);

// ParseKeyConditionExpression followed by Resolve.
SimResult<KeyCondition> ParseKeyCondition(std::string_view text,
                                          const KeyAttributeSpec& partition_key,
                                          const KeyAttributeSpec* sort_key,
                                          ExpressionAttributes& attributes);

// The result of applying an update to an item.
// The message of an update whose document path does not fit the item (a list index into a
// missing list, a nested path under a missing map, ...).
inline constexpr const char* kInvalidDocumentPath =
    "The document path provided in the update expression is invalid for update";

struct UpdateOutcome {
  Item item;                         // the new item
  std::vector<std::string> changed;  // top-level names whose value was added, changed or
                                     // removed, sorted and distinct
};

// A parsed UpdateExpression (SET, REMOVE, ADD, DELETE clauses, at most one of each).
class UpdateProgram {
 public:
  // Applies the actions to `old_item` (an empty Item, or just the key, when the item is new).
  // Errors: "The provided expression refers to an attribute that does not exist in the item",
  // "An operand in the update expression has an incorrect data type", "The document path
  // provided in the update expression is invalid for update", and Number::Add's overflow.
  SimResult<UpdateOutcome> Apply(const Item& old_item) const;

  // Fails with "One or more parameter values were invalid: Cannot update attribute sk. This
  // attribute is part of the key" when any action targets one of `key_names` (checked
  // statically, whatever the values, as AWS does). The first offending action in text order.
  SimStatus CheckKeyNotUpdated(const std::vector<std::string>& key_names) const;

  // Distinct top-level attribute names any action writes, sorted.
  const std::vector<std::string>& target_top_level_names() const { return targets_; }
  // Of those, the names every action reaches only below the top level (`m.x`, `l[0]`), sorted.
  const std::vector<std::string>& nested_only_names() const { return nested_only_; }

 private:
  friend SimResult<UpdateProgram> ParseUpdate(std::string_view, ExpressionAttributes&);
  std::shared_ptr<const std::vector<detail::UpdateAction>> actions_;
  std::vector<std::string> targets_;
  std::vector<std::string> nested_only_;
};

SimResult<UpdateProgram> ParseUpdate(std::string_view text, ExpressionAttributes& attributes);

// A parsed ProjectionExpression.
class Projection {
 public:
  // The item reduced to the projected paths (list elements keep their relative order and are
  // compacted, as DynamoDB returns them). Missing paths are skipped.
  Item Apply(const Item& item) const;
  const std::vector<DocumentPath>& paths() const { return paths_; }
  // Distinct top-level names of the paths, sorted (for index projections / Select checks).
  const std::vector<std::string>& top_level_names() const { return top_level_names_; }

 private:
  friend SimResult<Projection> ParseProjection(std::string_view, ExpressionAttributes&);
  std::vector<DocumentPath> paths_;
  std::vector<std::string> top_level_names_;
  std::shared_ptr<const detail::ProjectionNode> tree_;  // the paths merged, built once
};

SimResult<Projection> ParseProjection(std::string_view text, ExpressionAttributes& attributes);

}  // namespace sim
