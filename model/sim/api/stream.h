// Change streams of the simulated table. When a table has a StreamSpecification, every
// successful write that changes an item appends one record: INSERT (no old item), MODIFY or
// REMOVE, with the images the view type asks for. A failed condition or a write that leaves the
// item exactly as it was appends nothing. Sequence numbers start at 1 and increase across the
// table, so records of one item appear in the order of its modifications. Records live in
// SQLite beside the items and commit in the same transaction as the write.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "model/sim/api/error.h"
#include "model/sim/api/table_schema.h"
#include "model/sim/api/value.h"

namespace sim {

enum class StreamEventName { kInsert, kModify, kRemove };
const char* StreamEventNameText(StreamEventName event);  // "INSERT", "MODIFY", "REMOVE"

struct StreamRecord {
  std::int64_t sequence_number = 0;
  // The SequenceNumber as DynamoDB Streams gives it (a Lambda event's dynamodb.SequenceNumber):
  // 21 to 40 decimal digits, more than an int64 holds
  // (https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_streams_StreamRecord.html).
  // A consumer outside the embedded table sets it; when set, it is the record's sequence number
  // and sequence_number is ignored. Empty for the embedded table's own records.
  std::string sequence_number_text;
  StreamEventName event_name = StreamEventName::kInsert;
  Item keys;
  std::optional<Item> old_image;
  std::optional<Item> new_image;
  std::int64_t size_bytes = 0;  // keys plus the images carried
  StreamViewType stream_view_type = StreamViewType::kNewAndOldImages;
  // A REMOVE written by Time to Live rather than by a request: DynamoDB marks these records with
  // userIdentity {"type": "Service", "principalId": "dynamodb.amazonaws.com"}
  // (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/time-to-live-ttl-streams.html).
  bool service_removal = false;
  // When the write committed, in milliseconds since the Unix epoch (the engine's clock). The
  // Streams API reports it as ApproximateCreationDateTime, in whole seconds.
  std::int64_t creation_ms = 0;
};

struct ReadStreamResult {
  std::vector<StreamRecord> records;  // ascending sequence numbers
  // The sequence number to pass as `after_sequence` to continue (unchanged when empty).
  std::int64_t next_after_sequence = 0;
};

// Builds the record of a write from the item before and after (nullopt = absent), or nothing
// when the write changed nothing. `keys` holds the table's key attributes.
std::optional<StreamRecord> MakeStreamRecord(StreamViewType view, const Item& keys,
                                             const std::optional<Item>& old_item,
                                             const std::optional<Item>& new_item);

}  // namespace sim
