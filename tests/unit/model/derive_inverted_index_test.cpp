// An index declared keyed on the table's keys swapped (`table: indexes: GSI1: { partition_key: SK,
// sort_key: PK }`): loaded and checked, every item type on it under its table keys swapped, reads
// routed to it, and no view of the derivation's placed there (docs/model-format.md, "an inverted
// index").
#include <algorithm>
#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "model/hot_partitions.h"
#include "model_fixture.h"

namespace {

const model::IndexKeys* KeysOn(const model::ItemType& t, int index) {
  for (const auto& k : t.index_keys) {
    if (k.index == index) return &k;
  }
  return nullptr;
}

bool Has(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

const char* kGroups = R"(
table:
  name: groups
  indexes:
    GSI1: { partition_key: SK, sort_key: PK }
entities:
  User:
    identifier: userId
    keys: { pk: "USER#{userId}", sk: "USER#{userId}" }
    attributes: { userId: string, email: string }
  Group:
    identifier: groupId
    keys: { pk: "GROUP#{groupId}", sk: "GROUP#{groupId}" }
    attributes: { groupId: string, title: string }
  Membership:
    identifier: [groupId, userId]
    keys: { pk: "GROUP#{groupId}", sk: "USER#{userId}" }
    attributes: { groupId: string, userId: string }
relationships:
  - { name: members, cardinality: "M:N", from: Group, to: User, through: Membership,
      link: [groupId], link_to: [userId] }
access_patterns:
  - { name: user, returns: User, by: [userId] }
  - { name: group, returns: Group, by: [groupId] }
  - { name: userByEmail, returns: User, by: [email] }
  - { name: groupsOfUser, returns: Group, by: [userId], follows: members }
  - { name: membersOf, returns: User, by: [groupId], follows: members }
)";

}  // namespace

TEST_CASE("an inverted index is loaded with the table's keys swapped", "[model][load]") {
  auto l = test::Load(kGroups);
  INFO(l.diagnostics);
  REQUIRE(l.model);
  REQUIRE(l.model->table.indexes.size() == 1);
  const model::DeclaredIndex& d = l.model->table.indexes[0];
  CHECK(d.Inverted());
  CHECK(d.partition_key == "SK");
  CHECK(d.sort_key == "PK");
  CHECK(l.model->table.InvertedIndex(1));
  CHECK_FALSE(l.model->table.InvertedIndex(2));
}

TEST_CASE("an inverted index keyed otherwise than the table's keys swapped is refused",
          "[model][load]") {
  auto l = test::Load(R"(
table:
  name: groups
  indexes:
    GSI1: { partition_key: PK, sort_key: SK }
entities:
  User: { identifier: userId, attributes: { userId: string } }
access_patterns:
  - { name: user, returns: User, by: [userId] }
)");
  CHECK_FALSE(l.model);
  CHECK(Has(l.diagnostics,
            "the partition_key of index 'GSI1' is 'PK', the table's partition key; an index keyed "
            "on the table's keys is inverted: partition_key 'SK' [E246]"));
  CHECK(Has(l.diagnostics,
            "the sort_key of index 'GSI1' is 'SK', the table's sort key; an index "
            "keyed on the table's keys is inverted: sort_key 'PK' [E246]"));
}

TEST_CASE("every item type is on an inverted index under its table keys swapped",
          "[model][derive]") {
  auto d = test::Derive(kGroups);
  INFO(d.diagnostics);
  REQUIRE(d.layout);
  REQUIRE(d.layout->indexes.size() == 2);
  CHECK(d.layout->indexes[0].partition_key == "SK");
  CHECK(d.layout->indexes[0].sort_key == "PK");
  CHECK(d.layout->indexes[1].partition_key == "GSI2PK");  // the derivation's view: not on GSI1
  for (const char* name : {"User", "Group", "Membership"}) {
    const model::ItemType* t = test::FindType(*d.layout, name);
    REQUIRE(t);
    const model::IndexKeys* k = KeysOn(*t, 1);
    REQUIRE(k);
    CHECK(k->partition_key.ToString() == t->sort_key.ToString());
    CHECK(k->sort_key.ToString() == t->partition_key.ToString());
  }
  const model::ItemType* user = test::FindType(*d.layout, "User");
  REQUIRE(user);
  REQUIRE(KeysOn(*user, 2));
  CHECK(KeysOn(*user, 2)->partition_key.ToString() == "USER_BY_EMAIL#{email}");
  // The groups of a user: the link items in the user's partition of the inverted index.
  const model::ReadPlan& r = test::Read(*d.layout, "groupsOfUser");
  CHECK(r.index == 1);
  CHECK(r.operation == model::Operation::kQuery);
  CHECK(r.key.partition_key.ToString() == "USER#{userId}");
  CHECK(r.key.sort_op == model::SortOp::kBeginsWith);
  CHECK(test::Read(*d.layout, "membersOf").index == 0);
  CHECK(test::Read(*d.layout, "userByEmail").index == 2);
}

