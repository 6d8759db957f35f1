#include "cli/verbs.h"

#include <fmt/format.h>

#include "cli/app.h"
#include "cli/load.h"
#include "codegen/report/design_text.h"
#include "codegen/report/explain.h"
#include "codegen/report/layout_json.h"
#include "model/derive/derive.h"
#include "model/base/diagnostics.h"

namespace model::cli {

namespace {

struct Designed {
  LoadedModel loaded;
  std::optional<KeyLayout> layout;
  int exit_code = 0;
};

Designed LoadAndDerive(const std::string& path, std::ostream& err) {
  Designed d;
  d.loaded = LoadModelFile(path, err);
  if (!d.loaded.model) {
    d.exit_code = d.loaded.exit_code;
    return d;
  }
  Diagnostics diags(d.loaded.file.get());
  d.layout = derive::DeriveLayout(*d.loaded.model, diags);
  err << diags.Render();
  if (diags.HasErrors() || !d.layout) {
    d.layout.reset();
    d.exit_code = kExitModelError;
  }
  return d;
}

}  // namespace

int Design(const DesignOptions& options, std::ostream& out, std::ostream& err) {
  Designed d = LoadAndDerive(options.file, err);
  if (!d.layout) return d.exit_code;
  if (options.format == "json") {
    out << RenderLayoutJson(*d.loaded.model, *d.layout);
  } else {
    out << RenderDesign(*d.loaded.model, *d.layout);
  }
  return kExitOk;
}

int Explain(const ExplainOptions& options, std::ostream& out, std::ostream& err) {
  Designed d = LoadAndDerive(options.file, err);
  if (!d.layout) return d.exit_code;
  const Model& m = *d.loaded.model;
  if (!options.pattern.empty()) {
    bool known = false;
    std::vector<std::string> names;
    for (const auto& p : m.access_patterns) {
      names.push_back(p.name);
      known = known || p.name == options.pattern;
    }
    for (const auto& w : m.write_patterns) {
      names.push_back(w.name);
      known = known || w.name == options.pattern;
    }
    if (!known) {
      std::string hint = ClosestMatch(options.pattern, names);
      err << fmt::format("model: error: {} has no access pattern or write pattern named '{}'{}\n",
                         options.file, options.pattern,
                         hint.empty() ? "" : fmt::format("; did you mean '{}'?", hint));
      return kExitUsage;
    }
  }
  out << RenderExplanation(m, *d.layout, options.pattern.empty() ? nullptr : &options.pattern);
  return kExitOk;
}

}  // namespace model::cli
