// An index diagram: the item types one GSI re-keys, when an item is left out (sparse), and the
// access patterns the index serves.
#include <string>
#include <vector>

#include "codegen/diagram/collections.h"
#include "codegen/diagram/diagram.h"
#include "codegen/diagram/dot_text.h"
#include "codegen/writer/escape.h"
#include "codegen/writer/printer.h"

namespace model::codegen {

using namespace diagram;

namespace {

// When an item type's entry is written: every `only_when` condition holds and every optional
// attribute the keys name is present.
std::vector<std::string> SparseConditions(const Model& model, const ItemType& type,
                                          const IndexKeys& keys) {
  std::vector<std::string> conditions;
  for (const auto& c : keys.only_when) conditions.push_back(c.attribute + " = " + c.value);
  if (type.entity < 0 || type.entity >= static_cast<EntityId>(model.entities.size())) {
    return conditions;
  }
  const Entity& entity = model.entities[type.entity];
  std::vector<std::string> names = keys.partition_key.Attributes();
  for (const auto& n : keys.sort_key.Attributes()) names.push_back(n);
  std::vector<std::string> seen;
  for (const auto& n : names) {
    AttrId a = entity.FindAttribute(n);
    if (a < 0 || entity.attributes[a].required) continue;
    bool repeated = false;
    for (const auto& s : seen) repeated = repeated || s == n;
    if (repeated) continue;
    seen.push_back(n);
    conditions.push_back(n + " is set");
  }
  return conditions;
}

}  // namespace

std::string IndexDot(const Model& model, const KeyLayout& layout, int index) {
  const IndexLayout* gsi = nullptr;
  for (const auto& i : layout.indexes) {
    if (i.number == index) gsi = &i;
  }
  IndexLayout missing;
  if (gsi == nullptr) {
    missing.name = layout.IndexName(index);
    gsi = &missing;
  }
  Printer p;
  std::string projection = ProjectionName(gsi->projection);
  if (gsi->projection == Projection::kInclude) {
    std::string names;
    for (const auto& a : gsi->projected_attributes) names += (names.empty() ? "" : ", ") + a;
    projection += " (" + names + ")";
  }
  // A GSI may have no sort key (a natural-key index keyed on `email` alone): no column for one.
  const bool sorted = !gsi->sort_key.empty();
  std::string title = "<b>" + Html(gsi->name) + "</b> of " + Html(layout.table_name, 64) +
                      ": items re-keyed by " + Html(gsi->partition_key) + " (partition key)" +
                      (sorted ? ", " + Html(gsi->sort_key) + " (sort key)" : std::string()) +
                      "; projection " + Html(projection, 80);
  OpenGraph(p, model.path, "index_" + gsi->name, "LR", title);
  auto collections = Collections(layout, index);
  std::vector<std::string> headers{gsi->partition_key};
  if (sorted) headers.push_back(gsi->sort_key);
  headers.push_back("Item type");
  headers.push_back("In the index only when");
  EmitItemsNode(p, headers, kIndex, collections, [&](const CollectionRow& row) {
    const ItemType& type = layout.item_types[row.item_type];
    std::vector<std::string> cells;
    if (sorted)
      cells.push_back("<font face=\"" + std::string(kMono) + "\">" +
                      Html(row.sort_key->ToString()) + "</font>");
    cells.push_back("<b>" +
                    Html(ItemTypeText(type, row.partition_key->Uses(kShardAttribute) ||
                                                row.sort_key->Uses(kShardAttribute))) +
                    "</b>");
    std::vector<std::string> lines;
    for (const auto& c : SparseConditions(model, type, *row.index_keys))
      lines.push_back(Clip(c, 40));
    cells.push_back(lines.empty()
                        ? "<font color=\"" + std::string(kMuted) + "\">always</font>"
                        : "<font color=\"" + std::string(kKey) + "\">" + Lines(lines) + "</font>");
    return cells;
  });
  p.Emit("\n");
  EmitPatterns(p, model, layout, index, collections);
  CloseGraph(p);
  return p.Release();
}

}  // namespace model::codegen
