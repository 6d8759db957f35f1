#include "cli/verbs/generate.h"

#include <fmt/format.h>

#include <cstdlib>
#include <dtl/dtl.hpp>
#include <filesystem>
#include <optional>
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

// "@@ -1,0 +1,2 @@" -> "@@ -0,0 +1,2 @@": a range of 0 lines starts at the line before it.
std::string EmptyRangesFromZero(const std::string& header) {
  std::istringstream words(header);
  std::string out;
  for (std::string word; words >> word;) {
    std::size_t comma = word.find(',');
    if ((word[0] == '-' || word[0] == '+') && comma != std::string::npos &&
        word.substr(comma + 1) == "0") {
      long start = std::strtol(word.c_str() + 1, nullptr, 10);
      word = fmt::format("{}{},0", word[0], start > 0 ? start - 1 : 0);
    }
    out += (out.empty() ? "" : " ") + word;
  }
  return out;
}

bool LooksBinary(const std::string& text) { return text.find('\0') != std::string::npos; }

}  // namespace

std::string UnifiedDiff(const std::string& path, const std::string& before,
                        const std::string& after) {
  if (before == after) return "";
  std::vector<std::string> a = Lines(before);
  std::vector<std::string> b = Lines(after);
  dtl::Diff<std::string> diff(a, b);
  diff.compose();
  diff.composeUnifiedHunks();
  std::ostringstream hunks;
  diff.printUnifiedFormat(hunks);
  // dtl numbers an empty side's range from 1 ("-1,0"); unified diff numbers it from the line
  // before it ("-0,0"), as GNU diff and patch do.
  std::string text = "--- a/" + path + "\n+++ b/" + path + "\n";
  std::istringstream lines(hunks.str());
  for (std::string line; std::getline(lines, line);) {
    if (line.rfind("@@ ", 0) == 0) line = EmptyRangesFromZero(line);
    text += line + "\n";
  }
  return text;
}

int Generate(const GenerateOptions& options, std::ostream& out, std::ostream& err) {
  // The generated files name the model by its file name: the same bytes from any folder.
  std::string read_error;
  std::optional<std::string> source = ReadTextFile(options.file, read_error);
  if (!source) {
    err << "model: error: " << read_error << "\n";
    return kExitIo;
  }
  Compilation compilation(fs::path(options.file).filename().generic_string(), std::move(*source),
                          err);
  const Model* model = compilation.Load();
  if (!model) return compilation.exit_code();
  if (model->outputs.empty()) {
    err << fmt::format(
        "model: error: {} has no 'generate:' section, so there is nothing to "
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

  std::error_code ec;
  for (const auto& plan : planned) {
    for (const auto& [name, text] : plan.files) {
      if (fs::equivalent(fs::path(plan.folder) / name, options.file, ec)) {
        err << fmt::format(
            "model: error: an output of the generate: section would overwrite the "
            "model file {}; give it another 'out' path\n",
            options.file);
        return kExitIo;
      }
    }
  }

  if (!options.check) {
    for (const auto& plan : planned) {
      codegen::OutputMap
          changed;  // only what differs from the disk: unchanged files keep their time
      for (const auto& [name, text] : plan.files) {
        std::string ignored;
        std::optional<std::string> existing =
            ReadTextFile((fs::path(plan.folder) / name).string(), ignored);
        if (!existing || *existing != text) changed.Add(name, text);
      }
      if (!WriteOutputMap(plan.folder, changed, error)) {
        err << "model: error: " << error << "\n";
        return kExitIo;
      }
      if (options.quiet) continue;
      for (const auto& [name, text] : changed) {
        out << "wrote " << (fs::path(plan.folder) / name).lexically_normal().generic_string()
            << "\n";
      }
    }
    return kExitOk;
  }

  int total = 0;
  int bad = 0;
  for (const auto& plan : planned) {
    for (const auto& [name, text] : plan.files) {
      ++total;
      std::string path = (fs::path(plan.folder) / name).lexically_normal().generic_string();
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
    err << fmt::format(
        "model: {} of {} generated file{} {} missing or out of date; run 'model "
        "generate {}'\n",
        bad, total, total == 1 ? "" : "s", bad == 1 ? "is" : "are", options.file);
    return kExitModelError;
  }
  if (!options.quiet)
    out << fmt::format("{} generated file{} up to date\n", total, total == 1 ? " is" : "s are");
  return kExitOk;
}

}  // namespace model::cli
