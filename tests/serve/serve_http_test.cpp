// `model serve`'s HTTP layer as a process: many idle keep-alive connections do not hold back
// new clients; chunked and compressed bodies are bounded as they arrive; SIGTERM closes idle
// connections at once and lets requests in flight finish; each answer has its own request id
// and the CRC-32 of its body.
#include <signal.h>
#include <sys/wait.h>
#include <zlib.h>

#include <atomic>
#include <catch2/catch.hpp>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <memory>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "bench/peer.h"
#include "tests/serve/raw_http.h"

using Json = nlohmann::json;
using serve_test::RawClient;
using serve_test::RawReply;
using serve_test::Request;
using serve_test::RequestHead;
using Clock = std::chrono::steady_clock;

namespace {

std::unique_ptr<peer::Endpoint> Start(const std::vector<std::string>& args = {}) {
  std::string error;
  auto endpoint = peer::Endpoint::StartModelServe(MODEL_BINARY, &error, args);
  INFO(error);
  REQUIRE(endpoint != nullptr);
  return endpoint;
}

const std::string kCreate = Json{
    {"TableName", "items"},
    {"AttributeDefinitions", {{{"AttributeName", "PK"}, {"AttributeType", "S"}}}},
    {"KeySchema", {{{"AttributeName", "PK"}, {"KeyType", "HASH"}}}},
    {"BillingMode",
     "PAY_PER_REQUEST"}}.dump();

std::string Put(const std::string& pk, const std::string& value = "v") {
  return Json{{"TableName", "items"}, {"Item", {{"PK", {{"S", pk}}}, {"v", {{"S", value}}}}}}
      .dump();
}

std::string Get(const std::string& pk) {
  return Json{{"TableName", "items"}, {"Key", {{"PK", {{"S", pk}}}}}, {"ConsistentRead", true}}
      .dump();
}

// `text` compressed with zlib's gzip wrapper (run-length matches only: fast), fed `repeat` times.
std::string Gzip(const std::string& text, int repeat = 1) {
  z_stream z{};
  REQUIRE(deflateInit2(&z, Z_BEST_COMPRESSION, Z_DEFLATED, 15 + 16, 8, Z_RLE) == Z_OK);
  std::string out;
  char buffer[1 << 16];
  for (int i = 0; i < repeat; ++i) {
    z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(text.data()));
    z.avail_in = static_cast<uInt>(text.size());
    const int flush = i + 1 == repeat ? Z_FINISH : Z_NO_FLUSH;
    int rc;
    do {
      z.next_out = reinterpret_cast<Bytef*>(buffer);
      z.avail_out = sizeof buffer;
      rc = deflate(&z, flush);
      out.append(buffer, sizeof buffer - z.avail_out);
    } while (z.avail_out == 0 || (flush == Z_FINISH && rc != Z_STREAM_END));
  }
  deflateEnd(&z);
  return out;
}

bool IsRequestId(const std::string& id) {
  if (id.size() != 52) return false;
  for (char c : id) {
    if (!((c >= 'A' && c <= 'Z') || (c >= '2' && c <= '7'))) return false;
  }
  return true;
}

}  // namespace

TEST_CASE("serve answers new clients promptly while many idle keep-alive connections are open",
          "[serve]") {
  auto serve = Start();
  REQUIRE(serve->Call("CreateTable", kCreate).status == 200);
  // 200 established keep-alive connections, each used once and then left idle.
  std::vector<std::unique_ptr<RawClient>> idle;
  for (int i = 0; i < 200; ++i) {
    idle.push_back(std::make_unique<RawClient>(serve->port()));
    REQUIRE(idle.back()->Send(Request("ListTables", "{}")));
    REQUIRE(idle.back()->Read().status == 200);
  }
  // 100 more clients at once, each with a new connection and a write.
  const auto start = Clock::now();
  std::vector<std::thread> clients;
  std::atomic<int> served{0};
  for (int i = 0; i < 100; ++i) {
    clients.emplace_back([&, i] {
      RawClient client(serve->port());
      if (client.Send(Request("PutItem", Put("k" + std::to_string(i)))) &&
          client.Read().status == 200)
        ++served;
    });
  }
  for (std::thread& t : clients) t.join();
  const double seconds = std::chrono::duration<double>(Clock::now() - start).count();
  CHECK(served == 100);
  CHECK(seconds < 5.0);
  // The idle connections were kept, and serve again.
  int again = 0;
  for (auto& client : idle) {
    if (client->Send(Request("GetItem", Get("k7"))) && client->Read().status == 200) ++again;
  }
  CHECK(again == 200);
}

