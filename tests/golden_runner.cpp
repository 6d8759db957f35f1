// golden_runner: end-to-end golden tests in the sqlc style.
//
// Two kinds of cases, both run against the built `model` executable:
//
// 1. tests/golden/<case>/ holds the inputs (e.g. model.yaml), a one-line `args` file with the
//    arguments to `model`, and `expected/` with `stdout`, `stderr`, `exit_code` and, for
//    commands that write files, `files/` (every file the command created, relative to the case
//    folder). The case folder (less `expected/`) is copied to a scratch folder, the command runs
//    there, and everything is compared: a missing or an extra file fails the case. A `stdin`
//    file in the case folder is the command's standard input (else /dev/null); it is not copied.
//
// 2. samples/<sample>/outputs lists the sample's checked-in outputs, one per line:
//        design.txt: design model.yaml
//        docs/: generate model.yaml -o docs
//    A name ending in '/' is a folder the command writes (compared file by file, missing and
//    extra both fail); otherwise the file holds the command's standard output. These commands
//    must exit 0 and print nothing on standard error.
//
// `--update` rewrites the expectations from what the commands did; review the diff like code.
// `--filter TEXT` runs only cases whose name contains TEXT. Exit 0 when every case passes.
#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

extern char** environ;

namespace fs = std::filesystem;

namespace {

struct Options {
  std::string model;
  fs::path root;
  bool update = false;
  std::string filter;
};

std::string ReadFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

void WriteFile(const fs::path& path, const std::string& text) {
  fs::create_directories(path.parent_path());
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << text;
}

std::string Trim(std::string s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == '\r' || s.back() == ' ')) s.pop_back();
  std::size_t i = 0;
  while (i < s.size() && s[i] == ' ') ++i;
  return s.substr(i);
}

// Splits an argument line on spaces; double or single quotes group words.
std::vector<std::string> SplitArgs(const std::string& line) {
  std::vector<std::string> args;
  std::string cur;
  bool in_word = false;
  char quote = 0;
  for (char c : line) {
    if (quote) {
      if (c == quote) {
        quote = 0;
      } else {
        cur += c;
      }
    } else if (c == '"' || c == '\'') {
      quote = c;
      in_word = true;
    } else if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
      if (in_word) args.push_back(cur);
      cur.clear();
      in_word = false;
    } else {
      cur += c;
      in_word = true;
    }
  }
  if (in_word) args.push_back(cur);
  return args;
}

struct RunResult {
  std::string out;
  std::string err;
  int exit_code = -1;
};

// Runs `model args...` in `cwd` with stdout/stderr captured to files (no pipes to deadlock on).
// Commands run with SOURCE_DATE_EPOCH=0, so reports that carry a time (JUnit) are stable.
RunResult Run(const Options& opt, const std::vector<std::string>& args, const fs::path& cwd,
              const fs::path& stdin_path = "/dev/null") {
  fs::path scratch = fs::temp_directory_path() / ("golden-io-" + std::to_string(getpid()));
  fs::create_directories(scratch);
  fs::path out_path = scratch / "stdout";
  fs::path err_path = scratch / "stderr";

  std::vector<std::string> argv_s{opt.model};
  argv_s.insert(argv_s.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (auto& a : argv_s) argv.push_back(a.data());
  argv.push_back(nullptr);

  std::vector<std::string> env_s{"LC_ALL=C",          "NO_COLOR=1",         "TERM=dumb",
                                 "HOME=/nonexistent", "PATH=/usr/bin:/bin", "SOURCE_DATE_EPOCH=0"};
  // A sanitizer build (MODEL_SANITIZE=ON) reads its options from these; passed on, so that
  // e.g. log_path or halt_on_error set for the test run reach `model` too.
  for (const char* name : {"ASAN_OPTIONS", "UBSAN_OPTIONS", "LSAN_OPTIONS"}) {
    if (const char* value = std::getenv(name)) env_s.push_back(std::string(name) + "=" + value);
  }
  std::vector<char*> envp;
  for (auto& e : env_s) envp.push_back(e.data());
  envp.push_back(nullptr);

  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 0, stdin_path.c_str(), O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&actions, 1, out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC,
                                   0644);
  posix_spawn_file_actions_addopen(&actions, 2, err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC,
                                   0644);
  fs::path old_cwd = fs::current_path();
  fs::current_path(cwd);
  pid_t pid = 0;
  RunResult result;
  int rc = posix_spawn(&pid, opt.model.c_str(), &actions, nullptr, argv.data(), envp.data());
  fs::current_path(old_cwd);
  posix_spawn_file_actions_destroy(&actions);
  if (rc != 0) {
    result.err = std::string("golden_runner: cannot start ") + opt.model + ": " + strerror(rc);
    return result;
  }
  int status = 0;
  waitpid(pid, &status, 0);
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  result.out = ReadFile(out_path);
  result.err = ReadFile(err_path);
  fs::remove_all(scratch);
  return result;
}

