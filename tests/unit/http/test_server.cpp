#include "tests/unit/http/test_server.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <openssl/hmac.h>
#include <openssl/sha.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <map>
#include <sstream>
#include <vector>

namespace http_test {

Server::Server(Handler handler) {
  server_.Post("/", [this, handler](const httplib::Request& req, httplib::Response& res) {
    ++requests_;
    handler(req, res);
  });
  port_ = server_.bind_to_any_port("127.0.0.1");
  thread_ = std::thread([this] { server_.listen_after_bind(); });
  // stop() before the accept loop runs would be lost (and the join would hang).
  while (!server_.is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
}

Server::~Server() {
  server_.stop();
  thread_.join();
}

ClosingServer::ClosingServer() {
  fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;
  ::bind(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
  ::listen(fd_, 8);
  socklen_t len = sizeof addr;
  ::getsockname(fd_, reinterpret_cast<sockaddr*>(&addr), &len);
  port_ = ntohs(addr.sin_port);
  thread_ = std::thread([this] {
    while (!stop_) {
      pollfd p{fd_, POLLIN, 0};
      if (::poll(&p, 1, 50) <= 0) continue;
      int client = ::accept(fd_, nullptr, nullptr);
      if (client < 0) continue;
      char buffer[4096];
      pollfd c{client, POLLIN, 0};
      if (::poll(&c, 1, 1000) > 0) (void)::recv(client, buffer, sizeof buffer, 0);
      ::close(client);
    }
  });
}

ClosingServer::~ClosingServer() {
  stop_ = true;
  thread_.join();
  ::close(fd_);
}

namespace {

std::string Hex(const unsigned char* data, std::size_t size) {
  static const char* kDigits = "0123456789abcdef";
  std::string out;
  for (std::size_t i = 0; i < size; ++i) {
    out.push_back(kDigits[data[i] >> 4]);
    out.push_back(kDigits[data[i] & 15]);
  }
  return out;
}

std::string Sha256Hex(const std::string& text) {
  unsigned char digest[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const unsigned char*>(text.data()), text.size(), digest);
  return Hex(digest, sizeof digest);
}

std::string Hmac(const std::string& key, const std::string& text) {
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
       reinterpret_cast<const unsigned char*>(text.data()), text.size(), out, &len);
  return std::string(reinterpret_cast<const char*>(out), len);
}

std::string Trim(const std::string& s) {
  auto a = s.find_first_not_of(' ');
  auto b = s.find_last_not_of(' ');
  return a == std::string::npos ? "" : s.substr(a, b - a + 1);
}

// The value of `key=` in the Authorization header, up to the next ',' (or the end).
std::string Field(const std::string& auth, const std::string& key) {
  auto at = auth.find(key + "=");
  if (at == std::string::npos) return "";
  at += key.size() + 1;
  return auth.substr(at, auth.find(',', at) - at);
}

}  // namespace

std::string VerifySigV4(const httplib::Request& request, const std::string& secret) {
  const std::string auth = request.get_header_value("Authorization");
  const std::string algorithm = "AWS4-HMAC-SHA256";
  if (auth.rfind(algorithm + " ", 0) != 0)
    return "Authorization is not AWS4-HMAC-SHA256: '" + auth + "'";
  const std::string credential = Field(auth, "Credential");
  const std::string signed_headers = Field(auth, "SignedHeaders");
  const std::string signature = Field(auth, "Signature");
  // Credential = KEY/DATE/REGION/SERVICE/aws4_request
  std::vector<std::string> scope_parts;
  std::stringstream cs(credential);
  for (std::string part; std::getline(cs, part, '/');) scope_parts.push_back(part);
  if (scope_parts.size() != 5 || scope_parts[4] != "aws4_request")
    return "bad Credential: " + credential;
  const std::string amz_date = request.get_header_value("X-Amz-Date");
  if (amz_date.substr(0, 8) != scope_parts[1])
    return "X-Amz-Date does not match the credential scope";

  std::string canonical_headers;
  std::stringstream hs(signed_headers);
  for (std::string name; std::getline(hs, name, ';');) {
    if (!request.has_header(name.c_str())) return "signed header missing from the request: " + name;
    canonical_headers += name + ":" + Trim(request.get_header_value(name.c_str())) + "\n";
  }
  if (signed_headers.find("host") == std::string::npos) return "host is not signed";
  if (signed_headers.find("x-amz-target") == std::string::npos) return "x-amz-target is not signed";
  const std::string canonical_request = request.method + "\n" + request.path + "\n" + "" + "\n" +
                                        canonical_headers + "\n" + signed_headers + "\n" +
                                        Sha256Hex(request.body);
  const std::string scope =
      scope_parts[1] + "/" + scope_parts[2] + "/" + scope_parts[3] + "/aws4_request";
  const std::string string_to_sign =
      algorithm + "\n" + amz_date + "\n" + scope + "\n" + Sha256Hex(canonical_request);
  std::string key = Hmac("AWS4" + secret, scope_parts[1]);
  key = Hmac(key, scope_parts[2]);
  key = Hmac(key, scope_parts[3]);
  key = Hmac(key, "aws4_request");
  const std::string mac = Hmac(key, string_to_sign);
  const std::string expected = Hex(reinterpret_cast<const unsigned char*>(mac.data()), mac.size());
  if (expected != signature)
    return "signature mismatch: expected " + expected + ", got " + signature;
  return "";
}

}  // namespace http_test
