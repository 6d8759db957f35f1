// A stream consumer's idempotency marks (layout.h SeenMarks): chosen by cost between `_aggseen`
// on the group item and mark items written in the group's transaction; mark items applied under
// replays, reordering and moves between groups; `model check` failing a consumer that ignores
// the marks' condition; and E518, a group item over 400 KB that a pin forces.
#include <fmt/format.h>

#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "model/check/check.h"
#include "model/cost.h"
#include "model/exec/aggregates.h"
#include "model/exec/items.h"
#include "model/sim/engine/database.h"
#include "model_fixture.h"

namespace {

// A help desk: each agent's open tickets counted by the table's stream. At `rate` tickets opened
// and closed per second over 50 agents, every ticket opened or closed leaves a mark per agent for
// 25 hours: at 10/s about 28,000 per agent, megabytes on the Agent item.
std::string HelpDesk(const std::string& rate, const std::string& extra = "") {
  return fmt::format(R"yaml(table: {{ name: helpdesk, streams: true }}
entities:
  Agent:
    count: 50
    attributes: {{ agentId: string, name: "string?", openTickets: integer }}
  Ticket:
    count: 1M
    attributes:
      ticketId: string
      assigneeId: string
      status: {{ type: enum, values: [OPEN, CLOSED] }}
relationships:
  - {{ name: assigned, cardinality: "1:N", from: Agent, to: Ticket, link: [assigneeId] }}
access_patterns:
  - {{ name: getAgent, returns: Agent, by: [agentId], rate: 5 }}
  - {{ name: agentTickets, returns: Ticket, by: [assigneeId], rate: 1 }}
write_patterns:
  - {{ name: openTicket, create: Ticket, rate: {0} }}
  - {{ name: closeTicket, update: Ticket, attributes: [status], rate: {0} }}
  - {{ name: reassign, update: Ticket, attributes: [assigneeId], rate: {0} }}
  - {{ name: purge, delete: Ticket, rate: {0} }}
aggregates:
  - name: openPerAgent
    of: Ticket
    into: Agent
    group: {{ agentId: assigneeId }}
    values: {{ openTickets: count }}
    filter: {{ status: OPEN }}
    maintain: stream
{1})yaml",
                     rate, extra);
}

sim::Item Ticket(const std::string& id, const std::string& agent, const std::string& status) {
  return {{"ticketId", sim::AttributeValue::S(id)},
          {"assigneeId", sim::AttributeValue::S(agent)},
          {"status", sim::AttributeValue::S(status)}};
}

// The help desk's table, changed through PutItem/DeleteItem, its stream records read in order.
struct DeskFixture {
  test::Derived d = test::Derive(HelpDesk("10"));
  std::unique_ptr<sim::Database> db;
  std::int64_t position = 0;

  DeskFixture() {
    INFO(d.diagnostics);
    REQUIRE(d.layout);
    REQUIRE(d.layout->aggregates[0].marks == model::SeenMarks::kItems);
    auto opened = sim::Database::Open({});
    REQUIRE(opened.ok());
    db = std::move(opened.value());
    REQUIRE(db->CreateTable(model::exec::CreateTableRequest(*d.layout)).ok());
  }
  const model::Model& m() const { return *d.loaded.model; }
  void Put(const sim::Item& ticket) {
    model::exec::Record r{{ticket}};
    for (int t : d.layout->ItemTypesOf(m().FindEntity("Ticket"))) {
      for (auto& item : model::exec::RenderItems(m(), *d.layout, t, r)) {
        sim::PutItemRequest put;
        put.table_name = "helpdesk";
        put.item = item;
        REQUIRE(db->PutItem(put).ok());
      }
    }
  }
  void Delete(const sim::Item& ticket) {
    model::exec::Record r{{ticket}};
    auto key =
        model::exec::RenderItemKey(m(), *d.layout, d.layout->aggregates[0].source_type, r, 1);
    REQUIRE(key);
    sim::DeleteItemRequest del;
    del.table_name = "helpdesk";
    del.key = *key;
    REQUIRE(db->DeleteItem(del).ok());
  }
  std::vector<sim::StreamRecord> Records() {
    auto read = db->ReadStream("helpdesk", position, 1000);
    REQUIRE(read.ok());
    position = read->next_after_sequence;
    return read->records;
  }
  sim::Item AgentItem(const std::string& agent) {
    model::exec::Record r{{{{"agentId", sim::AttributeValue::S(agent)}}}};
    auto key =
        model::exec::RenderItemKey(m(), *d.layout, d.layout->aggregates[0].target_type, r, 1);
    REQUIRE(key);
    sim::GetItemRequest get;
    get.table_name = "helpdesk";
    get.key = *key;
    auto got = db->GetItem(get);
    REQUIRE(got.ok());
    return got->item ? *got->item : sim::Item{};
  }
  // Every item of the table whose _type is the marks'.
  std::vector<sim::Item> Marks() {
    sim::ScanRequest scan;
    scan.table_name = "helpdesk";
    scan.filter_expression = "#t = :m";
    scan.expression_attribute_names["#t"] = model::kTypeAttribute;
    scan.expression_attribute_values[":m"] = sim::AttributeValue::S(model::kAggregateMarkLabel);
    auto got = db->Scan(scan);
    REQUIRE(got.ok());
    return got->items;
  }
};

