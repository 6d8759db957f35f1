#include "cli/verbs/docs.h"

#include <fmt/format.h>
#include <unistd.h>

#include <filesystem>
#include <optional>

#include "cli/app.h"
#include "cli/driver.h"
#include "cli/io.h"
#include "codegen/diagram/diagram.h"
#include "codegen/docs/docs.h"
#include "model/check/check.h"
#include "model/check/sample.h"

namespace model::cli {

namespace fs = std::filesystem;

namespace {

// Writes every output under `dir`: first all into a staging folder inside `dir` (through
// WriteOutputMap, which refuses paths that would leave it), then each is renamed into place, so
// a failure while writing leaves no file of this run behind.
bool WriteDocsOutputs(const std::string& dir, const codegen::OutputMap& files, std::string& error) {
  std::error_code ec;
  if (fs::exists(dir, ec) && !fs::is_directory(dir, ec)) {
    error = fmt::format("cannot write to '{}': it is a file, not a folder", dir);
    return false;
  }
  fs::create_directories(dir, ec);
  if (ec) {
    error = fmt::format("cannot create the output folder '{}': {}", dir, ec.message());
    return false;
  }
  fs::path staging = fs::path(dir) / fmt::format(".model-docs.tmp-{}", ::getpid());
  fs::remove_all(staging, ec);
  if (!WriteOutputMap(staging.string(), files, error)) {
    fs::remove_all(staging, ec);
    return false;
  }
  for (const auto& [rel, text] : files) {
    fs::path target = fs::path(dir) / rel;
    fs::create_directories(target.parent_path(), ec);
    if (!ec) fs::rename(staging / rel, target, ec);
    if (ec) {
      error = fmt::format("cannot write '{}': {}", target.string(), ec.message());
      fs::remove_all(staging, ec);
      return false;
    }
  }
  fs::remove_all(staging, ec);
  return true;
}

}  // namespace

bool DocsFiles(const Model& m, const KeyLayout& layout, bool check, codegen::OutputMap& files,
               std::optional<CheckReport>& report, std::string& error) {
  check::CheckOptions run;  // the defaults of `model check`: the same synthetic data
  SampleItems samples = check::SampleItemsFor(m, layout, run);
  if (check) {
    auto checked = check::RunCheck(m, layout, run);
    if (!checked.ok()) {
      error = fmt::format("the simulated table failed: {}: {}", checked.error().name,
                          checked.error().message);
      return false;
    }
    report = std::move(checked.value());
  }
  codegen::DocsInput input{m, layout, samples, report ? &*report : nullptr, {}};
  std::vector<codegen::DiagramText> erd = codegen::Diagrams(m, layout, codegen::DiagramKind::kErd);
  if (!erd.empty() &&
      !codegen::RenderDiagram(m, erd.front(), codegen::DiagramFormat::kSvg, input.erd_svg, error)) {
    return false;
  }
  files = codegen::RenderDocs(input);
  return true;
}

int Docs(const DocsOptions& options, std::ostream& out, std::ostream& err) {
  // A file where the folder should be: refuse before doing any work.
  std::error_code ec;
  if (fs::exists(options.out_dir, ec) && !fs::is_directory(options.out_dir, ec)) {
    err << fmt::format("model: error: cannot write to '{}': it is a file, not a folder\n",
                       options.out_dir);
    return kExitIo;
  }
  Compilation compilation(options.file, err);
  const KeyLayout* layout = compilation.Derive();
  if (!layout) return compilation.exit_code();
  codegen::OutputMap files;
  std::optional<CheckReport> report;
  std::string error;
  if (!DocsFiles(*compilation.Load(), *layout, options.check, files, report, error)) {
    err << "model: error: " << error << "\n";
    return kExitIo;
  }
  if (!WriteDocsOutputs(options.out_dir, files, error)) {
    err << "model: error: " << error << "\n";
    return kExitIo;
  }
  out << fmt::format("wrote {} files to {}\n", files.size(), options.out_dir);
  if (report && !report->passed()) {
    err << fmt::format("model: {}: some patterns failed the check; the documentation shows which\n",
                       options.file);
    return kExitModelError;
  }
  return kExitOk;
}

}  // namespace model::cli
