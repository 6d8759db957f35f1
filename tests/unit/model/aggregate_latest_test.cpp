// Pre-computed aggregates' latest item (`{ latest: a, by: b }`): the format and its errors, the
// stream consumer and the writes' transactions keeping it exact through deletes and moves of the
// latest item, ties and replays, shards combined, the 400 KB estimate, and `model check` proving
// it against the oracle and failing a consumer that forgets what leaves a group.
#include <fmt/format.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <optional>
#include <set>
#include <string>

#include "model/aggregate_rules.h"
#include "model/check/check.h"
#include "model/cost.h"
#include "model/exec/aggregates.h"
#include "model/exec/items.h"
#include "model/exec/writes.h"
#include "model/sim/engine/database.h"
#include "model_fixture.h"

namespace {

// A chat: each room keeps its last message's text and time and its message count.
const char* kChat = R"yaml(table: { name: chat, streams: true }
entities:
  Room:
    count: 200
    attributes:
      roomId: string
      lastText: string?
      lastSentAt: timestamp?
      lastSeq: number?
      messages: integer
  Message:
    count: 600
    attributes: { messageId: string, roomId: string, sentAt: timestamp, text: string, seq: integer }
access_patterns:
  - { name: getRoom, returns: Room, by: [roomId] }
  - { name: getMessage, returns: Message, by: [messageId] }
write_patterns:
  - { name: send, create: Message, rate: 20 }
  - { name: edit, update: Message, attributes: [text, sentAt, seq], rate: 2 }
  - { name: moveMessage, update: Message, attributes: [roomId], rate: 1 }
  - { name: unsend, delete: Message, rate: 1 }
aggregates:
  - name: roomActivity
    of: Message
    into: Room
    group: { roomId: roomId }
    values:
      lastText: { latest: text, by: sentAt }
      lastSentAt: { latest: sentAt, by: sentAt }
      lastSeq: { latest: seq, by: seq }
      messages: count
)yaml";

std::string Replaced(std::string text, const std::string& from, const std::string& to) {
  auto at = text.find(from);
  REQUIRE(at != std::string::npos);
  text.replace(at, from.size(), to);
  return text;
}

// The chat kept by the stream, for the tests of the consumer: unpinned, the writes' transactions
// cost less (21 messages/s sent or unsent over 200 rooms would leave about 9,000 marks on each
// room item in 25 hours).
std::string StreamChat() { return std::string(kChat) + "    maintain: stream\n"; }

// The chat kept in the writes' transactions: no stream.
std::string TransactionChat() {
  return Replaced(kChat, "table: { name: chat, streams: true }", "table: { name: chat }");
}

sim::Item Message(const std::string& id, const std::string& room, const std::string& at,
                  const std::string& text, const std::string& seq = "1") {
  return {{"messageId", sim::AttributeValue::S(id)},
          {"roomId", sim::AttributeValue::S(room)},
          {"sentAt", sim::AttributeValue::S(at)},
          {"text", sim::AttributeValue::S(text)},
          {"seq", sim::AttributeValue::N(seq)}};
}

// The chat on a fresh table, changed through its write patterns (exec::ApplyWrite: a
// transaction-kept aggregate is written in the same transaction), the stream drained on demand.
struct Chat {
  test::Derived d;
  std::unique_ptr<sim::Database> db;
  std::int64_t position = 0;
  model::exec::AggregateStats stats;
  std::map<std::string, sim::Item> messages;  // messageId -> current values

