// Order-preserving byte encodings of key values, for storing keys as SQLite BLOBs.
//
// EncodeKey(v) returns bytes whose memcmp order equals DynamoDB's key order among values of the
// same type: S by UTF-8 bytes, B by unsigned bytes, N numerically. S and B encode as their own
// bytes (so the encoding of S/B is the identity). N encodes as a sign byte, a biased decimal
// exponent byte and one byte per significant digit (complemented for negatives, with a
// terminator), so "-0", "0.000" and "0" (one canonical "0") encode identically.
// DecodeKey(type, bytes) inverts EncodeKey for that type.
//
// Multi-attribute GSI keys (up to four partition and four sort attributes) store each of their
// two keys as one byte string: EncodeKeyParts concatenates a self-delimiting, order-preserving
// encoding of each attribute (EncodeKeyComponent), so that memcmp order is DynamoDB's order of
// the attribute tuples, attribute by attribute, each by its own type (a shorter value that is a
// prefix of a longer one sorts first); and so that the bytes of a left prefix of the tuple are a
// byte prefix of the whole. A key of one attribute keeps EncodeKey's bytes.
// https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/GSI.html#GSI.MultiAttributeKeys
//
// Pure functions; values must be valid (N canonical), which is asserted.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "model/sim/api/value.h"

namespace sim {

// `value` must be S, N or B.
std::string EncodeKey(const AttributeValue& value);
// `type` must be kS, kN or kB and `bytes` produced by EncodeKey for that type.
AttributeValue DecodeKey(ValueType type, std::string_view bytes);

// One attribute of a multi-attribute key: S and B as their bytes with 00 escaped as 00 FF and a
// 00 00 terminator; N as EncodeKey's bytes, positives followed by a 00 terminator (zero and
// negatives are self-delimiting already).
std::string EncodeKeyComponent(const AttributeValue& value);
// The bytes every component of an S or B value starting with `prefix` starts with (the escaped
// bytes without the terminator), for begins_with on a multi-attribute sort key.
std::string EncodeKeyComponentPrefix(const AttributeValue& prefix);
// The key bytes of a key made of `values` (in key-schema order): EncodeKey of the one value, or
// the EncodeKeyComponent of each, concatenated, when `multi_attribute`.
std::string EncodeKeyParts(const std::vector<const AttributeValue*>& values, bool multi_attribute);

}  // namespace sim
