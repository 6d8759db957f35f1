// C++ accessors for a model: `model codegen FILE -o DIR [--namespace NS] [--name NAME]`.
//
// GenerateCpp writes three files named after the table (or `name`): NAME.h and NAME.cpp, a
// C++20 header and source, and CMakeLists.txt, a fragment declaring a static library NAME that
// links ModelRuntime::core (codegen/runtime); with `driver`, also NAME_driver.h/.cpp. The generated
// code holds entity structs with typed fields and their item conversions, enums with string
// conversion, key builders and parsers for every item type and index, one typed method per read
// pattern and per write pattern, and CreateTable. The model and the layout are embedded as IR
// values and every method delegates to the runtime, which executes the layout's plans with
// model/exec: the same keys and requests as `model check`. Takes the IR only; deterministic text.
#pragma once

#include <string>
#include <vector>

#include "model/layout.h"
#include "model/model.h"

namespace model::codegen {

struct CppOptions {
  std::string name;        // file and library base name; default: the table name in snake case
  std::string name_space;  // C++ namespace; default: the base name
  std::string source;      // the model file as the user named it, for the banner
  // Also NAME_driver.h and NAME_driver.cpp (in the library): every pattern by number with
  // natural values (namespace NS::driver), for generic programs such as test drivers.
  bool driver = false;
};

struct GeneratedFile {
  std::string path;  // relative to the output folder
  std::string text;
};

std::vector<GeneratedFile> GenerateCpp(const Model& model, const KeyLayout& layout,
                                       const CppOptions& options);

}  // namespace model::codegen
