#include "cli/outputs.h"

#include <fmt/format.h>

#include <filesystem>

#include "cli/verbs/docs.h"
#include "cli/verbs/export.h"
#include "codegen/cpp/cpp.h"
#include "codegen/diagram/diagram.h"
#include "codegen/export/export.h"

namespace model::cli {

namespace fs = std::filesystem;

namespace {

codegen::DiagramKind DiagramKindOf(const std::string& kind) {
  if (kind == "erd") return codegen::DiagramKind::kErd;
  if (kind == "table") return codegen::DiagramKind::kTable;
  if (kind == "index") return codegen::DiagramKind::kIndex;
  return codegen::DiagramKind::kAll;
}

codegen::DiagramFormat DiagramFormatOf(const std::string& format) {
  if (format == "dot") return codegen::DiagramFormat::kDot;
  if (format == "png") return codegen::DiagramFormat::kPng;
  return codegen::DiagramFormat::kSvg;
}

std::string Join(const std::string& dir, const std::string& path) {
  return dir.empty() ? path : (fs::path(dir) / path).generic_string();
}

// An output that is one file: `out` relative to the model's folder.
void SingleFile(const std::string& model_dir, const std::string& out, std::string text,
                PlannedOutput& plan) {
  fs::path target(out);
  plan.folder =
      Join(model_dir, target.has_parent_path() ? target.parent_path().generic_string() : "");
  if (plan.folder.empty()) plan.folder = ".";
  plan.files.Add(target.filename().generic_string(), std::move(text));
}

// Diagrams: `out` is a folder for several diagrams, the file itself for one (erd, table, or
// index with one GSI).
bool PlanDiagrams(const Model& model, const KeyLayout& layout, const OutputSpec& spec,
                  const std::string& model_dir, PlannedOutput& plan, std::string& error) {
  codegen::OutputMap rendered;
  if (!codegen::DiagramOutputs(model, layout, DiagramKindOf(spec.diagram),
                               DiagramFormatOf(spec.format), rendered, error)) {
    return false;
  }
  if (rendered.empty()) {
    error = "the layout has no global secondary index to draw";
    return false;
  }
  bool several = spec.diagram == "all" || rendered.size() > 1;
  if (several) {
    plan.folder = Join(model_dir, spec.out);
    plan.files = std::move(rendered);
    return true;
  }
  SingleFile(model_dir, spec.out, rendered.begin()->second, plan);
  return true;
}

// An export: `out` names the file.
bool PlanExport(const Model& model, const KeyLayout& layout, const OutputSpec& spec,
                const std::string& model_dir, PlannedOutput& plan, std::string& error) {
  auto kind = codegen::ParseExportKind(spec.to);
  if (!kind) {
    error = fmt::format("unknown export kind '{}'", spec.to);
    return false;
  }
  ExportVerbOptions options;
  if (!spec.format.empty()) options.format = spec.format;
  if (options.format == "yaml" && *kind != codegen::ExportKind::kCloudFormation) {
    error = "format: yaml applies to cloudformation exports only";
    return false;
  }
  SingleFile(model_dir, spec.out, ExportText(model, layout, *kind, options), plan);
  return true;
}

// Docs: `out` is the folder of index.html, README.md and diagrams/.
bool PlanDocs(const Model& model, const KeyLayout& layout, const OutputSpec& spec,
              const std::string& model_dir, PlannedOutput& plan, std::string& error) {
  std::optional<CheckReport> report;
  if (!DocsFiles(model, layout, spec.check, plan.files, report, error)) return false;
  plan.folder = Join(model_dir, spec.out);
  return true;
}

// C++ accessors: `out` is the folder of NAME.h, NAME.cpp and CMakeLists.txt.
void PlanCodegen(const Model& model, const KeyLayout& layout, const OutputSpec& spec,
                 const std::string& model_path, const std::string& model_dir, PlannedOutput& plan) {
  codegen::CppOptions cpp;
  cpp.name = spec.name;
  cpp.name_space = spec.cpp_namespace;
  cpp.source = model_path;
  for (auto& f : codegen::GenerateCpp(model, layout, cpp))
    plan.files.Add(f.path, std::move(f.text));
  plan.folder = Join(model_dir, spec.out);
}

}  // namespace

bool PlanOutputs(Compilation& compilation, const std::string& model_dir,
                 std::vector<PlannedOutput>& planned, std::string& error) {
  const KeyLayout* layout = compilation.Derive();
  if (!layout) {
    error = "the model has errors";
    return false;
  }
  const Model& model = *compilation.Load();
  for (std::size_t i = 0; i < model.outputs.size(); ++i) {
    const OutputSpec& spec = model.outputs[i];
    PlannedOutput plan;
    plan.spec = &spec;
    std::string why;
    bool ok = false;
    switch (spec.kind) {
      case OutputKind::kDiagram:
        ok = PlanDiagrams(model, *layout, spec, model_dir, plan, why);
        break;
      case OutputKind::kExport:
        ok = PlanExport(model, *layout, spec, model_dir, plan, why);
        break;
      case OutputKind::kDocs:
        ok = PlanDocs(model, *layout, spec, model_dir, plan, why);
        break;
      case OutputKind::kCodegen:
        PlanCodegen(model, *layout, spec, compilation.path(), model_dir, plan);
        ok = true;
        break;
    }
    if (!ok) {
      error =
          fmt::format("output #{} ({} {}): {}", i + 1, OutputKindName(spec.kind), spec.out, why);
      return false;
    }
    planned.push_back(std::move(plan));
  }
  return true;
}

}  // namespace model::cli
