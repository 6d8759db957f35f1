// hr-app: a small program over the generated accessors of samples/hr (`model codegen`).
//
// Opens the simulated table (in memory, or the file given as the first argument) or, with
// `--endpoint URL`, a DynamoDB endpoint over HTTP (`model serve`, DynamoDB Local), creates the
// table, then calls every write pattern, hands the table's stream to the generated consumer of
// the pre-computed aggregates, and calls every read pattern of the HR model, checking that what
// was written is what the reads return. Prints one line per pattern; exits 1 at the first
// surprise. tests/CMakeLists.txt builds and runs it; docs/codegen.md walks through it.
#include <chrono>
#include <cstdio>
#include <memory>
#include <string>
#include <variant>

#include "codegen/runtime/http/http_backend.h"
#include "codegen/runtime/sim/sim_backend.h"
#include "hr_order_entry.h"

namespace hr = hr_order_entry;
using model::runtime::Date;
using model::runtime::Decimal;
using model::runtime::Timestamp;

namespace {

int failures = 0;

void Expect(bool ok, const std::string& what) {
  std::printf("%s %s\n", ok ? "ok  " : "FAIL", what.c_str());
  if (!ok) ++failures;
}

void ExpectOk(const model::runtime::Status& s, const std::string& what) {
  Expect(s.ok(), what + (s.ok() ? "" : ": " + s.error().code + " " + s.error().message));
}

template <typename T>
std::size_t Count(const model::runtime::Result<T>& r, const std::string& what) {
  if (!r.ok()) {
    Expect(false, what + ": " + r.error().code + " " + r.error().message);
    return 0;
  }
  return r->items.size();
}

Decimal D(const char* text) { return *Decimal::Parse(text); }
Timestamp At(const char* text) { return *model::runtime::ParseTimestamp(text); }
Date Day(const char* text) { return *model::runtime::ParseDate(text); }

}  // namespace

