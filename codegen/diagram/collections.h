// Item collections, shared by the table and index diagrams (internal to codegen/diagram).
//
// A collection is what one partition-key shape holds: the item types whose partition-key
// templates agree once placeholder names are forgotten (EMPLOYEE#{employeeId} and
// EMPLOYEE#{accountRepId} are the same partitions), ordered by sort-key template. Collections
// come in the order of their first item type; each is drawn as a band of rows of one
// HTML-like table whose first cell (port "c<i>") spans the band, and every access pattern served
// by the table or index gets a row (port "p<pattern id>") in a node on the left with an edge to
// each collection it reads.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "codegen/writer/printer.h"
#include "model/layout.h"
#include "model/model.h"

namespace model::codegen::diagram {

struct CollectionRow {
  int item_type = -1;                // KeyLayout::item_types
  const KeyTemplate* partition_key;  // the item type's, on the table or the index
  const KeyTemplate* sort_key;
  const IndexKeys* index_keys;  // null on the table
};

struct Collection {
  std::vector<std::string> partition_keys;  // distinct templates, in row order
  std::vector<CollectionRow> rows;
};

// The collections of the table (`index` 0) or of index number `index`.
std::vector<Collection> Collections(const KeyLayout& layout, int index);

// "Employee", "Employee.byHireDate (facet)"; with `sharded`, "Order, 13 write shards" when
// the type is write-sharded.
std::string ItemTypeText(const ItemType& type, bool sharded);

// The node "items": a header row of `headers` filled with `fill`, then each collection's band.
// `cells` gives the contents (HTML) of a row's cells after the partition-key cell.
void EmitItemsNode(Printer& p, const std::vector<std::string>& headers, const char* fill,
                   const std::vector<Collection>& collections,
                   const std::function<std::vector<std::string>(const CollectionRow&)>& cells);

// The node "patterns" listing the read patterns whose plan uses `index`, with an edge from each
// to the collections holding what it returns. Nothing when no pattern uses the index.
void EmitPatterns(Printer& p, const Model& model, const KeyLayout& layout, int index,
                  const std::vector<Collection>& collections);

}  // namespace model::codegen::diagram
