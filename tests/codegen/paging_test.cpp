// Page cursors through the generated accessors of samples/hr (docs/codegen.md): paging a read
// with every limit from 1 past the result's size returns exactly what one unlimited call
// returns, in order, each item once; for a Query (descending, on an index), a sharded fan-out
// with a pattern limit (13 shards, newest 50), a Query returning two entities, and (the HR
// layout's plan changed) a filtered Scan of the table and of an index and a client-side sort;
// a cursor round-trips as text; a foreign or broken cursor and a limit below 1 are
// InvalidArgument.
#include <catch2/catch.hpp>
#include <set>
#include <string>
#include <variant>
#include <vector>

#include "codegen/runtime/sim/sim_backend.h"
#include "hr_order_entry.h"

namespace hr = hr_order_entry;
using model::runtime::Decimal;
using model::runtime::PageRequest;

namespace {

model::runtime::Timestamp At(int minute) {
  return *model::runtime::ParseTimestamp("2025-02-03T10:00:00Z") + std::chrono::minutes(minute);
}

struct Fixture {
  std::unique_ptr<model::runtime::Backend> backend = std::move(*model::runtime::OpenSimBackend());
  hr::HrOrderEntry db{*backend};

  Fixture() {
    REQUIRE(db.CreateTable().ok());
    // 70 open orders of one customer; every third shares its time with the one before, so the
    // index sort key ties within a partition and across shards.
    for (int i = 0; i < 70; ++i) {
      hr::Order o{"O" + std::to_string(100 + i), "C1",      "E1", hr::OrderStatus::kOpen,
                  At(i - (i % 3 == 2 ? 1 : 0)),  Decimal(i)};
      REQUIRE(db.Load(o).ok());
    }
    for (int i = 0; i < 9; ++i) {
      REQUIRE(db.Load(hr::OrderItem{"O" + std::to_string(100 + i), "P1", Decimal(2), i}).ok());
      REQUIRE(db.Load(hr::Inventory{"P1", "W" + std::to_string(i), i}).ok());
    }
  }
};

// Every page of `read` with this limit, concatenated; the number of pages in `pages`.
template <typename Read>
auto AllPages(Read read, std::int64_t limit, int& pages) {
  decltype(read(PageRequest{})->items) all;
  PageRequest page{limit, ""};
  pages = 0;
  while (true) {
    auto got = read(page);
    REQUIRE(got.ok());
    REQUIRE(static_cast<std::int64_t>(got->items.size()) <= limit);
    ++pages;
    for (auto& item : got->items) all.push_back(std::move(item));
    if (!got->more()) break;
    REQUIRE(pages <= 200);  // never loops
    page.cursor = got->next_cursor;
  }
  return all;
}

std::vector<std::string> Ids(const std::vector<hr::Order>& orders) {
  std::vector<std::string> ids;
  for (const hr::Order& o : orders) ids.push_back(o.order_id);
  return ids;
}

template <typename Read>
void CheckEveryLimit(Read read, std::size_t expected_size) {
  auto whole = read(PageRequest{});
  REQUIRE(whole.ok());
  CHECK_FALSE(whole->more());
  REQUIRE(whole->items.size() == expected_size);
  std::vector<std::string> expected = Ids(whole->items);
  REQUIRE(std::set<std::string>(expected.begin(), expected.end()).size() == expected.size());
  for (std::int64_t limit = 1; limit <= static_cast<std::int64_t>(expected_size) + 1; ++limit) {
    INFO("limit " << limit);
    int pages = 0;
    CHECK(Ids(AllPages(read, limit, pages)) == expected);
    // Full pages until the last; one more (empty) page when the results end on a page's edge.
    auto n = static_cast<std::int64_t>(expected_size);
    CHECK(pages >= (n + limit - 1) / limit);
    CHECK(pages <= n / limit + 1);
  }
}

}  // namespace

TEST_CASE("codegen paging: a Query on an index, descending, every limit", "[codegen][paging]") {
  Fixture f;
  hr::CustomerOrdersByDateParams params{"C1", At(-10), At(100)};
  CheckEveryLimit([&](const PageRequest& p) { return f.db.CustomerOrdersByDate(params, p); }, 70);
}

TEST_CASE("codegen paging: a sharded fan-out with the pattern's limit, every limit",
          "[codegen][paging]") {
  Fixture f;
  hr::OpenOrdersByDateParams params{At(-10), At(100)};
  // The pattern returns the newest 50 of the 70 across 13 shards; pages never pass 50 in all.
  CheckEveryLimit([&](const PageRequest& p) { return f.db.OpenOrdersByDate(params, p); }, 50);
}

TEST_CASE("codegen paging: a Query returning two entities", "[codegen][paging]") {
  Fixture f;
  auto read = [&](const PageRequest& p) { return f.db.ProductOrderItems({"P1"}, p); };
  auto whole = read(PageRequest{});
  REQUIRE(whole.ok());
  REQUIRE(whole->items.size() == 18);
  auto name = [](const hr::ProductOrderItemsItem& v) {
    return std::holds_alternative<hr::OrderItem>(v)
               ? "item " + std::get<hr::OrderItem>(v).order_id
               : "inv " + std::get<hr::Inventory>(v).warehouse_id;
  };
  std::vector<std::string> expected;
  for (const auto& v : whole->items) expected.push_back(name(v));
  for (std::int64_t limit = 1; limit <= 19; ++limit) {
    int pages = 0;
    std::vector<std::string> got;
    for (const auto& v : AllPages(read, limit, pages)) got.push_back(name(v));
    CHECK(got == expected);
  }
}

