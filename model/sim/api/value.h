// DynamoDB attribute values and items.
//
// An AttributeValue is one of DynamoDB's ten types. Numbers are kept in DynamoDB's canonical
// text form (plain notation, no exponent, no leading/trailing zeros, "-0" -> "0"): two numbers
// are equal exactly when their canonical texts are equal. Construct N values only through
// Number::Parse (which validates 38 significant digits and the magnitude range) or from a
// canonical text. Sets keep their members sorted and distinct (strings by UTF-8 bytes, numbers
// numerically, binaries as unsigned bytes), so equal sets compare equal member by member.
// Maps are std::map, ordered by attribute name bytes. An Item is a map of top-level attributes.
//
// This header knows nothing of tables, keys or the ERD.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "model/sim/api/flat_map.h"

namespace sim {

enum class ValueType { kS, kN, kB, kBool, kNull, kM, kL, kSS, kNS, kBS };

// "S", "N", "B", "BOOL", "NULL", "M", "L", "SS", "NS", "BS" (DynamoDB's type descriptors).
const char* ValueTypeName(ValueType type);
std::optional<ValueType> ValueTypeFromName(std::string_view name);

class AttributeValue;
// An item (or an M value): attribute names to values, in ascending byte order of the names.
using Item = FlatMap<AttributeValue>;

class AttributeValue {
 public:
  AttributeValue() : type_(ValueType::kNull), bool_(true) {}
  AttributeValue(const AttributeValue& other);
  AttributeValue& operator=(const AttributeValue& other);
  AttributeValue(AttributeValue&&) noexcept = default;
  AttributeValue& operator=(AttributeValue&&) noexcept = default;
  ~AttributeValue() = default;

  static AttributeValue S(std::string s);
  // `canonical` must already be canonical (see Number::Parse, Number::IsCanonical); asserts in
  // debug builds.
  static AttributeValue N(std::string canonical);
  static AttributeValue B(std::string bytes);
  static AttributeValue Bool(bool b);
  static AttributeValue Null();
  static AttributeValue M(Item members);
  static AttributeValue L(std::vector<AttributeValue> elements);
  // Set constructors sort and keep members as given; callers reject duplicates/empties first
  // (see ValidateValue in value.cpp's callers). NS members must be canonical.
  static AttributeValue SS(std::vector<std::string> members);
  static AttributeValue NS(std::vector<std::string> members);
  static AttributeValue BS(std::vector<std::string> members);

  ValueType type() const { return type_; }
  bool is(ValueType t) const { return type_ == t; }

  // S text, N canonical text, or B raw bytes.
  const std::string& scalar() const { return scalar_; }
  bool boolean() const { return bool_; }
  // Members of an M, elements of an L, members of a set; empty for other types.
  const Item& map() const;
  Item& mutable_map();
  const std::vector<AttributeValue>& list() const;
  std::vector<AttributeValue>& mutable_list();
  const std::vector<std::string>& set() const;

  // Exact DynamoDB equality (type and value; sets as sets, maps and lists deeply).
  friend bool operator==(const AttributeValue& a, const AttributeValue& b);

  // Documents and sets live behind one pointer, so the common scalar value stays small
  // (type, flag and one string): items decode, move and free with less work.
  struct Composite;

 private:
  Composite& composite();

  ValueType type_;
  bool bool_ = false;
  std::string scalar_;
  std::unique_ptr<Composite> composite_;  // M, L, SS, NS, BS only
};

struct AttributeValue::Composite {
  Item map;
  std::vector<AttributeValue> list;
  std::vector<std::string> set;
};

// Ordering of two scalar values of the same type as DynamoDB sorts keys: S by UTF-8 bytes,
// N numerically, B by unsigned bytes. Returns <0, 0, >0. Both must be S, N or B of one type.
int CompareScalars(const AttributeValue& a, const AttributeValue& b);

// Size in bytes of a value as DynamoDB counts it for the 400 KB limit and capacity
// (CapacityUnitCalculations.html; see shared/dynamodb-reference.md 1.2-1.3).
std::int64_t ValueSize(const AttributeValue& v);
// Item size: the sum over attributes of UTF-8 name bytes plus value size.
std::int64_t ItemSize(const Item& item);

// DynamoDB nests attribute values (L and M) at most 32 levels deep, an item's attribute being
// level 1; deeper is a ValidationException with kNestingLimitMessage
// (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/HowItWorks.NamingRulesDataTypes.html:
// "DynamoDB supports nested attributes up to 32 levels deep"; the message and the boundary, 31
// maps around a scalar accepted and 32 rejected, as captured against DynamoDB in
// nubo-db/dynoxide tests/nesting_depth.rs).
constexpr int kMaxNestingLevels = 32;
extern const char* const kNestingLimitMessage;
// True when a value of `item` lies more than kMaxNestingLevels levels deep. Iterative: safe on
// items of any depth.
bool NestedTooDeep(const Item& item);

}  // namespace sim
