// Write patterns' `condition:` clauses in `model check` (model.h WriteCondition): evaluated on a
// record's stored values as DynamoDB evaluates a ConditionExpression, the synthetic data steered
// so that each conditional update and delete finds records where its condition holds and, clause
// by clause, where it fails, arguments chosen for the clauses' parameters, and the failure runs:
// the write must be refused and change nothing.
//
// DynamoDB's rules followed here
// (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Expressions.ConditionExpressions.html,
// https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Expressions.OperatorsAndFunctions.html):
// a comparison with an attribute the item lacks is false, except `<>`, which holds (the simulated
// table's model/sim/expr/condition.cpp agrees); strings compare as bytes, numbers numerically.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "model/check/check.h"
#include "model/check/synth.h"
#include "model/exec/values.h"
#include "model/model.h"

namespace model::check {

struct Context;

// Whether clause `cond` of a write of `en` holds on `stored` (the item's values before the write)
// with `args` for a parameter.
bool ConditionHolds(const Entity& en, const WriteCondition& cond, const sim::Item& stored,
                    const exec::Arguments& args);

// Arguments for `wp`'s parameter clauses on a record whose stored values are `stored`, such that
// every clause holds (`failing` < 0) or exactly clause `failing` fails and the others hold.
// Nullopt when `stored` cannot give that outcome (a literal clause with the other outcome, an
// absent attribute a comparison needs, a value with nothing above or below it).
std::optional<exec::Arguments> ConditionArguments(const Entity& en, const WritePattern& wp,
                                                  const sim::Item& stored, int failing);
// The same for any list of clauses on `en` (an `also` entry's).
std::optional<exec::Arguments> ConditionArguments(const Entity& en,
                                                  const std::vector<WriteCondition>& conditions,
                                                  const sim::Item& stored, int failing);

// Synthesis: for every update and delete pattern of entity `e` whose condition has literal
// clauses, the record made at `serial` may be given values under which the pattern's condition
// holds, or under which one clause fails and the others hold, in turn, so that the data has
// both kinds of records. Attributes whose values other rules decide (links, the TTL,
// time-ordered values, presence rules, identifiers) are left as drawn; a unique attribute takes
// a literal it must equal on one record only.
void SteerConditions(const Model& m, EntityId e, std::int64_t serial,
                     const std::vector<bool>& linked, sim::Item& item, Rng& rng);

// The failure runs of conditional update or delete pattern `w` (a no-op for others): for each
// clause, a live record and arguments under which that clause fails and the others hold; the
// write must be refused (ConditionalCheckFailedException, or TransactionCanceledException with
// reason ConditionalCheckFailed) and every item the write could touch must read the same before
// and after. A clause no live record can fail is a failure too (the data must exercise it).
void CheckConditionFailures(Context& c, int w, PatternCheck& result);

// Every item the write of record `before` -> `after` (a record of `e`) could touch, read
// strongly consistent, by its table key's text: each item type's items of both records.
std::map<std::string, std::optional<sim::Item>> Snapshot(Context& c, EntityId e,
                                                         const Record& before, const Record* after);
// The record after a refused update: the pattern's attributes (those that are not identifier
// attributes) given fresh values (drawn at serial 4000000 + k), the presence rules kept.
Record RefusedUpdate(Context& c, const WritePattern& wp, const Record& before, int k);
// DynamoDB's answers to a failed condition, or generated code's ("ConditionFailed").
bool RefusedForCondition(const sim::Error& error);

// The failure runs of write pattern `w`'s `also` entries (check.cpp; a no-op without them): for
// each clause of each entry, a written record (a new one for a create, a live one on which the
// pattern's own condition holds otherwise) naming an item on which that clause fails and every
// other clause holds; the write must be refused and every item it and its entries could touch
// must read the same before and after. A clause no item can fail is a failure too.
void CheckAlsoFailures(Context& c, int w, PatternCheck& result);

}  // namespace model::check