TEST_CASE("serve at its connection bound closes the connection idle longest for a new one",
          "[serve]") {
  // Under an open-files limit of 160 the bound is 96 connections (64 descriptors kept spare).
  const std::string wrapper = (std::filesystem::temp_directory_path() /
                               ("model-serve-ulimit-" + std::to_string(getpid()) + ".sh"))
                                  .string();
  std::ofstream(wrapper) << "#!/bin/sh\nulimit -n 160 || exit 1\nexec " << MODEL_BINARY
                         << " \"$@\"\n";
  std::filesystem::permissions(wrapper, std::filesystem::perms::owner_all);
  std::string error;
  auto serve = peer::Endpoint::StartModelServe(wrapper, &error);
  INFO(error);
  REQUIRE(serve != nullptr);
  std::vector<std::unique_ptr<RawClient>> idle;
  for (int i = 0; i < 120; ++i) {  // the endpoint's own connection is the oldest
    idle.push_back(std::make_unique<RawClient>(serve->port()));
    REQUIRE(idle.back()->Send(Request("ListTables", "{}")));
    REQUIRE(idle.back()->Read().status == 200);  // each new one is let in at once
  }
  CHECK(idle.front()->ClosedByServer());  // the longest idle made room
  CHECK(idle.back()->Send(Request("ListTables", "{}")));
  CHECK(idle.back()->Read().status == 200);  // the newest stayed
  std::remove(wrapper.c_str());
}

TEST_CASE("serve stops at once on SIGTERM with an idle keep-alive connection open", "[serve]") {
  auto serve = Start();
  RawClient idle(serve->port());
  REQUIRE(idle.Send(Request("ListTables", "{}")));
  REQUIRE(idle.Read().status == 200);
  const auto start = Clock::now();
  const int status = serve->Stop();
  const double seconds = std::chrono::duration<double>(Clock::now() - start).count();
  CHECK(WIFEXITED(status));
  CHECK(WEXITSTATUS(status) == 0);
  CHECK(seconds < 1.5);
  CHECK(idle.ClosedByServer());
}

TEST_CASE("serve finishes a request in flight when SIGTERM comes, then exits", "[serve]") {
  auto serve = Start();
  REQUIRE(serve->Call("CreateTable", kCreate).status == 200);
  RawClient client(serve->port());
  const std::string request = Request("PutItem", Put("inflight"));
  REQUIRE(client.Send(request.substr(0, request.size() - 10)));  // the body cut short
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  REQUIRE(kill(serve->pid(), SIGTERM) == 0);
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  REQUIRE(client.Send(request.substr(request.size() - 10)));
  const RawReply reply = client.Read();
  CHECK(reply.status == 200);
  CHECK(reply.headers.at("connection") == "close");
  CHECK(client.ClosedByServer());
  const int status = serve->WaitExit(3);  // on its own: the SIGTERM was enough
  CHECK(WIFEXITED(status));
  CHECK(WEXITSTATUS(status) == 0);
}

TEST_CASE("serve cuts off an endless chunked body early, without reading it", "[serve]") {
  auto serve = Start();
  RawClient client(serve->port());
  REQUIRE(client.Send(RequestHead("PutItem", "Transfer-Encoding: chunked\r\n")));
  const std::string chunk = "100000\r\n" + std::string(1 << 20, 'x') + "\r\n";  // 1 MiB
  int sent_mib = 0;
  while (sent_mib < 1000 && !client.Readable(0) && client.Send(chunk)) ++sent_mib;
  INFO("sent " << sent_mib << " MiB");
  CHECK(sent_mib >= 16);  // the bound is 17 MiB; up to 34 MiB are read and dropped
  CHECK(sent_mib < 64);
  // libmicrohttpd queues an answer only before a body is read or after all of it: a chunked body
  // still going past what is drained has its connection closed without one.
  CHECK(client.Read().status == 0);
  CHECK(serve->Call("ListTables", "{}").status == 200);  // and goes on serving
}

