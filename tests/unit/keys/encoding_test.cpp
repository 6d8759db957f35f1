// The documented key encodings of model/keys/key_template.h, pinned exactly: generated code's
// runtime renders keys with the same functions, so any change here is a data migration.
#include <algorithm>
#include <catch2/catch.hpp>
#include <optional>
#include <string>
#include <vector>

#include "model/keys/key_template.h"

using model::keys::EncodeKeyValue;
using model::keys::Encoding;

namespace {

std::string Enc(Encoding e, const std::string& v, int width = 0) {
  auto out = EncodeKeyValue(e, v, width);
  return out ? *out : std::string("<invalid>");
}

// True when encoding `values` (given in ascending natural order) gives strictly ascending keys.
bool SortsInOrder(Encoding e, const std::vector<std::string>& values) {
  std::vector<std::string> keys;
  for (const auto& v : values) keys.push_back(Enc(e, v));
  for (std::size_t i = 1; i < keys.size(); ++i) {
    if (!(keys[i - 1] < keys[i])) {
      UNSCOPED_INFO(values[i - 1] << " -> " << keys[i - 1] << " is not below " << values[i]
                                  << " -> " << keys[i]);
      return false;
    }
  }
  return true;
}

}  // namespace

TEST_CASE("encoding names", "[keys]") {
  using model::keys::EncodingName;
  CHECK(std::string(EncodingName(Encoding::kText)) == "text");
  CHECK(std::string(EncodingName(Encoding::kEnum)) == "enum");
  CHECK(std::string(EncodingName(Encoding::kInteger)) == "int19");
  CHECK(std::string(EncodingName(Encoding::kNumber)) == "number");
  CHECK(std::string(EncodingName(Encoding::kTimestamp)) == "timestamp");
  CHECK(std::string(EncodingName(Encoding::kDate)) == "date");
  CHECK(std::string(EncodingName(Encoding::kBoolean)) == "boolean");
  CHECK(std::string(EncodingName(Encoding::kBinary)) == "hex");
  CHECK(std::string(EncodingName(Encoding::kShard)) == "shard");
  CHECK(std::string(EncodingName(Encoding::kVersion)) == "version");
  CHECK(std::string(EncodingName(Encoding::kLabel)) == "label");
}

TEST_CASE("label: an entity name as its upper-snake label", "[keys]") {
  CHECK(Enc(Encoding::kLabel, "Issue") == "ISSUE");
  CHECK(Enc(Encoding::kLabel, "PullRequest") == "PULL_REQUEST");
  CHECK(Enc(Encoding::kLabel, "HTTPServer") == "HTTP_SERVER");
  CHECK(Enc(Encoding::kLabel, "a#b") == "A_B");  // never a separator
  CHECK(Enc(Encoding::kLabel, "") == "<invalid>");
  CHECK(Enc(Encoding::kLabel, "#") == "<invalid>");
}

TEST_CASE("text and enum: verbatim, bytes up to % as %XX", "[keys]") {
  for (Encoding e : {Encoding::kText, Encoding::kEnum}) {
    CHECK(Enc(e, "plain") == "plain");
    CHECK(Enc(e, "plain text") == "plain%20text");
    CHECK(Enc(e, "a#b") == "a%23b");
    CHECK(Enc(e, "100%") == "100%25");
    CHECK(Enc(e, "%23") == "%2523");  // an escape in the value is itself escaped
    CHECK(Enc(e, "##%%") == "%23%23%25%25");
    CHECK(Enc(e, "!\"$&'") == "%21%22%24&'");  // '&' (0x26) and above are written as themselves
    CHECK(Enc(e, std::string("a\x01\tb", 4)) == "a%01%09b");
    CHECK(Enc(e, "caf\xc3\xa9") == "caf\xc3\xa9");             // other bytes untouched
    CHECK(Enc(e, "\xF4\x8F\xBF\xBF") == "\xF4\x8F\xBF\xBF!");  // U+10FFFF gets its mark
    CHECK(Enc(e, "") == "<invalid>");                          // empty renders no key
  }
  model::keys::KeyTemplate t =
      model::keys::TemplateBuilder().Literal("A").Sep().Attr("x", Encoding::kText).Build();
  auto lookup = [](const std::string&) -> std::optional<std::string> { return std::string("B#C"); };
  CHECK(*model::keys::RenderKey(t, lookup) == "A#B%23C");  // a value never forges a separator
}

