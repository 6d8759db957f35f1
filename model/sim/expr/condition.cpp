// Condition and filter expressions: recursive-descent parser, static checks and evaluation
// (see expression.h). Precedence, loosest first: OR, AND, NOT, then comparisons, BETWEEN, IN and
// functions; parentheses group.
#include <fmt/format.h>

#include <array>
#include <cassert>

#include "model/sim/expr/ast.h"
#include "model/sim/expr/expression.h"

namespace sim {
namespace detail {
namespace {

constexpr std::size_t kMaxInOperands = 100;

// AWS's priority among error categories for conditions.
// AWS's priority among error categories for conditions. The errors found inside one simple
// condition (comparison, BETWEEN, IN, function) are promoted to kCondition when the first such
// condition is complete, so among them the earliest condition wins (see PromoteErrors).
constexpr std::array<ErrorCategory, 5> kConditionErrorOrder = {
    ErrorCategory::kParens, ErrorCategory::kUnknownFunction, ErrorCategory::kMisusedFunction,
    ErrorCategory::kReserved, ErrorCategory::kCondition};

// Within one condition: undefined names and values (one shared slot, see
// ParseValuePlaceholder), operand counts, distinct operands, then function operand types.
constexpr std::array<ErrorCategory, 4> kWithinConditionOrder = {
    ErrorCategory::kAttrName, ErrorCategory::kOperandCount, ErrorCategory::kDistinct,
    ErrorCategory::kFunction};

bool IsComparator(const Token& t, CompareOp& op) {
  if (t.kind != TokenKind::kSymbol) return false;
  if (t.text == "=")
    op = CompareOp::kEq;
  else if (t.text == "<>")
    op = CompareOp::kNe;
  else if (t.text == "<")
    op = CompareOp::kLt;
  else if (t.text == "<=")
    op = CompareOp::kLe;
  else if (t.text == ">")
    op = CompareOp::kGt;
  else if (t.text == ">=")
    op = CompareOp::kGe;
  else
    return false;
  return true;
}

const char* ComparatorText(CompareOp op) {
  switch (op) {
    case CompareOp::kEq:
      return "=";
    case CompareOp::kNe:
      return "<>";
    case CompareOp::kLt:
      return "<";
    case CompareOp::kLe:
      return "<=";
    case CompareOp::kGt:
      return ">";
    case CompareOp::kGe:
      return ">=";
  }
  return "=";
}

// The literal type of an operand known before evaluation, or nullopt (paths, functions).
std::optional<ValueType> LiteralType(const Operand& op) {
  if (op.kind == Operand::Kind::kValue && op.defined) return op.value.type();
  return std::nullopt;
}

// The type of an operand known before evaluation: a literal's, or N for size(), the one
// function whose result is an operand; nullopt for paths.
std::optional<ValueType> StaticType(const Operand& op) {
  if (op.kind == Operand::Kind::kFunction && op.name == "size") return ValueType::kN;
  return LiteralType(op);
}

// The maximum nesting of NOT, parentheses and function calls in one expression. DynamoDB's
// 4 KB expression limit already bounds it near 2,000; this keeps the parser's recursion (a few
// frames per level) far from any thread's stack limit. Deeper expressions are a syntax error.
constexpr int kMaxNesting = 256;

class ConditionParser {
 public:
  ConditionParser(std::string_view text, ExpressionKind kind, ExpressionAttributes& attributes)
      : p_(text, kind, attributes) {}

  SimResult<ConditionNode> Parse() {
    if (auto e = p_.CheckText()) return *e;
    ConditionNode root;
    if (!ParseOr(root) || !p_.AtEnd()) return p_.SyntaxErrorHere();
    if (auto e = p_.FirstError(kConditionErrorOrder)) return *e;
    return root;
  }

 private:
  bool ParseOr(ConditionNode& out) {
    if (!ParseAnd(out)) return false;
    while (p_.Peek().IsKeyword("OR")) {
      p_.Next();
      p_.CountOperator();
      ConditionNode right;
      if (!ParseAnd(right)) return false;
      out = Combine(ConditionNode::Kind::kOr, std::move(out), std::move(right));
    }
    return true;
  }

  bool ParseAnd(ConditionNode& out) {
    if (!ParseNot(out)) return false;
    while (p_.Peek().IsKeyword("AND")) {
      p_.Next();
      p_.CountOperator();
      ConditionNode right;
      if (!ParseNot(right)) return false;
      out = Combine(ConditionNode::Kind::kAnd, std::move(out), std::move(right));
    }
    return true;
  }

