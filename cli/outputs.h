// The outputs of a model's `generate:` section, produced in memory.
//
// Each OutputSpec (model/model.h) becomes a PlannedOutput: the folder it is written under
// (relative to the working directory: the model file's folder joined with the spec's `out`, or
// the spec's parent folder when it names one file) and the files in it (an OutputMap). The
// generators are the same ones the verbs use (`model docs`, `model diagram`, `model export`,
// `model codegen`), so `model generate` writes byte for byte what each verb writes.
#pragma once

#include <string>
#include <vector>

#include "cli/driver.h"
#include "codegen/writer/output_map.h"
#include "model/model.h"

namespace model::cli {

struct PlannedOutput {
  const OutputSpec* spec = nullptr;
  std::string folder;        // where the files go
  codegen::OutputMap files;  // relative to `folder`
};

// Produces every output of the model the compilation holds, in declaration order. Returns false
// and sets `error` ("output #2 (diagram docs/erd.svg): ...") at the first output that cannot be
// produced. `model_dir` is the model file's folder ("" for the working directory).
[[nodiscard]] bool PlanOutputs(Compilation& compilation, const std::string& model_dir,
                               std::vector<PlannedOutput>& planned, std::string& error);

}  // namespace model::cli
