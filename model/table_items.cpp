#include "model/table_items.h"

namespace model {

ItemValue::ItemValue() = default;
ItemValue::ItemValue(const ItemValue&) = default;
ItemValue::ItemValue(ItemValue&&) noexcept = default;
ItemValue& ItemValue::operator=(const ItemValue&) = default;
ItemValue& ItemValue::operator=(ItemValue&&) noexcept = default;
ItemValue::~ItemValue() = default;

const char* ItemValueTypeName(ItemValue::Type type) {
  switch (type) {
    case ItemValue::Type::kS:
      return "S";
    case ItemValue::Type::kN:
      return "N";
    case ItemValue::Type::kB:
      return "B";
    case ItemValue::Type::kBool:
      return "BOOL";
    case ItemValue::Type::kNull:
      return "NULL";
    case ItemValue::Type::kM:
      return "M";
    case ItemValue::Type::kL:
      return "L";
    case ItemValue::Type::kSS:
      return "SS";
    case ItemValue::Type::kNS:
      return "NS";
    case ItemValue::Type::kBS:
      return "BS";
  }
  return "NULL";
}

const ItemValue* TableItem::Find(std::string_view name) const {
  for (const auto& [n, v] : attributes) {
    if (n == name) return &v;
  }
  return nullptr;
}

}  // namespace model
