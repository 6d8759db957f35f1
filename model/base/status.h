// Status and Result<T>: how non-user errors travel (a failed SQLite statement, a plan the checker
// cannot run, a malformed template handed in by code). User mistakes are Diagnostics, never a
// Status; the simulated table keeps its DynamoDB-shaped sim::SimResult at its own API surface,
// and callers outside it turn a sim::Error into a Status where they receive it.
//
// A Status is ok, or a code and a message (as leveldb's: factories Status::NotFound(...),
// predicates IsNotFound()). A Result<T> holds a T or a failed Status. Both are [[nodiscard]].
// The helpers propagate a failure to the caller, which must itself return Status or Result:
//
//   MODEL_RETURN_IF_ERROR(oracle.Store(entity, i, &record));      // a Status or a Result
//   MODEL_ASSIGN_OR_RETURN(auto rows, oracle.Answer(pattern, args));  // the value, moved out
#pragma once

#include <cassert>
#include <optional>
#include <string>
#include <utility>

namespace model {

enum class StatusCode { kOk, kInvalidArgument, kNotFound, kNotSupported, kIoError, kInternal };

class [[nodiscard]] Status {
 public:
  Status() = default;  // ok

  static Status Ok() { return Status(); }
  static Status InvalidArgument(std::string message) {
    return Status(StatusCode::kInvalidArgument, std::move(message));
  }
  static Status NotFound(std::string message) {
    return Status(StatusCode::kNotFound, std::move(message));
  }
  static Status NotSupported(std::string message) {
    return Status(StatusCode::kNotSupported, std::move(message));
  }
  static Status IoError(std::string message) {
    return Status(StatusCode::kIoError, std::move(message));
  }
  static Status Internal(std::string message) {
    return Status(StatusCode::kInternal, std::move(message));
  }

  bool ok() const { return code_ == StatusCode::kOk; }
  bool IsInvalidArgument() const { return code_ == StatusCode::kInvalidArgument; }
  bool IsNotFound() const { return code_ == StatusCode::kNotFound; }
  bool IsNotSupported() const { return code_ == StatusCode::kNotSupported; }
  bool IsIoError() const { return code_ == StatusCode::kIoError; }
  bool IsInternal() const { return code_ == StatusCode::kInternal; }

  StatusCode code() const { return code_; }
  const std::string& message() const { return message_; }  // empty when ok
  // "OK", or the code's name and the message: "NotFound: no table 'orders'".
  std::string ToString() const;

  friend bool operator==(const Status&, const Status&) = default;

 private:
  Status(StatusCode code, std::string message) : code_(code), message_(std::move(message)) {}

  StatusCode code_ = StatusCode::kOk;
  std::string message_;
};

const char* StatusCodeName(StatusCode code);

inline std::string Status::ToString() const {
  if (ok()) return "OK";
  return std::string(StatusCodeName(code_)) + ": " + message_;
}

inline const char* StatusCodeName(StatusCode code) {
  switch (code) {
    case StatusCode::kOk:
      return "OK";
    case StatusCode::kInvalidArgument:
      return "InvalidArgument";
    case StatusCode::kNotFound:
      return "NotFound";
    case StatusCode::kNotSupported:
      return "NotSupported";
    case StatusCode::kIoError:
      return "IoError";
    case StatusCode::kInternal:
      return "Internal";
  }
  return "Internal";
}

// A T, or the Status of why there is none. Built from a failed Status only: an ok Status
// without a value is a bug, kept as an Internal error rather than an empty success.
template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : value_(std::move(value)) {}         // NOLINT: implicit, as `return value;`
  Result(Status status) : status_(std::move(status)) {  // NOLINT: implicit, as `return status;`
    assert(!status_.ok());
    if (status_.ok()) status_ = Status::Internal("a Result was built from an ok Status");
  }

  bool ok() const { return value_.has_value(); }
  explicit operator bool() const { return ok(); }
  const Status& status() const& { return status_; }
  Status status() && { return std::move(status_); }

  // The value; only when ok().
  T& value() & { return *value_; }
  const T& value() const& { return *value_; }
  T&& value() && { return std::move(*value_); }
  T& operator*() & { return *value_; }
  const T& operator*() const& { return *value_; }
  T&& operator*() && { return std::move(*value_); }
  T* operator->() { return &*value_; }
  const T* operator->() const { return &*value_; }

 private:
  Status status_;  // ok exactly when value_ holds a value
  std::optional<T> value_;
};

namespace status_internal {
inline const Status& AsStatus(const Status& s) { return s; }
template <typename T>
const Status& AsStatus(const Result<T>& r) {
  return r.status();
}
}  // namespace status_internal

}  // namespace model

// Returns the Status of `expr` (a Status or a Result) from the enclosing function when it failed.
#define MODEL_RETURN_IF_ERROR(expr)                                                    \
  do {                                                                                 \
    if (const auto& model_status_or_result_ = (expr); !model_status_or_result_.ok()) { \
      return ::model::status_internal::AsStatus(model_status_or_result_);              \
    }                                                                                  \
  } while (false)

#define MODEL_STATUS_CONCAT_INNER_(a, b) a##b
#define MODEL_STATUS_CONCAT_(a, b) MODEL_STATUS_CONCAT_INNER_(a, b)

// Evaluates `expr` (a Result); on failure returns its Status from the enclosing function,
// otherwise moves the value into `lhs` (a declaration such as `auto rows` or an lvalue).
#define MODEL_ASSIGN_OR_RETURN(lhs, expr) \
  MODEL_ASSIGN_OR_RETURN_IMPL_(MODEL_STATUS_CONCAT_(model_result_, __LINE__), lhs, expr)
#define MODEL_ASSIGN_OR_RETURN_IMPL_(result, lhs, expr) \
  auto result = (expr);                                 \
  if (!result.ok()) return std::move(result).status();  \
  lhs = std::move(result).value()
