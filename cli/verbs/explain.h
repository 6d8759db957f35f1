// `model explain FILE [PATTERN]`: the reasons behind each decision of the derived layout, for
// every pattern or just one access or write pattern.
#pragma once

#include <ostream>
#include <string>

namespace model::cli {

struct ExplainOptions {
  std::string file;
  std::string pattern;  // empty: explain everything
  std::string output;   // -o: write here instead of standard output
};

// Exit 0 when explained, 1 when the model or the derivation has errors, 2 when PATTERN is not
// a pattern of the model (with "did you mean"), 3 when the file is unreadable.
int Explain(const ExplainOptions& options, std::ostream& out, std::ostream& err);

}  // namespace model::cli
