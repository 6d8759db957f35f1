// Shared by the C++ generator's files: the naming context and the pieces each file emits.
// Every Emit* appends to a header (`h`) and/or a source (`c`) string; deterministic.
#pragma once

#include <string>

#include "codegen/cpp/cpp.h"
#include "codegen/cpp/names.h"
#include "model/layout.h"
#include "model/model.h"

namespace model::codegen {

struct Gen {
  const Model& model;
  const KeyLayout& layout;
  std::string base;    // file base name
  std::string ns;      // namespace
  std::string client;  // the client class name
};

// The C++ type of an attribute (without std::optional), e.g. "std::string", "OrderStatus".
std::string CppType(const Gen& g, const Entity& entity, const Attribute& attr);
// ... and with std::optional for an optional attribute.
std::string FieldType(const Gen& g, const Entity& entity, const Attribute& attr);
std::string EntityName(const Entity& entity);
std::string EnumName(const Entity& entity, const Attribute& attr);

// ir.cpp: ModelIr() and LayoutIr(), the embedded IR.
void EmitIr(const Gen& g, std::string& c);
// entities.cpp: enums and entity structs with ToItem/FromItem.
void EmitEntities(const Gen& g, std::string& h, std::string& c);
// keys.cpp: key builders and parsers per item type and index.
void EmitKeys(const Gen& g, std::string& h, std::string& c);
// reads.cpp: parameter structs (header) and read methods (declarations, definitions).
void EmitReadTypes(const Gen& g, std::string& h);
void EmitReads(const Gen& g, std::string& h, std::string& c);
// writes.cpp: write methods.
void EmitWrites(const Gen& g, std::string& h, std::string& c);

}  // namespace model::codegen
