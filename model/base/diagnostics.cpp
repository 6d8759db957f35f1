#include "model/base/diagnostics.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <string_view>
#include <vector>

#include "model/base/diagnostics_render.h"

namespace model {

Diagnostic& Diagnostics::Add(DiagId id, SourceRange range, std::string message) {
  Severity severity = InfoOf(id).severity;
  if (severity == Severity::kError) ++error_count_;
  if (severity == Severity::kWarning) ++warning_count_;
  diagnostics_.push_back(Diagnostic{id, severity, range, std::move(message), {}});
  return diagnostics_.back();
}

Diagnostic& Diagnostics::Error(ErrorId id, SourceRange range, std::string message) {
  return Add(id.id, range, std::move(message));
}

Diagnostic& Diagnostics::Warning(WarningId id, SourceRange range, std::string message) {
  return Add(id.id, range, std::move(message));
}

void Diagnostics::Note(Diagnostic& d, SourceRange range, std::string message) {
  d.notes.push_back(DiagnosticNote{range, std::move(message)});
}

namespace {

std::string Location(const SourceManager& sources, const SourceRange& range) {
  const SourceFile* file = sources.Get(range.file);
  std::string path = file ? file->path() : std::string("<input>");
  if (!range.valid()) return path;
  return fmt::format("{}:{}:{}", path, range.begin.line, range.begin.column);
}

const char* SeverityName(Severity s) {
  switch (s) {
    case Severity::kNote:
      return "note";
    case Severity::kWarning:
      return "warning";
    case Severity::kError:
      return "error";
  }
  return "error";
}

std::string Plural(int n, const char* word) {
  return fmt::format("{} {}{}", n, word, n == 1 ? "" : "s");
}

// gcc's colours (GCC_COLORS defaults): locations bold, and the severity word bold in its colour.
constexpr const char* kBold = "\033[1m";
constexpr const char* kReset = "\033[0m";
constexpr const char* kCaretColor = "\033[1;32m";

const char* SeverityColor(Severity s) {
  switch (s) {
    case Severity::kNote:
      return "\033[1;36m";
    case Severity::kWarning:
      return "\033[1;35m";
    case Severity::kError:
      return "\033[1;31m";
  }
  return "\033[1;31m";
}

// A source line as it is shown, and the caret line under the bytes [first, last] (0-based,
// inclusive; clamped to the line): each character takes one column, a tab stays a tab so the
// caret lines up, and what is not printable text becomes U+FFFD. A line longer than
// kMaxShownCharacters (minified JSON holds a whole file on one) is cut to that many around the
// caret, kShownBeforeCaret of them before it when it is far in, and "..." stands for each cut
// part; the caret stays under the byte it marks.
struct Snippet {
  std::string line;
  std::string pad;    // what comes before the caret: spaces, and tabs where the line has them
  std::string marks;  // the caret and the tildes
};

constexpr std::size_t kMaxShownCharacters = 160;
constexpr std::size_t kShownBeforeCaret = 60;
constexpr std::string_view kEllipsis = "...";

Snippet MakeSnippet(std::string_view text, std::size_t first, std::size_t last) {
  struct Character {
    std::size_t offset;  // of its first byte
    std::string shown;
    bool tab;
  };
  std::vector<Character> chars;
  for (std::size_t i = 0; i < text.size();) {
    std::size_t n = Utf8SequenceLength(text, i);
    auto b = static_cast<unsigned char>(text[i]);
    bool shown = n > 0 && !(n == 1 && (b < 0x20 || b == 0x7F) && b != '\t');
    chars.push_back(
        {i, shown ? std::string(text.substr(i, n)) : std::string("\xEF\xBF\xBD"), b == '\t'});
    i += n == 0 ? 1 : n;
  }
  // The character the caret is under (chars.size() when it is past the end of the line).
  std::size_t caret = 0;
  while (caret < chars.size() && chars[caret].offset < first) ++caret;
  // The window [begin, end) of characters shown.
  std::size_t begin = 0, end = chars.size();
  bool cut_left = false, cut_right = false;
  if (chars.size() > kMaxShownCharacters) {
    if (caret > kShownBeforeCaret) {
      cut_left = true;
      begin = caret - kShownBeforeCaret;
    }
    std::size_t room = kMaxShownCharacters - (cut_left ? kEllipsis.size() : 0);
    if (begin + room >= chars.size()) {
      if (cut_left) begin = chars.size() - room;
    } else {
      cut_right = true;
      end = begin + room - kEllipsis.size();
    }
  }
  Snippet s;
  if (cut_left) {
    s.line += kEllipsis;
    s.pad.append(kEllipsis.size(), ' ');
  }
  std::size_t underlined = 0;
  for (std::size_t c = begin; c < end; ++c) {
    s.line += chars[c].shown;
    if (c < caret)
      s.pad += chars[c].tab ? '\t' : ' ';
    else if (chars[c].offset <= last)
      ++underlined;
  }
  if (cut_right) s.line += kEllipsis;
  if (first >= text.size()) {
    s.pad.append(first - text.size(), ' ');
    underlined = 1;
  }
  s.marks = "^" + std::string(std::max<std::size_t>(underlined, 1) - 1, '~');
  return s;
}

// The source line of `range` with the range underlined, gcc style; empty without a position.
std::string SourceLines(const SourceManager& sources, const SourceRange& range, bool color) {
  const SourceFile* file = sources.Get(range.file);
  if (file == nullptr || !range.valid() || range.begin.line > file->LineCount()) return {};
  std::string_view text = file->Line(range.begin.line);
  auto first = static_cast<std::size_t>(std::max(range.begin.column, 1) - 1);
  std::size_t last = first;
  if (range.end.line > range.begin.line) {
    last = text.empty() ? first : std::max(first, text.size() - 1);
  } else if (range.end.line == range.begin.line && range.end.column > range.begin.column) {
    last = static_cast<std::size_t>(range.end.column - 1);
  }
  Snippet s = MakeSnippet(text, first, last);
  std::string number = std::to_string(range.begin.line);
  std::string gutter(std::max<std::size_t>(number.size(), 5), ' ');
  std::string numbered = gutter.substr(number.size()) + number;
  return fmt::format("{} | {}\n{} | {}{}{}{}\n", numbered, s.line, gutter, s.pad,
                     color ? kCaretColor : "", s.marks, color ? kReset : "");
}

std::string Header(const SourceManager& sources, const SourceRange& range, Severity severity,
                   bool color) {
  if (!color) return fmt::format("{}: {}:", Location(sources, range), SeverityName(severity));
  return fmt::format("{}{}:{} {}{}:{}", kBold, Location(sources, range), kReset,
                     SeverityColor(severity), SeverityName(severity), kReset);
}

}  // namespace

std::string RenderDiagnosticsBody(const Diagnostics& diags, const RenderOptions& options) {
  const SourceManager& sources = diags.sources();
  std::vector<const Diagnostic*> sorted;
  sorted.reserve(diags.all().size());
  for (const auto& d : diags.all()) sorted.push_back(&d);
  std::stable_sort(sorted.begin(), sorted.end(), [](const Diagnostic* a, const Diagnostic* b) {
    if (a->range.file != b->range.file) return a->range.file < b->range.file;
    return a->range.begin < b->range.begin;
  });
  std::string out;
  for (const Diagnostic* d : sorted) {
    out += fmt::format("{} {} [{}]\n", Header(sources, d->range, d->severity, options.color),
                       d->message, InfoOf(d->id).code);
    out += SourceLines(sources, d->range, options.color);
    for (const auto& n : d->notes) {
      out += fmt::format("{} {}\n", Header(sources, n.range, Severity::kNote, options.color),
                         n.message);
      out += SourceLines(sources, n.range, options.color);
    }
  }
  return out;
}

std::string DiagnosticsSummaryLine(int errors, int warnings) {
  if (errors > 0 && warnings > 0) {
    return fmt::format("{} and {} generated.\n", Plural(errors, "error"),
                       Plural(warnings, "warning"));
  }
  if (errors > 0) return fmt::format("{} generated.\n", Plural(errors, "error"));
  if (warnings > 0) return fmt::format("{} generated.\n", Plural(warnings, "warning"));
  return "";
}

std::string Diagnostics::Render(const RenderOptions& options) const {
  return RenderDiagnosticsBody(*this, options) +
         DiagnosticsSummaryLine(error_count_, warning_count_);
}

namespace {

// Optimal string alignment distance (Damerau-Levenshtein without repeated edits of a substring),
// case-insensitive: a swap of two neighbouring letters ("rnage" for "range") counts as one edit.
std::size_t EditDistance(std::string_view a, std::string_view b) {
  auto same = [](char x, char y) {
    return std::tolower(static_cast<unsigned char>(x)) ==
           std::tolower(static_cast<unsigned char>(y));
  };
  std::vector<std::vector<std::size_t>> d(a.size() + 1, std::vector<std::size_t>(b.size() + 1));
  for (std::size_t i = 0; i <= a.size(); ++i) d[i][0] = i;
  for (std::size_t j = 0; j <= b.size(); ++j) d[0][j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    for (std::size_t j = 1; j <= b.size(); ++j) {
      d[i][j] = std::min(
          {d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (same(a[i - 1], b[j - 1]) ? 0 : 1)});
      if (i > 1 && j > 1 && same(a[i - 1], b[j - 2]) && same(a[i - 2], b[j - 1])) {
        d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
      }
    }
  }
  return d[a.size()][b.size()];
}

// Words people carry over from other schema languages and query APIs, and the word of the model
// format they mean. Consulted before the edit distance, and only when the meant word is one of
// the candidates, so a synonym never proposes a word that does not fit where it was typed.
struct Synonym {
  std::string_view typed;
  std::string_view meant;
};
constexpr Synonym kSynonyms[] = {
    {"int", "integer"},        {"long", "integer"},   {"str", "string"},    {"text", "string"},
    {"datetime", "timestamp"}, {"time", "timestamp"}, {"float", "number"},  {"double", "number"},
    {"decimal", "number"},     {"bool", "boolean"},   {"array", "list"},    {"object", "map"},
    {"dict", "map"},           {"order_by", "sort"},  {"orderby", "sort"},  {"where", "filter"},
    {"index_name", "index"},   {"params", "by"},      {"parameters", "by"},
};

bool SameWord(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
}

}  // namespace

std::string ClosestMatch(std::string_view word, const std::vector<std::string>& candidates) {
  for (const Synonym& s : kSynonyms) {
    if (!SameWord(word, s.typed)) continue;
    for (const auto& c : candidates) {
      if (c == s.meant) return c;
    }
  }
  std::string best;
  std::size_t best_distance = 0;
  for (const auto& c : candidates) {
    std::size_t d = EditDistance(word, c);
    if (best.empty() || d < best_distance) {
      best = c;
      best_distance = d;
    }
  }
  // A plausible typo: at most a third of the word's letters wrong (and at least one allowed).
  std::size_t limit = std::max<std::size_t>(1, (std::max(word.size(), best.size()) + 2) / 3);
  if (best.empty() || best_distance > limit) return {};
  return best;
}

}  // namespace model
