// Entity structs (typed fields, one per attribute) with their item conversions, and one enum
// class per enum attribute with its string conversion.
#include <string>
#include <vector>

#include "codegen/cpp/internal.h"

namespace model::codegen {

std::size_t EntityIndex(const Gen& g, const Entity& entity) {
  return static_cast<std::size_t>(&entity - g.model.entities.data());
}

std::size_t AttrIndex(const Entity& entity, const Attribute& attr) {
  return static_cast<std::size_t>(&attr - entity.attributes.data());
}

std::string EntityName(const Gen& g, const Entity& entity) {
  return g.names.entity[EntityIndex(g, entity)];
}

std::string MemberType(const Gen& g, const std::string& type) {
  return g.names.members.count(type) ? "::" + g.ns + "::" + type : type;
}

std::string MemberTypeName(const Gen& g, const Entity& entity) {
  return MemberType(g, EntityName(g, entity));
}

std::string EnumName(const Gen& g, const Entity& entity, const Attribute& attr) {
  return g.names.enum_type[EntityIndex(g, entity)][AttrIndex(entity, attr)];
}

std::string FieldName(const Gen& g, const Entity& entity, const Attribute& attr) {
  return g.names.field[EntityIndex(g, entity)][AttrIndex(entity, attr)];
}

std::string CppType(const Gen& g, const Entity& entity, const Attribute& attr) {
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
      return EnumName(g, entity, attr);
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

std::string VersionField(const Gen& g, const Entity& entity) {
  return g.names.version_field[EntityIndex(g, entity)];
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

void EmitEnum(const Gen& g, const Entity& en, const Attribute& a, Printer& h, Printer& c) {
  const std::vector<std::string> names = CppEnumeratorNames(a.enum_values);
  const std::string parser = g.names.enum_parser[EntityIndex(g, en)][AttrIndex(en, a)];
  std::string enumerators;
  for (std::size_t i = 0; i < names.size(); ++i) enumerators += (i ? ", " : " ") + names[i];
  h.Emit({{"name", EnumName(g, en, a)}, {"parser", parser}, {"enumerators", enumerators}}, R"tmpl(
    enum class $name$ {$enumerators$ };
    const char* ToString($name$ value);
    std::optional<$name$> $parser$(std::string_view text);
    model::runtime::Value ToValue($name$ value);
    bool FromValue(const model::runtime::Value& value, $name$& out);

  )tmpl");
  auto each = [&](const char* tmpl) {
    return [&g, &en, &a, &c, &names, tmpl] {
      for (std::size_t i = 0; i < a.enum_values.size(); ++i) {
        c.Emit({{"name", EnumName(g, en, a)},
                {"enumerator", names[i]},
                {"text", CppStringLiteral(a.enum_values[i])}},
               tmpl);
      }
    };
  };
  c.Emit({{"name", EnumName(g, en, a)},
          {"parser", parser},
          {"cases", each("case $name$::$enumerator$: return $text$;\n")},
          {"parses", each("if (text == $text$) return $name$::$enumerator$;\n")}},
         R"tmpl(
    const char* ToString($name$ value) {
      switch (value) {
        $cases$
      }
      return "";
    }

    std::optional<$name$> $parser$(std::string_view text) {
      $parses$
      return std::nullopt;
    }

    model::runtime::Value ToValue($name$ value) { return model::runtime::Value::S(ToString(value)); }

    bool FromValue(const model::runtime::Value& value, $name$& out) {
      if (!value.is(sim::ValueType::kS)) return false;
      auto parsed = $parser$(value.scalar());
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
      if (a.type == AttrType::kEnum) EmitEnum(g, en, a, h, c);
    }
  }
  for (const Entity& en : g.model.entities) {
    // The attributes as fields; `skip`: the counter-drawn one, which a NewX struct leaves out.
    auto per_attribute = [&](Printer& p, const char* tmpl, AttrId skip = -1) {
      return [&p, &g, &en, tmpl, skip] {
        for (const Attribute& a : en.attributes) {
          if (static_cast<AttrId>(AttrIndex(en, a)) == skip) continue;
          p.Emit({{"type", FieldType(g, en, a)},
                  {"field", FieldName(g, en, a)},
                  {"init", Initializer(a)},
                  {"attribute", CppStringLiteral(a.name)},
                  {"entity", CppStringLiteral(en.name)}},
                 tmpl);
        }
      };
    };
    auto version = [&] {
      if (!en.versioned) return;
      h.Emit({{"field", VersionField(g, en)}}, R"tmpl(
        // The version a read returned (1 = the first; the current item holds the newest), 0 when
        // the struct was not read from the table. Writes ignore it: they take the count.
        std::int64_t $field$ = 0;
      )tmpl");
    };
    h.Emit({{"name", EntityName(g, en)},
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
        {{"name", EntityName(g, en)},
         {"entity", CppStringLiteral(en.name)},
         {"puts", per_attribute(c, "model::runtime::Put(item, $attribute$, $field$);\n")},
         {"gets", per_attribute(c,
                                "if (!model::runtime::Get(item, $attribute$, out.$field$)) return "
                                "model::runtime::InvalidItem($entity$);\n")},
         {"version",
          [&] {
            if (!en.versioned) return;
            // A history item holds its number, the current item the newest one.
            c.Emit({{"field", VersionField(g, en)}, {"entity", CppStringLiteral(en.name)}}, R"tmpl(
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
    // An identifier drawn from a counter: the creates take the entity without it (NewX).
    const AttrId counter = CounterOf(g.model, static_cast<EntityId>(EntityIndex(g, en)));
    if (counter < 0) continue;
    const Attribute& drawn = en.attributes[static_cast<std::size_t>(counter)];
    std::vector<Sub> subs{
        {"name", g.names.draft[EntityIndex(g, en)]},
        {"entity", en.name},
        {"attribute", drawn.name},
        {"counter", drawn.counter},
        {"fields", per_attribute(h, "$type$ $field$$init$;\n", counter)},
        {"puts", per_attribute(c, "model::runtime::Put(item, $attribute$, $field$);\n", counter)},
        {"gets", per_attribute(c,
                               "if (!model::runtime::Get(item, $attribute$, out.$field$)) return "
                               "model::runtime::InvalidItem($entity$);\n",
                               counter)}};
    h.Emit(subs, R"tmpl(
      // A new $entity$ without $attribute$, which its creates draw from the counter $counter$ and
      // return.
      struct $name$ {
        $fields$

        model::runtime::Item ToItem() const;
        static model::runtime::Result<$name$> FromItem(const model::runtime::Item& item);
      };

    )tmpl");
    c.Emit(subs, R"tmpl(
      model::runtime::Item $name$::ToItem() const {
        model::runtime::Item item;
        $puts$
        return item;
      }

      model::runtime::Result<$name$> $name$::FromItem(const model::runtime::Item& item) {
        $name$ out;
        $gets$
        return out;
      }

    )tmpl");
  }
}

}  // namespace model::codegen