TEST_CASE("text: a value and the separator after it sort as the value does", "[keys]") {
  // DynamoDB compares strings by their UTF-8 bytes; `PERSON#{name}#{personId}` must sort by name.
  // Every byte value, two-byte strings, and the largest code point, in byte order.
  std::vector<std::string> values;
  for (int a = 1; a < 0x80; ++a) {
    values.push_back(std::string(1, static_cast<char>(a)));
    for (int b : {0x01, 0x20, 0x23, 0x24, 0x25, 0x26, 0x41, 0x7f})
      values.push_back(std::string(1, static_cast<char>(a)) + static_cast<char>(b));
  }
  for (const char* s : {"\xc3\x89",
                        "\xc3\x89"
                        "a",
                        "\xef\xbf\xbf", "\xf4\x8f\xbf\xbe", "\xf4\x8f\xbf\xbf", "\xf4\x8f\xbf\xbf ",
                        "\xf4\x8f\xbf\xbf!", "\xf4\x8f\xbf\xbf\xf4\x8f\xbf\xbf"})
    values.push_back(s);
  std::sort(values.begin(), values.end());
  for (std::size_t i = 1; i < values.size(); ++i) {
    const std::string& lo = values[i - 1];
    const std::string& hi = values[i];
    std::string lo_key = Enc(Encoding::kText, lo) + "#" + "zzz";
    std::string hi_key = Enc(Encoding::kText, hi) + "#" + "AAA";
    INFO(lo_key << " / " << hi_key);
    CHECK(lo_key < hi_key);
    // `<= lo` is `SK <= lo$`: above every key at lo, below every key at hi.
    CHECK(lo_key < Enc(Encoding::kText, lo) + "$");
    CHECK(Enc(Encoding::kText, lo) + "$" < hi_key);
    // A descending parent's sort key (U+10FFFF and its label) is above every child's.
    CHECK(hi_key < std::string(model::keys::kMaxCodePoint) + "TEAM");
    // An ascending one ('#' and its label) below.
    CHECK(std::string("#TEAM") < lo_key);
    CHECK(model::keys::DecodeKeyText(Enc(Encoding::kText, hi)) == hi);
  }
}

TEST_CASE("order kept before the literal after a placeholder", "[keys]") {
  using model::keys::OrderKeptBefore;
  for (Encoding e : {Encoding::kText, Encoding::kEnum}) {
    CHECK(OrderKeptBefore(e, '#'));
    CHECK(OrderKeptBefore(e, '$'));
    CHECK(!OrderKeptBefore(e, '%'));
    CHECK(!OrderKeptBefore(e, '|'));
    CHECK(!OrderKeptBefore(e, std::nullopt));
  }
  CHECK(OrderKeptBefore(Encoding::kNumber, '#'));
  CHECK(!OrderKeptBefore(Encoding::kNumber, '|'));
  CHECK(!OrderKeptBefore(Encoding::kBinary, '|'));
  for (Encoding e : {Encoding::kInteger, Encoding::kTimestamp, Encoding::kDate, Encoding::kBoolean,
                     Encoding::kShard, Encoding::kVersion}) {
    CHECK(OrderKeptBefore(e, '|'));
    CHECK(OrderKeptBefore(e, std::nullopt));
  }
  // The reason behind the rule: with '|' after it, "Ann" sorts above "Ann Lee" once the
  // separator is compared.
  CHECK(Enc(Encoding::kText, "Ann") + "|" > Enc(Encoding::kText, "Ann Lee") + "|");
}

