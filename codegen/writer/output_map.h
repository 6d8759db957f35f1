// The texts a generator produces, keyed by where they go: an ordered map from a relative path
// to the file's text. Generators return one; only cli/ writes it to disk (cli/io.h).
//
// Paths are '/'-separated, relative and normalized: not empty, no leading '/', no empty, `.`
// or `..` component, no backslash, no NUL, no trailing '/'. Iteration is in byte order of the
// paths, so the same outputs always come out in the same order.
#pragma once

#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "model/base/relative_path.h"

namespace model::codegen {

// Returns why `path` is not an acceptable output path ("is empty", "is absolute", "has a '..'
// component", ...), or nullopt when it is: model/base/relative_path.h's rule.
std::optional<std::string> OutputPathProblem(std::string_view path);

class OutputMap {
 public:
  using Map = std::map<std::string, std::string>;

  // Adds one file. Throws std::logic_error when `path` is not acceptable (OutputPathProblem)
  // or was already added: both are generator bugs.
  void Add(std::string path, std::string text);

  bool Contains(std::string_view path) const {
    return files_.find(std::string(path)) != files_.end();
  }
  // The text at `path`; throws std::out_of_range when absent.
  const std::string& At(std::string_view path) const { return files_.at(std::string(path)); }
  std::size_t size() const { return files_.size(); }
  bool empty() const { return files_.empty(); }
  Map::const_iterator begin() const { return files_.begin(); }
  Map::const_iterator end() const { return files_.end(); }
  const Map& files() const { return files_; }

 private:
  Map files_;
};

}  // namespace model::codegen
