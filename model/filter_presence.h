// Read filters that test presence rather than a value: `filter: { score: exists }` keeps the
// items that have the attribute, `{ closedAt: not_exists }` the items without it, as a write's
// `condition:` says (docs/model-format.md `filter`). The words stay the filter's value as written
// (FixedFilter::value, SparseCondition::value); these helpers tell them from a value to compare.
// A presence test names an optional attribute (the loader refuses a required one, E405) and is
// DynamoDB's attribute_exists / attribute_not_exists in a FilterExpression
// (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Expressions.OperatorsAndFunctions.html),
// or, for `exists` on an attribute an index is keyed on, that sparse index itself (an item has an
// entry only while it has the index's key attributes).
#pragma once

#include <string_view>

namespace model {

enum class FilterTest { kEquals, kExists, kNotExists };

inline constexpr std::string_view kExistsWord = "exists";
inline constexpr std::string_view kNotExistsWord = "not_exists";

// What a filter value as written asks: a presence test for the two words, else equality.
inline FilterTest TestOf(std::string_view value) {
  if (value == kExistsWord) return FilterTest::kExists;
  if (value == kNotExistsWord) return FilterTest::kNotExists;
  return FilterTest::kEquals;
}

inline bool IsPresenceTest(std::string_view value) { return TestOf(value) != FilterTest::kEquals; }

}  // namespace model
