// A per-parent counter's draw racing a transaction-kept aggregate on the same parent item
// (docs/model-format.md, "Numbers drawn from a per-parent counter" and "aggregates"): the
// aggregate's maintainer reads the parent, then puts it back whole conditioned on the version it
// read (model/exec/aggregates.h). A draw landing between the read and the put must make that put
// fail, or the put hands the old count back and the next create draws a number already given.
// (The aggregate keeps a max beside its count, so it is read and Put: counts and sums alone
// would be kept by UpdateItem ADD, aggregate_rules.h KeptByAdd, which reads nothing and
// rewrites only its own values.)
#include <catch2/catch.hpp>
#include <functional>
#include <string>

#include "forwarding_plane.h"
#include "model/exec/items.h"
#include "model/exec/writes.h"
#include "model/layout.h"
#include "model/sim/engine/database.h"
#include "model_fixture.h"

using model::exec::Record;

namespace {

constexpr const char* kRepos = R"(
table: { name: github }
entities:
  Repo:
    count: 20
    attributes:
      repoId: string
      name: string
      issueCount: { type: integer, required: false }
      openIssues: integer
      topPriority: { type: integer, required: false }
  Issue:
    identifier: [repoId, issueNumber]
    count: 200
    attributes:
      repoId: string
      issueNumber: { type: integer, counter: issues.issueCount }
      title: string
      status: { type: enum, values: [OPEN, CLOSED] }
      priority: integer
relationships:
  - { name: issues, cardinality: "1:N", from: Repo, to: Issue, owning: true }
access_patterns:
  - { name: getRepo, returns: Repo, by: [repoId] }
  - { name: repoIssues, returns: Issue, by: [repoId], sort: { issueNumber: desc }, limit: 25 }
write_patterns:
  - { name: createRepo, create: Repo }
  - { name: openIssue, create: Issue, rate: 50 }
  - { name: closeIssue, update: Issue, attributes: [status], rate: 50 }
aggregates:
  - { name: repoOpen, of: Issue, into: Repo, group: { repoId: repoId }, values: { openIssues: count, topPriority: { max: priority } },
      filter: { status: OPEN }, maintain: transaction }
)";

// Forwards to a table; when armed, runs `race` on the table just before the next
// TransactWriteItems goes through, as a concurrent client's request landing in that window.
class Racing : public test::ForwardingPlane {
 public:
  using ForwardingPlane::ForwardingPlane;
  std::function<void()> race;
  sim::SimResult<sim::TransactWriteItemsResponse> TransactWriteItems(
      const sim::TransactWriteItemsRequest& r) override {
    if (race) {
      auto run = std::move(race);
      race = nullptr;
      run();
    }
    return base_.TransactWriteItems(r);
  }
};

Record Issue(const std::string& number, const std::string& status) {
  Record r;
  r.versions.push_back(sim::Item{{"repoId", sim::AttributeValue::S("r1")},
                                 {"issueNumber", sim::AttributeValue::N(number)},
                                 {"title", sim::AttributeValue::S("t")},
                                 {"status", sim::AttributeValue::S(status)},
                                 {"priority", sim::AttributeValue::N("1")}});
  return r;
}

const model::WritePlan& Plan(const model::KeyLayout& layout, const std::string& name) {
  for (const model::WritePlan& w : layout.writes)
    if (w.pattern == name) return w;
  FAIL("no write plan " << name);
  return layout.writes.front();
}

}  // namespace

TEST_CASE("counters: a draw between an aggregate's read and put of the parent is not undone",
          "[counter][aggregate]") {
  test::Derived d = test::Derive(kRepos);
  INFO(d.diagnostics);
  REQUIRE(d.layout);
  const model::Model& m = *d.loaded.model;
  const model::KeyLayout& layout = *d.layout;
  auto opened = sim::Database::Open();
  REQUIRE(opened.ok());
  sim::Database& db = *opened.value();
  REQUIRE(db.CreateTable(model::exec::CreateTableRequest(layout)).ok());
  model::exec::WriteStats stats;

  Record repo;
  repo.versions.push_back(sim::Item{{"repoId", sim::AttributeValue::S("r1")},
                                    {"name", sim::AttributeValue::S("n")},
                                    {"openIssues", sim::AttributeValue::N("0")}});
  REQUIRE(model::exec::ApplyWrite(db, m, layout, Plan(layout, "createRepo"), nullptr, &repo, stats)
              .ok());
  // Issue 1, drawn: the count is 1.
  Record first = Issue("0", "OPEN");
  REQUIRE(model::exec::ApplyWrite(db, m, layout, Plan(layout, "openIssue"), nullptr, &first, stats)
              .ok());
  REQUIRE(stats.drawn == "1");
  first = Issue("1", "OPEN");

  // Closing issue 1 changes the open count: the maintainer reads the Repo, then its transaction
  // puts it back. Issue 2 is drawn in between.
  Racing racing(db);
  std::string second_drawn;
  racing.race = [&] {
    model::exec::WriteStats s;
    // Created closed, it changes no open count: only its draw touches the Repo.
    Record second = Issue("0", "CLOSED");
    REQUIRE(model::exec::ApplyWrite(db, m, layout, Plan(layout, "openIssue"), nullptr, &second, s)
                .ok());
    second_drawn = s.drawn;
  };
  Record closed = Issue("1", "CLOSED");
  auto close = model::exec::ApplyWrite(racing, m, layout, Plan(layout, "closeIssue"), &first,
                                       &closed, stats);
  REQUIRE(second_drawn == "2");
  // The put built from the stale read is refused (a client reads again and retries).
  REQUIRE_FALSE(close.ok());
  CHECK(close.error().name == "TransactionCanceledException");

  // The count the draw left stands: the next create draws 3, not 2 again.
  Record third = Issue("0", "OPEN");
  model::exec::WriteStats s3;
  REQUIRE(
      model::exec::ApplyWrite(db, m, layout, Plan(layout, "openIssue"), nullptr, &third, s3).ok());
  CHECK(s3.drawn == "3");
  // And the retried close goes through.
  REQUIRE(model::exec::ApplyWrite(db, m, layout, Plan(layout, "closeIssue"), &first, &closed, stats)
              .ok());
}
