#include "bench/peer.h"

#include <fcntl.h>
#include <httplib.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <thread>

extern char** environ;

namespace peer {
namespace {

// Spawns argv with stdout into `stdout_fd` (or /dev/null when -1) and stderr to /dev/null.
pid_t Spawn(const std::vector<std::string>& args, int stdout_fd) {
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  if (stdout_fd >= 0) {
    posix_spawn_file_actions_adddup2(&actions, stdout_fd, STDOUT_FILENO);
  } else {
    posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, "/dev/null", O_WRONLY, 0);
  }
  posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, "/dev/null", O_WRONLY, 0);
  std::vector<char*> argv;
  for (const std::string& a : args) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  pid_t pid = -1;
  const int rc = posix_spawnp(&pid, argv[0], &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  return rc == 0 ? pid : -1;
}

int FreePort() {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return -1;
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;
  int port = -1;
  socklen_t len = sizeof addr;
  if (bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0 &&
      getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) == 0) {
    port = ntohs(addr.sin_port);
  }
  close(fd);
  return port;
}

int Stop(pid_t pid) {
  if (pid <= 0) return -1;
  kill(pid, SIGTERM);
  int status = 0;
  for (int i = 0; i < 50; ++i) {
    if (waitpid(pid, &status, WNOHANG) == pid) return status;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  kill(pid, SIGKILL);
  waitpid(pid, &status, 0);
  return status;
}

}  // namespace

Connection::Connection(int port) : client_(std::make_unique<httplib::Client>("127.0.0.1", port)) {
  client_->set_keep_alive(true);
  client_->set_tcp_nodelay(true);
  client_->set_connection_timeout(5);
  client_->set_read_timeout(60);
  client_->set_write_timeout(60);
}

Connection::~Connection() = default;

Endpoint::Endpoint(std::string name, pid_t pid, int port)
    : name_(std::move(name)),
      pid_(pid),
      port_(port),
      connection_(std::make_unique<Connection>(port)) {}

Endpoint::~Endpoint() { Stop(); }

int Endpoint::Stop() {
  connection_.reset();
  const int status = peer::Stop(pid_);
  pid_ = -1;
  return status;
}

