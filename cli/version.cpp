#include "cli/version.h"

#ifndef MODEL_COMMIT
#define MODEL_COMMIT "unknown"
#endif

namespace model::cli {

std::string_view Commit() { return MODEL_COMMIT; }

}  // namespace model::cli
