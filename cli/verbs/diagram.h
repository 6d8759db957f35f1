// model diagram FILE [--kind erd|table|index|all] [--format dot|svg|png] [-o PATH]: the ERD,
// the table's item collections and each GSI, drawn by Graphviz in process (docs/outputs.md).
//
// Where the diagrams go (kDiagramHelp says the same to the user):
// - one diagram (`--kind erd`, `--kind table`, or `--kind index` with one GSI):
//   `-o FILE` writes FILE; `-o DIR` (an existing folder, or a path ending in '/') writes
//   DIR/<name>.<ext>; without -o, DOT goes to standard output and SVG/PNG to diagrams/<name>.<ext>;
// - several diagrams (`--kind all`, or `--kind index` with several GSIs): `-o DIR` (default
//   `diagrams`) receives erd.<ext>, table.<ext> and index-<GSI>.<ext>; it is created if missing.
// Without --format, -o's extension picks it (x.png: PNG), else SVG. Each file is written
// atomically; when one fails, the files the run created are removed again. Exit 0 ok; 1 the
// model has errors; 2 usage (`--kind index` without a GSI, -o naming a file like x.svg for
// several diagrams); 3 the output cannot be written (a folder that cannot be written, a file
// where a folder must be) or Graphviz failed.
#pragma once

#include <ostream>
#include <string>

namespace model::cli {

struct DiagramOptions {
  std::string file;
  std::string kind = "all";  // erd | table | index | all
  std::string format;        // dot | svg | png; empty: -o's extension if one of those, else svg
  std::string output;        // -o: a file or a folder; empty = the default
  bool quiet = false;        // no "wrote ..." lines
};

// The verb's --help footer: where the outputs go.
inline constexpr const char* kDiagramHelp =
    "Outputs: erd.<ext>, table.<ext> and index-<GSI>.<ext>. With several diagrams (--kind all,\n"
    "or index with several GSIs) -o names a folder (default: diagrams/, created if missing).\n"
    "With one diagram, -o names the file (or an existing folder to write <name>.<ext> into);\n"
    "without -o, --format dot prints it on standard output and svg/png write "
    "diagrams/<name>.<ext>.\n"
    "Without --format, -o's extension (.dot, .svg, .png) picks the format, else svg.\n"
    "Each file is written atomically; a failed run removes the files it created. See "
    "docs/outputs.md.";

int Diagram(const DiagramOptions& options, std::ostream& out, std::ostream& err);

}  // namespace model::cli
