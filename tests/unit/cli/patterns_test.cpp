// The one pattern lookup of the CLI: exact names, "did you mean", and the error's wording.
#include "cli/patterns.h"

#include <catch2/catch.hpp>
#include <optional>
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

TEST_CASE("UnknownPatternError has one wording, with or without a suggestion") {
  CHECK(model::cli::UnknownPatternError("model.yaml", "userpost", "userPosts") ==
        "model: error: model.yaml has no access pattern or write pattern named 'userpost'; did you "
        "mean "
        "'userPosts'?\n");
  CHECK(model::cli::UnknownPatternError("m.yaml", "zzz", "") ==
        "model: error: m.yaml has no access pattern or write pattern named 'zzz'\n");
}
