// nosql-workbench: a NoSQL Workbench for DynamoDB data model ("Version": "3.0"), which its data
// modeler imports and its visualizer shows as the aggregate view. The fields follow models the
// Workbench itself exports (e.g. github.com/ITP-system/dynamodb-modelling-example, "product
// catalog model.json"; the DynamoDB Developer Guide's "Exporting a data model",
// https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/workbench.Modeler.ExportModel.html):
// ModelName, ModelMetadata, and one DataModel entry per table with KeyAttributes,
// NonKeyAttributes (every other attribute an item may carry, with its type), TableFacets (one
// per item type: the key templates as key aliases, the attributes it writes, its sample items),
// GlobalSecondaryIndexes (KeyAttributes and Projection), TableData (the sample items, typed as
// DynamoDB stores them), DataAccess and BillingMode. No dates: the output is deterministic.
#include <algorithm>
#include <map>

#include "codegen/export/export.h"
#include "codegen/export/table_spec.h"

namespace model::codegen {

namespace {

const char* StoredType(AttrType type) {
  switch (type) {
    case AttrType::kNumber:
    case AttrType::kInteger:
      return "N";
    case AttrType::kBoolean:
      return "BOOL";
    case AttrType::kBinary:
      return "B";
    case AttrType::kList:
      return "L";
    case AttrType::kMap:
      return "M";
    case AttrType::kStringSet:
      return "SS";
    case AttrType::kNumberSet:
      return "NS";
    default:
      return "S";
  }
}

// A table's or index's key attributes with their types; a natural-key index may have no sort key.
Json KeyAttributes(const std::string& pk, KeyType pk_type, const std::string& sk, KeyType sk_type) {
  Json out{{"PartitionKey", Json{{"AttributeName", pk}, {"AttributeType", KeyTypeName(pk_type)}}}};
  if (!sk.empty())
    out["SortKey"] = Json{{"AttributeName", sk}, {"AttributeType", KeyTypeName(sk_type)}};
  return out;
}

Json ItemJson(const TableItem& item) {
  Json out = Json::object();
  for (const auto& [name, value] : item.attributes) out[name] = AttributeValueJson(value);
  return out;
}

}  // namespace

std::string RenderNoSqlWorkbench(const Model& model, const KeyLayout& layout,
                                 const TableItems& items) {
  // Non-key attributes: index keys, computed attributes, then entity attributes, each once.
  std::vector<std::pair<std::string, std::string>> non_key;
  auto add = [&](const std::string& name, const std::string& type) {
    if (name == layout.partition_key || name == layout.sort_key) return;
    for (const auto& [n, t] : non_key) {
      if (n == name) return;
    }
    non_key.emplace_back(name, type);
  };
  for (const IndexLayout& index : layout.indexes) {
    if (index.natural) continue;  // entity attributes, added with their types below
    add(index.partition_key, "S");
    add(index.sort_key, "S");
  }
  add(kTypeAttribute, "S");
  for (const ItemType& t : layout.item_types) {
    if (t.shards > 1) add(kShardAttribute, "N");
    if (t.role == ItemRole::kHistory) add(kVersionAttribute, "N");
    if (t.role == ItemRole::kEntity && model.entities[static_cast<std::size_t>(t.entity)].versioned)
      add(kLatestAttribute, "N");
    if (CarriesTtlAttribute(model, layout, t)) add(layout.ttl_attribute, "N");
  }
  for (const Entity& en : model.entities) {
    for (const Attribute& a : en.attributes) add(a.name, StoredType(a.type));
  }
  std::vector<AggregateShardItemType> shard_types = AggregateShardItemTypes(model, layout);
  for (const AggregateShardItemType& t : shard_types) {
    for (const std::string& name : t.state)
      add(name, name == kAggregateValuesAttribute ? "M" : "N");
  }

  Json table;
  table["TableName"] = layout.table_name;
  table["KeyAttributes"] =
      KeyAttributes(layout.partition_key, KeyType::kS, layout.sort_key, KeyType::kS);
  Json attrs = Json::array();
  for (const auto& [name, type] : non_key)
    attrs.push_back(Json{{"AttributeName", name}, {"AttributeType", type}});
  table["NonKeyAttributes"] = attrs;

  Json facets = Json::array();
  for (std::size_t t = 0; t < layout.item_types.size(); ++t) {
    const ItemType& type = layout.item_types[t];
    const Entity& en = model.entities[static_cast<std::size_t>(type.entity)];
    Json facet;
    facet["FacetName"] = type.name;
    facet["KeyAttributeAlias"] = Json{{"PartitionKeyAlias", type.partition_key.ToString()},
                                      {"SortKeyAlias", type.sort_key.ToString()}};
    Json data = Json::array();
    for (const TableItem& item : items.items) {
      if (item.item_type == static_cast<int>(t)) data.push_back(ItemJson(item));
    }
    facet["TableData"] = data;
    std::vector<std::string> names;
    for (const IndexKeys& k : type.index_keys) {
      const IndexLayout& index = layout.indexes[static_cast<std::size_t>(k.index - 1)];
      // An index keyed on the table's keys (inverted) or on entity attributes (natural, listed
      // with the item's attributes) adds no attribute of its own.
      if (index.natural) continue;
      for (const std::string* name : {&index.partition_key, &index.sort_key}) {
        if (*name != layout.partition_key && *name != layout.sort_key) names.push_back(*name);
      }
    }
    names.push_back(kTypeAttribute);
    if (type.shards > 1) names.push_back(kShardAttribute);
    if (type.role == ItemRole::kHistory) names.push_back(kVersionAttribute);
    if (type.role == ItemRole::kEntity && en.versioned) names.push_back(kLatestAttribute);
    names.insert(names.end(), type.attributes.begin(), type.attributes.end());
    if (CarriesTtlAttribute(model, layout, type)) names.push_back(layout.ttl_attribute);
    facet["NonKeyAttributes"] = names;
    facet["DataAccess"] = Json{{"MySql", Json::object()}};
    facets.push_back(facet);
  }
  // A sharded aggregate's shard items (model/layout.h AggregateShardItemTypes): written by the
  // aggregate's maintainer, so the sample data holds none.
  for (const AggregateShardItemType& t : shard_types) {
    Json facet;
    facet["FacetName"] = t.name;
    facet["KeyAttributeAlias"] = Json{{"PartitionKeyAlias", t.partition_key.ToString()},
                                      {"SortKeyAlias", t.sort_key.ToString()}};
    facet["TableData"] = Json::array();
    std::vector<std::string> names = {kTypeAttribute};
    names.insert(names.end(), t.state.begin(), t.state.end());
    names.insert(names.end(), t.attributes.begin(), t.attributes.end());
    facet["NonKeyAttributes"] = names;
    facet["DataAccess"] = Json{{"MySql", Json::object()}};
    facets.push_back(facet);
  }
  table["TableFacets"] = facets;

  if (!layout.indexes.empty()) {
    Json gsis = Json::array();
    for (const IndexLayout& index : layout.indexes) {
      Json gsi;
      gsi["IndexName"] = index.name;
      gsi["KeyAttributes"] = KeyAttributes(index.partition_key, index.partition_key_type,
                                           index.sort_key, index.sort_key_type);
      Json projection{{"ProjectionType", ProjectionName(index.projection)}};
      if (index.projection == Projection::kInclude)
        projection["NonKeyAttributes"] = IncludedAttributes(layout, index);
      gsi["Projection"] = projection;
      gsis.push_back(gsi);
    }
    table["GlobalSecondaryIndexes"] = gsis;
  }
  Json data = Json::array();
  for (const TableItem& item : items.items) data.push_back(ItemJson(item));
  table["TableData"] = data;
  table["DataAccess"] = Json{{"MySql", Json::object()}};
  table["BillingMode"] = BillingModeName(model.table.billing);
  if (model.table.billing == BillingMode::kProvisioned) {
    ProvisionedFigures figures = ProvisionedFor(model, layout);
    table["ProvisionedCapacitySettings"] =
        Json{{"ProvisionedThroughput", Json{{"ReadCapacityUnits", figures.table.read},
                                            {"WriteCapacityUnits", figures.table.write}}}};
  }

  std::string description = "The single-table design `model` derived for " + layout.table_name +
                            ": " + std::to_string(model.entities.size()) + " entities, " +
                            std::to_string(layout.item_types.size()) + " item types, " +
                            std::to_string(model.access_patterns.size()) + " access patterns.";
  Json out;
  out["ModelName"] = layout.table_name;
  out["ModelMetadata"] = Json{{"Author", "model"},
                              {"Description", description},
                              {"AWSService", "Amazon DynamoDB"},
                              {"Version", "3.0"}};
  out["DataModel"] = Json::array({table});
  return DumpJson(out);
}

}  // namespace model::codegen
