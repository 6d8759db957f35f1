// The parsed form of expressions, shared by the expression parsers and evaluators (internal).
//
// Operands are document paths, literal values (copied from ExpressionAttributeValues), function
// calls and, in update expressions, `a + b` / `a - b`. ConditionNodes form the boolean tree of a
// condition, filter or key condition; UpdateActions are the SET/REMOVE/ADD/DELETE actions of an
// update. ExpressionParser holds what every parser shares: the tokens, the placeholder maps, the
// first error of each category (AWS reports categories in a fixed priority, not text order) and
// the operator count. Nodes are immutable once parsed and owned by the public objects through
// shared_ptr.
#pragma once

#include <algorithm>
#include <array>
#include <cstddef>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "model/sim/expr/expression.h"
#include "model/sim/expr/lexer.h"

namespace sim::detail {

struct Operand {
  enum class Kind { kPath, kValue, kFunction, kPlus, kMinus };
  Kind kind = Kind::kValue;
  DocumentPath path;          // kPath
  AttributeValue value;       // kValue
  std::string name;           // kValue: the placeholder; kFunction: the function name
  std::vector<Operand> args;  // kFunction arguments; kPlus/kMinus: the two operands
  bool defined = true;        // false when a placeholder was undefined (an error is recorded)
};

enum class CompareOp { kEq, kNe, kLt, kLe, kGt, kGe };

struct ConditionNode {
  enum class Kind { kAnd, kOr, kNot, kCompare, kBetween, kIn, kFunction };
  Kind kind = Kind::kCompare;
  CompareOp op = CompareOp::kEq;        // kCompare
  std::vector<ConditionNode> children;  // kAnd/kOr (2), kNot (1)
  std::vector<Operand> operands;        // kCompare (2), kBetween (3), kIn (1 + n),
                                        // kFunction (its arguments)
  std::string function;                 // kFunction
  bool parenthesized = false;           // written as "( ... )"
};

struct UpdateAction {
  enum class Kind { kSet, kRemove, kAdd, kDelete };
  Kind kind = Kind::kSet;
  DocumentPath path;
  Operand value;  // kSet: the value expression; kAdd/kDelete: the literal value
};

// A node of the projection tree: children by attribute name and by list index.
struct ProjectionNode {
  bool leaf = false;
  std::map<std::string, ProjectionNode> names;
  std::map<std::int32_t, ProjectionNode> indexes;
};

// Error categories; each parser reports the first error of the highest-priority category.
enum class ErrorCategory {
  kParens,
  kUnknownFunction,
  kMisusedFunction,
  kReserved,
  kSection,
  kAttrName,
  kAttrValue,
  kPathOverlap,
  kPathConflict,
  kOperandCount,
  kDistinct,
  kOperandType,
  kFunction,
  kCondition,  // conditions: the first simple condition's error (see ConditionParser)
  kCount_
};

class ExpressionParser {
 public:
  ExpressionParser(std::string_view text, ExpressionKind kind, ExpressionAttributes& attributes);

  // Empty, too long, or lexically invalid input: the error to return before parsing.
  std::optional<Error> CheckText() const;

  // Records `message` for `category` unless one is already recorded.
  void Report(ErrorCategory category, std::string message);
  const std::optional<std::string>& Reported(ErrorCategory category) const {
    return errors_[static_cast<std::size_t>(category)];
  }
  // The error to return after a successful syntax parse, given the category priority.
  template <std::size_t N>
  std::optional<Error> FirstError(const std::array<ErrorCategory, N>& order) const {
    if (operators_ > kMaxOperators) return TooManyOperators();
    for (ErrorCategory c : order) {
      const auto& slot = errors_[static_cast<std::size_t>(c)];
      if (slot) return Invalid(*slot);
    }
    return std::nullopt;
  }
  // "Invalid <Kind>: <message>" as a ValidationException.
  Error Invalid(std::string_view message) const;
  // The syntax error at the furthest token any attempted alternative reached (as a PEG parser
  // reports it).
  Error SyntaxErrorHere() const;

  // Backtracking for the few ambiguous spots of the grammar ("(a) = :v" versus "(a = :v)"):
  // Save() before an attempt, Fail() + Restore() to abandon it (errors reported inside the
  // attempt are dropped; the furthest failure position is kept for the syntax error).
  struct Mark {
    std::size_t pos;
    int operators;
    std::array<std::optional<std::string>, static_cast<std::size_t>(ErrorCategory::kCount_)> errors;
  };
  Mark Save() const { return Mark{pos_, operators_, errors_}; }
  void Restore(const Mark& mark);
  // Notes the current position as a failure point.
  void Fail() { furthest_ = std::max(furthest_, pos_); }

  const Token& Peek(std::size_t ahead = 0) const;
  const Token& Next();
  bool AtEnd() const { return Peek().kind == TokenKind::kEnd; }
  std::size_t position() const { return pos_; }
  void CountOperator() { ++operators_; }

  // Grammar pieces shared by conditions and updates. Each returns false on a syntax error, with
  // the parser positioned at the offending token.
  bool ParsePath(DocumentPath& path);
  // An operand, optionally in parentheses; `allow_arithmetic` admits one `x + y` / `x - y`
  // (update SET values, where the whole value may also be parenthesized).
  bool ParseOperand(Operand& operand, bool allow_arithmetic);
  bool ParseValuePlaceholder(Operand& operand);

  ExpressionKind kind() const { return kind_; }
  std::string_view text() const { return text_; }

 private:
  static constexpr int kMaxOperators = 300;
  // Function calls nested deeper than this are a syntax error (see ParseFunctionCall).
  static constexpr int kMaxCallNesting = 64;
  Error TooManyOperators() const;
  bool ParseFunctionCall(Operand& operand);
  bool ParseFunctionCallBody(Operand& operand);
  bool ParseSimpleOperand(Operand& operand);
  bool ParseOperandParens(Operand& operand);
  bool ParseArithmetic(Operand& operand);
  bool IsGrammarKeyword(const Token& t) const;

  std::string_view text_;
  ExpressionKind kind_;
  ExpressionAttributes& attributes_;
  std::vector<Token> tokens_;
  std::size_t pos_ = 0;
  std::size_t furthest_ = 0;
  int operators_ = 0;
  int call_depth_ = 0;
  std::array<std::optional<std::string>, static_cast<std::size_t>(ErrorCategory::kCount_)> errors_;
};

// Parses a condition, filter or key condition into its tree, with every static check done; errors
// are prefixed with the kind's name.
SimResult<ConditionNode> ParseConditionTree(std::string_view text, ExpressionKind kind,
                                            ExpressionAttributes& attributes);
bool EvaluateCondition(const ConditionNode& node, const Item& item);
// Adds the top-level names a condition tree reads to `names`.
void CollectConditionNames(const ConditionNode& node, std::vector<std::string>& names);

// "[a, b, [2]]", the path form used in AWS's overlap and distinct messages.
std::string PathForMessage(const DocumentPath& path);
// "{S:b}"-style rendering of a literal used in AWS's BETWEEN messages (B as base64).
std::string ValueForMessage(const AttributeValue& value);
// Adds the top-level names that `operand` reads to `names`.
void CollectTopLevelNames(const Operand& operand, std::vector<std::string>& names);
// Sorts and removes duplicates.
void SortUnique(std::vector<std::string>& names);

}  // namespace sim::detail
