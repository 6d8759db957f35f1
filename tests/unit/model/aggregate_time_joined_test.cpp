// Pre-computed aggregates' min and max of timestamps and dates, and joined counts
// (`{ count: joined }`): the format and its errors, the values over records (exec
// AggregateValues, the code the oracle and the maintainer share), the stream consumer and the
// writes' transactions through creates, moves, filter flips, deletes and replays, and
// `model check` proving them (also over shards) and failing a consumer that takes a join back on
// delete, and the state priced by type.
#include <fmt/format.h>

#include <catch2/catch.hpp>
#include <map>
#include <optional>
#include <set>
#include <string>

#include "model/check/check.h"
#include "model/cost.h"
#include "model/exec/aggregates.h"
#include "model/exec/items.h"
#include "model/exec/writes.h"
#include "model/sim/engine/database.h"
#include "model_fixture.h"

namespace {

// A helpdesk: per agent, the oldest and newest open ticket, the first due date, the tickets ever
// opened for them (a joined count over open tickets) and those open now.
const char* kHelpdesk = R"yaml(table: { name: helpdesk, streams: true }
entities:
  Agent:
    count: 50
    attributes:
      agentId: string
      oldestOpen: timestamp?
      newestOpen: timestamp?
      firstDue: date?
      ticketsOpened: integer
      openTickets: integer
  Ticket:
    count: 500
    attributes:
      ticketId: string
      assigneeId: string
      status: { type: enum, values: [OPEN, CLOSED] }
      openedAt: timestamp
      dueOn: date?
access_patterns:
  - { name: getAgent, returns: Agent, by: [agentId] }
  - { name: agentTickets, returns: Ticket, by: [assigneeId] }
write_patterns:
  - { name: openTicket, create: Ticket, rate: 5 }
  - { name: setStatus, update: Ticket, attributes: [status], rate: 2 }
  - { name: reassign, update: Ticket, attributes: [assigneeId], rate: 1 }
  - { name: reschedule, update: Ticket, attributes: [openedAt, dueOn], rate: 1 }
  - { name: purge, delete: Ticket, rate: 1 }
aggregates:
  - name: agentStats
    of: Ticket
    into: Agent
    group: { agentId: assigneeId }
    values:
      oldestOpen: { min: openedAt }
      newestOpen: { max: openedAt }
      firstDue: { min: dueOn }
      ticketsOpened: { count: joined }
      openTickets: count
    filter: { status: OPEN }
)yaml";

std::string Replaced(std::string text, const std::string& from, const std::string& to) {
  auto at = text.find(from);
  REQUIRE(at != std::string::npos);
  text.replace(at, from.size(), to);
  return text;
}

std::string Pinned(const std::string& maintain) {
  return std::string(kHelpdesk) + "    maintain: " + maintain + "\n";
}

// The helpdesk kept in the writes' transactions: no stream.
std::string TransactionHelpdesk() {
  return Replaced(kHelpdesk, "table: { name: helpdesk, streams: true }",
                  "table: { name: helpdesk }");
}

sim::Item Ticket(const std::string& id, const std::string& agent, const std::string& status,
                 const std::string& opened, const std::string& due = "") {
  sim::Item t = {{"ticketId", sim::AttributeValue::S(id)},
                 {"assigneeId", sim::AttributeValue::S(agent)},
                 {"status", sim::AttributeValue::S(status)},
                 {"openedAt", sim::AttributeValue::S(opened)}};
  if (!due.empty()) t["dueOn"] = sim::AttributeValue::S(due);
  return t;
}

std::string Text(const sim::Item& item, const std::string& name) {
  auto it = item.find(name);
  return it == item.end() ? std::string("absent") : model::exec::NaturalText(it->second);
}

// The helpdesk on a fresh table, changed through its write patterns (exec::ApplyWrite), the
// stream drained on demand: each batch in reverse order across items, then again as it came.
struct Desk {
  test::Derived d;
  std::unique_ptr<sim::Database> db;
  std::int64_t position = 0;
  model::exec::AggregateStats stats;
  std::map<std::string, sim::Item> tickets;

