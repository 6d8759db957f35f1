// `model import FILE --from nosql-workbench [-o model.yaml] [--table NAME] [--force]`: another
// tool's design as a starting model (model/import/workbench.h; docs/import.md). Without -o the
// YAML goes to standard output; with -o it is written atomically, and an existing file is only
// replaced with --force.
#pragma once

#include <ostream>
#include <string>

namespace model::cli {

struct ImportOptions {
  std::string file;
  std::string from;    // "nosql-workbench"
  std::string output;  // -o PATH; empty or "-": standard output
  std::string table;   // the DataModel table to import
  bool force = false;
  bool quiet = false;  // --quiet: no 'wrote' line
};

// Exit 0 written; 1 the file is not an importable model (positioned errors on `err`), or the
// imported model does not validate (its diagnostics shown; the file is still written so it can
// be fixed by hand); 2 -o names an existing file and --force was not given; 3 read or write
// failure.
int Import(const ImportOptions& options, std::ostream& out, std::ostream& err);

}  // namespace model::cli
