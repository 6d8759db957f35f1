// AwsConfig: the credentials, region and endpoint an AWS SDK would use, resolved the SDKs' way
// (https://docs.aws.amazon.com/sdkref/latest/guide/settings-reference.html):
//
//   credentials  AWS_ACCESS_KEY_ID + AWS_SECRET_ACCESS_KEY (+ AWS_SESSION_TOKEN), else the
//                profile's aws_access_key_id / aws_secret_access_key / aws_session_token in the
//                shared credentials file (AWS_SHARED_CREDENTIALS_FILE, default
//                ~/.aws/credentials), else in the shared config file (AWS_CONFIG_FILE, default
//                ~/.aws/config, section [profile NAME] or [default]);
//   profile      AWS_PROFILE, default "default";
//   region       AWS_REGION, else AWS_DEFAULT_REGION, else the profile's `region` in the config
//                file, else the region in a dynamodb.REGION.amazonaws.com endpoint, else
//                "us-east-1" for an endpoint that is not AWS (DynamoDB Local ignores it);
//   endpoint     the explicit one (--endpoint), else AWS_ENDPOINT_URL_DYNAMODB, else
//                AWS_ENDPOINT_URL, else https://dynamodb.REGION.amazonaws.com.
//
// An endpoint that is not AWS's needs no credentials (placeholder ones are used: DynamoDB Local
// and `model serve` accept any); an AWS endpoint without credentials or region is an error.
// The environment is a lookup function, so tests pass a fake one.
#pragma once

#include <functional>
#include <optional>
#include <string>

#include "model/sim/api/error.h"

namespace sim {

struct AwsCredentials {
  std::string access_key_id;
  std::string secret_access_key;
  std::string session_token;  // empty: none
};

struct AwsConfig {
  AwsCredentials credentials;
  std::string region;
  std::string endpoint;  // scheme://host[:port][/path]
  std::string profile;
  std::string credentials_source;  // "environment", "credentials file", "config file", "none"
};

using EnvLookup = std::function<std::optional<std::string>(const std::string& name)>;

// The process environment (getenv).
EnvLookup ProcessEnvironment();

// Resolves the configuration; `endpoint` overrides the environment when not empty. Errors are
// sim::Errors named "ConfigurationError".
[[nodiscard]] SimResult<AwsConfig> ResolveAwsConfig(const EnvLookup& env,
                                                    const std::string& endpoint);

// True when the endpoint's host is AWS's (ends in amazonaws.com or amazonaws.com.cn): requests
// there cost money.
bool IsAwsEndpoint(const std::string& endpoint);

// The host of an endpoint URL ("http://127.0.0.1:8000/" -> "127.0.0.1").
std::string EndpointHost(const std::string& endpoint);

}  // namespace sim