  explicit Chat(const std::string& text) : d(test::Derive(text)) {
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
  void Send(const sim::Item& message) {
    Apply("send", nullptr, &message);
    messages[model::exec::Natural(message, "messageId")] = message;
  }
  void Change(const std::string& pattern, const sim::Item& message) {
    std::string id = model::exec::Natural(message, "messageId");
    sim::Item before = messages.at(id);
    Apply(pattern, &before, &message);
    messages[id] = message;
  }
  void Unsend(const std::string& id) {
    sim::Item before = messages.at(id);
    Apply("unsend", &before, nullptr);
    messages.erase(id);
  }
  // The stream's new records, applied in reverse order across items (each item's own records
  // kept in order) and then again as they came: a replay changes nothing.
  void Drain() {
    if (!d.layout->stream) return;
    auto read = db->ReadStream("chat", position, 1000);
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
    REQUIRE(reordered.size() == read->records.size());
    REQUIRE(model::exec::ApplyStreamBatch(*db, m(), *d.layout, reordered, stats).ok());
    std::int64_t before = stats.duplicates;
    REQUIRE(model::exec::ApplyStreamBatch(*db, m(), *d.layout, read->records, stats).ok());
    if (!read->records.empty()) CHECK(stats.duplicates > before);
  }
  // The room's values as its item holds them (none: no item).
  sim::Item Room(const std::string& room) {
    model::exec::Record r{{{{"roomId", sim::AttributeValue::S(room)}}}};
    auto key =
        model::exec::RenderItemKey(m(), *d.layout, d.layout->aggregates[0].target_type, r, 1);
    REQUIRE(key);
    sim::GetItemRequest get;
    get.table_name = "chat";
    get.key = *key;
    get.consistent_read = true;
    auto got = db->GetItem(get);
    REQUIRE(got.ok());
    return got->item ? model::exec::EntityValues(m().entities[0], *got->item) : sim::Item{};
  }
  // The oracle's values of the room: exec::AggregateValues over its current messages.
  sim::Item Expected(const std::string& room) {
    std::vector<const sim::Item*> in;
    for (const auto& [id, message] : messages)
      if (model::exec::Natural(message, "roomId") == room) in.push_back(&message);
    sim::Item out = model::exec::AggregateValues(m(), m().aggregates[0], in);
    out["roomId"] = sim::AttributeValue::S(room);
    return out;
  }
};

std::string Text(const sim::Item& item, const std::string& name) {
  return model::exec::Natural(item, name);
}

}  // namespace

TEST_CASE("aggregates: latest reads its attribute and order", "[model][aggregate][latest]") {
  auto l = test::Load(kChat);
  INFO(l.diagnostics);
  REQUIRE(l.model);
  const model::AggregateDecl& a = l.model->aggregates[0];
  REQUIRE(a.values.size() == 4);
  const model::Entity& message = l.model->entities[1];
  CHECK(a.values[0].function == model::AggregateFunction::kLatest);
  CHECK(a.values[0].source == message.FindAttribute("text"));
  CHECK(a.values[0].by == message.FindAttribute("sentAt"));
  CHECK(a.values[3].function == model::AggregateFunction::kCount);
  CHECK(a.values[3].by == -1);
  CHECK(std::string(model::AggregateFunctionName(model::AggregateFunction::kLatest)) == "latest");
}

TEST_CASE("aggregates: latest misuse is a positioned error", "[model][aggregate][latest]") {
  auto bad = [](const std::string& from, const std::string& to) {
    return test::Load(Replaced(kChat, from, to)).diagnostics;
  };
  CHECK(bad("{ latest: text, by: sentAt }", "{ latest: text, by: sentOn }")
            .find("m.yaml:28:37: error: 'by' of 'lastText' in aggregate 'roomActivity' names "
                  "'sentOn', which entity 'Message' does not have") != std::string::npos);
  CHECK(bad("{ latest: text, by: sentAt }", "{ latest: text, by: sentOn }").find("[E438]") !=
        std::string::npos);
  CHECK(test::Load(kChat).diagnostics.empty());
  std::string by_boolean =
      test::Load(Replaced(Replaced(kChat, "text: string, seq: integer }",
                                   "text: string, seq: integer, pinned: boolean }"),
                          "{ latest: text, by: sentAt }", "{ latest: text, by: pinned }"))
          .diagnostics;
  CHECK(by_boolean.find("error: 'by' of 'lastText' in aggregate 'roomActivity' names 'pinned' (a "
                        "boolean) of 'Message', which does not order items; order them by a "
                        "string, number, integer, timestamp or date [E438]") != std::string::npos);
  CHECK(
      bad("{ latest: text, by: sentAt }", "{ latest: txt, by: sentAt }")
          .find("'latest' in aggregate 'roomActivity' names 'txt', which entity 'Message' does not "
                "have") != std::string::npos);
  CHECK(bad("{ latest: text, by: sentAt }", "{ latest: txt, by: sentAt }").find("[E439]") !=
        std::string::npos);
  CHECK(
      bad("lastSentAt: { latest: sentAt, by: sentAt }", "lastSentAt: { latest: text, by: sentAt }")
          .find("m.yaml:29:7: error: 'values' of aggregate 'roomActivity' writes the latest "
                "'text' (a string) of 'Message' into 'lastSentAt' (a timestamp) of 'Room'; the "
                "types must be the same [E439]") != std::string::npos);
  CHECK(bad("lastText: string?", "lastText: string")
            .find("error: 'values' of aggregate 'roomActivity' writes the latest 'text' into "
                  "'lastText', which is required; a group whose items are all gone has no latest "
                  "item, so make it optional ('string?') [E439]") != std::string::npos);
  CHECK(bad("{ latest: text, by: sentAt }", "{ latest: text }").find("needs 'by'") !=
        std::string::npos);
  CHECK(
      bad("{ latest: text, by: sentAt }", "{ latest: text, by: sentAt, at: seq }").find("[E104]") !=
      std::string::npos);
}

