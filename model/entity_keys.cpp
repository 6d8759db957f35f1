#include "model/entity_keys.h"

#include <fmt/format.h>

namespace model {

Encoding EncodingFor(AttrType type) {
  switch (type) {
    case AttrType::kEnum:
      return Encoding::kEnum;
    case AttrType::kInteger:
      return Encoding::kInteger;
    case AttrType::kNumber:
      return Encoding::kNumber;
    case AttrType::kTimestamp:
      return Encoding::kTimestamp;
    case AttrType::kDate:
      return Encoding::kDate;
    case AttrType::kBoolean:
      return Encoding::kBoolean;
    case AttrType::kBinary:
      return Encoding::kBinary;
    default:
      return Encoding::kText;
  }
}

Result<KeyTemplate> ParseKeyTemplate(std::string_view text, const Entity& entity) {
  TemplateBuilder b;
  std::size_t i = 0;
  while (i < text.size()) {
    if (text[i] == '{') {
      std::size_t close = text.find('}', i);
      if (close == std::string_view::npos) {
        return Status::InvalidArgument(fmt::format("unclosed '{{' in key template '{}'", text));
      }
      std::string name(text.substr(i + 1, close - i - 1));
      AttrId id = entity.FindAttribute(name);
      if (id < 0) {
        return Status::InvalidArgument(
            fmt::format("key template '{}' names '{}', which is not an attribute of '{}'", text,
                        name, entity.name));
      }
      const Attribute& a = entity.attributes[static_cast<std::size_t>(id)];
      if (!IsSortable(a.type)) {
        return Status::InvalidArgument(fmt::format(
            "attribute '{}' of type {} cannot be part of a key", name, AttrTypeName(a.type)));
      }
      b.Attr(name, EncodingFor(a.type));
      i = close + 1;
    } else if (text[i] == '}') {
      return Status::InvalidArgument(fmt::format("unmatched '}}' in key template '{}'", text));
    } else {
      std::size_t next = text.find_first_of("{}", i);
      if (next == std::string_view::npos) next = text.size();
      b.Literal(text.substr(i, next - i));
      i = next;
    }
  }
  if (b.Build().empty()) return Status::InvalidArgument("a key template cannot be empty");
  return b.Build();
}

}  // namespace model
