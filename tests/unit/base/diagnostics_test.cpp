// The table of diagnostic codes against docs/diagnostics.md, and diagnostics across files.
#include <catch2/catch.hpp>

#include <fstream>
#include <regex>
#include <set>
#include <sstream>
#include <string>

#include "model/base/diagnostics.h"

namespace {

std::string ReadSource(const std::string& relative) {
  std::ifstream in(std::string(MODEL_SOURCE_DIR) + "/" + relative, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

}  // namespace

TEST_CASE("every code of the table is documented with its title, and nothing else is", "[base][docs]") {
  std::string doc = ReadSource("docs/diagnostics.md");
  REQUIRE_FALSE(doc.empty());
  std::set<std::string> table;
  for (const model::DiagInfo& d : model::DiagnosticTable()) {
    INFO(d.code);
    CHECK(table.insert(std::string(d.code)).second);
    CHECK(doc.find("\n## " + std::string(d.code) + ": " + std::string(d.title) + "\n") != std::string::npos);
  }
  std::regex heading(R"(\n## ([EW][0-9]+)\b)");
  std::set<std::string> documented;
  for (std::sregex_iterator it(doc.begin(), doc.end(), heading), end; it != end; ++it) {
    std::string code = (*it)[1];
    INFO(code << " is documented");
    CHECK(documented.insert(code).second);
    CHECK(table.count(code) == 1);
  }
  CHECK(documented == table);
}

TEST_CASE("severity comes from the table", "[base][diagnostics]") {
  model::SourceFile file("m.yaml", "a: 1\nb: 2\n");
  model::Diagnostics diags(&file);
  diags.Warning(model::DiagId::kUnusedEntity, {{2, 1}, {2, 1}}, "unused");
  diags.Error(model::DiagId::kUnknownKey, {{1, 1}, {1, 1}}, "unknown");
  CHECK(diags.ErrorCount() == 1);
  CHECK(diags.WarningCount() == 1);
  CHECK(diags.all().front().severity == model::Severity::kWarning);
  CHECK(diags.Render() ==
        "m.yaml:1:1: error: unknown [E104]\n"
        "m.yaml:2:1: warning: unused [W001]\n"
        "1 error and 1 warning generated.\n");
}

TEST_CASE("a note can point into another file", "[base][diagnostics]") {
  model::SourceFile main("m.yaml", "imports: [other.yaml]\n");
  model::SourceFile other("other.yaml", "entities:\n  Order: {}\n");
  model::Diagnostics diags(&main);
  model::FileId other_id = diags.sources().Add(&other);
  CHECK(other_id != model::FileId::Main());
  CHECK(diags.sources().Get(other_id) == &other);
  CHECK(diags.sources().Get(model::FileId{7}) == nullptr);
  model::Diagnostic& d = diags.Error(model::DiagId::kDuplicateKey, {{1, 3}, {1, 3}}, "duplicate");
  model::Diagnostics::Note(d, {{2, 3}, {2, 7}, other_id}, "first declared here");
  diags.Error(model::DiagId::kUnknownKey, {{1, 1}, {1, 1}, other_id}, "unknown");
  // Sorted by file, then position: the main file's diagnostics first.
  CHECK(diags.Render() ==
        "m.yaml:1:3: error: duplicate [E106]\n"
        "other.yaml:2:3: note: first declared here\n"
        "other.yaml:1:1: error: unknown [E104]\n"
        "2 errors generated.\n");
}