TEST_CASE("serve answers 413 to a chunked body past the bound once it has been sent", "[serve]") {
  auto serve = Start();
  RawClient client(serve->port());
  REQUIRE(client.Send(RequestHead("PutItem", "Transfer-Encoding: chunked\r\n")));
  const std::string chunk = "100000\r\n" + std::string(1 << 20, 'x') + "\r\n";  // 1 MiB
  for (int i = 0; i < 18; ++i) REQUIRE(client.Send(chunk));
  REQUIRE(client.Send("0\r\n\r\n"));
  const RawReply reply = client.Read();
  CHECK(reply.status == 413);
  CHECK(reply.headers.at("connection") == "close");
  CHECK(serve->Call("ListTables", "{}").status == 200);
}

TEST_CASE("serve refuses a gzip body that inflates past the bound", "[serve]") {
  auto serve = Start();
  const std::string bomb = Gzip(std::string(1 << 20, '\0'), 500);  // 500 MiB of zeros
  REQUIRE(bomb.size() < 1024 * 1024);
  RawClient client(serve->port());
  const auto start = Clock::now();
  REQUIRE(client.Send(RequestHead("PutItem", "Content-Encoding: gzip\r\nContent-Length: " +
                                                 std::to_string(bomb.size()) + "\r\n") +
                      bomb));
  const RawReply reply = client.Read();
  CHECK(reply.status == 413);
  CHECK(std::chrono::duration<double>(Clock::now() - start).count() < 3.0);
  CHECK(serve->Call("ListTables", "{}").status == 200);
}

TEST_CASE("serve answers refused bodies with JSON errors of DynamoDB's shape", "[serve]") {
  auto serve = Start();
  // The exception name (after '#') and message of a refusal, checking its shape on the way.
  auto refusal = [](const RawReply& reply) {
    INFO(reply.body);
    CHECK(reply.headers.at("content-type") == "application/x-amz-json-1.0");
    const Json body = Json::parse(reply.body);
    REQUIRE(body.size() == 2);
    const std::string type = body.at("__type");
    CHECK(type.rfind("com.amazon.coral.service#", 0) == 0);
    return type.substr(type.find('#') + 1) + ": " + body.at("message").get<std::string>();
  };
  SECTION("413: a body over the bound") {
    RawClient client(serve->port());
    REQUIRE(client.Send(RequestHead("PutItem", "Expect: 100-continue\r\nContent-Length: " +
                                                   std::to_string(100 << 20) + "\r\n")));
    const RawReply reply = client.Read();
    CHECK(reply.status == 413);
    CHECK(refusal(reply) ==
          "RequestEntityTooLargeException: The request body is larger than 17825792 bytes");
  }
  SECTION("415: an encoding serve does not decode") {
    RawClient client(serve->port());
    REQUIRE(client.Send(RequestHead("ListTables", "Content-Encoding: br\r\nContent-Length: 2\r\n") +
                        "{}"));
    const RawReply reply = client.Read();
    CHECK(reply.status == 415);
    CHECK(refusal(reply) ==
          "UnsupportedMediaTypeException: Unsupported Content-Encoding: gzip, deflate and "
          "identity are accepted");
  }
  SECTION("400: a corrupt gzip body") {
    RawClient client(serve->port());
    const std::string body = "not gzip at all";
    REQUIRE(client.Send(RequestHead("ListTables", "Content-Encoding: gzip\r\nContent-Length: " +
                                                      std::to_string(body.size()) + "\r\n") +
                        body));
    const RawReply reply = client.Read();
    CHECK(reply.status == 400);
    CHECK(refusal(reply) ==
          "SerializationException: The gzip or deflate request body is corrupt or cut short");
  }
  CHECK(serve->Call("ListTables", "{}").status == 200);
}

