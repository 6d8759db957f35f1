// The design chart, the JSON layout and the explanation: stable, complete and deterministic.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "../model/model_fixture.h"
#include "codegen/report/design_text.h"
#include "codegen/report/explain.h"
#include "codegen/report/layout_json.h"

TEST_CASE("the layout is deterministic", "[codegen][json]") {
  std::string hr = test::ReadSource("samples/hr/model.yaml");
  auto a = test::Derive(hr);
  auto b = test::Derive(hr);
  REQUIRE(a.layout);
  REQUIRE(b.layout);
  CHECK(model::RenderLayoutJson(*a.loaded.model, *a.layout) ==
        model::RenderLayoutJson(*b.loaded.model, *b.layout));
}

TEST_CASE("the JSON layout has the documented keys", "[codegen][json]") {
  auto d = test::Derive(test::ReadSource("samples/hr/model.yaml"));
  REQUIRE(d.layout);
  auto j = nlohmann::json::parse(model::RenderLayoutJson(*d.loaded.model, *d.layout));
  REQUIRE(j["indexes"].size() == 2);
  for (const auto& index : j["indexes"]) {
    for (const char* key : {"name", "partition_key", "sort_key", "projection"})
      CHECK(index.contains(key));
  }
  CHECK(j["indexes"][0]["name"] == "GSI1");
  CHECK(j["indexes"][0]["partition_key"] == "GSI1PK");
  REQUIRE(j["access_patterns"].size() == 17);
  for (const auto& p : j["access_patterns"]) {
    for (const char* key : {"name", "operation", "index", "key_condition", "requests"}) {
      INFO(p["name"] << " lacks " << key);
      CHECK(p.contains(key));
    }
  }
  auto open = std::find_if(j["access_patterns"].begin(), j["access_patterns"].end(),
                           [](const auto& p) { return p["name"] == "openOrdersByDate"; });
  REQUIRE(open != j["access_patterns"].end());
  CHECK((*open)["requests"] == 25);
  CHECK((*open)["index"] == "GSI1");
  CHECK(j["item_types"].size() == d.layout->item_types.size());
  CHECK(j["table"]["billing"] == "on_demand");
  CHECK(j["table"]["stream"] == "NEW_AND_OLD_IMAGES");
}

TEST_CASE("the design chart lists every item type and pattern", "[codegen][design]") {
  auto d = test::Derive(test::ReadSource("samples/hr/model.yaml"));
  REQUIRE(d.layout);
  std::string text = model::RenderDesign(*d.loaded.model, *d.layout);
  CHECK(
      text.rfind("Table hr-order-entry: partition key PK, sort key SK, 2 global secondary indexes\n"
                 "Billing: on demand (pay per request); stream: new and old images\n",
                 0) == 0);
  for (const auto& t : d.layout->item_types)
    CHECK(text.find("\n" + t.name + " ") != std::string::npos);
  for (const auto& p : d.loaded.model->access_patterns)
    CHECK(text.find("\n" + p.name + " ") != std::string::npos);
}

TEST_CASE("explain gives the reasons for one pattern", "[codegen][explain]") {
  auto d = test::Derive(test::ReadSource("samples/hr/model.yaml"));
  REQUIRE(d.layout);
  std::string name = "openOrdersByDate";
  std::string text = model::RenderExplanation(*d.loaded.model, *d.layout, &name);
  CHECK(text.find("access pattern openOrdersByDate: FanOutQuery on GSI1") != std::string::npos);
  CHECK(text.find("25 read shards: each of the 3000 requests/s reads every shard, pages of 2 "
                  "items of 2048 B") != std::string::npos);
  CHECK(text.find("access pattern getEmployee") == std::string::npos);
}
