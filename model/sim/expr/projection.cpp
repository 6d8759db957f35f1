// ProjectionExpression: a comma-separated list of document paths, and reducing an item to them
// (see expression.h).
#include <fmt/format.h>

#include <array>

#include "model/sim/expr/ast.h"
#include "model/sim/expr/expression.h"

namespace sim {
namespace detail {
namespace {

constexpr std::array<ErrorCategory, 5> kProjectionErrorOrder = {
    ErrorCategory::kReserved, ErrorCategory::kAttrName, ErrorCategory::kAttrValue,
    ErrorCategory::kPathOverlap, ErrorCategory::kPathConflict};

void Insert(ProjectionNode& root, const DocumentPath& path) {
  ProjectionNode* node = &root;
  for (const PathElement& step : path) {
    node = step.is_index() ? &node->indexes[step.index] : &node->names[step.name];
  }
  node->leaf = true;
}

AttributeValue Reduce(const AttributeValue& value, const ProjectionNode& node, bool& any) {
  any = false;
  if (node.leaf) {
    any = true;
    return value;
  }
  if (value.is(ValueType::kM) && !node.names.empty()) {
    Item members;
    for (const auto& [name, child] : node.names) {
      auto it = value.map().find(name);
      if (it == value.map().end()) continue;
      bool child_any;
      AttributeValue reduced = Reduce(it->second, child, child_any);
      if (child_any) members.emplace(name, std::move(reduced));
    }
    any = !members.empty();
    return AttributeValue::M(std::move(members));
  }
  if (value.is(ValueType::kL) && !node.indexes.empty()) {
    std::vector<AttributeValue> elements;
    for (const auto& [index, child] : node.indexes) {
      if (static_cast<std::size_t>(index) >= value.list().size()) continue;
      bool child_any;
      AttributeValue reduced =
          Reduce(value.list()[static_cast<std::size_t>(index)], child, child_any);
      if (child_any) elements.push_back(std::move(reduced));
    }
    any = !elements.empty();
    return AttributeValue::L(std::move(elements));
  }
  return AttributeValue::Null();
}

}  // namespace
}  // namespace detail

Item Projection::Apply(const Item& item) const {
  Item out;
  if (tree_ == nullptr) return out;  // a default-constructed Projection projects nothing
  for (const auto& [name, node] : tree_->names) {
    auto it = item.find(name);
    if (it == item.end()) continue;
    bool any;
    AttributeValue reduced = detail::Reduce(it->second, node, any);
    if (any) out.emplace(name, std::move(reduced));
  }
  return out;
}

SimResult<Projection> ParseProjection(std::string_view text, ExpressionAttributes& attributes) {
  using detail::ErrorCategory;
  detail::ExpressionParser p(text, ExpressionKind::kProjection, attributes);
  if (auto e = p.CheckText()) return *e;
  Projection projection;
  while (true) {
    DocumentPath path;
    if (!p.ParsePath(path)) return p.SyntaxErrorHere();
    projection.paths_.push_back(std::move(path));
    if (p.AtEnd()) break;
    if (!p.Peek().Is(",")) return p.SyntaxErrorHere();
    p.Next();
  }
  const auto& paths = projection.paths_;
  // Each path against the earlier ones, in text order.
  for (std::size_t j = 1; j < paths.size(); ++j) {
    for (std::size_t i = 0; i < j; ++i) {
      std::size_t n = std::min(paths[i].size(), paths[j].size());
      std::size_t k = 0;
      while (k < n && paths[i][k] == paths[j][k]) ++k;
      bool overlap = k == n;
      bool conflict = !overlap && paths[i][k].is_index() != paths[j][k].is_index();
      if (!overlap && !conflict) continue;
      p.Report(overlap ? ErrorCategory::kPathOverlap : ErrorCategory::kPathConflict,
               fmt::format("Two document paths {} with each other; must remove or rewrite one of "
                           "these paths; path one: {}, path two: {}",
                           overlap ? "overlap" : "conflict", detail::PathForMessage(paths[i]),
                           detail::PathForMessage(paths[j])));
    }
  }
  if (auto e = p.FirstError(detail::kProjectionErrorOrder)) return *e;
  for (const DocumentPath& path : paths) projection.top_level_names_.push_back(path[0].name);
  detail::SortUnique(projection.top_level_names_);
  auto tree = std::make_shared<detail::ProjectionNode>();
  for (const DocumentPath& path : paths) detail::Insert(*tree, path);
  projection.tree_ = std::move(tree);
  return projection;
}

}  // namespace sim
