// From a YAML tree to a ModelDecl: the structure phase of loading.
//
// ReadModelDecl walks the tree the way docs/model-format.md describes the format, reporting
// every structural mistake at once (E1xx: unknown keys, wrong kinds of values, bad words and
// numbers; E2xx for names and attribute types). It resolves nothing across declarations; the
// checker does that only when this phase reported no errors. The Read* section functions are
// exposed so each section's reader can live in its own file.
#pragma once

#include "model/base/diagnostics.h"
#include "model/load/yaml_decl.h"
#include "model/load/yaml_tree.h"

namespace model::load {

ModelDecl ReadModelDecl(const YamlTree& tree, Diagnostics& diags);

// Sections (the node is the section's value).
void ReadTable(const YamlNode& node, ModelDecl& decl, Diagnostics& diags);
void ReadEntities(const YamlNode& node, ModelDecl& decl, Diagnostics& diags);
void ReadRelationships(const YamlNode& node, ModelDecl& decl, Diagnostics& diags);
void ReadAccessPatterns(const YamlNode& node, ModelDecl& decl, Diagnostics& diags);
void ReadWritePatterns(const YamlNode& node, ModelDecl& decl, Diagnostics& diags);
void ReadAggregates(const YamlNode& node, ModelDecl& decl, Diagnostics& diags);
void ReadGenerate(const YamlNode& node, ModelDecl& decl, Diagnostics& diags);

// The attribute type words accepted in `name: type` and `{type: ...}`.
const std::vector<std::string>& AttributeTypeWords();
// The types that are time-ordered identifiers (strings): ulid, ksuid, uuidv7.
const std::vector<std::string>& TimeOrderedTypeWords();

}  // namespace model::load
