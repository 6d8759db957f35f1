// The import's phases and the values between them (not a public header): read.cpp turns the
// JSON into a WbTable (positions kept for errors), infer.cpp a WbTable into a Draft model, and
// yaml_write.cpp a Draft into YAML text.
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "model/base/diagnostics.h"
#include "model/base/source.h"
#include "model/keys/key_template.h"

namespace model::importer {

// One DynamoDB attribute value of a sample item: its type descriptor ("S", "N", "B", "BOOL",
// "NULL", "L", "M", "SS", "NS", "BS") and, for S, N, B and BOOL, its text.
struct WbValue {
  std::string type;
  std::string text;
  // For a non-empty M whose every entry is an M holding an S or N attribute equal to the entry's
  // key (`{"u-1": {"M": {"userId": {"S": "u-1"}, ...}}}`): that attribute's name, the form of an
  // embedded collection (docs/model-format.md "Embedded collections"). Empty otherwise.
  std::string collection_key;
};

struct WbItem {
  std::map<std::string, WbValue> values;
  SourceRange range;
};

struct WbIndex {
  std::string name, pk, sk;                  // sk empty: an index with a partition key alone
  std::string pk_type = "S", sk_type = "S";  // AttributeType: S, N or B
  std::string projection;                    // Projection.ProjectionType as written, or empty
  std::vector<std::string> non_key;          // Projection.NonKeyAttributes (INCLUDE)
  std::vector<SourceRange> non_key_ranges;   // where each of non_key is written
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
  // The attribute whose values name the items' type (`type`, `entityType`...): the one a grouped
  // facet's items were grouped by, or one holding the facet's name on each of its items. Not
  // imported as an attribute: the model writes each item's type itself (`_type`).
  std::string type_attribute;
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
  // Written by `model export --to nosql-workbench` (ModelMetadata: Author "model", and the
  // Description it writes): the facets' key aliases are a model's templates, and its sample
  // items are synthetic ones picked per item type.
  bool model_export = false;
};

// Reads and checks the JSON; false with errors in `diags`.
bool ReadWorkbench(const SourceFile& file, const std::string& table_choice, Diagnostics& diags,
                   WbTable& out);

// Key templates from sample items (templates.cpp).

std::vector<std::string> SplitKey(const std::string& text);  // the parts between '#'
std::string LowerFirst(std::string s);
std::string UpperFirst(std::string s);
// "CUSTOMER_ORDER" / "customer-order" -> "CustomerOrder".
std::string Camel(const std::string& text);

// A placeholder-bearing template's parts: literal text and {names}.
struct Parsed {
  bool ok = true;
  std::vector<std::pair<bool, std::string>> parts;  // (is_attribute, text)
  std::vector<std::string> Attributes() const;      // in order, each once
  std::string Text() const;
  Parsed Merged() const;  // adjacent literals joined
  // The placeholders named in `names` (old -> new) renamed.
  Parsed Renamed(const std::map<std::string, std::string>& names) const;
};

// "CUSTOMER#{customerId}": placeholder names as written.
Parsed ParseTemplate(const std::string& text);

// Where an attribute's values are used, which decides whether text that looks like a time is
// a `timestamp`: the model stores a timestamp in one form, UTC with milliseconds
// (2024-05-01T04:30:00.000Z), and writes every value it stores in that form.
enum class ValueUse {
  // A plain attribute value, or a part of a key template: any ISO-8601 time is a timestamp
  // (where a template holds it, the template's match then decides the type).
  kValue,
  // The key attribute of the table or of an index itself (a natural-key index's `createdAt`):
  // the item's value is the key, byte for byte, so it is a timestamp only when every value is
  // in the model's form already; else re-storing it would change the key's bytes, and with them
  // the sort order and equality the design relies on.
  kKey,
};

// The model type of an attribute from its sample values (and the table's declared type), used
// as `use` says.
std::string TypeOf(const std::vector<const WbValue*>& values, const std::string& declared,
                   ValueUse use);
bool KeyType(const std::string& type);
// How the model encodes a key part of a `type` attribute the import infers (string, integer,
// number, timestamp, date); nullopt for the others.
std::optional<keys::Encoding> KeyEncoding(const std::string& type);

// A key part that holds an attribute's value in a form the model's encoding of the attribute
// cannot reproduce: ORDER#42 for `orderNo: 42`, which the model writes 0000000000000000042.
struct Unencodable {
  std::string attribute, type;         // the attribute and the type it was tried as
  std::string value;                   // the example item's value of it
  std::string segment;                 // the key part holding it
  std::string key_value;               // the example item's whole key
  std::optional<std::string> encoded;  // what the model writes for the value, if anything
  const WbItem* item = nullptr;        // the example item
  std::string new_attribute;           // the attribute the part became instead, if any
};

// "PK 'ORDER#42' holds the value of 'orderNo' (42) as it is, which the model cannot reproduce:
// ... and writes it '0000000000000000042'".
std::string DescribeUnencodable(const std::string& key, const Unencodable& u);

struct Inferred {
  Parsed key;
  std::map<std::string, std::string> implied_types;  // the type each matched attribute takes
  std::vector<std::string> new_attributes;           // placeholders no item attribute matched
  // Each item's value of a new attribute: the key part it holds, as it is.
  struct NewValue {
    const WbItem* item;
    std::string attribute, value;
  };
  std::vector<NewValue> new_values;
  std::vector<Unencodable> unencodable;
  int max_shard = -1;
  bool ok = true;
};

// The types an attribute may take in a key, most specific first (those its values allow).
using CandidateTypes = std::function<std::vector<std::string>(const std::string& attribute)>;

// The template behind a key attribute's values across `items` (each holding `key`), matching
// the parts between '#' to the items' attributes (not those in `excluded`): a part is an
// attribute when, for one of its candidate types, the model's encoding of its value equals the
// part in every item; else a literal when every item has the same text; else (`allow_new`) a
// new attribute named after `name_hint` or the literal before it + "Id", never one in `taken`,
// and without `allow_new` the result is not ok.
Inferred InferTemplate(const std::vector<const WbItem*>& items, const std::string& key,
                       const std::string& name_hint, bool allow_new,
                       const std::set<std::string>& excluded, const CandidateTypes& types,
                       const std::set<std::string>& taken);

// The model to write.
struct DraftAttr {
  std::string name, type;
  bool required = true;
  bool unique = false;
  std::string unique_scope;  // with `unique`: the name space shared with others (`account`)
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
  std::vector<std::string> returns_also;  // read with `returns` from its item collection
  std::vector<std::string> by;
  std::string range_attr, range_op;  // range: { attr: op }
  std::string sort_attr;             // sort: { attr: asc }
  std::string filter_attr, filter_value;
  // `project:`: the attributes read, written for a read pinned to an index projecting INCLUDE
  // (a read without one needs whole items, which such an index does not hold).
  std::vector<std::string> project;
  std::string index;  // pinned index, or empty
  std::string reads;  // the model's name of the existing index it reads, pinned or not; not written
  std::string source;  // the Workbench name of the index it reads; empty for a table read
  int shards = 0;      // pinned shards, or 0
  bool current_only = false;
  std::string note;           // a comment written above the pattern
  bool deduplicated = false;  // its index partition label ends with the entity's label
};

struct DraftRelationship {
  std::string name, from, to;
  std::vector<std::string> link;
  std::string why;
  bool owning = false;  // `to` lives in `from`'s item collection
};

// An index the model declares at table level (`table: indexes:`): its projection, and for an
// inverted index its key attributes (the table's sort key and partition key).
struct DraftIndex {
  std::string name;                  // the model's name (`GSI2`)
  std::string pk, sk;                // key attributes; empty for one keyed GSInPK / GSInSK
  std::string projection;            // ALL, KEYS_ONLY, INCLUDE or empty (not carried)
  std::vector<std::string> include;  // INCLUDE: the non-key attributes
};

struct Draft {
  std::string source, model_name;
  std::string table, pk, sk, index_prefix, billing;
  std::vector<DraftIndex> indexes;  // by ascending index number
  std::vector<DraftEntity> entities;
  std::vector<DraftRelationship> relationships;  // proven by index keys or item collections
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
