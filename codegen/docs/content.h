// Builds the documentation Page (page.h) from the IR: the sections in the order docs.h lists.
#pragma once

#include "codegen/docs/docs.h"
#include "codegen/docs/page.h"

namespace model::codegen::docs {

Page BuildPage(const DocsInput& input);

// Figures as shown: "—" for none, up to two decimals without trailing zeros ("0.5", "13").
std::string Figure(const std::optional<double>& value);
// "$0.16", "< $0.01", "$1,234" (on-demand, per month).
std::string Dollars(const std::optional<double>& value);

}  // namespace model::codegen::docs
