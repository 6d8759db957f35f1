// The one pattern lookup of the CLI: exact names, "did you mean", and the error's wording.
#include "cli/patterns.h"

#include <catch2/catch.hpp>
#include <fstream>
#include <optional>
#include <sstream>
#include <string>

#include "model/base/diagnostics.h"
#include "model/base/source.h"
#include "model/load/loader.h"
#include "tests/unit/cli/shop_model.h"

namespace {

model::Model Shop() {
  model::SourceFile file("shop.yaml", model::testing::kShopModel);
  model::Diagnostics diags(&file);
  std::optional<model::Model> m = model::load::LoadModel(file, diags);
  INFO(diags.Render());
  REQUIRE(m);
  return *m;
}

// The HR sample: it declares aggregates (productStock, repOrderTotals).
model::Model Hr() {
  std::ifstream in(std::string(MODEL_SOURCE_DIR) + "/samples/hr/model.yaml", std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  model::SourceFile file("model.yaml", text.str());
  model::Diagnostics diags(&file);
  std::optional<model::Model> m = model::load::LoadModel(file, diags);
  INFO(diags.Render());
  REQUIRE(m);
  return *m;
}

}  // namespace

TEST_CASE("FindPattern finds access patterns and write patterns by exact name") {
  model::Model m = Shop();
  model::cli::PatternMatch read = model::cli::FindPattern(m, "customerOrders");
  REQUIRE(read.found());
  CHECK(read.access == &m.access_patterns[1]);
  CHECK(read.write == nullptr);
  CHECK(read.closest.empty());
  model::cli::PatternMatch write = model::cli::FindPattern(m, "placeOrder");
  REQUIRE(write.found());
  CHECK(write.access == nullptr);
  CHECK(write.write == &m.write_patterns[0]);
}

TEST_CASE("FindPattern suggests the closest access or write pattern for a typo") {
  model::Model m = Shop();
  model::cli::PatternMatch typo = model::cli::FindPattern(m, "getCustomr");
  CHECK_FALSE(typo.found());
  CHECK(typo.closest == "getCustomer");
  CHECK(model::cli::FindPattern(m, "placeorder").closest == "placeOrder");
  CHECK(model::cli::FindPattern(m, "somethingElseEntirely").closest.empty());
}

TEST_CASE("FindPattern finds aggregates only when asked, and suggests among them") {
  model::Model m = Hr();
  REQUIRE_FALSE(m.aggregates.empty());
  const std::string name = m.aggregates[0].name;
  CHECK_FALSE(model::cli::FindPattern(m, name).found());
  model::cli::PatternMatch agg = model::cli::FindPattern(m, name, /*aggregates=*/true);
  REQUIRE(agg.found());
  CHECK(agg.aggregate == &m.aggregates[0]);
  CHECK(agg.access == nullptr);
  CHECK(agg.write == nullptr);
  std::string typo = name.substr(0, name.size() - 1);
  CHECK(model::cli::FindPattern(m, typo, true).closest == name);
  CHECK(model::cli::UnknownPatternError("m.yaml", typo, name, true) ==
        "model: error: m.yaml has no access pattern, write pattern or aggregate named '" + typo +
            "'; did you mean '" + name + "'?\n");
}

TEST_CASE("UnknownPatternError has one wording, with or without a suggestion") {
  CHECK(model::cli::UnknownPatternError("model.yaml", "userpost", "userPosts") ==
        "model: error: model.yaml has no access pattern or write pattern named 'userpost'; did you "
        "mean "
        "'userPosts'?\n");
  CHECK(model::cli::UnknownPatternError("m.yaml", "zzz", "") ==
        "model: error: m.yaml has no access pattern or write pattern named 'zzz'\n");
}
