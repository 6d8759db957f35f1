// The command line: argument handling, exit codes, and where output goes.
#include "cli/app.h"

#include <unistd.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <sstream>
#include <string>
#include <vector>

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
  fs::path dir =
      fs::temp_directory_path() / ("model-app-test-" + std::to_string(::getpid())) / name;
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

}  // namespace

TEST_CASE("model alone and model help print help") {
  for (const auto& args : std::vector<std::vector<std::string>>{{}, {"help"}, {"--help"}}) {
    Result r = RunModel(args);
    CHECK(r.code == 0);
    CHECK(r.err.empty());
    CHECK(r.out.find("design") != std::string::npos);
    CHECK(r.out.find("A subcommand is required") == std::string::npos);
    // The overview of every command, not the usage of `help` itself.
    CHECK(r.out.find("Usage: model help") == std::string::npos);
    CHECK(r.out.find("import") != std::string::npos);
  }
  Result check = RunModel({"help", "check"});
  CHECK(check.code == 0);
  CHECK(check.out.find("--strict") != std::string::npos);
  Result unknown = RunModel({"help", "desing"});
  CHECK(unknown.code == model::cli::kExitUsage);
  CHECK(unknown.err.rfind("model: error: no command 'desing'", 0) == 0);
}

TEST_CASE("model help VERB prints the verb's full usage, as VERB --help does") {
  Result help = RunModel({"help", "serve"});
  CHECK(help.code == 0);
  CHECK(help.out.find("Usage: model serve [OPTIONS] [MODEL]\n") != std::string::npos);
  CHECK(help.out.find("Documentation: docs/serve.md") != std::string::npos);
  Result flag = RunModel({"serve", "--help"});
  CHECK(flag.code == 0);
  CHECK(flag.out == help.out);
  Result check = RunModel({"help", "check"});
  CHECK(check.out.find("Usage: model check [OPTIONS] FILE\n") != std::string::npos);
  CHECK(check.out.find("Documentation: docs/model-format.md") != std::string::npos);
}

TEST_CASE("serve --load MODEL, the model after --load, says to give the model first") {
  Result r = RunModel({"serve", "--load", "samples/hr/model.yaml"});
  CHECK(r.code == model::cli::kExitUsage);
  CHECK(r.out.empty());
  CHECK(r.err ==
        "model: error: --load: 'samples/hr/model.yaml' is not a number of entities; give the "
        "model before --load: model serve MODEL --load [N]\n"
        "Run 'model --help' for usage.\n");
  Result small = RunModel({"serve", Sample("hr"), "--load", "5"});
  CHECK(small.code == model::cli::kExitUsage);
  CHECK(small.err.find("--load: Value 5 not in range 10 to 100000000") != std::string::npos);
}

TEST_CASE("an unknown subcommand is a usage error") {
  Result r = RunModel({"desing", "x.yaml"});
  CHECK(r.code == model::cli::kExitUsage);
  CHECK(r.err.rfind("model: error: ", 0) == 0);
}

TEST_CASE("the version flags and verb print the version and the commit") {
  for (const auto& args :
       std::vector<std::vector<std::string>>{{"--version"}, {"-V"}, {"version"}}) {
    Result r = RunModel(args);
    CHECK(r.code == 0);
    CHECK(r.err.empty());
    CHECK(r.out.rfind("model 0.1.0 (", 0) == 0);
    CHECK(r.out.size() > std::string("model 0.1.0 ()\n").size());
    CHECK(r.out.back() == '\n');
  }
}

TEST_CASE("a missing model file is an I/O error naming the path") {
  Result r = RunModel({"validate", "/nonexistent/model.yaml"});
  CHECK(r.code == model::cli::kExitIo);
  CHECK(r.err ==
        "model: error: cannot read '/nonexistent/model.yaml': No such file or directory\n");
}

