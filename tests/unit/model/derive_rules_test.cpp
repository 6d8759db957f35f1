// One small model per derivation rule, and the HR targets.
#include <catch2/catch.hpp>

#include "model_fixture.h"

using model::Operation;

namespace {

std::string PK(const model::ItemType& t) { return t.partition_key.ToString(); }
std::string SK(const model::ItemType& t) { return t.sort_key.ToString(); }

}  // namespace

TEST_CASE("one-to-many: owned children live in the parent's item collection", "[model][derive]") {
  auto d = test::Derive(R"(
entities:
  Order: { attributes: { orderId: string, placedAt: timestamp } }
  OrderItem:
    identifier: [orderId, lineNo]
    attributes: { orderId: string, lineNo: integer, sku: string }
relationships:
  - { name: lines, cardinality: 1:N, from: Order, to: OrderItem, owning: true }
access_patterns:
  - { name: getOrder, returns: Order, by: [orderId] }
  - { name: orderLines, returns: OrderItem, by: [orderId] }
)");
  INFO(d.diagnostics);
  REQUIRE(d.layout);
  const auto* item = test::FindType(*d.layout, "OrderItem");
  REQUIRE(item);
  CHECK(PK(*item) == "ORDER#{orderId}");
  CHECK(SK(*item) == "ORDER_ITEM#{lineNo}");
  CHECK(d.layout->indexes.empty());
  const auto& lines = test::Read(*d.layout, "orderLines");
  CHECK(lines.operation == Operation::kQuery);
  CHECK(lines.index == 0);
  CHECK(lines.key.ToString("PK", "SK") == "PK = ORDER#{orderId} AND SK begins_with ORDER_ITEM#");
  CHECK(test::Read(*d.layout, "getOrder").operation == Operation::kGetItem);
}

TEST_CASE("many-to-many: adjacency list on the table, inverted on a GSI", "[model][derive]") {
  auto d = test::Derive(R"(
entities:
  Product: { attributes: { productId: string } }
  Warehouse: { attributes: { warehouseId: string } }
  Inventory:
    identifier: [productId, warehouseId]
    attributes: { productId: string, warehouseId: string, quantity: integer }
relationships:
  - { name: stock, cardinality: M:N, from: Product, to: Warehouse, through: Inventory }
access_patterns:
  - { name: productStock, returns: Inventory, by: [productId] }
  - { name: warehouseStock, returns: Inventory, by: [warehouseId] }
)");
  INFO(d.diagnostics);
  REQUIRE(d.layout);
  const auto* inv = test::FindType(*d.layout, "Inventory");
  REQUIRE(inv);
  CHECK(PK(*inv) == "PRODUCT#{productId}");
  CHECK(SK(*inv) == "INVENTORY#{warehouseId}");
  REQUIRE(d.layout->indexes.size() == 1);
  REQUIRE(inv->index_keys.size() == 1);
  CHECK(inv->index_keys[0].partition_key.ToString() == "WAREHOUSE#{warehouseId}");
  CHECK(test::Read(*d.layout, "productStock").index == 0);
  CHECK(test::Read(*d.layout, "warehouseStock").index == 1);
}

TEST_CASE("sparse index for a fixed filter", "[model][derive]") {
  auto d = test::Derive(R"(
entities:
  Ticket:
    attributes:
      ticketId: string
      status: { type: enum, values: [OPEN, CLOSED] }
      openedAt: timestamp
access_patterns:
  - { name: openTickets, returns: Ticket, filter: { status: OPEN }, range: { openedAt: ">=" } }
)");
  INFO(d.diagnostics);
  REQUIRE(d.layout);
  const auto* t = test::FindType(*d.layout, "Ticket");
  REQUIRE(t);
  REQUIRE(t->index_keys.size() == 1);
  REQUIRE(t->index_keys[0].only_when.size() == 1);
  CHECK(t->index_keys[0].only_when[0].attribute == "status");
  CHECK(t->index_keys[0].only_when[0].value == "OPEN");
  const auto& r = test::Read(*d.layout, "openTickets");
  CHECK(r.operation == Operation::kQuery);
  CHECK(r.filter.empty());  // the index holds only open tickets: nothing to filter
}

