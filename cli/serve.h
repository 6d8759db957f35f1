// `model serve`: a DynamoDB-compatible HTTP endpoint over the simulated table.
//
// POST / with `X-Amz-Target: DynamoDB_20120810.<Op>` and a JSON 1.0 body, as the AWS CLI and
// SDKs send it (any credentials and signature accepted). Binds 127.0.0.1 unless --host says
// otherwise; port 0 picks a free port. Prints "listening on http://HOST:PORT" when ready. Stops
// cleanly on SIGINT/SIGTERM (or RequestStop): in-flight requests finish, a file database is
// closed with every committed write on disk.
#pragma once

#include <ostream>
#include <string>

namespace model::cli {

struct ServeOptions {
  std::string host = "127.0.0.1";
  int port = 8000;
  std::string db;  // empty: in memory
};

int Serve(const ServeOptions& options, std::ostream& out, std::ostream& err);

// Asks a running Serve to stop (what the signal handlers do); safe from any thread.
void RequestStop();

}  // namespace model::cli
