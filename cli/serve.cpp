#include "cli/serve.h"

#include <httplib.h>

#include <csignal>
#include <fmt/format.h>

#include <atomic>
#include <mutex>
#include <thread>

#include "cli/app.h"
#include "model/sim/engine/database.h"
#include "model/sim/wire/wire.h"

namespace model::cli {

namespace {

// DynamoDB's request limit is 16 MB; leave room for JSON framing.
constexpr std::size_t kMaxRequestBytes = 17 * 1024 * 1024;

std::atomic<httplib::Server*> g_server{nullptr};
std::atomic<bool> g_stop{false};

extern "C" void OnSignal(int) { g_stop.store(true); }

}  // namespace

void RequestStop() { g_stop.store(true); }

int Serve(const ServeOptions& options, std::ostream& out, std::ostream& err) {
  sim::DatabaseOptions db_options;
  db_options.path = options.db;
  auto db = sim::Database::Open(db_options);
  if (!db.ok()) {
    err << fmt::format("model: error: cannot open the database '{}': {}\n", options.db, db.error().message);
    return kExitIo;
  }
  std::mutex engine;  // the Database is not thread-safe; the adapter holds this around it
  sim::WireAdapter adapter(*db.value(), &engine);
  httplib::Server server;
  server.set_payload_max_length(kMaxRequestBytes);
  // Answers go out at once: without TCP_NODELAY, Nagle's algorithm and the client's delayed
  // ACK hold each keep-alive response back by tens of milliseconds.
  server.set_tcp_nodelay(true);
  // Clients (SDKs) keep their connections: serve many requests on each, as DynamoDB does
  // (cpp-httplib closes a connection after 5 requests by default).
  server.set_keep_alive_max_count(1000000);
  server.set_keep_alive_timeout(60);
  server.Post("/", [&](const httplib::Request& req, httplib::Response& res) {
    sim::WireResponse answer = adapter.Handle(req.get_header_value("X-Amz-Target"), req.body);
    res.status = answer.status;
    res.set_header("x-amzn-RequestId", "model-serve");
    res.set_content(answer.body, "application/x-amz-json-1.0");
  });
  server.Get("/", [](const httplib::Request&, httplib::Response& res) {
    res.set_content("model serve: a DynamoDB-compatible endpoint; POST DynamoDB JSON 1.0 requests here\n", "text/plain");
  });
  int port = options.port;
  if (port == 0) {
    port = server.bind_to_any_port(options.host);
  } else if (!server.bind_to_port(options.host, port)) {
    port = -1;
  }
  if (port < 0) {
    err << fmt::format("model: error: cannot listen on {}:{}\n", options.host, options.port);
    return kExitIo;
  }
  g_stop.store(false);
  g_server.store(&server);
  auto previous_int = std::signal(SIGINT, OnSignal);
  auto previous_term = std::signal(SIGTERM, OnSignal);
  std::thread watcher([&server] {
    while (!g_stop.load()) std::this_thread::sleep_for(std::chrono::milliseconds(50));
    server.stop();
  });
  out << fmt::format("listening on http://{}:{}\n", options.host, port) << std::flush;
  bool ok = server.listen_after_bind();
  g_stop.store(true);
  watcher.join();
  std::signal(SIGINT, previous_int);
  std::signal(SIGTERM, previous_term);
  g_server.store(nullptr);
  (void)ok;
  return kExitOk;
}

}  // namespace model::cli
