// Stream record construction (see stream.h). Storage of records is in table_store.cpp.
#include "model/sim/api/stream.h"

namespace sim {

const char* StreamEventNameText(StreamEventName event) {
  switch (event) {
    case StreamEventName::kInsert:
      return "INSERT";
    case StreamEventName::kModify:
      return "MODIFY";
    case StreamEventName::kRemove:
      return "REMOVE";
  }
  return "INSERT";
}

std::optional<StreamRecord> MakeStreamRecord(StreamViewType view, const Item& keys,
                                             const std::optional<Item>& old_item,
                                             const std::optional<Item>& new_item) {
  if (!old_item && !new_item) return std::nullopt;  // delete of a missing item
  if (old_item && new_item && *old_item == *new_item) return std::nullopt;  // no-op
  StreamRecord record;
  record.event_name = !old_item   ? StreamEventName::kInsert
                      : !new_item ? StreamEventName::kRemove
                                  : StreamEventName::kModify;
  record.keys = keys;
  record.stream_view_type = view;
  record.size_bytes = ItemSize(keys);
  const bool want_old =
      view == StreamViewType::kOldImage || view == StreamViewType::kNewAndOldImages;
  const bool want_new =
      view == StreamViewType::kNewImage || view == StreamViewType::kNewAndOldImages;
  if (want_old && old_item) {
    record.old_image = old_item;
    record.size_bytes += ItemSize(*old_item);
  }
  if (want_new && new_item) {
    record.new_image = new_item;
    record.size_bytes += ItemSize(*new_item);
  }
  return record;
}

}  // namespace sim
