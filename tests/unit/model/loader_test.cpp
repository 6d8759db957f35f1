// The loader and checker: what a model means once loaded, and exact diagnostics.
#include <catch2/catch.hpp>

#include "model/load/literals.h"
#include "model/load/starter.h"
#include "model_fixture.h"

using model::AttrType;
using model::Cardinality;

TEST_CASE("the flagship sample loads with every construct", "[model][loader]") {
  auto l = test::Load(test::ReadSource("samples/hr/model.yaml"), "samples/hr/model.yaml");
  INFO(l.diagnostics);
  REQUIRE(l.model);
  const model::Model& m = *l.model;
  CHECK(m.table.name == "hr-order-entry");
  CHECK(m.table.max_gsis == 3);
  CHECK(m.entities.size() == 14);
  CHECK(m.relationships.size() == 16);
  CHECK(m.access_patterns.size() == 17);
  CHECK(m.write_patterns.size() == 7);
  CHECK(m.aggregates.size() == 2);
  model::EntityId order = m.FindEntity("Order");
  REQUIRE(order >= 0);
  CHECK(m.entities[static_cast<std::size_t>(order)].item_size == 2048);
}

TEST_CASE("attribute shorthand, optional marks, enums and counts", "[model][loader]") {
  auto l = test::Load(R"(
entities:
  Order:
    count: 2.5M
    item_size: 1.5KB
    attributes:
      orderId: string
      note: string?
      status: { type: enum, values: [OPEN, SHIPPED] }
      total: number
      tags: string_set
)");
  INFO(l.diagnostics);
  REQUIRE(l.model);
  const model::Entity& e = l.model->entities[0];
  CHECK(e.count == 2500000);
  CHECK(e.item_size == 1536);
  REQUIRE(e.identifier.size() == 1);
  CHECK(e.attributes[static_cast<std::size_t>(e.identifier[0])].name == "orderId");
  CHECK(e.attributes[1].required == false);
  CHECK(e.attributes[2].type == AttrType::kEnum);
  CHECK(e.attributes[2].enum_values == std::vector<std::string>{"OPEN", "SHIPPED"});
  CHECK(e.attributes[4].type == AttrType::kStringSet);
  CHECK(l.model->table.partition_key == "PK");
  CHECK(l.model->table.sort_key == "SK");
}

TEST_CASE("relationships default their link to the identifier's names", "[model][loader]") {
  auto l = test::Load(R"(
entities:
  Product: { attributes: { productId: string } }
  Warehouse: { attributes: { warehouseId: string } }
  Inventory:
    identifier: [productId, warehouseId]
    attributes: { productId: string, warehouseId: string, quantity: integer }
relationships:
  - { name: stock, cardinality: M:N, from: Product, to: Warehouse, through: Inventory }
)");
  INFO(l.diagnostics);
  REQUIRE(l.model);
  const model::Relationship& r = l.model->relationships[0];
  CHECK(r.cardinality == Cardinality::kManyToMany);
  REQUIRE(r.through);
  CHECK(r.link == std::vector<model::AttrId>{0});
  CHECK(r.link_to == std::vector<model::AttrId>{1});
}

TEST_CASE("follows: a by name stands for the link attribute referencing it", "[model][loader]") {
  auto l = test::Load(R"(
entities:
  Product: { identifier: sku, attributes: { sku: string } }
  Warehouse: { identifier: code, attributes: { code: string } }
  Inventory:
    identifier: [productSku, warehouseCode]
    attributes: { productSku: string, warehouseCode: string, quantity: integer }
relationships:
  - name: stock
    cardinality: M:N
    from: Product
    to: Warehouse
    through: Inventory
    link: [productSku]
    link_to: [warehouseCode]
access_patterns:
  - { name: stockAt, returns: Inventory, by: [code], follows: stock }
  - { name: item, returns: Inventory, by: [productSku, code], follows: stock }
  - { name: plain, returns: Inventory, by: [productSku], follows: stock }
)");
  INFO(l.diagnostics);
  REQUIRE(l.model);
  const auto& ps = l.model->access_patterns;
  CHECK(ps[0].params == std::vector<std::string>{"warehouseCode"});
  CHECK(ps[0].param_names == std::vector<std::string>{"code"});
  CHECK(ps[1].params == std::vector<std::string>{"productSku", "warehouseCode"});
  CHECK(ps[1].param_names == std::vector<std::string>{"productSku", "code"});
  // Every name is its attribute's: nothing to rename.
  CHECK(ps[2].params == std::vector<std::string>{"productSku"});
  CHECK(ps[2].param_names.empty());
  CHECK(ps[2].follows == std::optional<int>(0));
}

