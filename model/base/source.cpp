#include "model/base/source.h"

#include <algorithm>

namespace model {

SourceFile::SourceFile(std::string path, std::string text)
    : path_(std::move(path)), text_(std::move(text)) {
  line_starts_.push_back(0);
  for (std::size_t i = 0; i < text_.size(); ++i) {
    if (text_[i] == '\n') line_starts_.push_back(i + 1);
  }
}

std::string_view SourceFile::Line(int line) const {
  if (line < 1 || line > LineCount()) return {};
  std::size_t begin = line_starts_[line - 1];
  std::size_t end = line < LineCount() ? line_starts_[line] - 1 : text_.size();
  if (end > begin && text_[end - 1] == '\r') --end;
  return std::string_view(text_).substr(begin, end - begin);
}

SourcePos SourceFile::PosOf(std::size_t offset) const {
  offset = std::min(offset, text_.size());
  auto it = std::upper_bound(line_starts_.begin(), line_starts_.end(), offset);
  int line = static_cast<int>(it - line_starts_.begin());
  return SourcePos{line, static_cast<int>(offset - line_starts_[line - 1]) + 1};
}

FileId SourceManager::Add(const SourceFile* file) {
  files_.push_back(file);
  return FileId{static_cast<std::uint32_t>(files_.size() - 1)};
}

const SourceFile* SourceManager::Get(FileId id) const {
  return id.value < files_.size() ? files_[id.value] : nullptr;
}

}  // namespace model
