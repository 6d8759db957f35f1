// `model check`: items through the layout — the table, rendering each item type's items from
// entity records, the initial load, and write plans applied to the table.
#include <fmt/format.h>

#include <algorithm>
#include <thread>

#include "model/check/internal.h"
#include "model/keys/shard.h"
#include "model/entity_keys.h"

namespace model::check {

namespace {

int ShardOf(const Entity& en, const sim::Item& values, int shards) {
  std::vector<std::string> identity;
  for (AttrId id : en.identifier) identity.push_back(Natural(values, en.attributes[static_cast<std::size_t>(id)].name));
  return keys::ShardOf(identity, shards);
}

// Renders one item of type `t` from `values`; nullopt when its table key cannot be rendered.
std::optional<sim::Item> Make(const Context& c, const ItemType& t, const sim::Item& values, int version,
                              int latest, bool keys_only) {
  const Entity& en = c.entity(t.entity);
  int shard = t.shards > 1 ? ShardOf(en, values, t.shards) : 0;
  ValueLookup lookup = [&](const std::string& name) -> std::optional<std::string> {
    if (name == kShardAttribute) return std::to_string(shard);
    if (name == kVersionAttribute) return std::to_string(version);
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
  item[c.layout.partition_key] = sim::AttributeValue::S(*pk);
  item[c.layout.sort_key] = sim::AttributeValue::S(*sk);
  if (keys_only) return item;
  item[kTypeAttribute] = sim::AttributeValue::S(t.label);
  for (const IndexKeys& ik : t.index_keys) {
    bool holds = std::all_of(ik.only_when.begin(), ik.only_when.end(), [&](const SparseCondition& s) {
      return Natural(values, s.attribute) == s.value;
    });
    if (!holds) continue;
    auto ipk = model::RenderKey(ik.partition_key, lookup);
    auto isk = model::RenderKey(ik.sort_key, lookup);
    if (!ipk || !isk) continue;  // an absent attribute: not in this index (sparse)
    const IndexLayout& index = c.layout.indexes[static_cast<std::size_t>(ik.index - 1)];
    item[index.partition_key] = sim::AttributeValue::S(*ipk);
    item[index.sort_key] = sim::AttributeValue::S(*isk);
  }
  if (t.shards > 1) item[kShardAttribute] = sim::AttributeValue::N(std::to_string(shard));
  if (t.role == ItemRole::kHistory) item[kVersionAttribute] = sim::AttributeValue::N(std::to_string(version));
  if (t.role == ItemRole::kEntity && en.versioned) item[kLatestAttribute] = sim::AttributeValue::N(std::to_string(latest));
  for (const std::string& a : t.attributes) {
    auto it = values.find(a);
    if (it != values.end()) item[a] = it->second;
  }
  return item;
}

sim::ProjectionType ProjectionOf(Projection p) {
  switch (p) {
    case Projection::kAll: return sim::ProjectionType::kAll;
    case Projection::kKeysOnly: return sim::ProjectionType::kKeysOnly;
    case Projection::kInclude: return sim::ProjectionType::kInclude;
  }
  return sim::ProjectionType::kAll;
}

}  // namespace

std::string Natural(const sim::Item& item, const std::string& name) {
  auto it = item.find(name);
  return it == item.end() ? std::string() : NaturalText(it->second);
}

sim::SimStatus CreateTable(Context& c) {
  sim::CreateTableRequest r;
  r.table_name = c.layout.table_name;
  r.attribute_definitions.push_back({c.layout.partition_key, sim::ValueType::kS});
  r.attribute_definitions.push_back({c.layout.sort_key, sim::ValueType::kS});
  r.key_schema.push_back({c.layout.partition_key, sim::KeyRole::kHash});
  r.key_schema.push_back({c.layout.sort_key, sim::KeyRole::kRange});
  for (const IndexLayout& index : c.layout.indexes) {
    r.attribute_definitions.push_back({index.partition_key, sim::ValueType::kS});
    r.attribute_definitions.push_back({index.sort_key, sim::ValueType::kS});
    sim::SecondaryIndex gsi;
    gsi.index_name = index.name;
    gsi.key_schema.push_back({index.partition_key, sim::KeyRole::kHash});
    gsi.key_schema.push_back({index.sort_key, sim::KeyRole::kRange});
    gsi.projection.projection_type = ProjectionOf(index.projection);
    if (index.projection == Projection::kInclude) {
      gsi.projection.non_key_attributes = index.projected_attributes;
      for (const char* a : {kTypeAttribute, kVersionAttribute, kLatestAttribute}) {
        if (std::find(gsi.projection.non_key_attributes.begin(), gsi.projection.non_key_attributes.end(), a) ==
            gsi.projection.non_key_attributes.end()) {
          gsi.projection.non_key_attributes.push_back(a);
        }
      }
    }
    r.global_secondary_indexes.push_back(std::move(gsi));
  }
  auto created = c.db->CreateTable(r);
  if (!created.ok()) return created.error();
  return sim::Ok{};
}

std::vector<sim::Item> RenderItems(const Context& c, int type, const Record& record) {
  const ItemType& t = c.layout.item_types[static_cast<std::size_t>(type)];
  std::vector<sim::Item> out;
  int latest = static_cast<int>(record.versions.size());
  if (t.role == ItemRole::kHistory) {
    for (int v = 1; v <= latest; ++v) {
      if (auto item = Make(c, t, record.versions[static_cast<std::size_t>(v - 1)], v, latest, false)) {
        out.push_back(std::move(*item));
      }
    }
  } else if (auto item = Make(c, t, record.current(), latest, latest, false)) {
    out.push_back(std::move(*item));
  }
  return out;
}

std::optional<sim::Item> RenderKey(const Context& c, int type, const Record& record, int version) {
  const ItemType& t = c.layout.item_types[static_cast<std::size_t>(type)];
  int latest = static_cast<int>(record.versions.size());
  const sim::Item& values = t.role == ItemRole::kHistory
                                ? record.versions[static_cast<std::size_t>(std::clamp(version, 1, latest) - 1)]
                                : record.current();
  return Make(c, t, values, version, latest, true);
}

sim::SimStatus LoadAll(Context& c) {
  auto load = c.db->StartBulkLoad(c.layout.table_name);
  if (!load.ok()) return load.error();
  // Items are rendered on a second thread, a batch at a time, while this one adds them.
  constexpr std::size_t kBatch = 2048;
  Channel<std::vector<sim::Item>> batches(4);
  std::jthread rendering([&] {
    std::vector<sim::Item> batch;
    for (std::size_t type = 0; type < c.layout.item_types.size(); ++type) {
      EntityId e = c.layout.item_types[type].entity;
      for (const Record& record : c.data.records[static_cast<std::size_t>(e)]) {
        for (sim::Item& item : RenderItems(c, static_cast<int>(type), record)) batch.push_back(std::move(item));
        if (batch.size() >= kBatch) {
          if (!batches.Push(std::move(batch))) return;  // the loader stopped
          batch = {};
          batch.reserve(kBatch);
        }
      }
    }
    if (!batch.empty()) batches.Push(std::move(batch));
    batches.Close();
  });
  CloseOnExit close_batches(batches);
  sim::SimStatus status = sim::Ok{};
  while (status.ok()) {
    auto batch = batches.Pop();
    if (!batch) break;
    for (const sim::Item& item : *batch) {
      status = load->Add(item);
      if (!status.ok()) break;
    }
  }
  batches.Close();
  rendering.join();
  if (!status.ok()) return status;
  if (c.options.stage) c.options.stage("writing the table");
  auto loaded = c.db->FinishBulkLoad(std::move(*load));
  if (!loaded.ok()) return loaded.error();
  c.items_loaded = loaded->items_written;
  return sim::Ok{};
}

namespace {

// One write as a transaction action (the single-item calls take the same fields).
struct Action {
  enum class Kind { kPut, kUpdate, kDelete } kind = Kind::kPut;
  sim::Item item;  // put: the item; update/delete: the key
  std::string update;
  std::string condition;
  sim::ExpressionAttributeNames names;
  sim::ExpressionAttributeValues values;
};

std::string ConditionFor(const std::string& planned, Action& a, const Context& c, const Record* before) {
  if (planned.find(kLatestAttribute) != std::string::npos && before) {
    a.names["#latest"] = kLatestAttribute;
    a.values[":expected"] = sim::AttributeValue::N(std::to_string(before->versions.size()));
    return "#latest = :expected";
  }
  if (planned.find("attribute_not_exists") != std::string::npos) {
    a.names["#pk"] = c.layout.partition_key;
    return "attribute_not_exists(#pk)";
  }
  if (planned.find("attribute_exists") != std::string::npos) {
    a.names["#pk"] = c.layout.partition_key;
    return "attribute_exists(#pk)";
  }
  return "";
}

double Units(const std::optional<sim::ConsumedCapacity>& cc) { return cc ? cc->capacity_units : 0; }

}  // namespace

sim::SimStatus ApplyWrite(Context& c, int w, const Record* before, const Record* after, PatternCheck& result) {
  const WritePlan& plan = c.layout.writes[static_cast<std::size_t>(w)];
  std::vector<Action> actions;
  for (const ItemWrite& iw : plan.writes) {
    const ItemType& t = c.layout.item_types[static_cast<std::size_t>(iw.item_type)];
    if (iw.op == WriteOp::kPut && after) {
      std::vector<sim::Item> items = RenderItems(c, iw.item_type, *after);
      if (t.role == ItemRole::kHistory && !items.empty()) items.erase(items.begin(), items.end() - 1);
      for (sim::Item& item : items) {
        Action a;
        a.item = std::move(item);
        a.condition = ConditionFor(iw.condition, a, c, before);
        actions.push_back(std::move(a));
      }
    } else if (iw.op == WriteOp::kDelete && before) {
      int versions = t.role == ItemRole::kHistory ? static_cast<int>(before->versions.size()) : 1;
      for (int v = 1; v <= versions; ++v) {
        auto key = RenderKey(c, iw.item_type, *before, v);
        if (!key) continue;
        Action a;
        a.kind = Action::Kind::kDelete;
        a.item = std::move(*key);
        actions.push_back(std::move(a));
      }
    } else if (iw.op == WriteOp::kUpdate && before && after) {
      auto key = RenderKey(c, iw.item_type, *before, static_cast<int>(before->versions.size()));
      std::vector<sim::Item> fresh = RenderItems(c, iw.item_type, *after);
      if (!key) continue;
      Action a;
      a.kind = Action::Kind::kUpdate;
      a.item = std::move(*key);
      std::vector<std::string> sets, removes;
      const sim::Item* next = fresh.empty() ? nullptr : &fresh.front();
      auto assign = [&](const std::string& attr, const sim::AttributeValue* value) {
        std::string n = fmt::format("#a{}", a.names.size());
        a.names[n] = attr;
        if (value) {
          std::string v = fmt::format(":v{}", a.values.size());
          a.values[v] = *value;
          sets.push_back(n + " = " + v);
        } else {
          removes.push_back(n);
        }
      };
      for (const std::string& attr : iw.set_attributes) {
        if (std::find(t.attributes.begin(), t.attributes.end(), attr) == t.attributes.end()) continue;
        auto it = next ? next->find(attr) : sim::Item::const_iterator{};
        assign(attr, next && it != next->end() ? &it->second : nullptr);
      }
      for (const std::string& attr : iw.refresh_keys) {
        auto it = next ? next->find(attr) : sim::Item::const_iterator{};
        assign(attr, next && it != next->end() ? &it->second : nullptr);
      }
      if (t.role == ItemRole::kEntity && c.entity(t.entity).versioned) {
        a.names["#latest"] = kLatestAttribute;
        a.values[":latest"] = sim::AttributeValue::N(std::to_string(after->versions.size()));
        sets.push_back("#latest = :latest");
      }
      if (sets.empty() && removes.empty()) continue;
      if (!sets.empty()) a.update = "SET " + fmt::format("{}", fmt::join(sets, ", "));
      if (!removes.empty()) a.update += (a.update.empty() ? "" : " ") + fmt::format("REMOVE {}", fmt::join(removes, ", "));
      a.condition = ConditionFor(iw.condition, a, c, before);
      actions.push_back(std::move(a));
    }
  }
  if (actions.empty()) return sim::Ok{};
  const std::string& table = c.layout.table_name;
  result.requests += plan.transaction ? 1 : static_cast<std::int64_t>(actions.size());
  if (plan.transaction) {
    sim::TransactWriteItemsRequest r;
    r.return_consumed_capacity = sim::ReturnConsumedCapacity::kTotal;
    for (Action& a : actions) {
      sim::TransactWriteItem item;
      switch (a.kind) {
        case Action::Kind::kPut:
          item.put = sim::TransactPut{table, a.item, a.condition, a.names, a.values};
          break;
        case Action::Kind::kUpdate:
          item.update = sim::TransactUpdate{table, a.item, a.update, a.condition, a.names, a.values};
          break;
        case Action::Kind::kDelete:
          item.delete_ = sim::TransactDelete{table, a.item, a.condition, a.names, a.values};
          break;
      }
      r.transact_items.push_back(std::move(item));
    }
    auto done = c.db->TransactWriteItems(r);
    if (!done.ok()) return done.error();
    for (const auto& cc : done->consumed_capacity) result.wcu += cc.capacity_units;
    return sim::Ok{};
  }
  for (Action& a : actions) {
    if (a.kind == Action::Kind::kPut) {
      sim::PutItemRequest r;
      r.table_name = table;
      r.item = a.item;
      r.condition_expression = a.condition;
      r.expression_attribute_names = a.names;
      r.expression_attribute_values = a.values;
      r.return_consumed_capacity = sim::ReturnConsumedCapacity::kTotal;
      auto done = c.db->PutItem(r);
      if (!done.ok()) return done.error();
      result.wcu += Units(done->consumed_capacity);
    } else if (a.kind == Action::Kind::kUpdate) {
      sim::UpdateItemRequest r;
      r.table_name = table;
      r.key = a.item;
      r.update_expression = a.update;
      r.condition_expression = a.condition;
      r.expression_attribute_names = a.names;
      r.expression_attribute_values = a.values;
      r.return_consumed_capacity = sim::ReturnConsumedCapacity::kTotal;
      auto done = c.db->UpdateItem(r);
      if (!done.ok()) return done.error();
      result.wcu += Units(done->consumed_capacity);
    } else {
      sim::DeleteItemRequest r;
      r.table_name = table;
      r.key = a.item;
      r.return_consumed_capacity = sim::ReturnConsumedCapacity::kTotal;
      auto done = c.db->DeleteItem(r);
      if (!done.ok()) return done.error();
      result.wcu += Units(done->consumed_capacity);
    }
  }
  return sim::Ok{};
}

}  // namespace model::check
