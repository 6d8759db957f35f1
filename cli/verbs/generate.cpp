#include "cli/verbs/generate.h"

#include <dtl/dtl.hpp>
#include <fmt/format.h>

#include <filesystem>
#include <sstream>
#include <vector>

#include "cli/app.h"
#include "cli/driver.h"
#include "cli/io.h"
#include "cli/outputs.h"

namespace model::cli {

namespace fs = std::filesystem;

namespace {

// Lines without their terminators; a text that does not end with '\n' gets a marker line so the
// diff shows the difference.
std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> lines;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string::npos) {
      lines.push_back(text.substr(start));
      lines.push_back("\\ No newline at end of file");
      break;
    }
    lines.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  return lines;
}

bool LooksBinary(const std::string& text) { return text.find('\0') != std::string::npos; }

}  // namespace

std::string UnifiedDiff(const std::string& path, const std::string& before, const std::string& after) {
  if (before == after) return "";
  std::vector<std::string> a = Lines(before);
  std::vector<std::string> b = Lines(after);
  dtl::Diff<std::string> diff(a, b);
  diff.compose();
  diff.composeUnifiedHunks();
  std::ostringstream text;
  text << "--- a/" << path << "\n+++ b/" << path << "\n";
  diff.printUnifiedFormat(text);
  return text.str();
}

int Generate(const GenerateOptions& options, std::ostream& out, std::ostream& err) {
  Compilation compilation(options.file, err);
  const Model* model = compilation.Load();
  if (!model) return compilation.exit_code();
  if (model->outputs.empty()) {
    err << fmt::format("model: error: {} has no 'generate:' section, so there is nothing to "
                       "generate; list the outputs there (docs/model-format.md)\n",
                       options.file);
    return kExitUsage;
  }
  std::string model_dir = fs::path(options.file).parent_path().generic_string();
  std::vector<PlannedOutput> planned;
  std::string error;
  if (!PlanOutputs(compilation, model_dir, planned, error)) {
    if (compilation.exit_code() != 0) return compilation.exit_code();
    err << "model: error: " << error << "\n";
    return kExitIo;
  }

  if (!options.check) {
    for (const auto& plan : planned) {
      if (!WriteOutputMap(plan.folder, plan.files, error)) {
        err << "model: error: " << error << "\n";
        return kExitIo;
      }
      for (const auto& [name, text] : plan.files) {
        out << "wrote " << (fs::path(plan.folder) / name).generic_string() << "\n";
      }
    }
    return kExitOk;
  }

  int total = 0;
  int bad = 0;
  for (const auto& plan : planned) {
    for (const auto& [name, text] : plan.files) {
      ++total;
      std::string path = (fs::path(plan.folder) / name).generic_string();
      std::error_code ec;
      if (!fs::exists(path, ec)) {
        ++bad;
        out << "missing: " << path << "\n";
        continue;
      }
      std::optional<std::string> existing = ReadTextFile(path, error);
      if (!existing) {
        err << "model: error: " << error << "\n";
        return kExitIo;
      }
      if (*existing == text) continue;
      ++bad;
      out << "stale: " << path << "\n";
      if (options.diff && !LooksBinary(*existing) && !LooksBinary(text)) {
        out << UnifiedDiff(path, *existing, text);
      }
    }
  }
  if (bad > 0) {
    err << fmt::format("model: {} of {} generated file{} {} missing or out of date; run 'model "
                       "generate {}'\n",
                       bad, total, total == 1 ? "" : "s", bad == 1 ? "is" : "are", options.file);
    return kExitModelError;
  }
  out << fmt::format("{} generated file{} up to date\n", total, total == 1 ? " is" : "s are");
  return kExitOk;
}

}  // namespace model::cli
