// TransactWriteItems' ClientRequestToken (see database.h, transact.h).
//
// AWS's rules
// (https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_TransactWriteItems.html):
// "multiple identical calls have the same effect as one single call"; "If the
// ReturnConsumedCapacity parameter is set, then the initial TransactWriteItems call returns the
// amount of write capacity units consumed in making the changes. Subsequent TransactWriteItems
// calls with the same client token return the number of read capacity units consumed in reading
// the item."; "A client request token is valid for 10 minutes after the first request that uses
// it is completed. After 10 minutes, any request with the same client token is treated as a new
// request."; "If you submit a request with the same client token but a change in other
// parameters within the 10-minute idempotency window, DynamoDB returns an
// IdempotentParameterMismatch exception." ClientRequestToken: length 1-36.
// As DynamoDB Local does: an empty token is no token, ReturnConsumedCapacity may differ between
// the calls, the mismatch's message is empty, and a token only counts once its transaction
// succeeded (a cancelled transaction changed nothing, so running it again is the same).
#include <fmt/format.h>

#include "model/sim/engine/database.h"
#include "model/sim/engine/table_store.h"

namespace sim {
namespace {

constexpr std::int64_t kTokenWindowMs = std::int64_t{10} * 60 * 1000;
constexpr std::size_t kMaxTokenLength = 36;

// The key of the item an action names (a Put's item carries it).
std::pair<const std::string*, Item> ActionKey(const TransactWriteItem& t, const TableStore* store) {
  if (t.put) {
    Item key;
    const TableSchema& schema = store->schema();
    if (auto it = t.put->item.find(schema.partition.name); it != t.put->item.end())
      key[it->first] = it->second;
    if (schema.sort) {
      if (auto it = t.put->item.find(schema.sort->name); it != t.put->item.end())
        key[it->first] = it->second;
    }
    return {&t.put->table_name, key};
  }
  if (t.update) return {&t.update->table_name, t.update->key};
  if (t.delete_) return {&t.delete_->table_name, t.delete_->key};
  return {&t.condition_check->table_name, t.condition_check->key};
}

}  // namespace

std::optional<SimResult<TransactWriteItemsResponse>> Database::ReplayTransaction(
    const TransactWriteItemsRequest& request) {
  const std::string& token = request.client_request_token;
  if (token.empty()) return std::nullopt;
  if (token.size() > kMaxTokenLength) {
    return SimResult<TransactWriteItemsResponse>(Error::Validation(
        fmt::format("1 validation error detected: Value '{}' at 'clientRequestToken' failed to "
                    "satisfy constraint: Member must have length less than or equal to 36",
                    token)));
  }
  const std::int64_t now = NowMs();
  std::erase_if(transaction_tokens_, [&](const auto& entry) {
    return now - entry.second.completed_ms >= kTokenWindowMs;
  });
  auto it = transaction_tokens_.find(token);
  if (it == transaction_tokens_.end()) return std::nullopt;
  if (it->second.transact_items != request.transact_items) {
    return SimResult<TransactWriteItemsResponse>(
        Error{"IdempotentParameterMismatchException", "", std::nullopt, {}});
  }
  // The replay: nothing written; the capacity of reading the items transactionally.
  TransactWriteItemsResponse response;
  if (request.return_consumed_capacity == ReturnConsumedCapacity::kNone) return response;
  TransactGetItemsRequest reads;
  reads.return_consumed_capacity = request.return_consumed_capacity;
  for (const TransactWriteItem& t : request.transact_items) {
    const std::string& table = t.put       ? t.put->table_name
                               : t.update  ? t.update->table_name
                               : t.delete_ ? t.delete_->table_name
                                           : t.condition_check->table_name;
    const TableStore* store = Find(table);
    if (store == nullptr) return response;  // deleted since: nothing to read
    auto [name, key] = ActionKey(t, store);
    reads.transact_items.push_back(TransactGet{*name, std::move(key), "", {}});
  }
  SimResult<TransactGetItemsResponse> read = TransactGetItems(reads);
  if (!read.ok()) return SimResult<TransactWriteItemsResponse>(read.error());
  response.consumed_capacity = std::move(read->consumed_capacity);
  return response;
}

void Database::RecordTransaction(const TransactWriteItemsRequest& request) {
  if (request.client_request_token.empty()) return;
  transaction_tokens_[request.client_request_token] = TokenUse{request.transact_items, NowMs()};
}

}  // namespace sim
