// The compilation driver: one model file through the phases, each run at most once.
//
// A verb asks a Compilation for what it needs and the driver runs the phases that lead to it,
// in order, on demand, caching each result: Load() reads the file (kRead) and turns it into the
// checked Model (kLoad: load::LoadModel parses the YAML and analyzes it); Derive() also derives
// the KeyLayout (kDerive). A phase runs only when every phase before it succeeded, so a model
// with load errors never derives, and none runs twice, however often a verb asks. Each phase
// renders its diagnostics (errors and warnings) to `err` once, when it runs, before the next
// phase starts; one summary line ("1 error and 2 warnings generated.") for all of them follows
// once no phase is left to run: after a failure, after Derive(), before RequirePattern's error,
// or else when the Compilation is destroyed. After a failure exit_code() is how the verb exits:
// kExitIo when the file could not be read, kExitModelError when a phase reported errors,
// kExitUsage when RequirePattern did not find a pattern.
//
// The path "-" means standard input: it is read once, like a file, and the diagnostics name it
// "<stdin>". Every diagnostic a phase rendered is also kept, in the order rendered, for reports
// that show them in their own format (diagnostics()).
#pragma once

#include <array>
#include <memory>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "model/base/diagnostics.h"
#include "model/base/source.h"
#include "model/layout.h"
#include "model/model.h"

namespace model::cli {

enum class Phase { kRead, kLoad, kDerive };

// Whether the diagnostics written to `err` are coloured. The setting travels with the stream
// (as std::boolalpha does), so every Compilation writing to it follows it: Run sets it once from
// --color, NO_COLOR and whether the stream is a terminal. Off unless set.
void SetColorDiagnostics(std::ostream& err, bool color);
bool ColorDiagnostics(std::ostream& err);

class Compilation {
 public:
  // Compiles the file at `path`, read from disk when a phase first needs it.
  Compilation(std::string path, std::ostream& err);
  // Compiles `text` as the contents of `path`; nothing is read from disk.
  Compilation(std::string path, std::string text, std::ostream& err);

  // Writes the summary line when the diagnostics rendered have not had it yet.
  ~Compilation();

  Compilation(const Compilation&) = delete;
  Compilation& operator=(const Compilation&) = delete;

  const std::string& path() const { return path_; }
  // The name the diagnostics and reports use: the path, or "<stdin>" for "-".
  const std::string& name() const { return name_; }
  // The file as read, or nullptr before a phase read it or when reading failed. Ranges of Load()'s
  // model point into it (FileId 0 of its own diagnostics).
  const SourceFile* file() const { return file_.get(); }

  // The checked model, or nullptr when reading or loading failed.
  const Model* Load();
  // The derived key layout, or nullptr when an earlier phase or the derivation failed.
  const KeyLayout* Derive();
  // Loads, then checks that `name` is an access or write pattern of the model (or, with
  // `aggregates`, an aggregate). When it is not, prints UnknownPatternError (cli/patterns.h) with
  // "did you mean", sets exit_code() to kExitUsage and returns false; false too when loading
  // failed.
  bool RequirePattern(const std::string& name, bool aggregates = false);

  // The exit code of the first failure; kExitOk while nothing failed.
  int exit_code() const { return exit_code_; }
  // Every diagnostic the phases that ran reported, each phase's sorted by position as rendered.
  const std::vector<Diagnostic>& diagnostics() const { return diagnostics_; }

  // How many times `phase` has run: 0 or 1.
  int runs(Phase phase) const { return runs_[static_cast<std::size_t>(phase)]; }

 private:
  const SourceFile* Read();
  // Runs `phase` (`run`, reporting into diagnostics of the file) unless it already ran or is not
  // `ready` (an earlier phase failed); renders its diagnostics and keeps its result in `result`
  // when it reported no error. Returns the result, or nullptr.
  template <typename T, typename Run>
  const T* RunOnce(Phase phase, bool ready, std::optional<T>& result, Run run);
  // Writes the summary line of every diagnostic rendered so far ("" when none), once.
  void Summarize();

  std::string path_;
  std::string name_;
  std::ostream& err_;
  std::optional<std::string> text_;  // given up front or read, until Read() makes file_
  std::unique_ptr<SourceFile> file_;
  std::optional<Model> model_;
  std::optional<KeyLayout> layout_;
  std::vector<Diagnostic> diagnostics_;
  std::array<int, 3> runs_{};
  int exit_code_ = 0;
  int errors_ = 0;  // diagnostics rendered, for the summary line
  int warnings_ = 0;
  bool summarized_ = false;
};

}  // namespace model::cli
