// The oracle of `model check`: what the ERD says each access pattern must return.
//
// The synthetic records live in normalized SQLite tables, one per entity (one row per version
// for versioned entities), and each access pattern is answered by a relational query built from
// its meaning alone: equality on its parameters, its range, its fixed filters, current version
// only, no expired item of an entity with Time to Live (by the clock in the exec::kNowArgument
// argument), its order. The oracle never looks at the key layout, so a layout that loses,
// duplicates, misorders or misfilters items disagrees with it. Strings and binaries compare as
// bytes and numbers numerically, as DynamoDB orders them.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "model/check/synth.h"
#include "model/model.h"
#include "model/sim/api/error.h"

namespace sim {
class SqliteDb;
class Statement;
}  // namespace sim

namespace model::check {

// A pattern's arguments (model/exec/values.h).
using PatternArgs = exec::Arguments;

// One entity version in an answer.
struct OracleRow {
  EntityId entity = -1;
  std::size_t record = 0;  // index into Dataset::records[entity]
  int version = 0;         // 1-based; the current version for unversioned entities is 1
  // A sorted read of a relationship's other side: the sort value of the holder record the
  // row comes first through (the largest for a descending sort, else the smallest), as text;
  // empty otherwise.
  std::string order;
};

class Oracle {
 public:
  // An oracle holding every record of `data`: Open, then AddRecords of each entity.
  [[nodiscard]] static sim::SimResult<std::unique_ptr<Oracle>> Create(const Model& model,
                                                                      const Dataset& data);
  // An oracle with no records yet.
  [[nodiscard]] static sim::SimResult<std::unique_ptr<Oracle>> Open(const Model& model);
  // Adds the records of an entity that has none yet (record indexes 0..n-1).
  [[nodiscard]] sim::SimStatus AddRecords(EntityId entity, const std::vector<Record>& records);
  ~Oracle();
  Oracle(const Oracle&) = delete;
  Oracle& operator=(const Oracle&) = delete;

  // The full answer of pattern `p` in the pattern's order (unordered patterns: by entity and
  // record), before its limit.
  // A read of a relationship's other side (AccessPattern::other_side): the returned entity's
  // current records a matching holder record (its filters met) links to, each once, in record
  // order; with a sort, in the order of the first holder record, in that sort, linking to each
  // (OracleRow::order), then record order.
  [[nodiscard]] sim::SimResult<std::vector<OracleRow>> Answer(const AccessPattern& p,
                                                              const PatternArgs& args);
  // The groups of aggregate `a`: the current records of `a.of`, grouped by the group attributes
  // (time buckets cut from the stored text by SQL), each group's record indexes ascending,
  // groups in the order of their group values; a record that does not meet the aggregate's
  // filter (compared in SQL) is in no group. Which group an item belongs to is decided here
  // from the ERD alone, never by the consumer's code.
  [[nodiscard]] sim::SimResult<std::vector<std::vector<std::size_t>>> AggregateGroups(
      const AggregateDecl& a);
  // Replaces (or adds) every version row of one record; removes it when `record` is null. Once
  // StartJoinedCounts ran, a record of an aggregate's `of` entity stored into a group it was not
  // in (absent before, in another group, or outside the filter: the groups AggregateGroups
  // gives) adds one join to that group, for every aggregate with a joined count.
  [[nodiscard]] sim::SimStatus Store(EntityId entity, std::size_t index, const Record* record);

  // Joined counts (model.h AggregateFunction::kJoined), kept here from the ERD's rule alone:
  // how many times an item joined each group; leaving one never takes a join away.
  struct JoinedGroup {
    std::int64_t joins = 0;
    sim::Item member;  // the natural values of the record that joined last, when it joined
  };
  // Group values (as AggregateGroups compares them: text, time buckets cut) -> its joins.
  using JoinedGroups = std::map<std::vector<std::string>, JoinedGroup>;
  // Starts counting: every group of every aggregate with a joined count starts at its current
  // items (each joined once, as a backfill sets it), and Store counts from then on.
  [[nodiscard]] sim::SimStatus StartJoinedCounts(const Dataset& data);
  // The joined counts of aggregate `aggregate` (an index into model.aggregates): empty before
  // StartJoinedCounts or for an aggregate without a joined count.
  const JoinedGroups& JoinedCounts(int aggregate) const;

 private:
  sim::SimResult<std::vector<OracleRow>> AnswerOtherSide(const AccessPattern& p,
                                                         const PatternArgs& args);
  // The group values of record `index` of aggregate `a`'s `of` (AggregateGroups' rule), or
  // nullopt when it is in no group (absent, outside the filter, a group attribute missing).
  [[nodiscard]] sim::SimResult<std::optional<std::vector<std::string>>> RecordGroup(
      const AggregateDecl& a, std::size_t index);
  // The SELECT of AggregateGroups (record, then each group value), with its bound values; when
  // `one_record`, limited to the record bound last.
  struct GroupQuery {
    std::string sql;
    std::vector<std::pair<AttrType, sim::AttributeValue>> binds;
    std::size_t parts = 0;
  };
  [[nodiscard]] sim::SimResult<GroupQuery> GroupSql(const AggregateDecl& a, bool one_record);
  Oracle(const Model& model, std::unique_ptr<sim::SqliteDb> db);
  [[nodiscard]] sim::SimResult<sim::Statement*> InsertStatement(EntityId entity);
  // Inserts the version rows of a record that has none.
  [[nodiscard]] sim::SimStatus Insert(sim::Statement* insert, EntityId entity, std::size_t index,
                                      const Record& record);
  const Model& model_;
  std::unique_ptr<sim::SqliteDb> db_;
  bool counting_joins_ = false;
  std::map<int, JoinedGroups> joined_;  // by aggregate index
};

}  // namespace model::check
