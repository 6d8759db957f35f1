#include "codegen/report/check_report.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <map>
#include <vector>

#include "codegen/writer/escape.h"
#include "codegen/writer/json.h"
#include "codegen/writer/printer.h"

namespace model {

namespace {

using codegen::Json;
using codegen::Printer;
using codegen::XmlAttribute;
using codegen::XmlText;

// A pattern fails the run when it failed, or when it warned and warnings fail (strict).
bool Fails(const PatternCheck& p, bool strict) {
  return !p.passed() || (strict && !p.warnings.empty());
}

std::string Status(const PatternCheck& p, bool strict) {
  return Fails(p, strict) ? "fail" : "pass";
}

std::string Money(double usd) { return usd < 0.005 ? "0.00" : fmt::format("{:.2f}", usd); }

// Rounds for stable output across platforms' floating-point printing.
double Round(double v, int digits = 2) {
  double scale = std::pow(10.0, digits);
  return std::round(v * scale) / scale;
}

constexpr const char* kDocsBase = "https://github.com/model-dynamodb/model/blob/main/docs/";

// "path:line:col: error: message [E104]", as the diagnostics render on standard error.
std::string DiagnosticLine(const std::string& path, const ReportDiagnostic& d) {
  std::string where = path;
  if (d.line > 0) where += fmt::format(":{}", d.line);
  if (d.line > 0 && d.column > 0) where += fmt::format(":{}", d.column);
  return fmt::format("{}: {}: {} [{}]", where, d.error ? "error" : "warning", d.message, d.code);
}

// The SARIF level of a warning: an error under strict.
std::string WarningLevel(bool strict) { return strict ? "error" : "warning"; }

int FailedPatterns(const CheckRun& run) {
  int failed = 0;
  if (run.report) {
    for (const auto& p : run.report->patterns) failed += Fails(p, run.strict) ? 1 : 0;
  }
  return failed;
}

bool Fails(const AggregateCheck& a, bool strict) {
  return !a.passed() || (strict && !a.warnings.empty());
}

int FailedAggregates(const CheckRun& run) {
  int failed = 0;
  if (run.report) {
    for (const auto& a : run.report->aggregates) failed += Fails(a, run.strict) ? 1 : 0;
  }
  return failed;
}

}  // namespace

bool CheckRun::passed() const {
  for (const auto& d : diagnostics) {
    if (d.error || strict) return false;
  }
  if (!report) return false;
  return FailedPatterns(*this) == 0 && FailedAggregates(*this) == 0;
}

std::string DiagnosticHelpUri(const std::string& code, const std::string& title) {
  // GitHub's anchor of "## E104: unknown key": lower case, spaces to '-', punctuation dropped.
  std::string anchor;
  for (char c : code + ": " + title) {
    if (std::isalnum(static_cast<unsigned char>(c)))
      anchor += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    else if (c == ' ' || c == '-')
      anchor += '-';
    else if (c == '_')
      anchor += '_';
  }
  return std::string(kDocsBase) + "diagnostics.md#" + anchor;
}

// The model's diagnostics are on standard error already: the text report is the table alone,
// and nothing when the model has errors. Under --quiet it starts at the table, without the line
// saying what was loaded.
std::string RenderCheckText(const CheckRun& run) {
  if (!run.report) return "";
  const CheckReport& report = *run.report;
  const std::string& model_path = run.model_path;
  Printer out;
  out.Set({"path", model_path});
  if (!run.quiet) {
    out.Emit({{"table", report.table}, {"records", report.records}, {"items", report.items}},
             "$path$: table $table$, $records$ synthetic entities loaded as $items$ items\n\n");
  }
  std::size_t width = 7;
  for (const auto& p : report.patterns) width = std::max(width, p.name.size());
  out.Emit(fmt::format("{:<{}}  {:<6}  {:>5}  {:>8}  {:>10}  {:>8}  {:>8}  {:>14}  {:>9}\n",
                       "pattern", width, "status", "calls", "requests", "items read", "returned",
                       "units", "busiest part/s", "$/month"));
  for (const auto& p : report.patterns) {
    // The units a write consumed are its writes' and what it read first (its own item, the
    // groups of aggregates kept in its transaction), as an aggregate's are. The busiest
    // partition's read units for a read, write units for a write: the cell says which.
    out.Emit(fmt::format(
        "{:<{}}  {:<6}  {:>5}  {:>8}  {:>10}  {:>8}  {:>8.1f}  {:>14}  {:>9}\n", p.name, width,
        Status(p, run.strict), p.calls, p.requests, p.items_read, p.items_returned,
        p.write ? p.wcu + p.rcu : p.rcu,
        fmt::format("{:.1f} {}", p.hottest_partition_units_per_s, p.write ? "WCU" : "RCU"),
        (p.upper_bound ? "≤" : "") + Money(p.monthly_cost_usd)));
  }
  if (!report.aggregates.empty()) {
    // The staleness window: records of `of` on the stream, not yet applied, when the groups
    // were read before draining, and how many groups then lagged behind the oracle.
    std::size_t awidth = 9;
    for (const auto& a : report.aggregates) awidth = std::max(awidth, a.name.size());
    out.Emit("\n");
    out.Emit(fmt::format("{:<{}}  {:<6}  {:<11}  {:>6}  {:>7}  {:>12}  {:>7}  {:>10}  {:>8}\n",
                         "aggregate", awidth, "status", "kept by", "groups", "pending",
                         "stale groups", "applied", "duplicates", "units"));
    for (const auto& a : report.aggregates) {
      out.Emit(fmt::format("{:<{}}  {:<6}  {:<11}  {:>6}  {:>7}  {:>12}  {:>7}  {:>10}  {:>8.1f}\n",
                           a.name, awidth, Fails(a, run.strict) ? "fail" : "pass", a.maintainer,
                           a.groups_compared, a.pending_records, a.stale_groups, a.records_applied,
                           a.duplicates, a.wcu + a.rcu));
    }
  }
  int warned = 0;
  for (const auto& a : report.aggregates) {
    for (const auto& f : a.failures) {
      out.Emit("\n");
      out.Emit({{"line", a.range.begin.line}, {"column", a.range.begin.column}, {"text", f}},
               "$path$:$line$:$column$: FAIL $text$\n");
    }
  }
  for (const auto& p : report.patterns) {
    for (const auto& f : p.failures) {
      out.Emit("\n");
      out.Emit({{"line", p.range.begin.line}, {"column", p.range.begin.column}, {"text", f}},
               "$path$:$line$:$column$: FAIL $text$\n");
    }
  }
  int failed = FailedPatterns(run);
  for (const auto& p : report.patterns) {
    for (const auto& w : p.warnings) {
      out.Emit("\n");
      out.Emit({{"line", p.range.begin.line}, {"column", p.range.begin.column}, {"text", w}},
               "$path$:$line$:$column$: warning: $text$\n");
      ++warned;
    }
  }
  out.Emit("\n");
  out.Emit({{"count", report.patterns.size()},
            {"passed", report.patterns.size() - static_cast<std::size_t>(failed)},
            {"failed", failed},
            {"warned", warned},
            {"s", warned == 1 ? "" : "s"},
            {"cost", Money(report.monthly_cost_usd)},
            {"mode", report.provisioned ? "provisioned" : "on-demand"}},
           "$count$ patterns: $passed$ passed, $failed$ failed, $warned$ warning$s$; estimated "
           "$mode$ cost "
           "$$$cost$/month at the declared rates\n");
  if (!report.aggregates.empty()) {
    int failed_aggregates = FailedAggregates(run);
    out.Emit({{"count", report.aggregates.size()},
              {"s", report.aggregates.size() == 1 ? "" : "s"},
              {"passed", report.aggregates.size() - static_cast<std::size_t>(failed_aggregates)},
              {"failed", failed_aggregates}},
             "$count$ aggregate$s$: $passed$ passed, $failed$ failed\n");
  }
  // The model's own warnings (validate and design print them above): --strict fails on them too.
  int model_warnings = 0;
  for (const auto& d : run.diagnostics) model_warnings += d.error ? 0 : 1;
  if (model_warnings > 0) {
    out.Emit({{"n", model_warnings}, {"s", model_warnings == 1 ? "" : "s"}},
             "the model has $n$ warning$s$ of its own (printed above)\n");
  }
  if (run.strict && (warned > 0 || model_warnings > 0)) out.Emit("--strict: the warnings fail\n");
  return out.Release();
}

std::string RenderCheckJson(const CheckRun& run) {
  Json j;
  j["format_version"] = kCheckJsonFormatVersion;
  j["model"] = run.model_path;
  if (run.report) j["table"] = run.report->table;
  j["passed"] = run.passed();
  j["strict"] = run.strict;
  j["seed"] = run.seed;
  j["scale"] = run.scale;
  if (run.report) {
    j["records"] = run.report->records;
    j["items"] = run.report->items;
    j["monthly_cost_usd"] = Round(run.report->monthly_cost_usd);
    j["billing"] = run.report->provisioned ? "provisioned" : "on_demand";
  }
  j["diagnostics"] = Json::array();
  for (const auto& d : run.diagnostics) {
    Json e;
    e["code"] = d.code;
    e["severity"] = d.error ? "error" : "warning";
    e["line"] = d.line;
    e["column"] = d.column;
    e["message"] = d.message;
    j["diagnostics"].push_back(std::move(e));
  }
  j["patterns"] = Json::array();
  if (run.report) {
    for (const auto& p : run.report->patterns) {
      Json e;
      e["name"] = p.name;
      e["kind"] = p.write ? "write" : "read";
      e["status"] = Status(p, run.strict);
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
      e["upper_bound"] = p.upper_bound;
      e["failures"] = p.failures;
      e["warnings"] = p.warnings;
      j["patterns"].push_back(std::move(e));
    }
    if (!run.report->aggregates.empty()) {
      j["aggregates"] = Json::array();
      for (const auto& a : run.report->aggregates) {
        Json e;
        e["name"] = a.name;
        e["status"] = Fails(a, run.strict) ? "fail" : "pass";
        e["maintainer"] = a.maintainer;
        e["line"] = a.range.begin.line;
        e["groups_compared"] = a.groups_compared;
        e["pending_records"] = a.pending_records;
        e["stale_groups"] = a.stale_groups;
        e["records_applied"] = a.records_applied;
        e["duplicates"] = a.duplicates;
        e["requests"] = a.requests;
        e["rcu"] = Round(a.rcu);
        e["wcu"] = Round(a.wcu);
        e["failures"] = a.failures;
        e["warnings"] = a.warnings;
        j["aggregates"].push_back(std::move(e));
      }
    }
  }
  return codegen::DumpJson(j);
}

// JUnit XML keeps its indentation in the templates: the printer's indentation would also indent
// the lines of multi-line failure texts. The model's diagnostics come first, one test case each
// (an <error> for an error; a warning is a <failure> under strict, else passes with its text),
// then one test case per pattern.
std::string RenderCheckJunit(const CheckRun& run) {
  int errors = 0, failures = 0;
  for (const auto& d : run.diagnostics) {
    if (d.error)
      ++errors;
    else if (run.strict)
      ++failures;
  }
  failures += FailedPatterns(run) + FailedAggregates(run);
  std::size_t tests =
      run.diagnostics.size() +
      (run.report ? run.report->patterns.size() + run.report->aggregates.size() : 0);
  Printer out;
  out.Set({"path", XmlAttribute(run.model_path)});
  out.Set({"tests", tests});
  out.Set({"failures", failures});
  out.Set({"errors", errors});
  out.Set({"time", fmt::format("{:.3f}", run.seconds)});
  out.Set({"timestamp", XmlAttribute(run.timestamp)});
  out.Emit({}, R"(
    <?xml version="1.0" encoding="UTF-8"?>
    <testsuites name="model check" tests="$tests$" failures="$failures$" errors="$errors$" time="$time$" timestamp="$timestamp$">
      <testsuite name="$path$" tests="$tests$" failures="$failures$" errors="$errors$" skipped="0" time="$time$" timestamp="$timestamp$">
  )");
  for (const auto& d : run.diagnostics) {
    std::string line = DiagnosticLine(run.model_path, d);
    out.Emit({{"name", XmlAttribute(d.code + " " + d.title)}, {"line", d.line}},
             "    <testcase classname=\"model.diagnostics\" name=\"$name$\" file=\"$path$\" "
             "line=\"$line$\">\n");
    std::vector<codegen::Sub> vars{
        {"message", XmlAttribute(d.message)}, {"code", d.code}, {"text", XmlText(line + "\n")}};
    if (d.error) {
      out.Emit(vars, "      <error message=\"$message$\" type=\"$code$\">$text$</error>\n");
    } else if (run.strict) {
      out.Emit(vars, "      <failure message=\"$message$\" type=\"$code$\">$text$</failure>\n");
    } else {
      out.Emit(vars, "      <system-out>$text$</system-out>\n");
    }
    out.Emit("    </testcase>\n");
  }
  if (run.report) {
    for (const auto& p : run.report->patterns) {
      out.Emit({{"table", XmlAttribute(run.report->table)},
                {"kind", p.write ? "write_patterns" : "access_patterns"},
                {"name", XmlAttribute(p.name)},
                {"line", p.range.begin.line}},
               "    <testcase classname=\"$table$.$kind$\" name=\"$name$\" file=\"$path$\" "
               "line=\"$line$\"");
      if (p.passed() && p.warnings.empty()) {
        out.Emit("/>\n");
        continue;
      }
      out.Emit(">\n");
      if (!p.passed()) {
        std::string text;
        for (const auto& f : p.failures) text += f + "\n";
        out.Emit(
            {{"message", XmlAttribute(p.failures.front().substr(0, p.failures.front().find('\n')))},
             {"text", XmlText(text)}},
            "      <failure message=\"$message$\" type=\"PatternFailed\">$text$</failure>\n");
      }
      if (!p.warnings.empty()) {
        std::string text;
        for (const auto& w : p.warnings) text += "warning: " + w + "\n";
        if (run.strict && p.passed()) {
          out.Emit(
              {{"message", XmlAttribute("warning: " + p.warnings.front().substr(
                                                          0, p.warnings.front().find('\n')))},
               {"text", XmlText(text)}},
              "      <failure message=\"$message$\" type=\"PatternWarning\">$text$</failure>\n");
        } else {
          out.Emit({{"text", XmlText(text)}}, "      <system-out>$text$</system-out>\n");
        }
      }
      out.Emit("    </testcase>\n");
    }
    for (const auto& a : run.report->aggregates) {
      out.Emit({{"table", XmlAttribute(run.report->table)},
                {"name", XmlAttribute(a.name)},
                {"line", a.range.begin.line}},
               "    <testcase classname=\"$table$.aggregates\" name=\"$name$\" file=\"$path$\" "
               "line=\"$line$\"");
      if (a.passed()) {
        out.Emit("/>\n");
        continue;
      }
      std::string text;
      for (const auto& f : a.failures) text += f + "\n";
      out.Emit({{"message", XmlAttribute(a.failures.front())}, {"text", XmlText(text)}},
               ">\n      <failure message=\"$message$\" type=\"AggregateDrift\">$text$</failure>\n"
               "    </testcase>\n");
    }
  }
  out.Emit("  </testsuite>\n</testsuites>\n");
  return out.Release();
}

// One rule per code that has a result (the diagnostics' codes, sorted) and, when the patterns
// were checked, the two check rules; each result names its rule by id and index.
std::string RenderCheckSarif(const CheckRun& run) {
  struct Rule {
    std::string id, title, help, level;
  };
  std::map<std::string, Rule> by_code;
  for (const auto& d : run.diagnostics) {
    by_code.emplace(d.code, Rule{d.code, d.title, DiagnosticHelpUri(d.code, d.title),
                                 d.error ? "error" : "warning"});
  }
  std::vector<Rule> rules;
  for (auto& [code, rule] : by_code) rules.push_back(std::move(rule));
  if (run.report) {
    rules.push_back({"pattern-fails",
                     "An access or write pattern gives a wrong answer or would throttle",
                     std::string(kDocsBase) + "diagnostics.md#pattern-fails", "error"});
    rules.push_back({"pattern-warning",
                     "An access pattern reads far more than it returns, or is near a limit",
                     std::string(kDocsBase) + "diagnostics.md#pattern-warning", "warning"});
  }
  auto index_of = [&](const std::string& id) {
    for (std::size_t i = 0; i < rules.size(); ++i) {
      if (rules[i].id == id) return static_cast<int>(i);
    }
    return -1;
  };
  Json rules_json = Json::array();
  for (const Rule& r : rules) {
    rules_json.push_back({{"id", r.id},
                          {"shortDescription", {{"text", r.title}}},
                          {"helpUri", r.help},
                          {"defaultConfiguration", {{"level", r.level}}}});
  }
  Json results = Json::array();
  auto add = [&](const std::string& rule, const std::string& level, const std::string& text,
                 int line, int column) {
    Json physical = {{"artifactLocation", {{"uri", run.uri}}}};
    if (line > 0) physical["region"] = {{"startLine", line}, {"startColumn", std::max(1, column)}};
    results.push_back({{"ruleId", rule},
                       {"ruleIndex", index_of(rule)},
                       {"level", level},
                       {"message", {{"text", text}}},
                       {"locations", Json::array({{{"physicalLocation", physical}}})}});
  };
  for (const auto& d : run.diagnostics) {
    add(d.code, d.error ? "error" : WarningLevel(run.strict), d.message, d.line, d.column);
  }
  if (run.report) {
    for (const auto& p : run.report->patterns) {
      int line = std::max(1, p.range.begin.line);
      for (const auto& f : p.failures) add("pattern-fails", "error", f, line, p.range.begin.column);
      for (const auto& w : p.warnings)
        add("pattern-warning", WarningLevel(run.strict), w, line, p.range.begin.column);
    }
    // An aggregate that drifts fails like a pattern, at its declaration.
    for (const auto& a : run.report->aggregates) {
      int line = std::max(1, a.range.begin.line);
      for (const auto& f : a.failures) add("pattern-fails", "error", f, line, a.range.begin.column);
    }
  }
  Json driver = {{"name", "model"},
                 {"version", run.version},
                 {"informationUri", "https://github.com/model-dynamodb/model"},
                 {"rules", rules_json}};
  Json sarif = {{"version", "2.1.0"},
                {"$schema", "https://json.schemastore.org/sarif-2.1.0.json"},
                {"runs", Json::array({{{"tool", {{"driver", driver}}}, {"results", results}}})}};
  return codegen::DumpJson(sarif);
}

}  // namespace model
