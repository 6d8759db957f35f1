#include "cli/verbs/codegen.h"

#include <map>

#include "cli/app.h"
#include "cli/driver.h"
#include "cli/io.h"
#include "codegen/cpp/cpp.h"

namespace model::cli {

int Codegen(const CodegenOptions& options, std::ostream& out, std::ostream& err) {
  Compilation compilation(options.file, err);
  const KeyLayout* layout = compilation.Derive();
  if (!layout) return compilation.exit_code();
  codegen::CppOptions cpp;
  cpp.name = options.name;
  cpp.name_space = options.name_space;
  cpp.source = options.file;
  cpp.driver = options.driver;
  std::map<std::string, std::string> files;
  for (auto& f : codegen::GenerateCpp(*compilation.Load(), *layout, cpp))
    files[f.path] = std::move(f.text);
  std::string error;
  if (!WriteOutputs(options.out_dir, files, error)) {
    err << "model: error: " << error << "\n";
    return kExitIo;
  }
  // The files by name, as `model docs` reports what it wrote.
  std::string names;
  for (const auto& [path, text] : files) names += (names.empty() ? "" : ", ") + path;
  out << "wrote " << files.size() << " files to " << options.out_dir << ": " << names << "\n";
  return kExitOk;
}

}  // namespace model::cli
