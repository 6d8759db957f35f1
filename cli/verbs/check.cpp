#include "cli/verbs/check.h"

#include <unistd.h>

#include <fmt/format.h>

#include "cli/app.h"
#include "cli/driver.h"
#include "cli/verbs/check_endpoint.h"
#include "codegen/report/check_report.h"
#include "model/check/check.h"

namespace model::cli {

int Check(const CheckOptions& options, std::ostream& out, std::ostream& err) {
  Compilation compilation(options.file, err);
  // An unknown --pattern is reported before the layout is derived.
  if (!options.pattern.empty() && !compilation.RequirePattern(options.pattern)) return compilation.exit_code();
  const KeyLayout* layout = compilation.Derive();
  if (!layout) return compilation.exit_code();
  const Model& m = *compilation.Load();

  model::check::CheckOptions run;
  run.items = options.items;
  run.seed = options.seed;
  run.pattern = options.pattern;
  bool bar = ::isatty(2) == 1;
  if (bar) {
    run.stage = [&err](const std::string& stage) {
      err << fmt::format("\r{:<50}", stage + "...") << std::flush;
    };
    run.progress = [&err](int done, int total) {
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
    run.plane = &endpoint->plane();
  }
  auto report = check::RunCheck(m, endpoint ? endpoint->layout() : *layout, run);
  if (bar) err << "\r" << std::string(50, ' ') << "\r" << std::flush;
  if (!report.ok()) {
    err << fmt::format("model: error: {} failed: {}: {}\n", endpoint ? options.endpoint : "the simulated table",
                       report.error().name, report.error().message);
    return kExitIo;
  }
  report->table = layout->table_name;  // the model's name, whatever the endpoint's table was called
  if (options.format == "json") out << RenderCheckJson(*report, options.file);
  else if (options.format == "junit") out << RenderCheckJunit(*report, options.file);
  else if (options.format == "sarif") out << RenderCheckSarif(*report, options.file);
  else out << RenderCheckText(*report, options.file);
  if (!report->passed()) return kExitModelError;
  if (options.strict && report->has_warnings()) return kExitModelError;
  return kExitOk;
}

}  // namespace model::cli