TEST_CASE("codegen paging: cursors are checked", "[codegen][paging]") {
  Fixture f;
  hr::CustomerOrdersByDateParams params{"C1", At(-10), At(100)};
  auto first = f.db.CustomerOrdersByDate(params, {2, ""});
  REQUIRE(first.ok());
  REQUIRE(first->more());
  // The cursor is text that round-trips and resumes where the first page stopped.
  auto decoded = model::runtime::DecodeCursor(first->next_cursor);
  REQUIRE(decoded.ok());
  CHECK(model::runtime::EncodeCursor(*decoded) == first->next_cursor);
  CHECK(first->next_cursor.find_first_of("+/=") == std::string::npos);
  auto second = f.db.CustomerOrdersByDate(params, {2, first->next_cursor});
  REQUIRE(second.ok());
  auto whole = f.db.CustomerOrdersByDate(params);
  REQUIRE(whole.ok());
  CHECK(second->items.at(0).order_id == whole->items.at(2).order_id);

  // Another pattern's cursor, a broken one and a limit of 0 are refused.
  auto foreign = f.db.RepOrdersByDate({"E1", At(-10), At(100)}, {1, first->next_cursor});
  REQUIRE_FALSE(foreign.ok());
  CHECK(foreign.error().code == "InvalidArgument");
  for (const std::string& bad : std::vector<std::string>{
           "x", "not a cursor", first->next_cursor.substr(1), first->next_cursor + "A"}) {
    INFO(bad);
    auto got = f.db.CustomerOrdersByDate(params, {2, bad});
    REQUIRE_FALSE(got.ok());
    CHECK(got.error().code == "InvalidArgument");
  }
  auto zero = f.db.CustomerOrdersByDate(params, {0, ""});
  REQUIRE_FALSE(zero.ok());
  CHECK(zero.error().code == "InvalidArgument");
}

namespace {

// The HR layout with read plan 5 (customerOrdersByDate) changed by `change`, over `backend`:
// plans the derivation does not give this model, run through the same runtime.
struct Changed {
  model::KeyLayout layout;
  std::unique_ptr<model::runtime::Table> table;
};

template <typename Change>
Changed ChangeOrdersByDate(Fixture& f, Change change) {
  Changed c{hr::LayoutIr(), nullptr};
  change(c.layout.reads.at(5));
  c.table = std::make_unique<model::runtime::Table>(*f.backend, hr::ModelIr(), c.layout);
  return c;
}

std::vector<std::string> ItemIds(const std::vector<model::runtime::Item>& items) {
  std::vector<std::string> ids;
  for (const model::runtime::Item& item : items)
    ids.push_back(model::exec::Natural(item, "orderId"));
  return ids;
}

void CheckTableEveryLimit(model::runtime::Table& table, const model::exec::Arguments& args,
                          std::size_t expected_size) {
  auto read = [&](const PageRequest& p) { return table.Read(5, args, p); };
  auto whole = read(PageRequest{});
  REQUIRE(whole.ok());
  REQUIRE(whole->items.size() == expected_size);
  std::vector<std::string> expected = ItemIds(whole->items);
  REQUIRE(std::set<std::string>(expected.begin(), expected.end()).size() == expected.size());
  for (std::int64_t limit = 1; limit <= static_cast<std::int64_t>(expected_size) + 1; ++limit) {
    INFO("limit " << limit);
    int pages = 0;
    CHECK(ItemIds(AllPages(read, limit, pages)) == expected);
  }
}

}  // namespace

TEST_CASE("codegen paging: a filtered Scan of the table and of an index, every limit",
          "[codegen][paging]") {
  Fixture f;
  for (int index : {0, 2}) {
    INFO("index " << index);
    auto c = ChangeOrdersByDate(f, [&](model::ReadPlan& r) {
      r.operation = model::Operation::kScan;
      r.index = index;
      r.filter_types = {"ORDER"};  // the table also holds order items, inventories, ...
    });
    CheckTableEveryLimit(*c.table, {}, 70);
  }
}

TEST_CASE("codegen paging: a client-side sort pages by offset, with the step's limit",
          "[codegen][paging]") {
  Fixture f;
  auto c = ChangeOrdersByDate(f, [](model::ReadPlan& r) {
    model::ClientStep& s = r.client_steps.emplace_back();
    s.kind = model::ClientStepKind::kSort;
    s.attribute = "total";
    s.limit = 25;
  });
  model::exec::Arguments args{{"customerId", model::runtime::ToValue(std::string("C1"))},
                              {"from", model::runtime::ToValue(At(-10))},
                              {"to", model::runtime::ToValue(At(100))}};
  CheckTableEveryLimit(*c.table, args, 25);
  auto whole = c.table->Read(5, args, {});
  REQUIRE(whole.ok());
  CHECK(model::exec::Natural(whole->items.front(), "total") == "0");  // sorted by total
}