int Endpoint::WaitExit(double seconds) {
  if (pid_ <= 0) return -1;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::duration<double>(seconds);
  int status = 0;
  while (waitpid(pid_, &status, WNOHANG) != pid_) {
    if (std::chrono::steady_clock::now() >= deadline) return -1;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  connection_.reset();
  pid_ = -1;
  return status;
}

int Endpoint::Kill() {
  connection_.reset();
  if (pid_ <= 0) return -1;
  kill(pid_, SIGKILL);
  int status = 0;
  waitpid(pid_, &status, 0);
  pid_ = -1;
  return status;
}

std::unique_ptr<Endpoint> Endpoint::StartModelServe(const std::string& model_binary,
                                                    std::string* error,
                                                    const std::vector<std::string>& extra_args) {
  int fds[2];
  if (pipe(fds) != 0) {
    *error = "pipe failed";
    return nullptr;
  }
  std::vector<std::string> args{model_binary, "serve", "--port", "0"};
  args.insert(args.end(), extra_args.begin(), extra_args.end());
  const pid_t pid = Spawn(args, fds[1]);
  close(fds[1]);
  if (pid < 0) {
    close(fds[0]);
    *error = "cannot start " + model_binary;
    return nullptr;
  }
  // The first line is "listening on http://127.0.0.1:PORT".
  std::string line;
  char c;
  while (read(fds[0], &c, 1) == 1 && c != '\n') line.push_back(c);
  close(fds[0]);
  const auto colon = line.rfind(':');
  const int port = colon == std::string::npos ? -1 : std::atoi(line.c_str() + colon + 1);
  if (port <= 0) {
    peer::Stop(pid);
    *error = "model serve did not report a port (got '" + line + "')";
    return nullptr;
  }
  std::unique_ptr<Endpoint> endpoint(new Endpoint("model serve", pid, port));
  if (!endpoint->WaitReady(30)) {
    *error = "model serve did not answer";
    return nullptr;
  }
  return endpoint;
}

std::unique_ptr<Endpoint> Endpoint::StartDynamoDbLocal(const std::string& peers_script,
                                                       std::string* error) {
  const int port = FreePort();
  if (port <= 0) {
    *error = "no free port";
    return nullptr;
  }
  const pid_t pid = Spawn({peers_script, "dynamodb-local", std::to_string(port)}, -1);
  if (pid < 0) {
    *error = "cannot run " + peers_script;
    return nullptr;
  }
  std::unique_ptr<Endpoint> endpoint(new Endpoint("DynamoDB Local", pid, port));
  if (!endpoint->WaitReady(90)) {
    *error = "DynamoDB Local did not start (is it installed? scripts/peers install)";
    return nullptr;
  }
  return endpoint;
}

bool Endpoint::WaitReady(double seconds) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::duration<double>(seconds);
  while (std::chrono::steady_clock::now() < deadline) {
    if (waitpid(pid_, nullptr, WNOHANG) == pid_) {
      pid_ = -1;  // exited: nothing to wait for
      return false;
    }
    if (Call("ListTables", "{}").status == 200) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  return false;
}

Reply Connection::CallTarget(const std::string& target, const std::string& body) {
  // Any credentials are accepted by both peers; DynamoDB Local keys its databases by access key
  // and region, so they stay fixed.
  httplib::Headers headers = {
      {"X-Amz-Target", target},
      {"Authorization",
       "AWS4-HMAC-SHA256 Credential=model/20260101/us-east-1/dynamodb/aws4_request, "
       "SignedHeaders=host;x-amz-date;x-amz-target, Signature=0"},
      {"X-Amz-Date", "20260101T000000Z"},
  };
  auto result = client_->Post("/", headers, body, "application/x-amz-json-1.0");
  Reply reply;
  if (!result) return reply;
  reply.status = result->status;
  reply.body = result->body;
  return reply;
}

RawConnection::RawConnection(int port) : port_(port) { Connect(); }

void RawConnection::Connect() {
  if (fd_ >= 0) close(fd_);
  buffer_.clear();
  fd_ = socket(AF_INET, SOCK_STREAM, 0);
  if (fd_ < 0) return;
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = htons(static_cast<std::uint16_t>(port_));
  int one = 1;
  setsockopt(fd_, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  if (connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    close(fd_);
    fd_ = -1;
  }
}

RawConnection::~RawConnection() {
  if (fd_ >= 0) close(fd_);
}

std::string RawConnection::Request(int port, const std::string& op, const std::string& body) {
  std::string r =
      "POST / HTTP/1.1\r\nHost: 127.0.0.1:" + std::to_string(port) +
      "\r\nContent-Type: application/x-amz-json-1.0\r\nX-Amz-Target: DynamoDB_20120810." + op +
      "\r\nX-Amz-Date: 20260101T000000Z\r\nAuthorization: AWS4-HMAC-SHA256 "
      "Credential=model/20260101/us-east-1/dynamodb/aws4_request, "
      "SignedHeaders=host;x-amz-date;x-amz-target, Signature=0\r\nContent-Length: " +
      std::to_string(body.size()) + "\r\nConnection: keep-alive\r\n\r\n" + body;
  return r;
}

Reply RawConnection::Send(const std::string& request) {
  Reply reply;
  if (fd_ < 0) return reply;
  for (std::size_t sent = 0; sent < request.size();) {
    const ssize_t n = write(fd_, request.data() + sent, request.size() - sent);
    if (n <= 0) return reply;
    sent += static_cast<std::size_t>(n);
  }
  // Read until the header block is complete, then the body by Content-Length.
  std::size_t header_end;
  char chunk[16384];
  while ((header_end = buffer_.find("\r\n\r\n")) == std::string::npos) {
    const ssize_t n = read(fd_, chunk, sizeof chunk);
    if (n <= 0) return reply;
    buffer_.append(chunk, static_cast<std::size_t>(n));
  }
  const std::string headers = buffer_.substr(0, header_end);
  if (headers.size() < 12) return reply;
  reply.status = std::atoi(headers.c_str() + 9);  // "HTTP/1.1 200 OK"
  std::size_t length = 0;
  for (std::size_t pos = 0; pos < headers.size();) {
    const std::size_t eol = std::min(headers.find("\r\n", pos), headers.size());
    std::string line = headers.substr(pos, eol - pos);
    for (char& c : line) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (line.rfind("content-length:", 0) == 0)
      length = std::strtoull(line.c_str() + 15, nullptr, 10);
    pos = eol + 2;
  }
  bool closing = false;
  for (std::size_t pos = 0; pos < headers.size();) {
    const std::size_t eol = std::min(headers.find("\r\n", pos), headers.size());
    std::string line = headers.substr(pos, eol - pos);
    for (char& c : line) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (line.rfind("connection:", 0) == 0 && line.find("close") != std::string::npos)
      closing = true;
    pos = eol + 2;
  }
  const std::size_t total = header_end + 4 + length;
  while (buffer_.size() < total) {
    const ssize_t n = read(fd_, chunk, sizeof chunk);
    if (n <= 0) {
      reply.status = 0;
      return reply;
    }
    buffer_.append(chunk, static_cast<std::size_t>(n));
  }
  reply.body = buffer_.substr(header_end + 4, length);
  buffer_.erase(0, total);
  if (closing) Connect();  // the server ends this connection: open the next one now
  return reply;
}

}  // namespace peer
