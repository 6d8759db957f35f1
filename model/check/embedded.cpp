// `model check`: embedded collections (model/layout.h EmbeddedLayout). A child has no item of
// its own: the initial load writes it into its parent's item, and a delete of the parent takes
// its children with it, in the dataset and the oracle as in the table.
#include "model/exec/embedded.h"

#include <fmt/format.h>

#include "model/check/internal.h"

namespace model::check {

namespace {

// The parent identity a child's link names (or a parent's identifier holds), as one text.
std::string ParentKey(const std::vector<std::string>& attributes, const sim::Item& values) {
  std::string key;
  for (const std::string& a : attributes) {
    key += Natural(values, a);
    key += '\x1f';
  }
  return key;
}

}  // namespace

EmbeddedFill::EmbeddedFill(const Model& model, const KeyLayout& layout, const Dataset& data)
    : layout_(layout) {
  (void)model;
  for (const EmbeddedLayout& e : layout.embedded) {
    auto& by_parent = maps_.emplace_back();
    for (const Record& child : data.records[static_cast<std::size_t>(e.child)]) {
      const sim::Item& values = child.current();
      auto at = by_parent.try_emplace(ParentKey(e.link, values), sim::AttributeValue::M({}));
      at.first->second.mutable_map()[exec::EmbeddedKeyText(e, values)] =
          exec::EmbeddedElement(e, values);
    }
  }
}

void EmbeddedFill::Fill(int type, const Record& parent, sim::Item& item) const {
  for (std::size_t i = 0; i < layout_.embedded.size(); ++i) {
    const EmbeddedLayout& e = layout_.embedded[i];
    if (e.parent_type != type) continue;
    auto it = maps_[i].find(ParentKey(e.identifier, parent.current()));
    if (it != maps_[i].end()) item[e.attribute] = it->second;
  }
}

void DeleteEmbeddedChildren(Context& c, EntityId parent, const Record& record) {
  for (const EmbeddedLayout& e : c.layout.embedded) {
    if (e.parent != parent) continue;
    std::string key = ParentKey(e.identifier, record.current());
    auto& children = c.data.records[static_cast<std::size_t>(e.child)];
    auto& deleted = c.deleted[static_cast<std::size_t>(e.child)];
    for (std::size_t i = 0; i < children.size(); ++i) {
      if (deleted[i] || ParentKey(e.link, children[i].current()) != key) continue;
      deleted[i] = true;
      (void)c.oracle->Store(e.child, i, nullptr);
    }
  }
}

}  // namespace model::check
