// Base64 (RFC 4648, standard alphabet, padded): how DynamoDB's JSON carries binary values and
// how AWS's messages print them.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace sim {

std::string Base64Encode(std::string_view bytes);
// nullopt when `text` holds a character outside the alphabet (padding '=' ends the input).
std::optional<std::string> Base64Decode(std::string_view text);

}  // namespace sim
