// Key templates and the value encodings that make keys sort correctly as strings.
//
// A KeyTemplate is a sequence of literal text and attribute placeholders, written
// `ORDER#{placedAt}#{orderId}`. Every placeholder carries the Encoding that turns an attribute's
// natural value (a number as decimal text, a timestamp as ISO-8601, ...) into key text:
// - text / enum: verbatim, except that every byte up to `%` (0x25: space, `!`, `"`, `#`, `$`, `%`
//   and the control characters) is written `%XX` (uppercase hex) and U+10FFFF is followed by `!`;
//   a value can never forge a separator, two item types' keys never collide, and a value followed
//   by the separator sorts as the value does (`Ann#...` below `Ann Lee#...`, written `Ann%20Lee`);
// - integer: 19 zero-padded digits; negatives are `-` followed by 10^19 + n, so they sort first;
// - number: an order-preserving sign / biased-exponent / digits form (see EncodeKeyValue);
// - timestamp: normalized to UTC with exactly three fractional digits, `YYYY-MM-DDTHH:MM:SS.mmmZ`;
// - date: `YYYY-MM-DD`; boolean: `false` / `true`; binary: lowercase hex;
// - shard and version: zero-padded decimal of a fixed width;
// - natural: the value as it is, never escaped: the one placeholder of a natural-key index's key
//   (an index keyed on an entity attribute itself, typed S, N or B as the attribute is), where
//   DynamoDB compares the raw attribute values, not text;
// - label: the value (an entity name, "PullRequest") as the derivation labels that entity
//   ("PULL_REQUEST", UPPER_SNAKE words): the kind of a polymorphic association, so that a child's
//   key `{targetKind}#{targetId}` renders its parent's partition, `PULL_REQUEST#42`. Not
//   invertible; the item keeps the natural value.
// All key attributes are DynamoDB strings (S). Templates are immutable values; rendering needs
// only a lookup from attribute name to its natural value. This file owns no model state.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace model::keys {

inline constexpr char kKeySeparator = '#';
// The character right after the separator: an upper bound that includes every longer key
// sharing a prefix ("d#..." < "d$").
inline constexpr char kAfterSeparator = '$';
// Text values write every byte up to this one as `%XX`: a longer value continues with '%' or a
// byte above it, never with the separator or a byte below it.
inline constexpr unsigned char kLastEscapedByte = 0x25;
// The largest code point, U+10FFFF, in UTF-8; a text value writes it followed by
// kMaxCodePointMark, so an encoded value never begins with kMaxCodePoint and then a letter.
inline constexpr std::string_view kMaxCodePoint = "\xF4\x8F\xBF\xBF";
inline constexpr char kMaxCodePointMark = '!';

enum class Encoding {
  kText,
  kEnum,
  kInteger,
  kNumber,
  kTimestamp,
  kDate,
  kBoolean,
  kBinary,
  kShard,
  kVersion,
  kLabel,
  kNatural
};

// "PullRequest" -> "PULL_REQUEST", "HTTPServer" -> "HTTP_SERVER": the words of a name (split at
// case changes and non-alphanumerics) upper-cased and joined by '_'. The same words as
// model/base/casing.h UpperSnake, which labels entities (a unit test holds them equal).
std::string LabelText(std::string_view name);

const char* EncodingName(Encoding encoding);  // "text", "enum", "int19", "number", ...

struct TemplatePart {
  bool is_attribute = false;
  std::string text;  // literal text, or the attribute name
  Encoding encoding = Encoding::kText;
  int width = 0;  // kShard / kVersion: digits
  friend bool operator==(const TemplatePart&, const TemplatePart&) = default;
};

struct KeyTemplate {
  std::vector<TemplatePart> parts;

  bool empty() const { return parts.empty(); }
  // `ORDER#{placedAt}#{orderId}`.
  std::string ToString() const;
  // Placeholder attribute names, in order, without duplicates.
  std::vector<std::string> Attributes() const;
  bool Uses(std::string_view attribute) const;
  // The literal text before the first placeholder (the whole template when it has none).
  std::string LiteralPrefix() const;
  friend bool operator==(const KeyTemplate&, const KeyTemplate&) = default;
};

// A key pair as text, `ORDER#{customerId} / {placedAt}`, or the partition key alone when there is
// no sort key (a GSI may have none: a natural-key index keyed `{email}` alone).
std::string KeyPairText(const KeyTemplate& pk, const KeyTemplate& sk);
// The same for key attribute names: `GSI1PK / GSI1SK`, or `email`.
std::string KeyPairText(std::string_view pk, std::string_view sk);

// Builders: Literal("ORDER") + Sep() + Attr("placedAt", Encoding::kTimestamp).
class TemplateBuilder {
 public:
  TemplateBuilder& Literal(std::string_view text);
  TemplateBuilder& Attr(std::string_view name, Encoding encoding, int width = 0);
  TemplateBuilder& Sep() { return Literal(std::string(1, kKeySeparator)); }
  // Appends another template's parts.
  TemplateBuilder& Append(const KeyTemplate& other);
  KeyTemplate Build() const { return t_; }

 private:
  KeyTemplate t_;
};

// Encodes one natural value; nullopt when the value is not valid for the encoding.
// Number form: zero is "1"; a positive value 0.d1d2..×10^e is "2", then e+500 as three digits,
// then the significant digits; a negative value is "0", then 499-e as three digits, then each
// digit complemented (9-d), then "~" (so a shorter magnitude sorts after a longer one).
std::optional<std::string> EncodeKeyValue(Encoding encoding, std::string_view value, int width = 0);

// The natural value of an encoded text or enum value (EncodeKeyValue's inverse for kText and
// kEnum): `%XX` back to its byte, U+10FFFF without its mark.
std::string DecodeKeyText(std::string_view encoded);

// Whether keys that hold a placeholder of `encoding` followed by text beginning with the byte
// `next` (nullopt: another placeholder follows at once) sort by the placeholder's values first,
// as a range or sort on it needs. Values of a fixed width (integers, timestamps, dates, shards,
// versions) or of which none begins another (booleans) always do. Text, enum, number and binary
// values may begin longer ones, which continue with '%' or above (text) or a digit: the byte
// after the value must be below those, as the separator `#` is; `|` is not ("Ann|..." would sort
// above "Ann Lee|...").
bool OrderKeptBefore(Encoding encoding, std::optional<unsigned char> next);

// Renders a template; `lookup` gives an attribute's natural value or nullopt when absent. Returns
// nullopt when any placeholder's value is absent or invalid (the key attribute is not written:
// that is what makes an index sparse).
using ValueLookup = std::function<std::optional<std::string>(const std::string&)>;
std::optional<std::string> RenderKey(const KeyTemplate& key, const ValueLookup& lookup);

// True when some values could make the two templates render the same text. Literal text is
// compared exactly; a placeholder can produce any run of characters other than the separator.
bool MayCollide(const KeyTemplate& a, const KeyTemplate& b);

// True when some values could make the template render a key that begins with the literal
// `prefix` (as a Query's begins_with reads it). The same rules as MayCollide: a placeholder
// never renders the separator, so `{customerId}` cannot begin with `ORDER#`.
bool MayBeginWith(const KeyTemplate& t, std::string_view prefix);

}  // namespace model::keys
