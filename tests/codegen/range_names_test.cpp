// Range bounds beside `by` parameters of the same names (tests/codegen/range_names/model.yaml):
// the parameter keeps its name and the bound takes '_' after it (value_, from_, to_), so each
// read gets both values. This file does not compile when a bound keeps a parameter's name, and
// the reads fail (or return the wrong items) when the two share an argument.
#include <catch2/catch.hpp>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "codegen/runtime/sim/sim_backend.h"
#include "range_names_model.h"

namespace rn = range_names_model;

namespace {

model::runtime::Timestamp At(const char* text) {
  auto t = model::runtime::ParseTimestamp(text);
  REQUIRE(t.has_value());
  return *t;
}

struct Fixture {
  std::unique_ptr<sim::DataPlane> backend = std::move(*model::runtime::OpenSimBackend());
  rn::RangeNamesModel db{*backend};
  Fixture() {
    REQUIRE(db.CreateTable().ok());
    for (const rn::Reading& r : {
             rn::Reading{"m1", "a", At("2026-01-01T00:00:00Z"), std::nullopt},
             rn::Reading{"m1", "a", At("2026-01-02T00:00:00Z"), std::nullopt},
             rn::Reading{"m1", "a", At("2026-01-03T00:00:00Z"), std::nullopt},
             rn::Reading{"m1", "ab", At("2026-01-02T00:00:00Z"), std::nullopt},
             rn::Reading{"m1", "b", At("2026-01-02T00:00:00Z"), std::nullopt},
             rn::Reading{"m2", "a", At("2026-01-02T00:00:00Z"), std::nullopt},
         }) {
      REQUIRE(db.AddReading(r).ok());
    }
    for (const rn::Trip& t : {
             rn::Trip{"OSL", "BGO", At("2026-02-01T08:00:00Z"), 100},
             rn::Trip{"OSL", "BGO", At("2026-02-01T12:00:00Z"), 120},
             rn::Trip{"OSL", "BGO", At("2026-02-02T08:00:00Z"), 90},
             rn::Trip{"OSL", "TRD", At("2026-02-01T12:00:00Z"), 80},
             rn::Trip{"BGO", "OSL", At("2026-02-01T12:00:00Z"), 70},
         }) {
      REQUIRE(db.AddTrip(t).ok());
    }
  }
};

}  // namespace

TEST_CASE("a range bound beside a parameter named value", "[codegen][ranges]") {
  Fixture f;
  // `value` is the parameter (the reading's value), `value_` the bound on readAt.
  auto since = f.db.ReadingsSince(rn::ReadingsSinceParams{
      .meter_id = "m1", .value = "a", .value_ = At("2026-01-02T00:00:00Z")});
  REQUIRE(since.ok());
  REQUIRE(since->items.size() == 2);
  CHECK(since->items[0].value == "a");
  CHECK(since->items[0].read_at == At("2026-01-02T00:00:00Z"));
  CHECK(since->items[1].read_at == At("2026-01-03T00:00:00Z"));

  auto between = f.db.ReadingsBetween(rn::ReadingsBetweenParams{.meter_id = "m1",
                                                                .value = "a",
                                                                .from = At("2026-01-01T00:00:00Z"),
                                                                .to = At("2026-01-02T00:00:00Z")});
  REQUIRE(between.ok());
  REQUIRE(between->items.size() == 2);
  CHECK(between->items[1].read_at == At("2026-01-02T00:00:00Z"));

  // A range on `value` itself, with no parameter of that name: the bound keeps `value`.
  auto named = f.db.ReadingsNamed(rn::ReadingsNamedParams{.meter_id = "m1", .value = "a"});
  REQUIRE(named.ok());
  std::vector<std::string> values;
  for (const rn::Reading& r : named->items) values.push_back(r.value);
  CHECK(values == std::vector<std::string>{"a", "a", "a", "ab"});
}

TEST_CASE("between bounds beside parameters named from and to", "[codegen][ranges]") {
  Fixture f;
  // `from`/`to` are the trip's endpoints; `from_`/`to_` bound departAt.
  auto between = f.db.TripsBetween(rn::TripsBetweenParams{.from = "OSL",
                                                          .to = "BGO",
                                                          .from_ = At("2026-02-01T00:00:00Z"),
                                                          .to_ = At("2026-02-01T23:59:59Z")});
  REQUIRE(between.ok());
  REQUIRE(between->items.size() == 2);
  CHECK(between->items[0].seats == 100);
  CHECK(between->items[1].seats == 120);

  // `value` is free here: the bound of `>` keeps it.
  auto after = f.db.TripsAfter(
      rn::TripsAfterParams{.from = "OSL", .to = "BGO", .value = At("2026-02-01T08:00:00Z")});
  REQUIRE(after.ok());
  REQUIRE(after->items.size() == 2);
  CHECK(after->items[0].seats == 120);
  CHECK(after->items[1].seats == 90);
}
