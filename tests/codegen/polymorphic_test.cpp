// A polymorphic association through the generated accessors (tests/codegen/polymorphic/model.yaml):
// comments and reactions belong to an issue or a pull request, named by kind and link. The pages
// return the parent and its comments as std::variant<Issue, Comment> (<PullRequest, Comment>),
// never the other kind's or the reactions in the same partition; a kind naming no parent is
// refused before anything is written.
#include <catch2/catch.hpp>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "codegen/runtime/sim/sim_backend.h"
#include "polymorphic_model.h"

namespace pm = polymorphic_model;

namespace {

// The comment ids of a page, in its order, after checking that it holds its parent once.
template <typename Parent, typename Item>
std::vector<std::string> Comments(const std::vector<Item>& items, std::int64_t number) {
  std::vector<std::string> out;
  int parents = 0;
  for (const Item& item : items) {
    if (const Parent* parent = std::get_if<Parent>(&item)) {
      ++parents;
      CHECK(parent->number == number);
      continue;
    }
    REQUIRE(std::holds_alternative<pm::Comment>(item));
    out.push_back(std::get<pm::Comment>(item).comment_id);
  }
  CHECK(parents == 1);
  return out;
}

}  // namespace

TEST_CASE("a polymorphic page returns the parent and its own kind's children",
          "[codegen][polymorphic]") {
  auto backend = std::move(*model::runtime::OpenSimBackend());
  pm::PolymorphicModel db{*backend};
  REQUIRE(db.CreateTable().ok());
  // Issue #5 and pull request #5 of one repository: only the kind tells their children apart.
  REQUIRE(db.OpenIssue(pm::Issue{"r1", 5, "crash"}).ok());
  REQUIRE(db.OpenPullRequest(pm::PullRequest{"r1", 5, "fix-crash"}).ok());
  REQUIRE(db.AddComment(pm::Comment{"c1", "Issue", "r1", 5, "me too"}).ok());
  REQUIRE(db.AddComment(pm::Comment{"c2", "PullRequest", "r1", 5, "lgtm"}).ok());
  REQUIRE(db.AddComment(pm::Comment{"c3", "Issue", "r1", 5, "fixed?"}).ok());
  REQUIRE(db.React(pm::Reaction{"x1", "Issue", "r1", 5, "+1"}).ok());

  auto issue = db.IssuePage({"r1", 5});
  REQUIRE(issue.ok());
  CHECK(Comments<pm::Issue>(issue->items, 5) == std::vector<std::string>{"c1", "c3"});
  auto pull = db.PullRequestPage({.number = 5, .repo_id = "r1"});
  REQUIRE(pull.ok());
  CHECK(Comments<pm::PullRequest>(pull->items, 5) == std::vector<std::string>{"c2"});
  auto reactions = db.ReactionsOf({"Issue", "r1", 5});
  REQUIRE(reactions.ok());
  REQUIRE(reactions->items.size() == 1);
  CHECK(reactions->items[0].emoji == "+1");

  // A page at a time: the same items, each once.
  std::vector<pm::IssuePageItem> paged;
  model::runtime::PageRequest page{1, ""};
  do {
    auto got = db.IssuePage({"r1", 5}, page);
    REQUIRE(got.ok());
    REQUIRE(got->items.size() <= 1);
    paged.insert(paged.end(), got->items.begin(), got->items.end());
    page.cursor = got->next_cursor;
  } while (!page.cursor.empty());
  CHECK(Comments<pm::Issue>(paged, 5) == std::vector<std::string>{"c1", "c3"});

  // Updates and deletes find the comment by its kind and link.
  pm::Comment edited{"c3", "Issue", "r1", 5, "fixed in #5"};
  REQUIRE(db.EditComment(pm::Comment{"c3", "Issue", "r1", 5, "fixed?"}, edited).ok());
  REQUIRE(db.DeleteComment(pm::Comment{"c1", "Issue", "r1", 5, "me too"}).ok());
  auto comments = db.IssueComments({"Issue", "r1", 5});
  REQUIRE(comments.ok());
  REQUIRE(comments->items.size() == 1);
  CHECK(comments->items[0].body == "fixed in #5");
}

TEST_CASE("a polymorphic child whose kind names no parent is refused", "[codegen][polymorphic]") {
  auto backend = std::move(*model::runtime::OpenSimBackend());
  pm::PolymorphicModel db{*backend};
  REQUIRE(db.CreateTable().ok());
  REQUIRE(db.OpenIssue(pm::Issue{"r1", 5, "crash"}).ok());
  // "issue" would still render the label ISSUE: the kind must be a parent's name exactly.
  for (const char* kind : {"issue", "Issues", ""}) {
    INFO(kind);
    auto added = db.AddComment(pm::Comment{"c1", kind, "r1", 5, "lost"});
    REQUIRE_FALSE(added.ok());
    CHECK(added.error().code == "ValidationException");
    CHECK(added.error().message.find("not a parent of relationship 'comments'") !=
          std::string::npos);
  }
  auto issue = db.IssuePage({"r1", 5});
  REQUIRE(issue.ok());
  CHECK(issue->items.size() == 1);
}
