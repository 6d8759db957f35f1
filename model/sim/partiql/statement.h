// PartiQL statements as DynamoDB accepts them (internal to sim_partiql): the parsed form and
// the parser.
//
// Grammar (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/ql-reference.html):
//   SELECT (* | path, ...) FROM table[.index] [WHERE cond] [ORDER BY key [ASC|DESC], ...]
//   INSERT INTO table VALUE {'name': value, ...}
//   UPDATE table (SET path = value | REMOVE path) ... WHERE cond [RETURNING (ALL|MODIFIED)
//     (OLD|NEW) *]
//   DELETE FROM table WHERE cond [RETURNING ALL OLD *]
// Names are bare identifiers or "double quoted"; keywords are case-insensitive. Values:
// 'string' ('' escapes a quote), numbers, TRUE/FALSE, NULL, [list], {'k': v} maps, <<set>>, and
// `?` (the next member of Parameters). Conditions: OR, AND, NOT, = <> != < <= > >=, BETWEEN,
// IN [..] / IN (..), IS [NOT] MISSING, and the functions begins_with, contains, attribute_type,
// size (ql-functions.html). Nesting (parentheses, NOT, literals) is bounded by kMaxDepth.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "model/sim/api/error.h"
#include "model/sim/api/item_ops.h"
#include "model/sim/api/value.h"
#include "model/sim/expr/expression.h"

namespace sim::partiql {

// Deeper nesting is reported as a malformed statement, never recursed into.
constexpr int kMaxDepth = 32;

struct Expr {
  enum class Kind { kPath, kValue, kAnd, kOr, kNot, kCompare, kBetween, kIn, kMissing, kCall };
  Kind kind = Kind::kValue;
  std::string op;          // kCompare: = <> < <= > >=; kCall: the function name (lower case);
                           // kPath in a SET value: "+" / "-" for `path + value` (args[0])
  DocumentPath path;       // kPath
  AttributeValue value;    // kValue
  bool negated = false;    // kMissing: IS NOT MISSING
  std::vector<Expr> args;  // operands and children
};

struct SetAction {
  DocumentPath path;
  Expr value;  // kValue, kPath, kPath with op "+"/"-" and args[0], or kCall (list_append,
               // set_add, set_delete)
};

struct OrderKey {
  std::string name;
  bool descending = false;
};

struct Statement {
  enum class Kind { kSelect, kInsert, kUpdate, kDelete };
  Kind kind = Kind::kSelect;
  std::string table;
  std::string index;                     // SELECT ... FROM "t"."index"
  std::vector<DocumentPath> projection;  // empty: `*`
  std::optional<Expr> where;
  std::vector<OrderKey> order_by;
  Item item;  // INSERT's VALUE
  std::vector<SetAction> sets;
  std::vector<DocumentPath> removes;
  ReturnValues returning = ReturnValues::kNone;
};

// The statement with every `?` replaced by the next of `parameters`. ValidationException:
// "Statement wasn't well formed, can't be processed: <why>" for syntax errors, "Number of
// parameters in request and statement don't match." when the counts differ, and a literal's
// number or set errors ("Input collection contains duplicates", ...).
SimResult<Statement> ParseStatement(std::string_view text,
                                    const std::vector<AttributeValue>& parameters);

}  // namespace sim::partiql
