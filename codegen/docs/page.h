// The documentation page as a tree of neutral blocks, built once from the IR (content.cpp) and
// rendered twice: as HTML (html.cpp) and as GitHub-flavoured Markdown (markdown.cpp), so the two
// formats cannot drift apart. Every string in it is plain text (user text included, unescaped):
// only the renderers escape, each for its own format.
#pragma once

#include <string>
#include <variant>
#include <vector>

#include "model/sample_items.h"

namespace model::codegen::docs {

enum class SpanKind {
  kText,
  kStrong,
  kMuted,  // secondary text (a description under a name, a "—")
  kCode,   // an attribute or operation name in monospace
  kKey,    // a key template or condition: monospace, `{placeholder}`s highlighted
  kLink,   // text linking to `href` ("#entity-Order")
  kPass,   // a passing check
  kFail,   // a failing check
};

struct Span {
  SpanKind kind = SpanKind::kText;
  std::string text;
  std::string href;  // kLink only
};

using Line = std::vector<Span>;

struct Cell {
  std::vector<Line> lines;  // shown one under the other
  bool numeric = false;     // right-aligned
};

struct Table {
  std::vector<std::string> header;
  std::vector<bool> numeric;  // per column: right-aligned
  std::vector<std::vector<Cell>> rows;
  std::vector<std::string> row_ids;  // per row: an anchor, or ""
};

// Label: value lines (a definition list in HTML, a bullet list in Markdown).
struct Facts {
  std::vector<std::pair<std::string, Line>> items;
};

struct Bullets {
  std::vector<Line> items;
};

// An SVG drawing: inline in HTML, `diagrams/<file>` beside README.md.
struct Diagram {
  std::string file;  // "erd.svg"
  std::string svg;
  std::string alt;
};

// One index's sample items, as NoSQL Workbench's aggregate view shows them.
struct SampleView {
  SampleIndex index;
};

using Block = std::variant<Line, Table, Facts, Bullets, Diagram, SampleView>;

struct Section {
  std::string id;  // anchor
  std::string title;
  int level = 2;  // 2: a top-level section (in the table of contents), 3: inside one
  std::vector<Block> blocks;
};

struct Page {
  std::string title;
  std::string source;  // the model's path as the user gave it
  std::vector<Section> sections;
};

// Helpers for building lines.
inline Span Text(std::string t) { return Span{SpanKind::kText, std::move(t), {}}; }
inline Span Strong(std::string t) { return Span{SpanKind::kStrong, std::move(t), {}}; }
inline Span Muted(std::string t) { return Span{SpanKind::kMuted, std::move(t), {}}; }
inline Span Code(std::string t) { return Span{SpanKind::kCode, std::move(t), {}}; }
inline Span Key(std::string t) { return Span{SpanKind::kKey, std::move(t), {}}; }
inline Span Link(std::string t, std::string href) {
  return Span{SpanKind::kLink, std::move(t), std::move(href)};
}

// An anchor for a name: "entity-" + the name with every byte outside [A-Za-z0-9_-] as '-'.
std::string Anchor(const std::string& prefix, const std::string& name);

}  // namespace model::codegen::docs
