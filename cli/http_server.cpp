// `model serve`'s HTTP server on GNU libmicrohttpd (cli/http_server.h): MHD reads and writes
// HTTP in one epoll loop; this file bounds and inflates bodies, tracks connections for the
// eviction and shutdown rules, and runs the handler on a pool of workers. The only file that
// includes microhttpd.h.
#include "cli/http_server.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <microhttpd.h>
#include <netdb.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>
#include <zlib.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <condition_variable>
#include <cstdlib>
#include <cstring>
#include <deque>
#include <exception>
#include <list>
#include <mutex>
#include <thread>

namespace model::cli {

namespace {

using Clock = std::chrono::steady_clock;

// MHD's own connection bound is this much above max_connections, so a new connection is let in
// (and the connection idle longest closed for it) rather than left in the backlog.
constexpr int kAcceptSlack = 16;
// Descriptors kept spare below the open-files limit (the database, its journal, MHD's epoll and
// wake descriptors, standard streams).
constexpr rlim_t kSpareFiles = 64;
// What is written to the loop's wake pipe: any other byte (a signal handler's) also stops it.
constexpr char kWakeResumed = 'R';  // a worker finished and resumed its connection
constexpr char kWakeStop = 'S';     // Stop()

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& ch : out) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  return out;
}

// Inflates a gzip or zlib stream (RFC 1952 / 1950, told apart by their headers) piece by piece,
// appending to a body that may not grow past a bound.
class Inflater {
 public:
  enum class Result { kOk, kCorrupt, kTooLarge };
  Inflater() { ready_ = inflateInit2(&z_, 15 + 32) == Z_OK; }
  Inflater(const Inflater&) = delete;
  Inflater& operator=(const Inflater&) = delete;
  ~Inflater() {
    if (ready_) inflateEnd(&z_);
  }
  bool finished() const { return finished_; }

  Result Feed(std::string_view in, std::string& out, std::size_t limit) {
    if (!ready_) return Result::kCorrupt;
    if (finished_) return in.empty() ? Result::kOk : Result::kCorrupt;  // bytes after the end
    z_.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
    z_.avail_in = static_cast<uInt>(in.size());
    char buffer[1 << 16];
    while (true) {
      z_.next_out = reinterpret_cast<Bytef*>(buffer);
      z_.avail_out = sizeof(buffer);
      const int rc = inflate(&z_, Z_NO_FLUSH);
      const std::size_t produced = sizeof(buffer) - z_.avail_out;
      if (out.size() + produced > limit) return Result::kTooLarge;
      out.append(buffer, produced);
      if (rc == Z_STREAM_END) {
        finished_ = true;
        return z_.avail_in == 0 ? Result::kOk : Result::kCorrupt;
      }
      if (rc == Z_BUF_ERROR) return Result::kOk;  // needs more input
      if (rc != Z_OK) return Result::kCorrupt;
      if (z_.avail_in == 0 && z_.avail_out != 0) return Result::kOk;
    }
  }

 private:
  z_stream z_{};
  bool ready_ = false;
  bool finished_ = false;
};

// One connection as the adapter tracks it (MHD's socket context), in the loop thread only.
struct Peer {
  int fd = -1;
  bool busy = false;     // a request has begun (its head arrived) and is not complete
  bool closing = false;  // shut down by the adapter; MHD will notice and close it
  Clock::time_point idle_since = Clock::now();
  std::list<Peer>::iterator self;
};

// One request (MHD's request context), from its head until MHD reports it complete.
struct Exchange {
  HttpRequest request;
  std::unique_ptr<Inflater> inflater;
  std::size_t raw_bytes = 0;  // body bytes as sent (de-chunked, still encoded)
  int refusal = 0;            // 413 or 400 once the body is refused: the rest is read and dropped
  bool dispatched = false;    // handed to a worker (the connection is suspended until it is done)
  HttpResponse response;      // the worker's answer
};