// All regular files under `dir`, relative paths, sorted.
std::map<std::string, std::string> Snapshot(const fs::path& dir) {
  std::map<std::string, std::string> files;
  if (!fs::exists(dir)) return files;
  for (const auto& e : fs::recursive_directory_iterator(dir)) {
    if (e.is_regular_file())
      files[fs::relative(e.path(), dir).generic_string()] = ReadFile(e.path());
  }
  return files;
}

// A short unified-ish diff: the first differing line with context.
std::string Diff(const std::string& expected, const std::string& actual) {
  std::istringstream e(expected), a(actual);
  std::string le, la;
  int line = 0;
  while (true) {
    bool he = static_cast<bool>(std::getline(e, le));
    bool ha = static_cast<bool>(std::getline(a, la));
    ++line;
    if (!he && !ha) break;
    if (!he || !ha || le != la) {
      return "  first difference at line " + std::to_string(line) +
             ":\n  - expected: " + (he ? le : "<end of file>") +
             "\n  + actual:   " + (ha ? la : "<end of file>") + "\n";
    }
  }
  return "  (differs only in the final newline)\n";
}

fs::path MakeScratch(const std::string& name) {
  std::string safe = name;
  std::replace(safe.begin(), safe.end(), '/', '_');
  fs::path p = fs::temp_directory_path() / ("golden-" + std::to_string(getpid()) + "-" + safe);
  fs::remove_all(p);
  fs::create_directories(p);
  return p;
}

void CopyTree(const fs::path& from, const fs::path& to, const std::vector<std::string>& skip) {
  for (const auto& e : fs::directory_iterator(from)) {
    std::string n = e.path().filename().string();
    if (std::find(skip.begin(), skip.end(), n) != skip.end()) continue;
    fs::copy(e.path(), to / n, fs::copy_options::recursive);
  }
}

// Compares `actual` files to `expected` files; appends failures to `why`.
void CompareTrees(const std::map<std::string, std::string>& expected,
                  const std::map<std::string, std::string>& actual, const std::string& label,
                  std::string& why) {
  for (const auto& [path, text] : expected) {
    auto it = actual.find(path);
    if (it == actual.end()) {
      why += "  missing file " + label + path + "\n";
    } else if (it->second != text) {
      why += "  file " + label + path + " differs:\n" + Diff(text, it->second);
    }
  }
  for (const auto& [path, text] : actual) {
    if (!expected.count(path)) why += "  unexpected file " + label + path + "\n";
  }
}

// Files created by the command: those in `after` that were not in `before`, or changed.
std::map<std::string, std::string> Created(const std::map<std::string, std::string>& before,
                                           const std::map<std::string, std::string>& after) {
  std::map<std::string, std::string> created;
  for (const auto& [path, text] : after) {
    auto it = before.find(path);
    if (it == before.end() || it->second != text) created[path] = text;
  }
  return created;
}

bool RunGoldenCase(const Options& opt, const fs::path& dir, std::string& why) {
  auto args = SplitArgs(ReadFile(dir / "args"));
  fs::path work = MakeScratch(dir.filename().string());
  CopyTree(dir, work, {"expected", "args", "stdin"});
  auto before = Snapshot(work);
  RunResult r =
      Run(opt, args, work,
          fs::exists(dir / "stdin") ? fs::absolute(dir / "stdin") : fs::path("/dev/null"));
  auto created = Created(before, Snapshot(work));
  fs::remove_all(work);

  fs::path exp = dir / "expected";
  if (opt.update) {
    fs::remove_all(exp);
    WriteFile(exp / "stdout", r.out);
    WriteFile(exp / "stderr", r.err);
    WriteFile(exp / "exit_code", std::to_string(r.exit_code) + "\n");
    for (const auto& [path, text] : created) WriteFile(exp / "files" / path, text);
    return true;
  }
  if (!fs::exists(exp / "exit_code")) {
    why += "  no expected/exit_code (run golden_runner --update and review the diff)\n";
    return false;
  }
  int expected_code = std::atoi(Trim(ReadFile(exp / "exit_code")).c_str());
  if (r.exit_code != expected_code) {
    why += "  exit code " + std::to_string(r.exit_code) + ", expected " +
           std::to_string(expected_code) + "\n";
  }
  std::string exp_out = ReadFile(exp / "stdout"), exp_err = ReadFile(exp / "stderr");
  if (r.out != exp_out) why += "  stdout differs:\n" + Diff(exp_out, r.out);
  if (r.err != exp_err) why += "  stderr differs:\n" + Diff(exp_err, r.err);
  CompareTrees(Snapshot(exp / "files"), created, "", why);
  return why.empty();
}

