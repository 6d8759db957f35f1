// Aggregates with a `filter` (open tickets per agent): the format and its errors, the writes that
// change such an aggregate and what transaction-kept ones read and guard, the counts kept by each
// maintainer (stream, transaction, read time) as updates move tickets into and out of the filter,
// and `model check` proving them and failing a stream consumer or a derivation that ignores the
// filter.
#include <catch2/catch.hpp>
#include <map>
#include <optional>
#include <string>

#include "model/check/check.h"
#include "model/exec/aggregates.h"
#include "model/exec/items.h"
#include "model/exec/writes.h"
#include "model/sim/engine/database.h"
#include "model_fixture.h"

namespace {

// Agents and their tickets; `agentOpenTickets` counts and sums the OPEN ones per agent, kept by
// `maintain` (and the table's stream when `streams`); `filter` replaces its filter.
std::string Desk(const std::string& maintain, bool streams = true,
                 const std::string& filter = "{ status: OPEN }") {
  return std::string("table: { name: desk, streams: ") + (streams ? "true" : "false") +
         R"yaml( }
entities:
  Agent:
    count: 20
    attributes: { agentId: string, name: "string?", openTickets: integer, openPriority: integer }
  Ticket:
    count: 400
    attributes:
      ticketId: string
      assigneeId: string
      status: { type: enum, values: [OPEN, PENDING, CLOSED] }
      priority: integer
      title: "string?"
      photo: "binary?"
relationships:
  - { name: assigned, cardinality: "1:N", from: Agent, to: Ticket, link: [assigneeId] }
access_patterns:
  - { name: getAgent, returns: Agent, by: [agentId] }
  - { name: agentTickets, returns: Ticket, by: [assigneeId] }
write_patterns:
  - { name: hireAgent, create: Agent }
  - { name: openTicket, create: Ticket, rate: 10 }
  - { name: setStatus, update: Ticket, attributes: [status], rate: 8 }
  - { name: retitle, update: Ticket, attributes: [title], rate: 3 }
  - { name: reassign, update: Ticket, attributes: [assigneeId], rate: 1 }
  - { name: purge, delete: Ticket, rate: 1 }
aggregates:
  - name: agentOpenTickets
    of: Ticket
    into: Agent
    group: { agentId: assigneeId }
    values: { openTickets: count, openPriority: { sum: priority } }
    filter: )yaml" +
         filter + "\n    maintain: " + maintain + "\n";
}

std::string Replaced(std::string text, const std::string& from, const std::string& to) {
  auto at = text.find(from);
  REQUIRE(at != std::string::npos);
  text.replace(at, from.size(), to);
  return text;
}

sim::Item Ticket(const std::string& id, const std::string& agent, const std::string& status,
                 const std::string& priority, const std::string& title = "") {
  sim::Item t{{"ticketId", sim::AttributeValue::S(id)},
              {"assigneeId", sim::AttributeValue::S(agent)},
              {"status", sim::AttributeValue::S(status)},
              {"priority", sim::AttributeValue::N(priority)}};
  if (!title.empty()) t["title"] = sim::AttributeValue::S(title);
  return t;
}

// The desk on a fresh table, changed through its write patterns (exec::ApplyWrite: a
// transaction-kept aggregate is written in the same transaction), the stream drained on demand,
// an agent's values read as its reader gets them (computed for a read-time aggregate).
struct DeskTable {
  test::Derived d;
  std::unique_ptr<sim::Database> db;
  std::int64_t position = 0;
  std::map<std::string, sim::Item> tickets;  // ticketId -> current values

