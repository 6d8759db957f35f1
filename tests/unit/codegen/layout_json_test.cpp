// `model design --format json`: the same patterns, renamed and listed in another order, give the
// same layout, byte for byte once the patterns' own names are mapped (issue 14, defect 8).
#include "codegen/report/layout_json.h"

#include <catch2/catch.hpp>
#include <map>
#include <nlohmann/json.hpp>

#include "../model/model_fixture.h"
#include "../model/stability_models.h"

namespace {

using Json = nlohmann::ordered_json;

// Drops every `reasons` and `notes` entry (they name the patterns that forced a decision).
void DropReasons(Json& j) {
  if (j.is_object()) {
    j.erase("reasons");
    j.erase("notes");
    for (auto& [key, value] : j.items()) DropReasons(value);
  } else if (j.is_array()) {
    for (auto& value : j) DropReasons(value);
  }
}

// The layout JSON with reasons dropped, patterns renamed by `names` and sorted by name.
std::string Normalized(const std::string& text, const std::map<std::string, std::string>& names) {
  Json j = Json::parse(text);
  DropReasons(j);
  // The pattern lists, and the cost summary's per-pattern lists.
  auto rename_and_sort = [&](Json& list) {
    for (auto& p : list) {
      auto it = names.find(p["name"].get<std::string>());
      if (it != names.end()) p["name"] = it->second;
    }
    std::vector<Json> sorted(list.begin(), list.end());
    std::sort(sorted.begin(), sorted.end(), [](const Json& a, const Json& b) {
      return a["name"].get<std::string>() < b["name"].get<std::string>();
    });
    list = sorted;
  };
  for (const char* list : {"access_patterns", "write_patterns"}) rename_and_sort(j[list]);
  if (j.contains("cost"))
    for (const char* list : {"reads", "writes"}) rename_and_sort(j["cost"][list]);
  return j.dump(2);
}

}  // namespace

TEST_CASE("renamed and reordered patterns give a byte-identical layout JSON", "[codegen]") {
  auto a = test::Derive(test::kSubscriptions);
  auto b = test::Derive(test::kSubscriptionsRenamed);
  INFO(a.diagnostics << b.diagnostics);
  REQUIRE(a.layout);
  REQUIRE(b.layout);
  std::string ja = model::RenderLayoutJson(*a.loaded.model, *a.layout);
  std::string jb = model::RenderLayoutJson(*b.loaded.model, *b.layout);
  // The physical part (table, indexes, item types) is the same bytes as rendered.
  auto physical = [](const std::string& text) {
    Json j = Json::parse(text);
    DropReasons(j);
    return j["table"].dump(2) + j["indexes"].dump(2) + j["item_types"].dump(2);
  };
  CHECK(physical(ja) == physical(jb));
  const std::map<std::string, std::string> names = {
      {"notEscalated", "quietOnes"}, {"onPlan", "subscriptionsOnPlan"},
      {"hot", "escalatedOnes"},      {"due", "getDuePaymentsByDate"},
      {"live", "activeOnes"},        {"ofCustomer", "customerSubscriptions"}};
  CHECK(Normalized(ja, {}) == Normalized(jb, names));
}
