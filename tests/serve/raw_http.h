// Raw HTTP/1.1 on one blocking socket with timeouts, for the serve tests: requests go out byte
// for byte as a test writes them (chunked, compressed, oversized, pipelined, cut short), and
// answers come back with their headers. A timeout or a broken connection reads as status 0.
#pragma once

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <cstdlib>
#include <map>
#include <string>
#include <string_view>

namespace serve_test {

struct RawReply {
  int status = 0;                              // 0: no complete answer (timeout, closed)
  std::map<std::string, std::string> headers;  // names in lower case
  std::string body;
};

class RawClient {
 public:
  explicit RawClient(int port, int timeout_ms = 5000) {
    fd_ = socket(AF_INET, SOCK_STREAM, 0);
    if (fd_ < 0) return;
    timeval tv{timeout_ms / 1000, (timeout_ms % 1000) * 1000};
    setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    setsockopt(fd_, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
    int one = 1;
    setsockopt(fd_, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = htons(static_cast<std::uint16_t>(port));
    if (connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
      close(fd_);
      fd_ = -1;
    }
  }
  RawClient(const RawClient&) = delete;
  RawClient& operator=(const RawClient&) = delete;
  ~RawClient() {
    if (fd_ >= 0) close(fd_);
  }
  bool connected() const { return fd_ >= 0; }

  // Writes all of `bytes`; false when the connection broke or the write timed out.
  bool Send(std::string_view bytes) {
    while (!bytes.empty()) {
      const ssize_t n = send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL);
      if (n <= 0) return false;
      bytes.remove_prefix(static_cast<std::size_t>(n));
    }
    return true;
  }
  // Whether the server has sent something (or closed) within `timeout_ms`.
  bool Readable(int timeout_ms) {
    if (!buffer_.empty()) return true;
    pollfd p{fd_, POLLIN, 0};
    return poll(&p, 1, timeout_ms) > 0;
  }
  // Whether the server closed the connection within the receive timeout (nothing left to read).
  bool ClosedByServer() {
    char c;
    return buffer_.empty() && recv(fd_, &c, 1, 0) == 0;
  }
  // Reads one answer (an interim 1xx one too, as its own answer).
  RawReply Read() {
    RawReply reply;
    std::size_t end;
    while ((end = buffer_.find("\r\n\r\n")) == std::string::npos) {
      if (!Fill()) return reply;
    }
    const std::string head = buffer_.substr(0, end);
    buffer_.erase(0, end + 4);
    if (head.rfind("HTTP/1.", 0) != 0 || head.size() < 12) return reply;
    std::size_t length = 0;
    for (std::size_t pos = head.find("\r\n"); pos != std::string::npos && pos < head.size();) {
      const std::size_t eol = std::min(head.find("\r\n", pos + 2), head.size());
      const std::string line = head.substr(pos + 2, eol - pos - 2);
      const std::size_t colon = line.find(':');
      std::string name = line.substr(0, colon);
      for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      std::string value = colon == std::string::npos ? "" : line.substr(colon + 1);
      while (!value.empty() && value.front() == ' ') value.erase(0, 1);
      reply.headers[name] = value;
      if (name == "content-length") length = std::strtoull(value.c_str(), nullptr, 10);
      pos = eol == head.size() ? std::string::npos : eol;
    }
    while (buffer_.size() < length) {
      if (!Fill()) return reply;
    }
    reply.body = buffer_.substr(0, length);
    buffer_.erase(0, length);
    reply.status = std::atoi(head.c_str() + 9);
    return reply;
  }

 private:
  bool Fill() {
    char chunk[65536];
    const ssize_t n = recv(fd_, chunk, sizeof chunk, 0);
    if (n <= 0) return false;
    buffer_.append(chunk, static_cast<std::size_t>(n));
    return true;
  }
  int fd_ = -1;
  std::string buffer_;
};

// The head of a DynamoDB request (without the framing of its body) and a whole request.
inline std::string RequestHead(const std::string& op, const std::string& framing) {
  return "POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-amz-json-1.0\r\n"
         "X-Amz-Target: DynamoDB_20120810." +
         op + "\r\n" + framing + "\r\n";
}
inline std::string Request(const std::string& op, const std::string& body) {
  return RequestHead(op, "Content-Length: " + std::to_string(body.size()) + "\r\n") + body;
}

}  // namespace serve_test
