// HttpDataPlane: sim::DataPlane over HTTP(S), speaking DynamoDB's JSON 1.0 protocol to any
// DynamoDB-compatible endpoint (real DynamoDB, DynamoDB Local, `model serve`).
//
// Each call POSTs one request (X-Amz-Target: DynamoDB_20120810.<Operation>) through libcurl,
// signed with AWS Signature Version 4 by libcurl itself (CURLOPT_AWS_SIGV4) with the
// credentials and region of an AwsConfig (aws_config.h), on one keep-alive connection reused
// from call to call. Transient failures are retried as retry.h says; the wait goes through an
// injectable sleep so tests need not wait.
//
// Errors: what DynamoDB answered, as a sim::Error with its exception name (the part after '#'
// of `__type`, e.g. "ConditionalCheckFailedException") and message, with the old item and the
// cancellation reasons when the answer carries them. Two names of this client's own:
//   "HttpTransportError"  no HTTP answer: connection refused or closed, a timeout, TLS;
//   "HttpResponseError"   an answer that is not DynamoDB's JSON (bad JSON, a missing member, an
//                         HTTP error status without `__type`).
// ReadStream reads the table's stream through the DynamoDB Streams API at the same endpoint
// (`model serve` and DynamoDB Local serve both; real DynamoDB serves Streams at
// streams.dynamodb.<region>.amazonaws.com, so against AWS it needs that endpoint).
//
// Not thread-safe: one HttpDataPlane per thread.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <string>

#include "model/sim/api/data_plane.h"
#include "model/sim/http/aws_config.h"
#include "model/sim/http/retry.h"

namespace sim {

struct HttpOptions {
  AwsConfig config;
  RetryPolicy retry;
  std::chrono::milliseconds connect_timeout{5000};
  std::chrono::milliseconds request_timeout{30000};  // the whole exchange of one attempt
  // Waits between attempts; std::this_thread::sleep_for when empty.
  std::function<void(std::chrono::milliseconds)> sleep;
  std::uint64_t jitter_seed = 0x5eed;
};

class HttpDataPlane final : public DataPlane {
 public:
  explicit HttpDataPlane(HttpOptions options);
  ~HttpDataPlane() override;
  HttpDataPlane(const HttpDataPlane&) = delete;
  HttpDataPlane& operator=(const HttpDataPlane&) = delete;

  SimResult<TableDescription> CreateTable(const CreateTableRequest& request) override;
  SimResult<TableDescription> DeleteTable(const std::string& table_name) override;
  SimResult<TableDescription> DescribeTable(const std::string& table_name) override;
  // Empty when the endpoint cannot be listed (the interface has no error here).
  ListTablesResponse ListTables() const override;
  SimResult<PutItemResponse> PutItem(const PutItemRequest& request) override;
  SimResult<GetItemResponse> GetItem(const GetItemRequest& request) override;
  SimResult<UpdateItemResponse> UpdateItem(const UpdateItemRequest& request) override;
  SimResult<DeleteItemResponse> DeleteItem(const DeleteItemRequest& request) override;
  SimResult<QueryResponse> Query(const QueryRequest& request) override;
  SimResult<ScanResponse> Scan(const ScanRequest& request) override;
  SimResult<BatchGetItemResponse> BatchGetItem(const BatchGetItemRequest& request) override;
  SimResult<BatchWriteItemResponse> BatchWriteItem(const BatchWriteItemRequest& request) override;
  SimResult<TransactWriteItemsResponse> TransactWriteItems(
      const TransactWriteItemsRequest& request) override;
  SimResult<TransactGetItemsResponse> TransactGetItems(
      const TransactGetItemsRequest& request) override;
  SimResult<ReadStreamResult> ReadStream(const std::string& table_name, std::int64_t after_sequence,
                                         std::size_t max_records) override;

  // Sends one operation with a JSON body and returns the JSON answer's text, retrying as the
  // policy says. Public for tests and for operations this interface lacks.
  [[nodiscard]] SimResult<std::string> Call(const std::string& operation,
                                            const std::string& body) const;

  // HTTP attempts made so far (retries included).
  int attempts() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace sim
