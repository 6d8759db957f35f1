// `model check`: items through the layout — the table, the initial load of every record's items
// (rendered by model/exec), and write plans applied to the table (by model/exec).
#include "model/exec/items.h"

#include <algorithm>
#include <chrono>
#include <set>
#include <thread>

#include "model/check/internal.h"
#include "model/exec/writes.h"

namespace model::check {

sim::SimStatus CreateTable(Context& c) {
  auto created = c.plane->CreateTable(exec::CreateTableRequest(c.layout));
  if (!created.ok()) return created.error();
  // Time to Live on the layout's attribute, as the exports enable it. The check never sweeps:
  // expired items stay stored, as in DynamoDB for days, and the plans must leave them out.
  // (Through options.plane, which has no control plane beyond tables, it stays off.)
  if (!c.layout.ttl_attribute.empty() && c.db) {
    auto ttl = c.db->UpdateTimeToLive(c.layout.table_name,
                                      sim::TimeToLiveSpecification{c.layout.ttl_attribute, true});
    if (!ttl.ok()) return ttl.error();
  }
  // DynamoDB creates a table asynchronously (CREATING, then ACTIVE); the embedded one at once.
  for (int round = 0; created->table_status != "ACTIVE"; ++round) {
    if (round >= 200)
      return sim::Error{"ResourceInUseException",
                        "the table stayed " + created->table_status + " for 10 minutes",
                        std::nullopt,
                        {}};
    std::this_thread::sleep_for(std::chrono::milliseconds(std::min(250 * (round + 1), 3000)));
    created = c.plane->DescribeTable(c.layout.table_name);
    if (!created.ok()) return created.error();
  }
  return sim::Ok{};
}

namespace {

// Writes `items` through the DataPlane, kBatchWriteMaxItems a request, sending UnprocessedItems
// again after a growing pause (DynamoDB's advice for BatchWriteItem).
sim::SimStatus BatchWrite(Context& c, const std::vector<sim::Item>& items) {
  for (std::size_t start = 0; start < items.size(); start += sim::kBatchWriteMaxItems) {
    sim::BatchWriteItemRequest request;
    std::vector<sim::WriteRequest>& writes = request.request_items[c.layout.table_name];
    for (std::size_t i = start; i < std::min(items.size(), start + sim::kBatchWriteMaxItems); ++i) {
      writes.push_back(sim::WriteRequest{items[i], std::nullopt});
    }
    for (int round = 0; !request.request_items.empty(); ++round) {
      if (round > 0)
        std::this_thread::sleep_for(
            std::chrono::milliseconds(std::min(50 << std::min(round, 6), 2000)));
      if (round >= 12)
        return sim::Error{"ProvisionedThroughputExceededException",
                          "BatchWriteItem kept leaving items unprocessed",
                          std::nullopt,
                          {}};
      auto written = c.plane->BatchWriteItem(request);
      if (!written.ok()) return written.error();
      request.request_items = std::move(written->unprocessed_items);
      std::erase_if(request.request_items, [](const auto& e) { return e.second.empty(); });
    }
  }
  c.items_loaded += static_cast<std::int64_t>(items.size());
  return sim::Ok{};
}

// Every record's items through the DataPlane.
sim::SimStatus LoadThroughPlane(Context& c) {
  std::vector<sim::Item> batch;
  const EmbeddedFill embedded(c.model, c.layout, c.data);
  for (std::size_t type = 0; type < c.layout.item_types.size(); ++type) {
    EntityId e = c.layout.item_types[type].entity;
    for (const Record& record : c.data.records[static_cast<std::size_t>(e)]) {
      for (sim::Item& item : exec::RenderItems(c.model, c.layout, static_cast<int>(type), record)) {
        embedded.Fill(static_cast<int>(type), record, item, c.overflows);
        batch.push_back(std::move(item));
      }
      if (batch.size() >= 1000) {
        if (auto s = BatchWrite(c, batch); !s.ok()) return s;
        batch.clear();
      }
    }
  }
  return BatchWrite(c, batch);
}

}  // namespace

sim::SimStatus LoadAll(Context& c) {
  if (!c.db) return LoadThroughPlane(c);
  auto load = c.db->StartBulkLoad(c.layout.table_name);
  if (!load.ok()) return load.error();
  // Items are rendered on a second thread, a batch at a time, while this one adds them.
  constexpr std::size_t kBatch = 2048;
  Channel<std::vector<sim::Item>> batches(4);
  const EmbeddedFill embedded(c.model, c.layout, c.data);
  std::vector<EmbeddedOverflow> overflows;  // the rendering thread's until it is joined
  std::jthread rendering([&] {
    std::vector<sim::Item> batch;
    for (std::size_t type = 0; type < c.layout.item_types.size(); ++type) {
      EntityId e = c.layout.item_types[type].entity;
      for (const Record& record : c.data.records[static_cast<std::size_t>(e)]) {
        for (sim::Item& item :
             exec::RenderItems(c.model, c.layout, static_cast<int>(type), record)) {
          embedded.Fill(static_cast<int>(type), record, item, overflows);
          batch.push_back(std::move(item));
        }
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
  c.overflows = std::move(overflows);
  if (!status.ok()) return status;
  if (c.options.stage) c.options.stage("writing the table");
  auto loaded = c.db->FinishBulkLoad(std::move(*load));
  if (!loaded.ok()) return loaded.error();
  c.items_loaded = loaded->items_written;
  return sim::Ok{};
}

sim::SimResult<std::int64_t> LoadSyntheticItems(const Model& model, const KeyLayout& layout,
                                                const CheckOptions& options,
                                                sim::DataPlane& plane) {
  Context c{model, layout, options, {}, {}, {}, &plane, Rng(options.seed ^ 0x5eedULL),
            {},    {},     0,       {}, {}, 0,  {},     {}};
  c.data = Synthesize(model, SynthOptions{options.items, options.seed});
  if (auto s = LoadThroughPlane(c); !s.ok()) return s.error();
  // The aggregates' starting state, as RunCheck writes it: min/max state and shard items.
  if (auto s = StartAggregates(c); !s.ok()) return s.error();
  return c.items_loaded;
}

sim::SimStatus ApplyWrite(Context& c, int w, const Record* before, const Record* after,
                          PatternCheck& result, const exec::Arguments& args,
                          const std::vector<exec::AlsoRecord>& also) {
  const WritePlan& plan = c.layout.writes[static_cast<std::size_t>(w)];
  sim::SimStatus status = sim::Ok{};
  if (c.options.write_through) {
    status = c.options.write_through(w, before, after, args, also);
  } else {
    exec::WriteStats stats;
    // The children's read of an update rewriting copies leaves out expired items at the check's
    // clock, as its reads do.
    const bool copied = CopiedFrom(
        c.model, c.model.write_patterns[static_cast<std::size_t>(plan.pattern_id)].entity);
    exec::Arguments with_clock = copied ? WithCheckClock(args) : args;
    // An update or delete that rebuilds keys or guards values from attributes the call does not
    // carry reads them first (WritePlan::read_first), as a caller of the plan does: its GetItem,
    // keyed from the record's identifier, is sent and measured with the write (the check already
    // knows the stored values, so what it reads only confirms them).
    if (before && !plan.read_first.empty()) {
      sim::Item known = before->current();
      status = exec::ReadFirst(*c.plane, c.model, c.layout, plan, known, stats);
    }
    if (status.ok()) {
      status = exec::ApplyWrite(*c.plane, c.model, c.layout, plan, before, after, stats, with_clock,
                                also);
    }
    result.requests += stats.requests;
    result.wcu += stats.wcu;
    result.rcu += stats.rcu;  // the read first and the aggregates' group items
  }
  // A create drawing a counter: the parent's count, in the table and in the dataset, advanced.
  if (plan.counter && after && !before) {
    std::optional<std::int64_t> drawn = FollowCount(c, w, *after, status.ok(), result);
    c.last_drawn = status.ok() ? drawn : std::nullopt;
  }
  // The children's copies follow their parent's update (and must in the table).
  if (status.ok() && before && after &&
      CopiedFrom(c.model, c.model.write_patterns[static_cast<std::size_t>(plan.pattern_id)].entity))
    FollowCopies(c, w, *before, *after, result);
  return status;
}

namespace {

std::vector<RenderedItem> RenderRecords(const Model& model, const KeyLayout& layout,
                                        std::int64_t records, std::uint64_t seed) {
  Dataset data = Synthesize(model, SynthOptions{records, seed});
  const EmbeddedFill embedded(model, layout, data);
  std::vector<RenderedItem> items;
  // A parent too big for the table keeps the children that fit, as the check's load does.
  std::vector<EmbeddedOverflow> overflows;
  for (std::size_t t = 0; t < layout.item_types.size(); ++t) {
    EntityId e = layout.item_types[t].entity;
    for (const Record& record : data.records[static_cast<std::size_t>(e)]) {
      for (sim::Item& item : exec::RenderItems(model, layout, static_cast<int>(t), record)) {
        embedded.Fill(static_cast<int>(t), record, item, overflows);
        items.push_back({static_cast<int>(t), std::move(item)});
      }
    }
  }
  return items;
}

// How many (item type, index) pairs of the layout hold no item of `items`: a type in the table
// (index 0) or in a GSI it writes keys for, with no rendered item carrying that index's keys.
std::size_t Uncovered(const KeyLayout& layout, const std::vector<RenderedItem>& items) {
  std::set<std::pair<int, int>> wanted;
  for (std::size_t t = 0; t < layout.item_types.size(); ++t) {
    wanted.emplace(static_cast<int>(t), 0);
    for (const IndexKeys& k : layout.item_types[t].index_keys)
      wanted.emplace(static_cast<int>(t), k.index);
  }
  for (const RenderedItem& r : items) {
    if (wanted.empty()) break;
    wanted.erase({r.type, 0});
    for (const IndexLayout& ix : layout.indexes) {
      if (r.item.count(ix.partition_key) && (ix.sort_key.empty() || r.item.count(ix.sort_key)))
        wanted.erase({r.type, ix.number});
    }
  }
  return wanted.size();
}

}  // namespace

std::vector<RenderedItem> RenderDataset(const Model& model, const KeyLayout& layout,
                                        const CheckOptions& options) {
  std::vector<RenderedItem> items = RenderRecords(model, layout, options.items, options.seed);
  // A rare state (a game in its lobby: 2% of games, so none among a few hundred records) leaves
  // a sparse index empty, and the samples would show nothing of it: a larger dataset from the
  // same seed, doubled up to kCoverageGrowth times the records, while it fills more of them.
  std::size_t missing = Uncovered(layout, items);
  for (std::int64_t records = options.items * 2;
       missing > 0 && records <= options.items * kCoverageGrowth; records *= 2) {
    std::vector<RenderedItem> more = RenderRecords(model, layout, records, options.seed);
    std::size_t left = Uncovered(layout, more);
    if (left < missing) {
      items = std::move(more);
      missing = left;
    }
  }
  return items;
}

}  // namespace model::check
