// Renderings of a check report: JSON keys, JUnit and SARIF structure, failure text.
#include "codegen/report/check_report.h"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

namespace {

model::CheckReport Sample() {
  model::CheckReport r;
  r.table = "shop";
  r.records = 10;
  r.items = 12;
  model::PatternCheck ok;
  ok.name = "getCustomer";
  ok.range.begin = {7, 5};
  ok.calls = 3;
  ok.requests = 3;
  ok.items_read = 3;
  ok.items_returned = 2;
  ok.rcu = 1.5;
  model::PatternCheck bad = ok;
  bad.name = "ordersByDate";
  bad.range.begin = {12, 5};
  bad.failures.push_back("ordersByDate with {customerId=c-1}: expected 2 items, got 1 <&>");
  bad.warnings.push_back("ordersByDate reads 9 items for the 1 it returns");
  r.patterns = {ok, bad};
  return r;
}

model::CheckRun RunOf(const model::CheckReport& report) {
  model::CheckRun run;
  run.model_path = "m.yaml";
  run.uri = "models/m.yaml";
  run.report = &report;
  run.scale = 300;
  run.seed = 7;
  run.version = "0.1.0";
  run.timestamp = "2024-01-02T03:04:05Z";
  run.seconds = 1.25;
  return run;
}

// A run whose model did not load: two diagnostics and no report.
model::CheckRun BrokenRun() {
  model::CheckRun run;
  run.model_path = "m.yaml";
  run.uri = "models/m.yaml";
  run.version = "0.1.0";
  run.timestamp = "2024-01-02T03:04:05Z";
  run.diagnostics.push_back(
      {"E404", "filter on an unknown attribute", true, 28, 15, "filters on 'state' <x>"});
  run.diagnostics.push_back({"W001", "unused entity", false, 4, 3, "entity 'Tag' is unused"});
  return run;
}

}  // namespace

TEST_CASE("JSON has the documented per-pattern keys", "[codegen][check]") {
  model::CheckReport report = Sample();
  auto j = nlohmann::json::parse(model::RenderCheckJson(RunOf(report)));
  CHECK(j["passed"] == false);
  REQUIRE(j["patterns"].size() == 2);
  const auto& p = j["patterns"][1];
  CHECK(p["name"] == "ordersByDate");
  CHECK(p["status"] == "fail");
  CHECK(p["requests"] == 3);
  CHECK(p["items_read"] == 3);
  CHECK(p["items_returned"] == 2);
  CHECK(p["rcu"] == 1.5);
  CHECK(j["patterns"][0]["status"] == "pass");
}

TEST_CASE("JUnit counts failures and escapes text", "[codegen][check]") {
  model::CheckReport report = Sample();
  std::string xml = model::RenderCheckJunit(RunOf(report));
  CHECK(xml.find("<testsuites name=\"model check\" tests=\"2\" failures=\"1\" errors=\"0\" "
                 "time=\"1.250\" timestamp=\"2024-01-02T03:04:05Z\">") != std::string::npos);
  CHECK(xml.find("name=\"getCustomer\" file=\"m.yaml\" line=\"7\"/>") != std::string::npos);
  CHECK(xml.find("got 1 &lt;&amp;&gt;") != std::string::npos);
  CHECK(xml.find("<&>") == std::string::npos);
}

TEST_CASE("SARIF points failures at the pattern's line", "[codegen][check]") {
  model::CheckReport report = Sample();
  auto j = nlohmann::json::parse(model::RenderCheckSarif(RunOf(report)));
  CHECK(j["version"] == "2.1.0");
  const auto& results = j["runs"][0]["results"];
  REQUIRE(results.size() == 2);
  CHECK(results[0]["level"] == "error");
  CHECK(results[0]["locations"][0]["physicalLocation"]["region"]["startLine"] == 12);
  CHECK(results[0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] ==
        "models/m.yaml");
  CHECK(results[1]["level"] == "warning");
}

TEST_CASE("the text report ends with a summary", "[codegen][check]") {
  model::CheckReport report = Sample();
  std::string text = model::RenderCheckText(RunOf(report));
  CHECK(text.find("m.yaml:12:5: FAIL ordersByDate with") != std::string::npos);
  CHECK(text.find("2 patterns: 1 passed, 1 failed, 1 warning;") != std::string::npos);
}

TEST_CASE("quiet: the text report starts at the table, without what was loaded",
          "[codegen][check]") {
  model::CheckReport report = Sample();
  model::CheckRun run = RunOf(report);
  std::string loud = model::RenderCheckText(run);
  run.quiet = true;
  std::string quiet = model::RenderCheckText(run);
  REQUIRE(loud.rfind("m.yaml: table ", 0) == 0);
  CHECK(quiet.rfind("pattern ", 0) == 0);
  CHECK(quiet.find("loaded as") == std::string::npos);
  CHECK(loud.substr(loud.find("\n\n") + 2) == quiet);
}

