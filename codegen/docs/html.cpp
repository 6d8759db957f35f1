#include <string>

#include "codegen/docs/html_style.h"
#include "codegen/docs/render.h"
#include "codegen/writer/escape.h"
#include "codegen/writer/printer.h"

namespace model::codegen::docs {

namespace {

// One word of a key template or condition, each `{placeholder}` in a <var>.
std::string KeyWordHtml(const std::string& text) {
  std::string out;
  std::size_t i = 0;
  while (i < text.size()) {
    std::size_t open = text.find('{', i);
    std::size_t close = open == std::string::npos ? std::string::npos : text.find('}', open);
    if (close == std::string::npos) {
      out += HtmlEscape(text.substr(i));
      break;
    }
    out += HtmlEscape(text.substr(i, open - i));
    out += "<var>" + HtmlEscape(text.substr(open, close - open + 1)) + "</var>";
    i = close + 1;
  }
  return out;
}

// A key template or condition: monospace; it wraps only at its spaces ("PK = ... AND SK ...").
std::string KeyHtml(const std::string& text) {
  std::string out;
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t space = text.find(' ', start);
    std::string word =
        text.substr(start, space == std::string::npos ? std::string::npos : space - start);
    if (!out.empty()) out += " ";
    out += "<span class=\"w\">" + KeyWordHtml(word) + "</span>";
    if (space == std::string::npos) break;
    start = space + 1;
  }
  return "<span class=\"key\">" + out + "</span>";
}

std::string SpanHtml(const Span& s) {
  switch (s.kind) {
    case SpanKind::kText:
      return HtmlEscape(s.text);
    case SpanKind::kStrong:
      return "<strong>" + HtmlEscape(s.text) + "</strong>";
    case SpanKind::kMuted:
      return "<span class=\"muted\">" + HtmlEscape(s.text) + "</span>";
    case SpanKind::kCode:
      return "<code>" + HtmlEscape(s.text) + "</code>";
    case SpanKind::kKey:
      return KeyHtml(s.text);
    case SpanKind::kLink:
      return "<a href=\"" + HtmlEscape(s.href) + "\">" + HtmlEscape(s.text) + "</a>";
    case SpanKind::kPass:
      return "<span class=\"pass\">" + HtmlEscape(s.text) + "</span>";
    case SpanKind::kFail:
      return "<span class=\"fail\">" + HtmlEscape(s.text) + "</span>";
  }
  return "";
}

// A line's HTML. User text may hold line breaks: each becomes <br>, after escaping.
std::string LineHtml(const Line& line) {
  std::string out;
  for (const Span& s : line) out += SpanHtml(s);
  std::string broken;
  for (char ch : out) {
    if (ch == '\n')
      broken += "<br>";
    else if (ch != '\r')
      broken += ch;
  }
  return broken;
}

std::string CellHtml(const Cell& c) {
  if (c.lines.size() == 1) return LineHtml(c.lines[0]);
  std::string out;
  for (const Line& l : c.lines) out += "<div class=\"line\">" + LineHtml(l) + "</div>";
  return out;
}

void TableHtml(Printer& p, const Table& t) {
  p.Emit("<div class=\"scroll\">\n<table>\n<thead><tr>");
  for (std::size_t i = 0; i < t.header.size(); ++i) {
    p.Emit({{"cls", t.numeric[i] ? " class=\"num\"" : ""}, {"text", HtmlEscape(t.header[i])}},
           "<th scope=\"col\"$cls$>$text$</th>");
  }
  p.Emit("</tr></thead>\n<tbody>\n");
  for (std::size_t r = 0; r < t.rows.size(); ++r) {
    std::string id = r < t.row_ids.size() && !t.row_ids[r].empty()
                         ? " id=\"" + HtmlEscape(t.row_ids[r]) + "\""
                         : "";
    p.Emit({{"id", id}}, "<tr$id$>");
    for (std::size_t i = 0; i < t.rows[r].size(); ++i) {
      const Cell& c = t.rows[r][i];
      bool num = c.numeric || (i < t.numeric.size() && t.numeric[i]);
      p.Emit({{"tag", i == 0 ? "th scope=\"row\"" : "td"},
              {"end", i == 0 ? "th" : "td"},
              {"cls", num ? " class=\"num\"" : ""},
              {"text", CellHtml(c)}},
             "<$tag$$cls$>$text$</$end$>");
    }
    p.Emit("</tr>\n");
  }
  p.Emit("</tbody>\n</table>\n</div>\n");
}

void SamplesHtml(Printer& p, const SampleIndex& si) {
  p.Emit({{"pk", HtmlEscape(si.partition_key)},
          {"sk", HtmlEscape(si.sort_key)},
          {"name", HtmlEscape(si.name)}},
         "<div class=\"scroll\">\n<table class=\"samples\" aria-label=\"Sample items of $name$\">\n"
         "<thead><tr><th scope=\"col\">$pk$ (partition)</th><th scope=\"col\">$sk$</th><th "
         "scope=\"col\">Attributes</th></tr></thead>\n<tbody>\n");
  for (const SamplePartition& part : si.partitions) {
    std::size_t rows = part.items.size() + (part.more ? 1 : 0);
    for (std::size_t i = 0; i < part.items.size(); ++i) {
      const SampleItem& item = part.items[i];
      p.Emit(i == 0 ? "<tr class=\"first\">" : "<tr>");
      if (i == 0) {
        p.Emit({{"rows", static_cast<int>(rows)}, {"key", HtmlEscape(part.key)}},
               "<th scope=\"rowgroup\" rowspan=\"$rows$\" class=\"partition\"><span "
               "class=\"key\">$key$</span></th>");
      }
      std::string sk;
      std::string attrs;
      for (const auto& [name, value] : item.attributes) {
        if (name == si.partition_key) continue;
        if (name == si.sort_key) {
          sk = value;
          continue;
        }
        attrs += "<div><dt>" + HtmlEscape(name) + "</dt><dd>" + HtmlEscape(value) + "</dd></div>";
      }
      p.Emit({{"sk", HtmlEscape(sk)}, {"attrs", attrs}},
             "<td><span class=\"key\">$sk$</span></td><td><dl "
             "class=\"attrs\">$attrs$</dl></td></tr>\n");
    }
    if (part.more)
      p.Emit("<tr><td colspan=\"2\" class=\"more\">more items in this partition</td></tr>\n");
  }
  p.Emit("</tbody>\n</table>\n</div>\n");
}

void BlockHtml(Printer& p, const Block& b) {
  if (const auto* line = std::get_if<Line>(&b)) {
    p.Emit({{"text", LineHtml(*line)}}, "<p>$text$</p>\n");
  } else if (const auto* t = std::get_if<Table>(&b)) {
    TableHtml(p, *t);
  } else if (const auto* f = std::get_if<Facts>(&b)) {
    p.Emit("<dl class=\"facts\">\n");
    for (const auto& [label, value] : f->items) {
      p.Emit({{"label", HtmlEscape(label)}, {"value", LineHtml(value)}},
             "<dt>$label$</dt><dd>$value$</dd>\n");
    }
    p.Emit("</dl>\n");
  } else if (const auto* list = std::get_if<Bullets>(&b)) {
    p.Emit("<ul class=\"warnings\">\n");
    for (const Line& l : list->items) p.Emit({{"text", LineHtml(l)}}, "<li>$text$</li>\n");
    p.Emit("</ul>\n");
  } else if (const auto* d = std::get_if<Diagram>(&b)) {
    // The SVG comes from our own renderer; drop an XML prolog or doctype before <svg.
    std::size_t start = d->svg.find("<svg");
    std::string svg = start == std::string::npos ? std::string() : d->svg.substr(start);
    while (!svg.empty() && svg.back() == '\n') svg.pop_back();
    p.Emit({{"alt", HtmlEscape(d->alt)}, {"svg", svg}},
           "<figure class=\"diagram\" role=\"img\" aria-label=\"$alt$\">\n$svg$\n</figure>\n");
  } else if (const auto* s = std::get_if<SampleView>(&b)) {
    SamplesHtml(p, s->index);
  }
}

}  // namespace

