// Test servers for HttpDataPlane, all on 127.0.0.1 and an ephemeral port: an HTTP server
// (cpp-httplib) whose handler the test supplies, and a TCP listener that accepts connections and
// closes them without answering. Both stop (and join their thread) when destroyed.
//
// VerifySigV4 recomputes a request's AWS Signature Version 4 from its canonical request, as
// https://docs.aws.amazon.com/IAM/latest/UserGuide/create-signed-request.html describes, and
// compares it with the Authorization header's: the test's own implementation, independent of
// libcurl's signing that the product uses.
#pragma once

#include <httplib.h>

#include <atomic>
#include <functional>
#include <string>
#include <thread>

namespace http_test {

class Server {
 public:
  using Handler = std::function<void(const httplib::Request&, httplib::Response&)>;
  explicit Server(Handler handler);
  ~Server();
  int port() const { return port_; }
  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }
  int requests() const { return requests_.load(); }

 private:
  httplib::Server server_;
  int port_ = 0;
  std::atomic<int> requests_{0};
  std::thread thread_;
};

// Accepts connections, reads what arrives, closes without a byte of answer.
class ClosingServer {
 public:
  ClosingServer();
  ~ClosingServer();
  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }

 private:
  int fd_ = -1;
  int port_ = 0;
  std::atomic<bool> stop_{false};
  std::thread thread_;
};

// "" when the request's signature is right for `secret`, else what differs.
std::string VerifySigV4(const httplib::Request& request, const std::string& secret);

}  // namespace http_test