  bool ParseNot(ConditionNode& out) {
    if (!p_.Peek().IsKeyword("NOT")) return ParsePrimary(out);
    p_.Next();
    p_.CountOperator();
    // "NOT condition", where the condition may itself be a NOT: AWS's grammar,
    // https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Expressions.OperatorsAndFunctions.html#Expressions.OperatorsAndFunctions.Syntax
    // ("condition ::= ... | NOT condition").
    Nested nested(this);
    if (!nested.ok()) return false;
    ConditionNode child;
    if (!ParseNot(child)) return false;
    out = ConditionNode{};
    out.kind = ConditionNode::Kind::kNot;
    out.children.push_back(std::move(child));
    return true;
  }

  // One more level of recursion for the lifetime of the object; ok() is false past kMaxNesting.
  class Nested {
   public:
    explicit Nested(ConditionParser* parser) : parser_(parser) { ++parser_->depth_; }
    ~Nested() { --parser_->depth_; }
    Nested(const Nested&) = delete;
    Nested& operator=(const Nested&) = delete;
    bool ok() const { return parser_->depth_ <= kMaxNesting; }

   private:
    ConditionParser* parser_;
  };

  static ConditionNode Combine(ConditionNode::Kind kind, ConditionNode left, ConditionNode right) {
    ConditionNode node;
    node.kind = kind;
    node.children.push_back(std::move(left));
    node.children.push_back(std::move(right));
    return node;
  }

  bool ParsePrimary(ConditionNode& out) {
    if (!p_.Peek().Is("(")) return ParseSimpleCondition(out, false);
    // Either a condition whose first operand is parenthesized, "(a) = :v", or a grouped
    // condition, "(a = :v)"; the first reading wins when it parses, as in AWS's grammar.
    ExpressionParser::Mark mark = p_.Save();
    ConditionNode attempt;
    if (ParseSimpleCondition(attempt, true)) {
      out = std::move(attempt);
      return true;
    }
    p_.Fail();
    p_.Restore(mark);
    p_.Next();
    Nested nested(this);
    if (!nested.ok() || !ParseOr(out)) return false;
    if (!p_.Peek().Is(")")) return false;
    p_.Next();
    if (out.parenthesized)
      p_.Report(ErrorCategory::kParens, "The expression has redundant parentheses;");
    out.parenthesized = true;
    return true;
  }

  // A comparison, BETWEEN, IN or (unless `require_operator`) a function used as a condition.
  bool ParseSimpleCondition(ConditionNode& out, bool require_operator) {
    if (!ParseSimpleConditionBody(out, require_operator)) return false;
    PromoteErrors();
    return true;
  }

  void PromoteErrors() {
    if (p_.Reported(ErrorCategory::kCondition)) return;
    for (ErrorCategory c : kWithinConditionOrder) {
      if (const auto& message = p_.Reported(c)) {
        p_.Report(ErrorCategory::kCondition, *message);
        return;
      }
    }
  }

  bool ParseSimpleConditionBody(ConditionNode& out, bool require_operator) {
    out = ConditionNode{};
    Operand first;
    if (!p_.ParseOperand(first, false)) return false;
    CompareOp op;
    if (IsComparator(p_.Peek(), op)) {
      p_.Next();
      p_.CountOperator();
      out.kind = ConditionNode::Kind::kCompare;
      out.op = op;
      out.operands.push_back(std::move(first));
      out.operands.emplace_back();
      if (!p_.ParseOperand(out.operands.back(), false)) return false;
      CheckOperands(out.operands);
      CheckDistinct(ComparatorText(op), out.operands);
      if (op != CompareOp::kEq && op != CompareOp::kNe)
        CheckOrderable(ComparatorText(op), out.operands);
      return true;
    }
    if (p_.Peek().IsKeyword("BETWEEN")) {
      p_.Next();
      p_.CountOperator();
      out.kind = ConditionNode::Kind::kBetween;
      out.operands.push_back(std::move(first));
      out.operands.emplace_back();
      if (!p_.ParseOperand(out.operands.back(), false)) return false;
      if (!p_.Peek().IsKeyword("AND")) return false;
      p_.Next();
      out.operands.emplace_back();
      if (!p_.ParseOperand(out.operands.back(), false)) return false;
      CheckOperands(out.operands);
      CheckOrderable("BETWEEN", out.operands);
      CheckBetweenBounds(out.operands[1], out.operands[2]);
      return true;
    }
    if (p_.Peek().IsKeyword("IN")) {
      p_.Next();
      p_.CountOperator();
      out.kind = ConditionNode::Kind::kIn;
      out.operands.push_back(std::move(first));
      if (!p_.Peek().Is("(")) return false;
      p_.Next();
      while (true) {
        out.operands.emplace_back();
        if (!p_.ParseOperand(out.operands.back(), false)) return false;
        if (p_.Peek().Is(",")) {
          p_.Next();
          continue;
        }
        if (!p_.Peek().Is(")")) return false;
        p_.Next();
        break;
      }
      if (out.operands.size() - 1 > kMaxInOperands) {
        p_.Report(ErrorCategory::kOperandCount,
                  fmt::format("Too many operands for operator or function; operator or function: "
                              "IN, number of operands: {}",
                              out.operands.size() - 1));
      }
      CheckOperands(out.operands);
      return true;
    }
    if (require_operator || first.kind != Operand::Kind::kFunction) return false;
    // A function used as a condition on its own; size() only yields a number.
    if (first.name == "size") MisusedFunction("size");
    out.kind = ConditionNode::Kind::kFunction;
    out.function = first.name;
    out.operands = std::move(first.args);
    for (const Operand& arg : out.operands) CheckOperand(arg);
    CheckFunction(out.function, out.operands);
    return true;
  }

