// Source files and positions.
//
// A SourceFile owns the text of one input file and the path exactly as the user gave it (never
// made absolute, so diagnostics and generated headers are the same on every machine). Every node
// of the model carries a SourceRange into its file. Lines and columns are 1-based; a column
// counts bytes, as gcc does.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace model {

struct SourcePos {
  int line = 0;    // 1-based; 0 means "no position" (the whole file)
  int column = 0;  // 1-based byte column
  friend bool operator==(const SourcePos&, const SourcePos&) = default;
  friend auto operator<=>(const SourcePos&, const SourcePos&) = default;
};

struct SourceRange {
  SourcePos begin;
  SourcePos end;  // inclusive end, or equal to begin for a point
  bool valid() const { return begin.line > 0; }
  friend bool operator==(const SourceRange&, const SourceRange&) = default;
};

class SourceFile {
 public:
  SourceFile(std::string path, std::string text);

  const std::string& path() const { return path_; }
  const std::string& text() const { return text_; }

  // The text of a 1-based line without its line terminator; empty if out of range.
  std::string_view Line(int line) const;
  int LineCount() const { return static_cast<int>(line_starts_.size()); }
  // The 1-based position of a byte offset into text().
  SourcePos PosOf(std::size_t offset) const;

 private:
  std::string path_;
  std::string text_;
  std::vector<std::size_t> line_starts_;
};

}  // namespace model
