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
    names[i] += '_' + HexBytes(values[i]);
  }
  return names;
}

std::string HexBytes(std::string_view text) {
  std::string out;
  for (unsigned char c : text) out += fmt::format("{:02x}", c);
  return out;
}

std::string JoinUnderscore(std::string_view a, std::string_view b) {
  std::string out(a);
  if (out.empty() || out.back() != '_') out += '_';
  out += b;
  return out;
}

std::vector<std::string> NameForms::Forms() const {
  std::vector<std::string> out{plain.empty() ? prefix + stem + suffix : plain};
  if (stem.empty() || stem.back() != '_') out.push_back(prefix + stem + "_" + suffix);
  out.push_back(prefix + JoinUnderscore(stem, HexBytes(source)) + suffix);
  return out;
}

std::vector<std::vector<std::string>> AssignNames(const std::set<std::string>& reserved,
                                                  const std::vector<NameRequest>& requests) {
  std::set<std::string> taken = reserved;
  std::vector<std::vector<std::string>> out(requests.size());
  std::vector<bool> placed(requests.size(), false);
  std::set<int> ranks;
  for (const NameRequest& r : requests) ranks.insert(r.rank);
  for (int rank : ranks) {
    std::size_t alternatives = 0;
    for (const NameRequest& r : requests)
      if (r.rank == rank) alternatives = std::max(alternatives, r.forms.size());
    for (std::size_t level = 0; level < alternatives; ++level) {
      // How many unplaced requests of this rank want each name at this level (once each).
      std::map<std::string, int> wanted;
      for (std::size_t i = 0; i < requests.size(); ++i) {
        if (placed[i] || requests[i].rank != rank || level >= requests[i].forms.size()) continue;
        std::set<std::string> own(requests[i].forms[level].begin(), requests[i].forms[level].end());
        for (const std::string& n : own) ++wanted[n];
      }
      std::vector<std::size_t> now;
      for (std::size_t i = 0; i < requests.size(); ++i) {
        if (placed[i] || requests[i].rank != rank || level >= requests[i].forms.size()) continue;
        const std::vector<std::string>& names = requests[i].forms[level];
        std::set<std::string> own(names.begin(), names.end());
        bool free = own.size() == names.size();
        for (const std::string& n : names) free = free && !taken.count(n) && wanted[n] == 1;
        if (free) now.push_back(i);
      }
      for (std::size_t i : now) {
        placed[i] = true;
        out[i] = requests[i].forms[level];
        taken.insert(out[i].begin(), out[i].end());
      }
    }
    // What no alternative placed: the last one numbered, in request order.
    for (std::size_t i = 0; i < requests.size(); ++i) {
      if (placed[i] || requests[i].rank != rank) continue;
      const std::vector<std::string>& last = requests[i].forms.back();
      for (int n = 2;; ++n) {
        std::vector<std::string> names;
        for (const std::string& name : last)
          names.push_back(JoinUnderscore(name, std::to_string(n)));
        bool free = true;
        for (const std::string& name : names) free = free && !taken.count(name);
        if (!free) continue;
        placed[i] = true;
        out[i] = std::move(names);
        taken.insert(out[i].begin(), out[i].end());
        break;
      }
    }
  }
  return out;
}

}  // namespace model::codegen
