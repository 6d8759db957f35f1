// The import's phases and the values between them (not a public header): read.cpp turns the
// JSON into a WbTable (positions kept for errors), infer.cpp a WbTable into a Draft model, and
// yaml_write.cpp a Draft into YAML text.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "model/base/diagnostics.h"
#include "model/base/source.h"

namespace model::importer {

// One DynamoDB attribute value of a sample item: its type descriptor ("S", "N", "B", "BOOL",
// "NULL", "L", "M", "SS", "NS", "BS") and, for S, N, B and BOOL, its text.
struct WbValue {
  std::string type;
  std::string text;
};

struct WbItem {
  std::map<std::string, WbValue> values;
  SourceRange range;
};

struct WbIndex {
  std::string name, pk, sk;
  SourceRange range;
};

// A facet, or a group of the table's sample items that no facet lists.
struct WbFacet {
  std::string name;
  std::string pk_alias, sk_alias;    // empty when not given
  std::vector<std::string> non_key;  // the facet's NonKeyAttributes, in order
  std::vector<WbItem> items;
  SourceRange range;
  bool grouped = false;  // built from the table's items (no facet)
};

struct WbTable {
  std::string model_name;
  std::string name, pk, sk;
  std::vector<std::pair<std::string, std::string>> attributes;  // NonKeyAttributes: name, type
  std::vector<WbIndex> indexes;
  std::vector<WbFacet> facets;
  std::vector<WbItem> items;  // the table's TableData
  std::string billing;        // BillingMode as written, or empty
  SourceRange range;
};

// Reads and checks the JSON; false with errors in `diags`.
bool ReadWorkbench(const SourceFile& file, const std::string& table_choice, Diagnostics& diags,
                   WbTable& out);

// The model to write.
struct DraftAttr {
  std::string name, type;
  bool required = true;
  bool unique = false;
};

struct DraftEntity {
  std::string name;
  std::string from;  // "facet Customer" or "items with type = CUSTOMER"
  std::vector<DraftAttr> attributes;
  std::vector<std::string> identifier;
  std::string pk, sk;  // pinned templates
  // Pinned index keys of the entity's own item: index name, pk and sk templates.
  struct IndexKeys {
    std::string index, pk, sk;
  };
  std::vector<IndexKeys> index_keys;
  bool versioned = false;
  std::size_t samples = 0;
};

struct DraftPattern {
  std::string name, description, returns;
  std::vector<std::string> by;
  std::string range_attr, range_op;  // range: { attr: op }
  std::string sort_attr;             // sort: { attr: asc }
  std::string filter_attr, filter_value;
  std::string index;  // pinned index, or empty
  int shards = 0;     // pinned shards, or 0
  bool current_only = false;
  std::string note;           // a comment written above the pattern
  bool deduplicated = false;  // its index partition label ends with the entity's label
};

struct DraftRelationship {
  std::string name, from, to;
  std::vector<std::string> link;
  std::string why;
};

struct Draft {
  std::string source, model_name;
  std::string table, pk, sk, index_prefix, billing;
  std::vector<DraftEntity> entities;
  std::vector<DraftRelationship> relationships;  // proven by index keys
  std::vector<DraftRelationship> suggestions;    // written commented out
  std::vector<DraftPattern> patterns;
  std::vector<std::string> notes;  // comments at the top
};

// Infers the model; false with errors in `diags` (a facet with neither templates nor items).
bool InferDraft(const WbTable& table, Diagnostics& diags, Draft& out);

std::string WriteYaml(const Draft& draft);

// `name` as a model identifier ([A-Za-z_][A-Za-z0-9_]*): other characters become '_', a
// leading digit gets a '_' before it; never empty.
std::string Identifier(const std::string& name);

}  // namespace model::importer
