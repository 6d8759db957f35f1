// One name table per enum, read in both directions: an enum's value -> its word (in the format
// and in every output that names it) and the word -> the value, and the list of words (for
// messages and the JSON Schema). A vocabulary is then spelled once, in its table.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace model {

// An enum value and its name.
template <typename E>
struct EnumName {
  E value;
  const char* name;
};

// The name of `value` in `table`; `fallback` when the table lacks it (a bug).
template <typename E, std::size_t N>
const char* NameOf(const EnumName<E> (&table)[N], E value, const char* fallback = "") {
  for (const EnumName<E>& e : table) {
    if (e.value == value) return e.name;
  }
  return fallback;
}

// The value named `name` in `table`, if any (names are compared exactly).
template <typename E, std::size_t N>
std::optional<E> ValueNamed(const EnumName<E> (&table)[N], std::string_view name) {
  for (const EnumName<E>& e : table) {
    if (name == e.name) return e.value;
  }
  return std::nullopt;
}

// Every name in `table`, in its order.
template <typename E, std::size_t N>
std::vector<std::string> NamesOf(const EnumName<E> (&table)[N]) {
  std::vector<std::string> names;
  names.reserve(N);
  for (const EnumName<E>& e : table) names.emplace_back(e.name);
  return names;
}

}  // namespace model
