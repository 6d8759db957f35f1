// The DynamoDB Streams API (X-Amz-Target: DynamoDBStreams_20120810.<Op>) over the simulated
// table's change records: ListStreams, DescribeStream, GetShardIterator and GetRecords, shaped
// as DynamoDB Streams shapes them. Each table with a stream has one open shard; sequence numbers
// are the engine's, written as 21-digit decimal strings; a shard iterator is an opaque token
// naming the table and the last sequence number already read.
//
// Pages: ListStreams lists streams in ARN order, from after ExclusiveStartStreamArn, at most
// Limit (default and maximum 100), with LastEvaluatedStreamArn when more follow; DescribeStream
// lists shards in shard-id order from after ExclusiveStartShardId, at most Limit (1 to 100), with
// LastEvaluatedShardId when more follow (an unknown start id starts after it in that order, as
// DynamoDB Local does). A stream ARN that is not of the form
// arn:PARTITION:dynamodb:REGION:ACCOUNT:table/NAME/stream/LABEL is a ValidationException
// "Invalid StreamArn" (what DynamoDB Streams answers); a well-formed one naming no stream is
// ResourceNotFoundException.
#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "model/sim/api/base64.h"
#include "model/sim/api/data_plane.h"
#include "model/sim/wire/json.h"
#include "model/sim/wire/params.h"

