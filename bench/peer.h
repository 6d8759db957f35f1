// Endpoints that speak DynamoDB's JSON 1.0 protocol, for the differential test and the HTTP
// benchmark: start `model serve` or DynamoDB Local (through scripts/peers) as child processes,
// wait until they answer, send them requests, and stop them (by their own process id) when the
// Endpoint goes away.
#pragma once

#include <sys/types.h>

#include <memory>
#include <string>
#include <vector>

namespace httplib {
class Client;
}

namespace peer {

struct Reply {
  int status = 0;    // HTTP status; 0 when the connection failed
  std::string body;  // the JSON body
};

// One keep-alive HTTP connection to an endpoint. Not thread-safe: one per thread.
class Connection {
 public:
  explicit Connection(int port);
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;
  ~Connection();
  // POSTs one DynamoDB operation (`op` as in X-Amz-Target DynamoDB_20120810.<op>).
  Reply Call(const std::string& op, const std::string& body) {
    return CallTarget("DynamoDB_20120810." + op, body);
  }
  // POSTs with this X-Amz-Target (e.g. DynamoDBStreams_20120810.GetRecords).
  Reply CallTarget(const std::string& target, const std::string& body);

 private:
  std::unique_ptr<httplib::Client> client_;
};

// A minimal HTTP/1.1 client on one blocking keep-alive socket, for benchmarks: it sends a
// prepared request and reads the answer by its Content-Length, so the client's own cost stays
// small next to the server's (DynamoDB's JSON protocol needs nothing more).
class RawConnection {
 public:
  explicit RawConnection(int port);
  RawConnection(const RawConnection&) = delete;
  RawConnection& operator=(const RawConnection&) = delete;
  ~RawConnection();
  bool connected() const { return fd_ >= 0; }
  // The complete HTTP request for one operation, to prepare once and send many times.
  static std::string Request(int port, const std::string& op, const std::string& body);
  // Sends a prepared request; returns the status (0 on a broken connection) and the body.
  Reply Send(const std::string& request);

 private:
  void Connect();
  int port_;
  int fd_ = -1;
  std::string buffer_;
};

class Endpoint {
 public:
  // Starts `model serve --port 0` and reads the port it prints. Empty on failure (`error` says).
  static std::unique_ptr<Endpoint> StartModelServe(const std::string& model_binary,
                                                   std::string* error,
                                                   const std::vector<std::string>& extra_args = {});
  // Starts `peers_script dynamodb-local PORT` on a free port. Empty on failure.
  static std::unique_ptr<Endpoint> StartDynamoDbLocal(const std::string& peers_script,
                                                      std::string* error);
  Endpoint(const Endpoint&) = delete;
  Endpoint& operator=(const Endpoint&) = delete;
  ~Endpoint();  // stops the child (SIGTERM, then SIGKILL after 5 s)
  // Sends SIGTERM and waits (SIGKILL after 5 s): the child's exit status as waitpid reports it,
  // or -1 when it was already gone.
  int Stop();
  // Waits up to `seconds` for the child to exit on its own: its exit status as waitpid reports
  // it, or -1 when it is still running (then it keeps running) or already gone.
  int WaitExit(double seconds);
  // Sends SIGKILL and waits: the exit status as waitpid reports it, or -1 when already gone.
  int Kill();
  // The child's process id (-1 once stopped), e.g. to signal it.
  pid_t pid() const { return pid_; }

  // POSTs one DynamoDB operation on the endpoint's own connection.
  Reply Call(const std::string& op, const std::string& body) { return connection_->Call(op, body); }
  Reply CallTarget(const std::string& target, const std::string& body) {
    return connection_->CallTarget(target, body);
  }
  // A further connection, e.g. for another client thread.
  std::unique_ptr<Connection> Connect() const { return std::make_unique<Connection>(port_); }
  const std::string& name() const { return name_; }
  int port() const { return port_; }

 private:
  Endpoint(std::string name, pid_t pid, int port);
  // Polls ListTables until it answers or `seconds` pass.
  bool WaitReady(double seconds);

  std::string name_;
  pid_t pid_;
  int port_;
  std::unique_ptr<Connection> connection_;
};

}  // namespace peer
