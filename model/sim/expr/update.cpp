// UpdateExpression: SET / REMOVE / ADD / DELETE clauses, their static checks, and applying them
// to an item (see expression.h). Every operand is evaluated against the item as it was before
// the update, as DynamoDB does; the actions then write a copy.
#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cassert>

#include "model/sim/api/number.h"
#include "model/sim/expr/ast.h"
#include "model/sim/expr/expression.h"

namespace sim {
namespace detail {
namespace {

// AWS's priority among error categories for updates: kOperandType is the ADD/DELETE operand
// check, kFunction everything about functions and + / - (operand counts, document paths, types).
constexpr std::array<ErrorCategory, 9> kUpdateErrorOrder = {
    ErrorCategory::kReserved,     ErrorCategory::kUnknownFunction, ErrorCategory::kSection,
    ErrorCategory::kAttrName,     ErrorCategory::kAttrValue,       ErrorCategory::kPathOverlap,
    ErrorCategory::kPathConflict, ErrorCategory::kOperandType,     ErrorCategory::kFunction};

// The type names AWS uses in update-expression operand messages.
const char* LongTypeName(ValueType t) {
  switch (t) {
    case ValueType::kS:
      return "STRING";
    case ValueType::kN:
      return "NUMBER";
    case ValueType::kB:
      return "BINARY";
    case ValueType::kBool:
      return "BOOLEAN";
    case ValueType::kNull:
      return "NULL";
    case ValueType::kM:
      return "MAP";
    case ValueType::kL:
      return "LIST";
    case ValueType::kSS:
      return "SET";
    case ValueType::kNS:
      return "SET";
    case ValueType::kBS:
      return "SET";
  }
  return "NULL";
}

bool IsSet(ValueType t) {
  return t == ValueType::kSS || t == ValueType::kNS || t == ValueType::kBS;
}

enum class PathRelation { kDisjoint, kOverlap, kConflict };

PathRelation Relate(const DocumentPath& a, const DocumentPath& b) {
  std::size_t n = std::min(a.size(), b.size());
  for (std::size_t i = 0; i < n; ++i) {
    if (a[i] == b[i]) continue;
    // Same parent, one step by name and the other by index: the parent cannot be both.
    if (a[i].is_index() != b[i].is_index()) return PathRelation::kConflict;
    return PathRelation::kDisjoint;
  }
  return PathRelation::kOverlap;
}

class UpdateParser {
 public:
  UpdateParser(std::string_view text, ExpressionAttributes& attributes)
      : p_(text, ExpressionKind::kUpdate, attributes) {}

  SimResult<std::vector<UpdateAction>> Parse() {
    if (auto e = p_.CheckText()) return *e;
    std::vector<UpdateAction> actions;
    std::array<bool, 4> seen{};
    do {
      const Token& keyword = p_.Peek();
      UpdateAction::Kind kind;
      if (keyword.IsKeyword("SET"))
        kind = UpdateAction::Kind::kSet;
      else if (keyword.IsKeyword("REMOVE"))
        kind = UpdateAction::Kind::kRemove;
      else if (keyword.IsKeyword("ADD"))
        kind = UpdateAction::Kind::kAdd;
      else if (keyword.IsKeyword("DELETE"))
        kind = UpdateAction::Kind::kDelete;
      else
        return p_.SyntaxErrorHere();
      auto& was_seen = seen[static_cast<std::size_t>(kind)];
      if (was_seen) {
        p_.Report(ErrorCategory::kSection,
                  fmt::format("The \"{}\" section can only be used once in an update expression;",
                              KindName(kind)));
      }
      was_seen = true;
      p_.Next();
      while (true) {
        actions.emplace_back();
        actions.back().kind = kind;
        if (!ParseAction(actions.back())) return p_.SyntaxErrorHere();
        if (!p_.Peek().Is(",")) break;
        p_.Next();
      }
    } while (!p_.AtEnd());
    CheckPaths(actions);
    if (auto e = p_.FirstError(kUpdateErrorOrder)) return *e;
    return actions;
  }

