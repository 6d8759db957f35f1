// derive_bench: time of loading and deriving generated models of many entities.
//
// Each generated model has N entities in a tree (entity i's parent is entity i/2, a 1:N
// relationship), each with an identifier, a link, a name, an enum status, a timestamp and an
// amount, and four access patterns: by identifier, children by parent newest first with a
// limit, by name, and open ones in a time range (a sparse index). Prints one JSON line per size.
// Then one line for YAML merge keys: an entity's K attributes anchored and merged ('<<') into M
// more entities, loaded only (the loader is linear in the merged entries).
// `--rule-only 1` derives without the cost objective (DeriveOptions::choose_by_cost = false: the
// packing rule's GSI count, no candidate layouts built and priced), to measure what the
// objective adds.
//   derive_bench [--sizes 50,500,2000] [--repeat 3] [--merge 10000,95] [--rule-only 1]
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <sstream>
#include <string>
#include <vector>

#include "model/base/diagnostics.h"
#include "model/derive/derive.h"
#include "model/load/loader.h"

namespace {

std::string GenerateModel(int n) {
  std::ostringstream y;
  y << "table: { name: bench-" << n << " }\nentities:\n";
  for (int i = 0; i < n; ++i) {
    y << "  E" << i << ":\n    count: " << 1000 + i * 10
      << "\n    item_size: 400\n    identifier: e" << i << "Id\n    attributes:\n      e" << i
      << "Id: string\n      parentId: string\n      name: string\n"
      << "      status: { type: enum, values: [OPEN, CLOSED] }\n      createdAt: timestamp\n      "
         "amount: number\n";
  }
  y << "relationships:\n";
  for (int i = 1; i < n; ++i) {
    y << "  - { name: r" << i << ", cardinality: 1:N, from: E" << i / 2 << ", to: E" << i
      << ", link: [parentId] }\n";
  }
  y << "access_patterns:\n";
  for (int i = 0; i < n; ++i) {
    y << "  - { name: get" << i << ", returns: E" << i << ", by: [e" << i << "Id], rate: 10 }\n"
      << "  - { name: children" << i << ", returns: E" << i
      << ", by: [parentId], sort: { createdAt: desc }, limit: 20 }\n"
      << "  - { name: byName" << i << ", returns: E" << i << ", by: [name] }\n"
      << "  - { name: open" << i << ", returns: E" << i
      << ", filter: { status: OPEN }, range: { createdAt: between } }\n";
  }
  return y.str();
}

// Entity E0 anchors `keys` attributes; E1..E`maps` merge them and add one of their own.
std::string GenerateMergeModel(int keys, int maps) {
  std::ostringstream y;
  y << "entities:\n  E0:\n    identifier: a0\n    attributes: &common\n";
  for (int k = 0; k < keys; ++k) y << "      a" << k << ": string\n";
  for (int m = 1; m <= maps; ++m) {
    y << "  E" << m << ":\n    identifier: a0\n    attributes:\n      <<: *common\n      own" << m
      << ": number\n";
  }
  return y.str();
}

double Ms(std::chrono::steady_clock::duration d) {
  return std::chrono::duration<double, std::milli>(d).count();
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<int> sizes = {50, 500, 2000};
  int repeat = 3;
  int merge_keys = 10000, merge_maps = 95;
  model::derive::DeriveOptions options;
  for (int i = 1; i + 1 < argc; i += 2) {
    if (std::strcmp(argv[i], "--sizes") == 0) {
      sizes.clear();
      for (char* p = std::strtok(argv[i + 1], ","); p; p = std::strtok(nullptr, ","))
        sizes.push_back(std::atoi(p));
    } else if (std::strcmp(argv[i], "--merge") == 0) {
      std::sscanf(argv[i + 1], "%d,%d", &merge_keys, &merge_maps);
    } else if (std::strcmp(argv[i], "--repeat") == 0) {
      repeat = std::max(1, std::atoi(argv[i + 1]));
    } else if (std::strcmp(argv[i], "--rule-only") == 0) {
      options.choose_by_cost = std::atoi(argv[i + 1]) == 0;
    }
  }
  for (int n : sizes) {
    std::string text = GenerateModel(n);
    double best_load = 1e300, best_derive = 1e300;
    std::size_t indexes = 0, item_types = 0, patterns = 0;
    for (int r = 0; r < repeat; ++r) {
      model::SourceFile file("bench.yaml", text);
      model::Diagnostics diags(&file);
      auto t0 = std::chrono::steady_clock::now();
      auto m = model::load::LoadModel(file, diags);
      auto t1 = std::chrono::steady_clock::now();
      if (!m) {
        std::fprintf(stderr, "%s", diags.Render().c_str());
        return 1;
      }
      auto layout = model::derive::DeriveLayout(*m, diags, options);
      auto t2 = std::chrono::steady_clock::now();
      if (!layout) {
        std::fprintf(stderr, "%s", diags.Render().c_str());
        return 1;
      }
      best_load = std::min(best_load, Ms(t1 - t0));
      best_derive = std::min(best_derive, Ms(t2 - t1));
      indexes = layout->indexes.size();
      item_types = layout->item_types.size();
      patterns = layout->reads.size();
    }
    std::printf(
        "{\"entities\": %d, \"patterns\": %zu, \"gsis\": %zu, \"item_types\": %zu, \"load_ms\": "
        "%.1f, "
        "\"derive_ms\": %.1f}\n",
        n, patterns, indexes, item_types, best_load, best_derive);
    std::fflush(stdout);
  }
  std::string text = GenerateMergeModel(merge_keys, merge_maps);
  double best_load = 1e300;
  for (int r = 0; r < repeat; ++r) {
    model::SourceFile file("merge.yaml", text);
    model::Diagnostics diags(&file);
    auto t0 = std::chrono::steady_clock::now();
    auto m = model::load::LoadModel(file, diags);
    auto t1 = std::chrono::steady_clock::now();
    if (!m) {
      std::fprintf(stderr, "%s", diags.Render().c_str());
      return 1;
    }
    best_load = std::min(best_load, Ms(t1 - t0));
  }
  std::printf("{\"merge_keys\": %d, \"merged_into\": %d, \"file_bytes\": %zu, \"load_ms\": %.1f}\n",
              merge_keys, merge_maps, text.size(), best_load);
  return 0;
}
