#include "cli/app.h"

#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <functional>
#include <string>

#include "cli/driver.h"
#include "cli/io.h"
#include "cli/verbs/check.h"
#include "cli/verbs/codegen.h"
#include "cli/verbs/design.h"
#include "cli/verbs/diagram.h"
#include "cli/verbs/docs.h"
#include "cli/verbs/explain.h"
#include "cli/verbs/export.h"
#include "cli/verbs/generate.h"
#include "cli/verbs/import.h"
#include "cli/verbs/init.h"
#include "cli/verbs/schema.h"
#include "cli/verbs/serve.h"
#include "cli/verbs/validate.h"
#include "cli/version.h"

namespace model::cli {

namespace {

std::string VersionLine() { return fmt::format("model {} ({})\n", kVersion, Commit()); }

constexpr const char* kExitCodes =
    "Exit codes: 0 ok, 1 model or check failed, 2 usage error, 3 I/O or internal error.";

// A help footer: the exit codes and the documentation `pages`.
std::string VerbFooter(const char* pages) {
  return fmt::format("{}\nDocumentation: {}", kExitCodes, pages);
}

// `serve --load` takes an optional N: `serve --load MODEL` reads the model's path as N. Refuses
// what is not a number with the order that works (CLI::Range would only say "not in range").
std::string LoadCount(std::string& value) {
  if (!value.empty() && value.find_first_not_of("0123456789") == std::string::npos) return "";
  return fmt::format(
      "'{}' is not a number of entities; give the model before --load: model serve MODEL "
      "--load [N]",
      value);
}

// The model file most verbs take: required; "-" reads standard input.
void AddModelFile(CLI::App* verb, std::string* file) {
  verb->add_option("FILE", *file, "The model (YAML; - reads standard input)")->required();
}

// -o/--output of a verb that prints one document.
void AddOutputFile(CLI::App* verb, std::string* output) {
  verb->add_option("-o,--output", *output, "Write to this file (default: standard output)");
}

}  // namespace

int Run(int argc, const char* const* argv, std::ostream& out, std::ostream& err) {
  CLI::App app{
      "model: design DynamoDB single-table data models from an ERD and access patterns,\n"
      "and prove every access pattern against a simulated table.",
      "model"};
  app.require_subcommand(0, 1);
  app.fallthrough();  // --quiet after the verb too
  app.set_version_flag("-V,--version", std::string(kVersion));
  bool quiet = false;
  app.add_flag("-q,--quiet", quiet,
               "Print only documents and errors: no progress, no 'wrote' or 'ok' lines");
  std::ostream null_out(nullptr);  // where --quiet sends status lines
  auto status = [&]() -> std::ostream& { return quiet ? null_out : out; };
  app.footer(VerbFooter("docs/model-format.md, docs/key-design.md, docs/diagnostics.md"));

  std::function<int()> action;

  // Global options: accepted before or after the verb.
  app.fallthrough();
  std::string color = "auto";
  app.add_option(
         "--color", color,
         "Colour diagnostics: auto (on a terminal, unless NO_COLOR is set), always or never")
      ->check(CLI::IsMember({"auto", "always", "never"}))
      ->default_str("auto");

  ValidateOptions validate_options;
  auto* validate = app.add_subcommand("validate", "Check a model file and report every problem");
  AddModelFile(validate, &validate_options.file);
  validate->callback([&] { action = [&] { return Validate(validate_options, status(), err); }; });

  DesignOptions design_options;
  auto* design = app.add_subcommand(
      "design", "Derive the single-table key layout and a plan for every access pattern");
  AddModelFile(design, &design_options.file);
  design->add_option("--format", design_options.format, "Output format")
      ->check(CLI::IsMember({"text", "json"}))
      ->default_str("text");
  AddOutputFile(design, &design_options.output);
  design->add_option("--compare", design_options.compare,
                     "Another model of the same entities and patterns: both layouts' costs per "
                     "pattern side by side");
  design->add_flag_callback(
      "--json", [&] { design_options.format = "json"; }, "Output JSON (same as --format json)");
  design->callback([&] { action = [&] { return Design(design_options, out, err); }; });

  CodegenOptions codegen_options;
  auto* codegen = app.add_subcommand("codegen", "Write typed C++ accessors (docs/codegen.md)");
  codegen->add_option("FILE", codegen_options.file, "The model (YAML)")->required();
  codegen->add_option("-o,--out", codegen_options.out_dir, "Output folder")->required();
  codegen->add_option("--namespace", codegen_options.name_space,
                      "C++ namespace (default: the name)");
  codegen->add_option("--name", codegen_options.name,
                      "File and library name (default: the table's)");
  codegen->add_flag("--driver", codegen_options.driver,
                    "Also write NAME_driver.h/.cpp: every pattern by number with natural values");
  codegen->callback([&] { action = [&] { return Codegen(codegen_options, out, err); }; });

  ExplainOptions explain_options;
  auto* explain = app.add_subcommand("explain", "Explain why the layout is what it is");
  AddModelFile(explain, &explain_options.file);
  explain->add_option("PATTERN", explain_options.pattern,
                      "Explain only this access pattern, write pattern or aggregate");
  AddOutputFile(explain, &explain_options.output);
  explain->callback([&] { action = [&] { return Explain(explain_options, out, err); }; });

  DiagramOptions diagram_options;
  auto* diagram = app.add_subcommand(
      "diagram", "Draw the ERD, the table's item collections and each GSI (Graphviz)");
  AddModelFile(diagram, &diagram_options.file);
  diagram->add_option("--kind", diagram_options.kind, "Which diagrams")
      ->check(CLI::IsMember({"erd", "table", "index", "all"}))
      ->default_str("all");
  diagram->add_option("--format", diagram_options.format, "Output format")
      ->check(CLI::IsMember({"dot", "svg", "png"}))
      ->default_str("svg");
  diagram->add_option("-o,--output", diagram_options.output, "A file (one diagram) or a folder");
  diagram->footer(kDiagramHelp);
  diagram->callback([&] {
    diagram_options.quiet = quiet;
    action = [&] { return Diagram(diagram_options, out, err); };
  });

  GenerateOptions generate_options;
  auto* generate = app.add_subcommand(
      "generate", "Write every output the model's generate: section lists (CI: --check)");
  generate->add_option("FILE", generate_options.file, "The model (YAML)")->required();
  generate->add_flag("--check", generate_options.check,
                     "Write nothing; exit 1 listing outputs that are missing or stale");
  generate->add_flag("--diff", generate_options.diff,
                     "With --check: a unified diff of each stale file");
  generate->callback([&] {
    generate_options.quiet = quiet;
    action = [&] { return Generate(generate_options, out, err); };
  });

  CheckOptions check_options;
  auto* check = app.add_subcommand(
      "check", "Prove every access pattern against a simulated table loaded with synthetic data");
  AddModelFile(check, &check_options.file);
  check->add_option("--format", check_options.format, "Output format")
      ->check(CLI::IsMember({"text", "json", "junit", "sarif"}))
      ->default_str("text");
  check->add_option("--items", check_options.items, "Synthetic entities to load (default 2000)")
      ->check(CLI::Range(std::int64_t{10}, std::int64_t{100000000}));
  check->add_option("--seed", check_options.seed, "Seed of the synthetic data (default 1)");
  check->add_option("--pattern", check_options.pattern, "Check only this access or write pattern");
  check->add_flag("--strict", check_options.strict,
                  "Fail on warnings too (every format reports them as failures)");
  check->add_option(
      "--endpoint", check_options.endpoint,
      "Check against this DynamoDB endpoint (DynamoDB Local, model serve, AWS) over HTTP");
  check->add_option("--table-prefix", check_options.table_prefix,
                    "Prefix of the table created at the endpoint (default model-check-)");
  check->add_flag("--keep-table", check_options.keep_table, "Leave the endpoint's table in place");
  check->add_flag("--yes", check_options.yes, "Write to a real AWS endpoint without asking");
  check->add_option("-o,--output", check_options.output,
                    "Write the report to this file (default: standard output)");
  check->callback([&] {
    check_options.quiet = quiet;
    action = [&] { return Check(check_options, out, err); };
  });

  DocsOptions docs_options;
  auto* docs = app.add_subcommand(
      "docs",
      "Write the model's documentation: index.html, README.md and diagrams (docs/outputs.md)");
  AddModelFile(docs, &docs_options.file);
  docs->add_option("-o,--output", docs_options.out_dir,
                   "The folder to write into (created if missing)")
      ->required();
  docs->add_flag("--check", docs_options.check,
                 "Also run model check and show each pattern's result");
  docs->callback([&] { action = [&] { return Docs(docs_options, status(), err); }; });

  ServeOptions serve_options;
  auto* serve = app.add_subcommand("serve",
                                   "Serve the simulated table as a DynamoDB-compatible HTTP "
                                   "endpoint (DynamoDB and DynamoDB Streams APIs; docs/serve.md)");
  serve->add_option("--port", serve_options.port, "Port (0 picks a free one; default 8000)")
      ->check(CLI::Range(0, 65535));
  serve->add_option("--host", serve_options.host, "Address to bind (default 127.0.0.1)");
  serve->add_option("--db", serve_options.db,
                    "Keep the tables in this SQLite file (default: in memory)");
  serve->add_option("MODEL", serve_options.model_file,
                    "Start with this model's table created (YAML; - reads standard input)");
  serve
      ->add_option("--load", serve_options.load,
                   "Load the model's table with N synthetic entities, as model check --items N "
                   "(default 2000)")
      ->expected(0, 1)
      ->default_str("2000")
      ->check(CLI::Validator(LoadCount, "N"))
      ->check(CLI::Range(std::int64_t{10}, std::int64_t{100000000}));
  serve->add_option("--seed", serve_options.seed, "Seed of the synthetic data (default 1)");
  serve->footer(VerbFooter("docs/serve.md"));
  serve->callback([&] {
    serve_options.quiet = quiet;
    action = [&] {
      if (serve_options.load > 0 && serve_options.model_file.empty()) {
        err << "model: error: serve --load needs a MODEL file to load\n";
        return kExitUsage;
      }
      return Serve(serve_options, out, err);
    };
  });

  ExportVerbOptions export_options;
  auto* exp =
      app.add_subcommand("export",
                         "Write the layout as another tool's input (create-table, cloudformation, "
                         "terraform, nosql-workbench, mcp-json, mermaid; docs/outputs.md)");
  AddModelFile(exp, &export_options.file);
  exp->add_option("--to", export_options.to, "What to write")
      ->required()
      ->check(CLI::IsMember(ExportKindNames()));
  AddOutputFile(exp, &export_options.output);
  exp->add_option("--format", export_options.format, "cloudformation: json or yaml")
      ->check(CLI::IsMember({"json", "yaml"}))
      ->default_str("json");
  exp->add_option("--seed", export_options.seed, "Seed of the sample items (default 1)");
  exp->callback([&] { action = [&] { return Export(export_options, out, err); }; });

  std::string schema_output;
  auto* schema = app.add_subcommand("schema", "Print the JSON Schema of the model format");
  AddOutputFile(schema, &schema_output);
  schema->callback([&] { action = [&] { return Schema(schema_output, out, err); }; });

  InitOptions init_options;
  auto* init = app.add_subcommand("init", "Write a small commented starter model");
  init->add_option("FILE", init_options.file, "Where to write it (and model.schema.json beside it)")
      ->default_str("model.yaml");
  init->add_flag("--force", init_options.force, "Overwrite an existing file");
  init->callback([&] { action = [&] { return Init(init_options, status(), err); }; });

  ImportOptions import_options;
  auto* imp = app.add_subcommand(
      "import",
      "Turn another tool's design into a starting model (nosql-workbench; docs/import.md)");
  imp->add_option("FILE", import_options.file, "The design (JSON; - reads standard input)")
      ->required();
  imp->add_option("--from", import_options.from, "What it is")
      ->required()
      ->check(CLI::IsMember({"nosql-workbench"}));
  imp->add_option("-o,--output", import_options.output,
                  "Write the model to this file (default: standard output)");
  imp->add_option("--table", import_options.table,
                  "The table to import when the design holds several");
  imp->add_flag("--force", import_options.force, "Overwrite an existing -o file");
  imp->callback([&] { action = [&] { return Import(import_options, out, err); }; });

  // `model help [VERB]` and `model version`, as git and cargo have them.
  std::string help_verb;
  auto* help = app.add_subcommand("help", "Print this help, or a command's");
  help->add_option("COMMAND", help_verb, "The command to describe");
  help->callback([&] {
    action = [&] {
      if (help_verb.empty()) {
        out << app.help();
        return kExitOk;
      }
      try {
        out << app.get_subcommand(help_verb)->help("model");  // "Usage: model VERB ..."
        return kExitOk;
      } catch (const CLI::OptionNotFound&) {
      }
      err << fmt::format("model: error: no command '{}'\nRun 'model help' for the commands.\n",
                         help_verb);
      return kExitUsage;
    };
  });
  auto* version =
      app.add_subcommand("version", "Print the version and the commit it was built from");
  version->callback([&] {
    action = [&] {
      out << VersionLine();
      return kExitOk;
    };
  });

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp&) {
    out << app.help();
    return kExitOk;
  } catch (const CLI::CallForAllHelp&) {
    out << app.help("", CLI::AppFormatMode::All);
    return kExitOk;
  } catch (const CLI::CallForVersion&) {
    out << VersionLine();
    return kExitOk;
  } catch (const CLI::ParseError& e) {
    err << "model: error: " << e.what() << "\n"
        << "Run 'model --help' for usage.\n";
    return kExitUsage;
  }
  SetColorDiagnostics(err, WantColor(color, err));
  if (!action) {  // `model` alone: what it can do
    out << app.help();
    return kExitOk;
  }
  try {
    return action();
  } catch (const std::exception& e) {
    err << "model: internal error: " << e.what() << "\n";
    return kExitIo;
  }
}

}  // namespace model::cli
