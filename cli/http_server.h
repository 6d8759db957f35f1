// A small HTTP/1.1 server for `model serve`: one poll() loop owns every connection, a fixed pool
// of worker threads runs the handler.
//
// Why not cpp-httplib's server: it gives each connection a worker thread for as long as the
// connection lives, so idle keep-alive connections (which every SDK keeps) occupy the pool and
// a new client waits for one to time out; it checks for shutdown only when a keep-alive wait
// ends; and it reads a chunked or compressed body whole before any size check. Here a
// connection costs a file descriptor and a buffer until a complete request has arrived; only
// then does a worker take it, so idle clients never hold a worker, and busy clients are served
// however many idle ones are open.
//
// Contract:
// - Bind() resolves `host`, binds `port` (0: any free port) with SO_REUSEADDR (not SO_REUSEPORT:
//   a port already in use is an error) and listens. Run() serves until Stop(); Stop() may be
//   called from any thread (a signal handler writes to wake_fd() instead).
// - Requests: HTTP/1.0 and 1.1, Content-Length or chunked bodies, Content-Encoding gzip or
//   deflate (zlib) decoded as they arrive. The decoded body is bounded by max_body_bytes and the
//   raw body too: a larger one is answered 413 as soon as the bound is passed (a Content-Length
//   over it at once, before any body byte is read), and the connection is closed after a short
//   drain, so a 1 GB body is never read. Heads over max_head_bytes get 431.
// - Connections: at most max_connections; when full, the connection idle longest is closed to
//   make room for a new one (never one with a request in progress). Idle keep-alive connections
//   close after idle_timeout; a request or response that makes no progress for io_timeout is
//   dropped.
// - Shutdown (Stop): the listening socket closes, idle connections close at once, requests in
//   flight finish and are answered with `Connection: close`; after shutdown_grace whatever is
//   left is closed. Run() returns when every worker is done.
#pragma once

#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace model::cli {

struct HttpRequest {
  std::string method;                                        // as sent, e.g. "POST"
  std::string target;                                        // as sent, e.g. "/?x=1"
  std::string path;                                          // the target up to '?'
  std::vector<std::pair<std::string, std::string>> headers;  // names in lower case, in order
  std::string body;                                          // decoded (chunks and encoding)
  // The first header of that name (case-insensitive), or "".
  std::string Header(const std::string& name) const;
};

struct HttpResponse {
  int status = 200;
  std::string content_type = "text/plain";
  std::vector<std::pair<std::string, std::string>> headers;  // besides the framing headers
  std::string body;
};

// CRC-32 (the zlib/IEEE 802.3 polynomial) of `bytes`, as DynamoDB's x-amz-crc32 header carries it.
std::uint32_t Crc32(std::string_view bytes);

using HttpHandler = std::function<HttpResponse(const HttpRequest&)>;

struct HttpServerOptions {
  std::size_t max_body_bytes = 16 * 1024 * 1024;
  std::size_t max_head_bytes = 64 * 1024;
  int max_connections = 1000;
  int workers = 4;
  std::chrono::milliseconds idle_timeout{60000};
  std::chrono::milliseconds io_timeout{20000};
  std::chrono::milliseconds shutdown_grace{2000};
};

class HttpServer {
 public:
  // Binds and listens. On failure returns nullptr and sets `*error` to the reason (the resolver's
  // message, or strerror of the failing call, e.g. "Address already in use").
  static std::unique_ptr<HttpServer> Bind(const std::string& host, int port,
                                          const HttpServerOptions& options, std::string* error);
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;
  ~HttpServer();

  int port() const { return port_; }
  // The descriptor Stop() writes to: a signal handler may write one byte to it to stop Run().
  int wake_fd() const { return wake_write_; }
  // Serves until Stop(), then shuts down as the header says. Call once. Connections that arrive
  // between Bind and Run wait in the listen backlog. `handler` runs on the worker threads,
  // several at a time: it must be thread-safe.
  void Run(const HttpHandler& handler);
  void Stop();

 private:
  struct State;
  HttpServer() = default;
  int listen_fd_ = -1;
  int port_ = 0;
  int wake_read_ = -1;
  int wake_write_ = -1;
  HttpServerOptions options_;
};

}  // namespace model::cli
