// UTF-8 decoding for the writer's escapers and namer (internal to codegen/writer).
//
// DecodeUtf8 reads one character at `pos` (pos < text.size()). A well-formed sequence gives
// valid = true, its code point and its length (1 to 4). Anything else (a stray continuation
// byte, a truncated sequence, an overlong form, a surrogate, a code point above U+10FFFF)
// gives valid = false and length 1, so callers replace or escape one byte and go on.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace model::codegen {

struct Utf8Char {
  bool valid = false;
  char32_t code_point = 0;
  std::size_t length = 1;
};

Utf8Char DecodeUtf8(std::string_view text, std::size_t pos);

}  // namespace model::codegen
