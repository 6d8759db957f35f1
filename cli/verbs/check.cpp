#include "cli/verbs/check.h"

#include <fmt/format.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <ctime>
#include <string>

#include "cli/app.h"
#include "cli/driver.h"
#include "cli/io.h"
#include "cli/verbs/check_endpoint.h"
#include "cli/version.h"
#include "codegen/report/check_report.h"
#include "model/check/check.h"

namespace model::cli {

namespace {

// The run's start, ISO 8601 UTC. SOURCE_DATE_EPOCH (seconds since 1970, the reproducible-builds
// convention) pins it, and then the reported duration is 0, so reports are byte-identical.
struct Clock {
  std::string timestamp;
  bool pinned = false;
  std::chrono::steady_clock::time_point start = std::chrono::steady_clock::now();
};

Clock StartClock() {
  Clock clock;
  std::time_t now = std::time(nullptr);
  if (const char* epoch = std::getenv("SOURCE_DATE_EPOCH")) {
    char* end = nullptr;
    long long seconds = std::strtoll(epoch, &end, 10);
    if (end != epoch && *end == '\0' && seconds >= 0) {
      now = static_cast<std::time_t>(seconds);
      clock.pinned = true;
    }
  }
  std::tm utc{};
  char text[32] = "1970-01-01T00:00:00Z";
  if (::gmtime_r(&now, &utc) != nullptr)
    std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &utc);
  clock.timestamp = text;
  return clock;
}

std::vector<ReportDiagnostic> ReportDiagnostics(const std::vector<Diagnostic>& diagnostics) {
  std::vector<ReportDiagnostic> out;
  for (const Diagnostic& d : diagnostics) {
    const DiagInfo& info = InfoOf(d.id);
    out.push_back(ReportDiagnostic{std::string(info.code), std::string(info.title),
                                   d.severity == Severity::kError, d.range.begin.line,
                                   d.range.begin.column, d.message});
  }
  return out;
}

std::string Render(const CheckRun& run, const std::string& format) {
  if (format == "json") return RenderCheckJson(run);
  if (format == "junit") return RenderCheckJunit(run);
  if (format == "sarif") return RenderCheckSarif(run);
  return RenderCheckText(run);
}

}  // namespace

int Check(const CheckOptions& options, std::ostream& out, std::ostream& err) {
  Clock clock = StartClock();
  Compilation compilation(options.file, err);
  // An unknown --pattern is reported before the layout is derived.
  if (!options.pattern.empty() &&
      !compilation.RequirePattern(options.pattern, /*aggregates=*/true) &&
      compilation.exit_code() != kExitModelError) {
    return compilation.exit_code();
  }
  const KeyLayout* layout = compilation.Derive();

  CheckRun run;
  run.model_path = compilation.name();
  run.uri = RepositoryRelativePath(options.file);
  if (options.file == "-") run.uri = "stdin";
  run.strict = options.strict;
  run.scale = options.items;
  run.seed = options.seed;
  run.version = std::string(kVersion);
  run.timestamp = clock.timestamp;
  run.quiet = options.quiet;

  std::optional<CheckReport> checked;
  if (layout) {
    model::check::CheckOptions settings;
    settings.items = options.items;
    settings.seed = options.seed;
    settings.pattern = options.pattern;
    bool bar = !options.quiet && ::isatty(2) == 1;
    if (bar) {
      settings.stage = [&err](const std::string& stage) {
        err << fmt::format("\r{:<50}", stage + "...") << std::flush;
      };
      settings.progress = [&err](int done, int total) {
        int width = 30;
        int filled = total == 0 ? width : done * width / total;
        err << fmt::format("\r[{}{}] {}/{}", std::string(static_cast<std::size_t>(filled), '#'),
                           std::string(static_cast<std::size_t>(width - filled), ' '), done, total)
            << std::flush;
      };
    }
    std::unique_ptr<EndpointTable> endpoint;
    if (!options.endpoint.empty()) {
      int exit_code = kExitOk;
      endpoint = EndpointTable::Open(options, *layout, err, &exit_code);
      if (!endpoint) return exit_code;
      settings.plane = &endpoint->plane();
    }
    auto report =
        check::RunCheck(*compilation.Load(), endpoint ? endpoint->layout() : *layout, settings);
    if (bar) err << "\r" << std::string(50, ' ') << "\r" << std::flush;
    if (!report.ok()) {
      err << fmt::format("model: error: {} failed: {}: {}\n",
                         endpoint ? options.endpoint : "the simulated table", report.error().name,
                         report.error().message);
      return kExitIo;
    }
    checked = std::move(report.value());
    checked->table =
        layout->table_name;  // the model's name, whatever the endpoint's table was called
    run.report = &*checked;
  } else if (compilation.exit_code() != kExitModelError) {
    return compilation.exit_code();  // the file could not be read: nothing to report on
  }
  run.diagnostics = ReportDiagnostics(compilation.diagnostics());
  if (!clock.pinned) {
    run.seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - clock.start).count();
  }

  if (!EmitDocument(options.output, Render(run, options.format), out, err)) return kExitIo;
  return run.passed() ? kExitOk : kExitModelError;
}

}  // namespace model::cli
