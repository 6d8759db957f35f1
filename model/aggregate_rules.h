// Who makes the `into` items of pre-computed aggregates (model.h AggregateDecl): the rules the
// derivation warns by (W005) and the maintainer acts on (model/exec/aggregates.h
// MaintainerCreatesGroups), kept in one place so they cannot drift apart.
#pragma once

#include "model/layout.h"
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

// Whether the writes' transactions keep aggregate `aggregate` (an index into layout.aggregates)
// with an UpdateItem that ADDs each change to its group item, with no read first (an atomic
// counter:
// https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/WorkingWithItems.html#WorkingWithItems.AtomicCounters,
// ADD in
// https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Expressions.UpdateExpressions.html):
// it is kept in the transactions (Maintainer::kTransaction), someone makes the `into` items: the
// maintainer (no write pattern creates or deletes them and they have no required attribute the
// aggregates leave out, exec::MaintainerCreatesGroups; the UpdateItem makes a new group's item;
// unsharded only) or the application (a write pattern creates or deletes `into`,
// ApplicationMakesItems: the UpdateItem of the `into` item is conditioned on
// attribute_exists(PK), so a like of a post never made or deleted is refused with its whole
// transaction rather than make a post item). A sharded group (shards > 1,
// https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/bp-partition-key-sharding.html)
// takes each change on the one shard its item hashes to: shard 0 is the `into` item, as above;
// an ADD to a shard item s > 0 makes it when missing, unconditioned. Reads go through the `into`
// item, so a sharded group is kept by ADD only when the application makes it: a maintainer would
// have to read it to know whether to make it. And every aggregate the
// transactions keep on its `into` holds only counts, joined counts and sums (a min, max or latest
// needs the group's state, read first; one transaction cannot both Put and Update the item), on an
// `into` with no facet (one item per group) whose index keys and sparse-index conditions use none
// of those values (the item's other attributes are not rewritten), a natural-key index's keys
// aside (they are the attributes themselves: the ADD moves the entry). exec::PlanGroupAdds builds
// the UpdateItems; cost prices them with no group read.
bool KeptByAdd(const Model& model, const KeyLayout& layout, int aggregate);
// The same for aggregate layout `al`, which replaces layout's own of its aggregate (a candidate
// the derivation prices).
bool KeptByAdd(const Model& model, const KeyLayout& layout, const AggregateLayout& al);

// Whether aggregates `a` and `b` (indexes into layout.aggregates) keep their values on the same
// item for every change of one `of` item: both on one item per group (shards 1), on the same
// `into`, grouped the same way (each `into` attribute from the same attribute of the same `of`
// and bucket). One write's transaction then writes that item once for both (exec::ApplyWrite
// merges their Puts, PlanGroupAdds their ADDs): the design lists it once and the cost counts it
// once.
bool SharesGroupItem(const Model& model, const KeyLayout& layout, int a, int b);

}  // namespace model
