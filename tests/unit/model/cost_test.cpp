// Design-time capacity figures (model/cost.h) and sample items (model/check/sample.h).
#include "model/cost.h"

#include <catch2/catch.hpp>

#include "model/check/sample.h"
#include "model/hot_partitions.h"
#include "tests/unit/model/model_fixture.h"

namespace {

const char* kBlog = R"(
table: { name: blog }
entities:
  User:
    count: 10k
    item_size: 500
    identifier: userId
    attributes: { userId: string, email: { type: string, unique: true }, name: string }
  Post:
    count: 200k
    item_size: 2KB
    identifier: postId
    attributes: { postId: string, userId: string, title: string, createdAt: timestamp }
  Comment:
    count: 1M
    item_size: 400
    identifier: [postId, commentId]
    attributes: { postId: string, commentId: string, text: string, createdAt: timestamp }
relationships:
  - { name: authored, cardinality: 1:N, from: User, to: Post }
  - { name: discussion, cardinality: 1:N, from: Post, to: Comment, owning: true }
access_patterns:
  - { name: getUser, returns: User, by: [userId], rate: 100 }
  - { name: getUserConsistent, returns: User, by: [userId], consistent: true }
  - { name: userPosts, returns: Post, by: [userId], rate: 50 }
  - name: postComments
    returns: Comment
    by: [postId]
    range: { createdAt: between }
    limit: 100
  - name: commentsInWindow
    returns: Comment
    by: [postId]
    range: { createdAt: between }
write_patterns:
  - { name: signUp, create: User, rate: 2 }
  - { name: comment, create: Comment }
)";

const model::WritePlan& Write(const model::KeyLayout& layout, const std::string& name) {
  for (const auto& w : layout.writes) {
    if (w.pattern == name) return w;
  }
  FAIL("no write plan " << name);
  return layout.writes.front();
}

}  // namespace

TEST_CASE("GetItem rounds the item up to 4 KB; eventually consistent reads cost half",
          "[model][cost]") {
  auto d = test::Derive(kBlog);
  REQUIRE(d.layout);
  const auto& m = *d.loaded.model;
  auto get = model::EstimateRead(m, *d.layout, test::Read(*d.layout, "getUser"));
  CHECK(get.rcu_per_call == Approx(0.5));
  CHECK(get.items_returned == Approx(1));
  // 100 requests/s for 30 days at $0.125 per million read units.
  CHECK(get.monthly_cost_usd == Approx(100 * 0.5 * 30 * 24 * 3600 * 0.125 / 1e6));
  auto consistent = model::EstimateRead(m, *d.layout, test::Read(*d.layout, "getUserConsistent"));
  CHECK(consistent.rcu_per_call == Approx(1));
}

TEST_CASE("Query sums the items read per partition, from counts and cardinalities, then rounds",
          "[model][cost]") {
  auto d = test::Derive(kBlog);
  REQUIRE(d.layout);
  const auto& m = *d.loaded.model;
  // 200k posts over 10k users: 20 posts of 2 KB = 40 KB = 10 read units, halved.
  auto posts = model::EstimateRead(m, *d.layout, test::Read(*d.layout, "userPosts"));
  CHECK(posts.items_returned == Approx(20));
  CHECK(posts.rcu_per_call == Approx(5));
  // A range selects at most the whole partition: 1M comments over 200k posts, 5 of 400 bytes =
  // 2,000 bytes, one block, halved; below the limit of 100, so an upper bound, and said so.
  auto limited = model::EstimateRead(m, *d.layout, test::Read(*d.layout, "postComments"));
  CHECK(limited.items_read == Approx(5));
  CHECK(limited.rcu_per_call == Approx(0.5));
  CHECK(limited.upper_bound);
  auto open = model::EstimateRead(m, *d.layout, test::Read(*d.layout, "commentsInWindow"));
  CHECK(open.upper_bound);
  CHECK(open.items_read == Approx(5));
  CHECK(open.rcu_per_call == Approx(0.5));
  CHECK(open.assumption.empty());  // the counts say how many comments a post has
  // With 100 comments per post the limit caps the range: 100 × 400 B = 40,000 B = 10 blocks.
  std::string busy = kBlog;
  busy.replace(busy.find("count: 1M"), 9, "count: 20M");
  auto b = test::Derive(busy);
  REQUIRE(b.layout);
  auto capped =
      model::EstimateRead(*b.loaded.model, *b.layout, test::Read(*b.layout, "postComments"));
  CHECK(capped.items_read == Approx(100));
  CHECK(capped.rcu_per_call == Approx(5));
  CHECK_FALSE(capped.upper_bound);
}

