// The values a rendered key holds: a KeyTemplate matched against a key it rendered, each
// placeholder read back. Only text and enum placeholders are read back (DecodeKeyText, the
// inverse of their escaping); the other encodings normalize the value (a timestamp to UTC, a
// number to its sortable form), so the natural value the item stores cannot be told from the key.
// A placeholder never renders the separator (EscapeText escapes it), so each one runs to the next
// separator or the end of the key.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "model/keys/key_template.h"

namespace model::keys {

// Whether a placeholder of `encoding` can be read back from a key (text and enum).
bool KeyValueReadable(Encoding encoding);

// The natural values of `key`'s readable placeholders in `rendered`, by attribute name; nullopt
// when `rendered` is not a rendering of `key` (a literal differs, or a placeholder is empty).
std::optional<std::map<std::string, std::string>> ReadKeyValues(const KeyTemplate& key,
                                                                std::string_view rendered);

}  // namespace model::keys
