// The derivation's cost objective (model/derive/objective.cpp): the GSI count is the cheapest
// layout at the declared rates, with requests per read and max_gsis as constraints.
#include <catch2/catch.hpp>
#include <filesystem>
#include <string>
#include <vector>

#include "model/cost.h"
#include "tests/unit/model/model_fixture.h"

namespace {

using model::ItemRole;

// An entity read three ways besides its identifier: the packing rule alone gives 2 GSIs and a
// facet (written in a transaction on every create and status change).
const char* kTickets = R"(
table: { name: desk }
entities:
  Ticket:
    count: 1M
    item_size: 1KB
    identifier: ticketId
    attributes:
      ticketId: string
      ownerId: string
      queue: string
      assignee: string
      status: { type: enum, values: [OPEN, CLOSED] }
      openedAt: timestamp
access_patterns:
  - { name: getTicket, returns: Ticket, by: [ticketId], rate: 100 }
  - { name: ownerTickets, returns: Ticket, by: [ownerId], rate: 20 }
  - { name: queueTickets, returns: Ticket, by: [queue], sort: { openedAt: desc }, limit: 20, rate: 10 }
  - { name: assigneeTickets, returns: Ticket, by: [assignee], rate: 5 }
write_patterns:
  - { name: openTicket, create: Ticket, rate: 50 }
  - { name: closeTicket, update: Ticket, attributes: [status], rate: 50 }
)";

int Facets(const model::KeyLayout& layout) {
  int n = 0;
  for (const auto& t : layout.item_types) n += t.role == ItemRole::kFacet ? 1 : 0;
  return n;
}

struct Pair {
  std::optional<model::KeyLayout> chosen;
  std::optional<model::KeyLayout> rule;
};

Pair DeriveBoth(const model::Model& m, const model::SourceFile* file) {
  Pair p;
  model::Diagnostics a(file);
  p.chosen = model::derive::DeriveLayout(m, a);
  model::Diagnostics b(file);
  model::derive::DeriveOptions rule_only;
  rule_only.choose_by_cost = false;
  p.rule = model::derive::DeriveLayout(m, b, rule_only);
  return p;
}

std::string WithMaxGsis(std::string text, int n) {
  std::string from = "table: { name: desk }";
  text.replace(text.find(from), from.size(),
               "table: { name: desk, max_gsis: " + std::to_string(n) + " }");
  return text;
}

}  // namespace

TEST_CASE("objective: a GSI more instead of a facet when the facet's writes cost more",
          "[model][derive][objective]") {
  auto l = test::Load(kTickets);
  REQUIRE(l.model);
  Pair p = DeriveBoth(*l.model, l.file.get());
  REQUIRE(p.chosen);
  REQUIRE(p.rule);
  CHECK(p.rule->indexes.size() == 2);
  CHECK(Facets(*p.rule) == 1);
  CHECK(p.chosen->indexes.size() == 3);
  CHECK(Facets(*p.chosen) == 0);
  double chosen = model::EstimateWorkload(*l.model, *p.chosen).monthly_cost_usd;
  double rule = model::EstimateWorkload(*l.model, *p.rule).monthly_cost_usd;
  CHECK(chosen < rule);
  // openTicket: one Put of the item (1 WCU) and its three index entries, no transaction.
  CHECK_FALSE(p.chosen->writes[0].transaction);
  CHECK(p.rule->writes[0].transaction);
  // The explanation names the rejected candidate with its cost.
  bool named = false;
  for (const auto& n : p.chosen->notes) {
    if (n.text.rfind("rejected: 2 GSIs and 1 facet item type, $", 0) == 0) named = true;
  }
  CHECK(named);
}