TEST_CASE("writes cost 1 KB units per item and index entry, doubled in a transaction",
          "[model][cost]") {
  auto d = test::Derive(kBlog);
  REQUIRE(d.layout);
  const auto& m = *d.loaded.model;
  const auto& plan = Write(*d.layout, "signUp");
  auto f = model::EstimateWrite(m, *d.layout, plan);
  CHECK(f.items_written == static_cast<int>(plan.writes.size()));
  REQUIRE(plan.transaction);  // the user and the item holding the unique email
  CHECK(f.transaction);
  CHECK(f.wcu_per_call == Approx(2 * (plan.writes.size() + f.index_entries)));
  CHECK(f.monthly_cost_usd == Approx(2 * f.wcu_per_call * 30 * 24 * 3600 * 0.625 / 1e6));
  auto c = model::EstimateWrite(m, *d.layout, Write(*d.layout, "comment"));
  CHECK_FALSE(c.transaction);
  CHECK(c.wcu_per_call == Approx(1 + c.index_entries));
}

TEST_CASE("sample items: per index, a few partitions, keys first, deterministic",
          "[model][check][samples]") {
  auto d = test::Derive(test::ReadSource("samples/hr/model.yaml"));
  REQUIRE(d.layout);
  auto a = model::check::SampleItemsFor(*d.loaded.model, *d.layout, {});
  auto b = model::check::SampleItemsFor(*d.loaded.model, *d.layout, {});
  REQUIRE(a.indexes.size() == d.layout->indexes.size() + 1);
  CHECK(a.indexes[0].name == "table");
  for (std::size_t i = 0; i < a.indexes.size(); ++i) {
    const auto& si = a.indexes[i];
    INFO(si.name);
    CHECK(!si.partitions.empty());
    CHECK(si.partitions.size() <= static_cast<std::size_t>(model::check::kSamplePartitions));
    REQUIRE(si.partitions.size() == b.indexes[i].partitions.size());
    for (std::size_t p = 0; p < si.partitions.size(); ++p) {
      const auto& part = si.partitions[p];
      CHECK(part.key == b.indexes[i].partitions[p].key);
      CHECK(!part.items.empty());
      CHECK(part.items.size() <= static_cast<std::size_t>(model::check::kSampleItems));
      for (const auto& item : part.items) {
        REQUIRE(item.attributes.size() >= 2);
        CHECK(item.attributes[0].first == si.partition_key);
        CHECK(item.attributes[0].second == part.key);
        CHECK(item.attributes[1].first == si.sort_key);
      }
    }
  }
}

TEST_CASE("a filter's selectivity is its value's declared share", "[model][cost]") {
  auto d = test::Load(R"yaml(
entities:
  Ticket:
    count: 1M
    attributes:
      ticketId: string
      status: { type: enum, values: [OPEN, ESCALATED, CLOSED], shares: { ESCALATED: 0.005, CLOSED: 0.9 } }
      kind: { type: enum, values: [BUG, TASK] }
      urgent: { type: boolean, shares: { true: 0.25 } }
access_patterns:
  - { name: ticket, returns: Ticket, by: [ticketId] }
)yaml");
  REQUIRE(d.model);
  const model::Entity& t = d.model->entities[0];
  CHECK(model::ValueSelectivity(t, "status", "ESCALATED") == Approx(0.005));
  CHECK(model::ValueSelectivity(t, "status", "CLOSED") == Approx(0.9));
  CHECK(model::ValueSelectivity(t, "status", "OPEN") == Approx(0.095));  // the rest
  CHECK(model::ValueSelectivity(t, "kind", "BUG") == Approx(0.5));       // no shares: 1 in 2
  CHECK(model::ValueSelectivity(t, "urgent", "true") == Approx(0.25));
  CHECK(model::ValueSelectivity(t, "urgent", "false") == Approx(0.75));
}