  static const char* KindName(UpdateAction::Kind kind) {
    switch (kind) {
      case UpdateAction::Kind::kSet:
        return "SET";
      case UpdateAction::Kind::kRemove:
        return "REMOVE";
      case UpdateAction::Kind::kAdd:
        return "ADD";
      case UpdateAction::Kind::kDelete:
        return "DELETE";
    }
    return "SET";
  }

 private:
  bool ParseAction(UpdateAction& action) {
    if (!p_.ParsePath(action.path)) return false;
    switch (action.kind) {
      case UpdateAction::Kind::kSet:
        if (!p_.Peek().Is("=")) return false;
        p_.Next();
        if (!p_.ParseOperand(action.value, true)) return false;
        CheckSetOperand(action.value);
        return true;
      case UpdateAction::Kind::kRemove:
        return true;
      case UpdateAction::Kind::kAdd:
      case UpdateAction::Kind::kDelete: {
        if (!p_.ParseValuePlaceholder(action.value)) return false;
        if (action.value.defined) {
          ValueType t = action.value.value.type();
          bool ok =
              action.kind == UpdateAction::Kind::kAdd ? (t == ValueType::kN || IsSet(t)) : IsSet(t);
          if (!ok) {
            p_.Report(ErrorCategory::kOperandType,
                      fmt::format("Incorrect operand type for operator or function; operator: {}, "
                                  "operand type: {}",
                                  KindName(action.kind), LongTypeName(t)));
          }
        }
        return true;
      }
    }
    return false;
  }

  // Checks functions and arithmetic innermost first (AWS reports the first function error in
  // that order); `+`/`-` and list_append name literal types by their short descriptors.
  void CheckSetOperand(const Operand& op) {
    for (const Operand& arg : op.args) CheckSetOperand(arg);
    const bool arithmetic = op.kind == Operand::Kind::kPlus || op.kind == Operand::Kind::kMinus;
    if (!arithmetic && op.kind != Operand::Kind::kFunction) return;
    if (!arithmetic && op.name != "if_not_exists" && op.name != "list_append") return;  // reported
    const std::string name = arithmetic ? (op.kind == Operand::Kind::kPlus ? "+" : "-") : op.name;
    if (op.args.size() != 2) {
      p_.Report(ErrorCategory::kFunction,
                fmt::format("Incorrect number of operands for operator or function; operator or "
                            "function: {}, number of operands: {}",
                            name, op.args.size()));
      return;
    }
    if (name == "if_not_exists") {
      if (op.args[0].kind != Operand::Kind::kPath) {
        p_.Report(ErrorCategory::kFunction,
                  "Operator or function requires a document path; operator or function: "
                  "if_not_exists");
      }
      return;
    }
    const ValueType wanted = name == "list_append" ? ValueType::kL : ValueType::kN;
    for (const Operand& arg : op.args) {
      if (arg.kind == Operand::Kind::kValue && arg.defined && !arg.value.is(wanted)) {
        p_.Report(ErrorCategory::kFunction,
                  fmt::format("Incorrect operand type for operator or function; operator or "
                              "function: {}, operand type: {}",
                              name, ValueTypeName(arg.value.type())));
        return;
      }
    }
  }

  void CheckPaths(const std::vector<UpdateAction>& actions) {
    // Each path against the earlier ones, in text order.
    for (std::size_t j = 1; j < actions.size(); ++j) {
      for (std::size_t i = 0; i < j; ++i) {
        PathRelation r = Relate(actions[i].path, actions[j].path);
        if (r == PathRelation::kDisjoint) continue;
        bool overlap = r == PathRelation::kOverlap;
        p_.Report(overlap ? ErrorCategory::kPathOverlap : ErrorCategory::kPathConflict,
                  fmt::format("Two document paths {} with each other; must remove or rewrite one "
                              "of these paths; path one: {}, path two: {}",
                              overlap ? "overlap" : "conflict", PathForMessage(actions[i].path),
                              PathForMessage(actions[j].path)));
      }
    }
  }

