// The command line: argument handling, exit codes, and where output goes.
#include <catch2/catch.hpp>

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "cli/app.h"

namespace fs = std::filesystem;

namespace {

struct Result {
  int code;
  std::string out;
  std::string err;
};

Result RunModel(std::vector<std::string> args) {
  std::vector<const char*> argv{"model"};
  for (const auto& a : args) argv.push_back(a.c_str());
  std::ostringstream out, err;
  int code = model::cli::Run(static_cast<int>(argv.size()), argv.data(), out, err);
  return {code, out.str(), err.str()};
}

std::string Sample(const std::string& name) {
  return std::string(MODEL_SOURCE_DIR) + "/samples/" + name + "/model.yaml";
}

fs::path Scratch(const std::string& name) {
  fs::path dir = fs::temp_directory_path() / ("model-app-test-" + std::to_string(::getpid())) / name;
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

}  // namespace

TEST_CASE("no subcommand is a usage error") {
  Result r = RunModel({});
  CHECK(r.code == model::cli::kExitUsage);
  CHECK(r.out.empty());
  CHECK(r.err.find("Run 'model --help' for usage.") != std::string::npos);
}

TEST_CASE("an unknown subcommand is a usage error") {
  Result r = RunModel({"desing", "x.yaml"});
  CHECK(r.code == model::cli::kExitUsage);
  CHECK(r.err.rfind("model: error: ", 0) == 0);
}

TEST_CASE("--help and --version print to stdout and succeed") {
  Result help = RunModel({"--help"});
  CHECK(help.code == 0);
  CHECK(help.out.find("design") != std::string::npos);
  Result version = RunModel({"--version"});
  CHECK(version.code == 0);
  CHECK(version.out == "model 0.1.0\n");
}

TEST_CASE("a missing model file is an I/O error naming the path") {
  Result r = RunModel({"validate", "/nonexistent/model.yaml"});
  CHECK(r.code == model::cli::kExitIo);
  CHECK(r.err == "model: error: cannot read '/nonexistent/model.yaml': No such file or directory\n");
}

TEST_CASE("validate summarises the flagship sample") {
  Result r = RunModel({"validate", Sample("hr")});
  CHECK(r.code == 0);
  CHECK(r.err.empty());
  CHECK(r.out == Sample("hr") + ": ok: 14 entities, 16 relationships, 17 access patterns, 8 write patterns\n");
}

TEST_CASE("a model error exits 1 with diagnostics on stderr only") {
  fs::path dir = Scratch("bad");
  std::ofstream(dir / "m.yaml") << "entities: [1, 2]\n";
  Result r = RunModel({"validate", (dir / "m.yaml").string()});
  CHECK(r.code == model::cli::kExitModelError);
  CHECK(r.out.empty());
  CHECK(r.err.find((dir / "m.yaml").string() + ":1:") == 0);
  CHECK(r.err.find("error: ") != std::string::npos);
}

TEST_CASE("design --format rejects unknown formats") {
  Result r = RunModel({"design", Sample("hr"), "--format", "xml"});
  CHECK(r.code == model::cli::kExitUsage);
}

TEST_CASE("init writes a starter model that validates, and refuses to overwrite") {
  fs::path dir = Scratch("init");
  std::string path = (dir / "model.yaml").string();
  Result first = RunModel({"init", path});
  REQUIRE(first.code == 0);
  CHECK(RunModel({"validate", path}).code == 0);
  Result again = RunModel({"init", path});
  CHECK(again.code == model::cli::kExitUsage);
  CHECK(again.err == "model: error: '" + path + "' already exists; pass --force to overwrite it\n");
  CHECK(RunModel({"init", path, "--force"}).code == 0);
}

TEST_CASE("schema prints a JSON Schema document") {
  Result r = RunModel({"schema"});
  CHECK(r.code == 0);
  CHECK(r.out.find("\"$schema\"") != std::string::npos);
}

TEST_CASE("explain names an unknown pattern with a suggestion") {
  Result r = RunModel({"explain", Sample("hr"), "getEmploye"});
  CHECK(r.code == model::cli::kExitUsage);
  CHECK(r.err == "model: error: " + Sample("hr") +
                     " has no access pattern or write pattern named 'getEmploye'; did you mean "
                     "'getEmployee'?\n");
}

TEST_CASE("the colour option: always colours diagnostics, never and auto (not a terminal) do not") {
  fs::path dir = Scratch("color");
  std::ofstream(dir / "m.yaml") << "entities:\n  Customer:\n    identifier: id\n    attributes:\n      id: strng\n";
  std::string file = (dir / "m.yaml").string();
  Result always = RunModel({"--color", "always", "validate", file});
  CHECK(always.code == model::cli::kExitModelError);
  CHECK(always.err.find("\033[1;31merror:\033[0m") != std::string::npos);
  Result after_verb = RunModel({"validate", file, "--color=always"});
  CHECK(after_verb.err == always.err);
  for (const char* when : {"never", "auto"}) {
    Result r = RunModel({"--color", when, "validate", file});
    CHECK(r.code == model::cli::kExitModelError);
    CHECK(r.err.find('\033') == std::string::npos);
    CHECK(r.err.find("      id: strng\n") != std::string::npos);  // the source line, always
  }
  CHECK(RunModel({"--color", "sometimes", "validate", file}).code == model::cli::kExitUsage);
}