TEST_CASE("a declared distinct count replaces the square-root guess", "[model][cost]") {
  auto d = test::Derive(R"yaml(
table: { name: events }
entities:
  Event:
    count: 500k
    attributes:
      eventId: string
      city: { type: string, distinct: 200 }
      venueId: string
access_patterns:
  - { name: inCity, returns: Event, by: [city] }
  - { name: atVenue, returns: Event, by: [venueId] }
)yaml");
  REQUIRE(d.layout);
  const model::Model& m = *d.loaded.model;
  CHECK(model::ValueSelectivity(m.entities[0], "city", "x") == Approx(1.0 / 200));
  CHECK(model::ValueSelectivity(m.entities[0], "venueId", "x") == Approx(0.1));
  model::WorkloadCost cost = model::EstimateWorkload(m, *d.layout);
  REQUIRE(cost.reads.size() == 2);
  CHECK(cost.reads[0].items == Approx(2500));  // 500k / 200
  CHECK(cost.reads[0].assumption.empty());
  CHECK(cost.reads[1].items == Approx(707.21).epsilon(0.01));  // √500k values guessed
  CHECK(cost.reads[1].assumption.find("Event.venueId") != std::string::npos);
}

TEST_CASE("an update that reads its item first pays a strongly consistent GetItem of it",
          "[model][cost]") {
  // moveRoom rebuilds BOXES_AT#{room}#{rack} and reads rack first (WritePlan::read_first): one
  // GetItem billed by the whole 6 KB item, 2 RCU strongly consistent; getBox writes nothing.
  auto d = test::Derive(R"(
entities:
  Box:
    item_size: 6KB
    identifier: boxId
    attributes: { boxId: string, room: string, rack: string }
access_patterns:
  - { name: getBox, returns: Box, by: [boxId] }
  - { name: boxesAt, returns: Box, by: [room, rack] }
write_patterns:
  - { name: moveRoom, update: Box, attributes: [room], rate: 10 }
  - { name: addBox, create: Box, rate: 3 }
)");
  INFO(d.diagnostics);
  REQUIRE(d.layout);
  auto write = [&](const std::string& name) -> const model::WritePlan& {
    for (const auto& w : d.layout->writes)
      if (w.pattern == name) return w;
    FAIL("no write plan " << name);
    return d.layout->writes.front();
  };
  const model::WritePlan& move = write("moveRoom");
  REQUIRE(move.read_first == std::vector<std::string>{"rack"});
  model::WriteFigures f = model::EstimateWrite(*d.loaded.model, *d.layout, move);
  CHECK(f.first_read_rcu_per_call == 2);
  CHECK(f.first_read_rcu_per_s == 20);
  CHECK(model::EstimateWrite(*d.loaded.model, *d.layout, write("addBox")).first_read_rcu_per_call ==
        0);
  model::WorkloadCost cost = model::EstimateWorkload(*d.loaded.model, *d.layout);
  REQUIRE(cost.first_reads.size() == 1);
  CHECK(cost.first_reads[0].name == "moveRoom");
  CHECK_FALSE(cost.first_reads[0].write);
  CHECK(cost.first_reads[0].requests == 1);
  CHECK(cost.first_reads[0].units_per_s == 20);
  double reads = 0;
  for (const auto& r : cost.reads) reads += r.units_per_s;
  CHECK(cost.rcu_per_s == Approx(reads + 20));
}

TEST_CASE("a filter on a polymorphic kind keeps that parent's share, in derivation and cost",
          "[model][cost]") {
  auto d = test::Load(R"yaml(
entities:
  Issue: { count: 3k, identifier: number, attributes: { number: integer } }
  PullRequest: { count: 1k, identifier: number, attributes: { number: integer } }
  Reaction:
    count: 40k
    identifier: [targetKind, targetId, reactionId]
    attributes: { reactionId: string, targetKind: string, targetId: integer, note: string }
relationships:
  - { name: reactions, cardinality: "1:N", from: [Issue, PullRequest], to: Reaction, kind: targetKind, link: [targetId], owning: true }
access_patterns:
  - { name: reactionsOf, returns: Reaction, by: [targetKind, targetId] }
)yaml");
  REQUIRE(d.model);
  const model::Model& m = *d.model;
  const model::Entity& r = m.entities[2];
  // The kind's values are the parents' names: each parent's count over all the parents'.
  CHECK(model::FilterSelectivity(m, r, "targetKind", "Issue") == Approx(0.75));
  CHECK(model::FilterSelectivity(m, r, "targetKind", "PullRequest") == Approx(0.25));
  // Any other attribute keeps the assumed 1 in 10.
  CHECK(model::FilterSelectivity(m, r, "note", "x") == Approx(0.1));
  CHECK(model::ValueSelectivity(r, "targetKind", "Issue") == Approx(0.1));
}

