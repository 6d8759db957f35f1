// Every identifier the C++ generator writes for a model, decided once, before anything is
// emitted, so that no two things in one C++ scope share a name (docs/codegen.md "Names").
//
// Each scope is assigned with AssignNames (codegen/writer/namer.h): the namespace (entity
// structs, the NewX structs of counter-drawn creates, key functions, enums, pattern types, the
// client class), the client class (one method per pattern), each struct (its fields) and each
// write method (its parameters). A name taken by what the generated code always declares, by an
// element claiming earlier or by another element of the same claim gets '_' where its model part
// meets the generated one, then that '_' followed by the hex of its model text; which element
// keeps the plain name depends only on the model, never on declaration order. Plain names are
// those the generator always wrote, so a model without clashes generates the same text as before.
#pragma once

#include <map>
#include <set>
#include <string>
#include <vector>

#include "model/layout.h"
#include "model/model.h"

namespace model::codegen {

struct CppNames {
  // The namespace.
  std::vector<std::string> entity;  // struct per entity
  // Per entity with a counter-drawn attribute (model.h Attribute::counter), the struct its
  // creates take: the entity without that attribute ("" for other entities).
  std::vector<std::string> draft;
  std::vector<std::vector<std::string>> enum_type;    // [entity][attribute]; "" unless an enum
  std::vector<std::vector<std::string>> enum_parser;  // Parse<enum>
  std::vector<std::string> item_key;                  // per item type: <type>Key
  std::vector<std::string> item_key_parser;           // Parse<type>Key
  std::vector<std::vector<std::string>> index_key;    // per item type, per index entry
  std::vector<std::string> params;                    // per access pattern: <pattern>Params
  std::vector<std::string> variant;    // <pattern>Item, for a pattern returning several entities
  std::vector<std::string> condition;  // per write pattern: <pattern>Condition ("" if none)
  std::string client;

  // The client class: each pattern's method, and every name a member of the class has (the
  // methods and the fixed members), which a type the class names must not be spelled as.
  std::vector<std::string> read_method;
  std::vector<std::string> write_method;
  std::set<std::string> members;

  // Structs' fields: an entity's (also its NewX's), its version field ("" unless versioned); a
  // read's parameters (per `by` name, in order) and range bounds; a condition's fields by
  // parameter name.
  std::vector<std::vector<std::string>> field;
  std::vector<std::string> version_field;
  std::vector<std::vector<std::string>> param_field;
  std::vector<std::vector<std::string>> bound_field;
  std::vector<std::map<std::string, std::string>> condition_field;

  // A write method's parameters for its `also` update and delete entries: the other entity's
  // item before (and after, for an update), per entry ("" for a check entry).
  std::vector<std::vector<std::string>> also_before;
  std::vector<std::vector<std::string>> also_after;
};

// `client`: the client class's plain name (the table's or the --name, in upper camel case); it
// gets "Table" appended while a name of the namespace has it.
CppNames AssignCppNames(const Model& model, const KeyLayout& layout, const std::string& client);

}  // namespace model::codegen