  explicit DeskTable(const std::string& text) : d(test::Derive(text)) {
    INFO(d.diagnostics);
    REQUIRE(d.layout);
    auto opened = sim::Database::Open({});
    REQUIRE(opened.ok());
    db = std::move(opened.value());
    REQUIRE(db->CreateTable(model::exec::CreateTableRequest(*d.layout)).ok());
  }
  const model::Model& m() const { return *d.loaded.model; }
  sim::SimStatus Apply(const std::string& pattern, const sim::Item* before,
                       const sim::Item* after) {
    std::size_t w = 0;
    while (m().write_patterns[w].name != pattern) ++w;
    std::optional<model::exec::Record> b, a;
    if (before) b = model::exec::Record{{*before}};
    if (after) a = model::exec::Record{{*after}};
    model::exec::WriteStats ws;
    return model::exec::ApplyWrite(*db, m(), *d.layout, d.layout->writes[w], b ? &*b : nullptr,
                                   a ? &*a : nullptr, ws);
  }
  void Hire(const std::string& agent) {
    sim::Item a{{"agentId", sim::AttributeValue::S(agent)}};
    model::exec::StartGroupValues(m(), m().FindEntity("Agent"), a);
    REQUIRE(Apply("hireAgent", nullptr, &a).ok());
  }
  void Open(const sim::Item& t) {
    REQUIRE(Apply("openTicket", nullptr, &t).ok());
    tickets[model::exec::Natural(t, "ticketId")] = t;
  }
  void Change(const std::string& pattern, const sim::Item& t) {
    std::string id = model::exec::Natural(t, "ticketId");
    sim::Item before = tickets.at(id);
    auto done = Apply(pattern, &before, &t);
    INFO((done.ok() ? std::string() : done.error().message));
    REQUIRE(done.ok());
    tickets[id] = t;
  }
  void Purge(const std::string& id) {
    sim::Item before = tickets.at(id);
    REQUIRE(Apply("purge", &before, nullptr).ok());
    tickets.erase(id);
  }
  // The stream's new records, applied in reverse order across items (each item's own records
  // kept in order), then again as they came: a replay changes nothing.
  void Drain() {
    if (d.layout->aggregates[0].maintainer != model::Maintainer::kStream) return;
    auto read = db->ReadStream("desk", position, 1000);
    REQUIRE(read.ok());
    position = read->next_after_sequence;
    std::vector<sim::StreamRecord> reversed = read->records;
    std::stable_sort(reversed.begin(), reversed.end(), [](const auto& x, const auto& y) {
      return model::exec::Natural(x.keys, "PK") > model::exec::Natural(y.keys, "PK");
    });
    model::exec::AggregateStats stats;
    REQUIRE(model::exec::ApplyStreamBatch(*db, m(), *d.layout, reversed, stats).ok());
    REQUIRE(model::exec::ApplyStreamBatch(*db, m(), *d.layout, read->records, stats).ok());
  }
  // "openTickets/openPriority" of `agent` as its reader sees them.
  std::string Values(const std::string& agent) {
    Drain();
    sim::Item identity{{"agentId", sim::AttributeValue::S(agent)}};
    sim::Item values;
    if (d.layout->aggregates[0].maintainer == model::Maintainer::kRead) {
      model::exec::Arguments clock;
      auto read =
          model::exec::ReadGroupValues(*db, m(), *d.layout, 0, identity, true, clock, values);
      REQUIRE(read.status.ok());
    } else {
      auto key = model::exec::RenderItemKey(m(), *d.layout, d.layout->aggregates[0].target_type,
                                            model::exec::Record{{identity}}, 1);
      REQUIRE(key);
      sim::GetItemRequest get;
      get.table_name = "desk";
      get.key = *key;
      get.consistent_read = true;
      auto got = db->GetItem(get);
      REQUIRE(got.ok());
      REQUIRE(got->item);
      values = *got->item;
    }
    return model::exec::Natural(values, "openTickets") + "/" +
           model::exec::Natural(values, "openPriority");
  }
};

// The same story for every maintainer: tickets opened in and out of the filter, then moved into
// it, out of it, changed inside it without leaving it, reassigned and purged.
void TellTheStory(DeskTable& desk) {
  desk.Hire("a1");
  desk.Hire("a2");
  desk.Open(Ticket("t1", "a1", "OPEN", "3"));
  desk.Open(Ticket("t2", "a1", "PENDING", "5"));
  desk.Open(Ticket("t3", "a1", "OPEN", "7"));
  desk.Open(Ticket("t4", "a2", "CLOSED", "11"));
  CHECK(desk.Values("a1") == "2/10");  // t2 is PENDING: not counted
  CHECK(desk.Values("a2") == "0/0");
  desk.Change("setStatus", Ticket("t2", "a1", "OPEN", "5"));    // into the filter
  desk.Change("setStatus", Ticket("t1", "a1", "CLOSED", "3"));  // out of it
  CHECK(desk.Values("a1") == "2/12");
  desk.Change("retitle", Ticket("t3", "a1", "OPEN", "7", "urgent"));  // stays in
  CHECK(desk.Values("a1") == "2/12");
  desk.Change("reassign", Ticket("t4", "a1", "CLOSED", "11"));  // a move outside the filter
  desk.Change("reassign", Ticket("t3", "a2", "OPEN", "7", "urgent"));
  CHECK(desk.Values("a1") == "1/5");
  CHECK(desk.Values("a2") == "1/7");
  desk.Purge("t4");  // closed: its agent's counts do not change
  desk.Purge("t3");
  CHECK(desk.Values("a1") == "1/5");
  CHECK(desk.Values("a2") == "0/0");
  desk.Change("setStatus", Ticket("t1", "a1", "OPEN", "3"));  // reopened
  CHECK(desk.Values("a1") == "2/8");
}

