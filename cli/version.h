// The version of `model`: the release number, and the commit the binary was built from.
//
// The commit is taken from git at every build (`git describe --always --dirty`, see
// cmake/model_commit.cmake), so it follows commits made after configuring; it is "unknown" when
// the sources are not a git checkout or git is missing; the build never needs git.
#pragma once

#include <string_view>

namespace model::cli {

inline constexpr std::string_view kVersion = "0.1.0";

// The commit, e.g. "2e6f81c" or "2e6f81c-dirty"; "unknown" without git.
std::string_view Commit();

}  // namespace model::cli
