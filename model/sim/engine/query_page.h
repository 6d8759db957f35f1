// Internal to model/sim: reading one page of a Query or Scan, shared by both.
//
// Rows are read in key order until Limit items or 1 MB (kPageBytes) of item data have been
// read, whichever comes first; only then are the FilterExpression and the projection applied.
// ScannedCount counts rows read, Count rows kept; LastEvaluatedKey (table keys, plus the index
// keys when reading an index) is set when the page stopped early. Capacity is the sum of the
// bytes read, rounded up to 4 KB once.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>

#include "model/sim/api/capacity.h"
#include "model/sim/api/query.h"
#include "model/sim/engine/table_store.h"
#include "model/sim/expr/expression.h"

namespace sim {

// A Query filter on an index (GSI or LSI) that does not project ALL may name only projected
// attributes: DynamoDB Local rejects the request otherwise, with this message (a projection
// expression on an LSI may still name them: those are fetched from the table). A Scan of an
// index evaluates its filter on the projected entry. Empty when the filter is allowed.
std::optional<Error> UnprojectedFilterError(const TableSchema& schema, const IndexSchema* index,
                                            const Condition* filter);

// A ProjectionExpression on a global secondary index that does not project ALL may name only
// projected attributes, since a GSI cannot fetch from the table: DynamoDB rejects the request
// ("One or more parameter values were invalid: Global secondary index G does not project [a, b]",
// the unprojected top-level names sorted; as captured against DynamoDB by
// nubo-db/dynoxide, src/partiql/executor.rs and tests/partiql_index_qualifier.rs). An LSI
// fetches them from the table instead. Empty when the projection is allowed.
std::optional<Error> UnprojectedProjectionError(const TableSchema& schema, const IndexSchema* index,
                                                const sim::Projection* projection);

struct PageSpec {
  RangeSpec range;
  const IndexSchema* index = nullptr;  // null: the table
  const Condition* filter = nullptr;
  const sim::Projection* projection = nullptr;
  std::optional<std::int64_t> limit;
  bool count_only = false;
  // LSI reads that need attributes the index does not project fetch the table item too.
  bool fetch_table_item = false;
  // Scan segments: rows whose partition key bytes this rejects are skipped unread.
  std::function<bool(std::string_view partition_bytes)> keep_partition;
};

struct Page {
  QueryResponse response;  // items, count, scanned_count, last_evaluated_key
  std::int64_t bytes_read = 0;
  std::int64_t table_bytes_read = 0;  // LSI fetches of table items
};

[[nodiscard]] SimResult<Page> ReadPage(TableStore* store, const PageSpec& spec);

// Validates an ExclusiveStartKey against the table (and index) key schema and returns its
// ordering tuple for RangeSpec::start_after: (sk) / (isk, pk, sk) within a partition for
// Query, with the partition key first for Scan. Also returns the partition bytes.
struct StartKey {
  std::vector<std::string> tuple;
  std::string partition_bytes;  // of the table or index being read
  // The read's sort key value, if it has a sort key of one attribute.
  const AttributeValue* sort_value = nullptr;
  std::string sort_bytes;  // an index's sort key bytes (key_codec.h), empty without one
};
[[nodiscard]] SimResult<StartKey> DecodeStartKey(const TableSchema& schema,
                                                 const IndexSchema* index, const Item& key,
                                                 bool within_partition);

// Checks shared by Query and Scan on Limit, Select and ProjectionExpression.
[[nodiscard]] SimStatus CheckReadShape(std::optional<std::int64_t> limit, Select select,
                                       const std::string& projection_expression, bool has_index);
// Resolves IndexName (empty: -1, the table) with the consistency and Select rules of indexes.
[[nodiscard]] SimResult<int> ResolveIndex(const TableSchema& schema, const std::string& index_name,
                                          bool consistent_read, Select select);
// Whether an LSI read must fetch table items for attributes the index does not project.
bool NeedsTableFetch(const TableSchema& schema, const IndexSchema* index, Select select,
                     const sim::Projection* projection);

// Parses a FilterExpression when present (errors name it "Filter Expression").
[[nodiscard]] SimResult<std::optional<Condition>> ParseOptionalFilter(
    const std::string& text, ExpressionAttributes& attributes);

// Sets what a Query's or Scan's page returns: rows of `index` (null: the table) that `filter`
// keeps (null: all), shaped by `projection` (null: whole items), at most `limit` rows read,
// only counted for Select COUNT, and whether LSI rows fetch the table item (NeedsTableFetch).
void SetPageResult(PageSpec* spec, const TableSchema& schema, const IndexSchema* index,
                   const Condition* filter, const sim::Projection* projection,
                   std::optional<std::int64_t> limit, Select select);

// Adds a page read of `units` to `meter`: to the index read (the table's share 0) or, without
// one, to the table.
void MeterPageRead(CapacityMeter* meter, const IndexSchema* index, double units);

}  // namespace sim
