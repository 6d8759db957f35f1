// Renderings of a `model check` run: a table for people, JSON for tools, JUnit XML for CI test
// reporters, SARIF 2.1.0 for code-scanning views. All deterministic: the same run gives the same
// bytes (the run's time and timestamp come in CheckRun, so callers can pin them for tests).
//
// A run is the check report when the model loaded and derived, and the model's diagnostics
// (errors and warnings of loading and deriving) in every case: when the model has errors there
// is no report, and JSON, JUnit and SARIF still show each diagnostic (a `diagnostics` array, an
// error test case, a SARIF result whose rule is the code), so a change that breaks the model is
// annotated where it broke. Under `strict` every warning, of the model or of a pattern, is
// reported as a failure in every format, as the exit code treats it.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "model/check_report.h"

namespace model {

// One diagnostic of the model, as the reports show it.
struct ReportDiagnostic {
  std::string code;   // e.g. "E104"
  std::string title;  // the code's short title, e.g. "unknown key"
  bool error = true;  // false: a warning
  int line = 0;       // 1-based; 0 when it is about the whole file
  int column = 0;     // 1-based; 0 when unknown
  std::string message;
};

struct CheckRun {
  std::string model_path;               // as given on the command line (text, JSON, JUnit)
  std::string uri;                      // SARIF artifact location (relative to the repository root)
  const CheckReport* report = nullptr;  // nullptr when the model has errors: nothing was checked
  std::vector<ReportDiagnostic> diagnostics;  // the model's, in the order they were rendered
  bool strict = false;                        // warnings fail
  std::int64_t scale = 0;                     // synthetic records asked for (--items)
  std::uint64_t seed = 0;                     // seed of the synthetic data (--seed)
  std::string version;                        // of `model`
  std::string timestamp;  // when the run started, ISO 8601 UTC ("2024-01-01T00:00:00Z")
  double seconds = 0;     // how long it took
  // --quiet: the text report leaves out its first line, what was loaded (the other formats are
  // documents that hold it in their own fields).
  bool quiet = false;

  // False when the model has errors, a pattern failed, or (strict) anything warned.
  bool passed() const;
};

// The version of the JSON report's layout; raised when a key changes meaning or goes away.
inline constexpr int kCheckJsonFormatVersion = 1;

// Where docs/diagnostics.md documents `code` (a GitHub anchor of "## <code>: <title>").
std::string DiagnosticHelpUri(const std::string& code, const std::string& title);

std::string RenderCheckText(const CheckRun& run);
std::string RenderCheckJson(const CheckRun& run);
std::string RenderCheckJunit(const CheckRun& run);
std::string RenderCheckSarif(const CheckRun& run);

}  // namespace model