TEST_CASE("a hot partition sums every pattern on its partition key", "[model][cost]") {
  // Issues and reactions in their repository's item collection: each 30% hot, each 600 WCU/s
  // on the busiest repository alone, 1,200 together on its one partition.
  auto d = test::Derive(R"yaml(
entities:
  Repo: { count: 10k, identifier: repoId, attributes: { repoId: string } }
  Issue:
    count: 1M
    item_size: 1KB
    identifier: [repoId, issueId]
    attributes: { repoId: string, issueId: string }
  Reaction:
    count: 5M
    item_size: 200
    identifier: [repoId, reactionId]
    attributes: { repoId: string, reactionId: string }
relationships:
  - { name: issues, cardinality: "1:N", from: Repo, to: Issue, owning: true }
  - { name: reactions, cardinality: "1:N", from: Repo, to: Reaction, owning: true }
access_patterns:
  - { name: repoIssues, returns: Issue, by: [repoId], limit: 20, rate: 50, hot: { share: 0.3 } }
  - { name: repoReactions, returns: Reaction, by: [repoId], limit: 50, rate: 50, hot: { share: 0.3 } }
  - { name: repo, returns: Repo, by: [repoId], rate: 10000 }
write_patterns:
  - { name: openIssue, create: Issue, rate: 2000 }
  - { name: react, create: Reaction, rate: 2000 }
)yaml");
  REQUIRE(d.layout);
  const model::Model& m = *d.loaded.model;
  std::vector<model::HotPartition> hot = model::HotPartitions(m, *d.layout);
  REQUIRE(hot.size() == 1);
  const model::HotPartition& h = hot[0];
  CHECK(model::PartitionName(h) == "table: REPO#{repoId}");
  CHECK(h.hot_patterns == std::vector<int>{0, 1});
  CHECK(h.share == Approx(0.3));
  CHECK(h.shards == 1);
  CHECK(h.wcu_per_s == Approx(1200));  // 30% of 2,000 writes of 1 WCU, twice
  CHECK(h.wcu_per_shard_s == Approx(1200));
  // Reads: 15 calls of each hot pattern, and the even share (1 in 10,000) of `repo`'s calls.
  CHECK(h.reads_per_s == Approx(31));
  CHECK(model::DescribeParts(h, false) ==
        "repoIssues 30% of calls, repoReactions 30% of calls, repo 0.01% of calls");
  CHECK(model::DescribeParts(h, true) == "openIssue 30% of writes, react 30% of writes");
  CHECK(model::NeededWriteShards(h.wcu_per_s) == 2);
  CHECK(model::NeededWriteShards(0) == 1);
  CHECK(model::NeededWriteShards(5e9) == model::kMaxWriteShards);
}

TEST_CASE("reads sharing one partition key are summed without hot", "[model][cost]") {
  // Two reads of an organization's members by join date share GSI1's ORG#{orgId}: at 10
  // organizations each puts 1875 RCU/s on one organization's partition, 3750 together. A
  // natural-key index's partition is summed even with one read (`status`, three values).
  auto d = test::Derive(R"yaml(
table:
  name: members
  indexes:
    GSI2: { partition_key: status }
entities:
  Org: { count: 10, identifier: orgId, attributes: { orgId: string } }
  Member:
    count: 10k
    identifier: [orgId, memberId]
    attributes:
      orgId: string
      memberId: string
      joinedAt: timestamp
      status: { type: enum, values: [A, B, C] }
relationships:
  - { name: members, cardinality: "1:N", from: Org, to: Member, link: [orgId] }
access_patterns:
  - { name: org, returns: Org, by: [orgId], rate: 1 }
  - { name: byJoin, returns: Member, by: [orgId], sort: { joinedAt: desc }, limit: 100, rate: 1500 }
  - { name: recent, returns: Member, by: [orgId], sort: { joinedAt: desc }, limit: 100, rate: 1500 }
  - { name: byStatus, returns: Member, by: [status], limit: 100, rate: 30 }
)yaml");
  REQUIRE(d.layout);
  const model::Model& m = *d.loaded.model;
  std::vector<model::HotPartition> shared = model::SharedPartitions(m, *d.layout);
  const model::HotPartition* joins = nullptr;
  const model::HotPartition* status = nullptr;
  for (const model::HotPartition& h : shared) {
    if (h.key == "ORG#{orgId}" && h.index > 0) joins = &h;
    if (h.key == "{status}") status = &h;
  }
  REQUIRE(joins != nullptr);
  CHECK(!model::ConstantKey(*joins));
  CHECK(joins->rcu_per_shard_s == Approx(3750));
  CHECK(model::DescribeReadUnits(*joins) == "byJoin 1875 RCU/s, recent 1875 RCU/s");
  REQUIRE(status != nullptr);
  CHECK(status->parts.size() == 1);
  CHECK(status->rcu_per_shard_s == Approx(125));  // 10 calls of 12.5 RCU on each status
  CHECK(model::HotPartitions(m, *d.layout).empty());
}