TEST_CASE("versioned entities: current version by GetItem, history by prefix", "[model][derive]") {
  auto d = test::Derive(R"(
entities:
  Policy:
    versioned: true
    attributes: { policyId: string, text: string }
access_patterns:
  - { name: currentPolicy, returns: Policy, by: [policyId], current_only: true }
  - { name: policyHistory, returns: Policy, by: [policyId] }
write_patterns:
  - { name: amend, update: Policy, attributes: [text] }
)");
  INFO(d.diagnostics);
  REQUIRE(d.layout);
  const auto* cur = test::FindType(*d.layout, "Policy");
  const auto* hist = test::FindType(*d.layout, "Policy.history");
  REQUIRE(cur);
  REQUIRE(hist);
  CHECK(SK(*cur) == "POLICY#v0");
  CHECK(SK(*hist) == "POLICY#v{_version}");
  CHECK(test::Read(*d.layout, "currentPolicy").operation == Operation::kGetItem);
  CHECK(test::Read(*d.layout, "policyHistory").operation == Operation::kQuery);
  CHECK(d.layout->writes[0].transaction);
}

TEST_CASE("unique attributes get uniqueness items written in a transaction", "[model][derive]") {
  auto d = test::Derive(R"(
entities:
  User:
    attributes: { userId: string, email: { type: string, unique: true } }
access_patterns:
  - { name: getUser, returns: User, by: [userId] }
write_patterns:
  - { name: signUp, create: User }
)");
  INFO(d.diagnostics);
  REQUIRE(d.layout);
  const auto* u = test::FindType(*d.layout, "User.email");
  REQUIRE(u);
  CHECK(u->role == model::ItemRole::kUniqueness);
  CHECK(PK(*u) == "USER_EMAIL#{email}");
  const auto& w = d.layout->writes[0];
  CHECK(w.transaction);
  REQUIRE(w.writes.size() == 2);
  CHECK(w.writes[1].condition == "attribute_not_exists(PK)");
}

TEST_CASE("pinned keys and a pinned index are honoured", "[model][derive]") {
  auto d = test::Derive(R"(
entities:
  Customer:
    keys: { pk: "C#{customerId}", sk: "PROFILE" }
    attributes: { customerId: string, email: string, name: string }
access_patterns:
  - { name: getCustomer, returns: Customer, by: [customerId] }
  - { name: byName, returns: Customer, by: [name] }
  - { name: byEmail, returns: Customer, by: [email], index: GSI2 }
)");
  INFO(d.diagnostics);
  REQUIRE(d.layout);
  const auto* c = test::FindType(*d.layout, "Customer");
  REQUIRE(c);
  CHECK(PK(*c) == "C#{customerId}");
  CHECK(SK(*c) == "PROFILE");
  CHECK(test::Read(*d.layout, "byEmail").index == 2);
  CHECK(test::Read(*d.layout, "byName").index == 1);
}

TEST_CASE("a pinned index beyond the ones the layout fills is an error naming the next free one",
          "[model][derive]") {
  auto d = test::Derive(R"(
entities:
  Customer:
    identifier: customerId
    attributes: { customerId: string, email: string }
access_patterns:
  - { name: getCustomer, returns: Customer, by: [customerId] }
  - { name: byEmail, returns: Customer, by: [email], index: GSI9 }
)");
  CHECK_FALSE(d.layout);
  CHECK(d.diagnostics.find("pins index 'GSI9'") != std::string::npos);
  CHECK(d.diagnostics.find("pin GSI1, the next free index") != std::string::npos);
  CHECK(d.diagnostics.find("[E511]") != std::string::npos);
}

TEST_CASE("a pattern nothing can serve is an error unless it allows a Scan", "[model][derive]") {
  // Listing every note needs an index partition; pinning the table leaves only a Scan.
  auto d = test::Derive(R"(
entities:
  Note: { attributes: { noteId: string, body: string } }
access_patterns:
  - { name: allNotes, returns: Note, index: table }
)");
  CHECK_FALSE(d.layout);
  CHECK(d.diagnostics ==
        "m.yaml:5:45: error: access pattern 'allNotes' is pinned to the table but cannot be served "
        "by it without a Scan [E501]\n"
        "    5 |   - { name: allNotes, returns: Note, index: table }\n"
        "      |                                             ^~~~~\n"
        "m.yaml:5:5: note: the table cannot serve it: the table partition key NOTE#{noteId} needs "
        "'noteId', which is not a parameter\n"
        "    5 |   - { name: allNotes, returns: Note, index: table }\n"
        "      |     ^\n"
        "m.yaml:5:5: note: set 'allow_scan: true' on the pattern to accept a Scan\n"
        "    5 |   - { name: allNotes, returns: Note, index: table }\n"
        "      |     ^\n"
        "1 error generated.\n");

  auto allowed = test::Derive(R"(
entities:
  Note: { attributes: { noteId: string, body: string } }
access_patterns:
  - { name: allNotes, returns: Note, index: table, allow_scan: true }
)");
  INFO(allowed.diagnostics);
  REQUIRE(allowed.layout);
  const auto& scan = test::Read(*allowed.layout, "allNotes");
  CHECK(scan.operation == Operation::kScan);
  CHECK(scan.filter_types == std::vector<std::string>{"NOTE"});

  auto indexed = test::Derive(R"(
entities:
  Note: { attributes: { noteId: string, body: string } }
access_patterns:
  - { name: allNotes, returns: Note }
)");
  REQUIRE(indexed.layout);
  CHECK(test::Read(*indexed.layout, "allNotes").operation == Operation::kQuery);
}

