// The HTTP/1.1 server of `model serve`: GNU libmicrohttpd (MHD) parses HTTP and owns the
// connections; this adapter bounds and decodes request bodies, hands complete requests to a
// fixed pool of worker threads, and runs the shutdown `model serve` needs.
//
// Why a library: HTTP framing (request lines, headers, chunked bodies and trailers, pipelining,
// 100-continue, keep-alive, timeouts) is not what this project exists for, and MHD is a
// well-kept, widely fuzzed implementation of it in Debian. Why MHD and not cpp-httplib's
// server: cpp-httplib gives each connection a thread for as long as the connection lives (idle
// keep-alive connections, which every SDK keeps, occupy the pool and a new client waits), checks
// for shutdown only when a keep-alive wait ends, and reads a chunked or compressed body whole
// before any size check. MHD runs here in one epoll loop (Run's thread): a connection costs a
// descriptor and its memory pool until a complete request has arrived; only then is it
// suspended and handed to a worker, so idle clients never hold a thread.
//
// Contract:
// - Bind() resolves `host`, binds `port` (0: any free port) with SO_REUSEADDR (not SO_REUSEPORT:
//   a port already in use is an error) and listens. Run() serves until Stop(); Stop() may be
//   called from any thread (a signal handler writes to wake_fd() instead).
// - Requests: HTTP/1.0 and 1.1 as MHD reads them (Content-Length or chunked bodies, trailers,
//   Expect: 100-continue, pipelining); Content-Encoding gzip or deflate (zlib) decoded as the
//   body arrives (anything else but identity: 415; a corrupt or cut-short stream: 400). The body
//   as sent and the decoded body are bounded by max_body_bytes; a request over the bound is
//   answered 413 with `Connection: close`. At once, before any body byte is read (and before 100
//   Continue), when its Content-Length is over twice the bound or it expects 100-continue;
//   otherwise once the whole body has arrived, read and dropped (so a client that writes its
//   body before reading sees the answer), up to twice the bound as sent. Past that (only a
//   chunked body can get there) the connection is closed without an answer: MHD can queue an
//   answer only before a body is read or after all of it. A head that does not fit
//   max_head_bytes (MHD's per-connection memory) is answered 431 by MHD. The 413, 415 and 400
//   refusals carry a JSON body of DynamoDB's error shape (application/x-amz-json-1.0):
//   {"__type": "com.amazon.coral.service#RequestEntityTooLargeException" (413),
//   "...#UnsupportedMediaTypeException" (415) or "...#SerializationException" (400, a corrupt
//   gzip or deflate body), "message": ...}.
// - Connections: at most max_connections (fewer when the open-files limit is low); when full,
//   the connection idle longest is shut down to make room for a new one (never one with a
//   request in progress). Connections close after idle_timeout without traffic.
// - Answers go out as soon as they are ready: MHD sets TCP_NODELAY (and TCP_CORK around headers
//   and body) itself, so a keep-alive answer never waits on Nagle's algorithm.
// - Shutdown (Stop): the listening socket closes, idle connections close at once, requests in
//   flight finish and are answered with `Connection: close`; after shutdown_grace whatever is
//   left is closed. Run() returns when every worker is done.
#pragma once

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
  std::string path;                                          // the target up to '?', decoded
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
  std::chrono::seconds idle_timeout{60};
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

  int port() const;
  // The descriptor Stop() writes to: a signal handler may write one byte to it to stop Run().
  int wake_fd() const;
  // Serves until Stop(), then shuts down as the header says. Call once. Connections that arrive
  // between Bind and Run wait in the listen backlog. `handler` runs on the worker threads,
  // several at a time: it must be thread-safe.
  void Run(const HttpHandler& handler);
  void Stop();

 private:
  struct State;  // MHD's daemon and everything its callbacks share (http_server.cpp)
  explicit HttpServer(std::unique_ptr<State> state);
  std::unique_ptr<State> state_;
};

}  // namespace model::cli