  ExpressionParser p_;
};

Error MissingAttribute() {
  return Error::Validation(
      "The provided expression refers to an attribute that does not exist in the item");
}
Error WrongType() {
  return Error::Validation("An operand in the update expression has an incorrect data type");
}
Error InvalidPath() { return Error::Validation(kInvalidDocumentPath); }

SimResult<AttributeValue> Evaluate(const Operand& op, const Item& old_item) {
  switch (op.kind) {
    case Operand::Kind::kValue:
      return op.value;
    case Operand::Kind::kPath: {
      const AttributeValue* v = FindPath(old_item, op.path);
      if (v == nullptr) return MissingAttribute();
      return *v;
    }
    case Operand::Kind::kPlus:
    case Operand::Kind::kMinus: {
      auto a = Evaluate(op.args[0], old_item);
      if (!a.ok()) return a.error();
      auto b = Evaluate(op.args[1], old_item);
      if (!b.ok()) return b.error();
      if (!a->is(ValueType::kN) || !b->is(ValueType::kN)) return WrongType();
      auto sum = op.kind == Operand::Kind::kPlus ? Number::Add(a->scalar(), b->scalar())
                                                 : Number::Subtract(a->scalar(), b->scalar());
      if (!sum.ok()) return sum.error();
      return AttributeValue::N(std::move(sum.value()));
    }
    case Operand::Kind::kFunction: {
      if (op.name == "if_not_exists") {
        if (const AttributeValue* v = FindPath(old_item, op.args[0].path)) return *v;
        return Evaluate(op.args[1], old_item);
      }
      // list_append
      auto a = Evaluate(op.args[0], old_item);
      if (!a.ok()) return a.error();
      auto b = Evaluate(op.args[1], old_item);
      if (!b.ok()) return b.error();
      if (!a->is(ValueType::kL) || !b->is(ValueType::kL)) return WrongType();
      std::vector<AttributeValue> joined = a->list();
      joined.insert(joined.end(), b->list().begin(), b->list().end());
      return AttributeValue::L(std::move(joined));
    }
  }
  return WrongType();
}

// The container that holds the last step of `path` in `item`: the map for a name step, the list
// for an index step; nullptr when an earlier step is missing or of the wrong type.
AttributeValue* FindParent(Item& item, const DocumentPath& path, Item** top) {
  *top = nullptr;
  if (path.size() == 1) {
    *top = &item;
    return nullptr;
  }
  auto it = item.find(path[0].name);
  if (it == item.end()) return nullptr;
  AttributeValue* v = &it->second;
  for (std::size_t i = 1; i + 1 < path.size(); ++i) {
    const PathElement& step = path[i];
    if (step.is_index()) {
      if (!v->is(ValueType::kL) || static_cast<std::size_t>(step.index) >= v->list().size())
        return nullptr;
      v = &v->mutable_list()[static_cast<std::size_t>(step.index)];
    } else {
      if (!v->is(ValueType::kM)) return nullptr;
      auto child = v->mutable_map().find(step.name);
      if (child == v->mutable_map().end()) return nullptr;
      v = &child->second;
    }
  }
  return v;
}

// The current value at `path` (nullptr when absent), or an error when the path cannot exist.
SimResult<const AttributeValue*> Current(Item& item, const DocumentPath& path) {
  Item* top;
  AttributeValue* parent = FindParent(item, path, &top);
  if (top != nullptr) {
    auto it = top->find(path[0].name);
    return it == top->end() ? nullptr : &it->second;
  }
  const PathElement& last = path.back();
  if (parent == nullptr) return InvalidPath();
  if (last.is_index()) {
    if (!parent->is(ValueType::kL)) return InvalidPath();
    if (static_cast<std::size_t>(last.index) >= parent->list().size()) return nullptr;
    return &parent->list()[static_cast<std::size_t>(last.index)];
  }
  if (!parent->is(ValueType::kM)) return InvalidPath();
  auto it = parent->map().find(last.name);
  return it == parent->map().end() ? nullptr : &it->second;
}

SimStatus Assign(Item& item, const DocumentPath& path, AttributeValue value) {
  Item* top;
  AttributeValue* parent = FindParent(item, path, &top);
  if (top != nullptr) {
    (*top)[path[0].name] = std::move(value);
    return Ok{};
  }
  const PathElement& last = path.back();
  if (parent == nullptr) return InvalidPath();
  if (last.is_index()) {
    if (!parent->is(ValueType::kL)) return InvalidPath();
    auto& list = parent->mutable_list();
    // An index past the end appends, as DynamoDB does.
    if (static_cast<std::size_t>(last.index) >= list.size())
      list.push_back(std::move(value));
    else
      list[static_cast<std::size_t>(last.index)] = std::move(value);
    return Ok{};
  }
  if (!parent->is(ValueType::kM)) return InvalidPath();
  parent->mutable_map()[last.name] = std::move(value);
  return Ok{};
}

SimStatus Remove(Item& item, const DocumentPath& path) {
  Item* top;
  AttributeValue* parent = FindParent(item, path, &top);
  if (top != nullptr) {
    top->erase(path[0].name);
    return Ok{};
  }
  const PathElement& last = path.back();
  if (parent == nullptr) return InvalidPath();
  if (last.is_index()) {
    if (!parent->is(ValueType::kL)) return InvalidPath();
    auto& list = parent->mutable_list();
    if (static_cast<std::size_t>(last.index) < list.size()) list.erase(list.begin() + last.index);
    return Ok{};
  }
  if (!parent->is(ValueType::kM)) return InvalidPath();
  parent->mutable_map().erase(last.name);
  return Ok{};
}

AttributeValue MakeSet(ValueType type, std::vector<std::string> members) {
  std::sort(members.begin(), members.end());
  members.erase(std::unique(members.begin(), members.end()), members.end());
  switch (type) {
    case ValueType::kSS:
      return AttributeValue::SS(std::move(members));
    case ValueType::kNS:
      return AttributeValue::NS(std::move(members));
    default:
      return AttributeValue::BS(std::move(members));
  }
}

SimStatus ApplyAddOrDelete(Item& item, const UpdateAction& action) {
  auto current = Current(item, action.path);
  if (!current.ok()) return current.error();
  const AttributeValue& operand = action.value.value;
  const AttributeValue* old = current.value();
  if (action.kind == UpdateAction::Kind::kAdd) {
    if (old == nullptr) return Assign(item, action.path, operand);
    if (old->type() != operand.type()) return WrongType();
    if (operand.is(ValueType::kN)) {
      auto sum = Number::Add(old->scalar(), operand.scalar());
      if (!sum.ok()) return sum.error();
      return Assign(item, action.path, AttributeValue::N(std::move(sum.value())));
    }
    std::vector<std::string> members = old->set();
    members.insert(members.end(), operand.set().begin(), operand.set().end());
    return Assign(item, action.path, MakeSet(operand.type(), std::move(members)));
  }
  if (old == nullptr) return Ok{};
  if (old->type() != operand.type()) return WrongType();
  std::vector<std::string> kept;
  for (const std::string& m : old->set()) {
    if (std::find(operand.set().begin(), operand.set().end(), m) == operand.set().end()) {
      kept.push_back(m);
    }
  }
  if (kept.empty()) return Remove(item, action.path);
  return Assign(item, action.path, MakeSet(operand.type(), std::move(kept)));
}

}  // namespace
}  // namespace detail

SimResult<UpdateOutcome> UpdateProgram::Apply(const Item& old_item) const {
  using detail::UpdateAction;
  assert(actions_ != nullptr);
  // Values of SET actions come from the item as it was before the update.
  std::vector<AttributeValue> set_values;
  for (const UpdateAction& a : *actions_) {
    if (a.kind != UpdateAction::Kind::kSet) continue;
    auto v = detail::Evaluate(a.value, old_item);
    if (!v.ok()) return v.error();
    set_values.push_back(std::move(v.value()));
  }
  Item item = old_item;
  std::size_t next_set = 0;
  std::vector<const UpdateAction*> removes;
  for (const UpdateAction& a : *actions_) {
    switch (a.kind) {
      case UpdateAction::Kind::kSet: {
        SimStatus s = detail::Assign(item, a.path, std::move(set_values[next_set++]));
        if (!s.ok()) return s.error();
        break;
      }
      case UpdateAction::Kind::kRemove:
        removes.push_back(&a);
        break;
      case UpdateAction::Kind::kAdd:
      case UpdateAction::Kind::kDelete: {
        SimStatus s = detail::ApplyAddOrDelete(item, a);
        if (!s.ok()) return s.error();
        break;
      }
    }
  }
  // List indexes name elements of the original list: remove the highest index first. The order
  // compares paths step by step (indexes descending, names ascending, names before indexes), a
  // strict weak ordering over any set of paths.
  std::sort(removes.begin(), removes.end(), [](const UpdateAction* x, const UpdateAction* y) {
    std::size_t n = std::min(x->path.size(), y->path.size());
    for (std::size_t i = 0; i < n; ++i) {
      const PathElement& a = x->path[i];
      const PathElement& b = y->path[i];
      if (a == b) continue;
      if (a.is_index() && b.is_index()) return a.index > b.index;
      if (!a.is_index() && !b.is_index()) return a.name < b.name;
      return !a.is_index();
    }
    return x->path.size() < y->path.size();
  });
  for (const UpdateAction* a : removes) {
    SimStatus s = detail::Remove(item, a->path);
    if (!s.ok()) return s.error();
  }
  UpdateOutcome outcome;
  for (const auto& [name, value] : item) {
    auto it = old_item.find(name);
    if (it == old_item.end() || !(it->second == value)) outcome.changed.push_back(name);
  }
  for (const auto& [name, value] : old_item) {
    if (item.find(name) == item.end()) outcome.changed.push_back(name);
  }
  detail::SortUnique(outcome.changed);
  outcome.item = std::move(item);
  return outcome;
}

SimStatus UpdateProgram::CheckKeyNotUpdated(const std::vector<std::string>& key_names) const {
  for (const detail::UpdateAction& a : *actions_) {
    for (const std::string& key : key_names) {
      if (a.path[0].name == key) {
        return Error::Validation(fmt::format(
            "One or more parameter values were invalid: Cannot update attribute {}. This "
            "attribute is part of the key",
            key));
      }
    }
  }
  return Ok{};
}

SimResult<UpdateProgram> ParseUpdate(std::string_view text, ExpressionAttributes& attributes) {
  auto actions = detail::UpdateParser(text, attributes).Parse();
  if (!actions.ok()) return actions.error();
  UpdateProgram program;
  std::vector<std::string> whole;
  for (const auto& a : actions.value()) {
    program.targets_.push_back(a.path[0].name);
    if (a.path.size() == 1) whole.push_back(a.path[0].name);
  }
  detail::SortUnique(program.targets_);
  detail::SortUnique(whole);
  for (const std::string& name : program.targets_) {
    if (!std::binary_search(whole.begin(), whole.end(), name)) program.nested_only_.push_back(name);
  }
  program.actions_ =
      std::make_shared<const std::vector<detail::UpdateAction>>(std::move(actions.value()));
  return program;
}

}  // namespace sim
