#include "cli/http_server.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>
#include <zlib.h>

#include <algorithm>
#include <cerrno>
#include <condition_variable>
#include <cstring>
#include <deque>
#include <map>
#include <mutex>
#include <string_view>
#include <thread>

namespace model::cli {

namespace {

using Clock = std::chrono::steady_clock;

constexpr char kWakeStop = 'S';  // Stop() or a signal handler
constexpr char kWakeDone = 'W';  // a worker finished a response
// A chunk-size line (with extensions) longer than this is malformed.
constexpr std::size_t kMaxChunkLine = 4096;
// Bytes read from one connection per poll round, so one fast sender cannot starve the others.
constexpr std::size_t kReadPerRound = 1 << 20;
// After a refused request: how long and how much of the rest of the body is read (and thrown
// away) before closing, so a client that writes its whole body before reading still sees the
// answer instead of a reset; a larger body is cut off there.
constexpr std::chrono::milliseconds kDrainTime{2000};

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& ch : out) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  return out;
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

const char* ReasonPhrase(int status) {
  switch (status) {
    case 100:
      return "Continue";
    case 200:
      return "OK";
    case 400:
      return "Bad Request";
    case 404:
      return "Not Found";
    case 405:
      return "Method Not Allowed";
    case 413:
      return "Payload Too Large";
    case 415:
      return "Unsupported Media Type";
    case 431:
      return "Request Header Fields Too Large";
    case 500:
      return "Internal Server Error";
    case 501:
      return "Not Implemented";
    case 505:
      return "HTTP Version Not Supported";
    default:
      return status < 400 ? "OK" : status < 500 ? "Bad Request" : "Internal Server Error";
  }
}

std::string Render(const HttpResponse& response, bool keep_alive, bool http10, bool head) {
  std::string text =
      fmt::format("HTTP/1.1 {} {}\r\nContent-Type: {}\r\nContent-Length: {}\r\n", response.status,
                  ReasonPhrase(response.status), response.content_type, response.body.size());
  for (const auto& [name, value] : response.headers) text += fmt::format("{}: {}\r\n", name, value);
  if (!keep_alive) {
    text += "Connection: close\r\n";
  } else if (http10) {
    text += "Connection: keep-alive\r\n";
  }
  text += "\r\n";
  if (!head) text += response.body;
  return text;
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

enum class Phase {
  kHead,      // reading a request's head (or idle, when nothing of it has arrived)
  kBody,      // reading its body
  kHandling,  // a worker has it
  kWriting,   // sending the answer
  kDraining,  // refused: answer sent, discarding what the client still sends, then closing
};

enum class Framing { kNone, kLength, kChunked };
enum class ChunkStep { kSize, kData, kDataEnd, kTrailer };

struct Connection {
  int fd = -1;
  Phase phase = Phase::kHead;
  std::string in;  // received and not yet parsed
  std::string out;
  std::size_t out_pos = 0;
  bool close_after_write = false;
  bool linger = false;  // drain before closing (the request was refused mid-body)
  Clock::time_point last_progress = Clock::now();
  Clock::time_point drain_until;
  std::size_t drain_left = 0;
  // The request being read.
  HttpRequest request;
  bool keep_alive = true;
  bool http10 = false;
  Framing framing = Framing::kNone;
  ChunkStep chunk_step = ChunkStep::kSize;
  std::size_t left = 0;       // kLength: body bytes to come; kChunked: of the current chunk
  std::size_t raw_bytes = 0;  // body bytes as sent (de-chunked, still encoded)
  std::size_t trailer_bytes = 0;
  std::unique_ptr<Inflater> inflater;

  bool Idle() const { return phase == Phase::kHead && in.empty() && out_pos == out.size(); }
  void ResetRequest() {
    request = HttpRequest{};
    keep_alive = true;
    http10 = false;
    framing = Framing::kNone;
    chunk_step = ChunkStep::kSize;
    left = raw_bytes = trailer_bytes = 0;
    inflater.reset();
  }
};

constexpr int kNeedMore = 0;
constexpr int kComplete = 1;

// The error statuses Advance returns come with this text.
std::string RefusalText(int status, const HttpServerOptions& options) {
  switch (status) {
    case 413:
      return fmt::format("the request body is larger than {} bytes\n", options.max_body_bytes);
    case 415:
      return "unsupported Content-Encoding (gzip, deflate and identity are accepted)\n";
    case 431:
      return fmt::format("the request head is larger than {} bytes\n", options.max_head_bytes);
    case 501:
      return "unsupported Transfer-Encoding (only chunked is accepted)\n";
    case 505:
      return "only HTTP/1.0 and HTTP/1.1 are served\n";
    default:
      return "malformed HTTP request\n";
  }
}

// Parses the head at the start of c.in (which holds it whole, up to and without the blank
// line). Returns kNeedMore (go on to the body) or an error status.
int ParseHead(Connection& c, std::string_view head, const HttpServerOptions& options) {
  std::size_t line_end = head.find("\r\n");
  std::string_view line = head.substr(0, line_end);
  head = line_end == std::string_view::npos ? std::string_view() : head.substr(line_end + 2);
  const std::size_t sp1 = line.find(' ');
  const std::size_t sp2 = sp1 == std::string_view::npos ? sp1 : line.find(' ', sp1 + 1);
  if (sp2 == std::string_view::npos || line.find(' ', sp2 + 1) != std::string_view::npos)
    return 400;
  c.request.method = std::string(line.substr(0, sp1));
  c.request.target = std::string(line.substr(sp1 + 1, sp2 - sp1 - 1));
  const std::string_view version = line.substr(sp2 + 1);
  if (c.request.method.empty() || c.request.target.empty()) return 400;
  if (version == "HTTP/1.0") {
    c.http10 = true;
    c.keep_alive = false;
  } else if (version != "HTTP/1.1") {
    return version.substr(0, 5) == "HTTP/" ? 505 : 400;
  }
  c.request.path = c.request.target.substr(0, c.request.target.find('?'));
  while (!head.empty()) {
    line_end = head.find("\r\n");
    line = head.substr(0, line_end);
    head = line_end == std::string_view::npos ? std::string_view() : head.substr(line_end + 2);
    const std::size_t colon = line.find(':');
    if (colon == 0 || colon == std::string_view::npos) return 400;
    const std::string_view name = line.substr(0, colon);
    if (name.find_first_of(" \t") != std::string_view::npos) return 400;  // and obs-fold
    c.request.headers.emplace_back(Lower(name), std::string(Trim(line.substr(colon + 1))));
  }

  std::string content_length;
  bool chunked = false;
  for (const auto& [name, value] : c.request.headers) {
    if (name == "connection") {
      const std::string tokens = Lower(value);
      if (tokens.find("close") != std::string::npos) c.keep_alive = false;
      if (tokens.find("keep-alive") != std::string::npos && c.http10) c.keep_alive = true;
    } else if (name == "content-length") {
      if (!content_length.empty() && content_length != value) return 400;
      content_length = value;
    } else if (name == "transfer-encoding") {
      if (Lower(value) != "chunked" || chunked) return 501;
      chunked = true;
    }
  }
  if (chunked) {
    if (!content_length.empty() || c.http10) return 400;
    c.framing = Framing::kChunked;
  } else if (!content_length.empty()) {
    if (content_length.size() > 18 ||
        content_length.find_first_not_of("0123456789") != std::string::npos)
      return 400;
    c.left = static_cast<std::size_t>(std::stoull(content_length));
    if (c.left > options.max_body_bytes) return 413;
    c.framing = c.left == 0 ? Framing::kNone : Framing::kLength;
  }
  const std::string encoding = Lower(c.request.Header("content-encoding"));
  if (encoding == "gzip" || encoding == "x-gzip" || encoding == "deflate") {
    c.inflater = std::make_unique<Inflater>();
  } else if (!encoding.empty() && encoding != "identity") {
    return 415;
  }
  if (c.framing != Framing::kNone && !c.http10 &&
      Lower(c.request.Header("expect")) == "100-continue") {
    c.out += "HTTP/1.1 100 Continue\r\n\r\n";
  }
  return kNeedMore;
}

// Takes body bytes as sent (de-chunked): bounds and decodes them. 0 or an error status.
int TakeBody(Connection& c, std::string_view bytes, const HttpServerOptions& options) {
  c.raw_bytes += bytes.size();
  if (c.raw_bytes > options.max_body_bytes) return 413;
  if (!c.inflater) {
    c.request.body.append(bytes);
    return 0;
  }
  switch (c.inflater->Feed(bytes, c.request.body, options.max_body_bytes)) {
    case Inflater::Result::kOk:
      return 0;
    case Inflater::Result::kTooLarge:
      return 413;
    case Inflater::Result::kCorrupt:
      return 400;
  }
  return 400;
}

// Advances the request being read with the bytes in c.in, consuming them. Returns kNeedMore,
// kComplete (c.request is whole) or an HTTP error status to answer with before closing.
int Advance(Connection& c, const HttpServerOptions& options) {
  if (c.phase == Phase::kHead) {
    std::size_t skip = 0;  // blank lines between requests (RFC 9112 section 2.2)
    while (skip < c.in.size() && (c.in[skip] == '\r' || c.in[skip] == '\n')) ++skip;
    c.in.erase(0, skip);
    const std::size_t end = c.in.find("\r\n\r\n");
    if (end == std::string::npos) return c.in.size() > options.max_head_bytes ? 431 : kNeedMore;
    if (end + 4 > options.max_head_bytes) return 431;
    const int status = ParseHead(c, std::string_view(c.in).substr(0, end), options);
    c.in.erase(0, end + 4);
    if (status != kNeedMore) return status;
    c.phase = Phase::kBody;
  }
  while (true) {
    if (c.framing == Framing::kNone) break;
    if (c.framing == Framing::kLength || c.chunk_step == ChunkStep::kData) {
      const std::size_t n = std::min(c.in.size(), c.left);
      if (const int status = TakeBody(c, std::string_view(c.in).substr(0, n), options))
        return status;
      c.in.erase(0, n);
      c.left -= n;
      if (c.left > 0) return kNeedMore;
      if (c.framing == Framing::kLength) break;
      c.chunk_step = ChunkStep::kDataEnd;
      continue;
    }
    if (c.chunk_step == ChunkStep::kDataEnd) {
      if (c.in.size() < 2) return kNeedMore;
      if (c.in.compare(0, 2, "\r\n") != 0) return 400;
      c.in.erase(0, 2);
      c.chunk_step = ChunkStep::kSize;
      continue;
    }
    const std::size_t eol = c.in.find("\r\n");
    if (eol == std::string::npos) {
      if (c.chunk_step == ChunkStep::kSize && c.in.size() > kMaxChunkLine) return 400;
      if (c.chunk_step == ChunkStep::kTrailer &&
          c.trailer_bytes + c.in.size() > options.max_head_bytes)
        return 431;
      return kNeedMore;
    }
    if (c.chunk_step == ChunkStep::kTrailer) {  // trailer fields are read and ignored
      c.in.erase(0, eol + 2);
      if (eol == 0) break;
      c.trailer_bytes += eol + 2;
      continue;
    }
    const std::string_view size_line = std::string_view(c.in).substr(0, eol);
    const std::string_view size_text = Trim(size_line.substr(0, size_line.find(';')));
    if (eol > kMaxChunkLine || size_text.empty() ||
        size_text.find_first_not_of("0123456789abcdefABCDEF") != std::string_view::npos)
      return 400;
    // Leading zeros aside, more than 8 hex digits is over any bound worth reading.
    const std::string_view digits =
        size_text.substr(std::min(size_text.find_first_not_of('0'), size_text.size()));
    if (digits.size() > 8) return 413;
    c.left = digits.empty() ? 0 : std::stoul(std::string(digits), nullptr, 16);
    if (c.raw_bytes + c.left > options.max_body_bytes) return 413;  // before reading the chunk
    c.in.erase(0, eol + 2);
    c.chunk_step = c.left == 0 ? ChunkStep::kTrailer : ChunkStep::kData;
  }
  if (c.inflater && !c.inflater->finished()) return 400;  // the compressed body is cut short
  return kComplete;
}

}  // namespace

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
  sockaddr_storage bound{};
  socklen_t size = sizeof(bound);
  getsockname(fd, reinterpret_cast<sockaddr*>(&bound), &size);
  int wake[2];
  if (pipe2(wake, O_CLOEXEC | O_NONBLOCK) != 0) {
    *error = std::strerror(errno);
    close(fd);
    return nullptr;
  }
  std::unique_ptr<HttpServer> server(new HttpServer());
  server->listen_fd_ = fd;
  server->port_ =
      ntohs(bound.ss_family == AF_INET6 ? reinterpret_cast<sockaddr_in6*>(&bound)->sin6_port
                                        : reinterpret_cast<sockaddr_in*>(&bound)->sin_port);
  server->wake_read_ = wake[0];
  server->wake_write_ = wake[1];
  server->options_ = options;
  // Each connection is a descriptor: raise the soft limit toward the hard one if it is lower
  // than the connection bound needs, and bound connections by what the limit allows.
  rlimit files{};
  if (getrlimit(RLIMIT_NOFILE, &files) == 0) {
    const rlim_t wanted = static_cast<rlim_t>(options.max_connections) + 64;
    if (files.rlim_cur < wanted) {
      files.rlim_cur = std::min(wanted, files.rlim_max);
      setrlimit(RLIMIT_NOFILE, &files);
      getrlimit(RLIMIT_NOFILE, &files);
    }
    const int allowed = static_cast<int>(std::max<rlim_t>(files.rlim_cur, 96) - 64);
    server->options_.max_connections = std::min(options.max_connections, allowed);
  }
  return server;
}

