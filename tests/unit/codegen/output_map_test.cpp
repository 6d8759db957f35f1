// OutputMap: ordered, relative normalized paths only, each once.
#include "codegen/writer/output_map.h"

#include <catch2/catch.hpp>
#include <stdexcept>

using model::codegen::OutputMap;
using model::codegen::OutputPathProblem;

TEST_CASE("OutputMap keeps files in path order", "[codegen][output]") {
  OutputMap m;
  m.Add("docs/b.md", "B");
  m.Add("a.dot", "A");
  m.Add("docs/a.md", "");
  std::string order;
  for (const auto& [path, text] : m) order += path + "=" + text + ";";
  CHECK(order == "a.dot=A;docs/a.md=;docs/b.md=B;");
  CHECK(m.size() == 3);
  CHECK(m.Contains("a.dot"));
  CHECK_FALSE(m.Contains("b.dot"));
  CHECK(m.At("docs/b.md") == "B");
  CHECK_THROWS_AS(m.At("nope"), std::out_of_range);
}

TEST_CASE("OutputMap rejects a path added twice", "[codegen][output]") {
  OutputMap m;
  m.Add("x.md", "1");
  CHECK_THROWS_WITH(m.Add("x.md", "2"), "OutputMap: output path 'x.md' added twice");
  CHECK(m.At("x.md") == "1");
}

TEST_CASE("OutputMap rejects paths that are not relative and normalized", "[codegen][output]") {
  CHECK_FALSE(OutputPathProblem("a/b.c"));
  CHECK_FALSE(OutputPathProblem("..a/b..c/.hidden"));
  CHECK(*OutputPathProblem("") == "is empty");
  CHECK(*OutputPathProblem("/etc/passwd") == "is absolute");
  CHECK(*OutputPathProblem("../x") == "has a '..' component");
  CHECK(*OutputPathProblem("a/../../x") == "has a '..' component");
  CHECK(*OutputPathProblem("a/..") == "has a '..' component");
  CHECK(*OutputPathProblem("./x") == "has a '.' component");
  CHECK(*OutputPathProblem("a//b") == "has an empty component");
  CHECK(*OutputPathProblem("a/") == "ends with '/'");
  CHECK(*OutputPathProblem("a\\..\\b") == "contains a backslash");
  CHECK(*OutputPathProblem(std::string("a\0b", 3)) == "contains a NUL byte");
  OutputMap m;
  CHECK_THROWS_WITH(m.Add("../escape.md", ""),
                    "OutputMap: output path '../escape.md' has a '..' component");
  CHECK_THROWS_AS(m.Add("/abs", ""), std::logic_error);
  CHECK(m.empty());
}
