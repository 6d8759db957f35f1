// `model explain`: the reasons behind every decision of a derived layout, as readable text.
//
// RenderExplanation lists, for all patterns or just one, the plan and why it was chosen, then the
// item types and indexes that plan relies on with their reasons (each naming the patterns that
// forced it). With `pattern` naming a write pattern it explains which items the write touches.
// Callers report an unknown name before rendering (cli/patterns.h).
#pragma once

#include <string>

#include "model/layout.h"
#include "model/model.h"

namespace model {

std::string RenderExplanation(const Model& model, const KeyLayout& layout,
                              const std::string* pattern);

}  // namespace model
