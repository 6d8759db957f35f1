#include "model/load/yaml_values.h"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cmath>

#include "model/load/format_spec.h"

namespace model::load {

bool IsIdentifier(std::string_view text) {
  if (text.empty()) return false;
  auto alpha = [](char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; };
  if (!alpha(text[0])) return false;
  for (char c : text) {
    if (!alpha(c) && !(c >= '0' && c <= '9')) return false;
  }
  return true;
}

std::string JoinComma(const std::vector<std::string>& words) {
  std::string out;
  for (std::size_t i = 0; i < words.size(); ++i) {
    if (i > 0) out += ", ";
    out += words[i];
  }
  return out;
}

std::string JoinOr(const std::vector<std::string>& words) {
  std::string out;
  for (std::size_t i = 0; i < words.size(); ++i) {
    if (i > 0) out += i + 1 == words.size() ? " or " : ", ";
    out += words[i];
  }
  return out;
}

bool ExpectMapping(const YamlNode& node, std::string_view what, Diagnostics& diags) {
  if (node.IsMapping()) return true;
  diags.Error(
      DiagId::kWrongValueKind, node.range,
      fmt::format("{} must be a mapping of 'key: value' lines, not {}", what, DescribeNode(node)));
  return false;
}

void CheckKeys(const YamlNode& map, std::string_view what, const std::vector<std::string>& allowed,
               Diagnostics& diags) {
  for (const auto& e : map.entries) {
    const std::string& key = e.key->text;
    if (std::find(allowed.begin(), allowed.end(), key) != allowed.end()) continue;
    // A key the mapping already has is not what this one meant to be.
    std::vector<std::string> absent;
    for (const auto& a : allowed) {
      if (!map.Find(a)) absent.push_back(a);
    }
    std::string guess = ClosestMatch(key, absent);
    if (!guess.empty()) {
      diags.Error(
          DiagId::kUnknownKey, e.key->range,
          fmt::format("unknown key {} in {}; did you mean '{}'?", Quoted(key), what, guess));
    } else {
      diags.Error(DiagId::kUnknownKey, e.key->range,
                  fmt::format("unknown key {} in {}; the keys are: {}", Quoted(key), what,
                              JoinComma(allowed)));
    }
  }
}

const YamlNode* FindValue(const YamlNode& map, std::string_view key) {
  const YamlNode::Entry* e = map.Find(key);
  return e ? e->value : nullptr;
}

const YamlNode* RequireKey(const YamlNode& map, std::string_view key, std::string_view what,
                           std::string_view hint, Diagnostics& diags) {
  if (const YamlNode* v = FindValue(map, key)) return v;
  for (const auto& e : map.entries) {
    // A misspelt `key` was already reported as unknown with "did you mean"; say it once.
    if (ClosestMatch(e.key->text, {std::string(key)}) == key) return nullptr;
  }
  diags.Error(DiagId::kMissingKey, map.range, fmt::format("{} needs '{}'; {}", what, key, hint));
  return nullptr;
}

std::optional<std::string> ReadText(const YamlNode& node, std::string_view what,
                                    Diagnostics& diags) {
  if (node.IsScalar()) return node.text;
  diags.Error(DiagId::kWrongValueKind, node.range,
              fmt::format("{} must be a single value, not {}", what, DescribeNode(node)));
  return std::nullopt;
}

std::optional<Name> ReadName(const YamlNode& node, std::string_view what, Diagnostics& diags) {
  if (node.IsScalar() && !node.text.empty()) return Name{node.text, node.range};
  diags.Error(DiagId::kWrongValueKind, node.range,
              fmt::format("{} must be a name, not {}", what, DescribeNode(node)));
  return std::nullopt;
}

std::optional<std::vector<Name>> ReadNameList(const YamlNode& node, std::string_view what,
                                              Diagnostics& diags) {
  if (node.IsScalar()) {
    auto name = ReadName(node, what, diags);
    if (!name) return std::nullopt;
    return std::vector<Name>{*name};
  }
  if (!node.IsSequence()) {
    diags.Error(DiagId::kWrongValueKind, node.range,
                fmt::format("{} must be a name or a list of names like [a, b], not {}", what,
                            DescribeNode(node)));
    return std::nullopt;
  }
  std::vector<Name> names;
  bool ok = true;
  for (const YamlNode* item : node.items) {
    if (auto name = ReadName(*item, fmt::format("each entry of {}", what), diags)) {
      names.push_back(*name);
    } else {
      ok = false;
    }
  }
  if (!ok) return std::nullopt;
  return names;
}

std::optional<bool> ReadBool(const YamlNode& node, std::string_view what, Diagnostics& diags) {
  if (node.IsScalar()) {
    if (node.text == "true" || node.text == "True" || node.text == "TRUE") return true;
    if (node.text == "false" || node.text == "False" || node.text == "FALSE") return false;
  }
  diags.Error(DiagId::kWrongValueKind, node.range,
              fmt::format("{} must be true or false, not {}", what, DescribeNode(node)));
  return std::nullopt;
}

namespace {

std::optional<std::int64_t> ParseInt(std::string_view text) {
  std::int64_t v = 0;
  if (!text.empty() && text[0] == '+') text.remove_prefix(1);
  auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || p != text.data() + text.size() || text.empty()) return std::nullopt;
  return v;
}

// A plain decimal: digits, optionally '.' and digits, optionally a sign (no exponents, no
// "inf"/"nan", so every accepted spelling means what it looks like).
std::optional<double> ParseDecimal(std::string_view text) {
  std::string_view digits = text;
  if (!digits.empty() && (digits[0] == '-' || digits[0] == '+')) digits.remove_prefix(1);
  if (digits.empty() || digits[0] == '.' || digits.back() == '.') return std::nullopt;
  int dots = 0;
  for (char c : digits) {
    if (c == '.') {
      ++dots;
    } else if (c < '0' || c > '9') {
      return std::nullopt;
    }
  }
  if (dots > 1) return std::nullopt;
  double v = 0;
  if (text[0] == '+') text.remove_prefix(1);
  auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || p != text.data() + text.size()) return std::nullopt;
  return v;
}

