#include "model/check/oracle.h"

#include <fmt/format.h>

#include <algorithm>

#include "model/filter_presence.h"
#include "model/range_bounds.h"
#include "model/sim/storage/sqlite_db.h"

namespace model::check {

namespace {

std::string TableName(EntityId e) { return fmt::format("e{}", e); }
std::string Column(AttrId a) { return fmt::format("c{}", a); }

// SQL placeholder for a value of attribute type `t`: numbers compare as REAL, booleans as
// integers, everything else as the bytes of the value.
std::string Placeholder(AttrType t) { return IsNumeric(t) ? "CAST(? AS REAL)" : "?"; }

void Bind(sim::Statement* s, int index, AttrType t, const sim::AttributeValue& v) {
  if (t == AttrType::kBoolean) {
    s->BindInt(index, v.is(sim::ValueType::kBool) && v.boolean() ? 1 : 0);
  } else if (IsNumeric(t)) {
    s->BindText(index, v.scalar());
  } else {
    s->BindBlob(index, v.scalar());
  }
}

// The attribute of `en` the caller's parameter `name` of `p` constrains, from the ERD: its own
// attribute of that name or, on a read that follows a relationship (AccessPattern::follows), the
// link attribute of `en` referencing the identifier attribute `name` of the entity the link
// references (Person.handle <- Song.artist). -1 when neither.
AttrId ParameterAttribute(const Model& model, const AccessPattern& p, const Entity& en,
                          const std::string& name) {
  AttrId own = en.FindAttribute(name);
  if (own >= 0 || !p.follows) return own;
  const Relationship& r = model.relationships[static_cast<std::size_t>(*p.follows)];
  std::vector<std::pair<EntityId, const std::vector<AttrId>*>> links{{r.from, &r.link}};
  if (r.through) links.push_back({r.to, &r.link_to});
  for (const auto& [target, link] : links) {
    const Entity& te = model.entities[static_cast<std::size_t>(target)];
    for (std::size_t k = 0; k < te.identifier.size() && k < link->size(); ++k) {
      if (te.attributes[static_cast<std::size_t>(te.identifier[k])].name == name) return (*link)[k];
    }
  }
  return -1;
}

}  // namespace

Oracle::Oracle(const Model& model, std::unique_ptr<sim::SqliteDb> db)
    : model_(model), db_(std::move(db)) {}
Oracle::~Oracle() = default;

sim::SimResult<std::unique_ptr<Oracle>> Oracle::Open(const Model& model) {
  auto db = sim::SqliteDb::Open("");
  if (!db.ok()) return db.error();
  std::unique_ptr<Oracle> oracle(new Oracle(model, std::move(db.value())));
  for (std::size_t e = 0; e < model.entities.size(); ++e) {
    const Entity& en = model.entities[e];
    std::string ddl =
        fmt::format("CREATE TABLE {} (record INTEGER, version INTEGER, current INTEGER",
                    TableName(static_cast<EntityId>(e)));
    for (std::size_t a = 0; a < en.attributes.size(); ++a) {
      ddl += fmt::format(", {} {}", Column(static_cast<AttrId>(a)),
                         IsNumeric(en.attributes[a].type) ? "REAL" : "BLOB");
    }
    ddl += ", PRIMARY KEY (record, version))";
    if (auto s = oracle->db_->Exec(ddl); !s.ok()) return s.error();
  }
  return oracle;
}

sim::SimResult<std::unique_ptr<Oracle>> Oracle::Create(const Model& model, const Dataset& data) {
  auto oracle = Open(model);
  if (!oracle.ok()) return oracle.error();
  for (std::size_t e = 0; e < data.records.size(); ++e) {
    if (auto s = (*oracle)->AddRecords(static_cast<EntityId>(e), data.records[e]); !s.ok())
      return s.error();
  }
  return oracle;
}

sim::SimStatus Oracle::AddRecords(EntityId entity, const std::vector<Record>& records) {
  sim::Transaction txn(db_.get());
  if (auto s = txn.Begin(); !s.ok()) return s;
  auto insert = InsertStatement(entity);
  if (!insert.ok()) return insert.error();
  for (std::size_t r = 0; r < records.size(); ++r) {
    if (auto s = Insert(*insert, entity, r, records[r]); !s.ok()) return s;
  }
  return txn.Commit();
}

sim::SimResult<sim::Statement*> Oracle::InsertStatement(EntityId entity) {
  const Entity& en = model_.entities[static_cast<std::size_t>(entity)];
  std::string sql = fmt::format("INSERT INTO {} VALUES (?, ?, ?", TableName(entity));
  for (std::size_t a = 0; a < en.attributes.size(); ++a) {
    sql += ", " + Placeholder(en.attributes[a].type);
  }
  sql += ")";
  return db_->Prepare(sql);
}

sim::SimStatus Oracle::Insert(sim::Statement* s, EntityId entity, std::size_t index,
                              const Record& record) {
  const Entity& en = model_.entities[static_cast<std::size_t>(entity)];
  for (std::size_t v = 0; v < record.versions.size(); ++v) {
    const sim::Item& item = record.versions[v];
    s->BindInt(1, static_cast<std::int64_t>(index));
    s->BindInt(2, static_cast<std::int64_t>(v + 1));
    s->BindInt(3, v + 1 == record.versions.size() ? 1 : 0);
    for (std::size_t a = 0; a < en.attributes.size(); ++a) {
      auto it = item.find(en.attributes[a].name);
      int col = static_cast<int>(a) + 4;
      bool scalar = it != item.end() &&
                    (it->second.is(sim::ValueType::kS) || it->second.is(sim::ValueType::kN) ||
                     it->second.is(sim::ValueType::kB) || it->second.is(sim::ValueType::kBool));
      if (scalar) Bind(s, col, en.attributes[a].type, it->second);
      // Absent values stay NULL (a presence filter tests for it: IS NULL). A document or set
      // value (list, map, string_set, number_set) is present: an empty blob, which no
      // parameter, filter value or order of the model compares (none names such an attribute).
      else if (it != item.end())
        s->BindBlob(col, "");
    }
    if (auto st = s->Run(); !st.ok()) return st;
  }
  return sim::Ok{};
}

sim::SimResult<Oracle::GroupQuery> Oracle::GroupSql(const AggregateDecl& a, bool one_record) {
  std::vector<std::string> parts;
  for (const GroupPart& g : a.group) {
    std::string c = fmt::format("CAST({} AS TEXT)", Column(g.source));
    switch (g.bucket) {
      case TimeBucket::kNone:
        parts.push_back(Column(g.source));
        break;
      case TimeBucket::kDay:
        parts.push_back(fmt::format("substr({}, 1, 10)", c));
        break;
      case TimeBucket::kMonth:
        parts.push_back(fmt::format("substr({}, 1, 7)", c));
        break;
      case TimeBucket::kQuarter:
        parts.push_back(fmt::format(
            "substr({0}, 1, 4) || '-Q' || ((CAST(substr({0}, 6, 2) AS INTEGER) + 2) / 3)", c));
        break;
      case TimeBucket::kYear:
        parts.push_back(fmt::format("substr({}, 1, 4)", c));
        break;
    }
  }
  std::string list;
  for (std::size_t i = 0; i < parts.size(); ++i)
    list += fmt::format("{}{} AS g{}", i ? ", " : "", parts[i], i);
  std::string order;
  for (std::size_t i = 0; i < parts.size(); ++i) order += fmt::format("g{}, ", i);
  // The filter (AggregateDecl::filters): only the items where every condition holds are in a
  // group; an absent attribute is NULL and equals nothing.
  const Entity& of = model_.entities[static_cast<std::size_t>(a.of)];
  std::string where = "current = 1";
  GroupQuery q;
  q.parts = parts.size();
  for (const FixedFilter& f : a.filters) {
    AttrId id = of.FindAttribute(f.attribute);
    if (id < 0)
      return sim::Error::Internal("aggregate filter on an unknown attribute: " + f.attribute);
    AttrType t = of.attributes[static_cast<std::size_t>(id)].type;
    where += fmt::format(" AND {} = {}", Column(id), Placeholder(t));
    q.binds.emplace_back(t, t == AttrType::kBoolean ? sim::AttributeValue::Bool(f.value == "true")
                            : IsNumeric(t)          ? sim::AttributeValue::N(f.value)
                                                    : sim::AttributeValue::S(f.value));
  }
  if (one_record) where += " AND record = ?";
  q.sql = fmt::format("SELECT record, {} FROM {} WHERE {} ORDER BY {}record", list, TableName(a.of),
                      where, order);
  return q;
}

sim::SimResult<std::vector<std::vector<std::size_t>>> Oracle::AggregateGroups(
    const AggregateDecl& a) {
  auto q = GroupSql(a, false);
  if (!q.ok()) return q.error();
  auto s = db_->Prepare(q->sql);
  if (!s.ok()) return s.error();
  // A cached statement: reset when done, so that the next call can bind its values (the bytes
  // bound live until then).
  sim::StatementScope scope(s.value());
  for (std::size_t i = 0; i < q->binds.size(); ++i)
    Bind(s.value(), static_cast<int>(i) + 1, q->binds[i].first, q->binds[i].second);
  std::vector<std::vector<std::size_t>> groups;
  std::vector<std::string> last;
  while (true) {
    auto step = s.value()->Step();
    if (!step.ok()) return step.error();
    if (!step.value()) break;
    std::vector<std::string> key;
    bool complete = true;
    for (std::size_t i = 0; i < q->parts; ++i) {
      int col = static_cast<int>(i) + 1;
      complete = complete && !s.value()->ColumnIsNull(col);
      key.emplace_back(s.value()->ColumnBlob(col));
    }
    if (!complete) continue;  // an item without a group attribute belongs to no group
    if (groups.empty() || key != last) groups.emplace_back();
    groups.back().push_back(static_cast<std::size_t>(s.value()->ColumnInt(0)));
    last = std::move(key);
  }
  return groups;
}

sim::SimResult<std::optional<std::vector<std::string>>> Oracle::RecordGroup(const AggregateDecl& a,
                                                                            std::size_t index) {
  auto q = GroupSql(a, true);
  if (!q.ok()) return q.error();
  auto s = db_->Prepare(q->sql);
  if (!s.ok()) return s.error();
  sim::StatementScope scope(s.value());
  for (std::size_t i = 0; i < q->binds.size(); ++i)
    Bind(s.value(), static_cast<int>(i) + 1, q->binds[i].first, q->binds[i].second);
  s.value()->BindInt(static_cast<int>(q->binds.size()) + 1, static_cast<std::int64_t>(index));
  auto step = s.value()->Step();
  if (!step.ok()) return step.error();
  std::optional<std::vector<std::string>> key;
  if (!step.value()) return key;
  key.emplace();
  for (std::size_t i = 0; i < q->parts; ++i) {
    int col = static_cast<int>(i) + 1;
    if (s.value()->ColumnIsNull(col)) return std::optional<std::vector<std::string>>{};
    key->emplace_back(s.value()->ColumnBlob(col));
  }
  return key;
}

namespace {

bool HasJoinedCount(const AggregateDecl& a) {
  return std::any_of(a.values.begin(), a.values.end(), [](const AggregateValue& v) {
    return v.function == AggregateFunction::kJoined;
  });
}

}  // namespace

sim::SimStatus Oracle::StartJoinedCounts(const Dataset& data) {
  counting_joins_ = true;
  for (std::size_t i = 0; i < model_.aggregates.size(); ++i) {
    const AggregateDecl& a = model_.aggregates[i];
    if (!HasJoinedCount(a)) continue;
    JoinedGroups& groups = joined_[static_cast<int>(i)];
    groups.clear();
    auto members = AggregateGroups(a);
    if (!members.ok()) return members.error();
    const auto& records = data.records[static_cast<std::size_t>(a.of)];
    for (const std::vector<std::size_t>& group : *members) {
      auto key = RecordGroup(a, group.front());
      if (!key.ok()) return key.error();
      if (!*key) continue;
      JoinedGroup& g = groups[**key];
      g.joins = static_cast<std::int64_t>(group.size());
      g.member = records[group.back()].current();
    }
  }
  return sim::Ok{};
}

const Oracle::JoinedGroups& Oracle::JoinedCounts(int aggregate) const {
  static const JoinedGroups kNone;
  auto it = joined_.find(aggregate);
  return it == joined_.end() ? kNone : it->second;
}

sim::SimStatus Oracle::Store(EntityId entity, std::size_t index, const Record* record) {
  // The group of the record before the change, for each aggregate counting joins over it.
  std::vector<std::pair<int, std::optional<std::vector<std::string>>>> before;
  if (counting_joins_) {
    for (const auto& [i, groups] : joined_) {
      const AggregateDecl& a = model_.aggregates[static_cast<std::size_t>(i)];
      if (a.of != entity) continue;
      auto key = RecordGroup(a, index);
      if (!key.ok()) return key.error();
      before.emplace_back(i, std::move(*key));
    }
  }
  auto del = db_->Prepare(fmt::format("DELETE FROM {} WHERE record = ?", TableName(entity)));
  if (!del.ok()) return del.error();
  del.value()->BindInt(1, static_cast<std::int64_t>(index));
  if (auto s = del.value()->Run(); !s.ok()) return s;
  if (record == nullptr) return sim::Ok{};  // leaving a group takes no join away
  auto ins = InsertStatement(entity);
  if (!ins.ok()) return ins.error();
  if (auto s = Insert(*ins, entity, index, *record); !s.ok()) return s;
  // A record now in a group it was not in joined it.
  for (const auto& [i, was] : before) {
    auto now = RecordGroup(model_.aggregates[static_cast<std::size_t>(i)], index);
    if (!now.ok()) return now.error();
    if (!*now || *now == was) continue;
    JoinedGroup& g = joined_[i][**now];
    ++g.joins;
    g.member = record->current();
  }
  return sim::Ok{};
}

sim::SimResult<std::vector<OracleRow>> Oracle::AnswerOtherSide(const AccessPattern& p,
                                                               const PatternArgs& args) {
  // The join from the ERD: the returned entity's current records whose identifier the link of
  // a holder record matching the parameters holds, each once (record order).
  const EntityId e = p.returns[0];
  const EntityId h = p.other_side->holder;
  const Entity& target = model_.entities[static_cast<std::size_t>(e)];
  const Entity& holder = model_.entities[static_cast<std::size_t>(h)];
  std::string on;
  for (std::size_t k = 0; k < target.identifier.size() && k < p.other_side->link.size(); ++k) {
    on += fmt::format("{}t.{} = h.{}", k == 0 ? "" : " AND ", Column(target.identifier[k]),
                      Column(p.other_side->link[k]));
  }
  // The first step reads every version of a versioned holder (a read that is not current_only).
  std::string where = holder.versioned ? "t.current = 1" : "t.current = 1 AND h.current = 1";
  std::vector<std::pair<AttrType, sim::AttributeValue>> binds;
  for (std::size_t i = 0; i < p.params.size(); ++i) {
    const std::string& prm = p.ParamName(i);
    AttrId a = ParameterAttribute(model_, p, holder, prm);
    auto it = args.find(prm);
    if (a < 0 || it == args.end()) return sim::Error::Internal("pattern argument missing: " + prm);
    AttrType t = holder.attributes[static_cast<std::size_t>(a)].type;
    where += fmt::format(" AND h.{} = {}", Column(a), Placeholder(t));
    binds.emplace_back(t, it->second);
  }
  // The filters and the sort name attributes of the holder (the first step's).
  for (const FixedFilter& f : p.filters) {
    AttrId a = holder.FindAttribute(f.attribute);
    if (a < 0) return sim::Error::Internal("filter on an unknown attribute: " + f.attribute);
    if (FilterTest test = TestOf(f.value); test != FilterTest::kEquals) {
      // A presence test (model/filter_presence.h): an attribute the item lacks is NULL.
      where +=
          fmt::format(" AND h.{} IS {}NULL", Column(a), test == FilterTest::kExists ? "NOT " : "");
      continue;
    }
    AttrType t = holder.attributes[static_cast<std::size_t>(a)].type;
    where += fmt::format(" AND h.{} = {}", Column(a), Placeholder(t));
    binds.emplace_back(t, t == AttrType::kBoolean ? sim::AttributeValue::Bool(f.value == "true")
                          : IsNumeric(t)          ? sim::AttributeValue::N(f.value)
                                                  : sim::AttributeValue::S(f.value));
  }
  std::string select = "DISTINCT t.record, t.version";
  std::string group, order = "t.record, t.version";
  if (p.sort) {
    AttrId a = holder.FindAttribute(p.sort->attribute);
    if (a < 0) return sim::Error::Internal("sort on an unknown attribute: " + p.sort->attribute);
    // A returned item comes at its first link in the first step's order: a holder record
    // without the value (first in either direction, below), else the one with the largest
    // value for a descending sort, the smallest for an ascending one.
    select = fmt::format(
        "t.record, t.version, CASE WHEN COUNT(h.{1}) < COUNT(*) THEN NULL ELSE {0}(h.{1}) END AS k",
        p.sort->descending ? "MAX" : "MIN", Column(a));
    group = " GROUP BY t.record, t.version";
    // Items without the value come first in either direction, as the reader's client-side sort
    // puts them (model/exec SortClientSide).
    order =
        fmt::format("k {} NULLS FIRST, t.record, t.version", p.sort->descending ? "DESC" : "ASC");
  }
  // Time to Live: the first step leaves out expired holder items, the second expired ones of
  // the entity returned (ReadPlan::drop_expired, FollowUp::drop_expired).
  std::optional<std::int64_t> seconds;
  if (!holder.ttl.empty() || !target.ttl.empty()) {
    auto now = args.find(exec::kNowArgument);
    if (now != args.end()) seconds = exec::ExpirySeconds(now->second);
    if (!seconds) return sim::Error::Internal("the clock argument is missing");
  }
  for (const auto& [side, en] : {std::pair<const char*, const Entity*>{"h", &holder},
                                 std::pair<const char*, const Entity*>{"t", &target}}) {
    if (en->ttl.empty()) continue;
    AttrId a = en->FindAttribute(en->ttl);
    AttrType t = en->attributes[static_cast<std::size_t>(a)].type;
    where +=
        fmt::format(" AND ({0}.{1} IS NULL OR {0}.{1} > {2})", side, Column(a), Placeholder(t));
    binds.emplace_back(t, IsNumeric(t) ? sim::AttributeValue::N(std::to_string(*seconds))
                                       : sim::AttributeValue::S(TimestampAt(*seconds)));
  }
  auto stmt =
      db_->Prepare(fmt::format("SELECT {} FROM {} t JOIN {} h ON {} WHERE {}{} ORDER BY {}", select,
                               TableName(e), TableName(h), on, where, group, order));
  if (!stmt.ok()) return stmt.error();
  sim::StatementScope s(stmt.value());
  for (std::size_t i = 0; i < binds.size(); ++i)
    Bind(stmt.value(), static_cast<int>(i) + 1, binds[i].first, binds[i].second);
  std::vector<OracleRow> rows;
  while (true) {
    auto step = s->Step();
    if (!step.ok()) return step.error();
    if (!step.value()) break;
    rows.push_back(
        OracleRow{e, static_cast<std::size_t>(s->ColumnInt(0)), static_cast<int>(s->ColumnInt(1)),
                  p.sort && !s->ColumnIsNull(2) ? std::string(s->ColumnBlob(2)) : std::string()});
  }
  return rows;
}

sim::SimResult<std::vector<OracleRow>> Oracle::Answer(const AccessPattern& p,
                                                      const PatternArgs& args) {
  std::vector<OracleRow> rows;
  if (p.other_side) return AnswerOtherSide(p, args);
  // A parent read with its sorted children (the sort attribute is the children's only): the
  // parent comes first, then the children in order.
  std::vector<EntityId> returns = p.returns;
  if (p.sort) {
    std::stable_partition(returns.begin(), returns.end(), [&](EntityId e) {
      return model_.entities[static_cast<std::size_t>(e)].FindAttribute(p.sort->attribute) < 0;
    });
  }
  for (EntityId e : returns) {
    const Entity& en = model_.entities[static_cast<std::size_t>(e)];
    struct Binding {
      AttrType type;
      sim::AttributeValue value;
    };
    std::vector<Binding> binds;
    std::string where = "1";
    if (!en.versioned || p.current_only) where += " AND current = 1";
    auto attr = [&](const std::string& name) { return en.FindAttribute(name); };
    for (std::size_t i = 0; i < p.params.size(); ++i) {
      const std::string& prm = p.ParamName(i);
      AttrId a = ParameterAttribute(model_, p, en, prm);
      auto it = args.find(prm);
      if (a < 0 || it == args.end())
        return sim::Error::Internal("pattern argument missing: " + prm);
      where += fmt::format(" AND {} = {}", Column(a),
                           Placeholder(en.attributes[static_cast<std::size_t>(a)].type));
      binds.push_back({en.attributes[static_cast<std::size_t>(a)].type, it->second});
    }
    // A parent with its polymorphic children: the children whose kind names the parent's entity.
    if (p.follows) {
      const Relationship& r = model_.relationships[static_cast<std::size_t>(*p.follows)];
      if (r.Polymorphic() && r.to == e && e != r.from) {
        where += fmt::format(" AND {} = {}", Column(r.kind), Placeholder(AttrType::kString));
        binds.push_back(
            {AttrType::kString,
             sim::AttributeValue::S(model_.entities[static_cast<std::size_t>(r.from)].name)});
      }
    }
    if (p.range_condition) {
      AttrId a = attr(p.range_condition->attribute);
      AttrType t = en.attributes[static_cast<std::size_t>(a)].type;
      std::string c = Column(a);
      const std::vector<std::string> bounds = RangeBoundNames(p);
      if (p.range_condition->op == RangeOp::kBetween) {
        where += fmt::format(" AND {0} >= {1} AND {0} <= {1}", c, Placeholder(t));
        binds.push_back({t, args.at(bounds[0])});
        binds.push_back({t, args.at(bounds[1])});
      } else if (p.range_condition->op == RangeOp::kBeginsWith) {
        where += fmt::format(" AND substr({0}, 1, length(?)) = ?", c);
        binds.push_back({t, args.at(bounds[0])});
        binds.push_back({t, args.at(bounds[0])});
      } else {
        where +=
            fmt::format(" AND {} {} {}", c, RangeOpName(p.range_condition->op), Placeholder(t));
        binds.push_back({t, args.at(bounds[0])});
      }
    }
    for (const auto& f : p.filters) {
      AttrId a = attr(f.attribute);
      if (FilterTest test = TestOf(f.value); test != FilterTest::kEquals) {
        // A presence test (model/filter_presence.h): an attribute the item lacks is NULL.
        where +=
            fmt::format(" AND {} IS {}NULL", Column(a), test == FilterTest::kExists ? "NOT " : "");
        continue;
      }
      const Attribute& fa = en.attributes[static_cast<std::size_t>(a)];
      sim::AttributeValue v = fa.type == AttrType::kBoolean
                                  ? sim::AttributeValue::Bool(f.value == "true")
                              : IsNumeric(fa.type) ? sim::AttributeValue::N(f.value)
                                                   : sim::AttributeValue::S(f.value);
      where += fmt::format(" AND {} = {}", Column(a), Placeholder(fa.type));
      binds.push_back({fa.type, v});
    }
    // Time to Live: an item whose expiry is at or before the clock is gone for the application
    // (reads leave it out while DynamoDB still stores it); without a value it never expires.
    if (!en.ttl.empty()) {
      auto now = args.find(exec::kNowArgument);
      auto seconds = now == args.end() ? std::nullopt : exec::ExpirySeconds(now->second);
      if (!seconds) return sim::Error::Internal("the clock argument is missing: " + en.ttl);
      AttrId a = attr(en.ttl);
      AttrType t = en.attributes[static_cast<std::size_t>(a)].type;
      where += fmt::format(" AND ({0} IS NULL OR {0} > {1})", Column(a), Placeholder(t));
      binds.push_back({t, IsNumeric(t) ? sim::AttributeValue::N(std::to_string(*seconds))
                                       : sim::AttributeValue::S(TimestampAt(*seconds))});
    }
    std::string order = "record, version";
    const std::string* order_attr = p.sort              ? &p.sort->attribute
                                    : p.range_condition ? &p.range_condition->attribute
                                                        : nullptr;
    bool desc = p.sort && p.sort->descending;
    if (order_attr && attr(*order_attr) >= 0)
      order = fmt::format("{} {} NULLS FIRST, record, version", Column(attr(*order_attr)),
                          desc ? "DESC" : "ASC");
    auto stmt = db_->Prepare(fmt::format("SELECT record, version FROM {} WHERE {} ORDER BY {}",
                                         TableName(e), where, order));
    if (!stmt.ok()) return stmt.error();
    sim::StatementScope s(stmt.value());
    for (std::size_t i = 0; i < binds.size(); ++i)
      Bind(stmt.value(), static_cast<int>(i) + 1, binds[i].type, binds[i].value);
    while (true) {
      auto step = s->Step();
      if (!step.ok()) return step.error();
      if (!step.value()) break;
      rows.push_back(OracleRow{e, static_cast<std::size_t>(s->ColumnInt(0)),
                               static_cast<int>(s->ColumnInt(1)), std::string()});
    }
  }
  return rows;
}

}  // namespace model::check
