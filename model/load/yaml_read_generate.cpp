// The `generate:` section: the outputs `model generate` writes (docs, diagrams, exports, C++).
#include <fmt/format.h>

#include <map>
#include <string>
#include <string_view>

#include "model/base/relative_path.h"
#include "model/load/format_spec.h"
#include "model/load/yaml_read.h"
#include "model/load/yaml_values.h"

namespace model::load {

namespace {

bool IsCppNamespace(std::string_view text) {
  std::size_t begin = 0;
  while (true) {
    std::size_t end = text.find("::", begin);
    std::string_view part =
        text.substr(begin, end == std::string_view::npos ? text.size() - begin : end - begin);
    if (!IsIdentifier(part)) return false;
    if (end == std::string_view::npos) return true;
    begin = end + 2;
  }
}

std::optional<OutputSpec> ReadOutput(const YamlNode& node, std::size_t index, Diagnostics& diags) {
  std::string what = fmt::format("output #{} of 'generate'", index + 1);
  if (!ExpectMapping(node, what, diags)) return std::nullopt;
  OutputSpec out;
  out.range = node.range;
  const YamlNode* kind =
      RequireKey(node, "kind", what, "add 'kind:' with docs, diagram, export or codegen", diags);
  if (!kind) return std::nullopt;
  std::vector<std::string> kinds;
  for (const auto& k : OutputKinds()) kinds.push_back(k.first);
  auto word = ReadWord(*kind, fmt::format("the kind of {}", what), kinds, diags);
  if (!word) return std::nullopt;
  FormatSection section = FormatSection::kCodegenOutput;
  for (const auto& k : OutputKinds()) {
    if (k.first == *word) section = k.second;
  }
  if (*word == "docs") {
    out.kind = OutputKind::kDocs;
  } else if (*word == "diagram") {
    out.kind = OutputKind::kDiagram;
  } else if (*word == "export") {
    out.kind = OutputKind::kExport;
  } else {
    out.kind = OutputKind::kCodegen;
  }
  CheckKeys(node, what, SectionKeyNames(section), diags);

  if (const YamlNode* n = RequireKey(node, "out", what,
                                     "add 'out:' with a path relative to the model file", diags)) {
    if (auto v = ReadText(*n, fmt::format("the 'out' path of {}", what), diags)) {
      if (auto problem = RelativePathProblem(*v)) {
        diags.Error(DiagId::kBadOutputPath, n->range,
                    fmt::format("the output path {} {}; write a path relative to the model "
                                "file's folder, such as 'docs/model'",
                                Quoted(*v), *problem));
      } else {
        out.out = *v;
      }
    }
  }
  if (const YamlNode* n = FindValue(node, "check")) {
    if (auto v = ReadBool(*n, "'check' of a docs output", diags)) out.check = *v;
  }
  if (const YamlNode* n = FindValue(node, "diagram")) {
    if (auto v = ReadWord(*n, "'diagram' of a diagram output",
                          SectionKey(FormatSection::kDiagramOutput, "diagram").words, diags)) {
      out.diagram = *v;
    }
  }
  // Keys of another kind of output were reported by CheckKeys (E104) and are not read.
  if (const YamlNode* n = FindValue(node, "format"); n && FindSectionKey(section, "format")) {
    const std::vector<std::string>& formats = SectionKey(section, "format").words;
    if (auto v = ReadWord(*n, fmt::format("'format' of {}", what), formats, diags)) out.format = *v;
  }
  if (out.kind == OutputKind::kExport) {
    if (const YamlNode* n = RequireKey(
            node, "to", what, "add 'to:' with the export kind, e.g. 'to: cloudformation'", diags)) {
      if (auto v = ReadWord(*n, "'to' of an export output",
                            SectionKey(FormatSection::kExportOutput, "to").words, diags)) {
        out.to = *v;
      }
    }
  }
  if (const YamlNode* n = FindValue(node, "namespace")) {
    if (auto v = ReadText(*n, "'namespace' of a codegen output", diags)) {
      if (IsCppNamespace(*v)) {
        out.cpp_namespace = *v;
      } else {
        diags.Error(DiagId::kWrongValueKind, n->range,
                    fmt::format("'namespace' is {}, which is not a C++ namespace; write "
                                "identifiers joined by '::', e.g. 'shop::data'",
                                Quoted(*v)));
      }
    }
  }
  if (const YamlNode* n = FindValue(node, "name")) {
    if (auto v = ReadText(*n, "'name' of a codegen output", diags)) {
      if (IsIdentifier(*v)) {
        out.name = *v;
      } else {
        diags.Error(DiagId::kWrongValueKind, n->range,
                    fmt::format("'name' is {}, which cannot name the generated files; use "
                                "letters, digits and '_', starting with a letter",
                                Quoted(*v)));
      }
    }
  }
  return out;
}

}  // namespace

void ReadGenerate(const YamlNode& node, ModelDecl& decl, Diagnostics& diags) {
  if (node.IsNull()) return;
  if (!node.IsSequence()) {
    diags.Error(DiagId::kWrongValueKind, node.range,
                fmt::format("'generate' must be a list of '- kind: ...' entries, not {}",
                            DescribeNode(node)));
    return;
  }
  std::map<std::string, SourceRange> seen;
  for (std::size_t i = 0; i < node.items.size(); ++i) {
    auto out = ReadOutput(*node.items[i], i, diags);
    if (!out) continue;
    if (!out->out.empty()) {
      auto [it, fresh] = seen.emplace(out->out, out->range);
      if (!fresh) {
        Diagnostic& d = diags.Error(
            DiagId::kDuplicateOutput, out->range,
            fmt::format("two outputs write {}; give each its own 'out' path", Quoted(out->out)));
        Diagnostics::Note(d, it->second, "the first output writing it is here");
        continue;
      }
    }
    decl.outputs.push_back(std::move(*out));
  }
}

}  // namespace model::load
