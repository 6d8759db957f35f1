// Helpers for model-area tests: load a model from YAML text and derive its layout.
#pragma once

#include <catch2/catch.hpp>
#include <fstream>
#include <optional>
#include <sstream>
#include <string>

#include "model/base/diagnostics.h"
#include "model/base/source.h"
#include "model/check_report.h"
#include "model/derive/derive.h"
#include "model/load/loader.h"

namespace test {

struct Loaded {
  std::unique_ptr<model::SourceFile> file;
  std::optional<model::Model> model;
  std::string diagnostics;
};

inline Loaded Load(std::string text, std::string name = "m.yaml") {
  Loaded l;
  l.file = std::make_unique<model::SourceFile>(std::move(name), std::move(text));
  model::Diagnostics diags(l.file.get());
  l.model = model::load::LoadModel(*l.file, diags);
  l.diagnostics = diags.Render();
  return l;
}

struct Derived {
  Loaded loaded;
  std::optional<model::KeyLayout> layout;
  std::string diagnostics;
};

inline Derived Derive(std::string text) {
  Derived d;
  d.loaded = Load(std::move(text));
  INFO(d.loaded.diagnostics);
  REQUIRE(d.loaded.model);
  model::Diagnostics diags(d.loaded.file.get());
  d.layout = model::derive::DeriveLayout(*d.loaded.model, diags);
  d.diagnostics = diags.Render();
  return d;
}

inline std::string ReadSource(const std::string& relative) {
  std::ifstream in(std::string(MODEL_SOURCE_DIR) + "/" + relative, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

inline const model::ReadPlan& Read(const model::KeyLayout& layout, const std::string& name) {
  for (const auto& r : layout.reads) {
    if (r.pattern == name) return r;
  }
  FAIL("no read plan " << name);
  return layout.reads.front();
}

inline const model::ItemType* FindType(const model::KeyLayout& layout, const std::string& name) {
  for (const auto& t : layout.item_types) {
    if (t.name == name) return &t;
  }
  return nullptr;
}

// Every failure of a check report, one per line, each after its pattern's or aggregate's name:
// what INFO shows when a check that should pass does not.
inline std::string CheckFailures(const model::CheckReport& report) {
  std::string out;
  for (const auto& p : report.patterns) {
    for (const auto& f : p.failures) out += p.name + ": " + f + "\n";
  }
  for (const auto& a : report.aggregates) {
    for (const auto& f : a.failures) out += a.name + ": " + f + "\n";
  }
  return out;
}

}  // namespace test
