// Identifiers drawn from a per-parent counter through the generated accessors
// (tests/codegen/counter/model.yaml): a create takes the entity without its number (NewIssue),
// draws the number from the repository's count, writes the issue under it and returns it.
#include <catch2/catch.hpp>
#include <string>
#include <utility>
#include <vector>

#include "codegen/runtime/sim/sim_backend.h"
#include "counter_model.h"

namespace cm = counter_model;

namespace {

cm::NewIssue Draft(const std::string& repo, const std::string& title) {
  return cm::NewIssue{.repo_id = repo, .title = title, .status = cm::IssueStatus::kOpen};
}

std::vector<std::int64_t> Numbers(const std::vector<cm::Issue>& issues) {
  std::vector<std::int64_t> out;
  for (const cm::Issue& i : issues) out.push_back(i.issue_number);
  return out;
}

}  // namespace

TEST_CASE("a counter-drawn create returns the number it drew, per parent", "[codegen][counter]") {
  auto backend = std::move(*model::runtime::OpenSimBackend());
  cm::CounterModel db{*backend};
  REQUIRE(db.CreateTable().ok());
  for (const char* id : {"r1", "r2"})
    REQUIRE(db.CreateRepo(cm::Repo{id, std::string("repo ") + id, "ann", "db", std::nullopt}).ok());

  auto first = db.OpenIssue(Draft("r1", "crash"));
  REQUIRE(first.ok());
  CHECK(*first == 1);
  auto second = db.OpenIssue(Draft("r1", "slow"));
  REQUIRE(second.ok());
  CHECK(*second == 2);
  // Another repository counts on its own.
  auto other = db.OpenIssue(Draft("r2", "typo"));
  REQUIRE(other.ok());
  CHECK(*other == 1);

  // Each issue is stored under the number it drew.
  auto got = db.GetIssue({"r1", 2});
  REQUIRE(got.ok());
  REQUIRE(got->items.size() == 1);
  CHECK(got->items[0].title == "slow");
  CHECK(got->items[0].issue_number == 2);
  auto issues = db.RepoIssues({"r1"});
  REQUIRE(issues.ok());
  CHECK(Numbers(issues->items) == std::vector<std::int64_t>{2, 1});

  // The repository holds the count, on its item and on its facet (reposByTopic reads the facet).
  auto repo = db.GetRepo({"r1"});
  REQUIRE(repo.ok());
  REQUIRE(repo->items.size() == 1);
  CHECK(repo->items[0].issue_count == 2);
  auto by_topic = db.ReposByTopic({"db"});
  REQUIRE(by_topic.ok());
  REQUIRE(by_topic->items.size() == 2);
  CHECK(by_topic->items[0].repo_id == "r1");
  CHECK(by_topic->items[0].issue_count == 2);
  CHECK(by_topic->items[1].issue_count == 1);

  // A deleted issue's number is never drawn again; updates keep the number.
  cm::Issue closed = got->items[0];
  closed.status = cm::IssueStatus::kClosed;
  REQUIRE(db.CloseIssue(got->items[0], closed).ok());
  REQUIRE(db.DeleteIssue(closed).ok());
  auto third = db.OpenIssue(Draft("r1", "again"));
  REQUIRE(third.ok());
  CHECK(*third == 3);
  issues = db.RepoIssues({"r1"});
  REQUIRE(issues.ok());
  CHECK(Numbers(issues->items) == std::vector<std::int64_t>{3, 1});
}

TEST_CASE("a counter-drawn create of a missing parent writes nothing", "[codegen][counter]") {
  auto backend = std::move(*model::runtime::OpenSimBackend());
  cm::CounterModel db{*backend};
  REQUIRE(db.CreateTable().ok());
  auto none = db.OpenIssue(Draft("nobody", "lost"));
  REQUIRE_FALSE(none.ok());
  CHECK(none.error().code == "ConditionalCheckFailedException");
  auto issues = db.RepoIssues({"nobody"});
  REQUIRE(issues.ok());
  CHECK(issues->items.empty());
  auto repo = db.GetRepo({"nobody"});
  REQUIRE(repo.ok());
  CHECK(repo->items.empty());
}
