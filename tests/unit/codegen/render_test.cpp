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
  REQUIRE(j["indexes"].size() == 3);
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
      text.rfind("Table hr-order-entry: partition key PK, sort key SK, 3 global secondary indexes\n"
                 "Billing: on demand (pay per request); stream: new and old images\n",
                 0) == 0);
  for (const auto& t : d.layout->item_types)
    CHECK(text.find("\n" + t.name + " ") != std::string::npos);
  for (const auto& p : d.loaded.model->access_patterns)
    CHECK(text.find("\n" + p.name + " ") != std::string::npos);
}

namespace {

// The lines of `text` between the line `title` and the next blank line.
std::vector<std::string> ChartLines(const std::string& text, const std::string& title) {
  std::vector<std::string> lines;
  std::size_t at = text.find("\n" + title + "\n");
  if (at == std::string::npos) return lines;
  at += title.size() + 2;
  while (at < text.size() && text[at] != '\n') {
    std::size_t end = text.find('\n', at);
    lines.push_back(text.substr(at, end - at));
    at = end + 1;
  }
  return lines;
}

}  // namespace

TEST_CASE("a wide entity chart is split into stacked tables within the width",
          "[codegen][design]") {
  auto d = test::Derive(test::ReadSource("samples/hr/model.yaml"));
  REQUIRE(d.layout);
  // Unsplit, HR's chart (table keys and three GSIs' keys) is far wider than 100 columns.
  std::string wide = model::RenderDesign(*d.loaded.model, *d.layout, 10000);
  auto whole = ChartLines(wide, "Entity chart");
  REQUIRE(whole.size() == d.layout->item_types.size() + 2);
  CHECK(whole[0].size() > 100);
  CHECK(whole[0].rfind("Item type ", 0) == 0);

  std::string text = model::RenderDesign(*d.loaded.model, *d.layout, 100);
  CHECK(text == model::RenderDesign(*d.loaded.model, *d.layout));  // 100 is the default
  CHECK(text.find("\nEntity chart\n") == std::string::npos);
  auto first = ChartLines(text, "Entity chart (1 of 4)");
  auto second = ChartLines(text, "Entity chart (2 of 4)");
  auto third = ChartLines(text, "Entity chart (3 of 4)");
  auto fourth = ChartLines(text, "Entity chart (4 of 4)");
  REQUIRE(first.size() == whole.size());
  REQUIRE(second.size() == whole.size());
  REQUIRE(third.size() == whole.size());
  REQUIRE(fourth.size() == whole.size());
  // Each part repeats the item-type column and holds whole key pairs, in order.
  auto columns = [](const std::string& header) {
    std::vector<std::string> names;
    std::size_t at = 0;
    while (at != std::string::npos) {
      std::size_t bar = header.find(" | ", at);
      std::string cell = header.substr(at, bar == std::string::npos ? bar : bar - at);
      names.push_back(cell.substr(0, cell.find_last_not_of(' ') + 1));
      at = bar == std::string::npos ? bar : bar + 3;
    }
    return names;
  };
  CHECK(columns(first[0]) == std::vector<std::string>{"Item type", "PK", "SK"});
  CHECK(columns(second[0]) == std::vector<std::string>{"Item type", "GSI1PK", "GSI1SK"});
  CHECK(columns(third[0]) == std::vector<std::string>{"Item type", "GSI2PK", "GSI2SK"});
  CHECK(columns(fourth[0]) == std::vector<std::string>{"Item type", "GSI3PK", "GSI3SK"});
  for (const auto* part : {&first, &second, &third, &fourth}) {
    for (const auto& line : *part) CHECK(line.size() <= 100);
  }
  // Same rows in the same order in every part.
  for (std::size_t i = 2; i < whole.size(); ++i) {
    std::string name = whole[i].substr(0, whole[i].find(' '));
    CHECK(first[i].rfind(name + " ", 0) == 0);
    CHECK(third[i].rfind(name, 0) == 0);
    CHECK(fourth[i].rfind(name, 0) == 0);
  }
  // A width narrower than one key pair still gives each pair a table, unbroken.
  std::string narrow = model::RenderDesign(*d.loaded.model, *d.layout, 20);
  CHECK(narrow.find("Entity chart (4 of 4)") != std::string::npos);
  CHECK(narrow.find("Entity chart (5 of") == std::string::npos);
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

TEST_CASE("design ends with the cost at the declared rates, default rates said",
          "[codegen][design][cost]") {
  auto d = test::Derive(R"(
table: { name: notes }
entities:
  Note:
    count: 1000
    item_size: 3KB
    identifier: noteId
    attributes: { noteId: string, text: string }
access_patterns:
  - { name: getNote, returns: Note, by: [noteId], rate: 10 }
write_patterns:
  - { name: addNote, create: Note }
)");
  REQUIRE(d.layout);
  std::string text = model::RenderDesign(*d.loaded.model, *d.layout);
  // getNote: 3 KB -> one 4 KB block, eventually consistent: 0.5 RCU, 5 RCU/s,
  // 5 x 2,592,000 s x $0.125 per million = $1.62. addNote: 3 KB -> 3 WCU at the default 1/s,
  // 3 x 2,592,000 x $0.625 per million = $4.86.
  CHECK(text.find("getNote | read  | 10          | 1                 | 1              | 0.5 RCU") !=
        std::string::npos);
  CHECK(text.find("| $1.62\n") != std::string::npos);
  CHECK(text.find("addNote | write | 1 (default) | 1                 | 1              | 3 WCU") !=
        std::string::npos);
  CHECK(text.find("Total: 5 RCU/s and 3 WCU/s, $6.48 per month\n") != std::string::npos);
  CHECK(text.find("1 pattern declares no rate: each is weighted 1 request/s (default)") !=
        std::string::npos);
  CHECK(text.find("https://aws.amazon.com/dynamodb/pricing/on-demand/") != std::string::npos);

  auto j = nlohmann::json::parse(model::RenderLayoutJson(*d.loaded.model, *d.layout));
  const auto& cost = j["cost"];
  CHECK(cost["billing"] == "on_demand");
  CHECK(cost["prices"]["region"] == "us-east-1");
  REQUIRE(cost["reads"].size() == 1);
  CHECK(cost["reads"][0]["rcu_per_s"] == 5.0);
  CHECK(cost["reads"][0]["rate_declared"] == true);
  REQUIRE(cost["writes"].size() == 1);
  CHECK(cost["writes"][0]["wcu_per_call"] == 3.0);
  CHECK(cost["writes"][0]["rate_declared"] == false);
  CHECK(cost["total"]["monthly_usd"] == 6.48);
  CHECK(cost["total"]["default_rate_patterns"] == 1);
}

TEST_CASE("provisioned billing prices capacity-unit hours", "[codegen][design][cost]") {
  auto d = test::Derive(R"(
table: { name: notes, billing: provisioned }
entities:
  Note: { count: 1000, item_size: 1KB, identifier: noteId, attributes: { noteId: string } }
access_patterns:
  - { name: getNote, returns: Note, by: [noteId], rate: 100 }
)");
  REQUIRE(d.layout);
  std::string text = model::RenderDesign(*d.loaded.model, *d.layout);
  // 50 RCU/s provisioned: 50 x 720 h x $0.00013 = $4.68.
  CHECK(text.find("Total: 50 RCU/s and 0 WCU/s, $4.68 per month\n") != std::string::npos);
  CHECK(text.find("https://aws.amazon.com/dynamodb/pricing/provisioned/") != std::string::npos);
}
