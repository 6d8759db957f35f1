#include "model/base/casing.h"

#include <algorithm>

namespace model {

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
  std::vector<std::string> words = SplitWords(name);
  if (words.empty()) return "";
  std::string out = Lower(words.front());
  for (std::size_t i = 1; i < words.size(); ++i) out += Capitalized(words[i]);
  return out;
}

std::string SnakeCase(std::string_view name) { return Join(SplitWords(name), Lower, "_"); }
std::string UpperSnake(std::string_view name) { return Join(SplitWords(name), Upper, "_"); }
std::string KebabCase(std::string_view name) { return Join(SplitWords(name), Lower, "-"); }

}  // namespace model