TEST_CASE("int19: 19 zero-padded digits; negatives are - and 10^19 + n", "[keys]") {
  CHECK(Enc(Encoding::kInteger, "0") == "0000000000000000000");
  CHECK(Enc(Encoding::kInteger, "-0") == "0000000000000000000");
  CHECK(Enc(Encoding::kInteger, "+0") == "0000000000000000000");
  CHECK(Enc(Encoding::kInteger, "42") == "0000000000000000042");
  CHECK(Enc(Encoding::kInteger, "+42") == "0000000000000000042");
  CHECK(Enc(Encoding::kInteger, "00042") == "0000000000000000042");
  CHECK(Enc(Encoding::kInteger, "9999999999999999999") == "9999999999999999999");
  CHECK(Enc(Encoding::kInteger, "-1") == "-9999999999999999999");
  CHECK(Enc(Encoding::kInteger, "-42") == "-9999999999999999958");
  CHECK(Enc(Encoding::kInteger, "-1000") == "-9999999999999999000");
  CHECK(Enc(Encoding::kInteger, "-9999999999999999999") == "-0000000000000000001");
  CHECK(Enc(Encoding::kInteger, "10000000000000000000") == "<invalid>");  // 20 digits
  CHECK(Enc(Encoding::kInteger, "1.5") == "<invalid>");
  CHECK(Enc(Encoding::kInteger, "1e3") == "<invalid>");
  CHECK(Enc(Encoding::kInteger, "") == "<invalid>");
  CHECK(Enc(Encoding::kInteger, "-") == "<invalid>");
  CHECK(SortsInOrder(Encoding::kInteger, {"-9999999999999999999", "-1000", "-42", "-41", "-1", "0",
                                          "1", "41", "42", "1000", "9999999999999999999"}));
}

TEST_CASE("number: sign, biased exponent, digits", "[keys]") {
  // Zero, in every spelling.
  CHECK(Enc(Encoding::kNumber, "0") == "1");
  CHECK(Enc(Encoding::kNumber, "-0") == "1");
  CHECK(Enc(Encoding::kNumber, "0.000") == "1");
  CHECK(Enc(Encoding::kNumber, "0e5") == "1");
  // Positive: "2", e + 500 as three digits, the significant digits (value = 0.d1d2.. x 10^e).
  CHECK(Enc(Encoding::kNumber, "1") == "25011");
  CHECK(Enc(Encoding::kNumber, "10") == "25021");
  CHECK(Enc(Encoding::kNumber, "+10") == "25021");
  CHECK(Enc(Encoding::kNumber, "0.5") == "25005");
  CHECK(Enc(Encoding::kNumber, "0.05") ==
        "2499"
        "5");
  CHECK(Enc(Encoding::kNumber, "123.450") == "250312345");
  CHECK(Enc(Encoding::kNumber, "1e3") == "25041");
  CHECK(Enc(Encoding::kNumber, "1.5E-2") == "249915");
  CHECK(Enc(Encoding::kNumber, ".5") == "25005");
  CHECK(Enc(Encoding::kNumber, "5.") == "25015");
  // Negative: "0", 499 - e as three digits, each digit complemented, then "~".
  CHECK(Enc(Encoding::kNumber, "-1") == "04988~");
  CHECK(Enc(Encoding::kNumber, "-10") == "04978~");
  CHECK(Enc(Encoding::kNumber, "-1.5") == "049884~");
  CHECK(Enc(Encoding::kNumber, "-0.5") == "04994~");
  CHECK(Enc(Encoding::kNumber, "-123.45") == "049687654~");
  // Not numbers, or out of DynamoDB's range (38 digits, exponent -129..126).
  CHECK(Enc(Encoding::kNumber, "") == "<invalid>");
  CHECK(Enc(Encoding::kNumber, ".") == "<invalid>");
  CHECK(Enc(Encoding::kNumber, "abc") == "<invalid>");
  CHECK(Enc(Encoding::kNumber, "1e") == "<invalid>");
  CHECK(Enc(Encoding::kNumber, "1e99999") == "<invalid>");
  CHECK(Enc(Encoding::kNumber, "1e200") == "<invalid>");
  CHECK(Enc(Encoding::kNumber, "123456789012345678901234567890123456789") ==
        "<invalid>");  // 39 digits
  CHECK(SortsInOrder(Encoding::kNumber, {"-1e10", "-123.45", "-10", "-1.5", "-1", "-0.5", "-0.05",
                                         "0", "0.05", "0.5", "1", "1.5", "10", "123.45", "1e10"}));
}