std::string Open(const sim::Item& agent) { return model::exec::Natural(agent, "openTickets"); }

}  // namespace

TEST_CASE("aggregate marks: a hot create rate keeps them as items, a slow one inline",
          "[model][aggregate][marks]") {
  auto hot = test::Derive(HelpDesk("10"));
  INFO(hot.diagnostics);
  REQUIRE(hot.layout);
  const model::AggregateLayout& a = hot.layout->aggregates[0];
  CHECK(a.marks == model::SeenMarks::kItems);
  // No entity expires: Time to Live is enabled on the table's attribute for the marks.
  CHECK(hot.layout->ttl_attribute == "ttl");
  model::AggregateFigures items = model::EstimateAggregate(*hot.loaded.model, *hot.layout, a);
  model::AggregateLayout as_inline = a;
  as_inline.marks = model::SeenMarks::kInline;
  model::AggregateFigures in = model::EstimateAggregate(*hot.loaded.model, *hot.layout, as_inline);
  // Inline: one mark per ticket changed in 25 hours on the Agent item, megabytes.
  CHECK(in.group_item_bytes > 4 * model::kMaxItemBytes);
  CHECK(in.seen_entry_bytes > 0);
  // Items: the Agent item holds no marks; each group update is a transaction of the Agent item
  // (about 1 KB) and one mark item, both doubled.
  CHECK(items.seen_entry_bytes == 0);
  CHECK(items.group_item_bytes < 1100);
  CHECK(items.mark_item_bytes > 100);
  CHECK(items.mark_item_bytes < 200);
  CHECK(items.wcu_per_group ==
        model::kTransactionFactor * (model::ItemWriteUnits(items.group_item_bytes) + 1));
  CHECK(items.wcu_per_group < in.wcu_per_group);
  CHECK_FALSE(items.state_grows);
  bool told = false;
  for (const model::Reason& r : a.reasons)
    told = told || (r.text.find("as items of their own") != std::string::npos &&
                    r.text.find("WCU; as mark items") != std::string::npos);
  CHECK(told);
  CHECK(hot.diagnostics.find("E518") == std::string::npos);

  // A handful of tickets a day: a few marks inline cost less than a transaction per update.
  auto slow = test::Derive(HelpDesk("0.0001"));
  INFO(slow.diagnostics);
  REQUIRE(slow.layout);
  CHECK(slow.layout->aggregates[0].marks == model::SeenMarks::kInline);
  CHECK(slow.layout->ttl_attribute.empty());
  model::AggregateFigures f =
      model::EstimateAggregate(*slow.loaded.model, *slow.layout, slow.layout->aggregates[0]);
  CHECK(f.mark_item_bytes == 0);
  CHECK(f.wcu_per_group == model::ItemWriteUnits(f.group_item_bytes));
}

