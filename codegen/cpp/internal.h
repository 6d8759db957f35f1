// Shared by the C++ generator's files: the naming context and the pieces each file emits.
// Every Emit* writes, through codegen_writer's Printer ($var$ templates), to a header (`h`)
// and/or a source (`c`); deterministic. GenerateCpp binds $ns$, $base$, $client$ and $source$
// on both printers.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "codegen/cpp/cpp.h"
#include "codegen/writer/escape.h"
#include "codegen/writer/namer.h"
#include "codegen/writer/printer.h"
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

// Expands `tmpl` with the printer's Set bindings only (Printer::Emit(text) prints verbatim).
inline void Tmpl(Printer& p, std::string_view tmpl) { p.Emit(std::vector<Sub>{}, tmpl); }

// The C++ type of an attribute (without std::optional), e.g. "std::string", "OrderStatus".
std::string CppType(const Gen& g, const Entity& entity, const Attribute& attr);
// ... and with std::optional for an optional attribute.
std::string FieldType(const Gen& g, const Entity& entity, const Attribute& attr);
std::string EntityName(const Entity& entity);
// The entity struct's name as the client class's members spell it: qualified with the namespace
// when a pattern's method has the same name (a write pattern `invite` of entity `Invite`), which
// would otherwise hide the struct inside the class.
std::string MemberTypeName(const Gen& g, const Entity& entity);
std::string EnumName(const Entity& entity, const Attribute& attr);

// reads.cpp: a parameter's attribute among the pattern's returned entities (and its entity), or
// null; the distinct returned entities in order; the range bound fields ("from"/"to", "value");
// the C++ result type of the pattern's method.
const Attribute* Find(const Gen& g, const AccessPattern& p, const std::string& name,
                      const Entity** owner);
std::vector<EntityId> Distinct(const AccessPattern& p);
std::vector<std::string> Bounds(const AccessPattern& p);
std::string ResultType(const Gen& g, const AccessPattern& p);
// The field that holds which version a read returned, on a versioned entity's struct.
std::string VersionField(const Entity& entity);

// ir.cpp: ModelIr() and LayoutIr(), the embedded IR.
void EmitIr(const Gen& g, Printer& c);
// entities.cpp: enums and entity structs with ToItem/FromItem.
void EmitEntities(const Gen& g, Printer& h, Printer& c);
// keys.cpp: key builders and parsers per item type and index.
void EmitKeys(const Gen& g, Printer& h, Printer& c);
// reads.cpp: parameter structs (header) and read methods (declarations, definitions).
void EmitReadTypes(const Gen& g, Printer& h);
void EmitReads(const Gen& g, Printer& h, Printer& c);
// writes.cpp: write methods.
void EmitWrites(const Gen& g, Printer& h, Printer& c);
// driver.cpp (`--driver`): NAME_driver.h and NAME_driver.cpp, every pattern by number with
// natural values.
std::vector<GeneratedFile> GenerateDriver(const Gen& g, const std::string& source);

}  // namespace model::codegen
