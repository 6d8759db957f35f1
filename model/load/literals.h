// Literal values written in a model: a fixed filter's value (`filter: { day: 2024-01-18 }`) and a
// condition's operand (`condition: { at: "< 2024-01-18T09:30:00Z" }`).
//
// The calendar checks FilterValueProblem (analyze.h) applies to dates and timestamps, and the
// one form the model keeps a literal in once it fits its attribute (CanonicalizeLiterals), so
// every later phase (keys, plans, the check's comparisons) sees each instant in one spelling.
#pragma once

#include <string>
#include <string_view>

#include "model/model.h"

namespace model::load {

// `YYYY-MM-DD` naming a day of the (proleptic Gregorian) calendar: 2024-02-29 is one,
// 2023-02-29, 2024-02-30 and 2024-13-01 are not.
bool IsDate(std::string_view s);

// An ISO-8601 date and time as RFC 3339 writes it: a date (IsDate), `T`, `hh:mm:ss` from
// 00:00:00 to 23:59:59, an optional fraction of a second, and `Z` or an offset `+hh:mm` /
// `-hh:mm` (hours to 23, minutes to 59): 2019-01-18T09:30:00Z, 2019-01-18T09:30:00.250+05:00.
bool IsTimestamp(std::string_view s);

// The forms of IsDate and IsTimestamp, whatever the numbers in them (2024-02-30, 25:00:00): a
// literal written as a date or timestamp that names none.
bool HasDateForm(std::string_view s);
bool HasTimestampForm(std::string_view s);

// A timestamp that IsTimestamp accepts, in the form stored timestamps are written: UTC (`Z`) with
// exactly three fractional digits, as the runtime writes them and keys encode them. The offset
// is taken away (2024-01-18T09:30:00+05:00 is 2024-01-18T04:30:00.000Z, the day and year moving
// with it); a fraction is padded or cut to milliseconds (.5 is .500, .1234 is .123).
std::string UtcTimestamp(std::string_view s);

// Rewrites every literal of `model` (access patterns' and aggregates' filters, write patterns'
// and their `also` entries' condition operands) that names a timestamp into UtcTimestamp's
// form, so that it compares as text with stored values, and renders into keys, as the instant
// it names. Runs on a checked model: every literal already fits its attribute.
void CanonicalizeLiterals(Model& model);

}  // namespace model::load
