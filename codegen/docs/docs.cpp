#include "codegen/docs/docs.h"

#include "codegen/docs/content.h"
#include "codegen/docs/render.h"

namespace model::codegen {

OutputMap RenderDocs(const DocsInput& input) {
  docs::Page page = docs::BuildPage(input);
  OutputMap out;
  out.Add("index.html", docs::RenderHtml(page));
  out.Add("README.md", docs::RenderMarkdown(page, "diagrams"));
  for (const docs::Section& s : page.sections) {
    for (const docs::Block& b : s.blocks) {
      if (const auto* d = std::get_if<docs::Diagram>(&b)) {
        std::string svg = d->svg;
        while (!svg.empty() && svg.back() == '\n') svg.pop_back();
        out.Add("diagrams/" + d->file, svg + "\n");
      }
    }
  }
  return out;
}

}  // namespace model::codegen
