// Source files and positions.
//
// A SourceFile owns the text of one input file and the path exactly as the user gave it (never
// made absolute, so diagnostics and generated headers are the same on every machine). Every node
// of the model carries a SourceRange into its file. Lines and columns are 1-based; a column
// counts bytes, as gcc does.
//
// A range names its file by a FileId. A SourceManager maps ids to files: id 0 is the main file
// (the one the user named), and further files (imports, the second file of a two-file command)
// get ids 1, 2, ... in the order they are added, so a diagnostic's note can point into another
// file. A SourceManager does not own its files: they must outlive it.
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

// Which file a range is in; 0 is the main file.
struct FileId {
  std::uint32_t value = 0;
  static constexpr FileId Main() { return FileId{}; }
  friend bool operator==(const FileId&, const FileId&) = default;
  friend auto operator<=>(const FileId&, const FileId&) = default;
};

struct SourceRange {
  constexpr SourceRange() = default;
  constexpr SourceRange(SourcePos b, SourcePos e, FileId f = FileId::Main())
      : begin(b), end(e), file(f) {}

  SourcePos begin;
  SourcePos end;  // inclusive end, or equal to begin for a point
  FileId file;    // the main file unless set
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

// UTF-8: the length (1 to 4) of the well-formed UTF-8 sequence at text[offset], or 0 when the
// bytes there are not one (a stray continuation byte, a truncated sequence, an overlong form, a
// surrogate, a code point past U+10FFFF). offset < text.size().
std::size_t Utf8SequenceLength(std::string_view text, std::size_t offset);
// The offset of the first byte of `text` that is not well-formed UTF-8, or npos.
std::size_t FirstInvalidUtf8(std::string_view text);

// The files of one run by id; see the contract above.
class SourceManager {
 public:
  // `main` (may be null: rendered as "<input>") gets FileId 0.
  explicit SourceManager(const SourceFile* main) : files_{main} {}

  // Registers another file and returns its id.
  FileId Add(const SourceFile* file);
  // The file of `id`, or null when `id` was never handed out (or the main file is null).
  const SourceFile* Get(FileId id) const;
  const SourceFile* main() const { return files_.front(); }
  std::size_t size() const { return files_.size(); }

 private:
  std::vector<const SourceFile*> files_;
};

}  // namespace model
