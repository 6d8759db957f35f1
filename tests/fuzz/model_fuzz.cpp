// libFuzzer target for the front end: model text in, diagnostics or a layout out.
//
// Each input is a model file. It is loaded (YAML, structure, semantic checks) and, when that
// succeeds, derived into a key layout, whose design chart and JSON are rendered; the diagnostics
// are rendered either way. Besides the sanitizers' findings, the target aborts when a phase
// breaks its contract: a phase returns no result without reporting an error, or returns one
// after reporting an error (docs/fuzzing.md).
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "codegen/report/design_text.h"
#include "codegen/report/layout_json.h"
#include "model/base/diagnostics.h"
#include "model/base/source.h"
#include "model/derive/derive.h"
#include "model/load/loader.h"

namespace {

[[noreturn]] void Broken(const char* what, const model::Diagnostics& diags) {
  std::fprintf(stderr, "model_fuzz: %s\n%s", what, diags.Render().c_str());
  std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  model::SourceFile file("fuzz.yaml", std::string(reinterpret_cast<const char*>(data), size));
  model::Diagnostics diags(&file);
  auto loaded = model::load::LoadModel(file, diags);
  if (loaded.has_value() == diags.HasErrors()) {
    Broken(loaded ? "LoadModel returned a model after errors" : "LoadModel failed without an error",
           diags);
  }
  if (loaded) {
    auto layout = model::derive::DeriveLayout(*loaded, diags);
    if (layout.has_value() == diags.HasErrors()) {
      Broken(layout ? "DeriveLayout returned a layout after errors"
                    : "DeriveLayout failed without an error",
             diags);
    }
    if (layout) {
      std::string design = model::RenderDesign(*loaded, *layout);
      std::string json = model::RenderLayoutJson(*loaded, *layout);
      if (design.empty() || json.empty()) Broken("an empty rendering of a layout", diags);
    }
  }
  std::string rendered = diags.Render();
  if (diags.HasErrors() && rendered.empty()) Broken("errors rendered as nothing", diags);
  return 0;
}
