// The CLI's disk access: reading a model file and writing generated outputs atomically.
//
// Only cli/ touches the disk. Writes go to a temporary file beside the target and are renamed
// into place, so a failed or interrupted run never leaves a half-written output.
#pragma once

#include <map>
#include <optional>
#include <string>

namespace model::cli {

// Reads a whole file. On failure returns nullopt and sets `error` to a message naming the path
// and the reason (e.g. "cannot read 'x.yaml': No such file or directory").
std::optional<std::string> ReadTextFile(const std::string& path, std::string& error);

// Writes `text` to `path` through a temporary file and rename. Creates missing parent folders.
// Returns false and sets `error` on failure; the target is then untouched.
[[nodiscard]] bool WriteFileAtomically(const std::string& path, const std::string& text,
                                       std::string& error);

// Writes every (relative path -> text) under `dir`, each atomically. Stops at the first error.
[[nodiscard]] bool WriteOutputs(const std::string& dir, const std::map<std::string, std::string>& files,
                                std::string& error);

}  // namespace model::cli
