// A small valid model for the CLI's unit tests: two related entities, two access patterns
// (getCustomer, customerOrders) and one write pattern (placeOrder). It loads without
// diagnostics and derives a layout.
#pragma once

namespace model::testing {

inline constexpr const char* kShopModel = R"(table:
  name: shop
entities:
  Customer:
    identifier: customerId
    attributes:
      customerId: string
      name: string
  Order:
    identifier: orderId
    attributes:
      orderId: string
      customerId: string
      placedAt: timestamp
relationships:
  - { name: orders, cardinality: 1:N, from: Customer, to: Order }
access_patterns:
  - name: getCustomer
    returns: Customer
    by: [customerId]
  - name: customerOrders
    returns: Order
    by: [customerId]
write_patterns:
  - { name: placeOrder, create: Order }
)";

}  // namespace model::testing
