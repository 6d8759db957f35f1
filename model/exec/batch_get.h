// Reading many items of one table by key with BatchGetItem.
//
// BatchGetKeys sends `keys` (table keys, each distinct) in requests of at most 100 keys and sends
// the keys a response hands back unprocessed again until none is left
// (https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_BatchGetItem.html). Each
// response, in order, goes to `on_response` once it arrived, and the first failed request ends
// the read with its error (`on_response` is not called for it). A key with no item is simply
// absent from the responses.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "model/sim/api/data_plane.h"

namespace model::exec {

inline constexpr std::size_t kBatchGetLimit = 100;  // keys per BatchGetItem request

// `request` is the template of each request's KeysAndAttributes (consistency, projection); its
// keys are ignored. `on_request` runs after each request was sent, whatever its outcome.
sim::SimResult<sim::Ok> BatchGetKeys(
    sim::DataPlane& plane, const std::string& table, const std::vector<sim::Item>& keys,
    const sim::KeysAndAttributes& request, const std::function<void()>& on_request,
    const std::function<void(const sim::BatchGetItemResponse&)>& on_response);

}  // namespace model::exec
