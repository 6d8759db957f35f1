// `model docs FILE -o DIR [--check]`: one model's documentation (codegen/docs/docs.h) written
// to DIR: index.html, README.md and diagrams/*.svg.
#pragma once

#include <ostream>
#include <string>

namespace model::cli {

struct DocsOptions {
  std::string file;
  std::string out_dir;  // -o, required
  bool check = false;   // also run `model check` and show its results
};

// Exit 0 when written; 1 when the model has errors or (with --check) a pattern failed (the
// documentation is still written, showing the failure); 3 when DIR is a file or cannot be
// written: then no file of the run is left in DIR.
int Docs(const DocsOptions& options, std::ostream& out, std::ostream& err);

}  // namespace model::cli
