#include "cli/app.h"

#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <cerrno>
#include <cstring>
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

// What the verbs' callbacks fill in: each verb's options, and the action the chosen verb runs.
// Lives in Run for the whole parse, so the callbacks may refer to it.
struct Cli {
  Cli(CLI::App& app_in, std::ostream& out_in, std::ostream& err_in)
      : app(app_in), out(out_in), err(err_in) {}

  CLI::App& app;
  std::ostream& out;
  std::ostream& err;
  bool quiet = false;
  std::ostream null_out{nullptr};  // where --quiet sends status lines
  std::function<int()> action;
  struct {
    ValidateOptions validate;
    DesignOptions design;
    CodegenOptions codegen;
    ExplainOptions explain;
    DiagramOptions diagram;
    GenerateOptions generate;
    CheckOptions check;
    DocsOptions docs;
    ServeOptions serve;
    ExportVerbOptions export_;
    std::string schema_output;
    InitOptions init;
    ImportOptions import_;
    std::string help_verb;
  } options;

  // Where status lines go: `out`, or nowhere with --quiet.
  std::ostream& status() { return quiet ? null_out : out; }
};

void AddValidate(Cli& cli) {
  auto* validate =
      cli.app.add_subcommand("validate", "Check a model file and report every problem");
  AddModelFile(validate, &cli.options.validate.file);
  validate->callback([&cli] {
    cli.action = [&cli] { return Validate(cli.options.validate, cli.status(), cli.err); };
  });
}

void AddDesign(Cli& cli) {
  auto* design = cli.app.add_subcommand(
      "design", "Derive the single-table key layout and a plan for every access pattern");
  AddModelFile(design, &cli.options.design.file);
  design->add_option("--format", cli.options.design.format, "Output format")
      ->check(CLI::IsMember({"text", "json"}))
      ->default_str("text");
  AddOutputFile(design, &cli.options.design.output);
  design->add_option("--compare", cli.options.design.compare,
                     "Another model of the same workload: both layouts' plans and costs per "
                     "pattern side by side (patterns matched by name)");
  design->add_flag_callback(
      "--json", [&cli] { cli.options.design.format = "json"; },
      "Output JSON (same as --format json)");
  design->callback([&cli] {
    // Standard input holds one document: the second reader would find it empty.
    if (cli.options.design.file == "-" && cli.options.design.compare == "-")
      throw CLI::ValidationError("--compare",
                                 "standard input can be read only once, and FILE is already '-'; "
                                 "give one of the two models as a file");
    cli.action = [&cli] { return Design(cli.options.design, cli.out, cli.err); };
  });
}

void AddCodegen(Cli& cli) {
  auto* codegen = cli.app.add_subcommand("codegen", "Write typed C++ accessors (docs/codegen.md)");
  codegen->add_option("FILE", cli.options.codegen.file, "The model (YAML)")->required();
  codegen->add_option("-o,--out", cli.options.codegen.out_dir, "Output folder")->required();
  codegen->add_option("--namespace", cli.options.codegen.name_space,
                      "C++ namespace (default: the name)");
  codegen->add_option("--name", cli.options.codegen.name,
                      "File and library name (default: the table's)");
  codegen->add_flag("--driver", cli.options.codegen.driver,
                    "Also write NAME_driver.h/.cpp: every pattern by number with natural values");
  codegen->callback([&cli] {
    cli.action = [&cli] { return Codegen(cli.options.codegen, cli.status(), cli.err); };
  });
}

void AddExplain(Cli& cli) {
  auto* explain = cli.app.add_subcommand("explain", "Explain why the layout is what it is");
  AddModelFile(explain, &cli.options.explain.file);
  explain->add_option("PATTERN", cli.options.explain.pattern,
                      "Explain only this access pattern, write pattern or aggregate");
  AddOutputFile(explain, &cli.options.explain.output);
  explain->callback(
      [&cli] { cli.action = [&cli] { return Explain(cli.options.explain, cli.out, cli.err); }; });
}

