#include "cli/verbs/codegen.h"

#include <map>
#include <string_view>

#include "cli/app.h"
#include "cli/driver.h"
#include "cli/io.h"
#include "codegen/cpp/cpp.h"
#include "codegen/writer/namer.h"

namespace model::cli {

namespace {

// "shop::data": identifiers joined by '::', none a C++ keyword or a name the generated code or
// its runtime uses (codegen::IsCppReservedWord). Empty: the default (the name).
bool IsNamespace(std::string_view text) {
  if (text.empty()) return true;
  std::size_t begin = 0;
  while (true) {
    std::size_t end = text.find("::", begin);
    std::string_view part =
        text.substr(begin, end == std::string_view::npos ? text.npos : end - begin);
    if (part.empty() || (part[0] >= '0' && part[0] <= '9') || codegen::IsCppReservedWord(part))
      return false;
    for (char c : part) {
      if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_'))
        return false;
    }
    if (end == std::string_view::npos) return true;
    begin = end + 2;
  }
}

}  // namespace

int Codegen(const CodegenOptions& options, std::ostream& out, std::ostream& err) {
  if (!IsNamespace(options.name_space)) {
    err << "model: error: --namespace '" << options.name_space
        << "' is not a C++ namespace: write identifiers joined by '::' (e.g. shop::data), none "
           "a C++ keyword\n";
    return kExitUsage;
  }
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
