// model check: samples pass with their derived layouts; every kind of damage is caught.
#include "model/check/check.h"

#include <fmt/format.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <map>
#include <set>

#include "model/check/oracle.h"
#include "model/check/synth.h"
#include "model/keys/time_ordered_id.h"
#include "model_fixture.h"
#include "tests/support/mutate.h"

namespace {

const char* const kSamples[] = {"samples/hr/model.yaml", "samples/shop/model.yaml",
                                "samples/saas/model.yaml"};

std::string Failures(const model::CheckReport& report) {
  std::string out;
  for (const auto& p : report.patterns) {
    for (const auto& f : p.failures) out += f + "\n";
  }
  return out;
}

}  // namespace

TEST_CASE("synthetic data is deterministic and follows the model", "[model][check]") {
  auto d = test::Load(test::ReadSource("samples/hr/model.yaml"));
  REQUIRE(d.model);
  model::check::Dataset a = model::check::Synthesize(*d.model, {1000, 7});
  model::check::Dataset b = model::check::Synthesize(*d.model, {1000, 7});
  REQUIRE(a.records.size() == d.model->entities.size());
  for (std::size_t e = 0; e < a.records.size(); ++e) {
    REQUIRE(a.records[e].size() == b.records[e].size());
    CHECK(a.records[e].size() >= 2);
    for (std::size_t r = 0; r < a.records[e].size(); ++r)
      CHECK(a.records[e][r].versions == b.records[e][r].versions);
  }
  // Every order's customerId names a customer that exists.
  model::EntityId order = d.model->FindEntity("Order");
  model::EntityId customer = d.model->FindEntity("Customer");
  std::set<std::string> customers;
  for (const auto& c : a.records[static_cast<std::size_t>(customer)])
    customers.insert(model::check::NaturalText(c.current().at("customerId")));
  for (const auto& o : a.records[static_cast<std::size_t>(order)]) {
    CHECK(customers.count(model::check::NaturalText(o.current().at("customerId"))) == 1);
  }
}

TEST_CASE("synthetic data fills an aggregate's groups as its counts say, without a relationship",
          "[model][check]") {
  // No relationship links Like to Photo, but the aggregate's group does: the likes take existing
  // photos' ids, about 10 per photo (1,000 likes over 100 photos), not one new photo each.
  auto d = test::Load(R"(
table: { name: photos, streams: true }
entities:
  Photo: { count: 100, identifier: photoId, attributes: { photoId: string, likes: integer } }
  Like:
    count: 1000
    identifier: [photoId, userId]
    attributes: { photoId: string, userId: string }
access_patterns:
  - { name: getPhoto, returns: Photo, by: [photoId] }
write_patterns:
  - { name: like, create: Like }
aggregates:
  - { name: photoLikes, of: Like, into: Photo, group: { photoId: photoId }, values: { likes: count } }
)");
  REQUIRE(d.model);
  model::check::Dataset data = model::check::Synthesize(*d.model, {1100, 3});
  model::EntityId photo = d.model->FindEntity("Photo");
  model::EntityId like = d.model->FindEntity("Like");
  std::set<std::string> photos;
  for (const auto& r : data.records[static_cast<std::size_t>(photo)])
    photos.insert(model::check::NaturalText(r.current().at("photoId")));
  std::map<std::string, int> per_photo;
  for (const auto& r : data.records[static_cast<std::size_t>(like)]) {
    std::string id = model::check::NaturalText(r.current().at("photoId"));
    CHECK(photos.count(id) == 1);
    ++per_photo[id];
  }
  const double likes = static_cast<double>(data.records[static_cast<std::size_t>(like)].size());
  CHECK(likes / static_cast<double>(per_photo.size()) >= 5);
}

