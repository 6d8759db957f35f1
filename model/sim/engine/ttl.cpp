// Time to Live (see database.h, table_admin.h): UpdateTimeToLive, DescribeTimeToLive and the
// sweep that deletes expired items.
//
// Rules, AWS's:
//  https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_UpdateTimeToLive.html
//  ("If the epoch time value stored in the attribute is less than the current time, the item is
//  marked as expired and subsequently deleted." "Items that have expired and not been deleted
//  will still show up in reads, queries, and scans.")
//  https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/time-to-live-ttl-before-you-start.html
//  (the attribute must be a top-level Number of epoch seconds; other types are ignored; "The TTL
//  attribute value must be a datetimestamp with an expiration of no more than five years in the
//  past.")
//  https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/TTL.html
//  (deletions consume no write capacity, leave every index like a delete, and go into the stream
//  as service deletions).
// Messages of UpdateTimeToLive: AWS's, as recorded in dynalite's tests and in public catalogues
// of the service's ValidationException texts. Not simulated: the hour during which AWS rejects a
// further UpdateTimeToLive ("Time to live has been modified multiple times within a fixed
// interval"); here a change applies at once and can be undone at once.
#include <fmt/format.h>

#include <string>
#include <utility>
#include <vector>

#include "model/sim/api/number.h"
#include "model/sim/engine/database.h"
#include "model/sim/engine/database_meta.h"
#include "model/sim/engine/table_keys.h"
#include "model/sim/engine/table_store.h"
#include "model/sim/engine/table_write.h"
#include "model/sim/storage/codec.h"
#include "model/sim/storage/sqlite_db.h"

namespace sim {
namespace {

// Five years of 365 days: TTL values further in the past than this are never expired.
constexpr std::int64_t kMaxPastSeconds = std::int64_t{5} * 365 * 24 * 3600;

// Whether an item with this TTL attribute value is expired at `now_seconds`.
bool Expired(const AttributeValue& value, std::int64_t now_seconds) {
  if (!value.is(ValueType::kN)) return false;
  const std::string now = std::to_string(now_seconds);
  const std::string oldest = std::to_string(now_seconds - kMaxPastSeconds);
  return Number::Compare(value.scalar(), now) < 0 && Number::Compare(value.scalar(), oldest) >= 0;
}

}  // namespace

SimResult<TimeToLiveSpecification> Database::UpdateTimeToLive(
    const std::string& table_name, const TimeToLiveSpecification& specification) {
  if (auto message = CheckTableName(table_name)) return Error::Validation(*message);
  if (specification.attribute_name.empty() || specification.attribute_name.size() > 255) {
    return Error::Validation(fmt::format(
        "1 validation error detected: Value '{}' at 'timeToLiveSpecification.attributeName' "
        "failed to satisfy constraint: Member must have length {}",
        specification.attribute_name,
        specification.attribute_name.empty() ? "greater than or equal to 1"
                                             : "less than or equal to 255"));
  }
  TableStore* store = Find(table_name);
  if (store == nullptr) return Error::ResourceNotFound();
  TableMeta meta = store->meta();
  if (specification.enabled) {
    if (meta.ttl_attribute && *meta.ttl_attribute == specification.attribute_name)
      return Error::Validation("TimeToLive is already enabled");
    if (meta.ttl_attribute) {
      return Error::Validation(fmt::format(
          "TimeToLive is active on a different AttributeName: current AttributeName is {}",
          *meta.ttl_attribute));
    }
    meta.ttl_attribute = specification.attribute_name;
  } else {
    if (!meta.ttl_attribute) return Error::Validation("TimeToLive is already disabled");
    meta.ttl_attribute.reset();
  }
  Transaction txn(db_.get());
  if (SimStatus s = txn.Begin(); !s.ok()) return s.error();
  if (SimStatus s = SaveCatalogue(table_name, store->schema().definition, meta); !s.ok())
    return s.error();
  if (SimStatus s = txn.Commit(); !s.ok()) return s.error();
  store->mutable_meta() = std::move(meta);
  return specification;
}

SimResult<TimeToLiveDescription> Database::DescribeTimeToLive(const std::string& table_name) {
  if (auto message = CheckTableName(table_name)) return Error::Validation(*message);
  TableStore* store = Find(table_name);
  if (store == nullptr) return Error::ResourceNotFound();
  TimeToLiveDescription d;
  if (store->meta().ttl_attribute) {
    d.time_to_live_status = "ENABLED";
    d.attribute_name = *store->meta().ttl_attribute;
  }
  return d;
}

SimResult<std::int64_t> Database::ExpireItems() {
  const std::int64_t now_ms = NowMs();
  // Floor division: a clock before the epoch still gives the second it is in.
  const std::int64_t now_seconds = now_ms >= 0 ? now_ms / 1000 : -((-now_ms + 999) / 1000);
  std::int64_t total = 0;
  for (auto& [name, store] : tables_) {
    if (!store->meta().ttl_attribute) continue;
    SimResult<std::int64_t> n = ExpireTable(store.get(), now_seconds);
    if (!n.ok()) return n.error();
    total += *n;
  }
  return total;
}

SimResult<std::int64_t> Database::ExpireTable(TableStore* store, std::int64_t now_seconds) {
  const TableSchema& schema = store->schema();
  const std::string& attribute = *store->meta().ttl_attribute;
  std::vector<WritePlan> plans;
  SimStatus failure = Ok{};
  SimStatus scanned = store->Range(RangeSpec{}, [&](const RangeRow& row) {
    SimResult<Item> item = DecodeItem(row.item_bytes());
    if (!item.ok()) {
      failure = item.error();
      return false;
    }
    auto ttl = item->find(attribute);
    if (ttl == item->end() || !Expired(ttl->second, now_seconds)) return true;
    WritePlan plan;
    plan.store = store;
    plan.key = KeyBytes{std::string(row.pk()), std::string(row.sk())};
    plan.partition_value = item->find(schema.partition.name)->second;
    plan.old_size = row.size();
    plan.old_item = std::move(*item);
    plans.push_back(std::move(plan));
    return true;
  });
  if (!scanned.ok()) return scanned.error();
  if (!failure.ok()) return failure.error();
  if (plans.empty()) return std::int64_t{0};

  Transaction txn(db_.get());
  if (SimStatus s = txn.Begin(); !s.ok()) return s.error();
  for (WritePlan& plan : plans) {
    PlanChanges(&plan, schema);
    plan.usage.clear();  // TTL deletions consume no write capacity
    if (plan.stream) plan.stream->service_removal = true;
    if (SimStatus s = ApplyWrite(&plan, now_seconds * 1000); !s.ok()) return s.error();
  }
  if (SimStatus s = txn.Commit(); !s.ok()) return s.error();
  for (const WritePlan& plan : plans) FinishWrite(plan);
  return static_cast<std::int64_t>(plans.size());
}

}  // namespace sim