// A decimal with an optional unit suffix from `units` (suffix -> multiplier).
std::optional<double> ParseScaled(std::string_view text,
                                  const std::vector<std::pair<std::string, double>>& units) {
  for (const auto& [suffix, factor] : units) {
    if (text.size() > suffix.size() && text.substr(text.size() - suffix.size()) == suffix) {
      auto v = ParseDecimal(text.substr(0, text.size() - suffix.size()));
      if (!v) return std::nullopt;
      return *v * factor;
    }
  }
  return ParseDecimal(text);
}

}  // namespace

bool IsDecimal(std::string_view text) { return ParseDecimal(text).has_value(); }
bool IsWholeNumber(std::string_view text) { return ParseInt(text).has_value(); }

std::string LowerFirst(std::string_view text) {
  std::string out(text);
  if (!out.empty() && out[0] >= 'A' && out[0] <= 'Z')
    out[0] = static_cast<char>(out[0] - 'A' + 'a');
  return out;
}

std::optional<std::int64_t> ReadInt(const YamlNode& node, std::string_view what, std::int64_t min,
                                    std::int64_t max, Diagnostics& diags) {
  std::optional<std::int64_t> v;
  if (node.IsScalar()) v = ParseInt(node.text);
  if (!v) {
    diags.Error(DiagId::kWrongValueKind, node.range,
                fmt::format("{} must be a whole number, not {}", what, DescribeNode(node)));
    return std::nullopt;
  }
  if (*v < min || *v > max) {
    diags.Error(DiagId::kNumberOutOfRange, node.range,
                fmt::format("{} is {}, but it must be between {} and {}", what, *v, min, max));
    return std::nullopt;
  }
  return v;
}

std::optional<double> ReadPositive(const YamlNode& node, std::string_view what,
                                   Diagnostics& diags) {
  std::optional<double> v;
  if (node.IsScalar()) v = ParseDecimal(node.text);
  if (!v) {
    diags.Error(
        DiagId::kWrongValueKind, node.range,
        fmt::format("{} must be a number like 20 or 0.5, not {}", what, DescribeNode(node)));
    return std::nullopt;
  }
  if (!(*v > 0) || *v > 1e12) {
    diags.Error(DiagId::kNumberOutOfRange, node.range,
                fmt::format("{} is {}, but it must be more than 0 and at most 1000000000000", what,
                            node.text));
    return std::nullopt;
  }
  return v;
}

std::optional<std::int64_t> ReadCount(const YamlNode& node, std::string_view what,
                                      Diagnostics& diags) {
  std::optional<double> v;
  if (node.IsScalar()) v = ParseScaled(node.text, CountUnits());
  if (!v) {
    diags.Error(DiagId::kWrongValueKind, node.range,
                fmt::format("{} must be a number of items like 5000, '10k', '2M' or '1B', not {}",
                            what, DescribeNode(node)));
    return std::nullopt;
  }
  double rounded = std::round(*v);
  if (rounded < 1 || rounded > kMaxCount) {
    diags.Error(
        DiagId::kNumberOutOfRange, node.range,
        fmt::format("{} is {}, but it must be between 1 and 1000000000000000", what, node.text));
    return std::nullopt;
  }
  return static_cast<std::int64_t>(rounded);
}

std::optional<std::int64_t> ReadItemSize(const YamlNode& node, std::string_view what,
                                         Diagnostics& diags) {
  std::optional<double> v;
  if (node.IsScalar()) v = ParseScaled(node.text, ItemSizeUnits());
  if (!v) {
    diags.Error(DiagId::kWrongValueKind, node.range,
                fmt::format("{} must be a size in bytes like 300, '2KB' or '1.5KB', not {}", what,
                            DescribeNode(node)));
    return std::nullopt;
  }
  double rounded = std::round(*v);
  if (rounded < 1 || rounded > kMaxItemSize) {
    diags.Error(DiagId::kNumberOutOfRange, node.range,
                fmt::format("{} is {}, but a DynamoDB item holds 1 to 409600 bytes (400KB)", what,
                            node.text));
    return std::nullopt;
  }
  return static_cast<std::int64_t>(rounded);
}

std::optional<std::string> ReadWord(const YamlNode& node, std::string_view what,
                                    const std::vector<std::string>& allowed, Diagnostics& diags) {
  if (!node.IsScalar()) {
    diags.Error(
        DiagId::kWrongValueKind, node.range,
        fmt::format("{} must be one of {}, not {}", what, JoinOr(allowed), DescribeNode(node)));
    return std::nullopt;
  }
  if (std::find(allowed.begin(), allowed.end(), node.text) != allowed.end()) return node.text;
  std::string guess = ClosestMatch(node.text, allowed);
  if (!guess.empty()) {
    diags.Error(DiagId::kNotAnAllowedWord, node.range,
                fmt::format("{} is {}, which is not one of {}; did you mean '{}'?", what,
                            Quoted(node.text), JoinOr(allowed), guess));
  } else {
    diags.Error(
        DiagId::kNotAnAllowedWord, node.range,
        fmt::format("{} is {}, which is not one of {}", what, Quoted(node.text), JoinOr(allowed)));
  }
  return std::nullopt;
}

}  // namespace model::load
