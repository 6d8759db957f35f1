// Exports (codegen/export): hostile names, descriptions and values stay well-formed in every
// format, and each export holds the layout's settings.
#include "codegen/export/export.h"

#include <catch2/catch.hpp>
#include <cstdio>
#include <nlohmann/json.hpp>
#include <regex>

#include "../model/model_fixture.h"
#include "codegen/export/table_spec.h"
#include "codegen/writer/escape.h"
#include "model/cost.h"

TEST_CASE("provisioned capacity covers every unit the design's cost summary counts",
          "[codegen][export]") {
  // HR keeps productStock with a stream consumer, repOrderTotals with another whose marks are
  // mark items (their puts on the table) or, pinned, in placeOrder's transaction (group reads),
  // and reads changeOrderStatus's order first: the exported capacity, summed over the table and
  // its indexes, is the design's total rounded up per table and index.
  const std::string hr = test::ReadSource("samples/hr/model.yaml");
  const std::string pin = "    values: { orderTotal: { sum: total } }\n";
  REQUIRE(hr.find(pin) != std::string::npos);
  std::string pinned = hr;
  pinned.insert(pinned.find(pin) + pin.size(), "    maintain: transaction\n");
  const bool transaction = GENERATE(false, true);
  auto d = test::Derive(transaction ? pinned : hr);
  REQUIRE(d.layout);
  REQUIRE(d.layout->aggregates[1].name == "repOrderTotals");
  CHECK(d.layout->aggregates[1].marks ==
        (transaction ? model::SeenMarks::kInline : model::SeenMarks::kItems));
  model::Model provisioned = *d.loaded.model;
  provisioned.table.billing = model::BillingMode::kProvisioned;
  model::WorkloadCost cost = model::EstimateWorkload(provisioned, *d.layout);
  REQUIRE_FALSE(cost.consumers.empty());
  REQUIRE_FALSE(cost.first_reads.empty());
  CHECK(cost.group_reads.empty() == !transaction);
  CHECK(cost.consumers.size() == (transaction ? 2u : 4u));
  model::codegen::ProvisionedFigures f = model::codegen::ProvisionedFor(provisioned, *d.layout);
  double read = static_cast<double>(f.table.read);
  double write = static_cast<double>(f.table.write);
  for (const auto& i : f.indexes) {
    read += static_cast<double>(i.read);
    write += static_cast<double>(i.write);
  }
  const double places = static_cast<double>(f.indexes.size() + 1);
  CHECK(read >= cost.rcu_per_s);
  CHECK(read < cost.rcu_per_s + places);
  CHECK(write >= cost.wcu_per_s);
  CHECK(write < cost.wcu_per_s + places);
}

namespace {

// Quotes, backslashes, line breaks, a control character, templates of HCL and the shell, markup,
// and a byte that is not UTF-8.
const std::string kHostile = "a\"b'c\\d\ne\r${x}%{y}$(rm)`z`</x>|#;\x01\xff";

struct Fixture {
  test::Derived derived;
  model::Model model;
  model::KeyLayout layout;
  model::TableItems items;
};

Fixture Hostile() {
  Fixture f{test::Derive(test::ReadSource("samples/hr/model.yaml")), {}, {}, {}};
  REQUIRE(f.derived.layout);
  f.model = *f.derived.loaded.model;
  f.layout = *f.derived.layout;
  f.model.table.name = f.layout.table_name = "t" + kHostile;
  for (auto& e : f.model.entities) {
    e.name += kHostile;
    e.description = kHostile;
    for (auto& a : e.attributes) a.description = kHostile;
  }
  for (auto& r : f.model.relationships) r.name += kHostile;
  for (auto& p : f.model.access_patterns) {
    p.name += kHostile;
    p.description = kHostile;
  }
  for (auto& t : f.layout.item_types) t.name += kHostile;
  model::TableItem item;
  item.item_type = 0;
  model::ItemValue s;
  s.type = model::ItemValue::Type::kS;
  s.scalar = kHostile;
  item.attributes = {{f.layout.partition_key, s}, {f.layout.sort_key, s}, {"note" + kHostile, s}};
  f.items.items.push_back(item);
  return f;
}

// What nlohmann/json reads back for the hostile text (invalid UTF-8 replaced).
std::string Readable(const std::string& text) {
  return nlohmann::json::parse(model::codegen::JsonString(text)).get<std::string>();
}

}  // namespace

TEST_CASE("JSON exports parse and keep hostile names", "[codegen][export]") {
  Fixture f = Hostile();
  using model::codegen::ExportKind;
  for (ExportKind kind : {ExportKind::kCreateTable, ExportKind::kCloudFormation,
                          ExportKind::kNoSqlWorkbench, ExportKind::kMcpJson}) {
    std::string text = model::codegen::RenderExport(kind, f.model, f.layout, &f.items, {});
    INFO(model::codegen::InfoOf(kind).name);
    nlohmann::json j;
    REQUIRE_NOTHROW(j = nlohmann::json::parse(text));
    CHECK(text.find(model::codegen::JsonString("t" + kHostile)) != std::string::npos);
  }
  auto mcp = nlohmann::json::parse(model::codegen::RenderMcpJson(f.model, f.layout, f.items));
  CHECK(mcp["tables"][0]["TableName"] == Readable("t" + kHostile));
  CHECK(mcp["items"].begin().key() == Readable("t" + kHostile));
  auto wb = nlohmann::json::parse(model::codegen::RenderNoSqlWorkbench(f.model, f.layout, f.items));
  CHECK(wb["DataModel"][0]["TableData"][0]["note" + Readable(kHostile)]["S"] == Readable(kHostile));
}

