// The format's vocabulary: for each enum of model/model.h that the YAML spells, one table of its
// words, read in both directions (model/base/enum_names.h). AttrTypeName, TimeOrderName,
// RangeOpName and MaintainerName answer from these tables; the loader reads the words back with
// them, and its messages and the JSON Schema list them.
#pragma once

#include "model/base/enum_names.h"
#include "model/model.h"

namespace model {

// An attribute's type, in declaration order: `name: string`, `{type: number_set}`.
inline constexpr EnumName<AttrType> kAttrTypeNames[] = {{AttrType::kString, "string"},
                                                        {AttrType::kNumber, "number"},
                                                        {AttrType::kInteger, "integer"},
                                                        {AttrType::kBoolean, "boolean"},
                                                        {AttrType::kTimestamp, "timestamp"},
                                                        {AttrType::kDate, "date"},
                                                        {AttrType::kEnum, "enum"},
                                                        {AttrType::kBinary, "binary"},
                                                        {AttrType::kList, "list"},
                                                        {AttrType::kMap, "map"},
                                                        {AttrType::kStringSet, "string_set"},
                                                        {AttrType::kNumberSet, "number_set"}};

// A time-ordered identifier spelled as an attribute's type (`saleId: ulid`); kNone has no word.
inline constexpr EnumName<TimeOrder> kTimeOrderNames[] = {
    {TimeOrder::kUlid, "ulid"}, {TimeOrder::kKsuid, "ksuid"}, {TimeOrder::kUuidV7, "uuidv7"}};

// The operators of an access pattern's `range:`.
inline constexpr EnumName<RangeOp> kRangeOpNames[] = {{RangeOp::kEq, "="},
                                                      {RangeOp::kLt, "<"},
                                                      {RangeOp::kLe, "<="},
                                                      {RangeOp::kGt, ">"},
                                                      {RangeOp::kGe, ">="},
                                                      {RangeOp::kBetween, "between"},
                                                      {RangeOp::kBeginsWith, "begins_with"}};

// A write pattern's condition operators (`condition: { booked: "< 50" }`); the longer spellings
// first, so a reader matching prefixes takes "<=" before "<".
inline constexpr EnumName<ConditionOp> kConditionOpNames[] = {
    {ConditionOp::kNotExists, "not_exists"},
    {ConditionOp::kExists, "exists"},
    {ConditionOp::kNe, "<>"},
    {ConditionOp::kLe, "<="},
    {ConditionOp::kGe, ">="},
    {ConditionOp::kEq, "="},
    {ConditionOp::kLt, "<"},
    {ConditionOp::kGt, ">"}};

// Who keeps an aggregate: `maintain:`.
inline constexpr EnumName<Maintainer> kMaintainerNames[] = {
    {Maintainer::kStream, "stream"},
    {Maintainer::kTransaction, "transaction"},
    {Maintainer::kRead, "read"}};

}  // namespace model
