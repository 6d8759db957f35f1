// `model codegen --driver`: NAME_driver.h and NAME_driver.cpp, every read, aggregate and write
// pattern of the generated client by number, with natural values (model/exec/values.h) on both
// sides. Each case converts the values to the pattern's typed parameter struct or entity struct,
// calls the typed method and converts the typed results back, so a generic program can run any
// model's patterns through the typed API without knowing its names (tests/codegen/driver.cpp runs
// `model check`'s synthetic data, sampled arguments and oracle through it).
#include <string>
#include <vector>

#include "codegen/cpp/internal.h"

namespace model::codegen {

namespace {

// Entities that some non-aggregate read returns (their to_entity_item overload is used). Types
// are spelled with their namespace throughout: a pattern or entity named like a function here
// (Read, Load) must not hide one.
std::vector<bool> ReturnedByReads(const Gen& g) {
  std::vector<bool> out(g.model.entities.size(), false);
  for (const AccessPattern& p : g.model.access_patterns) {
    if (p.aggregate) continue;
    for (EntityId id : p.returns) out[static_cast<std::size_t>(id)] = true;
  }
  return out;
}

void EmitEntries(const Gen& g, Printer& c) {
  std::vector<bool> used = ReturnedByReads(g);
  for (std::size_t i = 0; i < g.model.entities.size(); ++i) {
    if (!used[i]) continue;
    const Entity& en = g.model.entities[i];
    auto version = [&] {
      if (!en.versioned) return;
      c.Emit({{"field", VersionField(g, en)}}, R"tmpl(
        if (entity.$field$ > 0)
          out.values[model::kVersionAttribute] = model::runtime::ToValue(entity.$field$);
      )tmpl");
    };
    c.Emit({{"ent", "::" + g.ns + "::" + EntityName(g, en)}, {"i", i}, {"version", version}},
           R"tmpl(
      EntityItem to_entity_item(const $ent$& entity) {
        EntityItem out{$i$, entity.ToItem()};
        $version$
        return out;
      }

    )tmpl");
  }
}

void EmitReadCases(const Gen& g, Printer& c, bool aggregates) {
  for (std::size_t i = 0; i < g.model.access_patterns.size(); ++i) {
    const AccessPattern& p = g.model.access_patterns[i];
    if (static_cast<bool>(p.aggregate) != aggregates) continue;
    const std::string& name = g.names.read_method[i];
    auto args = [&] {
      auto one = [&](const std::string& arg, const std::string& field) {
        c.Emit({{"arg", CppStringLiteral(arg)},
                {"field", field},
                {"pattern", CppStringLiteral(p.name)}},
               R"tmpl(
          if (!Arg(args, $arg$, params.$field$)) return BadArgument($pattern$, $arg$);
        )tmpl");
      };
      for (std::size_t k = 0; k < p.params.size(); ++k) {
        const Entity* en = nullptr;
        if (Find(g, p, p.params[k], &en)) one(p.ParamName(k), g.names.param_field[i][k]);
      }
      for (const std::string& bound : Bounds(p)) one(bound, bound);
    };
    std::vector<EntityId> ents = Distinct(p);
    std::string convert =
        ents.size() == 1
            ? "for (const auto& entity : got->items) out.items.push_back(to_entity_item(entity));"
            : "for (const auto& entity : got->items)\n"
              "  out.items.push_back(std::visit([](const auto& e) { return "
              "to_entity_item(e); }, entity));";
    std::vector<Sub> subs{{"i", i},
                          {"name", name},
                          {"params", "::" + g.ns + "::" + g.names.params[i]},
                          {"args", args},
                          {"convert", convert}};
    if (aggregates) {
      c.Emit(subs, R"tmpl(
        case $i$: {
          $params$ params;
          $args$
          return db.$name$(params);
        }
      )tmpl");
      continue;
    }
    c.Emit(subs, R"tmpl(
      case $i$: {
        $params$ params;
        $args$
        auto got = db.$name$(params, page);
        if (!got.ok()) return got.error();
        model::runtime::Page<EntityItem> out;
        out.next_cursor = std::move(got->next_cursor);
        $convert$
        return out;
      }
    )tmpl");
  }
}

void EmitWriteCases(const Gen& g, Printer& c) {
  for (std::size_t i = 0; i < g.model.write_patterns.size(); ++i) {
    const WritePattern& w = g.model.write_patterns[i];
    const Entity& en = g.model.entities[static_cast<std::size_t>(w.entity)];
    std::string versions = en.versioned ? ", versions" : "";
    // The condition's parameters (`= :caller`) from `condition_args`, into its struct.
    std::vector<const WriteCondition*> params;
    for (const WriteCondition& cond : w.conditions) {
      if (!cond.parameter.empty()) params.push_back(&cond);
    }
    for (const AlsoWrite& a : w.also) {
      for (const WriteCondition& cond : a.conditions) {
        if (!cond.parameter.empty()) params.push_back(&cond);
      }
    }
    // `also` update and delete entries: the other entity's items from `also`, before the
    // condition (a delete's item as stored only).
    std::string also_args;
    for (std::size_t a = 0; a < w.also.size(); ++a) {
      if (w.also[a].kind == AlsoKind::kCheck) continue;
      also_args += ", *also" + std::to_string(a) + "_before";
      if (w.also[a].kind == AlsoKind::kUpdate)
        also_args += ", *also" + std::to_string(a) + "_after";
    }
    auto condition = [&] {
      for (std::size_t a = 0; a < w.also.size(); ++a) {
        if (w.also[a].kind == AlsoKind::kCheck) continue;
        const bool update = w.also[a].kind == AlsoKind::kUpdate;
        const Entity& other = g.model.entities[static_cast<std::size_t>(w.also[a].entity)];
        std::vector<Sub> subs{
            {"a", a},
            {"other", "::" + g.ns + "::" + EntityName(g, other)},
            {"pattern", CppStringLiteral(w.name)},
            {"need_after", update ? " || !also[" + std::to_string(a) + "].after" : std::string()}};
        c.Emit(subs, R"tmpl(
          if (also.size() <= $a$ || !also[$a$].before$need_after$)
            return MissingItem($pattern$, "also");
          auto also$a$_before = $other$::FromItem(*also[$a$].before);
          if (!also$a$_before.ok()) return also$a$_before.error();
        )tmpl");
        if (!update) continue;
        c.Emit(subs, R"tmpl(
          auto also$a$_after = $other$::FromItem(*also[$a$].after);
          if (!also$a$_after.ok()) return also$a$_after.error();
        )tmpl");
      }
      if (params.empty()) return;
      c.Emit({{"type", "::" + g.ns + "::" + g.names.condition[i]}}, "$type$ condition;\n");
      for (const WriteCondition* cond : params) {
        c.Emit({{"arg", CppStringLiteral(cond->parameter)},
                {"field", g.names.condition_field[i].at(cond->parameter)},
                {"pattern", CppStringLiteral(w.name)}},
               "if (!Arg(condition_args, $arg$, condition.$field$)) return BadArgument($pattern$, "
               "$arg$);\n");
      }
    };
    std::vector<Sub> subs{
        {"i", i},
        {"name", g.names.write_method[i]},
        {"ent", "::" + g.ns + "::" + EntityName(g, en)},
        {"draft", "::" + g.ns + "::" + g.names.draft[static_cast<std::size_t>(w.entity)]},
        {"pattern", CppStringLiteral(w.name)},
        {"versions", versions + also_args + (params.empty() ? "" : ", condition")},
        {"condition_arg", also_args + (params.empty() ? "" : ", condition")},
        {"condition", condition}};
    const bool counted = w.kind == WriteKind::kCreate && g.layout.writes[i].counter.has_value() &&
                         !g.names.draft[static_cast<std::size_t>(w.entity)].empty();
    switch (w.kind) {
      case WriteKind::kCreate:
        if (counted) {
          // The entity without its drawn attribute; the number drawn goes to `drawn`.
          c.Emit(subs, R"tmpl(
            case $i$: {
              if (!after) return MissingItem($pattern$, "after");
              auto entity = $draft$::FromItem(*after);
              if (!entity.ok()) return entity.error();
              $condition$auto number = db.$name$(*entity$condition_arg$);
              if (!number.ok()) return number.error();
              if (drawn) *drawn = *number;
              return {};
            }
          )tmpl");
          break;
        }
        c.Emit(subs, R"tmpl(
          case $i$: {
            if (!after) return MissingItem($pattern$, "after");
            auto entity = $ent$::FromItem(*after);
            if (!entity.ok()) return entity.error();
            $condition$return db.$name$(*entity$condition_arg$);
          }
        )tmpl");
        break;
      case WriteKind::kUpdate:
        c.Emit(subs, R"tmpl(
          case $i$: {
            if (!before) return MissingItem($pattern$, "before");
            if (!after) return MissingItem($pattern$, "after");
            auto old = $ent$::FromItem(*before);
            if (!old.ok()) return old.error();
            auto entity = $ent$::FromItem(*after);
            if (!entity.ok()) return entity.error();
            $condition$return db.$name$(*old, *entity$versions$);
          }
        )tmpl");
        break;
      case WriteKind::kDelete:
        c.Emit(subs, R"tmpl(
          case $i$: {
            if (!before) return MissingItem($pattern$, "before");
            auto old = $ent$::FromItem(*before);
            if (!old.ok()) return old.error();
            $condition$return db.$name$(*old$versions$);
          }
        )tmpl");
        break;
    }
  }
}

// NAME_driver.h: the declarations.
void EmitDriverHeader(Printer& h) {
  Tmpl(h, R"tmpl(
    //
    // Every pattern of $client$ by number, with natural values (model/exec/values.h): each call
    // converts the values to the pattern's typed parameter or entity struct, calls the typed
    // method and converts its results back. For programs that run any model's patterns without
    // knowing their names: test drivers, replay tools. Values that do not fit the typed fields are
    // an "InvalidValue" error; a number that names no pattern an "InvalidArgument" one.
    #pragma once

    #include <cstdint>

    #include "$base$.h"

    namespace $ns$::driver {

    using Client = $client$;

    // A read's result: the entity (ModelIr().entities index) and its struct's ToItem(), plus
    // model::kVersionAttribute holding the version of a versioned entity's item.
    struct EntityItem {
      int entity = -1;
      model::runtime::Item values;
    };

    // Read pattern `pattern` (a ModelIr().access_patterns index, not an aggregate) with `args`
    // (its `by` attributes by name, the range bounds "from"/"to" or "value").
    model::runtime::Result<model::runtime::Page<EntityItem>> Read(
        Client& db, int pattern, const model::exec::Arguments& args,
        const model::runtime::PageRequest& page = {});
    // Aggregate read pattern `pattern`.
    model::runtime::Result<model::runtime::Decimal> Aggregate(Client& db, int pattern,
                                                              const model::exec::Arguments& args);
    // Write pattern `pattern` (a ModelIr().write_patterns index): `before` (update, delete) and
    // `after` (create, update) as entity values; `versions` the count a versioned entity had;
    // `condition_args` the parameters of the pattern's condition, by name; `also` the items of
    // its `also` update entries. A create drawing a counter leaves out whatever `after` holds in
    // the drawn attribute and sets `drawn` (when not null) to the number it drew.
    model::runtime::Status Write(Client& db, int pattern, const model::runtime::Item* before,
                                 const model::runtime::Item* after, std::int64_t versions,
                                 const model::exec::Arguments& condition_args = {},
                                 const std::vector<model::runtime::AlsoItems>& also = {},
                                 std::int64_t* drawn = nullptr);
    // The typed Load of an entity (a ModelIr().entities index).
    model::runtime::Status Load(Client& db, int entity, const model::runtime::Item& values);
    // `values` through the entity's struct and back (FromItem, then ToItem).
    model::runtime::Result<model::runtime::Item> RoundTrip(int entity,
                                                           const model::runtime::Item& values);
    // The typed method of a read or write pattern, e.g. "Shop::CustomerOrders"; "" for none.
    const char* MethodName(int pattern, bool write);

    }  // namespace $ns$::driver
  )tmpl");
}

// NAME_driver.cpp's includes and its helpers for converting arguments.
void EmitDriverPrologue(Printer& c) {
  Tmpl(c, R"tmpl(
    #include "$base$_driver.h"

    #include <string>
    #include <utility>
    #include <variant>

    namespace $ns$::driver {

    namespace {

    using model::runtime::FromValue;

    [[maybe_unused]] model::runtime::Error BadArgument(const char* pattern, const char* name) {
      return model::runtime::Error{"InvalidValue", std::string(pattern) + ": argument '" + name +
                                                       "' is missing or does not fit its type"};
    }

    [[maybe_unused]] model::runtime::Error MissingItem(const char* pattern, const char* which) {
      return model::runtime::Error{"InvalidArgument",
                                   std::string(pattern) + " needs the entity " + which};
    }

    template <typename T>
    bool Arg(const model::exec::Arguments& args, const char* name, T& out) {
      auto it = args.find(name);
      return it != args.end() && FromValue(it->second, out);
    }

  )tmpl");
}

// Read, Aggregate and Write: a switch over the patterns, each case calling the typed method.
void EmitPatternDispatch(const Gen& g, Printer& c) {
  auto none = [&](const char* what) {
    return std::string("model::runtime::Error{\"InvalidArgument\", \"no ") + what +
           " pattern \" + std::to_string(pattern)}";
  };
  c.Emit({{"cases", [&] { EmitReadCases(g, c, false); }}, {"none", none("read")}}, R"tmpl(
    model::runtime::Result<model::runtime::Page<EntityItem>> Read(
        [[maybe_unused]] Client& db, int pattern, [[maybe_unused]] const model::exec::Arguments& args,
        [[maybe_unused]] const model::runtime::PageRequest& page) {
      switch (pattern) {
        $cases$
        default:
          break;
      }
      return $none$;
    }

  )tmpl");
  c.Emit({{"cases", [&] { EmitReadCases(g, c, true); }}, {"none", none("aggregate")}}, R"tmpl(
    model::runtime::Result<model::runtime::Decimal> Aggregate(
        [[maybe_unused]] Client& db, int pattern,
        [[maybe_unused]] const model::exec::Arguments& args) {
      switch (pattern) {
        $cases$
        default:
          break;
      }
      return $none$;
    }

  )tmpl");
  c.Emit({{"cases", [&] { EmitWriteCases(g, c); }}, {"none", none("write")}}, R"tmpl(
    model::runtime::Status Write([[maybe_unused]] Client& db, int pattern,
                                 [[maybe_unused]] const model::runtime::Item* before,
                                 [[maybe_unused]] const model::runtime::Item* after,
                                 [[maybe_unused]] std::int64_t versions,
                                 [[maybe_unused]] const model::exec::Arguments& condition_args,
                                 [[maybe_unused]] const std::vector<model::runtime::AlsoItems>& also,
                                 [[maybe_unused]] std::int64_t* drawn) {
      switch (pattern) {
        $cases$
        default:
          break;
      }
      return $none$;
    }

  )tmpl");
}

// Load and RoundTrip: a switch over the entities.
void EmitEntityDispatch(const Gen& g, Printer& c) {
  auto per_entity = [&](const char* tmpl) {
    return [&g, &c, tmpl] {
      for (std::size_t i = 0; i < g.model.entities.size(); ++i)
        c.Emit({{"i", i}, {"ent", "::" + g.ns + "::" + EntityName(g, g.model.entities[i])}}, tmpl);
    };
  };
  c.Emit({{"loads", per_entity(R"tmpl(
            case $i$: {
              auto typed = $ent$::FromItem(values);
              if (!typed.ok()) return typed.error();
              return db.Load(*typed);
            }
          )tmpl")},
          {"trips", per_entity(R"tmpl(
            case $i$: {
              auto typed = $ent$::FromItem(values);
              if (!typed.ok()) return typed.error();
              return typed->ToItem();
            }
          )tmpl")}},
         R"tmpl(
    model::runtime::Status Load(Client& db, int entity, const model::runtime::Item& values) {
      switch (entity) {
        $loads$
        default:
          break;
      }
      return model::runtime::Error{"InvalidArgument", "no entity " + std::to_string(entity)};
    }

    model::runtime::Result<model::runtime::Item> RoundTrip(int entity,
                                                           const model::runtime::Item& values) {
      switch (entity) {
        $trips$
        default:
          break;
      }
      return model::runtime::Error{"InvalidArgument", "no entity " + std::to_string(entity)};
    }

  )tmpl");
}

// MethodName: each pattern's typed method, by number; closes the namespace.
void EmitMethodNames(const Gen& g, Printer& c) {
  auto names = [&](bool write) {
    return [&g, &c, write] {
      std::size_t n = write ? g.model.write_patterns.size() : g.model.access_patterns.size();
      for (std::size_t i = 0; i < n; ++i) {
        const std::string& name = write ? g.names.write_method[i] : g.names.read_method[i];
        c.Emit({{"i", i}, {"method", CppStringLiteral(g.client + "::" + name)}},
               "case $i$: return $method$;\n");
      }
    };
  };
  c.Emit({{"reads", names(false)}, {"writes", names(true)}}, R"tmpl(
    const char* MethodName(int pattern, bool write) {
      if (write) {
        switch (pattern) {
          $writes$
          default:
            return "";
        }
      }
      switch (pattern) {
        $reads$
        default:
          return "";
      }
    }

    }  // namespace $ns$::driver
  )tmpl");
}

}  // namespace

std::vector<GeneratedFile> GenerateDriver(const Gen& g, const std::string& source) {
  Printer h, c;
  BeginGeneratedPair(g, source, "model codegen --driver", h, c);
  EmitDriverHeader(h);
  EmitDriverPrologue(c);
  EmitEntries(g, c);
  c.Emit("}  // namespace\n\n");
  EmitPatternDispatch(g, c);
  EmitEntityDispatch(g, c);
  EmitMethodNames(g, c);
  return {GeneratedFile{g.base + "_driver.cpp", c.Release()},
          GeneratedFile{g.base + "_driver.h", h.Release()}};
}

}  // namespace model::codegen
