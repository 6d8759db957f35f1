// FlatMap: a map from strings to values kept as one sorted vector, with the part of std::map's
// interface the simulated table uses. Items are small (a handful to a few dozen attributes),
// built mostly in key order (decoded from storage, rendered from JSON) and read far more than
// changed: one allocation per item instead of one per attribute, and lookups by binary search.
//
// Iteration is in ascending byte order of the keys, exactly as std::map<std::string, V>.
// Unlike std::map, inserting or erasing invalidates iterators and references into the map.
#pragma once

#include <algorithm>
#include <initializer_list>
#include <stdexcept>
#include <string>
#include <string_view>
#include <tuple>
#include <utility>
#include <vector>

namespace sim {

template <typename V>
class FlatMap {
 public:
  using key_type = std::string;
  using mapped_type = V;
  using value_type = std::pair<std::string, V>;
  using size_type = std::size_t;
  using iterator = typename std::vector<value_type>::iterator;
  using const_iterator = typename std::vector<value_type>::const_iterator;

  FlatMap() = default;
  FlatMap(std::initializer_list<value_type> init) {
    entries_.reserve(init.size());
    for (const value_type& e : init) insert(e);
  }
  template <typename It>
  FlatMap(It first, It last) {
    for (; first != last; ++first) insert(value_type(first->first, first->second));
  }

  iterator begin() { return entries_.begin(); }
  iterator end() { return entries_.end(); }
  const_iterator begin() const { return entries_.begin(); }
  const_iterator end() const { return entries_.end(); }

  size_type size() const { return entries_.size(); }
  bool empty() const { return entries_.empty(); }
  void clear() { entries_.clear(); }
  void reserve(size_type n) { entries_.reserve(n); }

  iterator lower_bound(std::string_view key) {
    return std::lower_bound(entries_.begin(), entries_.end(), key, Less);
  }
  const_iterator lower_bound(std::string_view key) const {
    return std::lower_bound(entries_.begin(), entries_.end(), key, Less);
  }
  iterator find(std::string_view key) {
    auto it = lower_bound(key);
    return it != entries_.end() && it->first == key ? it : entries_.end();
  }
  const_iterator find(std::string_view key) const {
    auto it = lower_bound(key);
    return it != entries_.end() && it->first == key ? it : entries_.end();
  }
  size_type count(std::string_view key) const { return find(key) != end() ? 1 : 0; }
  bool contains(std::string_view key) const { return find(key) != end(); }

  V& at(std::string_view key) {
    auto it = find(key);
    if (it == end()) throw std::out_of_range("FlatMap::at");
    return it->second;
  }
  const V& at(std::string_view key) const {
    auto it = find(key);
    if (it == end()) throw std::out_of_range("FlatMap::at");
    return it->second;
  }
  V& operator[](std::string_view key) { return try_emplace(std::string(key)).first->second; }

  // Inserts when the key is absent; otherwise leaves the map as it is (std::map semantics).
  std::pair<iterator, bool> insert(value_type entry) {
    auto it = lower_bound(entry.first);
    if (it != entries_.end() && it->first == entry.first) return {it, false};
    return {entries_.insert(it, std::move(entry)), true};
  }
  template <typename It>
  void insert(It first, It last) {
    for (; first != last; ++first) insert(value_type(first->first, first->second));
  }
  template <typename... Args>
  std::pair<iterator, bool> emplace(Args&&... args) {
    return insert(value_type(std::forward<Args>(args)...));
  }
  template <typename... Args>
  std::pair<iterator, bool> try_emplace(std::string key, Args&&... args) {
    auto it = lower_bound(key);
    if (it != entries_.end() && it->first == key) return {it, false};
    return {entries_.emplace(it, std::piecewise_construct, std::forward_as_tuple(std::move(key)),
                             std::forward_as_tuple(std::forward<Args>(args)...)),
            true};
  }
  // Appends in O(1) when the key sorts after every key already there (building in order).
  template <typename... Args>
  iterator emplace_back_sorted(std::string_view key, Args&&... args) {
    if (entries_.empty() || SortsAfter(key, entries_.back().first)) {
      entries_.emplace_back(std::piecewise_construct, std::forward_as_tuple(key),
                            std::forward_as_tuple(std::forward<Args>(args)...));
      return entries_.end() - 1;
    }
    return try_emplace(std::string(key), std::forward<Args>(args)...).first;
  }

  size_type erase(std::string_view key) {
    auto it = find(key);
    if (it == end()) return 0;
    entries_.erase(it);
    return 1;
  }
  iterator erase(const_iterator it) { return entries_.erase(it); }

  friend bool operator==(const FlatMap& a, const FlatMap& b) { return a.entries_ == b.entries_; }

 private:
  // key > last, deciding on the first byte when it differs (no call to memcmp).
  static bool SortsAfter(std::string_view key, std::string_view last) {
    if (!key.empty() && !last.empty() && key[0] != last[0]) {
      return static_cast<unsigned char>(key[0]) > static_cast<unsigned char>(last[0]);
    }
    return last < key;
  }
  static bool Less(const value_type& e, std::string_view key) {
    return std::string_view(e.first) < key;
  }
  std::vector<value_type> entries_;
};

}  // namespace sim