HttpServer::~HttpServer() {
  if (listen_fd_ >= 0) close(listen_fd_);
  if (wake_read_ >= 0) close(wake_read_);
  if (wake_write_ >= 0) close(wake_write_);
}

void HttpServer::Stop() {
  const char byte = kWakeStop;
  [[maybe_unused]] const ssize_t n = write(wake_write_, &byte, 1);
}

struct HttpServer::State {
  struct Job {
    std::uint64_t id;
    HttpRequest request;
    bool keep_alive;
    bool http10;
  };
  struct Done {
    std::uint64_t id;
    std::string bytes;
    bool close;
  };
  std::mutex mutex;
  std::condition_variable ready;
  std::deque<Job> jobs;
  std::deque<Done> done;
  bool quit = false;
  std::atomic<bool> stopping{false};
};

void HttpServer::Run(const HttpHandler& handler) {
  State state;
  std::vector<std::thread> workers;
  for (int i = 0; i < std::max(1, options_.workers); ++i) {
    workers.emplace_back([this, &state, &handler] {
      while (true) {
        std::unique_lock<std::mutex> lock(state.mutex);
        state.ready.wait(lock, [&] { return state.quit || !state.jobs.empty(); });
        if (state.jobs.empty()) return;
        State::Job job = std::move(state.jobs.front());
        state.jobs.pop_front();
        lock.unlock();
        HttpResponse response;
        try {
          response = handler(job.request);
        } catch (const std::exception& e) {
          response = HttpResponse{500, "text/plain", {}, fmt::format("{}\n", e.what())};
        }
        const bool keep_alive = job.keep_alive && !state.stopping.load();
        std::string bytes = Render(response, keep_alive, job.http10, job.request.method == "HEAD");
        lock.lock();
        state.done.push_back({job.id, std::move(bytes), !keep_alive});
        lock.unlock();
        const char byte = kWakeDone;
        [[maybe_unused]] const ssize_t n = write(wake_write_, &byte, 1);
      }
    });
  }

  std::map<std::uint64_t, Connection> connections;
  std::uint64_t next_id = 1;
  bool stopping = false;
  Clock::time_point stop_deadline;
  std::vector<pollfd> fds;
  std::vector<std::uint64_t> ids;  // fds[i + 2] is connection ids[i]
  std::string scratch(kReadPerRound, '\0');

  auto close_connection = [&](std::map<std::uint64_t, Connection>::iterator it) {
    close(it->second.fd);
    return connections.erase(it);
  };
  // Refuses the request being read: the answer, then (when the client may still be sending a
  // body) a short drain, then close.
  auto refuse = [&](Connection& c, int status) {
    HttpResponse response{status, "text/plain", {}, RefusalText(status, options_)};
    c.out.erase(0, c.out_pos);
    c.out_pos = 0;
    c.out += Render(response, false, false, false);
    c.phase = Phase::kWriting;
    c.close_after_write = true;
    c.linger = true;
  };
  auto dispatch = [&](std::uint64_t id, Connection& c) {
    c.phase = Phase::kHandling;
    std::lock_guard<std::mutex> lock(state.mutex);
    state.jobs.push_back({id, std::move(c.request), c.keep_alive, c.http10});
    state.ready.notify_one();
  };
  // Parses what has arrived; dispatches a complete request or refuses a bad one.
  auto advance = [&](std::uint64_t id, Connection& c) {
    const int status = Advance(c, options_);
    if (status == kComplete) {
      dispatch(id, c);
    } else if (status != kNeedMore) {
      refuse(c, status);
    }
  };
  // Sends what it can; false when the connection is to be closed now.
  std::function<bool(std::uint64_t, Connection&)> flush = [&](std::uint64_t id, Connection& c) {
    while (c.out_pos < c.out.size()) {
      const ssize_t n =
          send(c.fd, c.out.data() + c.out_pos, c.out.size() - c.out_pos, MSG_NOSIGNAL);
      if (n < 0 && errno == EINTR) continue;
      if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) return true;
      if (n <= 0) return false;
      c.out_pos += static_cast<std::size_t>(n);
      c.last_progress = Clock::now();
    }
    c.out.clear();
    c.out_pos = 0;
    if (c.phase != Phase::kWriting) return true;  // a 100 Continue went out
    if (c.close_after_write) {
      if (!c.linger) return false;
      shutdown(c.fd, SHUT_WR);
      c.phase = Phase::kDraining;
      c.drain_until = Clock::now() + kDrainTime;
      c.drain_left = options_.max_body_bytes;
      return true;
    }
    c.phase = Phase::kHead;
    c.ResetRequest();
    advance(id, c);                                       // a pipelined request may be waiting
    if (c.phase == Phase::kWriting) return flush(id, c);  // refused: once, it closes after
    return true;
  };
  auto begin_stop = [&] {
    stopping = true;
    state.stopping.store(true);
    stop_deadline = Clock::now() + options_.shutdown_grace;
    if (listen_fd_ >= 0) {
      close(listen_fd_);
      listen_fd_ = -1;
    }
  };

  while (true) {
    if (stopping) {
      for (auto it = connections.begin(); it != connections.end();) {
        it = it->second.Idle() ? close_connection(it) : std::next(it);
      }
      if (connections.empty() || Clock::now() >= stop_deadline) break;
    }
    fds.clear();
    ids.clear();
    fds.push_back({wake_read_, POLLIN, 0});
    bool room = static_cast<int>(connections.size()) < options_.max_connections;
    if (!room) {
      for (const auto& [id, c] : connections) room = room || c.Idle();
    }
    fds.push_back({room && listen_fd_ >= 0 ? listen_fd_ : -1, POLLIN, 0});
    for (const auto& [id, c] : connections) {
      short events = 0;
      if (c.phase == Phase::kHead || c.phase == Phase::kBody || c.phase == Phase::kDraining)
        events |= POLLIN;
      if (c.out_pos < c.out.size()) events |= POLLOUT;
      if (events == 0) continue;
      fds.push_back({c.fd, events, 0});
      ids.push_back(id);
    }
    const int ready = poll(fds.data(), fds.size(), 250);
    if (ready < 0 && errno != EINTR) break;
    const Clock::time_point now = Clock::now();

    if (ready > 0 && (fds[0].revents & POLLIN) != 0) {
      char bytes[256];
      ssize_t n;
      while ((n = read(wake_read_, bytes, sizeof(bytes))) > 0) {
        if (std::find(bytes, bytes + n, kWakeStop) != bytes + n && !stopping) begin_stop();
      }
    }
    std::deque<State::Done> finished;
    {
      std::lock_guard<std::mutex> lock(state.mutex);
      finished.swap(state.done);
    }
    for (State::Done& d : finished) {
      auto it = connections.find(d.id);
      if (it == connections.end()) continue;
      Connection& c = it->second;
      c.out += d.bytes;
      c.phase = Phase::kWriting;
      c.close_after_write = d.close || stopping;
      c.last_progress = now;
      if (!flush(d.id, c)) close_connection(it);
    }

    if (ready > 0 && listen_fd_ >= 0 && (fds[1].revents & POLLIN) != 0) {
      while (true) {
        if (static_cast<int>(connections.size()) >= options_.max_connections) {
          // Full: make room by closing the connection idle longest, if any is idle.
          auto oldest = connections.end();
          for (auto it = connections.begin(); it != connections.end(); ++it) {
            if (it->second.Idle() && (oldest == connections.end() ||
                                      it->second.last_progress < oldest->second.last_progress))
              oldest = it;
          }
          if (oldest == connections.end()) break;
          close_connection(oldest);
        }
        const int fd = accept4(listen_fd_, nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC);
        if (fd < 0) break;  // EAGAIN: accepted all; EMFILE and the like: try next round
        // Answers go out at once: without TCP_NODELAY, Nagle's algorithm and the client's
        // delayed ACK hold each keep-alive response back by tens of milliseconds.
        const int yes = 1;
        setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &yes, sizeof(yes));
        Connection& c = connections[next_id++];
        c.fd = fd;
        c.last_progress = now;
      }
    }

    for (std::size_t i = 0; ready > 0 && i < ids.size(); ++i) {
      const short revents = fds[i + 2].revents;
      if (revents == 0) continue;
      auto it = connections.find(ids[i]);
      if (it == connections.end()) continue;
      Connection& c = it->second;
      bool keep = true;
      if ((revents & POLLOUT) != 0) keep = flush(ids[i], c);
      if (keep && (revents & (POLLIN | POLLHUP | POLLERR)) != 0 &&
          (c.phase == Phase::kHead || c.phase == Phase::kBody || c.phase == Phase::kDraining)) {
        std::size_t got = 0;
        while (keep && got < kReadPerRound) {
          const ssize_t n = recv(c.fd, scratch.data(), scratch.size() - got, 0);
          if (n < 0 && errno == EINTR) continue;
          if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) break;
          if (n <= 0) {  // end of stream or reset: nothing more will come
            keep = false;
            break;
          }
          got += static_cast<std::size_t>(n);
          c.last_progress = now;
          if (c.phase == Phase::kDraining) {
            const auto taken = static_cast<std::size_t>(n);
            keep = taken < c.drain_left;
            c.drain_left -= std::min(taken, c.drain_left);
            continue;
          }
          c.in.append(scratch.data(), static_cast<std::size_t>(n));
          advance(ids[i], c);
          if (c.phase == Phase::kWriting) {
            keep = flush(ids[i], c);
            break;
          }
          if (c.phase == Phase::kHandling) break;
          if (c.out_pos < c.out.size()) keep = flush(ids[i], c);  // 100 Continue
        }
      }
      if (!keep) close_connection(it);
    }

    for (auto it = connections.begin(); it != connections.end();) {
      const Connection& c = it->second;
      bool expired = false;
      if (c.phase == Phase::kDraining) {
        expired = now >= c.drain_until;
      } else if (c.Idle()) {
        expired = now - c.last_progress > options_.idle_timeout;
      } else if (c.phase != Phase::kHandling) {
        expired = now - c.last_progress > options_.io_timeout;
      }
      it = expired ? close_connection(it) : std::next(it);
    }
  }

  for (auto it = connections.begin(); it != connections.end();) it = close_connection(it);
  {
    std::lock_guard<std::mutex> lock(state.mutex);
    state.quit = true;
    state.jobs.clear();  // requests whose connection is gone
  }
  state.ready.notify_all();
  for (std::thread& worker : workers) worker.join();
  if (listen_fd_ >= 0) {
    close(listen_fd_);
    listen_fd_ = -1;
  }
}

}  // namespace model::cli
