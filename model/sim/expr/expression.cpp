// Shared expression machinery: placeholder bookkeeping, document paths, the parser base used by
// the condition and update parsers, and message helpers (see expression.h, expression_ast.h).
#include "model/sim/expr/expression.h"

#include <fmt/format.h>

#include <algorithm>
#include <cassert>
#include <limits>

#include "model/sim/api/base64.h"
#include "model/sim/expr/ast.h"

namespace sim {

const char* ExpressionKindName(ExpressionKind kind) {
  switch (kind) {
    case ExpressionKind::kKeyCondition:
      return "KeyConditionExpression";
    case ExpressionKind::kCondition:
      return "ConditionExpression";
    case ExpressionKind::kFilter:
      return "FilterExpression";
    case ExpressionKind::kUpdate:
      return "UpdateExpression";
    case ExpressionKind::kProjection:
      return "ProjectionExpression";
  }
  return "Expression";
}

SimStatus ExpressionAttributes::CheckAllUsed() const {
  auto unused = [](const auto* map, const auto& used, const char* what) -> std::optional<Error> {
    if (map == nullptr) return std::nullopt;
    std::string keys;
    bool any = false;  // an unused key may be "" (it adds nothing to `keys`)
    for (const auto& entry : *map) {
      if (used.count(entry.first) != 0) continue;
      if (any) keys += ", ";
      keys += entry.first;
      any = true;
    }
    if (!any) return std::nullopt;
    return Error::Validation(
        fmt::format("Value provided in {} unused in expressions: keys: {{{}}}", what, keys));
  };
  if (auto e = unused(names_, used_names_, "ExpressionAttributeNames")) return *e;
  if (auto e = unused(values_, used_values_, "ExpressionAttributeValues")) return *e;
  return Ok{};
}

const std::string* ExpressionAttributes::UseName(std::string_view placeholder) {
  if (names_ == nullptr) return nullptr;
  auto it = names_->find(std::string(placeholder));
  if (it == names_->end()) return nullptr;
  used_names_.emplace(placeholder);
  return &it->second;
}

const AttributeValue* ExpressionAttributes::UseValue(std::string_view placeholder) {
  if (values_ == nullptr) return nullptr;
  auto it = values_->find(std::string(placeholder));
  if (it == values_->end()) return nullptr;
  used_values_.emplace(placeholder);
  return &it->second;
}

std::string PathToString(const DocumentPath& path) {
  std::string out;
  for (std::size_t i = 0; i < path.size(); ++i) {
    if (path[i].is_index()) {
      out += fmt::format("[{}]", path[i].index);
    } else {
      if (i > 0) out.push_back('.');
      out += path[i].name;
    }
  }
  return out;
}

const AttributeValue* FindPath(const Item& item, const DocumentPath& path) {
  assert(!path.empty() && !path[0].is_index());
  auto it = item.find(path[0].name);
  if (it == item.end()) return nullptr;
  const AttributeValue* v = &it->second;
  for (std::size_t i = 1; i < path.size(); ++i) {
    const PathElement& step = path[i];
    if (step.is_index()) {
      if (!v->is(ValueType::kL) || static_cast<std::size_t>(step.index) >= v->list().size()) {
        return nullptr;
      }
      v = &v->list()[static_cast<std::size_t>(step.index)];
    } else {
      if (!v->is(ValueType::kM)) return nullptr;
      auto m = v->map().find(step.name);
      if (m == v->map().end()) return nullptr;
      v = &m->second;
    }
  }
  return v;
}

namespace detail {
namespace {

constexpr std::size_t kMaxExpressionBytes = 4096;

bool IsKnownFunction(std::string_view name) {
  for (std::string_view f : {"attribute_exists", "attribute_not_exists", "attribute_type",
                             "begins_with", "contains", "size", "if_not_exists", "list_append"}) {
    if (name == f) return true;
  }
  return false;
}

bool IsUpdateFunction(std::string_view name) {
  return name == "if_not_exists" || name == "list_append";
}

}  // namespace

// Words that structure the expression kind's grammar; they can never start a document path
// (other reserved words can, and are reported as reserved keywords).
bool ExpressionParser::IsGrammarKeyword(const Token& t) const {
  if (t.kind != TokenKind::kIdentifier) return false;
  if (kind_ == ExpressionKind::kUpdate) {
    return t.IsKeyword("SET") || t.IsKeyword("REMOVE") || t.IsKeyword("ADD") ||
           t.IsKeyword("DELETE");
  }
  if (kind_ == ExpressionKind::kProjection) return false;
  return t.IsKeyword("AND") || t.IsKeyword("OR") || t.IsKeyword("NOT") || t.IsKeyword("BETWEEN") ||
         t.IsKeyword("IN");
}

ExpressionParser::ExpressionParser(std::string_view text, ExpressionKind kind,
                                   ExpressionAttributes& attributes)
    : text_(text), kind_(kind), attributes_(attributes), tokens_(Lex(text)) {}

std::optional<Error> ExpressionParser::CheckText() const {
  if (text_.empty()) return Invalid("The expression can not be empty;");
  if (text_.size() > kMaxExpressionBytes) {
    // AWS appends the size for condition and filter expressions only.
    if (kind_ == ExpressionKind::kCondition || kind_ == ExpressionKind::kFilter) {
      return Invalid(
          fmt::format("Expression size has exceeded the maximum allowed size; expression size: {}",
                      text_.size()));
    }
    return Invalid("Expression size has exceeded the maximum allowed size;");
  }
  // Invalid characters need no check here: no grammar rule accepts them, so the parsers stop at
  // the first one unless they stopped earlier, and report it as AWS does.
  return std::nullopt;
}

void ExpressionParser::Report(ErrorCategory category, std::string message) {
  auto& slot = errors_[static_cast<std::size_t>(category)];
  if (!slot) slot = std::move(message);
}

Error ExpressionParser::Invalid(std::string_view message) const {
  return Error::Validation(fmt::format("Invalid {}: {}", ExpressionKindName(kind_), message));
}

Error ExpressionParser::SyntaxErrorHere() const {
  return Invalid(SyntaxError(text_, tokens_, std::max(pos_, furthest_)));
}

void ExpressionParser::Restore(const Mark& mark) {
  pos_ = mark.pos;
  operators_ = mark.operators;
  errors_ = mark.errors;
}

Error ExpressionParser::TooManyOperators() const {
  return Invalid(
      fmt::format("The expression contains too many operators; operator count: {}", operators_));
}

const Token& ExpressionParser::Peek(std::size_t ahead) const {
  return tokens_[std::min(pos_ + ahead, tokens_.size() - 1)];
}

const Token& ExpressionParser::Next() {
  const Token& t = tokens_[pos_];
  if (pos_ + 1 < tokens_.size()) ++pos_;
  return t;
}

bool ExpressionParser::ParsePath(DocumentPath& path) {
  auto parse_name = [&](PathElement& element) {
    const Token& t = Peek();
    if (t.kind == TokenKind::kIdentifier && !IsGrammarKeyword(t)) {
      if (IsReservedWord(t.text)) {
        Report(ErrorCategory::kReserved,
               fmt::format("Attribute name is a reserved keyword; reserved keyword: {}", t.text));
      }
      element.name = std::string(t.text);
    } else if (t.kind == TokenKind::kNamePlaceholder) {
      if (const std::string* resolved = attributes_.UseName(t.text)) {
        element.name = *resolved;
      } else {
        Report(ErrorCategory::kAttrName,
               fmt::format("An expression attribute name used in the document path is not "
                           "defined; attribute name: {}",
                           t.text));
        element.name = std::string(t.text);
      }
    } else {
      return false;
    }
    Next();
    return true;
  };
  path.clear();
  path.emplace_back();
  if (!parse_name(path.back())) return false;
  while (true) {
    if (Peek().Is(".")) {
      Next();
      path.emplace_back();
      if (!parse_name(path.back())) return false;
    } else if (Peek().Is("[")) {
      Next();
      const Token& number = Peek();
      if (number.kind != TokenKind::kNumber) return false;
      long long index = 0;
      for (char c : number.text) {
        index =
            std::min<long long>(index * 10 + (c - '0'), std::numeric_limits<std::int32_t>::max());
      }
      Next();
      if (!Peek().Is("]")) return false;
      Next();
      PathElement element;
      element.index = static_cast<std::int32_t>(index);
      path.push_back(element);
    } else {
      return true;
    }
  }
}

bool ExpressionParser::ParseValuePlaceholder(Operand& operand) {
  const Token& t = Peek();
  if (t.kind != TokenKind::kValuePlaceholder) return false;
  operand.kind = Operand::Kind::kValue;
  operand.name = std::string(t.text);
  if (const AttributeValue* v = attributes_.UseValue(t.text)) {
    operand.value = *v;
  } else {
    operand.defined = false;
    // Conditions and projections keep one slot for undefined names and values (the first in
    // text order wins); updates report undefined names before undefined values.
    Report(kind_ == ExpressionKind::kUpdate ? ErrorCategory::kAttrValue : ErrorCategory::kAttrName,
           fmt::format("An expression attribute value used in expression is not defined; "
                       "attribute value: {}",
                       t.text));
  }
  Next();
  return true;
}

bool ExpressionParser::ParseFunctionCall(Operand& operand) {
  // Calls nest (size(size(a))): bounded, so that recursion never depends on the input's depth
  // unchecked (4 KB of text would allow about 800 levels).
  if (call_depth_ >= kMaxCallNesting) return false;
  ++call_depth_;
  const bool parsed = ParseFunctionCallBody(operand);
  --call_depth_;
  return parsed;
}

bool ExpressionParser::ParseFunctionCallBody(Operand& operand) {
  operand.kind = Operand::Kind::kFunction;
  operand.name = std::string(Next().text);
  Next();  // '('
  CountOperator();
  if (!IsKnownFunction(operand.name)) {
    Report(ErrorCategory::kUnknownFunction,
           fmt::format("Invalid function name; function: {}", operand.name));
  } else if (kind_ == ExpressionKind::kUpdate && !IsUpdateFunction(operand.name)) {
    Report(ErrorCategory::kUnknownFunction,
           fmt::format("The function is not allowed in an update expression; function: {}",
                       operand.name));
  } else if (kind_ != ExpressionKind::kUpdate && IsUpdateFunction(operand.name)) {
    Report(ErrorCategory::kUnknownFunction,
           fmt::format("The function is not allowed in a condition expression; function: {}",
                       operand.name));
  }
  while (true) {
    operand.args.emplace_back();
    if (!ParseOperand(operand.args.back(), false)) return false;
    if (Peek().Is(",")) {
      Next();
      continue;
    }
    if (Peek().Is(")")) {
      Next();
      return true;
    }
    return false;
  }
}

bool ExpressionParser::ParseSimpleOperand(Operand& operand) {
  const Token& t = Peek();
  if (t.kind == TokenKind::kIdentifier && Peek(1).Is("(") && !IsGrammarKeyword(t)) {
    return ParseFunctionCall(operand);
  }
  if (t.kind == TokenKind::kValuePlaceholder) return ParseValuePlaceholder(operand);
  operand.kind = Operand::Kind::kPath;
  return ParsePath(operand.path);
}

bool ExpressionParser::ParseOperandParens(Operand& operand) {
  if (!Peek().Is("(")) return ParseSimpleOperand(operand);
  Next();
  bool doubled = false;
  if (kind_ != ExpressionKind::kUpdate && Peek().Is("(")) {
    Next();
    doubled = true;
  }
  if (!ParseSimpleOperand(operand)) return false;
  for (int closing = doubled ? 2 : 1; closing > 0; --closing) {
    if (!Peek().Is(")")) return false;
    Next();
  }
  if (doubled) Report(ErrorCategory::kParens, "The expression has redundant parentheses;");
  return true;
}

bool ExpressionParser::ParseOperand(Operand& operand, bool allow_arithmetic) {
  if (!allow_arithmetic) return ParseOperandParens(operand);
  // SET value: "(x + y)" as a whole, or x [+|- y] where x and y may each be parenthesized.
  if (Peek().Is("(")) {
    Mark mark = Save();
    Next();
    if (ParseArithmetic(operand) && Peek().Is(")")) {
      Next();
      return true;
    }
    Fail();
    Restore(mark);
    operand = Operand{};
  }
  return ParseArithmetic(operand);
}

bool ExpressionParser::ParseArithmetic(Operand& operand) {
  if (!ParseOperandParens(operand)) return false;
  if (!Peek().Is("+") && !Peek().Is("-")) return true;
  Operand left = std::move(operand);
  operand = Operand{};
  operand.kind = Next().text == "+" ? Operand::Kind::kPlus : Operand::Kind::kMinus;
  CountOperator();
  operand.args.push_back(std::move(left));
  operand.args.emplace_back();
  return ParseOperandParens(operand.args.back());
}

std::string PathForMessage(const DocumentPath& path) {
  std::string out = "[";
  for (std::size_t i = 0; i < path.size(); ++i) {
    if (i > 0) out += ", ";
    out += path[i].is_index() ? fmt::format("[{}]", path[i].index) : path[i].name;
  }
  out += "]";
  return out;
}

std::string ValueForMessage(const AttributeValue& value) {
  std::string body;
  switch (value.type()) {
    case ValueType::kS:
    case ValueType::kN:
      body = value.scalar();
      break;
    case ValueType::kB:
      body = Base64Encode(value.scalar());
      break;
    case ValueType::kBool:
      body = value.boolean() ? "true" : "false";
      break;
    case ValueType::kNull:
      body = "true";
      break;
    default:
      body = "...";
      break;
  }
  return fmt::format("{{{}:{}}}", ValueTypeName(value.type()), body);
}

void CollectTopLevelNames(const Operand& operand, std::vector<std::string>& names) {
  if (operand.kind == Operand::Kind::kPath) names.push_back(operand.path[0].name);
  for (const Operand& arg : operand.args) CollectTopLevelNames(arg, names);
}

void SortUnique(std::vector<std::string>& names) {
  std::sort(names.begin(), names.end());
  names.erase(std::unique(names.begin(), names.end()), names.end());
}

}  // namespace detail
}  // namespace sim
