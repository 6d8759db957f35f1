// `model serve`: a DynamoDB-compatible HTTP endpoint over the simulated table.
//
// POST / with `X-Amz-Target: DynamoDB_20120810.<Op>` and a JSON 1.0 body, as the AWS CLI and
// SDKs send it (any credentials and signature accepted). Binds 127.0.0.1 unless --host says
// otherwise; port 0 picks a free port. Prints "listening on http://HOST:PORT" when ready. Stops
// cleanly on SIGINT/SIGTERM (or RequestStop): in-flight requests finish, idle connections close,
// a file database is closed with every committed write on disk. Connection handling and limits:
// cli/http_server.h.
//
// With a model file, the model is compiled first (its diagnostics printed; errors: exit 1,
// nothing served) and the endpoint starts with the model's table created (key schema, global
// secondary indexes, a stream when the model's table has `streams: true`), and with `load` set,
// loaded with the synthetic data `model check --items N --seed S` starts from. When the database
// (--db) already holds a table of that name with the same key schema and indexes, it is served
// as it is (and a nonzero `load` is a usage error, exit 2: nothing is loaded twice); with a
// different shape it is an error (exit 1).
#pragma once

#include <cstdint>
#include <ostream>
#include <string>

namespace model::cli {

struct ServeOptions {
  std::string host = "127.0.0.1";
  int port = 8000;
  std::string db;          // empty: in memory
  std::string model_file;  // empty: no table until a client creates one
  std::int64_t load = 0;   // synthetic records to load into it (0: none)
  std::uint64_t seed = 1;  // of the synthetic data
  bool quiet = false;      // no status line about the model's table
};

int Serve(const ServeOptions& options, std::ostream& out, std::ostream& err);

// Asks a running Serve to stop (what the signal handlers do); safe from any thread.
void RequestStop();

}  // namespace model::cli