  explicit Desk(const std::string& text) : d(test::Derive(text)) {
    INFO(d.diagnostics);
    REQUIRE(d.layout);
    auto opened = sim::Database::Open({});
    REQUIRE(opened.ok());
    db = std::move(opened.value());
    REQUIRE(db->CreateTable(model::exec::CreateTableRequest(*d.layout)).ok());
  }
  const model::Model& m() const { return *d.loaded.model; }
  void Apply(const std::string& pattern, const sim::Item* before, const sim::Item* after) {
    int w = -1;
    for (std::size_t i = 0; i < m().write_patterns.size(); ++i)
      if (m().write_patterns[i].name == pattern) w = static_cast<int>(i);
    REQUIRE(w >= 0);
    std::optional<model::exec::Record> b, a;
    if (before) b = model::exec::Record{{*before}};
    if (after) a = model::exec::Record{{*after}};
    model::exec::WriteStats ws;
    auto done =
        model::exec::ApplyWrite(*db, m(), *d.layout, d.layout->writes[static_cast<std::size_t>(w)],
                                b ? &*b : nullptr, a ? &*a : nullptr, ws);
    INFO((done.ok() ? std::string() : done.error().message));
    REQUIRE(done.ok());
  }
  void Open(const sim::Item& t) {
    Apply("openTicket", nullptr, &t);
    tickets[model::exec::Natural(t, "ticketId")] = t;
  }
  void Change(const std::string& pattern, const sim::Item& t) {
    std::string id = model::exec::Natural(t, "ticketId");
    sim::Item before = tickets.at(id);
    Apply(pattern, &before, &t);
    tickets[id] = t;
  }
  void Purge(const std::string& id) {
    sim::Item before = tickets.at(id);
    Apply("purge", &before, nullptr);
    tickets.erase(id);
  }
  void Drain() {
    if (!d.layout->stream) return;
    auto read = db->ReadStream("helpdesk", position, 1000);
    REQUIRE(read.ok());
    position = read->next_after_sequence;
    std::vector<sim::StreamRecord> reordered;
    std::set<std::string> placed;
    for (auto it = read->records.rbegin(); it != read->records.rend(); ++it) {
      std::string key = model::exec::Natural(it->keys, d.layout->partition_key);
      if (!placed.insert(key).second) continue;
      for (const sim::StreamRecord& r : read->records)
        if (model::exec::Natural(r.keys, d.layout->partition_key) == key) reordered.push_back(r);
    }
    REQUIRE(model::exec::ApplyStreamBatch(*db, m(), *d.layout, reordered, stats).ok());
    REQUIRE(model::exec::ApplyStreamBatch(*db, m(), *d.layout, read->records, stats).ok());
  }
  sim::Item Agent(const std::string& agent) {
    model::exec::Record r{{{{"agentId", sim::AttributeValue::S(agent)}}}};
    auto key =
        model::exec::RenderItemKey(m(), *d.layout, d.layout->aggregates[0].target_type, r, 1);
    REQUIRE(key);
    sim::GetItemRequest get;
    get.table_name = "helpdesk";
    get.key = *key;
    get.consistent_read = true;
    auto got = db->GetItem(get);
    REQUIRE(got.ok());
    return got->item ? model::exec::EntityValues(m().entities[0], *got->item) : sim::Item{};
  }
};

}  // namespace

TEST_CASE("aggregates: min and max take timestamps and dates, a count may count joins",
          "[model][aggregate][joined]") {
  auto l = test::Load(kHelpdesk);
  INFO(l.diagnostics);
  REQUIRE(l.model);
  const model::AggregateDecl& a = l.model->aggregates[0];
  REQUIRE(a.values.size() == 5);
  const model::Entity& ticket = l.model->entities[1];
  CHECK(a.values[0].function == model::AggregateFunction::kMin);
  CHECK(a.values[0].source == ticket.FindAttribute("openedAt"));
  CHECK(a.values[1].function == model::AggregateFunction::kMax);
  CHECK(a.values[2].source == ticket.FindAttribute("dueOn"));
  CHECK(a.values[3].function == model::AggregateFunction::kJoined);
  CHECK(a.values[3].source == -1);
  CHECK(std::string(model::AggregateFunctionName(model::AggregateFunction::kJoined)) ==
        "count joined");
}

