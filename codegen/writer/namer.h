// The one namer for generated code: C++ identifiers that never collide with the language or
// the runtime, in the case each kind of name wants. The case conversions themselves
// (SplitWords, UpperCamel, SnakeCase, ...) are model/base/casing.h, shared with the derivation's
// labels and facet names; they are re-exported here so a generator needs one include.
#pragma once

#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "model/base/casing.h"

namespace model::codegen {

using model::KebabCase;
using model::LowerCamel;
using model::SnakeCase;
using model::SplitWords;
using model::UpperCamel;
using model::UpperSnake;

// A valid, non-reserved C++ identifier for `name`, kept as close to it as possible:
// - ASCII letters, digits and '_' are kept; other ASCII bytes become '_'; each non-ASCII code
//   point becomes "_uXXXX_" (hex of the code point, at least 4 digits) and each byte that is
//   not valid UTF-8 "_xHH_";
// - runs of '_' shrink to one and leading '_' are dropped (no "__", no "_X", no global "_x");
// - a leading digit gets an "n" prefix; an empty result is "unnamed";
// - a C++ keyword, alternative token, contextual keyword (override, final, import, module),
//   standard macro / reserved library name (errno, assert, NULL, EOF, stdin, linux, ...) or the
//   generated code's own namespace (`model`) gets a trailing '_' ("class" -> "class_").
// Distinct names may give the same identifier ("a-b", "a_b"); callers that need distinct
// identifiers must deduplicate.
std::string CppIdentifier(std::string_view name);

// Whether `word` is one of the names CppIdentifier suffixes with '_'.
bool IsCppReservedWord(std::string_view word);

// A field, variable or function name: CppIdentifier(SnakeCase(name)).
// "employeeId" -> "employee_id", "HR-order entry" -> "hr_order_entry", "class" -> "class_".
std::string CppSnakeName(std::string_view name);
// A type or method name: CppIdentifier(UpperCamel(name)).
// "employeeId" -> "EmployeeId", "hr-order-entry" -> "HrOrderEntry", "OPEN" -> "Open".
std::string CppPascalName(std::string_view name);
// An enumerator: "k" + UpperCamel(value) ("OPEN" -> "kOpen", "in-progress" -> "kInProgress");
// "kUnnamed" when the value has no words. Never contains '_'.
std::string CppEnumeratorName(std::string_view value);

// The enumerators of one enum's distinct `values`, in their order, all distinct: each value's
// CppEnumeratorName when no other value has the same one; otherwise, for every value of the
// clash, that name + '_' + the value's bytes in lower-case hex ("Al" -> "kAl_416c",
// "Al%" -> "kAl_416c25", "a-b" -> "kAB_612d62", "a_b" -> "kAB_615f62"). Distinct values have
// distinct hex, and a plain CppEnumeratorName has no '_', so no two results are equal; a value's
// enumerator depends only on the values of its clash, not on the order of the list.
std::vector<std::string> CppEnumeratorNames(const std::vector<std::string>& values);

// The bytes of `text` in lower-case hex ("Al%" -> "416c25"): distinct texts, distinct hex.
std::string HexBytes(std::string_view text);

// `a` and `b` joined by one '_' (none added when `a` ends with one): never "__", which C++
// reserves.
std::string JoinUnderscore(std::string_view a, std::string_view b);

// The forms one generated element of a C++ scope may take (docs/codegen.md "Names"), best first:
// its plain name; the name with '_' where its model part meets the generated one (`Board_Kind`
// for the enum of Board.kind, `Api_Key` for a key function, `ModelIr_` for a single name); then
// with the '_' followed by the lower-case hex of its model text (`Board_426f617264`). Each is
// `prefix + stem + suffix`: `stem` comes from the model, `prefix` and `suffix` are the generated
// parts ("Parse", "Key", "Params"); `source` is the model text the hex spells. `plain` replaces
// the first form when it is not prefix + stem + suffix (an enum's plain name is spelled from the
// entity's name, its other forms from the entity's struct).
struct NameForms {
  std::string prefix;
  std::string stem;
  std::string suffix;
  std::string source;
  std::string plain;  // "" = prefix + stem + suffix
  // The forms: [plain], [prefix + stem + '_' + suffix] (left out when stem ends with '_'),
  // [prefix + stem + '_' + HexBytes(source) + suffix].
  std::vector<std::string> Forms() const;
};

// One element asking for names in a scope: `rank` orders the claims (lower first), each
// alternative of `forms` names every identifier the element needs together (a type and its
// parser: {"BoardKind", "ParseBoardKind"}), best first; all alternatives have the same size.
struct NameRequest {
  int rank = 0;
  std::vector<std::vector<std::string>> forms;
};

// The identifiers each request gets (the alternative of `forms` it was given, one per request,
// in request order), all distinct from each other and from `reserved`. Ranks claim in ascending
// order; within a rank, each alternative is tried in turn by the requests not yet placed: a
// request takes it when none of its identifiers is taken already and no other unplaced request
// of its rank wants one of them in the same alternative (then all of those go on to the next).
// So a name never depends on declaration order, only on what it clashes with. Requests left after
// the last alternative append "_2", "_3", ... (JoinUnderscore) to it, in request order, until free.
std::vector<std::vector<std::string>> AssignNames(const std::set<std::string>& reserved,
                                                  const std::vector<NameRequest>& requests);

}  // namespace model::codegen