  void MisusedFunction(const std::string& name) {
    p_.Report(ErrorCategory::kMisusedFunction,
              fmt::format("The function is not allowed to be used this way in an expression; "
                          "function: {}",
                          name));
  }

  // Operands of comparisons, BETWEEN and IN: only size() may be a function there.
  void CheckOperands(const std::vector<Operand>& operands) {
    for (const Operand& op : operands) {
      if (op.kind == Operand::Kind::kFunction && op.name != "size") MisusedFunction(op.name);
      CheckOperand(op);
    }
  }

  // A function nested as an operand: its own checks, recursively.
  void CheckOperand(const Operand& op) {
    if (op.kind != Operand::Kind::kFunction) return;
    for (const Operand& arg : op.args) {
      if (arg.kind == Operand::Kind::kFunction && arg.name != "size") MisusedFunction(arg.name);
      CheckOperand(arg);
    }
    CheckFunction(op.name, op.args);
  }

  // <, <=, >, >= and BETWEEN order S, N and B values only: an operand of another type known
  // before evaluation (a value placeholder; size() is N) is a ValidationException ("Incorrect
  // operand type for operator or function; operator or function: >, operand type: L"), not a
  // false condition
  // (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Expressions.OperatorsAndFunctions.html:
  // "a < b ... true if a is less than b", defined for numbers, strings and binary; DynamoDB Local
  // 3.3.0 answers this error for L, M, SS, BOOL and NULL operands alike). A path whose value
  // turns out to have another type still compares false.
  void CheckOrderable(const char* op, const std::vector<Operand>& operands) {
    for (const Operand& operand : operands) {
      auto t = StaticType(operand);
      if (t && *t != ValueType::kS && *t != ValueType::kN && *t != ValueType::kB) {
        OperandType(op, ValueTypeName(*t));
        return;
      }
    }
  }

  void OperandType(const std::string& function, const char* type) {
    p_.Report(ErrorCategory::kFunction,
              fmt::format("Incorrect operand type for operator or function; operator or function: "
                          "{}, operand type: {}",
                          function, type));
  }

  void CheckFunction(const std::string& name, const std::vector<Operand>& args) {
    std::size_t expected = 0;
    if (name == "attribute_exists" || name == "attribute_not_exists" || name == "size")
      expected = 1;
    else if (name == "attribute_type" || name == "begins_with" || name == "contains")
      expected = 2;
    else
      return;  // unknown or update-only: already reported
    if (args.size() != expected) {
      p_.Report(ErrorCategory::kOperandCount,
                fmt::format("Incorrect number of operands for operator or function; operator or "
                            "function: {}, number of operands: {}",
                            name, args.size()));
      return;
    }
    CheckDistinct(name, args);
    if (name == "attribute_exists" || name == "attribute_not_exists") {
      if (args[0].kind != Operand::Kind::kPath) {
        p_.Report(ErrorCategory::kFunction,
                  fmt::format("Operator or function requires a document path; operator or "
                              "function: {}",
                              name));
      }
    } else if (name == "begins_with") {
      for (const Operand& arg : args) {
        auto t = StaticType(arg);
        if (t && *t != ValueType::kS && *t != ValueType::kB) OperandType(name, ValueTypeName(*t));
      }
    } else if (name == "attribute_type") {
      auto t = LiteralType(args[1]);
      if (args[1].kind != Operand::Kind::kValue) {
        OperandType(name, "{NS,SS,L,BS,N,M,B,BOOL,NULL,S}");
      } else if (t && *t != ValueType::kS) {
        OperandType(name, ValueTypeName(*t));
      } else if (t && !ValueTypeFromName(args[1].value.scalar())) {
        p_.Report(ErrorCategory::kFunction,
                  fmt::format("Invalid attribute type name found; type: {}, valid types: "
                              "{{B,NULL,SS,BOOL,L,BS,N,NS,S,M}}",
                              args[1].value.scalar()));
      }
    } else if (name == "size") {
      auto t = StaticType(args[0]);
      if (t && (*t == ValueType::kN || *t == ValueType::kBool || *t == ValueType::kNull)) {
        OperandType(name, ValueTypeName(*t));
      }
    }
  }

