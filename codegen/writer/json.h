// The one include of nlohmann/json for codegen/: every generator that builds JSON includes this
// header instead of <nlohmann/json.hpp>.
//
// Json keeps keys in insertion order (nlohmann::ordered_json), so a generator decides the order
// of its output. DumpJson writes the documented shape of every JSON output: two-space
// indentation, UTF-8 kept as is, invalid UTF-8 replaced by U+FFFD (never an exception), one
// trailing newline.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

namespace model::codegen {

using Json = nlohmann::ordered_json;

inline std::string DumpJson(const Json& json) {
  return json.dump(2, ' ', false, Json::error_handler_t::replace) + "\n";
}

}  // namespace model::codegen
