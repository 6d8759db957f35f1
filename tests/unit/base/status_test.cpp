// Status and Result<T>: factories, predicates, and the return-if-error helpers.
#include "model/base/status.h"

#include <catch2/catch.hpp>
#include <memory>
#include <string>

using model::Result;
using model::Status;

namespace {

Result<int> Half(int n) {
  if (n % 2 != 0) return Status::InvalidArgument(std::to_string(n) + " is odd");
  return n / 2;
}

Status CheckEven(int n) {
  MODEL_RETURN_IF_ERROR(Half(n));
  return Status::Ok();
}

Result<int> Quarter(int n) {
  MODEL_ASSIGN_OR_RETURN(int half, Half(n));
  MODEL_ASSIGN_OR_RETURN(int quarter, Half(half));
  return quarter;
}

Status Chain(int n, int* out) {
  MODEL_RETURN_IF_ERROR(CheckEven(n));
  MODEL_ASSIGN_OR_RETURN(*out, Quarter(n));
  return Status::Ok();
}

Result<std::unique_ptr<int>> Boxed(int n) {
  if (n < 0) return Status::NotFound("negative");
  return std::make_unique<int>(n);
}

Result<int> Unbox(int n) {
  MODEL_ASSIGN_OR_RETURN(std::unique_ptr<int> box, Boxed(n));
  return *box;
}

}  // namespace

TEST_CASE("a Status is ok or a code and a message", "[base][status]") {
  CHECK(Status().ok());
  CHECK(Status::Ok().ok());
  CHECK(Status::Ok().ToString() == "OK");
  Status s = Status::NotFound("no table 'orders'");
  CHECK_FALSE(s.ok());
  CHECK(s.IsNotFound());
  CHECK_FALSE(s.IsInternal());
  CHECK(s.code() == model::StatusCode::kNotFound);
  CHECK(s.message() == "no table 'orders'");
  CHECK(s.ToString() == "NotFound: no table 'orders'");
  CHECK(Status::InvalidArgument("x").IsInvalidArgument());
  CHECK(Status::NotSupported("x").IsNotSupported());
  CHECK(Status::IoError("x").IsIoError());
  CHECK(Status::Internal("x").ToString() == "Internal: x");
  CHECK(Status::Internal("x") == Status::Internal("x"));
  CHECK_FALSE(Status::Internal("x") == Status::IoError("x"));
}

TEST_CASE("a Result holds a value or a failed Status", "[base][status]") {
  Result<int> good = Half(8);
  REQUIRE(good.ok());
  CHECK(*good == 4);
  CHECK(good.status().ok());
  Result<int> bad = Half(3);
  REQUIRE_FALSE(bad.ok());
  CHECK_FALSE(bad);
  CHECK(bad.status().IsInvalidArgument());
  CHECK(bad.status().message() == "3 is odd");
}

TEST_CASE("the helpers return the first failure and pass values on", "[base][status]") {
  CHECK(CheckEven(4).ok());
  CHECK(CheckEven(5).message() == "5 is odd");
  CHECK(*Quarter(8) == 2);
  CHECK(Quarter(6).status().message() == "3 is odd");
  int out = 0;
  CHECK(Chain(12, &out).ok());
  CHECK(out == 3);
  CHECK(Chain(7, &out).message() == "7 is odd");
  CHECK(*Unbox(5) == 5);
  CHECK(Unbox(-1).status().IsNotFound());
}
