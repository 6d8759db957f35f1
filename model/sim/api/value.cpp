// Attribute values: construction, equality, key ordering and DynamoDB's size accounting
// (see value.h).
#include "model/sim/api/value.h"

#include <algorithm>
#include <array>
#include <cassert>
#include <utility>
#include <vector>

#include "model/sim/api/number.h"

namespace sim {
namespace {

struct TypeName {
  ValueType type;
  const char* name;
};

constexpr std::array<TypeName, 10> kTypeNames = {{
    {ValueType::kS, "S"},
    {ValueType::kN, "N"},
    {ValueType::kB, "B"},
    {ValueType::kBool, "BOOL"},
    {ValueType::kNull, "NULL"},
    {ValueType::kM, "M"},
    {ValueType::kL, "L"},
    {ValueType::kSS, "SS"},
    {ValueType::kNS, "NS"},
    {ValueType::kBS, "BS"},
}};

// std::string compares bytes as unsigned char, which is DynamoDB's order for S and B.
int CompareBytes(const std::string& a, const std::string& b) {
  int c = a.compare(b);
  return c < 0 ? -1 : (c > 0 ? 1 : 0);
}

}  // namespace

const char* ValueTypeName(ValueType type) {
  for (const TypeName& t : kTypeNames) {
    if (t.type == type) return t.name;
  }
  assert(false && "unknown ValueType");
  return "?";
}

std::optional<ValueType> ValueTypeFromName(std::string_view name) {
  for (const TypeName& t : kTypeNames) {
    if (name == t.name) return t.type;
  }
  return std::nullopt;
}

AttributeValue::AttributeValue(const AttributeValue& other)
    : type_(other.type_),
      bool_(other.bool_),
      scalar_(other.scalar_),
      composite_(other.composite_ ? std::make_unique<Composite>(*other.composite_) : nullptr) {}

AttributeValue& AttributeValue::operator=(const AttributeValue& other) {
  if (this != &other) *this = AttributeValue(other);
  return *this;
}

AttributeValue::Composite& AttributeValue::composite() {
  if (!composite_) composite_ = std::make_unique<Composite>();
  return *composite_;
}

namespace {
const AttributeValue::Composite& EmptyComposite() {
  static const AttributeValue::Composite empty;
  return empty;
}
}  // namespace

const Item& AttributeValue::map() const {
  return composite_ ? composite_->map : EmptyComposite().map;
}
Item& AttributeValue::mutable_map() { return composite().map; }
const std::vector<AttributeValue>& AttributeValue::list() const {
  return composite_ ? composite_->list : EmptyComposite().list;
}
std::vector<AttributeValue>& AttributeValue::mutable_list() { return composite().list; }
const std::vector<std::string>& AttributeValue::set() const {
  return composite_ ? composite_->set : EmptyComposite().set;
}

AttributeValue AttributeValue::S(std::string s) {
  AttributeValue v;
  v.type_ = ValueType::kS;
  v.bool_ = false;
  v.scalar_ = std::move(s);
  return v;
}

AttributeValue AttributeValue::N(std::string canonical) {
  assert(Number::IsCanonical(canonical));
  AttributeValue v;
  v.type_ = ValueType::kN;
  v.bool_ = false;
  v.scalar_ = std::move(canonical);
  return v;
}

AttributeValue AttributeValue::B(std::string bytes) {
  AttributeValue v;
  v.type_ = ValueType::kB;
  v.bool_ = false;
  v.scalar_ = std::move(bytes);
  return v;
}

AttributeValue AttributeValue::Bool(bool b) {
  AttributeValue v;
  v.type_ = ValueType::kBool;
  v.bool_ = b;
  return v;
}

AttributeValue AttributeValue::Null() { return AttributeValue(); }

AttributeValue AttributeValue::M(Item members) {
  AttributeValue v;
  v.type_ = ValueType::kM;
  v.bool_ = false;
  v.composite().map = std::move(members);
  return v;
}

AttributeValue AttributeValue::L(std::vector<AttributeValue> elements) {
  AttributeValue v;
  v.type_ = ValueType::kL;
  v.bool_ = false;
  v.composite().list = std::move(elements);
  return v;
}

AttributeValue AttributeValue::SS(std::vector<std::string> members) {
  AttributeValue v;
  v.type_ = ValueType::kSS;
  v.bool_ = false;
  std::sort(members.begin(), members.end());
  v.composite().set = std::move(members);
  return v;
}

AttributeValue AttributeValue::NS(std::vector<std::string> members) {
  AttributeValue v;
  v.type_ = ValueType::kNS;
  v.bool_ = false;
  std::sort(members.begin(), members.end(),
            [](const std::string& a, const std::string& b) { return Number::Compare(a, b) < 0; });
  v.composite().set = std::move(members);
  return v;
}

AttributeValue AttributeValue::BS(std::vector<std::string> members) {
  AttributeValue v;
  v.type_ = ValueType::kBS;
  v.bool_ = false;
  std::sort(members.begin(), members.end());
  v.composite().set = std::move(members);
  return v;
}

bool operator==(const AttributeValue& a, const AttributeValue& b) {
  if (a.type_ != b.type_) return false;
  switch (a.type_) {
    case ValueType::kS:
    case ValueType::kN:
    case ValueType::kB:
      return a.scalar_ == b.scalar_;
    case ValueType::kBool:
    case ValueType::kNull:
      return a.bool_ == b.bool_;
    case ValueType::kM:
      return a.map() == b.map();
    case ValueType::kL:
      return a.list() == b.list();
    case ValueType::kSS:
    case ValueType::kNS:
    case ValueType::kBS:
      return a.set() == b.set();
  }
  return false;
}

int CompareScalars(const AttributeValue& a, const AttributeValue& b) {
  assert(a.type() == b.type());
  switch (a.type()) {
    case ValueType::kN:
      return Number::Compare(a.scalar(), b.scalar());
    case ValueType::kS:
    case ValueType::kB:
      return CompareBytes(a.scalar(), b.scalar());
    default:
      assert(false && "CompareScalars on a non-scalar value");
      return 0;
  }
}

std::int64_t ValueSize(const AttributeValue& v) {
  switch (v.type()) {
    case ValueType::kS:
    case ValueType::kB:
      return static_cast<std::int64_t>(v.scalar().size());
    case ValueType::kN:
      return Number::Size(v.scalar());
    case ValueType::kBool:
    case ValueType::kNull:
      return 1;
    case ValueType::kM: {
      std::int64_t size = 3;
      for (const auto& [name, member] : v.map()) {
        size += 1 + static_cast<std::int64_t>(name.size()) + ValueSize(member);
      }
      return size;
    }
    case ValueType::kL: {
      std::int64_t size = 3;
      for (const AttributeValue& element : v.list()) size += 1 + ValueSize(element);
      return size;
    }
    case ValueType::kSS:
    case ValueType::kBS: {
      std::int64_t size = 0;
      for (const std::string& member : v.set()) size += static_cast<std::int64_t>(member.size());
      return size;
    }
    case ValueType::kNS: {
      std::int64_t size = 0;
      for (const std::string& member : v.set()) size += Number::Size(member);
      return size;
    }
  }
  return 0;
}

const char* const kNestingLimitMessage =
    "Nesting Levels have exceeded supported limits: Attributes in the item have nested levels "
    "beyond supported limit";

bool NestedTooDeep(const Item& item) {
  std::vector<std::pair<const AttributeValue*, int>> pending;
  for (const auto& [name, value] : item) pending.emplace_back(&value, 1);
  while (!pending.empty()) {
    const auto [value, level] = pending.back();
    pending.pop_back();
    if (level > kMaxNestingLevels) return true;
    if (value->is(ValueType::kL)) {
      for (const AttributeValue& e : value->list()) pending.emplace_back(&e, level + 1);
    } else if (value->is(ValueType::kM)) {
      for (const auto& [name, e] : value->map()) pending.emplace_back(&e, level + 1);
    }
  }
  return false;
}

std::int64_t ItemSize(const Item& item) {
  std::int64_t size = 0;
  for (const auto& [name, value] : item) {
    size += static_cast<std::int64_t>(name.size()) + ValueSize(value);
  }
  return size;
}

}  // namespace sim