void AddDiagram(Cli& cli) {
  auto* diagram = cli.app.add_subcommand(
      "diagram", "Draw the ERD, the table's item collections and each GSI (Graphviz)");
  AddModelFile(diagram, &cli.options.diagram.file);
  diagram->add_option("--kind", cli.options.diagram.kind, "Which diagrams")
      ->check(CLI::IsMember({"erd", "table", "index", "all"}))
      ->default_str("all");
  diagram->add_option("--format", cli.options.diagram.format, "Output format")
      ->check(CLI::IsMember({"dot", "svg", "png"}))
      ->default_str("svg");
  diagram->add_option("-o,--output", cli.options.diagram.output,
                      "A file (one diagram) or a folder");
  diagram->footer(kDiagramHelp);
  diagram->callback([&cli] {
    cli.options.diagram.quiet = cli.quiet;
    cli.action = [&cli] { return Diagram(cli.options.diagram, cli.out, cli.err); };
  });
}

void AddGenerate(Cli& cli) {
  auto* generate = cli.app.add_subcommand(
      "generate", "Write every output the model's generate: section lists (CI: --check)");
  generate->add_option("FILE", cli.options.generate.file, "The model (YAML)")->required();
  generate->add_flag("--check", cli.options.generate.check,
                     "Write nothing; exit 1 listing outputs that are missing or stale");
  generate->add_flag("--diff", cli.options.generate.diff,
                     "With --check: a unified diff of each stale file");
  generate->callback([&cli] {
    cli.options.generate.quiet = cli.quiet;
    cli.action = [&cli] { return Generate(cli.options.generate, cli.out, cli.err); };
  });
}

void AddCheck(Cli& cli) {
  auto* check = cli.app.add_subcommand(
      "check", "Prove every access pattern against a simulated table loaded with synthetic data");
  AddModelFile(check, &cli.options.check.file);
  check->add_option("--format", cli.options.check.format, "Output format")
      ->check(CLI::IsMember({"text", "json", "junit", "sarif"}))
      ->default_str("text");
  check->add_option("--items", cli.options.check.items, "Synthetic entities to load (default 2000)")
      ->check(CLI::Range(std::int64_t{10}, std::int64_t{100000000}));
  check->add_option("--seed", cli.options.check.seed, "Seed of the synthetic data (default 1)");
  check->add_option("--pattern", cli.options.check.pattern,
                    "Check only this access or write pattern (its row as in a full check), or this "
                    "aggregate (the write patterns that change it and its comparison)");
  check->add_flag("--strict", cli.options.check.strict,
                  "Fail on warnings too (every format reports them as failures)");
  check->add_option(
      "--endpoint", cli.options.check.endpoint,
      "Check against this DynamoDB endpoint (DynamoDB Local, model serve, AWS) over HTTP");
  check->add_option("--table-prefix", cli.options.check.table_prefix,
                    "Prefix of the table created at the endpoint (default model-check-)");
  check->add_flag("--keep-table", cli.options.check.keep_table,
                  "Leave the endpoint's table in place");
  check->add_flag("--yes", cli.options.check.yes, "Write to a real AWS endpoint without asking");
  check->add_option("-o,--output", cli.options.check.output,
                    "Write the report to this file (default: standard output)");
  check->callback([&cli] {
    cli.options.check.quiet = cli.quiet;
    cli.action = [&cli] { return Check(cli.options.check, cli.out, cli.err); };
  });
}

void AddDocs(Cli& cli) {
  auto* docs = cli.app.add_subcommand(
      "docs",
      "Write the model's documentation: index.html, README.md and diagrams (docs/outputs.md)");
  AddModelFile(docs, &cli.options.docs.file);
  docs->add_option("-o,--output", cli.options.docs.out_dir,
                   "The folder to write into (created if missing)")
      ->required();
  docs->add_flag("--check", cli.options.docs.check,
                 "Also run model check and show each pattern's result");
  docs->callback(
      [&cli] { cli.action = [&cli] { return Docs(cli.options.docs, cli.status(), cli.err); }; });
}