TEST_CASE("objective: max_gsis is a constraint; without writes the fewer GSIs win the tie",
          "[model][derive][objective]") {
  auto capped = test::Derive(WithMaxGsis(kTickets, 2));
  REQUIRE(capped.layout);
  CHECK(capped.layout->indexes.size() == 2);
  CHECK(Facets(*capped.layout) == 1);

  std::string read_only = kTickets;
  read_only.erase(read_only.find("write_patterns:"));
  auto d = test::Derive(read_only);
  REQUIRE(d.layout);
  // A facet nobody writes costs nothing at the declared rates: the rule's 2 GSIs stay.
  CHECK(d.layout->indexes.size() == 2);
  CHECK(Facets(*d.layout) == 1);
}

TEST_CASE(
    "objective: on every sample and golden model, no read needs more requests and the "
    "workload costs no more than under the packing rule",
    "[model][derive][objective]") {
  namespace fs = std::filesystem;
  std::vector<std::string> models;
  for (const char* dir : {"samples", "tests/golden"}) {
    for (const auto& entry : fs::directory_iterator(std::string(MODEL_SOURCE_DIR) + "/" + dir)) {
      fs::path yaml = entry.path() / "model.yaml";
      if (fs::exists(yaml)) models.push_back(yaml.string());
    }
  }
  std::sort(models.begin(), models.end());
  REQUIRE(models.size() > 10);
  int derived = 0;
  for (const std::string& path : models) {
    INFO(path);
    std::string text = test::ReadSource(fs::relative(path, MODEL_SOURCE_DIR).string());
    auto l = test::Load(text, path);
    if (!l.model) continue;  // a golden case of a model error
    Pair p = DeriveBoth(*l.model, l.file.get());
    CHECK(p.chosen.has_value() == p.rule.has_value());
    if (!p.chosen || !p.rule) continue;
    ++derived;
    REQUIRE(p.chosen->reads.size() == p.rule->reads.size());
    for (std::size_t r = 0; r < p.chosen->reads.size(); ++r) {
      INFO(p.chosen->reads[r].pattern);
      CHECK(p.chosen->reads[r].requests <= p.rule->reads[r].requests);
    }
    // `prefer: fewer_indexes` may cost more than the rule on purpose (fewer GSIs, more facets).
    if (l.model->table.prefer == model::Preference::kFewerIndexes) continue;
    double chosen = model::EstimateWorkload(*l.model, *p.chosen).monthly_cost_usd;
    double rule = model::EstimateWorkload(*l.model, *p.rule).monthly_cost_usd;
    CHECK(chosen <= rule * (1 + 1e-9));
  }
  CHECK(derived >= 10);
}

namespace {

std::string WithPrefer(std::string text, const std::string& prefer) {
  std::string from = "table: { name: desk }";
  text.replace(text.find(from), from.size(), "table: { name: desk, prefer: " + prefer + " }");
  return text;
}

bool HasNoteStarting(const model::KeyLayout& layout, const std::string& prefix) {
  for (const auto& n : layout.notes) {
    if (n.text.rfind(prefix, 0) == 0) return true;
  }
  return false;
}

// The layout's shape, without reasons: each item type's keys on the table and every index, each
// read's operation, index and requests, the GSI count.
std::string Shape(const model::KeyLayout& layout) {
  std::string out = "gsis " + std::to_string(layout.indexes.size()) + "\n";
  for (const auto& t : layout.item_types) {
    out += t.name + " " + t.partition_key.ToString() + " / " + t.sort_key.ToString();
    for (const auto& k : t.index_keys) {
      out += " | " + std::to_string(k.index) + " " + k.partition_key.ToString() + " / " +
             k.sort_key.ToString();
    }
    out += "\n";
  }
  for (const auto& r : layout.reads) {
    out += r.pattern + " " + std::to_string(static_cast<int>(r.operation)) + " " +
           std::to_string(r.index) + " " + std::to_string(r.requests) + "\n";
  }
  return out;
}

std::string Replace(std::string text, const std::string& from, const std::string& to) {
  std::size_t at = text.find(from);
  REQUIRE(at != std::string::npos);
  return text.replace(at, from.size(), to);
}

}  // namespace