// The answer to a body the server will not read, in DynamoDB's error shape ({"__type": ...,
// "message": ...} as application/x-amz-json-1.0) so that SDKs report it as a service error with
// a name rather than as an answer they cannot parse. A body that cannot be decoded is what
// DynamoDB's front end calls a com.amazon.coral.service#SerializationException (as captured by
// dynalite, https://github.com/mhart/dynalite/blob/master/index.js); DynamoDB answers an
// oversized body with a bare 413, and has no 415 (it reads no Content-Encoding), so those two
// carry names of the same family that say what happened. The status stays 413, 415 or 400.
HttpResponse Refusal(int status, const HttpServerOptions& options) {
  std::string type;
  std::string message;
  switch (status) {
    case 413:
      type = "RequestEntityTooLargeException";
      message = fmt::format("The request body is larger than {} bytes", options.max_body_bytes);
      break;
    case 415:
      type = "UnsupportedMediaTypeException";
      message = "Unsupported Content-Encoding: gzip, deflate and identity are accepted";
      break;
    default:
      type = "SerializationException";
      message = "The gzip or deflate request body is corrupt or cut short";
      break;
  }
  HttpResponse response;
  response.status = status;
  response.content_type = "application/x-amz-json-1.0";
  response.body = fmt::format(
      R"json({{"__type":"com.amazon.coral.service#{}","message":"{}"}})json", type, message);
  return response;
}

MHD_Result CollectHeader(void* cls, MHD_ValueKind, const char* key, const char* value) {
  static_cast<HttpRequest*>(cls)->headers.emplace_back(Lower(key), value ? value : "");
  return MHD_YES;
}

Peer* PeerOf(MHD_Connection* connection) {
  const MHD_ConnectionInfo* info =
      MHD_get_connection_info(connection, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
  return info ? static_cast<Peer*>(info->socket_context) : nullptr;
}

void ShutDown(Peer& peer) {
  if (peer.closing) return;
  peer.closing = true;
  shutdown(peer.fd, SHUT_RDWR);  // MHD sees the end of the stream and closes the descriptor
}

}  // namespace

struct HttpServer::State {
  HttpServerOptions options;
  int listen_fd = -1;
  int port = 0;
  int wake_read = -1;
  int wake_write = -1;
  MHD_Daemon* daemon = nullptr;
  const HttpHandler* handler = nullptr;

  // The loop thread's (MHD calls back on it).
  std::list<Peer> peers;
  int open = 0;  // peers not closing
  bool stopping = false;

  // The worker pool.
  std::mutex mutex;
  std::condition_variable work;
  std::deque<std::pair<MHD_Connection*, Exchange*>> jobs;
  bool no_more_jobs = false;

  ~State() {
    if (daemon != nullptr) MHD_stop_daemon(daemon);  // closes the listening socket too
    if (daemon == nullptr && listen_fd >= 0) close(listen_fd);
    if (wake_read >= 0) close(wake_read);
    if (wake_write >= 0) close(wake_write);
  }

  // Queues `response` on `connection`: MHD_YES, or MHD_NO when MHD refused it (it then closes).
  MHD_Result Answer(MHD_Connection* connection, const HttpResponse& response, bool close_after) {
    MHD_Response* answer = MHD_create_response_from_buffer(
        response.body.size(), const_cast<char*>(response.body.data()), MHD_RESPMEM_MUST_COPY);
    if (answer == nullptr) return MHD_NO;
    MHD_add_response_header(answer, "Content-Type", response.content_type.c_str());
    for (const auto& [name, value] : response.headers)
      MHD_add_response_header(answer, name.c_str(), value.c_str());
    if (close_after || stopping) MHD_add_response_header(answer, "Connection", "close");
    const MHD_Result queued =
        MHD_queue_response(connection, static_cast<unsigned>(response.status), answer);
    MHD_destroy_response(answer);
    return queued;
  }

  // How many body bytes of a refused request are read and dropped so that a client that sends
  // its whole body before reading sees the 413 instead of a reset; past it the connection closes.
  std::size_t DrainBound() const { return 2 * options.max_body_bytes; }

  MHD_Result Refuse(MHD_Connection* connection, int status) {
    return Answer(connection, Refusal(status, options), true);
  }

  MHD_Result OnRequest(MHD_Connection* connection, const char* url, const char* method,
                       const char* upload_data, std::size_t* upload_data_size, void** context) {
    auto* exchange = static_cast<Exchange*>(*context);
    if (exchange == nullptr) {  // the head has arrived
      exchange = new Exchange();
      *context = exchange;
      if (Peer* peer = PeerOf(connection)) peer->busy = true;
      exchange->request.method = method;
      exchange->request.path = url;
      MHD_get_connection_values(connection, MHD_HEADER_KIND, &CollectHeader, &exchange->request);
      // MHD has checked that Content-Length is a number (else it answered 400).
      const std::string length = exchange->request.Header("content-length");
      const std::uint64_t declared =
          length.empty() ? 0 : std::strtoull(length.c_str(), nullptr, 10);
      if (declared > options.max_body_bytes) {
        // At once, before any body byte (and before 100 Continue), when the client waits for
        // that or the body is past what is drained; else the body is read, dropped and answered.
        if (declared > DrainBound() || !exchange->request.Header("expect").empty())
          return Refuse(connection, 413);
        exchange->refusal = 413;
      }
      const std::string encoding = Lower(exchange->request.Header("content-encoding"));
      if (encoding == "gzip" || encoding == "x-gzip" || encoding == "deflate") {
        exchange->inflater = std::make_unique<Inflater>();
      } else if (!encoding.empty() && encoding != "identity") {
        return Refuse(connection, 415);
      }
      return MHD_YES;
    }
    if (*upload_data_size > 0) {  // body bytes, de-chunked by MHD
      const std::string_view bytes(upload_data, *upload_data_size);
      *upload_data_size = 0;
      exchange->raw_bytes += bytes.size();
      // Only a chunked body gets past the drain bound (a Content-Length was checked). MHD can
      // queue an answer only before the body or after all of it, so the connection is closed
      // unanswered.
      if (exchange->raw_bytes > DrainBound()) return MHD_NO;
      if (exchange->raw_bytes > options.max_body_bytes) exchange->refusal = 413;
      if (exchange->refusal != 0) {  // refused: read and dropped
        std::string().swap(exchange->request.body);
        return MHD_YES;
      }
      if (!exchange->inflater) {
        exchange->request.body.append(bytes);
        return MHD_YES;
      }
      switch (exchange->inflater->Feed(bytes, exchange->request.body, options.max_body_bytes)) {
        case Inflater::Result::kOk:
          break;
        case Inflater::Result::kTooLarge:
          exchange->refusal = 413;
          break;
        case Inflater::Result::kCorrupt:
          exchange->refusal = 400;
          break;
      }
      if (exchange->refusal != 0) std::string().swap(exchange->request.body);
      return MHD_YES;
    }
    // The whole request has arrived (or, after a worker resumed the connection, been handled).
    if (exchange->refusal == 0 && exchange->inflater && !exchange->inflater->finished())
      exchange->refusal = 400;  // the compressed body is cut short
    if (exchange->refusal != 0) return Refuse(connection, exchange->refusal);
    if (exchange->dispatched) return Answer(connection, exchange->response, false);
    exchange->dispatched = true;
    MHD_suspend_connection(connection);
    {
      std::lock_guard<std::mutex> guard(mutex);
      jobs.emplace_back(connection, exchange);
    }
    work.notify_one();
    return MHD_YES;
  }

  void OnCompleted(MHD_Connection* connection, void** context) {
    delete static_cast<Exchange*>(*context);
    *context = nullptr;
    if (Peer* peer = PeerOf(connection)) {
      peer->busy = false;
      peer->idle_since = Clock::now();
      if (stopping) ShutDown(*peer);
    }
  }

  void OnConnection(MHD_Connection* connection, void** socket_context,
                    MHD_ConnectionNotificationCode code) {
    if (code == MHD_CONNECTION_NOTIFY_STARTED) {
      Peer& peer = peers.emplace_back();
      peer.self = std::prev(peers.end());
      const MHD_ConnectionInfo* info =
          MHD_get_connection_info(connection, MHD_CONNECTION_INFO_CONNECTION_FD);
      peer.fd = info ? info->connect_fd : -1;
      *socket_context = &peer;
      ++open;
      if (open > options.max_connections) {
        // Full: close the connection idle longest (not this new one), if any is idle.
        Peer* oldest = nullptr;
        for (Peer& p : peers) {
          if (&p == &peer || p.busy || p.closing) continue;
          if (oldest == nullptr || p.idle_since < oldest->idle_since) oldest = &p;
        }
        if (oldest != nullptr) {
          ShutDown(*oldest);
          --open;
        }
      }
      return;
    }
    auto* peer = static_cast<Peer*>(*socket_context);
    if (peer == nullptr) return;
    if (!peer->closing) --open;
    peers.erase(peer->self);
    *socket_context = nullptr;
  }

  void BeginStop() {
    stopping = true;
    const MHD_socket quiet = MHD_quiesce_daemon(daemon);  // MHD no longer accepts
    if (quiet != MHD_INVALID_SOCKET) close(quiet);
    listen_fd = -1;
    for (Peer& peer : peers) {
      if (!peer.busy && !peer.closing) {
        ShutDown(peer);
        --open;
      }
    }
  }

  void Work() {
    while (true) {
      std::pair<MHD_Connection*, Exchange*> job;
      {
        std::unique_lock<std::mutex> lock(mutex);
        work.wait(lock, [this] { return no_more_jobs || !jobs.empty(); });
        if (jobs.empty()) return;
        job = jobs.front();
        jobs.pop_front();
      }
      try {
        job.second->response = (*handler)(job.second->request);
      } catch (const std::exception& e) {
        job.second->response = HttpResponse{};
        job.second->response.status = 500;
        job.second->response.body = fmt::format("model serve: internal error: {}\n", e.what());
      }
      MHD_resume_connection(job.first);
      // MHD's own wake descriptor is not enough in external-loop mode: MHD takes resumed
      // connections back only at the start of MHD_run, so a resume while the loop is inside
      // MHD_run would wait for the next event. The loop's pipe makes it run again.
      const char byte = kWakeResumed;
      [[maybe_unused]] const ssize_t n = write(wake_write, &byte, 1);
    }
  }
};

HttpServer::HttpServer(std::unique_ptr<State> state) : state_(std::move(state)) {}
HttpServer::~HttpServer() = default;

int HttpServer::port() const { return state_->port; }
int HttpServer::wake_fd() const { return state_->wake_write; }

std::unique_ptr<HttpServer> HttpServer::Bind(const std::string& host, int port,
                                             const HttpServerOptions& options, std::string* error) {
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_flags = AI_PASSIVE;
  addrinfo* found = nullptr;
  const std::string service = std::to_string(port);
  const int resolved =
      getaddrinfo(host.empty() ? nullptr : host.c_str(), service.c_str(), &hints, &found);
  if (resolved != 0) {
    *error = resolved == EAI_SYSTEM ? std::strerror(errno) : gai_strerror(resolved);
    return nullptr;
  }
  // The socket is made here, not by MHD, to report why a bind failed and to bind without
  // SO_REUSEPORT.
  int fd = -1;
  int failure = 0;
  for (addrinfo* a = found; a != nullptr && fd < 0; a = a->ai_next) {
    fd = socket(a->ai_family, a->ai_socktype | SOCK_CLOEXEC | SOCK_NONBLOCK, a->ai_protocol);
    if (fd < 0) {
      failure = errno;
      continue;
    }
    // SO_REUSEADDR: a restart may bind while old connections linger in TIME_WAIT. Not
    // SO_REUSEPORT, with which a second server would share a port already in use.
    const int yes = 1;
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof(yes));
    if (bind(fd, a->ai_addr, a->ai_addrlen) != 0 || listen(fd, SOMAXCONN) != 0) {
      failure = errno;
      close(fd);
      fd = -1;
    }
  }
  freeaddrinfo(found);
  if (fd < 0) {
    *error = failure != 0 ? std::strerror(failure) : "no address to bind";
    return nullptr;
  }
  auto state = std::make_unique<State>();
  state->listen_fd = fd;
  state->options = options;
  sockaddr_storage bound{};
  socklen_t size = sizeof(bound);
  getsockname(fd, reinterpret_cast<sockaddr*>(&bound), &size);
  state->port =
      ntohs(bound.ss_family == AF_INET6 ? reinterpret_cast<sockaddr_in6*>(&bound)->sin6_port
                                        : reinterpret_cast<sockaddr_in*>(&bound)->sin_port);
  int wake[2];
  if (pipe2(wake, O_CLOEXEC | O_NONBLOCK) != 0) {
    *error = std::strerror(errno);
    return nullptr;
  }
  state->wake_read = wake[0];
  state->wake_write = wake[1];
  // Each connection is a descriptor: raise the soft limit toward the hard one if it is lower
  // than the connection bound needs, and bound connections by what the limit allows.
  rlimit files{};
  if (getrlimit(RLIMIT_NOFILE, &files) == 0) {
    const rlim_t wanted = static_cast<rlim_t>(options.max_connections) + kSpareFiles;
    if (files.rlim_cur < wanted) {
      files.rlim_cur = std::min(wanted, files.rlim_max);
      setrlimit(RLIMIT_NOFILE, &files);
      getrlimit(RLIMIT_NOFILE, &files);
    }
    const int allowed = static_cast<int>(std::max<rlim_t>(files.rlim_cur, 96) - kSpareFiles);
    state->options.max_connections = std::min(options.max_connections, allowed);
  }
  // External epoll mode: Run's thread drives MHD (MHD_run), so every MHD callback but the
  // workers' MHD_resume_connection runs on it. Suspend/resume (which brings MHD's wake
  // descriptor) hands complete requests to the workers.
  MHD_AccessHandlerCallback on_request =
      [](void* cls, MHD_Connection* connection, const char* url, const char* method, const char*,
         const char* upload_data, std::size_t* upload_data_size, void** context) {
        return static_cast<State*>(cls)->OnRequest(connection, url, method, upload_data,
                                                   upload_data_size, context);
      };
  MHD_RequestCompletedCallback on_completed = [](void* cls, MHD_Connection* connection,
                                                 void** context, MHD_RequestTerminationCode) {
    static_cast<State*>(cls)->OnCompleted(connection, context);
  };
  MHD_NotifyConnectionCallback on_connection = [](void* cls, MHD_Connection* connection,
                                                  void** socket_context,
                                                  MHD_ConnectionNotificationCode code) {
    static_cast<State*>(cls)->OnConnection(connection, socket_context, code);
  };
  State* s = state.get();
  s->daemon = MHD_start_daemon(
      MHD_USE_EPOLL | MHD_ALLOW_SUSPEND_RESUME, 0, nullptr, nullptr, on_request, s,
      MHD_OPTION_LISTEN_SOCKET, static_cast<MHD_socket>(fd), MHD_OPTION_CONNECTION_LIMIT,
      static_cast<unsigned>(s->options.max_connections + kAcceptSlack),
      MHD_OPTION_CONNECTION_TIMEOUT, static_cast<unsigned>(options.idle_timeout.count()),
      MHD_OPTION_CONNECTION_MEMORY_LIMIT, options.max_head_bytes, MHD_OPTION_NOTIFY_COMPLETED,
      on_completed, s, MHD_OPTION_NOTIFY_CONNECTION, on_connection, s, MHD_OPTION_END);
  if (s->daemon == nullptr) {
    *error = "libmicrohttpd could not start on the socket";
    return nullptr;
  }
  return std::unique_ptr<HttpServer>(new HttpServer(std::move(state)));
}

