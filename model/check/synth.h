// Synthetic data for `model check`: records of every entity, drawn from the model alone.
//
// Volumes follow the declared counts, scaled so all entities together hold about `total_items`
// records (each entity at least 24, or its declared count when smaller). Values come from a seeded
// splitmix64 generator (never the standard library's distributions, whose output differs between
// implementations), so the same model, seed and size give the same data on every machine.
// Relationship links pick existing parents with a skew (a few parents get many children), never
// more than a relationship's bound (ChildBound: one for a 1:1, `max` when declared), and leave some
// parents free of children (ParentsKeptFree) when the check creates children or moves them to
// another parent and the counts would fill every parent, so those writes find a parent with
// room; enum
// values, timestamps over three years, numbers of varying magnitude and sign, strings that include
// the key separator `#`, optional attributes sometimes absent, unique values where declared,
// expiry (`ttl`) times on both sides of kCheckNowSeconds, time-ordered identifiers (ULID, KSUID,
// UUIDv7) made from their creation time. A
// versioned entity's record carries its history: versions 1..k, the last being the current one.
//
// Records are typed with sim::AttributeValue so the loader and the oracle share one truth.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "model/exec/values.h"
#include "model/model.h"
#include "model/sim/api/value.h"

namespace model::check {

class Rng {
 public:
  explicit Rng(std::uint64_t seed) : state_(seed) {}
  std::uint64_t Next();
  // Uniform in [0, n); n > 0.
  std::uint64_t Below(std::uint64_t n) { return Next() % n; }
  // Skewed in [0, n): low indexes are chosen far more often.
  std::uint64_t Skewed(std::uint64_t n);
  bool Chance(int percent) { return Below(100) < static_cast<std::uint64_t>(percent); }

 private:
  std::uint64_t state_;
};

// An entity's record: its versions' natural values (model/exec/values.h).
using exec::Record;

struct Dataset {
  std::vector<std::vector<Record>> records;  // by EntityId
  std::int64_t total_records() const;
};

struct SynthOptions {
  std::int64_t total_items = 2000;
  std::uint64_t seed = 1;
};

// Called once per entity when all its records are made; they do not change afterwards (until
// the caller changes them), and references to them stay valid when the Dataset is moved.
using EntityDone = std::function<void(EntityId, const std::vector<Record>&)>;

// Records of an entity that an aggregate keeps (`into`) are made last: their values are the
// aggregate of the `of` records (AggregateValues), as a backfill would write them, and every group
// of `of` records without an `into` record gets one when the aggregate can create it.
Dataset Synthesize(const Model& model, const SynthOptions& options, const EntityDone& done = {});

// The backfill of Synthesize: sets every aggregate's `into` records from its `of` records.
void BackfillAggregates(const Model& model, Dataset& data);
// The identity of a group or record of `e`: its identifier values' natural texts, joined.
std::string GroupKey(const Entity& e, const sim::Item& values);

// Where SetCopies finds parents: per relationship, the identities (identifier values' natural
// texts) of the `from` records indexed so far, to their index. Records are only appended, so
// the index catches up with the new ones on each lookup.
struct ParentIndex {
  std::map<int, std::pair<std::size_t, std::unordered_map<std::string, std::size_t>>>
      by_relationship;
};

// Sets each copy attribute of `item`, a record of `e` (model.h Attribute::copy), to its parent's
// value of the source: the parent is the record of the relationship's `from` among `data`'s
// whose identifier the item's link holds (the copy is removed when the parent has no value, or
// the item names no parent). With `index`, parents are looked up in it (else by a scan).
void SetCopies(const Model& model, EntityId e, const Dataset& data, sim::Item& item,
               ParentIndex* index = nullptr);

// A fresh value of `attr`'s type (used for updates); `serial` makes unique values distinct. An
// entity's `ttl` attribute (`expiry`) gets a time in the synthetic three years: a timestamp, or
// epoch seconds for a number.
sim::AttributeValue SynthValue(const Attribute& attr, Rng& rng, std::int64_t serial,
                               bool expiry = false);

// The natural value a fixed filter's `value` (as written; model.h FixedFilter) stands for on
// attribute `attr`: a Number for a number or integer, a BOOL for a boolean, else a String.
sim::AttributeValue FilterValueFor(const Attribute& attr, const std::string& value);

// A value of `attr` that a fixed filter on `value` does not match: another enum value (none when
// the enum has no other: nullopt), the other boolean, the number plus one, else a fresh value
// (SynthValue with `serial`) unlike `value`.
std::optional<sim::AttributeValue> ValueOutsideFilter(const Attribute& attr,
                                                      const std::string& value, Rng& rng,
                                                      std::int64_t serial);

// Gives every time-ordered attribute of `en` present in `item` (ulid, ksuid, uuidv7; except those
// `keep` marks, by AttrId: values copied from a parent) a canonical value created at its
// `created` timestamp in `item` (whole seconds), or at a random time of the synthetic three years
// when it has none, so the values sort like the times they encode.
void SetTimeOrdered(const Entity& en, sim::Item& item, Rng& rng,
                    const std::vector<bool>* keep = nullptr);

// Makes `item` honour `en`'s presence rules (model.h PresenceCondition, TogetherGroup): an
// attribute with `present_when` is present exactly while its condition holds in `item`, and each
// `together` group is all present when its first attribute is, else all absent. With `rng`,
// missing values are drawn (SynthValue with `serial`); without it, only removals are made (an
// attribute that should be present but is missing stays missing, a group missing one attribute
// loses all), and a condition attribute absent from `item` decides nothing.
void HonourPresence(const Entity& en, sim::Item& item, Rng* rng, std::int64_t serial);

// Sets a versioned entity's `version` attribute (Entity::version_attribute) in every version of
// `record` to that version's number, 1 for the first; nothing for other entities.
void NumberVersions(const Entity& en, Record& record);

// The most children one `from` item has in `r`: 1 for a 1:1, its `max` when declared (1:N, M:N:
// `through` items), else 0 (no bound).
std::int64_t ChildBound(const Relationship& r);

// How many of `parents` parents the synthetic data leaves without children of a bounded
// relationship whose children the check creates or moves (one in twenty, and at least eight when
// there are sixteen parents or more; half of fewer): the check's creates of a 1:1 child need a
// parent that has none yet.
std::size_t ParentsKeptFree(std::size_t parents);

// The timestamp text of `epoch_seconds` as synthetic timestamps are written:
// "YYYY-MM-DDTHH:MM:SS.000Z" (UTC, milliseconds: the form the runtime writes, literals are
// canonicalized to and keys encode).
std::string TimestampAt(std::int64_t epoch_seconds);

// The check's clock (the kNowArgument of every read, epoch seconds): 2020-10-01T00:00:00Z, a
// quarter into the synthetic timestamps' three years from 2020-01-01, so about a quarter of the
// items with Time to Live have expired (and, as in DynamoDB before its TTL sweep, are still
// stored): enough to prove reads leave them out, few enough that the filter reads little waste.
inline constexpr std::int64_t kCheckNowSeconds = 1601510400;
inline constexpr const char* kCheckNowTimestamp = "2020-10-01T00:00:00.000Z";

// The natural text of a scalar value as key templates expect it (model/exec/values.h).
using exec::NaturalText;

}  // namespace model::check
