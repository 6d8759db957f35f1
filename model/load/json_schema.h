// The JSON Schema (draft 2020-12) of the model file format, for editors.
//
// `model schema` prints it; point yaml-language-server at the saved file to get completion and
// checking while writing a model. It describes the same keys, types and enumerations the loader
// accepts (model/yaml_read*.cpp); the loader's checks go further (references, positions), so
// the schema is a help for editing, not the definition of validity. Deterministic text.
#pragma once

#include <string>

namespace model::load {

std::string ModelJsonSchema();

}  // namespace model::load
