// Write conditions as the model writes them (docs/model-format.md, `condition`), for the texts a
// user reads beside their model: generated comments and the generated code's errors. The plans'
// own rendering (`attribute_not_exists(x)`, WriteCondition::Text) is DynamoDB's, not the model's.
#pragma once

#include <string>

#include "model/model.h"

namespace model {

// One clause as a `condition:` map writes it: `booked: "< 50"`, `authorId: "= :caller"`,
// `closedAt: not_exists`. The comparison is a YAML double-quoted scalar (`\` and `"` escaped,
// control characters as escapes).
std::string ConditionSourceText(const WriteCondition& cond);

// A write pattern's conditions, each group named by whose it is: its own `condition { score:
// "< :cap", role: "= GUEST" }`, an `also` entry's `Game's condition { phase: "= LOBBY" }`,
// joined by " and "; "" without any. `*groups` (when not null) is set to the number of groups.
std::string WriteConditionsText(const Model& model, const WritePattern& w, int* groups = nullptr);

}  // namespace model
