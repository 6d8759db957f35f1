// Renderings of a check report: JSON keys, JUnit and SARIF structure, failure text.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "codegen/report/check_report.h"

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

}  // namespace

TEST_CASE("JSON has the documented per-pattern keys", "[codegen][check]") {
  auto j = nlohmann::json::parse(model::RenderCheckJson(Sample(), "m.yaml"));
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
  std::string xml = model::RenderCheckJunit(Sample(), "m.yaml");
  CHECK(xml.find("<testsuites name=\"model check\" tests=\"2\" failures=\"1\">") != std::string::npos);
  CHECK(xml.find("name=\"getCustomer\" file=\"m.yaml\" line=\"7\"/>") != std::string::npos);
  CHECK(xml.find("got 1 &lt;&amp;&gt;") != std::string::npos);
  CHECK(xml.find("<&>") == std::string::npos);
}

TEST_CASE("SARIF points failures at the pattern's line", "[codegen][check]") {
  auto j = nlohmann::json::parse(model::RenderCheckSarif(Sample(), "m.yaml"));
  CHECK(j["version"] == "2.1.0");
  const auto& results = j["runs"][0]["results"];
  REQUIRE(results.size() == 2);
  CHECK(results[0]["level"] == "error");
  CHECK(results[0]["locations"][0]["physicalLocation"]["region"]["startLine"] == 12);
  CHECK(results[0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "m.yaml");
  CHECK(results[1]["level"] == "warning");
}

TEST_CASE("the text report ends with a summary", "[codegen][check]") {
  std::string text = model::RenderCheckText(Sample(), "m.yaml");
  CHECK(text.find("m.yaml:12: FAIL ordersByDate with") != std::string::npos);
  CHECK(text.find("2 patterns: 1 passed, 1 failed, 1 warning;") != std::string::npos);
}
