// `model check` for a write pattern's `also:` entries (model.h AlsoWrite): the other entities'
// items a write names, arguments for their conditions, their updated records, and the runs where
// one of their clauses fails. Internal to model_check.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "model/check/internal.h"
#include "model/exec/writes.h"

namespace model::check {

// What one run of a write pattern with `also` entries passes for them.
struct AlsoRun {
  std::vector<std::size_t> target;        // per entry: its item's record index (of its entity)
  std::vector<Record> before;             // per entry: that record as stored
  std::vector<Record> after;              // per entry: an update's record with new values
  std::vector<exec::AlsoRecord> records;  // per entry, into before/after (updates, deletes)
  exec::Arguments args;                   // the entries' condition parameters
};

// Builds `run` for a write whose written record holds `written`: every entry's item (named by
// `written`, exec::AlsoIdentifier) is live, and arguments are chosen so that each entry's clauses
// hold, except clause `fail_clause` of entry `fail_entry` (both -1: none), which fails. An
// update entry's `after` gets new values for its attributes (drawn at `serial`). False when an
// item is missing or cannot give that outcome.
bool PrepareAlso(Context& c, const WritePattern& wp, const sim::Item& written, int fail_entry,
                 int fail_clause, std::int64_t serial, AlsoRun& run);

// For a create: points the written record's AlsoWrite::key_from attributes at live items of each
// entry's entity on which PrepareAlso gives that outcome (the first found, from a random start),
// leaving the record an identity no record has had (TakenIdentities: those attributes may be
// part of its identifier). False when there is none. Does nothing without entries.
bool AimAlso(Context& c, const WritePattern& wp, sim::Item& written, int fail_entry,
             int fail_clause, std::int64_t serial);

// After the write was applied: each update entry's new record into the dataset and the oracle,
// each delete entry's record deleted from both.
void CommitAlso(Context& c, const WritePattern& wp, AlsoRun& run);

}  // namespace model::check
