#include "model/sim/http/http_data_plane.h"

#include <curl/curl.h>
#include <fmt/format.h>

#include <map>
#include <random>
#include <set>
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

  // What ReadStream has read of a table's stream: the records in the order read (their
  // sequence_number is the position, from 1), each shard's next iterator, the shards done.
  struct StreamState {
    std::string arn;
    std::vector<StreamRecord> records;
    std::map<std::string, std::string> iterators;  // shard id -> next shard iterator
    std::set<std::string> done;                    // closed shards read to their end
  };
  std::map<std::string, StreamState> streams;

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
  // An operation of the DynamoDB Streams API comes with its own prefix.
  const std::string target =
      operation.find('.') == std::string::npos ? "DynamoDB_20120810." + operation : operation;
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
  impl_->streams.erase(request.table_name);  // a new table has a new stream
  return Parse<TableDescription>(
      Call("CreateTable", http::ToJson(request).dump()),
      [](const http::Json& j) { return http::DescriptionFromJson(j.at("TableDescription")); });
}

SimResult<TableDescription> HttpDataPlane::DeleteTable(const std::string& table_name) {
  impl_->streams.erase(table_name);
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

// Reads the table's stream through the DynamoDB Streams API
// (https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_Operations_Amazon_DynamoDB_Streams.html):
// DescribeTable for the table's LatestStreamArn, DescribeStream for its shards (parents listed
// before their children), GetShardIterator TRIM_HORIZON per shard, then GetRecords until a
// shard has nothing more (an open shard) or no next iterator (a closed one). The records are
// kept in the order read, numbered from 1: `after_sequence` and `next_after_sequence` are those
// numbers, not DynamoDB's sequence numbers (which are strings of up to 40 digits).
SimResult<ReadStreamResult> HttpDataPlane::ReadStream(const std::string& table_name,
                                                      std::int64_t after_sequence,
                                                      std::size_t max_records) {
  try {
    constexpr const char* kStreams = "DynamoDBStreams_20120810.";
    Impl::StreamState& st = impl_->streams[table_name];
    const std::size_t want = static_cast<std::size_t>(std::max<std::int64_t>(after_sequence, 0)) +
                             std::max<std::size_t>(max_records, 1);
    if (st.arn.empty()) {
      // The table's current stream is DescribeTable's LatestStreamArn: ListStreams also lists
      // the streams of deleted tables of the same name, kept readable for 24 hours.
      http::Json body = {{"TableName", table_name}};
      auto described = Call("DescribeTable", body.dump());
      if (!described.ok()) return described.error();
      http::Json j = http::Json::parse(*described, nullptr, false);
      if (j.is_discarded() || !j.contains("Table") || !j["Table"].contains("LatestStreamArn") ||
          !j["Table"]["LatestStreamArn"].is_string())
        return Error{
            "ValidationException",
            "Table " + table_name + " has no stream (DescribeTable gives no LatestStreamArn)",
            std::nullopt,
            {}};
      st.arn = j["Table"]["LatestStreamArn"].get<std::string>();
    }
    if (st.records.size() < want) {
      std::vector<std::pair<std::string, std::string>> listed;  // shard id, parent shard id
      std::optional<std::string> start;
      while (true) {
        http::Json body = {{"StreamArn", st.arn}};
        if (start) body["ExclusiveStartShardId"] = *start;
        auto described = Call(std::string(kStreams) + "DescribeStream", body.dump());
        if (!described.ok()) return described.error();
        http::Json j = http::Json::parse(*described, nullptr, false);
        if (j.is_discarded() || !j.contains("StreamDescription"))
          return TransportError("DescribeStream answered no StreamDescription");
        const http::Json& d = j["StreamDescription"];
        if (d.contains("Shards") && d["Shards"].is_array())
          for (const http::Json& shard : d["Shards"])
            listed.emplace_back(shard.value("ShardId", ""), shard.value("ParentShardId", ""));
        if (!d.contains("LastEvaluatedShardId")) break;
        start = d["LastEvaluatedShardId"].get<std::string>();
      }
      // A child shard is read after its parent, so each item's records stay in order
      // (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Streams.html#Streams.Processing):
      // parents first, whatever order DescribeStream lists them in.
      std::vector<std::string> shards;
      std::set<std::string> ids, placed;
      for (const auto& entry : listed) ids.insert(entry.first);
      while (shards.size() < listed.size()) {
        const std::size_t before = shards.size();
        for (const auto& [id, parent] : listed) {
          if (placed.count(id)) continue;
          if (!parent.empty() && ids.count(parent) && !placed.count(parent)) continue;
          shards.push_back(id);
          placed.insert(id);
        }
        if (shards.size() == before) break;  // a cycle: not in DynamoDB's answers
      }
      for (const std::string& shard : shards) {
        if (st.records.size() >= want) break;
        if (st.done.count(shard)) continue;
        if (!st.iterators.count(shard)) {
          http::Json body = {
              {"StreamArn", st.arn}, {"ShardId", shard}, {"ShardIteratorType", "TRIM_HORIZON"}};
          auto it = Call(std::string(kStreams) + "GetShardIterator", body.dump());
          if (!it.ok()) return it.error();
          http::Json j = http::Json::parse(*it, nullptr, false);
          if (j.is_discarded() || !j.contains("ShardIterator"))
            return TransportError("GetShardIterator answered no ShardIterator");
          st.iterators[shard] = j["ShardIterator"].get<std::string>();
        }
        while (st.records.size() < want) {
          http::Json body = {{"ShardIterator", st.iterators[shard]}, {"Limit", 1000}};
          auto got = Call(std::string(kStreams) + "GetRecords", body.dump());
          if (!got.ok()) return got.error();
          http::Json j = http::Json::parse(*got, nullptr, false);
          if (j.is_discarded())
            return TransportError("GetRecords answered JSON that does not parse");
          std::size_t n = 0;
          if (j.contains("Records") && j["Records"].is_array()) {
            for (const http::Json& r : j["Records"]) {
              StreamRecord rec;
              const std::string event = r.value("eventName", "");
              rec.event_name = event == "INSERT"   ? StreamEventName::kInsert
                               : event == "MODIFY" ? StreamEventName::kModify
                                                   : StreamEventName::kRemove;
              const http::Json& d = r.contains("dynamodb") ? r["dynamodb"] : http::Json::object();
              if (d.contains("Keys")) rec.keys = json::ItemFromJson(d["Keys"]);
              if (d.contains("OldImage")) rec.old_image = json::ItemFromJson(d["OldImage"]);
              if (d.contains("NewImage")) rec.new_image = json::ItemFromJson(d["NewImage"]);
              rec.size_bytes = d.value("SizeBytes", std::int64_t{0});
              if (d.contains("ApproximateCreationDateTime") &&
                  d["ApproximateCreationDateTime"].is_number())
                rec.creation_ms = static_cast<std::int64_t>(
                    d["ApproximateCreationDateTime"].get<double>() * 1000);
              rec.service_removal = r.contains("userIdentity");
              rec.sequence_number = static_cast<std::int64_t>(st.records.size()) + 1;
              st.records.push_back(std::move(rec));
              ++n;
            }
          }
          if (!j.contains("NextShardIterator") || j["NextShardIterator"].is_null()) {
            st.done.insert(shard);
            st.iterators.erase(shard);
            break;
          }
          st.iterators[shard] = j["NextShardIterator"].get<std::string>();
          if (n == 0) break;  // an open shard with nothing more yet
        }
      }
    }
    ReadStreamResult result;
    result.next_after_sequence = after_sequence;
    for (std::size_t i = static_cast<std::size_t>(std::max<std::int64_t>(after_sequence, 0));
         i < st.records.size() && result.records.size() < max_records; ++i) {
      result.records.push_back(st.records[i]);
      result.next_after_sequence = st.records[i].sequence_number;
    }
    return result;
  } catch (const json::JsonError& e) {
    return ResponseError("the Streams answer is not DynamoDB's JSON: " + e.error.message);
  } catch (const std::exception& e) {
    return ResponseError(std::string("the Streams answer is not DynamoDB's JSON: ") + e.what());
  }
}

}  // namespace sim
