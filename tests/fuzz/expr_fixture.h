// What the expression fuzz targets share (docs/fuzzing.md): fixed ExpressionAttributeNames and
// ExpressionAttributeValues that the inputs' placeholders may name, sample items to evaluate and
// apply the parsed expressions to, and the check every failure must pass.
//
// Names: #a..#e -> a, b, c, m, l; #pk -> pk, #sk -> sk; #r -> size (a reserved word), #dot ->
// a.b (a name holding a dot). Never an empty name: the wire rejects those before any parser
// (codec.h's NamesFromJson). Values: :s, :s2 (S), :n, :n2 (N), :b (B), :t (BOOL), :null (NULL), :l
// (L), :m (M), :ss, :ns, :bs (sets), :typeS (S "S", for attribute_type).
#pragma once

#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "model/sim/api/error.h"
#include "model/sim/api/value.h"
#include "model/sim/expr/expression.h"

namespace fuzz {

inline const sim::AttributeNames& Names() {
  static const sim::AttributeNames names = {{"#a", "a"},   {"#b", "b"},    {"#c", "c"},
                                            {"#d", "m"},   {"#e", "l"},    {"#pk", "pk"},
                                            {"#sk", "sk"}, {"#r", "size"}, {"#dot", "a.b"}};
  return names;
}

inline const sim::AttributeValues& Values() {
  using sim::AttributeValue;
  static const sim::AttributeValues values = {
      {":s", AttributeValue::S("abc")},
      {":s2", AttributeValue::S("b")},
      {":n", AttributeValue::N("1")},
      {":n2", AttributeValue::N("-12.5")},
      {":b", AttributeValue::B(std::string("\x01\xff", 2))},
      {":t", AttributeValue::Bool(true)},
      {":null", AttributeValue::Null()},
      {":l", AttributeValue::L({AttributeValue::S("x"), AttributeValue::N("2")})},
      {":m", AttributeValue::M({{"k", AttributeValue::S("v")}})},
      {":ss", AttributeValue::SS({"a", "b"})},
      {":ns", AttributeValue::NS({"1", "2"})},
      {":bs", AttributeValue::BS({std::string("\x01", 1)})},
      {":typeS", AttributeValue::S("S")}};
  return values;
}

// An empty item, a key-only item and one with every type, nested documents included.
inline const std::vector<sim::Item>& Items() {
  using sim::AttributeValue;
  static const std::vector<sim::Item> items = {
      sim::Item{}, sim::Item{{"pk", AttributeValue::S("p")}, {"sk", AttributeValue::N("1")}},
      sim::Item{
          {"pk", AttributeValue::S("p")},
          {"sk", AttributeValue::N("2")},
          {"a", AttributeValue::S("abc")},
          {"b", AttributeValue::N("5")},
          {"c", AttributeValue::SS({"a", "c"})},
          {"m", AttributeValue::M({{"x", AttributeValue::N("1")},
                                   {"y", AttributeValue::M({{"z", AttributeValue::S("q")}})},
                                   {"l", AttributeValue::L({AttributeValue::N("0")})}})},
          {"l", AttributeValue::L({AttributeValue::S("x"), AttributeValue::Bool(false),
                                   AttributeValue::L({AttributeValue::Null()})})},
          {"ns", AttributeValue::NS({"1", "3"})},
          {"bin", AttributeValue::B("zz")},
      }};
  return items;
}

[[noreturn]] inline void Broken(const char* target, const std::string& what) {
  std::fprintf(stderr, "%s: %s\n", target, what.c_str());
  std::abort();
}

// A parse or evaluation failure must be a ValidationException with a message.
inline void CheckError(const char* target, const sim::Error& e) {
  if (e.name != "ValidationException" || e.message.empty()) {
    Broken(target, "an error that is not a ValidationException with a message: " + e.name + ": " +
                       e.message);
  }
}

}  // namespace fuzz
