// A WritePlan applied to a table through sim::DataPlane.
//
// For a create (`before` null) every Put of the plan writes the new record's items (a history
// type: only the newest version's item); for a delete (`after` null) every Delete removes the
// old record's items (a history type: every version's); for an update every Update sets the
// plan's entity attributes and recomputes its key attributes from the new record, removing those
// that no longer render (leaving a sparse index), and bumps kLatestAttribute on a versioned
// entity's current item. Each write carries its plan's condition: an optimistic check of
// kLatestAttribute against `before`'s version count, or that the item does (not) exist. A plan
// marked `transaction` is sent as one TransactWriteItems; otherwise one PutItem, UpdateItem or
// DeleteItem per item, stopping at the first refusal. An update's guarded attributes
// (ItemWrite::guard_attributes) are checked against `before`: the values the writer read first.
// A plan keeping aggregates in its transaction (WritePlan::aggregates) reads each group the
// record leaves or joins (a strongly consistent GetItem, counted in `stats.requests`) and writes
// its items in the same TransactWriteItems, conditioned on the group's version
// (model/exec/aggregates.h). An update changing attributes children copy (WritePlan::copies)
// first reads the parent's children with each fan-out's plan (by the parent's identifier,
// strongly consistent on the table; counted in `stats`), then writes each child's copies: in
// the same TransactWriteItems when the fan-out is `in_transaction`, else after the parent's
// write, child by child (a child's several items in a transaction of their own).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "model/exec/values.h"
#include "model/layout.h"
#include "model/model.h"
#include "model/sim/api/data_plane.h"

namespace model::exec {

// The records of a write pattern's `also` update and delete entries (model.h AlsoWrite), by
// entry index: that entity's record as stored (`before`, with what the plan's also_read_first
// names) and, for an update, with the entry's attributes changed (`after`; null for a delete).
// Their identifier must be the one the written record names (AlsoIdentifier). A check entry
// needs none (its item is keyed from the written record).
struct AlsoRecord {
  const Record* before = nullptr;
  const Record* after = nullptr;
};

struct WriteStats {
  std::int64_t requests = 0;  // requests sent (a transaction is one)
  double wcu = 0;             // write capacity units consumed
  double rcu = 0;  // read capacity units of ReadFirst and of the aggregates' group item reads
  // A create drawing a counter (WritePlan::counter): the number the parent's UpdateItem returned,
  // which the created record holds in the counter attribute (N text); empty otherwise.
  std::string drawn;
};

// Applies `plan` to `before` -> `after` on the layout's table. Returns what DynamoDB answered when
// it refused a write; `stats` counts what was sent either way. The pattern's condition clauses
// (ItemWrite::conditions) are ANDed into the main item's ConditionExpression: a literal as a
// value of its attribute's type, a parameter (`= :caller`) as `condition_args` at its name.
// DynamoDB checks them on the item as stored, so a failed clause answers
// ConditionalCheckFailedException (a single call) or TransactionCanceledException with reason
// ConditionalCheckFailed (a transaction), and nothing is written. A parameter missing from
// `condition_args` is a ValidationException before anything is sent. The plan's `also` writes
// (ItemWrite::also) go in the same TransactWriteItems: a check as a ConditionCheck of the item
// the written record names, an update applied to `also`'s records for its entry (missing, or
// naming another item: a ValidationException before anything is sent); any failed condition
// cancels every action (https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/
// API_TransactWriteItems.html). An update whose `before` lacks a required attribute an item's
// table key is built from names no item: a ValidationException before anything is sent (an item
// keyed by an optional attribute `before` has no value for does not exist and is not updated).
// A create whose plan draws a counter (WritePlan::counter) first sends one UpdateItem of the
// parent's main item, keyed by the link values `after` carries, `SET #n = if_not_exists(#n,
// :zero) + :one` if the parent exists, ReturnValues UPDATED_NEW; the returned count replaces the
// counter attribute in every version of `after` (whatever the caller passed) and is reported in
// `stats.drawn`. Each facet of the parent storing the count (model/counter_facets.h) is then
// set to it with an UpdateItem conditioned on holding a smaller count or none (a facet that is
// absent or ahead is left alone). A missing parent answers ConditionalCheckFailedException and
// nothing is written; a refusal of the create's own writes leaves the count advanced (a gap).
[[nodiscard]] sim::SimStatus ApplyWrite(sim::DataPlane& plane, const Model& model,
                                        const KeyLayout& layout, const WritePlan& plan,
                                        const Record* before, const Record* after,
                                        WriteStats& stats, const Arguments& condition_args = {},
                                        const std::vector<AlsoRecord>& also = {});

// The identifier values of the item `also` entry `entry` of `wp` names: per identifier attribute
// of its entity, the value of the written record's attribute AlsoWrite::key_from gives (absent
// when the record lacks it).
sim::Item AlsoIdentifier(const Model& model, const WritePattern& wp, int entry,
                         const sim::Item& written);

// Write conditions `conditions` on entity `en`'s attributes (a pattern's `condition:` clauses) as
// ConditionExpression terms appended to `parts`: condition i names its attribute `#<tag><i>`, at
// document path `path` + that name (`#c.#k.` for an embedded element), and its value `:<tag><i>`,
// set in `names` and `values`: a literal typed by its attribute (ConditionLiteral), a parameter
// the caller's argument of that name
// (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Expressions.OperatorsAndFunctions.html).
// A ValidationException when a parameter is missing from `args` or an attribute is not `en`'s.
[[nodiscard]] sim::SimStatus ConditionTerms(
    const Entity& en, const std::vector<WriteCondition>& conditions, const Arguments& args,
    const std::string& tag, const std::string& path, sim::ExpressionAttributeNames& names,
    sim::ExpressionAttributeValues& values, std::vector<std::string>& parts);

// A write condition's literal (WriteCondition::value) as the value sent: N for a number or
// integer, BOOL for a boolean ("true"/"false"), S for the rest (strings, enums, timestamps,
// dates). The loader has checked that it fits `attr`.
sim::AttributeValue ConditionLiteral(const Attribute& attr, const std::string& text);

// The read before an update (WritePlan::read_first): one strongly consistent GetItem of the
// entity's item, keyed from `values` (the call's identifier and the other attributes of the
// item's table key), projecting those attributes, whose values then replace any in `values` (an
// attribute the item lacks is removed; no item: all removed). Does nothing when the plan reads
// nothing; a ValidationException when `values` cannot render the item's key. Counts the request
// and its read units.
// Strongly consistent reads:
// https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/HowItWorks.ReadConsistency.html
[[nodiscard]] sim::SimStatus ReadFirst(sim::DataPlane& plane, const Model& model,
                                       const KeyLayout& layout, const WritePlan& plan,
                                       sim::Item& values, WriteStats& stats);

}  // namespace model::exec
