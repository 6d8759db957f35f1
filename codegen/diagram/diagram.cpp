#include "codegen/diagram/diagram.h"

#include "codegen/diagram/dot_text.h"
#include "codegen/writer/escape.h"

namespace model::codegen {

namespace {

std::string FileNamePart(std::string_view name) {
  std::string out;
  for (char c : name) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '-' || c == '_' || c == '.';
    out += ok ? c : '_';
  }
  if (out.empty() || out == "." || out == "..") out = "_" + out;
  return out;
}

// The generated-by line as an XML comment: XML text, and never "--" inside.
std::string XmlComment(std::string_view text) {
  std::string escaped = XmlText(text);
  std::string out;
  for (char c : escaped) {
    if (c == '-' && !out.empty() && out.back() == '-') out += ' ';
    out += c;
  }
  return "<!-- " + out + " -->";
}

}  // namespace

std::vector<DiagramText> Diagrams(const Model& model, const KeyLayout& layout, DiagramKind kind) {
  std::vector<DiagramText> diagrams;
  if (kind == DiagramKind::kAll || kind == DiagramKind::kErd) {
    diagrams.push_back({"erd", ErdDot(model)});
  }
  if (kind == DiagramKind::kAll || kind == DiagramKind::kTable) {
    diagrams.push_back({"table", TableDot(model, layout)});
  }
  if (kind == DiagramKind::kAll || kind == DiagramKind::kIndex) {
    for (const auto& index : layout.indexes) {
      diagrams.push_back(
          {"index-" + FileNamePart(index.name), IndexDot(model, layout, index.number)});
    }
  }
  return diagrams;
}

const char* DiagramExtension(DiagramFormat format) {
  switch (format) {
    case DiagramFormat::kDot:
      return "dot";
    case DiagramFormat::kSvg:
      return "svg";
    case DiagramFormat::kPng:
      return "png";
  }
  return "dot";
}

bool RenderDiagram(const Model& model, const DiagramText& diagram, DiagramFormat format,
                   std::string& bytes, std::string& error) {
  if (format == DiagramFormat::kDot) {
    bytes = diagram.dot;
    return true;
  }
  RenderedImage image =
      RenderDot(diagram.dot, format == DiagramFormat::kPng ? ImageFormat::kPng : ImageFormat::kSvg);
  if (!image.ok) {
    error = diagram.name + ": " + image.error;
    return false;
  }
  bytes = std::move(image.bytes);
  if (format == DiagramFormat::kSvg) {
    // After the XML declaration (which must come first), the generated-by comment.
    std::string comment = XmlComment(diagram::GeneratedLine(model.path)) + "\n";
    std::size_t at = 0;
    if (bytes.rfind("<?xml", 0) == 0) {
      std::size_t end = bytes.find("?>");
      at = end == std::string::npos ? 0 : end + 2;
      if (at < bytes.size() && bytes[at] == '\n')
        ++at;
      else
        comment = "\n" + comment;
    }
    bytes.insert(at, comment);
    std::string cleaned;  // LF only, one newline at the end
    cleaned.reserve(bytes.size());
    for (char c : bytes) {
      if (c != '\r') cleaned += c;
    }
    while (!cleaned.empty() && cleaned.back() == '\n') cleaned.pop_back();
    bytes = cleaned + "\n";
  }
  return true;
}

bool DiagramOutputs(const Model& model, const KeyLayout& layout, DiagramKind kind,
                    DiagramFormat format, OutputMap& outputs, std::string& error) {
  for (const auto& d : Diagrams(model, layout, kind)) {
    std::string bytes;
    if (!RenderDiagram(model, d, format, bytes, error)) return false;
    outputs.Add(d.name + "." + DiagramExtension(format), std::move(bytes));
  }
  return true;
}

}  // namespace model::codegen