TEST_CASE("synthetic values follow a declared distinct count", "[model][check]") {
  auto d = test::Load(R"yaml(
table: { name: events }
entities:
  Event:
    count: 100k
    attributes:
      eventId: string
      city: { type: string, distinct: 1k }
      startsAt: { type: timestamp, distinct: 10k }
access_patterns:
  - { name: event, returns: Event, by: [eventId] }
)yaml");
  REQUIRE(d.model);
  model::check::Dataset data = model::check::Synthesize(*d.model, {2000, 5});
  const auto& events = data.records[0];
  REQUIRE(events.size() > 1000);
  std::set<std::string> cities, starts;
  for (const auto& r : events) {
    cities.insert(model::check::NaturalText(r.current().at("city")));
    starts.insert(model::check::NaturalText(r.current().at("startsAt")));
  }
  // About records / 100 cities and records / 10 start times, drawn evenly.
  const double n = static_cast<double>(events.size());
  CHECK(static_cast<double>(cities.size()) <= n / 100 + 1);
  CHECK(static_cast<double>(cities.size()) >= n / 100 * 0.8);
  CHECK(static_cast<double>(starts.size()) <= n / 10 + 1);
  CHECK(static_cast<double>(starts.size()) >= n / 10 * 0.6);
}

TEST_CASE("synthesis reports each entity once, when its records are final", "[model][check]") {
  auto d = test::Load(test::ReadSource("samples/hr/model.yaml"));
  REQUIRE(d.model);
  std::vector<int> calls(d.model->entities.size());
  std::vector<std::vector<model::check::Record>> seen(d.model->entities.size());
  std::vector<const std::vector<model::check::Record>*> where(d.model->entities.size());
  model::check::Dataset data = model::check::Synthesize(
      *d.model, {1000, 7},
      [&](model::EntityId e, const std::vector<model::check::Record>& records) {
        ++calls[static_cast<std::size_t>(e)];
        seen[static_cast<std::size_t>(e)] = records;  // a copy as it was at the call
        where[static_cast<std::size_t>(e)] = &records;
      });
  for (std::size_t e = 0; e < calls.size(); ++e) {
    CHECK(calls[e] == 1);
    CHECK(where[e] == &data.records[e]);  // still valid after the Dataset was returned
    REQUIRE(seen[e].size() == data.records[e].size());
    for (std::size_t r = 0; r < seen[e].size(); ++r)
      CHECK(seen[e][r].versions == data.records[e][r].versions);
  }
}

TEST_CASE("the oracle answers a pattern from its meaning", "[model][check]") {
  auto l = test::Load(R"(
entities:
  Item:
    attributes: { itemId: string, group: string, score: integer, state: { type: enum, values: [ON, OFF] } }
access_patterns:
  - { name: top, returns: Item, by: [group], filter: { state: ON }, sort: { score: desc }, limit: 2 }
)");
  REQUIRE(l.model);
  model::check::Dataset data;
  data.records.resize(1);
  auto add = [&](const char* id, const char* group, const char* score, const char* state) {
    model::check::Record r;
    r.versions.push_back({{"itemId", sim::AttributeValue::S(id)},
                          {"group", sim::AttributeValue::S(group)},
                          {"score", sim::AttributeValue::N(score)},
                          {"state", sim::AttributeValue::S(state)}});
    data.records[0].push_back(r);
  };
  add("a", "g", "9", "ON");
  add("b", "g", "10", "ON");  // numerically larger though "10" < "9" as text
  add("c", "g", "100", "OFF");
  add("d", "h", "50", "ON");
  auto oracle = model::check::Oracle::Create(*l.model, data);
  REQUIRE(oracle.ok());
  auto rows =
      oracle.value()->Answer(l.model->access_patterns[0], {{"group", sim::AttributeValue::S("g")}});
  REQUIRE(rows.ok());
  REQUIRE(rows->size() == 2);
  CHECK(rows.value()[0].record == 1);
  CHECK(rows.value()[1].record == 0);
}

TEST_CASE("every sample passes its check with the derived layout", "[model][check]") {
  for (const char* sample : kSamples) {
    auto d = test::Derive(test::ReadSource(sample));
    REQUIRE(d.layout);
    auto report = model::check::RunCheck(*d.loaded.model, *d.layout, {});
    REQUIRE(report.ok());
    INFO(sample << "\n" << Failures(*report));
    CHECK(report->passed());
    // Every record has an item of its own (and some more: uniqueness items, facets), but for an
    // embedded collection's children, which live in their parent's item (samples/saas's
    // assignees).
    model::check::Dataset data = model::check::Synthesize(
        *d.loaded.model, {model::check::CheckOptions{}.items, model::check::CheckOptions{}.seed});
    CHECK(data.total_records() == report->records);
    std::int64_t embedded = 0;
    for (const model::EmbeddedLayout& e : d.layout->embedded)
      embedded += static_cast<std::int64_t>(data.records[static_cast<std::size_t>(e.child)].size());
    CHECK(report->items > report->records - embedded);
    for (const auto& p : report->patterns) {
      INFO(p.name);
      CHECK(p.calls > 0);
      if (!p.write) CHECK(p.requests > 0);
    }
  }
}