TEST_CASE("follows: two by names for one attribute are one parameter twice", "[model][loader]") {
  auto l = test::Load(R"(entities:
  Person: { identifier: handle, attributes: { handle: string } }
  Song: { identifier: songId, attributes: { songId: string, artist: string } }
relationships:
  - { name: songs, cardinality: "1:N", from: Person, to: Song, link: [artist] }
access_patterns:
  - { name: songsOf, returns: Song, by: [handle, artist], follows: songs }
)");
  CHECK_FALSE(l.model);
  CHECK(l.diagnostics ==
        "m.yaml:7:50: error: access pattern 'songsOf' names 'artist' in 'by' twice: as 'handle' "
        "and as 'artist'; list each parameter once [E417]\n"
        "    7 |   - { name: songsOf, returns: Song, by: [handle, artist], follows: songs }\n"
        "      |                                                  ^~~~~~\n"
        "1 error generated.\n");
}

TEST_CASE("every error of a phase is reported at once, sorted", "[model][loader]") {
  auto l = test::Load(R"(entities:
  Order:
    identifer: orderId
    attributes:
      orderId: strng
)");
  CHECK_FALSE(l.model);
  CHECK(
      l.diagnostics ==
      "m.yaml:3:5: error: unknown key 'identifer' in entity 'Order'; did you mean 'identifier'? "
      "[E104]\n"
      "    3 |     identifer: orderId\n"
      "      |     ^~~~~~~~~\n"
      "m.yaml:5:16: error: attribute 'orderId' of entity 'Order' has the unknown type 'strng'; did "
      "you mean 'string'? [E204]\n"
      "    5 |       orderId: strng\n"
      "      |                ^~~~~\n"
      "2 errors generated.\n");
}

TEST_CASE("pathological inputs end in a diagnostic, not a crash", "[model][loader]") {
  std::string deep(100000, '[');
  CHECK_FALSE(test::Load("entities: " + deep).model);
  CHECK_FALSE(test::Load(std::string("\xEF\xBB\xBF", 3) + "- 1\n").model);
  CHECK_FALSE(test::Load(std::string(1 << 20, 'x')).model);
  CHECK_FALSE(test::Load("entities:\r\n  A:\r\n    attributes: {aId: nope}\r\n").model);
  auto crlf = test::Load("entities:\r\n  A:\r\n    attributes: {aId: string}\r\n");
  CHECK(crlf.model);
}

TEST_CASE("the starter model loads and derives cleanly", "[model][loader]") {
  auto d = test::Derive(model::load::StarterModel());
  CHECK(d.loaded.diagnostics.empty());
  CHECK(d.layout);
  CHECK(d.diagnostics.empty());
}

TEST_CASE("a key of another kind of output is reported, not read", "[model][loader]") {
  // Found by tests/fuzz/model_fuzz: `format` on a codegen output was read with the format words
  // of a kind that has none.
  auto l = test::Load(
      "entities:\n  A:\n    attributes: {aId: string}\ngenerate:\n"
      "  - { kind: codegen, out: src, format: svg }\n");
  CHECK_FALSE(l.model);
  CHECK(l.diagnostics.find("[E104]") != std::string::npos);
  CHECK(l.diagnostics.find("1 error generated.") != std::string::npos);
}

TEST_CASE("date and timestamp literals name real days and times", "[model][loader]") {
  using model::load::IsDate;
  using model::load::IsTimestamp;
  CHECK(IsDate("2024-02-29"));
  CHECK(IsDate("2000-02-29"));
  CHECK_FALSE(IsDate("2024-02-30"));
  CHECK_FALSE(IsDate("2023-02-29"));
  CHECK_FALSE(IsDate("1900-02-29"));
  CHECK_FALSE(IsDate("2024-04-31"));
  CHECK_FALSE(IsDate("2024-13-01"));
  CHECK_FALSE(IsDate("2024-00-10"));
  CHECK_FALSE(IsDate("2024-01-00"));
  CHECK(IsTimestamp("2024-01-18T23:59:59.999Z"));
  CHECK(IsTimestamp("2024-01-18T09:30:00-03:30"));
  CHECK_FALSE(IsTimestamp("2024-02-30T09:30:00Z"));
  CHECK_FALSE(IsTimestamp("2024-01-18T24:00:00Z"));
  CHECK_FALSE(IsTimestamp("2024-01-18T09:60:00Z"));
  CHECK_FALSE(IsTimestamp("2024-01-18T09:30:61Z"));
  CHECK_FALSE(IsTimestamp("2024-01-18T09:30:00+24:00"));
}

