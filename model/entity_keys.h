// Key templates in the model's vocabulary: the bridge between the ERD and model/keys.
//
// model/keys knows encodings and templates but no entities. Here an attribute's type picks its
// key encoding, and a user-pinned template (`EMPLOYEE#{employeeId}`) is parsed against an
// entity's attributes. The key-template types are re-exported into `model` because the IR
// (layout.h) and every phase speak them.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "model/base/casing.h"
#include "model/base/status.h"
#include "model/keys/key_template.h"
#include "model/model.h"

namespace model {

using keys::EncodeKeyValue;
using keys::Encoding;
using keys::EncodingName;
using keys::kAfterSeparator;
using keys::KeyTemplate;
using keys::kKeySeparator;
using keys::MayBeginWith;
using keys::MayCollide;
using keys::RenderKey;
using keys::TemplateBuilder;
using keys::TemplatePart;
using keys::ValueLookup;

// The encoding an attribute of this type uses inside a key.
Encoding EncodingFor(AttrType type);

// Parses a user-pinned template (`EMPLOYEE#{employeeId}`); placeholders must name attributes of
// `entity` and get their type's encoding. An InvalidArgument Status, saying why, when malformed.
Result<KeyTemplate> ParseKeyTemplate(std::string_view text, const Entity& entity);

}  // namespace model
