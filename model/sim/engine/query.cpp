// Query (see database.h, query.h, query_page.h).
#include "model/sim/api/query.h"

#include <fmt/format.h>

#include <algorithm>
#include <utility>

#include "model/sim/engine/database.h"
#include "model/sim/engine/key_codec.h"
#include "model/sim/engine/query_page.h"
#include "model/sim/engine/table_common.h"
#include "model/sim/engine/table_store.h"

namespace sim {
namespace {

// The smallest byte string greater than every string starting with `prefix`, or nullopt.
std::optional<std::string> PrefixSuccessor(std::string prefix) {
  while (!prefix.empty() && static_cast<unsigned char>(prefix.back()) == 0xff) prefix.pop_back();
  if (prefix.empty()) return std::nullopt;
  prefix.back() = static_cast<char>(static_cast<unsigned char>(prefix.back()) + 1);
  return prefix;
}

void ApplySortCondition(const SortKeyCondition& c, RangeSpec* range) {
  std::string v = EncodeKey(c.value);
  switch (c.op) {
    case SortKeyOp::kEq:
      range->lower = RangeBound{v, true};
      range->upper = RangeBound{v, true};
      range->sort_equality = true;
      break;
    case SortKeyOp::kLt:
      range->upper = RangeBound{v, false};
      break;
    case SortKeyOp::kLe:
      range->upper = RangeBound{v, true};
      break;
    case SortKeyOp::kGt:
      range->lower = RangeBound{v, false};
      break;
    case SortKeyOp::kGe:
      range->lower = RangeBound{v, true};
      break;
    case SortKeyOp::kBetween:
      range->lower = RangeBound{v, true};
      range->upper = RangeBound{EncodeKey(c.upper), true};
      break;
    case SortKeyOp::kBeginsWith: {
      // S and B keys encode as their own bytes, so a prefix of the value is a prefix of the key.
      range->lower = RangeBound{v, true};
      if (auto successor = PrefixSuccessor(v)) range->upper = RangeBound{*successor, false};
      break;
    }
  }
}

// The byte range of a multi-attribute sort key (key_codec.h): the equality prefix P (the
// components of the sort attributes before the one the condition is on), then the condition on
// the next attribute's component c(v). Entries whose sort bytes start with P + c(v) are exactly
// those whose attribute equals v; "successor" is the smallest string above every string with a
// prefix.
// https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/GSI.html#GSI.MultiAttributeKeys
void ApplyMultiAttributeSortCondition(const std::vector<AttributeValue>& prefix,
                                      const std::optional<SortKeyCondition>& c, RangeSpec* range) {
  std::string p;
  for (const AttributeValue& v : prefix) p += EncodeKeyComponent(v);
  auto lower = [&](std::string bytes) { range->lower = RangeBound{std::move(bytes), true}; };
  auto upper_after = [&](const std::string& bytes) {
    if (auto successor = PrefixSuccessor(bytes)) range->upper = RangeBound{*successor, false};
  };
  auto upper_before = [&](std::string bytes) {
    range->upper = RangeBound{std::move(bytes), false};
  };
  if (!c) {
    if (!p.empty()) {
      lower(p);
      upper_after(p);
    }
    return;
  }
  const std::string v = c->op == SortKeyOp::kBeginsWith ? EncodeKeyComponentPrefix(c->value)
                                                        : EncodeKeyComponent(c->value);
  switch (c->op) {
    case SortKeyOp::kEq:
    case SortKeyOp::kBeginsWith:
      lower(p + v);
      upper_after(p + v);
      break;
    case SortKeyOp::kLt:
      if (!p.empty()) lower(p);
      upper_before(p + v);
      break;
    case SortKeyOp::kLe:
      if (!p.empty()) lower(p);
      upper_after(p + v);
      break;
    case SortKeyOp::kGt:
      if (auto successor = PrefixSuccessor(p + v)) {
        lower(*successor);
      } else {
        range->lower = RangeBound{p + v, false};
      }
      if (!p.empty()) upper_after(p);
      break;
    case SortKeyOp::kGe:
      lower(p + v);
      if (!p.empty()) upper_after(p);
      break;
    case SortKeyOp::kBetween:
      lower(p + v);
      upper_after(p + EncodeKeyComponent(c->upper));
      break;
  }
}

// Whether `bytes` lies within the range's bounds.
bool InRange(const RangeSpec& range, const std::string& bytes) {
  if (range.lower &&
      (range.lower->inclusive ? bytes < range.lower->bytes : bytes <= range.lower->bytes)) {
    return false;
  }
  if (range.upper &&
      (range.upper->inclusive ? bytes > range.upper->bytes : bytes >= range.upper->bytes)) {
    return false;
  }
  return true;
}

}  // namespace

// Checks shared by Query and Scan on Limit, Select and ProjectionExpression.
SimStatus CheckReadShape(std::optional<std::int64_t> limit, Select select,
                         const std::string& projection_expression, bool has_index) {
  if (limit && *limit < 1) {
    return Error::Validation(fmt::format(
        "1 validation error detected: Value '{}' at 'limit' failed to satisfy constraint: Member "
        "must have value greater than or equal to 1",
        *limit));
  }
  if (!projection_expression.empty() && select != Select::kDefault &&
      select != Select::kSpecificAttributes) {
    return Error::Validation(
        "Cannot specify the ProjectionExpression when choosing to get only the Count or ALL "
        "attributes; use Select SPECIFIC_ATTRIBUTES");
  }
  if (select == Select::kSpecificAttributes && projection_expression.empty()) {
    return Error::Validation(
        "Must specify the AttributesToGet or ProjectionExpression when choosing to get "
        "SPECIFIC_ATTRIBUTES");
  }
  if (select == Select::kAllProjectedAttributes && !has_index) {
    return Error::Validation(
        "ALL_PROJECTED_ATTRIBUTES can be used only when Querying using an IndexName");
  }
  return Ok{};
}

// Resolves IndexName (empty: the table) and the read's consistency rules.
SimResult<int> ResolveIndex(const TableSchema& schema, const std::string& index_name,
                            bool consistent_read, Select select) {
  if (index_name.empty()) return -1;
  for (std::size_t i = 0; i < schema.indexes.size(); ++i) {
    const IndexSchema& index = schema.indexes[i];
    if (index.name != index_name) continue;
    if (index.global && consistent_read) {
      return Error::Validation("Consistent reads are not supported on global secondary indexes");
    }
    if (index.global && select == Select::kAllAttributes &&
        index.projection != ProjectionType::kAll) {
      return Error::Validation(fmt::format(
          "One or more parameter values were invalid: Select type ALL_ATTRIBUTES is not "
          "supported for global secondary index {} because its projection type is not ALL",
          index.name));
    }
    return static_cast<int>(i);
  }
  return Error::Validation(
      fmt::format("The table does not have the specified index: {}", index_name));
}

// Whether an LSI read must fetch table items for attributes the index does not project.
bool NeedsTableFetch(const TableSchema& schema, const IndexSchema* index, Select select,
                     const sim::Projection* projection) {
  if (index == nullptr || index->global || index->projection == ProjectionType::kAll) return false;
  if (select == Select::kAllAttributes) return true;
  if (projection == nullptr) return false;
  for (const std::string& name : projection->top_level_names()) {
    if (schema.IsTableKey(name) || index->IsIndexKey(name) || index->included.count(name)) {
      continue;
    }
    return true;
  }
  return false;
}

SimResult<QueryResponse> Database::Query(const QueryRequest& request) {
  if (auto error = TableNameError(request.table_name)) return *error;
  if (SimStatus s = CheckReadShape(request.limit, request.select, request.projection_expression,
                                   !request.index_name.empty());
      !s.ok()) {
    return s.error();
  }
  ExpressionAttributes attributes(&request.expression_attribute_names,
                                  &request.expression_attribute_values);
  auto parsed_filter = ParseOptionalFilter(request.filter_expression, attributes);
  if (!parsed_filter.ok()) return parsed_filter.error();
  const std::optional<Condition>& filter = *parsed_filter;
  auto projection = ParseOptionalProjection(request.projection_expression, attributes);
  if (!projection.ok()) return projection.error();

  TableStore* store = Find(request.table_name);
  if (store == nullptr) return Error::ResourceNotFound();
  const TableSchema& schema = store->schema();
  SimResult<int> position =
      ResolveIndex(schema, request.index_name, request.consistent_read, request.select);
  if (!position.ok()) return position.error();
  const IndexSchema* index =
      *position < 0 ? nullptr : &schema.indexes[static_cast<std::size_t>(*position)];
  // The key queried: the table's, or the index's (of several attributes for multi-attribute
  // GSI keys, which follow their own rules: ResolveMultiAttribute).
  std::vector<KeyAttributeSpec> pk_specs, sk_specs;
  if (index) {
    for (const KeyAttribute& k : index->partition) pk_specs.push_back({k.name, k.type});
    for (const KeyAttribute& k : index->sort) sk_specs.push_back({k.name, k.type});
  } else {
    pk_specs.push_back({schema.partition.name, schema.partition.type});
    if (schema.sort) sk_specs.push_back({schema.sort->name, schema.sort->type});
  }
  const bool multi_attribute = index && index->multi_attribute();
  SimResult<KeyConditionExpression> parsed_key =
      ParseKeyConditionExpression(request.key_condition_expression, attributes);
  if (!parsed_key.ok()) return parsed_key.error();
  SimResult<KeyCondition> key_condition =
      multi_attribute ? parsed_key->ResolveMultiAttribute(pk_specs, sk_specs)
                      : parsed_key->Resolve(pk_specs[0], sk_specs.empty() ? nullptr : &sk_specs[0]);
  if (!key_condition.ok()) return key_condition.error();
  if (SimStatus s = attributes.CheckAllUsed(); !s.ok()) return s.error();
  if (filter) {
    for (const std::string& name : filter->top_level_names()) {
      const bool key = std::any_of(pk_specs.begin(), pk_specs.end(),
                                   [&](const KeyAttributeSpec& k) { return k.name == name; }) ||
                       std::any_of(sk_specs.begin(), sk_specs.end(),
                                   [&](const KeyAttributeSpec& k) { return k.name == name; });
      if (key) {
        return Error::Validation(fmt::format(
            "Filter Expression can only contain non-primary key attributes: Primary key "
            "attribute: {}",
            name));
      }
    }
  }

  if (auto error = UnprojectedFilterError(schema, index, filter ? &*filter : nullptr)) {
    return *error;
  }
  if (auto error =
          UnprojectedProjectionError(schema, index, *projection ? &**projection : nullptr)) {
    return *error;
  }

  PageSpec page_spec;
  page_spec.range.index = *position;
  if (multi_attribute) {
    std::vector<const AttributeValue*> values;
    for (const AttributeValue& v : key_condition->partition_values) values.push_back(&v);
    page_spec.range.partition = EncodeKeyParts(values, index->partition.size() > 1);
  } else {
    page_spec.range.partition = EncodeKey(key_condition->partition_value);
  }
  page_spec.range.forward = request.scan_index_forward;
  const bool multi_attribute_sort = index && index->sort.size() > 1;
  if (multi_attribute_sort) {
    ApplyMultiAttributeSortCondition(key_condition->sort_prefix, key_condition->sort,
                                     &page_spec.range);
  } else if (key_condition->sort) {
    ApplySortCondition(*key_condition->sort, &page_spec.range);
  }
  if (request.exclusive_start_key) {
    SimResult<StartKey> start = DecodeStartKey(schema, index, *request.exclusive_start_key, true);
    if (!start.ok()) return start.error();
    if (start->partition_bytes != *page_spec.range.partition) {
      return Error::Validation(
          "The provided starting key is outside query boundaries based on provided conditions");
    }
    const bool outside = multi_attribute_sort
                             ? !InRange(page_spec.range, start->sort_bytes)
                             : key_condition->sort && start->sort_value &&
                                   !key_condition->sort->Matches(*start->sort_value);
    if (outside) {
      return Error::Validation("The provided starting key does not match the range key predicate");
    }
    page_spec.range.start_after = std::move(start->tuple);
  }
  SetPageResult(&page_spec, schema, index, filter ? &*filter : nullptr,
                *projection ? &**projection : nullptr, request.limit, request.select);

  SimResult<Page> page = ReadPage(store, page_spec);
  if (!page.ok()) return page.error();
  const ReadMode mode = request.consistent_read ? ReadMode::kStrong : ReadMode::kEventual;
  const double units = ReadUnits(page->bytes_read, mode);
  CapacityMeter meter(schema.name);
  const std::string no_index;
  const std::string& usage_name = index ? index->name : no_index;
  store->usage().AddRead(usage_name, *page_spec.range.partition, key_condition->partition_value,
                         units);
  MeterPageRead(&meter, index, units);
  if (page->table_bytes_read > 0) {
    const double fetch_units = ReadUnits(page->table_bytes_read, mode);
    meter.AddRead("", true, fetch_units);
    store->usage().AddRead("", *page_spec.range.partition, key_condition->partition_value,
                           fetch_units);
  }
  QueryResponse response = std::move(page->response);
  response.consumed_capacity = meter.Render(request.return_consumed_capacity);
  return response;
}

}  // namespace sim
