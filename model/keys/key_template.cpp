#include "model/keys/key_template.h"

#include <fmt/format.h>

#include <algorithm>

namespace model::keys {

const char* EncodingName(Encoding encoding) {
  switch (encoding) {
    case Encoding::kText:
      return "text";
    case Encoding::kEnum:
      return "enum";
    case Encoding::kInteger:
      return "int19";
    case Encoding::kNumber:
      return "number";
    case Encoding::kTimestamp:
      return "timestamp";
    case Encoding::kDate:
      return "date";
    case Encoding::kBoolean:
      return "boolean";
    case Encoding::kBinary:
      return "hex";
    case Encoding::kShard:
      return "shard";
    case Encoding::kVersion:
      return "version";
    case Encoding::kLabel:
      return "label";
    case Encoding::kNatural:
      return "natural";
  }
  return "text";
}

std::string LabelText(std::string_view name) {
  auto upper = [](char c) { return c >= 'A' && c <= 'Z'; };
  auto lower = [](char c) { return c >= 'a' && c <= 'z'; };
  auto digit = [](char c) { return c >= '0' && c <= '9'; };
  std::vector<std::string> words;
  std::string word;
  for (std::size_t i = 0; i < name.size(); ++i) {
    char c = name[i];
    if (!upper(c) && !lower(c) && !digit(c)) {
      if (!word.empty()) words.push_back(std::move(word));
      word.clear();
      continue;
    }
    if (upper(c) && !word.empty()) {
      char prev = word.back();
      bool next_lower = i + 1 < name.size() && lower(name[i + 1]);
      if (lower(prev) || digit(prev) || (upper(prev) && next_lower)) {
        words.push_back(std::move(word));
        word.clear();
      }
    }
    word += c;
  }
  if (!word.empty()) words.push_back(std::move(word));
  std::string out;
  for (const std::string& w : words) {
    if (!out.empty()) out += '_';
    for (char c : w) out += lower(c) ? static_cast<char>(c - 'a' + 'A') : c;
  }
  return out;
}

std::string KeyPairText(const KeyTemplate& pk, const KeyTemplate& sk) {
  return KeyPairText(pk.ToString(), sk.ToString());
}

std::string KeyPairText(std::string_view pk, std::string_view sk) {
  std::string out(pk);
  if (!sk.empty()) {
    out += " / ";
    out += sk;
  }
  return out;
}

std::string KeyTemplate::ToString() const {
  std::string out;
  for (const auto& p : parts) {
    if (p.is_attribute) {
      out += '{';
      out += p.text;
      out += '}';
    } else {
      out += p.text;
    }
  }
  return out;
}

std::vector<std::string> KeyTemplate::Attributes() const {
  std::vector<std::string> out;
  for (const auto& p : parts) {
    if (p.is_attribute && std::find(out.begin(), out.end(), p.text) == out.end()) {
      out.push_back(p.text);
    }
  }
  return out;
}

bool KeyTemplate::Uses(std::string_view attribute) const {
  return std::any_of(parts.begin(), parts.end(),
                     [&](const TemplatePart& p) { return p.is_attribute && p.text == attribute; });
}

std::string KeyTemplate::LiteralPrefix() const {
  std::string out;
  for (const auto& p : parts) {
    if (p.is_attribute) break;
    out += p.text;
  }
  return out;
}

TemplateBuilder& TemplateBuilder::Literal(std::string_view text) {
  if (text.empty()) return *this;
  if (!t_.parts.empty() && !t_.parts.back().is_attribute) {
    t_.parts.back().text += text;
  } else {
    t_.parts.push_back(TemplatePart{false, std::string(text), Encoding::kText, 0});
  }
  return *this;
}

TemplateBuilder& TemplateBuilder::Attr(std::string_view name, Encoding encoding, int width) {
  t_.parts.push_back(TemplatePart{true, std::string(name), encoding, width});
  return *this;
}

TemplateBuilder& TemplateBuilder::Append(const KeyTemplate& other) {
  for (const auto& p : other.parts) {
    if (p.is_attribute) {
      Attr(p.text, p.encoding, p.width);
    } else {
      Literal(p.text);
    }
  }
  return *this;
}

namespace {

bool AllDigits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

std::optional<std::string> EncodeInteger(std::string_view v) {
  bool negative = false;
  if (!v.empty() && (v[0] == '-' || v[0] == '+')) {
    negative = v[0] == '-';
    v.remove_prefix(1);
  }
  if (!AllDigits(v)) return std::nullopt;
  while (v.size() > 1 && v[0] == '0') v.remove_prefix(1);
  if (v.size() > 19) return std::nullopt;
  if (v == "0") negative = false;
  if (!negative) return std::string(19 - v.size(), '0') + std::string(v);
  // 10^19 - |n|, as 19 digits: complement each digit against 9 and add one.
  std::string digits = std::string(19 - v.size(), '0') + std::string(v);
  for (char& c : digits) c = static_cast<char>('9' - (c - '0'));
  for (int i = 18; i >= 0; --i) {
    if (digits[static_cast<std::size_t>(i)] == '9') {
      digits[static_cast<std::size_t>(i)] = '0';
    } else {
      ++digits[static_cast<std::size_t>(i)];
      break;
    }
  }
  return "-" + digits;
}

std::optional<std::string> EncodeNumber(std::string_view v) {
  bool negative = false;
  if (!v.empty() && (v[0] == '-' || v[0] == '+')) {
    negative = v[0] == '-';
    v.remove_prefix(1);
  }
  long exponent = 0;
  std::size_t e_pos = v.find_first_of("eE");
  if (e_pos != std::string_view::npos) {
    std::string_view exp = v.substr(e_pos + 1);
    bool exp_negative = false;
    if (!exp.empty() && (exp[0] == '-' || exp[0] == '+')) {
      exp_negative = exp[0] == '-';
      exp.remove_prefix(1);
    }
    if (!AllDigits(exp) || exp.size() > 4) return std::nullopt;
    exponent = std::stol(std::string(exp)) * (exp_negative ? -1 : 1);
    v = v.substr(0, e_pos);
  }
  std::string int_part(v.substr(0, v.find('.')));
  std::string frac_part;
  if (v.find('.') != std::string_view::npos) frac_part = std::string(v.substr(v.find('.') + 1));
  if (int_part.empty() && frac_part.empty()) return std::nullopt;
  if ((!int_part.empty() && !AllDigits(int_part)) ||
      (!frac_part.empty() && !AllDigits(frac_part))) {
    return std::nullopt;
  }
  std::string digits = int_part + frac_part;
  // value = 0.digits × 10^(len(int_part) + exponent), before stripping leading zeros.
  long e = static_cast<long>(int_part.size()) + exponent;
  std::size_t first = digits.find_first_not_of('0');
  if (first == std::string::npos) return std::string("1");  // zero
  e -= static_cast<long>(first);
  digits = digits.substr(first);
  digits.erase(digits.find_last_not_of('0') + 1);
  if (digits.size() > 38 || e < -129 || e > 126) return std::nullopt;
  if (!negative) return fmt::format("2{:03}{}", e + 500, digits);
  for (char& c : digits) c = static_cast<char>('9' - (c - '0'));
  return fmt::format("0{:03}{}~", 499 - e, digits);
}

bool DigitsAt(std::string_view v, std::size_t pos, std::size_t n) {
  return pos + n <= v.size() && AllDigits(v.substr(pos, n));
}

std::optional<std::string> EncodeDate(std::string_view v) {
  if (v.size() != 10 || !DigitsAt(v, 0, 4) || v[4] != '-' || !DigitsAt(v, 5, 2) || v[7] != '-' ||
      !DigitsAt(v, 8, 2)) {
    return std::nullopt;
  }
  return std::string(v);
}

std::optional<std::string> EncodeTimestamp(std::string_view v) {
  if (v.size() < 20 || !EncodeDate(v.substr(0, 10)) || (v[10] != 'T' && v[10] != 't') ||
      !DigitsAt(v, 11, 2) || v[13] != ':' || !DigitsAt(v, 14, 2) || v[16] != ':' ||
      !DigitsAt(v, 17, 2)) {
    return std::nullopt;
  }
  std::string out = std::string(v.substr(0, 10)) + "T" + std::string(v.substr(11, 8));
  std::size_t i = 19;
  std::string fraction;
  if (i < v.size() && v[i] == '.') {
    ++i;
    while (i < v.size() && v[i] >= '0' && v[i] <= '9') fraction += v[i++];
    if (fraction.empty()) return std::nullopt;
  }
  std::string_view zone = v.substr(i);
  if (zone != "Z" && zone != "z" && zone != "+00:00" && zone != "-00:00") return std::nullopt;
  fraction.resize(3, '0');  // milliseconds: extra digits are truncated
  return out + "." + fraction.substr(0, 3) + "Z";
}

// The text encoding (docs/key-design.md, "Value encodings inside keys"). DynamoDB compares
// string sort keys by their UTF-8 bytes
// (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/HowItWorks.NamingRulesDataTypes.html),
// so a value must be written such that the value followed by the separator sorts as the value
// does. Each byte up to '%' (0x25) is written as '%' and two uppercase hex digits: every byte
// that can follow a complete encoded character is then '%' or above, over the separator '#'
// (0x23) and its successor '$' (0x24), so "Ann" + "#" sorts below "Ann Lee" + "#"; escaped bytes
// sort below every byte written as itself ('%' < 0x26), and among themselves by their hex digits
// ('0'-'9' < 'A'-'F'), as the raw bytes do. The largest code point, U+10FFFF, is written followed
// by '!', so no encoded value reaches U+10FFFF followed by a letter, the parent item's sort key
// above every child's in a descending index view (model/derive/routes.cpp, ViewSortKey).
std::string EscapeText(std::string_view v) {
  std::string out;
  out.reserve(v.size());
  for (std::size_t i = 0; i < v.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(v[i]);
    if (c <= kLastEscapedByte) {
      out += fmt::format("%{:02X}", c);
    } else if (v.compare(i, kMaxCodePoint.size(), kMaxCodePoint) == 0) {
      out += kMaxCodePoint;
      out += kMaxCodePointMark;
      i += kMaxCodePoint.size() - 1;
    } else {
      out += static_cast<char>(c);
    }
  }
  return out;
}

int HexDigit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

std::optional<std::string> EncodeKeyValue(Encoding encoding, std::string_view value, int width) {
  switch (encoding) {
    case Encoding::kText:
    case Encoding::kEnum:
      if (value.empty()) return std::nullopt;
      return EscapeText(value);
    case Encoding::kInteger:
      return EncodeInteger(value);
    case Encoding::kNumber:
      return EncodeNumber(value);
    case Encoding::kTimestamp:
      return EncodeTimestamp(value);
    case Encoding::kDate:
      return EncodeDate(value);
    case Encoding::kBoolean:
      if (value == "true" || value == "false") return std::string(value);
      return std::nullopt;
    case Encoding::kBinary: {
      std::string out;
      for (char c : value) {
        char lower = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        if (!std::isxdigit(static_cast<unsigned char>(c))) return std::nullopt;
        out += lower;
      }
      if (out.empty() || out.size() % 2 != 0) return std::nullopt;
      return out;
    }
    case Encoding::kNatural:
      // A key attribute's value is never empty (string and binary keys are at least one byte:
      // https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/HowItWorks.NamingRulesDataTypes.html).
      if (value.empty()) return std::nullopt;
      return std::string(value);
    case Encoding::kLabel: {
      std::string label = LabelText(value);
      if (label.empty()) return std::nullopt;
      return label;
    }
    case Encoding::kShard:
    case Encoding::kVersion: {
      if (!AllDigits(value)) return std::nullopt;
      std::string_view v = value;
      while (v.size() > 1 && v[0] == '0') v.remove_prefix(1);
      if (static_cast<int>(v.size()) > width) return std::nullopt;
      return std::string(static_cast<std::size_t>(width) - v.size(), '0') + std::string(v);
    }
  }
  return std::nullopt;
}

std::optional<std::string> RenderKey(const KeyTemplate& key, const ValueLookup& lookup) {
  std::string out;
  for (const auto& p : key.parts) {
    if (!p.is_attribute) {
      out += p.text;
      continue;
    }
    std::optional<std::string> raw = lookup(p.text);
    if (!raw) return std::nullopt;
    std::optional<std::string> encoded = EncodeKeyValue(p.encoding, *raw, p.width);
    if (!encoded) return std::nullopt;
    out += *encoded;
  }
  return out;
}

std::string DecodeKeyText(std::string_view encoded) {
  std::string out;
  out.reserve(encoded.size());
  for (std::size_t i = 0; i < encoded.size(); ++i) {
    if (encoded[i] == '%' && i + 2 < encoded.size() && HexDigit(encoded[i + 1]) >= 0 &&
        HexDigit(encoded[i + 2]) >= 0) {
      out += static_cast<char>(HexDigit(encoded[i + 1]) * 16 + HexDigit(encoded[i + 2]));
      i += 2;
    } else if (encoded.compare(i, kMaxCodePoint.size(), kMaxCodePoint) == 0) {
      out += kMaxCodePoint;
      i += kMaxCodePoint.size() - 1;
      if (i + 1 < encoded.size() && encoded[i + 1] == kMaxCodePointMark) ++i;
    } else {
      out += encoded[i];
    }
  }
  return out;
}

bool OrderKeptBefore(Encoding encoding, std::optional<unsigned char> next) {
  switch (encoding) {
    case Encoding::kText:
    case Encoding::kEnum:
      // A longer value continues with '%' or a byte above it (EscapeText).
      return next && *next < kLastEscapedByte;
    case Encoding::kNumber:
    case Encoding::kBinary:
    case Encoding::kLabel:
      // A longer value continues with a digit (a number's significant digits, a hex digit) or,
      // for a label, an upper-case letter, digit or '_'.
      return next && *next < '0';
    case Encoding::kInteger:
    case Encoding::kTimestamp:
    case Encoding::kDate:
    case Encoding::kBoolean:
    case Encoding::kShard:
    case Encoding::kVersion:
      // Fixed width, or no value the start of another ("false" / "true"): the values differ
      // before anything that follows them.
      return true;
    case Encoding::kNatural:
      // The whole key attribute: nothing ever follows it in a key.
      return false;
  }
  return false;
}

namespace {

// One separator-delimited segment: literal runs and wildcards.
struct Segment {
  std::vector<TemplatePart> parts;
  bool HasWildcard() const {
    return std::any_of(parts.begin(), parts.end(),
                       [](const TemplatePart& p) { return p.is_attribute; });
  }
  std::string Literal() const {
    std::string s;
    for (const auto& p : parts) s += p.text;
    return s;
  }
  std::string Prefix() const {
    std::string s;
    for (const auto& p : parts) {
      if (p.is_attribute) break;
      s += p.text;
    }
    return s;
  }
  std::string Suffix() const {
    std::string s;
    for (auto it = parts.rbegin(); it != parts.rend() && !it->is_attribute; ++it) s = it->text + s;
    return s;
  }
};

std::vector<Segment> Split(const KeyTemplate& t) {
  std::vector<Segment> out(1);
  for (const auto& p : t.parts) {
    if (p.is_attribute) {
      out.back().parts.push_back(p);
      continue;
    }
    std::string run;
    for (char c : p.text) {
      if (c == kKeySeparator) {
        if (!run.empty()) out.back().parts.push_back(TemplatePart{false, run, Encoding::kText, 0});
        run.clear();
        out.emplace_back();
      } else {
        run += c;
      }
    }
    if (!run.empty()) out.back().parts.push_back(TemplatePart{false, run, Encoding::kText, 0});
  }
  return out;
}

bool GlobMatches(const Segment& pattern, const std::string& text) {
  // Greedy wildcard match of literal runs against text.
  std::size_t pos = 0;
  bool anchored = true;
  for (std::size_t i = 0; i < pattern.parts.size(); ++i) {
    const auto& p = pattern.parts[i];
    if (p.is_attribute) {
      anchored = false;
      continue;
    }
    bool last = i + 1 == pattern.parts.size();
    if (anchored) {
      if (text.compare(pos, p.text.size(), p.text) != 0) return false;
      pos += p.text.size();
    } else if (last) {
      if (text.size() < pos + p.text.size()) return false;
      return text.compare(text.size() - p.text.size(), p.text.size(), p.text) == 0;
    } else {
      std::size_t found = text.find(p.text, pos);
      if (found == std::string::npos) return false;
      pos = found + p.text.size();
    }
    anchored = true;
  }
  return anchored ? pos == text.size() : true;
}

bool StartsWith(const std::string& a, const std::string& b) {
  return a.compare(0, b.size(), b) == 0;
}
bool EndsWith(const std::string& a, const std::string& b) {
  return a.size() >= b.size() && a.compare(a.size() - b.size(), b.size(), b) == 0;
}

// Whether `s` can encode to a value of `length` characters: padded placeholders (shard,
// version) always have exactly their width; others any non-empty length.
bool LengthMayMatch(const Segment& s, std::size_t length) {
  std::size_t fixed = 0;
  bool variable = false;
  for (const auto& p : s.parts) {
    if (!p.is_attribute)
      fixed += p.text.size();
    else if (p.width > 0)
      fixed += static_cast<std::size_t>(p.width);
    else
      variable = true;
  }
  return variable ? length >= fixed : length == fixed;
}

bool SegmentsMayMatch(const Segment& a, const Segment& b) {
  bool wa = a.HasWildcard();
  bool wb = b.HasWildcard();
  if (!wa && !wb) return a.Literal() == b.Literal();
  if (!wa) return LengthMayMatch(b, a.Literal().size()) && GlobMatches(b, a.Literal());
  if (!wb) return LengthMayMatch(a, b.Literal().size()) && GlobMatches(a, b.Literal());
  std::string pa = a.Prefix(), pb = b.Prefix(), sa = a.Suffix(), sb = b.Suffix();
  return (StartsWith(pa, pb) || StartsWith(pb, pa)) && (EndsWith(sa, sb) || EndsWith(sb, sa));
}

}  // namespace

bool MayCollide(const KeyTemplate& a, const KeyTemplate& b) {
  std::vector<Segment> sa = Split(a);
  std::vector<Segment> sb = Split(b);
  if (sa.size() != sb.size()) return false;
  for (std::size_t i = 0; i < sa.size(); ++i) {
    if (!SegmentsMayMatch(sa[i], sb[i])) return false;
  }
  return true;
}

bool MayBeginWith(const KeyTemplate& t, std::string_view prefix) {
  std::vector<Segment> st = Split(t);
  std::vector<Segment> sp = Split(TemplateBuilder().Literal(prefix).Build());
  if (sp.size() > st.size()) return false;
  // Every whole segment of the prefix must match the template's; the last, maybe partial, must
  // begin what the template's segment can render.
  for (std::size_t i = 0; i + 1 < sp.size(); ++i) {
    if (!SegmentsMayMatch(st[i], sp[i])) return false;
  }
  const Segment& seg = st[sp.size() - 1];
  const std::string last = sp.back().Literal();
  if (!seg.HasWildcard()) return StartsWith(seg.Literal(), last);
  const std::string head = seg.Prefix();
  return StartsWith(head, last) || StartsWith(last, head);
}

}  // namespace model::keys
