#include "model/layout.h"

#include <fmt/format.h>

#include <algorithm>

namespace model {

const char* ProjectionName(Projection p) {
  switch (p) {
    case Projection::kAll:
      return "ALL";
    case Projection::kKeysOnly:
      return "KEYS_ONLY";
    case Projection::kInclude:
      return "INCLUDE";
  }
  return "ALL";
}

const char* ItemRoleName(ItemRole role) {
  switch (role) {
    case ItemRole::kEntity:
      return "entity";
    case ItemRole::kFacet:
      return "facet";
    case ItemRole::kHistory:
      return "history";
    case ItemRole::kUniqueness:
      return "uniqueness";
  }
  return "entity";
}

const char* OperationName(Operation op) {
  switch (op) {
    case Operation::kGetItem:
      return "GetItem";
    case Operation::kQuery:
      return "Query";
    case Operation::kBatchGetItem:
      return "BatchGetItem";
    case Operation::kScan:
      return "Scan";
    case Operation::kFanOutQuery:
      return "FanOutQuery";
  }
  return "Query";
}

const char* SortOpName(SortOp op) {
  switch (op) {
    case SortOp::kNone:
      return "";
    case SortOp::kEq:
      return "=";
    case SortOp::kLt:
      return "<";
    case SortOp::kLe:
      return "<=";
    case SortOp::kGt:
      return ">";
    case SortOp::kGe:
      return ">=";
    case SortOp::kBetween:
      return "between";
    case SortOp::kBeginsWith:
      return "begins_with";
  }
  return "";
}

const char* WriteOpName(WriteOp op) {
  switch (op) {
    case WriteOp::kPut:
      return "Put";
    case WriteOp::kUpdate:
      return "Update";
    case WriteOp::kDelete:
      return "Delete";
  }
  return "Put";
}

std::string KeyCondition::ToString(const std::string& pk_name, const std::string& sk_name) const {
  if (partition_key.empty()) return "";
  std::string out = fmt::format("{} = {}", pk_name, partition_key.ToString());
  std::string after = upper_after_separator ? std::string(1, kAfterSeparator) : "";
  switch (sort_op) {
    case SortOp::kNone:
      break;
    case SortOp::kBetween:
      out += fmt::format(" AND {} between {} and {}{}", sk_name, sort_lower.ToString(),
                         sort_upper.ToString(), after);
      if (lower_exclusive) out += fmt::format(" (without {})", sort_lower.ToString());
      if (upper_exclusive) out += fmt::format(" (without {})", sort_upper.ToString());
      break;
    case SortOp::kBeginsWith:
      out += fmt::format(" AND {} begins_with {}", sk_name, sort_lower.ToString());
      break;
    case SortOp::kLe:
    case SortOp::kGt:
      out += fmt::format(" AND {} {} {}{}", sk_name, SortOpName(sort_op), sort_lower.ToString(),
                         after);
      break;
    default:
      out += fmt::format(" AND {} {} {}", sk_name, SortOpName(sort_op), sort_lower.ToString());
      break;
  }
  return out;
}

std::string ClientStepText(const ClientStep& step) {
  switch (step.kind) {
    case ClientStepKind::kSort:
      return fmt::format("sort by {} {}", step.attribute,
                         step.descending ? "descending" : "ascending");
    case ClientStepKind::kAggregate:
      return step.aggregate == AggregateKind::kCount ? std::string("count the items")
                                                     : fmt::format("sum {}", step.attribute);
    case ClientStepKind::kMatch:
      return fmt::format("keep it only if {} matches", step.attribute);
  }
  return "";
}

std::string ClientStepsText(const std::vector<ClientStep>& steps) {
  std::string out;
  for (const ClientStep& s : steps) out += (out.empty() ? "" : "; ") + ClientStepText(s);
  return out;
}

std::string KeyLayout::IndexName(int index) const {
  for (const auto& i : indexes) {
    if (i.number == index) return i.name;
  }
  return "table";
}

std::vector<int> KeyLayout::ItemTypesOf(EntityId entity) const {
  std::vector<int> out;
  for (std::size_t i = 0; i < item_types.size(); ++i) {
    if (item_types[i].entity == entity) out.push_back(static_cast<int>(i));
  }
  return out;
}

bool CarriesTtlAttribute(const Model& model, const KeyLayout& layout, const ItemType& type) {
  const Entity& en = model.entities[static_cast<std::size_t>(type.entity)];
  return !layout.ttl_attribute.empty() && !en.ttl.empty() && en.ttl != layout.ttl_attribute &&
         std::find(type.attributes.begin(), type.attributes.end(), en.ttl) != type.attributes.end();
}

}  // namespace model
