// The retry policy of HttpDataPlane: the AWS SDKs' "standard" retry mode
// (https://docs.aws.amazon.com/sdkref/latest/guide/feature-retry-behavior.html): at most 3
// attempts in all; a retry only for transient errors (no HTTP answer at all, a timeout, a
// closed connection; HTTP 500, 502, 503, 504; throttling: ThrottlingException,
// ProvisionedThroughputExceededException, RequestLimitExceeded, ...; and
// TransactionConflictException); before retry i (1, 2, ...) a delay drawn uniformly from
// [0, min(base * 2^i, 20 s)) ("full jitter",
// https://aws.amazon.com/blogs/architecture/exponential-backoff-and-jitter/), base 100 ms (the AWS
// SDK for JavaScript v3's DEFAULT_RETRY_DELAY_BASE). Client errors (ValidationException,
// ConditionalCheckFailedException, ...) are never retried.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>

namespace sim {

struct RetryPolicy {
  int max_attempts = 3;
  std::chrono::milliseconds base{100};
  std::chrono::milliseconds max_backoff{20000};

  // True when an answer with this HTTP status (0: none arrived) and exception name ("" when
  // none) should be retried.
  static bool Retryable(int http_status, const std::string& error_name);
  // The delay before retry `retry` (1-based), from a uniform draw `unit` in [0, 1).
  std::chrono::milliseconds Backoff(int retry, double unit) const;
};

}  // namespace sim
