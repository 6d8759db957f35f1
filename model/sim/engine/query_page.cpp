// Page reading shared by Query and Scan (see query_page.h).
#include "model/sim/engine/query_page.h"

#include <fmt/format.h>

#include <algorithm>
#include <utility>

#include "model/sim/engine/key_codec.h"
#include "model/sim/engine/table_keys.h"
#include "model/sim/engine/table_write.h"
#include "model/sim/storage/codec.h"

namespace sim {
namespace {

Item LastKey(const TableSchema& schema, const IndexSchema* index, const Item& item) {
  Item key = KeyOf(schema, item);
  if (index) {
    auto copy = [&](const std::string& name) {
      auto it = item.find(name);
      if (it != item.end()) key.insert(*it);
    };
    // Every key attribute of the index, several for multi-attribute keys.
    for (const auto* list : {&index->partition, &index->sort}) {
      for (const KeyAttribute& k : *list) copy(k.name);
    }
  }
  return key;
}

}  // namespace

std::optional<Error> UnprojectedFilterError(const TableSchema& schema, const IndexSchema* index,
                                            const Condition* filter) {
  if (filter == nullptr || index == nullptr || index->projection == ProjectionType::kAll) {
    return std::nullopt;
  }
  std::vector<std::string> missing;
  for (const std::string& name : filter->top_level_names()) {
    const bool projected =
        schema.IsTableKey(name) || index->IsIndexKey(name) || index->included.count(name) > 0;
    if (!projected && std::find(missing.begin(), missing.end(), name) == missing.end()) {
      missing.push_back(name);
    }
  }
  if (missing.empty()) return std::nullopt;
  std::string list;
  for (const std::string& name : missing) list += (list.empty() ? "" : ", ") + name;
  return Error::Validation(fmt::format(
      "One or more parameter values were invalid: Secondary index {} does not project one or "
      "more filter attributes: [{}]",
      index->name, list));
}

std::optional<Error> UnprojectedProjectionError(const TableSchema& schema, const IndexSchema* index,
                                                const sim::Projection* projection) {
  if (projection == nullptr || index == nullptr || !index->global ||
      index->projection == ProjectionType::kAll) {
    return std::nullopt;
  }
  std::string list;
  for (const std::string& name : projection->top_level_names()) {
    const bool projected =
        schema.IsTableKey(name) || index->IsIndexKey(name) || index->included.count(name) > 0;
    if (!projected) list += (list.empty() ? "" : ", ") + name;
  }
  if (list.empty()) return std::nullopt;
  return Error::Validation(
      fmt::format("One or more parameter values were invalid: Global secondary index {} does not "
                  "project [{}]",
                  index->name, list));
}

SimResult<Page> ReadPage(TableStore* store, const PageSpec& spec) {
  const TableSchema& schema = store->schema();
  Page page;
  QueryResponse& out = page.response;
  std::optional<Error> failure;
  std::optional<Item> last_item;
  std::string last_sort_bytes;
  bool stopped = false;
  SimStatus status = store->Range(spec.range, [&](const RangeRow& row) {
    if (spec.keep_partition && !spec.keep_partition(spec.index ? row.ipk() : row.pk())) return true;
    SimResult<Item> decoded = DecodeItem(row.item_bytes());
    if (!decoded.ok()) {
      failure = decoded.error();
      return false;
    }
    Item item = std::move(*decoded);
    ++out.scanned_count;
    page.bytes_read += row.size();
    if (spec.fetch_table_item) {
      SimResult<std::optional<LoadedItem>> full =
          LoadItem(store, KeyBytes{std::string(row.pk()), std::string(row.sk())});
      if (!full.ok()) {
        failure = full.error();
        return false;
      }
      if (full->has_value()) {
        page.table_bytes_read += (*full)->size;
        item = std::move((*full)->item);
      }
    }
    const bool at_limit = spec.limit && out.scanned_count >= *spec.limit;
    const bool at_size = page.bytes_read >= kPageBytes;
    if (at_limit || at_size) {
      stopped = true;
      last_item = LastKey(schema, spec.index, item);
      last_sort_bytes.assign(spec.index ? row.isk() : row.sk());
    }
    if (!spec.filter || spec.filter->Evaluate(item)) {
      ++out.count;
      if (!spec.count_only) {
        out.items.push_back(spec.projection ? spec.projection->Apply(item) : std::move(item));
      }
    }
    return !stopped;
  });
  if (!status.ok()) return status.error();
  if (failure) return *failure;
  // A Query of a table without a sort key reads a partition of at most one item: nothing can
  // follow it, so no LastEvaluatedKey (as DynamoDB Local answers).
  const bool single_item_partition = spec.index == nullptr && !schema.sort && spec.range.partition;
  // Likewise when a table Query stopped on the item at the inclusive end of its sort-key range
  // (`sk <= :v` forward, `sk >= :v` backward, BETWEEN): sort keys are unique within a
  // partition, so nothing else can match. DynamoDB Local answers so, except for `sk = :v`, where
  // it still returns the key.
  const std::optional<RangeBound>& end_bound =
      spec.range.forward ? spec.range.upper : spec.range.lower;
  const bool equality = spec.range.sort_equality;
  // begins_with reads [prefix, successor): its inclusive lower bound is not an end of range.
  const bool begins_with = spec.range.upper && !spec.range.upper->inclusive && spec.range.lower &&
                           spec.range.lower->inclusive;
  const bool at_range_end = spec.index == nullptr && spec.range.partition && end_bound &&
                            end_bound->inclusive && !equality && !begins_with &&
                            end_bound->bytes == last_sort_bytes;
  if (stopped && !single_item_partition && !at_range_end) {
    out.last_evaluated_key = std::move(last_item);
  }
  return page;
}

SimResult<StartKey> DecodeStartKey(const TableSchema& schema, const IndexSchema* index,
                                   const Item& key, bool within_partition) {
  auto invalid = [] {
    return Error::Validation(
        "The provided starting key is invalid: The provided key element does not match the "
        "schema");
  };
  std::vector<const KeyAttribute*> attrs{&schema.partition};
  if (schema.sort) attrs.push_back(&*schema.sort);
  if (index) {
    for (const auto* list : {&index->partition, &index->sort}) {
      for (const KeyAttribute& k : *list) {
        if (!schema.IsTableKey(k.name)) attrs.push_back(&k);
      }
    }
  }
  if (key.size() != attrs.size()) return invalid();
  for (const KeyAttribute* a : attrs) {
    auto it = key.find(a->name);
    if (it == key.end() || it->second.type() != a->type) return invalid();
  }
  auto bytes = [&](const std::string& name) { return EncodeKey(key.at(name)); };
  // The bytes of an index key of one or more attributes (key_codec.h).
  auto parts = [&](const std::vector<KeyAttribute>& list) {
    std::vector<const AttributeValue*> values;
    for (const KeyAttribute& k : list) values.push_back(&key.at(k.name));
    return EncodeKeyParts(values, list.size() > 1);
  };
  StartKey out;
  const std::string table_pk = bytes(schema.partition.name);
  const std::string table_sk = schema.sort ? bytes(schema.sort->name) : std::string();
  if (index) {
    out.partition_bytes = parts(index->partition);
    std::string isk = index->sort.empty() ? std::string() : parts(index->sort);
    out.sort_bytes = isk;
    if (index->sort.size() == 1) out.sort_value = &key.at(index->sort[0].name);
    if (!within_partition) out.tuple.push_back(out.partition_bytes);
    out.tuple.insert(out.tuple.end(), {isk, table_pk, table_sk});
  } else {
    out.partition_bytes = table_pk;
    if (schema.sort) out.sort_value = &key.at(schema.sort->name);
    if (!within_partition) out.tuple.push_back(table_pk);
    out.tuple.push_back(table_sk);
  }
  return out;
}

SimResult<std::optional<Condition>> ParseOptionalFilter(const std::string& text,
                                                        ExpressionAttributes& attributes) {
  if (text.empty()) return std::optional<Condition>();
  SimResult<Condition> parsed = ParseCondition(text, ExpressionKind::kFilter, attributes);
  if (!parsed.ok()) return parsed.error();
  return std::optional<Condition>(std::move(*parsed));
}

void SetPageResult(PageSpec* spec, const TableSchema& schema, const IndexSchema* index,
                   const Condition* filter, const sim::Projection* projection,
                   std::optional<std::int64_t> limit, Select select) {
  spec->index = index;
  spec->filter = filter;
  spec->projection = projection;
  spec->limit = limit;
  spec->count_only = select == Select::kCount;
  spec->fetch_table_item = NeedsTableFetch(schema, index, select, projection);
}

void MeterPageRead(CapacityMeter* meter, const IndexSchema* index, double units) {
  if (index) {
    meter->AddRead("", true, 0);
    meter->AddRead(index->name, index->global, units);
  } else {
    meter->AddRead("", true, units);
  }
}

}  // namespace sim
