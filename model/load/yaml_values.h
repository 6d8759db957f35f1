// Typed reading of YamlNodes, with the diagnostics for every way a value can be wrong.
//
// Each Read* function takes the node, a `what` phrase naming the value for messages (e.g.
// "'count' of entity 'Order'"), and the sink. It returns the value, or nullopt after reporting
// exactly one error: E105 (wrong kind of node), E108 (a word that is not one of the allowed
// ones), E109 (a number out of range or malformed). CheckKeys reports unknown keys (E104, with
// "did you mean") and RequireKey missing ones (E107).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "model/base/diagnostics.h"
#include "model/load/yaml_decl.h"
#include "model/load/yaml_tree.h"

namespace model::load {

// [A-Za-z_][A-Za-z0-9_]*
bool IsIdentifier(std::string_view text);

// Reports E105 unless `node` is a mapping.
bool ExpectMapping(const YamlNode& node, std::string_view what, Diagnostics& diags);
// Reports E104 for every key of `map` not in `allowed`, suggesting the closest allowed key the
// mapping does not already have.
void CheckKeys(const YamlNode& map, std::string_view what, const std::vector<std::string>& allowed,
               Diagnostics& diags);
// The value of `key`, or nullptr after reporting E107 ("what needs 'key'"); `hint` ends the
// message with how to add it.
const YamlNode* RequireKey(const YamlNode& map, std::string_view key, std::string_view what,
                           std::string_view hint, Diagnostics& diags);
// The value of `key`, or nullptr when absent.
const YamlNode* FindValue(const YamlNode& map, std::string_view key);

// Any scalar (a description, a name): text as written. Null and collections are E105.
std::optional<std::string> ReadText(const YamlNode& node, std::string_view what,
                                    Diagnostics& diags);
// A scalar that names something, with its position.
std::optional<Name> ReadName(const YamlNode& node, std::string_view what, Diagnostics& diags);
// A name or a list of names (`by: id` or `by: [a, b]`). Duplicates are not checked here.
std::optional<std::vector<Name>> ReadNameList(const YamlNode& node, std::string_view what,
                                              Diagnostics& diags);
// true / false.
std::optional<bool> ReadBool(const YamlNode& node, std::string_view what, Diagnostics& diags);
// A whole number in [min, max].
std::optional<std::int64_t> ReadInt(const YamlNode& node, std::string_view what, std::int64_t min,
                                    std::int64_t max, Diagnostics& diags);
// A number > 0 (rates).
std::optional<double> ReadPositive(const YamlNode& node, std::string_view what, Diagnostics& diags);
// An item count: 5000, "10k", "2.5M", "1B" (k = 10^3, M = 10^6, B = 10^9), at least 1.
std::optional<std::int64_t> ReadCount(const YamlNode& node, std::string_view what,
                                      Diagnostics& diags);
// An item size in bytes: 300, "300B", "2KB", "1.5KB" (KB = 1024 bytes), 1..409600.
std::optional<std::int64_t> ReadItemSize(const YamlNode& node, std::string_view what,
                                         Diagnostics& diags);
// One of `allowed` (exact match), else E108 with "did you mean".
std::optional<std::string> ReadWord(const YamlNode& node, std::string_view what,
                                    const std::vector<std::string>& allowed, Diagnostics& diags);

// A plain decimal (-12, 3.5) and a whole number (-12): the spellings ReadPositive and ReadInt
// accept, for checking fixed filter values.
bool IsDecimal(std::string_view text);
bool IsWholeNumber(std::string_view text);
// "Order" -> "order": the conventional attribute prefix for an entity name.
std::string LowerFirst(std::string_view text);

// "a, b or c" for messages.
std::string JoinOr(const std::vector<std::string>& words);
// "a, b, c".
std::string JoinComma(const std::vector<std::string>& words);

}  // namespace model::load
