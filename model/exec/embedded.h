// Embedded collections (model/layout.h EmbeddedLayout) in the table: a child as the element of
// its parent's map, a read's elements taken out of the parent's item, and a write of a child as
// one UpdateItem of its parent's item at the child's document path.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "model/exec/values.h"
#include "model/exec/writes.h"
#include "model/layout.h"
#include "model/model.h"
#include "model/sim/api/data_plane.h"

namespace model::exec {

// The map key of child `child` (its EmbeddedLayout::key attribute's natural text).
std::string EmbeddedKeyText(const EmbeddedLayout& e, const sim::Item& child);
// The element stored for `child`: its EmbeddedLayout::attributes that it holds, as a map.
sim::AttributeValue EmbeddedElement(const EmbeddedLayout& e, const sim::Item& child);
// The parent's identifier values that the child's link holds (EmbeddedLayout::identifier at the
// values of EmbeddedLayout::link).
sim::Item EmbeddedParentIdentifier(const EmbeddedLayout& e, const sim::Item& child);
// The children in `parent_item` (a parent item as read) as items of the child, in the map's key
// order: each element's attributes, the link attributes at `link_values` (keyed by the link's
// names), and kTypeAttribute the child's label. None when the item lacks the map.
std::vector<sim::Item> EmbeddedItems(const EmbeddedLayout& e, const sim::Item& parent_item,
                                     const sim::Item& link_values);

// Applies write plan `plan` (WritePlan::embedded >= 0) of a child, `before` -> `after` (null for
// a create / a delete): one UpdateItem of the parent's item, keyed from the child's link. A
// create SETs the element, conditioned on the parent's item existing and the element not; an
// update SETs the pattern's attributes in the element (REMOVEs those `after` lacks; every
// attribute but the link and the key when the pattern lists none), a delete REMOVEs the element,
// both conditioned on the element existing. A create is also conditioned on the map holding
// fewer than the relationship's `max` elements (`size(#c) < :max`), and every write on the
// pattern's `condition:` clauses at the element's path (parameters from `condition_args`). The
// pattern's `also` entries name the parent's item itself and fold into the same request: their
// clauses join the condition, and an update entry's attributes are SET from its record in `also`
// (by entry index). Returns what DynamoDB answered when it refused, with the parent's item as
// stored (ALL_OLD; WhyEmbeddedRefused).
// The UpdateItem of the parent's item that ApplyEmbeddedWrite sends, into `r` (its update
// expression empty when the write changes nothing). `also` entries naming other items are left
// out: they are the other actions of the write's TransactWriteItems (exec::ApplyWrite).
[[nodiscard]] sim::SimStatus BuildEmbeddedUpdate(const Model& model, const KeyLayout& layout,
                                                 const WritePlan& plan, const Record* before,
                                                 const Record* after,
                                                 const Arguments& condition_args,
                                                 const std::vector<AlsoRecord>& also,
                                                 sim::UpdateItemRequest& r);
// Why the table refused an embedded write. The parent's UpdateItem asks for the parent's item
// back on a refusal (ReturnValuesOnConditionCheckFailure ALL_OLD), which tells the reasons of
// its condition apart: no parent item; a parent item without the map (written by other code); a
// create's child in the map already, or the map holding `max` elements; an update's or delete's
// child not in the map; else the pattern's `condition:` clauses or its `also` entries' on the
// parent (kCondition).
enum class EmbeddedRefusal {
  kParentMissing,
  kNoCollection,
  kChildExists,
  kCollectionFull,
  kChildMissing,
  kCondition,
};
// The reason of DynamoDB's answer `error` to ApplyWrite of embedded write plan `plan`
// (`before` -> `after` as given to it): nullopt when the answer is no refusal of the parent's
// UpdateItem (another error, or another action of the transaction refused: the parent's Update
// has reason None).
std::optional<EmbeddedRefusal> WhyEmbeddedRefused(const KeyLayout& layout, const WritePlan& plan,
                                                  const Record* before, const Record* after,
                                                  const sim::Error& error);
// "the Game item does not exist", "the Game's 'players' is full: it holds 50 elements, the
// relationship's max", ...
std::string EmbeddedRefusalText(const Model& model, const EmbeddedLayout& e, EmbeddedRefusal why);

[[nodiscard]] sim::SimStatus ApplyEmbeddedWrite(sim::DataPlane& plane, const Model& model,
                                                const KeyLayout& layout, const WritePlan& plan,
                                                const Record* before, const Record* after,
                                                WriteStats& stats, const Arguments& condition_args,
                                                const std::vector<AlsoRecord>& also);

}  // namespace model::exec
