// docs_browser: `model docs` output as a browser sees it.
//
// For each sample given, runs `model docs SAMPLE -o <scratch>`, then headless Chromium (Debian's
// `chromium`) on index.html twice: --dump-dom, to assert that the page loads, that every entity
// and every access and write pattern name appears in the rendered DOM, and that the console
// logged nothing (no script, no blocked fetch: the page's Content-Security-Policy allows nothing
// to be fetched, so any attempt would be logged); and --screenshot, which must produce a PNG.
// With --screenshot-out PATH the first sample's screenshot is also copied there (that is how
// docs/images/hr-docs.png is made; see docs/outputs.md).
//
// Exit 0 on success, 1 on a failure, 77 (skipped, with the reason) when Chromium is missing or
// cannot start, unless the environment has CI=true: then that is a failure too.
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include "model/base/diagnostics.h"
#include "model/base/source.h"
#include "model/load/loader.h"

namespace fs = std::filesystem;

namespace {

constexpr int kSkip = 77;

std::string ReadFile(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

std::string Quote(const std::string& s) {
  std::string out = "'";
  for (char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

// Runs a shell command; returns its exit status (or -1).
int Shell(const std::string& command) {
  int status = std::system(command.c_str());
  if (status == -1 || !WIFEXITED(status)) return -1;
  return WEXITSTATUS(status);
}

std::string FindChromium() {
  for (const char* name : {"chromium", "chromium-browser", "google-chrome"}) {
    for (const char* dir : {"/usr/bin", "/usr/local/bin", "/bin"}) {
      fs::path p = fs::path(dir) / name;
      if (fs::exists(p)) return p.string();
    }
  }
  return "";
}

bool InCi() {
  const char* ci = std::getenv("CI");
  return ci != nullptr && std::string(ci) == "true";
}

int Unavailable(const std::string& why) {
  if (InCi()) {
    std::cerr << "docs_browser: FAIL: " << why << " (CI=true requires Chromium)\n";
    return 1;
  }
  std::cout << "docs_browser: skipped: " << why << "\n";
  return kSkip;
}

}  // namespace

int main(int argc, char** argv) {
  std::string model;
  std::string screenshot_out;
  std::vector<std::string> samples;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "--model" && i + 1 < argc)
      model = argv[++i];
    else if (a == "--screenshot-out" && i + 1 < argc)
      screenshot_out = argv[++i];
    else
      samples.push_back(a);
  }
  if (model.empty() || samples.empty()) {
    std::cerr << "usage: docs_browser --model PATH [--screenshot-out PNG] SAMPLE.yaml...\n";
    return 2;
  }
  std::string chromium = FindChromium();
  if (chromium.empty()) return Unavailable("chromium is not installed (scripts/test installs it)");

  fs::path scratch = fs::temp_directory_path() / ("docs-browser-" + std::to_string(::getpid()));
  fs::remove_all(scratch);
  fs::create_directories(scratch);
  int failures = 0;
  for (std::size_t s = 0; s < samples.size(); ++s) {
    const std::string& sample = samples[s];
    fs::path out = scratch / ("docs" + std::to_string(s));
    if (Shell(Quote(model) + " docs " + Quote(sample) + " -o " + Quote(out.string()) +
              " >/dev/null") != 0) {
      std::cerr << "docs_browser: FAIL: model docs " << sample << " did not exit 0\n";
      ++failures;
      continue;
    }
    std::string url = "file://" + fs::absolute(out / "index.html").string();
    std::string flags =
        "--headless --disable-gpu --no-sandbox --no-first-run --no-default-browser-check "
        "--disable-extensions --hide-scrollbars --enable-logging=stderr --v=0 --user-data-dir=" +
        Quote((scratch / "profile").string());
    fs::path dom = out / "dom.html";
    fs::path log = out / "chromium.log";
    int rc = Shell("timeout 120 " + Quote(chromium) + " " + flags + " --dump-dom " + Quote(url) +
                   " >" + Quote(dom.string()) + " 2>" + Quote(log.string()));
    std::string html = ReadFile(dom);
    if (rc != 0 || html.find("</html>") == std::string::npos) {
      std::string why = "chromium cannot start or load the page (exit " + std::to_string(rc) +
                        "); its log:\n" + ReadFile(log);
      fs::remove_all(scratch);
      return Unavailable(why);
    }
    // Console messages (errors, CSP violations) appear in the log as CONSOLE lines.
    std::istringstream lines(ReadFile(log));
    for (std::string line; std::getline(lines, line);) {
      if (line.find("CONSOLE") != std::string::npos ||
          line.find("Refused to") != std::string::npos ||
          line.find("Uncaught") != std::string::npos) {
        std::cerr << "docs_browser: FAIL: " << sample << ": the console logged: " << line << "\n";
        ++failures;
      }
    }
    // Every entity and pattern name must be shown (as HTML text: the names are identifiers,
    // so the escaped and the plain forms agree).
    std::string error;
    std::string text = ReadFile(sample);
    model::SourceFile file(sample, text);
    model::Diagnostics diags(&file);
    auto m = model::load::LoadModel(file, diags);
    if (!m) {
      std::cerr << "docs_browser: FAIL: cannot load " << sample << "\n" << diags.Render();
      ++failures;
      continue;
    }
    std::vector<std::string> names;
    for (const auto& e : m->entities) names.push_back(e.name);
    for (const auto& p : m->access_patterns) names.push_back(p.name);
    for (const auto& w : m->write_patterns) names.push_back(w.name);
    for (const std::string& name : names) {
      if (html.find(">" + name + "<") == std::string::npos) {
        std::cerr << "docs_browser: FAIL: " << sample << ": the rendered page does not show '"
                  << name << "'\n";
        ++failures;
      }
    }
    fs::path png = out / "page.png";
    rc = Shell("timeout 120 " + Quote(chromium) + " " + flags +
               " --window-size=1280,2400 --screenshot=" + Quote(png.string()) + " " + Quote(url) +
               " >/dev/null 2>&1");
    if (rc != 0 || !fs::exists(png) || fs::file_size(png) < 1000) {
      std::cerr << "docs_browser: FAIL: " << sample << ": no screenshot (exit " << rc << ")\n";
      ++failures;
    } else if (s == 0 && !screenshot_out.empty()) {
      fs::copy_file(png, screenshot_out, fs::copy_options::overwrite_existing);
    }
    if (failures == 0)
      std::cout << "docs_browser: " << sample << ": ok (" << names.size()
                << " names shown, no console messages)\n";
  }
  fs::remove_all(scratch);
  return failures == 0 ? 0 : 1;
}