TEST_CASE("aggregates: the latest item stays exact through deletes, moves, ties and replays",
          "[model][aggregate][latest]") {
  for (bool stream : {true, false}) {
    Chat c(stream ? StreamChat() : TransactionChat());
    REQUIRE(c.d.layout->aggregates[0].maintainer ==
            (stream ? model::Maintainer::kStream : model::Maintainer::kTransaction));
    INFO((stream ? "kept by the stream" : "kept in the writes' transactions"));
    auto same_as_oracle = [&](const std::string& room) {
      sim::Item have = c.Room(room);
      sim::Item want = c.Expected(room);
      INFO(room);
      CHECK(have == want);
    };
    c.Send(Message("m1", "r1", "2019-01-05T10:00:00Z", "one", "1"));
    c.Send(Message("m2", "r1", "2019-01-05T10:05:00Z", "two", "2"));
    c.Send(Message("m3", "r1", "2019-01-05T10:02:00Z", "three", "3"));
    c.Drain();
    sim::Item r1 = c.Room("r1");
    CHECK(Text(r1, "lastText") == "two");
    CHECK(Text(r1, "lastSentAt") == "2019-01-05T10:05:00Z");
    CHECK(Text(r1, "lastSeq") == "3");  // ordered by seq, not by time
    CHECK(Text(r1, "messages") == "3");
    same_as_oracle("r1");
    // A tie on sentAt (written with a fraction: the same instant): the greater identifier wins.
    c.Send(Message("m0", "r1", "2019-01-05T10:05:00.000Z", "zero", "0"));
    c.Drain();
    CHECK(Text(c.Room("r1"), "lastText") == "two");
    // The latest goes: the next latest (the tie's other side) takes its place.
    c.Unsend("m2");
    c.Drain();
    CHECK(Text(c.Room("r1"), "lastText") == "zero");
    same_as_oracle("r1");
    // The latest moves to another room: each room has its own latest.
    c.Change("moveMessage", Message("m0", "r2", "2019-01-05T10:05:00.000Z", "zero", "0"));
    c.Drain();
    CHECK(Text(c.Room("r1"), "lastText") == "three");
    CHECK(Text(c.Room("r2"), "lastText") == "zero");
    CHECK(Text(c.Room("r2"), "messages") == "1");
    same_as_oracle("r1");
    same_as_oracle("r2");
    // An edit that makes an older message the latest, and changes its text.
    c.Change("edit", Message("m1", "r1", "2019-01-05T10:03:00Z", "one, edited", "9"));
    c.Drain();
    CHECK(Text(c.Room("r1"), "lastText") == "one, edited");
    CHECK(Text(c.Room("r1"), "lastSeq") == "9");
    same_as_oracle("r1");
    // All gone: no latest, a count of 0.
    c.Unsend("m1");
    c.Unsend("m3");
    c.Drain();
    sim::Item empty = c.Room("r1");
    CHECK(empty.find("lastText") == empty.end());
    CHECK(empty.find("lastSentAt") == empty.end());
    CHECK(Text(empty, "messages") == "0");
    same_as_oracle("r1");
  }
}

