// `model check --endpoint URL`: the check against a DynamoDB-compatible endpoint (DynamoDB
// Local, `model serve`, real DynamoDB) through sim::HttpDataPlane.
//
// EndpointTable resolves the AWS configuration (credentials, region; model/sim/http/
// aws_config.h), names a table no one has (PREFIX + the layout's table name + a time-and-process
// suffix), refuses a name that already exists, and, before writing to an AWS endpoint (a host
// in amazonaws.com), prints what the run should cost and asks (stdin a terminal) or requires
// --yes. The layout it hands to RunCheck is the model's with the unique table name. Its
// destructor deletes the table unless --keep-table (then it says the table's name).
#pragma once

#include <memory>
#include <optional>
#include <ostream>
#include <string>

#include "cli/verbs/check.h"
#include "model/layout.h"
#include "model/sim/http/http_data_plane.h"

namespace model::cli {

class EndpointTable {
 public:
  // Empty, with the exit code in *exit_code and the reason on `err`, when the configuration is
  // incomplete, the table exists or the user declines.
  static std::unique_ptr<EndpointTable> Open(const CheckOptions& options, const KeyLayout& layout,
                                             std::ostream& err, int* exit_code);
  EndpointTable(const EndpointTable&) = delete;
  EndpointTable& operator=(const EndpointTable&) = delete;
  ~EndpointTable();

  const KeyLayout& layout() const { return layout_; }
  sim::DataPlane& plane() { return *plane_; }

 private:
  EndpointTable(std::unique_ptr<sim::HttpDataPlane> plane, KeyLayout layout, bool keep,
                std::ostream& err)
      : plane_(std::move(plane)), layout_(std::move(layout)), keep_(keep), err_(err) {}
  std::unique_ptr<sim::HttpDataPlane> plane_;
  KeyLayout layout_;
  bool keep_;
  std::ostream& err_;
};

}  // namespace model::cli
