// AwsConfig: credentials, region and endpoint resolved the AWS SDKs' way, from a fake
// environment and temporary shared credentials/config files.
#include "model/sim/http/aws_config.h"

#include <unistd.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <map>

#include "model/sim/http/retry.h"

namespace {

namespace fs = std::filesystem;

sim::EnvLookup Env(std::map<std::string, std::string> vars) {
  return [vars](const std::string& name) -> std::optional<std::string> {
    auto it = vars.find(name);
    if (it == vars.end()) return std::nullopt;
    return it->second;
  };
}

struct TempHome {
  fs::path dir;
  TempHome() {
    dir = fs::temp_directory_path() / ("model-aws-" + std::to_string(::getpid()) + "-" +
                                       std::to_string(reinterpret_cast<std::uintptr_t>(this)));
    fs::create_directories(dir / ".aws");
  }
  ~TempHome() { fs::remove_all(dir); }
  void Write(const std::string& name, const std::string& text) {
    std::ofstream(dir / ".aws" / name) << text;
  }
};

}  // namespace

TEST_CASE("AwsConfig: environment credentials, region and endpoint win") {
  TempHome home;
  home.Write("credentials",
             "[default]\naws_access_key_id = FILEKEY\naws_secret_access_key = FILESECRET\n");
  auto c = sim::ResolveAwsConfig(Env({{"HOME", home.dir.string()},
                                      {"AWS_ACCESS_KEY_ID", "ENVKEY"},
                                      {"AWS_SECRET_ACCESS_KEY", "ENVSECRET"},
                                      {"AWS_SESSION_TOKEN", "TOKEN"},
                                      {"AWS_REGION", "eu-west-1"},
                                      {"AWS_DEFAULT_REGION", "us-west-2"},
                                      {"AWS_ENDPOINT_URL", "http://general:1"},
                                      {"AWS_ENDPOINT_URL_DYNAMODB", "http://dynamo:2"}}),
                                 "");
  REQUIRE(c.ok());
  CHECK(c->credentials.access_key_id == "ENVKEY");
  CHECK(c->credentials.secret_access_key == "ENVSECRET");
  CHECK(c->credentials.session_token == "TOKEN");
  CHECK(c->credentials_source == "environment");
  CHECK(c->region == "eu-west-1");
  CHECK(c->endpoint == "http://dynamo:2");
}

TEST_CASE(
    "AwsConfig: an explicit endpoint overrides the environment; AWS_DEFAULT_REGION, "
    "AWS_ENDPOINT_URL") {
  auto c = sim::ResolveAwsConfig(
      Env({{"AWS_DEFAULT_REGION", "us-west-2"}, {"AWS_ENDPOINT_URL", "http://general:1"}}), "");
  REQUIRE(c.ok());
  CHECK(c->region == "us-west-2");
  CHECK(c->endpoint == "http://general:1");
  auto d = sim::ResolveAwsConfig(Env({{"AWS_ENDPOINT_URL", "http://general:1"}}),
                                 "http://127.0.0.1:8000");
  REQUIRE(d.ok());
  CHECK(d->endpoint == "http://127.0.0.1:8000");
  CHECK(d->region == "us-east-1");         // not AWS: any region will do
  CHECK(d->credentials_source == "none");  // not AWS: placeholder credentials
}

TEST_CASE("AwsConfig: AWS_PROFILE picks a section of the shared files") {
  TempHome home;
  home.Write(
      "credentials",
      "[default]\naws_access_key_id = DEFKEY\naws_secret_access_key = DEFSECRET\n"
      "# a comment\n[work]\naws_access_key_id = WORKKEY\naws_secret_access_key = WORKSECRET\n"
      "aws_session_token = WORKTOKEN\n");
  home.Write("config", "[default]\nregion = us-east-2\n[profile work]\nregion = ap-south-1\n");
  auto c = sim::ResolveAwsConfig(Env({{"HOME", home.dir.string()}, {"AWS_PROFILE", "work"}}), "");
  REQUIRE(c.ok());
  CHECK(c->credentials.access_key_id == "WORKKEY");
  CHECK(c->credentials.session_token == "WORKTOKEN");
  CHECK(c->credentials_source == "credentials file");
  CHECK(c->region == "ap-south-1");
  CHECK(c->endpoint == "https://dynamodb.ap-south-1.amazonaws.com");
  auto d = sim::ResolveAwsConfig(Env({{"HOME", home.dir.string()}}), "");
  REQUIRE(d.ok());
  CHECK(d->credentials.access_key_id == "DEFKEY");
  CHECK(d->region == "us-east-2");
}

