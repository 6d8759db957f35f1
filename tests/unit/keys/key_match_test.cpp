// Reading a rendered key's values back through its template (model/keys/key_match.h).
#include "model/keys/key_match.h"

#include <catch2/catch.hpp>
#include <map>
#include <optional>
#include <string>

using model::keys::Encoding;
using model::keys::ReadKeyValues;
using model::keys::TemplateBuilder;

TEST_CASE("a rendered key's text placeholders are read back", "[keys][match]") {
  auto t = TemplateBuilder()
               .Literal("GROUP")
               .Sep()
               .Attr("groupId", Encoding::kText)
               .Sep()
               .Attr("role", Encoding::kEnum)
               .Build();
  auto values = ReadKeyValues(t, "GROUP#g%231#OWNER");
  REQUIRE(values);
  CHECK(*values == std::map<std::string, std::string>{{"groupId", "g#1"}, {"role", "OWNER"}});
  // The same values render the key again.
  auto lookup = [&](const std::string& n) -> std::optional<std::string> {
    auto it = values->find(n);
    if (it == values->end()) return std::nullopt;
    return it->second;
  };
  CHECK(model::keys::RenderKey(t, lookup) == "GROUP#g%231#OWNER");
}

TEST_CASE("a key of another shape is not read", "[keys][match]") {
  auto t = TemplateBuilder().Literal("USER").Sep().Attr("userId", Encoding::kText).Build();
  CHECK(!ReadKeyValues(t, "GROUP#g1"));   // another literal
  CHECK(!ReadKeyValues(t, "USER#"));      // an empty value
  CHECK(!ReadKeyValues(t, "USER#u1#x"));  // more than the template holds
}

TEST_CASE("placeholders whose encoding normalizes the value are matched, not read",
          "[keys][match]") {
  auto t = TemplateBuilder()
               .Literal("ORDER")
               .Sep()
               .Attr("placedAt", Encoding::kTimestamp)
               .Sep()
               .Attr("orderId", Encoding::kText)
               .Build();
  auto values = ReadKeyValues(t, "ORDER#2024-01-02T03:04:05.000Z#o1");
  REQUIRE(values);
  CHECK(*values == std::map<std::string, std::string>{{"orderId", "o1"}});
  CHECK(!model::keys::KeyValueReadable(Encoding::kTimestamp));
  CHECK(model::keys::KeyValueReadable(Encoding::kEnum));
}
