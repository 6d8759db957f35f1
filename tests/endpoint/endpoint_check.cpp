// `model check --endpoint URL` end to end: every sample checked through HttpDataPlane against a
// running endpoint.
//
//   endpoint_check --model BIN --root SRC --peer serve
//       starts `model serve` on a free loopback port; each sample's check must print exactly its
//       checked-in samples/<sample>/check.txt (the same engine answers, so the same report) and
//       leave no table behind;
//   endpoint_check --model BIN --root SRC --peer local --peers SRC/scripts/peers
//       starts DynamoDB Local (scripts/peers); each sample's check must pass (exit 0). Exit 77
//       (skipped) when DynamoDB Local is not installed, unless MODEL_REQUIRE_PEERS=1.
#include <sys/wait.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>

#include "bench/peer.h"

namespace fs = std::filesystem;

namespace {

struct Run {
  int exit_code = -1;
  std::string out;
};

Run Execute(const std::string& command) {
  Run r;
  FILE* pipe = ::popen(command.c_str(), "r");
  if (pipe == nullptr) return r;
  char buffer[4096];
  for (std::size_t n; (n = std::fread(buffer, 1, sizeof buffer, pipe)) > 0;)
    r.out.append(buffer, n);
  const int status = ::pclose(pipe);
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return r;
}

std::string Read(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

}  // namespace

int main(int argc, char** argv) {
  std::string model, root, peer_name = "serve", peers;
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string flag = argv[i];
    if (flag == "--model")
      model = argv[i + 1];
    else if (flag == "--root")
      root = argv[i + 1];
    else if (flag == "--peer")
      peer_name = argv[i + 1];
    else if (flag == "--peers")
      peers = argv[i + 1];
  }
  const bool require = std::getenv("MODEL_REQUIRE_PEERS") != nullptr &&
                       std::string(std::getenv("MODEL_REQUIRE_PEERS")) == "1";
  std::string error;
  std::unique_ptr<peer::Endpoint> endpoint;
  if (peer_name == "local") {
    if (Execute(peers + " path >/dev/null 2>&1").exit_code != 0) {
      std::cerr << "endpoint_check: DynamoDB Local is not installed (scripts/peers install)\n";
      return require ? 1 : 77;
    }
    endpoint = peer::Endpoint::StartDynamoDbLocal(peers, &error);
  } else {
    endpoint = peer::Endpoint::StartModelServe(model, &error);
  }
  if (!endpoint) {
    std::cerr << "endpoint_check: could not start " << peer_name << ": " << error << "\n";
    return peer_name == "local" && !require ? 77 : 1;
  }
  const std::string url = "http://127.0.0.1:" + std::to_string(endpoint->port());
  int failures = 0;
  for (const auto& sample : fs::directory_iterator(fs::path(root) / "samples")) {
    const fs::path yaml = sample.path() / "model.yaml";
    if (!fs::exists(yaml)) continue;
    const std::string name = sample.path().filename().string();
    Run r = Execute("env -u AWS_PROFILE AWS_ACCESS_KEY_ID=local AWS_SECRET_ACCESS_KEY=local '" +
                    model + "' check '" + yaml.string() + "' --endpoint " + url +
                    " --table-prefix endpoint-check- 2>&1");
    // The checked-in report names the file as the golden runner runs it (in the sample's folder).
    Run expected_run{0, Read(sample.path() / "check.txt")};
    std::string got = r.out;
    const std::string prefix = yaml.string() + ":";
    for (std::size_t at; (at = got.find(prefix)) != std::string::npos;)
      got.replace(at, prefix.size(), "model.yaml:");
    bool ok = r.exit_code == 0;
    if (peer_name == "serve") ok = ok && got == expected_run.out;
    std::cout << (ok ? "pass " : "FAIL ") << name << " (exit " << r.exit_code << ")\n";
    if (!ok) {
      ++failures;
      std::cout << got << "\n--- expected (samples/" << name << "/check.txt) ---\n"
                << expected_run.out;
    }
  }
  // Every table the checks created is gone.
  const peer::Reply tables = endpoint->Call("ListTables", "{}");
  if (tables.body.find("endpoint-check-") != std::string::npos) {
    std::cout << "FAIL a table was left behind: " << tables.body << "\n";
    ++failures;
  }
  return failures == 0 ? 0 : 1;
}