struct SampleOutput {
  std::string name;  // file, or folder when it ends with '/'
  std::vector<std::string> args;
};

bool RunSampleOutput(const Options& opt, const fs::path& sample, const SampleOutput& o,
                     std::string& why) {
  fs::path work = MakeScratch(sample.filename().string() + "-" + o.name);
  bool is_dir = !o.name.empty() && o.name.back() == '/';
  std::string dir_name = is_dir ? o.name.substr(0, o.name.size() - 1) : o.name;
  CopyTree(sample, work, {dir_name});
  RunResult r = Run(opt, o.args, work);
  if (r.exit_code != 0) why += "  exit code " + std::to_string(r.exit_code) + ", expected 0\n";
  if (!r.err.empty()) why += "  unexpected stderr:\n" + r.err;
  if (is_dir) {
    auto actual = Snapshot(work / dir_name);
    if (opt.update && why.empty()) {
      fs::remove_all(sample / dir_name);
      for (const auto& [path, text] : actual) WriteFile(sample / dir_name / path, text);
    } else {
      CompareTrees(Snapshot(sample / dir_name), actual, dir_name + "/", why);
    }
  } else if (opt.update && why.empty()) {
    WriteFile(sample / o.name, r.out);
  } else {
    std::string expected = ReadFile(sample / o.name);
    if (!fs::exists(sample / o.name))
      why += "  missing checked-in output " + o.name + "\n";
    else if (r.out != expected)
      why += "  " + o.name + " differs:\n" + Diff(expected, r.out);
  }
  fs::remove_all(work);
  return why.empty();
}

std::vector<SampleOutput> ReadOutputs(const fs::path& file) {
  std::vector<SampleOutput> outputs;
  std::istringstream in(ReadFile(file));
  std::string line;
  while (std::getline(in, line)) {
    line = Trim(line);
    if (line.empty() || line[0] == '#') continue;
    auto colon = line.find(": ");
    if (colon == std::string::npos) continue;
    outputs.push_back(SampleOutput{Trim(line.substr(0, colon)), SplitArgs(line.substr(colon + 2))});
  }
  return outputs;
}

}  // namespace

int main(int argc, char** argv) {
  Options opt;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "--model" && i + 1 < argc)
      opt.model = argv[++i];
    else if (a == "--root" && i + 1 < argc)
      opt.root = argv[++i];
    else if (a == "--update")
      opt.update = true;
    else if (a == "--filter" && i + 1 < argc)
      opt.filter = argv[++i];
    else {
      std::cerr << "usage: golden_runner --model PATH --root DIR [--update] [--filter TEXT]\n";
      return 2;
    }
  }
  if (opt.model.empty() || opt.root.empty()) {
    std::cerr << "usage: golden_runner --model PATH --root DIR [--update] [--filter TEXT]\n";
    return 2;
  }
  opt.model = fs::absolute(opt.model).string();

  int passed = 0, failed = 0;
  auto report = [&](const std::string& name, bool ok, const std::string& why) {
    if (ok) {
      ++passed;
    } else {
      ++failed;
      std::cout << "FAIL " << name << "\n" << why;
    }
  };

  std::vector<fs::path> cases;
  if (fs::exists(opt.root / "tests/golden")) {
    for (const auto& e : fs::directory_iterator(opt.root / "tests/golden")) {
      if (e.is_directory() && fs::exists(e.path() / "args")) cases.push_back(e.path());
    }
  }
  std::sort(cases.begin(), cases.end());
  for (const auto& dir : cases) {
    std::string name = "golden/" + dir.filename().string();
    if (!opt.filter.empty() && name.find(opt.filter) == std::string::npos) continue;
    std::string why;
    report(name, RunGoldenCase(opt, dir, why), why);
  }

  std::vector<fs::path> samples;
  if (fs::exists(opt.root / "samples")) {
    for (const auto& e : fs::directory_iterator(opt.root / "samples")) {
      if (e.is_directory() && fs::exists(e.path() / "outputs")) samples.push_back(e.path());
    }
  }
  std::sort(samples.begin(), samples.end());
  for (const auto& sample : samples) {
    for (const auto& o : ReadOutputs(sample / "outputs")) {
      std::string name = "samples/" + sample.filename().string() + "/" + o.name;
      if (!opt.filter.empty() && name.find(opt.filter) == std::string::npos) continue;
      std::string why;
      report(name, RunSampleOutput(opt, sample, o, why), why);
    }
  }

  if (opt.update) std::cout << "updated " << passed + failed << " cases\n";
  std::cout << passed << " passed, " << failed << " failed\n";
  return failed == 0 && passed > 0 ? 0 : 1;
}