void AddServe(Cli& cli) {
  auto* serve =
      cli.app.add_subcommand("serve",
                             "Serve the simulated table as a DynamoDB-compatible HTTP "
                             "endpoint (DynamoDB and DynamoDB Streams APIs; docs/serve.md)");
  serve->add_option("--port", cli.options.serve.port, "Port (0 picks a free one; default 8000)")
      ->check(CLI::Range(0, 65535));
  serve->add_option("--host", cli.options.serve.host, "Address to bind (default 127.0.0.1)");
  serve->add_option("--db", cli.options.serve.db,
                    "Keep the tables in this SQLite file (default: in memory)");
  serve->add_option("MODEL", cli.options.serve.model_file,
                    "Start with this model's table created (YAML; - reads standard input)");
  serve
      ->add_option("--load", cli.options.serve.load,
                   "Load the model's table with N synthetic entities, as model check --items N "
                   "(default 2000)")
      ->expected(0, 1)
      ->default_str("2000")
      ->check(CLI::Validator(LoadCount, "N"))
      ->check(CLI::Range(std::int64_t{10}, std::int64_t{100000000}));
  serve->add_option("--seed", cli.options.serve.seed, "Seed of the synthetic data (default 1)");
  serve->footer(VerbFooter("docs/serve.md"));
  serve->callback([&cli] {
    cli.options.serve.quiet = cli.quiet;
    cli.action = [&cli] {
      if (cli.options.serve.load > 0 && cli.options.serve.model_file.empty()) {
        cli.err << "model: error: serve --load needs a MODEL file to load\n";
        return kExitUsage;
      }
      return Serve(cli.options.serve, cli.out, cli.err);
    };
  });
}

void AddExport(Cli& cli) {
  auto* exp = cli.app.add_subcommand(
      "export",
      "Write the layout as another tool's input (create-table, cloudformation, "
      "terraform, nosql-workbench, mcp-json, mermaid; docs/outputs.md)");
  AddModelFile(exp, &cli.options.export_.file);
  exp->add_option("--to", cli.options.export_.to, "What to write")
      ->required()
      ->check(CLI::IsMember(ExportKindNames()));
  AddOutputFile(exp, &cli.options.export_.output);
  exp->add_option("--format", cli.options.export_.format, "cloudformation: json or yaml")
      ->check(CLI::IsMember({"json", "yaml"}))
      ->default_str("json");
  exp->add_option("--seed", cli.options.export_.seed, "Seed of the sample items (default 1)");
  exp->callback(
      [&cli] { cli.action = [&cli] { return Export(cli.options.export_, cli.out, cli.err); }; });
}

void AddSchema(Cli& cli) {
  auto* schema = cli.app.add_subcommand("schema", "Print the JSON Schema of the model format");
  AddOutputFile(schema, &cli.options.schema_output);
  schema->callback([&cli] {
    cli.action = [&cli] { return Schema(cli.options.schema_output, cli.out, cli.err); };
  });
}

void AddInit(Cli& cli) {
  auto* init = cli.app.add_subcommand("init", "Write a small commented starter model");
  init->add_option("FILE", cli.options.init.file,
                   "Where to write it (and model.schema.json beside it)")
      ->default_str("model.yaml");
  init->add_flag("--force", cli.options.init.force, "Overwrite an existing file");
  init->callback(
      [&cli] { cli.action = [&cli] { return Init(cli.options.init, cli.status(), cli.err); }; });
}

void AddImport(Cli& cli) {
  auto* imp = cli.app.add_subcommand(
      "import",
      "Turn another tool's design into a starting model (nosql-workbench; docs/import.md)");
  imp->add_option("FILE", cli.options.import_.file, "The design (JSON; - reads standard input)")
      ->required();
  imp->add_option("--from", cli.options.import_.from,
                  "What it is (the one importer there is, nosql-workbench, when left out)")
      ->default_val("nosql-workbench")
      ->check(CLI::IsMember({"nosql-workbench"}));
  imp->add_option("-o,--output", cli.options.import_.output,
                  "Write the model to this file (default: standard output)");
  imp->add_option("--table", cli.options.import_.table,
                  "The table to import when the design holds several");
  imp->add_flag("--force", cli.options.import_.force, "Overwrite an existing -o file");
  imp->callback([&cli] {
    cli.options.import_.quiet = cli.quiet;
    cli.action = [&cli] { return Import(cli.options.import_, cli.out, cli.err); };
  });
}

