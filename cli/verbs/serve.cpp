#include "cli/verbs/serve.h"

#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <csignal>
#include <memory>
#include <mutex>
#include <random>
#include <thread>

#include "cli/app.h"
#include "cli/driver.h"
#include "cli/http_server.h"
#include "codegen/export/table_spec.h"
#include "model/check/check.h"
#include "model/exec/items.h"
#include "model/sim/engine/database.h"
#include "model/sim/wire/wire.h"

namespace model::cli {

namespace {

// DynamoDB bounds a request at 16 MB (BatchWriteItem: "The total request size exceeds 16 MB",
// https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_BatchWriteItem.html ;
// https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/ServiceQuotas.html). The
// bound here is on the body after chunked transfer and gzip/deflate decoding, with 1 MB of room
// for JSON framing. AWS does not document the status of a larger HTTP body; like most HTTP
// front ends the server answers 413.
constexpr std::size_t kMaxRequestBytes = 17 * 1024 * 1024;

// How often expired Time to Live items are deleted (DynamoDB's own sweep is a background job that
// deletes them within days; a short period keeps local tests quick).
constexpr auto kTtlSweepPeriod = std::chrono::seconds(1);

// Where the signal handlers and RequestStop ask the running server to stop: its wake pipe (a
// write(2) is async-signal-safe), or -1 when no server runs; g_stop_early records a request that
// came before the server was listening.
std::atomic<int> g_wake_fd{-1};
std::atomic<bool> g_stop_early{false};

extern "C" void OnSignal(int) {
  const int fd = g_wake_fd.load();
  if (fd < 0) {
    g_stop_early.store(true);
    return;
  }
  const char byte = 'S';
  [[maybe_unused]] const ssize_t n = write(fd, &byte, 1);
}

// SIGINT and SIGTERM wake the server (through OnSignal) while it lives; the previous handlers
// come back when this goes away.
class SignalScope {
 public:
  SignalScope() = default;
  SignalScope(const SignalScope&) = delete;
  SignalScope& operator=(const SignalScope&) = delete;
  ~SignalScope() {
    if (!caught_) return;
    std::signal(SIGINT, previous_int_);
    std::signal(SIGTERM, previous_term_);
    g_wake_fd.store(-1);
  }
  void Catch(int wake_fd) {
    previous_int_ = std::signal(SIGINT, OnSignal);
    previous_term_ = std::signal(SIGTERM, OnSignal);
    g_wake_fd.store(wake_fd);
    caught_ = true;
  }