TEST_CASE("timestamp: normalized to UTC with three fractional digits", "[keys]") {
  CHECK(Enc(Encoding::kTimestamp, "2024-03-05T07:08:09Z") == "2024-03-05T07:08:09.000Z");
  CHECK(Enc(Encoding::kTimestamp, "2024-03-05t07:08:09z") == "2024-03-05T07:08:09.000Z");
  CHECK(Enc(Encoding::kTimestamp, "2024-03-05T07:08:09.5Z") == "2024-03-05T07:08:09.500Z");
  CHECK(Enc(Encoding::kTimestamp, "2024-03-05T07:08:09.123Z") == "2024-03-05T07:08:09.123Z");
  CHECK(Enc(Encoding::kTimestamp, "2024-03-05T07:08:09.123999Z") ==
        "2024-03-05T07:08:09.123Z");  // truncated
  CHECK(Enc(Encoding::kTimestamp, "2024-03-05T07:08:09+00:00") == "2024-03-05T07:08:09.000Z");
  CHECK(Enc(Encoding::kTimestamp, "2024-03-05T07:08:09.25-00:00") == "2024-03-05T07:08:09.250Z");
  // Only UTC is accepted: another offset would need a calendar to normalize.
  CHECK(Enc(Encoding::kTimestamp, "2024-03-05T07:08:09+01:00") == "<invalid>");
  CHECK(Enc(Encoding::kTimestamp, "2024-03-05T07:08:09") == "<invalid>");
  CHECK(Enc(Encoding::kTimestamp, "2024-03-05 07:08:09Z") == "<invalid>");
  CHECK(Enc(Encoding::kTimestamp, "2024-03-05T07:08:09.Z") == "<invalid>");
  CHECK(Enc(Encoding::kTimestamp, "2024-3-05T07:08:09Z") == "<invalid>");
  CHECK(Enc(Encoding::kTimestamp, "2024-03-05") == "<invalid>");
  CHECK(SortsInOrder(Encoding::kTimestamp, {"2023-12-31T23:59:59.999Z", "2024-01-01T00:00:00Z",
                                            "2024-01-01T00:00:00.001Z", "2024-01-01T00:00:00.01Z",
                                            "2024-01-01T00:00:00.1Z", "2024-01-01T00:00:01Z"}));
}

TEST_CASE("date, boolean and hex", "[keys]") {
  CHECK(Enc(Encoding::kDate, "2024-03-05") == "2024-03-05");
  CHECK(Enc(Encoding::kDate, "2024-3-05") == "<invalid>");
  CHECK(Enc(Encoding::kDate, "2024/03/05") == "<invalid>");
  CHECK(Enc(Encoding::kDate, "2024-03-05T00:00:00Z") == "<invalid>");
  CHECK(Enc(Encoding::kBoolean, "true") == "true");
  CHECK(Enc(Encoding::kBoolean, "false") == "false");
  CHECK(Enc(Encoding::kBoolean, "True") == "<invalid>");
  CHECK(Enc(Encoding::kBoolean, "1") == "<invalid>");
  CHECK(Enc(Encoding::kBinary, "0A1bFF") == "0a1bff");
  CHECK(Enc(Encoding::kBinary, "abc") == "<invalid>");  // odd length
  CHECK(Enc(Encoding::kBinary, "zz") == "<invalid>");
  CHECK(Enc(Encoding::kBinary, "") == "<invalid>");
}

TEST_CASE("shard and version: zero-padded decimal of a fixed width", "[keys]") {
  CHECK(Enc(Encoding::kShard, "3", 2) == "03");
  CHECK(Enc(Encoding::kShard, "0", 2) == "00");
  CHECK(Enc(Encoding::kShard, "007", 2) == "07");
  CHECK(Enc(Encoding::kShard, "15", 2) == "15");
  CHECK(Enc(Encoding::kShard, "123", 2) == "<invalid>");
  CHECK(Enc(Encoding::kShard, "-1", 2) == "<invalid>");
  CHECK(Enc(Encoding::kVersion, "12", 6) == "000012");
  CHECK(Enc(Encoding::kVersion, "0", 3) == "000");
  CHECK(Enc(Encoding::kVersion, "", 3) == "<invalid>");
  CHECK(Enc(Encoding::kVersion, "1.0", 3) == "<invalid>");
}
