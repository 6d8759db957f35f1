// Scan, with parallel segments (see database.h, query.h, query_page.h). A row belongs to
// segment FNV-1a(partition key bytes) mod TotalSegments, so the segments of one scan are
// disjoint and together cover every item, and all items of a partition share a segment.
#include <fmt/format.h>

#include <cstdint>
#include <utility>

#include "model/sim/api/query.h"
#include "model/sim/engine/database.h"
#include "model/sim/engine/query_page.h"
#include "model/sim/engine/table_common.h"
#include "model/sim/engine/table_store.h"

namespace sim {
namespace {

constexpr std::int64_t kMaxTotalSegments = 1000000;

std::uint64_t Fnv1a(std::string_view bytes) {
  std::uint64_t h = 14695981039346656037ull;
  for (char c : bytes) {
    h ^= static_cast<unsigned char>(c);
    h *= 1099511628211ull;
  }
  return h;
}

SimStatus CheckSegments(const std::optional<std::int64_t>& segment,
                        const std::optional<std::int64_t>& total) {
  if (total && (*total < 1 || *total > kMaxTotalSegments)) {
    return Error::Validation(
        fmt::format("1 validation error detected: Value '{}' at 'totalSegments' failed to satisfy "
                    "constraint: Member must have value {} {}",
                    *total, *total < 1 ? "greater than or equal to" : "less than or equal to",
                    *total < 1 ? 1 : kMaxTotalSegments));
  }
  if (segment && *segment < 0) {
    return Error::Validation(fmt::format(
        "1 validation error detected: Value '{}' at 'segment' failed to satisfy constraint: "
        "Member must have value greater than or equal to 0",
        *segment));
  }
  if (segment && !total) {
    return Error::Validation(
        "The TotalSegments parameter is required but was not present in the request when "
        "Segment parameter is present");
  }
  if (total && !segment) {
    return Error::Validation(
        "The Segment parameter is required but was not present in the request when parameter "
        "TotalSegments is present");
  }
  if (segment && *segment >= *total) {
    return Error::Validation(fmt::format(
        "The Segment parameter is zero-based and must be less than parameter TotalSegments: "
        "Segment: {} is not less than TotalSegments: {}",
        *segment, *total));
  }
  return Ok{};
}

}  // namespace

SimResult<ScanResponse> Database::Scan(const ScanRequest& request) {
  if (auto error = TableNameError(request.table_name)) return *error;
  if (SimStatus s = CheckSegments(request.segment, request.total_segments); !s.ok()) {
    return s.error();
  }
  if (SimStatus s = CheckReadShape(request.limit, request.select, request.projection_expression,
                                   !request.index_name.empty());
      !s.ok()) {
    return s.error();
  }
  if (SimStatus s = CheckExpressionMaps(
          !request.filter_expression.empty() || !request.projection_expression.empty(),
          request.expression_attribute_names, request.expression_attribute_values);
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
  if (SimStatus s = attributes.CheckAllUsed(); !s.ok()) return s.error();

  TableStore* store = Find(request.table_name);
  if (store == nullptr) return Error::ResourceNotFound();
  const TableSchema& schema = store->schema();
  SimResult<int> position =
      ResolveIndex(schema, request.index_name, request.consistent_read, request.select);
  if (!position.ok()) return position.error();
  const IndexSchema* index =
      *position < 0 ? nullptr : &schema.indexes[static_cast<std::size_t>(*position)];
  if (auto error =
          UnprojectedProjectionError(schema, index, *projection ? &**projection : nullptr)) {
    return *error;
  }
  PageSpec page_spec;
  page_spec.range.index = *position;
  if (request.exclusive_start_key) {
    SimResult<StartKey> start = DecodeStartKey(schema, index, *request.exclusive_start_key, false);
    if (!start.ok()) return start.error();
    page_spec.range.start_after = std::move(start->tuple);
  }
  if (request.total_segments && *request.total_segments > 1) {
    const auto total = static_cast<std::uint64_t>(*request.total_segments);
    const auto segment = static_cast<std::uint64_t>(*request.segment);
    page_spec.keep_partition = [total, segment](std::string_view partition) {
      return Fnv1a(partition) % total == segment;
    };
  }
  SetPageResult(&page_spec, schema, index, filter ? &*filter : nullptr,
                *projection ? &**projection : nullptr, request.limit, request.select);

  SimResult<Page> page = ReadPage(store, page_spec);
  if (!page.ok()) return page.error();
  const ReadMode mode = request.consistent_read ? ReadMode::kStrong : ReadMode::kEventual;
  const double units = ReadUnits(page->bytes_read, mode);
  CapacityMeter meter(schema.name);
  MeterPageRead(&meter, index, units);
  if (page->table_bytes_read > 0) meter.AddRead("", true, ReadUnits(page->table_bytes_read, mode));
  ScanResponse response = std::move(page->response);
  response.consumed_capacity = meter.Render(request.return_consumed_capacity);
  return response;
}

}  // namespace sim
