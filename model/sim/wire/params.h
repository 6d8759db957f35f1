// Request members read the way DynamoDB reads them, in its order: first each member's JSON type
// (a wrong type is a SerializationException, see json::CheckShape), then the members'
// constraints (ranges of numbers), reported together as "N validation error(s) detected: ...",
// and only then the meaning of the request (attribute values, expressions, the table).
//
// Every numeric request parameter goes through Constraints::Integer, which checks the number
// as sent (a double, never converted before it is known to fit) against its documented range,
// so no float-to-integer conversion is ever undefined. Internal to the wire adapter.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "model/sim/wire/json.h"

namespace sim::wire {

// DynamoDB's numeric parameters are Java Integers: at most 2^31 - 1 when the API reference gives
// no smaller maximum
// (https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_Query.html: "Limit ... Type:
// Integer, Valid Range: Minimum value of 1").
constexpr std::int64_t kMaxInteger = 2147483647;

// The member `key` of the request object `j`; throws a SerializationException when present with
// another JSON type. A string member that is absent reads as "" (DynamoDB treats an absent and
// an omitted optional string alike); a boolean member as `fallback`; a list, map or structure
// member as nullptr.
std::string StringMember(const Json& j, const char* key);
bool BoolMember(const Json& j, const char* key, bool fallback);
const Json* MapMember(const Json& j, const char* key);
const Json* StructMember(const Json& j, const char* key);
// A required member: a ValidationException "Value null at '<key>' failed to satisfy constraint:
// Member must not be null" when absent.
const Json& RequiredListMember(const Json& j, const char* key);
const Json& RequiredMapMember(const Json& j, const char* key);

// The constraint failures of one request, collected while its members are read and thrown
// together by Check() as DynamoDB words them: "1 validation error detected: Value '0' at 'limit'
// failed to satisfy constraint: Member must have value greater than or equal to 1" (several:
// "2 validation errors detected: A; B").
class Constraints {
 public:
  // The Integer member `key` (SerializationException when it is not a JSON number), or nullopt
  // when absent; a value outside [min, max] is recorded (quoted as sent, a fraction floored) and
  // reads as nullopt. The member is named in messages by `key` with its first letter lowered.
  std::optional<std::int64_t> Integer(const Json& j, const char* key, std::int64_t min,
                                      std::int64_t max = kMaxInteger);
  // Records a failure of the member `name` (lower camel case) whose value was `value`.
  void Fail(const std::string& value, const std::string& name, const std::string& constraint);
  // Throws the ValidationException of the failures recorded so far, if any.
  void Check() const;

 private:
  std::vector<std::string> failures_;
};

}  // namespace sim::wire