TEST_CASE("aggregate marks: replays, reordering and moves give exact counts",
          "[model][aggregate][marks]") {
  DeskFixture f;
  f.Put(Ticket("t1", "a1", "OPEN"));
  f.Put(Ticket("t2", "a1", "OPEN"));
  f.Put(Ticket("t3", "a1", "OPEN"));
  f.Put(Ticket("t2", "a1", "CLOSED"));  // leaves the filter
  f.Put(Ticket("t3", "a2", "OPEN"));    // moves between agents
  f.Delete(Ticket("t1", "a1", "OPEN"));
  std::vector<sim::StreamRecord> batch = f.Records();
  REQUIRE(batch.size() == 6);
  std::vector<sim::StreamRecord> reordered = {batch[2], batch[4], batch[1],
                                              batch[3], batch[0], batch[5]};
  model::exec::AggregateStats stats;
  REQUIRE(model::exec::ApplyStreamBatch(*f.db, f.m(), *f.d.layout, reordered, stats).ok());
  CHECK(stats.duplicates == 0);
  const std::int64_t applied = stats.applied;
  CHECK(applied == 7);  // t3's move updates two groups
  REQUIRE(model::exec::ApplyStreamBatch(*f.db, f.m(), *f.d.layout, batch, stats).ok());
  // Every group update of the replayed batch is refused by its mark's condition.
  CHECK(stats.duplicates == 7);
  CHECK(stats.applied == applied);
  sim::Item a1 = f.AgentItem("a1");
  sim::Item a2 = f.AgentItem("a2");
  CHECK(Open(a1) == "0");
  CHECK(Open(a2) == "1");
  // The group items carry no marks; the marks are items of their own, one per ticket and group
  // it touched, with the last sequence number applied and an expiry 25 hours after the record.
  CHECK(a1.find(model::kAggregateSeenAttribute) == a1.end());
  CHECK(a2.find(model::kAggregateSeenAttribute) == a2.end());
  std::vector<sim::Item> marks = f.Marks();
  CHECK(marks.size() == 4);  // t1@a1, t2@a1, t3@a1, t3@a2
  for (const sim::Item& mark : marks) {
    CHECK(model::exec::Natural(mark, "PK").rfind("_AGGSEEN#TICKET#t", 0) == 0);
    CHECK(model::exec::Natural(mark, "SK").rfind("openPerAgent#AGENT#a", 0) == 0);
    CHECK(mark.count(model::kAggregateMarkSequenceAttribute) == 1);
    REQUIRE(mark.count("ttl") == 1);
    CHECK(mark.count("GSI1PK") == 0);
  }
  sim::Item t3_a2 = model::exec::AggregateMarkKey(
      *f.d.layout, 0, "TICKET#t3\nTICKET",
      {{"PK", sim::AttributeValue::S("AGENT#a2")}, {"SK", sim::AttributeValue::S("AGENT")}}, 0);
  CHECK(model::exec::Natural(t3_a2, "PK") == "_AGGSEEN#TICKET#t3#TICKET");
  CHECK(model::exec::Natural(t3_a2, "SK") == "openPerAgent#AGENT#a2#AGENT#0");

  // A later record of t3 after its earlier ones were replayed: applied, not a duplicate.
  f.Put(Ticket("t3", "a2", "CLOSED"));
  auto later = f.Records();
  REQUIRE(model::exec::ApplyStreamBatch(*f.db, f.m(), *f.d.layout, later, stats).ok());
  REQUIRE(model::exec::ApplyStreamBatch(*f.db, f.m(), *f.d.layout, batch, stats).ok());
  CHECK(Open(f.AgentItem("a2")) == "0");
  CHECK(stats.applied == applied + 1);
  CHECK(stats.duplicates == 14);
}

