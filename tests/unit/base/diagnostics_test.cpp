// The table of diagnostic codes against docs/diagnostics.md, and diagnostics across files.
#include "model/base/diagnostics.h"

#include <catch2/catch.hpp>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>
#include <string>

namespace {

std::string ReadSource(const std::string& relative) {
  std::ifstream in(std::string(MODEL_SOURCE_DIR) + "/" + relative, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

}  // namespace

TEST_CASE("every code of the table is documented with its title, and nothing else is",
          "[base][docs]") {
  std::string doc = ReadSource("docs/diagnostics.md");
  REQUIRE_FALSE(doc.empty());
  std::set<std::string> table;
  for (const model::DiagInfo& d : model::DiagnosticTable()) {
    INFO(d.code);
    CHECK(table.insert(std::string(d.code)).second);
    CHECK(doc.find("\n## " + std::string(d.code) + ": " + std::string(d.title) + "\n") !=
          std::string::npos);
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
        "    1 | a: 1\n"
        "      | ^\n"
        "m.yaml:2:1: warning: unused [W001]\n"
        "    2 | b: 2\n"
        "      | ^\n"
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
        "    1 | imports: [other.yaml]\n"
        "      |   ^\n"
        "other.yaml:2:3: note: first declared here\n"
        "    2 |   Order: {}\n"
        "      |   ^~~~~\n"
        "other.yaml:1:1: error: unknown [E104]\n"
        "    1 | entities:\n"
        "      | ^\n"
        "2 errors generated.\n");
}

TEST_CASE("the source line is shown with the range underlined, tabs kept and bad bytes replaced",
          "[base][diagnostics]") {
  model::SourceFile file("m.yaml", "\tkey: va\xFFlue\x1b[31m\nnext\n");
  model::Diagnostics diags(&file);
  diags.Error(model::DiagId::kUnknownKey, {{1, 2}, {1, 4}}, "unknown");
  diags.Error(model::DiagId::kNotText, {{1, 9}, {1, 9}}, "not text");
  CHECK(diags.Render() ==
        "m.yaml:1:2: error: unknown [E104]\n"
        "    1 | \tkey: va\xEF\xBF\xBDlue\xEF\xBF\xBD[31m\n"
        "      | \t^~~\n"
        "m.yaml:1:9: error: not text [E102]\n"
        "    1 | \tkey: va\xEF\xBF\xBDlue\xEF\xBF\xBD[31m\n"
        "      | \t       ^\n"
        "2 errors generated.\n");
}

TEST_CASE("a long source line is cut around the caret, which stays under its byte",
          "[base][diagnostics]") {
  // Minified JSON: one line of 400 characters; errors near its start, middle and end.
  std::string line;
  for (int i = 0; i < 40; ++i) line += "{\"k\": 123}";  // 11 characters each: 440
  line.resize(400);
  model::SourceFile file("m.json", line + "\n");
  model::Diagnostics diags(&file);
  diags.Error(model::DiagId::kUnknownKey, {{1, 3}, {1, 5}}, "start");
  diags.Error(model::DiagId::kUnknownKey, {{1, 201}, {1, 203}}, "middle");
  diags.Error(model::DiagId::kUnknownKey, {{1, 399}, {1, 399}}, "end");
  std::string out = diags.Render();
  // Start: the first 157 characters, then "...".
  std::string start_line = "    1 | " + line.substr(0, 157) + "...\n";
  std::string start_marks = "      |   ^~~\n";
  // Middle: "...", 60 characters before the caret, and 94 from it, then "...".
  std::string middle_line = "    1 | ..." + line.substr(140, 154) + "...\n";
  std::string middle_marks = "      | " + std::string(63, ' ') + "^~~\n";
  // End: "..." and the last 157 characters.
  std::string end_line = "    1 | ..." + line.substr(243) + "\n";
  std::string end_marks = "      | " + std::string(3 + 398 - 243, ' ') + "^\n";
  CHECK(out == "m.json:1:3: error: start [E104]\n" + start_line + start_marks +
                   "m.json:1:201: error: middle [E104]\n" + middle_line + middle_marks +
                   "m.json:1:399: error: end [E104]\n" + end_line + end_marks +
                   "3 errors generated.\n");
  // Each shown line is at most 160 characters, and the caret's column shows the byte it marks.
  CHECK(line.substr(0, 157).size() + 3 == 160);
  CHECK(line[200] == middle_line[8 + 63]);
  CHECK(line[398] == end_line[8 + 3 + 398 - 243]);
}

TEST_CASE("a line of 160 characters is shown whole", "[base][diagnostics]") {
  std::string line(160, 'x');
  model::SourceFile file("m.json", line + "\n");
  model::Diagnostics diags(&file);
  diags.Error(model::DiagId::kUnknownKey, {{1, 150}, {1, 150}}, "late");
  CHECK(diags.Render() == "m.json:1:150: error: late [E104]\n    1 | " + line + "\n      | " +
                              std::string(149, ' ') + "^\n1 error generated.\n");
}

TEST_CASE("colour marks the location, the severity and the caret, gcc style",
          "[base][diagnostics]") {
  model::SourceFile file("m.yaml", "a: 1\n");
  model::Diagnostics diags(&file);
  diags.Error(model::DiagId::kUnknownKey, {{1, 1}, {1, 1}}, "unknown");
  CHECK(diags.Render(model::RenderOptions{true}) ==
        "\033[1mm.yaml:1:1:\033[0m \033[1;31merror:\033[0m unknown [E104]\n"
        "    1 | a: 1\n"
        "      | \033[1;32m^\033[0m\n"
        "1 error generated.\n");
}

TEST_CASE("did you mean: transpositions, keys already present, words people type",
          "[base][diagnostics]") {
  // Damerau-Levenshtein: a swap of neighbours is one edit, so 'rnage' is 'range', not 'name'.
  CHECK(model::ClosestMatch("rnage", {"name", "range", "returns"}) == "range");
  CHECK(model::ClosestMatch("retuns", {"name", "returns"}) == "returns");
  CHECK(model::ClosestMatch("int", {"string", "integer", "list", "map"}) == "integer");
  CHECK(model::ClosestMatch("INT", {"string", "integer", "list"}) == "integer");
  CHECK(model::ClosestMatch("str", {"string", "integer"}) == "string");
  CHECK(model::ClosestMatch("datetime", {"string", "timestamp", "date"}) == "timestamp");
  CHECK(model::ClosestMatch("float", {"number", "integer"}) == "number");
  CHECK(model::ClosestMatch("double", {"number", "integer"}) == "number");
  CHECK(model::ClosestMatch("array", {"list", "map"}) == "list");
  CHECK(model::ClosestMatch("object", {"list", "map"}) == "map");
  CHECK(model::ClosestMatch("order_by", {"sort", "filter"}) == "sort");
  CHECK(model::ClosestMatch("where", {"sort", "filter"}) == "filter");
  CHECK(model::ClosestMatch("index_name", {"index", "by"}) == "index");
  CHECK(model::ClosestMatch("params", {"index", "by"}) == "by");
  // A synonym whose word is not a candidate proposes nothing from the table.
  CHECK(model::ClosestMatch("where", {"name", "returns"}).empty());
  CHECK(model::ClosestMatch("zzzzzz", {"name", "returns"}).empty());
}

TEST_CASE("UTF-8 validation", "[base][source]") {
  CHECK(model::FirstInvalidUtf8("plain caf\xC3\xA9 \xF0\x9F\x98\x80") == std::string_view::npos);
  CHECK(model::FirstInvalidUtf8("ab\xFF") == 2);
  CHECK(model::FirstInvalidUtf8("\xC0\x80") == 0);          // overlong NUL
  CHECK(model::FirstInvalidUtf8("x\xED\xA0\x80") == 1);     // a surrogate
  CHECK(model::FirstInvalidUtf8("\xF4\x90\x80\x80") == 0);  // past U+10FFFF
  CHECK(model::FirstInvalidUtf8("\xE2\x82") == 0);          // truncated
}