std::string Reasons(const model::WritePlan& w) {
  std::string out;
  for (const auto& r : w.reasons) out += r.text + "\n";
  return out;
}

}  // namespace

TEST_CASE("aggregate filter: the format reads it, misuse is a positioned error",
          "[model][aggregate][filter]") {
  auto ok = test::Load(Desk("stream"));
  INFO(ok.diagnostics);
  REQUIRE(ok.model);
  const model::AggregateDecl& a = ok.model->aggregates[0];
  REQUIRE(a.filters.size() == 1);
  CHECK(a.filters[0].attribute == "status");
  CHECK(a.filters[0].value == "OPEN");
  CHECK(a.filter_range.begin.line == 33);
  CHECK(model::FilterSources(*ok.model, a) == std::vector<model::AttrId>{2});

  auto bad = [](const std::string& filter) { return test::Load(Desk("stream", true, filter)); };
  auto unknown = bad("{ state: OPEN }");
  CHECK_FALSE(unknown.model);
  CHECK(unknown.diagnostics.find(
            "m.yaml:33:15: error: aggregate 'agentOpenTickets' filters on 'state', which entity "
            "'Ticket' does not have; did you mean 'status'? [E404]") != std::string::npos);
  auto value = bad("{ status: OPN }");
  CHECK(value.diagnostics.find("m.yaml:33:15: error: aggregate 'agentOpenTickets' filters "
                               "'status' on 'OPN', which is not one of OPEN, PENDING or CLOSED; "
                               "did you mean 'OPEN'? [E405]") != std::string::npos);
  CHECK(value.diagnostics.find("note: 'status' is declared here") != std::string::npos);
  auto number = bad("{ priority: high }");
  CHECK(number.diagnostics.find("filters 'priority' on 'high', but it is an integer: write a "
                                "whole number [E405]") != std::string::npos);
  auto binary = bad("{ photo: abcd }");
  CHECK(binary.diagnostics.find("filters 'photo' on 'abcd', but it is binary data, which an "
                                "aggregate's filter does not compare") != std::string::npos);
  auto group = bad("{ assigneeId: a1 }");
  CHECK(group.diagnostics.find(
            "m.yaml:33:15: error: aggregate 'agentOpenTickets' filters on 'assigneeId', which its "
            "'group' also takes: only the group of 'a1' would ever hold items, and every other "
            "one would stay empty; drop the condition, or group by something else [E440]") !=
        std::string::npos);
  CHECK(group.diagnostics.find("note: the group maps 'agentId' to it here") != std::string::npos);
  auto list = bad("[status]");
  CHECK(list.diagnostics.find("'filter' of aggregate 'agentOpenTickets' must be 'attribute: "
                              "value' pairs like '{ status: OPEN }', not a list [E105]") !=
        std::string::npos);
}

TEST_CASE("aggregate filter: a write of a filtered attribute changes it, and is read and guarded",
          "[model][aggregate][filter]") {
  auto d = test::Derive(Desk("transaction", false));
  INFO(d.diagnostics);
  REQUIRE(d.layout);
  const model::AggregateLayout& a = d.layout->aggregates[0];
  // setStatus changes the aggregate (it moves tickets into and out of it), retitle does not.
  CHECK(a.maintained_by ==
        std::vector<std::string>{"openTicket", "setStatus", "reassign", "purge"});
  CHECK(a.writes_per_s == Approx(10 + 8 + 1 + 1));
  const model::WritePlan& set = d.layout->writes[2];
  REQUIRE(set.pattern == "setStatus");
  CHECK(set.aggregates == std::vector<int>{0});
  CHECK(set.read_first == std::vector<std::string>{"assigneeId", "status", "priority"});
  INFO(Reasons(set));
  CHECK(Reasons(set).find("reads assigneeId, status, priority first and guards the 'Ticket' "
                          "item's write") != std::string::npos);
  bool guarded = false;
  for (const model::ItemWrite& iw : set.writes) {
    guarded = guarded || std::find(iw.guard_attributes.begin(), iw.guard_attributes.end(),
                                   "status") != iw.guard_attributes.end();
  }
  CHECK(guarded);
  const model::WritePlan& retitle = d.layout->writes[3];
  REQUIRE(retitle.pattern == "retitle");
  CHECK(retitle.aggregates.empty());
  CHECK_FALSE(retitle.transaction);
  // The same without a filter: setStatus changes nothing the aggregate keeps.
  auto plain =
      test::Derive(Replaced(Desk("transaction", false), "    filter: { status: OPEN }\n", ""));
  REQUIRE(plain.layout);
  CHECK(plain.layout->aggregates[0].maintained_by ==
        std::vector<std::string>{"openTicket", "reassign", "purge"});
}

