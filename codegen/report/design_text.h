// The `model design` charts: the derived layout as aligned plain-text tables.
//
// RenderDesign writes a header naming the table and its indexes, the entity chart (one row per
// item type: its PK and SK templates and each GSI's key templates, sparse ones marked with their
// condition), the index list with projections, the access-pattern chart (operation, index, key
// condition, filter, requests), the write-pattern chart (items written, transaction) and the cost
// summary (model/cost.h EstimateWorkload: per pattern its rate, requests, items and capacity units
// per call, units per second and monthly cost at the billing mode's us-east-1 prices; the total;
// the default rate of patterns that declare none). Output
// is deterministic, ASCII apart from user text, LF line ends, one trailing newline.
//
// `width` is the widest line the entity chart may have, in columns (DisplayWidth). With GSIs it
// easily grows past a terminal: then it is split into stacked tables, each repeating the item-type
// column and holding whole key pairs (the table's PK and SK, or one index's PK and SK), as many as
// fit; a pair wider than `width` on its own still gets a table of its own, unbroken. The other
// charts are not split. The CLI passes the terminal's width when standard output is a terminal
// and kDesignWidth otherwise, so files and goldens do not depend on the terminal.
#pragma once

#include <cstddef>
#include <string>

#include "model/layout.h"
#include "model/model.h"

namespace model {

inline constexpr std::size_t kDesignWidth = 100;

std::string RenderDesign(const Model& model, const KeyLayout& layout,
                         std::size_t width = kDesignWidth);

// Figures of the cost summary: "12.5", "0.33", "12,345" (two decimals at most, trailing zeros
// dropped, thousands separated above 10,000); "-" when not finite.
std::string CostFigure(double value);
// Dollars per month: "$0", "< $0.01", "$16.20", "$1,234".
std::string CostDollars(double value);

// A write's request as the write-pattern chart words it: "TransactWriteItems" or "single item",
// followed by ", then each child on its own" when it rewrites children's copies outside the
// transaction (WritePlan::copies).
std::string WriteRequestText(const WritePlan& write);

// "status = OPEN"-style text of a read plan's filter (fixed conditions and _type IN (...)).
std::string DescribeFilter(const ReadPlan& plan);

// The second step of a read of a relationship's other side (ReadPlan::follow_up), as the
// design's access-pattern chart and `model docs` show it after the first step's requests:
// "1 GetItem of Visit at PK = VISIT#{visitId} AND SK = VISIT", or "BatchGetItem of User at
// PK = USER#{followerId} AND SK = USER per item, 100 keys a request".
std::string FollowUpStepText(const KeyLayout& layout, const FollowUp& f);

}  // namespace model
