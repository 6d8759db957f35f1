// Graphviz in process: DOT text in, SVG or PNG bytes out.
//
// The only file of the project that includes the Graphviz headers (render.cpp). It lays a graph
// out with the `dot` engine through libgvc (gvContext, agmemread, gvLayout, gvRenderData); no
// `dot` process is started. Graphviz's warnings are kept from the terminal; an error (a DOT
// syntax error, a malformed HTML-like label, a failed layout or render) comes back as a message,
// never as a crash or an exception. Calls share one Graphviz context, made on the first call and
// kept for the life of the process (Graphviz 2.42 cannot free one and make another: render.cpp);
// each graph is read, laid out and freed per call, so calls are independent. Graphviz is not
// thread-safe, so calls must not run concurrently.
#pragma once

#include <string>
#include <string_view>

namespace model::codegen {

enum class ImageFormat { kSvg, kPng };

struct RenderedImage {
  bool ok = false;
  std::string bytes;  // the SVG text or the PNG bytes when ok
  std::string error;  // why not, when !ok (Graphviz's own message, one line)
};

// Lays out and renders `dot` (one graph). The SVG is Graphviz's, with line ends left as LF.
RenderedImage RenderDot(std::string_view dot, ImageFormat format);

}  // namespace model::codegen
