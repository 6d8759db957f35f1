// Civil time: proleptic Gregorian dates and UTC times of day as counts of days and seconds since
// 1970-01-01T00:00:00Z, and back, for every date of any year (negative years and years past 9999
// included). The one implementation of this arithmetic: the loader's literal canonicalization
// (model/load/literals.h), the expiry times of model/exec/values.h and the check's synthetic
// timestamps all use it. Parsing and printing stay with their callers, which accept different
// forms. No leap seconds: every day has 86400 seconds, as in Unix time.
#pragma once

#include <cstdint>

namespace model {

struct CivilDate {
  std::int64_t year = 1970;
  std::int64_t month = 1;  // 1..12
  std::int64_t day = 1;    // 1..31
};

// A date and a time of day, from a count of seconds.
struct CivilTime {
  CivilDate date;
  std::int64_t hour = 0;    // 0..23
  std::int64_t minute = 0;  // 0..59
  std::int64_t second = 0;  // 0..59
};

bool IsLeapYear(std::int64_t year);

// 28 to 31; `month` must be 1..12.
int DaysInMonth(std::int64_t year, std::int64_t month);

// Days from 1970-01-01 to year-month-day (negative before it). `month` must be 1..12; a day past
// the month's end counts on into the next month ("02-30" is two days after "02-28" in a common
// year), as the algorithm does (Howard Hinnant's days_from_civil,
// https://howardhinnant.github.io/date_algorithms.html).
std::int64_t DaysFromCivil(std::int64_t year, std::int64_t month, std::int64_t day);

// The date `days` days after 1970-01-01 (Hinnant's civil_from_days): the inverse of
// DaysFromCivil for valid dates.
CivilDate CivilFromDays(std::int64_t days);

// Seconds from 1970-01-01T00:00:00Z to the date at hour:minute:second (each may run past its
// range; it is added as a count).
std::int64_t SecondsFromCivil(const CivilDate& date, std::int64_t hour, std::int64_t minute,
                              std::int64_t second);

// The date and time `seconds` seconds after 1970-01-01T00:00:00Z (rounding toward the past, so
// -1 is 1969-12-31T23:59:59).
CivilTime CivilFromSeconds(std::int64_t seconds);

}  // namespace model
