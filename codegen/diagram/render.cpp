#include "codegen/diagram/render.h"

#include <graphviz/cgraph.h>
#include <graphviz/gvc.h>

#include <cstdlib>
#include <memory>

namespace model::codegen {

namespace {

// Errors and warnings are stored by cgraph instead of printed (agseterr(AGMAX)); this returns the
// last one, trimmed to one line, or `fallback` when cgraph kept none.
std::string LastGraphvizError(const char* fallback) {
  char* raw = aglasterr();
  std::string message = raw ? raw : "";
  std::free(raw);
  while (!message.empty() && (message.back() == '\n' || message.back() == ' ')) message.pop_back();
  for (char& c : message) {
    if (c == '\n' || c == '\r') c = ' ';
  }
  return message.empty() ? fallback : message;
}

// The Graphviz context of the process: made on first use, never freed. A context cannot be freed
// and another made: Graphviz 2.42's pango text-layout plugin (Debian 12's libgvc6) keeps, in a
// static, a pointer to the last font name it measured, which the context's font table owns, so
// after gvFreeContext the next context's first label reads freed memory (AddressSanitizer:
// heap-use-after-free under textspan_size; later Graphviz copies the name). Freeing it also left
// its plugins' Pango and fontconfig state unreachable (LeakSanitizer). Graphviz is not
// thread-safe anyway: its errors and the plugin's cache are process-wide.
GVC_t* ProcessContext() {
  static GVC_t* const gvc = gvContext();
  return gvc;
}

struct GraphDeleter {
  void operator()(Agraph_t* graph) const { agclose(graph); }
};

}  // namespace

RenderedImage RenderDot(std::string_view dot, ImageFormat format) {
  RenderedImage result;
  // Store every message (read back with aglasterr) and print none; restore the level after.
  struct ErrorLevel {
    agerrlevel_t previous = agseterr(AGMAX);
    ~ErrorLevel() { agseterr(previous); }
  } error_level;
  agreseterrors();
  GVC_t* const gvc = ProcessContext();
  if (gvc == nullptr) {
    result.error = "cannot start Graphviz";
    return result;
  }
  std::string text(dot);  // agmemread wants a NUL-terminated string
  std::unique_ptr<Agraph_t, GraphDeleter> graph(agmemread(text.c_str()));
  if (!graph || agerrors() >= AGERR) {
    result.error = "Graphviz cannot read the diagram: " + LastGraphvizError("syntax error");
    return result;
  }
  if (gvLayout(gvc, graph.get(), "dot") != 0 || agerrors() >= AGERR) {
    result.error = "Graphviz cannot lay out the diagram: " + LastGraphvizError("layout failed");
    gvFreeLayout(gvc, graph.get());
    return result;
  }
  char* data = nullptr;
  unsigned int length = 0;
  const char* renderer = format == ImageFormat::kPng ? "png" : "svg";
  int rc = gvRenderData(gvc, graph.get(), renderer, &data, &length);
  if (rc == 0 && data != nullptr && agerrors() < AGERR) {
    result.bytes.assign(data, length);
    result.ok = true;
  } else {
    result.error = std::string("Graphviz cannot render ") + renderer + ": " +
                   LastGraphvizError("no renderer for this format");
  }
  if (data != nullptr) gvFreeRenderData(data);
  gvFreeLayout(gvc, graph.get());
  return result;
}

}  // namespace model::codegen