void HttpServer::Stop() {
  const char byte = kWakeStop;
  [[maybe_unused]] const ssize_t n = write(state_->wake_write, &byte, 1);
}

void HttpServer::Run(const HttpHandler& handler) {
  State& s = *state_;
  s.handler = &handler;
  std::vector<std::thread> workers;
  for (int i = 0; i < std::max(1, s.options.workers); ++i) workers.emplace_back([&s] { s.Work(); });
  const MHD_DaemonInfo* info = MHD_get_daemon_info(s.daemon, MHD_DAEMON_INFO_EPOLL_FD);
  const int epoll_fd = info->epoll_fd;
  Clock::time_point deadline;
  while (true) {
    MHD_UNSIGNED_LONG_LONG wait_ms = s.stopping ? 50 : 1000;
    MHD_UNSIGNED_LONG_LONG mhd_ms = 0;
    if (MHD_get_timeout(s.daemon, &mhd_ms) == MHD_YES) wait_ms = std::min(wait_ms, mhd_ms);
    pollfd fds[2] = {{epoll_fd, POLLIN, 0}, {s.wake_read, POLLIN, 0}};
    poll(fds, 2, static_cast<int>(wait_ms));
    bool stop = false;
    if (fds[1].revents != 0) {
      char bytes[64];
      ssize_t n;
      while ((n = read(s.wake_read, bytes, sizeof bytes)) > 0) {
        stop = stop || std::find_if(bytes, bytes + n, [](char c) { return c != kWakeResumed; }) !=
                           bytes + n;
      }
      if (stop && !s.stopping) {
        s.BeginStop();
        deadline = Clock::now() + s.options.shutdown_grace;
      }
    }
    MHD_run(s.daemon);
    if (s.stopping && (s.peers.empty() || Clock::now() >= deadline)) break;
  }
  {
    std::lock_guard<std::mutex> guard(s.mutex);
    s.no_more_jobs = true;
  }
  s.work.notify_all();
  for (std::thread& worker : workers) worker.join();  // each resumes its connection
  MHD_stop_daemon(s.daemon);                          // closes what is left
  s.daemon = nullptr;
}

std::string HttpRequest::Header(const std::string& name) const {
  const std::string wanted = Lower(name);
  for (const auto& [key, value] : headers) {
    if (key == wanted) return value;
  }
  return "";
}

std::uint32_t Crc32(std::string_view bytes) {
  uLong crc = crc32(0L, Z_NULL, 0);
  // zlib takes at most uInt bytes at a time.
  while (!bytes.empty()) {
    const std::size_t n = std::min<std::size_t>(bytes.size(), 1u << 30);
    crc = crc32(crc, reinterpret_cast<const Bytef*>(bytes.data()), static_cast<uInt>(n));
    bytes.remove_prefix(n);
  }
  return static_cast<std::uint32_t>(crc);
}

}  // namespace model::cli