TEST_CASE("the check is deterministic", "[model][check]") {
  auto d = test::Derive(test::ReadSource("samples/shop/model.yaml"));
  REQUIRE(d.layout);
  auto a = model::check::RunCheck(*d.loaded.model, *d.layout, {});
  auto b = model::check::RunCheck(*d.loaded.model, *d.layout, {});
  REQUIRE(a.ok());
  REQUIRE(b.ok());
  REQUIRE(a->patterns.size() == b->patterns.size());
  for (std::size_t i = 0; i < a->patterns.size(); ++i) {
    CHECK(a->patterns[i].requests == b->patterns[i].requests);
    CHECK(a->patterns[i].items_read == b->patterns[i].items_read);
    CHECK(a->patterns[i].rcu == b->patterns[i].rcu);
  }
}

TEST_CASE("every mutation of every sample's layout fails the check, naming the pattern",
          "[model][check][mutation]") {
  std::set<model::MutationKind> caught;
  for (const char* sample : kSamples) {
    auto d = test::Derive(test::ReadSource(sample));
    REQUIRE(d.layout);
    for (const auto& m : model::Mutations(*d.loaded.model, *d.layout)) {
      INFO(sample << ": " << model::MutationKindName(m.kind) << ": " << m.description);
      // A limit can only be seen ignored where some answer is longer than the limit.
      model::check::CheckOptions options;
      if (m.kind == model::MutationKind::kLimitIgnored) options.items = 12000;
      auto report = model::check::RunCheck(*d.loaded.model, m.layout, options);
      REQUIRE(report.ok());
      CHECK_FALSE(report->passed());
      std::string failures = Failures(*report);
      bool named = std::any_of(m.breaks.begin(), m.breaks.end(), [&](const std::string& p) {
        return failures.find(p) != std::string::npos;
      });
      INFO(failures);
      CHECK(named);
      if (!report->passed() && named) caught.insert(m.kind);
    }
  }
  CHECK(caught.size() >= 12);
}

TEST_CASE("Time to Live: the check passes only when plans leave out expired items",
          "[model][check][ttl]") {
  auto d = test::Derive(test::ReadSource("tests/golden/check-ttl/model.yaml"));
  REQUIRE(d.layout);
  CHECK(d.layout->ttl_attribute == "ttl");
  model::check::CheckOptions options;
  options.items = 600;
  auto report = model::check::RunCheck(*d.loaded.model, *d.layout, options);
  REQUIRE(report.ok());
  INFO(Failures(*report));
  CHECK(report->passed());
  // The synthetic sessions hold both expired and live ones, at the check's clock.
  model::check::Dataset data = model::check::Synthesize(*d.loaded.model, {600, 1});
  model::EntityId session = d.loaded.model->FindEntity("Session");
  int expired = 0, live = 0;
  for (const auto& r : data.records[static_cast<std::size_t>(session)]) {
    std::string at = model::check::NaturalText(r.current().at("expiresAt"));
    (at <= model::check::kCheckNowTimestamp ? expired : live) += 1;
  }
  CHECK(expired > 0);
  CHECK(live > 0);
  // Without the filter (a Query) or the client-side drop (a GetItem), expired items come back.
  for (const char* pattern : {"userSessions", "getSession", "userTokens", "countUserTokens"}) {
    model::KeyLayout broken = *d.layout;
    bool found = false;
    for (auto& r : broken.reads) {
      if (r.pattern != pattern) continue;
      REQUIRE(r.drop_expired == "ttl");
      r.drop_expired.clear();
      found = true;
    }
    REQUIRE(found);
    auto damaged = model::check::RunCheck(*d.loaded.model, broken, options);
    REQUIRE(damaged.ok());
    INFO(pattern);
    CHECK_FALSE(damaged->passed());
    CHECK(Failures(*damaged).find(pattern) != std::string::npos);
  }
}

