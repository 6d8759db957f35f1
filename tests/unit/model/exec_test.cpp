// model/exec: items rendered through a layout, and plans executed against a sim::DataPlane (here
// the embedded table).
#include <algorithm>
#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "model/exec/items.h"
#include "model/exec/reads.h"
#include "model/exec/writes.h"
#include "model/keys/shard.h"
#include "model/sim/engine/database.h"
#include "model_fixture.h"

using model::exec::Record;
using model::keys::Encoding;
using model::keys::TemplateBuilder;

namespace {

constexpr const char* kShop = R"(
entities:
  Customer: { attributes: { customerId: string, name: string } }
  Order:
    attributes: { orderId: string, customerId: string, placedAt: timestamp, status: string, total: number }
relationships:
  - { name: orders, cardinality: 1:N, from: Customer, to: Order, owning: true }
access_patterns:
  - { name: getOrder, returns: Order, by: [orderId] }
  - { name: customerOrders, returns: Order, by: [customerId], sort: { placedAt: desc } }
  - { name: customerTotal, returns: Order, by: [customerId], aggregate: { sum: total } }
write_patterns:
  - { name: placeOrder, create: Order }
)";

Record OrderRecord(const std::string& id, const std::string& customer, const std::string& placed,
                   const std::string& status, const std::string& total) {
  Record r;
  sim::Item item;
  item["orderId"] = sim::AttributeValue::S(id);
  item["customerId"] = sim::AttributeValue::S(customer);
  item["placedAt"] = sim::AttributeValue::S(placed);
  item["status"] = sim::AttributeValue::S(status);
  item["total"] = sim::AttributeValue::N(total);
  r.versions.push_back(std::move(item));
  return r;
}

std::string S(const sim::Item& item, const std::string& name) {
  return model::exec::Natural(item, name);
}

}  // namespace

TEST_CASE("an item type's items: table keys, sparse index entries, label, shard", "[model][exec]") {
  auto loaded = test::Load(kShop);
  REQUIRE(loaded.model);
  model::KeyLayout l;
  l.table_name = "T";
  l.partition_key = "PK";
  l.sort_key = "SK";
  model::IndexLayout gsi;
  gsi.name = "GSI1";
  gsi.number = 1;
  gsi.partition_key = "GSI1PK";
  gsi.sort_key = "GSI1SK";
  gsi.projection = model::Projection::kInclude;
  gsi.projected_attributes = {"total"};
  l.indexes.push_back(gsi);
  model::ItemType t;
  t.name = "Order";
  t.label = "ORDER";
  t.entity = loaded.model->FindEntity("Order");
  t.partition_key =
      TemplateBuilder().Literal("ORDER").Sep().Attr("orderId", Encoding::kText).Build();
  t.sort_key = TemplateBuilder().Literal("ORDER").Build();
  model::IndexKeys open;
  open.index = 1;
  open.partition_key =
      TemplateBuilder().Literal("OPEN").Sep().Attr("_shard", Encoding::kShard, 2).Build();
  open.sort_key = TemplateBuilder().Attr("placedAt", Encoding::kTimestamp).Build();
  open.only_when = {{"status", "OPEN"}};
  t.index_keys.push_back(open);
  t.attributes = {"orderId", "total"};
  t.shards = 4;
  l.item_types.push_back(t);

  auto items = model::exec::RenderItems(
      *loaded.model, l, 0, OrderRecord("o#1", "c-1", "2024-01-02T03:04:05Z", "OPEN", "9.5"));
  REQUIRE(items.size() == 1);
  const sim::Item& item = items[0];
  std::string shard = std::to_string(model::keys::ShardOf({"o#1"}, 4));
  CHECK(S(item, "PK") == "ORDER#o%231");
  CHECK(S(item, "SK") == "ORDER");
  CHECK(S(item, "GSI1PK") == "OPEN#0" + shard);
  CHECK(S(item, "GSI1SK") == "2024-01-02T03:04:05.000Z");
  CHECK(S(item, model::kTypeAttribute) == "ORDER");
  CHECK(item.at(model::kShardAttribute) == sim::AttributeValue::N(shard));
  CHECK(item.at("total") == sim::AttributeValue::N("9.5"));
  CHECK(item.find("status") == item.end());  // not among the type's attributes
  CHECK(item.size() == 8);

  // A closed order is not in the sparse index.
  auto closed = model::exec::RenderItems(
      *loaded.model, l, 0, OrderRecord("o-2", "c-1", "2024-01-02T03:04:05Z", "CLOSED", "1"));
  REQUIRE(closed.size() == 1);
  CHECK(closed[0].find("GSI1PK") == closed[0].end());
  CHECK(closed[0].find("GSI1SK") == closed[0].end());

  auto key = model::exec::RenderItemKey(
      *loaded.model, l, 0, OrderRecord("o-2", "c-1", "2024-01-02T03:04:05Z", "CLOSED", "1"), 1);
  REQUIRE(key);
  CHECK(key->size() == 2);
  CHECK(S(*key, "PK") == "ORDER#o-2");

  // The table for this layout: string keys, and an INCLUDE projection that carries the labels
  // (and no _version/_latest: nothing is versioned, model/index_projection.h).
  sim::CreateTableRequest create = model::exec::CreateTableRequest(l);
  CHECK(create.table_name == "T");
  REQUIRE(create.global_secondary_indexes.size() == 1);
  const auto& projected = create.global_secondary_indexes[0].projection.non_key_attributes;
  CHECK(projected == std::vector<std::string>{"total", model::kTypeAttribute});
  // A versioned entity's history items carry them: every INCLUDE index projects them too.
  model::KeyLayout versioned = l;
  model::ItemType history = versioned.item_types[0];
  history.role = model::ItemRole::kHistory;
  versioned.item_types.push_back(history);
  CHECK(model::exec::CreateTableRequest(versioned)
            .global_secondary_indexes[0]
            .projection.non_key_attributes ==
        std::vector<std::string>{"total", model::kTypeAttribute, model::kVersionAttribute,
                                 model::kLatestAttribute});
}

