#include "codegen/writer/output_map.h"

#include <stdexcept>

namespace model::codegen {

std::optional<std::string> OutputPathProblem(std::string_view path) {
  return RelativePathProblem(path);
}

void OutputMap::Add(std::string path, std::string text) {
  if (auto problem = OutputPathProblem(path)) {
    throw std::logic_error("OutputMap: output path '" + path + "' " + *problem);
  }
  if (!files_.emplace(path, std::move(text)).second) {
    throw std::logic_error("OutputMap: output path '" + path + "' added twice");
  }
}

}  // namespace model::codegen
