#include "codegen/cpp/names.h"

#include <array>
#include <cctype>
#include <cstdio>
#include <vector>

namespace model::codegen {

namespace {

constexpr std::string_view kReserved[] = {
    "alignas", "alignof", "and", "and_eq", "asm", "auto", "bitand", "bitor", "bool", "break",
    "case", "catch", "char", "char8_t", "char16_t", "char32_t", "class", "compl", "concept",
    "const", "consteval", "constexpr", "constinit", "const_cast", "continue", "co_await",
    "co_return", "co_yield", "decltype", "default", "delete", "do", "double", "dynamic_cast",
    "else", "enum", "explicit", "export", "extern", "false", "float", "for", "friend", "goto", "if",
    "inline", "int", "long", "mutable", "namespace", "new", "noexcept", "not", "not_eq", "nullptr",
    "operator", "or", "or_eq", "private", "protected", "public", "register", "reinterpret_cast",
    "requires", "return", "short", "signed", "sizeof", "static", "static_assert", "static_cast",
    "struct", "switch", "template", "this", "thread_local", "throw", "true", "try", "typedef",
    "typeid", "typename", "union", "unsigned", "using", "virtual", "void", "volatile", "wchar_t",
    "while", "xor", "xor_eq",
    // Macros and names of the standard library and the runtime a field must not hide.
    "errno", "assert", "NULL", "EOF", "stdin", "stdout", "stderr", "std", "model", "final",
    "override", "import", "module"};

bool Reserved(std::string_view s) {
  for (std::string_view r : kReserved) {
    if (r == s) return true;
  }
  return false;
}

// Splits at non-alphanumerics and at lower->upper and letter-case boundaries.
std::vector<std::string> Words(std::string_view name) {
  std::vector<std::string> words;
  std::string cur;
  auto flush = [&] {
    if (!cur.empty()) words.push_back(cur);
    cur.clear();
  };
  for (std::size_t i = 0; i < name.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(name[i]);
    if (!std::isalnum(c)) {
      flush();
      continue;
    }
    if (std::isupper(c) && !cur.empty()) {
      unsigned char prev = static_cast<unsigned char>(cur.back());
      bool next_lower =
          i + 1 < name.size() && std::islower(static_cast<unsigned char>(name[i + 1]));
      if (std::islower(prev) || std::isdigit(prev) || (std::isupper(prev) && next_lower)) flush();
    }
    cur += static_cast<char>(c);
  }
  flush();
  return words;
}

std::string Safe(std::string s) {
  if (s.empty()) s = "x";
  if (std::isdigit(static_cast<unsigned char>(s[0]))) s = "n" + s;
  if (Reserved(s)) s += '_';
  return s;
}

}  // namespace

std::string SnakeName(std::string_view name) {
  std::string out;
  for (const std::string& w : Words(name)) {
    if (!out.empty()) out += '_';
    for (char c : w) out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return Safe(out);
}

std::string PascalName(std::string_view name) {
  std::string out;
  for (const std::string& w : Words(name)) {
    for (std::size_t i = 0; i < w.size(); ++i) {
      unsigned char c = static_cast<unsigned char>(w[i]);
      out += static_cast<char>(i == 0 ? std::toupper(c) : std::tolower(c));
    }
  }
  return Safe(out);
}

std::string EnumeratorName(std::string_view value) { return "k" + PascalName(value); }

std::string Quote(std::string_view text) {
  std::string out = "\"";
  for (char ch : text) {
    unsigned char c = static_cast<unsigned char>(ch);
    switch (ch) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\t':
        out += "\\t";
        break;
      case '?':
        out += "\\?";
        break;  // no trigraphs
      default:
        if (c < 0x20 || c == 0x7f) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\%03o", c);
          out += buf;
        } else {
          out += ch;
        }
    }
  }
  return out + "\"";
}

}  // namespace model::codegen
