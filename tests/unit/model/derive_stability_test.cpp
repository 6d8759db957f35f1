// Issue 14, defects 8 to 11: labels from the entity and attributes (not pattern names or order),
// updates that read and guard the other parts of a key they recompute (and the check that runs
// the interleaving), strongly consistent reads placed on the table key, whole-type reads without
// a rate.
#include <catch2/catch.hpp>

#include "model/check/check.h"
#include "model_fixture.h"
#include "stability_models.h"

namespace {

std::string PK(const model::ItemType& t) { return t.partition_key.ToString(); }
std::string SK(const model::ItemType& t) { return t.sort_key.ToString(); }

// Everything physical about an item type, as text.
std::string Physical(const model::ItemType& t) {
  std::string out = t.name + " " + t.label + " " + model::ItemRoleName(t.role) + " " + PK(t) +
                    " / " + SK(t) + " shards " + std::to_string(t.shards) + " [";
  for (const auto& a : t.attributes) out += a + " ";
  out += "]";
  for (const auto& k : t.index_keys) {
    out += " GSI" + std::to_string(k.index) + " " + k.partition_key.ToString() + " / " +
           k.sort_key.ToString();
    for (const auto& w : k.only_when) out += " if " + w.attribute + "=" + w.value;
  }
  return out;
}

std::string Plan(const model::ReadPlan& r) {
  std::string out = std::string(model::OperationName(r.operation)) + " index " +
                    std::to_string(r.index) + " " + r.key.ToString("PK", "SK") + " shards " +
                    std::to_string(r.shards) + " requests " + std::to_string(r.requests);
  for (int t : r.item_types) out += " type " + std::to_string(t);
  return out;
}

}  // namespace

TEST_CASE("facet and sparse labels come from the entity and the attributes", "[model][derive]") {
  auto d = test::Derive(test::kSubscriptions);
  INFO(d.diagnostics);
  REQUIRE(d.layout);
  std::vector<std::string> labels;
  for (const auto& t : d.layout->item_types) {
    INFO(t.name);
    CHECK(t.label.find("GET_DUE") == std::string::npos);
    CHECK(t.label.find("TRUE") == std::string::npos);
    labels.push_back(t.label);
  }
  const auto* due = test::FindType(*d.layout, "Subscription.byDueDate");
  REQUIRE(due);
  CHECK(due->label == "SUBSCRIPTION_BY_DUE_DATE");
  CHECK(PK(*due) == "SUBSCRIPTION#{subscriptionId}");
  CHECK(SK(*due) == "SUBSCRIPTION_BY_DUE_DATE");
  std::vector<std::string> partitions;
  for (const auto& t : d.layout->item_types) {
    for (const auto& k : t.index_keys) partitions.push_back(k.partition_key.ToString());
  }
  CHECK(std::find(partitions.begin(), partitions.end(), "SUBSCRIPTION_ACTIVE") != partitions.end());
  CHECK(std::find(partitions.begin(), partitions.end(), "SUBSCRIPTION_ESCALATED") !=
        partitions.end());
  CHECK(std::find(partitions.begin(), partitions.end(), "SUBSCRIPTION_NOT_ESCALATED") !=
        partitions.end());
}

TEST_CASE("the same patterns renamed and in another order give the same layout",
          "[model][derive]") {
  auto a = test::Derive(test::kSubscriptions);
  auto b = test::Derive(test::kSubscriptionsRenamed);
  INFO(a.diagnostics << b.diagnostics);
  REQUIRE(a.layout);
  REQUIRE(b.layout);
  REQUIRE(a.layout->item_types.size() == b.layout->item_types.size());
  for (std::size_t i = 0; i < a.layout->item_types.size(); ++i)
    CHECK(Physical(a.layout->item_types[i]) == Physical(b.layout->item_types[i]));
  REQUIRE(a.layout->indexes.size() == b.layout->indexes.size());
  for (std::size_t i = 0; i < a.layout->indexes.size(); ++i) {
    CHECK(a.layout->indexes[i].name == b.layout->indexes[i].name);
    CHECK(a.layout->indexes[i].projection == b.layout->indexes[i].projection);
    CHECK(a.layout->indexes[i].projected_attributes == b.layout->indexes[i].projected_attributes);
  }
  const std::pair<const char*, const char*> renamed[] = {
      {"getDuePaymentsByDate", "due"},   {"customerSubscriptions", "ofCustomer"},
      {"subscriptionsOnPlan", "onPlan"}, {"activeOnes", "live"},
      {"escalatedOnes", "hot"},          {"quietOnes", "notEscalated"}};
  for (const auto& [from, to] : renamed) {
    INFO(from);
    CHECK(Plan(test::Read(*a.layout, from)) == Plan(test::Read(*b.layout, to)));
  }
}

namespace {

const char* const kBoxes = R"(
entities:
  Box: { identifier: boxId, attributes: { boxId: string, room: string, rack: string } }
access_patterns:
  - { name: getBox, returns: Box, by: [boxId] }
  - { name: boxesAt, returns: Box, by: [room, rack] }
write_patterns:
  - { name: moveRoom, update: Box, attributes: [room] }
  - { name: moveRack, update: Box, attributes: [rack] }
)";

std::string Failures(const model::CheckReport& report) {
  std::string out;
  for (const auto& p : report.patterns) {
    for (const auto& f : p.failures) out += p.name + ": " + f + "\n";
  }
  return out;
}

}  // namespace

