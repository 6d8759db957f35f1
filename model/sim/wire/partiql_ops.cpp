// ExecuteStatement, BatchExecuteStatement and ExecuteTransaction as JSON (partiql_ops.h).
#include "model/sim/wire/partiql_ops.h"

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "model/sim/api/base64.h"
#include "model/sim/partiql/partiql.h"

namespace sim::wire {

namespace {

std::string Str(const Json& j, const char* key) {
  if (!j.contains(key)) return {};
  if (!j.at(key).is_string())
    throw WireError{Error::Validation(std::string(key) + " must be a string")};
  return j.at(key).get<std::string>();
}

Error Missing(const char* member) {
  return Error::Validation(std::string("1 validation error detected: Value null at '") + member +
                           "' failed to satisfy constraint: Member must not be null");
}

ReturnConsumedCapacity CapacityMode(const Json& j) {
  const std::string mode = Str(j, "ReturnConsumedCapacity");
  if (mode == "TOTAL") return ReturnConsumedCapacity::kTotal;
  if (mode == "INDEXES") return ReturnConsumedCapacity::kIndexes;
  return ReturnConsumedCapacity::kNone;
}

ReturnValuesOnConditionCheckFailure OnFailure(const Json& j) {
  return Str(j, "ReturnValuesOnConditionCheckFailure") == "ALL_OLD"
             ? ReturnValuesOnConditionCheckFailure::kAllOld
             : ReturnValuesOnConditionCheckFailure::kNone;
}

std::string Statement(const Json& j, const char* member) {
  if (!j.contains("Statement")) throw WireError{Missing(member)};
  std::string s = Str(j, "Statement");
  // https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_ExecuteStatement.html
  // (Statement: length 1 to 8192).
  if (s.empty() || s.size() > 8192)
    throw WireError{Error::Validation(
        std::string("1 validation error detected: Value at '") + member +
        "' failed to satisfy constraint: Member must have length " +
        (s.empty() ? "greater than or equal to 1" : "less than or equal to 8192"))};
  return s;
}

std::vector<AttributeValue> Parameters(const Json& j) {
  std::vector<AttributeValue> out;
  if (!j.contains("Parameters")) return out;
  const Json& p = j.at("Parameters");
  if (!p.is_array()) throw WireError{Error::Validation("Parameters must be a list")};
  if (p.empty())
    throw WireError{Error::Validation(
        "1 validation error detected: Value '[]' at 'parameters' failed to satisfy constraint: "
        "Member must have length greater than or equal to 1")};
  for (const Json& v : p) out.push_back(ValueFromJson(v));
  return out;
}

template <typename T>
T Ok(SimResult<T> r) {
  if (!r.ok()) throw WireError{r.error()};
  return std::move(r.value());
}

// NextToken: Base64 of {"p": partition index, "k": last key} (opaque to clients).
std::string EncodeToken(const partiql::ResumePoint& at) {
  Json j = {{"p", at.partition}};
  if (at.key) j["k"] = ItemToJson(*at.key);
  return Base64Encode(j.dump());
}

partiql::ResumePoint DecodeToken(const std::string& token) {
  const Error invalid = Error::Validation("Invalid NextToken");
  auto text = Base64Decode(token);
  if (!text) throw WireError{invalid};
  Json j = Json::parse(*text, nullptr, false);
  if (!j.is_object() || !j.contains("p") || !j.at("p").is_number_unsigned())
    throw WireError{invalid};
  partiql::ResumePoint at;
  at.partition = j.at("p").get<std::size_t>();
  if (j.contains("k")) {
    try {
      at.key = ItemFromJson(j.at("k"));
    } catch (const WireError&) {
      throw WireError{invalid};
    }
  }
  return at;
}

}  // namespace

std::string ExecuteStatementOp(const Engine& db, const Json& j) {
  partiql::ExecuteStatementRequest r;
  r.statement = Statement(j, "statement");
  r.parameters = Parameters(j);
  r.consistent_read = j.value("ConsistentRead", false);
  if (j.contains("Limit")) r.limit = j.at("Limit").get<std::int64_t>();
  if (j.contains("NextToken")) r.resume = DecodeToken(Str(j, "NextToken"));
  r.return_consumed_capacity = CapacityMode(j);
  r.return_values_on_condition_check_failure = OnFailure(j);
  auto res = Ok(db([&](DataPlane& d) { return partiql::ExecuteStatement(d, r); }));
  Json items = Json::array();
  for (const Item& i : res.items) items.push_back(ItemToJson(i));
  Json out = {{"Items", items}};
  if (res.next) out["NextToken"] = EncodeToken(*res.next);
  if (res.consumed_capacity) out["ConsumedCapacity"] = CapacityToJson(*res.consumed_capacity);
  return out.dump();
}

std::string BatchExecuteStatementOp(const Engine& db, const Json& j) {
  if (!j.contains("Statements")) throw WireError{Missing("statements")};
  std::vector<partiql::BatchStatementRequest> statements;
  for (const Json& s : j.at("Statements")) {
    statements.push_back(
        partiql::BatchStatementRequest{Statement(s, "statements.member.statement"), Parameters(s),
                                       s.value("ConsistentRead", false), OnFailure(s)});
  }
  const ReturnConsumedCapacity mode = CapacityMode(j);
  auto res =
      Ok(db([&](DataPlane& d) { return partiql::BatchExecuteStatement(d, statements, mode); }));
  Json responses = Json::array();
  for (const auto& r : res.responses) {
    Json one = Json::object();
    if (r.error) {
      Json e = {{"Code", r.error->code}, {"Message", r.error->message}};
      if (r.error->item) e["Item"] = ItemToJson(*r.error->item);
      one["Error"] = e;
    }
    if (!r.table_name.empty()) one["TableName"] = r.table_name;
    if (r.item) one["Item"] = ItemToJson(*r.item);
    responses.push_back(one);
  }
  Json out = {{"Responses", responses}};
  if (!res.consumed_capacity.empty()) {
    Json list = Json::array();
    for (const auto& c : res.consumed_capacity) list.push_back(CapacityToJson(c));
    out["ConsumedCapacity"] = list;
  }
  return out.dump();
}

std::string ExecuteTransactionOp(const Engine& db, const Json& j) {
  if (!j.contains("TransactStatements")) throw WireError{Missing("transactStatements")};
  // ClientRequestToken: 1 to 36 characters; a write transaction replayed with it within 10
  // minutes applies nothing again (the engine's TransactWriteItems idempotency).
  // https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_ExecuteTransaction.html
  const std::string token = Str(j, "ClientRequestToken");
  if (j.contains("ClientRequestToken") && (token.empty() || token.size() > 36))
    throw WireError{Error::Validation(
        "1 validation error detected: Value at 'clientRequestToken' failed to satisfy "
        "constraint: Member must have length less than or equal to 36")};
  std::vector<partiql::ParameterizedStatement> statements;
  for (const Json& s : j.at("TransactStatements")) {
    statements.push_back(partiql::ParameterizedStatement{
        Statement(s, "transactStatements.member.statement"), Parameters(s), OnFailure(s)});
  }
  const ReturnConsumedCapacity mode = CapacityMode(j);
  auto res =
      Ok(db([&](DataPlane& d) { return partiql::ExecuteTransaction(d, statements, mode, token); }));
  Json responses = Json::array();
  for (const auto& item : res.responses)
    responses.push_back(item ? Json{{"Item", ItemToJson(*item)}} : Json::object());
  Json out = {{"Responses", responses}};
  if (!res.consumed_capacity.empty()) {
    Json list = Json::array();
    for (const auto& c : res.consumed_capacity) list.push_back(CapacityToJson(c));
    out["ConsumedCapacity"] = list;
  }
  return out.dump();
}

}  // namespace sim::wire
