// The request enums' DynamoDB names (ReturnValues, Select), declared in item_ops.h and query.h:
// part of the API, so that whoever parses requests (the wire server, PartiQL) links them
// without the engine.
#include <optional>
#include <string_view>

#include "model/sim/api/item_ops.h"
#include "model/sim/api/query.h"

namespace sim {

const char* ReturnValuesName(ReturnValues v) {
  switch (v) {
    case ReturnValues::kNone:
      return "NONE";
    case ReturnValues::kAllOld:
      return "ALL_OLD";
    case ReturnValues::kUpdatedOld:
      return "UPDATED_OLD";
    case ReturnValues::kAllNew:
      return "ALL_NEW";
    case ReturnValues::kUpdatedNew:
      return "UPDATED_NEW";
  }
  return "NONE";
}

std::optional<ReturnValues> ReturnValuesFromName(std::string_view name) {
  for (ReturnValues v : {ReturnValues::kNone, ReturnValues::kAllOld, ReturnValues::kUpdatedOld,
                         ReturnValues::kAllNew, ReturnValues::kUpdatedNew}) {
    if (name == ReturnValuesName(v)) return v;
  }
  return std::nullopt;
}

std::optional<Select> SelectFromName(std::string_view name) {
  if (name == "ALL_ATTRIBUTES") return Select::kAllAttributes;
  if (name == "ALL_PROJECTED_ATTRIBUTES") return Select::kAllProjectedAttributes;
  if (name == "SPECIFIC_ATTRIBUTES") return Select::kSpecificAttributes;
  if (name == "COUNT") return Select::kCount;
  return std::nullopt;
}

}  // namespace sim