int main(int argc, char** argv) {
  std::string arg = argc > 1 ? argv[1] : "";
  model::runtime::Result<std::unique_ptr<model::runtime::Backend>> backend =
      model::runtime::Error{"InvalidArgument", "usage: hr_app [FILE | --endpoint URL]"};
  if (arg == "--endpoint" && argc == 3) {
    model::runtime::HttpBackendOptions options;
    options.endpoint = argv[2];
    backend = model::runtime::OpenHttpBackend(options);
  } else if (arg != "--endpoint" && argc <= 2) {
    backend = model::runtime::OpenSimBackend(arg);
  }
  if (!backend.ok()) {
    std::fprintf(stderr, "cannot open the table: %s %s\n", backend.error().code.c_str(),
                 backend.error().message.c_str());
    return 3;
  }
  hr::HrOrderEntry db(**backend);
  ExpectOk(db.CreateTable(), "CreateTable");

  // Writes: every write pattern.
  hr::Employee ann;
  ann.employee_id = "E1";
  ann.name = "Ann";
  ann.email = "ann@example.com";
  ann.phone_numbers = model::runtime::Value::L({model::runtime::Value::S("555-0100")});
  ann.hire_date = Day("2024-03-01");
  ann.salary = D("5000.50");
  ann.department_id = "D1";
  ann.warehouse_id = "W1";
  ExpectOk(db.HireEmployee(ann), "hireEmployee");
  hr::Employee copy = ann;
  copy.employee_id = "E2";
  Expect(!db.HireEmployee(copy).ok(), "hireEmployee refuses a second employee with the same email");

  hr::EmployeeJob job{"E1", "J1", "Clerk", Day("2024-03-01")};
  ExpectOk(db.Load(job), "load EmployeeJob");
  hr::EmployeeJob promoted{"E1", "J2", "Manager", Day("2025-01-01")};
  ExpectOk(db.ChangeJob(job, promoted, 1), "changeJob");
  Expect(!db.ChangeJob(job, promoted, 1).ok(), "changeJob refuses a stale version");

  hr::Customer acme;
  acme.customer_id = "C1";
  acme.name = "Acme";
  acme.address = model::runtime::Value::M({{"city", model::runtime::Value::S("Oslo")}});
  acme.phone_numbers = model::runtime::Value::L({model::runtime::Value::S("555-0199")});
  acme.account_rep_id = "E1";
  ExpectOk(db.AddCustomer(acme), "addCustomer");

  hr::Order order{"O1",      "C1", "E1", hr::OrderStatus::kPending, At("2025-02-03T10:00:00Z"),
                  D("99.95")};
  ExpectOk(db.PlaceOrder(order), "placeOrder");
  hr::Order open = order;
  open.status = hr::OrderStatus::kOpen;
  ExpectOk(db.ChangeOrderStatus(order, open), "changeOrderStatus");
  ExpectOk(db.AddOrderItem(hr::OrderItem{"O1", "P1", D("19.99"), 5}), "addOrderItem");

  hr::Product widget{"P1", "Widget", std::nullopt, 0};
  ExpectOk(db.Load(widget), "load Product");
  hr::Inventory stock{"P1", "W1", 10};
  ExpectOk(db.Load(stock), "load Inventory");
  hr::Inventory more = stock;
  more.quantity = 12;
  ExpectOk(db.AdjustStock(stock, more), "adjustStock");
  ExpectOk(db.Load(hr::Inventory{"P1", "W2", 3}), "load Inventory at a second warehouse");

  hr::Order big{"O2", "C2", "E2", hr::OrderStatus::kPending, At("2025-03-30T10:00:00Z"), D("150")};
  ExpectOk(db.PlaceOrder(big), "placeOrder for a second rep");

  // The stream consumer keeps the pre-computed aggregates (a product's stock, a rep's order
  // total per quarter): each batch of the table's stream goes to it as a Lambda gets it, the
  // first one twice, as a retried invocation would (it must change nothing).
  std::int64_t after = 0;
  for (bool first = true;; first = false) {
    auto read = (*backend)->ReadStream("hr-order-entry", after, 100);
    if (!read.ok()) {
      Expect(false, "read the stream: " + read.error().message);
      break;
    }
    if (read->records.empty()) break;
    ExpectOk(db.ApplyStreamRecords(read->records), "applyStreamRecords");
    if (first) ExpectOk(db.ApplyStreamRecords(read->records), "applyStreamRecords again");
    after = read->next_after_sequence;
  }

  // Reads: every access pattern.
  auto got = db.GetEmployee({"E1"});
  Expect(Count(got, "getEmployee") == 1 && got->items.front().salary == D("5000.5") &&
             got->items.front().email == ann.email,
         "getEmployee returns Ann");
  Expect(Count(db.EmployeesByName({"Ann"}), "employeesByName") == 1, "employeesByName");
  auto current = db.CurrentJob({"E1"});
  Expect(Count(current, "currentJob") == 1 && current->items.front().title == "Manager",
         "currentJob is the new job");
  auto phones = db.EmployeePhones({"E1"});
  Expect(Count(phones, "employeePhones") == 1 &&
             phones->items.front().phone_numbers == ann.phone_numbers,
         "employeePhones");
  Expect(Count(db.CustomerPhones({"C1"}), "customerPhones") == 1, "customerPhones");
  auto orders =
      db.CustomerOrdersByDate({"C1", At("2025-01-01T00:00:00Z"), At("2025-12-31T00:00:00Z")});
  Expect(Count(orders, "customerOrdersByDate") == 1 && orders->items.front().total == D("99.95"),
         "customerOrdersByDate");
  Expect(
      Count(db.CustomerOrdersByDate({"C1", At("2026-01-01T00:00:00Z"), At("2026-12-31T00:00:00Z")}),
            "customerOrdersByDate") == 0,
      "customerOrdersByDate outside the range");
  auto open_orders = db.OpenOrdersByDate({At("2025-01-01T00:00:00Z"), At("2025-12-31T00:00:00Z")});
  Expect(Count(open_orders, "openOrdersByDate") == 1 &&
             open_orders->items.front().status == hr::OrderStatus::kOpen,
         "openOrdersByDate");
  Expect(Count(db.RecentHires({Day("2024-01-01")}), "recentHires") == 1, "recentHires");
  Expect(Count(db.RecentHires({Day("2024-06-01")}), "recentHires") == 0,
         "recentHires after the hire");
  Expect(Count(db.WarehouseEmployees({"W1"}), "warehouseEmployees") == 1, "warehouseEmployees");
  auto mixed = db.ProductOrderItems({"P1"});
  std::size_t items = 0, inventories = 0;
  if (mixed.ok()) {
    for (const auto& v : mixed->items)
      (std::holds_alternative<hr::OrderItem>(v) ? items : inventories) += 1;
  }
  Expect(Count(mixed, "productOrderItems") == 3 && items == 1 && inventories == 2,
         "productOrderItems");
  Expect(Count(db.ProductInventories({"P1"}), "productInventories") == 2, "productInventories");
  Expect(Count(db.RepCustomers({"E1"}), "repCustomers") == 1, "repCustomers");
  Expect(Count(db.RepOrdersByDate({"E1", At("2025-02-01T00:00:00Z"), At("2025-02-28T00:00:00Z")}),
               "repOrdersByDate") == 1,
         "repOrdersByDate");
  auto holders = db.EmployeesByJobTitle({"Manager"});
  Expect(Count(holders, "employeesByJobTitle") == 1, "employeesByJobTitle");
  Expect(Count(db.EmployeesByJobTitle({"Clerk"}), "employeesByJobTitle") == 0,
         "employeesByJobTitle: not the old job");
  auto at = db.InventoryAtWarehouse({"P1", "W1"});
  Expect(Count(at, "inventoryAtWarehouse") == 1 && at->items.front().quantity == 12,
         "inventoryAtWarehouse after adjustStock");
  auto total = db.TotalInventory({"P1"});
  Expect(Count(total, "totalInventory") == 1 && total->items.front().total_quantity == 15,
         "totalInventory is 15, kept by the stream");
  auto ranked = db.RepsByOrderTotal({"2025-Q1"});
  Expect(Count(ranked, "repsByOrderTotal") == 2 && ranked->items.front().account_rep_id == "E2" &&
             ranked->items.front().order_total == D("150") &&
             ranked->items.back().order_total == D("99.95"),
         "repsByOrderTotal ranks E2 first, kept by the stream");

  // Keys: built from an entity, and read back.
  auto key = hr::EmployeeKey(ann);
  auto parts = key ? hr::ParseEmployeeKey(key->partition_key, key->sort_key) : std::nullopt;
  Expect(parts && parts->at("employeeId") == "E1", "EmployeeKey round trip");

  std::printf("%s\n", failures == 0 ? "all patterns passed" : "some patterns failed");
  return failures == 0 ? 0 : 1;
}
