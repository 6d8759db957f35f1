// Order-preserving byte encodings of key values, for storing keys as SQLite BLOBs.
//
// EncodeKey(v) returns bytes whose memcmp order equals DynamoDB's key order among values of the
// same type: S by UTF-8 bytes, B by unsigned bytes, N numerically. S and B encode as their own
// bytes (so the encoding of S/B is the identity). N encodes as a sign byte, a biased decimal
// exponent byte and one byte per significant digit (complemented for negatives, with a
// terminator), so "-0", "0.000" and "0" (one canonical "0") encode identically.
// DecodeKey(type, bytes) inverts EncodeKey for that type.
//
// Pure functions; values must be valid (N canonical), which is asserted.
#pragma once

#include <string>
#include <string_view>

#include "model/sim/api/value.h"

namespace sim {

// `value` must be S, N or B.
std::string EncodeKey(const AttributeValue& value);
// `type` must be kS, kN or kB and `bytes` produced by EncodeKey for that type.
AttributeValue DecodeKey(ValueType type, std::string_view bytes);

}  // namespace sim