TEST_CASE("aggregates: min/max and joined misuse are positioned errors",
          "[model][aggregate][joined]") {
  auto bad = [](const std::string& from, const std::string& to) {
    auto l = test::Load(Replaced(kHelpdesk, from, to));
    CHECK_FALSE(l.model);
    return l.diagnostics;
  };
  // A string has no order a user would call the smallest.
  std::string diags =
      test::Load(Replaced(Replaced(kHelpdesk, "ticketId: string\n",
                                   "ticketId: string\n      title: string\n"),
                          "oldestOpen: { min: openedAt }", "oldestOpen: { min: title }"))
          .diagnostics;
  CHECK(diags.find("m.yaml:36:26: error: 'min' in aggregate 'agentStats' names 'title' (a "
                   "string) of 'Ticket'; min takes a number, integer, timestamp or date [E434]") !=
        std::string::npos);
  // A timestamp's min goes into a timestamp.
  CHECK(bad("firstDue: { min: dueOn }", "firstDue: { min: openedAt }")
            .find("writes the min (a timestamp) into 'firstDue' (a date) of 'Agent'; declare it "
                  "a timestamp [E434]") != std::string::npos);
  // A sum stays numeric.
  CHECK(bad("oldestOpen: { min: openedAt }", "oldestOpen: { sum: openedAt }")
            .find("sum takes a number or integer [E434]") != std::string::npos);
  // `count` takes one word.
  CHECK(bad("ticketsOpened: { count: joined }", "ticketsOpened: { count: ever }")
            .find("is 'ever', which is not one of joined [E108]") != std::string::npos);
  // A joined count into a string.
  CHECK(bad("ticketsOpened: integer", "ticketsOpened: string")
            .find("writes the joined count (a whole number) into 'ticketsOpened' (a string)") !=
        std::string::npos);
  // Read time cannot know the items that left.
  std::string read = test::Load(Pinned("read")).diagnostics;
  CHECK(read.find("m.yaml:41:15: error: aggregate 'agentStats' pins 'maintain: read', but "
                  "'ticketsOpened' counts the items that ever joined a group") !=
        std::string::npos);
  CHECK(read.find("[E441]") != std::string::npos);
  CHECK(read.find("m.yaml:38:7: note: 'ticketsOpened' is a joined count here") !=
        std::string::npos);
}

TEST_CASE("aggregates: a joined count is never computed at read time",
          "[model][aggregate][joined]") {
  // Without the joined count, reading each agent's tickets costs less than keeping the values
  // (one read of an agent a day); with it, read time is out, and explain says why.
  // (Agent items exist without the aggregate: a name no aggregate writes.)
  std::string rare =
      Replaced(Replaced(kHelpdesk, "{ name: getAgent, returns: Agent, by: [agentId] }",
                        "{ name: getAgent, returns: Agent, by: [agentId], rate: 0.00001 }"),
               "      agentId: string\n", "      agentId: string\n      name: string\n");
  auto without = test::Derive(Replaced(rare, "      ticketsOpened: { count: joined }\n", ""));
  REQUIRE(without.layout);
  CHECK(without.layout->aggregates[0].maintainer == model::Maintainer::kRead);
  auto with = test::Derive(rare);
  REQUIRE(with.layout);
  CHECK(with.layout->aggregates[0].maintainer != model::Maintainer::kRead);
  std::string why;
  for (const auto& r : with.layout->aggregates[0].reasons) why += r.text + "\n";
  CHECK(why.find("not computed at read time: 'ticketsOpened' counts the items that ever joined "
                 "a group, and a read finds only those still in it") != std::string::npos);
}

TEST_CASE("aggregates: min and max of times compare the time, keyed by the stored text",
          "[model][aggregate][joined]") {
  auto l = test::Load(kHelpdesk);
  REQUIRE(l.model);
  const model::AggregateDecl& a = l.model->aggregates[0];
  // Text order puts ".100Z" before "Z"; the times say 10:00:00.000 comes first.
  sim::Item t1 = Ticket("t1", "a1", "OPEN", "2019-01-05T10:00:00.100Z", "2019-02-01");
  sim::Item t2 = Ticket("t2", "a1", "OPEN", "2019-01-05T10:00:00Z", "2019-01-31");
  sim::Item t3 = Ticket("t3", "a1", "OPEN", "2019-01-05T09:59:59.999+00:00");
  sim::Item t4 = Ticket("t4", "a1", "OPEN", "2019-01-05T10:00:00.000Z");  // t2's instant
  sim::Item v = model::exec::AggregateValues(*l.model, a, {&t1, &t2});
  CHECK(Text(v, "oldestOpen") == "2019-01-05T10:00:00Z");
  CHECK(Text(v, "newestOpen") == "2019-01-05T10:00:00.100Z");
  CHECK(Text(v, "firstDue") == "2019-01-31");
  CHECK(v.at("oldestOpen").is(sim::ValueType::kS));  // a timestamp stays text
  CHECK(Text(v, "ticketsOpened") == "2");            // a backfill: every item joined once
  CHECK(Text(v, "openTickets") == "2");
  v = model::exec::AggregateValues(*l.model, a, {&t1, &t2, &t3});
  CHECK(Text(v, "oldestOpen") == "2019-01-05T09:59:59.999+00:00");
  // Two texts of one instant: the least text, whatever the order the items came in.
  CHECK(Text(model::exec::AggregateValues(*l.model, a, {&t2, &t4}), "oldestOpen") ==
        "2019-01-05T10:00:00.000Z");
  CHECK(Text(model::exec::AggregateValues(*l.model, a, {&t4, &t2}), "oldestOpen") ==
        "2019-01-05T10:00:00.000Z");
  // The state counts each value by its text.
  auto state = model::exec::AggregateValueState(*l.model, a, {&t1, &t2, &t4});
  REQUIRE(state);
  const sim::Item& oldest = state->map().at("oldestOpen").map();
  CHECK(oldest.size() == 3);
  CHECK(Text(oldest, "2019-01-05T10:00:00Z") == "1");
  CHECK(state->map().at("firstDue").map().size() == 2);
  CHECK(state->map().count("ticketsOpened") == 0);  // a joined count keeps no state
  // An empty group: no min or max, counts 0.
  sim::Item empty = model::exec::AggregateValues(*l.model, a, {});
  CHECK(Text(empty, "oldestOpen") == "absent");
  CHECK(Text(empty, "ticketsOpened") == "0");
}

