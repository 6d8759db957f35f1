// Natural values: the shape records and arguments have on the way into model/exec.
//
// A record is an entity's state as attribute values keyed by attribute name (a sim::Item whose
// values are the attributes' natural DynamoDB types: S for strings, timestamps and dates, N for
// numbers, B, BOOL, ...), one per version. Key templates (model/keys) take each value's natural
// text: S and N as stored, B as lowercase hex of the bytes, BOOL as "true"/"false". `model check`
// synthesizes records in this shape, and generated code's backends hand theirs over in it too.
#pragma once

#include <map>
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
// "value" (every other operator).
using Arguments = std::map<std::string, sim::AttributeValue>;

// The natural text of a scalar value as key templates expect it: S and N as stored, B as
// lowercase hex, BOOL as "true"/"false". Empty for null, documents and sets.
std::string NaturalText(const sim::AttributeValue& value);

// Natural text of an item attribute, "" when absent.
std::string Natural(const sim::Item& item, const std::string& name);

// DynamoDB's order of two values: first by type, then strings and binaries as bytes and numbers
// numerically; other types compare equal. Negative, zero or positive.
int CompareTyped(const sim::AttributeValue& a, const sim::AttributeValue& b);

}  // namespace model::exec