TEST_CASE("aggregates: a sharded group's latest is the latest over its shards",
          "[model][aggregate][latest][shards]") {
  auto d = test::Derive(TransactionChat() + "    maintain: transaction\n    shards: 4\n");
  INFO(d.diagnostics);
  REQUIRE(d.layout);
  const model::Model& m = *d.loaded.model;
  const model::KeyLayout& layout = *d.layout;
  REQUIRE(layout.aggregates[0].shards == 4);
  auto opened = sim::Database::Open({});
  REQUIRE(opened.ok());
  auto db = std::move(opened.value());
  REQUIRE(db->CreateTable(model::exec::CreateTableRequest(layout)).ok());
  // Messages in one room, each a minute later, until every shard holds two.
  std::vector<sim::Item> sent;
  std::map<int, int> shards;  // shard -> messages
  auto filled = [&] {
    return shards.size() == 4 &&
           std::all_of(shards.begin(), shards.end(), [](const auto& s) { return s.second >= 2; });
  };
  for (int i = 0; !filled() && i < 200; ++i) {
    sent.push_back(Message(fmt::format("m{:03}", i), "r1",
                           fmt::format("2019-01-05T{:02}:{:02}:00Z", 10 + i / 60, i % 60),
                           fmt::format("text {}", i), std::to_string(i)));
    ++shards[model::exec::GroupShardOf(m, layout, 0, sent.back())];
    model::exec::AggregateChange change;
    change.after = &sent.back();
    model::exec::AggregateStats stats;
    REQUIRE(model::exec::ApplyAggregateChange(*db, m, layout, 0, change, stats).ok());
  }
  REQUIRE(filled());
  // The latest leaves; the one before it may sit on another shard.
  model::exec::AggregateChange gone;
  gone.before = &sent.back();
  model::exec::AggregateStats stats;
  REQUIRE(model::exec::ApplyAggregateChange(*db, m, layout, 0, gone, stats).ok());
  const sim::Item& next = sent[sent.size() - 2];
  auto read = [&](bool project) {
    auto key =
        model::exec::GroupShardKey(m, layout, 0, {{"roomId", sim::AttributeValue::S("r1")}}, 0);
    REQUIRE(key);
    sim::GetItemRequest get;
    get.table_name = "chat";
    get.key = *key;
    get.consistent_read = true;
    auto got = db->GetItem(get);
    REQUIRE(got.ok());
    REQUIRE(got->item);
    sim::Item item = *got->item;
    // A read that did not return the state (an index projection): shard 0 is read again.
    if (!project) REQUIRE(item.count(model::kAggregateValuesAttribute) == 1);
    if (project) item.erase(model::kAggregateValuesAttribute);
    std::vector<sim::Item> items = {item};
    model::exec::ShardReads reads;
    REQUIRE(model::exec::CombineGroupShards(*db, m, layout, 0, true, items, reads).ok());
    CHECK(reads.items == (project ? 4 : 3));
    return items[0];
  };
  for (bool project : {false, true}) {
    sim::Item room = read(project);
    CHECK(Text(room, "lastText") == Text(next, "text"));
    CHECK(Text(room, "lastSentAt") == Text(next, "sentAt"));
    CHECK(Text(room, "messages") == std::to_string(sent.size() - 1));
  }
}

