#include "model/sim/http/aws_config.h"

#include <cstdlib>
#include <fstream>
#include <map>

namespace sim {

namespace {

using Section = std::map<std::string, std::string>;

std::string Trim(const std::string& s) {
  const auto first = s.find_first_not_of(" \t\r");
  if (first == std::string::npos) return "";
  const auto last = s.find_last_not_of(" \t\r");
  return s.substr(first, last - first + 1);
}

// The key = value pairs of section `name` of an INI file (AWS's shared files); empty when the
// file or the section is missing.
Section ReadSection(const std::string& path, const std::string& name) {
  Section out;
  std::ifstream in(path);
  if (!in) return out;
  std::string line;
  bool inside = false;
  while (std::getline(in, line)) {
    line = Trim(line);
    if (line.empty() || line[0] == '#' || line[0] == ';') continue;
    if (line.front() == '[' && line.back() == ']') {
      inside = Trim(line.substr(1, line.size() - 2)) == name;
      continue;
    }
    if (!inside) continue;
    const auto eq = line.find('=');
    if (eq == std::string::npos) continue;
    out[Trim(line.substr(0, eq))] = Trim(line.substr(eq + 1));
  }
  return out;
}

std::string Get(const Section& s, const char* key) {
  auto it = s.find(key);
  return it == s.end() ? std::string() : it->second;
}

Error ConfigError(std::string message) {
  return Error{"ConfigurationError", std::move(message), std::nullopt, {}};
}

}  // namespace

EnvLookup ProcessEnvironment() {
  return [](const std::string& name) -> std::optional<std::string> {
    const char* v = std::getenv(name.c_str());
    if (v == nullptr || *v == '\0') return std::nullopt;
    return std::string(v);
  };
}

std::string EndpointHost(const std::string& endpoint) {
  std::string rest = endpoint;
  if (auto scheme = rest.find("://"); scheme != std::string::npos) rest = rest.substr(scheme + 3);
  rest = rest.substr(0, rest.find('/'));
  if (auto at = rest.rfind('@'); at != std::string::npos) rest = rest.substr(at + 1);
  if (!rest.empty() && rest.front() == '[') return rest.substr(1, rest.find(']') - 1);
  return rest.substr(0, rest.find(':'));
}

bool IsAwsEndpoint(const std::string& endpoint) {
  std::string host = EndpointHost(endpoint);
  for (auto& ch : host) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  auto ends_with = [&](const std::string& suffix) {
    return host.size() >= suffix.size() &&
           host.compare(host.size() - suffix.size(), suffix.size(), suffix) == 0;
  };
  return ends_with("amazonaws.com") || ends_with("amazonaws.com.cn");
}

SimResult<AwsConfig> ResolveAwsConfig(const EnvLookup& env, const std::string& endpoint) {
  AwsConfig c;
  c.profile = env("AWS_PROFILE").value_or("default");
  std::string home = env("HOME").value_or("");
  std::string credentials_file =
      env("AWS_SHARED_CREDENTIALS_FILE").value_or(home.empty() ? "" : home + "/.aws/credentials");
  std::string config_file =
      env("AWS_CONFIG_FILE").value_or(home.empty() ? "" : home + "/.aws/config");
  Section credentials =
      credentials_file.empty() ? Section{} : ReadSection(credentials_file, c.profile);
  Section config =
      config_file.empty()
          ? Section{}
          : ReadSection(config_file, c.profile == "default" ? "default" : "profile " + c.profile);

  // Endpoint.
  if (!endpoint.empty())
    c.endpoint = endpoint;
  else if (auto e = env("AWS_ENDPOINT_URL_DYNAMODB"))
    c.endpoint = *e;
  else if (auto e2 = env("AWS_ENDPOINT_URL"))
    c.endpoint = *e2;

  // Region.
  if (auto r = env("AWS_REGION"))
    c.region = *r;
  else if (auto r2 = env("AWS_DEFAULT_REGION"))
    c.region = *r2;
  else
    c.region = Get(config, "region");
  if (c.region.empty() && !c.endpoint.empty()) {
    const std::string host = EndpointHost(c.endpoint);
    const std::string prefix = "dynamodb.";
    if (IsAwsEndpoint(c.endpoint) && host.rfind(prefix, 0) == 0) {
      c.region = host.substr(prefix.size(), host.find('.', prefix.size()) - prefix.size());
    } else if (!IsAwsEndpoint(c.endpoint)) {
      c.region = "us-east-1";
    }
  }
  if (c.region.empty()) {
    return ConfigError(
        "no AWS region: set AWS_REGION (or AWS_DEFAULT_REGION, or `region` in the profile '" +
        c.profile + "' of " + (config_file.empty() ? "~/.aws/config" : config_file) + ")");
  }
  if (c.endpoint.empty()) c.endpoint = "https://dynamodb." + c.region + ".amazonaws.com";
  if (c.endpoint.find("://") == std::string::npos) {
    return ConfigError("endpoint '" + c.endpoint +
                       "' is not a URL (expected http://HOST:PORT or https://HOST)");
  }

  // Credentials.
  auto key = env("AWS_ACCESS_KEY_ID");
  auto secret = env("AWS_SECRET_ACCESS_KEY");
  if (key && secret) {
    c.credentials = {*key, *secret, env("AWS_SESSION_TOKEN").value_or("")};
    c.credentials_source = "environment";
  } else if (!Get(credentials, "aws_access_key_id").empty() &&
             !Get(credentials, "aws_secret_access_key").empty()) {
    c.credentials = {Get(credentials, "aws_access_key_id"),
                     Get(credentials, "aws_secret_access_key"),
                     Get(credentials, "aws_session_token")};
    c.credentials_source = "credentials file";
  } else if (!Get(config, "aws_access_key_id").empty() &&
             !Get(config, "aws_secret_access_key").empty()) {
    c.credentials = {Get(config, "aws_access_key_id"), Get(config, "aws_secret_access_key"),
                     Get(config, "aws_session_token")};
    c.credentials_source = "config file";
  } else if (!IsAwsEndpoint(c.endpoint)) {
    c.credentials = {"local", "local", ""};
    c.credentials_source = "none";
  } else {
    return ConfigError(
        "no AWS credentials: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or AWS_PROFILE with "
        "keys in " +
        (credentials_file.empty() ? "~/.aws/credentials" : credentials_file) + " (profile '" +
        c.profile + "')");
  }
  return c;
}

}  // namespace sim