  void CheckDistinct(const std::string& op, const std::vector<Operand>& args) {
    if (args.size() == 2 && args[0].kind == Operand::Kind::kPath &&
        args[1].kind == Operand::Kind::kPath && args[0].path == args[1].path) {
      p_.Report(ErrorCategory::kDistinct,
                fmt::format("The first operand must be distinct from the remaining operands for "
                            "this operator or function; operator: {}, first operand: {}",
                            op, PathForMessage(args[0].path)));
    }
  }

  void CheckBetweenBounds(const Operand& low, const Operand& high) {
    auto lt = LiteralType(low);
    auto ht = LiteralType(high);
    if (!lt || !ht) return;
    const std::string bounds = fmt::format(
        "lower bound operand: AttributeValue: {}, upper bound operand: AttributeValue: {}",
        ValueForMessage(low.value), ValueForMessage(high.value));
    if (*lt != *ht) {
      p_.Report(
          ErrorCategory::kFunction,
          "The BETWEEN operator requires same data type for lower and upper bounds; " + bounds);
    } else if ((*lt == ValueType::kS || *lt == ValueType::kN || *lt == ValueType::kB) &&
               CompareScalars(low.value, high.value) > 0) {
      p_.Report(ErrorCategory::kFunction,
                "The BETWEEN operator requires upper bound to be greater than or equal to lower "
                "bound; " +
                    bounds);
    }
  }

