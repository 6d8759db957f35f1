#include "model/exec/items.h"

#include <algorithm>
#include <string>

#include "model/entity_keys.h"
#include "model/index_projection.h"
#include "model/keys/shard.h"
#include "model/sparse_facet.h"

namespace model::exec {

namespace {

int ShardOf(const Entity& en, const sim::Item& values, int shards) {
  std::vector<std::string> identity;
  for (AttrId id : en.identifier)
    identity.push_back(Natural(values, en.attributes[static_cast<std::size_t>(id)].name));
  return keys::ShardOf(identity, shards);
}

// Renders one item of type `t` from `values`; nullopt when its table key cannot be rendered.
std::optional<sim::Item> Make(const Model& model, const KeyLayout& layout, const ItemType& t,
                              const sim::Item& values, int version, int latest, bool keys_only) {
  const Entity& en = model.entities[static_cast<std::size_t>(t.entity)];
  int shard = t.shards > 1 ? ShardOf(en, values, t.shards) : 0;
  // A versioned entity's `version` attribute is the version number: the item's own on history,
  // the newest on the current item and its facets.
  const int number = t.role == ItemRole::kHistory ? version : latest;
  ValueLookup lookup = [&](const std::string& name) -> std::optional<std::string> {
    if (name == kShardAttribute) return std::to_string(shard);
    if (name == kVersionAttribute) return std::to_string(version);
    if (en.versioned && !en.version_attribute.empty() && name == en.version_attribute)
      return std::to_string(number);
    auto it = values.find(name);
    if (it == values.end()) return std::nullopt;
    std::string text = NaturalText(it->second);
    if (text.empty()) return std::nullopt;
    return text;
  };
  auto pk = model::RenderKey(t.partition_key, lookup);
  auto sk = model::RenderKey(t.sort_key, lookup);
  if (!pk || !sk) return std::nullopt;
  sim::Item item;
  item[layout.partition_key] = sim::AttributeValue::S(*pk);
  item[layout.sort_key] = sim::AttributeValue::S(*sk);
  if (keys_only) return item;
  item[kTypeAttribute] = sim::AttributeValue::S(t.label);
  for (const IndexKeys& ik : t.index_keys) {
    bool holds = std::all_of(
        ik.only_when.begin(), ik.only_when.end(),
        [&](const SparseCondition& s) { return Natural(values, s.attribute) == s.value; });
    if (!holds) continue;
    auto ipk = model::RenderKey(ik.partition_key, lookup);
    auto isk = model::RenderKey(ik.sort_key, lookup);
    if (!ipk || !isk) continue;  // an absent attribute: not in this index (sparse)
    const IndexLayout& index = layout.indexes[static_cast<std::size_t>(ik.index - 1)];
    // An index keyed on the table's keys (inverted) or on the entity's own attributes (natural)
    // reads them from the item: nothing to add.
    if (index.natural || index.partition_key == layout.partition_key ||
        index.partition_key == layout.sort_key)
      continue;
    item[index.partition_key] = sim::AttributeValue::S(*ipk);
    item[index.sort_key] = sim::AttributeValue::S(*isk);
  }
  if (t.shards > 1) item[kShardAttribute] = sim::AttributeValue::N(std::to_string(shard));
  if (t.role == ItemRole::kHistory)
    item[kVersionAttribute] = sim::AttributeValue::N(std::to_string(version));
  if (t.role == ItemRole::kEntity && en.versioned)
    item[kLatestAttribute] = sim::AttributeValue::N(std::to_string(latest));
  for (const std::string& a : t.attributes) {
    auto it = values.find(a);
    if (it != values.end()) item[a] = it->second;
    if (en.versioned && a == en.version_attribute)
      item[a] = sim::AttributeValue::N(std::to_string(number));
  }
  // A parent's item holds each embedded collection's map, empty until a child is written: a
  // write of a child sets a path inside it (model/layout.h EmbeddedLayout).
  for (const EmbeddedLayout& e : layout.embedded) {
    if (&layout.item_types[static_cast<std::size_t>(e.parent_type)] == &t)
      item[e.attribute] = sim::AttributeValue::M({});
  }
  // Time to Live reads a top-level Number of epoch seconds
  // (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/time-to-live-ttl-before-you-start.html):
  // a timestamp's whole seconds, or the number itself, under the table's TTL attribute.
  if (CarriesTtlAttribute(model, layout, t)) {
    auto it = values.find(en.ttl);
    if (it != values.end()) {
      if (it->second.is(sim::ValueType::kN)) {
        if (ExpirySeconds(it->second)) item[layout.ttl_attribute] = it->second;
      } else if (auto seconds = ExpirySeconds(it->second)) {
        item[layout.ttl_attribute] = sim::AttributeValue::N(std::to_string(*seconds));
      }
    }
  }
  return item;
}

sim::ProjectionType ProjectionOf(Projection p) {
  switch (p) {
    case Projection::kAll:
      return sim::ProjectionType::kAll;
    case Projection::kKeysOnly:
      return sim::ProjectionType::kKeysOnly;
    case Projection::kInclude:
      return sim::ProjectionType::kInclude;
  }
  return sim::ProjectionType::kAll;
}

// A sparse facet (model/sparse_facet.h) exists only while `values` meet one of its views'
// conditions.
bool SparseFacetHolds(const ItemType& t, const sim::Item& values) {
  if (!IsSparseFacet(t)) return true;
  return std::any_of(t.index_keys.begin(), t.index_keys.end(), [&](const IndexKeys& ik) {
    return std::all_of(ik.only_when.begin(), ik.only_when.end(), [&](const SparseCondition& s) {
      return Natural(values, s.attribute) == s.value;
    });
  });
}

}  // namespace

std::vector<sim::Item> RenderItems(const Model& model, const KeyLayout& layout, int type,
                                   const Record& record) {
  const ItemType& t = layout.item_types[static_cast<std::size_t>(type)];
  std::vector<sim::Item> out;
  if (t.role != ItemRole::kHistory && !SparseFacetHolds(t, record.current())) return out;
  int latest = static_cast<int>(record.versions.size());
  if (t.role == ItemRole::kHistory) {
    for (int v = 1; v <= latest; ++v) {
      if (auto item = Make(model, layout, t, record.versions[static_cast<std::size_t>(v - 1)], v,
                           latest, false)) {
        out.push_back(std::move(*item));
      }
    }
  } else if (auto item = Make(model, layout, t, record.current(), latest, latest, false)) {
    out.push_back(std::move(*item));
  }
  return out;
}

std::optional<sim::Item> RenderItemKey(const Model& model, const KeyLayout& layout, int type,
                                       const Record& record, int version) {
  const ItemType& t = layout.item_types[static_cast<std::size_t>(type)];
  int latest = static_cast<int>(record.versions.size());
  const sim::Item& values =
      t.role == ItemRole::kHistory
          ? record.versions[static_cast<std::size_t>(std::clamp(version, 1, latest) - 1)]
          : record.current();
  return Make(model, layout, t, values, version, latest, true);
}

sim::CreateTableRequest CreateTableRequest(const KeyLayout& layout) {
  sim::CreateTableRequest r;
  r.table_name = layout.table_name;
  // Each key attribute is defined once, though an inverted index is keyed on the table's, with
  // its type: a natural-key index's numbers are N and sort numerically, as DynamoDB's do.
  for (const KeyLayout::KeyAttribute& a : layout.KeyAttributeDefinitions()) {
    r.attribute_definitions.push_back({a.name, a.type == KeyType::kN   ? sim::ValueType::kN
                                               : a.type == KeyType::kB ? sim::ValueType::kB
                                                                       : sim::ValueType::kS});
  }
  r.key_schema.push_back({layout.partition_key, sim::KeyRole::kHash});
  r.key_schema.push_back({layout.sort_key, sim::KeyRole::kRange});
  for (const IndexLayout& index : layout.indexes) {
    sim::SecondaryIndex gsi;
    gsi.index_name = index.name;
    gsi.key_schema.push_back({index.partition_key, sim::KeyRole::kHash});
    if (!index.sort_key.empty()) gsi.key_schema.push_back({index.sort_key, sim::KeyRole::kRange});
    gsi.projection.projection_type = ProjectionOf(index.projection);
    if (index.projection == Projection::kInclude) {
      gsi.projection.non_key_attributes = IncludeNonKeyAttributes(layout, index);
    }
    r.global_secondary_indexes.push_back(std::move(gsi));
  }
  // The stream the layout declares, with both images: what a consumer keeping aggregates reads
  // (https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_StreamSpecification.html).
  if (layout.stream)
    r.stream_specification = sim::StreamSpecification{true, sim::StreamViewType::kNewAndOldImages};
  return r;
}

}  // namespace model::exec
