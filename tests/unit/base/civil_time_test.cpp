// Civil dates and times as day and second counts (model/base/civil_time.h).
#include "model/base/civil_time.h"

#include <catch2/catch.hpp>

TEST_CASE("days from a civil date, and back", "[base][time]") {
  CHECK(model::DaysFromCivil(1970, 1, 1) == 0);
  CHECK(model::DaysFromCivil(1969, 12, 31) == -1);
  CHECK(model::DaysFromCivil(2000, 3, 1) == 11017);
  CHECK(model::DaysFromCivil(2024, 2, 29) == 19782);
  CHECK(model::DaysFromCivil(1, 1, 1) == -719162);
  // Each day from 0001-01-01 to 2400-12-31 turns into the next date and back.
  model::CivilDate expected{1, 1, 1};
  for (std::int64_t days = -719162; days <= model::DaysFromCivil(2400, 12, 31); ++days) {
    const model::CivilDate date = model::CivilFromDays(days);
    REQUIRE(date.year == expected.year);
    REQUIRE(date.month == expected.month);
    REQUIRE(date.day == expected.day);
    REQUIRE(model::DaysFromCivil(date.year, date.month, date.day) == days);
    if (++expected.day > model::DaysInMonth(expected.year, expected.month)) {
      expected.day = 1;
      if (++expected.month > 12) {
        expected.month = 1;
        ++expected.year;
      }
    }
  }
  const model::CivilDate before_year_one = model::CivilFromDays(-719163);
  CHECK(before_year_one.year == 0);
  CHECK(before_year_one.month == 12);
  CHECK(before_year_one.day == 31);
}

TEST_CASE("leap years and month lengths", "[base][time]") {
  CHECK(model::IsLeapYear(2024));
  CHECK(model::IsLeapYear(2000));
  CHECK_FALSE(model::IsLeapYear(1900));
  CHECK_FALSE(model::IsLeapYear(2025));
  CHECK(model::DaysInMonth(2024, 2) == 29);
  CHECK(model::DaysInMonth(1900, 2) == 28);
  CHECK(model::DaysInMonth(2025, 4) == 30);
  CHECK(model::DaysInMonth(2025, 12) == 31);
}

TEST_CASE("seconds from a civil time, and back", "[base][time]") {
  CHECK(model::SecondsFromCivil({2025, 2, 3}, 10, 0, 0) == 1738576800);
  CHECK(model::SecondsFromCivil({1970, 1, 1}, 0, 0, 0) == 0);
  const model::CivilTime t = model::CivilFromSeconds(1738576800 + 59 * 60 + 7);
  CHECK(t.date.year == 2025);
  CHECK(t.date.month == 2);
  CHECK(t.date.day == 3);
  CHECK(t.hour == 10);
  CHECK(t.minute == 59);
  CHECK(t.second == 7);
  // Before the epoch it rounds toward the past.
  const model::CivilTime before = model::CivilFromSeconds(-1);
  CHECK(before.date.year == 1969);
  CHECK(before.date.month == 12);
  CHECK(before.date.day == 31);
  CHECK(before.hour == 23);
  CHECK(before.minute == 59);
  CHECK(before.second == 59);
}
