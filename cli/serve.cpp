#include "cli/serve.h"

#include <fmt/format.h>
#include <httplib.h>
#include <netdb.h>
#include <sys/socket.h>

#include <atomic>
#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstring>
#include <mutex>
#include <thread>

#include "cli/app.h"
#include "model/sim/engine/database.h"
#include "model/sim/wire/wire.h"

namespace model::cli {

namespace {

// DynamoDB's request limit is 16 MB; leave room for JSON framing.
constexpr std::size_t kMaxRequestBytes = 17 * 1024 * 1024;

// How often expired Time to Live items are deleted (DynamoDB's own sweep is a background job that
// deletes them within days; a short period keeps local tests quick).
constexpr auto kTtlSweepPeriod = std::chrono::seconds(1);

// Set by the signal handlers and RequestStop, which can reach nothing else.
std::atomic<bool> g_stop{false};

extern "C" void OnSignal(int) { g_stop.store(true); }

// SO_REUSEADDR (a restart may bind while old connections linger in TIME_WAIT) but not
// cpp-httplib's default SO_REUSEPORT, with which a second server would share a port already in
// use instead of failing.
void ExclusivePortOptions(socket_t sock) {
  int yes = 1;
  setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof(yes));
}

// Why binding to `host` failed: the resolver's answer when the host does not resolve, else the
// bind's errno.
std::string BindFailureReason(const std::string& host, int bind_errno) {
  addrinfo hints{};
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_flags = AI_PASSIVE;
  addrinfo* found = nullptr;
  const int resolved = getaddrinfo(host.c_str(), nullptr, &hints, &found);
  if (resolved != 0) return gai_strerror(resolved);
  freeaddrinfo(found);
  return bind_errno != 0 ? std::strerror(bind_errno) : "unknown error";
}

int CannotListen(const ServeOptions& options, const std::string& reason, std::ostream& err) {
  err << fmt::format("model serve: cannot listen on {}:{}: {}\n", options.host, options.port,
                     reason);
  return kExitIo;
}

}  // namespace

void RequestStop() { g_stop.store(true); }

int Serve(const ServeOptions& options, std::ostream& out, std::ostream& err) {
  sim::DatabaseOptions db_options;
  db_options.path = options.db;
  auto db = sim::Database::Open(db_options);
  if (!db.ok()) {
    err << fmt::format("model: error: cannot open the database '{}': {}\n", options.db,
                       db.error().message);
    return kExitIo;
  }
  std::mutex engine;  // the Database is not thread-safe; the adapter holds this around it
  sim::WireAdapter adapter(*db.value(), &engine);
  httplib::Server server;
  server.set_socket_options(ExclusivePortOptions);
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
    res.set_content(
        "model serve: a DynamoDB-compatible endpoint; POST DynamoDB JSON 1.0 requests here\n",
        "text/plain");
  });
  errno = 0;
  int port = options.port;
  if (port == 0) {
    port = server.bind_to_any_port(options.host);
  } else if (!server.bind_to_port(options.host, port)) {
    port = -1;
  }
  if (port < 0) return CannotListen(options, BindFailureReason(options.host, errno), err);
  g_stop.store(false);
  auto previous_int = std::signal(SIGINT, OnSignal);
  auto previous_term = std::signal(SIGTERM, OnSignal);
  std::atomic<bool> served_all{false};
  std::thread watcher([&server, &served_all] {
    constexpr auto kPoll = std::chrono::milliseconds(50);
    while (!g_stop.load()) std::this_thread::sleep_for(kPoll);
    // stop() does nothing until listen_after_bind has started: a signal that comes before it
    // waits for it.
    while (!server.is_running() && !served_all.load()) std::this_thread::sleep_for(kPoll);
    server.stop();
  });
  // The Time to Live sweep, under the engine's lock like any request.
  std::thread sweeper([&db, &engine, &err] {
    constexpr auto kPoll = std::chrono::milliseconds(50);
    auto next = std::chrono::steady_clock::now() + kTtlSweepPeriod;
    bool reported = false;
    while (!g_stop.load()) {
      std::this_thread::sleep_for(kPoll);
      if (std::chrono::steady_clock::now() < next) continue;
      next = std::chrono::steady_clock::now() + kTtlSweepPeriod;
      std::lock_guard<std::mutex> guard(engine);
      sim::SimResult<std::int64_t> swept = db.value()->ExpireItems();
      if (!swept.ok() && !reported) {
        err << fmt::format("model serve: the Time to Live sweep failed: {}\n",
                           swept.error().message)
            << std::flush;
        reported = true;
      }
    }
  });
  out << fmt::format("listening on http://{}:{}\n", options.host, port) << std::flush;
  const bool served = server.listen_after_bind();
  const int listen_errno = errno;
  served_all.store(true);
  g_stop.store(true);
  watcher.join();
  sweeper.join();
  std::signal(SIGINT, previous_int);
  std::signal(SIGTERM, previous_term);
  if (!served) return CannotListen(options, std::strerror(listen_errno), err);
  return kExitOk;
}

}  // namespace model::cli
