#include "model/layout.h"

#include <fmt/format.h>

#include <algorithm>

#include "model/filter_presence.h"

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

const char* SeenMarksName(SeenMarks marks) {
  return marks == SeenMarks::kItems ? "items" : "inline";
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
    case WriteOp::kCheck:
      return "ConditionCheck";
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

std::string FollowUpKeyText(const KeyLayout& layout, const FollowUp& f) {
  if (f.by_table_key)
    return fmt::format("{0} = {{{0}}} AND {1} = {{{1}}} of each entry found", layout.partition_key,
                       layout.sort_key);
  const ItemType& t = layout.item_types[static_cast<std::size_t>(f.item_type)];
  auto linked = [&](KeyTemplate k) {
    for (TemplatePart& part : k.parts) {
      if (!part.is_attribute) continue;
      for (std::size_t i = 0; i < f.identifier.size() && i < f.link.size(); ++i) {
        if (part.text == f.identifier[i]) {
          part.text = f.link[i];
          break;
        }
      }
    }
    return k.ToString();
  };
  return fmt::format("{} = {} AND {} = {}", layout.partition_key, linked(t.partition_key),
                     layout.sort_key, linked(t.sort_key));
}

std::vector<int> ReturnedItemTypes(const ReadPlan& plan) {
  if (plan.follow_up && !plan.follow_up->by_table_key) return {plan.follow_up->item_type};
  return plan.item_types;
}

ClientStepOrder OrderClientSteps(const ReadPlan& plan) {
  ClientStepOrder out;
  for (const ClientStep& s : plan.client_steps) {
    if (s.kind == ClientStepKind::kMatch) out.before.push_back(s);
  }
  for (const ClientStep& s : plan.client_steps) {
    if (s.kind == ClientStepKind::kMatch) continue;
    const bool before = s.kind == ClientStepKind::kSort && plan.follow_up.has_value();
    (before ? out.before : out.after).push_back(s);
  }
  return out;
}

bool ShardsInFollowUp(const KeyLayout& layout, const ReadPlan& plan, int aggregate) {
  if (!plan.follow_up || plan.follow_up->by_table_key ||
      plan.follow_up->operation != Operation::kBatchGetItem)
    return false;
  const AggregateLayout& al = layout.aggregates[static_cast<std::size_t>(aggregate)];
  return al.shards > 1 && al.target_type == plan.follow_up->item_type;
}

std::string KeyLayout::IndexName(int index) const {
  for (const auto& i : indexes) {
    if (i.number == index) return i.name;
  }
  return "table";
}

const std::string& KeyLayout::IndexPartitionKey(int index) const {
  for (const auto& i : indexes) {
    if (i.number == index) return i.partition_key;
  }
  return partition_key;
}

const std::string& KeyLayout::IndexSortKey(int index) const {
  for (const auto& i : indexes) {
    if (i.number == index) return i.sort_key;
  }
  return sort_key;
}

std::vector<KeyLayout::KeyAttribute> KeyLayout::KeyAttributeDefinitions() const {
  std::vector<KeyAttribute> out;
  auto add = [&](const std::string& name, KeyType type) {
    if (name.empty()) return;  // a natural-key index without a sort key
    for (const KeyAttribute& a : out) {
      if (a.name == name) return;
    }
    out.push_back(KeyAttribute{name, type});
  };
  add(partition_key, KeyType::kS);
  add(sort_key, KeyType::kS);
  for (const IndexLayout& index : indexes) {
    add(index.partition_key, index.partition_key_type);
    add(index.sort_key, index.sort_key_type);
  }
  return out;
}

std::vector<int> KeyLayout::ItemTypesOf(EntityId entity) const {
  std::vector<int> out;
  for (std::size_t i = 0; i < item_types.size(); ++i) {
    if (item_types[i].entity == entity) out.push_back(static_cast<int>(i));
  }
  return out;
}

const EmbeddedLayout* KeyLayout::EmbeddedChild(EntityId entity) const {
  for (const EmbeddedLayout& e : embedded) {
    if (e.child == entity) return &e;
  }
  return nullptr;
}

std::string EmbeddedPathText(const EmbeddedLayout& e) {
  return fmt::format("{}.{{{}}}", e.attribute, e.key);
}

std::string EmbeddedReadText(const Model& model, const KeyLayout& layout,
                             const EmbeddedRead& read) {
  const EmbeddedLayout& c = layout.embedded[static_cast<std::size_t>(read.collection)];
  std::vector<std::string> keep;
  for (const SparseCondition& f : read.filter) {
    // A presence test (model/filter_presence.h) reads as the model writes it: `score exists`.
    keep.push_back(IsPresenceTest(f.value) ? fmt::format("{} {}", f.attribute, f.value)
                                           : fmt::format("{} = {}", f.attribute, f.value));
  }
  if (read.range) {
    keep.push_back(
        read.range->op == RangeOp::kBetween
            ? fmt::format("{} between {{from}} and {{to}}", read.range->attribute)
            : fmt::format("{} {} {{value}}", read.range->attribute, RangeOpName(read.range->op)));
  }
  return fmt::format(
      "{}the {} elements of {}{}{}", read.with_parent ? "the item and " : "",
      model.entities[static_cast<std::size_t>(c.child)].name, c.attribute,
      keep.empty() ? std::string() : fmt::format(" where {}", fmt::join(keep, " and ")),
      read.limit ? fmt::format(", the first {}", *read.limit) : std::string());
}

bool CarriesTtlAttribute(const Model& model, const KeyLayout& layout, const ItemType& type) {
  const Entity& en = model.entities[static_cast<std::size_t>(type.entity)];
  return !layout.ttl_attribute.empty() && !en.ttl.empty() && en.ttl != layout.ttl_attribute &&
         std::find(type.attributes.begin(), type.attributes.end(), en.ttl) != type.attributes.end();
}

std::vector<AggregateShardItemType> AggregateShardItemTypes(const Model& model,
                                                            const KeyLayout& layout) {
  std::vector<AggregateShardItemType> out;
  for (std::size_t i = 0; i < layout.aggregates.size(); ++i) {
    const AggregateLayout& al = layout.aggregates[i];
    if (al.shards <= 1 || al.target_type < 0) continue;
    const AggregateDecl& a = model.aggregates[static_cast<std::size_t>(al.aggregate_id)];
    const Entity& into = model.entities[static_cast<std::size_t>(a.into)];
    const ItemType& target = layout.item_types[static_cast<std::size_t>(al.target_type)];
    AggregateShardItemType t;
    t.name = target.name + "." + al.shard_literal;
    t.label = al.shard_label;
    t.aggregate = static_cast<int>(i);
    t.target_type = al.target_type;
    t.entity = a.into;
    t.partition_key = al.shard_partition_key;
    t.sort_key = target.sort_key;
    for (std::size_t at = 0; at < into.attributes.size(); ++at) {
      auto id = static_cast<AttrId>(at);
      bool identifier =
          std::find(into.identifier.begin(), into.identifier.end(), id) != into.identifier.end();
      bool value = std::any_of(a.values.begin(), a.values.end(),
                               [&](const AggregateValue& v) { return v.target == id; });
      if (identifier || value) t.attributes.push_back(into.attributes[at].name);
    }
    t.state = {kShardAttribute, kAggregateVersionAttribute};
    if (std::any_of(a.values.begin(), a.values.end(), [](const AggregateValue& v) {
          return v.function == AggregateFunction::kMin || v.function == AggregateFunction::kMax;
        }))
      t.state.push_back(kAggregateValuesAttribute);
    t.shards = al.shards - 1;
    t.count = std::max<std::int64_t>(into.count, 1) * t.shards;
    out.push_back(std::move(t));
  }
  return out;
}

}  // namespace model
