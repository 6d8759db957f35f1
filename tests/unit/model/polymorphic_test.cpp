// Polymorphic associations (`from: [Issue, PullRequest]`, `kind: targetKind`): expanded into one
// relationship per parent, keyed by the parent's partition (the kind rendered as its label),
// proven by `model check`, and a layout that drops the kind from the key caught.
#include <algorithm>
#include <catch2/catch.hpp>
#include <string>

#include "model/base/casing.h"
#include "model/check/check.h"
#include "model/exec/items.h"
#include "model/exec/writes.h"
#include "model/sim/engine/database.h"
#include "model_fixture.h"
#include "tests/support/mutate.h"

namespace {

std::string Failures(const model::CheckReport& report) {
  std::string out;
  for (const auto& p : report.patterns) {
    for (const auto& f : p.failures) out += p.name + ": " + f + "\n";
  }
  return out;
}

std::string Model() { return test::ReadSource("tests/golden/design-polymorphic/model.yaml"); }

const model::ItemType& MainItem(const model::Model& m, const model::KeyLayout& layout,
                                const std::string& entity) {
  model::EntityId e = m.FindEntity(entity);
  REQUIRE(e >= 0);
  return layout.item_types[static_cast<std::size_t>(layout.ItemTypesOf(e).front())];
}

}  // namespace

TEST_CASE("the kind's label is the entity's label", "[model][polymorphic]") {
  for (const char* name : {"Issue", "PullRequest", "HTTPServer", "Order2Line", "a_b", "x"})
    CHECK(model::keys::LabelText(name) == model::UpperSnake(name));
  CHECK(model::keys::EncodeKeyValue(model::Encoding::kLabel, "PullRequest") == "PULL_REQUEST");
  CHECK_FALSE(model::keys::EncodeKeyValue(model::Encoding::kLabel, "##"));
}

TEST_CASE("a polymorphic association is one relationship per parent", "[model][polymorphic]") {
  auto l = test::Load(Model());
  INFO(l.diagnostics);
  REQUIRE(l.model);
  const model::Model& m = *l.model;
  REQUIRE(m.relationships.size() == 4);
  const model::EntityId issue = m.FindEntity("Issue");
  const model::EntityId pr = m.FindEntity("PullRequest");
  for (std::size_t r = 0; r < 2; ++r) {
    const model::Relationship& rel = m.relationships[r];
    CHECK(rel.name == "reactions");
    CHECK(rel.from == (r == 0 ? issue : pr));
    CHECK(rel.parents == std::vector<model::EntityId>{issue, pr});
    const model::Entity& reaction = m.entities[static_cast<std::size_t>(rel.to)];
    CHECK(reaction.attributes[static_cast<std::size_t>(rel.kind)].name == "targetKind");
    REQUIRE(rel.link.size() == 1);
    CHECK(reaction.attributes[static_cast<std::size_t>(rel.link[0])].name == "targetId");
    CHECK(rel.owning);
  }
  // 20k comments over 2k issues and 1k pull requests: about 6.7 per parent, not 10 or 20.
  CHECK(m.ChildrenPerParent(m.relationships[2]) == Approx(20000.0 / 3000.0));
}

TEST_CASE("polymorphic children live in their parent's partition", "[model][polymorphic]") {
  auto d = test::Derive(Model());
  INFO(d.diagnostics);
  REQUIRE(d.layout);
  const model::Model& m = *d.loaded.model;
  CHECK(MainItem(m, *d.layout, "Issue").partition_key.ToString() == "ISSUE#{number}");
  const model::ItemType& reaction = MainItem(m, *d.layout, "Reaction");
  CHECK(reaction.partition_key.ToString() == "{targetKind}#{targetId}");
  REQUIRE(!reaction.partition_key.parts.empty());
  CHECK(reaction.partition_key.parts[0].encoding == model::Encoding::kLabel);
  auto render = [&](const std::string& kind, const std::string& id) {
    return model::RenderKey(reaction.partition_key,
                            [&](const std::string& name) -> std::optional<std::string> {
                              if (name == "targetKind") return kind;
                              if (name == "targetId") return id;
                              return std::nullopt;
                            });
  };
  CHECK(render("Issue", "5") == "ISSUE#0000000000000000005");
  CHECK(render("PullRequest", "5") == "PULL_REQUEST#0000000000000000005");
  // Comments have partitions of their own; their index view is the parent's partition.
  const model::ItemType& comment = MainItem(m, *d.layout, "Comment");
  REQUIRE(comment.index_keys.size() == 1);
  CHECK(comment.index_keys[0].partition_key.ToString() == "{parentKind}#{parentId}");
}