TEST_CASE("validate summarises the flagship sample") {
  Result r = RunModel({"validate", Sample("hr")});
  CHECK(r.code == 0);
  CHECK(r.err.empty());
  CHECK(r.out == Sample("hr") +
                     ": ok: 14 entities, 16 relationships, 17 access patterns, 7 write patterns\n");
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

TEST_CASE("design reads standard input once: FILE and --compare both '-' is a usage error") {
  Result r = RunModel({"design", "-", "--compare", "-"});
  CHECK(r.code == model::cli::kExitUsage);
  CHECK(r.out.empty());
  CHECK(r.err ==
        "model: error: --compare: standard input can be read only once, and FILE is already "
        "'-'; give one of the two models as a file\nRun 'model --help' for usage.\n");
}

TEST_CASE("a failed write to standard output is an I/O error, whatever the command") {
  // /dev/full takes the open and refuses every write (ENOSPC), like a full disk.
  for (const auto& args :
       std::vector<std::vector<std::string>>{{"design", Sample("hr")},
                                             {"design", Sample("hr"), "--format", "json"},
                                             {"check", Sample("shop"), "--format", "json"},
                                             {"explain", Sample("hr")},
                                             {"export", Sample("hr"), "--to", "cloudformation"},
                                             {"schema"},
                                             {"validate", Sample("hr")},
                                             {"version"}}) {
    std::ofstream full("/dev/full");
    REQUIRE(full.is_open());
    std::vector<const char*> argv{"model"};
    for (const auto& a : args) argv.push_back(a.c_str());
    std::ostringstream err;
    int code = model::cli::Run(static_cast<int>(argv.size()), argv.data(), full, err);
    INFO(args.front() << ": " << err.str());
    CHECK(code == model::cli::kExitIo);
    // The reason when the final flush failed; a write that failed earlier leaves none to tell.
    CHECK(err.str().find("model: error: cannot write standard output") != std::string::npos);
  }
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

TEST_CASE("init writes the schema its comment names and refuses a directory") {
  fs::path dir = Scratch("init-schema");
  std::string path = (dir / "model.yaml").string();
  Result r = RunModel({"init", path});
  REQUIRE(r.code == 0);
  std::ifstream starter(path);
  std::string text((std::istreambuf_iterator<char>(starter)), std::istreambuf_iterator<char>());
  REQUIRE(text.find("$schema=model.schema.json") != std::string::npos);
  CHECK(fs::exists(dir / "model.schema.json"));
  Result on_dir = RunModel({"init", dir.string()});
  CHECK(on_dir.code == model::cli::kExitUsage);
  CHECK(on_dir.err.find("is a directory; give the model file's name") != std::string::npos);
  // A second model in the same folder keeps the schema there.
  CHECK(RunModel({"init", (dir / "other.yaml").string()}).code == 0);
}

TEST_CASE("the output option writes the document to a file and quiet drops status lines") {
  fs::path dir = Scratch("output");
  for (const std::string verb : {"design", "explain", "check"}) {
    std::string target = (dir / (verb + ".out")).string();
    Result r = RunModel({verb, Sample("hr"), "-o", target});
    INFO(verb << ": " << r.err);
    CHECK(r.code == 0);
    CHECK(r.out.empty());
    CHECK(fs::file_size(target) > 0);
  }
  Result schema = RunModel({"schema", "-o", (dir / "schema.json").string()});
  CHECK(schema.code == 0);
  CHECK(schema.out.empty());
  CHECK(fs::file_size(dir / "schema.json") > 0);
  Result quiet = RunModel({"validate", Sample("hr"), "--quiet"});
  CHECK(quiet.code == 0);
  CHECK(quiet.out.empty());
  Result q = RunModel({"-q", "init", (dir / "m.yaml").string()});
  CHECK(q.code == 0);
  CHECK(q.out.empty());
  // codegen and import (to a file) print only their 'wrote' line, which --quiet drops.
  Result gen = RunModel({"-q", "codegen", Sample("hr"), "-o", (dir / "gen").string()});
  CHECK(gen.code == 0);
  CHECK(gen.out.empty());
  Result wb = RunModel(
      {"export", Sample("hr"), "--to", "nosql-workbench", "-o", (dir / "hr.json").string()});
  REQUIRE(wb.code == 0);
  Result imp =
      RunModel({"import", (dir / "hr.json").string(), "-o", (dir / "hr.yaml").string(), "--quiet"});
  CHECK(imp.code == 0);
  CHECK(imp.out.empty());
  CHECK(fs::file_size(dir / "hr.yaml") > 0);
}

TEST_CASE("check --strict fails when the model itself warns") {
  fs::path dir = Scratch("strict");
  std::string path = (dir / "model.yaml").string();
  std::ofstream(path) << "table: { name: users }\n"
                         "entities:\n"
                         "  User: { identifier: id, attributes: { id: string } }\n"
                         "  Tag: { identifier: id, attributes: { id: string } }\n"
                         "access_patterns:\n"
                         "  - { name: getUser, returns: User, by: [id] }\n";
  Result loose = RunModel({"check", path, "--format", "json", "--items", "10"});
  CHECK(loose.code == 0);
  CHECK(loose.out.find("\"W001\"") != std::string::npos);
  Result strict = RunModel({"check", path, "--format", "json", "--items", "10", "--strict"});
  CHECK(strict.code == model::cli::kExitModelError);
  CHECK(strict.out.find("\"passed\": false") != std::string::npos);
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
                     " has no access pattern, write pattern or aggregate named 'getEmploye'; did "
                     "you mean 'getEmployee'?\nmodel: note: " +
                     Sample("hr") + " declares aggregates productStock, repOrderTotals\n");
}

TEST_CASE("explain takes an aggregate's name: its maintainer, items, costs and reasons") {
  Result r = RunModel({"explain", Sample("hr"), "productStock"});
  INFO(r.err);
  CHECK(r.code == 0);
  CHECK(r.out.find(
            "aggregate productStock: Inventory into Product, kept by the table's stream\n") == 0);
  CHECK(r.out.find("totalQuantity = sum quantity\n") != std::string::npos);
  CHECK(r.out.find("items: the records of Inventory feed one Product item per group, 20 per "
                   "group") != std::string::npos);
  CHECK(r.out.find("cost: 400 records/s update 400 groups/s, each a GetItem (1 RCU)") !=
        std::string::npos);
  CHECK(r.out.find("item type Inventory (entity)") != std::string::npos);
  CHECK(r.out.find("item type Product (entity)") != std::string::npos);
}

TEST_CASE("explain suggests an aggregate for a typo of its name") {
  Result r = RunModel({"explain", Sample("hr"), "productStok"});
  CHECK(r.code == model::cli::kExitUsage);
  CHECK(r.err == "model: error: " + Sample("hr") +
                     " has no access pattern, write pattern or aggregate named 'productStok'; did "
                     "you mean 'productStock'?\nmodel: note: " +
                     Sample("hr") + " declares aggregates productStock, repOrderTotals\n");
  // check --pattern takes an aggregate too; an unknown name lists the aggregates.
  Result c = RunModel({"check", Sample("hr"), "--pattern", "productStok"});
  CHECK(c.code == model::cli::kExitUsage);
  CHECK(c.err == "model: error: " + Sample("hr") +
                     " has no access pattern, write pattern or aggregate named 'productStok'; did "
                     "you mean 'productStock'?\nmodel: note: " +
                     Sample("hr") + " declares aggregates productStock, repOrderTotals\n");
}

TEST_CASE(
    "check --pattern AGGREGATE checks that aggregate alone, through the writes that change "
    "it") {
  Result r = RunModel({"check", Sample("hr"), "--pattern", "productStock", "--format", "json"});
  INFO(r.err);
  CHECK(r.code == 0);
  // adjustStock updates Inventory's quantity: it changes productStock; placeOrder does not.
  CHECK(r.out.find("\"adjustStock\"") != std::string::npos);
  CHECK(r.out.find("\"placeOrder\"") == std::string::npos);
  CHECK(r.out.find("\"getEmployee\"") == std::string::npos);
  CHECK(r.out.find("\"productStock\"") != std::string::npos);
  CHECK(r.out.find("\"repOrderTotals\"") == std::string::npos);
}

TEST_CASE("the colour option: always colours diagnostics, never and auto (not a terminal) do not") {
  fs::path dir = Scratch("color");
  std::ofstream(dir / "m.yaml")
      << "entities:\n  Customer:\n    identifier: id\n    attributes:\n      id: strng\n";
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
