// Reads that return the other side of the relationship they follow (AccessPattern::other_side):
// the plan's second step (ReadPlan::follow_up) run by model/exec, GetItem and BatchGetItem.
#include <fmt/format.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <map>
#include <string>
#include <vector>

#include "forwarding_plane.h"
#include "model/exec/items.h"
#include "model/exec/reads.h"
#include "model/exec/writes.h"
#include "model/sim/engine/database.h"
#include "model_fixture.h"

using model::exec::Record;

namespace {

constexpr const char* kFollows = R"(
entities:
  Visit: { identifier: visitId, attributes: { visitId: string, patient: string } }
  SubVisit: { identifier: subVisitId, attributes: { subVisitId: string, visitId: string } }
  User: { identifier: userId, attributes: { userId: string, name: string } }
  Follow:
    identifier: [followerId, followeeId]
    attributes: { followerId: string, followeeId: string }
relationships:
  - { name: subVisits, cardinality: "1:N", from: Visit, to: SubVisit, link: [visitId] }
  - { name: follows, cardinality: "M:N", from: User, to: User, through: Follow, link: [followerId], link_to: [followeeId] }
access_patterns:
  - { name: visitOfSubVisit, returns: Visit, by: [subVisitId], follows: subVisits }
  - { name: followersOf, returns: User, by: [followeeId], follows: follows }
  - { name: followedBy, returns: User, by: [followerId], follows: follows, limit: 3 }
write_patterns:
  - { name: addVisit, create: Visit }
  - { name: addSubVisit, create: SubVisit }
  - { name: addUser, create: User }
  - { name: follow, create: Follow }
)";

Record Rec(std::vector<std::pair<std::string, std::string>> values) {
  Record r;
  sim::Item item;
  for (auto& [k, v] : values) item[k] = sim::AttributeValue::S(v);
  r.versions.push_back(std::move(item));
  return r;
}

std::string S(const sim::Item& item, const std::string& name) {
  return model::exec::Natural(item, name);
}

// Forwards to a table, but processes at most `per_request` keys of a BatchGetItem and hands the
// rest back as UnprocessedKeys, as DynamoDB may
// (https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_BatchGetItem.html).
class Throttled : public test::ForwardingPlane {
 public:
  Throttled(sim::DataPlane& base, std::size_t per_request)
      : ForwardingPlane(base), n_(per_request) {}
  sim::SimResult<sim::BatchGetItemResponse> BatchGetItem(
      const sim::BatchGetItemRequest& r) override {
    batch_keys.push_back(0);
    sim::BatchGetItemRequest first = r;
    std::map<std::string, sim::KeysAndAttributes> rest;
    for (auto& [table, keys] : first.request_items) {
      batch_keys.back() += keys.keys.size();
      if (keys.keys.size() <= n_) continue;
      rest[table] = keys;
      rest[table].keys.assign(keys.keys.begin() + static_cast<std::ptrdiff_t>(n_), keys.keys.end());
      keys.keys.resize(n_);
    }
    auto got = base_.BatchGetItem(first);
    if (got.ok()) got->unprocessed_keys = std::move(rest);
    return got;
  }
  std::vector<std::size_t> batch_keys;  // keys sent by each BatchGetItem

 private:
  std::size_t n_;
};

struct Fixture {
  test::Derived d = test::Derive(kFollows);
  std::unique_ptr<sim::Database> db;
  Fixture() {
    INFO(d.diagnostics);
    REQUIRE(d.layout);
    auto opened = sim::Database::Open();
    REQUIRE(opened.ok());
    db = std::move(opened.value());
    REQUIRE(db->CreateTable(model::exec::CreateTableRequest(*d.layout)).ok());
  }
  const model::Model& m() const { return *d.loaded.model; }
  void Write(const std::string& pattern, const Record& r) {
    for (const model::WritePlan& w : d.layout->writes) {
      if (w.pattern != pattern) continue;
      model::exec::WriteStats stats;
      REQUIRE(model::exec::ApplyWrite(*db, m(), *d.layout, w, nullptr, &r, stats).ok());
      return;
    }
    FAIL("no write pattern " << pattern);
  }
};

std::vector<std::string> Ids(const model::exec::ReadOutcome& got, const std::string& attr) {
  std::vector<std::string> out;
  for (const auto& item : got.items) out.push_back(S(item, attr));
  return out;
}

}  // namespace

