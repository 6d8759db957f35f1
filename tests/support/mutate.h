// Deliberate damage to a key layout, to prove that `model check` catches broken designs.
//
// Each MutationKind is a mistake people make by hand: a wrong key template, an index key never
// written, an index key not refreshed on update, numbers sorted as text, one shard under a hot
// key, a dropped item, a pattern pointed at the wrong index, a flipped sort direction, a limit
// or a filter ignored, a key condition naming another partition, a version item not updated, a
// uniqueness item not written, a sparse index keyed on the wrong value, a reader of a sharded
// aggregate's group that reads only shard 0 (the `into` item), a write pattern's `condition:`
// left out of its plan, a write pattern's `also:` items left out of its transaction, an update
// that leaves its children's denormalized copies behind, an embedded collection's map keyed by
// an attribute that is not the child's identifier, a polymorphic child's key without its kind.
// Mutations()
// finds, for a layout, the first place each kind applies (deterministically) and says which
// patterns must then fail.
#pragma once

#include <string>
#include <vector>

#include "model/layout.h"
#include "model/model.h"

namespace model {

enum class MutationKind {
  kWrongSortKey,
  kWrongPartitionKey,
  kMissingIndexKeys,
  kStaleIndexOnUpdate,
  kNumberSortedAsText,
  kSingleShard,
  kDroppedItem,
  kWrongIndex,
  kWrongDirection,
  kLimitIgnored,
  kFilterDropped,
  kWrongKeyCondition,
  kVersionNotUpdated,
  kUniquenessNotWritten,
  kWrongSparseValue,
  kAggregateShardsIgnored,
  kAggregateReadsIgnored,
  kConditionDropped,
  kAlsoDropped,
  kCopyDropped,
  kEmbeddedWrongKey,
  kKindDropped,
};
inline constexpr int kMutationKinds = 21;
const char* MutationKindName(MutationKind kind);  // "wrong-sort-key", ...

struct Mutation {
  MutationKind kind;
  std::string description;          // what was damaged, e.g. "Order's SK ORDER -> ORDERX"
  std::vector<std::string> breaks;  // patterns a check must report (any one of them)
  KeyLayout layout;                 // the damaged layout
};

// One mutation per applicable kind, in kind order.
std::vector<Mutation> Mutations(const Model& model, const KeyLayout& layout);

}  // namespace model