namespace {

// Every User item has the constant sort key PROFILE: one partition of the inverted GSI1.
std::string Profiles(const std::string& all_users, const std::string& user_names,
                     const std::string& table_extra = "") {
  return R"(
table:
  name: social
)" + table_extra +
         R"(  indexes:
    GSI1: { partition_key: SK, sort_key: PK }
entities:
  User:
    count: 100k
    keys: { pk: "USER#{userId}", sk: "PROFILE" }
    attributes: { userId: string, name: string }
access_patterns:
  - { name: getUser, returns: User, by: [userId] }
  - )" + all_users +
         R"(
  - )" + user_names +
         R"(
)";
}

}  // namespace

TEST_CASE("reads over an inverted constant partition's limit move to a view of their own",
          "[model][derive]") {
  // 2500 + 1250 RCU/s on SK = PROFILE: the heavier read moves, the other stays.
  auto d = test::Derive(Profiles("{ name: allUsers, returns: User, limit: 100, rate: 200 }",
                                 "{ name: userNames, returns: User, limit: 100, rate: 100 }"));
  INFO(d.diagnostics);
  REQUIRE(d.layout);
  CHECK(test::Read(*d.layout, "allUsers").index == 2);
  CHECK(test::Read(*d.layout, "userNames").index == 1);
  CHECK_FALSE(Has(d.diagnostics, "W540"));
  std::vector<model::HotPartition> parts =
      model::InvertedConstantPartitions(*d.loaded.model, *d.layout);
  REQUIRE(parts.size() == 1);
  CHECK(parts[0].where == "GSI1");
  CHECK(parts[0].key == "PROFILE");
  CHECK(parts[0].rcu_per_s == Approx(1250));
  bool why = false;
  for (const model::Reason& r : test::Read(*d.layout, "allUsers").reasons)
    why = why || Has(r.text,
                     "not the inverted index GSI1: its partition SK = PROFILE (a constant) "
                     "would take 3750 RCU/s of reads");
  CHECK(why);
}

TEST_CASE("reads pinned to an inverted constant partition over its limit stay, with W540",
          "[model][derive]") {
  auto d = test::Derive(
      Profiles("{ name: allUsers, returns: User, limit: 100, rate: 200, index: GSI1 }",
               "{ name: userNames, returns: User, limit: 100, rate: 100, index: GSI1 }"));
  INFO(d.diagnostics);
  REQUIRE(d.layout);
  CHECK(test::Read(*d.layout, "allUsers").index == 1);
  CHECK(test::Read(*d.layout, "userNames").index == 1);
  CHECK(Has(d.diagnostics, "take 3750 RCU/s (allUsers 2500 RCU/s, userNames 1250 RCU/s)"));
  CHECK(Has(d.diagnostics, "[W540]"));
  // Within the limit: no move, no warning.
  auto low = test::Derive(Profiles("{ name: allUsers, returns: User, limit: 100, rate: 100 }",
                                   "{ name: userNames, returns: User, limit: 100, rate: 100 }"));
  REQUIRE(low.layout);
  CHECK(test::Read(*low.layout, "allUsers").index == 1);
  CHECK(test::Read(*low.layout, "userNames").index == 1);
  CHECK_FALSE(Has(low.diagnostics, "W540"));
}

TEST_CASE("an inverted index's reasons name every item it holds", "[model][derive]") {
  auto d = test::Derive(R"(
table:
  name: accounts
  indexes:
    GSI1: { partition_key: SK, sort_key: PK }
entities:
  User:
    keys: { pk: "USER#{userId}", sk: "USER#{userId}" }
    attributes: { userId: string, username: { type: string, unique: true } }
  Policy:
    versioned: true
    attributes: { policyId: string, text: string }
access_patterns:
  - { name: getUser, returns: User, by: [userId] }
  - { name: getPolicy, returns: Policy, by: [policyId] }
  - { name: users, returns: User, by: [userId], index: GSI1 }
)");
  INFO(d.diagnostics);
  REQUIRE(d.layout);
  REQUIRE_FALSE(d.layout->indexes.empty());
  std::vector<std::string> texts;
  for (const model::Reason& r : d.layout->indexes[0].reasons) texts.push_back(r.text);
  auto has = [&](const std::string& part) {
    return std::any_of(texts.begin(), texts.end(),
                       [&](const std::string& t) { return Has(t, part); });
  };
  CHECK(has("for Policy.history, the version history"));
  CHECK(
      has("keys USER_USERNAME / USER_USERNAME#{username} for User.username, the uniqueness "
          "items"));
  // Before what the projection says.
  REQUIRE_FALSE(texts.empty());
  CHECK(Has(texts.back(), "projects "));
}