TEST_CASE("serve decodes chunked, gzip and 100-continue requests", "[serve]") {
  auto serve = Start();
  REQUIRE(serve->Call("CreateTable", kCreate).status == 200);
  RawClient client(serve->port());
  SECTION("chunked, with an extension and a trailer") {
    const std::string body = Put("chunked", "c");
    const std::string half = body.substr(0, 10), rest = body.substr(10);
    char size[16];
    std::snprintf(size, sizeof size, "%zx", rest.size());
    REQUIRE(client.Send(RequestHead("PutItem", "Transfer-Encoding: chunked\r\n") + "a;x=1\r\n" +
                        half + "\r\n" + size + "\r\n" + rest + "\r\n0\r\nX-Trailer: 1\r\n\r\n"));
    CHECK(client.Read().status == 200);
    REQUIRE(client.Send(Request("GetItem", Get("chunked"))));
    CHECK(Json::parse(client.Read().body)["Item"]["v"] == Json({{"S", "c"}}));
  }
  SECTION("gzip") {
    const std::string body = Gzip(Put("gzipped", "g"));
    REQUIRE(client.Send(RequestHead("PutItem", "Content-Encoding: gzip\r\nContent-Length: " +
                                                   std::to_string(body.size()) + "\r\n") +
                        body));
    CHECK(client.Read().status == 200);
    REQUIRE(client.Send(Request("GetItem", Get("gzipped"))));
    CHECK(Json::parse(client.Read().body)["Item"]["v"] == Json({{"S", "g"}}));
  }
  SECTION("a corrupt gzip body is a bad request") {
    const std::string body = "not gzip at all";
    REQUIRE(client.Send(RequestHead("PutItem", "Content-Encoding: gzip\r\nContent-Length: " +
                                                   std::to_string(body.size()) + "\r\n") +
                        body));
    CHECK(client.Read().status == 400);
  }
  SECTION("Expect: 100-continue") {
    const std::string body = Put("continued");
    REQUIRE(client.Send(RequestHead("PutItem", "Expect: 100-continue\r\nContent-Length: " +
                                                   std::to_string(body.size()) + "\r\n")));
    CHECK(client.Read().status == 100);
    REQUIRE(client.Send(body));
    CHECK(client.Read().status == 200);
  }
  SECTION("Expect: 100-continue over the bound is refused before the body") {
    REQUIRE(client.Send(RequestHead("PutItem", "Expect: 100-continue\r\nContent-Length: " +
                                                   std::to_string(100 << 20) + "\r\n")));
    CHECK(client.Read().status == 413);
  }
  SECTION("pipelined requests are answered in order") {
    REQUIRE(client.Send(Request("PutItem", Put("p1")) + Request("GetItem", Get("p1"))));
    CHECK(client.Read().status == 200);
    const RawReply got = client.Read();
    CHECK(got.status == 200);
    CHECK(Json::parse(got.body)["Item"]["PK"] == Json({{"S", "p1"}}));
  }
  SECTION("a head over 64 KB is refused") {
    REQUIRE(client.Send(RequestHead("ListTables", "X-Big: " + std::string(70000, 'h') + "\r\n")));
    CHECK(client.Read().status == 431);
  }
}

TEST_CASE("serve gives each answer its own request id and the CRC-32 of its body", "[serve]") {
  auto serve = Start();
  std::set<std::string> ids;
  for (int connection = 0; connection < 2; ++connection) {
    RawClient client(serve->port());
    for (int i = 0; i < 3; ++i) {
      REQUIRE(client.Send(Request(i == 2 ? "DescribeTable" : "ListTables",
                                  i == 2 ? R"({"TableName":"missing"})" : "{}")));
      const RawReply reply = client.Read();
      REQUIRE(reply.status != 0);
      const std::string id = reply.headers.at("x-amzn-requestid");
      CHECK(IsRequestId(id));
      ids.insert(id);
      const uLong crc = crc32(0L, reinterpret_cast<const Bytef*>(reply.body.data()),
                              static_cast<uInt>(reply.body.size()));
      CHECK(reply.headers.at("x-amz-crc32") == std::to_string(crc));
    }
  }
  CHECK(ids.size() == 6);
}