TEST_CASE("Time to Live: expiry seconds of timestamps and numbers", "[model][check][ttl]") {
  using model::exec::ExpirySeconds;
  using model::exec::IsExpired;
  CHECK(ExpirySeconds(sim::AttributeValue::S("2020-10-01T00:00:00Z")) ==
        model::check::kCheckNowSeconds);
  CHECK(ExpirySeconds(sim::AttributeValue::S("1970-01-01T00:00:00.999Z")) == 0);
  CHECK(ExpirySeconds(sim::AttributeValue::S("1969-12-31T23:59:59Z")) == -1);
  CHECK(ExpirySeconds(sim::AttributeValue::N("1625140800.7")) == 1625140800);
  CHECK_FALSE(ExpirySeconds(sim::AttributeValue::S("2021-07-01")));
  CHECK_FALSE(ExpirySeconds(sim::AttributeValue::S("2021-07-01T12:00:00+02:00")));
  CHECK_FALSE(ExpirySeconds(sim::AttributeValue::Bool(true)));
  CHECK(IsExpired(sim::AttributeValue::N("100"), 100));
  CHECK_FALSE(IsExpired(sim::AttributeValue::N("100.5"), 100));
  CHECK(IsExpired(sim::AttributeValue::S("1970-01-01T00:01:40.5Z"), 100));
  CHECK_FALSE(IsExpired(sim::AttributeValue::S("1970-01-01T00:01:41Z"), 100));
  CHECK(model::check::TimestampAt(model::check::kCheckNowSeconds) ==
        model::check::kCheckNowTimestamp);
}

TEST_CASE("synthetic time-ordered identifiers are valid and encode their created time",
          "[model][check]") {
  auto d = test::Load(test::ReadSource("tests/golden/design-time-ordered/model.yaml"));
  REQUIRE(d.model);
  model::check::Dataset data = model::check::Synthesize(*d.model, {600, 3});
  struct Case {
    const char* entity;
    const char* id;
    const char* created;
    model::keys::TimeOrderedKind kind;
  };
  const Case cases[] = {{"Sale", "saleId", "soldAt", model::keys::TimeOrderedKind::kUlid},
                        {"Message", "messageId", "sentAt", model::keys::TimeOrderedKind::kUuidV7},
                        {"AuditEvent", "eventId", "at", model::keys::TimeOrderedKind::kKsuid}};
  for (const Case& k : cases) {
    CAPTURE(k.entity);
    model::EntityId e = d.model->FindEntity(k.entity);
    REQUIRE(e >= 0);
    const auto& records = data.records[static_cast<std::size_t>(e)];
    REQUIRE(records.size() >= 2);
    std::vector<std::pair<std::int64_t, std::string>> by_time;
    for (const auto& r : records) {
      std::string id = model::check::NaturalText(r.current().at(k.id));
      auto ms = model::keys::TimeOfId(k.kind, id);
      REQUIRE(ms);  // canonical, of the declared kind
      auto secs = model::exec::ExpirySeconds(r.current().at(k.created));
      REQUIRE(secs);
      CHECK(*ms == *secs * 1000);
      by_time.emplace_back(*secs, id);
    }
    // Text order is creation order: sorted by time, the identifiers ascend (ties aside).
    std::sort(by_time.begin(), by_time.end());
    for (std::size_t i = 1; i < by_time.size(); ++i) {
      if (by_time[i - 1].first < by_time[i].first) CHECK(by_time[i - 1].second < by_time[i].second);
    }
  }
}

TEST_CASE("synthetic versions carry their number in the entity's version attribute",
          "[model][check]") {
  auto d = test::Load(test::ReadSource("tests/golden/design-version-number/model.yaml"));
  REQUIRE(d.model);
  model::check::Dataset data = model::check::Synthesize(*d.model, {300, 5});
  bool several = false;
  for (const auto& r : data.records[0]) {
    several = several || r.versions.size() > 1;
    for (std::size_t v = 0; v < r.versions.size(); ++v)
      CHECK(model::check::NaturalText(r.versions[v].at("revision")) == std::to_string(v + 1));
  }
  CHECK(several);
}

