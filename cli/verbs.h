// The verbs that run the design pipeline: design and explain.
#pragma once

#include <ostream>
#include <string>

namespace model::cli {

struct DesignOptions {
  std::string file;
  std::string format = "text";  // text | json
};

struct ExplainOptions {
  std::string file;
  std::string pattern;  // empty: explain everything
};

// model design FILE [--format text|json]: the entity chart and access-pattern chart, or the
// layout as JSON (docs/key-design.md documents the JSON).
int Design(const DesignOptions& options, std::ostream& out, std::ostream& err);

// model explain FILE [PATTERN]: the reasons behind each decision.
int Explain(const ExplainOptions& options, std::ostream& out, std::ostream& err);

}  // namespace model::cli
