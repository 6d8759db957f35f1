// Errors of the simulated table, shaped like DynamoDB's: an exception name (the part after '#'
// in the wire `__type`, e.g. "ValidationException", "ConditionalCheckFailedException",
// "ResourceNotFoundException", "TransactionCanceledException") and AWS's exact message.
//
// Operations return SimResult<T>: a value or an Error. Internal failures (SQLite I/O) use the
// name "InternalServerError". Bugs are assertions, never Errors.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "model/sim/api/value.h"

namespace sim {

struct CancellationReason {
  std::string code;          // "None", "ConditionalCheckFailed", "ValidationError", ...
  std::string message;       // empty for "None"
  std::optional<Item> item;  // old item when ReturnValuesOnConditionCheckFailure=ALL_OLD
};

struct Error {
  std::string name;
  std::string message;
  std::optional<Item> item;                 // ConditionalCheckFailed with ALL_OLD
  std::vector<CancellationReason> reasons;  // TransactionCanceledException only

  static Error Validation(std::string message) {
    return Error{"ValidationException", std::move(message), std::nullopt, {}};
  }
  static Error ResourceNotFound() {
    return Error{"ResourceNotFoundException", "Requested resource not found", std::nullopt, {}};
  }
  static Error ConditionalCheckFailed() {
    return Error{
        "ConditionalCheckFailedException", "The conditional request failed", std::nullopt, {}};
  }
  static Error Internal(std::string message) {
    return Error{"InternalServerError", std::move(message), std::nullopt, {}};
  }
};

// A T or an E (by default the table's Error). The one value-or-error holder of the DynamoDB-shaped
// layers: the simulated table's API returns SimResult<T>, and the generated code's runtime
// (codegen/runtime/runtime.h) names SimResult<T, runtime::Error> its Result<T>. model::Result
// (model/base/status.h) is the compiler's own, for non-user errors carried as a Status.
template <typename T, typename E = Error>
class [[nodiscard]] SimResult {
 public:
  SimResult(T value) : v_(std::move(value)) {}
  SimResult(E error) : v_(std::move(error)) {}
  bool ok() const { return v_.index() == 0; }
  explicit operator bool() const { return ok(); }
  T& value() { return std::get<0>(v_); }
  const T& value() const { return std::get<0>(v_); }
  T& operator*() { return value(); }
  const T& operator*() const { return value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  const E& error() const { return std::get<1>(v_); }

 private:
  std::variant<T, E> v_;
};

struct Ok {};
using SimStatus = SimResult<Ok>;

}  // namespace sim
