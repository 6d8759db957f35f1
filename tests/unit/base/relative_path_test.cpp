// The relative-path rule and its regular expression (for the JSON Schema) agree.
#include "model/base/relative_path.h"

#include <catch2/catch.hpp>
#include <regex>
#include <string>
#include <vector>

TEST_CASE("kRelativePathPattern matches exactly the paths RelativePathProblem accepts",
          "[base][path]") {
  const std::regex pattern(model::kRelativePathPattern);
  for (const std::string& path : std::vector<std::string>{
           "docs",      "docs/model", "a/b/c.txt", "..a",    "a..",
           ".hidden/x", "a/.b",       "a b/c",     "C",      "",
           "/tmp/x",    "C:/x",       "c:",        "a\\b",   std::string("a\0b", 3),
           "a/",        "a//b",       ".",         "./a",    "a/./b",
           "..",        "../a",       "a/..",      "a/../b", "x:y"}) {
    INFO(path);
    CHECK(std::regex_match(path, pattern) == !model::RelativePathProblem(path).has_value());
  }
}