TEST_CASE(
    "a timestamp literal with an offset is kept in UTC with milliseconds, as stored values are",
    "[model][loader]") {
  using model::load::UtcTimestamp;
  CHECK(UtcTimestamp("2024-01-18T09:30:00Z") == "2024-01-18T09:30:00.000Z");
  CHECK(UtcTimestamp("2024-01-18T09:30:00+05:00") == "2024-01-18T04:30:00.000Z");
  CHECK(UtcTimestamp("2024-01-18T09:30:00.250+00:00") == "2024-01-18T09:30:00.250Z");
  // Milliseconds, as the runtime writes them: padded or cut to three digits.
  CHECK(UtcTimestamp("2024-01-18T09:30:00.5Z") == "2024-01-18T09:30:00.500Z");
  CHECK(UtcTimestamp("2024-01-18T09:30:00.123456Z") == "2024-01-18T09:30:00.123Z");
  CHECK(UtcTimestamp("2024-01-01T02:00:00+05:00") == "2023-12-31T21:00:00.000Z");
  CHECK(UtcTimestamp("2024-02-28T22:00:00-03:30") == "2024-02-29T01:30:00.000Z");
  auto l = test::Load(R"(
table: { name: tix }
entities:
  Ticket:
    attributes: { ticketId: string, at: timestamp, name: string, stamp: string }
  Note:
    attributes: { noteId: string, ticketId: string }
relationships:
  - { name: notes, cardinality: "1:N", from: Ticket, to: Note }
access_patterns:
  - { name: getTicket, returns: Ticket, by: [ticketId] }
  - { name: atNoon, returns: Ticket, filter: { at: "2024-01-18T09:30:00+05:00" } }
  - { name: byStamp, returns: Ticket, filter: { stamp: "2024-01-18T09:30:00+05:00" } }
write_patterns:
  - name: w1
    update: Ticket
    attributes: [name]
    condition: { at: "< 2024-01-18T09:30:00+05:00" }
  - name: note
    create: Note
    also:
      - { update: Ticket, attributes: [name], condition: { at: ">= 2024-01-18T00:00:00-01:00" } }
)");
  INFO(l.diagnostics);
  REQUIRE(l.model);
  const model::Model& m = *l.model;
  CHECK(m.access_patterns[1].filters[0].value == "2024-01-18T04:30:00.000Z");
  // A string attribute's literal is text: it stays as written.
  CHECK(m.access_patterns[2].filters[0].value == "2024-01-18T09:30:00+05:00");
  CHECK(m.write_patterns[0].conditions[0].value == "2024-01-18T04:30:00.000Z");
  CHECK(m.write_patterns[0].conditions[0].Text() == "at < 2024-01-18T04:30:00.000Z");
  REQUIRE(m.write_patterns[1].also.size() == 1);
  CHECK(m.write_patterns[1].also[0].conditions[0].value == "2024-01-18T01:00:00.000Z");
}

TEST_CASE("a date that is no day of the calendar is refused where it is written",
          "[model][loader]") {
  auto l = test::Load(R"(table: { name: tix }
entities:
  Ticket:
    attributes: { ticketId: string, day: date, name: string }
access_patterns:
  - { name: getTicket, returns: Ticket, by: [ticketId] }
  - { name: onBadDay, returns: Ticket, filter: { day: 2024-02-30 } }
write_patterns:
  - { name: w7, update: Ticket, attributes: [name], condition: { day: ">= 2023-02-29" } }
)");
  CHECK_FALSE(l.model);
  CHECK(l.diagnostics.find("m.yaml:7:50: error: access pattern 'onBadDay' filters 'day' on "
                           "'2024-02-30', but there is no such day: write a day of the calendar, "
                           "e.g. 2019-01-18 [E405]\n") != std::string::npos);
  CHECK(l.diagnostics.find("m.yaml:9:71: error: write pattern 'w7' compares 'day' with "
                           "'2023-02-29', but there is no such day: write a day of the calendar, "
                           "e.g. 2019-01-18 [E429]\n") != std::string::npos);
  CHECK(l.diagnostics.find("2 errors generated.") != std::string::npos);
}
