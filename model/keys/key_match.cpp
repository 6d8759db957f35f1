#include "model/keys/key_match.h"

namespace model::keys {

bool KeyValueReadable(Encoding encoding) {
  return encoding == Encoding::kText || encoding == Encoding::kEnum;
}

std::optional<std::map<std::string, std::string>> ReadKeyValues(const KeyTemplate& key,
                                                                std::string_view rendered) {
  std::map<std::string, std::string> out;
  std::size_t at = 0;
  for (const TemplatePart& part : key.parts) {
    if (!part.is_attribute) {
      if (rendered.compare(at, part.text.size(), part.text) != 0) return std::nullopt;
      at += part.text.size();
      continue;
    }
    std::size_t end = rendered.find(kKeySeparator, at);
    if (end == std::string_view::npos) end = rendered.size();
    if (end == at) return std::nullopt;
    if (KeyValueReadable(part.encoding))
      out[part.text] = DecodeKeyText(rendered.substr(at, end - at));
    at = end;
  }
  if (at != rendered.size()) return std::nullopt;
  return out;
}

}  // namespace model::keys
