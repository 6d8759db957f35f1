// HttpBackend: a DynamoDB endpoint reached over HTTP(S) as a runtime Backend.
//
// Generated accessors send their requests, unchanged, as DynamoDB's JSON 1.0 protocol
// (X-Amz-Target: DynamoDB_20120810.<Operation>) to real DynamoDB, DynamoDB Local or
// `model serve`, through HttpDataPlane (model/sim/http): libcurl, AWS Signature Version 4,
// one keep-alive connection, the AWS SDKs' standard retry mode (at most 3 attempts, transient
// errors and throttling only). Links ModelRuntime::http (libcurl); ModelRuntime::core does not.
//
// Configuration is resolved the AWS SDKs' way
// (https://docs.aws.amazon.com/sdkref/latest/guide/settings-reference.html): credentials from
// AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY / AWS_SESSION_TOKEN or the shared files of
// AWS_PROFILE; the region from AWS_REGION, AWS_DEFAULT_REGION or the profile; the endpoint from
// `endpoint`, else AWS_ENDPOINT_URL_DYNAMODB, else AWS_ENDPOINT_URL, else
// https://dynamodb.REGION.amazonaws.com. An endpoint that is not AWS's needs no credentials.
//
// Errors: a configuration that cannot be resolved (an AWS endpoint without credentials or
// region) is Error{"ConfigurationError", ...} from OpenHttpBackend. Each call's failure is the
// endpoint's exception name (e.g. "ConditionalCheckFailedException") and message, or
// "HttpTransportError" (no HTTP answer: refused, timed out, TLS) or "HttpResponseError" (an
// answer that is not DynamoDB's JSON). Not thread-safe: one backend per thread.
#pragma once

#include <chrono>
#include <memory>
#include <string>

#include "codegen/runtime/runtime.h"

namespace model::runtime {

struct HttpBackendOptions {
  // scheme://host[:port][/path], e.g. "http://localhost:8000"; "" = from the environment.
  std::string endpoint;
  std::chrono::milliseconds connect_timeout{5000};
  std::chrono::milliseconds request_timeout{30000};  // one attempt's whole exchange
  int max_attempts = 3;                              // 1 = no retry
};

// Opens a backend talking to the endpoint the options and the process environment name.
Result<std::unique_ptr<Backend>> OpenHttpBackend(const HttpBackendOptions& options = {});

}  // namespace model::runtime
