// `model check FILE`: derive the layout and prove every pattern against the simulated table.
#pragma once

#include <cstdint>
#include <ostream>
#include <string>

namespace model::cli {

struct CheckOptions {
  std::string file;
  std::string format = "text";  // text | json | junit | sarif
  std::int64_t items = 2000;
  std::uint64_t seed = 1;
  std::string pattern;  // only this pattern
  bool strict = false;  // warnings fail too
  // Against a DynamoDB-compatible endpoint instead of the embedded table (check_endpoint.h).
  std::string endpoint;
  std::string table_prefix = "model-check-";
  bool keep_table = false;
  bool yes = false;    // proceed on a paid (AWS) endpoint without asking
  std::string output;  // write the report here (default: standard output)
  bool quiet = false;  // no progress on the terminal, no "loaded as N items" line in the report
};

// Exit 0 when every pattern passes, 1 when one fails or the model has errors (or anything
// warns, with strict), 2 for usage errors (an unknown pattern, an incomplete AWS configuration),
// 3 when the model cannot be read or the table (simulated or at the endpoint) cannot be set up
// or answers with an error. With the model's errors, the JSON, JUnit and SARIF reports still
// show them (codegen/report/check_report.h); the text report is then empty.
int Check(const CheckOptions& options, std::ostream& out, std::ostream& err);

}  // namespace model::cli
