// Loading a model file: YAML text in, checked Model out.
//
// LoadModel runs the loading phases in order (model/yaml_tree.h: parse; model/yaml_read.h:
// structure; model/checker.h: semantics), each reporting all of its diagnostics into `diags`;
// a phase runs only when the previous ones reported no errors. It returns a Model only when no
// error was reported (warnings are allowed). It never throws on user input and is bounded in
// time and memory on any input (see the limits in model/yaml_tree.h). The format is documented
// in docs/model-format.md and every diagnostic code in docs/diagnostics.md.
#pragma once

#include <optional>

#include "model/base/diagnostics.h"
#include "model/base/source.h"
#include "model/model.h"

namespace model::load {

std::optional<Model> LoadModel(const SourceFile& file, Diagnostics& diags);

}  // namespace model::load
