// The layout as stable JSON (`model design --format json`), documented in docs/key-design.md.
//
// Keys appear in a fixed order, arrays in layout order, two-space indentation, one trailing
// newline; the same layout always gives the same bytes. Templates are strings (`ORDER#{placedAt}`)
// accompanied by an `encodings` object naming each placeholder's value encoding.
#pragma once

#include <string>

#include "model/layout.h"
#include "model/model.h"

namespace model {

std::string RenderLayoutJson(const Model& model, const KeyLayout& layout);

}  // namespace model
