#include "codegen/report/check_report.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "codegen/writer/escape.h"
#include "codegen/writer/json.h"
#include "codegen/writer/printer.h"

namespace model {

namespace {

using codegen::Json;
using codegen::Printer;
using codegen::XmlAttribute;
using codegen::XmlText;

std::string Status(const PatternCheck& p) { return p.passed() ? "pass" : "fail"; }

std::string Money(double usd) { return usd < 0.005 ? "0.00" : fmt::format("{:.2f}", usd); }

// Rounds for stable output across platforms' floating-point printing.
double Round(double v, int digits = 2) {
  double scale = std::pow(10.0, digits);
  return std::round(v * scale) / scale;
}

}  // namespace

std::string RenderCheckText(const CheckReport& report, const std::string& model_path) {
  Printer out;
  out.Set({"path", model_path});
  out.Emit({{"table", report.table}, {"records", report.records}, {"items", report.items}},
           "$path$: table $table$, $records$ synthetic entities loaded as $items$ items\n\n");
  std::size_t width = 7;
  for (const auto& p : report.patterns) width = std::max(width, p.name.size());
  out.Emit(fmt::format("{:<{}}  {:<6}  {:>5}  {:>8}  {:>10}  {:>8}  {:>8}  {:>14}  {:>9}\n", "pattern", width, "status",
                       "calls", "requests", "items read", "returned", "units", "busiest part/s", "$/month"));
  for (const auto& p : report.patterns) {
    out.Emit(fmt::format("{:<{}}  {:<6}  {:>5}  {:>8}  {:>10}  {:>8}  {:>8.1f}  {:>14.1f}  {:>9}\n", p.name, width,
                         Status(p), p.calls, p.requests, p.items_read, p.items_returned, p.write ? p.wcu : p.rcu,
                         p.hottest_partition_units_per_s, Money(p.monthly_cost_usd)));
  }
  int failed = 0, warned = 0;
  for (const auto& p : report.patterns) {
    for (const auto& f : p.failures) {
      out.Emit("\n");
      out.Emit({{"line", p.range.begin.line}, {"text", f}}, "$path$:$line$: FAIL $text$\n");
    }
    failed += p.passed() ? 0 : 1;
  }
  for (const auto& p : report.patterns) {
    for (const auto& w : p.warnings) {
      out.Emit("\n");
      out.Emit({{"line", p.range.begin.line}, {"text", w}}, "$path$:$line$: warning: $text$\n");
      ++warned;
    }
  }
  out.Emit("\n");
  out.Emit({{"count", report.patterns.size()},
            {"passed", report.patterns.size() - static_cast<std::size_t>(failed)},
            {"failed", failed},
            {"warned", warned},
            {"s", warned == 1 ? "" : "s"},
            {"cost", Money(report.monthly_cost_usd)}},
           "$count$ patterns: $passed$ passed, $failed$ failed, $warned$ warning$s$; estimated on-demand cost "
           "$$$cost$/month at the declared rates\n");
  return out.Release();
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
  return codegen::DumpJson(j);
}

// JUnit XML keeps its indentation in the templates: the printer's indentation would also indent
// the lines of multi-line failure texts.
std::string RenderCheckJunit(const CheckReport& report, const std::string& model_path) {
  int failures = 0;
  for (const auto& p : report.patterns) failures += p.passed() ? 0 : 1;
  Printer out;
  out.Set({"path", XmlAttribute(model_path)});
  out.Set({"tests", report.patterns.size()});
  out.Set({"failures", failures});
  out.Emit({}, R"(
    <?xml version="1.0" encoding="UTF-8"?>
    <testsuites name="model check" tests="$tests$" failures="$failures$">
      <testsuite name="$path$" tests="$tests$" failures="$failures$" errors="0" skipped="0">
  )");
  for (const auto& p : report.patterns) {
    out.Emit({{"table", XmlAttribute(report.table)},
              {"kind", p.write ? "write_patterns" : "access_patterns"},
              {"name", XmlAttribute(p.name)},
              {"line", p.range.begin.line}},
             "    <testcase classname=\"$table$.$kind$\" name=\"$name$\" file=\"$path$\" line=\"$line$\"");
    if (p.passed() && p.warnings.empty()) {
      out.Emit("/>\n");
      continue;
    }
    out.Emit(">\n");
    if (!p.passed()) {
      std::string text;
      for (const auto& f : p.failures) text += f + "\n";
      out.Emit({{"message", XmlAttribute(p.failures.front().substr(0, p.failures.front().find('\n')))},
                {"text", XmlText(text)}},
               "      <failure message=\"$message$\" type=\"PatternFailed\">$text$</failure>\n");
    }
    if (!p.warnings.empty()) {
      std::string text;
      for (const auto& w : p.warnings) text += "warning: " + w + "\n";
      out.Emit({{"text", XmlText(text)}}, "      <system-out>$text$</system-out>\n");
    }
    out.Emit("    </testcase>\n");
  }
  out.Emit("  </testsuite>\n</testsuites>\n");
  return out.Release();
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
  return codegen::DumpJson(sarif);
}

}  // namespace model
