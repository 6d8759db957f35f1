// The `model` command line: argv in, exit code out.
//
// Run() parses the arguments with CLI11 (app.cpp is the only CLI11 user and only wires
// arguments), dispatches to a verb (cli/verbs/, one file each; the verbs ask the driver in
// cli/driver.h for the phases' results), and returns the process exit code: 0 ok, 1 the model
// or a check failed, 2 usage error, 3 I/O or internal error. Normal output goes to `out`,
// diagnostics and errors to `err`; nothing else writes to the terminal. Run flushes `out` last:
// when writing it failed, at any point, it reports "model: error: cannot write standard output"
// and returns 3 whatever the command returned.
#pragma once

#include <ostream>

namespace model::cli {

inline constexpr int kExitOk = 0;
inline constexpr int kExitModelError = 1;
inline constexpr int kExitUsage = 2;
inline constexpr int kExitIo = 3;

int Run(int argc, const char* const* argv, std::ostream& out, std::ostream& err);

}  // namespace model::cli
