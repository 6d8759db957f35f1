// Key templates: building, rendering, collisions, and the names derived from identifiers.
#include <catch2/catch.hpp>
#include <map>
#include <optional>
#include <string>

#include "model/keys/key_template.h"

using model::keys::Encoding;
using model::keys::KeyTemplate;
using model::keys::MayBeginWith;
using model::keys::MayCollide;
using model::keys::TemplateBuilder;

namespace {

model::keys::ValueLookup From(std::map<std::string, std::string> values) {
  return [values = std::move(values)](const std::string& name) -> std::optional<std::string> {
    auto it = values.find(name);
    if (it == values.end()) return std::nullopt;
    return it->second;
  };
}

KeyTemplate Order() {
  return TemplateBuilder()
      .Literal("ORDER")
      .Sep()
      .Attr("placedAt", Encoding::kTimestamp)
      .Sep()
      .Attr("orderId", Encoding::kText)
      .Build();
}

}  // namespace

TEST_CASE("a template's text, attributes and literal prefix", "[keys]") {
  KeyTemplate t = Order();
  CHECK(t.ToString() == "ORDER#{placedAt}#{orderId}");
  CHECK(t.Attributes() == std::vector<std::string>{"placedAt", "orderId"});
  CHECK(t.Uses("orderId"));
  CHECK_FALSE(t.Uses("ORDER"));
  CHECK(t.LiteralPrefix() == "ORDER#");
  // Adjacent literals merge into one part; Append copies parts.
  KeyTemplate merged = TemplateBuilder().Literal("A").Sep().Literal("B").Build();
  REQUIRE(merged.parts.size() == 1);
  CHECK(merged.parts[0].text == "A#B");
  CHECK(merged.LiteralPrefix() == "A#B");
  KeyTemplate appended = TemplateBuilder().Literal("X").Sep().Append(Order()).Build();
  CHECK(appended.ToString() == "X#ORDER#{placedAt}#{orderId}");
  CHECK(TemplateBuilder()
            .Attr("a", Encoding::kText)
            .Attr("a", Encoding::kText)
            .Build()
            .Attributes() == std::vector<std::string>{"a"});
}

TEST_CASE("RenderKey encodes each placeholder; absent or invalid values render nothing", "[keys]") {
  KeyTemplate t = Order();
  CHECK(*model::keys::RenderKey(t,
                                From({{"placedAt", "2024-03-05T07:08:09Z"}, {"orderId", "o#1"}})) ==
        "ORDER#2024-03-05T07:08:09.000Z#o%231");
  CHECK_FALSE(model::keys::RenderKey(t, From({{"placedAt", "2024-03-05T07:08:09Z"}})));
  CHECK_FALSE(model::keys::RenderKey(t, From({{"placedAt", "yesterday"}, {"orderId", "o-1"}})));
  KeyTemplate sharded =
      TemplateBuilder().Literal("OPEN").Sep().Attr("_shard", Encoding::kShard, 2).Build();
  CHECK(*model::keys::RenderKey(sharded, From({{"_shard", "7"}})) == "OPEN#07");
  CHECK(*model::keys::RenderKey(KeyTemplate{}, From({})) == "");
}

TEST_CASE("MayCollide: literal text exactly, placeholders any run without a separator", "[keys]") {
  auto attr = [](const char* literal, const char* name) {
    return TemplateBuilder().Literal(literal).Sep().Attr(name, Encoding::kText).Build();
  };
  CHECK(MayCollide(attr("ORDER", "id"), attr("ORDER", "other")));
  CHECK_FALSE(MayCollide(attr("ORDER", "id"), attr("CUSTOMER", "id")));
  // A different number of separators never collides: values cannot hold one.
  CHECK_FALSE(MayCollide(attr("ORDER", "id"), Order()));
  // A placeholder can produce the other template's literal text.
  KeyTemplate glob = TemplateBuilder().Literal("A").Attr("x", Encoding::kText).Build();
  CHECK(MayCollide(glob, TemplateBuilder().Literal("AB").Build()));
  CHECK_FALSE(MayCollide(glob, TemplateBuilder().Literal("B").Build()));
  // Fixed-width placeholders only match text of their width.
  KeyTemplate shard = TemplateBuilder().Literal("S").Attr("_shard", Encoding::kShard, 2).Build();
  CHECK(MayCollide(shard, TemplateBuilder().Literal("S12").Build()));
  CHECK_FALSE(MayCollide(shard, TemplateBuilder().Literal("S1").Build()));
  // Two placeholders: compatible literal prefixes and suffixes.
  KeyTemplate az = TemplateBuilder().Literal("A").Attr("x", Encoding::kText).Literal("Z").Build();
  CHECK(MayCollide(az, TemplateBuilder().Literal("AB").Attr("y", Encoding::kText).Build()));
  CHECK_FALSE(MayCollide(az, TemplateBuilder().Literal("B").Attr("y", Encoding::kText).Build()));
  CHECK_FALSE(MayCollide(
      az, TemplateBuilder().Literal("A").Attr("y", Encoding::kText).Literal("Y").Build()));
}

TEST_CASE("MayBeginWith: a begins_with prefix over the same segments as MayCollide", "[keys]") {
  KeyTemplate bare = TemplateBuilder().Attr("customerId", Encoding::kText).Build();
  // A placeholder renders no separator: a one-part key cannot begin with `ORDER#`.
  CHECK_FALSE(MayBeginWith(bare, "ORDER#"));
  CHECK(MayBeginWith(bare, "ORD"));
  CHECK(MayBeginWith(bare, "ORDER"));
  CHECK(MayBeginWith(bare, ""));
  KeyTemplate order =
      TemplateBuilder().Literal("ORDER").Sep().Attr("orderId", Encoding::kText).Build();
  CHECK(MayBeginWith(order, "ORDER#"));
  CHECK(MayBeginWith(order, "ORDER#A"));
  CHECK(MayBeginWith(order, "OR"));
  CHECK_FALSE(MayBeginWith(order, "ISSUE#"));
  CHECK_FALSE(MayBeginWith(order, "ORDER#A#"));
  KeyTemplate literal = TemplateBuilder().Literal("ISSUE").Build();
  CHECK(MayBeginWith(literal, "ISS"));
  CHECK_FALSE(MayBeginWith(literal, "ISSUE#"));
  CHECK_FALSE(MayBeginWith(literal, "COMMENT"));
}