TEST_CASE("the create-table request holds every key attribute and index", "[codegen][export]") {
  auto d = test::Derive(test::ReadSource("samples/hr/model.yaml"));
  REQUIRE(d.layout);
  auto j = nlohmann::json::parse(model::codegen::RenderCreateTable(*d.loaded.model, *d.layout));
  CHECK(j["AttributeDefinitions"].size() == 2 + 2 * d.layout->indexes.size());
  CHECK(j["GlobalSecondaryIndexes"].size() == d.layout->indexes.size());
  CHECK(j["BillingMode"] == "PAY_PER_REQUEST");
  CHECK(j["StreamSpecification"]["StreamViewType"] == "NEW_AND_OLD_IMAGES");  // hr has streams
  CHECK_FALSE(j.contains("ProvisionedThroughput"));

  model::Model provisioned = *d.loaded.model;
  provisioned.table.billing = model::BillingMode::kProvisioned;
  auto p = nlohmann::json::parse(model::codegen::RenderCreateTable(provisioned, *d.layout));
  CHECK(p["BillingMode"] == "PROVISIONED");
  CHECK(p["ProvisionedThroughput"]["ReadCapacityUnits"].get<int>() >= 1);
  for (const auto& gsi : p["GlobalSecondaryIndexes"])
    CHECK(gsi["ProvisionedThroughput"]["WriteCapacityUnits"].get<int>() >= 1);
  std::string tf = model::codegen::RenderTerraform(provisioned, *d.layout);
  CHECK(tf.find("billing_mode                = \"PROVISIONED\"") != std::string::npos);
  CHECK(tf.find("read_capacity") != std::string::npos);
}

TEST_CASE("CloudFormation YAML quotes every string the JSON way", "[codegen][export]") {
  Fixture f = Hostile();
  std::string yaml = model::codegen::RenderCloudFormation(f.model, f.layout, true);
  CHECK(yaml.find("Default: " + model::codegen::JsonString("t" + kHostile) + "\n") !=
        std::string::npos);
  CHECK(yaml.find("DeletionProtectionEnabled: true\n") != std::string::npos);
  CHECK(yaml.find("        - AttributeName: \"PK\"\n          KeyType: \"HASH\"\n") !=
        std::string::npos);
  // No line holds a raw control character: a scalar never spans lines.
  for (char c : yaml) CHECK((static_cast<unsigned char>(c) >= 0x20 || c == '\n'));
}

TEST_CASE("HCL strings escape quotes, templates and control characters", "[codegen][export]") {
  using model::codegen::HclString;
  CHECK(HclString("a\"b\\c") == "\"a\\\"b\\\\c\"");
  CHECK(HclString("${x} %{y} $z %w") == "\"$${x} %%{y} $z %w\"");
  CHECK(HclString("a\nb\x01\b") == "\"a\\nb\\u0001\\u0008\"");
  Fixture f = Hostile();
  std::string tf = model::codegen::RenderTerraform(f.model, f.layout);
  CHECK(tf.find("default     = " + HclString("t" + kHostile) + "\n") != std::string::npos);
  // Every "${" that is not the start of an escaped "$${" is absent from the text.
  for (std::size_t pos = tf.find("${"); pos != std::string::npos; pos = tf.find("${", pos + 1)) {
    CHECK((pos > 0 && tf[pos - 1] == '$'));
  }
}

TEST_CASE("Mermaid names are words and comments hold no quotes or line breaks",
          "[codegen][export]") {
  Fixture f = Hostile();
  std::string text = model::codegen::RenderMermaid(f.model);
  std::istringstream lines(text);
  std::string line;
  std::regex entity(R"(^  [A-Za-z_][A-Za-z0-9_-]* \{$)");
  std::regex attribute(
      R"(^    [a-z_]+ [A-Za-z_][A-Za-z0-9_-]*( (PK|FK|UK)(, (PK|FK|UK))*)?( "[^"]*")?$)");
  std::regex relationship(
      R"(^  [A-Za-z_][A-Za-z0-9_-]* (\|\||\}o)(--|\.\.)(o\||o\{) [A-Za-z_][A-Za-z0-9_-]* : "[^"]*"$)");
  int entities = 0;
  while (std::getline(lines, line)) {
    if (line == "erDiagram" || line == "  }" || line.rfind("%%", 0) == 0) continue;
    INFO(line);
    bool ok = std::regex_match(line, entity) || std::regex_match(line, attribute) ||
              std::regex_match(line, relationship);
    CHECK(ok);
    if (std::regex_match(line, entity)) ++entities;
  }
  CHECK(entities == static_cast<int>(f.model.entities.size()));
}

TEST_CASE("shell words hold the exact text", "[codegen][export]") {
  std::string word = model::codegen::ShellQuote("it's $(x) `y` \\ \"z\"");
  std::string cmd = "printf '%s' " + word;
  FILE* pipe = popen(cmd.c_str(), "r");
  REQUIRE(pipe);
  std::string out;
  char buf[256];
  while (std::size_t n = fread(buf, 1, sizeof buf, pipe)) out.append(buf, n);
  pclose(pipe);
  CHECK(out == "it's $(x) `y` \\ \"z\"");
}

TEST_CASE("every read pattern of the samples gets a command", "[codegen][export]") {
  for (const char* sample :
       {"samples/hr/model.yaml", "samples/shop/model.yaml", "samples/saas/model.yaml"}) {
    auto d = test::Derive(test::ReadSource(sample));
    REQUIRE(d.layout);
    model::TableItems none;
    auto j = nlohmann::json::parse(model::codegen::RenderMcpJson(*d.loaded.model, *d.layout, none));
    CHECK(j["access_patterns"].size() == d.loaded.model->access_patterns.size());
  }
}
