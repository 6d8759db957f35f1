#include "cli/verbs/check_endpoint.h"

#include <fmt/format.h>
#include <unistd.h>

#include <chrono>
#include <iostream>

#include "cli/app.h"

namespace model::cli {

namespace {

// DynamoDB on-demand prices in us-east-1 (https://aws.amazon.com/dynamodb/pricing/on-demand/):
// USD per million write and read request units.
constexpr double kUsdPerMillionWrites = 0.625;
constexpr double kUsdPerMillionReads = 0.125;

bool ValidPrefix(const std::string& prefix) {
  for (char ch : prefix) {
    if (!std::isalnum(static_cast<unsigned char>(ch)) && ch != '_' && ch != '-' && ch != '.')
      return false;
  }
  return true;
}

}  // namespace

std::unique_ptr<EndpointTable> EndpointTable::Open(const CheckOptions& options,
                                                   const KeyLayout& layout, std::ostream& err,
                                                   int* exit_code) {
  *exit_code = kExitUsage;
  if (!ValidPrefix(options.table_prefix)) {
    err << fmt::format(
        "model: error: --table-prefix '{}' may hold only letters, digits, '_', '-' and '.'\n",
        options.table_prefix);
    return nullptr;
  }
  auto config = sim::ResolveAwsConfig(sim::ProcessEnvironment(), options.endpoint);
  if (!config.ok()) {
    err << fmt::format("model: error: {}\n", config.error().message);
    return nullptr;
  }
  KeyLayout renamed = layout;
  const auto now = std::chrono::duration_cast<std::chrono::milliseconds>(
                       std::chrono::system_clock::now().time_since_epoch())
                       .count();
  renamed.table_name = fmt::format("{}{}-{:x}-{:x}", options.table_prefix, layout.table_name, now,
                                   static_cast<unsigned>(::getpid()));
  if (renamed.table_name.size() > 255)
    renamed.table_name = renamed.table_name.substr(renamed.table_name.size() - 255);

  if (sim::IsAwsEndpoint(config->endpoint)) {
    // Writes: every synthetic record's items (with their index entries), once loaded and again
    // by the write patterns; reads: each pattern's samples, twice. A generous estimate.
    const double per_item = 1.0 + static_cast<double>(layout.indexes.size());
    const double writes = static_cast<double>(options.items) * per_item * 3.0;
    const double reads = static_cast<double>(options.items) * 2.0 +
                         static_cast<double>(layout.reads.size()) * 8 * 2 * 100;
    const double usd = writes / 1e6 * kUsdPerMillionWrites + reads / 1e6 * kUsdPerMillionReads;
    err << fmt::format(
        "model: {} is real DynamoDB ({} region {}, credentials from the {}): this check creates "
        "table {}, writes "
        "about {:.0f} write request units and reads about {:.0f} read request units, on-demand: "
        "about ${:.4f} "
        "(us-east-1 prices), then deletes the table{}.\n",
        config->endpoint,
        config->profile == "default" ? "profile default," : "profile " + config->profile + ",",
        config->region, config->credentials_source, renamed.table_name, writes, reads, usd,
        options.keep_table ? " (not: --keep-table)" : "");
    if (!options.yes) {
      if (::isatty(0) != 1) {
        err << "model: error: not a terminal to ask on: pass --yes to proceed\n";
        return nullptr;
      }
      err << "Proceed? [y/N] " << std::flush;
      std::string answer;
      std::getline(std::cin, answer);
      if (answer != "y" && answer != "Y" && answer != "yes") {
        err << "model: nothing written\n";
        *exit_code = kExitOk;
        return nullptr;
      }
    }
  }

  sim::HttpOptions http;
  http.config = *config;
  auto plane = std::make_unique<sim::HttpDataPlane>(http);
  auto existing = plane->DescribeTable(renamed.table_name);
  if (existing.ok()) {
    err << fmt::format("model: error: table {} already exists at {}; it is left alone\n",
                       renamed.table_name, config->endpoint);
    return nullptr;
  }
  if (existing.error().name != "ResourceNotFoundException") {
    err << fmt::format("model: error: {}: {}: {}\n", config->endpoint, existing.error().name,
                       existing.error().message);
    *exit_code = kExitIo;
    return nullptr;
  }
  *exit_code = kExitOk;
  return std::unique_ptr<EndpointTable>(
      new EndpointTable(std::move(plane), std::move(renamed), options.keep_table, err));
}

EndpointTable::~EndpointTable() {
  if (keep_) {
    err_ << fmt::format("model: kept table {}\n", layout_.table_name);
    return;
  }
  auto deleted = plane_->DeleteTable(layout_.table_name);
  if (!deleted.ok() && deleted.error().name != "ResourceNotFoundException") {
    err_ << fmt::format("model: warning: could not delete table {}: {}: {}\n", layout_.table_name,
                        deleted.error().name, deleted.error().message);
  }
}

}  // namespace model::cli