TEST_CASE("aggregates: a latest value's state is in the 400 KB estimate",
          "[model][aggregate][latest]") {
  auto d = test::Derive(kChat);
  REQUIRE(d.layout);
  model::AggregateFigures f =
      model::EstimateAggregate(*d.loaded.model, *d.layout, d.layout->aggregates[0]);
  CHECK(f.items_per_group == 3);
  // Per message, three entries: an identifier (26 bytes and a newline) and a list (3 bytes, 1
  // per element) of the `by` value and the value: a timestamp 24 bytes, an integer 10 digits (6
  // bytes), text the message's declared size over its 5 attributes.
  CHECK(f.max_items_per_group > 0);
  auto count_only = test::Derive(
      Replaced(Replaced(Replaced(kChat, "      lastText: { latest: text, by: sentAt }\n", ""),
                        "      lastSentAt: { latest: sentAt, by: sentAt }\n", ""),
               "      lastSeq: { latest: seq, by: seq }\n", ""));
  REQUIRE(count_only.layout);
  model::AggregateFigures g = model::EstimateAggregate(*count_only.loaded.model, *count_only.layout,
                                                       count_only.layout->aggregates[0]);
  double per_message =
      (26 + 1 + 3 + 2 + 24 + 204.8) + (26 + 1 + 3 + 2 + 24 + 24) + (26 + 1 + 3 + 2 + 6 + 6);
  double state = 3 * (std::string(model::kAggregateValuesAttribute).size() + 3 + 3) +
                 std::string("lastText").size() + std::string("lastSentAt").size() +
                 std::string("lastSeq").size();
  CHECK(f.group_item_bytes - g.group_item_bytes == Approx(state + 3 * per_message));
  // A room of a million messages passes 400 KB with the stream's consumer: a positioned error
  // when the stream is pinned (unpinned, the writes' transactions keep it, as the next case says).
  auto big = test::Derive(Replaced(kChat, "count: 600", "count: 200M") + "    maintain: stream\n");
  CHECK_FALSE(big.layout);
  CHECK(big.diagnostics.find("error: aggregate 'roomActivity' is kept by a consumer of the "
                             "table's stream, and its group item would hold about ") !=
        std::string::npos);
  CHECK(big.diagnostics.find("[E518]") != std::string::npos);
}

TEST_CASE(
    "aggregates: model check proves the latest item, and fails a consumer that forgets what "
    "leaves a group",
    "[model][aggregate][latest][check]") {
  model::check::CheckOptions options;
  options.items = 400;
  SECTION("kept by the stream") {
    auto d = test::Derive(StreamChat());
    REQUIRE(d.layout);
    auto report = model::check::RunCheck(*d.loaded.model, *d.layout, options);
    REQUIRE(report.ok());
    INFO(test::CheckFailures(*report));
    CHECK(report->passed());
    REQUIRE(report->aggregates.size() == 1);
    CHECK(report->aggregates[0].maintainer == "stream");
    CHECK(report->aggregates[0].groups_compared > 0);
    CHECK(report->aggregates[0].duplicates > 0);
    // A consumer that drops the old image of every record: a message that is unsent, or moves
    // to another room, stays its old room's latest.
    options.stream_consumer = [&](sim::DataPlane& plane, int aggregate,
                                  const std::vector<sim::StreamRecord>& batch,
                                  model::exec::AggregateStats& stats) {
      std::vector<sim::StreamRecord> kept = batch;
      for (auto& r : kept) r.old_image.reset();
      return model::exec::ApplyAggregateStream(plane, *d.loaded.model, *d.layout, aggregate, kept,
                                               stats);
    };
    auto broken = model::check::RunCheck(*d.loaded.model, *d.layout, options);
    REQUIRE(broken.ok());
    CHECK_FALSE(broken->passed());
    CHECK(test::CheckFailures(*broken).find("lastText") != std::string::npos);
    CHECK(test::CheckFailures(*broken).find("after draining the stream") != std::string::npos);
  }
  SECTION("kept in the writes' transactions") {
    auto d = test::Derive(TransactionChat());
    REQUIRE(d.layout);
    REQUIRE(d.layout->aggregates[0].maintainer == model::Maintainer::kTransaction);
    auto report = model::check::RunCheck(*d.loaded.model, *d.layout, options);
    REQUIRE(report.ok());
    INFO(test::CheckFailures(*report));
    CHECK(report->passed());
    model::KeyLayout broken = *d.layout;
    for (auto& w : broken.writes) w.aggregates.clear();
    auto damaged = model::check::RunCheck(*d.loaded.model, broken, options);
    REQUIRE(damaged.ok());
    CHECK_FALSE(damaged->passed());
  }
  SECTION("sharded") {
    auto d = test::Derive(TransactionChat() + "    maintain: transaction\n    shards: 4\n");
    REQUIRE(d.layout);
    REQUIRE(d.layout->aggregates[0].shards == 4);
    auto report = model::check::RunCheck(*d.loaded.model, *d.layout, options);
    REQUIRE(report.ok());
    INFO(test::CheckFailures(*report));
    CHECK(report->passed());
    CHECK(report->aggregates[0].groups_compared > 0);
  }
}

