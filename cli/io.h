// The CLI's disk access: reading a model file and writing generated outputs atomically.
//
// Only cli/ touches the disk. Writes go to a temporary file beside the target and are renamed
// into place, so a failed or interrupted run never leaves a half-written output.
#pragma once

#include <cstddef>
#include <map>
#include <optional>
#include <ostream>
#include <string>

#include "codegen/writer/output_map.h"

namespace model::cli {

// Reads a whole file. On failure returns nullopt and sets `error` to a message naming the path
// and the reason (e.g. "cannot read 'x.yaml': No such file or directory").
std::optional<std::string> ReadTextFile(const std::string& path, std::string& error);

// Whether `--color WHEN` colours what is written to `stream`: "always" and "never" say so;
// "auto" colours when `stream` is the process's standard error (or output) and that is a
// terminal, NO_COLOR is unset or empty (https://no-color.org), and TERM is not "dumb".
bool WantColor(const std::string& when, const std::ostream& stream);

// The width in columns of the terminal that `stream` writes to, when it is the process's
// standard output (or error) and that is a terminal: the COLUMNS environment variable when it
// holds a whole number from 20 to 10,000, else the terminal's own size (ioctl TIOCGWINSZ).
// `fallback` when the stream is no terminal or its size is unknown, so output written to files
// does not depend on where it ran.
std::size_t TerminalColumns(const std::ostream& stream, std::size_t fallback);

// Reads all of standard input; on failure returns nullopt and sets `error`.
std::optional<std::string> ReadStandardInput(std::string& error);

// Writes `text` to `path` through a temporary file and rename. With `make_parents`, creates
// missing parent folders (the files of an output folder); without, a missing folder is an error,
// "cannot write '<path>': the folder '<folder>' does not exist" (a file named with -o, as a
// compiler's -o). Returns false and sets `error` on failure; the target is then untouched.
[[nodiscard]] bool WriteFileAtomically(const std::string& path, const std::string& text,
                                       std::string& error, bool make_parents = false);

// `path` relative to the root of the git repository holding it (the nearest folder above it
// with a `.git`), with '/' separators, as code-scanning views expect; `path` unchanged when it
// is in no repository or is "-".
std::string RepositoryRelativePath(const std::string& path);

// A verb's document: to `out` when `output` is empty or "-", else atomically to the file
// `output` (as WriteFileAtomically, whose folder must exist). Returns false and sets `error` when
// the write failed.
[[nodiscard]] bool WriteDocument(const std::string& output, const std::string& text,
                                 std::ostream& out, std::string& error);

// WriteDocument for a verb: on failure prints "model: error: <why>" to `err` and returns false
// (the verb then exits kExitIo).
[[nodiscard]] bool EmitDocument(const std::string& output, const std::string& text,
                                std::ostream& out, std::ostream& err);

// Writes every (relative path -> text) of a generator's OutputMap under `dir`, each file
// atomically (a temporary file in the same folder, then a rename), creating `dir` and
// subfolders as needed. Every path is checked before anything is written: a path that is not
// relative and normalized (codegen::OutputPathProblem), or whose folder resolves (through
// symbolic links) outside `dir`, is refused with "refusing to write '<dir>/<path>': <why>" and
// nothing is written. A write error stops at that file with its message; files written before
// it are complete, the failed one is untouched, and no temporary file remains.
[[nodiscard]] bool WriteOutputMap(const std::string& dir, const codegen::OutputMap& outputs,
                                  std::string& error);

// The same for a plain map of (relative path -> text), with the same checks.
[[nodiscard]] bool WriteOutputs(const std::string& dir,
                                const std::map<std::string, std::string>& files,
                                std::string& error);

}  // namespace model::cli
