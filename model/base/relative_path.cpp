#include "model/base/relative_path.h"

namespace model {

std::optional<std::string> RelativePathProblem(std::string_view path) {
  if (path.empty()) return "is empty";
  if (path.front() == '/' || (path.size() > 1 && path[1] == ':')) return "is absolute";
  if (path.find('\\') != std::string_view::npos) return "contains a backslash";
  if (path.find('\0') != std::string_view::npos) return "contains a NUL byte";
  if (path.back() == '/') return "ends with '/'";
  std::size_t start = 0;
  while (start <= path.size()) {
    std::size_t slash = path.find('/', start);
    std::size_t end = slash == std::string_view::npos ? path.size() : slash;
    std::string_view part = path.substr(start, end - start);
    if (part.empty()) return "has an empty component";
    if (part == ".") return "has a '.' component";
    if (part == "..") return "has a '..' component";
    if (slash == std::string_view::npos) break;
    start = slash + 1;
  }
  return std::nullopt;
}

}  // namespace model
