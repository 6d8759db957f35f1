// check_bench: `model check` throughput on a model file with many synthetic entities.
//
// Times the whole check of the model (default samples/hr/model.yaml) with --items N (default
// 1,000,000): the set-up (synthetic data, the SQLite oracle, loading every item through the
// layout into the simulated table) until the first pattern is done, and the rest. Prints one
// JSON line: items loaded, set-up seconds and their split (synthesizing the data; rendering and
// planning every item while the oracle is built on a second thread; writing the table and its
// indexes), items/s over the whole set-up, patterns checked, patterns/s and peak RSS.
//   check_bench [--model FILE] [--items N]
#include <sys/resource.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>
#include <string>

#include "model/base/diagnostics.h"
#include "model/check/check.h"
#include "model/derive/derive.h"
#include "model/load/loader.h"

int main(int argc, char** argv) {
  std::string path = std::string(MODEL_SOURCE_DIR) + "/samples/hr/model.yaml";
  std::int64_t items = 1000000;
  for (int i = 1; i < argc; i += 2) {
    if (i + 1 < argc && std::strcmp(argv[i], "--model") == 0) {
      path = argv[i + 1];
    } else if (i + 1 < argc && std::strcmp(argv[i], "--items") == 0 &&
               std::atoll(argv[i + 1]) > 0) {
      items = std::atoll(argv[i + 1]);
    } else {
      std::fprintf(stderr, "usage: check_bench [--model FILE] [--items N]\n");
      return 2;
    }
  }
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  model::SourceFile file(path, text.str());
  model::Diagnostics diags(&file);
  auto m = model::load::LoadModel(file, diags);
  if (!m) {
    std::fprintf(stderr, "%s", diags.Render().c_str());
    return 1;
  }
  auto layout = model::derive::DeriveLayout(*m, diags);
  if (!layout) {
    std::fprintf(stderr, "%s", diags.Render().c_str());
    return 1;
  }
  model::check::CheckOptions options;
  options.items = items;
  auto start = std::chrono::steady_clock::now();
  std::chrono::steady_clock::time_point first, loading = start, writing = start;
  options.stage = [&](const std::string& stage) {
    if (stage == "loading items") loading = std::chrono::steady_clock::now();
    if (stage == "writing the table") writing = std::chrono::steady_clock::now();
  };
  bool seen = false;
  options.progress = [&](int, int) {
    if (!seen) first = std::chrono::steady_clock::now();
    seen = true;
  };
  auto report = model::check::RunCheck(*m, *layout, options);
  auto end = std::chrono::steady_clock::now();
  if (!report.ok()) {
    std::fprintf(stderr, "%s: %s\n", report.error().name.c_str(), report.error().message.c_str());
    return 1;
  }
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  auto seconds = [](auto from, auto to) {
    return std::chrono::duration<double>(to - from).count();
  };
  double setup = seconds(start, first);
  double rest = std::chrono::duration<double>(end - first).count();
  // Patterns checked: two rounds of every read pattern plus every write pattern.
  std::size_t checked = 2 * layout->reads.size() + layout->writes.size();
  std::printf(
      "{\"model\": \"%s\", \"records\": %lld, \"items\": %lld, \"setup_s\": %.2f, "
      "\"synthesize_s\": %.2f, "
      "\"render_s\": %.2f, \"write_s\": %.2f, \"items_per_s\": %.0f, "
      "\"patterns\": %zu, \"patterns_s\": %.2f, \"patterns_per_s\": %.1f, \"peak_rss_mb\": %.0f, "
      "\"passed\": %s}\n",
      path.c_str(), static_cast<long long>(report->records), static_cast<long long>(report->items),
      setup, seconds(start, loading), seconds(loading, writing), seconds(writing, first),
      static_cast<double>(report->items) / setup, checked, rest,
      static_cast<double>(checked) / rest, static_cast<double>(usage.ru_maxrss) / 1024.0,
      report->passed() ? "true" : "false");
  return report->passed() ? 0 : 1;
}