TEST_CASE("JSON carries its format version, the seed and the scale", "[codegen][check]") {
  model::CheckReport report = Sample();
  auto j = nlohmann::json::parse(model::RenderCheckJson(RunOf(report)));
  CHECK(j["format_version"] == model::kCheckJsonFormatVersion);
  CHECK(j["seed"] == 7);
  CHECK(j["scale"] == 300);
  CHECK(j["strict"] == false);
  CHECK(j["diagnostics"].empty());
}

TEST_CASE("a model with errors is reported in every machine format", "[codegen][check]") {
  model::CheckRun run = BrokenRun();
  CHECK_FALSE(run.passed());
  CHECK(model::RenderCheckText(run).empty());  // the diagnostics are on standard error

  auto j = nlohmann::json::parse(model::RenderCheckJson(run));
  CHECK(j["passed"] == false);
  CHECK(j["patterns"].empty());
  REQUIRE(j["diagnostics"].size() == 2);
  CHECK(j["diagnostics"][0]["code"] == "E404");
  CHECK(j["diagnostics"][0]["severity"] == "error");
  CHECK(j["diagnostics"][0]["line"] == 28);
  CHECK(j["diagnostics"][0]["column"] == 15);
  CHECK(j["diagnostics"][1]["severity"] == "warning");

  std::string xml = model::RenderCheckJunit(run);
  CHECK(xml.find("tests=\"2\" failures=\"0\" errors=\"1\"") != std::string::npos);
  CHECK(xml.find("<error message=\"filters on 'state' &lt;x&gt;\" type=\"E404\">") !=
        std::string::npos);
  CHECK(xml.find("m.yaml:28:15: error: filters on") != std::string::npos);
  CHECK(xml.find("<system-out>m.yaml:4:3: warning: entity") != std::string::npos);

  auto sarif = nlohmann::json::parse(model::RenderCheckSarif(run));
  const auto& driver = sarif["runs"][0]["tool"]["driver"];
  CHECK(driver["version"] == "0.1.0");
  REQUIRE(driver["rules"].size() == 2);  // one per code; no check rules, nothing was checked
  CHECK(driver["rules"][0]["id"] == "E404");
  CHECK(driver["rules"][0]["helpUri"] ==
        "https://github.com/model-dynamodb/model/blob/main/docs/"
        "diagnostics.md#e404-filter-on-an-unknown-attribute");
  const auto& results = sarif["runs"][0]["results"];
  REQUIRE(results.size() == 2);
  CHECK(results[0]["ruleId"] == "E404");
  CHECK(results[0]["ruleIndex"] == 0);
  CHECK(results[0]["level"] == "error");
  CHECK(results[0]["locations"][0]["physicalLocation"]["region"]["startLine"] == 28);
  CHECK(results[0]["locations"][0]["physicalLocation"]["region"]["startColumn"] == 15);
  CHECK(results[1]["ruleId"] == "W001");
  CHECK(results[1]["level"] == "warning");
}

TEST_CASE("under strict every format reports the warnings as failures", "[codegen][check]") {
  model::CheckReport report = Sample();
  report.patterns[1].failures.clear();  // ordersByDate only warns now
  model::CheckRun run = RunOf(report);
  CHECK(run.passed());
  run.strict = true;
  CHECK_FALSE(run.passed());

  auto j = nlohmann::json::parse(model::RenderCheckJson(run));
  CHECK(j["passed"] == false);
  CHECK(j["strict"] == true);
  CHECK(j["patterns"][1]["status"] == "fail");

  std::string xml = model::RenderCheckJunit(run);
  CHECK(xml.find("<testsuites name=\"model check\" tests=\"2\" failures=\"1\"") !=
        std::string::npos);
  CHECK(xml.find("type=\"PatternWarning\"") != std::string::npos);

  auto sarif = nlohmann::json::parse(model::RenderCheckSarif(run));
  CHECK(sarif["runs"][0]["results"][0]["level"] == "error");

  std::string text = model::RenderCheckText(run);
  CHECK(text.find("2 patterns: 1 passed, 1 failed, 1 warning;") != std::string::npos);

  model::CheckRun warned = BrokenRun();
  warned.diagnostics.erase(warned.diagnostics.begin());  // only the W001 warning
  warned.report = &report;
  warned.strict = true;
  auto w = nlohmann::json::parse(model::RenderCheckSarif(warned));
  CHECK(w["runs"][0]["results"][0]["ruleId"] == "W001");
  CHECK(w["runs"][0]["results"][0]["level"] == "error");
  CHECK(model::RenderCheckJunit(warned).find(
            "<failure message=\"entity 'Tag' is unused\" type=\"W001\">") != std::string::npos);
}
