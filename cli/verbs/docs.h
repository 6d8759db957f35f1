// `model docs FILE -o DIR [--check]`: one model's documentation (codegen/docs/docs.h) written
// to DIR: index.html, README.md and diagrams/*.svg.
#pragma once

#include <optional>
#include <ostream>
#include <string>

#include "codegen/writer/output_map.h"
#include "model/check_report.h"
#include "model/layout.h"
#include "model/model.h"

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

// The files of `model docs` for a derived layout ({index.html, README.md, diagrams/erd.svg}),
// with the check's figures when `check` is set (`report` then holds the report). Returns false
// and sets `error` when the simulated table or Graphviz fails.
bool DocsFiles(const Model& model, const KeyLayout& layout, bool check, codegen::OutputMap& files,
               std::optional<CheckReport>& report, std::string& error);

}  // namespace model::cli