TEST_CASE("plans run against a DataPlane: writes, reads and client-side steps", "[model][exec]") {
  auto d = test::Derive(kShop);
  INFO(d.diagnostics);
  REQUIRE(d.layout);
  const model::Model& m = *d.loaded.model;
  const model::KeyLayout& layout = *d.layout;
  auto opened = sim::Database::Open();
  REQUIRE(opened.ok());
  std::unique_ptr<sim::Database> db = std::move(opened.value());
  sim::DataPlane& plane = *db;
  REQUIRE(plane.CreateTable(model::exec::CreateTableRequest(layout)).ok());

  const model::WritePlan& place = layout.writes.at(0);
  std::vector<Record> orders = {
      OrderRecord("o-1", "c-1", "2024-01-03T00:00:00Z", "OPEN", "10"),
      OrderRecord("o-2", "c-1", "2024-01-01T00:00:00Z", "OPEN", "2.5"),
      OrderRecord("o-3", "c-1", "2024-01-02T00:00:00Z", "CLOSED", "-1"),
      OrderRecord("o-4", "c-2", "2024-01-04T00:00:00Z", "OPEN", "100"),
  };
  for (const Record& r : orders) {
    model::exec::WriteStats stats;
    REQUIRE(model::exec::ApplyWrite(plane, m, layout, place, nullptr, &r, stats).ok());
    CHECK(stats.requests >= 1);
    CHECK(stats.wcu > 0);
  }
  // Creating the same order again fails its condition.
  model::exec::WriteStats again;
  auto refused = model::exec::ApplyWrite(plane, m, layout, place, nullptr, &orders[0], again);
  REQUIRE_FALSE(refused.ok());
  CHECK((refused.error().name == "ConditionalCheckFailedException" ||
         refused.error().name == "TransactionCanceledException"));

  auto get = model::exec::ExecuteRead(plane, m, layout, test::Read(layout, "getOrder"),
                                      {{"orderId", sim::AttributeValue::S("o-3")}});
  INFO(get.request);
  REQUIRE(get.status.ok());
  REQUIRE(get.items.size() == 1);
  CHECK(S(get.items[0], "orderId") == "o-3");
  CHECK(get.requests == 1);
  REQUIRE(get.sent.size() == 1);

  const model::ReadPlan& by_customer = test::Read(layout, "customerOrders");
  auto listed = model::exec::ExecuteRead(plane, m, layout, by_customer,
                                         {{"customerId", sim::AttributeValue::S("c-1")}});
  REQUIRE(listed.status.ok());
  model::exec::SortClientSide(by_customer.client_steps, listed.items);
  std::vector<std::string> ids;
  for (const auto& item : listed.items) ids.push_back(S(item, "orderId"));
  CHECK(ids == std::vector<std::string>{"o-1", "o-3", "o-2"});  // placedAt descending

  const model::ReadPlan& total = test::Read(layout, "customerTotal");
  CHECK(model::ClientStepsText(total.client_steps) == "sum total");
  const model::ClientStep* step = model::exec::AggregateStep(total.client_steps);
  REQUIRE(step);
  auto summed = model::exec::ExecuteRead(plane, m, layout, total,
                                         {{"customerId", sim::AttributeValue::S("c-1")}});
  REQUIRE(summed.status.ok());
  CHECK(model::exec::Aggregate(*step, summed.items) == "11.5");
  model::ClientStep count;
  count.kind = model::ClientStepKind::kAggregate;
  count.aggregate = model::AggregateKind::kCount;
  CHECK(model::exec::Aggregate(count, summed.items) == "3");
  CHECK(model::ClientStepText(count) == "count the items");

  // Deleting through a plan leaves nothing to read.
  model::WritePlan remove = place;
  for (auto& w : remove.writes) {
    w.op = model::WriteOp::kDelete;
    w.condition.clear();
  }
  model::exec::WriteStats removed;
  REQUIRE(model::exec::ApplyWrite(plane, m, layout, remove, &orders[2], nullptr, removed).ok());
  auto gone = model::exec::ExecuteRead(plane, m, layout, test::Read(layout, "getOrder"),
                                       {{"orderId", sim::AttributeValue::S("o-3")}});
  CHECK(gone.items.empty());
}

