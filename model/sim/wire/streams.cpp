// The DynamoDB Streams API (X-Amz-Target: DynamoDBStreams_20120810.<Op>) over the simulated
// table's change records: ListStreams, DescribeStream, GetShardIterator and GetRecords, shaped
// as DynamoDB Streams shapes them. Each table with a stream has one open shard; sequence numbers
// are the engine's, written as 21-digit decimal strings; a shard iterator is an opaque token
// naming the table and the last sequence number already read.
#include <fmt/format.h>

#include <array>
#include <cctype>
#include <cstdlib>
#include <string>
#include <string_view>

#include "model/sim/api/base64.h"
#include "model/sim/api/data_plane.h"
#include "model/sim/wire/json.h"
#include "model/sim/wire/params.h"

namespace sim::wire {
namespace {

constexpr const char* kShardId = "shardId-00000000000000000001-00000001";
constexpr std::size_t kMaxRecords = 1000;  // GetRecords' Limit: 1 to 1,000

[[noreturn]] void Fail(Error error) { throw WireError{std::move(error)}; }

[[noreturn]] void Invalid(const std::string& message) { Fail(Error::Validation(message)); }

std::string Sequence(std::int64_t n) { return fmt::format("{:021}", n); }

std::int64_t ParseSequence(const std::string& text) {
  if (text.empty() || text.size() > 40 ||
      text.find_first_not_of("0123456789") != std::string::npos) {
    Invalid(fmt::format("Invalid SequenceNumber: {}", text));
  }
  return std::strtoll(text.c_str(), nullptr, 10);
}

std::string Required(const Json& j, const char* key) {
  if (!j.contains(key)) {
    Invalid(fmt::format(
        "1 validation error detected: Value null at '{}' failed to satisfy constraint: Member "
        "must not be null",
        std::string(1, static_cast<char>(std::tolower(key[0]))) + (key + 1)));
  }
  return StringMember(j, key);
}

template <typename T>
T Value(SimResult<T> r) {
  if (!r.ok()) Fail(r.error());
  return std::move(r.value());
}

// The table a stream ARN names, after checking that the table exists and streams with this
// label. DynamoDB answers ResourceNotFoundException for an unknown stream.
TableDescription StreamTable(const Engine& db, const std::string& arn) {
  const std::string marker = ":table/";
  const auto at = arn.find(marker);
  const auto slash = at == std::string::npos ? std::string::npos : arn.find("/stream/", at);
  auto not_found = [&] {
    return Error{"ResourceNotFoundException",
                 fmt::format("Requested resource not found: Stream: {} not found", arn),
                 std::nullopt,
                 {}};
  };
  if (slash == std::string::npos) Fail(not_found());
  const std::string table = arn.substr(at + marker.size(), slash - at - marker.size());
  auto described = db([&](DataPlane& d) { return d.DescribeTable(table); });
  if (!described.ok()) Fail(not_found());
  const TableDescription& d = *described;
  if (!d.stream_specification || !d.stream_specification->stream_enabled ||
      StreamArn(d.table_name, d.latest_stream_label) != arn) {
    Fail(not_found());
  }
  return d;
}

std::string MakeIterator(const std::string& arn, std::int64_t after) {
  return sim::Base64Encode(fmt::format("model-serve-iterator|{}|{}", after, arn));
}

// (stream ARN, last sequence number read) of an iterator from MakeIterator.
std::pair<std::string, std::int64_t> ReadIterator(const std::string& token) {
  const std::string text = sim::Base64Decode(token).value_or(std::string());
  const std::string prefix = "model-serve-iterator|";
  const auto bar = text.find('|', prefix.size());
  if (text.rfind(prefix, 0) != 0 || bar == std::string::npos) Invalid("Invalid ShardIterator");
  return {text.substr(bar + 1), std::strtoll(text.c_str() + prefix.size(), nullptr, 10)};
}

Json RecordToJson(const StreamRecord& r, const std::string& arn) {
  Json data = {{"Keys", ItemToJson(r.keys)}};
  if (r.new_image) data["NewImage"] = ItemToJson(*r.new_image);
  if (r.old_image) data["OldImage"] = ItemToJson(*r.old_image);
  data["SequenceNumber"] = Sequence(r.sequence_number);
  data["SizeBytes"] = r.size_bytes;
  data["StreamViewType"] = StreamViewTypeName(r.stream_view_type);
  Json out = {
      {"eventID", fmt::format("{:032x}", static_cast<unsigned long long>(r.sequence_number))},
      {"eventName", StreamEventNameText(r.event_name)},
      {"eventVersion", "1.1"},
      {"eventSource", "aws:dynamodb"},
      {"awsRegion", "local"},
      {"dynamodb", data},
      {"eventSourceARN", arn}};
  // Time to Live deletions are the service's
  // (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/time-to-live-ttl-streams.html).
  if (r.service_removal)
    out["userIdentity"] = {{"type", "Service"}, {"principalId", "dynamodb.amazonaws.com"}};
  return out;
}

Json ListStreams(const Engine& db, const Json& j) {
  const std::string only = StringMember(j, "TableName");
  StringMember(j, "ExclusiveStartStreamArn");
  // https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_streams_ListStreams.html:
  // "Limit ... Valid Range: Minimum value of 1. Maximum value of 100."
  Constraints constraints;
  constraints.Integer(j, "Limit", 1, 100);
  constraints.Check();
  Json streams = Json::array();
  const ListTablesResponse tables = db([&](DataPlane& d) { return d.ListTables(); });
  for (const std::string& name : tables.table_names) {
    if (!only.empty() && name != only) continue;
    auto d = db([&](DataPlane& d2) { return d2.DescribeTable(name); });
    if (!d.ok() || !d->stream_specification || !d->stream_specification->stream_enabled) continue;
    streams.push_back({{"StreamArn", StreamArn(name, d->latest_stream_label)},
                       {"TableName", name},
                       {"StreamLabel", d->latest_stream_label}});
  }
  return {{"Streams", streams}};
}

Json DescribeStream(const Engine& db, const Json& j) {
  const std::string arn = Required(j, "StreamArn");
  const TableDescription d = StreamTable(db, arn);
  return {{"StreamDescription",
           {{"StreamArn", arn},
            {"StreamLabel", d.latest_stream_label},
            {"StreamStatus", "ENABLED"},
            {"StreamViewType", StreamViewTypeName(d.stream_specification->stream_view_type)},
            {"TableName", d.table_name},
            {"KeySchema", KeySchemaToJson(d.key_schema)},
            {"Shards",
             {{{"ShardId", kShardId},
               {"SequenceNumberRange", {{"StartingSequenceNumber", Sequence(1)}}}}}}}}};
}

// The sequence number of the newest record of the table's stream (0 when it has none).
std::int64_t LastSequence(const Engine& db, const std::string& table_name) {
  std::int64_t last = 0;
  while (true) {
    auto page =
        Value(db([&](DataPlane& e) { return e.ReadStream(table_name, last, kMaxRecords); }));
    if (page.records.empty()) return last;
    last = page.next_after_sequence;
  }
}

Json GetShardIterator(const Engine& db, const Json& j) {
  const std::string arn = Required(j, "StreamArn");
  const std::string shard = Required(j, "ShardId");
  const std::string type = Required(j, "ShardIteratorType");
  const TableDescription d = StreamTable(db, arn);
  if (shard != kShardId) {
    Fail(Error{"ResourceNotFoundException",
               fmt::format("Requested resource not found: Shard does not exist"),
               std::nullopt,
               {}});
  }
  std::int64_t after = 0;
  if (type == "TRIM_HORIZON") {
    after = 0;
  } else if (type == "LATEST") {
    after = LastSequence(db, d.table_name);
  } else if (type == "AT_SEQUENCE_NUMBER" || type == "AFTER_SEQUENCE_NUMBER") {
    const std::int64_t n = ParseSequence(Required(j, "SequenceNumber"));
    after = type == "AT_SEQUENCE_NUMBER" ? n - 1 : n;
  } else {
    Invalid(fmt::format(
        "1 validation error detected: Value '{}' at 'shardIteratorType' failed to satisfy "
        "constraint: Member must satisfy enum value set: [AFTER_SEQUENCE_NUMBER, LATEST, "
        "AT_SEQUENCE_NUMBER, TRIM_HORIZON]",
        type));
  }
  return {{"ShardIterator", MakeIterator(arn, after)}};
}

Json GetRecords(const Engine& db, const Json& j) {
  const std::string token = Required(j, "ShardIterator");
  // https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_streams_GetRecords.html:
  // "Limit ... Valid Range: Minimum value of 1. Maximum value of 1000."
  Constraints constraints;
  const auto requested = constraints.Integer(j, "Limit", 1, static_cast<std::int64_t>(kMaxRecords));
  constraints.Check();
  const std::size_t limit = requested ? static_cast<std::size_t>(*requested) : kMaxRecords;
  const auto [arn, after] = ReadIterator(token);
  const TableDescription d = StreamTable(db, arn);
  auto page = Value(db([&](DataPlane& e) { return e.ReadStream(d.table_name, after, limit); }));
  Json records = Json::array();
  for (const StreamRecord& r : page.records) records.push_back(RecordToJson(r, arn));
  return {{"Records", records}, {"NextShardIterator", MakeIterator(arn, page.next_after_sequence)}};
}

struct Operation {
  std::string_view name;
  Handler handler;
};

constexpr std::array kOperations = {
    Operation{"ListStreams", Dumped<ListStreams>},
    Operation{"DescribeStream", Dumped<DescribeStream>},
    Operation{"GetShardIterator", Dumped<GetShardIterator>},
    Operation{"GetRecords", Dumped<GetRecords>},
};

}  // namespace

Handler StreamsOperation(std::string_view op) {
  for (const Operation& o : kOperations) {
    if (o.name == op) return o.handler;
  }
  return nullptr;
}

}  // namespace sim::wire