TEST_CASE("an update of an identifier attribute (W002) moves the item and passes",
          "[model][check]") {
  // The plan deletes the old key and puts the new one in one transaction; the check gives the
  // item an identity no item has had, so the two operations never name one item.
  auto d = test::Derive(R"yaml(table: { name: Orders }
entities:
  Order: { identifier: orderId, attributes: { orderId: string, placedAt: timestamp } }
  Line: { identifier: [orderId, lineNo], attributes: { orderId: string, lineNo: integer, qty: integer } }
  Token: { identifier: token, attributes: { token: string, owner: string } }
relationships:
  - { name: lines, cardinality: "1:N", from: Order, to: Line }
access_patterns:
  - { name: orderLines, returns: Line, by: [orderId] }
  - { name: getToken, returns: Token, by: [token] }
write_patterns:
  - { name: renumber, update: Line, attributes: [lineNo, qty] }
  - { name: moveLine, update: Line, attributes: [orderId] }
  - { name: rotate, update: Token, attributes: [token] }
)yaml");
  REQUIRE(d.layout);
  model::check::CheckOptions options;
  options.items = 400;
  auto report = model::check::RunCheck(*d.loaded.model, *d.layout, options);
  REQUIRE(report.ok());
  INFO(Failures(*report));
  CHECK(report->passed());
  for (const auto& p : report->patterns) {
    INFO(p.name);
    CHECK(p.calls > 0);
  }
}

TEST_CASE("a unique name space shared across entities is proven, and a layout that splits it fails",
          "[model][check]") {
  auto d = test::Derive(test::ReadSource("tests/golden/check-unique-scope/model.yaml"));
  REQUIRE(d.layout);
  std::vector<std::size_t> handles;
  for (std::size_t i = 0; i < d.layout->item_types.size(); ++i) {
    const auto& t = d.layout->item_types[i];
    if (t.role == model::ItemRole::kUniqueness && t.unique_scope == "HANDLE") handles.push_back(i);
  }
  REQUIRE(handles.size() == 3);  // User.login, Organization.name and Team.slug: one key space
  CHECK(d.layout->item_types[handles[0]].partition_key.ToString().rfind("HANDLE#", 0) == 0);
  CHECK(d.layout->item_types[handles[1]].partition_key.ToString().rfind("HANDLE#", 0) == 0);
  CHECK(d.layout->item_types[handles[2]].partition_key.ToString().rfind("HANDLE#", 0) == 0);
  model::check::CheckOptions options;
  options.items = 400;
  auto report = model::check::RunCheck(*d.loaded.model, *d.layout, options);
  REQUIRE(report.ok());
  INFO(Failures(*report));
  CHECK(report->passed());
  // Keyed by each entity's own label, the two claims never meet: an organization can take a
  // user's login, and the check must say so.
  model::KeyLayout split = *d.layout;
  for (std::size_t i : handles) {
    auto& t = split.item_types[i];
    model::keys::TemplateBuilder pk;
    pk.Literal(t.label).Sep();
    for (const auto& part : t.partition_key.parts) {
      if (part.is_attribute) pk.Attr(part.text, part.encoding);
    }
    t.partition_key = pk.Build();
    t.sort_key = model::keys::TemplateBuilder().Literal(t.label).Build();
  }
  auto damaged = model::check::RunCheck(*d.loaded.model, split, options);
  REQUIRE(damaged.ok());
  CHECK_FALSE(damaged->passed());
  CHECK(Failures(*damaged).find("name space 'handle' is not kept unique") != std::string::npos);
}

