// The C++ accessor generator (codegen/cpp): regressions the generated-code drivers
// (tests/codegen/driver.cpp) found, asserted on the generated text. The drivers compile and run
// the generated code; these pin the exact lines.
#include "codegen/cpp/cpp.h"

#include <catch2/catch.hpp>
#include <map>
#include <string>

#include "../model/model_fixture.h"

namespace {

std::map<std::string, std::string> Generate(const std::string& yaml, bool driver = false) {
  test::Derived d = test::Derive(yaml);
  REQUIRE(d.layout);
  model::codegen::CppOptions options;
  options.name = "lab";
  options.driver = driver;
  std::map<std::string, std::string> files;
  for (auto& f : model::codegen::GenerateCpp(*d.loaded.model, *d.layout, options))
    files[f.path] = f.text;
  return files;
}

bool Has(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

const char* kModel = R"yaml(
table: { name: lab }
entities:
  Match:
    identifier: matchId
    attributes:
      matchId: string
      venue: string
      startsAt: timestamp
  Invite:
    identifier: inviteId
    versioned: true
    attributes:
      inviteId: string
      email: string
  Tournament:
    identifier: tournamentId
    attributes:
      tournamentId: string
access_patterns:
  - { name: matchesAtVenue, returns: Match, by: [venue], range: { startsAt: begins_with } }
  - { name: matchesBetween, returns: Match, by: [venue], range: { startsAt: between } }
  - { name: inviteHistory, returns: Invite, by: [inviteId] }
  - { name: everyTournament, returns: Tournament, allow_scan: true }
write_patterns:
  - { name: invite, create: Invite }
  - { name: changeInvite, update: Invite, attributes: [email] }
)yaml";

}  // namespace

TEST_CASE("codegen cpp: begins_with on a timestamp takes the prefix as text") {
  auto files = Generate(kModel);
  const std::string& h = files["lab.h"];
  // "2019-01" is a prefix of a timestamp's ISO-8601 text, not a timestamp.
  CHECK(Has(h,
            "struct MatchesAtVenueParams {\n  std::string venue{};\n"
            "  std::string value{};  // startsAt begins_with\n};"));
  CHECK(Has(h, "  model::runtime::Timestamp from{};  // startsAt between\n"));
}

TEST_CASE("codegen cpp: a write pattern named like its entity does not hide the struct") {
  auto files = Generate(kModel);
  const std::string& h = files["lab.h"];
  const std::string& c = files["lab.cpp"];
  CHECK(Has(h, "model::runtime::Status Invite(const ::lab::Invite& entity);"));
  CHECK(Has(h, "model::runtime::Status Load(const ::lab::Invite& entity)"));
  CHECK(Has(h, "model::runtime::Result<model::runtime::Page<::lab::Invite>> InviteHistory("));
  CHECK(Has(c, "model::runtime::Status Lab::Invite(const ::lab::Invite& entity) {"));
  // Other entities keep their short names.
  CHECK(Has(h, "model::runtime::Status Load(const Match& entity)"));
}

TEST_CASE("codegen cpp: a pattern without parameters leaves its parameter unnamed") {
  auto files = Generate(kModel);
  const std::string& c = files["lab.cpp"];
  CHECK(Has(c,
            "Lab::EveryTournament(const EveryTournamentParams&, const "
            "model::runtime::PageRequest& page) {"));
  CHECK(Has(c,
            "Lab::MatchesAtVenue(const MatchesAtVenueParams& params, const "
            "model::runtime::PageRequest& page) {"));
}

TEST_CASE("codegen cpp: a versioned entity's struct holds the version a read returned") {
  auto files = Generate(kModel);
  CHECK(Has(files["lab.h"], "  std::int64_t item_version = 0;\n"));
  CHECK(Has(files["lab.cpp"], "if (!model::runtime::GetVersion(item, out.item_version))"));
  const std::string& h = files["lab.h"];
  std::size_t match = h.find("struct Match {");
  REQUIRE(match != std::string::npos);
  CHECK_FALSE(Has(h.substr(match, h.find("};", match) - match), "item_version"));
}

TEST_CASE("codegen cpp: the version field avoids an attribute of the same name") {
  auto files = Generate(R"yaml(
entities:
  Doc:
    identifier: docId
    versioned: true
    attributes:
      docId: string
      itemVersion: integer
access_patterns:
  - { name: getDoc, returns: Doc, by: [docId], current_only: true }
)yaml");
  CHECK(Has(files["lab.h"], "  std::int64_t item_version = 0;\n"));
  CHECK(Has(files["lab.h"], "  std::int64_t item_version_ = 0;\n"));
}

