// Tokens of DynamoDB's expression language (internal to the expression parsers).
//
// Lex() splits an expression into identifiers (`name`: a letter, then letters, digits or `_`),
// name placeholders (`#n`), value placeholders (`:v`), unsigned integers (list indexes), symbols
// (= <> < <= > >= ( ) [ ] , . + -) and single invalid characters, always ending with one kEnd
// token. Token texts view the input, which must outlive the tokens. SyntaxError() words AWS's
// message for an unexpected token:
//   Syntax error; token: "<token or <EOF>>", near: "<previous token .. next token>"
// where `near` is the input text from the start of the previous token to the end of the next
// one (both optional). IsReservedWord() is DynamoDB's case-insensitive reserved word list.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace sim::detail {

enum class TokenKind {
  kIdentifier,
  kNamePlaceholder,
  kValuePlaceholder,
  kNumber,
  kSymbol,
  kInvalid,
  kEnd
};

struct Token {
  TokenKind kind;
  std::string_view text;
  std::size_t offset;

  bool Is(std::string_view symbol) const { return kind == TokenKind::kSymbol && text == symbol; }
  // Case-insensitive keyword match for identifiers (AND, OR, SET, ...).
  bool IsKeyword(std::string_view upper_keyword) const;
};

std::vector<Token> Lex(std::string_view text);

std::string SyntaxError(std::string_view text, const std::vector<Token>& tokens, std::size_t index);

bool IsReservedWord(std::string_view word);

}  // namespace sim::detail
