// Bulk loading into an empty table (see bulk_load.h).
#include "model/sim/engine/bulk_load.h"

#include <fmt/format.h>

#include <algorithm>
#include <functional>
#include <future>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "model/sim/engine/database.h"
#include "model/sim/engine/table_common.h"
#include "model/sim/engine/table_keys.h"
#include "model/sim/engine/table_store.h"
#include "model/sim/engine/table_write.h"
#include "model/sim/storage/codec.h"
#include "model/sim/storage/sqlite_db.h"

namespace sim {

namespace {

// Bytes that stay where they are until the load is finished: appended in blocks, so the views
// handed out are never moved by a reallocation.
class Arena {
 public:
  std::string_view Copy(std::string_view bytes) {
    if (bytes.empty()) return {};
    if (bytes.size() > free_) {
      std::size_t size = std::max(kBlock, bytes.size());
      blocks_.push_back(std::make_unique<char[]>(size));
      next_ = blocks_.back().get();
      free_ = size;
    }
    std::copy(bytes.begin(), bytes.end(), next_);
    std::string_view view(next_, bytes.size());
    next_ += bytes.size();
    free_ -= bytes.size();
    return view;
  }

 private:
  static constexpr std::size_t kBlock = std::size_t{4} << 20;
  std::vector<std::unique_ptr<char[]>> blocks_;
  char* next_ = nullptr;
  std::size_t free_ = 0;
};

struct Row {
  std::string_view pk, sk, item;
  std::int64_t size = 0;
  bool live = true;  // false once a later item with the same key replaced it
};

// An index entry, with its row's key and (ALL projections) item: sorted and written without
// going back to the rows.
struct Entry {
  std::string_view ipk, isk, pk, sk;
  std::string_view bytes;  // the projected entry (for ALL projections, the row's item)
  std::int64_t size = 0;
  std::uint32_t row = 0;
};

// Rows are numbered with 32 bits (slot value row + 1 must fit too).
constexpr std::size_t kMaxRows = 0xFFFFFFF0u;

std::uint64_t KeyHash(std::string_view pk, std::string_view sk) {
  std::uint64_t h = std::hash<std::string_view>{}(pk);
  return h ^ (std::hash<std::string_view>{}(sk) + 0x9e3779b97f4a7c15ULL + (h << 6) + (h >> 2));
}

// The table's rows in key order, as (pk, sk, size, item).
class TableRows : public RowSource {
 public:
  explicit TableRows(const std::vector<Row>& rows) : rows_(rows) {}
  std::size_t size() const override { return rows_.size(); }
  Value Column(std::size_t i, int column) const override {
    const Row& row = rows_[i];
    switch (column) {
      case 0:
        return {row.pk};
      case 1:
        return {row.sk};
      case 2:
        return {{}, row.size, true};
      default:
        return {row.item};
    }
  }

 private:
  const std::vector<Row>& rows_;
};

// One index's entries in key order, as (ipk, isk, pk, sk, size, item).
class IndexRows : public RowSource {
 public:
  explicit IndexRows(const std::vector<Entry>& entries) : entries_(entries) {}
  std::size_t size() const override { return entries_.size(); }
  Value Column(std::size_t i, int column) const override {
    const Entry& e = entries_[i];
    switch (column) {
      case 0:
        return {e.ipk};
      case 1:
        return {e.isk};
      case 2:
        return {e.pk};
      case 3:
        return {e.sk};
      case 4:
        return {{}, e.size, true};
      default:
        return {e.bytes};
    }
  }

 private:
  const std::vector<Entry>& entries_;
};

}  // namespace

struct BulkLoad::State {
  std::string table_name;
  std::int64_t table_id = 0;
  TableSchema schema;
  std::int64_t collection_limit = 0;

  Arena arena;
  std::vector<Row> rows;
  std::vector<std::vector<Entry>> entries;  // by index position
  // Open addressing from a key's hash to its row (row + 1; 0 is an empty slot).
  std::vector<std::pair<std::uint64_t, std::uint32_t>> slots;
  std::unordered_map<std::string, std::int64_t> collections;  // tables with LSIs: bytes per pk
  std::vector<StreamRecord> stream;
  Counters table_counters;
  std::vector<Counters> index_counters;
  UsageStats usage;
  LoadResult result;

