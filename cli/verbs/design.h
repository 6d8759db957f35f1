// `model design FILE [--format text|json]`: the entity chart and access-pattern chart, or the
// layout as JSON (docs/key-design.md documents the JSON).
#pragma once

#include <ostream>
#include <string>

namespace model::cli {

struct DesignOptions {
  std::string file;
  std::string format = "text";  // text | json
  std::string output;           // -o: write here instead of standard output
};

// Exit 0 when the layout was derived, 1 when the model or the derivation has errors, 3 when
// the file is unreadable.
int Design(const DesignOptions& options, std::ostream& out, std::ostream& err);

}  // namespace model::cli
