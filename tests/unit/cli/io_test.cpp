// The CLI's disk access: reads name the path and reason; writes are atomic.
#include <catch2/catch.hpp>

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "cli/io.h"

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
  REQUIRE(WriteFileAtomically(target, "first\n", error));
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
  CHECK_FALSE(WriteFileAtomically((dir / "file" / "out.txt").string(), "y", error));
  CHECK(error.rfind("cannot create '" + (dir / "file").string() + "': ", 0) == 0);
  CHECK(Slurp(dir / "file") == "x");
}

TEST_CASE("WriteOutputs writes every file under the folder") {
  fs::path dir = ScratchDir("outputs");
  std::string error;
  REQUIRE(WriteOutputs(dir.string(), {{"x.md", "X"}, {"sub/y.dot", "Y"}}, error));
  CHECK(Slurp(dir / "x.md") == "X");
  CHECK(Slurp(dir / "sub" / "y.dot") == "Y");
}
