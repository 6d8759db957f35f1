// `model codegen FILE -o DIR [--namespace NS] [--name NAME] [--driver]`: typed C++ accessors for
// the model (codegen/cpp): NAME.h, NAME.cpp and a CMakeLists.txt fragment in DIR. docs/codegen.md.
#pragma once

#include <ostream>
#include <string>

namespace model::cli {

struct CodegenOptions {
  std::string file;
  std::string out_dir;
  std::string name_space;
  std::string name;
  bool driver = false;  // --driver: also NAME_driver.h/.cpp (codegen/cpp/cpp.h)
};

// Exit 0 when the files were written, 1 when the model or the derivation has errors, 3 when a
// file cannot be read or written.
int Codegen(const CodegenOptions& options, std::ostream& out, std::ostream& err);

}  // namespace model::cli
