// Natural values: the shape records and arguments have on the way into model/exec.
//
// A record is an entity's state as attribute values keyed by attribute name (a sim::Item whose
// values are the attributes' natural DynamoDB types: S for strings, timestamps and dates, N for
// numbers, B, BOOL, ...), one per version. Key templates (model/keys) take each value's natural
// text: S and N as stored, B as lowercase hex of the bytes, BOOL as "true"/"false". `model check`
// synthesizes records in this shape, and generated code's backends hand theirs over in it too.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "model/sim/api/value.h"

namespace model::exec {

struct Record {
  // versions[0..k-1]: the entity's state at versions 1..k; the last is current. Unversioned
  // entities have exactly one.
  std::vector<sim::Item> versions;
  const sim::Item& current() const { return versions.back(); }
};

// A pattern's arguments: `by` attributes by name, and the range bounds "from"/"to" (between) or
// "value" (every other operator); kNowArgument, when given, is the clock of reads that leave out
// expired items.
using Arguments = std::map<std::string, sim::AttributeValue>;

// The argument holding the current time, a Number of seconds since the Unix epoch, for plans
// that leave out expired items (ReadPlan::drop_expired). Absent: the system clock.
inline constexpr const char* kNowArgument = "_now";

// An expiry value as DynamoDB's Time to Live reads it: whole seconds since the Unix epoch (a
// fraction rounded down). `value` is a timestamp (S, ISO-8601 UTC "YYYY-MM-DDTHH:MM:SS", an
// optional fraction, then "Z") or a number (N). nullopt when it is neither, or out of range.
std::optional<std::int64_t> ExpirySeconds(const sim::AttributeValue& value);

// Whether an item whose expiry is `value` is left out of reads at `now_seconds`: when the expiry
// is at or before now (a number compared exactly, a timestamp by its whole seconds), as the
// filter `attribute_not_exists(ttl) OR ttl > :now` decides. A value that is not an expiry never
// expires.
bool IsExpired(const sim::AttributeValue& value, std::int64_t now_seconds);

// The natural text of a scalar value as key templates expect it: S and N as stored, B as
// lowercase hex, BOOL as "true"/"false". Empty for null, documents and sets.
std::string NaturalText(const sim::AttributeValue& value);

// Natural text of an item attribute, "" when absent.
std::string Natural(const sim::Item& item, const std::string& name);

// DynamoDB's order of two values: first by type, then strings and binaries as bytes and numbers
// numerically; other types compare equal. Negative, zero or positive.
int CompareTyped(const sim::AttributeValue& a, const sim::AttributeValue& b);

}  // namespace model::exec
