#include "codegen/writer/namer.h"

#include <fmt/format.h>

#include <algorithm>
#include <cstdint>
#include <iterator>
#include <map>
#include <string>

#include "codegen/writer/utf8.h"

namespace model::codegen {

namespace {

bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsAlnum(char c) { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || IsDigit(c); }

// Keywords, alternative tokens, contextual keywords, macros or library names that a generated
// identifier must not shadow, and `model`, the namespace of the runtime generated code uses.
constexpr std::string_view kReserved[] = {
    "alignas", "alignof", "and", "and_eq", "asm", "auto", "bitand", "bitor", "bool", "break",
    "case", "catch", "char", "char16_t", "char32_t", "char8_t", "class", "co_await", "co_return",
    "co_yield", "compl", "concept", "const", "const_cast", "consteval", "constexpr", "constinit",
    "continue", "decltype", "default", "delete", "do", "double", "dynamic_cast", "else", "enum",
    "explicit", "export", "extern", "false", "final", "float", "for", "friend", "goto", "if",
    "import", "inline", "int", "long", "module", "mutable", "namespace", "new", "noexcept", "not",
    "not_eq", "nullptr", "operator", "or", "or_eq", "override", "private", "protected", "public",
    "register", "reinterpret_cast", "requires", "return", "short", "signed", "sizeof", "static",
    "static_assert", "static_cast", "struct", "switch", "template", "this", "thread_local", "throw",
    "true", "try", "typedef", "typeid", "typename", "union", "unsigned", "using", "virtual", "void",
    "volatile", "wchar_t", "while", "xor", "xor_eq",
    // Macros, library names, and the runtime's namespace.
    "EOF", "NULL", "assert", "errno", "linux", "main", "major", "minor", "model", "offsetof",
    "setjmp", "std", "stderr", "stdin", "stdout", "uint16_t", "uint32_t", "uint64_t", "uint8_t",
    "unix", "va_arg", "va_end", "va_list", "va_start", "int8_t", "int16_t", "int32_t", "int64_t",
    "size_t"};

}  // namespace

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

std::string CppSnakeName(std::string_view name) { return CppIdentifier(SnakeCase(name)); }

std::string CppPascalName(std::string_view name) { return CppIdentifier(UpperCamel(name)); }

std::string CppEnumeratorName(std::string_view value) {
  std::string camel = UpperCamel(value);
  return "k" + (camel.empty() ? std::string("Unnamed") : camel);
}

std::vector<std::string> CppEnumeratorNames(const std::vector<std::string>& values) {
  std::vector<std::string> names;
  std::map<std::string, int> uses;
  for (const std::string& v : values) ++uses[names.emplace_back(CppEnumeratorName(v))];
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (uses[names[i]] < 2) continue;
    names[i] += '_';
    for (unsigned char c : values[i]) names[i] += fmt::format("{:02x}", c);
  }
  return names;
}

}  // namespace model::codegen
