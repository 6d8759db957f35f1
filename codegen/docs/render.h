// The two renderings of a documentation Page: a self-contained HTML page and GitHub-flavoured
// Markdown. Both escape every string of the page for their format; both end with one newline.
#pragma once

#include <string>

#include "codegen/docs/page.h"

namespace model::codegen::docs {

std::string RenderHtml(const Page& page);
// `diagram_dir` is where Diagram blocks' files are linked from ("diagrams").
std::string RenderMarkdown(const Page& page, const std::string& diagram_dir);

}  // namespace model::codegen::docs
