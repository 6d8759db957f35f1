// Entity records rendered into the items a KeyLayout stores, and the table that holds them.
//
// Follows the item contract of model/layout.h: an item of an ItemType carries the table keys, the
// key attributes of every index entry it belongs to (an entry whose template cannot be rendered,
// or whose `only_when` conditions fail, is left out: a sparse index), the type label, the
// entity attributes the type stores, and the computed attributes (kShardAttribute from the
// identifier through model/keys/shard.h, kVersionAttribute on history items, kLatestAttribute on
// a versioned entity's current item). Pure functions of the model, the layout and the record;
// nothing here talks to a table.
#pragma once

#include <optional>
#include <vector>

#include "model/exec/values.h"
#include "model/layout.h"
#include "model/model.h"
#include "model/sim/api/table_schema.h"

namespace model::exec {

// Every item of `record` for item type `type` (history: one per version; otherwise one, for
// the current version). Empty when the type's table key cannot be rendered for this record.
std::vector<sim::Item> RenderItems(const Model& model, const KeyLayout& layout, int type,
                                   const Record& record);

// The table key (partition and sort key only) of the item of type `type` for `record`; for a
// history item type, of version `version` (clamped to 1..latest). nullopt when not renderable.
std::optional<sim::Item> RenderItemKey(const Model& model, const KeyLayout& layout, int type,
                                       const Record& record, int version);

// The CreateTable request for the layout: string table keys and, per index, a global secondary
// index with its projection (an INCLUDE projection also carries the type, version and latest
// attributes, which reads need to tell items apart); a stream of new and old images when the
// layout has one.
sim::CreateTableRequest CreateTableRequest(const KeyLayout& layout);

}  // namespace model::exec