TEST_CASE("objective: prefer fewer_indexes takes one GSI and facets for the other views",
          "[model][derive][objective]") {
  auto fewer = test::Derive(WithPrefer(kTickets, "fewer_indexes"));
  REQUIRE(fewer.layout);
  // Three views of Ticket on one GSI: its own item and two facets.
  CHECK(fewer.layout->indexes.size() == 1);
  CHECK(Facets(*fewer.layout) == 2);
  // Every read needs the same requests as under the packing rule.
  auto usual = test::Derive(kTickets);
  REQUIRE(usual.layout);
  REQUIRE(usual.layout->reads.size() == fewer.layout->reads.size());
  for (std::size_t r = 0; r < usual.layout->reads.size(); ++r)
    CHECK(fewer.layout->reads[r].requests == usual.layout->reads[r].requests);
  auto l = test::Load(WithPrefer(kTickets, "fewer_indexes"));
  REQUIRE(l.model);
  CHECK(model::EstimateWorkload(*l.model, *fewer.layout).monthly_cost_usd >
        model::EstimateWorkload(*l.model, *usual.layout).monthly_cost_usd);
  CHECK(HasNoteStarting(*fewer.layout,
                        "preference fewer_indexes (table prefer) decided: the fewest GSIs, then "
                        "the lowest monthly cost; lowest_cost would choose 3 GSIs and 0 facet "
                        "item types, $"));
  // A pattern pinned to GSI2 raises the floor to two GSIs.
  std::string pinned = WithPrefer(kTickets, "fewer_indexes");
  std::string from = "{ name: queueTickets, returns: Ticket,";
  pinned.replace(pinned.find(from), from.size(),
                 "{ name: queueTickets, index: GSI2, returns: Ticket,");
  auto raised = test::Derive(pinned);
  REQUIRE(raised.layout);
  CHECK(raised.layout->indexes.size() == 2);
}

TEST_CASE("objective: prefer cheaper_writes and lowest_cost agree when reads cost the same",
          "[model][derive][objective]") {
  auto writes = test::Derive(WithPrefer(kTickets, "cheaper_writes"));
  auto cost = test::Derive(WithPrefer(kTickets, "lowest_cost"));
  auto usual = test::Derive(kTickets);
  REQUIRE(writes.layout);
  REQUIRE(cost.layout);
  REQUIRE(usual.layout);
  CHECK(writes.layout->indexes.size() == 3);
  CHECK(cost.layout->indexes.size() == 3);
  CHECK(Facets(*writes.layout) == 0);
  CHECK(HasNoteStarting(*writes.layout,
                        "preference cheaper_writes (table prefer) decided: the fewest write "
                        "units per second, then the lowest monthly cost, then fewer GSIs; "
                        "lowest_cost chooses the same layout"));
  // Without `prefer` written, explain says nothing of a preference: the notes are today's.
  CHECK_FALSE(HasNoteStarting(*usual.layout, "preference "));
  CHECK(usual.layout->notes.size() + 1 == cost.layout->notes.size());
}

TEST_CASE("objective: an M:N's associative entity lives where it is read, whichever side is from",
          "[model][derive][objective]") {
  std::string text = test::ReadSource("tests/golden/design-adjacency-side/model.yaml");
  std::string swapped = test::ReadSource("tests/golden/design-adjacency-side-swapped/model.yaml");
  auto a = test::Derive(text);
  auto b = test::Derive(swapped);
  REQUIRE(a.layout);
  REQUIRE(b.layout);
  // Enrollment is read by course only: in the course's collection, one GSI (by grade) in both.
  const model::ItemType* enrollment = test::FindType(*a.layout, "Enrollment");
  REQUIRE(enrollment);
  CHECK(enrollment->partition_key.ToString() == "COURSE#{courseId}");
  CHECK(enrollment->sort_key.ToString() == "ENROLLMENT#{studentId}");
  CHECK(a.layout->indexes.size() == 1);
  CHECK(test::Read(*a.layout, "courseRoster").index == 0);
  CHECK(Shape(*a.layout) == Shape(*b.layout));
  // The packing rule alone keeps the list in `from`'s collection, where the roster needs a view
  // of its own: a facet beside the one GSI.
  auto l = test::Load(text);
  REQUIRE(l.model);
  Pair p = DeriveBoth(*l.model, l.file.get());
  REQUIRE(p.rule);
  CHECK(Facets(*p.rule) == 1);
  CHECK(test::FindType(*p.rule, "Enrollment")->partition_key.ToString() == "STUDENT#{studentId}");
}

