// Index keys pinned in the model (`keys: { GSI1: { pk, sk } }`): loaded, written verbatim on the
// entity's own item, and reads routed to them (docs/model-format.md "Pinned keys").
#include <algorithm>
#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "model_fixture.h"

namespace {

using model::Operation;

const model::IndexKeys* KeysOn(const model::ItemType& t, int index) {
  for (const auto& k : t.index_keys) {
    if (k.index == index) return &k;
  }
  return nullptr;
}

bool Has(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

}  // namespace

TEST_CASE("pinned index keys are loaded by index number, the sort key optional", "[model][load]") {
  auto l = test::Load(R"(
table: { name: shop, index_prefix: IX }
entities:
  Customer:
    identifier: customerId
    keys:
      IX2: { pk: "REF#{referrer}" }
      IX1: { pk: "EMAIL#{email}", sk: "C#{customerId}" }
    attributes:
      customerId: string
      email: string
      referrer: string?
access_patterns:
  - { name: getCustomer, returns: Customer, by: customerId }
)");
  INFO(l.diagnostics);
  REQUIRE(l.model);
  const model::Entity& c = l.model->entities[0];
  CHECK_FALSE(c.pinned_keys);  // only index keys pinned: the table keys are derived
  REQUIRE(c.pinned_index_keys.size() == 2);
  CHECK(c.pinned_index_keys[0].index == 1);
  CHECK(c.pinned_index_keys[0].pk == "EMAIL#{email}");
  CHECK(c.pinned_index_keys[0].sk == "C#{customerId}");
  CHECK(c.pinned_index_keys[1].index == 2);
  CHECK(c.pinned_index_keys[1].sk.empty());
}

TEST_CASE("a sort key pinned without a partition key is an error", "[model][load]") {
  auto l = test::Load(R"(
entities:
  Customer:
    identifier: customerId
    keys: { sk: "PROFILE", GSI1: { pk: "EMAIL#{email}" } }
    attributes: { customerId: string, email: string }
access_patterns:
  - { name: getCustomer, returns: Customer, by: customerId }
)");
  CHECK_FALSE(l.model);
  CHECK(Has(l.diagnostics, "[E107]"));
}

TEST_CASE("an optional attribute in pinned index keys makes a sparse index", "[model][derive]") {
  auto d = test::Derive(R"(
entities:
  Customer:
    identifier: customerId
    keys:
      pk: "CUST#{customerId}"
      GSI1: { pk: "REF#{referrer}" }
    attributes:
      customerId: string
      referrer: string?
access_patterns:
  - { name: getCustomer, returns: Customer, by: customerId }
  - { name: referredBy, returns: Customer, by: referrer }
)");
  INFO(d.diagnostics);
  REQUIRE(d.layout);
  const auto* c = test::FindType(*d.layout, "Customer");
  REQUIRE(c);
  const auto* k = KeysOn(*c, 1);
  REQUIRE(k);
  CHECK(k->partition_key.ToString() == "REF#{referrer}");
  CHECK(k->sort_key.ToString() == "CUSTOMER");  // the label, as with a pinned table key
  const auto& r = test::Read(*d.layout, "referredBy");
  CHECK(r.index == 1);
  CHECK(r.operation == Operation::kQuery);
  CHECK(r.key.partition_key.ToString() == "REF#{referrer}");
  CHECK_FALSE(Has(d.diagnostics, "[W512]"));  // the read binds referrer: it misses nothing
}

TEST_CASE("reads go to the pinned index keys that serve them, the rest to derived views",
          "[model][derive]") {
  auto d = test::Derive(R"(
entities:
  Order:
    identifier: orderId
    keys:
      pk: "ORDER#{orderId}"
      sk: "ORDER"
      GSI2: { pk: "CUST#{customerId}", sk: "O#{placedAt}#{orderId}" }
    attributes:
      orderId: string
      customerId: string
      placedAt: timestamp
      status: { type: enum, values: [OPEN, SHIPPED] }
access_patterns:
  - { name: getOrder, returns: Order, by: orderId }
  - { name: customerOrders, returns: Order, by: customerId, range: { placedAt: ">=" } }
  - { name: latestOfCustomer, returns: Order, by: customerId, sort: { placedAt: desc }, limit: 5 }
  - { name: byStatus, returns: Order, by: status }
write_patterns:
  - { name: moveOrder, update: Order, attributes: [customerId] }
)");
  INFO(d.diagnostics);
  REQUIRE(d.layout);
  const auto& range = test::Read(*d.layout, "customerOrders");
  CHECK(range.index == 2);
  CHECK(range.key.sort_lower.ToString() == "O#{value}");
  const auto& latest = test::Read(*d.layout, "latestOfCustomer");
  CHECK(latest.index == 2);
  CHECK_FALSE(latest.scan_forward);
  CHECK(latest.client_steps.empty());  // the pinned sort key orders by placedAt
  // byStatus: no pinned key serves it, so a view of the derivation's on the free GSI1.
  CHECK(test::Read(*d.layout, "byStatus").index == 1);
  const auto* o = test::FindType(*d.layout, "Order");
  REQUIRE(o);
  REQUIRE(KeysOn(*o, 2));
  CHECK(KeysOn(*o, 2)->sort_key.ToString() == "O#{placedAt}#{orderId}");
  // Moving an order to another customer rewrites its pinned GSI2 keys.
  const auto& w = d.layout->writes[0];
  REQUIRE_FALSE(w.writes.empty());
  const auto& refreshed = w.writes[0].refresh_keys;
  CHECK(std::find(refreshed.begin(), refreshed.end(), "GSI2PK") != refreshed.end());
}

TEST_CASE("a pattern pinned to an index its entity pins keys on must be served by them",
          "[model][derive]") {
  auto d = test::Derive(R"(
entities:
  Order:
    identifier: orderId
    keys:
      pk: "ORDER#{orderId}"
      GSI1: { pk: "CUST#{customerId}" }
    attributes: { orderId: string, customerId: string, status: string }
access_patterns:
  - { name: getOrder, returns: Order, by: orderId }
  - { name: byStatus, returns: Order, by: status, index: GSI1 }
)");
  CHECK_FALSE(d.layout);
  CHECK(Has(d.diagnostics, "[E520]"));
  CHECK(Has(d.diagnostics, "needs 'customerId', which is not a parameter"));
  CHECK(Has(d.diagnostics, "'Order' pins its GSI1 keys here"));
}

TEST_CASE("a derived view takes a partition of its own beside pinned index keys",
          "[model][derive]") {
  // Order pins GSI1 keys in the partition the derivation would name for reads by customerId: the
  // derived view is labelled apart (LabelViewsApartOnIndexes), so neither read filters.
  auto d = test::Derive(R"(
entities:
  Customer:
    identifier: customerId
    attributes: { customerId: string, name: string }
  Order:
    identifier: orderId
    keys:
      pk: "ORDER#{orderId}"
      GSI1: { pk: "CUSTOMER#{customerId}", sk: "{placedAt}" }
    attributes: { orderId: string, customerId: string, placedAt: timestamp }
  Invoice:
    identifier: invoiceId
    attributes: { invoiceId: string, customerId: string, total: number }
relationships:
  - { name: orders, cardinality: "1:N", from: Customer, to: Order }
  - { name: invoices, cardinality: "1:N", from: Customer, to: Invoice }
access_patterns:
  - { name: getCustomer, returns: Customer, by: customerId }
  - { name: customerOrders, returns: Order, by: customerId, sort: { placedAt: desc }, limit: 10 }
  - { name: customerInvoices, returns: Invoice, by: customerId, index: GSI1 }
)");
  INFO(d.diagnostics);
  REQUIRE(d.layout);
  const auto& invoices = test::Read(*d.layout, "customerInvoices");
  CHECK(invoices.index == 1);
  CHECK(invoices.key.partition_key.ToString() == "CUSTOMER_INVOICE#{customerId}");
  CHECK(invoices.filter_types.empty());
  const auto& orders = test::Read(*d.layout, "customerOrders");
  CHECK(orders.index == 1);
  CHECK(orders.key.partition_key.ToString() == "CUSTOMER#{customerId}");
  CHECK(orders.filter_types.empty());
}

TEST_CASE("index names in keys follow the table's index_prefix", "[model][load]") {
  auto l = test::Load(R"(
table: { name: shop, index_prefix: IX }
entities:
  Customer:
    identifier: customerId
    keys: { pk: "C#{customerId}", GSI1: { pk: "EMAIL#{email}" } }
    attributes: { customerId: string, email: string }
access_patterns:
  - { name: getCustomer, returns: Customer, by: customerId }
)");
  CHECK_FALSE(l.model);
  CHECK(Has(l.diagnostics,
            "has 'GSI1', which is neither 'pk', 'sk' nor an index the table can "
            "have; its indexes are IX1 to IX20 [E229]"));
}

TEST_CASE("a layout pinned whole is the model's: the derivation only plans", "[model][derive]") {
  auto d = test::Derive(R"(
entities:
  Customer:
    identifier: customerId
    keys:
      pk: "CUST#{customerId}"
      sk: "PROFILE"
      GSI1: { pk: "EMAIL#{email}", sk: "CUST#{customerId}" }
    attributes: { customerId: string, email: string }
  Order:
    identifier: orderId
    keys:
      pk: "ORDER#{orderId}"
      sk: "ORDER"
      GSI1: { pk: "CUST#{customerId}", sk: "ORDER#{placedAt}" }
      GSI2: { pk: "STATUS#{status}", sk: "{placedAt}" }
    attributes:
      orderId: string
      customerId: string
      placedAt: timestamp
      status: { type: enum, values: [OPEN, SHIPPED] }
access_patterns:
  - { name: getCustomer, returns: Customer, by: customerId }
  - { name: byEmail, returns: Customer, by: email }
  - { name: getOrder, returns: Order, by: orderId }
  - { name: customerOrders, returns: Order, by: customerId, sort: { placedAt: desc }, limit: 10 }
  - { name: openSince, returns: Order, by: status, range: { placedAt: ">=" } }
write_patterns:
  - { name: placeOrder, create: Order }
  - { name: ship, update: Order, attributes: [status] }
)");
  INFO(d.diagnostics);
  REQUIRE(d.layout);
  CHECK(d.layout->indexes.size() == 2);
  REQUIRE(d.layout->item_types.size() == 2);  // no facet: every index key is pinned
  for (const auto& t : d.layout->item_types) {
    INFO(t.name);
    const model::Entity& en = d.loaded.model->entities[static_cast<std::size_t>(t.entity)];
    REQUIRE(t.index_keys.size() == en.pinned_index_keys.size());
    for (std::size_t k = 0; k < t.index_keys.size(); ++k) {
      CHECK(t.index_keys[k].index == en.pinned_index_keys[k].index);
      CHECK(t.index_keys[k].partition_key.ToString() == en.pinned_index_keys[k].pk);
      CHECK(t.index_keys[k].sort_key.ToString() == en.pinned_index_keys[k].sk);
    }
  }
  CHECK(test::Read(*d.layout, "byEmail").index == 1);
  CHECK(test::Read(*d.layout, "customerOrders").index == 1);
  CHECK(test::Read(*d.layout, "openSince").index == 2);
}

TEST_CASE("a misspelt pk in keys is an unknown key with a suggestion", "[model][load]") {
  auto l = test::Load(R"(
entities:
  Customer:
    identifier: customerId
    keys: { pl: "C#{customerId}" }
    attributes: { customerId: string }
access_patterns:
  - { name: getCustomer, returns: Customer, by: customerId }
)");
  CHECK_FALSE(l.model);
  CHECK(Has(l.diagnostics,
            "unknown key 'pl' in 'keys' of entity 'Customer'; did you mean 'pk'? "
            "[E104]"));
}

TEST_CASE("placeholders without a '#' between them need a first value of fixed length",
          "[model][load]") {
  // An enum none of whose values begins another ends on its own, like an integer or a
  // timestamp; an enum with A and AB does not (A + Bx and AB + x are one key), nor does a string.
  auto keys = [](const std::string& pk) {
    return test::Load(R"(
entities:
  Ticket:
    identifier: [state, ticketId]
    keys: { pk: ")" + pk +
                      R"(", sk: "T" }
    attributes:
      ticketId: string
      state: { type: enum, values: [OPEN, CLOSED] }
      grade: { type: enum, values: [A, AB] }
      seq: integer
      openedAt: timestamp
access_patterns:
  - { name: getTicket, returns: Ticket, by: [state, ticketId] }
)");
  };
  for (const char* ok : {"T#{state}{ticketId}", "T#{seq}{state}{ticketId}",
                         "T#{openedAt}{state}{ticketId}", "T#{ticketId}#{state}"}) {
    INFO(ok);
    auto l = keys(ok);
    INFO(l.diagnostics);
    CHECK(l.model);
  }
  for (const char* bad :
       {"T#{ticketId}{state}", "T#{grade}{state}{ticketId}", "T#{state}{ticketId}x{grade}"}) {
    INFO(bad);
    auto l = keys(bad);
    CHECK_FALSE(l.model);
    CHECK(Has(l.diagnostics, "[E471]"));
  }
}
