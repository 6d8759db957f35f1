// Entity structs (typed fields, one per attribute) with their item conversions, and one enum
// class per enum attribute with its string conversion.
#include <string>
#include <vector>

#include "codegen/cpp/internal.h"

namespace model::codegen {

std::string EntityName(const Entity& entity) { return CppPascalName(entity.name); }

std::string MemberTypeName(const Gen& g, const Entity& entity) {
  std::string name = EntityName(entity);
  bool method = false;
  for (const AccessPattern& p : g.model.access_patterns)
    method = method || CppPascalName(p.name) == name;
  for (const WritePattern& w : g.model.write_patterns)
    method = method || CppPascalName(w.name) == name;
  return method ? "::" + g.ns + "::" + name : name;
}

std::string EnumName(const Entity& entity, const Attribute& attr) {
  return EntityName(entity) + CppPascalName(attr.name);
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

std::string VersionField(const Entity& entity) {
  std::string name = "item_version";
  for (bool taken = true; taken;) {
    taken = false;
    for (const Attribute& a : entity.attributes) taken = taken || CppSnakeName(a.name) == name;
    if (taken) name += '_';
  }
  return name;
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

void EmitEnum(const Entity& en, const Attribute& a, Printer& h, Printer& c) {
  const std::vector<std::string> names = CppEnumeratorNames(a.enum_values);
  std::string enumerators;
  for (std::size_t i = 0; i < names.size(); ++i) enumerators += (i ? ", " : " ") + names[i];
  h.Emit({{"name", EnumName(en, a)}, {"enumerators", enumerators}}, R"tmpl(
    enum class $name$ {$enumerators$ };
    const char* ToString($name$ value);
    std::optional<$name$> Parse$name$(std::string_view text);
    model::runtime::Value ToValue($name$ value);
    bool FromValue(const model::runtime::Value& value, $name$& out);

  )tmpl");
  auto each = [&](const char* tmpl) {
    return [&en, &a, &c, &names, tmpl] {
      for (std::size_t i = 0; i < a.enum_values.size(); ++i) {
        c.Emit({{"name", EnumName(en, a)},
                {"enumerator", names[i]},
                {"text", CppStringLiteral(a.enum_values[i])}},
               tmpl);
      }
    };
  };
  c.Emit({{"name", EnumName(en, a)},
          {"cases", each("case $name$::$enumerator$: return $text$;\n")},
          {"parses", each("if (text == $text$) return $name$::$enumerator$;\n")}},
         R"tmpl(
    const char* ToString($name$ value) {
      switch (value) {
        $cases$
      }
      return "";
    }

    std::optional<$name$> Parse$name$(std::string_view text) {
      $parses$
      return std::nullopt;
    }

    model::runtime::Value ToValue($name$ value) { return model::runtime::Value::S(ToString(value)); }

    bool FromValue(const model::runtime::Value& value, $name$& out) {
      if (!value.is(sim::ValueType::kS)) return false;
      auto parsed = Parse$name$(value.scalar());
      if (!parsed) return false;
      out = *parsed;
      return true;
    }

  )tmpl");
}

}  // namespace

void EmitEntities(const Gen& g, Printer& h, Printer& c) {
  for (const Entity& en : g.model.entities) {
    for (const Attribute& a : en.attributes) {
      if (a.type == AttrType::kEnum) EmitEnum(en, a, h, c);
    }
  }
  for (const Entity& en : g.model.entities) {
    auto per_attribute = [&](Printer& p, const char* tmpl) {
      return [&p, &g, &en, tmpl] {
        for (const Attribute& a : en.attributes) {
          p.Emit({{"type", FieldType(g, en, a)},
                  {"field", CppSnakeName(a.name)},
                  {"init", Initializer(a)},
                  {"attribute", CppStringLiteral(a.name)},
                  {"entity", CppStringLiteral(en.name)}},
                 tmpl);
        }
      };
    };
    auto version = [&] {
      if (!en.versioned) return;
      h.Emit({{"field", VersionField(en)}}, R"tmpl(
        // The version a read returned (1 = the first; the current item holds the newest), 0 when
        // the struct was not read from the table. Writes ignore it: they take the count.
        std::int64_t $field$ = 0;
      )tmpl");
    };
    h.Emit({{"name", EntityName(en)},
            {"entity", en.name},
            {"versioned",
             en.versioned ? " (versioned: writes take the number of versions it had)" : ""},
            {"fields", per_attribute(h, "$type$ $field$$init$;\n")},
            {"version", version}},
           R"tmpl(
      // $entity$$versioned$.
      struct $name$ {
        $fields$
        $version$

        // The entity's natural attribute values (what the layout renders items from).
        model::runtime::Item ToItem() const;
        // Reads the attributes an item holds (a projected read holds some); a wrong type is an error.
        static model::runtime::Result<$name$> FromItem(const model::runtime::Item& item);
      };

    )tmpl");
    c.Emit(
        {{"name", EntityName(en)},
         {"entity", CppStringLiteral(en.name)},
         {"puts", per_attribute(c, "model::runtime::Put(item, $attribute$, $field$);\n")},
         {"gets", per_attribute(c,
                                "if (!model::runtime::Get(item, $attribute$, out.$field$)) return "
                                "model::runtime::InvalidItem($entity$);\n")},
         {"version",
          [&] {
            if (!en.versioned) return;
            // A history item holds its number, the current item the newest one.
            c.Emit({{"field", VersionField(en)}, {"entity", CppStringLiteral(en.name)}}, R"tmpl(
              if (!model::runtime::GetVersion(item, out.$field$))
                return model::runtime::InvalidItem($entity$);
            )tmpl");
          }}},
        R"tmpl(
      model::runtime::Item $name$::ToItem() const {
        model::runtime::Item item;
        $puts$
        return item;
      }

      model::runtime::Result<$name$> $name$::FromItem(const model::runtime::Item& item) {
        $name$ out;
        $gets$
        $version$
        return out;
      }

    )tmpl");
  }
}

}  // namespace model::codegen
