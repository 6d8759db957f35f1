// `model import FILE --from nosql-workbench`: a NoSQL Workbench data model (JSON, "Version":
// "3.0") turned into the YAML text of a starting model (docs/import.md).
//
// What is read: ModelName, and one DataModel entry (TableName, KeyAttributes, NonKeyAttributes,
// GlobalSecondaryIndexes, TableFacets with FacetName, KeyAttributeAlias, NonKeyAttributes and
// TableData, the table's TableData, BillingMode). What is written: the table (name, key names,
// index prefix, billing), one entity per item type (a facet, or a group of sample items sharing
// a type attribute or key prefixes) with its attributes and types inferred from the sample
// items and its table key templates pinned (`keys:`), one read pattern per item type and per
// index its items are in (pinned to that index), relationships the index keys prove, owning
// relationships and a collection read for entities sharing a parent's partition key (an item
// collection), and
// commented-out suggestions for what a Workbench model does not hold (counts, sizes, rates,
// relationships the keys only hint at). Facets named `Entity.suffix`, as `model export --to
// nosql-workbench` writes them, are read back as what they are: `Entity.history` (a versioned
// entity), `Entity.attr` (a unique attribute), `Entity.pattern` (the facet item of a pattern).
//
// Errors (never exceptions): text that is not UTF-8 (E102), invalid JSON (E601), a value of the
// wrong kind or a missing key (E602), something a model cannot express (E603), and what DynamoDB
// itself refuses: a sample item's key attribute of another type than declared (E524), indexes
// sharing a name (E525), a key schema naming one attribute twice (E526); each at the JSON
// value's line and column in `file`.
// Warnings, when the model is written all the same: a key part holding an attribute's value in a
// form the model's key encoding cannot reproduce (W526), index keys on some items that nothing
// tells apart (W527), attributes renamed to model identifiers (W528); guesses about item
// collections: several possible parents (W530), children without a parent item (W531); an index
// the model cannot pin, one without a sort key among them (W520); an INCLUDE projection entry
// the model's list cannot hold (W550).
#pragma once

#include <optional>
#include <string>

#include "model/base/diagnostics.h"
#include "model/base/source.h"

namespace model::importer {

struct WorkbenchImportOptions {
  // The DataModel entry to import, by TableName; empty: the file must hold exactly one table.
  std::string table;
};

// The model's YAML text (LF line ends, one final newline), or nullopt with errors in `diags`.
std::optional<std::string> ImportWorkbench(const SourceFile& file,
                                           const WorkbenchImportOptions& options,
                                           Diagnostics& diags);

}  // namespace model::importer
