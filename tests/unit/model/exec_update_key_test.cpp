// model/exec: an update whose record cannot build an item's table key (writes.cpp
// AddUpdateAction). An item keyed by an optional attribute the record has no value for does not
// exist, and is left alone; a record lacking a required key attribute names no item, and the
// update is a ValidationException before anything is sent, not a success that wrote nothing.
#include <catch2/catch.hpp>
#include <optional>
#include <string>

#include "model/exec/items.h"
#include "model/exec/writes.h"
#include "model/sim/engine/database.h"
#include "model_fixture.h"

using model::exec::Record;

namespace {

// A member's email is optional and unique: its uniqueness item (MEMBER_EMAIL#{email}) exists only
// while the member has one, and moves its TTL with the member's expiry.
constexpr const char* kMembers = R"(
table: { name: club, ttl_attribute: ttl }
entities:
  Member:
    ttl: expiresAt
    attributes:
      memberId: string
      name: string
      email: { type: string, required: false, unique: true }
      expiresAt: timestamp
access_patterns:
  - { name: getMember, returns: Member, by: [memberId] }
write_patterns:
  - { name: join, create: Member }
  - { name: renew, update: Member, attributes: [expiresAt] }
)";

Record Member(const std::string& id, const std::string& expires, bool with_email) {
  sim::Item item;
  item["memberId"] = sim::AttributeValue::S(id);
  item["name"] = sim::AttributeValue::S("Ada");
  if (with_email) item["email"] = sim::AttributeValue::S(id + "@example.com");
  item["expiresAt"] = sim::AttributeValue::S(expires);
  return Record{{item}};
}

const model::WritePlan& Write(const model::KeyLayout& layout, const std::string& name) {
  for (const auto& w : layout.writes)
    if (w.pattern == name) return w;
  FAIL("no write plan " << name);
  return layout.writes.front();
}

// The stored item at `pk` / `sk`, or none.
std::optional<sim::Item> Stored(sim::DataPlane& plane, const std::string& pk,
                                const std::string& sk) {
  sim::GetItemRequest get;
  get.table_name = "club";
  get.key["PK"] = sim::AttributeValue::S(pk);
  get.key["SK"] = sim::AttributeValue::S(sk);
  get.consistent_read = true;
  auto got = plane.GetItem(get);
  REQUIRE(got.ok());
  return got->item;
}

}  // namespace

TEST_CASE("an update refuses a record that cannot name its item, skips an item that is not there",
          "[model][exec]") {
  auto d = test::Derive(kMembers);
  INFO(d.diagnostics);
  REQUIRE(d.layout);
  const model::Model& m = *d.loaded.model;
  const model::KeyLayout& layout = *d.layout;
  const model::WritePlan& renew = Write(layout, "renew");
  // The member's item and its uniqueness item are both updated: the expiry moves their TTL.
  REQUIRE(renew.writes.size() == 2);
  CHECK(renew.writes[0].op == model::WriteOp::kUpdate);
  CHECK(renew.writes[1].op == model::WriteOp::kUpdate);
  CHECK(layout.item_types[static_cast<std::size_t>(renew.writes[1].item_type)].role ==
        model::ItemRole::kUniqueness);

  auto opened = sim::Database::Open();
  REQUIRE(opened.ok());
  std::unique_ptr<sim::Database> db = std::move(opened.value());
  sim::DataPlane& plane = *db;
  REQUIRE(plane.CreateTable(model::exec::CreateTableRequest(layout)).ok());
  model::exec::WriteStats stats;
  const model::WritePlan& join = Write(layout, "join");

  SECTION("without an email there is no uniqueness item: the member alone is updated") {
    Record before = Member("m-1", "2030-01-01T00:00:00Z", false);
    REQUIRE(model::exec::ApplyWrite(plane, m, layout, join, nullptr, &before, stats).ok());
    Record after = Member("m-1", "2031-01-01T00:00:00Z", false);
    auto renewed = model::exec::ApplyWrite(plane, m, layout, renew, &before, &after, stats);
    INFO((renewed.ok() ? std::string() : renewed.error().message));
    REQUIRE(renewed.ok());
    auto member = Stored(plane, "MEMBER#m-1", "MEMBER");
    REQUIRE(member);
    CHECK(model::exec::Natural(*member, "ttl") == "1924992000");
    // No uniqueness item was created by the update (an UpdateItem of a missing key would).
    sim::ScanRequest scan;
    scan.table_name = "club";
    auto all = plane.Scan(scan);
    REQUIRE(all.ok());
    CHECK(all->items.size() == 1);
  }

  SECTION("with an email both items move their TTL") {
    Record before = Member("m-2", "2030-01-01T00:00:00Z", true);
    REQUIRE(model::exec::ApplyWrite(plane, m, layout, join, nullptr, &before, stats).ok());
    Record after = Member("m-2", "2031-01-01T00:00:00Z", true);
    REQUIRE(model::exec::ApplyWrite(plane, m, layout, renew, &before, &after, stats).ok());
    auto claim = Stored(plane, "MEMBER_EMAIL#m-2@example.com", "MEMBER_EMAIL");
    REQUIRE(claim);
    CHECK(model::exec::Natural(*claim, "ttl") == "1924992000");
  }

  SECTION("a record without the identifier names no item: ValidationException, nothing sent") {
    Record stored = Member("m-3", "2030-01-01T00:00:00Z", false);
    REQUIRE(model::exec::ApplyWrite(plane, m, layout, join, nullptr, &stored, stats).ok());
    Record before = stored;
    before.versions[0].erase("memberId");
    Record after = before;
    after.versions[0]["expiresAt"] = sim::AttributeValue::S("2031-01-01T00:00:00Z");
    model::exec::WriteStats refused_stats;
    auto refused = model::exec::ApplyWrite(plane, m, layout, renew, &before, &after, refused_stats);
    REQUIRE_FALSE(refused.ok());
    CHECK(refused.error().name == "ValidationException");
    CHECK(refused.error().message ==
          "write pattern 'renew' updates the Member item, but the Member record does not name it "
          "(its table key needs memberId)");
    CHECK(refused_stats.requests == 0);
    auto member = Stored(plane, "MEMBER#m-3", "MEMBER");
    REQUIRE(member);
    CHECK(model::exec::Natural(*member, "expiresAt") == "2030-01-01T00:00:00Z");
  }
}