// `model help [VERB]` and `model version`, as git and cargo have them.
void AddHelpAndVersion(Cli& cli) {
  auto* help = cli.app.add_subcommand("help", "Print this help, or a command's");
  help->add_option("COMMAND", cli.options.help_verb, "The command to describe");
  help->callback([&cli] {
    cli.action = [&cli] {
      if (cli.options.help_verb.empty()) {
        // App::help() would describe the selected subcommand, `help` itself: format the top
        // level's help directly.
        cli.out << cli.app.get_formatter()->make_help(&cli.app, "model",
                                                      CLI::AppFormatMode::Normal);
        return kExitOk;
      }
      try {
        cli.out << cli.app.get_subcommand(cli.options.help_verb)
                       ->help("model");  // "Usage: model VERB ..."
        return kExitOk;
      } catch (const CLI::OptionNotFound&) {
      }
      cli.err << fmt::format("model: error: no command '{}'\nRun 'model help' for the commands.\n",
                             cli.options.help_verb);
      return kExitUsage;
    };
  });
  auto* version =
      cli.app.add_subcommand("version", "Print the version and the commit it was built from");
  version->callback([&cli] {
    cli.action = [&cli] {
      cli.out << VersionLine();
      return kExitOk;
    };
  });
}

// Run without the final check of `out`.
int RunCommand(int argc, const char* const* argv, std::ostream& out, std::ostream& err) {
  CLI::App app{
      "model: design DynamoDB single-table data models from an ERD and access patterns,\n"
      "and prove every access pattern against a simulated table.",
      "model"};
  app.require_subcommand(0, 1);
  app.fallthrough();  // --quiet after the verb too
  app.set_version_flag("-V,--version", std::string(kVersion));
  Cli cli(app, out, err);
  app.add_flag("-q,--quiet", cli.quiet,
               "Print only documents and errors: no progress, no 'wrote' or 'ok' lines");
  app.footer(VerbFooter("docs/model-format.md, docs/key-design.md, docs/diagnostics.md"));

  // Global options: accepted before or after the verb.
  std::string color = "auto";
  app.add_option(
         "--color", color,
         "Colour diagnostics: auto (on a terminal, unless NO_COLOR is set), always or never")
      ->check(CLI::IsMember({"auto", "always", "never"}))
      ->default_str("auto");

  // The verbs, in the order `model --help` lists them.
  AddValidate(cli);
  AddDesign(cli);
  AddCodegen(cli);
  AddExplain(cli);
  AddDiagram(cli);
  AddGenerate(cli);
  AddCheck(cli);
  AddDocs(cli);
  AddServe(cli);
  AddExport(cli);
  AddSchema(cli);
  AddInit(cli);
  AddImport(cli);
  AddHelpAndVersion(cli);

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
  if (!cli.action) {  // `model` alone: what it can do
    out << app.help();
    return kExitOk;
  }
  try {
    return cli.action();
  } catch (const std::exception& e) {
    err << "model: internal error: " << e.what() << "\n";
    return kExitIo;
  }
}

}  // namespace

int Run(int argc, const char* const* argv, std::ostream& out, std::ostream& err) {
  int code = RunCommand(argc, argv, out, err);
  // `out` is buffered: a failed write (a full disk, `> /dev/full`) may only show when the buffer
  // is flushed, or may have put the stream in a failed state earlier. Every command ends here, so
  // none reports success for a document that was not written (as -o FILE does, exit 3).
  errno = 0;
  out.flush();
  if (!out) {
    const int reason = errno;
    err << fmt::format("model: error: cannot write standard output{}\n",
                       reason != 0 ? fmt::format(": {}", std::strerror(reason)) : std::string());
    return kExitIo;
  }
  return code;
}

}  // namespace model::cli
