// `model design FILE [--format text|json] [--compare OTHER]`: the entity chart and access-pattern
// chart, or the layout as JSON (docs/key-design.md documents the JSON); with --compare, both
// models' layouts priced pattern by pattern side by side (codegen/report/design_compare.h).
#pragma once

#include <ostream>
#include <string>

namespace model::cli {

struct DesignOptions {
  std::string file;
  std::string format = "text";  // text | json
  std::string output;           // -o: write here instead of standard output
  std::string compare;          // --compare: the other model ("" = none)
};

// Exit 0 when the layout was derived, 1 when the model or the derivation has errors, 3 when
// the file is unreadable. With --compare the same for both files, in order (the first file's
// diagnostics first, the second not read when the first fails); 1 as well, with E604, when the
// second model declares none of the first's access and write patterns.
int Design(const DesignOptions& options, std::ostream& out, std::ostream& err);

}  // namespace model::cli
