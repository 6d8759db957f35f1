// Key validation and encoding (see table_keys.h).
#include "model/sim/engine/table_keys.h"

#include <fmt/format.h>

#include "model/sim/engine/key_codec.h"

namespace sim {
namespace {

constexpr const char* kInvalid = "One or more parameter values were invalid: ";

const char* EmptyWord(ValueType type) { return type == ValueType::kB ? "binary" : "string"; }

bool IsEmptyKey(const AttributeValue& v) {
  return (v.is(ValueType::kS) || v.is(ValueType::kB)) && v.scalar().empty();
}

std::optional<std::string> CheckKeySize(const AttributeValue& v, bool partition) {
  const std::int64_t size = ValueSize(v);
  if (partition && size > kMaxPartitionKeyBytes) {
    return fmt::format("{}Size of hashkey has exceeded the maximum size limit of{} bytes", kInvalid,
                       kMaxPartitionKeyBytes);
  }
  if (!partition && size > kMaxSortKeyBytes) {
    return fmt::format(
        "{}Aggregated size of all range keys has exceeded the size limit of {} bytes", kInvalid,
        kMaxSortKeyBytes);
  }
  return std::nullopt;
}

std::optional<std::string> CheckItemKeyAttribute(const KeyAttribute& key, const Item& item,
                                                 bool partition) {
  auto it = item.find(key.name);
  if (it == item.end()) return fmt::format("{}Missing the key {} in the item", kInvalid, key.name);
  const AttributeValue& v = it->second;
  if (v.type() != key.type) {
    return fmt::format("{}Type mismatch for key {} expected: {} actual: {}", kInvalid, key.name,
                       ValueTypeName(key.type), ValueTypeName(v.type()));
  }
  if (IsEmptyKey(v)) {
    return fmt::format(
        "One or more parameter values are not valid. The AttributeValue for a key attribute "
        "cannot contain an empty {} value. Key: {}",
        EmptyWord(v.type()), key.name);
  }
  return CheckKeySize(v, partition);
}

}  // namespace

SimResult<KeyBytes> ItemKey(const TableSchema& schema, const Item& item) {
  if (auto message = CheckItemKeyAttribute(schema.partition, item, true)) {
    return Error::Validation(*message);
  }
  if (schema.sort) {
    if (auto message = CheckItemKeyAttribute(*schema.sort, item, false)) {
      return Error::Validation(*message);
    }
  }
  KeyBytes key;
  key.pk = EncodeKey(item.find(schema.partition.name)->second);
  if (schema.sort) key.sk = EncodeKey(item.find(schema.sort->name)->second);
  return key;
}

SimResult<KeyBytes> RequestKey(const TableSchema& schema, const Item& key) {
  const std::size_t expected = schema.sort ? 2 : 1;
  auto mismatch = [] {
    return Error::Validation("The provided key element does not match the schema");
  };
  if (key.size() != expected) return mismatch();
  auto pk = key.find(schema.partition.name);
  if (pk == key.end() || pk->second.type() != schema.partition.type) return mismatch();
  const AttributeValue* sk = nullptr;
  if (schema.sort) {
    auto it = key.find(schema.sort->name);
    if (it == key.end() || it->second.type() != schema.sort->type) return mismatch();
    sk = &it->second;
  }
  for (const auto& [name, value] : key) {
    if (IsEmptyKey(value)) {
      return Error::Validation(fmt::format(
          "One or more parameter values are not valid. The AttributeValue for a key attribute "
          "cannot contain an empty {} value. Key: {}",
          EmptyWord(value.type()), name));
    }
  }
  if (auto message = CheckKeySize(pk->second, true)) return Error::Validation(*message);
  if (sk) {
    if (auto message = CheckKeySize(*sk, false)) return Error::Validation(*message);
  }
  KeyBytes out;
  out.pk = EncodeKey(pk->second);
  if (sk) out.sk = EncodeKey(*sk);
  return out;
}

Item KeyOf(const TableSchema& schema, const Item& item) {
  Item key;
  auto copy = [&](const std::string& name) {
    auto it = item.find(name);
    if (it != item.end()) key.emplace(it->first, it->second);
  };
  copy(schema.partition.name);
  if (schema.sort) copy(schema.sort->name);
  return key;
}

SimStatus CheckIndexKeys(const TableSchema& schema, const Item& item) {
  for (const IndexSchema& index : schema.indexes) {
    std::vector<std::pair<const KeyAttribute*, bool>> attrs;  // (attribute, is partition key)
    for (const KeyAttribute& k : index.partition) attrs.emplace_back(&k, true);
    for (const KeyAttribute& k : index.sort) attrs.emplace_back(&k, false);
    for (const auto& [key, partition] : attrs) {
      if (schema.IsTableKey(key->name)) continue;
      auto it = item.find(key->name);
      if (it == item.end()) continue;
      const AttributeValue& v = it->second;
      if (v.type() != key->type) {
        return Error::Validation(fmt::format(
            "{}Type mismatch for Index Key {} Expected: {} Actual: {} IndexName: {}", kInvalid,
            key->name, ValueTypeName(key->type), ValueTypeName(v.type()), index.name));
      }
      if (IsEmptyKey(v)) {
        return Error::Validation(fmt::format(
            "One or more parameter values are not valid. A value specified for a secondary index "
            "key is not supported. The AttributeValue for a key attribute cannot contain an empty "
            "{} value. IndexName: {}, IndexKey: {}",
            EmptyWord(v.type()), index.name, key->name));
      }
      if (auto message = CheckKeySize(v, partition)) return Error::Validation(*message);
    }
  }
  return Ok{};
}

std::optional<KeyBytes> IndexKeyOf(const IndexSchema& index, const Item& item) {
  // Sparse: an item lacking any key attribute of the index is not in it.
  auto values = [&](const std::vector<KeyAttribute>& attrs)
      -> std::optional<std::vector<const AttributeValue*>> {
    std::vector<const AttributeValue*> out;
    for (const KeyAttribute& k : attrs) {
      auto it = item.find(k.name);
      if (it == item.end()) return std::nullopt;
      out.push_back(&it->second);
    }
    return out;
  };
  auto pk = values(index.partition);
  auto sk = values(index.sort);
  if (!pk || !sk) return std::nullopt;
  KeyBytes key;
  key.pk = EncodeKeyParts(*pk, index.partition.size() > 1);
  if (!sk->empty()) key.sk = EncodeKeyParts(*sk, index.sort.size() > 1);
  return key;
}

}  // namespace sim
