// The `model design` charts: the derived layout as aligned plain-text tables.
//
// RenderDesign writes a header naming the table and its indexes, the entity chart (one row per
// item type: its PK and SK templates and each GSI's key templates, sparse ones marked with their
// condition), the index list with projections, the access-pattern chart (operation, index, key
// condition, filter, requests) and the write-pattern chart (items written, transaction). Output
// is deterministic, ASCII apart from user text, LF line ends, one trailing newline.
#pragma once

#include <string>

#include "model/layout.h"
#include "model/model.h"

namespace model {

std::string RenderDesign(const Model& model, const KeyLayout& layout);

// "status = OPEN"-style text of a read plan's filter (fixed conditions and _type IN (...)).
std::string DescribeFilter(const ReadPlan& plan);

}  // namespace model