TEST_CASE("client-side sort: typed, stable, then the step's limit", "[model][exec]") {
  std::vector<sim::Item> items(4);
  items[0]["n"] = sim::AttributeValue::N("10");
  items[0]["id"] = sim::AttributeValue::S("a");
  items[1]["n"] = sim::AttributeValue::N("9");
  items[1]["id"] = sim::AttributeValue::S("b");
  items[2]["n"] = sim::AttributeValue::N("-1");
  items[2]["id"] = sim::AttributeValue::S("c");
  items[3]["n"] = sim::AttributeValue::N("9");
  items[3]["id"] = sim::AttributeValue::S("d");
  model::ClientStep sort;
  sort.kind = model::ClientStepKind::kSort;
  sort.attribute = "n";
  sort.limit = 3;
  model::exec::SortClientSide({sort}, items);
  REQUIRE(items.size() == 3);
  CHECK(S(items[0], "id") == "c");
  CHECK(S(items[1], "id") == "b");  // numerically, and equal values keep their order
  CHECK(S(items[2], "id") == "d");
  CHECK(model::ClientStepText(sort) == "sort by n ascending");
}

TEST_CASE("a read through a renamed link takes the caller's parameter name", "[model][exec]") {
  auto d = test::Derive(R"(
entities:
  Person: { identifier: handle, attributes: { handle: string, name: string } }
  Song: { identifier: songId, attributes: { songId: string, artist: string, title: string } }
relationships:
  - { name: songs, cardinality: "1:N", from: Person, to: Song, link: [artist] }
access_patterns:
  - { name: songsOf, returns: Song, by: [handle], follows: songs }
write_patterns:
  - { name: addSong, create: Song }
)");
  INFO(d.diagnostics);
  REQUIRE(d.layout);
  const model::Model& m = *d.loaded.model;
  const model::AccessPattern& p = m.access_patterns.at(0);
  CHECK(p.follows == std::optional<int>(0));
  CHECK(p.params == std::vector<std::string>{"artist"});
  CHECK(p.param_names == std::vector<std::string>{"handle"});
  CHECK(p.ParamName(0) == "handle");
  const model::KeyLayout& layout = *d.layout;
  auto opened = sim::Database::Open();
  REQUIRE(opened.ok());
  std::unique_ptr<sim::Database> db = std::move(opened.value());
  sim::DataPlane& plane = *db;
  REQUIRE(plane.CreateTable(model::exec::CreateTableRequest(layout)).ok());
  auto song = [](const std::string& id, const std::string& artist) {
    Record r;
    sim::Item item;
    item["songId"] = sim::AttributeValue::S(id);
    item["artist"] = sim::AttributeValue::S(artist);
    item["title"] = sim::AttributeValue::S("t-" + id);
    r.versions.push_back(std::move(item));
    return r;
  };
  for (const Record& r : {song("s-1", "ann"), song("s-2", "bob"), song("s-3", "ann")}) {
    model::exec::WriteStats stats;
    REQUIRE(
        model::exec::ApplyWrite(plane, m, layout, layout.writes.at(0), nullptr, &r, stats).ok());
  }
  const model::ReadPlan& plan = test::Read(layout, "songsOf");
  auto ids = [](const model::exec::ReadOutcome& got) {
    std::vector<std::string> out;
    for (const auto& item : got.items) out.push_back(S(item, "songId"));
    std::sort(out.begin(), out.end());
    return out;
  };
  auto by_handle =
      model::exec::ExecuteRead(plane, m, layout, plan, {{"handle", sim::AttributeValue::S("ann")}});
  INFO(by_handle.request);
  REQUIRE(by_handle.status.ok());
  CHECK(ids(by_handle) == std::vector<std::string>{"s-1", "s-3"});
  // The attribute's own name still reaches the key when the caller's is absent.
  auto by_artist =
      model::exec::ExecuteRead(plane, m, layout, plan, {{"artist", sim::AttributeValue::S("bob")}});
  REQUIRE(by_artist.status.ok());
  CHECK(ids(by_artist) == std::vector<std::string>{"s-2"});
}
