#include "codegen/writer/escape.h"

#include <fmt/format.h>

#include <algorithm>

#include "codegen/writer/utf8.h"

namespace model::codegen {

namespace {

constexpr std::string_view kReplacement = "\xEF\xBF\xBD";  // U+FFFD

bool XmlForbidden(char32_t cp) {
  return (cp < 0x20 && cp != '\t' && cp != '\n' && cp != '\r') || cp == 0xFFFE || cp == 0xFFFF;
}

// Calls `ascii(c, out)` for each ASCII byte (it returns false to keep the byte as is) and keeps
// valid non-ASCII characters unless `forbidden` says otherwise; bad bytes become U+FFFD.
template <typename Ascii, typename Forbidden>
std::string Escape(std::string_view text, Ascii ascii, Forbidden forbidden) {
  std::string out;
  out.reserve(text.size());
  std::size_t pos = 0;
  while (pos < text.size()) {
    char c = text[pos];
    if (static_cast<unsigned char>(c) < 0x80) {
      if (forbidden(static_cast<char32_t>(c))) {
        out += kReplacement;
      } else if (!ascii(text, pos, out)) {
        out += c;
      }
      ++pos;
      continue;
    }
    Utf8Char u = DecodeUtf8(text, pos);
    if (!u.valid || forbidden(u.code_point)) {
      out += kReplacement;
    } else {
      out.append(text.substr(pos, u.length));
    }
    pos += u.length;
  }
  return out;
}

bool NothingForbidden(char32_t) { return false; }

// Whether the line-break byte at `pos` ends a line: LF does, and CR does unless an LF follows
// (then that LF makes the one break of the CRLF).
bool IsBreak(std::string_view text, std::size_t pos) {
  if (text[pos] == '\n') return true;
  return text[pos] == '\r' && (pos + 1 >= text.size() || text[pos + 1] != '\n');
}

bool HtmlEntity(char c, std::string& out) {
  switch (c) {
    case '&':
      out += "&amp;";
      return true;
    case '<':
      out += "&lt;";
      return true;
    case '>':
      out += "&gt;";
      return true;
    case '"':
      out += "&quot;";
      return true;
    case '\'':
      out += "&#39;";
      return true;
    default:
      return false;
  }
}

// As HtmlEntity but `'` is kept (attributes are double-quoted) and CR is a character reference.
bool XmlEntity(char c, std::string& out) {
  if (c == '\r') {
    out += "&#13;";
    return true;
  }
  return c != '\'' && HtmlEntity(c, out);
}

}  // namespace

std::string MarkdownCell(std::string_view text) {
  return Escape(
      text,
      [](std::string_view t, std::size_t pos, std::string& out) {
        char c = t[pos];
        if (c == '\r' || c == '\n') {
          if (IsBreak(t, pos)) out += "<br>";
          return true;
        }
        if (c == '&' || c == '<' || c == '>') return HtmlEntity(c, out);
        // What would open a block at the start of a line (a heading, a list item, a setext
        // underline, an ordered list's "1." or "1)") is escaped there, so a paragraph of user
        // text stays a paragraph.
        bool opens_block = (pos == 0 && (c == '#' || c == '-' || c == '+' || c == '=')) ||
                           ((c == '.' || c == ')') && pos > 0 && pos <= 9 &&
                            (pos + 1 == t.size() || t[pos + 1] == ' ' || t[pos + 1] == '\t') &&
                            std::all_of(t.begin(), t.begin() + static_cast<std::ptrdiff_t>(pos),
                                        [](char d) { return d >= '0' && d <= '9'; }));
        if (opens_block) {
          out += '\\';
          out += c;
          return true;
        }
        switch (c) {
          case '\\':
          case '`':
          case '*':
          case '_':
          case '[':
          case ']':
          case '|':
          case '~':
            out += '\\';
            out += c;
            return true;
          default:
            return false;
        }
      },
      NothingForbidden);
}

std::string HtmlEscape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    if (!HtmlEntity(c, out)) out += c;
  }
  return out;
}

std::string DotString(std::string_view text) {
  std::string body = Escape(
      text,
      [](std::string_view t, std::size_t pos, std::string& out) {
        char c = t[pos];
        if (c == '\r' || c == '\n') {
          if (IsBreak(t, pos)) out += "\\n";
          return true;
        }
        if (c != '"' && c != '\\') return false;
        out += '\\';
        out += c;
        return true;
      },
      [](char32_t cp) {
        return (cp < 0x20 && cp != '\t' && cp != '\n' && cp != '\r') || cp == 0x7F;
      });
  return "\"" + body + "\"";
}

std::string DotHtmlText(std::string_view text) {
  return Escape(
      text,
      [](std::string_view t, std::size_t pos, std::string& out) {
        if (t[pos] == '\r' || t[pos] == '\n') {
          if (IsBreak(t, pos)) out += "<br/>";
          return true;
        }
        return HtmlEntity(t[pos], out);
      },
      XmlForbidden);
}

std::string XmlText(std::string_view text) {
  return Escape(
      text,
      [](std::string_view t, std::size_t pos, std::string& out) { return XmlEntity(t[pos], out); },
      XmlForbidden);
}

std::string XmlAttribute(std::string_view text) {
  return Escape(
      text,
      [](std::string_view t, std::size_t pos, std::string& out) {
        if (t[pos] == '\t') {
          out += "&#9;";
          return true;
        }
        if (t[pos] == '\n') {
          out += "&#10;";
          return true;
        }
        return XmlEntity(t[pos], out);
      },
      XmlForbidden);
}

std::string CppStringLiteral(std::string_view text) {
  std::string out = "\"";
  for (std::size_t i = 0; i < text.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    switch (c) {
      case '"':
        out += "\\\"";
        continue;
      case '\\':
        out += "\\\\";
        continue;
      case '\n':
        out += "\\n";
        continue;
      case '\r':
        out += "\\r";
        continue;
      case '\t':
        out += "\\t";
        continue;
      case '?':
        out += i > 0 && text[i - 1] == '?' ? "\\?" : "?";
        continue;
      default:
        break;
    }
    if (c < 0x20 || c >= 0x7F) {
      out += fmt::format("\\{:03o}", c);
    } else {
      out += static_cast<char>(c);
    }
  }
  return out + "\"";
}

std::string JsonString(std::string_view text) {
  std::string body = Escape(
      text,
      [](std::string_view t, std::size_t pos, std::string& out) {
        unsigned char c = static_cast<unsigned char>(t[pos]);
        switch (c) {
          case '"':
            out += "\\\"";
            return true;
          case '\\':
            out += "\\\\";
            return true;
          case '\b':
            out += "\\b";
            return true;
          case '\f':
            out += "\\f";
            return true;
          case '\n':
            out += "\\n";
            return true;
          case '\r':
            out += "\\r";
            return true;
          case '\t':
            out += "\\t";
            return true;
          default:
            break;
        }
        if (c >= 0x20) return false;
        out += fmt::format("\\u{:04x}", c);
        return true;
      },
      NothingForbidden);
  return "\"" + body + "\"";
}

}  // namespace model::codegen