TEST_CASE("aggregates: a timestamp's or date's value counts are priced at the type's size",
          "[model][aggregate][joined]") {
  // Each min or max keeps a count per distinct value in _aggvals: a timestamp's text is 24
  // bytes, a date's 10 (a number's is taken as 10 digits); a joined count keeps none.
  auto entry_bytes = [](const std::string& text) {
    auto d = test::Derive(text);
    REQUIRE(d.layout);
    return model::EstimateAggregate(*d.loaded.model, *d.layout, d.layout->aggregates[0])
        .value_entry_bytes;
  };
  const std::string all = Pinned("stream");
  const double without_timestamp =
      entry_bytes(Replaced(all, "      oldestOpen: { min: openedAt }\n", ""));
  const double without_date = entry_bytes(Replaced(all, "      firstDue: { min: dueOn }\n", ""));
  CHECK(without_date - without_timestamp == Approx(24 - 10));
  CHECK(entry_bytes(Replaced(all, "      ticketsOpened: { count: joined }\n", "")) ==
        Approx(entry_bytes(all)));
}

TEST_CASE("aggregates: the consumer keeps times and joins through moves, deletes and replays",
          "[model][aggregate][joined]") {
  for (const std::string& text : {Pinned("stream"), TransactionHelpdesk()}) {
    Desk f(text);
    DYNAMIC_SECTION(model::MaintainerName(f.d.layout->aggregates[0].maintainer)) {
      f.Open(Ticket("t1", "a1", "OPEN", "2019-01-05T10:00:00.100Z", "2019-02-01"));
      f.Open(Ticket("t2", "a1", "OPEN", "2019-01-05T10:00:00Z"));
      f.Open(Ticket("t3", "a1", "CLOSED", "2019-01-01T00:00:00Z"));  // outside the filter
      f.Drain();
      sim::Item a1 = f.Agent("a1");
      CHECK(Text(a1, "oldestOpen") == "2019-01-05T10:00:00Z");
      CHECK(Text(a1, "newestOpen") == "2019-01-05T10:00:00.100Z");
      CHECK(Text(a1, "ticketsOpened") == "2");
      // t2 (the oldest) moves to a2: a1's oldest is t1 again, a2 gains a join, a1 keeps its two.
      f.Change("reassign", Ticket("t2", "a2", "OPEN", "2019-01-05T10:00:00Z"));
      // t3 is reopened: it joins a1.
      f.Change("setStatus", Ticket("t3", "a1", "OPEN", "2019-01-01T00:00:00Z"));
      // t1 is rescheduled within its group: a value changes, no join.
      f.Change("reschedule", Ticket("t1", "a1", "OPEN", "2019-01-06T08:00:00Z", "2019-01-20"));
      f.Drain();
      a1 = f.Agent("a1");
      CHECK(Text(a1, "oldestOpen") == "2019-01-01T00:00:00Z");
      CHECK(Text(a1, "newestOpen") == "2019-01-06T08:00:00Z");
      CHECK(Text(a1, "firstDue") == "2019-01-20");
      CHECK(Text(a1, "ticketsOpened") == "3");
      CHECK(Text(a1, "openTickets") == "2");
      CHECK(Text(f.Agent("a2"), "ticketsOpened") == "1");
      // Closing t3 and deleting t1 take items out: the times follow, the joins stay.
      f.Change("setStatus", Ticket("t3", "a1", "CLOSED", "2019-01-01T00:00:00Z"));
      f.Purge("t1");
      f.Drain();
      a1 = f.Agent("a1");
      CHECK(Text(a1, "oldestOpen") == "absent");
      CHECK(Text(a1, "firstDue") == "absent");
      CHECK(Text(a1, "openTickets") == "0");
      CHECK(Text(a1, "ticketsOpened") == "3");
      // The whole stream delivered again from its start changes nothing.
      if (f.d.layout->stream) {
        std::int64_t before = f.stats.duplicates;
        f.position = 0;
        f.Drain();
        CHECK(f.stats.duplicates > before);
        CHECK(Text(f.Agent("a1"), "ticketsOpened") == "3");
        CHECK(Text(f.Agent("a2"), "ticketsOpened") == "1");
      }
    }
  }
}

