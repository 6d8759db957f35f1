// The write pipeline (see table_write.h).
#include "model/sim/engine/table_write.h"

#include <algorithm>
#include <utility>

#include "model/sim/storage/codec.h"

namespace sim {
namespace {

// The projected entry of `item` in `index`: its bytes and DynamoDB size. For ALL projections
// the entry is the item itself: no bytes of its own (the item's encoding is written instead).
struct Entry {
  Item projected;  // empty for ALL (use the item)
  std::string bytes;
  std::int64_t size = 0;
};

Entry ProjectEntry(const TableSchema& schema, const IndexSchema& index, const Item& item,
                   std::int64_t item_size, bool encode) {
  Entry e;
  if (index.projection == ProjectionType::kAll) {
    e.size = item_size;
    return e;
  }
  e.projected = ProjectItem(item, schema, index);
  e.size = ItemSize(e.projected);
  if (encode) EncodeItem(e.projected, &e.bytes);
  return e;
}

}  // namespace

SimResult<std::optional<LoadedItem>> LoadItem(TableStore* store, const KeyBytes& key) {
  SimResult<std::optional<StoredRow>> row = store->Get(key.pk, key.sk);
  if (!row.ok()) return row.error();
  if (!row->has_value()) return std::optional<LoadedItem>();
  SimResult<Item> item = DecodeItem((*row)->item_bytes);
  if (!item.ok()) return item.error();
  return std::optional<LoadedItem>(LoadedItem{std::move(*item), (*row)->size});
}

SimStatus LoadOldItem(WritePlan* plan) {
  auto old = LoadItem(plan->store, plan->key);
  if (!old.ok()) return old.error();
  if (old->has_value()) {
    plan->old_size = (*old)->size;
    plan->old_item = std::move((*old)->item);
  }
  return Ok{};
}

void PlanChanges(WritePlan* plan, const TableSchema& schema) {
  if (plan->new_item && plan->new_bytes.empty()) EncodeItem(*plan->new_item, &plan->new_bytes);
  if (!plan->new_item) plan->new_size = 0;
  if (!plan->old_item) plan->old_size = 0;

  plan->table_units = WriteUnits(std::max(plan->old_size, plan->new_size), plan->transactional);
  plan->usage.push_back(UsageEvent{-1, plan->key.pk, plan->partition_value, plan->table_units});

  std::int64_t collection_delta = plan->new_size - plan->old_size;
  plan->indexes.assign(schema.indexes.size(), IndexChange{});
  for (std::size_t i = 0; i < schema.indexes.size(); ++i) {
    const IndexSchema& index = schema.indexes[i];
    IndexChange& ch = plan->indexes[i];
    if (plan->old_item) ch.old_key = IndexKeyOf(index, *plan->old_item);
    if (plan->new_item) ch.new_key = IndexKeyOf(index, *plan->new_item);
    if (!ch.old_key && !ch.new_key) continue;
    Entry old_entry, new_entry;
    if (ch.old_key) {
      old_entry = ProjectEntry(schema, index, *plan->old_item, plan->old_size, false);
      ch.old_size = old_entry.size;
    }
    if (ch.new_key) {
      new_entry = ProjectEntry(schema, index, *plan->new_item, plan->new_size, true);
      ch.new_size = new_entry.size;
      ch.new_bytes = std::move(new_entry.bytes);
    }
    const int position = static_cast<int>(i);
    // Per-partition usage names a partition by its first key attribute's value (the bytes, which
    // identify it, cover every attribute of a multi-attribute key).
    auto index_pk = [&](const Item& item) { return item.find(index.partition[0].name)->second; };
    auto charge = [&](const KeyBytes& key, const Item& item, std::int64_t size) {
      plan->usage.push_back(
          UsageEvent{position, key.pk, index_pk(item), WriteUnits(size, plan->transactional)});
    };
    if (ch.new_key && !ch.old_key) {
      ch.rewrite = true;
      charge(*ch.new_key, *plan->new_item, ch.new_size);
    } else if (ch.old_key && !ch.new_key) {
      charge(*ch.old_key, *plan->old_item, ch.old_size);
    } else if (!(*ch.old_key == *ch.new_key)) {
      ch.rewrite = true;
      charge(*ch.old_key, *plan->old_item, ch.old_size);
      charge(*ch.new_key, *plan->new_item, ch.new_size);
    } else {
      const bool same = index.projection == ProjectionType::kAll
                            ? *plan->old_item == *plan->new_item
                            : old_entry.projected == new_entry.projected;
      if (!same) {
        ch.rewrite = true;
        charge(*ch.new_key, *plan->new_item, ch.new_size);
      }
    }
    if (!index.global) collection_delta += ch.new_size - ch.old_size;
  }
  plan->collection_delta = collection_delta;

  if (schema.stream) {
    const Item& source = plan->new_item ? *plan->new_item : *plan->old_item;
    if (plan->new_item || plan->old_item) {
      std::optional<Item> new_copy;
      if (plan->new_item) new_copy = *plan->new_item;
      plan->stream = MakeStreamRecord(schema.stream->stream_view_type, KeyOf(schema, source),
                                      plan->old_item, new_copy);
    }
  }
}

bool GrowsCappedCollection(const WritePlan& plan, const TableSchema& schema) {
  return schema.has_lsi() && plan.new_item && plan.collection_delta > 0;
}

Error CollectionLimitError() {
  return Error{"ItemCollectionSizeLimitExceededException",
               "Item collection size limit exceeded. The total size of an item collection "
               "has exceeded the maximum limit of 10 gigabytes",
               std::nullopt,
               {}};
}

SimStatus PlanWrite(WritePlan* plan, std::int64_t collection_limit) {
  TableStore* store = plan->store;
  const TableSchema& schema = store->schema();
  PlanChanges(plan, schema);
  if (GrowsCappedCollection(*plan, schema)) {
    SimResult<std::int64_t> current = store->CollectionSize(plan->key.pk);
    if (!current.ok()) return current.error();
    if (*current + plan->collection_delta > collection_limit) return CollectionLimitError();
  }
  return Ok{};
}

SimStatus ApplyWrite(WritePlan* plan, std::int64_t now_ms) {
  TableStore* store = plan->store;
  if (plan->new_item) {
    if (SimStatus s = store->Put(plan->key.pk, plan->key.sk, plan->new_bytes, plan->new_size);
        !s.ok()) {
      return s;
    }
  } else if (plan->old_item) {
    if (SimStatus s = store->Delete(plan->key.pk, plan->key.sk); !s.ok()) return s;
  }
  for (std::size_t i = 0; i < plan->indexes.size(); ++i) {
    const IndexChange& ch = plan->indexes[i];
    if (ch.old_key && (!ch.new_key || !(*ch.old_key == *ch.new_key))) {
      SimStatus s =
          store->DeleteIndex(i, ch.old_key->pk, ch.old_key->sk, plan->key.pk, plan->key.sk);
      if (!s.ok()) return s;
    }
    if (ch.rewrite) {
      const bool all = store->schema().indexes[i].projection == ProjectionType::kAll;
      SimStatus s = store->PutIndex(i, ch.new_key->pk, ch.new_key->sk, plan->key.pk, plan->key.sk,
                                    all ? plan->new_bytes : ch.new_bytes, ch.new_size);
      if (!s.ok()) return s;
    }
  }
  if (plan->stream) {
    // Sequence numbers only ever grow; a rolled-back write leaves a gap, never a reuse.
    plan->stream->sequence_number = store->next_sequence();
    plan->stream->creation_ms = now_ms;
    store->set_next_sequence(store->next_sequence() + 1);
    if (SimStatus s = store->AppendStream(*plan->stream); !s.ok()) return s;
  }
  return Ok{};
}

SimStatus PlanAndApplyWrite(WritePlan* plan, std::int64_t collection_limit, std::int64_t now_ms) {
  if (SimStatus s = PlanWrite(plan, collection_limit); !s.ok()) return s;
  return ApplyWrite(plan, now_ms);
}

void FinishWrite(const WritePlan& plan) {
  TableStore* store = plan.store;
  CountWrite(plan, store->schema(), &store->table_counters(), &store->index_counters(),
             &store->usage());
}

void CountWrite(const WritePlan& plan, const TableSchema& schema, Counters* table_counters,
                std::vector<Counters>* index_counters, UsageStats* usage) {
  Counters& table = *table_counters;
  if (plan.old_item) {
    --table.item_count;
    table.size_bytes -= plan.old_size;
  }
  if (plan.new_item) {
    ++table.item_count;
    table.size_bytes += plan.new_size;
  }
  for (std::size_t i = 0; i < plan.indexes.size(); ++i) {
    const IndexChange& ch = plan.indexes[i];
    Counters& c = (*index_counters)[i];
    if (ch.old_key) {
      --c.item_count;
      c.size_bytes -= ch.old_size;
    }
    if (ch.new_key) {
      ++c.item_count;
      c.size_bytes += ch.new_size;
    }
  }
  static const std::string kTable;
  for (const UsageEvent& e : plan.usage) {
    const std::string& name =
        e.index < 0 ? kTable : schema.indexes[static_cast<std::size_t>(e.index)].name;
    usage->AddWrite(name, e.key_bytes, e.key, e.units);
  }
}

void MeterWrite(const WritePlan& plan, CapacityMeter* meter) {
  const TableSchema& schema = plan.store->schema();
  for (const UsageEvent& e : plan.usage) {
    if (e.index < 0) {
      meter->AddWrite("", true, e.units);
    } else {
      const IndexSchema& index = schema.indexes[static_cast<std::size_t>(e.index)];
      meter->AddWrite(index.name, index.global, e.units);
    }
  }
}

double ChargeFailedWrite(TableStore* store, const KeyBytes& key, const AttributeValue& key_value,
                         std::int64_t old_size, std::int64_t new_size, bool transactional) {
  double units = WriteUnits(std::max(old_size, new_size), transactional);
  store->usage().AddWrite("", key.pk, key_value, units);
  return units;
}

}  // namespace sim