TEST_CASE("aggregate filter: the stream consumer moves tickets into and out of the counts",
          "[model][aggregate][filter]") {
  DeskTable desk(Desk("stream"));
  REQUIRE(desk.d.layout->aggregates[0].maintainer == model::Maintainer::kStream);
  TellTheStory(desk);
}

TEST_CASE("aggregate filter: the writes' transactions move tickets into and out of the counts",
          "[model][aggregate][filter]") {
  DeskTable desk(Desk("transaction", false));
  REQUIRE(desk.d.layout->aggregates[0].maintainer == model::Maintainer::kTransaction);
  TellTheStory(desk);
  // A writer that read t2 while it was PENDING (it is OPEN now) is refused: the status it read
  // is guarded, so a stale image cannot close t2 without taking it out of its agent's count
  // (outside the filter before and after, the write changes no group: a lone conditional
  // update).
  sim::Item stale = Ticket("t2", "a1", "PENDING", "5");
  sim::Item closed = Ticket("t2", "a1", "CLOSED", "5");
  auto refused = desk.Apply("setStatus", &stale, &closed);
  REQUIRE_FALSE(refused.ok());
  CHECK(refused.error().name == "ConditionalCheckFailedException");
  CHECK(desk.Values("a1") == "2/8");
}

TEST_CASE("aggregate filter: a read-time aggregate counts only the tickets in the filter",
          "[model][aggregate][filter]") {
  DeskTable desk(Desk("read"));
  REQUIRE(desk.d.layout->aggregates[0].maintainer == model::Maintainer::kRead);
  TellTheStory(desk);
}

TEST_CASE("aggregate filter: model check proves each maintainer, and fails those ignoring it",
          "[model][aggregate][filter][check]") {
  model::check::CheckOptions options;
  options.items = 400;
  for (const auto& [maintain, streams] : std::vector<std::pair<std::string, bool>>{
           {"stream", true}, {"transaction", false}, {"read", true}}) {
    INFO(maintain);
    auto d = test::Derive(Desk(maintain, streams));
    REQUIRE(d.layout);
    auto report = model::check::RunCheck(*d.loaded.model, *d.layout, options);
    REQUIRE(report.ok());
    INFO(test::CheckFailures(*report));
    CHECK(report->passed());
    REQUIRE(report->aggregates.size() == 1);
    CHECK(report->aggregates[0].groups_compared > 0);
  }
  // A derivation that forgot the filter when choosing the writes that change the aggregate:
  // setStatus writes the ticket alone, and the counts drift as tickets are closed and reopened.
  auto kept = test::Derive(Desk("transaction", false));
  REQUIRE(kept.layout);
  model::KeyLayout forgot = *kept.layout;
  model::WritePlan& set = forgot.writes[2];
  REQUIRE(set.pattern == "setStatus");
  set.aggregates.clear();
  set.transaction = false;
  auto drifted = model::check::RunCheck(*kept.loaded.model, forgot, options);
  REQUIRE(drifted.ok());
  CHECK_FALSE(drifted->passed());
  CHECK(test::CheckFailures(*drifted).find("agentOpenTickets of Agent") != std::string::npos);
  // A consumer that counts every ticket, whatever its status: the values drift from the oracle's
  // as the check's updates move tickets into and out of OPEN.
  auto d = test::Derive(Desk("stream"));
  REQUIRE(d.layout);
  model::Model unfiltered = *d.loaded.model;
  unfiltered.aggregates[0].filters.clear();
  options.stream_consumer = [&](sim::DataPlane& plane, int aggregate,
                                const std::vector<sim::StreamRecord>& batch,
                                model::exec::AggregateStats& stats) {
    return model::exec::ApplyAggregateStream(plane, unfiltered, *d.layout, aggregate, batch, stats);
  };
  auto broken = model::check::RunCheck(*d.loaded.model, *d.layout, options);
  REQUIRE(broken.ok());
  CHECK_FALSE(broken->passed());
  CHECK(test::CheckFailures(*broken).find("agentOpenTickets of Agent") != std::string::npos);
  CHECK(test::CheckFailures(*broken).find("after draining the stream") != std::string::npos);
}