TEST_CASE(
    "aggregates: model check proves joined counts and times, and fails a consumer that "
    "takes a join back on delete",
    "[model][aggregate][joined][check]") {
  model::check::CheckOptions options;
  options.items = 400;
  SECTION("kept in the writes' transactions") {
    auto d = test::Derive(TransactionHelpdesk());
    REQUIRE(d.layout);
    REQUIRE(d.layout->aggregates[0].maintainer == model::Maintainer::kTransaction);
    auto report = model::check::RunCheck(*d.loaded.model, *d.layout, options);
    REQUIRE(report.ok());
    INFO(test::CheckFailures(*report));
    CHECK(report->passed());
    CHECK(report->aggregates[0].groups_compared > 0);
  }
  SECTION("kept in the writes' transactions, each group over 4 shards") {
    // Each shard counts the joins of the items hashing to it; a read adds them up, and the
    // min and max of times are the extremes over the shards.
    auto d = test::Derive(TransactionHelpdesk() + "    shards: 4\n");
    INFO(d.diagnostics);
    REQUIRE(d.layout);
    REQUIRE(d.layout->aggregates[0].shards == 4);
    auto report = model::check::RunCheck(*d.loaded.model, *d.layout, options);
    REQUIRE(report.ok());
    INFO(test::CheckFailures(*report));
    CHECK(report->passed());
  }
  SECTION("kept by the stream") {
    auto d = test::Derive(Pinned("stream"));
    REQUIRE(d.layout);
    auto report = model::check::RunCheck(*d.loaded.model, *d.layout, options);
    REQUIRE(report.ok());
    {
      INFO(test::CheckFailures(*report));
      CHECK(report->passed());
      CHECK(report->aggregates[0].duplicates > 0);
    }
    // A consumer that counts joins as a count: a REMOVE record takes one away.
    const model::Model& m = *d.loaded.model;
    const model::KeyLayout& layout = *d.layout;
    options.stream_consumer = [&](sim::DataPlane& plane, int aggregate,
                                  const std::vector<sim::StreamRecord>& batch,
                                  model::exec::AggregateStats& stats) -> sim::SimStatus {
      if (auto s = model::exec::ApplyAggregateStream(plane, m, layout, aggregate, batch, stats);
          !s.ok())
        return s;
      for (const sim::StreamRecord& r : batch) {
        if (r.event_name != sim::StreamEventName::kRemove || !r.old_image) continue;
        auto group = model::exec::GroupOf(m, m.aggregates[0],
                                          model::exec::EntityValues(m.entities[1], *r.old_image));
        if (!group) continue;
        auto key = model::exec::RenderItemKey(m, layout, layout.aggregates[0].target_type,
                                              model::exec::Record{{*group}}, 1);
        if (!key) continue;
        sim::UpdateItemRequest u;
        u.table_name = layout.table_name;
        u.key = *key;
        u.update_expression = "ADD #j :minus";
        u.condition_expression = "attribute_exists(#j)";
        u.expression_attribute_names = {{"#j", "ticketsOpened"}};
        u.expression_attribute_values = {{":minus", sim::AttributeValue::N("-1")}};
        auto done = plane.UpdateItem(u);
        if (!done.ok() && done.error().name != "ConditionalCheckFailedException")
          return done.error();
      }
      return sim::Ok{};
    };
    auto broken = model::check::RunCheck(m, layout, options);
    REQUIRE(broken.ok());
    CHECK_FALSE(broken->passed());
    std::string failures = test::CheckFailures(*broken);
    CHECK(failures.find("ticketsOpened is") != std::string::npos);
    CHECK(failures.find("after draining the stream") != std::string::npos);
  }
}
