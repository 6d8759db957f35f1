// An index declared keyed on entity attributes (`table: indexes: GSI2: { partition_key: status,
// sort_key: total }`, a natural-key index): loaded with the attributes' key types, every item type
// storing them on it under the raw values (Encoding::kNatural), nothing written for it, reads
// routed there, and the simulated table's index typed (docs/model-format.md, "a natural-key
// index").
#include <catch2/catch.hpp>
#include <string>

#include "model/exec/items.h"
#include "model_fixture.h"

namespace {

const model::IndexKeys* KeysOn(const model::ItemType& t, int index) {
  for (const auto& k : t.index_keys) {
    if (k.index == index) return &k;
  }
  return nullptr;
}

bool Has(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

const char* kShop = R"(
table:
  name: shop
  indexes:
    GSI1: { partition_key: email }
    GSI2: { partition_key: status, sort_key: total }
entities:
  User:
    identifier: userId
    attributes: { userId: string, email: string }
  Order:
    identifier: orderId
    attributes:
      orderId: string
      userId: string
      status: { type: enum, values: [PLACED, SHIPPED] }
      total: number
relationships:
  - { name: orders, cardinality: "1:N", from: User, to: Order, link: [userId] }
access_patterns:
  - { name: user, returns: User, by: [userId] }
  - { name: userByEmail, returns: User, by: [email] }
  - { name: ordersOfUser, returns: Order, by: [userId] }
  - { name: biggest, returns: Order, by: [status], sort: { total: desc }, limit: 10 }
  - { name: byTotal, returns: Order, by: [status], range: { total: between } }
)";

}  // namespace

TEST_CASE("a natural-key index is loaded with its attributes' key types", "[model][load]") {
  auto l = test::Load(kShop);
  INFO(l.diagnostics);
  REQUIRE(l.model);
  REQUIRE(l.model->table.indexes.size() == 2);
  const model::DeclaredIndex& email = l.model->table.indexes[0];
  CHECK(email.Natural());
  CHECK_FALSE(email.Inverted());
  CHECK(email.partition_key == "email");
  CHECK(email.sort_key.empty());
  CHECK(email.partition_key_type == model::KeyType::kS);
  const model::DeclaredIndex& status = l.model->table.indexes[1];
  CHECK(status.Natural());
  CHECK(status.sort_key_type == model::KeyType::kN);
  CHECK(l.model->table.NaturalIndex(2));
  CHECK(l.model->table.KeyedIndex(2));
  CHECK_FALSE(l.model->table.InvertedIndex(2));
}

TEST_CASE("a natural-key index on an attribute typed twice is refused", "[model][load]") {
  auto l = test::Load(R"(
table:
  name: shop
  indexes:
    GSI1: { partition_key: code }
entities:
  Coupon: { identifier: couponId, attributes: { couponId: string, code: string } }
  Voucher: { identifier: voucherId, attributes: { voucherId: string, code: integer } }
access_patterns:
  - { name: coupon, returns: Coupon, by: [couponId] }
  - { name: voucher, returns: Voucher, by: [voucherId] }
)");
  CHECK_FALSE(l.model);
  CHECK(Has(l.diagnostics,
            "the partition_key of index 'GSI1' is 'code', a string (S) in 'Coupon' "
            "but an integer (N) in 'Voucher'"));
  CHECK(Has(l.diagnostics, "[E254]"));
}

TEST_CASE("items are on a natural-key index under their raw attribute values", "[model][derive]") {
  auto d = test::Derive(kShop);
  INFO(d.diagnostics);
  REQUIRE(d.layout);
  // GSI1 and GSI2 natural; the derivation's own view (orders of a user) beyond them, on GSI3.
  REQUIRE(d.layout->indexes.size() == 3);
  CHECK(d.layout->indexes[2].partition_key == "GSI3PK");
  CHECK(test::Read(*d.layout, "ordersOfUser").index == 3);
  const model::IndexLayout& gsi2 = d.layout->indexes[1];
  CHECK(gsi2.natural);
  CHECK(gsi2.partition_key == "status");
  CHECK(gsi2.sort_key == "total");
  CHECK(gsi2.sort_key_type == model::KeyType::kN);
  CHECK(d.layout->indexes[0].sort_key.empty());
  const model::ItemType* order = test::FindType(*d.layout, "Order");
  REQUIRE(order);
  const model::IndexKeys* k = KeysOn(*order, 2);
  REQUIRE(k);
  CHECK(k->partition_key.ToString() == "{status}");
  CHECK(k->partition_key.parts[0].encoding == model::Encoding::kNatural);
  CHECK(k->sort_key.ToString() == "{total}");
  CHECK_FALSE(KeysOn(*order, 1));  // orders have no email: not in GSI1
  const model::ReadPlan& by_email = test::Read(*d.layout, "userByEmail");
  CHECK(by_email.index == 1);
  CHECK(by_email.operation == model::Operation::kQuery);
  CHECK(by_email.key.sort_op == model::SortOp::kNone);
  const model::ReadPlan& biggest = test::Read(*d.layout, "biggest");
  CHECK(biggest.index == 2);
  CHECK_FALSE(biggest.scan_forward);
  const model::ReadPlan& range = test::Read(*d.layout, "byTotal");
  CHECK(range.index == 2);
  CHECK(range.key.sort_op == model::SortOp::kBetween);
  CHECK_FALSE(range.key.upper_after_separator);

  // The simulated table defines the attributes with their types; the items carry no index
  // attribute beyond their own.
  sim::CreateTableRequest r = model::exec::CreateTableRequest(*d.layout);
  bool total_is_number = false;
  for (const auto& a : r.attribute_definitions) {
    if (a.attribute_name == "total") total_is_number = a.attribute_type == sim::ValueType::kN;
    CHECK(a.attribute_name != "GSI1PK");
  }
  CHECK(total_is_number);
  REQUIRE(r.global_secondary_indexes.size() == 3);
  CHECK(r.global_secondary_indexes[0].key_schema.size() == 1);  // email alone
}