TEST_CASE("AwsConfig: keys in the config file, and AWS_SHARED_CREDENTIALS_FILE / AWS_CONFIG_FILE") {
  TempHome home;
  home.Write("other-config",
             "[profile p]\nregion = eu-north-1\naws_access_key_id = CFGKEY\naws_secret_access_key "
             "= CFGSECRET\n");
  auto c =
      sim::ResolveAwsConfig(Env({{"AWS_CONFIG_FILE", (home.dir / ".aws" / "other-config").string()},
                                 {"AWS_SHARED_CREDENTIALS_FILE", (home.dir / "missing").string()},
                                 {"AWS_PROFILE", "p"}}),
                            "");
  REQUIRE(c.ok());
  CHECK(c->credentials.access_key_id == "CFGKEY");
  CHECK(c->credentials_source == "config file");
  CHECK(c->region == "eu-north-1");
}

TEST_CASE("AwsConfig: AWS without credentials or region is a configuration error") {
  auto c = sim::ResolveAwsConfig(Env({{"AWS_REGION", "eu-west-1"}}), "");
  REQUIRE_FALSE(c.ok());
  CHECK(c.error().name == "ConfigurationError");
  CHECK(c.error().message.find("AWS_ACCESS_KEY_ID") != std::string::npos);
  auto d = sim::ResolveAwsConfig(Env({}), "");
  REQUIRE_FALSE(d.ok());
  CHECK(d.error().message.find("AWS_REGION") != std::string::npos);
  // The region of a regional endpoint.
  auto e = sim::ResolveAwsConfig(Env({{"AWS_ACCESS_KEY_ID", "K"}, {"AWS_SECRET_ACCESS_KEY", "S"}}),
                                 "https://dynamodb.sa-east-1.amazonaws.com");
  REQUIRE(e.ok());
  CHECK(e->region == "sa-east-1");
  auto f = sim::ResolveAwsConfig(Env({}), "localhost:8000");
  REQUIRE_FALSE(f.ok());
}

TEST_CASE("AwsConfig: AWS endpoints and hosts") {
  CHECK(sim::IsAwsEndpoint("https://dynamodb.us-east-1.amazonaws.com"));
  CHECK(sim::IsAwsEndpoint("https://dynamodb.cn-north-1.amazonaws.com.cn/"));
  CHECK_FALSE(sim::IsAwsEndpoint("http://127.0.0.1:8000"));
  CHECK_FALSE(sim::IsAwsEndpoint("http://amazonaws.com.example.org"));
  CHECK(sim::EndpointHost("http://user@[::1]:8000/x") == "::1");
  CHECK(sim::EndpointHost("http://localhost:8000/") == "localhost");
}

TEST_CASE("RetryPolicy: full jitter under min(base * 2^i, 20 s); what is retried") {
  sim::RetryPolicy p;
  CHECK(p.Backoff(1, 0.0).count() == 0);
  CHECK(p.Backoff(1, 0.999).count() == 199);
  CHECK(p.Backoff(2, 0.5).count() == 200);
  CHECK(p.Backoff(30, 0.999).count() == 19980);
  CHECK(sim::RetryPolicy::Retryable(500, "InternalServerError"));
  CHECK(sim::RetryPolicy::Retryable(503, ""));
  CHECK(sim::RetryPolicy::Retryable(400, "ThrottlingException"));
  CHECK(sim::RetryPolicy::Retryable(400, "TransactionConflictException"));
  CHECK(sim::RetryPolicy::Retryable(0, "HttpTransportError"));
  CHECK_FALSE(sim::RetryPolicy::Retryable(400, "ValidationException"));
  CHECK_FALSE(sim::RetryPolicy::Retryable(400, "ConditionalCheckFailedException"));
  CHECK_FALSE(sim::RetryPolicy::Retryable(400, "TransactionCanceledException"));
  CHECK_FALSE(sim::RetryPolicy::Retryable(200, "HttpResponseError"));
}