 private:
  bool caught_ = false;
  void (*previous_int_)(int) = SIG_DFL;
  void (*previous_term_)(int) = SIG_DFL;
};

std::uint64_t Mix(std::uint64_t x) {  // splitmix64's finalizer: a bijection on 64 bits
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

// x-amzn-RequestId values shaped like DynamoDB's (52 characters of A-Z and 2-7), distinct for
// every response of the process (the first 13 characters encode a bijection of a counter) and,
// through a random seed, from other processes'.
class RequestIds {
 public:
  RequestIds() {
    std::random_device random;
    seed_ =
        (static_cast<std::uint64_t>(random()) << 32) ^ random() ^
        static_cast<std::uint64_t>(std::chrono::steady_clock::now().time_since_epoch().count()) ^
        (static_cast<std::uint64_t>(::getpid()) << 17);
  }
  std::string Next() {
    constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    const std::uint64_t n = counter_.fetch_add(1);
    std::uint64_t word = Mix(seed_ + n * 0x9e3779b97f4a7c15ULL);
    std::string id;
    for (int part = 0; part < 4; ++part) {
      std::uint64_t bits = word;
      for (int i = 0; i < 13; ++i, bits >>= 5) id += kAlphabet[bits & 31];
      word = Mix(word ^ seed_);
    }
    return id;
  }

 private:
  std::uint64_t seed_ = 0;
  std::atomic<std::uint64_t> counter_{0};
};

int CannotListen(const ServeOptions& options, const std::string& reason, std::ostream& err) {
  err << fmt::format("model serve: cannot listen on {}:{}: {}\n", options.host, options.port,
                     reason);
  return kExitIo;
}

// Whether an existing table has the shape `wanted` asks for: key schema, global secondary
// indexes (names, keys, projection types) and whether it has a stream.
bool SameShape(const sim::TableDescription& have, const sim::CreateTableRequest& wanted) {
  auto same_keys = [](const std::vector<sim::KeySchemaElement>& a,
                      const std::vector<sim::KeySchemaElement>& b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i) {
      if (a[i].attribute_name != b[i].attribute_name || a[i].key_type != b[i].key_type)
        return false;
    }
    return true;
  };
  if (!same_keys(have.key_schema, wanted.key_schema)) return false;
  if (have.global_secondary_indexes.size() != wanted.global_secondary_indexes.size()) return false;
  for (std::size_t i = 0; i < have.global_secondary_indexes.size(); ++i) {
    const sim::IndexDescription& h = have.global_secondary_indexes[i];
    const sim::SecondaryIndex& w = wanted.global_secondary_indexes[i];
    if (h.index_name != w.index_name || !same_keys(h.key_schema, w.key_schema) ||
        h.projection.projection_type != w.projection.projection_type)
      return false;
  }
  const bool have_stream = have.stream_specification && have.stream_specification->stream_enabled;
  return have_stream == wanted.stream_specification.has_value();
}

// Creates (and loads) the model's table in `db`, or checks the one already there; prints what
// it did unless quiet. kExitOk, or the exit code after printing the error.
int PrepareModelTable(const ServeOptions& options, Compilation& compilation, sim::Database& db,
                      std::ostream& err) {
  const KeyLayout* layout = compilation.Derive();
  const Model& model = *compilation.Load();
  sim::CreateTableRequest request = exec::CreateTableRequest(*layout);
  if (model.table.streams) {  // as the exports declare it (codegen/export/table_spec.h)
    request.stream_specification =
        sim::StreamSpecification{true, *sim::StreamViewTypeFromName(codegen::kStreamViewType)};
  }
  const std::string where = options.db.empty() ? "memory" : "'" + options.db + "'";
  auto existing = db.DescribeTable(request.table_name);
  if (existing.ok()) {
    if (!SameShape(*existing, request)) {
      err << fmt::format(
          "model serve: error: {} already holds a table '{}' whose keys or indexes differ from "
          "what {} derives; delete the table or use another --db\n",
          where, request.table_name, compilation.name());
      return kExitModelError;
    }
    if (options.load > 0) {
      err << fmt::format(
          "model serve: error: {} already holds table '{}' ({} items); --load fills only a new "
          "table: leave out --load to serve it as it is\n",
          where, request.table_name, existing->item_count);
      return kExitUsage;
    }
    if (!options.quiet) {
      err << fmt::format("model serve: serving table '{}' as it is in {} ({} items)\n",
                         request.table_name, where, existing->item_count);
    }
    return kExitOk;
  }
  auto created = db.CreateTable(request);
  if (!created.ok()) {
    err << fmt::format("model serve: error: cannot create table '{}': {}: {}\n", request.table_name,
                       created.error().name, created.error().message);
    return kExitIo;
  }
  if (!layout->ttl_attribute.empty()) {  // as the exports enable it (docs/outputs.md)
    auto ttl = db.UpdateTimeToLive(request.table_name,
                                   sim::TimeToLiveSpecification{layout->ttl_attribute, true});
    if (!ttl.ok()) {
      err << fmt::format("model serve: error: cannot enable Time to Live on '{}': {}: {}\n",
                         request.table_name, ttl.error().name, ttl.error().message);
      return kExitIo;
    }
  }
  std::int64_t items = 0;
  std::int64_t expired = 0;
  if (options.load > 0) {
    check::CheckOptions synthetic;
    synthetic.items = options.load;
    synthetic.seed = options.seed;
    auto loaded = check::LoadSyntheticItems(model, *layout, synthetic, db);
    if (!loaded.ok()) {
      err << fmt::format("model serve: error: cannot load table '{}': {}: {}\n", request.table_name,
                         loaded.error().name, loaded.error().message);
      return kExitIo;
    }
    items = *loaded;
    // Synthetic Time to Live values lie around model check's clock, so some are already past on
    // this one: deleted now, as the sweep would within a second, and said, so the count told is
    // what the table holds (with their stream records, as DynamoDB writes them).
    if (!layout->ttl_attribute.empty()) {
      auto swept = db.ExpireItems();
      if (!swept.ok()) {
        err << fmt::format("model serve: error: cannot expire items of table '{}': {}: {}\n",
                           request.table_name, swept.error().name, swept.error().message);
        return kExitIo;
      }
      expired = *swept;
    }
  }
  if (!options.quiet) {
    err << fmt::format(
        "model serve: created table '{}' from {} ({} global secondary index{}{}); "
        "{} items loaded{}\n",
        request.table_name, compilation.name(), request.global_secondary_indexes.size(),
        request.global_secondary_indexes.size() == 1 ? "" : "es",
        request.stream_specification ? ", stream" : "", items,
        expired > 0 ? fmt::format(", {} of them already expired by Time to Live and deleted, {} "
                                  "left",
                                  expired, items - expired)
                    : std::string());
  }
  return kExitOk;
}

}  // namespace

void RequestStop() { OnSignal(0); }

int Serve(const ServeOptions& options, std::ostream& out, std::ostream& err) {
  std::unique_ptr<Compilation> compilation;
  if (!options.model_file.empty()) {  // a model with errors exits before anything is opened
    compilation = std::make_unique<Compilation>(options.model_file, err);
    if (!compilation->Derive()) return compilation->exit_code();
  }
  // Connections (cli/http_server.h): up to 1000 open at once, however many are idle;
  // libmicrohttpd reads HTTP on one epoll loop, and 2 to 8 workers read the JSON and render
  // answers in parallel while the engine runs one operation at a time. Idle keep-alive
  // connections close after 60 s (SDKs reopen them as needed). The port is taken before the
  // database is touched, so a port in use changes nothing in a --db file.
  HttpServerOptions http;
  http.max_body_bytes = kMaxRequestBytes;
  http.workers = static_cast<int>(std::clamp(std::thread::hardware_concurrency(), 2u, 8u));
  std::string reason;
  auto server = HttpServer::Bind(options.host, options.port, http, &reason);
  if (!server) return CannotListen(options, reason, err);

  // Declared after the server and before the database: the handlers stay until the database is
  // closed (a second SIGTERM while it closes does not cut the exit short), and are gone before
  // the server's wake pipe is.
  SignalScope signals;
  sim::DatabaseOptions db_options;
  db_options.path = options.db;
  auto db = sim::Database::Open(db_options);
  if (!db.ok()) {
    err << fmt::format("model: error: cannot open the database '{}': {}\n", options.db,
                       db.error().message);
    return kExitIo;
  }
  if (compilation) {
    const int code = PrepareModelTable(options, *compilation, *db.value(), err);
    if (code != kExitOk) return code;
  }
  std::mutex engine;  // the Database is not thread-safe; the adapter holds this around it
  sim::WireAdapter adapter(*db.value(), &engine);
  RequestIds request_ids;
  auto handle = [&](const HttpRequest& request) {
    HttpResponse response;
    if (request.path != "/") {
      response.status = 404;
      response.body = "model serve: not found; POST DynamoDB requests to /\n";
    } else if (request.method == "POST") {
      sim::WireResponse answer = adapter.Handle(request.Header("x-amz-target"), request.body);
      response.status = answer.status;
      response.content_type = "application/x-amz-json-1.0";
      response.body = std::move(answer.body);
      // As DynamoDB answers (its response example shows both headers:
      // https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Programming.LowLevelAPI.html):
      // a request id per response, and the body's CRC-32, which SDKs verify when present.
      response.headers.emplace_back("x-amzn-RequestId", request_ids.Next());
      response.headers.emplace_back("x-amz-crc32", std::to_string(Crc32(response.body)));
    } else if (request.method == "GET" || request.method == "HEAD") {
      response.body =
          "model serve: a DynamoDB-compatible endpoint; POST DynamoDB JSON 1.0 requests here\n";
    } else {
      response.status = 405;
      response.headers.emplace_back("Allow", "GET, HEAD, POST");
      response.body = "model serve: POST DynamoDB requests to /\n";
    }
    return response;
  };

  g_stop_early.store(false);
  signals.Catch(server->wake_fd());
  if (g_stop_early.load()) server->Stop();
  // The Time to Live sweep, under the engine's lock like any request, until the server stops.
  std::atomic<bool> stopped{false};
  std::thread sweeper([&db, &engine, &err, &stopped] {
    constexpr auto kPoll = std::chrono::milliseconds(50);
    auto next = std::chrono::steady_clock::now() + kTtlSweepPeriod;
    bool reported = false;
    while (!stopped.load()) {
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
  out << fmt::format("listening on http://{}:{}\n", options.host, server->port()) << std::flush;
  server->Run(handle);
  stopped.store(true);
  sweeper.join();
  return kExitOk;
}

}  // namespace model::cli
