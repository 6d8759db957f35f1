// `model design A --compare B`: both layouts' plans and costs per pattern, what only one model
// declares, and the errors (B unreadable, invalid, or sharing no pattern with A).
#include <unistd.h>

#include <catch2/catch.hpp>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "cli/app.h"

namespace {

struct Result {
  int code;
  std::string out;
  std::string err;
};

Result RunModel(std::vector<std::string> args) {
  std::vector<const char*> argv{"model"};
  for (const auto& a : args) argv.push_back(a.c_str());
  std::ostringstream out, err;
  int code = model::cli::Run(static_cast<int>(argv.size()), argv.data(), out, err);
  return {code, out.str(), err.str()};
}

// A file of a golden case: the shop sample derived (model.yaml) and with its keys pinned by hand.
std::string Golden(const std::string& name) {
  return std::string(MODEL_SOURCE_DIR) + "/tests/golden/" + name;
}

// Writes `text` to a file of its own under the temporary folder and returns its path.
std::string Scratch(const std::string& name, const std::string& text) {
  namespace fs = std::filesystem;
  fs::path dir = fs::temp_directory_path() / ("model-compare-test-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  fs::path path = dir / name;
  std::ofstream(path) << text;
  return path.string();
}

}  // namespace

TEST_CASE("design --compare: a derived layout against hand-pinned keys, pattern by pattern",
          "[cli][compare]") {
  std::string a = Golden("design-compare-pinned/model.yaml");
  std::string b = Golden("design-compare-pinned/pinned.yaml");
  Result r = RunModel({"design", a, "--compare", b, "--format", "json"});
  INFO(r.err);
  REQUIRE(r.code == 0);
  CHECK(r.err.empty());
  auto j = nlohmann::json::parse(r.out);
  CHECK(j["first"]["file"] == a);
  CHECK(j["second"]["file"] == b);
  CHECK(j["only_in_first"]["access_patterns"].empty());
  CHECK(j["only_in_second"]["write_patterns"].empty());
  int reads = 0, writes = 0;
  double sum = 0;
  for (const auto& row : j["patterns"]) {
    INFO(row.dump());
    CHECK(row["in"] == "both");
    if (row["kind"] == "read" || row["kind"] == "write") {
      (row["kind"] == "read" ? reads : writes) += 1;
      // Every pattern has a plan in both layouts: a request and where it goes.
      for (const char* side : {"first", "second"}) {
        REQUIRE(row[side].is_object());
        CHECK_FALSE(row[side]["plan"]["operation"].get<std::string>().empty());
        CHECK_FALSE(row[side]["plan"]["indexes"].empty());
      }
    }
    sum += row["difference_usd"].get<double>();
  }
  CHECK(reads == 9);  // samples/shop's access patterns
  CHECK(writes == 7);
  // The rows add up to the totals' difference, and the totals are each model's.
  double total = j["difference_usd"].get<double>();
  CHECK(std::fabs(total - (j["second"]["monthly_cost_usd"].get<double>() -
                           j["first"]["monthly_cost_usd"].get<double>())) < 1e-6);
  CHECK(std::fabs(sum - total) < 1e-6);
  CHECK(j["common_difference_usd"].get<double>() == Approx(total));
  CHECK(j["difference_gsis"] == j["second"]["gsis"].get<int>() - j["first"]["gsis"].get<int>());

  // The text shows the same patterns, both plans, and is the same bytes every time.
  Result text = RunModel({"design", a, "--compare", b});
  REQUIRE(text.code == 0);
  CHECK(text.out.find("Plan per pattern (first | second)") != std::string::npos);
  CHECK(text.out.find("productSales") != std::string::npos);
  CHECK(text.out.find("Storage is not priced") != std::string::npos);
  CHECK(text.out.find("Only in") == std::string::npos);
  CHECK(RunModel({"design", a, "--compare", b}).out == text.out);
}

TEST_CASE("design --compare: a model against itself differs by nothing", "[cli][compare]") {
  std::string a = Golden("design-compare-pinned/model.yaml");
  Result r = RunModel({"design", a, "--compare", a, "--json"});
  REQUIRE(r.code == 0);
  auto j = nlohmann::json::parse(r.out);
  CHECK(j["difference_usd"].get<double>() == 0);
  CHECK(j["difference_gsis"] == 0);
  for (const auto& row : j["patterns"]) {
    CHECK(row["difference_usd"].get<double>() == 0);
    CHECK(row["first"] == row["second"]);
  }
}

TEST_CASE("design --compare: patterns only one model declares are listed as such",
          "[cli][compare]") {
  std::string a = Golden("design-compare-partial/model.yaml");
  std::string b = Golden("design-compare-partial/other.yaml");
  Result r = RunModel({"design", a, "--compare", b, "--format", "json"});
  INFO(r.err);
  REQUIRE(r.code == 0);
  auto j = nlohmann::json::parse(r.out);
  CHECK(j["only_in_first"]["access_patterns"] == nlohmann::json::array({"productSales"}));
  CHECK(j["only_in_first"]["write_patterns"] == nlohmann::json::array({"reprice"}));
  CHECK(j["only_in_second"]["access_patterns"] == nlohmann::json::array({"ordersByStatus"}));
  CHECK(j["only_in_second"]["entities"].empty());
  double common = 0;
  bool seen_first = false, seen_second = false;
  for (const auto& row : j["patterns"]) {
    INFO(row.dump());
    if (row["name"] == "productSales" || row["name"] == "reprice") {
      seen_first = true;
      CHECK(row["in"] == "first");
      CHECK(row["second"].is_null());
      CHECK(row["difference_usd"].is_null());
    } else if (row["name"] == "ordersByStatus") {
      seen_second = true;
      CHECK(row["in"] == "second");
      CHECK(row["first"].is_null());
      CHECK(row["second"]["plan"]["operation"].is_string());
      CHECK(row["difference_usd"].is_null());
    } else {
      CHECK(row["in"] == "both");
      common += row["difference_usd"].get<double>();
    }
  }
  CHECK(seen_first);
  CHECK(seen_second);
  CHECK(j["common_difference_usd"].get<double>() == Approx(common));

  Result text = RunModel({"design", a, "--compare", b});
  REQUIRE(text.code == 0);
  CHECK(text.out.find("Only in " + a +
                      ": access pattern 'productSales', write pattern 'reprice'\n") !=
        std::string::npos);
  CHECK(text.out.find("Only in " + b + ": access pattern 'ordersByStatus'\n") != std::string::npos);
  CHECK(text.out.find("Difference on what both models declare") != std::string::npos);
}

TEST_CASE("design --compare: no pattern in common is E604, pointing into both files",
          "[cli][compare]") {
  std::string a = Golden("bad-compare-nothing-in-common/model.yaml");
  std::string b = Golden("bad-compare-nothing-in-common/other.yaml");
  for (const char* format : {"text", "json"}) {
    Result r = RunModel({"design", a, "--compare", b, "--format", format});
    CHECK(r.code == 1);
    CHECK(r.out.empty());
    CHECK(r.err.find(b + ":13:") != std::string::npos);
    CHECK(r.err.find("[E604]") != std::string::npos);
    CHECK(r.err.find(a + ":13:") != std::string::npos);  // the note, in the first file
    CHECK(r.err.find("note: ") != std::string::npos);
  }
}

TEST_CASE("design --compare: the other model unreadable or invalid stops with its own errors",
          "[cli][compare]") {
  std::string a = Golden("bad-compare-other-invalid/model.yaml");
  Result missing = RunModel({"design", a, "--compare", Golden("no-such-case/other.yaml")});
  CHECK(missing.code == 3);
  CHECK(missing.out.empty());
  CHECK(missing.err.find("no-such-case/other.yaml") != std::string::npos);

  std::string b = Golden("bad-compare-other-invalid/other.yaml");
  Result invalid = RunModel({"design", a, "--compare", b});
  CHECK(invalid.code == 1);
  CHECK(invalid.out.empty());
  CHECK(invalid.err.rfind(b + ":13:", 0) == 0);  // the other file's diagnostic, first
  CHECK(invalid.err.find("[E604]") == std::string::npos);

  // The first model's errors come first; the other file is not read after them.
  Result first_bad = RunModel({"design", b, "--compare", Golden("no-such-case/other.yaml")});
  CHECK(first_bad.code == 1);
  CHECK(first_bad.err.find("no-such-case") == std::string::npos);
}

TEST_CASE(
    "design --compare: an entity only one model declares, a name read in one and written in "
    "the other",
    "[cli][compare]") {
  std::string a = Scratch("a.yaml", R"(table: { name: tickets }
entities:
  Ticket: { identifier: ticketId, attributes: { ticketId: string, ownerId: string } }
access_patterns:
  - { name: getTicket, returns: Ticket, by: [ticketId] }
  - { name: closeTicket, returns: Ticket, by: [ownerId] }
)");
  std::string b = Scratch("b.yaml", R"(table: { name: tickets }
entities:
  Ticket: { identifier: ticketId, attributes: { ticketId: string, ownerId: string } }
  Note: { identifier: noteId, attributes: { noteId: string } }
access_patterns:
  - { name: getTicket, returns: Ticket, by: [ticketId] }
  - { name: getNote, returns: Note, by: [noteId] }
write_patterns:
  - { name: closeTicket, delete: Ticket }
)");
  Result r = RunModel({"design", a, "--compare", b, "--json"});
  INFO(r.err);
  REQUIRE(r.code == 0);
  auto j = nlohmann::json::parse(r.out);
  CHECK(j["only_in_first"]["entities"].empty());
  CHECK(j["only_in_second"]["entities"] == nlohmann::json::array({"Note"}));
  CHECK(j["only_in_first"]["access_patterns"] == nlohmann::json::array({"closeTicket"}));
  CHECK(j["only_in_second"]["access_patterns"] == nlohmann::json::array({"getNote"}));
  CHECK(j["only_in_second"]["write_patterns"] == nlohmann::json::array({"closeTicket"}));
  std::vector<std::string> rows;
  for (const auto& row : j["patterns"])
    rows.push_back(row["name"].get<std::string>() + " " + row["kind"].get<std::string>() + " " +
                   row["in"].get<std::string>());
  CHECK(rows == std::vector<std::string>{"getTicket read both", "closeTicket read first",
                                         "getNote read second", "closeTicket write second"});
  Result text = RunModel({"design", a, "--compare", b});
  REQUIRE(text.code == 0);
  CHECK(text.out.find("Only in " + a + ": access pattern 'closeTicket'\n") != std::string::npos);
  CHECK(text.out.find("Only in " + b +
                      ": access pattern 'getNote', write pattern 'closeTicket', entity 'Note'\n") !=
        std::string::npos);
  std::filesystem::remove(a);
  std::filesystem::remove(b);
}

TEST_CASE("design --compare: an update's children read is a row, so the rows add up to the total",
          "[cli][compare]") {
  // reschedule and upgradeCustomer rewrite the copies their children hold, first reading the
  // children (design's 'children read' rows); upgradeCustomer writes them one by one after the
  // customer, as design's write-pattern chart says.
  std::string a = Golden("design-compare-children-read/model.yaml");
  std::string b = Golden("design-compare-children-read/pinned.yaml");
  Result r = RunModel({"design", a, "--compare", b, "--format", "json"});
  INFO(r.err);
  REQUIRE(r.code == 0);
  auto j = nlohmann::json::parse(r.out);
  double sum = 0;
  std::vector<std::string> children;
  for (const auto& row : j["patterns"]) {
    sum += row["difference_usd"].get<double>();
    if (row["kind"] == "children read") {
      children.push_back(row["name"]);
      CHECK_FALSE(row["first"]["plan"]["reads"].empty());
    }
    if (row["name"] == "upgradeCustomer" && row["kind"] == "write")
      CHECK(row["first"]["plan"]["request"] == "single item, then each child on its own");
  }
  CHECK(children == std::vector<std::string>{"reschedule", "upgradeCustomer"});
  CHECK(sum == Approx(j["difference_usd"].get<double>()));
  CHECK(RunModel({"design", a, "--compare", b})
            .out.find("UpdateItem, then each child on its own on table, GSI1, GSI2") !=
        std::string::npos);
}
