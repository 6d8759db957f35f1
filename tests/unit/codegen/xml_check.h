// A small XML 1.0 well-formedness check for the tests (no third-party parser is a dependency):
// one root element, balanced and properly nested tags, quoted attributes, only the predefined
// or numeric character references, comments without "--", valid UTF-8 and no control
// characters. Returns "" when well-formed, else what is wrong and where.
#pragma once

#include <cctype>
#include <string>
#include <string_view>
#include <vector>

namespace test {

inline bool IsNameChar(char c) {
  auto u = static_cast<unsigned char>(c);
  return std::isalnum(u) || c == '_' || c == ':' || c == '-' || c == '.' || u >= 0x80;
}

inline std::string CheckReference(std::string_view s, std::size_t& i) {
  std::size_t end = s.find(';', i);
  if (end == std::string_view::npos || end - i > 12) return "a bare '&'";
  std::string_view ref = s.substr(i + 1, end - i - 1);
  bool ok = ref == "amp" || ref == "lt" || ref == "gt" || ref == "quot" || ref == "apos";
  if (!ok && ref.size() >= 2 && ref[0] == '#') {
    bool hex = ref[1] == 'x';
    ok = ref.size() > (hex ? 2u : 1u);
    for (std::size_t k = hex ? 2 : 1; k < ref.size(); ++k) {
      ok = ok && (hex ? std::isxdigit(static_cast<unsigned char>(ref[k]))
                      : std::isdigit(static_cast<unsigned char>(ref[k])));
    }
  }
  i = end + 1;
  return ok ? "" : "an unknown reference &" + std::string(ref) + ";";
}

inline std::string CheckUtf8(std::string_view s) {
  for (std::size_t i = 0; i < s.size();) {
    auto c = static_cast<unsigned char>(s[i]);
    int n = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
    if (n == 0 || i + n > s.size()) return "invalid UTF-8 at byte " + std::to_string(i);
    for (int k = 1; k < n; ++k) {
      if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80)
        return "invalid UTF-8 at byte " + std::to_string(i);
    }
    if (n == 1 && c < 0x20 && c != '\t' && c != '\n' && c != '\r')
      return "a control character at byte " + std::to_string(i);
    i += n;
  }
  return "";
}

inline std::string XmlProblem(std::string_view s) {
  if (auto bad = CheckUtf8(s); !bad.empty()) return bad;
  std::vector<std::string> open;
  bool seen_root = false;
  std::size_t i = 0;
  auto where = [&] { return " at byte " + std::to_string(i); };
  while (i < s.size()) {
    if (s[i] == '&') {
      if (auto bad = CheckReference(s, i); !bad.empty()) return bad + where();
      continue;
    }
    if (s[i] != '<') {
      if (open.empty() && !std::isspace(static_cast<unsigned char>(s[i])))
        return "text outside the root" + where();
      ++i;
      continue;
    }
    if (s.substr(i, 4) == "<!--") {
      std::size_t end = s.find("-->", i + 4);
      if (end == std::string_view::npos) return "an unterminated comment" + where();
      if (s.substr(i + 4, end - i - 4).find("--") != std::string_view::npos)
        return "'--' in a comment" + where();
      i = end + 3;
      continue;
    }
    if (s.substr(i, 2) == "<?" || s.substr(i, 2) == "<!") {
      std::size_t end = s.find('>', i);
      if (end == std::string_view::npos) return "an unterminated declaration" + where();
      i = end + 1;
      continue;
    }
    bool closing = s.substr(i, 2) == "</";
    std::size_t j = i + (closing ? 2 : 1);
    std::size_t name_start = j;
    while (j < s.size() && IsNameChar(s[j])) ++j;
    std::string name(s.substr(name_start, j - name_start));
    if (name.empty()) return "a '<' that starts no tag" + where();
    bool self_closing = false;
    while (true) {  // attributes
      while (j < s.size() && std::isspace(static_cast<unsigned char>(s[j]))) ++j;
      if (j >= s.size()) return "an unterminated tag" + where();
      if (s[j] == '>') break;
      if (s.substr(j, 2) == "/>" && !closing) {
        self_closing = true;
        ++j;
        break;
      }
      if (closing) return "attributes in a closing tag" + where();
      std::size_t a = j;
      while (j < s.size() && IsNameChar(s[j])) ++j;
      if (a == j || j >= s.size() || s[j] != '=') return "a malformed attribute" + where();
      ++j;
      if (j >= s.size() || (s[j] != '"' && s[j] != '\'')) return "an unquoted attribute" + where();
      char quote = s[j++];
      while (j < s.size() && s[j] != quote) {
        if (s[j] == '<') return "'<' in an attribute" + where();
        if (s[j] == '&') {
          if (auto bad = CheckReference(s, j); !bad.empty()) return bad + where();
          continue;
        }
        ++j;
      }
      if (j >= s.size()) return "an unterminated attribute" + where();
      ++j;
    }
    i = j + 1;
    if (closing) {
      if (open.empty() || open.back() != name)
        return "</" + name + "> closes nothing open" + where();
      open.pop_back();
    } else if (!self_closing) {
      if (open.empty() && seen_root) return "a second root element" + where();
      open.push_back(name);
    }
    seen_root = true;
  }
  if (!open.empty()) return "<" + open.back() + "> is never closed";
  if (!seen_root) return "no root element";
  return "";
}

}  // namespace test
