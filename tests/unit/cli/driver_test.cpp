// The driver: phases run in order, on demand, at most once each, and stop at the first failure.
#include "cli/driver.h"

#include <catch2/catch.hpp>
#include <sstream>
#include <string>

#include "cli/app.h"
#include "tests/unit/cli/shop_model.h"

using model::cli::Compilation;
using model::cli::Phase;

namespace {

// How many times `what` occurs in `text`.
int Count(const std::string& text, const std::string& what) {
  int n = 0;
  for (std::size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

}  // namespace

TEST_CASE("a valid model runs every phase once, however often a verb asks") {
  std::ostringstream err;
  Compilation c("shop.yaml", model::testing::kShopModel, err);
  CHECK(c.runs(Phase::kRead) == 0);
  const model::KeyLayout* layout = c.Derive();
  REQUIRE(layout != nullptr);
  const model::Model* m = c.Load();
  REQUIRE(m != nullptr);
  CHECK(c.Derive() == layout);
  CHECK(c.Load() == m);
  CHECK(c.runs(Phase::kRead) == 1);
  CHECK(c.runs(Phase::kLoad) == 1);
  CHECK(c.runs(Phase::kDerive) == 1);
  CHECK(c.exit_code() == model::cli::kExitOk);
  CHECK(err.str().empty());
}

TEST_CASE("phases run on demand: loading does not derive") {
  std::ostringstream err;
  Compilation c("shop.yaml", model::testing::kShopModel, err);
  REQUIRE(c.Load() != nullptr);
  CHECK(c.runs(Phase::kLoad) == 1);
  CHECK(c.runs(Phase::kDerive) == 0);
}

TEST_CASE("a model with a load error never derives, and its diagnostics print once") {
  std::ostringstream err;
  Compilation c("bad.yaml", "entities: [1, 2]\n", err);
  CHECK(c.Derive() == nullptr);
  std::string first = err.str();
  CHECK(first.rfind("bad.yaml:1:", 0) == 0);
  CHECK(Count(first, "generated.") == 1);
  CHECK(c.Derive() == nullptr);
  CHECK(c.Load() == nullptr);
  CHECK(c.runs(Phase::kLoad) == 1);
  CHECK(c.runs(Phase::kDerive) == 0);
  CHECK(c.exit_code() == model::cli::kExitModelError);
  CHECK(err.str() == first);
}

TEST_CASE("a derive error keeps the model but not the layout, and prints once") {
  std::string text = model::testing::kShopModel;
  // A name the key layout writes itself: accepted by the loader, refused by the derivation (E212).
  text.replace(text.find("      name: string"), 18, "      _type: string");
  std::ostringstream err;
  Compilation c("shop.yaml", text, err);
  CHECK(c.Derive() == nullptr);
  CHECK(c.Load() != nullptr);
  CHECK(c.Derive() == nullptr);
  CHECK(c.runs(Phase::kDerive) == 1);
  CHECK(c.exit_code() == model::cli::kExitModelError);
  CHECK(Count(err.str(), "[E212]") == 1);
  CHECK(Count(err.str(), "generated.") == 1);
}

TEST_CASE("a load warning is printed once and does not stop the derivation") {
  std::string text = model::testing::kShopModel;
  // An entity nothing reads or relates to (W001).
  text.replace(text.find("relationships:"), 0,
               "  Unused:\n    identifier: id\n    attributes:\n      id: string\n");
  std::ostringstream err;
  Compilation c("shop.yaml", text, err);
  REQUIRE(c.Derive() != nullptr);
  REQUIRE(c.Derive() != nullptr);
  CHECK(c.exit_code() == model::cli::kExitOk);
  CHECK(Count(err.str(), "[W001]") == 1);
}

TEST_CASE("an unreadable file is an I/O error and nothing loads") {
  std::ostringstream err;
  Compilation c("/nonexistent/model.yaml", err);
  CHECK(c.Derive() == nullptr);
  CHECK(c.Load() == nullptr);
  CHECK(c.runs(Phase::kRead) == 1);
  CHECK(c.runs(Phase::kLoad) == 0);
  CHECK(c.exit_code() == model::cli::kExitIo);
  CHECK(err.str() ==
        "model: error: cannot read '/nonexistent/model.yaml': No such file or directory\n");
}

TEST_CASE("RequirePattern accepts a known pattern and reports an unknown one with a suggestion") {
  std::ostringstream err;
  Compilation c("shop.yaml", model::testing::kShopModel, err);
  CHECK(c.RequirePattern("customerOrders"));
  CHECK(c.RequirePattern("placeOrder"));
  CHECK(err.str().empty());
  CHECK_FALSE(c.RequirePattern("customerOrder"));
  CHECK(c.exit_code() == model::cli::kExitUsage);
  CHECK(err.str() ==
        "model: error: shop.yaml has no access pattern or write pattern named 'customerOrder'; did "
        "you mean "
        "'customerOrders'?\n");
  CHECK(c.runs(Phase::kLoad) == 1);
  CHECK(c.runs(Phase::kDerive) == 0);
}

TEST_CASE("RequirePattern on a model that does not load reports only the load errors") {
  std::ostringstream err;
  Compilation c("bad.yaml", "entities: [1, 2]\n", err);
  CHECK_FALSE(c.RequirePattern("anything"));
  CHECK(c.exit_code() == model::cli::kExitModelError);
  CHECK(err.str().find("has no access pattern") == std::string::npos);
}

TEST_CASE("warnings of the load and the derivation share one summary line, after all of them") {
  // W001 (an entity nothing reads) from the load, W504 (pinned shards below what the rates need)
  // from the derivation.
  const char* text = R"(table: { name: orders }
entities:
  Order:
    identifier: orderId
    attributes: { orderId: string, placedAt: timestamp, priority: boolean }
  Unused:
    identifier: uid
    attributes: { uid: string }
access_patterns:
  - { name: getOrder, returns: Order, by: [orderId], rate: 100 }
  - { name: urgentOrders, returns: Order, filter: { priority: true }, sort: { placedAt: desc }, limit: 20, rate: 4000, shards: 2 }
write_patterns:
  - { name: placeOrder, create: Order, rate: 50 }
)";
  std::ostringstream err;
  {
    Compilation c("orders.yaml", text, err);
    REQUIRE(c.Load() != nullptr);
    // Loaded, not yet derived: the load's warning, no summary while a phase may still run.
    CHECK(Count(err.str(), "[W001]") == 1);
    CHECK(Count(err.str(), "generated.") == 0);
    REQUIRE(c.Derive() != nullptr);
  }
  std::string all = err.str();
  INFO(all);
  CHECK(Count(all, "[W504]") == 1);
  CHECK(all.find("[W001]") < all.find("[W504]"));
  CHECK(Count(all, "generated.") == 1);
  const std::string summary = "2 warnings generated.\n";
  REQUIRE(all.size() > summary.size());
  CHECK(all.substr(all.size() - summary.size()) == summary);
}

TEST_CASE("a model loaded but never derived gets its summary line when the compilation ends") {
  std::string text = model::testing::kShopModel;
  text.replace(text.find("relationships:"), 0,
               "  Unused:\n    identifier: id\n    attributes:\n      id: string\n");
  std::ostringstream err;
  {
    Compilation c("shop.yaml", text, err);
    REQUIRE(c.Load() != nullptr);
    CHECK(Count(err.str(), "generated.") == 0);
  }
  CHECK(Count(err.str(), "1 warning generated.\n") == 1);
}
