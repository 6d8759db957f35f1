// KeyConditionExpression: parsed with the condition grammar, then checked structurally (no
// table needed) and resolved against a key schema (see expression.h for the messages and their
// order).
#include <fmt/format.h>

#include <algorithm>

#include "model/sim/expr/ast.h"
#include "model/sim/expr/expression.h"

namespace sim {
namespace {

using detail::CompareOp;
using detail::ConditionNode;
using detail::Operand;
using Term = KeyConditionExpression::Term;

Error Invalid(std::string message) { return Error::Validation(std::move(message)); }

Error InvalidOperator(std::string_view op) {
  return Invalid(fmt::format("Invalid operator used in KeyConditionExpression: {}", op));
}

Error InvalidCondition(std::string_view what) {
  return Invalid(fmt::format("Invalid condition in KeyConditionExpression: {}", what));
}

Error NotSupported() { return Invalid("Query key condition not supported"); }

Error MissedKey(const std::string& name) {
  return Invalid(fmt::format("Query condition missed key schema element: {}", name));
}

SortKeyOp ToSortKeyOp(CompareOp op, bool flipped) {
  switch (op) {
    case CompareOp::kLt:
      return flipped ? SortKeyOp::kGt : SortKeyOp::kLt;
    case CompareOp::kLe:
      return flipped ? SortKeyOp::kGe : SortKeyOp::kLe;
    case CompareOp::kGt:
      return flipped ? SortKeyOp::kLt : SortKeyOp::kGt;
    case CompareOp::kGe:
      return flipped ? SortKeyOp::kLe : SortKeyOp::kGe;
    default:
      return SortKeyOp::kEq;  // kNe is rejected before
  }
}

// Walks the condition tree in text order, rejecting what a key condition cannot hold and
// collecting one Term per condition.
class KeyChecker {
 public:
  std::optional<Error> Check(const ConditionNode& node) {
    switch (node.kind) {
      case ConditionNode::Kind::kOr:
        return InvalidOperator("OR");
      case ConditionNode::Kind::kNot:
        return InvalidOperator("NOT");
      case ConditionNode::Kind::kIn:
        return InvalidOperator("IN");
      case ConditionNode::Kind::kAnd:
        for (const ConditionNode& child : node.children) {
          if (auto e = Check(child)) return e;
        }
        return std::nullopt;
      case ConditionNode::Kind::kCompare:
        if (node.op == CompareOp::kNe) return InvalidOperator("<>");
        return Leaf(node);
      case ConditionNode::Kind::kBetween:
        if (node.operands[0].kind != Operand::Kind::kPath) {
          return InvalidCondition(
              "BETWEEN operator must have the key attribute as its first operand");
        }
        return Leaf(node);
      case ConditionNode::Kind::kFunction:
        if (node.function != "begins_with") return InvalidOperator(node.function);
        if (node.operands[0].kind != Operand::Kind::kPath) {
          return InvalidCondition(
              "begins_with operator must have the key attribute as its first operand");
        }
        return Leaf(node);
    }
    return NotSupported();
  }

  std::vector<Term>& terms() { return terms_; }

 private:
  std::optional<Error> Leaf(const ConditionNode& node) {
    const Operand* attribute = nullptr;
    std::size_t attribute_index = 0;
    for (std::size_t i = 0; i < node.operands.size(); ++i) {
      const Operand& op = node.operands[i];
      if (op.kind == Operand::Kind::kPath) {
        if (attribute != nullptr) {
          return InvalidCondition("Multiple attribute names used in one condition");
        }
        if (op.path.size() > 1) {
          return Invalid("KeyConditionExpressions cannot have conditions on nested attributes");
        }
        attribute = &op;
        attribute_index = i;
      } else if (op.kind == Operand::Kind::kFunction) {
        return Invalid("KeyConditionExpressions cannot contain nested operations");
      }
    }
    if (attribute == nullptr) return InvalidCondition("No key attribute specified");
    const std::string& name = attribute->path[0].name;
    for (const Term& t : terms_) {
      if (t.attribute == name) {
        return Invalid("KeyConditionExpressions must only contain one condition per key");
      }
    }
    Term term;
    term.attribute = name;
    switch (node.kind) {
      case ConditionNode::Kind::kCompare:
        term.op = ToSortKeyOp(node.op, attribute_index != 0);
        term.values.push_back(node.operands[attribute_index == 0 ? 1 : 0].value);
        break;
      case ConditionNode::Kind::kBetween:
        term.op = SortKeyOp::kBetween;
        term.values = {node.operands[1].value, node.operands[2].value};
        break;
      default:
        term.op = SortKeyOp::kBeginsWith;
        term.values.push_back(node.operands[1].value);
        break;
    }
    terms_.push_back(std::move(term));
    return std::nullopt;
  }