  // The slot holding `key`'s row, or the empty slot where it belongs.
  std::pair<std::uint64_t, std::uint32_t>& Slot(const KeyBytes& key, std::uint64_t hash) {
    std::size_t mask = slots.size() - 1;
    for (std::size_t i = hash & mask;; i = (i + 1) & mask) {
      auto& slot = slots[i];
      if (slot.second == 0) return slot;
      if (slot.first == hash) {
        const Row& row = rows[slot.second - 1];
        if (row.pk == key.pk && row.sk == key.sk) return slot;
      }
    }
  }

  void Grow() {
    std::vector<std::pair<std::uint64_t, std::uint32_t>> old = std::move(slots);
    slots.assign(std::max<std::size_t>(1024, old.size() * 2), {0, 0});
    std::size_t mask = slots.size() - 1;
    for (const auto& slot : old) {
      if (slot.second == 0) continue;
      std::size_t i = slot.first & mask;
      while (slots[i].second != 0) i = (i + 1) & mask;
      slots[i] = slot;
    }
  }
};

BulkLoad::BulkLoad(std::unique_ptr<State> state) : state_(std::move(state)) {}
BulkLoad::BulkLoad(BulkLoad&&) noexcept = default;
BulkLoad& BulkLoad::operator=(BulkLoad&&) noexcept = default;
BulkLoad::~BulkLoad() = default;

std::int64_t BulkLoad::items() const { return state_ ? state_->result.items_written : 0; }

SimStatus BulkLoad::Add(const Item& item) {
  if (!state_) return Error::Internal("the bulk load has already been finished");
  State& s = *state_;
  const std::int64_t size = ItemSize(item);
  if (size > kMaxItemBytes)
    return Error::Validation("Item size has exceeded the maximum allowed size");
  SimResult<KeyBytes> key = ItemKey(s.schema, item);
  if (!key.ok()) return key.error();
  if (SimStatus status = CheckIndexKeys(s.schema, item); !status.ok()) return status.error();

  if (s.rows.size() >= kMaxRows) {
    return Error::Validation(fmt::format(
        "A bulk load holds at most {} items; finish this one and put the rest", kMaxRows));
  }
  if ((s.rows.size() + 1) * 2 > s.slots.size()) s.Grow();
  const std::uint64_t hash = KeyHash(key->pk, key->sk);
  auto& slot = s.Slot(*key, hash);
  WritePlan plan;
  plan.key = std::move(*key);
  plan.partition_value = item.find(s.schema.partition.name)->second;
  plan.new_item = &item;
  plan.new_size = size;
  if (slot.second != 0) {  // the same key earlier in the load: this put replaces that item
    const Row& old = s.rows[slot.second - 1];
    SimResult<Item> decoded = DecodeItem(old.item);
    if (!decoded.ok()) return decoded.error();
    plan.old_item = std::move(*decoded);
    plan.old_size = old.size;
  }
  PlanChanges(&plan, s.schema);
  if (GrowsCappedCollection(plan, s.schema)) {
    auto it = s.collections.find(plan.key.pk);
    std::int64_t current = it == s.collections.end() ? 0 : it->second;
    if (current + plan.collection_delta > s.collection_limit) return CollectionLimitError();
  }

  // Accepted: record it.
  if (s.schema.has_lsi()) s.collections[plan.key.pk] += plan.collection_delta;
  if (slot.second != 0) s.rows[slot.second - 1].live = false;
  const auto row = static_cast<std::uint32_t>(s.rows.size());
  const Row& added = s.rows.emplace_back(Row{s.arena.Copy(plan.key.pk), s.arena.Copy(plan.key.sk),
                                             s.arena.Copy(plan.new_bytes), size, true});
  slot = {hash, row + 1};
  for (std::size_t i = 0; i < plan.indexes.size(); ++i) {
    const IndexChange& ch = plan.indexes[i];
    if (!ch.new_key) continue;
    const bool all = s.schema.indexes[i].projection == ProjectionType::kAll;
    s.entries[i].push_back(Entry{s.arena.Copy(ch.new_key->pk), s.arena.Copy(ch.new_key->sk),
                                 added.pk, added.sk, all ? added.item : s.arena.Copy(ch.new_bytes),
                                 ch.new_size, row});
  }
  if (plan.stream) s.stream.push_back(std::move(*plan.stream));
  CountWrite(plan, s.schema, &s.table_counters, &s.index_counters, &s.usage);
  s.result.write_units += plan.table_units;
  for (const UsageEvent& e : plan.usage) {
    if (e.index >= 0) s.result.write_units += e.units;
  }
  ++s.result.items_written;
  return Ok{};
}

SimResult<BulkLoad> Database::StartBulkLoad(const std::string& table_name) {
  if (auto error = TableNameError(table_name)) return *error;
  TableStore* store = Find(table_name);
  if (store == nullptr) return Error::ResourceNotFound();
  if (store->table_counters().item_count != 0) {
    return Error::Validation("A bulk load needs an empty table; " + table_name + " has items");
  }
  auto state = std::make_unique<BulkLoad::State>();
  state->table_name = table_name;
  state->table_id = store->id();
  state->schema = store->schema();
  state->collection_limit = options_.item_collection_limit_bytes;
  state->entries.resize(state->schema.indexes.size());
  state->index_counters.resize(state->schema.indexes.size());
  state->usage.set_enabled(store->usage().enabled());
  return BulkLoad(std::move(state));
}

SimResult<LoadResult> Database::FinishBulkLoad(BulkLoad load) {
  if (!load.state_) return Error::Internal("the bulk load has already been finished");
  BulkLoad::State& s = *load.state_;
  TableStore* store = Find(s.table_name);
  if (store == nullptr || store->id() != s.table_id) return Error::ResourceNotFound();
  if (store->table_counters().item_count != 0) {
    return Error::Validation("A bulk load needs an empty table; " + s.table_name + " has items");
  }
  // Only the last item of each key is written. Each index's entries are sorted into key order
  // (ipk, isk, pk, sk) on a second thread while this one sorts and writes the table's rows.
  for (auto& entries : s.entries) {
    std::erase_if(entries, [&](const Entry& e) { return !s.rows[e.row].live; });
  }
  // What each part needs no longer is released as soon as it is done, to keep the peak down
  // while SQLite's pages grow.
  std::vector<std::pair<std::uint64_t, std::uint32_t>>().swap(s.slots);
  std::unordered_map<std::string, std::int64_t>().swap(s.collections);
  std::future<void> sorted_entries = std::async(std::launch::async, [&s] {
    for (auto& entries : s.entries) {
      std::sort(entries.begin(), entries.end(), [](const Entry& a, const Entry& b) {
        if (int c = a.ipk.compare(b.ipk); c != 0) return c < 0;
        if (int c = a.isk.compare(b.isk); c != 0) return c < 0;
        if (int c = a.pk.compare(b.pk); c != 0) return c < 0;
        return a.sk < b.sk;
      });
    }
  });
  std::erase_if(s.rows, [](const Row& row) { return !row.live; });
  std::sort(s.rows.begin(), s.rows.end(), [](const Row& a, const Row& b) {
    if (int c = a.pk.compare(b.pk); c != 0) return c < 0;
    return a.sk < b.sk;
  });

  Transaction txn(db_.get());
  SimStatus status = txn.Begin();
  if (status.ok()) status = store->InsertItems(TableRows(s.rows));
  std::vector<Row>().swap(s.rows);  // entries keep their own views of keys and items
  sorted_entries.get();
  if (!status.ok()) return status.error();
  for (std::size_t index = 0; index < s.entries.size(); ++index) {
    status = store->InsertIndexEntries(index, IndexRows(s.entries[index]));
    if (!status.ok()) return status.error();
    std::vector<Entry>().swap(s.entries[index]);
  }
  for (StreamRecord& record : s.stream) {
    record.sequence_number = store->next_sequence();
    store->set_next_sequence(store->next_sequence() + 1);
    if (status = store->AppendStream(record); !status.ok()) return status.error();
  }
  if (status = txn.Commit(); !status.ok()) return status.error();

  Counters& table = store->table_counters();
  table.item_count += s.table_counters.item_count;
  table.size_bytes += s.table_counters.size_bytes;
  for (std::size_t i = 0; i < s.index_counters.size(); ++i) {
    store->index_counters()[i].item_count += s.index_counters[i].item_count;
    store->index_counters()[i].size_bytes += s.index_counters[i].size_bytes;
  }
  store->usage().Merge(std::move(s.usage));
  return s.result;
}

}  // namespace sim
