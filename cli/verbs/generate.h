// model generate FILE [--check [--diff]]: every output the model's `generate:` section lists
// (docs/model-format.md), sqlc style.
//
// Without --check: produces each output (docs, diagrams, exports, C++; the same bytes as the
// verb of the same name) and writes it under the model file's folder, each file atomically
// (cli/io.h); prints "wrote PATH" per file. With --check: writes nothing, compares each output
// file with what is on disk and lists every file that is missing ("missing: PATH") or differs
// ("stale: PATH"), with a unified diff of each stale text file under --diff (binary files, such
// as PNG, are only named). Exit 0 when everything was written or is up to date; 1 the model has
// errors or (--check) an output is missing or stale; 2 the model has no `generate:` section;
// 3 an output cannot be produced or written.
#pragma once

#include <ostream>
#include <string>

namespace model::cli {

struct GenerateOptions {
  std::string file;
  bool check = false;  // compare instead of writing
  bool diff = false;   // with check: print a unified diff per stale file
};

int Generate(const GenerateOptions& options, std::ostream& out, std::ostream& err);

// A unified diff ("--- a/PATH", "+++ b/PATH", then hunks with 3 lines of context) turning
// `before` into `after`, line by line; "" when they are equal. A missing final newline is
// shown as "\ No newline at end of file" after the last line of that side.
std::string UnifiedDiff(const std::string& path, const std::string& before, const std::string& after);

}  // namespace model::cli
