// `model export FILE --to KIND [-o PATH] [--format json|yaml]`: the derived layout as another
// tool's input (codegen/export/export.h lists the kinds). Without -o the text goes to standard
// output; with -o it is written atomically (cli/io.h).
#pragma once

#include <cstdint>
#include <ostream>
#include <string>
#include <vector>

#include "codegen/export/export.h"
#include "model/layout.h"
#include "model/model.h"

namespace model::cli {

struct ExportVerbOptions {
  std::string file;
  std::string to;               // a kind of codegen::kExportKinds
  std::string output;           // -o PATH; empty: standard output
  std::string format = "json";  // json | yaml (cloudformation only)
  std::int64_t items = 200;     // synthetic records the sample items come from
  std::uint64_t seed = 1;
};

// The `--to` names, for the argument parser's check.
std::vector<std::string> ExportKindNames();

// The export text of one kind for a derived layout: what `model export` prints and what
// `model generate` writes for an `export` output. `options.file`, `options.output` are unused.
std::string ExportText(const Model& model, const KeyLayout& layout, codegen::ExportKind kind,
                       const ExportVerbOptions& options);

// Exit 0 on success, 1 when the model has errors, 2 for a usage error (--format yaml with a
// kind other than cloudformation), 3 when the output cannot be written.
int Export(const ExportVerbOptions& options, std::ostream& out, std::ostream& err);

}  // namespace model::cli
