// `model explain`: the reasons behind every decision of a derived layout, as readable text.
//
// RenderExplanation lists, for all patterns or just one, the plan and why it was chosen, then the
// item types and indexes that plan relies on with their reasons (each naming the patterns that
// forced it). With `pattern` naming a write pattern it explains which items the write touches.
// HasPattern tells whether a name is an access or write pattern of the model (callers report an
// unknown name before rendering).
#pragma once

#include <string>

#include "model/layout.h"
#include "model/model.h"

namespace model {

bool HasPattern(const Model& model, const std::string& name);

std::string RenderExplanation(const Model& model, const KeyLayout& layout,
                              const std::string* pattern);

}  // namespace model
