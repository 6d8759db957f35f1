// Merge keys ('<<') cost time linear in the entries they copy, and that work is bounded.
#include <catch2/catch.hpp>
#include <sstream>
#include <string>

#include "model/base/diagnostics.h"
#include "model/base/source.h"
#include "model/load/yaml_tree.h"
#include "model_fixture.h"

namespace {

// A model whose first entity anchors `keys` attributes that `maps` more entities merge into
// their own attributes, each adding one attribute of its own.
std::string MergeModel(int keys, int maps) {
  std::ostringstream y;
  y << "entities:\n  E0:\n    identifier: a0\n    attributes: &common\n";
  for (int k = 0; k < keys; ++k) y << "      a" << k << ": string\n";
  for (int m = 1; m <= maps; ++m) {
    y << "  E" << m << ":\n    identifier: a0\n    attributes:\n      <<: *common\n      own" << m
      << ": number\n";
  }
  return y.str();
}

}  // namespace

TEST_CASE("merge keys cost one step per merged entry", "[model][loader][yaml]") {
  constexpr int kKeys = 10000;
  constexpr int kMaps = 95;
  model::SourceFile file("m.yaml", MergeModel(kKeys, kMaps));
  model::Diagnostics diags(&file);
  auto tree = model::load::ParseYaml(file, diags);
  REQUIRE(tree);
  CHECK(diags.Render().empty());
  // Linear: every entry of the anchored mapping is visited once per merge, never compared with
  // every entry merged before it (10,000 keys into 95 mappings took ~28 s when it was).
  CHECK(tree->merge_steps() == std::int64_t{kKeys} * kMaps);
  const auto* entities = tree->root()->Find("entities");
  REQUIRE(entities);
  const auto* last = entities->value->Find("E95");
  REQUIRE(last);
  const auto* attributes = last->value->Find("attributes");
  REQUIRE(attributes);
  CHECK(attributes->value->entries.size() == kKeys + 1);
  CHECK(attributes->value->entries.front().key->text == "own95");

  // The whole loader takes it too: 96 entities of 10,000 attributes each (each warned about as
  // read by no pattern, W001).
  auto loaded = test::Load(MergeModel(kKeys, kMaps));
  CHECK(loaded.diagnostics.find("error") == std::string::npos);
  CHECK(loaded.diagnostics.find("96 warnings generated.") != std::string::npos);
  REQUIRE(loaded.model);
  CHECK(loaded.model->entities.size() == kMaps + 1);
  CHECK(loaded.model->entities.back().attributes.size() == kKeys + 1);
}

TEST_CASE("an explicit key wins over a merged one, and duplicates merge once", "[model][loader]") {
  model::SourceFile file("m.yaml",
                         "a: &a {x: 1, y: 2}\nb: &b {y: 3, z: 4}\nc:\n  <<: [*a, *b]\n  x: 0\n");
  model::Diagnostics diags(&file);
  auto tree = model::load::ParseYaml(file, diags);
  REQUIRE(tree);
  const auto* c = tree->root()->Find("c");
  REQUIRE(c);
  REQUIRE(c->value->entries.size() == 3);
  CHECK(c->value->entries[0].key->text == "x");
  CHECK(c->value->entries[0].value->text == "0");
  CHECK(c->value->entries[1].key->text == "y");
  CHECK(c->value->entries[1].value->text == "2");
  CHECK(c->value->entries[2].key->text == "z");
  CHECK(tree->merge_steps() == 4);
}

TEST_CASE("the work of all merge keys is bounded like expanded aliases", "[model][loader]") {
  // 30 mappings each merge a list of 100 aliases of a 1,000-key mapping: each merge visits
  // 100,000 entries (each list expands to ~200,000 nodes, within the bound), but together they
  // would visit 3,000,000, more than kMaxExpandedNodes.
  std::ostringstream y;
  y << "base: &b\n";
  for (int k = 0; k < 1000; ++k) y << "  k" << k << ": 1\n";
  y << "many: &many [";
  for (int i = 0; i < 100; ++i) y << (i ? ", " : "") << "*b";
  y << "]\nmaps:\n";
  for (int m = 0; m < 30; ++m) y << "  m" << m << ": {<<: *many}\n";
  model::SourceFile file("m.yaml", y.str());
  model::Diagnostics diags(&file);
  CHECK_FALSE(model::load::ParseYaml(file, diags));
  CHECK(diags.Render() ==
        "m.yaml:1024:8: error: the merge keys ('<<') of this file copy more than 2000000 entries; "
        "a model is far smaller, so merge less (or not at all) [E110]\n"
        " 1024 |   m20: {<<: *many}\n"
        "      |        ^\n"
        "1 error generated.\n");
}