TEST_CASE("index entries cost what the index projects, and only when it changes", "[model][cost]") {
  // GSI1 projects customerId and name (INCLUDE): an entry holds the keys, _type, customerId (an
  // identifier, 26 bytes) and name (text: an even share of the 4 KB item over its 6 attributes,
  // 683 bytes), well under 1 KB, 1 WCU; an update of the notes changes
  // nothing it holds and writes no entry; the same layout projecting ALL writes the whole item
  // on every write, and its reads by region read whole items
  // (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/GSI.html#GSI.ThroughputConsiderations).
  const std::string body = R"(
entities:
  Customer:
    count: 100k
    item_size: 4KB
    identifier: customerId
    keys:
      pk: "CUST#{customerId}"
      GSI1: { pk: "REGION#{region}", sk: "CUST#{customerId}" }
    attributes:
      customerId: string
      region: { type: enum, values: [EU, US, APAC] }
      name: string
      notes: string
      history: string
      preferences: string
access_patterns:
  - { name: getCustomer, returns: Customer, by: customerId }
  - { name: inRegion, returns: Customer, by: region, project: [customerId, name], limit: 50 }
write_patterns:
  - { name: signUp, create: Customer }
  - { name: editNotes, update: Customer, attributes: [notes] }
  - { name: rename, update: Customer, attributes: [name] }
)";
  auto include = test::Derive(
      "table: { name: crm, indexes: { GSI1: { projection: [customerId, "
      "name] } } }" +
      body);
  auto all = test::Derive("table: { name: crm, indexes: { GSI1: { projection: ALL } } }" + body);
  INFO(include.diagnostics << all.diagnostics);
  REQUIRE(include.layout);
  REQUIRE(all.layout);
  auto write = [](const test::Derived& d, const std::string& name) {
    return model::EstimateWrite(*d.loaded.model, *d.layout, Write(*d.layout, name));
  };
  CHECK(write(include, "editNotes").index_entries == 0);
  CHECK(write(include, "editNotes").wcu_per_call == 4);
  CHECK(write(all, "editNotes").index_entries == 1);
  CHECK(write(all, "editNotes").wcu_per_call == 8);
  CHECK(write(include, "rename").index_entries == 1);
  CHECK(write(include, "rename").wcu_per_call == 5);
  CHECK(write(include, "signUp").wcu_per_call == 5);
  CHECK(write(all, "signUp").wcu_per_call == 8);
  auto read = [](const test::Derived& d) {
    return model::EstimateRead(*d.loaded.model, *d.layout, test::Read(*d.layout, "inRegion"));
  };
  // A page of 50 entries of under 900 bytes, summed then rounded: 11 blocks of 4 KB, 5.5 RCU
  // eventually consistent, against 50 whole items of 4 KB: 50 blocks, 25 RCU.
  CHECK(read(all).rcu_per_call == 25);
  CHECK(read(include).rcu_per_call == 5.5);
}

TEST_CASE("a sparse index's entries are written only for the items in its view", "[model][cost]") {
  // openOrders is served by a GSI that holds only PENDING orders (1 in 4 of the enum's values):
  // a create writes the table item and, for a quarter of the orders, the index entry.
  auto d = test::Derive(R"(
entities:
  Order:
    count: 1M
    item_size: 1KB
    identifier: orderId
    attributes:
      orderId: string
      status: { type: enum, values: [PENDING, PAID, SHIPPED, DELIVERED] }
      placedAt: timestamp
access_patterns:
  - { name: getOrder, returns: Order, by: orderId }
  - { name: openOrders, returns: Order, filter: { status: PENDING }, sort: { placedAt: asc }, limit: 10 }
write_patterns:
  - { name: placeOrder, create: Order }
)");
  INFO(d.diagnostics);
  REQUIRE(d.layout);
  auto f = model::EstimateWrite(*d.loaded.model, *d.layout, Write(*d.layout, "placeOrder"));
  CHECK(f.index_entries == Approx(0.25));
  CHECK(f.wcu_per_call == Approx(1.25));
}
