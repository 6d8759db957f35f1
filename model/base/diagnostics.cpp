#include "model/base/diagnostics.h"

#include <algorithm>
#include <cctype>
#include <fmt/format.h>

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
    case Severity::kNote: return "note";
    case Severity::kWarning: return "warning";
    case Severity::kError: return "error";
  }
  return "error";
}

std::string Plural(int n, const char* word) {
  return fmt::format("{} {}{}", n, word, n == 1 ? "" : "s");
}

}  // namespace

std::string Diagnostics::Render() const {
  std::vector<const Diagnostic*> sorted;
  sorted.reserve(diagnostics_.size());
  for (const auto& d : diagnostics_) sorted.push_back(&d);
  std::stable_sort(sorted.begin(), sorted.end(), [](const Diagnostic* a, const Diagnostic* b) {
    if (a->range.file != b->range.file) return a->range.file < b->range.file;
    return a->range.begin < b->range.begin;
  });
  std::string out;
  for (const Diagnostic* d : sorted) {
    out += fmt::format("{}: {}: {} [{}]\n", Location(sources_, d->range), SeverityName(d->severity),
                       d->message, InfoOf(d->id).code);
    for (const auto& n : d->notes) {
      out += fmt::format("{}: note: {}\n", Location(sources_, n.range), n.message);
    }
  }
  if (error_count_ > 0 && warning_count_ > 0) {
    out += fmt::format("{} and {} generated.\n", Plural(error_count_, "error"),
                       Plural(warning_count_, "warning"));
  } else if (error_count_ > 0) {
    out += fmt::format("{} generated.\n", Plural(error_count_, "error"));
  } else if (warning_count_ > 0) {
    out += fmt::format("{} generated.\n", Plural(warning_count_, "warning"));
  }
  return out;
}

namespace {

std::size_t EditDistance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> prev(b.size() + 1), cur(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) prev[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    cur[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      bool same = std::tolower(static_cast<unsigned char>(a[i - 1])) ==
                  std::tolower(static_cast<unsigned char>(b[j - 1]));
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (same ? 0 : 1)});
    }
    std::swap(prev, cur);
  }
  return prev[b.size()];
}

}  // namespace

std::string ClosestMatch(std::string_view word, const std::vector<std::string>& candidates) {
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