std::string RenderHtml(const Page& page) {
  Printer p;
  p.Emit(
      {{"source", HtmlEscape(page.source)}, {"title", HtmlEscape(page.title)}, {"css", kDocsCss}},
      "<!-- generated by model from $source$; do not edit -->\n"
      "<!DOCTYPE html>\n"
      "<html lang=\"en\">\n"
      "<head>\n"
      "<meta charset=\"utf-8\">\n"
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
      "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src "
      "'unsafe-inline'; img-src data:\">\n"
      "<meta name=\"generator\" content=\"model\">\n"
      "<title>$title$: DynamoDB single-table design</title>\n"
      "<style>\n$css$</style>\n"
      "</head>\n"
      "<body>\n"
      "<header class=\"page\">\n"
      "<h1>$title$</h1>\n"
      "<p>DynamoDB single-table design, generated by <code>model</code> from "
      "<code>$source$</code>.</p>\n"
      "</header>\n"
      "<main>\n");
  p.Emit("<nav class=\"toc\" aria-label=\"Contents\">\n<h2>Contents</h2>\n<ol>\n");
  bool open_sub = false;
  for (std::size_t i = 0; i < page.sections.size(); ++i) {
    const Section& s = page.sections[i];
    if (s.level == 2) {
      if (open_sub) p.Emit("</ol></li>\n");
      if (i > 0 && !open_sub && page.sections[i - 1].level == 2) p.Emit("</li>\n");
      open_sub = false;
      p.Emit({{"id", HtmlEscape(s.id)}, {"title", HtmlEscape(s.title)}},
             "<li><a href=\"#$id$\">$title$</a>");
    } else {
      if (!open_sub) p.Emit("<ol>\n");
      open_sub = true;
      p.Emit({{"id", HtmlEscape(s.id)}, {"title", HtmlEscape(s.title)}},
             "<li><a href=\"#$id$\">$title$</a></li>\n");
    }
  }
  p.Emit(open_sub ? "</ol></li>\n</ol>\n</nav>\n" : "</li>\n</ol>\n</nav>\n");
  bool in_section = false;
  for (const Section& s : page.sections) {
    if (s.level == 2) {
      if (in_section) p.Emit("</section>\n");
      in_section = true;
      p.Emit({{"id", HtmlEscape(s.id)}}, "<section aria-labelledby=\"$id$\">\n");
    }
    p.Emit({{"n", s.level}, {"id", HtmlEscape(s.id)}, {"title", HtmlEscape(s.title)}},
           "<h$n$ id=\"$id$\">$title$</h$n$>\n");
    for (const Block& b : s.blocks) BlockHtml(p, b);
  }
  if (in_section) p.Emit("</section>\n");
  p.Emit({{"source", HtmlEscape(page.source)}},
         "</main>\n"
         "<footer class=\"page\">Generated by <code>model docs</code> from <code>$source$</code>. "
         "Estimates use DynamoDB's capacity rules and on-demand prices (us-east-1).</footer>\n"
         "</body>\n"
         "</html>\n");
  p.EndWithOneNewline();
  return p.Release();
}

}  // namespace model::codegen::docs
