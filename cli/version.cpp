#include "cli/version.h"

// Defines MODEL_COMMIT; written at build time by cmake/model_commit.cmake.
#include "model_commit.h"

namespace model::cli {

std::string_view Commit() { return MODEL_COMMIT; }

}  // namespace model::cli
