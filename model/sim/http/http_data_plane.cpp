#include "model/sim/http/http_data_plane.h"

#include <curl/curl.h>
#include <fmt/format.h>

#include <random>
#include <thread>

#include "model/sim/http/protocol.h"

namespace sim {

namespace {

Error TransportError(std::string message) {
  return Error{"HttpTransportError", std::move(message), std::nullopt, {}};
}
Error ResponseError(std::string message) {
  return Error{"HttpResponseError", std::move(message), std::nullopt, {}};
}

std::size_t Collect(char* data, std::size_t size, std::size_t count, void* out) {
  static_cast<std::string*>(out)->append(data, size * count);
  return size * count;
}

// Parses an answer's JSON text and converts it; a malformed answer is an HttpResponseError.
template <typename T, typename F>
SimResult<T> Parse(const SimResult<std::string>& text, F&& convert) {
  if (!text.ok()) return text.error();
  try {
    return convert(http::Json::parse(text.value()));
  } catch (const json::JsonError& e) {
    if (e.error.name == "HttpResponseError") return e.error;
    return ResponseError("the answer is not DynamoDB's JSON: " + e.error.message);
  } catch (const std::exception& e) {
    return ResponseError(std::string("the answer is not DynamoDB's JSON: ") + e.what());
  }
}

}  // namespace

struct HttpDataPlane::Impl {
  HttpOptions options;
  CURL* curl = nullptr;
  std::string url;
  std::string sigv4;
  std::string userpwd;
  std::mt19937_64 rng;
  int attempts = 0;

  struct Answer {
    int status = 0;  // 0: no HTTP answer
    std::string body;
    std::string transport_error;
  };

  Answer Post(const std::string& target, const std::string& body) {
    Answer a;
    curl_easy_reset(curl);  // keeps the connection cache: the connection is reused
    curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
    curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(curl, CURLOPT_POST, 1L);
    curl_easy_setopt(curl, CURLOPT_POSTFIELDS, body.data());
    curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(body.size()));
    curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT_MS,
                     static_cast<long>(options.connect_timeout.count()));
    curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, static_cast<long>(options.request_timeout.count()));
    curl_easy_setopt(curl, CURLOPT_AWS_SIGV4, sigv4.c_str());
    curl_easy_setopt(curl, CURLOPT_USERPWD, userpwd.c_str());
    curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, &Collect);
    curl_easy_setopt(curl, CURLOPT_WRITEDATA, &a.body);
    curl_easy_setopt(curl, CURLOPT_ACCEPT_ENCODING, "identity");
    curl_slist* headers = nullptr;
    headers = curl_slist_append(headers, "Content-Type: application/x-amz-json-1.0");
    headers = curl_slist_append(headers, ("X-Amz-Target: " + target).c_str());
    if (!options.config.credentials.session_token.empty()) {
      headers = curl_slist_append(
          headers, ("X-Amz-Security-Token: " + options.config.credentials.session_token).c_str());
    }
    curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
    char error_buffer[CURL_ERROR_SIZE] = {0};
    curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, error_buffer);
    ++attempts;
    const CURLcode code = curl_easy_perform(curl);
    curl_slist_free_all(headers);
    if (code != CURLE_OK) {
      a.transport_error =
          fmt::format("POST {} ({}): {} (curl error {})", url, target,
                      error_buffer[0] != '\0' ? error_buffer : curl_easy_strerror(code),
                      static_cast<int>(code));
      return a;
    }
    long status = 0;
    curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
    a.status = static_cast<int>(status);
    return a;
  }

  // One attempt's outcome: the body of a 200, or the error.
  SimResult<std::string> Interpret(const std::string& target, Answer& a) {
    if (!a.transport_error.empty()) return TransportError(a.transport_error);
    if (a.status == 200) return std::move(a.body);
    http::Json j;
    try {
      j = http::Json::parse(a.body);
    } catch (const std::exception&) {
      return ResponseError(fmt::format("{} answered HTTP {} with a body that is not JSON: {}",
                                       target, a.status, a.body.substr(0, 200)));
    }
    if (!j.is_object() || !j.contains("__type") || !j.at("__type").is_string()) {
      return ResponseError(fmt::format("{} answered HTTP {} without an exception type: {}", target,
                                       a.status, a.body.substr(0, 200)));
    }
    try {
      return http::ErrorFromJson(j);
    } catch (const json::JsonError& e) {
      return ResponseError(fmt::format("{} answered HTTP {} with a malformed error: {}", target,
                                       a.status, e.error.message));
    }
  }
};

HttpDataPlane::HttpDataPlane(HttpOptions options) : impl_(std::make_unique<Impl>()) {
  impl_->options = std::move(options);
  impl_->rng.seed(impl_->options.jitter_seed);
  impl_->curl = curl_easy_init();
  impl_->url = impl_->options.config.endpoint;
  if (impl_->url.find('/', impl_->url.find("://") + 3) == std::string::npos) impl_->url += "/";
  impl_->sigv4 = "aws:amz:" + impl_->options.config.region + ":dynamodb";
  impl_->userpwd = impl_->options.config.credentials.access_key_id + ":" +
                   impl_->options.config.credentials.secret_access_key;
}

HttpDataPlane::~HttpDataPlane() {
  if (impl_->curl != nullptr) curl_easy_cleanup(impl_->curl);
}

int HttpDataPlane::attempts() const { return impl_->attempts; }