TEST_CASE("objective: swapping from and to of the samples' M:N relationships keeps the layout",
          "[model][derive][objective]") {
  SECTION("hr") {
    std::string text = test::ReadSource("samples/hr/model.yaml");
    std::string swapped = Replace(text, "from: Product, to: Warehouse, through: Inventory",
                                  "from: Warehouse, to: Product, through: Inventory");
    auto a = test::Derive(text);
    auto b = test::Derive(swapped);
    REQUIRE(a.layout);
    REQUIRE(b.layout);
    CHECK(Shape(*a.layout) == Shape(*b.layout));
  }
  SECTION("saas") {
    std::string text = test::ReadSource("samples/saas/model.yaml");
    std::string swapped = Replace(text, "from: Organization, to: User, through: Membership",
                                  "from: User, to: Organization, through: Membership");
    swapped = Replace(swapped, "from: Repository, to: User, through: Star",
                      "from: User, to: Repository, through: Star");
    auto a = test::Derive(text);
    auto b = test::Derive(swapped);
    REQUIRE(a.layout);
    REQUIRE(b.layout);
    CHECK(Shape(*a.layout) == Shape(*b.layout));
  }
}

TEST_CASE("objective: a self-referencing M:N lives on the side it is read by, whichever is link",
          "[model][derive][objective]") {
  // Follow links User to User: `link` (follower) and `link_to` (followee). Its strongly
  // consistent read by followee needs the table, so the list goes in the followee's collection
  // whichever attribute the relationship names first (before: always the `link` side, E509).
  const std::string text = R"(
table: { name: social }
entities:
  User: { identifier: handle, attributes: { handle: string, name: string } }
  Follow:
    identifier: [follower, followee]
    attributes: { follower: string, followee: string, since: timestamp }
relationships:
  - name: follows
    cardinality: "M:N"
    from: User
    to: User
    through: Follow
    link: [follower]
    link_to: [followee]
access_patterns:
  - { name: getUser, returns: User, by: [handle] }
  - { name: followersOf, returns: Follow, by: [followee], rate: 100, consistent: true }
  - { name: followingOf, returns: Follow, by: [follower], rate: 1 }
write_patterns:
  - { name: follow, create: Follow, rate: 10 }
)";
  std::string swapped = Replace(text, "link: [follower]\n    link_to: [followee]",
                                "link: [followee]\n    link_to: [follower]");
  for (const std::string& model : {text, swapped}) {
    auto d = test::Derive(model);
    INFO(d.diagnostics);
    REQUIRE(d.layout);
    const model::ItemType* follow = test::FindType(*d.layout, "Follow");
    REQUIRE(follow);
    CHECK(follow->partition_key.ToString() == "USER#{followee}");
    CHECK(test::Read(*d.layout, "followersOf").index == 0);
    CHECK(test::Read(*d.layout, "followingOf").index == 1);
  }
  // Without the consistent read, the busier side's reads go to the table, and the reason names
  // each side by its link.
  auto d = test::Derive(Replace(text, ", consistent: true", ""));
  REQUIRE(d.layout);
  const model::ItemType* follow = test::FindType(*d.layout, "Follow");
  REQUIRE(follow);
  CHECK(follow->partition_key.ToString() == "USER#{followee}");
  std::string reasons;
  for (const auto& r : follow->reasons) reasons += r.text + "\n";
  CHECK(reasons.find("in the collection of 'User' by 'followee', not of 'User' by 'follower'") !=
        std::string::npos);
}
