// Key-layout derivation: from a checked Model to the KeyLayout of one DynamoDB table.
//
// DeriveLayout decides the item types (entity items, facets, version history, uniqueness items),
// their table and index key templates, the overloaded GSIs, and one executable plan per read and
// write pattern, each with its reasons. It honours pinned decisions (entity keys, a pattern's
// index, max_gsis, shards) and reports into `diags` when they make a pattern unservable, when a
// pattern could only be served by a Scan it does not allow, or when max_gsis is too small
// (errors E501-E507), and warns about filters that read much more than they return (W501, W502).
// Returns nullopt when it reported errors. Deterministic: the same Model gives the same layout.
// The algorithm is described in docs/key-design.md.
#pragma once

#include <optional>

#include "model/base/diagnostics.h"
#include "model/layout.h"
#include "model/model.h"

namespace model::derive {

std::optional<KeyLayout> DeriveLayout(const Model& model, Diagnostics& diags);

}  // namespace model::derive
