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

#include <algorithm>
#include <cerrno>
#include <condition_variable>
#include <cstring>
#include <deque>
#include <map>
#include <mutex>
#include <string_view>
#include <thread>

#include "cli/http_request.h"

namespace model::cli {

namespace {

using Clock = std::chrono::steady_clock;

constexpr char kWakeStop = 'S';  // Stop() or a signal handler
constexpr char kWakeDone = 'W';  // a worker finished a response
// Bytes read from one connection per poll round, so one fast sender cannot starve the others.
constexpr std::size_t kReadPerRound = 1 << 20;
// Buffer capacity a connection keeps between requests.
constexpr std::size_t kKeptBuffer = 64 * 1024;
// After a refused request: how long and how much of the rest of the body is read (and thrown
// away) before closing, so a client that writes its whole body before reading still sees the
// answer instead of a reset; a larger body is cut off there.
constexpr std::chrono::milliseconds kDrainTime{2000};

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

enum class Phase {
  kReading,   // reading a request (or idle, when nothing of it has arrived)
  kHandling,  // a worker has it
  kWriting,   // sending the answer
  kDraining,  // refused: answer sent, discarding what the client still sends, then closing
};

struct Connection {
  int fd = -1;
  Phase phase = Phase::kReading;
  std::string in;  // received and not yet parsed
  std::string out;
  std::size_t out_pos = 0;
  bool close_after_write = false;
  bool linger = false;  // drain before closing (the request was refused mid-body)
  Clock::time_point last_progress = Clock::now();
  Clock::time_point drain_until;
  std::size_t drain_left = 0;
  RequestReader reader;  // the request being read

  bool Idle() const {
    return phase == Phase::kReading && !reader.head_done && in.empty() && out_pos == out.size();
  }
};

}  // namespace

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
    state.jobs.push_back({id, std::move(c.reader.request), c.reader.keep_alive, c.reader.http10});
    state.ready.notify_one();
  };
  // Parses what has arrived; dispatches a complete request or refuses a bad one.
  auto advance = [&](std::uint64_t id, Connection& c) {
    const int status = Advance(c.reader, c.in, options_);
    if (c.reader.send_continue) {
      c.out += "HTTP/1.1 100 Continue\r\n\r\n";
      c.reader.send_continue = false;
    }
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
    // An idle connection keeps no large buffer from its last answer or request.
    if (c.out.capacity() > kKeptBuffer) std::string().swap(c.out);
    if (c.in.capacity() > kKeptBuffer && c.in.size() <= kKeptBuffer) c.in.shrink_to_fit();
    if (c.phase != Phase::kWriting) return true;  // a 100 Continue went out
    if (c.close_after_write) {
      if (!c.linger) return false;
      shutdown(c.fd, SHUT_WR);
      c.phase = Phase::kDraining;
      c.drain_until = Clock::now() + kDrainTime;
      c.drain_left = options_.max_body_bytes;
      return true;
    }
    c.phase = Phase::kReading;
    c.reader.Reset();
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
      if (c.phase == Phase::kReading || c.phase == Phase::kDraining) events |= POLLIN;
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
          (c.phase == Phase::kReading || c.phase == Phase::kDraining)) {
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