  std::vector<Term> terms_;
};

bool Compares(int order, SortKeyOp op) {
  switch (op) {
    case SortKeyOp::kEq:
      return order == 0;
    case SortKeyOp::kLt:
      return order < 0;
    case SortKeyOp::kLe:
      return order <= 0;
    case SortKeyOp::kGt:
      return order > 0;
    case SortKeyOp::kGe:
      return order >= 0;
    default:
      return false;
  }
}

}  // namespace

bool SortKeyCondition::Matches(const AttributeValue& sort_value) const {
  if (sort_value.type() != value.type()) return false;
  switch (op) {
    case SortKeyOp::kBetween:
      return CompareScalars(sort_value, value) >= 0 && CompareScalars(sort_value, upper) <= 0;
    case SortKeyOp::kBeginsWith:
      return sort_value.scalar().size() >= value.scalar().size() &&
             sort_value.scalar().compare(0, value.scalar().size(), value.scalar()) == 0;
    default:
      return Compares(CompareScalars(sort_value, value), op);
  }
}

SimResult<KeyConditionExpression> ParseKeyConditionExpression(std::string_view text,
                                                              ExpressionAttributes& attributes) {
  auto tree = detail::ParseConditionTree(text, ExpressionKind::kKeyCondition, attributes);
  if (!tree.ok()) return tree.error();
  KeyChecker checker;
  if (auto e = checker.Check(tree.value())) return *e;
  KeyConditionExpression parsed;
  parsed.terms_ = std::move(checker.terms());
  return parsed;
}

SimResult<KeyCondition> KeyConditionExpression::Resolve(const KeyAttributeSpec& partition_key,
                                                        const KeyAttributeSpec* sort_key) const {
  auto find = [&](const std::string& name) -> const Term* {
    for (const Term& t : terms_) {
      if (t.attribute == name) return &t;
    }
    return nullptr;
  };
  const Term* pk = find(partition_key.name);
  if (pk == nullptr) return MissedKey(partition_key.name);
  const Term* sk = nullptr;
  if (terms_.size() > 1) {
    if (sort_key == nullptr) return NotSupported();
    sk = find(sort_key->name);
    if (sk == nullptr) return MissedKey(sort_key->name);
    if (terms_.size() > 2) return Invalid("Conditions can be of length 1 or 2 only");
  }
  if (pk->op != SortKeyOp::kEq) return NotSupported();
  const Error mismatch = Invalid(
      "One or more parameter values were invalid: Condition parameter type does not match schema "
      "type");
  if (pk->values[0].type() != partition_key.type) return mismatch;
  KeyCondition condition;
  condition.partition_value = pk->values[0];
  if (sk != nullptr) {
    for (const AttributeValue& v : sk->values) {
      if (v.type() != sort_key->type) return mismatch;
    }
    SortKeyCondition sort;
    sort.op = sk->op;
    sort.value = sk->values[0];
    if (sort.op == SortKeyOp::kBetween) sort.upper = sk->values[1];
    condition.sort = std::move(sort);
  }
  return condition;
}

SimResult<KeyCondition> KeyConditionExpression::ResolveMultiAttribute(
    const std::vector<KeyAttributeSpec>& partition_keys,
    const std::vector<KeyAttributeSpec>& sort_keys) const {
  auto find = [&](const std::string& name) -> const Term* {
    for (const Term& t : terms_) {
      if (t.attribute == name) return &t;
    }
    return nullptr;
  };
  auto join = [](const std::vector<std::string>& names) {
    std::string out;
    for (const std::string& n : names) out += (out.empty() ? "" : ", ") + n;
    return out;
  };
  const Error mismatch = Invalid(
      "One or more parameter values were invalid: Condition parameter type does not match schema "
      "type");
  auto types_match = [](const Term& t, ValueType type) {
    return std::all_of(t.values.begin(), t.values.end(),
                       [&](const AttributeValue& v) { return v.type() == type; });
  };
  if (terms_.size() > partition_keys.size() + sort_keys.size()) return NotSupported();

  std::vector<std::string> unequal;
  for (const KeyAttributeSpec& k : partition_keys) {
    const Term* t = find(k.name);
    if (t == nullptr || t->op != SortKeyOp::kEq) unequal.push_back(k.name);
  }
  if (!unequal.empty()) {
    return Invalid(
        fmt::format("HASH key attributes {} must have equality conditions specified in the query",
                    join(unequal)));
  }
  KeyCondition condition;
  for (const KeyAttributeSpec& k : partition_keys) {
    const Term* t = find(k.name);
    if (!types_match(*t, k.type)) return mismatch;
    condition.partition_values.push_back(t->values[0]);
  }
  condition.partition_value = condition.partition_values[0];

  std::optional<std::size_t> last;  // the last sort attribute (in key-schema order) named
  for (std::size_t i = 0; i < sort_keys.size(); ++i) {
    if (find(sort_keys[i].name) != nullptr) last = i;
  }
  if (last) {
    for (std::size_t i = 0; i < *last; ++i) {
      const Term* t = find(sort_keys[i].name);
      if (t == nullptr || t->op != SortKeyOp::kEq) unequal.push_back(sort_keys[i].name);
    }
    if (!unequal.empty()) {
      return Invalid(fmt::format(
          "RANGE key attributes {} must have equality conditions specified in the query because "
          "a condition is present on key attribute {}",
          join(unequal), sort_keys[*last].name));
    }
    for (std::size_t i = 0; i <= *last; ++i) {
      if (!types_match(*find(sort_keys[i].name), sort_keys[i].type)) return mismatch;
    }
  }
  const std::size_t named = partition_keys.size() + (last ? *last + 1 : 0);
  if (terms_.size() > named) return Invalid("Query condition missed key schema element");
  if (last) {
    for (std::size_t i = 0; i < *last; ++i) {
      condition.sort_prefix.push_back(find(sort_keys[i].name)->values[0]);
    }
    const Term* t = find(sort_keys[*last].name);
    SortKeyCondition sort;
    sort.op = t->op;
    sort.value = t->values[0];
    if (sort.op == SortKeyOp::kBetween) sort.upper = t->values[1];
    condition.sort = std::move(sort);
  }
  return condition;
}

SimResult<KeyCondition> ParseKeyCondition(std::string_view text,
                                          const KeyAttributeSpec& partition_key,
                                          const KeyAttributeSpec* sort_key,
                                          ExpressionAttributes& attributes) {
  auto parsed = ParseKeyConditionExpression(text, attributes);
  if (!parsed.ok()) return parsed.error();
  return parsed->Resolve(partition_key, sort_key);
}

}  // namespace sim
