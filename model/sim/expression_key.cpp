// KeyConditionExpression: parsed with the condition grammar, then checked against the key schema
// (see expression.h for the messages). Only `pk = :v` and at most one sort-key condition joined
// by AND are key conditions.
#include <fmt/format.h>

#include "model/sim/expression.h"
#include "model/sim/expression_ast.h"

namespace sim {
namespace {

using detail::CompareOp;
using detail::ConditionNode;
using detail::Operand;

Error InvalidOperator(std::string_view op) {
  return Error::Validation(fmt::format("Invalid operator used in KeyConditionExpression: {}", op));
}

Error TypeMismatch() {
  return Error::Validation(
      "One or more parameter values were invalid: Condition parameter type does not match schema "
      "type");
}

Error NotSupported() { return Error::Validation("Query key condition not supported"); }

// Splits nested ANDs into their conjuncts, rejecting every other boolean operator.
std::optional<Error> Conjuncts(const ConditionNode& node, std::vector<const ConditionNode*>& out) {
  switch (node.kind) {
    case ConditionNode::Kind::kAnd:
      for (const ConditionNode& child : node.children) {
        if (auto e = Conjuncts(child, out)) return e;
      }
      return std::nullopt;
    case ConditionNode::Kind::kOr:
      return InvalidOperator("OR");
    case ConditionNode::Kind::kNot:
      return InvalidOperator("NOT");
    case ConditionNode::Kind::kIn:
      return InvalidOperator("IN");
    case ConditionNode::Kind::kCompare:
      if (node.op == CompareOp::kNe) return InvalidOperator("<>");
      out.push_back(&node);
      return std::nullopt;
    case ConditionNode::Kind::kBetween:
      out.push_back(&node);
      return std::nullopt;
    case ConditionNode::Kind::kFunction:
      if (node.function != "begins_with") return InvalidOperator(node.function);
      out.push_back(&node);
      return std::nullopt;
  }
  return NotSupported();
}

// One conjunct in a normal form: the key attribute it constrains and the operation.
struct KeyTerm {
  std::string attribute;
  SortKeyOp op = SortKeyOp::kEq;
  std::vector<const AttributeValue*> values;
};

std::optional<SortKeyOp> FlippedOp(CompareOp op, bool flipped) {
  switch (op) {
    case CompareOp::kEq: return SortKeyOp::kEq;
    case CompareOp::kLt: return flipped ? SortKeyOp::kGt : SortKeyOp::kLt;
    case CompareOp::kLe: return flipped ? SortKeyOp::kGe : SortKeyOp::kLe;
    case CompareOp::kGt: return flipped ? SortKeyOp::kLt : SortKeyOp::kGt;
    case CompareOp::kGe: return flipped ? SortKeyOp::kLe : SortKeyOp::kGe;
    case CompareOp::kNe: return std::nullopt;
  }
  return std::nullopt;
}

bool IsTopLevelPath(const Operand& op) { return op.kind == Operand::Kind::kPath && op.path.size() == 1; }

SimResult<KeyTerm> ToTerm(const ConditionNode& node) {
  KeyTerm term;
  const auto& ops = node.operands;
  if (node.kind == ConditionNode::Kind::kCompare) {
    bool flipped = !IsTopLevelPath(ops[0]) && IsTopLevelPath(ops[1]);
    const Operand& path = flipped ? ops[1] : ops[0];
    const Operand& value = flipped ? ops[0] : ops[1];
    if (!IsTopLevelPath(path) || value.kind != Operand::Kind::kValue) return NotSupported();
    auto op = FlippedOp(node.op, flipped);
    if (!op) return InvalidOperator("<>");
    term.attribute = path.path[0].name;
    term.op = *op;
    term.values = {&value.value};
    return term;
  }
  if (node.kind == ConditionNode::Kind::kBetween) {
    if (!IsTopLevelPath(ops[0]) || ops[1].kind != Operand::Kind::kValue ||
        ops[2].kind != Operand::Kind::kValue) {
      return NotSupported();
    }
    term.attribute = ops[0].path[0].name;
    term.op = SortKeyOp::kBetween;
    term.values = {&ops[1].value, &ops[2].value};
    return term;
  }
  // begins_with(path, :prefix)
  if (ops.size() != 2 || !IsTopLevelPath(ops[0]) || ops[1].kind != Operand::Kind::kValue) {
    return NotSupported();
  }
  term.attribute = ops[0].path[0].name;
  term.op = SortKeyOp::kBeginsWith;
  term.values = {&ops[1].value};
  return term;
}

}  // namespace

bool SortKeyCondition::Matches(const AttributeValue& sort_value) const {
  if (sort_value.type() != value.type()) return false;
  switch (op) {
    case SortKeyOp::kEq: return CompareScalars(sort_value, value) == 0;
    case SortKeyOp::kLt: return CompareScalars(sort_value, value) < 0;
    case SortKeyOp::kLe: return CompareScalars(sort_value, value) <= 0;
    case SortKeyOp::kGt: return CompareScalars(sort_value, value) > 0;
    case SortKeyOp::kGe: return CompareScalars(sort_value, value) >= 0;
    case SortKeyOp::kBetween:
      return CompareScalars(sort_value, value) >= 0 && CompareScalars(sort_value, upper) <= 0;
    case SortKeyOp::kBeginsWith:
      return sort_value.scalar().size() >= value.scalar().size() &&
             sort_value.scalar().compare(0, value.scalar().size(), value.scalar()) == 0;
  }
  return false;
}

SimResult<KeyCondition> ParseKeyCondition(std::string_view text, const KeyAttributeSpec& partition_key,
                                          const KeyAttributeSpec* sort_key,
                                          ExpressionAttributes& attributes) {
  auto tree = detail::ParseConditionTree(text, ExpressionKind::kKeyCondition, attributes);
  if (!tree.ok()) return tree.error();
  std::vector<const ConditionNode*> conjuncts;
  if (auto e = Conjuncts(tree.value(), conjuncts)) return *e;
  if (conjuncts.size() > 2) {
    return Error::Validation("Conditions can be of length 1 or 2 only");
  }
  std::vector<KeyTerm> terms;
  for (const ConditionNode* node : conjuncts) {
    auto term = ToTerm(*node);
    if (!term.ok()) return term.error();
    terms.push_back(std::move(term.value()));
  }
  const KeyTerm* pk_term = nullptr;
  const KeyTerm* sk_term = nullptr;
  for (const KeyTerm& t : terms) {
    if (t.attribute == partition_key.name && pk_term == nullptr) {
      pk_term = &t;
    } else if (sort_key != nullptr && t.attribute == sort_key->name && sk_term == nullptr) {
      sk_term = &t;
    } else if (t.attribute == partition_key.name || (sort_key && t.attribute == sort_key->name)) {
      // The same key attribute constrained twice.
      return NotSupported();
    } else {
      return Error::Validation(fmt::format("Query condition missed key schema element: {}",
                                           sort_key != nullptr && pk_term != nullptr
                                               ? sort_key->name
                                               : partition_key.name));
    }
  }
  if (pk_term == nullptr) {
    return Error::Validation(
        fmt::format("Query condition missed key schema element: {}", partition_key.name));
  }
  if (pk_term->op != SortKeyOp::kEq) return NotSupported();
  if (pk_term->values[0]->type() != partition_key.type) return TypeMismatch();
  KeyCondition condition;
  condition.partition_value = *pk_term->values[0];
  if (sk_term != nullptr) {
    for (const AttributeValue* v : sk_term->values) {
      if (v->type() != sort_key->type) return TypeMismatch();
    }
    if (sk_term->op == SortKeyOp::kBeginsWith && sort_key->type == ValueType::kN) {
      return Error::Validation(
          "Invalid KeyConditionExpression: Incorrect operand type for operator or function; "
          "operator or function: begins_with, operand type: N");
    }
    SortKeyCondition sort;
    sort.op = sk_term->op;
    sort.value = *sk_term->values[0];
    if (sort.op == SortKeyOp::kBetween) sort.upper = *sk_term->values[1];
    condition.sort = std::move(sort);
  }
  return condition;
}

}  // namespace sim
