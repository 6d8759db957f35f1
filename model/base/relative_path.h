// The one rule for paths that outputs are written to: relative and normalized.
//
// A generator's output map (codegen/writer/output_map.h) and the model's `generate:` section
// (model/load) both name files relative to a folder the user chose; neither may reach outside
// it. A path is acceptable when it is not empty, not absolute (no leading '/', no drive letter
// such as "C:"), holds no backslash and no NUL byte, does not end with '/', and none of its
// '/'-separated components is empty, "." or "..".
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace model {

// Why `path` is not acceptable ("is empty", "is absolute", "has a '..' component", ...), or
// nullopt when it is.
std::optional<std::string> RelativePathProblem(std::string_view path);

// The same rule as an ECMAScript regular expression (for the JSON Schema of `generate:`'s
// `out`): a path matches it exactly when RelativePathProblem finds no problem.
inline constexpr const char* kRelativePathPattern =
    "^(?!.:)(?!\\.\\.?(/|$))[^/\\\\\\x00]+(/(?!\\.\\.?(/|$))[^/\\\\\\x00]+)*$";

}  // namespace model
