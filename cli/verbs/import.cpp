#include "cli/verbs/import.h"

#include <fmt/format.h>

#include <filesystem>
#include <sstream>
#include <system_error>

#include "cli/app.h"
#include "cli/driver.h"
#include "cli/io.h"
#include "model/import/workbench.h"

namespace model::cli {

int Import(const ImportOptions& options, std::ostream& out, std::ostream& err) {
  if (options.from != "nosql-workbench") {
    err << fmt::format("model: error: cannot import from '{}'; --from takes nosql-workbench\n",
                       options.from);
    return kExitUsage;
  }
  std::error_code ec;
  bool to_file = !options.output.empty() && options.output != "-";
  if (to_file && !options.force && std::filesystem::exists(options.output, ec)) {
    err << fmt::format("model: error: '{}' already exists; pass --force to overwrite it\n",
                       options.output);
    return kExitUsage;
  }
  std::string error;
  std::optional<std::string> text =
      options.file == "-" ? ReadStandardInput(error) : ReadTextFile(options.file, error);
  if (!text) {
    err << "model: error: " << error << "\n";
    return kExitIo;
  }
  SourceFile source(options.file == "-" ? "<stdin>" : options.file, std::move(*text));
  Diagnostics diags(&source);
  importer::WorkbenchImportOptions import_options;
  import_options.table = options.table;
  std::optional<std::string> yaml = importer::ImportWorkbench(source, import_options, diags);
  if (!yaml) {
    err << diags.Render(RenderOptions{ColorDiagnostics(err)});
    return kExitModelError;
  }
  // What the import carries over otherwise than it stands (W520, W526-W528), before the model.
  if (diags.WarningCount() > 0) err << diags.Render(RenderOptions{ColorDiagnostics(err)});
  if (!EmitDocument(options.output, *yaml, out, err)) return kExitIo;
  // The result must be a valid model: the driver loads and derives it (as every verb's model),
  // and what is wrong is shown only when something is (warnings of a valid import are not).
  std::ostringstream diagnostics;
  SetColorDiagnostics(diagnostics, ColorDiagnostics(err));
  Compilation written(to_file ? options.output : "<imported model>", *yaml, diagnostics);
  if (!written.Derive()) {
    err << diagnostics.str();
    err << "model: error: the imported model does not validate; fix the errors above by hand\n";
    return kExitModelError;
  }
  if (to_file && !options.quiet)
    out << fmt::format("wrote {}; next: model check {}\n", options.output, options.output);
  return kExitOk;
}

}  // namespace model::cli
