#include "model/exec/batch_get.h"

namespace model::exec {

sim::SimResult<sim::Ok> BatchGetKeys(
    sim::DataPlane& plane, const std::string& table, const std::vector<sim::Item>& keys,
    const sim::KeysAndAttributes& request, const std::function<void()>& on_request,
    const std::function<void(const sim::BatchGetItemResponse&)>& on_response) {
  std::size_t next = 0;
  std::vector<sim::Item> pending;
  while (next < keys.size() || !pending.empty()) {
    sim::KeysAndAttributes batch = request;
    batch.keys = std::move(pending);
    pending.clear();
    while (batch.keys.size() < kBatchGetLimit && next < keys.size())
      batch.keys.push_back(keys[next++]);
    sim::BatchGetItemRequest r;
    r.request_items[table] = std::move(batch);
    r.return_consumed_capacity = sim::ReturnConsumedCapacity::kTotal;
    auto got = plane.BatchGetItem(r);
    on_request();
    if (!got.ok()) return got.error();
    on_response(*got);
    auto unprocessed = got->unprocessed_keys.find(table);
    if (unprocessed != got->unprocessed_keys.end()) pending = unprocessed->second.keys;
  }
  return sim::Ok{};
}

}  // namespace model::exec
