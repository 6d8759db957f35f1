// Who makes the `into` items of pre-computed aggregates (model.h AggregateDecl): the rules the
// derivation warns by (W005) and the maintainer acts on (model/exec/aggregates.h
// MaintainerCreatesGroups), kept in one place so they cannot drift apart.
#pragma once

#include "model/model.h"

namespace model {

// Whether a write pattern creates or deletes entity `into`: the application then makes and
// removes its items (a post carrying its like count) and the maintainer only updates them.
bool ApplicationMakesItems(const Model& model, EntityId into);

// The first required attribute of `into` that neither its identifier nor any aggregate's values
// write (a product's name), or nullptr: the maintainer cannot make a complete item without it.
const Attribute* AttributeAggregatesLeaveOut(const Model& model, EntityId into);

// Whether write pattern `w` can change a value of `aggregate`: a create or delete of its `of`,
// or an update listing a group or value source, a latest value's `by` or a filtered attribute
// (or listing nothing: any attribute). The writes a
// maintainer keeps the aggregate through (derive's rule; `model check --pattern AGGREGATE` runs
// these).
bool WriteChangesAggregate(const Model& model, const WritePattern& w,
                           const AggregateDecl& aggregate);

// Whether `aggregate`'s `of` items are never taken out of, moved within or changed in its
// groups: no write pattern deletes `of` or can change the aggregate by an update
// (WriteChangesAggregate), `of` does not expire (no `ttl`), and no other aggregate keeps values
// on `of` (a chain rewrites them). Each group then only gains items, so a latest, min or max
// value needs no per-item state: the maintainer keeps only the current latest item's entry, or
// the current extreme (model/exec/aggregates.h), and the group item does not grow with the group.
bool AppendOnly(const Model& model, const AggregateDecl& aggregate);

}  // namespace model
