// The names a read's range bounds go by: in its arguments (model/exec Arguments), its key
// condition ("GSI1SK between {from} and {to}", model/derive), its checks and its generated
// accessor's Params struct. They are "from" and "to" for a between and "value" for any other
// range operator, unless a parameter of the pattern has the name: then '_' follows it until it
// is free (`by: [value]` with a range gives the bound "value_"), so a parameter and a bound
// never share an argument.
#pragma once

#include <string>
#include <vector>

#include "model/model.h"

namespace model {

// The bound names of `p`, in order: {from, to} for a between, {value} for any other range
// operator, none without a range. A name one of `p`'s parameters has (by its attribute,
// AccessPattern::params, or its caller's name, AccessPattern::param_names) takes '_' after it
// while taken.
std::vector<std::string> RangeBoundNames(const AccessPattern& p);

}  // namespace model