TEST_CASE("an update reads and guards the other parts of an index key it recomputes",
          "[model][derive]") {
  auto d = test::Derive(kBoxes);
  INFO(d.diagnostics);
  REQUIRE(d.layout);
  for (const auto& [name, other] : {std::pair<std::string, std::string>{"moveRoom", "rack"},
                                    std::pair<std::string, std::string>{"moveRack", "room"}}) {
    INFO(name);
    const model::WritePlan* plan = nullptr;
    for (const auto& w : d.layout->writes) {
      if (w.pattern == name) plan = &w;
    }
    REQUIRE(plan);
    CHECK(plan->read_first == std::vector<std::string>{other});
    REQUIRE(plan->writes.size() == 1);
    CHECK(plan->writes[0].guard_attributes == std::vector<std::string>{other});
    CHECK(plan->writes[0].condition == "attribute_exists(PK) AND " + other + " = :" + other);
  }
}

TEST_CASE("check runs a concurrent update between the read and the write of another",
          "[model][check]") {
  auto d = test::Derive(kBoxes);
  INFO(d.diagnostics);
  REQUIRE(d.layout);
  auto good = model::check::RunCheck(*d.loaded.model, *d.layout, {});
  REQUIRE(good.ok());
  INFO(Failures(*good));
  CHECK(good->passed());
  // The plan before the fix: neither reads nor guards the other part of the key.
  model::KeyLayout unread = *d.layout;
  for (auto& w : unread.writes) {
    w.read_first.clear();
    for (auto& iw : w.writes) {
      iw.guard_attributes.clear();
      iw.condition = "attribute_exists(PK)";
    }
  }
  auto old = model::check::RunCheck(*d.loaded.model, unread, {});
  REQUIRE(old.ok());
  std::string failures = Failures(*old);
  CHECK_THAT(failures, Catch::Contains("moveRoom: moveRoom (a concurrent moveRack changed rack "
                                       "between its read and its write) left Box"));
  CHECK_THAT(failures, Catch::Contains("with GSI1PK = '"));
  // Reading without the guard still loses the concurrent change.
  model::KeyLayout unguarded = *d.layout;
  for (auto& w : unguarded.writes) {
    for (auto& iw : w.writes) {
      iw.guard_attributes.clear();
      iw.condition = "attribute_exists(PK)";
    }
  }
  auto racy = model::check::RunCheck(*d.loaded.model, unguarded, {});
  REQUIRE(racy.ok());
  CHECK_THAT(Failures(*racy), Catch::Contains("moveRoom: moveRoom (a concurrent moveRack"));
}

TEST_CASE("a strongly consistent read by the parent puts the collection on the table key",
          "[model][derive]") {
  auto d = test::Derive(R"(
entities:
  Team: { identifier: team, attributes: { team: string } }
  User: { identifier: userId, attributes: { userId: string, team: string, name: string } }
relationships:
  - { name: members, cardinality: 1:N, from: Team, to: User }
access_patterns:
  - { name: teamMembers, returns: User, by: [team], consistent: true }
  - { name: getUser, returns: User, by: [userId] }
)");
  INFO(d.diagnostics);
  REQUIRE(d.layout);
  const auto* user = test::FindType(*d.layout, "User");
  REQUIRE(user);
  CHECK(PK(*user) == "TEAM#{team}");
  CHECK(SK(*user) == "USER#{userId}");
  const auto& members = test::Read(*d.layout, "teamMembers");
  CHECK(members.index == 0);
  CHECK(members.consistent);
  CHECK(members.key.ToString("PK", "SK") == "PK = TEAM#{team} AND SK begins_with USER#");
  CHECK(test::Read(*d.layout, "getUser").index == 1);
  auto report = model::check::RunCheck(*d.loaded.model, *d.layout, {});
  REQUIRE(report.ok());
  INFO(Failures(*report));
  CHECK(report->passed());
}

TEST_CASE("a consistent read the table cannot serve keeps its own code, E509", "[model][derive]") {
  auto d = test::Derive(R"(
entities:
  User:
    identifier: userId
    attributes:
      userId: string
      team: string?
access_patterns:
  - { name: teamMembers, returns: User, by: [team], consistent: true }
)");
  CHECK_FALSE(d.layout);
  CHECK_THAT(d.diagnostics, Catch::Contains("[E509]"));
  CHECK_THAT(d.diagnostics, Catch::Contains("needs strongly consistent reads"));
}

TEST_CASE("a whole-type read without a rate warns W507 at the pattern", "[model][derive]") {
  auto d = test::Derive(R"(
entities:
  Case:
    count: 50000
    attributes: { caseId: string, openedAt: timestamp, escalated: boolean }
access_patterns:
  - { name: allCases, returns: Case, range: { openedAt: ">=" } }
  - { name: escalatedCases, returns: Case, filter: { escalated: true }, rate: 10 }
)");
  INFO(d.diagnostics);
  REQUIRE(d.layout);
  CHECK_THAT(d.diagnostics,
             Catch::Contains("m.yaml:7:5: warning: access pattern 'allCases' reads every Case "
                             "item from one index partition (about 50000 items), and without a "
                             "'rate' the design cannot size shards for it"));
  CHECK_THAT(d.diagnostics, Catch::Contains("[W507]"));
  CHECK_THAT(d.diagnostics, Catch::Contains("declare 'rate'"));
  CHECK_THAT(d.diagnostics, Catch::Contains("allow_scan: true"));
  // A declared rate sizes the shards: no warning for it.
  CHECK(d.diagnostics.find("'escalatedCases' reads") == std::string::npos);
}