SimResult<std::string> HttpDataPlane::Call(const std::string& operation,
                                           const std::string& body) const {
  if (impl_->curl == nullptr) return TransportError("libcurl could not be initialized");
  const std::string target = "DynamoDB_20120810." + operation;
  const RetryPolicy& policy = impl_->options.retry;
  for (int attempt = 1;; ++attempt) {
    Impl::Answer answer = impl_->Post(target, body);
    const int status = answer.status;
    SimResult<std::string> outcome = impl_->Interpret(target, answer);
    if (outcome.ok() || attempt >= policy.max_attempts ||
        !RetryPolicy::Retryable(status, outcome.error().name)) {
      if (!outcome.ok() && attempt > 1) {
        Error e = outcome.error();
        e.message += fmt::format(" (after {} attempts)", attempt);
        return e;
      }
      return outcome;
    }
    const double unit = std::uniform_real_distribution<double>(0.0, 1.0)(impl_->rng);
    const auto delay = policy.Backoff(attempt, unit);
    if (impl_->options.sleep)
      impl_->options.sleep(delay);
    else
      std::this_thread::sleep_for(delay);
  }
}

SimResult<TableDescription> HttpDataPlane::CreateTable(const CreateTableRequest& request) {
  return Parse<TableDescription>(
      Call("CreateTable", http::ToJson(request).dump()),
      [](const http::Json& j) { return http::DescriptionFromJson(j.at("TableDescription")); });
}

SimResult<TableDescription> HttpDataPlane::DeleteTable(const std::string& table_name) {
  http::Json body = {{"TableName", table_name}};
  return Parse<TableDescription>(Call("DeleteTable", body.dump()), [](const http::Json& j) {
    return http::DescriptionFromJson(j.at("TableDescription"));
  });
}

SimResult<TableDescription> HttpDataPlane::DescribeTable(const std::string& table_name) {
  http::Json body = {{"TableName", table_name}};
  return Parse<TableDescription>(Call("DescribeTable", body.dump()), [](const http::Json& j) {
    return http::DescriptionFromJson(j.at("Table"));
  });
}

ListTablesResponse HttpDataPlane::ListTables() const {
  ListTablesResponse out;
  std::string start;
  for (;;) {
    http::Json body = http::Json::object();
    if (!start.empty()) body["ExclusiveStartTableName"] = start;
    auto page = Parse<std::pair<std::vector<std::string>, std::string>>(
        Call("ListTables", body.dump()), [](const http::Json& j) {
          std::pair<std::vector<std::string>, std::string> p;
          p.first = j.at("TableNames").get<std::vector<std::string>>();
          if (j.contains("LastEvaluatedTableName"))
            p.second = j.at("LastEvaluatedTableName").get<std::string>();
          return p;
        });
    if (!page.ok()) return out;
    out.table_names.insert(out.table_names.end(), page->first.begin(), page->first.end());
    if (page->second.empty()) break;
    start = page->second;
  }
  std::sort(out.table_names.begin(), out.table_names.end());
  return out;
}

SimResult<PutItemResponse> HttpDataPlane::PutItem(const PutItemRequest& request) {
  return Parse<PutItemResponse>(Call("PutItem", http::ToJson(request).dump()),
                                http::PutItemFromJson);
}

SimResult<GetItemResponse> HttpDataPlane::GetItem(const GetItemRequest& request) {
  return Parse<GetItemResponse>(Call("GetItem", http::ToJson(request).dump()),
                                http::GetItemFromJson);
}

SimResult<UpdateItemResponse> HttpDataPlane::UpdateItem(const UpdateItemRequest& request) {
  return Parse<UpdateItemResponse>(Call("UpdateItem", http::ToJson(request).dump()),
                                   http::UpdateItemFromJson);
}

SimResult<DeleteItemResponse> HttpDataPlane::DeleteItem(const DeleteItemRequest& request) {
  return Parse<DeleteItemResponse>(Call("DeleteItem", http::ToJson(request).dump()),
                                   http::DeleteItemFromJson);
}

SimResult<QueryResponse> HttpDataPlane::Query(const QueryRequest& request) {
  return Parse<QueryResponse>(Call("Query", http::ToJson(request).dump()), http::QueryFromJson);
}

SimResult<ScanResponse> HttpDataPlane::Scan(const ScanRequest& request) {
  return Parse<ScanResponse>(Call("Scan", http::ToJson(request).dump()), http::QueryFromJson);
}

SimResult<BatchGetItemResponse> HttpDataPlane::BatchGetItem(const BatchGetItemRequest& request) {
  return Parse<BatchGetItemResponse>(Call("BatchGetItem", http::ToJson(request).dump()),
                                     http::BatchGetFromJson);
}

SimResult<BatchWriteItemResponse> HttpDataPlane::BatchWriteItem(
    const BatchWriteItemRequest& request) {
  return Parse<BatchWriteItemResponse>(Call("BatchWriteItem", http::ToJson(request).dump()),
                                       http::BatchWriteFromJson);
}

SimResult<TransactWriteItemsResponse> HttpDataPlane::TransactWriteItems(
    const TransactWriteItemsRequest& request) {
  return Parse<TransactWriteItemsResponse>(Call("TransactWriteItems", http::ToJson(request).dump()),
                                           http::TransactWriteFromJson);
}

SimResult<TransactGetItemsResponse> HttpDataPlane::TransactGetItems(
    const TransactGetItemsRequest& request) {
  return Parse<TransactGetItemsResponse>(Call("TransactGetItems", http::ToJson(request).dump()),
                                         http::TransactGetFromJson);
}

SimResult<ReadStreamResult> HttpDataPlane::ReadStream(const std::string&, std::int64_t,
                                                      std::size_t) {
  return Error{
      "UnsupportedOperationException",
      "ReadStream is not available through HttpDataPlane: DynamoDB Streams is a separate API",
      std::nullopt,
      {}};
}

}  // namespace sim