TEST_CASE("HR: three GSIs (cheaper than two and facets), no Scan, open orders over 25 shards",
          "[model][derive]") {
  auto d = test::Derive(test::ReadSource("samples/hr/model.yaml"));
  INFO(d.diagnostics);
  REQUIRE(d.layout);
  // The packing rule's 2 GSIs need facets of Employee and Order, written in transactions by
  // hireEmployee, placeOrder and changeOrderStatus: $38,430 a month against $31,947.
  CHECK(d.layout->indexes.size() == 3);
  for (const auto& t : d.layout->item_types) CHECK(t.role != model::ItemRole::kFacet);
  CHECK(d.layout->reads.size() == 17);
  for (const auto& r : d.layout->reads) {
    INFO(r.pattern);
    CHECK(r.operation != Operation::kScan);
  }
  const auto& open = test::Read(*d.layout, "openOrdersByDate");
  CHECK(open.operation == Operation::kFanOutQuery);
  // 13 shards (items ÷ shards) would leave every shard over 3,000 RCU/s: each takes every call.
  CHECK(open.shards == 25);
  CHECK(open.requests == 25);
  CHECK(test::Read(*d.layout, "getEmployee").operation == Operation::kGetItem);
}

TEST_CASE("hierarchies keep the parent's sort-key part in the child's key", "[model][derive]") {
  // Repository nests under its owner; Issue nests under Repository: an issue's key must still
  // name its repository, or issues of two repositories of one owner would collide.
  auto d = test::Derive(R"(
entities:
  Organization: { identifier: orgName, attributes: { orgName: string } }
  Repository:
    identifier: [owner, repoName]
    attributes: { owner: string, repoName: string }
  Issue:
    identifier: [owner, repoName, issueNumber]
    attributes: { owner: string, repoName: string, issueNumber: integer }
relationships:
  - { name: repos, cardinality: 1:N, from: Organization, to: Repository, link: [owner], owning: true }
  - { name: issues, cardinality: 1:N, from: Repository, to: Issue, owning: true }
access_patterns:
  - { name: repoIssues, returns: Issue, by: [owner, repoName] }
)");
  INFO(d.diagnostics);
  REQUIRE(d.layout);
  const auto* issue = test::FindType(*d.layout, "Issue");
  REQUIRE(issue);
  CHECK(PK(*issue) == "ORGANIZATION#{owner}");
  CHECK(SK(*issue) == "ISSUE#{repoName}#{issueNumber}");
  const auto& r = test::Read(*d.layout, "repoIssues");
  CHECK(r.index == 0);
  CHECK(r.key.ToString("PK", "SK") ==
        "PK = ORGANIZATION#{owner} AND SK begins_with ISSUE#{repoName}#");
}

TEST_CASE("a sort the table cannot give, with a limit, moves to an index", "[model][derive]") {
  auto d = test::Derive(R"(
entities:
  Owner: { attributes: { ownerId: string } }
  Repo:
    identifier: [ownerId, name]
    attributes: { ownerId: string, name: string, updatedAt: timestamp }
relationships:
  - { name: repos, cardinality: 1:N, from: Owner, to: Repo, owning: true }
access_patterns:
  - { name: recentRepos, returns: Repo, by: [ownerId], sort: { updatedAt: desc }, limit: 30 }
  - { name: allRepos, returns: Repo, by: [ownerId], sort: { updatedAt: desc } }
)");
  INFO(d.diagnostics);
  REQUIRE(d.layout);
  const auto& recent = test::Read(*d.layout, "recentRepos");
  CHECK(recent.index == 1);
  CHECK_FALSE(recent.scan_forward);
  // Without a limit every item is read anyway: the table serves it and sorts after the read.
  const auto& all = test::Read(*d.layout, "allRepos");
  CHECK(all.index == 0);
  CHECK(model::ClientStepsText(all.client_steps) == "sort by updatedAt descending");
  REQUIRE(all.client_steps.size() == 1);
  CHECK(all.client_steps[0].kind == model::ClientStepKind::kSort);
  CHECK(all.client_steps[0].attribute == "updatedAt");
  CHECK(all.client_steps[0].descending);
  CHECK_FALSE(all.client_steps[0].limit);
}

