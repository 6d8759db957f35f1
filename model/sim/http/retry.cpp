#include "model/sim/http/retry.h"

#include <algorithm>
#include <array>
#include <string_view>

namespace sim {

bool RetryPolicy::Retryable(int http_status, const std::string& error_name) {
  static constexpr std::array<std::string_view, 10> kTransient = {
      "ThrottlingException",      "Throttling",
      "ThrottledException",       "RequestThrottledException",
      "TooManyRequestsException", "ProvisionedThroughputExceededException",
      "RequestLimitExceeded",     "TransactionConflictException",
      "RequestTimeout",           "RequestTimeoutException"};
  if (std::find(kTransient.begin(), kTransient.end(), error_name) != kTransient.end()) return true;
  if (error_name == "HttpTransportError") return true;
  return http_status == 500 || http_status == 502 || http_status == 503 || http_status == 504;
}

std::chrono::milliseconds RetryPolicy::Backoff(int retry, double unit) const {
  const int shift = std::clamp(retry, 0, 20);
  const auto cap =
      std::min<std::int64_t>(max_backoff.count(), base.count() * (std::int64_t{1} << shift));
  return std::chrono::milliseconds(static_cast<std::int64_t>(unit * static_cast<double>(cap)));
}

}  // namespace sim
