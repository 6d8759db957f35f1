// The compact binary form in which the simulated table stores items in SQLite.
//
// Format (all lengths and counts are LEB128 varints):
//   item  := count (name value)*              names in the Item's (byte) order
//   name  := len bytes
//   value := tag payload                      tag = ValueType as one byte
//     S/N/B: len bytes (N as its canonical text)   BOOL: 0|1   NULL: nothing
//     M: count (name value)*   L: count value*     SS/NS/BS: count (len bytes)*
// Decoding validates structure and reports corrupt bytes as Error::Internal; it trusts that
// the bytes were produced by EncodeItem (set members sorted, numbers canonical).
#pragma once

#include <string>
#include <string_view>

#include "model/sim/api/error.h"
#include "model/sim/api/value.h"

namespace sim {

// Appends the encoding of `item` to `out`.
void EncodeItem(const Item& item, std::string* out);
std::string EncodeItem(const Item& item);
[[nodiscard]] SimResult<Item> DecodeItem(std::string_view bytes);

}  // namespace sim
