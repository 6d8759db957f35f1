// Entity structs (typed fields, one per attribute) with their item conversions, and one enum
// class per enum attribute with its string conversion.
#include <string>

#include "codegen/cpp/internal.h"

namespace model::codegen {

std::string EntityName(const Entity& entity) { return PascalName(entity.name); }

std::string EnumName(const Entity& entity, const Attribute& attr) {
  return EntityName(entity) + PascalName(attr.name);
}

std::string CppType(const Gen&, const Entity& entity, const Attribute& attr) {
  switch (attr.type) {
    case AttrType::kString:
      return "std::string";
    case AttrType::kInteger:
      return "std::int64_t";
    case AttrType::kNumber:
      return "model::runtime::Decimal";
    case AttrType::kBoolean:
      return "bool";
    case AttrType::kTimestamp:
      return "model::runtime::Timestamp";
    case AttrType::kDate:
      return "model::runtime::Date";
    case AttrType::kEnum:
      return EnumName(entity, attr);
    case AttrType::kBinary:
      return "model::runtime::Bytes";
    case AttrType::kList:
    case AttrType::kMap:
      return "model::runtime::Value";
    case AttrType::kStringSet:
      return "std::set<std::string>";
    case AttrType::kNumberSet:
      return "std::set<model::runtime::Decimal>";
  }
  return "std::string";
}

std::string FieldType(const Gen& g, const Entity& entity, const Attribute& attr) {
  std::string t = CppType(g, entity, attr);
  return attr.required ? t : "std::optional<" + t + ">";
}

namespace {

std::string Initializer(const Attribute& attr) {
  if (!attr.required) return "";
  switch (attr.type) {
    case AttrType::kInteger:
      return " = 0";
    case AttrType::kBoolean:
      return " = false";
    case AttrType::kEnum:
      return "{}";
    case AttrType::kTimestamp:
    case AttrType::kDate:
      return "{}";
    default:
      return "";
  }
}

void EmitEnum(const Entity& en, const Attribute& a, std::string& h, std::string& c) {
  std::string name = EnumName(en, a);
  h += "enum class " + name + " {";
  for (std::size_t i = 0; i < a.enum_values.size(); ++i)
    h += (i ? ", " : " ") + EnumeratorName(a.enum_values[i]);
  h += " };\n";
  h += "const char* ToString(" + name + " value);\n";
  h += "std::optional<" + name + "> Parse" + name + "(std::string_view text);\n";
  h += "model::runtime::Value ToValue(" + name + " value);\n";
  h += "bool FromValue(const model::runtime::Value& value, " + name + "& out);\n\n";

  c += "const char* ToString(" + name + " value) {\n  switch (value) {\n";
  for (const std::string& v : a.enum_values) {
    c += "    case " + name + "::" + EnumeratorName(v) + ": return " + Quote(v) + ";\n";
  }
  c += "  }\n  return \"\";\n}\n\n";
  c += "std::optional<" + name + "> Parse" + name + "(std::string_view text) {\n";
  for (const std::string& v : a.enum_values) {
    c += "  if (text == " + Quote(v) + ") return " + name + "::" + EnumeratorName(v) + ";\n";
  }
  c += "  return std::nullopt;\n}\n\n";
  c += "model::runtime::Value ToValue(" + name +
       " value) { return model::runtime::Value::S(ToString(value)); }\n\n";
  c += "bool FromValue(const model::runtime::Value& value, " + name + "& out) {\n";
  c += "  if (!value.is(sim::ValueType::kS)) return false;\n";
  c += "  auto parsed = Parse" + name + "(value.scalar());\n";
  c += "  if (!parsed) return false;\n  out = *parsed;\n  return true;\n}\n\n";
}

}  // namespace

void EmitEntities(const Gen& g, std::string& h, std::string& c) {
  for (const Entity& en : g.model.entities) {
    for (const Attribute& a : en.attributes) {
      if (a.type == AttrType::kEnum) EmitEnum(en, a, h, c);
    }
  }
  for (const Entity& en : g.model.entities) {
    std::string name = EntityName(en);
    h += "// " + en.name +
         (en.versioned ? " (versioned: writes take the number of versions it had)" : "") + ".\n";
    h += "struct " + name + " {\n";
    for (const Attribute& a : en.attributes) {
      h += "  " + FieldType(g, en, a) + " " + SnakeName(a.name) + Initializer(a) + ";\n";
    }
    h += "\n  // The entity's natural attribute values (what the layout renders items from).\n";
    h += "  model::runtime::Item ToItem() const;\n";
    h += "  // Reads the attributes an item holds (a projected read holds some); a wrong type is "
         "an error.\n";
    h += "  static model::runtime::Result<" + name +
         "> FromItem(const model::runtime::Item& item);\n";
    h += "};\n\n";

    c += "model::runtime::Item " + name + "::ToItem() const {\n  model::runtime::Item item;\n";
    for (const Attribute& a : en.attributes) {
      c += "  model::runtime::Put(item, " + Quote(a.name) + ", " + SnakeName(a.name) + ");\n";
    }
    c += "  return item;\n}\n\n";
    c += "model::runtime::Result<" + name + "> " + name +
         "::FromItem(const model::runtime::Item& item) {\n";
    c += "  " + name + " out;\n";
    for (const Attribute& a : en.attributes) {
      c += "  if (!model::runtime::Get(item, " + Quote(a.name) + ", out." + SnakeName(a.name) +
           ")) return model::runtime::InvalidItem(" + Quote(en.name) + ");\n";
    }
    c += "  return out;\n}\n\n";
  }
}

}  // namespace model::codegen