TEST_CASE("sparse facets: the check proves they appear and disappear with their views",
          "[model][check][facets]") {
  auto d = test::Derive(test::ReadSource("tests/golden/check-sparse-facets/model.yaml"));
  REQUIRE(d.layout);
  const model::ItemType* facet = test::FindType(*d.layout, "Task.flagged");
  REQUIRE(facet);
  CHECK(facet->attributes == std::vector<std::string>{"taskId", "title"});
  model::check::CheckOptions options;
  options.items = 300;
  auto report = model::check::RunCheck(*d.loaded.model, *d.layout, options);
  REQUIRE(report.ok());
  INFO(Failures(*report));
  CHECK(report->passed());
  // flagTask's put-or-delete of the facet turned into an upsert that never deletes: a task
  // unflagged keeps its facet, which the check reads back.
  model::KeyLayout broken = *d.layout;
  bool found = false;
  for (auto& w : broken.writes) {
    if (w.pattern != "flagTask") continue;
    for (auto& iw : w.writes) {
      if (broken.item_types[static_cast<std::size_t>(iw.item_type)].name != "Task.flagged")
        continue;
      REQUIRE(iw.op == model::WriteOp::kPut);
      iw.op = model::WriteOp::kUpdate;
      iw.set_attributes = {"title"};
      found = true;
    }
  }
  REQUIRE(found);
  auto damaged = model::check::RunCheck(*d.loaded.model, broken, options);
  REQUIRE(damaged.ok());
  CHECK_FALSE(damaged->passed());
  CHECK(Failures(*damaged).find("flagTask left sparse facet Task.flagged") != std::string::npos);
  // The task is named by its identifier as the user reads it, not by the check's internal set
  // key (values each followed by the unit separator 0x1F).
  CHECK(Failures(*damaged).find("Task.flagged for Task taskId = ") != std::string::npos);
  CHECK(Failures(*damaged).find('\x1f') == std::string::npos);
}

TEST_CASE("attributes present in a state or together: the data honours them, the check needs it",
          "[model][check]") {
  std::string text = test::ReadSource("tests/golden/check-present-when/model.yaml");
  auto d = test::Derive(text);
  REQUIRE(d.layout);
  const model::Model& m = *d.loaded.model;
  model::check::Dataset data = model::check::Synthesize(m, {600, 3});
  const auto& games = data.records[static_cast<std::size_t>(m.FindEntity("Game"))];
  REQUIRE(games.size() > 100);
  std::set<std::string> seen;  // "phase:lobbySince?" and "together?" combinations met
  for (const auto& r : games) {
    for (const auto& item : r.versions) {
      std::string phase = model::check::NaturalText(item.at("phase"));
      CHECK(item.count("lobbySince") == (phase == "LOBBY" ? 1U : 0U));
      CHECK(item.count("endedAt") == (phase == "DONE" ? 1U : 0U));
      CHECK(item.count("winnerId") == item.count("finalScore"));
      seen.insert(phase);
      seen.insert(item.count("winnerId") ? "together" : "neither");
    }
  }
  CHECK(seen == std::set<std::string>{"DONE", "LOBBY", "PLAYING", "neither", "together"});
  // The index keyed on lobbySince has no condition on phase: it is sparse by presence alone.
  for (const auto& t : d.layout->item_types) {
    for (const auto& k : t.index_keys) CHECK(k.only_when.empty());
  }
  model::check::CheckOptions options;
  options.items = 600;
  auto report = model::check::RunCheck(m, *d.layout, options);
  REQUIRE(report.ok());
  INFO(Failures(*report));
  CHECK(report->passed());
  // Without the rule the data makes lobbySince independent of the phase: the same layout then
  // returns games that left the lobby, and the check must say so.
  std::string loose = text;
  for (const char* rule :
       {", present_when: { phase: LOBBY }", ", present_when: { phase: [DONE] }"}) {
    auto at = loose.find(rule);
    REQUIRE(at != std::string::npos);
    loose.erase(at, std::string(rule).size());
  }
  auto l = test::Load(loose);
  REQUIRE(l.model);
  auto damaged = model::check::RunCheck(*l.model, *d.layout, options);
  REQUIRE(damaged.ok());
  CHECK_FALSE(damaged->passed());
  CHECK(Failures(*damaged).find("gamesInLobby") != std::string::npos);
}

TEST_CASE("a relationship's max bounds the synthetic children of every parent", "[model][check]") {
  std::string text = test::ReadSource("tests/golden/check-relationship-bounds/model.yaml");
  auto count_per_game = [](const std::string& model_text) {
    auto d = test::Load(model_text);
    REQUIRE(d.model);
    model::check::Dataset data = model::check::Synthesize(*d.model, {2000, 1});
    std::map<std::string, int> per_game;
    for (const auto& r : data.records[static_cast<std::size_t>(d.model->FindEntity("Player"))])
      ++per_game[model::check::NaturalText(r.current().at("gameId"))];
    int most = 0;
    for (const auto& [game, n] : per_game) most = std::max(most, n);
    return most;
  };
  // Skewed links give the first games far more than 50 players unless the bound holds them back.
  std::string unbounded = text;
  unbounded.erase(unbounded.find(", max: 50"), std::string(", max: 50").size());
  CHECK(count_per_game(unbounded) > 50);
  CHECK(count_per_game(text) == 50);
  auto d = test::Derive(text);
  REQUIRE(d.layout);
  model::check::CheckOptions options;
  options.items = 600;
  auto report = model::check::RunCheck(*d.loaded.model, *d.layout, options);
  REQUIRE(report.ok());
  INFO(Failures(*report));
  CHECK(report->passed());
}

