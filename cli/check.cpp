#include "cli/check.h"

#include <unistd.h>

#include <fmt/format.h>

#include "cli/app.h"
#include "cli/load.h"
#include "codegen/report/check_report.h"
#include "model/check/check.h"
#include "model/derive/derive.h"
#include "model/base/diagnostics.h"

namespace model::cli {

int Check(const CheckOptions& options, std::ostream& out, std::ostream& err) {
  LoadedModel loaded = LoadModelFile(options.file, err);
  if (!loaded.model) return loaded.exit_code;
  const Model& m = *loaded.model;
  if (!options.pattern.empty()) {
    std::vector<std::string> names;
    for (const auto& p : m.access_patterns) names.push_back(p.name);
    for (const auto& w : m.write_patterns) names.push_back(w.name);
    if (std::find(names.begin(), names.end(), options.pattern) == names.end()) {
      std::string hint = ClosestMatch(options.pattern, names);
      err << fmt::format("model: error: {} has no access pattern or write pattern named '{}'{}\n", options.file,
                         options.pattern, hint.empty() ? "" : fmt::format("; did you mean '{}'?", hint));
      return kExitUsage;
    }
  }
  Diagnostics diags(loaded.file.get());
  auto layout = derive::DeriveLayout(m, diags);
  err << diags.Render();
  if (!layout || diags.HasErrors()) return kExitModelError;

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
  auto report = check::RunCheck(m, *layout, run);
  if (bar) err << "\r" << std::string(50, ' ') << "\r" << std::flush;
  if (!report.ok()) {
    err << fmt::format("model: error: the simulated table failed: {}: {}\n", report.error().name, report.error().message);
    return kExitIo;
  }
  if (options.format == "json") out << RenderCheckJson(*report, options.file);
  else if (options.format == "junit") out << RenderCheckJunit(*report, options.file);
  else if (options.format == "sarif") out << RenderCheckSarif(*report, options.file);
  else out << RenderCheckText(*report, options.file);
  if (!report->passed()) return kExitModelError;
  if (options.strict && report->has_warnings()) return kExitModelError;
  return kExitOk;
}

}  // namespace model::cli
