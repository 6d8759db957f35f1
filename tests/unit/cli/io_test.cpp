// The CLI's disk access: reads name the path and reason; writes are atomic.
#include "cli/io.h"

#include <unistd.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace fs = std::filesystem;
using model::cli::ReadTextFile;
using model::cli::WriteFileAtomically;
using model::cli::WriteOutputs;

namespace {

fs::path ScratchDir(const std::string& name) {
  fs::path dir = fs::temp_directory_path() / ("model-io-test-" + std::to_string(::getpid())) / name;
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

std::string Slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

}  // namespace

TEST_CASE("ReadTextFile returns the bytes, including NUL and CRLF") {
  fs::path dir = ScratchDir("read");
  std::string bytes("a\r\nb\0c", 6);
  std::ofstream(dir / "f.yaml", std::ios::binary) << bytes;
  std::string error;
  auto text = ReadTextFile((dir / "f.yaml").string(), error);
  REQUIRE(text);
  CHECK(*text == bytes);
  CHECK(error.empty());
}

TEST_CASE("ReadTextFile names a missing file and a directory") {
  fs::path dir = ScratchDir("missing");
  std::string error;
  std::string missing = (dir / "nope.yaml").string();
  CHECK_FALSE(ReadTextFile(missing, error));
  CHECK(error == "cannot read '" + missing + "': No such file or directory");
  CHECK_FALSE(ReadTextFile(dir.string(), error));
  CHECK(error == "cannot read '" + dir.string() + "': it is a directory");
}

TEST_CASE("WriteFileAtomically creates parents, replaces, and leaves no temporary file") {
  fs::path dir = ScratchDir("write");
  std::string target = (dir / "a" / "b" / "out.txt").string();
  std::string error;
  REQUIRE(WriteFileAtomically(target, "first\n", error, true));
  REQUIRE(WriteFileAtomically(target, "second\n", error));
  CHECK(Slurp(target) == "second\n");
  int entries = 0;
  for ([[maybe_unused]] const auto& e : fs::directory_iterator(dir / "a" / "b")) ++entries;
  CHECK(entries == 1);
}

TEST_CASE("WriteFileAtomically fails cleanly when the folder cannot be created") {
  fs::path dir = ScratchDir("blocked");
  std::ofstream(dir / "file") << "x";
  std::string error;
  CHECK_FALSE(WriteFileAtomically((dir / "file" / "out.txt").string(), "y", error, true));
  CHECK(error.rfind("cannot create '" + (dir / "file").string() + "': ", 0) == 0);
  CHECK(Slurp(dir / "file") == "x");
}

TEST_CASE("WriteFileAtomically names a missing folder and creates nothing", "[cli][io]") {
  fs::path dir = ScratchDir("nofolder");
  std::string target = (dir / "missing" / "out.txt").string();
  std::string error;
  CHECK_FALSE(WriteFileAtomically(target, "x", error));
  CHECK(error == "cannot write '" + target + "': the folder '" + (dir / "missing").string() +
                     "' does not exist");
  CHECK_FALSE(fs::exists(dir / "missing"));
}

TEST_CASE("WriteOutputs writes every file under the folder") {
  fs::path dir = ScratchDir("outputs");
  std::string error;
  REQUIRE(WriteOutputs(dir.string(), {{"x.md", "X"}, {"sub/y.dot", "Y"}}, error));
  CHECK(Slurp(dir / "x.md") == "X");
  CHECK(Slurp(dir / "sub" / "y.dot") == "Y");
}

TEST_CASE("WriteOutputMap writes a generator's outputs under the folder, creating it",
          "[cli][io]") {
  fs::path dir = ScratchDir("map") / "new" / "out";
  model::codegen::OutputMap outputs;
  outputs.Add("README.md", "# r\n");
  outputs.Add("docs/deep/er.dot", "digraph {}\n");
  std::string error;
  REQUIRE(model::cli::WriteOutputMap(dir.string() + "/", outputs, error));
  CHECK(error.empty());
  CHECK(Slurp(dir / "README.md") == "# r\n");
  CHECK(Slurp(dir / "docs" / "deep" / "er.dot") == "digraph {}\n");
  int entries = 0;
  for ([[maybe_unused]] const auto& e : fs::recursive_directory_iterator(dir)) ++entries;
  CHECK(entries == 4);  // two files, two folders: no temporary file left
}

TEST_CASE("WriteOutputs refuses a path that escapes the folder and writes nothing", "[cli][io]") {
  fs::path dir = ScratchDir("escape");
  std::string error;
  std::string out = (dir / "out").string();
  CHECK_FALSE(WriteOutputs(out, {{"a.md", "A"}, {"../evil.md", "E"}}, error));
  CHECK(error == "refusing to write '" + out + "/../evil.md': the path has a '..' component");
  CHECK_FALSE(fs::exists(dir / "evil.md"));
  CHECK_FALSE(fs::exists(dir / "out" / "a.md"));
  CHECK_FALSE(WriteOutputs(out, {{"/etc/evil", "E"}}, error));
  CHECK(error == "refusing to write '/etc/evil': the path is absolute");
  CHECK_FALSE(WriteOutputs(out, {{"a/./b", "E"}}, error));
  CHECK(error == "refusing to write '" + out + "/a/./b': the path has a '.' component");
}

TEST_CASE("WriteOutputMap refuses a folder that is a symbolic link out of the folder",
          "[cli][io]") {
  fs::path dir = ScratchDir("symlink");
  fs::create_directories(dir / "out");
  fs::create_directories(dir / "elsewhere");
  fs::create_directory_symlink(dir / "elsewhere", dir / "out" / "link");
  model::codegen::OutputMap outputs;
  outputs.Add("ok.md", "fine");
  outputs.Add("link/evil.md", "E");
  std::string error;
  CHECK_FALSE(model::cli::WriteOutputMap((dir / "out").string(), outputs, error));
  CHECK(error.rfind("refusing to write '" + (dir / "out" / "link" / "evil.md").string() +
                        "': its folder resolves to '",
                    0) == 0);
  CHECK_FALSE(fs::exists(dir / "elsewhere" / "evil.md"));
  CHECK_FALSE(fs::exists(dir / "out" / "ok.md"));
}

TEST_CASE("WriteOutputMap stops at a failed file and leaves no partial file", "[cli][io]") {
  fs::path dir = ScratchDir("partial");
  std::ofstream(dir / "blocker") << "x";  // a file where a folder is needed
  model::codegen::OutputMap outputs;
  outputs.Add("a.md", "A");
  outputs.Add("blocker/b.md", "B");
  std::string error;
  CHECK_FALSE(model::cli::WriteOutputMap(dir.string(), outputs, error));
  CHECK(error.rfind("cannot create '" + (dir / "blocker").string() + "': ", 0) == 0);
  CHECK(Slurp(dir / "a.md") == "A");
  CHECK(Slurp(dir / "blocker") == "x");
  int entries = 0;
  for ([[maybe_unused]] const auto& e : fs::directory_iterator(dir)) ++entries;
  CHECK(entries == 2);
}