TEST_CASE("synthetic values follow the declared value shares", "[model][check]") {
  auto d = test::Load(test::ReadSource("tests/golden/check-value-shares/model.yaml"));
  REQUIRE(d.model);
  model::check::Dataset data = model::check::Synthesize(*d.model, {4000, 2});
  std::map<std::string, int> by_status;
  const auto& tickets = data.records[static_cast<std::size_t>(d.model->FindEntity("Ticket"))];
  for (const auto& r : tickets) ++by_status[model::check::NaturalText(r.current().at("status"))];
  double n = static_cast<double>(tickets.size());
  REQUIRE(n > 3000);
  // Declared: ESCALATED 0.5%, CLOSED 90%; OPEN takes the rest (9.5%).
  CHECK(by_status["CLOSED"] / n == Approx(0.9).margin(0.03));
  CHECK(by_status["OPEN"] / n == Approx(0.095).margin(0.03));
  CHECK(by_status["ESCALATED"] / n == Approx(0.005).margin(0.005));
  CHECK(by_status["ESCALATED"] > 0);
}

namespace {

// User 1:1 Profile; the profile is identified by its user (`userId`, the link) or by its own
// `profileId`, and a write pattern creates profiles.
std::string OneToOne(bool own_identifier, const char* counts = "") {
  return fmt::format(R"(
table: {{ name: users }}
entities:
  User:
    attributes: {{ userId: string, name: string }}
  Profile:
    identifier: {}
    {}
    attributes: {{ profileId: string, userId: string, bio: string }}
relationships:
  - {{ name: profile, cardinality: "1:1", from: User, to: Profile }}
access_patterns:
  - {{ name: prof, returns: Profile, by: [userId] }}
write_patterns:
  - {{ name: newUser, create: User }}
  - {{ name: newProfile, create: Profile }}
)",
                     own_identifier ? "profileId" : "userId", counts);
}

}  // namespace

TEST_CASE("synthetic data gives each parent of a 1:1 at most one child, and leaves some free",
          "[model][check]") {
  for (bool own : {false, true}) {
    for (const char* counts : {"", "count: 500"}) {
      INFO("own identifier " << own << ", " << counts);
      auto d = test::Load(OneToOne(own, counts));
      INFO(d.diagnostics);
      REQUIRE(d.model);
      model::check::Dataset data = model::check::Synthesize(*d.model, {2000, 1});
      const auto& users = data.records[static_cast<std::size_t>(d.model->FindEntity("User"))];
      const auto& profiles = data.records[static_cast<std::size_t>(d.model->FindEntity("Profile"))];
      std::map<std::string, int> per_user;
      for (const auto& p : profiles)
        ++per_user[model::check::NaturalText(p.current().at("userId"))];
      for (const auto& [user, n] : per_user) {
        INFO(user);
        CHECK(n == 1);
      }
      // The check's creates of a profile need users without one (ParentsKeptFree).
      CHECK(users.size() - per_user.size() >= model::check::ParentsKeptFree(users.size()));
      CHECK(profiles.size() >= (counts[0] == '\0' ? 900u : 300u));
    }
  }
}

TEST_CASE("the check creates the child of a 1:1 for a parent that has none", "[model][check]") {
  for (bool own : {false, true}) {
    INFO("own identifier " << own);
    auto d = test::Derive(OneToOne(own));
    REQUIRE(d.layout);
    auto report = model::check::RunCheck(*d.loaded.model, *d.layout, {});
    REQUIRE(report.ok());
    INFO(Failures(*report));
    CHECK(report->passed());
    for (const auto& p : report->patterns) {
      INFO(p.name);
      CHECK(p.calls > 0);
      // One profile per user: a read by userId returns at most one.
      if (p.name == "prof") CHECK(p.items_returned <= p.calls);
    }
  }
}
