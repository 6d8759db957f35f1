// The table diagram: the table's item collections and the access patterns it serves.
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

std::string Joined(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& i : items) out += (out.empty() ? "" : ", ") + i;
  return out;
}

}  // namespace

std::string TableDot(const Model& model, const KeyLayout& layout) {
  Printer p;
  std::string title = "<b>" + Html(layout.table_name, 64) + "</b>: item collections by " +
                      Html(layout.partition_key) + " (partition key), " + Html(layout.sort_key) +
                      " (sort key)";
  OpenGraph(p, model.path, "table", "LR", title);
  auto collections = Collections(layout, 0);
  std::vector<std::string> headers{layout.partition_key, layout.sort_key, "Item type",
                                   "Attributes"};
  if (!layout.indexes.empty()) headers.push_back("Indexes");
  EmitItemsNode(p, headers, kHeader, collections, [&](const CollectionRow& row) {
    const ItemType& type = layout.item_types[row.item_type];
    std::vector<std::string> cells;
    cells.push_back("<font face=\"" + std::string(kMono) + "\">" + Html(row.sort_key->ToString()) +
                    "</font>");
    cells.push_back("<b>" + Html(ItemTypeText(type, false)) + "</b>");
    cells.push_back("<font point-size=\"9\" color=\"" + std::string(kMuted) + "\">" +
                    Lines(Wrap(Joined(type.attributes), 38, 4)) + "</font>");
    if (!layout.indexes.empty()) {
      std::vector<std::string> names;
      for (const auto& k : type.index_keys) names.push_back(layout.IndexName(k.index));
      cells.push_back(Lines(Wrap(Joined(names), 24, 3)));
    }
    return cells;
  });
  p.Emit("\n");
  EmitPatterns(p, model, layout, 0, collections);
  CloseGraph(p);
  return p.Release();
}

}  // namespace model::codegen
