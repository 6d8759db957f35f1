// FlatMap: the sorted-vector map items are made of, against std::map's behaviour.
#include "model/sim/api/flat_map.h"

#include <catch2/catch.hpp>
#include <map>
#include <string>

using sim::FlatMap;

TEST_CASE("FlatMap orders keys by bytes as std::map does", "[sim][flat_map]") {
  FlatMap<int> flat;
  std::map<std::string, int> reference;
  const char* keys[] = {"b", "a", "\xc3\xa9", "ab", "", "B", "a\x01", "\xff", "b"};
  int value = 0;
  for (const char* k : keys) {
    CHECK(flat.emplace(k, value).second == reference.emplace(k, value).second);
    ++value;
  }
  REQUIRE(flat.size() == reference.size());
  auto it = reference.begin();
  for (const auto& [k, v] : flat) {
    CHECK(k == it->first);
    CHECK(v == it->second);  // the first insertion of "b" is kept
    ++it;
  }
}

TEST_CASE("FlatMap lookups, operator[], erase and equality", "[sim][flat_map]") {
  FlatMap<int> m{{"x", 1}, {"a", 2}, {"x", 3}};
  CHECK(m.size() == 2);
  CHECK(m.at("x") == 1);
  CHECK(m.count("a") == 1);
  CHECK_FALSE(m.contains("zz"));
  CHECK(m.find("zz") == m.end());
  CHECK_THROWS_AS(m.at("zz"), std::out_of_range);
  m["m"] = 7;  // inserted in the middle
  CHECK(m.begin()[1].first == "m");
  CHECK(m.erase("a") == 1);
  CHECK(m.erase("a") == 0);
  m["x"] = 9;  // an existing key: assigned in place
  CHECK(m.at("x") == 9);
  CHECK(m == FlatMap<int>{{"m", 7}, {"x", 9}});
  CHECK_FALSE(m == FlatMap<int>{{"m", 7}});
}

TEST_CASE("FlatMap::emplace_back_sorted appends in order and falls back otherwise",
          "[sim][flat_map]") {
  FlatMap<int> m;
  m.emplace_back_sorted("a", 1);
  m.emplace_back_sorted("b", 2);
  m.emplace_back_sorted("ab", 3);  // out of order: inserted where it belongs
  m.emplace_back_sorted("b", 4);   // present: kept as it was
  REQUIRE(m.size() == 3);
  CHECK(m.begin()[0].first == "a");
  CHECK(m.begin()[1].first == "ab");
  CHECK(m.begin()[2].first == "b");
  CHECK(m.at("b") == 2);
  // Keys that differ only after their first byte, and high bytes, compare as unsigned bytes.
  FlatMap<int> n;
  n.emplace_back_sorted("aa", 1);
  n.emplace_back_sorted("ab", 2);
  n.emplace_back_sorted("\x80", 3);
  n.emplace_back_sorted("\x7f", 4);
  REQUIRE(n.size() == 4);
  CHECK(n.begin()[2].first == "\x7f");
  CHECK(n.begin()[3].first == "\x80");
}
