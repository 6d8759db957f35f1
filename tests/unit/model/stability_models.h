// Models shared by the model and codegen tests of layout stability (issue 14, defect 8): the
// same patterns under other names and in another order must give the same layout.
#pragma once

namespace test {

// Subscriptions with more views than one GSI holds (facets) and sparse booleans.
inline const char* const kSubscriptions = R"(
table: { name: subs, max_gsis: 1 }
entities:
  Subscription:
    identifier: subscriptionId
    attributes:
      subscriptionId: string
      customerId: string
      dueDate: date
      plan: string
      active: boolean
      escalated: boolean
access_patterns:
  - { name: getDuePaymentsByDate, returns: Subscription, range: { dueDate: between }, rate: 1 }
  - { name: customerSubscriptions, returns: Subscription, by: [customerId], rate: 3 }
  - { name: subscriptionsOnPlan, returns: Subscription, by: [plan], rate: 3 }
  - { name: activeOnes, returns: Subscription, filter: { active: true }, rate: 2 }
  - { name: escalatedOnes, returns: Subscription, filter: { escalated: true }, rate: 2 }
  - { name: quietOnes, returns: Subscription, filter: { escalated: false }, rate: 2 }
write_patterns:
  - { name: subscribe, create: Subscription }
)";

// The same patterns, renamed and listed in another order.
inline const char* const kSubscriptionsRenamed = R"(
table: { name: subs, max_gsis: 1 }
entities:
  Subscription:
    identifier: subscriptionId
    attributes:
      subscriptionId: string
      customerId: string
      dueDate: date
      plan: string
      active: boolean
      escalated: boolean
access_patterns:
  - { name: notEscalated, returns: Subscription, filter: { escalated: false }, rate: 2 }
  - { name: onPlan, returns: Subscription, by: [plan], rate: 3 }
  - { name: hot, returns: Subscription, filter: { escalated: true }, rate: 2 }
  - { name: due, returns: Subscription, range: { dueDate: between }, rate: 1 }
  - { name: live, returns: Subscription, filter: { active: true }, rate: 2 }
  - { name: ofCustomer, returns: Subscription, by: [customerId], rate: 3 }
write_patterns:
  - { name: subscribe, create: Subscription }
)";

}  // namespace test