  ExpressionParser p_;
  int depth_ = 0;
};

bool IsOrderable(ValueType t) {
  return t == ValueType::kS || t == ValueType::kN || t == ValueType::kB;
}

// The value of an operand against `item`; nullptr when missing or undefined (size() of a value
// without a size). `scratch` holds computed values.
const AttributeValue* EvaluateOperand(const Operand& op, const Item& item,
                                      AttributeValue& scratch) {
  switch (op.kind) {
    case Operand::Kind::kPath:
      return FindPath(item, op.path);
    case Operand::Kind::kValue:
      return &op.value;
    case Operand::Kind::kFunction: {
      if (op.name != "size") return nullptr;
      AttributeValue inner_scratch;
      const AttributeValue* v = EvaluateOperand(op.args[0], item, inner_scratch);
      if (v == nullptr) return nullptr;
      std::size_t size;
      switch (v->type()) {
        case ValueType::kS:
        case ValueType::kB:
          size = v->scalar().size();
          break;
        case ValueType::kSS:
        case ValueType::kNS:
        case ValueType::kBS:
          size = v->set().size();
          break;
        case ValueType::kL:
          size = v->list().size();
          break;
        case ValueType::kM:
          size = v->map().size();
          break;
        default:
          return nullptr;
      }
      scratch = AttributeValue::N(std::to_string(size));
      return &scratch;
    }
    case Operand::Kind::kPlus:
    case Operand::Kind::kMinus:
      return nullptr;  // not part of the condition grammar
  }
  return nullptr;
}

bool Equal(const AttributeValue* a, const AttributeValue* b) { return a && b && *a == *b; }

// Ordering of two values when both exist and share an orderable type.
std::optional<int> Order(const AttributeValue* a, const AttributeValue* b) {
  if (!a || !b || a->type() != b->type() || !IsOrderable(a->type())) return std::nullopt;
  return CompareScalars(*a, *b);
}

bool SetContains(const AttributeValue& set, const AttributeValue& member) {
  ValueType element = set.is(ValueType::kSS)   ? ValueType::kS
                      : set.is(ValueType::kNS) ? ValueType::kN
                                               : ValueType::kB;
  if (!member.is(element)) return false;
  for (const std::string& m : set.set()) {
    if (m == member.scalar()) return true;
  }
  return false;
}

bool EvaluateFunction(const std::string& name, const std::vector<Operand>& args, const Item& item) {
  AttributeValue s0;
  AttributeValue s1;
  if (name == "attribute_exists") return FindPath(item, args[0].path) != nullptr;
  if (name == "attribute_not_exists") return FindPath(item, args[0].path) == nullptr;
  const AttributeValue* a = EvaluateOperand(args[0], item, s0);
  const AttributeValue* b = args.size() > 1 ? EvaluateOperand(args[1], item, s1) : nullptr;
  if (a == nullptr || b == nullptr) return false;
  if (name == "attribute_type") {
    return b->is(ValueType::kS) && b->scalar() == ValueTypeName(a->type());
  }
  if (name == "begins_with") {
    if (a->type() != b->type() || (!a->is(ValueType::kS) && !a->is(ValueType::kB))) return false;
    return a->scalar().compare(0, b->scalar().size(), b->scalar()) == 0 &&
           a->scalar().size() >= b->scalar().size();
  }
  if (name == "contains") {
    switch (a->type()) {
      case ValueType::kS:
      case ValueType::kB:
        return a->type() == b->type() && a->scalar().find(b->scalar()) != std::string::npos;
      case ValueType::kSS:
      case ValueType::kNS:
      case ValueType::kBS:
        return SetContains(*a, *b);
      case ValueType::kL:
        for (const AttributeValue& e : a->list()) {
          if (e == *b) return true;
        }
        return false;
      default:
        return false;
    }
  }
  return false;
}

}  // namespace

SimResult<ConditionNode> ParseConditionTree(std::string_view text, ExpressionKind kind,
                                            ExpressionAttributes& attributes) {
  return ConditionParser(text, kind, attributes).Parse();
}

bool EvaluateCondition(const ConditionNode& node, const Item& item) {
  switch (node.kind) {
    case ConditionNode::Kind::kAnd:
      return EvaluateCondition(node.children[0], item) && EvaluateCondition(node.children[1], item);
    case ConditionNode::Kind::kOr:
      return EvaluateCondition(node.children[0], item) || EvaluateCondition(node.children[1], item);
    case ConditionNode::Kind::kNot:
      return !EvaluateCondition(node.children[0], item);
    case ConditionNode::Kind::kCompare: {
      AttributeValue s0;
      AttributeValue s1;
      const AttributeValue* a = EvaluateOperand(node.operands[0], item, s0);
      const AttributeValue* b = EvaluateOperand(node.operands[1], item, s1);
      if (node.op == CompareOp::kEq) return Equal(a, b);
      if (node.op == CompareOp::kNe) return !Equal(a, b);
      auto order = Order(a, b);
      if (!order) return false;
      switch (node.op) {
        case CompareOp::kLt:
          return *order < 0;
        case CompareOp::kLe:
          return *order <= 0;
        case CompareOp::kGt:
          return *order > 0;
        case CompareOp::kGe:
          return *order >= 0;
        default:
          return false;
      }
    }
    case ConditionNode::Kind::kBetween: {
      AttributeValue s0;
      AttributeValue s1;
      AttributeValue s2;
      const AttributeValue* v = EvaluateOperand(node.operands[0], item, s0);
      auto low = Order(v, EvaluateOperand(node.operands[1], item, s1));
      auto high = Order(v, EvaluateOperand(node.operands[2], item, s2));
      return low && high && *low >= 0 && *high <= 0;
    }
    case ConditionNode::Kind::kIn: {
      AttributeValue s0;
      const AttributeValue* v = EvaluateOperand(node.operands[0], item, s0);
      if (v == nullptr) return false;
      for (std::size_t i = 1; i < node.operands.size(); ++i) {
        AttributeValue si;
        if (Equal(v, EvaluateOperand(node.operands[i], item, si))) return true;
      }
      return false;
    }
    case ConditionNode::Kind::kFunction:
      return EvaluateFunction(node.function, node.operands, item);
  }
  return false;
}

void CollectConditionNames(const ConditionNode& node, std::vector<std::string>& names) {
  for (const ConditionNode& child : node.children) CollectConditionNames(child, names);
  for (const Operand& op : node.operands) CollectTopLevelNames(op, names);
}

}  // namespace detail

bool Condition::Evaluate(const Item& item) const {
  assert(root_ != nullptr);
  return detail::EvaluateCondition(*root_, item);
}

SimResult<Condition> ParseCondition(std::string_view text, ExpressionKind kind,
                                    ExpressionAttributes& attributes) {
  auto tree = detail::ParseConditionTree(text, kind, attributes);
  if (!tree.ok()) return tree.error();
  Condition condition;
  detail::CollectConditionNames(tree.value(), condition.top_level_names_);
  detail::SortUnique(condition.top_level_names_);
  condition.root_ = std::make_shared<const detail::ConditionNode>(std::move(tree.value()));
  return condition;
}

}  // namespace sim
