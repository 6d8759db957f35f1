#include "cli/verbs/diagram.h"

#include <fmt/format.h>

#include <filesystem>

#include "cli/app.h"
#include "cli/driver.h"
#include "cli/io.h"
#include "codegen/diagram/diagram.h"

namespace model::cli {

namespace fs = std::filesystem;

namespace {

codegen::DiagramKind KindOf(const std::string& kind) {
  if (kind == "erd") return codegen::DiagramKind::kErd;
  if (kind == "table") return codegen::DiagramKind::kTable;
  if (kind == "index") return codegen::DiagramKind::kIndex;
  return codegen::DiagramKind::kAll;
}

// --format, else -o's extension when it names a format, else SVG.
codegen::DiagramFormat FormatOf(const std::string& format, const std::string& output) {
  std::string name = format;
  if (name.empty() && !output.empty()) {
    name = fs::path(output).extension().string();
    if (!name.empty()) name.erase(0, 1);
  }
  if (name == "dot") return codegen::DiagramFormat::kDot;
  if (name == "png") return codegen::DiagramFormat::kPng;
  return codegen::DiagramFormat::kSvg;
}

bool IsFolder(const std::string& path) {
  std::error_code ec;
  return (!path.empty() && path.back() == '/') || fs::is_directory(path, ec);
}

}  // namespace

int Diagram(const DiagramOptions& options, std::ostream& out, std::ostream& err) {
  Compilation compilation(options.file, err);
  const KeyLayout* layout = compilation.Derive();
  if (!layout) return compilation.exit_code();
  const Model& m = *compilation.Load();

  codegen::DiagramFormat format = FormatOf(options.format, options.output);
  std::vector<codegen::DiagramText> diagrams = codegen::Diagrams(m, *layout, KindOf(options.kind));
  if (diagrams.empty()) {
    err << fmt::format(
        "model: error: the layout of {} has no global secondary index, so "
        "--kind index has nothing to draw\n",
        options.file);
    return kExitUsage;
  }
  std::string ext = codegen::DiagramExtension(format);

  // One diagram of DOT without -o: standard output.
  if (diagrams.size() == 1 && options.output.empty() && format == codegen::DiagramFormat::kDot) {
    out << diagrams.front().dot;
    return kExitOk;
  }

  // Where the files go: a folder, and each file's name in it.
  std::string folder = options.output.empty() ? "diagrams" : options.output;
  std::string single_name;  // set when -o names the one file
  if (diagrams.size() == 1 && !options.output.empty() && !IsFolder(options.output)) {
    fs::path target(options.output);
    folder = target.has_parent_path() ? target.parent_path().string() : ".";
    single_name = target.filename().string();
  } else if (!options.output.empty()) {
    std::error_code ec;
    if (fs::exists(options.output, ec) && !fs::is_directory(options.output, ec)) {
      err << fmt::format(
          "model: error: cannot write the diagrams into '{}': it is a file; with "
          "several diagrams -o names a folder\n",
          options.output);
      return kExitIo;
    }
    std::string given_ext = fs::path(options.output).extension().string();
    if (!IsFolder(options.output) &&
        (given_ext == ".dot" || given_ext == ".svg" || given_ext == ".png")) {
      err << fmt::format(
          "model: error: -o '{}' names a file, but --kind {} draws {} diagrams; "
          "give a folder, or pick one --kind\n",
          options.output, options.kind, diagrams.size());
      return kExitUsage;
    }
  }

  codegen::OutputMap outputs;
  for (const auto& d : diagrams) {
    std::string bytes, error;
    if (!codegen::RenderDiagram(m, d, format, bytes, error)) {
      err << "model: error: " << error << "\n";
      return kExitIo;
    }
    outputs.Add(single_name.empty() ? d.name + "." + ext : single_name, std::move(bytes));
  }
  // Each file atomically (cli/io.h); when one fails, the files this run created are removed
  // again, so a failed run leaves no new files behind.
  std::vector<fs::path> fresh;
  for (const auto& [name, bytes] : outputs) {
    std::error_code ec;
    fs::path target = fs::path(folder) / name;
    if (!fs::exists(target, ec)) fresh.push_back(target);
  }
  std::string error;
  // One diagram to a file named with -o: its folder must exist, as for any file -o names
  // (cli/io.h WriteFileAtomically); a folder of diagrams is created.
  if (!single_name.empty() && !folder.empty()) {
    std::error_code ec;
    if (!fs::exists(folder, ec)) {
      err << fmt::format("model: error: cannot write '{}': the folder '{}' does not exist\n",
                         options.output, folder);
      return kExitIo;
    }
  }
  if (!WriteOutputMap(folder, outputs, error)) {
    std::error_code ec;
    for (const auto& path : fresh) fs::remove(path, ec);
    err << "model: error: " << error << "\n";
    return kExitIo;
  }
  for (const auto& [name, bytes] : outputs) {
    if (options.quiet) break;
    out << "wrote " << (single_name.empty() ? (fs::path(folder) / name).string() : options.output)
        << "\n";
  }
  return kExitOk;
}

}  // namespace model::cli
