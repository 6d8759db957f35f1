#include "cli/verbs/generate.h"

#include <catch2/catch.hpp>

using model::cli::UnifiedDiff;

TEST_CASE("UnifiedDiff is empty for equal texts") {
  CHECK(UnifiedDiff("a.txt", "x\ny\n", "x\ny\n").empty());
}

TEST_CASE("UnifiedDiff shows a changed line with its context") {
  CHECK(UnifiedDiff("docs/a.md", "one\ntwo\nthree\n", "one\n2\nthree\n") ==
        "--- a/docs/a.md\n+++ b/docs/a.md\n@@ -1,3 +1,3 @@\n one\n-two\n+2\n three\n");
}

TEST_CASE("UnifiedDiff of a missing file's text adds every line") {
  CHECK(UnifiedDiff("x", "", "a\nb\n") == "--- a/x\n+++ b/x\n@@ -0,0 +1,2 @@\n+a\n+b\n");
}

TEST_CASE("UnifiedDiff marks a missing final newline") {
  std::string diff = UnifiedDiff("x", "a\nb", "a\nb\n");
  CHECK(diff.find("-\\ No newline at end of file\n") != std::string::npos);
}