TEST_CASE("the other side of a 1:N: the SubVisit, then one GetItem of its Visit",
          "[model][exec][follows]") {
  Fixture f;
  const model::ReadPlan& plan = test::Read(*f.d.layout, "visitOfSubVisit");
  REQUIRE(plan.follow_up);
  CHECK(plan.follow_up->operation == model::Operation::kGetItem);
  CHECK(plan.follow_up->link == std::vector<std::string>{"visitId"});
  CHECK(plan.follow_up->identifier == std::vector<std::string>{"visitId"});
  CHECK(plan.projection == std::vector<std::string>{"visitId"});
  CHECK(f.m().access_patterns.at(0).other_side->holder == 1);
  f.Write("addVisit", Rec({{"visitId", "v-1"}, {"patient", "ann"}}));
  f.Write("addSubVisit", Rec({{"subVisitId", "s-1"}, {"visitId", "v-1"}}));
  f.Write("addSubVisit", Rec({{"subVisitId", "s-2"}, {"visitId", "v-gone"}}));
  auto got = model::exec::ExecuteRead(*f.db, f.m(), *f.d.layout, plan,
                                      {{"subVisitId", sim::AttributeValue::S("s-1")}});
  INFO(got.request);
  REQUIRE(got.status.ok());
  CHECK(Ids(got, "visitId") == std::vector<std::string>{"v-1"});
  CHECK(S(got.items.at(0), "patient") == "ann");
  CHECK(got.requests == 2);
  // A dangling link: the SubVisit is found, its Visit is not; nothing comes back.
  auto dangling = model::exec::ExecuteRead(*f.db, f.m(), *f.d.layout, plan,
                                           {{"subVisitId", sim::AttributeValue::S("s-2")}});
  REQUIRE(dangling.status.ok());
  CHECK(dangling.items.empty());
  CHECK(dangling.requests == 2);
  // No SubVisit: no second request.
  auto none = model::exec::ExecuteRead(*f.db, f.m(), *f.d.layout, plan,
                                       {{"subVisitId", sim::AttributeValue::S("s-9")}});
  REQUIRE(none.status.ok());
  CHECK(none.items.empty());
  CHECK(none.requests == 1);
}

TEST_CASE(
    "the other side of an M:N: 250 followers in 100-key BatchGetItems, unprocessed keys "
    "sent again",
    "[model][exec][follows]") {
  Fixture f;
  const model::ReadPlan& plan = test::Read(*f.d.layout, "followersOf");
  REQUIRE(plan.follow_up);
  CHECK(plan.follow_up->operation == model::Operation::kBatchGetItem);
  CHECK(plan.follow_up->link == std::vector<std::string>{"followerId"});
  f.Write("addUser", Rec({{"userId", "star"}, {"name", "Star"}}));
  std::vector<std::string> want;
  for (int i = 0; i < 251; ++i) {
    std::string id = fmt::format("u-{:03}", i);
    // u-007 follows but has no User item: a dangling link, skipped.
    if (i != 7) {
      f.Write("addUser", Rec({{"userId", id}, {"name", "n" + id}}));
      want.push_back(id);
    }
    f.Write("follow", Rec({{"followerId", id}, {"followeeId", "star"}}));
  }
  model::exec::Arguments args{{"followeeId", sim::AttributeValue::S("star")}};
  auto got = model::exec::ExecuteRead(*f.db, f.m(), *f.d.layout, plan, args);
  INFO(got.request);
  REQUIRE(got.status.ok());
  // The first step's order (the Follow items' key order), each User once.
  std::vector<std::string> ids = Ids(got, "userId");
  std::vector<std::string> sorted = ids;
  std::sort(sorted.begin(), sorted.end());
  CHECK(sorted == want);
  std::int64_t batches = 0;
  for (const auto& sent : got.sent) batches += sent.partition == "batch" ? 1 : 0;
  CHECK(batches == 3);  // 251 keys: 100 + 100 + 51

  // One page at a time: each page's Follow items, then their Users; the pages together are the
  // whole read.
  std::vector<std::string> paged;
  model::exec::ReadPageRequest page;
  page.limit = 90;
  for (int n = 0; n < 10; ++n) {
    auto one = model::exec::ExecuteReadPage(*f.db, f.m(), *f.d.layout, plan, args, page);
    REQUIRE(one.status.ok());
    for (const auto& item : one.items) paged.push_back(S(item, "userId"));
    REQUIRE(one.next.size() == 1);
    if (one.next[0].state == model::exec::ReadPosition::State::kDone) break;
    page.start = one.next;
  }
  CHECK(paged == ids);

  Throttled throttled(*f.db, 40);
  auto slow = model::exec::ExecuteRead(throttled, f.m(), *f.d.layout, plan, args);
  REQUIRE(slow.status.ok());
  CHECK(Ids(slow, "userId") == ids);
  // 100 keys sent, 40 processed, the 60 left sent again with the next 40, and so on: never more
  // than 100 keys a request, every key read.
  REQUIRE(!throttled.batch_keys.empty());
  for (std::size_t n : throttled.batch_keys) CHECK(n <= 100);
  CHECK(throttled.batch_keys.front() == 100);
  CHECK(throttled.batch_keys.size() == 7);  // ceil(251 / 40)
}

TEST_CASE("the other side with a limit: the limit counts the first step's items",
          "[model][exec][follows]") {
  Fixture f;
  const model::ReadPlan& plan = test::Read(*f.d.layout, "followedBy");
  REQUIRE(plan.follow_up);
  // by: [followerId] names the link to the follower: the read returns the followees.
  CHECK(plan.follow_up->link == std::vector<std::string>{"followeeId"});
  CHECK(plan.limit == std::optional<std::int64_t>(3));
  for (const char* id : {"a", "b", "c", "d", "e"}) {
    f.Write("addUser", Rec({{"userId", id}, {"name", id}}));
    f.Write("follow", Rec({{"followerId", "me"}, {"followeeId", id}}));
  }
  auto got = model::exec::ExecuteRead(*f.db, f.m(), *f.d.layout, plan,
                                      {{"followerId", sim::AttributeValue::S("me")}});
  REQUIRE(got.status.ok());
  CHECK(got.items.size() == 3);
  for (const auto& item : got.items) CHECK(S(item, "name") == S(item, "userId"));
}
