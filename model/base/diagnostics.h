// Diagnostics: what the user did wrong, where, and how to fix it.
//
// Every user mistake becomes a Diagnostic naming a row of the table of codes
// (diagnostic_codes.h: a stable code documented in docs/diagnostics.md, and the severity), a
// range in a source file, a message, and optional notes pointing at related declarations, in
// the same file or another one the sink's SourceManager knows. Library code never throws or exits
// on user mistakes: it reports into a Diagnostics sink, and the caller runs the next phase only
// when the sink holds no errors. Rendering follows gcc so editors can jump to the place, and
// shows the source line with the range underlined (always, as gcc and rustc do):
//
//   samples/hr/model.yaml:41:9: error: unknown key 'retuns'; did you mean 'returns'? [E104]
//      41 |         retuns: Order
//         |         ^~~~~~
//   samples/hr/model.yaml:12:3: note: entity 'Order' is declared here
//      12 |   Order:
//         |   ^~~~~
//   1 error generated.
//
// A source line is shown as text: bytes that are not UTF-8 and control characters other than
// tab are shown as U+FFFD, so rendering never fails and never sends a terminal escape.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "model/base/diagnostic_codes.h"
#include "model/base/source.h"

namespace model {

struct DiagnosticNote {
  SourceRange range;
  std::string message;
};

// How Render writes: `color` adds gcc's ANSI colours (bold locations, red errors, magenta
// warnings, cyan notes, green carets); the text is otherwise the same.
struct RenderOptions {
  bool color = false;
};

struct Diagnostic {
  DiagId id;
  Severity severity = Severity::kError;  // the table's, for id
  SourceRange range;
  std::string message;
  std::vector<DiagnosticNote> notes;
};

// Collects the diagnostics of one run across phases; `file` is the main file (FileId 0).
class Diagnostics {
 public:
  explicit Diagnostics(const SourceFile* file) : sources_(file) {}

  // Adds a diagnostic; returns it so callers can attach notes. The id's row must have the
  // function's severity (checked when compiling; see ErrorId).
  Diagnostic& Error(ErrorId id, SourceRange range, std::string message);
  Diagnostic& Warning(WarningId id, SourceRange range, std::string message);
  static void Note(Diagnostic& d, SourceRange range, std::string message);

  // The files ranges may point into; add a file here before reporting a range in it.
  SourceManager& sources() { return sources_; }
  const SourceManager& sources() const { return sources_; }

  bool HasErrors() const { return error_count_ > 0; }
  int ErrorCount() const { return error_count_; }
  int WarningCount() const { return warning_count_; }
  const std::vector<Diagnostic>& all() const { return diagnostics_; }
  const SourceFile* file() const { return sources_.main(); }

  // gcc-style text: every diagnostic sorted by file and position (stable for equal ones), each
  // followed by its notes, each with its source line and caret when it has a position, then a
  // summary line ("2 errors and 1 warning generated.") when there is anything to report. Empty
  // when there are no diagnostics.
  std::string Render(const RenderOptions& options = {}) const;

 private:
  Diagnostic& Add(DiagId id, SourceRange range, std::string message);

  SourceManager sources_;
  std::vector<Diagnostic> diagnostics_;
  int error_count_ = 0;
  int warning_count_ = 0;
};

// "did you mean" support: the candidate `word` means, or empty when none is a plausible typo.
// A word people type for one of the candidates ("int" for "integer", "where" for "filter")
// proposes it; otherwise the candidate closest by Damerau-Levenshtein distance (case-insensitive;
// a swap of neighbouring letters is one edit) when it is close enough.
std::string ClosestMatch(std::string_view word, const std::vector<std::string>& candidates);

}  // namespace model