TEST_CASE("every item type's key holds its entity's identifier, in every sample",
          "[model][derive]") {
  for (const char* sample :
       {"samples/hr/model.yaml", "samples/shop/model.yaml", "samples/saas/model.yaml"}) {
    auto d = test::Derive(test::ReadSource(sample));
    INFO(sample << "\n" << d.diagnostics);
    REQUIRE(d.layout);
    for (const auto& t : d.layout->item_types) {
      if (t.role == model::ItemRole::kUniqueness) continue;
      const model::Entity& e = d.loaded.model->entities[static_cast<std::size_t>(t.entity)];
      std::vector<std::string> keys = t.partition_key.Attributes();
      for (const auto& a : t.sort_key.Attributes()) keys.push_back(a);
      for (model::AttrId id : e.identifier) {
        const std::string& name = e.attributes[static_cast<std::size_t>(id)].name;
        INFO(t.name << " lacks " << name);
        CHECK(std::find(keys.begin(), keys.end(), name) != keys.end());
      }
    }
    for (const auto& r : d.layout->reads) {
      INFO(r.pattern);
      CHECK(r.operation != Operation::kScan);
    }
  }
}

TEST_CASE("sorting on an optional attribute is refused: any index on it is sparse",
          "[model][derive]") {
  auto d = test::Derive(R"(
entities:
  Post:
    attributes:
      postId: string
      userId: string
      publishedAt: timestamp?
access_patterns:
  - { name: userPosts, returns: Post, by: [userId], sort: { publishedAt: desc } }
)");
  CHECK_FALSE(d.layout);
  CHECK(
      d.diagnostics ==
      "m.yaml:9:61: error: access pattern 'userPosts' sorts on 'publishedAt', which is optional "
      "in 'Post': an index sorted on it holds only the items that have it (DynamoDB writes an "
      "item to a secondary index only when it has the index's key attributes), so the read "
      "would miss the 'Post' items without it [E487]\n"
      "    9 |   - { name: userPosts, returns: Post, by: [userId], sort: { publishedAt: desc } }\n"
      "      |                                                             ^~~~~~~~~~~\n"
      "m.yaml:7:7: note: when the read wants only the items that have it, filter on that: "
      "'filter: { publishedAt: exists }' (or declare the state it is present in, "
      "'present_when', and filter the read on that state), so that the sparse index is exactly "
      "the read's items; else make 'publishedAt' required, or sort on a required attribute\n"
      "    7 |       publishedAt: timestamp?\n"
      "      |       ^~~~~~~~~~~\n"
      "1 error generated.\n");
}

TEST_CASE("an exists filter on an optional sort attribute is the sparse index itself",
          "[model][derive]") {
  auto d = test::Derive(R"(
entities:
  Post:
    attributes:
      postId: string
      userId: string
      publishedAt: timestamp?
access_patterns:
  - { name: userPosts, returns: Post, by: [userId], filter: { publishedAt: exists }, sort: { publishedAt: desc } }
  - { name: drafts, returns: Post, by: [userId], filter: { publishedAt: not_exists } }
)");
  REQUIRE(d.layout);
  CHECK(d.diagnostics.empty());
  REQUIRE(d.layout->reads.size() == 2);
  // Served by an index sorted on publishedAt, which holds exactly the posts that have it.
  CHECK(d.layout->reads[0].index > 0);
  CHECK(d.layout->reads[0].filter.empty());
  // not_exists is a FilterExpression, never a sparse index.
  REQUIRE(d.layout->reads[1].filter.size() == 1);
  CHECK(d.layout->reads[1].filter[0].attribute == "publishedAt");
  CHECK(d.layout->reads[1].filter[0].value == "not_exists");
}
