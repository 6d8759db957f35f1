#include "codegen/writer/namer.h"

#include <fmt/format.h>

#include <algorithm>
#include <cstdint>
#include <iterator>

#include "codegen/writer/utf8.h"

namespace model::codegen {

namespace {

bool IsUpper(char c) { return c >= 'A' && c <= 'Z'; }
bool IsLower(char c) { return c >= 'a' && c <= 'z'; }
bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsAlnum(char c) { return IsUpper(c) || IsLower(c) || IsDigit(c); }
char ToUpper(char c) { return IsLower(c) ? static_cast<char>(c - 'a' + 'A') : c; }
char ToLower(char c) { return IsUpper(c) ? static_cast<char>(c - 'A' + 'a') : c; }

std::string Lower(std::string_view w) {
  std::string out(w);
  std::transform(out.begin(), out.end(), out.begin(), ToLower);
  return out;
}

std::string Upper(std::string_view w) {
  std::string out(w);
  std::transform(out.begin(), out.end(), out.begin(), ToUpper);
  return out;
}

std::string Capitalized(std::string_view w) {
  std::string out = Lower(w);
  if (!out.empty()) out[0] = ToUpper(out[0]);
  return out;
}

std::string Join(const std::vector<std::string>& words, std::string (*each)(std::string_view),
                 const char* sep) {
  std::string out;
  for (const auto& w : words) {
    if (!out.empty()) out += sep;
    out += each(w);
  }
  return out;
}

// Keywords, alternative tokens, contextual keywords, and macros or library names that a
// generated identifier must not shadow.
constexpr std::string_view kReserved[] = {
    "EOF",          "NULL",         "alignas",    "alignof",
    "and",          "and_eq",       "asm",        "assert",
    "auto",         "bitand",       "bitor",      "bool",
    "break",        "case",         "catch",      "char",
    "char16_t",     "char32_t",     "char8_t",    "class",
    "co_await",     "co_return",    "co_yield",   "compl",
    "concept",      "const",        "const_cast", "consteval",
    "constexpr",    "constinit",    "continue",   "decltype",
    "default",      "delete",       "do",         "double",
    "dynamic_cast", "else",         "enum",       "errno",
    "explicit",     "export",       "extern",     "false",
    "final",        "float",        "for",        "friend",
    "goto",         "if",           "import",     "inline",
    "int",          "linux",        "long",       "main",
    "major",        "minor",        "module",     "mutable",
    "namespace",    "new",          "noexcept",   "not",
    "not_eq",       "nullptr",      "offsetof",   "operator",
    "or",           "or_eq",        "override",   "private",
    "protected",    "public",       "register",   "reinterpret_cast",
    "requires",     "return",       "setjmp",     "short",
    "signed",       "sizeof",       "static",     "static_assert",
    "static_cast",  "std",          "stderr",     "stdin",
    "stdout",       "struct",       "switch",     "template",
    "this",         "thread_local", "throw",      "true",
    "try",          "typedef",      "typeid",     "typename",
    "uint16_t",     "uint32_t",     "uint64_t",   "uint8_t",
    "union",        "unix",         "unsigned",   "using",
    "va_arg",       "va_end",       "va_list",    "va_start",
    "virtual",      "void",         "volatile",   "wchar_t",
    "while",        "xor",          "xor_eq",     "int8_t",
    "int16_t",      "int32_t",      "int64_t",    "size_t"};

}  // namespace

std::vector<std::string> SplitWords(std::string_view name) {
  std::vector<std::string> words;
  std::string word;
  for (std::size_t i = 0; i < name.size(); ++i) {
    char c = name[i];
    if (!IsAlnum(c)) {
      if (!word.empty()) words.push_back(std::move(word));
      word.clear();
      continue;
    }
    if (IsUpper(c) && !word.empty()) {
      char prev = word.back();
      bool next_lower = i + 1 < name.size() && IsLower(name[i + 1]);
      if (IsLower(prev) || IsDigit(prev) || (IsUpper(prev) && next_lower)) {
        words.push_back(std::move(word));
        word.clear();
      }
    }
    word += c;
  }
  if (!word.empty()) words.push_back(std::move(word));
  return words;
}

std::string UpperCamel(std::string_view name) { return Join(SplitWords(name), Capitalized, ""); }

std::string LowerCamel(std::string_view name) {
  std::string out = UpperCamel(name);
  std::vector<std::string> words = SplitWords(name);
  if (words.empty()) return out;
  return Lower(words.front()) + out.substr(words.front().size());
}

std::string SnakeCase(std::string_view name) { return Join(SplitWords(name), Lower, "_"); }
std::string UpperSnake(std::string_view name) { return Join(SplitWords(name), Upper, "_"); }
std::string KebabCase(std::string_view name) { return Join(SplitWords(name), Lower, "-"); }

bool IsCppReservedWord(std::string_view word) {
  return std::find(std::begin(kReserved), std::end(kReserved), word) != std::end(kReserved);
}

std::string CppIdentifier(std::string_view name) {
  std::string raw;
  std::size_t pos = 0;
  while (pos < name.size()) {
    char c = name[pos];
    if (static_cast<unsigned char>(c) < 0x80) {
      raw += IsAlnum(c) ? c : '_';
      ++pos;
      continue;
    }
    Utf8Char u = DecodeUtf8(name, pos);
    raw += u.valid ? fmt::format("_u{:04X}_", static_cast<std::uint32_t>(u.code_point))
                   : fmt::format("_x{:02X}_", static_cast<unsigned char>(name[pos]));
    pos += u.length;
  }
  std::string out;
  for (char c : raw) {
    if (c == '_' && (out.empty() || out.back() == '_')) continue;
    out += c;
  }
  if (out.empty()) return "unnamed";
  if (IsDigit(out.front())) out.insert(0, "n");
  if (IsCppReservedWord(out)) out += '_';
  return out;
}

}  // namespace model::codegen
