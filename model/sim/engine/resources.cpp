// Tags and point-in-time recovery settings of a table (see database.h, table_admin.h):
// TagResource, UntagResource, ListTagsOfResource, DescribeContinuousBackups and
// UpdateContinuousBackups. All are kept in the table's catalogue row (TableMeta), so they
// survive a restart with a database file.
//
// Rules, AWS's:
//  https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/TaggingRestrictions.html
//  (one tag per key, adding an existing key replaces its value; keys up to 128 characters,
//  values up to 256; at most 50 tags per resource; the aws: prefix is reserved)
//  https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_Tag.html
//  (Key: length 1-128; Value: length 0-256)
//  https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_DescribeContinuousBackups.html
//  (continuous backups are ENABLED on every table; TableNotFoundException for an unknown table)
//  https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_PointInTimeRecoverySpecification.html
//  (RecoveryPeriodInDays: 1-35, default 35)
// Length messages are the service's constraint messages for the member ("tags.1.member.key").
// AWS documents the 50-tag limit and the reserved prefix, not the text of their errors: the
// messages here say what was refused.
#include <fmt/format.h>

#include <algorithm>
#include <string>
#include <utility>
#include <vector>

#include "model/sim/engine/database.h"
#include "model/sim/engine/database_meta.h"
#include "model/sim/engine/table_store.h"
#include "model/sim/storage/sqlite_db.h"

