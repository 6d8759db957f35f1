// The one include of nlohmann/json for codegen/: every generator that builds JSON includes this
// header instead of <nlohmann/json.hpp>.
//
// Json keeps keys in insertion order (nlohmann::ordered_json), so a generator decides the order
// of its output. DumpJson writes the documented shape of every JSON output: two-space
// indentation, UTF-8 kept as is, invalid UTF-8 replaced by U+FFFD (never an exception), one
// trailing newline.
//
// RoundedFigure is how every JSON output writes a figure computed in floating point (units,
// rates, sizes, dollars): rounded to 4 decimals, so it reads the same on every machine and
// carries no floating-point noise (77.92199999999866 is written 77.922).
#pragma once

#include <cmath>
#include <nlohmann/json.hpp>
#include <string>

namespace model::codegen {

using Json = nlohmann::ordered_json;

// `v` rounded to 4 decimals; a negative zero the rounding leaves (-0.00001) is 0.
inline double RoundedFigure(double v) {
  double r = std::round(v * 10000) / 10000;
  return r == 0 ? 0.0 : r;
}

inline std::string DumpJson(const Json& json) {
  return json.dump(2, ' ', false, Json::error_handler_t::replace) + "\n";
}

}  // namespace model::codegen