namespace sim::wire {
namespace {

constexpr const char* kShardId = "shardId-00000000000000000001-00000001";
constexpr std::size_t kMaxRecords = 1000;  // GetRecords' Limit: 1 to 1,000
// ListStreams' and DescribeStream's Limit: "The upper limit is 100", also the default
// (https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_streams_ListStreams.html,
// https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_streams_DescribeStream.html).
constexpr std::int64_t kMaxPage = 100;

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

// Records a failure when the string member `key` of `j` is present with a length outside
// [min, max] (the API reference's "Length Constraints"), named in lower camel case.
void CheckLength(Constraints& c, const Json& j, const char* key, std::size_t min, std::size_t max) {
  if (!j.contains(key)) return;
  const std::string value = StringMember(j, key);
  const std::string name = std::string(1, static_cast<char>(std::tolower(key[0]))) + (key + 1);
  if (value.size() < min) {
    c.Fail(value, name, fmt::format("Member must have length greater than or equal to {}", min));
  } else if (value.size() > max) {
    c.Fail(value, name, fmt::format("Member must have length less than or equal to {}", max));
  }
}

// StreamArn and ExclusiveStartStreamArn: "Length Constraints: Minimum length of 37. Maximum
// length of 1024."; ShardId and ExclusiveStartShardId: 28 to 65; ShardIterator: 1 to 2048
// (https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_streams_GetShardIterator.html,
// API_streams_GetRecords.html).
constexpr std::size_t kArnMin = 37, kArnMax = 1024, kShardIdMin = 28, kShardIdMax = 65;
constexpr std::size_t kIteratorMax = 2048;

// arn:PARTITION:dynamodb:REGION:ACCOUNT:table/NAME/stream/LABEL with every part non-empty (the
// label, a time, holds colons itself). DynamoDB Streams answers anything else with
// ValidationException "Invalid StreamArn" (as captured in
// https://github.com/amazon-archives/logstash-input-dynamodb/issues/18: "Invalid StreamArn
// (Service: AmazonDynamoDBStreams; Status Code: 400; Error Code: ValidationException").
void CheckStreamArnForm(const std::string& arn) {
  std::vector<std::string_view> parts;
  std::string_view rest = arn;
  for (int i = 0; i < 5; ++i) {
    const auto colon = rest.find(':');
    if (colon == std::string_view::npos) Invalid("Invalid StreamArn");
    parts.push_back(rest.substr(0, colon));
    rest = rest.substr(colon + 1);
  }
  const bool header = parts[0] == "arn" && !parts[1].empty() && parts[2] == "dynamodb" &&
                      !parts[3].empty() && !parts[4].empty();
  constexpr std::string_view kTable = "table/";
  constexpr std::string_view kStream = "/stream/";
  const auto stream = rest.find(kStream);
  const bool resource =
      rest.substr(0, kTable.size()) == kTable && stream != std::string_view::npos &&
      stream > kTable.size() &&
      rest.substr(kTable.size(), stream - kTable.size()).find('/') == std::string_view::npos &&
      stream + kStream.size() < rest.size() &&
      rest.substr(stream + kStream.size()).find('/') == std::string_view::npos;
  if (!header || !resource) Invalid("Invalid StreamArn");
}

// The time a stream label (StreamLabelAt: "2025-11-30T09:52:27.596", UTC) names, in
// milliseconds since the epoch; nullopt when the label is not of that form.
std::optional<std::int64_t> LabelMillis(const std::string& label) {
  int y = 0, mo = 0, d = 0, h = 0, mi = 0, sec = 0, ms = 0;
  char tail = 0;
  if (label.size() != 23 || std::sscanf(label.c_str(), "%4d-%2d-%2dT%2d:%2d:%2d.%3d%c", &y, &mo, &d,
                                        &h, &mi, &sec, &ms, &tail) != 7) {
    return std::nullopt;
  }
  // Days from 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil).
  const int yy = mo <= 2 ? y - 1 : y;
  const int era = (yy >= 0 ? yy : yy - 399) / 400;
  const int yoe = yy - era * 400;
  const int doy = (153 * (mo + (mo > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  const std::int64_t days = std::int64_t{era} * 146097 + doe - 719468;
  return ((days * 24 + h) * 60 + mi) * 60000 + std::int64_t{sec} * 1000 + ms;
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
  // An iterator this adapter did not make (or one altered) is what DynamoDB Streams calls an
  // "Invalid ShardIterator" (ValidationException), as DynamoDB Local does too.
  if (text.rfind(prefix, 0) != 0 || bar == std::string::npos || bar == prefix.size() ||
      bar - prefix.size() > 19 || text.find_first_not_of("0123456789", prefix.size()) != bar) {
    Invalid("Invalid ShardIterator");
  }
  return {text.substr(bar + 1), std::strtoll(text.c_str() + prefix.size(), nullptr, 10)};
}

Json RecordToJson(const StreamRecord& r, const std::string& arn) {
  // "ApproximateCreationDateTime ... in UNIX epoch time format and rounded down to the closest
  // second"
  // (https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_streams_StreamRecord.html).
  const std::int64_t seconds =
      r.creation_ms >= 0 ? r.creation_ms / 1000 : -((-r.creation_ms + 999) / 1000);
  Json data = {{"ApproximateCreationDateTime", seconds}, {"Keys", ItemToJson(r.keys)}};
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
  const std::string start = StringMember(j, "ExclusiveStartStreamArn");
  // https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_streams_ListStreams.html:
  // "Limit ... Valid Range: Minimum value of 1. Maximum value of 100."
  Constraints constraints;
  CheckLength(constraints, j, "ExclusiveStartStreamArn", kArnMin, kArnMax);
  const auto limit = constraints.Integer(j, "Limit", 1, kMaxPage).value_or(kMaxPage);
  constraints.Check();
  std::vector<Json> streams;
  const ListTablesResponse tables = db([&](DataPlane& d) { return d.ListTables(); });
  for (const std::string& name : tables.table_names) {
    if (!only.empty() && name != only) continue;
    auto d = db([&](DataPlane& d2) { return d2.DescribeTable(name); });
    if (!d.ok() || !d->stream_specification || !d->stream_specification->stream_enabled) continue;
    streams.push_back({{"StreamArn", StreamArn(name, d->latest_stream_label)},
                       {"TableName", name},
                       {"StreamLabel", d->latest_stream_label}});
  }
  std::sort(streams.begin(), streams.end(), [](const Json& a, const Json& b) {
    return a["StreamArn"].get<std::string>() < b["StreamArn"].get<std::string>();
  });
  Json page = Json::array();
  std::size_t next = 0;
  while (next < streams.size() && !start.empty() &&
         streams[next]["StreamArn"].get<std::string>() <= start) {
    ++next;
  }
  for (; next < streams.size() && static_cast<std::int64_t>(page.size()) < limit; ++next) {
    page.push_back(streams[next]);
  }
  Json out = {{"Streams", page}};
  if (next < streams.size()) out["LastEvaluatedStreamArn"] = page.back()["StreamArn"];
  return out;
}

Json DescribeStream(const Engine& db, const Json& j) {
  const std::string arn = Required(j, "StreamArn");
  const std::string start = StringMember(j, "ExclusiveStartShardId");
  Constraints constraints;
  CheckLength(constraints, j, "StreamArn", kArnMin, kArnMax);
  CheckLength(constraints, j, "ExclusiveStartShardId", kShardIdMin, kShardIdMax);
  const auto limit = constraints.Integer(j, "Limit", 1).value_or(kMaxPage);
  constraints.Check();
  // The API reference gives no maximum in the Limit's range ("The upper limit is 100" in its
  // description); DynamoDB Local's words for more.
  if (limit > kMaxPage) {
    Invalid(fmt::format(
        "One or more parameter values were invalid: Limit cannot be greater than the maximum: {}",
        kMaxPage));
  }
  CheckStreamArnForm(arn);
  const TableDescription d = StreamTable(db, arn);
  const std::vector<std::string> shard_ids = {kShardId};  // in shard-id order
  Json shards = Json::array();
  std::size_t next = 0;
  while (next < shard_ids.size() && !start.empty() && shard_ids[next] <= start) ++next;
  for (; next < shard_ids.size() && static_cast<std::int64_t>(shards.size()) < limit; ++next) {
    shards.push_back({{"ShardId", shard_ids[next]},
                      {"SequenceNumberRange", {{"StartingSequenceNumber", Sequence(1)}}}});
  }
  Json description = {
      {"StreamArn", arn},
      {"StreamLabel", d.latest_stream_label},
      {"StreamStatus", "ENABLED"},
      {"StreamViewType", StreamViewTypeName(d.stream_specification->stream_view_type)}};
  // "CreationRequestDateTime: The date and time when the request to create this stream was
  // issued" (API_streams_StreamDescription.html): when the stream was enabled, which its label
  // records to the millisecond.
  if (const auto created = LabelMillis(d.latest_stream_label)) {
    description["CreationRequestDateTime"] = static_cast<double>(*created) / 1000.0;
  }
  description["TableName"] = d.table_name;
  description["KeySchema"] = KeySchemaToJson(d.key_schema);
  description["Shards"] = shards;
  if (next < shard_ids.size()) description["LastEvaluatedShardId"] = shards.back()["ShardId"];
  return {{"StreamDescription", description}};
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
  Constraints constraints;
  CheckLength(constraints, j, "StreamArn", kArnMin, kArnMax);
  CheckLength(constraints, j, "ShardId", kShardIdMin, kShardIdMax);
  constraints.Check();
  CheckStreamArnForm(arn);
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
    after = type == "AT_SEQUENCE_NUMBER" ? std::max<std::int64_t>(n - 1, 0) : n;
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
  CheckLength(constraints, j, "ShardIterator", 1, kIteratorMax);
  const auto requested = constraints.Integer(j, "Limit", 1, static_cast<std::int64_t>(kMaxRecords));
  constraints.Check();
  const std::size_t limit = requested ? static_cast<std::size_t>(*requested) : kMaxRecords;
  // Named variables, not a structured binding: clang 14 cannot capture one in the lambda below.
  const std::pair<std::string, std::int64_t> position = ReadIterator(token);
  const std::string& arn = position.first;
  const std::int64_t after = position.second;
  const TableDescription d = StreamTable(db, arn);
  // "GetRecords can retrieve a maximum of 1 MB of data or 1000 stream records, whichever comes
  // first" (same page): records are read a few at a time and the page ends once it holds 1 MB
  // (SizeBytes summed; always at least one record), so memory stays bounded by the chunk.
  constexpr std::int64_t kMaxPageBytes = 1024 * 1024;
  constexpr std::size_t kChunk = 16;
  Json records = Json::array();
  std::int64_t next = after;
  std::int64_t bytes = 0;
  std::size_t count = 0;
  bool full = false;
  while (!full && count < limit) {
    const std::size_t want = std::min(kChunk, limit - count);
    auto page = Value(db([&](DataPlane& e) { return e.ReadStream(d.table_name, next, want); }));
    if (page.records.empty()) break;
    for (const StreamRecord& r : page.records) {
      if (count > 0 && bytes + r.size_bytes > kMaxPageBytes) {
        full = true;
        break;
      }
      records.push_back(RecordToJson(r, arn));
      bytes += r.size_bytes;
      next = r.sequence_number;
      ++count;
    }
    if (page.records.size() < want) break;
  }
  return {{"Records", records}, {"NextShardIterator", MakeIterator(arn, next)}};
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
