// Key-layout derivation: from a checked Model to the KeyLayout of one DynamoDB table.
//
// DeriveLayout decides the item types (entity items, facets, version history, uniqueness items),
// their table and index key templates, the overloaded GSIs, and one executable plan per read and
// write pattern, each with its reasons. It honours pinned decisions (entity keys, a pattern's
// index, max_gsis, shards) and reports into `diags` when they make a pattern unservable, when a
// pattern could only be served by a Scan it does not allow, or when max_gsis is too small
// (errors E501-E507), and warns about filters that read much more than they return (W501, W502).
// The GSI count, merged views and composite sort keys are the cheapest at the declared rates
// (DeriveOptions::choose_by_cost).
// Returns nullopt when it reported errors. Deterministic: the same Model gives the same layout.
// The algorithm is described in docs/key-design.md.
#pragma once

#include <optional>

#include "model/base/diagnostics.h"
#include "model/layout.h"
#include "model/model.h"

namespace model::derive {

struct DeriveOptions {
  // Choose the GSI count by the workload's cost at the declared rates (ChooseGsiCount in
  // model/derive: every count from the packing rule's to the one needing no facet, built and
  // priced with model/cost.h EstimateWorkload; reads may not need more requests than under the
  // rule), and the layout variants before it (ChooseLayout: views merged where one serves
  // another's reads, composite table sort keys on a non-identifier attribute; docs/key-design.md
  // sections 2 and 4). false: the packing rule alone (at most two items per entity, one view per
  // read shape, sort keys by identifier), kept so that tests can compare the objective's layout
  // with the rule's.
  bool choose_by_cost = true;
};

std::optional<KeyLayout> DeriveLayout(const Model& model, Diagnostics& diags);
std::optional<KeyLayout> DeriveLayout(const Model& model, Diagnostics& diags,
                                      const DeriveOptions& options);

}  // namespace model::derive