TEST_CASE("codegen cpp: --driver adds the driver files to the library") {
  CHECK(Generate(kModel).count("lab_driver.cpp") == 0);
  auto files = Generate(kModel, true);
  REQUIRE(files.count("lab_driver.h") == 1);
  REQUIRE(files.count("lab_driver.cpp") == 1);
  CHECK(Has(files["CMakeLists.txt"],
            "add_library(lab STATIC ${CMAKE_CURRENT_LIST_DIR}/lab.cpp\n"
            "    ${CMAKE_CURRENT_LIST_DIR}/lab_driver.cpp)"));
  const std::string& c = files["lab_driver.cpp"];
  CHECK(Has(c,
            "      ::lab::MatchesAtVenueParams params;\n"
            "      if (!Arg(args, \"venue\", params.venue)) return "
            "BadArgument(\"matchesAtVenue\", \"venue\");\n"));
  CHECK(Has(c, "      return db.Invite(*entity);\n"));
  CHECK(Has(c, "      return db.ChangeInvite(*old, *entity, versions);\n"));
  CHECK(Has(c, "    case 0: return \"Lab::Invite\";\n"));
}

TEST_CASE("codegen cpp: the layout keeps aggregates' shards and read-time computation") {
  // A pinned 3-shard aggregate kept in the writes' transactions, and one computed at read time:
  // the generated layout must say both, or the accessors write one shard and read stored values.
  const char* fixed = R"yaml(
table: { name: lab }
entities:
  Shop:
    attributes: { shopId: string, name: string, saleCount: integer }
  Sale:
    attributes: { saleId: string, shopId: string, soldAt: timestamp, amount: number }
  Day:
    identifier: day
    attributes: { day: string, revenue: number }
access_patterns:
  - { name: getShop, returns: Shop, by: [shopId] }
  - { name: shopSales, returns: Sale, by: [shopId] }
  - { name: getDay, returns: Day, by: [day] }
write_patterns:
  - { name: openShop, create: Shop }
  - { name: sell, create: Sale }
aggregates:
  - { name: shopSaleCount, of: Sale, into: Shop, group: { shopId: shopId }, values: { saleCount: count }, maintain: read }
  - { name: daily, of: Sale, into: Day, group: { day: { day: soldAt } }, values: { revenue: { sum: amount } }, maintain: transaction, shards: 3 }
)yaml";
  auto files = Generate(fixed);
  const std::string& ir = files.at("lab.cpp");
  CHECK(Has(ir, "a.maintainer = model::Maintainer::kRead;"));
  CHECK(Has(ir, "a.collection_pattern = 1;"));
  CHECK(Has(ir, "r.aggregate_reads = {0};"));
  CHECK(Has(ir, "a.shards = 3;"));
  CHECK(Has(ir, "a.shard_label = \"DAY_AGGSHARD\";"));
  CHECK(Has(ir, "r.aggregate_shards = {1};"));
}

TEST_CASE("codegen cpp: the model keeps an aggregate's filter") {
  // Without the filter the generated consumer and transactions would count every sale, not the
  // paid ones (model/exec/aggregates.h GroupOf reads AggregateDecl::filters).
  const char* filtered = R"yaml(
table: { name: lab, streams: true }
entities:
  Shop:
    attributes: { shopId: string, name: string, paidSales: integer }
  Sale:
    attributes: { saleId: string, shopId: string, paid: boolean, state: { type: enum, values: [NEW, DONE] } }
access_patterns:
  - { name: getShop, returns: Shop, by: [shopId] }
write_patterns:
  - { name: openShop, create: Shop }
  - { name: sell, create: Sale }
  - { name: pay, update: Sale, attributes: [paid] }
aggregates:
  - { name: shopPaidSales, of: Sale, into: Shop, group: { shopId: shopId }, values: { paidSales: count }, filter: { paid: true, state: DONE } }
)yaml";
  auto files = Generate(filtered);
  const std::string& ir = files.at("lab.cpp");
  CHECK(Has(ir, "a.filters.push_back({\"paid\", \"true\", {}});\n"));
  CHECK(Has(ir, "a.filters.push_back({\"state\", \"DONE\", {}});\n"));
}

TEST_CASE("codegen cpp: a conditional write takes its parameters and says how it reports") {
  auto files = Generate(R"yaml(
table: { name: lab }
entities:
  Comment:
    identifier: commentId
    attributes: { commentId: string, authorId: string, votes: integer }
access_patterns:
  - { name: commentsBy, returns: Comment, by: [authorId] }
write_patterns:
  - { name: deleteComment, delete: Comment, condition: { authorId: "= :caller", votes: "< 10" } }
  - { name: vote, update: Comment, attributes: [votes], condition: { votes: "< 100" } }
)yaml",
                        true);
  const std::string& h = files["lab.h"];
  const std::string& c = files["lab.cpp"];
  CHECK(Has(h,
            "struct DeleteCommentCondition {\n"
            "  std::string caller{};  // authorId: \"= :caller\"\n};"));
  // The condition as the model writes it (model/condition_text.h).
  CHECK(Has(h,
            "  // Only if condition { authorId: \"= :caller\", votes: \"< 10\" } holds on the "
            "stored item, else the Status's code is \"ConditionFailed\" and nothing is written.\n"
            "  model::runtime::Status DeleteComment(const Comment& before, const "
            "DeleteCommentCondition& condition);"));
  CHECK(Has(c,
            "  model::exec::Arguments condition_args;\n"
            "  condition_args[\"caller\"] = ToValue(condition.caller);\n"
            "  return table_.Write(0, &before_item, nullptr, 1, condition_args);"));
  // A condition of literals only takes no argument.
  CHECK(Has(h, "model::runtime::Status Vote(const Comment& before, const Comment& after_entity);"));
  CHECK_FALSE(Has(h, "VoteCondition"));
  // The driver fills the struct from the arguments by name.
  const std::string& d = files["lab_driver.cpp"];
  CHECK(Has(d,
            "if (!Arg(condition_args, \"caller\", condition.caller)) return "
            "BadArgument(\"deleteComment\", \"caller\");"));
  // The embedded plan carries the clauses.
  CHECK(Has(c,
            "iw.conditions.push_back(model::WriteCondition{\"authorId\", "
            "model::ConditionOp::kEq, \"\", \"caller\", {}});"));
}