TEST_CASE("model check honours the kind, and a key without it fails",
          "[model][polymorphic][mutation]") {
  auto d = test::Derive(Model());
  REQUIRE(d.layout);
  model::check::CheckOptions options;
  options.items = 800;
  auto report = model::check::RunCheck(*d.loaded.model, *d.layout, options);
  REQUIRE(report.ok());
  INFO(Failures(*report));
  CHECK(report->passed());
  auto mutations = model::Mutations(*d.loaded.model, *d.layout);
  auto it = std::find_if(mutations.begin(), mutations.end(), [](const model::Mutation& mu) {
    return mu.kind == model::MutationKind::kKindDropped;
  });
  REQUIRE(it != mutations.end());
  INFO(it->description);
  CHECK(std::find(it->breaks.begin(), it->breaks.end(), "reactionsOf") != it->breaks.end());
  auto broken = model::check::RunCheck(*d.loaded.model, it->layout, options);
  REQUIRE(broken.ok());
  INFO(Failures(*broken));
  CHECK_FALSE(broken->passed());
  bool reactions_failed = false;
  for (const auto& p : broken->patterns) {
    if (p.name == "reactionsOf" || p.name == "latestComments")
      reactions_failed = reactions_failed || !p.failures.empty();
  }
  CHECK(reactions_failed);
}

TEST_CASE("a write whose kind is no parent's name is refused before anything is sent",
          "[model][polymorphic]") {
  auto d = test::Derive(Model());
  REQUIRE(d.layout);
  const model::Model& m = *d.loaded.model;
  std::size_t w = 0;
  while (m.write_patterns[w].name != "react") ++w;
  auto opened = sim::Database::Open({});
  REQUIRE(opened.ok());
  auto db = std::move(opened.value());
  REQUIRE(db->CreateTable(model::exec::CreateTableRequest(*d.layout)).ok());
  auto reaction = [](const std::string& kind) {
    return model::exec::Record{{{{"targetKind", sim::AttributeValue::S(kind)},
                                 {"targetId", sim::AttributeValue::N("5")},
                                 {"reactionId", sim::AttributeValue::S("r1")},
                                 {"emoji", sim::AttributeValue::S("+1")},
                                 {"createdAt", sim::AttributeValue::S("2024-05-01T10:00:00Z")}}}};
  };
  auto items = [&] {
    sim::ScanRequest scan;
    scan.table_name = d.layout->table_name;
    auto got = db->Scan(scan);
    REQUIRE(got.ok());
    return got->items.size();
  };
  // "issue" would render ISSUE#5, the partition of issue #5, though no parent is named so.
  for (const char* kind : {"issue", "Issues", "Comment"}) {
    model::exec::Record after = reaction(kind);
    model::exec::WriteStats ws;
    auto refused =
        model::exec::ApplyWrite(*db, m, *d.layout, d.layout->writes[w], nullptr, &after, ws);
    REQUIRE_FALSE(refused.ok());
    CHECK(refused.error().name == "ValidationException");
    CHECK(refused.error().message.find("'Issue', 'PullRequest'") != std::string::npos);
    CHECK(ws.requests == 0);
    CHECK(items() == 0);
  }
  model::exec::Record after = reaction("Issue");
  model::exec::WriteStats ws;
  auto done = model::exec::ApplyWrite(*db, m, *d.layout, d.layout->writes[w], nullptr, &after, ws);
  INFO((done.ok() ? std::string() : done.error().message));
  CHECK(done.ok());
  CHECK(items() == 1);
}
