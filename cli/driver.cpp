#include "cli/driver.h"

#include <fmt/format.h>

#include <algorithm>
#include <utility>

#include "cli/app.h"
#include "cli/io.h"
#include "cli/patterns.h"
#include "model/base/diagnostics.h"
#include "model/base/diagnostics_render.h"
#include "model/derive/derive.h"
#include "model/load/loader.h"

namespace model::cli {

namespace {

// The stream slot (std::ios_base::iword) holding the colour setting; one per process.
int ColorSlot() {
  static const int slot = std::ios_base::xalloc();
  return slot;
}

std::string NameOf(const std::string& path) { return path == "-" ? "<stdin>" : path; }

}  // namespace

void SetColorDiagnostics(std::ostream& err, bool color) { err.iword(ColorSlot()) = color ? 1 : 0; }

bool ColorDiagnostics(std::ostream& err) { return err.iword(ColorSlot()) != 0; }

Compilation::Compilation(std::string path, std::ostream& err)
    : path_(std::move(path)), name_(NameOf(path_)), err_(err) {}

Compilation::Compilation(std::string path, std::string text, std::ostream& err)
    : path_(std::move(path)), name_(NameOf(path_)), err_(err), text_(std::move(text)) {}

const SourceFile* Compilation::Read() {
  if (runs(Phase::kRead) == 0) {
    ++runs_[static_cast<std::size_t>(Phase::kRead)];
    if (!text_) {
      std::string error;
      text_ = path_ == "-" ? ReadStandardInput(error) : ReadTextFile(path_, error);
      if (!text_) {
        err_ << "model: error: " << error << "\n";
        exit_code_ = kExitIo;
        return nullptr;
      }
    }
    file_ = std::make_unique<SourceFile>(name_, std::move(*text_));
    text_.reset();
  }
  return file_.get();
}

template <typename T, typename Run>
const T* Compilation::RunOnce(Phase phase, bool ready, std::optional<T>& result, Run run) {
  if (ready && runs(phase) == 0) {
    ++runs_[static_cast<std::size_t>(phase)];
    Diagnostics diags(file_.get());
    std::optional<T> out = run(diags);
    err_ << RenderDiagnosticsBody(diags, RenderOptions{ColorDiagnostics(err_)});
    errors_ += diags.ErrorCount();
    warnings_ += diags.WarningCount();
    std::vector<Diagnostic> mine = diags.all();
    std::stable_sort(mine.begin(), mine.end(), [](const Diagnostic& a, const Diagnostic& b) {
      if (a.range.begin.line != b.range.begin.line) return a.range.begin.line < b.range.begin.line;
      return a.range.begin.column < b.range.begin.column;
    });
    diagnostics_.insert(diagnostics_.end(), mine.begin(), mine.end());
    if (diags.HasErrors() || !out) {
      exit_code_ = kExitModelError;
    } else {
      result = std::move(out);
    }
    // No phase runs after a failure or after the last one: the summary line ends the
    // diagnostics of every phase that ran.
    if (exit_code_ != kExitOk || phase == Phase::kDerive) Summarize();
  }
  return result ? &*result : nullptr;
}

void Compilation::Summarize() {
  if (summarized_) return;
  summarized_ = true;
  err_ << DiagnosticsSummaryLine(errors_, warnings_);
}

Compilation::~Compilation() { Summarize(); }

const Model* Compilation::Load() {
  const SourceFile* file = Read();
  return RunOnce(Phase::kLoad, file != nullptr, model_,
                 [&](Diagnostics& diags) { return load::LoadModel(*file, diags); });
}

const KeyLayout* Compilation::Derive() {
  const Model* m = Load();
  return RunOnce(Phase::kDerive, m != nullptr, layout_,
                 [&](Diagnostics& diags) { return derive::DeriveLayout(*m, diags); });
}

bool Compilation::RequirePattern(const std::string& name, bool aggregates) {
  const Model* m = Load();
  if (!m) return false;
  PatternMatch match = FindPattern(*m, name, aggregates);
  if (match.found()) return true;
  Summarize();  // the verb stops here: the model's warnings, summed up, before the usage error
  err_ << UnknownPatternError(name_, name, match.closest, aggregates);
  // The names an aggregate may be given by, which a typo's suggestion may not reach.
  if (aggregates && !m->aggregates.empty()) {
    std::vector<std::string> names;
    for (const AggregateDecl& a : m->aggregates) names.push_back(a.name);
    err_ << fmt::format("model: note: {} declares aggregate{} {}\n", name_,
                        names.size() == 1 ? "" : "s", fmt::join(names, ", "));
  }
  exit_code_ = kExitUsage;
  return false;
}

}  // namespace model::cli