TEST_CASE("codegen cpp: an enum named like an entity, and two enums alike, get '_'") {
  auto files = Generate(R"yaml(
table: { name: lab }
entities:
  Board:
    attributes: { boardId: string, kind: { type: enum, values: [A] }, kindType: { type: enum, values: [X] } }
  BoardKind:
    attributes: { boardKindId: string, type: { type: enum, values: [X] } }
access_patterns:
  - { name: getBoard, returns: Board, by: [boardId] }
  - { name: get_board, returns: Board, by: [boardId] }
)yaml");
  const std::string& h = files["lab.h"];
  CHECK(Has(h, "enum class Board_Kind { kA };\n"));
  CHECK(Has(h, "std::optional<Board_Kind> ParseBoard_Kind(std::string_view text);"));
  CHECK(Has(h, "enum class Board_KindType { kX };\n"));
  CHECK(Has(h, "enum class BoardKind_Type { kX };\n"));
  CHECK(Has(h, "struct BoardKind {\n"));
  CHECK(Has(h, "  Board_Kind kind{};\n  Board_KindType kind_type{};\n"));
  // Two methods alike: each with its pattern's hex, and so their Params.
  CHECK(Has(h, "GetBoard_676574426f617264(const GetBoard_676574426f617264Params& params"));
  CHECK(Has(h, "GetBoard_6765745f626f617264(const GetBoard_6765745f626f617264Params& params"));
  CHECK_FALSE(Has(h, "enum class BoardKind "));
}

namespace {

const char* kCounterModel = R"yaml(
table: { name: lab }
entities:
  Repo: { attributes: { repoId: string, issueCount: { type: integer, required: false } } }
  Issue:
    identifier: [repoId, issueNumber]
    attributes: { repoId: string, issueNumber: { type: integer, counter: issues.issueCount }, title: string }
relationships:
  - { name: issues, cardinality: "1:N", from: Repo, to: Issue, owning: true }
access_patterns:
  - { name: repoIssues, returns: Issue, by: [repoId] }
write_patterns:
  - { name: openIssue, create: Issue }
)yaml";

}  // namespace

TEST_CASE("codegen cpp: a counter-drawn create takes the entity without its number") {
  auto files = Generate(kCounterModel, true);
  const std::string& h = files["lab.h"];
  const std::string& c = files["lab.cpp"];
  CHECK(Has(h, "struct NewIssue {\n  std::string repo_id;\n  std::string title;\n\n"));
  CHECK(Has(h, "model::runtime::Result<std::int64_t> OpenIssue(const NewIssue& entity);"));
  CHECK(Has(c, "  return table_.CreateCounted(0, after);\n"));
  // The embedded plan draws first; the relationships are embedded for it.
  CHECK(Has(c,
            "w.counter = model::CounterDraw{0, 0, 0, \"issueNumber\", \"issueCount\", "
            "{\"repoId\"}, {\"repoId\"}, \"attribute_exists(PK)\"};"));
  CHECK(Has(c, "model::Relationship& r = m.relationships.emplace_back();"));
  // The driver passes the number drawn back.
  CHECK(Has(files["lab_driver.cpp"], "if (drawn) *drawn = *number;"));
}

TEST_CASE("codegen cpp: relationships are embedded only where exec reads them") {
  // kModel has no polymorphic association and no counter: its embedded model has none.
  CHECK_FALSE(Has(Generate(kModel)["lab.cpp"], "m.relationships"));
  auto files = Generate(R"yaml(
table: { name: lab }
entities:
  Issue: { attributes: { issueId: string } }
  Pull: { attributes: { pullId: string } }
  Note:
    identifier: [kind, target, noteId]
    attributes: { noteId: string, kind: string, target: string }
relationships:
  - { name: notes, cardinality: "1:N", from: [Issue, Pull], to: Note, kind: kind, link: [target], owning: true }
access_patterns:
  - { name: notesOf, returns: Note, by: [kind, target] }
write_patterns:
  - { name: addNote, create: Note }
)yaml");
  const std::string& c = files["lab.cpp"];
  CHECK(Has(c, "r.kind = 1;\n"));
  CHECK(Has(c, "r.parents = {0, 1};\n"));
}
