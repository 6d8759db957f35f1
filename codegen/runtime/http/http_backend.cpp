#include "codegen/runtime/http/http_backend.h"

#include <algorithm>

#include "model/sim/http/aws_config.h"
#include "model/sim/http/http_data_plane.h"

namespace model::runtime {

Result<std::unique_ptr<Backend>> OpenHttpBackend(const HttpBackendOptions& options) {
  auto config = sim::ResolveAwsConfig(sim::ProcessEnvironment(), options.endpoint);
  if (!config.ok()) return Error{config.error().name, config.error().message};
  sim::HttpOptions http;
  http.config = std::move(config.value());
  http.connect_timeout = options.connect_timeout;
  http.request_timeout = options.request_timeout;
  http.retry.max_attempts = std::max(1, options.max_attempts);
  return std::unique_ptr<Backend>(std::make_unique<sim::HttpDataPlane>(std::move(http)));
}

}  // namespace model::runtime