TEST_CASE("aggregate marks: model check passes them and fails a consumer ignoring them",
          "[model][aggregate][marks][check]") {
  auto d = test::Derive(HelpDesk("10"));
  INFO(d.diagnostics);
  REQUIRE(d.layout);
  REQUIRE(d.layout->aggregates[0].marks == model::SeenMarks::kItems);
  model::check::CheckOptions options;
  options.items = 400;
  auto report = model::check::RunCheck(*d.loaded.model, *d.layout, options);
  REQUIRE(report.ok());
  INFO(test::CheckFailures(*report));
  CHECK(report->passed());
  REQUIRE(report->aggregates.size() == 1);
  CHECK(report->aggregates[0].duplicates > 0);  // every batch is delivered twice

  // A consumer that writes its mark items without their condition applies a redelivered record
  // again: the counts drift and the check fails.
  options.stream_consumer = [&](sim::DataPlane& plane, int aggregate,
                                const std::vector<sim::StreamRecord>& batch,
                                model::exec::AggregateStats& stats) -> sim::SimStatus {
    const model::Model& m = *d.loaded.model;
    const model::KeyLayout& l = *d.layout;
    const model::Entity& of = m.entities[static_cast<std::size_t>(m.aggregates[0].of)];
    for (const sim::StreamRecord& r : batch) {
      if (!model::exec::RecordFeeds(l, aggregate, r)) continue;
      std::optional<sim::Item> before, after;
      if (r.old_image) before = model::exec::EntityValues(of, *r.old_image);
      if (r.new_image) after = model::exec::EntityValues(of, *r.new_image);
      model::exec::AggregateChange change;
      change.before = before ? &*before : nullptr;
      change.after = after ? &*after : nullptr;
      change.source = model::exec::Natural(r.keys, l.partition_key) + "\n" +
                      model::exec::Natural(r.keys, l.sort_key);
      change.sequence = r.sequence_number;
      change.created_s = r.creation_ms / 1000;
      auto planned = model::exec::PlanGroupWrites(plane, m, l, aggregate, change, stats);
      if (!planned.ok()) return planned.error();
      for (const auto& puts : *planned) {
        sim::TransactWriteItemsRequest t;
        for (const model::exec::GroupPut& p : puts) {
          sim::TransactWriteItem item;
          item.put = p.mark
                         ? sim::TransactPut{l.table_name, p.item, "", {}, {}}
                         : sim::TransactPut{l.table_name, p.item, p.condition, p.names, p.values};
          t.transact_items.push_back(std::move(item));
        }
        auto done = plane.TransactWriteItems(t);
        if (!done.ok()) return done.error();
      }
    }
    return sim::Ok{};
  };
  auto broken = model::check::RunCheck(*d.loaded.model, *d.layout, options);
  REQUIRE(broken.ok());
  CHECK_FALSE(broken->passed());
  CHECK(test::CheckFailures(*broken).find("openTickets is") != std::string::npos);
}

TEST_CASE("aggregate marks: a pin forcing a group item past 400 KB is an error",
          "[model][aggregate][marks]") {
  // A max over 50,000 tickets per agent keeps a count per distinct priority on the Agent item;
  // pinned to the stream, nothing can split it.
  std::string text = HelpDesk("10",
                              "  - name: topPriority\n"
                              "    of: Ticket\n"
                              "    into: Agent\n"
                              "    group: { agentId: assigneeId }\n"
                              "    values: { maxTicket: { max: weight } }\n"
                              "    maintain: stream\n");
  auto at = text.find("status: { type: enum");
  text.insert(at, "weight: number\n      ");
  at = text.find("openTickets: integer");
  text.insert(at, "maxTicket: \"number?\", ");
  at = text.find("count: 50");
  text.replace(at, 9, "count: 20");  // 50,000 tickets per agent
  auto d = test::Derive(text);
  INFO(d.diagnostics);
  CHECK_FALSE(d.layout);
  CHECK(d.diagnostics.find("error: aggregate 'topPriority' is kept by a consumer of the table's "
                           "stream, and its group item would hold about ") != std::string::npos);
  CHECK(d.diagnostics.find("'maintain: stream' pins it") != std::string::npos);
  CHECK(d.diagnostics.find("[E518]") != std::string::npos);
  CHECK(d.diagnostics.find("note: the maintainer is pinned here") != std::string::npos);
}

TEST_CASE("aggregate marks: not as items when an entity attribute has the TTL attribute's name",
          "[model][aggregate][marks]") {
  // Enabling Time to Live on 'ttl' for the marks would let it delete the agents, whose 'ttl' is
  // an attribute of their own: the marks stay inline, and at 10 tickets/s they pass 400 KB.
  std::string text = HelpDesk("10");
  const std::string at = "openTickets: integer";
  text.insert(text.find(at), "ttl: \"number?\", ");
  auto d = test::Derive(text);
  INFO(d.diagnostics);
  CHECK_FALSE(d.layout);
  CHECK(d.diagnostics.find("and it cannot keep them as items: mark items expire by Time to Live "
                           "on 'ttl', which is also an attribute of 'Agent' that declares no "
                           "expiry") != std::string::npos);
  CHECK(d.diagnostics.find("[E518]") != std::string::npos);
  // At a slow rate the marks fit inline, and nothing enables Time to Live.
  std::string slow = HelpDesk("0.0001");
  slow.insert(slow.find(at), "ttl: \"number?\", ");
  auto s = test::Derive(slow);
  INFO(s.diagnostics);
  REQUIRE(s.layout);
  CHECK(s.layout->aggregates[0].marks == model::SeenMarks::kInline);
  CHECK(s.layout->ttl_attribute.empty());
}
