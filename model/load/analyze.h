// Semantic checks: from a structurally valid ModelDecl to the id-based Model.
//
// CheckModel resolves every name (entities, attributes, identifiers, links, pattern
// parameters), reports every semantic mistake of the model at once (E2xx entities and
// attributes, E3xx relationships, E4xx access and write patterns, E5xx contradictory pinned
// decisions, W0xx warnings), and returns the Model only when no error was reported. The
// invariants documented in model/model.h hold for every Model it returns. Sections run in
// declaration-dependency order (entities first); a section skips the checks that depend on a
// declaration already reported broken, so one mistake yields one diagnostic.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "model/base/diagnostics.h"
#include "model/load/yaml_decl.h"
#include "model/model.h"

namespace model::load {

std::optional<Model> CheckModel(const ModelDecl& decl, std::string path, Diagnostics& diags);

// The sections, each filling its part of `model` (exposed so each can live in its own file).
void CheckEntities(const ModelDecl& decl, Model& model, Diagnostics& diags);
void CheckRelationships(const ModelDecl& decl, Model& model, Diagnostics& diags);
void CheckAccessPatterns(const ModelDecl& decl, Model& model, Diagnostics& diags);
void CheckWritePatterns(const ModelDecl& decl, Model& model, Diagnostics& diags);
void CheckAggregates(const ModelDecl& decl, Model& model, Diagnostics& diags);
// After the aggregates: an `also` update of an aggregate's `of` (E448) or of a value it keeps
// (E435).
void CheckAlsoAggregates(const ModelDecl& decl, const Model& model, Diagnostics& diags);

// After the aggregates: each attribute's `copy:` resolved (E233-E236), and the writes that would
// leave a copy behind (E456, E457) or cannot find the children to rewrite (E458).
void CheckCopies(const ModelDecl& decl, Model& model, Diagnostics& diags);

// After the copies: each attribute's `counter:` resolved (E242-E244), and the writes that set a
// count (E490) or the reads, keys, aggregates and copies that use one (E491).
void CheckCounters(const ModelDecl& decl, Model& model, Diagnostics& diags);

// After the copies: embedded collections (Relationship::embedded, analyze_embedded.cpp): the
// relationship's shape and bound (E319-E322), what its entities declare (E323, E324), and the
// reads and writes of the embedded entity (E464-E466).
void CheckEmbedded(const ModelDecl& decl, const Model& model, Diagnostics& diags);

// A write's `condition:` clauses on entity `e` for a write of `kind` (E426-E430); parameters
// seen so far in `parameters` (each once per pattern, E427). False when one is wrong.
bool CheckConditions(const Model& model, const std::vector<WriteCondition>& conditions,
                     const std::vector<SourceRange>& value_ranges, WriteKind kind, const Entity& e,
                     const std::string& what, std::vector<std::string>& parameters,
                     Diagnostics& diags);
// An update's `attributes` on `e` (E422-E425, W002). False when one is wrong.
bool CheckUpdateAttributes(const Entity& e, const std::vector<Name>& attributes,
                           const std::string& what, Diagnostics& diags);
// Write pattern `w`'s `also:` entries (analyze_also.cpp) on the written entity `written`: their
// entities, attributes, conditions (parameters shared with the pattern's) and keys (E445-E447).
// Returns the entries that are right; fewer than w.also after reporting.
std::vector<AlsoWrite> CheckAlso(const WritePatternDecl& w, const Model& model, EntityId written,
                                 std::vector<std::string>& parameters, Diagnostics& diags);
// Warnings about a model that is valid but probably not what was meant (W001).
void CheckUsage(const Model& model, Diagnostics& diags);

// Shared by the sections: the entity `name` names, or -1 after reporting `code` ("what names
// entity 'X', which is not declared; did you mean 'Y'?").
EntityId ResolveEntity(const Model& model, const Name& name, std::string_view what, ErrorId code,
                       Diagnostics& diags);
// The attribute `name` names on `entity`, or -1 after reporting `code`: "<what> '<name>', which
// entity 'E' does not have; did you mean 'x'?" with a note at the entity.
AttrId ResolveAttribute(const Entity& entity, const Name& name, std::string_view what, ErrorId code,
                        Diagnostics& diags);

// A `<relationship>.<attribute>` reference (an attribute's `copy:` or `counter:`).
struct RelationshipReference {
  int relationship = -1;  // into model.relationships
  std::string attribute;  // the parent's attribute, as written
};
// Resolves reference `text`, written at `range` for `what` ("the copy 'x' of entity 'E'"), or
// reports `code` and returns nullopt: malformed ("<what> is '<text>', but <form>"), or naming a
// relationship not declared (with a guess among those `candidate` accepts, else `declare`). A
// relationship declared but reported broken already gives nullopt without a diagnostic.
std::optional<RelationshipReference> ResolveRelationshipReference(
    const ModelDecl& decl, const Model& model, const std::string& text, const SourceRange& range,
    std::string_view what, ErrorId code, std::string_view form,
    const std::function<bool(const Relationship&)>& candidate, std::string_view declare,
    Diagnostics& diags);
// The relationship whose link holds attribute `a` of `e` (as its child, or as an M:N's `through`
// item), or nullptr.
const Relationship* LinkingRelationship(const Model& model, EntityId e, AttrId a);

// Empty when fixed filter value `value` (as written) fits `attr`, otherwise what is wrong and
// how to write it ("which is not one of OPEN or CLOSED; did you mean 'OPEN'?", "but it is an
// integer: write a whole number"); lists, maps and sets never fit. Shared by access patterns'
// and aggregates' `filter:`.
std::string FilterValueProblem(const Attribute& attr, const std::string& value);

// Why `value` cannot be the kind of polymorphic relationship `r` (not one of its parents'
// entity names, spelled exactly), or "" when it can.
std::string KindValueProblem(const Model& model, const Relationship& r, const std::string& value);

}  // namespace model::load