namespace sim {
namespace {

constexpr std::size_t kMaxTags = 50;
constexpr std::size_t kMaxKeyLength = 128;
constexpr std::size_t kMaxValueLength = 256;
constexpr std::int64_t kMaxRecoveryDays = 35;
constexpr std::int64_t kDayMs = std::int64_t{24} * 3600 * 1000;

// Characters, not bytes: AWS counts Unicode characters.
std::size_t Utf8Length(const std::string& s) {
  return static_cast<std::size_t>(
      std::count_if(s.begin(), s.end(), [](char c) { return (c & 0xC0) != 0x80; }));
}

Error TableNotFound(const std::string& table_name) {
  return Error{
      "TableNotFoundException", fmt::format("Table not found: {}", table_name), std::nullopt, {}};
}

}  // namespace

std::optional<Error> CheckTags(const std::vector<Tag>& tags) {
  for (std::size_t i = 0; i < tags.size(); ++i) {
    const Tag& t = tags[i];
    const std::size_t key_length = Utf8Length(t.key);
    if (key_length < 1 || key_length > kMaxKeyLength) {
      return Error::Validation(fmt::format(
          "1 validation error detected: Value '{}' at 'tags.{}.member.key' failed to satisfy "
          "constraint: Member must have length {}",
          t.key, i + 1,
          key_length < 1 ? "greater than or equal to 1" : "less than or equal to 128"));
    }
    if (Utf8Length(t.value) > kMaxValueLength) {
      return Error::Validation(
          fmt::format("1 validation error detected: Value '{}' at 'tags.{}.member.value' failed "
                      "to satisfy constraint: Member must have length less than or equal to 256",
                      t.value, i + 1));
    }
    if (t.key.rfind("aws:", 0) == 0) {
      return Error::Validation(fmt::format(
          "Tag key '{}' is not allowed: keys starting with 'aws:' are reserved for AWS", t.key));
    }
  }
  return std::nullopt;
}

std::vector<Tag> MergeTags(std::vector<Tag> current, const std::vector<Tag>& added) {
  for (const Tag& t : added) {
    auto it =
        std::find_if(current.begin(), current.end(), [&](const Tag& c) { return c.key == t.key; });
    if (it != current.end()) {
      it->value = t.value;
    } else {
      current.push_back(t);
    }
  }
  std::sort(current.begin(), current.end(),
            [](const Tag& a, const Tag& b) { return a.key < b.key; });
  return current;
}

std::optional<Error> CheckTagCount(std::size_t count) {
  if (count <= kMaxTags) return std::nullopt;
  return Error::Validation(
      fmt::format("The number of tags on the resource would be {}, over the limit of {} tags per "
                  "resource",
                  count, kMaxTags));
}

SimStatus Database::SaveMeta(TableStore* store, TableMeta meta) {
  Transaction txn(db_.get());
  if (SimStatus s = txn.Begin(); !s.ok()) return s;
  if (SimStatus s = SaveCatalogue(store->schema().name, store->schema().definition, meta); !s.ok())
    return s;
  if (SimStatus s = txn.Commit(); !s.ok()) return s;
  store->mutable_meta() = std::move(meta);
  return Ok{};
}

SimStatus Database::TagResource(const std::string& table_name, const std::vector<Tag>& tags) {
  if (std::optional<Error> e = CheckTags(tags)) return *e;
  TableStore* store = Find(table_name);
  if (store == nullptr) return Error::ResourceNotFound();
  TableMeta meta = store->meta();
  meta.tags = MergeTags(std::move(meta.tags), tags);
  if (std::optional<Error> e = CheckTagCount(meta.tags.size())) return *e;
  return SaveMeta(store, std::move(meta));
}

SimStatus Database::UntagResource(const std::string& table_name,
                                  const std::vector<std::string>& keys) {
  TableStore* store = Find(table_name);
  if (store == nullptr) return Error::ResourceNotFound();
  TableMeta meta = store->meta();
  std::erase_if(meta.tags, [&](const Tag& t) {
    return std::find(keys.begin(), keys.end(), t.key) != keys.end();
  });
  return SaveMeta(store, std::move(meta));
}

SimResult<std::vector<Tag>> Database::ListTagsOfResource(const std::string& table_name) {
  TableStore* store = Find(table_name);
  if (store == nullptr) return Error::ResourceNotFound();
  return store->meta().tags;
}

SimResult<ContinuousBackupsDescription> Database::DescribeContinuousBackups(
    const std::string& table_name) {
  if (auto message = CheckTableName(table_name)) return Error::Validation(*message);
  TableStore* store = Find(table_name);
  if (store == nullptr) return TableNotFound(table_name);
  ContinuousBackupsDescription d;
  const TableMeta& meta = store->meta();
  if (meta.pitr_enabled) {
    const std::int64_t now = NowMs();
    d.point_in_time_recovery_status = "ENABLED";
    d.recovery_period_in_days = meta.pitr_period_days;
    d.earliest_restorable_ms = std::max(meta.pitr_enabled_ms, now - meta.pitr_period_days * kDayMs);
    d.latest_restorable_ms = std::max(now, d.earliest_restorable_ms);
  }
  return d;
}

SimResult<ContinuousBackupsDescription> Database::UpdateContinuousBackups(
    const std::string& table_name, const PointInTimeRecoverySpecification& specification) {
  if (auto message = CheckTableName(table_name)) return Error::Validation(*message);
  if (specification.recovery_period_in_days) {
    const std::int64_t days = *specification.recovery_period_in_days;
    if (days < 1 || days > kMaxRecoveryDays) {
      return Error::Validation(fmt::format(
          "1 validation error detected: Value '{}' at "
          "'pointInTimeRecoverySpecification.recoveryPeriodInDays' failed to satisfy constraint: "
          "Member must have value {}",
          days, days < 1 ? "greater than or equal to 1" : "less than or equal to 35"));
    }
  }
  TableStore* store = Find(table_name);
  if (store == nullptr) return TableNotFound(table_name);
  TableMeta meta = store->meta();
  if (specification.enabled) {
    const std::int64_t days = specification.recovery_period_in_days.value_or(kMaxRecoveryDays);
    if (!meta.pitr_enabled) meta.pitr_enabled_ms = NowMs();
    meta.pitr_enabled = true;
    meta.pitr_period_days = days;
  } else {
    meta.pitr_enabled = false;
    meta.pitr_enabled_ms = 0;
    meta.pitr_period_days = 0;
  }
  if (SimStatus s = SaveMeta(store, std::move(meta)); !s.ok()) return s.error();
  return DescribeContinuousBackups(table_name);
}

}  // namespace sim
