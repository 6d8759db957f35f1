// Expression tokenizer and AWS-shaped syntax error text (see expression_lexer.h).
#include "model/sim/expr/lexer.h"

#include <fmt/format.h>

#include <algorithm>

namespace sim::detail {
namespace {

// Names start with a letter ("__typename" is a syntax error at "_", as AWS reports it) and go on
// with letters, digits and underscores.
bool IsIdentStart(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool IsIdentPart(char c) { return IsIdentStart(c) || c == '_' || (c >= '0' && c <= '9'); }
bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

// Length of the UTF-8 sequence starting with `lead` (1 for ASCII or a stray byte).
std::size_t Utf8Length(unsigned char lead) {
  if (lead >= 0xF0) return 4;
  if (lead >= 0xE0) return 3;
  if (lead >= 0xC0) return 2;
  return 1;
}

}  // namespace

bool Token::IsKeyword(std::string_view upper_keyword) const {
  if (kind != TokenKind::kIdentifier || text.size() != upper_keyword.size()) return false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    if (c != upper_keyword[i]) return false;
  }
  return true;
}

std::vector<Token> Lex(std::string_view text) {
  std::vector<Token> tokens;
  std::size_t i = 0;
  const std::size_t n = text.size();
  while (true) {
    while (i < n && IsSpace(text[i])) ++i;
    if (i == n) break;
    const std::size_t start = i;
    const char c = text[i];
    TokenKind kind;
    if (IsIdentStart(c)) {
      while (i < n && IsIdentPart(text[i])) ++i;
      kind = TokenKind::kIdentifier;
    } else if (c >= '0' && c <= '9') {
      while (i < n && text[i] >= '0' && text[i] <= '9') ++i;
      kind = TokenKind::kNumber;
    } else if ((c == '#' || c == ':') && i + 1 < n && IsIdentPart(text[i + 1])) {
      ++i;
      while (i < n && IsIdentPart(text[i])) ++i;
      kind = c == '#' ? TokenKind::kNamePlaceholder : TokenKind::kValuePlaceholder;
    } else if (c == '<' && i + 1 < n && (text[i + 1] == '>' || text[i + 1] == '=')) {
      i += 2;
      kind = TokenKind::kSymbol;
    } else if (c == '>' && i + 1 < n && text[i + 1] == '=') {
      i += 2;
      kind = TokenKind::kSymbol;
    } else if (std::string_view("=<>()[],.+-").find(c) != std::string_view::npos) {
      ++i;
      kind = TokenKind::kSymbol;
    } else {
      i = std::min(n, i + Utf8Length(static_cast<unsigned char>(c)));
      kind = TokenKind::kInvalid;
    }
    tokens.push_back(Token{kind, text.substr(start, i - start), start});
  }
  tokens.push_back(Token{TokenKind::kEnd, std::string_view(), n});
  return tokens;
}

std::string SyntaxError(std::string_view text, const std::vector<Token>& tokens,
                        std::size_t index) {
  const Token& token = tokens[index];
  const bool at_end = token.kind == TokenKind::kEnd;
  std::size_t from = index > 0 ? tokens[index - 1].offset : token.offset;
  std::size_t to =
      at_end ? (index > 0 ? tokens[index - 1].offset + tokens[index - 1].text.size() : token.offset)
             : token.offset + token.text.size();
  if (!at_end && index + 1 < tokens.size() && tokens[index + 1].kind != TokenKind::kEnd) {
    to = tokens[index + 1].offset + tokens[index + 1].text.size();
  }
  return fmt::format("Syntax error; token: \"{}\", near: \"{}\"",
                     at_end ? std::string_view("<EOF>") : token.text, text.substr(from, to - from));
}

}  // namespace sim::detail
