#include "codegen/report/check_report.h"

#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>

namespace model {

namespace {

using Json = nlohmann::ordered_json;

std::string Status(const PatternCheck& p) { return p.passed() ? "pass" : "fail"; }

std::string Money(double usd) { return usd < 0.005 ? "0.00" : fmt::format("{:.2f}", usd); }

// Rounds for stable output across platforms' floating-point printing.
double Round(double v, int digits = 2) {
  double scale = std::pow(10.0, digits);
  return std::round(v * scale) / scale;
}

std::string XmlEscape(const std::string& s) {
  std::string out;
  for (char ch : s) {
    switch (ch) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      default: out += ch;
    }
  }
  return out;
}

}  // namespace

std::string RenderCheckText(const CheckReport& report, const std::string& model_path) {
  std::string out = fmt::format("{}: table {}, {} synthetic entities loaded as {} items\n\n", model_path,
                                report.table, report.records, report.items);
  std::size_t width = 7;
  for (const auto& p : report.patterns) width = std::max(width, p.name.size());
  out += fmt::format("{:<{}}  {:<6}  {:>5}  {:>8}  {:>10}  {:>8}  {:>8}  {:>14}  {:>9}\n", "pattern", width, "status",
                     "calls", "requests", "items read", "returned", "units", "busiest part/s", "$/month");
  for (const auto& p : report.patterns) {
    out += fmt::format("{:<{}}  {:<6}  {:>5}  {:>8}  {:>10}  {:>8}  {:>8.1f}  {:>14.1f}  {:>9}\n", p.name, width,
                       Status(p), p.calls, p.requests, p.items_read, p.items_returned, p.write ? p.wcu : p.rcu,
                       p.hottest_partition_units_per_s, Money(p.monthly_cost_usd));
  }
  int failed = 0, warned = 0;
  for (const auto& p : report.patterns) {
    for (const auto& f : p.failures) out += fmt::format("\n{}:{}: FAIL {}\n", model_path, p.range.begin.line, f);
    failed += p.passed() ? 0 : 1;
  }
  for (const auto& p : report.patterns) {
    for (const auto& w : p.warnings) {
      out += fmt::format("\n{}:{}: warning: {}\n", model_path, p.range.begin.line, w);
      ++warned;
    }
  }
  out += fmt::format("\n{} patterns: {} passed, {} failed, {} warning{}; estimated on-demand cost ${}/month at the "
                     "declared rates\n",
                     report.patterns.size(), report.patterns.size() - static_cast<std::size_t>(failed), failed, warned,
                     warned == 1 ? "" : "s", Money(report.monthly_cost_usd));
  return out;
}

std::string RenderCheckJson(const CheckReport& report, const std::string& model_path) {
  Json j;
  j["model"] = model_path;
  j["table"] = report.table;
  j["passed"] = report.passed();
  j["records"] = report.records;
  j["items"] = report.items;
  j["monthly_cost_usd"] = Round(report.monthly_cost_usd);
  j["patterns"] = Json::array();
  for (const auto& p : report.patterns) {
    Json e;
    e["name"] = p.name;
    e["kind"] = p.write ? "write" : "read";
    e["status"] = Status(p);
    e["line"] = p.range.begin.line;
    e["calls"] = p.calls;
    e["requests"] = p.requests;
    e["pages"] = p.pages;
    e["items_read"] = p.items_read;
    e["items_returned"] = p.items_returned;
    e["rcu"] = Round(p.rcu);
    e["wcu"] = Round(p.wcu);
    e["busiest_partition_units_per_s"] = Round(p.hottest_partition_units_per_s);
    e["monthly_cost_usd"] = Round(p.monthly_cost_usd);
    e["failures"] = p.failures;
    e["warnings"] = p.warnings;
    j["patterns"].push_back(std::move(e));
  }
  return j.dump(2) + "\n";
}

std::string RenderCheckJunit(const CheckReport& report, const std::string& model_path) {
  int failures = 0;
  for (const auto& p : report.patterns) failures += p.passed() ? 0 : 1;
  std::string out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  out += fmt::format("<testsuites name=\"model check\" tests=\"{}\" failures=\"{}\">\n", report.patterns.size(), failures);
  out += fmt::format("  <testsuite name=\"{}\" tests=\"{}\" failures=\"{}\" errors=\"0\" skipped=\"0\">\n",
                     XmlEscape(model_path), report.patterns.size(), failures);
  for (const auto& p : report.patterns) {
    out += fmt::format("    <testcase classname=\"{}.{}\" name=\"{}\" file=\"{}\" line=\"{}\"", XmlEscape(report.table),
                       p.write ? "write_patterns" : "access_patterns", XmlEscape(p.name), XmlEscape(model_path),
                       p.range.begin.line);
    if (p.passed() && p.warnings.empty()) {
      out += "/>\n";
      continue;
    }
    out += ">\n";
    if (!p.passed()) {
      std::string text;
      for (const auto& f : p.failures) text += f + "\n";
      out += fmt::format("      <failure message=\"{}\" type=\"PatternFailed\">{}</failure>\n",
                         XmlEscape(p.failures.front().substr(0, p.failures.front().find('\n'))), XmlEscape(text));
    }
    if (!p.warnings.empty()) {
      std::string text;
      for (const auto& w : p.warnings) text += "warning: " + w + "\n";
      out += fmt::format("      <system-out>{}</system-out>\n", XmlEscape(text));
    }
    out += "    </testcase>\n";
  }
  out += "  </testsuite>\n</testsuites>\n";
  return out;
}

std::string RenderCheckSarif(const CheckReport& report, const std::string& model_path) {
  Json rules = Json::array();
  rules.push_back({{"id", "pattern-fails"},
                   {"shortDescription", {{"text", "An access or write pattern gives a wrong answer or would throttle"}}},
                   {"defaultConfiguration", {{"level", "error"}}}});
  rules.push_back({{"id", "pattern-warning"},
                   {"shortDescription", {{"text", "An access pattern reads far more than it returns"}}},
                   {"defaultConfiguration", {{"level", "warning"}}}});
  Json results = Json::array();
  auto add = [&](const PatternCheck& p, const std::string& rule, const std::string& level, const std::string& text) {
    Json region = {{"startLine", std::max(1, p.range.begin.line)}, {"startColumn", std::max(1, p.range.begin.column)}};
    results.push_back({{"ruleId", rule},
                       {"level", level},
                       {"message", {{"text", text}}},
                       {"locations", Json::array({{{"physicalLocation",
                                                    {{"artifactLocation", {{"uri", model_path}}}, {"region", region}}}}})}});
  };
  for (const auto& p : report.patterns) {
    for (const auto& f : p.failures) add(p, "pattern-fails", "error", f);
    for (const auto& w : p.warnings) add(p, "pattern-warning", "warning", w);
  }
  Json sarif = {{"version", "2.1.0"},
                {"$schema", "https://json.schemastore.org/sarif-2.1.0.json"},
                {"runs", Json::array({{{"tool", {{"driver", {{"name", "model"},
                                                              {"informationUri", "https://github.com/model-dynamodb/model"},
                                                              {"rules", rules}}}}},
                                       {"results", results}}})}};
  return sarif.dump(2) + "\n";
}

}  // namespace model