TEST_CASE("aggregates: a group that only gains items keeps one entry per latest, min or max",
          "[model][aggregate][latest]") {
  // Messages are only sent: no edit, move or unsend. A room's last message can never leave, so
  // the maintainer keeps its entry alone, not one per message, and the room item does not grow
  // with the room (50,000 messages a room would otherwise pass 400 KB).
  std::string text = Replaced(kChat, "    count: 600\n", "    count: 10M\n");
  text = Replaced(text,
                  "  - { name: edit, update: Message, attributes: [text, sentAt, seq], rate: 2 }\n"
                  "  - { name: moveMessage, update: Message, attributes: [roomId], rate: 1 }\n"
                  "  - { name: unsend, delete: Message, rate: 1 }\n",
                  "");
  // Sends slow enough for the consumer's marks (a replayed send must not count twice) to stay
  // small: 0.5/s over 200 rooms, about 225 marks a room in 25 hours.
  text = Replaced(text, "{ name: send, create: Message, rate: 20 }",
                  "{ name: send, create: Message, rate: 0.5 }");
  text = Replaced(text, "      messages: count\n",
                  "      messages: count\n      firstSeq: { min: seq }\n");
  text = Replaced(text, "      messages: integer\n",
                  "      messages: integer\n      firstSeq: number?\n");
  for (const char* pin : {"    maintain: stream\n", "    maintain: transaction\n"}) {
    INFO(pin);
    auto d = test::Derive(text + pin);
    INFO(d.diagnostics);
    REQUIRE(d.layout);
    const model::Model& m = *d.loaded.model;
    REQUIRE(model::AppendOnly(m, m.aggregates[0]));
    model::AggregateFigures f = model::EstimateAggregate(m, *d.layout, d.layout->aggregates[0]);
    CHECK(f.items_per_group == 50000);
    CHECK(f.group_item_bytes < 40000);  // one entry per value, and the consumer's marks
    CHECK(d.diagnostics.find("E518") == std::string::npos);
    model::check::CheckOptions options;
    options.items = 400;
    auto report = model::check::RunCheck(m, *d.layout, options);
    REQUIRE(report.ok());
    INFO(test::CheckFailures(*report));
    CHECK(report->passed());
  }
  // The state itself: one entry per value whatever the group holds; with an unsend, one per
  // message (the next latest and the next least must be known).
  auto d = test::Derive(text);
  REQUIRE(d.layout);
  const model::Model& m = *d.loaded.model;
  std::vector<sim::Item> messages;
  for (int i = 0; i < 30; ++i) {
    messages.push_back({{"messageId", sim::AttributeValue::S(fmt::format("m{}", i))},
                        {"roomId", sim::AttributeValue::S("r1")},
                        {"sentAt", sim::AttributeValue::S(
                                       fmt::format("2024-01-01T00:00:{:02}.000Z", (i * 7) % 30))},
                        {"text", sim::AttributeValue::S(fmt::format("text {}", i))},
                        {"seq", sim::AttributeValue::N(std::to_string((i * 11) % 30))}});
  }
  std::vector<const sim::Item*> group;
  for (const auto& item : messages) group.push_back(&item);
  auto state = model::exec::AggregateValueState(m, m.aggregates[0], group);
  REQUIRE(state);
  for (const auto& [target, entries] : state->map()) {
    INFO(target);
    CHECK(entries.map().size() == 1);
  }
  CHECK(model::exec::AggregateValues(m, m.aggregates[0], group).at("firstSeq").scalar() == "0");
  std::string deleting = Replaced(text, "  - { name: send, create: Message, rate: 0.5 }\n",
                                  "  - { name: send, create: Message, rate: 0.5 }\n"
                                  "  - { name: unsend, delete: Message, rate: 1 }\n");
  auto loaded = test::Load(deleting);
  REQUIRE(loaded.model);
  REQUIRE_FALSE(model::AppendOnly(*loaded.model, loaded.model->aggregates[0]));
  auto full = model::exec::AggregateValueState(*loaded.model, loaded.model->aggregates[0], group);
  REQUIRE(full);
  CHECK(full->map().at("lastText").map().size() == 30);
}
